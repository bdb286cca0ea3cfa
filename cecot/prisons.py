"""El Salvador's prisons under the state of exception: the arithmetic and charts of the
prisons story (prison population, incarceration rates, arrests, deaths in custody and
CECOT's share of the prison population).

Every figure keeps the shape in which it was reported: a lower bound ("more than") stays a
lower bound, a range stays a range, each organisation's count of deaths is its own series and
a report the data flags is shown flagged, never dropped or smoothed. Nothing is interpolated.
"""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter

from . import data as cdata
from .style import number
from .errors import DataError, ParameterError
from .style import PALETTE, finalise_chart, frame_chart

REGIME_EVENT = "E08"  # data/events.csv: the state of exception approved (27 March 2022)
ORGANISATIONS = ("cristosal", "socorro_juridico", "other")
RATE_SERIES = ("unodc", "world_prison_brief", "other")
# Which row speaks for a date when several do: a count before an estimate before a bound.
KIND_RANK = {"count": 0, "approx": 1, "estimate": 1, "range": 2, "lower_bound": 3}
VERIFICATION_RANK = {"read": 0, "secondary": 1, "unverified": 2}


# --- small helpers -------------------------------------------------------------------------------

def value_or_none(value):
    """A plain int/float, or None for a missing value (pandas NA, NaN)."""
    if value is None or pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def iso(date) -> str:
    return pd.Timestamp(date).date().isoformat()


def period(date, precision: str) -> tuple[dt.date, dt.date]:
    """The days a date may stand for: a day, a whole month or a whole year."""
    day = pd.Timestamp(date).date()
    if precision == "day":
        return day, day
    if precision == "month":
        first = day.replace(day=1)
        next_month = (first + dt.timedelta(days=32)).replace(day=1)
        return first, next_month - dt.timedelta(days=1)
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    raise ValueError(f"unknown date precision '{precision}'")


def definitely_before(date_a, precision_a: str, date_b, precision_b: str) -> bool:
    """True only if every day `a` may stand for comes before every day `b` may stand for."""
    return period(date_a, precision_a)[1] < period(date_b, precision_b)[0]


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


