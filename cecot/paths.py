"""Where things live. Every path resolves from the repository root, never from the
working directory, so a notebook runs the same from JupyterLab, papermill or nbval."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"

# The build executes notebooks with their default parameters (so the committed notebooks
# show the default paths), but writes into a staging folder that is moved into place only
# when every notebook succeeded. This variable names that staging folder.
STAGING_ENV = "CECOT_STAGING_DIR"


def resolve_output_dir(output_dir: str | os.PathLike) -> Path:
    """Turn a notebook's `output_dir` parameter into the folder to write.

    Relative paths are taken from the repository root. While a build stages its outputs,
    a relative path is redirected into the staging folder instead.
    """
    path = Path(output_dir)
    if path.is_absolute():
        return path
    staging = os.environ.get(STAGING_ENV)
    if staging:
        return Path(staging) / path
    return ROOT / path


def display_path(path: Path) -> str:
    """A path as shown in notebook output: relative to the root or staging folder, so
    stored outputs do not depend on where the repository was cloned."""
    path = Path(path)
    for base in filter(None, (os.environ.get(STAGING_ENV), str(ROOT))):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
