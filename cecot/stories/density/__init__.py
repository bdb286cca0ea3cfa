"""Space per prisoner against international standards (notebooks/01-density.ipynb)."""
