"""Space per prisoner: the arithmetic of the density story, and its two charts."""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from . import data as cdata
from . import facility
from .style import PALETTE, finalise_chart, frame_chart, number

GUIDELINE_ID = "icrc_shared"  # the ICRC figure for shared cells: the article's yardstick


# --- pure arithmetic ---------------------------------------------------------------------------

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
    heads = population[(population["unit"] == "people")
                       & ~population["kind"].isin(cdata.TRANSFER_KINDS)]
    for record in heads.sort_values(["date", "report_id"]).itertuples():
        open_ended = record.kind == "lower_bound"
        rows.append({
            "report_id": record.report_id,
            "date": record.date.date().isoformat(),
            "kind": record.kind,
            "population_low": record.low,
            "population_high": None if open_ended else record.high,
            "m2_per_person_max": space_per_person(cell_area_m2, record.low),
            "m2_per_person_min": None if open_ended else space_per_person(cell_area_m2,
                                                                            record.high),
            "people_per_cell_low": people_per_cell(record.low, cells),
            "people_per_cell_high": None if open_ended else people_per_cell(record.high, cells),
            "m2_per_person_in_cell_max": space_per_person(cell_m2,
                                                          people_per_cell(record.low, cells)),
            "m2_per_person_in_cell_min": None if open_ended else space_per_person(
                cell_m2, people_per_cell(record.high, cells)),
            "source_id": record.source_id,
        })
    return pd.DataFrame(rows)


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


# --- charts ----------------------------------------------------------------------------------

TEXT = {
    "en": {
        "bars_title": "Each prisoner would have {actual} m², a fraction of any standard",
        "bars_subtitle": "Floor space per person in CECOT's cells with {population} people, "
                         "against international minimums (m² per person)",
        "actual_all": "CECOT: all cell space ÷ people",
        "actual_cell": "CECOT: one ~{cell_m2:g} m² cell ÷ people per cell",
        "bars_alt": "Horizontal bar chart. With {population} people, CECOT's cells give each "
                    "person {actual} m² of floor space (or {cell} m² counted cell by cell), "
                    "against {standards}.",
        "cell_title": "One cell, drawn to scale",
        "cell_subtitle": "A ~{cell_m2:g} m² cell with {per_cell} people (CECOT at "
                         "{population} people) and with the {fit} people the ICRC guideline of "
                         "{guideline} m² each allows",
        "cell_left": "{per_cell} people, {each} m² each",
        "cell_right": "ICRC guideline: {fit} people, {guideline} m² each",
        "cell_alt": "Two squares of the same size, each a {cell_m2:g} m² cell. The left is "
                    "divided into {per_cell_int} small squares of {each} m², one per person at "
                    "{population} prisoners; the right into {fit} squares of {guideline} m², "
                    "the people the ICRC guideline allows.",
        "m2": "m² per person",
        "bodies": {"ICRC": "ICRC", "CPT": "CPT", "Sphere": "Sphere"},
        "settings": {
            "icrc_shared": "ICRC, shared cell", "icrc_single": "ICRC, single cell",
            "icrc_sleeping": "ICRC, sleeping space only", "cpt_multiple": "CPT, shared cell",
            "cpt_single": "CPT, single cell", "sphere_shelter": "Sphere, shelter",
            "aca_single": "ACA, single cell (unverified)",
        },
    },
    "es": {
        "bars_title": "Cada preso tendría {actual} m², una fracción de cualquier estándar",
        "bars_subtitle": "Superficie por persona en las celdas del CECOT con {population} "
                         "personas, frente a los mínimos internacionales (m² por persona)",
        "actual_all": "CECOT: todo el espacio de celdas ÷ personas",
        "actual_cell": "CECOT: una celda de ~{cell_m2:g} m² ÷ personas por celda",
        "bars_alt": "Gráfico de barras horizontales. Con {population} personas, las celdas del "
                    "CECOT dan a cada persona {actual} m² (o {cell} m² contando celda por "
                    "celda), frente a {standards}.",
        "cell_title": "Una celda, a escala",
        "cell_subtitle": "Una celda de ~{cell_m2:g} m² con {per_cell} personas (el CECOT con "
                         "{population} personas) y con las {fit} que permite la pauta del CICR "
                         "de {guideline} m² por persona",
        "cell_left": "{per_cell} personas, {each} m² cada una",
        "cell_right": "Pauta del CICR: {fit} personas, {guideline} m² cada una",
        "cell_alt": "Dos cuadrados del mismo tamaño, cada uno una celda de {cell_m2:g} m². El "
                    "izquierdo está dividido en {per_cell_int} cuadrados de {each} m², uno por "
                    "persona con {population} presos; el derecho en {fit} cuadrados de "
                    "{guideline} m², las personas que permite la pauta del CICR.",
        "m2": "m² por persona",
        "settings": {
            "icrc_shared": "CICR, celda compartida", "icrc_single": "CICR, celda individual",
            "icrc_sleeping": "CICR, solo para dormir", "cpt_multiple": "CPT, celda compartida",
            "cpt_single": "CPT, celda individual", "sphere_shelter": "Esfera, refugio",
            "aca_single": "ACA, celda individual (sin verificar)",
        },
    },
}


