"""Every word of every chart, of the notebook and of the story page is made from that run's
numbers, for any valid parameters.

For each story with parameters, seeded random valid parameter sets go through the text layer
(compute + words: nothing is drawn), and a few through the charts themselves. For every set, in
both languages, for every chart text, every sentence the notebook prints (the story's
`words.sentences`) and every sentence of its page (`words.page`):
- each number is one of that run's numbers (numbers.json or the parameters) as the formatting
  module writes it; text quoted as is from data/ (event labels, caveats) is left out;
- people come in whole people;
- a parameter that differs from its sourced default is a scenario: the sentence that states it
  never attributes it ("stated", "announced", "according to", a publisher's name);
- a sentence that states a finding was chosen by what the numbers make true, checked against
  the full data, not only the selection (each story's `check_findings`).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import math
import random
import re

import matplotlib.pyplot as plt
import numpy as np

import legends

from cecot import data as cdata
from cecot import fmt, params
from cecot.computed import tidy
from cecot.errors import ParameterError
from cecot.fmt import LANGUAGES

SETS_PER_STORY = 50
# Drawing is what the chart test pays for: each drawn set is drawn in one language, at both
# sizes, the languages taking turns (every set's words are checked in both languages above,
# and the build and nbval draw the published parameters in both).
DRAWN_PER_STORY = 4
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?!\w)")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# One with a plural: "1 people", "about 1 people", "unos 1", "los 1 m²".
_PLURALS = {"en": r"people|prisoners|detainees|inmates|sources|figures|reports|cells|days|months|"
                  r"years|outlets|claims|deaths|arrests|men|places|rates",
            "es": r"personas|presos|reos|detenidos|fuentes|cifras|celdas|días|meses|años|medios|"
                  r"afirmaciones|muertes|capturas|hombres|espacios|tasas"}
SINGULAR = {
    "en": re.compile(rf"(?<![\d.,])1 ({_PLURALS['en']})\b"),
    "es": re.compile(rf"(?<![\d.,])1 ({_PLURALS['es']})\b|"
                     r"\b(unos|unas|los|las|alrededor de los) 1(?![\d.,])", re.IGNORECASE)}
# Units written as words, not figures of the run: "per 100,000 inhabitants".
UNITS = {"100,000"}
# A number followed by one of these is a count of people: it must be whole.
PEOPLE = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?) (people|personas|prisoners|presos|"
                    r"detainees|detenidos|per cell|por celda|inmates|reos)(?! per )(?! por )")


# --- random valid parameters, per story ------------------------------------------------------

def _standards():
    return {r["standard_id"]: r["m2_per_person"] for r in
            cdata.load_table("space_standards").records}


def density(rng: random.Random) -> dict:
    cells = rng.choice([1, 64, 200, 256, rng.randint(1, 3000)])
    # Edges where words change number or kind: one person a cell (exactly, or "about 1"), the
    # capacity the sources give (40,000: "the capacity", not a scenario), then anything.
    population = rng.choice([cells, max(cells, round(cells * 1.3)), 40000,
                             rng.randint(cells, 250000), rng.randint(cells, 250000)])
    given = {"cells": cells, "population": max(cells, population),
             "cell_m2": round(rng.uniform(5, 1000), rng.choice([0, 1, 2]))}
    standards = _standards()
    mode = rng.random()
    if mode < 0.45:
        given["standard"] = rng.choice(sorted(standards))
    elif mode < 0.65:
        given["guideline_m2"] = rng.choice(sorted(standards.values()))
    elif mode < 0.8:  # a yardstick of one (singular: "el 1 m² elegido") and its neighbours
        given["guideline_m2"] = rng.choice([1, 1.0, 0.5, 2])
    else:
        given["guideline_m2"] = round(rng.uniform(0.3, 50), rng.choice([0, 1, 2]))
    return given


def occupancy(rng: random.Random) -> dict:
    return {"population": rng.choice([0, rng.randint(1, 120000)]),
            "capacity": rng.randint(1000, 100000), "cells": rng.randint(1, 1000),
            "bunks_per_cell": rng.randint(1, 200),
            "cell_m2": round(rng.uniform(10, 500), rng.choice([0, 1]))}


def homicides(rng: random.Random) -> dict:
    table = cdata.load("homicides")
    series = rng.choice(["all"] + sorted(set(table["series"])))
    years = sorted(set(int(y) for y in table["year"]))
    start, end = sorted(rng.sample(range(years[0], years[-1] + 1), 2))
    compare = sorted(rng.sample(years, 2))
    return {"series": series, "start_year": start, "end_year": end,
            "compare_from": compare[0], "compare_to": compare[1]}


def prisons(rng: random.Random) -> dict:
    """Every start year that selects something different, in turn (exhaustive beats random:
    start_year is the only parameter): the default first, then the last year, the lowest
    allowed, the year before the data, and every year of the data."""
    years = sorted(set(int(y) for y in cdata.load("prison_population")["date"].dt.year))
    order = [2007, years[-1], 1900, years[0] - 1] + years
    order = list(dict.fromkeys(order))
    turn = getattr(rng, "prisons_turn", 0)
    rng.prisons_turn = turn + 1
    return {"start_year": order[turn % len(order)]}


def costs(rng: random.Random) -> dict:
    # Values an analyst would try (the terms' 300 men, the 124 days as 4 months, 650 soldiers)
    # and any other; staff may run to more people than prisoners.
    return {"us_men": rng.choice([238, 252, 300, rng.randint(1, 2000)]),
            "us_months": rng.choice([12, 4, rng.randint(1, 120)]),
            "prison_staff": rng.choice([1000, 0, rng.randint(0, 60000)]),
            "soldiers": rng.choice([600, 650, rng.randint(0, 30000)]),
            "police": rng.choice([250, rng.randint(0, 30000)])}


def claims(rng: random.Random) -> dict:
    """The ledger has no parameter but the language: every set is the committed data."""
    return {}


SAMPLERS = {"density": density, "occupancy": occupancy, "homicides": homicides,
            "prisons": prisons, "costs": costs, "claims": claims}


def _modules(story: str):
    return tuple(importlib.import_module(f"cecot.stories.{story}.{part}")
                 for part in ("compute", "words", "charts"))


def valid_sets(story: str, count: int, seed: int):
    """`count` parameter sets the story accepts, drawn at random (refused draws are redrawn:
    the refusal itself is tested elsewhere). A story whose only parameter is the language has
    one set: every draw would be the same run."""
    compute, _, _ = _modules(story)
    if not set(params.declared(story)) - {"lang", "output_dir"}:
        count = 1
    rng = random.Random(seed)
    found, attempts = [], 0
    while len(found) < count:
        attempts += 1
        assert attempts < count * 20, f"{story}: the sampler rarely draws valid parameters"
        given = SAMPLERS[story](rng)
        try:
            found.append(params.validate(story, given, getattr(compute, "parameter_problem",
                                                              None)))
        except ParameterError:
            continue
    return found


# --- what may appear in the words --------------------------------------------------------------

def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


_ALLOWED: dict[tuple[int, str], set[str]] = {}


def allowed_numbers(computed, lang: str) -> set[str]:
    """Every way the formatting module may write one of the run's numbers."""
    key = (id(computed), lang)
    if key not in _ALLOWED:
        _ALLOWED.clear()  # one run at a time
        _ALLOWED[key] = _allowed(computed, lang)
    return _ALLOWED[key]


