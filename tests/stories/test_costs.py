"""The costs story: arithmetic against values worked out by hand, where each parameter's
default comes from, and runs through the command line with other parameters."""

from __future__ import annotations

import pandas as pd
import pytest

from cecot import params, paths
from cecot.data import load
from cecot.errors import DataError, ParameterError
from cecot.sources import published_as_of
from cecot.stories.costs import compute as costs
from cecot.stories.costs import words

from conftest import computed, read_numbers, run_cli, snapshot

DEFAULTS = params.defaults("costs")


# --- arithmetic ----------------------------------------------------------------------------------

def test_family_payment_per_year():
    # US$170 a month x 12 = US$2,040 a year.
    assert costs.per_year(170) == 2040


def test_us_payment_per_detainee():
    # US$6,000,000 / 300 = US$20,000 a year (AP's own "about US$20,000"); / 12 = 1,666.67.
    year = costs.per_detainee(6_000_000, 300)
    assert year == 20000
    assert costs.per_month(year) == pytest.approx(1666.67, abs=0.01)
    # 238 Venezuelans: 6,000,000 / 238 = 25,210.08 a year, 2,100.84 a month.
    assert costs.per_detainee(6_000_000, 238) == pytest.approx(25210.08, abs=0.01)
    with pytest.raises(ValueError):
        costs.per_detainee(6_000_000, 0)


def test_cost_per_place():
    # US$100,000,000 / 40,000 = US$2,500; / 20,480 = US$4,882.8125.
    assert costs.cost_per_place(1e8, 40000) == 2500
    assert costs.cost_per_place(1e8, 20480) == pytest.approx(4882.8125)
    with pytest.raises(ValueError):
        costs.cost_per_place(1e8, 0)


def test_prisoners_per_guard():
    # 40,000 / (600 + 250) = 47.06; 15,000 / 850 = 17.65.
    assert costs.prisoners_per_guard(40000, 600, 250) == pytest.approx(47.0588, abs=1e-4)
    assert costs.prisoners_per_guard(15000, 600, 250) == pytest.approx(17.647, abs=1e-3)
    # 650 soldiers (Giornale Sera, 2025): 40,000 / 900 = 44.44.
    assert costs.prisoners_per_guard(40000, 650, 250) == pytest.approx(44.444, abs=1e-3)
    with pytest.raises(ValueError):
        costs.prisoners_per_guard(40000, 0, 0)


def test_soldiers_and_police_cannot_both_be_zero():
    with pytest.raises(ParameterError) as err:
        params.validate("costs", {"soldiers": 0, "police": 0}, costs.parameter_problem)
    assert "'police'" in str(err.value) and "soldiers + police" in str(err.value)
    params.validate("costs", {"soldiers": 0}, costs.parameter_problem)  # police alone do


def test_family_parts_add_up():
    parts = costs.family_parts(load("costs"))
    # 35 food + 15 hygiene + 30 clothing + 20 cleaning + 70 miscellaneous = 170.
    assert dict(zip(parts["part"], parts["usd_per_month"])) == {
        "food": 35, "hygiene": 15, "clothing": 30, "area_cleaning": 20, "miscellaneous": 70}
    check = costs.parts_check(parts, 170, 170)
    assert check["parts_sum_usd"] == 170 and check["matches_reported_total"]
    # A different total used: the parts (as reported) no longer match it.
    assert not costs.parts_check(parts, 170, 150)["matches_parameter"]


def test_headline_at_the_defaults():
    numbers = costs.headline(DEFAULTS, load("costs"))
    assert numbers["family_payment_monthly_usd"] == 170
    assert numbers["family_payment_yearly_usd"] == 2040
    assert numbers["us_payment_per_detainee_year_usd"] == 20000
    assert numbers["us_payment_per_detainee_month_usd"] == pytest.approx(1666.6667, abs=1e-4)
    # The family payment is never divided into the US payment: a different thing.
    assert "us_payment_vs_family_payment" not in numbers
    assert numbers["us_paid_court_filing_usd"] == {"low": 4_700_000, "high": 4_760_000}
    place = numbers["cost_per_place_usd"]
    assert place["status"] == "unverified"
    assert place["at_capacity"] == {"capacity": 40000, "value": 2500}
    assert place["at_alt_capacity"]["value"] == pytest.approx(4882.8125)


