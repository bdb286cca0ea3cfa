"""The build, on the echo story: it publishes atomically, re-runs exactly what changed (and says
why), puts back what was saved over its outputs, and refuses bad input in one line, writing
nothing. Correctness only; timings belong to `cecot bench`.

One copy of the project is built once for the module; each test leaves it up to date again.
Real builds where their outputs are checked, `build --dry-run` (the very decision a build
takes, with its reason) elsewhere."""

from __future__ import annotations

import json
import os

import pytest

from cecot.machinery.build import STAGING_PREFIX, remove_stale_staging

from conftest import snapshot
from echo import built, cecot, install_project, numbers, project, would_build  # noqa: F401


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    root = install_project(tmp_path_factory.mktemp("build") / "project")
    assert built(cecot(root, "build", "echo")) == {"echo"}
    return root


def test_a_build_publishes_the_story_and_its_record(copy):
    folder = copy / "figures" / "echo"
    assert numbers(copy) == {"n": 3, "square": 9, "standards": 7}
    for lang in ("en", "es"):
        for ext in ("png", "svg", "narrow.png", "narrow.svg", "json"):
            assert (folder / f"square.{lang}.{ext}").stat().st_size > 0
    record = json.loads((folder / "build.json").read_text())
    # What the run read, and only that: its data file and the sources of its source line.
    assert set(record["data"]) == {"space_standards.csv", "sources.csv"}
    assert "stories/echo/compute.py" in record["code"]
    assert record["parameters"] == {"n": 3, "lang": "en"}
    # The published notebook links its chart (kept once, in figures/), and it is stored
    # without what changes from run to run.
    nb = json.loads((copy / "notebooks" / "90-echo.ipynb").read_text())
    shown = [o for c in nb["cells"] for o in c.get("outputs", []) if "text/html" in
             o.get("data", {})]
    assert any('src="../figures/echo/square.en.narrow.png"' in "".join(o["data"]["text/html"])
               for o in shown)
    assert "papermill" not in nb["metadata"] and nb["metadata"]["language_info"] == {
        "name": "python"}


def test_nothing_changed_nothing_runs(copy):
    assert built(cecot(copy, "build", "echo")) == set()
    assert would_build(cecot(copy, "build", "echo", "--dry-run")) == {}


def test_edits_rerun_what_reads_them_and_diff_shows_what_they_move(copy):
    """An edited CSV re-runs the stories that read it; a new default in a notebook (a change to
    a reviewed file) re-runs its story; each says why. `cecot diff` then shows every published
    number the edits move, from a run that read them, before anything is published."""
    data = copy / "data" / "space_standards.csv"
    notebook = copy / "notebooks" / "90-echo.ipynb"
    originals = data.read_bytes(), notebook.read_bytes()
    try:
        data.write_bytes(originals[0].rsplit(b"\n", 2)[0] + b"\n")  # one standard fewer
        assert would_build(cecot(copy, "build", "--dry-run", "echo")) == {
            "echo": "data/space_standards.csv changed"}
        notebook.write_text(originals[1].decode().replace("n: int = 3", "n: int = 4"))
        assert would_build(cecot(copy, "build", "--dry-run", "echo")) == {
            "echo": "notebooks/90-echo.ipynb changed; parameters changed: n; "
                    "data/space_standards.csv changed"}
        diff = cecot(copy, "diff", "echo")
        assert diff.returncode == 0, diff.stderr
        assert diff.stdout.splitlines()[-4:] == ["echo:", "  n: 3 -> 4", "  square: 9 -> 16",
                                                 "  standards: 7 -> 6"]
        assert numbers(copy)["n"] == 3  # nothing published
    finally:
        data.write_bytes(originals[0])
        notebook.write_bytes(originals[1])
    assert would_build(cecot(copy, "build", "--dry-run", "echo")) == {}


def test_what_was_saved_over_or_deleted_is_put_back_byte_for_byte(copy):
    """What JupyterLab's autosave or a hand run writes into a published notebook (its outputs,
    not its cells), or an output deleted or edited by hand, is not a change to the story: the
    next build puts back exactly what it published (builds are deterministic)."""
    published = _published(copy)
    notebook = copy / "notebooks" / "90-echo.ipynb"
    nb = json.loads(notebook.read_bytes())
    for cell in nb["cells"]:
        cell.get("outputs", []).clear()
    notebook.write_text(json.dumps(nb, indent=1))
    folder = copy / "figures" / "echo"
    (folder / "square.es.png").unlink()
    (folder / "numbers.json").write_text("{}")
    assert would_build(cecot(copy, "build", "--dry-run", "echo")) == {
        "echo": "notebooks/90-echo.ipynb was saved outside the build; output numbers.json "
                "edited; output square.es.png missing"}
    assert built(cecot(copy, "build", "echo")) == {"echo"}
    assert _published(copy) == published


