"""CECOT's physical facts, as reported (data/facility.csv). A fact only the article under check
or Wikipedia gives is set aside (cecot.sources.is_evidence): it neither votes nor is cited."""

from __future__ import annotations

import pandas as pd

from . import data as cdata
from .errors import DataError
from .sources import ids_of, is_evidence, read_in


def _all() -> pd.DataFrame:
    return cdata.load("facility")


@cdata.memo("facility", "sources")
def facts() -> pd.DataFrame:
    """Every row that is evidence (worked out once per version of the two files)."""
    table = _all()
    return table[[is_evidence(s) for s in table["source_id"]]].reset_index(drop=True)


def set_aside() -> pd.DataFrame:
    """Rows that rest only on the article under check or on Wikipedia."""
    table = _all()
    return table[[not is_evidence(s) for s in table["source_id"]]].reset_index(drop=True)


@cdata.memo("facility", "sources")
def values(fact_id: str) -> list[float]:
    """Every value reported for a fact, one per source, in file order."""
    table = facts()
    rows = table[table["fact_id"] == fact_id]
    if rows.empty:
        raise DataError("data/facility.csv", f"no row for fact '{fact_id}' from a source other "
                        "than the article or Wikipedia", column="fact_id")
    return list(rows["value"])


@cdata.memo("facility", "sources")
def value(fact_id: str) -> float:
    """The value of a fact. Where sources disagree, the value most sources give, never a silent
    choice: `disagreements()` lists every such fact for the notebook to print, and a tie is an
    error because then no value has the better claim."""
    counts: dict[float, int] = {}
    for found in values(fact_id):
        counts[found] = counts.get(found, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        shown = ", ".join(f"{v:g} ({n} source{'s' if n > 1 else ''})" for v, n in ranked)
        raise DataError("data/facility.csv", f"sources disagree on '{fact_id}' and none is "
                        f"given by more sources: {shown}", column="value")
    return ranked[0][0]


def disagreements(fact_ids=None) -> pd.DataFrame:
    """Facts on which sources give different values: each value, how many sources give it,
    and which value the stories use."""
    return _disagreements(None if fact_ids is None else tuple(fact_ids))


@cdata.memo("facility", "sources")
def _disagreements(fact_ids) -> pd.DataFrame:
    table = facts()
    if fact_ids is not None:
        table = table[table["fact_id"].isin(fact_ids)]
    rows = []
    for fact_id, group in table.groupby("fact_id", sort=True):
        if group["value"].nunique() < 2:
            continue
        used = value(fact_id)
        for found, sub in group.groupby("value", sort=True):
            rows.append({"fact_id": fact_id, "value": found, "sources": len(sub),
                         "source_ids": ";".join(sub["source_id"]), "used": found == used})
    return pd.DataFrame(rows, columns=["fact_id", "value", "sources", "source_ids", "used"])


def summary(fact_ids) -> pd.DataFrame:
    """One line per fact: the value used, how many sources give a value, and which."""
    return _summary(tuple(fact_ids))


@cdata.memo("facility", "sources")
def _summary(fact_ids) -> pd.DataFrame:
    table = facts()
    rows = []
    for fact_id in fact_ids:
        group = table[table["fact_id"] == fact_id]
        if group.empty:
            raise DataError("data/facility.csv", f"no row for fact '{fact_id}'",
                            column="fact_id")
        rows.append({"fact_id": fact_id, "value_used": value(fact_id),
                     "unit": group["unit"].iloc[0], "sources": len(group),
                     "source_ids": ";".join(group["source_id"])})
    return pd.DataFrame(rows)


def sources_of(*fact_ids: str) -> list[str]:
    table = facts()
    return ids_of(table[table["fact_id"].isin(fact_ids)]["source_id"])


def read_in_of(fact_id: str, name: str) -> dict[str, list[str]]:
    """Where a body's figure for a fact was read ({name: sources}, those whose quote gives
    the figure first): the Government of El Salvador's stated capacity, for the Sources page."""
    table = facts()
    return read_in(table[table["fact_id"] == fact_id], "fact_id", lambda _: name)


def cells() -> int:
    """Cells in CECOT: the reported blocks × cells per block (8 × 32 = 256)."""
    return int(value("blocks") * value("cells_per_block"))
