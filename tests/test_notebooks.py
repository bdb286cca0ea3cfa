"""Run the notebooks through the command line with non-default parameters (as pyhf does with
papermill) and assert the numbers they publish; check the build's guarantees."""

from __future__ import annotations

import json

import pytest

from cecot import paths

from conftest import read_numbers, run_cecot, snapshot


# The shared run (conftest.SCENARIO): 20,000 people, 200 cells, 30,000 m² of cells, a 4 m²
# guideline, notebook text in Spanish.

def test_density_with_other_parameters(scenario_run):
    numbers = read_numbers(scenario_run, "density")
    assert numbers["population"] == 20000 and numbers["guideline_m2"] == 4
    # 30,000 m² / 20,000 = 1.5 m² each; 20,000 / 200 = 100 per cell.
    assert numbers["m2_per_person"] == pytest.approx(1.5)
    assert numbers["people_per_cell"] == 100
    # 4 / 1.5 = 2.67: the guideline asks for almost three times the space.
    assert numbers["guideline_ratio"] == pytest.approx(2.666667, abs=1e-6)
    assert numbers["people_within_guideline"] == 7500  # 30,000 / 4: area, not population
    # One cell keeps the sources' ~100 m²: 100 m² / 100 people = 1 m² each.
    assert numbers["m2_per_person_in_cell"] == pytest.approx(1.0)


def test_custom_run_writes_only_under_its_folder(scenario_run):
    story = scenario_run / "figures" / "density"
    assert (scenario_run / "notebooks" / "01-density.ipynb").exists()
    for chart in ("space-vs-standards", "cell-to-scale"):
        for lang in ("en", "es"):
            for ext in ("png", "svg", "json"):
                assert (story / f"{chart}.{lang}.{ext}").stat().st_size > 0
        assert (story / f"{chart}.csv").exists()
    sidecar = json.loads((story / "space-vs-standards.es.json").read_text(encoding="utf-8"))
    assert sidecar["language"] == "es" and sidecar["title"].startswith("Cada preso tendría 1,5")
    assert sidecar["source_line"].startswith("Fuentes:")
    assert sidecar["alt_text"] and sidecar["data_as_of"]
    # The notebook got the Spanish language parameter and shows the Spanish chart.
    nb = json.loads((scenario_run / "notebooks" / "01-density.ipynb").read_text())
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and 'lang = "es"' in "".join(injected[0]["source"])
    assert "population = 20000" in "".join(injected[0]["source"])


def test_committed_numbers_are_the_default_run():
    numbers = read_numbers(paths.ROOT, "density")
    assert numbers["population"] == 40000
    assert numbers["m2_per_person"] == pytest.approx(0.6)
    assert numbers["people_per_cell"] == 156.25
    assert numbers["guideline_m2"] == 3.4
    assert numbers["people_within_guideline"] == 7058


def test_failing_notebook_leaves_every_output_untouched(repo_copy):
    """Every CSV valid, but a fact the density story needs is gone: the notebook itself
    raises. The build must fail with one line and move nothing into place."""
    facility = repo_copy / "data" / "facility.csv"
    lines = facility.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("cells_per_block,")]
    facility.write_text("\n".join(kept) + "\n", encoding="utf-8")
    before = snapshot(repo_copy / "figures"), snapshot(repo_copy / "notebooks")
    # Two stories: density fails, occupancy succeeds, and still nothing is moved into place.
    result = run_cecot("build", "density", "occupancy", "--force", root=repo_copy)
    assert result.returncode == 2, result.stderr
    message = result.stderr.strip().splitlines()
    assert len(message) == 1 and "no row for fact 'cells_per_block'" in message[0], message
    assert "data/facility.csv" in message[0]
    assert (snapshot(repo_copy / "figures"), snapshot(repo_copy / "notebooks")) == before
