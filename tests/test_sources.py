"""Per-source metadata, as Our World in Data checks it: every source complete and cited."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cecot import data as cdata


def _cited_ids() -> set[str]:
    cited = set()
    for resource in cdata.descriptor()["resources"]:
        if resource["name"] in cdata.REGISTERS:
            continue
        frame = cdata.load(resource["name"])
        # A claim's `circulates` cites the sources a reader is told publish its figure.
        for column in ("source_id", "circulates"):
            if column in frame:
                for value in frame[column].dropna():
                    cited.update(value.split(";"))
    return cited


def test_every_source_is_complete():
    for row in cdata.load("sources").itertuples():
        for column in ("title", "publisher", "url", "published", "quote", "verification"):
            assert str(getattr(row, column)).strip(), f"{row.source_id}: empty {column}"
        if row.verification == "unverified" and str(row.accessed) == "NaT":
            continue  # nobody could read it: no access date (the loader enforces this)
        assert row.accessed.date() <= dt.date.today()
        assert len(row.quote.split()) <= 40, f"{row.source_id}: quote longer than a phrase"


def test_every_cited_source_is_listed_and_every_listed_source_is_cited():
    listed = set(cdata.load("sources")["source_id"])
    cited = _cited_ids()
    assert cited - listed == set()
    assert listed - cited == set(), "sources nobody cites: remove or cite them"


def test_no_placeholder_sources():
    for row in cdata.load("sources").itertuples():
        for address in (row.url, row.read_url):
            assert pd.isna(address) or "example.org" not in address
        assert row.title.lower() != "placeholder"


# --- `cecot sources check`: what rests on what ---------------------------------------------------

def test_sources_check_lists_originals_copies_and_what_each_feeds():
    from conftest import run_cli

    result = run_cli("sources", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:] if line.strip()}
    # The US court filing: read in a copy of the original; it feeds the like-for-like chart.
    assert " copy " in lines["CRT25"] and "costs/us-payment-per-month" in lines["CRT25"]
    # The ICRC's 3.4 m²: every density chart and the headline ratio rest on it.
    assert "density/space-vs-standards" in lines["ICRC-b"]
    assert "headline: density.guideline_ratio" in lines["ICRC-b"]
    # The article feeds only the ledger about itself; Wikipedia feeds nothing published.
    assert lines["ARTICLE"].split()[-1] == "claims/ledger"
    assert lines["WIKI"].rstrip().endswith("-")
    # Reuters' 62.5 % backs one verdict; the World Bank's series carry their release.
    assert lines["REU20"].rstrip().endswith("checks: CL06")
    assert "2026-04-08" in lines["WBPOP"] and "2026-02-24" in lines["W1"]
    assert "185 sources read" in result.stdout or "sources read:" in result.stdout


def test_sources_check_fails_on_a_chart_or_headline_resting_only_on_wikipedia(tmp_path):
    import json

    from cecot.machinery import sourcecheck

    sources = {r["source_id"]: r for r in cdata.load_table("sources").records}
    story = tmp_path / "density"
    story.mkdir()
    (story / "space.en.json").write_text(json.dumps(
        {"chart_id": "space", "source_ids": ["WIKI"]}), encoding="utf-8")
    (story / "mixed.en.json").write_text(json.dumps(
        {"chart_id": "mixed", "source_ids": ["WIKI", "VRT"]}), encoding="utf-8")
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "ledger.csv").write_text(
        "claim_id,kind,published_key,data_source_ids\n"
        "CL90,headline,density.m2_per_person,WIKI;ARTICLE\n"
        "CL91,headline,density.people_per_cell,VRT\n", encoding="utf-8")
    found = sourcecheck.problems(sources, tmp_path)
    assert found == ["chart density/space rests only on WIKI",
                     "headline number density.m2_per_person rests only on WIKI, ARTICLE"]
    fed = sourcecheck.feeds(tmp_path)
    assert fed["VRT"].charts == ["density/mixed"]
    assert fed["VRT"].headlines == ["density.people_per_cell"]


# --- what a reader is shown as a source's title ---------------------------------------------------

def test_a_title_readers_cannot_take_as_one_needs_a_description_in_both_languages():
    from cecot.rules import source_title_for_readers as rule

    data_file = {"title": "UNODC data file data_cts_prisons_and_prisoners.xlsx",
                 "title_status": "as_published", "description_en": None, "description_es": None}
    assert rule(data_file)[0] == "description_en"
    assert rule(dict(data_file, title="Population, total (SP.POP.TOTL)"))[0] == "description_en"
    described = dict(data_file, description_en="UNODC data on prisons and prisoners",
                     description_es="Datos de la UNODC sobre cárceles")
    assert rule(described) is None
    assert rule(dict(described, description_es=None))[0] == "description_es"
    assert rule(dict(described, description_en="Population (SP.POP.TOTL)"))[0] == \
        "description_en"
    # A headline as published, with an abbreviation and a figure, is a headline.
    assert rule(dict(data_file, title="EE.UU. pagó 4.7 millones a El Salvador")) is None
    # Words from an address are never shown, so they need no description.
    assert rule(dict(data_file, title_status="from_address")) is None


def test_the_loader_refuses_a_file_name_as_a_title_for_readers(tmp_path):
    import csv
    import io
    import shutil

    from cecot import paths
    from cecot.errors import DataError

    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    path = folder / "sources.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    index = next(i for i, row in enumerate(rows) if row[0] == "UNODCCTS23")
    rows[index][header.index("title_status")] = "as_published"
    rows[index][header.index("description_en")] = ""
    rows[index][header.index("description_es")] = ""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(DataError) as err:
        cdata.load_table("sources", folder)
    assert err.value.row == index + 1 and err.value.column == "description_en"
    assert "data_cts_prisons_and_prisoners.xlsx" in str(err.value)