def _allowed(computed, lang: str) -> set[str]:
    shown: set[str] = set(UNITS)
    values = set()
    for value in list(_leaves(computed.numbers)) + list(_leaves(computed.params)):
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, str):
            if ISO_DATE.fullmatch(value):  # a date: its year and the day of the month
                shown.update(str(int(part)) for part in value.split("-")[::2])
            continue
        try:
            values.add(float(value))
        except (TypeError, ValueError):
            continue
    # Marks numbered in a chart's key (events 1, 2, 3...): numbers up to how many there are.
    for count in _counts_of(computed.numbers, ("events", "counting_changes")):
        shown.update(str(i) for i in range(1, count + 1))
    for number in values:
        if math.isnan(number) or math.isinf(number):
            continue
        shown.update(_forms(number, lang))
    return shown


@functools.lru_cache(maxsize=None)
def _forms(number: float, lang: str) -> frozenset[str]:
    """Every way the formatting module may write one number (the same numbers recur from one
    parameter set to the next: each is worked out once)."""
    texts = [fmt.number(number, lang, d) for d in range(4)]
    if 0 < abs(number) < 0.005:  # a tiny space is written with the digits it needs, not "0"
        texts += [fmt.number(f(number * 10 ** d) / 10 ** d, lang, d)
                  for d in range(3, 7) for f in (round, math.ceil)]
    texts += [fmt.whole(math.floor(number), lang), fmt.whole(math.ceil(number), lang),
              fmt.money(number, lang), fmt.auto(number, lang), str(int(number))]
    texts += [fmt.percent(number * scale, lang, d) for scale in (1, 100) for d in range(3)]
    # A ceiling ("at most") is rounded up so that it stays true.
    texts.append(fmt.number(math.ceil(round(number * 100, 6)) / 100, lang, 2))
    return frozenset(found for text in texts for found in NUMBER.findall(text))


def _counts_of(value, keys) -> list[int]:
    """Every whole number stored under one of `keys`, at any depth."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys and isinstance(item, int) and not isinstance(item, bool):
                found.append(item)
            else:
                found += _counts_of(item, keys)
    return found


def check_words(story: str, computed, text) -> None:
    strings = text.strings()
    verbatim = [v for v in text.verbatim if v]
    allowed = allowed_numbers(computed, text.lang)
    for string in strings:
        for quoted in verbatim:
            string = string.replace(quoted, " ")
        stray = [n for n in NUMBER.findall(string) if n not in allowed]
        assert not stray, (f"{story}/{text.chart_id} ({text.lang}) says {stray}, which no "
                           f"number of the run gives: {string!r} (parameters "
                           f"{computed.params})")
        for figure, noun in PEOPLE.findall(string):
            assert "." not in figure, (f"{story}/{text.chart_id} ({text.lang}): "
                                       f"{figure} {noun} is not a whole number of people: "
                                       f"{string!r}")
        one = SINGULAR[text.lang].search(string)
        assert not one, (f"{story}/{text.chart_id} ({text.lang}): a plural with one: "
                         f"{one.group(0)!r} in {string!r} (parameters {computed.params})")


@dataclasses.dataclass
class _Said:
    """A sentence outside a chart (the notebook's, the page's), checked as chart words are."""
    chart_id: str
    lang: str
    sentence: str
    verbatim: tuple = ()

    def strings(self) -> list[str]:
        return [self.sentence]


# Words that credit a figure to somebody: never beside a value the run chose (a scenario).
ATTRIBUTION = re.compile(
    r"\b(stated|announced|reported|reports?|according to|as reported|said|says|AP's|claimed|"
    r"claims|anunciad[ao]s?|anuncia|declarad[ao]s?|publicad[ao]s?|según|informad[ao]s?|"
    r"informan?|reporta|afirmad[ao]s?|afirma|atribuye|dicen?)\b",
    re.IGNORECASE)


SCENARIO = re.compile(r"\b(scenarios?|escenarios?)\b", re.IGNORECASE)


def _shown(value, lang: str) -> set[str]:
    """The ways a parameter's value may be written in a sentence."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return set()
    texts = {fmt.whole(value, lang), fmt.number(value, lang, 2), fmt.money(value, lang)}
    return {t for t in texts if len(t.replace(",", "").replace(".", "")) >= 2}


@functools.lru_cache(maxsize=None)
def _defaults(story: str) -> dict:
    return params.defaults(story)  # the notebooks do not change during a test run


