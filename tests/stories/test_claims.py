"""The claims ledger: statuses and recomputed values worked out by hand, the rules behind them,
claims that change status when the data change, and the words of its chart."""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil

import pandas as pd
import pytest

from cecot import data as cdata
from cecot import fmt, paths, rules
from cecot.errors import DataError
from cecot.ranges import Span
from cecot.stories.claims import ledger as claims
from cecot.stories.claims import words

from conftest import computed


@pytest.fixture(scope="module")
def story():
    return computed("claims")


@pytest.fixture(scope="module")
def ledger(story):
    return story.tables["claims"].set_index("claim_id")


@pytest.fixture(scope="module")
def data():
    return claims.Data.load()


# --- hand-worked claims on the committed data ----------------------------------------------------

def test_the_170_and_its_parts_are_one_claim_reported_for_other_prisons(ledger, story):
    # Infobae's parts: 35 food + 15 hygiene + 30 clothing + 20 cleaning + 70 miscellaneous = 170;
    # the text's own parts add up the same way. Every figure matches Infobae (170 = 170), but
    # Infobae placed them at Zacatecoluca, Apanteos and Izalco: a judgement (status_override),
    # explained in both languages. Seven figures, one claim.
    row = ledger.loc["CL43"]
    assert row["recomputed_low"] == 170 and row["working_low"] == 170
    for claim_id, part in (("CL38", 35), ("CL39", 15), ("CL40", 30), ("CL41", 20), ("CL42", 70)):
        assert ledger.loc[claim_id, "recomputed_low"] == part
        assert ledger.loc[claim_id, ["status", "claim"]].tolist() == ["imprecise", "CL37"]
    row = ledger.loc["CL37"]
    assert row["recomputed_low"] == 170 and row["basis"] == "override"
    assert (row["claim_status"], row["decided_by"]) == ("imprecise", "CL37")
    assert "Zacatecoluca" in row["explanation_en"] and "Zacatecoluca" in row["explanation_es"]
    by_claim = story.tables["claims_by_claim"].set_index("claim")
    assert by_claim.loc["CL37", ["status", "figures"]].tolist() == ["imprecise", 7]
    assert "CL38" not in by_claim.index


def test_80_four_tiered_bunks_is_one_phrase(ledger):
    # VRT counts 80 sleeping places a cell (not 80 bunks: imprecise); CNN 4 tiers (holds). One
    # claim, with the verdict of its weakest figure: imprecise. The text never wrote 80 x 4 =
    # 320: that figure (CL27 before) is gone.
    assert ledger.loc["CL25", ["status", "recomputed_low"]].tolist() == ["imprecise", 80]
    assert ledger.loc["CL26", ["status", "recomputed_low", "claim"]].tolist() == \
        ["consistent", 4, "CL25"]
    assert ledger.loc["CL26", "claim_status"] == "imprecise"
    assert "CL27" not in ledger.index and "CL51" not in ledger.index
    assert "80 sleeping places" in ledger.loc["CL25", "explanation_en"]


def test_156_per_cell_divides_it_does_not_multiply(ledger):
    # 40,000 / (8 blocks x 32 cells) = 40,000 / 256 = 156.25: "156" is right within 0.5.
    # The working printed, 40,000 x 256, gives 10,240,000: right value, wrong working.
    row = ledger.loc["CL21"]
    assert row["recomputed_low"] == 156.25
    assert row["working_low"] == 10_240_000
    assert row["status"] == "imprecise" and row["basis"] == "data"
    assert "40,000 × 256" in row["explanation_en"] and "10,240,000" in row["explanation_en"]
    # Spanish numbers follow es_SV, as Salvadoran media write them (40,000; before: 40 000).
    assert "40,000 × 256" in row["explanation_es"]


def test_us_payment_per_detainee_per_month_beside_the_grant(ledger):
    # Implied by the phrase "US$6 million for 300 foreign detainees": US$6,000,000 / 300
    # detainees / 12 months = 1,666.67 a month. AP: US$20,000 per prisoner per year / 12 =
    # 1,666.67: this figure holds. It is a figure of the US$6 million claim (CL47), not a claim
    # of its own: one phrase, one claim, with the verdict of its weakest figure (CL47's
    # imprecise), never the same quote under two verdicts.
    row = ledger.loc["CL48"]
    assert row["kind"] == "implied"
    assert row["claimed_low"] == pytest.approx(6_000_000 / 300 / 12)
    assert row["recomputed_low"] == pytest.approx(20_000 / 12)
    assert row["status"] == "consistent"
    assert (row["claim"], row["claim_status"], row["decided_by"]) == ("CL47", "imprecise",
                                                                      "CL47")
    # Beside it, the grant letter released in court, spread as the costs story spreads it:
    # the letter's US$4,760,000 over the 238 men of the first flight (16 March 2025) for the
    # twelve months of its terms: 4,760,000 / 238 / 12 = 1,666.67 a month; never US$1,322
    # (4.76 million / 300 / 12), which no story publishes, nor a range with the US$4.7 million
    # some outlets give for the same letter.
    assert row["context_low"] == row["context_high"] == pytest.approx(1666.67, abs=0.01)
    assert "US$1,667" in row["explanation_en"] and "1,322" not in row["explanation_en"]
    assert "US$1,667" in row["explanation_es"] and "1,646" not in row["explanation_es"]
    # AP's rate spreads US$6 million over 300 men, the letter's payment over the 238 it names:
    # not "the same terms".
    assert "spread over the 238 men of the first flight" in row["explanation_en"]
    assert "repartidos entre los 238 hombres del primer vuelo" in row["explanation_es"]
    assert "same terms" not in row["explanation_en"]
    assert "mismos términos" not in row["explanation_es"]
    # 300 itself: AP's 6,000,000 / 20,000 per prisoner = 300.
    assert ledger.loc["CL46", "recomputed_low"] == 300


def test_the_grant_per_man_month_is_the_costs_figure(ledger):
    # One quantity, one figure: the ledger works out 1666.67 from data/costs.csv (see above)
    # and the costs story publishes the same (CL62, checked against
    # figures/costs/numbers.json by test_headline_claims_match_the_published_numbers).
    row = ledger.loc["CL62"]
    assert row["recomputed_low"] == row["recomputed_high"] == pytest.approx(1666.67, abs=0.01)
    assert row["status"] == "consistent"
    assert (row["recomputed_low"], row["recomputed_high"]) == (
        ledger.loc["CL48", "context_low"], ledger.loc["CL48", "context_high"])


def test_six_million_is_aps_figure(ledger):
    # AP's account of memos (imprecise: not a Foreign Ministry statement); paid, per the
    # grant letter released in court: US$4.76 million (the letter's own figure).
    row = ledger.loc["CL47"]
    assert row["recomputed_low"] == 6_000_000 and row["status"] == "imprecise"
    assert (row["context_low"], row["context_high"]) == (4_760_000, 4_760_000)
    assert "US$4.76 million" in row["explanation_en"] and "4.7–" not in row["explanation_en"]
    assert "US$4.76 millones" in row["explanation_es"]


