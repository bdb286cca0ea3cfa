"""Space per prisoner: the arithmetic of the density story. Pure: data in, tables and numbers
out; nothing drawn, no language.

One basis: the floor of one cell (about 100 m², as several outlets report) shared by the people
in it (people ÷ cells). The 2.4 hectares of "cell space" once used as a second basis is given
only by Wikipedia (and equals the Financial Times' 0.6 m² × 40,000, from which it was probably
derived): it is set aside, and the FT's own estimate is shown as what it is, a reported figure.
"""

from __future__ import annotations

import math

import pandas as pd

from ... import data as cdata
from ... import facility, headcounts
from ...computed import Computed
from ...params import defaults
from ...ranges import Span
from ...reports import iso, value_or_none
from ...sources import ids_of, kinds, register


# --- arithmetic ----------------------------------------------------------------------------------

def space_per_person(area_m2: float, people: float) -> float:
    """Floor area each person has when `people` share `area_m2` equally."""
    if people <= 0:
        raise ValueError("people must be positive")
    return area_m2 / people


def people_per_cell(population: float, cells: int) -> float:
    if cells <= 0:
        raise ValueError("cells must be positive")
    return population / cells


def people_within_guideline(area_m2: float, guideline_m2: float) -> int:
    """How many whole people the area holds at the guideline's space per person."""
    if guideline_m2 <= 0:
        raise ValueError("guideline_m2 must be positive")
    # A tiny epsilon so 3.4 * 10 = 34.0 m² still counts as room for 10, despite binary floats.
    return math.floor(area_m2 / guideline_m2 + 1e-9)


def people_within_cells(cells: int, cell_m2: float, guideline_m2: float) -> int:
    """How many whole people the cells hold at the guideline's space per person: each cell
    holds whole people, and no one's share of floor is split between two cells (256 cells of
    100 m² hold 29 each at 3.4 m², 7,424 in all, not the 7,529 of the floor taken as one)."""
    return cells * people_within_guideline(cell_m2, guideline_m2)


def guideline_ratio(guideline_m2: float, actual_m2: float) -> float:
    """How many times more space the guideline asks for than each person has."""
    return guideline_m2 / actual_m2


def scale_bar_m(side_m: float) -> float:
    """The longest round length (1, 2 or 5 times a power of ten) that fits along a side."""
    power = 10 ** math.floor(math.log10(side_m))
    return max(step * power for step in (1, 2, 5) if step * power <= side_m)


def space_at(people: Span, cells: int, cell_m2: float) -> Span:
    """Space per person in one cell for a head count given as a span: more people, less space,
    so "more than 15,000" people means "at most" this much space."""
    return (people / cells).divide_into(cell_m2)


# --- the yardstick --------------------------------------------------------------------------------

def parameter_problem(params: dict) -> tuple[str, str] | None:
    """A standard chosen by id and a different free guideline_m2 contradict each other; the
    cell drawn to scale needs at least one person per cell."""
    if params["population"] < params["cells"]:
        return "population", (f"{params['population']} people in {params['cells']} cells is "
                              "less than one person per cell")
    standards = cdata.load("space_standards").set_index("standard_id")
    chosen, free = params["standard"], params["guideline_m2"]
    if free > 0 and chosen != defaults("density")["standard"] and \
            free != standards.loc[chosen, "m2_per_person"]:
        return "guideline_m2", (f"{free:g} m² is not the figure of standard '{chosen}' "
                                f"({standards.loc[chosen, 'm2_per_person']:g} m²): give the "
                                "standard or a custom guideline_m2, not both")
    return None


def yardstick(standards: pd.DataFrame, standard: str, guideline_m2: float) -> dict:
    """The space per person the story measures against: a standard's figure (by id), or a
    custom guideline_m2. A custom value equal to a standard's figure is that standard (the
    chosen one first); any other value is custom, never given a standard's name."""
    by_id = dict(zip(standards["standard_id"], standards["m2_per_person"]))
    if guideline_m2 <= 0:
        return {"standard_id": standard, "m2_per_person": float(by_id[standard]),
                "custom": False}
    if by_id.get(standard) == guideline_m2:
        return {"standard_id": standard, "m2_per_person": guideline_m2, "custom": False}
    matches = sorted(s for s, v in by_id.items() if v == guideline_m2)
    return {"standard_id": matches[0] if matches else None, "m2_per_person": guideline_m2,
            "custom": not matches}


