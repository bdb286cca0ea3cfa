"""The occupancy story: range arithmetic against values worked out by hand, the notebook run
through the command line, bad parameters, and malformed population rows."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cecot import data as cdata
from cecot import paths, style
from cecot.errors import DataError
from cecot.ranges import Span
from cecot.stories.occupancy import charts
from cecot.stories.occupancy import compute as occupancy
from cecot.stories.occupancy import words

from conftest import computed, read_numbers, run_cecot, run_cli, snapshot

KW = dict(capacity=40000, design_capacity=20480, cells=256, bunks_per_cell=80, cell_m2=100.0)


# --- ranges stay ranges ------------------------------------------------------------------------

def test_a_range_stays_a_range():
    assert Span.of_report("range", 15000, 20000) == Span(15000, 20000)
    # "between 15,000 and 20,000" over 256 cells: 15,000/256 = 58.59375 to 20,000/256 = 78.125.
    assert occupancy.per_cell(Span(15000, 20000), 256) == Span(58.59375, 78.125)


def test_a_lower_bound_never_becomes_a_point():
    # "more than 14,500" is stored with high == low; its upper end is open, not 14,500.
    span = Span.of_report("lower_bound", 14500, 14500)
    assert span == Span(14500, None) and span.open_above and not span.is_point
    # Every step of the arithmetic keeps the open end open.
    cell = occupancy.per_cell(span, 256)  # 14,500 / 256 = 56.640625
    assert cell == Span(56.640625, None)
    assert occupancy.occupancy_rate(span, 40000) == Span(0.3625, None)  # 14,500 / 40,000
    assert occupancy.without_bunk(cell, 80) == Span(0, None)  # 56.6 - 80 < 0 -> 0
    assert span * 2 == Span(29000, None)
    # Most space: 100 / 56.640625 = 1.7655 m²; least space: unknown.
    space = occupancy.space_in_cell(100, cell)
    assert space.high == pytest.approx(1.765517, abs=1e-6) and space.low is None


def test_an_upper_bound_never_becomes_a_point():
    # "up to 75 per cell" is stored with low == high; its lower end is open, not 75.
    span = Span.of_report("per_cell_upper_bound", 75, 75)
    assert span == Span(None, 75) and span.open_below and not span.open_above
    assert not span.is_point
    # Every step keeps the open end open: 75 × 256 = 19,200 people at most; 19,200 / 40,000
    # = 0.48 of the capacity at most; 75 - 80 < 0, so nobody without a bunk place.
    people, origin = occupancy.to_people(span, "people_per_cell", cells=256, share_base=40000)
    assert people == Span(None, 19200) and origin == "people_per_cell"
    assert occupancy.occupancy_rate(people, 40000) == Span(None, 0.48)
    assert occupancy.without_bunk(span, 80) == Span(None, 0)
    # Least space: 100 / 75 = 1.33 m²; most space: unknown.
    space = occupancy.space_in_cell(100, span)
    assert space.high is None and space.low == pytest.approx(1.333333, abs=1e-6)


def test_the_committed_up_to_75_report_is_open_below():
    chart = pd.read_csv(paths.FIGURES / "occupancy" / "people-per-cell.csv")
    row = chart[chart["report_id"] == "P008"].iloc[0]
    assert row["kind"] == "per_cell_upper_bound" and row["open_below"]
    assert pd.isna(row["low"]) and row["high"] == 75 and not row["open_ended"]
    sidecar = json.loads((paths.FIGURES / "occupancy" / "people-per-cell.en.json")
                         .read_text(encoding="utf-8"))
    # The first figure, 4,000 / 256 = 15.6 per cell ("about 16"), to the latest, about 20,000 /
    # 256 = 78.1 ("about 78"); the highest that may carry a headline is "more than 20,000" (8
    # Apr 2025): "more than 78", above the latest's "about 78" (same low end, open above), and
    # not the opinion column's 25,000.
    assert "from about 16 to about 78, the highest more than 78," in sidecar["alt_text"]


def test_a_count_is_a_point():
    span = Span.of_report("count", 14532, 14532)
    assert span.is_point and not span.open_above


def test_low_above_high_is_refused():
    with pytest.raises(ValueError):
        Span.of_report("range", 20000, 15000)


# --- conversions -------------------------------------------------------------------------------

def test_per_cell_report_converted_to_people():
    # "60 to 75 per cell" × 256 cells = 15,360 to 19,200 people, marked as converted.
    span, origin = occupancy.to_people(Span(60, 75), "people_per_cell", cells=256,
                                       share_base=40000)
    assert span == Span(15360, 19200) and origin == "people_per_cell"


def test_share_of_capacity_converted_to_people():
    # "10 per cent full" of 40,000 = 4,000 people; "30 %" = 12,000.
    span, origin = occupancy.to_people(Span(0.1, 0.1), "share_of_capacity", cells=256,
                                       share_base=40000)
    assert span == Span(4000, 4000) and origin == "share_of_capacity"
    assert occupancy.to_people(Span(0.3, 0.3), "share_of_capacity", cells=256,
                               share_base=40000)[0] == Span(12000, 12000)


def test_people_are_not_converted():
    assert occupancy.to_people(Span(12114, 12114), "people", cells=256,
                               share_base=40000) == (Span(12114, 12114), "")


def test_conversion_keeps_an_open_end_open():
    span, _ = occupancy.to_people(Span(70, None), "people_per_cell", cells=256, share_base=1)
    assert span == Span(17920, None)  # 70 × 256


# --- per-cell arithmetic -----------------------------------------------------------------------

def test_at_stated_capacity():
    at = occupancy.at_population(40000, **KW)
    # 40,000 / 256 = 156.25 per cell; 156.25 - 80 bunk places = 76.25 without one.
    assert at["people_per_cell"] == 156.25
    assert at["people_without_bunk_per_cell"] == 76.25
    assert at["occupancy_rate"] == 1.0
    # 40,000 / 20,480 = 1.953125 times the technician's design capacity.
    assert at["occupancy_rate_design"] == 1.953125
    assert at["m2_per_person_in_cell"] == pytest.approx(0.64)  # 100 / 156.25


def test_at_design_capacity_every_bunk_is_taken():
    at = occupancy.at_population(20480, **KW)
    assert at["people_per_cell"] == 80  # 20,480 / 256
    assert at["people_without_bunk_per_cell"] == 0
    assert at["occupancy_rate"] == 0.512  # 20,480 / 40,000


def test_scenario_20000():
    at = occupancy.at_population(20000, **KW)
    # 20,000 / 256 = 78.125 per cell, under 80 bunks; half of 40,000; 100 / 78.125 = 1.28 m².
    assert at["people_per_cell"] == 78.125
    assert at["occupancy_rate"] == 0.5
    assert at["people_without_bunk_per_cell"] == 0
    assert at["m2_per_person_in_cell"] == pytest.approx(1.28)


def test_without_bunk_is_never_negative_and_keeps_ranges():
    # 60 to 100 per cell with 80 bunk places: 0 to 20 without one.
    assert occupancy.without_bunk(Span(60, 100), 80) == Span(0, 20)
    # More than 25,000 people: 25,000 / 256 = 97.65625 per cell, so at least 17.65625 without.
    assert occupancy.without_bunk(Span(97.65625, None), 80) == Span(17.65625, None)


def test_space_in_cell_inverts_the_range():
    # 60 to 75 people in 100 m²: most space 100/60 = 1.667 m², least 100/75 = 1.333 m².
    space = occupancy.space_in_cell(100, Span(60, 75))
    assert space.high == pytest.approx(1.666667, abs=1e-6)
    assert space.low == pytest.approx(1.333333, abs=1e-6)


@pytest.mark.parametrize("call", [
    lambda: occupancy.per_cell(Span(1, 1), 0),
    lambda: occupancy.occupancy_rate(Span(1, 1), 0),
    lambda: occupancy.without_bunk(Span(1, 1), 0),
    lambda: occupancy.space_in_cell(0, Span(1, 1)),
    lambda: occupancy.space_in_cell(100, Span(0, 1)),
    lambda: occupancy.to_people(Span(1, 1), "tonnes", cells=1, share_base=1),
])
def test_impossible_inputs_raise(call):
    with pytest.raises(ValueError):
        call()


# --- the report table --------------------------------------------------------------------------

def _reports() -> pd.DataFrame:
    return pd.DataFrame({
        "report_id": ["a", "b", "c", "d", "e", "f", "g"],
        "date": pd.to_datetime(["2023-03-15", "2023-08-21", "2024-08-01", "2024-11-01",
                                "2025-03-16", "2025-03-20", "2025-04-01"]),
        "date_precision": ["day", "day", "month", "month", "day", "day", "day"],
        "kind": ["share_of_capacity", "count", "lower_bound", "range", "per_cell_range",
                 "transfer", "per_cell_range"],
        "low": [0.1, 12114.0, 14500.0, 10000.0, 65.0, 238.0, 90.0],
        "high": [0.1, 12114.0, 14500.0, 20000.0, 70.0, 238.0, 90.0],
        "unit": ["share_of_capacity", "people", "people", "people", "people_per_cell",
                 "people", "people_per_cell"],
        # Real press sources: a fixture row is evidence like any other.
        "source_id": ["AP23", "LIP23", "NN24", "CNN25b", "CNN25", "AP25", "EFE25b"],
    })


@pytest.fixture
def table():
    return occupancy.snapshots(_reports(), share_base=40000, **KW).set_index("report_id")


def test_snapshots_leave_transfers_out(table):
    assert list(table.index) == ["a", "b", "c", "d", "e", "g"]


def test_snapshots_mark_conversions(table):
    assert table.loc["a", "converted_from"] == "share_of_capacity"
    assert table.loc["e", "converted_from"] == "people_per_cell"
    assert table.loc["b", "converted_from"] == ""
    # 65 to 70 per cell × 256 = 16,640 to 17,920; the per-cell figures stay as reported.
    assert (table.loc["e", "population_low"], table.loc["e", "population_high"]) == (16640,
                                                                                      17920)
    assert (table.loc["e", "people_per_cell_low"], table.loc["e", "people_per_cell_high"]) == (
        65, 70)
    # 0.1 × 40,000 = 4,000 people = 15.625 per cell.
    assert table.loc["a", "population_low"] == 4000
    assert table.loc["a", "people_per_cell_low"] == 15.625


def test_snapshots_keep_the_lower_bound_open(table):
    row = table.loc["c"]
    assert row["open_ended"] and row["population_low"] == 14500
    for column in ("population_high", "people_per_cell_high", "occupancy_rate_high",
                   "occupancy_rate_design_high", "people_without_bunk_per_cell_high",
                   "m2_per_person_in_cell_min"):
        assert row[column] is None, column


def test_snapshots_range_against_both_capacities(table):
    row = table.loc["d"]
    # 10,000 to 20,000 of 40,000: 0.25 to 0.5; of 20,480: 0.48828125 to 0.9765625.
    assert (row["occupancy_rate_low"], row["occupancy_rate_high"]) == (0.25, 0.5)
    assert (row["occupancy_rate_design_low"], row["occupancy_rate_design_high"]) == (
        0.48828125, 0.9765625)
    # 39.0625 to 78.125 per cell: below 80 bunks at both ends.
    assert (row["people_without_bunk_per_cell_low"],
            row["people_without_bunk_per_cell_high"]) == (0, 0)


def test_snapshots_people_without_bunk(table):
    # 90 per cell - 80 = 10 without a bunk place.
    assert table.loc["g", "people_without_bunk_per_cell_low"] == 10


def test_transfers_are_kept_apart():
    moved = occupancy.transfers(_reports())
    assert list(moved["report_id"]) == ["f"] and list(moved["people"]) == [238]


def test_a_more_than_transfer_stays_a_lower_bound():
    # La Nación and AFP, June 2024: "más de 2000" moved in (P017, P045): one transfer.
    moved = occupancy.transfers(cdata.load("population"))
    row = moved[moved["report_id"] == "P017"].iloc[0]
    assert row["people"] == 2000 and row["more_than"]
    assert set(moved.loc[moved["more_than"], "report_id"]) == {"P017", "P045"}
    events = occupancy.transfer_events(moved)
    june = events[events["date"] == "2024-06-11"].iloc[0]
    assert (june["report_id"], june["sources"], june["more_than"]) == ("P017;P045", 2, True)
    timeline = pd.read_csv(paths.FIGURES / "occupancy" / "population-timeline.csv")
    mark = timeline[timeline["report_id"] == "P017;P045"].iloc[0]
    assert (mark["mark"], mark["kind"], mark["low"]) == ("transfer", "transfer_lower_bound",
                                                         2000)
    assert pd.isna(mark["high"]) and mark["open_ended"]


def test_latest_is_the_last_report_in_people():
    # Per-cell and transfer rows come later (e, f, g), but "latest" is in people: the range d.
    table = occupancy.snapshots(_reports(), share_base=40000, **KW)
    last = occupancy.latest(table)
    assert (last["report_id"], last["date"], last["low"], last["high"]) == (
        "d", "2024-11-01", 10000, 20000)
    # 10,000 / 256 = 39.0625 to 20,000 / 256 = 78.125 per cell.
    assert (last["people_per_cell_low"], last["people_per_cell_high"]) == (39.0625, 78.125)


def test_near_latest_lists_the_reports_in_people_before_the_latest():
    table = occupancy.snapshots(_reports(), share_base=40000, **KW)
    # Latest: d, 1 Nov 2024. c (1 Aug 2024) is 92 days before it, b (Aug 2023) a year more;
    # the per-cell and share reports are not in people.
    assert list(occupancy.near_latest(table, days=100)["report_id"]) == ["c", "d"]
    assert list(occupancy.near_latest(table, days=45)["report_id"]) == ["d"]


def test_headline_adds_a_scenario_only_for_a_positive_population():
    table = occupancy.snapshots(_reports(), share_base=40000, **KW)
    moved = occupancy.transfers(_reports())
    assert "scenario" not in occupancy.headline(table, moved, population=0, **KW)
    numbers = occupancy.headline(table, moved, population=20000, **KW)
    assert numbers["scenario"]["people_per_cell"] == 78.125
    assert numbers["capacity_people_per_cell"] == 156.25
    assert numbers["capacity_people_without_bunk_per_cell"] == 76.25
    assert numbers["bunk_places"] == 20480  # 256 × 80
    # In people: b (12,114), c (>14,500), d (10,000-20,000): the highest low is the lower bound.
    assert numbers["highest_reported_low"] == 14500
    assert numbers["highest_reported_is_lower_bound"] is True
    assert numbers["reports_converted"] == 3 and numbers["transfers"] == 1


def test_dodge_spreads_close_dates_and_leaves_lone_ones():
    dates = ["2024-11-01", "2024-11-01", "2025-06-01"]
    xs = style.dodge(dates, step_days=12)
    # Two marks on one date: 12 days apart, centred on it (−6 and +6 days).
    assert xs[0] == pd.Timestamp("2024-10-26") and xs[1] == pd.Timestamp("2024-11-07")
    assert xs[2] == pd.Timestamp("2025-06-01")


# --- malformed population rows (a copy of data/) -----------------------------------------------

def _copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    return folder


def _edit_population(folder: Path, report_id: str, **changes) -> int:
    """Change fields of one report in folder/population.csv; return its spreadsheet row."""
    path = folder / "population.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    for index, values in enumerate(rows[1:], start=2):
        if values[0] == report_id:
            for name, value in changes.items():
                values[header.index(name)] = value
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            path.write_text(buffer.getvalue(), encoding="utf-8")
            return index
    raise AssertionError(f"no report {report_id}")


@pytest.mark.parametrize("report_id, changes, column, fragment", [
    ("P020", {"low": "25000"}, "high", "below low"),  # low > high
    ("P005", {"kind": "estimate"}, "kind", "is not one of"),
    ("P016", {"date": "11/06/2024"}, "date", "is not a date"),
    ("P016", {"date": "2024-02-30"}, "date", "is not a date"),
])
def test_malformed_population_row_names_file_row_and_column(tmp_path, report_id, changes,
                                                             column, fragment):
    folder = _copy_data(tmp_path)
    row = _edit_population(folder, report_id, **changes)
    with pytest.raises(DataError) as err:
        cdata.validate_all(folder)
    assert (err.value.file, err.value.row, err.value.column) == ("data/population.csv", row,
                                                                 column)
    message = str(err.value)
    assert "\n" not in message and fragment in message
    assert f"row {row}" in message and f"column '{column}'" in message


@pytest.mark.parametrize("report_id, changes, column", [
    ("P006", {"unit": "people"}, "unit"),  # a per-cell range given in people
    ("P029", {"high": "30000"}, "high"),  # a lower bound with an upper end
    ("P005", {"high": "12500"}, "high"),  # a count that is two figures
    ("P008", {"low": "60"}, "high"),  # an upper bound with a lower end
    ("P008", {"unit": "people"}, "unit"),  # a per-cell upper bound given in people
    ("P017", {"high": "2500"}, "high"),  # "more than 2,000" moved in, with an upper end
])
def test_rows_the_schema_allows_but_the_row_rules_refuse(tmp_path, report_id, changes, column):
    folder = _copy_data(tmp_path)
    row = _edit_population(folder, report_id, **changes)
    with pytest.raises(DataError) as err:  # each field is valid alone, the row is not
        cdata.load("population", folder)
    assert (err.value.file, err.value.row, err.value.column) == ("data/population.csv", row,
                                                                 column)


def test_malformed_row_stops_the_build_and_writes_nothing(repo_copy):
    row = _edit_population(repo_copy / "data", "P005", low="30000")
    before = snapshot(repo_copy / "figures"), snapshot(repo_copy / "notebooks")
    result = run_cecot("build", "occupancy", "--force", root=repo_copy)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "data/population.csv" in lines[0] and f"row {row}" in lines[0]
    assert "column 'high'" in lines[0]
    assert (snapshot(repo_copy / "figures"), snapshot(repo_copy / "notebooks")) == before


# --- other parameters (computed in-process) ---------------------------------------------------

# A 20,000-people scenario, 200 cells of 150 m² with 100 bunk places each, a stated capacity of
# 30,000.
OTHER = dict(population=20000, cells=200, bunks_per_cell=100, capacity=30000, cell_m2=150.0)


def test_scenario_numbers():
    numbers = computed("occupancy", **OTHER).numbers
    assert numbers["scenario"] == {
        "population": 20000,
        "people_per_cell": 100.0,  # 20,000 / 200
        "occupancy_rate": pytest.approx(0.666667, abs=1e-6),  # 20,000 / 30,000
        "occupancy_rate_design": 0.9765625,  # 20,000 / 20,480
        "people_without_bunk_per_cell": 0.0,  # 100 people, 100 bunk places
        "m2_per_person_in_cell": 1.5,  # 150 / 100
    }
    # At the stated capacity: 30,000 / 200 = 150 per cell, 150 - 100 = 50 without a bunk
    # place, 150 m² / 150 = 1 m² each; 200 x 100 = 20,000 bunk places.
    assert numbers["capacity_people_per_cell"] == 150
    assert numbers["capacity_people_without_bunk_per_cell"] == 50
    assert numbers["capacity_m2_per_person_in_cell"] == 1
    assert numbers["bunk_places"] == 20000 and numbers["bunks_per_cell"] == 100
    assert numbers["design_capacity"] == 20480  # from the data, not a parameter


def test_latest_is_the_most_recent_report_in_people():
    latest = computed("occupancy", **OTHER).numbers["latest"]
    # The last figure in people that may carry a headline: the director's "cerca de 20.000"
    # to Folha de S.Paulo, December 2025, as El Dinamo reports it. AFP's "unos 15.000" of 12
    # Dec 2025 (P044) is a repeated wire phrase, not a count; the opinion column's undated
    # "more than 25,000" (its date only inferred) is set aside.
    assert (latest["report_id"], latest["date"], latest["kind"]) == ("P048", "2025-12-01",
                                                                     "approx")
    assert latest["low"] == latest["high"] == 20000
    # 20,000 / 200 = 100 per cell; 20,000 / 30,000 = 2/3; 150 m² / 100 = 1.5 m² each.
    assert latest["people_per_cell_low"] == latest["people_per_cell_high"] == 100
    assert latest["occupancy_rate_low"] == pytest.approx(2 / 3)
    assert latest["m2_per_person_in_cell_max"] == latest["m2_per_person_in_cell_min"] == 1.5


def test_scenario_words_and_chart_data():
    story = computed("occupancy", **OTHER)
    text = words.texts(story, "es")["people-per-cell"]
    # From the first figure that may carry a headline (4,000 on 15 March 2023: 4,000 / 200 =
    # 20 per cell, a count) to the latest (about 20,000 in December 2025: 100 per cell).
    assert text.title == ("De 20 personas por celda en marzo de 2023 a unas 100 en diciembre de "
                          "2025")
    # A capacity of 30,000 is not the stated 40,000: a scenario, never "anunciada".
    # 30,000 / 200 = 150 per cell, exactly.
    assert text.labels["lines"]["capacity"] == "Capacidad de 30,000 (escenario): 150 por celda"
    assert text.labels["lines"]["scenario"] == "Escenario de 20,000: 100 por celda"
    said = words.sentences(story, "en")
    assert said["at_capacity"].startswith("At a capacity of 30,000, a scenario, a cell would "
                                          "hold 150 people, 50 of them without a sleeping place")
    assert "stated" not in said["latest"] and "claimed" not in said["latest"]
    for chart in ("population-timeline", "people-per-cell"):
        assert "scenario" in set(story.tables[chart]["report_id"])
    timeline = story.tables["population-timeline"]
    # Transfers are their own marks, one per transfer however many outlets gave it.
    assert set(timeline.loc[timeline["mark"] == "transfer", "report_id"]) == {
        "P001", "P002", "P017;P045", "P022", "P023", "P028;P040", "P041;P042"}
    open_rows = timeline[timeline["open_ended"]]
    assert open_rows["high"].isna().all()
    # The "more than" figures in people: P019, P027, P029, P031, P034, P038 (not the opinion
    # column P032, whose date is only inferred: set aside); the timeline draws only figures
    # given in people.
    assert set(open_rows.loc[open_rows["mark"] == "report", "report_id"]) == {
        "P019", "P027", "P029", "P031", "P034", "P038"}
    assert not set(timeline["report_id"]) & {"P004", "P006", "P008", "P011", "P024"}


@pytest.mark.parametrize("args, name", [
    (["-p", "population", "-5"], "population"),
    (["-p", "cells", "0"], "cells"),
    (["-p", "bunks_per_cell", "0"], "bunks_per_cell"),
    (["-p", "capacity", "0"], "capacity"),
    (["-p", "cell_m2", "-100"], "cell_m2"),
    (["-p", "population", "20000.5"], "population"),
])
def test_bad_parameters_exit_2_and_write_nothing(tmp_path, args, name):
    out = tmp_path / "out"
    result = run_cli("build", "occupancy", *args, "--output", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"parameter '{name}' of story 'occupancy'" in lines[0], \
        result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_committed_numbers_are_the_default_run():
    numbers = read_numbers(paths.ROOT, "occupancy")
    assert "scenario" not in numbers
    assert numbers["capacity"] == 40000 and numbers["cells"] == 256
    assert numbers["capacity_people_per_cell"] == 156.25
    assert numbers["capacity_people_without_bunk_per_cell"] == 76.25
    # The latest figure that may carry a headline: about 20,000, the director to Folha de
    # S.Paulo in December 2025 (El Dinamo); AFP's repeated "about 15,000" is not a count.
    assert numbers["latest"]["date"] == "2025-12-01"


def test_dodge_never_pushes_a_run_into_the_one_before():
    # 1 Mar alone; 16, 17 and 19 Mar form a run pushed to 16, 28 Mar and 9 Apr (average move
    # (0 + 11 + 21) / 3 = 10.67 days), but shifting it back by that much would bring 16 Mar
    # within 12 days of 1 Mar: it may move back only to 13 Mar (3 days).
    xs = style.dodge(["2025-03-01", "2025-03-16", "2025-03-17", "2025-03-19"], step_days=12)
    assert xs == [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-13"),
                  pd.Timestamp("2025-03-25"), pd.Timestamp("2025-04-06")]
    gaps = [(b - a).days for a, b in zip(xs, xs[1:])]
    assert min(gaps) >= 12


# --- the reports against the bunk places (the people-per-cell title) -------------------------

def test_against_bunks_counts_only_reports_that_may_carry_a_headline():
    table = pd.DataFrame({
        "headline_worthy": [True, True, True, True, True, True, False],
        # 80 exactly; "more than 80"; "more than 79"; "up to 90"; "up to 80"; 81; a
        # year-only report of 200.
        "people_per_cell_low": [80.0, 80.0, 79.0, None, None, 81.0, 200.0],
        "people_per_cell_high": [80.0, None, None, 90.0, 80.0, 81.0, 200.0],
        "open_ended": [False, True, True, False, False, False, False],
    })
    # Within 80 bunk places: 80 and "up to 80". Above: "more than 80" and 81. Either side:
    # "more than 79" and "up to 90". The year-only report is not counted.
    assert occupancy.against_bunks(table, 80) == {"counted": 6, "within": 2, "above": 2,
                                                  "either_side": 2, "not_counted": 1}


def test_against_bunks_on_the_fixture_reports(table):
    counts = occupancy.against_bunks(table.reset_index(), 80)
    # Per cell (256 cells): a 4,000/256 = 15.6, b 47.3, d 39.1-78.1, e 65-70 stay within 80;
    # g 90 is above; c "more than 14,500" = more than 56.6 could be either side.
    assert counts == {"counted": 6, "within": 4, "above": 1, "either_side": 1,
                      "not_counted": 0}


def test_the_implausible_figures_are_set_aside():
    # "Más de 40.000" (La República, April 2025) and "cerca de 80.000" (iNoticias, December
    # 2024) are kept in the data, flagged, and never charted or counted.
    story = computed("occupancy")
    assert {"P046", "P047"} <= set(story.tables["set_aside"]["report_id"])
    assert not {"P046", "P047"} & set(story.tables["snapshots"]["report_id"])
    assert [f["low"] for f in story.numbers["set_aside_implausible"]] == [40000, 80000]


def test_default_words_state_the_observed_finding_and_whole_people():
    story = computed("occupancy", population=0, capacity=40000, cells=256, bunks_per_cell=80,
                     cell_m2=100.0)
    text = words.texts(story, "en")["people-per-cell"]
    # 4,000 / 256 = 15.6 per cell (March 2023) to about 20,000 / 256 = 78.1 (December 2025):
    # what the figures show, not a count of citations (the old "18 of 22" counted one
    # repeated "about 12,000" seven times).
    assert text.title == "From about 16 people per cell in 2023 to about 78 in 2025"
    assert "of 22" not in text.title and "within" not in text.title
    # The capacity on its line, in whole people: 40,000 / 256 = 156.25, "about 156".
    assert text.labels["lines"]["capacity"] == "Claimed 40,000: about 156 per cell"
    assert text.labels["lines"]["bunks"] == ("80 sleeping places per cell: above the line, some "
                                             "have none")
    for said in text.strings():
        assert ".25" not in said and "bunk place" not in said and "('" not in said
    # The note is for readers: no team talk ("The title leaves out", "Marks days apart are
    # drawn"), but it does tell them that figures of close dates are set apart, and it keeps to
    # a phone's three lines.
    assert "The title leaves out" not in text.note and "Marks" not in text.note
    assert text.note.endswith("Figures published days apart are set side by side.")
    for lang in ("en", "es"):
        for chart in ("people-per-cell", "population-timeline"):
            note = words.texts(story, lang)[chart].note
            assert note.endswith(("Figures published days apart are set side by side.",
                                  "Las cifras de fechas cercanas se dibujan una junto a otra.")), note
            assert style.note_fits_a_phone(note), note
    timeline = words.texts(story, "en")["population-timeline"]
    assert timeline.title == "From 4,000 prisoners in March 2023 to about 20,000 in December 2025"
    # The design capacity is named with who quoted the technician (data/facility.csv: LPG23),
    # read in El Salvador Now's copy.
    assert timeline.labels["lines"]["design"] == ("Design capacity, from a technician quoted by "
                                                  "La Prensa Gráfica, as republished by El "
                                                  "Salvador Now: 20,480")
    assert list(timeline.labels["legend"]) == ["count", "approx", "range", "lower_bound",
                                               "repeat"]
    spanish = words.texts(story, "es")
    assert spanish["people-per-cell"].labels["legend"]["lower_bound"] == "«Más de»"
    assert spanish["people-per-cell"].labels["legend"]["count"] == "Cifra exacta"
    for text in spanish.values():
        for said in text.strings():
            assert "'" not in said and '"' not in said and "“" not in said
            assert "litera" not in said or "literas" in said


@pytest.mark.parametrize("lang", ["en", "es"])
def test_narrow_charts_have_no_text_smaller_than_the_phone_minimum(lang):
    story = computed("occupancy", population=0, capacity=40000, cells=256, bunks_per_cell=80,
                     cell_m2=100.0)
    for chart_id, text in words.texts(story, lang).items():
        frame, _ = charts.DRAW[chart_id](story, text, style.NARROW)
        style.finish(frame)
        shown = list(frame.fig.texts)
        for legend in frame.fig.legends:
            shown += legend.get_texts()
        for ax in frame.fig.axes:
            shown += ax.texts + ax.get_xticklabels() + ax.get_yticklabels()
            shown += [ax.xaxis.label, ax.yaxis.label]
        sizes = {t.get_text().replace("\n", " "): t.get_fontsize() for t in shown
                 if t.get_text()}
        small = {s: pt for s, pt in sizes.items() if pt < style.NARROW.small_pt}
        assert not small, (chart_id, small)
        if chart_id == "population-timeline":
            # One label per group of transfers close in time, never summed (a phone may break
            # a label onto two lines).
            assert {"2,000; 2,000", "more than 2,000" if lang == "en" else "más de 2,000",
                    "238; 23; 17; 10"} <= set(sizes)
        style.plt.close(frame.fig)
