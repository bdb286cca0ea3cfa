"""Read every curated CSV through one function that validates it against data/datapackage.json.

The descriptor (Frictionless Data Package / Table Schema) is the only statement of what each
file must contain: field names and order, types, constraints, primary and foreign keys. This
module interprets it; it holds no second copy of any schema. `frictionless validate` checks
the same descriptor independently in the test suite.

Decisions on imperfect files (documented in data/README.md):
- a UTF-8 byte-order mark is accepted and dropped; trailing blank lines are accepted and dropped;
- anything else that is not exactly the descriptor's shape is an error naming file, row, column.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import hashlib
import io
import json
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths
from .errors import DataError
from .rules import ROW_RULES

if TYPE_CHECKING:  # pandas is imported only when a table is read: a no-op build stays fast
    import pandas as pd

DESCRIPTOR_NAME = "datapackage.json"

# Files read in this process, with their sha256: the build records them as the inputs a
# notebook depended on, so a data edit re-runs exactly the notebooks that read the file.
READ_LOG: dict[str, str] = {}
# Files about the data rather than data (who published what; how current each series is):
# they cite no source themselves.
REGISTERS = ("sources", "series")


def data_dir() -> Path:
    return paths.DATA


def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@lru_cache(maxsize=4)
def _descriptor_cached(path: str, mtime_ns: int) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def descriptor(directory: Path | None = None) -> dict:
    path = os.path.join(directory or data_dir(), DESCRIPTOR_NAME)  # one stat: asked for often
    try:
        mtime_ns = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        raise DataError(f"data/{DESCRIPTOR_NAME}", "the data package descriptor is missing") \
            from None
    return _descriptor_cached(path, mtime_ns)


def resource_descriptor(name: str, directory: Path | None = None) -> dict:
    for resource in descriptor(directory)["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(r["name"] for r in descriptor(directory)["resources"])
    raise DataError(f"data/{DESCRIPTOR_NAME}", f"no resource named '{name}' (known: {known})")


# --- reading and checking one file -------------------------------------------------------

@dataclass
class Table:
    """A validated CSV: typed records (for checks) and the same as a DataFrame."""

    name: str
    file: str  # as shown to people, e.g. "data/population.csv"
    records: list[dict[str, Any]]
    rows: list[int]  # the spreadsheet row number of each record
    frame: pd.DataFrame


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # accepted: spreadsheet programs add a BOM; it carries no data
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        raise DataError(file, f"byte 0x{raw[err.start]:02x} is not UTF-8 (save the file as "
                              "UTF-8, e.g. it may be Latin-1)", row=row) from None


def _convert(value: str, field: dict, file: str, row: int) -> Any:
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    if value == "":
        if constraints.get("required"):
            raise DataError(file, "a value is required but the cell is empty", row, name)
        return None
    try:
        if kind == "integer":
            if not re.fullmatch(r"-?\d+", value):
                raise ValueError
            converted: Any = int(value)
        elif kind == "number":
            if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", value):
                raise ValueError
            converted = float(value)
        elif kind == "year":
            if not re.fullmatch(r"\d{4}", value):
                raise ValueError
            converted = int(value)
        elif kind == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            converted = dt.date.fromisoformat(value)
        elif kind == "boolean":
            if value not in ("true", "false"):
                raise ValueError
            converted = value == "true"
        else:
            converted = value
    except ValueError:
        expected = {
            "integer": "a whole number", "number": "a number (with '.' as decimal point)",
            "year": "a four-digit year", "date": "a date as YYYY-MM-DD",
            "boolean": "true or false",
        }[kind]
        raise DataError(file, f"'{value}' is not {expected}", row, name) from None
    if "enum" in constraints and converted not in constraints["enum"]:
        allowed = ", ".join(str(v) for v in constraints["enum"])
        raise DataError(file, f"'{value}' is not one of: {allowed}", row, name)
    if "minimum" in constraints and converted < _bound(constraints["minimum"], kind):
        raise DataError(file, f"{value} is below the minimum {constraints['minimum']}", row, name)
    if "maximum" in constraints and converted > _bound(constraints["maximum"], kind):
        raise DataError(file, f"{value} is above the maximum {constraints['maximum']}", row, name)
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        raise DataError(file, f"'{value}' does not match the pattern {constraints['pattern']}",
                        row, name)
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        raise DataError(file, f"text longer than {constraints['maxLength']} characters", row, name)
    return converted


def _bound(bound: Any, kind: str) -> Any:
    return dt.date.fromisoformat(bound) if kind == "date" else bound


def _frame(records: list[dict], fields: list[dict]) -> pd.DataFrame:
    import pandas as pd

    columns = {}
    for field in fields:
        name, kind = field["name"], field.get("type", "string")
        values = [record[name] for record in records]
        if kind in ("integer", "year"):
            columns[name] = pd.array(values, dtype="Int64")
        elif kind == "number":
            columns[name] = pd.array([math.nan if v is None else v for v in values],
                                     dtype="float64")
        elif kind == "date":
            columns[name] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif kind == "boolean":
            columns[name] = pd.array(values, dtype="boolean")
        else:
            columns[name] = pd.array(values, dtype="string")
    return pd.DataFrame(columns)


def read_table(name: str, directory: Path | None = None) -> Table:
    """Read and validate one resource of the data package (without foreign keys)."""
    directory = directory or data_dir()
    resource = resource_descriptor(name, directory)
    path = directory / resource["path"]
    file = f"data/{resource['path']}"
    if not path.exists():
        raise DataError(file, "the file is missing")
    raw = path.read_bytes()
    READ_LOG[resource["path"]] = sha256_bytes(raw)
    text = _decode(raw, file)
    if not text.strip():
        raise DataError(file, "the file is empty (expected a header row and data)", row=1)
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()  # accepted: trailing blank lines carry no data
    reader = csv.reader(io.StringIO("\n".join(lines) + "\n"), strict=True)
    fields = resource["schema"]["fields"]
    expected = [field["name"] for field in fields]
    try:
        header = next(reader)
    except csv.Error as err:
        raise DataError(file, f"unreadable CSV ({err})", row=1) from None
    _check_header(header, expected, file)
    records, rows = [], []
    row_number = 1
    try:
        for values in reader:
            row_number = reader.line_num
            if not any(v.strip() for v in values):
                raise DataError(file, "blank line inside the data", row=row_number)
            if len(values) != len(expected):
                raise DataError(file, f"{len(values)} values but the header has "
                                      f"{len(expected)} columns (check the delimiter is ',' "
                                      "and quotes around text with commas)", row=row_number)
            record = {}
            for field, value in zip(fields, values):
                if value != value.strip():
                    raise DataError(file, f"'{value}' has spaces at its start or end",
                                    row_number, field["name"])
                record[field["name"]] = _convert(value, field, file, row_number)
            records.append(record)
            rows.append(row_number)
    except csv.Error as err:
        raise DataError(file, f"unreadable CSV ({err})", row=reader.line_num) from None
    if not records:
        raise DataError(file, "the file has a header but no data rows", row=1)
    schema = resource["schema"]
    _check_unique(records, rows, schema, file)
    return Table(name, file, records, rows, _frame(records, fields))


def _check_header(header: list[str], expected: list[str], file: str) -> None:
    if header == expected:
        return
    if len(header) == 1 and len(expected) > 1 and any(d in header[0] for d in ";\t|"):
        raise DataError(file, "the header is one column: the delimiter must be ','", row=1)
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    if missing and extra:
        raise DataError(file, f"unexpected column (expected '{missing[0]}'; "
                              f"renamed?)", row=1, column=extra[0])
    if missing:
        raise DataError(file, "required column is missing", row=1, column=missing[0])
    if extra:
        raise DataError(file, "column is not in the data package descriptor", row=1,
                        column=extra[0])
    raise DataError(file, f"columns are out of order: expected {', '.join(expected)}", row=1)


def _key_tuple(record: dict, fields: list[str]) -> tuple:
    return tuple(record[f] for f in fields)


def _check_unique(records: list[dict], rows: list[int], schema: dict, file: str) -> None:
    keys = []
    if "primaryKey" in schema:
        pk = schema["primaryKey"]
        keys.append([pk] if isinstance(pk, str) else list(pk))
    for field in schema["fields"]:
        if field.get("constraints", {}).get("unique"):
            keys.append([field["name"]])
    for key in keys:
        seen: dict[tuple, int] = {}
        for record, row in zip(records, rows):
            value = _key_tuple(record, key)
            if value in seen:
                shown = ", ".join(str(v) for v in value)
                raise DataError(file, f"duplicate key ({shown}) already on row {seen[value]}",
                                row, key[-1] if len(key) == 1 else "+".join(key))
            seen[value] = row


def _check_foreign_keys(table: Table, resource: dict, directory: Path) -> None:
    for fk in resource["schema"].get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        target = table if ref["resource"] in ("", table.name) else load_table(ref["resource"],
                                                                                directory)
        known = {_key_tuple(r, ref_fields) for r in target.records}
        for record, row in zip(table.records, table.rows):
            value = _key_tuple(record, fields)
            if all(v is None for v in value):
                continue
            if value not in known:
                shown = ", ".join(str(v) for v in value)
                raise DataError(table.file, f"'{shown}' is not a {'/'.join(ref_fields)} in "
                                            f"data/{target.name}.csv", row, fields[0])


_TABLES: dict[tuple[str, str, str], Table] = {}
_DIGESTS: dict[tuple, str] = {}


def file_digest(path: Path) -> str:
    """sha256 of a file, hashed again only when its size, inode or modification time change
    (stories ask for the same tables thousands of times in a test run)."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return ""
    key = (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)
    if key not in _DIGESTS:
        _DIGESTS[key] = sha256_bytes(path.read_bytes())
    return _DIGESTS[key]