def _ordered(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """Newest first; on one date, the count before the estimate before the bound."""
    out = frame.assign(_rank=frame["kind"].map(KIND_RANK).fillna(9))
    return out.sort_values(["date", "_rank", value, "source_id"],
                           ascending=[False, True, False, True]).drop(columns="_rank")


def latest_row(frame: pd.DataFrame, value: str = "value") -> dict:
    """The most recent report. If several share that date, the count wins over an estimate or
    a bound, and the others are listed (`same_date`) so the choice is never silent."""
    if frame.empty:
        raise ValueError("no rows")
    ordered = _ordered(frame, value)
    top = ordered.iloc[0]
    result = {"date": iso(top["date"]), "value": value_or_none(top[value]),
              "kind": str(top["kind"]), "source_id": str(top["source_id"])}
    if "high" in frame.columns and value == "low":
        result["high"] = value_or_none(top["high"])
    others = ordered.iloc[1:]
    others = others[others["date"] == top["date"]]
    result["same_date"] = [f"{value_or_none(r[value])} ({r['kind']}, {r['source_id']})"
                           for _, r in others.iterrows()]
    return result


def with_verification(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add the weakest verification status of the row's source ids (data/sources.csv)."""
    status = dict(zip(sources["source_id"], sources["verification"]))

    def weakest(ids: str) -> str:
        found = [status.get(i, "unverified") for i in str(ids).split(";")]
        return max(found, key=lambda s: VERIFICATION_RANK.get(s, 9))

    return frame.assign(verification=frame["source_id"].map(weakest))


def regime_start(events: pd.DataFrame) -> pd.Timestamp:
    rows = events[events["event_id"] == REGIME_EVENT]
    if rows.empty:
        raise DataError("data/events.csv", f"no row for event '{REGIME_EVENT}' (the state of "
                        "exception)", column="event_id")
    return pd.Timestamp(rows["date"].iloc[0])


def source_ids(*frames: pd.DataFrame) -> list[str]:
    """Every source id the frames cite, in order of first appearance."""
    ids: list[str] = []
    for frame in frames:
        for value in frame["source_id"]:
            for part in str(value).split(";"):
                if part and part not in ids:
                    ids.append(part)
    return ids


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


def check_start_year(prison: pd.DataFrame, start_year: int) -> None:
    problem = start_year_problem(prison, start_year)
    if problem:
        raise ParameterError("start_year", problem, "prisons")


def parameter_problem(params: dict) -> tuple[str, str] | None:
    """For stories.py's cross_check: refuse, before any kernel starts, a start year after the
    last figure in the data."""
    problem = start_year_problem(cdata.load("prison_population"), params["start_year"])
    return ("start_year", problem) if problem else None


def before(frame: pd.DataFrame, when: pd.Timestamp, value: str = "value") -> dict:
    """The figures for the last date before `when`: low and high over counts and estimates
    (several sources often give that date different figures)."""
    earlier = frame[(frame["date"] < when) & (frame["kind"] != "lower_bound")]
    if earlier.empty:
        raise ValueError("no figure before that date")
    last = earlier["date"].max()
    rows = earlier[earlier["date"] == last].sort_values([value, "source_id"])
    return {"date": iso(last), "low": value_or_none(rows[value].min()),
            "high": value_or_none(rows[value].max()),
            "figures": [f"{value_or_none(r[value])} ({r['kind']}, {r['source_id']})"
                        for _, r in rows.iterrows()]}


def growth(start: dict, end_value: float) -> dict:
    """How many times `end_value` is the earlier figure: a range when the earlier one is."""
    return {"from_low": start["low"], "from_high": start["high"], "to": end_value,
            "ratio_low": end_value / start["high"], "ratio_high": end_value / start["low"]}


# --- incarceration rates --------------------------------------------------------------------------

def computed_rates(prison: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Prisoners per 100,000 from each prison figure and each sourced population figure of the
    same calendar year. A year without a population figure gets no rate (never interpolated);
    a year with several population figures gets one rate per figure (a range)."""
    rows = []
    for record in prison.sort_values(["date", "value", "source_id"]).itertuples():
        year = record.date.year
        for pop in national[national["year"] == year].sort_values("source_id").itertuples():
            rows.append({
                "date": iso(record.date), "year": year, "kind": record.kind,
                "prisoners": int(record.value), "prisoners_source_id": record.source_id,
                "population": int(pop.population), "population_source_id": pop.source_id,
                "rate_per_100k": rate_per_100k(record.value, pop.population),
            })
    columns = ["date", "year", "kind", "prisoners", "prisoners_source_id", "population",
               "population_source_id", "rate_per_100k"]
    return pd.DataFrame(rows, columns=columns)


def computed_rate_ranges(rates: pd.DataFrame) -> pd.DataFrame:
    """One row per prison figure: the lowest and highest rate over the population figures."""
    if rates.empty:
        return pd.DataFrame(columns=["date", "year", "kind", "prisoners", "prisoners_source_id",
                                     "rate_low", "rate_high", "population_source_ids"])
    grouped = rates.groupby(["date", "year", "kind", "prisoners", "prisoners_source_id"],
                            sort=True)
    out = grouped.agg(rate_low=("rate_per_100k", "min"), rate_high=("rate_per_100k", "max"),
                      population_source_ids=("population_source_id",
                                             lambda s: ";".join(sorted(s))))
    return out.reset_index().sort_values(["date", "prisoners"]).reset_index(drop=True)


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
            "value": value_or_none(top["value"]), "series": str(top["series"]),
            "source_id": str(top["source_id"])}


def latest_rate_by_series(rates: pd.DataFrame) -> dict:
    return {series: latest_rate(rates[rates["series"] == series])
            for series in RATE_SERIES if (rates["series"] == series).any()}


# --- cumulative counts: arrests, deaths -----------------------------------------------------------

def below_earlier(frame: pd.DataFrame) -> pd.DataFrame:
    """For running totals (arrests, one organisation's deaths): the earlier reports that a
    report falls below. Only a report whose whole date span lies before counts as earlier.
    `below_earlier` names them; `contradiction` is True only when a count or approximate
    figure falls below an earlier count or lower bound (a floor), since a running total cannot
    fall. A lower bound below an earlier figure, or a figure below an earlier approximation,
    is listed but is no contradiction. Nothing is changed: these are labels to print."""
    labels, strict = [], []
    for _, row in frame.iterrows():
        top = row["high"] if not pd.isna(row["high"]) else row["low"]
        found, contradiction = [], False
        for _, earlier in frame.iterrows():
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


def deaths_table(deaths: pd.DataFrame) -> pd.DataFrame:
    """Every report, by organisation then date, with the data's flag and the contradiction
    check (run within Cristosal's and Socorro Jurídico's own series; 'other' mixes counters,
    so it is not checked; a subset row is not a running total)."""
    order = {o: i for i, o in enumerate(ORGANISATIONS)}
    table = (deaths.assign(_o=deaths["organisation"].map(order))
             .sort_values(["_o", "date", "low", "source_id"]).drop(columns="_o")
             .reset_index(drop=True))
    checks = pd.DataFrame({"below_earlier": pd.Series("", index=table.index, dtype="object"),
                           "contradiction": pd.Series(False, index=table.index, dtype=bool)})
    for organisation in ORGANISATIONS[:2]:
        mask = (table["organisation"] == organisation) & (table["flag"].fillna("") != "subset")
        if mask.any():
            checks.loc[mask, :] = below_earlier(table[mask])
    return pd.concat([table, checks], axis=1)


def latest_deaths(deaths: pd.DataFrame) -> dict:
    """Each organisation's most recent unflagged report. Flagged reports (inconsistent,
    subset, date inferred) are not chosen as 'latest' but are published alongside."""
    result = {}
    for organisation in ORGANISATIONS:
        rows = deaths[deaths["organisation"] == organisation]
        clean = rows[rows["flag"].isna()]
        if clean.empty:
            continue
        top = latest_row(clean, value="low")
        later_flagged = rows[rows["flag"].notna() & (rows["date"] > pd.Timestamp(top["date"]))]
        top["later_flagged"] = [f"{value_or_none(r['low'])} ({r['flag']}, {r['source_id']})"
                                for _, r in later_flagged.sort_values("date").iterrows()]
        result[organisation] = top
    return result


def flagged_deaths(deaths: pd.DataFrame) -> list[dict]:
    rows = deaths[deaths["flag"].notna()].sort_values(["date", "organisation", "source_id"])
    return [{"date": iso(r["date"]), "organisation": r["organisation"], "low": value_or_none(
        r["low"]), "high": value_or_none(r["high"]), "flag": r["flag"],
        "source_id": r["source_id"]} for _, r in rows.iterrows()]


# --- CECOT's share -------------------------------------------------------------------------------

def people_reports(population: pd.DataFrame) -> pd.DataFrame:
    """CECOT head counts in people (not transfers, shares of capacity or per-cell figures)."""
    rows = population[(population["unit"] == "people")
                      & ~population["kind"].isin(cdata.TRANSFER_KINDS)]
    return rows.sort_values(["date", "report_id"]).reset_index(drop=True)


def nearest_national(when: pd.Timestamp, prison: pd.DataFrame) -> dict:
    """The national prison population at the date nearest to `when` (counts and estimates;
    a 'more than' figure is no denominator). Equal distance: the earlier date. Several
    figures on that date: their range."""
    usable = prison[prison["kind"] != "lower_bound"]
    dates = sorted(set(usable["date"]))
    if not dates:
        raise ValueError("no national prison population figure")
    best = min(dates, key=lambda d: (abs((d - when).days), d))
    rows = usable[usable["date"] == best]
    return {"date": best, "gap_days": int((when - best).days),
            "low": int(rows["value"].min()), "high": int(rows["value"].max()),
            "source_id": ";".join(sorted(set(rows["source_id"])))}


def cecot_share(reports: pd.DataFrame, prison: pd.DataFrame) -> pd.DataFrame:
    """CECOT's head count as a share (%) of the national prison population at the nearest
    date. Range in, range out: the low share divides CECOT's low by the national high; a
    lower bound for CECOT gives a lower bound on its share (no high)."""
    rows = []
    for record in reports.itertuples():
        national = nearest_national(record.date, prison)
        high = None if record.kind == "lower_bound" or pd.isna(record.high) else record.high
        rows.append({
            "date": iso(record.date), "report_id": record.report_id, "kind": record.kind,
            "cecot_low": value_or_none(record.low), "cecot_high": value_or_none(high),
            "cecot_source_id": record.source_id,
            "national_date": iso(national["date"]), "gap_days": national["gap_days"],
            "national_low": national["low"], "national_high": national["high"],
            "national_source_id": national["source_id"],
            "share_low_pct": share(record.low, national["high"]),
            "share_high_pct": None if high is None else share(high, national["low"]),
        })
    return pd.DataFrame(rows)


def latest_share(shares: pd.DataFrame) -> dict:
    frame = shares.assign(date=pd.to_datetime(shares["date"]), low=shares["share_low_pct"],
                          source_id=shares["cecot_source_id"])
    top = latest_row(frame, value="low")
    row = shares[(shares["date"] == top["date"])
                 & (shares["cecot_source_id"] == top["source_id"])].iloc[0]
    return {"date": top["date"], "report_id": row["report_id"], "kind": row["kind"],
            "low": float(row["share_low_pct"]), "high": value_or_none(row["share_high_pct"]),
            "unit": "percent", "cecot_low": value_or_none(row["cecot_low"]),
            "cecot_high": value_or_none(row["cecot_high"]),
            "national_date": row["national_date"], "gap_days": int(row["gap_days"]),
            "national_low": int(row["national_low"]), "national_high": int(row["national_high"]),
            "source_ids": f"{row['cecot_source_id']};{row['national_source_id']}"}


# --- the story's numbers -----------------------------------------------------------------------

def as_of(*frames: pd.DataFrame) -> str:
    """The latest date any of the frames' figures refers to."""
    return max(pd.to_datetime(frame["date"]).max() for frame in frames).date().isoformat()


def headline(*, prison: pd.DataFrame, national: pd.DataFrame, rates: pd.DataFrame,
             arrests: pd.DataFrame, deaths: pd.DataFrame, shares: pd.DataFrame,
             regime: pd.Timestamp, start_year: int) -> dict:
    """The numbers the story publishes (numbers.json)."""
    shown = population_table(prison, start_year)
    first = shown.iloc[0]
    latest = latest_row(prison)
    counts = prison[prison["kind"] == "count"]
    latest_count = latest_row(counts)
    pre = before(prison, regime)
    computed = computed_rate_ranges(computed_rates(prison, national))
    last_computed = computed.iloc[-1]
    last_count = computed[computed["kind"] == "count"].iloc[-1]
    arrests_latest = latest_row(arrests, value="low")
    return {
        "start_year": start_year,
        "latest_prison_population": latest,
        "latest_prison_population_count": latest_count,
        "prison_population_shown": {"from_year": start_year, "rows": len(shown),
                                    "first_date": iso(first["date"]),
                                    "first_value": value_or_none(first["value"]),
                                    "first_kind": first["kind"],
                                    "first_source_id": first["source_id"]},
        "pre_regime_prison_population": pre,
        "growth_since_pre_regime": growth(pre, latest["value"]),
        "latest_incarceration_rate": latest_rate(rates),
        "latest_incarceration_rate_by_series": latest_rate_by_series(rates),
        "computed_incarceration_rate": {
            "date": last_computed["date"], "year": int(last_computed["year"]),
            "prisoners": int(last_computed["prisoners"]), "kind": last_computed["kind"],
            "low": float(last_computed["rate_low"]), "high": float(last_computed["rate_high"]),
            "source_ids": f"{last_computed['prisoners_source_id']};"
                          f"{last_computed['population_source_ids']}"},
        "computed_incarceration_rate_count": {
            "date": last_count["date"], "year": int(last_count["year"]),
            "prisoners": int(last_count["prisoners"]), "kind": last_count["kind"],
            "low": float(last_count["rate_low"]), "high": float(last_count["rate_high"]),
            "source_ids": f"{last_count['prisoners_source_id']};"
                          f"{last_count['population_source_ids']}"},
        "years_without_population": years_without_population(prison, national),
        "latest_arrests": arrests_latest,
        "arrests_below_earlier_reports": int((arrests["below_earlier"] != "").sum()),
        "arrests_contradictions": int(arrests["contradiction"].sum()),
        "deaths_in_custody": latest_deaths(deaths),
        "deaths_in_custody_flagged": flagged_deaths(deaths),
        "cecot_share": latest_share(shares),
    }


# --- charts ------------------------------------------------------------------------------------

TEXT = {
    "en": {
        "kinds": {"count": "count", "approx": "approximate", "estimate": "estimate",
                  "range": "range", "lower_bound": "lower bound ('more than')"},
        "unverified": "source not re-verified",
        "regime": "State of exception",
        "people": "people held",
        "pop_title": "El Salvador's prisons held {latest} people by {when}",
        "pop_subtitle": "National prison population as reported, {first}–{last}; several "
                        "sources often give one date different figures, and all are shown. "
                        "Before the state of exception: {pre}",
        "pop_alt": "Scatter chart of El Salvador's prison population from {first} to {last}: "
                   "{pre} people before the state of exception of March 2022, and {latest} "
                   "({kind}) by {when}.",
        "rate_title": "Prisoners per 100,000 people: {latest} by {when}, the latest rate "
                      "reported",
        "rate_subtitle": "Incarceration rate as reported by each series, kept apart, and as "
                         "computed here from the prison population and a sourced population "
                         "figure of the same year (a range where there are several)",
        "rate_alt": "Scatter chart of El Salvador's incarceration rate per 100,000 from {first} "
                    "to {last}, by series: UNODC up to {unodc}, World Prison Brief {wpb}, "
                    "others up to {latest} in {when}; computed here: {computed}.",
        "series": {"unodc": "UNODC", "world_prison_brief": "World Prison Brief",
                   "other": "other (outlets, NGOs)", "computed": "computed here (range)"},
        "per_100k": "prisoners per 100,000 inhabitants",
        "arrests_title": "{latest} arrests under the state of exception by {when}",
        "arrests_subtitle": "Cumulative arrests reported since 27 March 2022; arrows mark "
                            "'more than' figures. Arrests, not people: releases are not "
                            "subtracted",
        "arrests_alt": "Chart of cumulative arrests under El Salvador's state of exception, "
                       "from {first_value} in {first} to {latest} ({kind}) by {when}; "
                       "{bounds} of the {rows} reports are lower bounds.",
        "arrests": "arrests (cumulative)",
        "deaths_title": "At least {sjh} deaths in custody, by Socorro Jurídico's count",
        "deaths_subtitle": "Deaths in state custody since March 2022 as counted by each "
                           "organisation; each is its own series. Circled reports are "
                           "flagged in the data and shown as reported",
        "deaths_alt": "Chart of deaths in custody under the state of exception by counting "
                      "organisation: Socorro Jurídico Humanitario {sjh} ({sjh_date}), Cristosal "
                      "{cristosal} ({cristosal_date}), other counts up to {other}; {flagged} "
                      "flagged reports are circled.",
        "deaths": "deaths (cumulative)",
        "organisations": {"cristosal": "Cristosal", "socorro_juridico":
                          "Socorro Jurídico Humanitario", "other": "other counters"},
        "flags": {"inconsistent": "inconsistent", "subset": "in CECOT only (subset)",
                  "date_inferred": "date inferred"},
        "flagged": "flagged in the data",
        "share_title": "CECOT holds {latest} of El Salvador's prisoners",
        "share_subtitle": "CECOT head counts as a share of the national prison population at "
                          "the nearest date (up to {gap} days apart); ranges stay ranges, "
                          "arrows mark 'more than' figures",
        "share_alt": "Chart of CECOT's share of El Salvador's prison population from {first} "
                     "to {last}: {first_share} after the second transfer, {latest} in the "
                     "latest report ({when}).",
        "share": "% of the national prison population",
    },
    "es": {
        "kinds": {"count": "conteo", "approx": "aproximado", "estimate": "estimación",
                  "range": "rango", "lower_bound": "cota mínima («más de»)"},
        "unverified": "fuente no verificada de nuevo",
        "regime": "Régimen de excepción",
        "people": "personas presas",
        "pop_title": "Las cárceles de El Salvador tenían {latest} presos en {when}",
        "pop_subtitle": "Población penitenciaria nacional según cada fuente, {first}–{last}; "
                        "varias fuentes suelen dar cifras distintas para una misma fecha y se "
                        "muestran todas. Antes del régimen de excepción: {pre}",
        "pop_alt": "Gráfico de puntos de la población penitenciaria de El Salvador de {first} a "
                   "{last}: {pre} personas antes del régimen de excepción de marzo de 2022 y "
                   "{latest} ({kind}) en {when}.",
        "rate_title": "Presos por cada 100 000 habitantes: {latest} en {when}, la última "
                      "tasa publicada",
        "rate_subtitle": "Tasa de encarcelamiento según cada serie, por separado, y calculada "
                         "aquí con la población penitenciaria y una cifra de población con "
                         "fuente del mismo año (un rango si hay varias)",
        "rate_alt": "Gráfico de puntos de la tasa de encarcelamiento de El Salvador por cada "
                    "100 000 habitantes de {first} a {last}, por serie: ONUDD hasta {unodc}, "
                    "World Prison Brief {wpb}, otras hasta {latest} en {when}; calculada aquí: "
                    "{computed}.",
        "series": {"unodc": "ONUDD", "world_prison_brief": "World Prison Brief",
                   "other": "otras (medios, ONG)", "computed": "calculada aquí (rango)"},
        "per_100k": "presos por cada 100 000 habitantes",
        "arrests_title": "{latest} capturas bajo el régimen de excepción hasta {when}",
        "arrests_subtitle": "Capturas acumuladas informadas desde el 27 de marzo de 2022; las "
                            "flechas marcan cifras de «más de». Son capturas, no personas: no "
                            "se restan las liberaciones",
        "arrests_alt": "Gráfico de capturas acumuladas bajo el régimen de excepción de El "
                       "Salvador, de {first_value} en {first} a {latest} ({kind}) hasta {when}; "
                       "{bounds} de las {rows} cifras son cotas mínimas.",
        "arrests": "capturas (acumuladas)",
        "deaths_title": "Al menos {sjh} muertes bajo custodia, según Socorro Jurídico",
        "deaths_subtitle": "Muertes bajo custodia del Estado desde marzo de 2022 según cada "
                           "organización; cada una es su propia serie. Las cifras en círculo "
                           "están marcadas en los datos y se muestran tal como se informaron",
        "deaths_alt": "Gráfico de muertes bajo custodia durante el régimen de excepción según "
                      "cada organización: Socorro Jurídico Humanitario {sjh} ({sjh_date}), "
                      "Cristosal {cristosal} ({cristosal_date}), otros conteos hasta {other}; "
                      "{flagged} cifras marcadas aparecen en círculo.",
        "deaths": "muertes (acumuladas)",
        "organisations": {"cristosal": "Cristosal", "socorro_juridico":
                          "Socorro Jurídico Humanitario", "other": "otros conteos"},
        "flags": {"inconsistent": "incoherente", "subset": "solo en el CECOT (parte)",
                  "date_inferred": "fecha deducida"},
        "flagged": "marcada en los datos",
        "share_title": "El CECOT alberga {latest} de los presos de El Salvador",
        "share_subtitle": "Conteos del CECOT como parte de la población penitenciaria "
                          "nacional en la fecha más cercana (hasta {gap} días de distancia); "
                          "los rangos siguen siendo rangos y las flechas marcan «más de»",
        "share_alt": "Gráfico de la parte del CECOT en la población penitenciaria de El "
                     "Salvador de {first} a {last}: {first_share} tras el segundo traslado, "
                     "{latest} en la cifra más reciente ({when}).",
        "share": "% de la población penitenciaria nacional",
    },
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
}


def when(date, precision: str, lang: str) -> str:
    """A date as precisely as it was reported: '2025', 'March 2025' or '28 August 2025'."""
    day = pd.Timestamp(date)
    month = MONTHS[lang][day.month - 1]
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{month} {day.year}" if lang == "en" else f"{month} de {day.year}"
    return f"{day.day} {month} {day.year}" if lang == "en" else \
        f"{day.day} de {month} de {day.year}"


def _people_axis(ax, lang: str, digits: int = 0) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, digits)))


