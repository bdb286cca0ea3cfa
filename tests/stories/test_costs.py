"""The costs story: arithmetic against values worked out by hand from data/costs.csv, where
each parameter's default comes from, the words the numbers make true, and runs through the
command line with other parameters."""

from __future__ import annotations

import pandas as pd
import pytest

from cecot import headcounts, params, paths
from cecot.computed import tidy
from cecot.data import load
from cecot.errors import DataError, ParameterError
from cecot.ranges import Span
from cecot.stories.costs import compute as costs
from cecot.stories.costs import words

from conftest import computed, read_numbers, run_cli, snapshot

DEFAULTS = params.defaults("costs")


# --- arithmetic ----------------------------------------------------------------------------------

def test_per_man_month_is_the_grant_spread_evenly():
    # US$4,700,000-4,760,000 / 238 men / 12 months = 1,645.66-1,666.67 a man a month.
    value = costs.per_man_month(Span(4_700_000, 4_760_000), 238, 12)
    assert value.low == pytest.approx(1645.658, abs=1e-3)
    assert value.high == pytest.approx(1666.667, abs=1e-3)
    with pytest.raises(ValueError):
        costs.per_man_month(Span.point(1.0), 0, 12)
    assert costs.per_month(20000) == pytest.approx(1666.667, abs=1e-3)
    assert costs.per_year(170) == 2040


def test_days_held():
    # 16 March to 18 July 2025: 15 + 30 + 31 + 30 + 18 = 124 days; 12 April to 18 July: 97.
    assert costs.days_between("2025-03-16", "2025-07-18") == 124
    assert costs.days_between("2025-04-12", "2025-07-18") == 97
    with pytest.raises(ValueError):
        costs.days_between("2025-07-18", "2025-03-16")


def test_per_person_counts_every_staff_group():
    # 1,000 prison staff + 600 soldiers + 250 police = 1,850; "more than 15,000" / 1,850 is
    # more than 8.11.
    assert costs.staff_total(1000, 600, 250) == 1850
    each = costs.per_person(Span.of_report("lower_bound", 15000, 15000), 1850)
    assert each.low == pytest.approx(8.108, abs=1e-3) and each.open_above
    with pytest.raises(ValueError):
        costs.per_person(Span.point(100.0), 0)


def test_staff_cannot_all_be_zero():
    with pytest.raises(ParameterError) as err:
        params.validate("costs", {"prison_staff": 0, "soldiers": 0, "police": 0},
                        costs.parameter_problem)
    assert "'police'" in str(err.value) and "prison_staff + soldiers + police" in str(err.value)
    params.validate("costs", {"prison_staff": 0, "soldiers": 0}, costs.parameter_problem)


def test_held_segments_between_flights():
    # 238 first; 14 later Venezuelans (252 - 238) on flights of 17 and 10 people. Between the
    # flights: at least 238 + (14 - 10) = 242 (the 10 of the second flight cannot bring all 14),
    # at most 238 + 14 = 252; after the second flight, all 252.
    flights = pd.DataFrame({"date": pd.to_datetime(["2025-03-30", "2025-04-12"]),
                            "people": [17, 10]})
    table = costs.held_segments(238, 252, "2025-03-16", flights, "2025-07-18")
    assert list(zip(table["start"], table["men_low"], table["men_high"])) == [
        ("2025-03-16", 238, 238), ("2025-03-30", 242, 252), ("2025-04-12", 252, 252)]
    assert table["end"].iloc[-1] == "2025-07-18"


# --- the US agreement, from the data -------------------------------------------------------------