def test_the_share_deported_is_like_for_like(ledger):
    # The text sets 238 Tren de Aragua suspects and 23 MS-13 members against the ~300 of the
    # deal: 100 x (238 + 23) / 300 = 87 %. The ~300 (6,000,000 / 20,000, AP) were Tren de
    # Aragua suspects only: like for like, 100 x 238 / 300 = 79.33 %. Each figure holds (238,
    # 23, 300), the comparison does not: imprecise ("combination"). The 238 is Bukele's, via
    # Voz (VOZ25), not the low-reliability Giornale Sera's 261.
    row = ledger.loc["CL52"]
    assert row["working_low"] == pytest.approx(87)
    assert row["recomputed_low"] == pytest.approx(79.333333)
    assert (row["status"], row["basis"]) == ("imprecise", "combination")
    assert row["data_source_ids"] == "AP25b;VOZ25"
    assert "79.3%" in row["explanation_en"] and "87%" in row["explanation_en"]


def test_a_comparison_of_wrong_figures_does_not_hold(data):
    # If Bukele's 238 were 250 in the data, the text's 238 would not hold, and neither would
    # the share it invites (100 x 250 / 300 = 83.3 % against 87 %): inconsistent.
    costs = data.tables["costs"].copy()
    item = "us_deportees_received_2025_03_16_tren_de_aragua"
    costs.loc[costs["item"] == item, "value"] = 250.0
    table = claims.evaluate(claims.load_claims(), claims.Data({**data.tables, "costs": costs}))
    table = table.table.set_index("claim_id")
    assert table.loc["CL49", "status"] == "inconsistent"
    assert table.loc["CL52", ["status", "basis"]].tolist() == ["inconsistent", "data"]


def test_space_per_inmate(ledger):
    # Density's headline: 40,000 / 256 cells = 156.25 per cell; 100 m² / 156.25 = 0.64 m².
    assert ledger.loc["CL55", "recomputed_low"] == pytest.approx(0.64)
    assert ledger.loc["CL55", "status"] == "consistent"
    # All cell floor: 256 x 100 m² = 25,600 m²; the ICRC asks 3.4 / 0.64 = 5.3125 times more.
    assert ledger.loc["CL57", "recomputed_low"] == 25600
    assert ledger.loc["CL58", "recomputed_low"] == pytest.approx(5.3125)
    # The text's 0.6: its working 2.4 ha x 10,000 / 40,000 = 0.6 holds; cell by cell,
    # 100 m² / (40,000 / 256 = 156.25) = 0.64, within the 0.05 a one-decimal figure allows.
    row = ledger.loc["CL16"]
    assert row["working_low"] == pytest.approx(0.6)
    assert row["recomputed_low"] == pytest.approx(0.64)
    assert row["status"] == "consistent"
    # 2.4 ha against the cells' floor as sources give a cell: 256 x 92.9 m² (SCMP) = 2.378 ha
    # to 256 x 100 m² = 2.56 ha; 2.4 lies within, to the 0.05 ha a one-decimal figure allows
    # (before: 10 % either side of 2.56).
    row = ledger.loc["CL15"]
    assert (row["recomputed_low"], row["recomputed_high"]) == (pytest.approx(2.37824),
                                                               pytest.approx(2.56))
    assert (row["relation"], row["tolerance"], row["status"]) == ("within", "abs:0.05",
                                                                  "consistent")


def test_62_percent_is_a_half_year_fall_given_for_whole_years(ledger):
    # Reuters reported a 62.5 % fall for January-June 2020 against January-June 2019
    # (data/published_changes.csv HC01): "62" is 62.5 rounded down, within the 0.5 a whole
    # percentage allows, but the text gives it for 2019 to 2020. Whole years, official counts
    # 2,398 and 1,341: 1 - 1,341 / 2,398 = 0.4408 -> 44.1 %, shown beside it.
    row = ledger.loc["CL06"]
    assert row["recomputed_low"] == 62.5 and row["tolerance"] == "abs:0.5"
    assert row["status"] == "imprecise" and row["basis"] == "override"
    assert "first half of 2020" in row["explanation_en"] and "44.1%" in row["explanation_en"]
    assert "primer semestre de 2020" in row["explanation_es"]


def test_homicide_peak_says_what_highest_means(ledger):
    # 103 per 100,000 in 2015 (InSight Crime): holds. 2015 has the highest official count
    # (6,657 police; official counts from 2003), but UNODC's series, from 1994, peaks in 1995
    # (138.44 per 100,000 against 107.64 in 2015), and the data hold no other country's rate to
    # rank El Salvador "the highest in the world": imprecise, and the peak claim as a whole
    # with it.
    assert ledger.loc["CL03", "status"] == "consistent"
    row = ledger.loc["CL04"]
    assert (row["recomputed_low"], row["context_low"]) == (2015, 1995)
    assert (row["status"], row["claim"], row["claim_status"]) == ("imprecise", "CL03",
                                                                  "imprecise")
    assert "1995" in row["explanation_en"] and "highest in the world" in row["explanation_en"]
    assert "más alta del mundo" in row["explanation_es"]
    # 2015's official counts disagree (6,656 IML, 6,657 police) with no figure most sources
    # give: the homicides story publishes the range, never their average, 6,656.5.
    row = ledger.loc["CL61"]
    assert (row["recomputed_low"], row["recomputed_high"]) == (6656, 6657)
    assert row["status"] == "consistent"


def test_land_and_walls(ledger):
    # 166 ha bought - 23 ha built = 143 ha; "140" is 143 rounded to tens (abs:5).
    assert ledger.loc["CL13", ["recomputed_low", "tolerance", "status"]].tolist() == \
        [143, "abs:5", "consistent"]
    # The 3 m walls are, per Wikipedia alone, inner walls around pairs of blocks: nothing
    # independent to check them against (the 11 m most sources give is the outer wall, shown
    # beside it). Before: "inconsistent", against the wrong wall.
    row = ledger.loc["CL18"]
    assert (row["status"], row["basis"], row["context_low"]) == ("unverifiable", "missing", 11)
    assert ledger.loc["CL19", ["status", "claim"]].tolist() == ["unverifiable", "CL18"]
    assert "11 m" in row["explanation_en"] and "Wikipedia" in row["explanation_en"]


