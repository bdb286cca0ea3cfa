"""The homicide charts, drawn from the computed tables and the words at the size asked for
(full or narrow). No arithmetic on the data: every value comes from compute.py, every word from
words.py. What is left here is geometry: years as bands on the time axis, dates placed within
them, marks spread so they do not overlap, and what a phone-sized chart leaves out.

Colours by meaning (cecot.style.MEANINGS: a colour says whose figure a mark is): UNODC (and the
World Bank, which republishes it) international, InSight Crime its own, the press's own rates
press, official counts official, and so are the rates the press printed from an official body
(compute.rate_group). The rate computed here from official counts is drawn in the
colour of its inputs (official), hollow, so the UNODC line under it stays visible; the gaps
between sources, computed here, are hollow bars. Events and counting-rule changes are
reference marks in ink."""

from __future__ import annotations

import datetime as dt
import textwrap

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory, offset_copy

from ... import fmt
from ...computed import Computed
from matplotlib.patches import Patch

from ...style import DASH_MARK, INK, MUTED, RANGE_MARK, Frame, Size, colour, line_in, marker_pt
from ...words import ChartText

SERIES_KIND = {"official": "official", "unodc": "international",
               "world_bank": "international", "insight_crime": "insight_crime", "press": "press",
               "press_official": "official"}
SERIES_MARKER = {"official": "o", "unodc": "o", "world_bank": "v", "insight_crime": "s",
                 "press": "o", "press_official": "o"}
OFFICIAL = colour("official")
COMPUTED = OFFICIAL  # computed here from the official counts: hollow, in their colour
RULE_MARKER_PT = 7.0  # the triangle of a counting-rule change, under the time axis


def series_colour(name: str) -> str:
    kind = SERIES_KIND.get(name)
    return colour(kind) if kind else MUTED


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
    """A number in a filled circle: a mark the key explains, in the smallest text of its
    size. Every badge is one size (badge_in), whether its number has one digit or two: the
    circle's pad makes up what the text's box lacks (a bold digit is about 0.7 em wide, a line
    of text 1.16 em tall)."""
    text_em = max(0.7 * len(label), 1.16)
    ax.text(x, y, label, transform=transform, ha="center", va="center", fontsize=size.small_pt,
            color="white", fontweight="bold", zorder=8, clip_on=False,
            bbox={"boxstyle": f"circle,pad={max(0.875 - text_em / 2, 0.1):.3f}",
                  "facecolor": INK, "edgecolor": "none"})


def draw_events(frame: Frame, events, numbers: list[str], start_year: int, end_year: int,
                plot_in: float) -> int:
    """Dotted verticals at each event; badges stacked at the top of the plot, numbered as the
    key numbers them (the same at every size). Returns how many levels of badges were
    needed."""
    ax, size = frame.ax, frame.size
    xs = positions(events)
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    gap = badge_in(size) * 1.15 * years_per_inch(frame, start_year, end_year)
    levels = stack(xs, gap)
    step = badge_in(size) * 1.15 / plot_in
    for x, level, number in zip(xs, levels, numbers):
        ax.axvline(x, color=MUTED, linewidth=0.8, linestyle=(0, (1, 2)), zorder=1)
        badge(ax, x, 1 - step * (level + 0.5), number, size, trans)
    return max(levels) + 1 if levels else 0


def draw_changes(ax, changes) -> None:
    """Counting-rule changes: a triangle under the time axis at each date."""
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    below = offset_copy(trans, fig=ax.figure, y=-RULE_MARKER_PT / 2 - 0.5, units="points")
    for x in positions(changes):
        ax.plot([x], [0], marker="^", markersize=RULE_MARKER_PT, color=INK, transform=below,
                clip_on=False, zorder=7, linestyle="none")


def events_on_size(events, items: list[dict], size: Size):
    """The events a chart of this size marks and their key entries: all of them on the full
    size, the key ones on a phone, numbered 1 to n there too."""
    keep = [True if not size.narrow else item["key"] for item in items]
    mask = pd.Series(keep, index=events.index, dtype=bool)  # rows, even when empty
    kept = [dict(item, n=item["n_narrow"]) if size.narrow else item
            for item, k in zip(items, keep) if k]
    return events[mask], kept


# --- the key under the plot: events and counting-rule changes --------------------------------

