"""The homicide charts, drawn from the computed tables and the words at the size asked for
(full or narrow). No arithmetic on the data: every value comes from compute.py, every word from
words.py. What is left here is geometry: years as bands on the time axis, dates placed within
them, marks spread so they do not overlap, and what a phone-sized chart leaves out.

Colours by meaning (cecot.style.PALETTE): UNODC and the World Bank are international series,
InSight Crime and the press are press figures, official counts are official, the rate computed
here from official counts is computed. Series of one colour are told apart by marker and line.
Events and counting-rule changes are reference marks in ink, never an accent colour."""

from __future__ import annotations

import datetime as dt
import textwrap

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory, offset_copy

from ... import fmt
from ...computed import Computed
from ...style import INK, MUTED, PALETTE, RANGE_MARK, Frame, Size, line_in, marker_pt
from ...words import ChartText

SERIES_KIND = {"official": "official", "unodc": "international",
               "world_bank": "international", "insight_crime": "insight_crime", "press": "press"}
SERIES_MARKER = {"official": "o", "unodc": "o", "world_bank": "v", "insight_crime": "s",
                 "press": "o"}
AGENCY_MARKER = {"PNC": "o", "IML": "s", "FGR": "D", "government": "P"}
OFFICIAL = PALETTE["official"]
COMPUTED = OFFICIAL  # computed here from the official counts: dashed, in their colour
RULE_MARKER_PT = 7.0  # the triangle of a counting-rule change, under the time axis


def series_colour(name: str) -> str:
    kind = SERIES_KIND.get(name)
    return PALETTE[kind] if kind else MUTED


# --- the time axis ---------------------------------------------------------------------------

def year_axis(ax, start_year: int, end_year: int, size: Size) -> None:
    """Years as bands: a year's figure sits at its middle, events at their date. The tick
    labels sit low enough to leave room for the counting-rule triangles under the axis."""
    ax.set_xlim(start_year, end_year + 1)
    span = end_year - start_year + 1
    if size.narrow:
        step = 1 if span <= 6 else 2 if span <= 12 else 5 if span <= 30 else 10
    else:
        step = 1 if span <= 13 else 2 if span <= 26 else 5
    first = start_year if step == 1 else start_year + (-start_year % step)
    years = list(range(first, end_year + 1, step))
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years])
    ax.tick_params(axis="x", length=0, pad=RULE_MARKER_PT + 2)
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


def positions(rows) -> list[float]:
    return [date_x(d, p) for d, p in zip(rows["date"], rows["date_precision"])]


def stack(xs, min_gap: float) -> list[int]:
    """Greedy stacking of marks on the time axis: each mark goes on the first level where it
    keeps `min_gap` (in years) from the previous mark on that level."""
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


def years_per_inch(frame: Frame, start_year: int, end_year: int) -> float:
    return (end_year + 1 - start_year) / frame.plot_width_in


def badge_in(size: Size) -> float:
    """The diameter of a numbered badge, in inches."""
    return size.small_pt * 1.75 / 72


def badge(ax, x, y, label: str, size: Size, transform) -> None:
    """A number in a filled circle: a mark the key explains. Two digits in a circle no larger
    than one on the full size (a phone keeps its smallest text, and three key events)."""
    pt = size.small_pt - 1.5 if len(label) > 1 and not size.narrow else size.small_pt
    ax.text(x, y, label, transform=transform, ha="center", va="center", fontsize=pt,
            color="white", fontweight="bold", zorder=8, clip_on=False,
            bbox={"boxstyle": "circle,pad=0.18", "facecolor": INK, "edgecolor": "none"})


