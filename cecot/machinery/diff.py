"""`python -m cecot diff`: which published numbers would a rebuild change?

Re-runs every story whose inputs changed since its committed build into a temporary folder
and compares its numbers.json with the committed one under figures/. Prints only the numbers
that differ (old -> new). A story whose inputs are all unchanged (figures/<story>/build.json)
is not re-run: builds are deterministic, so its numbers cannot move."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from .. import paths, registry
from ..run import flatten
from . import build


def compare(old: dict, new: dict) -> list[tuple[str, Any, Any]]:
    flat_old, flat_new = flatten(old, lists=True), flatten(new, lists=True)
    changes = []
    for key in sorted(set(flat_old) | set(flat_new)):
        before, after = flat_old.get(key, "(absent)"), flat_new.get(key, "(absent)")
        if before != after:
            changes.append((key, before, after))
    return changes


def _numbers(root: Path, story: str) -> dict:
    path = root / "figures" / story / "numbers.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def main_diff(names: list[str] | None = None) -> int:
    from .. import data as cdata

    selected = [registry.story(name).name for name in names or list(registry.stories())]
    changed = cdata.changed_files()
    if changed:
        # Edits not yet recorded with `cecot data lock`: the reason numbers below may move.
        print("data changed since the last lock: " + ", ".join(f"data/{c}" for c in changed))
    stale = [name for name in selected if not build.is_up_to_date(
        registry.story(name), build.default_params(name), paths.ROOT)]
    unchanged = [name for name in selected if name not in stale]
    if unchanged:
        print("inputs unchanged since the committed build, not re-run: " + ", ".join(unchanged))
    total = 0
    with tempfile.TemporaryDirectory(prefix="cecot-diff-") as scratch:
        if stale:
            build.run(stale, output=scratch, force=True)
        for name in stale:
            changes = compare(_numbers(paths.ROOT, name), _numbers(Path(scratch), name))
            total += len(changes)
            if changes:
                print(f"{name}:")
                for key, before, after in changes:
                    print(f"  {key}: {before} -> {after}")
    if not total:
        print("no published number changes")
    return 0
