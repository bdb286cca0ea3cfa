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

import math
import textwrap

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path as MplPath
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Affine2D, Bbox

from ... import fmt, style
from ...computed import Computed
from ...style import (COMPUTED_LINE, INK, LOWER_BOUND_MARK, MARGIN_IN, MEANINGS, MUTED, GRID,
                      RANGE_MARK, SHAPE_ONLY, Frame, Size, arrow_up, colour, date_positions,
                      date_year_axis, marker_pt)
from ...words import ChartText
from .compute import GROUP_OF, mark_origins, origins_in, rate_mark

# Whose figure, by the deaths chart's group of counters: (meaning, marker, joined by a line).
DEATH_LOOK = {"socorro_juridico": ("socorro_juridico", "D", True),
              "cristosal": ("cristosal", "s", True),
              "other_ngo": ("other_ngo", "^", False),
              "amnesty": ("amnesty", "v", False),
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


def straddles_regime(record, regime_start: str) -> bool:
    """A computed rate known only to the year the state of exception began, one figure (not a
    range or a "more than"): drawn across that year, since mid-year would put it after the
    start."""
    return record["date_precision"] == "year" and record["kind"] != "lower_bound" \
        and pd.Timestamp(record["date"]).year == pd.Timestamp(regime_start).year \
        and rate_mark(record["rate_low"], record["rate_high"], "count") == "ring"


def computed_mark(ax, x, low: float, high: float, shade: str, size: Size,
                  zorder: int = 4) -> None:
    """A rate computed here, in the colour of the figures it divides: a dashed bar with caps
    when its ends differ, a ring when they round to the same figure."""
    if rate_mark(low, high, "count") == "ring":
        mark(ax, x, low, "estimate", shade, size, "o", zorder=zorder)
        return
    ax.plot([x, x], [low, high], color=shade, linewidth=2.0, linestyle=COMPUTED_LINE,
            zorder=zorder)
    ax.plot([x, x], [low, high], marker="_", markersize=marker_pt(size) * 1.5,
            markeredgewidth=2.0, color=shade, linestyle="none", zorder=zorder)


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
    """Ticks at whole numbers, written whole (a tick at 2.5 would be written "2")."""
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))
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


def marker_extent(shape: MarkerStyle, size_pt: float, edge_pt: float) -> Bbox:
    """The box a marker covers around its point, in points, its edge included: a filled shape
    grows by half its edge all round; an open one (a floor's bar, a cap) is stroked piece by
    piece, so a butt end adds nothing along the stroke."""
    path = shape.get_path().transformed(shape.get_transform())
    half = edge_pt / 2
    if shape.is_filled() or shape.get_capstyle() != "butt":
        return path.get_extents().transformed(Affine2D().scale(size_pt)).padded(half)
    corners, last = [], None
    for (x, y), code in path.iter_segments(simplify=False, curves=False):
        if code == MplPath.LINETO and last is not None:
            length = math.hypot(x - last[0], y - last[1]) * size_pt
            nx, ny = ((last[1] - y) * size_pt / length * half,
                      (x - last[0]) * size_pt / length * half) if length else (half, half)
            for px, py in (last, (x, y)):
                corners += [(px * size_pt + nx, py * size_pt + ny),
                            (px * size_pt - nx, py * size_pt - ny)]
        last = (x, y)
    return Bbox.null() if not corners else Bbox([[min(c[0] for c in corners),
                                                  min(c[1] for c in corners)],
                                                 [max(c[0] for c in corners),
                                                  max(c[1] for c in corners)]])


