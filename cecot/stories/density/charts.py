"""The density charts, drawn from the computed tables and the words, at the size asked for
(full or narrow). No arithmetic on data: every value comes from compute.py, every word from
words.py.

Colours say whose figure a mark is (cecot.style.MEANINGS): CECOT's space, computed here from
reported figures, in the CECOT colour (hollow bars: computed); the standards in the standard
colour; the Financial Times' reported estimate in the press colour; an opinion column, a figure
known only to the year and a sentence a news agency repeats, in grey, behind. Marks whose dates
are too close to tell apart are moved apart (style.dodge); the data keep their dates."""

from __future__ import annotations

import math
import re
import textwrap

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ...computed import Computed
from ...style import (INK, MUTED, PALETTE, Frame, Size, arrow_down, bar_reach,
                      date_positions, date_year_axis, kind_handles, kind_marker, line_in,
                      year_span)
from ...words import ChartText

CECOT, STANDARD = PALETTE["cecot"], PALETTE["standard"]
# Marks closer than this many days are drawn apart (style.dodge), on a phone and on a desktop.
DODGE_DAYS = {True: 26, False: 16}
GREY = PALETTE["not_established"]  # an opinion column, a figure known only to the year


# --- space at each reported figure ---------------------------------------------------------------

def _report_mark(ax, x, record, colour: str, arrow: float, size: Size) -> None:
    """One figure in its shape: a ceiling ("more than" so many people) an arrow down, a range a
    bar, a count a dot, an approximation a ring, a year a dotted span."""
    low, high = record.m2_per_person_low, record.m2_per_person_high
    if record.date_precision == "year":
        year_span(ax, pd.Timestamp(record.date).year, high, colour, open_above=False,
                  arrow=arrow, open_below=pd.isna(low), size=size)
    elif pd.isna(low):
        arrow_down(ax, x, high, arrow, colour, size)
    elif low < high:
        ax.plot([x, x], [low, high], color=colour, linewidth=2.2, solid_capstyle="butt")
    else:
        kind_marker(ax, x, high, record.kind, colour, size)


def _shape(record) -> str:
    """The legend shape of a mark: a ceiling on space ("more than" so many people), a range,
    a count's dot or an approximation's ring."""
    low, high = record.m2_per_person_low, record.m2_per_person_high
    if pd.isna(low):
        return "upper_bound"
    if low < high:
        return "range"
    return "count" if record.kind == "count" else "approx"


def _legend_handles(text: ChartText, table: pd.DataFrame) -> list:
    """Legend entries drawn as the marks are: the figures' shapes in the CECOT colour; in
    grey, the mark of an opinion column, of a year, and of a repeated sentence, each in its own
    shape; and the yardstick's line."""
    kinds = text.labels["kinds"]
    shapes = {"lower_bound": "upper_bound"}  # more people: a ceiling on space
    series = {k: v for k, v in kinds.items() if k not in ("opinion", "year_only", "repeat")}
    handles = kind_handles({shapes.get(k, k): v for k, v in series.items()},
                           [shapes.get(k, k) for k in series], CECOT)
    repeat = table["repeat"].astype(bool)
    for key, rows in (("opinion", table[~table["headline_worthy"] & ~repeat
                                        & (table["date_precision"] != "year")]),
                      ("repeat", table[repeat])):
        if key in kinds and len(rows):
            shape = _shape(next(rows.itertuples()))
            handles += kind_handles({shape: kinds[key]}, [shape], GREY)
    if "year_only" in kinds:
        handles += kind_handles({"year_only": kinds["year_only"]}, ["year_only"], GREY)
    handles.append(Line2D([], [], color=STANDARD, linewidth=1.6,
                          label=text.labels["yardstick"]))
    return handles


def _name_latest(ax, text: ChartText, latest: dict, x, guideline: float, top: float,
                 size: Size) -> None:
    """The latest figure named with its date, in the open space above the marks (between the
    yardstick's line and the top when the figure is below the line), joined to its mark (at
    `x`, where it is drawn)."""
    value = latest["m2_per_person_high"]
    y = guideline + (top - guideline) * 0.3 if value < guideline else \
        value + (top - value) * 0.3
    label = text.labels["latest"]
    if size.narrow:
        label = label.replace(": ", ":\n", 1)
    ax.annotate(label, xy=(x, value), xytext=(x, y), ha="right", va="bottom",
                fontsize=size.small_pt, color=INK, linespacing=1.15,
                arrowprops=dict(arrowstyle="-", color=MUTED, lw=0.8, shrinkA=0, shrinkB=5))


