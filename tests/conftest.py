"""Shared fixtures. The deterministic environment and the byte-for-byte check of the figures
nbval's runs write come from the project's pytest plugin (cecot/machinery/pytest_plugin.py), so
they hold for `pytest notebooks/` too.

Executing a notebook is what a test run pays for, so real stories run only where their outputs
matter: nbval re-runs each committed notebook once (and that run proves the committed figures
current), and one real parameter run proves a story notebook takes its parameters. Numbers and
words under other parameters are computed in-process (compute and words are pure); the build
machinery is tested on a tiny fixture story and notebook (tests/machinery/fixture)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from cecot import params, paths, registry
from cecot.machinery.pytest_plugin import snapshot  # noqa: F401  (tests import it from here)

ROOT = paths.ROOT
# The machinery's fixture story is installed into copies of the project, never run in place.
collect_ignore = ["machinery/fixture"]


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
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run([sys.executable, "-m", "cecot", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The same command line in this process, for runs refused before anything executes:
    what run_cecot checks, without a new interpreter's start-up each time."""
    from cecot.machinery import cli
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(list(args))
    return subprocess.CompletedProcess(["cecot", *args], code, stdout.getvalue(),
                                       stderr.getvalue())


def read_numbers(folder: Path, story: str) -> dict:
    return json.loads((folder / "figures" / story / "numbers.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def _computed(story: str, given: tuple):
    import importlib

    from cecot import params
    compute = importlib.import_module(f"cecot.stories.{story}.compute")
    checked = params.validate(story, dict(given), getattr(compute, "parameter_problem", None))
    return compute.run(checked)


def computed(story: str, **given):
    """A story computed in-process for these parameters (validated as a run would); cached,
    so several tests may read one computation. Treat the result as read-only."""
    return _computed(story, tuple(sorted(given.items())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """`request.node.failed` for fixtures that keep evidence of a failure (a screenshot)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        item.failed = True
