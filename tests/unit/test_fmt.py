"""English and Spanish formatting, all from CLDR through Babel (values by hand)."""

import datetime as dt

import pytest

from cecot import fmt
from cecot.ranges import Span


@pytest.mark.parametrize("lang, value, digits, expected", [
    ("en", 40000, 0, "40,000"), ("es", 40000, 0, "40,000"),  # es_SV: as Salvadoran media
    ("en", 0.64, 2, "0.64"), ("es", 0.64, 2, "0.64"),
    ("en", 156.25, 2, "156.25"), ("en", 0.6000000000000001, 2, "0.6"),
    ("en", 4000, 0, "4,000"), ("en", -0.0001, 2, "0"), ("en", None, 2, "–"),
])
def test_numbers(lang, value, digits, expected):
    assert fmt.number(value, lang, digits) == expected


def test_percent_money_and_ranges():
    assert fmt.percent(12.5, "en") == "12.5%" and fmt.percent(12.5, "es") == "12.5%"
    assert fmt.money(100_000_000, "en") == "100 million"
    assert fmt.money(100_000_000, "es") == "100 millones"
    assert fmt.money(1_000_000, "es") == "1 millón"
    assert fmt.money(1666.6667, "en") == "1,667" and fmt.money(170, "en") == "170"
    assert fmt.money_range(4_700_000, 4_760_000, "en") == "4.7–4.76 million"
    assert fmt.range_of(10000, 20000, "en") == "10,000–20,000"
    assert fmt.range_of(12000, 12000, "en") == "12,000"


def test_spans_say_their_open_end():
    assert fmt.span(Span(15000, None), "en") == "more than 15,000"
    assert fmt.span(Span(15000, None), "es") == "más de 15,000"
    assert fmt.span(Span(None, 75), "en") == "up to 75"
    assert fmt.span(Span(10000, 20000), "es") == "10,000–20,000"
    assert fmt.span(Span(8.7, 13.0), "en", unit=fmt.percent) == "8.7%–13%"


def test_dates_as_precisely_as_reported():
    day = dt.date(2025, 3, 17)
    assert fmt.date(day, "en") == "17 March 2025"
    assert fmt.date(day, "es") == "17 de marzo de 2025"
    assert fmt.date("2025-03", "en", "month") == "March 2025"
    assert fmt.date("2025-03-17", "es", "month") == "marzo de 2025"
    assert fmt.date("2024", "en", "year") == "2024"
    assert fmt.date(day, "en", short=True) == "17 Mar 2025"


def test_plural_and_unknown_language():
    assert fmt.plural(1, "es") == "one" and fmt.plural(2, "en") == "other"
    with pytest.raises(ValueError, match="lang must be one of"):
        fmt.number(1, "fr")


def test_english_short_months_have_three_letters():
    # British English writes "Sept"; the house style writes "Sep", as "Mar" and "Nov".
    assert fmt.date("2025-09-01", "en", "month", short=True) == "Sep 2025"
    assert fmt.day_month("2025-09-18", "en", short=True) == "18 Sep"
    assert fmt.date("2025-09-18", "en") == "18 September 2025"
    assert fmt.date("2025-09-18", "es", "day", short=True) == "18 sep 2025"
