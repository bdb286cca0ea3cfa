"""Every sentence and label of the homicide charts, filled from the run's numbers (text.yml
holds the words in both languages; event labels and caveat notes are quoted from data/)."""

from __future__ import annotations

import pandas as pd

from ... import fmt
from ...computed import Computed
from ...words import ChartText, Text
from .compute import ALL, short_change



def figure_or_range(summary: dict, which: str, lang: str, digits: int = 0) -> str:
    """The figure most sources give for the peak or latest year, or, when none does, the range
    of the published figures (cecot.stories.homicides.compute.combine)."""
    value = summary[f"{which}_value"]
    if value is not None:
        return fmt.number(value, lang, digits)
    return fmt.range_of(summary[f"{which}_low"], summary[f"{which}_high"], lang, digits)

def year(value) -> str:
    """A year as a year: 2015, never 2,015."""
    return str(int(value))


def title_digits(value: float) -> int:
    """Decimals worth showing in a title: none from 10 up, one below."""
    return 0 if value >= 10 else 1


def peak_latest_variant(summary: dict | None) -> str:
    """Which title a peak-and-latest summary makes true: no figure, one year that is both
    the peak and the latest, or a peak and a later latest year."""
    if summary is None:
        return "plain"
    return "one_year" if summary["peak_year"] == summary["latest_year"] else "peak_latest"


def disagreement_variant(series: str, wide_rate: dict | None, wide_count: dict | None,
                         jointly_validated_from: int) -> str:
    """"Sources disagree most before joint validation" only when every source is shown and
    both the widest gap in rates and the widest in counts lie before that year."""
    if (series == ALL and wide_rate and wide_count
            and wide_rate["year"] < jointly_validated_from
            and wide_count["year"] < jointly_validated_from):
        return "before_joint"
    return "plain"


def counted(t: Text, key: str, n: int) -> str:
    """A count in words with its noun in the right number: 1 event, 10 events."""
    form = "one" if fmt.plural(n, t.lang) == "one" else "other"
    return t(f"{key}.{form}", n=fmt.whole(n, t.lang))


def notes(computed: Computed, chart_id: str, lang: str) -> list[str]:
    """The caveats a chart's note quotes, in the chart's language, as data/caveats.csv has
    them."""
    rows = computed.tables["chart_notes"]
    return list(rows.loc[rows["chart_id"] == chart_id, f"text_{lang}"])