class Labeller:
    """Direct labels that keep clear of each other, of the marks and of the plot's edges. Each
    label tries places around its mark in turn (beside it first, then further off with a thin
    leader line), measured as drawn, and takes the first that overlaps nothing; failing that,
    the one that overlaps least. Marks stay where their dates put them; only words move. Call
    once the axis has its limits."""

    # (dx, dy, ha, va) in units of the gap: beside, then diagonal, then above and below.
    AROUND = {"right": (1, 0, "left", "center"), "left": (-1, 0, "right", "center"),
              "above right": (1, 1, "left", "bottom"), "above left": (-1, 1, "right", "bottom"),
              "below right": (1, -1, "left", "top"), "below left": (-1, -1, "right", "top"),
              "above": (0, 1, "center", "bottom"), "below": (0, -1, "center", "top")}
    # Further off, as multiples of the gap, with a leader line: far enough to pass below or
    # above a cluster of marks (a place that overlaps anything is taken only when every place
    # tried does).
    FURTHER = (2.6, 4.2, 6.0, 8.5, 12.0, 17.0)

    def __init__(self, ax, size: Size):
        self.ax, self.size, self.fig = ax, size, ax.figure
        self.renderer = self.fig.canvas.get_renderer()
        self.taken: list[Bbox] = []
        self._extents: list = []  # the taken boxes' (x0, y0, x1, y1), for _overlap
        self._array = np.zeros((0, 4))
        self.px = self.fig.dpi / 72  # pixels per point

    def avoid_points(self, points, radius_pt: float | None = None):
        """Points to keep clear of (a mark, points along a line or an arrow), each as a square
        `radius_pt` from its centre; dates are turned into numbers and placed on the axes all
        at once (a line's hundreds of points cost one call)."""
        if not points:
            return
        radius = (radius_pt if radius_pt is not None else marker_pt(self.size) * 0.55) * self.px
        xs = [x for x, _ in points]
        if not all(isinstance(x, (int, float)) for x in xs):
            xs = mdates.date2num(pd.DatetimeIndex([pd.Timestamp(x) for x in xs]))
        placed = self.ax.transData.transform(np.column_stack([xs, [y for _, y in points]]))
        self.taken += [Bbox([[x - radius, y - radius], [x + radius, y + radius]])
                       for x, y in placed]

    def avoid_drawn(self):
        """Every mark drawn on the axes so far, kept clear of at its full extent as drawn (read
        from the artists, not from what the chart meant to draw): each marker at each of its
        points (its shape and half its edge: a range's caps, a floor's bar), each drawn line
        along its length (half its width; a slanted one in short pieces, so the boxes hug it),
        and each arrow of an annotation without words, its head included. Call once the marks
        are drawn and the axis has its limits."""
        for line in self.ax.lines:
            if not line.get_visible():
                continue
            xy = line.get_transform().transform(line.get_xydata())
            if line.get_marker() not in (None, "None", "none", "", " "):
                ext = marker_extent(MarkerStyle(line.get_marker(), line.get_fillstyle()),
                                    line.get_markersize(), line.get_markeredgewidth())
                self.taken += [Bbox([[x + ext.x0 * self.px, y + ext.y0 * self.px],
                                     [x + ext.x1 * self.px, y + ext.y1 * self.px]])
                               for x, y in xy]
            if line.get_linestyle() in ("None", "none", "", " "):
                continue
            half = line.get_linewidth() / 2 * self.px
            for (x0, y0), (x1, y1) in zip(xy, xy[1:]):
                slanted = x0 != x1 and y0 != y1
                steps = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / (4 * self.px))) \
                    if slanted else 1
                ends = [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
                        for k in range(steps + 1)]
                self.taken += [Bbox([[min(a[0], b[0]) - half, min(a[1], b[1]) - half],
                                     [max(a[0], b[0]) + half, max(a[1], b[1]) + half]])
                               for a, b in zip(ends, ends[1:])]
        for note in self.ax.texts:
            if isinstance(note, Annotation) and not note.get_text() and note.arrow_patch:
                note.update_positions(self.renderer)
                arrow = note.arrow_patch
                # Half its width, and a little clearance: words do not touch an arrowhead.
                self.taken.append(arrow.get_window_extent(self.renderer)
                                  .padded((arrow.get_linewidth() / 2 + 2) * self.px))

    def _overlap(self, box: Bbox) -> float:
        """The area `box` shares with what is taken (boxes that only touch, to rounding, do
        not overlap). Worked out for every box at once: a chart tries dozens of places against
        a thousand boxes; the sum runs in the boxes' order, as one at a time would."""
        if len(self._extents) != len(self.taken):
            self._extents += [b.extents for b in self.taken[len(self._extents):]]
            self._array = np.array(self._extents).reshape(-1, 4)
        taken = self._array
        w = np.minimum(box.x1, taken[:, 2]) - np.maximum(box.x0, taken[:, 0])
        h = np.minimum(box.y1, taken[:, 3]) - np.maximum(box.y0, taken[:, 1])
        hit = (w > 0.01) & (h > 0.01)
        return float(sum((w * h)[hit].tolist()))

    def place(self, x, y, text, *, shade: str = INK, bold: bool = False,
              gap: float = 6, order: tuple = tuple(AROUND), further: bool = True,
              leader: bool = False):
        """A label beside the mark at (x, y), where it overlaps least. `text` may be a list of
        the same words wrapped in different widths: each place tries each in turn. `leader`:
        a thin line to the mark wherever the label goes (else only when it goes further off)."""
        shapes = [text] if isinstance(text, str) else list(text)
        inside = self.ax.get_window_extent().padded(-2)
        xn = mdates.date2num(pd.Timestamp(x)) if not isinstance(x, (int, float)) else x
        tries = [(place, 1.0) for place in order]
        if further:
            tries += [(place, reach) for reach in self.FURTHER
                      for place in order if self.AROUND[place][1] != 0]
        best = None
        for (place, reach), shown in ((t, shown) for t in tries for shown in shapes):
            dx, dy, ha, va = self.AROUND[place]
            far = reach > 1
            label = self.ax.annotate(
                shown, (xn, y), xytext=(dx * gap * (1 if far else reach),
                                       dy * gap * reach), textcoords="offset points",
                ha=ha, va=va, fontsize=self.size.small_pt, color=shade, zorder=6,
                fontweight="bold" if bold else "normal", linespacing=1.15,
                bbox=dict(facecolor="white", edgecolor="none", pad=0.5, alpha=0.85),
                arrowprops=dict(arrowstyle="-", color=MUTED, lw=0.6, shrinkA=0,
                                shrinkB=marker_pt(self.size) * 0.6) if far or leader else None)
            label.update_positions(self.renderer)  # the words' box, not the leader's
            box = Text.get_window_extent(label, self.renderer).padded(self.px)
            fits = inside.x0 <= box.x0 and box.x1 <= inside.x1 and \
                inside.y0 <= box.y0 and box.y1 <= inside.y1
            score = (0 if fits else 1, self._overlap(box))
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, label, box)
            else:
                label.remove()
            if score == (0, 0.0):
                break
        self.taken.append(best[2])
        return best[1]


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