def test_a_run_with_parameters_goes_to_its_own_folder(copy, tmp_path):
    before = snapshot(copy / "figures"), snapshot(copy / "notebooks")
    out = tmp_path / "run"
    result = cecot(copy, "build", "echo", "-p", "n", "5", "--lang", "es", "--output", str(out))
    assert built(result) == {"echo"}
    assert numbers(out) == {"n": 5, "square": 25, "standards": 7}
    assert (snapshot(copy / "figures"), snapshot(copy / "notebooks")) == before
    # A Spanish run reads as Spanish: the narrative, what the code prints, the table headers.
    nb = json.loads((out / "notebooks" / "90-echo.ipynb").read_text())
    assert "".join(nb["cells"][0]["source"]).startswith("# Eco")
    said = json.dumps([o for c in nb["cells"] for o in c.get("outputs", [])], ensure_ascii=False)
    assert "n vale 5" in said and "qué" in said and "El texto de este cuaderno" not in said
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"]["tags"]]
    assert 'n = 5' in "".join(injected[0]["source"])
    # The same parameters again: nothing to do; another value: it says which changed.
    again = ["build", "echo", "-p", "n", "5", "--lang", "es", "--output", str(out)]
    assert built(cecot(copy, *again)) == set()
    assert would_build(cecot(copy, *again[:-2], "-p", "n", "6", "--output", str(out),
                             "--dry-run")) == {"echo": "parameters changed: n"}


@pytest.mark.parametrize("args, line", [
    (["-p", "n", "-1"], "parameter 'n' of story 'echo': must be 0 or more, got -1"),
    (["-p", "nn", "4"], "parameter 'nn' of story 'echo': unknown parameter (known: n, lang, "
                        "output_dir)"),
    (["-p", "n", "4.5"], "parameter 'n' of story 'echo': must be a whole number, got '4.5'"),
    (["-p", "n", "13"], "parameter 'n' of story 'echo': 13 is refused, to test cross-checks"),
])
def test_a_bad_parameter_is_one_line_and_writes_nothing(copy, tmp_path, args, line):
    out = tmp_path / "out"
    result = cecot(copy, "build", "echo", *args, "--output", str(out))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: {line}"]
    assert not out.exists()


def test_a_notebook_that_fails_writes_nothing(copy, tmp_path):
    """A failure inside the kernel (here a broken data file the run reads after the build's own
    check) stops the build: one line naming the notebook, and not even the output folder."""
    project = install_project(tmp_path / "broken")
    compute = project / "cecot" / "stories" / "echo" / "compute.py"
    compute.write_text(compute.read_text().replace(
        "standards = len(", "standards = 1 / 0 + len("))
    out = tmp_path / "out"
    result = cecot(project, "build", "echo", "-p", "n", "2", "--output", str(out))
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: notebooks/90-echo.ipynb failed in cell ") and \
        "ZeroDivisionError" in line and line.endswith("nothing was written"), line
    assert not out.exists()
    assert not list(tmp_path.glob(f"**/{STAGING_PREFIX}*"))


def test_a_broken_parameters_cell_is_one_line(project):
    notebook = project / "notebooks" / "90-echo.ipynb"
    notebook.write_text(notebook.read_text().replace("n: int = 3", "n: int 3 4"))
    for command in (["build", "--dry-run"], ["stories"], ["build", "echo"]):
        result = cecot(project, *command)
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [
            "error: notebooks/90-echo.ipynb, parameters cell, line 1: not valid Python "
            "(invalid syntax): n: int 3 4  # the number squared"], command


def test_staging_left_by_a_killed_build_is_removed(tmp_path):
    """Each staging folder records its builder's process; the next build removes those whose
    process is gone (build.remove_stale_staging, which every build calls first)."""
    killed, alive = tmp_path / f"{STAGING_PREFIX}killed", tmp_path / f"{STAGING_PREFIX}alive"
    for folder, pid in ((killed, 999999999), (alive, os.getpid())):
        folder.mkdir()
        (folder / "pid").write_text(str(pid))
    assert remove_stale_staging(tmp_path) == [killed]
    assert alive.exists() and not killed.exists()


def _published(root):
    return snapshot(root / "figures"), snapshot(root / "notebooks")


def _restore(root, published) -> None:
    figures, notebooks = published
    for base, files in ((root / "figures", figures), (root / "notebooks", notebooks)):
        for name, data in files.items():
            (base / name).write_bytes(data)
