"""The costs charts, drawn from the computed tables and the words, at the size asked for (full
or narrow). Every value comes from compute.py, every word from words.py."""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ... import fmt
from ...computed import Computed
from ...style import (INK, MUTED, PALETTE, arrow_up, date_positions, date_year_axis, Frame,
                      kind_handles, kind_marker, line_in, Size, year_span)
from ...words import ChartText

CECOT, STANDARD = PALETTE["cecot"], PALETTE["standard"]
HATCH = "///"  # the mark of a figure nobody could verify (with PALETTE["not_established"])


# --- helpers any story could use (candidates for cecot/style.py) ------------------------------

@lru_cache(maxsize=None)
def _font(pt: float, bold: bool) -> FontProperties:
    return FontProperties(family="DejaVu Sans", size=pt, weight="bold" if bold else "normal")


_TO_PATH = TextToPath()


def text_in(text: str, pt: float, bold: bool = False) -> float:
    """The width in inches of `text` (of its longest line) in DejaVu Sans at `pt`, measured
    from the glyphs: an estimate from the number of characters can be a fifth out either way."""
    return max(_TO_PATH.get_text_width_height_descent(line, _font(pt, bold), ismath=False)[0]
               for line in text.split("\n")) / 72


def unbroken(text: str) -> str:
    """A figure kept on one line with the word after it ("US$6 million", "300 men"): the space
    between them made non-breaking, so wrapping never splits them."""
    return re.sub(r"(\d) (?=[^\W\d_])", "\\1\u00a0", text)


def bar_rows(labels: list[str], size: Size, wrap_full: int = 30, wrap_narrow: int = 20):
    """The row labels of a horizontal bar chart wrapped for `size` (a figure stays with its
    unit), the left margin their longest line needs (measured, at most half the chart) and the
    height of a row that fits the tallest label."""
    wrapped = [textwrap.fill(unbroken(label), wrap_narrow if size.narrow else wrap_full)
               for label in labels]
    lines = max(label.count("\n") + 1 for label in wrapped)
    row_in = max(0.5, lines * line_in(size.small_pt, 1.25) + 0.15)
    left = min(max(text_in(label, size.small_pt) for label in wrapped) + 0.3,
               size.width_in * 0.5)
    return wrapped, left, row_in


def bar_axes(ax, y, labels, narrow: bool) -> None:
    """Horizontal bars: the labels as the y ticks, a vertical grid (fewer ticks on a phone),
    room above and below."""
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_axisbelow(True)
    ax.set_ylim(min(y) - 0.6, max(y) + 0.6)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=3 if narrow else 8, steps=[1, 2, 2.5, 5, 10]))


def tip_reach(frame: Frame, highs, labels, bold: list[bool] | None = None) -> float:
    """Like style.bar_reach, with each label measured (text_in) rather than estimated: the
    axis end at which the longest label, at its bar's tip, still ends inside the plot."""
    bold = bold or [False] * len(labels)
    reach = 0.0
    for high, label, heavy in zip(highs, labels, bold):
        share = min((text_in(label, frame.size.small_pt, heavy) + 0.1) / frame.plot_width_in,
                    0.6)
        reach = max(reach, float(high) / (1 - share))
    return reach


def tip_labels(ax, frame: Frame, y, highs, labels, bold_last: bool = False) -> float:
    """Each bar's value written at its tip (the last one bold: a total); returns the axis end
    that makes them fit."""
    bold = [bold_last and i == len(labels) - 1 for i in range(len(labels))]
    reach = tip_reach(frame, highs, labels, bold)
    for yy, high, shown, heavy in zip(y, highs, labels, bold):
        ax.text(high + reach * 0.012, yy, shown, va="center", fontsize=frame.size.small_pt,
                color=INK, fontweight="bold" if heavy else None)
    ax.set_xlim(0, reach)
    return reach


def _money_axis(ax, lang: str, axis: str = "x") -> None:
    formatter = FuncFormatter(lambda v, _: fmt.whole(v, lang))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def fit_ticks(ax, frame: Frame, right_in: float) -> None:
    """Keep only the x ticks whose label, centred on the tick, ends inside the figure: at a
    phone's width the last label of a bar chart can run past the right edge."""
    low, high = ax.get_xlim()
    formatter = ax.xaxis.get_major_formatter()
    kept = []
    for tick in ax.xaxis.get_major_locator().tick_values(low, high):
        if not low <= tick <= high:
            continue
        room = (high - tick) / (high - low) * frame.plot_width_in + right_in
        if text_in(formatter(tick, None), frame.size.small_pt) / 2 + 0.04 <= room:
            kept.append(tick)
    ax.set_xticks(kept)


