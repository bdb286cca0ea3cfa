"""The claims ledger as a story: the ledger of data/claims.csv (ledger.py), figure by figure and
claim by claim (a claim of several figures counts once), its numbers (numbers.json) and the
data behind its chart (ledger.csv, which also carries every sentence a reader sees, in both
languages, so that the site's ledger page needs nothing else)."""

from __future__ import annotations

import math
import re

import pandas as pd

from ...computed import Computed
from ...fmt import LANGUAGES
from ...sources import ids_of, is_evidence, register
from . import ledger as ledger_
from . import words
from .ledger import CHARTED_KINDS, STATUSES, status_counts

TEXT = words.TEXT  # the compilation the claims were collected from, in data/sources.csv
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def explained(evaluated: ledger_.Evaluated) -> pd.DataFrame:
    """The ledger table, figure by figure, with the claim each figure belongs to, that claim's
    verdict and deciding figure, and each figure's explanation and what the data say, in every
    language."""
    table = evaluated.table.copy()
    verdicts = evaluated.verdicts
    table["claim"] = ledger_.claim_of(table)
    decided = ledger_.claims(table, kinds=ledger_.KINDS).set_index("claim")
    table["claim_status"] = [decided.loc[c, "status"] for c in table["claim"]]
    table["decided_by"] = [decided.loc[c, "decided_by"] for c in table["claim"]]
    for lang in LANGUAGES:
        table[f"explanation_{lang}"] = [words.explain(verdicts[i], lang, verdicts)
                                        for i in table["claim_id"]]
        table[f"data_say_{lang}"] = [words.data_say(verdicts[i], lang)
                                     for i in table["claim_id"]]
    table["circulates"] = [ledger_.text_of(verdicts[i].record.get("circulates"))
                           for i in table["claim_id"]]
    table["figures_circulate"] = [figures_circulate(verdicts[i], verdicts)
                                  for i in table["claim_id"]]
    table["context_low"] = [_end(verdicts[i].context, "low") for i in table["claim_id"]]
    table["context_high"] = [_end(verdicts[i].context, "high") for i in table["claim_id"]]
    return table


def figures_circulate(verdict: ledger_.Verdict, verdicts: dict[str, ledger_.Verdict]) -> str:
    """For a figure the text's own arithmetic implies (an implied row), where the figures its
    working combines circulate: their own `circulates`, or, for a part of a claim, its
    claim's; source ids joined by ";", each once. Empty for any other row: a stated figure
    circulates where its own row says."""
    if verdict.kind != "implied" or verdict.working_node is None:
        return ""
    ids: list[str] = []
    for token in ledger_.references(verdict.working_node):
        if not token.startswith("claim:"):
            continue
        record = verdicts[token.split(":")[1].split(".")[0]].record
        where = ledger_.text_of(record.get("circulates"))
        whole = ledger_.text_of(record.get("part_of"))
        if not where and whole:
            where = ledger_.text_of(verdicts[whole].record.get("circulates"))
        ids += [i for i in where.split(";") if i]
    return ";".join(dict.fromkeys(ids))


def _end(span, end: str):
    return None if span is None else getattr(span, end)


COLUMNS = ["claim_id", "claim", "kind", "section", "topic", "quote", "quote_es", "unit",
           "claimed_low", "claimed_high", "relation", "tolerance", "check", "working",
           "recomputed_low", "recomputed_high", "difference", "working_low", "working_high",
           "context_low", "context_high", "status", "basis", "claim_status", "decided_by",
           "data_source_ids", "context_source_ids", "circulates", "figures_circulate",
           "data_say_en", "data_say_es", "explanation_en",
           "explanation_es", "published_key", "asserted_by", "source_id"]
NUMERIC = ("claimed_low", "claimed_high", "recomputed_low", "recomputed_high", "difference",
           "working_low", "working_high", "context_low", "context_high")


