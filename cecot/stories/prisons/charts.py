"""The prisons charts, drawn from the computed tables and the words at the size asked for (full
or narrow). No arithmetic on the data: every value comes from compute.py, every word from
words.py (ChartText.labels).

Colours come from the house style's table of meanings (cecot.style.MEANINGS): a colour says
whose figure a mark is (an organisation's count, an official figure, an international body's,
an NGO's, the press's; grey for what cannot be established), and a shape what kind of figure
it is (filled: exact; open: approximate or an estimate; an arrow: "more than"; a dotted bar:
known only to its year). A rate computed here is drawn as a dashed bar in the colour of the
figures it divides. Series a subtitle calls separate differ in colour and in shape.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ... import fmt
from ...computed import Computed
from ...style import (COMPUTED_LINE, INK, LOWER_BOUND_MARK, MEANINGS, MUTED, GRID, RANGE_MARK,
                      Frame, Size, arrow_up, colour, date_positions, date_year_axis,
                      marker_pt)
from ...words import ChartText
from .compute import GROUP_OF

# Whose figure, by the deaths chart's group of counters: (meaning, marker, joined by a line).
DEATH_LOOK = {"socorro_juridico": ("socorro_juridico", "D", True),
              "cristosal": ("cristosal", "s", True),
              "other_ngo": ("other_ngo", "^", False),
              "amnesty": ("other_ngo", "v", False),
              "official": ("official", "o", False),
              "unnamed": ("not_established", "o", False)}
# Whose figure a prison population mark is (its `origin`), as a meaning of the house style.
ORIGIN_MEANING = {"official": "official", "international": "international", "ngo": "other_ngo",
                  "press": "press"}
# Reported rates: the series' shape, in the colour of whose figure it is.
RATE_MARKERS = {"unodc": "s", "world_prison_brief": "D", "oas": "v", "other_press": "^",
                "other_ngo": "^"}
FLAG_MARKS = {"date_inferred": "o", "inconsistent": "x"}


# --- marks this story draws ------------------------------------------------------------------

def mark(ax, x, y, kind: str, shade: str, size: Size, marker: str = "o", zorder: int = 3,
         scale: float = 1.0) -> None:
    """A figure: filled when it is exact, open when it is approximate or an estimate."""
    ms = marker_pt(size) * scale * (0.9 if marker in ("s", "D") else 1.0)
    if kind == "count":
        ax.plot([x], [y], marker=marker, markersize=ms, color=shade, linestyle="none",
                zorder=zorder)
    else:
        ax.plot([x], [y], marker=marker, markersize=ms, markerfacecolor="white",
                markeredgecolor=shade, markeredgewidth=1.5, linestyle="none", zorder=zorder)


def year_mark(ax, year: int, y: float, shade: str, open_above: bool, arrow: float,
              size: Size) -> pd.Timestamp:
    """A figure known only to its year: a thin dotted bar across the year, behind the dated
    marks (with a small gap at each end), an arrow up when it is a "more than". Returns the
    middle of the year, where a label may go."""
    start = pd.Timestamp(year=year, month=1, day=1) + pd.Timedelta(days=25)
    end = pd.Timestamp(year=year + 1, month=1, day=1) - pd.Timedelta(days=25)
    ax.plot([start, end], [y, y], color=shade, linewidth=1.6, linestyle=(0, (1, 1.5)),
            solid_capstyle="butt", zorder=2)
    middle = middle_of(year)
    if open_above:
        arrow_up(ax, middle, y, arrow, shade, size=size)
    return middle


def computed_mark(ax, x, low: float, high: float, shade: str, size: Size) -> None:
    """A rate computed here, in the colour of the figures it divides: a dashed bar with caps
    when its ends differ, a ring when they round to the same figure."""
    if fmt.number(low, "en", 0) == fmt.number(high, "en", 0):
        mark(ax, x, low, "estimate", shade, size, "o", zorder=4)
        return
    ax.plot([x, x], [low, high], color=shade, linewidth=2.0, linestyle=COMPUTED_LINE,
            zorder=4)
    ax.plot([x, x], [low, high], marker="_", markersize=marker_pt(size) * 1.5,
            markeredgewidth=2.0, color=shade, linestyle="none", zorder=4)


def middle_of(year: int) -> pd.Timestamp:
    return pd.Timestamp(year=year, month=7, day=1)


def year_ends(table: pd.DataFrame) -> list:
    """The end of every year a figure is known only to: the axis runs that far."""
    years = table.loc[table["date_precision"] == "year", "date"]
    return [pd.Timestamp(year=pd.Timestamp(d).year, month=12, day=31) for d in years]


def regime_line(ax, start, label: str, size: Size) -> None:
    """The start of the state of exception: a dashed line, labelled at the foot of the plot
    on whichever side has room (call it once the axis has its limits)."""
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
             ha: str = "left", va: str = "center", shade: str = INK, bold: bool = False,
             boxed: bool = True):
    """A direct label beside a mark, offset in points (on a light box that keeps it legible
    over a gridline, unless `boxed` is False)."""
    xn = mdates.date2num(pd.Timestamp(x)) if not isinstance(x, (int, float)) else x
    box = dict(facecolor="white", edgecolor="none", pad=0.5, alpha=0.8) if boxed else None
    return ax.annotate(text, (xn, y), xytext=(dx, dy), textcoords="offset points",
                       ha=ha, va=va, fontsize=size.small_pt, color=shade,
                       fontweight="bold" if bold else "normal", zorder=6, bbox=box)


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
    width = (max(len(line) for line in lines) * size.small_pt * 0.6 / 72 + 0.15) \
        * days_per_in
    height = (size.small_pt * 1.3 * len(lines) + 6) / 72 * value_per_in
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


def place_label(ax, x, y, text: str, size: Size, points, top: float, bold: bool = True,
                prefer_above: bool = False, gap: float = 7) -> None:
    """A label beside a mark, on the side where it covers fewest marks."""
    side, above = free_place(ax, x, y, text, size, points, top, prefer_above)
    label_at(ax, x, y, text, size, dx=gap if side == "right" else -gap,
             dy=gap if above else -gap, ha="left" if side == "right" else "right",
             va="bottom" if above else "top", bold=bold)


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


def arrows(points, arrow: float) -> list:
    """Points along the arrows drawn up from "more than" marks."""
    return [(x, y + arrow * k / 3) for x, y in points for k in (1, 2, 3)]


def kind_entries(labels: dict, examples: dict, size: Size) -> list:
    """Legend entries for the shapes of figures, each drawn as a mark of the chart that has
    that shape (`examples`: kind -> (colour, marker)); a kind with no example is left out."""
    handles = []
    for kind, label in labels.items():
        if kind not in examples:
            continue
        shade, marker = examples[kind]
        if kind == "lower_bound":
            handles.append(Line2D([], [], marker=LOWER_BOUND_MARK, color=shade, markersize=11,
                                  markeredgewidth=1.6, linestyle="none", label=label))
        elif kind == "year_only":
            handles.append(Line2D([], [], color=shade, linewidth=1.6,
                                  linestyle=(0, (1, 1.5)), label=label))
        elif kind == "range":
            handles.append(Line2D([], [], marker=RANGE_MARK, color=shade, markersize=10,
                                  markeredgewidth=2, linestyle="none", label=label))
        elif kind == "count":
            handles.append(Line2D([], [], marker=marker, color=shade, linestyle="none",
                                  label=label))
        else:
            handles.append(Line2D([], [], marker=marker, markerfacecolor="white",
                                  markeredgecolor=shade, markeredgewidth=1.5,
                                  linestyle="none", label=label))
    return handles


def shapes_of(record) -> list[str]:
    """Which legend shapes a row's mark has (a "more than" known only to its year has two)."""
    found = []
    if record["date_precision"] == "year":
        found.append("year_only")
    if record["kind"] == "lower_bound":
        found.append("lower_bound")
    if not found:
        found.append(record["kind"])
    return found