def test_staffing_keeps_ranges_and_lower_bounds():
    reports = pd.DataFrame({
        "report_id": ["a", "b", "c"],
        "date": pd.to_datetime(["2024-01-01", "2024-11-01", "2025-04-18"]),
        "date_precision": ["day"] * 3, "kind": ["count", "range", "lower_bound"],
        "low": [8500.0, 17000.0, 15000.0], "high": [8500.0, 25500.0, 15000.0],
        "unit": ["people"] * 3, "source_id": ["X", "Y", "Z"]})
    staff, table = costs.staffing(DEFAULTS, reports)
    table = table.set_index("report_id")
    # 8,500 / 850 = 10; 17,000-25,500 / 850 = 20-30; "more than 15,000" / 850 >= 17.65.
    assert table.loc["a", "per_guard_low"] == 10
    assert (table.loc["b", "per_guard_low"], table.loc["b", "per_guard_high"]) == (20, 30)
    assert pd.isna(table.loc["c", "per_guard_high"])
    assert staff["latest"]["report_id"] == "c" and staff["latest"]["high"] is None
    assert staff["latest"]["low"] == pytest.approx(17.647, abs=1e-3)
    # At the alternative capacity: 20,480 / 850 = 24.09.
    assert staff["at_alt_capacity"]["value"] == pytest.approx(24.094, abs=1e-3)


# --- where each default comes from -----------------------------------------------------------

def test_provenance_flags_the_soldiers_default():
    prov = costs.provenance(DEFAULTS, load("costs"), load("facility"))
    # 600 soldiers (BBC23, CAM23) but 650 in Giornale Sera (GS25): the one default the data
    # contradicts.
    assert costs.differing_defaults(prov) == ["soldiers"]
    flags = costs.default_flags(prov).set_index("parameter")
    assert flags.loc["soldiers", "default_vs_data"] == "DIFFERS from 650 (GS25)"
    assert flags.loc["police", "default_vs_data"] == "matches the data"
    # No row states 300 detainees: AP's US$6,000,000 / AP's US$20,000 each = 300.
    assert flags.loc["us_detainees", "default_vs_data"] == "derived: matches the data"
    # The amount actually paid is another reported figure, not a contradiction.
    assert "4,760,000 (CRT25" in flags.loc["us_payment_usd", "other_figures"]
    assert "115,000,000 (YSKL24, unverified)" in \
        flags.loc["construction_cost_usd", "other_figures"]
    assert not flags["set_by_user"].any()


def test_provenance_notices_a_value_set_by_the_user():
    given = dict(DEFAULTS, us_detainees=238)
    prov = costs.provenance(given, load("costs"), load("facility"))
    flags = costs.default_flags(prov).set_index("parameter")
    assert flags.loc["us_detainees", "set_by_user"]
    # The defaults are judged, not the values a reporter tries.
    assert costs.differing_defaults(prov) == ["soldiers"]
    # 238 matches no row behind the parameter: it cites no source.
    assert "AP25b" not in costs.parameter_sources(prov, "us_detainees")
    assert costs.parameter_sources(prov, "police") == ["BBC23", "CAM23", "GS25"]


def test_a_missing_item_is_a_data_error():
    table = load("costs")
    table = table[table["item"] != costs.FAMILY_TOTAL]
    with pytest.raises(DataError) as err:
        costs.headline(DEFAULTS, table)
    assert err.value.file == "data/costs.csv" and err.value.column == "item"
    assert costs.FAMILY_TOTAL in str(err.value)


