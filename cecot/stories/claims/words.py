"""Every word of the claims ledger: the sentence that explains each claim's verdict, what the
data say about it, the chart's text, the ledger page (`ledger_page`), the story page (`page`)
and what the notebook prints (`sentences`). text.yml and data/claims.csv hold the sentences in
both languages; numbers are formatted by cecot.fmt. No internal id or field name reaches a
reader: claim ids only key the tables."""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from ... import fmt
from ...computed import Computed
from ...ranges import Span
from ...sources import KIND_ORDER, PRESS_KINDS, credited, credits, register
from ...words import ChartText, PageText, Text, credit_name
from .ledger import CHARTED_KINDS, STATUSES, Evaluation, Verdict, text_of

STORY = "claims"
OPERATORS = {"+": "+", "-": "−", "*": "×", "/": "÷"}  # as an expression is printed
PER_100K = 100_000  # the base of a rate "per 100,000"
# The order of a count in words, of the chart's bars top to bottom and of the ledger page's
# groups: from what holds to what does not, then what cannot be checked.
HOLDS_FIRST = ("consistent", "imprecise", "inconsistent", "unverifiable")
# Each verdict's colour in the house style (cecot.style.MEANINGS).
MEANING = {"consistent": "holds", "imprecise": "imprecise", "inconsistent": "does_not_hold",
           "unverifiable": "not_established"}


def text(lang: str) -> Text:
    return Text(STORY, lang)


def capitalised(value: str) -> str:
    return value[:1].upper() + value[1:]


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# --- figures -------------------------------------------------------------------------------------

MONEY_UNITS = ("usd", "usd_per_month", "usd_per_detainee_month")


def figure(value: float, lang: str, unit: str = "") -> str:
    """One figure of a claim: a year as written (2015), money as money (100 million), a share
    with one decimal, anything else by cecot.fmt with at most two decimals."""
    if unit == "year":
        return str(int(round(value)))
    if unit in MONEY_UNITS:
        return fmt.money(value, lang)
    if unit == "percent":
        return fmt.percent(value, lang, 1)
    return fmt.number(value, lang, 2)


def bare(span: Span | None, unit: str, lang: str) -> str:
    """A span as a number alone (money keeps its sign): 87 · 10,000–20,000 · US$4,637–4,909 ·
    79.3%; "more than 62,000" as 62,000 (the sentence says "more than" in its own words)."""
    if span is None:
        return fmt.span(Span(None, None), lang)
    if span.high is None and span.low is not None:
        span = Span.point(span.low)
    if unit in MONEY_UNITS and span.high is not None and span.low is not None:
        return "US$" + fmt.money_range(span.low, span.high, lang)
    shown = fmt.span(span, lang, unit=lambda v, lang_: figure(v, lang_, unit))
    return f"US${shown}" if unit in MONEY_UNITS and not shown.startswith(("more", "más",
                                                                          "up", "hasta")) \
        else shown


def span_text(span: Span | None, unit: str, lang: str) -> str:
    """A span with its unit: 156.25 per cell · 10,000–20,000 people · more than 62,000 people ·
    US$4.7–4.76 million · 79.3%."""
    if span is None:
        return fmt.span(Span(None, None), lang)
    if unit == "percent":
        return bare(span, unit, lang)
    if unit in MONEY_UNITS:
        if span.low is not None and span.high is not None:
            shown = fmt.money_range(span.low, span.high, lang)
        else:
            shown = fmt.span(span, lang, unit=lambda v, lang_: fmt.money(v, lang_))
    else:
        shown = fmt.span(span, lang, unit=lambda v, lang_: figure(v, lang_, unit))
    return text(lang)(f"units.{unit}", v=shown, base=fmt.whole(PER_100K, lang))


def span_of(low, high) -> Span | None:
    """The span of a ledger row's two columns (high empty: "more than"); None without low."""
    if missing(low):
        return None
    return Span(float(low), None if missing(high) else float(high))


def render(node, lang: str, evaluation: Evaluation) -> str:
    """An expression with each reference replaced by its figure: 40,000 × 256."""
    kind = node[0]
    if kind == "num":
        return figure(node[1], lang)
    if kind == "ref":
        return bare(evaluation.resolve(node[1])[0].span, "count", lang)
    if kind == "group":
        return f"({render(node[1], lang, evaluation)})"
    if kind == "call":
        return f"{node[1]}({', '.join(render(a, lang, evaluation) for a in node[2])})"
    return (f"{render(node[2], lang, evaluation)} {OPERATORS[node[1]]} "
            f"{render(node[3], lang, evaluation)}")


# --- one claim in words --------------------------------------------------------------------------