def test_65_to_70_a_cell_is_what_a_cell_can_fit(ledger):
    # AP, 16 March 2025: "Each cell can fit 65 to 70 prisoners" (P024): the same figures, but
    # a capacity, not a count, and the SAIS source named was not found: imprecise. Before, the
    # claim was set inside CNN's 10,000-20,000 / 256 = 39.06-78.13 a cell with a tolerance of
    # 0.5 on a range 39 wide: any figure from 39 to 78 would have "held". CNN's range is now
    # shown beside it.
    row = ledger.loc["CL24"]
    assert (row["recomputed_low"], row["recomputed_high"]) == (65, 70)
    assert (row["relation"], row["tolerance"]) == ("eq", "exact")
    assert (row["status"], row["basis"]) == ("imprecise", "override")
    assert (row["context_low"], row["context_high"]) == (39.0625, 78.125)


def test_unverifiable_claims_say_why(ledger):
    # No data at all (Mano Dura arrests); only unverified claims (US$100 million), named by
    # their publishers, not by ids, and by the person who said it.
    assert ledger.loc["CL05", ["status", "basis"]].tolist() == ["unverifiable", "missing"]
    assert ledger.loc["CL10", ["status", "basis"]].tolist() == ["unverifiable", "unverified"]
    explanation = ledger.loc["CL10", "explanation_en"]
    assert "Rodrigo Chaves" in explanation and "US$135.35 million" in explanation
    assert "December 2022" in explanation  # the reserve, as El Diario de Hoy reported it
    assert "LR26" not in explanation and "YSKL24" not in explanation
    # 20,000 / 256 = 78.125: the 20,000 is CNN's upper end of 17 March 2025, which the text
    # dates to November 2024: right figure, wrong date; part of the 10,000-20,000 claim.
    assert ledger.loc["CL23", ["status", "basis", "claim"]].tolist() == ["imprecise", "override",
                                                                        "CL44"]
    assert ledger.loc["CL23", "recomputed_low"] == pytest.approx(78.125)
    assert ledger.loc["CL23", "working_low"] == pytest.approx(78.125)


def test_the_100_million_says_who_reported_whom_said_it(ledger, data):
    # At one press conference in Costa Rica (12 November 2024), Radio YSKL gives the US$100
    # million to Costa Rica's president, Rodrigo Chaves; La República's PerúCheck gives it to
    # Bukele (data/costs.csv, cecot_construction_cost). The card attributes as carefully as the
    # costs story's chart: each speaker with the outlet that reports him, never "Chaves and
    # Bukele himself said it" (before).
    row = ledger.loc["CL10"]
    en, es = row["explanation_en"], row["explanation_es"]
    assert "Radio YSKL reports that Costa Rica's president, Rodrigo Chaves, said it" in en
    assert "La República's PerúCheck that Bukele did" in en
    assert "según Radio YSKL, el presidente costarricense, Rodrigo Chaves, habló de " \
           "US$100 millones" in es
    assert "según PerúCheck (La República), Bukele" in es
    assert "Bukele himself" not in en and "propio Bukele" not in es
    # Every outlet the unverified figure rests on is named, in both languages.
    costs = data.tables["costs"]
    rows = costs[costs["item"] == "cecot_construction_cost"]
    assert sorted(rows["source_id"]) == sorted(row["data_source_ids"].split(";"))
    for source_id in rows["source_id"]:
        outlet = {"YSKL24": "Radio YSKL", "LR26": "PerúCheck"}[source_id]
        assert outlet in en and outlet in es, source_id


def test_a_source_beside_wikipedia_verifies_the_14532(ledger):
    # Wikipedia alone would be circular; El Salvador Now (after La Prensa Gráfica) gives the
    # same total for 11 June 2024, a tally of the president's own transfer announcements.
    row = ledger.loc["CL01"]
    assert (row["status"], row["basis"], row["data_source_ids"]) == ("consistent", "data",
                                                                      "ESN24b")
    assert row["recomputed_low"] == row["recomputed_high"] == 14532
    assert "not a census" in row["explanation_en"]


def test_10000_to_20000_is_cnns_range_of_march_2025(ledger):
    # CNN gave "some 10,000 to 20,000" on 17 March 2025: the figure is right, the text's date
    # (November 2024) and attribution (the government) are not. Imprecise.
    row = ledger.loc["CL44"]
    assert (row["recomputed_low"], row["recomputed_high"]) == (10000, 20000)
    assert row["status"] == "imprecise" and row["basis"] == "override"
    assert "17 March 2025" in row["explanation_en"]
    assert "17 de marzo de 2025" in row["explanation_es"]


def test_arrests(ledger):
    # "more than 62,000": 62,972 official arrests in January 2023 is at least that.
    assert ledger.loc["CL11", ["status", "recomputed_low"]].tolist() == ["consistent", 62972]
    # "approximately 55,000", some seven months into the state of exception: the counts
    # published in October 2022 ran from 54,044 (Diario El Mundo, 5 October) to 56,847 (El
    # Diario de Hoy), and El Universo, where the claim circulates, reported "more than 55,000".
    # The claim lies within the counts of its month, with no allowance; before, it was set
    # against 56,847 alone with 2,500 either way, and the card said 56,847 "rounds to" 55,000.
    row = ledger.loc["CL09"]
    assert (row["status"], row["relation"], row["tolerance"]) == ("consistent", "within",
                                                                   "exact")
    assert (row["recomputed_low"], row["recomputed_high"]) == (54044, 56847)
    assert set(row["data_source_ids"].split(";")) == {"DA-EM22c", "EDH22b"}
    assert row["context_low"] == 55000 and pd.isna(row["context_high"])  # "more than 55,000"
    assert "ranged from 54,044 to 56,847" in row["explanation_en"]
    assert "El Universo reported more than 55,000" in row["explanation_en"]
    assert "iban de 54,044 a 56,847" in row["explanation_es"]
    assert "round" not in row["explanation_en"] and "redonde" not in row["explanation_es"]


def _step(value: float) -> float:
    """The rounding a figure as written shows: 140 to the ten, 55,000 to the thousand, 0.6 to
    the tenth."""
    text = f"{value:f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    return 10.0 ** (len(text) - len(text.rstrip("0")))


def test_a_figure_said_to_round_to_the_claim_does(ledger):
    # "143 ha, which rounds to the 140 ha of the claim": 143 to the ten is 140. A card may say
    # a figure rounds to the claim only when it does, at the claim's own precision (56,847 to
    # the thousand is 57,000, not 55,000: the old CL09 card).
    said = 0
    for claim_id, row in ledger.iterrows():
        en, es = row["explanation_en"], row["explanation_es"]
        if not re.search(r"\brounds? to\b", en):
            assert not re.search(r"redonde", es), claim_id
            continue
        assert re.search(r"redonde", es), claim_id
        claimed, found = float(row["claimed_low"]), float(row["recomputed_low"])
        step = _step(claimed)
        assert round(found / step) * step == pytest.approx(claimed), (claim_id, found, claimed)
        said += 1
    assert said >= 2  # 143 ha to 140 ha, 0.64 m² to 0.6 m²
    assert _step(55000) == 1000 and _step(140) == 10 and _step(0.6) == pytest.approx(0.1)


