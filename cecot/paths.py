"""Where things live. Every path resolves from the repository root, never from the working
directory, so the package finds its data from JupyterLab, papermill, nbval or a script."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
BUILD = ROOT / "build"  # gitignored: staging, scratch runs, timings, screenshots
SCRATCH = BUILD / "scratch"  # where a notebook run writes unless the build says otherwise
