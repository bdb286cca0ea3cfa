"""The static report site (site/), for readers and editors who never open Python.

Build output, never committed: `make figures` and `make report` write it from what the build
published (figures/: charts, numbers.json, the claims ledger), the executed notebooks, the
stories' words and data/sources.csv. Pages come from Jinja2 templates (templates/); every word
around the stories is in site.yml, every word of a story page is made by the story's own
`words.page` from its numbers.json. Self-contained (no request leaves the page: no CDN, no web
font, no script), phone first, works from file:// and any static host, deterministic, in
English and Spanish.

Pages, per language: index (the findings), one page per story (headline, standfirst, key
numbers, charts, caveats, sources) and its methodology page (the executed notebook, code
folded), the claims ledger and the sources, as cards that read on a phone.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from urllib.parse import urlparse

import jinja2
import markupsafe
from babel.lists import format_list
from markdown_it import MarkdownIt

from .. import fmt, paths, registry
from ..fmt import LANGUAGES
from ..sources import COPIES, HOSTED_COPY, NOT_EVIDENCE_KINDS, PRESS_KINDS, credited, \
    readable_quote, register, short_line
from ..words import PageText, credit_name, load_yaml
from . import i18n

SITE = paths.ROOT / "site"
LANGS = LANGUAGES
OTHER = {"en": "es", "es": "en"}
MANIFEST = "site-inputs.json"
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
WORDS = HERE / "site.yml"
# Files of a story's figures folder that are not served: build records, and the ledger's HTML
# fragments (the ledger page shows the ledger).
NOT_SERVED = ("build.json", "run.json", "*.html")


# --- words ----------------------------------------------------------------------------------

class Words(dict):
    """site.yml in one language: w.key, or w("key", value=...) for a sentence to fill."""

    def __init__(self, lang: str):
        tree = load_yaml(WORDS)
        super().__init__({key: entry[lang] for key, entry in tree.items()
                          if isinstance(entry, dict) and lang in entry})
        self.lang = lang
        self.tree = tree

    def __getattr__(self, key: str) -> str:
        try:
            return self[key]
        except KeyError:  # not a word: an ordinary missing attribute (Jinja2 probes some)
            raise AttributeError(key) from None

    def __call__(self, key: str, **values) -> str:
        return self[key].format(**values)

    def of(self, group: str, key: str) -> str:
        return self.tree[group][key][self.lang]


# What a newsroom sets before publishing (site.yml): the key, and what a reader misses without it.
PUBLISH_SETTINGS = (("signed_by.reporters", "the byline names no reporter"),
                    ("signed_by.editor", "the byline names no editor"),
                    ("contact.email", "readers have no address to report an error"),
                    ("contact.repository", "the corrections page links no repository"))


def _setting(tree: dict, key: str):
    group, name = key.split(".")
    return (tree.get(group) or {}).get(name)


def not_ready(tree: dict | None = None) -> list[str]:
    """The newsroom settings still empty in site.yml: the site may be written for review, not
    published, while any is."""
    tree = load_yaml(WORDS) if tree is None else tree
    missing = []
    for key, _ in PUBLISH_SETTINGS:
        value = _setting(tree, key)
        filled = [v for v in value if str(v).strip()] if isinstance(value, list) else \
            str(value or "").strip()
        if not filled:
            missing.append(key)
    return missing


def not_ready_line(missing: list[str]) -> str:
    """One line naming the file and every setting still to fill, and what each leaves out."""
    said = dict(PUBLISH_SETTINGS)
    return (f"{WORDS.relative_to(paths.ROOT).as_posix()}: not ready to publish: set "
            + "; ".join(f"{key} ({said[key]})" for key in missing))


def byline(w: "Words") -> str:
    """The names of who reported and who edited, once set; until then the collection's name."""
    signed = w.tree.get("signed_by") or {}
    reporters = [str(r).strip() for r in signed.get("reporters") or [] if str(r).strip()]
    editor = str(signed.get("editor") or "").strip()
    if not reporters or not editor:
        return w.byline
    return w("byline_named", reporters=format_list(reporters, locale=fmt.locale(w.lang)),
             editor=editor)


