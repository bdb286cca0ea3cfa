"""The density arithmetic, against values worked out by hand."""

import re

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


def test_the_cells_hold_whole_people_in_each_cell():
    # 29 whole people in each 100 m² cell at 3.4 m², 256 cells: 7,424, not the 7,529 of
    # the 25,600 m² taken as one floor (a reader multiplies 29 by 256).
    assert density.people_within_cells(256, 100, 3.4) == 7424 == 29 * 256
    assert density.people_within_cells(256, 100, 4) == 6400  # 25 each, no remainder


def test_guideline_ratio():
    # The ICRC asks 3.4 / 0.64 = 5.3125 times the space each person has.
    assert density.guideline_ratio(3.4, 0.64) == pytest.approx(5.3125)


def test_headline_at_capacity():
    numbers = density.headline(40000, 256, 100.0, 3.4)
    assert numbers["people_per_cell"] == 156.25
    assert numbers["m2_per_person"] == pytest.approx(0.64)
    assert numbers["floor_m2"] == 25600  # 256 cells x 100 m²
    assert numbers["guideline_ratio"] == pytest.approx(5.3125)
    assert numbers["people_within_guideline"] == 7424
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
    table = density.standards_table(0.64, 256, 100.0, 40000, standards)
    assert list(table["standard_id"]) == ["icrc_shared", "cpt_multiple"]
    # CPT: 25 a cell x 256 = 6,400 people; 40,000 - 6,400 = 33,600 above the standard.
    cpt = table.set_index("standard_id").loc["cpt_multiple"]
    assert cpt["people_within_standard"] == 6400
    assert cpt["people_above_standard"] == 33600
    # ICRC: 29 a cell (29.4 whole people) x 256 = 7,424.
    assert table.set_index("standard_id").loc["icrc_shared", "people_within_standard"] == 7424
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
    assert text.labels["right"].startswith("The CPT's shared-cell minimum:") and "ICRC" not in text.title
    # 100 m² / 4 = 25 people; the chart cites the CPT's text, not the ICRC's.
    assert "25 people" in text.labels["right"]
    assert "CPT15" in story.sources["cell-to-scale"]
    assert "ICRC-b" not in story.sources["cell-to-scale"]
    custom = words.texts(computed("density", guideline_m2=3.9), "es")["cell-to-scale"]
    assert custom.labels["right"].startswith("Los 3.9\u00a0m² elegidos:")
    assert "CICR" not in custom.title


def test_the_bars_title_states_only_what_the_numbers_make_true():
    # 2,000 people: 7.8125 per cell, 100 / 7.8125 = 12.8 m² each, more than the ICRC's 3.4
    # and more than every standard drawn.
    roomy = words.texts(computed("density", population=2000), "en")["space-vs-standards"]
    assert roomy.variants["title"] == "above" and roomy.variants["standards"] == "above_all"
    assert roomy.title == "At 2,000 prisoners: 12.8\u00a0m² each, more than the ICRC's 3.4\u00a0m²"
    # 6,400 people: 25 per cell, 4 m² each: under the ICRC's 3.4? No: 3.4 / 4 = 0.85, so more;
    # less than the ICRC single cell (5.4) and CPT single cell (6): 2 of the 6 drawn.
    middle = words.texts(computed("density", population=6400), "en")["space-vs-standards"]
    assert middle.variants["standards"] == "below_some" and middle.variants["below"] == "2"
    # 40,000: 0.64 m² each; 3.4 / 0.64 = 5.3125 > 5, so under a fifth of the ICRC minimum.
    tight = words.texts(computed("density"), "en")["space-vs-standards"]
    assert tight.variants["title"] == "fraction.5"
    # The chart draws three ICRC minimums: the title names the one it means by its figure.
    assert tight.title == ("At 40,000 prisoners: 0.64\u00a0m² each, under a fifth of the ICRC's "
                           "3.4\u00a0m²")
    spanish = words.texts(computed("density"), "es")["space-vs-standards"]
    assert spanish.title.endswith("menos de una quinta parte de los 3.4\u00a0m² del CICR")
    # The ACA figure, read only on a legal-explainer site (unverified), is not drawn.
    assert "aca_single" not in set(computed("density").tables["space-vs-standards"]["id"])
    assert "ACA-l" not in computed("density").sources["space-vs-standards"]


