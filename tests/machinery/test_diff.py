"""`cecot diff` compares published numbers, and runs nothing when nothing changed. (What an
edit moves, on the echo story: tests/machinery/test_build.py.)"""

from cecot.machinery.diff import compare, flatten

from conftest import run_cli


def test_flatten_and_compare():
    old = {"a": 1, "b": {"c": 2.5, "d": [1, 2]}, "gone": 3}
    new = {"a": 1, "b": {"c": 2.75, "d": [1, 2]}, "added": 4}
    assert flatten(old) == {"a": 1, "b.c": 2.5, "b.d": [1, 2], "gone": 3}
    assert compare(old, new) == [("added", "(absent)", 4), ("b.c", 2.5, 2.75),
                                 ("gone", 3, "(absent)")]


def test_diff_without_edits_runs_nothing_and_reports_nothing():
    result = run_cli("diff", "density", "claims")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        "inputs unchanged since the committed build, not re-run: density, claims",
        "no published number changes"]
