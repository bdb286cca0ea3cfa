"""A reported quantity: one figure, a range, or a range open at one end. One type for every
story and for the claims ledger, with the arithmetic of ranges.

`Span(low, high)`: `high` is None when nothing is known above (a report of "more than 14,500");
`low` is None when nothing is known below ("up to 75 per cell"). An open end stays open
through every operation; a range never becomes a point by accident.

Arithmetic is interval arithmetic: the result holds every value the operands' ends allow
(10–20 people in 2–4 cells is 2.5–10 people per cell). Division divides; it never multiplies
by a reciprocal, so 14,500 / 40,000 is exactly 0.3625.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from .rules import OPEN_ABOVE_KINDS, OPEN_BELOW_KINDS

Number = float | int


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or \
        (not isinstance(value, (int, float)) and _is_na(value))


def _is_na(value) -> bool:
    try:
        import pandas as pd
        return bool(pd.isna(value))
    except (TypeError, ValueError, ImportError):
        return False


@dataclass(frozen=True)
class Span:
    low: float | None
    high: float | None

    def __post_init__(self):
        low = None if _missing(self.low) else float(self.low)
        high = None if _missing(self.high) else float(self.high)
        if low is not None and high is not None and high < low:
            raise ValueError(f"high ({high:g}) is below low ({low:g})")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    # --- making spans -----------------------------------------------------------------------

    @classmethod
    def point(cls, value: Number) -> "Span":
        return cls(value, value)

    @classmethod
    def of_report(cls, kind: str, low, high) -> "Span":
        """The span a report of this kind states: a lower bound keeps its open upper end
        whatever `high` says, an upper bound ("up to") its open lower end whatever `low` says,
        and a missing `high` is an open end too."""
        if kind in OPEN_ABOVE_KINDS:
            return cls(low, None)
        if kind in OPEN_BELOW_KINDS:
            return cls(None, high)
        return cls(low, high)

    @classmethod
    def covering(cls, values: Iterable[Number]) -> "Span":
        """The smallest span holding every value (ignoring missing ones)."""
        found = [float(v) for v in values if not _missing(v)]
        if not found:
            raise ValueError("no values")
        return cls(min(found), max(found))

    # --- what it is -------------------------------------------------------------------------

    @property
    def open_above(self) -> bool:
        return self.high is None

    @property
    def open_below(self) -> bool:
        return self.low is None

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high

    def ends(self) -> tuple[float, float]:
        """Both ends as numbers: an open end is an infinity."""
        return (-math.inf if self.low is None else self.low,
                math.inf if self.high is None else self.high)

    @classmethod
    def from_ends(cls, low: float, high: float) -> "Span":
        return cls(None if low == -math.inf else low, None if high == math.inf else high)

    def __iter__(self):  # low, high = span
        return iter((self.low, self.high))

    # --- arithmetic -------------------------------------------------------------------------

    def __add__(self, other) -> "Span":
        a, b = self.ends(), _span(other).ends()
        return Span.from_ends(a[0] + b[0], a[1] + b[1])

    def __sub__(self, other) -> "Span":
        a, b = self.ends(), _span(other).ends()
        return Span.from_ends(a[0] - b[1], a[1] - b[0])

    def __mul__(self, other) -> "Span":
        return _combine(self, _span(other), lambda x, y: x * y)

    def __truediv__(self, other) -> "Span":
        divisor = _span(other)
        low, high = divisor.ends()
        if low <= 0 <= high:
            raise ZeroDivisionError("division by a span that includes 0")
        return _combine(self, divisor, lambda x, y: x / y)

    def __rtruediv__(self, other) -> "Span":  # 100 m² / people per cell
        return _span(other) / self

    __radd__ = __add__
    __rmul__ = __mul__

    def divide_into(self, total: float) -> "Span":
        """`total` shared by this many (people, who cannot be fewer than none): 100 m² shared
        by 60–75 people is 1.33–1.67 m² each. More than 14,500 people leaves an open end below
        (nothing is known about how little each has); up to 75 people an open end above."""
        if (self.low is not None and self.low <= 0) or (self.high is not None and self.high <= 0):
            raise ValueError("a share needs a positive number of people")
        return Span(None if self.high is None else total / self.high,
                    None if self.low is None else total / self.low)

    def at_least(self, floor: float) -> "Span":
        """Both ends raised to `floor` where below it (e.g. people without a bunk: never
        fewer than 0); an open end stays open."""
        return Span(None if self.low is None else max(self.low, floor),
                    None if self.high is None else max(self.high, floor))

    def round(self, digits: int = 6) -> "Span":
        return Span(None if self.low is None else round(self.low, digits),
                    None if self.high is None else round(self.high, digits))


def _span(value) -> Span:
    return value if isinstance(value, Span) else Span.point(value)


def _combine(a: Span, b: Span, op) -> Span:
    """Every product or quotient of the two spans' ends: the lowest and highest of them. An
    end that only an open end reaches is open too: 24,000 m² shared by more than 14,500 people
    is at most 1.66 m² each, and nothing is known about how little."""
    results = []
    for x in a.ends():
        for y in b.ends():
            value = op(x, y)
            if math.isnan(value):
                raise ValueError("an open end cannot be multiplied by 0")
            results.append((value, math.isinf(x) or math.isinf(y)))
    low = min(results, key=lambda r: (r[0], r[1]))
    high = max(results, key=lambda r: (r[0], not r[1]))
    return Span(None if low[1] else low[0], None if high[1] else high[0])

