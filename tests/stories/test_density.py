"""The density arithmetic, against values worked out by hand."""

import pandas as pd
import pytest

from cecot import params
from cecot.errors import ParameterError
from cecot.stories.density import compute as density
from cecot.stories.density import words

from conftest import computed


def test_space_per_person_at_stated_capacity():
    # 2.4 ha = 24,000 m² of cells shared by 40,000 people: 24,000 / 40,000 = 0.6 m² each.
    assert density.space_per_person(24000, 40000) == pytest.approx(0.6)


def test_space_per_person_at_half_capacity():
    # 24,000 / 20,000 = 1.2 m².
    assert density.space_per_person(24000, 20000) == pytest.approx(1.2)


def test_people_per_cell():
    # 40,000 / 256 = 156.25; 20,000 / 256 = 78.125.
    assert density.people_per_cell(40000, 256) == 156.25
    assert density.people_per_cell(20000, 256) == 78.125


def test_people_within_guideline_rounds_down_to_whole_people():
    # 24,000 / 3.4 = 7,058.8...: 7,058 whole people.
    assert density.people_within_guideline(24000, 3.4) == 7058
    # 100 m² cell / 3.4 = 29.4: 29 people.
    assert density.people_within_guideline(100, 3.4) == 29
    # Exact multiples are not lost to floating point: 34 / 3.4 = 10.
    assert density.people_within_guideline(34, 3.4) == 10


def test_guideline_ratio():
    # The ICRC asks 3.4 / 0.6 = 5.67 times the space each person has.
    assert density.guideline_ratio(3.4, 0.6) == pytest.approx(5.6667, abs=1e-4)


def test_headline_at_capacity():
    numbers = density.headline(40000, 24000, 256, 3.4, 100)
    assert numbers["m2_per_person"] == pytest.approx(0.6)
    assert numbers["people_per_cell"] == 156.25
    # One 100 m² cell with 156.25 people: 100 / 156.25 = 0.64 m² each.
    assert numbers["m2_per_person_in_cell"] == pytest.approx(0.64)
    assert numbers["people_within_guideline"] == 7058
    assert numbers["people_per_cell_within_guideline"] == 29


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
    table = density.standards_table(24000, 40000, standards)
    assert list(table["standard_id"]) == ["icrc_shared", "cpt_multiple"]
    # CPT: 24,000 / 4 = 6,000 people; 40,000 - 6,000 = 34,000 above the standard.
    cpt = table.set_index("standard_id").loc["cpt_multiple"]
    assert cpt["people_within_standard"] == 6000
    assert cpt["people_above_standard"] == 34000
    assert cpt["ratio_standard_to_actual"] == pytest.approx(4 / 0.6)


def test_reported_density_keeps_ranges_and_lower_bounds():
    reports = pd.DataFrame({
        "report_id": ["a", "b", "c", "d"],
        "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]),
        "kind": ["count", "range", "lower_bound", "per_cell_range"],
        "low": [12000.0, 15000.0, 14500.0, 60.0], "high": [12000.0, 20000.0, 14500.0, 75.0],
        "unit": ["people", "people", "people", "people_per_cell"],
        "source_id": ["X", "Y", "Z", "W"],
    })
    table = density.reported_density(reports, 24000, 256, 100).set_index("report_id")
    assert list(table.index) == ["a", "b", "c"]  # per-cell reports belong to occupancy
    # A range stays a range: 24,000/20,000 = 1.2 to 24,000/15,000 = 1.6 m².
    assert table.loc["b", "m2_per_person_min"] == pytest.approx(1.2)
    assert table.loc["b", "m2_per_person_max"] == pytest.approx(1.6)
    # "More than 14,500" gives a ceiling on space and no floor.
    assert table.loc["c", "m2_per_person_max"] == pytest.approx(24000 / 14500)
    assert pd.isna(table.loc["c", "m2_per_person_min"])
    assert pd.isna(table.loc["c", "population_high"])


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
    assert "CPT standard" in text.labels["right"] and "ICRC" not in text.subtitle
    # 100 m² / 4 = 25 people; the chart cites the CPT's text, not the ICRC's.
    assert "25 people" in text.labels["right"]
    assert "CPT15" in story.sources["cell-to-scale"]
    assert "ICRC-b" not in story.sources["cell-to-scale"]
    custom = words.texts(computed("density", guideline_m2=3.9), "es")["cell-to-scale"]
    assert custom.labels["right"].startswith("Valor elegido:") and "CICR" not in custom.subtitle


def test_the_bars_title_states_only_what_the_numbers_make_true():
    # 24,000 m² for 2,000 people: 12 m² each, more than every standard asks for.
    roomy = words.texts(computed("density", population=2000), "en")["space-vs-standards"]
    assert roomy.variants["title"] == "above_all" and "fraction" not in roomy.title
    # 24,000 / 6,000 = 4 m²: less than the ICRC single cell (5.4), CPT single (6) and ACA (6.5).
    middle = words.texts(computed("density", population=6000), "en")["space-vs-standards"]
    assert middle.variants["title"] == "below_some"
    assert middle.title == ("Each prisoner would have 4 m², less than 3 of the 7 standards "
                            "ask for")
    tight = words.texts(computed("density"), "en")["space-vs-standards"]
    assert tight.variants["title"] == "fraction"  # 0.6 m² is under half the smallest, 1.6


def test_people_are_whole_people():
    text = words.texts(computed("density"), "en")["cell-to-scale"]
    # 40,000 / 256 = 156.25 people per cell: "about 156".
    assert "about 156 people" in text.subtitle and "156.25" not in text.subtitle
    assert text.labels["left"] == "About 156 people, 0.64 m² each"
