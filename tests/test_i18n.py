"""The Spanish narrative of the notebooks (notebooks/es/): complete, current, numbers intact."""

from __future__ import annotations

import json
import re

import pytest

from cecot import paths, registry
from cecot.machinery import i18n

NOTEBOOKS = [s.notebook for s in registry.stories().values()
             if (paths.NOTEBOOKS / s.notebook).exists()]


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_narrative_cell_is_translated_from_the_current_english(notebook):
    assert i18n.problems(notebook) == []
    cells = {cell_id for cell_id, _ in i18n.markdown_cells(notebook)}
    assert set(i18n.spanish(notebook)) == cells


def test_numbers_are_compared_digit_by_digit_whatever_the_separators():
    english = "40,000 people, 0.6 m² each; 3.4 m² in 2019, 2020 and 2024; 1,322 homicides"
    spanish = ("40\u202f000 personas, 0,6 m² cada una; 3,4 m² en 2019, 2020 y 2024; "
               "1322 homicidios")
    assert i18n.numbers(english) == i18n.numbers(spanish)
    assert i18n.numbers("between 10,000 and 20,000") == i18n.numbers("entre 10 000 y 20 000")
    # A number changed, dropped or rounded is a difference.
    assert i18n.numbers("0.64 m²") != i18n.numbers("0,6 m²")
    assert i18n.numbers("256 cells of 100 m²") != i18n.numbers("celdas de 100 m²")


def _fake(monkeypatch, english: dict, entries: dict):
    monkeypatch.setattr(i18n, "markdown_cells", lambda notebook: list(english.items()))
    monkeypatch.setattr(i18n, "load", lambda notebook: entries)


def test_an_english_edit_makes_its_translation_stale(monkeypatch):
    old = "The cell holds 80 bunk places."
    entries = {"c1": {"en_sha256": i18n.text_hash(old),
                      "es": "La celda tiene 80 plazas de litera."}}
    _fake(monkeypatch, {"c1": old}, entries)
    assert i18n.problems("x.ipynb") == [] and i18n.spanish("x.ipynb") == {
        "c1": "La celda tiene 80 plazas de litera."}
    _fake(monkeypatch, {"c1": "The cell holds 100 bunk places."}, entries)
    assert "changed since it was translated" in i18n.problems("x.ipynb")[0]
    assert i18n.spanish("x.ipynb") == {}  # the site shows the English cell instead


def test_a_lost_number_or_a_missing_cell_is_reported(monkeypatch):
    english = {"c1": "256 cells, 40,000 people.", "c2": "Caveats."}
    entries = {"c1": {"en_sha256": i18n.text_hash(english["c1"]),
                      "es": "256 celdas, mucha gente."},
               "gone": {"en_sha256": "x", "es": "Texto."}}
    _fake(monkeypatch, english, entries)
    found = i18n.problems("x.ipynb")
    assert any("c1: numbers differ" in f and "'40000'" in f for f in found)
    assert any("c2: no Spanish text" in f for f in found)
    assert any("gone: no such markdown cell" in f for f in found)


def test_the_command_names_an_unknown_notebook_in_one_line(capsys):
    assert i18n.main(["template", "densty"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: no notebook notebooks/densty.ipynb"]


def test_a_stale_translation_falls_back_to_english_on_the_site(monkeypatch):
    from cecot.machinery import site
    monkeypatch.setattr(i18n, "spanish", lambda notebook: {})
    story = registry.story("density")
    parts, untranslated = site.notebook_parts(story, "es", site.charts_of(story, "es"))
    narrative = [p for p in parts if p["kind"] == "markdown" and not p.get("output")]
    assert untranslated and narrative and all(p["lang"] == "en" for p in narrative)
    page = site.pages_of("es")["density-methodology.html"]
    assert site.Words("es").untranslated_note in page


# --- Spanish charts have nothing left in English ----------------------------------------------

ENGLISH = re.compile(r"\b(the|and|per|people|Sources?|Chart|Count|Range|More than|Up to|"
                     r"Known only|year|press|reports?|capacity|Approximate|figures?|Official|"
                     r"Paid|Announced|Stated|copy|republished|unknown|Full list)\b")


def test_spanish_charts_have_nothing_left_in_english():
    import html as html_

    from cecot import paths

    checked = 0
    for svg in sorted(paths.FIGURES.glob("*/*.es*.svg")):
        texts = [html_.unescape(t) for t in
                 re.findall(r">([^<>]+)</text>", svg.read_text(encoding="utf-8"))]
        english = [t for t in texts if ENGLISH.search(t)]
        assert english == [], (svg.name, english[:5])
        checked += 1
    for sidecar in sorted(paths.FIGURES.glob("*/*.es.json")):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        for key in ("title", "subtitle", "note", "source_line", "credit", "alt_text"):
            assert not ENGLISH.search(meta.get(key) or ""), (sidecar.name, key, meta[key])
    assert checked >= 30
    # The same words are caught in English charts: the check can fail.
    english = paths.FIGURES / "density" / "space-vs-standards.en.svg"
    assert ENGLISH.search(english.read_text(encoding="utf-8"))
