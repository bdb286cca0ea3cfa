"""How full are CECOT's cells: the arithmetic of the occupancy story. Pure: data in, tables and
numbers out.

Every population report keeps the shape it was given in. A range stays a range, and a lower
bound ("more than 14,500") keeps an open upper end: it never becomes a point. Per-cell reports
and shares of capacity are converted to people, kept as ranges and marked as converted.
Transfers are people moved in, not a population level: they are kept apart.
"""

from __future__ import annotations

import pandas as pd

from ... import data as cdata
from ... import facility, headcounts
from ...computed import Computed
from ...errors import DataError
from ...ranges import Span
from ...rules import OPEN_ABOVE_KINDS, TRANSFER_KINDS
from ...sources import ids_of, kinds

POPULATION_FILE = "data/population.csv"


# --- arithmetic ----------------------------------------------------------------------------------

def to_people(span: Span, unit: str, *, cells: int, share_base: float) -> tuple[Span, str]:
    """A report in people, and what it was converted from ('' when it was given in people).

    people_per_cell × cells; share_of_capacity × share_base (the capacity the share was of).
    """
    if unit == "people":
        return span, ""
    if unit == "people_per_cell":
        return span * cells, "people_per_cell"
    if unit == "share_of_capacity":
        return span * share_base, "share_of_capacity"
    raise ValueError(f"unknown unit '{unit}'")


def per_cell(span: Span, cells: int) -> Span:
    """People per cell if everyone is spread evenly over `cells` cells."""
    if cells <= 0:
        raise ValueError("cells must be positive")
    return span / cells


def occupancy_rate(span: Span, capacity: float) -> Span:
    """Share of `capacity` in use (1.0 = full); an open-ended report has an open-ended rate."""
    if capacity <= 0:
        raise ValueError("capacity must be positive")
    return span / capacity


def without_bunk(span_per_cell: Span, bunks_per_cell: int) -> Span:
    """People per cell with no sleeping place: people per cell − bunks, never below 0. An
    open end stays open."""
    if bunks_per_cell <= 0:
        raise ValueError("bunks_per_cell must be positive")
    return (span_per_cell - bunks_per_cell).at_least(0.0)


def space_in_cell(cell_m2: float, span_per_cell: Span) -> Span:
    """Floor space per person in one cell. More people means less space: the low end of people
    gives the most space; a lower bound on people gives no least space, an upper bound ("up
    to") no most space."""
    if cell_m2 <= 0:
        raise ValueError("cell_m2 must be positive")
    return span_per_cell.divide_into(cell_m2)


def at_population(population: float, *, capacity: float, design_capacity: float, cells: int,
                  bunks_per_cell: int, cell_m2: float) -> dict:
    """Per-cell figures for one exact population (the stated capacity, or a scenario)."""
    span = Span.point(population)
    cell = per_cell(span, cells)
    return {
        "population": population,
        "people_per_cell": cell.low,
        "occupancy_rate": occupancy_rate(span, capacity).low,
        "occupancy_rate_design": occupancy_rate(span, design_capacity).low,
        "people_without_bunk_per_cell": without_bunk(cell, bunks_per_cell).low,
        "m2_per_person_in_cell": space_in_cell(cell_m2, cell).high,
    }


# --- the reports -----------------------------------------------------------------------------