def check_scenarios(story: str, computed, strings, lang: str, where: str) -> None:
    """A value that differs from its sourced default is the run's choice: a sentence stating
    it must not attribute it to anybody."""
    defaults = _defaults(story)
    chosen = {name: value for name, value in computed.params.items()
              if name in defaults and value != defaults[name] and
              name not in ("lang", "output_dir")}
    for name, value in chosen.items():
        for shown in _shown(value, lang):
            for sentence in strings:
                for found in re.finditer(rf"(?<![\d.,]){re.escape(shown)}(?!\d|,\d)", sentence):
                    # The words around the value: six before it (a credit before a colon
                    # counts: "as BBC Mundo reports: 900 soldiers"), three after, in its clause.
                    before = re.split(r"[;.]\s|\(", sentence[:found.start()])[-1].split()[-6:]
                    after = re.split(r"[;:.)]\s", sentence[found.end():])[0].split()[:3]
                    near = " ".join(before + after)
                    if ATTRIBUTION.search(near):
                        raise AssertionError(
                            f"{story}/{where} ({lang}): {name}={value} is a scenario, yet "
                            f"it is attributed: {near!r} in {sentence!r}")
                    # Further off, a credit before a colon covers the list after it ("as BBC
                    # Mundo reports: about 1,000 staff, 5,000 soldiers"), unless the sentence
                    # says it states a scenario.
                    clause = re.split(r";\s|\.\s", sentence[:found.start()])[-1]
                    credit = clause.rpartition(":")[0]
                    if ATTRIBUTION.search(credit) and not SCENARIO.search(sentence):
                        raise AssertionError(
                            f"{story}/{where} ({lang}): {name}={value} is a scenario, yet its "
                            f"clause credits it: {clause!r} in {sentence!r}")


# --- what the words may not contradict -------------------------------------------------------

def check_findings(story: str, computed, texts: dict) -> None:
    n = computed.numbers
    p = computed.params
    if story == "density":
        check_density_bars(computed, texts["space-vs-standards"])
        check_density_observed(computed, texts["space-at-reported-counts"])
        cell = texts["cell-to-scale"]
        names = {"en": ("ICRC", "CPT", "Sphere", "ACA"), "es": ("CICR", "CPT", "Esfera", "ACA")}
        named = [name for name in names[cell.lang] if name in cell.title + cell.labels["right"]]
        if n["guideline_custom"]:
            assert named == [], (p, cell.subtitle)
        else:
            body = {"icrc": 0, "cpt": 1, "sphere": 2, "aca": 3}[
                n["guideline_standard"].split("_")[0]]
            assert named == [names[cell.lang][body]], (p, cell.subtitle)
        # The bars' title names no standards body but the chosen yardstick's (none for a
        # chosen figure of m² per person).
        bars = texts["space-vs-standards"]
        in_title = [name for name in names[bars.lang] if name in bars.title]
        assert set(in_title) <= set(named), (p, bars.title)
        # The page's first key number: "the capacity the government gives" only when the run's
        # population is that capacity (data/facility.csv); any other is said to be a scenario.
        capacity = cdata.load("facility")
        capacity = capacity.loc[capacity["fact_id"] == "capacity_stated", "value"].max()
        first = importlib.import_module("cecot.stories.density.words").page(
            n, bars.lang).key_numbers[0]
        scenario = bool(re.search(r"\b(scenario|escenario)\b", first))
        assert scenario == (p["population"] != capacity), (p, first)
    if story == "costs":
        check_costs(computed, texts)
    if story == "claims":
        check_claims_findings(computed, texts)
    if story == "prisons":
        check_prisons(computed, texts)
    if story == "occupancy":
        check_occupancy(computed, texts)
    if story == "homicides":
        check_homicides(computed, texts)


# --- homicides: each finding worked out again from the full data file --------------------------

# Rows the data file itself marks (by hand from data/homicides.csv): counts of part of a year
# (their notes: "to 26 December 2016 only", "1 Jan-15 Feb 2026 ONLY") and the 2015 rate its note
# calls an outlier.
HOMICIDE_PARTIAL = {(2016, "UH16"), (2026, "INF26H")}
HOMICIDE_OUTLIERS = {(2015, "DL16")}
YEAR = re.compile(r"(?<![\d,.])(19[89]\d|20[0-3]\d)(?!\d|[,.]\d)")


def _homicide_rows():
    table = cdata.load("homicides")
    kind = {r["source_id"]: r["kind"] for r in cdata.load_table("sources").records}
    rows = [dict(r, year=int(r["year"]), value=float(r["value"]))
            for r in table.to_dict("records")]
    for row in rows:
        row["aggregator"] = kind[row["source_id"]] == "other"  # a data site, not a source
        row["partial"] = (row["year"], row["source_id"]) in HOMICIDE_PARTIAL
    return rows


def _mid(values) -> float:
    distinct = sorted(set(values))
    half = len(distinct) // 2
    return distinct[half] if len(distinct) % 2 else (distinct[half - 1] + distinct[half]) / 2


def check_homicides(computed, texts) -> None:
    """The homicide story's findings against the whole data file, not the run's tables: the
    classes of false sentence the analyst found (issue 21) each have a check here."""
    p = computed.params
    series, start, end = p["series"], p["start_year"], p["end_year"]
    rows = _homicide_rows()
    chosen = [r for r in rows if series == "all" or r["series"] == series]
    # An official-counts chart only when the official series is selected.
    assert ("official-counts" in texts) == (series in ("all", "official")), (p, list(texts))
    from cecot.stories.homicides import words
    for lang in LANGUAGES:
        said = words.sentences(computed, lang)
        assert ("official" in said) == ("official-counts" not in texts), (p, said)
        _check_fall(chosen, said["fall"], lang, p)
    # No year outside the window in what a chart says about the window (a 2014 example in a
    # 2018-2024 window), except the month a counting rule still in force began ("not counted
    # since July 2019").
    changes = cdata.load("counting_changes")
    in_force = {d.year for d, precision in zip(changes["date"], changes["date_precision"])
                if d.year <= end and precision != "year"}
    for text in texts.values():
        for part in (text.title, text.subtitle, text.note):
            outside = [y for y in YEAR.findall(part)
                       if not start <= int(y) <= end and int(y) not in in_force]
            assert not outside, (p, text.chart_id, part)
    _check_rates_title(chosen, texts["rates-by-source"], start, end, p)
    # What the official count behind the drawn official rates leaves out is said once: by the
    # key of changes when that change falls in the window (the key lists it), else by the note.
    rule = computed.numbers["charts"]["rates-by-source"]["official_excludes"]
    rates = texts["rates-by-source"]
    if rule is not None:
        keyed = any(c == rule["change_id"] and start <= d.year <= end
                    for c, d in zip(changes["change_id"], changes["date"]))
        assert keyed == (rates.variants["note"] == "in_key"), (p, rates.note)
        assert keyed != (rates.variants["note"] == "excluded"), (p, rates.note)
    # Whose the latest rate is: said by the title when it names it ("an official 1.3"), then
    # not again by the subtitle.
    named = re.search(r"\ban official |UNODC's |InSight Crime's |a press figure of ", rates.title)
    one = rates.variants["subtitle"] == "published_one"  # "in UNODC figures" names it already
    assert not ((named or one) and "figure is from" in rates.subtitle), (p, rates.subtitle)
    # Counts before joint validation: said by the key when it lists the 2004 change (C01),
    # not again by the note.
    if "official-counts" in texts and any(c == "C01" and start <= d.year <= end for c, d
                                          in zip(changes["change_id"], changes["date"])):
        counts = texts["official-counts"]
        assert "validated jointly" not in counts.note, (p, counts.note)
    _check_disagreement(rows, texts["disagreement"], series, start, end, p)
    if "official-counts" in texts:
        _check_counts_title(rows, texts["official-counts"], start, end, p)


