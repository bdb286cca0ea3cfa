"""The occupancy charts, drawn from the computed tables and the words, at the size asked for
(full or narrow). Every value comes from compute.py, every word from words.py.

Colours say whose figure a mark is (cecot.style.MEANINGS): CECOT's figures in the CECOT colour,
each in its shape, and the transfers into CECOT too; a share of capacity turned into people
(computed here) hollow; an opinion column, a figure known only to the year and a sentence a
news agency repeats in grey, behind; capacities and sleeping places in the standard colour.
Marks whose dates are too close to tell apart are moved apart (style.dodge); the data keep
their dates."""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ... import fmt
from ...computed import Computed
from ...style import (INK, MARGIN_IN, MUTED, PALETTE, Frame, Size, arrow_down, arrow_up,
                      date_positions, date_year_axis, dodge, kind_handles, kind_marker,
                      legend_columns, line_in, marker_pt, wrap, year_span)
from ...words import ChartText

CECOT, STANDARD = PALETTE["cecot"], PALETTE["standard"]
GREY = PALETTE["not_established"]  # an opinion column, a year only, a repeated sentence
GREY_MARKS = ("opinion", "year_only", "repeat")
# Marks closer than this many days are drawn apart (style.dodge), on a phone and on a desktop.
DODGE_DAYS = {True: 24, False: 14}
COMPUTED = CECOT  # computed here from CECOT's figures: dashed or hollow, in their colour
# Reference lines: the sleeping places and the design capacity solid or dotted, the stated
# capacity dashed (all standards and capacities), a scenario in the computed colour.
LINES = {"bunks": (STANDARD, "-", 1.6), "capacity": (STANDARD, "--", 1.6),
         "design": (STANDARD, ":", 2.0), "scenario": (COMPUTED, "-.", 1.4)}
# Labels wrap to this share of the plot's width, so they stay clear of the latest reports.
LABEL_SHARE = 0.6


def _left_in(size: Size, longest_tick: str) -> float:
    """Room left of the plot for the tick labels and the axis label."""
    return len(longest_tick) * size.small_pt * 0.6 / 72 + line_in(size.text_pt) + 0.2


def _draw_reports(ax, table: pd.DataFrame, marks: list[str], low_col: str, high_col: str,
                  arrow: float, size: Size) -> dict:
    """Each report in its shape (style's marks), near its own date (marks too close to tell
    apart are moved apart): a count a dot, an approximation a ring, a share of capacity a
    hollow square, a range a bar, "more than" an arrow up, "up to" an arrow down, a year a
    dotted span; the grey ones first, behind. Returns where each dated mark was drawn."""
    xs = date_positions(table.reset_index(drop=True), DODGE_DAYS[size.narrow])
    rows = list(zip(marks, range(len(table)), table.itertuples()))
    rows.sort(key=lambda item: item[0] not in GREY_MARKS)
    for mark, index, row in rows:
        low, high = getattr(row, low_col), getattr(row, high_col)
        x = xs.get(index, pd.Timestamp(row.date))
        colour = GREY if mark in GREY_MARKS else CECOT
        if mark in ("opinion", "repeat"):
            mark = "lower_bound" if high is None else "upper_bound" if low is None else \
                "range" if low != high else "approx"
        if mark == "year_only":
            year_span(ax, pd.Timestamp(row.date).year, low if low is not None else high,
                      colour, open_above=high is None, open_below=low is None, arrow=arrow,
                      size=size)
        elif mark == "upper_bound":
            arrow_down(ax, x, high, arrow, colour, size)
        elif mark == "lower_bound":
            arrow_up(ax, x, low, arrow, colour, size=size)
        elif mark == "range":
            ax.plot([x, x], [low, high], color=colour, linewidth=2.4, solid_capstyle="butt",
                    zorder=3)
        elif mark == "share":
            ax.plot([x], [low], marker="s", markersize=marker_pt(size), markerfacecolor="none",
                    markeredgecolor=colour, markeredgewidth=1.5, linestyle="none", zorder=3)
        else:
            kind_marker(ax, x, low, mark, colour, size)
    return xs