def draw_events(frame: Frame, events, start_year: int, end_year: int, plot_in: float) -> int:
    """Dotted verticals at each event; numbered badges stacked at the top of the plot. Returns
    how many levels of badges were needed."""
    ax, size = frame.ax, frame.size
    xs = positions(events)
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    gap = badge_in(size) * 1.15 * years_per_inch(frame, start_year, end_year)
    levels = stack(xs, gap)
    step = badge_in(size) * 1.15 / plot_in
    for i, (x, level) in enumerate(zip(xs, levels), start=1):
        ax.axvline(x, color=MUTED, linewidth=0.8, linestyle=(0, (1, 2)), zorder=1)
        badge(ax, x, 1 - step * (level + 0.5), str(i), size, trans)
    return max(levels) + 1 if levels else 0


def draw_changes(ax, changes) -> None:
    """Counting-rule changes: a triangle under the time axis at each date."""
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    below = offset_copy(trans, fig=ax.figure, y=-RULE_MARKER_PT / 2 - 0.5, units="points")
    for x in positions(changes):
        ax.plot([x], [0], marker="^", markersize=RULE_MARKER_PT, color=INK, transform=below,
                clip_on=False, zorder=7, linestyle="none")


def events_on_size(events, size: Size):
    """The events a chart of this size marks: all of them on the full size, the key events on
    a phone."""
    return events[events["key"]] if size.narrow else events


# --- the key under the plot: events and counting-rule changes --------------------------------

def key_columns(text: ChartText, size: Size, events_drawn: int) -> list[list[tuple]]:
    """The key's columns of (mark, words) entries; a mark is ("badge", n), ("rule",) (a
    triangle), ("item",) (none) or ("heading",). Full size: events and changes side by side; a phone: the key events and the
    changes' dates in one column."""
    labels = text.labels
    items = labels.get("key_events" if size.narrow else "events", [])
    event_entries = [(("badge", str(i)), item) for i, item in enumerate(items, start=1)]
    event_entries = event_entries[:events_drawn]
    if size.narrow:
        column = list(event_entries)
        if labels.get("changes_dates"):
            column.append((("rule",), labels["changes_dates"]))
        return [column] if column else []
    columns = []
    if event_entries:
        columns.append([(("heading",), labels["events_heading"])] + event_entries)
    if labels.get("changes"):
        columns.append([(("heading",), "▲ " + labels["changes_heading"])]
                       + [(("item",), item) for item in labels["changes"]])
    return columns


def key_layout(columns, size: Size) -> tuple[list[list[tuple]], float]:
    """Each column's entries wrapped to its width: (mark, lines); and the key's height."""
    if not columns:
        return [], 0.0
    usable = size.width_in - 0.32
    width = usable / len(columns)
    indent = badge_in(size) + 0.08
    chars = size.chars(width - indent - 0.1, size.small_pt)
    wrapped = []
    for column in columns:
        # A wrapped entry's next lines are indented, so each entry reads as one.
        wrapped.append([(mark, textwrap.wrap(words, chars, subsequent_indent="   ") or [""])
                        for mark, words in column])
    rows = max(sum(len(lines) for _, lines in column) for column in wrapped)
    return wrapped, rows * line_in(size.small_pt, 1.35) + 0.12


def draw_key(frame: Frame, wrapped) -> None:
    """The key in the band under the plot, its columns side by side."""
    if not wrapped:
        return
    size = frame.size
    ax = frame.below_axes()
    ax.axis("off")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    height_in = frame.below_band[1] * frame.height_in
    width_in = size.width_in - 0.32
    row = line_in(size.small_pt, 1.35) / height_in
    indent = (badge_in(size) + 0.08) / width_in
    for c, column in enumerate(wrapped):
        x0 = c / len(wrapped)
        y = 1 - 0.06 / height_in - row / 2
        for mark, lines in column:
            heading = mark[0] == "heading"
            if mark[0] == "badge":
                badge(ax, x0 + indent / 2, y, mark[1], size, ax.transAxes)
            elif mark[0] == "rule":
                ax.plot([x0 + indent / 2], [y], marker="^", markersize=RULE_MARKER_PT,
                        color=INK, linestyle="none", transform=ax.transAxes, clip_on=False)
            # One line is centred on its mark; a wrapped entry hangs from the first line.
            one = len(lines) == 1
            ax.text(x0 if heading else x0 + indent, y if one else y + row * 0.4,
                    "\n".join(lines), ha="left", va="center" if one else "top",
                    fontsize=size.small_pt, color=INK,
                    fontweight="bold" if heading else "normal", linespacing=1.35,
                    transform=ax.transAxes)
            y -= row * len(lines)


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


