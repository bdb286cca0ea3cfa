"""The ledger's own recomputation: references into data/, the expression language over them,
relations and tolerances. Every figure of data/claims.csv is checked here, independently of the
other stories' code; nothing here writes words for readers (see words.py).

`data/claims.csv` holds one row per numeric claim. The article's figure sits in `claimed_low` /
`claimed_high` (equal for a single figure; `claimed_high` empty for "more than"). Three columns
tell the ledger how to test it, and nothing else does: no figure is typed into the code or the
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

The rules of a row on its own (a figure or a working, notes for a judgement, context labels, the
tolerance's form) are checked by the loader (cecot.rules: claimed_figure, claim_explained); the
ledger checks what only evaluation can: that each expression parses and names existing rows.

References (operators + - * / stand between spaces):

    fact:<fact_id>[@<source_id>]     data/facility.csv; without @, the value most sources give
    cost:<item>[@<source_id>]        data/costs.csv; an item ending in * matches several rows
    pop:<report_id>[.low|.high]      data/population.csv; a range unless an end is named
    arrest:<YYYY-MM-DD>@<source_id>  data/arrests.csv
    hom:<year>.<series>.<measure>[@<source_id>]   data/homicides.csv; year or series may be *
    std:<standard_id>                data/space_standards.csv
    event:<event_id>[<n>]            the n-th number in the English label in data/events.csv
    chg:<change_id>                  data/published_changes.csv: a change as a source published it
    claim:<claim_id>[.low|.high]     a figure of the article (in `working` only)

Functions over references that match several rows: sum, count, min, max, span (lowest to
highest), median (of the distinct figures) and peak_year (the year of the highest value).
Inside a function, rows that disagree are each a figure (span(cost:X) is the range of what the
sources give for X); outside, a reference must name one figure. Numeric literals are limited to
unit factors (1, 12, 100, 10000): a figure belongs in `data/`, with its source.

One claim, several figures: a row whose `part_of` names another claim is a figure of that
claim (the parts of a payment, one deportation split by gang, the tiers of the "80 four-tiered
bunks"). Every figure is checked on its own; the claim takes the verdict of its weakest figure
(`claims`), so a fragment never counts as a claim of its own.

Status of a claim, in this order:
1. `status_override` (a judgement, always with a note saying why), unless the check's relation
   fails: then `inconsistent`, whatever the judgement; else
2. `unverifiable` when the check is empty (the note says what is missing), or when a reference
   rests only on rows marked unverified (in data/costs.csv, data/space_standards.csv or
   data/sources.csv);
3. for the article's own claims, a reference that rests only on the article or on Wikipedia
   (whose text the article follows: sources of kind `article` or `wikipedia` in
   data/sources.csv) cannot corroborate it: agreement is
   `unverifiable`, disagreement `inconsistent` (the article misquotes its own likely source);
4. `inconsistent` when the relation fails, `imprecise` when it holds but the working does not,
   `consistent` otherwise;
5. an implied claim whose relation fails while every figure of the article its working combines
   holds is `imprecise` ("combination"): the figures are right, the sum or share the text
   invites is not like for like (238 Venezuelans and 23 Salvadorans set against ~300
   Venezuelans).

Figures are `cecot.ranges.Span`s: "more than X" is open above (high None). Where a relation
compares ends, an open end is an infinity (`Span.ends()`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ... import data as cdata
from ...errors import DataError
from ...ranges import Span
from ...rules import OPEN_BELOW_KINDS

FILE = "data/claims.csv"
STATUSES = ("consistent", "imprecise", "inconsistent", "unverifiable")
KINDS = ("article", "implied", "headline")
CHARTED_KINDS = ("article", "implied")  # the article's figures; not the notebooks' own numbers
RELATIONS = ("eq", "within", "at_least", "at_most")
# A claim of several figures takes the verdict of its weakest: a contradicted figure outweighs an
# imprecise one, which outweighs one that cannot be checked.
SEVERITY = {"inconsistent": 3, "imprecise": 2, "unverifiable": 1, "consistent": 0}
# The claims were collected from an unpublished compilation that follows the English Wikipedia
# article (same structure and wording; see the ARTICLE and WIKI rows of data/sources.csv): a
# figure found only there, or only in the compilation itself, does not corroborate a claim.
# Kinds of source that cannot corroborate a claim (data/sources.csv `kind`): the compilation
# (`article`), and Wikipedia, where the claims circulate.
NOT_INDEPENDENT_KINDS = frozenset({"article", "wikipedia"})
UNIT_FACTORS = (1.0, 12.0, 100.0, 10000.0)  # ratio, months a year, per cent, m² per hectare
FUNCTIONS = ("sum", "count", "min", "max", "span", "median", "peak_year")
TABLES = ("facility", "costs", "population", "arrests", "homicides", "events",
          "published_changes", "space_standards", "sources")


# --- arithmetic on spans ------------------------------------------------------------------------

def apply(op: str, a: Span, b: Span) -> Span:
    """Interval arithmetic (cecot.ranges.Span): the smallest span holding every result of the
    two spans' ends."""
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        try:
            return a * b
        except ValueError:
            raise ValueError("an open-ended span cannot be multiplied by 0") from None
    return a / b  # ZeroDivisionError: "division by a span that includes 0"


