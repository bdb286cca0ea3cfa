"""The density arithmetic, against values worked out by hand."""

import pandas as pd
import pytest

from cecot import params
from cecot.errors import ParameterError
from cecot.stories.density import compute as density
from cecot.stories.density import words

from conftest import computed


def test_space_per_person_at_stated_capacity():
    # 40,000 people in 256 cells: 156.25 per cell; a 100 m² cell / 156.25 = 0.64 m² each.
    assert density.space_per_person(100, density.people_per_cell(40000, 256)) == \
        pytest.approx(0.64)


def test_space_per_person_at_half_capacity():
    # 20,000 / 256 = 78.125 per cell; 100 / 78.125 = 1.28 m².
    assert density.space_per_person(100, 78.125) == pytest.approx(1.28)


def test_people_per_cell():
    # 40,000 / 256 = 156.25; 20,000 / 256 = 78.125.
    assert density.people_per_cell(40000, 256) == 156.25
    assert density.people_per_cell(20000, 256) == 78.125


def test_people_within_guideline_rounds_down_to_whole_people():
    # 25,600 / 3.4 = 7,529.4...: 7,529 whole people.
    assert density.people_within_guideline(25600, 3.4) == 7529
    # 100 m² cell / 3.4 = 29.4: 29 people.
    assert density.people_within_guideline(100, 3.4) == 29
    # Exact multiples are not lost to floating point: 34 / 3.4 = 10.
    assert density.people_within_guideline(34, 3.4) == 10


def test_guideline_ratio():
    # The ICRC asks 3.4 / 0.64 = 5.3125 times the space each person has.
    assert density.guideline_ratio(3.4, 0.64) == pytest.approx(5.3125)


def test_headline_at_capacity():
    numbers = density.headline(40000, 256, 100.0, 3.4)
    assert numbers["people_per_cell"] == 156.25
    assert numbers["m2_per_person"] == pytest.approx(0.64)
    assert numbers["floor_m2"] == 25600  # 256 cells x 100 m²
    assert numbers["guideline_ratio"] == pytest.approx(5.3125)
    assert numbers["people_within_guideline"] == 7529
    assert numbers["people_per_cell_within_guideline"] == 29


def test_the_scale_bar_is_a_round_length_that_fits():
    # A 100 m² cell is 10 m a side: a 10 m bar; 92.9 m² is 9.6 m: 5 m; 1,000 m² (31.6 m): 20 m.
    assert density.scale_bar_m(10.0) == 10
    assert density.scale_bar_m(92.9 ** 0.5) == 5
    assert density.scale_bar_m(1000 ** 0.5) == 20


def test_the_reported_figure_is_the_ft_estimate_not_a_recomputation():
    story = computed("density")
    assert story.numbers["ft_estimate"] == {"m2_per_person": 0.6, "population": 40000}
    bars = story.tables["space-vs-standards"].set_index("id")
    assert bars.loc["ft_estimate_at_capacity", "kind"] == "reported_estimate"
    assert "FT23" in story.sources["space-vs-standards"]


@pytest.mark.parametrize("call", [
    lambda: density.space_per_person(100, 0),
    lambda: density.people_per_cell(100, 0),
    lambda: density.people_within_guideline(100, 0),
])
def test_impossible_inputs_raise(call):
    with pytest.raises(ValueError):
        call()


def test_standards_table_orders_and_counts():
    standards = pd.DataFrame({
        "standard_id": ["cpt_multiple", "icrc_shared"], "body": ["CPT", "ICRC"],
        "setting": ["shared", "shared"], "m2_per_person": [4.0, 3.4],
        "status": ["primary", "secondary"], "source_id": ["CPT15", "ICRC-a"],
    })
    table = density.standards_table(0.64, 25600, 40000, standards)
    assert list(table["standard_id"]) == ["icrc_shared", "cpt_multiple"]
    # CPT: 25,600 / 4 = 6,400 people; 40,000 - 6,400 = 33,600 above the standard.
    cpt = table.set_index("standard_id").loc["cpt_multiple"]
    assert cpt["people_within_standard"] == 6400
    assert cpt["people_above_standard"] == 33600
    assert cpt["ratio_standard_to_actual"] == pytest.approx(4 / 0.64)


def _reports():
    return pd.DataFrame({
        "report_id": ["a", "b", "c", "d"],
        "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2025-01-01"]),
        "date_precision": ["day", "day", "day", "year"],
        "kind": ["count", "range", "lower_bound", "lower_bound"],
        "low": [12800.0, 10000.0, 16000.0, 25000.0], "high": [12800.0, 20000.0, None, None],
        "source_id": ["AP23", "CNN25b", "MP25", "TT25"],
    })


def test_observed_space_keeps_ranges_and_lower_bounds():
    table = density.observed(_reports(), 256, 100.0).set_index("report_id")
    # 12,800 / 256 = 50 per cell: 100 / 50 = 2 m² each.
    assert table.loc["a", "m2_per_person_low"] == table.loc["a", "m2_per_person_high"] == 2
    # A range stays a range: 20,000 people give 1.28 m², 10,000 give 2.56 m².
    assert table.loc["b", "m2_per_person_low"] == pytest.approx(1.28)
    assert table.loc["b", "m2_per_person_high"] == pytest.approx(2.56)
    # "More than 16,000" (62.5 per cell) gives a ceiling on space, 1.6 m², and no floor.
    assert table.loc["c", "m2_per_person_high"] == pytest.approx(1.6)
    assert pd.isna(table.loc["c", "m2_per_person_low"])
    # A report known only to the year, from an opinion column, never carries a headline.
    assert not table.loc["d", "headline_worthy"] and table.loc["c", "headline_worthy"]