def key_columns(text: ChartText, size: Size, items: list[dict]) -> list[list[tuple]]:
    """The key's columns of (mark, words) entries; a mark is ("badge", n), ("rule",) (a
    triangle), ("item",) (none) or ("heading",). Full size: events and changes side by side;
    a phone: one column, the events it keeps and then the changes, each with what changed."""
    labels = text.labels
    event_entries = [(("badge", item["n"]), item["text"]) for item in items]
    changes = [(("item",), item) for item in labels.get("changes", [])]
    heading = [(("heading",), "▲ " + labels["changes_heading"])] if changes else []
    if size.narrow:
        column = event_entries + heading + changes
        return [column] if column else []
    columns = []
    if event_entries:
        columns.append([(("heading",), labels["events_heading"])] + event_entries)
    if changes:
        columns.append(heading + changes)
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
    tall = max(sum(len(lines) * line_in(size.small_pt, 1.35)
                   + (badge_gap_in(size) if mark[0] == "badge" else 0.0)
                   for mark, lines in column) for column in wrapped)
    return wrapped, tall + 0.12


def badge_gap_in(size: Size) -> float:
    """The space a key adds after each entry with a badge, so that badges keep apart (a badge
    is taller than a line of text) and the entries stay evenly spaced."""
    return max(badge_in(size) * 1.08 - line_in(size.small_pt, 1.35), 0.0)


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
            y -= row * len(lines) + (badge_gap_in(size) / height_in
                                     if mark[0] == "badge" else 0.0)


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
    """Ticks at whole numbers, written whole (with a small top, ticks at 0.2 would all read
    "0")."""
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))
    ax.yaxis.set_major_formatter(lambda v, _: fmt.number(v, lang, 0))


def no_data(ax, label: str) -> None:
    ax.text(0.5, 0.5, label, transform=ax.transAxes, ha="center", color=MUTED)


def headroom(plot_in: float, levels: int, size: Size) -> float:
    """How much higher than the data the axis must reach for `levels` rows of badges."""
    taken = levels * badge_in(size) * 1.15 + 0.1
    return 1 / max(0.4, 1 - taken / plot_in)


# --- the charts ------------------------------------------------------------------------------

def rates_by_source(computed: Computed, text: ChartText, size: Size):
    """(1) Rates per 100,000 by source, each in its publisher's colour and shape, with the rate
    computed here from official counts as hollow diamonds (the UNODC line stays visible under
    them); events numbered at the top, counting-rule changes as triangles under the time axis
    and in the key."""
    tables, labels = computed.tables, text.labels
    numbers = computed.numbers["charts"]["rates-by-source"]
    start_year, end_year = computed.params["start_year"], computed.params["end_year"]
    series = tables["rate_series"]
    present = list(series.loc[series["shown"], "group"])
    as_line = dict(zip(series["group"], series["as_line"]))
    republished = numbers["republished"]  # a republishing series is drawn as its original
    years, points = tables["rate_years"], tables["rate_points"]
    own = points[~points["republished"].astype(bool)]
    full = tables["recomputed_drawn"]
    events, items = events_on_size(tables["events"], labels["events"], size)
    lw = 2.2 if size.narrow else 1.8
    ms = marker_pt(size) - 1

    drawn = [name for name in present
             if name not in republished or republished[name]["own_years"]]
    handles = [Line2D([], [], color=series_colour(name), marker=SERIES_MARKER.get(name, "o"),
                      markersize=ms, linewidth=lw if as_line[name] and name not in republished
                      else 0, label=labels["series"][name]) for name in drawn]
    if len(full):
        handles.append(Line2D([], [], color=COMPUTED, marker="d", markersize=ms + 1,
                              markerfacecolor="white", markeredgewidth=1.3, linewidth=0,
                              label=labels["computed"]))

    plot_in = 3.4 if size.narrow else 3.6
    wrapped, key_in = key_layout(key_columns(text, size, items), size)
    frame = Frame(text, size, plot_in=plot_in, left_in=0.8 if size.narrow else 0.75,
                  legend=[h.get_label() for h in handles],
                  legend_cols=1 if size.narrow else None, below_in=key_in)
    ax = frame.ax
    year_axis(ax, start_year, end_year, size)
    for name in drawn:
        shade = series_colour(name)
        mine = own[own["group"] == name]
        if name not in republished:
            rows = years[years["group"] == name]
            spread = rows[rows["n_figures"] > 1]
            if len(spread):  # a source's several figures in one year: a bar in its colour
                ax.vlines(spread["year"] + 0.5, spread["low"], spread["high"], color=shade,
                          linewidth=1.4, zorder=3)
            if as_line[name]:
                xs, vs = segments(list(rows["year"]), list(rows["mid"]))
                ax.plot(xs, vs, color=shade, linewidth=lw, zorder=4)
        ax.scatter(mine["year"] + 0.5, mine["value"], s=ms ** 2, color=shade, zorder=5,
                   marker=SERIES_MARKER.get(name, "o"), edgecolors="white", linewidths=0.5)
    if len(full):
        ranged = full[full["rate_high"] > full["rate_low"]]
        # In the right of its year, beside the sources' marks: a source that gives the same
        # rate shows, not hidden under the diamond.
        ax.vlines(ranged["year"] + COMPUTED_AT, ranged["rate_low"], ranged["rate_high"],
                  color=COMPUTED, linewidth=1.0, zorder=6)
        ax.scatter(full["year"] + COMPUTED_AT, full["rate_mid"], s=(ms + 1) ** 2, marker="d",
                   color="white", edgecolors=COMPUTED, linewidths=1.3, zorder=7)
    top = max([0.0] + [float(points["value"].max())] * (len(points) > 0)
              + [float(full["rate_high"].max())] * (len(full) > 0))
    if top == 0:
        no_data(ax, labels["no_data"])
        top = 1.0
    levels = draw_events(frame, events, [item["n"] for item in items], start_year, end_year,
                         plot_in)
    ax.set_ylim(0, top * headroom(plot_in, levels, size) * 1.04)
    ax.set_ylabel(labels["axis"])
    number_ticks(ax, text.lang)
    draw_changes(ax, tables["counting_changes"])
    frame.legend(handles)
    draw_key(frame, wrapped)
    return frame, tables["rates-by-source"]


