"""The machinery is tested on a tiny fixture story, `echo` (fixture/): one parameter, one data
file read, one chart, a Spanish translation. It is installed into a throwaway copy of the
project (the package, the data, its own notebook), and every run goes through the real command
lines (cecot, papermill, nbconvert, jupytext) in other processes, as a user's would: only the
story is small. The real stories are executed by nbval, by one real parameter run
(tests/stories/test_real_run.py) and in JupyterLab (test_lab.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cecot import paths

FIXTURE = Path(__file__).parent / "fixture"
BIN = Path(sys.executable).parent


def install_project(into: Path, figures: bool = False) -> Path:
    """A copy of the project with the echo story installed: cecot/ (with its bytecode, so no
    process recompiles it), data/, the notebooks with the echo notebook and its translation;
    with `figures`, the committed figures too."""
    into.mkdir(parents=True, exist_ok=True)
    shutil.copytree(paths.PACKAGE, into / "cecot",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(FIXTURE / "echo", into / "cecot" / "stories" / "echo")
    shutil.copytree(paths.DATA, into / "data")
    shutil.copytree(paths.NOTEBOOKS, into / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.nbconvert.ipynb"))
    if figures:
        shutil.copytree(paths.FIGURES, into / "figures")
    shutil.copytree(FIXTURE / "notebooks", into / "notebooks", dirs_exist_ok=True)
    return into


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh copy with the echo story, for one test to change freely."""
    return install_project(tmp_path / "project")


def run(args, root: Path, cwd: Path | None = None, timeout: int = 600,
        **env) -> subprocess.CompletedProcess:
    """A command as a user types it, with the copy's package first on the path."""
    environment = dict(os.environ, PYTHONPATH=str(root), **env)
    return subprocess.run([str(a) for a in args], cwd=cwd or root, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def cecot(root: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "cecot", *args], root, **env)


def built(result: subprocess.CompletedProcess) -> set[str]:
    """The stories a build executed."""
    assert result.returncode == 0, result.stderr
    return {line.split()[1] for line in result.stdout.splitlines() if line.startswith("built ")}


def would_build(result: subprocess.CompletedProcess) -> dict[str, str]:
    """What a dry run says it would build, and why."""
    assert result.returncode == 0, result.stderr
    return dict(line[len("would build "):].split(": ", 1) for line in result.stdout.splitlines()
                if line.startswith("would build "))


def numbers(root: Path, story: str = "echo") -> dict:
    return json.loads((root / "figures" / story / "numbers.json").read_text(encoding="utf-8"))


def outputs_of(notebook: Path) -> list[dict]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return [o for c in nb["cells"] for o in c.get("outputs", [])]


def printed(notebook: Path) -> str:
    """What the notebook printed or showed as text, in order (tables left out)."""
    out = []
    for o in outputs_of(notebook):
        data = o.get("data", {})
        if "text" in o:
            out.append("".join(o["text"]))
        elif "text/plain" in data and "text/html" not in data and "image/png" not in data:
            out.append("".join(data["text/plain"]) + "\n")
    return "".join(out)
