"""Every sentence of the costs charts, filled from the run's numbers (text.yml holds the words
in both languages)."""

from __future__ import annotations

import math

from ... import fmt
from ...computed import Computed
from ...reports import drawn_kinds
from ...words import ChartText, Text


def per_guard(low: float, high: float | None, kind: str, lang: str) -> tuple[str, str]:
    """Prisoners per guard in whole people, and which words it takes: a floor ("more than")
    rounds down, so "at least" stays true; a range rounds outwards; anything else is "about"
    its nearest whole number unless it is whole already."""
    if high is None or (isinstance(high, float) and math.isnan(high)):
        return "at_least", fmt.whole(math.floor(round(low, 6)), lang)
    if kind == "range" and high - low > 1e-9:
        return "range", fmt.range_of(math.floor(round(low, 6)), math.ceil(round(high, 6)), lang)
    if abs(low - round(low)) < 1e-9:
        return "exact", fmt.whole(low, lang)
    return "about", fmt.whole(low, lang)


def family_text(computed: Computed, t: Text, lang: str) -> ChartText:
    n = computed.numbers
    parts = t.table("parts")
    family = computed.tables["family-payment"]
    part_rows = family[~family["item"].isin(["reported_total", "parameter"])]
    scenario = "parameter" in set(family["item"])
    variant = "scenario" if scenario else "reported"
    values = dict(
        reported=fmt.money(n["family_payment_reported_total_usd"], lang),
        total=fmt.money(n["family_payment_monthly_usd"], lang),
        year=fmt.money(n["family_payment_yearly_usd"], lang),
        sum=fmt.money(n["family_payment_parts_sum_usd"], lang),
        published=fmt.date(n["family_payment_published"], lang, "month", short=True),
        parts="; ".join(f"{parts.get(item, item).lower()} US${fmt.money(v, lang)}"
                        for item, v in n["family_payment_parts_usd"].items()))
    labels = {"bars": [parts.get(item, item) for item in part_rows["item"]]
              + [t("family-payment.total")],
              "values": [f"US${fmt.money(v, lang)}" for v in part_rows["usd_per_month"]]
              + [f"US${values['reported']}"],
              "axis": t("usd_month")}
    if scenario:
        labels["scenario"] = t("family-payment.scenario", **values)
    return ChartText(
        chart_id="family-payment", lang=lang,
        title=t("family-payment.title", **values),
        subtitle=t(f"family-payment.subtitle.{variant}", **values),
        alt=t(f"family-payment.alt.{variant}", **values),
        source_ids=computed.sources["family-payment"],
        as_of=computed.as_of["family-payment"],
        labels=labels, variants={"subtitle": variant})


def cost_text(computed: Computed, t: Text, lang: str) -> ChartText:
    n = computed.numbers
    place = n["cost_per_place_usd"]
    claimed = n["construction_cost_claimed"]
    variant = "claim" if claimed else "scenario"
    cost = dict(cost=fmt.money(place["construction_cost_usd"], lang),
                at_capacity=fmt.money(place["at_capacity"]["value"], lang),
                at_alt=fmt.money(place["at_alt_capacity"]["value"], lang),
                capacity=fmt.whole(place["at_capacity"]["capacity"], lang),
                alt_capacity=fmt.whole(place["at_alt_capacity"]["capacity"], lang),
                claimed=fmt.date(claimed, lang, "year") if claimed else "")
    return ChartText(
        chart_id="cost-per-place", lang=lang,
        title=t(f"cost-per-place.title.{variant}", **cost),
        subtitle=t(f"cost-per-place.subtitle.{variant}", **cost),
        alt=t(f"cost-per-place.alt.{variant}", **cost),
        source_ids=computed.sources["cost-per-place"],
        as_of=computed.as_of["cost-per-place"],
        labels={"bars": [t("cost-per-place.label", capacity=cost["capacity"],
                           which=t("cost-per-place.stated")),
                         t("cost-per-place.label", capacity=cost["alt_capacity"],
                           which=t("cost-per-place.alternative"))],
                "values": [f"US${cost['at_capacity']}", f"US${cost['at_alt']}"],
                "unverified": t(f"cost-per-place.unverified.{variant}"),
                "axis": t("cost-per-place.axis")},
        variants={"title": variant, "subtitle": variant})


