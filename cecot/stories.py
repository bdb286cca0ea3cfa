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
    # Checks that involve several parameters or the data (e.g. a series name that must exist):
    # returns (parameter name, problem) or None. Called after each value passed its own check.
    cross_check: Callable[[dict], tuple[str, str] | None] | None = None

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


def _homicide_checks(params: dict):
    from . import homicides  # the known series come from the data, not from a list in code
    return homicides.parameter_problem(params)


def _prisons_checks(params: dict):
    from . import prisons  # the last year with data comes from the data
    return prisons.parameter_problem(params)


def _costs_checks(params: dict):
    from . import costs
    return costs.parameter_problem(params)


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
    "occupancy": Story(
        "occupancy", "02-occupancy.ipynb",
        "How full are CECOT's cells?", "¿Qué tan llenas están las celdas del CECOT?",
        (
            Param("population", int, 0, non_negative,
                  "0: the reported snapshots only; a positive value adds a scenario"),
            Param("capacity", int, 40000, positive, "stated capacity, people"),
            Param("cells", int, 256, positive, "number of shared cells"),
            Param("bunks_per_cell", int, 80, positive, "sleeping places per cell"),
            Param("cell_m2", float, 100.0, positive, "floor area of one cell, m²"),
        ) + _common("occupancy"),
    ),
    "homicides": Story(
        "homicides", "03-homicides.ipynb",
        "Homicides in El Salvador, by source", "Homicidios en El Salvador, según la fuente",
        (
            Param("start_year", int, 2000, year_range, "first year shown"),
            Param("end_year", int, 2024, year_range, "last year shown"),
            Param("series", str, "all", non_empty, "one series, or all"),
            Param("compare_from", int, 2019, year_range, "base year of the percentage change"),
            Param("compare_to", int, 2020, year_range, "final year of the percentage change"),
        ) + _common("homicides"),
        cross_check=_homicide_checks,
    ),
    "claims": Story(
        "claims", "04-claims.ipynb",
        "Every number in the source article, checked",
        "Cada cifra del artículo de origen, verificada",
        _common("claims"),
    ),
    "prisons": Story(
        "prisons", "05-prisons.ipynb",
        "Prisons, arrests and deaths under the state of exception",
        "Cárceles, capturas y muertes bajo el régimen de excepción",
        (
            Param("start_year", int, 2007, year_range, "first year of the prison population chart"),
        ) + _common("prisons"),
        cross_check=_prisons_checks,
    ),
    "costs": Story(
        "costs", "06-costs.ipynb",
        "What CECOT costs, and who pays", "Cuánto cuesta el CECOT y quién paga",
        (
            Param("capacity", int, 40000, positive, "stated capacity, people"),
            Param("alt_capacity", int, 20480, positive, "alternative design capacity, people"),
            Param("us_detainees", int, 300, positive, "detainees in the US agreement"),
            Param("us_payment_usd", float, 6000000.0, positive, "US payment for one year, US$"),
            Param("family_payment_usd", float, 170.0, positive, "monthly family payment, US$"),
            Param("construction_cost_usd", float, 100000000.0, positive,
                  "reported construction cost, US$ (unverified)"),
            Param("soldiers", int, 600, non_negative, "soldiers guarding CECOT"),
            Param("police", int, 250, non_negative, "police officers at CECOT"),
        ) + _common("costs"),
        cross_check=_costs_checks,
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
    if spec.cross_check:
        problem = spec.cross_check(checked)
        if problem:
            raise ParameterError(problem[0], problem[1], story_name)
    return checked