def test_published_as_of_uses_the_latest_source_date():
    # Infobae's original (INF23) is dated only to the month, February 2023 (the copy read was
    # republished on 20 February); AP25b 2025-03-15.
    assert published_as_of(["INF23"]) == "2023-02"
    assert published_as_of(["INF23", "AP25b"]) == "2025-03-15"


# --- other parameters (computed in-process) --------------------------------------------------

OTHER = dict(us_detainees=238, capacity=20000, soldiers=650, construction_cost_usd=115000000.0,
             family_payment_usd=150.0)


def test_costs_with_other_parameters():
    story = computed("costs", **OTHER)
    numbers = story.numbers
    assert numbers["parameters"]["us_detainees"] == 238
    # 6,000,000 / 238 = 25,210.08 a year; / 12 = 2,100.84 a month.
    assert numbers["us_payment_per_detainee_year_usd"] == pytest.approx(25210.084, abs=1e-3)
    assert numbers["us_payment_per_detainee_month_usd"] == pytest.approx(2100.840, abs=1e-3)
    # What was paid for the months held does not depend on the announced terms; only its
    # ratio to them does: 4,636.6 / 2,100.84 = 2.21 to 4,909.1 / 2,100.84 = 2.34.
    held = numbers["us_paid_per_man_month_held_usd"]
    assert held["times_announced_low"] == pytest.approx(held["low"] / 2100.840, rel=1e-6)
    assert held["times_announced_low"] == pytest.approx(2.207, abs=1e-3)
    place = numbers["cost_per_place_usd"]
    # 115,000,000 / 20,000 = 5,750; / 20,480 = 5,615.234375.
    assert place["at_capacity"] == {"capacity": 20000, "value": 5750}
    assert place["at_alt_capacity"]["value"] == pytest.approx(5615.234375)
    # 20,000 / (650 + 250) = 22.22.
    staff = numbers["prisoners_per_guard"]
    assert staff["guards"] == 900
    assert staff["at_capacity"]["value"] == pytest.approx(22.2222, abs=1e-4)
    # US$150 a month: 1,800 a year; the reported parts still add up to 170, not 150.
    assert numbers["family_payment_monthly_usd"] == 150
    assert numbers["family_payment_yearly_usd"] == 1800
    assert numbers["family_payment_parts_sum_usd"] == 170
    assert numbers["family_payment_parts_match_parameter"] is False
    # The family chart then shows the parts, the reported total and the total used.
    assert list(story.tables["family-payment"]["item"])[-2:] == ["reported_total", "parameter"]
    place_text = words.texts(story, "es")["cost-per-place"]
    # The title leads with what is known (no published cost); the figure is conditional.
    assert place_text.title == ("El costo del CECOT no se ha publicado; si los US$115 millones "
                                "sin verificar son ciertos, son US$5,750 por plaza")
    # The family title keeps the reported US$170 (where it was reported: not CECOT); the
    # US$150 used is a scenario, said so in the subtitle and drawn as a line.
    family = words.texts(story, "en")["family-payment"]
    assert family.title == ("Relatives said they had to pay US$170 a month per prisoner, at "
                            "other prisons, not at CECOT")
    assert family.variants["subtitle"] == "scenario"
    assert "The US$150 a month used here is a scenario: US$1,800 a year" in family.subtitle
    assert family.labels["scenario"] == "US$150 used here (scenario)"
    # US$115 million is a reported claim (with equipment, 2024): the subtitle says whose.
    assert place_text.variants["subtitle"] == "claim"
    assert "US$115 millones" in place_text.subtitle and "(2024)" in place_text.subtitle


def test_a_construction_cost_nobody_reported_is_a_scenario():
    text = words.texts(computed("costs", construction_cost_usd=90000000.0), "en")
    assert text["cost-per-place"].variants["subtitle"] == "scenario"
    assert text["cost-per-place"].subtitle.startswith(
        "Construction cost divided by capacity. US$90 million is a scenario")
    assert "100 million" not in text["cost-per-place"].subtitle


