"""Parameters: declared once, checked before anything is written."""

import pytest

from cecot import stories
from cecot.errors import ParameterError

from conftest import run_cecot


def test_defaults_are_valid():
    for story in stories.STORIES.values():
        assert stories.validate(story.name) == story.defaults


def test_command_line_strings_are_converted_to_declared_types():
    params = stories.validate("density", population="20000", guideline_m2="4", lang="es")
    assert params["population"] == 20000 and isinstance(params["population"], int)
    assert params["guideline_m2"] == 4.0 and isinstance(params["guideline_m2"], float)


@pytest.mark.parametrize("name, value, fragment", [
    ("population", "0", "greater than 0"),
    ("population", "-5", "greater than 0"),
    ("population", "20000.5", "whole number"),
    ("population", "many", "whole number"),
    ("cells", "0", "greater than 0"),
    ("guideline_m2", "0", "greater than 0"),
    ("guideline_m2", "nan", "finite"),
    ("lang", "fr", "en, es"),
    ("populaton", "1", "unknown parameter"),
])
def test_bad_values_name_the_parameter(name, value, fragment):
    with pytest.raises(ParameterError) as err:
        stories.validate("density", **{name: value})
    assert f"'{name}'" in str(err.value) and fragment in str(err.value)


@pytest.mark.parametrize("args, fragment", [
    (["-p", "population", "-5"], "parameter 'population'"),
    (["-p", "populaton", "20000"], "parameter 'populaton'"),
    (["-p", "cells", "0"], "parameter 'cells'"),
    (["-p", "guideline_m2", "abc"], "parameter 'guideline_m2'"),
    (["--lang", "fr"], "parameter 'lang'"),
])
def test_cli_rejects_bad_parameters_and_writes_nothing(tmp_path, args, fragment):
    out = tmp_path / "out"
    result = run_cecot("build", "density", *args, "--output", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_cli_rejects_unknown_story(tmp_path):
    result = run_cecot("build", "densty", "--output", str(tmp_path / "out"))
    assert result.returncode == 2 and "unknown story 'densty'" in result.stderr


def test_parameters_without_output_folder_are_refused():
    result = run_cecot("build", "density", "-p", "population", "20000")
    assert result.returncode == 2 and "--output" in result.stderr


def test_parameters_cells_are_annotated_for_papermill_help():
    """`papermill --help-notebook` shows types only from annotations."""
    import nbformat
    from cecot import paths
    for story in stories.STORIES.values():
        nb = nbformat.read(paths.NOTEBOOKS / story.notebook, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        for param in story.params:
            annotation = f"{param.name}: {param.type.__name__} = "
            assert annotation in cell.source, f"{story.notebook}: {annotation!r} missing"


# --- several stories in one build ---------------------------------------------------------

def _overrides(names, params, lang=None):
    from cecot import build
    return {job.story.name: job.overrides for job in build.plan(names, params, lang)}


def test_a_plain_name_applies_to_every_story_that_declares_it():
    assert _overrides(["density", "occupancy", "claims"], {"population": "20000"}) == {
        "density": {"population": 20000}, "occupancy": {"population": 20000}, "claims": {}}


def test_a_qualified_name_applies_to_its_story_only_and_wins():
    planned = _overrides(["density", "occupancy"],
                         {"population": "20000", "occupancy.population": "15000",
                          "density.cells": "200"}, lang="es")
    assert planned == {"density": {"population": 20000, "cells": 200, "lang": "es"},
                       "occupancy": {"population": 15000, "lang": "es"}}


@pytest.mark.parametrize("name, fragment", [
    ("costs.capacity", "story 'costs' is not being built"),
    ("cost.capacity", "there is no story 'cost'"),
    ("density.capacity", "unknown parameter"),
    ("density.population", "greater than 0"),
])
def test_a_bad_qualified_name_is_refused(name, fragment):
    from cecot import build
    with pytest.raises(ParameterError) as err:
        build.plan(["density", "occupancy"], {name: "0"}, None)
    assert fragment in str(err.value)
