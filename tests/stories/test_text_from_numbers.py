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
import importlib
import math
import random
import re

import matplotlib.pyplot as plt

import legends

from cecot import data as cdata
from cecot import fmt, params
from cecot.computed import tidy
from cecot.errors import ParameterError
from cecot.fmt import LANGUAGES

SETS_PER_STORY = 50
DRAWN_PER_STORY = 3
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?!\w)")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
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
    given = {"cells": cells, "population": rng.randint(cells, 250000),
             "cell_m2": round(rng.uniform(5, 1000), rng.choice([0, 1, 2]))}
    standards = _standards()
    mode = rng.random()
    if mode < 0.5:
        given["standard"] = rng.choice(sorted(standards))
    elif mode < 0.75:
        given["guideline_m2"] = rng.choice(sorted(standards.values()))
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
    soldiers = rng.choice([0, 600, rng.randint(0, 3000)])
    return {"capacity": rng.randint(1000, 100000), "alt_capacity": rng.randint(1000, 100000),
            "us_detainees": rng.randint(1, 2000),
            "us_payment_usd": float(rng.choice([6e6, 4.76e6, rng.randint(1, 500) * 1e5])),
            "family_payment_usd": float(rng.choice([170, 150, rng.randint(10, 2000)])),
            "construction_cost_usd": float(rng.choice([1e8, 1.15e8, 1.35e8,
                                                       rng.randint(1, 900) * 1e6])),
            "soldiers": soldiers, "police": rng.randint(0 if soldiers else 1, 2000)}


SAMPLERS = {"density": density, "occupancy": occupancy, "homicides": homicides,
            "prisons": prisons, "costs": costs}


def _modules(story: str):
    return tuple(importlib.import_module(f"cecot.stories.{story}.{part}")
                 for part in ("compute", "words", "charts"))


def valid_sets(story: str, count: int, seed: int):
    """`count` parameter sets the story accepts, drawn at random (refused draws are redrawn:
    the refusal itself is tested elsewhere)."""
    compute, _, _ = _modules(story)
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
        texts = [fmt.number(number, lang, d) for d in range(4)]
        texts += [fmt.whole(math.floor(number), lang), fmt.whole(math.ceil(number), lang),
                  fmt.money(number, lang), fmt.auto(number, lang), str(int(number))]
        texts += [fmt.percent(number * scale, lang, d) for scale in (1, 100) for d in range(3)]
        # A ceiling ("at most") is rounded up so that it stays true.
        texts.append(fmt.number(math.ceil(round(number * 100, 6)) / 100, lang, 2))
        for text in texts:
            shown.update(NUMBER.findall(text))
    return shown


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
    r"\b(stated|announced|reported|according to|as reported|said|says|AP's|claimed|"
    r"anunciad[ao]s?|declarad[ao]s?|publicad[ao]s?|según|informad[ao]s?|afirmad[ao]s?)\b",
    re.IGNORECASE)


