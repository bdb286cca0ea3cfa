"""Every sentence and label of the homicide charts, filled from the run's numbers (text.yml
holds the words in both languages; event labels and caveat notes are quoted from data/)."""

from __future__ import annotations

import pandas as pd

from ... import fmt
from ...computed import Computed
from ...words import ChartText, Text, credit_name
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


def fall_words(change: dict | None, lang: str) -> str | None:
    """The fall from a peak to the latest year as the range of every pair of figures allows:
    "98%", or "97–98%" when the ends round apart. None when some pair shows a fall of less than
    half a per cent, or a rise: then no fall is stated."""
    if change is None:
        return None
    smallest, largest = -change["change_pct_high"], -change["change_pct_low"]
    if smallest < 0.5:
        return None
    if fmt.number(smallest, lang, 0) == fmt.number(largest, lang, 0):
        return fmt.percent(largest, lang, 0)
    return fmt.number(smallest, lang, 0) + fmt.WORDS["dash"][lang] + fmt.percent(largest, lang, 0)


def rates_variant(summary: dict | None, fall: str | None) -> str:
    """The rate title the numbers make true: a fall every pair of figures shows, a peak and a
    later year, one year, or no figure."""
    variant = peak_latest_variant(summary)
    return "fell" if variant == "peak_latest" and fall else variant


def counts_variant(summary: dict | None) -> str:
    """The counts title: "fell" when every latest figure lies below every peak figure, "went"
    when they overlap; one year; no figure."""
    variant = peak_latest_variant(summary)
    if variant != "peak_latest":
        return variant
    return "fell" if summary["latest_high"] < summary["peak_low"] else "went"


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


def key_date(row, lang: str) -> str:
    return fmt.date(row.date, lang, row.date_precision, short=True)


def key_items(t: Text, rows: pd.DataFrame, label_of) -> tuple[list[str], list[str]]:
    """Chart key items, "date: label", and the labels quoted from data/."""
    items, quoted = [], []
    for row in rows.itertuples():
        label, verbatim = label_of(row)
        items.append(t("key_item", date=key_date(row, t.lang), label=label))
        if verbatim:
            quoted.append(label)
    return items, quoted


