"""The ledger chart, drawn from the computed tables and the words, at the size asked for (full
or narrow): one bar per verdict, the claims counted once each. No arithmetic on data: every
count comes from compute.py, every word from words.py."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ...computed import Computed
from ...style import INK, PALETTE, Frame, Size, bar_reach, line_in
from ...words import ChartText
from .words import MEANING


def ledger(computed: Computed, text: ChartText, size: Size):
    """Claims by verdict, one bar each in the verdict's colour (cecot.style.MEANINGS), the
    verdict named on the axis and the count at the bar's end (a verdict no claim has keeps its
    bar's place and its 0: "none is contradicted" is what the chart shows)."""
    counts = computed.tables["by_verdict"].set_index("status")["claims"]
    labels = text.labels
    order = list(labels["order"])
    names = [labels["verdicts"][s] for s in order]
    shown = [labels["counts"][s] for s in order]
    widest = max(len(name) for name in names) * size.small_pt * 0.56 / 72
    left = min(widest + 0.3, size.width_in * 0.45)
    row_in = line_in(size.small_pt, 1.3) + (0.22 if size.narrow else 0.18)
    frame = Frame(text, size, plot_in=row_in * len(order) + 0.1, left_in=left, right_in=0.25)
    ax = frame.ax
    ax.set_axisbelow(True)
    values = np.array([int(counts[s]) for s in order], dtype=float)
    y = -np.arange(len(order), dtype=float)
    ax.barh(y, values, height=0.68, color=[PALETTE[MEANING[s]] for s in order],
            edgecolor="white", linewidth=1.0)
    reach = max(bar_reach(frame, values, shown), 1.0)
    gap = reach * 0.012
    for yy, value, label in zip(y, values, shown):
        ax.text(value + gap, yy, label, ha="left", va="center", fontsize=size.text_pt,
                color=INK, fontweight="bold")
    ax.set_yticks(y, names)
    ax.tick_params(axis="y", length=0, labelsize=size.text_pt)
    ax.set_ylim(y.min() - 0.6, 0.6)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4 if size.narrow else 8,
                                           steps=[1, 2, 5, 10]))
    ax.set_xlabel(labels["axis"])
    ax.set_xlim(0, reach)
    return frame, computed.tables["ledger"]


DRAW = {"ledger": ledger}