def kind_entries(labels: dict, examples: dict, size: Size, neutral: bool = False) -> list:
    """Legend entries for the shapes of figures, each drawn as a mark of the chart that has
    that shape (`examples`: kind -> (colour, marker)); a kind with no example is left out.
    `neutral`: on a chart whose marks of one shape come in several colours, the swatches name
    the shape only, in black (style.SHAPE_ONLY)."""
    handles = []
    for kind, label in labels.items():
        if kind not in examples:
            continue
        shade, marker = examples[kind]
        if neutral:
            shade = INK
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
    if neutral:
        for handle in handles:
            handle.set_gid(SHAPE_ONLY)
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


def text_in(label: str, size: Size) -> float:
    """The width of a label's widest line at the legend's size, in inches."""
    return style.text_in(label, size.text_pt)


def split_in_two(label: str) -> str:
    """A label on two lines, broken at the space nearest its middle."""
    spaces = [i for i, c in enumerate(label) if c == " "]
    if not spaces:
        return label
    at = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return label[:at] + "\n" + label[at + 1:]


def legend_layout(labels: list[str], size: Size, max_cols: int = 4) -> tuple[dict, int, int]:
    """How the legend band holds `labels`, measured: ({label: as shown}, columns, extra text
    lines). The most columns that fit the width, filled column by column as matplotlib fills
    them; on a phone, when two lines for the longest labels give the legend more columns,
    they are wrapped."""
    usable = size.width_in - 2 * MARGIN_IN
    em = size.text_pt / 72
    best = ({label: label for label in labels}, 1, 0)
    if not labels:
        return best
    tries = [dict(best[0])]
    if size.narrow:
        tries.append({label: split_in_two(label) if text_in(label, size) > usable / 2 - 1.1 * em
                      else label for label in labels})
    for cols in range(min(max_cols, len(labels)), 1, -1):
        for shown in tries:
            rows = math.ceil(len(labels) / cols)
            columns = style.legend_columns(labels, cols)
            width = sum(max(text_in(shown[label], size) for label in column)
                        for column in columns if column) + cols * 2.1 * em + (cols - 1) * 1.2 * em \
                + 0.8 * em  # handle and gap per column, the space between them, the border
            if width <= usable:
                # matplotlib stacks each column on its own (rows do not line up across
                # columns): the legend is as tall as its tallest column, a row it lacks being
                # about one line
                extra = max(sum(shown[label].count("\n") for label in column)
                            - (rows - len(column)) for column in columns)
                return shown, cols, max(extra, 0)
    # One column: a label wider than the band is wrapped onto as many lines as it needs.
    room = usable - 2.1 * em - 0.8 * em
    shown = {label: style.wrapped_to(label, room, size.text_pt) for label in labels}
    return shown, 1, sum(line.count("\n") for line in shown.values())