def test_us_agreement_from_the_data():
    agreement, table, sources = costs.us_agreement(load("costs"))
    # The grant is the letter's own sum, 4,760,000 (the filing, Europa Press quoting the
    # letter, States Newsroom); El Diario de Hoy and El País give it less exactly, 4,700,000:
    # said as such, not as a range of the grant.
    assert agreement["grant_usd"] == {"low": 4_760_000, "high": 4_760_000}
    assert agreement["grant_also_reported_usd"] == [4_700_000]
    assert agreement["grant_letter_date"] == "2025-03-22"
    assert agreement["grant_released"] == "2025-09-09"
    # AP's account of the memos (15 Mar) and the White House's figure (17 Mar): 6 million;
    # 6,000,000 / AP's 20,000 a prisoner = 300 men.
    assert agreement["memos_usd"] == agreement["white_house_usd"] == 6_000_000
    assert agreement["memos_published"] == "2025-03-15"
    assert agreement["white_house_date"] == "2025-03-17"
    assert agreement["memos_men"] == 300
    # Terms: about 300 men (EPR25, CNN25c), up to one year: to 16 March 2026.
    assert (agreement["terms_max_men"], agreement["terms_max_years"]) == (300, 1)
    assert agreement["terms_end"] == "2026-03-16"
    # 238 on 16 March (Bukele); flights of 17 (30 Mar) and 10 (12 Apr); 252 returned on
    # 18 July (ABC, AFP, CBS: the count most give; Reuters' advance 238 and AP's "more than
    # 250" are kept in the data, not used): 14 later Venezuelans.
    assert agreement["first_arrival"] == {"date": "2025-03-16", "men": 238}
    assert agreement["later_flights"] == [{"date": "2025-03-30", "people": 17},
                                          {"date": "2025-04-12", "people": 10}]
    assert agreement["returned"] == {"date": "2025-07-18", "men": 252}
    assert agreement["later_venezuelans"] == 14
    # The return was a prisoner swap: 10 Americans freed by Venezuela that day (CBS News).
    assert agreement["swap_americans_freed"] == 10
    assert (agreement["days_held_longest"], agreement["days_held_last_flight"]) == (124, 97)
    # 4,760,000 / 238 = 20,000 exactly: AP's yearly cost per prisoner.
    assert agreement["grant_per_first_man_usd"] == {"low": 20000, "high": 20000}
    assert agreement["grant_matches_memo_rate"] is True
    # CNN (28 Apr 2025): US$15 million approved, just under US$5 million sent.
    assert (agreement["funds_approved_usd"], agreement["funds_sent_usd"]) == (15e6, 5e6)
    assert set(table["kind"]) == {"held", "terms"}
    assert "CRT25" in sources and "DPN25" not in sources and "AP25c" not in sources


def test_without_a_swap_row_the_men_are_only_sent_back():
    table = load("costs")
    agreement, _, _ = costs.us_agreement(table[table["item"] != costs.SWAP])
    assert agreement["swap_americans_freed"] is None
    numbers = tidy(computed("costs").numbers)
    numbers["us_agreement"]["swap_americans_freed"] = None
    for lang, said in (("en", "they were sent home"), ("es", "fueron devueltos a Venezuela")):
        page = words.page(numbers, lang)
        assert said in page.headline and "swap" not in page.headline \
            and "canje" not in page.headline, page.headline
        assert page.variants["returned"] == "returned"


def test_the_one_per_month_figure():
    numbers = computed("costs").numbers
    figure = numbers["us_grant_per_man_month_usd"]
    # 4,760,000 / 238 / 12 = 1,666.67 (the ledger reads it).
    assert figure["low"] == figure["high"] == pytest.approx(1666.667, abs=1e-3)
    assert (figure["men"], figure["months"]) == (238, 12)
    assert figure["men_is_first_flight"] and figure["months_is_terms"]
    # Nothing else in numbers.json is per man per month: one quantity, one figure.
    flat = str(tidy(numbers))
    assert "per_man_month" in flat and flat.count("per_man_month") == 1


def test_a_month_count_of_the_analysts_choice_is_a_scenario():
    story = computed("costs", us_months=4)
    figure = story.numbers["us_grant_per_man_month_usd"]
    # 4,760,000 / 238 / 4 = 5,000.
    assert figure["low"] == figure["high"] == pytest.approx(5000)
    assert not figure["months_is_terms"]
    for lang, word in (("en", "(a scenario)"), ("es", "(escenario)")):
        note = words.texts(story, lang)["us-payment-per-month"].note
        assert word in note, note
    assert "US$5,000 a man a month" in words.texts(story, "en")[
        "us-payment-per-month"].note
    said = words.sentences(story, "en")["us_per_month"]
    assert said.startswith("Spread evenly over 238 men and 4 months (a scenario")


# --- construction and staff ----------------------------------------------------------------------

