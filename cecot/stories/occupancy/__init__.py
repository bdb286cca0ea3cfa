"""How full are CECOT's cells? (notebooks/02-occupancy.ipynb)"""
