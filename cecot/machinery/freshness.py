"""`python -m cecot data freshness`: how current each series is.

For every series of data/series.csv (its rows of one data file): its latest figure and the
date that figure refers to, the day the project last searched for a newer one (and how far
the searched material reached), and the figure's age on the day this runs. It prints; it
never fails because of the clock (an old figure is a fact to report, not an error)."""

from __future__ import annotations

import datetime as dt
import fnmatch

import pandas as pd

from .. import data as cdata
from .. import fmt
from ..sources import register


def selected(frame: pd.DataFrame, rows: str) -> pd.DataFrame:
    """The rows a series names: column=value conditions (values joined by |, * a prefix)."""
    keep = pd.Series(True, index=frame.index)
    for condition in filter(None, (rows or "").split(";")):
        column, _, values = condition.partition("=")
        patterns = values.split("|")
        keep &= frame[column].astype(str).map(
            lambda v: any(fnmatch.fnmatchcase(v, p) for p in patterns))
    return frame[keep]


def dated(frame: pd.DataFrame) -> pd.DataFrame:
    """Each row with the date its figure refers to: its own date, the end of its year, or
    (for facts without one) its source's publication date."""
    out = frame.copy()
    if "date" in out and out["date"].notna().any():
        when = pd.to_datetime(out["date"])
        precision = out.get("date_precision", pd.Series("day", index=out.index))
    elif "year" in out:
        when = pd.to_datetime(out["year"].astype(int).astype(str) + "-12-31")
        precision = pd.Series("year", index=out.index)
    else:
        published = register()
        texts = out["source_id"].map(lambda ids: max(
            (published[i]["published"] for i in str(ids).split(";")
             if published[i]["published"][:1].isdigit()), default=""))
        when = pd.to_datetime(texts.str.pad(10, "right", "x").str.replace(
            r"-?x+$", "", regex=True), errors="coerce", format="mixed")
        precision = texts.map(lambda t: {4: "year", 7: "month"}.get(len(t), "day"))
    out["_when"], out["_precision"] = when, precision
    return out.dropna(subset=["_when"])


def figure(row: pd.Series) -> str:
    for low, high in (("low", "high"), ("value", None), ("population", None)):
        if low in row and pd.notna(row[low]):
            text = fmt.number(row[low], "en", 2)
            if high and high in row:
                text = f"{text}–{fmt.number(row[high], 'en', 2)}" if pd.notna(row[high]) \
                    and row[high] != row[low] else (text if pd.notna(row[high])
                                                    else f"more than {text}")
            unit = row.get("measure") or row.get("unit") or ""
            about = "about " if row.get("kind") in ("approx", "estimate") else ""
            return f"{about}{text} {unit}".strip()
    return "(no figure)"


def evidence(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a latest figure may be: not flagged (implausible, off its own series, a
    subset), and not resting only on an opinion column, the article under check or
    Wikipedia."""
    from ..sources import kinds

    keep = pd.Series(True, index=frame.index)
    if "flag" in frame:
        keep &= frame["flag"].isna() | frame["flag"].isin(["date_inferred"])
    keep &= frame["source_id"].map(lambda ids: not kinds(ids) <= {"opinion", "article",
                                                                  "wikipedia"})
    return frame[keep]


def report(today: dt.date | None = None) -> list[dict]:
    today = today or dt.date.today()
    out = []
    for series in cdata.load("series").to_dict("records"):
        rows = dated(evidence(selected(cdata.load(series["file"]), series["rows"])))
        entry = {"series": series["series_id"], "title": series["title_en"],
                 "checked_through": series["checked_through"].date().isoformat(),
                 "newest_seen": series["newest_seen"].date().isoformat(), "rows": len(rows)}
        if len(rows):
            latest = rows.sort_values("_when", kind="stable").iloc[-1]
            when = latest["_when"].date()
            entry.update(latest=figure(latest), date=when.isoformat(),
                         precision=latest["_precision"], source_id=latest["source_id"],
                         age_days=(today - when).days)
        out.append(entry)
    return out


def main_freshness(today: dt.date | None = None) -> int:
    entries = report(today)
    print(f"{'series':<26} {'latest figure':<28} {'refers to':<11} {'age':>6}  "
          f"{'checked':<10}  searched material reached")
    for e in entries:
        if "latest" in e:
            print(f"{e['series']:<26} {e['latest'][:28]:<28} {e['date']:<11} "
                  f"{e['age_days']:>5}d  {e['checked_through']:<10}  {e['newest_seen']}")
        else:
            print(f"{e['series']:<26} {'(no rows)':<28} {'':<11} {'':>6}  "
                  f"{e['checked_through']:<10}  {e['newest_seen']}")
    return 0
