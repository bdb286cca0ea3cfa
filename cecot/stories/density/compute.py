"""Space per prisoner: the arithmetic of the density story. Pure: data in, tables and numbers
out; nothing drawn, no language."""

from __future__ import annotations

import math

import pandas as pd

from ... import data as cdata
from ... import facility, headcounts
from ...computed import Computed
from ...params import defaults
from ...ranges import Span
from ...sources import ids_of


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


def guideline_ratio(guideline_m2: float, actual_m2: float) -> float:
    """How many times more space the guideline asks for than each person has."""
    return guideline_m2 / actual_m2


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

def standards_table(area_m2: float, population: int, standards: pd.DataFrame) -> pd.DataFrame:
    """Each standard against the actual space per person for `population` in `area_m2`."""
    actual = space_per_person(area_m2, population)
    rows = []
    for record in standards.sort_values("m2_per_person").itertuples():
        within = people_within_guideline(area_m2, record.m2_per_person)
        rows.append({
            "standard_id": record.standard_id,
            "body": record.body,
            "setting": record.setting,
            "standard_m2_per_person": record.m2_per_person,
            "actual_m2_per_person": actual,
            "ratio_standard_to_actual": guideline_ratio(record.m2_per_person, actual),
            "people_within_standard": within,
            "people_above_standard": max(population - within, 0),
            "status": record.status,
            "source_id": record.source_id,
        })
    return pd.DataFrame(rows)


def reported_density(population: pd.DataFrame, cell_area_m2: float, cells: int,
                     cell_m2: float) -> pd.DataFrame:
    """Space per person at each reported head count, on both bases, keeping ranges as ranges.

    Only reports in people are used (per-cell reports are converted by the occupancy story);
    a lower bound gives an upper bound on space (more people, less space) and no lower one.
    """
    rows = []
    for record in headcounts.in_people(population).itertuples():
        people = Span.of_report(record.kind, record.low, record.high)
        space = cell_area_m2 / people
        per_cell = people / cells
        in_cell = cell_m2 / per_cell
        rows.append({
            "report_id": record.report_id,
            "date": record.date.date().isoformat(),
            "kind": record.kind,
            "population_low": people.low,
            "population_high": people.high,
            "m2_per_person_max": space.high,
            "m2_per_person_min": space.low,
            "people_per_cell_low": per_cell.low,
            "people_per_cell_high": per_cell.high,
            "m2_per_person_in_cell_max": in_cell.high,
            "m2_per_person_in_cell_min": in_cell.low,
            "source_id": record.source_id,
        })
    return pd.DataFrame(rows)


# --- numbers -------------------------------------------------------------------------------------

def headline(population: int, cell_area_m2: float, cells: int, guideline_m2: float,
             cell_m2: float) -> dict:
    """The numbers the story publishes for one set of parameters."""
    actual = space_per_person(cell_area_m2, population)
    per_cell = people_per_cell(population, cells)
    return {
        "population": population,
        "cell_area_m2": cell_area_m2,
        "cells": cells,
        "m2_per_person": actual,
        "guideline_m2": guideline_m2,
        "guideline_ratio": guideline_ratio(guideline_m2, actual),
        "people_within_guideline": people_within_guideline(cell_area_m2, guideline_m2),
        "people_per_cell": per_cell,
        "cell_m2": cell_m2,
        "m2_per_person_in_cell": space_per_person(cell_m2, per_cell),
        "people_per_cell_within_guideline": people_within_guideline(cell_m2, guideline_m2),
    }


def source_figures() -> dict:
    """The same arithmetic on the figures the sources give (not the parameters): what a data
    edit moves, and what the parameters' defaults are checked against."""
    capacity = facility.value("capacity_stated")
    cells = facility.cells()
    cell_space = facility.value("cell_space_total_m2")
    cell_m2 = facility.value("cell_area_m2")
    return {
        "capacity_from_sources": capacity,
        "cells_from_sources": cells,
        "cell_space_from_sources_m2": cell_space,
        "cell_m2_from_sources": cell_m2,
        "m2_per_person_at_capacity_from_sources": space_per_person(cell_space, capacity),
        "m2_per_person_in_cell_at_capacity_from_sources":
            space_per_person(cell_m2, people_per_cell(capacity, cells)),
        "cells_times_cell_m2": cells * cell_m2,
    }


FACTS = ["capacity_stated", "blocks", "cells_per_block", "cells_total", "cell_area_m2",
         "cell_space_total_m2", "space_per_inmate_at_capacity_m2"]


def run(params: dict) -> Computed:
    """Every table and number of the story for one set of parameters."""
    standards = cdata.load("space_standards")
    cell_m2 = facility.value("cell_area_m2")
    chosen = yardstick(standards, params["standard"], params["guideline_m2"])
    population, area, cells = params["population"], params["cell_area_m2"], params["cells"]
    table = standards_table(area, population, standards)
    reports = headcounts.reports()
    numbers = headline(population, area, cells, chosen["m2_per_person"], cell_m2)
    numbers["guideline_standard"] = chosen["standard_id"]
    numbers["guideline_custom"] = chosen["custom"]
    numbers.update(source_figures())
    numbers["standards"] = {row.standard_id: {"m2_per_person": row.standard_m2_per_person,
                                              "ratio": row.ratio_standard_to_actual,
                                              "people_within": row.people_within_standard}
                            for row in table.itertuples()}
    guideline_source = [] if chosen["custom"] else list(
        standards.loc[standards["standard_id"] == chosen["standard_id"], "source_id"])
    as_of = headcounts.as_of(reports)
    fit = numbers["people_per_cell_within_guideline"]
    bars = pd.DataFrame({
        "kind": ["cecot", "cecot"] + ["standard"] * len(table),
        "id": ["cecot_all_cells", "cecot_one_cell"] + list(table["standard_id"]),
        "m2_per_person": [numbers["m2_per_person"], numbers["m2_per_person_in_cell"]]
        + list(table["standard_m2_per_person"]),
    })
    cell = pd.DataFrame({
        "panel": ["cecot", "guideline"],
        "cell_m2": [cell_m2, cell_m2],
        "people": [numbers["people_per_cell"], fit],
        "m2_per_person": [numbers["m2_per_person_in_cell"],
                          space_per_person(cell_m2, fit) if fit else None],
    })
    return Computed(
        params=dict(params),
        tables={"facts": facility.summary(FACTS), "disagreements": facility.disagreements(FACTS),
                "standards": table,
                "reported": reported_density(reports, area, cells, cell_m2),
                "space-vs-standards": bars, "cell-to-scale": cell},
        numbers=numbers,
        sources={
            "space-vs-standards": ids_of(facility.sources_of(
                "cell_space_total_m2", "cell_area_m2", "blocks", "cells_per_block",
                "capacity_stated"), standards["source_id"]),
            "cell-to-scale": ids_of(facility.sources_of("cell_area_m2", "blocks",
                                                        "cells_per_block"), guideline_source),
        },
        as_of={"space-vs-standards": as_of, "cell-to-scale": as_of})
