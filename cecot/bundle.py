"""Write a story's headline numbers (numbers.json) and the record of what it read."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from . import data as cdata
from .paths import display_path, resolve_output_dir

NUMBERS_FILE = "numbers.json"
READS_FILE = "reads.json"


def tidy(value: Any, digits: int = 6) -> Any:
    """Round floats so that 0.6000000000000001 is published as 0.6; NaN becomes null."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        rounded = round(value, digits)
        return rounded + 0.0  # -0.0 becomes 0.0
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return tidy(value.item(), digits)  # numpy / pandas scalars
    if isinstance(value, dict):
        return {str(k): tidy(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [tidy(v, digits) for v in value]
    return value


def write_numbers(output_dir, numbers: dict) -> Path:
    """numbers.json: the story's headline numbers, as published and as tests assert them."""
    out = resolve_output_dir(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / NUMBERS_FILE
    path.write_text(json.dumps(tidy(numbers), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    # What this run depended on, by content hash: each data file it read and each module of
    # the package it imported. The build's incremental check uses it.
    reads = {"data": {name: cdata.READ_LOG[name] for name in sorted(cdata.READ_LOG)},
             "code": code_hashes()}
    (out / READS_FILE).write_text(json.dumps(reads, indent=2) + "\n", encoding="utf-8")
    return path


def code_hashes() -> dict[str, str]:
    """sha256 of every module of this package loaded in the process, by file name."""
    package_dir = Path(__file__).resolve().parent
    hashes = {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and Path(path).resolve().parent == package_dir:
            hashes[Path(path).name] = cdata.sha256_bytes(Path(path).read_bytes())
    return dict(sorted(hashes.items()))


def show_numbers(numbers: dict, labels: dict[str, str] | None = None, prefix: str = "") -> None:
    """Print headline numbers as text, one per line, so nbval verifies them."""
    for key, value in numbers.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            show_numbers(value, labels, prefix=f"{name}.")
            continue
        label = (labels or {}).get(name)
        shown = tidy(value)
        print(f"{name} = {shown}" + (f"  ({label})" if label else ""))


def written(path: Path) -> str:
    return display_path(path)
