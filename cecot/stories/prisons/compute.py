"""El Salvador's prisons under the state of exception: the arithmetic of the prisons story
(deaths in custody, arrests, prison population, incarceration rates and CECOT's share of the
prison population). Pure: data in, tables and numbers out; nothing drawn, no language.

Every figure keeps the shape in which it was reported: a lower bound ("more than") stays a
lower bound, a range stays a range, each organisation's count of deaths is its own series and
a report the data flags is shown flagged, never dropped or smoothed. Nothing is interpolated.

Speed: nearly everything here is the same whatever `start_year` says. `base` computes it once
per version of the data files (their content hashes), and `run` adds what the parameter
selects; the tables and numbers it returns are copies, so nothing a caller does to them can
reach the cache.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ... import data as cdata
from ... import headcounts
from ...computed import Computed
from ...errors import DataError
from ...ranges import Span
from ...reports import definitely_before, iso, latest_row, period, value_or_none
from ...rules import TRANSFER_KINDS
from ...sources import ids_of, kinds

REGIME_EVENT = "E08"  # data/events.csv: the state of exception approved (27 March 2022)
# Who counted deaths in custody (data/deaths_in_custody.csv `organisation`), in the order the
# story names them. Each is its own series; "unnamed" is a bucket of counts whose counter the
# source does not name, so it is never checked as one running total.
ORGANISATIONS = ("socorro_juridico", "cristosal", "movir", "tutela_legal", "sspas", "coalition",
                 "amnesty", "government", "unnamed")
BUCKETS = ("unnamed",)
# Amnesty International relays local organisations' counts: its figures are shown as relayed,
# never as a count of its own.
RELAYS = ("amnesty",)
# How the deaths chart groups the counters: one colour and legend entry per group (the named
# organisations without a long series share one).
GROUP_OF = {"socorro_juridico": "socorro_juridico", "cristosal": "cristosal",
            "movir": "other_ngo", "tutela_legal": "other_ngo", "sspas": "other_ngo",
            "coalition": "other_ngo", "amnesty": "amnesty", "government": "official",
            "unnamed": "unnamed"}
DEATH_GROUPS = ("socorro_juridico", "cristosal", "other_ngo", "amnesty", "official",
                "unnamed")
RATE_SERIES = ("unodc", "world_prison_brief", "oas", "other")
# Which row speaks for a date when several do: a count before an estimate before a bound.
VERIFICATION_RANK = {"read": 0, "secondary": 1, "unverified": 2}

# Who gave a prison population figure, where it is not its publisher: a newspaper often reports
# a government or World Prison Brief figure (data/sources.csv `kind` describes the publisher;
# the data's notes say whose figure it is). Keyed by source id and date (None: every row of
# that source); the value is the figure's origin ("official", "international", "ngo" or
# "press") and the body that gave it (None when unnamed). Rows not listed take the origin of
# their publisher's kind. tests/stories/test_prisons.py checks every key against the data.
FIGURE_ORIGIN = {
    ("CP", None): ("official", None),  # "Gobierno asegura…": the government's yearly series
    ("FESPAD15", None): ("official", "dgcp"),  # DGCP data given at the IACHR hearing
    ("BBC18", None): ("international", "world_prison_brief"),
    ("EDH19", None): ("official", "dgcp"),  # DGCP, and its director
    ("ESN22c", None): ("official", "dgcp"),
    ("VLX23a", "2021-04-01"): ("official", "dgcp"),
    ("VLX23a", "2022-08-24"): ("press", None),  # the outlet's own calculation
    ("ESN22b", None): ("official", "mjsp"),
    ("TS23", None): ("official", "mjsp"),  # the security minister
    ("LPG24", "2024-01-01"): ("official", "census"),  # Censo de Población y Vivienda 2024
    ("LPG24", "2022-03-01"): ("press", None),
    ("ESN24", None): ("ngo", None),  # a civil-society report (Cristosal among others)
    ("ESI25b", None): ("ngo", "idhuca"),  # IDHUCA and other NGOs
    ("UNODCCTS23", None): ("international", "unodc"),
    ("EMU22OUDH", None): ("official", None),  # OUDH-UCA gives it as the official figure
    ("OUDH25", None): ("ngo", "oudh"),
}
ORIGIN_OF_KIND = {"official": "official", "international": "international", "ngo": "ngo",
                  "academic": "ngo"}  # else: press
ORIGINS = ("official", "international", "ngo", "press")
# Prison figures whose author the outlet does not state (a round figure with no source): drawn,
# never the story's latest figure, never a denominator. Checked against the data's notes.
UNATTRIBUTED = {("PL26P", "2026-01-27")}
# A reported rate whose own reference date the article does not give (data/incarceration_rate.csv,
# note): the row carries the article's date, and the value says what the article gives it as.
# No time axis can show it truthfully: the 605 given as the rate "before the state of exception"
# would read, at the article's date, as a rate after the crackdown; the 1,659 given as "current"
# in January 2026 is the 2024 figure (the data's note), drawn already at 2024. Kept in the data
# and listed (numbers.json), never drawn or used. Checked against the data by
# tests/stories/test_prisons.py.
CITATION_DATED = {("PL23", "2023-01-17"): "before_regime", ("PL26P", "2026-01-27"): "current"}
# Whose figure a reported rate is: its series, and for an outlet's or NGO's own rate, whose.
RATE_ORIGIN = {"unodc": "international", "world_prison_brief": "international",
               "oas": "international", "other": "press"}
RATE_AUTHOR = {("ESI25b", None): "ngo"}  # IDHUCA and other NGOs' report
# How far a prison figure's source was checked (data/sources.csv `verification`) for it to be
# drawn: a figure known only through another source quoting it (an aggregator's summary, say),
# or one nothing behind could be read, is kept in the data and listed, never drawn or used.
NOT_DRAWN = ("secondary", "unverified")
# A yearly statistical series (one figure a year from one source): drawn as a line through the
# middle of each year, not as figures known only to their year.
SERIES_MIN_YEARS = 3
# Data files the story reads: its cache is keyed on their content.
INPUTS = ("sources", "events", "prison_population", "national_population",
          "incarceration_rate", "arrests", "deaths_in_custody", "population")


# --- small helpers -------------------------------------------------------------------------------

def rate_per_100k(people: float, population: float) -> float:
    """People per 100,000 inhabitants."""
    if population <= 0:
        raise ValueError("population must be positive")
    return people / population * 100_000


def share(part: float, whole: float) -> float:
    """`part` as a percentage of `whole`."""
    if whole <= 0:
        raise ValueError("whole must be positive")
    return part / whole * 100


def share_span(part: Span, whole: Span) -> Span:
    """`part` as a percentage of `whole`, range in, range out: the low end divides the part's
    low by the whole's high (the same floats as share(low, whole_high)); an open end stays
    open."""
    return part / whole * 100


def with_verification(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add the weakest verification status of the row's source ids (data/sources.csv)."""
    status = dict(zip(sources["source_id"], sources["verification"]))

    def weakest(ids: str) -> str:
        found = [status.get(i, "unverified") for i in ids_of(ids)]
        return max(found, key=lambda s: VERIFICATION_RANK.get(s, 9))

    return frame.assign(verification=frame["source_id"].map(weakest))


