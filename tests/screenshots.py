"""`make screenshots`: every page of the site, as a reader sees it, at a phone's and a desktop's
width, in both languages, into build/screenshots/ for a person to look at (full pages, PNG).
The checks on the same pages run in `make test` (tests/test_site.py); this only takes pictures.

    .venv/bin/python tests/screenshots.py [PAGE ...]     # default: every page
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from cecot import paths
from cecot.machinery import site

OUT = paths.BUILD / "screenshots"
WIDTHS = (360, 1280)


def main(pages: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium not found: install Debian's package (apt-get install chromium)")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        built = Path(scratch) / "site"
        site.build_site(built, force=True)
        handler = functools.partial(_Quiet, directory=str(built))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        names = pages or sorted(p.name for p in (built / "en").glob("*.html"))
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                for lang in site.LANGS:
                    for name in names:
                        page.goto(f"{base}/{lang}/{name}", wait_until="load")
                        page.evaluate("""async () => {
                            for (const img of document.images) { img.loading = 'eager'; }
                            await Promise.all([...document.images].map(i => i.complete ? null :
                                new Promise(r => { i.onload = i.onerror = r; })));
                        }""")
                        path = OUT / f"{lang}-{Path(name).stem}-{width}.png"
                        page.screenshot(path=str(path), full_page=True)
                context.close()
            browser.close()
        httpd.shutdown()
    print(f"{len(names) * len(WIDTHS) * len(site.LANGS)} screenshots in "
          f"{OUT.relative_to(paths.ROOT)}/")
    return 0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