def menu_label(story: registry.Story, lang: str) -> str:
    return story.title_in(lang)


# --- what a story page shows ----------------------------------------------------------------

@dataclass
class Chart:
    story: str
    chart_id: str
    alt: str
    png: str
    narrow_png: str
    svg: str
    data: str
    sidecar: str
    size: tuple[int, int]
    narrow_size: tuple[int, int]
    source_ids: list[str] = field(default_factory=list)
    originators: list[str] = field(default_factory=list)
    read_in: dict[str, list[str]] = field(default_factory=dict)
    as_of: str = ""


def png_size(path: Path) -> tuple[int, int]:
    """width and height of a PNG (from its header), so the page reserves the right space."""
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")


def charts_of(story: registry.Story, lang: str) -> list[Chart]:
    """The story's charts in its reading order (story.yml), from their sidecars."""
    folder = paths.FIGURES / story.name
    base = f"../files/{story.name}/"
    found = []
    for chart_id in story.charts:
        sidecar = folder / f"{chart_id}.{lang}.json"
        if not sidecar.exists():
            continue
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        files = meta["files"]
        narrow = files.get("narrow_png", files["png"])
        found.append(Chart(
            story=story.name, chart_id=chart_id, alt=meta["alt_text"],
            png=base + files["png"], narrow_png=base + narrow, svg=base + files["svg"],
            data=base + files["data"], sidecar=base + sidecar.name,
            size=png_size(folder / files["png"]), narrow_size=png_size(folder / narrow),
            source_ids=meta["source_ids"], originators=meta.get("originators", []),
            read_in=meta.get("read_in", {}), as_of=meta["data_as_of"]))
    return found


def page_text(story: registry.Story, lang: str, charts: list[Chart]) -> PageText:
    """The story's own words for its page: its words.page, from numbers.json; a story without
    one is told by its charts' words (made from the same numbers by the same run): the first
    chart's title and subtitle head the page, the other charts' titles are its key numbers,
    their notes its caveats."""
    numbers_file = paths.FIGURES / story.name / "numbers.json"
    words = importlib.import_module(f"cecot.stories.{story.name}.words")
    if hasattr(words, "page") and numbers_file.exists():
        numbers = json.loads(numbers_file.read_text(encoding="utf-8"))
        return words.page(numbers, lang)
    metas = [json.loads((paths.FIGURES / story.name / f"{c.chart_id}.{lang}.json")
                        .read_text(encoding="utf-8")) for c in charts]
    first = metas[0] if metas else {}
    return PageText(story=story.name, lang=lang,
                    headline=first.get("title", story.title_in(lang)),
                    standfirst=first.get("subtitle", ""),
                    key_numbers=[m["title"] for m in metas[1:]],
                    caveats=list(dict.fromkeys(m["note"] for m in metas if m.get("note"))))


@dataclass
class StoryPage:
    name: str
    label: str
    page: str
    methodology: str
    text: PageText
    charts: list[Chart]
    source_line: str
    data_to: str
    previous: "StoryPage | None" = None
    next: "StoryPage | None" = None


def data_to(as_of: str, lang: str, w: Words) -> str:
    """"data to 12 December 2025", or "data to December 2025" for a figure known to the month
    (an as-of date is written as precisely as its figure was given)."""
    if not as_of:
        return ""
    precision = {4: "year", 7: "month"}.get(len(as_of), "day")
    key = "data_to" if precision == "day" else "data_to_month"
    return w(key, date=fmt.date(as_of, lang, precision))


def story_pages(lang: str, w: Words) -> list[StoryPage]:
    pages = []
    for story in registry.stories().values():
        if not (paths.NOTEBOOKS / story.notebook).exists():
            continue
        charts = charts_of(story, lang)
        text = page_text(story, lang, charts)
        ids = [i for c in charts for i in c.source_ids] + list(text.source_ids)
        # The page names what its charts name: their sources and the bodies behind them.
        originators = list(dict.fromkeys(o for c in charts for o in c.originators))
        as_of = max([c.as_of for c in charts] + [text.as_of], default="")
        pages.append(StoryPage(
            name=story.name, label=menu_label(story, lang), page=f"{story.name}.html",
            methodology=f"{story.name}-methodology.html",
            text=text, charts=charts,
            source_line=short_line(ids, lang, full_list=False, originators=originators)
            if ids else "",
            data_to=data_to(as_of, lang, w)))
    for before, after in zip(pages, pages[1:]):
        before.next, after.previous = after, before
    return pages


