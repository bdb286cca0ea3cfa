"""The claims ledger: statuses and recomputed values worked out by hand, the rules behind them,
and claims that change status when the data change."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from cecot import claims, paths
from cecot.claims import Span
from cecot.errors import DataError

from conftest import read_numbers, run_cli

INF = math.inf


@pytest.fixture(scope="module")
def ledger():
    return claims.ledger().set_index("claim_id")


@pytest.fixture(scope="module")
def data():
    return claims.Data.load()


# --- hand-worked claims on the committed data ----------------------------------------------------

def test_the_170_parts_add_up_to_170(ledger):
    # Infobae's parts: 35 food + 15 hygiene + 30 clothing + 20 cleaning + 70 miscellaneous = 170;
    # the article's own parts add up the same way, so the total is consistent.
    row = ledger.loc["CL43"]
    assert row["recomputed_low"] == 170 and row["working_low"] == 170
    assert row["status"] == "consistent"
    for claim_id, part in (("CL38", 35), ("CL39", 15), ("CL40", 30), ("CL41", 20), ("CL42", 70)):
        assert ledger.loc[claim_id, "recomputed_low"] == part
        assert ledger.loc[claim_id, "status"] == "consistent"


def test_the_170_is_right_but_reported_for_other_prisons(ledger):
    # The figure matches Infobae (170 = 170), but Infobae placed it at Zacatecoluca, Apanteos and
    # Izalco: a judgement (status_override), explained in both languages.
    row = ledger.loc["CL37"]
    assert row["recomputed_low"] == 170 and row["status"] == "imprecise"
    assert row["basis"] == "override"
    assert "Zacatecoluca" in row["explanation_en"] and "Zacatecoluca" in row["explanation_es"]


def test_156_per_cell_divides_it_does_not_multiply(ledger):
    # 40,000 / (8 blocks x 32 cells) = 40,000 / 256 = 156.25: "156" is right within 0.5.
    # The working printed, 40,000 x 256, gives 10,240,000: right value, wrong working.
    row = ledger.loc["CL21"]
    assert row["recomputed_low"] == 156.25
    assert row["working_low"] == 10_240_000
    assert row["status"] == "imprecise" and row["basis"] == "data"
    assert "40,000 × 256" in row["explanation_en"] and "10,240,000" in row["explanation_en"]
    assert "40\u202f000 × 256" in row["explanation_es"]


def test_us_payment_per_detainee_per_month(ledger):
    # Implied by the article: US$6,000,000 / 300 detainees / 12 months = 1,666.67 a month.
    # AP: US$20,000 per prisoner per year / 12 = 1,666.67: consistent.
    # Paid per the court filing: 4,760,000 / (6,000,000 / 20,000 = 300) / 12 = 1,322.22.
    row = ledger.loc["CL48"]
    assert row["kind"] == "implied"
    assert row["claimed_low"] == pytest.approx(6_000_000 / 300 / 12)
    assert row["claimed_low"] == pytest.approx(1666.666667)
    assert row["recomputed_low"] == pytest.approx(20_000 / 12)
    assert row["status"] == "consistent"
    assert "1,322.22" in row["explanation_en"]
    # 300 itself: AP's 6,000,000 / 20,000 per prisoner = 300.
    assert ledger.loc["CL46", "recomputed_low"] == 300


def test_six_million_is_aps_figure(ledger):
    row = ledger.loc["CL47"]
    assert row["recomputed_low"] == 6_000_000 and row["status"] == "imprecise"
    assert "4,760,000" in row["explanation_en"] and "4\u202f760\u202f000" in row["explanation_es"]


def test_space_per_inmate(ledger):
    # Density's headline: 2.4 ha = 24,000 m² / 40,000 people = 0.6 m² each.
    assert ledger.loc["CL55", "recomputed_low"] == pytest.approx(0.6)
    assert ledger.loc["CL55", "status"] == "consistent"
    # The article's 0.6: its working 2.4 ha x 10,000 / 40,000 = 0.6 holds; cell by cell,
    # 100 m² / (40,000 / 256 = 156.25) = 0.64, within the 0.05 a one-decimal figure allows.
    row = ledger.loc["CL16"]
    assert row["working_low"] == pytest.approx(0.6)
    assert row["recomputed_low"] == pytest.approx(0.64)
    assert row["status"] == "consistent"
    # 2.4 ha against 256 cells x 100 m² = 25,600 m² = 2.56 ha: 6.7 % more, within 10 %.
    assert ledger.loc["CL15", "recomputed_low"] == pytest.approx(2.56)
    assert ledger.loc["CL15", "status"] == "consistent"


def test_homicide_fall_2019_2020_was_not_62_percent(ledger):
    # Official counts 2,398 (2019) and 1,341 (2020): 1 - 1,341 / 2,398 = 0.4408 -> 44.08 %.
    # 62 is 17.9 points off, far outside the 2 points allowed.
    row = ledger.loc["CL06"]
    assert row["recomputed_low"] == pytest.approx(44.078399, abs=1e-6)
    assert row["difference"] == pytest.approx(44.078399 - 62, abs=1e-6)
    assert row["status"] == "inconsistent"


def test_homicide_peak(ledger):
    # 103 per 100,000 in 2015 (InSight Crime); 2015 has the highest official count (6,657).
    assert ledger.loc["CL03", "status"] == "consistent"
    assert ledger.loc["CL04", "recomputed_low"] == 2015
    # The homicides story publishes the median of the distinct 2015 counts: (6,656 + 6,657) / 2.
    assert ledger.loc["CL61", "recomputed_low"] == 6656.5


def test_land_and_walls(ledger):
    # 166 ha bought - 23 ha built = 143 ha; "140" is 2.1 % off, within 5 %.
    assert ledger.loc["CL13", "recomputed_low"] == 143
    assert ledger.loc["CL13", "status"] == "consistent"
    # The perimeter wall is 11 m in most sources; "3-meter-high" is not.
    assert ledger.loc["CL18", "recomputed_low"] == 11
    assert ledger.loc["CL18", "status"] == "inconsistent"


def test_bunks_read_as_bunks_break_the_capacity(ledger):
    # 80 "bunks" x 4 tiers = 320 places a cell, against the 80 sleeping places VRT reports.
    row = ledger.loc["CL27"]
    assert row["kind"] == "implied" and row["claimed_low"] == 320
    assert row["recomputed_low"] == 80 and row["status"] == "inconsistent"
    # 156.25 per cell at capacity - 80 places = 76.25 without one (the occupancy headline).
    assert ledger.loc["CL59", "recomputed_low"] == 76.25


def test_unverifiable_claims_say_why(ledger):
    # No data at all (Mano Dura arrests); only unverified claims (US$100 million); only
    # Wikipedia, the article's own source (20,000 inmates, and so 78 per cell).
    assert ledger.loc["CL05", ["status", "basis"]].tolist() == ["unverifiable", "missing"]
    assert ledger.loc["CL10", ["status", "basis"]].tolist() == ["unverifiable", "unverified"]
    assert "LR26" in ledger.loc["CL10", "explanation_en"]
    # 20,000 / 256 = 78.125: the arithmetic holds, the 20,000 is Wikipedia's alone.
    assert ledger.loc["CL23", ["status", "basis"]].tolist() == ["unverifiable", "circular"]
    assert ledger.loc["CL23", "working_low"] == pytest.approx(78.125)


def test_a_source_beside_wikipedia_verifies_the_14532(ledger):
    # Wikipedia alone would be circular; El Salvador Now (after La Prensa Gráfica) gives the
    # same total for 11 June 2024, a tally of the president's own transfer announcements.
    row = ledger.loc["CL01"]
    assert (row["status"], row["basis"], row["data_source_ids"]) == ("consistent", "data",
                                                                      "ESN24b")
    assert row["recomputed_low"] == row["recomputed_high"] == 14532
    assert "not a census" in row["explanation_en"]


def test_november_2024_range_departs_from_its_source(ledger):
    # Article 10,000-20,000 against Wikipedia's 15,000-20,000: the low ends differ by half.
    row = ledger.loc["CL44"]
    assert (row["recomputed_low"], row["recomputed_high"]) == (15000, 20000)
    assert row["status"] == "inconsistent" and row["basis"] == "circular"


def test_arrests_and_per_cell_ranges(ledger):
    # "more than 62,000": 62,972 official arrests in January 2023 is at least that.
    assert ledger.loc["CL11", "status"] == "consistent"
    assert ledger.loc["CL11", "recomputed_low"] == 62972
    # 65-70 per cell inside CNN's 10,000-20,000 / 256 = 39.0625-78.125.
    row = ledger.loc["CL24"]
    assert (row["recomputed_low"], row["recomputed_high"]) == (39.0625, 78.125)
    assert row["status"] == "consistent"


def test_counts_and_coverage(ledger):
    counts = claims.status_counts(ledger.reset_index())
    assert sum(counts.values()) == len(ledger) >= 30
    assert counts == {"consistent": 46, "imprecise": 4, "inconsistent": 4, "unverifiable": 7}
    topics = set(ledger["topic"])
    assert {"capacity", "density", "occupancy", "costs", "staff", "population", "arrests",
            "homicides", "deportations", "land"} <= topics


def test_every_claim_is_explained_in_both_languages_on_one_line(ledger):
    for claim_id, row in ledger.iterrows():
        assert row["status"] in claims.STATUSES
        en, es = row["explanation_en"], row["explanation_es"]
        assert en and es and en != es, claim_id
        assert "\n" not in en + es and en.endswith(".") and es.endswith("."), claim_id


def test_quotes_are_a_few_words():
    for row in claims.load_claims().itertuples():
        words = row.quote.replace(" ... ", " ").split()
        assert len(words) <= 8, row.claim_id


# --- the rules, on spans -------------------------------------------------------------------------

def test_span_arithmetic():
    # 10,000-20,000 people / 256 cells = 39.0625-78.125 per cell.
    assert claims.apply("/", Span(10000, 20000), Span(256, 256)) == Span(39.0625, 78.125)
    # 166 - 23 = 143; a range minus a range takes the widest difference: (5-9) - (1-2) = 3-8.
    assert claims.apply("-", Span(166, 166), Span(23, 23)) == Span(143, 143)
    assert claims.apply("-", Span(5, 9), Span(1, 2)) == Span(3, 8)
    # "more than 55,000" / 2 stays open.
    assert claims.apply("/", Span(55000, INF), Span(2, 2)) == Span(27500, INF)
    with pytest.raises(ZeroDivisionError):
        claims.apply("/", Span(1, 1), Span(0, 0))


def test_relations_and_tolerances():
    exact = claims.tolerance_of("exact")
    assert claims.tolerance_of("abs:0.5") == ("abs", 0.5)
    assert claims.tolerance_of("rel:0.05") == ("rel", 0.05)
    with pytest.raises(ValueError):
        claims.tolerance_of("about 5")
    # 156 against 156.25: within 0.5, not within 0.2.
    assert claims.holds("eq", Span(156, 156), Span(156.25, 156.25), ("abs", 0.5))
    assert not claims.holds("eq", Span(156, 156), Span(156.25, 156.25), ("abs", 0.2))
    # 55,000 against 56,847: 1,847 off, within 5 % (2,750); against 58,000 (3,000 off) not.
    assert claims.holds("eq", Span(55000, 55000), Span(56847, 56847), ("rel", 0.05))
    assert not claims.holds("eq", Span(55000, 55000), Span(58000, 58000), ("rel", 0.05))
    # A range must match at both ends.
    assert not claims.holds("eq", Span(10000, 20000), Span(15000, 20000), ("rel", 0.05))
    # 65-70 lies within 39.06-78.13; 65-80 does not.
    assert claims.holds("within", Span(65, 70), Span(39.0625, 78.125), exact)
    assert not claims.holds("within", Span(65, 80), Span(39.0625, 78.125), exact)
    # "more than 62,000": 62,972 qualifies, a claim of "more than 63,000" does not.
    assert claims.holds("at_least", Span(62000, INF), Span(62972, 62972), exact)
    assert not claims.holds("at_least", Span(63000, INF), Span(62972, 62972), exact)
    # "more than 100" compared by its figure.
    assert claims.holds("eq", Span(100, INF), Span(100, 100), exact)
    assert claims.holds("at_most", Span(20000, 20000), Span(15000, 20000), exact)


# --- bad rows in data/claims.csv name the row and the column -------------------------------------

def _edited(claim_id: str, **changes) -> tuple[pd.DataFrame, int]:
    frame = claims.load_claims()
    index = frame.index[frame["claim_id"] == claim_id][0]
    for column, value in changes.items():
        frame.loc[index, column] = value
    return frame, int(index) + 2  # header is row 1


@pytest.mark.parametrize("column, value, message", [
    ("check", "fact:capacity_stated / 256", "only unit factors"),
    ("check", "claim:CL02 / (fact:blocks * fact:cells_per_block)", "in `working` only"),
    ("check", "fact:no_such_fact", "matches no row"),
    ("check", "fact:bunk_tiers", "sources disagree"),
    ("check", "hom:2015.press.rate", "matches 7 rows"),
    ("check", "fact:capacity_stated /", "ends too early"),
    ("working", "claim:CL99 * claim:CL20", "names no claim"),
    ("tolerance", "roughly", "not exact"),
    ("check", "pop:P008.low", "upper bound: it has no low end"),
    ("check", "pop:P029.high", "lower bound: it has no high end"),
])
def test_a_bad_claim_names_row_and_column(data, column, value, message):
    frame, row = _edited("CL21", **{column: value})
    with pytest.raises(DataError) as err:
        claims.evaluate(frame, data)
    assert err.value.file == "data/claims.csv" and err.value.row == row
    assert err.value.column == column and message in str(err.value), str(err.value)
    assert "\n" not in str(err.value)


def test_an_upper_bound_is_open_below(data):
    # "Up to 75 per cell" (P008): anything from 0 to 75, never "exactly 75".
    evaluator = claims.Evaluation(data)
    assert evaluator.value(claims.parse("pop:P008")) == Span(0, 75)
    assert evaluator.value(claims.parse("pop:P008.high")) == Span(75, 75)


def test_an_override_needs_a_reason(data):
    frame, row = _edited("CL02", status_override="imprecise")
    with pytest.raises(DataError) as err:
        claims.evaluate(frame, data)
    assert err.value.row == row and err.value.column == "note_en"


def test_an_implied_claim_takes_no_figure(data):
    frame, row = _edited("CL27", claimed_low=320.0, claimed_high=320.0)
    with pytest.raises(DataError) as err:
        claims.evaluate(frame, data)
    assert err.value.row == row and err.value.column == "claimed_low"


# --- a claim whose data change flips status ------------------------------------------------------

def test_a_changed_part_flips_the_total_in_memory(data):
    costs = data.tables["costs"].copy()
    costs.loc[costs["item"] == "family_package_part_food", "value"] = 45.0
    edited = claims.Data({**data.tables, "costs": costs})
    table = claims.evaluate(claims.load_claims(), edited).set_index("claim_id")
    # 45 + 15 + 30 + 20 + 70 = 180: neither the $35 nor the $170 total holds any more.
    assert table.loc["CL38", ["status", "recomputed_low"]].tolist() == ["inconsistent", 45]
    assert table.loc["CL43", ["status", "recomputed_low"]].tolist() == ["inconsistent", 180]


def test_a_source_that_echoes_the_claim_is_not_corroboration(data):
    population = data.tables["population"].copy()
    population.loc[population["report_id"] == "P020", "low"] = 10000
    edited = claims.Data({**data.tables, "population": population})
    table = claims.evaluate(claims.load_claims(), edited).set_index("claim_id")
    before = claims.evaluate(claims.load_claims(), data).set_index("claim_id")
    # Wikipedia now says 10,000-20,000 too: agreement with the article's own source is not
    # corroboration, so the claim becomes unverifiable rather than consistent.
    assert before.loc["CL44", "status"] == "inconsistent"
    assert table.loc["CL44", ["status", "recomputed_low", "recomputed_high"]].tolist() == \
        ["unverifiable", 10000, 20000]
    assert table.loc["CL21", "status"] == before.loc["CL21", "status"]


# The same through the build, from an edited CSV: test_incremental's edited-CSV run.


# --- the command line ----------------------------------------------------------------------------

# Every run writes the ledger in both languages; nbval re-runs the default one and checks
# these committed files byte for byte.

def test_the_ledger_is_written_in_both_languages():
    story = paths.FIGURES / "claims"
    numbers = read_numbers(paths.ROOT, "claims")
    assert numbers["article_status_counts"] == {"consistent": 39, "imprecise": 4,
                                                "inconsistent": 4, "unverifiable": 7}
    assert numbers["by_claim"]["CL21"] == {"status": "imprecise", "claimed": 156,
                                           "recomputed": 156.25}
    assert numbers["by_claim"]["CL05"]["recomputed"] is None
    assert numbers["by_claim"]["CL11"]["claimed"] == [62000, None]  # "more than"
    for lang in ("en", "es"):
        for ext in ("png", "svg", "json", "md", "html"):
            assert (story / f"ledger.{lang}.{ext}").stat().st_size > 0
    ledger_csv = pd.read_csv(story / "ledger.csv")
    assert len(ledger_csv) == numbers["claims"] == 61
    assert dict(zip(ledger_csv["claim_id"], ledger_csv["status"])) == \
        {k: v["status"] for k, v in numbers["by_claim"].items()}
    sidecar = json.loads((story / "ledger.es.json").read_text(encoding="utf-8"))
    assert sidecar["title"].startswith("39 de las 54 cifras") and sidecar["alt_text"]
    assert sidecar["source_ids"] == ["ARTICLE"] and sidecar["data_as_of"] == "2025-03-17"
    spanish = (story / "ledger.es.md").read_text(encoding="utf-8")
    assert "**no verificable**" in spanish and "7 no verificables" in spanish


@pytest.mark.parametrize("args, name", [
    (["--lang", "fr"], "lang"),
    (["-p", "population", "5"], "population"),
])
def test_bad_parameter_is_one_line_and_writes_nothing(tmp_path, args, name):
    out = tmp_path / "out"
    result = run_cli("build", "claims", *args, "--output", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"'{name}'" in lines[0], lines
    assert not out.exists()


def test_committed_numbers_are_the_ledger_of_the_committed_data():
    numbers = read_numbers(paths.ROOT, "claims")
    from cecot.bundle import tidy
    assert numbers == tidy(claims.headline(claims.ledger()))


def test_rendered_tables_are_deterministic(ledger):
    table = ledger.reset_index()
    for lang in ("en", "es"):
        assert claims.markdown(table, lang) == claims.markdown(table.iloc[::-1], lang)
        assert claims.html_fragment(table, lang) == claims.html_fragment(table.iloc[::-1], lang)


# --- the numbers the other notebooks publish -----------------------------------------------------

def _published(story: str, path: str):
    file = paths.FIGURES / story / "numbers.json"
    if not file.exists():
        pytest.skip(f"figures/{story}/numbers.json not built yet")
    value = json.loads(file.read_text(encoding="utf-8"))
    for part in path.split("."):
        assert part in value, f"{story}: numbers.json has no key '{path}'"
        value = value[part]
    return value


HEADLINES = [r.claim_id for r in claims.load_claims().itertuples() if r.kind == "headline"]


@pytest.mark.parametrize("claim_id", HEADLINES)
def test_headline_claims_match_the_published_numbers(ledger, claim_id):
    row = ledger.loc[claim_id]
    # Recomputed here from data/ and as published: the same number.
    assert row["status"] == "consistent"
    keys = row["published_key"].split(";")  # 'low;high' for a range
    ends = [row["claimed_low"], row["claimed_high"]] if len(keys) == 2 else [row["claimed_low"]]
    for key, expected in zip(keys, ends, strict=True):
        story, _, path = key.partition(".")
        assert _published(story, path) == pytest.approx(expected, abs=1e-6), key
    test_file, _, test_name = row["asserted_by"].partition("::")
    source = paths.ROOT / test_file
    if not source.exists():
        pytest.skip(f"{test_file} not written yet")
    if test_name:
        assert re.search(rf"^def {test_name}\(", source.read_text(encoding="utf-8"), re.M), \
            row["asserted_by"]