COMPUTED_AT = 0.8  # where in its year a computed rate is drawn (the sources' marks: mid-year)


def official_counts(computed: Computed, text: ChartText, size: Size):
    """(2) Official yearly counts: a dot for the figure most sources give, a capped bar for the
    range of the published figures, a ring for a count of part of the year; counting-rule
    changes as triangles under the time axis and in the key. The time axis starts at the
    first count."""
    tables, labels = computed.tables, text.labels
    numbers = computed.numbers["charts"]["official-counts"]
    start_year = max(computed.params["start_year"], numbers["first_year"] or 0)
    end_year = computed.params["end_year"]
    years, parts = tables["count_years"], tables["count_parts"]
    ms = marker_pt(size)
    handles = [Line2D([], [], color=OFFICIAL, marker="o", markersize=ms, linewidth=0,
                      label=labels["figure"])]
    ranged = years[years["n_figures"] > 1]
    if len(ranged):
        handles.append(Line2D([], [], color=OFFICIAL, marker=RANGE_MARK, markersize=11,
                              markeredgewidth=1.4, linestyle="none", label=labels["range"]))
    if "dash" in labels:  # a range too short to see: its two caps, one dash
        handles.append(Line2D([], [], color=OFFICIAL, marker=DASH_MARK, markersize=9,
                              markeredgewidth=1.4, linestyle="none", label=labels["dash"]))
    if len(parts):
        handles.append(Line2D([], [], color=OFFICIAL, marker="o", markersize=ms,
                              markerfacecolor="white", markeredgewidth=1.3, linewidth=0,
                              label=labels["partial"]))
    plot_in = 3.2 if size.narrow else 3.4
    wrapped, key_in = key_layout(key_columns(text, size, []), size)
    frame = Frame(text, size, plot_in=plot_in, left_in=0.85 if size.narrow else 0.8,
                  legend=[h.get_label() for h in handles], below_in=key_in)
    ax = frame.ax
    year_axis(ax, start_year, end_year, size)
    if len(ranged):
        xs = ranged["year"] + 0.5
        ax.vlines(xs, ranged["low"], ranged["high"], color=OFFICIAL, linewidth=1.4, zorder=3)
        for end in ("low", "high"):
            ax.hlines(ranged[end], xs - 0.22, xs + 0.22, color=OFFICIAL, linewidth=1.2,
                      zorder=3)
    single = years[years["value"].notna()]
    ax.scatter(single["year"] + 0.5, single["value"].astype(float), s=ms ** 2, marker="o",
               color=OFFICIAL, edgecolors="white", linewidths=0.5, zorder=5)
    if len(parts):
        # Beside the year's full-year figure, not on it (2016: 5,239 to 26 December, 5,280).
        ax.scatter(parts["year"] + 0.78, parts["count"], s=ms ** 2, marker="o",
                   color="white", edgecolors=OFFICIAL, linewidths=1.3, zorder=5)
    top = max([1.0] + [float(years["high"].max())] * (len(years) > 0)
              + [float(parts["count"].max())] * (len(parts) > 0))
    if years.empty and parts.empty:
        no_data(ax, labels["no_data"])
    ax.set_ylim(0, top * 1.22)
    number_ticks(ax, text.lang)
    ax.set_ylabel(labels["axis"])
    label_ranges(frame, years, labels["values"], top, start_year, end_year,
                 first=labels.get("first_labels", []))
    draw_changes(ax, tables["counting_changes"])
    frame.legend(handles)
    draw_key(frame, wrapped)
    return frame, tables["official-counts"]