def test_guards_and_deportees_are_one_claim_each(ledger):
    # "600 soldiers and 250 police officers": one claim, both figures hold; beside them, the
    # 1,000 prison staff under the director (BBC Mundo). "238 ... and 23 MS-13": one claim;
    # Homan's 21 beside Bukele's 23 (which include two leaders).
    assert ledger.loc["CL32", ["claim", "claim_status", "context_low"]].tolist() == \
        ["CL31", "consistent", 1000]
    assert ledger.loc["CL50", ["claim", "claim_status", "context_low"]].tolist() == \
        ["CL49", "consistent", 21]
    assert "1,000" in ledger.loc["CL31", "explanation_en"]


def test_counts_of_claims_not_fragments(story):
    # 52 figures (CL01-CL54 but CL27 and CL51), in 37 claims: 15 figures are parts (CL04;
    # CL08; CL19; CL22, CL23; CL26; CL32; CL38-CL43; CL48; CL50): 52 - 15 = 37.
    # Holds (23): CL01 02 07 09 11 12 13 14 15 16 17 20 28 29 31 33 34 35 36 45 49 53 54.
    # Imprecise (10): CL03 (by CL04), 06, 21, 24, 25, 37, 44, 46, 47 (with its part CL48),
    # 52. Cannot be checked (4): CL05, 10, 18, 30. Does not hold: none. 23 + 10 + 4 = 37.
    # Implied: CL52 only (CL48 is now a part of CL47).
    n = story.numbers
    assert (n["claims"], n["figures"], n["parts"], n["implied_claims"]) == (37, 52, 15, 1)
    assert n["verdict_counts"] == {"consistent": 23, "imprecise": 10, "inconsistent": 0,
                                   "unverifiable": 4}
    # Figure by figure (unchanged by the merge: each figure keeps its own verdict): the 23
    # claims that hold plus the holding parts CL03, CL08, CL26, CL32, CL48, CL50 = 29;
    # imprecise: the 10 less CL03, plus CL04, CL22, CL23, CL38-CL43 = 18; cannot be checked:
    # the 4 plus CL19 = 5.
    assert n["figure_counts"] == {"consistent": 29, "imprecise": 18, "inconsistent": 0,
                                  "unverifiable": 5}
    assert n["published"] == {"checked": 8, "agree": 8}
    # The claims of several figures (CL03, 07, 18, 25, 31, 37, 44, 47, 49) hold 2 + 2 + 2 + 2 +
    # 2 + 7 + 3 + 2 + 2 = 24 figures; the other 28 claims are one figure each: 28 + 24 = 52.
    assert n["several"] == {"claims": 9, "figures": 24}
    assert n["claims"] - n["several"]["claims"] + n["several"]["figures"] == n["figures"]
    # Numbers written before `several` existed give the same from their figures by claim.
    assert words.several({k: v for k, v in n.items() if k != "several"}) == (9, 24)
    # Only the Mano Dura arrests are published by no source in the data.
    assert n["unplaced_claims"] == 1
    topics = set(story.tables["claims_by_claim"]["topic"])
    assert {"capacity", "density", "occupancy", "costs", "staff", "population", "arrests",
            "homicides", "deportations", "land"} <= topics


def test_every_claim_is_explained_in_both_languages_in_one_sentence(ledger):
    field_names = re.compile(r"\b(status_override|claimed_low|recomputed|expected_relation|"
                             r"fact:|cost:|pop:|hom:|CL\d\d)\b")
    for claim_id, row in ledger.iterrows():
        assert row["status"] in claims.STATUSES
        en, es = row["explanation_en"], row["explanation_es"]
        assert en and es and en != es, claim_id
        assert "\n" not in en + es and en.endswith(".") and es.endswith("."), claim_id
        assert not field_names.search(en + es), (claim_id, en, es)
        # Not one stock opening on every card (the editor's "La cifra de ... concuerda").
        assert "concuerda" not in es and not es.startswith("La cifra de"), (claim_id, es)
        assert "{" not in en + es, claim_id


def test_a_sentence_written_for_another_verdict_gives_way(data):
    # If the food part were 45, the US$170 claim would not hold: its written sentence (for
    # "imprecise") gives way to one made from the verdict's reason, in both languages.
    costs = data.tables["costs"].copy()
    costs.loc[costs["item"] == "family_package_part_food", "value"] = 45.0
    evaluated = claims.evaluate(claims.load_claims(), claims.Data({**data.tables,
                                                                   "costs": costs}))
    verdict = evaluated.verdicts["CL38"]
    assert verdict.status == "inconsistent"
    assert words.explain(verdict, "en", evaluated.verdicts) == (
        "According to the data, the food part, as relatives told Infobae is US$45 a month, "
        "not US$35 a month.")
    assert words.explain(verdict, "es", evaluated.verdicts).startswith("Según los datos")


def test_quotes_are_a_few_words():
    for row in claims.load_claims().itertuples():
        words_ = row.quote.replace(" ... ", " ").split()
        assert len(words_) <= 12, row.claim_id


def test_more_than_reads_more_than(ledger):
    # "arrested more than 62,000" is open above: the shared form (cecot.fmt.span) says "more
    # than 62,000", not "62,000 or more" (which would include 62,000 itself).
    shown = words.readable(ledger.reset_index(), "en").set_index("claim_id")
    assert shown.loc["CL11", "claimed"] == "more than 62,000 people"
    assert "more than 62,000, as the claim says" in ledger.loc["CL11", "explanation_en"]
    assert "más de 62,000, como dice la afirmación" in ledger.loc["CL11", "explanation_es"]
    assert pd.isna(ledger.loc["CL11", "claimed_high"])  # an open end


# --- the rules, on spans -------------------------------------------------------------------------

def test_span_arithmetic():
    # 10,000-20,000 people / 256 cells = 39.0625-78.125 per cell.
    assert claims.apply("/", Span(10000, 20000), Span(256, 256)) == Span(39.0625, 78.125)
    # 166 - 23 = 143; a range minus a range takes the widest difference: (5-9) - (1-2) = 3-8.
    assert claims.apply("-", Span(166, 166), Span(23, 23)) == Span(143, 143)
    assert claims.apply("-", Span(5, 9), Span(1, 2)) == Span(3, 8)
    # "more than 55,000" / 2 stays open (an open end is None).
    assert claims.apply("/", Span(55000, None), Span(2, 2)) == Span(27500, None)
    with pytest.raises(ZeroDivisionError):
        claims.apply("/", Span(1, 1), Span(0, 0))
    # The ledger's own message for an open end times 0.
    with pytest.raises(ValueError, match="an open-ended span cannot be multiplied by 0"):
        claims.apply("*", Span(55000, None), Span(0, 0))


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
    assert claims.holds("at_least", Span(62000, None), Span(62972, 62972), exact)
    assert not claims.holds("at_least", Span(63000, None), Span(62972, 62972), exact)
    # "more than 100" compared by its figure.
    assert claims.holds("eq", Span(100, None), Span(100, 100), exact)
    assert claims.holds("at_most", Span(20000, 20000), Span(15000, 20000), exact)


