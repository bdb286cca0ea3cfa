"""`make lab` (`python -m cecot lab`): JupyterLab for exploring, which can never publish.

The rule: **only `cecot build` publishes.** JupyterLab saves every open notebook on its own
(autosave, every two minutes), so the lab an analyst explores in never serves the committed
notebooks. It serves *working copies* of them, in build/lab/ (git ignores build/):

- `make lab` refreshes the copies (a copy you edited is kept; delete it for a fresh one), and
  opens JupyterLab on the landing notebook, 00-explore.ipynb. Edit, run and save anything:
  figures/, the committed notebooks and the site cannot change, and git status stays clean.
  A run writes its charts into build/scratch/<story>/ and shows them embedded in the
  notebook.
- `make lab EDIT=1` opens the committed notebooks themselves, for a deliberate change (a new
  default, a sentence of the narrative). What you save there is a change to a reviewed file:
  `git diff` shows it, `python -m cecot diff` shows which published numbers it moves, and
  `make figures` publishes it.

In both, saving a notebook drops what JupyterLab adds by merely opening or running it (the
kernel's language details, widget state), so opening a notebook and closing it changes
nothing on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from .. import paths
from .build import tidy_metadata

LAB = paths.BUILD / "lab"
LANDING = "00-explore.ipynb"
RECORD = ".copies.json"  # the hash of each copy as made: an edited copy is kept


def pre_save(model, path, contents_manager, **kwargs) -> None:
    """JupyterLab's pre-save hook (ContentsManager.pre_save_hook): every notebook is saved
    with its metadata tidied, the same way the build stores them."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        tidy_metadata(model["content"])


def working_copy(source: Path) -> str:
    """A committed notebook as the lab serves it: the same cells, without the outputs of the
    published run (whose chart links point into figures/, outside the lab)."""
    nb = tidy_metadata(json.loads(source.read_text(encoding="utf-8")))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prepare(lab: Path | None = None) -> list[str]:
    """Make or refresh the working copies; returns the names of edited copies that were kept."""
    lab = lab or LAB
    lab.mkdir(parents=True, exist_ok=True)
    record_file = lab / RECORD
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    kept = []
    for source in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        target = lab / source.name
        fresh = working_copy(source)
        if target.exists():
            current = target.read_text(encoding="utf-8")
            if _digest(current) != record.get(source.name) and current != fresh:
                kept.append(source.name)  # the analyst's own edits: never overwritten
                continue
        target.write_text(fresh, encoding="utf-8")
        record[source.name] = _digest(fresh)
    record_file.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n",
                           encoding="utf-8")
    return kept


def command(edit: bool = False, extra: list[str] | None = None) -> list[str]:
    """The JupyterLab command line `make lab` runs."""
    jupyter = str(Path(sys.executable).with_name("jupyter"))
    if edit:
        root, url = paths.ROOT, "/lab/tree/notebooks"
    else:
        root, url = LAB, f"/lab/tree/{LANDING}"
    args = [jupyter, "lab", f"--ServerApp.root_dir={root}", f"--LabApp.default_url={url}",
            "--ContentsManager.pre_save_hook=cecot.machinery.lab.pre_save"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        args.append("--allow-root")  # containers run as root, which Jupyter refuses otherwise
    return args + list(extra or [])


def main_lab(args) -> int:
    if not args.edit:
        kept = prepare()
        print(f"JupyterLab on working copies in {LAB.relative_to(paths.ROOT)}/: nothing you "
              "do there is published (only `make figures` publishes).")
        for name in kept:
            print(f"  kept your edited copy of {name} (delete it for a fresh one)")
    else:
        print("JupyterLab on the committed notebooks: what you save is a change to review "
              "(git diff; `python -m cecot diff` shows the numbers it moves).")
    sys.stdout.flush()
    cmd = command(args.edit, args.jupyter_args)
    os.execv(cmd[0], cmd)
    return 0  # not reached


