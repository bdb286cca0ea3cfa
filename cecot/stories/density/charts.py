"""The density charts, drawn from the computed tables and the words. No arithmetic: every
value comes from compute.py, every word from words.py."""

from __future__ import annotations

import math
import textwrap

import numpy as np
from matplotlib.patches import Rectangle

from ...computed import Computed
from ...style import PALETTE, frame_chart
from ...words import ChartText


def space_vs_standards(computed: Computed, text: ChartText):
    rows = computed.tables["space-vs-standards"]
    fig, ax, _ = frame_chart(text, plot_height=4.2, left=0.3)
    colours = [PALETTE["accent"] if kind == "cecot" else PALETTE["blue"]
               for kind in rows["kind"]]
    y = np.arange(len(rows))[::-1]
    ax.barh(y, rows["m2_per_person"], color=colours, height=0.62)
    ax.set_yticks(y, [textwrap.fill(label, 26) for label in text.labels["bars"]])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(text.labels["axis"])
    for yy, value, shown in zip(y, rows["m2_per_person"], text.labels["values"]):
        ax.text(value + 0.05, yy, shown, va="center", fontsize=9, color=PALETTE["ink"])
    ax.set_xlim(0, max(rows["m2_per_person"]) * 1.15)
    return fig, rows


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


def cell_to_scale(computed: Computed, text: ChartText):
    data = computed.tables["cell-to-scale"]
    cell_m2 = float(data["cell_m2"].iloc[0])
    people = list(data["people"])
    side = math.sqrt(cell_m2)
    fig, axes, _ = frame_chart(text, plot_height=3.6, ncols=2, left=0.04)
    fig.subplots_adjust(right=0.96, wspace=0.12)
    panels = [(axes[0], max(1, round(people[0])), PALETTE["accent"], text.labels["left"]),
              (axes[1], int(people[1]), PALETTE["blue"], text.labels["right"])]
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
    return fig, data


DRAW = {"space-vs-standards": space_vs_standards, "cell-to-scale": cell_to_scale}
