"""The costs charts, drawn from the computed tables and the words. Every value comes from
compute.py, every word from words.py."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ... import fmt
from ...computed import Computed
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


def us_payment_vs_family(computed: Computed, text: ChartText):
    data = computed.tables["us-payment-vs-family"]
    fig, ax, _ = frame_chart(text, plot_height=2.8, left=0.3)
    labels = [textwrap.fill(label, 26) for label in text.labels["bars"]]
    values = list(data["usd_per_month_high"])
    lows = list(data["usd_per_month_low"])
    y = np.arange(3)[::-1]
    ax.barh(y, values, color=[PALETTE["blue"], PALETTE["teal"], PALETTE["accent"]],
            height=0.6)
    if lows[1] != values[1]:
        ax.plot([lows[1], values[1]], [y[1], y[1]], color=PALETTE["ink"], lw=1.2, marker="|",
                markersize=10)
    ax.set_yticks(y, labels)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    for yy, value, shown in zip(y, values, text.labels["values"]):
        ax.text(value + max(values) * 0.025, yy, shown, va="center", fontsize=9,
                color=PALETTE["ink"])
    ax.set_xlim(0, max(values) * 1.4)
    ax.set_xlabel(text.labels["axis"])
    _money_axis(ax, text.lang)
    return fig, data


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


DRAW = {"family-payment": family_payment, "us-payment-vs-family": us_payment_vs_family,
        "cost-per-place": cost_per_place, "prisoners-per-guard": prisoners_per_guard}