def test_construction_from_the_data():
    built, table, sources = costs.construction(load("costs"))
    # The one document: Voz Pública's municipal notice of 18 Jul 2022, US$135,349,546.50.
    assert built["budget_usd"] == 135_349_546.5 and built["budget_date"] == "2022-07-18"
    # Said aloud on 12 Nov 2024: 100 million (building), 115 million (with equipment).
    assert (built["said_building_usd"], built["said_with_equipment_usd"]) == (1e8, 1.15e8)
    assert built["said_aloud_date"] == "2024-11-12"
    # Reserved on 22 Dec 2022 for two years: to 22 Dec 2024.
    assert (built["reserved_on"], built["reserve_years"], built["reserve_until"]) == (
        "2022-12-22", 2, "2024-12-22")
    assert list(table["kind"]) == ["document", "said_aloud", "said_aloud"]
    assert list(table["usd"]) == [135_349_546.5, 115e6, 100e6]
    assert list(table["status"]) == ["reported", "unverified", "unverified"]
    assert "VP24" in sources and "EDH23c" in sources


def test_staffing_counts_every_group():
    staff = computed("costs").numbers["staff"]
    # 1,000 prison staff (BBC23, CTV25, CNNRS25), 600 soldiers (650 in GS25), 250 police.
    assert staff["total"] == 1850
    assert staff["soldiers"]["other_values"] == [650] and staff["soldiers"]["other_reports"] == 1
    assert staff["prison_staff"]["reported_low"] == staff["prison_staff"]["reported_high"] == 1000
    # The latest head count that may carry a headline, by the stories' shared rule
    # (cecot/headcounts.py, not restated here).
    latest = staff["latest"]
    reports = headcounts.in_people(headcounts.reports())
    worthy = reports[headcounts.headline_worthy(reports)]
    assert latest["date"] == worthy["date"].max().date().isoformat()


def test_staffing_keeps_ranges_and_lower_bounds():
    reports = pd.DataFrame({
        "report_id": ["a", "b"], "date": pd.to_datetime(["2024-01-01", "2025-04-18"]),
        "date_precision": ["day"] * 2, "kind": ["count", "range"],
        "low": [8500.0, 17000.0], "high": [8500.0, 25500.0],
        "unit": ["people"] * 2, "source_id": ["MP25", "NMX25"]})
    staff = costs.staffing(DEFAULTS, costs.staff_rows(load("costs"), load("facility")),
                           reports)
    # 17,000-25,500 / 1,850 = 9.19-13.78.
    assert staff["per_person"]["low"] == pytest.approx(9.189, abs=1e-3)
    assert staff["per_person"]["high"] == pytest.approx(13.784, abs=1e-3)


def test_per_person_in_whole_people():
    # A floor rounds down (8.11 -> at least 8); below one, "fewer than one"; one is "one".
    assert words.per_person(8.108, None, "lower_bound") == ("at_least", 8)
    assert words.per_person(0.4, None, "lower_bound") == ("fewer", None)
    assert words.per_person(0.3, 0.3, "approx") == ("fewer", None)
    assert words.per_person(1.2, 1.2, "approx") == ("one", None)
    assert words.per_person(47.06, 47.06, "count") == ("about", 47)
    assert words.per_person(10.0, 10.0, "count") == ("exact", 10)
    assert words.per_person(9.2, 13.8, "range") == ("range", None)


def test_many_staff_never_make_zero_prisoners():
    # 20,000 + 30,000 + 1,000 staff: "more than 15,000" / 51,000 < 1: "fewer than one".
    story = computed("costs", soldiers=20000, police=30000)
    for lang, bad in (("en", "at least 0"), ("es", "unos 1")):
        said = words.sentences(story, lang)
        assert bad not in said["per_staff"], said["per_staff"]
    assert "fewer than one prisoner" in words.sentences(story, "en")["per_staff"]
    assert "(a scenario" in words.sentences(story, "en")["staff"]


# --- where each default comes from -----------------------------------------------------------

def test_provenance_flags_the_soldiers_default():
    prov = costs.provenance(DEFAULTS, load("costs"), load("facility"))
    # 600 soldiers (BBC23, CAM23, EH24 and four facility rows) but 650 in Giornale Sera.
    assert costs.differing_defaults(prov) == ["soldiers"]
    flags = costs.default_flags(prov).set_index("parameter")
    assert flags.loc["soldiers", "verdict"] == "differs"
    assert flags.loc["soldiers", "differing"] == [(650.0, "GS25")]
    assert flags.loc["police", "verdict"] == "matches"
    # 12 months: the terms' one year, in months.
    assert flags.loc["us_months", "verdict"] == "derived"
    # In words, in both languages.
    # Spanish tables name the parameter in Spanish (the id beside it) and say sí/no.
    table = words.defaults_table(computed("costs"), "es").set_index("parameter")
    assert table.loc["soldados (soldiers)", "default_vs_data"] == "difiere de 650 (GS25)"
    assert set(table["set_by_user"]) == {"no"}
    assert set(words.provenance_table(computed("costs"), "es")["matches_default"]) == {"sí", "no"}
    assert words.defaults_sentences(computed("costs"), "es")["defaults_differing"] == (
        "valores predeterminados que difieren de la cifra publicada que representan: "
        "soldados (soldiers)")
    assert words.defaults_table(computed("costs"), "en").set_index("parameter").loc[
        "us_months", "default_vs_data"] == "derived: matches the data"
    assert set(words.provenance_table(computed("costs"), "es")["role"]) == {
        "principal", "alternativa", "calculada"}
    assert "us_agreement_max_deportees 300 (EPR25)" in flags.loc["us_men", "other_figures"]
    assert not flags["set_by_user"].any()