def space_at_reported_counts(computed: Computed, text: ChartText, size: Size):
    table = computed.tables["space-at-reported-counts"]
    guideline = computed.numbers["guideline_m2"]
    latest = computed.numbers["observed"]["latest"]
    handles = _legend_handles(text, table)
    frame = Frame(text, size, plot_in=3.2 if size.narrow else 3.4,
                  legend=[h.get_label() for h in handles],
                  legend_cols=1 if size.narrow else 2)
    ax = frame.ax
    top = max(table["m2_per_person_high"].max(), guideline) * 1.15
    arrow = top * 0.07
    # Marks too close in time to tell apart are drawn apart; the data keep their dates.
    xs = date_positions(table, DODGE_DAYS[size.narrow])
    # Figures that may not carry a headline first, in grey: behind the others.
    for index, record in zip(table.index, table.itertuples()):
        if not record.headline_worthy:
            _report_mark(ax, xs.get(index), record, GREY, arrow, size)
    for index, record in zip(table.index, table.itertuples()):
        if record.headline_worthy:
            _report_mark(ax, xs.get(index), record, CECOT, arrow, size)
    ax.axhline(guideline, color=STANDARD, linewidth=1.6, zorder=1)
    where = table.index[table["report_id"] == latest["report_id"]][0]
    _name_latest(ax, text, latest, xs[where], guideline, top, size)
    ax.set_ylim(0, top)
    ax.set_ylabel(text.labels["axis"])
    # The axis runs to the end of any year a figure is known only to.
    ends = [pd.Timestamp(year=pd.Timestamp(d).year, month=12, day=31)
            for d in table.loc[table["date_precision"] == "year", "date"]]
    date_year_axis(ax, list(table["date"]) + list(xs.values()) + ends, size)
    frame.legend(handles)
    return frame, table


# --- space against the standards --------------------------------------------------------------------

def _bar(ax, y: float, row, colour: str, reach: float, size: Size) -> None:
    """A bar in its shape: a reported figure solid, one computed here hollow; a computed range
    a hollow bar between its ends; a ceiling a mark with an arrow towards less."""
    low, high = row.m2_per_person_low, row.m2_per_person_high
    if row.shape == "reported":
        ax.barh([y], [high], color=colour, height=0.66)
    elif row.shape == "computed_ceiling":
        ax.plot([high], [y], marker="|", markersize=16, markeredgewidth=2.4, color=colour,
                linestyle="none")
        ax.annotate("", xy=(max(high - reach * 0.12, 0), y), xytext=(high, y),
                    arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.6,
                                    mutation_scale=10 if size.narrow else 9,
                                    shrinkA=0, shrinkB=0))
    else:
        left = low if row.shape == "computed_range" else 0
        ax.barh([y], [high - left], left=left, height=0.66, facecolor="white",
                edgecolor=colour, linewidth=1.8)


def space_vs_standards(computed: Computed, text: ChartText, size: Size):
    rows = computed.tables["space-vs-standards"]
    wrap_at = 22 if size.narrow else 34
    labels = [textwrap.fill(label, wrap_at) for label in text.labels["bars"]]
    longest = max(len(line) for label in labels for line in label.split("\n"))
    left = min(0.55 * longest * size.small_pt / 72 + 0.2, size.width_in * 0.5)
    lines = max(label.count("\n") + 1 for label in labels)
    row_in = max(0.42, lines * line_in(size.small_pt, 1.25) + 0.1)  # a row fits its label
    # The key: a hollow bar is computed here from a population figure, a solid one published.
    hollow = rows["shape"].isin(["computed", "computed_range"]).any()
    key = [Patch(facecolor="white", edgecolor=CECOT, linewidth=1.8,
                 label=text.labels["computed"])] if hollow else []
    frame = Frame(text, size, plot_in=row_in * len(rows) + 0.3, left_in=left, right_in=0.2,
                  below_in=line_in(size.text_pt, 1.6),  # room for the axis label
                  legend=[h.get_label() for h in key], legend_cols=1)
    ax = frame.ax
    colours = {"cecot": CECOT, "cecot_observed": CECOT, "reported_estimate": PALETTE["press"],
               "standard": STANDARD}
    # A gap between CECOT's bars and the standards' bars.
    gap = [0.6 if kind == "standard" else 0.0 for kind in rows["kind"]]
    y = -(np.arange(len(rows)) + np.array(gap))
    high = rows["m2_per_person_high"]
    reach = bar_reach(frame, high, text.labels["values"])
    for yy, row in zip(y, rows.itertuples()):
        _bar(ax, yy, row, colours[row.kind], reach, size)
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_axisbelow(True)
    ax.set_xlabel(text.labels["axis"])
    for yy, value, shown in zip(y, high, text.labels["values"]):
        ax.text(value + reach * 0.015, yy, shown, va="center", fontsize=size.small_pt,
                color=INK)
    ax.set_xlim(0, reach)
    ax.set_ylim(y.min() - 0.6, 0.6)
    frame.legend(key)
    return frame, rows


