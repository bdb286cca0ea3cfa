"""One palette with fixed meanings, told apart by colour-blind readers.

Every pair of categories that can share a chart (cecot.style.GROUPS) is simulated under
deuteranopia, protanopia and tritanopia (full severity, Machado et al. 2009, as colorspacious
implements it) and compared in CAM02-UCS, a space where distances match what people see. The
test fails when two of them come closer than cecot.style.MIN_DELTA_E. Charts draw their
categories with these colours only.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from colorspacious import cspace_convert

from cecot import paths, style

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")


def rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))


def seen_by(colour: str, deficiency: str | None):
    space = "sRGB255" if deficiency is None else \
        {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    source = rgb(colour) if deficiency is None else tuple(c / 255 for c in rgb(colour))
    if deficiency is None:
        return cspace_convert(source, "sRGB255", "CAM02-UCS")
    simulated = cspace_convert(source, space, "sRGB1")
    return cspace_convert(simulated.clip(0, 1), "sRGB1", "CAM02-UCS")


def delta_e(a, b) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5)


@pytest.mark.parametrize("group", sorted(style.GROUPS))
@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_categories_that_share_a_chart_stay_apart(group, deficiency):
    names = style.GROUPS[group]
    seen = {name: seen_by(style.PALETTE[name], deficiency) for name in names}
    close = [(a, b, round(delta_e(seen[a], seen[b]), 1))
             for a, b in itertools.combinations(names, 2)
             if delta_e(seen[a], seen[b]) < style.MIN_DELTA_E]
    assert close == [], f"{deficiency or 'normal vision'}: {close}"


def test_the_check_can_fail():
    # Two greens that only hue separates merge for a deuteranope: the test would catch them.
    a, b = seen_by("#1B9E77", "deuteranomaly"), seen_by("#999999", "deuteranomaly")
    assert delta_e(a, b) < style.MIN_DELTA_E


def test_every_category_has_one_colour_and_one_meaning():
    assert len(set(style.PALETTE.values())) == len(style.PALETTE)
    grouped = {name for names in style.GROUPS.values() for name in names}
    assert grouped == set(style.PALETTE)


def test_no_two_meanings_look_alike_anywhere_in_the_collection():
    # One colour, one meaning across every chart, not only within one: a reader who met a
    # green for "holds" on the ledger must not meet a near-green for Amnesty elsewhere (the
    # olive #4E7D2A it had was 8.5 from the ledger's green).
    seen = {name: seen_by(colour, None) for name, colour in style.PALETTE.items()}
    close = [(a, b, round(delta_e(seen[a], seen[b]), 1))
             for a, b in itertools.combinations(seen, 2)
             if delta_e(seen[a], seen[b]) < COLLECTION_DELTA_E]
    assert close == []
    assert delta_e(seen_by("#4E7D2A", None), seen["holds"]) < COLLECTION_DELTA_E  # it bites


COLLECTION_DELTA_E = 15.0  # normal vision, any two meanings of the whole collection


def test_story_charts_use_the_palette_only():
    """No chart module writes a colour of its own: every colour is a PALETTE meaning."""
    for path in sorted((paths.PACKAGE / "stories").glob("*/charts.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"#[0-9A-Fa-f]{6}\b", text), path
        assert "legacy_style" not in text, path