def tolerance_of(text: str) -> tuple[str, float]:
    """('abs', X) or ('rel', X) from 'exact', 'abs:X' or 'rel:X'."""
    if text == "exact":
        return ("abs", 0.0)
    kind, _, value = text.partition(":")
    if kind not in ("abs", "rel") or not re.fullmatch(r"\d+(\.\d+)?", value):
        raise ValueError(f"'{text}' is not exact, abs:X or rel:X")
    return (kind, float(value))


def allowed(tolerance: tuple[str, float], claimed: float) -> float:
    """The margin a claimed figure is allowed under its tolerance."""
    kind, value = tolerance
    margin = value if kind == "abs" else value * abs(claimed)
    return margin + 1e-9 * max(1.0, abs(claimed))  # binary floats: 0.1 + 0.2 is 0.3


def close(claimed: float, found: float, tolerance) -> bool:
    if math.isinf(claimed) or math.isinf(found):
        return claimed == found
    return abs(found - claimed) <= allowed(tolerance, claimed)


def holds(relation: str, claimed: Span, found: Span, tolerance) -> bool:
    """Whether the recomputed span bears the claimed relation to the claimed span. Open ends
    are compared as infinities."""
    claimed_low, claimed_high = claimed.ends()
    found_low, found_high = found.ends()
    if relation == "eq":
        if claimed.open_above:  # "more than X": X is the figure to compare
            return close(claimed_low, found_low, tolerance)
        return close(claimed_low, found_low, tolerance) and \
            close(claimed_high, found_high, tolerance)
    if relation == "within":
        return claimed_low >= found_low - allowed(tolerance, claimed_low) and \
            claimed_high <= found_high + allowed(tolerance, claimed_high)
    if relation == "at_least":
        return found_low >= claimed_low - allowed(tolerance, claimed_low)
    if relation == "at_most":
        return found_high <= claimed_high + allowed(tolerance, claimed_high)
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


REF = re.compile(r"(fact|cost|pop|arrest|hom|std|event|chg|claim):\S+")
NUMBER = re.compile(r"\d+(\.\d+)?")
LABEL_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
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
    "chg": re.compile(r"chg:(?P<id>HC[0-9]+)"),
    "claim": re.compile(r"claim:(?P<id>CL[0-9]+)(\.(?P<end>low|high))?"),
}


class Problem(Exception):
    """A check that cannot be evaluated; becomes a DataError naming the claim's row and column."""


def split_ids(ids: str) -> tuple[str, ...]:
    return tuple(part for part in str(ids).split(";") if part)


def text_of(value) -> str:
    """A cell as text: empty for a missing value."""
    return "" if value is None or pd.isna(value) else str(value)