def label_ranges(frame: Frame, years, values: dict, top: float, start_year: int,
                 end_year: int, first: list[str] = ()) -> None:
    """The labelled years' ranges above their marks, each joined to its mark by a leader. The
    years in `first` (the peak, the widest gap, the latest) are placed first, then the rest
    right to left. Each label goes as low as it can above the marks it spans, shifted sideways
    if it must, where it overlaps no label placed before, its leader crosses no label and no
    leader crosses it; a label that finds no such place is left out (the CSV and the alt text
    keep every figure)."""
    ax, size = frame.ax, frame.size
    per_in = years_per_inch(frame, start_year, end_year)
    y_top = ax.get_ylim()[1]
    plot_in = ax.get_position().height * frame.height_in
    height = line_in(size.small_pt, 1.25) / plot_in * y_top  # a label's height, in counts
    gap = y_top * 0.05
    labelled = [r for r in years.itertuples() if str(int(r.year)) in values]
    rank = {y: i for i, y in enumerate(first)}
    order = sorted(labelled, key=lambda r: (rank.get(str(int(r.year)), len(rank)), -r.year))
    boxes: list[tuple[float, float, float, float]] = []  # left, right, bottom, top
    leaders: list[tuple[float, float, float, float]] = []  # x0, y0, x1, y1

    def inside(x, y, box) -> bool:
        return box[0] < x < box[1] and box[2] < y < box[3]

    def crosses(seg, box) -> bool:
        x0, y0, x1, y1 = seg
        return any(inside(x0 + (x1 - x0) * k / 40, y0 + (y1 - y0) * k / 40, box)
                   for k in range(1, 40))

    for row in order:
        label = values[str(int(row.year))]
        half = (len(label) * size.small_pt * 0.62 / 72 + 0.1) * per_in / 2
        x = row.year + 0.5
        spot = None
        for step in range(0, 40):  # upwards, half a label at a time
            for shift in (0.0, -0.5, 0.5, -1.0, 1.0, -1.5, 1.5, -2.0, 2.0):
                at = min(max(x + shift * half, start_year + half), end_year + 1 - half)
                under = years[(years["year"] + 1 > at - half) & (years["year"] < at + half)]
                base = max(float(row.high), float(under["high"].max()) if len(under) else 0.0)
                y = base + gap + step * height * 0.5
                if y + height > y_top:
                    continue
                box = (at - half, at + half, y, y + height)
                seg = (x, float(row.high), at, y)
                if any(b[0] < box[1] and box[0] < b[1] and b[2] < box[3] and box[2] < b[3]
                       for b in boxes) or any(crosses(seg, b) for b in boxes) \
                        or any(crosses(s_, box) for s_ in leaders):
                    continue
                spot = (at, y, box, seg)
                break
            if spot:
                break
        if spot is None:
            continue
        at, y, box, seg = spot
        boxes.append(box)
        leaders.append(seg)
        ax.annotate(label, (x, row.high), xytext=(at, y), ha="center", va="bottom",
                    fontsize=size.small_pt, color=INK, zorder=7,
                    arrowprops={"arrowstyle": "-", "color": MUTED, "linewidth": 0.7,
                                "shrinkA": 0, "shrinkB": 3, "relpos": (0.5, 0.0)})


