"""How full are CECOT's cells: the arithmetic of the occupancy story, and its two charts.

Every population report keeps the shape it was given in. A range stays a range, and a lower
bound ("more than 14,500") keeps an open upper end (`high` is None): it never becomes a point.
Per-cell reports and shares of capacity are converted to people, kept as ranges and marked as
converted. Transfers are people moved in, not a population level: they are kept apart.
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FuncFormatter

from . import data as cdata
from .style import number
from .errors import DataError
from .style import PALETTE, finalise_chart, frame_chart

POPULATION_FILE = "data/population.csv"

# The unit each kind of report is given in (data/datapackage.json describes both fields, but a
# Table Schema cannot tie one to the other, so the story checks it before using a row).
# Each kind's unit and the single-figure kinds are rules of the data (cecot.data checks them).
KIND_UNIT = cdata.POPULATION_KIND_UNIT
SINGLE_FIGURE_KINDS = cdata.SINGLE_FIGURE_KINDS


# --- ranges ----------------------------------------------------------------------------------

class Span(NamedTuple):
    """A reported quantity: low and high ends. `high` is None when the report is open-ended
    (a lower bound: nothing is known about how high it goes); `low` is None when it is open
    below (an upper bound, "up to": nothing is known about how low it goes)."""

    low: float | None
    high: float | None

    @property
    def open_ended(self) -> bool:
        return self.high is None

    @property
    def open_below(self) -> bool:
        return self.low is None

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.high is not None and self.high == self.low


def span_of(kind: str, low: float, high: float) -> Span:
    """The span a report states. A lower bound keeps its open end whatever `high` says; an
    upper bound ("up to") its open lower end whatever `low` says."""
    if kind in cdata.OPEN_ABOVE_KINDS:
        return Span(float(low), None)
    if kind in cdata.OPEN_BELOW_KINDS:
        return Span(None, float(high))
    if high < low:
        raise ValueError(f"high ({high:g}) is below low ({low:g})")
    return Span(float(low), float(high))


def scale(span: Span, factor: float) -> Span:
    """Both ends times `factor` (a conversion); an open end stays open."""
    if factor <= 0:
        raise ValueError("factor must be positive")
    return Span(None if span.low is None else span.low * factor,
                None if span.high is None else span.high * factor)


def to_people(span: Span, unit: str, *, cells: int, share_base: float) -> tuple[Span, str]:
    """A report in people, and what it was converted from ('' when it was given in people).

    people_per_cell × cells; share_of_capacity × share_base (the capacity the share was of).
    """
    if unit == "people":
        return span, ""
    if unit == "people_per_cell":
        return scale(span, cells), "people_per_cell"
    if unit == "share_of_capacity":
        return scale(span, share_base), "share_of_capacity"
    raise ValueError(f"unknown unit '{unit}'")


def divide(span: Span, by: float) -> Span:
    """Both ends divided by `by` (divided, not multiplied by 1/by, so 14,500 / 40,000 is
    exactly 0.3625); an open end stays open."""
    if by <= 0:
        raise ValueError("divisor must be positive")
    return Span(None if span.low is None else span.low / by,
                None if span.high is None else span.high / by)


def per_cell(span: Span, cells: int) -> Span:
    """People per cell if everyone is spread evenly over `cells` cells."""
    if cells <= 0:
        raise ValueError("cells must be positive")
    return divide(span, cells)


def occupancy_rate(span: Span, capacity: float) -> Span:
    """Share of `capacity` in use (1.0 = full); an open-ended report has an open-ended rate."""
    if capacity <= 0:
        raise ValueError("capacity must be positive")
    return divide(span, capacity)


def without_bunk(span_per_cell: Span, bunks_per_cell: int) -> Span:
    """People per cell with no sleeping place: people per cell − bunks, never below 0. An
    open end stays open."""
    if bunks_per_cell <= 0:
        raise ValueError("bunks_per_cell must be positive")
    low, high = span_per_cell
    return Span(None if low is None else max(low - bunks_per_cell, 0.0),
                None if high is None else max(high - bunks_per_cell, 0.0))


def space_in_cell(cell_m2: float, span_per_cell: Span) -> tuple[float, float | None]:
    """(most, least) floor space per person in one cell. More people means less space, so the
    low end of people gives the most space; an open-ended report gives no least space, an
    upper bound ("up to") no most space."""
    if cell_m2 <= 0:
        raise ValueError("cell_m2 must be positive")
    low, high = span_per_cell
    if (low is not None and low <= 0) or (high is not None and high <= 0):
        raise ValueError("people per cell must be positive")
    return (None if low is None else cell_m2 / low), (None if high is None else cell_m2 / high)


def at_population(population: float, *, capacity: float, design_capacity: float, cells: int,
                  bunks_per_cell: int, cell_m2: float) -> dict:
    """Per-cell figures for one exact population (the stated capacity, or a scenario)."""
    span = Span(float(population), float(population))
    cell = per_cell(span, cells)
    return {
        "population": population,
        "people_per_cell": cell.low,
        "occupancy_rate": occupancy_rate(span, capacity).low,
        "occupancy_rate_design": occupancy_rate(span, design_capacity).low,
        "people_without_bunk_per_cell": without_bunk(cell, bunks_per_cell).low,
        "m2_per_person_in_cell": space_in_cell(cell_m2, cell)[0],
    }


# --- the reports -----------------------------------------------------------------------------

def snapshots(reports: pd.DataFrame, *, capacity: float, design_capacity: float, cells: int,
              bunks_per_cell: int, cell_m2: float, share_base: float) -> pd.DataFrame:
    """Every report of a population level (transfers excluded), in people and per cell, with
    occupancy against both capacities, people without a bunk and space per person in a cell.
    `_high` columns are None for a lower bound, `m2_per_person_in_cell_min` too; `_low`
    columns and `m2_per_person_in_cell_max` are None for an upper bound ("up to")."""
    rows = []
    levels = reports[~reports["kind"].isin(cdata.TRANSFER_KINDS)]
    for r in levels.sort_values(["date", "report_id"]).itertuples():
        reported = span_of(r.kind, r.low, r.high)
        people, converted_from = to_people(reported, r.unit, cells=cells, share_base=share_base)
        # A per-cell report is kept as said, not divided back from its converted total.
        cell = reported if r.unit == "people_per_cell" else per_cell(people, cells)
        rate = occupancy_rate(people, capacity)
        rate_design = occupancy_rate(people, design_capacity)
        no_bunk = without_bunk(cell, bunks_per_cell)
        most_m2, least_m2 = space_in_cell(cell_m2, cell)
        rows.append({
            "report_id": r.report_id, "date": r.date.date().isoformat(),
            "date_precision": r.date_precision, "kind": r.kind, "unit": r.unit,
            "reported_low": reported.low, "reported_high": reported.high,
            "open_ended": reported.open_ended, "open_below": reported.open_below,
            "converted_from": converted_from,
            "population_low": people.low, "population_high": people.high,
            "people_per_cell_low": cell.low, "people_per_cell_high": cell.high,
            "occupancy_rate_low": rate.low, "occupancy_rate_high": rate.high,
            "occupancy_rate_design_low": rate_design.low,
            "occupancy_rate_design_high": rate_design.high,
            "people_without_bunk_per_cell_low": no_bunk.low,
            "people_without_bunk_per_cell_high": no_bunk.high,
            "m2_per_person_in_cell_max": most_m2, "m2_per_person_in_cell_min": least_m2,
            "source_id": r.source_id,
        })
    frame = pd.DataFrame(rows)
    # Keep None (not NaN) in the open-ended columns so an open end is never taken for a number.
    for column in frame.columns:
        if column.endswith(("_low", "_high", "_min", "_max")):
            frame[column] = pd.Series([None if pd.isna(v) else float(v) for v in frame[column]],
                                      dtype=object)
    return frame


def transfers(reports: pd.DataFrame) -> pd.DataFrame:
    """People moved into CECOT on a date: not a population level, never added up into one.
    `more_than` marks a transfer reported as "more than" its figure."""
    moved = reports[reports["kind"].isin(cdata.TRANSFER_KINDS)].sort_values(["date",
                                                                              "report_id"])
    return pd.DataFrame({
        "report_id": list(moved["report_id"]),
        "date": [d.date().isoformat() for d in moved["date"]],
        "people": [float(v) for v in moved["low"]],
        "more_than": [kind in cdata.OPEN_ABOVE_KINDS for kind in moved["kind"]],
        "source_id": list(moved["source_id"]),
    }, columns=["report_id", "date", "people", "more_than", "source_id"])


def latest(table: pd.DataFrame) -> dict:
    """The most recent report given in people (converted reports excluded), by date and, on the
    same date, by report id."""
    in_people = table[table["converted_from"] == ""].sort_values(["date", "report_id"])
    if in_people.empty:
        raise DataError(POPULATION_FILE, "no population report in people", column="unit")
    row = in_people.iloc[-1]
    keys = ["report_id", "date", "kind", "source_id"]
    pairs = {"low": "population_low", "high": "population_high"}
    out = {k: row[k] for k in keys}
    out.update({k: row[v] for k, v in pairs.items()})
    for name in ("people_per_cell", "occupancy_rate", "occupancy_rate_design",
                 "people_without_bunk_per_cell"):
        out[f"{name}_low"] = row[f"{name}_low"]
        out[f"{name}_high"] = row[f"{name}_high"]
    out["m2_per_person_in_cell_max"] = row["m2_per_person_in_cell_max"]
    out["m2_per_person_in_cell_min"] = row["m2_per_person_in_cell_min"]
    return out


def near_latest(table: pd.DataFrame, days: int = 45) -> pd.DataFrame:
    """Reports in people within `days` before the latest one: how much recent reports differ."""
    in_people = table[table["converted_from"] == ""]
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
    top = in_people.sort_values(["population_low", "date", "report_id"]).iloc[-1]
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
        "latest": latest(table),
    }
    if population > 0:
        numbers["scenario"] = at_population(population, **kw)
    return numbers


# --- text ------------------------------------------------------------------------------------

TEXT = {
    "en": {
        "timeline_title": "Reported figures for CECOT's population run from {lowest} to "
                          "{highest}",
        "timeline_subtitle": "Every figure reported for the people held in CECOT, in the shape "
                             "it was given, against the stated capacity of {capacity} and a "
                             "construction technician's design capacity of {design} (people)",
        "timeline_alt": "Timeline of {n} reported population figures for CECOT from {first} to "
                        "{last}, between {lowest} and {highest} people, drawn as points, ranges "
                        "and open-ended arrows against lines at the stated capacity of "
                        "{capacity} and a technician's {design}; the latest, on {latest_date}, "
                        "is {latest}, and {transfers} transfers of {tmin} to {tmax} people are "
                        "marked apart.",
        "percell_title": "At the stated {capacity}, each cell would hold {per_cell} people for "
                         "{bunks} bunk places",
        "percell_subtitle": "People per cell at each reported figure (people ÷ {cells} cells, "
                            "or as reported per cell), against the {bunks} bunk places of a "
                            "~{cell_m2:g} m² cell; above the line, people have no bunk",
        "percell_alt": "Timeline of people per cell at each reported figure, from {lowest} to "
                       "{highest}, against {bunks} bunk places per cell; at the stated capacity "
                       "of {capacity} a cell would hold {per_cell} people, {no_bunk} of them "
                       "without a bunk place, with {m2} m² each.",
        "count": "Count",
        "approx": "Approximate ('about')",
        "range": "Range ('between … and …')",
        "lower_bound": "Lower bound ('more than'), open",
        "upper_bound": "Upper bound ('up to'), open below",
        "people_per_cell": "Per cell × {cells} (converted)",
        "people_per_cell_2": "Per-cell report, as given",
        "share_of_capacity": "Share of capacity × {base} (converted)",
        "share_of_capacity_2": "Share of capacity × {base} ÷ {cells} (converted)",
        "capacity": "Stated capacity {capacity}",
        "design": "Design capacity {design} (technician)",
        "capacity_cell": "At the stated capacity: {per_cell} per cell",
        "bunks": "{bunks} bunk places per cell",
        "bunks_design": " (= design capacity {design} ÷ {cells})",
        "no_bunk": "without a bunk place",
        "scenario": "Scenario: {population}",
        "scenario_cell": "Scenario ({population}): {per_cell} per cell",
        "transfer": "Transfer in: people moved, not a total",
        "transfers_axis": "Transfers",
        "people": "People held",
        "per_cell_axis": "People per cell",
        "more_than": "more than {value}",
        "or_more": "{value} or more",
        "dodge_note": "Reports a few days apart are spread sideways so that none hides another; "
                      "the data file gives each exact date.",
    },
    "es": {
        "timeline_title": "Las cifras reportadas de población del CECOT van de {lowest} a "
                          "{highest}",
        "timeline_subtitle": "Cada cifra reportada de personas presas en el CECOT, tal como se "
                             "dio, frente a la capacidad declarada de {capacity} y la capacidad "
                             "de diseño de {design} según un técnico de la obra (personas)",
        "timeline_alt": "Línea de tiempo de {n} cifras reportadas de población del CECOT entre "
                        "{first} y {last}, de {lowest} a {highest} personas, dibujadas como "
                        "puntos, rangos y flechas abiertas frente a las líneas de la capacidad "
                        "declarada de {capacity} y de los {design} de un técnico; la más "
                        "reciente, del {latest_date}, es de {latest}, y {transfers} traslados "
                        "de {tmin} a {tmax} personas se marcan aparte.",
        "percell_title": "Con los {capacity} declarados, cada celda tendría {per_cell} personas "
                         "para {bunks} plazas de litera",
        "percell_subtitle": "Personas por celda en cada cifra reportada (personas ÷ {cells} "
                            "celdas, o tal como se reportó por celda), frente a las {bunks} "
                            "plazas de litera de una celda de ~{cell_m2:g} m²; por encima de la "
                            "línea, las personas no tienen litera",
        "percell_alt": "Línea de tiempo de las personas por celda en cada cifra reportada, de "
                       "{lowest} a {highest}, frente a {bunks} plazas de litera por celda; con "
                       "la capacidad declarada de {capacity}, una celda tendría {per_cell} "
                       "personas, {no_bunk} de ellas sin plaza de litera, con {m2} m² cada una.",
        "count": "Conteo",
        "approx": "Aproximada ('unos')",
        "range": "Rango ('entre … y …')",
        "lower_bound": "Mínimo ('más de'), abierto",
        "upper_bound": "Máximo ('hasta'), abierto por abajo",
        "people_per_cell": "Por celda × {cells} (convertida)",
        "people_per_cell_2": "Cifra por celda, tal como se dio",
        "share_of_capacity": "% de la capacidad × {base} (convertido)",
        "share_of_capacity_2": "% de la capacidad × {base} ÷ {cells} (convertido)",
        "capacity": "Capacidad declarada {capacity}",
        "design": "Capacidad de diseño {design} (técnico)",
        "capacity_cell": "Con la capacidad declarada: {per_cell} por celda",
        "bunks": "{bunks} plazas de litera por celda",
        "bunks_design": " (= capacidad de diseño {design} ÷ {cells})",
        "no_bunk": "sin plaza de litera",
        "scenario": "Escenario: {population}",
        "scenario_cell": "Escenario ({population}): {per_cell} por celda",
        "transfer": "Traslado: personas movidas, no un total",
        "transfers_axis": "Traslados",
        "people": "Personas presas",
        "per_cell_axis": "Personas por celda",
        "more_than": "más de {value}",
        "or_more": "{value} o más",
        "dodge_note": "Las cifras con pocos días de diferencia se separan a los lados para que "
                      "ninguna tape a otra; el archivo de datos da cada fecha exacta.",
    },
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
}


def month_year(date: str, lang: str) -> str:
    stamp = pd.Timestamp(date)
    sep = " " if lang == "en" else " de "
    return f"{MONTHS[lang][stamp.month - 1]}{sep}{stamp.year}"


def span_text(low: float, high: float | None, lang: str, digits: int = 0) -> str:
    """A span as words: '12,000', '10,000–20,000' or '15,000 or more'."""
    if high is None or (isinstance(high, float) and np.isnan(high)):
        return TEXT[lang]["or_more"].format(value=number(low, lang, digits))
    if high == low:
        return number(low, lang, digits)
    return f"{number(low, lang, digits)}–{number(high, lang, digits)}"


# --- charts ----------------------------------------------------------------------------------

COLOURS = {"": PALETTE["blue"], "people_per_cell": PALETTE["teal"],
           "share_of_capacity": PALETTE["gold"]}
DODGE_DAYS = 12


def dodge(dates, step_days: int = DODGE_DAYS) -> list:
    """Drawing positions for marks whose dates are too close to tell apart: in date order,
    each mark is put at least `step_days` after the one before, then every run of marks that
    had to move is shifted back by its average move (as far as the run before allows), so it
    stays centred on its own dates.
    Only the drawing moves; the data keep their dates."""
    stamps = [pd.Timestamp(d) for d in dates]
    order = sorted(range(len(stamps)), key=lambda i: (stamps[i], i))
    step = pd.Timedelta(days=step_days)
    placed: dict[int, pd.Timestamp] = {}
    runs: list[list[int]] = []
    previous = None
    for i in order:
        x = stamps[i] if previous is None else max(stamps[i], previous + step)
        if previous is not None and stamps[i] < previous + step:
            runs[-1].append(i)
        else:
            runs.append([i])
        placed[i] = previous = x
    positions = [None] * len(stamps)
    last = None
    for run in runs:
        shift = sum(((placed[i] - stamps[i]) for i in run), pd.Timedelta(0)) / len(run)
        if last is not None:  # never back into the run before
            shift = min(shift, placed[run[0]] - (last + step))
        for i in run:
            positions[i] = placed[i] - shift
        last = positions[run[-1]]
    return positions


def _draw_marks(ax, table: pd.DataFrame, low_col: str, high_col: str, arrow: float) -> None:
    """Counts as dots, approximations as rings, ranges as bars, lower bounds as arrows up,
    upper bounds ("up to") as arrows down."""
    xs = dodge(table["date"])
    for x, r in zip(xs, table.itertuples()):
        colour = COLOURS[r.converted_from]
        low, high = getattr(r, low_col), getattr(r, high_col)
        if r.open_below:
            ax.plot([x], [high], marker="_", markersize=8, markeredgewidth=2.2, color=colour,
                    zorder=4)
            ax.annotate("", xy=(x, high - arrow), xytext=(x, high), zorder=4,
                        arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.2,
                                        mutation_scale=12, shrinkA=0, shrinkB=0))
        elif r.open_ended:
            ax.plot([x], [low], marker="_", markersize=8, markeredgewidth=2.2, color=colour,
                    zorder=4)
            ax.annotate("", xy=(x, low + arrow), xytext=(x, low), zorder=4,
                        arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.2,
                                        mutation_scale=12, shrinkA=0, shrinkB=0))
        elif high > low:
            ax.vlines(x, low, high, color=colour, linewidth=3.2, zorder=3)
            ax.plot([x, x], [low, high], linestyle="none", marker="_", markersize=7,
                    markeredgewidth=2, color=colour, zorder=3)
        elif r.kind == "approx":
            ax.plot([x], [low], marker="o", markersize=7, markerfacecolor="white",
                    markeredgewidth=2, color=colour, zorder=4)
        elif r.converted_from:
            ax.plot([x], [low], marker="D", markersize=6.5, color=colour, zorder=4)
        else:
            ax.plot([x], [low], marker="o", markersize=7, color=colour, zorder=4)


class _Mark:
    """A legend entry drawn as the chart draws it: a capped bar or an open-ended arrow."""

    def __init__(self, shape: str, colour: str, label: str):
        self.shape, self.colour, self.label = shape, colour, label

    def get_label(self):
        return self.label


class _MarkHandler(HandlerBase):
    def create_artists(self, legend, handle, xdescent, ydescent, width, height, fontsize,
                       trans):
        cx = width / 2 - xdescent
        y0, y1 = -ydescent + 0.5, height - ydescent - 0.5
        colour = handle.colour
        if handle.shape == "range":
            return [Line2D([cx, cx], [y0, y1], color=colour, linewidth=3.2, transform=trans),
                    Line2D([cx, cx], [y0, y1], linestyle="none", marker="_", markersize=7,
                           markeredgewidth=2, color=colour, transform=trans)]
        start, end = (y0, y1 + 2) if handle.shape == "arrow" else (y1, y0 - 2)  # "arrow_down"
        arrow = FancyArrowPatch((cx, start), (cx, end), arrowstyle="-|>", mutation_scale=7,
                                color=colour, linewidth=2.2, shrinkA=0, shrinkB=0,
                                transform=trans)
        base = Line2D([cx], [start], marker="_", markersize=8, markeredgewidth=2.2,
                      color=colour, transform=trans)
        return [arrow, base]


def _band_legend(fig, handles: list, bottom: float) -> None:
    """The legend in its own band under the chart (inside, it would hide reports)."""
    fig.legend(handles=handles, labels=[h.get_label() for h in handles],
               handler_map={_Mark: _MarkHandler()}, loc="lower left",
               bbox_to_anchor=(0.015, bottom), ncol=3, fontsize=7.6, handlelength=1.8,
               handleheight=1.4, columnspacing=1.0, labelspacing=0.85, frameon=False)


def _legend_handles(text: dict, fmt: dict, kinds_seen: set, origins_seen: set,
                    per_cell_as_given: bool) -> list:
    blue = PALETTE["blue"]
    handles = []
    if "count" in kinds_seen:
        handles.append(Line2D([], [], marker="o", linestyle="none", color=blue, markersize=7,
                              label=text["count"]))
    if "approx" in kinds_seen:
        handles.append(Line2D([], [], marker="o", linestyle="none", color=blue, markersize=7,
                              markerfacecolor="white", markeredgewidth=2, label=text["approx"]))
    if "range" in kinds_seen:
        handles.append(_Mark("range", blue, text["range"]))
    if "lower_bound" in kinds_seen:
        handles.append(_Mark("arrow", blue, text["lower_bound"]))
    if "people_per_cell" in origins_seen:
        key = "people_per_cell_2" if per_cell_as_given else "people_per_cell"
        handles.append(_Mark("range", PALETTE["teal"], text[key].format(**fmt)))
    if kinds_seen & set(cdata.OPEN_BELOW_KINDS):  # only per-cell reports are upper bounds
        handles.append(_Mark("arrow_down", PALETTE["teal"], text["upper_bound"]))
    if "share_of_capacity" in origins_seen:
        key = "share_of_capacity_2" if per_cell_as_given else "share_of_capacity"
        handles.append(Line2D([], [], marker="D", linestyle="none", color=PALETTE["gold"],
                              markersize=6.5, label=text[key].format(**fmt)))
    return handles


def _frame_chart(source_ids, lang: str, note: str, title: str, subtitle: str,
                 legend_rows: int = 0):
    """The house frame (room for title, legend band and the long source footer)."""
    return frame_chart(title=title, subtitle=subtitle, source_ids=source_ids, lang=lang,
                       note=note, plot_height=4.4, legend_rows=legend_rows, left=0.11)


def _date_axis(ax, lang: str, start: str, end: str) -> None:
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))


def _axis_limits(table: pd.DataFrame) -> tuple[str, str]:
    first = pd.Timestamp(table["date"].min())
    last = pd.Timestamp(table["date"].max())
    return (pd.Timestamp(year=first.year, month=1, day=1).isoformat(),
            (pd.Timestamp(year=last.year, month=last.month, day=1)
             + pd.DateOffset(months=3)).isoformat())


def chart_timeline(table: pd.DataFrame, moved: pd.DataFrame, *, capacity: int,
                   design_capacity: float, cells: int, share_base: float, population: int,
                   lang: str, output_dir, source_ids, as_of: str):
    """Reported population over time: every report in its shape, transfers apart, both
    capacities as lines."""
    text = TEXT[lang]
    in_people = table[table["converted_from"] == ""]
    top = in_people.sort_values(["population_low", "date", "report_id"]).iloc[-1]
    lowest = in_people["population_low"].min()
    highest = (text["more_than"].format(value=number(top["population_low"], lang, 0))
               if top["open_ended"] else number(top["population_low"], lang, 0))
    last = latest(table)
    fmt = dict(capacity=number(capacity, lang, 0), design=number(design_capacity, lang, 0),
               cells=cells, base=number(share_base, lang, 0), lowest=number(lowest, lang, 0),
               highest=highest, n=len(table), first=month_year(table["date"].min(), lang),
               last=month_year(table["date"].max(), lang), latest_date=last["date"],
               latest=span_text(last["low"], last["high"], lang),
               transfers=len(moved),
               tmin=number(moved["people"].min(), lang, 0) if len(moved) else "0",
               tmax=number(moved["people"].max(), lang, 0) if len(moved) else "0",
               population=number(population, lang, 0))
    title = text["timeline_title"].format(**fmt)
    subtitle = text["timeline_subtitle"].format(**fmt)
    note = text["dodge_note"]
    kinds, origins = set(table["kind"]), set(table["converted_from"])
    handles = _legend_handles(text, fmt, kinds, origins, per_cell_as_given=False)
    handles += [
        Line2D([], [], marker="v", linestyle="none", color=PALETTE["grey"], markersize=7,
               label=text["transfer"]),
        Line2D([], [], color=PALETTE["accent"], linestyle="--", linewidth=1.6,
               label=text["capacity"].format(**fmt)),
        Line2D([], [], color=PALETTE["purple"], linestyle=":", linewidth=2,
               label=text["design"].format(**fmt)),
    ]
    if population > 0:
        handles.append(Line2D([], [], color=PALETTE["ink"], linestyle="-.", linewidth=1.2,
                              label=text["scenario"].format(**fmt)))
    rows = -(-len(handles) // 3)
    fig, ax, legend_y = _frame_chart(source_ids, lang, note, title, subtitle, legend_rows=rows)
    # A strip under the main panel for the transfers, sharing its date axis.
    box = ax.get_position()
    strip_h = 0.07
    ax.set_position([box.x0, box.y0 + strip_h + 0.035, box.width,
                     box.height - strip_h - 0.035])
    strip = fig.add_axes([box.x0, box.y0, box.width, strip_h], sharex=ax)

    ymax = max(capacity, design_capacity, population) * 1.12
    arrow = ymax * 0.075
    ax.axhline(capacity, color=PALETTE["accent"], linestyle="--", linewidth=1.6, zorder=2)
    ax.axhline(design_capacity, color=PALETTE["purple"], linestyle=":", linewidth=2, zorder=2)
    if population > 0:
        ax.axhline(population, color=PALETTE["ink"], linestyle="-.", linewidth=1.2, zorder=2)
    _draw_marks(ax, table, "population_low", "population_high", arrow)
    ax.set_ylim(0, ymax)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, 0)))
    ax.set_ylabel(text["people"])
    start, end = _axis_limits(table)
    _date_axis(ax, lang, start, end)
    ax.tick_params(axis="x", labelbottom=False)

    _band_legend(fig, handles, legend_y)

    # Transfers: one small mark per date, labelled with the people moved (never summed).
    strip.set_ylim(0, 1)
    strip.set_yticks([])
    strip.grid(False)
    strip.spines["left"].set_visible(False)
    strip.set_ylabel(text["transfers_axis"], rotation=0, ha="right", va="center",
                     fontsize=8.5, color=PALETTE["muted"])
    if len(moved):
        labels = [text["more_than"].format(value=number(r.people, lang, 0)) if r.more_than
                  else number(r.people, lang, 0) for r in moved.itertuples()]
        by_date = pd.Series(labels, index=moved["date"]).groupby(level=0, sort=True).apply(list)
        previous = None
        row = 0
        for date, values in by_date.items():
            x = pd.Timestamp(date)
            # Labels of transfers close in time alternate between two rows.
            row = 1 - row if previous is not None and (x - previous).days < 75 else 0
            previous = x
            label = " + ".join(values)
            strip.plot([x], [0.85], marker="v", color=PALETTE["grey"], markersize=7)
            strip.text(x, 0.5 - 0.38 * row, label, ha="center", va="center", fontsize=7.4,
                       color=PALETTE["ink"])
    _date_axis(strip, lang, start, end)

    data = _chart_data(table, moved, capacity=capacity, design_capacity=design_capacity,
                       population=population, value="population")
    return finalise_chart(
        fig, chart_id="population-timeline", lang=lang, title=title,
        subtitle=subtitle, source_ids=source_ids, data=data,
        output_dir=output_dir, alt_text=text["timeline_alt"].format(**fmt), as_of=as_of,
        note=note)


def chart_per_cell(table: pd.DataFrame, *, capacity: int, cells: int, bunks_per_cell: int,
                   cell_m2: float, design_capacity: float, share_base: float, population: int,
                   lang: str, output_dir, source_ids, as_of: str):
    """People per cell at each report and at capacity, against the bunk places of a cell."""
    text = TEXT[lang]
    kw = dict(capacity=capacity, design_capacity=design_capacity, cells=cells,
              bunks_per_cell=bunks_per_cell, cell_m2=cell_m2)
    full = at_population(capacity, **kw)
    with_low = table[~table["open_below"]]  # an "up to" report has no low end to rank
    top = with_low.sort_values(["people_per_cell_low", "date", "report_id"]).iloc[-1]
    highest = number(top["people_per_cell_low"], lang, 1)
    if top["open_ended"]:
        highest = text["more_than"].format(value=highest)
    fmt = dict(capacity=number(capacity, lang, 0), per_cell=number(full["people_per_cell"], lang),
               per_cell_round=number(full["people_per_cell"], lang, 0),
               no_bunk=number(full["people_without_bunk_per_cell"], lang),
               m2=number(full["m2_per_person_in_cell"], lang), bunks=bunks_per_cell,
               cells=cells, cell_m2=cell_m2, base=number(share_base, lang, 0),
               design=number(design_capacity, lang, 0), lowest=number(
                   table["people_per_cell_low"].min(), lang, 1), highest=highest,
               population=number(population, lang, 0))
    title = text["percell_title"].format(**{**fmt, "per_cell": fmt["per_cell_round"]})
    subtitle = text["percell_subtitle"].format(**fmt)
    note = text["dodge_note"]
    handles = _legend_handles(text, fmt, set(table["kind"]), set(table["converted_from"]),
                              per_cell_as_given=True)
    if population > 0:
        handles.append(Line2D([], [], color=PALETTE["ink"], linestyle="-.", linewidth=1.2,
                              label=text["scenario_cell"].format(
                                  **{**fmt, "per_cell": number(population / cells, lang)})))
    rows = -(-len(handles) // 3)
    fig, ax, legend_y = _frame_chart(source_ids, lang, note, title, subtitle, legend_rows=rows)
    top_y = max(full["people_per_cell"], bunks_per_cell,
                population / cells if population else 0) * 1.14
    arrow = top_y * 0.075
    ax.axhspan(bunks_per_cell, top_y, color=PALETTE["accent"], alpha=0.06, zorder=0)
    ax.axhline(bunks_per_cell, color=PALETTE["ink"], linewidth=1.6, zorder=2)
    ax.axhline(full["people_per_cell"], color=PALETTE["accent"], linestyle="--", linewidth=1.6,
               zorder=2)
    if population > 0:
        ax.axhline(population / cells, color=PALETTE["ink"], linestyle="-.", linewidth=1.2,
                   zorder=2)
    _draw_marks(ax, table, "people_per_cell_low", "people_per_cell_high", arrow)
    ax.set_ylim(0, top_y)
    ax.set_ylabel(text["per_cell_axis"])
    start, end = _axis_limits(table)
    _date_axis(ax, lang, start, end)
    # Direct labels on the two reference lines, at the left end (no report sits there),
    # just above each line.
    xmin = pd.Timestamp(start) + pd.Timedelta(days=12)
    ax.text(xmin, full["people_per_cell"] + top_y * 0.012,
            text["capacity_cell"].format(**fmt) + f" ({fmt['no_bunk']} "
            + text["no_bunk"] + ")", ha="left", va="bottom", fontsize=8.5,
            color=PALETTE["accent"])
    bunk_label = text["bunks"].format(**fmt)
    if design_capacity == bunks_per_cell * cells:
        bunk_label += text["bunks_design"].format(**fmt)
    ax.text(xmin, bunks_per_cell + top_y * 0.012, bunk_label, ha="left",
            va="bottom", fontsize=8.5, color=PALETTE["ink"])
    _band_legend(fig, handles, legend_y)
    data = _chart_data(table, None, capacity=capacity, design_capacity=design_capacity,
                       population=population, value="people_per_cell", cells=cells,
                       bunks_per_cell=bunks_per_cell)
    return finalise_chart(
        fig, chart_id="people-per-cell", lang=lang, title=title,
        subtitle=subtitle, source_ids=source_ids, data=data,
        output_dir=output_dir, alt_text=text["percell_alt"].format(**fmt), as_of=as_of,
        note=note)


def _chart_data(table: pd.DataFrame, moved: pd.DataFrame | None, *, capacity: int,
                design_capacity: float, population: int, value: str, cells: int = 0,
                bunks_per_cell: int = 0) -> pd.DataFrame:
    """The exact data behind a chart: one row per mark, reference lines included."""
    columns = ["mark", "report_id", "date", "kind", "converted_from", "low", "high",
               "open_ended", "open_below", "source_id"]
    rows = []
    for r in table.itertuples():
        rows.append({"mark": "report", "report_id": r.report_id, "date": r.date, "kind": r.kind,
                     "converted_from": r.converted_from, "low": getattr(r, f"{value}_low"),
                     "high": getattr(r, f"{value}_high"), "open_ended": r.open_ended,
                     "open_below": r.open_below, "source_id": r.source_id})
    if moved is not None:
        for r in moved.itertuples():
            rows.append({"mark": "transfer", "report_id": r.report_id, "date": r.date,
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
        rows.append({"mark": "line", "report_id": name, "date": "", "kind": "", "converted_from":
                     "", "low": level, "high": level, "open_ended": False,
                     "open_below": False, "source_id": ""})
    return pd.DataFrame(rows, columns=columns)