# --- bad rows in data/claims.csv name the row and the column -------------------------------------

def _edited(claim_id: str, **changes):
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
    ("check", "pop:P008.low", "upper bound: it has no low end"),
    ("check", "pop:P029.high", "lower bound: it has no high end"),
    ("part_of", "CL99", "names no claim"),
    ("part_of", "CL04", "is itself part of CL03"),
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


# The rules of a row on its own are applied by the loader (cecot.rules), which names the row
# and the column: read an edited copy of data/ as a run would.

def _load_edited(tmp_path, claim_id: str, **changes):
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    path = folder / "claims.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    number = next(i for i, r in enumerate(rows) if r[0] == claim_id)
    for column, value in changes.items():
        rows[number][header.index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError) as err:
        cdata.load_table("claims", folder)
    return err.value, number + 1  # header is row 1


def test_a_bad_tolerance_names_row_and_column(tmp_path):
    error, row = _load_edited(tmp_path, "CL21", tolerance="roughly")
    assert error.file == "data/claims.csv" and error.row == row and error.column == "tolerance"
    record = {**claims.load_claims().iloc[0].to_dict(), "tolerance": "roughly"}
    assert rules.claim_explained(record) == ("tolerance", "'roughly' is not exact, abs:X or "
                                                          "rel:X")


def test_an_override_needs_a_reason(tmp_path):
    error, row = _load_edited(tmp_path, "CL02", status_override="imprecise")
    assert error.row == row and error.column == "note_en"


def test_an_implied_claim_takes_no_figure(tmp_path):
    error, row = _load_edited(tmp_path, "CL52", claimed_low="87", claimed_high="87")
    assert error.row == row and error.column == "claimed_low"


# --- a claim whose data change flips status ------------------------------------------------------

def test_a_changed_part_flips_the_total_in_memory(data):
    costs = data.tables["costs"].copy()
    costs.loc[costs["item"] == "family_package_part_food", "value"] = 45.0
    edited = claims.Data({**data.tables, "costs": costs})
    table = claims.evaluate(claims.load_claims(), edited).table
    indexed = table.set_index("claim_id")
    # 45 + 15 + 30 + 20 + 70 = 180: neither the $35 nor the $170 total holds any more. Their
    # judgement (reported for other prisons: imprecise) gives way: the data contradict them,
    # and the claim they belong to does not hold, decided by its first contradicted figure.
    assert indexed.loc["CL38", ["status", "recomputed_low"]].tolist() == ["inconsistent", 45]
    assert indexed.loc["CL43", ["status", "recomputed_low"]].tolist() == ["inconsistent", 180]
    by_claim = claims.claims(table).set_index("claim")
    assert by_claim.loc["CL37", ["status", "decided_by"]].tolist() == ["inconsistent", "CL38"]


def test_a_function_takes_every_figure_and_a_label_writes_2000_whole(data):
    # The sources disagree on what was paid (4,700,000 El Diario de Hoy; 4,760,000 the grant
    # letter): a bare reference must name one, a span takes both.
    evaluation = claims.Evaluation(data)
    assert evaluation.value(claims.parse("span(cost:us_payment_deportee_detention_actual)")) \
        == Span(4_700_000, 4_760_000)
    with pytest.raises(claims.Problem, match="sources disagree"):
        evaluation.value(claims.parse("cost:us_payment_deportee_detention_actual"))
    # An event label writes 2,000 as one number (before: 2 and 000).
    events = data.tables["events"].copy()
    events.loc[events["event_id"] == "E10", "label_en"] = "First 2,000 prisoners moved to CECOT"
    edited = claims.Evaluation(claims.Data({**data.tables, "events": events}))
    assert edited.value(claims.parse("event:E10[1]")) == Span(2000, 2000)


def test_a_source_that_echoes_the_claim_is_not_corroboration(data):
    # CL13's 140 ha of surrounding land rests on facility rows; if the only row were
    # Wikipedia's, agreeing with the article's own likely source would not corroborate it.
    claims_table = claims.load_claims()
    check = claims_table.loc[claims_table["claim_id"] == "CL02", "check"].iloc[0]
    assert check.startswith("fact:capacity_stated")
    facility = data.tables["facility"].copy()
    only_wikipedia = facility[(facility["fact_id"] != "capacity_stated")
                              | (facility["source_id"] == "WIKI")]
    edited = claims.Data({**data.tables, "facility": only_wikipedia})
    before = claims.evaluate(claims_table, data).table.set_index("claim_id")
    table = claims.evaluate(claims_table, edited).table.set_index("claim_id")
    # Seven outlets give 40,000: consistent. With Wikipedia's row alone: unverifiable.
    assert before.loc["CL02", "status"] == "consistent"
    assert table.loc["CL02", ["status", "basis"]].tolist() == ["unverifiable", "circular"]
    assert table.loc["CL13", "status"] == before.loc["CL13", "status"]  # not about capacity


# The same through the build, from an edited CSV: test_incremental's edited-CSV run.


# --- the tables for readers and the chart's words ------------------------------------------------

def test_rendered_tables_are_deterministic(story):
    table = story.tables["ledger"]
    assert words.tables(table) == words.tables(table.iloc[::-1])


def test_the_chart_data_is_the_ledger(story):
    # ledger.csv: one row per figure (52 of the text, 8 the stories publish), the same
    # verdicts as numbers.json, and every sentence the ledger page shows, in both languages.
    data = story.tables["ledger"]
    assert len(data) == len(story.numbers["by_claim"]) == 60
    assert dict(zip(data["claim_id"], data["status"])) == \
        {k: v["status"] for k, v in story.numbers["by_claim"].items()}
    assert {"explanation_en", "explanation_es", "data_say_en", "data_say_es", "claim",
            "claim_status", "circulates"} <= set(data.columns)
    by_verdict = story.tables["by_verdict"].set_index("status")["claims"].to_dict()
    assert by_verdict == story.numbers["verdict_counts"]


