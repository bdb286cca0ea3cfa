"""A notebook run writes where its output_dir parameter says, never into what is published."""

from pathlib import Path

import pytest

from cecot import paths
from cecot.errors import ParameterError
from cecot.run import Run, resolve_output, shown


def test_an_empty_output_dir_is_the_story_scratch_folder():
    assert resolve_output("", "density") == paths.SCRATCH / "density"


@pytest.mark.parametrize("folder", ["figures", "figures/density", "notebooks", "data", "site",
                                    "cecot/stories"])
def test_published_and_source_folders_are_refused(folder, monkeypatch):
    monkeypatch.chdir(paths.ROOT)
    with pytest.raises(ParameterError, match="written only by `cecot build`"):
        resolve_output(folder, "density")
    with pytest.raises(ParameterError):
        resolve_output(str(paths.ROOT / folder), "density")


def test_a_relative_folder_is_taken_from_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_output("figures/density", "density") == tmp_path / "figures" / "density"
    assert shown(tmp_path / "figures" / "density") == "figures/density"


def test_run_validates_once_and_gives_typed_values_back(tmp_path, capsys):
    namespace = {"population": "20000", "cell_m2": 120, "cells": 256,
                 "standard": "icrc_shared", "guideline_m2": 0.0, "lang": "es",
                 "output_dir": str(tmp_path / "out")}
    run = Run("density", namespace)
    assert namespace["population"] == 20000 and namespace["cell_m2"] == 120.0
    assert isinstance(namespace["cell_m2"], float)
    assert run.lang == "es" and run.output == tmp_path / "out"
    # A Spanish run says where it writes in Spanish.
    assert f"carpeta de salida: {Path(tmp_path / 'out').as_posix()}" in capsys.readouterr().out


def test_a_misspelt_parameter_papermill_injected_is_refused(tmp_path):
    """Plain papermill passes an unknown name on with a warning; the run reads what papermill
    injected (the kernel's input history, `In`) and refuses it, naming it."""
    injected = "# Parameters\npopulaton = 20000\noutput_dir = ''\n"
    namespace = {"In": ["", "population: int = 40000\n", injected, "run = Run(...)"],
                 "output_dir": str(tmp_path / "out")}
    with pytest.raises(ParameterError, match="parameter 'populaton' of story 'density': "
                                             r"unknown parameter \(known: population"):
        Run("density", namespace)
    assert not (tmp_path / "out").exists()


def test_in_a_kernel_our_errors_are_one_line():
    """The error a kernel reports for a refused parameter or a bad data row is its one line,
    not a traceback through the package (what papermill and JupyterLab then show)."""
    from cecot.run import _show_one_line

    shown_lines = []

    class Shell:
        def _showtraceback(self, etype, value, lines):
            shown_lines.append(lines)

    error = ParameterError("populaton", "unknown parameter (known: population)", "density")
    lines = _show_one_line(Shell(), ParameterError, error, None)
    assert lines == shown_lines[0] == [
        "ParameterError: parameter 'populaton' of story 'density': unknown parameter (known: "
        "population)"]


def test_a_table_is_shown_in_every_language(tmp_path, monkeypatch):
    """The run shows its own language and keeps the others in the output's metadata (the
    site's Spanish pages show them): a table made per language, a column named per language,
    yes and no, and the data's codes, all in Spanish."""
    import pandas as pd

    shown_outputs = []
    monkeypatch.setattr("IPython.display.display",
                        lambda obj, **kw: shown_outputs.append((obj, kw)))
    run = Run("density", {"output_dir": str(tmp_path / "out")})
    table = pd.DataFrame({"source_id": ["A"], "label_en": ["Opened"], "label_es": ["Abierto"],
                          "kind": ["approx"], "flag": [True]})
    run.headers = lambda names, lang=None: {n: n for n in names}  # headers are not the point
    run.show(table, ["source_id", "label_{lang}", "kind", "flag"])
    run.show(lambda lang: table[["label_" + lang]])
    run.print(lambda lang: {"en": "one", "es": "uno"}[lang])
    (english, meta), (per_lang, meta2), (printed, meta3) = shown_outputs
    assert list(english.columns) == ["source id", "label", "kind", "flag"]  # code names as words
    assert english.iloc[0].tolist() == ["A", "Opened", "approx", "yes"]
    spanish = meta["metadata"]["cecot"]["es"]["text/html"]
    for word in ("Abierto", "aproximada", "sí"):
        assert word in spanish
    assert "Opened" not in spanish and "approx<" not in spanish
    assert "Abierto" in meta2["metadata"]["cecot"]["es"]["text/html"]
    assert printed == {"text/plain": "one"}
    assert meta3["metadata"]["cecot"]["es"] == {"text/plain": "uno"}
