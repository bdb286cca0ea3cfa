"""What an analyst does with the notebooks, and what each must be able to trust: any way of
running a notebook writes into a scratch folder and publishes nothing; a Spanish run reads as
Spanish; the live controls go through the story's own layers and write nothing; notebook diffs
are readable. (JupyterLab itself, in a browser: tests/test_lab.py.)"""

from __future__ import annotations

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


def run(args, cwd: Path, root: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def published(root: Path):
    return snapshot(root / "figures"), snapshot(root / "notebooks")


# --- every way of running a notebook writes into build/scratch/<story> -----------------------

def test_plain_papermill_and_nbconvert_write_only_to_scratch(repo_copy, tmp_path):
    before = published(repo_copy)
    notebook = repo_copy / "notebooks" / "01-density.ipynb"
    papermill = run([BIN / "papermill", notebook, tmp_path / "out.ipynb",
                     "-p", "population", "20000", "--no-progress-bar"], tmp_path, repo_copy)
    assert papermill.returncode == 0, papermill.stderr
    scratch = repo_copy / "build" / "scratch" / "density"
    numbers = json.loads((scratch / "numbers.json").read_text(encoding="utf-8"))
    assert numbers["population"] == 20000
    out = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))
    said = "".join("".join(o.get("text", "")) for c in out["cells"] for o in c.get("outputs", []))
    assert "build/scratch/density\n" in said  # its output says where it wrote
    nbconvert = run([BIN / "jupyter", "nbconvert", "--to", "notebook", "--execute",
                     "--output-dir", tmp_path, notebook], tmp_path, repo_copy)
    assert nbconvert.returncode == 0, nbconvert.stderr
    assert published(repo_copy) == before


def test_a_jupytext_script_writes_only_to_scratch(repo_copy, tmp_path):
    before = published(repo_copy)
    script = tmp_path / "costs.py"
    made = run([BIN / "jupytext", "--to", "py:percent", "-o", script,
                repo_copy / "notebooks" / "06-costs.ipynb"], tmp_path, repo_copy)
    assert made.returncode == 0, made.stderr
    ran = run([sys.executable, script], tmp_path, repo_copy)
    assert ran.returncode == 0, ran.stderr
    assert "build/scratch/costs\n" in ran.stdout
    assert (repo_copy / "build" / "scratch" / "costs" / "numbers.json").exists()
    assert published(repo_copy) == before


def test_a_spanish_papermill_run_reads_as_spanish(repo_copy, tmp_path):
    before = published(repo_copy)
    result = run([BIN / "papermill", repo_copy / "notebooks" / "01-density.ipynb",
                  tmp_path / "es.ipynb", "-p", "lang", "es", "--engine", "cecot",
                  "--no-progress-bar"], tmp_path, repo_copy)
    assert result.returncode == 0, result.stderr
    nb = json.loads((tmp_path / "es.ipynb").read_text(encoding="utf-8"))
    markdown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert markdown[0].startswith("# ¿Cuánto espacio tiene un preso del CECOT?")
    assert all("The " not in text[:20] for text in markdown)
    # What the code shows is Spanish too: the computed caveat.
    shown = json.dumps(nb["cells"][-1]["outputs"], ensure_ascii=False)
    assert "Ninguna de las" in shown
    assert published(repo_copy) == before


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
    assert "<li>" in explorer.summary.value
    assert snapshot(paths.FIGURES) == before
    if name == "density":
        assert isinstance(explorer.controls["standard"], widgets.Dropdown)
        assert "icrc_shared" in explorer.controls["standard"].options


def test_moving_a_control_recomputes_through_the_story_layers():
    from cecot.machinery.explore import explore
    from cecot.stories.density import compute, words

    explorer = explore("density")
    explorer.controls["population"].value = 20000
    # 20,000 / 256 = 78.125 per cell; 100 m² / 78.125 = 1.28 m² each: the story's own words.
    expected = words.page(compute.run({**explorer.values(), "output_dir": ""}).numbers, "en")
    assert "With 20,000 held, each prisoner would have 1.28" in explorer.summary.value
    assert expected.key_numbers[0].split(",")[0] in explorer.summary.value
    assert explorer.computed.numbers["m2_per_person"] == pytest.approx(1.28)
    # A value the story refuses is explained, not computed.
    explorer.controls["guideline_m2"].value = 3.9
    explorer.controls["standard"].value = "cpt_multiple"
    assert "guideline_m2" in explorer.summary.value


def test_the_landing_notebook_is_not_published():
    stories = {s.notebook for s in registry.stories().values()}
    assert (paths.NOTEBOOKS / "00-explore.ipynb").exists()
    assert "00-explore.ipynb" not in stories
    nb = json.loads((paths.NOTEBOOKS / "00-explore.ipynb").read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    called = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for name in STORIES_WITH_CONTROLS:
        assert f'cecot.explore("{name}")' in called


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
    notebook = tmp_path / "notebooks" / "01-density.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace(
        "population: int = 40000", "population: int = 30000"), encoding="utf-8")
    diff = subprocess.run(["git", "-c", "core.pager=cat", "diff", "--no-color"], cwd=tmp_path,
                          env=env, capture_output=True, text=True)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", diff.stdout)  # nbdime colours its output
    assert "## modified /cells/1/source:" in shown, shown + diff.stderr
    assert "+population: int = 30000" in shown