def load_table(name: str, directory: Path | None = None) -> Table:
    """Read, validate (types, constraints, keys, foreign keys, row rules) and cache a resource.

    The cache is keyed on the file's content hash, so an edited file is always re-read.
    """
    directory = directory or data_dir()
    resource = resource_descriptor(name, directory)
    path = directory / resource["path"]
    digest = file_digest(path)
    key = (str(directory), name, digest)
    if key in _TABLES:
        READ_LOG[resource["path"]] = digest
        return _TABLES[key]
    table = read_table(name, directory)
    _check_foreign_keys(table, resource, directory)
    for rule in ROW_RULES.get(name, ()):
        for record, row in zip(table.records, table.rows):
            problem = rule(record)
            if problem:
                column, message = problem
                raise DataError(table.file, message, row, column)
    _TABLES[key] = table
    return table


def memo(*names: str):
    """Keep a function's results per version of the named data files (the loader's tables):
    worked out once, and again only when a file changes. Callers get a copy, so a result can
    never be changed for the next caller. Arguments must be hashable."""
    def wrap(function):
        cache: dict = {}

        @functools.wraps(function)
        def cached(*args):
            tables = tuple(load_table(name) for name in names)  # each read is recorded
            key = (tuple(id(t) for t in tables), args)
            hit = cache.get(key)
            if hit is None or any(a is not b for a, b in zip(hit[0], tables)):
                hit = cache[key] = (tables, function(*args))
            result = hit[1]
            return result.copy() if hasattr(result, "iloc") else copy.deepcopy(result)
        return cached
    return wrap


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """The one way notebooks and package code read curated data: a validated DataFrame."""
    return load_table(name, directory).frame.copy()


