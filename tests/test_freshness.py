"""`cecot data freshness`: every series with its latest figure, that figure's date, the day it
was last checked and its age. The age is reported, never judged: no test depends on the clock."""

import datetime as dt

from cecot import data as cdata
from cecot.machinery import freshness

from conftest import run_cli


def test_every_series_has_a_latest_figure_a_date_and_a_check():
    entries = freshness.report(today=dt.date(2026, 12, 6))
    assert [e["series"] for e in entries] == list(cdata.load("series")["series_id"])
    for entry in entries:
        assert entry["rows"] > 0, f"{entry['series']} selects no row of its file"
        assert entry["latest"] and entry["date"] <= entry["checked_through"], entry
        assert entry["age_days"] == (dt.date(2026, 12, 6) - dt.date.fromisoformat(
            entry["date"])).days


def test_the_command_prints_one_line_per_series_whatever_the_day():
    result = run_cli("data", "freshness")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 + len(cdata.load("series"))


def test_a_series_names_its_rows():
    frame = cdata.load("deaths_in_custody")
    chosen = freshness.selected(frame, "organisation=cristosal|socorro_juridico;kind=count")
    assert set(chosen["organisation"]) <= {"cristosal", "socorro_juridico"}
    assert set(chosen["kind"]) == {"count"}
    costs = freshness.selected(cdata.load("costs"), "item=us_*")
    assert len(costs) and costs["item"].str.startswith("us_").all()