def test_the_observed_title_states_since_when_every_figure_is_below_the_icrc():
    text = words.texts(computed("density"), "en")["space-at-reported-counts"]
    # March 2023: 4,000 / 256 = 15.6 per cell, 100 / 15.625 = 6.4 m², above 3.4. From 21
    # August 2023 (12,114: 2.11 m²) to December 2025 (about 20,000, the director to Folha de
    # S.Paulo: 1.28 m²) every figure that may carry a headline gives less than 3.4 m²; the
    # widest, CNN's 10,000-20,000 of March 2025, gives at most 100 / 39.06 = 2.56 m².
    assert text.variants["title"] == "since.below"
    assert text.title == "Since August 2023, prisoners have averaged under the ICRC's 3.4\u00a0m²"
    # The latest is named with its date (AFP's "about 15,000" repeated on 12 December 2025 is
    # not a new count: grey, never the latest); the opinion column's undated "more than 25,000"
    # (its date only inferred: P032, flagged date_inferred) is set aside, not drawn or said.
    assert text.labels["latest"] == "December 2025: about 20,000 people"
    assert "25,000" not in text.title + text.note and "opinion column" not in text.note
    assert "opinion" not in text.labels["kinds"]
    assert "P032" not in set(computed("density").tables["space-at-reported-counts"]["report_id"])


def test_the_caveat_is_true_at_4000_people():
    # The old caveat said the reported populations stay "below every standard"; at 4,000 people
    # (March 2023) each had 100 / (4,000 / 256) = 6.4 m², above the ICRC's 3.4.
    said = words.sentences(computed("density"), "en")
    assert "below every standard" not in said["standard"]
    assert said["standard"].startswith("At one of them (15 March 2023) prisoners had at "
                                       "least")
    # 24 figures in people (AFP's repeated "about 15,000" of December 2025 is not a count, and
    # the opinion column's undated "more than 25,000" is set aside).
    assert said["full"] == ("None of the 24 population figures published reaches 40,000, the "
                            "capacity the government gives.")
    # 20,000 / 256 = 78.125 per cell; 100 / 78.125 = 1.28 m².
    assert said["latest"].startswith("The latest figure, about 20,000 people (December "
                                     "2025), gives 1.28\u00a0m² per person")


def test_people_are_whole_people():
    text = words.texts(computed("density"), "en")["cell-to-scale"]
    # 40,000 / 256 = 156.25 people per cell: "about 156".
    assert "about 156 per cell" in text.title and "156.25" not in text.title
    assert text.labels["left"] == "About 156 people, 0.64\u00a0m²\u00a0each"


def test_a_chosen_guideline_of_1_m2_is_singular_in_spanish():
    # The analyst's "los 1 m²": one square metre takes the singular.
    story = computed("density", guideline_m2=1.0)
    said = words.sentences(story, "es")["latest"]
    assert "el 1\u00a0m² elegido" in said and "los 1" not in said
    page = words.page(story.numbers, "es")
    assert all("los 1\u00a0m²" not in sentence for sentence in page.strings())


def test_the_page_has_its_own_headline_context_and_methodology():
    story = computed("density")
    page = words.page(story.numbers, "en")
    charts = words.texts(story, "en")
    assert page.headline not in {text.title for text in charts.values()}
    # The finding alone: no reassuring clause before it.
    assert page.headline == ("Since August 2023, CECOT's prisoners have had less floor space "
                             "than the ICRC's 3.4\u00a0m² on average")
    # The first transfer (AFP1: 2,000 on 24 February 2023) and the first US deportees (16
    # March 2025, data/costs.csv) are the context's numbers.
    assert "its first 2,000 prisoners on 24 February 2023" in page.context
    assert "since March 2025, men deported by the United States" in page.context
    assert 4 <= len(page.methodology) <= 7
    for sentence in page.strings():
        assert not re.search(r"\b(NaN|nan|None)\b(?! of)", sentence) and "_" not in sentence


