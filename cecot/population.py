"""CECOT population reports (data/population.csv), kept in the shape they were reported."""

from __future__ import annotations

import pandas as pd

from . import data as cdata


def reports() -> pd.DataFrame:
    return cdata.load("population").sort_values(["date", "report_id"]).reset_index(drop=True)


def as_of(table: pd.DataFrame) -> str:
    """The latest date any report refers to: the data's as-of date for charts."""
    return table["date"].max().date().isoformat()
