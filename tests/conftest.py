"""Shared fixtures. Every test runs with the build's deterministic environment, and notebook
kernels started by nbval write their figures into a scratch folder, never into figures/."""

from __future__ import annotations

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


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes: to prove that nothing changed."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read_numbers(folder: Path, story: str) -> dict:
    return json.loads((folder / "figures" / story / "numbers.json").read_text(encoding="utf-8"))
