"""Homicides in El Salvador from sources that disagree: the arithmetic of the homicide story
and its three charts.

The data (data/homicides.csv) keeps every published figure: several series (who compiled
it), two measures (a count, or a rate per 100,000), and often several figures for one year
within one series. This module never picks one of them silently. The rule, used everywhere:

- Within a series, measure and year, each *distinct* figure counts once (a figure repeated
  by several outlets is one figure, not several votes). The year's value is the median of
  those distinct figures (with two figures, their midpoint); the lowest and highest are
  always published alongside (`low`, `high`), and `n_figures` says how many there were.
- A percentage change between two years is given on those medians (`change_pct`) and as the
  range any pair of published figures allows (`change_pct_low`: the largest fall, from the
  highest figure of the first year to the lowest of the second; `change_pct_high`: the
  smallest fall or largest rise, lowest to highest).
- The spread between sources in a year is max - min over every published figure of one
  measure in the selected series, and, relative, how far the highest lies above the lowest
  (100 * (max - min) / min). A year with a single published figure has no spread (null):
  nothing to compare.
- Rates are recomputed from official counts only with a sourced population for the same
  year (data/national_population.csv), never an interpolated one. The World Bank series
  (WBPOP) is preferred, as the one consistent population series; a year without it uses the
  other sourced figure for that year and says so. Years with counts but no population are
  listed, not filled in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import statistics
import sys
import textwrap

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from . import bundle
from . import data as cdata
from .errors import DataError
from .style import PALETTE, SERIES_COLOURS, finalise_chart, footer_lines, new_chart

ALL = "all"
FILE = "data/homicides.csv"
# The order series are listed and drawn in; a series that appears in the data but not here
# is still used (it follows, alphabetically, with its name as label).
SERIES_ORDER = ("official", "unodc", "world_bank", "insight_crime", "press")
AGENCY_ORDER = ("PNC", "IML", "FGR", "government")
PREFERRED_POPULATION = "WBPOP"  # one consistent population series (see data/README notes)
# Official counts known to cover part of a year only (caveat K12): kept, drawn hollow, never
# used to recompute a rate as if it were a full year.
PARTIAL_COUNTS = {(2016, "UH16")}
MAX_RATE = 1000.0  # per 100,000: anything above is a count typed into the rate column
CLAIM_YEARS = (2019, 2020)  # the source article's "as much as 62 percent" fall


# --- reading ---------------------------------------------------------------------------------

def table(directory=None) -> pd.DataFrame:
    """data/homicides.csv, validated, with checks the table schema cannot express."""
    loaded = cdata.load_table("homicides", directory)  # the validated table and its row numbers
    frame = loaded.frame.copy()
    check(frame, loaded.rows)
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values(["year", "series", "measure", "agency", "source_id", "value"],
                             kind="stable").reset_index(drop=True)


def check(frame: pd.DataFrame, rows: list[int] | None = None) -> None:
    """Row rules across fields: a rate above MAX_RATE per 100,000 or a fractional count.
    Rows are numbered as in a spreadsheet (header = row 1): `rows` as the loader counted
    them, else file order from row 2."""
    for position, record in enumerate(frame.itertuples(index=False)):
        row = rows[position] if rows is not None else position + 2
        if record.measure == "rate" and record.value > MAX_RATE:
            raise DataError(FILE, f"a rate of {record.value:g} per 100,000 is impossible "
                                  f"(above {MAX_RATE:g}); is it a count?", row, "value")
        if record.measure == "count" and not float(record.value).is_integer():
            raise DataError(FILE, f"a count must be a whole number, got {record.value:g}",
                            row, "value")


def known_series(frame: pd.DataFrame | None = None) -> list[str]:
    """The series present in the data, in display order."""
    frame = table() if frame is None else frame
    present = set(frame["series"])
    ordered = [s for s in SERIES_ORDER if s in present]
    return ordered + sorted(present - set(ordered))


def parameter_problem(params: dict) -> tuple[str, str] | None:
    """Checks of the homicide story's parameters against each other and the data: returns
    (parameter name, problem) or None. Called by cecot.stories.validate."""
    frame = table()
    known = known_series(frame)
    series = params.get("series", ALL)
    if series != ALL and series not in known:
        return "series", f"unknown series '{series}' (known: {', '.join([ALL] + known)})"
    start, end = params.get("start_year"), params.get("end_year")
    if start > end:
        return "start_year", f"start_year {start} is after end_year {end}"
    chosen = frame if series == ALL else frame[frame["series"] == series]
    years = sorted(set(chosen["year"]))
    first = years[0]
    if not any(start <= y <= end for y in years):
        name = "end_year" if end < first else "start_year"
        which = "" if series == ALL else f" for series '{series}'"
        return name, (f"no data{which} between {start} and {end} (data{which}: "
                      f"{_year_list(years)})")
    all_years = sorted(set(frame["year"]))
    for name in ("compare_from", "compare_to"):
        year = params.get(name)
        if not all_years[0] <= year <= all_years[-1]:
            return name, (f"{year} is outside the data (years {all_years[0]}–"
                          f"{all_years[-1]})")
    if params.get("compare_from") >= params.get("compare_to"):
        return "compare_from", (f"compare_from {params['compare_from']} must be before "
                                f"compare_to {params['compare_to']}")
    return None


def _year_list(years) -> str:
    """1994–2022 for a run of years, 2015, 2019–2024 for gaps."""
    years = sorted(set(int(y) for y in years))
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def select(frame: pd.DataFrame, series: str = ALL, start_year: int | None = None,
           end_year: int | None = None) -> pd.DataFrame:
    """Rows of one series (or all) within a year window (inclusive)."""
    chosen = frame if series == ALL else frame[frame["series"] == series]
    if start_year is not None:
        chosen = chosen[chosen["year"] >= start_year]
    if end_year is not None:
        chosen = chosen[chosen["year"] <= end_year]
    return chosen.reset_index(drop=True)


def overview(frame: pd.DataFrame) -> pd.DataFrame:
    """What the data holds, per series and measure: rows, years, the most figures one year
    has, how many sources, and how many rows rest only on sources nobody could read
    ('unverified' in data/sources.csv)."""
    sources = cdata.load("sources")
    unverified = set(sources.loc[sources["verification"] == "unverified", "source_id"])
    rows = []
    for (series, measure), group in frame.groupby(["series", "measure"], sort=False):
        per_year = group.groupby("year")["value"].nunique()
        rows.append({
            "series": series, "measure": measure, "rows": len(group),
            "years": _year_list(group["year"]),
            "max_figures_in_a_year": int(per_year.max()),
            "sources": len(ids_of(group["source_id"])),
            "rows_unverified_only": int(sum(all(i in unverified for i in ids_of([v]))
                                            for v in group["source_id"])),
        })
    order = {name: i for i, name in enumerate(known_series(frame))}
    out = pd.DataFrame(rows)
    out["_order"] = out["series"].map(order)
    return out.sort_values(["_order", "measure"]).drop(columns="_order").reset_index(drop=True)


def main_measure(frame: pd.DataFrame, series: str) -> str:
    """The measure a series mostly publishes: count for the official series, rate for the
    others (the press gives two counts among 56 rates). A tie goes to rate."""
    counts = frame.loc[frame["series"] == series, "measure"].value_counts()
    return "count" if counts.get("count", 0) > counts.get("rate", 0) else "rate"


def ids_of(values) -> list[str]:
    """Source ids from cells that may list several ids separated by ';', in first-seen order."""
    seen: list[str] = []
    for value in values:
        for part in str(value).split(";"):
            if part and part not in seen:
                seen.append(part)
    return seen


# --- combining several figures for one year -------------------------------------------------

def combine(values) -> dict:
    """Several published figures for one year: low, median of the distinct figures, high."""
    distinct = sorted({float(v) for v in values if v is not None and not _isnan(v)})
    if not distinct:
        raise ValueError("no figures to combine")
    return {"low": distinct[0], "value": float(statistics.median(distinct)),
            "high": distinct[-1], "n_figures": len(distinct)}


def _isnan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def pct_change(old: float, new: float) -> float:
    """Percentage change from old to new: 2,398 -> 1,341 is -44.08 %."""
    if old is None or new is None:
        raise ValueError("both values are needed")
    if old <= 0:
        raise ValueError("the base value must be positive")
    return 100.0 * (new - old) / old


def change_between(from_values, to_values) -> dict:
    """Change between two years, each with one or several published figures: on the medians
    of distinct figures, and the range any pair of published figures allows. All None when
    either year has no figure."""
    from_values = [v for v in from_values if not _isnan(v)]
    to_values = [v for v in to_values if not _isnan(v)]
    if not from_values or not to_values:
        return {"change_pct": None, "change_pct_low": None, "change_pct_high": None}
    a, b = combine(from_values), combine(to_values)
    return {"change_pct": pct_change(a["value"], b["value"]),
            "change_pct_low": pct_change(a["high"], b["low"]),
            "change_pct_high": pct_change(a["low"], b["high"])}


def yearly(frame: pd.DataFrame, by: tuple[str, ...] = ("series", "measure")) -> pd.DataFrame:
    """One row per group and year: low, value (median of distinct figures), high, how many
    distinct figures and rows, and the source ids behind them."""
    columns = list(by) + ["year", "low", "value", "high", "n_figures", "n_rows", "agencies",
                          "source_ids"]
    rows = []
    for key, group in frame.groupby(list(by) + ["year"], sort=True):
        combined = combine(group["value"])
        rows.append(dict(zip(list(by) + ["year"], key), **combined, n_rows=len(group),
                         agencies=";".join(sorted(set(group["agency"]))),
                         source_ids=";".join(sorted(ids_of(group["source_id"])))))
    out = pd.DataFrame(rows, columns=columns)
    if not out.empty:
        out["year"] = out["year"].astype(int)
    return out


def summarise(frame: pd.DataFrame, compare_from: int, compare_to: int,
              start_year: int, end_year: int) -> dict | None:
    """Peak, latest and change for the rows of ONE series and measure (or one agency).

    Peak and latest are taken within the window; the change uses the compare years wherever
    they lie (they need not be in the window). None when the window holds no figure."""
    years = yearly(frame, by=())
    shown = years[(years["year"] >= start_year) & (years["year"] <= end_year)]
    if shown.empty:
        return None
    peak = shown.sort_values(["value", "year"], ascending=[False, True]).iloc[0]
    latest = shown.sort_values("year").iloc[-1]
    change = change_between(frame.loc[frame["year"] == compare_from, "value"],
                            frame.loc[frame["year"] == compare_to, "value"])
    return {
        "first_year": int(shown["year"].min()),
        "years_with_data": int(len(shown)),
        "peak_year": int(peak["year"]), "peak_value": float(peak["value"]),
        "peak_low": float(peak["low"]), "peak_high": float(peak["high"]),
        "latest_year": int(latest["year"]), "latest_value": float(latest["value"]),
        "latest_low": float(latest["low"]), "latest_high": float(latest["high"]),
        **change,
    }


def full_years(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows without counts that cover part of a year only (PARTIAL_COUNTS): peaks,
    latest values and changes compare whole years."""
    partial = [(int(y), s) in PARTIAL_COUNTS for y, s in zip(frame["year"], frame["source_id"])]
    return frame[[not p for p in partial]]