def _year_axis(ax, dates=None) -> None:
    """Years on the x axis (the same in both languages); with `dates`, the axis starts on
    1 January of the first year so that year is labelled, and ends a little after the last."""
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if dates is not None:
        dates = pd.to_datetime(pd.Series(list(dates)))
        first, last = dates.min(), dates.max()
        pad = max(pd.Timedelta(days=45), (last - first) * 0.03)
        ax.set_xlim(pd.Timestamp(first.year, 1, 1) - pad * 0.3, last + pad)


def _arrow_up(ax, x, y, length, colour) -> None:
    """An open-ended mark: the reported floor with an arrow pointing to 'more'."""
    xn = mdates.date2num(pd.Timestamp(x))
    ax.annotate("", xy=(xn, y + length), xytext=(xn, y),
                arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.2,
                                mutation_scale=9, shrinkA=0, shrinkB=0))
    ax.plot([xn], [y], marker="_", markersize=10, markeredgewidth=2, color=colour,
            linestyle="none")


def _kind_marker(ax, x, y, kind: str, colour: str, size: float = 6, zorder: int = 3):
    if kind == "count":
        ax.plot([x], [y], marker="o", markersize=size, color=colour, linestyle="none",
                zorder=zorder)
    else:
        ax.plot([x], [y], marker="o", markersize=size, markerfacecolor="white",
                markeredgecolor=colour, markeredgewidth=1.4, linestyle="none", zorder=zorder)


