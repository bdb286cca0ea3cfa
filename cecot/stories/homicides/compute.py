"""Homicides in El Salvador from sources that disagree: the arithmetic of the homicide story.
Pure: data in, tables and numbers out; nothing drawn, no language.

The data (data/homicides.csv) keeps every published figure: several series (who compiled
it), two measures (a count, or a rate per 100,000), and often several figures for one year
within one series. This module never picks one of them silently. The rule, used everywhere:

- Within a series, measure and year, the year's published figure (`value`) is the one most
  sources give (each source id counts once). When no figure is given by more sources than
  every other, there is no such figure: `value` is null and only the range is published. The
  lowest and highest figures are always published alongside (`low`, `high`), and `n_figures`
  says how many distinct figures there were. No average or median of figures is ever published;
  the middle of the range (`mid`) only places a mark on a chart and ranks years to find a peak.
- A percentage change between two years is given on those published figures (`change_pct`,
  null when either year has none) and as the range any pair of published figures allows
  (`change_pct_low`: the largest fall, from the highest figure of the first year to the lowest
  of the second; `change_pct_high`: the smallest fall or largest rise, lowest to highest).
- The spread between sources in a year is max - min over every published figure of one
  measure in the selected series, and, relative, how far the highest lies above the lowest
  (100 * (max - min) / min). A year with a single published figure has no spread (null):
  nothing to compare.
- Rates are recomputed from official counts only with a sourced population for the same
  year (data/national_population.csv), never an interpolated one. The World Bank series
  (WBPOP) is preferred, as the one consistent population series; a year without it uses the
  other sourced figure for that year and says so. Years with counts but no population are
  listed, not filled in.

The rules about single rows (a rate above 1,000 per 100,000, a fractional count) are
cecot.rules.homicide_value, applied by the loader.
"""

from __future__ import annotations

import functools
import math
import re
import statistics
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ... import data as cdata
from ...computed import Computed
from ...errors import DataError
from ...sources import ids_of

ALL = "all"
# The order series are listed and drawn in; a series that appears in the data but not here
# is still used (it follows, alphabetically, with its id as label).
SERIES_ORDER = ("official", "unodc", "world_bank", "insight_crime", "press")
AGENCY_ORDER = ("PNC", "IML", "FGR", "government")
PREFERRED_POPULATION = "WBPOP"  # one consistent population series (see data/README notes)
# Official counts known to cover part of a year only (caveat K12): kept, drawn hollow, never
# used to recompute a rate as if it were a full year.
PARTIAL_COUNTS = {(2016, "UH16"), (2026, "INF26H")}
CLAIM_YEARS = (2019, 2020)  # the source article's "as much as 62 percent" fall
# The first year with a national figure validated jointly by police, prosecutors and the
# forensic institute: the Mesa Técnica began in 2004 (data/counting_changes.csv C01), and no
# jointly validated figure exists for 1992–2004.
JOINTLY_VALIDATED_FROM = 2005
# Figures from data aggregators (Datosmacro), which name no source for them: drawn with the
# press, never compared as a source's figure in the disagreement chart (caveat K08).
AGGREGATORS = ("DM13",)
# Rows the data call an outlier (data/homicides.csv note): drawn, never a title's figure.
OUTLIERS = {(2015, "DL16")}
# The counting-rule changes that leave deaths out of the official count, named in the
# official-counts subtitle when they are in force in the window.
EXCLUSIONS = ("C02", "C05")
CHART_IDS = ("rates-by-source", "official-counts", "disagreement")
# The official-counts chart labels the peak and every year whose counts lie this far apart (%).
LABEL_COUNT_SPREAD_PCT = 5.0
# The disagreement chart labels the bars at least this share of the tallest bar.
LABEL_BAR_SHARE = 0.25
# A series is drawn as a line when it has more years than this (the press: dots only).
LINE_MIN_YEARS = 3
DOTS_ONLY = ("press", "press_official")
# Caveats (data/caveats.csv) quoted in each chart's note, in this order.
CHART_CAVEATS = {"rates-by-source": ("K18", "K13"),
                 "official-counts": ("K07", "K12", "K04", "K19", "K20"),
                 "disagreement": ("K07", "K15")}
# Counting-rule changes whose data description is too long for a chart key are given a short
# label in text.yml; any other is shortened to this many characters.
CHANGE_LABEL_CHARS = 90
# A series that republishes another (data/sources.csv W1: the World Bank's homicide rates are
# UNODC's series; caveat K13): where every figure it gives for a year is also the original's,
# the rate chart draws the original only and says who republishes it.
REPUBLISHES = {"world_bank": "unodc"}
# The events a phone-sized rate chart keeps (data/events.csv), numbered as on the full size:
# the turns of the curve (the gang truce, the Territorial Control Plan, the state of exception)
# and CECOT's opening and first transfer.
KEY_EVENTS = ("E03", "E06", "E07", "E08", "E09", "E10")
# How the rate chart groups the published rates: by whose figure each is (cecot.style.MEANINGS:
# a colour says whose figure a mark is). A rate the press printed from an official body (the
# police, the forensic institute, the Attorney General or the government) is an official rate,
# as the press reported it: drawn as official, not as a figure only the press gives.
OFFICIAL_IN_PRESS = "press_official"
# The release list of the World Development Indicators (data/sources.csv): the newest release
# the World Bank has published, whether or not its figures could be read.
WDI_RELEASES = "WDIREL"


def rate_group(series: str, agency: str) -> str:
    """The group a published rate is drawn in: its series, except the press's rates of an
    official body (OFFICIAL_IN_PRESS)."""
    return OFFICIAL_IN_PRESS if series == "press" and agency in AGENCY_ORDER else series


def rate_groups(series_order) -> list[str]:
    """The rate chart's groups in drawing order: each series, the press's official rates just
    before the press's own."""
    out = []
    for name in series_order:
        out += [OFFICIAL_IN_PRESS, name] if name == "press" else [name]
    return out


# --- reading ---------------------------------------------------------------------------------

def table(directory=None) -> pd.DataFrame:
    """data/homicides.csv, validated (row rules included), in a stable order."""
    frame = cdata.load("homicides", directory)
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values(["year", "series", "measure", "agency", "source_id", "value"],
                             kind="stable").reset_index(drop=True)


def known_series(frame: pd.DataFrame | None = None) -> list[str]:
    """The series present in the data, in display order."""
    frame = table() if frame is None else frame
    present = set(frame["series"])
    ordered = [s for s in SERIES_ORDER if s in present]
    return ordered + sorted(present - set(ordered))


def parameter_problem(params: dict) -> tuple[str, str] | None:
    """Checks of the homicide story's parameters against each other and the data: returns
    (parameter name, problem) or None."""
    frame = base().frame
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
                      f"{year_list(years)})")
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


def year_list(years) -> str:
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


