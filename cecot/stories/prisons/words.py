"""Every sentence and label of the prisons charts, filled from the run's numbers (text.yml
holds the words in both languages)."""

from __future__ import annotations

import pandas as pd

from ... import fmt
from ...computed import Computed
from ...ranges import Span
from ...reports import drawn_kinds
from ...words import ChartText, Text
from .compute import ORGANISATIONS, ORIGINS, RATE_SERIES

PER = 100_000  # rates are per 100,000 inhabitants
FOLDS = (2, 3, 4)  # "about doubled", "tripled", "quadrupled"


def year(iso_date: str) -> str:
    return iso_date[:4]


def precision_of(table: pd.DataFrame, date: str, **match) -> str:
    """The date precision of the first row of `table` on `date` (and matching `match`)."""
    rows = table[pd.to_datetime(table["date"]) == pd.Timestamp(date)]
    for column, value in match.items():
        rows = rows[rows[column] == value]
    return str(rows["date_precision"].iloc[0])


def growth_variant(growth: dict, latest_kind: str) -> str:
    """How the latest prison population compares with the one before the state of exception
    (a range of ratios): about two, three or four times when both ends round to it."""
    low, high = growth["ratio_low"], growth["ratio_high"]
    if latest_kind == "lower_bound":
        return "at_least" if low >= 1.5 else "little_changed"
    if high < 0.9:
        return "fell"
    if low >= 0.9 and high < 1.5:
        return "little_changed"
    if round(low) == round(high) and round(low) in FOLDS:
        return f"about_{round(low)}"
    return "times"


def compared(low: float, high: float, before_low: float, before_high: float) -> str:
    """A later range against an earlier one: up, down, or overlapping."""
    if low > before_high:
        return "up"
    if high < before_low:
        return "down"
    return "overlap"


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

    def at(self, date: str, precision: str) -> str:
        """A date after "in" / "on" ("en" / "el"), as precisely as it was reported."""
        return self(f"at_date.{precision}", date=self.when(date, precision))

    def share(self, low, high) -> tuple[str, str]:
        """A share in per cent as the chart states it, and which form it took."""
        if high is None:
            return self("share.open", share=fmt.percent(low, self.lang)), "open"
        if fmt.number(low, self.lang, 1) == fmt.number(high, self.lang, 1):
            return self("share.point", share=fmt.percent(low, self.lang)), "point"
        return self("share.range", low=fmt.number(low, self.lang, 1),
                    low_share=fmt.percent(low, self.lang),
                    high=fmt.percent(high, self.lang)), "range"

    def kinds(self, kinds) -> dict[str, str]:
        return {kind: self(f"kinds.{kind}") for kind in kinds}

    def bodies(self, keys) -> list[str]:
        return [self(f"bodies.{key}") for key in dict.fromkeys(keys) if key]

    def rate(self, low, high) -> str:
        """A rate per 100,000, whole: one figure, or a range when its ends differ."""
        return fmt.range_of(low, high, self.lang)


def to_month(precision: str) -> str:
    """A title's date precision: the month at most (the alt text gives the day)."""
    return "year" if precision == "year" else "month"


def population_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    table = computed.tables["prison-population"]
    latest, pre = n["latest_prison_population"], n["pre_regime_prison_population"]
    precision = precision_of(table, latest["date"], source_id=latest["source_id"])
    variant = growth_variant(n["growth_since_pre_regime"], latest["kind"])
    growth = n["growth_since_pre_regime"]
    ratio = fmt.number(growth["ratio_low"], w.lang, 1) if variant == "at_least" else \
        fmt.range_of(growth["ratio_low"], growth["ratio_high"], w.lang, 1)
    latest_text = w(f"prison-population.latest.{latest['kind']}",
                    value=fmt.whole(latest["value"], w.lang))
    values = dict(latest=latest_text, ratio=ratio,
                  at_when=w.at(latest["date"], precision),
                  first=year(n["prison_population_shown"]["first_date"]),
                  last=year(latest["date"]),
                  pre=fmt.range_of(pre["low"], pre["high"], w.lang),
                  at_pre_when=w.at(pre["date"], precision_of(computed.tables["prison"],
                                                             pre["date"])),
                  regime_month=w.when(n["regime_start"], "month"))
    labels = {"origins": {o: w(f"origins.{o}") for o in ORIGINS
                          if (table["origin"] == o).any()},
              "kinds": w.kinds(drawn_kinds(table, ("count", "estimate", "lower_bound")))}
    if (table["verification"] == "unverified").any():
        labels["unverified"] = w("prison-population.unverified")
    if n["prison_population_shown"]["first_date"] < n["regime_start"]:
        labels["regime"] = w("regime")
    if table["parts_sum"].notna().any():
        labels["parts"] = w("prison-population.parts")
    labels["axis"] = w("prison-population.axis")
    return ChartText(
        chart_id="prison-population", lang=w.lang,
        title=w(f"prison-population.title.{variant}", **values),
        subtitle=w("prison-population.subtitle", **values),
        alt=w("prison-population.alt", **values),
        source_ids=computed.sources["prison-population"],
        as_of=computed.as_of["prison-population"], labels=labels,
        originators=w.bodies(table.sort_values(
            "origin", key=lambda s: s.map({o: i for i, o in enumerate(ORIGINS)}),
            kind="stable")["body"]),
        variants={"title": variant})


