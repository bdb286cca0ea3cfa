"""The homicide charts, drawn from the computed tables and the words. No arithmetic on the
data: every value comes from compute.py, every word from words.py. What is left here is
geometry: years as bands on the time axis, dates placed within them, marks stacked so they
do not overlap."""

from __future__ import annotations

import datetime as dt

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from ... import fmt
from ...computed import Computed
from ...legacy_style import KEY_CHAR_IN, PALETTE, PLOT_W_IN, SERIES_COLOURS, Layout, badge
from ...words import ChartText

MARK_GAP_IN = 0.2  # two badges closer than this on the time axis are stacked

SERIES_PALETTE = {"unodc": PALETTE["blue"], "world_bank": PALETTE["teal"],
                  "insight_crime": PALETTE["gold"], "press": PALETTE["purple"],
                  "official": PALETTE["accent"]}
AGENCY_PALETTE = {"PNC": PALETTE["blue"], "IML": PALETTE["teal"], "FGR": PALETTE["gold"],
                  "government": PALETTE["accent"]}


# --- the time axis ---------------------------------------------------------------------------

def year_axis(ax, start_year: int, end_year: int) -> None:
    """Years as bands: a year's figure sits at its middle, events at their date."""
    ax.set_xlim(start_year, end_year + 1)
    span = end_year - start_year + 1
    step = 1 if span <= 13 else (2 if span <= 26 else 5)
    first = start_year if step == 1 else start_year + (-start_year % step)
    years = list(range(first, end_year + 1, step))
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years])
    ax.tick_params(axis="x", length=0)
    ax.grid(axis="x", visible=False)


def date_x(date: dt.date, precision: str) -> float:
    """Position of a date on the year axis: a year-precision date sits mid-year, a
    month-precision one mid-month, a day in the middle of that day."""
    start = dt.date(date.year, 1, 1)
    days = (dt.date(date.year + 1, 1, 1) - start).days
    if precision == "year":
        return date.year + 0.5
    if precision == "month":
        following = dt.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
        return date.year + ((date - start).days + (following - date).days / 2) / days
    return date.year + ((date - start).days + 0.5) / days


def stack(xs, start_year: int, end_year: int) -> list[int]:
    """Greedy stacking of marks on the time axis: each mark goes on the first level where it
    keeps MARK_GAP_IN from the previous mark on that level."""
    min_gap = MARK_GAP_IN * (end_year + 1 - start_year) / PLOT_W_IN
    last: list[float] = []
    levels = []
    for x in xs:
        for level, previous in enumerate(last):
            if x - previous >= min_gap:
                last[level] = x
                levels.append(level)
                break
        else:
            last.append(x)
            levels.append(len(last) - 1)
    return levels


def positions(rows) -> list[float]:
    return [date_x(d, p) for d, p in zip(rows["date"], rows["date_precision"])]


def strip_levels(changes, start_year: int, end_year: int) -> int:
    if changes.empty:
        return 1  # keep the strip (and the chart's shape) even with nothing to mark
    return max(stack(positions(changes), start_year, end_year)) + 1


def letter(i: int) -> str:
    """The mark of the i-th counting-rule change (from 0): A, B, C..."""
    return chr(ord("A") + i)


def draw_events(ax, events, start_year: int, end_year: int) -> None:
    """Dotted verticals at each event; numbered badges stacked at the top of the plot."""
    xs = positions(events)
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for i, (x, level) in enumerate(zip(xs, stack(xs, start_year, end_year)), start=1):
        ax.axvline(x, color=PALETTE["muted"], linewidth=0.7, linestyle=(0, (1, 2)), zorder=1)
        badge(ax, x, 0.955 - 0.085 * level, str(i), PALETTE["ink"], trans)


def draw_changes(layout: Layout, changes, start_year: int, end_year: int) -> None:
    """Counting-rule changes: a red triangle on the time axis at the date, a lettered badge
    in the strip under it."""
    if layout.strip is None:
        return
    ax = layout.ax
    xs = positions(changes)
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for i, (x, level) in enumerate(zip(xs, stack(xs, start_year, end_year))):
        ax.plot([x], [0], marker="^", markersize=6, color=PALETTE["accent"], transform=trans,
                clip_on=False, zorder=7, linestyle="none")
        layout.strip.plot([x, x], [-0.3, level], color=PALETTE["accent"], linewidth=0.6,
                          zorder=1)
        badge(layout.strip, x, level, letter(i), PALETTE["accent"], layout.strip.transData)


def colour(name: str, palette: dict, order: list[str]) -> str:
    if name in palette:
        return palette[name]
    extra = [c for c in SERIES_COLOURS if c not in palette.values()] or [PALETTE["muted"]]
    unknown = [n for n in order if n not in palette]
    return extra[unknown.index(name) % len(extra)] if name in unknown else PALETTE["muted"]


def segments(years: list[int], values: list[float]):
    """A yearly line split where years are missing: no line is drawn across a gap."""
    xs, ys = [], []
    previous = None
    for year, value in zip(years, values):
        if previous is not None and year != previous + 1:
            xs.append(np.nan)
            ys.append(np.nan)
        xs.append(year + 0.5)
        ys.append(value)
        previous = year
    return xs, ys


