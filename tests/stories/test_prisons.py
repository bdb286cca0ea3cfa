"""The prisons story: arithmetic against values worked out by hand, the checks for falling
running totals and flagged reports, and the words the charts choose from the numbers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cecot.reports import period

from cecot import headcounts
from cecot.computed import Computed
from cecot.errors import ParameterError
from cecot.params import validate
from cecot.stories.prisons import compute as prisons
from cecot.stories.prisons import words


def frame(rows, columns):
    out = pd.DataFrame(rows, columns=columns)
    out["date"] = pd.to_datetime(out["date"])
    return out


# --- arithmetic ----------------------------------------------------------------------------------

def test_rate_per_100k():
    # 2024 census: 107,055 people held / 6,029,976 inhabitants x 100,000 = 1,775.38
    # (La Prensa Gráfica's article says 1,776).
    assert prisons.rate_per_100k(107055, 6029976) == pytest.approx(1775.38, abs=0.01)
    # 20,000 in a country of 5,000,000: 400 per 100,000.
    assert prisons.rate_per_100k(20000, 5_000_000) == 400
    with pytest.raises(ValueError):
        prisons.rate_per_100k(1, 0)


def test_share_in_percent():
    # 15,000 in CECOT of 115,605 prisoners: 12.98 %.
    assert prisons.share(15000, 115605) == pytest.approx(12.975, abs=0.001)
    assert prisons.share(1, 4) == 25


def test_period_of_a_date():
    # February 2024 has 29 days; a year runs 1 January to 31 December.
    assert period("2024-02-01", "month") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period("2025-01-01", "year") == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period("2025-08-28", "day") == (dt.date(2025, 8, 28),) * 2


def test_definitely_before_needs_the_whole_span_earlier():
    # "December 2022" may be 31 December, so it is not before 19 December 2022...
    assert not prisons.definitely_before("2022-12-01", "month", "2022-12-19", "day")
    # ...but November 2022 is.
    assert prisons.definitely_before("2022-11-01", "month", "2022-12-19", "day")
    # "2025" (any day of the year) is not before July 2025.
    assert not prisons.definitely_before("2025-01-01", "year", "2025-07-01", "month")


def test_growth_keeps_the_range_of_the_start():
    # 115,605 against 35,000-40,000: 115,605 / 40,000 = 2.89 to 115,605 / 35,000 = 3.303 times.
    result = prisons.growth({"low": 35000, "high": 40000}, 115605)
    assert result["ratio_low"] == pytest.approx(2.890125)
    assert result["ratio_high"] == pytest.approx(3.303)
    # Span arithmetic gives exactly the floats of the direct divisions numbers.json publishes.
    assert (result["ratio_low"], result["ratio_high"]) == (115605 / 40000, 115605 / 35000)


# --- choosing and summarising rows --------------------------------------------------------------

POP_COLUMNS = ["date", "date_precision", "value", "kind", "source_id"]


def test_latest_prefers_the_count_and_names_the_others():
    table = frame([
        ["2024-01-01", "month", 100, "count", "A"],
        ["2024-06-01", "month", 130, "estimate", "B"],
        ["2024-06-01", "month", 120, "count", "C"],
    ], POP_COLUMNS)
    latest = prisons.latest_row(table)
    assert (latest["date"], latest["value"], latest["source_id"]) == ("2024-06-01", 120, "C")
    assert latest["same_date"] == ["130 (estimate, B)"]


def test_before_the_regime_gives_the_range_of_that_date():
    table = frame([
        ["2021-04-01", "month", 35976, "count", "A"],
        ["2022-03-01", "month", 39538, "count", "B"],
        ["2022-03-01", "month", 35000, "estimate", "C"],
        ["2022-03-01", "month", 45000, "lower_bound", "D"],  # no high end: left out
        ["2022-08-01", "month", 86000, "estimate", "E"],     # after the regime began
    ], POP_COLUMNS)
    pre = prisons.before(table, pd.Timestamp("2022-03-27"))
    assert (pre["date"], pre["low"], pre["high"]) == ("2022-03-01", 35000, 39538)


def test_population_table_starts_at_start_year_and_refuses_a_later_one():
    table = frame([["2007-01-01", "year", 1, "count", "A"], ["2015-03-01", "month", 2, "count",
                                                               "B"]], POP_COLUMNS)
    assert list(prisons.population_table(table, 2015)["source_id"]) == ["B"]
    assert prisons.start_year_problem(table, 2015) is None
    problem = prisons.start_year_problem(table, 2016)
    assert "2016" in problem and "2015" in problem
    # Through the parameters' one check (what Run and the build call), on the real data.
    # The latest prison figure in the data is from 2026 (Prensa Latina, 27 January 2026).
    with pytest.raises(ParameterError) as err:
        validate("prisons", {"start_year": 2027}, prisons.parameter_problem)
    assert "'start_year'" in str(err.value) and "2026" in str(err.value)


def test_parameter_problem_for_the_registry():
    # The same check, shaped for Run's cross_check: (parameter, problem) or None.
    assert prisons.parameter_problem({"start_year": 2025}) is None
    name, problem = prisons.parameter_problem({"start_year": 2027})
    assert name == "start_year" and "latest is from 2026" in problem
    # From 2026 on there is a prison figure but no rate the chart can draw (World Prison
    # Brief's "current" 1,659 of January 2026 is the 2024 rate, set aside): refused, not an
    # empty chart.
    name, problem = prisons.parameter_problem({"start_year": 2026})
    assert (name, problem) == ("start_year", "no incarceration rate to draw from 2026 on (the "
                                             "latest is from 2025)")


def test_computed_rates_never_interpolate_and_keep_several_denominators():
    prison = frame([
        ["2010-01-01", "year", 24000, "count", "P1"],
        ["2018-01-01", "year", 39000, "count", "P2"],  # no population figure for 2018
    ], POP_COLUMNS)
    national = pd.DataFrame({"year": [2010, 2010, 2017], "population": [6_000_000, 6_400_000,
                                                                          6_266_654],
                             "source_id": ["WB", "DG", "WB"]})
    rates = prisons.computed_rates(prison, national)
    # 24,000 / 6,000,000 x 100,000 = 400; 24,000 / 6,400,000 x 100,000 = 375.
    assert sorted(rates["rate_per_100k"]) == [375, 400]
    ranges = prisons.computed_rate_ranges(rates)
    assert len(ranges) == 1
    assert (ranges["rate_low"].iloc[0], ranges["rate_high"].iloc[0]) == (375, 400)
    assert ranges["population_source_ids"].iloc[0] == "DG;WB"
    assert prisons.years_without_population(prison, national) == [2018]


def test_computed_rate_range_is_exactly_the_lowest_and_highest_rate():
    # The range comes from Span arithmetic (prisoners / span of populations x 100,000); it must
    # give the very floats of the rates one by one: 17,577 against the 2007 census (5,744,113)
    # and the World Bank (6,044,131) is 290.81 to 306.00 per 100,000.
    prison = frame([["2007-01-01", "year", 17577, "count", "CP"]], POP_COLUMNS)
    national = pd.DataFrame({"year": [2007, 2007], "population": [5_744_113, 6_044_131],
                             "source_id": ["EYN24", "WBPOP"]})
    rates = prisons.computed_rates(prison, national)
    ranges = prisons.computed_rate_ranges(rates)
    assert ranges["rate_low"].iloc[0] == 17577 / 6_044_131 * 100_000
    assert ranges["rate_high"].iloc[0] == 17577 / 5_744_113 * 100_000
    assert ranges["rate_low"].iloc[0] == pytest.approx(290.81, abs=0.01)


def test_latest_rate_by_series_keeps_series_apart():
    rates = frame([
        [2017, "2017-01-01", "year", "unodc", 601.0, "TGE"],
        [2022, "2022-05-01", "month", "world_prison_brief", 1086.0, "TS23"],
        [2025, "2025-03-01", "month", "other", 1917.0, "ESI25b"],
    ], ["year", "date", "date_precision", "series", "value", "source_id"])
    assert prisons.latest_rate(rates)["value"] == 1917
    by_series = prisons.latest_rate_by_series(rates)
    assert {k: v["value"] for k, v in by_series.items()} == {
        "unodc": 601, "world_prison_brief": 1086, "other": 1917}


# --- running totals ---------------------------------------------------------------------------

ARREST_COLUMNS = ["date", "date_precision", "kind", "low", "high", "source_id"]


def test_a_count_below_an_earlier_count_is_a_contradiction():
    table = frame([
        ["2024-01-01", "day", "count", 100, 100, "A"],
        ["2024-02-01", "day", "count", 90, 90, "B"],        # falls: contradiction
        ["2024-03-01", "day", "lower_bound", 95, None, "C"],  # "more than 95": below A, fine
        ["2024-04-01", "day", "count", 120, 120, "D"],
    ], ARREST_COLUMNS)
    checks = prisons.below_earlier(table)
    assert list(checks["contradiction"]) == [False, True, False, False]
    assert checks["below_earlier"].iloc[1] == "A 2024-01-01: 100 (count)"
    assert checks["below_earlier"].iloc[2] == "A 2024-01-01: 100 (count)"
    assert checks["below_earlier"].iloc[3] == ""


def test_below_an_approximation_is_listed_but_no_contradiction():
    # La Gaceta's "about 89,000" (27 Aug 2025) then Canal 12's 88,750 (28 Aug 2025).
    table = frame([
        ["2025-08-27", "day", "approx", 89000, 89000, "GAC25"],
        ["2025-08-28", "day", "count", 88750, 88750, "C1225"],
    ], ARREST_COLUMNS)
    checks = prisons.below_earlier(table)
    assert checks["below_earlier"].iloc[1] == "GAC25 2025-08-27: 89000 (approx)"
    assert not checks["contradiction"].any()


def test_overlapping_dates_are_not_compared():
    # A month-level "December" figure may be later than 19 December: no comparison.
    table = frame([
        ["2022-12-01", "month", "count", 61300, 61300, "PL23"],
        ["2022-12-19", "day", "count", 60452, 60452, "ESN22c"],
    ], ARREST_COLUMNS)
    assert prisons.below_earlier(table)["below_earlier"].tolist() == ["", ""]


DEATH_COLUMNS = ["date", "date_precision", "organisation", "kind", "low", "high", "source_id",
                 "flag"]


def deaths_frame():
    return frame([
        ["2023-03-01", "month", "socorro_juridico", "count", 126, 126, "S1", None],
        ["2023-07-01", "month", "socorro_juridico", "approx", 300, 300, "S2", "inconsistent"],
        ["2024-04-03", "day", "socorro_juridico", "lower_bound", 241, None, "S3", None],
        ["2024-06-10", "day", "socorro_juridico", "count", 1, 1, "S4", "subset"],
        ["2024-08-31", "day", "socorro_juridico", "count", 311, 311, "S5", None],
        ["2025-01-01", "year", "socorro_juridico", "count", 396, 396, "S6", "date_inferred"],
        ["2024-07-10", "day", "cristosal", "count", 261, 261, "C1", None],
        ["2024-04-01", "month", "coalition", "count", 244, 244, "O1", None],
        ["2023-07-01", "month", "unnamed", "count", 170, 170, "U1", None],
        ["2023-10-01", "month", "unnamed", "count", 150, 150, "U2", None],
        ["2025-01-01", "month", "unnamed", "count", 354, 354, "U3", "date_inferred"],
    ], DEATH_COLUMNS)


def test_deaths_latest_skips_flagged_reports_but_lists_them():
    latest = prisons.latest_deaths(deaths_frame())
    # Socorro Jurídico: 311 (31 Aug 2024) is its latest unflagged report; the 396 of "2025"
    # has an inferred date and is listed beside it, not chosen.
    assert (latest["socorro_juridico"]["value"], latest["socorro_juridico"]["date"]) == \
        (311, "2024-08-31")
    assert latest["socorro_juridico"]["later_flagged"] == ["396 (date_inferred, S6)"]
    assert latest["cristosal"]["value"] == 261
    assert latest["coalition"]["value"] == 244


def test_deaths_table_keeps_every_row_and_checks_each_organisation_alone():
    table = prisons.deaths_table(deaths_frame())
    assert len(table) == 11  # nothing dropped, flagged rows included
    assert list(table["organisation"].unique()) == ["socorro_juridico", "cristosal",
                                                    "coalition", "unnamed"]
    by_source = table.set_index("source_id")
    # "At least 241" after "about 300": listed, but a lower bound contradicts nothing.
    assert by_source.loc["S3", "below_earlier"] == "S2 2023-07-01: 300 (approx)"
    assert not by_source.loc["S3", "contradiction"]
    # The subset (1 death in CECOT) is no running total: not checked against 126.
    assert by_source.loc["S4", "below_earlier"] == ""
    # Counts whose counter is not named are a bucket, not a series: 150 after 170 is no fall.
    assert by_source.loc["U2", "below_earlier"] == ""
    assert prisons.flagged_deaths(table)[0]["flag"] == "inconsistent"


def test_deaths_in_cecot_is_the_latest_subset_row():
    cecot = prisons.deaths_in_cecot(deaths_frame())
    assert (cecot["value"], cecot["organisation"], cecot["date"]) == \
        (1, "socorro_juridico", "2024-06-10")


# --- CECOT's share -------------------------------------------------------------------------------

def test_nearest_national_figure_ties_go_to_the_earlier_date():
    national = frame([
        ["2024-01-01", "month", 100000, "count", "A"],
        ["2024-03-01", "month", 120000, "estimate", "B"],
        ["2024-03-01", "month", 110000, "count", "C"],
        ["2024-02-01", "month", 999999, "lower_bound", "D"],  # no denominator
    ], POP_COLUMNS)
    # 1 Feb 2024 is 31 days after 1 Jan and 29 days before 1 Mar: 1 March is nearer.
    near = prisons.nearest_national(pd.Timestamp("2024-02-01"), national)
    assert (near["low"], near["high"], near["gap_days"]) == (110000, 120000, -29)
    # 31 January 2024 is 30 days from 1 Jan and 30 days from 1 Mar: the earlier date.
    near = prisons.nearest_national(pd.Timestamp("2024-01-31"), national)
    assert (near["low"], near["gap_days"]) == (100000, 30)


def test_cecot_share_keeps_ranges_and_lower_bounds():
    national = frame([["2025-03-01", "month", 100000, "count", "A"],
                      ["2025-03-01", "month", 125000, "estimate", "B"]], POP_COLUMNS)
    reports = frame([
        ["P1", "2025-03-17", "day", "range", 10000.0, 20000.0, "people", "X"],
        ["P2", "2025-04-18", "day", "lower_bound", 15000.0, 15000.0, "people", "Y"],
    ], ["report_id", "date", "date_precision", "kind", "low", "high", "unit", "source_id"])
    shares = prisons.cecot_share(reports, national).set_index("report_id")
    # Low: 10,000 / 125,000 = 8 %; high: 20,000 / 100,000 = 20 %.
    assert shares.loc["P1", "share_low_pct"] == pytest.approx(8)
    assert shares.loc["P1", "share_high_pct"] == pytest.approx(20)
    # "More than 15,000": at least 15,000 / 125,000 = 12 %, and no upper end.
    assert shares.loc["P2", "share_low_pct"] == pytest.approx(12)
    assert pd.isna(shares.loc["P2", "share_high_pct"])
    assert shares.loc["P2", "gap_days"] == 48
    latest = prisons.latest_share(shares.reset_index())
    assert (latest["report_id"], latest["low"], latest["high"]) == ("P2", 12, None)
    # Span arithmetic gives exactly the floats of share(low, national high).
    assert shares.loc["P1", "share_low_pct"] == prisons.share(10000.0, 125000)


def test_people_reports_leave_out_transfers_and_per_cell_figures():
    reports = frame([
        ["P1", "2023-02-24", "day", "transfer", 2000.0, 2000.0, "people", "A"],
        ["P4", "2024-06-11", "day", "transfer_lower_bound", 2000.0, 2000.0, "people", "C"],
        ["P2", "2023-08-21", "day", "count", 12114.0, 12114.0, "people", "B"],
        ["P3", "2023-08-21", "day", "per_cell_range", 60.0, 75.0, "people_per_cell", "B"],
    ], ["report_id", "date", "date_precision", "kind", "low", "high", "unit", "source_id"])
    assert list(headcounts.in_people(reports)["report_id"]) == ["P2"]


# --- the words the numbers choose ----------------------------------------------------------------

def test_share_is_written_as_a_point_a_range_with_one_percent_sign_or_a_floor():
    en = words.Words("en")
    assert en.share(12.975217, None) == ("at least 13%", "open")
    assert en.share(10.1, 12.3) == ("10.1–12.3%", "range")
    # 4.10 and 4.14 both show as 4.1: one figure, not "4.1–4.1%".
    assert en.share(4.1015, 4.14) == ("4.1%", "point")
    # Spanish gives a percentage its article: "al menos el 12.3%", "entre el 10.1% y el 12.3%".
    assert words.Words("es").share(12.3, None)[0] == "al menos el 12.3%"
    assert words.Words("es").share(10.1, 12.3)[0] == "entre el 10.1% y el 12.3%"


def test_spanish_puts_an_article_before_a_day():
    assert words.Words("es").by("2025-08-28", "day") == "el 28 de agosto de 2025"
    assert words.Words("es").by("2025-03-01", "month") == "marzo de 2025"
    assert words.Words("en").by("2025-08-28", "day") == "28 August 2025"


@pytest.fixture(scope="module")
def default_run() -> Computed:
    return prisons.run(validate("prisons", {}))


def test_the_charts_state_what_the_data_make_true(default_run):
    n = default_run.numbers
    # The regime starts on E08's date, and the arrests subtitle says so.
    assert n["regime_start"] == "2022-03-27"
    texts = words.texts(default_run, "en")
    assert "since 27 March 2022" in texts["arrests"].subtitle
    assert "since March 2022" in texts["deaths-in-custody"].subtitle
    # The computed rate for June 2024 is a range: ESN24b's total, 111,844, over the World
    # Bank's 6,338,193 is 1,764.6 per 100,000; the sum of its own parts, 113,932, over the
    # 2024 census's 6,029,976 is 1,889.4.
    rate = n["computed_incarceration_rate"]
    assert (rate["prisoners"], rate["prisoners_parts_sum"]) == (111844, 113932)
    assert rate["low"] == pytest.approx(111844 / 6338193 * 1e5)
    assert rate["high"] == pytest.approx(113932 / 6029976 * 1e5)
    # The title states the latest rate; the subtitle the one before the state of exception.
    assert texts["incarceration-rate"].title == ("Incarceration rate by June 2024: 1,765–1,889 "
                                                 "per 100,000 people")
    assert "1,765–1,889" not in texts["incarceration-rate"].subtitle
    # The latest rate with its own date: IDHUCA and other NGOs' 1,917 (115,605 over the
    # census's 6,029,976), March 2025; the subtitle names it.
    assert "IDHUCA and other NGOs: 1,917 (March 2025)" in texts["incarceration-rate"].subtitle
    # 19 of the 48 arrest reports are lower bounds (10 before the update, 9 added).
    assert "19 of the 48 reports are “more than” figures" in texts["arrests"].alt


def test_no_computed_rate_shown_says_so():
    run = prisons.run(validate("prisons", {"start_year": 2025}))
    text = words.texts(run, "en")["incarceration-rate"]
    # 2025 has no population figure: no rate is computed, and the subtitle does not claim one.
    assert run.numbers["incarceration_rate_shown"]["computed"] is None
    assert text.variants["subtitle"] == "reported_only"
    assert "computed" not in text.labels
    # The title is the latest rate with a date of its own: 1,917 (March 2025).
    assert text.title == "1,917 prisoners per 100,000 people in March 2025"


# --- a source whose parts do not add up to its own total ---------------------------------------

def test_parts_that_disagree_with_the_total_are_kept_as_a_range():
    prison = prisons.with_parts(pd.DataFrame({
        "date": pd.to_datetime(["2024-06-01", "2024-04-01"]), "value": [111844, 109519],
        "parts_sum": [113932, None], "kind": ["estimate", "estimate"],
        "source_id": ["ESN24b", "ESN24"]}))
    # 80,200 + 39,538 + 1,194 - 7,000 = 113,932, against its stated 111,844: both kept.
    flagged = prison.set_index("source_id").loc["ESN24b"]
    assert (flagged["low"], flagged["high"], flagged["parts_differ"]) == (111844, 113932, True)
    plain = prison.set_index("source_id").loc["ESN24"]
    assert (plain["low"], plain["high"], plain["parts_differ"]) == (109519, 109519, False)


def test_parts_that_add_up_are_not_recorded(tmp_path):
    import shutil

    from cecot import data as cdata
    from cecot import paths
    from cecot.errors import DataError

    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    path = folder / "prison_population.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if ",113932," in line)
    lines[row] = lines[row].replace(",113932,", ",111844,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        cdata.load("prison_population", folder)
    assert (err.value.row, err.value.column) == (row + 1, "parts_sum")
    assert "leave parts_sum empty" in str(err.value)


# --- whose figure, and which figures may carry a title --------------------------------------

def test_every_origin_and_citation_key_names_a_row_of_the_data():
    from cecot import data as cdata

    prison = cdata.load("prison_population")
    rows = set(zip(prison["source_id"], prison["date"].dt.date.astype(str)))
    for source_id, date in prisons.FIGURE_ORIGIN:
        assert any(s == source_id and (date is None or d == date) for s, d in rows), \
            (source_id, date)
    rates = cdata.load("incarceration_rate")
    cited = set(zip(rates["source_id"], rates["date"].dt.date.astype(str)))
    assert set(prisons.CITATION_DATED) <= cited


def test_origin_is_the_figure_s_not_the_publisher_s():
    sources = pd.DataFrame({"source_id": ["NEWS", "GOV", "WPB"],
                            "kind": ["press", "official", "international"]})
    table = prisons.with_origin(frame([
        ["2024-01-01", "year", 1, "count", "NEWS"],       # press, not listed: press
        ["2024-01-01", "year", 2, "count", "GOV"],        # an official publisher: official
        ["2024-01-01", "year", 3, "count", "WPB"],
        ["2021-04-01", "month", 35976, "count", "VLX23a"],  # listed: DGCP's, via the press
        ["2022-08-24", "day", 86287, "estimate", "VLX23a"],  # same source: its own sum
    ], POP_COLUMNS), sources)
    assert list(table["origin"]) == ["press", "official", "international", "official",
                                     "press"]
    assert list(table["body"]) == ["", "", "", "dgcp", ""]
    assert prisons.bodies_of(table) == ["dgcp"]


def test_real_figures_are_coloured_by_who_gave_them(default_run):
    table = default_run.tables["prison-population"].set_index(["source_id", "date"])
    # The 2024 census (via La Prensa Gráfica) is official; the same article's "cerca de
    # 35,000" is the outlet's own; BBC Mundo's 39,274 is World Prison Brief's.
    assert table.loc[("LPG24", "2024-01-01"), "origin"] == "official"
    assert table.loc[("LPG24", "2022-03-01"), "origin"] == "press"
    assert table.loc[("BBC18", "2018-01-01"), "origin"] == "international"
    # The source line names the title's source first (IDHUCA's 115,605), then the bodies
    # whose figures the press carried, official first.
    assert words.texts(default_run, "en")["prison-population"].originators[:4] == \
        ["IDHUCA", "Prisons directorate", "Ministry of Justice and Public Security", "2024 census"]


def test_the_share_title_rests_on_headline_worthy_reports_only():
    national = frame([["2025-03-01", "month", 100000, "count", "A"]], POP_COLUMNS)
    reports = frame([
        ["P1", "2025-03-17", "day", "count", 10000.0, 10000.0, "people", "X", True, ""],
        ["P2", "2025-06-01", "year", "lower_bound", 25000.0, 25000.0, "people", "Y", False,
         "opinion"],
    ], ["report_id", "date", "date_precision", "kind", "low", "high", "unit", "source_id",
        "headline_worthy", "not_headline_because"])
    shares = prisons.cecot_share(reports, national)
    # The opinion column's "more than 25,000" is later and higher, but may not carry a title.
    latest = prisons.latest_share(shares)
    assert (latest["report_id"], latest["low"]) == ("P1", 10)
    summary = prisons.share_series_summary(shares)
    assert [(r["report_id"], r["because"], r["low"]) for r in summary["not_headline"]] == \
        [("P2", "opinion", 25)]


def test_real_share_title_and_what_it_leaves_out(default_run):
    n = default_run.numbers
    # MercoPress's "more than 15,000" (18 April 2025) over IDHUCA's 115,605: at least 12.98%.
    assert (n["cecot_share"]["report_id"], n["cecot_share"]["kind"]) == ("P031", "lower_bound")
    assert n["cecot_share"]["low"] == pytest.approx(15000 / 115605 * 100)
    # The opinion column's undated "more than 25,000" (P032: its date only inferred) is set
    # aside: not drawn, so no gap is measured from a date it does not give.
    assert [r["report_id"] for r in n["cecot_share_series"]["not_headline"]] == []
    text = words.texts(default_run, "en")["cecot-share"]
    assert text.title == "In April 2025, CECOT held at least 13% of El Salvador's prisoners"
    # The first share, 4,000 (15 March 2023) over La Prensa Gráfica's 97,525 (December 2022),
    # 4.1%, divides by a national figure 104 days older: labelled on its mark. So are the
    # others whose nearest national figure is more than 90 days away: BBC Mundo's "more than
    # 12,000" (24 December 2023) and the April 2024 total 99 days later; El Heraldo's about
    # 20,000 (25 September 2024) and June 2024, 116 days before; El Dinamo's about 20,000
    # (December 2025) and IDHUCA's March 2025 estimate, 275 days before (so the title stays
    # with April 2025). AFP's repeated "about 15,000" (12 December 2025) is not a count and
    # not drawn.
    far = n["cecot_share_series"]["far"]
    assert [(r["report_id"], r["gap_days"]) for r in far] == [
        ("P003", 104), ("P034", -99), ("P037", 116), ("P048", 275)]
    assert far[0]["low"] == pytest.approx(4000 / 97525 * 100)
    assert text.labels["far"]["P003"] == "4.1% (national figure from 104 days before)"
    assert text.labels["far_short"]["P034"] == "99 days after"
    assert not text.labels.get("set_aside") and "P032" not in text.labels["far"]
    assert "306" not in text.subtitle and "275 days" in text.subtitle
    es = words.texts(default_run, "es")["cecot-share"]
    assert es.labels["far"]["P003"] == "4.1% (cifra nacional de 104 días antes)"
    # The national figures the shares divide by are dated December 2022, September 2023,
    # April 2024, June 2024 and March 2025: 61 days apart at the closest (April-June 2024),
    # so the fuller note would say they come months apart.
    assert n["cecot_share_series"]["national_min_spacing_days"] == 61
    # The fuller note and the side-by-side sentence run over a phone's three lines, so the
    # shorter form of the note goes with it.
    assert text.note == ("A label gives the gap to the national figure where it is more than 90 "
                         "days. Figures published days apart are set side by side.")


# --- the findings the titles state ---------------------------------------------------------

def test_arrests_pace_compares_what_the_dates_allow():
    regime = pd.Timestamp("2022-01-01")
    table = frame([
        ["2022-12-27", "day", "count", 3600, 3600, "A"],     # 360 days in: 10 a day
        ["2023-01-01", "month", "count", 3700, 3700, "B"],   # January 2023: after the year
        ["2023-06-01", "day", "lower_bound", 9000, None, "C"],  # a floor: no pace
        ["2023-12-27", "day", "count", 3965, 3965, "D"],     # 365 more in 365 days: 1 a day
    ], ARREST_COLUMNS)
    pace = prisons.arrests_pace(table, regime)
    assert (pace["first"]["source_id"], pace["latest"]["source_id"]) == ("A", "D")
    assert pace["per_day"]["first_year_low"] == pytest.approx(10)
    assert pace["per_day"]["since_high"] == pytest.approx(1)
    assert pace["finding"] == "slowed"
    assert pace["first_year_end"] == "2022-12-31"
    # Nothing whose whole span lies inside the first year: no finding.
    assert prisons.arrests_pace(table[table["source_id"] != "A"], regime) is None


def test_real_arrests_slowed_after_the_first_year(default_run):
    pace = default_run.numbers["arrests_pace"]
    # By the first anniversary two March 2023 figures disagree: 66,417 (GZ23) and 67,795
    # (DA-LNS23). March 2023 lies 339 to 369 days after 27 March 2022: 66,417 / 369 = 180.0
    # to 67,795 / 339 = 200.0 a day. Then 90,200 by 25 November 2025 (DA-C360a), 970 to 1,000
    # days after March 2023: (90,200 - 67,795) / 1,000 = 22.4 to (90,200 - 66,417) / 970 =
    # 24.5 a day. Slowed.
    assert (pace["first"]["value"], pace["first"]["high"]) == (66417, 67795)
    assert pace["latest"]["value"] == 90200
    assert pace["per_day"]["first_year_low"] == pytest.approx(66417 / 369)
    assert pace["per_day"]["first_year_high"] == pytest.approx(67795 / 339)
    assert pace["per_day"]["since_low"] == pytest.approx((90200 - 67795) / 1000)
    assert pace["per_day"]["since_high"] == pytest.approx((90200 - 66417) / 970)
    assert pace["finding"] == "slowed"
    text = words.texts(default_run, "en")["arrests"]
    # The latest figure is the 48th extension's "more than 91,300" (24 February 2026).
    assert text.title == ("More than 91,300 arrests under the state of exception by "
                          "February 2026")
    assert "66,417–67,795 by the first year's end (March 2023), slower since" in text.subtitle


def test_growth_is_said_only_as_far_as_its_range_allows():
    def variant(low, high, kind="estimate"):
        return words.growth_variant({"ratio_low": low, "ratio_high": high}, kind)

    assert variant(2.890125, 3.303) == "about_3"  # 115,605 against 35,000-40,000: straddles 3
    assert variant(2.6, 2.95) == "nearly_3"  # wholly below three: "nearly tripled"
    assert variant(3.0, 3.4) == "over_3"  # wholly at or above three: "more than tripled"
    assert variant(1.6, 2.4) == "about_2"
    assert variant(2.4, 2.6) == "times"  # rounds to 2 and to 3: no "about"
    assert variant(2.9, 3.3, "lower_bound") == "at_least"
    assert variant(0.95, 1.2) == "little_changed"
    assert variant(0.5, 0.8) == "fell"


def test_pre_regime_rate_is_the_range_of_that_date(default_run):
    pre = default_run.numbers["computed_incarceration_rate_pre_regime"]
    # March 2022: 35,000 to 40,000 over the World Bank's 6,280,319: 557.30 to 636.91.
    assert pre["date"] == "2022-03-01"
    assert pre["low"] == pytest.approx(35000 / 6280319 * 1e5)
    assert pre["high"] == pytest.approx(40000 / 6280319 * 1e5)
    text = words.texts(default_run, "en")["incarceration-rate"]
    # 1,764.6 / 636.9 = 2.77 to 1,889.4 / 557.3 = 3.39: both round to 3, as the prison
    # population's do; the chart above says "about tripled", this one states its rate.
    assert text.variants["title"] == "about_3"
    assert text.title == "Incarceration rate by June 2024: 1,765–1,889 per 100,000 people"
    assert "557–637 before the state of exception (March 2022)" in text.subtitle
    # World Prison Brief's rates without a date of their own are listed, not drawn: its 605,
    # given in January 2023 only as the rate "before the state of exception" (at the article's
    # date it would read as a rate after the crackdown), and its 1,659, given as "current" in
    # January 2026, which is the 2024 figure (109,519 over 6.6 million), drawn at 2024 already.
    assert [(r["value"], r["source_id"]) for r in
            default_run.numbers["incarceration_rates_not_drawn"]] == [(605, "PL23"),
                                                                      (1659, "PL26P")]
    assert not {"PL23", "PL26P"} & set(default_run.tables["rates-shown"]["source_id"])
    assert "World Prison Brief's" not in text.note


def test_unodc_rates_come_from_its_own_file(default_run):
    rates = default_run.tables["rates"]
    unodc = rates[rates["series"] == "unodc"].set_index("year")["value"]
    # UNODC's CTS file of 2023-05-11, "Persons held", Total: 200.03 (2004), 633.82 (2017).
    assert unodc[2004] == pytest.approx(200.027983704504)
    assert unodc[2017] == pytest.approx(633.815060332431)
    assert "TGE" not in set(rates["source_id"])
    # OAS's 642.25 for 2019 is its own series, kept beside UNODC's 636.30.
    oas = rates[rates["series"] == "oas"]
    assert list(oas["value"]) == [642.25] and unodc[2019] == pytest.approx(636.299669263021)
    assert default_run.numbers["incarceration_rate_releases"]["unodc"] == ["2023-05-11"]
    # UNODC's years get no rate computed here (its own is drawn).
    assert not (default_run.tables["computed-rate-ranges"]["year"] <= 2019).any()


def test_deaths_to_date_each_counter_its_own_series(default_run):
    n = default_run.numbers
    latest = n["deaths_in_custody"]
    # Socorro Jurídico: 487 to 8 February 2026 (Diario Co Latino, 11 February 2026).
    assert (latest["socorro_juridico"]["value"], latest["socorro_juridico"]["date"]) == \
        (487, "2026-02-08")
    # Cristosal: 261 adults and 4 children to 15 April 2024: 265 on its own page.
    assert (latest["cristosal"]["value"], latest["cristosal"]["date"]) == (265, "2024-04-15")
    # Amnesty relays local counts: "más de 300" (December 2024).
    assert (latest["amnesty"]["value"], latest["amnesty"]["kind"]) == (300, "lower_bound")
    assert latest["government"]["value"] == 90
    assert "other" not in latest and "unnamed" not in latest
    # 9 figures with inferred dates, 3 off their series, 2 of deaths in CECOT alone.
    assert n["deaths_in_custody_reports"]["flags"] == {
        "date_inferred": 9, "inconsistent": 3, "subset": 2}
    # The CECOT-only 4 (SJH's January 2026 report) is said in words, not drawn.
    assert (n["deaths_in_cecot"]["value"], n["deaths_in_cecot"]["date"]) == (4, "2026-01-01")
    assert not (default_run.tables["deaths-in-custody"]["flag"] == "subset").any()
    text = words.texts(default_run, "en")["deaths-in-custody"]
    assert text.title == "487 deaths in custody to 8 February 2026, by Socorro Jurídico's count"
    assert text.note.startswith("Socorro Jurídico counts 4 of them in CECOT itself "
                                "(January 2026); the government says none.")
    assert set(text.labels["ends"]) == {"socorro_juridico", "cristosal"}
    es = words.texts(default_run, "es")["deaths-in-custody"]
    assert es.title == ("487 muertes bajo custodia hasta el 8 de febrero de 2026, según "
                        "Socorro Jurídico")


def test_prison_population_latest_has_an_author(default_run):
    n = default_run.numbers
    # IDHUCA and other NGOs' 115,605 (March 2025) is the latest figure whose author is known;
    # the later 110,000 (an advocacy piece) and 120,000 (no source given) are drawn in grey.
    latest = n["latest_prison_population"]
    assert (latest["value"], latest["source_id"], latest["body"]) == (115605, "ESI25b", "idhuca")
    assert [(r["value"], r["because"]) for r in n["prison_population_set_aside"]] == \
        [(110000, "opinion"), (120000, "unattributed")]
    # Before the regime (March 2022): 35,000, 36,663, 38,000, 39,538 and 40,000.
    pre = n["pre_regime_prison_population"]
    assert (pre["low"], pre["high"], pre["rows"]) == (35000, 40000, 5)
    # 115,605 / 40,000 = 2.89 to 115,605 / 35,000 = 3.30: about tripled.
    text = words.texts(default_run, "en")["prison-population"]
    assert text.title == "Prison population about tripled under the state of exception"
    assert "to 115,605 in March 2025, an estimate by IDHUCA and other NGOs" in text.subtitle
    assert text.labels["clusters"] == {"2022-03-01": "5 figures, 35,000–40,000"}


def test_the_rates_computed_here_are_named_once_in_the_key(default_run):
    """"Computed here" heads the key's computed rates once; their entries say only how."""
    for lang, word in (("en", "Computed here"), ("es", "Cálculo propio")):
        labels = words.texts(default_run, lang)["incarceration-rate"].labels
        assert labels["computed_head"].startswith(word)
        shown = [labels[k] for k in ("computed", "computed_range") if k in labels] + \
            list(labels["kinds"].values())
        assert shown and not any(word.lower() in label.lower() for label in shown), shown