# --- the methodology page: the executed notebook, code folded -------------------------------

_BUNDLE_REPR = re.compile(r"ChartBundle\(([\w-]+), (en|es)\)")
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def _run_header(text: str) -> bool:
    """The first lines every run prints (its parameters and output folder): for analysts."""
    return text.startswith(("parameters:", "parámetros:"))


def notebook_parts(story: registry.Story, lang: str, charts: list[Chart]) -> tuple[list, bool]:
    """The executed notebook in the page's language, as the methodology page's technical
    appendix: the narrative (translated where current), code folded, each table and sentence
    the run showed (in `lang`: a run keeps its outputs in the other language in their
    metadata, cecot.run.Run), charts. The run's own bookkeeping lines are left out."""
    nb = json.loads((paths.NOTEBOOKS / story.notebook).read_text(encoding="utf-8"))
    md = _md()
    translated = i18n.spanish(story.notebook) if lang == "es" else {}
    by_id = {c.chart_id: c for c in charts}
    parts, untranslated, first_heading = [], False, True
    for cell in nb["cells"]:
        source = _joined(cell["source"])
        if cell["cell_type"] == "markdown":
            text_lang = "en"
            if lang != "en":
                if cell.get("id") in translated:
                    source, text_lang = translated[cell["id"]], lang
                else:
                    untranslated = True
            if first_heading and source.lstrip().startswith("# "):
                # The page has its own h1: the notebook's title goes.
                source = "\n".join(source.lstrip().split("\n")[1:])
                first_heading = False
            parts.append({"kind": "markdown", "lang": text_lang, "html": md.render(source)})
            continue
        if cell["cell_type"] != "code" or "parameters" in cell["metadata"].get("tags", []):
            continue  # the parameters cell is the analysts' (the README lists them)
        parts.append({"kind": "code", "text": source})
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("cecot", {}).get("numbers"):
                # The run's numbers by their keys are the analysts': readers get the file.
                # Said in full once a page; later lists only point to the file.
                if not parts or parts[-1]["kind"] != "numbers":
                    parts.append({"kind": "numbers",
                                  "again": any(p["kind"] == "numbers" for p in parts),
                                  "href": f"../files/{story.name}/numbers.json"})
                continue
            data = dict(output.get("data", {}))
            # A run shows its outputs in its own language and keeps the others in metadata.
            data.update(output.get("metadata", {}).get("cecot", {}).get(lang, {}))
            text = _joined(output.get("text") or data.get("text/plain", ""))
            match = _BUNDLE_REPR.fullmatch(text.strip()) if text else None
            if match:
                if match.group(1) in by_id:
                    parts.append({"kind": "chart", "chart": by_id[match.group(1)]})
                continue
            if output.get("output_type") == "stream" and (
                    output.get("name") == "stderr" or _run_header(text)):
                continue
            if data.get("text/html"):
                html = _STYLE.sub("", _joined(data["text/html"])).strip()
                parts.append({"kind": "table", "html": html})
            elif data.get("text/markdown"):
                parts.append({"kind": "markdown", "lang": lang, "output": True,
                              "html": md.render(_joined(data["text/markdown"]))})
            elif text and not _BUNDLE_REPR.search(text):
                parts.append({"kind": "text", "text": text.rstrip()})
    return parts, untranslated


# --- the claims ledger and the sources, as cards ----------------------------------------------

def ledger_context(lang: str) -> dict:
    """The ledger page, as the claims story's own words lay it out (its words.ledger_page)."""
    from ..stories.claims import words as claim_words

    ledger = paths.FIGURES / "claims" / "ledger.csv"
    import pandas as pd

    table = pd.read_csv(ledger, keep_default_na=False, na_values=[""])
    return {"ledger": claim_words.ledger_page(table, lang)}