class Data:
    """The curated tables a check may refer to, and the rules to resolve a reference."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables = tables
        sources = tables["sources"]
        self.unverified_sources = set(sources.loc[sources["verification"] == "unverified",
                                                  "source_id"])
        self.not_independent = set(sources.loc[sources["kind"].isin(NOT_INDEPENDENT_KINDS),
                                               "source_id"])

    @classmethod
    def load(cls) -> "Data":
        return cls({name: cdata.load(name) for name in TABLES})

    def _row(self, table: str, key: str, source_id: str, flagged: bool = False,
             date=None) -> Row:
        ids = split_ids(source_id)
        unverified = flagged or (bool(ids) and all(i in self.unverified_sources for i in ids))
        day = None if date is None or pd.isna(date) else pd.Timestamp(date).date().isoformat()
        return Row(table, key, ids, unverified, day)

    @staticmethod
    def _one(frame: pd.DataFrame, what: str, source: str | None) -> pd.DataFrame:
        if source is not None:
            frame = frame[[source in split_ids(s) for s in frame["source_id"]]]
        if frame.empty:
            raise Problem(f"{what}{'@' + source if source else ''} matches no row")
        return frame

    def resolve(self, token: str, many: bool = False) -> list[Term]:
        """The rows a reference names, as terms. `many`: inside a function (span, sum...),
        where rows that disagree are each a term rather than an error."""
        kind = token.split(":", 1)[0]
        match = PATTERNS[kind].fullmatch(token) if kind in PATTERNS else None
        if match is None:
            raise Problem(f"'{token}' is not a valid reference")
        if kind == "cost":
            return self._cost(token, match, many)
        return getattr(self, f"_{kind}")(token, match)

    def _fact(self, token, m) -> list[Term]:
        table = self.tables["facility"]
        rows = self._one(table[table["fact_id"] == m["id"]], f"fact '{m['id']}'", m["src"])
        if m["src"] is None:
            # The article and Wikipedia do not vote on the value most sources give, and are not
            # cited beside independent rows; alone, they are what the claim rests on (circular).
            independent = rows[[not set(split_ids(s)) <= self.not_independent
                                for s in rows["source_id"]]]
            rows = independent if len(independent) else rows
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
        return [Term(token, Span.point(value),
                     tuple(self._row("facility", m["id"], s) for s in used["source_id"]))]

    def _cost(self, token, m, many: bool = False) -> list[Term]:
        table = self.tables["costs"]
        item = m["id"]
        if item.endswith("*"):
            rows = table[table["item"].str.startswith(item[:-1])]
        else:
            rows = table[table["item"] == item]
        rows = self._one(rows, f"cost '{item}'", m["src"])
        if rows["value"].isna().any():
            raise Problem(f"'{token}' matches a row with no value")
        terms = [Term(f"cost:{r.item}@{r.source_id}", Span.point(float(r.value)),
                      (self._row("costs", r.item, r.source_id, r.status == "unverified",
                                 date=r.date),))
                 for r in rows.sort_values(["item", "source_id"]).itertuples()]
        if item.endswith("*") or many:
            return terms
        if rows["value"].nunique() > 1:
            shown = ", ".join(f"{v:g}" for v in sorted(rows["value"].unique()))
            raise Problem(f"sources disagree on cost '{item}' ({shown}): name one with @SOURCE")
        return [Term(token, terms[0].span, tuple(r for t in terms for r in t.rows))]

    def _pop(self, token, m) -> list[Term]:
        table = self.tables["population"]
        rows = self._one(table[table["report_id"] == m["id"]], f"report '{m['id']}'", None)
        r = rows.iloc[0]
        span = Span.of_report(r["kind"], r["low"], r["high"])
        open_below = r["kind"] in OPEN_BELOW_KINDS
        if open_below:
            # "Up to 75": for a count of people, anything from 0 to 75 (the ledger's choice:
            # a count is never below 0, so the span is closed at 0 rather than left open).
            span = Span(0.0, span.high)
        if m["end"] == "low":
            if open_below:
                raise Problem(f"report '{m['id']}' is an upper bound: it has no low end")
            span = Span.point(span.low)
        elif m["end"] == "high":
            if span.open_above:
                raise Problem(f"report '{m['id']}' is a lower bound: it has no high end")
            span = Span.point(span.high)
        row = self._row("population", m["id"], r["source_id"], date=r["date"])
        return [Term(token, span, (row,))]

    def _arrest(self, token, m) -> list[Term]:
        table = self.tables["arrests"]
        day = pd.Timestamp(m["id"])
        rows = self._one(table[table["date"] == day], f"arrests on {m['id']}", m["src"])
        if len(rows) > 1:
            raise Problem(f"'{token}' matches {len(rows)} rows")
        r = rows.iloc[0]
        span = Span.of_report(r["kind"], r["low"], r["high"])  # a lower bound: open above
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
                              Span.point(float(r.value)),
                              (self._row("homicides", key, r.source_id),), year=int(r.year)))
        return terms

    def _std(self, token, m) -> list[Term]:
        table = self.tables["space_standards"]
        rows = self._one(table[table["standard_id"] == m["id"]], f"standard '{m['id']}'", None)
        r = rows.iloc[0]
        value = float(r["m2_per_person"])
        return [Term(token, Span.point(value), (self._row("space_standards", m["id"],
                                                          r["source_id"],
                                                          r["status"] == "unverified"),))]

    def _event(self, token, m) -> list[Term]:
        table = self.tables["events"]
        rows = self._one(table[table["event_id"] == m["id"]], f"event '{m['id']}'", None)
        r = rows.iloc[0]
        # Numbers as the label writes them: 2,000 is one number, not 2 and 000.
        found = LABEL_NUMBER.findall(r["label_en"])
        n = int(m["n"])
        if n > len(found):
            raise Problem(f"the label of event '{m['id']}' has {len(found)} numbers, not {n}")
        value = float(found[n - 1].replace(",", ""))
        return [Term(token, Span.point(value),
                     (self._row("events", m["id"], r["source_id"], date=r["date"]),))]

    def _chg(self, token, m) -> list[Term]:
        table = self.tables["published_changes"]
        rows = self._one(table[table["change_id"] == m["id"]], f"change '{m['id']}'", None)
        r = rows.iloc[0]
        return [Term(token, Span.point(float(r["percent"])),
                     (self._row("published_changes", m["id"], r["source_id"],
                                date=r["compared_end"]),))]


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

    def resolve(self, token: str, many: bool = False) -> list[Term]:
        if token.startswith("claim:"):
            m = PATTERNS["claim"].fullmatch(token)
            if m is None:
                raise Problem(f"'{token}' is not a valid reference")
            if m["id"] not in self.claims:
                raise Problem(f"'{token}' names no claim with a figure of its own")
            span = self.claims[m["id"]]
            if m["end"] == "low":
                span = Span.point(span.low)
            elif m["end"] == "high":
                span = Span.point(span.high)
            return [Term(token, span, (), claim=True)]
        return self.data.resolve(token, many)

    def value(self, node) -> Span:
        kind = node[0]
        if kind == "num":
            return Span.point(node[1])
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
            groups = [self.resolve(arg[1], many=True) for arg in node[2]]
            items = [term for group in groups for term in group]
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
        return Span.point(float(len(items)))
    ends = [t.span.ends() for t in items]  # an open end is an infinity, and stays open
    if name == "sum":
        return Span.from_ends(sum(low for low, _ in ends), sum(high for _, high in ends))
    if name == "min":
        return Span.from_ends(min(low for low, _ in ends), min(high for _, high in ends))
    if name == "max":
        return Span.from_ends(max(low for low, _ in ends), max(high for _, high in ends))
    if name == "span":
        return Span.from_ends(min(low for low, _ in ends), max(high for _, high in ends))
    if name == "median":  # of the distinct figures, as the homicides story combines a year
        if not all(t.span.is_point for t in items):
            raise Problem("median() needs single figures, not ranges")
        return Span.point(float(np.median(sorted({t.span.low for t in items}))))
    if any(t.year is None for t in items):
        raise Problem("peak_year() needs yearly rows (hom:)")
    top = max(high for _, high in ends)
    year = min(t.year for t, (_, high) in zip(items, ends) if high == top)  # a tie: earlier year
    return Span.point(float(year))


# --- the ledger ----------------------------------------------------------------------------------

def load_claims() -> pd.DataFrame:
    """data/claims.csv, through the loader (which applies the row rules of cecot.rules)."""
    return cdata.load("claims")


def fail(row: int, column: str, message: str):
    raise DataError(FILE, message, row=row, column=column)


def claimed_span(record) -> Span | None:
    """The article's figure: one figure, a range, or "more than" (claimed_high empty). The
    loader has checked the row (cecot.rules.claimed_figure)."""
    if pd.isna(record["claimed_low"]):
        return None
    return Span(record["claimed_low"], record["claimed_high"])


def support(terms: list[Term], kind: str, not_independent: set[str]) -> tuple[str, list[str]]:
    """'unverified', 'circular' or 'data', and the source ids behind that verdict."""
    data_terms = [t for t in terms if not t.claim and t.rows]

    def ids(selected):
        return sorted({i for t in selected for r in t.rows for i in r.source_ids})

    unverified = [t for t in data_terms if all(r.unverified for r in t.rows)]
    if unverified:
        return "unverified", ids(unverified)
    if kind != "headline":
        circular = [t for t in data_terms
                    if all(set(r.source_ids) <= not_independent for r in t.rows)]
        if circular:
            return "circular", ids(circular)
    return "data", ids(data_terms)


def point_or_range(span: Span | None):
    """A span's two ends for the table: (low, None) for "more than"."""
    if span is None:
        return None, None
    return span.low, span.high