def _axis_dates(table: pd.DataFrame) -> list:
    """The dates the axis must show: every report, and the end of any year a report is
    known only to."""
    ends = [pd.Timestamp(year=pd.Timestamp(d).year, month=12, day=31)
            for d in table.loc[table["date_precision"] == "year", "date"]]
    return list(pd.to_datetime(table["date"])) + ends


def _date_axis(ax, table: pd.DataFrame, size: Size, drawn: list | None = None) -> None:
    """Years on the x axis, from the first report to the last (as drawn), or to the end of the
    year a report is known only to (no empty year after it)."""
    dates = _axis_dates(table) + list(drawn or [])
    date_year_axis(ax, dates, size)
    if (table["date_precision"] == "year").any() and max(dates).month == 12:
        ax.set_xlim(right=mdates.date2num(max(dates)))


def _label_lines(ax, frame: Frame, plot_in: float, lines: list[tuple[str, float, str]],
                 top: float, reports_top: float) -> None:
    """Each reference line with its label written on it at the left, above the line when
    there is room before the next line up (or the top), else under it. A label over every
    report (`reports_top`: the highest mark) may run across the plot; others wrap short."""
    size = frame.size
    per_line = line_in(size.small_pt, 1.25) / plot_in * top  # one text line, in data units
    ordered = sorted(lines, key=lambda item: item[1])
    floor = 0.0  # the highest point taken by a label below
    for i, (key, value, label) in enumerate(ordered):
        colour, style, width = LINES[key]
        ax.axhline(value, color=colour, linestyle=style, linewidth=width, zorder=2)
        share = 0.95 if value > reports_top else LABEL_SHARE
        wrapped = "\n".join(wrap(label, size.chars(frame.plot_width_in * share,
                                                    size.small_pt)))
        height = (wrapped.count("\n") + 1) * per_line + 0.25 * per_line
        ceiling = ordered[i + 1][1] if i + 1 < len(ordered) else top
        above = ceiling - value >= height or value - floor < height
        y = value + 0.2 * per_line if above else value - 0.2 * per_line
        ax.text(0.01, y, wrapped, transform=ax.get_yaxis_transform(), ha="left",
                va="bottom" if above else "top", fontsize=size.small_pt, color=colour,
                linespacing=1.15, zorder=5,
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=0.5))
        floor = value + height if above else value


def _legend_cols(text: ChartText, size: Size) -> int:
    """As many legend columns as fit the chart's width (at most four), each as wide as its
    longest label; matplotlib fills a legend column by column."""
    labels = list(text.labels["legend"].values())
    usable = size.width_in - 2 * MARGIN_IN
    for cols in range(min(4, len(labels)), 1, -1):
        columns = legend_columns(labels, cols)
        width = sum(max(len(label) for label in column) * size.text_pt * 0.6 / 72 + 0.45
                    for column in columns if column) + 0.17 * (cols - 1)
        if width <= usable:
            return cols
    return 1


def _legend(frame: Frame, text: ChartText, grey_shapes: dict) -> None:
    """The legend, each entry drawn as its marks are: the shapes in the CECOT colour, a share
    of capacity as a hollow square, each grey mark in its own shape."""
    labels = text.labels["legend"]
    handles = []
    for mark, label in labels.items():
        if mark == "share":
            handles.append(Line2D([], [], marker="s", markerfacecolor="white",
                                  markeredgecolor=CECOT, markeredgewidth=1.5,
                                  markersize=marker_pt(frame.size), linestyle="none",
                                  label=label))
        elif mark in ("opinion", "repeat"):
            shape = grey_shapes.get(mark, "approx")
            handles += kind_handles({shape: label}, [shape], GREY)
        elif mark == "year_only":
            handles += kind_handles({mark: label}, [mark], GREY)
        else:
            handles += kind_handles({mark: label}, [mark], CECOT)
    frame.legend(handles)