def source_title(record: dict, lang: str, w: Words) -> tuple[str, str]:
    """A source's title as a reader should take it, and a remark on it. A headline as published
    is shown as it is; the headline of the copy read says so. Where no title can be shown as
    the headline (never seen, or a data file's name or code), the data's description for
    readers, in the page's language, stands instead; words taken from a web address, or a
    headline never seen with no description, are not shown at all: the card then gives the
    publisher, the date and the link only."""
    described = record.get(f"description_{lang}")
    if described:  # the team's words, not a headline: in square brackets
        return f"[{described}]", ""
    status = record["title_status"]
    if status in ("from_address", "not_known"):
        return "", ""
    if status == "as_republished":
        return record["title"], w.title_as_republished
    return record["title"], ""


SOURCE_GROUPS = {"official": "official", "international": "international", "ngo": "ngo",
                 "academic": "ngo", "other": "ngo", "press": "press", "opinion": "opinion",
                 "wikipedia": "never", "article": "never"}


def _precision(published: str) -> str:
    """How precisely a source's publication date is known: day, month or year; "" if not."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", published or ""):
        return ""
    return {4: "year", 7: "month", 10: "day"}[len(published)]


def _published(record: dict, lang: str, w: Words) -> str:
    precision = _precision(record["published"])
    if not precision:
        return w.not_dated
    return w("published_on" if precision == "day" else "published_in",
             date=fmt.date(record["published"], lang, precision))


def _dated(record: dict, lang: str, w: Words) -> str:
    """A source's publication date alone ("16 March 2025", "2024"), or "undated"."""
    precision = _precision(record["published"])
    if not precision:
        return w.not_dated[:1].lower() + w.not_dated[1:]
    return fmt.date(record["published"], lang, precision)


def host_name(record: dict, lang: str, w: Words) -> str:
    """Who published the copy read, in the page's language ("KSL.com (emisora afiliada a
    AP)")."""
    host = record.get("read_publisher") or urlparse(record["read_url"]).hostname or ""
    hosted = HOSTED_COPY.fullmatch(host)
    if hosted:  # a person's copy of a data file: the site, not a username (the link has it)
        host = hosted.group(1)
    if lang != "en":
        for english, translated in w.tree["host_words"].items():
            host = host.replace(english, translated)
    return host


def _listed_name(record: dict, lang: str, w: Words) -> str:
    """A source in a story's list: as the charts credit it, and, read on a partner's site, that
    site too, so two wires of one day are told apart ("AFP, on Liputan6")."""
    if record.get("read_in") == "syndication":
        return w("listed_on", credit=credit_name(record["credit"], lang),
                 host=host_name(record, lang, w))
    if HOSTED_COPY.fullmatch(record.get("read_publisher") or ""):
        return credited(record, lang)
    return credited(dict(record, read_publisher=host_name(record, lang, w)), lang)


def _read(record: dict, lang: str, w: Words) -> str:
    """Where the project read it, said once: nothing when it read the original."""
    host = host_name(record, lang, w)
    credit = credit_name(record["credit"], lang)
    if record.get("read_in") == "syndication":
        # "KSL.com (AP member station)" already says whose partner it is.
        named = re.search(rf"\b{re.escape(record['credit'])}\b", record.get("read_publisher") or "")
        return w("read_on_named_partner" if named else "read_on_partner", host=host,
                 credit=credit)
    if record.get("read_in") == "copy":
        return w("read_in_copy_known" if record["url"] else "read_in_copy", host=host)
    return ""


_INNER = {"en": ("‘", "’"), "es": ("“", "”")}


def nested(text: str, lang: str) -> str:
    """Quotation marks inside a quoted source, in the page's second level: ‘…’ inside “…” in
    English, “…” inside «…» in Spanish; a mark whose pair the excerpt cut off is dropped."""
    opening, closing = _INNER[lang]
    for left, right in (("“", "”"), ("«", "»")):
        if text.count(left) != text.count(right):  # an excerpt that cuts a quotation in two
            text = text.replace(left, "").replace(right, "")
    text = re.sub(r'"([^"]+)"', lambda m: opening + m.group(1) + closing, text)
    text = text.replace("«", opening).replace("»", closing)
    return text.replace("“", opening).replace("”", closing) if lang == "en" else text