def test_the_page_leads_with_deaths(default_run):
    from cecot.computed import tidy

    page = words.page(tidy(default_run.numbers), "en")
    assert page.headline.startswith("487 deaths in custody")
    # The standfirst gives Socorro Jurídico's count; the key numbers do not say it again.
    assert "487 deaths" in page.standfirst
    assert page.key_numbers[0].startswith("Other counts, each at its latest figure")
    assert not any("487" in k or "91,300" in k or "115,605" in k for k in page.key_numbers)
    assert "CECOT" in page.context and 4 <= len(page.methodology) <= 7
    for text in page.strings():
        assert "None" not in text and "nan" not in text and "_" not in text


def test_compute_is_shared_and_never_mutated():
    # One computation of what start_year does not change, per version of the data; each run
    # gets copies.
    first = prisons.run(validate("prisons", {"start_year": 2010}))
    first.tables["death-reports"].loc[:, "low"] = -1
    first.numbers["deaths_in_custody"]["socorro_juridico"]["value"] = -1
    again = prisons.run(validate("prisons", {"start_year": 2010}))
    assert (again.tables["death-reports"]["low"] >= 0).all()
    assert again.numbers["deaths_in_custody"]["socorro_juridico"]["value"] == 487
    assert prisons.base() is prisons.base()


