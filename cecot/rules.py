"""Rules across the fields of one row: what a Table Schema cannot express.

The loader (cecot.data) applies every rule here to every row it reads, so `cecot data check`
refuses exactly what a story would refuse; no story module checks a row itself. Each rule takes
a record (a dict of typed values) and returns None, or (column, problem) for the loader to
report with the file and row.

The kinds of CECOT population reports live here too: they decide which end of a report is
open, and every story reads that from here (see cecot.ranges.Span.of_report).
"""

from __future__ import annotations

import re
from typing import Any, Callable

Rule = Callable[[dict], "tuple[str, str] | None"]

# --- CECOT population reports (data/population.csv) ---------------------------------------------

# What each kind of report is measured in.
POPULATION_KIND_UNIT = {"count": "people", "approx": "people", "range": "people",
                        "lower_bound": "people", "transfer": "people",
                        "transfer_lower_bound": "people",
                        "per_cell_range": "people_per_cell",
                        "per_cell_upper_bound": "people_per_cell",
                        "share_of_capacity": "share_of_capacity"}
SINGLE_FIGURE_KINDS = ("count", "approx", "lower_bound", "per_cell_upper_bound", "transfer",
                       "transfer_lower_bound")
# People moved in on a date: never a population level.
TRANSFER_KINDS = ("transfer", "transfer_lower_bound")
# "More than" (stored high = low, nothing known above) and "up to" (stored low = high, nothing
# known below). Arrests, deaths and prison figures use the kind "lower_bound" alone.
OPEN_ABOVE_KINDS = ("lower_bound", "transfer_lower_bound")
OPEN_BELOW_KINDS = ("per_cell_upper_bound",)

# --- homicides (data/homicides.csv) -------------------------------------------------------------

MAX_RATE = 1000.0  # per 100,000: anything above is a count typed into the rate column


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def low_not_above_high(record: dict):
    low, high = record.get("low"), record.get("high")
    if low is not None and high is not None and low > high:
        return "high", f"high ({_fmt(high)}) is below low ({_fmt(low)})"
    return None


def population_kind_unit(record: dict):
    kind = record["kind"]
    expected = POPULATION_KIND_UNIT.get(kind)
    if expected and record["unit"] != expected:
        return "unit", f"a '{kind}' report is in {expected}, not {record['unit']}"
    if kind in SINGLE_FIGURE_KINDS and record["high"] != record["low"]:
        return "high", ("a lower bound has no upper end: write high = low"
                        if kind in OPEN_ABOVE_KINDS else
                        "an upper bound has no lower end: write low = high"
                        if kind in OPEN_BELOW_KINDS else
                        f"a '{kind}' is one figure: high must equal low")
    return None


def accessed_unless_unverified(record: dict):
    if record.get("accessed") is None and record.get("verification") != "unverified":
        return "accessed", "a source the project read needs the date it was accessed"
    return None


def source_address(record: dict):
    """Every source says where it was read: the original's address, the copy's, or both (the
    article under check, a text supplied to the project, has neither)."""
    if record["kind"] != "article" and not (record["url"] or record["read_url"]):
        return "url", "give the original's address (url) or the copy read (read_url)"
    if record["url"] and record["url"] == record["read_url"]:
        return "read_url", "read_url is for a copy: leave it empty when the original was read"
    read_in = record.get("read_in")
    if read_in == "original" and (record["read_url"] or record.get("read_publisher")):
        return "read_in", "read in the original: leave read_url and read_publisher empty"
    if read_in in ("syndication", "copy") and not (record["read_url"] and
                                                    record.get("read_publisher")):
        return "read_publisher", (f"read in a {read_in}: give the copy's address (read_url) "
                                  "and who published it (read_publisher)")
    return None


# A file's name or a data set's indicator code ("data_cts_prisons_and_prisoners.xlsx",
# "SP.POP.TOTL"): what a data file is called, not what a reader can take as a title.
FILE_OR_CODE = re.compile(r"\b[\w-]+\.(xlsx?|csv|zip|json|parquet|pdf)\b"
                          r"|\b[A-Z]{2,}(\.[A-Z0-9]+){2,}\b")


