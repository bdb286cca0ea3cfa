"""The notebooks ("stories") of the collection and the parameters each accepts.

One declaration per parameter: its type, default and allowed range. The command line checks
overrides against it before anything is written, and each notebook checks its own values
against it in its first cell, so a direct papermill run fails just as clearly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import ParameterError

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Param:
    name: str
    type: type
    default: Any
    check: Callable[[Any], str | None] | None = None  # returns a problem, or None
    help: str = ""


@dataclass(frozen=True)
class Story:
    name: str
    notebook: str
    title_en: str
    title_es: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params)
        raise ParameterError(name, f"unknown parameter (known: {known})", self.name)


def positive(value):
    return None if value > 0 else f"must be greater than 0, got {value}"


def non_negative(value):
    return None if value >= 0 else f"must be 0 or greater, got {value}"


def language(value):
    return None if value in LANGUAGES else f"must be one of {', '.join(LANGUAGES)}, got '{value}'"


def non_empty(value):
    return None if value.strip() else "must not be empty"


def year_range(value):
    return None if 1900 <= value <= 2100 else f"must be a year between 1900 and 2100, got {value}"


def _common(name: str) -> tuple[Param, ...]:
    return (
        Param("lang", str, "en", language, "language of the text shown in the notebook (en/es)"),
        Param("output_dir", str, f"figures/{name}", non_empty,
              "folder for charts, data and numbers.json (relative to the repository root)"),
    )


STORIES: dict[str, Story] = {
    "density": Story(
        "density", "01-density.ipynb",
        "Space per prisoner against international standards",
        "Espacio por preso frente a los estándares internacionales",
        (
            Param("population", int, 40000, positive, "people held (default: stated capacity)"),
            Param("cell_area_m2", float, 24000.0, positive, "total cell floor area, m²"),
            Param("cells", int, 256, positive, "number of shared cells"),
            Param("guideline_m2", float, 3.4, positive, "guideline space per person, m²"),
        ) + _common("density"),
    ),
}


def story(name: str) -> Story:
    if name not in STORIES:
        raise ParameterError("story", f"unknown story '{name}' (known: {', '.join(STORIES)})")
    return STORIES[name]


def coerce(story_name: str, name: str, raw: Any) -> Any:
    """Convert a value given on the command line (a string) or by papermill to the declared
    type. A float for an int parameter, or text for a number, is an error, not a guess."""
    spec = story(story_name).param(name)
    if spec.type is bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise ParameterError(name, f"must be true or false, got '{raw}'", story_name)
    if spec.type is int:
        if isinstance(raw, bool):
            raise ParameterError(name, f"must be a whole number, got '{raw}'", story_name)
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if isinstance(raw, str):
            try:
                return int(raw.strip())
            except ValueError:
                pass
        raise ParameterError(name, f"must be a whole number, got '{raw}'", story_name)
    if spec.type is float:
        if isinstance(raw, bool):
            raise ParameterError(name, f"must be a number, got '{raw}'", story_name)
        if isinstance(raw, (int, float)):
            value = float(raw)
        else:
            try:
                value = float(str(raw).strip())
            except ValueError:
                raise ParameterError(name, f"must be a number, got '{raw}'", story_name) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ParameterError(name, f"must be a finite number, got '{raw}'", story_name)
        return value
    if not isinstance(raw, str):
        raise ParameterError(name, f"must be text, got {raw!r}", story_name)
    return raw


def validate(story_name: str, **values: Any) -> dict[str, Any]:
    """Check every value against its declaration; return the full, typed parameter set."""
    spec = story(story_name)
    checked = dict(spec.defaults)
    for name, raw in values.items():
        value = coerce(story_name, name, raw)
        param = spec.param(name)
        problem = param.check(value) if param.check else None
        if problem:
            raise ParameterError(name, problem, story_name)
        checked[name] = value
    return checked
