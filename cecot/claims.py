"""The claims ledger: every number in the source article, recomputed from the curated data.

`data/claims.csv` holds one row per numeric claim. The article's figure sits in `claimed_low` /
`claimed_high` (equal for a single figure; `claimed_high` empty for "more than"). Three columns
tell this module how to test it, and nothing else does: no figure is typed into the code or the
notebook.

- `check`: an expression over references into `data/` whose value is the recomputed figure.
- `relation`: how the claimed figure must relate to it: `eq` (the same, within the tolerance),
  `within` (the claimed range lies inside the recomputed one), `at_least` (the data are at least
  the claimed "more than" figure) or `at_most`.
- `tolerance`: `exact`, `abs:X` (in the claim's unit) or `rel:X` (a fraction of the claimed
  figure): prose rounds, so each claim says how much rounding it is allowed.

`working` (optional) is the arithmetic the article shows or implies, over `claim:` references to
the article's own figures. When it does not give the claimed figure while the figure itself is
right, the claim is `imprecise` ("156 inmates (40,000 x 256)" divides; it does not multiply).
An `implied` claim has no figure of its own: its working gives it.

References (operators + - * / stand between spaces):

    fact:<fact_id>[@<source_id>]     data/facility.csv; without @, the value most sources give
    cost:<item>[@<source_id>]        data/costs.csv; an item ending in * matches several rows
    pop:<report_id>[.low|.high]      data/population.csv; a range unless an end is named
    arrest:<YYYY-MM-DD>@<source_id>  data/arrests.csv
    hom:<year>.<series>.<measure>[@<source_id>]   data/homicides.csv; year or series may be *
    std:<standard_id>                data/space_standards.csv
    event:<event_id>[<n>]            the n-th number in the English label in data/events.csv
    claim:<claim_id>[.low|.high]     a figure of the article (in `working` only)

Functions over references that match several rows: sum, count, min, max, span (lowest to
highest), median (of the distinct figures) and peak_year (the year of the highest value).
Numeric literals are limited to unit factors (1, 12, 100, 10000): a figure belongs in `data/`,
with its source.

Status of a claim, in this order:
1. `status_override` (a judgement, always with a note saying why), else
2. `unverifiable` when the check is empty (the note says what is missing), or when a reference
   rests only on rows marked unverified (in data/costs.csv, data/space_standards.csv or
   data/sources.csv);
3. for the article's own claims, a reference that rests only on the article or on Wikipedia
   (whose text the article follows, see NOT_INDEPENDENT) cannot corroborate it: agreement is
   `unverifiable`, disagreement `inconsistent` (the article misquotes its own likely source);
4. `inconsistent` when the relation fails, `imprecise` when it holds but the working does not,
   `consistent` otherwise.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from . import data as cdata
from .style import number
from .errors import DataError
from .paths import resolve_output_dir
from .style import PALETTE, finalise_chart, new_chart

FILE = "data/claims.csv"
STATUSES = ("consistent", "imprecise", "inconsistent", "unverifiable")
KINDS = ("article", "implied", "headline")
CHARTED_KINDS = ("article", "implied")  # the article's figures; not the notebooks' own numbers
RELATIONS = ("eq", "within", "at_least", "at_most")
# The source article reads as an expanded translation of the English Wikipedia article (same
# structure and wording; see the ARTICLE row of data/sources.csv): a figure found only there, or
# only in the article itself, does not corroborate the article.
NOT_INDEPENDENT = frozenset({"ARTICLE", "WIKI"})
UNIT_FACTORS = (1.0, 12.0, 100.0, 10000.0)  # ratio, months a year, per cent, m² per hectare
FUNCTIONS = ("sum", "count", "min", "max", "span", "median", "peak_year")
TABLES = ("facility", "costs", "population", "arrests", "homicides", "events",
          "space_standards", "sources")


# --- spans: a figure, or a range, with interval arithmetic --------------------------------------

@dataclass(frozen=True)
class Span:
    """A figure (low == high) or a range. `high` is math.inf for "more than low"."""

    low: float
    high: float

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    @property
    def open_ended(self) -> bool:
        return math.isinf(self.high)


def apply(op: str, a: Span, b: Span) -> Span:
    """Interval arithmetic: the smallest span holding every result of the two spans' ends."""
    if op == "+":
        return Span(a.low + b.low, a.high + b.high)
    if op == "-":
        return Span(a.low - b.high, a.high - b.low)
    if op == "/" and b.low <= 0 <= b.high:
        raise ZeroDivisionError("division by a span that includes 0")
    ends = []
    for x in (a.low, a.high):
        for y in (b.low, b.high):
            value = x * y if op == "*" else x / y
            if math.isnan(value):
                raise ValueError("an open-ended span cannot be multiplied by 0")
            ends.append(value)
    return Span(min(ends), max(ends))


def tolerance_of(text: str) -> tuple[str, float]:
    """('abs', X) or ('rel', X) from 'exact', 'abs:X' or 'rel:X'."""
    if text == "exact":
        return ("abs", 0.0)
    kind, _, value = text.partition(":")
    if kind not in ("abs", "rel") or not re.fullmatch(r"\d+(\.\d+)?", value):
        raise ValueError(f"'{text}' is not exact, abs:X or rel:X")
    return (kind, float(value))


def _allowed(tolerance: tuple[str, float], claimed: float) -> float:
    kind, value = tolerance
    margin = value if kind == "abs" else value * abs(claimed)
    return margin + 1e-9 * max(1.0, abs(claimed))  # binary floats: 0.1 + 0.2 is 0.3


def _close(claimed: float, found: float, tolerance) -> bool:
    if math.isinf(claimed) or math.isinf(found):
        return claimed == found
    return abs(found - claimed) <= _allowed(tolerance, claimed)


def holds(relation: str, claimed: Span, found: Span, tolerance) -> bool:
    """Whether the recomputed span bears the claimed relation to the claimed span."""
    if relation == "eq":
        if claimed.open_ended:  # "more than X": X is the figure to compare
            return _close(claimed.low, found.low, tolerance)
        return _close(claimed.low, found.low, tolerance) and \
            _close(claimed.high, found.high, tolerance)
    if relation == "within":
        return claimed.low >= found.low - _allowed(tolerance, claimed.low) and \
            claimed.high <= found.high + _allowed(tolerance, claimed.high)
    if relation == "at_least":
        return found.low >= claimed.low - _allowed(tolerance, claimed.low)
    if relation == "at_most":
        return found.high <= claimed.high + _allowed(tolerance, claimed.high)
    raise ValueError(f"unknown relation '{relation}'")


