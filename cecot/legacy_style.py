"""The house style: one theme, one frame sized to a chart's words, one layout engine for charts
with bands (legend, strip, key), and `finalise_chart`, which every chart of the collection goes
through.

Like BBC's bbplot `finalise_plot`, `finalise_chart` puts the left-aligned title, subtitle and
source line on a chart and saves it. It also saves it as PNG and SVG, writes the exact data
behind it as CSV and a sidecar JSON (title, subtitle, source line, language, source ids, data
as-of date, alt text). Story charts draw the plot and nothing else.
"""

from __future__ import annotations

import json
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless and deterministic; notebooks show the saved PNG instead
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import dates as mdates  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.path import Path as MarkerPath  # noqa: E402

from .data import sha256_bytes  # noqa: E402
from .fmt import LANGUAGES  # noqa: E402
from .sources import ids_of, source_line  # noqa: E402
from .words import ChartText  # noqa: E402

# Colours chosen to stay distinct for the common colour-vision deficiencies.
PALETTE = {
    "ink": "#222222", "muted": "#6b6b6b", "grid": "#dddddd",
    "accent": "#c0392b", "blue": "#1f6fb2", "teal": "#2a9d8f", "gold": "#e0a100",
    "purple": "#7b4fa0", "grey": "#9e9e9e",
}
SERIES_COLOURS = ["#1f6fb2", "#c0392b", "#2a9d8f", "#e0a100", "#7b4fa0", "#6b6b6b", "#e76f51"]

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 5.6, 150
# Characters per inch at which each text wraps: 14 pt bold titles are wider than body text.
TITLE_WRAP, FOOTER_WRAP = 0.72, 1.1
CREDIT = "CECOT data collection · CC BY 4.0"
TOP_BAND_IN, BOTTOM_BAND_IN = 1.05, 0.55  # room for title+subtitle and for the source line

RC = {
    "font.family": "DejaVu Sans",  # shipped inside matplotlib: same glyphs on every machine
    "font.size": 10,
    "axes.edgecolor": PALETTE["ink"],
    "axes.labelcolor": PALETTE["ink"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": PALETTE["grid"],
    "grid.linewidth": 0.8,
    "xtick.color": PALETTE["ink"],
    "ytick.color": PALETTE["ink"],
    "legend.frameon": False,
    "svg.hashsalt": "cecot",  # fixed ids in SVG output: byte-identical reruns
    "svg.fonttype": "none",  # text stays text: editable in a newsroom's SVG editor, and faster
    "path.simplify": True,
    "text.parse_math": False,  # "US$6 million … US$170" is prose, never a formula
}


def new_chart(width: float = WIDTH_IN, height: float = HEIGHT_IN, ncols: int = 1):
    """A figure in house style with room reserved for the title band and source line."""
    plt.rcParams.update(RC)
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), dpi=DPI)
    fig.subplots_adjust(left=0.1, right=0.97, top=1 - TOP_BAND_IN / height,
                        bottom=BOTTOM_BAND_IN / height + 0.08, wspace=0.25)
    return fig, axes


def footer_lines(text: ChartText, width_in: float) -> int:
    """How many lines finalise_chart's footer (note, source line, credit) takes."""
    chars = int(int(width_in * 11) * FOOTER_WRAP)
    lines = len(textwrap.wrap(source_line(text.source_ids, text.lang), chars)) + 1  # + credit
    if text.note:
        lines += len(textwrap.wrap(text.note, chars))
    return lines


def frame_chart(text: ChartText, *, width: float = WIDTH_IN, plot_height: float = 4.0,
                ncols: int = 1, legend_rows: int = 0, left: float = 0.1):
    """A figure sized for its text: the title band (as finalise_chart wraps it), `plot_height`
    inches of plotting area, an optional legend band of `legend_rows` rows, and the footer.
    Returns the figure, its axes and the figure fraction where the legend band starts."""
    legend_in = 0.27 * legend_rows + 0.12 if legend_rows else 0.0
    footer_in = 0.16 + 0.135 * footer_lines(text, width)
    title_lines = len(textwrap.wrap(text.title, int(int(width * 11) * TITLE_WRAP))) or 1
    subtitle_lines = len(textwrap.wrap(text.subtitle, int(width * 11))) or 1
    top_in = 0.18 + 0.30 * title_lines + 0.18 * subtitle_lines + 0.35
    bottom_in = footer_in + legend_in + 0.55
    height = top_in + plot_height + bottom_in
    fig, axes = new_chart(width=width, height=height, ncols=ncols)
    fig.subplots_adjust(left=left, right=0.97, top=1 - top_in / height,
                        bottom=bottom_in / height)
    return fig, axes, (footer_in + 0.1) / height


