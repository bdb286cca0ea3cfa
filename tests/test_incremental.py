"""The build re-runs exactly what changed: nothing on a no-op, the readers of an edited CSV,
an edited notebook or package module, a changed parameter, a deleted output. Correctness only;
timings belong to `cecot bench`.

Real builds where their outputs are checked (a rebuilt output is byte-identical; a re-run reads
the edited data); elsewhere `build --dry-run`, which takes the very decision a build takes
(`build.stale_reasons`) and says why, without executing. The edited-CSV test shows the dry run
names exactly the stories a real build then executes."""

from __future__ import annotations

import json
import shutil

import pytest

from cecot import paths

from conftest import read_numbers, run_cecot, snapshot

# Two of the quicker notebooks; claims reads nearly every CSV, density only four.
STORIES = ["density", "claims"]


def _built(result) -> set[str]:
    assert result.returncode == 0, result.stderr
    return {line.split()[1] for line in result.stdout.splitlines() if line.startswith("built ")}


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory):
    """A copy of the committed project, which is fully built: each figures/<story>/build.json
    records what its run read. The tests run in file order on it, and each leaves it up to
    date again, so each starts from a clean, fully built state."""
    copy = tmp_path_factory.mktemp("incremental") / "repo"
    for name in ("cecot", "data", "notebooks", "figures"):
        shutil.copytree(paths.ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return copy


def _would_build(result) -> dict[str, str]:
    assert result.returncode == 0, result.stderr
    return dict(line[len("would build "):].split(": ", 1) for line in result.stdout.splitlines()
                if line.startswith("would build "))


def test_noop_build_executes_nothing(built_copy):
    result = run_cecot("build", *STORIES, root=built_copy)
    assert _built(result) == set()
    assert "up to date: density" in result.stdout and "up to date: claims" in result.stdout
    assert _would_build(run_cecot("build", "--dry-run", root=built_copy)) == {}


def test_outputs_that_went_missing_are_rebuilt_byte_for_byte(built_copy):
    (built_copy / "figures" / "claims" / "ledger.es.png").unlink()
    assert _would_build(run_cecot("build", *STORIES, "--dry-run", root=built_copy)) == {
        "claims": "output ledger.es.png missing"}
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == {"claims"}
    # A papermill run in another process writes exactly the committed notebook and figures.
    assert snapshot(built_copy / "figures" / "claims") == snapshot(paths.FIGURES / "claims")
    assert (built_copy / "notebooks" / "04-claims.ipynb").read_bytes() == \
        (paths.NOTEBOOKS / "04-claims.ipynb").read_bytes()
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == set()


def test_editing_a_csv_reruns_exactly_its_readers(built_copy):
    reads = {name: set(json.loads((built_copy / "figures" / name / "build.json")
                                  .read_text())["data"]) for name in STORIES}
    # costs.csv is read by the claims story, not by density.
    assert "costs.csv" in reads["claims"] and "costs.csv" not in reads["density"]
    before = read_numbers(built_copy, "claims")["by_claim"]
    assert before["CL43"]["status"] == "consistent"
    path = built_copy / "data" / "costs.csv"
    text = path.read_text(encoding="utf-8")
    assert "family_package_part_food,35," in text
    path.write_text(text.replace("family_package_part_food,35,", "family_package_part_food,45,"),
                    encoding="utf-8")
    assert _would_build(run_cecot("build", *STORIES, "--dry-run", root=built_copy)) == {
        "claims": "data/costs.csv changed"}
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == {"claims"}
    # The re-run read the edit: 45 + 15 + 30 + 20 + 70 = 180 against the article's 170.
    after = read_numbers(built_copy, "claims")["by_claim"]
    assert after["CL43"] == {"status": "inconsistent", "claimed": 170, "recomputed": 180}
    assert after["CL38"]["status"] == "inconsistent"  # the $35 for food
    assert after["CL21"] == before["CL21"]
    assert _built(run_cecot("build", *STORIES, root=built_copy)) == set()


def test_editing_a_notebook_or_module_reruns_what_uses_it(built_copy):
    notebook = built_copy / "notebooks" / "04-claims.ipynb"
    original = notebook.read_bytes()
    nb = json.loads(original)
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + "\n\nAn edited sentence."
    notebook.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    assert _would_build(run_cecot("build", *STORIES, "--dry-run", root=built_copy)) == {
        "claims": "notebooks/04-claims.ipynb changed"}
    notebook.write_bytes(original)
    # Stored outputs are not what a notebook does: re-saving them changes nothing.
    nb = json.loads(original)
    for cell in nb["cells"]:
        cell.get("outputs", []).clear()
    notebook.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    assert _would_build(run_cecot("build", *STORIES, "--dry-run", root=built_copy)) == {}
    notebook.write_bytes(original)
    # A package module: only the stories whose runs imported it (density.py: not claims).
    module = built_copy / "cecot" / "density.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert _would_build(run_cecot("build", *STORIES, "--dry-run", root=built_copy)) == {
        "density": "cecot/density.py changed"}


def test_a_parameter_change_reruns(tmp_path, scenario_run):
    """A run with parameters is incremental too: the same parameters as the shared run
    (conftest.SCENARIO) execute nothing on a copy of its density story; one changed value
    would re-run it."""
    from conftest import SCENARIO
    out = tmp_path / "custom"
    shutil.copytree(scenario_run / "figures" / "density", out / "figures" / "density")
    same = ["build", "density", "--lang", "es", "--output", str(out)]
    for name, value in SCENARIO.items():
        if name.startswith("density."):
            same += ["-p", name, value]
    assert _built(run_cecot(*same)) == set()
    changed = same + ["-p", "density.population", "30000"]  # the last value given wins
    assert _would_build(run_cecot(*changed, "--dry-run")) == {
        "density": "parameters changed: population"}
    assert _would_build(run_cecot(*same, "--dry-run")) == {}
