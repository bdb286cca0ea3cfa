"""The static report site (site/), for editors and readers who never open Python.

Built from what the build committed: the executed notebooks, the chart bundles in figures/ and
data/sources.csv. Self-contained (no request leaves the page: no CDN, no web fonts, no script),
works from file:// and any static host, deterministic, in English and Spanish.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from markdown_it import MarkdownIt

from .. import paths, registry
from ..fmt import LANGUAGES
from . import i18n

SITE = paths.ROOT / "site"
LANGS = LANGUAGES
OTHER = {"en": "es", "es": "en"}
MANIFEST = "site-inputs.json"

T = {
    "en": {
        "site_title": "CECOT data collection",
        "tagline": "Sourced data and recomputed numbers on El Salvador's Terrorism Confinement "
                   "Center (CECOT), the mega-prison in Tecoluca.",
        "stories": "Stories", "gallery": "Chart gallery", "claims": "Claims ledger",
        "sources": "Sources", "home": "Home", "switch": "Español",
        "show_code": "Show code", "download": "Download",
        "data": "data (CSV)", "sidecar": "sidecar (JSON)",
        "narrative_note": "", "untranslated_note": "",
        "intro": "Every number here is recomputed from curated CSV files in which each row cites "
                 "a source. Where sources disagree, every version is kept and shown. Charts are "
                 "published as PNG and SVG with the data behind them, under CC BY 4.0.",
        "sources_intro": "Every source cited by the data, with what the project could verify: "
                         "read (the figure was read in the source), secondary (known through "
                         "another source quoting it) or unverified.",
        "col_id": "Id", "col_source": "Source", "col_published": "Published",
        "col_accessed": "Accessed", "col_quote": "Quote", "col_verification": "Verified",
        "claims_intro": "Every numeric claim in the source article, recomputed from the data.",
        "claims_missing": "The claims ledger has not been built yet.",
        "footer": "Code MIT, data and charts CC BY 4.0. Built from the repository by "
                  "`make figures`.",
        "story_link": "Read the story",
    },
    "es": {
        "site_title": "Colección de datos sobre el CECOT",
        "tagline": "Datos con fuentes y cifras recalculadas sobre el Centro de Confinamiento "
                   "del Terrorismo (CECOT), la megacárcel de Tecoluca, El Salvador.",
        "stories": "Historias", "gallery": "Galería de gráficos", "claims": "Verificación de "
                   "afirmaciones", "sources": "Fuentes", "home": "Inicio", "switch": "English",
        "show_code": "Mostrar código", "download": "Descargar",
        "data": "datos (CSV)", "sidecar": "metadatos (JSON)",
        "narrative_note": "El texto y los gráficos están en español; el código y las tablas "
                          "que imprime, en inglés, como en el cuaderno.",
        "untranslated_note": "Parte del texto de este cuaderno aún no está traducida y se "
                             "muestra en inglés.",
        "intro": "Cada cifra se recalcula a partir de archivos CSV curados en los que cada fila "
                 "cita una fuente. Cuando las fuentes discrepan, se conservan y muestran todas "
                 "las versiones. Los gráficos se publican en PNG y SVG con los datos que los "
                 "sustentan, bajo licencia CC BY 4.0.",
        "sources_intro": "Todas las fuentes que citan los datos, con lo que el proyecto pudo "
                         "verificar: read (la cifra se leyó en la fuente), secondary (conocida "
                         "por otra fuente que la cita) o unverified (sin verificar).",
        "col_id": "Id", "col_source": "Fuente", "col_published": "Publicada",
        "col_accessed": "Consultada", "col_quote": "Cita", "col_verification": "Verificación",
        "claims_intro": "Cada afirmación numérica del artículo de origen, recalculada con los "
                        "datos.",
        "claims_missing": "La verificación de afirmaciones aún no se ha generado.",
        "footer": "Código MIT; datos y gráficos CC BY 4.0. Generado desde el repositorio con "
                  "`make figures`.",
        "story_link": "Leer la historia",
    },
}

CSS = """
:root{--ink:#222;--muted:#666;--line:#ddd;--accent:#c0392b;--link:#1f5f99}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--ink);background:#fff;overflow-wrap:break-word}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{border-bottom:3px solid var(--ink);padding-top:.75rem;padding-bottom:.5rem}
nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.95rem}
nav a{color:var(--link)}
.lang{margin-left:auto;font-weight:bold}
.site{font-weight:bold;font-size:1.1rem;color:var(--ink);text-decoration:none}
h1{font-size:1.6rem;line-height:1.25}
h2{font-size:1.3rem;margin-top:2rem}
h3{font-size:1.1rem}
a{color:var(--link)}
img{max-width:100%;height:auto;display:block}
figure{margin:1.5rem 0;padding-bottom:1rem;border-bottom:1px solid var(--line)}
figcaption{font-size:.9rem;color:var(--muted)}
.downloads{font-size:.9rem}
.downloads a{margin-right:.75rem;white-space:nowrap}
pre{background:#f6f6f6;padding:.75rem;overflow-x:auto;font-size:.85rem;line-height:1.4}
details{margin:.5rem 0}
summary{cursor:pointer;color:var(--link);font-size:.9rem}
.output pre{background:#fbfbf4;border-left:3px solid #e0a100}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;width:100%}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.note{color:var(--muted);font-style:italic}
footer{border-top:1px solid var(--line);margin-top:3rem;padding:1rem;color:var(--muted);
font-size:.85rem}
@media (max-width:480px){body{font-size:15px}h1{font-size:1.35rem}}
"""


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _page(lang: str, title: str, body: str, page: str, depth: int = 1) -> str:
    t = T[lang]
    up = "../" * depth
    nav = (f'<a class="site" href="index.html">{_esc(t["site_title"])}</a>'
           f'<a href="gallery.html">{_esc(t["gallery"])}</a>'
           f'<a href="ledger.html">{_esc(t["claims"])}</a>'
           f'<a href="sources.html">{_esc(t["sources"])}</a>'
           f'<a class="lang" hreflang="{OTHER[lang]}" lang="{OTHER[lang]}" '
           f'href="{up}{OTHER[lang]}/{page}">{_esc(t["switch"])}</a>')
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="icon" href="data:,">\n'
            f'<title>{_esc(title)} · {_esc(t["site_title"])}</title>\n'
            f'<link rel="alternate" hreflang="{OTHER[lang]}" href="{up}{OTHER[lang]}/{page}">\n'
            f'<style>{CSS}</style>\n</head>\n<body>\n<header><nav>{nav}</nav></header>\n'
            f'<main>\n{body}\n</main>\n<footer>{_md().renderInline(t["footer"])}</footer>\n'
            f'</body>\n</html>\n')


def _sidecars(lang: str) -> list[dict]:
    """Every chart's sidecar in a language, in story order then chart order."""
    found = []
    for name, story in registry.stories().items():
        folder = paths.FIGURES / name
        notebook = paths.NOTEBOOKS / story.notebook
        text = notebook.read_text(encoding="utf-8") if notebook.exists() else ""
        metas = []
        for path in sorted(folder.glob(f"*.{lang}.json")):
            meta = json.loads(path.read_text(encoding="utf-8"))
            if "chart_id" in meta:
                meta["story"] = name
                metas.append(meta)
        # In the order the notebook shows them, so a story's headline chart comes first.
        def position(meta, text=text):
            index = text.find(f"ChartBundle({meta['chart_id']},")
            return (index if index >= 0 else len(text), meta["chart_id"])
        found.extend(sorted(metas, key=position))
    return found


def _figure(meta: dict, lang: str, heading: str = "h3") -> str:
    t = T[lang]
    base = f"../files/{meta['story']}/"
    files = meta["files"]
    sidecar = f"{meta['chart_id']}.{lang}.json"
    links = " ".join([
        f'<a href="{base}{files["png"]}" download>PNG</a>',
        f'<a href="{base}{files["svg"]}" download>SVG</a>',
        f'<a href="{base}{files["data"]}" download>{_esc(t["data"])}</a>',
        f'<a href="{base}{sidecar}" download>{_esc(t["sidecar"])}</a>',
    ])
    return (f'<figure id="{meta["story"]}-{meta["chart_id"]}">\n'
            f'<{heading}>{_esc(meta["title"])}</{heading}>\n'
            f'<p>{_esc(meta["subtitle"])}</p>\n'
            f'<img src="{base}{files["png"]}" alt="{_esc(meta["alt_text"])}" '
            f'{_size_attributes(paths.FIGURES / meta["story"] / files["png"])} loading="lazy">\n'
            f'<figcaption>{_esc(meta["source_line"])}'
            + (f'<br>{_esc(meta["note"])}' if meta.get("note") else "")
            + f'</figcaption>\n<p class="downloads">{_esc(t["download"])}: {links}</p>\n'
            f'</figure>')


def _size_attributes(png: Path) -> str:
    """width/height of a PNG (from its header), so the page reserves the right space."""
    header = png.read_bytes()[16:24]
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
    return f'width="{width}" height="{height}"'


_BUNDLE_REPR = re.compile(r"ChartBundle\(([\w-]+), (en|es)\)")


def _story_body(story: registry.Story, lang: str) -> str:
    """A story page from its executed notebook: narrative, code folded, outputs, charts."""
    t = T[lang]
    nb = json.loads((paths.NOTEBOOKS / story.notebook).read_text(encoding="utf-8"))
    md = _md()
    sidecars = {(m["chart_id"]): m for m in _sidecars(lang) if m["story"] == story.name}
    title = story.title_in(lang)
    head = [f"<h1>{_esc(title)}</h1>"]
    if t["narrative_note"]:
        head.append(f'<p class="note">{_esc(t["narrative_note"])}</p>')
    # Spanish pages take the narrative from notebooks/es/ where the translation is current;
    # a cell whose English changed since it was translated is shown in English.
    translated = i18n.spanish(story.notebook) if lang == "es" else {}
    untranslated = False
    parts: list[str] = []
    first_heading_skipped = False
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            text_lang = "en"
            if lang != "en":
                if cell.get("id") in translated:
                    source, text_lang = translated[cell["id"]], lang
                else:
                    untranslated = True
            # The notebook's own H1 is replaced by the page title (one h1 per page); its
            # sections are "##", so headings stay in order below it.
            if not first_heading_skipped and source.lstrip().startswith("# "):
                source = "\n".join(source.lstrip().split("\n")[1:])
                first_heading_skipped = True
            rendered = md.render(source)
            parts.append(f'<div class="narrative" lang="{text_lang}">{rendered}</div>')
            continue
        if cell["cell_type"] != "code":
            continue
        parts.append(f'<details><summary>{_esc(t["show_code"])}</summary>'
                     f'<pre><code lang="en">{_esc(source)}</code></pre></details>')
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = output.get("text") or data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            match = _BUNDLE_REPR.fullmatch(text.strip()) if text else None
            if match and "image/png" in data:
                chart_id = match.group(1)
                if chart_id in sidecars:
                    parts.append(_figure(sidecars[chart_id], lang, heading="h3"))
                continue
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            if text and not _BUNDLE_REPR.search(text):
                parts.append(f'<div class="output"><pre>{_esc(text.rstrip())}</pre></div>')
    if untranslated and t["untranslated_note"]:
        head.append(f'<p class="note">{_esc(t["untranslated_note"])}</p>')
    # Notebook sections are "##" (h2) under the page's h1; anything deeper stays in order.
    return "\n".join(head + parts)


def _index_body(lang: str) -> str:
    t = T[lang]
    items = []
    for story in registry.stories().values():
        if not (paths.NOTEBOOKS / story.notebook).exists():
            continue
        title = story.title_in(lang)
        metas = [m for m in _sidecars(lang) if m["story"] == story.name]
        thumb = ""
        if metas:
            m = metas[0]
            thumb = (f'<img src="../files/{story.name}/{m["files"]["png"]}" '
                     f'alt="{_esc(m["alt_text"])}" '
                     f'{_size_attributes(paths.FIGURES / story.name / m["files"]["png"])} '
                     f'loading="lazy">')
        items.append(f'<li><h3><a href="{story.name}.html">{_esc(title)}</a></h3>{thumb}</li>')
    return (f'<h1>{_esc(t["site_title"])}</h1>\n<p>{_esc(t["tagline"])}</p>\n'
            f'<p>{_esc(t["intro"])}</p>\n<h2>{_esc(t["stories"])}</h2>\n'
            f'<ul style="list-style:none;padding:0">{"".join(items)}</ul>')


def _gallery_body(lang: str) -> str:
    t = T[lang]
    parts = [f'<h1>{_esc(t["gallery"])}</h1>']
    current = None
    for meta in _sidecars(lang):
        if meta["story"] != current:
            current = meta["story"]
            story = registry.story(current)
            parts.append(f'<h2>{_esc(story.title_in(lang))}</h2>')
        parts.append(_figure(meta, lang))
    return "\n".join(parts)


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>' \
           f'<tbody>{body}</tbody></table></div>'


def _sources_body(lang: str) -> str:
    t = T[lang]
    with open(paths.DATA / "sources.csv", encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    rows = []
    for r in records:
        link = f'<a href="{_esc(r["url"])}" rel="noreferrer">{_esc(r["title"])}</a>'
        rows.append([f'<span id="src-{_esc(r["source_id"])}">{_esc(r["source_id"])}</span>',
                     f"{link}<br>{_esc(r['publisher'])}", _esc(r["published"]),
                     _esc(r["accessed"]), f'<q>{_esc(r["quote"])}</q>',
                     _esc(r["verification"])])
    header = [t["col_id"], t["col_source"], t["col_published"], t["col_accessed"],
              t["col_quote"], t["col_verification"]]
    return (f'<h1>{_esc(t["sources"])}</h1>\n<p>{_esc(t["sources_intro"])}</p>\n'
            + _table([_esc(h) for h in header], rows))


def _claims_body(lang: str) -> str:
    """The ledger as rendered by the claims story (an HTML fragment per language), or its CSV."""
    t = T[lang]
    folder = paths.FIGURES / "claims"
    fragment = folder / f"ledger.{lang}.html"
    intro = f'<h1>{_esc(t["claims"])}</h1>\n<p>{_esc(t["claims_intro"])}</p>\n'
    if fragment.exists():
        return intro + fragment.read_text(encoding="utf-8")
    ledger = folder / "ledger.csv"
    if not ledger.exists():
        return intro + f'<p class="note">{_esc(t["claims_missing"])}</p>'
    with open(ledger, encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    return intro + _table([_esc(h) for h in records[0]],
                          [[_esc(c) for c in row] for row in records[1:]])


# --- build --------------------------------------------------------------------------------------

def _inputs_hash() -> str:
    """Everything the site is made from: skip the rebuild when none of it changed."""
    digest = hashlib.sha256()
    files = [Path(__file__), paths.DATA / "sources.csv"]
    files += sorted(paths.NOTEBOOKS.glob("*.ipynb"))
    files += sorted(i18n.FOLDER.glob("*.json"))
    files += sorted(p for p in paths.FIGURES.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(paths.ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


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
                                ignore=shutil.ignore_patterns("build.json"))
        for lang in LANGS:
            out = staging / lang
            out.mkdir(parents=True)
            t = T[lang]
            pages = {
                "index.html": (t["site_title"], _index_body(lang)),
                "gallery.html": (t["gallery"], _gallery_body(lang)),
                "sources.html": (t["sources"], _sources_body(lang)),
                # Not "claims.html": that is the claims story's own page.
                "ledger.html": (t["claims"], _claims_body(lang)),
            }
            for story in registry.stories().values():
                if (paths.NOTEBOOKS / story.notebook).exists():
                    title = story.title_in(lang)
                    pages[f"{story.name}.html"] = (title, _story_body(story, lang))
            for page, (title, body) in pages.items():
                (out / page).write_text(_page(lang, title, body, page), encoding="utf-8")
        # The root page sends readers to the English index; it works from file:// too.
        (staging / "index.html").write_text(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta http-equiv="refresh" content="0; url=en/index.html">\n'
            '<title>CECOT data collection</title>\n</head>\n<body>\n'
            '<p><a href="en/index.html">English</a> · '
            '<a href="es/index.html" lang="es">Español</a></p>\n</body>\n</html>\n',
            encoding="utf-8")
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
