"""Every word of the claims ledger: the chart's text, the one-line explanation of each claim's
status, and the ledger as tables for readers (Markdown and an HTML fragment). text.yml holds the
sentences in both languages; numbers are formatted by cecot.fmt."""

from __future__ import annotations

import html
import re

import pandas as pd

from ... import fmt
from ...computed import Computed
from ...ranges import Span
from ...sources import credits
from ...words import ChartText, Text
from .ledger import CHARTED_KINDS, STATUSES, Evaluation, Verdict, status_counts, text_of

STORY = "claims"
OPERATORS = {"+": "+", "-": "−", "*": "×", "/": "÷"}  # as an expression is printed
PER_100K = 100_000  # the base of a rate "per 100,000"


def text(lang: str) -> Text:
    return Text(STORY, lang)


# --- figures -------------------------------------------------------------------------------------

MONEY_UNITS = ("usd", "usd_per_month", "usd_per_detainee_month")


def digits_for(value: float) -> int:
    """Decimals the ledger shows: at most two (0.64, 78.13, 1,666.67); a percentage one."""
    return 2


def figure(value: float, lang: str, unit: str = "") -> str:
    """One figure of a claim: a year as written (2015), money as money (100 million),
    anything else by cecot.fmt."""
    if unit == "year":
        return str(int(round(value)))
    if unit in MONEY_UNITS:
        return fmt.money(value, lang)
    return fmt.number(value, lang, digits_for(value))


def span_text(span: Span | None, unit: str, lang: str, with_unit: bool = True) -> str:
    """A claimed or recomputed span in words: 156.25 per cell · 10,000–20,000 people · more
    than 62,000 people · 44.078%."""
    if span is None:
        return fmt.span(Span(None, None), lang)
    if unit == "percent" and with_unit:
        return fmt.span(span, lang, unit=lambda v, lang_: fmt.percent(v, lang_, 1))
    shown = fmt.span(span, lang, unit=lambda v, lang_: figure(v, lang_, unit))
    if not with_unit:
        return shown
    return text(lang)(f"units.{unit}", v=shown, base=fmt.whole(PER_100K, lang))


def span_of(low, high) -> Span | None:
    """The span of a ledger row's two columns (high empty: "more than"); None without low."""
    if low is None or pd.isna(low):
        return None
    return Span(low, high)


def render(node, lang: str, evaluation: Evaluation) -> str:
    """An expression with each reference replaced by its figure: 40,000 × 256."""
    kind = node[0]
    if kind == "num":
        return figure(node[1], lang)
    if kind == "ref":
        return span_text(evaluation.resolve(node[1])[0].span, "count", lang, with_unit=False)
    if kind == "group":
        return f"({render(node[1], lang, evaluation)})"
    if kind == "call":
        return f"{node[1]}({', '.join(render(a, lang, evaluation) for a in node[2])})"
    return (f"{render(node[2], lang, evaluation)} {OPERATORS[node[1]]} "
            f"{render(node[3], lang, evaluation)}")


def explain(verdict: Verdict, lang: str) -> str:
    """One line, in English or Spanish, saying why the claim has its status."""
    t = text(lang)
    record, unit = verdict.record, verdict.unit
    relation = text_of(record[f"expected_relation_{lang}"])
    note = text_of(record[f"note_{lang}"])
    working = working_value = ""
    if verdict.working_node is not None:
        own = {k: v for k, v in verdict.figures.items() if k != verdict.claim_id}
        working = render(verdict.working_node, lang, Evaluation(verdict.data, own))
        working_value = span_text(verdict.working, unit, lang, with_unit=False)
    claimed = span_text(verdict.claimed, unit, lang)
    if verdict.kind == "implied":
        claimed = t("explain.implied", working=working, claimed=claimed)
    kind, value = verdict.tolerance
    tolerance = ""
    if value >= 0.001:  # a margin for binary floats only is not worth printing
        shown = fmt.percent(value * 100, lang, 1) if kind == "rel" \
            else figure(value, lang)
        tolerance = t(f"explain.tolerance_{kind}", value=shown)
    fields = dict(claimed=claimed, recomputed=span_text(verdict.recomputed, unit, lang),
                  recomputed_plain=span_text(verdict.recomputed, unit, lang, with_unit=False),
                  relation=relation, tolerance=tolerance, note=note, working=working,
                  working_value=working_value,
                  sources=", ".join(name for name, _ in credits(verdict.support_ids, lang)))
    reason, status = verdict.reason, verdict.status
    note_used = False
    if reason == "override":
        sentence, note_used = t(f"explain.override_{status}", **fields), True
    elif reason == "missing":
        sentence, note_used = t("explain.missing", **fields), True
    elif reason == "unverified":
        sentence = t("explain.unverified", **fields)
    elif reason == "circular":
        sentence = t("explain.circular_agrees" if status == "unverifiable"
                     else "explain.circular_disagrees", **fields)
    elif status == "imprecise":
        sentence = t("explain.imprecise_working", **fields)
    else:
        sentence = t(f"explain.{status}", **fields)
    sentence = sentence[:1].upper() + sentence[1:]
    if verdict.working_node is not None and verdict.kind != "implied" and status != "imprecise":
        sentence += t("explain.working_ok" if verdict.working_ok else "explain.working_bad",
                      **fields)
    if verdict.context is not None:
        label = text_of(record[f"context_{lang}"])
        sentence += f"; {label}: {span_text(verdict.context, unit, lang)}"
    if note and not note_used:
        sentence += f"; {note}"
    return sentence + "."