def series_numbers(frame: pd.DataFrame, series: list[str], compare_from: int, compare_to: int,
                   start_year: int, end_year: int) -> dict:
    """Per series: its main measure and summarise() on it."""
    out = {}
    for name in series:
        measure = main_measure(frame, name)
        rows = full_years(frame[(frame["series"] == name) & (frame["measure"] == measure)])
        summary = summarise(rows, compare_from, compare_to, start_year, end_year)
        if summary is not None:
            out[name] = {"measure": measure, **summary}
    return out


def agency_numbers(frame: pd.DataFrame, compare_from: int, compare_to: int,
                   start_year: int, end_year: int) -> dict:
    """Official counts, agency by agency (PNC, IML, FGR, government/joint/unnamed)."""
    counts = full_years(frame[(frame["series"] == "official") & (frame["measure"] == "count")])
    out = {}
    for agency in _ordered(set(counts["agency"]), AGENCY_ORDER):
        summary = summarise(counts[counts["agency"] == agency], compare_from, compare_to,
                            start_year, end_year)
        if summary is not None:
            out[agency] = summary
    return out


def _ordered(present, order) -> list[str]:
    first = [x for x in order if x in present]
    return first + sorted(set(present) - set(first))


def summary_table(numbers: dict) -> pd.DataFrame:
    """series_numbers() or agency_numbers() as a table for printing."""
    rows = [{"name": name, **values} for name, values in numbers.items()]
    return pd.DataFrame(rows)


# --- disagreement ----------------------------------------------------------------------------

def spread(frame: pd.DataFrame, measure: str = "rate") -> pd.DataFrame:
    """Per year, how far the published figures of one measure lie apart: max - min, and the
    highest as a percentage above the lowest; which series gave the extremes. Null spread
    when a year has a single published figure (one row)."""
    rows = []
    chosen = frame[frame["measure"] == measure]
    for year, group in chosen.groupby("year", sort=True):
        low, high = float(group["value"].min()), float(group["value"].max())
        single = len(group) < 2
        rows.append({
            "year": int(year), "measure": measure, "n_rows": len(group),
            "n_figures": group["value"].nunique(), "n_series": group["series"].nunique(),
            "low": low, "high": high,
            "spread": None if single else high - low,
            "spread_pct": None if single else relative_spread(low, high),
            "low_from": _who(group[group["value"] == low]),
            "high_from": _who(group[group["value"] == high]),
        })
    columns = ["year", "measure", "n_rows", "n_figures", "n_series", "low", "high", "spread",
               "spread_pct", "low_from", "high_from"]
    return pd.DataFrame(rows, columns=columns)


def relative_spread(low: float, high: float) -> float:
    """How far the highest figure lies above the lowest, in percent: 36 vs 55.99 is 55.53 %."""
    if low <= 0:
        raise ValueError("the lowest figure must be positive")
    return 100.0 * (high - low) / low


def _who(rows: pd.DataFrame) -> str:
    return ";".join(sorted({f"{r.series}/{r.agency}" for r in rows.itertuples()}))


def widest(spreads: pd.DataFrame) -> dict | None:
    """The year whose figures lie furthest apart (relative); ties go to the earlier year."""
    known = spreads.dropna(subset=["spread_pct"])
    if known.empty:
        return None
    row = known.sort_values(["spread_pct", "year"], ascending=[False, True]).iloc[0]
    return {"year": int(row["year"]), "low": float(row["low"]), "high": float(row["high"]),
            "spread": float(row["spread"]), "spread_pct": float(row["spread_pct"]),
            "low_from": row["low_from"], "high_from": row["high_from"]}


# --- rates recomputed from official counts ---------------------------------------------------

def population(directory=None) -> pd.DataFrame:
    """data/national_population.csv: every sourced population figure, none interpolated."""
    frame = cdata.load("national_population", directory)
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values(["year", "source_id"]).reset_index(drop=True)


def rate(count: float, people: float) -> float:
    """Homicides per 100,000 inhabitants: 6,656 in 6,231,066 people is 106.82."""
    if people <= 0:
        raise ValueError("population must be positive")
    return 100000.0 * count / people


def recomputed_rates(frame: pd.DataFrame, pop: pd.DataFrame, start_year: int,
                     end_year: int) -> pd.DataFrame:
    """Official counts (combined per year) over every sourced population of the same year.
    `preferred` marks the one used in charts (WBPOP, else the only other source); `partial`
    marks counts that cover part of the year only."""
    counts = frame[(frame["series"] == "official") & (frame["measure"] == "count")
                   & (frame["year"] >= start_year) & (frame["year"] <= end_year)]
    rows = []
    for year, group in counts.groupby("year", sort=True):
        people = pop[pop["year"] == year]
        if people.empty:
            continue
        combined = combine(group["value"])
        partial = any((int(year), sid) in PARTIAL_COUNTS for sid in ids_of(group["source_id"]))
        has_preferred = (people["source_id"] == PREFERRED_POPULATION).any()
        for person in people.itertuples():
            preferred = (person.source_id == PREFERRED_POPULATION) or (
                not has_preferred and len(people) == 1)
            rows.append({
                "year": int(year), "count_low": combined["low"], "count": combined["value"],
                "count_high": combined["high"], "population": int(person.population),
                "population_source": person.source_id, "preferred": bool(preferred),
                "partial": partial,
                "rate_low": rate(combined["low"], person.population),
                "rate": rate(combined["value"], person.population),
                "rate_high": rate(combined["high"], person.population),
                "count_sources": ";".join(sorted(ids_of(group["source_id"]))),
            })
    columns = ["year", "count_low", "count", "count_high", "population", "population_source",
               "preferred", "partial", "rate_low", "rate", "rate_high", "count_sources"]
    return pd.DataFrame(rows, columns=columns)