def source_title_for_readers(record: dict):
    """A source's title is shown to readers only as it was published; where it cannot be (a
    headline not seen, a file name or an indicator code) readers get a description, in English
    and Spanish, or no title at all."""
    english, spanish = record.get("description_en"), record.get("description_es")
    if bool(english) != bool(spanish):
        return ("description_es" if english else "description_en"), \
            "a description for readers is given in English and Spanish, or not at all"
    for column, text in (("description_en", english), ("description_es", spanish)):
        if text and FILE_OR_CODE.search(text):
            return column, f"'{FILE_OR_CODE.search(text).group(0)}' is a file name or a code"
    if not english and record["title_status"] in ("as_published", "as_republished") and \
            FILE_OR_CODE.search(record["title"]):
        shown = FILE_OR_CODE.search(record["title"]).group(0)
        return "description_en", (f"the title shows '{shown}', a file name or a code: describe "
                                  "the item for readers (description_en and description_es)")
    return None


def series_rows(record: dict):
    """A series names its rows as column=value conditions (cecot.machinery.freshness)."""
    for condition in filter(None, (record["rows"] or "").split(";")):
        column, equals, values = condition.partition("=")
        if not (equals and re.fullmatch(r"[a-z_]+", column) and values):
            return "rows", f"'{condition}' is not column=value (values joined by |)"
    if record["newest_seen"] > record["checked_through"]:
        return "newest_seen", "the newest item seen cannot be after the day of the check"
    return None


def parts_differ(record: dict):
    """A source's parts are recorded only when they do not add up to its own total."""
    parts = record.get("parts_sum")
    if parts is not None and parts == record["value"]:
        return "parts_sum", (f"the parts add up to the total ({_fmt(parts)}): leave parts_sum "
                             "empty")
    return None


def claim_quoted_in_spanish(record: dict):
    """A claim of the article is shown to Spanish readers in Spanish too."""
    if record["kind"] != "headline" and not record.get("quote_es"):
        return "quote_es", "an article's claim needs its quote in Spanish (quote_es)"
    return None


def year_span(record: dict):
    first, last = record.get("first_year"), record.get("last_year")
    if (first is None) != (last is None):
        return "last_year", "give both first_year and last_year, or neither"
    if first is not None and first > last:
        return "last_year", f"last_year ({last}) is before first_year ({first})"
    return None


def homicide_value(record: dict):
    value = record["value"]
    if record["measure"] == "rate" and value > MAX_RATE:
        return "value", (f"a rate of {value:g} per 100,000 is impossible (above "
                         f"{MAX_RATE:g}); is it a count?")
    if record["measure"] == "count" and not float(value).is_integer():
        return "value", f"a count must be a whole number, got {value:g}"
    return None


# --- the claims ledger (data/claims.csv) --------------------------------------------------------

TOLERANCE = re.compile(r"exact|(abs|rel):\d+(\.\d+)?")


def claimed_figure(record: dict):
    """An article claim states a figure (claimed_high empty: "more than"); an implied claim
    takes its figure from its working."""
    low, high = record["claimed_low"], record["claimed_high"]
    if low is None and high is not None:
        return "claimed_low", "claimed_high is given but claimed_low is empty"
    if low is not None and high is not None and high < low:
        return "claimed_high", f"claimed_high ({_fmt(high)}) is below claimed_low ({_fmt(low)})"
    if record["kind"] == "implied":
        if low is not None:
            return "claimed_low", ("an implied claim takes its figure from its working: leave "
                                   "claimed_low empty")
        if not record["working"]:
            return "working", "an implied claim needs the working that gives its figure"
    elif low is None:
        return "claimed_low", f"a claim of kind '{record['kind']}' needs a figure"
    return None


def claim_explained(record: dict):
    """A judgement (an override) or a claim nothing can check says why, in both languages;
    a context figure has a label in both languages."""
    if not TOLERANCE.fullmatch(record["tolerance"] or ""):
        return "tolerance", f"'{record['tolerance']}' is not exact, abs:X or rel:X"
    if (record["status_override"] or not record["check"]) and \
            not (record["note_en"] and record["note_es"]):
        return "note_en", ("a status override or an empty check needs a note in English and "
                           "Spanish saying why")
    if record["context"] and not (record["context_en"] and record["context_es"]):
        return "context_en", "a context needs a label in English and Spanish"
    return None


ROW_RULES: dict[str, tuple[Rule, ...]] = {
    "caveats": (year_span,),
    "sources": (accessed_unless_unverified, source_address, source_title_for_readers),
    "population": (low_not_above_high, population_kind_unit),
    "arrests": (low_not_above_high,),
    "deaths_in_custody": (low_not_above_high,),
    "homicides": (homicide_value,),
    "prison_population": (parts_differ,),
    "claims": (claimed_figure, claim_explained, claim_quoted_in_spanish),
    "series": (series_rows,),
}
