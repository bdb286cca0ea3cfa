"""The claims ledger as a story: the ledger of data/claims.csv (ledger.py), its numbers
(numbers.json) and the data behind its chart (ledger.csv). Nothing drawn; the only words are
each claim's explanation in both languages, which ledger.csv carries (made by words.explain)."""

from __future__ import annotations

import math

import pandas as pd

from ...computed import Computed
from ...fmt import LANGUAGES
from ...sources import ids_of, is_evidence
from . import ledger as ledger_
from . import words
from .ledger import CHARTED_KINDS, STATUSES, status_counts

def explained(evaluated: ledger_.Evaluated) -> pd.DataFrame:
    """The ledger table with each claim's explanation in every language (ledger.csv carries
    them all)."""
    table = evaluated.table.copy()
    for lang in LANGUAGES:
        table[f"explanation_{lang}"] = [words.explain(evaluated.verdicts[claim_id], lang)
                                        for claim_id in table["claim_id"]]
    return table


def chart_data(table: pd.DataFrame) -> pd.DataFrame:
    """The ledger as published in ledger.csv: the data behind the chart, rounded for print."""
    columns = ["claim_id", "kind", "section", "topic", "quote", "quote_es", "unit", "claimed_low",
               "claimed_high", "relation", "tolerance", "check", "working", "recomputed_low",
               "recomputed_high", "difference", "working_low", "working_high", "status", "basis",
               "data_source_ids", "explanation_en", "explanation_es", "published_key",
               "asserted_by", "source_id"]
    out = table[columns].sort_values("claim_id").reset_index(drop=True).copy()
    for column in ("claimed_low", "claimed_high", "recomputed_low", "recomputed_high",
                   "difference", "working_low", "working_high"):
        out[column] = [None if v is None or pd.isna(v) else round(float(v), 6)
                       for v in out[column]]
    return out


def by_topic(table: pd.DataFrame) -> pd.DataFrame:
    """The article's claims by topic and status (the chart's bars), most claims first."""
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    counts = pd.crosstab(charted["topic"], charted["status"]) \
        .reindex(columns=list(STATUSES), fill_value=0)
    counts["claims"] = counts[list(STATUSES)].sum(axis=1)
    counts = counts.reset_index().rename_axis(columns=None)
    return counts.sort_values(["claims", "topic"], ascending=[False, True]) \
        .reset_index(drop=True)


def source_ids(table: pd.DataFrame) -> list[str]:
    """The article, then every source whose data the checks used, sorted."""
    used = set(ids_of(table["data_source_ids"]))
    return ["ARTICLE"] + sorted(used - {"ARTICLE"})


def as_of(table: pd.DataFrame) -> str:
    """The latest date of any dated row a check used."""
    return max(d for d in table["latest_date"] if isinstance(d, str))


def _value(low, high):
    if low is None or (isinstance(low, float) and math.isnan(low)):
        return None
    if high is not None and not (isinstance(high, float) and math.isnan(high)) and high == low:
        return low
    return [low, None if high is None or (isinstance(high, float) and math.isnan(high))
            else high]


def headline(table: pd.DataFrame) -> dict:
    """numbers.json: counts per status and, per claim, its status and the figures compared."""
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    return {
        "claims": int(len(table)),
        "status_counts": status_counts(table),
        "article_claims": int(len(charted)),
        "article_status_counts": status_counts(charted),
        "by_claim": {r["claim_id"]: {"status": r["status"],
                                     "claimed": _value(r["claimed_low"], r["claimed_high"]),
                                     "recomputed": _value(r["recomputed_low"],
                                                          r["recomputed_high"])}
                     for _, r in table.iterrows()},
    }


def chart_numbers(table: pd.DataFrame, topics: pd.DataFrame) -> dict:
    """What the chart's words say beyond the status counts: how many of the article's figures
    are implied, how many sources the checks used, and the claims of each topic."""
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    return {
        "article_implied": int((charted["kind"] == "implied").sum()),
        # The independent sources the checks used: not the article, not Wikipedia.
        "data_sources": sum(1 for sid in source_ids(table) if is_evidence([sid])),
        "article_topics": {row["topic"]: {"claims": int(row["claims"]),
                                          "status_counts": {s: int(row[s]) for s in STATUSES}}
                           for _, row in topics.iterrows()},
    }


def run(params: dict) -> Computed:
    """The ledger of the committed data/claims.csv against the curated data."""
    table = explained(ledger_.ledger())
    topics = by_topic(table)
    numbers = headline(table)
    numbers.update(chart_numbers(table, topics))
    return Computed(
        params=dict(params),
        tables={"claims": table, "by_topic": topics, "ledger": chart_data(table)},
        numbers=numbers,
        # The footer cites the article; the sources of every check (several dozen) are listed
        # claim by claim in ledger.csv.
        sources={"ledger": ["ARTICLE"]},
        as_of={"ledger": as_of(table)})
