"""Homicides in El Salvador from sources that disagree (notebooks/03-homicides.ipynb)."""