def disagreement(computed: Computed, text: ChartText, size: Size):
    """(3) How far the published figures lie apart, year by year: rates above, counts below,
    on one scale, as hollow bars (computed here). A year whose figures all agree has a dot on
    the axis, a year with a single figure a ring; a year with no figure, nothing."""
    table, labels = computed.tables["disagreement"], text.labels
    start_year, end_year = computed.params["start_year"], computed.params["end_year"]
    ms = marker_pt(size)
    known = table.dropna(subset=["spread_pct"])
    handles = []  # only what is drawn
    if (known["spread_pct"] > 0).any():
        handles.append(Patch(facecolor="white", edgecolor=INK, linewidth=1.2,
                             label=labels["bar"]))
    if (known["spread_pct"] == 0).any():
        handles.append(Line2D([], [], color=INK, marker="o", markersize=ms, linewidth=0,
                              label=labels["agree"]))
    if table["spread_pct"].isna().any():
        handles.append(Line2D([], [], color=INK, marker="o", markersize=ms,
                              markerfacecolor="white", markeredgewidth=1.3, linewidth=0,
                              label=labels["single"]))
    panel_in = 1.6 if size.narrow else 1.7
    title_in = line_in(size.text_pt, 2.2)
    frame = Frame(text, size, plot_in=2 * (panel_in + title_in), left_in=0.75,
                  legend=[h.get_label() for h in handles],
                  legend_cols=1 if size.narrow else None)
    box = frame.ax.get_position()
    h = frame.height_in
    bottom = frame.ax
    bottom.set_position([box.x0, box.y0, box.width, panel_in / h])
    top_ax = frame.fig.add_axes([box.x0, box.y0 + (panel_in + title_in) / h, box.width,
                                 panel_in / h], sharex=bottom, sharey=bottom)
    top = max([1.0] + [float(known["spread_pct"].max())] * (len(known) > 0))
    for ax, measure, title in ((top_ax, "rate", labels["rates"]),
                               (bottom, "count", labels["counts"])):
        rows = table[table["measure"] == measure]
        bars = rows.dropna(subset=["spread_pct"])
        ax.bar(bars["year"] + 0.5, bars["spread_pct"], width=0.7, facecolor="white",
               edgecolor=INK, linewidth=1.2, zorder=3)
        same = bars[bars["spread_pct"] == 0]
        single = rows[rows["spread_pct"].isna()]
        ax.plot(same["year"] + 0.5, [0] * len(same), marker="o", markersize=ms,
                color=INK, linestyle="none", clip_on=False, zorder=5)
        ax.plot(single["year"] + 0.5, [0] * len(single), marker="o", markersize=ms,
                markerfacecolor="white", markeredgecolor=INK, markeredgewidth=1.3,
                linestyle="none", clip_on=False, zorder=5)
        ax.set_title(title, loc="left", fontsize=size.text_pt, color=INK, fontweight="bold",
                     pad=4)
        year_axis(ax, start_year, end_year, size)
        ax.tick_params(axis="x", pad=ms)
        ax.yaxis.set_major_formatter(lambda v, _: fmt.percent(v, text.lang, 0))
        ax.set_ylabel(labels["axis"])
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4,
                                               steps=[1, 2, 2.5, 5, 10], integer=True))
        widest = labels["widest"].get(measure)
        shown = {widest["year"]: widest["text"]} if widest else {}
        if not size.narrow:
            shown = {**labels["values"][measure], **shown}
        bar_labels(ax, frame, bars, shown, top, start_year, end_year,
                   first=widest["year"] if widest else None)
    top_ax.tick_params(axis="x", labelbottom=False)
    bottom.set_ylim(0, top * 1.25)
    frame.legend(handles)
    return frame, table


def bar_labels(ax, frame: Frame, bars, values: dict, top: float, start_year: int,
               end_year: int, first: str | None = None) -> None:
    """The figures of the tall bars above them: the widest gap's first (the one the title
    names), then tallest first; a label that would overlap one already placed is left out
    (the CSV and the alt text keep every figure)."""
    size = frame.size
    per_in = years_per_inch(frame, start_year, end_year)
    panel_in = ax.get_position().height * frame.height_in
    height = line_in(size.small_pt, 1.1) / panel_in * top * 1.25
    # The bars themselves are in the way too.
    placed = [(r.year + 0.15, r.year + 0.85, 0.0, r.spread_pct) for r in bars.itertuples()]
    order = sorted(bars.itertuples(), key=lambda r: (str(int(r.year)) != first,
                                                     -r.spread_pct, r.year))
    for row in order:
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


def drawn(computed: Computed) -> dict:
    """The drawing functions of the charts a run publishes (compute.published_charts)."""
    return {chart_id: DRAW[chart_id] for chart_id in computed.sources}
