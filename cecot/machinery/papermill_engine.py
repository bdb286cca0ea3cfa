"""A papermill engine for the notebooks of this collection:
`papermill notebooks/01-density.ipynb out.ipynb -p population 20000 -p lang es --engine cecot`.

- Every parameter is checked before a kernel starts, as `cecot build` checks them: a misspelt
  name, a wrong type or a value out of range stops the run with one line, and nothing runs.
- The notebook's narrative is in the language asked for: the translation in notebooks/es/.
  Charts, tables and printed words follow `lang` in any run.

Registered under the name `cecot` (pyproject.toml entry point `papermill.engine`); with a
notebook that is not one of this collection's, it is papermill's own engine.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from papermill.engines import NBClientEngine

from .. import params, registry
from ..errors import CecotError
from ..run import NARRATIVE_LANG_ENV
from . import i18n


def injected(nb) -> dict:
    """The values papermill injected (its injected-parameters cell), by name."""
    values = {}
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            values[target.id] = ast.literal_eval(node.value)
    return values


def requested_lang(nb) -> str:
    """The `lang` papermill injected, or English."""
    return str(injected(nb).get("lang", "en"))


def story_of(notebook: str) -> str | None:
    for story in registry.stories().values():
        if story.notebook == notebook:
            return story.name
    return None


class CecotEngine(NBClientEngine):
    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        source = nb_man.nb.metadata.get("papermill", {}).get("input_path") or ""
        name = Path(str(source)).name
        story = story_of(name)
        if story is not None:
            from .build import cross_check

            given = {k: v for k, v in injected(nb_man.nb).items() if k != "output_dir"}
            try:
                params.validate(story, given, cross_check(story))
            except CecotError as err:
                raise SystemExit(f"error: {err}") from None
        lang = requested_lang(nb_man.nb)
        if name and i18n.file_for(name).exists():
            i18n.translate(nb_man.nb, name, lang)
            os.environ[NARRATIVE_LANG_ENV] = lang  # the kernel, started next, inherits it
        return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
