"""The prisons charts, drawn from the computed tables and the words. No arithmetic on the data:
every value comes from compute.py, every word from words.py (ChartText.labels)."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ... import fmt
from ...computed import Computed
from ...legacy_style import PALETTE, arrow_up, date_year_axis, frame_chart, kind_handles, kind_marker
from ...words import ChartText
from .compute import ORGANISATIONS, RATE_SERIES

ORG_COLOURS = {"cristosal": PALETTE["teal"], "socorro_juridico": PALETTE["accent"],
               "other": PALETTE["grey"]}
RATE_STYLES = {"unodc": ("s", PALETTE["blue"]), "world_prison_brief": ("D", PALETTE["accent"]),
               "other": ("^", PALETTE["teal"])}


def _whole_axis(ax, lang: str) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.number(v, lang, 0)))


def _regime_line(ax, start: pd.Timestamp, label: str) -> None:
    ax.axvline(start, color=PALETTE["muted"], linestyle="--", linewidth=1, zorder=1)
    ax.text(start, 0.98, " " + label, transform=ax.get_xaxis_transform(),
            ha="left", va="top", fontsize=8.5, color=PALETTE["muted"])


def prison_population(computed: Computed, text: ChartText):
    table = computed.tables["prison-shown"]
    labels = text.labels
    fig, ax, _ = frame_chart(text, plot_height=3.6, left=0.11)
    span = float(table["value"].max())
    for record in table.itertuples():
        colour = PALETTE["grey"] if record.verification == "unverified" else PALETTE["blue"]
        if record.parts_differ:  # the source's total and the sum of its parts: a range
            ax.plot([record.date, record.date], [record.low, record.high], color=colour,
                    linewidth=2.2, solid_capstyle="butt")
        if record.kind == "lower_bound":
            arrow_up(ax, record.date, record.value, span * 0.07, colour)
        else:
            kind_marker(ax, record.date, record.value, record.kind, colour)
    if "regime" in labels:
        _regime_line(ax, pd.Timestamp(computed.numbers["regime_start"]), labels["regime"])
    ax.set_ylim(0, span * 1.12)
    _whole_axis(ax, text.lang)
    date_year_axis(ax, table["date"])
    if table["date"].dt.year.nunique() > 12:
        ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.set_ylabel(labels["axis"])
    handles = kind_handles(labels["kinds"], list(labels["kinds"]), PALETTE["blue"])
    if "unverified" in labels:
        handles.append(Line2D([], [], marker="o", color=PALETTE["grey"], linestyle="none",
                              label=labels["unverified"]))
    if "parts" in labels:
        handles.append(Line2D([], [], marker="|", color=PALETTE["blue"], markersize=12,
                              markeredgewidth=2.2, linestyle="none", label=labels["parts"]))
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)
    return fig, computed.tables["prison-population"]


def incarceration_rate(computed: Computed, text: ChartText):
    rates = computed.tables["rates-shown"]
    ranges = computed.tables["computed-rate-ranges-shown"]
    ranges = ranges.assign(date=pd.to_datetime(ranges["date"]))
    labels = text.labels
    fig, ax, _ = frame_chart(text, plot_height=3.6, left=0.11)
    handles = []
    for series in RATE_SERIES:
        rows = rates[rates["series"] == series]
        if rows.empty:
            continue
        marker, colour = RATE_STYLES[series]
        ax.plot(rows["date"], rows["value"], marker=marker, color=colour, linestyle="none",
                markersize=6, zorder=3)
        handles.append(Line2D([], [], marker=marker, color=colour, linestyle="none",
                              label=labels["series"][series]))
    top = max(rates["value"].max(), ranges["rate_high"].max() if not ranges.empty else 0)
    if not ranges.empty:
        colour = PALETTE["gold"]
        for record in ranges.itertuples():
            if record.kind == "lower_bound":
                arrow_up(ax, record.date, record.rate_low, top * 0.06, colour)
                continue
            if record.rate_high > record.rate_low:
                ax.plot([record.date, record.date], [record.rate_low, record.rate_high],
                        color=colour, lw=2, zorder=2)
            ax.plot([record.date, record.date], [record.rate_low, record.rate_high],
                    marker="o", markersize=5, markerfacecolor="white", markeredgecolor=colour,
                    markeredgewidth=1.4, linestyle="none", zorder=3)
        handles.append(Line2D([0, 1], [0, 0], color=colour, lw=2, marker="o", markersize=5,
                              markerfacecolor="white", markeredgecolor=colour,
                              label=labels["series"]["computed"]))
    dates = list(rates["date"]) + list(ranges["date"])
    if "regime" in labels:
        _regime_line(ax, pd.Timestamp(computed.numbers["regime_start"]), labels["regime"])
    ax.set_ylim(0, top * 1.12)
    _whole_axis(ax, text.lang)
    date_year_axis(ax, dates)
    if rates["date"].max().year - min(dates).year > 12:
        ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.set_ylabel(labels["axis"])
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)
    return fig, computed.tables["incarceration-rate"]


def arrests(computed: Computed, text: ChartText):
    table = computed.tables["arrest-reports"]
    kinds = text.labels["kinds"]
    fig, ax, _ = frame_chart(text, plot_height=3.6, left=0.11)
    colour = PALETTE["blue"]
    span = float(table["low"].max())
    firm = table[table["kind"] != "lower_bound"]
    ax.plot(firm["date"], firm["low"], color=colour, alpha=0.35, lw=1, zorder=1)
    for record in table.itertuples():
        if record.kind == "lower_bound":
            arrow_up(ax, record.date, record.low, span * 0.06, PALETTE["accent"])
        else:
            kind_marker(ax, record.date, record.low, record.kind, colour)
    ax.set_ylim(0, span * 1.12)
    _whole_axis(ax, text.lang)
    date_year_axis(ax, table["date"])
    ax.set_ylabel(text.labels["axis"])
    handles = kind_handles(kinds, ["count", "approx"], colour) + \
        kind_handles(kinds, ["lower_bound"], PALETTE["accent"])
    ax.legend(handles=handles, loc="lower right", fontsize=8.5)
    return fig, computed.tables["arrests"]


def deaths_in_custody(computed: Computed, text: ChartText):
    table = computed.tables["death-reports"]
    labels = text.labels
    fig, ax, _ = frame_chart(text, plot_height=3.6, left=0.09)
    span = float(table["low"].max())
    handles = []
    for organisation in ORGANISATIONS:
        rows = table[table["organisation"] == organisation]
        if rows.empty:
            continue
        colour = ORG_COLOURS[organisation]
        if organisation != "other":  # 'other' mixes several counters: no line joins them
            line = rows[rows["kind"].isin(["count", "approx"])
                        & (rows["flag"].fillna("") != "subset")]
            ax.plot(line["date"], line["low"], color=colour, alpha=0.45, lw=1, zorder=1)
        for record in rows.itertuples():
            if record.kind == "lower_bound":
                arrow_up(ax, record.date, record.low, span * 0.07, colour)
            else:
                kind_marker(ax, record.date, record.low, record.kind, colour)
            if not pd.isna(record.flag):
                ax.plot([record.date], [record.low], marker="o", markersize=15,
                        markerfacecolor="none", markeredgecolor=PALETTE["ink"],
                        markeredgewidth=1.1, linestyle="none", zorder=4)
                ax.annotate(labels["flags"][record.flag], (mdates.date2num(record.date),
                                                           record.low),
                            xytext=(9, -3) if record.flag != "subset" else (9, 4),
                            textcoords="offset points", fontsize=7.5, color=PALETTE["ink"],
                            ha="left", va="top" if record.flag != "subset" else "bottom")
        handles.append(Line2D([], [], marker="o", color=colour, alpha=0.9,
                              linestyle="-" if organisation != "other" else "none",
                              label=labels["organisations"][organisation]))
    handles += kind_handles(labels["kinds"], ["count", "approx"], PALETTE["ink"])
    handles += kind_handles(labels["kinds"], ["lower_bound"], PALETTE["ink"])
    handles.append(Line2D([], [], marker="o", markersize=11, markerfacecolor="none",
                          markeredgecolor=PALETTE["ink"], linestyle="none",
                          label=labels["flagged"]))
    ax.set_ylim(0, span * 1.15)
    _whole_axis(ax, text.lang)
    date_year_axis(ax, table["date"])
    ax.set_ylabel(labels["axis"])
    ax.legend(handles=handles, loc="upper left", fontsize=8, ncols=2)
    return fig, computed.tables["deaths-in-custody"]


def cecot_share(computed: Computed, text: ChartText):
    shares = computed.tables["cecot-share"]
    kinds = text.labels["kinds"]
    fig, ax, _ = frame_chart(text, plot_height=3.6, left=0.09)
    colour = PALETTE["purple"]
    span = float(shares["share_low_pct"].max())
    highs = shares["share_high_pct"].dropna()
    if not highs.empty:
        span = max(span, float(highs.max()))
    for record in shares.itertuples():
        x = pd.Timestamp(record.date)
        high = record.share_high_pct
        if record.kind == "lower_bound" or high is None or pd.isna(high):
            arrow_up(ax, x, record.share_low_pct, span * 0.07, colour)
        elif high - record.share_low_pct > 0.05:  # a bar too short to see is drawn as a dot
            ax.plot([x, x], [record.share_low_pct, high], color=colour, lw=3,
                    solid_capstyle="butt", zorder=2, alpha=0.7)
        else:
            kind_marker(ax, x, record.share_low_pct, record.kind, colour)
    handles = kind_handles(kinds, ["count", "approx"], colour)
    handles.append(Line2D([], [], color=colour, lw=3, alpha=0.7, label=kinds["range"]))
    handles += kind_handles(kinds, ["lower_bound"], colour)
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)
    ax.set_ylim(0, span * 1.15)
    _whole_axis(ax, text.lang)
    date_year_axis(ax, shares["date"])
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))
    ax.set_ylabel(text.labels["axis"])
    return fig, shares


DRAW = {"prison-population": prison_population, "incarceration-rate": incarceration_rate,
        "arrests": arrests, "deaths-in-custody": deaths_in_custody, "cecot-share": cecot_share}