def test_an_edited_file_is_computed_again(tmp_path, monkeypatch):
    import shutil

    from cecot import paths

    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    path = folder / "deaths_in_custody.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2026-02-08,day,socorro_juridico,count,487,487,",
                                 "2026-02-08,day,socorro_juridico,count,488,488,"),
                    encoding="utf-8")
    monkeypatch.setattr(paths, "DATA", folder)
    edited = prisons.run({"start_year": 2007})
    assert edited.numbers["deaths_in_custody"]["socorro_juridico"]["value"] == 488


# --- what is drawn, and where -----------------------------------------------------------------

def test_a_figure_known_only_second_hand_is_kept_but_not_drawn(default_run):
    n = default_run.numbers
    # OUDH-UCA's 111,207 for 2024 is known only through an aggregator's summary (OUDH25 is
    # `secondary`): listed, never drawn, never in a rate or a source line.
    assert [(r["value"], r["source_id"], r["verification"])
            for r in n["prison_population_not_drawn"]] == [(111207, "OUDH25", "secondary")]
    assert "OUDH25" not in set(default_run.tables["prison-population"]["source_id"])
    assert "OUDH25" not in set(default_run.tables["incarceration-rate"]["source_id"])
    assert "OUDH25" not in default_run.sources["prison-population"]
    assert "OUDH25" not in default_run.sources["incarceration-rate"]
    said = words.sentences(default_run, "en")["prison_not_drawn"]
    assert said == ("Kept in the data, not drawn or used: 111,207 (2024), by UCA's "
                    "human-rights observatory, known only through another source quoting it.")


