"""`cecot diff` reports exactly the published numbers an edit moves, and runs nothing when
nothing changed."""

from cecot.machinery.diff import compare, flatten

from conftest import run_cli
from echo import cecot, project  # noqa: F401  (fixture)


def test_flatten_and_compare():
    old = {"a": 1, "b": {"c": 2.5, "d": [1, 2]}, "gone": 3}
    new = {"a": 1, "b": {"c": 2.75, "d": [1, 2]}, "added": 4}
    assert flatten(old) == {"a": 1, "b.c": 2.5, "b.d": [1, 2], "gone": 3}
    assert compare(old, new) == [("added", "(absent)", 4), ("b.c", 2.5, 2.75),
                                 ("gone", 3, "(absent)")]


def test_diff_after_an_edit_prints_only_the_moved_numbers(project):
    assert cecot(project, "build", "echo").returncode == 0
    notebook = project / "notebooks" / "90-echo.ipynb"
    notebook.write_text(notebook.read_text().replace("n: int = 3", "n: int = 4"))
    diff = cecot(project, "diff", "echo")
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.splitlines() == ["echo:", "  n: 3 -> 4", "  square: 9 -> 16"]
    # The published numbers are untouched: diff rebuilds into a temporary folder.
    assert (project / "figures" / "echo" / "numbers.json").read_text().startswith('{\n  "n": 3')


def test_diff_without_edits_runs_nothing_and_reports_nothing():
    result = run_cli("diff", "density", "claims")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        "inputs unchanged since the committed build, not re-run: density, claims",
        "no published number changes"]