def test_a_missing_item_is_a_data_error():
    table = load("costs")
    table = table[table["item"] != costs.TERMS_YEARS]
    with pytest.raises(DataError) as err:
        costs.us_agreement(table)
    assert err.value.file == "data/costs.csv" and err.value.column == "item"
    assert costs.TERMS_YEARS in str(err.value)


# --- the words ---------------------------------------------------------------------------------

def test_chart_words_at_the_defaults():
    story = computed("costs")
    en, es = words.texts(story, "en"), words.texts(story, "es")
    us = en["us-payment-per-month"]
    # 16 March to 18 July 2025: 124 days; the return was a swap (the data record one that day).
    assert us.title == "US grant for up to a year; Venezuelans swapped within 124 days"
    assert es["us-payment-per-month"].title == ("Subvención de EE. UU. hasta por un año; los "
                                                "venezolanos, canjeados tras 124 días como máximo")
    assert "(letter of 22 March 2025)" in us.subtitle  # long dates outside the axes
    assert "(carta del 22 de marzo de 2025)" in es["us-payment-per-month"].subtitle
    # Nothing is called announced; the grant range is whole; the per-month figure has a basis.
    for text in (en["us-payment-per-month"], es["us-payment-per-month"]):
        joined = " ".join(text.strings()).lower()
        assert "announced" not in joined and "anunciad" not in joined
        assert "times" not in joined and "veces" not in joined
    assert "US$4.76 million" in us.subtitle and "4.7–" not in us.subtitle
    assert us.note.startswith("Spread over the 238 men of the first flight and 12 months, "
                              "the grant would be US$1,667 a man a month.")
    assert "not known" in us.note and "no se sabe" in es["us-payment-per-month"].note.lower()
    assert us.labels["arrived"] == "238 arrived 16 Mar 2025"
    assert us.labels["returned"] == "252 sent to Venezuela 18 Jul 2025, swapped for 10 Americans"
    assert us.labels["band"] == "Later flights: exact count unknown"
    # The construction chart tells the reserve and the one document; nothing per place.
    built = en["construction-cost"]
    # The one document shows a budget, not what was spent: the title says so.
    assert built.title == "CECOT's cost was kept secret; the only budget seen: US$135.35 million"
    # Reserved on 22 December 2022 for two years, to December 2024; nothing found since.
    assert built.subtitle == ("Classified for two years from 22 December 2022; no report found "
                              "says whether that was lifted or extended in December 2024")
    assert built.labels["values"] == ["US$135.35 million", "US$115 million", "US$100 million"]
    assert built.labels["bars"][2].startswith("Building only: said by Costa Rica's president "
                                              "Chaves (per Radio YSKL) or Bukele (per "
                                              "PerúCheck)")
    assert "Bukele" in built.labels["bars"][1]
    assert es["construction-cost"].labels["bars"][2].startswith(
        "Solo la obra: según el presidente de Costa Rica, Chaves (Radio YSKL), o según Bukele "
        "(PerúCheck)")
    assert all("per place" not in s for s in built.strings())
    assert es["construction-cost"].title == ("El costo del CECOT se declaró reservado; el único "
                                              "presupuesto conocido es de US$135.35 millones")
    assert "custodio" not in " ".join(es["us-payment-per-month"].strings()
                                      + es["construction-cost"].strings())


