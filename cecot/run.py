"""A notebook's run: its validated parameters, where it writes, and what it read.

    run = Run("density", globals())

- Reads the story's parameters from the notebook's own variables (the parameters cell and, under
  papermill, the injected cell), validates them once (cecot.params.validate) and puts the typed
  values back, so the rest of the notebook uses plain names.
- Decides the output folder from the `output_dir` parameter alone: empty (the default) is a
  scratch folder, build/scratch/<story>; a relative path is taken from the kernel's working
  folder (the build starts its kernels in its staging folder and passes `figures/<story>`).
  The published figures/, the notebooks and the data are never a run's output folder: only
  `cecot build` publishes, by moving a finished staging folder into place.
- `publish` draws every chart in both languages and writes each as a bundle (PNG, SVG, CSV,
  sidecar); `finish` writes numbers.json and run.json, the record of what the run read (data
  files and package files, by content hash), which the build folds into build.json.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

from . import data as cdata
from . import paths
from .computed import Computed, tidy
from .errors import CecotError, ParameterError
from .fmt import LANGUAGES
from .params import CrossCheck, declared, validate
from .words import PACKAGE_READS, ChartText, Text

NUMBERS_FILE = "numbers.json"
RUN_FILE = "run.json"
# Folders a run never writes into: what the build publishes, and the sources of everything.
PROTECTED = ("figures", "notebooks", "site", "data", "cecot")


def resolve_output(output_dir: str, story: str) -> Path:
    if not output_dir:
        return paths.SCRATCH / story
    folder = Path(output_dir)
    folder = (folder if folder.is_absolute() else Path.cwd() / folder).resolve()
    for name in PROTECTED:
        protected = (paths.ROOT / name).resolve()
        if folder == protected or protected in folder.parents:
            raise ParameterError("output_dir", f"{name}/ is written only by `cecot build`; "
                                               "leave output_dir empty for a scratch folder or "
                                               "name another folder", story)
    return folder


def shown(path: Path) -> str:
    """A path as a person reads it: from the working folder, else from the repository."""
    path = Path(path).resolve()
    for base in (Path.cwd().resolve(), paths.ROOT):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _module_file(name: str) -> Path | None:
    """The file of a module of this package by dotted name, or None."""
    parts = name.split(".")
    if parts[0] != paths.PACKAGE.name:
        return None
    base = paths.PACKAGE.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(tree: ast.AST, package: str) -> set[str]:
    """Dotted names a module's code imports (relative ones resolved against `package`), each
    `from X import y` as both X and X.y (y may be a submodule)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def imported_files(sources: list[str]) -> set[Path]:
    """Every file of this package the given code imports, and what those import in turn
    (their packages' __init__ files too): read from the code, so it does not depend on what
    else the process ran before."""
    pending = set()
    for source in sources:
        try:
            pending |= _imports(ast.parse(source), paths.PACKAGE.name)
        except SyntaxError:
            continue  # a cell of IPython magics: no import of ours
    seen: set[str] = set()
    files: set[Path] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        pending.update(".".join(parts[:i]) for i in range(1, len(parts)))  # its packages
        path = _module_file(name)
        if path is None or name.startswith(f"{paths.PACKAGE.name}.machinery"):
            continue  # the machinery runs stories, never inside one (tests/test_layers.py)
        files.add(path)
        package = name if path.name == "__init__.py" else ".".join(parts[:-1])
        pending |= _imports(ast.parse(path.read_text(encoding="utf-8")), package)
    return files


def code_hashes(sources: list[str] | None = None) -> dict[str, str]:
    """sha256 of every module of this package the run's code imports (`imported_files` of its
    cells; without them, every module the process holds) and of every package file it read (a
    story's text.yml), by path inside the package."""
    package = paths.PACKAGE
    files = {Path(p) for p in PACKAGE_READS}
    if sources is not None:
        files |= imported_files(sources)
    else:
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if path:
                files.add(Path(path))
    hashes = {}
    for path in files:
        path = path.resolve()
        if package in path.parents and path.suffix in (".py", ".yml"):
            hashes[path.relative_to(package).as_posix()] = cdata.sha256_bytes(path.read_bytes())
    return dict(sorted(hashes.items()))


