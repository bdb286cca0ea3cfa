"""Sources: the one way to list the source ids behind a chart and to write its source line.

Every row of data/ cites one or more ids of data/sources.csv (several are joined by ';').
"""

from __future__ import annotations

import re
from typing import Iterable

from . import data as cdata
from .errors import DataError
from .words import credit_name

LABEL = {"en": ("Source", "Sources"), "es": ("Fuente", "Fuentes")}
# The article under check and Wikipedia, whose text the article follows, are evidence of
# nothing: a row resting only on them is kept for the record, never used or charted.
NOT_EVIDENCE_KINDS = frozenset({"article", "wikipedia"})


def ids_of(*groups) -> list[str]:
    """Source ids from any mix of cells ('A;B'), lists of cells and pandas columns, in the
    order first seen, each once."""
    seen: dict[str, None] = {}
    for group in groups:
        items = [group] if isinstance(group, str) else group
        for item in items:
            if item is None or (isinstance(item, float) and item != item):
                continue
            for part in str(item).split(";"):
                if part:
                    seen.setdefault(part, None)
    return list(seen)


_REGISTERS: dict[int, tuple] = {}


def register() -> dict[str, dict]:
    """data/sources.csv by source id (made once per version of the file the loader holds)."""
    table = cdata.load_table("sources")
    cached = _REGISTERS.get(id(table))
    if cached is None or cached[0] is not table:
        cached = (table, {r["source_id"]: r for r in table.records})
        _REGISTERS[id(table)] = cached
    return cached[1]


_KINDS: dict[tuple, frozenset] = {}


def kinds(source_ids) -> frozenset[str]:
    """The kinds (data/sources.csv `kind`) of the sources a cell or list cites."""
    known = register()
    key = (id(known), source_ids if isinstance(source_ids, str) else tuple(ids_of(source_ids)))
    if key not in _KINDS:
        _KINDS[key] = frozenset(known[i]["kind"] for i in ids_of(source_ids))
    return _KINDS[key]


def is_evidence(source_ids) -> bool:
    """Whether a row rests on at least one source that is not the article or Wikipedia."""
    return not kinds(source_ids) <= NOT_EVIDENCE_KINDS


def _check(ids: list[str]) -> dict[str, dict]:
    known = register()
    missing = [i for i in ids if i not in known]
    if missing:
        raise DataError("data/sources.csv", f"source id '{missing[0]}' used by a chart is not "
                                            "listed", column="source_id")
    return known


def source_line(source_ids: Iterable, lang: str) -> str:
    """A chart's source footer: each publisher named once, with the ids it stands for."""
    ids = ids_of(source_ids)
    known = _check(ids)
    publishers: dict[str, list[str]] = {}
    for source_id in ids:
        publishers.setdefault(known[source_id]["publisher"], []).append(source_id)
    parts = [f"{pub} ({', '.join(sids)})" for pub, sids in publishers.items()]
    label = LABEL[lang][len(parts) > 1]
    return f"{label}: " + "; ".join(parts)


# A chart names the organisations behind it; outlets of the press are counted, not listed, when
# there are more than this many (their full list is in the sidecar, the CSV and on the site).
PRESS_LISTED = 3
PRESS_KINDS = frozenset({"press", "opinion"})
SHORT = {
    "en": {"label": ("Source", "Sources"), "press": ("a press report", "press reports"),
           "outlets": "{n} outlets", "others": ("one other source", "{n} other sources"),
           "more_outlets": ("another outlet", "{n} other outlets"),
           "full": "Full list on the Sources page"},
    "es": {"label": ("Fuente", "Fuentes"), "press": ("una nota de prensa", "prensa"),
           "outlets": "{n} medios", "others": ("otra fuente", "otras {n} fuentes"),
           "more_outlets": ("otro medio", "otros {n} medios"),
           "full": "Lista completa en la página Fuentes"},
}
KIND_ORDER = {"official": 0, "international": 1, "ngo": 2, "academic": 3, "other": 4,
              "press": 5, "opinion": 6, "wikipedia": 7, "article": 8}