# --- tables --------------------------------------------------------------------------------------

def standards_table(actual_m2: float, cells: int, cell_m2: float, population: int,
                    standards: pd.DataFrame) -> pd.DataFrame:
    """Each standard against the space per person: how many times more it asks for, and how
    many whole people the cells would hold at it (`people_within_cells`)."""
    rows = []
    for record in standards.sort_values("m2_per_person").itertuples():
        within = people_within_cells(cells, cell_m2, record.m2_per_person)
        rows.append({
            "standard_id": record.standard_id,
            "body": record.body,
            "setting": record.setting,
            "standard_m2_per_person": record.m2_per_person,
            "actual_m2_per_person": actual_m2,
            "ratio_standard_to_actual": guideline_ratio(record.m2_per_person, actual_m2),
            "people_within_standard": within,
            "people_above_standard": max(population - within, 0),
            "status": record.status,
            "source_id": record.source_id,
        })
    return pd.DataFrame(rows)


def observed(reports: pd.DataFrame, cells: int, cell_m2: float,
             repeat: bool = False) -> pd.DataFrame:
    """Space per person in a cell at each head count reported in people, ranges kept as ranges
    (per-cell reports and transfers belong to the occupancy story). `repeat`: the reports are
    repeated stock sentences (cecot.headcounts.repeats), which never carry a headline."""
    rows = []
    worthy = headcounts.headline_worthy(reports) & (not repeat)
    for record, headline in zip(reports.itertuples(), worthy):
        people = Span.of_report(record.kind, record.low, record.high)
        space = space_at(people, cells, cell_m2)
        rows.append({
            "report_id": record.report_id, "date": iso(record.date),
            "date_precision": record.date_precision, "kind": record.kind,
            "population_low": people.low, "population_high": people.high,
            "m2_per_person_low": space.low, "m2_per_person_high": space.high,
            "headline_worthy": bool(headline), "repeat": repeat,
            "date_inferred": isinstance(getattr(record, "flag", None), str)
            and record.flag == "date_inferred",
            "source_id": record.source_id,
        })
    return pd.DataFrame(rows, columns=["report_id", "date", "date_precision", "kind",
                                       "population_low", "population_high",
                                       "m2_per_person_low", "m2_per_person_high",
                                       "headline_worthy", "repeat", "date_inferred",
                                       "source_id"]
                        ).sort_values(["date", "report_id"], kind="stable").reset_index(drop=True)


# --- numbers -------------------------------------------------------------------------------------

def headline(population: int, cells: int, cell_m2: float, guideline_m2: float) -> dict:
    """The numbers the story publishes for one set of parameters."""
    per_cell = people_per_cell(population, cells)
    actual = space_per_person(cell_m2, per_cell)
    floor = cells * cell_m2
    return {
        "population": population,
        "cells": cells,
        "cell_m2": cell_m2,
        "floor_m2": floor,
        "people_per_cell": per_cell,
        "m2_per_person": actual,
        "guideline_m2": guideline_m2,
        "guideline_ratio": guideline_ratio(guideline_m2, actual),
        "people_within_guideline": people_within_cells(cells, cell_m2, guideline_m2),
        "people_per_cell_within_guideline": people_within_guideline(cell_m2, guideline_m2),
    }


def source_figures() -> dict:
    """The same arithmetic on the figures the sources give (not the parameters): what a data
    edit moves, and what the parameters' defaults are checked against."""
    capacity = facility.value("capacity_stated")
    cells = facility.cells()
    cell_m2 = facility.value("cell_area_m2")
    return {
        "capacity_from_sources": capacity,
        "cells_from_sources": cells,
        "blocks_from_sources": int(facility.value("blocks")),
        "cells_per_block_from_sources": int(facility.value("cells_per_block")),
        "cell_m2_from_sources": cell_m2,
        "m2_per_person_at_capacity_from_sources":
            space_per_person(cell_m2, people_per_cell(capacity, cells)),
        # What else stands on a cell's floor (the page says it in words).
        "bunks_per_cell_from_sources": int(facility.value("bunks_per_cell")),
        "toilets_per_cell_from_sources": int(facility.value("toilets_per_cell")),
        "sinks_per_cell_from_sources": int(facility.value("sinks_per_cell")),
    }