def fields(verdict: Verdict, lang: str) -> dict[str, str]:
    """Everything a sentence about one figure may say: the figure claimed and found (with its
    unit, or `_n` alone; a range found also by its ends, `found_low_n` and `found_high_n`), the
    context figure, the working and what it gives, the sources, and what the data say the
    figure is."""
    unit, record = verdict.unit, verdict.record
    working = working_value = ""
    if verdict.working_node is not None:
        own = {k: v for k, v in verdict.figures.items() if k != verdict.claim_id}
        working = render(verdict.working_node, lang, Evaluation(verdict.data, own))
        working_value = bare(verdict.working, unit, lang)
    return {
        "claimed": span_text(verdict.claimed, unit, lang),
        "claimed_n": bare(verdict.claimed, unit, lang),
        "found": span_text(verdict.recomputed, unit, lang) if verdict.recomputed else "",
        "found_n": bare(verdict.recomputed, unit, lang) if verdict.recomputed else "",
        "found_low_n": _end_of(verdict.recomputed, "low", unit, lang),
        "found_high_n": _end_of(verdict.recomputed, "high", unit, lang),
        "context": span_text(verdict.context, unit, lang) if verdict.context else "",
        "context_n": bare(verdict.context, unit, lang) if verdict.context else "",
        "working": working, "working_value": working_value,
        "sources": ", ".join(name for name, _ in credits(verdict.support_ids, lang)),
        "what": text_of(record[f"expected_relation_{lang}"]),
        "note": text_of(record[f"note_{lang}"]),
    }


def _end_of(span: Span | None, end: str, unit: str, lang: str) -> str:
    """One end of a span as a number alone; empty when there is no such end."""
    value = None if span is None else getattr(span, end)
    return "" if value is None else bare(Span.point(value), unit, lang)


PLACEHOLDER = re.compile(r"\{(\w+)(?::(CL\d+))?\}")


def fill(template: str, verdict: Verdict, lang: str, verdicts: dict[str, Verdict]) -> str:
    """A sentence of data/claims.csv with its {placeholders} filled; {found:CL08} takes
    another claim's figure."""
    cache: dict[str, dict[str, str]] = {}

    def value(match) -> str:
        name, other = match.group(1), match.group(2) or verdict.claim_id
        if other not in cache:
            if other not in verdicts:
                raise KeyError(f"{verdict.claim_id}: its sentence names {other}, which is no "
                               "claim")
            cache[other] = fields(verdicts[other], lang)
        if name not in cache[other]:
            raise KeyError(f"{verdict.claim_id}: its sentence has an unknown placeholder "
                           f"{{{name}}}")
        return cache[other][name]

    return PLACEHOLDER.sub(value, template)


def explain(verdict: Verdict, lang: str, verdicts: dict[str, Verdict] | None = None) -> str:
    """One sentence saying why the figure has its verdict: the one written for it in
    data/claims.csv while the data give the verdict it was written for, else one made from the
    verdict's reason."""
    verdicts = verdicts or {verdict.claim_id: verdict}
    record = verdict.record
    written = text_of(record.get(f"sentence_{lang}"))
    if written and text_of(record.get("sentence_for")) == verdict.status:
        return capitalised(fill(written, verdict, lang, verdicts))
    status, reason = verdict.status, verdict.reason
    if status == "imprecise":
        key = f"imprecise_{reason if reason in ('override', 'combination') else 'working'}"
    elif status == "unverifiable":
        key = f"unverifiable_{reason if reason != 'relation' else 'missing'}"
    elif status == "inconsistent" and reason == "circular":
        key = "inconsistent_circular"
    else:
        key = status
    values = fields(verdict, lang)
    if not values["note"]:
        values["note"] = values["context"]
    return capitalised(text(lang)(f"explain.{key}", **values))


def data_say(verdict: Verdict, lang: str) -> str:
    """What the data say about one figure, for the summary table: the figure found and what it
    is, or that the data hold none."""
    t, values = text(lang), fields(verdict, lang)
    if verdict.recomputed is None:
        return t("say.missing", what=values["what"])
    if verdict.reason == "circular":
        return t("say.circular", **values)
    return t("say.found", **values)


TEXT = "ARTICLE"  # the compilation the claims were collected from, in data/sources.csv
WIKI = "WIKI"  # English Wikipedia's article on CECOT, where many of the claims circulate


def read_on(source_id: str) -> str | None:
    """The day the project read a source (data/sources.csv `accessed`)."""
    accessed = register().get(source_id, {}).get("accessed")
    return None if accessed is None else str(accessed)[:10]


def text_read() -> str | None:
    """The day the project read the compilation the claims were collected from."""
    return read_on(TEXT)