def number_ticks(ax, lang: str, template: str = "{value}") -> None:
    ax.yaxis.set_major_formatter(
        lambda v, _: template.format(value=fmt.number(v, lang, 0)))


# --- the charts ------------------------------------------------------------------------------

def rates_by_source(computed: Computed, text: ChartText):
    """(1) Rates per 100,000 by source, with the rate recomputed from official counts;
    events numbered at the top, counting-rule changes lettered on the time axis."""
    tables, labels = computed.tables, text.labels
    start_year, end_year = computed.params["start_year"], computed.params["end_year"]
    series = tables["rate_series"]
    order = list(series["series"])
    present = list(series.loc[series["shown"], "series"])
    as_line = dict(zip(series["series"], series["as_line"]))
    years, points = tables["rate_years"], tables["rate_points"]
    full = tables["recomputed_drawn"]
    events, changes = tables["events"], tables["counting_changes"]

    handles, legend = [], []
    for name in present:
        handles.append(Line2D([], [], color=colour(name, SERIES_PALETTE, order), marker="o",
                              markersize=4, linewidth=1.8 if as_line[name] else 0))
        legend.append(labels["series"][name])
    if len(full):
        handles.append(Line2D([], [], color=PALETTE["ink"], linestyle=(0, (4, 2)),
                              marker="D", markersize=3.5, linewidth=1.3))
        legend.append(labels["recomputed"])
    if "recomputed_other" in labels:
        handles.append(Line2D([], [], color=PALETTE["ink"], marker="D", markersize=3.5,
                              markerfacecolor="white", linewidth=0))
        legend.append(labels["recomputed_other"])
    layout = Layout(text, legend_labels=legend,
                    key_columns=[(labels["events_heading"], PALETTE["ink"],
                                  [(str(i), item) for i, item in
                                   enumerate(labels["events"], start=1)]),
                                 (labels["changes_heading"], PALETTE["accent"],
                                  [(letter(i), item) for i, item in
                                   enumerate(labels["changes"])])],
                    strip_levels=strip_levels(changes, start_year, end_year),
                    strip_label=labels["strip"])
    fig, ax = layout.fig, layout.ax
    year_axis(ax, start_year, end_year)
    for name in present:
        shade = colour(name, SERIES_PALETTE, order)
        ys = years[years["series"] == name]
        multi = ys[ys["n_figures"] > 1]
        if len(multi):
            ax.vlines(multi["year"] + 0.5, multi["low"], multi["high"], color=shade,
                      linewidth=1.2, alpha=0.7, zorder=3)
        if as_line[name]:
            xs, vs = segments(list(ys["year"]), list(ys["mid"]))
            ax.plot(xs, vs, color=shade, linewidth=1.8, zorder=4)
        distinct = points[points["series"] == name]
        ax.scatter(distinct["year"] + 0.5, distinct["value"], s=15, color=shade, zorder=5,
                   edgecolors="white", linewidths=0.4)
    if len(full):
        xs, vs = segments(list(full["year"]), list(full["rate_mid"]))
        ax.plot(xs, vs, color=PALETTE["ink"], linewidth=1.2, linestyle=(0, (4, 2)), zorder=4)
        ax.vlines(full["year"] + 0.5, full["rate_low"], full["rate_high"],
                  color=PALETTE["ink"], linewidth=1.0, zorder=4)
        ax.scatter(full["year"] + 0.5, full["rate_mid"], s=13, marker="D",
                   color=["white" if other else PALETTE["ink"]
                          for other in full["other_source"]],
                   edgecolors=PALETTE["ink"], linewidths=0.9, zorder=6)
    top = max([0.0] + [float(points["value"].max())] * (len(points) > 0)
              + [float(full["rate_high"].max())] * (len(full) > 0))
    if top == 0:
        ax.text(0.5, 0.5, labels["no_data"], transform=ax.transAxes, ha="center",
                color=PALETTE["muted"])
        top = 1.0
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel(labels["axis"])
    number_ticks(ax, text.lang)
    draw_events(ax, events, start_year, end_year)
    draw_changes(layout, changes, start_year, end_year)
    layout.legend(handles, legend)
    layout.key()
    return fig, tables["rates-by-source"]


