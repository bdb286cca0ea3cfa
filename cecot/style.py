"""The house style: one palette with fixed meanings, two sizes (full, and narrow for a phone),
one frame sized to a chart's words, and `finish`, which every chart goes through.

Like BBC's bbplot `finalise_plot`, `finish` puts the left-aligned title and subtitle, the note,
a short source line and the credit on a chart. `write_bundle` saves it as PNG and SVG at both
sizes, with the exact data behind it as CSV and a sidecar JSON. Story charts draw the plot and
nothing else; `Frame` gives them the axes, the fonts of their size and a legend band above the
plot.

Sizes. Full: 8 in at 150 dpi (1,200 px), for a desktop column. Narrow: 4.8 in at 150 dpi
(720 px), for a 360 CSS px phone screen at 2x pixel density: its smallest text, 11.5 pt, is
24 px, 12 CSS px on the phone.
"""

from __future__ import annotations

import base64
import html
import json
import math
import multiprocessing
import os
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless and deterministic; notebooks show the saved PNG instead
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import dates as mdates  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.path import Path as MarkerPath  # noqa: E402
from matplotlib.textpath import TextToPath  # noqa: E402

from .data import READ_LOG, sha256_bytes  # noqa: E402
from .fmt import LANGUAGES  # noqa: E402
from .sources import ids_of, short_line  # noqa: E402
from .words import GLOSSARY, PACKAGE_READS, ChartText, load_yaml  # noqa: E402

# --- one table of meanings: a colour means one thing in every chart ----------------------------
#
# A colour says whose figure a mark is (or what a reference line is); a mark's shape says what
# kind of figure it is (cecot.style.KIND_MARKS: a count, an approximation, a range, "more
# than"...). A figure computed here is drawn in the colour of the figures it was computed from,
# dashed or hollow. Grey is what is not established: an opinion column, a figure known only to
# the year, a claim that cannot be checked. tests/unit/test_palette.py checks that every
# meaning has its own colour and that the meanings that share a chart stay apart for
# colour-blind readers; tests/stories/test_legends.py that every legend entry is drawn as its
# marks are.

@dataclass(frozen=True)
class Meaning:
    colour: str
    marker: str  # the shape of its points where a chart draws points
    what: str    # what the colour stands for (for people editing charts)


MEANINGS = {
    "cecot": Meaning("#D55E00", "o", "CECOT's own population and space, as reported"),
    "standard": Meaning("#0072B2", "o", "a standard or a capacity: reference lines"),
    "official": Meaning("#222222", "o", "Salvadoran (or US) government figures"),
    "international": Meaning("#56B4E9", "o", "UNODC, the World Bank, World Prison Brief"),
    "press": Meaning("#E69F00", "o", "a figure only the press reports"),
    "insight_crime": Meaning("#CC79A7", "s", "InSight Crime's yearly counts"),
    "socorro_juridico": Meaning("#882255", "D", "Socorro Jurídico Humanitario's counts"),
    "cristosal": Meaning("#332288", "s", "Cristosal's counts"),
    "other_ngo": Meaning("#543005", "^", "other organisations' counts and estimates"),
    # Amnesty International relays local groups' counts (not a count of its own): its own hue,
    # so that it is not read as one more local organisation (other_ngo) at phone size.
    "amnesty": Meaning("#8B6F00", "v", "Amnesty International's figures, relaying local groups"),
    "not_established": Meaning("#8C8C8C", "o", "opinion, undated, or cannot be checked"),
    # The claims ledger's verdicts (a claim checked, not a series).
    "holds": Meaning("#117733", "o", "a claim the data bear out"),
    "imprecise": Meaning("#DDCC77", "o", "a claim the data bear out only in part"),
    "does_not_hold": Meaning("#762A83", "o", "a claim the data contradict"),
}
PALETTE = {name: meaning.colour for name, meaning in MEANINGS.items()}
INK, MUTED, GRID = "#222222", "#595959", "#DDDDDD"  # text and axes: not meanings
# A legend swatch that names a shape only (an approximate figure, a "more than", a figure known
# only to its year), on a chart whose marks of that shape come in several colours: drawn in INK
# and given this gid, so that tests/legends.py matches it on its shape whatever the colour.
SHAPE_ONLY = "shape-only"
COMPUTED_LINE = (0, (4, 2))  # a line computed here: dashed, in its inputs' colour
# Meanings that share a chart: each group must stay distinct for colour-blind readers (ΔE in
# CAM02-UCS of at least MIN_DELTA_E under deuteranopia, protanopia and tritanopia).
GROUPS = {"cecot": ["cecot", "standard", "press", "not_established", "official"],
          "homicides": ["official", "international", "insight_crime", "press"],
          "prisons": ["official", "international", "press", "other_ngo", "cristosal",
                      "cecot", "not_established"],
          "deaths": ["socorro_juridico", "cristosal", "other_ngo", "amnesty", "official",
                     "not_established"],
          "verdicts": ["holds", "imprecise", "does_not_hold", "not_established"]}
