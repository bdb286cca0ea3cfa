"""Shared fixtures. The deterministic environment, nbval's scratch folder and the byte-for-byte
check of the figures nbval's runs write come from the project's pytest plugin
(cecot/pytest_plugin.py), so they hold for `pytest notebooks/` too.

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
from pathlib import Path

import pytest

from cecot import paths
from cecot.pytest_plugin import snapshot  # noqa: F401  (tests import it from here)

ROOT = paths.ROOT


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


def read_numbers(folder: Path, story: str) -> dict:
    return json.loads((folder / "figures" / story / "numbers.json").read_text(encoding="utf-8"))


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