def note_examples(examples: dict, record, shade: str, marker: str = "o") -> None:
    for shape in shapes_of(record):
        examples.setdefault(shape, (shade, marker))


def frame_for(text: ChartText, size: Size, top: float, legend: list[str]) -> Frame:
    return Frame(text, size, plot_in=3.1 if size.narrow else 3.4,
                 left_in=left_for(top, text.lang, size), legend=legend)


# --- the charts --------------------------------------------------------------------------------

def deaths_in_custody(computed: Computed, text: ChartText, size: Size):
    table = computed.tables["death-reports"]
    table = table[table["flag"].fillna("") != "subset"]
    labels = text.labels
    top = float(table["low"].max()) * 1.15
    legend = list(labels["groups"].values()) + list(labels["kinds"].values()) + \
        list(labels["flags"].values())
    frame = frame_for(text, size, top, legend)
    ax, arrow = frame.ax, top * 0.07
    # A counter drawn as a line keeps its dates (its marks sit on the line); the scattered
    # figures of the other counters move apart where they are too close to tell apart.
    joined = table["organisation"].map(GROUP_OF).map(lambda g: DEATH_LOOK[g][2])
    xs = {i: d for i, d in zip(table.index, table["date"])}
    xs.update(date_positions(table[~joined], 30 if size.narrow else 14))
    examples, drawn_at, lines, floors = {}, {}, [], []
    for group, (meaning, marker, joined) in DEATH_LOOK.items():
        rows = table[table["organisation"].map(GROUP_OF) == group]
        if rows.empty:
            continue
        shade = colour(meaning)
        scale = 0.8 if group == "unnamed" else 1.0
        if joined:
            line = rows[rows["kind"].isin(["count", "approx"]) & rows["flag"].isna()
                        & (rows["date_precision"] != "year")]
            line_x = [xs[i] for i in line.index]
            ax.plot(line_x, line["low"], color=shade, alpha=0.8, linewidth=1.3, zorder=2)
            lines.append(list(zip(line_x, line["low"])))
        for i, record in rows.iterrows():
            note_examples(examples, record, shade, marker)
            if record["date_precision"] == "year":
                x = year_mark(ax, record["date"].year, record["low"], shade,
                              record["kind"] == "lower_bound", arrow, size)
            else:
                x = xs[i]
                if record["kind"] == "lower_bound":
                    arrow_up(ax, x, record["low"], arrow, shade, size=size)
                    floors.append((x, record["low"]))
                mark(ax, x, record["low"], "count" if record["kind"] == "lower_bound"
                     else record["kind"], shade, size, marker, scale=scale,
                     zorder=2 if group == "unnamed" else 3)
            drawn_at[i] = (x, record["low"])
    for i, (x, y) in drawn_at.items():  # the data's caveats: a ring, or a cross
        flag = table.loc[i, "flag"]
        if flag in FLAG_MARKS and table.loc[i, "date_precision"] != "year":
            ax.plot([x], [y], marker=FLAG_MARKS[flag], linestyle="none", zorder=5,
                    markersize=marker_pt(size) * (2.2 if flag == "date_inferred" else 1.6),
                    markerfacecolor="none", markeredgecolor=INK, markeredgewidth=1.1)
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    date_year_axis(ax, list(table["date"]) + year_ends(table), size)
    points = list(drawn_at.values()) + along(lines) + arrows(floors, arrow)
    for organisation, shown in labels["ends"].items():
        latest = computed.numbers["deaths_in_custody"][organisation]
        rows = table[(table["organisation"] == organisation)
                     & (table["date"] == pd.Timestamp(latest["date"]))
                     & (table["source_id"] == latest["source_id"])]
        x = xs.get(rows.index[0], pd.Timestamp(latest["date"]))
        place_label(ax, x, latest["value"], shown, size, points, top, prefer_above=True)
    ax.set_ylabel(labels["axis"])
    handles = []
    for group, label in labels["groups"].items():
        meaning, marker, joined = DEATH_LOOK[group]
        handles.append(Line2D([], [], marker=marker, color=colour(meaning),
                              linestyle="-" if joined else "none", label=label))
    handles += kind_entries(labels["kinds"], examples, size)
    for flag, label in labels["flags"].items():
        handles.append(Line2D([], [], marker=FLAG_MARKS[flag], markersize=9,
                              markerfacecolor="none", markeredgecolor=INK, linestyle="none",
                              label=label))
    frame.legend(handles)
    return frame, computed.tables["deaths-in-custody"]