MIN_DELTA_E = 10.0


def colour(meaning: str) -> str:
    return MEANINGS[meaning].colour


DPI = 150
RC = {
    "font.family": "DejaVu Sans",  # shipped inside matplotlib: same glyphs on every machine
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.frameon": False,
    "svg.hashsalt": "cecot",  # fixed ids in SVG output: byte-identical reruns
    "svg.fonttype": "none",  # text stays text: editable in a newsroom's SVG editor, and faster
    "path.simplify": True,
    "text.parse_math": False,  # "US$6 million … US$170" is prose, never a formula
}


@dataclass(frozen=True)
class Size:
    """One size of a chart: its width and the point size of each kind of text."""

    name: str
    width_in: float
    title_pt: float
    subtitle_pt: float
    text_pt: float  # axis labels, legend, direct labels
    small_pt: float  # tick labels, secondary annotations
    footer_pt: float
    suffix: str  # in file names: "" or ".narrow"

    @property
    def narrow(self) -> bool:
        return self.name == "narrow"

    def chars(self, width_in: float, pt: float, bold: bool = False) -> int:
        """Characters of DejaVu Sans that fit `width_in` at `pt` (average glyph widths)."""
        return max(10, int(width_in * 72 / (pt * (0.62 if bold else 0.55))))


# Drawn for the widths the site shows them at, so that the smallest text is 12 CSS px as
# displayed (text px = pt x shown width / (72 x width_in)): full charts fill a 736 px column on
# a desktop (7.5 in: 9 pt is 12.3 px); narrow ones fill a phone's 360 px (4.8 in: 11.6 pt is
# 12.1 px). tests/test_site.py measures it in the browser.
FULL = Size("full", 7.5, 15.0, 11.5, 10.0, 9.0, 9.0, "")
NARROW = Size("narrow", 4.8, 14.5, 12.0, 11.6, 11.6, 11.6, ".narrow")
SIZES = (FULL, NARROW)
SHOWN_PX = {"full": 736, "narrow": 360}  # CSS px each size is shown at on the site
# House limits on a phone: lines of title (per language), subtitle and note.
NARROW_LINES = {"title": {"en": 2, "es": 3}, "subtitle": 3, "note": 3}

MARGIN_IN = 0.16  # left margin of the texts around the plot, and the top margin


# Names a line never splits ("El / Salvador"): wrapped as one word, drawn with a plain space.
KEEP_TOGETHER = ("El Salvador", "EE. UU.")


def wrap(text: str, chars: int) -> list[str]:
    if not text:
        return []
    for name in KEEP_TOGETHER:
        text = text.replace(name, name.replace(" ", "\u2060\u2060"))
    return [line.replace("\u2060\u2060", " ") for line in textwrap.wrap(text, chars)]


def fits_a_phone(title: str, lang: str) -> bool:
    """Whether a title keeps to the house limit on the narrow chart (2 lines in English, 3 in
    Spanish)."""
    chars = NARROW.chars(NARROW.width_in - 2 * MARGIN_IN, NARROW.title_pt, bold=True)
    return len(wrap(title, chars)) <= NARROW_LINES["title"][lang]


def first_fitting(candidates: list[str], lang: str) -> str:
    """The first of a title's wordings, longest first, that fits a phone; the last if none."""
    return next((c for c in candidates if fits_a_phone(c, lang)), candidates[-1])