def checked(lang: str, n: int, wiki_read: str | None = None, unplaced: int = 0) -> list[str]:
    """What was checked, for the ledger page: the claims themselves and where they circulate,
    with the day the Wikipedia article was read (data/sources.csv). `unplaced`: the claims no
    source in the data publishes, whose cards cannot say where they circulate; the page
    promises the line on every card only when there are none."""
    if wiki_read is None:
        wiki_read = read_on(WIKI)
    t = text(lang)
    day = fmt.date(wiki_read, lang) if wiki_read else ""
    if unplaced == 0:
        variant = "all"
    elif unplaced >= n:
        variant = "none"
    else:
        variant = fmt.plural(unplaced, lang)
    values = dict(n=fmt.whole(n, lang), wiki_read=day, unplaced=fmt.whole(unplaced, lang))
    return [t("checked.claims", **values) + " " + t(f"checked.shown.{variant}", **values),
            t("checked.evidence", **values)]


def quote_in(row, lang: str) -> str:
    """The text's words, or their Spanish translation for a Spanish reader (marked as such
    wherever it is shown)."""
    translated = text_of(row.get("quote_es")) if lang == "es" else ""
    return translated or text_of(row.get("quote"))


def verdict_label(status: str, lang: str) -> str:
    return capitalised(text(lang).table("status")[status])


def counted(counts: dict[str, int], lang: str, order=HOLDS_FIRST) -> str:
    """24 hold, 10 are imprecise, 4 cannot be checked and none is contradicted: each verdict
    after its count, in the form the count takes; a verdict no claim has is said only where
    its absence is news (none contradicted)."""
    t = text(lang)
    one, other, none = t.table("status_one"), t.table("status_plural"), t.table("status_none")
    parts = [f"{fmt.whole(counts[s], lang)} "
             f"{(one if fmt.plural(counts[s], lang) == 'one' else other)[s]}"
             for s in order if counts.get(s)]
    parts += [none[s] for s in order if not counts.get(s) and s in none]
    if not parts:
        return ""
    conjunction = {"en": " and ", "es": " y "}[lang]
    return ", ".join(parts[:-1]) + conjunction + parts[-1] if len(parts) > 1 else parts[0]


# --- the ledger for readers ----------------------------------------------------------------------