def guard_text(computed: Computed, t: Text, lang: str) -> ChartText:
    n = computed.numbers
    staff = n["prisoners_per_guard"]
    latest = staff["latest"]
    table = computed.tables["per_guard"]
    variant, shown = per_guard(latest["low"], latest["high"], latest["kind"], lang)
    phrase = t(f"prisoners-per-guard.latest.{variant}", n=shown)

    def at(key: str) -> str:  # at a capacity: "about 47"
        form, value = per_guard(staff[key]["value"], staff[key]["value"], "count", lang)
        return t(f"prisoners-per-guard.latest.{form}", n=value)

    guard = dict(latest=phrase[:1].upper() + phrase[1:], latest_lower=phrase,
                 at_capacity=at("at_capacity"), at_alt=at("at_alt_capacity"),
                 capacity=fmt.whole(staff["at_capacity"]["population"], lang),
                 alt_capacity=fmt.whole(staff["at_alt_capacity"]["population"], lang),
                 soldiers=fmt.whole(staff["soldiers"], lang),
                 police=fmt.whole(staff["police"], lang),
                 guards=fmt.whole(staff["guards"], lang),
                 people=t.people_span(latest["population_low"], latest["population_high"]),
                 when=fmt.date(latest["date"], lang, n["latest_report_precision"]))
    kinds = drawn_kinds(table)
    return ChartText(
        chart_id="prisoners-per-guard", lang=lang,
        title=t("prisoners-per-guard.title", **guard),
        subtitle=t("prisoners-per-guard.subtitle", **guard),
        alt=t("prisoners-per-guard.alt", **guard),
        source_ids=computed.sources["prisoners-per-guard"],
        as_of=computed.as_of["prisoners-per-guard"],
        labels={"kinds": {k: t(f"prisoners-per-guard.kinds.{k}") for k in kinds},
                "lines": {"at_capacity": t("prisoners-per-guard.line.at_capacity", **guard),
                          "at_alt_capacity": t("prisoners-per-guard.line.at_alt_capacity",
                                               **guard)},
                "latest": t("prisoners-per-guard.latest_label", latest=phrase),
                "axis": t("prisoners-per-guard.axis")},
        variants={"title": variant})


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = Text("costs", lang)
    return {"us-payment-per-month": us_payment_text(computed, t, lang),
            "family-payment": family_text(computed, t, lang),
            "cost-per-place": cost_text(computed, t, lang),
            "prisoners-per-guard": guard_text(computed, t, lang)}


def us_payment_variant(held: dict, announced: float) -> str:
    """Whether the rate actually paid was above, below or around the announced one."""
    if held["low"] > announced:
        return "more"
    if held["high"] < announced:
        return "less"
    return "about"


def us_payment_text(computed: Computed, t: Text, lang: str) -> ChartText:
    n = computed.numbers
    held = n["us_paid_per_man_month_held_usd"]
    announced = n["us_payment_per_detainee_month_usd"]
    variant = us_payment_variant(held, announced)
    us = dict(payment=fmt.money(n["us_payment_usd"], lang),
              detainees=fmt.whole(n["us_detainees"], lang),
              months=fmt.whole(n["us_payment_months"], lang),
              month=fmt.money(announced, lang),
              paid=fmt.money(held["paid_usd"], lang),
              men=fmt.range_of(held["men_low"], held["men_high"], lang),
              months_held=fmt.number(held["months_held"], lang, 1),
              days=fmt.whole(held["days_held"], lang),
              arrived=fmt.date(held["arrived"], lang),
              returned=fmt.date(held["returned"], lang),
              paid_month=fmt.money_range(held["low"], held["high"], lang),
              times=fmt.range_of(held["times_announced_low"], held["times_announced_high"],
                                 lang, 1))
    return ChartText(
        chart_id="us-payment-per-month", lang=lang,
        title=t(f"us-payment-per-month.title.{variant}", **us),
        subtitle=t("us-payment-per-month.subtitle", **us),
        alt=t("us-payment-per-month.alt", **us),
        note=t("us-payment-per-month.note", **us),
        source_ids=computed.sources["us-payment-per-month"],
        as_of=computed.as_of["us-payment-per-month"],
        labels={"bars": [t("us-payment-per-month.announced", **us),
                         t("us-payment-per-month.paid", **us)],
                "values": [f"US${us['month']}", f"US${us['paid_month']}"],
                "axis": t("us-payment-per-month.axis")},
        variants={"title": variant})