def test_folds_are_said_as_far_as_the_range_goes():
    es = words.Words("es")
    title = "prison-population.title"
    assert words.by_variant(es, title, "nearly_3") == \
        "La población penitenciaria casi se triplicó durante el régimen de excepción"
    assert words.by_variant(es, title, "over_2") == \
        "La población penitenciaria más que se duplicó durante el régimen de excepción"
    assert words.by_variant(words.Words("en"), title, "about_4") == \
        "Prison population about quadrupled under the state of exception"
    assert words.by_variant(es, title, "fell") == \
        "La población penitenciaria se redujo durante el régimen de excepción"


def test_a_caveat_is_given_once(default_run):
    from cecot.computed import tidy

    for lang in ("en", "es"):
        notes = [t.note for t in words.texts(default_run, lang).values() if t.note]
        page = words.page(tidy(default_run.numbers), lang)
        # The arrests chart says "arrests, not people" and that releases are not subtracted;
        # the page does not say it again.
        assert not any("liberaciones" in c or "releases" in c for c in page.caveats)
        for caveat in page.caveats:
            assert all(caveat not in note and note not in caveat for note in notes)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_cecot_share_marks_sit_at_their_dates_and_its_words_keep_clear(default_run, lang):
    import matplotlib.dates as mdates
    from matplotlib.text import Annotation, Text

    from cecot import style
    from cecot.stories.prisons import charts

    text = words.texts(default_run, lang)["cecot-share"]
    for size in style.SIZES:
        frame, _ = charts.cecot_share(default_run, text, size)
        ax = frame.ax
        # The title's figure, MercoPress's "more than 15,000" of 18 April 2025, is an arrow near
        # 18 April 2025: marks of close dates are set side by side (the note says so), never
        # further from their dates than the run of close marks they belong to needs.
        arrows = [t for t in ax.texts if isinstance(t, Annotation) and not t.get_text()]
        starts = [a.xyann[0] for a in arrows]
        target = mdates.date2num(pd.Timestamp("2025-04-18"))
        assert min(abs(s - target) for s in starts) <= 2 * charts.SHARE_DODGE_DAYS[size.narrow]
        assert text.note.endswith(("Figures published days apart are set side by side.",
                                   "Las cifras de fechas cercanas se dibujan una junto a otra."))
        renderer = frame.fig.canvas.get_renderer()
        inside = ax.get_window_extent()
        boxes = []
        for label in [t for t in ax.texts if isinstance(t, Annotation) and t.get_text()]:
            label.update_positions(renderer)
            boxes.append((label.get_text(), Text.get_window_extent(label, renderer)))
        shown = {t.replace("\n", " ") for t, _ in boxes}  # on one line or two
        # The title's (with its day: its mark may sit weeks away) and 4 far.
        assert ("13% (18 Apr)" if lang == "en" else "13% (18 abr)") in shown, shown
        assert len(boxes) == 5, shown
        for name, box in boxes:  # inside the plot: nothing cut at its edge
            assert inside.x0 <= box.x0 and box.x1 <= inside.x1, (lang, size.name, name)
        for i, (a, box_a) in enumerate(boxes):  # no two labels overlap
            for b, box_b in boxes[i + 1:]:
                assert not box_a.overlaps(box_b), (lang, size.name, a, b)
        # No opinion column: its only figure (P032, date inferred) is set aside, not drawn.
        assert not [t for t in ax.texts if t.get_text().startswith(("Opinion", "Columna"))]
        style.plt.close(frame.fig)


