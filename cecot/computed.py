"""What a story's compute step returns: its tables and its numbers (the content of
numbers.json). Charts and words read nothing else."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported by what computes, not by what only plans a build
    import pandas as pd


@dataclass
class Computed:
    params: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    numbers: dict[str, Any] = field(default_factory=dict)
    # Per chart id: the source ids behind it and the date its data run to.
    sources: dict[str, list[str]] = field(default_factory=dict)
    as_of: dict[str, str] = field(default_factory=dict)


def tidy(value: Any, digits: int = 6) -> Any:
    """Numbers as published: floats rounded so that 0.6000000000000001 is 0.6; NaN and
    infinities become null; numpy and pandas scalars become plain Python values."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return round(value, digits) + 0.0  # -0.0 becomes 0.0
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return tidy(value.item(), digits)  # numpy / pandas scalars
    if isinstance(value, dict):
        return {str(k): tidy(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [tidy(v, digits) for v in value]
    return value