REPORT_KEYS = ("report_id", "date", "date_precision", "kind", "population_low",
               "population_high", "m2_per_person_low", "m2_per_person_high", "date_inferred",
               "source_id")


def report(row: pd.Series) -> dict:
    """One row of the observed table as numbers (an open end is None)."""
    return {key: value_or_none(row[key]) if key.startswith(("population", "m2")) else
            bool(row[key]) if key == "date_inferred" else row[key] for key in REPORT_KEYS}


def latest_observed(table: pd.DataFrame) -> dict:
    """The most recent population figure that may carry a headline (dated, not an opinion
    column)."""
    return report(table[table["headline_worthy"]].iloc[-1])


def below_since(table: pd.DataFrame, guideline_m2: float) -> dict | None:
    """The unbroken run of figures, ending with the latest, in which each person had less than
    the guideline (the most space a figure allows is below it), among the figures that may
    carry a headline: its first figure, how many figures it holds, whether it is every one of
    them and whether each gave half the guideline or less. None when the latest is not below."""
    worthy = table[table["headline_worthy"]].sort_values(["date", "report_id"], kind="stable")
    below = list(worthy["m2_per_person_high"] < guideline_m2)
    if not below or not below[-1]:
        return None
    start = len(below)
    while start > 0 and below[start - 1]:
        start -= 1
    run = worthy.iloc[start:]
    return {"first": report(run.iloc[0]), "reports": len(run), "every": start == 0,
            "half_or_less": bool((run["m2_per_person_high"] * 2 <= guideline_m2).all())}


def against_guideline(table: pd.DataFrame, guideline_m2: float) -> dict:
    """How many reported head counts give each person less than the guideline (the most space
    they allow is below it), at least the guideline (the least space is at or above it), or
    cannot tell (a range across it, or "more than" a count whose space has no floor)."""
    below = table["m2_per_person_high"] < guideline_m2
    above = table["m2_per_person_low"].notna() & (table["m2_per_person_low"] >= guideline_m2)
    most = table.sort_values(["m2_per_person_high", "date"], ascending=[False, True]).iloc[0]
    return {"below": int(below.sum()), "at_least": int(above.sum()),
            "cannot_tell": int((~below & ~above).sum()),
            "at_least_dates": [[d, p] for d, p in zip(table.loc[above, "date"],
                                                      table.loc[above, "date_precision"])],
            "most_space": report(most)}


def shape_of(figure: dict) -> str:
    """How a space per person computed from a reported figure is drawn: a ceiling (no least
    space: "more than" so many people), a range, or one value."""
    if figure["m2_per_person_low"] is None:
        return "computed_ceiling"
    if figure["m2_per_person_low"] < figure["m2_per_person_high"]:
        return "computed_range"
    return "computed"


WEAKEST = ("secondary", "copy", "original")  # how a standard was read, weakest first


def standards_read(charted: pd.DataFrame) -> dict:
    """How the project read each body's minimums (the bodies of the standards drawn, by the
    first part of their id: icrc, cpt, sphere): `secondary` when a standard is known only
    through another source quoting it (data/space_standards.csv `status`), `copy` when its own
    text was read in a copy (data/sources.csv `read_in`; `copy` names who published it),
    `original` when read in the body's own publication. A body with several standards takes
    the weakest."""
    known = register()
    found: dict[str, dict] = {}
    for record in charted.itertuples():
        source = known[record.source_id]
        how = "secondary" if record.status == "secondary" else \
            "copy" if source["read_in"] == "copy" else "original"
        body = record.standard_id.split("_")[0]
        entry = {"how": how, "copy": source["read_publisher"] if how == "copy" else "",
                 "source_id": record.source_id}
        if body not in found or WEAKEST.index(how) < WEAKEST.index(found[body]["how"]):
            found[body] = entry
    return found