# --- references into data/ ---------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One data row a reference used: where it is, who says it, and how far it was verified."""

    table: str
    key: str
    source_ids: tuple[str, ...]
    unverified: bool
    date: str | None = None


@dataclass(frozen=True)
class Term:
    """A reference resolved: its span and the rows behind it (none for a claim of the article)."""

    token: str
    span: Span
    rows: tuple[Row, ...]
    claim: bool = False
    year: int | None = None


REF = re.compile(r"(fact|cost|pop|arrest|hom|std|event|claim):\S+")
NUMBER = re.compile(r"\d+(\.\d+)?")
SRC = r"(@(?P<src>[A-Za-z0-9-]+))?"
PATTERNS = {
    "fact": re.compile(r"fact:(?P<id>[a-z0-9_]+)" + SRC),
    "cost": re.compile(r"cost:(?P<id>[a-z0-9_]+\*?)" + SRC),
    "pop": re.compile(r"pop:(?P<id>P[0-9]+)(\.(?P<end>low|high))?"),
    "arrest": re.compile(r"arrest:(?P<id>\d{4}-\d{2}-\d{2})@(?P<src>[A-Za-z0-9-]+)"),
    "hom": re.compile(r"hom:(?P<year>\d{4}|\*)\.(?P<series>[a-z_]+|\*)\."
                      r"(?P<measure>count|rate)" + SRC),
    "std": re.compile(r"std:(?P<id>[a-z0-9_]+)"),
    "event": re.compile(r"event:(?P<id>E[0-9]+)\[(?P<n>[1-9][0-9]*)\]"),
    "claim": re.compile(r"claim:(?P<id>CL[0-9]+)(\.(?P<end>low|high))?"),
}


class Problem(Exception):
    """A check that cannot be evaluated; becomes a DataError naming the claim's row and column."""


def _split(ids: str) -> tuple[str, ...]:
    return tuple(part for part in str(ids).split(";") if part)


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