def test_sentences_at_the_defaults():
    said = words.sentences(computed("costs"), "en")
    assert said["us_rate"] == ("The letter's US$4.76 million is US$20,000 for each of the 238 "
                               "men of the first flight, the yearly cost per prisoner in AP's "
                               "account of the memos.")
    assert "17 March 2025" in said["us_six_million"] and "AP's account" in said["us_six_million"]
    assert said["us_held"].startswith("The first flight, on 16 March 2025, brought 238 "
                                      "Venezuelans, and later flights (30 March and 12 April "
                                      "2025) 14 more")
    assert said["staff"] == ("About 1,850 people guard and run CECOT, as BBC Mundo and others "
                             "report: about 1,000 prison staff under its director, 600 soldiers "
                             "(650 in one report) and 250 police officers.")
    assert said["us_held"].endswith("all 252 were sent to Venezuela on 18 July 2025 in a prisoner "
                                    "swap for 10 Americans held there: the first 238 after 124 "
                                    "days in CECOT, the others after fewer.")
    # The head count is the latest the shared rule lets carry a headline, named with its outlet
    # and date: about 20,000 (December 2025, the director to Folha de S.Paulo; AFP's repeated
    # "about 15,000" of 12 December 2025 is not a count): 20,000 / 1,850 = 10.8, about 11.
    latest = computed("costs").numbers["staff"]["latest"]
    reports = headcounts.in_people(headcounts.reports())
    worthy = reports[headcounts.headline_worthy(reports)]
    assert latest["date"] == worthy["date"].max().date().isoformat()
    assert latest["population_low"] == 20000
    assert ("(about 20,000 people, El Dínamo, December 2025) that is about 11 prisoners for "
            "each of them") in said["per_staff"], said["per_staff"]
    assert said["per_staff"].startswith("At the latest reported head count (")
    assert "no such figure for another prison" in said["per_staff"]
    assert "Zacatecoluca, Apanteos and Izalco" in said["family"]
    assert "no source reports such a charge at CECOT" in said["family"]
    es = words.sentences(computed("costs"), "es")
    assert "empleados penitenciarios" in es["staff"] and "custodio " not in es["staff"]
    assert "«aproximadamente 6 millones de dólares»" in es["us_six_million"]


def test_the_page_has_its_own_headline_and_sentences():
    numbers = tidy(computed("costs").numbers)
    for lang in ("en", "es"):
        page = words.page(numbers, lang)
        titles = {t.title for t in words.texts(computed("costs"), lang).values()}
        assert page.headline not in titles and page.headline.replace("\u2060", "") not in titles
        assert len(page.key_numbers) == 7 and 4 <= len(page.methodology) <= 7
        # The key numbers give what the headline does not: not the grant, nor the 124 days.
        assert not any(fact in k for k in page.key_numbers
                       for fact in ("4.76", "124 d")), page.key_numbers
        # Key numbers are sentences, not paragraphs.
        assert all(len(k.split()) <= 35 and k.replace("EE. UU.", "EEUU").count(". ") == 0
                   for k in page.key_numbers), \
            page.key_numbers
        # A caveat once: what a chart's note says (the per-month figure's basis, the
        # construction figures) is not said again on the page.
        notes = [t.note for t in words.texts(computed("costs"), lang).values()]
        assert len(page.caveats) == 1
        for text in page.caveats + page.key_numbers:
            assert "1,646" not in text and "verif" not in text, text
        assert not any(note in text for note in notes for text in page.strings())
        assert page.context and page.standfirst
        for text in page.strings():
            assert "None" not in text and "nan" not in text and "_" not in text, text
    page = words.page(numbers, "en")
    assert "31 January 2023" in page.context and "27 March 2022" in page.context
    # The men were sent to Venezuela in a prisoner swap after at most 124 days (N4 in Spanish).
    assert page.headline == ("The US granted US$4.76 million to hold Venezuelans at CECOT for up "
                             "to a year; within 124 days a prisoner swap sent them home")
    assert words.page(numbers, "es").headline.endswith(
        "hasta por un año; en 124 días como máximo, un canje los devolvió a Venezuela")
    # Human Rights Watch and Cristosal's report, cited and on the page's source line.
    assert "Human Rights Watch and Cristosal, who interviewed 40 of them" in page.context
    assert "HRW25b" in page.source_ids and "HRW25" not in page.source_ids
    # The grant in the headline is the letter's own figure.
    assert "US$4.76 million" in page.headline


# --- other parameters, the committed run, the command line -----------------------------------

