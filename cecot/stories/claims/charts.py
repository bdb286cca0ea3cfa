"""The ledger chart, drawn from the computed tables and the words. No arithmetic on data (the
stacking of bars is geometry): every count comes from compute.py, every word from words.py."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ...computed import Computed
from ...legacy_style import PALETTE, new_chart
from ...words import ChartText
from .ledger import STATUSES

STATUS_COLOURS = {"consistent": PALETTE["teal"], "imprecise": PALETTE["gold"],
                  "inconsistent": PALETTE["accent"], "unverifiable": PALETTE["grey"]}


def ledger(computed: Computed, text: ChartText):
    """Claims of the article by topic, stacked by status. The footer cites the article; the
    sources of every check (several dozen) are listed claim by claim in ledger.csv."""
    counts = computed.tables["by_topic"].set_index("topic")
    labels = text.labels
    order = list(labels["topics"])  # the words order the topics (a tie: alphabetical)
    # Not frame_chart: its figure, sized to the text, would not keep this chart's layout (and
    # its PNG) as it was; new_chart with the chart's own margins does.
    fig, ax = new_chart(height=6.4)
    fig.subplots_adjust(left=0.25, bottom=0.17)
    ax.set_axisbelow(True)
    y = np.arange(len(order))[::-1]
    left = np.zeros(len(order))
    for status in STATUSES:
        values = counts.loc[order, status].to_numpy()
        ax.barh(y, values, left=left, color=STATUS_COLOURS[status], height=0.66,
                label=labels["legend"][status])
        shown = labels["values"][status]
        for yy, start, value, topic in zip(y, left, values, order):
            if topic in shown:
                ax.text(start + value / 2, yy, shown[topic], ha="center", va="center",
                        fontsize=9, color="white" if status != "imprecise" else PALETTE["ink"])
        left += values
    ax.set_yticks(y, [labels["topics"][topic] for topic in order])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(labels["axis"])
    ax.set_xlim(0, max(counts["claims"]) * 1.05)
    ax.legend(loc="lower right", fontsize=9)
    return fig, computed.tables["ledger"]


DRAW = {"ledger": ledger}