def overview(frame: pd.DataFrame, unverified=None, order=None) -> pd.DataFrame:
    """What the data holds, per series and measure: rows, years, the most figures one year
    has, how many sources, and how many rows rest only on sources nobody could read
    ('unverified' in data/sources.csv)."""
    if unverified is None:
        sources = cdata.load("sources")
        unverified = set(sources.loc[sources["verification"] == "unverified", "source_id"])
    order = known_series(frame) if order is None else order
    groups: dict = {}
    for series, measure, year, value, cell in zip(frame["series"], frame["measure"],
                                                  frame["year"], frame["value"],
                                                  frame["source_id"]):
        groups.setdefault((series, measure), []).append((int(year), float(value), cell))
    rank = {name: i for i, name in enumerate(order)}
    rows = []
    for (series, measure) in sorted(groups, key=lambda k: (rank.get(k[0], len(rank)), k)):
        group = groups[(series, measure)]
        per_year: dict = {}
        for year, value, _ in group:
            per_year.setdefault(year, set()).add(value)
        rows.append({
            "series": series, "measure": measure, "rows": len(group),
            "years": year_list(per_year),
            "max_figures_in_a_year": max(len(v) for v in per_year.values()),
            "sources": len(ids_of(c for _, _, c in group)),
            "rows_unverified_only": sum(all(i in unverified for i in ids_of([c]))
                                        for _, _, c in group),
        })
    return pd.DataFrame(rows, columns=["series", "measure", "rows", "years",
                                       "max_figures_in_a_year", "sources",
                                       "rows_unverified_only"])


def main_measure(frame: pd.DataFrame, series: str) -> str:
    """The measure a series mostly publishes: count for the official series, rate for the
    others (the press gives two counts among 56 rates). A tie goes to rate."""
    counts = frame.loc[frame["series"] == series, "measure"].value_counts()
    return "count" if counts.get("count", 0) > counts.get("rate", 0) else "rate"


# --- combining several figures for one year -------------------------------------------------

def _isnan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def combine(values, sources=None) -> dict:
    """Several published figures for one year: low, high, the figure most sources give
    (`value`, None on a tie) and the middle of the distinct figures (`mid`, for drawing and
    ranking only). `sources` (one cell per value, 'A;B' for two) counts the sources behind each
    figure; without it, each value counts as one source."""
    values = list(values)
    sources = list(sources) if sources is not None else [None] * len(values)
    pairs = [(float(v), s) for v, s in zip(values, sources)
             if v is not None and not _isnan(v)]
    if not pairs:
        raise ValueError("no figures to combine")
    backing: dict[float, set] = {}
    for i, (value, cell) in enumerate(pairs):
        backing.setdefault(value, set()).update(ids_of([cell]) if cell is not None else [i])
    distinct = sorted(backing)
    ranked = sorted(backing.items(), key=lambda item: -len(item[1]))
    unique_top = len(ranked) == 1 or len(ranked[0][1]) > len(ranked[1][1])
    return {"low": distinct[0], "value": ranked[0][0] if unique_top else None,
            "high": distinct[-1], "mid": float(statistics.median(distinct)),
            "n_figures": len(distinct)}


def pct_change(old: float, new: float) -> float:
    """Percentage change from old to new: 2,398 -> 1,341 is -44.08 %."""
    if old is None or new is None:
        raise ValueError("both values are needed")
    if old <= 0:
        raise ValueError("the base value must be positive")
    return 100.0 * (new - old) / old


def change_between(from_values, to_values) -> dict:
    """Change between two years, each with one or several published figures: on the figures
    most sources give (None when either year has none), and the range any pair of published
    figures allows. All None when either year has no figure."""
    from_values = [v for v in from_values if not _isnan(v)]
    to_values = [v for v in to_values if not _isnan(v)]
    if not from_values or not to_values:
        return {"change_pct": None, "change_pct_low": None, "change_pct_high": None}
    a, b = combine(from_values), combine(to_values)
    both = a["value"] is not None and b["value"] is not None
    return {"change_pct": pct_change(a["value"], b["value"]) if both else None,
            "change_pct_low": pct_change(a["high"], b["low"]),
            "change_pct_high": pct_change(a["low"], b["high"])}


def yearly(frame: pd.DataFrame, by: tuple[str, ...] = ("series", "measure")) -> pd.DataFrame:
    """One row per group and year: low, value (the figure most sources give, or None), high,
    mid (for drawing), how many distinct figures and rows, and the source ids behind them."""
    keys = list(by) + ["year"]
    columns = keys + ["low", "value", "high", "mid", "n_figures", "n_rows", "agencies",
                      "source_ids"]
    groups: dict[tuple, list[tuple]] = {}
    for *key, value, agency, source in zip(*(frame[k] for k in keys), frame["value"],
                                           frame["agency"], frame["source_id"]):
        groups.setdefault(tuple(key[:-1]) + (int(key[-1]),), []).append((value, agency, source))
    rows = []
    for key in sorted(groups):
        figures = groups[key]
        rows.append(dict(zip(keys, key), **combine([v for v, _, _ in figures],
                                                   [src for _, _, src in figures]),
                         n_rows=len(figures),
                         agencies=";".join(sorted({a for _, a, _ in figures})),
                         source_ids=";".join(sorted(ids_of(s for _, _, s in figures)))))
    out = pd.DataFrame(rows, columns=columns)
    if not out.empty:
        out["year"] = out["year"].astype(int)
    return out


def records(rows) -> list[dict]:
    """A table as a list of rows (dicts); a list is returned as it is."""
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows


def peak_and_latest(years) -> dict | None:
    """The year with the highest figures (ranked by the middle of each year's range; ties: the
    earlier) and the latest year of yearly() rows (a table or its records), each with the
    figure most sources give (None when none does) and its lowest and highest figure. None
    without rows."""
    years = records(years)
    if not years:
        return None
    peak = min(years, key=lambda r: (-r["mid"], r["year"]))
    latest = max(years, key=lambda r: r["year"])

    def figure(value):
        return None if value is None or _isnan(value) else float(value)

    return {"peak_year": int(peak["year"]), "peak_value": figure(peak["value"]),
            "peak_low": float(peak["low"]), "peak_high": float(peak["high"]),
            "latest_year": int(latest["year"]), "latest_value": figure(latest["value"]),
            "latest_low": float(latest["low"]), "latest_high": float(latest["high"])}


def summarise(frame: pd.DataFrame, compare_from: int, compare_to: int,
              start_year: int, end_year: int) -> dict | None:
    """Peak, latest and change for the rows of ONE series and measure (or one agency).

    Peak and latest are taken within the window; the change uses the compare years wherever
    they lie (they need not be in the window). None when the window holds no figure."""
    years = yearly(frame, by=())
    shown = years[(years["year"] >= start_year) & (years["year"] <= end_year)]
    if shown.empty:
        return None
    change = change_between(frame.loc[frame["year"] == compare_from, "value"],
                            frame.loc[frame["year"] == compare_to, "value"])
    return {"first_year": int(shown["year"].min()), "years_with_data": int(len(shown)),
            **peak_and_latest(shown), **change}


def is_partial(years, source_ids) -> list[bool]:
    """Whether each row is a count that covers part of a year only (PARTIAL_COUNTS)."""
    return [(int(y), s) in PARTIAL_COUNTS for y, s in zip(years, source_ids)]