def _check_fall(chosen, sentence: str, lang: str, p) -> None:
    """The fall from 2019 to 2020: every series with figures for both years counts (a tie
    too); the largest and smallest falls any same-series pair allows."""
    lows, highs = [], []
    keys = {(r["series"], r["measure"]) for r in chosen}
    for key in keys:
        first = [r["value"] for r in chosen if (r["series"], r["measure"]) == key
                 and r["year"] == 2019 and not r["partial"]]
        second = [r["value"] for r in chosen if (r["series"], r["measure"]) == key
                  and r["year"] == 2020 and not r["partial"]]
        if first and second:
            lows.append(100 * (min(second) - max(first)) / max(first))
            highs.append(100 * (max(second) - min(first)) / min(first))
    if not lows:
        assert sentence.startswith(("No selected", "Ninguna")), (p, sentence)
        return
    assert not sentence.startswith(("No selected", "Ninguna")), (p, sentence)
    assert fmt.percent(-min(lows), lang, 2) in sentence, (p, sentence, min(lows))
    assert fmt.percent(-max(highs), lang, 2) in sentence, (p, sentence, max(highs))


def _check_rates_title(chosen, text, start: int, end: int, p) -> None:
    """"Fell from Y1 to Y2" only when every Y2 rate lies below every Y1 rate; the year called
    the highest is the highest of all the selection's years (in the data), or of every year
    from the window's start ("since"); a subtitle that says "by source" draws published rates."""
    rates = [r for r in chosen if r["measure"] == "rate"
             and (r["year"], r["source_id"]) not in HOMICIDE_OUTLIERS]
    shown = [r for r in rates if start <= r["year"] <= end]
    # A subtitle describes published rates only when some are drawn (series=official: only
    # the rate computed here).
    describes = text.variants["subtitle"] in ("published", "published_one")
    assert describes == bool(shown), (p, text.subtitle)
    by_year: dict = {}
    for r in rates:
        by_year.setdefault(r["year"], []).append(r["value"])
    title_years = [int(y) for y in YEAR.findall(text.title)]
    if text.variants["title"] == "fell":
        first, last = title_years
        assert max(by_year[last]) < min(by_year[first]), (p, text.title)
    kind = text.variants.get("peak", "none")
    if kind != "none":
        named = title_years[0]
        ranked = {y: _mid(v) for y, v in by_year.items()}
        if kind == "peak":
            assert all(ranked[named] >= m for m in ranked.values()), (p, text.subtitle)
        else:
            assert named > start and all(ranked[named] >= m for y, m in ranked.items()
                                         if y >= start), (p, text.subtitle)
    for word in ("peak", "máximo"):
        assert word not in text.title, (p, text.title)


def _check_counts_title(rows, text, start: int, end: int, p) -> None:
    """The official counts "fell" only when every later figure lies below every earlier one;
    "about" only when the figures of that year round alike."""
    counts = [r for r in rows if r["series"] == "official" and r["measure"] == "count"
              and not r["partial"] and start <= r["year"] <= end]
    by_year: dict = {}
    for r in counts:
        by_year.setdefault(r["year"], []).append(r["value"])
    if text.variants["title"] == "fell":
        first, last = [int(y) for y in YEAR.findall(text.title)]
        assert max(by_year[last]) < min(by_year[first]), (p, text.title)


def _check_disagreement(rows, text, series: str, start: int, end: int, p) -> None:
    """The year whose counts differ most, since joint validation (2005), in the window: the
    official counts, with the press's when the press is selected; no aggregator, no count of
    part of a year. The subtitle speaks of rates only when two rates of a year differ."""
    with_press = series in ("all", "press")
    counts = [r for r in rows if r["measure"] == "count" and not r["aggregator"]
              and not r["partial"] and start <= r["year"] <= end
              and (r["series"] == "official" or (with_press and r["series"] == "press"))]
    gaps = {}
    for year in {r["year"] for r in counts}:
        values = [r["value"] for r in counts if r["year"] == year]
        if len(values) > 1:
            gaps[year] = 100 * (max(values) - min(values)) / min(values)
    if text.variants["title"] == "count_gap":
        named = int(YEAR.findall(text.title)[-1])
        since = {y: g for y, g in gaps.items() if y >= 2005}
        assert since[named] == max(since.values()) > 0, (p, text.title, since)
    rates = [r for r in rows if r["measure"] == "rate" and not r["aggregator"]
             and start <= r["year"] <= end and series in ("all", r["series"])]
    compared = any(len({r["value"] for r in rates if r["year"] == y}) > 1 or
                   len([r for r in rates if r["year"] == y]) > 1
                   for y in {r["year"] for r in rates})
    mentions_rates = any(w in text.subtitle for w in ("rates", "tasas", "rate ", "tasa "))
    assert mentions_rates == compared, (p, text.subtitle)