def test_chart_words_at_the_defaults():
    story = computed("costs")
    en, es = words.texts(story, "en"), words.texts(story, "es")
    # The US$170 was reported for Zacatecoluca, Apanteos and Izalco, never for CECOT.
    family = en["family-payment"]
    assert family.title == ("Relatives said they had to pay US$170 a month per prisoner, at "
                            "other prisons, not at CECOT")
    assert "Zacatecoluca, Apanteos and Izalco" in family.subtitle
    assert "US$2,040 a year" in family.subtitle and family.variants["subtitle"] == "reported"
    assert "NOT" not in " ".join(family.strings())  # said plainly, not shouted
    assert es["family-payment"].title.endswith("en otros penales, no en el CECOT")
    # The cost per place is conditional on an unverified claim: 1e8 / 40,000 = 2,500.
    place = en["cost-per-place"]
    assert place.title == ("CECOT's cost is unpublished; if the unverified "
                           "US$100 million is right, it is US$2,500 per place")
    assert place.labels["unverified"] == "Unverified cost"
    # Prisoners per guard at the latest report: "more than 15,000" / 850 = more than 17.65,
    # rounded down to whole people, "at least 17"; the stated capacity, never a headline:
    # 40,000 / 850 = 47.06, "about 47", in the subtitle.
    guard = en["prisoners-per-guard"]
    assert guard.variants["title"] == "at_least"
    assert guard.title == ("At least 17 prisoners per soldier or police officer at CECOT's "
                           "latest reported head count")
    assert "capacity" not in guard.title
    assert guard.subtitle.endswith("at the stated capacity of 40,000 it would be about 47")
    assert guard.labels["lines"]["at_alt_capacity"] == "Design estimate (20,480): about 24"
    assert guard.labels["latest"] == "Latest report: at least 17"
    assert es["prisoners-per-guard"].title.startswith("Al menos 17 presos por soldado o policía")
    assert "«Más de»" in es["prisoners-per-guard"].labels["kinds"]["lower_bound"]


def test_per_guard_in_whole_people():
    # A floor rounds down (17.65 -> at least 17), a range outwards (11.76-23.53 -> 11-24),
    # anything else to the nearest (47.06 -> about 47; 10 -> 10).
    assert words.per_guard(17.647, None, "lower_bound", "en") == ("at_least", "17")
    assert words.per_guard(11.765, 23.529, "range", "en") == ("range", "11–24")
    assert words.per_guard(47.0588, 47.0588, "count", "en") == ("about", "47")
    assert words.per_guard(10.0, 10.0, "count", "en") == ("exact", "10")


def test_the_charts_draw_in_the_palette_only():
    # Every filled or stroked mark of the four charts, at both sizes, is a PALETTE colour (or
    # the text and axis greys, white, and the palette's colours lightened by alpha).
    from matplotlib.colors import to_hex

    from cecot import style
    from cecot.stories.costs import charts

    story = computed("costs")
    allowed = {to_hex(c) for c in list(style.PALETTE.values())
               + [style.INK, style.MUTED, style.GRID, "white", "black"]}
    for chart_id, text in words.texts(story, "en").items():
        for size in style.SIZES:
            frame, _ = charts.DRAW[chart_id](story, text, size)
            for ax in frame.fig.axes:
                for patch in ax.patches:
                    assert to_hex(patch.get_facecolor(), keep_alpha=False) in allowed, chart_id
                for line in ax.lines:
                    if line.get_linestyle() == "None":  # a marker: its own colours
                        drawn = [line.get_markeredgecolor(), line.get_markerfacecolor()]
                    else:
                        drawn = [line.get_color()]
                    assert {to_hex(c) for c in drawn} <= allowed, chart_id
            frame.fig.clf()
    # The unverified cost is drawn in the unverified colour; the family payment, a press
    # report, in the press colour.
    cost, _ = charts.cost_per_place(story, words.texts(story, "en")["cost-per-place"],
                                    style.NARROW)
    assert {to_hex(p.get_facecolor(), keep_alpha=False) for p in cost.ax.patches} == \
        {style.PALETTE["unverified"].lower()}
    family, _ = charts.family_payment(story, words.texts(story, "en")["family-payment"],
                                      style.NARROW)
    assert {to_hex(p.get_facecolor(), keep_alpha=False) for p in family.ax.patches} == \
        {style.PALETTE["press"].lower()}