def context(every: pd.DataFrame) -> dict:
    """What the page's paragraph of context cites: the first transfer into CECOT (the day it
    opened to prisoners), and the first day men deported by the United States arrived
    (data/costs.csv, the US agreement)."""
    moved = every[every["kind"].isin(("transfer", "transfer_lower_bound"))]
    first = moved.sort_values(["date", "report_id"]).iloc[0]
    costs = cdata.load("costs")
    flown = costs[costs["item"].str.startswith("us_deportees_received") & costs["date"].notna()]
    return {"first_transfer": {"date": iso(first["date"]), "people": int(first["low"]),
                               "more_than": first["kind"] == "transfer_lower_bound",
                               "source_id": first["source_id"]},
            "us_deportees_from": iso(flown["date"].min()),
            "us_deportees_source_ids": ids_of(flown.loc[flown["date"] == flown["date"].min(),
                                                        "source_id"])}


def drawn(seen: pd.DataFrame, repeated: pd.DataFrame) -> pd.DataFrame:
    """What the chart of reported figures draws: every figure, and the repeated sentences."""
    if repeated.empty:
        return seen.copy()
    return pd.concat([seen, repeated]).sort_values(["date", "report_id"], kind="stable"
                                                   ).reset_index(drop=True)


FACTS = ["capacity_stated", "blocks", "cells_per_block", "cells_total", "cell_area_m2",
         "space_per_inmate_at_capacity_m2"]


