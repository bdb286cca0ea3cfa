"""The words of the charts: each story keeps its English and Spanish in a `text.yml` beside its
code (as owid/etl keeps a `.meta.yml` beside each step), and its `words.py` fills them from the
run's numbers. Nothing here draws.

A text.yml maps keys to one entry per language:

    space-vs-standards:
      title:
        below_all:
          en: "At {population} people each prisoner would have {m2} m², below every standard"
          es: "Con {population} personas, cada preso tendría {m2} m², menos que cualquier estándar"

`Text(story, lang)("space-vs-standards.title.below_all", population=..., m2=...)` gives the
filled sentence. Every placeholder is filled with a value formatted by cecot.fmt from the run's
numbers; a sentence that states a finding has a variant for each case, and words.py picks the
one the numbers make true (ChartText.variants records which).
"""

from __future__ import annotations

import os
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .fmt import LANGUAGES, plural, span, whole
from .ranges import Span

STORIES_DIR = Path(__file__).resolve().parent / "stories"  # each story's text.yml

# Package files (text.yml, story.yml) a run has read: the build records their hashes with the
# code, so editing a sentence re-runs the story that uses it.
PACKAGE_READS: set[Path] = set()


@lru_cache(maxsize=None)
def _load(path: Path, mtime_ns: int) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def load_yaml(path: Path) -> dict:
    PACKAGE_READS.add(path)
    return _load(path, os.stat(path).st_mtime_ns)


GLOSSARY = Path(__file__).resolve().parent / "glossary.yml"


def text_file(story: str) -> Path:
    return STORIES_DIR / story / "text.yml"


def entries(story: str) -> dict:
    return load_yaml(text_file(story))


def placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in
            string.Formatter().parse(template) if name}


def credit_name(name: str, lang: str) -> str:
    """An organisation's name as a chart in `lang` credits it (the glossary's `credits`
    translate the few that have a Spanish name: UNODC is ONUDD)."""
    return (load_yaml(GLOSSARY).get("credits", {}).get(name) or {}).get(lang, name)


class Text:
    """The sentences of one story in one language."""

    def __init__(self, story: str, lang: str):
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
        self.story, self.lang = story, lang
        self.tree = entries(story)
        self.glossary = load_yaml(GLOSSARY)

    def entry(self, key: str):
        for tree in (self.tree, self.glossary):
            node: Any = tree
            for part in key.split("."):
                if not isinstance(node, dict) or part not in node:
                    break
                node = node[part]
            else:
                return node
        raise KeyError(f"no text '{key}' in {text_file(self.story).name} of story "
                       f"'{self.story}' or in the glossary")

    def raw(self, key: str) -> str:
        node = self.entry(key)
        if not isinstance(node, dict) or self.lang not in node:
            raise KeyError(f"text '{key}' of story '{self.story}' has no '{self.lang}'")
        return node[self.lang]

    def __call__(self, key: str, **values) -> str:
        template = self.raw(key)
        missing = placeholders(template) - set(values)
        if missing:
            raise KeyError(f"text '{key}' of story '{self.story}' needs {sorted(missing)}")
        return template.format(**values)

    def people(self, value, about: bool | None = None) -> str:
        """A number of people in words: whole people, "about" when the value is not whole
        (an average such as 156.25 people per cell is about 156)."""
        if about is None:
            about = float(value) != round(float(value))
        n = round(float(value))
        form = plural(n, self.lang)
        return self(f"people.{'about' if about else 'exact'}.{form}", n=whole(n, self.lang))

    def people_span(self, low, high, kind: str = "") -> str:
        """A head count as reported, in words: "4,000 people", "about 12,000 people" (a report
        of kind approx), "10,000–20,000 people", "more than 15,000 people" (high None: a lower
        bound)."""
        if high is not None and low == high:
            return self.people(low, about=True if kind == "approx" else None)
        return self("people.span", n=span(Span(low, high), self.lang))

    def table(self, key: str) -> dict[str, str]:
        """A mapping of ids to labels in this language (e.g. standards by id)."""
        return {name: entry[self.lang] for name, entry in self.entry(key).items()}


@dataclass
class ChartText:
    """Everything a chart says, in one language: made by a story's words.py from the run's
    numbers, drawn by its charts.py, written into the chart's sidecar."""

    chart_id: str
    lang: str
    title: str
    subtitle: str
    alt: str
    source_ids: list[str]
    as_of: str
    note: str = ""
    labels: dict[str, Any] = field(default_factory=dict)
    # Which variant of each sentence that states a finding was chosen (slot -> variant).
    variants: dict[str, str] = field(default_factory=dict)
    # Text taken as is from data/ (event labels, caveats): not made from numbers.
    verbatim: list[str] = field(default_factory=list)
    # The bodies whose figures the chart shows, in this language (the police, UNODC...): the
    # source line names them before the publishers that reported them.
    originators: list[str] = field(default_factory=list)
    # Where the figures of a body the chart shows were read: its name (in this language) and
    # the sources that carry them (the Sources page leads a reader from the body to them).
    read_in: dict[str, list[str]] = field(default_factory=dict)

    def strings(self) -> list[str]:
        """Every piece of text the chart shows or says, labels included."""
        out = [self.title, self.subtitle, self.alt, self.note]

        def walk(value):
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    walk(item)

        walk(self.labels)
        return [s for s in out if s]


@dataclass
class PageText:
    """Everything a story page says around its charts, in one language: made by a story's
    words.page from numbers.json, rendered by the site.

    - headline: the page's own finding (not a chart's title), standfirst: a sentence or two
      under it, context: one paragraph on CECOT and the story (what, since when, who is held,
      what the government and rights groups say), every number from numbers.json;
    - key_numbers: sentences, not other charts' titles; caveats: for readers, each once;
    - methodology: the story's methodology page for readers, one screen of prose paragraphs
      (how the numbers were made, what they cannot show); the executed notebook follows it
      as a technical appendix."""

    story: str
    lang: str
    headline: str
    standfirst: str
    key_numbers: list[str]
    caveats: list[str] = field(default_factory=list)
    variants: dict[str, str] = field(default_factory=dict)
    context: str = ""
    methodology: list[str] = field(default_factory=list)
    # Sources the page's own sentences rest on (beyond its charts'): its source line names them.
    source_ids: list[str] = field(default_factory=list)
    # The latest date a figure in the page's own sentences refers to ("2025-12" for a month),
    # when it is later than its charts': the page's "data to" takes it.
    as_of: str = ""
    # Links in the page's body, after its charts: (the sentence linked, the page it opens).
    further: list[tuple[str, str]] = field(default_factory=list)

    def strings(self) -> list[str]:
        return [s for s in [self.headline, self.standfirst, self.context, *self.key_numbers,
                            *(sentence for sentence, _ in self.further), *self.caveats,
                            *self.methodology] if s]