def flatten(value: Any, prefix: str = "", lists: bool = False) -> dict[str, Any]:
    """{"a": {"b": 1}} -> {"a.b": 1}: nested numbers as one flat mapping. With `lists`, a
    list of mappings or lists is flattened too, by index: "series[0]"."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key), lists))
        return out
    if lists and isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        out = {}
        for i, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{i}]", lists))
        return out
    return {prefix: value}


def numbers_table(numbers: dict, keys=None):
    """Numbers (or the named ones) as a two-column table, for a notebook to display."""
    import pandas as pd

    chosen = numbers if keys is None else {k: numbers[k] for k in keys}
    flat = flatten(tidy(chosen))
    return pd.DataFrame({"number": list(flat), "value": [_cell(v) for v in flat.values()]})


def _cell(value) -> str | None:
    if value is None:
        return None  # shown as a dash
    if isinstance(value, float):
        return _plain(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else \
        str(value)


def readable(table, words: Text):
    """A table as a person reads it: a column of whole numbers shows them whole (40,000, not
    40000.0); a missing end of a range is an open end, in words; any other gap is a dash;
    yes and no in words; the data's own codes (people, copy, reported...) in the table's
    language where the glossary names them (`table.values`)."""
    import pandas as pd

    frame = table.copy()
    values = words.glossary["table"]["values"]
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_bool_dtype(column) or (
                column.dtype == object and len(column.dropna()) and
                column.dropna().map(lambda v: isinstance(v, bool)).all()):
            column = column.map(lambda v: v if not isinstance(v, bool) else
                                words("table.yes" if v else "table.no"))
        elif column.dtype == object or pd.api.types.is_string_dtype(column):
            if words.lang != "en":
                column = column.map(lambda v: values.get(v, v) if isinstance(v, str) else v)
        if pd.api.types.is_float_dtype(column):
            present = column.dropna()
            if len(present) and (present == present.round()).all() and \
                    present.abs().max() < 2 ** 53:
                column = column.astype("Int64")
        if column.isna().any():
            end = str(name).endswith(("_high", "_low")) or name in ("high", "low")
            filler = words("table.open_end" if end else "table.missing")
            column = column.astype(object).where(column.notna(), filler)
        frame[name] = column
    return frame


def _plain(value: float) -> str:
    """A float in a table: at most four decimals, never 4.0000e+04 or 40000.0."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


# Stable pandas display: the same text and HTML for a table on every machine (nbval compares
# them), wide enough for the story tables.
DISPLAY_OPTIONS = {"display.max_rows": 120, "display.max_columns": 30, "display.width": 120,
                   "display.max_colwidth": 80, "display.precision": 4,
                   "display.float_format": _plain}


PAPERMILL_CELL = "# Parameters"  # the first line of the cell papermill injects


def injected_names(namespace: dict[str, Any]) -> list[str]:
    """The names papermill's injected-parameters cell assigned, from the kernel's input
    history (`In`): papermill passes on a name the notebook does not declare with only a
    warning, and the run would silently use the default."""
    names: list[str] = []
    for source in (namespace.get("In") or [])[-3:]:  # this run's: just before the Run cell
        if isinstance(source, str) and source.split("\n", 1)[0].strip() == PAPERMILL_CELL:
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            names += [t.id for node in tree.body if isinstance(node, ast.Assign)
                      for t in node.targets if isinstance(t, ast.Name)]
    return names


