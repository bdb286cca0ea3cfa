"""The costs charts, drawn from the computed tables and the words. Every value comes from
compute.py, every word from words.py."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ... import fmt
from ... import style
from ...computed import Computed
from ...style import Size
from ...legacy_style import (PALETTE, arrow_up, date_year_axis, frame_chart, kind_handles,
                      kind_marker)
from ...words import ChartText


def _money_axis(ax, lang: str, axis: str = "x") -> None:
    formatter = FuncFormatter(lambda v, _: fmt.whole(v, lang))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def family_payment(computed: Computed, text: ChartText):
    data = computed.tables["family-payment"]
    values = list(data["usd_per_month"])
    n_parts = int((~data["item"].isin(["reported_total", "parameter"])).sum())
    fig, ax, _ = frame_chart(text, plot_height=3.2, left=0.27)
    colours = [PALETTE["blue"]] * n_parts + [PALETTE["accent"]] * (len(values) - n_parts)
    y = np.arange(len(values))[::-1]
    ax.barh(y, values, color=colours, height=0.62)
    ax.set_yticks(y, text.labels["bars"])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    for yy, value, shown in zip(y, values, text.labels["values"]):
        ax.text(value + max(values) * 0.01, yy, shown, va="center", fontsize=9,
                color=PALETTE["ink"])
    ax.set_xlim(0, max(values) * 1.18)
    ax.set_xlabel(text.labels["axis"])
    _money_axis(ax, text.lang)
    return fig, data


def us_payment_per_month(computed: Computed, text: ChartText, size: Size):
    """The same payment twice: as announced and as paid for the months the men were held.
    A range (the counts of men disagree) is a bar to its low end and a lighter bar to its high
    end, with the range written beside it."""
    data = computed.tables["us-payment-per-month"]
    wrap_at = 20 if size.narrow else 30
    labels = [textwrap.fill(label, wrap_at) for label in text.labels["bars"]]
    lines = max(label.count("\n") + 1 for label in labels)
    row_in = max(0.55, lines * style.line_in(size.small_pt, 1.25) + 0.15)
    longest = max(len(line) for label in labels for line in label.split("\n"))
    left = min(0.55 * longest * size.small_pt / 72 + 0.2, size.width_in * 0.5)
    frame = style.Frame(text, size, plot_in=row_in * len(data) + 0.2, left_in=left,
                        right_in=0.2, below_in=style.line_in(size.text_pt, 1.6))
    ax = frame.ax
    y = -np.arange(len(data), dtype=float)
    colours = [style.PALETTE["press"], style.PALETTE["official"]]  # AP's account; the filing
    lows, highs = data["usd_per_man_month_low"], data["usd_per_man_month_high"]
    ax.barh(y, lows, color=colours, height=0.55)
    ax.barh(y, highs - lows, left=lows, color=colours, alpha=0.45, height=0.55)
    reach = style.bar_reach(frame, highs, text.labels["values"])
    for yy, high, shown in zip(y, highs, text.labels["values"]):
        ax.text(high + reach * 0.012, yy, shown, va="center", fontsize=size.small_pt,
                color=style.INK)
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlim(0, reach)
    ax.set_ylim(y.min() - 0.6, 0.6)
    ax.set_xlabel(text.labels["axis"])
    _money_axis(ax, text.lang)
    return frame, data


def cost_per_place(computed: Computed, text: ChartText):
    data = computed.tables["cost-per-place"]
    fig, ax, _ = frame_chart(text, plot_height=3.0, left=0.12)
    values = list(data["usd_per_place"])
    x = np.arange(2)
    ax.bar(x, values, width=0.5, color="white", edgecolor=PALETTE["muted"], hatch="///",
           linewidth=1.2)
    for xx, value, shown in zip(x, values, text.labels["values"]):
        ax.text(xx, value + max(values) * 0.02, shown, ha="center", va="bottom",
                fontsize=10, fontweight="bold", color=PALETTE["ink"])
        ax.text(xx, value / 2, text.labels["unverified"], ha="center", va="center", fontsize=9,
                color=PALETTE["accent"], fontweight="bold",
                bbox=dict(facecolor="white", edgecolor="none", pad=2))
    ax.set_xticks(x, text.labels["bars"])
    ax.set_ylim(0, max(values) * 1.15)
    ax.set_ylabel(text.labels["axis"])
    _money_axis(ax, text.lang, axis="y")
    return fig, data


def prisoners_per_guard(computed: Computed, text: ChartText):
    staff = computed.numbers["prisoners_per_guard"]
    table = computed.tables["per_guard"]
    fig, ax, _ = frame_chart(text, plot_height=3.6, left=0.09)
    fig.subplots_adjust(right=0.84)  # room for the labels of the capacity lines
    colour = PALETTE["purple"]
    top = max(staff["at_capacity"]["value"], staff["at_alt_capacity"]["value"],
              table["per_guard_low"].max(), table["per_guard_high"].dropna().max()
              if table["per_guard_high"].notna().any() else 0)
    for record in table.itertuples():
        x = pd.Timestamp(record.date)
        high = record.per_guard_high
        if high is None or pd.isna(high):
            arrow_up(ax, x, record.per_guard_low, top * 0.06, colour)
        elif high - record.per_guard_low > 1e-9:
            ax.plot([x, x], [record.per_guard_low, high], color=colour, lw=3, alpha=0.7,
                    solid_capstyle="butt")
        else:
            kind_marker(ax, x, record.per_guard_low, record.kind, colour)
    for key, style in (("at_capacity", "--"), ("at_alt_capacity", ":")):
        value = staff[key]["value"]
        ax.axhline(value, color=PALETTE["ink"], linestyle=style, lw=1)
        ax.text(1.01, value, text.labels["lines"][key], transform=ax.get_yaxis_transform(),
                va="center", ha="left", fontsize=8.5, color=PALETTE["ink"])
    kinds = text.labels["kinds"]
    handles = kind_handles(kinds, ["count", "approx"], colour)
    handles.append(Line2D([], [], color=colour, lw=3, alpha=0.7, label=text.labels["range"]))
    handles += kind_handles(kinds, ["lower_bound"], colour)
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(0.0, 0.6), fontsize=8.5)
    ax.set_ylim(0, top * 1.15)
    date_year_axis(ax, table["date"])
    ax.set_ylabel(text.labels["axis"])
    return fig, computed.tables["prisoners-per-guard"]


DRAW = {"us-payment-per-month": us_payment_per_month, "family-payment": family_payment,
        "cost-per-place": cost_per_place, "prisoners-per-guard": prisoners_per_guard}
