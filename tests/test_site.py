"""The report site as a reader meets it: in a real browser (headless Chromium), served from
127.0.0.1. Skips, saying how to install Chromium, on a machine without it."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from cecot import paths, registry
from cecot.machinery import site

SITE = paths.ROOT / "site"
SCREENSHOTS = paths.ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAGES = ["index.html", "gallery.html", "sources.html", "ledger.html"] + \
    [f"{s.name}.html" for s in registry.stories().values()
     if (paths.NOTEBOOKS / s.notebook).exists()]


# --- without a browser --------------------------------------------------------------------

def test_site_is_up_to_date():
    """site/ is committed for editors without Python: it must match the committed outputs."""
    import json
    recorded = json.loads((SITE / site.MANIFEST).read_text(encoding="utf-8"))["inputs"]
    assert recorded == site._inputs_hash(), "site/ is stale: run `make figures` and commit"


@pytest.mark.parametrize("name", [s.name for s in registry.stories().values()
                                  if (paths.NOTEBOOKS / s.notebook).exists()])
def test_story_pages_tell_the_story_in_their_language(name):
    """Spanish pages use the translated narrative (notebooks/es/), English pages the notebook's."""
    spanish = (SITE / "es" / f"{name}.html").read_text(encoding="utf-8")
    english = (SITE / "en" / f"{name}.html").read_text(encoding="utf-8")
    assert spanish.count('class="narrative" lang="es"') >= 3
    assert 'class="narrative" lang="en"' not in spanish
    assert 'class="narrative" lang="es"' not in english


def test_every_page_has_its_own_file():
    """Site pages and story pages share one folder: no name may serve two pages."""
    assert len(PAGES) == len(set(PAGES))
    ledger = (SITE / "en" / "ledger.html").read_text(encoding="utf-8")
    assert "CL01" in ledger  # the ledger table itself, not the claims story


def test_site_build_is_deterministic(tmp_path):
    site.build_site(tmp_path / "a", force=True)
    site.build_site(tmp_path / "b", force=True)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                     if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*")
                     if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


@pytest.mark.parametrize("lang", site.LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_pages_are_self_contained_and_accessible(lang, page):
    text = (SITE / lang / page).read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in text
    # No request may leave the page: no absolute URL in src or stylesheet links, no script.
    assert not re.search(r'(src|href)="(https?:)?//[^"]*"[^>]*(rel="stylesheet")?', text
                         .replace('rel="noreferrer"', "")) or page == "sources.html"
    assert not re.search(r'\ssrc="(https?:)?//', text)
    assert "<script" not in text and "@import" not in text and "url(http" not in text
    # Headings in order: one h1, and no level skipped.
    levels = [int(h) for h in re.findall(r"<h([1-6])[ >]", text)]
    assert levels.count(1) == 1 and levels[0] == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    # Every image has alt text written for it.
    for img in re.findall(r"<img [^>]*>", text):
        alt = re.search(r'alt="([^"]*)"', img)
        assert alt and len(alt.group(1)) > 20, img


# --- in a browser -------------------------------------------------------------------------

needs_browser = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not found: install Debian's package with "
                             "`apt-get install chromium` (CI's .ci/run does) to run browser tests")


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_QuietHandler, directory=str(SITE))
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
    context = browser.new_context(viewport={"width": 360, "height": 900})
    yield Tab(context)
    context.close()


@needs_browser
@pytest.mark.parametrize("lang", site.LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_page_in_browser(server, phone, lang, name):
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
    # Every download link resolves to a file that exists.
    for href in page.eval_on_selector_all("a[download]", "els => els.map(e => e.href)"):
        path = SITE / urlparse(href).path.lstrip("/")
        assert path.is_file(), href
    # The language switch leads to the same page in the other language (followed by a
    # click in test_language_switch_in_browser).
    switch = urlparse(page.eval_on_selector("a.lang", "e => e.href")).path
    assert switch == f"/{site.OTHER[lang]}/{name}"
    assert (SITE / switch.lstrip("/")).is_file()


@needs_browser
@pytest.mark.parametrize("lang", site.LANGS)
def test_language_switch_in_browser(server, phone, lang):
    page = phone.open(f"{server}/{lang}/density.html")
    page.click("a.lang")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == site.OTHER[lang]
    assert urlparse(page.url).path == f"/{site.OTHER[lang]}/density.html"
    assert phone.errors == []


@needs_browser
@pytest.mark.parametrize("name, width", [("index.html", 1280), ("density.html", 360)])
def test_screenshots_for_people(server, browser, width, name):
    """Screenshots at phone and desktop width, for a person to look at; and nothing is wider
    than the screen on a phone."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = Tab(context)
    page, errors = tab.open(f"{server}/en/{name}"), tab.errors
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{Path(name).stem}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"page is {overflow}px wide at {width}px"
        assert errors == []
    finally:
        context.close()
