"""The homicide story: its arithmetic against values worked out by hand, its parameter checks,
its words under other parameters (computed in-process), and bad rows in a copy of the data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.text import Text
import pandas as pd
import pytest

from cecot import data as cdata
from cecot import fmt, params, paths, style
from cecot.errors import DataError, ParameterError
from cecot.stories.homicides import charts, words
from cecot.stories.homicides import compute as homicides

from conftest import computed

KNOWN = "all, official, unodc, world_bank, insight_crime, press"


def rows(*records) -> pd.DataFrame:
    """A small homicide table: (year, series, measure, value, agency, source_id)."""
    frame = pd.DataFrame(records, columns=["year", "series", "measure", "value", "agency",
                                           "source_id"])
    frame["note"] = ""
    return frame


# --- combining several figures for one year ------------------------------------------------

def test_combine_publishes_the_figure_most_sources_give():
    # 2019 official counts as published: 2,398 by three sources, 2,383 and 2,389 by one each.
    # The figure most sources give is 2,398; the range 2,383-2,398 is always kept; the middle
    # of the distinct figures, 2,389, only places a mark on a chart.
    combined = homicides.combine([2398, 2383, 2389, 2398, 2398], ["A", "B", "C", "D", "E"])
    assert combined == {"low": 2383.0, "value": 2398.0, "high": 2398.0, "mid": 2389.0,
                        "n_figures": 3}


def test_combine_on_a_tie_publishes_only_the_range():
    # 2015: IML 6,656 and the police 6,657, one source each. Neither is given by more sources,
    # so there is no single figure: never their average, 6,656.5.
    combined = homicides.combine([6656, 6657], ["IML15", "AP15"])
    assert combined["value"] is None
    assert (combined["low"], combined["high"]) == (6656.0, 6657.0)


def test_a_source_counts_once_however_many_rows_repeat_it():
    # 154 twice from one outlet and 214 from another: one source each, a tie.
    assert homicides.combine([154, 154, 214], ["C12a", "C12a", "C12b"])["value"] is None
    # A row citing two sources ("A;B") counts both: 114 from two sources beats 106 from one.
    assert homicides.combine([114, 106], ["A;B", "C"])["value"] == 114.0


def test_combine_without_figures_raises():
    with pytest.raises(ValueError):
        homicides.combine([])


# --- change --------------------------------------------------------------------------------------

def test_pct_change_by_hand():
    # 2,398 -> 1,341: (1,341 - 2,398) / 2,398 = -1,057 / 2,398 = -0.440784 -> -44.0784 %.
    assert homicides.pct_change(2398, 1341) == pytest.approx(-44.0784, abs=1e-4)
    # A rise: 40 -> 50 is +25 %.
    assert homicides.pct_change(40, 50) == pytest.approx(25.0)
    with pytest.raises(ValueError):
        homicides.pct_change(0, 5)


def test_change_between_disagreeing_years():
    # 2019: 2,398 (three sources), 2,383, 2,389 -> 2,398.  2020: 1,341, 1,332, 1,322, 1,324,
    # one source each: no figure most sources give, so no central change, only its range.
    # Largest fall: highest 2019 (2,398) to lowest 2020 (1,322): -1,076 / 2,398 = -44.8707 %.
    # Smallest fall: lowest 2019 (2,383) to highest 2020 (1,341): -1,042 / 2,383 = -43.7264 %.
    change = homicides.change_between([2398, 2383, 2389, 2398, 2398],
                                      [1341, 1332, 1322, 1324])
    assert change["change_pct"] is None
    assert change["change_pct_low"] == pytest.approx(-44.8707, abs=1e-4)
    assert change["change_pct_high"] == pytest.approx(-43.7264, abs=1e-4)
    # With one figure most sources give in each year, the change is on those figures:
    # 2,398 -> 1,341 (twice): (1,341 - 2,398) / 2,398 = -44.0784 %.
    change = homicides.change_between([2398, 2398, 2383], [1341, 1341, 1322])
    assert change["change_pct"] == pytest.approx(-44.0784, abs=1e-4)


def test_change_is_null_where_a_year_is_missing():
    change = homicides.change_between([37.16], [])
    assert change == {"change_pct": None, "change_pct_low": None, "change_pct_high": None}


def test_summarise_peak_latest_and_change():
    frame = rows((2014, "unodc", "rate", 63.62, "UNODC", "U1"),
                 (2015, "unodc", "rate", 107.64, "UNODC", "U1"),
                 (2016, "unodc", "rate", 85.09, "UNODC", "U1"),
                 (2019, "unodc", "rate", 38.54, "UNODC", "U1"),
                 (2020, "unodc", "rate", 21.51, "UNODC", "U1"))
    # Window 2014-2016: peak 107.64 in 2015, latest 2016. The change 2019 -> 2020 lies outside
    # the window and is still computed: (21.51 - 38.54) / 38.54 = -17.03 / 38.54 = -44.1879 %.
    summary = homicides.summarise(frame, 2019, 2020, 2014, 2016)
    assert (summary["peak_year"], summary["peak_value"]) == (2015, 107.64)
    assert (summary["latest_year"], summary["latest_value"]) == (2016, 85.09)
    assert summary["years_with_data"] == 3
    assert summary["change_pct"] == pytest.approx(-44.1879, abs=1e-4)
    assert homicides.summarise(frame, 2019, 2020, 2017, 2018) is None


# --- spread ------------------------------------------------------------------------------------

def test_relative_spread_by_hand():
    # 2003: the lowest rate 36 (government, via Focos TV), the highest 55.99 (World Bank):
    # (55.99 - 36) / 36 = 19.99 / 36 = 0.555278 -> 55.5278 %.
    assert homicides.relative_spread(36, 55.99) == pytest.approx(55.5278, abs=1e-4)
    assert homicides.relative_spread(2.4, 2.4) == 0.0


def test_spread_per_year():
    frame = rows((2003, "press", "rate", 36.0, "government", "FOC"),
                 (2003, "unodc", "rate", 55.95, "UNODC", "U1"),
                 (2003, "world_bank", "rate", 55.99, "World Bank", "W1"),
                 (2003, "press", "rate", 55.68, "datosmacro", "DM13"),
                 (2021, "unodc", "rate", 17.34, "UNODC", "U1"),
                 (2023, "insight_crime", "rate", 2.4, "InSight Crime", "IC23"),
                 (2023, "press", "rate", 2.4, "government", "DES24"),
                 (2023, "official", "count", 154, "PNC", "C12a"))
    table = homicides.spread(frame, "rate").set_index("year")
    # 2003: max - min = 55.99 - 36 = 19.99; 19.99 / 36 = 55.53 %; four rows from three series.
    assert table.loc[2003, "spread"] == pytest.approx(19.99)
    assert table.loc[2003, "spread_pct"] == pytest.approx(55.5278, abs=1e-4)
    assert table.loc[2003, "n_rows"] == 4 and table.loc[2003, "n_series"] == 3
    assert table.loc[2003, "low_from"] == "press/government"
    assert table.loc[2003, "high_from"] == "world_bank/World Bank"
    # 2021: one figure only, nothing to compare: no spread (not zero).
    assert pd.isna(table.loc[2021, "spread"]) and pd.isna(table.loc[2021, "spread_pct"])
    # 2023: two sources agree on 2.4: a spread of exactly zero.
    assert table.loc[2023, "spread"] == 0 and table.loc[2023, "n_figures"] == 1
    # The count of 2023 is not a rate.
    assert set(homicides.spread(frame, "count")["year"]) == {2023}


def test_widest_spread():
    frame = rows((2001, "press", "rate", 37.0, "government", "FOC"),
                 (2001, "world_bank", "rate", 60.57, "World Bank", "W1"),
                 (2017, "press", "rate", 60.8, "PNC", "AP18"),
                 (2017, "press", "rate", 83.0, "Canal 12", "C12a"))
    # 2001: 23.57 / 37 = 63.70 %; 2017: 22.2 / 60.8 = 36.51 %. 2001 is wider.
    wide = homicides.widest(homicides.spread(frame, "rate"))
    assert wide["year"] == 2001 and wide["spread_pct"] == pytest.approx(63.7027, abs=1e-4)


# --- rates recomputed from counts -------------------------------------------------------------

def test_rate_by_hand():
    # 6,656 homicides among 6,231,066 people: 6,656 / 6,231,066 * 100,000 = 106.819.
    assert homicides.rate(6656, 6231066) == pytest.approx(106.819, abs=1e-3)
    with pytest.raises(ValueError):
        homicides.rate(10, 0)


def test_recomputed_rates_prefer_the_consistent_population_and_never_interpolate():
    frame = rows((2010, "official", "count", 4005, "IML", "LPG11"),
                 (2010, "official", "count", 3985, "PNC", "LPG11"),
                 (2016, "official", "count", 5239, "government", "UH16"),
                 (2018, "official", "count", 3346, "PNC", "C12a"),
                 (2020, "official", "count", 1322, "government", "EP21"),
                 (2010, "unodc", "rate", 65.70, "UNODC", "U1"))
    pop = pd.DataFrame({"year": [2010, 2010, 2016, 2020],
                        "population": [6114034, 6183002, 6250510, 6486201],
                        "source_id": ["WBPOP", "LPG11", "WBPOP", "OWIDPOP"], "note": ""})
    out = homicides.recomputed_rates(frame, pop, 2000, 2024)
    # 2010: counts 3,985 and 4,005 from one source (LPG11) each a figure: a tie, so no single
    # recomputed rate, only its range: on WBPOP 3,985 / 6,114,034 = 65.18 to 4,005 / 6,114,034
    # = 65.50 per 100,000 (drawn at the middle, 3,995: 65.34); the DIGESTYC projection
    # 6,183,002 gives 64.45-64.77 (not preferred).
    y2010 = out[out["year"] == 2010].set_index("population_source")
    assert bool(y2010.loc["WBPOP", "preferred"]) and not bool(y2010.loc["LPG11", "preferred"])
    assert pd.isna(y2010.loc["WBPOP", "rate"])
    assert y2010.loc["WBPOP", "rate_low"] == pytest.approx(65.1779, abs=1e-3)
    assert y2010.loc["WBPOP", "rate_high"] == pytest.approx(65.5050, abs=1e-3)
    assert y2010.loc["WBPOP", "rate_mid"] == pytest.approx(65.3416, abs=1e-3)
    assert y2010.loc["LPG11", "rate_low"] == pytest.approx(64.4509, abs=1e-3)
    # 2016 covers part of the year: kept, flagged. 2020 has only another source: preferred.
    assert bool(out.loc[out["year"] == 2016, "partial"].iloc[0])
    assert bool(out.loc[out["year"] == 2020, "preferred"].iloc[0])
    # 2018 has no population: no rate, and it is listed.
    assert 2018 not in set(out["year"])
    assert homicides.missing_population_years(frame, pop, 2000, 2024) == [2018]
    # Published 65.70 against the recomputed range 65.18-65.50: 0.20 above its nearer end.
    # The partial year gives no gap.
    gaps = homicides.rate_gaps(frame, out)
    assert list(gaps["year"]) == [2010]
    assert gaps["gap"].iloc[0] == pytest.approx(65.70 - 65.5050, abs=1e-3)


def test_partial_counts_stay_out_of_the_summaries():
    frame = rows((2015, "official", "count", 6656, "IML", "IML15"),
                 (2016, "official", "count", 5239, "government", "UH16"))
    assert list(homicides.full_years(frame)["year"]) == [2015]
    numbers = homicides.agency_numbers(frame, 2019, 2020, 2000, 2024)
    assert "government" not in numbers and numbers["IML"]["peak_year"] == 2015


def test_date_positions_on_the_year_axis():
    # 26 March 2022 is day 85 of 365: 2022 + 84.5 / 365 = 2022.2315.
    assert charts.date_x(dt.date(2022, 3, 26), "day") == pytest.approx(2022.2315, abs=1e-4)
    # A year-precision date sits mid-year; March (31 days from day 59) sits mid-month.
    assert charts.date_x(dt.date(2014, 1, 1), "year") == 2014.5
    assert charts.date_x(dt.date(2012, 3, 1), "month") == pytest.approx(
        2012 + (60 + 15.5) / 366, abs=1e-6)


def test_numbers_in_each_language():
    # The story's own number() is gone: cecot.fmt writes every number. Spanish follows es_SV
    # now (a comma groups thousands, a point marks decimals), as Salvadoran media write.
    assert fmt.number(6656, "en", 0) == "6,656"
    assert fmt.number(6656, "es", 0) == "6,656"
    assert fmt.number(55.5, "es", 1) == "55.5"


# --- the data itself ---------------------------------------------------------------------------

def test_the_story_reads_the_curated_data():
    frame = homicides.table()
    assert homicides.known_series(frame) == KNOWN.split(", ")[1:]
    # The conflicts the issue names are kept as separate rows.
    counts = frame[(frame["series"] == "official") & (frame["measure"] == "count")]
    assert {154.0, 214.0} <= set(counts.loc[counts["year"] == 2023, "value"])
    assert {2576.0, 2594.0} <= set(counts.loc[counts["year"] == 2012, "value"])


def test_headline_default_numbers():
    numbers = homicides.headline(homicides.table(), homicides.population(), series="all",
                                 start_year=2000, end_year=2024, compare_from=2019,
                                 compare_to=2020)
    assert numbers["series"] == ["official", "unodc", "world_bank", "insight_crime", "press"]
    for name in numbers["series"]:
        assert {"peak_year", "peak_value", "latest_year", "latest_value",
                "change_pct"} <= set(numbers[name])
    assert numbers["official"]["peak_year"] == 2015
    # 2015: 6,656 (IML) and 6,657 (police), one source each: only the range is published.
    assert numbers["official"]["peak_value"] is None
    assert (numbers["official"]["peak_low"], numbers["official"]["peak_high"]) == (6656, 6657)
    # 2024: 114 (four sources) against 106 (one tally of daily posts): 114.
    assert numbers["official"]["latest_value"] == 114
    # The World Bank's release of 2026-02-24 runs to 2022 (and republishes UNODC's series):
    # 2019 -> 2020, 38.54 -> 21.51: -17.03 / 38.54 = -44.1879 %.
    assert numbers["world_bank"]["change_pct"] == pytest.approx(-44.1879, abs=1e-4)
    # No annual figure supports the article's "as much as 62 percent" fall from 2019 to 2020:
    # the largest fall any pair allows is 38.0 -> 20 per 100,000 (press): -18 / 38 = -47.37 %.
    assert numbers["fall_2019_2020"]["largest_fall_pct"] == pytest.approx(-47.3684, abs=1e-4)
    # The World Bank's population release of 2026-04-08 covers every year with a count.
    assert numbers["recomputed_rates"]["missing_population_years"] == []


# --- parameters --------------------------------------------------------------------------------

@pytest.mark.parametrize("values, name, fragment", [
    ({"series": "unhcr"}, "series", f"unknown series 'unhcr' (known: {KNOWN})"),
    ({"start_year": "2021", "end_year": "2010"}, "start_year", "is after end_year"),
    ({"start_year": "2027", "end_year": "2030"}, "start_year", "no data between 2027 and 2030"),
    ({"start_year": "1990", "end_year": "1993"}, "end_year", "no data between 1990 and 1993"),
    ({"series": "insight_crime", "start_year": "2016", "end_year": "2018"}, "start_year",
     "no data for series 'insight_crime' between 2016 and 2018"),
    ({"compare_from": "1990"}, "compare_from", "outside the data"),
    ({"compare_to": "2030"}, "compare_to", "outside the data"),
    ({"compare_from": "2020", "compare_to": "2019"}, "compare_from", "must be before"),
])
def test_bad_parameters_name_the_parameter(values, name, fragment):
    with pytest.raises(ParameterError) as err:
        params.validate("homicides", values, homicides.parameter_problem)
    assert f"parameter '{name}'" in str(err.value) and fragment in str(err.value), err.value


def test_good_parameters_pass():
    assert homicides.parameter_problem(params.defaults("homicides")) is None
    checked = params.validate("homicides", {"series": "unodc", "start_year": "1994",
                                            "end_year": "2022"}, homicides.parameter_problem)
    assert checked["series"] == "unodc" and checked["start_year"] == 1994


# --- other parameters, computed in-process -----------------------------------------------------

def test_window_2010_2020():
    numbers = computed("homicides", start_year=2010, end_year=2020).numbers
    assert (numbers["start_year"], numbers["end_year"]) == (2010, 2020)
    assert numbers["series"] == ["official", "unodc", "world_bank", "insight_crime", "press"]
    official = numbers["official"]
    # Peak 2015: 6,656 and 6,657, one source each: no single figure. Latest in the window:
    # 2020, counts 1,322 (two sources), 1,341 (two), 1,324 and 1,332: a tie, the range only.
    assert (official["peak_year"], official["peak_value"]) == (2015, None)
    assert (official["latest_year"], official["latest_value"]) == (2020, None)
    assert (official["latest_low"], official["latest_high"]) == (1322.0, 1341.0)
    # 2020 has no single figure, so the change 2019 -> 2020 is only a range: 2,398 -> 1,322 is
    # -44.87 %, 2,383 -> 1,341 is -43.73 %.
    assert official["change_pct"] is None
    assert official["change_pct_low"] == pytest.approx(-44.8707, abs=1e-4)
    assert official["change_pct_high"] == pytest.approx(-43.7264, abs=1e-4)
    # UNODC ends the window at 21.51 (2020); InSight Crime's 2020 is 19.7 or 21.2, one source
    # each: the range, no single figure.
    assert (numbers["unodc"]["latest_year"], numbers["unodc"]["latest_value"]) == (2020, 21.51)
    assert numbers["insight_crime"]["latest_value"] is None
    assert (numbers["insight_crime"]["latest_low"], numbers["insight_crime"]["latest_high"]) \
        == (19.7, 21.2)
    assert numbers["world_bank"]["latest_year"] == 2020
    # Recomputed rates in the window: every year 2010-2020, on the World Bank's population.
    recomputed = numbers["recomputed_rates"]
    assert recomputed["years"] == list(range(2010, 2021))
    assert recomputed["missing_population_years"] == []
    # The widest gap between rates in 2010-2020: 2017, 60.8 against 83: 22.2 / 60.8 = 36.51 %.
    assert numbers["widest_rate_spread"]["year"] == 2017
    assert numbers["widest_rate_spread"]["spread_pct"] == pytest.approx(36.5132, abs=1e-4)


def test_window_2010_2020_words():
    story = computed("homicides", start_year=2010, end_year=2020)
    rates = words.texts(story, "es")["rates-by-source"]
    # Without the 2015 outlier (115.8, DL16), 2015's rates run 103 to 107.64; 2020's run 19.7
    # (IC20) to 21.51 (U1). Every 2020 figure is below every 2015 one: a fall, stated as the
    # range of every published rate of each year (no one source's figure stands for all), in
    # whole numbers from 10 up: 103–108 and 20–22. The authorities, InSight Crime and UNODC all
    # give 2020 figures, so none is named in the title.
    assert rates.title == "Tasa de homicidios: 103–108 por 100,000 en 2015; 20–22 en 2020"
    # 2015 is not the highest year of the data (UNODC 1995: 138.44) but is of 2010 on.
    assert rates.variants["peak"] == "since"
    # Three publishers for 2020 make the long form run over three lines on a phone: the
    # short one keeps both findings.
    assert rates.subtitle == ("Por 100,000 habitantes, 2010–2020. 2015 es el año con la tasa más "
                              "alta desde 2010; la de 2020 es de las autoridades, InSight Crime "
                              "y la UNODC.")
    assert rates.as_of == "2020-12-31"
    # Official rates are drawn up to 2020, after July 2019 (C02): what the count behind them
    # leaves out is said by the chart's key of changes, which lists July 2019, and not again
    # in the note.
    assert rates.variants["note"] == "in_key"
    assert any(line.startswith("jul. 2019") or "2019" in line.split(":")[0]
               for line in rates.labels["changes"]), rates.labels["changes"]
    assert rates.note == ("Una tasa de 2015, de 115.8, queda muy por encima de las demás y se "
                          "excluye del rango de 103–108.")
    # Counts since 2005 in 2010-2020: 2012 lies furthest apart, 2,543 (police, quoted by AP)
    # against 2,594 (forensic institute): 51 / 2,543 = 2.01 %, more than any other year. The
    # long title runs over two lines on a phone; the short one still says whose each is.
    spread = words.texts(story, "en")["disagreement"]
    assert spread.title == "Counts differ most in 2012: police 2,543, forensic institute 2,594"
    spread = words.texts(story, "es")["disagreement"]
    assert spread.title == ("Los conteos de homicidios difieren más en 2012: Policía, 2,543; "
                            "Medicina Legal, 2,594")


def test_one_series_unodc():
    story = computed("homicides", series="unodc")
    numbers = story.numbers
    assert numbers["series_selected"] == "unodc" and numbers["series"] == ["unodc"]
    assert "official" not in numbers and "official_by_agency" not in numbers
    unodc = numbers["unodc"]
    # Peak 107.64 (2015); the series ends in 2022 at 7.897688; 2019 -> 2020:
    # (21.51 - 38.54) / 38.54 = -44.1879 %, a single figure each year so no range.
    assert (unodc["peak_year"], unodc["peak_value"]) == (2015, pytest.approx(107.64))
    assert (unodc["latest_year"], unodc["latest_value"]) == (2022, pytest.approx(7.897688))
    assert unodc["change_pct"] == pytest.approx(-44.1879, abs=1e-4)
    assert unodc["change_pct_low"] == unodc["change_pct_high"] == unodc["change_pct"]
    fall = numbers["fall_2019_2020"]
    assert list(fall["by_series"]) == ["unodc_rate"]
    # Within UNODC, only 2011 has two figures: 69.2 (quoted by InSight Crime) and 71.77:
    # 2.57 / 69.2 = 3.7139 %.
    assert numbers["widest_rate_spread"]["year"] == 2011
    assert numbers["widest_rate_spread"]["spread_pct"] == pytest.approx(3.7139, abs=1e-4)
    # Official counts are not selected: no official-counts chart, and the notebook says so.
    assert list(story.sources) == ["rates-by-source", "disagreement"]
    assert list(charts.drawn(story)) == ["rates-by-source", "disagreement"]
    assert words.sentences(story, "en")["official"].startswith(
        "Official counts are not among the selected series (unodc)")
    for size in style.SIZES:
        frame, drawn = charts.DRAW["rates-by-source"](story, words.texts(story, "en")[
            "rates-by-source"], size)
        plt.close(frame.fig)
        published = drawn[drawn["kind"] == "published"]
        assert set(published["series"]) == {"unodc"} and len(published) > 20
    # Alone, UNODC is not said to be republished; the subtitle names whose figures they are.
    # 2015 (107.64) is UNODC's highest from 2000 on; 1995 (138.44) is higher.
    text = words.texts(story, "en")["rates-by-source"]
    assert text.labels["series"] == {"unodc": "UNODC"}
    assert text.title == "Homicide rate: 108 per 100,000 in 2015; 7.9 in 2022"
    assert text.subtitle.startswith("Homicides per 100,000 inhabitants in UNODC figures, "
                                    "2000–2025. 2015 is the highest year since 2000")


def test_the_disagreement_title_states_only_what_the_numbers_make_true():
    # Default window: since 2005 the official counts lie furthest apart in 2023: 154 (FGR,
    # PNC) against 214 (C12b): 60 / 154 = 38.96 %; 2022 is 458 against 569 (24.2 %).
    # The low end is the police's and the prosecutors' (C12a, EMU25), the high end the
    # government's (C12b): the title says whose each is.
    default = words.texts(computed("homicides"), "en")["disagreement"]
    assert default.variants["title"] == "count_gap"
    assert default.title == ("Counts differ most in 2023: police and prosecutors 154, "
                             "government 214")
    es = words.texts(computed("homicides"), "es")["disagreement"]
    assert es.title == ("Los conteos oficiales de homicidios difieren más en 2023: 154 (Policía "
                        "y Fiscalía) frente a 214 (Gobierno)")
    # The press gives a count of its own for 2025 (72, Diario El Salvador): compared with the
    # official ones, and said so; with the official series alone, only official counts.
    assert default.subtitle.endswith("rates from every source; official and press counts")
    assert es.subtitle.endswith("tasas de todas las fuentes; conteos oficiales y de prensa")
    official = words.texts(computed("homicides", series="official"), "en")["disagreement"]
    assert official.subtitle.endswith(": official counts") and "press" not in official.subtitle
    # One body's figure is one figure, however many copies or outlets repeat it: 2006 has
    # UNODC's rate and the World Bank's copy of it; 2025 the government's 1.3 in three outlets
    # (EFE26H, DAD26H, ECO26H). Neither is "all figures the same"; 2023's rates, from the
    # authorities and InSight Crime, do agree.
    table = computed("homicides").tables["disagreement"]
    rates = table[table["measure"] == "rate"].set_index("year")["spread_pct"]
    assert rates.isna()[2006] and rates.isna()[2025] and rates[2023] == 0
    # The phone keeps the title's year labelled.
    assert default.labels["widest"]["count"]["year"] == "2023"
    # 2000-2004: the widest rate gap is 2001 (37 against 60.15), and no year has two counts
    # (2003's 3,356 is Datosmacro's, an aggregator, left out): nothing to state.
    early = words.texts(computed("homicides", end_year=2004), "en")["disagreement"]
    assert early.variants["title"] == "plain"


def test_counts_in_the_alt_text_agree_in_number():
    # 2000-2005: two events (2003, 2004) and one counting-rule change (C01, 2004).
    text = words.texts(computed("homicides", end_year=2005), "en")["rates-by-source"]
    assert "Numbered marks show 2 events; triangles on the time axis, 1 change in" in text.alt
    text = words.texts(computed("homicides", end_year=2005), "es")["rates-by-source"]
    assert "señalan 2 hechos; los triángulos en el eje del tiempo, 1 cambio en" in text.alt


def test_the_rate_title_states_figures_not_a_percentage_across_sources():
    story = computed("homicides")
    numbers = story.numbers["charts"]["rates-by-source"]
    # Without DL16's 115.8 (an outlier by its own note), 2015 runs 103 to 107.64: UNODC
    # (107.64), InSight Crime (103), the authorities (103, 106.3) and the press (103-105);
    # 2025 has 1.3 only (EFE26H, DAD26H, ECO26H: the government).
    assert (numbers["rates"]["peak_low"], numbers["rates"]["peak_high"]) == (103, 107.64)
    assert numbers["rates"]["latest_value"] == 1.3 and numbers["latest_from"] == ["authorities"]
    assert numbers["peak_from"] == ["authorities", "insight_crime", "unodc", "press"]
    assert numbers["outliers_left_out"] == [2015]
    # Four rule changes are dated 2015-2025: July 2019, May 2021, March and April 2022.
    assert numbers["changes_between"] == 4
    # The last official rate (2025) is counted under the rule of April 2022 (C05).
    assert numbers["official_excludes"] == {"change_id": "C05", "date": "2022-04-01"}
    # One pair, each end attributed: every published 2015 rate as a range (103–108, not one
    # source's 103 against the page's 108), and 2025's official 1.3. No verb: the count's
    # rules changed in between. The title names whose the 2025 figure is; the subtitle does
    # not say it again.
    en = words.texts(story, "en")["rates-by-source"]
    assert en.title == "Homicide rate: 103–108 per 100,000 in 2015; an official 1.3 in 2025"
    assert en.subtitle == ("Homicides per 100,000 inhabitants by source, 2000–2025. 2015 is the "
                           "highest year since 2000.")
    es = words.texts(story, "es")["rates-by-source"]
    assert es.title == ("Tasa de homicidios: 103–108 por 100,000 en 2015; 1.3 (cifra oficial) en "
                        "2025")
    # Diario Co Latino's 115.8 for 2015, which the data call an outlier, is drawn: the note
    # says why the title's range stops at 108. What the official count leaves out since April
    # 2022 is said once, in the chart's key of changes, not again in the note.
    assert en.note == ("One 2015 rate, 115.8, is far above the others and is excluded from the "
                       "103–108 range.")
    assert en.variants["note"] == "in_key"
    assert any(line.startswith("Apr 2022: Deaths of alleged gang members and of prisoners")
               for line in en.labels["changes"]), en.labels["changes"]
    # InSight Crime's line is drawn: the source line names it.
    assert en.originators[:2] == ["UNODC", "InSight Crime"]
    # The World Bank's figures are UNODC's: listed once.
    assert "World Bank" not in en.alt
    # The page says the same pair, with the same caveat.
    page = words.page(story.numbers, "en")
    # The outlier the chart draws is said apart, so the page does not contradict the chart.
    # What the count leaves out is said once, in the context, not again in a key number.
    assert ("In 2015 the published rates ran from 103 to 108 per 100,000 (one more, 115.8, lies "
            "far above the rest); in 2025 the official rate was 1.3.") in page.key_numbers
    assert "since April 2022" in page.context
    es_page = words.page(story.numbers, "es")
    assert "(otra más, de 115.8, queda muy por encima de las demás)" in es_page.key_numbers[1]
    # The context claims no independent estimate, which no source here gives (a caveat says
    # none was found for the latest years).
    for said in (page.context, es_page.context):
        assert "independ" not in said
    # From 2016 on, the window's highest year (2016) is not called the highest: 2015 was
    # higher.
    later = words.texts(computed("homicides", start_year=2016), "en")["rates-by-source"]
    assert later.variants["peak"] == "none" and "highest" not in later.subtitle


def test_the_world_bank_is_drawn_as_the_unodc_series_it_republishes():
    # The World Bank's rates are UNODC's (data/sources.csv W1): every World Bank figure is also
    # a UNODC figure of that year (UNODC's 2011 has one more, 69.2, quoted by InSight Crime).
    story = computed("homicides")
    numbers = story.numbers["charts"]["rates-by-source"]
    assert numbers["republished"] == {"world_bank": {"of": "unodc", "own_years": []}}
    points = story.tables["rate_points"]
    assert points.loc[points["series"] == "world_bank", "republished"].all()
    assert not points.loc[points["series"] == "unodc", "republished"].any()
    en = words.texts(story, "en")["rates-by-source"]
    assert en.labels["series"]["unodc"] == "UNODC (also published by the World Bank)"
    es = words.texts(story, "es")["rates-by-source"]
    assert es.labels["series"]["unodc"] == "UNODC (también en el Banco Mundial)"
    # Drawn once: the legend has no World Bank line of its own.
    frame, _ = charts.DRAW["rates-by-source"](story, en, style.FULL)
    legend = [t.get_text() for t in frame.fig.legends[0].get_texts()]
    plt.close(frame.fig)
    assert "UNODC (also published by the World Bank)" in legend
    assert not any(label.startswith("World Bank") for label in legend)
    # A World Bank figure UNODC does not give is a figure of its own.
    frame = rows((2015, "unodc", "rate", 107.64, "UNODC", "U1"),
                 (2015, "world_bank", "rate", 105.23, "World Bank", "W1"),
                 (2016, "world_bank", "rate", 85.09, "World Bank", "W1"),
                 (2016, "unodc", "rate", 85.09, "UNODC", "U1"))
    assert homicides.republished(frame) == [False, False, True, False]


def test_the_phone_chart_keeps_cecot_and_the_numbers_of_the_full_size():
    story = computed("homicides")
    events = story.tables["events"]
    assert list(events.loc[events["key"], "event_id"]) == ["E03", "E06", "E07", "E08", "E09",
                                                           "E10"]
    en = words.texts(story, "en")["rates-by-source"]
    kept = [(e["n_narrow"], e["text"]) for e in en.labels["events"] if e["key"]]
    # Numbered 1 to n on the phone too, the 62 killed of 26 March 2022 (which led to the state
    # of exception) among them.
    assert kept == [("1", "Mar 2012: Gang truce brokered"),
                    ("2", "20 Jun 2019: Territorial Control Plan begins"),
                    ("3", "26 Mar 2022: 62 killed in one day (87 in 3 days)"),
                    ("4", "27 Mar 2022: State of exception approved"),
                    ("5", "31 Jan 2023: CECOT inaugurated"),
                    ("6", "24 Feb 2023: First 2,000 prisoners moved to CECOT")]
    # Each counting-rule change says what changed, at both sizes.
    assert en.labels["changes"][1] == ("Jul 2019: Deaths in clashes with security forces and "
                                       "bodies in graves left out")
    frame, _ = charts.DRAW["rates-by-source"](story, en, style.NARROW)
    shown = " ".join(t.get_text() for ax in frame.fig.axes for t in ax.texts)
    plt.close(frame.fig)
    assert "CECOT inaugurated" in shown and "Apr 2022: Deaths of alleged gang" in shown


def test_the_counts_title_and_subtitle():
    story = computed("homicides")
    en = words.texts(story, "en")["official-counts"]
    # 2015: 6,656 (IML) and 6,657 (police), one source each, both about 6,660 (three
    # significant figures); 2025: 82 (EFE26H, DAD26H, CSV26P). Every 2025 figure is below.
    assert en.title == "Official homicide counts fell from about 6,660 in 2015 to 82 in 2025"
    # What the 2019 and 2022 rules leave out opens the subtitle (the axis gives the years).
    # (both left out from April 2022, as the rate chart and the page say).
    assert en.subtitle == ("From July 2019 the count leaves out deaths in clashes with security "
                           "forces; from April 2022, those of alleged gang members and "
                           "prisoners")
    assert en.variants == {"title": "fell", "subtitle": "both"}
    # One word per concept at both sizes: the legend is the same on a phone.
    assert "short" not in en.labels
    # 2000-2010: the peak is 2009 (4,382 from two sources, 4,365 from one: 4,382) and the
    # latest 2010 (4,004 from two sources; 3,985, 3,987 and 4,005 from one each: 4,004). Every
    # 2010 figure lies below every 2009 figure: a fall. No rule change is in force yet.
    early = words.texts(computed("homicides", end_year=2010), "en")["official-counts"]
    assert early.variants == {"title": "fell", "subtitle": "plain"}
    assert early.title == "Official homicide counts fell from 4,382 in 2009 to 4,004 in 2010"
    assert en.originators == ["PNC (police)", "IML (forensic institute)",
                              "FGR (Attorney General)"]


def test_every_number_the_charts_state_is_in_the_numbers():
    numbers = computed("homicides").numbers["charts"]
    rates = numbers["rates-by-source"]["rates"]
    assert (rates["peak_low"], rates["peak_high"], rates["latest_high"]) == (103, 107.64, 1.3)
    # Every year with a count to 2024 is recomputed on the World Bank's population (release
    # of 2026-04-08); 2025 has no population yet.
    assert numbers["rates-by-source"]["other_population_years"] == []
    # Labels on the counts chart: the peak (2015), the latest year (2025) and the years 5 % or
    # more apart: 2022 (458 against 569: 111 / 458 = 24.2 %), 2023 (154 / 214) and 2024
    # (106 / 114: 7.5 %).
    assert list(numbers["official-counts"]["labelled"]) == ["2015", "2022", "2023", "2024",
                                                            "2025"]
    text = words.texts(computed("homicides"), "en")
    assert text["official-counts"].labels["values"]["2022"] == "458–569"
    # The tall count bars (at least a quarter of the tallest, 2001's 62.6 %: 15.65 %) carry
    # their figures; 2003 no longer compares Datosmacro's 3,356. 2025 compares the press's 72
    # (Diario El Salvador) and 85 (Infodemia) with the official 82: 13 / 72 = 18.1 %.
    assert text["disagreement"].labels["values"]["count"] == {"2022": "458–569",
                                                              "2023": "154–214",
                                                              "2025": "72–85"}


def test_the_notebook_sentences_come_from_the_numbers():
    story = computed("homicides")
    said = words.sentences(story, "en")
    # 2019 -> 2020 in every series with both years, ties included: the largest fall is the
    # press's 38 -> 20 (-47.37 %), the smallest InSight Crime's 35.8 -> 21.2 (-40.78 %).
    assert said["fall"] == ("From 2019 to 2020, the largest fall any pair of figures of one "
                            "series allows is 47.37%, and the smallest 40.78%.")
    # series=official, 2010-2016: the official counts have both years (2,383-2,398 and
    # 1,322-1,341), so a fall is stated: (1,322 - 2,398) / 2,398 = -44.87 %,
    # (1,341 - 2,383) / 2,383 = -43.73 %.
    official = words.sentences(computed("homicides", series="official", start_year=2010,
                                        end_year=2016, compare_from=2012, compare_to=2013),
                               "en")
    assert official["fall"].endswith("is 44.87%, and the smallest 43.73%.")
    assert "official" not in official


# --- bad rows in a copy of the data ------------------------------------------------------------

def _copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    return folder


def _append(folder: Path, record: list[str]) -> int:
    """Append one row to homicides.csv; return its spreadsheet row number."""
    path = folder / "homicides.csv"
    text = path.read_text(encoding="utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(record)
    path.write_text(text + buffer.getvalue(), encoding="utf-8")
    return len(text.splitlines()) + 1


@pytest.mark.parametrize("record, column, fragment", [
    (["2015", "gangs", "rate", "99", "PNC", "AP15", ""], "series", "is not one of"),
    (["2015", "official", "count", "-5", "PNC", "AP15", ""], "value", "below the minimum 0"),
    (["1985", "official", "count", "100", "PNC", "AP15", ""], "year", "below the minimum 1990"),
    (["2031", "unodc", "rate", "1.5", "UNODC", "U1", ""], "year", "above the maximum 2030"),
])
def test_bad_row_names_file_row_and_column(tmp_path, record, column, fragment):
    folder = _copy_data(tmp_path)
    row = _append(folder, record)
    with pytest.raises(DataError) as err:
        cdata.validate_all(folder)
    assert err.value.file == "data/homicides.csv"
    assert err.value.row == row and err.value.column == column, str(err.value)
    assert fragment in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("record, fragment", [
    (["2015", "official", "rate", "6656", "IML", "IML15", ""], "is impossible"),
    (["2015", "official", "count", "6656.5", "IML", "IML15", ""], "whole number"),
])
def test_rows_the_schema_accepts_but_the_story_refuses(tmp_path, record, fragment):
    # The table schema alone lets these through; the row rule (cecot.rules.homicide_value)
    # refuses them wherever the file is read: by the data check and by the story alike.
    folder = _copy_data(tmp_path)
    row = _append(folder, record)
    for read in (cdata.validate_all, homicides.table):
        with pytest.raises(DataError) as err:
            read(folder)
        assert err.value.file == "data/homicides.csv"
        assert err.value.row == row and err.value.column == "value"
        assert fragment in str(err.value)


def test_a_window_before_the_first_official_count():
    # The first official count is 2003: a window of 1995-1996 has rates (World Bank) and no
    # count, so nothing is recomputed and no official-counts chart is made; nothing fails.
    story = computed("homicides", series="world_bank", start_year=1995, end_year=1996)
    assert story.numbers["recomputed_rates"]["years"] == []
    text = words.texts(story, "en")
    assert list(text) == ["rates-by-source", "disagreement"]
    # 1995 138.44 -> 1996 117: a fall; 1995 is the highest year of the whole series.
    assert text["rates-by-source"].title == "Homicide rate: 138 per 100,000 in 1995; 117 in 1996"
    assert text["rates-by-source"].variants["peak"] == "peak"
    for chart_id, draw in charts.drawn(story).items():
        for size in style.SIZES:
            plt.close(draw(story, text[chart_id], size)[0].fig)
    # The counts chart of an official window before any count says so.
    empty = computed("homicides", series="official", start_year=1995, end_year=2003)
    counts = words.texts(empty, "en")["official-counts"]
    assert counts.title == "Official count: 2,195 homicides in 2003"


def test_rates_are_drawn_by_whose_figure_they_are():
    # A rate the press printed from the police or the government is an official rate: drawn
    # in the official colour, apart from the press's own (AP, Foreign Policy...).
    assert homicides.rate_group("press", "government") == "press_official"
    assert homicides.rate_group("press", "PNC") == "press_official"
    assert homicides.rate_group("press", "AP") == "press"
    assert homicides.rate_group("unodc", "UNODC") == "unodc"
    assert charts.series_colour("press_official") == style.colour("official")
    assert charts.series_colour("press") == style.colour("press")
    story = computed("homicides")
    points = story.tables["rate_points"]
    # 2025's only rate, 1.3, is the government's (EFE26H, DAD26H, ECO26H).
    assert list(points.loc[points["year"] == 2025, "group"]) == ["press_official"]
    # 2015: AP's 103 and 104, Foreign Policy's 105 and Diario Co Latino's 115.8 are the press's
    # own; the police's 103 and the government's 106.3 are official.
    press_2015 = points[(points["year"] == 2015)
                        & points["group"].isin(["press", "press_official"])]
    assert sorted(press_2015.loc[press_2015["group"] == "press", "value"]) == [
        103.0, 104.0, 105.0, 115.8]
    assert sorted(press_2015.loc[press_2015["group"] == "press_official", "value"]) == [
        103.0, 106.3]
    en = words.texts(story, "en")["rates-by-source"]
    assert en.labels["series"]["press_official"] == "Official rates, as reported in the press"


def test_a_phone_keeps_the_key_events_numbered_one_to_n():
    # The phone keeps the truce (E03), the Territorial Control Plan (E06), the 62 killed of
    # 26 March 2022 (E07), the state of exception (E08), CECOT's opening (E09) and first
    # transfer (E10), numbered 1 to 6; the full size numbers all ten.
    story = computed("homicides")
    text = words.texts(story, "en")["rates-by-source"]
    events, items = charts.events_on_size(story.tables["events"], text.labels["events"],
                                          style.NARROW)
    assert list(events["event_id"]) == ["E03", "E06", "E07", "E08", "E09", "E10"]
    assert [item["n"] for item in items] == ["1", "2", "3", "4", "5", "6"]
    assert items[2]["text"] == "26 Mar 2022: 62 killed in one day (87 in 3 days)"
    _, full = charts.events_on_size(story.tables["events"], text.labels["events"], style.FULL)
    assert [item["n"] for item in full] == [str(n) for n in range(1, 11)]


def test_the_official_counts_alt_text_says_one_figure_once():
    story = computed("homicides")
    # 2025 has one published count, 82: said once, not "82 to 82".
    es = words.texts(story, "es")["official-counts"]
    assert "de 2025, 82;" in es.alt and "82 a 82" not in es.alt


def test_the_range_labels_of_the_official_counts_never_collide():
    # 2022 (458–569), 2023 (154–214) and 2024 (106–114) sit side by side near zero: at both
    # sizes no two labels overlap, and no leader runs through another label.
    story = computed("homicides")
    for lang in ("en", "es"):
        text = words.texts(story, lang)["official-counts"]
        for size in style.SIZES:
            frame, _ = charts.DRAW["official-counts"](story, text, size)
            frame.fig.canvas.draw()
            renderer = frame.fig.canvas.get_renderer()
            notes = [a for a in frame.ax.texts if a.arrow_patch is not None]
            labels = [a.get_text() for a in notes]
            assert "154–214" in labels and "6,656–6,657" in labels and "82" in labels, labels
            boxes = [Text.get_window_extent(a, renderer) for a in notes]  # the words only
            for i, box in enumerate(boxes):
                for other in boxes[i + 1:]:
                    assert not box.overlaps(other), (lang, size.name, labels)
                for j, note in enumerate(notes):
                    if j == i:
                        continue
                    path = note.arrow_patch.get_path().transformed(
                        note.arrow_patch.get_transform())
                    assert not path.intersects_bbox(box.shrunk(0.9, 0.8), filled=False), (
                        lang, size.name, labels[j], labels[i])
            plt.close(frame.fig)


def test_the_page_says_each_caveat_once_and_which_release_was_read():
    page = words.page(computed("homicides").numbers, "en")
    # The rule changes, the years before joint validation and the World Bank republishing
    # UNODC are on the charts; the page keeps what no chart says.
    assert page.caveats == [
        "Figures after each change in the counting rules are not comparable with earlier ones, "
        "and the data cannot say how much of the fall the changes explain; no independent "
        "count of the latest years was found.",
        "UNODC's rates were read in the World Bank's release of 24 February 2026, which ends "
        "in 2022 for El Salvador. The World Bank has published newer releases since, the latest "
        "on 1 October 2026; their homicide figures could not be read for this project."]
    assert ("The official count for 2023 is 154 (police and prosecutors) or 214 (government): "
            "two official figures that no source explains.") in page.key_numbers