# --- the ledger for readers ----------------------------------------------------------------------

def quote_in(row, lang: str) -> str:
    """The article's words, in Spanish for a Spanish reader where a translation exists."""
    translated = text_of(row.get("quote_es")) if lang == "es" else ""
    return translated or row["quote"]


def readable(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ledger as people read it: figures with units, status and explanation in `lang`."""
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


def report(table: pd.DataFrame, lang: str, statuses=STATUSES, kinds=CHARTED_KINDS) -> str:
    """Plain text for the notebook: each claim, its quote, and the one-line explanation."""
    chosen = table[table["status"].isin(statuses) & table["kind"].isin(kinds)]
    lines = []
    for _, r in readable(chosen, lang).iterrows():
        lines.append(f"{r['claim_id']} [{r['status']}] {text(lang)('quote', text=r['quote'])}")
        lines.append(f"    {r['explanation']}")
    return "\n".join(lines)


def trace(table: pd.DataFrame, claim_id: str, lang: str = "en") -> str:
    """How one claim was checked: its expressions, the figures they give, and the verdict (the
    row's own fields, as data/claims.csv writes them)."""
    r = table.set_index("claim_id").loc[claim_id]
    t = text(lang)
    claimed = span_text(span_of(r["claimed_low"], r["claimed_high"]), r["unit"], lang)
    recomputed = span_text(span_of(r["recomputed_low"], r["recomputed_high"]), r["unit"], lang)
    lines = [f"{claim_id} {t('quote', text=quote_in(r, lang))} ({r['kind']}, {r['unit']}): "
             f"{t('trace.claimed')} {claimed}",
             f"  {t('trace.check'):<8} {r['check'] or t('trace.none')}",
             f"           = {recomputed}  [{r['relation']}, {t('trace.tolerance')} "
             f"{r['tolerance']}]"]
    if r["working"]:
        working = span_text(span_of(r["working_low"], r["working_high"]), r["unit"], lang)
        lines += [f"  {t('trace.working'):<8} {r['working']}", f"           = {working}"]
    lines.append(f"  {t('trace.status'):<8} {t.table('status')[r['status']]} ({r['basis']}): "
                 f"{r[f'explanation_{lang}']}")
    return "\n".join(lines)


def counts_text(counts: dict, lang: str) -> str:
    """39 consistent, 4 imprecise, ...: each status after its count."""
    t = text(lang)
    one, other = t.table("status"), t.table("status_plural")
    return ", ".join(f"{fmt.whole(n, lang)} "
                     f"{(one if fmt.plural(n, lang) == 'one' else other)[status]}"
                     for status, n in counts.items())


def summary(table: pd.DataFrame, lang: str) -> str:
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    return text(lang)("table.summary", n=fmt.whole(len(charted), lang),
                      implied=fmt.whole(int((charted["kind"] == "implied").sum()), lang),
                      counts=counts_text(status_counts(charted), lang),
                      headline=fmt.whole(int((table["kind"] == "headline").sum()), lang))


def _md_cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown(table: pd.DataFrame, lang: str) -> str:
    """ledger.<lang>.md: the article's claims, then the numbers the other notebooks publish."""
    t = text(lang)
    charted = table[table["kind"].isin(CHARTED_KINDS)]
    published = table[table["kind"] == "headline"]
    columns, published_columns = t.raw("table.columns"), t.raw("table.published_columns")
    implied = t.table("kinds")["implied"]
    lines = [f"# {t('table.title')}", "", t("article.about"), "", summary(table, lang), "",
             t("table.statuses"), "",
             "| " + " | ".join(columns) + " |",
             "|" + "---|" * len(columns)]
    for _, r in readable(charted, lang).iterrows():
        quote = f"“{r['quote']}”" + (f" ({r['kind']})" if r["kind"] == implied else "")
        cells = [r["claim_id"], r["topic"], quote, r["claimed"], r["recomputed"],
                 f"**{r['status']}**", r["explanation"]]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    lines += ["", f"## {t('table.published')}", "",
              "| " + " | ".join(published_columns) + " |",
              "|" + "---|" * len(published_columns)]
    shown = readable(published, lang).set_index("claim_id")
    for _, r in published.sort_values("claim_id").iterrows():
        d = shown.loc[r["claim_id"]]
        cells = [r["claim_id"], r["quote"], f"`{r['published_key']}`", f"`{r['asserted_by']}`",
                 d["claimed"], d["recomputed"], f"**{d['status']}**"]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    lines += ["", t("table.generated"), ""]
    return "\n".join(lines)


def html_fragment(table: pd.DataFrame, lang: str) -> str:
    """The same ledger as an HTML fragment (the report site embeds it)."""
    t = text(lang)
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in t.raw("table.columns"))
    body = []
    for _, r in readable(table, lang).iterrows():
        cells = [r["claim_id"], r["topic"], f"“{r['quote']}” ({r['kind']})", r["claimed"],
                 r["recomputed"], r["status"], r["explanation"]]
        body.append("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in cells) + "</tr>")
    statuses = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", esc(t("table.statuses")))
    return (f'<p class="about-article">{esc(t("article.about"))}</p>\n'
            f"<p>{esc(summary(table, lang))}</p>\n<p>{statuses}</p>\n"
            f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>\n")


def tables(table: pd.DataFrame) -> dict[str, str]:
    """Every ledger table for readers, by file name: ledger.<lang>.md and ledger.<lang>.html
    in each language (the notebook writes them with run.write)."""
    out = {}
    for lang in fmt.LANGUAGES:
        out[f"ledger.{lang}.md"] = markdown(table, lang)
        out[f"ledger.{lang}.html"] = html_fragment(table, lang)
    return out


# --- the chart -----------------------------------------------------------------------------------

def topic_order(topics: dict, labels: dict[str, str]) -> list[str]:
    """Topics by their number of claims, most first; a tie in the reader's alphabetical order."""
    return sorted(topics, key=lambda topic: (-topics[topic]["claims"], labels[topic]))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def segment(n: int, status: str, t: Text) -> str:
    """A count with its status, in the form the count takes: 1 consistent, 4 consistentes."""
    forms = t.table("status" if fmt.plural(n, t.lang) == "one" else "status_plural")
    return t("ledger.segment", n=fmt.whole(n, t.lang), status=forms[status])


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = text(lang)
    n = computed.numbers
    counts = n["article_status_counts"]
    topics = n["article_topics"]
    topic_labels, status_labels = t.table("topics"), t.table("status")
    order = topic_order(topics, topic_labels)
    top = order[0]
    tied = len(order) > 1 and topics[order[1]]["claims"] == topics[top]["claims"]
    bad = counts["inconsistent"]
    title = "none" if bad == 0 else fmt.plural(bad, lang)
    subtitle = fmt.plural(n["article_implied"], lang)
    alt = "tied" if tied else "single"
    values = dict(ok=fmt.whole(counts["consistent"], lang), n=fmt.whole(n["article_claims"], lang),
                  bad=fmt.whole(bad, lang), implied=fmt.whole(n["article_implied"], lang),
                  top=topic_labels[top], top_n=fmt.whole(topics[top]["claims"], lang),
                  **{status: fmt.whole(counts[status], lang) for status in STATUSES})
    chart = ChartText(
        chart_id="ledger", lang=lang,
        title=t(f"ledger.title.{title}", **values),
        subtitle=t(f"ledger.subtitle.{subtitle}", **values),
        alt=t(f"ledger.alt.{alt}", **values),
        note=t("ledger.note", n=fmt.whole(n["data_sources"], lang)),
        source_ids=computed.sources["ledger"],
        as_of=computed.as_of["ledger"],
        labels={
            # In the order the bars are drawn, top to bottom.
            "topics": {topic: topic_labels[topic] for topic in order},
            "legend": {status: t("ledger.legend", status=capitalised(status_labels[status]),
                                 n=fmt.whole(counts[status], lang)) for status in STATUSES},
            # The count in each non-empty segment of a bar, and the same with its status
            # named (the chart names each status once, in the first segment wide enough).
            "values": {status: {topic: fmt.whole(topics[topic]["status_counts"][status], lang)
                                for topic in order if topics[topic]["status_counts"][status]}
                       for status in STATUSES},
            "named": {status: {topic: segment(topics[topic]["status_counts"][status], status,
                                              t)
                               for topic in order if topics[topic]["status_counts"][status]}
                      for status in STATUSES},
            "axis": t("ledger.axis"),
        },
        variants={"title": title, "subtitle": subtitle, "alt": alt})
    return {"ledger": chart}
