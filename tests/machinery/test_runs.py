"""Every way an analyst runs a notebook, on the echo story: papermill, papermill --engine cecot,
nbconvert and a jupytext script. Each writes only into its scratch folder (never figures/ or
notebooks/), says where in its first output, shows its own charts wherever it is saved, and
refuses a misspelt parameter instead of running with the defaults."""

from __future__ import annotations

import base64
import json
import sys

from conftest import snapshot
from echo import BIN, outputs_of, printed, project, run  # noqa: F401  (fixture)


def published(root):
    return snapshot(root / "figures"), snapshot(root / "notebooks")


def test_papermill_writes_to_scratch_and_the_saved_notebook_shows_its_own_chart(project,
                                                                                tmp_path):
    before = published(project)
    out = tmp_path / "elsewhere" / "out.ipynb"
    out.parent.mkdir()
    result = run([BIN / "papermill", project / "notebooks" / "90-echo.ipynb", out, "-p", "n", "4",
                  "-p", "lang", "es", "--no-progress-bar"], project, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    scratch = project / "build" / "scratch" / "echo"
    assert json.loads((scratch / "numbers.json").read_text())["n"] == 4
    said = printed(out).splitlines()
    assert said[0] == "parámetros: {'n': 4, 'lang': 'es'}"
    assert said[1].startswith("carpeta de salida: ") and said[1].endswith("build/scratch/echo")
    # Plain papermill (or lang = "es" typed in JupyterLab) leaves the narrative in English: the
    # first output says so, and how to get all of it in Spanish.
    assert said[2].startswith("El texto de este cuaderno está en inglés: para leerlo todo en "
                              "español, ejecute `python -m cecot build echo --lang es"), said
    # The chart is in the saved notebook itself: it shows wherever the notebook goes, and a
    # later run writing the scratch folder again cannot change it.
    [image] = [o for o in outputs_of(out) if "image/png" in o.get("data", {})]
    png = base64.b64decode(image["data"]["image/png"])
    assert png == (scratch / "square.es.narrow.png").read_bytes()
    assert published(project) == before
    # Counts in tables are whole numbers.
    tables = ["".join(o["data"]["text/plain"]) for o in outputs_of(out)
              if "text/html" in o.get("data", {})]
    assert any("16" in t and "16.0" not in t for t in tables), tables


def test_a_misspelt_parameter_is_refused_before_a_kernel_starts(project, tmp_path):
    notebook = project / "notebooks" / "90-echo.ipynb"
    expected = ("parameter 'nn' of story 'echo': unknown parameter (known: n, lang, "
                "output_dir)")
    # --engine cecot checks every parameter before a kernel starts: the line alone.
    engine = run([BIN / "papermill", notebook, tmp_path / "a.ipynb", "-p", "nn", "4",
                  "--engine", "cecot", "--no-progress-bar"], project, cwd=tmp_path)
    assert engine.returncode != 0
    assert engine.stderr.strip().splitlines()[-1] == f"error: {expected}"
    assert not (project / "build" / "scratch" / "echo").exists()
    # Plain papermill runs the notebook, which refuses it in one line: tests/unit/test_run.py.


def test_a_spanish_run_reads_as_spanish(project, tmp_path):
    notebook = project / "notebooks" / "90-echo.ipynb"
    engine = run([BIN / "papermill", notebook, tmp_path / "es.ipynb", "-p", "lang", "es",
                  "--engine", "cecot", "--no-progress-bar"], project, cwd=tmp_path)
    assert engine.returncode == 0, engine.stderr
    nb = json.loads((tmp_path / "es.ipynb").read_text())
    assert "".join(nb["cells"][0]["source"]).startswith("# Eco")
    said = printed(tmp_path / "es.ipynb")
    assert said.startswith("parámetros: ") and "n vale 3" in said
    assert "El texto de este cuaderno" not in said
    tables = json.dumps([o for o in outputs_of(tmp_path / "es.ipynb")], ensure_ascii=False)
    assert "qué" in tables


def test_nbconvert_leaves_nothing_in_notebooks(project, tmp_path):
    """`jupyter nbconvert --execute notebooks/NN.ipynb` writes its notebook into build/nbconvert/
    (the environment's nbconvert configuration), never beside the published notebooks."""
    before = published(project)
    config = BIN.parent / "etc" / "jupyter" / "jupyter_nbconvert_config.json"
    assert json.loads(config.read_text())["FilesWriter"]["build_directory"].endswith(
        "build/nbconvert")
    result = run([BIN / "jupyter", "nbconvert", "--to", "notebook", "--execute",
                  "notebooks/90-echo.ipynb"], project)
    assert result.returncode == 0, result.stderr
    assert published(project) == before
    assert not list((project / "notebooks").glob("*.nbconvert.ipynb"))
    written = result.stderr.split("Writing ")[-1]
    assert "build/nbconvert/90-echo.ipynb" in written, result.stderr


def test_a_jupytext_script_writes_only_to_scratch(project, tmp_path):
    before = published(project)
    script = tmp_path / "echo.py"
    made = run([BIN / "jupytext", "--to", "py:percent", "-o", script,
                project / "notebooks" / "90-echo.ipynb"], project, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    ran = run([sys.executable, script], project, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[1].endswith("build/scratch/echo")
    assert (project / "build" / "scratch" / "echo" / "numbers.json").exists()
    assert published(project) == before