def with_origin(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add whose figure each row is (`origin`: official, international, ngo or press) and the
    body that gave it (`body`, empty when unnamed): FIGURE_ORIGIN, else the publisher's kind."""
    kind = dict(zip(sources["source_id"], sources["kind"]))
    origins, bodies = [], []
    for source_id, date in zip(frame["source_id"], frame["date"]):
        found = FIGURE_ORIGIN.get((source_id, iso(date))) or FIGURE_ORIGIN.get((source_id, None))
        if found is None:
            found = (ORIGIN_OF_KIND.get(kind.get(ids_of(source_id)[0]), "press"), None)
        origins.append(found[0])
        bodies.append(found[1] or "")
    return frame.assign(origin=origins, body=bodies)


def with_headline_rule(prison: pd.DataFrame) -> pd.DataFrame:
    """Which prison figures may stand as the story's latest (and divide a CECOT head count),
    and why not: "opinion" (an opinion or advocacy piece), "unattributed" (UNATTRIBUTED: the
    outlet does not say whose figure it is) or "year" (known only to the year)."""
    because = []
    for source_id, date, precision in zip(prison["source_id"], prison["date"],
                                          prison["date_precision"]):
        if kinds(source_id) & {"opinion"}:
            because.append("opinion")
        elif (source_id, iso(date)) in UNATTRIBUTED:
            because.append("unattributed")
        elif precision == "year":
            because.append("year")
        else:
            because.append("")
    return prison.assign(headline_worthy=[b == "" for b in because],
                         not_headline_because=because)


def yearly_series(frame: pd.DataFrame) -> pd.Series:
    """Whether a row belongs to a yearly statistical series: one source giving a figure for at
    least SERIES_MIN_YEARS different years, each known only to its year."""
    yearly = frame[frame["date_precision"] == "year"]
    counts = yearly.groupby("source_id")["date"].nunique()
    series = set(counts[counts >= SERIES_MIN_YEARS].index)
    return (frame["date_precision"] == "year") & frame["source_id"].isin(series)


def bodies_of(frame: pd.DataFrame) -> list[str]:
    """The bodies whose figures a table holds, official first, then international, then the
    NGOs and the press; each once."""
    order = {origin: i for i, origin in enumerate(ORIGINS)}
    rows = frame[frame["body"] != ""]
    rows = rows.assign(_o=rows["origin"].map(order)).sort_values(["_o", "date"], kind="stable")
    return list(dict.fromkeys(rows["body"]))


def regime_start(events: pd.DataFrame) -> pd.Timestamp:
    """The day the state of exception was approved (data/events.csv, event E08)."""
    rows = events[events["event_id"] == REGIME_EVENT]
    if rows.empty:
        raise DataError("data/events.csv", f"no row for event '{REGIME_EVENT}' (the state of "
                        "exception)", column="event_id")
    return pd.Timestamp(rows["date"].iloc[0])


def as_of(*frames: pd.DataFrame) -> str:
    """The latest date any of the frames' figures refers to."""
    return max(pd.to_datetime(frame["date"]).max() for frame in frames).date().isoformat()


# --- prison population --------------------------------------------------------------------------

def population_table(prison: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """The national prison population from `start_year` on, oldest first."""
    shown = prison[prison["date"].dt.year >= start_year]
    return shown.sort_values(["date", "value", "source_id"]).reset_index(drop=True)


def start_year_problem(prison: pd.DataFrame, start_year: int) -> str | None:
    last = int(prison["date"].dt.year.max())
    if start_year > last:
        return f"no prison population figure from {start_year} on (the latest is from {last})"
    return None


def rate_year_problem(rates: pd.DataFrame, start_year: int) -> str | None:
    """A start year after the last reported rate the chart can draw (not one set aside as
    CITATION_DATED) leaves the incarceration-rate chart empty."""
    placed = [int(year) for year, source_id, date in
              zip(rates["year"], rates["source_id"], rates["date"])
              if (source_id, iso(date)) not in CITATION_DATED]
    last = max(placed)
    if start_year > last:
        return f"no incarceration rate to draw from {start_year} on (the latest is from {last})"
    return None


def parameter_problem(params: dict) -> tuple[str, str] | None:
    """Refuse, before anything is computed, a start year after the last figure in the data."""
    problem = start_year_problem(cdata.load("prison_population"), params["start_year"]) or \
        rate_year_problem(cdata.load("incarceration_rate"), params["start_year"])
    return ("start_year", problem) if problem else None


def before(frame: pd.DataFrame, when: pd.Timestamp, value: str = "value") -> dict:
    """The figures for the last date before `when`: low and high over counts and estimates
    (several sources often give that date different figures). Figures that may not stand as a
    latest figure (with_headline_rule) are left out where the table says which."""
    if "headline_worthy" in frame:
        frame = frame[frame["headline_worthy"]]
    earlier = frame[(frame["date"] < when) & (frame["kind"] != "lower_bound")]
    if earlier.empty:
        raise ValueError("no figure before that date")
    last = earlier["date"].max()
    rows = earlier[earlier["date"] == last].sort_values([value, "source_id"])
    return {"date": iso(last), "low": value_or_none(rows[value].min()),
            "high": value_or_none(rows[value].max()), "rows": len(rows),
            "figures": [f"{value_or_none(r[value])} ({r['kind']}, {r['source_id']})"
                        for _, r in rows.iterrows()]}


def growth(start: dict, end_value: float) -> dict:
    """How many times `end_value` is the earlier figure: a range when the earlier one is."""
    ratio = Span.point(end_value) / Span(start["low"], start["high"])
    return {"from_low": start["low"], "from_high": start["high"], "to": end_value,
            "ratio_low": ratio.low, "ratio_high": ratio.high}


def latest_prison(prison: pd.DataFrame) -> dict:
    """The latest figure that may stand as the story's (with_headline_rule), with its origin
    and body."""
    top = latest_row(prison[prison["headline_worthy"]])
    row = prison[(prison["date"] == pd.Timestamp(top["date"]))
                 & (prison["source_id"] == top["source_id"])
                 & (prison["value"] == top["value"])].iloc[0]
    return {**top, "date_precision": str(row["date_precision"]), "origin": str(row["origin"]),
            "body": str(row["body"])}


def set_aside_prison(prison: pd.DataFrame, after: str) -> list[dict]:
    """Figures dated after the story's latest one that may not stand as the latest, and why."""
    rows = prison[~prison["headline_worthy"] & (prison["date"] > pd.Timestamp(after))
                  & (prison["not_headline_because"] != "year")]
    return [{"date": iso(r["date"]), "date_precision": str(r["date_precision"]),
             "value": value_or_none(r["value"]), "kind": str(r["kind"]),
             "because": str(r["not_headline_because"]), "source_id": str(r["source_id"])}
            for _, r in rows.sort_values("date").iterrows()]


def same_date_groups(prison: pd.DataFrame, least: int = 3) -> list[dict]:
    """Dates on which at least `least` figures were reported (the chart draws them as one
    cluster, labelled with their range)."""
    dated = prison[prison["date_precision"] != "year"]
    out = []
    for (date, precision), rows in dated.groupby(["date", "date_precision"], sort=True):
        if len(rows) >= least:
            out.append({"date": iso(date), "date_precision": str(precision), "rows": len(rows),
                        "low": value_or_none(rows["value"].min()),
                        "high": value_or_none(rows["value"].max())})
    return out


# --- incarceration rates --------------------------------------------------------------------------

RANGE_COLUMNS = ["date", "date_precision", "year", "kind", "origin", "prisoners",
                 "prisoners_parts_sum", "prisoners_source_id", "rate_low", "rate_high",
                 "population_source_ids"]


def with_parts(prison: pd.DataFrame) -> pd.DataFrame:
    """Each figure as the span its source gives: its stated total and, where the source's own
    parts add up to something else (`parts_sum`), that sum too; `parts_differ` flags it."""
    if "parts_sum" not in prison:
        prison = prison.assign(parts_sum=float("nan"))
    parts = prison["parts_sum"]
    return prison.assign(
        low=[min(v, p) if pd.notna(p) else v for v, p in zip(prison["value"], parts)],
        high=[max(v, p) if pd.notna(p) else v for v, p in zip(prison["value"], parts)],
        parts_differ=parts.notna())


def rate_inputs(prison: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """The prison figures a rate is computed from: those of the years UNODC's yearly series
    does not cover (where it does, its own rate is drawn; a rate computed here would only
    repeat it, and hide it)."""
    covered = set(rates.loc[rates["series"] == "unodc", "year"].astype(int))
    return prison[[d.year not in covered for d in prison["date"]]]


def computed_rates(prison: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Prisoners per 100,000 from each prison figure and each sourced population figure of the
    same calendar year. A year without a population figure gets no rate (never interpolated);
    a year with several population figures gets one rate per figure (a range). A figure whose
    parts add up to something else gives a rate for each (`rate_parts_per_100k`)."""
    rows = []
    for record in prison.sort_values(["date", "value", "source_id"]).itertuples():
        year = record.date.year
        parts_sum = getattr(record, "parts_sum", None)
        parts = None if parts_sum is None or pd.isna(parts_sum) else int(parts_sum)
        for pop in national[national["year"] == year].sort_values("source_id").itertuples():
            rows.append({
                "date": iso(record.date),
                "date_precision": getattr(record, "date_precision", "day"),
                "year": year, "kind": record.kind,
                "origin": getattr(record, "origin", "official"),
                "prisoners": int(record.value), "prisoners_parts_sum": parts,
                "prisoners_source_id": record.source_id,
                "population": int(pop.population), "population_source_id": pop.source_id,
                "rate_per_100k": rate_per_100k(record.value, pop.population),
                "rate_parts_per_100k": None if parts is None
                else rate_per_100k(parts, pop.population),
            })
    columns = ["date", "date_precision", "year", "kind", "origin", "prisoners",
               "prisoners_parts_sum", "prisoners_source_id", "population",
               "population_source_id", "rate_per_100k", "rate_parts_per_100k"]
    return pd.DataFrame(rows, columns=columns)


def computed_rate_ranges(rates: pd.DataFrame) -> pd.DataFrame:
    """One row per prison figure: its rate over the span of that year's population figures
    (the lowest rate divides by the highest population) and of the figure itself (its total and
    the sum of its parts, where they differ). A prison figure that is a lower bound keeps its
    kind; the chart draws it as a floor."""
    if rates.empty:
        return pd.DataFrame(columns=RANGE_COLUMNS)
    if "origin" not in rates:
        rates = rates.assign(origin="official")
    rows = []
    keys = ["date", "date_precision", "year", "kind", "origin", "prisoners",
            "prisoners_parts_sum", "prisoners_source_id"]
    for key, group in rates.fillna({"prisoners_parts_sum": -1}).groupby(keys, sort=True):
        record = dict(zip(keys, key))
        parts = None if record["prisoners_parts_sum"] == -1 else int(record["prisoners_parts_sum"])
        record["prisoners_parts_sum"] = parts
        prisoners = Span.covering([record["prisoners"]] + ([parts] if parts is not None else []))
        rate = prisoners / Span.covering(group["population"]) * 100_000
        rows.append({**record, "rate_low": rate.low, "rate_high": rate.high,
                     "population_source_ids": ";".join(sorted(group["population_source_id"]))})
    out = pd.DataFrame(rows, columns=RANGE_COLUMNS)
    return out.sort_values(["date", "prisoners"]).reset_index(drop=True)


def computed_rate_before(ranges: pd.DataFrame, when: pd.Timestamp) -> dict | None:
    """The rate computed here at the last date before `when` (the state of exception): its
    range over every figure of that date and every population figure of its year. Counts and
    estimates only: a "more than" gives no level; a figure known only to its year is not
    "before" a day of that year."""
    dated = ranges.assign(_d=pd.to_datetime(ranges["date"]))
    earlier = dated[(dated["_d"] < when) & (dated["kind"] != "lower_bound")
                    & (dated["date_precision"] != "year")]
    if earlier.empty:
        return None
    last = earlier["_d"].max()
    rows = earlier[earlier["_d"] == last]
    return {"date": iso(last), "date_precision": str(rows["date_precision"].iloc[0]),
            "low": float(rows["rate_low"].min()), "high": float(rows["rate_high"].max()),
            "prisoners_low": int(rows["prisoners"].min()),
            "prisoners_high": int(rows["prisoners"].max()),
            "source_ids": ";".join(ids_of(rows["prisoners_source_id"],
                                          rows["population_source_ids"]))}


def with_rate_origin(rates: pd.DataFrame) -> pd.DataFrame:
    """Each reported rate's origin (whose figure: international, an NGO or the press) and,
    for a rate drawn at the date of the article that cited it (CITATION_DATED), what the
    article gives it as (`citation_dated`, empty otherwise)."""
    cited = [CITATION_DATED.get((source_id, iso(date)), "")
             for source_id, date in zip(rates["source_id"], rates["date"])]
    origin = [RATE_AUTHOR.get((s, iso(d))) or RATE_AUTHOR.get((s, None))
              or RATE_ORIGIN.get(series, "press")
              for s, d, series in zip(rates["source_id"], rates["date"], rates["series"])]
    return rates.assign(origin=origin, citation_dated=cited)


def years_without_population(prison: pd.DataFrame, national: pd.DataFrame) -> list[int]:
    have = set(int(y) for y in national["year"])
    return sorted({int(d.year) for d in prison["date"]} - have)


def rate_table(rates: pd.DataFrame, start_year: int) -> pd.DataFrame:
    shown = rates[rates["date"].dt.year >= start_year]
    order = {s: i for i, s in enumerate(RATE_SERIES)}
    return (shown.assign(_s=shown["series"].map(order))
            .sort_values(["date", "_s", "value", "source_id"]).drop(columns="_s")
            .reset_index(drop=True))


def latest_rate(rates: pd.DataFrame) -> dict:
    """The most recent reported rate (by the date it refers to), with its series."""
    order = {s: i for i, s in enumerate(RATE_SERIES)}
    ordered = (rates.assign(_s=rates["series"].map(order))
               .sort_values(["date", "_s", "source_id"], ascending=[False, True, True]))
    top = ordered.iloc[0]
    return {"year": int(top["year"]), "date": iso(top["date"]),
            "date_precision": str(top["date_precision"]),
            "value": value_or_none(top["value"]), "series": str(top["series"]),
            "origin": str(top["origin"]) if "origin" in top else "",
            "source_id": str(top["source_id"])}


def latest_dated_rate(rates: pd.DataFrame) -> dict | None:
    """The most recent reported rate whose own date is known: not one drawn at the date of the
    article that cited it, nor one known only to its year."""
    dated = rates[(rates["citation_dated"] == "") & (rates["date_precision"] != "year")]
    return latest_rate(dated) if not dated.empty else None


def latest_rate_by_series(rates: pd.DataFrame) -> dict:
    return {series: latest_rate(rates[rates["series"] == series])
            for series in RATE_SERIES if (rates["series"] == series).any()}


def rate_chart_table(rates: pd.DataFrame, computed: pd.DataFrame) -> pd.DataFrame:
    """The incarceration-rate chart's data: each reported rate, and each computed range."""
    columns = ["date", "date_precision", "series", "origin", "kind", "value", "low", "high",
               "source_id", "population_source_id", "citation_dated"]
    reported = rates[["date", "date_precision", "series", "origin", "value", "source_id",
                      "citation_dated"]].assign(
        date=rates["date"].dt.date.astype(str), kind="rate", low=rates["value"],
        high=rates["value"], population_source_id="")
    mine = computed.assign(series="computed", value=None, low=computed["rate_low"],
                           high=computed["rate_high"], source_id=computed[
                               "prisoners_source_id"],
                           population_source_id=computed["population_source_ids"],
                           citation_dated="")
    data = pd.concat([reported[columns], mine[columns]], ignore_index=True)
    data = data.sort_values(["date", "series", "low"])
    return data.reset_index(drop=True)


def rate_spans(ranges: pd.DataFrame) -> pd.DataFrame:
    """The computed rates one mark each: every range of one date and kind together (several
    prison figures of one date make one range), with whose figures they divide (`origins`,
    official first)."""
    columns = ["date", "date_precision", "year", "kind", "origin", "origins", "rows",
               "rate_low", "rate_high"]
    if ranges.empty:
        return pd.DataFrame(columns=columns)
    order = {o: i for i, o in enumerate(ORIGINS)}
    rows = []
    for (date, precision, kind), group in ranges.groupby(["date", "date_precision", "kind"],
                                                         sort=True):
        origins = sorted(set(group["origin"]), key=lambda o: order.get(o, 9))
        rows.append({"date": date, "date_precision": precision, "year": int(group["year"].iloc[0]),
                     "kind": kind, "origin": origins[0], "origins": ";".join(origins),
                     "rows": len(group), "rate_low": float(group["rate_low"].min()),
                     "rate_high": float(group["rate_high"].max())})
    return pd.DataFrame(rows, columns=columns).sort_values(["date", "kind"]).reset_index(
        drop=True)


def rate_mark(low: float, high: float, kind: str) -> str:
    """How a rate computed here is drawn: "floor" (a "more than"), "ring" (its ends round to
    the same whole number) or "bar" (a range)."""
    if kind == "lower_bound":
        return "floor"
    return "ring" if round(low) == round(high) else "bar"


def mark_origins(spans: pd.DataFrame) -> dict[str, list[str]]:
    """Whose head counts the rings and the bars of the computed rates divide (the colours
    each is drawn in), official first: {"ring": [...], "bar": [...]}."""
    out: dict[str, list[str]] = {"ring": [], "bar": [], "floor": []}
    drawn = [rate_mark(lo, hi, k) for lo, hi, k in
             zip(spans["rate_low"], spans["rate_high"], spans["kind"])]
    for shape in out:
        found = {o for o, d in zip(spans["origin"], drawn) if d == shape}
        out[shape] = [o for o in ORIGINS if o in found]
    return out


def origins_in(rows: pd.DataFrame) -> list[str]:
    """Whose head counts these computed rates divide, official first."""
    found = set(rows["origin"])
    return [o for o in ORIGINS if o in found]


def rate_summary(row) -> dict | None:
    """One computed rate (a row of computed_rate_ranges) as numbers.json gives it."""
    if row is None:
        return None
    return {"date": row["date"], "date_precision": str(row["date_precision"]),
            "year": int(row["year"]), "prisoners": int(row["prisoners"]),
            "kind": row["kind"], "origin": str(row["origin"]),
            "prisoners_parts_sum": value_or_none(row["prisoners_parts_sum"]),
            "low": float(row["rate_low"]), "high": float(row["rate_high"]),
            "source_ids": f"{row['prisoners_source_id']};{row['population_source_ids']}"}


def latest_computed(ranges: pd.DataFrame, kind: str | None = None) -> pd.Series | None:
    """The computed rate of the latest dated prison figure (a figure known only to its year
    comes before the dated figures of that year)."""
    rows = ranges if kind is None else ranges[ranges["kind"] == kind]
    if rows.empty:
        return None
    order = rows.assign(_y=rows["date_precision"] != "year", _d=pd.to_datetime(rows["date"]))
    return order.sort_values(["_d", "_y", "prisoners"], kind="stable").iloc[-1]


def rates_shown_summary(rates: pd.DataFrame, computed: pd.DataFrame, start_year: int,
                        whole: dict | None = None) -> dict:
    """What the incarceration-rate chart shows from `start_year` on (its words state these).
    `whole`: the story's numbers for all the data, whose latest figures are the selection's
    (a selection only drops older years); without it they are worked out here."""
    dates = list(rates["date"]) + list(pd.to_datetime(computed["date"]))
    wpb = rates[rates["series"] == "world_prison_brief"]["value"]
    if whole is None:
        by_series = latest_rate_by_series(rates)
        latest = latest_rate(rates) if not rates.empty else None
        dated = latest_dated_rate(rates) if not rates.empty else None
        last = rate_summary(latest_computed(computed))
    else:
        by_series = {s: r for s, r in whole["latest_incarceration_rate_by_series"].items()
                     if r["year"] >= start_year}
        latest = whole["latest_incarceration_rate"] if not rates.empty else None
        dated = whole["latest_dated_incarceration_rate"]
        dated = dated if dated is not None and dated["year"] >= start_year else None
        last = whole["computed_incarceration_rate"] if not computed.empty else None
    return {
        "from_year": start_year, "rows": len(rates), "computed_rows": len(computed),
        "first_date": iso(min(dates)), "first_year": int(min(dates).year),
        "last_date": iso(max(dates)), "last_year": int(max(dates).year),
        "latest": copy.deepcopy(latest), "latest_dated": copy.deepcopy(dated),
        "series": [s for s in RATE_SERIES if s in by_series],
        "unodc": copy.deepcopy(by_series.get("unodc")),
        "world_prison_brief_low": value_or_none(wpb.min()) if not wpb.empty else None,
        "world_prison_brief_high": value_or_none(wpb.max()) if not wpb.empty else None,
        "computed": copy.deepcopy(last),
    }


# --- cumulative counts: arrests, deaths -----------------------------------------------------------

def below_earlier(frame: pd.DataFrame) -> pd.DataFrame:
    """For running totals (arrests, one organisation's deaths): the earlier reports that a
    report falls below. Only a report whose whole date span lies before counts as earlier.
    `below_earlier` names them; `contradiction` is True only when a count or approximate
    figure falls below an earlier count or lower bound (a floor), since a running total cannot
    fall. A lower bound below an earlier figure, or a figure below an earlier approximation,
    is listed but is no contradiction. Nothing is changed: these are labels to print."""
    labels, strict = [], []
    rows = frame[["date", "date_precision", "kind", "low", "high", "source_id"]].to_dict(
        "records")
    for row in rows:
        top = row["high"] if not pd.isna(row["high"]) else row["low"]
        found, contradiction = [], False
        for earlier in rows:
            if earlier["low"] > top and definitely_before(
                    earlier["date"], earlier["date_precision"], row["date"],
                    row["date_precision"]):
                found.append(f"{earlier['source_id']} {iso(earlier['date'])}: "
                             f"{value_or_none(earlier['low'])} ({earlier['kind']})")
                if row["kind"] in ("count", "approx") and \
                        earlier["kind"] in ("count", "lower_bound"):
                    contradiction = True
        labels.append("; ".join(found))
        strict.append(contradiction)
    return pd.DataFrame({"below_earlier": pd.Series(labels, index=frame.index, dtype="object"),
                         "contradiction": pd.Series(strict, index=frame.index, dtype=bool)})


def arrests_table(arrests: pd.DataFrame) -> pd.DataFrame:
    table = arrests.sort_values(["date", "low", "source_id"]).reset_index(drop=True)
    return pd.concat([table, below_earlier(table)], axis=1)


def _report(row) -> dict:
    return {"date": iso(row["date"]), "date_precision": str(row["date_precision"]),
            "value": value_or_none(row["low"]), "kind": str(row["kind"]),
            "source_id": str(row["source_id"])}


def arrests_pace(arrests: pd.DataFrame, regime: pd.Timestamp) -> dict | None:
    """Whether arrests slowed after the state of exception's first year. The first year's
    figures are the latest counts or approximate figures whose date may fall within that year
    (their span starts before its end): several of that date give a range. The later figure
    is the latest count or approximate figure. Each period's pace (arrests a day) is a range
    over what its dates and figures may stand for; "slowed" only when the slowest the first
    year can have been is faster than the fastest the later period can have been ("quickened"
    the other way round, else "unclear"). None without such a figure."""
    firm = arrests[arrests["kind"].isin(["count", "approx"])]
    start = regime.date()
    year_end = (regime + pd.DateOffset(years=1)).date()  # the first day after the first year
    spans = [period(d, p) for d, p in zip(firm["date"], firm["date_precision"])]
    within = firm[[begin < year_end for begin, _ in spans]]
    if within.empty:
        return None
    last = within["date"].max()
    first_rows = within[within["date"] == last].sort_values(["low", "source_id"])
    low_row, high_row = first_rows.iloc[0], first_rows.iloc[-1]
    latest = firm.sort_values(["date", "low", "source_id"]).iloc[-1]
    first_start, first_end = period(last, low_row["date_precision"])
    latest_start, latest_end = period(latest["date"], latest["date_precision"])
    early = Span(low_row["low"] / max(1, (first_end - start).days),
                 high_row["low"] / max(1, (first_start - start).days))
    later = None
    if latest_start > first_end:
        later = Span((latest["low"] - high_row["low"]) / max(1, (latest_end - first_start).days),
                     (latest["low"] - low_row["low"]) / max(1, (latest_start - first_end).days))
    finding = ("first_year_only" if later is None else "slowed" if early.low > later.high
               else "quickened" if early.high < later.low else "unclear")
    first = _report(low_row)
    first["high"] = value_or_none(high_row["low"])
    first["source_ids"] = ";".join(first_rows["source_id"])
    return {"first_year_end": iso(year_end - pd.Timedelta(days=1)), "first": first,
            "latest": _report(latest),
            "per_day": {"first_year_low": early.low, "first_year_high": early.high,
                        "since_low": None if later is None else later.low,
                        "since_high": None if later is None else later.high},
            "finding": finding}


def deaths_table(deaths: pd.DataFrame) -> pd.DataFrame:
    """Every report, by organisation then date, with the data's flag and the contradiction
    check, run within each organisation's own series (not in a bucket of unnamed counters; a
    subset row is not a running total)."""
    order = {o: i for i, o in enumerate(ORGANISATIONS)}
    table = (deaths.assign(_o=deaths["organisation"].map(order))
             .sort_values(["_o", "date", "low", "source_id"]).drop(columns="_o")
             .reset_index(drop=True))
    checks = pd.DataFrame({"below_earlier": pd.Series("", index=table.index, dtype="object"),
                           "contradiction": pd.Series(False, index=table.index, dtype=bool)})
    for organisation in ORGANISATIONS:
        if organisation in BUCKETS:
            continue
        mask = (table["organisation"] == organisation) & (table["flag"].fillna("") != "subset")
        if mask.any():
            checks.loc[mask, :] = below_earlier(table[mask])
    return pd.concat([table, checks], axis=1)


def latest_deaths(deaths: pd.DataFrame) -> dict:
    """Each organisation's most recent unflagged report. Flagged reports (inconsistent,
    subset, date inferred) are not chosen as 'latest' but are published alongside. A bucket of
    unnamed counters has no latest figure of its own."""
    result = {}
    for organisation in ORGANISATIONS:
        if organisation in BUCKETS:
            continue
        rows = deaths[deaths["organisation"] == organisation]
        clean = rows[rows["flag"].isna()]
        if clean.empty:
            continue
        top = latest_row(clean, value="low")
        top["date_precision"] = str(clean[clean["date"] == pd.Timestamp(top["date"])][
            "date_precision"].iloc[0])
        later_flagged = rows[rows["flag"].notna() & (rows["date"] > pd.Timestamp(top["date"]))
                             & (rows["flag"] != "subset")]
        top["later_flagged"] = [f"{value_or_none(r['low'])} ({r['flag']}, {r['source_id']})"
                                for _, r in later_flagged.sort_values("date").iterrows()]
        result[organisation] = top
    return result


def deaths_in_cecot(deaths: pd.DataFrame) -> dict | None:
    """The latest count of deaths in CECOT itself (a `subset` row: part of an organisation's
    count), with the organisation and the date of its report."""
    rows = deaths[deaths["flag"] == "subset"]
    if rows.empty:
        return None
    top = latest_row(rows, value="low")
    row = rows[(rows["date"] == pd.Timestamp(top["date"]))
               & (rows["source_id"] == top["source_id"])].iloc[0]
    return {**top, "date_precision": str(row["date_precision"]),
            "organisation": str(row["organisation"]), "reports": len(rows)}


def flagged_deaths(deaths: pd.DataFrame) -> list[dict]:
    rows = deaths[deaths["flag"].notna()].sort_values(["date", "organisation", "source_id"])
    return [{"date": iso(r["date"]), "organisation": r["organisation"], "low": value_or_none(
        r["low"]), "high": value_or_none(r["high"]), "flag": r["flag"],
        "source_id": r["source_id"]} for _, r in rows.iterrows()]


def with_iso_dates(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A chart's data as written to its CSV: the given columns, dates as YYYY-MM-DD."""
    data = table[columns]
    return data.assign(date=data["date"].dt.date.astype(str))


# --- CECOT's share -------------------------------------------------------------------------------

def denominators(prison: pd.DataFrame) -> dict:
    """The national figures that can divide a head count, by date: counts and estimates (a
    "more than" figure is no denominator) that may stand as a figure of their date
    (with_headline_rule: no opinion piece, no figure whose author is not stated, no figure
    known only to its year, which has no date to be near to)."""
    usable = prison[prison["kind"] != "lower_bound"]
    if "headline_worthy" in usable:
        usable = usable[usable["headline_worthy"]]
    usable = with_parts(usable)
    return {date: rows for date, rows in usable.groupby("date", sort=True)}


def nearest_national(when: pd.Timestamp, prison: pd.DataFrame,
                     by_date: dict | None = None) -> dict:
    """The national prison population at the date nearest to `when` (see denominators).
    Equal distance: the earlier date. Several figures on that date: their range."""
    by_date = denominators(prison) if by_date is None else by_date
    if not by_date:
        raise ValueError("no national prison population figure")
    best = min(by_date, key=lambda d: (abs((d - when).days), d))
    rows = by_date[best]
    bodies = bodies_of(rows) if "body" in rows else []
    return {"date": best, "gap_days": int((when - best).days),
            "low": int(rows["low"].min()), "high": int(rows["high"].max()),
            "source_id": ";".join(sorted(set(rows["source_id"]))), "bodies": ";".join(bodies)}


def with_headline_worthy(reports: pd.DataFrame) -> pd.DataFrame:
    """Which head counts may carry a headline (cecot.headcounts.headline_worthy) and, for the
    others, why not: "opinion" (an opinion column, whatever its date), "date" (known only to
    the year), else the report's own flag in data/population.csv (a figure the data mark, a
    repeated phrase say), else "other"."""
    worthy = headcounts.headline_worthy(reports)
    flags = reports["flag"] if "flag" in reports else pd.Series([None] * len(reports),
                                                                   index=reports.index)
    because = []
    for ok, source_id, precision, flag in zip(worthy, reports["source_id"],
                                              reports["date_precision"], flags):
        if ok:
            because.append("")
        elif kinds(source_id) & {"opinion"}:
            because.append("opinion")
        elif precision not in headcounts.HEADLINE_PRECISIONS:
            because.append("date")
        else:
            because.append(flag if isinstance(flag, str) and flag else "other")
    return reports.assign(headline_worthy=worthy, not_headline_because=because)


def cecot_share(reports: pd.DataFrame, prison: pd.DataFrame) -> pd.DataFrame:
    """CECOT's head count as a share (%) of the national prison population at the nearest
    date. Range in, range out: the low share divides CECOT's low by the national high; a
    lower bound for CECOT gives a lower bound on its share (no high). Whether a report may
    carry a headline is carried over from `reports` (with_headline_worthy; every report when
    the column is missing)."""
    rows = []
    by_date = denominators(prison)
    for record in reports.itertuples():
        national = nearest_national(record.date, prison, by_date)
        cecot = Span.of_report(record.kind, record.low, record.high)
        pct = share_span(cecot, Span(national["low"], national["high"]))
        rows.append({
            "date": iso(record.date), "date_precision": record.date_precision,
            "report_id": record.report_id, "kind": record.kind,
            "headline_worthy": bool(getattr(record, "headline_worthy", True)),
            "not_headline_because": getattr(record, "not_headline_because", ""),
            "cecot_low": value_or_none(record.low), "cecot_high": value_or_none(cecot.high),
            "cecot_source_id": record.source_id,
            "national_date": iso(national["date"]), "gap_days": national["gap_days"],
            "national_low": national["low"], "national_high": national["high"],
            "national_source_id": national["source_id"],
            "national_bodies": national["bodies"],
            "share_low_pct": pct.low, "share_high_pct": pct.high,
        })
    return pd.DataFrame(rows)


# A share whose national figure is further than this from the head count is flagged on the
# chart (its national figure is from another season).
FAR_DAYS = 90


def latest_share(shares: pd.DataFrame) -> dict:
    """The latest share from a report that may carry a headline and whose national figure is
    from the same season (at most FAR_DAYS apart: a share of a total from most of a year
    earlier is drawn, flagged, and never a title)."""
    if "headline_worthy" in shares:
        shares = shares[shares["headline_worthy"]]
    shares = shares[shares["gap_days"].abs() <= FAR_DAYS]
    frame = shares.assign(date=pd.to_datetime(shares["date"]), low=shares["share_low_pct"],
                          source_id=shares["cecot_source_id"])
    top = latest_row(frame, value="low")
    row = shares[(shares["date"] == top["date"])
                 & (shares["cecot_source_id"] == top["source_id"])].iloc[0]
    return {"date": top["date"], "date_precision": str(row["date_precision"]),
            "report_id": row["report_id"], "kind": row["kind"],
            "low": float(row["share_low_pct"]), "high": value_or_none(row["share_high_pct"]),
            "unit": "percent", "cecot_low": value_or_none(row["cecot_low"]),
            "cecot_high": value_or_none(row["cecot_high"]),
            "national_date": row["national_date"], "gap_days": int(row["gap_days"]),
            "national_low": int(row["national_low"]), "national_high": int(row["national_high"]),
            "national_bodies": str(row["national_bodies"]),
            "source_ids": f"{row['cecot_source_id']};{row['national_source_id']}"}


def spacing(dates) -> int | None:
    """The fewest days between two of the distinct `dates` (None when there is only one)."""
    found = sorted(set(pd.to_datetime(pd.Series(list(dates)))))
    gaps = [(b - a).days for a, b in zip(found, found[1:])]
    return min(gaps) if gaps else None


def share_series_summary(shares: pd.DataFrame) -> dict:
    """What the CECOT-share chart states besides the latest share: its years, the widest gap
    between a CECOT date and its national date, the shares whose national figure is more than
    FAR_DAYS away, and the reports that may not carry a headline."""
    set_aside = shares[~shares["headline_worthy"]] if "headline_worthy" in shares \
        else shares.iloc[:0]
    far = shares[shares["gap_days"].abs() > FAR_DAYS]
    return {
        "rows": len(shares), "first_date": shares["date"].min(),
        "last_date": shares["date"].max(),
        "max_gap_days": int(shares["gap_days"].abs().max()),
        "far_days": FAR_DAYS,
        # The fewest days between two national figures the shares divide by (None with one).
        "national_min_spacing_days": spacing(shares["national_date"]),
        "far": [{"date": r["date"], "report_id": r["report_id"], "kind": r["kind"],
                 "low": float(r["share_low_pct"]), "high": value_or_none(r["share_high_pct"]),
                 "national_date": r["national_date"], "gap_days": int(r["gap_days"])}
                for _, r in far.iterrows()],
        "not_headline": [{"date": r["date"], "report_id": r["report_id"], "kind": r["kind"],
                          "cecot_low": value_or_none(r["cecot_low"]),
                          "cecot_high": value_or_none(r["cecot_high"]),
                          "low": float(r["share_low_pct"]),
                          "high": value_or_none(r["share_high_pct"]),
                          "because": r["not_headline_because"]}
                         for _, r in set_aside.iterrows()],
    }


# --- the story: what every parameter set shares, computed once per data version ---------------

@dataclass(frozen=True)
class Base:
    """Everything the story computes that does not depend on `start_year`."""

    tables: dict
    numbers: dict
    sources: dict
    as_of: dict
    years: dict  # table name -> the year of each row (what `start_year` selects on)


def data_version() -> tuple:
    """The content of every data file the story reads (validated and recorded as read by the
    loader): a key that changes whenever any of them does."""
    directory = cdata.data_dir()
    version = []
    for name in INPUTS:
        cdata.load_table(name, directory)
        path = directory / cdata.resource_descriptor(name, directory)["path"]
        version.append((name, cdata.file_digest(path)))
    return (str(directory), *version)


@lru_cache(maxsize=4)
def _base(version: tuple) -> Base:
    return compute_base()


def base() -> Base:
    """The parameter-independent part of the story for the data as they are now."""
    return _base(data_version())


def with_precision(top: dict, frame: pd.DataFrame) -> dict:
    """A latest_row result with the date precision of its row."""
    rows = frame[(frame["date"] == pd.Timestamp(top["date"]))
                 & (frame["source_id"] == top["source_id"])]
    return {**top, "date_precision": str(rows["date_precision"].iloc[0])}


def first_transfer(reports: pd.DataFrame) -> dict | None:
    """The first transfer of prisoners into CECOT the data record (data/population.csv)."""
    rows = reports[reports["kind"].isin(TRANSFER_KINDS)].sort_values(["date", "report_id"])
    if rows.empty:
        return None
    row = rows.iloc[0]
    return {"date": iso(row["date"]), "date_precision": str(row["date_precision"]),
            "report_id": str(row["report_id"]), "source_id": str(row["source_id"])}


def releases(rates: pd.DataFrame, sources: pd.DataFrame) -> dict:
    """The release (data/sources.csv `vintage`) each reported series was read in, where its
    sources record one: series -> the releases' dates."""
    vintage = dict(zip(sources["source_id"], sources["vintage"]))
    out = {}
    for series in RATE_SERIES:
        found = sorted({str(vintage[s]) for s in rates.loc[rates["series"] == series,
                                                             "source_id"]
                        if isinstance(vintage.get(s), str) and vintage.get(s)})
        if found:
            out[series] = found
    return out


def deaths_summary(deaths: pd.DataFrame) -> dict:
    """What the deaths chart's words count: rows, flags, organisations, the highest figure of
    unnamed counters and the latest relayed figure."""
    unnamed = deaths[deaths["organisation"].isin(BUCKETS)]
    drawn = deaths[deaths["flag"].fillna("") != "subset"]
    return {"rows": len(deaths), "drawn_rows": len(drawn),
            "flagged": int(deaths["flag"].notna().sum()),
            "flags": {str(flag): int(count) for flag, count in
                      deaths["flag"].dropna().value_counts().sort_index().items()},
            "organisations": [o for o in ORGANISATIONS if (deaths["organisation"] == o).any()],
            "named_organisations": len([o for o in ORGANISATIONS if o not in BUCKETS
                                        and (deaths["organisation"] == o).any()]),
            "first_date": iso(drawn["date"].min()),
            "unnamed_highest": value_or_none(unnamed["low"].max()) if not unnamed.empty
            else None}


def compute_base() -> Base:
    sources = cdata.load("sources")
    every = with_headline_rule(with_origin(with_parts(with_verification(
        cdata.load("prison_population"), sources)), sources))
    not_drawn = every[every["verification"].isin(NOT_DRAWN)]
    prison = every[~every["verification"].isin(NOT_DRAWN)].reset_index(drop=True)
    prison = prison.assign(yearly_series=yearly_series(prison))
    regime = regime_start(cdata.load("events"))
    national = cdata.load("national_population")
    every_rate = with_rate_origin(cdata.load("incarceration_rate"))
    unplaced = every_rate["citation_dated"] != ""
    rates = every_rate[~unplaced].reset_index(drop=True)
    arrests = arrests_table(cdata.load("arrests"))
    deaths = deaths_table(cdata.load("deaths_in_custody"))
    all_reports = headcounts.reports()
    reports = with_headline_worthy(headcounts.in_people(all_reports))
    shares = cecot_share(reports, prison)
    computed = computed_rates(rate_inputs(prison, rates), national)
    ranges = computed_rate_ranges(computed)

    latest = latest_prison(prison)
    pre = before(prison, regime)
    counts = prison[(prison["kind"] == "count") & (prison["origin"] == "official")]
    last_computed = latest_computed(ranges)
    drawn_deaths = deaths[deaths["flag"].fillna("") != "subset"]
    first_arrest = arrests.iloc[0]
    numbers = {
        "regime_start": iso(regime),
        "latest_prison_population": latest,
        "prison_population_set_aside": set_aside_prison(prison, latest["date"]),
        "latest_official_count": with_precision(latest_row(counts), counts),
        "pre_regime_prison_population": pre,
        "growth_since_pre_regime": growth(pre, latest["value"]),
        "prison_population_clusters": same_date_groups(prison),
        "incarceration_rates_not_drawn": [
            {"date": iso(r["date"]), "series": str(r["series"]),
             "value": value_or_none(r["value"]), "source_id": str(r["source_id"]),
             "refers_to": str(r["citation_dated"])}
            for _, r in every_rate[unplaced].iterrows()],
        "prison_population_not_drawn": [
            {"date": iso(r["date"]), "date_precision": str(r["date_precision"]),
             "value": value_or_none(r["value"]), "kind": str(r["kind"]),
             "body": str(r["body"]), "verification": str(r["verification"]),
             "source_id": str(r["source_id"])}
            for _, r in not_drawn.sort_values("date").iterrows()],
        "latest_incarceration_rate": latest_rate(rates),
        "latest_dated_incarceration_rate": latest_dated_rate(rates),
        "latest_incarceration_rate_by_series": latest_rate_by_series(rates),
        "computed_incarceration_rate": rate_summary(last_computed),
        "computed_incarceration_rate_count": rate_summary(latest_computed(ranges, "count")),
        "computed_incarceration_rate_pre_regime": computed_rate_before(ranges, regime),
        "years_without_population": years_without_population(prison, national),
        "latest_arrests": with_precision(latest_row(arrests, value="low"), arrests),
        "arrests_pace": arrests_pace(arrests, regime),
        "arrests_reports": {"rows": len(arrests),
                            "lower_bounds": int((arrests["kind"] == "lower_bound").sum()),
                            "first_date": iso(first_arrest["date"]),
                            "first_date_precision": first_arrest["date_precision"],
                            "first_value": value_or_none(first_arrest["low"]),
                            "first_kind": first_arrest["kind"],
                            "first_source_id": first_arrest["source_id"]},
        "arrests_below_earlier_reports": int((arrests["below_earlier"] != "").sum()),
        "arrests_contradictions": int(arrests["contradiction"].sum()),
        "deaths_in_custody": latest_deaths(deaths),
        "deaths_in_cecot": deaths_in_cecot(deaths),
        "deaths_in_custody_flagged": flagged_deaths(deaths),
        "deaths_in_custody_reports": deaths_summary(deaths),
        "cecot_share": latest_share(shares),
        "cecot_share_series": share_series_summary(shares),
        "cecot_first_transfer": first_transfer(all_reports),
        "incarceration_rate_releases": releases(rates, sources),
    }
    tables = {
        # For the notebook and the charts' drawing (dates as the loader reads them).
        "prison": prison, "computed-rates": computed, "computed-rate-ranges": ranges,
        "rates": rates, "arrest-reports": arrests, "death-reports": deaths,
        "cecot-reports": reports,
        # Each chart's data, as written to its CSV.
        "arrests": with_iso_dates(arrests, [
            "date", "date_precision", "kind", "low", "high", "source_id",
            "below_earlier", "contradiction"]),
        "deaths-in-custody": with_iso_dates(drawn_deaths, [
            "organisation", "date", "date_precision", "kind", "low", "high", "flag",
            "source_id", "below_earlier", "contradiction"]),
        "cecot-share": shares,
    }
    # Sorted once: a selection takes their rows from `start_year` on (select).
    prison_sorted = population_table(prison, 0)
    rates_sorted = rate_table(rates, 0)
    spans = rate_spans(ranges)
    chart_rates = rate_chart_table(rates_sorted, ranges)
    tables.update({
        "prison-sorted": prison_sorted, "rates-sorted": rates_sorted,
        "computed-rate-spans": spans,
        "prison-population-all": with_iso_dates(prison_sorted, [
            "date", "date_precision", "value", "parts_sum", "kind", "origin", "body",
            "headline_worthy", "not_headline_because", "source_id", "verification"]),
        "incarceration-rate-all": chart_rates})
    years = {"prison-sorted": prison_sorted["date"].dt.year.to_numpy(),
             "rates-sorted": rates_sorted["date"].dt.year.to_numpy(),
             "computed-rate-ranges": ranges["year"].astype(int).to_numpy(),
             "computed-rate-spans": spans["year"].astype(int).to_numpy(),
             "incarceration-rate-all": pd.to_datetime(chart_rates["date"]).dt.year.to_numpy()}
    return Base(
        tables=tables, numbers=numbers, years=years,
        sources={"arrests": ids_of(arrests["source_id"]),
                 "deaths-in-custody": ids_of(deaths["source_id"]),
                 "cecot-share": ids_of(shares["cecot_source_id"],
                                       shares["national_source_id"])},
        as_of={"arrests": as_of(arrests), "deaths-in-custody": as_of(drawn_deaths),
               "cecot-share": as_of(shares)})


@dataclass(frozen=True)
class Selection:
    """What `start_year` selects: the two long-run charts' tables, numbers and sources."""

    tables: dict
    numbers: dict
    sources: dict
    as_of: dict


@lru_cache(maxsize=256)
def _selection(version: tuple, start_year: int) -> Selection:
    return select(_base(version), start_year)


def from_year(table: pd.DataFrame, years, start_year: int) -> pd.DataFrame:
    """The rows of a table (in its order) whose year is `start_year` or later."""
    return table[years >= start_year].reset_index(drop=True)


def select(shared: Base, start_year: int) -> Selection:
    """The prison population and incarceration rates from `start_year` on: rows of the tables
    the shared part sorted once, and the numbers that depend on them (the latest of anything
    is the same in every selection that holds any row: a selection only drops older years)."""
    t, n, years = shared.tables, shared.numbers, shared.years
    shown = from_year(t["prison-sorted"], years["prison-sorted"], start_year)
    rate_shown = from_year(t["rates-sorted"], years["rates-sorted"], start_year)
    ranges_shown = from_year(t["computed-rate-ranges"], years["computed-rate-ranges"],
                             start_year)
    first = shown.iloc[0]
    numbers = {
        "start_year": start_year,
        "prison_population_shown": {
            "from_year": start_year, "rows": len(shown), "first_date": iso(first["date"]),
            "first_value": value_or_none(first["value"]), "first_kind": first["kind"],
            "first_source_id": first["source_id"],
            "last_date": iso(shown["date"].iloc[-1]),
            "yearly_series": sorted(set(shown.loc[shown["yearly_series"], "source_id"])),
            "clusters": [c for c in n["prison_population_clusters"]
                         if c["date"] >= iso(first["date"])]},
        "incarceration_rate_shown": rates_shown_summary(rate_shown, ranges_shown, start_year,
                                                        n),
    }
    tables = {
        "prison-shown": shown, "rates-shown": rate_shown,
        "computed-rate-ranges-shown": ranges_shown,
        "computed-rate-spans-shown": from_year(t["computed-rate-spans"],
                                               years["computed-rate-spans"], start_year),
        "prison-population": from_year(t["prison-population-all"], years["prison-sorted"],
                                       start_year),
        "incarceration-rate": from_year(t["incarceration-rate-all"],
                                        years["incarceration-rate-all"], start_year),
    }
    return Selection(
        tables=tables, numbers=numbers,
        sources={"prison-population": ids_of(shown["source_id"]),
                 "incarceration-rate": ids_of(rate_shown["source_id"],
                                              ranges_shown["prisoners_source_id"],
                                              ranges_shown["population_source_ids"])},
        as_of={"prison-population": as_of(shown),
               "incarceration-rate": as_of(rate_shown, ranges_shown)})


def run(params: dict) -> Computed:
    """Every table and number of the story for one set of parameters: the shared part (once
    per data version) and what `start_year` selects (once per data version and year). Returns
    copies: nothing a caller does to them reaches either."""
    version = data_version()
    shared, chosen = _base(version), _selection(version, int(params["start_year"]))
    tables = {name: table for name, table in {**shared.tables, **chosen.tables}.items()
              if not name.endswith(("-sorted", "-all")) and name != "computed-rate-spans"}
    return Computed(
        params=dict(params),
        tables={name: table.copy() for name, table in tables.items()},
        numbers=copy.deepcopy({**shared.numbers, **chosen.numbers}),
        sources=copy.deepcopy({**shared.sources, **chosen.sources}),
        as_of={**shared.as_of, **chosen.as_of})