def snapshots(reports: pd.DataFrame, *, capacity: float, design_capacity: float, cells: int,
              bunks_per_cell: int, cell_m2: float, share_base: float,
              repeat: bool = False) -> pd.DataFrame:
    """Every report of a population level (transfers excluded), in people and per cell, with
    occupancy against both capacities, people without a bunk and space per person in a cell.
    `_high` columns are None for a lower bound, `m2_per_person_in_cell_min` too; `_low`
    columns and `m2_per_person_in_cell_max` are None for an upper bound ("up to").
    `repeat`: the reports are sentences repeated after the fact (cecot.headcounts.repeats),
    which never carry a headline."""
    rows = []
    levels = reports[~reports["kind"].isin(TRANSFER_KINDS)]
    for r in levels.sort_values(["date", "report_id"]).itertuples():
        reported = Span.of_report(r.kind, r.low, r.high)
        people, converted_from = to_people(reported, r.unit, cells=cells, share_base=share_base)
        # A per-cell report is kept as said, not divided back from its converted total.
        cell = reported if r.unit == "people_per_cell" else per_cell(people, cells)
        rate = occupancy_rate(people, capacity)
        rate_design = occupancy_rate(people, design_capacity)
        no_bunk = without_bunk(cell, bunks_per_cell)
        space = space_in_cell(cell_m2, cell)
        rows.append({
            "report_id": r.report_id, "date": r.date.date().isoformat(),
            "date_precision": r.date_precision, "kind": r.kind, "unit": r.unit,
            "reported_low": reported.low, "reported_high": reported.high,
            "open_ended": reported.open_above, "open_below": reported.open_below,
            "converted_from": converted_from,
            "population_low": people.low, "population_high": people.high,
            "people_per_cell_low": cell.low, "people_per_cell_high": cell.high,
            "occupancy_rate_low": rate.low, "occupancy_rate_high": rate.high,
            "occupancy_rate_design_low": rate_design.low,
            "occupancy_rate_design_high": rate_design.high,
            "people_without_bunk_per_cell_low": no_bunk.low,
            "people_without_bunk_per_cell_high": no_bunk.high,
            "m2_per_person_in_cell_max": space.high, "m2_per_person_in_cell_min": space.low,
            "source_id": r.source_id,
        })
    frame = pd.DataFrame(rows, columns=SNAPSHOT_COLUMNS)
    frame["headline_worthy"] = [bool(w) and not repeat for w in headcounts.headline_worthy(
        levels.sort_values(["date", "report_id"]))]
    frame["repeat"] = repeat
    # Keep None (not NaN) in the open-ended columns so an open end is never taken for a number.
    for column in frame.columns:
        if column.endswith(("_low", "_high", "_min", "_max")):
            frame[column] = pd.Series([None if pd.isna(v) else float(v) for v in frame[column]],
                                      dtype=object)
    return frame


SNAPSHOT_COLUMNS = [
    "report_id", "date", "date_precision", "kind", "unit", "reported_low", "reported_high",
    "open_ended", "open_below", "converted_from", "population_low", "population_high",
    "people_per_cell_low", "people_per_cell_high", "occupancy_rate_low", "occupancy_rate_high",
    "occupancy_rate_design_low", "occupancy_rate_design_high",
    "people_without_bunk_per_cell_low", "people_without_bunk_per_cell_high",
    "m2_per_person_in_cell_max", "m2_per_person_in_cell_min", "source_id"]


def transfers(reports: pd.DataFrame) -> pd.DataFrame:
    """People moved into CECOT on a date: not a population level, never added up into one.
    `more_than` marks a transfer reported as "more than" its figure."""
    moved = reports[reports["kind"].isin(TRANSFER_KINDS)].sort_values(["date", "report_id"])
    return pd.DataFrame({
        "report_id": list(moved["report_id"]),
        "date": [d.date().isoformat() for d in moved["date"]],
        "date_precision": list(moved["date_precision"]),
        "people": [float(v) for v in moved["low"]],
        "more_than": [kind in OPEN_ABOVE_KINDS for kind in moved["kind"]],
        "source_id": list(moved["source_id"]),
    }, columns=["report_id", "date", "date_precision", "people", "more_than", "source_id"])


