"""Every sentence and label of the prisons charts, filled from the run's numbers (text.yml
holds the words in both languages)."""

from __future__ import annotations

import pandas as pd

from ... import fmt
from ...computed import Computed
from ...words import ChartText, Text
from .compute import ORGANISATIONS, RATE_SERIES

PER = 100_000  # rates are per 100,000 inhabitants


def year(iso_date: str) -> str:
    return iso_date[:4]


def precision_of(table: pd.DataFrame, date: str, **match) -> str:
    """The date precision of the first row of `table` on `date` (and matching `match`)."""
    rows = table[pd.to_datetime(table["date"]) == pd.Timestamp(date)]
    for column, value in match.items():
        rows = rows[rows[column] == value]
    return str(rows["date_precision"].iloc[0])


class Words:
    """The story's text in one language, with the few phrasings every chart shares."""

    def __init__(self, lang: str):
        self.lang = lang
        self.t = Text("prisons", lang)
        self.none = fmt.WORDS["none"][lang]

    def __call__(self, key: str, **values) -> str:
        return self.t(key, **values)

    def when(self, date: str, precision: str) -> str:
        return fmt.date(date, self.lang, precision)

    def by(self, date: str, precision: str) -> str:
        """A date after "by" ("hasta"): Spanish puts an article before a day."""
        return self(f"by_date.{precision}", date=self.when(date, precision))

    def share(self, low, high) -> tuple[str, str]:
        """A share in per cent as the chart states it, and which form it took."""
        if high is None:
            return self("share.open", share=fmt.percent(low, self.lang)), "open"
        if fmt.number(low, self.lang, 1) == fmt.number(high, self.lang, 1):
            return self("share.point", share=fmt.percent(low, self.lang)), "point"
        return self("share.range", low=fmt.number(low, self.lang, 1),
                    high=fmt.percent(high, self.lang)), "range"

    def kinds(self, kinds) -> dict[str, str]:
        return {kind: self(f"kinds.{kind}") for kind in kinds}


def population_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    table = computed.tables["prison-population"]
    latest, pre = n["latest_prison_population"], n["pre_regime_prison_population"]
    precision = precision_of(table, latest["date"], source_id=latest["source_id"])
    values = dict(latest=fmt.whole(latest["value"], w.lang),
                  when=w.when(latest["date"], precision),
                  first=year(n["prison_population_shown"]["first_date"]),
                  last=year(latest["date"]),
                  pre=fmt.range_of(pre["low"], pre["high"], w.lang),
                  kind=w(f"kinds.{latest['kind']}"),
                  regime_month=w.when(n["regime_start"], "month"))
    labels = {"kinds": w.kinds(k for k in ("count", "estimate", "lower_bound")
                               if (table["kind"] == k).any())}
    if (table["verification"] == "unverified").any():
        labels["unverified"] = w("prison-population.unverified")
    if n["prison_population_shown"]["first_date"] < n["regime_start"]:
        labels["regime"] = w("regime")
    if table["parts_sum"].notna().any():
        labels["parts"] = w("prison-population.parts")
    labels["axis"] = w("prison-population.axis")
    return ChartText(
        chart_id="prison-population", lang=w.lang,
        title=w("prison-population.title", **values),
        subtitle=w("prison-population.subtitle", **values),
        alt=w("prison-population.alt", **values),
        source_ids=computed.sources["prison-population"],
        as_of=computed.as_of["prison-population"], labels=labels)


def rate_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    shown = n["incarceration_rate_shown"]
    latest = shown["latest"]
    per = fmt.whole(PER, w.lang)

    def in_year(value: str, year_: int) -> str:
        return w("incarceration-rate.in_year", value=value, year=str(year_))

    unodc, comp = shown["unodc"], shown["computed"]
    precision = precision_of(computed.tables["rates-shown"], latest["date"])
    values = dict(
        per=per, latest=fmt.number(latest["value"], w.lang, 0),
        when=w.when(latest["date"], precision),
        first=str(shown["first_year"]), last=str(shown["last_year"]),
        unodc=w.none if unodc is None else in_year(fmt.number(unodc["value"], w.lang, 0),
                                                    unodc["year"]),
        wpb=w.none if shown["world_prison_brief_low"] is None else fmt.range_of(
            shown["world_prison_brief_low"], shown["world_prison_brief_high"], w.lang),
        computed=w.none if comp is None else in_year(
            fmt.range_of(comp["low"], comp["high"], w.lang), comp["year"]))
    series = computed.tables["rates-shown"]["series"]
    labels = {"series": {s: w(f"incarceration-rate.series.{s}") for s in RATE_SERIES
                         if (series == s).any()}}
    if shown["computed_rows"]:
        labels["series"]["computed"] = w("incarceration-rate.series.computed")
    if shown["first_date"] < n["regime_start"]:
        labels["regime"] = w("regime")
    labels["axis"] = w("incarceration-rate.axis", per=per)
    shows_computed = "with_computed" if shown["computed_rows"] else "reported_only"
    return ChartText(
        chart_id="incarceration-rate", lang=w.lang,
        title=w("incarceration-rate.title", **values),
        subtitle=w(f"incarceration-rate.subtitle.{shows_computed}", **values),
        alt=w("incarceration-rate.alt", **values),
        source_ids=computed.sources["incarceration-rate"],
        as_of=computed.as_of["incarceration-rate"], labels=labels,
        variants={"subtitle": shows_computed})