@dataclass(frozen=True)
class Verdict:
    """What the ledger found about one claim, before any word is written: everything the
    explanation of its status (words.explain) needs, in no language."""

    record: dict[str, Any]  # the row of data/claims.csv
    claimed: Span
    recomputed: Span | None
    working: Span | None
    working_node: Any
    working_ok: bool | None
    context: Span | None
    support_ids: list[str]
    reason: str  # override, missing, unverified, circular, relation, working or combination
    status: str
    passed: bool | None  # whether the recomputed figure bears the claimed relation (None: no check)
    tolerance: tuple[str, float]
    figures: dict[str, Span]  # the article's own figures, by claim id
    data: Data

    @property
    def kind(self) -> str:
        return self.record["kind"]

    @property
    def unit(self) -> str:
        return self.record["unit"]

    @property
    def claim_id(self) -> str:
        return self.record["claim_id"]


@dataclass
class Evaluated:
    """The ledger: one row per claim (recomputed value, status, provenance), sorted by claim
    id, and each claim's verdict for its explanation."""

    table: pd.DataFrame
    verdicts: dict[str, Verdict]


def evaluate(claims: pd.DataFrame, data: Data) -> Evaluated:
    """Every claim's recomputed value and status. A check, working or context that does not
    parse or names no row is a DataError naming the claim's row and column."""
    claims = claims.reset_index(drop=True)
    rows = {record["claim_id"]: index + 2 for index, record in claims.iterrows()}
    figures: dict[str, Span] = {}
    for _, record in claims.iterrows():
        span = claimed_span(record)
        if record["kind"] != "implied" and span is not None:
            figures[record["claim_id"]] = span
    out, verdicts = [], {}
    for index, record in claims.iterrows():
        result, verdict = evaluate_one(record, index + 2, data, figures, rows)
        out.append(result)
        verdicts[verdict.claim_id] = verdict
    check_parts(claims, rows)
    for result in out:
        verdict = verdicts[result["claim_id"]]
        if combined_right(verdict, verdicts):
            verdicts[verdict.claim_id] = replace(verdict, status="imprecise",
                                                 reason="combination")
            result.update(status="imprecise", basis="combination")
    table = pd.DataFrame(out).sort_values("claim_id", kind="stable").reset_index(drop=True)
    return Evaluated(table, verdicts)


