"""What CECOT costs, and who pays (notebooks/06-costs.ipynb)."""