def transfer_events(moved: pd.DataFrame) -> pd.DataFrame:
    """Transfers as events: several sources giving the same people moved on the same day are
    one transfer (their ids joined by ';'), never two."""
    if moved.empty:
        return moved.assign(sources=pd.Series(dtype=int))
    grouped = moved.groupby(["date", "people", "more_than"], sort=True, as_index=False).agg(
        report_id=("report_id", ";".join), date_precision=("date_precision", "first"),
        source_id=("source_id", ";".join), sources=("source_id", "size"))
    grouped = grouped.sort_values(["date", "people"], ascending=[True, False])
    return grouped[["report_id", "date", "date_precision", "people", "more_than", "source_id",
                    "sources"]].reset_index(drop=True)


def latest(table: pd.DataFrame) -> dict:
    """The most recent report given in people (converted reports excluded) that may carry a
    headline (dated to the day or month, not an opinion column), by date and, on the same
    date, by report id."""
    in_people = table[(table["converted_from"] == "") & table["headline_worthy"]]
    in_people = in_people.sort_values(["date", "report_id"])
    if in_people.empty:
        raise DataError(POPULATION_FILE, "no population report in people", column="unit")
    return figure(in_people.iloc[-1])


def figure(row) -> dict:
    """One report of the snapshots table as numbers (an open end is None)."""
    out = {k: row[k] for k in ["report_id", "date", "date_precision", "kind", "unit",
                                "converted_from", "source_id"]}
    out.update({"low": row["population_low"], "high": row["population_high"]})
    for name in ("people_per_cell", "occupancy_rate", "occupancy_rate_design",
                 "people_without_bunk_per_cell"):
        out[f"{name}_low"] = row[f"{name}_low"]
        out[f"{name}_high"] = row[f"{name}_high"]
    out["m2_per_person_in_cell_max"] = row["m2_per_person_in_cell_max"]
    out["m2_per_person_in_cell_min"] = row["m2_per_person_in_cell_min"]
    return out


def near_latest(table: pd.DataFrame, days: int = 45) -> pd.DataFrame:
    """Reports in people within `days` before the latest one: how much recent reports differ."""
    in_people = table[(table["converted_from"] == "") & table["headline_worthy"]]
    last = pd.Timestamp(latest(table)["date"])
    dates = pd.to_datetime(in_people["date"])
    return in_people[dates >= last - pd.Timedelta(days=days)].sort_values(["date", "report_id"])


def headline(table: pd.DataFrame, moved: pd.DataFrame, *, population: int, capacity: int,
             design_capacity: float, cells: int, bunks_per_cell: int, cell_m2: float) -> dict:
    """The numbers the story publishes for one set of parameters."""
    kw = dict(capacity=capacity, design_capacity=design_capacity, cells=cells,
              bunks_per_cell=bunks_per_cell, cell_m2=cell_m2)
    full = at_population(capacity, **kw)
    design = at_population(design_capacity, **kw)
    in_people = table[table["converted_from"] == ""]
    # Only a dated report from a source that is not an opinion column may carry a title
    # (cecot.headcounts).
    worthy = in_people[in_people["headline_worthy"]].sort_values(["date", "report_id"])
    # The highest: the largest low end; at the same low end, a "more than" figure is higher.
    top = worthy.sort_values(["population_low", "open_ended", "date", "report_id"]).iloc[-1]
    numbers = {
        "capacity": capacity,
        "design_capacity": design_capacity,
        "cells": cells,
        "bunks_per_cell": bunks_per_cell,
        "bunk_places": bunks_per_cell * cells,
        "cell_m2": cell_m2,
        "capacity_people_per_cell": full["people_per_cell"],
        "capacity_people_without_bunk_per_cell": full["people_without_bunk_per_cell"],
        "capacity_m2_per_person_in_cell": full["m2_per_person_in_cell"],
        "design_capacity_people_per_cell": design["people_per_cell"],
        "design_capacity_people_without_bunk_per_cell": design["people_without_bunk_per_cell"],
        "reports": len(table),
        "reports_in_people": len(in_people),
        "reports_converted": int((table["converted_from"] != "").sum()),
        "transfers": len(moved),
        "lowest_reported": in_people["population_low"].min(),
        "highest_reported_low": top["population_low"],
        "highest_reported_is_lower_bound": bool(top["open_ended"]),
        "highest": figure(top),
        "first": figure(worthy.iloc[0]),
        "latest": latest(table),
        # The stated capacity of the data (data/facility.csv): a capacity parameter that
        # differs from it is a scenario.
        "capacity_is_stated": capacity == facility.value("capacity_stated"),
    }
    if population > 0:
        numbers["scenario"] = at_population(population, **kw)
    return numbers


