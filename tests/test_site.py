"""The report site as a reader meets it. The site is build output (never committed): the tests
build it once into a scratch folder from the committed figures, then read its pages, and open
them in a real browser (headless Chromium, served from 127.0.0.1) at phone and desktop width.
The browser tests skip, saying how to install Chromium, on a machine without it."""

from __future__ import annotations

import csv
import functools
import html
import http.server
import json
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from markupsafe import escape

from cecot import paths, registry
from cecot.machinery import site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
STORIES = [s.name for s in registry.stories().values()
           if (paths.NOTEBOOKS / s.notebook).exists()]
PAGES = ["index.html", "sources.html", "ledger.html", "corrections.html"] + \
    [f"{s}.html" for s in STORIES] + [f"{s}-methodology.html" for s in STORIES]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site") / "site"
    site.build_site(target, force=True)
    return target


def read(built: Path, lang: str, page: str) -> str:
    return (built / lang / page).read_text(encoding="utf-8")


# --- without a browser --------------------------------------------------------------------

def test_the_site_is_build_output_not_committed():
    ignored = (paths.ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "site/" in ignored


def test_every_page_has_its_own_file(built):
    assert len(PAGES) == len(set(PAGES))
    for lang in site.LANGS:
        assert sorted(p.name for p in (built / lang).glob("*.html")) == sorted(PAGES)


def test_site_build_is_deterministic(built, tmp_path):
    again = tmp_path / "again"
    site.build_site(again, force=True)
    files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (built / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_an_unchanged_site_is_not_rebuilt(built):
    assert site.build_site(built) is False


@pytest.mark.parametrize("lang", site.LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_pages_are_self_contained_and_accessible(built, lang, page):
    text = read(built, lang, page)
    assert f'<html lang="{lang}">' in text
    # No request may leave the page: no absolute URL in src, no script, no external style.
    assert not re.search(r'\ssrc(set)?="(https?:)?//', text)
    assert "<script" not in text and "@import" not in text and "url(http" not in text
    # Headings in order: one h1, and no level skipped.
    levels = [int(h) for h in re.findall(r"<h([1-6])[ >]", text)]
    assert levels.count(1) == 1 and levels[0] == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    # Every image has alt text written for it.
    for img in re.findall(r"<img [^>]*>", text):
        alt = re.search(r'alt="([^"]*)"', img)
        assert alt and len(alt.group(1)) > 20, img
    # An address is printed as it is: nothing the page adds to keep ranges whole gets into it.
    for address in re.findall(r'(?:href|src)="([^"]*)"', text):
        assert "\u2060" not in address, address


def test_the_sources_page_speaks_to_readers(built):
    """Every source once, by who published it, in the page's language: no internal ids, no
    working notes, no English on the Spanish page's headings, no doubled quote marks."""
    import csv

    rows = list(csv.DictReader((paths.DATA / "sources.csv").open(encoding="utf-8")))
    names = " ".join(r[c] for r in rows for c in ("title", "publisher", "credit",
                                                  "read_publisher", "quote"))
    ids = {r["source_id"] for r in rows}
    for lang in site.LANGS:
        page = read(built, lang, "sources.html")
        shown = re.sub(r"<[^>]+>", " ", page)
        for source_id in ids:
            assert f'id="src-{source_id}"' in page, source_id
            if source_id not in names:  # "TN8" is a channel's name too
                assert not re.search(rf"(?<![\w-]){re.escape(source_id)}(?![\w-])", shown), \
                    (lang, source_id)
        for working_note in ("not in the store", "NOT CONFIRMED", "factcheck", "headline not seen;"):
            assert working_note not in shown, (lang, working_note)
        assert not re.search(r"[“«]\s*[“«\"]|[”»\"]\s*[”»]", shown), lang
    spanish = re.sub(r"<[^>]+>", " ", read(built, "es", "sources.html"))
    for english in ("US court filing", "Council of Europe", "World Bank", "AP member station",
                    "dev server", "Title not seen"):
        assert english not in spanish, english


def _sources_rows() -> list[dict]:
    return list(csv.DictReader((paths.DATA / "sources.csv").open(encoding="utf-8")))


def _cards(built: Path, lang: str) -> dict[str, str]:
    """Each source's card on the sources page, as the words a reader sees (no markup, no
    addresses)."""
    page = read(built, lang, "sources.html")
    return {source_id: html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
            for source_id, body in re.findall(r'<article class="card" id="src-([^"]+)">(.*?)'
                                              r"</article>", page, re.S)}


def _shown(built: Path, lang: str) -> str:
    """The sources page as a reader sees it: its words, without markup or addresses."""
    return html.unescape(re.sub(r"<[^>]+>", " ", read(built, lang, "sources.html")))


def test_a_headline_never_seen_is_not_shown_as_one(built):
    """Words rebuilt from a web address are not a headline: such a source shows publisher,
    date and the link (in words of the page, not a web address), and no words of its own and
    no tag about it."""
    rows = [r for r in _sources_rows() if r["title_status"] == "from_address"]
    assert len(rows) > 50  # the data keep the words, for the team
    for lang in site.LANGS:
        cards = _cards(built, lang)
        for row in rows:
            card = cards[row["source_id"]]
            assert html.unescape(row["title"]) not in card, (lang, row["source_id"])
            if row["url"]:
                assert site.Words(lang).untitled_link in card, (lang, row["source_id"])
                host = urlparse(row["url"]).hostname.removeprefix("www.")
                assert host not in card, (lang, row["source_id"], host)
        shown = _shown(built, lang)
        for tag in ("not seen", "no visto", "web address", "dirección web"):
            assert tag not in shown, (lang, tag)


def test_an_item_whose_title_was_not_seen_is_described_in_the_page_language_or_not_at_all(
        built):
    rows = [r for r in _sources_rows() if r["title_status"] == "not_known"]
    described = 0
    for lang in site.LANGS:
        cards = _cards(built, lang)
        for row in rows:
            card, description = cards[row["source_id"]], row.get(f"description_{lang}")
            if description:
                described += 1
                # The team's words, set apart from a headline.
                assert f"[{html.unescape(description)}]" in card, (lang, row["source_id"])
            # The team's working description ("page at …/67337-nayib-bukele") is not shown.
            if row["title"] != row.get("description_en"):
                assert html.unescape(row["title"]) not in card, (lang, row["source_id"])
        shown = _shown(built, lang)
        for tag in ("page at", "Headline not seen", "Título no visto"):
            assert tag not in shown, (lang, tag)
    assert described > 20  # descriptions where the team could give one, in both languages
    w = site.Words("es")
    record = {"title_status": "not_known", "title": "Post on X by a minister",
              "description_en": "", "description_es": ""}
    assert site.source_title(record, "es", w) == ("", "")
    assert site.source_title(dict(record, description_es="Publicación en X"), "es", w)[0] == \
        "[Publicación en X]"


def test_no_file_name_or_indicator_code_is_a_title_for_readers(built):
    """"data_cts_prisons_and_prisoners.xlsx" and "SP.POP.TOTL" are what a file is called: the
    reader is told what the data are, in the page's language (the links keep the addresses)."""
    file_or_code = re.compile(r"\b[\w-]+\.(xlsx?|csv|zip|json)\b|\b[A-Z]{2,}(\.[A-Z0-9]+){2,}\b")
    for lang in site.LANGS:
        shown = _shown(built, lang)
        assert not file_or_code.search(shown), (lang, file_or_code.search(shown).group(0))
    assert "data_cts_prisons_and_prisoners.xlsx" in read(built, "en", "sources.html")  # a link
    english, spanish = _cards(built, "en"), _cards(built, "es")
    assert "(World Development Indicators)" in english["WBPOP"]
    assert "Población total" in spanish["WBPOP"]


def test_a_copy_is_named_as_a_reader_would_name_its_publisher(built):
    """No server, mirror or wire jargon in a credit, and a partner whose name says whose
    partner it is is not told again ("KSL.com (AP member station), which republishes AP")."""
    for lang in site.LANGS:
        shown = _shown(built, lang)
        for jargon in ("dev server", "servidor de pruebas", "unidentified mirror",
                       "copia sin identificar", "EFE wire", "servicio de EFE"):
            assert jargon not in shown, (lang, jargon)
        assert not re.search(r"\(([^()]*\b(AP|CNN|Reuters)\b[^()]*)\), (which republishes|que "
                             r"reproduce a)", shown), lang
    assert "on Tiempo (Honduras);" in _cards(built, "en")["AFP24b"]
    assert "en Tiempo (Honduras);" in _cards(built, "es")["AFP24b"]


def test_a_story_title_and_its_count_of_sources_read_as_one_phrase(built):
    """"How full are CECOT's cells?: 45 sources" is no punctuation a reader writes."""
    questions = 0
    for lang in site.LANGS:
        page = read(built, lang, "sources.html")
        summaries = [html.unescape(s) for s in re.findall(r"<summary>([^<]*)</summary>", page)]
        assert summaries
        for summary in summaries:
            assert not re.search(r"[?!.:;,]\s*[:;,]", summary), summary
            questions += "?" in summary
        assert not re.search(r"[?!]\s*:", _shown(built, lang)), lang
    assert questions >= 2  # the occupancy story asks its question in both languages


@pytest.mark.parametrize("name", STORIES)
def test_story_pages_serve_the_phone_chart_to_phones(built, name):
    for lang in site.LANGS:
        text = read(built, lang, f"{name}.html")
        charts = registry.story(name).charts
        assert text.count("<picture>") == len(charts)
        for chart_id in charts:
            assert f'srcset="../files/{name}/{chart_id}.{lang}.narrow.png"' in text
            assert f'src="../files/{name}/{chart_id}.{lang}.png"' in text


@pytest.mark.parametrize("name", STORIES)
def test_story_pages_are_stories_and_link_their_methodology(built, name):
    english, spanish = read(built, "en", f"{name}.html"), read(built, "es", f"{name}.html")
    for text in (english, spanish):
        assert 'class="standfirst"' in text and 'class="byline"' in text
        assert f'href="{name}-methodology.html"' in text
        # No developer text on a story page.
        for dev in ("numbers.json", "data/", "python -m", "tests/", "NaN", ">None<"):
            assert dev not in re.sub(r'href="[^"]*"|src(set)?="[^"]*"', "", text), dev
    assert "Updated" in english and "Actualizado el" in spanish


def test_the_story_page_says_what_the_story_numbers_say(built):
    numbers = json.loads((paths.FIGURES / "density" / "numbers.json").read_text())
    from cecot.stories.density import words
    for lang in site.LANGS:
        page = words.page(numbers, lang)
        text = read(built, lang, "density.html")
        for sentence in [page.headline, page.standfirst] + page.key_numbers:
            assert sentence.replace("'", "&#39;") in text, sentence


@pytest.mark.parametrize("name", STORIES)
def test_methodology_pages_tell_the_notebook_in_their_language(built, name):
    spanish = read(built, "es", f"{name}-methodology.html")
    english = read(built, "en", f"{name}-methodology.html")
    assert spanish.count('class="narrative" lang="es"') >= 3
    assert 'class="narrative" lang="en"' not in spanish
    assert 'class="narrative" lang="es"' not in english
    assert "<details><summary>" in english  # code folded
    # The run's numbers by the code's names are the analysts': the reader's appendix links
    # the published numbers.json instead of listing "us_grant_per_man_month_usd.low".
    for page in (english, spanish):
        assert not re.search(r"<td>([a-z_]+\.)+[a-z_]+</td>", page), name
    assert 'numbers.json</a>' in english or name == "prisons"


def test_spanish_pages_have_nothing_in_english_around_the_stories(built):
    for page in ("index.html", "ledger.html", "sources.html", "density.html"):
        text = re.sub(r'(href|src|srcset)="[^"]*"', "", read(built, "es", page))
        for english in ("Sources:", "Download", "Claimed", "Recomputed", "Full list",
                        "copy on", "republished by", "unknown", "consistent<", "read:"):
            assert english not in text, (page, english)
        main = text.split("<main id=\"main\">")[1].split("</main>")[0]
        assert "“" not in main or page == "sources.html"


def test_the_ledger_page_names_what_was_checked_and_speaks_to_readers(built):
    for lang, checked, verdicts in (
            ("en", "English Wikipedia article", ("Holds", "Imprecise")),
            ("es", "Wikipedia en inglés", ("Se sostiene", "Imprecisa"))):
        text = read(built, lang, "ledger.html")
        # What was checked: the claims, shown whole, and where they circulate; never a text
        # the reader cannot see. How they were collected: the methodology page, linked.
        assert checked in text and 'href="claims-methodology.html"' in text
        assert not re.search(r"unsigned|sin firma|the text the project|el texto del que", text)
        for verdict in verdicts:
            assert verdict in text
        # A summary first, then the cards; no internal ids or field names for readers.
        assert text.index('class="summary"') < text.index('class="card"')
        assert not re.search(r"\bCL\d\d\b|published_key|numbers\.json", text)
        # The summary is grouped by verdict: two columns, no verdict column to clip.
        summary = text.split('class="summary"')[1].split("</table>")[0]
        assert summary.count('<th scope="col">') == 2
    spanish = read(built, "es", "ledger.html")
    assert "consistente" not in spanish.lower() and "La cifra de" not in spanish
    assert "traducida del inglés" in spanish


def test_the_claims_story_links_its_ledger_in_the_body(built):
    for lang in site.LANGS:
        text = read(built, lang, "claims.html")
        main = text.split('<main id="main">')[1].split("</main>")[0]
        assert '<p class="further"><a href="ledger.html">' in main


# --- in a browser -------------------------------------------------------------------------

def needs_browser(test):
    """A test in headless Chromium: marked `browser` (`make test-quick` leaves it out), and
    skipped, saying how to install it, on a machine without Chromium."""
    return pytest.mark.browser(pytest.mark.skipif(
        CHROMIUM is None, reason="Chromium not found: install Debian's package with "
                                 "`apt-get install chromium` (CI's .ci/run does) to run browser "
                                 "tests")(test))


@pytest.fixture(scope="module")
def server(built):
    handler = functools.partial(_QuietHandler, directory=str(built))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield chromium
        chromium.close()


class Tab:
    """One browser tab that records console errors and the hosts it requested."""

    def __init__(self, context):
        self.page = context.new_page()
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda req: self.hosts.add(urlparse(req.url).hostname))

    def open(self, url: str):
        self.errors.clear()
        self.hosts.clear()
        self.page.goto(url, wait_until="load")
        # Lazy images load when scrolled into view: load them all, then wait for them.
        self.page.evaluate("""async () => {
            for (const img of document.images) { img.loading = 'eager'; }
            window.scrollTo(0, document.body.scrollHeight);
            await Promise.all([...document.images].map(i => i.complete ? null :
                new Promise(r => { i.onload = i.onerror = r; })));
        }""")
        return self.page


@pytest.fixture(scope="module")
def phone(browser):
    """One tab at phone width (360 px), reused by every page check."""
    context = browser.new_context(viewport={"width": 360, "height": 900},
                                  device_scale_factor=2)
    yield Tab(context)
    context.close()


@needs_browser
@pytest.mark.parametrize("lang", site.LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_page_in_browser(built, server, phone, lang, name):
    # At phone width (360 px): nothing may be wider than the screen.
    page = phone.open(f"{server}/{lang}/{name}")
    errors, hosts = phone.errors, phone.hosts
    assert errors == [], errors
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{lang}/{name} is {width}px wide on a 360px screen"
    broken = page.evaluate("[...document.images].filter(i => !(i.naturalWidth > 0))"
                           ".map(i => i.src)")
    assert broken == []
    assert hosts <= {"127.0.0.1"}, hosts
    assert page.evaluate("document.documentElement.lang") == lang
    # A phone gets the phone version of every chart, at its full resolution.
    chosen = page.evaluate("[...document.images].map(i => i.currentSrc)")
    assert all(src.endswith(".narrow.png") for src in chosen), chosen
    # Every download link resolves to a file that exists.
    for href in page.eval_on_selector_all("a[download]", "els => els.map(e => e.href)"):
        path = built / urlparse(href).path.lstrip("/")
        assert path.is_file(), href
    switch = urlparse(page.eval_on_selector("a.lang", "e => e.href")).path
    assert switch == f"/{site.OTHER[lang]}/{name}"
    assert (built / switch.lstrip("/")).is_file()
    # What a reader sees on a phone: chart text of 12 px at least, as displayed; every text
    # contrasted enough against its background (WCAG 2.1 AA). (At 1,280 px: the test below.)
    for image, px in _smallest_as_displayed(page, built):
        assert px >= 12, f"{lang}/{name} at 360 px: {image} text at {px:.1f} px"
    assert page.evaluate(CONTRAST_JS) == [], f"{lang}/{name} at 360 px"


@needs_browser
@pytest.mark.parametrize("lang", site.LANGS)
def test_language_switch_and_story_menu_in_browser(server, phone, lang):
    page = phone.open(f"{server}/{lang}/density.html")
    page.click("a.lang")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == site.OTHER[lang]
    assert urlparse(page.url).path == f"/{site.OTHER[lang]}/density.html"
    # The menu opens and leads to every story; next leads on.
    page.click("details.menu summary")
    links = page.eval_on_selector_all("details.menu a", "els => els.map(e => e.href)")
    assert len(links) == len(STORIES) + 3  # the stories, the ledger, sources, corrections
    page.click("a[rel=next]")
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == f"/{site.OTHER[lang]}/{STORIES[1]}.html"
    assert phone.errors == []


# What a reader sees, measured in the browser at a phone's and a desktop's width: the smallest
# text of every chart as displayed (the chart's smallest point size, from its sidecar, scaled by
# the width the page gives the image), and the contrast of every text against its background.
CONTRAST_JS = """() => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
      v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = el => { for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (!c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c; }
    return 'rgb(255, 255, 255)'; };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const rect = el.getBoundingClientRect();
    if (!own || rect.width === 0 || el.closest('.skip')) continue;
    const style = getComputedStyle(el);
    const [a, b] = [lum(style.color), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < needed) low.push(el.tagName + ' "' + el.textContent.trim().slice(0, 40) + '" ' +
                                  ratio.toFixed(2));
  }
  return low;
}"""


def _smallest_as_displayed(page, built: Path) -> list[tuple[str, float]]:
    """(image, the size its smallest text is displayed at, in CSS px) for every chart shown."""
    images = page.evaluate("""[...document.querySelectorAll('figure img')].map(i => [
        i.currentSrc, i.naturalWidth, i.getBoundingClientRect().width])""")
    out = []
    for src, natural, shown in images:
        name = Path(urlparse(src).path).name
        story = Path(urlparse(src).path).parent.name
        chart_id, lang = name.split(".")[:2]
        sidecar = json.loads((built / "files" / story / f"{chart_id}.{lang}.json").read_text())
        size = "narrow" if ".narrow." in name else "full"
        smallest_pt = sidecar["sizes"][size]["smallest_text_pt"]
        out.append((name, smallest_pt * 150 / 72 * shown / natural))
    return out


@needs_browser
def test_on_a_desktop_chart_text_is_12_px_as_displayed_and_every_text_contrasts(
        built, server, browser):
    width = 1280
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = Tab(context)
    try:
        for lang in site.LANGS:
            for name in [f"{s}.html" for s in STORIES] + ["index.html", "sources.html",
                                                           "ledger.html", "corrections.html"]:
                page = tab.open(f"{server}/{lang}/{name}")
                for image, px in _smallest_as_displayed(page, built):
                    assert px >= 12, f"{lang}/{name} at {width} px: {image} text at {px:.1f} px"
                assert page.evaluate(CONTRAST_JS) == [], f"{lang}/{name} at {width} px"
                assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_a_data_row_is_not_shown_as_a_sources_words():
    from cecot.machinery.site import readable_quote
    assert readable_quote("El Salvador,SLV,2020,6486201") == ""
    assert readable_quote("El Salvador2019642.25") == ""
    assert readable_quote("2.4") == ""
    assert readable_quote('""la cifra de detenciones llegó a 64,111""') == \
        "la cifra de detenciones llegó a 64,111"
    # A data file's header, an address, a figure to many places: not a person's words.
    assert readable_quote("Last Updated Date 2026-02-24 … El Salvador 2015 107.638") == ""
    assert readable_quote('"2026-10-01": url: https://example.org/WDI_CSV.zip') == ""
    assert readable_quote("Rate per 100,000 population … 633.815060332431") == ""
    assert readable_quote("2015: 106.3 - 2016: 84.1 - 2017: 83.0 - 2018: 53.1") == ""


def test_the_sources_page_names_no_username_and_the_page_date_counts_corrections(built):
    """A data file read in a person's copy on GitHub: the page says GitHub and links the copy;
    the username is in the link, not the words. "Updated" is no earlier than the latest
    correction."""
    for lang in site.LANGS:
        page = read(built, lang, "sources.html")
        for user in ("Luitorch", "satwika8523", "elliottjones56"):
            assert f">{user}" not in page and f" {user} (GitHub)" not in page, (lang, user)
    corrected = max(str(e["date"]) for e in site.load_yaml(site.WORDS)["corrections_log"])
    with open(paths.DATA / "sources.csv", encoding="utf-8") as f:
        accessed = max(r["accessed"] for r in csv.DictReader(f) if r["accessed"])
    latest = max(corrected, accessed)
    for lang in site.LANGS:
        assert site.updated_date(lang) == site.Words(lang)("updated",
                                                          date=site.fmt.date(latest, lang))
        assert site.updated_date(lang) in read(built, lang, "index.html")


def test_the_sources_page_is_dated_and_says_whose_figures_each_story_shows(built):
    """A reader can find a body (the police, IDHUCA, the census) and the stories that show its
    figures; the page says when it was updated and when every series was last searched; the
    home page and the ledger carry a source line, the ledger's that of the claims story."""
    with open(paths.DATA / "series.csv", encoding="utf-8") as f:
        searched = min(r["checked_through"] for r in csv.DictReader(f))
    for lang in site.LANGS:
        w, page = site.Words(lang), read(built, lang, "sources.html")
        assert site.updated_date(lang) in page
        assert w("sources_checked", date=site.fmt.date(searched, lang)) in page
        listed = dict(re.findall(r"^(?:<ul class=\"bodies\">)?<li><b>([^<]+)</b>(.*)</li>$",
                                 page.split("\n</ul><nav")[0], re.M))
        for story in site.story_pages(lang, w):
            assert f'id="by-{story.name}"' in page
            for body in {o for c in story.charts for o in c.originators
                         if "," not in o}:  # a body read in a copy is listed as the body
                assert f'href="#by-{story.name}"' in listed[str(escape(body))], (lang, body)
            # A counter the chart's table names leads to where its figures were read:
            # Tutela Legal, MOVIR, IDHUCA, the police; the newest of them are linked.
            for chart in story.charts:
                for body in chart.read_in:
                    entry = listed[str(escape(body))]
                    assert f'href="#by-{story.name}"' in entry, (lang, body)
                    linked = re.findall(r'href="#src-([^"]+)"', entry)
                    read_ids = {i for s in site.story_pages(lang, w) for c in s.charts
                            for i in c.read_in.get(body, [])}
                    assert set(linked) & read_ids, (lang, body, linked)
        assert w("index_sources", count=w("sources_count", n=site.fmt.whole(
            len(_sources_rows()), lang))) in html.unescape(read(built, lang, "index.html"))
        claims = next(s for s in site.story_pages(lang, w) if s.name == "claims")
        assert str(escape(claims.source_line)) in read(built, lang, "ledger.html")


def test_a_quotation_inside_a_quoted_source_takes_the_second_level_marks(built):
    assert site.nested('con un “costo bajísimo” de', "en") == "con un ‘costo bajísimo’ de"
    assert site.nested('con un "costo bajísimo" de', "es") == "con un “costo bajísimo” de"
    assert site.nested("dijo «basta» ayer", "es") == "dijo “basta” ayer"
    # An excerpt that cut a quotation in two keeps none of its marks.
    assert site.nested("la muerte de más de “90 hombres", "es") == "la muerte de más de 90 hombres"
    for lang in site.LANGS:
        shown = _shown(built, lang)
        assert not re.search(r"“[^”]*“|«[^»]*«", shown), lang


def test_every_ledger_card_says_where_its_figures_circulate_or_appear(built):
    """The ledger's intro promises it: each card says where its figures circulate, or, where
    no source in the data publishes them, that they appear only in the compilation."""
    from cecot.words import Text

    for lang in site.LANGS:
        labels = [html.escape(Text("claims", lang).raw(f"page_ledger.{key}"), quote=True)
                  for key in ("circulates", "circulates_figures", "circulates_none")]
        page = read(built, lang, "ledger.html")
        cards = re.split(r'id="claim-', page)[1:]
        assert cards
        for card in cards:
            assert any(label in card for label in labels), (lang, card[:80])


def test_the_corrections_page_lists_only_what_readers_could_have_seen(built):
    """Changes made in review before the first publication stay in site.yml as the team's
    record: the page does not repeat withdrawn figures readers never saw."""
    log = site.load_yaml(site.WORDS)["corrections_log"]
    before = [e for e in log if e.get("before_publication")]
    after = [e for e in log if not e.get("before_publication")]
    assert before  # the record is kept
    for lang in site.LANGS:
        page = read(built, lang, "corrections.html")
        for entry in before:
            assert str(escape(entry[lang][:60])) not in page, (lang, entry["date"])  # as Jinja writes it
        if not after:
            assert site.Words(lang).corrections_none in page


# --- before publishing: who signs the pages, where readers write ------------------------------

SIGNED = {"signed_by": {"reporters": ["Ana Pérez", "José Martínez"], "editor": "Marta López"},
          "contact": {"email": "correcciones@example.org",
                      "repository": "https://example.org/cecot-data"}}


def test_publishing_waits_for_the_byline_names_and_the_corrections_contact(built, capsys):
    """The committed site.yml names no one and gives no address: the site may be written for
    review (it says so), but `cecot report --publish` refuses in one line and writes nothing."""
    from cecot.machinery import cli

    assert site.not_ready() == ["signed_by.reporters", "signed_by.editor", "contact.email",
                                "contact.repository"]
    for lang in site.LANGS:
        assert f'<p class="byline">{site.Words(lang).byline} · ' in read(built, lang,
                                                                         "index.html")
    published = sorted(p.relative_to(paths.ROOT) for p in (paths.ROOT / "site").rglob("*")) \
        if (paths.ROOT / "site").exists() else []
    assert cli.main(["report", "--publish"]) == 2  # the CLI's status for bad input
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: cecot/machinery/site.yml: not ready to publish: set "
                   "signed_by.reporters (the byline names no reporter); signed_by.editor (the "
                   "byline names no editor); contact.email (readers have no address to report "
                   "an error); contact.repository (the corrections page links no repository)"]
    assert published == (sorted(p.relative_to(paths.ROOT)
                                for p in (paths.ROOT / "site").rglob("*"))
                         if (paths.ROOT / "site").exists() else [])


def test_once_set_the_byline_names_the_people_and_the_corrections_page_links_the_contact(
        tmp_path, monkeypatch):
    tree = site.load_yaml(site.WORDS)
    tree.update(SIGNED)
    words = tmp_path / "site.yml"
    words.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    monkeypatch.setattr(site, "WORDS", words)
    assert site.not_ready() == []
    assert site.byline(site.Words("en")) == "By Ana Pérez and José Martínez. Editor: Marta López"
    assert site.byline(site.Words("es")) == "Por Ana Pérez y José Martínez. Edición: Marta López"
    # One name, or half the settings, is not a byline of people.
    tree["signed_by"] = {"reporters": ["Ana Pérez"], "editor": ""}
    words.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    assert site.not_ready() == ["signed_by.editor"]
    assert site.byline(site.Words("en")) == site.Words("en").byline
    env = site._environment()
    for lang in site.LANGS:
        w = site.Words(lang)
        html = env.get_template("corrections.html.j2").render(
            page="corrections.html", title=w.corrections, lang=lang, other=site.OTHER[lang], w=w,
            css="", menu=[], updated="", byline=site.byline(w), corrections=[],
            contact=SIGNED["contact"])
        assert 'href="mailto:correcciones@example.org"' in html
        assert 'href="https://example.org/cecot-data"' in html


def test_a_methodology_paragraph_shows_its_run_in_head_in_bold():
    # A short heading sentence opening a paragraph is set in bold; a paragraph that opens
    # with a sentence of its own (with a figure, or long) is left as it is, and text is
    # escaped either way.
    assert str(site.run_in("Which figures count. Every figure is a row.")) == \
        "<b>Which figures count.</b> Every figure is a row."
    assert str(site.run_in("Cómo se dibujan los gráficos en el tiempo. Las cifras...")) \
        .startswith("<b>Cómo se dibujan los gráficos en el tiempo.</b>")
    assert not str(site.run_in("A verdict is only as good as the sources behind it. A claim."))\
        .startswith("<b>")
    assert not str(site.run_in("In 2015 rates ran high. More.")).startswith("<b>")
    assert str(site.run_in("Heads & tails. Fish < chips.")) == \
        "<b>Heads &amp; tails.</b> Fish &lt; chips."
