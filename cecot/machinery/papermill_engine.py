"""A papermill engine that runs a notebook of this collection in the language it is asked for:
`papermill notebooks/01-density.ipynb out.ipynb -p lang es --engine cecot` gives a notebook
whose narrative is the Spanish translation (notebooks/es/) and whose charts, tables and
numbers are Spanish too. Registered under the name `cecot` (pyproject.toml entry point
`papermill.engine`); with any other notebook, or without `lang`, it is papermill's own engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

from papermill.engines import NBClientEngine

from . import i18n


def requested_lang(nb) -> str:
    """The `lang` papermill injected (its injected-parameters cell), or English."""
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "lang":
                    return str(ast.literal_eval(node.value))
    return "en"


class CecotEngine(NBClientEngine):
    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        source = nb_man.nb.metadata.get("papermill", {}).get("input_path") or ""
        name = Path(str(source)).name
        lang = requested_lang(nb_man.nb)
        if name and i18n.file_for(name).exists():
            i18n.translate(nb_man.nb, name, lang)
        return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