def _one_line_errors() -> None:
    """In a kernel, our own errors (a refused parameter, a bad data row) show as their one
    line, not a traceback through the package: the line says what to change."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((CecotError,), _show_one_line)


def _show_one_line(shell, etype, value, tb, tb_offset=None) -> list[str]:
    lines = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, lines)  # the error the kernel reports, as one line
    return lines


# Set by `cecot build --lang` and `papermill --engine cecot`, which translate the narrative.
NARRATIVE_LANG_ENV = "CECOT_NARRATIVE_LANG"


class Run:
    def __init__(self, story: str, namespace: dict[str, Any],
                 cross_check: CrossCheck | None = None):
        self.story = story
        self.namespace = namespace
        # What this run reads is recorded from here (a kernel may have run another notebook
        # before: the build reuses its kernels).
        cdata.READ_LOG.clear()
        PACKAGE_READS.clear()
        _one_line_errors()
        known = declared(story)
        for name in injected_names(namespace):
            if name not in known:
                raise ParameterError(name, f"unknown parameter (known: {', '.join(known)})",
                                     story)
        given = {name: namespace[name] for name in known if name in namespace}
        self.params = validate(story, given, cross_check)
        namespace.update(self.params)
        self.lang = self.params["lang"]
        self.output = resolve_output(self.params.get("output_dir", ""), story)
        if not self.params.get("output_dir"):
            shutil.rmtree(self.output, ignore_errors=True)  # a scratch run starts afresh
        self.output.mkdir(parents=True, exist_ok=True)
        import pandas as pd

        for option, value in DISPLAY_OPTIONS.items():
            pd.set_option(option, value)
        words = Text(story, self.lang)
        print(f"{words('run.parameters')}: {self.story_params}\n"
              f"{words('run.output_folder')}: {shown(self.output)}")
        if self.lang != "en" and os.environ.get(NARRATIVE_LANG_ENV) != self.lang:
            print(words("run.narrative_not_translated", story=story))

    @property
    def story_params(self) -> dict[str, Any]:
        """The parameters that change what the story computes (not where it writes)."""
        return {k: v for k, v in self.params.items() if k != "output_dir"}

    def publish(self, computed: Computed, texts: Callable[[Computed, str], dict],
                drawers: dict[str, Callable]) -> dict[str, list]:
        """Every chart in every language: words from `texts`, drawing from `drawers`, each
        written as a bundle into the output folder. Returns the bundles by language."""
        from . import style  # matplotlib only when charts are drawn

        chart_texts = {lang: texts(computed, lang) for lang in LANGUAGES}
        work = [(drawers[chart_id], computed, chart_texts[lang][chart_id], size, self.output)
                for lang in LANGUAGES for chart_id in drawers for size in style.SIZES]
        drawn = iter(style.draw_all(work))
        bundles: dict[str, list] = {}
        for lang in LANGUAGES:
            bundles[lang] = []
            for chart_id in drawers:
                sizes = {size.name: next(drawn) for size in style.SIZES}
                bundles[lang].append(style.write_bundle(
                    chart_texts[lang][chart_id], sizes[style.FULL.name]["csv"], self.output,
                    linked=self.linked,
                    measures={name: d["measure"] for name, d in sizes.items()}))
        return bundles

    @property
    def linked(self) -> bool:
        """Whether the notebook shows its charts by a link to the published PNG (the build's
        run: its kernel starts in a folder laid out as the repository, notebooks/ beside
        figures/<story>) rather than embedding them (every other run)."""
        here = Path.cwd().resolve()
        return self.output == (here / "figures" / self.story).resolve() and \
            (here / "notebooks").is_dir()

    # --- what the notebook shows, in its language ------------------------------------------

    @property
    def words(self) -> Text:
        return Text(self.story, self.lang)

    def say(self, key: str, **values) -> None:
        """Show one of the story's notebook sentences (its text.yml, `notebook.<key>`) in the
        run's language, its {placeholders} filled with the values given."""
        self._text({lang: Text(self.story, lang)(f"notebook.{key}", **values)
                    for lang in LANGUAGES})

    def _said(self, sentences: Callable[[Computed, str], dict], computed: Computed,
              key: str) -> dict[str, str]:
        """One sentence of `sentences` in every language (each made once per run)."""
        cache = self.__dict__.setdefault("_sentences", {})
        made = {}
        for lang in LANGUAGES:
            slot = (sentences, id(computed), lang)
            if slot not in cache:
                cache[slot] = sentences(computed, lang)
            made[lang] = cache[slot][key]
        return made

    def tell(self, sentences: Callable[[Computed, str], dict], computed: Computed,
             key: str) -> None:
        """Show one sentence the story's words make from its numbers (`words.sentences`)."""
        self._text(self._said(sentences, computed, key))

    def markdown(self, sentences: Callable[[Computed, str], dict], computed: Computed,
                 key: str) -> None:
        """The same, shown as Markdown (a paragraph of the notebook's text)."""
        from IPython.display import Markdown, display

        texts = self._said(sentences, computed, key)
        display(Markdown(texts[self.lang]), metadata=self._others("text/markdown", texts))

    def _others(self, mime: str, by_lang: dict) -> dict:
        """The output in the other languages, kept in the output's metadata: the site's pages
        in those languages show it (cecot.machinery.site), where a notebook shows its own."""
        return {"cecot": {lang: {mime: value} for lang, value in by_lang.items()
                          if lang != self.lang}}

    def _text(self, by_lang: dict) -> None:
        from IPython.display import display

        display({"text/plain": by_lang[self.lang]}, raw=True,
                metadata=self._others("text/plain", by_lang))

    def print(self, text: Callable[[str], str]) -> None:
        """Show a text made in each language (`text(lang)`), as print would in the run's."""
        self._text({lang: text(lang) for lang in LANGUAGES})

    def show(self, table, columns=None, *, numbers: bool = False) -> None:
        """Display a table (rich in JupyterLab; nbval compares its plain-text form) with its
        column headers in the run's language: the story's `columns` in text.yml, else the
        glossary's. Counts show as whole numbers and open ends as words (`readable`).

        Every language's table is made, so a page in another language shows its own:
        `table` may be a function of the language (`lambda lang: words.rows(story, lang)`),
        and a column may be named per language ("label_{lang}": label_en in English,
        label_es in Spanish, both under the header of "label")."""
        from IPython.display import display

        frames = {}
        for lang in LANGUAGES:
            words = Text(self.story, lang)
            made = table(lang) if callable(table) else table
            if columns is None:
                chosen = made
            else:
                names = [c.format(lang=lang) for c in columns]
                chosen = made[names].rename(columns={
                    c.format(lang=lang): c.replace("_{lang}", "") for c in columns
                    if "{lang}" in c})
            frame = readable(chosen, words)
            if lang == "en":  # a code name is shown as words: "peak low", not "peak_low"
                frame = frame.rename(columns=lambda c: c.replace("_", " ")
                                     if isinstance(c, str) else c)
            else:
                try:
                    frame = frame.rename(columns=self.headers(frame.columns, lang))
                except KeyError:
                    if lang == self.lang:  # the run's own language must have every header
                        raise
            frames[lang] = frame
        metadata = self._others("text/html",
                                {lang: frame.to_html() for lang, frame in frames.items()})
        if numbers:  # the run's numbers by their keys: the site links numbers.json instead
            metadata["cecot"]["numbers"] = True
        display(frames[self.lang], metadata=metadata)

    def show_numbers(self, numbers: dict, keys=None) -> None:
        """numbers_table, shown as a table in the run's language (for analysts: the site's
        appendix links the published numbers.json in its place)."""
        self.show(numbers_table(numbers, keys), numbers=True)

    def headers(self, names, lang: str | None = None) -> dict[str, str]:
        lang = lang or self.lang
        words, found, missing = Text(self.story, lang), {}, []
        for name in names:
            try:
                found[name] = words(f"columns.{name}")
            except KeyError:
                missing.append(str(name))
        if missing:
            raise KeyError(f"no {lang} header for column(s) {', '.join(missing)}: add "
                           f"them under `columns` in cecot/stories/{self.story}/text.yml or "
                           "cecot/glossary.yml")
        return found

    def write(self, name: str, text: str) -> Path:
        path = self.output / name
        path.write_text(text, encoding="utf-8")
        return path

    def finish(self, numbers: dict) -> Path:
        """numbers.json, and run.json: the parameters and what the run read."""
        path = self.write(NUMBERS_FILE, json.dumps(tidy(numbers), indent=2,
                                                   ensure_ascii=False) + "\n")
        cells = self.namespace.get("In")  # the notebook's code, when IPython runs it
        record = {"parameters": self.story_params,
                  "data": {name: cdata.READ_LOG[name] for name in sorted(cdata.READ_LOG)},
                  "code": code_hashes([c for c in cells if c] if cells else None)}
        self.write(RUN_FILE, json.dumps(record, indent=2) + "\n")
        return path