# The legend's open-ended mark: a floor with an arrow pointing up (drawn as a path, not as
# mathtext, so it renders the same whatever the text settings).
LOWER_BOUND_MARK = Path(
    [(-0.6, -1), (0.6, -1), (0, -1), (0, 0.3), (-0.4, 0.3), (0, 1), (0.4, 0.3), (0, 0.3)],
    [Path.MOVETO, Path.LINETO, Path.MOVETO, Path.LINETO, Path.MOVETO, Path.LINETO,
     Path.LINETO, Path.CLOSEPOLY])


def _kind_handles(text: dict, kinds, colour: str) -> list:
    handles = []
    for kind in kinds:
        label = text["kinds"][kind]
        if kind == "count":
            handles.append(Line2D([], [], marker="o", color=colour, linestyle="none",
                                  label=label))
        elif kind == "lower_bound":
            handles.append(Line2D([], [], marker=LOWER_BOUND_MARK, color=colour,
                                  markersize=11, markeredgewidth=1.6, linestyle="none",
                                  label=label))
        else:
            handles.append(Line2D([], [], marker="o", markerfacecolor="white",
                                  markeredgecolor=colour, markeredgewidth=1.4,
                                  linestyle="none", label=label))
    return handles


def _regime_line(ax, start: pd.Timestamp, text: dict) -> None:
    ax.axvline(start, color=PALETTE["muted"], linestyle="--", linewidth=1, zorder=1)
    ax.text(start, 0.98, " " + text["regime"], transform=ax.get_xaxis_transform(),
            ha="left", va="top", fontsize=8.5, color=PALETTE["muted"])