# --- the layout engine for charts with bands --------------------------------------------------
#
# A chart sized to its text: title band (drawn by finalise_chart), a legend band, the plot, a
# strip under the time axis for marks (e.g. counting-rule changes), the tick labels, a key in
# columns (numbered or lettered items) and the footer (drawn by finalise_chart). Text sizes
# below were measured with matplotlib's DejaVu Sans.

LEFT_IN, RIGHT_IN = 0.8, 0.25
PLOT_W_IN = WIDTH_IN - LEFT_IN - RIGHT_IN
PLOT_HEIGHT_IN = 3.5
TICKS_IN = 0.28
STRIP_ROW_IN = 0.19
LINE_8PT_IN = 8 * 1.2 / 72
SUB_LINE_IN = 10.5 * 1.2 / 72
KEY_LINE_IN = 0.125  # 7.5 pt text, one line
KEY_CHAR_IN = 0.058  # 7.5 pt text, average character width
LEGEND_CHAR_IN = 0.062  # 8 pt
BADGE_IN = 0.24  # room for a badge before an item's text
ITEM_GAP_IN = 0.04
HEADING_IN = 0.2
LEGEND_ROW_IN = 0.2


def _bands(text: ChartText, width: float = WIDTH_IN):
    """Height (inches) of the title band and of the footer band finalise_chart will draw."""
    chars = int(width * 11)
    n_title = max(1, len(textwrap.wrap(text.title, int(chars * 0.8))))
    n_sub = max(1, len(textwrap.wrap(text.subtitle, chars)))
    n_foot = max(1, footer_lines(text, width))
    top = 0.18 + 0.30 * n_title + SUB_LINE_IN * n_sub + 0.2
    bottom = 0.12 + LINE_8PT_IN * n_foot + 0.16
    return top, bottom


def _legend_shape(labels: list[str]) -> tuple[int, int]:
    """Columns and rows of the legend band: three columns when the labels fit, else two."""
    if not labels:
        return 0, 0
    widest_in = max(len(label) for label in labels) * LEGEND_CHAR_IN + 0.45
    ncols = 3 if widest_in * 3 <= PLOT_W_IN else (2 if widest_in * 2 <= PLOT_W_IN else 1)
    ncols = min(ncols, len(labels))
    return ncols, math.ceil(len(labels) / ncols)


def _wrap_key(columns, col_width_in: float):
    """Wrap each key item to its column; return the wrapped columns and the height needed."""
    chars = max(12, int((col_width_in - BADGE_IN - 0.1) / KEY_CHAR_IN))
    wrapped, height = [], 0.0
    for heading, colour, items in columns:
        lines = [(mark, "\n".join(textwrap.wrap(label, chars))) for mark, label in items]
        need = HEADING_IN + sum(KEY_LINE_IN * (t.count("\n") + 1) + ITEM_GAP_IN
                                for _, t in lines)
        wrapped.append((heading, colour, lines))
        height = max(height, need)
    return wrapped, height


def badge(ax, x, y, text, colour, transform, size=7.0):
    """A number or letter in a filled circle: a mark that a key explains."""
    size = size - 1 if len(text) > 1 else size  # "10" in a circle no larger than "9"
    return ax.text(x, y, text, transform=transform, ha="center", va="center", fontsize=size,
                   color="white", fontweight="bold", zorder=8, clip_on=False,
                   bbox={"boxstyle": "circle,pad=0.2", "facecolor": colour,
                         "edgecolor": "none"})