def arrests(computed: Computed, text: ChartText, size: Size):
    table = computed.tables["arrest-reports"]
    labels = text.labels
    shade = colour("official")
    top = float(table["low"].max()) * 1.18
    frame = frame_for(text, size, top, list(labels["kinds"].values()))
    ax, arrow = frame.ax, top * 0.06
    xs = dict(zip(table.index, table["date"]))  # one running total: its marks keep their dates
    pace = computed.numbers["arrests_pace"]
    regime = pd.Timestamp(computed.numbers["regime_start"])
    if "first_year" in labels and pace is not None:
        ax.axvspan(regime, pd.Timestamp(pace["first_year_end"]), color=GRID, alpha=0.6,
                   linewidth=0, zorder=0)
        ax.text(regime, 0.98, " " + labels["first_year"], transform=ax.get_xaxis_transform(),
                ha="left", va="top", fontsize=size.small_pt, color=MUTED)
    firm = sorted((xs[i], r["low"]) for i, r in table.iterrows()
                  if r["kind"] in ("count", "approx") and i in xs)
    if firm:
        fx, fy = zip(*firm)
        ax.plot(fx, fy, color=shade, alpha=0.3, linewidth=1, zorder=1)
    floors, points = [], []
    for i, record in table.iterrows():
        if record["date_precision"] == "year":
            x = year_mark(ax, record["date"].year, record["low"], shade,
                          record["kind"] == "lower_bound", arrow, size)
            points += [(middle_of(record["date"].year) + pd.DateOffset(months=m),
                        record["low"]) for m in (-5, -3, 0, 3, 5)]
        elif record["kind"] == "lower_bound":
            arrow_up(ax, xs[i], record["low"], arrow, shade, size=size)
            floors.append((xs[i], record["low"]))
        else:
            mark(ax, xs[i], record["low"], record["kind"], shade, size)
            points.append((xs[i], record["low"]))
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    date_year_axis(ax, list(table["date"]) + year_ends(table), size)
    points += floors + arrows(floors, arrow) + along([firm])
    marked = labels.get("marked", {})
    if "latest" in marked:
        report = computed.numbers["latest_arrests"]
        rows = table[(table["date"] == pd.Timestamp(report["date"]))
                     & (table["source_id"] == report["source_id"])]
        x = xs.get(rows.index[0], pd.Timestamp(report["date"]))
        top_of = report["value"] + (arrow if report["kind"] == "lower_bound" else 0)
        label_at(ax, x, top_of, marked["latest"], size, dx=-4, dy=3, ha="right",
                 va="bottom", bold=True)
    if "first" in marked and pace is not None:
        first = pace["first"]
        rows = table[(table["date"] == pd.Timestamp(first["date"]))
                     & (table["source_id"] == first["source_id"])]
        x = xs.get(rows.index[0], pd.Timestamp(first["date"]))
        label_at(ax, x, first["value"], marked["first"], size, dx=8, dy=-8, ha="left",
                 va="top", bold=True)
    ax.set_ylabel(labels["axis"])
    examples = {}
    for _, record in table.iterrows():
        note_examples(examples, record, shade)
    frame.legend(kind_entries(labels["kinds"], examples, size))
    return frame, computed.tables["arrests"]