def number_ticks(ax, lang: str) -> None:
    ax.yaxis.set_major_formatter(lambda v, _: fmt.number(v, lang, 0))


def no_data(ax, label: str) -> None:
    ax.text(0.5, 0.5, label, transform=ax.transAxes, ha="center", color=MUTED)


def headroom(plot_in: float, levels: int, size: Size) -> float:
    """How much higher than the data the axis must reach for `levels` rows of badges."""
    taken = levels * badge_in(size) * 1.15 + 0.1
    return 1 / max(0.4, 1 - taken / plot_in)


# --- the charts ------------------------------------------------------------------------------

def rates_by_source(computed: Computed, text: ChartText, size: Size):
    """(1) Rates per 100,000 by source, with the rate computed here from official counts;
    events numbered at the top, counting-rule changes as triangles under the time axis."""
    tables, labels = computed.tables, text.labels
    numbers = computed.numbers["charts"]["rates-by-source"]
    start_year, end_year = computed.params["start_year"], computed.params["end_year"]
    series = tables["rate_series"]
    present = list(series.loc[series["shown"], "series"])
    as_line = dict(zip(series["series"], series["as_line"]))
    republished = numbers["republished"]  # a republishing series is drawn as its original
    years, points = tables["rate_years"], tables["rate_points"]
    own = points[~points["republished"]]
    full = tables["recomputed_drawn"]
    events = events_on_size(tables["events"], size)
    changes = tables["counting_changes"]
    lw = 2.2 if size.narrow else 1.8
    ms = marker_pt(size) - 1

    drawn = [name for name in present
             if name not in republished or republished[name]["own_years"]]
    handles = []
    for name in drawn:
        line = as_line[name] and name not in republished
        handles.append(Line2D([], [], color=series_colour(name),
                              marker=SERIES_MARKER.get(name, "o"), markersize=ms,
                              linewidth=lw if line else 0, label=labels["series"][name]))
    if len(full):
        handles.append(Line2D([], [], color=COMPUTED, linestyle=(0, (4, 2)), marker="d",
                              markersize=ms, linewidth=lw * 0.75, label=labels["recomputed"]))
    if "recomputed_other" in labels:
        handles.append(Line2D([], [], color=COMPUTED, marker="d", markersize=ms,
                              markerfacecolor="white", linewidth=0,
                              label=labels["recomputed_other"]))
    multi = years[(years["n_figures"] > 1) & years["series"].isin(
        [n for n in drawn if n not in republished])]
    if len(multi):
        handles.append(Line2D([], [], color=MUTED, marker="|", markersize=11,
                              markeredgewidth=1.4, linestyle="none", label=labels["range"]))

    plot_in = 3.4 if size.narrow else 3.6
    wrapped, key_in = key_layout(key_columns(text, size, len(events)), size)
    frame = Frame(text, size, plot_in=plot_in, left_in=0.8 if size.narrow else 0.75,
                  legend=[h.get_label() for h in handles],
                  legend_cols=1 if size.narrow else None, below_in=key_in)
    ax = frame.ax
    year_axis(ax, start_year, end_year, size)
    for name in drawn:
        shade = series_colour(name)
        if name in republished:  # only the figures the original does not give
            mine = own[own["series"] == name]
            ax.scatter(mine["year"] + 0.5, mine["value"], s=ms ** 2, color=shade, zorder=5,
                       marker=SERIES_MARKER.get(name, "o"), edgecolors="white",
                       linewidths=0.5)
            continue
        rows = years[years["series"] == name]
        spread = rows[rows["n_figures"] > 1]
        if len(spread):
            ax.vlines(spread["year"] + 0.5, spread["low"], spread["high"], color=shade,
                      linewidth=1.4, zorder=3)
        if as_line[name]:
            xs, vs = segments(list(rows["year"]), list(rows["mid"]))
            ax.plot(xs, vs, color=shade, linewidth=lw, zorder=4)
        mine = own[own["series"] == name]
        ax.scatter(mine["year"] + 0.5, mine["value"], s=ms ** 2, color=shade, zorder=5,
                   marker=SERIES_MARKER.get(name, "o"), edgecolors="white", linewidths=0.5)
    if len(full):
        xs, vs = segments(list(full["year"]), list(full["rate_mid"]))
        ax.plot(xs, vs, color=COMPUTED, linewidth=lw * 0.75, linestyle=(0, (4, 2)), zorder=6)
        ax.vlines(full["year"] + 0.5, full["rate_low"], full["rate_high"], color=COMPUTED,
                  linewidth=1.2, zorder=6)
        ax.scatter(full["year"] + 0.5, full["rate_mid"], s=ms ** 2, marker="d",
                   color=["white" if other else COMPUTED for other in full["other_source"]],
                   edgecolors=COMPUTED, linewidths=1.0, zorder=7)
    top = max([0.0] + [float(points["value"].max())] * (len(points) > 0)
              + [float(full["rate_high"].max())] * (len(full) > 0))
    if top == 0:
        no_data(ax, labels["no_data"])
        top = 1.0
    levels = draw_events(frame, events, start_year, end_year, plot_in)
    ax.set_ylim(0, top * headroom(plot_in, levels, size) * 1.04)
    ax.set_ylabel(labels["axis"])
    number_ticks(ax, text.lang)
    draw_changes(ax, changes)
    frame.legend(handles)
    draw_key(frame, wrapped)
    return frame, tables["rates-by-source"]