def full_years(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows without counts that cover part of a year only (PARTIAL_COUNTS): peaks,
    latest values and changes compare whole years."""
    partial = pd.Series(is_partial(frame["year"], frame["source_id"]), index=frame.index,
                        dtype=bool)  # a boolean mask even when empty (a list would be columns)
    return frame[~partial]


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


def ordered(present, order) -> list[str]:
    """`present` in the order given, anything else after it alphabetically."""
    first = [x for x in order if x in present]
    return first + sorted(set(present) - set(first))


def agency_numbers(frame: pd.DataFrame, compare_from: int, compare_to: int,
                   start_year: int, end_year: int) -> dict:
    """Official counts, agency by agency (PNC, IML, FGR, government/joint/unnamed)."""
    counts = full_years(frame[(frame["series"] == "official") & (frame["measure"] == "count")])
    out = {}
    for agency in ordered(set(counts["agency"]), AGENCY_ORDER):
        summary = summarise(counts[counts["agency"] == agency], compare_from, compare_to,
                            start_year, end_year)
        if summary is not None:
            out[agency] = summary
    return out


def summary_table(numbers: dict) -> pd.DataFrame:
    """series_numbers() or agency_numbers() as a table."""
    return pd.DataFrame([{"name": name, **values} for name, values in numbers.items()])


# --- disagreement ----------------------------------------------------------------------------

def relative_spread(low: float, high: float) -> float:
    """How far the highest figure lies above the lowest, in percent: 36 vs 55.99 is 55.53 %."""
    if low <= 0:
        raise ValueError("the lowest figure must be positive")
    return 100.0 * (high - low) / low


def spread(frame: pd.DataFrame, measure: str = "rate") -> pd.DataFrame:
    """Per year, how far the published figures of one measure lie apart: max - min, and the
    highest as a percentage above the lowest; which series gave the extremes. Null spread
    when a year has a single published figure: one row, or one body's one figure however
    many outlets repeat it (not sources that agree)."""
    chosen = frame[frame["measure"] == measure]
    by_year: dict[int, list[tuple[float, str, str]]] = {}
    for year, value, series, agency in zip(chosen["year"], chosen["value"], chosen["series"],
                                           chosen["agency"]):
        by_year.setdefault(int(year), []).append((float(value), series, agency))
    rows = []
    for year in sorted(by_year):
        figures = by_year[year]
        values = [value for value, _, _ in figures]
        low, high = min(values), max(values)
        single = len(figures) < 2 or (len(set(values)) == 1
                                      and len({(s, a) for _, s, a in figures}) == 1)

        def who(end: float) -> str:
            return ";".join(sorted({f"{s}/{a}" for v, s, a in figures if v == end}))

        rows.append({
            "year": year, "measure": measure, "n_rows": len(figures),
            "n_figures": len(set(values)), "n_series": len({s for _, s, _ in figures}),
            "low": low, "high": high,
            "spread": None if single else high - low,
            "spread_pct": None if single else relative_spread(low, high),
            "low_from": who(low), "high_from": who(high),
        })
    columns = ["year", "measure", "n_rows", "n_figures", "n_series", "low", "high", "spread",
               "spread_pct", "low_from", "high_from"]
    return pd.DataFrame(rows, columns=columns)


def widest(spreads) -> dict | None:
    """The year whose figures lie furthest apart (relative); ties go to the earlier year.
    `spreads`: spread() rows, as a table or its records."""
    known = [r for r in records(spreads)
             if r["spread_pct"] is not None and not _isnan(r["spread_pct"])]
    if not known:
        return None
    row = min(known, key=lambda r: (-r["spread_pct"], r["year"]))
    return {"year": int(row["year"]), "low": float(row["low"]), "high": float(row["high"]),
            "spread": float(row["spread"]), "spread_pct": float(row["spread_pct"]),
            "low_from": row["low_from"], "high_from": row["high_from"]}


def compared_counts(frame: pd.DataFrame, series: str, start_year: int,
                    end_year: int) -> pd.DataFrame:
    """The rows whose counts the disagreement chart compares: the official series always,
    with the press (the only other series with counts) when the selection includes it."""
    counts = select(frame, "official", start_year, end_year)
    if series in (ALL, "press"):
        counts = pd.concat([counts, select(frame, "press", start_year, end_year)])
    return counts


def disagreement_table(frame: pd.DataFrame, *, series: str, start_year: int,
                       end_year: int) -> pd.DataFrame:
    """Spread per year of the rates in the selected series and of the counts (the official
    counts always, with the press counts when the selection includes the press)."""
    shown = select(frame, series, start_year, end_year)
    counts = compared_counts(frame, series, start_year, end_year)
    out = pd.concat([spread(shown, "rate"), spread(counts, "count")], ignore_index=True)
    return out.sort_values(["year", "measure"], kind="stable").reset_index(drop=True)


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
        combined = combine(list(group["value"]), list(group["source_id"]))
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
                "rate": None if combined["value"] is None
                else rate(combined["value"], person.population),
                "rate_mid": rate(combined["mid"], person.population),  # drawn, not published
                "rate_high": rate(combined["high"], person.population),
                "count_sources": ";".join(sorted(ids_of(group["source_id"]))),
            })
    columns = ["year", "count_low", "count", "count_high", "population", "population_source",
               "preferred", "partial", "rate_low", "rate", "rate_high", "rate_mid",
               "count_sources"]
    # Flags stay booleans when no year has a count (a window before the first official
    # count): an empty object column would select columns, not rows.
    return pd.DataFrame(rows, columns=columns).astype({"preferred": bool, "partial": bool})


def missing_population_years(frame: pd.DataFrame, pop: pd.DataFrame, start_year: int,
                             end_year: int) -> list[int]:
    """Years with an official count but no sourced population: no rate can be recomputed."""
    counts = frame[(frame["series"] == "official") & (frame["measure"] == "count")]
    years = {int(y) for y in counts["year"] if start_year <= y <= end_year}
    return sorted(years - {int(y) for y in pop["year"]})


def rate_gaps(frame: pd.DataFrame, recomputed: pd.DataFrame) -> pd.DataFrame:
    """Every published rate (of the rows given) against the rate recomputed from the official
    count with the preferred population, for full years: gap = published - recomputed. Where
    the official counts disagree and no figure is given by most sources, there is no single
    recomputed rate: the gap is measured to the nearer end of the recomputed range (zero
    inside it), and `recomputed` is that end."""
    usable = recomputed[recomputed["preferred"] & ~recomputed["partial"]]
    rates = frame[frame["measure"] == "rate"]
    rows = []
    for r in usable.itertuples():
        for p in rates[rates["year"] == r.year].itertuples():
            published = float(p.value)
            reference = r.rate if r.rate is not None and not _isnan(r.rate) else \
                min(max(published, r.rate_low), r.rate_high)
            rows.append({"year": r.year, "series": p.series, "agency": p.agency,
                         "source_id": p.source_id, "published": published,
                         "recomputed": reference, "recomputed_low": r.rate_low,
                         "recomputed_high": r.rate_high,
                         "gap": published - reference,
                         "gap_pct": 100.0 * (published - reference) / reference,
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


def by_largest_gap(gaps: pd.DataFrame) -> pd.DataFrame:
    """The gaps, largest (in absolute value) first; ties keep their order."""
    return gaps.reindex(gaps["gap"].abs().sort_values(ascending=False, kind="stable").index)


def largest_gap(gaps: pd.DataFrame) -> dict | None:
    if gaps.empty:
        return None
    row = by_largest_gap(gaps).iloc[0]
    return {"year": int(row["year"]), "series": row["series"], "agency": row["agency"],
            "source_id": row["source_id"], "published": float(row["published"]),
            "recomputed": float(row["recomputed"]), "gap": float(row["gap"]),
            "gap_pct": float(row["gap_pct"])}


# --- what does not depend on the parameters: worked out once per version of the data ---------
#
# A run (run(params)) only selects years and series from these lists of rows; it builds tables
# only for what it returns. Nothing in a Base is changed after it is made.

YEARLY = ["low", "value", "high", "mid", "n_figures", "n_rows", "agencies", "source_ids"]
SPREAD = ["year", "measure", "n_rows", "n_figures", "n_series", "low", "high", "spread",
          "spread_pct", "low_from", "high_from"]
RECOMPUTED = ["year", "count_low", "count", "count_high", "population", "population_source",
              "preferred", "partial", "rate_low", "rate", "rate_high", "rate_mid",
              "count_sources"]
GAPS = ["year", "series", "agency", "source_id", "published", "recomputed", "recomputed_low",
        "recomputed_high", "gap", "gap_pct", "population_source"]
ROW = ["year", "series", "measure", "value", "agency", "source_id", "note"]


@dataclass(frozen=True)
class Base:
    """Every table of the story that does not depend on the parameters, for one version of
    the data files (`base()`), as lists of rows."""

    frame: pd.DataFrame  # data/homicides.csv (never changed: select() copies)
    rows: tuple  # the same, as rows
    pop: pd.DataFrame  # data/national_population.csv
    events: pd.DataFrame  # data/events.csv, dates as dates, `key` for the phone
    changes: pd.DataFrame  # data/counting_changes.csv, dates as dates
    caveats: pd.DataFrame  # data/caveats.csv
    vintages: pd.DataFrame  # the releases read (vintages())
    unverified: frozenset  # source ids nobody could read
    series: tuple  # the series in the data, in display order
    measure: dict  # each series' main measure
    figures: dict  # (series, measure, year) -> [(value, source cell)], full years only
    series_years: tuple  # yearly(full years, by series and measure)
    agency_years: tuple  # yearly(full-year official counts, by agency)
    agency_figures: dict  # (agency, year) -> [(value, source cell)], full years only
    rate_years: dict  # selection -> yearly(its rates, by=()) over every year
    headline_rate_years: dict  # the same without the rows the data call outliers (OUTLIERS)
    rate_group_years: tuple  # yearly(every rate, by the group it is drawn in: rate_group())
    count_years: tuple  # yearly(official counts, by=()), part-year counts included
    count_years_full: tuple  # the same, full years only
    count_spreads: dict  # with the press counts (True) or without: spread() per year
    rate_spreads: dict  # selection -> spread() of its rates per year (no aggregators)
    recomputed: tuple  # recomputed_rates() over every year
    gaps: tuple  # rate_gaps() of every rate over every year
    context: dict  # facts the page and the notes state whatever the parameters (context())


# The files the story reads: a new version of any of them is a new Base.
FILES = ("homicides", "national_population", "events", "counting_changes", "caveats",
         "sources")


def data_version(directory=None) -> tuple:
    """The content hashes of the files the story reads (each read through the validating
    loader, which also records it as read for the build's provenance)."""
    folder = Path(directory) if directory else cdata.data_dir()
    digests = []
    for name in FILES:
        cdata.load_table(name, directory)
        path = folder / cdata.resource_descriptor(name, directory)["path"]
        digests.append(cdata.file_digest(path))
    return (str(folder),) + tuple(digests)


def base(directory=None) -> Base:
    """The parameter-independent tables for the data as they are now (cached on the files'
    content: an edited file makes a new Base)."""
    return _base(data_version(directory), directory)


@functools.lru_cache(maxsize=2)
def _base(version: tuple, directory) -> Base:
    return make_base(table(directory), population(directory), directory)


def _dates(frame: pd.DataFrame, id_column: str) -> pd.DataFrame:
    frame = frame.assign(date=frame["date"].dt.date)
    return frame.sort_values(["date", id_column]).reset_index(drop=True)


def _figures(rows, keys) -> dict:
    out: dict = {}
    for row in rows:
        out.setdefault(tuple(row[k] for k in keys), []).append((float(row["value"]),
                                                                row["source_id"]))
    return out


def make_base(frame: pd.DataFrame, pop: pd.DataFrame, directory=None) -> Base:
    """Base from the homicide and population tables given (the other files as they are)."""
    sources = cdata.load("sources", directory)
    full = full_years(frame)
    series = tuple(known_series(frame))
    official = frame[(frame["series"] == "official") & (frame["measure"] == "count")]
    rates = frame[frame["measure"] == "rate"]
    unreliable = rates["source_id"].isin(AGGREGATORS)
    outlier = pd.Series([(int(y), s) in OUTLIERS for y, s in
                         zip(rates["year"], rates["source_id"])], index=rates.index, dtype=bool)
    selections = (ALL,) + series
    compared = full_years(frame[(frame["measure"] == "count")
                                & ~frame["source_id"].isin(AGGREGATORS)])
    recomputed = recomputed_rates(frame, pop, -10 ** 6, 10 ** 6)
    full_rows = records(full)
    return Base(
        frame=frame, rows=tuple(records(frame)), pop=pop,
        events=_dates(cdata.load("events", directory), "event_id").assign(
            key=lambda f: f["event_id"].isin(KEY_EVENTS)),
        changes=_dates(cdata.load("counting_changes", directory), "change_id"),
        caveats=cdata.load("caveats", directory).sort_values("caveat_id")
        .reset_index(drop=True),
        vintages=vintages(frame, pop, sources),
        unverified=frozenset(sources.loc[sources["verification"] == "unverified",
                                         "source_id"]),
        series=series, measure={name: main_measure(frame, name) for name in series},
        figures=_figures(full_rows, ("series", "measure", "year")),
        series_years=tuple(records(yearly(full))),
        agency_years=tuple(records(yearly(full_years(official), by=("agency",)))),
        agency_figures=_figures([r for r in full_rows if r["series"] == "official"
                                 and r["measure"] == "count"], ("agency", "year")),
        rate_years={s: tuple(records(yearly(select(rates, s), by=()))) for s in selections},
        headline_rate_years={s: tuple(records(yearly(select(rates[~outlier], s), by=())))
                             for s in selections},
        rate_group_years=tuple(records(yearly(rates.assign(group=[
            rate_group(s, a) for s, a in zip(rates["series"], rates["agency"])]),
            by=("group",)))),
        count_years=tuple(records(yearly(official, by=()))),
        count_years_full=tuple(records(yearly(full_years(official), by=()))),
        count_spreads={
            False: tuple(records(spread(compared[compared["series"] == "official"], "count"))),
            True: tuple(records(spread(compared[compared["series"].isin(["official",
                                                                         "press"])],
                                       "count")))},
        # A republication of a figure (the World Bank's copy of UNODC's rate) is that figure
        # once, not a second source agreeing with it.
        rate_spreads={s: tuple(records(spread(originals_only(select(rates[~unreliable], s)),
                                              "rate")))
                      for s in selections},
        recomputed=tuple(records(recomputed)),
        gaps=tuple(records(rate_gaps(frame, recomputed))),
        context=context(frame, sources, directory),
    )


def context(frame: pd.DataFrame, sources: pd.DataFrame, directory=None) -> dict:
    """What the page says whatever the parameters, from the data: the dates of the state of
    exception and of CECOT's opening (data/events.csv), of the counting-rule changes, the
    last year without a jointly validated figure, the rows left out of headlines and
    comparisons, the UNODC release read and its last year, and the half-year fall a wire
    reported for 2020 (data/published_changes.csv)."""
    events = {r["event_id"]: r for r in cdata.load("events", directory).to_dict("records")}
    changes = {r["change_id"]: r for r in
               cdata.load("counting_changes", directory).to_dict("records")}
    release = sources.loc[sources["source_id"] == "U1", "vintage"]
    newest = sources.loc[sources["source_id"] == WDI_RELEASES, "vintage"]
    unodc = frame[frame["series"] == "unodc"]
    published = cdata.load("published_changes", directory)
    half = published[(published["measure"] == "count")
                     & (published["compared_start"].dt.year == CLAIM_YEARS[1])]
    outliers = [r for r in records(frame) if (int(r["year"]), r["source_id"]) in OUTLIERS]
    partial = sorted({int(y) for y, s in PARTIAL_COUNTS})
    return {
        "exception_from": events["E08"]["date"].date().isoformat(),
        "cecot_opened": events["E09"]["date"].date().isoformat(),
        "first_transfer": events["E10"]["date"].date().isoformat(),
        "changes": {c: changes[c]["date"].date().isoformat() for c in ("C02", "C04", "C05")},
        "joint_last_year": JOINTLY_VALIDATED_FROM - 1,
        "outliers": [{"year": int(r["year"]), "rate": float(r["value"])} for r in outliers],
        "partial_years": partial,
        "unodc_release": str(release.iloc[0]) if len(release) else None,
        # The newest release the World Bank has published (read or not).
        "wdi_newest_release": str(newest.iloc[0]) if len(newest) else None,
        "unodc_last_year": int(unodc["year"].max()) if len(unodc) else None,
        "half_year_fall_pct": float(half["percent"].iloc[0]) if len(half) else None,
    }


def within(rows, start_year: int, end_year: int, **equal) -> list[dict]:
    """The rows dated within the window (inclusive) whose columns have the values given."""
    return [r for r in rows if start_year <= r["year"] <= end_year
            and all(r[k] == v for k, v in equal.items())]


def window(frame: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """The rows of a yearly table within the window (inclusive): a new frame."""
    years = frame["year"]
    return frame[(years >= start_year) & (years <= end_year)]


def as_table(rows, columns) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=columns)


# --- headline numbers ------------------------------------------------------------------------

def fall_between(frame, years=CLAIM_YEARS) -> dict:
    """The change between two fixed years in every selected series and measure that has
    figures for both, and the largest and smallest change any pair of same-series figures
    allows. A series whose year has no figure most sources give (a tie) still has both years:
    its change is a range (change_pct null), and it counts towards the largest and smallest.
    `frame`: rows of homicides.csv (a table or its records)."""
    first, second = years
    groups: dict = {}
    for row in records(frame):
        if row["year"] in (first, second):
            groups.setdefault((row["series"], row["measure"]), {first: [], second: []})[
                row["year"]].append(float(row["value"]))
    by_series, lows, highs = {}, [], []
    for (series, measure) in sorted(groups):
        change = change_between(groups[(series, measure)][first],
                                groups[(series, measure)][second])
        if change["change_pct_low"] is None:  # a year without figures
            continue
        by_series[f"{series}_{measure}"] = change
        lows.append(change["change_pct_low"])
        highs.append(change["change_pct_high"])
    return {"from_year": first, "to_year": second,
            "largest_fall_pct": min(lows) if lows else None,
            "smallest_fall_pct": max(highs) if highs else None,
            "by_series": by_series}


def _summary(years, values: dict, key: tuple, compare_from: int, compare_to: int,
             start_year: int, end_year: int) -> dict | None:
    """summarise() on yearly rows already made: peak and latest in the window, the change
    between the compare years (wherever they lie)."""
    shown = within(years, start_year, end_year)
    if not shown:
        return None
    change = change_between([v for v, _ in values.get(key + (compare_from,), [])],
                            [v for v, _ in values.get(key + (compare_to,), [])])
    return {"first_year": min(r["year"] for r in shown), "years_with_data": len(shown),
            **peak_and_latest(shown), **change}


def peak_kind(years, summary: dict | None, start_year: int) -> str:
    """What the window's highest year is in the data (every year of the same figures, not
    only the window's): "peak" when no year of the data ranks higher; "since" when no later
    year does and it is not the window's first year with figures ("its highest since
    {start_year}"); "none" otherwise: then it is never called a peak."""
    years = records(years)
    if summary is None or not years:
        return "none"
    if peak_and_latest(years)["peak_year"] == summary["peak_year"]:
        return "peak"
    later = [r for r in years if r["year"] >= start_year]
    if peak_and_latest(later)["peak_year"] == summary["peak_year"] \
            and summary["peak_year"] > summary["first_year"]:
        return "since"
    return "none"


def headline(frame: pd.DataFrame, pop: pd.DataFrame, *, series: str, start_year: int,
             end_year: int, compare_from: int, compare_to: int, recomputed=None) -> dict:
    """The numbers the story publishes (numbers.json) for one set of parameters, before the
    numbers the charts' text states (run() adds those under "charts"). From the tables given
    (slow: run() uses the cached base)."""
    return headline_from(make_base(frame, pop), series=series, start_year=start_year,
                         end_year=end_year, compare_from=compare_from, compare_to=compare_to)


def headline_from(b: Base, *, series: str, start_year: int, end_year: int, compare_from: int,
                  compare_to: int) -> dict:
    chosen = [r for r in b.rows if series == ALL or r["series"] == series]
    shown = within(chosen, start_year, end_year)
    present = [s for s in b.series if s in {r["series"] for r in shown}]
    numbers: dict = {
        "series_selected": series,
        "series": present,
        "start_year": start_year, "end_year": end_year,
        "compare_from": compare_from, "compare_to": compare_to,
        "combination_rule": "a year's figure is the one most sources give; when no figure is "
                            "given by more sources than every other, only the range is "
                            "published; low and high are the smallest and largest figure",
    }
    for name in present:
        measure = b.measure[name]
        years = [r for r in b.series_years if r["series"] == name and r["measure"] == measure]
        summary = _summary(years, b.figures, (name, measure), compare_from, compare_to,
                           start_year, end_year)
        if summary is not None:
            numbers[name] = {"measure": measure, **summary}
    if series in (ALL, "official"):
        numbers["official_by_agency"] = {}
        for agency in ordered({r["agency"] for r in b.agency_years}, AGENCY_ORDER):
            years = [r for r in b.agency_years if r["agency"] == agency]
            summary = _summary(years, b.agency_figures, (agency,), compare_from, compare_to,
                               start_year, end_year)
            if summary is not None:
                numbers["official_by_agency"][agency] = summary
    numbers["fall_2019_2020"] = fall_between(
        [r for r in chosen if (r["year"], r["source_id"]) not in PARTIAL_COUNTS])
    numbers["widest_rate_spread"] = widest(within(b.rate_spreads[series], start_year,
                                                  end_year))
    numbers["widest_count_spread"] = widest(within(b.count_spreads[series in (ALL, "press")],
                                                   start_year, end_year))
    preferred = within(b.recomputed, start_year, end_year, preferred=True)
    gaps = [r for r in within(b.gaps, start_year, end_year) if r["series"] in present]
    counted = {r["year"] for r in within(b.count_years, start_year, end_year)}
    numbers["recomputed_rates"] = {
        "years": [r["year"] for r in preferred],
        "partial_years": [r["year"] for r in preferred if r["partial"]],
        "population_sources": {str(r["year"]): r["population_source"] for r in preferred},
        "missing_population_years": sorted(counted - {int(y) for y in b.pop["year"]}),
        "largest_gap": largest_gap(as_table(gaps, GAPS)) if gaps else None,
    }
    return numbers


# --- what the charts show --------------------------------------------------------------------

def events(start_year: int, end_year: int) -> pd.DataFrame:
    """Events (data/events.csv) dated within the window, in date order; `key` marks those a
    phone-sized chart keeps (KEY_EVENTS)."""
    return _in_years(base().events, start_year, end_year)


def counting_changes(start_year: int, end_year: int) -> pd.DataFrame:
    """Changes in what the official count includes (data/counting_changes.csv) dated within
    the window, in date order."""
    return _in_years(base().changes, start_year, end_year)


def _in_years(frame: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    keep = [start_year <= d.year <= end_year for d in frame["date"]]
    return frame[keep].reset_index(drop=True)


def caveats(series: list[str] | None = None, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """data/caveats.csv, those about the given series (and about all) when series are given."""
    frame = base().caveats if frame is None else frame
    if series is not None:
        frame = frame[frame["series"].isin(list(series) + [ALL])]
    return frame.reset_index(drop=True)


def chart_caveats(ids, series: list[str] | None = None,
                  years: tuple[int, int] | None = None,
                  frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The caveats with these ids (in this order) that apply to the series and years shown:
    a chart's note. An id missing from the data is an error."""
    frame = base().caveats if frame is None else frame
    rows = {r["caveat_id"]: r for r in frame.to_dict("records")}
    missing = [i for i in ids if i not in rows]
    if missing:
        raise DataError("data/caveats.csv", f"no caveat '{missing[0]}'", column="caveat_id")
    chosen = []
    for caveat_id in ids:
        row = rows[caveat_id]
        # A caveat about particular years is left out when the window does not reach them.
        first = row["first_year"] if pd.notna(row["first_year"]) else -math.inf
        last = row["last_year"] if pd.notna(row["last_year"]) else math.inf
        if years is not None and (last < years[0] or first > years[1]):
            continue
        if series is None or row["series"] == ALL or row["series"] in series:
            chosen.append(row)
    columns = ["caveat_id", "series", "text_en", "text_es", "source_id"]
    return pd.DataFrame([{c: r[c] for c in columns} for r in chosen], columns=columns)


def as_of(years) -> str:
    """Yearly figures: the data run to the end of the latest year shown."""
    return f"{int(max(years))}-12-31"


def changes_between(changes: pd.DataFrame, summary: dict | None) -> int | None:
    """How many counting-rule changes are dated in the years a peak-and-latest summary compares,
    both years included (a change during the peak or the latest year already splits that year
    between two rules). None without a summary or when the peak is the latest year."""
    if summary is None or summary["peak_year"] == summary["latest_year"]:
        return None
    first, last = summary["peak_year"], summary["latest_year"]
    return int(sum(first <= d.year <= last for d in changes["date"]))


def excluded_in(changes: pd.DataFrame, year: int) -> dict | None:
    """The latest exclusion from the official count (EXCLUSIONS) dated in or before `year`:
    {"change_id", "date"}; None when none is."""
    found = [r for r in changes.itertuples() if r.change_id in EXCLUSIONS and r.date.year <= year]
    if not found:
        return None
    last = max(found, key=lambda r: r.date)
    return {"change_id": last.change_id, "date": last.date.isoformat()}


def peak_to_latest(summary: dict | None) -> dict | None:
    """The change from the peak to the latest year as the range any pair of their published
    figures allows (%): `change_pct_low` from the highest peak figure to the lowest latest one
    (the largest fall), `change_pct_high` from the lowest peak figure to the highest latest one.
    None without a summary, when the peak is the latest year or has no positive figure."""
    if summary is None or summary["peak_year"] == summary["latest_year"] \
            or summary["peak_low"] <= 0:
        return None
    return {"change_pct_low": pct_change(summary["peak_high"], summary["latest_low"]),
            "change_pct_high": pct_change(summary["peak_low"], summary["latest_high"])}


def republished(rates) -> list[bool]:
    """Whether each rate row is a republication already drawn with its original (REPUBLISHES):
    its series republishes one that is in the rows too, and the original gives the same figure
    for that year."""
    rates = records(rates)
    originals = {(r["series"], int(r["year"]), float(r["value"])) for r in rates}
    return [r["series"] in REPUBLISHES
            and (REPUBLISHES[r["series"]], int(r["year"]), float(r["value"])) in originals
            for r in rates]


def originals_only(rates: pd.DataFrame) -> pd.DataFrame:
    """The rate rows without the republications of a figure that is in them too."""
    return rates.loc[pd.Series([not copy for copy in republished(rates)], index=rates.index,
                               dtype=bool)]


def short_change(description: str) -> str:
    """A counting-rule change's data description, shortened for a chart key (when text.yml
    has no short label for it)."""
    return textwrap.shorten(description, CHANGE_LABEL_CHARS, placeholder="…")


def labelled_bars(spreads, top: float) -> dict[str, dict]:
    """The bars of the disagreement chart that carry their figures: those at least
    LABEL_BAR_SHARE of the tallest (`top`), by year, with their lowest and highest figure."""
    return {str(int(r["year"])): {"low": float(r["low"]), "high": float(r["high"])}
            for r in records(spreads)
            if r["spread_pct"] is not None and not _isnan(r["spread_pct"])
            and r["spread_pct"] >= top * LABEL_BAR_SHARE}


def originators(rows) -> list[str]:
    """Who published the figures of some rows, as a reader would name them: "authorities"
    for any official body (police, prosecutors, forensic institute, government), InSight Crime,
    UNODC for the international series (the World Bank republishes it), "press" for an
    outlet's own figure. In that order, each once."""
    found = set()
    for row in records(rows):
        if row["series"] in ("unodc", "world_bank"):
            found.add("unodc")
        elif row["series"] == "insight_crime":
            found.add("insight_crime")
        elif row["agency"] in AGENCY_ORDER:
            found.add("authorities")
        else:
            found.add("press")
    return [name for name in ("authorities", "insight_crime", "unodc", "press") if name in found]


def about(low: float, high: float) -> float | None:
    """A figure for "about": when the published figures of a year differ but all round to
    the same three significant figures (6,656 and 6,657: 6,660), that rounded figure; else
    None."""
    if low <= 0 or low == high:
        return None
    digits = 2 - int(math.floor(math.log10(low)))
    rounded = round(low, digits), round(high, digits)
    return float(rounded[0]) if rounded[0] == rounded[1] else None


def rates_chart(b: Base, *, series: str, start_year: int, end_year: int) -> dict:
    """(1) Rates per 100,000 by source, with the rate computed here from official counts."""
    shown = [dict(r, group=rate_group(r["series"], r["agency"]))
             for r in within(b.rows, start_year, end_year)
             if r["measure"] == "rate" and (series == ALL or r["series"] == series)]
    present = [s for s in b.series if s in {r["series"] for r in shown}]
    # Drawn by whose figure each rate is (rate_group): the press's official rates apart.
    order = rate_groups(b.series)
    groups = [g for g in order if g in {r["group"] for r in shown}]
    full = [dict(r, other_source=r["population_source"] != PREFERRED_POPULATION)
            for r in within(b.recomputed, start_year, end_year, preferred=True)
            if not r["partial"]]
    ev = _in_years(b.events, start_year, end_year)
    changes = _in_years(b.changes, start_year, end_year)
    years = [r for r in within(b.rate_group_years, start_year, end_year)
             if r["group"] in groups]
    n_years = {g: len({r["year"] for r in years if r["group"] == g}) for g in groups}
    series_table = pd.DataFrame({
        "group": order,
        "shown": [g in groups for g in order],
        "as_line": [g not in DOTS_ONLY and n_years.get(g, 0) > LINE_MIN_YEARS for g in order],
    })
    seen, points = set(), []
    for r in shown:
        if (r["group"], r["year"], r["value"]) not in seen:
            seen.add((r["group"], r["year"], r["value"]))
            points.append({"series": r["series"], "group": r["group"], "year": r["year"],
                           "value": r["value"]})
    # A republished figure is drawn once, as its original's.
    for point, again in zip(points, republished(points)):
        point["republished"] = again
    notes = chart_caveats(CHART_CAVEATS["rates-by-source"], present + ["official"],
                          (start_year, end_year), b.caveats)
    data = [{"kind": "published", "year": r["year"], "series": r["series"],
             "agency": r["agency"], "drawn_as": r["group"], "rate": r["value"],
             "source_id": r["source_id"]} for r in shown]
    data += [{"kind": "computed_here", "year": r["year"],
              "series": "official_count_per_100000", "agency": r["population_source"],
              "drawn_as": "computed_here", "rate": r["rate"], "rate_low": r["rate_low"],
              "rate_high": r["rate_high"], "source_id": r["count_sources"]} for r in full]
    data = as_table(data, ["kind", "year", "series", "agency", "drawn_as", "rate", "rate_low",
                           "rate_high", "source_id"]).sort_values(
        ["year", "kind", "series", "agency", "source_id", "rate"],
        kind="stable").reset_index(drop=True)
    # The title's figures: the window's highest and latest year, without the rows the data
    # call outliers; what that highest year is among all the selection's years.
    all_years = b.headline_rate_years[series]
    in_window = within(all_years, start_year, end_year)
    summary = peak_and_latest(in_window)
    if summary is not None:
        summary["first_year"] = min(r["year"] for r in in_window)
    clean = [r for r in shown if (r["year"], r["source_id"]) not in OUTLIERS]
    latest_from = originators([r for r in clean if r["year"] == summary["latest_year"]]) \
        if summary else []
    official_years = [r["year"] for r in shown if r["group"] == OFFICIAL_IN_PRESS] + \
        [r["year"] for r in full]
    numbers = {
        "rates": summary,
        "peak_kind": peak_kind(all_years, summary, start_year),
        "outliers_left_out": sorted({r["year"] for r in shown
                                     if (r["year"], r["source_id"]) in OUTLIERS}),
        "latest_from": latest_from,
        "peak_from": originators([r for r in clean if r["year"] == summary["peak_year"]])
        if summary else [],
        # The exclusion from the official count in force in the last year with an official
        # rate drawn (published, or computed here from the counts): the count behind it leaves
        # those deaths out.
        "official_excludes": excluded_in(b.changes, max(official_years))
        if official_years else None,
        "changes_between": changes_between(changes, summary),
        "by_series": {name: peak_and_latest([r for r in years if r["group"] == name])
                      for name in groups},
        # Each republishing series and the original it is drawn as, with the years where it
        # gives a figure of its own (drawn apart).
        "republished": {s: {"of": REPUBLISHES[s], "own_years": sorted(
            {p["year"] for p in points if p["group"] == s and not p["republished"]})}
            for s in groups if s in REPUBLISHES and REPUBLISHES[s] in groups},
        "published_rates": bool(shown), "computed_years": len(full),
        "events": len(ev), "counting_changes": len(changes),
        # The dates the chart's key gives (each event's and rule change's).
        "event_dates": [d.isoformat() for d in ev["date"]],
        # The figures the events' labels state (data/events.csv: "62 killed in one day (87 in
        # 3 days)"), which the chart's key quotes.
        "event_figures": sorted({float(x.replace(",", "")) for label in
                                 list(ev["label_en"]) + list(ev["label_es"])
                                 for x in re.findall(r"\d[\d,]*(?:\.\d+)?", label)}),
        "counting_change_dates": [d.isoformat() for d in changes["date"]],
        "other_population_years": [r["year"] for r in full if r["other_source"]],
    }
    return {
        "tables": {"rates-by-source": data, "rate_series": series_table,
                   "rate_years": as_table(years, ["group", "year"] + YEARLY),
                   "rate_points": as_table(points, ["series", "group", "year", "value",
                                                    "republished"]),
                   "recomputed_drawn": as_table(full, RECOMPUTED + ["other_source"]),
                   "events": ev, "counting_changes": changes},
        "notes": notes,
        "sources": ids_of([r["source_id"] for r in shown], [r["count_sources"] for r in full],
                          [r["population_source"] for r in full], ev["source_id"],
                          changes["source_id"], notes["source_id"]),
        "numbers": numbers,
    }


# A year's range of published counts narrower than this share of the highest count drawn is
# too short to see as a bar on the official-counts chart: its two caps read as one dash.
DASH_SHARE = 0.02


def dash_ranges(years: list[dict], counts: list) -> bool:
    """Whether the chart draws some year's range of published counts as a dash."""
    top = max([float(c) for c in counts if c == c], default=0.0)
    return any(r["n_figures"] > 1 and r["high"] - r["low"] < DASH_SHARE * top for r in years)


def counts_chart(b: Base, *, start_year: int, end_year: int) -> dict:
    """(2) Official yearly counts: each year's published figures as a range with the figure
    most sources give, counting-rule changes on the time axis."""
    counts = within(b.rows, start_year, end_year, series="official", measure="count")
    years = within(b.count_years, start_year, end_year)
    full = within(b.count_years_full, start_year, end_year)
    whole = peak_and_latest(full)
    if whole is not None:
        whole["first_year"] = min(r["year"] for r in full)
    changes = _in_years(b.changes, start_year, end_year)
    spreads = within(b.count_spreads[False], start_year, end_year)
    # Label the peak, the latest year and every year whose counts lie LABEL_COUNT_SPREAD_PCT
    # apart.
    label_years = {r["year"] for r in spreads if r["spread_pct"] is not None
                   and not _isnan(r["spread_pct"]) and r["spread_pct"] >= LABEL_COUNT_SPREAD_PCT}
    if whole:
        label_years |= {whole["peak_year"], whole["latest_year"]}
    partial_years = sorted({r["year"] for r in counts
                            if (r["year"], r["source_id"]) in PARTIAL_COUNTS})
    notes = chart_caveats(CHART_CAVEATS["official-counts"], ["official"],
                          (start_year, end_year), b.caveats)
    data = as_table([{"year": r["year"], "agency": r["agency"], "count": r["value"],
                      "source_id": r["source_id"], "note": r["note"],
                      "partial_year": (r["year"], r["source_id"]) in PARTIAL_COUNTS}
                     for r in counts],
                    ["year", "agency", "count", "source_id", "note", "partial_year"])
    # Counts that cover the whole year, per year (drawn filled), and part-year ones (hollow).
    whole_years = as_table(full, ["year"] + YEARLY)
    parts = as_table([r for r in data.to_dict("records") if r["partial_year"]],
                     ["year", "count"])
    # The exclusions in force in the window: the changes dated up to its last year.
    in_force = {r.change_id: r.date.isoformat() for r in b.changes.itertuples()
                if r.date.year <= end_year and r.change_id in EXCLUSIONS}
    numbers = {
        "counts": whole,
        "peak_kind": peak_kind(b.count_years_full, whole, start_year),
        "peak_about": about(whole["peak_low"], whole["peak_high"]) if whole else None,
        "latest_about": about(whole["latest_low"], whole["latest_high"]) if whole else None,
        "changes_between": changes_between(changes, whole),
        "widest_spread": widest(spreads),
        "partial_years": partial_years,
        "first_year": min((r["year"] for r in years), default=None),
        "counting_change_dates": [d.isoformat() for d in changes["date"]],
        "excluded_since": in_force,
        "labelled": {str(r["year"]): {"low": float(r["low"]), "high": float(r["high"])}
                     for r in full if r["year"] in label_years},
        "dash_ranges": dash_ranges(full, [r["value"] for r in counts]),
    }
    return {
        "tables": {"official-counts": data.sort_values(["year", "agency", "source_id", "count"],
                                                       kind="stable").reset_index(drop=True),
                   "count_years": whole_years, "count_parts": parts},
        "notes": notes,
        "sources": ids_of([r["source_id"] for r in counts], changes["source_id"],
                          notes["source_id"]),
        "numbers": numbers,
    }


def disagreement_chart(b: Base, *, series: str, start_year: int, end_year: int) -> dict:
    """(3) How far the published figures lie apart, year by year (aggregators' figures and
    part-year counts left out)."""
    rate_spread = within(b.rate_spreads[series], start_year, end_year)
    with_press = series in (ALL, "press")
    count_spread = within(b.count_spreads[with_press], start_year, end_year)
    spreads = as_table(sorted(rate_spread + count_spread,
                              key=lambda r: (r["year"], r["measure"])), SPREAD)
    rows = [r for r in within(b.rows, start_year, end_year)
            if r["source_id"] not in AGGREGATORS]
    present = [s for s in b.series
               if s in {r["series"] for r in rows if series in (ALL, r["series"])}]
    notes = chart_caveats(CHART_CAVEATS["disagreement"], present + ["official"],
                          (start_year, end_year), b.caveats)
    counted = ("official", "press") if with_press else ("official",)
    used = [r["source_id"] for r in rows if
            (r["measure"] == "rate" and series in (ALL, r["series"]))
            or (r["measure"] == "count" and r["series"] in counted)]

    def known(rows_):
        return [r for r in rows_ if r["spread_pct"] is not None and not _isnan(r["spread_pct"])]

    top = max([1.0] + [r["spread_pct"] for r in known(rate_spread + count_spread)])
    numbers = {
        "widest_rate_spread": widest(rate_spread),
        "widest_count_spread": widest(count_spread),
        # The widest gap between counts since figures are validated jointly.
        "widest_count_since": widest([r for r in count_spread
                                      if r["year"] >= JOINTLY_VALIDATED_FROM]),
        "jointly_validated_from": JOINTLY_VALIDATED_FROM,
        "rates_compared": bool(known(rate_spread)), "rate_years": len(rate_spread),
        "press_counts": with_press,
        # Whether any count the press gives itself is compared (aggregators' and part-year
        # counts are not).
        "press_counts_compared": with_press and any(
            r["series"] == "press" and r["measure"] == "count"
            and (r["year"], r["source_id"]) not in PARTIAL_COUNTS for r in rows),
        "labelled": {"rate": labelled_bars(rate_spread, top),
                     "count": labelled_bars(count_spread, top)},
    }
    return {
        "tables": {"disagreement": spreads},
        "notes": notes,
        "sources": ids_of(used, notes["source_id"]),
        "numbers": numbers,
    }


SERIES_RELEASES = ("unodc", "world_bank", "insight_crime")  # series published in releases


def vintages(frame: pd.DataFrame, pop: pd.DataFrame, sources=None) -> pd.DataFrame:
    """Each international series and population source the story uses, with the release it
    was read in (data/sources.csv `vintage`; empty: the source states none) and whether the
    original or a copy was read."""
    sources = cdata.load("sources") if sources is None else sources
    register = {r["source_id"]: r for r in sources.to_dict("records")}
    used = [(series, sid) for series in SERIES_RELEASES
            for sid in ids_of(frame.loc[frame["series"] == series, "source_id"])]
    used += [("population", sid) for sid in ids_of(pop["source_id"])]

    def text(value) -> str:
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) \
            else str(value)

    rows = [{"gives": what, "source_id": sid, "publisher": register[sid]["publisher"],
             "release": text(register[sid]["vintage"]),
             "published": text(register[sid]["published"]),
             "read": text(register[sid]["read_in"]) or "original",
             "accessed": text(register[sid]["accessed"])} for what, sid in used]
    return pd.DataFrame(rows, columns=["gives", "source_id", "publisher", "release",
                                       "published", "read", "accessed"])


def published_charts(series: str) -> list[str]:
    """The charts a selection publishes: the official counts only when the official series is
    among the selected ones."""
    return [c for c in CHART_IDS if c != "official-counts" or series in (ALL, "official")]


def run(params: dict) -> Computed:
    """Every table and number of the story for one set of parameters: a selection from the
    cached base (nothing in it is changed)."""
    series = params["series"]
    start_year, end_year = params["start_year"], params["end_year"]
    b = base()
    numbers = headline_from(b, series=series, start_year=start_year, end_year=end_year,
                            compare_from=params["compare_from"],
                            compare_to=params["compare_to"])
    made = {
        "rates-by-source": lambda: rates_chart(b, series=series, start_year=start_year,
                                               end_year=end_year),
        "official-counts": lambda: counts_chart(b, start_year=start_year, end_year=end_year),
        "disagreement": lambda: disagreement_chart(b, series=series, start_year=start_year,
                                                   end_year=end_year),
    }
    charts = {chart_id: made[chart_id]() for chart_id in published_charts(series)}
    numbers["charts"] = {chart_id: chart["numbers"] for chart_id, chart in charts.items()}
    numbers["context"] = b.context
    present = numbers["series"]
    shown = [r for r in within(b.rows, start_year, end_year)
             if series in (ALL, r["series"])]
    gaps = as_table([r for r in within(b.gaps, start_year, end_year)
                     if r["series"] in present], GAPS)
    spreads = charts["disagreement"]["tables"]["disagreement"]
    official = within(b.rows, start_year, end_year, series="official", measure="count")
    tables = {
        "overview": overview(as_table(shown, ROW), b.unverified, b.series),
        "series_summary": summary_table({name: numbers[name] for name in present
                                         if name in numbers}),
        "agency_summary": summary_table(numbers.get("official_by_agency", {})),
        "fall": pd.DataFrame([{"series_measure": name, **change} for name, change in
                              numbers["fall_2019_2020"]["by_series"].items()],
                             columns=["series_measure", "change_pct", "change_pct_low",
                                      "change_pct_high"]),
        "widest_spreads": spreads.dropna(subset=["spread_pct"]).sort_values(
            ["spread_pct", "year"], ascending=[False, True]).reset_index(drop=True),
        "recomputed": as_table(within(b.recomputed, start_year, end_year), RECOMPUTED),
        "rate_gaps": gaps,
        "gap_summary": gap_summary(gaps),
        "largest_gaps": by_largest_gap(gaps).reset_index(drop=True),
        "caveats": caveats(present, b.caveats),
        "vintages": b.vintages,
        "chart_notes": pd.concat([chart["notes"].assign(chart_id=chart_id)
                                  for chart_id, chart in charts.items()], ignore_index=True),
        "count_agencies": pd.DataFrame({"agency": ordered({r["agency"] for r in official},
                                                          AGENCY_ORDER)}),
        "events": _in_years(b.events, start_year, end_year),
        "counting_changes": _in_years(b.changes, start_year, end_year),
    }
    for chart in charts.values():
        tables.update(chart["tables"])
    stamp = as_of(r["year"] for r in shown)
    return Computed(params=dict(params), tables=tables, numbers=numbers,
                    sources={chart_id: chart["sources"] for chart_id, chart in charts.items()},
                    as_of={chart_id: stamp for chart_id in charts})
