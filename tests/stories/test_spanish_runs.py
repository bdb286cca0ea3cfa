"""Every story notebook, run in Spanish, prints and shows Spanish: its code cells are executed in
this process with `lang = "es"` (as papermill would inject it), the charts left out (their
Spanish is checked in the committed SVGs and sidecars), and everything the cells print or
display is read. A table header with no Spanish name, or a sentence with no Spanish text, fails
the run itself (cecot.run.Run.headers, cecot.words.Text)."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest

from cecot import paths, registry
from cecot.run import Run

STORIES = [s for s in registry.stories().values() if (paths.NOTEBOOKS / s.notebook).exists()]
# Column ids that have a Spanish header in the glossary: never shown as such in Spanish.
ENGLISH_HEADERS = re.compile(r"\b(source_id|date_precision|value|kind|note|status|year)\b")


class _Bundles(dict):
    """What run.publish returns, without drawing: each chart a placeholder."""

    def __missing__(self, lang):
        return [f"[chart {i}]" for i in range(20)]


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.name)
def test_a_spanish_run_prints_and_shows_spanish(story, tmp_path, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    monkeypatch.setattr(Run, "publish", lambda self, *a, **k: _Bundles())
    nb = json.loads((paths.NOTEBOOKS / story.notebook).read_text(encoding="utf-8"))
    namespace = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            exec(compile(source, f"{story.notebook}", "exec"), namespace)
            if "parameters" in cell["metadata"].get("tags", []):
                namespace.update(lang="es", output_dir=str(tmp_path))
    printed = out.getvalue() + "".join(
        obj["text/plain"] + "\n" for obj in shown if isinstance(obj, dict) and "text/plain" in obj)
    assert printed.startswith("parámetros: ") and "carpeta de salida: " in printed
    assert "output folder" not in printed and "parameters:" not in printed
    tables = [obj for obj in shown if hasattr(obj, "columns")]
    assert tables, "the notebook shows no table"
    for table in tables:
        headers = " ".join(str(c) for c in table.columns)
        assert not ENGLISH_HEADERS.search(headers), (story.name, headers)
        assert "NaN" not in table.to_string(), story.name
    for obj in shown:
        markdown = getattr(obj, "data", None)
        if isinstance(markdown, str):
            assert not re.match(r"\s*(The|At|With|In) ", markdown), markdown
