"""One declaration per parameter (the notebook's parameters cell), one validation."""

import ast

import papermill
import pytest

from cecot import params, paths, registry
from cecot.errors import NotebookError, ParameterError


def test_the_parameters_cell_is_the_declaration():
    found = params.parse_declarations(
        'population: int = 40000  # people held\nlang: str = "en"  # language\n')
    assert found["population"] == params.Param("population", int, 40000, "people held")
    assert found["lang"].default == "en" and found["lang"].help == "language"
    with pytest.raises(NotebookError, match="name: type = value"):
        params.parse_declarations("population = 40000\n")
    with pytest.raises(NotebookError, match="line 2: not valid Python"):
        params.parse_declarations("cells: int = 1\npopulation: int 30000 40000\n")
    with pytest.raises(ParameterError, match="type must be one of"):
        params.parse_declarations("population: list = []\n")


@pytest.mark.parametrize("story", list(registry.stories()))
def test_papermill_reads_the_same_declarations(story):
    """`papermill --help-notebook` and the build read one cell: they must agree."""
    notebook = paths.NOTEBOOKS / registry.story(story).notebook
    seen = papermill.inspect_notebook(str(notebook))
    ours = params.declared(story)
    assert list(seen) == list(ours)
    for name, param in ours.items():
        assert seen[name]["inferred_type_name"] == param.type.__name__
        assert ast.literal_eval(seen[name]["default"]) == param.default
        assert seen[name]["help"] == param.help


@pytest.mark.parametrize("story", list(registry.stories()))
def test_every_story_declares_lang_and_output_dir_and_checks_only_declared_names(story):
    declared = params.declared(story)
    assert declared["lang"].default == "en" and declared["output_dir"].default == ""
    assert set(registry.story(story).checks) <= set(declared)
    params.validate(story)  # the defaults pass their own checks


def test_values_are_converted_to_the_declared_type_or_refused():
    checked = params.validate("density", {"population": "20000", "cell_m2": "120",
                                          "guideline_m2": 4})
    assert (checked["population"], checked["cell_m2"], checked["guideline_m2"]) == (
        20000, 120.0, 4.0)
    for given, fragment in (({"population": "20000.5"}, "must be a whole number"),
                            ({"population": 0}, "must be 1 or more"),
                            ({"cell_m2": "big"}, "must be a number"),
                            ({"cell_m2": "nan"}, "must be a finite number"),
                            ({"standard": "nasa"}, "must be one of"),
                            ({"lang": "fr"}, "must be one of en, es"),
                            ({"populaton": 1}, "unknown parameter")):
        with pytest.raises(ParameterError, match=fragment):
            params.validate("density", given)
