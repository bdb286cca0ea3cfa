"""What an analyst does with the notebooks, and what each must be able to trust: the lab serves
working copies and saving never dirties git; the live controls go through the story's own
layers, show their chart and write nothing; notebook diffs are readable. (Every way of running a
notebook: tests/machinery/test_runs.py; JupyterLab itself, in a browser: tests/test_lab.py.)"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cecot import params, paths, registry

from conftest import ROOT, snapshot

BIN = Path(sys.executable).parent


# --- JupyterLab: working copies, and saving that never dirties git ------------------------------

def test_the_lab_serves_working_copies_and_keeps_the_analysts_edits(tmp_path):
    from cecot.machinery import lab

    lab_dir = tmp_path / "lab"
    assert lab.prepare(lab_dir) == []
    copies = sorted(p.name for p in lab_dir.glob("*.ipynb"))
    assert copies == sorted(p.name for p in paths.NOTEBOOKS.glob("*.ipynb"))
    copy = json.loads((lab_dir / "01-density.ipynb").read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in copy["cells"] if c["cell_type"] == "code")
    # An edited copy is the analyst's: a later `make lab` keeps it and says so.
    edited = (lab_dir / "01-density.ipynb").read_text().replace("40000", "30000")
    (lab_dir / "01-density.ipynb").write_text(edited)
    assert lab.prepare(lab_dir) == ["01-density.ipynb"]
    assert (lab_dir / "01-density.ipynb").read_text() == edited
    # `make lab` opens the landing notebook itself, in the working copies.
    command = lab.command()
    assert "--ServerApp.root_dir=" + str(lab.LAB) in command
    assert "--LabApp.default_url=/lab/tree/00-explore.ipynb" in command
    assert "--ContentsManager.pre_save_hook=cecot.machinery.lab.pre_save" in command


def test_saving_an_opened_notebook_leaves_it_byte_for_byte_as_committed(tmp_path):
    """What JupyterLab adds by opening and running a notebook (the kernel's language details,
    widget state) is dropped on save, so a notebook opened, autosaved and closed is unchanged:
    JupyterLab's own contents manager saves it, through the hook `make lab` installs."""
    import nbformat
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from traitlets.config import Config

    committed = paths.NOTEBOOKS / "01-density.ipynb"
    shutil.copy(committed, tmp_path / "01-density.ipynb")
    hook = {"ContentsManager": {"pre_save_hook": "cecot.machinery.lab.pre_save"}}
    manager = FileContentsManager(root_dir=str(tmp_path), config=Config(hook))
    model = manager.get("01-density.ipynb")
    model["content"]["metadata"]["language_info"] = {
        "name": "python", "version": "3.11.7", "mimetype": "text/x-python",
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py"}
    model["content"]["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    manager.save(model, "01-density.ipynb")
    assert (tmp_path / "01-density.ipynb").read_bytes() == committed.read_bytes()
    assert nbformat.read(tmp_path / "01-density.ipynb", as_version=4)


# --- the live controls ------------------------------------------------------------------------

STORIES_WITH_CONTROLS = [name for name in registry.stories()
                         if set(params.declared(name)) - {"lang", "output_dir"}]


@pytest.mark.parametrize("name", STORIES_WITH_CONTROLS)
def test_explore_makes_a_control_for_every_parameter(name):
    import ipywidgets as widgets

    from cecot.machinery.explore import explore

    before = snapshot(paths.FIGURES)
    explorer = explore(name)
    declared = {p for p in params.declared(name) if p not in ("lang", "output_dir")}
    assert set(explorer.controls) == declared
    for parameter, control in explorer.controls.items():
        assert control.value == params.defaults(name)[parameter]
        assert control.description_tooltip == params.declared(name)[parameter].help
    # In Spanish, the tooltips too.
    spanish = explore(name, lang="es")
    for parameter, control in spanish.controls.items():
        assert control.description_tooltip != params.declared(name)[parameter].help, parameter
    assert "<li>" in explorer.summary.value
    assert snapshot(paths.FIGURES) == before
    if name == "density":
        assert isinstance(explorer.controls["standard"], widgets.Dropdown)
        assert "icrc_shared" in explorer.controls["standard"].options


def test_moving_a_control_recomputes_through_the_story_layers():
    from cecot.machinery.explore import explore
    from cecot.stories.density import compute, words

    explorer = explore("density")
    [shown] = explorer.chart.outputs
    before = base64.b64decode(shown["data"]["image/png"])
    assert before.startswith(b"\x89PNG") and before == explorer.png
    explorer.controls["population"].value = 20000
    # The chart shown is an image, and it is the new one.
    [shown] = explorer.chart.outputs
    after = base64.b64decode(shown["data"]["image/png"])
    assert after.startswith(b"\x89PNG") and after != before
    # 20,000 / 256 = 78.125 per cell; 100 m² / 78.125 = 1.28 m² each: the story's own words.
    expected = words.page(compute.run({**explorer.values(), "output_dir": ""}).numbers, "en")
    assert "With 20,000 held, a scenario, each would have 1.28" in explorer.summary.value
    assert expected.key_numbers[0].split(",")[0] in explorer.summary.value
    assert explorer.computed.numbers["m2_per_person"] == pytest.approx(1.28)
    # A value the story refuses is explained, not computed.
    explorer.controls["guideline_m2"].value = 3.9
    explorer.controls["standard"].value = "cpt_multiple"
    assert "guideline_m2" in explorer.summary.value


def test_a_value_held_at_the_end_of_a_slider_says_so():
    """A value typed beyond a slider is held to its end by the browser, which tells the kernel
    only the end: the explorer says so, and how to run the value typed."""
    from cecot.machinery.explore import explore

    for lang, says in (("en", "is at the end of its slider"), ("es", "está en el extremo")):
        explorer = explore("density", lang=lang)
        assert says not in explorer.summary.value  # the defaults sit inside their ranges
        slider = explorer.controls["population"]
        slider.value = slider.min
        assert says in explorer.summary.value
        assert "cecot build density -p population" in explorer.summary.value
        slider.value = 20000
        assert says not in explorer.summary.value


def test_the_landing_notebook_is_not_published():
    stories = {s.notebook for s in registry.stories().values()}
    assert (paths.NOTEBOOKS / "00-explore.ipynb").exists()
    assert "00-explore.ipynb" not in stories
    nb = json.loads((paths.NOTEBOOKS / "00-explore.ipynb").read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    called = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for name in STORIES_WITH_CONTROLS:
        assert f'cecot.explore("{name}")' in called
    # It says how to get the controls in Spanish.
    told = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert 'lang="es"' in told


# --- reviewing a notebook change ---------------------------------------------------------------

@pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None,
                    reason="needs git and make")
def test_make_nbdime_shows_notebook_changes_cell_by_cell(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "01-density.ipynb", tmp_path / "notebooks")
    (tmp_path / ".venv").symlink_to(BIN.parent)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp_path))
    for command in (["git", "init", "-q"], ["git", "add", "notebooks"],
                    ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                    ["make", "-s", "-o", ".venv/.installed", "nbdime"]):
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    # A one-number edit, run again: the outputs change too (here every "40,000" they print).
    notebook = tmp_path / "notebooks" / "01-density.ipynb"
    edited = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in edited["cells"]:
        cell["source"] = [line.replace("population: int = 40000", "population: int = 30000")
                          for line in cell["source"]]
        for output in cell.get("outputs", []):
            for key, value in output.get("data", {}).items():
                if key.startswith("text/"):
                    output["data"][key] = json.loads(json.dumps(value).replace("40,000",
                                                                               "30,000"))
    notebook.write_text(json.dumps(edited, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    diff = subprocess.run(["git", "-c", "core.pager=cat", "diff"], cwd=tmp_path,
                          env=env, capture_output=True, text=True)
    shown = diff.stdout
    assert "## modified /cells/1/source:" in shown, shown + diff.stderr
    assert "+population: int = 30000" in shown
    # Readable as a review: no colour codes, no outputs, a few lines for a one-number edit.
    assert "\x1b[" not in shown
    assert "/outputs" not in shown, shown
    assert len(shown.splitlines()) < 30, shown