def chart_data(table: pd.DataFrame) -> pd.DataFrame:
    """The ledger as published in ledger.csv, figure by figure: the data behind the chart and
    every sentence of the ledger page, rounded for print."""
    out = table[COLUMNS].sort_values("claim_id").reset_index(drop=True).copy()
    for column in NUMERIC:
        out[column] = [None if _missing(v) else round(float(v), 6) for v in out[column]]
    return out


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def by_verdict(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims of the text by verdict (the chart's bars), in the order of STATUSES."""
    return pd.DataFrame({"status": list(STATUSES),
                         "claims": [int((claims["status"] == s).sum()) for s in STATUSES]})


def source_ids(table: pd.DataFrame) -> list[str]:
    """The text checked, then every independent source whose data the checks used."""
    used = {i for i in ids_of(table["data_source_ids"]) if is_evidence([i])}
    return [TEXT] + sorted(used - {TEXT})


def as_of(table: pd.DataFrame) -> str:
    """The latest day the ledger's figures rest on: the latest date of any dated row a check or
    a context figure used, or the latest day an independent source behind them was published,
    whichever is later (the grant letter is dated 22 March 2025, but was released in court on
    9 September 2025; a year's homicide count is known only when it is published). Sources
    dated only to the month or the year are left out: their day is not known."""
    days = [d for column in ("latest_date", "context_date") for d in table[column]
            if isinstance(d, str)]
    known = register()
    used = ids_of(table["data_source_ids"], table["context_source_ids"])
    days += [known[i]["published"] for i in used
             if is_evidence([i]) and DAY.fullmatch(known[i]["published"] or "")]
    return max(days)


def _value(low, high):
    """A figure for numbers.json: a number, or [low, high] (high None: "more than")."""
    if _missing(low):
        return None
    if not _missing(high) and high == low:
        return low
    return [low, None if _missing(high) else high]


def headline(table: pd.DataFrame, claims: pd.DataFrame) -> dict:
    """numbers.json: the claims (a claim of several figures once) by verdict, the figures
    checked, and, per figure, its verdict and the figures compared."""
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    published = table[table["kind"] == "headline"]
    counts = {s: int((claims["status"] == s).sum()) for s in STATUSES}
    multi = claims[claims["figures"] > 1]
    return {
        "claims": int(len(claims)),
        "verdict_counts": counts,
        "implied_claims": int((claims["kind"] == "implied").sum()),
        "figures": int(len(charted)),
        "parts": int(len(charted) - len(claims)),
        # The claims made of several figures, and the figures they hold between them.
        "several": {"claims": int(len(multi)), "figures": int(multi["figures"].sum())},
        # The claims whose card can say nowhere they circulate (no source publishes them).
        "unplaced_claims": words.unplaced(table),
        "figure_counts": status_counts(charted),
        "published": {"checked": int(len(published)),
                      "agree": int((published["status"] == "consistent").sum())},
        "by_claim": {r["claim_id"]: {
            "status": r["status"], "claim": r["claim"],
            "claimed": _value(r["claimed_low"], r["claimed_high"]),
            "recomputed": _value(r["recomputed_low"], r["recomputed_high"]),
            "context": _value(r["context_low"], r["context_high"]),
            "date": r["latest_date"] if isinstance(r["latest_date"], str) else None}
            for _, r in table.iterrows()},
    }


def run(params: dict) -> Computed:
    """The ledger of the committed data/claims.csv against the curated data."""
    table = explained(ledger_.ledger())
    claims = ledger_.claims(table)
    numbers = headline(table, claims)
    numbers["data_sources"] = len(source_ids(table)) - 1
    numbers["text_read"] = words.text_read()
    numbers["wiki_read"] = words.read_on(words.WIKI)
    return Computed(
        params=dict(params),
        tables={"claims": table, "claims_by_claim": claims, "by_verdict": by_verdict(claims),
                "ledger": chart_data(table)},
        numbers=numbers,
        # The text checked, then the sources of every check; ledger.csv names them claim by
        # claim.
        sources={"ledger": source_ids(table)},
        as_of={"ledger": as_of(table)})