class Layout:
    """Axes of one chart, placed in inches from the bottom of a figure sized to its text."""

    def __init__(self, text: ChartText, *, legend_labels, key_columns, strip_levels: int,
                 strip_label: str = ""):
        top, bottom = _bands(text)
        self.legend_cols, rows = _legend_shape(legend_labels)
        legend_h = rows * LEGEND_ROW_IN + (0.08 if rows else 0)
        key_cols = [c for c in key_columns if c[2]]
        col_w = (WIDTH_IN - 0.3) / max(1, len(key_cols))
        self.key_columns, key_h = _wrap_key(key_cols, col_w)
        key_h = key_h + 0.12 if key_cols else 0.0
        strip_h = strip_levels * STRIP_ROW_IN + 0.1 if strip_levels else 0.0
        height = top + legend_h + PLOT_HEIGHT_IN + strip_h + TICKS_IN + key_h + bottom
        self.fig, self.ax = new_chart(width=WIDTH_IN, height=height)
        fig, h = self.fig, height
        key_y = bottom
        strip_y = key_y + key_h + TICKS_IN
        plot_y = strip_y + strip_h
        self.ax.set_position([LEFT_IN / WIDTH_IN, plot_y / h, PLOT_W_IN / WIDTH_IN,
                              PLOT_HEIGHT_IN / h])
        self.legend_anchor = (LEFT_IN / WIDTH_IN, (plot_y + PLOT_HEIGHT_IN + legend_h) / h)
        self.strip = None
        if strip_levels:
            self.strip = fig.add_axes([LEFT_IN / WIDTH_IN, strip_y / h, PLOT_W_IN / WIDTH_IN,
                                       strip_h / h], sharex=self.ax)
            self.strip.set_ylim(strip_levels + 0.2, -0.3)  # level 0 at the top
            for spine in self.strip.spines.values():
                spine.set_visible(False)
            self.strip.set_yticks([])
            self.strip.patch.set_visible(False)  # never paint over the plot's time axis
            self.strip.tick_params(axis="x", length=0)
            self.strip.grid(False)
            self.ax.tick_params(axis="x", labelbottom=False)
            if strip_label:
                self.strip.set_ylabel(strip_label, rotation=0, ha="right", va="center",
                                      fontsize=7.5, color=PALETTE["accent"], labelpad=6)
        self.key_box = [0.15 / WIDTH_IN, key_y / h, (WIDTH_IN - 0.3) / WIDTH_IN,
                        key_h / h] if key_cols else None

    def legend(self, handles, labels) -> None:
        if handles:
            self.fig.legend(handles, labels, loc="upper left",
                            bbox_to_anchor=self.legend_anchor, ncols=self.legend_cols,
                            fontsize=8, frameon=False, borderaxespad=0, handlelength=2.0,
                            columnspacing=1.4, labelspacing=0.35)

    def key(self) -> None:
        """Draw the key columns; measured, so an overflow is an error, not a cut-off."""
        if self.key_box is None:
            return
        fig = self.fig
        key_ax = fig.add_axes(self.key_box)
        key_ax.axis("off")
        renderer = fig.canvas.get_renderer()
        box_h_px = self.key_box[3] * fig.get_size_inches()[1] * fig.dpi
        col_w = 1 / len(self.key_columns)
        badge_w = BADGE_IN / (self.key_box[2] * WIDTH_IN)
        for i, (heading, colour, items) in enumerate(self.key_columns):
            x = i * col_w
            y = 1.0
            key_ax.text(x, y, heading, fontsize=8, fontweight="bold", va="top",
                        color=PALETTE["ink"], transform=key_ax.transAxes)
            y -= HEADING_IN * fig.dpi / box_h_px
            for mark, label in items:
                badge(key_ax, x + badge_w * 0.4, y - 0.5 * KEY_LINE_IN * fig.dpi / box_h_px,
                      mark, colour, key_ax.transAxes, size=6.5)
                t = key_ax.text(x + badge_w, y, label, fontsize=7.5, va="top",
                                color=PALETTE["ink"], transform=key_ax.transAxes,
                                linespacing=1.2)
                y -= (t.get_window_extent(renderer).height + ITEM_GAP_IN * fig.dpi) / box_h_px
            if y < -0.02:
                raise ValueError(f"chart key column '{heading}' overflows its band")


# --- finishing and writing --------------------------------------------------------------------

@dataclass
class ChartBundle:
    chart_id: str
    lang: str
    png: Path
    svg: Path
    csv: Path
    sidecar: Path

    def _repr_png_(self):  # a bundle shows itself as its chart in a notebook
        return self.png.read_bytes()

    def __repr__(self):
        return f"ChartBundle({self.chart_id}, {self.lang})"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else ""