def frame_for(text: ChartText, size: Size, top: float, legend: list[str],
              max_cols: int = 4) -> Frame:
    shown, cols, extra = legend_layout(legend, size, max_cols)
    # The frame sizes the legend band by its rows and the second lines of wrapped labels.
    frame = Frame(text, size, plot_in=3.1 if size.narrow else 3.4,
                  left_in=left_for(top, text.lang, size), legend=legend, legend_cols=cols,
                  legend_extra_lines=extra)
    frame.shown_labels = shown
    return frame


def blank_entry(label: str = "") -> Line2D:
    """A key entry with no swatch: a heading over the entries under it, or a blank that keeps
    a group of entries in its own column."""
    return Line2D([], [], linestyle="none", label=label)


def show_legend(frame: Frame, handles: list, handler_map: dict | None = None) -> None:
    """The legend, with the labels as legend_layout wrapped them. An entry is an artist (its
    label its own) or (a tuple of artists drawn side by side, its label)."""
    shown = getattr(frame, "shown_labels", {})
    artists, labels = [], []
    for handle in handles:
        artist, label = handle if isinstance(handle, tuple) else (handle, handle.get_label())
        artists.append(artist)
        labels.append(shown.get(label, label))
    frame.legend(artists, labels, handler_map=handler_map)


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
    # The two lines' latest figures, labelled beside their own marks, clear of the others.
    words = Labeller(ax, size)
    words.avoid_points([xy for i, xy in drawn_at.items()
                        if table.loc[i, "date_precision"] != "year"])
    words.avoid_points(arrows(floors, arrow), radius_pt=2)
    words.avoid_points(along(lines, steps=24), radius_pt=1.5)
    for organisation, shown in labels["ends"].items():
        latest = computed.numbers["deaths_in_custody"][organisation]
        rows = table[(table["organisation"] == organisation)
                     & (table["date"] == pd.Timestamp(latest["date"]))
                     & (table["source_id"] == latest["source_id"])]
        x = xs.get(rows.index[0], pd.Timestamp(latest["date"]))
        words.place(x, latest["value"], shown, bold=True, leader=True,
                    shade=colour(DEATH_LOOK[GROUP_OF[organisation]][0]),
                    order=("above left", "left", "below right", "right", "above right",
                           "below left", "above", "below"))
    ax.set_ylabel(labels["axis"])
    handles = []
    for group, label in labels["groups"].items():
        meaning, marker, joined = DEATH_LOOK[group]
        handles.append(Line2D([], [], marker=marker, color=colour(meaning),
                              linestyle="-" if joined else "none", label=label))
    handles += kind_entries(labels["kinds"], examples, size, neutral=True)
    for flag, label in labels["flags"].items():
        handles.append(Line2D([], [], marker=FLAG_MARKS[flag], markersize=9,
                              markerfacecolor="none", markeredgecolor=INK, linestyle="none",
                              label=label))
    show_legend(frame, handles)
    return frame, computed.tables["deaths-in-custody"]


