"""The claims ledger: every number of the source article, recomputed (04-claims.ipynb)."""