class Data:
    """The curated tables a check may refer to, and the rules to resolve a reference."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables = tables
        sources = tables["sources"]
        self.unverified_sources = set(sources.loc[sources["verification"] == "unverified",
                                                  "source_id"])

    @classmethod
    def load(cls) -> "Data":
        return cls({name: cdata.load(name) for name in TABLES})

    def _row(self, table: str, key: str, source_id: str, flagged: bool = False,
             date=None) -> Row:
        ids = _split(source_id)
        unverified = flagged or (bool(ids) and all(i in self.unverified_sources for i in ids))
        day = None if date is None or pd.isna(date) else pd.Timestamp(date).date().isoformat()
        return Row(table, key, ids, unverified, day)

    @staticmethod
    def _one(frame: pd.DataFrame, what: str, source: str | None) -> pd.DataFrame:
        if source is not None:
            frame = frame[[source in _split(s) for s in frame["source_id"]]]
        if frame.empty:
            raise Problem(f"{what}{'@' + source if source else ''} matches no row")
        return frame

    def resolve(self, token: str) -> list[Term]:
        kind = token.split(":", 1)[0]
        match = PATTERNS[kind].fullmatch(token) if kind in PATTERNS else None
        if match is None:
            raise Problem(f"'{token}' is not a valid reference")
        return getattr(self, f"_{kind}")(token, match)

    def _fact(self, token, m) -> list[Term]:
        table = self.tables["facility"]
        rows = self._one(table[table["fact_id"] == m["id"]], f"fact '{m['id']}'", m["src"])
        if m["src"] is not None and len(rows) > 1:
            raise Problem(f"'{token}' matches {len(rows)} rows")
        counts = rows.groupby("value").size().sort_index()
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            shown = ", ".join(f"{v:g}" for v, _ in ranked)
            raise Problem(f"sources disagree on fact '{m['id']}' ({shown}) and none is given by "
                          "more sources: name one with @SOURCE")
        value = float(ranked[0][0])
        used = rows[rows["value"] == value]
        return [Term(token, Span(value, value),
                     tuple(self._row("facility", m["id"], s) for s in used["source_id"]))]

    def _cost(self, token, m) -> list[Term]:
        table = self.tables["costs"]
        item = m["id"]
        if item.endswith("*"):
            rows = table[table["item"].str.startswith(item[:-1])]
        else:
            rows = table[table["item"] == item]
        rows = self._one(rows, f"cost '{item}'", m["src"])
        if rows["value"].isna().any():
            raise Problem(f"'{token}' matches a row with no value")
        terms = [Term(f"cost:{r.item}@{r.source_id}", Span(float(r.value), float(r.value)),
                      (self._row("costs", r.item, r.source_id, r.status == "unverified"),))
                 for r in rows.sort_values(["item", "source_id"]).itertuples()]
        if item.endswith("*"):
            return terms
        if rows["value"].nunique() > 1:
            shown = ", ".join(f"{v:g}" for v in sorted(rows["value"].unique()))
            raise Problem(f"sources disagree on cost '{item}' ({shown}): name one with @SOURCE")
        return [Term(token, terms[0].span, tuple(r for t in terms for r in t.rows))]

    def _pop(self, token, m) -> list[Term]:
        table = self.tables["population"]
        rows = self._one(table[table["report_id"] == m["id"]], f"report '{m['id']}'", None)
        r = rows.iloc[0]
        open_ended = r["kind"] in cdata.OPEN_ABOVE_KINDS or pd.isna(r["high"])
        open_below = r["kind"] in cdata.OPEN_BELOW_KINDS
        # "Up to 75": anything from 0 (a count of people) to 75.
        span = Span(0.0 if open_below else float(r["low"]),
                    math.inf if open_ended else float(r["high"]))
        if m["end"] == "low":
            if open_below:
                raise Problem(f"report '{m['id']}' is an upper bound: it has no low end")
            span = Span(span.low, span.low)
        elif m["end"] == "high":
            if open_ended:
                raise Problem(f"report '{m['id']}' is a lower bound: it has no high end")
            span = Span(span.high, span.high)
        row = self._row("population", m["id"], r["source_id"], date=r["date"])
        return [Term(token, span, (row,))]

    def _arrest(self, token, m) -> list[Term]:
        table = self.tables["arrests"]
        day = pd.Timestamp(m["id"])
        rows = self._one(table[table["date"] == day], f"arrests on {m['id']}", m["src"])
        if len(rows) > 1:
            raise Problem(f"'{token}' matches {len(rows)} rows")
        r = rows.iloc[0]
        open_ended = r["kind"] == "lower_bound" or pd.isna(r["high"])
        span = Span(float(r["low"]), math.inf if open_ended else float(r["high"]))
        return [Term(token, span, (self._row("arrests", m["id"], r["source_id"],
                                             date=r["date"]),))]

    def _hom(self, token, m) -> list[Term]:
        table = self.tables["homicides"]
        rows = table[table["measure"] == m["measure"]]
        if m["year"] != "*":
            rows = rows[rows["year"] == int(m["year"])]
        if m["series"] != "*":
            rows = rows[rows["series"] == m["series"]]
        rows = self._one(rows, f"homicide figures '{token.split('@')[0]}'", m["src"])
        terms = []
        for r in rows.sort_values(["year", "series", "source_id", "agency"]).itertuples():
            key = f"{r.year}.{r.series}.{r.measure}.{r.agency}"
            terms.append(Term(f"hom:{r.year}.{r.series}.{r.measure}@{r.source_id}",
                              Span(float(r.value), float(r.value)),
                              (self._row("homicides", key, r.source_id),), year=int(r.year)))
        return terms

    def _std(self, token, m) -> list[Term]:
        table = self.tables["space_standards"]
        rows = self._one(table[table["standard_id"] == m["id"]], f"standard '{m['id']}'", None)
        r = rows.iloc[0]
        value = float(r["m2_per_person"])
        return [Term(token, Span(value, value), (self._row("space_standards", m["id"],
                                                           r["source_id"],
                                                           r["status"] == "unverified"),))]

    def _event(self, token, m) -> list[Term]:
        table = self.tables["events"]
        rows = self._one(table[table["event_id"] == m["id"]], f"event '{m['id']}'", None)
        r = rows.iloc[0]
        found = re.findall(r"\d+(?:\.\d+)?", r["label_en"])
        n = int(m["n"])
        if n > len(found):
            raise Problem(f"the label of event '{m['id']}' has {len(found)} numbers, not {n}")
        value = float(found[n - 1])
        return [Term(token, Span(value, value),
                     (self._row("events", m["id"], r["source_id"], date=r["date"]),))]


# --- expressions ---------------------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    return text.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split()


class Parser:
    """expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ;
    factor := unit factor | reference | function '(' reference (',' reference)* ')'
              | '(' expr ')'"""

    def __init__(self, text: str):
        self.tokens = tokens(text)
        self.i = 0

    def parse(self):
        node = self.expr()
        if self.i < len(self.tokens):
            raise Problem(f"unexpected '{self.tokens[self.i]}'")
        return node

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, expected: str | None = None):
        token = self.peek()
        if token is None:
            raise Problem("the expression ends too early")
        if expected is not None and token != expected:
            raise Problem(f"expected '{expected}', found '{token}'")
        self.i += 1
        return token

    def expr(self):
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = ("op", op, node, self.term())
        return node

    def term(self):
        node = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take()
            node = ("op", op, node, self.factor())
        return node

    def factor(self):
        token = self.take()
        if token == "(":
            node = self.expr()
            self.take(")")
            return ("group", node)
        if token in FUNCTIONS:
            self.take("(")
            args = [self.reference()]
            while self.peek() == ",":
                self.take()
                args.append(self.reference())
            self.take(")")
            return ("call", token, args)
        if NUMBER.fullmatch(token):
            value = float(token)
            if value not in UNIT_FACTORS:
                factors = ", ".join(f"{f:g}" for f in UNIT_FACTORS)
                raise Problem(f"the number {token} is typed in: only unit factors ({factors}) "
                              "may be; a figure belongs in data/ with its source")
            return ("num", value)
        if REF.fullmatch(token):
            return ("ref", token)
        raise Problem(f"'{token}' is not a reference, a function or a unit factor")

    def reference(self):
        token = self.take()
        if not REF.fullmatch(token):
            raise Problem(f"'{token}' is not a reference")
        return ("ref", token)


def parse(text: str):
    return Parser(text).parse()


def references(node) -> list[str]:
    if node[0] == "ref":
        return [node[1]]
    if node[0] == "op":
        return references(node[2]) + references(node[3])
    if node[0] == "group":
        return references(node[1])
    if node[0] == "call":
        return [token for arg in node[2] for token in references(arg)]
    return []


class Evaluation:
    """Evaluates one expression, keeping every resolved term for the provenance checks."""

    def __init__(self, data: Data, claims: dict[str, Span] | None = None):
        self.data = data
        self.claims = claims or {}
        self.terms: list[Term] = []

    def resolve(self, token: str) -> list[Term]:
        if token.startswith("claim:"):
            m = PATTERNS["claim"].fullmatch(token)
            if m is None:
                raise Problem(f"'{token}' is not a valid reference")
            if m["id"] not in self.claims:
                raise Problem(f"'{token}' names no claim with a figure of its own")
            span = self.claims[m["id"]]
            if m["end"] == "low":
                span = Span(span.low, span.low)
            elif m["end"] == "high":
                span = Span(span.high, span.high)
            return [Term(token, span, (), claim=True)]
        return self.data.resolve(token)

    def value(self, node) -> Span:
        kind = node[0]
        if kind == "num":
            return Span(node[1], node[1])
        if kind == "group":
            return self.value(node[1])
        if kind == "ref":
            terms = self.resolve(node[1])
            if len(terms) != 1:
                raise Problem(f"'{node[1]}' matches {len(terms)} rows: name one with @SOURCE "
                              "or use sum, count, min, max, span or peak_year")
            self.terms.append(terms[0])
            return terms[0].span
        if kind == "call":
            items = [term for arg in node[2] for term in self.resolve(arg[1])]
            span = aggregate(node[1], items)
            rows = tuple(row for term in items for row in term.rows)
            self.terms.append(Term(f"{node[1]}({', '.join(a[1] for a in node[2])})", span, rows,
                                   claim=all(t.claim for t in items)))
            return span
        try:
            return apply(node[1], self.value(node[2]), self.value(node[3]))
        except (ZeroDivisionError, ValueError) as err:
            raise Problem(str(err)) from None


def aggregate(name: str, items: list[Term]) -> Span:
    if not items:
        raise Problem(f"{name}() got no rows")
    if name == "count":
        return Span(float(len(items)), float(len(items)))
    if name == "sum":
        return Span(sum(t.span.low for t in items), sum(t.span.high for t in items))
    if name == "min":
        return Span(min(t.span.low for t in items), min(t.span.high for t in items))
    if name == "max":
        return Span(max(t.span.low for t in items), max(t.span.high for t in items))
    if name == "span":
        return Span(min(t.span.low for t in items), max(t.span.high for t in items))
    if name == "median":  # of the distinct figures, as the homicides story combines a year
        if not all(t.span.is_point for t in items):
            raise Problem("median() needs single figures, not ranges")
        value = float(np.median(sorted({t.span.low for t in items})))
        return Span(value, value)
    if any(t.year is None for t in items):
        raise Problem("peak_year() needs yearly rows (hom:)")
    top = max(t.span.high for t in items)
    year = min(t.year for t in items if t.span.high == top)  # a tie goes to the earlier year
    return Span(float(year), float(year))


# --- the ledger ----------------------------------------------------------------------------------

def load_claims() -> pd.DataFrame:
    return cdata.load("claims")


def _fail(row: int, column: str, message: str):
    raise DataError(FILE, message, row=row, column=column)


def _claimed(record, row: int) -> Span | None:
    low, high = record["claimed_low"], record["claimed_high"]
    if pd.isna(low):
        if not pd.isna(high):
            _fail(row, "claimed_low", "claimed_high is given but claimed_low is empty")
        return None
    high = math.inf if pd.isna(high) else float(high)
    if high < low:
        _fail(row, "claimed_high", f"claimed_high ({high:g}) is below claimed_low ({low:g})")
    return Span(float(low), high)


def _support(terms: list[Term], kind: str) -> tuple[str, list[str]]:
    """'unverified', 'circular' or 'data', and the source ids behind that verdict."""
    data_terms = [t for t in terms if not t.claim and t.rows]

    def ids(selected):
        return sorted({i for t in selected for r in t.rows for i in r.source_ids})

    unverified = [t for t in data_terms if all(r.unverified for r in t.rows)]
    if unverified:
        return "unverified", ids(unverified)
    if kind != "headline":
        circular = [t for t in data_terms
                    if all(set(r.source_ids) <= NOT_INDEPENDENT for r in t.rows)]
        if circular:
            return "circular", ids(circular)
    return "data", ids(data_terms)


def _point_or_range(span: Span | None):
    if span is None:
        return None, None
    return span.low, (None if span.open_ended else span.high)


def evaluate(claims: pd.DataFrame, data: Data) -> pd.DataFrame:
    """The ledger: one row per claim with its recomputed value, status and explanations."""
    claims = claims.reset_index(drop=True)
    rows = {record["claim_id"]: index + 2 for index, record in claims.iterrows()}
    figures: dict[str, Span] = {}
    for index, record in claims.iterrows():
        span = _claimed(record, index + 2)
        if record["kind"] == "implied":
            if span is not None:
                _fail(index + 2, "claimed_low", "an implied claim takes its figure from its "
                                                "working: leave claimed_low empty")
        elif span is None:
            _fail(index + 2, "claimed_low", f"a claim of kind '{record['kind']}' needs a figure")
        else:
            figures[record["claim_id"]] = span
    out = []
    for index, record in claims.iterrows():
        out.append(_evaluate_one(record, index + 2, data, figures, rows))
    ledger = pd.DataFrame(out)
    return ledger.sort_values("claim_id", kind="stable").reset_index(drop=True)


def _expression(text: str, row: int, column: str, data: Data, claims: dict | None):
    try:
        node = parse(text)
        if claims is None and any(t.startswith("claim:") for t in references(node)):
            raise Problem("a claim of the article may appear in `working` only: the recomputed "
                          "value comes from the data")
        evaluation = Evaluation(data, claims)
        span = evaluation.value(node)
    except Problem as err:
        _fail(row, column, str(err))
    return node, span, evaluation.terms


def _evaluate_one(record, row: int, data: Data, figures: dict, rows: dict) -> dict:
    kind, claim_id = record["kind"], record["claim_id"]
    try:
        tolerance = tolerance_of(record["tolerance"])
    except ValueError as err:
        _fail(row, "tolerance", str(err))
    check_text = _text(record["check"])
    working_text = _text(record["working"])
    override = _text(record["status_override"])
    note = {lang: _text(record[f"note_{lang}"]) for lang in ("en", "es")}
    if (override or not check_text) and not (note["en"] and note["es"]):
        _fail(row, "note_en", "a status override or an empty check needs a note in English "
                              "and Spanish saying why")
    if kind == "implied" and not working_text:
        _fail(row, "working", "an implied claim needs the working that gives its figure")
    claimed = figures.get(claim_id)
    working = working_node = None
    if working_text:
        own = {k: v for k, v in figures.items() if k != claim_id}
        for token in references(parse_or_fail(working_text, row, "working")):
            if token.startswith("claim:") and token.split(":")[1].split(".")[0] not in rows:
                _fail(row, "working", f"'{token}' names no claim in {FILE}")
        working_node, working, _ = _expression(working_text, row, "working", data, own)
        if claimed is None:
            claimed = working
    recomputed, terms = None, []
    if check_text:
        _, recomputed, terms = _expression(check_text, row, "check", data, None)
    context = None
    context_text = _text(record["context"])
    if context_text:
        if not (_text(record["context_en"]) and _text(record["context_es"])):
            _fail(row, "context_en", "a context needs a label in English and Spanish")
        _, context, _ = _expression(context_text, row, "context", data, None)

    relation = record["relation"]
    support, support_ids = _support(terms, kind)
    passed = holds(relation, claimed, recomputed, tolerance) if recomputed is not None else None
    working_ok = None
    if working is not None and kind != "implied":
        working_ok = holds("eq", claimed, working, tolerance)
    if override:
        status, reason = override, "override"
    elif recomputed is None:
        status, reason = "unverifiable", "missing"
    elif support == "unverified":
        status, reason = "unverifiable", "unverified"
    elif support == "circular":
        status, reason = ("unverifiable", "circular") if passed else ("inconsistent", "circular")
    elif not passed:
        status, reason = "inconsistent", "relation"
    elif working_ok is False:
        status, reason = "imprecise", "working"
    else:
        status, reason = "consistent", "relation"

    difference = None
    if recomputed is not None and claimed.is_point and recomputed.is_point:
        difference = recomputed.low - claimed.low
    data_ids = sorted({i for t in terms for r in t.rows for i in r.source_ids})
    dates = sorted({r.date for t in terms for r in t.rows if r.date})
    result = {
        "claim_id": claim_id, "kind": kind, "section": record["section"],
        "topic": record["topic"], "quote": record["quote"], "unit": record["unit"],
        "relation": relation, "tolerance": record["tolerance"],
        "claimed_low": _point_or_range(claimed)[0], "claimed_high": _point_or_range(claimed)[1],
        "recomputed_low": _point_or_range(recomputed)[0],
        "recomputed_high": _point_or_range(recomputed)[1],
        "difference": difference,
        "working_low": _point_or_range(working)[0] if working_text else None,
        "working_high": _point_or_range(working)[1] if working_text else None,
        "status": status, "basis": reason if reason in ("missing", "unverified", "circular",
                                                        "override") else support,
        "check": check_text, "working": working_text,
        "data_source_ids": ";".join(data_ids), "latest_date": dates[-1] if dates else None,
        "published_key": _text(record["published_key"]),
        "asserted_by": _text(record["asserted_by"]), "source_id": record["source_id"],
    }
    facts = dict(claimed=claimed, recomputed=recomputed, working=working,
                 working_node=working_node, working_ok=working_ok, context=context,
                 support_ids=support_ids, reason=reason, status=status, kind=kind,
                 unit=record["unit"], tolerance=tolerance, figures=figures, data=data)
    for lang in ("en", "es"):
        result[f"explanation_{lang}"] = explain(record, facts, lang)
    return result


def parse_or_fail(text: str, row: int, column: str):
    try:
        return parse(text)
    except Problem as err:
        _fail(row, column, str(err))


def ledger() -> pd.DataFrame:
    """The ledger of data/claims.csv against the curated data."""
    return evaluate(load_claims(), Data.load())


def status_counts(table: pd.DataFrame, kinds=None) -> dict[str, int]:
    if kinds is not None:
        table = table[table["kind"].isin(kinds)]
    return {status: int((table["status"] == status).sum()) for status in STATUSES}


def _value(low, high):
    if low is None or (isinstance(low, float) and math.isnan(low)):
        return None
    if high is not None and not (isinstance(high, float) and math.isnan(high)) and high == low:
        return low
    return [low, None if high is None or (isinstance(high, float) and math.isnan(high))
            else high]


def headline(table: pd.DataFrame) -> dict:
    """numbers.json: counts per status and, per claim, its status and the figures compared."""
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    return {
        "claims": int(len(table)),
        "status_counts": status_counts(table),
        "article_claims": int(len(charted)),
        "article_status_counts": status_counts(charted),
        "by_claim": {r["claim_id"]: {"status": r["status"],
                                     "claimed": _value(r["claimed_low"], r["claimed_high"]),
                                     "recomputed": _value(r["recomputed_low"],
                                                          r["recomputed_high"])}
                     for _, r in table.iterrows()},
    }


# --- text ----------------------------------------------------------------------------------------

UNITS = {
    "people": ("{v} people", "{v} personas"),
    "count": ("{v}", "{v}"),
    "per_100k": ("{v} per 100,000", "{v} por 100\u202f000"),
    "year": ("{v}", "{v}"),
    "percent": ("{v}%", "{v} %"),
    "usd": ("US${v}", "US${v}"),
    "usd_per_month": ("US${v} a month", "US${v} al mes"),
    "usd_per_detainee_month": ("US${v} per detainee per month", "US${v} por detenido al mes"),
    "ha": ("{v} ha", "{v} ha"),
    "m": ("{v} m", "{v} m"),
    "cm": ("{v} cm", "{v} cm"),
    "m2": ("{v} m²", "{v} m²"),
    "m2_per_person": ("{v} m² per person", "{v} m² por persona"),
    "people_per_cell": ("{v} per cell", "{v} por celda"),
    "bunks_per_cell": ("{v} bunks per cell", "{v} literas por celda"),
    "places_per_cell": ("{v} sleeping places per cell", "{v} plazas para dormir por celda"),
    "tiers": ("{v} tiers", "{v} pisos"),
    "days": ("{v} days", "{v} días"),
    "minutes": ("{v} minutes", "{v} minutos"),
    "ratio": ("{v} times", "{v} veces"),
}

TEXT = {
    "en": {
        "status": {"consistent": "consistent", "imprecise": "imprecise",
                   "inconsistent": "inconsistent", "unverifiable": "unverifiable"},
        "topics": {"capacity": "Capacity and cells", "density": "Space per person",
                   "occupancy": "People per cell", "costs": "Money", "staff": "Staff",
                   "population": "Population", "arrests": "Arrests",
                   "homicides": "Homicides", "deportations": "Deportations",
                   "land": "Land and buildings", "facility": "Walls, towers, rules"},
        "plural": {"consistent": "consistent", "imprecise": "imprecise",
                   "inconsistent": "inconsistent", "unverifiable": "unverifiable"},
        "kinds": {"article": "stated", "implied": "implied", "headline": "published"},
        "consistent": "{claimed} agrees with {relation}: {recomputed}{tolerance}",
        "inconsistent": "{claimed} does not hold; {relation}: {recomputed}",
        "imprecise_working": "{claimed} is right ({relation}: {recomputed}), but the working "
                             "shown, {working}, gives {working_value}",
        "override_imprecise": "{claimed} matches {relation} ({recomputed_plain}), but {note}",
        "override_unverifiable": "{relation}: {recomputed}, but {note}",
        "missing": "Nothing in the data to check {claimed} against ({relation}): {note}",
        "unverified": "{relation}: {recomputed}, but only unverified claims say so "
                      "({sources})",
        "circular_agrees": "{relation}: {recomputed}, but only Wikipedia or the article "
                           "itself says so ({sources})",
        "circular_disagrees": "{claimed} does not hold; {relation}: {recomputed}; the article "
                              "departs even from its likely source ({sources})",
        "implied": "{working} = {claimed}",
        "working_ok": "; the working {working} = {working_value} holds",
        "working_bad": "; the working shown, {working}, gives {working_value}",
        "tolerance_abs": " (within ±{value})",
        "tolerance_rel": " (within ±{value}%)",
        "or_more": "{v} or more",
        "chart_title": "{ok} of the article's {n} figures check out; {bad} do not",
        "chart_subtitle": "Numeric claims of the source article by topic and status, "
                          "recomputed from the project's sourced data ({implied} are implied "
                          "by the article's own arithmetic)",
        "chart_axis": "claims",
        "chart_note": "Each claim checked against data/ ({n} sources; every claim's sources "
                      "in ledger.csv).",
        "chart_alt": "Horizontal stacked bar chart of the {n} numeric claims in the source "
                     "article by topic: {consistent} consistent, {imprecise} imprecise, "
                     "{inconsistent} inconsistent and {unverifiable} unverifiable; {top} has "
                     "the most claims ({top_n}).",
        "md_title": "Claims ledger: every number in the source article, recomputed",
        "md_summary": "{n} figures of the article ({implied} of them implied by its own "
                      "arithmetic): {counts}. {headline} numbers published by the other "
                      "notebooks are traced below.",
        "md_statuses": "*consistent*: the data give the same figure, within the stated "
                       "tolerance; *inconsistent*: the arithmetic or an independent source "
                       "says otherwise; *imprecise*: the figure is right, but not its working, "
                       "unit or attribution; *unverifiable*: no independent source in the data.",
        "md_columns": ["Id", "Topic", "Quote (article)", "Claimed", "Recomputed", "Status",
                       "Explanation"],
        "md_published": "Numbers published by the other notebooks",
        "md_published_columns": ["Id", "Number", "numbers.json key", "Asserted by",
                                 "Published", "Recomputed", "Status"],
        "md_generated": "Generated by notebooks/04-claims.ipynb from data/claims.csv; the "
                        "data behind it: ledger.csv.",
    },
    "es": {
        "status": {"consistent": "consistente", "imprecise": "imprecisa",
                   "inconsistent": "inconsistente", "unverifiable": "no verificable"},
        "topics": {"capacity": "Capacidad y celdas", "density": "Espacio por persona",
                   "occupancy": "Personas por celda", "costs": "Dinero", "staff": "Personal",
                   "population": "Población", "arrests": "Capturas",
                   "homicides": "Homicidios", "deportations": "Deportaciones",
                   "land": "Terreno y edificios", "facility": "Muros, torres, reglas"},
        "plural": {"consistent": "consistentes", "imprecise": "imprecisas",
                   "inconsistent": "inconsistentes", "unverifiable": "no verificables"},
        "kinds": {"article": "afirmada", "implied": "implícita", "headline": "publicada"},
        "consistent": "{claimed} concuerda con {relation}: {recomputed}{tolerance}",
        "inconsistent": "{claimed} no se sostiene; {relation}: {recomputed}",
        "imprecise_working": "{claimed} es correcto ({relation}: {recomputed}), pero el cálculo "
                             "que muestra, {working}, da {working_value}",
        "override_imprecise": "{claimed} coincide con {relation} ({recomputed_plain}), pero "
                              "{note}",
        "override_unverifiable": "{relation}: {recomputed}, pero {note}",
        "missing": "No hay nada en los datos con qué contrastar {claimed} ({relation}): {note}",
        "unverified": "{relation}: {recomputed}, pero solo lo afirman fuentes sin verificar "
                      "({sources})",
        "circular_agrees": "{relation}: {recomputed}, pero solo lo dicen Wikipedia o el "
                           "propio artículo ({sources})",
        "circular_disagrees": "{claimed} no se sostiene; {relation}: {recomputed}; el artículo "
                              "se aparta incluso de su fuente probable ({sources})",
        "implied": "{working} = {claimed}",
        "working_ok": "; el cálculo {working} = {working_value} es correcto",
        "working_bad": "; el cálculo que muestra, {working}, da {working_value}",
        "tolerance_abs": " (margen ±{value})",
        "tolerance_rel": " (margen ±{value} %)",
        "or_more": "{v} o más",
        "chart_title": "{ok} de las {n} cifras del artículo se sostienen; {bad} no",
        "chart_subtitle": "Afirmaciones numéricas del artículo de origen por tema y estado, "
                          "recalculadas con los datos del proyecto ({implied} se deducen de la "
                          "aritmética del propio artículo)",
        "chart_axis": "afirmaciones",
        "chart_note": "Cada afirmación contrastada con data/ ({n} fuentes; las de cada "
                      "afirmación, en ledger.csv).",
        "chart_alt": "Gráfico de barras horizontales apiladas de las {n} afirmaciones numéricas "
                     "del artículo de origen por tema: {consistent} consistentes, {imprecise} "
                     "imprecisas, {inconsistent} inconsistentes y {unverifiable} no "
                     "verificables; {top} reúne más afirmaciones ({top_n}).",
        "md_title": "Verificación: cada cifra del artículo de origen, recalculada",
        "md_summary": "{n} cifras del artículo ({implied} implícitas en su propia aritmética): "
                      "{counts}. Más abajo se rastrean {headline} cifras que publican los otros "
                      "cuadernos.",
        "md_statuses": "*consistente*: los datos dan la misma cifra, dentro del margen "
                       "indicado; *inconsistente*: la aritmética o una fuente independiente dice "
                       "otra cosa; *imprecisa*: la cifra es correcta, pero no su cálculo, unidad "
                       "o atribución; *no verificable*: no hay fuente independiente en los "
                       "datos.",
        "md_columns": ["Id", "Tema", "Cita (artículo, en inglés)", "Afirmado", "Recalculado",
                       "Estado", "Explicación"],
        "md_published": "Cifras publicadas por los otros cuadernos",
        "md_published_columns": ["Id", "Cifra", "Clave en numbers.json", "Verificada por",
                                 "Publicada", "Recalculada", "Estado"],
        "md_generated": "Generado por notebooks/04-claims.ipynb a partir de data/claims.csv; "
                        "los datos detrás: ledger.csv.",
    },
}


def fmt_number(value: float, lang: str, unit: str = "") -> str:
    if unit == "year":
        return str(int(round(value)))
    digits = 2 if abs(value) >= 100 else 3
    return number(value, lang, digits)


def fmt_span(span: Span | None, unit: str, lang: str, with_unit: bool = True) -> str:
    if span is None:
        return "–"
    if span.is_point:
        text = fmt_number(span.low, lang, unit)
    elif span.open_ended:
        text = TEXT[lang]["or_more"].format(v=fmt_number(span.low, lang, unit))
    else:
        text = f"{fmt_number(span.low, lang, unit)}–{fmt_number(span.high, lang, unit)}"
    return UNITS[unit][0 if lang == "en" else 1].format(v=text) if with_unit else text


def render(node, lang: str, evaluation: Evaluation) -> str:
    """An expression with each reference replaced by its figure: 40,000 × 256."""
    kind = node[0]
    if kind == "num":
        return fmt_number(node[1], lang)
    if kind == "ref":
        return fmt_span(evaluation.resolve(node[1])[0].span, "count", lang, with_unit=False)
    if kind == "group":
        return f"({render(node[1], lang, evaluation)})"
    if kind == "call":
        return f"{node[1]}({', '.join(render(a, lang, evaluation) for a in node[2])})"
    symbol = {"+": "+", "-": "−", "*": "×", "/": "÷"}[node[1]]
    return f"{render(node[2], lang, evaluation)} {symbol} {render(node[3], lang, evaluation)}"


def explain(record, f: dict, lang: str) -> str:
    """One line, in English or Spanish, saying why the claim has its status."""
    t = TEXT[lang]
    unit = f["unit"]
    relation = _text(record[f"expected_relation_{lang}"])
    note = _text(record[f"note_{lang}"])
    working = working_value = ""
    if f["working_node"] is not None:
        own = {k: v for k, v in f["figures"].items() if k != record["claim_id"]}
        working = render(f["working_node"], lang, Evaluation(f["data"], own))
        working_value = fmt_span(f["working"], unit, lang, with_unit=False)
    claimed = fmt_span(f["claimed"], unit, lang)
    if f["kind"] == "implied":
        claimed = t["implied"].format(working=working, claimed=claimed)
    kind, value = f["tolerance"]
    tolerance = ""
    if value >= 0.001:  # a margin for binary floats only is not worth printing
        shown = fmt_number(value * 100 if kind == "rel" else value, lang)
        tolerance = t[f"tolerance_{kind}"].format(value=shown)
    fields = dict(claimed=claimed, recomputed=fmt_span(f["recomputed"], unit, lang),
                  recomputed_plain=fmt_span(f["recomputed"], unit, lang, with_unit=False),
                  relation=relation, tolerance=tolerance, note=note, working=working,
                  working_value=working_value, sources=", ".join(f["support_ids"]))
    reason, status = f["reason"], f["status"]
    note_used = False
    if reason == "override":
        key = f"override_{status}"
        text = t[key].format(**fields)
        note_used = True
    elif reason == "missing":
        text, note_used = t["missing"].format(**fields), True
    elif reason == "unverified":
        text = t["unverified"].format(**fields)
    elif reason == "circular":
        text = t["circular_agrees" if status == "unverifiable" else "circular_disagrees"] \
            .format(**fields)
    elif status == "imprecise":
        text = t["imprecise_working"].format(**fields)
    else:
        text = t[status].format(**fields)
    text = text[:1].upper() + text[1:]
    if f["working_node"] is not None and f["kind"] != "implied" and status != "imprecise":
        text += t["working_ok" if f["working_ok"] else "working_bad"].format(**fields)
    if f["context"] is not None:
        label = _text(record[f"context_{lang}"])
        text += f"; {label}: {fmt_span(f['context'], unit, lang)}"
    if note and not note_used:
        text += f"; {note}"
    return text + "."


# --- tables --------------------------------------------------------------------------------------

def _span_of(low, high) -> Span | None:
    if low is None or (isinstance(low, float) and math.isnan(low)):
        return None
    if high is None or (isinstance(high, float) and math.isnan(high)):
        return Span(float(low), math.inf)
    return Span(float(low), float(high))


def display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ledger as people read it: figures with units, status and explanation in `lang`."""
    t = TEXT[lang]
    rows = []
    for _, r in table.sort_values("claim_id").iterrows():
        rows.append({
            "claim_id": r["claim_id"],
            "topic": t["topics"][r["topic"]],
            "kind": t["kinds"][r["kind"]],
            "quote": r["quote"],
            "claimed": fmt_span(_span_of(r["claimed_low"], r["claimed_high"]), r["unit"], lang),
            "recomputed": fmt_span(_span_of(r["recomputed_low"], r["recomputed_high"]),
                                   r["unit"], lang),
            "status": t["status"][r["status"]],
            "explanation": r[f"explanation_{lang}"],
        })
    return pd.DataFrame(rows)


