"""One real parameter run, as a reporter types it: one story with other parameters, in Spanish,
through the command line. The notebook takes its parameters, reads as Spanish (narrative,
printed labels, table headers), and the run writes only under its own folder. (The machinery
behind it is tested on the echo story, tests/machinery/; every story's Spanish words, in
process, by tests/stories/test_spanish_runs.py.)"""

import json
import re

import pytest

from cecot import paths
from cecot.machinery import i18n

from conftest import read_numbers, run_cecot, snapshot


@pytest.fixture(scope="module")
def density_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    before = snapshot(paths.FIGURES), snapshot(paths.NOTEBOOKS)
    result = run_cecot("build", "density", "-p", "population", "20000", "-p", "cells", "200",
                       "-p", "cell_m2", "150", "-p", "guideline_m2", "4", "--lang", "es",
                       "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert (snapshot(paths.FIGURES), snapshot(paths.NOTEBOOKS)) == before
    return out


def test_the_numbers_follow_the_parameters(density_run):
    numbers = read_numbers(density_run, "density")
    assert numbers["population"] == 20000 and numbers["guideline_m2"] == 4
    # 20,000 / 200 = 100 per cell; a 150 m² cell / 100 people = 1.5 m² each.
    assert numbers["people_per_cell"] == 100
    assert numbers["m2_per_person"] == pytest.approx(1.5)
    # 4 / 1.5 = 2.67: the guideline asks for almost three times the space.
    assert numbers["guideline_ratio"] == pytest.approx(2.666667, abs=1e-6)
    # A 150 m² cell holds 37 whole people at 4 m² each (37.5): 200 cells hold 7,400, though
    # their 30,000 m² of floor taken as one would hold 7,500.
    assert numbers["floor_m2"] == 30000 and numbers["people_within_guideline"] == 7400
    # The reported head counts are measured in the same cells: 4,000 / 200 = 20 per cell,
    # 150 / 20 = 7.5 m² (March 2023).
    assert numbers["observed"]["m2_per_person"][0] == [7.5, 7.5]
    # 4 m² is the CPT's figure: the yardstick is named after it.
    assert numbers["guideline_standard"] == "cpt_multiple"


def test_every_chart_in_both_languages_and_the_notebook_in_its_folder(density_run):
    story = density_run / "figures" / "density"
    for chart in ("space-at-reported-counts", "space-vs-standards", "cell-to-scale"):
        for lang in ("en", "es"):
            for ext in ("png", "svg", "json", "narrow.png", "narrow.svg"):
                assert (story / f"{chart}.{lang}.{ext}").stat().st_size > 0
        assert (story / f"{chart}.csv").exists()
    sidecar = json.loads((story / "cell-to-scale.es.json").read_text(encoding="utf-8"))
    assert sidecar["language"] == "es"
    assert "cabrían 37" in sidecar["title"]  # 150 m² / 4 = 37.5: 37 whole people
    nb = json.loads((density_run / "notebooks" / "01-density.ipynb").read_text())
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and injected[0]["id"] == "injected-parameters"
    source = "".join(injected[0]["source"])
    assert 'lang = "es"' in source and "population = 20000" in source
    assert 'output_dir = "figures/density"' in source


def test_the_run_reads_as_spanish(density_run):
    nb = json.loads((density_run / "notebooks" / "01-density.ipynb").read_text("utf-8"))
    markdown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    translated = i18n.spanish("01-density.ipynb")
    assert markdown and all(text in translated.values() for text in markdown)
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"]
                      for o in c.get("outputs", []))
    assert printed.startswith("parámetros: ") and "carpeta de salida: " in printed
    assert "output folder" not in printed and "El texto de este cuaderno" not in printed
    tables = [o["data"]["text/plain"] for c in nb["cells"] for o in c.get("outputs", [])
              if "text/html" in o.get("data", {}) and "<table" in "".join(o["data"]["text/html"])]
    assert tables
    for table in tables:
        header = "".join(table).splitlines()[0]
        assert not re.search(r"\bsource_id\b|\bdate\b|\bvalue\b", header), header