def _grey_shapes(table: pd.DataFrame, marks: list[str], low_col: str, high_col: str) -> dict:
    """The shape of each grey mark (an opinion column, a repeated sentence), for its legend
    entry."""
    found = {}
    for mark, row in zip(marks, table.itertuples()):
        if mark in ("opinion", "repeat") and mark not in found:
            low, high = getattr(row, low_col), getattr(row, high_col)
            found[mark] = "lower_bound" if high is None else "upper_bound" if low is None \
                else "range" if low != high else "count" if row.kind == "count" else "approx"
    return found


def _strip_in(text: ChartText, size: Size) -> float:
    """Height of the transfers strip: its caption, the marks and two lines of labels."""
    caption = textwrap.wrap(text.labels["transfers_caption"],
                            size.chars(size.width_in - 2 * MARGIN_IN, size.small_pt))
    return (len(caption) + 2) * line_in(size.small_pt, 1.25) + 0.3


def _transfers(frame: Frame, ax, text: ChartText, moved: pd.DataFrame) -> None:
    """The transfers in a strip under the plot, on its date axis: one mark per transfer, and
    one label per group of transfers close in time, the people moved listed (never summed).
    Labels are laid left to right so that none overlaps the one before; a label with no room
    breaks onto two lines."""
    size, fig = frame.size, frame.fig
    box = ax.get_position()
    y0, height = frame.below_band
    band_in = height * frame.height_in
    caption = textwrap.fill(text.labels["transfers_caption"],
                            size.chars(size.width_in - 2 * MARGIN_IN, size.small_pt))
    top = y0 + height - 0.1 / frame.height_in
    fig.text(MARGIN_IN / size.width_in, top, caption, ha="left", va="top",
             fontsize=size.small_pt, color=MUTED, linespacing=1.15)
    caption_in = (caption.count("\n") + 1) * line_in(size.small_pt, 1.25) + 0.1
    strip = fig.add_axes([box.x0, y0, box.width, height], sharex=ax)
    strip.set_ylim(0, band_in)  # inches from the bottom of the band
    strip.axis("off")
    if moved.empty:
        return
    xs = dodge(pd.to_datetime(moved["date"]), step_days=22 if size.narrow else 14)
    mark_y = band_in - 0.1 - caption_in - 0.08
    for x in xs:  # transfers: people moved on a day, not the population: in black ink
        strip.plot([x], [mark_y], marker="v", color=INK, markersize=7, linestyle="none")
    # Groups: transfers less than `gap` apart share a label.
    gap = pd.Timedelta(days=100 if size.narrow else 50)
    groups: list[list[int]] = []
    for i in range(len(xs)):
        if groups and xs[i] - xs[groups[-1][-1]] < gap:
            groups[-1].append(i)
        else:
            groups.append([i])
    left, right = strip.get_xlim()
    renderer = fig.canvas.get_renderer()
    per_px = (right - left) / strip.get_window_extent(renderer).width
    pad = 0.3 * (right - left) / frame.plot_width_in  # two labels on a row read as two
    # Two rows of labels: a label with no room on the first row goes on the second, whole;
    # only one with no room on either breaks onto two lines.
    row_in = line_in(size.small_pt, 1.25)
    taken = [left - pad, left - pad]
    firsts = [mdates.date2num(xs[group[0]]) for group in groups]
    for number, group in enumerate(groups):
        label = "; ".join(text.labels["transfers"][i] for i in group)
        centre = (mdates.date2num(xs[group[0]]) + mdates.date2num(xs[group[-1]])) / 2
        # A label stops short of the next group's marks, so it is not read as theirs.
        limit = firsts[number + 1] - pad / 2 if number + 1 < len(groups) else right
        shown = strip.text(0, mark_y - 0.1, label, ha="left", va="top",
                           fontsize=size.small_pt, color=INK, linespacing=1.1)
        attempts = [(label, 0), (label, 1),
                    (textwrap.fill(label, max(6, len(label) // 2 + 2)), 0)]
        for attempt, row in attempts:
            shown.set_text(attempt)
            width = shown.get_window_extent(renderer).width * per_px
            start = min(max(centre - width / 2, taken[row] + pad, left), right - width)
            if start >= taken[row] + pad and start + width <= limit:
                break
        shown.set_position((start, mark_y - 0.1 - row * row_in))
        taken[row] = start + width
        if "\n" in shown.get_text():  # a label on two lines fills the second row too
            taken[1] = max(taken[1], start + width)


def population_timeline(computed: Computed, text: ChartText, size: Size):
    """Reported population over time: every report in its shape, converted ones in the
    computed colour, the capacities as labelled lines, transfers in a strip under the plot."""
    n = computed.numbers
    moved = computed.tables["transfer_events"]
    table = computed.tables["timeline_reports"]  # figures given in people only
    lang = text.lang
    population = computed.params["population"]
    lines = [("capacity", n["capacity"], text.labels["lines"]["capacity"]),
             ("design", n["design_capacity"],
              text.labels["lines"]["design_short" if size.narrow else "design"])]
    if population > 0:
        lines.append(("scenario", population, text.labels["lines"]["scenario"]))
    highs = [v for v in list(table["population_low"]) + list(table["population_high"])
             if v is not None]
    top = max([value for _, value, _ in lines] + highs) * 1.14
    reports_top = max(highs) + top * 0.07
    plot_in = 3.3 if size.narrow else 3.6
    frame = Frame(text, size, plot_in=plot_in, left_in=_left_in(size, fmt.whole(top, lang)),
                  right_in=0.2, legend=list(text.labels["legend"].values()),
                  legend_cols=_legend_cols(text, size), below_in=_strip_in(text, size))
    ax = frame.ax
    xs = _draw_reports(ax, table, text.labels["marks"], "population_low", "population_high",
                       top * 0.07, size)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.whole(v, lang)))
    ax.set_ylabel(text.labels["axis"])
    _date_axis(ax, table, size, list(xs.values()))
    _label_lines(ax, frame, plot_in, lines, top, reports_top)
    _legend(frame, text, _grey_shapes(table, text.labels["marks"], "population_low",
                                      "population_high"))
    _transfers(frame, ax, text, moved)
    return frame, computed.tables["population-timeline"]


def people_per_cell(computed: Computed, text: ChartText, size: Size):
    """People per cell at each report against the sleeping places of a cell, with the stated
    capacity (and a scenario) as labelled lines; the band above the sleeping places shaded."""
    n = computed.numbers
    table = computed.tables["per_cell_reports"]
    population = computed.params["population"]
    bunks = n["bunks_per_cell"]
    lines = [("bunks", bunks, text.labels["lines"]["bunks"]),
             ("capacity", n["capacity_people_per_cell"], text.labels["lines"]["capacity"])]
    if population > 0:
        lines.append(("scenario", n["scenario"]["people_per_cell"],
                      text.labels["lines"]["scenario"]))
    highs = [v for v in list(table["people_per_cell_low"]) + list(table["people_per_cell_high"])
             if v is not None]
    top = max([value for _, value, _ in lines] + highs) * 1.14
    reports_top = max(highs) + top * 0.07
    plot_in = 3.4 if size.narrow else 3.6
    frame = Frame(text, size, plot_in=plot_in, left_in=_left_in(size, fmt.whole(top, text.lang)),
                  right_in=0.2, legend=list(text.labels["legend"].values()),
                  legend_cols=_legend_cols(text, size))
    ax = frame.ax
    ax.axhspan(bunks, top, color=STANDARD, alpha=0.06, zorder=0, linewidth=0)
    xs = _draw_reports(ax, table, text.labels["marks"], "people_per_cell_low",
                       "people_per_cell_high", top * 0.07, size)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.whole(v, text.lang)))
    ax.set_ylabel(text.labels["axis"])
    _date_axis(ax, table, size, list(xs.values()))
    _label_lines(ax, frame, plot_in, lines, top, reports_top)
    _legend(frame, text, _grey_shapes(table, text.labels["marks"], "people_per_cell_low",
                                      "people_per_cell_high"))
    return frame, computed.tables["people-per-cell"]


DRAW = {"population-timeline": population_timeline, "people-per-cell": people_per_cell}