def missing_population_years(frame: pd.DataFrame, pop: pd.DataFrame, start_year: int,
                             end_year: int) -> list[int]:
    """Years with an official count but no sourced population: no rate can be recomputed."""
    counts = frame[(frame["series"] == "official") & (frame["measure"] == "count")]
    years = {int(y) for y in counts["year"] if start_year <= y <= end_year}
    return sorted(years - {int(y) for y in pop["year"]})


def rate_gaps(frame: pd.DataFrame, recomputed: pd.DataFrame) -> pd.DataFrame:
    """Every published rate (of the rows given) against the rate recomputed from the official
    count with the preferred population, for full years: gap = published - recomputed."""
    usable = recomputed[recomputed["preferred"] & ~recomputed["partial"]]
    rates = frame[frame["measure"] == "rate"]
    rows = []
    for r in usable.itertuples():
        for p in rates[rates["year"] == r.year].itertuples():
            rows.append({"year": r.year, "series": p.series, "agency": p.agency,
                         "source_id": p.source_id, "published": float(p.value),
                         "recomputed": r.rate, "recomputed_low": r.rate_low,
                         "recomputed_high": r.rate_high,
                         "gap": float(p.value) - r.rate,
                         "gap_pct": 100.0 * (float(p.value) - r.rate) / r.rate,
                         "population_source": r.population_source})
    columns = ["year", "series", "agency", "source_id", "published", "recomputed",
               "recomputed_low", "recomputed_high", "gap", "gap_pct", "population_source"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["year", "series", "agency", "source_id", "published"],
                           kind="stable").reset_index(drop=True)


def gap_summary(gaps: pd.DataFrame) -> pd.DataFrame:
    """Per year: the recomputed rate (and its range from the disagreeing counts) against the
    lowest and highest published rate, and the gap of each."""
    rows = []
    for year, group in gaps.groupby("year", sort=True):
        first = group.iloc[0]
        low, high = float(group["published"].min()), float(group["published"].max())
        rows.append({"year": int(year), "recomputed": first["recomputed"],
                     "recomputed_low": first["recomputed_low"],
                     "recomputed_high": first["recomputed_high"],
                     "published_low": low, "published_high": high,
                     "gap_low": low - first["recomputed"], "gap_high": high - first["recomputed"],
                     "n_published": len(group), "population_source": first["population_source"]})
    columns = ["year", "recomputed", "recomputed_low", "recomputed_high", "published_low",
               "published_high", "gap_low", "gap_high", "n_published", "population_source"]
    return pd.DataFrame(rows, columns=columns)


def largest_gap(gaps: pd.DataFrame) -> dict | None:
    if gaps.empty:
        return None
    row = gaps.reindex(gaps["gap"].abs().sort_values(ascending=False, kind="stable").index)\
        .iloc[0]
    return {"year": int(row["year"]), "series": row["series"], "agency": row["agency"],
            "source_id": row["source_id"], "published": float(row["published"]),
            "recomputed": float(row["recomputed"]), "gap": float(row["gap"]),
            "gap_pct": float(row["gap_pct"])}


# --- headline numbers ------------------------------------------------------------------------

def fall_between(frame: pd.DataFrame, years=CLAIM_YEARS) -> dict:
    """The change between two fixed years in every selected series and measure, and the
    smallest and largest change any pair of same-series figures allows."""
    first, second = years
    by_series, lows, highs = {}, [], []
    for (series, measure), group in frame.groupby(["series", "measure"], sort=True):
        change = change_between(group.loc[group["year"] == first, "value"],
                                group.loc[group["year"] == second, "value"])
        if change["change_pct"] is None:
            continue
        by_series[f"{series}_{measure}"] = change
        lows.append(change["change_pct_low"])
        highs.append(change["change_pct_high"])
    return {"from_year": first, "to_year": second,
            "largest_fall_pct": min(lows) if lows else None,
            "smallest_fall_pct": max(highs) if highs else None,
            "by_series": {k: by_series[k] for k in sorted(by_series)}}


def headline(frame: pd.DataFrame, pop: pd.DataFrame, *, series: str, start_year: int,
             end_year: int, compare_from: int, compare_to: int) -> dict:
    """The numbers the story publishes (numbers.json) for one set of parameters."""
    chosen = select(frame, series)
    shown = select(frame, series, start_year, end_year)
    present = [s for s in known_series(frame) if s in set(shown["series"])]
    per_series = series_numbers(chosen, present, compare_from, compare_to, start_year,
                                end_year)
    recomputed = recomputed_rates(frame, pop, start_year, end_year)
    gaps = rate_gaps(shown, recomputed)
    numbers: dict = {
        "series_selected": series,
        "series": present,
        "start_year": start_year, "end_year": end_year,
        "compare_from": compare_from, "compare_to": compare_to,
        "combination_rule": "median of the distinct figures published for a year within a "
                            "series; low and high are the smallest and largest figure",
    }
    numbers.update(per_series)
    if series in (ALL, "official"):
        numbers["official_by_agency"] = agency_numbers(chosen, compare_from, compare_to,
                                                       start_year, end_year)
    numbers["fall_2019_2020"] = fall_between(chosen)
    numbers["widest_rate_spread"] = widest(spread(shown, "rate"))
    numbers["widest_count_spread"] = widest(spread(shown, "count"))
    preferred = recomputed[recomputed["preferred"]]
    numbers["recomputed_rates"] = {
        "years": [int(y) for y in preferred["year"]],
        "partial_years": [int(y) for y in preferred.loc[preferred["partial"], "year"]],
        "population_sources": {str(int(r.year)): r.population_source
                               for r in preferred.itertuples()},
        "missing_population_years": missing_population_years(frame, pop, start_year,
                                                             end_year),
        "largest_gap": largest_gap(gaps),
    }
    return numbers


# --- printing in the notebook --------------------------------------------------------------

def show(text: str) -> None:
    """Print text in ONE write. The kernel sends output on a 0.2 s timer, so a cell that
    prints several times (or even print's text and its newline) can be stored as several
    outputs on a busy machine, and two builds of the notebook would then differ."""
    sys.stdout.write(text + "\n")