def check_costs(computed, texts: dict) -> None:
    """The costs words, worked out again from the full data: the title's days are the longest
    stay (first flight to the return), the per-month figure is the grant range over the men
    and months of the run (scenario unless both are the terms'), the staff ratio is the latest
    headline-worthy head count over every staff group, never "at least 0"."""
    import pandas as pd

    p, n = computed.params, computed.numbers
    table = cdata.load("costs")
    # The grant is the letter's own sum, as released in court (CRT25); outlets that give it
    # less exactly do not make it a range.
    grant = table.loc[(table["item"] == "us_payment_deportee_detention_actual")
                      & (table["source_id"] == "CRT25"), "value"]
    first = table[table["item"] == "us_deportees_received_2025_03_16_tren_de_aragua"]
    back = table[table["item"] == "venezuelans_returned_to_venezuela_2025_07_18"]
    days = (back["date"].max() - first["date"].min()).days
    us = texts["us-payment-per-month"]
    assert f"{fmt.whole(days, us.lang)} days" in us.title or \
        f"{fmt.whole(days, us.lang)} días" in us.title, us.title
    # How the men left: in a swap only when the data record one on the day they were returned.
    swap = table[(table["item"] == "venezuelans_returned_in_swap_americans_freed")
                 & (table["date"] == back["date"].max())]
    assert us.variants["title"] == ("swap" if len(swap) else "returned"), us.title
    low = grant.min() / p["us_men"] / p["us_months"]
    high = grant.max() / p["us_men"] / p["us_months"]
    figure = n["us_grant_per_man_month_usd"]
    assert math.isclose(figure["low"], low) and math.isclose(figure["high"], high)
    terms = (p["us_men"] == int(first["value"].iloc[0]) and p["us_months"] == 12)
    assert us.variants["note"] == ("terms" if terms else "scenario"), (p, us.note)
    shown = fmt.money_range(low, high, us.lang) if high >= 1e6 else \
        fmt.range_of(round(low), round(high), us.lang)
    assert f"US${shown}" in us.note, (shown, us.note)
    # The grant range is kept whole wherever it is stated.
    assert f"US${fmt.money_range(grant.min(), grant.max(), us.lang)}" in us.subtitle
    # Construction: the budget from the document row, the reserve's date.
    budget = table.loc[table["item"] == "cecot_construction_budget", "value"].iloc[0]
    built = texts["construction-cost"]
    assert f"US${fmt.money(budget, built.lang)}" in built.title
    # Every sentence the notebook and the page say about the fee notice's budget names it.
    words = importlib.import_module("cecot.stories.costs.words")
    said = list(words.sentences(computed, built.lang).values()) + \
        words.page(computed.numbers, built.lang).strings()
    notice = [x for x in said if re.search(r"fee notice|derechos de construcci", x)]
    assert notice, "no sentence names the building-fee notice"
    for sentence in notice:
        assert f"US${fmt.money(budget, built.lang)}" in sentence, (budget, sentence)
    # Staff: every group, over the latest head count that may carry a headline.
    reports = cdata.load("population")
    reports = reports[(reports["unit"] == "people") & (reports["flag"].fillna("") != "repeat")
                      & reports["kind"].isin(["count", "approx", "range", "lower_bound"])
                      & reports["date_precision"].isin(["day", "month"])
                      & ~reports["source_id"].isin(["TT25", "WIKI", "ARTICLE"])]
    latest = reports[reports["date"] == reports["date"].max()]
    staff = p["prison_staff"] + p["soldiers"] + p["police"]
    assert n["staff"]["latest"]["date"] == pd.Timestamp(reports["date"].max()).date().isoformat()
    assert math.isclose(n["staff"]["per_person"]["low"], latest["low"].min() / staff) or \
        math.isclose(n["staff"]["per_person"]["low"], latest["low"].max() / staff)
    for lang in LANGUAGES:
        said = importlib.import_module("cecot.stories.costs.words").sentences(computed, lang)
        for phrase in ("at least 0 ", "about 0 ", "al menos 0 ", "unos 0 ", "unos 1 ",
                       "about 1 "):
            assert phrase not in said["per_staff"], said["per_staff"]


def check_claims_findings(computed, texts: dict) -> None:
    """The ledger's counts and its title, worked out again from the full ledger table: each
    claim takes the verdict of its weakest figure (a figure with `part_of` belongs to that
    claim), and the title says none is contradicted only when none is."""
    table = computed.tables["claims"]
    rows = table[table["kind"].isin(("article", "implied"))]
    weight = {"consistent": 0, "unverifiable": 1, "imprecise": 2, "inconsistent": 3}
    worst: dict[str, str] = {}
    for _, row in rows.iterrows():
        claim = row["part_of"] if isinstance(row["part_of"], str) and row["part_of"] else \
            row["claim_id"]
        worst[claim] = max(worst.get(claim, "consistent"), row["status"], key=weight.get)
    counts = {status: sum(1 for v in worst.values() if v == status) for status in weight}
    assert computed.numbers["verdict_counts"] == counts, (computed.numbers["verdict_counts"],
                                                          counts)
    assert computed.numbers["claims"] == len(worst)
    chart = texts["ledger"]
    first, more = chart.variants["title"].split(".")
    bad, imprecise = counts["inconsistent"], counts["imprecise"]
    assert (first == "none") == (bad == 0), (counts, chart.title)
    assert (more == "none") == (imprecise == 0), (counts, chart.title)
    # The title leads with how many hold: none, all, or the count.
    holds = chart.variants["holds"]
    assert (holds == "all") == (counts["consistent"] == len(worst)), (counts, chart.title)
    assert (holds == "none") == (counts["consistent"] == 0), (counts, chart.title)
    page = importlib.import_module("cecot.stories.claims.words").page(
        computed.numbers, chart.lang)
    if bad:
        expected = "some"
    elif 2 * counts["consistent"] <= len(worst):
        expected = "few"
    else:  # "all" says none is imprecise: only when none is
        expected = "all" if imprecise == 0 else "none"
    assert page.variants["headline"] == expected, (counts, page.headline)


