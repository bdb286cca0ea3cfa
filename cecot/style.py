"""The house style: every chart of the collection goes through `finalise_chart`.

Like BBC's bbplot `finalise_plot`, one call puts the left-aligned title, subtitle and source
line on a chart and saves it; here it also saves the chart as PNG and SVG, writes the exact
data behind it as CSV and a sidecar JSON (title, subtitle, source line, language, source ids,
data as-of date, alt text). Nobody styles a chart by hand in a notebook.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless and deterministic; notebooks show the saved PNG instead
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from . import data as cdata  # noqa: E402
from .paths import display_path, resolve_output_dir  # noqa: E402
from .stories import LANGUAGES  # noqa: E402

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


def number(value: float, lang: str, digits: int = 2) -> str:
    """A number as each language writes it: 40,000 / 0.6 in English, 40 000 / 0,6 in Spanish."""
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:,.0f}"
    if lang == "es":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def new_chart(width: float = WIDTH_IN, height: float = HEIGHT_IN, ncols: int = 1):
    """A figure in house style with room reserved for the title band and source line."""
    plt.rcParams.update(RC)
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), dpi=DPI)
    fig.subplots_adjust(left=0.1, right=0.97, top=1 - TOP_BAND_IN / height,
                        bottom=BOTTOM_BAND_IN / height + 0.08, wspace=0.25)
    return fig, axes


def footer_lines(source_ids, lang: str, width_in: float, note: str = "") -> int:
    """How many lines finalise_chart's footer (note + source line) takes at this width."""
    chars = int(int(width_in * 11) * FOOTER_WRAP)
    lines = len(textwrap.wrap(cdata.source_line(source_ids, lang), chars)) + 1  # + credit
    if note:
        lines += len(textwrap.wrap(note, chars))
    return lines


def frame_chart(*, title: str, subtitle: str, source_ids, lang: str, note: str = "",
                width: float = WIDTH_IN, plot_height: float = 4.0, ncols: int = 1,
                legend_rows: int = 0, left: float = 0.1):
    """A figure sized for its text: the title band (as finalise_chart wraps it), `plot_height`
    inches of plotting area, an optional legend band of `legend_rows` rows, and the footer.
    Returns the figure, its axes and the figure fraction where the legend band starts."""
    legend_in = 0.27 * legend_rows + 0.12 if legend_rows else 0.0
    footer_in = 0.16 + 0.135 * footer_lines(source_ids, lang, width, note)
    title_lines = len(textwrap.wrap(title, int(int(width * 11) * TITLE_WRAP))) or 1
    subtitle_lines = len(textwrap.wrap(subtitle, int(width * 11))) or 1
    top_in = 0.18 + 0.30 * title_lines + 0.18 * subtitle_lines + 0.35
    bottom_in = footer_in + legend_in + 0.55
    height = top_in + plot_height + bottom_in
    fig, axes = new_chart(width=width, height=height, ncols=ncols)
    fig.subplots_adjust(left=left, right=0.97, top=1 - top_in / height,
                        bottom=bottom_in / height)
    return fig, axes, (footer_in + 0.1) / height


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


def finalise_chart(fig, *, chart_id: str, lang: str, title: str, subtitle: str,
                   source_ids, data: pd.DataFrame, output_dir, alt_text: str,
                   as_of: str, note: str = "") -> ChartBundle:
    """Title, subtitle and source line in house style; save PNG + SVG + CSV + sidecar."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    width, height = fig.get_size_inches()
    chars = int(width * 11)
    top = 1 - 0.18 / height
    fig.text(0.02, top, _wrap(title, int(chars * TITLE_WRAP)), ha="left", va="top", fontsize=14,
             fontweight="bold", color=PALETTE["ink"])
    n_title_lines = len(textwrap.wrap(title, int(chars * TITLE_WRAP))) or 1
    fig.text(0.02, top - (0.30 * n_title_lines) / height, _wrap(subtitle, chars), ha="left",
             va="top", fontsize=10.5, color=PALETTE["muted"])
    # The note and the source line each wrap on their own, one under the other.
    footer_width = int(chars * FOOTER_WRAP)
    footer = "\n".join(filter(None, [_wrap(note, footer_width),
                                     _wrap(cdata.source_line(source_ids, lang), footer_width)]))
    # The credit takes its own line under the sources, so no source line can run into it.
    fig.text(0.02, 0.12 / height, footer + "\n" + CREDIT, ha="left", va="bottom",
             fontsize=8, color=PALETTE["muted"])

    out = resolve_output_dir(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{chart_id}.{lang}"
    png, svg, csv = out / f"{stem}.png", out / f"{stem}.svg", out / f"{chart_id}.csv"
    # zlib level 3: measured faster and smaller than the default for these charts.
    fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None},
                pil_kwargs={"compress_level": 3})
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    csv_text = data.to_csv(index=False, lineterminator="\n")
    csv.write_text(csv_text, encoding="utf-8")
    sidecar = out / f"{stem}.json"
    ids = []
    for item in source_ids:
        for part in str(item).split(";"):
            if part not in ids:
                ids.append(part)
    meta = {
        "chart_id": chart_id,
        "language": lang,
        "title": title,
        "subtitle": subtitle,
        "source_line": cdata.source_line(source_ids, lang),
        "source_ids": ids,
        "note": note,
        "alt_text": alt_text,
        "data_as_of": as_of,
        "files": {"png": png.name, "svg": svg.name, "data": csv.name},
        "data_sha256": cdata.sha256_bytes(csv_text.encode("utf-8")),
        "license": "CC BY 4.0",
    }
    sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return ChartBundle(chart_id, lang, png, svg, csv, sidecar)


def describe(bundle: ChartBundle) -> str:
    return f"{bundle.chart_id} ({bundle.lang}): {display_path(bundle.png)}, " \
           f"{display_path(bundle.svg)}, {display_path(bundle.csv)}"