def _shown(value, lang: str) -> set[str]:
    """The ways a parameter's value may be written in a sentence."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return set()
    texts = {fmt.whole(value, lang), fmt.number(value, lang, 2), fmt.money(value, lang)}
    return {t for t in texts if len(t.replace(",", "").replace(".", "")) >= 2}


def check_scenarios(story: str, computed, strings, lang: str, where: str) -> None:
    """A value that differs from its sourced default is the run's choice: a sentence stating
    it must not attribute it to anybody."""
    defaults = params.defaults(story)
    chosen = {name: value for name, value in computed.params.items()
              if name in defaults and value != defaults[name] and
              name not in ("lang", "output_dir")}
    for name, value in chosen.items():
        for shown in _shown(value, lang):
            for sentence in strings:
                for found in re.finditer(rf"(?<![\d.,]){re.escape(shown)}(?![\d])", sentence):
                    # The words around the value: four before it, three after, in its clause.
                    before = re.split(r"[;:.(]\s", sentence[:found.start()])[-1].split()[-4:]
                    after = re.split(r"[;:.)]\s", sentence[found.end():])[0].split()[:3]
                    near = " ".join(before + after)
                    if ATTRIBUTION.search(near):
                        raise AssertionError(
                            f"{story}/{where} ({lang}): {name}={value} is a scenario, yet "
                            f"it is attributed: {near!r} in {sentence!r}")


# --- what the words may not contradict -------------------------------------------------------

def check_findings(story: str, computed, texts: dict) -> None:
    n = computed.numbers
    p = computed.params
    if story == "density":
        bars = texts["space-vs-standards"]
        actual = n["m2_per_person"]
        values = [s["m2_per_person"] for s in n["standards"].values()]
        expected = ("above_all" if actual >= max(values) else
                    "below_some" if actual >= min(values) else
                    "fraction" if actual <= min(values) / 2 else "below_all")
        assert bars.variants["title"].split(".")[0] == expected, (actual, values, bars.title)
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
    if story == "costs":
        place = texts["cost-per-place"]
        cost = fmt.money(p["construction_cost_usd"], place.lang)
        assert f"US${cost}" in place.title and f"US${cost}" in place.subtitle
        assert place.variants["subtitle"] == ("claim" if n["construction_cost_claimed"]
                                              else "scenario")
    if story == "prisons":
        check_prisons(computed, texts)
    if story == "occupancy":
        timeline = texts["population-timeline"]
        assert timeline.variants["highest"] == ("lower_bound"
                                                if n["highest_reported_is_lower_bound"]
                                                else "figure")


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
    sources = {r["source_id"]: r["kind"] for r in cdata.load_table("sources").records}
    from cecot.stories.prisons.compute import UNATTRIBUTED
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
        expected = f"about_{round(low)}"
    elif high < 0.9:
        expected = "fell"
    elif low >= 0.9 and high < 1.5:
        expected = "little_changed"
    pop = texts["prison-population"]
    assert pop.variants["title"] == expected, (low, high, pop.title)
    assert fmt.whole(latest["value"].min(), lang) in pop.subtitle, pop.subtitle

    shares = computed.tables["cecot-share"]
    worthy_shares = shares[shares["headline_worthy"]]
    newest = worthy_shares[worthy_shares["date"] == worthy_shares["date"].max()]
    assert fmt.percent(newest["share_low_pct"].max(), lang) in texts["cecot-share"].title


def check_density_observed(computed, text) -> None:
    """The title on the reported head counts, worked out again from the observed table: the
    last dated report that may carry a headline, its space against the guideline."""
    table = computed.tables["observed"]
    latest = table[table["headline_worthy"]].sort_values(["date", "report_id"]).iloc[-1]
    low, high = latest["m2_per_person_low"], latest["m2_per_person_high"]
    guideline = computed.numbers["guideline_m2"]
    if high < guideline:
        expected = "half_or_less" if 2 * high <= guideline else "below"
    elif not math.isnan(low) and low >= guideline:
        expected = "at_least"
    else:
        expected = "possibly_less"
    assert text.variants["title"] == expected, (computed.params, text.title)


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
                assert "At every one of them, each prisoner had less than" in said, said
            elif above == len(table):
                assert "At every one of them, each prisoner had at least" in said, said
            else:
                if above:
                    assert f"At {above} of them" in said, said
                if below and above:
                    assert f"at the other {below}, less" in said or f"at {below}, less" in said
                if len(table) - above - below:
                    assert f"for the other {len(table) - above - below}," in said, said


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
        subtitle and note keep to the house limits and no text is under 12 px as shown."""
        compute, words, charts = _modules(self.story)
        for checked in valid_sets(self.story, DRAWN_PER_STORY, seed=2026):
            computed = compute.run(checked)
            for lang in LANGUAGES:
                for chart_id, text in words.texts(computed, lang).items():
                    for frame, strings in _frames(charts.DRAW[chart_id], computed, text):
                        fig = frame.fig
                        drawn = dataclasses.replace(text, title="", subtitle="", alt="",
                                                    note="", labels={"drawn": strings})
                        fig.canvas.draw()
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
    if frame.size.narrow:
        limits = style.NARROW_LINES
        assert measured["title_lines"] <= limits["title"][frame.text.lang], \
            (where, frame.title_lines)
        assert measured["subtitle_lines"] <= limits["subtitle"], (where, frame.subtitle_lines)
        assert measured["note_lines"] <= limits["note"], (where, frame.text.note)


def _drawn_strings(fig) -> list[str]:
    """Every text a chart body draws (annotations, labels, titles, legends), not the axes'
    tick labels: the axes' own scale."""
    texts = list(fig.texts)
    for legend in fig.legends:
        texts += legend.get_texts()
    for ax in fig.axes:
        texts += ax.texts + [ax.title, ax._left_title, ax._right_title, ax.xaxis.label,
                             ax.yaxis.label]
        if ax.get_legend() is not None:
            texts += ax.get_legend().get_texts()
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