def show_numbers(numbers: dict) -> None:
    """cecot.bundle.show_numbers, in one write (see show)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        bundle.show_numbers(numbers)
    show(buffer.getvalue().rstrip("\n"))


# --- text --------------------------------------------------------------------------------------

MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "es": ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.",
           "nov.", "dic."],
}

TEXT = {
    "en": {
        "series": {"official": "Official counts", "unodc": "UNODC",
                   "world_bank": "World Bank", "insight_crime": "InSight Crime",
                   "press": "Rates reported in the press"},
        "series_in_text": {"official": "official figures", "unodc": "UNODC figures",
                           "world_bank": "World Bank figures",
                           "insight_crime": "InSight Crime figures",
                           "press": "rates reported in the press"},
        "recomputed": "Official count ÷ population (recomputed)",
        "recomputed_other": "Same, other population source ({years})",
        "agencies": {"PNC": "Police (PNC)", "IML": "Forensic institute (IML)",
                     "FGR": "Attorney General (FGR)",
                     "government": "Government, joint or unnamed"},
        "partial": "Part of the year only",
        "range": "Range of published figures",
        "events": "Events",
        "changes": "Changes in what the official count includes",
        "strip": "Counting\nrules",
        "change_labels": {
            "C01": "Police, prosecutors and forensic institute start reconciling counts",
            "C02": "Deaths in confrontations with security forces and bodies in graves "
                   "left out",
            "C03": "Clandestine graves formally left out (per Foreign Policy)",
            "C04": "Forensic institute stops updating its data",
            "C05": "Deaths of alleged gang members and of prisoners left out",
        },
        "rate_axis": "Homicides per 100,000 inhabitants",
        "count_axis": "Homicides in the year",
        "spread_axis": "Highest figure, % above the lowest",
        "rates_title": "{label}: {peak} per 100,000 in {peak_year}, {latest} in "
                       "{latest_year}",
        "rates_title_all": "Homicide rate",
        "rates_title_one_year": "{label}: {peak} per 100,000 in {peak_year}",
        "rates_title_plain": "Homicide rates per 100,000",
        "rates_subtitle": "Homicides per 100,000 inhabitants, {start}–{end}, as each source "
                          "publishes them (several dots in a year: the sources disagree); "
                          "dashed: official counts divided by a sourced population",
        "rates_alt": "Line chart of homicide rates per 100,000 in El Salvador, {start}–{end}, "
                     "by source: {peaks}; the latest figures are {latest}. Numbered marks show "
                     "{n_events} events and letters {n_changes} changes in what the official "
                     "count includes.",
        "counts_title": "Official count: {peak} homicides in {peak_year}, {latest} in "
                        "{latest_year}",
        "counts_title_one": "Official homicide counts",
        "counts_title_one_year": "Official count: {peak} homicides in {peak_year}",
        "counts_subtitle": "Homicides per year according to Salvadoran authorities, as "
                           "reported, {start}–{end}; every published figure is a dot, "
                           "coloured by the body that counted; grey bars span the range",
        "counts_alt": "Chart of official homicide counts in El Salvador, {start}–{end}: the "
                      "peak is {peak_low} to {peak_high} in {peak_year} and the latest "
                      "{latest_low} to {latest_high} in {latest_year}; the widest "
                      "disagreement is {wide_year}, {wide_low} against {wide_high}.",
        "counts_none": "No official counts in {start}–{end}",
        "spread_title": "Sources disagree most on the years before 2005, when no figure "
                        "was jointly validated",
        "spread_title_plain": "How far the published figures disagree, year by year",
        "spread_subtitle": "How far the highest published figure lies above the lowest, per "
                           "year, {start}–{end}: rates per 100,000 across {series_text}, and "
                           "counts; a year with a single figure has no bar",
        "spread_rates": "Rates per 100,000",
        "spread_counts": "Counts",
        "spread_alt": "Bar chart of how far the highest published homicide figure lies above "
                      "the lowest in each year, {start}–{end}: for rates the widest gap is "
                      "{rate_year} ({rate_low} against {rate_high}, {rate_pct} % apart); for "
                      "counts {count_year} ({count_low} against {count_high}, {count_pct} % "
                      "apart).",
        "spread_none": "no year with two figures",
        "all_series": "every source",
        "none": "none",
        "no_data": "No figures to show for this selection",
    },
    "es": {
        "series": {"official": "Conteos oficiales", "unodc": "ONUDD",
                   "world_bank": "Banco Mundial", "insight_crime": "InSight Crime",
                   "press": "Tasas publicadas en prensa"},
        "series_in_text": {"official": "las cifras oficiales",
                           "unodc": "las cifras de la ONUDD",
                           "world_bank": "las cifras del Banco Mundial",
                           "insight_crime": "las cifras de InSight Crime",
                           "press": "las tasas publicadas en prensa"},
        "recomputed": "Conteo oficial ÷ población (recalculado)",
        "recomputed_other": "Ídem, otra fuente de población ({years})",
        "agencies": {"PNC": "Policía (PNC)", "IML": "Medicina Legal (IML)",
                     "FGR": "Fiscalía (FGR)", "government": "Gobierno, conjunta o sin nombre"},
        "partial": "Solo parte del año",
        "range": "Rango de cifras publicadas",
        "events": "Hechos",
        "changes": "Cambios en lo que incluye el conteo oficial",
        "strip": "Reglas de\nconteo",
        "change_labels": {
            "C01": "Policía, Fiscalía y Medicina Legal empiezan a conciliar cifras",
            "C02": "Se excluyen muertes en enfrentamientos con fuerzas de seguridad y "
                   "cuerpos en fosas",
            "C03": "Se excluyen formalmente las fosas clandestinas (según Foreign Policy)",
            "C04": "Medicina Legal deja de actualizar sus datos",
            "C05": "Se excluyen muertes de supuestos pandilleros y de reos",
        },
        "rate_axis": "Homicidios por 100\u202f000 habitantes",
        "count_axis": "Homicidios en el año",
        "spread_axis": "Cifra más alta, % por encima de la más baja",
        "rates_title": "{label}: {peak} por 100\u202f000 en {peak_year}, {latest} en "
                       "{latest_year}",
        "rates_title_all": "Tasa de homicidios",
        "rates_title_one_year": "{label}: {peak} por 100\u202f000 en {peak_year}",
        "rates_title_plain": "Tasas de homicidio por 100\u202f000",
        "rates_subtitle": "Homicidios por 100\u202f000 habitantes, {start}–{end}, tal como los "
                          "publica cada fuente (varios puntos en un año: las fuentes no "
                          "coinciden); discontinua: conteo oficial dividido por una población "
                          "con fuente",
        "rates_alt": "Gráfico de líneas de las tasas de homicidio por 100\u202f000 en El "
                     "Salvador, {start}–{end}, según la fuente: {peaks}; las cifras más "
                     "recientes son {latest}. Las marcas numeradas señalan {n_events} hechos "
                     "y las letras {n_changes} cambios en lo que incluye el conteo oficial.",
        "counts_title": "Conteo oficial: {peak} homicidios en {peak_year}, {latest} en "
                        "{latest_year}",
        "counts_title_one": "Homicidios según cifras oficiales",
        "counts_title_one_year": "Conteo oficial: {peak} homicidios en {peak_year}",
        "counts_subtitle": "Homicidios por año según las autoridades salvadoreñas, tal como se "
                           "publicaron, {start}–{end}; cada cifra publicada es un punto, con "
                           "el color de la institución que contó; las barras grises abarcan "
                           "el rango",
        "counts_alt": "Gráfico de los homicidios oficiales en El Salvador, {start}–{end}: el "
                      "máximo es de {peak_low} a {peak_high} en {peak_year} y el último dato "
                      "de {latest_low} a {latest_high} en {latest_year}; la mayor "
                      "discrepancia es {wide_year}, {wide_low} frente a {wide_high}.",
        "counts_none": "No hay conteos oficiales en {start}–{end}",
        "spread_title": "Las fuentes discrepan más antes de 2005, cuando ninguna cifra se "
                        "validaba en conjunto",
        "spread_title_plain": "Cuánto discrepan las cifras publicadas, año por año",
        "spread_subtitle": "Cuánto supera la cifra publicada más alta a la más baja, por año, "
                           "{start}–{end}: tasas por 100\u202f000 entre {series_text}, y "
                           "conteos; un año con una sola cifra no tiene barra",
        "spread_rates": "Tasas por 100\u202f000",
        "spread_counts": "Conteos",
        "spread_alt": "Gráfico de barras de cuánto supera la cifra de homicidios publicada "
                      "más alta a la más baja en cada año, {start}–{end}: en tasas la mayor "
                      "diferencia es {rate_year} ({rate_low} frente a {rate_high}, {rate_pct} "
                      "% de diferencia); en conteos, {count_year} ({count_low} frente a "
                      "{count_high}, {count_pct} % de diferencia).",
        "spread_none": "ningún año con dos cifras",
        "all_series": "todas las fuentes",
        "none": "ninguno",
        "no_data": "No hay cifras que mostrar para esta selección",
    },
}


def number(value: float, lang: str, digits: int = 1) -> str:
    """6,656 / 55.5 in English; 6 656 / 55,5 in Spanish (narrow no-break space)."""
    if value is None or _isnan(value):
        return "–"
    text = f"{value:,.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    if lang == "es":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def series_label(series: str, lang: str) -> str:
    return TEXT[lang]["series"].get(series, series)


def agency_label(agency: str, lang: str) -> str:
    return TEXT[lang]["agencies"].get(agency, agency)


def date_label(date: dt.date, precision: str, lang: str) -> str:
    month = MONTHS[lang][date.month - 1]
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}"


def events(start_year: int, end_year: int) -> pd.DataFrame:
    frame = cdata.load("events")
    frame["date"] = frame["date"].dt.date
    keep = frame["date"].map(lambda d: start_year <= d.year <= end_year)
    return frame[keep].sort_values(["date", "event_id"]).reset_index(drop=True)


def counting_changes(start_year: int, end_year: int) -> pd.DataFrame:
    frame = cdata.load("counting_changes")
    frame["date"] = frame["date"].dt.date
    keep = frame["date"].map(lambda d: start_year <= d.year <= end_year)
    return frame[keep].sort_values(["date", "change_id"]).reset_index(drop=True)


def change_label(change, lang: str) -> str:
    labels = TEXT[lang]["change_labels"]
    if change.change_id in labels:
        return labels[change.change_id]
    text = change.description_en if lang == "en" else change.description_es
    return textwrap.shorten(text, 90, placeholder="…")


def caveats(series: list[str] | None = None) -> pd.DataFrame:
    frame = cdata.load("caveats")
    if series is not None:
        frame = frame[frame["series"].isin(list(series) + [ALL])]
    return frame.sort_values("caveat_id").reset_index(drop=True)


def caveat_note(ids, lang: str, series: list[str] | None = None,
                years: tuple[int, int] | None = None) -> tuple[str, list[str]]:
    """The chart note: the caveats with these ids (in this order) that apply to the series
    and years shown, joined; and their source ids. An id missing from the data is an
    error."""
    table = cdata.load("caveats")
    known = set(table["caveat_id"])
    missing = [i for i in ids if i not in known]
    if missing:
        raise DataError("data/caveats.csv", f"no caveat '{missing[0]}'", column="caveat_id")
    chosen = []
    for caveat_id in ids:
        row = table[table["caveat_id"] == caveat_id].iloc[0]
        # A caveat about particular years is left out when the window does not reach them.
        first = row["first_year"] if pd.notna(row["first_year"]) else -math.inf
        last = row["last_year"] if pd.notna(row["last_year"]) else math.inf
        if years is not None and (last < years[0] or first > years[1]):
            continue
        if series is None or row["series"] == ALL or row["series"] in series:
            chosen.append(row)
    text = " ".join(r["text_en" if lang == "en" else "text_es"] for r in chosen)
    return text, ids_of(r["source_id"] for r in chosen)


def as_of(frame: pd.DataFrame) -> str:
    """Yearly figures: the data run to the end of the latest year shown."""
    return f"{int(frame['year'].max())}-12-31"


# --- chart layout ------------------------------------------------------------------------------
#
# Every chart is sized to its text: title band (drawn by finalise_chart), a legend band, the
# plot, a strip under the time axis for counting-rule changes, the year labels, a key in
# columns (events, counting-rule changes) and the footer (note and source line, drawn by
# finalise_chart). Text sizes below were measured with matplotlib's DejaVu Sans.

WIDTH_IN = 8.0
LEFT_IN, RIGHT_IN = 0.8, 0.25
PLOT_W_IN = WIDTH_IN - LEFT_IN - RIGHT_IN
PLOT_HEIGHT_IN = 3.5
TICKS_IN = 0.28
STRIP_ROW_IN = 0.19
LINE_8PT_IN = 8 * 1.2 / 72
SUB_LINE_IN = 10.5 * 1.2 / 72
KEY_LINE_IN = 0.125  # 7.5 pt text, one line
KEY_CHAR_IN = 0.058  # 7.5 pt text, average character width
LEGEND_CHAR_IN = 0.062  # 8 pt
BADGE_IN = 0.24  # room for a badge before an item's text
ITEM_GAP_IN = 0.04
HEADING_IN = 0.2
LEGEND_ROW_IN = 0.2
MARK_GAP_IN = 0.2  # two badges closer than this on the time axis are stacked


def _bands(title: str, subtitle: str, note: str, source_ids, lang: str,
           width: float = WIDTH_IN):
    """Height (inches) of the title band and of the footer band finalise_chart will draw
    (the footer counted by the house style's own footer_lines)."""
    chars = int(width * 11)
    n_title = max(1, len(textwrap.wrap(title, int(chars * 0.8))))
    n_sub = max(1, len(textwrap.wrap(subtitle, chars)))
    n_foot = max(1, footer_lines(source_ids, lang, width, note))
    top = 0.18 + 0.30 * n_title + SUB_LINE_IN * n_sub + 0.2
    bottom = 0.12 + LINE_8PT_IN * n_foot + 0.16
    return top, bottom


def _legend_shape(labels: list[str]) -> tuple[int, int]:
    """Columns and rows of the legend band: three columns when the labels fit, else two."""
    if not labels:
        return 0, 0
    widest_in = max(len(label) for label in labels) * LEGEND_CHAR_IN + 0.45
    ncols = 3 if widest_in * 3 <= PLOT_W_IN else (2 if widest_in * 2 <= PLOT_W_IN else 1)
    ncols = min(ncols, len(labels))
    return ncols, math.ceil(len(labels) / ncols)


def _wrap_key(columns, col_width_in: float):
    """Wrap each key item to its column; return the wrapped columns and the height needed."""
    chars = max(12, int((col_width_in - BADGE_IN - 0.1) / KEY_CHAR_IN))
    wrapped, height = [], 0.0
    for heading, colour, items in columns:
        lines = [(mark, "\n".join(textwrap.wrap(label, chars))) for mark, label in items]
        need = HEADING_IN + sum(KEY_LINE_IN * (t.count("\n") + 1) + ITEM_GAP_IN
                                for _, t in lines)
        wrapped.append((heading, colour, lines))
        height = max(height, need)
    return wrapped, height


def _stack(xs, start_year: int, end_year: int) -> list[int]:
    """Greedy stacking of marks on the time axis: each mark goes on the first level where it
    keeps MARK_GAP_IN from the previous mark on that level."""
    min_gap = MARK_GAP_IN * (end_year + 1 - start_year) / PLOT_W_IN
    last: list[float] = []
    levels = []
    for x in xs:
        for level, previous in enumerate(last):
            if x - previous >= min_gap:
                last[level] = x
                levels.append(level)
                break
        else:
            last.append(x)
            levels.append(len(last) - 1)
    return levels


class _Layout:
    """Axes of one chart, placed in inches from the bottom of a figure sized to its text."""

    def __init__(self, *, title, subtitle, note, source_ids, lang, legend_labels,
                 key_columns, strip_levels: int, strip_label: str = ""):
        top, bottom = _bands(title, subtitle, note, source_ids, lang)
        self.legend_cols, rows = _legend_shape(legend_labels)
        legend_h = rows * LEGEND_ROW_IN + (0.08 if rows else 0)
        key_cols = [c for c in key_columns if c[2]]
        col_w = (WIDTH_IN - 0.3) / max(1, len(key_cols))
        self.key_columns, key_h = _wrap_key(key_cols, col_w)
        key_h = key_h + 0.12 if key_cols else 0.0
        strip_h = strip_levels * STRIP_ROW_IN + 0.1 if strip_levels else 0.0
        height = top + legend_h + PLOT_HEIGHT_IN + strip_h + TICKS_IN + key_h + bottom
        self.fig, self.ax = new_chart(width=WIDTH_IN, height=height)
        fig, h = self.fig, height
        key_y = bottom
        strip_y = key_y + key_h + TICKS_IN
        plot_y = strip_y + strip_h
        self.ax.set_position([LEFT_IN / WIDTH_IN, plot_y / h, PLOT_W_IN / WIDTH_IN,
                              PLOT_HEIGHT_IN / h])
        self.legend_anchor = (LEFT_IN / WIDTH_IN, (plot_y + PLOT_HEIGHT_IN + legend_h) / h)
        self.strip = None
        if strip_levels:
            self.strip = fig.add_axes([LEFT_IN / WIDTH_IN, strip_y / h, PLOT_W_IN / WIDTH_IN,
                                       strip_h / h], sharex=self.ax)
            self.strip.set_ylim(strip_levels + 0.2, -0.3)  # level 0 at the top
            for spine in self.strip.spines.values():
                spine.set_visible(False)
            self.strip.set_yticks([])
            self.strip.patch.set_visible(False)  # never paint over the plot's time axis
            self.strip.tick_params(axis="x", length=0)
            self.strip.grid(False)
            self.ax.tick_params(axis="x", labelbottom=False)
            if strip_label:
                self.strip.set_ylabel(strip_label, rotation=0, ha="right", va="center",
                                      fontsize=7.5, color=PALETTE["accent"], labelpad=6)
        self.key_box = [0.15 / WIDTH_IN, key_y / h, (WIDTH_IN - 0.3) / WIDTH_IN,
                        key_h / h] if key_cols else None

    def legend(self, handles, labels) -> None:
        if handles:
            self.fig.legend(handles, labels, loc="upper left",
                            bbox_to_anchor=self.legend_anchor, ncols=self.legend_cols,
                            fontsize=8, frameon=False, borderaxespad=0, handlelength=2.0,
                            columnspacing=1.4, labelspacing=0.35)

    def key(self) -> None:
        """Draw the key columns; measured, so an overflow is an error, not a cut-off."""
        if self.key_box is None:
            return
        fig = self.fig
        key_ax = fig.add_axes(self.key_box)
        key_ax.axis("off")
        renderer = fig.canvas.get_renderer()
        box_h_px = self.key_box[3] * fig.get_size_inches()[1] * fig.dpi
        col_w = 1 / len(self.key_columns)
        badge = BADGE_IN / (self.key_box[2] * WIDTH_IN)
        for i, (heading, colour, items) in enumerate(self.key_columns):
            x = i * col_w
            y = 1.0
            t = key_ax.text(x, y, heading, fontsize=8, fontweight="bold", va="top",
                            color=PALETTE["ink"], transform=key_ax.transAxes)
            y -= HEADING_IN * fig.dpi / box_h_px
            for mark, label in items:
                _badge(key_ax, x + badge * 0.4, y - 0.5 * KEY_LINE_IN * fig.dpi / box_h_px,
                       mark, colour, key_ax.transAxes, size=6.5)
                t = key_ax.text(x + badge, y, label, fontsize=7.5, va="top",
                                color=PALETTE["ink"], transform=key_ax.transAxes,
                                linespacing=1.2)
                y -= (t.get_window_extent(renderer).height + ITEM_GAP_IN * fig.dpi) / box_h_px
            if y < -0.02:
                raise ValueError(f"chart key column '{heading}' overflows its band")


def _year_axis(ax, start_year: int, end_year: int) -> None:
    """Years as bands: a year's figure sits at its middle, events at their date."""
    ax.set_xlim(start_year, end_year + 1)
    span = end_year - start_year + 1
    step = 1 if span <= 13 else (2 if span <= 26 else 5)
    first = start_year if step == 1 else start_year + (-start_year % step)
    years = list(range(first, end_year + 1, step))
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years])
    ax.tick_params(axis="x", length=0)
    ax.grid(axis="x", visible=False)


