"""Prisons, arrests and deaths under the state of exception (notebooks/05-prisons.ipynb)."""