def chart_population(table: pd.DataFrame, *, pre: dict, regime: pd.Timestamp, lang: str,
                     output_dir, as_of: str):
    text = TEXT[lang]
    latest = latest_row(table)
    top = table[(table["date"] == pd.Timestamp(latest["date"]))
                & (table["source_id"] == latest["source_id"])].iloc[0]
    fmt = dict(latest=number(latest["value"], lang, 0),
               when=when(top["date"], top["date_precision"], lang),
               first=table["date"].min().year, last=table["date"].max().year,
               pre=f"{number(pre['low'], lang, 0)}–{number(pre['high'], lang, 0)}",
               kind=text["kinds"][latest["kind"]])
    title, subtitle = text["pop_title"].format(**fmt), text["pop_subtitle"].format(**fmt)
    sources = source_ids(table)
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=sources, lang=lang,
                             plot_height=3.6, left=0.11)
    span = float(table["value"].max())
    for record in table.itertuples():
        colour = PALETTE["grey"] if record.verification == "unverified" else PALETTE["blue"]
        if record.kind == "lower_bound":
            _arrow_up(ax, record.date, record.value, span * 0.07, colour)
        else:
            _kind_marker(ax, record.date, record.value, record.kind, colour)
    if table["date"].min() < regime:
        _regime_line(ax, regime, text)
    ax.set_ylim(0, span * 1.12)
    _people_axis(ax, lang)
    _year_axis(ax, table["date"])
    if table["date"].dt.year.nunique() > 12:
        ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.set_ylabel(text["people"])
    kinds = [k for k in ("count", "estimate", "lower_bound") if (table["kind"] == k).any()]
    handles = _kind_handles(text, kinds, PALETTE["blue"])
    if (table["verification"] == "unverified").any():
        handles.append(Line2D([], [], marker="o", color=PALETTE["grey"], linestyle="none",
                              label=text["unverified"]))
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)
    data = table[["date", "date_precision", "value", "kind", "source_id", "verification"]]
    data = data.assign(date=data["date"].dt.date.astype(str))
    return finalise_chart(
        fig, chart_id="prison-population", lang=lang, title=title, subtitle=subtitle,
        source_ids=sources, data=data, output_dir=output_dir,
        alt_text=text["pop_alt"].format(**fmt), as_of=as_of)


