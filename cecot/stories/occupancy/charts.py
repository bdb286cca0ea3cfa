"""The occupancy charts, drawn from the computed tables and the words. Every value comes from
compute.py, every word from words.py."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FuncFormatter

from ... import fmt
from ...computed import Computed
from ...legacy_style import PALETTE, frame_chart
from ...style import dodge
from ...words import ChartText

COLOURS = {"": PALETTE["blue"], "people_per_cell": PALETTE["teal"],
           "share_of_capacity": PALETTE["gold"]}


def _draw_marks(ax, table: pd.DataFrame, low_col: str, high_col: str, arrow: float) -> None:
    """Counts as dots, approximations as rings, ranges as bars, lower bounds as arrows up,
    upper bounds ("up to") as arrows down."""
    xs = dodge(table["date"])
    for x, r in zip(xs, table.itertuples()):
        colour = COLOURS[r.converted_from]
        low, high = getattr(r, low_col), getattr(r, high_col)
        if r.date_precision == "year":
            # Known only to the year: a bar across the whole year, never a point in January.
            start = pd.Timestamp(year=pd.Timestamp(r.date).year, month=1, day=1)
            level = low if low is not None else high
            ax.plot([start, start + pd.DateOffset(years=1)], [level, level], color=colour,
                    linewidth=2.2, linestyle=(0, (1, 1)), solid_capstyle="butt", zorder=4)
            if r.open_ended:
                middle = start + pd.DateOffset(months=6)
                ax.annotate("", xy=(middle, level + arrow), xytext=(middle, level), zorder=4,
                            arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.6,
                                            mutation_scale=10, shrinkA=0, shrinkB=0))
            continue
        if r.open_below:
            ax.plot([x], [high], marker="_", markersize=8, markeredgewidth=2.2, color=colour,
                    zorder=4)
            ax.annotate("", xy=(x, high - arrow), xytext=(x, high), zorder=4,
                        arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.2,
                                        mutation_scale=12, shrinkA=0, shrinkB=0))
        elif r.open_ended:
            ax.plot([x], [low], marker="_", markersize=8, markeredgewidth=2.2, color=colour,
                    zorder=4)
            ax.annotate("", xy=(x, low + arrow), xytext=(x, low), zorder=4,
                        arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.2,
                                        mutation_scale=12, shrinkA=0, shrinkB=0))
        elif high > low:
            ax.vlines(x, low, high, color=colour, linewidth=3.2, zorder=3)
            ax.plot([x, x], [low, high], linestyle="none", marker="_", markersize=7,
                    markeredgewidth=2, color=colour, zorder=3)
        elif r.kind == "approx":
            ax.plot([x], [low], marker="o", markersize=7, markerfacecolor="white",
                    markeredgewidth=2, color=colour, zorder=4)
        elif r.converted_from:
            ax.plot([x], [low], marker="D", markersize=6.5, color=colour, zorder=4)
        else:
            ax.plot([x], [low], marker="o", markersize=7, color=colour, zorder=4)


class _Mark:
    """A legend entry drawn as the chart draws it: a capped bar or an open-ended arrow."""

    def __init__(self, shape: str, colour: str, label: str):
        self.shape, self.colour, self.label = shape, colour, label

    def get_label(self):
        return self.label


class _MarkHandler(HandlerBase):
    def create_artists(self, legend, handle, xdescent, ydescent, width, height, fontsize,
                       trans):
        cx = width / 2 - xdescent
        y0, y1 = -ydescent + 0.5, height - ydescent - 0.5
        colour = handle.colour
        if handle.shape == "range":
            return [Line2D([cx, cx], [y0, y1], color=colour, linewidth=3.2, transform=trans),
                    Line2D([cx, cx], [y0, y1], linestyle="none", marker="_", markersize=7,
                           markeredgewidth=2, color=colour, transform=trans)]
        start, end = (y0, y1 + 2) if handle.shape == "arrow" else (y1, y0 - 2)  # "arrow_down"
        arrow = FancyArrowPatch((cx, start), (cx, end), arrowstyle="-|>", mutation_scale=7,
                                color=colour, linewidth=2.2, shrinkA=0, shrinkB=0,
                                transform=trans)
        base = Line2D([cx], [start], marker="_", markersize=8, markeredgewidth=2.2,
                      color=colour, transform=trans)
        return [arrow, base]


def _band_legend(fig, handles: list, bottom: float) -> None:
    """The legend in its own band under the chart (inside, it would hide reports)."""
    fig.legend(handles=handles, labels=[h.get_label() for h in handles],
               handler_map={_Mark: _MarkHandler()}, loc="lower left",
               bbox_to_anchor=(0.015, bottom), ncol=3, fontsize=7.6, handlelength=1.8,
               handleheight=1.4, columnspacing=1.0, labelspacing=0.85, frameon=False)


def _handles(labels: dict[str, str]) -> list:
    """Legend entries for the marks named in `labels`, in its order."""
    blue = PALETTE["blue"]
    drawn = {
        "count": lambda label: Line2D([], [], marker="o", linestyle="none", color=blue,
                                      markersize=7, label=label),
        "approx": lambda label: Line2D([], [], marker="o", linestyle="none", color=blue,
                                       markersize=7, markerfacecolor="white",
                                       markeredgewidth=2, label=label),
        "range": lambda label: _Mark("range", blue, label),
        "lower_bound": lambda label: _Mark("arrow", blue, label),
        "people_per_cell": lambda label: _Mark("range", PALETTE["teal"], label),
        "upper_bound": lambda label: _Mark("arrow_down", PALETTE["teal"], label),
        "share_of_capacity": lambda label: Line2D([], [], marker="D", linestyle="none",
                                                  color=PALETTE["gold"], markersize=6.5,
                                                  label=label),
        "year_only": lambda label: Line2D([], [], color=PALETTE["blue"], linewidth=2.2,
                                          linestyle=(0, (1, 1)), label=label),
        "transfer": lambda label: Line2D([], [], marker="v", linestyle="none",
                                         color=PALETTE["grey"], markersize=7, label=label),
        "capacity": lambda label: Line2D([], [], color=PALETTE["accent"], linestyle="--",
                                         linewidth=1.6, label=label),
        "design": lambda label: Line2D([], [], color=PALETTE["purple"], linestyle=":",
                                       linewidth=2, label=label),
        "scenario": lambda label: Line2D([], [], color=PALETTE["ink"], linestyle="-.",
                                         linewidth=1.2, label=label),
    }
    return [drawn[mark](label) for mark, label in labels.items()]


def _frame(text: ChartText, legend_rows: int = 0):
    """The house frame (room for title, legend band and the long source footer)."""
    return frame_chart(text, plot_height=4.4, legend_rows=legend_rows, left=0.11)


def _date_axis(ax, start: str, end: str) -> None:
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))


def _axis_limits(table: pd.DataFrame) -> tuple[str, str]:
    first = pd.Timestamp(table["date"].min())
    last = pd.Timestamp(table["date"].max())
    return (pd.Timestamp(year=first.year, month=1, day=1).isoformat(),
            (pd.Timestamp(year=last.year, month=last.month, day=1)
             + pd.DateOffset(months=3)).isoformat())


def population_timeline(computed: Computed, text: ChartText):
    """Reported population over time: every report in its shape, transfers apart, both
    capacities as lines."""
    n = computed.numbers
    table, moved = computed.tables["snapshots"], computed.tables["transfers"]
    lang = text.lang
    capacity, design = n["capacity"], n["design_capacity"]
    population = computed.params["population"]
    handles = _handles(text.labels["legend"])
    rows = -(-len(handles) // 3)
    fig, ax, legend_y = _frame(text, legend_rows=rows)
    # A strip under the main panel for the transfers, sharing its date axis.
    box = ax.get_position()
    strip_h = 0.07
    ax.set_position([box.x0, box.y0 + strip_h + 0.035, box.width,
                     box.height - strip_h - 0.035])
    strip = fig.add_axes([box.x0, box.y0, box.width, strip_h], sharex=ax)

    ymax = max(capacity, design, population) * 1.12
    arrow = ymax * 0.075
    ax.axhline(capacity, color=PALETTE["accent"], linestyle="--", linewidth=1.6, zorder=2)
    ax.axhline(design, color=PALETTE["purple"], linestyle=":", linewidth=2, zorder=2)
    if population > 0:
        ax.axhline(population, color=PALETTE["ink"], linestyle="-.", linewidth=1.2, zorder=2)
    _draw_marks(ax, table, "population_low", "population_high", arrow)
    ax.set_ylim(0, ymax)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.whole(v, lang)))
    ax.set_ylabel(text.labels["axis"])
    start, end = _axis_limits(table)
    _date_axis(ax, start, end)
    ax.tick_params(axis="x", labelbottom=False)

    _band_legend(fig, handles, legend_y)

    # Transfers: one small mark per date, labelled with the people moved (never summed).
    strip.set_ylim(0, 1)
    strip.set_yticks([])
    strip.grid(False)
    strip.spines["left"].set_visible(False)
    strip.set_ylabel(text.labels["transfers_axis"], rotation=0, ha="right", va="center",
                     fontsize=8.5, color=PALETTE["muted"])
    if len(moved):
        labels = text.labels["transfers"]
        by_date = pd.Series(labels, index=moved["date"]).groupby(level=0, sort=True).apply(list)
        previous = None
        row = 0
        for date, values in by_date.items():
            x = pd.Timestamp(date)
            # Labels of transfers close in time alternate between two rows.
            row = 1 - row if previous is not None and (x - previous).days < 75 else 0
            previous = x
            label = " + ".join(values)
            strip.plot([x], [0.85], marker="v", color=PALETTE["grey"], markersize=7)
            strip.text(x, 0.5 - 0.38 * row, label, ha="center", va="center", fontsize=7.4,
                       color=PALETTE["ink"])
    _date_axis(strip, start, end)
    return fig, computed.tables["population-timeline"]


def people_per_cell(computed: Computed, text: ChartText):
    """People per cell at each report and at capacity, against the bunk places of a cell."""
    n = computed.numbers
    table = computed.tables["snapshots"]
    population = computed.params["population"]
    bunks = n["bunks_per_cell"]
    full_per_cell = n["capacity_people_per_cell"]
    scenario = n["scenario"]["people_per_cell"] if population > 0 else 0
    handles = _handles(text.labels["legend"])
    rows = -(-len(handles) // 3)
    fig, ax, legend_y = _frame(text, legend_rows=rows)
    top_y = max(full_per_cell, bunks, scenario) * 1.14
    arrow = top_y * 0.075
    ax.axhspan(bunks, top_y, color=PALETTE["accent"], alpha=0.06, zorder=0)
    ax.axhline(bunks, color=PALETTE["ink"], linewidth=1.6, zorder=2)
    ax.axhline(full_per_cell, color=PALETTE["accent"], linestyle="--", linewidth=1.6,
               zorder=2)
    if population > 0:
        ax.axhline(scenario, color=PALETTE["ink"], linestyle="-.", linewidth=1.2, zorder=2)
    _draw_marks(ax, table, "people_per_cell_low", "people_per_cell_high", arrow)
    ax.set_ylim(0, top_y)
    ax.set_ylabel(text.labels["axis"])
    start, end = _axis_limits(table)
    _date_axis(ax, start, end)
    # Direct labels on the two reference lines, at the left end (no report sits there),
    # just above each line.
    xmin = pd.Timestamp(start) + pd.Timedelta(days=12)
    ax.text(xmin, full_per_cell + top_y * 0.012, text.labels["capacity_line"], ha="left",
            va="bottom", fontsize=8.5, color=PALETTE["accent"])
    ax.text(xmin, bunks + top_y * 0.012, text.labels["bunks_line"], ha="left",
            va="bottom", fontsize=8.5, color=PALETTE["ink"])
    _band_legend(fig, handles, legend_y)
    return fig, computed.tables["people-per-cell"]


DRAW = {"population-timeline": population_timeline, "people-per-cell": people_per_cell}