def _density_figures(computed):
    """Space per person at every population figure in data/population.csv, worked out again
    from the full data (not the story's tables): figures in people, not transfers, from a
    source that is evidence, not flagged implausible; whether each may carry a headline (dated
    to the day or month, not only an opinion column); the most space each allows."""
    from cecot import sources

    table = cdata.load("population")
    cells, cell_m2 = computed.params["cells"], computed.params["cell_m2"]
    rows = []
    for r in table.sort_values(["date", "report_id"]).itertuples():
        flagged = isinstance(r.flag, str) and r.flag in ("implausible", "repeat")
        if r.unit != "people" or r.kind.startswith("transfer") or flagged:
            continue
        kinds = sources.kinds(r.source_id)
        if kinds <= {"article", "wikipedia"}:
            continue
        worthy = r.date_precision in ("day", "month") and not kinds <= {
            "article", "wikipedia", "opinion"}
        most = cell_m2 / (r.low / cells)  # the fewest people give the most space
        rows.append({"date": r.date, "worthy": worthy, "most": most,
                     "open": r.kind == "lower_bound", "least": cell_m2 / (r.high / cells)})
    return rows


def check_prisons(computed, texts) -> None:
    """The prisons titles, worked out again from the FULL data (not the selection): Socorro
    Jurídico's latest unflagged figure and its shape; the arrests' latest figure; the prison
    population's latest figure whose author is known (no opinion piece, no unattributed round
    figure, not known only to its year) against the figures of the last date before the state
    of exception; CECOT's latest share from a report that may carry a headline."""
    import pandas as pd

    lang = texts["deaths-in-custody"].lang
    deaths = cdata.load("deaths_in_custody")
    sjh = deaths[(deaths["organisation"] == "socorro_juridico") & deaths["flag"].isna()]
    top = sjh[sjh["date"] == sjh["date"].max()]
    rank = {"count": 0, "approx": 1, "lower_bound": 3}
    top = top.assign(r=top["kind"].map(rank)).sort_values(["r", "low"],
                                                          ascending=[True, False]).iloc[0]
    title = texts["deaths-in-custody"]
    assert title.variants["title"] == top["kind"], (top, title.title)
    assert fmt.whole(top["low"], lang) in title.title, title.title
    # Deaths in CECOT alone are said in words, never drawn as a running total.
    drawn = computed.tables["deaths-in-custody"]
    assert not (drawn["flag"] == "subset").any()
    subset = deaths[deaths["flag"] == "subset"].sort_values("date").iloc[-1]
    assert f" {fmt.whole(subset['low'], lang)} " in title.note, title.note

    arrests = cdata.load("arrests")
    last = arrests[arrests["date"] == arrests["date"].max()]
    kind = "count" if (last["kind"] == "count").any() else \
        "approx" if (last["kind"] == "approx").any() else "lower_bound"
    assert texts["arrests"].variants["title"] == kind, texts["arrests"].title
    assert fmt.whole(last["low"].max() if kind == "lower_bound" else
                     last[last["kind"] == kind]["low"].max(), lang) in texts["arrests"].title

    prison = cdata.load("prison_population")
    records = cdata.load_table("sources").records
    sources = {r["source_id"]: r["kind"] for r in records}
    checked = {r["source_id"]: r["verification"] for r in records}
    from cecot.stories.prisons.compute import NOT_DRAWN, UNATTRIBUTED
    # Not drawn at all: a figure known only second-hand or unverified.
    prison = prison[[checked[s] not in NOT_DRAWN for s in prison["source_id"]]]
    worthy = prison[[sources[s] != "opinion" and (s, d.date().isoformat()) not in UNATTRIBUTED
                     and p != "year" for s, d, p in zip(prison["source_id"], prison["date"],
                                                        prison["date_precision"])]]
    latest = worthy[worthy["date"] == worthy["date"].max()]
    regime = pd.Timestamp(computed.numbers["regime_start"])
    before = worthy[(worthy["date"] < regime) & (worthy["kind"] != "lower_bound")]
    before = before[before["date"] == before["date"].max()]
    low = latest["value"].min() / before["value"].max()
    high = latest["value"].min() / before["value"].min()
    expected = "times"
    if round(low) == round(high) and round(low) in (2, 3, 4):
        fold = round(low)  # "nearly" wholly below it, "over" wholly at or above, else "about"
        expected = f"{'nearly' if high < fold else 'over' if low >= fold else 'about'}_{fold}"
    elif high < 0.9:
        expected = "fell"
    elif low >= 0.9 and high < 1.5:
        expected = "little_changed"
    pop = texts["prison-population"]
    assert pop.variants["title"] == expected, (low, high, pop.title)
    assert fmt.whole(latest["value"].min(), lang) in pop.subtitle, pop.subtitle

    # CECOT's share: the newest head count that may carry a headline and whose national
    # figure is of the same season (at most 90 days apart); the title names its month.
    shares = computed.tables["cecot-share"]
    worthy_shares = shares[shares["headline_worthy"] & (shares["gap_days"].abs() <= 90)]
    newest = worthy_shares[worthy_shares["date"] == worthy_shares["date"].max()]
    share = texts["cecot-share"]
    assert fmt.percent(newest["share_low_pct"].max(), lang) in share.title, share.title
    month = fmt.date(newest["date"].iloc[0], lang, "month")
    assert month.lower() in share.title.lower(), (month, share.title)


def check_density_observed(computed, text) -> None:
    """The title on the reported figures, worked out again from the full data: since when
    every figure that may carry a headline, to the latest, gives each person less than the
    guideline; or, when no such run of two or more ends with the latest, the latest figure
    against the guideline."""
    guideline = computed.numbers["guideline_m2"]
    worthy = [r for r in _density_figures(computed) if r["worthy"]]
    below = [r["most"] < guideline for r in worthy]
    start = len(below)
    while start > 0 and below[start - 1]:
        start -= 1
    if len(below) - start >= 2:
        run = worthy[start:]
        half = all(2 * r["most"] <= guideline for r in run)
        expected = f"since.{'half_or_less' if half else 'below'}"
        since = fmt.date(run[0]["date"], text.lang, "month")
        assert since in text.title, (computed.params, text.title, since)
    else:
        latest = worthy[-1]
        least = None if latest["open"] else latest["least"]
        if latest["most"] < guideline:
            finding = "half_or_less" if 2 * latest["most"] <= guideline else "below"
        elif least is not None and least >= guideline:
            finding = "at_least"
        else:
            finding = "possibly_less"
        expected = f"latest.{finding}"
    assert text.variants["title"] == expected, (computed.params, text.title)