def test_committed_numbers_are_the_default_run():
    numbers = read_numbers(paths.ROOT, "costs")
    assert numbers["family_payment_monthly_usd"] == 170
    assert numbers["us_payment_per_detainee_month_usd"] == pytest.approx(1666.666667)
    assert numbers["cost_per_place_usd"]["at_capacity"]["value"] == 2500
    assert numbers["prisoners_per_guard"]["at_capacity"]["value"] == pytest.approx(47.058824)
    latest = numbers["prisoners_per_guard"]["latest"]
    assert (latest["report_id"], latest["kind"], latest["high"]) == ("P031", "lower_bound", None)


@pytest.mark.parametrize("args, fragment", [
    (["-p", "us_detainees", "0"], "parameter 'us_detainees'"),
    (["-p", "capacity", "40000.5"], "parameter 'capacity'"),
    (["-p", "us_payment_usd", "six million"], "parameter 'us_payment_usd'"),
    (["-p", "soldiers", "-1"], "parameter 'soldiers'"),
    (["-p", "soldiers", "0", "-p", "police", "0"], "parameter 'police'"),  # checked in the run
    (["-p", "detainees", "238"], "parameter 'detainees'"),
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


def test_parameter_problem():
    assert costs.parameter_problem(dict(DEFAULTS)) is None
    assert costs.parameter_problem(dict(DEFAULTS, soldiers=0, police=0))[0] == "police"


# --- the US payment, like for like -------------------------------------------------------------

def test_paid_per_man_month_for_the_months_actually_held():
    held = costs.paid_per_man_month(load("costs"))
    # The court filing's US$4.76 million, for the 238 to 252 Venezuelans held from their
    # arrival on 16 March 2025 to their return on 18 July 2025: 124 days, 124 / 30.4375 =
    # 4.0739 months. 4,760,000 / 252 / 4.0739 = 4,636.6; 4,760,000 / 238 / 4.0739 = 4,909.3.
    assert held["paid_usd"] == 4_760_000 and "CRT25" in held["source_ids"]
    assert (held["men_low"], held["men_high"]) == (238, 252)
    assert (held["arrived"], held["returned"], held["days_held"]) == ("2025-03-16",
                                                                       "2025-07-18", 124)
    assert held["months_held"] == pytest.approx(4.0739, abs=1e-4)
    assert held["low"] == pytest.approx(4636.6, abs=0.1)
    assert held["high"] == pytest.approx(4909.3, abs=0.1)


def test_the_us_payment_chart_compares_one_payment_with_itself():
    story = computed("costs")
    data = story.tables["us-payment-per-month"]
    assert list(data["bar"]) == ["announced", "paid_for_months_held"]
    # Announced: 6,000,000 / 300 / 12 = 1,666.67; paid per man-month held: 4,636.6-4,909.3,
    # 2.78 to 2.95 times as much.
    text = words.texts(story, "en")["us-payment-per-month"]
    assert text.variants["title"] == "more"
    assert text.title == ("Per man actually held, the US paid US$4,637–4,909 a month, "
                          "2.8–2.9 times the announced rate")
    assert "family" not in " ".join(text.strings()).lower()
    # Announced terms above what was paid per month held: the title says so.
    cheap = words.texts(computed("costs", us_payment_usd=60_000_000.0), "en")
    assert cheap["us-payment-per-month"].variants["title"] == "less"