def test_chart_words_on_the_committed_data(story):
    # 37 claims: 23 hold, 10 imprecise, none wrong (the finding first, what holds); checked
    # against every independent source (never the compilation, never Wikipedia) of the
    # ledger's data_source_ids, counted here from the table.
    ledger = story.tables["ledger"]
    used = {i for cell in ledger["data_source_ids"].dropna() for i in str(cell).split(";")
            if i} - {"ARTICLE", "WIKI"}
    en, es = words.texts(story, "en")["ledger"], words.texts(story, "es")["ledger"]
    # What the verdict "holds" means, "match the sources", not a claim proven true.
    assert en.title == "23 of 37 claims match the sources; 10 imprecise, none refuted"
    assert es.title == ("23 de 37 afirmaciones sobre el CECOT coinciden con las fuentes; 10 "
                        "imprecisas, ninguna desmentida")
    # The subtitle counts no citations; the note says what "holds" does not prove.
    assert en.subtitle.endswith("checked against the sources in the data")
    assert en.alt.endswith("23 hold, 10 are imprecise, 4 cannot be checked and none is "
                           "refuted.")
    assert en.note.startswith("Holds: the sources give the same figure (not proof it is true).")
    assert es.note.startswith("Se sostiene: las fuentes dan la misma cifra (no prueba que sea "
                              "cierta).")
    # Nothing a reader sees rests on a text the reader cannot see.
    for text in (en, es):
        assert not re.search(r"unsigned|sin firma|\btext\b|texto", " ".join(text.strings()))
    # The chart cites the compilation the claims were collected from (the sources page says
    # what it is), then every independent source its checks used.
    assert en.source_ids[0] == "ARTICLE" and set(en.source_ids[1:]) == used
    # The latest day the figures rest on (compute.as_of), worked out from data/: the latest
    # dated row is the grant letter of 22 March 2025 (costs.csv), released in court on
    # 9 September 2025 (CRT25, SNR25); the latest source published to the day behind a check
    # is the World Bank's World Development Indicators release of 24 February 2026 (UNODC's
    # homicide rates, the context of the 2015 peak, CL04). Before: the letter's own date.
    assert en.as_of == "2026-02-24" and en.as_of >= "2025-09-09"
    assert en.variants == {"title": "none.other", "holds": "other"}
    assert en.labels["order"] == ["consistent", "imprecise", "inconsistent", "unverifiable"]
    assert en.labels["verdicts"]["unverifiable"] == "Cannot be checked"
    # Spanish labels agree with «afirmación» (feminine): «Imprecisa».
    assert es.labels["verdicts"] == {"consistent": "Se sostiene", "imprecise": "Imprecisa",
                                     "inconsistent": "No se sostiene",
                                     "unverifiable": "No se puede verificar"}
    assert en.labels["counts"] == {"consistent": "23", "imprecise": "10", "inconsistent": "0",
                                   "unverifiable": "4"}


def test_chart_words_follow_the_numbers(story):
    # Each sentence that states a finding takes the variant the numbers make true, for every
    # pattern of counts (the total stays the committed 37 claims).
    changed = copy.deepcopy(story)
    counts = changed.numbers["verdict_counts"]
    counts.update(consistent=23, inconsistent=1, imprecise=1, unverifiable=12)
    en = words.texts(changed, "en")["ledger"]
    assert en.title == "23 of 37 claims match the sources; 1 imprecise, 1 refuted"
    assert en.variants == {"title": "one.one", "holds": "other"}
    counts.update(inconsistent=2, imprecise=0, unverifiable=12)
    es = words.texts(changed, "es")["ledger"]
    assert es.title == ("23 de 37 afirmaciones sobre el CECOT coinciden con las fuentes; 2 "
                        "desmentidas")
    assert "2 no se sostienen" in es.alt
    counts.update(consistent=1, inconsistent=0, imprecise=36, unverifiable=0)
    assert words.texts(changed, "en")["ledger"].title == (
        "1 of 37 claims matches the sources; 36 imprecise, none refuted")
    assert words.texts(changed, "es")["ledger"].title == (
        "1 de 37 afirmaciones sobre el CECOT coincide con las fuentes; 36 imprecisas, ninguna "
        "desmentida")
    counts.update(consistent=0, inconsistent=37, imprecise=0)
    assert words.texts(changed, "en")["ledger"].title == (
        "None of the 37 claims matches the sources; 37 refuted")
    counts.update(consistent=37, inconsistent=0)
    en = words.texts(changed, "en")["ledger"]
    assert en.title == "All 37 claims about CECOT match the sources"
    assert en.variants == {"title": "none.none", "holds": "all"}
    assert words.texts(changed, "es")["ledger"].title == (
        "Las 37 afirmaciones sobre el CECOT coinciden con las fuentes")


def test_the_chart_in_the_verdict_colours_at_both_sizes(story):
    # One bar per verdict, each in its verdict's colour of the house style (holds, imprecise,
    # does_not_hold, not_established); no legend (the axis names the verdicts, so nothing can
    # mismatch); the count at each bar's end, no smaller than the small text.
    from matplotlib.colors import to_hex

    from cecot import style
    from cecot.stories.claims import charts

    expected = [style.PALETTE[key].lower() for key in ("holds", "imprecise", "does_not_hold",
                                                       "not_established")]
    for lang in ("en", "es"):
        text = words.texts(story, lang)["ledger"]
        for size in style.SIZES:
            frame, _ = charts.ledger(story, text, size)
            bars = frame.ax.patches
            assert [to_hex(p.get_facecolor(), keep_alpha=False) for p in bars] == expected
            assert [p.get_width() for p in bars] == [23, 10, 0, 4]
            assert frame.fig.legends == []
            assert [t.get_text() for t in frame.ax.texts] == ["23", "10", "0", "4"]
            assert all(t.get_fontsize() >= size.small_pt for t in frame.ax.texts)
            frame.fig.clf()


def test_every_number_the_chart_shows_is_published(story):
    numbers = story.numbers
    for lang in ("en", "es"):
        text = words.texts(story, lang)["ledger"]
        shown = set(re.findall(r"\d[\d,.]*\d|\d", " ".join(text.strings())))
        published = {fmt.whole(v, lang) for v in (
            numbers["claims"], numbers["data_sources"], *numbers["verdict_counts"].values())}
        assert shown <= published, shown - published


# --- the ledger page and the story page ----------------------------------------------------------