# Arrest reports closer than this many days are drawn apart (style.dodge), on a phone and on a
# desktop: several outlets give the running total within days of each other.
ARREST_DODGE_DAYS = {True: 14, False: 10}


def arrests(computed: Computed, text: ChartText, size: Size):
    table = computed.tables["arrest-reports"]
    labels = text.labels
    shade = colour("official")
    top = float(table["low"].max()) * 1.18
    frame = frame_for(text, size, top, list(labels["kinds"].values()))
    ax, arrow = frame.ax, top * 0.06
    # Reports of close dates set side by side (the note says so); the data keep their dates.
    xs = date_positions(table, ARREST_DODGE_DAYS[size.narrow])
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
    date_year_axis(ax, list(table["date"]) + list(xs.values()) + year_ends(table), size)
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
    show_legend(frame, kind_entries(labels["kinds"], examples, size))
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
    handles += kind_entries(labels["kinds"], examples, size, neutral=True)
    show_legend(frame, handles)
    return frame, computed.tables["prison-population"]


def incarceration_rate(computed: Computed, text: ChartText, size: Size):
    rates = computed.tables["rates-shown"]
    spans = computed.tables["computed-rate-spans-shown"]
    spans = spans.assign(date=pd.to_datetime(spans["date"]))
    labels = text.labels
    top = max(rates["value"].max() if not rates.empty else 0,
              spans["rate_high"].max() if not spans.empty else 0) * 1.12
    # The key: who published a rate, then the rates computed here under one heading, then
    # the kinds of mark. In two columns the publishers fill the first and the computed rates
    # start the second, their heading at its top (blank entries even the columns out).
    kinds = dict(labels["kinds"])
    year_only = kinds.pop("year_only", None)
    publishers = list(labels["series"].values())
    computed_keys = [k for k in ("computed_head", "computed", "computed_range") if k in labels]
    rest = [labels[k] for k in computed_keys] + ([year_only] if year_only else []) + \
        list(kinds.values())
    rows = max(len(publishers), len(rest))
    pads = (rows - len(publishers), rows - len(rest)) if computed_keys else (0, 0)
    frame = frame_for(text, size, top, publishers + [""] * pads[0] + rest + [""] * pads[1],
                      max_cols=2)
    if frame.legend_cols != 2:  # one column: nothing to even out
        pads = (0, 0)
        frame = frame_for(text, size, top, publishers + rest, max_cols=1)
    ax, arrow = frame.ax, top * 0.06
    dated = pd.concat([rates[["date", "date_precision"]].assign(source="rate"),
                       spans[["date", "date_precision"]].assign(source="span")],
                      ignore_index=False).reset_index(names="row")
    # Close marks set apart, never across the start of the state of exception.
    moved = date_positions(dated, 45 if size.narrow else 25,
                           barrier=pd.Timestamp(computed.numbers["regime_start"]))
    x_of = {(m.source, m.row): moved[i] for i, m in dated.iterrows() if i in moved}

    unodc_years = set(rates.loc[rates["series"] == "unodc", "date"].dt.year)

    def where(source: str, i, record) -> pd.Timestamp:
        if record["date_precision"] == "year":  # beside UNODC's mark of that year, if any
            shift = source == "rate" and record["series"] != "unodc" and \
                record["date"].year in unodc_years
            return middle_of(record["date"].year) + pd.DateOffset(months=4 if shift else 0)
        return x_of[(source, i)]

    examples, points, span_at = {}, [], {}
    # The rate the subtitle quotes is drawn over the marks around it.
    quoted = computed.numbers["incarceration_rate_shown"]["computed"]
    for i, record in spans.iterrows():
        shade = colour(ORIGIN_MEANING[record["origin"]])
        if straddles_regime(record, computed.numbers["regime_start"]):
            # Known only to the year the state of exception began: a dotted bar across that
            # year, on both sides of the line, not a mark at mid-year after it.
            x = year_mark(ax, record["date"].year, record["rate_low"], shade, False, arrow, size)
            span_at[i] = x
            examples.setdefault("year_only", (shade, "o"))
            points += [(middle_of(record["date"].year) + pd.DateOffset(months=m),
                        record["rate_low"]) for m in (-5, -3, 0, 3, 5)]
            continue
        x = where("span", i, record)
        span_at[i] = x
        if record["kind"] == "lower_bound":
            arrow_up(ax, x, record["rate_low"], arrow, shade, size=size)
            examples.setdefault("lower_bound", (shade, "o"))
        else:
            on_top = quoted is not None and record["date"] == pd.Timestamp(quoted["date"])
            computed_mark(ax, x, record["rate_low"], record["rate_high"], shade, size,
                          zorder=6 if on_top else 4)
        points += [(x, record["rate_low"]), (x, record["rate_high"])]
    unodc = rates[rates["series"] == "unodc"].sort_values("date")
    if len(unodc) > 1:
        ax.plot([middle_of(d.year) for d in unodc["date"]], unodc["value"],
                color=colour("international"), linewidth=1.2, alpha=0.8, zorder=3)
    for i, record in rates.iterrows():
        key = record["series"] if record["series"] != "other" else f"other_{record['origin']}"
        shade = colour(ORIGIN_MEANING[record["origin"]])
        x = where("rate", i, record)
        mark(ax, x, record["value"], "count", shade, size, RATE_MARKERS[key], zorder=5)
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
    handles += [blank_entry() for _ in range(pads[0])]
    if "computed_head" in labels:
        handles.append(blank_entry(labels["computed_head"]))
    across = pd.Series([straddles_regime(r, computed.numbers["regime_start"])
                        for _, r in spans.iterrows()], index=spans.index, dtype=bool)
    drawn = mark_origins(spans[~across])  # rings and bars, a swatch of every colour they take
    if "computed" in labels:
        handles.append((tuple(Line2D([], [], marker="o", markerfacecolor="white",
                                     markeredgecolor=colour(ORIGIN_MEANING[o]),
                                     markeredgewidth=1.5, linestyle="none")
                              for o in drawn["ring"]), labels["computed"]))
    if "computed_range" in labels:
        handles.append((tuple(Line2D([], [], marker=RANGE_MARK, color=colour(ORIGIN_MEANING[o]),
                                     markersize=10, markeredgewidth=2, linestyle="none")
                              for o in drawn["bar"]), labels["computed_range"]))
    if year_only and "year_only" in examples:  # dotted, in the colours of the marks
        handles.append((tuple(Line2D([], [], color=colour(ORIGIN_MEANING[o]), linewidth=1.6,
                                     linestyle=(0, (1, 1.5)))
                              for o in origins_in(spans[across])), year_only))
    handles += kind_entries(kinds, examples, size, neutral=True)
    handles += [blank_entry() for _ in range(pads[1])]
    show_legend(frame, handles, handler_map={tuple: HandlerTuple(ndivide=None, pad=0.1)})
    return frame, computed.tables["incarceration-rate"]