# --- the charts -------------------------------------------------------------------------------

def family_payment(computed: Computed, text: ChartText, size: Size):
    """The parts of the payment as a waterfall (each part starts where the one above ends), the
    reported total under them; a total used here that differs from it is a line."""
    data = computed.tables["family-payment"]
    parts = data[~data["item"].isin(["reported_total", "parameter"])]
    total = float(data.loc[data["item"] == "reported_total", "usd_per_month"].iloc[0])
    scenario = data.loc[data["item"] == "parameter", "usd_per_month"]
    labels, left, row_in = bar_rows(text.labels["bars"], size, 30, 14)
    legend = [text.labels["scenario"]] if len(scenario) else None
    n = len(parts)
    frame = Frame(text, size, plot_in=row_in * (n + 1) + 0.35, left_in=left, right_in=0.2,
                  legend=legend, below_in=line_in(size.text_pt, 1.6))
    ax = frame.ax
    values = parts["usd_per_month"].to_numpy(dtype=float)
    ends = np.cumsum(values)
    starts = ends - values
    y = np.append(-np.arange(n, dtype=float), -(n + 0.35))
    colour = PALETTE["press"]
    ax.barh(y[:n], values, left=starts, color=colour, height=0.6)
    ax.barh(y[n:], [total], color=colour, height=0.6)
    for i in range(n):  # each part's end leads to where the next row starts
        ax.plot([ends[i]] * 2, [y[i] - 0.3, y[i + 1] + 0.3], color=MUTED, linewidth=0.8,
                linestyle=(0, (2, 2)))
    highs = list(ends) + [total]
    reach = tip_labels(ax, frame, y, highs, text.labels["values"], bold_last=True)
    if len(scenario):
        value = float(scenario.iloc[0])
        ax.axvline(value, color=STANDARD, linewidth=1.6, linestyle="--")
        ax.set_xlim(0, max(reach, value * 1.05))
        frame.legend([Line2D([], [], color=STANDARD, linewidth=1.6, linestyle="--",
                             label=text.labels["scenario"])])
    bar_axes(ax, y, labels, size.narrow)
    ax.set_xlabel(text.labels["axis"])
    _money_axis(ax, text.lang)
    fit_ticks(ax, frame, 0.2)
    return frame, data


def us_payment_per_month(computed: Computed, text: ChartText, size: Size):
    """The same payment twice: as announced and as paid for the months the men were held.
    A range (the counts of men disagree) is a bar to its low end and a lighter bar to its high
    end, with the range written beside it."""
    data = computed.tables["us-payment-per-month"]
    labels, left, row_in = bar_rows(text.labels["bars"], size, 30, 20)
    row_in = max(0.55, row_in)
    frame = Frame(text, size, plot_in=row_in * len(data) + 0.2, left_in=left, right_in=0.2,
                  below_in=line_in(size.text_pt, 1.6))
    ax = frame.ax
    y = -np.arange(len(data), dtype=float)
    colours = [PALETTE["press"], PALETTE["official"]]  # AP's account; the filing
    lows, highs = data["usd_per_man_month_low"], data["usd_per_man_month_high"]
    ax.barh(y, lows, color=colours, height=0.55)
    ax.barh(y, highs - lows, left=lows, color=colours, alpha=0.45, height=0.55)
    tip_labels(ax, frame, y, highs, text.labels["values"])
    bar_axes(ax, y, labels, size.narrow)
    ax.set_xlabel(text.labels["axis"])
    _money_axis(ax, text.lang)
    fit_ticks(ax, frame, 0.2)
    return frame, data


