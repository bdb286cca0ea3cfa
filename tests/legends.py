"""Every legend entry is drawn as its marks are: the same colour, the same marker, the same line.

`mismatches(fig)` lists the legend entries of a drawn chart that no mark of the chart looks
like. A mark is described by what a reader sees: its colour and its shape (a line in a given
dash, a marker, a filled patch, an arrow). The house style's composite marks count as their
parts: the "more than" and "at most" glyphs of a legend are an arrow on the chart."""

from __future__ import annotations

from matplotlib.collections import Collection, LineCollection
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.path import Path as MarkerPath

from cecot import style

NONE = {"none", "None", "", " ", None}


def _same_path(a, b) -> bool:
    return len(a.vertices) == len(b.vertices) and (abs(a.vertices - b.vertices) < 1e-9).all()


def _hex(colour) -> str | None:
    if colour is None or (isinstance(colour, str) and colour in NONE):
        return None
    try:
        rgba = colour if not hasattr(colour, "__len__") or isinstance(colour, str) else colour
        hexed = to_hex(rgba, keep_alpha=False)
    except (ValueError, TypeError):
        return None
    return None if hexed == "#ffffff" else hexed


def _dash(line: Line2D) -> str:
    style_ = line.get_linestyle()
    return "solid" if style_ in ("-", "solid") else "dotted" if style_ in (":", "dotted") \
        else "dashed"


def _marker(line: Line2D) -> str | None:
    marker = line.get_marker()
    if isinstance(marker, MarkerPath):
        if any(_same_path(marker, m) for m in (style.LOWER_BOUND_MARK, style.UPPER_BOUND_MARK)):
            return "bound"
        if _same_path(marker, style.RANGE_MARK):
            return "|"
        return f"path{len(marker.vertices)}"
    return None if marker in NONE else str(marker)


def looks(artist) -> set[tuple]:
    """What a reader sees of one artist: (shape, colour) pairs."""
    seen: set[tuple] = set()
    if isinstance(artist, Line2D):
        marker = _marker(artist)
        if artist.get_linestyle() not in NONE and artist.get_linewidth() > 0 and \
                len(artist.get_xdata()) != 1:
            seen.add(("line:" + _dash(artist), _hex(artist.get_color())))
        if marker:
            shape = "bound" if marker in ("bound", "_") else f"marker:{marker}"
            for c in (artist.get_markerfacecolor(), artist.get_markeredgecolor()):
                if _hex(c):
                    seen.add((shape, _hex(c)))
    elif isinstance(artist, FancyArrowPatch):
        seen.add(("bound", _hex(artist.get_edgecolor())))
    elif isinstance(artist, Patch):
        face = _hex(artist.get_facecolor()) if artist.get_fill() else None
        if artist.get_visible():
            seen.add(("patch", face or _hex(artist.get_edgecolor())))
    elif isinstance(artist, LineCollection):
        for c in artist.get_colors():
            seen.add(("line:solid", _hex(c)))
            seen.add(("line:dashed", _hex(c)))
            seen.add(("bar", _hex(c)))
    elif isinstance(artist, Collection):
        for c in list(artist.get_facecolors()) + list(artist.get_edgecolors()):
            if _hex(c):
                seen.add(("marker:any", _hex(c)))
    return {(shape, c) for shape, c in seen if c}


def _drawn(fig) -> set[tuple]:
    seen: set[tuple] = set()
    for ax in fig.axes:
        artists = list(ax.lines) + list(ax.patches) + list(ax.collections)
        artists += [t.arrow_patch for t in ax.texts if getattr(t, "arrow_patch", None)]
        for artist in artists:
            seen |= looks(artist)
    return seen


def _matches(entry: tuple, drawn: set[tuple]) -> bool:
    shape, c = entry
    if (shape, c) in drawn:
        return True
    if shape == "marker:|":  # a range, drawn as a vertical line in its colour
        return any(s.startswith("line:") and d == c for s, d in drawn) or ("bar", c) in drawn
    if shape.startswith("marker:"):
        # A marker drawn by scatter (a collection) keeps its colour, not its shape's name.
        return ("marker:any", c) in drawn
    return False


def _matches_shape(entry: tuple, drawn: set[tuple]) -> bool:
    """A shape-only swatch: the same shape drawn in any colour."""
    shape, _ = entry
    return any(_matches((shape, c), drawn) for _, c in drawn)


def mismatches(fig) -> list[str]:
    """Legend entries no mark of the chart looks like."""
    drawn = _drawn(fig)
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    problems = []
    for legend in legends:
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            entry = looks(handle)
            if not entry:
                continue  # an entry with nothing drawn (a label alone)
            match = _matches_shape if handle.get_gid() == style.SHAPE_ONLY else _matches
            missing = [e for e in entry if not match(e, drawn)]
            if missing:
                problems.append(f"{text.get_text()!r}: {sorted(missing)} not drawn "
                                f"(drawn: {sorted(drawn)})")
    return problems