def rate_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    shown = n["incarceration_rate_shown"]
    reported = shown["latest"]
    per = fmt.whole(PER, w.lang)
    rates = computed.tables["rates-shown"]

    def in_year(value: str, year_: int) -> str:
        return w("incarceration-rate.in_year", value=value, year=str(year_))

    unodc, comp = shown["unodc"], shown["computed"]
    pre = n["computed_incarceration_rate_pre_regime"]
    values = dict(
        per=per, latest_reported=fmt.number(reported["value"], w.lang, 0),
        at_reported_when=w.at(reported["date"], precision_of(rates, reported["date"])),
        first=str(shown["first_year"]), last=str(shown["last_year"]),
        unodc=w.none if unodc is None else in_year(fmt.number(unodc["value"], w.lang, 0),
                                                    unodc["year"]),
        wpb=w.none if shown["world_prison_brief_low"] is None else fmt.range_of(
            shown["world_prison_brief_low"], shown["world_prison_brief_high"], w.lang),
        computed=w.none if comp is None else in_year(
            w.rate(comp["low"], comp["high"]), comp["year"]))
    if comp is None:
        variant = "reported_only"
    else:
        latest = w.rate(comp["low"], comp["high"])
        if comp["kind"] == "lower_bound":
            latest = fmt.more_than(fmt.number(comp["low"], w.lang, 0), w.lang)
        values.update(latest=latest, at_when=w.at(comp["date"], comp["date_precision"]))
        if pre is None or pre["date"] >= n["regime_start"] or comp["date"] < n["regime_start"]:
            variant = "no_comparison"
        else:
            variant = compared(comp["low"], comp["high"] if comp["kind"] != "lower_bound"
                               else float("inf"), pre["low"], pre["high"])
            values["pre"] = w.rate(pre["low"], pre["high"])
    series = rates["series"]
    labels = {"series": {s: w(f"incarceration-rate.series.{s}") for s in RATE_SERIES
                         if (series == s).any()}}
    if shown["computed_rows"]:
        labels["series"]["computed"] = w("incarceration-rate.series.computed")
    ranges = computed.tables["computed-rate-ranges-shown"]
    both = pd.concat([rates[["date", "date_precision"]].assign(kind="rate"),
                      ranges[["date", "date_precision", "kind"]]], ignore_index=True)
    labels["kinds"] = w.kinds(k for k in drawn_kinds(both, ("lower_bound",)))
    cited = shown["citation_dated"]
    if cited:
        labels["cited"] = w("incarceration-rate.cited_label")
    if shown["first_date"] < n["regime_start"]:
        labels["regime"] = w("regime")
    labels["marked"] = {} if variant == "reported_only" else {"latest": values["latest"]}
    if "pre" in values:
        labels["marked"]["pre"] = values["pre"]
    labels["axis"] = w("incarceration-rate.axis", per=per)
    note = " ".join(w(f"incarceration-rate.cited.{c['refers_to']}",
                      series=w(f"incarceration-rate.series.{c['series']}"),
                      value=fmt.number(c["value"], w.lang, 0),
                      date=w.when(c["date"], precision_of(rates, c["date"],
                                                          source_id=c["source_id"])))
                    for c in cited)
    shows_computed = "with_computed" if shown["computed_rows"] else "reported_only"
    bodies = [b for b, s in (("unodc", "unodc"), ("world_prison_brief", "world_prison_brief"))
              if (series == s).any()]
    return ChartText(
        chart_id="incarceration-rate", lang=w.lang,
        title=w(f"incarceration-rate.title.{variant}", **values),
        subtitle=w(f"incarceration-rate.subtitle.{shows_computed}", **values),
        alt=w("incarceration-rate.alt", **values), note=note,
        source_ids=computed.sources["incarceration-rate"],
        as_of=computed.as_of["incarceration-rate"], labels=labels,
        originators=w.bodies(bodies),
        variants={"subtitle": shows_computed, "title": variant})