def test_committed_numbers_are_the_default_run():
    numbers = read_numbers(paths.ROOT, "costs")
    assert numbers["parameters"] == {k: v for k, v in DEFAULTS.items()
                                     if k not in ("lang", "output_dir")}
    figure = numbers["us_grant_per_man_month_usd"]
    assert (figure["low"], figure["high"]) == (pytest.approx(1666.666667),
                                                pytest.approx(1666.666667))
    assert numbers["us_agreement"]["days_held_longest"] == 124
    assert numbers["construction"]["budget_usd"] == 135349546.5
    assert numbers["staff"]["total"] == 1850


@pytest.mark.parametrize("args, fragment", [
    (["-p", "us_men", "0"], "parameter 'us_men'"),
    (["-p", "us_months", "121"], "parameter 'us_months'"),
    (["-p", "us_months", "12.5"], "parameter 'us_months'"),
    (["-p", "soldiers", "-1"], "parameter 'soldiers'"),
    (["-p", "prison_staff", "0", "-p", "soldiers", "0", "-p", "police", "0"],
     "parameter 'police'"),  # checked in the run
    (["-p", "us_detainees", "238"], "parameter 'us_detainees'"),
])
def test_bad_parameters_stop_the_build_and_write_nothing(tmp_path, args, fragment):
    out = tmp_path / "out"
    before = snapshot(paths.FIGURES / "costs")
    result = run_cli("build", "costs", *args, "--output", str(out))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == {}
    assert snapshot(paths.FIGURES / "costs") == before


def test_the_charts_draw_in_the_table_of_meanings():
    # Men held in CECOT's colour, the grant's terms in the colour of a capacity (dashed); the
    # budget from a document in the official colour, the figures said aloud grey and hatched.
    from matplotlib.colors import to_hex

    from cecot import style
    from cecot.stories.costs import charts

    story = computed("costs")
    text = words.texts(story, "en")
    frame, _ = charts.us_payment_per_month(story, text["us-payment-per-month"], style.NARROW)
    faces = {to_hex(p.get_facecolor(), keep_alpha=False) for p in frame.ax.patches}
    assert faces == {style.colour("cecot").lower()}
    lines = {to_hex(line.get_color()) for line in frame.ax.lines}
    assert lines == {style.colour("standard").lower()}
    frame.fig.clf()
    frame, _ = charts.construction_cost(story, text["construction-cost"], style.NARROW)
    bars = frame.ax.patches
    assert to_hex(bars[0].get_facecolor(), keep_alpha=False) == style.colour("official").lower()
    assert {to_hex(p.get_facecolor(), keep_alpha=False) for p in bars[1:]} == \
        {style.colour("not_established").lower()}
    assert all(p.get_hatch() for p in bars[1:]) and not bars[0].get_hatch()
    frame.fig.clf()


def test_the_phone_construction_axis_ends_at_the_tick_after_the_top_bar():
    # The largest figure is US$135.35 million; ticks every 50 (three steps on a phone) end at
    # 150, computed from the data: the values sit above their bars, not at their tips.
    from cecot import style
    from cecot.stories.costs import charts

    story = computed("costs")
    text = words.texts(story, "en")["construction-cost"]
    frame, _ = charts.construction_cost(story, text, style.NARROW)
    assert frame.ax.get_xlim() == (0, 150)
    assert list(frame.ax.get_xticks()) == [0, 50, 100, 150]
    frame.fig.clf()
    frame, _ = charts.construction_cost(story, text, style.FULL)
    assert frame.ax.get_xlim()[1] > 150  # the desktop keeps its values at the bars' tips
    frame.fig.clf()


def test_the_lighter_band_is_in_the_legend():
    from cecot import style
    from cecot.stories.costs import charts

    from legends import mismatches

    story = computed("costs")
    for lang in ("en", "es"):
        text = words.texts(story, lang)["us-payment-per-month"]
        for size in style.SIZES:
            frame, _ = charts.us_payment_per_month(story, text, size)
            shown = [t.get_text() for legend in frame.fig.legends for t in legend.get_texts()]
            assert text.labels["band"] in shown, shown
            assert mismatches(frame.fig) == []
            frame.fig.clf()


def test_the_spanish_page_says_a_span_of_days_as_an_editor_would():
    page = words.page(computed("costs").numbers, "es")
    said = " ".join(page.key_numbers)
    # The letter and the flights in plain Spanish, each date once with its year.
    assert "preveía unos 300 hombres." in said, said
    assert "llegaron el 16 de marzo de 2025" in said, said
    assert "de 2025 al" not in said
