"""How many people CECOT holds, as reported (data/population.csv): every report in the shape
it was given (counts, approximations, ranges, bounds, per-cell figures, shares of capacity and
transfers). Not to be confused with El Salvador's population or its prison population.

Three rules about which reports may carry what, used by every story:
- a report that rests only on the article under check or on Wikipedia (sources of kind
  `article` or `wikipedia`) is evidence of nothing, and a report flagged `implausible` (the
  stated capacity misread as the population, say) is kept for the record only, and so is a
  report whose source gives no date (flagged `date_inferred`: the date was worked out from its
  context), which no time axis can place truthfully: all are set aside, never charted;
- a report flagged `repeat` is a stock sentence repeated after the fact (a wire agency's
  "about 15,000" in every dispatch), not a new count: it is not one of `reports()`, so it is
  never the latest figure, a headline or a point of a series; a story may draw it, in grey, from
  `repeats()`;
- a headline (a chart's title, a story's key number) rests only on a report dated to the day or
  the month, from a source that is not an opinion column.
"""

from __future__ import annotations

import pandas as pd

from . import data as cdata
from . import fmt
from .rules import TRANSFER_KINDS
from .sources import NOT_EVIDENCE_KINDS, is_evidence, kinds

NOT_HEADLINE_KINDS = NOT_EVIDENCE_KINDS | {"opinion"}
HEADLINE_PRECISIONS = ("day", "month")


def _all() -> pd.DataFrame:
    return cdata.load("population").sort_values(["date", "report_id"]).reset_index(drop=True)


IMPLAUSIBLE = "implausible"
DATE_INFERRED = "date_inferred"
REPEAT = "repeat"
SET_ASIDE_FLAGS = (IMPLAUSIBLE, DATE_INFERRED)


def _flags(table: pd.DataFrame) -> list[str]:
    flags = table["flag"] if "flag" in table else pd.Series([None] * len(table))
    return [flag if isinstance(flag, str) else "" for flag in flags]


def _kept(table: pd.DataFrame) -> list[bool]:
    return [is_evidence(s) and flag not in SET_ASIDE_FLAGS
            for s, flag in zip(table["source_id"], _flags(table))]


@cdata.memo("population", "sources")
def reports() -> pd.DataFrame:
    """Every report that is evidence, not flagged implausible and not a repeated stock
    sentence, oldest first (same date: by report id)."""
    table = _all()
    chosen = [kept and flag != REPEAT for kept, flag in zip(_kept(table), _flags(table))]
    return table[chosen].reset_index(drop=True)


@cdata.memo("population", "sources")
def repeats() -> pd.DataFrame:
    """Reports flagged `repeat`: a sentence repeated after the fact, not a new count. Drawn in
    grey where a story shows them; never in `reports()`."""
    table = _all()
    chosen = [kept and flag == REPEAT for kept, flag in zip(_kept(table), _flags(table))]
    return table[chosen].reset_index(drop=True)


@cdata.memo("population", "sources")
def set_aside() -> pd.DataFrame:
    """Reports that rest only on the article under check or on Wikipedia, or that are flagged
    implausible or date_inferred: kept in the data for the record, never charted."""
    table = _all()
    return table[[not kept for kept in _kept(table)]].reset_index(drop=True)


def headline_worthy(table: pd.DataFrame) -> pd.Series:
    """Which reports may carry a headline: dated to the day or month, and from a source that
    is not an opinion column (nor the article or Wikipedia)."""
    return pd.Series([precision in HEADLINE_PRECISIONS
                      and not kinds(sources) <= NOT_HEADLINE_KINDS
                      for precision, sources in zip(table["date_precision"],
                                                    table["source_id"])],
                     index=table.index, dtype=bool)


def in_people(table: pd.DataFrame) -> pd.DataFrame:
    """Head counts given in people: not transfers, not per-cell figures or shares."""
    rows = table[(table["unit"] == "people") & ~table["kind"].isin(TRANSFER_KINDS)]
    return rows.sort_values(["date", "report_id"]).reset_index(drop=True)


def as_of(table: pd.DataFrame) -> str:
    """The latest date any report refers to, as precisely as it was given: the data's as-of
    date for charts ("2025-12-12"; "2025-12" for a figure known to the month)."""
    latest = table[table["date"] == table["date"].max()]
    precisions = set(latest["date_precision"]) if "date_precision" in latest else {"day"}
    finest = next(p for p in ("day", "month", "year") if p in precisions)
    return fmt.iso_at(latest["date"].iloc[0], finest)