def heading(name: str) -> str:
    """A publisher's name as a heading: capitalised ("Recopilación inédita..."), except a web
    address, which is written as it is ("elsalvadorinfo.net")."""
    if re.search(r"\.[a-z]{2,}$", name):
        return name
    return name[:1].upper() + name[1:]


BODY_CARDS = 3  # the sources listed under a body for each story, on the Sources page


def _bodies(rows: list[dict], lang: str, stories: list[StoryPage]) -> dict[str, dict]:
    """Whose figures the charts show, by name: the bodies their source lines name first, the
    counters and agencies their tables name, and every organisation a source credits that is
    not the press. For each, story by story: the sources its figures were read in, in the
    order the charts give them, taking each chart's first in turn (so a body's figures in two
    charts of one story both lead), then the sources that credit it."""
    known = {r["source_id"]: r for r in rows}
    found: dict[str, dict[str, list]] = {}  # name -> story name -> source ids
    lists: dict[tuple[str, str], list[list[str]]] = {}  # (name, story) -> each chart's ids
    credits: dict[tuple[str, str], list[str]] = {}  # (name, story) -> the sources crediting it

    def add(name: str, story: StoryPage, ids) -> None:
        found.setdefault(name, {}).setdefault(story.name, [])
        if ids:
            lists.setdefault((name, story.name), []).append([i for i in ids if i in known])

    words = COPIES[lang]
    copy = re.compile(", (?:{})?(?:{}|{})".format(*(re.escape(words[k].split("{")[0])
                                                     for k in ("also", "republished", "hosted"))))
    for story in stories:
        for chart in story.charts:
            for name in chart.originators:  # the body, not the copy it was read in
                add(copy.split(name)[0], story, [])
            for name, ids in chart.read_in.items():
                add(name, story, ids)
            for i in chart.source_ids:
                record = known.get(i)
                if record and record["kind"] not in PRESS_KINDS | NOT_EVIDENCE_KINDS:
                    add(credit_name(record["credit"], lang), story, [])
        ids = sorted({i for c in story.charts for i in c.source_ids})
        for name, by_story in found.items():  # the sources that credit a body it shows
            if story.name in by_story:
                credits[(name, story.name)] = sorted(  # its own publications, newest first
                    (i for i in ids if credit_name(known[i]["credit"], lang) == name),
                    key=lambda i: known[i]["published"] if _precision(known[i]["published"])
                    else "", reverse=True)
    for name, by_story in found.items():
        for story, merged in by_story.items():
            turns = [i for turn in zip_longest(*lists.get((name, story), [])) for i in turn]
            for i in turns + credits.get((name, story), []):  # the charts', in turn
                if i and i not in merged:
                    merged.append(i)
    pages = {s.name: s for s in stories}
    return {name: [{"story": pages[story], "ids": ids} for story, ids in by_story.items()]
            for name, by_story in sorted(found.items(), key=lambda kv: kv[0].lower())}


