"""data/README.md, the per-file column dictionary, generated from data/datapackage.json so the
documentation can never disagree with the schema the loader enforces."""

from __future__ import annotations

from pathlib import Path

from .. import data as cdata

HEADER = """# Data

Curated, sourced data behind every number of the CECOT data collection. Licence: CC BY 4.0
(see `LICENSE-DATA`). **This file is generated from `datapackage.json` by
`python -m cecot data readme`; do not edit it by hand** (a test fails when it is stale).

- Every row of every file cites a `source_id` listed in [`sources.csv`](sources.csv), with title,
  publisher, URL, publication date, access date, a short quote and how far the project could
  verify it (`read`, `secondary`, `unverified`).
- Where sources disagree, every version is kept as its own row. Nothing is interpolated or
  invented; figures no source supports are absent, and the notebooks say so.
- `datapackage.json` is a [Frictionless Data Package](https://specs.frictionlessdata.io/): types,
  units, constraints, primary and foreign keys, and the sha256 of each file. `python -m cecot data
  check` validates everything; `frictionless validate data/datapackage.json` checks the same
  descriptor independently. After a deliberate edit, `python -m cecot data lock` records the new
  hashes, and `python -m cecot diff` shows which published numbers the edit moves.

## What happens to an imperfect file

| Problem | Result |
|---|---|
| UTF-8 byte-order mark (as spreadsheet programs add) | accepted, removed when read |
| trailing blank lines | accepted, ignored |
| missing, renamed, extra or reordered column | error naming the column (row 1) |
| text in a numeric field, a date not written YYYY-MM-DD | error naming row and column |
| value outside its minimum/maximum, or not one of the allowed values | error naming row and column |
| duplicate key, unknown `source_id` | error naming row and column |
| empty file, header only, delimiter other than `,` | error naming the file (row 1) |
| Latin-1 (or any non-UTF-8) encoding | error naming the row of the first bad byte |
| spaces around a value, a blank line inside the data | error naming row (and column) |

Rows are counted as in a spreadsheet: the header is row 1, the first record row 2. Every error
is one line, and a build that meets one writes nothing.

## Files
"""


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    if "enum" in c:
        parts.append("one of: " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`".replace("|", "\\|"))
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    return "; ".join(parts)


def render(directory: Path | None = None) -> str:
    package = cdata.descriptor(directory)
    lines = [HEADER, "| File | Contents |", "|---|---|"]
    for resource in package["resources"]:
        lines.append(f"| [`{resource['path']}`](#{resource['name'].replace('_', '-')}) | "
                     f"{resource['title']} |")
    lines.append("")
    for resource in package["resources"]:
        table = cdata.load_table(resource["name"], directory)
        schema = resource["schema"]
        key = schema.get("primaryKey")
        key = ", ".join(key) if isinstance(key, list) else key
        lines.append(f"### {resource['name'].replace('_', '-')}\n")
        lines.append(f"**`{resource['path']}`**: {resource['description']}\n")
        n_sources = len({r["source_id"] for r in table.records}) \
            if resource["name"] not in cdata.REGISTERS else None
        facts = [f"{len(table.records)} rows", f"key: {key}"]
        if n_sources:
            facts.append(f"{n_sources} distinct sources")
        dates = [r.get("date") for r in table.records if r.get("date")]
        years = [r.get("year") for r in table.records if r.get("year")]
        if dates:
            facts.append(f"as of {max(dates).isoformat()}")
        elif years:
            facts.append(f"years {min(years)}–{max(years)}")
        lines.append(", ".join(facts) + ".\n")
        lines.append("| Column | Type | Unit | Description | Constraints |")
        lines.append("|---|---|---|---|---|")
        for field in schema["fields"]:
            lines.append(f"| `{field['name']}` | {field.get('type', 'string')} | "
                         f"{field.get('unit', '')} | {field.get('description', '')} | "
                         f"{_constraints(field)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_readme(directory: Path | None = None) -> Path:
    directory = directory or cdata.data_dir()
    path = directory / "README.md"
    path.write_text(render(directory), encoding="utf-8")
    return path