@pytest.mark.parametrize("n", [1, 2, 5, 29, 156, 1000, 40000])
def test_each_square_of_the_cell_is_one_persons_share_exactly(n):
    """"3.4 m² each" is true of every tile drawn: equal areas that fill the cell, no overlap."""
    from cecot.stories.density.charts import tiles

    side = 10.0
    drawn = tiles(n, side)
    assert len(drawn) == n
    assert all(w * h == pytest.approx(side * side / n) for _, _, w, h in drawn)
    assert sum(w * h for _, _, w, h in drawn) == pytest.approx(side * side)
    assert all(-1e-9 <= x and x + w <= side + 1e-9 and -1e-9 <= y and y + h <= side + 1e-9
               for x, y, w, h in drawn)


def test_the_note_says_when_close_figures_are_set_side_by_side():
    """Marks of close dates are drawn apart (style.dodge); the note tells readers, in their
    words, only when the chart moves one, and keeps to a phone's three lines."""
    from cecot import style

    for lang, said in (("en", "Figures published days apart are set side by side."),
                       ("es", "Las cifras de fechas cercanas se dibujan una junto a otra.")):
        note = words.texts(computed("density"), lang)["space-at-reported-counts"].note
        assert note.endswith(said) and style.note_fits_a_phone(note), note
    apart = pd.DataFrame({"date": ["2024-01-01", "2024-03-01", "2024-06-01"],
                          "date_precision": ["day", "day", "month"]})
    close = pd.DataFrame({"date": ["2024-01-01", "2024-01-05", "2024-06-01"],
                          "date_precision": ["day", "day", "year"]})
    assert style.side_by_side(apart, 26, "en") == ""
    assert style.side_by_side(close, 26, "en") == "Figures published days apart are set side by side."
    # A figure known only to its year spans its year: never moved, never told.
    assert style.side_by_side(close.assign(date_precision="year"), 26, "es") == ""


def test_marks_set_apart_never_cross_a_barrier():
    """Close marks set apart on either side of the start of the state of exception stay on
    their side: a rate from before it is never drawn after it."""
    from cecot import style

    table = pd.DataFrame({"date": ["2022-01-15", "2022-02-20", "2022-03-20", "2022-03-28",
                                   "2022-04-01", "2022-06-01"],
                          "date_precision": ["month", "day", "day", "day", "day", "day"]})
    barrier = pd.Timestamp("2022-03-27")
    drawn = style.date_positions(table, 45, barrier=barrier)
    for i, x in drawn.items():
        assert (x < barrier) == (pd.Timestamp(table.loc[i, "date"]) < barrier), (i, x)
    order = sorted(drawn, key=lambda i: drawn[i])
    assert all(drawn[b] - drawn[a] >= pd.Timedelta(days=45) or
               (drawn[a] < barrier <= drawn[b]) for a, b in zip(order, order[1:]))
    # Without the barrier a run around it spreads across it: marks of 28-30 March drawn in
    # mid-March, before the state of exception began.
    crowded = pd.DataFrame({"date": ["2022-03-26", "2022-03-28", "2022-03-29", "2022-03-30"],
                            "date_precision": ["day"] * 4})
    kept = style.date_positions(crowded, 45, barrier=barrier)
    assert all((x < barrier) == (pd.Timestamp(crowded.loc[i, "date"]) < barrier)
               for i, x in kept.items())
    table = crowded
    free = style.date_positions(crowded, 45)
    assert any((x < barrier) != (pd.Timestamp(table.loc[i, "date"]) < barrier)
               for i, x in free.items())