def originators(t: Text, agencies, international: bool = False) -> list[str]:
    """The bodies whose figures a chart shows, as its source line names them first: UNODC when
    its series is drawn, then each agency that counted (not "government": no one body)."""
    names = t.table("originators")
    out = [credit_name("UNODC", t.lang)] if international else []
    return out + [names.get(a) or credit_name(a, t.lang) for a in agencies if a != "government"]


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = Text("homicides", lang)
    n, params = computed.numbers, computed.params
    series = params["series"]
    span = dict(start=year(params["start_year"]), end=year(params["end_year"]))
    series_labels = t.table("series")
    series_inline = t.table("series_in_text")
    according = "" if series == ALL else t.table("series_according").get(series, "")
    change_labels = t.table("change_labels")
    agencies = list(computed.tables["count_agencies"]["agency"])

    def event_label(row):
        return getattr(row, f"label_{lang}"), True

    def change_label(row):
        if row.change_id in change_labels:
            return change_labels[row.change_id], False
        return short_change(getattr(row, f"description_{lang}")), True

    change_rows = computed.tables["counting_changes"]
    changes, changes_quoted = key_items(t, change_rows, change_label)
    # On a phone the changes are their dates only.
    changes_dates = t("changes_dates", dates=", ".join(
        key_date(row, lang) for row in change_rows.itertuples())) if len(change_rows) else ""

    # --- (1) rates by source ---------------------------------------------------------------
    r = n["charts"]["rates-by-source"]
    rates = r["rates"]
    fall = fall_words(r["peak_to_latest"], lang)
    variant = rates_variant(rates, fall)
    title_values, subtitle_variant = {}, "plain"
    if rates is not None:
        digits = title_digits(rates["peak_high"]), title_digits(rates["latest_high"])
        title_values = dict(
            according=according, fall=fall,
            peak=fmt.range_of(rates["peak_low"], rates["peak_high"], lang, digits[0]),
            peak_year=year(rates["peak_year"]),
            latest=fmt.range_of(rates["latest_low"], rates["latest_high"], lang, digits[1]),
            latest_year=year(rates["latest_year"]))
        subtitle_variant = "figures" if variant == "fell" else "plain"
    rules = variant in ("fell", "peak_latest") and bool(r["changes_between"])
    rules_words = t("rates-by-source.rules") if rules else ""
    rates_title = t(f"rates-by-source.title.{variant}", **title_values) + rules_words
    # The alt text gives the figures the fall is measured on, before the rules.
    alt_title = rates_title if variant != "fell" else (
        t(f"rates-by-source.title.{variant}", **title_values)
        + t("rates-by-source.alt_figures", **title_values) + rules_words)
    peaks, latest = [], []
    for name, summary in r["by_series"].items():
        if name in r["republished"] and not r["republished"][name]["own_years"]:
            continue  # the same figures as its original's, listed once
        inline = series_inline.get(name, name)
        peaks.append(t("rates-by-source.alt_peak", series=inline, year=year(summary["peak_year"]),
                       value=fmt.range_of(summary["peak_low"], summary["peak_high"], lang, 1)))
        latest.append(t("rates-by-source.alt_latest", series=inline,
                        year=year(summary["latest_year"]),
                        value=fmt.range_of(summary["latest_low"], summary["latest_high"],
                                           lang, 1)))
    event_rows = computed.tables["events"]
    events, events_quoted = key_items(t, event_rows, event_label)
    key_events = [item for item, key in zip(events, event_rows["key"]) if key]
    rate_notes = notes(computed, "rates-by-source", lang)
    legend = {name: series_labels.get(name, name) for name in r["by_series"]}
    for name, link in r["republished"].items():  # drawn once, as the original
        legend[link["of"]] = t("republished.original", original=legend[link["of"]],
                               republisher=legend[name])
        legend[name] = t("republished.own", republisher=legend[name])
    labels = {
        "series": legend,
        "recomputed": t("rates-by-source.recomputed"), "range": t("rates-by-source.range"),
        "events_heading": t("events"), "events": events, "key_events": key_events,
        "changes_heading": t("changes"), "changes": changes, "changes_dates": changes_dates,
        "axis": t("rates-by-source.axis"), "no_data": t("rates-by-source.no_data"),
    }
    if r["other_population_years"]:
        labels["recomputed_other"] = t("rates-by-source.recomputed_other", years=", ".join(
            year(y) for y in r["other_population_years"]))
    drawn_recomputed = len(computed.tables["recomputed_drawn"]) > 0
    rates_text = ChartText(
        chart_id="rates-by-source", lang=lang, title=rates_title,
        subtitle=t(f"rates-by-source.subtitle.{subtitle_variant}", **title_values, **span),
        alt=t("rates-by-source.alt", title=alt_title, peaks="; ".join(peaks) or t("none"),
              latest="; ".join(latest) or t("none"),
              events=counted(t, "rates-by-source.alt_events", r["events"]),
              changes=counted(t, "rates-by-source.alt_changes", r["counting_changes"]),
              **span),
        source_ids=computed.sources["rates-by-source"],
        as_of=computed.as_of["rates-by-source"],
        note=" ".join(rate_notes), labels=labels,
        variants={"title": variant, "rules": str(rules)},
        verbatim=rate_notes + events_quoted + changes_quoted,
        originators=originators(t, agencies if drawn_recomputed else [],
                                international=bool({"unodc", "world_bank"} & set(legend))))

    # --- (2) official counts ---------------------------------------------------------------
    c = n["charts"]["official-counts"]
    whole, wide = c["counts"], c["widest_spread"]
    variant = counts_variant(whole)
    dash = fmt.number(None, lang)
    alt = dict(span, peak_low=dash, peak_high=dash, peak_year=t("none"), latest_low=dash,
               latest_high=dash, latest_year=t("none"), wide_year=t("none"), wide_low=dash,
               wide_high=dash)
    title_values = {}
    values = {y: fmt.range_of(v["low"], v["high"], lang, 0) for y, v in c["labelled"].items()}
    narrow_values = {}
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
        # The peak and the latest year carry their range on every size; other years whose
        # figures lie apart only on the full size.
        for which in ("peak", "latest"):
            narrow_values[year(whole[f"{which}_year"])] = fmt.range_of(
                whole[f"{which}_low"], whole[f"{which}_high"], lang, 0)
        values.update(narrow_values)
    rules = variant in ("fell", "went") and bool(c["changes_between"])
    counts_title = t(f"official-counts.title.{variant}", **title_values) + (
        t("official-counts.rules") if rules else "")
    if wide is not None:
        alt.update(wide_year=year(wide["year"]), wide_low=fmt.whole(wide["low"], lang),
                   wide_high=fmt.whole(wide["high"], lang))
    agency_labels, agency_short = t.table("agencies"), t.table("agencies_short")
    count_notes = notes(computed, "official-counts", lang)
    counts_text = ChartText(
        chart_id="official-counts", lang=lang, title=counts_title,
        subtitle=t("official-counts.subtitle", **span),
        alt=t("official-counts.alt", title=counts_title,
              changes=counted(t, "rates-by-source.alt_changes", len(change_rows)), **alt),
        source_ids=computed.sources["official-counts"],
        as_of=computed.as_of["official-counts"],
        note=" ".join(count_notes),
        labels={
            "agencies": {a: agency_labels.get(a, a) for a in agencies},
            "partial": t("official-counts.partial"), "range": t("official-counts.range"),
            # The legend on a phone.
            "short": {"agencies": {a: agency_short.get(a, agency_labels.get(a, a))
                                   for a in agencies},
                      "partial": t("official-counts.partial_short"),
                      "range": t("official-counts.range_short")},
            "changes_heading": t("changes"), "changes": changes,
            "changes_dates": changes_dates,
            "axis": t("official-counts.axis"), "no_data": t("official-counts.no_data", **span),
            "values": dict(sorted(values.items())), "narrow_values": narrow_values,
        },
        variants={"title": variant, "rules": str(rules)},
        verbatim=count_notes + changes_quoted, originators=originators(t, agencies))

    # --- (3) disagreement ------------------------------------------------------------------
    d = n["charts"]["disagreement"]
    wide_rate, wide_count = n["widest_rate_spread"], d["widest_count_spread"]
    variant = disagreement_variant(series, wide_rate, wide_count, d["jointly_validated_from"])
    series_text = t("all_series") if series == ALL else series_inline.get(series, series)
    spread_title = t(f"disagreement.title.{variant}", year=year(d["jointly_validated_from"]))
    alt = dict(span)
    widest_years = {}
    for prefix, widest_, digits in (("rate", wide_rate, 1), ("count", wide_count, 0)):
        if widest_:
            widest_years[prefix] = {"year": year(widest_["year"]), "text": t(
                "key_item", date=year(widest_["year"]),
                label=fmt.range_of(widest_["low"], widest_["high"], lang, digits))}
            alt.update({f"{prefix}_year": year(widest_["year"]),
                        f"{prefix}_low": fmt.number(widest_["low"], lang, digits),
                        f"{prefix}_high": fmt.number(widest_["high"], lang, digits),
                        f"{prefix}_pct": fmt.percent(widest_["spread_pct"], lang, 0)})
        else:
            alt.update({f"{prefix}_year": t("disagreement.none"), f"{prefix}_low": dash,
                        f"{prefix}_high": dash, f"{prefix}_pct": dash})
    spread_notes = notes(computed, "disagreement", lang)
    spread_text = ChartText(
        chart_id="disagreement", lang=lang, title=spread_title,
        subtitle=t("disagreement.subtitle", series_text=series_text, **span),
        alt=t("disagreement.alt", title=spread_title, **alt),
        source_ids=computed.sources["disagreement"], as_of=computed.as_of["disagreement"],
        note=" ".join(spread_notes),
        labels={
            "rates": t("disagreement.rates"), "counts": t("disagreement.counts"),
            "agree": t("disagreement.agree"), "single": t("disagreement.single"),
            "values": {measure: {y: fmt.range_of(v["low"], v["high"], lang, digits)
                                 for y, v in d["labelled"][measure].items()}
                       for measure, digits in (("rate", 1), ("count", 0))},
            # The widest gap of each measure: the one label a phone-sized chart keeps.
            "widest": widest_years,
        },
        variants={"title": variant}, verbatim=spread_notes,
        originators=originators(t, agencies, international=bool(
            {"unodc", "world_bank"} & set(n["series"]))))
    return {"rates-by-source": rates_text, "official-counts": counts_text,
            "disagreement": spread_text}
