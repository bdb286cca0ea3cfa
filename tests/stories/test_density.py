"""The density arithmetic, against values worked out by hand."""

import pandas as pd
import pytest

from cecot import density


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


def test_number_formatting_per_language():
    assert density.number(40000, "en", 0) == "40,000"
    assert density.number(40000, "es", 0) == "40\u202f000"
    assert density.number(0.64, "es") == "0,64"
    assert density.number(156.25, "en") == "156.25"