def prison_population(computed: Computed, text: ChartText, size: Size):
    table = computed.tables["prison-shown"]
    labels = text.labels
    top = float(table["high"].max()) * 1.12
    legend = list(labels["origins"].values()) + list(labels["kinds"].values())
    frame = frame_for(text, size, top, legend)
    ax, arrow = frame.ax, top * 0.07
    clusters = {pd.Timestamp(d): shown for d, shown in labels.get("clusters", {}).items()}
    in_cluster = table["date"].isin(list(clusters)) & (table["date_precision"] != "year")
    xs = date_positions(table[~in_cluster], 40 if size.narrow else 20)
    examples, points = {}, []

    def shade_of(record) -> str:
        grey = not record["headline_worthy"] and record["not_headline_because"] != "year"
        if grey or record["verification"] == "unverified":
            return colour("not_established")
        return colour(ORIGIN_MEANING[record["origin"]])

    yearly = table[table["yearly_series"]]
    for _, rows in yearly.groupby("source_id"):
        rows = rows.sort_values("date")
        shade = shade_of(rows.iloc[0])
        run_x, run_y, last = [], [], None
        for _, record in rows.iterrows():  # a gap of a year or more breaks the line
            if last is not None and record["date"].year - last > 1 and run_x:
                ax.plot(run_x, run_y, color=shade, linewidth=1.2, alpha=0.8, zorder=2)
                run_x, run_y = [], []
            run_x.append(middle_of(record["date"].year))
            run_y.append(record["value"])
            last = record["date"].year
            mark(ax, run_x[-1], record["value"], "count", shade, size, scale=0.85)
            examples.setdefault("count", (shade, "o"))
        ax.plot(run_x, run_y, color=shade, linewidth=1.2, alpha=0.8, zorder=2)
        points += list(zip(run_x, run_y))
    for i, record in table[~table["yearly_series"]].iterrows():
        shade = shade_of(record)
        lower = record["kind"] == "lower_bound"
        note_examples(examples, record, shade)
        if record["date_precision"] == "year":
            x = year_mark(ax, record["date"].year, record["value"], shade, lower, arrow, size)
        else:
            x = record["date"] if in_cluster[i] else xs[i]
            if lower:
                arrow_up(ax, x, record["value"], arrow, shade, size=size)
            else:
                mark(ax, x, record["value"], record["kind"], shade, size)
            if record["parts_differ"]:  # its total and the sum of its parts: a short range
                ax.plot([x, x], [record["low"], record["high"]], color=shade, linewidth=2,
                        zorder=3)
        points.append((x, record["value"]))
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    date_year_axis(ax, list(table["date"]) + year_ends(table), size)
    for date, shown in clusters.items():  # several figures of one date: a bracket, labelled
        rows = table[(table["date"] == date) & in_cluster]
        ax.plot([date, date], [rows["value"].min(), rows["value"].max()], color=MUTED,
                linewidth=0.8, zorder=1)
        shown = shown.replace(", ", ",\n", 1) if size.narrow else shown
        label_at(ax, date, rows["value"].min(), shown, size, dx=-6, dy=-8, ha="right",
                 va="top", boxed=False)
    if "regime" in labels:
        regime_line(ax, pd.Timestamp(computed.numbers["regime_start"]), labels["regime"], size)
    ax.set_ylabel(labels["axis"])
    handles = [Line2D([], [], marker="o", color=colour(
        ORIGIN_MEANING.get(origin, origin)), linestyle="none", label=label)
        for origin, label in labels["origins"].items()]
    handles += kind_entries(labels["kinds"], examples, size)
    frame.legend(handles)
    return frame, computed.tables["prison-population"]


