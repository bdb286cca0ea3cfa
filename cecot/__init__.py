"""Shared code for the CECOT data collection: data loading, computations, charts, build."""

__version__ = "0.1.0"
