"""The stories of the collection, each described by the `story.yml` in its folder under
cecot/stories/: its notebook, its titles, its charts in reading order and the checks on its
parameters. (The parameters themselves, with their types, defaults and help, are declared once,
in the notebook's `parameters` cell: see cecot.params.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import ParameterError
from .fmt import LANGUAGES
from .words import PACKAGE_READS, load_yaml

STORIES_DIR = paths.PACKAGE / "stories"


@dataclass(frozen=True)
class Story:
    name: str
    notebook: str
    title: dict[str, str]
    charts: tuple[str, ...]
    checks: dict = field(default_factory=dict)  # parameter name -> {check: argument}
    # For cecot.explore: the chart it redraws (default: the first) and, per parameter, the
    # range of its slider or the choices of its dropdown where the checks do not give them.
    explore_chart: str = ""
    controls: dict = field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        return self.title[lang]


_READ: dict[tuple, dict] = {}


def _read(folder: Path) -> dict[str, Story]:
    """Every story.yml under `folder`, made once per version of the files; each call records
    the files as read (cecot.words.PACKAGE_READS: a run depends on the story files it
    consulted)."""
    files = tuple(sorted(folder.glob("*/story.yml")))
    key = (folder, tuple((p, p.stat().st_mtime_ns) for p in files))
    if key not in _READ:
        _READ[key] = _parse(files)
    PACKAGE_READS.update(files)
    return _READ[key]


def _parse(files) -> dict[str, Story]:
    found = []
    for path in files:
        spec = load_yaml(path)
        if spec.get("name") != path.parent.name:
            raise ValueError(f"{path}: name must be '{path.parent.name}'")
        found.append(Story(spec["name"], spec["notebook"], dict(spec["title"]),
                           tuple(spec.get("charts", ())), dict(spec.get("parameters") or {}),
                           spec.get("explore", {}).get("chart", ""),
                           dict(spec.get("explore", {}).get("controls") or {})))
    return {s.name: s for s in sorted(found, key=lambda s: s.notebook)}


def _stories() -> dict[str, Story]:
    return _read(STORIES_DIR)


def stories() -> dict[str, Story]:
    """Every story, in notebook order."""
    return dict(_stories())


def story(name: str) -> Story:
    known = _stories()
    if name not in known:
        raise ParameterError("story", f"unknown story '{name}' (known: {', '.join(known)})")
    return known[name]


__all__ = ["LANGUAGES", "Story", "stories", "story"]