# CECOT head counts closer than this many days are drawn apart (style.dodge), on a phone and on
# a desktop: outlets give them within days of each other.
SHARE_DODGE_DAYS = {True: 22, False: 12}


def cecot_share(computed: Computed, text: ChartText, size: Size):
    """Every mark near its own date (marks of close dates set side by side, which the note
    says); the words go where they overlap nothing (Labeller)."""
    shares = computed.tables["cecot-share"].assign(
        date=lambda t: pd.to_datetime(t["date"]))
    labels = text.labels
    highs = shares["share_high_pct"].dropna()
    top = max(float(shares["share_low_pct"].max()),
              float(highs.max()) if not highs.empty else 0) * 1.25
    frame = frame_for(text, size, top, list(labels["kinds"].values()))
    ax, arrow = frame.ax, top * 0.06
    examples, where = {}, {}
    xs = date_positions(shares, SHARE_DODGE_DAYS[size.narrow])
    for index, record in shares.iterrows():
        worthy = bool(record["headline_worthy"])
        shade = colour("cecot" if worthy else "not_established")
        low, high = record["share_low_pct"], record["share_high_pct"]
        lower = record["kind"] == "lower_bound" or pd.isna(high)
        # A range drawn as a capped bar (the legend's "Range"), when it is tall enough to read
        # as one; shorter, its ends round to nearly one figure and it is drawn as a mark.
        ranged = not lower and high - low > top * 0.03
        if record["date_precision"] == "year":
            x = year_mark(ax, record["date"].year, low, shade, lower, arrow, size)
        else:
            x = xs[index]
            if lower:
                arrow_up(ax, x, low, arrow, shade, size=size)
            elif ranged:
                ax.plot([x, x], [low, high], color=shade, linewidth=2.4,
                        solid_capstyle="butt", zorder=3)
                ax.plot([x, x], [low, high], marker="_", markersize=marker_pt(size) * 1.3,
                        markeredgewidth=2.4, color=shade, linestyle="none", zorder=3)
            else:
                low = (low + high) / 2 if pd.notna(high) else low
                # An exact count over an approximation of nearly the same day and value.
                mark(ax, x, low, "count" if record["kind"] == "count" else "estimate", shade,
                     size, zorder=4 if record["kind"] == "count" else 3)
        top_of = low + arrow if lower else high if ranged else low
        if worthy:
            kind = "lower_bound" if lower else "range" if ranged else record["kind"]
            examples.setdefault(kind, (shade, "o"))
        where[record["report_id"]] = (x, low, top_of)
    ax.set_ylim(0, top)
    whole_axis(ax, text.lang)
    date_year_axis(ax, list(shares["date"]) + list(xs.values()) + year_ends(shares), size)
    words = Labeller(ax, size)
    words.avoid_drawn()  # every mark as drawn: arrowheads, caps and edges included
    width = 22 if size.narrow else 28
    corners = ("above left", "above right", "below left", "below right", "left", "right",
               "above", "below")
    # The title's figure first, beside its mark; then the grey ones and the far ones.
    for report_id, shown in labels.get("marked", {}).items():
        x, y, _ = where[report_id]
        figure, _, day = shown.partition(" ")  # on one line, or the day under the figure
        words.place(x, y, [shown, f"{figure}\n{day}"] if day else shown, bold=True,
                    order=("right", "below right", "above right", "above", "below", "left",
                           "below left", "above left"))
    def wraps(shown: str) -> list[str]:  # the widths a label may take, widest first
        return list(dict.fromkeys(textwrap.fill(shown, w) for w in (width, width * 2 // 3)))

    short = "_short" if size.narrow else ""
    for report_id, shown in labels.get(f"set_aside{short}", {}).items():
        x, y, _ = where[report_id]
        words.place(x, y, wraps(shown), shade=MUTED, leader=True,
                    order=("left", "below left", "above left", "below", "above"))
    for report_id, shown in labels.get(f"far{short}", {}).items():
        x, y, _ = where[report_id]
        words.place(x, y, wraps(shown), shade=INK, order=corners, leader=True)
    ax.set_ylabel(labels["axis"])
    show_legend(frame, kind_entries(labels["kinds"], examples, size))
    return frame, computed.tables["cecot-share"]


DRAW = {"deaths-in-custody": deaths_in_custody, "arrests": arrests,
        "prison-population": prison_population, "incarceration-rate": incarceration_rate,
        "cecot-share": cecot_share}