def combined_right(verdict: Verdict, verdicts: dict[str, Verdict]) -> bool:
    """An implied claim the data contradict, although every figure of the article its working
    combines is right: the figures hold, the comparison the text invites does not."""
    if verdict.kind != "implied" or verdict.status != "inconsistent" or \
            verdict.reason != "relation" or verdict.working_node is None:
        return False
    used = {token.split(":")[1].split(".")[0] for token in references(verdict.working_node)
            if token.startswith("claim:")}
    return bool(used) and all(verdicts[claim_id].passed for claim_id in used)


def check_parts(claims: pd.DataFrame, rows: dict[str, int]) -> None:
    """A figure is part of a claim of the article that is not itself a part."""
    parts = {r["claim_id"]: text_of(r["part_of"]) for _, r in claims.iterrows()}
    for claim_id, whole in parts.items():
        if not whole:
            continue
        if whole not in parts:
            fail(rows[claim_id], "part_of", f"'{whole}' names no claim in {FILE}")
        if parts[whole]:
            fail(rows[claim_id], "part_of", f"{whole} is itself part of {parts[whole]}: name "
                                            f"{parts[whole]}")
        kinds = {claims.loc[claims["claim_id"] == i, "kind"].iloc[0] for i in (claim_id, whole)}
        if "headline" in kinds:
            fail(rows[claim_id], "part_of", "a number the collection publishes is no part of "
                                            "a claim of the article")


