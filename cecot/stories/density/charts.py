"""The density charts, drawn from the computed tables and the words, at the size asked for
(full or narrow). No arithmetic on data: every value comes from compute.py, every word from
words.py."""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ...computed import Computed
from ...style import (INK, MUTED, PALETTE, arrow_down, bar_reach, date_positions, date_year_axis,
                      Frame, kind_handles, kind_marker, line_in, Size, year_span)
from ...words import ChartText

CECOT, STANDARD = PALETTE["cecot"], PALETTE["standard"]


def space_at_reported_counts(computed: Computed, text: ChartText, size: Size):
    table = computed.tables["space-at-reported-counts"]
    guideline = computed.numbers["guideline_m2"]
    kinds = text.labels["kinds"]
    frame = Frame(text, size, plot_in=3.2 if size.narrow else 3.4,
                  legend=list(kinds.values()) + [text.labels["yardstick"]],
                  legend_cols=1 if size.narrow else 2)
    ax = frame.ax
    top = max(table["m2_per_person_high"].max(), guideline) * 1.15
    arrow = top * 0.07
    # Marks too close in time to tell apart are moved apart; the data keep their dates.
    dated = table["date_precision"] != "year"
    xs = date_positions(table, step_days=22 if size.narrow else 14)
    for i, record in zip(table.index, table.itertuples()):
        date = xs.get(i, pd.Timestamp(record.date))
        low, high = record.m2_per_person_low, record.m2_per_person_high
        if record.date_precision == "year":
            year_span(ax, date.year, high, CECOT, open_above=False, arrow=arrow,
                      open_below=pd.isna(low), size=size)
        elif pd.isna(low):
            arrow_down(ax, date, high, arrow, CECOT, size)
        elif record.kind == "range":
            ax.plot([date, date], [low, high], color=CECOT, linewidth=2.2,
                    solid_capstyle="butt")
        else:
            kind_marker(ax, date, high, record.kind, CECOT, size)
    ax.axhline(guideline, color=STANDARD, linewidth=1.6)
    ax.set_ylim(0, top)
    ax.set_ylabel(text.labels["axis"])
    # The axis runs to the end of any year a report is known only to.
    ends = [pd.Timestamp(year=pd.Timestamp(d).year, month=12, day=31)
            for d in table.loc[~dated, "date"]]
    date_year_axis(ax, list(table["date"]) + ends, size)
    handle_kinds = {"lower_bound": "upper_bound"}  # more people: a ceiling on space
    handles = kind_handles({handle_kinds.get(k, k): label for k, label in kinds.items()},
                           [handle_kinds.get(k, k) for k in kinds], CECOT)
    handles.append(Line2D([], [], color=STANDARD, linewidth=1.6,
                          label=text.labels["yardstick"]))
    frame.legend(handles)
    return frame, table


def space_vs_standards(computed: Computed, text: ChartText, size: Size):
    rows = computed.tables["space-vs-standards"]
    wrap_at = 22 if size.narrow else 34
    labels = [textwrap.fill(label, wrap_at) for label in text.labels["bars"]]
    longest = max(len(line) for label in labels for line in label.split("\n"))
    left = min(0.55 * longest * size.small_pt / 72 + 0.2, size.width_in * 0.5)
    lines = max(label.count("\n") + 1 for label in labels)
    row_in = max(0.42, lines * line_in(size.small_pt, 1.25) + 0.1)  # a row fits its label
    frame = Frame(text, size, plot_in=row_in * len(rows) + 0.3, left_in=left, right_in=0.2,
                  below_in=line_in(size.text_pt, 1.6))  # room for the axis label
    ax = frame.ax
    colours = {"cecot": CECOT, "cecot_observed": CECOT, "reported_estimate": PALETTE["press"],
               "standard": STANDARD}
    # A gap between CECOT's bars and the standards' bars.
    gap = [0.6 if kind == "standard" else 0.0 for kind in rows["kind"]]
    y = -(np.arange(len(rows)) + np.array(gap))
    high = rows["m2_per_person_high"]
    ceiling = rows["m2_per_person_low"].isna()  # "at most": a lighter bar
    ax.barh(y, high, color=[colours[k] for k in rows["kind"]], height=0.66,
            alpha=None)
    for yy, value, is_ceiling in zip(y, high, ceiling):
        if is_ceiling:
            ax.barh([yy], [value], color="white", alpha=0.45, height=0.66)
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(text.labels["axis"])
    reach = bar_reach(frame, high, text.labels["values"])
    for yy, value, shown in zip(y, high, text.labels["values"]):
        ax.text(value + reach * 0.012, yy, shown, va="center", fontsize=size.small_pt,
                color=INK)
    ax.set_xlim(0, reach)
    ax.set_ylim(y.min() - 0.6, 0.6)
    return frame, rows


def tiles(n: int, side: float):
    """Split a square of `side` into n tiles of (nearly) equal area: rows of equal height,
    the n tiles spread over them so row lengths differ by at most one."""
    rows = max(1, round(math.sqrt(n)))
    base, extra = divmod(n, rows)
    out = []
    h = side / rows
    for r in range(rows):
        in_row = base + (1 if r < extra else 0)
        w = side / in_row
        for c in range(in_row):
            out.append((c * w, side - (r + 1) * h, w, h))
    return out


def cell_to_scale(computed: Computed, text: ChartText, size: Size):
    data = computed.tables["cell-to-scale"]
    cell_m2 = float(data["cell_m2"].iloc[0])
    people = list(data["people"])
    side = math.sqrt(cell_m2)
    chars = 24 if size.narrow else 40
    label_lines = max(len(textwrap.wrap(text.labels[k], chars)) for k in ("left", "right"))
    label_in = label_lines * line_in(size.text_pt) + 0.08
    # Each square is as wide as half the chart allows; above it its label, below it the scale.
    side_in = min((size.width_in - 0.32) / 2 * 0.9, 3.2)
    frame = Frame(text, size, plot_in=side_in * 1.12 + label_in, ncols=2, left_in=0.16,
                  right_in=0.16, wspace=0.1)
    panels = [(frame.ax[0], max(1, round(people[0])), CECOT, text.labels["left"]),
              (frame.ax[1], int(people[1]), STANDARD, text.labels["right"])]
    above = side * label_in / side_in  # the label's height in metres of the drawing
    for ax, n, colour, label in panels:
        for (x, y, w, h) in tiles(max(n, 1), side):
            ax.add_patch(Rectangle((x, y), w, h, facecolor=colour, alpha=0.22,
                                   edgecolor=colour, linewidth=0.4))
        ax.add_patch(Rectangle((0, 0), side, side, fill=False, edgecolor=INK, linewidth=1.5))
        ax.set_xlim(-0.02 * side, side * 1.02)
        ax.set_ylim(-0.12 * side, side + above)
        ax.set_aspect("equal")
        ax.set_anchor("NW")
        ax.axis("off")
        ax.text(0, side + above * 0.15, textwrap.fill(label, chars), fontsize=size.text_pt,
                ha="left", va="bottom", color=INK)
    # A scale bar under the left cell.
    bar = float(data["scale_bar_m"].iloc[0])
    ax = frame.ax[0]
    ax.plot([0, bar], [-0.06 * side] * 2, color=MUTED, linewidth=2, solid_capstyle="butt")
    ax.text(bar + 0.02 * side, -0.06 * side, text.labels["scale"], va="center",
            fontsize=size.small_pt, color=MUTED)
    return frame, data


DRAW = {"space-at-reported-counts": space_at_reported_counts,
        "space-vs-standards": space_vs_standards, "cell-to-scale": cell_to_scale}
