"""The costs charts, drawn from the computed tables and the words, at the size asked for (full
or narrow). Every value comes from compute.py, every word from words.py."""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ... import fmt
from ...computed import Computed
from ...style import (COMPUTED_LINE, INK, MUTED, Frame, Size, colour, line_in, text_in,
                      wrapped_to)
from ...words import ChartText

HATCH = "///"  # the mark of a figure nobody could verify (with the not_established colour)
BAND_ALPHA = 0.4  # a range of CECOT's colour: how many were held is known only between bounds


# --- helpers any story could use (candidates for cecot/style.py) ------------------------------

def unbroken(text: str) -> str:
    """A figure kept on one line with the word after it ("US$6 million", "300 men"): the space
    between them made non-breaking, so wrapping never splits them."""
    return re.sub(r"(\d) (?=[^\W\d_])", "\\1\u00a0", text)


def kept_together(text: str, width: int = 10_000) -> str:
    """A parenthesis (a date, a source) and a short date ("18 Jul 2022") kept on one line when
    a label wraps, if they fit its `width` in characters."""
    def joined(match):
        found = match.group(0)
        return found.replace(" ", "\u00a0") if len(found) <= width else found
    # The punctuation after a parenthesis goes with it: a line never starts with ", o".
    return re.sub(r"\([^)]*\)[,;.]?|\b\d{1,2} \w{3,5}\.? \d{4}\b", joined, text)


def bar_rows(labels: list[str], size: Size, wrap_full: int = 30, wrap_narrow: int = 20):
    """The row labels of a horizontal bar chart wrapped for `size` (a figure stays with its
    unit), the left margin their longest line needs (measured, at most half the chart) and the
    height of a row that fits the tallest label."""
    width = wrap_narrow if size.narrow else wrap_full
    wrapped = [textwrap.fill(unbroken(kept_together(label, width)), width) for label in labels]
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


def above_labels(ax, frame: Frame, y, highs, labels) -> None:
    """Each bar's value written just above it, from the axis: where the bars must use the
    whole width (a phone), their values cannot sit at their tips."""
    for yy, shown in zip(y, labels):
        ax.text(0, yy + 0.3, shown, ha="left", va="bottom", fontsize=frame.size.small_pt,
                color=INK)


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


def month_axis(ax, start, end, lang: str, narrow: bool) -> None:
    """Month ticks (every fourth month on a phone, every second on a desktop), labelled as the
    language writes a month: "Mar 2025", "mar 2025"."""
    step = 4 if narrow else 2
    ticks = pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(),
                          pd.Timestamp(end), freq=f"{step}MS")
    ax.set_xticks([mdates.date2num(t) for t in ticks],
                  [fmt.date(t, lang, "month", short=True) for t in ticks])
    ax.grid(axis="x", visible=False)


# --- the charts -------------------------------------------------------------------------------