def sources_context(lang: str, w: Words, stories: list[StoryPage]) -> dict:
    """The sources page: every source once, grouped by kind and then by publisher (named as
    the charts name them, in the page's language); each card says each thing once: title,
    when, where it was read, the figure's words, how far it was verified when not simply read,
    and the stories that use it. The project's working notes stay in data/sources.csv."""
    rows = list(csv.DictReader(io.StringIO(
        (paths.DATA / "sources.csv").read_text(encoding="utf-8-sig"))))
    used: dict[str, list[StoryPage]] = {}
    by_story = []
    for story in stories:
        ids = list(dict.fromkeys(i for c in story.charts for i in c.source_ids))
        ids += [i for i in story.text.source_ids if i not in ids]
        for source_id in ids:
            used.setdefault(source_id, []).append(story)
        by_story.append({"story": story, "ids": ids})
    known = {r["source_id"]: r for r in rows}
    groups: dict[str, dict[str, list]] = {}
    for r in rows:
        title, remark = source_title(r, lang, w)
        card = {
            "id": r["source_id"], "title": title, "remark": remark, "url": r["url"],
            "url_label": w.untitled_link if r["url"] else "",
            "meta": " · ".join(part for part in (
                _published(r, lang, w),
                # a release is said when it is not the publication date said just before
                w("release", date=fmt.date(r["vintage"], lang))
                if r["vintage"] and r["vintage"] != r["published"] else "",
                w("accessed", date=fmt.date(r["accessed"], lang)) if r["accessed"] else "")
                if part),
            "read": _read(r, lang, w), "read_url": r["read_url"],
            "quote": nested(readable_quote(r["quote"]), lang),
            "verification": w.of("verification", r["verification"]),
            "used_in": used.get(r["source_id"], [])}
        group = SOURCE_GROUPS[r["kind"]]
        groups.setdefault(group, {}).setdefault(credit_name(r["credit"], lang),
                                                []).append(card)
    order = ["official", "international", "ngo", "press", "opinion", "never"]
    bodies = _bodies(rows, lang, stories)
    series = list(csv.DictReader(io.StringIO(
        (paths.DATA / "series.csv").read_text(encoding="utf-8-sig"))))
    checked = min((r["checked_through"] for r in series if r["checked_through"]), default="")
    return {
        "checked": w("sources_checked", date=fmt.date(checked, lang)) if checked else "",
        "bodies": [{"name": heading(name), "groups": [
                       {"story": group["story"], "more": max(0, len(group["ids"]) - BODY_CARDS),
                        "cards": [{"id": i, "name": w.own_publication
                                   if _listed_name(known[i], lang, w) == name
                                   else _listed_name(known[i], lang, w),
                                   "when": _dated(known[i], lang, w)}
                                  for i in group["ids"][:BODY_CARDS]]}
                       for group in groups]}
                   for name, groups in bodies.items()],
        "groups": [{"id": g, "title": w.of("groups", g),
                    "publishers": [{"name": heading(name),
                                    "cards": sorted(cards, key=lambda c: c["id"])}
                                   for name, cards in sorted(groups[g].items(),
                                                             key=lambda kv: kv[0].lower())]}
                   for g in order if g in groups],
        "by_story": [{"story": entry["story"],
                      "summary": w("story_sources", story=entry["story"].label,
                                   count=w("sources_count",
                                           n=fmt.whole(len(entry["ids"]), lang))),
                      "sources": [{"id": i, "name": heading(_listed_name(known[i], lang, w)),
                                   "when": _published(known[i], lang, w)}
                                  for i in entry["ids"] if i in known]}
                     for entry in by_story]}


# --- build ----------------------------------------------------------------------------------

_RANGE = re.compile(r"(?<=\d)([–-])(?=(US\$)?\d)")