def chart_rates(rates: pd.DataFrame, computed: pd.DataFrame, *, regime: pd.Timestamp,
                lang: str, output_dir, as_of: str):
    text = TEXT[lang]
    latest = latest_rate(rates)
    by_series = latest_rate_by_series(rates)
    wpb = rates[rates["series"] == "world_prison_brief"]
    last_computed = computed.iloc[-1] if not computed.empty else None
    computed_text = "—" if last_computed is None else (
        f"{number(last_computed['rate_low'], lang, 0)}–"
        f"{number(last_computed['rate_high'], lang, 0)} ({last_computed['year']})")
    latest_rows = rates[(rates["date"] == pd.Timestamp(latest["date"]))]
    fmt = dict(latest=number(latest["value"], lang, 0),
               when=when(latest_rows["date"].iloc[0], latest_rows["date_precision"].iloc[0],
                         lang),
               first=min(rates["date"].min().year,
                         *(pd.to_datetime(computed["date"]).dt.year if not computed.empty
                           else [9999])),
               last=rates["date"].max().year,
               unodc=(f"{number(by_series['unodc']['value'], lang, 0)} "
                      f"({by_series['unodc']['year']})") if "unodc" in by_series else "—",
               wpb=(f"{number(wpb['value'].min(), lang, 0)}–"
                    f"{number(wpb['value'].max(), lang, 0)}") if not wpb.empty else "—",
               computed=computed_text)
    title, subtitle = text["rate_title"].format(**fmt), text["rate_subtitle"].format(**fmt)
    sources = source_ids(
        rates, computed.rename(columns={"prisoners_source_id": "source_id"}),
        computed.rename(columns={"population_source_ids": "source_id"}))
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=sources, lang=lang,
                             plot_height=3.6, left=0.11)
    styles = {"unodc": ("s", PALETTE["blue"]), "world_prison_brief": ("D", PALETTE["accent"]),
              "other": ("^", PALETTE["teal"])}
    handles = []
    for series in RATE_SERIES:
        rows = rates[rates["series"] == series]
        if rows.empty:
            continue
        marker, colour = styles[series]
        ax.plot(rows["date"], rows["value"], marker=marker, color=colour, linestyle="none",
                markersize=6, zorder=3)
        handles.append(Line2D([], [], marker=marker, color=colour, linestyle="none",
                              label=text["series"][series]))
    if not computed.empty:
        colour = PALETTE["gold"]
        top_rate = max(rates["value"].max(), computed["rate_high"].max())
        for record in computed.itertuples():
            x = pd.Timestamp(record.date)
            if record.kind == "lower_bound":
                _arrow_up(ax, x, record.rate_low, top_rate * 0.06, colour)
                continue
            if record.rate_high > record.rate_low:
                ax.plot([x, x], [record.rate_low, record.rate_high], color=colour, lw=2,
                        zorder=2)
            ax.plot([x, x], [record.rate_low, record.rate_high], marker="o", markersize=5,
                    markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.4,
                    linestyle="none", zorder=3)
        handles.append(Line2D([0, 1], [0, 0], color=colour, lw=2, marker="o", markersize=5,
                              markerfacecolor="white", markeredgecolor=colour,
                              label=text["series"]["computed"]))
    start = min(rates["date"].min(), pd.to_datetime(computed["date"]).min()
                if not computed.empty else rates["date"].min())
    if start < regime:
        _regime_line(ax, regime, text)
    top = max(rates["value"].max(), computed["rate_high"].max() if not computed.empty else 0)
    ax.set_ylim(0, top * 1.12)
    _people_axis(ax, lang)
    _year_axis(ax, list(rates["date"]) + list(pd.to_datetime(computed["date"])))
    span_years = rates["date"].max().year - start.year
    if span_years > 12:
        ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.set_ylabel(text["per_100k"])
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)
    reported = rates[["date", "series", "value", "source_id"]].assign(
        date=rates["date"].dt.date.astype(str), low=rates["value"], high=rates["value"],
        population_source_id="")
    mine = computed.assign(series="computed", value=None, low=computed["rate_low"],
                           high=computed["rate_high"], source_id=computed[
                               "prisoners_source_id"],
                           population_source_id=computed["population_source_ids"])
    data = pd.concat([reported, mine[["date", "series", "value", "source_id", "low", "high",
                                      "population_source_id"]]], ignore_index=True)
    data = data[["date", "series", "value", "low", "high", "source_id",
                 "population_source_id"]].sort_values(["date", "series", "low"])
    return finalise_chart(
        fig, chart_id="incarceration-rate", lang=lang, title=title, subtitle=subtitle,
        source_ids=sources, data=data.reset_index(drop=True), output_dir=output_dir,
        alt_text=text["rate_alt"].format(**fmt), as_of=as_of)