def test_the_shown_sentence_agrees_with_its_counts():
    # One rate, none computed (start_year 2025): singular noun, "none", in both languages;
    # several: plural.
    one = prisons.run({"start_year": 2025})
    assert words.sentences(one, "en")["shown"] == (
        "From 2025 on, the charts show 3 prison population figures (the first from 2025), "
        "1 reported rate and none computed here.")
    assert words.sentences(one, "es")["shown"] == (
        "Desde 2025, los gráficos muestran 3 cifras de población penitenciaria (la primera de "
        "2025), 1 tasa publicada y ninguna de cálculo propio.")
    many = prisons.run({"start_year": 2007})
    assert " reported rates and " in words.sentences(many, "en")["shown"]
    assert " tasas publicadas y " in words.sentences(many, "es")["shown"]
    assert "ninguna" not in words.sentences(many, "es")["shown"]


@pytest.mark.parametrize("lang, most", [("en", 2), ("es", 3)])
def test_the_share_title_fits_a_phone(default_run, lang, most):
    from cecot import style
    from cecot.stories.prisons import charts

    text = words.texts(default_run, lang)["cecot-share"]
    narrow = [s for s in style.SIZES if s.narrow][0]
    frame, _ = charts.cecot_share(default_run, text, narrow)
    assert len(frame.title_lines) <= most, frame.title_lines
    style.plt.close(frame.fig)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_cecot_share_words_cover_no_mark(default_run, lang):
    """No placed label's box (its words and their white box, as drawn) lies over any part of a
    mark: a dot, a ring, a range bar or its caps, a "more than" arrow or its head. Measured in
    the pixels the marks are drawn in: the chart is drawn again without its words, grid and
    spines, and no pixel of ink may fall inside a label's box."""
    import numpy as np
    from matplotlib.text import Annotation, Text
    from matplotlib.transforms import Bbox

    from cecot import style
    from cecot.stories.prisons import charts

    text = words.texts(default_run, lang)["cecot-share"]
    for size in style.SIZES:
        frame, _ = charts.cecot_share(default_run, text, size)
        fig, ax = frame.fig, frame.ax
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        labels = [t for t in ax.texts if isinstance(t, Annotation) and t.get_text()]
        assert len(labels) == 5, (lang, size.name)
        boxes = {}
        for label in labels:  # the words and their white box, without the leader line
            box = Text.get_window_extent(label, renderer)
            if label.get_bbox_patch() is not None:
                box = Bbox.union([box, label.get_bbox_patch().get_window_extent(renderer)])
            boxes[label.get_text()] = box
            label.set_visible(False)
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        fig.canvas.draw()  # the marks alone, where they were drawn
        pixels = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(int)
        height = pixels.shape[0]
        for name, box in boxes.items():
            rows = slice(int(height - box.y1) + 1, int(height - box.y0))  # inside its edge
            cols = slice(int(box.x0) + 1, int(box.x1))
            ink = (pixels[rows, cols].min(axis=2) < 230).sum()  # a faint antialiased edge aside
            assert ink == 0, (lang, size.name, name, box, ink)
        style.plt.close(fig)