def report(table: pd.DataFrame, lang: str, statuses=STATUSES, kinds=CHARTED_KINDS) -> str:
    """Plain text for the notebook: each claim, its quote, and the one-line explanation."""
    chosen = table[table["status"].isin(statuses) & table["kind"].isin(kinds)]
    lines = []
    for _, r in display(chosen, lang).iterrows():
        lines.append(f"{r['claim_id']} [{r['status']}] \"{r['quote']}\"")
        lines.append(f"    {r['explanation']}")
    return "\n".join(lines)


def trace(table: pd.DataFrame, claim_id: str, lang: str = "en") -> str:
    """How one claim was checked: its expressions, the figures they give, and the verdict."""
    r = table.set_index("claim_id").loc[claim_id]
    claimed = fmt_span(_span_of(r["claimed_low"], r["claimed_high"]), r["unit"], lang)
    recomputed = fmt_span(_span_of(r["recomputed_low"], r["recomputed_high"]), r["unit"], lang)
    lines = [f"{claim_id} \"{r['quote']}\" ({r['kind']}, {r['unit']}): claimed {claimed}",
             f"  check    {r['check'] or '(none)'}",
             f"           = {recomputed}  [{r['relation']}, tolerance {r['tolerance']}]"]
    if r["working"]:
        working = fmt_span(_span_of(r["working_low"], r["working_high"]), r["unit"], lang)
        lines += [f"  working  {r['working']}", f"           = {working}"]
    lines.append(f"  status   {r['status']} ({r['basis']}): {r[f'explanation_{lang}']}")
    return "\n".join(lines)


