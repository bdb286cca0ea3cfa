"""Per-source metadata, as Our World in Data checks it: every source complete and cited."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cecot import data as cdata


def _cited_ids() -> set[str]:
    cited = set()
    for resource in cdata.descriptor()["resources"]:
        if resource["name"] == "sources":
            continue
        frame = cdata.load(resource["name"])
        for value in frame["source_id"].dropna():
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