def key_items(t: Text, rows: pd.DataFrame, label_of) -> tuple[list[str], list[str]]:
    """Chart key items, "date: label", and the labels quoted from data/."""
    items, quoted = [], []
    for row in rows.itertuples():
        label, verbatim = label_of(row)
        items.append(t("key_item", date=fmt.date(row.date, t.lang, row.date_precision,
                                                  short=True), label=label))
        if verbatim:
            quoted.append(label)
    return items, quoted


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = Text("homicides", lang)
    n, params = computed.numbers, computed.params
    series = params["series"]
    span = dict(start=year(params["start_year"]), end=year(params["end_year"]))
    series_labels = t.table("series")
    series_inline = t.table("series_in_text")
    change_labels = t.table("change_labels")

    def event_label(row):
        return getattr(row, f"label_{lang}"), True

    def change_label(row):
        if row.change_id in change_labels:
            return change_labels[row.change_id], False
        return short_change(getattr(row, f"description_{lang}")), True

    changes, changes_quoted = key_items(t, computed.tables["counting_changes"], change_label)

    # --- (1) rates by source ---------------------------------------------------------------
    r = n["charts"]["rates-by-source"]
    rates = r["rates"]
    variant = peak_latest_variant(rates)
    title_values = {}
    if rates is not None:
        title_values = dict(
            label=t("rates-by-source.label_all") if series == ALL
            else series_labels.get(series, series),
            peak=fmt.range_of(rates["peak_low"], rates["peak_high"], lang,
                              title_digits(rates["peak_high"])),
            peak_year=year(rates["peak_year"]),
            latest=fmt.range_of(rates["latest_low"], rates["latest_high"], lang,
                                title_digits(rates["latest_high"])),
            latest_year=year(rates["latest_year"]))
    peaks, latest = [], []
    for name, summary in r["by_series"].items():
        inline = series_inline.get(name, name)
        peaks.append(t("rates-by-source.alt_peak", series=inline, year=year(summary["peak_year"]),
                       value=fmt.range_of(summary["peak_low"], summary["peak_high"], lang, 1)))
        latest.append(t("rates-by-source.alt_latest", series=inline,
                        year=year(summary["latest_year"]),
                        value=fmt.range_of(summary["latest_low"], summary["latest_high"],
                                           lang, 1)))
    events, events_quoted = key_items(t, computed.tables["events"], event_label)
    rate_notes = notes(computed, "rates-by-source", lang)
    labels = {
        "series": {name: series_labels.get(name, name) for name in r["by_series"]},
        "recomputed": t("rates-by-source.recomputed"),
        "events_heading": t("events"), "events": events,
        "changes_heading": t("changes"), "changes": changes,
        "strip": t("strip"), "axis": t("rates-by-source.axis"),
        "no_data": t("rates-by-source.no_data"),
    }
    if r["other_population_years"]:
        labels["recomputed_other"] = t("rates-by-source.recomputed_other", years=", ".join(
            year(y) for y in r["other_population_years"]))
    rates_text = ChartText(
        chart_id="rates-by-source", lang=lang,
        title=t(f"rates-by-source.title.{variant}", **title_values),
        subtitle=t("rates-by-source.subtitle", **span),
        alt=t("rates-by-source.alt", peaks="; ".join(peaks) or t("none"),
              latest="; ".join(latest) or t("none"),
              events=counted(t, "rates-by-source.alt_events", r["events"]),
              changes=counted(t, "rates-by-source.alt_changes", r["counting_changes"]),
              **span),
        source_ids=computed.sources["rates-by-source"],
        as_of=computed.as_of["rates-by-source"],
        note=" ".join(rate_notes), labels=labels, variants={"title": variant},
        verbatim=rate_notes + events_quoted + changes_quoted)

    # --- (2) official counts ---------------------------------------------------------------
    c = n["charts"]["official-counts"]
    whole, wide = c["counts"], c["widest_spread"]
    variant = peak_latest_variant(whole)
    dash = fmt.number(None, lang)
    alt = dict(span, peak_low=dash, peak_high=dash, peak_year=t("none"), latest_low=dash,
               latest_high=dash, latest_year=t("none"), wide_year=t("none"), wide_low=dash,
               wide_high=dash)
    title_values = {}
    if whole is not None:
        alt.update(peak_low=fmt.whole(whole["peak_low"], lang),
                   peak_high=fmt.whole(whole["peak_high"], lang),
                   peak_year=year(whole["peak_year"]),
                   latest_low=fmt.whole(whole["latest_low"], lang),
                   latest_high=fmt.whole(whole["latest_high"], lang),
                   latest_year=year(whole["latest_year"]))
        # A published figure (the one most sources give), or the range: never an average.
        title_values = dict(
            peak=figure_or_range(whole, "peak", lang), peak_year=year(whole["peak_year"]),
            latest=figure_or_range(whole, "latest", lang),
            latest_year=year(whole["latest_year"]))
    if wide is not None:
        alt.update(wide_year=year(wide["year"]), wide_low=fmt.whole(wide["low"], lang),
                   wide_high=fmt.whole(wide["high"], lang))
    agencies = t.table("agencies")
    count_notes = notes(computed, "official-counts", lang)
    counts_text = ChartText(
        chart_id="official-counts", lang=lang,
        title=t(f"official-counts.title.{variant}", **title_values),
        subtitle=t("official-counts.subtitle", **span),
        alt=t("official-counts.alt", **alt),
        source_ids=computed.sources["official-counts"],
        as_of=computed.as_of["official-counts"],
        note=" ".join(count_notes),
        labels={
            "agencies": {a: agencies.get(a, a)
                         for a in computed.tables["count_agencies"]["agency"]},
            "partial": t("official-counts.partial"), "range": t("official-counts.range"),
            "changes_heading": t("changes"), "changes": changes, "strip": t("strip"),
            "axis": t("official-counts.axis"), "no_data": t("official-counts.no_data", **span),
            "values": {y: fmt.range_of(v["low"], v["high"], lang, 0)
                       for y, v in c["labelled"].items()},
        },
        variants={"title": variant}, verbatim=count_notes + changes_quoted)

    # --- (3) disagreement ------------------------------------------------------------------
    d = n["charts"]["disagreement"]
    wide_rate, wide_count = n["widest_rate_spread"], d["widest_count_spread"]
    variant = disagreement_variant(series, wide_rate, wide_count, d["jointly_validated_from"])
    series_text = t("all_series") if series == ALL else series_inline.get(series, series)
    alt = dict(span)
    for prefix, widest_, digits in (("rate", wide_rate, 1), ("count", wide_count, 0)):
        if widest_:
            alt.update({f"{prefix}_year": year(widest_["year"]),
                        f"{prefix}_low": fmt.number(widest_["low"], lang, digits),
                        f"{prefix}_high": fmt.number(widest_["high"], lang, digits),
                        f"{prefix}_pct": fmt.number(widest_["spread_pct"], lang, 0)})
        else:
            alt.update({f"{prefix}_year": t("disagreement.none"), f"{prefix}_low": dash,
                        f"{prefix}_high": dash, f"{prefix}_pct": dash})
    spread_notes = notes(computed, "disagreement", lang)
    spread_text = ChartText(
        chart_id="disagreement", lang=lang,
        title=t(f"disagreement.title.{variant}", year=year(d["jointly_validated_from"])),
        subtitle=t("disagreement.subtitle", series_text=series_text, **span),
        alt=t("disagreement.alt", **alt),
        source_ids=computed.sources["disagreement"], as_of=computed.as_of["disagreement"],
        note=" ".join(spread_notes),
        labels={
            "rates": t("disagreement.rates"), "counts": t("disagreement.counts"),
            "axis": t("disagreement.axis"), "tick_format": t.raw("disagreement.tick"),
            "values": {measure: {y: fmt.range_of(v["low"], v["high"], lang, digits)
                                 for y, v in d["labelled"][measure].items()}
                       for measure, digits in (("rate", 1), ("count", 0))},
        },
        variants={"title": variant}, verbatim=spread_notes)
    return {"rates-by-source": rates_text, "official-counts": counts_text,
            "disagreement": spread_text}
