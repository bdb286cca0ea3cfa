"""The package's layers hold: import-linter's contracts (pyproject.toml), and no module uses
another module's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from cecot import paths


def test_import_contracts_are_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=paths.ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_no_module_imports_another_modules_private_names():
    offences = []
    for path in sorted(paths.PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        offences.append(f"{path.relative_to(paths.ROOT)}:{node.lineno} "
                                        f"imports {node.module}.{alias.name}")
    assert not offences, "\n".join(offences)