def check_density_bars(computed, text) -> None:
    """The bars' title: how many times the yardstick exceeds the space per person, in words
    ("under a fifth of"), and how the space stands against the standards drawn: those read in
    a text (data/space_standards.csv, not `unverified`), from the full file."""
    n = computed.numbers
    actual = n["population"] / n["cells"]
    actual = n["cell_m2"] / actual
    ratio = n["guideline_m2"] / actual
    k = max(1, min(10, math.ceil(ratio) - 1)) if ratio > 1 else 0
    expected = (f"fraction.{k}" if k >= 2 else "below" if k == 1 else
                "equal" if math.isclose(ratio, 1) else "above")
    assert text.variants["title"] == expected, (computed.params, text.title)
    drawn = [r["m2_per_person"] for r in cdata.load_table("space_standards").records
             if r["status"] != "unverified"]
    standards = ("above_all" if actual >= max(drawn) else
                 "below_some" if actual >= min(drawn) else
                 "fraction" if actual <= min(drawn) / 2 else "below_all")
    assert text.variants["standards"] == standards, (actual, drawn, text.title)


def _occupancy_figures() -> list[dict]:
    """The population figures that may carry a headline, from the full data file (not the
    story's tables): not transfers, from a source that is evidence and not only an opinion
    column, dated to the day or month, not flagged implausible or as a repeated sentence (a
    wire agency's stock phrase, not a new count); oldest first."""
    from cecot import sources

    found = []
    for r in cdata.load("population").sort_values(["date", "report_id"]).itertuples():
        flagged = isinstance(r.flag, str) and r.flag in ("implausible", "repeat")
        kinds = sources.kinds(r.source_id)
        if r.kind.startswith("transfer") or flagged or kinds <= {"article", "wikipedia",
                                                                  "opinion"}:
            continue
        if r.date_precision in ("day", "month"):
            found.append({"report_id": r.report_id, "date": r.date, "unit": r.unit,
                          "kind": r.kind, "low": r.low, "high": r.high})
    return found


def check_occupancy(computed, texts) -> None:
    """Both titles run from the first figure that may carry a headline to the latest, in the
    full data: the timeline's in people, the per-cell chart's in any unit. A capacity other
    than the stated one in data/facility.csv is a scenario, and the words say so."""
    from cecot import facility

    n, p = computed.numbers, computed.params
    figures = _occupancy_figures()
    in_people = [f for f in figures if f["unit"] == "people"]
    cell = texts["people-per-cell"]
    assert (cell.variants["first"], cell.variants["latest"]) == (
        figures[0]["report_id"], figures[-1]["report_id"]), cell.title
    timeline = texts["population-timeline"]
    lang = timeline.lang
    first, latest = in_people[0], in_people[-1]
    assert fmt.whole(first["low"], lang) in timeline.title, (timeline.title, first)
    assert fmt.whole(latest["low"], lang) in timeline.title, (timeline.title, latest)
    for year in (first["date"].year, latest["date"].year):
        assert str(year) in timeline.title, (timeline.title, year)
    stated = p["capacity"] == facility.value("capacity_stated")
    for text in (timeline, cell):
        assert text.variants["capacity"] == ("stated" if stated else "scenario"), text.title
        lines = " ".join(text.labels["lines"].values())
        if not stated:
            assert ("scenario" in lines) or ("escenario" in lines), lines
    # At the same low end, a "more than" figure is the higher.
    top = max((f for f in in_people), key=lambda f: (f["low"], f["kind"] == "lower_bound",
                                                     f["date"]))
    assert n["highest"]["report_id"] == top["report_id"]


def check_density_caveat(computed, words) -> None:
    """The notebook's closing caveat counts the reports above and below the guideline as the
    observed table says, and says "never full" only when no report reaches the capacity."""
    table = computed.tables["observed"]
    guideline = computed.numbers["guideline_m2"]
    below = int((table["m2_per_person_high"] < guideline).sum())
    above = int((table["m2_per_person_low"] >= guideline).sum())  # NaN compares False
    full = int((table["population_low"] >= computed.numbers["capacity_from_sources"]).sum())
    for lang in LANGUAGES:
        said = words.caveat(computed, lang)
        check_words("density", computed, dataclasses.replace(
            words.texts(computed, lang)["cell-to-scale"], title=said, subtitle="", alt="",
            labels={}))
        if lang == "en":
            assert ("None of the" in said) == (full == 0), said
            if below == len(table):
                assert "At every one of them, prisoners had less than" in said, said
            elif above == len(table):
                assert "At every one of them, prisoners had at least" in said, said
            else:
                def told(count):
                    return "one" if count == 1 else fmt.whole(count, lang)
                if above:
                    assert f"At {told(above)} of them" in said, said
                if below and above:
                    assert f"at the other {told(below)}, less" in said or \
                        f"at {told(below)}, less" in said
                if len(table) - above - below:
                    assert f"for the other {told(len(table) - above - below)}," in said, said


# --- the tests: one class per story, so pytest-xdist spreads the stories over its workers ----

