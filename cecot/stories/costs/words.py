"""Every sentence of the costs charts, filled from the run's numbers (text.yml holds the words
in both languages)."""

from __future__ import annotations

from ... import fmt
from ...computed import Computed
from ...ranges import Span
from ...words import ChartText, Text


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = Text("costs", lang)
    n = computed.numbers
    out = {}

    parts = t.table("parts")
    family = computed.tables["family-payment"]
    part_rows = family[~family["item"].isin(["reported_total", "parameter"])]
    bar_labels = [parts.get(item, item) for item in part_rows["item"]]
    bar_labels.append(t("family-payment.total"))
    if "parameter" in set(family["item"]):
        bar_labels.append(t("family-payment.parameter"))
    values = dict(
        total=fmt.money(n["family_payment_monthly_usd"], lang),
        year=fmt.money(n["family_payment_yearly_usd"], lang),
        sum=fmt.money(n["family_payment_parts_sum_usd"], lang),
        published=fmt.date(n["family_payment_published"], lang, "month", short=True),
        parts="; ".join(f"{parts.get(item, item)} US${fmt.money(v, lang)}" for item, v in
                        n["family_payment_parts_usd"].items()))
    out["family-payment"] = ChartText(
        chart_id="family-payment", lang=lang,
        title=t("family-payment.title", **values),
        subtitle=t("family-payment.subtitle", **values),
        alt=t("family-payment.alt", **values),
        source_ids=computed.sources["family-payment"],
        as_of=computed.as_of["family-payment"],
        labels={"bars": bar_labels,
                "values": [f"US${fmt.money(v, lang)}" for v in family["usd_per_month"]],
                "axis": t("usd_month")})

    out["us-payment-per-month"] = us_payment_text(computed, t, lang)

    place = n["cost_per_place_usd"]
    claimed = n["construction_cost_claimed"]
    variant = "claim" if claimed else "scenario"
    cost = dict(cost=fmt.money(place["construction_cost_usd"], lang),
                at_capacity=fmt.money(place["at_capacity"]["value"], lang),
                at_alt=fmt.money(place["at_alt_capacity"]["value"], lang),
                capacity=fmt.whole(place["at_capacity"]["capacity"], lang),
                alt_capacity=fmt.whole(place["at_alt_capacity"]["capacity"], lang),
                claimed=fmt.date(claimed, lang, "year") if claimed else "")
    out["cost-per-place"] = ChartText(
        chart_id="cost-per-place", lang=lang,
        title=t("cost-per-place.title", **cost),
        subtitle=t(f"cost-per-place.subtitle.{variant}", **cost),
        alt=t("cost-per-place.alt", **cost),
        source_ids=computed.sources["cost-per-place"],
        as_of=computed.as_of["cost-per-place"],
        labels={"bars": [t("cost-per-place.label", capacity=cost["capacity"],
                           which=t("cost-per-place.stated")),
                         t("cost-per-place.label", capacity=cost["alt_capacity"],
                           which=t("cost-per-place.alternative"))],
                "values": [f"US${cost['at_capacity']}", f"US${cost['at_alt']}"],
                "unverified": t("cost-per-place.unverified"),
                "axis": t("cost-per-place.axis")},
        variants={"subtitle": variant})

    staff = n["prisoners_per_guard"]
    latest = staff["latest"]
    guard = dict(at_capacity=fmt.number(staff["at_capacity"]["value"], lang, 1),
                 at_alt=fmt.number(staff["at_alt_capacity"]["value"], lang, 1),
                 capacity=fmt.whole(staff["at_capacity"]["population"], lang),
                 alt_capacity=fmt.whole(staff["at_alt_capacity"]["population"], lang),
                 soldiers=fmt.whole(staff["soldiers"], lang),
                 police=fmt.whole(staff["police"], lang),
                 guards=fmt.whole(staff["guards"], lang),
                 latest=fmt.span(Span(latest["low"], latest["high"]), lang, 1),
                 when=fmt.date(latest["date"], lang, n["latest_report_precision"]))
    kinds = t.table("prisoners-per-guard.kinds")
    out["prisoners-per-guard"] = ChartText(
        chart_id="prisoners-per-guard", lang=lang,
        title=t("prisoners-per-guard.title", **guard),
        subtitle=t("prisoners-per-guard.subtitle", **guard),
        alt=t("prisoners-per-guard.alt", **guard),
        source_ids=computed.sources["prisoners-per-guard"],
        as_of=computed.as_of["prisoners-per-guard"],
        labels={"kinds": kinds, "range": t("prisoners-per-guard.range"),
                "lines": {key: t("prisoners-per-guard.at", population=fmt.whole(
                    staff[key]["population"], lang)) + "\n"
                    + fmt.number(staff[key]["value"], lang, 1)
                    for key in ("at_capacity", "at_alt_capacity")},
                "axis": t("prisoners-per-guard.axis")})
    return out


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