def expression(text: str, row: int, column: str, data: Data, claims: dict | None):
    """Parse and evaluate one expression of a claim: (tree, span, terms used)."""
    try:
        node = parse(text)
        if claims is None and any(t.startswith("claim:") for t in references(node)):
            raise Problem("a claim of the article may appear in `working` only: the recomputed "
                          "value comes from the data")
        evaluation = Evaluation(data, claims)
        span = evaluation.value(node)
    except Problem as err:
        fail(row, column, str(err))
    return node, span, evaluation.terms


def parse_or_fail(text: str, row: int, column: str):
    try:
        return parse(text)
    except Problem as err:
        fail(row, column, str(err))


def evaluate_one(record, row: int, data: Data, figures: dict, rows: dict):
    kind, claim_id = record["kind"], record["claim_id"]
    tolerance = tolerance_of(record["tolerance"])
    check_text = text_of(record["check"])
    working_text = text_of(record["working"])
    override = text_of(record["status_override"])
    claimed = figures.get(claim_id)
    working = working_node = None
    if working_text:
        own = {k: v for k, v in figures.items() if k != claim_id}
        for token in references(parse_or_fail(working_text, row, "working")):
            if token.startswith("claim:") and token.split(":")[1].split(".")[0] not in rows:
                fail(row, "working", f"'{token}' names no claim in {FILE}")
        working_node, working, _ = expression(working_text, row, "working", data, own)
        if claimed is None:
            claimed = working
    recomputed, terms = None, []
    if check_text:
        _, recomputed, terms = expression(check_text, row, "check", data, None)
    context, context_terms = None, []
    context_text = text_of(record["context"])
    if context_text:
        _, context, context_terms = expression(context_text, row, "context", data, None)

    relation = record["relation"]
    basis, support_ids = support(terms, kind, data.not_independent)
    passed = holds(relation, claimed, recomputed, tolerance) if recomputed is not None else None
    working_ok = None
    if working is not None and kind != "implied":
        working_ok = holds("eq", claimed, working, tolerance)
    if override and passed is False:
        # A judgement qualifies a figure the data confirm; it never hides one they contradict.
        status, reason = "inconsistent", "relation"
    elif override:
        status, reason = override, "override"
    elif recomputed is None:
        status, reason = "unverifiable", "missing"
    elif basis == "unverified":
        status, reason = "unverifiable", "unverified"
    elif basis == "circular":
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
    context_ids = sorted({i for t in context_terms for r in t.rows for i in r.source_ids})
    context_dates = sorted({r.date for t in context_terms for r in t.rows if r.date})
    result = {
        "claim_id": claim_id, "kind": kind, "section": record["section"],
        "topic": record["topic"], "quote": record["quote"],
        "quote_es": text_of(record.get("quote_es")), "unit": record["unit"],
        "relation": relation, "tolerance": record["tolerance"],
        "claimed_low": point_or_range(claimed)[0], "claimed_high": point_or_range(claimed)[1],
        "recomputed_low": point_or_range(recomputed)[0],
        "recomputed_high": point_or_range(recomputed)[1],
        "difference": difference,
        "working_low": point_or_range(working)[0] if working_text else None,
        "working_high": point_or_range(working)[1] if working_text else None,
        "status": status, "basis": reason if reason in ("missing", "unverified", "circular",
                                                        "override") else basis,
        "check": check_text, "working": working_text,
        "data_source_ids": ";".join(data_ids), "latest_date": dates[-1] if dates else None,
        "context_source_ids": ";".join(context_ids),
        "context_date": context_dates[-1] if context_dates else None,
        "part_of": text_of(record["part_of"]),
        "published_key": text_of(record["published_key"]),
        "asserted_by": text_of(record["asserted_by"]), "source_id": record["source_id"],
    }
    verdict = Verdict(record=dict(record), claimed=claimed, recomputed=recomputed,
                      working=working, working_node=working_node, working_ok=working_ok,
                      context=context, support_ids=support_ids, reason=reason, status=status,
                      passed=passed, tolerance=tolerance, figures=figures, data=data)
    return result, verdict