class StoryWords:
    story = ""

    def test_words_of_random_parameter_sets_come_from_their_numbers(self):
        compute, words, _ = _modules(self.story)
        for checked in valid_sets(self.story, SETS_PER_STORY, seed=13):
            computed = compute.run(checked)
            for lang in LANGUAGES:
                texts = words.texts(computed, lang)
                for text in texts.values():
                    check_words(self.story, computed, text)
                    check_scenarios(self.story, computed, text.strings(), lang,
                                    text.chart_id)
                said = words.sentences(computed, lang) if hasattr(words, "sentences") else {}
                for key, sentence in said.items():
                    check_words(self.story, computed, _Said(f"notebook:{key}", lang, sentence))
                    check_scenarios(self.story, computed, [sentence], lang, f"notebook:{key}")
                if hasattr(words, "page"):
                    page = words.page(tidy(computed.numbers), lang)
                    for sentence in page.strings():
                        check_words(self.story, computed, _Said("page", lang, sentence))
                    check_scenarios(self.story, computed, page.strings(), lang, "page")
                check_findings(self.story, computed, texts)
            if self.story == "density":
                check_density_caveat(computed, words)

    def test_what_the_charts_draw_comes_from_the_numbers_too(self):
        """Drawn at both sizes: every text on the chart comes from the run's numbers; every
        legend entry looks like the marks it names (tests/legends.py); on a phone, the title,
        subtitle and note keep to the house limits and no text is under 12 px as shown. Each
        set is drawn in one language, the languages in turn."""
        compute, words, charts = _modules(self.story)
        for i, checked in enumerate(valid_sets(self.story, DRAWN_PER_STORY, seed=2026)):
            computed = compute.run(checked)
            for lang in LANGUAGES[i % len(LANGUAGES):][:1]:
                for chart_id, text in words.texts(computed, lang).items():
                    for frame, strings in _frames(charts.DRAW[chart_id], computed, text):
                        fig = frame.fig
                        drawn = dataclasses.replace(text, title="", subtitle="", alt="",
                                                    note="", labels={"drawn": strings})
                        where = f"{self.story}/{chart_id} ({lang}, {frame.size.name})"
                        assert legends.mismatches(fig) == [], where
                        check_house_limits(frame, where)
                        plt.close(fig)
                        check_words(self.story, computed, drawn)


def _frames(draw, computed, text):
    """The chart drawn at each size, in house style."""
    from cecot import style

    frames = []
    for size in style.SIZES:
        frame = draw(computed, text, size)[0]
        strings = _drawn_strings(frame.fig)  # the chart body's own texts, before the frame's
        style.finish(frame)
        frames.append((frame, strings))
    return frames


def check_house_limits(frame, where: str) -> None:
    from cecot import style

    measured = style.measure(frame)
    assert measured["smallest_text_px_as_shown"] >= 12, (where, measured)
    # No word runs off the image: every text (legend entries too) inside the figure's width.
    fig = frame.fig
    fig.draw_without_rendering()  # lays legends out where they will be drawn
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    for text in _all_texts(fig):
        if not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        assert box.x0 >= -1 and box.x1 <= width + 1, (where, text.get_text(), box.x0, box.x1,
                                                       width)
    check_tick_labels(fig, where)
    check_marks_inside(fig, where)
    if frame.size.narrow:
        limits = style.NARROW_LINES
        assert measured["title_lines"] <= limits["title"][frame.text.lang], \
            (where, frame.title_lines)
        assert measured["subtitle_lines"] <= limits["subtitle"], (where, frame.subtitle_lines)
        assert measured["note_lines"] <= limits["note"], (where, frame.text.note)


def check_marks_inside(fig, where: str) -> None:
    """Every mark (a marker, an arrow) lies within its axes' limits: none is cut off at the
    edge, as moving close marks apart could push the last ones past the axis's end."""
    from matplotlib.text import Annotation

    for ax in fig.axes:
        if not ax.get_visible():
            continue
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        points = []
        for line in ax.lines:
            if line.get_visible() and line.get_marker() not in (None, "None", "none", "", " "):
                points += [tuple(p) for p in line.get_xydata() if not np.isnan(p).any()]
        for note in ax.texts:
            if isinstance(note, Annotation) and not note.get_text() and note.xycoords == "data":
                points.append(tuple(float(v) for v in note.xy))
        for x, y in points:
            assert x0 - 1e-6 <= x <= x1 + 1e-6 and y0 - 1e-6 <= y <= y1 + 1e-6, \
                (where, x, y, (x0, x1), (y0, y1))


def _tick_value(label: str) -> float | None:
    plain = label.replace("\u2212", "-").replace("%", "").strip()
    if not re.fullmatch(r"-?\d{1,3}(,\d{3})*(\.\d+)?", plain):
        return None  # not a plain number (a date, a unit): not checked here
    return float(plain.replace(",", ""))


def check_tick_labels(fig, where: str) -> None:
    """Evenly spaced ticks carry evenly spaced numbers: a tick at 2.5 written "2" (too few
    digits for the step) would put 0, 2, 5, 8, 10 on an axis."""
    for ax in fig.axes:
        if not ax.get_visible() or ax.get_yscale() != "linear":
            continue
        low, high = sorted(ax.get_ylim())
        labels = [t.label1.get_text() for t in ax.yaxis.get_major_ticks()
                  if low <= t.get_loc() <= high and t.label1.get_visible()
                  and t.label1.get_text()]
        values = [_tick_value(label) for label in labels]
        if len(values) < 3 or None in values:
            continue
        steps = {round(b - a, 6) for a, b in zip(values, values[1:])}
        assert len(steps) == 1, (where, labels)


def _all_texts(fig) -> list:
    """Every text artist of a finished chart: the figure's, its legends' and its axes'."""
    texts = list(fig.texts)
    for legend in fig.legends:
        texts += legend.get_texts()
    for ax in fig.axes:
        texts += ax.texts
        if ax.get_legend() is not None:
            texts += ax.get_legend().get_texts()
    return texts


def _drawn_strings(fig) -> list[str]:
    """Every text a chart body draws (annotations, labels, titles, legends), not the axes'
    tick labels: the axes' own scale."""
    texts = _all_texts(fig)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
    return [t.get_text() for t in texts if t.get_text()]


class TestDensity(StoryWords):
    story = "density"


class TestOccupancy(StoryWords):
    story = "occupancy"


class TestHomicides(StoryWords):
    story = "homicides"


class TestPrisons(StoryWords):
    story = "prisons"


class TestCosts(StoryWords):
    story = "costs"


class TestClaims(StoryWords):
    story = "claims"