def against_bunks(table: pd.DataFrame, bunks_per_cell: int) -> dict:
    """How the reports that may carry a headline stand against the bunk places of a cell:
    `within` when even the high end is at most the bunk places, `above` when even the low end
    is more ("more than 80" is above 80 bunk places), `either_side` when the report's span
    crosses the line (a "more than" below it, a range across it). `not_counted`: the reports
    that may not carry a headline (known only to the year, or from an opinion column), drawn
    but not counted."""
    worthy = table[table["headline_worthy"]]
    within = above = 0
    for low, high, open_above in zip(worthy["people_per_cell_low"],
                                      worthy["people_per_cell_high"], worthy["open_ended"]):
        if high is not None and high <= bunks_per_cell:
            within += 1
        elif low is not None and (low > bunks_per_cell
                                  or (open_above and low >= bunks_per_cell)):
            above += 1
    return {"counted": len(worthy), "within": within, "above": above,
            "either_side": len(worthy) - within - above,
            "not_counted": len(table) - len(worthy)}


def chart_figures(table: pd.DataFrame, moved: pd.DataFrame, share_base: float,
                  bunks_per_cell: int, capacity: float) -> dict:
    """The other numbers the charts state: the dates the reports span, the first and latest
    per cell, the lowest and highest per cell, the transfers' smallest and largest, the capacity
    shares were converted with, and what the figures that may not carry a headline are."""
    worthy = table[table["headline_worthy"]].sort_values(["date", "report_id"])
    # An "up to" report has no low end to rank; only a headline-worthy report is stated.
    with_low = worthy[~worthy["open_below"]]
    top_cell = with_low.sort_values(["people_per_cell_low", "open_ended", "date",
                                     "report_id"]).iloc[-1]
    grey = table[~table["headline_worthy"]]
    return {
        "first_report_date": worthy["date"].min(),
        "last_report_date": worthy["date"].max(),
        "per_cell_first": figure(worthy.iloc[0]),
        "per_cell_latest": figure(worthy.iloc[-1]),
        "not_headline": [figure(row) for _, row in grey.iterrows()],
        "not_headline_opinion": [bool(kinds(s) & {"opinion"}) for s in grey["source_id"]],
        "per_cell_lowest": table["people_per_cell_low"].min(),
        "per_cell_highest_low": top_cell["people_per_cell_low"],
        "per_cell_highest_report": top_cell["report_id"],
        "per_cell_highest_is_lower_bound": bool(top_cell["open_ended"]),
        "transfer_people_smallest": moved["people"].min() if len(moved) else None,
        "transfer_people_largest": moved["people"].max() if len(moved) else None,
        "transfer_people": list(moved["people"]),
        "share_base": share_base,
        # Reports whose low end reaches the capacity (a "more than" counts by its floor).
        "reports_reaching_capacity": int(sum(1 for low in table["population_low"]
                                             if low is not None and low >= capacity)),
    }