def incarceration_rate(computed: Computed, text: ChartText, size: Size):
    rates = computed.tables["rates-shown"]
    spans = computed.tables["computed-rate-spans-shown"]
    spans = spans.assign(date=pd.to_datetime(spans["date"]))
    labels = text.labels
    top = max(rates["value"].max() if not rates.empty else 0,
              spans["rate_high"].max() if not spans.empty else 0) * 1.12
    legend = list(labels["series"].values()) + [labels[k] for k in ("computed", "cited")
                                                 if k in labels]
    legend += list(labels["kinds"].values())
    frame = frame_for(text, size, top, legend)
    ax, arrow = frame.ax, top * 0.06
    dated = pd.concat([rates[["date", "date_precision"]].assign(source="rate"),
                       spans[["date", "date_precision"]].assign(source="span")],
                      ignore_index=False).reset_index(names="row")
    moved = date_positions(dated, 45 if size.narrow else 25)
    x_of = {(m.source, m.row): moved[i] for i, m in dated.iterrows() if i in moved}

    unodc_years = set(rates.loc[rates["series"] == "unodc", "date"].dt.year)

    def where(source: str, i, record) -> pd.Timestamp:
        if record["date_precision"] == "year":  # beside UNODC's mark of that year, if any
            shift = source == "rate" and record["series"] != "unodc" and \
                record["date"].year in unodc_years
            return middle_of(record["date"].year) + pd.DateOffset(months=4 if shift else 0)
        return x_of[(source, i)]

    examples, points, span_at = {}, [], {}
    for i, record in spans.iterrows():
        shade = colour(ORIGIN_MEANING[record["origin"]])
        x = where("span", i, record)
        span_at[i] = x
        if record["kind"] == "lower_bound":
            arrow_up(ax, x, record["rate_low"], arrow, shade, size=size)
            examples.setdefault("lower_bound", (shade, "o"))
        else:
            computed_mark(ax, x, record["rate_low"], record["rate_high"], shade, size)
        points += [(x, record["rate_low"]), (x, record["rate_high"])]
    unodc = rates[rates["series"] == "unodc"].sort_values("date")
    if len(unodc) > 1:
        ax.plot([middle_of(d.year) for d in unodc["date"]], unodc["value"],
                color=colour("international"), linewidth=1.2, alpha=0.8, zorder=3)
    for i, record in rates.iterrows():
        key = record["series"] if record["series"] != "other" else f"other_{record['origin']}"
        shade = colour(ORIGIN_MEANING[record["origin"]])
        x = where("rate", i, record)
        mark(ax, x, record["value"], "approx" if record["citation_dated"] else "count",
             shade, size, RATE_MARKERS[key], zorder=5)
        points.append((x, record["value"]))
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    dates = list(rates["date"]) + list(spans["date"])
    date_year_axis(ax, dates + year_ends(rates) + year_ends(spans), size)
    marked = labels.get("marked", {})
    shown = computed.numbers["incarceration_rate_shown"]["computed"]
    pre = computed.numbers["computed_incarceration_rate_pre_regime"]
    for key, value in marked.items():
        figure = shown if key == "latest" else pre
        if figure is None:
            continue
        rows = spans[(spans["date"] == pd.Timestamp(figure["date"]))
                     & (spans["kind"] == figure["kind"] if "kind" in figure else True)]
        if rows.empty:
            continue
        x = span_at[rows.index[0]]
        y = figure["high"] if key == "latest" else figure["low"]
        place_label(ax, x, y, value, size, points, top, prefer_above=key == "latest",
                    gap=5)
    if "regime" in labels:
        regime_line(ax, pd.Timestamp(computed.numbers["regime_start"]), labels["regime"], size)
    ax.set_ylabel(labels["axis"])
    handles = []
    for key, label in labels["series"].items():
        origin = "international" if key in ("unodc", "world_prison_brief", "oas") else \
            key.removeprefix("other_")
        handles.append(Line2D([], [], marker=RATE_MARKERS[key],
                              color=colour(ORIGIN_MEANING[origin]),
                              linestyle="-" if key == "unodc" else "none", label=label))
    if "computed" in labels:
        handles.append(computed_entry(spans, labels["computed"]))
    if "cited" in labels:
        cited = rates[rates["citation_dated"] != ""].iloc[0]
        handles.append(Line2D([], [], marker=RATE_MARKERS[cited["series"]],
                              markerfacecolor="white",
                              markeredgecolor=colour(ORIGIN_MEANING[cited["origin"]]),
                              markeredgewidth=1.5, linestyle="none", label=labels["cited"]))
    handles += kind_entries(labels["kinds"], examples, size)
    frame.legend(handles)
    return frame, computed.tables["incarceration-rate"]


