"""The one range type: open ends stay open through every operation (values by hand)."""

import math

import pytest

from cecot.ranges import Span


def test_a_report_keeps_its_shape():
    assert Span.of_report("range", 15000, 20000) == Span(15000, 20000)
    # "More than 14,500" is stored with high = low; its upper end is open, not 14,500.
    assert Span.of_report("lower_bound", 14500, 14500) == Span(14500, None)
    # "Up to 75" is stored with low = high; its lower end is open.
    assert Span.of_report("per_cell_upper_bound", 75, 75) == Span(None, 75)
    assert Span.of_report("count", 12114, 12114).is_point
    assert not Span(14500, None).is_point and Span(14500, None).open_above
    with pytest.raises(ValueError, match="below low"):
        Span(20000, 15000)


def test_missing_values_are_open_ends():
    assert Span(3.0, float("nan")) == Span(3, None)


def test_interval_arithmetic_by_hand():
    # 10–20 people in 2–4 cells: 10/4 = 2.5 to 20/2 = 10 per cell.
    assert Span(10, 20) / Span(2, 4) == Span(2.5, 10)
    # 60–75 per cell − 80 bunks: −20 to −5, never below 0 without a bunk.
    assert (Span(60, 75) - 80).at_least(0) == Span(0, 0)
    assert Span(60, 100) - 80 == Span(-20, 20)
    # Subtraction takes the far ends: (10–20) − (1–3) = 7–19.
    assert Span(10, 20) - Span(1, 3) == Span(7, 19)
    assert Span(10, 20) + Span(1, 3) == Span(11, 23)
    assert Span(60, 75) * 256 == Span(15360, 19200)


def test_open_ends_stay_open():
    more_than = Span(14500, None)
    assert more_than / 256 == Span(56.640625, None)
    assert more_than * 2 == Span(29000, None)
    assert (more_than - 80).at_least(0) == Span(14420, None)
    # 24,000 m² shared by more than 14,500: at most 1.655 m² each, no floor known.
    share = more_than.divide_into(24000)
    assert share.low is None and share.high == pytest.approx(24000 / 14500)
    # Up to 75 people in 100 m²: at least 1.33 m² each, no ceiling known.
    assert Span(None, 75).divide_into(100) == Span(100 / 75, None)
    # The same division through the operator: an end only an open end reaches is open.
    assert 24000 / more_than == Span(None, 24000 / 14500)


def test_impossible_operations_raise():
    with pytest.raises(ZeroDivisionError):
        Span(1, 2) / Span(0, 1)
    with pytest.raises(ValueError):
        Span(14500, None) * 0
    with pytest.raises(ValueError):
        Span(0, 1).divide_into(100)


def test_ends_and_covering():
    assert Span(None, 3).ends() == (-math.inf, 3)
    assert Span.covering([3, 1, None, 2]) == Span(1, 3)
    low, high = Span(1, 2)
    assert (low, high) == (1, 2)