def readable(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ledger, figure by figure, as people read it: figures with units, verdict and
    explanation in `lang` (ledger.csv in; the notebook's tables and the site's cards)."""
    t = text(lang)
    topics, kinds, statuses = t.table("topics"), t.table("kinds"), t.table("status")
    rows = []
    for _, r in table.sort_values("claim_id").iterrows():
        rows.append({
            "claim_id": r["claim_id"],
            "topic": topics[r["topic"]],
            "kind": kinds[r["kind"]],
            "quote": quote_in(r, lang),
            "claimed": span_text(span_of(r["claimed_low"], r["claimed_high"]), r["unit"], lang),
            "recomputed": span_text(span_of(r["recomputed_low"], r["recomputed_high"]),
                                    r["unit"], lang),
            "status": statuses[r["status"]],
            "explanation": r[f"explanation_{lang}"],
        })
    return pd.DataFrame(rows)


def claim_rows(table: pd.DataFrame, lang: str, status: str | None = None) -> pd.DataFrame:
    """The ledger claim by claim (a claim of several figures once), in the order of the text:
    its quote, what the data say, its verdict and why (ledger.csv in); only the claims with
    verdict `status` when one is given."""
    chosen = table[table["kind"].isin(CHARTED_KINDS)]
    mains = chosen[chosen["claim"] == chosen["claim_id"]].sort_values("claim_id")
    by_id = chosen.set_index("claim_id")
    out = []
    for _, r in mains.iterrows():
        decider = by_id.loc[r["decided_by"]]
        out.append({"claim": r["claim_id"], "quote": quote_in(r, lang),
                    "data_say": decider[f"data_say_{lang}"],
                    "verdict": verdict_label(r["claim_status"], lang),
                    "status": r["claim_status"],
                    "why": decider[f"explanation_{lang}"]})
    rows = pd.DataFrame(out, columns=["claim", "quote", "data_say", "verdict", "status", "why"])
    return rows if status is None else rows[rows["status"] == status]


def verdict_counts(table: pd.DataFrame) -> dict[str, int]:
    """Claims by verdict (a claim of several figures once), from ledger.csv."""
    chosen = table[table["kind"].isin(CHARTED_KINDS)]
    mains = chosen[chosen["claim"] == chosen["claim_id"]]
    return {s: int((mains["claim_status"] == s).sum()) for s in STATUSES}


def summary(table: pd.DataFrame, lang: str) -> str:
    """One line: the claims by verdict and the figures behind them (ledger.csv in)."""
    chosen = table[table["kind"].isin(CHARTED_KINDS)]
    counts = verdict_counts(table)
    return text(lang)("table.summary", n=fmt.whole(sum(counts.values()), lang),
                      figures=fmt.whole(len(chosen), lang), counts=counted(counts, lang))


def circulating(ids, lang: str) -> list[str]:
    """Where a figure circulates: the organisations behind the sources named in its
    `circulates`, official and international bodies first, then the press, Wikipedia last.
    An outlet read only in an unofficial copy (neither its own site nor a partner it names)
    says so; an outlet already named is not named again for a copy of another of its
    reports."""
    listed = [i for i in ("" if missing(ids) else str(ids or "")).split(";") if i]
    if not listed:
        return []
    known = register()
    rows = sorted((known[i] for i in dict.fromkeys(listed)),
                  key=lambda r: KIND_ORDER[r["kind"]])
    entries = []  # (the original organisation, how it is named)
    for row in rows:
        name = credit_name(row["credit"], lang)
        copy = row.get("read_publisher") or ""
        # Wikipedia is where a figure circulates (the methodology says which copies of its
        # article were read); an outlet's own site or a partner it names is the outlet.
        if row["kind"] == "wikipedia" or row.get("read_in") != "copy" or not copy or \
                copy == name:
            entries.append((name, name))
        elif row["kind"] in PRESS_KINDS:
            entries.append((name, text(lang)("page_ledger.unofficial", credit=name, copy=copy)))
        else:
            entries.append((name, credited(row, lang)))
    plain = {original for original, shown in entries if original == shown}
    shown = [s for original, s in entries if s == original or original not in plain]
    return list(dict.fromkeys(shown))


def circulation(row, lang: str) -> tuple[list[str], str]:
    """Where a claim's card says it circulates, and the line's label key (page_ledger.*):
    its own figure's publishers (`circulates`); for a claim the text's own arithmetic implies,
    which no one publishes as such, where the figures it combines circulate
    (`figures_circulate`, compute.explained); else none, and the label says so."""
    names = circulating(row.get("circulates"), lang)
    if names:
        return names, "circulates"
    names = circulating(row.get("figures_circulate"), lang)
    if names:
        return names, "circulates_figures"
    return [], "circulates_none"


def unplaced(table: pd.DataFrame) -> int:
    """The claims (a claim of several figures once) whose card can say nowhere they circulate:
    no source in the data publishes their figure, nor the figures they combine."""
    chosen = table[table["kind"].isin(CHARTED_KINDS)]
    mains = chosen[chosen["claim"] == chosen["claim_id"]]
    return int(sum(not circulation(r, "en")[0] for _, r in mains.iterrows()))


def several(numbers: dict) -> tuple[int, int]:
    """The claims made of several figures and the figures they hold between them, from
    numbers.json: its `several`, or, in a numbers.json written before that key, the claims
    that more than one figure of `by_claim` names (a number another story publishes is a
    claim of its own, of one figure)."""
    if "several" in numbers:
        return numbers["several"]["claims"], numbers["several"]["figures"]
    sizes: dict[str, int] = {}
    for entry in numbers["by_claim"].values():
        sizes[entry["claim"]] = sizes.get(entry["claim"], 0) + 1
    multi = [size for size in sizes.values() if size > 1]
    return len(multi), sum(multi)


def made_of(numbers: dict, lang: str) -> str:
    """What the claims are made of: how many figures, and how many of them the claims of
    several figures hold (never the surplus of figures over claims, which no reader can
    count)."""
    multi, multi_figures = several(numbers)
    n, figures = numbers["claims"], numbers["figures"]
    if multi == 0:
        variant = "none"
    elif multi == n:
        variant = "all"
    else:
        variant = fmt.plural(multi, lang)
    return text(lang)(f"made.{variant}", figures=fmt.whole(figures, lang),
                      multi=fmt.whole(multi, lang), multi_figures=fmt.whole(multi_figures, lang))


def figure_quote(row, lang: str) -> str:
    """One figure of a claim, as its list shows it: its words, and, for a figure the claim's
    own arithmetic implies (the same words, worked out), a mark saying so."""
    quote = text(lang)("quote", text=quote_in(row, lang))
    return text(lang)("implied_figure", quote=quote) if row["kind"] == "implied" else quote


def ledger_page(table: pd.DataFrame, lang: str) -> dict:
    """Everything the ledger page says, from ledger.csv (as the site reads it), in `lang`:

    - headline, standfirst;
    - checked: {heading, paragraphs, methodology: {text, page}}: what was checked (the claims
      and where they circulate) and the link to how they were collected;
    - key: [{status, meaning, label, definition}]: the four verdicts, for a key;
    - summary: {heading, columns, groups: [{status, meaning, label, heading, rows: [{claim,
      data_say, verdict, anchor}]}]}: the table first, grouped by verdict (what is wrong first;
      the grouping says the verdict, so the table's columns are the claim and the data);
    - cards: {heading, groups: [{status, meaning, label, heading, cards: [card]}]}, each card
      {anchor, topic, quote, quote_label, quote_original, data_say, verdict, status, meaning,
      why, figures: [{quote, data_say}] (a claim of several figures: each one; a figure the
      claim's own arithmetic implies is marked so), circulates: [names] and circulates_label}.

    `status` is the verdict's id (for a CSS class), `meaning` its key in cecot.style.MEANINGS
    (its colour). Nothing a reader sees carries an id or a field name."""
    t = text(lang)
    p = lambda key, **v: t(f"page_ledger.{key}", **v)  # noqa: E731
    chosen = table[table["kind"].isin(CHARTED_KINDS)]
    claims = claim_rows(table, lang)
    anchors = {claim: f"claim-{i + 1}" for i, claim in enumerate(claims["claim"])}
    counts = verdict_counts(table)
    topics, meanings = t.table("topics"), t.table("meaning")
    by_id = chosen.set_index("claim_id")
    figures_of = {claim: rows.sort_values("claim_id") for claim, rows in chosen.groupby("claim")}
    summary, cards = [], []
    for status in HOLDS_FIRST:  # the chart's order: the page reads as the chart does
        subset = claims[claims["status"] == status]
        if subset.empty:
            continue
        label = verdict_label(status, lang)
        group = dict(status=status, meaning=MEANING[status], label=label,
                     heading=p("group", verdict=label, n=fmt.whole(len(subset), lang)))
        summary.append({**group, "rows": [
            {"claim": t("quote", text=r["quote"]), "data_say": r["data_say"],
             "verdict": r["verdict"], "anchor": anchors[r["claim"]]}
            for _, r in subset.iterrows()]})
        group_cards = []
        for _, r in subset.iterrows():
            main = by_id.loc[r["claim"]]
            parts = figures_of[r["claim"]]
            names, where = circulation(main, lang)
            group_cards.append({
                "anchor": anchors[r["claim"]], "topic": topics[main["topic"]],
                "quote": t("quote", text=r["quote"]), "quote_label": p("in_text"),
                "quote_original": text_of(main["quote"]) if lang != "en" else "",
                "data_say": r["data_say"], "data_say_label": p("data_say"),
                "verdict": r["verdict"], "verdict_label": p("verdict"), "status": status,
                "meaning": MEANING[status], "why": r["why"], "why_label": p("why"),
                "figures": [{"quote": figure_quote(f, lang), "data_say": f[f"data_say_{lang}"]}
                            for _, f in parts.iterrows()] if len(parts) > 1 else [],
                "figures_label": p("figures"),
                "circulates": names,
                "circulates_label": p(where),
            })
        cards.append({**group, "cards": group_cards})
    return {
        "lang": lang,
        "headline": headline_of(counts, len(claims), lang)[1],
        "standfirst": p("standfirst"),
        "checked": {"heading": t("checked.heading"),
                    "paragraphs": checked(lang, len(claims), unplaced=unplaced(table)),
                    "methodology": {"text": t("checked.methodology"),
                                    "page": f"{STORY}-methodology.html"}},
        "key": {"heading": p("key"),
                "verdicts": [{"status": s, "meaning": MEANING[s], "label": verdict_label(s, lang),
                              "definition": capitalised(meanings[s]) + "."}
                             for s in HOLDS_FIRST]},
        "summary": {"heading": p("summary"), "columns": t.raw("page_ledger.columns"),
                    "groups": summary},
        "cards": {"heading": p("cards"), "groups": cards},
    }


def page_fragment(page: dict) -> str:
    """The ledger page as an HTML fragment (ledger.<lang>.html): what ledger_page returns, in
    plain markup, for a reader of the repository or a newsroom's CMS."""
    esc = html.escape
    out = [f"<h1>{esc(page['headline'])}</h1>", f"<p>{esc(page['standfirst'])}</p>",
           f"<h2>{esc(page['checked']['heading'])}</h2>"]
    out += [f"<p>{esc(p)}</p>" for p in page["checked"]["paragraphs"]]
    link = page["checked"]["methodology"]
    out.append(f"<p><a href=\"{esc(link['page'])}\">{esc(link['text'])}</a></p>")
    out.append(f"<h2>{esc(page['key']['heading'])}</h2><dl>")
    out += [f"<dt>{esc(v['label'])}</dt><dd>{esc(v['definition'])}</dd>"
            for v in page["key"]["verdicts"]]
    out.append("</dl>")
    summary = page["summary"]
    head = "".join(f"<th scope=\"col\">{esc(c)}</th>" for c in summary["columns"])
    out.append(f"<h2>{esc(summary['heading'])}</h2><table><thead><tr>{head}</tr></thead>")
    for group in summary["groups"]:
        out.append(f"<tbody><tr><th colspan=\"2\">{esc(group['heading'])}</th></tr>")
        out += [f"<tr><td><a href=\"#{r['anchor']}\">{esc(r['claim'])}</a></td>"
                f"<td>{esc(r['data_say'])}</td></tr>"
                for r in group["rows"]]
        out.append("</tbody>")
    out.append("</table>")
    out.append(f"<h2>{esc(page['cards']['heading'])}</h2>")
    for group in page["cards"]["groups"]:
        out.append(f"<h3>{esc(group['heading'])}</h3>")
        for c in group["cards"]:
            out.append(f"<article id=\"{c['anchor']}\"><p>{esc(c['topic'])} · "
                       f"<b>{esc(c['verdict'])}</b></p><p>{esc(c['quote_label'])}: "
                       f"{esc(c['quote'])}</p><p>{esc(c['data_say_label'])}: "
                       f"{esc(c['data_say'])}</p><p>{esc(c['why'])}</p>")
            if c["figures"]:
                out.append(f"<p>{esc(c['figures_label'])}:</p><ul>" + "".join(
                    f"<li>{esc(f['quote'])}: {esc(f['data_say'])}</li>" for f in c["figures"])
                    + "</ul>")
            names = "; ".join(c["circulates"])
            out.append(f"<p>{esc(c['circulates_label'])}{': ' + esc(names) if names else ''}"
                       "</p></article>")
    return "\n".join(out) + "\n"


def trace(table: pd.DataFrame, claim_id: str, lang: str = "en") -> str:
    """How one figure was checked: its expressions, the figures they give, and the verdict (the
    row's own fields, as data/claims.csv writes them: for the methodology appendix)."""
    r = table.set_index("claim_id").loc[claim_id]
    t = text(lang)
    claimed = span_text(span_of(r["claimed_low"], r["claimed_high"]), r["unit"], lang)
    recomputed = span_text(span_of(r["recomputed_low"], r["recomputed_high"]), r["unit"], lang)
    lines = [f"{claim_id} {t('quote', text=quote_in(r, lang))}: {t('trace.claimed')} {claimed}",
             f"  {t('trace.check'):<8} {r['check'] or t('trace.none')}",
             f"           = {recomputed}  [{r['relation']}, {t('trace.tolerance')} "
             f"{r['tolerance']}]"]
    if r["working"]:
        working = span_text(span_of(r["working_low"], r["working_high"]), r["unit"], lang)
        lines += [f"  {t('trace.working'):<8} {r['working']}", f"           = {working}"]
    lines.append(f"  {t('trace.status'):<8} {verdict_label(r['status'], lang)} "
                 f"({r['basis']}): {r[f'explanation_{lang}']}")
    return "\n".join(lines)


def _md_cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def published_rows(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The numbers the other stories publish, worked out again (for the methodology appendix,
    never the reader page): what it is, as published, as worked out here, whether they agree."""
    t = text(lang)
    rows = []
    for _, r in table[table["kind"] == "headline"].sort_values("claim_id").iterrows():
        rows.append({
            "claim_id": r["claim_id"], "quote": quote_in(r, lang),
            "claimed": span_text(span_of(r["claimed_low"], r["claimed_high"]), r["unit"], lang),
            "recomputed": span_text(span_of(r["recomputed_low"], r["recomputed_high"]),
                                    r["unit"], lang),
            "agrees": t("table.agree_yes") if r["status"] == "consistent" else t("table.agree_no"),
            "key": r["published_key"], "asserted_by": r["asserted_by"]})
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame, lang: str) -> str:
    """ledger.<lang>.md: the ledger page as Markdown, then the numbers the other stories
    publish, worked out again."""
    t = text(lang)
    page = ledger_page(table, lang)
    lines = [f"# {page['headline']}", "", page["standfirst"], "",
             f"## {page['checked']['heading']}", ""]
    for paragraph in page["checked"]["paragraphs"]:
        lines += [paragraph, ""]
    lines += [f"## {page['summary']['heading']}", ""]
    for group in page["summary"]["groups"]:
        lines += [f"### {group['heading']}", "",
                  "| " + " | ".join(page["summary"]["columns"]) + " |", "|---|---|"]
        for r in group["rows"]:
            lines.append(f"| {_md_cell(r['claim'])} | {_md_cell(r['data_say'])} |")
        lines.append("")
    lines += [f"## {page['cards']['heading']}", ""]
    for group in page["cards"]["groups"]:
        lines += [f"### {group['heading']}", ""]
        for c in group["cards"]:
            lines += [f"- {c['quote']} ({c['topic']}): {c['why']}"]
        lines.append("")
    lines += [f"## {t('table.published')}", "",
              "| " + " | ".join(t.raw("table.published_columns")) + " |", "|---|---|---|---|"]
    for _, r in published_rows(table, lang).iterrows():
        lines.append(f"| {_md_cell(r['quote'])} | {r['claimed']} | {r['recomputed']} | "
                     f"{r['agrees']} |")
    lines += ["", t("table.generated"), ""]
    return "\n".join(lines)


def tables(table: pd.DataFrame) -> dict[str, str]:
    """Every ledger table for readers, by file name: ledger.<lang>.md and ledger.<lang>.html
    in each language (the notebook writes them with run.write)."""
    out = {}
    for lang in fmt.LANGUAGES:
        out[f"ledger.{lang}.md"] = markdown(table, lang)
        out[f"ledger.{lang}.html"] = page_fragment(ledger_page(table, lang))
    return out


# --- the chart -----------------------------------------------------------------------------------

def _form(count: int, lang: str) -> str:
    return "none" if count == 0 else fmt.plural(count, lang)


def title_variant(counts: dict[str, int], lang: str) -> tuple[str, str]:
    """The forms the title's counts take: of the claims that do not hold, and of the imprecise
    ones (none, one or other)."""
    return _form(counts["inconsistent"], lang), _form(counts["imprecise"], lang)


def holds_variant(counts: dict[str, int], lang: str) -> str:
    """How many claims hold, as the title says it: none, one, other (some) or all."""
    holds = counts["consistent"]
    return "all" if holds and holds == sum(counts.values()) else _form(holds, lang)


def title(counts: dict[str, int], lang: str, values: dict) -> str:
    """What the ledger finds, positive first: how many claims hold, then how many are
    imprecise (when any are) and how many are wrong ("none is wrong" is a finding too)."""
    t = text(lang)
    wrong, imprecise = title_variant(counts, lang)
    holds = holds_variant(counts, lang)
    if holds == "all":
        return t("ledger.title.all", **values)
    wrong_clause = t(f"ledger.wrong.{wrong}", **values)
    more = wrong_clause if imprecise == "none" else t(
        "ledger.more", imprecise_clause=t(f"ledger.imprecise.{imprecise}", **values),
        wrong_clause=wrong_clause)
    return t(f"ledger.title.{holds}", more=more, **values)


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = text(lang)
    n = computed.numbers
    counts = n["verdict_counts"]
    first, more = title_variant(counts, lang)
    values = dict(n=fmt.whole(n["claims"], lang), bad=fmt.whole(counts["inconsistent"], lang),
                  sources=fmt.whole(n["data_sources"], lang), counts=counted(counts, lang),
                  **{s: fmt.whole(counts[s], lang) for s in STATUSES})
    order = list(HOLDS_FIRST)  # drawn top to bottom
    chart = ChartText(
        chart_id="ledger", lang=lang,
        title=title(counts, lang, values),
        subtitle=t("ledger.subtitle", **values),
        alt=t("ledger.alt", **values),
        note=t("ledger.note"),
        source_ids=computed.sources["ledger"],
        as_of=computed.as_of["ledger"],
        labels={
            "order": order,
            "verdicts": {s: t("ledger.label", verdict=verdict_label(s, lang)) for s in order},
            "counts": {s: fmt.whole(counts[s], lang) for s in order},
            "axis": t("ledger.axis"),
        },
        variants={"title": f"{first}.{more}", "holds": holds_variant(counts, lang)})
    return {"ledger": chart}


# --- the story page and the notebook -------------------------------------------------------------

def _claim(numbers: dict, claim_id: str) -> dict:
    return numbers["by_claim"].get(claim_id, {})


def _span(value) -> Span | None:
    """A figure of numbers.json as a span: a number, or [low, high] (high None: more than)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return Span(value[0], value[1])
    return Span.point(value)


def key_sentence(numbers: dict, claim_id: str, lang: str) -> str | None:
    """The page's sentence on one claim, if one is written for the verdict the data give it."""
    t = text(lang)
    claim = _claim(numbers, claim_id)
    try:
        t.raw(f"page.key.{claim_id}.{claim.get('status')}")
    except KeyError:
        return None
    c = lambda cid, key, unit="count": bare(_span(_claim(numbers, cid).get(key)), unit, lang)  # noqa: E731
    values = {
        "CL37": {},
        "CL52": dict(tda=c("CL49", "recomputed"), ms13=c("CL50", "recomputed"),
                     planned=c("CL46", "recomputed"), share=c("CL52", "recomputed", "percent"),
                     implied=c("CL52", "claimed", "percent"),
                     day=_day(_claim(numbers, "CL49").get("date"), lang)),
        "CL48": dict(payment=span_text(_span(_claim(numbers, "CL47").get("claimed")), "usd",
                                       lang),
                     planned=c("CL46", "claimed"),
                     rate=c("CL48", "claimed", "usd_per_detainee_month"),
                     grant=span_text(_span(_claim(numbers, "CL47").get("context")), "usd",
                                     lang),
                     men=c("CL49", "recomputed"),
                     paid=c("CL48", "context", "usd_per_detainee_month")),
        "CL44": dict(range=c("CL44", "recomputed"),
                     day=_day(_claim(numbers, "CL44").get("date"), lang)),
    }[claim_id]
    key = f"page.key.{claim_id}.{claim['status']}"
    if claim_id == "CL48" and values["rate"] == values["paid"]:
        key += "_same"  # the two ways of counting come to one figure: said once
    return t(key, **values)


def _day(iso: str | None, lang: str) -> str:
    return fmt.date(iso, lang) if iso else ""


KEY_CLAIMS = ("CL37", "CL52", "CL48", "CL44")  # the claims the page highlights, in order


# The verdicts each form of the headline gives a count or a "none" for.
HEADLINE_SAYS = {"none": ("consistent", "imprecise"), "some": ("inconsistent",),
                 "all": HOLDS_FIRST, "few": ()}


def headline_of(counts: dict[str, int], n: int, lang: str) -> tuple[str, str]:
    """What the checks show, as the story page and the ledger page both lead with it: (the
    form it takes, the headline)."""
    t = text(lang)
    holds, bad = counts.get("consistent", 0), counts.get("inconsistent", 0)
    if bad:
        variant = "some"
    elif 2 * holds <= n:
        variant = "few"
    elif counts.get("imprecise", 0) == 0:
        variant = "all"
    else:
        variant = "none"
    return variant, t(f"page.headline.{variant}", bad=fmt.whole(bad, lang),
                      n=fmt.whole(n, lang), holds=fmt.whole(holds, lang),
                      detail=t(f"page.detail.{fmt.plural(counts.get('imprecise', 0), lang)}",
                               imprecise=fmt.whole(counts.get("imprecise", 0), lang)),
                      bad_verb=t(f"page.bad_verb.{fmt.plural(bad, lang)}"))


def page(numbers: dict, lang: str) -> PageText:
    """The story page: its headline (what the checks show), standfirst, one paragraph of
    context, key numbers as sentences, caveats and the methodology, all from numbers.json."""
    t = text(lang)
    counts = numbers["verdict_counts"]
    n = numbers["claims"]
    variant, headline = headline_of(counts, n, lang)
    # The standfirst counts the verdicts the headline does not give.
    rest = counted(counts, lang, order=[s for s in HOLDS_FIRST if s not in HEADLINE_SAYS[variant]])
    standfirst = t("page.standfirst." + ("counts" if rest else "plain"), n=fmt.whole(n, lang),
                   counts=rest)
    context = t("page.context",
                arrests=bare(_span(_claim(numbers, "CL11").get("recomputed")), "count", lang),
                capacity=span_text(_span(_claim(numbers, "CL02").get("recomputed")), "people",
                                   lang),
                first=span_text(_span(_claim(numbers, "CL53").get("recomputed")), "people",
                                lang),
                deported=bare(_span(_claim(numbers, "CL49").get("recomputed")), "count", lang))
    key = [s for s in (key_sentence(numbers, c, lang) for c in KEY_CLAIMS) if s]
    caveats = [entry[lang] for entry in t.entry("page.caveats")]
    read, wiki_read = _day(numbers.get("text_read"), lang), _day(numbers.get("wiki_read"), lang)
    methodology = [entry[lang].format(read=read, wiki_read=wiki_read)
                   for entry in t.entry("page.methodology")]
    # The ledger's bookkeeping (claims, the figures they are made of) is for the methodology,
    # after the paragraph on how claims are counted.
    methodology[3] += " " + t("page.counted", n=fmt.whole(n, lang),
                              counts=counted(counts, lang), made=made_of(numbers, lang))
    return PageText(story=STORY, lang=lang, headline=headline, standfirst=standfirst,
                    key_numbers=key, caveats=caveats, context=context,
                    methodology=methodology, variants={"headline": variant},
                    further=[(t("page.further"), "ledger.html")])


def sentences_counts(numbers: dict, lang: str) -> str:
    return text(lang)("said.counts", n=fmt.whole(numbers["claims"], lang),
                      counts=counted(numbers["verdict_counts"], lang),
                      made=made_of(numbers, lang))


def sentences(computed: Computed, lang: str) -> dict[str, str]:
    """What the notebook says, as finished sentences made from the numbers: the claims and
    their verdicts, the implied claims, the sources used and the published numbers traced."""
    t = text(lang)
    n = computed.numbers
    implied = n["implied_claims"]
    form = "none" if implied == 0 else fmt.plural(implied, lang)
    published = n["published"]
    differ = published["checked"] - published["agree"]
    agree = t("said.agree.all") if differ == 0 else t("said.agree.some",
                                                      differ=fmt.whole(differ, lang))
    return {
        "counts": sentences_counts(n, lang),
        "implied": t(f"said.implied.{form}", implied=fmt.whole(implied, lang)),
        "sources": t("said.sources", sources=fmt.whole(n["data_sources"], lang)),
        "published": t("said.published", published=fmt.whole(published["checked"], lang),
                       agree=agree),
        "checked": " ".join(checked(lang, n["claims"], n.get("wiki_read"),
                                    n["unplaced_claims"])),
    }