def chart_data(table: pd.DataFrame, moved: pd.DataFrame | None, *, capacity: int,
               design_capacity: float, population: int, value: str, cells: int = 0,
               bunks_per_cell: int = 0, repeated: pd.DataFrame | None = None) -> pd.DataFrame:
    """The exact data behind a chart: one row per mark, reference lines included; a sentence
    repeated after the fact (`repeated`) is a mark of its own, "repeat"."""
    columns = ["mark", "report_id", "date", "date_precision", "kind", "converted_from", "low",
               "high", "open_ended", "open_below", "source_id"]
    rows = []
    if repeated is not None and len(repeated):
        table = pd.concat([table, repeated]).sort_values(["date", "report_id"], kind="stable")
    if value == "population":  # the timeline shows figures given in people only
        table = table[table["converted_from"] == ""]
    for r in table.itertuples():
        rows.append({"mark": "repeat" if getattr(r, "repeat", False) else "report",
                     "report_id": r.report_id, "date": r.date,
                     "date_precision": r.date_precision, "kind": r.kind,
                     "converted_from": r.converted_from, "low": getattr(r, f"{value}_low"),
                     "high": getattr(r, f"{value}_high"), "open_ended": r.open_ended,
                     "open_below": r.open_below, "source_id": r.source_id})
    if moved is not None:
        for r in moved.itertuples():
            rows.append({"mark": "transfer", "report_id": r.report_id, "date": r.date,
                         "date_precision": r.date_precision,
                         "kind": "transfer_lower_bound" if r.more_than else "transfer",
                         "converted_from": "", "low": r.people,
                         "high": None if r.more_than else r.people,
                         "open_ended": r.more_than, "open_below": False,
                         "source_id": r.source_id})
    divisor = cells if value == "people_per_cell" else 1
    lines = [("capacity_stated", capacity / divisor)]
    if value == "population":
        lines.append(("capacity_design_technician", design_capacity))
    else:
        lines.append(("bunks_per_cell", bunks_per_cell))
    if population > 0:
        lines.append(("scenario", population / divisor))
    for name, level in lines:
        rows.append({"mark": "line", "report_id": name, "date": "", "date_precision": "",
                     "kind": "", "converted_from": "", "low": level, "high": level,
                     "open_ended": False,
                     "open_below": False, "source_id": ""})
    return pd.DataFrame(rows, columns=columns)


def sourced_figures(reports: pd.DataFrame) -> dict:
    """What the page says from the data alone (never from the parameters): the cells, sleeping
    places and capacity the sources give, the first transfer, the figures set aside as
    implausible."""
    moved = reports[reports["kind"].isin(TRANSFER_KINDS)].sort_values(["date", "report_id"])
    first = moved.iloc[0]
    aside = headcounts.set_aside()
    flagged = aside[aside["flag"].fillna("") == headcounts.IMPLAUSIBLE]
    return {
        "cells_from_sources": facility.cells(),
        "bunks_per_cell_from_sources": facility.value("bunks_per_cell"),
        "capacity_from_sources": facility.value("capacity_stated"),
        "context": {"first_transfer": {"date": first["date"].date().isoformat(),
                                       "people": int(first["low"]),
                                       "source_id": first["source_id"]}},
        "set_aside_implausible": [
            {"report_id": r.report_id, "kind": r.kind, "low": float(r.low),
             "high": None if r.kind in OPEN_ABOVE_KINDS else float(r.high)}
            for r in flagged.sort_values("low").itertuples()],
    }


def drawn(table: pd.DataFrame, repeated: pd.DataFrame, people_only: bool) -> pd.DataFrame:
    """The reports a chart draws, in date order: the figures, and the sentences repeated after
    the fact (in grey); the timeline draws only figures given in people."""
    if len(repeated):
        table = pd.concat([table, repeated]).sort_values(["date", "report_id"], kind="stable")
    if people_only:
        table = table[table["converted_from"] == ""]
    return table.reset_index(drop=True)


FACTS = ["capacity_stated", "capacity_design_technician", "blocks", "cells_per_block",
         "cell_area_m2", "bunks_per_cell"]


@cdata.memo("population", "facility", "sources")
def fixed() -> dict:
    """What no parameter changes: the reports, the transfers, the facts (once per data
    version)."""
    reports = headcounts.reports()
    moved = transfers(reports)
    return {"reports": reports, "moved": moved, "events": transfer_events(moved),
            "sourced": sourced_figures(reports), "repeats": headcounts.repeats()}