def year_offsets(points, step: float) -> list[float]:
    """Each official figure's shift from the middle of its year: the bodies that published a
    figure that year side by side, `step` years apart, centred on the year."""
    out = []
    for year, agency in zip(points["year"], points["agency"]):
        present = list(dict.fromkeys(points.loc[points["year"] == year, "agency"]))
        out.append((present.index(agency) - (len(present) - 1) / 2) * step)
    return out


def official_counts(computed: Computed, text: ChartText, size: Size):
    """(2) Official yearly counts: every published figure a mark shaped by the body that
    counted, each year's range a capped bar, counting-rule changes as triangles under the time
    axis."""
    tables, labels = computed.tables, text.labels
    start_year, end_year = computed.params["start_year"], computed.params["end_year"]
    years, points = tables["count_years"], tables["count_points"]
    rows = tables["official-counts"]  # every published count, one row each
    agencies = list(tables["count_agencies"]["agency"])
    changes = tables["counting_changes"]
    ms = marker_pt(size) + 1.5  # the marks' shapes must read
    legend = labels["short"] if size.narrow else labels

    handles = [Line2D([], [], color=OFFICIAL, marker=AGENCY_MARKER.get(a, "o"),
                      markersize=ms, linewidth=0, label=legend["agencies"][a])
               for a in agencies]
    if rows["partial_year"].any():
        handles.append(Line2D([], [], color=OFFICIAL, marker="o", markersize=ms,
                              markerfacecolor="white", linewidth=0, label=legend["partial"]))
    ranged = years[years["n_figures"] > 1]
    if len(ranged):
        handles.append(Line2D([], [], color=MUTED, marker=RANGE_MARK, markersize=11,
                              markeredgewidth=1.4, linestyle="none", label=legend["range"]))
    plot_in = 3.2 if size.narrow else 3.4
    wrapped, key_in = key_layout(key_columns(text, size, 0), size)
    frame = Frame(text, size, plot_in=plot_in, left_in=0.85 if size.narrow else 0.8,
                  legend=[h.get_label() for h in handles], below_in=key_in)
    ax = frame.ax
    year_axis(ax, start_year, end_year, size)
    # Marks of one year stay inside it: at most a fifth of a year apart.
    step = min(0.2, 0.8 / max(1, len(agencies)))
    cap = step * (len(agencies) - 1) / 2 + 0.12
    if len(ranged):
        xs = ranged["year"] + 0.5
        ax.vlines(xs, ranged["low"], ranged["high"], color=MUTED, linewidth=1.4, zorder=2)
        for end in ("low", "high"):
            ax.hlines(ranged[end], xs - cap, xs + cap, color=MUTED, linewidth=1.2, zorder=2)
    offsets = np.array(year_offsets(points, step)) if len(points) else np.array([])
    for agency in agencies:
        chosen = (points["agency"] == agency).to_numpy()
        for hollow in (False, True):
            sub = chosen & (points["partial"] == hollow).to_numpy()
            if sub.any():
                ax.scatter(points.loc[sub, "year"] + 0.5 + offsets[sub],
                           points.loc[sub, "value"], s=ms ** 2,
                           marker=AGENCY_MARKER.get(agency, "o"),
                           color="white" if hollow else OFFICIAL,
                           edgecolors=OFFICIAL if hollow else "white",
                           linewidths=1.1 if hollow else 0.5, zorder=5)
    top = float(rows["count"].max()) if len(rows) else 1.0
    if rows.empty:
        no_data(ax, labels["no_data"])
    ax.set_ylim(0, top * 1.22)
    number_ticks(ax, text.lang)
    ax.set_ylabel(labels["axis"])
    label_ranges(frame, years, labels["narrow_values" if size.narrow else "values"], top,
                 start_year, end_year)
    draw_changes(ax, changes)
    frame.legend(handles)
    draw_key(frame, wrapped)
    return frame, tables["official-counts"]