def test_the_ledger_page_groups_claims_by_verdict(story):
    for lang in ("en", "es"):
        page = words.ledger_page(story.tables["ledger"], lang)
        groups = page["summary"]["groups"]
        # In the chart's order: holds (23), imprecise (10), nothing does not hold, cannot be
        # checked (4): 37 rows, one per claim. The table is grouped by verdict, so its
        # columns are the claim and what the data say (no verdict column to clip on a phone).
        assert [(g["status"], len(g["rows"])) for g in groups] == [
            ("consistent", 23), ("imprecise", 10), ("unverifiable", 4)]
        assert [g["meaning"] for g in groups] == ["holds", "imprecise", "not_established"]
        assert len(page["summary"]["columns"]) == 2
        cards = [c for g in page["cards"]["groups"] for c in g["cards"]]
        assert len(cards) == 37 and len({c["anchor"] for c in cards}) == 37
        # One quote, one card: the US$6 million phrase is no longer listed twice.
        quotes = [c["quote"] for c in cards]
        assert len(quotes) == len(set(quotes))
        # The US$170 card lists its seven figures; a claim of one figure lists none.
        money = next(c for c in cards if "170" in c["quote"])
        assert len(money["figures"]) == 7 and money["verdict"] == words.verdict_label(
            "imprecise", lang)
        assert all(not c["figures"] for c in cards if "14,532" in c["quote"])
        # The US$6 million claim: its figure and the monthly rate it implies, marked as such.
        grant = next(c for c in cards if "300" in c["quote"] and "6" in c["quote"])
        assert len(grant["figures"]) == 2 and grant["status"] == "imprecise"
        assert grant["figures"][1]["quote"].endswith(
            {"en": "(the figure it implies)", "es": "(la cifra que implica)"}[lang])
        # Nothing a reader sees rests on a text the reader cannot see.
        assert not re.search(r"unsigned|sin firma|\bthe text\b|el texto|del texto",
                             json.dumps(page, ensure_ascii=False)), lang
        # No internal id or field name anywhere a reader looks.
        strings = json.dumps(page, ensure_ascii=False)
        readable = re.sub(r'"(status|meaning|anchor|lang)": "[^"]*"', "", strings)
        assert not re.search(r"CL\d\d|_low|_high|status_override|fact:|numbers\.json",
                             readable), lang
    english = words.ledger_page(story.tables["ledger"], "en")
    # The ledger leads with what the checks show, as the claims story page does.
    assert english["headline"] == ("23 of 37 claims repeated about CECOT match their sources; "
                                   "10 have the figure right but a detail wrong")
    assert english["headline"] == words.page(story.numbers, "en").headline
    # What was checked: the claims themselves, and where they circulate (Wikipedia's article,
    # read in copies on 6 December 2026, data/sources.csv WIKI), with a link to how they were
    # collected (the methodology page).
    assert "English Wikipedia article" in english["checked"]["paragraphs"][0]
    assert "6 December 2026" in english["checked"]["paragraphs"][0]
    assert english["checked"]["methodology"]["page"] == "claims-methodology.html"
    spanish = words.ledger_page(story.tables["ledger"], "es")
    assert spanish["headline"] == words.page(story.numbers, "es").headline
    # A headline and its standfirst say each thing once: no word repeated ("Verificación de
    # afirmaciones: 37 afirmaciones", before), the count not said twice.
    for page in (english, spanish):
        for line in (page["headline"], page["standfirst"]):
            long_words = [w.lower() for w in re.findall(r"\w{5,}", line)]
            assert len(long_words) == len(set(long_words)), line
        assert "37" not in page["standfirst"]
    assert "consistente" not in json.dumps(spanish, ensure_ascii=False)
    card = spanish["cards"]["groups"][0]["cards"][0]  # holds: the first group
    # A Spanish rendering of an English claim is marked as a translation, the original beside.
    assert card["quote"] == "«una población de 14,532 presos»"
    assert card["quote_label"] == "La afirmación (traducida del inglés)"
    assert card["quote_original"] == "a population of 14,532 inmates"
    assert [v["label"] for v in spanish["key"]["verdicts"]] == [
        "Se sostiene", "Imprecisa", "No se sostiene", "No se puede verificar"]


def test_where_a_claim_circulates(story):
    # Who publishes each figure: an outlet once (AFP, never "AFP, AFP, as republished by"),
    # an outlet read only in an unofficial copy said so, Voz told apart from Voz Pública,
    # Wikipedia last.
    table = story.tables["ledger"].set_index("claim_id")
    shown = {cid: words.circulating(table.loc[cid, "circulates"], "en")
             for cid in ("CL12", "CL14", "CL44", "CL49", "CL53")}
    assert shown["CL12"][0] == "AFP" and sum("AFP" in name for name in shown["CL12"]) == 1
    assert shown["CL12"][-1] == "Wikipedia" and shown["CL14"][-1] == "Wikipedia"
    assert shown["CL44"] == ["CNN (read only in an unofficial copy, on webjosh.com)"]
    assert shown["CL49"] == ["Voz (voz.us)"]
    # The 2,000 of the first transfer: Univision's own report first, AFP's only in a copy.
    assert shown["CL53"] == ["Univision", "AFP (read only in an unofficial copy, on "
                                          "pledgetimes.com)", "Wikipedia"]
    assert words.circulating(table.loc["CL44", "circulates"], "es") == [
        "CNN (solo se leyó en una copia no oficial, en webjosh.com)"]


def _cards(page):
    return [c for g in page["cards"]["groups"] for c in g["cards"]]


def test_the_page_promises_where_a_claim_circulates_only_as_far_as_its_cards_say_it(story):
    # The page said "each card says where the figure circulates", but two cards had no such
    # line: the Mano Dura arrests (no source in the data publishes the 30,000) and the 87% the
    # deportation figures imply (no one publishes it; its figures circulate). The implied claim
    # now says where the figures it combines circulate (AP's 300, Voz's 238 and 23); the
    # promise is kept to the cards that can keep it, counted.
    table = story.tables["ledger"]
    for lang in ("en", "es"):
        page = words.ledger_page(table, lang)
        cards = _cards(page)
        without = [c for c in cards if not c["circulates"]]
        assert len(without) == words.unplaced(table) == story.numbers["unplaced_claims"] == 1
        promise = page["checked"]["paragraphs"][0]
        every = {"en": "each card says where", "es": "cada ficha indica dónde"}[lang]
        assert every not in promise, lang
        assert {"en": "every card but one says where its figures circulate",
                 "es": "todas las fichas menos una indican dónde circulan sus cifras"}[lang] \
            in promise
        labels = words.text(lang).table("page_ledger")
        by_id = table.set_index("claim_id")
        card = {cid: next(c for c in cards if c["quote"] == words.text(lang)(
            "quote", text=words.quote_in(by_id.loc[cid], lang))) for cid in ("CL05", "CL52")}
        assert without == [card["CL05"]]
        assert card["CL05"]["circulates_label"] == labels["circulates_none"]
        assert card["CL52"]["circulates"] == ["Voz (voz.us)", "AP"]
        assert card["CL52"]["circulates_label"] == labels["circulates_figures"]
        assert all(c["circulates_label"] == labels["circulates"] for c in cards
                   if c not in card.values())
    # Were every figure published somewhere, every card would have the line, and the page
    # would promise it on each.
    placed = table.copy()
    placed.loc[placed["claim_id"] == "CL05", "circulates"] = "WIKI"
    assert words.unplaced(placed) == 0
    for lang in ("en", "es"):
        page = words.ledger_page(placed, lang)
        assert all(c["circulates"] for c in _cards(page))
        assert {"en": "each card says where its figures circulate",
                "es": "cada ficha indica dónde circulan sus cifras"}[lang] in \
            page["checked"]["paragraphs"][0]
    # Two without: counted, in words that take the count.
    unplaced = table.copy()
    unplaced.loc[unplaced["claim_id"] == "CL10", "circulates"] = None
    assert words.unplaced(unplaced) == 2
    assert "every card but 2 says where" in words.ledger_page(unplaced, "en")["checked"][
        "paragraphs"][0]
    assert "todas las fichas menos 2 indican" in words.ledger_page(unplaced, "es")["checked"][
        "paragraphs"][0]


