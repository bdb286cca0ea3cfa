"""`cecot diff` reports exactly the published numbers a data edit moves."""

from cecot.diff import compare, flatten

from conftest import run_cecot


def test_flatten_and_compare():
    old = {"a": 1, "b": {"c": 2.5, "d": [1, 2]}, "gone": 3}
    new = {"a": 1, "b": {"c": 2.75, "d": [1, 2]}, "added": 4}
    assert flatten(old) == {"a": 1, "b.c": 2.5, "b.d": [1, 2], "gone": 3}
    assert compare(old, new) == [("added", "(absent)", 4), ("b.c", 2.5, 2.75),
                                 ("gone", 3, "(absent)")]


def test_diff_after_a_data_edit_prints_only_the_moved_numbers(repo_copy):
    facility = repo_copy / "data" / "facility.csv"
    text = facility.read_text(encoding="utf-8")
    # The 2.4 ha of cell space becomes 3.2 ha: 32,000 / 40,000 = 0.8 m² per person.
    facility.write_text(text.replace("cell_space_total_m2,24000,", "cell_space_total_m2,32000,"),
                        encoding="utf-8")
    result = run_cecot("diff", "density", root=repo_copy)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "data changed since the last lock: data/facility.csv"
    assert lines[1] == "density:"
    # Only what depends on the total cell space moves; the parameters stay as they were.
    assert "  cell_space_from_sources_m2: 24000.0 -> 32000.0" in lines, lines


def test_diff_without_edits_runs_nothing_and_reports_nothing(repo_copy):
    # Nothing the committed build read has changed, and builds are deterministic (nbval's run
    # reproduces the committed figures/, numbers.json included, byte for byte).
    result = run_cecot("diff", "density", "claims", root=repo_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        "inputs unchanged since the committed build, not re-run: density, claims",
        "no published number changes"]