def official_counts(computed: Computed, text: ChartText):
    """(2) Official yearly counts: every published figure a dot coloured by the body that
    counted, the range as a grey bar, counting-rule changes lettered on the time axis."""
    tables, labels = computed.tables, text.labels
    start_year, end_year = computed.params["start_year"], computed.params["end_year"]
    years, points = tables["count_years"], tables["count_points"]
    rows = tables["official-counts"]  # every published count, one row each
    agencies = list(tables["count_agencies"]["agency"])
    changes = tables["counting_changes"]

    handles, legend = [], []
    for agency in agencies:
        handles.append(Line2D([], [], color=colour(agency, AGENCY_PALETTE, agencies),
                              marker="o", markersize=4.5, linewidth=0))
        legend.append(labels["agencies"][agency])
    if rows["partial_year"].any():
        handles.append(Line2D([], [], color=PALETTE["muted"], marker="o", markersize=4.5,
                              markerfacecolor="white", linewidth=0))
        legend.append(labels["partial"])
    if len(rows):
        handles.append(Line2D([], [], color=PALETTE["grey"], alpha=0.45, linewidth=6))
        legend.append(labels["range"])
    layout = Layout(text, legend_labels=legend,
                    key_columns=[(labels["changes_heading"], PALETTE["accent"],
                                  [(letter(i), item) for i, item in
                                   enumerate(labels["changes"])])],
                    strip_levels=strip_levels(changes, start_year, end_year),
                    strip_label=labels["strip"])
    fig, ax = layout.fig, layout.ax
    year_axis(ax, start_year, end_year)
    if len(years):
        ax.vlines(years["year"] + 0.5, years["low"], years["high"], color=PALETTE["grey"],
                  linewidth=7, alpha=0.45, zorder=2)
    offsets = {a: (i - (len(agencies) - 1) / 2) * 0.16 for i, a in enumerate(agencies)}
    for agency in agencies:
        shade = colour(agency, AGENCY_PALETTE, agencies)
        mine = points[points["agency"] == agency]
        for hollow in (False, True):
            sub = mine[mine["partial"] == hollow]
            if len(sub):
                ax.scatter(sub["year"] + 0.5 + offsets[agency], sub["value"], s=22,
                           color="white" if hollow else shade, edgecolors=shade,
                           linewidths=1.1, zorder=5)
    top = float(rows["count"].max()) if len(rows) else 1.0
    if rows.empty:
        ax.text(0.5, 0.5, labels["no_data"], transform=ax.transAxes, ha="center",
                color=PALETTE["muted"])
    ax.set_ylim(0, top * 1.2)
    number_ticks(ax, text.lang)
    ax.set_ylabel(labels["axis"])
    # The labelled years' ranges, right to left, so a leader line never crosses a label
    # already placed to its right.
    values = labels["values"]
    labelled = years[years["year"].map(lambda y: str(int(y)) in values)]
    years_per_in = (end_year + 1 - start_year) / PLOT_W_IN
    placed: list[tuple[float, float, int]] = []  # (left, right, level) of labels drawn
    for row in sorted(labelled.itertuples(), key=lambda r: -r.year):
        label = values[str(int(row.year))]
        x = row.year + 0.5
        half = (len(label) * KEY_CHAR_IN + 0.2) * years_per_in / 2
        level = 0
        while any(lv == level and x - half < right and x + half > left
                  for left, right, lv in placed):
            level += 1
        placed.append((x - half, x + half, level))
        ax.annotate(label, (x, row.high), xytext=(x, row.high + top * (0.06 + 0.075 * level)),
                    ha="center", va="bottom", fontsize=7.5, color=PALETTE["ink"], zorder=7,
                    arrowprops={"arrowstyle": "-", "color": PALETTE["muted"],
                                "linewidth": 0.6, "shrinkA": 0, "shrinkB": 3,
                                "relpos": (0.5, 0.0)})
    draw_changes(layout, changes, start_year, end_year)
    layout.legend(handles, legend)
    layout.key()
    return fig, tables["official-counts"]


def disagreement(computed: Computed, text: ChartText):
    """(3) How far the published figures lie apart, year by year."""
    table, labels = computed.tables["disagreement"], text.labels
    start_year, end_year = computed.params["start_year"], computed.params["end_year"]
    legend = [labels["rates"], labels["counts"]]
    layout = Layout(text, legend_labels=legend, key_columns=[], strip_levels=0)
    fig, ax = layout.fig, layout.ax
    year_axis(ax, start_year, end_year)
    width = 0.4
    bars = [("rate", -width / 2, PALETTE["blue"]), ("count", width / 2, PALETTE["accent"])]
    known = table.dropna(subset=["spread_pct"])
    top = max([1.0] + [float(known["spread_pct"].max())] * (len(known) > 0))
    for measure, shift, shade in bars:
        rows = known[known["measure"] == measure]
        ax.bar(rows["year"] + 0.5 + shift, rows["spread_pct"], width=width, color=shade,
               zorder=3)
        values = labels["values"][measure]
        for row in rows.itertuples():
            if str(int(row.year)) in values:  # the tall bars carry their figures, rotated
                ax.text(row.year + 0.5 + shift, row.spread_pct + top * 0.015,
                        values[str(int(row.year))], rotation=90, ha="center",
                        va="bottom", fontsize=6.5, color=shade, zorder=4)
    ax.set_ylim(0, top * 1.35)
    number_ticks(ax, text.lang, labels["tick_format"])
    ax.set_ylabel(labels["axis"])
    handles = [Line2D([], [], color=PALETTE["blue"], linewidth=7),
               Line2D([], [], color=PALETTE["accent"], linewidth=7)]
    layout.legend(handles, legend)
    return fig, table


DRAW = {"rates-by-source": rates_by_source, "official-counts": official_counts,
        "disagreement": disagreement}
