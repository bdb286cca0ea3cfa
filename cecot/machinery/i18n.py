"""Spanish text of the notebooks' narrative, for the Spanish pages of the report site.

Charts are drawn in both languages by the notebooks themselves; the prose between the code
cells is written in English in the notebook and translated here, one JSON file per notebook
in notebooks/es/ (`01-density.json` for `01-density.ipynb`):

    {"notebook": "01-density.ipynb",
     "cells": {"cell-00": {"en_sha256": "<sha256 of the English text>", "es": "# ¿Cuánto ..."}}}

Each translation records the hash of the English text it was made from, so an English cell
edited later shows as needing a new translation: `check` reports it, the tests fail, and the
site falls back to the English text for that cell (and says so on the page). A translation must
keep every number of the English text (compared digit by digit, whatever the separators: 40,000
and 40 000 are the same number, 0.6 and 0,6 too).

    python -m cecot.machinery.i18n template 01-density   # write or refresh the file, keeping translations
    python -m cecot.machinery.i18n check                 # every notebook: missing, stale, numbers lost
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

from .. import paths

FOLDER = paths.NOTEBOOKS / "es"

# A number as prose writes it: digits, optional thousands groups (",", ".", thin or normal
# space, each followed by exactly three digits) and an optional decimal part.
_NUMBER = re.compile(r"\d+(?:[,.\u202f\u00a0 ]\d{3}(?!\d))*(?:[.,]\d+)?")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def markdown_cells(notebook: str) -> list[tuple[str, str]]:
    """(cell id, English markdown) of every markdown cell, in order."""
    nb = json.loads((paths.NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            source = cell["source"]
            cells.append((cell["id"], "".join(source) if isinstance(source, list) else source))
    return cells


def file_for(notebook: str) -> Path:
    return FOLDER / (Path(notebook).stem + ".json")


def load(notebook: str) -> dict[str, dict]:
    path = file_for(notebook)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def spanish(notebook: str) -> dict[str, str]:
    """Cell id -> Spanish markdown, for the translations made from the current English."""
    english = dict(markdown_cells(notebook))
    return {cell_id: entry["es"] for cell_id, entry in load(notebook).items()
            if cell_id in english and entry.get("es", "").strip()
            and entry.get("en_sha256") == text_hash(english[cell_id])}


def numbers(text: str) -> Counter:
    """The numbers in a text as digit strings (separators dropped), with their counts."""
    return Counter(re.sub(r"\D", "", match) for match in _NUMBER.findall(text))


def problems(notebook: str) -> list[str]:
    """What is missing or wrong in a notebook's translation (empty: complete and current)."""
    found = []
    entries = load(notebook)
    english = markdown_cells(notebook)
    for cell_id, text in english:
        entry = entries.get(cell_id)
        if entry is None or not entry.get("es", "").strip():
            found.append(f"{notebook} {cell_id}: no Spanish text")
            continue
        if entry.get("en_sha256") != text_hash(text):
            found.append(f"{notebook} {cell_id}: the English text changed since it was "
                         "translated (translate it again, then run `template` to record it)")
            continue
        lost = numbers(text) - numbers(entry["es"])
        added = numbers(entry["es"]) - numbers(text)
        if lost or added:
            found.append(f"{notebook} {cell_id}: numbers differ from the English: "
                         f"missing {sorted(lost)}, extra {sorted(added)}")
    extra = sorted(set(entries) - {cell_id for cell_id, _ in english})
    found += [f"{notebook} {cell_id}: no such markdown cell any more" for cell_id in extra]
    return found


def translate(nb, notebook: str, lang: str):
    """The notebook `nb` (an nbformat node of notebooks/<notebook>) with its markdown cells in
    `lang`, where a current translation exists: a Spanish run then reads as Spanish. Cells
    whose English changed since they were translated stay English."""
    if lang == "en":
        return nb
    texts = spanish(notebook)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.get("id") in texts:
            cell.source = texts[cell["id"]]
    return nb


def write_template(notebook: str) -> Path:
    """Create or refresh a notebook's translation file: one entry per markdown cell, with the
    English text (for the translator) and its hash; existing translations are kept."""
    entries = load(notebook)
    cells = {}
    for cell_id, text in markdown_cells(notebook):
        old = entries.get(cell_id, {})
        cells[cell_id] = {"en_sha256": text_hash(text), "en": text, "es": old.get("es", "")}
    path = file_for(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"notebook": notebook, "cells": cells}, indent=1,
                               ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _notebook(name: str) -> str:
    name = Path(name).stem
    return name + ".ipynb"


def main(argv: list[str]) -> int:
    unknown = [name for name in argv[1:] if not (paths.NOTEBOOKS / _notebook(name)).exists()]
    if unknown:
        print(f"error: no notebook notebooks/{_notebook(unknown[0])}", file=sys.stderr)
        return 2
    if len(argv) >= 1 and argv[0] == "template" and len(argv) == 2:
        print(f"wrote {write_template(_notebook(argv[1]))}")
        return 0
    if len(argv) >= 1 and argv[0] == "check":
        names = [_notebook(n) for n in argv[1:]] or \
            sorted(p.name for p in paths.NOTEBOOKS.glob("*.ipynb"))
        found = [p for name in names for p in problems(name)]
        print("\n".join(found) if found else "every translation is complete and current")
        return 1 if found else 0
    print(__doc__.split("\n\n")[-1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