def finalise_chart(fig, text: ChartText, data: pd.DataFrame, output: Path) -> ChartBundle:
    """Title, subtitle and source line in house style; save PNG + SVG + CSV + sidecar into
    the folder `output`."""
    if text.lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {text.lang!r}")
    lang = text.lang
    width, height = fig.get_size_inches()
    chars = int(width * 11)
    top = 1 - 0.18 / height
    fig.text(0.02, top, _wrap(text.title, int(chars * TITLE_WRAP)), ha="left", va="top",
             fontsize=14, fontweight="bold", color=PALETTE["ink"])
    n_title_lines = len(textwrap.wrap(text.title, int(chars * TITLE_WRAP))) or 1
    fig.text(0.02, top - (0.30 * n_title_lines) / height, _wrap(text.subtitle, chars),
             ha="left", va="top", fontsize=10.5, color=PALETTE["muted"])
    # The note and the source line each wrap on their own, one under the other.
    footer_width = int(chars * FOOTER_WRAP)
    line = source_line(text.source_ids, lang)
    footer = "\n".join(filter(None, [_wrap(text.note, footer_width), _wrap(line, footer_width)]))
    # The credit takes its own line under the sources, so no source line can run into it.
    fig.text(0.02, 0.12 / height, footer + "\n" + CREDIT, ha="left", va="bottom",
             fontsize=8, color=PALETTE["muted"])

    output.mkdir(parents=True, exist_ok=True)
    chart_id = text.chart_id
    stem = f"{chart_id}.{lang}"
    png, svg, csv = output / f"{stem}.png", output / f"{stem}.svg", output / f"{chart_id}.csv"
    # zlib level 3: measured faster and smaller than the default for these charts.
    fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None},
                pil_kwargs={"compress_level": 3})
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    csv_text = data.to_csv(index=False, lineterminator="\n")
    csv.write_text(csv_text, encoding="utf-8")
    sidecar = output / f"{stem}.json"
    meta = {
        "chart_id": chart_id,
        "language": lang,
        "title": text.title,
        "subtitle": text.subtitle,
        "source_line": line,
        "source_ids": ids_of(text.source_ids),
        "note": text.note,
        "alt_text": text.alt,
        "data_as_of": text.as_of,
        "files": {"png": png.name, "svg": svg.name, "data": csv.name},
        "data_sha256": sha256_bytes(csv_text.encode("utf-8")),
        "license": "CC BY 4.0",
    }
    sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return ChartBundle(chart_id, lang, png, svg, csv, sidecar)


# --- marks for the shape of a report (one look in every chart) ------------------------------
#
# A count is a filled dot, an approximate figure a ring, a range a bar, a lower bound ("more
# than") a floor with an arrow pointing up.

# The legend's open-ended mark: a floor with an arrow pointing up (drawn as a path, not as
# mathtext, so it renders the same whatever the text settings).
LOWER_BOUND_MARK = MarkerPath(
    [(-0.6, -1), (0.6, -1), (0, -1), (0, 0.3), (-0.4, 0.3), (0, 1), (0.4, 0.3), (0, 0.3)],
    [MarkerPath.MOVETO, MarkerPath.LINETO, MarkerPath.MOVETO, MarkerPath.LINETO,
     MarkerPath.MOVETO, MarkerPath.LINETO, MarkerPath.LINETO, MarkerPath.CLOSEPOLY])


def arrow_up(ax, x, y, length, colour) -> None:
    """An open-ended mark on a date axis: the reported floor with an arrow pointing to
    'more'."""
    xn = mdates.date2num(pd.Timestamp(x))
    ax.annotate("", xy=(xn, y + length), xytext=(xn, y),
                arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.2,
                                mutation_scale=9, shrinkA=0, shrinkB=0))
    ax.plot([xn], [y], marker="_", markersize=10, markeredgewidth=2, color=colour,
            linestyle="none")


def kind_marker(ax, x, y, kind: str, colour: str, size: float = 6, zorder: int = 3):
    """A count as a filled dot; anything else (approximate, estimate) as a ring."""
    if kind == "count":
        ax.plot([x], [y], marker="o", markersize=size, color=colour, linestyle="none",
                zorder=zorder)
    else:
        ax.plot([x], [y], marker="o", markersize=size, markerfacecolor="white",
                markeredgecolor=colour, markeredgewidth=1.4, linestyle="none", zorder=zorder)


def kind_handles(labels: dict[str, str], kinds, colour: str) -> list:
    """Legend entries for the report kinds, drawn as kind_marker and arrow_up draw them;
    `labels` names each kind in the chart's language."""
    handles = []
    for kind in kinds:
        label = labels[kind]
        if kind == "count":
            handles.append(Line2D([], [], marker="o", color=colour, linestyle="none",
                                  label=label))
        elif kind == "lower_bound":
            handles.append(Line2D([], [], marker=LOWER_BOUND_MARK, color=colour,
                                  markersize=11, markeredgewidth=1.6, linestyle="none",
                                  label=label))
        else:
            handles.append(Line2D([], [], marker="o", markerfacecolor="white",
                                  markeredgecolor=colour, markeredgewidth=1.4,
                                  linestyle="none", label=label))
    return handles


def date_year_axis(ax, dates=None) -> None:
    """Years on a date axis (the same in both languages); with `dates`, the axis starts on
    1 January of the first year so that year is labelled, and ends a little after the last."""
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if dates is not None:
        dates = pd.to_datetime(pd.Series(list(dates)))
        first, last = dates.min(), dates.max()
        pad = max(pd.Timedelta(days=45), (last - first) * 0.03)
        ax.set_xlim(pd.Timestamp(first.year, 1, 1) - pad * 0.3, last + pad)
