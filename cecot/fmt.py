"""Every number, percentage, amount of money, date and range as English or Spanish readers
write it: the one place that knows the languages' rules, all of them from CLDR through Babel.

Locales: British English (`en_GB`: 40,000 · 0.64 · 12.5% · 17 March 2025) and the Spanish of
El Salvador (`es_SV`: 40,000 · 0.64 · 12.5% · 17 de marzo de 2025). Salvadoran media write
numbers as `es_SV` does (a comma groups thousands, a point marks decimals), and the collection
is about El Salvador first; every Spanish chart and page uses this one style.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_compact_decimal, parse_pattern

from .ranges import Span

LOCALES = {"en": "en_GB", "es": "es_SV"}
LANGUAGES = tuple(LOCALES)

WORDS = {
    # Open ends and ranges, in one form everywhere.
    "more_than": {"en": "more than {v}", "es": "más de {v}"},
    "up_to": {"en": "up to {v}", "es": "hasta {v}"},
    "about": {"en": "about {v}", "es": "unos {v}"},
    "dash": {"en": "–", "es": "–"},
    "none": {"en": "–", "es": "–"},
}


def locale(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"lang must be one of {', '.join(LOCALES)}, got {lang!r}") from None


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(locale(lang))


@lru_cache(maxsize=None)
def _number_pattern(digits: int):
    return parse_pattern("#,##0" + ("." + "#" * digits if digits > 0 else ""))


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def number(value, lang: str, digits: int = 2) -> str:
    """Up to `digits` decimals, trailing zeros dropped: 40,000 · 0.6 · 156.25."""
    if _missing(value):
        return WORDS["none"][lang]
    return _number(float(value) + 0.0, lang, digits)  # -0.0 prints as 0


@lru_cache(maxsize=65536)
def _number(value: float, lang: str, digits: int) -> str:
    """The formatting itself, kept per value (the same figures are written again and again)."""
    if round(value, digits) == 0:
        value = 0.0
    return _number_pattern(digits).apply(value, _locale(lang))


def whole(value, lang: str) -> str:
    """A count of people, or anything else that comes in whole units: no decimals."""
    return number(value, lang, 0)


def decimals_for(value: float) -> int:
    """Decimals worth showing for a ratio or a rate: none from 100 up, one from 10, two below."""
    size = abs(float(value))
    return 0 if size >= 100 else 1 if size >= 10 else 2


def auto(value, lang: str) -> str:
    """A number with the decimals its size deserves (see decimals_for)."""
    if _missing(value):
        return WORDS["none"][lang]
    return number(value, lang, decimals_for(value))


@lru_cache(maxsize=None)
def _percent_pattern(lang: str, digits: int):
    pattern = _locale(lang).percent_formats[None].pattern
    zero = pattern.rindex("0")
    return parse_pattern(pattern[:zero + 1] + ("." + "#" * digits if digits else "")
                         + pattern[zero + 1:])


def percent(value, lang: str, digits: int = 1) -> str:
    """A value already in per cent (12.5 for 12.5%), as the language writes it."""
    if _missing(value):
        return WORDS["none"][lang]
    return _percent(float(value) + 0.0, lang, digits)


@lru_cache(maxsize=65536)
def _percent(value: float, lang: str, digits: int) -> str:
    return _percent_pattern(lang, digits).apply(value / 100, _locale(lang))


def money(value, lang: str) -> str:
    """An amount without its currency sign: 100 million / 100 millones from a million up,
    whole units from 1,000 up, cents below."""
    if _missing(value):
        return WORDS["none"][lang]
    value = float(value)
    if abs(value) >= 1_000_000:
        return format_compact_decimal(value, format_type="long", locale=_locale(lang),
                                      fraction_digits=2)
    return number(value, lang, 0 if abs(value) >= 1000 else 2)


def money_range(low, high, lang: str) -> str:
    """Two amounts as a range, the unit said once: 4.7–4.76 million · 1,306–1,322."""
    first, second = money(low, lang), money(high, lang)
    if first == second:
        return second
    number_part, _, unit = first.rpartition(" ")
    if number_part and unit == second.rpartition(" ")[2]:
        first = number_part
    return f"{first}{WORDS['dash'][lang]}{second}"


def usd(value, lang: str) -> str:
    return "US$" + money(value, lang)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # pandas Timestamp
        return value.date()
    text = str(value)[:10]
    parts = text.split("-")  # a partial date ('2024', '2024-11') stands for its first day
    if len(parts) < 3:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1)
    return dt.date.fromisoformat(text)


def iso_at(value, precision: str) -> str:
    """An ISO date cut to the precision it was given: "2025-12-12", "2025-12", "2025"."""
    return _as_date(value).isoformat()[:{"day": 10, "month": 7, "year": 4}[precision]]


_SKELETONS = {("day", False): "yMMMMd", ("month", False): "yMMMM",
              ("day", True): "yMMMd", ("month", True): "yMMM"}


def date(value, lang: str, precision: str = "day", short: bool = False) -> str:
    """A date as precisely as it was reported: 2025 · March 2025 · 17 March 2025 (short:
    17 Mar 2025); in Spanish 17 de marzo de 2025."""
    return _date(_as_date(value), lang, precision, short)


@lru_cache(maxsize=4096)
def _date(day: dt.date, lang: str, precision: str, short: bool) -> str:
    """One date in words (the same few dates are written thousands of times a test run)."""
    if precision == "year":
        return str(day.year)
    if precision not in ("day", "month"):
        raise ValueError(f"unknown date precision '{precision}'")
    return _short_month(format_skeleton(_SKELETONS[(precision, short)], day,
                                        locale=_locale(lang)), lang, short)


def _short_month(text: str, lang: str, short: bool) -> str:
    """House style: English months shortened to three letters ("Sep", as "Mar" and "Nov";
    British English data write "Sept")."""
    return text.replace("Sept", "Sep") if short and lang == "en" else text


def day_month(value, lang: str, short: bool = False) -> str:
    """A day without its year, where the year is said nearby: 18 April (short: 18 Apr); in
    Spanish 18 de abril (18 abr)."""
    return _short_month(format_skeleton("MMMd" if short else "MMMMd", _as_date(value),
                                        locale=_locale(lang)), lang, short)


def range_of(low, high, lang: str, digits: int = 0) -> str:
    """Two figures as a range, or one when they are equal: 10,000–20,000 · 12,000."""
    if _missing(high) or number(low, lang, digits) == number(high, lang, digits):
        return number(low, lang, digits)
    return f"{number(low, lang, digits)}{WORDS['dash'][lang]}{number(high, lang, digits)}"


def span(value: Span, lang: str, digits: int = 0, unit=None) -> str:
    """A Span in words: 12,000 · 10,000–20,000 · more than 14,500 · up to 75. `unit` is a
    formatter for each end (e.g. percent) instead of a plain number."""
    show = unit or (lambda v, lang_: number(v, lang_, digits))
    if value.low is None and value.high is None:
        return WORDS["none"][lang]
    if value.high is None:
        return WORDS["more_than"][lang].format(v=show(value.low, lang))
    if value.low is None:
        return WORDS["up_to"][lang].format(v=show(value.high, lang))
    low, high = show(value.low, lang), show(value.high, lang)
    if low == high:
        return low
    return f"{low}{WORDS['dash'][lang]}{high}"


def about(text: str, lang: str) -> str:
    return WORDS["about"][lang].format(v=text)


def more_than(text: str, lang: str) -> str:
    return WORDS["more_than"][lang].format(v=text)


def up_to(text: str, lang: str) -> str:
    return WORDS["up_to"][lang].format(v=text)


def plural(value, lang: str) -> str:
    """'one' or 'other': which form of a noun a number takes in the language (CLDR's plural
    rules; its rarer categories, such as Spanish 'many' for a million, take 'other')."""
    form = _locale(lang).plural_form(abs(float(value)))
    return "one" if form == "one" else "other"