def label_ranges(frame: Frame, years, values: dict, top: float, start_year: int,
                 end_year: int) -> None:
    """The labelled years' ranges above their marks, right to left, each on the first level
    where it overlaps no label already placed, and kept inside the plot."""
    ax, size = frame.ax, frame.size
    per_in = years_per_inch(frame, start_year, end_year)
    labelled = years[years["year"].map(lambda y: str(int(y)) in values)]
    placed: list[tuple[float, float, int]] = []
    for row in sorted(labelled.itertuples(), key=lambda r: -r.year):
        label = values[str(int(row.year))]
        half = (len(label) * size.small_pt * 0.58 / 72 + 0.1) * per_in / 2
        x = row.year + 0.5
        at = min(max(x, start_year + half), end_year + 1 - half)  # inside the plot
        level = 0
        while any(lv == level and at - half < right and at + half > left
                  for left, right, lv in placed):
            level += 1
        placed.append((at - half, at + half, level))
        # Above every mark the label spans, not only its own year's.
        under = years[(years["year"] + 1 > at - half) & (years["year"] < at + half)]
        base = max(float(row.high), float(under["high"].max()) if len(under) else 0.0)
        ax.annotate(label, (x, row.high),
                    xytext=(at, base + top * (0.06 + 0.075 * level)),
                    ha="center", va="bottom", fontsize=size.small_pt, color=INK, zorder=7,
                    arrowprops={"arrowstyle": "-", "color": MUTED, "linewidth": 0.7,
                                "shrinkA": 0, "shrinkB": 4, "relpos": (0.5, 0.0)})