def arrests_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    table = computed.tables["arrests"]
    latest, reports, pace = n["latest_arrests"], n["arrests_reports"], n["arrests_pace"]
    precision = precision_of(table, latest["date"], source_id=latest["source_id"])
    bounds = reports["lower_bounds"]
    values = dict(
        latest=fmt.whole(latest["value"], w.lang), when=w.by(latest["date"], precision),
        kind=w(f"arrests.kind.{latest['kind']}"),
        first=w.when(reports["first_date"], reports["first_date_precision"]),
        first_reported=fmt.whole(reports["first_value"], w.lang),
        bounds=w(f"arrests.bounds.{fmt.plural(bounds, w.lang)}", n=fmt.whole(bounds, w.lang),
                 rows=fmt.whole(reports["rows"], w.lang)),
        regime=w.when(n["regime_start"], "day"))
    variant = "latest"
    labels = {"kinds": w.kinds(drawn_kinds(table)), "axis": w("arrests.axis")}
    if pace is not None and pace["finding"] in ("slowed", "quickened"):
        variant = pace["finding"]
        first, last = pace["first"], pace["latest"]
        values.update(first_value=fmt.whole(first["value"], w.lang),
                      first_when=w.by(first["date"], to_month(first["date_precision"])),
                      latest=fmt.whole(last["value"], w.lang),
                      when=w.by(last["date"], to_month(last["date_precision"])))
        labels["marked"] = {"first": values["first_value"], "latest": values["latest"]}
        labels["first_year"] = w("arrests.first_year")
    else:
        labels["marked"] = {"latest": values["latest"]}
    return ChartText(
        chart_id="arrests", lang=w.lang,
        title=w(f"arrests.title.{variant}", **values),
        subtitle=w("arrests.subtitle", **values),
        alt=w("arrests.alt", **values),
        source_ids=computed.sources["arrests"], as_of=computed.as_of["arrests"],
        labels=labels, originators=w.bodies(["mjsp", "pnc"]), variants={"title": variant})


def deaths_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    table = computed.tables["deaths-in-custody"]
    drawn = computed.tables["death-reports"]
    latest, reports = n["deaths_in_custody"], n["deaths_in_custody_reports"]

    def value(org: str) -> str:
        return fmt.whole(latest[org]["value"], w.lang) if org in latest else w.none

    def when(org: str) -> str:
        if org not in latest:
            return w.none
        date = latest[org]["date"]
        return w.when(date, precision_of(table, date, organisation=org))

    subsets = drawn[drawn["flag"] == "subset"]["low"]
    caveats = ""
    for flag, count in reports["flags"].items():
        caveats += w(f"deaths-in-custody.caveats.{flag}.{fmt.plural(count, w.lang)}",
                     n=fmt.whole(count, w.lang),
                     values=", ".join(fmt.whole(v, w.lang) for v in subsets))
    values = dict(
        sjh=value("socorro_juridico"), sjh_date=when("socorro_juridico"),
        cristosal=value("cristosal"), cristosal_date=when("cristosal"),
        other=w.none if reports["other_highest"] is None else fmt.whole(
            reports["other_highest"], w.lang),
        caveats=caveats, regime_month=w.when(n["regime_start"], "month"))
    flag_labels = {}
    for index, record in drawn.iterrows():
        if isinstance(record["flag"], str):
            flag_labels[index] = w(f"deaths-in-custody.flags.{record['flag']}",
                                   value=fmt.whole(record["low"], w.lang))
    organisations = [o for o in ORGANISATIONS if (table["organisation"] == o).any()]
    labels = {
        "organisations": {o: w(f"deaths-in-custody.organisations.{o}") for o in organisations},
        # Direct labels at the end of each organisation's line, the title's (Socorro
        # Jurídico's) first: a phone-sized chart keeps only that one.
        "ends": {o: w(f"deaths-in-custody.ends.{o}", value=value(o))
                 for o in ("socorro_juridico", "cristosal") if o in latest},
        "kinds": w.kinds(drawn_kinds(table)),
        "flagged": w("deaths-in-custody.flagged"),
        "flags": flag_labels,
        "axis": w("deaths-in-custody.axis"),
    }
    return ChartText(
        chart_id="deaths-in-custody", lang=w.lang,
        title=w("deaths-in-custody.title", **values),
        subtitle=w("deaths-in-custody.subtitle", **values),
        alt=w("deaths-in-custody.alt", **values),
        source_ids=computed.sources["deaths-in-custody"],
        as_of=computed.as_of["deaths-in-custody"], labels=labels,
        originators=w.bodies(o for o in ("socorro_juridico", "cristosal")
                             if o in organisations))


