"""How many people CECOT holds, as reported (data/population.csv): every report in the shape
it was given (counts, approximations, ranges, bounds, per-cell figures, shares of capacity and
transfers). Not to be confused with El Salvador's population or its prison population.
"""

from __future__ import annotations

import pandas as pd

from . import data as cdata
from .rules import TRANSFER_KINDS


def reports() -> pd.DataFrame:
    """Every report, oldest first (same date: by report id)."""
    return cdata.load("population").sort_values(["date", "report_id"]).reset_index(drop=True)


def in_people(table: pd.DataFrame) -> pd.DataFrame:
    """Head counts given in people: not transfers, not per-cell figures or shares."""
    rows = table[(table["unit"] == "people") & ~table["kind"].isin(TRANSFER_KINDS)]
    return rows.sort_values(["date", "report_id"]).reset_index(drop=True)


def as_of(table: pd.DataFrame) -> str:
    """The latest date any report refers to: the data's as-of date for charts."""
    return table["date"].max().date().isoformat()