def disagreement(computed: Computed, text: ChartText, size: Size):
    """(3) How far the published figures lie apart, year by year: rates above, counts below,
    on one scale. A year whose figures all agree has a dot on the axis, a year with a single
    figure a ring; a year with no figure, nothing."""
    table, labels = computed.tables["disagreement"], text.labels
    start_year, end_year = computed.params["start_year"], computed.params["end_year"]
    ms = marker_pt(size)
    handles = [Line2D([], [], color=COMPUTED, marker="o", markersize=ms, linewidth=0,
                      label=labels["agree"]),
               Line2D([], [], color=MUTED, marker="o", markersize=ms, markerfacecolor="white",
                      markeredgewidth=1.3, linewidth=0, label=labels["single"])]
    panel_in = 1.6 if size.narrow else 1.7
    title_in = line_in(size.text_pt, 2.2)
    frame = Frame(text, size, plot_in=2 * (panel_in + title_in), left_in=0.75,
                  legend=[h.get_label() for h in handles])
    box = frame.ax.get_position()
    h = frame.height_in
    bottom = frame.ax
    bottom.set_position([box.x0, box.y0, box.width, panel_in / h])
    top_ax = frame.fig.add_axes([box.x0, box.y0 + (panel_in + title_in) / h, box.width,
                                 panel_in / h], sharex=bottom, sharey=bottom)
    known = table.dropna(subset=["spread_pct"])
    top = max([1.0] + [float(known["spread_pct"].max())] * (len(known) > 0))
    for ax, measure, title in ((top_ax, "rate", labels["rates"]),
                               (bottom, "count", labels["counts"])):
        rows = table[table["measure"] == measure]
        bars = rows.dropna(subset=["spread_pct"])
        ax.bar(bars["year"] + 0.5, bars["spread_pct"], width=0.7, color=COMPUTED, zorder=3)
        same = bars[bars["spread_pct"] == 0]
        single = rows[rows["spread_pct"].isna()]
        ax.plot(same["year"] + 0.5, [0] * len(same), marker="o", markersize=ms,
                color=COMPUTED, linestyle="none", clip_on=False, zorder=5)
        ax.plot(single["year"] + 0.5, [0] * len(single), marker="o", markersize=ms,
                markerfacecolor="white", markeredgecolor=MUTED, markeredgewidth=1.3,
                linestyle="none", clip_on=False, zorder=5)
        ax.set_title(title, loc="left", fontsize=size.text_pt, color=INK, fontweight="bold",
                     pad=4)
        year_axis(ax, start_year, end_year, size)
        ax.tick_params(axis="x", pad=ms)
        ax.yaxis.set_major_formatter(lambda v, _: fmt.percent(v, text.lang, 0))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4,
                                               steps=[1, 2, 2.5, 5, 10], integer=True))
        if size.narrow:
            widest = labels["widest"].get(measure)
            shown = {widest["year"]: widest["text"]} if widest else {}
        else:
            shown = labels["values"][measure]
        bar_labels(ax, frame, bars, shown, top, start_year, end_year)
    top_ax.tick_params(axis="x", labelbottom=False)
    bottom.set_ylim(0, top * 1.25)
    frame.legend(handles)
    return frame, table


def bar_labels(ax, frame: Frame, bars, values: dict, top: float, start_year: int,
               end_year: int) -> None:
    """The figures of the tall bars above them, tallest first; a label that would overlap one
    already placed is left out (the CSV and the alt text keep every figure)."""
    size = frame.size
    per_in = years_per_inch(frame, start_year, end_year)
    panel_in = ax.get_position().height * frame.height_in
    height = line_in(size.small_pt, 1.1) / panel_in * top * 1.25
    # The bars themselves are in the way too.
    placed = [(r.year + 0.15, r.year + 0.85, 0.0, r.spread_pct) for r in bars.itertuples()]
    for row in sorted(bars.itertuples(), key=lambda r: (-r.spread_pct, r.year)):
        label = values.get(str(int(row.year)))
        if label is None or row.spread_pct <= 0:  # figures that agree have a dot, no label
            continue
        half = (len(label) * size.small_pt * 0.58 / 72 + 0.06) * per_in / 2
        x = min(max(row.year + 0.5, start_year + half), end_year + 1 - half)
        y = row.spread_pct + top * 0.03
        box = (x - half, x + half, y, y + height)
        if any(box[0] < b[1] and box[1] > b[0] and box[2] < b[3] and box[3] > b[2]
               for b in placed):
            continue
        placed.append(box)
        ax.text(x, y, label, ha="center", va="bottom", fontsize=size.small_pt, color=INK,
                zorder=6, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})


DRAW = {"rates-by-source": rates_by_source, "official-counts": official_counts,
        "disagreement": disagreement}