def share_text(computed: Computed, w: Words) -> ChartText:
    n = computed.numbers
    latest, series = n["cecot_share"], n["cecot_share_series"]
    shares = computed.tables["cecot-share"]
    reports = computed.tables["cecot-reports"].set_index("report_id")
    first = series["first"]

    def when(report: dict) -> str:
        return w.when(report["date"], reports.loc[report["report_id"], "date_precision"])

    def month_at(report: dict) -> str:
        """A title's date: to the month at most (a title states the month, the alt the day)."""
        precision = reports.loc[report["report_id"], "date_precision"]
        return w.at(report["date"], "year" if precision == "year" else "month")

    latest_text, latest_form = w.share(latest["low"], latest["high"])
    first_text, _ = w.share(first["low"], first["high"])
    # The first share is the count after the second transfer only if two were reported by then.
    finding = "after_second_transfer" if series["transfers_by_first_date"] == 2 \
        else "first_report"
    values = dict(latest=latest_text, when=when(latest), at_when=month_at(latest),
                  gap=fmt.whole(series["max_gap_days"], w.lang),
                  first=year(series["first_date"]), last=year(series["last_date"]),
                  first_share=first_text, first_when=when(first),
                  at_first_when=month_at(first))
    if first["report_id"] == latest["report_id"]:
        title = "one_report"
    else:
        high = latest["high"] if latest["high"] is not None else float("inf")
        title = compared(latest["low"], high, first["low"], first["high"]
                         if first["high"] is not None else float("inf"))
    set_aside = series["not_headline"]
    items = []
    for report in set_aside:
        share, _ = w.share(report["low"], report["high"])
        row = reports.loc[report["report_id"]]
        count = fmt.span(Span.of_report(report["kind"], report["cecot_low"],
                                        report["cecot_high"]), w.lang)
        items.append(w(f"cecot-share.set_aside.{report['because']}", count=count, share=share,
                       date=w.when(report["date"], row["date_precision"])))
    note = w(f"cecot-share.note.{fmt.plural(len(items), w.lang)}",
             items="; ".join(items)) if items else ""
    labels = {"kinds": w.kinds(drawn_kinds(shares)), "axis": w("cecot-share.axis"),
              "set_aside": {r["report_id"]: w(f"cecot-share.labels.{r['because']}")
                            for r in set_aside},
              "marked": {r["report_id"]: fmt.percent(r["low"], w.lang)
                         for r in (first, latest)}}
    return ChartText(
        chart_id="cecot-share", lang=w.lang,
        title=w(f"cecot-share.title.{title}", **values),
        subtitle=w("cecot-share.subtitle", **values),
        alt=w(f"cecot-share.alt.{finding}", **values), note=note,
        source_ids=computed.sources["cecot-share"], as_of=computed.as_of["cecot-share"],
        labels=labels,
        originators=w.bodies(b for cell in shares["national_bodies"] for b in cell.split(";")),
        variants={"alt": finding, "latest_share": latest_form, "title": title})


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    w = Words(lang)
    return {"prison-population": population_text(computed, w),
            "incarceration-rate": rate_text(computed, w),
            "arrests": arrests_text(computed, w),
            "deaths-in-custody": deaths_text(computed, w),
            "cecot-share": share_text(computed, w)}
