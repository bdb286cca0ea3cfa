"""The ledger chart, drawn from the computed tables and the words, at the size asked for (full
or narrow). No arithmetic on data (the stacking of bars is geometry): every count comes from
compute.py, every word from words.py."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator

from ...computed import Computed
from ...style import INK, MUTED, PALETTE, Frame, Size, line_in
from ...words import ChartText
from .ledger import STATUSES

# The verdict colours; "unverifiable" is also hatched, so that it never reads as "consistent"
# for a reader who cannot tell the colours apart.
STATUS_STYLE = {
    "consistent": dict(facecolor=PALETTE["holds"]),
    "imprecise": dict(facecolor=PALETTE["imprecise"]),
    "inconsistent": dict(facecolor=PALETTE["does_not_hold"]),
    "unverifiable": dict(facecolor=PALETTE["not_established"], hatch="///", hatchcolor=MUTED),
}
TEXT_ON = {"consistent": "white", "imprecise": INK, "inconsistent": "white",
           "unverifiable": INK}

_TO_PATH = TextToPath()


@lru_cache(maxsize=None)
def _font(pt: float) -> FontProperties:
    return FontProperties(family="DejaVu Sans", size=pt)


def text_in(text: str, pt: float) -> float:
    """The width in inches of `text` in DejaVu Sans at `pt`, measured from the glyphs (the same
    helper as costs/charts.py: a candidate for cecot/style.py)."""
    return _TO_PATH.get_text_width_height_descent(text, _font(pt), ismath=False)[0] / 72


def ledger(computed: Computed, text: ChartText, size: Size):
    """Claims of the article by topic, stacked by status, each segment labelled with its count
    and each status named once, inside the first segment wide enough. The footer cites the
    article; the sources of every check (several dozen) are listed claim by claim in
    ledger.csv."""
    counts = computed.tables["by_topic"].set_index("topic")
    labels = text.labels
    order = list(labels["topics"])  # the words order the topics (a tie: alphabetical)
    names = [labels["topics"][topic] for topic in order]
    left = min(max(text_in(name, size.small_pt) for name in names) + 0.3, size.width_in * 0.45)
    row_in = line_in(size.small_pt, 1.25) + (0.2 if size.narrow else 0.16)
    frame = Frame(text, size, plot_in=row_in * len(order) + 0.15, left_in=left, right_in=0.25,
                  legend=list(labels["legend"].values()), legend_cols=2 if size.narrow else 4,
                  below_in=line_in(size.text_pt, 1.6))
    ax = frame.ax
    ax.set_axisbelow(True)
    reach = float(max(counts["claims"])) * 1.02
    inch_per_claim = frame.plot_width_in / reach
    y = -np.arange(len(order), dtype=float)
    start = np.zeros(len(order))
    named: set[str] = set()
    for status in STATUSES:
        values = counts.loc[order, status].to_numpy()
        ax.barh(y, values, left=start, height=0.7, edgecolor="white", linewidth=1.0,
                **STATUS_STYLE[status])
        for yy, begin, value, topic in zip(y, start, values, order):
            if not value:
                continue
            width_in = value * inch_per_claim
            shown = labels["named"][status][topic]
            if status in named or text_in(shown, size.small_pt) + 0.14 > width_in:
                shown = labels["values"][status][topic]
            else:
                named.add(status)
            if text_in(shown, size.small_pt) + 0.06 > width_in:
                continue  # too narrow even for its count: the legend and the axis tell
            ax.text(begin + value / 2, yy, shown, ha="center", va="center",
                    fontsize=size.small_pt, color=TEXT_ON[status],
                    bbox=dict(facecolor=PALETTE["not_established"], edgecolor="none", pad=1.0)
                    if status == "unverifiable" else None)
        start += values
    ax.set_yticks(y, names)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(y.min() - 0.6, 0.6)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5 if size.narrow else 10, steps=[1, 2, 5, 10]))
    ax.set_xlabel(labels["axis"])
    ax.set_xlim(0, reach)
    frame.legend([Patch(edgecolor="white", linewidth=1.0, label=labels["legend"][status],
                        **STATUS_STYLE[status]) for status in STATUSES])
    return frame, computed.tables["ledger"]


DRAW = {"ledger": ledger}