def test_an_implied_claim_circulates_where_the_figures_it_combines_do(story):
    # 100 x (238 + 23) / 300: Bukele's 238 and 23 (Voz; the 23 a part of the 238's claim) and
    # AP's 300. A stated figure keeps its own line, even when it is empty.
    table = story.tables["claims"].set_index("claim_id")
    assert set(table.loc["CL52", "figures_circulate"].split(";")) == {"VOZ25", "AP25b"}
    assert table.loc["CL52", "circulates"] == ""
    assert table.loc["CL05", "figures_circulate"] == ""
    assert table.loc["CL48", "figures_circulate"] != ""  # implied too; its claim (CL47) has its own


def test_the_ledger_page_from_ledger_csv_as_the_site_reads_it(story, tmp_path):
    # The site reads figures/claims/ledger.csv with empty cells as NaN: the same page.
    path = tmp_path / "ledger.csv"
    story.tables["ledger"].to_csv(path, index=False)
    table = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for lang in ("en", "es"):
        assert words.ledger_page(table, lang) == words.ledger_page(story.tables["ledger"], lang)
        assert "nan" not in json.dumps(words.ledger_page(table, lang)).lower().replace(
            "financial", "")


def test_the_story_page_from_the_numbers(story):
    en = words.page(story.numbers, "en")
    assert en.headline == ("23 of 37 claims repeated about CECOT match their sources; 10 have the "
                           "figure right "
                           "but a detail wrong")
    assert en.variants == {"headline": "none"}
    assert "62,972 arrests" in en.context and "40,000 people" in en.context
    assert en.standfirst.startswith("37 claims repeated about El Salvador's mega-prison")
    # The standfirst counts what the headline does not.
    assert en.standfirst.endswith("data: 4 cannot be checked and none is refuted.")
    # The bookkeeping (claims made of figures) is in the methodology, not the key numbers:
    # 37 claims, 52 figures, 24 of them in the 9 claims of several figures (before: "15 of them
    # parts of a claim of several figures", the surplus, which no reader can count).
    assert not any("52 figures" in s for s in en.key_numbers)
    assert "The ledger counts 37 claims: 23 hold, 10 are imprecise, 4 cannot be checked and " \
           "none is refuted. They are made of 52 figures: the 9 claims of several figures " \
           "account for 24 of them, and every other claim is a single figure." in en.methodology[3]
    assert "15" not in en.methodology[3]
    by_claim = story.tables["claims_by_claim"]
    several = by_claim[by_claim["figures"] > 1]
    assert (len(several), several["figures"].sum()) == (9, 24)
    assert "Constan de 52 cifras: las 9 afirmaciones de varias cifras reúnen 24 de ellas" in \
        words.page(story.numbers, "es").methodology[3]
    # The key number on the grant: spread over the men of the first flight (as the costs page
    # says), not AP's terms.
    grant = next(s for s in en.key_numbers if "US$1,667" in s)
    assert "spread over the 238 men of the first flight" in grant and "same terms" not in grant
    # 100 x 238 / 300 = 79.3 %; the 87 % a claim implies.
    assert any("79.3%" in s and "87%" in s for s in en.key_numbers)
    assert any("US$1,667 a man a month" in s for s in en.key_numbers)
    assert 4 <= len(en.methodology) <= 7 and len(en.caveats) == len(set(en.caveats))
    # A link in the body to the ledger page.
    assert en.further == [("Every claim, what the data say about it and why it got its "
                           "verdict: the claims ledger", "ledger.html")]
    es = words.page(story.numbers, "es")
    assert es.headline.startswith("23 de 37 afirmaciones que circulan sobre el CECOT coinciden "
                                  "con sus fuentes")
    assert es.further[0][1] == "ledger.html"
    for text in (en, es):
        assert not any(re.search(r"CL\d\d|None|NaN|_", s) for s in text.strings())
    # The reader's page rests on the claims, not on a text the reader cannot see; only the
    # methodology says, truthfully, where the claims were collected (and that no revision of
    # Wikipedia's article could be pinned).
    reader = [en.headline, en.standfirst, en.context, *en.key_numbers, *en.caveats]
    assert not any(re.search(r"unsigned|compilation|\btext\b", s) for s in reader)
    assert "unsigned and undated English compilation, not published, read on 27 November " \
           "2026" in en.methodology[0]
    assert "read in copies on 6 December 2026" in en.methodology[0]
    assert "sin firma y sin fecha, no publicada" in es.methodology[0]
    # A sentence on a claim appears only while the data give the verdict it was written for.
    changed = copy.deepcopy(story.numbers)
    changed["by_claim"]["CL52"]["status"] = "consistent"
    assert not any("79.3%" in s for s in words.page(changed, "en").key_numbers)


def test_what_the_notebook_says(story):
    said = words.sentences(story, "en")
    assert said["published"] == ("8 numbers the other stories publish are worked out again "
                                 "from the data here: all agree.")
    assert said["implied"].startswith("1 of the claims is implied")
    used = {i for cell in story.tables["ledger"]["data_source_ids"].dropna()
            for i in str(cell).split(";") if i} - {"ARTICLE", "WIKI"}
    assert said["sources"] == (f"The checks used {len(used)} sources (never "
                               "Wikipedia, nor the compilation the claims were collected "
                               "from).")


# --- the numbers the other notebooks publish -----------------------------------------------------

def _published(story: str, path: str):
    file = paths.FIGURES / story / "numbers.json"
    assert file.exists(), f"figures/{story}/numbers.json is missing: run `make figures`"
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
    # The test named in asserted_by exists and still states the number it asserts.
    test_file, _, test_name = row["asserted_by"].partition("::")
    source = paths.ROOT / test_file
    assert source.exists() and test_name, row["asserted_by"]
    body = re.search(rf"^def {test_name}\(.*?(?=^def |\Z)", source.read_text(encoding="utf-8"),
                     re.M | re.S)
    assert body, row["asserted_by"]
    shown = set()
    for value in map(float, ends):
        for rounded in [round(value, digits) for digits in range(1, 7)] + [round(value)]:
            shown |= {f"{rounded:,}", f"{rounded}"}
    assert any(text in body.group(0) for text in shown), \
        f"{row['asserted_by']} no longer states {ends}"
