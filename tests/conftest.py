"""Shared fixtures. Every test runs with the build's deterministic environment, and notebook
kernels started by nbval write their figures into a scratch folder, never into figures/.

Executing notebooks is what a test run pays for, so each execution is made to count twice:
nbval's default run of every notebook also proves that the committed figures are exactly what
a run writes, and one shared build (`scenario_run`) runs every story with non-default
parameters for all the modules that assert numbers under parameters."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cecot import build, paths

ROOT = paths.ROOT


def pytest_configure(config):
    build.set_deterministic_env()
    # nbval re-executes the committed notebooks with their default output_dir: stage those
    # writes in a scratch folder so a test run never rewrites the published figures.
    scratch = tempfile.mkdtemp(prefix="cecot-nbval-")
    os.environ[paths.STAGING_ENV] = scratch


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    """A throwaway copy of the project (package, data, notebooks, figures) to break freely."""
    copy = tmp_path / "repo"
    for name in ("cecot", "data", "notebooks", "figures"):
        shutil.copytree(ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return copy


def run_cecot(*args: str, root: Path = ROOT, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the command line as a user would, against `root` (the repository or a copy)."""
    env = dict(os.environ)
    env.pop(paths.STAGING_ENV, None)
    env["PYTHONPATH"] = str(root)
    return subprocess.run([sys.executable, "-m", "cecot", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The same command line in this process, for runs refused before anything executes (bad
    parameters): what run_cecot checks, without a new interpreter's start-up each time.
    test_parameters proves the refusals through a real process too."""
    from cecot import cli
    stdout, stderr = io.StringIO(), io.StringIO()
    staging = os.environ.pop(paths.STAGING_ENV, None)  # as run_cecot: no nbval scratch folder
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(list(args))
    finally:
        if staging is not None:
            os.environ[paths.STAGING_ENV] = staging
    return subprocess.CompletedProcess(["cecot", *args], code, stdout.getvalue(),
                                       stderr.getvalue())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes: to prove that nothing changed."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read_numbers(folder: Path, story: str) -> dict:
    return json.loads((folder / "figures" / story / "numbers.json").read_text(encoding="utf-8"))


# --- nbval's runs check the committed figures byte for byte -----------------------------------

class CommittedFiguresItem(pytest.Item):
    """Runs after the last cell nbval executed in a notebook: the files that run wrote into
    the scratch folder must be byte-identical to the committed figures/<story>/."""

    def __init__(self, *, story: str, **kwargs):
        super().__init__(**kwargs)
        self.story = story

    def runtest(self):
        written = snapshot(Path(os.environ[paths.STAGING_ENV]) / "figures" / self.story)
        written.pop("reads.json", None)  # the build's own bookkeeping, folded into build.json
        committed = snapshot(paths.FIGURES / self.story)
        committed.pop("build.json", None)
        assert written, f"the notebook wrote nothing under figures/{self.story}"
        missing = sorted(set(committed) - set(written))
        extra = sorted(set(written) - set(committed))
        different = sorted(n for n in committed.keys() & written.keys()
                           if committed[n] != written[n])
        assert not (missing or extra or different), (
            f"figures/{self.story} is not what a run writes (run `make figures` and commit): "
            f"different {different[:5]}, not written {missing[:5]}, not committed {extra[:5]}")

    def reportinfo(self):
        return self.path, None, f"{self.name} (figures/{self.story})"


def pytest_collection_modifyitems(session, config, items):
    from cecot import stories
    by_notebook = {s.notebook: s.name for s in stories.STORIES.values()}
    result = []
    for index, item in enumerate(items):
        result.append(item)
        parent = item.parent
        story = by_notebook.get(Path(str(getattr(parent, "path", ""))).name)
        last_of_notebook = index + 1 == len(items) or items[index + 1].parent is not parent
        if story and last_of_notebook and type(parent).__name__ == "IPyNbFile":
            # Same file, same nodeid prefix: pytest-xdist's loadscope keeps it on the worker
            # that ran the notebook, after its last cell.
            result.append(CommittedFiguresItem.from_parent(
                parent, name="figures are the committed bytes", story=story))
    items[:] = result


# --- one build with non-default parameters, shared by every test module -----------------------

# Every story with numeric parameters at once, each with values of its own (STORY.NAME),
# Spanish notebook text. The modules that assert numbers under parameters read this one run's
# outputs; none writes to it. (The claims story has no parameter but the language, and every
# run writes its ledger in both languages: the default run covers it.)
SCENARIO = {
    "density.population": "20000", "density.cells": "200", "density.cell_area_m2": "30000",
    "density.guideline_m2": "4",
    "occupancy.population": "20000", "occupancy.cells": "200",
    "occupancy.bunks_per_cell": "100", "occupancy.capacity": "30000", "occupancy.cell_m2": "150",
    "homicides.start_year": "2010", "homicides.end_year": "2020",
    "prisons.start_year": "2015",
    "costs.us_detainees": "238", "costs.capacity": "20000", "costs.soldiers": "650",
    "costs.construction_cost_usd": "115000000", "costs.family_payment_usd": "150",
}


def scenario_args() -> list[str]:
    args = ["build", "density", "occupancy", "homicides", "prisons", "costs", "--lang", "es"]
    for name, value in SCENARIO.items():
        args += ["-p", name, value]
    return args


@pytest.fixture(scope="session")
def scenario_run(tmp_path_factory) -> Path:
    """The folder of the shared run (read only). Under pytest-xdist the first worker to ask
    builds it and the others wait for it, so it runs once per test session."""
    basetemp = tmp_path_factory.getbasetemp()
    shared = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp
    out, status = shared / "scenario", shared / "scenario.json"
    with open(shared / "scenario.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not status.exists():
            result = run_cecot(*scenario_args(), "--output", str(out))
            status.write_text(json.dumps({"returncode": result.returncode,
                                          "stdout": result.stdout, "stderr": result.stderr}))
    recorded = json.loads(status.read_text())
    assert recorded["returncode"] == 0, recorded["stderr"]
    return out