def arrests_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    latest, reports = n["latest_arrests"], n["arrests_reports"]
    precision = precision_of(computed.tables["arrests"], latest["date"],
                             source_id=latest["source_id"])
    bounds = reports["lower_bounds"]
    values = dict(
        latest=fmt.whole(latest["value"], w.lang), when=w.by(latest["date"], precision),
        kind=w(f"kinds.{latest['kind']}"),
        first=w.when(reports["first_date"], reports["first_date_precision"]),
        first_value=fmt.whole(reports["first_value"], w.lang),
        bounds=w(f"arrests.bounds.{fmt.plural(bounds, w.lang)}", n=fmt.whole(bounds, w.lang),
                 rows=fmt.whole(reports["rows"], w.lang)),
        regime=w.when(n["regime_start"], "day"))
    return ChartText(
        chart_id="arrests", lang=w.lang,
        title=w("arrests.title", **values), subtitle=w("arrests.subtitle", **values),
        alt=w("arrests.alt", **values),
        source_ids=computed.sources["arrests"], as_of=computed.as_of["arrests"],
        labels={"kinds": w.kinds(["count", "approx", "lower_bound"]),
                "axis": w("arrests.axis")})


def deaths_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    table = computed.tables["deaths-in-custody"]
    latest, reports = n["deaths_in_custody"], n["deaths_in_custody_reports"]

    def value(org: str) -> str:
        return fmt.whole(latest[org]["value"], w.lang) if org in latest else w.none

    def when(org: str) -> str:
        if org not in latest:
            return w.none
        date = latest[org]["date"]
        return w.when(date, precision_of(table, date, organisation=org))

    flagged = reports["flagged"]
    values = dict(
        sjh=value("socorro_juridico"), sjh_date=when("socorro_juridico"),
        cristosal=value("cristosal"), cristosal_date=when("cristosal"),
        other=w.none if reports["other_highest"] is None else fmt.whole(
            reports["other_highest"], w.lang),
        flagged=w(f"deaths-in-custody.flagged_count.{fmt.plural(flagged, w.lang)}",
                  n=fmt.whole(flagged, w.lang)),
        regime_month=w.when(n["regime_start"], "month"))
    flags = [f for f in table["flag"] if isinstance(f, str)]
    labels = {
        "organisations": {o: w(f"deaths-in-custody.organisations.{o}") for o in ORGANISATIONS
                          if (table["organisation"] == o).any()},
        "kinds": w.kinds(["count", "approx", "lower_bound"]),
        "flagged": w("deaths-in-custody.flagged"),
        "flags": {f: w(f"deaths-in-custody.flags.{f}") for f in dict.fromkeys(flags)},
        "axis": w("deaths-in-custody.axis"),
    }
    return ChartText(
        chart_id="deaths-in-custody", lang=w.lang,
        title=w("deaths-in-custody.title", **values),
        subtitle=w("deaths-in-custody.subtitle", **values),
        alt=w("deaths-in-custody.alt", **values),
        source_ids=computed.sources["deaths-in-custody"],
        as_of=computed.as_of["deaths-in-custody"], labels=labels)


def share_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    latest, series = n["cecot_share"], n["cecot_share_series"]
    reports = computed.tables["cecot-reports"].set_index("report_id")
    first = series["first"]

    def when(report: dict) -> str:
        return w.when(report["date"], reports.loc[report["report_id"], "date_precision"])

    latest_text, latest_form = w.share(latest["low"], latest["high"])
    first_text, _ = w.share(first["low"], first["high"])
    # The first share is the count after the second transfer only if two were reported by then.
    finding = "after_second_transfer" if series["transfers_by_first_date"] == 2 \
        else "first_report"
    values = dict(latest=latest_text, when=when(latest),
                  gap=fmt.whole(series["max_gap_days"], w.lang),
                  first=year(series["first_date"]), last=year(series["last_date"]),
                  first_share=first_text, first_when=when(first))
    return ChartText(
        chart_id="cecot-share", lang=w.lang,
        title=w("cecot-share.title", **values), subtitle=w("cecot-share.subtitle", **values),
        alt=w(f"cecot-share.alt.{finding}", **values),
        source_ids=computed.sources["cecot-share"], as_of=computed.as_of["cecot-share"],
        labels={"kinds": w.kinds(["count", "approx", "range", "lower_bound"]),
                "axis": w("cecot-share.axis")},
        variants={"alt": finding, "latest_share": latest_form})


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    w = Words(lang)
    return {"prison-population": population_text(computed, w),
            "incarceration-rate": rate_text(computed, w),
            "arrests": arrests_text(computed, w),
            "deaths-in-custody": deaths_text(computed, w),
            "cecot-share": share_text(computed, w)}