# A data file read in a person's copy on a code-hosting site ("elliottjones56 (GitHub)" in
# data/sources.csv, whose `read_url` gives the copy): a reader is told what the copy is, not a
# username that means nothing to them.
HOSTED_COPY = re.compile(r".+ \((GitHub)\)")
# How a copy is credited after its organisation; an organisation read in its own publication
# and in copies too, or in several copies, is named once, its copies listed after it ("UNODC,
# also from a copy on GitHub"; "AFP, also as republished by El Comercio (Perú) and Tiempo
# (Honduras)").
COPIES = {"en": {"republished": "as republished by {copies}", "hosted": "from a copy on {copies}",
                 "also": "also ", "and": " and "},
          "es": {"republished": "vía {copies}", "hosted": "de una copia en {copies}",
                 "also": "también ", "and": " y "}}


def _listed(items: list[str], lang: str) -> str:
    word = COPIES[lang]["and"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]


def named_once(name: str, direct: bool, republishers: list[str], hosts: list[str],
               lang: str) -> str:
    """An organisation's credit with every copy it was read in, said once."""
    words = COPIES[lang]
    parts = [words[key].format(copies=_listed(found, lang))
             for key, found in (("republished", republishers), ("hosted", hosts)) if found]
    if not parts:
        return name
    return f"{name}, " + (words["also"] if direct else "") + words["and"].join(parts)


def read_copy(record: dict) -> tuple[str, str]:
    """(the outlet whose copy was read, the host of a data copy read): empty when the project
    read the original, or a partner the publisher names."""
    copy = record.get("read_publisher") if record.get("read_in") == "copy" else ""
    hosted = HOSTED_COPY.fullmatch(copy or "")
    return ("", hosted.group(1)) if hosted else (copy or "", "")


def credited(record: dict, lang: str) -> str:
    """How a source is credited: its original organisation, and, when the project could read it
    only in a copy (not the original, nor a partner the publisher names), that copy too."""
    republisher, host = read_copy(record)
    return named_once(credit_name(record["credit"], lang), False, [republisher] * bool(republisher),
                      [host] * bool(host), lang)


def credits(source_ids: Iterable, lang: str) -> list[tuple[str, str]]:
    """(name, kind) of the organisations behind the sources, each once, in the chart's
    language: the original publishers (with the copy read, when only a copy was: `credited`),
    official and international bodies
    first, then NGOs and others, then the press. The article under check and Wikipedia, which
    are never evidence, only when nothing else is cited."""
    return [(named_once(name, *read, lang), kind)
            for name, (read, kind) in credit_routes(source_ids, lang).items()]


def credit_routes(source_ids: Iterable, lang: str) -> dict[str, tuple[tuple, str]]:
    """Per organisation behind the sources, official and international bodies first, then
    NGOs and others, then the press (the article under check and Wikipedia only when nothing
    else is cited): ((read in its own publication, the outlets whose copies were read, the
    hosts of data copies read), its kind)."""
    ids = ids_of(source_ids)
    known = _check(ids)
    rows = sorted((known[i] for i in ids), key=lambda r: KIND_ORDER[r["kind"]])
    rows = [r for r in rows if r["kind"] not in NOT_EVIDENCE_KINDS] or rows
    routes: dict[str, tuple[list, list, list]] = {}
    kinds: dict[str, str] = {}
    for row in rows:
        name = credit_name(row["credit"], lang)
        direct, republishers, hosts = routes.setdefault(name, ([False], [], []))
        kinds.setdefault(name, row["kind"])
        republisher, host = read_copy(row)
        if not republisher and not host:
            direct[0] = True
        for found, seen in ((republisher, republishers), (host, hosts)):
            if found and found not in seen:
                seen.append(found)
    return {name: ((direct[0], republishers, hosts), kinds[name])
            for name, (direct, republishers, hosts) in routes.items()}