def _unbroken_ranges(value):
    """Text as the page prints it: a range (6,656–6,657, US$4.70–4.76) never breaks at its
    dash (word joiners on both sides). Markup (a macro's HTML, addresses) is left as it is."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup) \
            and not value.startswith(("http://", "https://")):  # an address stays as it is
        return _RANGE.sub("\u2060\\1\u2060", value)
    return value


# A methodology paragraph that opens with a short heading sentence ("Which figures count.")
# shows it as a run-in head, in bold.
_RUN_IN = re.compile(r"([^.\d{}]{3,42}\.) (.+)", re.S)


def run_in(paragraph: str) -> markupsafe.Markup:
    """A paragraph with its run-in head in bold, if it opens with one."""
    match = _RUN_IN.fullmatch(paragraph)
    if not match:
        return markupsafe.escape(_unbroken_ranges(paragraph))
    head, rest = (_unbroken_ranges(part) for part in match.groups())
    return markupsafe.Markup("<b>{}</b> {}").format(head, rest)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
                             finalize=_unbroken_ranges)
    env.filters["run_in"] = run_in
    return env


def updated_date(lang: str) -> str:
    """When the pages last changed for a reader: the latest access date in data/sources.csv (a
    source read again) or the latest correction (site.yml), whichever is later."""
    rows = csv.DictReader(io.StringIO((paths.DATA / "sources.csv").read_text(encoding="utf-8")))
    corrected = [str(entry["date"]) for entry in load_yaml(WORDS).get("corrections_log") or []]
    latest = max([r["accessed"] for r in rows if r["accessed"]] + corrected, default="")
    return Words(lang)("updated", date=fmt.date(latest, lang)) if latest else ""


def pages_of(lang: str) -> dict[str, str]:
    """Every page of one language, by file name."""
    env, w = _environment(), Words(lang)
    css = (TEMPLATES / "site.css").read_text(encoding="utf-8")
    stories = story_pages(lang, w)
    menu = [{"page": s.page, "label": s.label} for s in stories]
    common = dict(lang=lang, other=OTHER[lang], w=w, css=css, menu=menu,
                  updated=updated_date(lang), byline=byline(w))
    out = {}

    def render(template: str, page: str, title: str, **extra) -> None:
        out[page] = env.get_template(template).render(page=page, title=title, **common,
                                                      **extra)

    count = len(register())
    render("index.html.j2", "index.html", w.site_title, stories=stories,
           source_line=w("index_sources", count=w("sources_count", n=fmt.whole(count, lang))))
    for s in stories:
        render("story.html.j2", s.page, s.text.headline, story=s)
        story = registry.story(s.name)
        parts, untranslated = notebook_parts(story, lang, s.charts)
        render("methodology.html.j2", s.methodology,
               w("methodology_title", title=story.title_in(lang)), story=s, parts=parts,
               untranslated=untranslated)
    context = ledger_context(lang)
    # the ledger is the claims story in full: it names the sources that story's page names
    claims = next((s.source_line for s in stories if s.name == "claims"), "")
    render("ledger.html.j2", "ledger.html", context["ledger"]["headline"], **context,
           source_line=claims)
    render("sources.html.j2", "sources.html", w.sources, **sources_context(lang, w, stories))
    # Only what readers could have seen: changes made in review before the first publication
    # stay in site.yml as the team's record.
    render("corrections.html.j2", "corrections.html", w.corrections,
           corrections=[{"date": fmt.date(entry["date"], lang), "text": entry[lang]}
                        for entry in w.tree.get("corrections_log", [])
                        if not entry.get("before_publication")],
           contact=w.tree["contact"])
    return out


def _inputs_hash() -> str:
    """Everything the site is made from: skip the rebuild when none of it changed."""
    digest = hashlib.sha256()
    files = [paths.DATA / name for name in ("sources.csv", "claims.csv", "series.csv")]
    files += sorted(p for p in paths.PACKAGE.rglob("*")
                    if p.suffix in (".py", ".yml", ".j2", ".css") and p.is_file())
    files += sorted(paths.NOTEBOOKS.glob("*.ipynb"))
    files += sorted(i18n.FOLDER.glob("*.json"))
    files += sorted(p for p in paths.FIGURES.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(paths.ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


ROOT_PAGE = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             '<meta http-equiv="refresh" content="0; url=en/index.html">\n'
             '<title>CECOT data collection</title>\n</head>\n<body>\n'
             '<p><a href="en/index.html">English</a> · '
             '<a href="es/index.html" lang="es">Español</a></p>\n</body>\n</html>\n')


def build_site(target: Path | None = None, force: bool = False) -> bool:
    """Write the site atomically into `target` (default site/). Returns False if up to date."""
    target = target or SITE
    inputs = _inputs_hash()
    manifest = target / MANIFEST
    if not force and manifest.exists() and \
            json.loads(manifest.read_text(encoding="utf-8")).get("inputs") == inputs:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    try:
        for name in registry.stories():
            src = paths.FIGURES / name
            if src.exists():
                shutil.copytree(src, staging / "files" / name,
                                ignore=shutil.ignore_patterns(*NOT_SERVED))
        for lang in LANGS:
            out = staging / lang
            out.mkdir(parents=True)
            for page, html in pages_of(lang).items():
                (out / page).write_text(html, encoding="utf-8")
        (staging / "index.html").write_text(ROOT_PAGE, encoding="utf-8")
        (staging / MANIFEST).write_text(json.dumps({"inputs": inputs}, indent=2) + "\n",
                                        encoding="utf-8")
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
            os.replace(target, old / "site")
        os.replace(staging, target)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True