def _counts_text(counts: dict, lang: str) -> str:
    t = TEXT[lang]
    return ", ".join(f"{n} {t['status' if n == 1 else 'plural'][s]}" for s, n in counts.items())


def _md_cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(table: pd.DataFrame, lang: str) -> str:
    t = TEXT[lang]
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    published = table[table["kind"] == "headline"]
    lines = [f"# {t['md_title']}", "",
             t["md_summary"].format(n=len(charted), implied=int((charted["kind"] ==
                                                                  "implied").sum()),
                                    counts=_counts_text(status_counts(charted), lang),
                                    headline=len(published)), "",
             t["md_statuses"], "",
             "| " + " | ".join(t["md_columns"]) + " |",
             "|" + "---|" * len(t["md_columns"])]
    for _, r in display(charted, lang).iterrows():
        quote = f"“{r['quote']}”" + (f" ({r['kind']})" if r["kind"] == t["kinds"]["implied"]
                                     else "")
        cells = [r["claim_id"], r["topic"], quote, r["claimed"], r["recomputed"],
                 f"**{r['status']}**", r["explanation"]]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    lines += ["", f"## {t['md_published']}", "",
              "| " + " | ".join(t["md_published_columns"]) + " |",
              "|" + "---|" * len(t["md_published_columns"])]
    shown = display(published, lang).set_index("claim_id")
    for _, r in published.sort_values("claim_id").iterrows():
        d = shown.loc[r["claim_id"]]
        cells = [r["claim_id"], r["quote"], f"`{r['published_key']}`", f"`{r['asserted_by']}`",
                 d["claimed"], d["recomputed"], f"**{d['status']}**"]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    lines += ["", t["md_generated"], ""]
    return "\n".join(lines)


