"""Sources: the one way to list the source ids behind a chart and to write its source line.

Every row of data/ cites one or more ids of data/sources.csv (several are joined by ';').
"""

from __future__ import annotations

import re
from typing import Iterable

from . import data as cdata
from .errors import DataError

LABEL = {"en": ("Source", "Sources"), "es": ("Fuente", "Fuentes")}


def ids_of(*groups) -> list[str]:
    """Source ids from any mix of cells ('A;B'), lists of cells and pandas columns, in the
    order first seen, each once."""
    seen: dict[str, None] = {}
    for group in groups:
        items = [group] if isinstance(group, str) else group
        for item in items:
            if item is None or (isinstance(item, float) and item != item):
                continue
            for part in str(item).split(";"):
                if part:
                    seen.setdefault(part, None)
    return list(seen)


def register() -> dict[str, dict]:
    """data/sources.csv by source id."""
    return {r["source_id"]: r for r in cdata.load_table("sources").records}


def _check(ids: list[str]) -> dict[str, dict]:
    known = register()
    missing = [i for i in ids if i not in known]
    if missing:
        raise DataError("data/sources.csv", f"source id '{missing[0]}' used by a chart is not "
                                            "listed", column="source_id")
    return known


def source_line(source_ids: Iterable, lang: str) -> str:
    """A chart's source footer: each publisher named once, with the ids it stands for."""
    ids = ids_of(source_ids)
    known = _check(ids)
    publishers: dict[str, list[str]] = {}
    for source_id in ids:
        publishers.setdefault(known[source_id]["publisher"], []).append(source_id)
    parts = [f"{pub} ({', '.join(sids)})" for pub, sids in publishers.items()]
    label = LABEL[lang][len(parts) > 1]
    return f"{label}: " + "; ".join(parts)


def published_as_of(source_ids: Iterable) -> str:
    """For data without dates of their own (costs): as of the latest publication date
    (data/sources.csv) among its sources. Partial dates ('2025-03', '2024') compare as text."""
    ids = ids_of(source_ids)
    known = _check(ids)
    dated = sorted(p for p in (known[i]["published"] for i in ids)
                   if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", p or ""))
    if not dated:
        raise DataError("data/sources.csv", "none of the chart's sources has a publication "
                        f"date ({', '.join(ids)})", column="published")
    return dated[-1]