def short_line(source_ids: Iterable, lang: str, max_chars: int = 10_000,
               originators: Iterable[str] = (), full_list: bool = True) -> str:
    """A chart's source line, short enough for a phone: "Sources: UNODC; World Bank; PNC;
    press reports (12 outlets). Full list on the Sources page". The press is named when few
    outlets are cited and counted when many; other names are dropped from the end, and
    counted, until the line fits `max_chars`. A page that links to the list itself asks for
    no `full_list` sentence. `originators` (already in the chart's language) come first: the
    bodies whose figures the sources report (the police, UNODC...), and the outlets behind a
    headline figure, which the line names before counting the other outlets."""
    words = SHORT[lang]
    routes = credit_routes(source_ids, lang)
    # An originator (a body whose figures the chart shows) that a source credits too is named
    # once, with the copies it was read in; "also" only when its own publication was read.
    display = {name: named_once(name, read[0], *read[1:], lang)
               for name, (read, _) in routes.items()}
    found = [(display[name], kind) for name, (_, kind) in routes.items()]
    named = list(dict.fromkeys(display.get(o, o) for o in originators))
    named += [name for name, kind in found if kind not in PRESS_KINDS and name not in named]
    press = [name for name, kind in found if kind in PRESS_KINDS and name not in named]
    if len(press) <= PRESS_LISTED:
        named, press = named + press, []
    others = 0

    # Outlets named first (a chart's originators: those behind its headline figure) make the
    # rest "N other outlets".
    press_named = any(kind in PRESS_KINDS and name in named for name, kind in found)

    def line() -> str:
        parts = list(named)
        if press and press_named:
            parts.append(words["more_outlets"][len(press) > 1].format(n=len(press)))
        elif press:
            parts.append(words["press"][0] if len(press) == 1 else
                         f"{words['press'][1]} ({words['outlets'].format(n=len(press))})")
        if others:
            parts.append(words["others"][others > 1].format(n=others))
        label = words["label"][len(parts) > 1 or len(press) > 1]
        return f"{label}: " + "; ".join(parts) + (". " + words["full"] if full_list else ".")

    text = line()
    while len(text) > max_chars and len(named) > 1:
        named.pop()
        others += 1
        text = line()
    return text


def published_as_of(source_ids: Iterable) -> str:
    """For data without dates of their own (costs): as of the latest publication date
    (data/sources.csv) among its sources. Partial dates ('2025-03', '2024') compare as text."""
    ids = ids_of(source_ids)
    known = _check(ids)
    dated = sorted(p for p in (known[i]["published"] for i in ids)
                   if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", p or ""))
    if not dated:
        raise DataError("data/sources.csv", "none of the chart's sources has a publication "
                        f"date ({', '.join(ids)})", column="published")
    return dated[-1]


_QUOTES = "\"'“”«»‘’ "


def readable_quote(quote: str) -> str:
    """A source's words as a reader sees them: without doubled quotation marks, and none at
    all where the data hold a row of a data file rather than a sentence ("El
    Salvador,SLV,2020,6486201"): the card's title and link say what the file is."""
    text = quote.strip(_QUOTES)
    row = re.search(r"[a-z]{2}\d{4}", text) or re.fullmatch(r"[\w ]+(,[\w.]+){2,}", text)
    # A file's header, an address, a file name, an indicator code or a figure to many places:
    # what a data file says, not what a person wrote.
    machine = re.search(r"https?://|\burl:|\.(xlsx|csv|zip|json)\b|Last Updated Date|"
                        r"\d\.\d{5,}|\b[A-Z]{2,}(\.[A-Z0-9]+){2,}", text)
    words = text.split()
    numeric = sum(bool(re.fullmatch(r"[\d.,:;\"'…–-]+", word)) for word in words)
    if row or machine or len(words) < 2 or numeric > 0.6 * len(words):
        return ""
    return text


FIGURE_COLUMNS = ("value", "low", "high", "count")


def shows(quote: str, value) -> bool:
    """Whether a source's quoted words give a figure: 91300 as 91,300, 91.300, 91 300 or
    91300 (a whole number, not part of a longer one)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    if number != number or number != round(number):
        return False
    whole = f"{int(number):,}"
    forms = {whole, whole.replace(",", "."), whole.replace(",", " "), whole.replace(",", "")}
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", quote or "")
               for form in forms)


def read_in(table, column: str, name_of) -> dict[str, list[str]]:
    """Where each body's figures in a chart's table were read: {its name: the sources of its
    rows}, for the rows whose `column` names a body (`name_of` gives its name, or "" to leave
    it out: an unnamed counter). A source whose quoted words give its row's figure comes
    first, then the others; within each, the last rows first (a table runs forward in time)."""
    known = register()
    found: dict[str, tuple[list[str], list[str]]] = {}
    records = table.to_dict("records")
    for row in reversed(records):
        key = row[column]
        name = name_of(key) if isinstance(key, str) and key else ""
        if not name:
            continue
        showing, others = found.setdefault(name, ([], []))
        for i in ids_of(row["source_id"]):
            if i in showing or i not in known:
                continue
            # what a reader sees of the quote (cecot.machinery.site shows it on the card)
            if any(shows(readable_quote(known[i]["quote"]), row.get(c))
                   for c in FIGURE_COLUMNS):
                showing.append(i)
                if i in others:
                    others.remove(i)
            elif i not in others:
                others.append(i)
    return {name: showing + others for name, (showing, others) in found.items()}