def cost_per_place(computed: Computed, text: ChartText, size: Size):
    """The unverified construction cost over each capacity: grey and hatched, as every figure
    nobody could verify."""
    data = computed.tables["cost-per-place"]
    labels, left, row_in = bar_rows(text.labels["bars"], size, 34, 18)
    frame = Frame(text, size, plot_in=row_in * len(data) + 0.2, left_in=left, right_in=0.2,
                  legend=[text.labels["unverified"]], below_in=line_in(size.text_pt, 1.6))
    ax = frame.ax
    y = -np.arange(len(data), dtype=float)
    unverified = dict(facecolor=PALETTE["not_established"], edgecolor=MUTED, hatch=HATCH,
                      linewidth=0.8)
    ax.barh(y, data["usd_per_place"], height=0.55, **unverified)
    tip_labels(ax, frame, y, data["usd_per_place"], text.labels["values"])
    bar_axes(ax, y, labels, size.narrow)
    ax.set_xlabel(text.labels["axis"])
    _money_axis(ax, text.lang)
    fit_ticks(ax, frame, 0.2)
    frame.legend([Patch(label=text.labels["unverified"], **unverified)])
    return frame, data


def prisoners_per_guard(computed: Computed, text: ChartText, size: Size):
    """Prisoners per guard at each reported head count, in the shape it was reported; the
    stated capacity (and, on the full chart, the design estimate) as reference lines."""
    staff = computed.numbers["prisoners_per_guard"]
    table = computed.tables["per_guard"]
    kinds = text.labels["kinds"]
    frame = Frame(text, size, plot_in=3.2 if size.narrow else 3.4,
                  left_in=0.7 if size.narrow else 0.75, legend=list(kinds.values()),
                  legend_cols=2 if size.narrow else 3)
    ax = frame.ax
    lines = ["at_capacity"] if size.narrow else ["at_capacity", "at_alt_capacity"]
    highs = table["per_guard_high"].astype(float)
    top = max([staff[key]["value"] for key in lines] + [table["per_guard_low"].max(),
                                                          highs.max(skipna=True)
                                                          if highs.notna().any() else 0])
    top *= 1.18
    arrow = top * 0.07
    dated = table["date_precision"] != "year"
    xs = date_positions(table, step_days=22 if size.narrow else 14)
    for i, record in zip(table.index, table.itertuples()):
        date = xs.get(i, pd.Timestamp(record.date))
        low, high = record.per_guard_low, highs[i]
        if record.date_precision == "year":
            year_span(ax, date.year, low, CECOT, open_above=pd.isna(high), arrow=arrow,
                      size=size)
        elif pd.isna(high):
            arrow_up(ax, date, low, arrow, CECOT, size=size)
        elif record.kind == "range" and high - low > 1e-9:
            ax.plot([date, date], [low, high], color=CECOT, linewidth=2.2,
                    solid_capstyle="butt")
        else:
            kind_marker(ax, date, low, record.kind, CECOT, size)
    for key, dash in (("at_capacity", "--"), ("at_alt_capacity", ":")):
        if key not in lines:
            continue
        value = staff[key]["value"]
        ax.axhline(value, color=STANDARD, linestyle=dash, linewidth=1.4)
        ax.text(0.01, value + top * 0.015, text.labels["lines"][key], va="bottom", ha="left",
                transform=ax.get_yaxis_transform(), fontsize=size.small_pt, color=STANDARD)
    # The finding: the latest report, pointed at from the empty corner under the marks.
    latest = table.index[table["report_id"] == staff["latest"]["report_id"]][0]
    at = xs.get(latest, pd.Timestamp(table.loc[latest, "date"]))
    ax.annotate(text.labels["latest"], xy=(at, table.loc[latest, "per_guard_low"]),
                xytext=(0.99, top * 0.06), textcoords=("axes fraction", "data"), ha="right",
                va="bottom", fontsize=size.text_pt, color=INK,
                arrowprops=dict(arrowstyle="-", color=MUTED, linewidth=0.8, shrinkA=2,
                                shrinkB=4, relpos=(0.85, 1.0)))
    ax.set_ylim(0, top)
    ax.set_ylabel(text.labels["axis"])
    ends = [pd.Timestamp(year=pd.Timestamp(d).year, month=12, day=31)
            for d in table.loc[~dated, "date"]]
    date_year_axis(ax, list(table["date"]) + ends, size)
    frame.legend(kind_handles(kinds, list(kinds), CECOT))
    return frame, computed.tables["prisoners-per-guard"]


DRAW = {"us-payment-per-month": us_payment_per_month, "family-payment": family_payment,
        "cost-per-place": cost_per_place, "prisoners-per-guard": prisoners_per_guard}