def date_x(date: dt.date, precision: str) -> float:
    """Position of a date on the year axis: a year-precision date sits mid-year, a
    month-precision one mid-month, a day in the middle of that day."""
    start = dt.date(date.year, 1, 1)
    days = (dt.date(date.year + 1, 1, 1) - start).days
    if precision == "year":
        return date.year + 0.5
    if precision == "month":
        following = dt.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
        return date.year + ((date - start).days + (following - date).days / 2) / days
    return date.year + ((date - start).days + 0.5) / days


def _badge(ax, x, y, text, colour, transform, size=7.0):
    size = size - 1 if len(text) > 1 else size  # "10" in a circle no larger than "9"
    return ax.text(x, y, text, transform=transform, ha="center", va="center", fontsize=size,
                   color="white", fontweight="bold", zorder=8, clip_on=False,
                   bbox={"boxstyle": "circle,pad=0.2", "facecolor": colour,
                         "edgecolor": "none"})


def _event_items(ev: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    return [(str(i), f"{date_label(r.date, r.date_precision, lang)}: "
                     f"{r.label_en if lang == 'en' else r.label_es}")
            for i, r in enumerate(ev.itertuples(), start=1)]


def _change_items(changes: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    return [(chr(ord("A") + i), f"{date_label(r.date, r.date_precision, lang)}: "
                                f"{change_label(r, lang)}")
            for i, r in enumerate(changes.itertuples())]


def _draw_events(ax, ev: pd.DataFrame, start_year: int, end_year: int) -> None:
    """Dotted verticals at each event; numbered badges stacked at the top of the plot."""
    xs = [date_x(d, p) for d, p in zip(ev["date"], ev["date_precision"])]
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for i, (x, level) in enumerate(zip(xs, _stack(xs, start_year, end_year)), start=1):
        ax.axvline(x, color=PALETTE["muted"], linewidth=0.7, linestyle=(0, (1, 2)), zorder=1)
        _badge(ax, x, 0.955 - 0.085 * level, str(i), PALETTE["ink"], trans)


def _draw_changes(layout: _Layout, changes: pd.DataFrame, start_year: int,
                  end_year: int) -> None:
    """Counting-rule changes: a red triangle on the time axis at the date, a lettered badge
    in the strip under it."""
    if layout.strip is None:
        return
    ax = layout.ax
    xs = [date_x(d, p) for d, p in zip(changes["date"], changes["date_precision"])]
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for i, (x, level) in enumerate(zip(xs, _stack(xs, start_year, end_year))):
        ax.plot([x], [0], marker="^", markersize=6, color=PALETTE["accent"], transform=trans,
                clip_on=False, zorder=7, linestyle="none")
        layout.strip.plot([x, x], [-0.3, level], color=PALETTE["accent"], linewidth=0.6,
                          zorder=1)
        _badge(layout.strip, x, level, chr(ord("A") + i), PALETTE["accent"],
               layout.strip.transData)


def _strip_levels(changes: pd.DataFrame, start_year: int, end_year: int) -> int:
    if changes.empty:
        return 1  # keep the strip (and the chart's shape) even with nothing to mark
    xs = [date_x(d, p) for d, p in zip(changes["date"], changes["date_precision"])]
    return max(_stack(xs, start_year, end_year)) + 1


# --- charts ------------------------------------------------------------------------------------

SERIES_PALETTE = {"unodc": PALETTE["blue"], "world_bank": PALETTE["teal"],
                  "insight_crime": PALETTE["gold"], "press": PALETTE["purple"],
                  "official": PALETTE["accent"]}
AGENCY_PALETTE = {"PNC": PALETTE["blue"], "IML": PALETTE["teal"], "FGR": PALETTE["gold"],
                  "government": PALETTE["accent"]}


def _colour(name: str, palette: dict, order: list[str]) -> str:
    if name in palette:
        return palette[name]
    extra = [c for c in SERIES_COLOURS if c not in palette.values()] or [PALETTE["muted"]]
    unknown = [n for n in order if n not in palette]
    return extra[unknown.index(name) % len(extra)] if name in unknown else PALETTE["muted"]


def _segments(years: list[int], values: list[float]):
    """A yearly line split where years are missing: no line is drawn across a gap."""
    xs, ys = [], []
    previous = None
    for year, value in zip(years, values):
        if previous is not None and year != previous + 1:
            xs.append(np.nan)
            ys.append(np.nan)
        xs.append(year + 0.5)
        ys.append(value)
        previous = year
    return xs, ys


def _digits(value: float) -> int:
    """Decimals worth showing in a title: none from 10 up, one below."""
    return 0 if value >= 10 else 1


def _range(low: float, high: float, lang: str, digits: int = 1) -> str:
    if low == high:
        return number(low, lang, digits)
    return f"{number(low, lang, digits)}–{number(high, lang, digits)}"


def chart_rates(frame: pd.DataFrame, pop: pd.DataFrame, *, series: str, start_year: int,
                end_year: int, lang: str, output_dir, as_of: str):
    """(1) Rates per 100,000 by source, with the rate recomputed from official counts;
    events numbered at the top, counting-rule changes lettered on the time axis."""
    text = TEXT[lang]
    shown = select(frame, series, start_year, end_year)
    rates = shown[shown["measure"] == "rate"]
    order = known_series(frame)
    present = [s for s in order if s in set(rates["series"])]
    preferred = recomputed_rates(frame, pop, start_year, end_year)
    preferred = preferred[preferred["preferred"]]
    full = preferred[~preferred["partial"]]
    ev = events(start_year, end_year)
    changes = counting_changes(start_year, end_year)
    years = yearly(rates)
    fmt = dict(start=start_year, end=end_year)
    title = text["rates_title_plain"]
    combined = yearly(rates, by=())
    if len(combined):
        peak = combined.sort_values(["value", "year"], ascending=[False, True]).iloc[0]
        last = combined.sort_values("year").iloc[-1]
        template = "rates_title" if peak["year"] != last["year"] else "rates_title_one_year"
        title = text[template].format(
            label=text["rates_title_all"] if series == ALL else series_label(series, lang),
            peak=_range(peak["low"], peak["high"], lang, _digits(peak["high"])),
            peak_year=int(peak["year"]),
            latest=_range(last["low"], last["high"], lang, _digits(last["high"])),
            latest_year=int(last["year"]))
    subtitle = text["rates_subtitle"].format(**fmt)
    note, note_ids = caveat_note(["K18", "K13"], lang, present + ["official"],
                                 (start_year, end_year))
    source_ids = (ids_of(rates["source_id"]) + ids_of(full["count_sources"])
                  + ids_of(full["population_source"]) + ids_of(ev["source_id"])
                  + ids_of(changes["source_id"]) + note_ids)

    handles, labels, lines = [], [], {}
    for name in present:
        ys = years[years["series"] == name]
        lines[name] = name != "press" and len(ys) > 3
        handles.append(Line2D([], [], color=_colour(name, SERIES_PALETTE, order), marker="o",
                              markersize=4, linewidth=1.8 if lines[name] else 0))
        labels.append(series_label(name, lang))
    other = full[full["population_source"] != PREFERRED_POPULATION]
    if len(full):
        handles.append(Line2D([], [], color=PALETTE["ink"], linestyle=(0, (4, 2)),
                              marker="D", markersize=3.5, linewidth=1.3))
        labels.append(text["recomputed"])
    if len(other):
        handles.append(Line2D([], [], color=PALETTE["ink"], marker="D", markersize=3.5,
                              markerfacecolor="white", linewidth=0))
        labels.append(text["recomputed_other"].format(
            years=", ".join(str(int(y)) for y in other["year"])))
    layout = _Layout(title=title, subtitle=subtitle, note=note, source_ids=source_ids,
                     lang=lang, legend_labels=labels,
                     key_columns=[(text["events"], PALETTE["ink"], _event_items(ev, lang)),
                                  (text["changes"], PALETTE["accent"],
                                   _change_items(changes, lang))],
                     strip_levels=_strip_levels(changes, start_year, end_year),
                     strip_label=text["strip"])
    fig, ax = layout.fig, layout.ax
    _year_axis(ax, start_year, end_year)
    for name in present:
        colour = _colour(name, SERIES_PALETTE, order)
        ys = years[years["series"] == name]
        multi = ys[ys["n_figures"] > 1]
        if len(multi):
            ax.vlines(multi["year"] + 0.5, multi["low"], multi["high"], color=colour,
                      linewidth=1.2, alpha=0.7, zorder=3)
        if lines[name]:
            xs, vs = _segments(list(ys["year"]), list(ys["value"]))
            ax.plot(xs, vs, color=colour, linewidth=1.8, zorder=4)
        distinct = rates[rates["series"] == name].drop_duplicates(["year", "value"])
        ax.scatter(distinct["year"] + 0.5, distinct["value"], s=15, color=colour, zorder=5,
                   edgecolors="white", linewidths=0.4)
    if len(full):
        xs, vs = _segments(list(full["year"]), list(full["rate"]))
        ax.plot(xs, vs, color=PALETTE["ink"], linewidth=1.2, linestyle=(0, (4, 2)), zorder=4)
        ax.vlines(full["year"] + 0.5, full["rate_low"], full["rate_high"],
                  color=PALETTE["ink"], linewidth=1.0, zorder=4)
        ax.scatter(full["year"] + 0.5, full["rate"], s=13, marker="D",
                   color=["white" if s != PREFERRED_POPULATION else PALETTE["ink"]
                          for s in full["population_source"]],
                   edgecolors=PALETTE["ink"], linewidths=0.9, zorder=6)
    top = max([0.0] + [float(rates["value"].max())] * (len(rates) > 0)
              + [float(full["rate_high"].max())] * (len(full) > 0))
    if top == 0:
        ax.text(0.5, 0.5, text["no_data"], transform=ax.transAxes, ha="center",
                color=PALETTE["muted"])
        top = 1.0
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel(text["rate_axis"])
    ax.yaxis.set_major_formatter(lambda v, _: number(v, lang, 0))
    _draw_events(ax, ev, start_year, end_year)
    _draw_changes(layout, changes, start_year, end_year)
    layout.legend(handles, labels)
    layout.key()

    data = pd.concat([
        rates.assign(kind="published")[["kind", "year", "series", "agency", "value",
                                         "source_id"]].rename(columns={"value": "rate"}),
        full.assign(kind="recomputed", series="official_count_over_population",
                    agency=full["population_source"])
        [["kind", "year", "series", "agency", "rate", "count_sources"]]
        .rename(columns={"count_sources": "source_id"}),
    ], ignore_index=True)
    data = data.sort_values(["year", "kind", "series", "agency", "source_id", "rate"],
                            kind="stable").reset_index(drop=True)
    peaks, latest = [], []
    for name in present:
        ys = years[years["series"] == name]
        peak = ys.sort_values(["value", "year"], ascending=[False, True]).iloc[0]
        last = ys.sort_values("year").iloc[-1]
        inline = text["series_in_text"].get(name, name)
        peaks.append(f"{inline} {_range(peak['low'], peak['high'], lang)} "
                     f"({int(peak['year'])})")
        latest.append(f"{_range(last['low'], last['high'], lang)} ({inline}, "
                      f"{int(last['year'])})")
    alt = text["rates_alt"].format(peaks="; ".join(peaks) or text["none"],
                                   latest="; ".join(latest) or text["none"],
                                   n_events=len(ev), n_changes=len(changes), **fmt)
    return finalise_chart(fig, chart_id="rates-by-source", lang=lang, title=title,
                          subtitle=subtitle, source_ids=source_ids, data=data,
                          output_dir=output_dir, alt_text=alt, as_of=as_of, note=note)


def chart_counts(frame: pd.DataFrame, *, start_year: int, end_year: int, lang: str,
                 output_dir, as_of: str):
    """(2) Official yearly counts: every published figure a dot coloured by the body that
    counted, the range as a grey bar, counting-rule changes lettered on the time axis.
    Always the official series (the yardstick), whatever series the story focuses on."""
    text = TEXT[lang]
    counts = select(frame, "official", start_year, end_year)
    counts = counts[counts["measure"] == "count"]
    whole = full_years(counts)
    years = yearly(counts, by=())
    whole_years = yearly(whole, by=())
    changes = counting_changes(start_year, end_year)
    agencies = _ordered(set(counts["agency"]), AGENCY_ORDER)
    wide = widest(spread(counts, "count"))
    fmt = dict(start=start_year, end=end_year)
    title = text["counts_title_one"]
    alt_fmt = dict(fmt, peak_low="–", peak_high="–", peak_year=text["none"], latest_low="–",
                   latest_high="–", latest_year=text["none"], wide_year=text["none"],
                   wide_low="–", wide_high="–")
    if len(whole_years):
        peak = whole_years.sort_values(["value", "year"], ascending=[False, True]).iloc[0]
        last = whole_years.sort_values("year").iloc[-1]
        alt_fmt.update(peak_low=number(peak["low"], lang, 0),
                       peak_high=number(peak["high"], lang, 0), peak_year=int(peak["year"]),
                       latest_low=number(last["low"], lang, 0),
                       latest_high=number(last["high"], lang, 0),
                       latest_year=int(last["year"]))
        template = "counts_title" if peak["year"] != last["year"] else "counts_title_one_year"
        title = text[template].format(
            peak=_range(peak["low"], peak["high"], lang, 0), peak_year=int(peak["year"]),
            latest=_range(last["low"], last["high"], lang, 0), latest_year=int(last["year"]))
    if wide:
        alt_fmt.update(wide_year=wide["year"], wide_low=number(wide["low"], lang, 0),
                       wide_high=number(wide["high"], lang, 0))
    subtitle = text["counts_subtitle"].format(**fmt)
    note, note_ids = caveat_note(["K07", "K09", "K12", "K04"], lang, ["official"],
                                 (start_year, end_year))
    source_ids = ids_of(counts["source_id"]) + ids_of(changes["source_id"]) + note_ids

    handles, labels = [], []
    for agency in agencies:
        handles.append(Line2D([], [], color=_colour(agency, AGENCY_PALETTE, agencies),
                              marker="o", markersize=4.5, linewidth=0))
        labels.append(agency_label(agency, lang))
    partial = len(whole) < len(counts)
    if partial:
        handles.append(Line2D([], [], color=PALETTE["muted"], marker="o", markersize=4.5,
                              markerfacecolor="white", linewidth=0))
        labels.append(text["partial"])
    if len(counts):
        handles.append(Line2D([], [], color=PALETTE["grey"], alpha=0.45, linewidth=6))
        labels.append(text["range"])
    layout = _Layout(title=title, subtitle=subtitle, note=note, source_ids=source_ids,
                     lang=lang, legend_labels=labels,
                     key_columns=[(text["changes"], PALETTE["accent"],
                                   _change_items(changes, lang))],
                     strip_levels=_strip_levels(changes, start_year, end_year),
                     strip_label=text["strip"])
    fig, ax = layout.fig, layout.ax
    _year_axis(ax, start_year, end_year)
    if len(years):
        ax.vlines(years["year"] + 0.5, years["low"], years["high"], color=PALETTE["grey"],
                  linewidth=7, alpha=0.45, zorder=2)
    offsets = {a: (i - (len(agencies) - 1) / 2) * 0.16 for i, a in enumerate(agencies)}
    for agency in agencies:
        colour = _colour(agency, AGENCY_PALETTE, agencies)
        rows = counts[counts["agency"] == agency].drop_duplicates(["year", "value"])
        is_partial = [(int(y), s) in PARTIAL_COUNTS
                      for y, s in zip(rows["year"], rows["source_id"])]
        for hollow in (False, True):
            sub = rows[[p == hollow for p in is_partial]]
            if len(sub):
                ax.scatter(sub["year"] + 0.5 + offsets[agency], sub["value"], s=22,
                           color="white" if hollow else colour, edgecolors=colour,
                           linewidths=1.1, zorder=5)
    top = float(counts["value"].max()) if len(counts) else 1.0
    if counts.empty:
        ax.text(0.5, 0.5, text["counts_none"].format(**fmt), transform=ax.transAxes,
                ha="center", color=PALETTE["muted"])
    ax.set_ylim(0, top * 1.2)
    ax.yaxis.set_major_formatter(lambda v, _: number(v, lang, 0))
    ax.set_ylabel(text["count_axis"])
    # Label the peak and every year whose published counts lie 5 % or more apart.
    spreads = spread(counts, "count").dropna(subset=["spread_pct"])
    label_years = set(spreads.loc[spreads["spread_pct"] >= 5, "year"])
    if len(whole_years):
        label_years.add(int(peak["year"]))
    rows = years[years["year"].isin(label_years)].sort_values("year")
    years_per_in = (end_year + 1 - start_year) / PLOT_W_IN
    # Right to left, so a leader line never crosses a label already placed to its right.
    placed: list[tuple[float, float, int]] = []  # (left, right, level) of labels drawn
    for row in sorted(rows.itertuples(), key=lambda r: -r.year):
        label = _range(row.low, row.high, lang, 0)
        x = row.year + 0.5
        half = (len(label) * KEY_CHAR_IN + 0.2) * years_per_in / 2
        level = 0
        while any(lv == level and x - half < right and x + half > left
                  for left, right, lv in placed):
            level += 1
        placed.append((x - half, x + half, level))
        ax.annotate(label, (x, row.high), xytext=(x, row.high + top * (0.06 + 0.075 * level)),
                    ha="center", va="bottom", fontsize=7.5, color=PALETTE["ink"], zorder=7,
                    arrowprops={"arrowstyle": "-", "color": PALETTE["muted"],
                                "linewidth": 0.6, "shrinkA": 0, "shrinkB": 3,
                                "relpos": (0.5, 0.0)})
    _draw_changes(layout, changes, start_year, end_year)
    layout.legend(handles, labels)
    layout.key()
    data = counts[["year", "agency", "value", "source_id", "note"]].rename(
        columns={"value": "count"}).sort_values(["year", "agency", "source_id", "count"],
                                                kind="stable").reset_index(drop=True)
    data["partial_year"] = [(int(y), s) in PARTIAL_COUNTS
                            for y, s in zip(data["year"], data["source_id"])]
    return finalise_chart(fig, chart_id="official-counts", lang=lang, title=title,
                          subtitle=subtitle, source_ids=source_ids, data=data,
                          output_dir=output_dir, alt_text=text["counts_alt"].format(**alt_fmt),
                          as_of=as_of, note=note)


def disagreement_table(frame: pd.DataFrame, *, series: str, start_year: int,
                       end_year: int) -> pd.DataFrame:
    """Spread per year of the rates in the selected series and of the counts (the official
    counts always, with the press counts when the selection includes the press)."""
    shown = select(frame, series, start_year, end_year)
    counts = select(frame, "official", start_year, end_year)
    if series in (ALL, "press"):
        counts = pd.concat([counts, select(frame, "press", start_year, end_year)])
    out = pd.concat([spread(shown, "rate"), spread(counts, "count")], ignore_index=True)
    return out.sort_values(["year", "measure"], kind="stable").reset_index(drop=True)


def chart_disagreement(frame: pd.DataFrame, *, series: str, start_year: int, end_year: int,
                       lang: str, output_dir, as_of: str):
    """(3) How far the published figures lie apart, year by year."""
    text = TEXT[lang]
    table_ = disagreement_table(frame, series=series, start_year=start_year,
                                end_year=end_year)
    rate_spread = table_[table_["measure"] == "rate"]
    count_spread = table_[table_["measure"] == "count"]
    shown = select(frame, series, start_year, end_year)
    present = [s for s in known_series(frame) if s in set(shown["series"])]
    series_text = (text["all_series"] if series == ALL
                   else text["series_in_text"].get(series, series))
    fmt = dict(start=start_year, end=end_year, series_text=series_text)
    subtitle = text["spread_subtitle"].format(**fmt)
    wide_rate, wide_count = widest(rate_spread), widest(count_spread)
    title = text["spread_title_plain"]
    if (series == ALL and wide_rate and wide_count and wide_rate["year"] < 2005
            and wide_count["year"] < 2005):
        title = text["spread_title"]
    note, note_ids = caveat_note(["K08", "K15", "K09"], lang, present + ["official"],
                                 (start_year, end_year))
    counts_rows = select(frame, "official", start_year, end_year)
    if series in (ALL, "press"):
        counts_rows = pd.concat([counts_rows, select(frame, "press", start_year, end_year)])
    source_ids = (ids_of(shown.loc[shown["measure"] == "rate", "source_id"])
                  + ids_of(counts_rows.loc[counts_rows["measure"] == "count", "source_id"])
                  + note_ids)
    labels = [text["spread_rates"], text["spread_counts"]]
    layout = _Layout(title=title, subtitle=subtitle, note=note, source_ids=source_ids,
                     lang=lang, legend_labels=labels, key_columns=[], strip_levels=0)
    fig, ax = layout.fig, layout.ax
    _year_axis(ax, start_year, end_year)
    width = 0.4
    bars = [(rate_spread, -width / 2, PALETTE["blue"], 1),
            (count_spread, width / 2, PALETTE["accent"], 0)]
    top = max([1.0] + [float(t["spread_pct"].max()) for t, *_ in bars
                       if t["spread_pct"].notna().any()])
    for known, shift, colour, digits in bars:
        known = known.dropna(subset=["spread_pct"])
        ax.bar(known["year"] + 0.5 + shift, known["spread_pct"], width=width, color=colour,
               zorder=3)
        for row in known.itertuples():
            if row.spread_pct >= top / 4:  # the tall bars carry their figures, rotated
                ax.text(row.year + 0.5 + shift, row.spread_pct + top * 0.015,
                        _range(row.low, row.high, lang, digits), rotation=90, ha="center",
                        va="bottom", fontsize=6.5, color=colour, zorder=4)
    ax.set_ylim(0, top * 1.35)
    ax.yaxis.set_major_formatter(lambda v, _: f"{number(v, lang, 0)} %")
    ax.set_ylabel(text["spread_axis"])
    handles = [Line2D([], [], color=PALETTE["blue"], linewidth=7),
               Line2D([], [], color=PALETTE["accent"], linewidth=7)]
    layout.legend(handles, labels)
    alt_fmt = dict(start=start_year, end=end_year)
    for prefix, wide, digits in (("rate", wide_rate, 1), ("count", wide_count, 0)):
        if wide:
            alt_fmt.update({f"{prefix}_year": wide["year"],
                            f"{prefix}_low": number(wide["low"], lang, digits),
                            f"{prefix}_high": number(wide["high"], lang, digits),
                            f"{prefix}_pct": number(wide["spread_pct"], lang, 0)})
        else:
            alt_fmt.update({f"{prefix}_year": text["spread_none"], f"{prefix}_low": "–",
                            f"{prefix}_high": "–", f"{prefix}_pct": "–"})
    return finalise_chart(fig, chart_id="disagreement", lang=lang, title=title,
                          subtitle=subtitle, source_ids=source_ids, data=table_,
                          output_dir=output_dir, alt_text=text["spread_alt"].format(**alt_fmt),
                          as_of=as_of, note=note)


def charts(frame: pd.DataFrame, pop: pd.DataFrame, *, series: str, start_year: int,
           end_year: int, output_dir, lang: str) -> list:
    """The three charts of the story in one language."""
    stamp = as_of(select(frame, series, start_year, end_year))
    return [
        chart_rates(frame, pop, series=series, start_year=start_year, end_year=end_year,
                    lang=lang, output_dir=output_dir, as_of=stamp),
        chart_counts(frame, start_year=start_year, end_year=end_year, lang=lang,
                     output_dir=output_dir, as_of=stamp),
        chart_disagreement(frame, series=series, start_year=start_year, end_year=end_year,
                           lang=lang, output_dir=output_dir, as_of=stamp),
    ]