def test_reports_against_the_guideline():
    table = density.observed(_reports(), 256, 100.0)
    # Against 1.6 m²: a (2 m²) at least; c (at most 1.6) and d (at most 1.02) less... c's
    # ceiling equals 1.6, so it is not below: "cannot tell"; b (1.28-2.56) straddles.
    counts = density.against_guideline(table, 1.6)
    assert (counts["at_least"], counts["below"], counts["cannot_tell"]) == (1, 1, 2)
    assert counts["at_least_dates"] == [["2024-01-01", "day"]]
    # The most space any report allows: b's 2.56 m² (10,000 people).
    assert counts["most_space"]["report_id"] == "b"
    # The latest report that may carry a headline is c, not the year-only column d.
    assert density.latest_observed(table)["report_id"] == "c"


def test_the_yardstick_follows_the_parameter():
    standards = pd.DataFrame({"standard_id": ["icrc_shared", "cpt_multiple"],
                              "m2_per_person": [3.4, 4.0]})
    # By id; a free value equal to a standard's figure is that standard; any other is custom.
    assert density.yardstick(standards, "cpt_multiple", 0) == {
        "standard_id": "cpt_multiple", "m2_per_person": 4.0, "custom": False}
    assert density.yardstick(standards, "icrc_shared", 4.0)["standard_id"] == "cpt_multiple"
    assert density.yardstick(standards, "icrc_shared", 3.9) == {
        "standard_id": None, "m2_per_person": 3.9, "custom": True}


def test_a_standard_and_a_different_free_value_contradict_each_other():
    with pytest.raises(ParameterError, match="parameter 'guideline_m2'"):
        params.validate("density", {"standard": "cpt_multiple", "guideline_m2": 3.4},
                        density.parameter_problem)
    # The same figure twice is no contradiction.
    params.validate("density", {"standard": "cpt_multiple", "guideline_m2": 4.0},
                    density.parameter_problem)
    with pytest.raises(ParameterError, match="less than one person per cell"):
        params.validate("density", {"population": 100}, density.parameter_problem)


def test_4_m2_is_the_cpt_figure_and_the_cell_chart_says_so():
    # -p guideline_m2 4 used to be labelled "ICRC guideline" (issue #13).
    story = computed("density", guideline_m2=4.0)
    assert story.numbers["guideline_standard"] == "cpt_multiple"
    text = words.texts(story, "en")["cell-to-scale"]
    assert "CPT, shared cell" in text.labels["right"] and "ICRC" not in text.title
    # 100 m² / 4 = 25 people; the chart cites the CPT's text, not the ICRC's.
    assert "25 people" in text.labels["right"]
    assert "CPT15" in story.sources["cell-to-scale"]
    assert "ICRC-b" not in story.sources["cell-to-scale"]
    custom = words.texts(computed("density", guideline_m2=3.9), "es")["cell-to-scale"]
    assert custom.labels["right"].startswith("Valor elegido:") and "CICR" not in custom.title


def test_the_bars_title_states_only_what_the_numbers_make_true():
    # 2,000 people: 7.8125 per cell, 100 / 7.8125 = 12.8 m² each, more than every standard.
    roomy = words.texts(computed("density", population=2000), "en")["space-vs-standards"]
    assert roomy.variants["title"] == "above_all" and "fraction" not in roomy.title
    # 6,400 people: 25 per cell, 4 m² each: less than ICRC single (5.4), CPT single (6), ACA.
    middle = words.texts(computed("density", population=6400), "en")["space-vs-standards"]
    assert middle.variants["title"] == "below_some.other"
    assert middle.title == ("With 6,400 held, each prisoner would have 4\u00a0m², less than 3 "
                            "of the 7 standards ask for")
    tight = words.texts(computed("density"), "en")["space-vs-standards"]
    assert tight.variants["title"] == "fraction"  # 0.64 m² is under half the smallest, 1.6
    assert tight.title.startswith("At its stated capacity of 40,000, each prisoner would have "
                                  "0.64\u00a0m²")


def test_the_observed_title_leads_with_the_last_dated_report():
    text = words.texts(computed("density"), "en")["space-at-reported-counts"]
    # The last headline-worthy report is "more than 15,000" (18 April 2025): 15,000 / 256 =
    # 58.6 per cell, at most 100 / 58.59 = 1.7067 m², written rounded up: "at most 1.71".
    assert text.title == ("At the last reported head count, each prisoner had at most "
                          "1.71\u00a0m² of cell floor, less than the ICRC's 3.4\u00a0m²")
    # Not the 2025 opinion column's "more than 25,000", known only to the year.
    assert "25,000" not in text.title


def test_the_caveat_is_true_at_4000_people():
    # The old caveat said the reported populations stay "below every standard"; at 4,000 people
    # (March 2023) each had 100 / (4,000 / 256) = 6.4 m², above the ICRC's 3.4.
    said = words.caveat(computed("density"), "en")
    assert "below every standard" not in said
    assert "At 1 of them (15 March 2023) each prisoner had at least" in said
    assert said.startswith("None of the 18 head counts reported reaches the stated capacity")


def test_people_are_whole_people():
    text = words.texts(computed("density"), "en")["cell-to-scale"]
    # 40,000 / 256 = 156.25 people per cell: "about 156".
    assert "about 156 people" in text.title and "156.25" not in text.title
    assert text.labels["left"] == "About 156 people, 0.64\u00a0m² each"