def note_fits_a_phone(note: str) -> bool:
    """Whether a chart's note keeps to the house limit on the narrow chart (3 lines)."""
    chars = NARROW.chars(NARROW.width_in - 2 * MARGIN_IN, NARROW.footer_pt)
    return len(wrap(note, chars)) <= NARROW_LINES["note"]


def first_fitting_note(candidates: list[str]) -> str:
    """The first of a note's wordings, fullest first, that fits a phone; the last if none."""
    found = [c.strip() for c in candidates]
    return next((c for c in found if note_fits_a_phone(c)), found[-1])


_TO_PATH = TextToPath()


@lru_cache(maxsize=8192)
def _line_width_pt(line: str, pt: float, bold: bool) -> float:
    font = FontProperties(family="DejaVu Sans", size=pt, weight="bold" if bold else "normal")
    return _TO_PATH.get_text_width_height_descent(line, font, ismath=False)[0]


def text_in(text: str, pt: float, bold: bool = False) -> float:
    """The width in inches of `text` (of its longest line) in DejaVu Sans at `pt`, measured
    from the glyphs (each line once: layouts try many); an estimate from the number of
    characters can be a fifth out either way."""
    return max(_line_width_pt(line, pt, bold) for line in text.split("\n")) / 72


def wrapped_to(text: str, width_in: float, pt: float) -> str:
    """`text` broken between words into as few lines as fit `width_in` at `pt`."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_in(f"{lines[-1]} {word}", pt) <= width_in:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def line_in(pt: float, spacing: float = 1.3) -> float:
    return pt * spacing / 72


CREDIT = {"en": "Chart: CECOT data collection · CC BY 4.0",
          "es": "Gráfico: El CECOT en cifras · CC BY 4.0"}


def footer(text: ChartText, size: Size) -> list[str]:
    """The footer's lines: the note, the source line and the credit. The source line is the
    same at both sizes: every organisation named on the desktop is named on a phone (the press
    is counted when many outlets are cited)."""
    usable = size.width_in - 2 * MARGIN_IN
    chars = size.chars(usable, size.footer_pt)
    lines = wrap(text.note, chars)
    source = short_line(text.source_ids, text.lang, originators=text.originators)
    lines += wrap(source, chars)
    return lines + [CREDIT[text.lang]]


class Frame:
    """A figure sized to its words at one size: title band, an optional legend band above the
    plot, the plot (`plot_in` inches high), optional bands under it, and the footer."""

    def __init__(self, text: ChartText, size: Size, *, plot_in: float, left_in: float = 0.75,
                 right_in: float = 0.25, legend: list[str] | None = None,
                 legend_cols: int | None = None, legend_extra_lines: int = 0,
                 below_in: float = 0.0, ncols: int = 1, wspace: float = 0.2):
        plt.rcParams.update(RC)
        plt.rcParams.update({"font.size": size.text_pt, "xtick.labelsize": size.small_pt,
                             "ytick.labelsize": size.small_pt})
        self.text, self.size = text, size
        usable = size.width_in - 2 * MARGIN_IN
        self.title_lines = wrap(text.title, size.chars(usable, size.title_pt, bold=True))
        self.subtitle_lines = wrap(text.subtitle, size.chars(usable, size.subtitle_pt))
        self.footer_lines = footer(text, size)
        top = (MARGIN_IN + line_in(size.title_pt, 1.2) * len(self.title_lines) + 0.06
               + line_in(size.subtitle_pt) * len(self.subtitle_lines) + 0.18)
        self.legend_labels = legend or []
        self.legend_cols = legend_cols or self._legend_columns(usable)
        rows = math.ceil(len(self.legend_labels) / self.legend_cols) if self.legend_labels else 0
        # A row is a line and the space between rows; a label's second line adds a line only.
        legend_h = rows * line_in(size.text_pt, 1.55) + (0.1 if rows else 0) + \
            legend_extra_lines * line_in(size.text_pt, 1.4)
        ticks_h = line_in(size.small_pt, 2.2)
        footer_h = line_in(size.footer_pt, 1.25) * len(self.footer_lines) + 0.22
        self.height_in = top + legend_h + plot_in + ticks_h + below_in + footer_h
        self.fig, axes = plt.subplots(1, ncols, figsize=(size.width_in, self.height_in), dpi=DPI)
        h = self.height_in
        bottom = (footer_h + below_in + ticks_h) / h
        self.fig.subplots_adjust(left=left_in / size.width_in,
                                 right=1 - right_in / size.width_in,
                                 top=1 - (top + legend_h) / h, bottom=bottom, wspace=wspace)
        self.ax = axes
        self.plot_width_in = size.width_in - left_in - right_in
        self.top_in = top
        self.legend_top = 1 - top / h
        self.footer_in = footer_h
        self.below_band = ((footer_h) / h, below_in / h)  # (y0, height) in figure fractions

    def _legend_columns(self, usable: float) -> int:
        if not self.legend_labels:
            return 1
        widest = max(len(label) for label in self.legend_labels)
        entry_in = widest * self.size.text_pt * 0.55 / 72 + 0.55
        return max(1, min(len(self.legend_labels), int(usable // entry_in)))

    def legend(self, handles, labels=None, handler_map=None) -> None:
        """The legend in its band above the plot, left-aligned with the title."""
        labels = labels if labels is not None else [h.get_label() for h in handles]
        if not handles:
            return
        legend = self.fig.legend(handles, labels, loc="upper left", handler_map=handler_map,
                                 bbox_to_anchor=(MARGIN_IN / self.size.width_in - 0.005,
                                                 self.legend_top), ncols=self.legend_cols,
                                 fontsize=self.size.text_pt, frameon=False, borderaxespad=0,
                                 handlelength=1.6, columnspacing=1.2, labelspacing=0.45,
                                 handletextpad=0.5)
        for handle, swatch in zip(handles, legend.legend_handles):  # SHAPE_ONLY carries over
            if swatch is not None and not isinstance(handle, tuple) and handle.get_gid():
                swatch.set_gid(handle.get_gid())

    def below_axes(self):
        """Axes filling the band under the plot (a strip, a key), if one was asked for."""
        y0, height = self.below_band
        left = MARGIN_IN / self.size.width_in
        return self.fig.add_axes([left, y0, 1 - 2 * left, height])


def bar_reach(frame: Frame, highs, labels) -> float:
    """The axis end for horizontal bars labelled at their tips: far enough that the longest
    label (at the longest bar) fits inside the plot."""
    reach = 0.0
    for high, label in zip(highs, labels):
        label_in = len(label) * frame.size.small_pt * 0.56 / 72 + 0.12
        share = min(label_in / frame.plot_width_in, 0.6)
        reach = max(reach, float(high) / (1 - share))
    return reach


def finish(frame: Frame) -> None:
    """Title, subtitle and footer in house style, left-aligned on the margin."""
    fig, size, h = frame.fig, frame.size, frame.height_in
    x = MARGIN_IN / size.width_in
    y = 1 - MARGIN_IN / h
    fig.text(x, y, "\n".join(frame.title_lines), ha="left", va="top", fontsize=size.title_pt,
             fontweight="bold", color=INK, linespacing=1.1)
    y -= (line_in(size.title_pt, 1.2) * len(frame.title_lines) + 0.06) / h
    fig.text(x, y, "\n".join(frame.subtitle_lines), ha="left", va="top",
             fontsize=size.subtitle_pt, color=MUTED, linespacing=1.2)
    fig.text(x, 0.12 / h, "\n".join(frame.footer_lines), ha="left", va="bottom",
             fontsize=size.footer_pt, color=MUTED, linespacing=1.2)


# --- files -------------------------------------------------------------------------------------

@dataclass
class ChartBundle:
    chart_id: str
    lang: str
    files: dict[str, Path] = field(default_factory=dict)
    alt: str = ""
    # How a notebook shows the chart: embedded (the PNG's bytes in the notebook, so a notebook
    # saved anywhere shows its own run's chart) or linked (a relative link to the PNG beside
    # it: what the build's published notebooks store, so the chart is kept once).
    linked: bool = False

    @property
    def png(self) -> Path:
        return self.files["png"]

    def _repr_mimebundle_(self, include=None, exclude=None):
        if not self.linked:
            data = self.files["narrow_png"].read_bytes()
            return ({"image/png": base64.b64encode(data).decode("ascii"),
                     "text/plain": repr(self)},
                    {"image/png": {"width": 360, "alt": self.alt}})
        # The build's run: kernels start in the staging folder, laid out as the repository
        # (notebooks/ beside figures/), so the link is relative to the notebook's own folder.
        notebooks = Path.cwd() / "notebooks"
        src = Path(os.path.relpath(self.files["narrow_png"], notebooks)).as_posix()
        return {"text/html": f'<img src="{html.escape(src)}" alt="{html.escape(self.alt)}" '
                             f'width="360">', "text/plain": repr(self)}

    def __repr__(self):
        return f"ChartBundle({self.chart_id}, {self.lang})"


def save(fig, path_png: Path, path_svg: Path) -> None:
    # zlib level 3: measured faster and smaller than the default for these charts.
    fig.savefig(path_png, format="png", dpi=DPI, metadata={"Software": None},
                pil_kwargs={"compress_level": 3})
    fig.savefig(path_svg, format="svg", metadata={"Date": None, "Creator": None})


def legend_columns(labels: list, cols: int) -> list[list]:
    """The labels of each column, as matplotlib fills a legend of `cols` columns: the first
    columns take one entry more when they do not divide evenly (4 in 3 columns: 2, 1, 1)."""
    rows, large = divmod(len(labels), cols)
    columns, start = [], 0
    for c in range(cols):
        take = rows + (1 if c < large else 0)
        columns.append(labels[start:start + take])
        start += take
    return columns


def smallest_text_pt(fig) -> float:
    """The point size of the smallest text the chart shows (tick labels, legend, labels,
    footer), read from the drawn figure."""
    from matplotlib.text import Text as TextArtist

    sizes = [t.get_fontsize() for t in fig.findobj(TextArtist)
             if t.get_visible() and t.get_text().strip()
             and (t.axes is None or t.axes.get_visible())]
    return min(sizes) if sizes else 0.0


def measure(frame: Frame) -> dict:
    """What the house rules are checked against: the smallest text, in points and in CSS px as
    the site shows this size, and how many lines the title, subtitle and note take."""
    size = frame.size
    smallest = smallest_text_pt(frame.fig)
    return {"smallest_text_pt": round(smallest, 2),
            "smallest_text_px_as_shown": round(
                smallest * SHOWN_PX[size.name] / (72 * size.width_in), 2),
            "title_lines": len(frame.title_lines), "subtitle_lines": len(frame.subtitle_lines),
            "note_lines": len(wrap(frame.text.note, size.chars(size.width_in - 2 * MARGIN_IN,
                                                              size.footer_pt)))}


def stem(text: ChartText, size: Size) -> str:
    return f"{text.chart_id}.{text.lang}{size.suffix}"


def draw_and_save(draw, computed, text: ChartText, size: Size, output: Path) -> dict:
    """Draw one chart at one size in house style and save its PNG and SVG; returns the chart's
    data as CSV text (the same at every size) and its measurements (`measure`)."""
    frame, data = draw(computed, text, size)
    finish(frame)
    save(frame.fig, output / f"{stem(text, size)}.png", output / f"{stem(text, size)}.svg")
    measured = measure(frame)
    plt.close(frame.fig)
    return {"csv": data.to_csv(index=False, lineterminator="\n"), "measure": measured}


def write_bundle(text: ChartText, csv_text: str, output: Path, linked: bool = False,
                 measures: dict | None = None) -> ChartBundle:
    """The chart's files of this language (PNG and SVG of each size, already saved), its data
    as CSV (one for both languages) and the sidecar of this language."""
    if text.lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {text.lang!r}")
    bundle = ChartBundle(text.chart_id, text.lang, alt=text.alt, linked=linked)
    for size in SIZES:
        prefix = "" if size is FULL else f"{size.name}_"
        bundle.files[f"{prefix}png"] = output / f"{stem(text, size)}.png"
        bundle.files[f"{prefix}svg"] = output / f"{stem(text, size)}.svg"
    csv = output / f"{text.chart_id}.csv"
    csv.write_text(csv_text, encoding="utf-8")
    bundle.files["data"] = csv
    sidecar = output / f"{text.chart_id}.{text.lang}.json"
    meta = {
        "chart_id": text.chart_id,
        "language": text.lang,
        "title": text.title,
        "subtitle": text.subtitle,
        "note": text.note,
        "source_line": short_line(text.source_ids, text.lang, originators=text.originators),
        "source_ids": ids_of(text.source_ids),
        "originators": list(text.originators),
        "read_in": {name: list(ids) for name, ids in text.read_in.items()},
        "credit": CREDIT[text.lang],
        "alt_text": text.alt,
        "data_as_of": text.as_of,
        "files": {name: path.name for name, path in bundle.files.items()},
        "data_sha256": sha256_bytes(csv_text.encode("utf-8")),
        "license": "CC BY 4.0",
        "sizes": measures or {},
    }
    sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    bundle.files["sidecar"] = sidecar
    return bundle


# --- drawing many charts at once ----------------------------------------------------------------
#
# Rendering the PNGs is most of a story's run. When CECOT_DRAW_JOBS asks for more than one
# process (the build and the test suite set it to the number of cores), a run's charts are drawn
# by that many forked processes: a notebook left running alone at the end of a build uses every
# core. A plain run (a script, papermill by hand) draws one chart after another, in its own
# process. Either way every file has the same bytes: each is drawn by the same code from the
# same inputs, and nothing a drawing does is shared with another.

DRAW_JOBS_ENV = "CECOT_DRAW_JOBS"
_WORK: list = []  # what forked drawing processes read (inherited, never pickled)


def draw_jobs() -> int:
    try:
        return max(1, int(os.environ.get(DRAW_JOBS_ENV, "1")))
    except ValueError:
        return 1


def _quiet() -> None:
    """A drawing process prints nothing: its parent may be a Jupyter kernel, whose output
    streams belong to threads a forked process does not have."""
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115


def _draw_job(index: int) -> tuple[dict, dict, list[str]]:
    """Draw one item in a forked process; return what draw_and_save returns and what the
    drawing read (data files, package files such as a text.yml), which the run records as its
    inputs. (Its code is what the notebook imports: cecot.run.code_hashes reads it from the
    code.)"""
    drawn = draw_and_save(*_WORK[index])
    return drawn, dict(READ_LOG), sorted(str(p) for p in PACKAGE_READS)


def draw_all(work: list[tuple], jobs: int | None = None) -> list[dict]:
    """Run `draw_and_save(*item)` for every item of `work`; returns what each returned."""
    jobs = min(jobs or draw_jobs(), len(work))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [draw_and_save(*item) for item in work]
    _WORK[:] = work
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_quiet) as pool:
            results = list(pool.map(_draw_job, range(len(work))))
    finally:
        _WORK.clear()
    for _, reads, files in results:  # inputs a drawing process read are the run's inputs too
        READ_LOG.update(reads)
        PACKAGE_READS.update(Path(f) for f in files)
    return [drawn for drawn, _, _ in results]


# --- marks shared by every chart: the shape of a report ---------------------------------------
#
# A count is a filled dot, an approximate figure a ring, a range a bar, a lower bound ("more
# than") a floor with an arrow pointing up, in the lower-bound colour; a figure known only to
# the year is a dotted bar across that year.

LOWER_BOUND_MARK = MarkerPath(
    [(-0.6, -1), (0.6, -1), (0, -1), (0, 0.3), (-0.4, 0.3), (0, 1), (0.4, 0.3), (0, 0.3)],
    [MarkerPath.MOVETO, MarkerPath.LINETO, MarkerPath.MOVETO, MarkerPath.LINETO,
     MarkerPath.MOVETO, MarkerPath.LINETO, MarkerPath.LINETO, MarkerPath.CLOSEPOLY])


UPPER_BOUND_MARK = MarkerPath([(x, -y) for x, y in LOWER_BOUND_MARK.vertices],
                              LOWER_BOUND_MARK.codes)
# A range as a bar with caps at both ends: a legend's mark for the range of a year's figures.
RANGE_MARK = MarkerPath([(-0.5, -1), (0.5, -1), (0, -1), (0, 1), (-0.5, 1), (0.5, 1)],
                        [MarkerPath.MOVETO, MarkerPath.LINETO, MarkerPath.MOVETO,
                         MarkerPath.LINETO, MarkerPath.MOVETO, MarkerPath.LINETO])

# A range too short to see, its two caps as one dash: the legend's mark for it.
DASH_MARK = MarkerPath([(-0.5, 0), (0.5, 0)], [MarkerPath.MOVETO, MarkerPath.LINETO])


def marker_pt(size: Size) -> float:
    return 6.0 if size.narrow else 5.5


def arrow_up(ax, x, y, length, colour: str, size: Size = FULL) -> None:
    """An open-ended mark: the reported floor with an arrow pointing to 'more'."""
    xn = mdates.date2num(pd.Timestamp(x)) if not isinstance(x, (int, float)) else x
    ax.annotate("", xy=(xn, y + length), xytext=(xn, y),
                arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.4,
                                mutation_scale=10 if size.narrow else 9, shrinkA=0, shrinkB=0))
    ax.plot([xn], [y], marker="_", markersize=10, markeredgewidth=2, color=colour,
            linestyle="none")


def arrow_down(ax, x, y, length, colour, size: Size = FULL) -> None:
    """A ceiling ("at most"): the figure with an arrow pointing to 'less', never below zero
    (the quantities charted are not negative, and an arrow whose head left the axes would
    not be drawn at all)."""
    arrow_up(ax, x, y, -min(length, y) if y > 0 else -length, colour, size)


def kind_marker(ax, x, y, kind: str, colour: str, size: Size = FULL, zorder: int = 3):
    """A count as a filled dot; anything else (approximate, estimate) as a ring."""
    ms = marker_pt(size)
    if kind == "count":
        ax.plot([x], [y], marker="o", markersize=ms, color=colour, linestyle="none",
                zorder=zorder)
    else:
        ax.plot([x], [y], marker="o", markersize=ms, markerfacecolor="white",
                markeredgecolor=colour, markeredgewidth=1.5, linestyle="none", zorder=zorder)


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
        elif kind == "upper_bound":
            handles.append(Line2D([], [], marker=UPPER_BOUND_MARK, color=colour,
                                  markersize=11, markeredgewidth=1.6, linestyle="none",
                                  label=label))
        elif kind == "range":
            handles.append(Line2D([], [], marker="|", color=colour, markersize=12,
                                  markeredgewidth=2.2, linestyle="none", label=label))
        elif kind == "year_only":
            handles.append(Line2D([], [], color=colour, linewidth=2.2, linestyle=(0, (1, 1)),
                                  label=label))
        else:
            handles.append(Line2D([], [], marker="o", markerfacecolor="white",
                                  markeredgecolor=colour, markeredgewidth=1.5,
                                  linestyle="none", label=label))
    return handles


def year_span(ax, year: int, y: float, colour: str, open_above: bool, arrow: float,
              open_below: bool = False, size: Size = FULL) -> None:
    """A figure known only to the year: a dotted bar across the whole year (never a point on
    1 January), with an arrow up when it is a lower bound, down when it is a ceiling."""
    start = pd.Timestamp(year=year, month=1, day=1)
    ax.plot([start, start + pd.DateOffset(years=1)], [y, y], color=colour, linewidth=2.2,
            linestyle=(0, (1, 1)), solid_capstyle="butt", zorder=4)
    middle = start + pd.DateOffset(months=6)
    if open_above:
        arrow_up(ax, middle, y, arrow, colour, size=size)
    elif open_below:
        arrow_down(ax, middle, y, arrow, colour, size)


def dodge(dates, step_days: int = 12) -> list:
    """Drawing positions for marks whose dates are too close to tell apart: in date order,
    each mark is put at least `step_days` after the one before, then every run of marks that
    had to move is shifted back by its average move (as far as the run before allows), so it
    stays centred on its own dates.
    Only the drawing moves; the data keep their dates."""
    stamps = [pd.Timestamp(d) for d in dates]
    order = sorted(range(len(stamps)), key=lambda i: (stamps[i], i))
    step = pd.Timedelta(days=step_days)
    placed: dict[int, pd.Timestamp] = {}
    runs: list[list[int]] = []
    previous = None
    for i in order:
        x = stamps[i] if previous is None else max(stamps[i], previous + step)
        if previous is not None and stamps[i] < previous + step:
            runs[-1].append(i)
        else:
            runs.append([i])
        placed[i] = previous = x
    positions = [None] * len(stamps)
    last = None
    for run in runs:
        shift = sum(((placed[i] - stamps[i]) for i in run), pd.Timedelta(0)) / len(run)
        if last is not None:  # never back into the run before
            shift = min(shift, placed[run[0]] - (last + step))
        for i in run:
            positions[i] = placed[i] - shift
        last = positions[run[-1]]
    return positions


def dodged(dates, step_days: int, days: int = 3) -> bool:
    """Whether `dodge` draws any of these dates' marks more than `days` from its date: then a
    chart's note tells readers that figures of close dates are set side by side."""
    stamps = [pd.Timestamp(d) for d in dates]
    return any(abs(drawn - stamp) > pd.Timedelta(days=days)
               for drawn, stamp in zip(dodge(stamps, step_days), stamps))