# --- one cell drawn to scale ---------------------------------------------------------------------

def tiles(n: int, side: float):
    """Split a square of `side` into n tiles of exactly equal area (each one person's share):
    the n tiles spread over rows whose lengths differ by at most one, each row as tall as its
    share of the tiles, so a tile of a shorter row is wider and less tall, never larger."""
    rows = max(1, round(math.sqrt(n)))
    base, extra = divmod(n, rows)
    out = []
    top = side
    for r in range(rows):
        in_row = base + (1 if r < extra else 0)
        w, h = side / in_row, side * in_row / n
        for c in range(in_row):
            out.append((c * w, top - h, w, h))
        top -= h
    return out


def label_lines(label: str, chars: int) -> list[str]:
    """A cell's label in lines of at most `chars`, broken after its colon and commas where it
    can ("The ICRC minimum:" / "29 people," / "3.4 m² each"), never inside a phrase that fits a
    line."""
    parts = [p for p in re.split(r"(?<=[:,]) ", label) if p]
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 1 + len(part) <= chars:
            lines[-1] += " " + part
        else:
            lines += textwrap.wrap(part, chars) or [part]
    return lines


def cell_to_scale(computed: Computed, text: ChartText, size: Size):
    data = computed.tables["cell-to-scale"]
    cell_m2 = float(data["cell_m2"].iloc[0])
    people = list(data["people"])
    side = math.sqrt(cell_m2)
    side_in = min((size.width_in - 0.32) / 2 * 0.9, 3.2)
    # Each label breaks to its square's width, and both take the same height, top-aligned;
    # every line sits on its own baseline, evenly spaced.
    chars = size.chars(side_in, size.text_pt)
    wrapped = {k: label_lines(text.labels[k], chars) for k in ("left", "right")}
    spacing_in = line_in(size.text_pt, 1.3)
    label_in = max(len(lines) for lines in wrapped.values()) * spacing_in + 0.1
    scale_in = line_in(size.small_pt, 2.6) + 0.05  # the scale bar, its length under it
    ticks_in = line_in(size.small_pt, 2.2)  # Frame's band for tick labels: none here
    frame = Frame(text, size, plot_in=side_in + label_in + scale_in, ncols=2, left_in=0.16,
                  right_in=0.16, wspace=0.1, below_in=0.05 - ticks_in)
    panels = [(frame.ax[0], max(1, round(people[0])), CECOT, wrapped["left"]),
              (frame.ax[1], int(people[1]), STANDARD, wrapped["right"])]
    above = side * label_in / side_in  # the label's height in metres of the drawing
    below = side * scale_in / side_in
    bar = float(data["scale_bar_m"].iloc[0])
    for ax, n, colour, label in panels:
        # One collection of squares, not one patch each: the same drawing, many times faster
        # (a scenario may hold tens of thousands of people).
        ax.add_collection(PolyCollection(
            [((x, y), (x + w, y), (x + w, y + h), (x, y + h)) for x, y, w, h in
             tiles(max(n, 1), side)], facecolor=colour, alpha=0.22, edgecolor=colour,
            linewidth=0.4))
        ax.add_patch(Rectangle((0, 0), side, side, fill=False, edgecolor=INK, linewidth=1.5))
        ax.set_xlim(-0.02 * side, side * 1.02)
        ax.set_ylim(-below, side + above)
        ax.set_aspect("equal")
        ax.set_anchor("NW")
        ax.axis("off")
        per_in = side / side_in  # metres of the drawing per inch
        for i, line in enumerate(label):
            ax.text(0, side + above - (size.text_pt / 72 + i * spacing_in) * per_in, line,
                    fontsize=size.text_pt, ha="left", va="baseline", color=INK)
        # A scale bar under each cell, its length written under its middle.
        ax.plot([0, bar], [-below * 0.2] * 2, color=MUTED, linewidth=2,
                solid_capstyle="butt")
        ax.text(bar / 2, -below * 0.32, text.labels["scale"], ha="center", va="top",
                fontsize=size.small_pt, color=MUTED)
    return frame, data


DRAW = {"space-at-reported-counts": space_at_reported_counts,
        "space-vs-standards": space_vs_standards, "cell-to-scale": cell_to_scale}