def run(params: dict) -> Computed:
    """Every table and number of the story for one set of parameters."""
    standards = cdata.load("space_standards")
    chosen = yardstick(standards, params["standard"], params["guideline_m2"])
    population, cells, cell_m2 = params["population"], params["cells"], params["cell_m2"]
    numbers = headline(population, cells, cell_m2, chosen["m2_per_person"])
    numbers["guideline_standard"] = chosen["standard_id"]
    numbers["guideline_custom"] = chosen["custom"]
    numbers.update(source_figures())
    capacity = numbers["capacity_from_sources"]
    numbers["ft_estimate"] = {"m2_per_person": facility.value("space_per_inmate_at_capacity_m2"),
                              "population": capacity}
    charted = standards[standards["status"] != "unverified"]
    numbers["standards_left_out"] = sorted(standards.loc[standards["status"] == "unverified",
                                                         "standard_id"])
    table = standards_table(numbers["m2_per_person"], numbers["cells"], numbers["cell_m2"],
                            population, charted)
    numbers["standards"] = {row.standard_id: {"m2_per_person": row.standard_m2_per_person,
                                              "ratio": row.ratio_standard_to_actual,
                                              "people_within": row.people_within_standard}
                            for row in table.itertuples()}
    every = headcounts.reports()
    reports = headcounts.in_people(every)
    seen = observed(reports, cells, cell_m2)
    # Stock sentences repeated after the fact: drawn in grey, never a figure of the series.
    repeated = observed(headcounts.in_people(headcounts.repeats()), cells, cell_m2,
                        repeat=True)
    numbers["observed"] = {
        "reports": len(seen),
        "latest": latest_observed(seen),
        "dates": list(seen["date"]),
        "m2_per_person": [[r.m2_per_person_low, r.m2_per_person_high]
                          for r in seen.itertuples()],
        "population": [[r.population_low, r.population_high] for r in seen.itertuples()],
        "first": report(seen.iloc[0]),
        # Head counts at or above the stated capacity (their lowest figure reaches it).
        "reaching_capacity": int((seen["population_low"] >= capacity).sum()),
        "against_guideline": against_guideline(seen, numbers["guideline_m2"]),
        "below_since": below_since(seen, numbers["guideline_m2"]),
        # Figures drawn but never in a headline: opinion columns, figures known only to the
        # year.
        "not_headline": [report(row) for _, row in seen[~seen["headline_worthy"]].iterrows()],
        "not_headline_opinion": [bool(kinds(s) & {"opinion"}) for s in
                                 seen.loc[~seen["headline_worthy"], "source_id"]],
        "last_headline_date": seen.loc[seen["headline_worthy"], "date"].iloc[-1],
        "repeats": [report(row) for _, row in repeated.iterrows()],
    }
    numbers["standards_read"] = standards_read(charted)
    # The outlets a chart's source line names before counting the others: those behind the
    # figures its title and labels give (the cell's floor, the FT's estimate, the latest
    # figure and the first of the run below the yardstick).
    table_facts = facility.facts()
    area = table_facts[(table_facts["fact_id"] == "cell_area_m2")
                       & (table_facts["value"] == numbers["cell_m2_from_sources"])]
    run_first = numbers["observed"]["below_since"]
    numbers["named_sources"] = {
        "cell_area": ids_of(area["source_id"]),
        "ft": facility.sources_of("space_per_inmate_at_capacity_m2")[:1],
        "latest": ids_of(numbers["observed"]["latest"]["source_id"]),
        "first_below": ids_of(run_first["first"]["source_id"]) if run_first else [],
    }
    numbers["context"] = context(every)
    aside = headcounts.set_aside()
    flagged = aside[aside["flag"].fillna("") == headcounts.IMPLAUSIBLE]
    numbers["set_aside_implausible"] = [
        {"report_id": r.report_id, "kind": r.kind, "population_low": float(r.low),
         "population_high": None if r.kind == "lower_bound" else float(r.high)}
        for r in flagged.sort_values("low").itertuples()]
    fit = numbers["people_per_cell_within_guideline"]
    numbers["scale_bar_m"] = scale_bar_m(math.sqrt(cell_m2))  # the cell drawn to scale
    latest = numbers["observed"]["latest"]
    bars = pd.DataFrame({
        "kind": ["cecot", "reported_estimate", "cecot_observed"] + ["standard"] * len(table),
        "id": ["cecot_at_population", "ft_estimate_at_capacity", latest["report_id"]]
        + list(table["standard_id"]),
        "m2_per_person_low": [numbers["m2_per_person"], numbers["ft_estimate"]["m2_per_person"],
                              latest["m2_per_person_low"]] + list(table["standard_m2_per_person"]),
        "m2_per_person_high": [numbers["m2_per_person"],
                               numbers["ft_estimate"]["m2_per_person"],
                               latest["m2_per_person_high"]]
        + list(table["standard_m2_per_person"]),
        # How each is drawn: a figure computed here hollow, a reported one solid; a ceiling
        # ("more than" so many people) as a mark with an arrow, a range as a range.
        "shape": ["computed", "reported", shape_of(latest)] + ["reported"] * len(table),
    })
    cell = pd.DataFrame({
        "panel": ["cecot", "guideline"],
        "cell_m2": [cell_m2, cell_m2],
        "people": [numbers["people_per_cell"], fit],
        "m2_per_person": [numbers["m2_per_person"],
                          space_per_person(cell_m2, fit) if fit else None],
        "scale_bar_m": numbers["scale_bar_m"],
    })
    guideline_source = [] if chosen["custom"] else list(
        standards.loc[standards["standard_id"] == chosen["standard_id"], "source_id"])
    cell_sources = facility.sources_of("cell_area_m2", "blocks", "cells_per_block")
    as_of = headcounts.as_of(reports[headcounts.headline_worthy(reports)])
    return Computed(
        params=dict(params),
        tables={"facts": facility.summary(FACTS), "disagreements": facility.disagreements(FACTS),
                "set_aside": facility.set_aside(), "standards": table, "observed": seen,
                "reports_set_aside": aside[["report_id", "date", "kind", "low", "high",
                                            "source_id", "flag"]],
                "space-at-reported-counts": drawn(seen, repeated).assign(cells=cells,
                                                                          cell_m2=cell_m2),
                "space-vs-standards": bars, "cell-to-scale": cell},
        numbers=numbers,
        sources={
            "space-at-reported-counts": ids_of(cell_sources, seen["source_id"],
                                               repeated["source_id"], guideline_source),
            "space-vs-standards": ids_of(cell_sources, facility.sources_of(
                "capacity_stated", "space_per_inmate_at_capacity_m2"), latest["source_id"],
                charted["source_id"], guideline_source),
            "cell-to-scale": ids_of(cell_sources, facility.sources_of("capacity_stated"),
                                    guideline_source),
        },
        as_of={"space-at-reported-counts": as_of, "space-vs-standards": as_of,
               "cell-to-scale": as_of})