def side_by_side(table: pd.DataFrame, step_days: int, lang: str) -> str:
    """A chart note's sentence telling readers that figures of close dates are set side by side,
    when the chart (drawn with `date_positions(table, step_days)`) moves any; else ''."""
    dated = table[table["date_precision"] != "year"]["date"]
    return load_yaml(GLOSSARY)["side_by_side"][lang] if dodged(dated, step_days) else ""


def _kept_after(positions: dict, start: pd.Timestamp, step: pd.Timedelta) -> dict:
    """Positions moved later where needed, in order, so none is before `start` and each keeps
    `step` from the one before."""
    out, previous = {}, None
    for key in sorted(positions, key=lambda k: positions[k]):
        floor = start if previous is None else max(start, previous + step)
        out[key] = previous = max(positions[key], floor)
    return out


def date_positions(table: pd.DataFrame, step_days: int,
                   barrier: pd.Timestamp | None = None) -> dict:
    """Drawing dates of a report table's dated rows (figures known only to the year span their
    year instead), moved apart where they are too close to tell apart (dodge); the data keep
    their dates. With a `barrier` (the start of the state of exception), a mark never crosses
    it: those dated before stay before it, the others after. Row index -> date."""
    dated = table[table["date_precision"] != "year"]
    if dated.empty:
        return {}
    dates = pd.to_datetime(dated["date"])
    if barrier is None:
        return dict(zip(dated.index, dodge(dates, step_days=step_days)))
    step, half = pd.Timedelta(days=step_days), pd.Timedelta(days=step_days / 2)
    out = {}
    for before, side in ((True, dates < barrier), (False, dates >= barrier)):
        part = dates[side]
        moved = dict(zip(part.index, dodge(part, step_days=step_days)))
        if len(part) and before:  # mirrored: kept before the barrier
            mirrored = _kept_after({k: barrier + (barrier - v) for k, v in moved.items()},
                                   barrier + half, step)
            moved = {k: barrier - (v - barrier) for k, v in mirrored.items()}
        elif len(part):
            moved = _kept_after(moved, barrier + half, step)
        out.update(moved)
    return out


def date_year_axis(ax, dates=None, size: Size = FULL) -> None:
    """Years on a date axis (the same in both languages); with `dates`, the axis starts on
    1 January of the first year so that year is labelled, and ends a little after the last.
    A narrow chart labels every other year when there are many."""
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if dates is not None:
        dates = pd.to_datetime(pd.Series(list(dates)))
        first, last = dates.min(), dates.max()
        pad = max(pd.Timedelta(days=45), (last - first) * 0.03)
        ax.set_xlim(pd.Timestamp(first.year, 1, 1) - pad * 0.3, last + pad)
        years = last.year - first.year + 1
        step = (1 if years <= 4 else 2 if years <= 10 else 5) if size.narrow else \
            (1 if years <= 12 else 2)
        ax.xaxis.set_major_locator(mdates.YearLocator(step))
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator())