# --- the package as a whole --------------------------------------------------------------

def validate_all(directory: Path | None = None) -> list[str]:
    """Validate every resource; return the names checked. Raises on the first problem."""
    directory = directory or data_dir()
    names = [r["name"] for r in descriptor(directory)["resources"]]
    for name in names:
        load_table(name, directory)
    return names


def changed_files(directory: Path | None = None) -> list[str]:
    """Resources whose bytes no longer match the sha256 recorded in the descriptor."""
    directory = directory or data_dir()
    changed = []
    for resource in descriptor(directory)["resources"]:
        recorded = resource.get("hash", "").removeprefix("sha256:")
        path = directory / resource["path"]
        actual = sha256_bytes(path.read_bytes()) if path.exists() else "missing"
        if recorded != actual:
            changed.append(resource["path"])
    return changed


def check_hashes(directory: Path | None = None) -> None:
    changed = changed_files(directory)
    if changed:
        raise DataError(f"data/{changed[0]}",
                        "changed since its hash was recorded in data/datapackage.json; "
                        "review the edit, then run 'python -m cecot data lock'"
                        + (f" (also changed: {', '.join(changed[1:])})" if changed[1:] else ""))


def lock(directory: Path | None = None) -> list[str]:
    """Record the current sha256 and size of every resource in the descriptor."""
    directory = directory or data_dir()
    path = directory / DESCRIPTOR_NAME
    package = json.loads(path.read_text(encoding="utf-8"))
    updated = []
    for resource in package["resources"]:
        raw = (directory / resource["path"]).read_bytes()
        new = "sha256:" + sha256_bytes(raw)
        if resource.get("hash") != new:
            updated.append(resource["path"])
        resource["hash"] = new
        resource["bytes"] = len(raw)
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return updated