def computed_entry(spans: pd.DataFrame, label: str) -> Line2D:
    """The legend entry of the rates computed here: as they are drawn, a dashed bar where
    there is one (in the colour of the first), else a ring."""
    bars = spans[[fmt.number(lo, "en", 0) != fmt.number(hi, "en", 0) and k != "lower_bound"
                  for lo, hi, k in zip(spans["rate_low"], spans["rate_high"], spans["kind"])]]
    rings = spans[[fmt.number(lo, "en", 0) == fmt.number(hi, "en", 0) and k != "lower_bound"
                   for lo, hi, k in zip(spans["rate_low"], spans["rate_high"], spans["kind"])]]
    if not bars.empty:
        shade = colour(ORIGIN_MEANING[bars["origin"].iloc[0]])
        return Line2D([], [], marker=RANGE_MARK, color=shade, markersize=10, markeredgewidth=2,
                      linestyle=COMPUTED_LINE, label=label)
    shade = colour(ORIGIN_MEANING[(rings if not rings.empty else spans)["origin"].iloc[0]])
    return Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor=shade,
                  markeredgewidth=1.5, linestyle="none", label=label)


def cecot_share(computed: Computed, text: ChartText, size: Size):
    shares = computed.tables["cecot-share"].assign(
        date=lambda t: pd.to_datetime(t["date"]))
    labels = text.labels
    highs = shares["share_high_pct"].dropna()
    top = max(float(shares["share_low_pct"].max()),
              float(highs.max()) if not highs.empty else 0) * 1.2
    frame = frame_for(text, size, top, list(labels["kinds"].values()))
    ax, arrow = frame.ax, top * 0.07
    xs = date_positions(shares, 26 if size.narrow else 13)
    examples, where, points = {}, {}, []
    for i, record in shares.iterrows():
        worthy = bool(record["headline_worthy"])
        shade = colour("cecot" if worthy else "not_established")
        low, high = record["share_low_pct"], record["share_high_pct"]
        lower = record["kind"] == "lower_bound" or pd.isna(high)
        if record["date_precision"] == "year":
            x = year_mark(ax, record["date"].year, low, shade, lower, arrow, size)
        else:
            x = xs[i]
            if lower:
                arrow_up(ax, x, low, arrow, shade, size=size)
                points += arrows([(x, low)], arrow)
            elif high - low > top * 0.01:  # a bar too short to see is drawn as its kind's mark
                ax.plot([x, x], [low, high], color=shade, linewidth=2.4,
                        solid_capstyle="butt", zorder=3)
            else:
                mark(ax, x, low, record["kind"], shade, size)
        if worthy:
            kind = "lower_bound" if lower else ("range" if not pd.isna(high) and
                                                high - low > top * 0.01 else record["kind"])
            examples.setdefault(kind if kind in ("lower_bound", "range") else
                                ("count" if kind == "count" else kind), (shade, "o"))
        where[record["report_id"]] = (x, low)
        points.append((x, low))
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    date_year_axis(ax, list(shares["date"]) + year_ends(shares), size)
    for report_id, shown in labels.get("set_aside", {}).items():
        x, y = where[report_id]
        label_at(ax, x, y, shown, size, dx=0, dy=-5, ha="center", va="top", shade=MUTED)
    for report_id, shown in labels.get("far", {}).items():
        x, y = where[report_id]
        shown = textwrap.fill(shown, 22 if size.narrow else 40)
        place_label(ax, x, y, shown, size, points, top, bold=False, prefer_above=True)
    for report_id, shown in labels.get("marked", {}).items():
        x, y = where[report_id]
        place_label(ax, x, y, shown, size, points, top, prefer_above=True)
    ax.set_ylabel(labels["axis"])
    frame.legend(kind_entries(labels["kinds"], examples, size))
    return frame, computed.tables["cecot-share"]


DRAW = {"deaths-in-custody": deaths_in_custody, "arrests": arrests,
        "prison-population": prison_population, "incarceration-rate": incarceration_rate,
        "cecot-share": cecot_share}
