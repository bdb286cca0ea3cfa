"""`cecot sources check`: every source on one screen, with what rests on it.

For each row of data/sources.csv: whether the project read the original or a copy, how far it
was verified, its release (for a series), and what it feeds: the published charts whose data
cite it (from the sidecars in figures/) and the headline numbers the claims ledger checks
against it (its `headline` rows, by published key). An editor sees what rests on what; the
command fails when a chart or a headline number rests only on the article under check or on
Wikipedia, which are never evidence.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import data as cdata
from .. import paths
from ..sources import NOT_EVIDENCE_KINDS, ids_of

# Charts that are about the article itself: the ledger's chart cites the article by design.
ABOUT_THE_ARTICLE = {("claims", "ledger")}


@dataclass
class Feeds:
    charts: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)


def how_read(record: dict) -> str:
    """original (the publisher's own page or file was read), syndication (a partner the
    publisher names: an AP member station, a paper printing an EFE wire under its byline),
    copy (another copy; its original known), copy only (the original was not found), or
    unpublished (the article under check, a text given to the project)."""
    read_in = record.get("read_in")
    if read_in == "syndication":
        return "syndication"
    if read_in == "copy":
        return "copy" if record["url"] else "copy only"
    return "original" if record["url"] else "unpublished"


def chart_sources(figures: Path) -> dict[str, list[str]]:
    """story/chart -> the source ids its sidecar lists (the English one: both languages cite
    the same sources)."""
    found = {}
    for sidecar in sorted(figures.glob("*/*.en.json")):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if "chart_id" in meta and "source_ids" in meta:
            found[f"{sidecar.parent.name}/{meta['chart_id']}"] = list(meta["source_ids"])
    return found


def headline_sources(figures: Path) -> dict[str, list[str]]:
    """Published key -> the data sources the ledger checked it against (its headline rows)."""
    ledger = figures / "claims" / "ledger.csv"
    if not ledger.exists():
        return {}
    found = {}
    for row in csv.DictReader(io.StringIO(ledger.read_text(encoding="utf-8"))):
        if row["kind"] == "headline" and row["published_key"]:
            for key in row["published_key"].split(";"):
                found[key] = ids_of(row["data_source_ids"])
    return found


def claim_sources(figures: Path) -> dict[str, list[str]]:
    """Claim id -> the data sources the ledger checked an article's claim against."""
    ledger = figures / "claims" / "ledger.csv"
    if not ledger.exists():
        return {}
    return {row["claim_id"]: ids_of(row["data_source_ids"])
            for row in csv.DictReader(io.StringIO(ledger.read_text(encoding="utf-8")))
            if row["kind"] != "headline"}


def feeds(figures: Path = paths.FIGURES) -> dict[str, Feeds]:
    out: dict[str, Feeds] = {}
    for claim, ids in claim_sources(figures).items():
        for source_id in ids:
            out.setdefault(source_id, Feeds()).claims.append(claim)
    for chart, ids in chart_sources(figures).items():
        for source_id in ids:
            out.setdefault(source_id, Feeds()).charts.append(chart)
    for key, ids in headline_sources(figures).items():
        for source_id in ids:
            out.setdefault(source_id, Feeds()).headlines.append(key)
    return out


def problems(sources: dict[str, dict], figures: Path = paths.FIGURES) -> list[str]:
    """Charts and headline numbers that rest only on the article or on Wikipedia."""
    found = []

    def not_evidence(ids):
        return ids and all(sources.get(i, {}).get("kind") in NOT_EVIDENCE_KINDS for i in ids)

    for chart, ids in chart_sources(figures).items():
        if tuple(chart.split("/")) not in ABOUT_THE_ARTICLE and not_evidence(ids):
            found.append(f"chart {chart} rests only on {', '.join(ids)}")
    for key, ids in headline_sources(figures).items():
        if not_evidence(ids):
            found.append(f"headline number {key} rests only on {', '.join(ids)}")
    return found


COLUMNS = ("source_id", "credit", "kind", "read", "verification", "vintage", "charts",
           "headline_numbers", "claims_checked")


def rows(figures: Path = paths.FIGURES) -> list[dict]:
    fed = feeds(figures)
    out = []
    for record in cdata.load_table("sources").records:
        use = fed.get(record["source_id"], Feeds())
        out.append({"source_id": record["source_id"], "credit": record["credit"],
                    "kind": record["kind"], "read": how_read(record),
                    "verification": record["verification"],
                    "vintage": record["vintage"] or "",
                    "charts": " ".join(sorted(use.charts)),
                    "headline_numbers": " ".join(sorted(use.headlines)),
                    "claims_checked": " ".join(sorted(use.claims))})
    return out


def render(table: list[dict], as_csv: bool = False) -> str:
    if as_csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
        return buffer.getvalue()
    widths = {c: max(len(c), *(len(str(r[c])) for r in table)) for c in COLUMNS[:6]}
    lines = ["  ".join(c.ljust(widths[c]) for c in COLUMNS[:6]) + "  feeds"]
    for r in table:
        fed = "; ".join(part for part in (
            r["charts"], r["headline_numbers"] and "headline: " + r["headline_numbers"],
            r["claims_checked"] and "checks: " + r["claims_checked"]) if part)
        lines.append("  ".join(str(r[c]).ljust(widths[c]) for c in COLUMNS[:6]) + "  "
                     + (fed or "-"))
    return "\n".join(lines) + "\n"


def summary(table: list[dict]) -> str:
    read = {}
    for r in table:
        read[r["read"]] = read.get(r["read"], 0) + 1
    unused = sum(1 for r in table if not (r["charts"] or r["headline_numbers"]
                                          or r["claims_checked"]))
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(read.items()))
    return (f"{len(table)} sources read: {parts}; {unused} feed no chart, headline number or "
            "check (context, or data kept for the record)")


def main_check(source_id: str | None = None, as_csv: bool = False) -> int:
    table = rows()
    sources = {r["source_id"]: r for r in cdata.load_table("sources").records}
    if source_id:
        table = [r for r in table if r["source_id"] == source_id]
        if not table:
            print(f"error: no source '{source_id}' in data/sources.csv")
            return 2
    try:
        print(render(table, as_csv), end="")
    except BrokenPipeError:  # piped into head: the reader has seen enough
        return 0
    if not as_csv and not source_id:
        print(summary(table))
    found = problems(sources)
    for problem in found:
        print(f"problem: {problem}")
    return 1 if found else 0