def run(params: dict) -> Computed:
    """Every table and number of the story for one set of parameters."""
    population, capacity, cells = params["population"], params["capacity"], params["cells"]
    bunks, cell_m2 = params["bunks_per_cell"], params["cell_m2"]
    stated = facility.value("capacity_stated")
    design_capacity = facility.value("capacity_design_technician")
    kw = dict(capacity=capacity, design_capacity=design_capacity, cells=cells,
              bunks_per_cell=bunks, cell_m2=cell_m2)
    base = fixed()
    reports, moved, events = base["reports"], base["moved"], base["events"]
    table = snapshots(reports, share_base=stated, **kw)
    # Sentences repeated after the fact: drawn in grey, never a figure of the series.
    repeated = snapshots(base["repeats"], share_base=stated, repeat=True, **kw)
    numbers = headline(table, moved, population=population, **kw)
    numbers["transfer_events"] = len(events)
    numbers.update(base["sourced"])
    numbers["charts"] = chart_figures(table, events, stated, bunks, capacity)
    # Who reported the design capacity: the chart names them.
    numbers["charts"]["design_capacity_sources"] = facility.sources_of(
        "capacity_design_technician")
    numbers["charts"]["repeats"] = [figure(row) for _, row in repeated.iterrows()]
    # The outlets the source lines name before counting the others: those behind the first
    # and the latest figure the titles give, the design capacity and the sleeping places.
    facts_table = facility.facts()
    bunk_rows = facts_table[(facts_table["fact_id"] == "bunks_per_cell")
                            & (facts_table["value"] == facility.value("bunks_per_cell"))]
    numbers["named_sources"] = {
        "first": ids_of(numbers["first"]["source_id"]),
        "latest": ids_of(numbers["latest"]["source_id"]),
        "design": facility.sources_of("capacity_design_technician"),
        "bunks": ids_of(bunk_rows["source_id"]),
    }
    facts = facility.facts()
    stated_sources = facility.sources_of("capacity_stated") if numbers["capacity_is_stated"] \
        else []
    timeline = chart_data(table, events, value="population", capacity=capacity,
                          design_capacity=design_capacity, population=population,
                          repeated=repeated)
    as_of = headcounts.as_of(reports[headcounts.headline_worthy(reports)])
    lines = dict(capacity=capacity, design_capacity=design_capacity, population=population)
    return Computed(
        params=dict(params),
        tables={"facts": facts[facts["fact_id"].isin(FACTS)][
                    ["fact_id", "value", "unit", "source_id"]].reset_index(drop=True),
                "disagreements": facility.disagreements(FACTS),
                "at_capacity": pd.DataFrame([
                    {"name": name, **at_population(people, **kw)}
                    for name, people in (("capacity", capacity),
                                         ("design_capacity", design_capacity))]),
                "snapshots": table, "repeats": repeated,
                # What each chart draws: the figures and the repeated sentences, by date.
                "timeline_reports": drawn(table, repeated, people_only=True),
                "per_cell_reports": drawn(table, repeated, people_only=False),
                "transfers": moved,
                "transfer_events": events,
                "set_aside": headcounts.set_aside(),
                "near_latest": near_latest(table),
                "population-timeline": timeline,
                "people-per-cell": chart_data(table, None, value="people_per_cell", cells=cells,
                                              bunks_per_cell=bunks, repeated=repeated,
                                              **lines)},
        numbers=numbers,
        # Both charts draw the same figures (the story's reports, in people and per cell, the
        # transfers, the repeated sentence) against the same facts: they cite one list, the
        # page's.
        sources={chart: cited for chart in ("population-timeline", "people-per-cell")
                 for cited in [ids_of(
                     stated_sources, facility.sources_of(
                         "capacity_design_technician", "bunks_per_cell", "blocks",
                         "cells_per_block", "cell_area_m2"),
                     table["source_id"], repeated["source_id"], events["source_id"])]},
        as_of={"population-timeline": as_of, "people-per-cell": as_of})
