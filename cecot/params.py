"""The parameters of each story: declared once, in its notebook's `parameters` cell.

    population: int = 40000  # people held; default: the stated capacity

Name, type, default and help come from that line alone (papermill reads the same annotated
cell for `papermill --help-notebook`). The checks on each value (minimum, one of the ids in a
data column, ...) sit in the story's story.yml; checks that involve several parameters or the
data are a function of the story's compute module (`parameter_problem`), passed explicitly.

`validate` is the one function that checks a run's values: the build calls it before any kernel
starts, and a notebook's Run calls it when the notebook is run any other way.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import data as cdata
from . import paths
from .errors import NotebookError, ParameterError
from .fmt import LANGUAGES
from .registry import story as story_spec

TYPES = {"int": int, "float": float, "str": str, "bool": bool}
CrossCheck = Callable[[dict], "tuple[str, str] | None"]

# Checks every story's `lang` and `output_dir` get, whatever its story.yml says.
COMMON_CHECKS = {"lang": {"one_of": list(LANGUAGES)}}


@dataclass(frozen=True)
class Param:
    name: str
    type: type
    default: Any
    help: str = ""


def parameters_cell(notebook: Path) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell["source"]
            return "".join(source) if isinstance(source, list) else source
    raise NotebookError(f"notebooks/{notebook.name} has no cell tagged 'parameters'")


def parse_declarations(source: str, where: str = "the parameters cell") -> dict[str, Param]:
    """`name: type = literal  # help` lines, in order. Anything else is an error: a parameter
    must be declared with its type, and its default must be a plain value. A cell that is not
    valid Python is refused in one line naming the line (an autosaved slip, say)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise NotebookError(f"{where}, line {err.lineno}: not valid Python ({err.msg}): "
                            f"{(err.text or '').strip()}") from None
    lines = source.splitlines()
    found: dict[str, Param] = {}
    for node in tree.body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(node.annotation, ast.Name) and node.value is not None):
            raise NotebookError(f"{where}, line {node.lineno}: write each parameter as "
                                "`name: type = value  # help`")
        type_name = node.annotation.id
        if type_name not in TYPES:
            raise ParameterError(node.target.id, f"{where}: type must be one of "
                                                 f"{', '.join(TYPES)}, not {type_name}")
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise ParameterError(node.target.id, f"{where}, line {node.lineno}: the default "
                                                 "must be a plain value (a number, text, "
                                                 "True or False)") from None
        line = lines[node.lineno - 1]
        help_text = line.split("#", 1)[1].strip() if "#" in line[node.value.end_col_offset:] \
            else ""
        found[node.target.id] = Param(node.target.id, TYPES[type_name], default, help_text)
    return found


@lru_cache(maxsize=None)
def _declared(path: str, mtime_ns: int) -> dict[str, Param]:
    notebook = Path(path)
    return parse_declarations(parameters_cell(notebook),
                              f"notebooks/{notebook.name}, parameters cell")


def declared(story: str) -> dict[str, Param]:
    """The story's parameters as its notebook declares them."""
    path = paths.NOTEBOOKS / story_spec(story).notebook
    return dict(_declared(str(path), path.stat().st_mtime_ns))


def defaults(story: str) -> dict[str, Any]:
    return {name: p.default for name, p in declared(story).items()}


def coerce(story: str, param: Param, raw: Any) -> Any:
    """Convert a value given on the command line (a string) or by papermill to the declared
    type. A float for an int parameter, or text for a number, is an error, not a guess."""
    name = param.name
    if param.type is bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise ParameterError(name, f"must be true or false, got '{raw}'", story)
    if param.type is int:
        if isinstance(raw, bool):
            raise ParameterError(name, f"must be a whole number, got '{raw}'", story)
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if isinstance(raw, str):
            try:
                return int(raw.strip())
            except ValueError:
                pass
        raise ParameterError(name, f"must be a whole number, got '{raw}'", story)
    if param.type is float:
        if isinstance(raw, bool):
            raise ParameterError(name, f"must be a number, got '{raw}'", story)
        if isinstance(raw, (int, float)):
            value = float(raw)
        else:
            try:
                value = float(str(raw).strip())
            except ValueError:
                raise ParameterError(name, f"must be a number, got '{raw}'", story) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ParameterError(name, f"must be a finite number, got '{raw}'", story)
        return value
    if not isinstance(raw, str):
        raise ParameterError(name, f"must be text, got {raw!r}", story)
    return raw


def _data_values(reference: str) -> list:
    table, _, column = reference.partition(".")
    return sorted({r[column] for r in cdata.load_table(table).records if r[column] is not None})


def _show(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def check(value, checks: dict) -> str | None:
    """The problem with one value under its story.yml checks, or None."""
    for kind, argument in checks.items():
        if kind == "minimum" and value < argument:
            return f"must be {_show(argument)} or more, got {_show(value)}"
        if kind == "greater_than" and not value > argument:
            return f"must be greater than {_show(argument)}, got {_show(value)}"
        if kind == "maximum" and value > argument:
            return f"must be {_show(argument)} or less, got {_show(value)}"
        if kind == "not_empty" and argument and not value.strip():
            return "must not be empty"
        if kind == "one_of":
            allowed = list(argument) if isinstance(argument, list) else _data_values(argument)
            if value not in allowed:
                shown = ", ".join(str(a) for a in allowed)
                return f"must be one of {shown}, got '{value}'"
    return None


def validate(story: str, values: dict[str, Any] | None = None,
             cross_check: CrossCheck | None = None) -> dict[str, Any]:
    """Check every given value against its declaration and checks; return the full, typed
    parameter set (defaults for what was not given). Raises ParameterError naming the
    parameter."""
    declarations = declared(story)
    spec = story_spec(story)
    checked = {name: p.default for name, p in declarations.items()}
    for name, raw in (values or {}).items():
        if name not in declarations:
            known = ", ".join(declarations)
            raise ParameterError(name, f"unknown parameter (known: {known})", story)
        checked[name] = coerce(story, declarations[name], raw)
    for name, value in checked.items():
        problem = check(value, {**COMMON_CHECKS.get(name, {}), **spec.checks.get(name, {})})
        if problem:
            raise ParameterError(name, problem, story)
    if cross_check is not None:
        problem = cross_check(checked)
        if problem:
            raise ParameterError(problem[0], problem[1], story)
    return checked