def ledger() -> Evaluated:
    """The ledger of data/claims.csv against the curated data."""
    return evaluate(load_claims(), Data.load())


def status_counts(table: pd.DataFrame, kinds=None) -> dict[str, int]:
    if kinds is not None:
        table = table[table["kind"].isin(kinds)]
    return {status: int((table["status"] == status).sum()) for status in STATUSES}


def claim_of(table: pd.DataFrame) -> pd.Series:
    """For each row of the ledger, the claim it belongs to: its own id, or the claim it is a
    figure of (`part_of`)."""
    return pd.Series([r["part_of"] if isinstance(r["part_of"], str) and r["part_of"]
                      else r["claim_id"] for _, r in table.iterrows()], index=table.index)


def decisive(rows: pd.DataFrame, claim_id: str) -> str:
    """The figure that gives a claim its verdict: the weakest; among equals, the claim's own
    row, else the first."""
    worst = max(SEVERITY[s] for s in rows["status"])
    candidates = list(rows.loc[rows["status"].map(SEVERITY) == worst, "claim_id"])
    return claim_id if claim_id in candidates else sorted(candidates)[0]


def claims(table: pd.DataFrame, kinds=CHARTED_KINDS) -> pd.DataFrame:
    """One row per claim of the article (a claim of several figures counted once), in the
    order of the text: its verdict (that of its weakest figure), the figure that decides it,
    and how many figures it has."""
    chosen = table[table["kind"].isin(kinds)].copy()
    chosen["claim"] = claim_of(chosen)
    out = []
    for claim_id, rows in chosen.groupby("claim", sort=True):
        main = rows[rows["claim_id"] == claim_id].iloc[0]
        decider = decisive(rows, claim_id)
        out.append({"claim": claim_id, "kind": main["kind"], "topic": main["topic"],
                    "section": main["section"],
                    "status": rows.set_index("claim_id").loc[decider, "status"],
                    "decided_by": decider, "figures": int(len(rows)),
                    "parts": ";".join(sorted(set(rows["claim_id"]) - {claim_id}))})
    columns = ["claim", "kind", "topic", "section", "status", "decided_by", "figures", "parts"]
    return pd.DataFrame(out, columns=columns).reset_index(drop=True)