def us_payment_per_month(computed: Computed, text: ChartText, size: Size):
    """The Venezuelans held, as steps between the dated flights (a lighter band where no source
    gives each flight's count), against the terms of the grant: about 300 men for up to a year
    from the first flight (a dashed line, the colour of a capacity)."""
    table = computed.tables["us-payment-per-month"]
    held = table[table["kind"] == "held"]
    terms = table[table["kind"] == "terms"].iloc[0]
    cecot, standard = colour("cecot"), colour("standard")
    band = dict(facecolor=cecot, alpha=BAND_ALPHA, edgecolor="none")
    banded = bool((held["men_high"] > held["men_low"]).any())
    entries = [text.labels["held"]] + ([text.labels["band"]] if banded else []) \
        + [text.labels["terms_legend"]]
    frame = Frame(text, size, plot_in=2.6 if size.narrow else 2.9,
                  left_in=0.75 if size.narrow else 0.8, right_in=0.3,
                  legend=entries, legend_cols=1 if size.narrow else 2)
    ax = frame.ax
    for record in held.itertuples():
        x0, x1 = mdates.date2num(pd.Timestamp(record.start)), mdates.date2num(
            pd.Timestamp(record.end))
        ax.add_patch(Rectangle((x0, 0), x1 - x0, record.men_low, facecolor=cecot,
                               edgecolor="none", zorder=2))
        if record.men_high > record.men_low:  # later arrivals, each flight's count not given
            ax.add_patch(Rectangle((x0, record.men_low), x1 - x0,
                                   record.men_high - record.men_low, zorder=2, **band))
    start, end = pd.Timestamp(terms.start), pd.Timestamp(terms.end)
    top = float(terms.men_high)
    dash = dict(color=standard, linewidth=1.6, linestyle=COMPUTED_LINE, zorder=3)
    ax.plot([start, end], [top, top], **dash)
    ax.plot([end, end], [0, top], **dash)
    pad = top * 0.03
    ax.text(start, top + pad, text.labels["terms"], ha="left", va="bottom",
            fontsize=size.small_pt, color=standard)
    first = held.iloc[0]
    ax.text(pd.Timestamp(first.start), max(held["men_high"]) + pad, text.labels["arrived"],
            ha="left", va="bottom", fontsize=size.small_pt, color=INK)
    returned = pd.Timestamp(held.iloc[-1].end)
    room = (mdates.date2num(end) - mdates.date2num(returned)) / (
        mdates.date2num(end + pd.Timedelta(days=25)) - mdates.date2num(start
                                                                      - pd.Timedelta(days=20)))
    label = wrapped_to(unbroken(text.labels["returned"]), room * frame.plot_width_in - 0.15,
                       size.small_pt)
    ax.text(returned + pd.Timedelta(days=6), held.iloc[-1].men_low / 2, label, ha="left",
            va="center", fontsize=size.small_pt, color=INK)
    ax.set_xlim(start - pd.Timedelta(days=20), end + pd.Timedelta(days=25))
    ax.set_ylim(0, top * 1.2)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.whole(v, text.lang)))
    ax.set_ylabel(text.labels["axis"])
    month_axis(ax, start, end, text.lang, size.narrow)
    frame.legend([Patch(facecolor=cecot, label=text.labels["held"])]
                 + ([Patch(label=text.labels["band"], **band)] if banded else [])
                 + [Line2D([], [], label=text.labels["terms_legend"], **dash)])
    return frame, table


def construction_cost(computed: Computed, text: ChartText, size: Size):
    """Every figure made public for what CECOT cost to build: the budget in a government
    document in its colour, the figures said aloud grey and hatched (nobody could check them),
    never the stronger mark."""
    data = computed.tables["construction-cost"]
    labels, left, row_in = bar_rows(text.labels["bars"], size, 30, 18)
    legend = text.labels["legend"]
    frame = Frame(text, size, plot_in=row_in * len(data) + 0.2, left_in=left, right_in=0.2,
                  legend=list(legend.values()), legend_cols=1 if size.narrow else 2,
                  below_in=line_in(size.text_pt, 1.6))
    ax = frame.ax
    y = -np.arange(len(data), dtype=float)
    styles = {"document": dict(facecolor=colour("official"), edgecolor=colour("official")),
              "said_aloud": dict(facecolor=colour("not_established"), alpha=0.45,
                                 edgecolor=colour("not_established"), hatch=HATCH,
                                 linewidth=0.8)}
    millions = data["usd"].to_numpy(dtype=float) / 1e6
    for yy, value, kind in zip(y, millions, data["kind"]):
        ax.barh([yy], [value], height=0.55, **styles[kind])
    if size.narrow:  # values above their bars, so the axis ends at the next tick after the top
        above_labels(ax, frame, y, millions, text.labels["values"])
    else:
        tip_labels(ax, frame, y, millions, text.labels["values"])
    bar_axes(ax, y, labels, size.narrow)
    if size.narrow:
        ax.set_xlim(0, ax.xaxis.get_major_locator().tick_values(0, float(millions.max()))[-1])
        ax.set_ylim(min(y) - 0.6, max(y) + 0.75)
    ax.set_xlabel(text.labels["axis"])
    _money_axis(ax, text.lang)
    fit_ticks(ax, frame, 0.2)
    frame.legend([Patch(label=legend[kind], **styles[kind]) for kind in legend])
    return frame, data


DRAW = {"us-payment-per-month": us_payment_per_month, "construction-cost": construction_cost}