def chart_arrests(table: pd.DataFrame, *, lang: str, output_dir, as_of: str):
    text = TEXT[lang]
    latest = latest_row(table, value="low")
    top = table[(table["date"] == pd.Timestamp(latest["date"]))
                & (table["source_id"] == latest["source_id"])].iloc[0]
    first = table.iloc[0]
    article = "el " if lang == "es" and top["date_precision"] == "day" else ""
    fmt = dict(latest=number(latest["value"], lang, 0),
               when=article + when(top["date"], top["date_precision"], lang),
               kind=text["kinds"][latest["kind"]],
               first=when(first["date"], first["date_precision"], lang),
               first_value=number(first["low"], lang, 0), rows=len(table),
               bounds=int((table["kind"] == "lower_bound").sum()))
    title, subtitle = text["arrests_title"].format(**fmt), text["arrests_subtitle"].format(**fmt)
    sources = source_ids(table)
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=sources, lang=lang,
                             plot_height=3.6, left=0.11)
    colour = PALETTE["blue"]
    span = float(table["low"].max())
    firm = table[table["kind"] != "lower_bound"]
    ax.plot(firm["date"], firm["low"], color=colour, alpha=0.35, lw=1, zorder=1)
    for record in table.itertuples():
        if record.kind == "lower_bound":
            _arrow_up(ax, record.date, record.low, span * 0.06, PALETTE["accent"])
        else:
            _kind_marker(ax, record.date, record.low, record.kind, colour)
    ax.set_ylim(0, span * 1.12)
    _people_axis(ax, lang)
    _year_axis(ax, table["date"])
    ax.set_ylabel(text["arrests"])
    handles = _kind_handles(text, ["count", "approx"], colour) + \
        _kind_handles(text, ["lower_bound"], PALETTE["accent"])
    ax.legend(handles=handles, loc="lower right", fontsize=8.5)
    data = table[["date", "date_precision", "kind", "low", "high", "source_id",
                  "below_earlier", "contradiction"]]
    data = data.assign(date=data["date"].dt.date.astype(str))
    return finalise_chart(
        fig, chart_id="arrests", lang=lang, title=title, subtitle=subtitle,
        source_ids=sources, data=data, output_dir=output_dir,
        alt_text=text["arrests_alt"].format(**fmt), as_of=as_of)


ORG_COLOURS = {"cristosal": PALETTE["teal"], "socorro_juridico": PALETTE["accent"],
               "other": PALETTE["grey"]}


