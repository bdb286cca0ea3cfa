"""The prisons charts, drawn from the computed tables and the words at the size asked for (full
or narrow). No arithmetic on the data: every value comes from compute.py, every word from
words.py (ChartText.labels).

Colours say whose figure a mark is (cecot.style.PALETTE): official figures, the press and NGOs,
international series, figures computed here, CECOT's own head counts; a "more than" is always
an arrow in the lower-bound colour. Several series of one kind (two international series, three
counters of deaths) are told apart by marker shape and direct labels, never by new colours.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.path import Path as MarkerPath
from matplotlib.ticker import FuncFormatter

from ... import fmt
from ...computed import Computed
from ...style import (GRID, INK, MUTED, PALETTE, arrow_up, date_positions, date_year_axis, Frame,
                      kind_handles, marker_pt, Size)
from ...words import ChartText
from .compute import ORGANISATIONS, RATE_ORIGIN, RATE_SERIES

# Several series of one colour, told apart by the shape of their marks.
RATE_MARKERS = {"unodc": "s", "world_prison_brief": "D", "other": "^"}
ORG_MARKERS = {"socorro_juridico": "o", "cristosal": "s", "other": "^"}
ORG_LINES = {"socorro_juridico": "-", "cristosal": (0, (4, 2))}
SECONDARY_FLAGS = {"date_inferred"}  # caveats a phone-sized chart circles without a label
I_BEAM = MarkerPath([(-0.5, -1), (0.5, -1), (0, -1), (0, 1), (-0.5, 1), (0.5, 1)],
                    [MarkerPath.MOVETO, MarkerPath.LINETO, MarkerPath.MOVETO,
                     MarkerPath.LINETO, MarkerPath.MOVETO, MarkerPath.LINETO])


# --- marks and pieces this story shares (candidates for cecot.style) -------------------------

def shape_marker(ax, x, y, kind: str, colour: str, size: Size, marker: str = "o",
                 zorder: int = 3) -> None:
    """kind_marker with a shape: a count filled, anything else (approximate, estimate) open."""
    ms = marker_pt(size) * (0.9 if marker in ("s", "D") else 1.0)
    if kind == "count":
        ax.plot([x], [y], marker=marker, markersize=ms, color=colour, linestyle="none",
                zorder=zorder)
    else:
        ax.plot([x], [y], marker=marker, markersize=ms, markerfacecolor="white",
                markeredgecolor=colour, markeredgewidth=1.5, linestyle="none", zorder=zorder)


def origin_handles(labels: dict[str, str], colours: dict[str, str]) -> list:
    """Legend entries for what a colour means (whose figure): a square swatch each, so they
    are not read as a kind of mark."""
    return [Patch(facecolor=colours[key], edgecolor="none", label=label)
            for key, label in labels.items()]


def neutral_kind_handles(labels: dict[str, str]) -> list:
    """kind_handles in a neutral ink where colour says something else (whose figure); a
    "more than" keeps the lower-bound colour."""
    return kind_handles(labels, list(labels), MUTED)


def regime_line(ax, start, label: str, size: Size) -> None:
    """The start of the state of exception: a dashed line, labelled at the foot of the plot
    (the top is where the latest figures and their labels are) on whichever side has room
    (call it once the axis has its limits)."""
    ax.axvline(start, color=MUTED, linestyle="--", linewidth=1, zorder=1)
    left, right = ax.get_xlim()
    at = (mdates.date2num(pd.Timestamp(start)) - left) / (right - left)
    room_right = (1 - at) * ax.get_window_extent().width / ax.figure.dpi  # inches
    fits = room_right > len(label) * size.small_pt * 0.56 / 72 + 0.1
    ax.text(start, 0.015, f" {label}" if fits else f"{label} ",
            transform=ax.get_xaxis_transform(), ha="left" if fits else "right", va="bottom",
            fontsize=size.small_pt, color=MUTED,
            bbox=dict(facecolor="white", edgecolor="none", pad=1, alpha=0.85))


def left_for(top: float, lang: str, size: Size, digits: int = 0) -> float:
    """Inches left of the plot for tick labels up to `top` and the axis label."""
    widest = len(fmt.number(top, lang, digits))
    return widest * size.small_pt * 0.62 / 72 + size.text_pt * 1.4 / 72 + 0.2


def whole_axis(ax, lang: str) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.number(v, lang, 0)))


def label_at(ax, x, y, text: str, size: Size, dx: float = 6, dy: float = 0,
             ha: str = "left", va: str = "center", colour: str = INK, bold: bool = False):
    """A direct label beside a mark, offset in points."""
    xn = mdates.date2num(pd.Timestamp(x)) if not isinstance(x, (int, float)) else x
    return ax.annotate(text, (xn, y), xytext=(dx, dy), textcoords="offset points",
                       ha=ha, va=va, fontsize=size.small_pt, color=colour,
                       fontweight="bold" if bold else "normal", zorder=6)


def free_place(ax, x, y, text: str, size: Size, points, top: float,
               prefer_above: bool = False) -> tuple[str, bool]:
    """Where a label of `text` beside a mark covers fewest of the other marks (`points`:
    (date, value) pairs) and stays inside the plot: ("right" or "left", above or not). Ties
    go to the right, and below unless `prefer_above`. Call once the axis has its limits."""
    left, right = ax.get_xlim()
    box = ax.get_window_extent()
    days_per_in = (right - left) / (box.width / ax.figure.dpi)
    value_per_in = top / (box.height / ax.figure.dpi)
    lines = text.split("\n")
    width = (max(len(line) for line in lines) * size.small_pt * 0.56 / 72 + 0.15) \
        * days_per_in
    height = (size.small_pt * 1.3 * len(lines) + 4) / 72 * value_per_in
    xn = mdates.date2num(pd.Timestamp(x))
    marks = [(mdates.date2num(pd.Timestamp(px)), py) for px, py in points]
    best, best_count = None, None
    order = [False, True] if not prefer_above else [True, False]
    for side in ("right", "left"):
        x0, x1 = (xn + 1, xn + width) if side == "right" else (xn - width, xn - 1)
        for above in order:
            y0, y1 = (y, y + height) if above else (y - height, y)
            count = sum(1 for px, py in marks if x0 <= px <= x1 and y0 <= py <= y1)
            if x0 < left or x1 > right or y0 < 0 or y1 > top:
                count += 100  # off the plot
            if best_count is None or count < best_count:
                best, best_count = (side, above), count
    return best


def along(lines, steps: int = 12) -> list:
    """Points along polylines of (date, value): so a label placed beside a mark avoids the
    lines too."""
    out = []
    for line in lines:
        for (x0, y0), (x1, y1) in zip(line, line[1:]):
            x0, x1 = pd.Timestamp(x0), pd.Timestamp(x1)
            out += [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
                    for k in range(1, steps)]
    return out


def across_years(table: pd.DataFrame, value: str) -> list:
    """Points along the dotted bar of every figure known only to the year (see along)."""
    rows = table[table["date_precision"] == "year"]
    return [(pd.Timestamp(year=pd.Timestamp(d).year, month=1, day=1) + pd.DateOffset(months=m),
             v) for d, v in zip(rows["date"], rows[value]) for m in range(12)]


def year_mark(ax, year: int, y: float, colour: str, open_above: bool, arrow: float,
              size: Size) -> None:
    """style.year_span with a small gap at each end of the year, so figures of consecutive
    years stay apart instead of joining into one dotted line."""
    start = pd.Timestamp(year=year, month=1, day=1) + pd.Timedelta(days=25)
    end = pd.Timestamp(year=year + 1, month=1, day=1) - pd.Timedelta(days=25)
    ax.plot([start, end], [y, y], color=colour, linewidth=2.2, linestyle=(0, (1, 1)),
            solid_capstyle="butt", zorder=4)
    if open_above:
        arrow_up(ax, middle_of(year), y, arrow, colour, size=size)


def range_beam(ax, x, low: float, high: float, colour: str, size: Size) -> None:
    """A range short enough to hide under a marker, drawn as an I-beam: a bar with caps."""
    ax.plot([x, x], [low, high], color=colour, linewidth=2.2, solid_capstyle="butt", zorder=4)
    ax.plot([x, x], [low, high], marker="_", markersize=marker_pt(size) * 1.6,
            markeredgewidth=2.2, color=colour, linestyle="none", zorder=4)


def year_box(ax, year: int, low: float, high: float, colour: str) -> None:
    """A range known only to the year: a light box across the year (less a small gap at each
    end, as year_mark), dotted at its low and high ends, under the marks dated more
    precisely."""
    start = pd.Timestamp(year=year, month=1, day=1) + pd.Timedelta(days=25)
    end = pd.Timestamp(year=year + 1, month=1, day=1) - pd.Timedelta(days=25)
    x0, x1 = mdates.date2num(start), mdates.date2num(end)
    ax.add_patch(Rectangle((x0, low), x1 - x0, high - low, facecolor=colour, alpha=0.25,
                           edgecolor="none", zorder=2))
    for y in (low, high):
        ax.plot([start, end], [y, y], color=colour, linewidth=2.2, linestyle=(0, (1, 1)),
                solid_capstyle="butt", zorder=2)


def middle_of(year: int) -> pd.Timestamp:
    return pd.Timestamp(year=year, month=7, day=1)


def year_ends(table: pd.DataFrame) -> list:
    """The end of every year a figure is known only to: the axis runs that far."""
    years = table.loc[table["date_precision"] == "year", "date"]
    return [pd.Timestamp(year=pd.Timestamp(d).year, month=12, day=31) for d in years]


# --- the charts --------------------------------------------------------------------------------

ORIGIN_COLOURS = {"official": PALETTE["official"], "press": PALETTE["press"],
                  "international": PALETTE["international"]}


def prison_population(computed: Computed, text: ChartText, size: Size):
    table = computed.tables["prison-shown"]
    labels = text.labels
    legend = list(labels["origins"].values()) + list(labels["kinds"].values())
    legend += [labels[k] for k in ("parts", "unverified") if k in labels]
    top = float(table["high"].max()) * 1.12
    frame = Frame(text, size, plot_in=3.0 if size.narrow else 3.4,
                  left_in=left_for(top, text.lang, size), legend=legend,
                  legend_cols=2 if size.narrow else 3)
    ax = frame.ax
    arrow = top * 0.07
    xs = date_positions(table, 40 if size.narrow else 20)
    for i, record in table.iterrows():
        colour = PALETTE["not_established"] if record["verification"] == "unverified" \
            else ORIGIN_COLOURS[record["origin"]]
        lower = record["kind"] == "lower_bound"
        if record["date_precision"] == "year":
            year_mark(ax, record["date"].year, record["value"], colour,
                      open_above=lower, arrow=arrow, size=size)
            continue
        x = xs[i]
        if record["parts_differ"]:  # the source's total and the sum of its parts: a range
            range_beam(ax, x, record["low"], record["high"], colour, size)
        elif lower:
            arrow_up(ax, x, record["value"], arrow, colour, size=size)
        else:
            shape_marker(ax, x, record["value"], record["kind"], colour, size)
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    date_year_axis(ax, list(table["date"]) + year_ends(table), size)
    if "regime" in labels:
        regime_line(ax, pd.Timestamp(computed.numbers["regime_start"]), labels["regime"], size)
    ax.set_ylabel(labels["axis"])
    handles = origin_handles(labels["origins"], ORIGIN_COLOURS)
    handles += neutral_kind_handles(labels["kinds"])
    if "parts" in labels:
        handles.append(Line2D([], [], marker=I_BEAM, color=MUTED, markersize=10,
                              markeredgewidth=2, linestyle="none", label=labels["parts"]))
    if "unverified" in labels:
        handles.append(Patch(facecolor=PALETTE["not_established"], label=labels["unverified"]))
    frame.legend(handles)
    return frame, computed.tables["prison-population"]


def incarceration_rate(computed: Computed, text: ChartText, size: Size):
    rates = computed.tables["rates-shown"]
    ranges = computed.tables["computed-rate-ranges-shown"]
    ranges = ranges.assign(date=pd.to_datetime(ranges["date"]))
    labels = text.labels
    intl, mine = PALETTE["international"], PALETTE["official"]  # computed from official counts
    colours = {series: ORIGIN_COLOURS[origin] for series, origin in RATE_ORIGIN.items()}
    legend = list(labels["series"].values()) + list(labels["kinds"].values())
    legend += [labels["cited"]] if "cited" in labels else []
    top = max(rates["value"].max() if not rates.empty else 0,
              ranges["rate_high"].max() if not ranges.empty else 0) * 1.12
    frame = Frame(text, size, plot_in=3.0 if size.narrow else 3.4,
                  left_in=left_for(top, text.lang, size), legend=legend,
                  legend_cols=2 if size.narrow else 3)
    ax = frame.ax
    arrow = top * 0.06
    # Reported and computed marks share one drawing order, so close dates move apart.
    marks = pd.concat([rates[["date", "date_precision"]].assign(source="rate"),
                       ranges[["date", "date_precision"]].assign(source="range")],
                      ignore_index=False).reset_index(names="row")
    xs = date_positions(marks, 45 if size.narrow else 25)
    x_of = {(m.source, m.row): xs[i] for i, m in marks.iterrows() if i in xs}
    ms = marker_pt(size)
    for i, record in ranges.iterrows():
        low, high = record["rate_low"], record["rate_high"]
        if record["date_precision"] == "year":
            if record["kind"] == "lower_bound":
                year_mark(ax, record["date"].year, low, mine, open_above=True, arrow=arrow,
                          size=size)
            elif fmt.number(low, "en", 0) == fmt.number(high, "en", 0):
                year_mark(ax, record["date"].year, low, mine, open_above=False, arrow=arrow,
                          size=size)
            else:
                year_box(ax, record["date"].year, low, high, mine)
            continue
        x = x_of[("range", i)]
        if record["kind"] == "lower_bound":
            arrow_up(ax, x, low, arrow, mine, size=size)
        elif fmt.number(low, "en", 0) == fmt.number(high, "en", 0):
            ax.plot([x], [low], marker="o", markersize=ms, color=mine, linestyle="none",
                    zorder=3)
        else:
            ax.plot([x, x], [low, high], color=mine, linewidth=2.4, solid_capstyle="butt",
                    zorder=3)
    for i, record in rates.iterrows():
        series, value = record["series"], record["value"]
        colour, marker = colours[series], RATE_MARKERS[series]
        cited = bool(record["citation_dated"])
        if record["date_precision"] == "year":
            year_mark(ax, record["date"].year, value, colour, open_above=False, arrow=arrow,
                      size=size)
            x = middle_of(record["date"].year)
        else:
            x = x_of[("rate", i)]
        shape_marker(ax, x, value, "approx" if cited else "count", colour, size, marker,
                     zorder=5)
    marked = labels.get("marked", {})
    if "latest" in marked and not ranges.empty:
        last = ranges.iloc[-1]
        x = x_of.get(("range", ranges.index[-1]), middle_of(last["date"].year))
        label_at(ax, x, last["rate_high"], marked["latest"], size, dx=3, dy=5, ha="right",
                 va="bottom", colour=mine, bold=True)
    if "pre" in marked:
        pre = computed.numbers["computed_incarceration_rate_pre_regime"]
        rows = ranges[ranges["date"] == pd.Timestamp(pre["date"])]
        if not rows.empty:
            x = x_of.get(("range", rows.index[0]), pd.Timestamp(pre["date"]))
            label_at(ax, x, pre["low"], marked["pre"], size, dx=0, dy=-6, ha="center",
                     va="top", colour=mine, bold=True)
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    dates = list(rates["date"]) + list(ranges["date"])
    date_year_axis(ax, dates + year_ends(rates) + year_ends(ranges), size)
    if "regime" in labels:
        regime_line(ax, pd.Timestamp(computed.numbers["regime_start"]), labels["regime"], size)
    ax.set_ylabel(labels["axis"])
    handles = []
    for series in RATE_SERIES:
        if series in labels["series"]:
            handles.append(Line2D([], [], marker=RATE_MARKERS[series], color=colours[series],
                                  linestyle="none", label=labels["series"][series]))
    if "computed" in labels["series"]:
        handles += kind_handles({"range": labels["series"]["computed"]}, ["range"], mine)
    handles += neutral_kind_handles(labels["kinds"])
    if "cited" in labels:
        handles.append(Line2D([], [], marker=RATE_MARKERS["world_prison_brief"],
                              markerfacecolor="white", markeredgecolor=intl,
                              markeredgewidth=1.5, linestyle="none", label=labels["cited"]))
    frame.legend(handles)
    return frame, computed.tables["incarceration-rate"]


def arrests(computed: Computed, text: ChartText, size: Size):
    table = computed.tables["arrest-reports"]
    labels = text.labels
    colour = PALETTE["official"]
    top = float(table["low"].max()) * 1.15
    frame = Frame(text, size, plot_in=3.0 if size.narrow else 3.4,
                  left_in=left_for(top, text.lang, size),
                  legend=list(labels["kinds"].values()), legend_cols=2 if size.narrow else 4)
    ax = frame.ax
    arrow = top * 0.06
    xs = date_positions(table, 30 if size.narrow else 16)
    pace = computed.numbers["arrests_pace"]
    regime = pd.Timestamp(computed.numbers["regime_start"])
    if "first_year" in labels and pace is not None:
        ax.axvspan(regime, pd.Timestamp(pace["first_year_end"]), color=GRID, alpha=0.6,
                   linewidth=0, zorder=0)
        ax.text(regime, 0.99, " " + labels["first_year"], transform=ax.get_xaxis_transform(),
                ha="left", va="top", fontsize=size.small_pt, color=MUTED)
    firm = sorted((xs[i], r["low"]) for i, r in table.iterrows()
                  if r["kind"] in ("count", "approx") and i in xs)
    if firm:
        fx, fy = zip(*sorted(firm))
        ax.plot(fx, fy, color=colour, alpha=0.3, linewidth=1, zorder=1)
    for i, record in table.iterrows():
        lower = record["kind"] == "lower_bound"
        if record["date_precision"] == "year":
            year_mark(ax, record["date"].year, record["low"], colour,
                      open_above=lower, arrow=arrow, size=size)
        elif lower:
            arrow_up(ax, xs[i], record["low"], arrow, colour, size=size)
        else:
            shape_marker(ax, xs[i], record["low"], record["kind"], colour, size)
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    date_year_axis(ax, list(table["date"]) + year_ends(table), size)
    # Labels for the title's figures, where they cover fewest marks (arrows included).
    points = [(xs.get(i, middle_of(r["date"].year)), r["low"]) for i, r in table.iterrows()]
    points += [(xs.get(i, middle_of(r["date"].year)), r["low"] + arrow * k / 3)
               for i, r in table.iterrows() if r["kind"] == "lower_bound" for k in (1, 2, 3)]
    points += along([firm]) + across_years(table, "low")
    for key, shown in labels.get("marked", {}).items():
        report = pace[key] if pace is not None and key in pace else \
            computed.numbers["latest_arrests"]
        rows = table[(table["date"] == pd.Timestamp(report["date"]))
                     & (table["source_id"] == report["source_id"])]
        x = xs.get(rows.index[0], pd.Timestamp(report["date"])) if not rows.empty else \
            pd.Timestamp(report["date"])
        side, above = free_place(ax, x, report["value"], shown, size, points, top)
        label_at(ax, x, report["value"], shown, size, dx=6 if side == "right" else -6,
                 dy=6 if above else -6, ha="left" if side == "right" else "right",
                 va="bottom" if above else "top", bold=True)
    ax.set_ylabel(labels["axis"])
    frame.legend(kind_handles(labels["kinds"], list(labels["kinds"]), colour))
    return frame, computed.tables["arrests"]


def deaths_in_custody(computed: Computed, text: ChartText, size: Size):
    table = computed.tables["death-reports"]
    labels = text.labels
    colour = PALETTE["press"]
    legend = list(labels["organisations"].values()) + list(labels["kinds"].values()) + \
        [labels["flagged"]]
    top = float(table["low"].max()) * 1.15
    frame = Frame(text, size, plot_in=3.2 if size.narrow else 3.6,
                  left_in=left_for(top, text.lang, size), legend=legend,
                  legend_cols=2 if size.narrow else 3)
    ax = frame.ax
    arrow = top * 0.07
    xs = date_positions(table, 30 if size.narrow else 14)
    flagged = table["flag"].notna()
    drawn_at, lines = {}, []
    for organisation in ORGANISATIONS:
        rows = table[table["organisation"] == organisation]
        if rows.empty:
            continue
        marker = ORG_MARKERS[organisation]
        if organisation in ORG_LINES:  # 'other' mixes several counters: no line joins them
            line = rows[rows["kind"].isin(["count", "approx"]) & ~flagged[rows.index]
                        & (rows["date_precision"] != "year")]
            line_x = [xs[i] for i in line.index]
            ax.plot(line_x, line["low"], color=colour, alpha=0.7,
                    linewidth=1.2, linestyle=ORG_LINES[organisation], zorder=1)
            lines.append(list(zip(line_x, line["low"])))
        for i, record in rows.iterrows():
            lower = record["kind"] == "lower_bound"
            if record["date_precision"] == "year":
                year_mark(ax, record["date"].year, record["low"], colour,
                          open_above=lower, arrow=arrow, size=size)
                x = middle_of(record["date"].year)
                if not lower:
                    shape_marker(ax, x, record["low"], record["kind"], colour, size, marker)
            else:
                x = xs[i]
                if lower:  # whose floor it is: the organisation's shape, open, under the arrow
                    arrow_up(ax, x, record["low"], arrow, colour, size=size)
                    shape_marker(ax, x, record["low"], "approx", colour, size, marker)
                else:
                    shape_marker(ax, x, record["low"], record["kind"], colour, size, marker)
            drawn_at[i] = (x, record["low"])
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    date_year_axis(ax, list(table["date"]) + year_ends(table), size)
    points = list(drawn_at.values()) + along(lines) + across_years(table, "low")
    for i, shown in labels["flags"].items():  # circled, the caveat beside on the freer side
        x, y = drawn_at[i]
        ax.plot([x], [y], marker="o", markersize=marker_pt(size) * 2.4,
                markerfacecolor="none", markeredgecolor=INK, markeredgewidth=1.1,
                linestyle="none", zorder=4)
        if size.narrow and table.loc[i, "flag"] in SECONDARY_FLAGS:
            continue  # on a phone the circle stays, the secondary caveat goes
        if size.narrow:
            shown = textwrap.fill(shown, 16)
        side, above = free_place(ax, x, y, shown, size, points, top)
        label_at(ax, x, y, shown, size, dx=9 if side == "right" else -9,
                 dy=4 if above else -4, ha="left" if side == "right" else "right",
                 va="bottom" if above else "top")
    plot_in = ax.get_window_extent().height / ax.figure.dpi
    lift = arrow / top * plot_in * 72 + 4  # above any "more than" arrow at the end
    ends = list(labels.get("ends", {}).items())
    for organisation, shown in ends[:1] if size.narrow else ends:  # narrow: the title's only
        latest = computed.numbers["deaths_in_custody"][organisation]
        rows = table[(table["organisation"] == organisation)
                     & (table["date"] == pd.Timestamp(latest["date"]))
                     & (table["source_id"] == latest["source_id"])]
        x = xs.get(rows.index[0], pd.Timestamp(latest["date"]))
        y = latest["value"]
        if free_place(ax, x, y, shown, size, points, top)[0] == "right":
            label_at(ax, x, y, shown, size, dx=8, dy=-8, ha="left", va="top", bold=True)
        else:
            label_at(ax, x, y, shown, size, dx=0, dy=lift, ha="right", va="bottom",
                     bold=True)
    ax.set_ylabel(labels["axis"])
    handles = []
    for organisation, label in labels["organisations"].items():
        handles.append(Line2D([], [], marker=ORG_MARKERS[organisation], color=colour,
                              linestyle=ORG_LINES.get(organisation, "none"), label=label))
    handles += neutral_kind_handles(labels["kinds"])
    handles.append(Line2D([], [], marker="o", markersize=11, markerfacecolor="none",
                          markeredgecolor=INK, linestyle="none", label=labels["flagged"]))
    frame.legend(handles)
    return frame, computed.tables["deaths-in-custody"]


def cecot_share(computed: Computed, text: ChartText, size: Size):
    shares = computed.tables["cecot-share"].assign(
        date=lambda t: pd.to_datetime(t["date"]))
    labels = text.labels
    colour = PALETTE["cecot"]
    highs = shares["share_high_pct"].dropna()
    top = max(float(shares["share_low_pct"].max()),
              float(highs.max()) if not highs.empty else 0) * 1.18
    frame = Frame(text, size, plot_in=3.0 if size.narrow else 3.4,
                  left_in=left_for(top, text.lang, size),
                  legend=list(labels["kinds"].values()), legend_cols=2 if size.narrow else 3)
    ax = frame.ax
    arrow = top * 0.07
    xs = date_positions(shares, 26 if size.narrow else 13)
    where = {}
    for i, record in shares.iterrows():
        low, high = record["share_low_pct"], record["share_high_pct"]
        lower = record["kind"] == "lower_bound" or pd.isna(high)
        if record["date_precision"] == "year":
            year_mark(ax, record["date"].year, low, colour,
                      open_above=lower, arrow=arrow, size=size)
            where[record["report_id"]] = (middle_of(record["date"].year), low)
            continue
        x = xs[i]
        where[record["report_id"]] = (x, low)
        if lower:
            arrow_up(ax, x, low, arrow, colour, size=size)
        elif high - low > top * 0.01:  # a bar too short to see is drawn as its kind's mark
            ax.plot([x, x], [low, high], color=colour, linewidth=2.4, solid_capstyle="butt",
                    zorder=3)
        else:
            shape_marker(ax, x, low, record["kind"], colour, size)
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    date_year_axis(ax, list(shares["date"]) + year_ends(shares), size)
    for report_id, shown in labels.get("set_aside", {}).items():
        x, y = where[report_id]
        label_at(ax, x, y, shown, size, dx=0, dy=-5, ha="center", va="top", colour=MUTED)
    points = list(where.values()) + across_years(shares, "share_low_pct")
    for report_id, shown in labels.get("marked", {}).items():
        x, y = where[report_id]
        side, _ = free_place(ax, x, y + top * 0.02, shown, size, points, top)
        label_at(ax, x, y, shown, size, dx=8 if side == "right" else -8,
                 ha="left" if side == "right" else "right", bold=True)
    ax.set_ylabel(labels["axis"])
    frame.legend(kind_handles(labels["kinds"], list(labels["kinds"]), colour))
    return frame, computed.tables["cecot-share"]


DRAW = {"prison-population": prison_population, "incarceration-rate": incarceration_rate,
        "arrests": arrests, "deaths-in-custody": deaths_in_custody, "cecot-share": cecot_share}