def html_fragment(table: pd.DataFrame, lang: str) -> str:
    """The same ledger as an HTML fragment (the report site embeds it)."""
    t = TEXT[lang]
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    esc = html.escape
    summary = t["md_summary"].format(
        n=len(charted), implied=int((charted["kind"] == "implied").sum()),
        counts=_counts_text(status_counts(charted), lang),
        headline=int((table["kind"] == "headline").sum()))
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in t["md_columns"])
    body = []
    for _, r in display(table, lang).iterrows():
        cells = [r["claim_id"], r["topic"], f"“{r['quote']}” ({r['kind']})", r["claimed"],
                 r["recomputed"], r["status"], r["explanation"]]
        body.append("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in cells) + "</tr>")
    statuses = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", esc(t["md_statuses"]))
    return (f"<p>{esc(summary)}</p>\n<p>{statuses}</p>\n"
            f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>\n")


def write_tables(table: pd.DataFrame, output_dir) -> list[Path]:
    """ledger.<lang>.md and ledger.<lang>.html in every language (ledger.csv is the chart data)."""
    out = resolve_output_dir(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in TEXT:
        for suffix, text in (("md", markdown(table, lang)), ("html", html_fragment(table, lang))):
            path = out / f"ledger.{lang}.{suffix}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def chart_data(table: pd.DataFrame) -> pd.DataFrame:
    """The ledger as published in ledger.csv: the data behind the chart, rounded for print."""
    columns = ["claim_id", "kind", "section", "topic", "quote", "unit", "claimed_low",
               "claimed_high", "relation", "tolerance", "check", "working", "recomputed_low",
               "recomputed_high", "difference", "working_low", "working_high", "status", "basis",
               "data_source_ids", "explanation_en", "explanation_es", "published_key",
               "asserted_by", "source_id"]
    out = table[columns].sort_values("claim_id").reset_index(drop=True).copy()
    for column in ("claimed_low", "claimed_high", "recomputed_low", "recomputed_high",
                   "difference", "working_low", "working_high"):
        out[column] = [None if v is None or pd.isna(v) else round(float(v), 6)
                       for v in out[column]]
    return out


def source_ids(table: pd.DataFrame) -> list[str]:
    """The article, then every source whose data the checks used, sorted."""
    ids = {i for value in table["data_source_ids"] for i in _split(value)}
    return ["ARTICLE"] + sorted(ids - {"ARTICLE"})


def as_of(table: pd.DataFrame) -> str:
    """The latest date of any dated row a check used."""
    dates = [d for d in table["latest_date"] if isinstance(d, str)]
    return max(dates)


STATUS_COLOURS = {"consistent": PALETTE["teal"], "imprecise": PALETTE["gold"],
                  "inconsistent": PALETTE["accent"], "unverifiable": PALETTE["grey"]}


def chart_status_by_topic(table: pd.DataFrame, *, lang: str, output_dir, as_of: str):
    """Claims of the article by topic, stacked by status. The footer cites the article; the
    sources of every check (several dozen) are listed claim by claim in ledger.csv."""
    t = TEXT[lang]
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    counts = pd.crosstab(charted["topic"], charted["status"]) \
        .reindex(columns=list(STATUSES), fill_value=0)
    totals = counts.sum(axis=1)
    order = sorted(counts.index, key=lambda topic: (-totals[topic], t["topics"][topic]))
    fig, ax = new_chart(height=6.4)
    fig.subplots_adjust(left=0.25, bottom=0.17)
    ax.set_axisbelow(True)
    y = np.arange(len(order))[::-1]
    left = np.zeros(len(order))
    overall = status_counts(charted)
    for status in STATUSES:
        values = counts.loc[order, status].to_numpy()
        ax.barh(y, values, left=left, color=STATUS_COLOURS[status], height=0.66,
                label=f"{t['status'][status]} ({overall[status]})")
        for yy, start, value in zip(y, left, values):
            if value:
                ax.text(start + value / 2, yy, str(int(value)), ha="center", va="center",
                        fontsize=9, color="white" if status != "imprecise" else PALETTE["ink"])
        left += values
    ax.set_yticks(y, [t["topics"][topic] for topic in order])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t["chart_axis"])
    ax.set_xlim(0, max(totals) * 1.05)
    ax.legend(loc="lower right", fontsize=9)
    n = len(charted)
    top = order[0]
    fmt = dict(ok=overall["consistent"], n=n, bad=overall["inconsistent"],
               implied=int((charted["kind"] == "implied").sum()), top=t["topics"][top],
               top_n=int(totals[top]),
               **overall)
    return finalise_chart(
        fig, chart_id="ledger", lang=lang, title=t["chart_title"].format(**fmt),
        subtitle=t["chart_subtitle"].format(**fmt), source_ids=["ARTICLE"],
        data=chart_data(table), output_dir=output_dir, alt_text=t["chart_alt"].format(**fmt),
        as_of=as_of, note=t["chart_note"].format(n=len(source_ids(table)) - 1))