def chart_space_vs_standards(table: pd.DataFrame, *, population: int, cell_area_m2: float,
                             cells: int, cell_m2: float, lang: str, output_dir,
                             source_ids, as_of: str):
    text = TEXT[lang]
    actual = table["actual_m2_per_person"].iloc[0]
    in_cell = space_per_person(cell_m2, people_per_cell(population, cells))
    labels = [text["settings"].get(s, s) for s in table["standard_id"]]
    values = list(table["standard_m2_per_person"])
    standards_text = "; ".join(f"{lab} {number(v, lang)} m²" for lab, v in zip(labels, values))
    fmt = dict(actual=number(actual, lang), population=number(population, lang, 0),
               cell=number(in_cell, lang), standards=standards_text)
    rows = pd.DataFrame({
        "label": [text["actual_all"], text["actual_cell"].format(cell_m2=cell_m2)] + labels,
        "kind": ["cecot", "cecot"] + ["standard"] * len(labels),
        "id": ["cecot_all_cells", "cecot_one_cell"] + list(table["standard_id"]),
        "m2_per_person": [actual, in_cell] + values,
    })
    title = text["bars_title"].format(**fmt)
    subtitle = text["bars_subtitle"].format(**fmt)
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=source_ids, lang=lang,
                             plot_height=4.2, left=0.3)
    colours = [PALETTE["accent"]] * 2 + [PALETTE["blue"]] * len(labels)
    y = np.arange(len(rows))[::-1]
    ax.barh(y, rows["m2_per_person"], color=colours, height=0.62)
    ax.set_yticks(y, [textwrap.fill(label, 26) for label in rows["label"]])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(text["m2"])
    for yy, value in zip(y, rows["m2_per_person"]):
        ax.text(value + 0.05, yy, number(value, lang), va="center", fontsize=9,
                color=PALETTE["ink"])
    ax.set_xlim(0, max(rows["m2_per_person"]) * 1.15)
    return finalise_chart(
        fig, chart_id="space-vs-standards", lang=lang,
        title=title, subtitle=subtitle, source_ids=source_ids, data=rows, output_dir=output_dir,
        alt_text=text["bars_alt"].format(**fmt), as_of=as_of)


def _grid(n: int, side: float):
    """Split a square of `side` into n tiles of (nearly) equal area: rows of equal height,
    the n tiles spread over them so row lengths differ by at most one."""
    rows = max(1, round(math.sqrt(n)))
    base, extra = divmod(n, rows)
    tiles = []
    h = side / rows
    for r in range(rows):
        in_row = base + (1 if r < extra else 0)
        w = side / in_row
        for c in range(in_row):
            tiles.append((c * w, side - (r + 1) * h, w, h))
    return tiles


def chart_cell_to_scale(*, population: int, cells: int, cell_m2: float, guideline_m2: float,
                        lang: str, output_dir, source_ids, as_of: str):
    text = TEXT[lang]
    per_cell = people_per_cell(population, cells)
    per_cell_int = max(1, round(per_cell))
    fit = people_within_guideline(cell_m2, guideline_m2)
    side = math.sqrt(cell_m2)
    each = space_per_person(cell_m2, per_cell)
    fmt = dict(cell_m2=cell_m2, per_cell=number(per_cell, lang), per_cell_int=per_cell_int,
               population=number(population, lang, 0), fit=fit,
               guideline=number(guideline_m2, lang), each=number(each, lang))
    title, subtitle = text["cell_title"].format(**fmt), text["cell_subtitle"].format(**fmt)
    fig, axes, _ = frame_chart(title=title, subtitle=subtitle, source_ids=source_ids,
                               lang=lang, plot_height=3.6, ncols=2, left=0.04)
    fig.subplots_adjust(right=0.96, wspace=0.12)
    panels = [(axes[0], per_cell_int, PALETTE["accent"],
               text["cell_left"].format(per_cell=number(per_cell, lang),
                                        each=number(each, lang))),
              (axes[1], fit, PALETTE["blue"],
               text["cell_right"].format(fit=fit, guideline=number(guideline_m2, lang)))]
    for ax, n, colour, label in panels:
        for (x, y, w, h) in _grid(max(n, 1), side):
            ax.add_patch(Rectangle((x, y), w, h, facecolor=colour, alpha=0.25,
                                   edgecolor=colour, linewidth=0.4))
        ax.add_patch(Rectangle((0, 0), side, side, fill=False, edgecolor=PALETTE["ink"],
                               linewidth=1.5))
        ax.set_xlim(-0.2, side + 0.2)
        ax.set_ylim(-0.2, side + 0.2)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(label, fontsize=10, loc="left", color=PALETTE["ink"])
    data = pd.DataFrame({
        "panel": ["cecot", "guideline"],
        "cell_m2": [cell_m2, cell_m2],
        "people": [per_cell, fit],
        "m2_per_person": [each, space_per_person(cell_m2, fit) if fit else None],
    })
    return finalise_chart(
        fig, chart_id="cell-to-scale", lang=lang, title=title,
        subtitle=subtitle, source_ids=source_ids, data=data,
        output_dir=output_dir, alt_text=text["cell_alt"].format(**fmt), as_of=as_of)