def chart_deaths(table: pd.DataFrame, *, lang: str, output_dir, as_of: str):
    text = TEXT[lang]
    latest = latest_deaths(table)
    other = table[table["organisation"] == "other"]

    def at(org: str, key: str) -> str:
        if org not in latest:
            return "—"
        if key == "value":
            return number(latest[org]["value"], lang, 0)
        row = table[(table["organisation"] == org)
                    & (table["date"] == pd.Timestamp(latest[org]["date"]))].iloc[0]
        return when(row["date"], row["date_precision"], lang)

    fmt = dict(sjh=at("socorro_juridico", "value"), sjh_date=at("socorro_juridico", "date"),
               cristosal=at("cristosal", "value"), cristosal_date=at("cristosal", "date"),
               other=number(other["low"].max(), lang, 0) if not other.empty else "—",
               flagged=int(table["flag"].notna().sum()))
    title, subtitle = text["deaths_title"].format(**fmt), text["deaths_subtitle"].format(**fmt)
    sources = source_ids(table)
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=sources, lang=lang,
                             plot_height=3.6, left=0.09)
    span = float(table["low"].max())
    handles = []
    for organisation in ORGANISATIONS:
        rows = table[table["organisation"] == organisation]
        if rows.empty:
            continue
        colour = ORG_COLOURS[organisation]
        if organisation != "other":  # 'other' mixes several counters: no line joins them
            line = rows[rows["kind"].isin(["count", "approx"])
                        & (rows["flag"].fillna("") != "subset")]
            ax.plot(line["date"], line["low"], color=colour, alpha=0.45, lw=1, zorder=1)
        for record in rows.itertuples():
            if record.kind == "lower_bound":
                _arrow_up(ax, record.date, record.low, span * 0.07, colour)
            else:
                _kind_marker(ax, record.date, record.low, record.kind, colour)
            if not pd.isna(record.flag):
                ax.plot([record.date], [record.low], marker="o", markersize=15,
                        markerfacecolor="none", markeredgecolor=PALETTE["ink"],
                        markeredgewidth=1.1, linestyle="none", zorder=4)
                ax.annotate(text["flags"][record.flag], (mdates.date2num(record.date),
                                                         record.low),
                            xytext=(9, -3) if record.flag != "subset" else (9, 4),
                            textcoords="offset points", fontsize=7.5, color=PALETTE["ink"],
                            ha="left", va="top" if record.flag != "subset" else "bottom")
        handles.append(Line2D([], [], marker="o", color=colour, alpha=0.9,
                              linestyle="-" if organisation != "other" else "none",
                              label=text["organisations"][organisation]))
    handles += _kind_handles(text, ["count", "approx"], PALETTE["ink"])
    handles += _kind_handles(text, ["lower_bound"], PALETTE["ink"])
    handles.append(Line2D([], [], marker="o", markersize=11, markerfacecolor="none",
                          markeredgecolor=PALETTE["ink"], linestyle="none",
                          label=text["flagged"]))
    ax.set_ylim(0, span * 1.15)
    _people_axis(ax, lang)
    _year_axis(ax, table["date"])
    ax.set_ylabel(text["deaths"])
    ax.legend(handles=handles, loc="upper left", fontsize=8, ncols=2)
    data = table[["organisation", "date", "date_precision", "kind", "low", "high", "flag",
                  "source_id", "below_earlier", "contradiction"]]
    data = data.assign(date=data["date"].dt.date.astype(str))
    return finalise_chart(
        fig, chart_id="deaths-in-custody", lang=lang, title=title, subtitle=subtitle,
        source_ids=sources, data=data, output_dir=output_dir,
        alt_text=text["deaths_alt"].format(**fmt), as_of=as_of)


def pct(value: float, lang: str) -> str:
    text = number(value, lang, 1)
    return f"{text} %" if lang == "es" else f"{text}%"


def share_text(low: float, high, lang: str) -> str:
    at_least = {"en": "at least ", "es": "al menos "}[lang]
    if high is None or pd.isna(high):
        return at_least + pct(low, lang)
    if round(low, 1) == round(high, 1):
        return pct(low, lang)
    return f"{number(low, lang, 1)}–{pct(high, lang)}"


def chart_share(shares: pd.DataFrame, reports: pd.DataFrame, *, lang: str, output_dir,
                as_of: str):
    text = TEXT[lang]
    latest = latest_share(shares)
    row = reports[reports["report_id"] == latest["report_id"]].iloc[0]
    first = shares.iloc[0]
    fmt = dict(latest=share_text(latest["low"], latest["high"], lang),
               when=when(row["date"], row["date_precision"], lang),
               gap=int(shares["gap_days"].abs().max()),
               first=pd.Timestamp(shares["date"].min()).year,
               last=pd.Timestamp(shares["date"].max()).year,
               first_share=share_text(first["share_low_pct"], first["share_high_pct"], lang))
    title, subtitle = text["share_title"].format(**fmt), text["share_subtitle"].format(**fmt)
    sources = source_ids(
        shares.rename(columns={"cecot_source_id": "source_id"}),
        shares.rename(columns={"national_source_id": "source_id"}))
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=sources, lang=lang,
                             plot_height=3.6, left=0.09)
    colour = PALETTE["purple"]
    span = float(shares["share_low_pct"].max())
    highs = shares["share_high_pct"].dropna()
    if not highs.empty:
        span = max(span, float(highs.max()))
    for record in shares.itertuples():
        x = pd.Timestamp(record.date)
        high = record.share_high_pct
        if record.kind == "lower_bound" or high is None or pd.isna(high):
            _arrow_up(ax, x, record.share_low_pct, span * 0.07, colour)
        elif high - record.share_low_pct > 0.05:
            ax.plot([x, x], [record.share_low_pct, high], color=colour, lw=3,
                    solid_capstyle="butt", zorder=2, alpha=0.7)
        else:
            _kind_marker(ax, x, record.share_low_pct, record.kind, colour)
    handles = _kind_handles(text, ["count", "approx"], colour)
    handles.append(Line2D([], [], color=colour, lw=3, alpha=0.7, label=text["kinds"]["range"]))
    handles += _kind_handles(text, ["lower_bound"], colour)
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)
    ax.set_ylim(0, span * 1.15)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, 0)))
    _year_axis(ax, shares["date"])
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))
    ax.set_ylabel(text["share"])
    return finalise_chart(
        fig, chart_id="cecot-share", lang=lang, title=title, subtitle=subtitle,
        source_ids=sources, data=shares, output_dir=output_dir,
        alt_text=text["share_alt"].format(**fmt), as_of=as_of)
