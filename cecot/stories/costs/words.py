"""Every sentence of the costs story, filled from the run's numbers (text.yml holds the words in
both languages): the charts' words (`texts`), what the notebook prints (`sentences`) and the
story page (`page`). A value the run chose that is not its sourced default is a scenario: the
sentence that states it says so and credits it to nobody."""

from __future__ import annotations

import math
import re

from ... import fmt
from ...computed import Computed
from ...sources import credited, register
from ...words import ChartText, PageText, Text


def unbroken_ranges(text: str) -> str:
    """A range kept on one line in a page heading (a word joiner each side of its dash): a
    phone must not break "US$4.7–" from "4.76 million"."""
    return re.sub(r"(\d)–(\d)", "\\1\u2060–\u2060\\2", text)


def per_person(low: float, high: float | None, kind: str) -> tuple[str, float | None]:
    """Prisoners for each member of staff in whole people, and which words it takes: a floor
    ("more than") rounds down so "at least" stays true; a range rounds outwards; anything else
    is "about" its nearest whole number (or exactly it). Below one, "fewer than one"."""
    if high is None or (isinstance(high, float) and math.isnan(high)):
        floor = math.floor(round(low, 6))
        return ("at_least", floor) if floor >= 1 else ("fewer", None)
    if high < 0.5:
        return "fewer", None
    if kind == "range" and high - low > 1e-9:
        return "range", None
    shown = round(low)
    if shown == 1:
        return "one", None
    return ("exact" if abs(low - shown) < 1e-9 else "about"), shown


class CostText(Text):
    """The story's words in one language, with the phrases every sentence shares, made from
    the run's numbers (numbers.json, or the same dict in memory)."""

    def __init__(self, numbers: dict, lang: str):
        super().__init__("costs", lang)
        self.n = numbers
        self.us = numbers["us_agreement"]
        self.built = numbers["construction"]

    # -- formatting ------------------------------------------------------------------------
    def money(self, value) -> str:
        return fmt.money(value, self.lang)

    def money_span(self, span: dict) -> str:
        return fmt.money_range(span["low"], span["high"], self.lang)

    def day(self, value, short: bool = False) -> str:
        return fmt.date(value, self.lang, "day", short=short)

    def month(self, value) -> str:
        return fmt.date(value, self.lang, "month")

    def days(self, values: list[str]) -> str:
        """Several days listed, the year said once when they share it: "30 March and
        12 April 2025"."""
        if len({value[:4] for value in values}) != 1 or len(values) < 2:
            return self.listed([self.day(value) for value in values])
        shown = [fmt.day_month(value, self.lang) for value in values[:-1]]
        return self.listed(shown + [self.day(values[-1])])

    def from_to(self, start: str, end: str) -> dict:
        """Two days of a span ("from {start} to {end}"), the year said once when they share
        it: "from 16 March to 18 July 2025", "del 16 de marzo al 18 de julio de 2025"."""
        if str(start)[:4] != str(end)[:4]:
            return {"start": self.day(start), "end": self.day(end)}
        return {"start": fmt.day_month(start, self.lang), "end": self.day(end)}

    def published(self, value: str) -> str:
        """A publication date as precisely as it is known (2023-02: February 2023)."""
        precision = {4: "year", 7: "month"}.get(len(value), "day")
        return fmt.date(value, self.lang, precision)

    def count(self, n: int) -> str:
        """A small count in words ("two"), a larger one as a figure."""
        words = self.entry("counts")
        return words[n][self.lang] if n in words else fmt.whole(n, self.lang)

    def years(self, n: int) -> str:
        return self("years.one") if n == 1 else self("years.other", n=self.count(n))

    def listed(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self('and')} " + items[-1]

    # -- shared phrases --------------------------------------------------------------------
    @property
    def grant(self) -> str:
        return self.money_span(self.us["grant_usd"])

    @property
    def term(self) -> str:
        return self.years(self.us["terms_max_years"])

    def per_month_note(self, key: str) -> str:
        """The one per-man-per-month figure, with its basis (the note of the chart, the
        notebook's and the page's sentence)."""
        figure = self.n["us_grant_per_man_month_usd"]
        basis = "terms" if figure["men_is_first_flight"] and figure["months_is_terms"] \
            else "scenario"
        per_month = self.money_span(figure) if figure["high"] >= 1e6 else \
            fmt.range_of(round(figure["low"]), round(figure["high"]), self.lang)
        men, months = figure["men"], figure["months"]
        men_months = self("men_months.both", men=self(
            f"men_months.men.{fmt.plural(men, self.lang)}", n=fmt.whole(men, self.lang)),
            months=self(f"men_months.months.{fmt.plural(months, self.lang)}",
                        n=fmt.whole(months, self.lang)))
        return self(f"{key}.{basis}", per_month=per_month, men_months=men_months,
                    men=fmt.whole(men, self.lang), months=fmt.whole(months, self.lang))

    def latest_count(self) -> tuple[str, str, str]:
        """The head count the staff ratio and the context use (the latest the stories may put
        in a headline: cecot/headcounts.py), who reported it and when."""
        latest = self.n["staff"]["latest"]
        return (self.people_span(latest["population_low"], latest["population_high"],
                                 latest["kind"]),
                credited(register()[latest["source_id"]], self.lang),
                fmt.date(latest["date"], self.lang, latest["precision"]))

    @property
    def how_returned(self) -> str:
        """"swap" when the data record the return as a prisoner swap, else "returned"."""
        return "swap" if self.us.get("swap_americans_freed") else "returned"

    def swap(self) -> str:
        """" in a prisoner swap for 10 Americans held there", or nothing."""
        return self(f"swap.{self.how_returned}",
                    americans=fmt.whole(self.us.get("swap_americans_freed") or 0, self.lang))


# --- the charts -------------------------------------------------------------------------------

def us_text(computed: Computed, t: CostText) -> ChartText:
    us, lang = t.us, t.lang
    values = dict(term=t.term, days=fmt.whole(us["days_held_longest"], lang), grant=t.grant,
                  letter=t.day(us["grant_letter_date"]))
    note = t.per_month_note("us-payment-per-month.note")
    first, returned = us["first_arrival"], us["returned"]
    return ChartText(
        chart_id="us-payment-per-month", lang=lang,
        title=t(f"us-payment-per-month.title.{t.how_returned}", **values),
        subtitle=t("us-payment-per-month.subtitle", **values),
        note=note,
        alt=t("us-payment-per-month.alt", **values, note=note,
              first=fmt.whole(first["men"], lang), arrived=t.day(first["date"]),
              total=fmt.whole(returned["men"], lang), returned=t.day(returned["date"]),
              swap=t.swap(), max_men=fmt.whole(us["terms_max_men"], lang),
              terms_end=t.day(us["terms_end"])),
        source_ids=computed.sources["us-payment-per-month"],
        as_of=computed.as_of["us-payment-per-month"],
        labels={"held": t("us-payment-per-month.held"),
                "band": t("us-payment-per-month.band"),
                "terms_legend": t("us-payment-per-month.terms_legend"),
                "terms": t("us-payment-per-month.terms",
                           max_men=fmt.whole(us["terms_max_men"], lang), term=t.term),
                "arrived": t("us-payment-per-month.arrived", men=fmt.whole(first["men"], lang),
                             date=t.day(first["date"], short=True)),
                "returned": t(f"us-payment-per-month.returned.{t.how_returned}",
                              men=fmt.whole(returned["men"], lang),
                              date=t.day(returned["date"], short=True),
                              americans=fmt.whole(us.get("swap_americans_freed") or 0, lang)),
                "axis": t("us-payment-per-month.axis")},
        variants={"title": t.how_returned, "note": _basis(computed.numbers)})


def _basis(numbers: dict) -> str:
    figure = numbers["us_grant_per_man_month_usd"]
    return "terms" if figure["men_is_first_flight"] and figure["months_is_terms"] else "scenario"


def construction_text(computed: Computed, t: CostText) -> ChartText:
    built, lang = t.built, t.lang
    table = computed.tables["construction-cost"]
    bars = []
    for record in table.itertuples():
        key = "document" if record.kind == "document" else record.item
        bars.append(t(f"construction-cost.bars.{key}", date=t.day(record.date, short=True)))
    values = dict(budget=t.money(built["budget_usd"]), reserve=t.years(built["reserve_years"]),
                  reserved=t.day(built["reserved_on"]), until=t.month(built["reserve_until"]))
    return ChartText(
        chart_id="construction-cost", lang=lang,
        title=t("construction-cost.title.document", **values),
        subtitle=t("construction-cost.subtitle", **values),
        note=t("construction-cost.note"),
        alt=t("construction-cost.alt", budget=values["budget"],
              budget_date=t.day(built["budget_date"]),
              equipment=t.money(built["said_with_equipment_usd"]),
              building=t.money(built["said_building_usd"]), said=t.day(built["said_aloud_date"]),
              reserve=values["reserve"], reserved=values["reserved"], until=values["until"]),
        source_ids=computed.sources["construction-cost"],
        as_of=computed.as_of["construction-cost"],
        labels={"bars": bars,
                "values": [f"US${t.money(v)}" for v in table["usd"]],
                "legend": {kind: t(f"construction-cost.legend.{kind}")
                           for kind in dict.fromkeys(table["kind"])},
                "axis": t("construction-cost.axis")},
        originators=list(t.raw("construction-cost.named")), variants={"title": "document"})


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = CostText(computed.numbers, lang)
    return {"us-payment-per-month": us_text(computed, t),
            "construction-cost": construction_text(computed, t)}


# --- the notebook's sentences and the page's ---------------------------------------------------

def staff_sentences(t: CostText) -> dict[str, str]:
    staff, lang = t.n["staff"], t.lang
    scenario = any(name in t.n["scenario_parameters"]
                   for name in ("prison_staff", "soldiers", "police"))
    soldiers = staff["soldiers"]
    other = ""
    if soldiers["other_values"] and not scenario:
        form = "one" if soldiers["other_reports"] == 1 else "other"
        other = t(f"said.soldiers_other.{form}",
                  other=" / ".join(fmt.whole(v, lang) for v in soldiers["other_values"]),
                  n=fmt.whole(soldiers["other_reports"], lang))
    total = t(f"said.staff.{'scenario' if scenario else 'reported'}",
              total=fmt.whole(staff["total"], lang),
              prison_staff=fmt.whole(staff["prison_staff"]["value"], lang),
              soldiers=fmt.whole(soldiers["value"], lang), soldiers_other=other,
              police=fmt.whole(staff["police"]["value"], lang))
    people, credit, date = t.latest_count()
    return {"staff": total,
            "per_staff": t("said.per_staff_sentence", people=people, credit=credit, date=date,
                           ratio=staff_ratio(t))}


def staff_ratio(t: CostText) -> str:
    """Prisoners for each member of staff, in words that stay true ("at least 8 prisoners")."""
    staff = t.n["staff"]
    each = staff["per_person"]
    variant, shown = per_person(each["low"], each["high"], staff["latest"]["kind"])
    n = fmt.range_of(math.floor(round(each["low"], 6)), math.ceil(round(each["high"], 6)),
                     t.lang) if variant == "range" else fmt.whole(shown or 0, t.lang)
    return t(f"said.per_staff.{variant}", n=n)


def us_sentences(t: CostText) -> dict[str, str]:
    us, lang = t.us, t.lang
    first, returned = us["first_arrival"], us["returned"]
    per_man = us["grant_per_first_man_usd"]
    rate = "matches" if us["grant_matches_memo_rate"] else "differs"
    flights = t.days([f["date"] for f in us["later_flights"]])
    return {
        "us_grant": t("said.us_grant", letter=t.day(us["grant_letter_date"]),
                      released=t.day(us["grant_released"]), grant=t.grant,
                      first=fmt.whole(first["men"], lang),
                      max_men=fmt.whole(us["terms_max_men"], lang), term=t.term),
        "us_six_million": t("said.us_six_million", memos=t.day(us["memos_published"]),
                            white_house=t.day(us["white_house_date"])),
        "us_rate": t(f"said.us_rate.{rate}", grant_high=t.money(us["grant_usd"]["high"]),
                     per_man=t.money(per_man["high"]), first=fmt.whole(first["men"], lang),
                     memo_rate=t.money(us["cost_per_prisoner_year_usd"])),
        "us_held": t("said.us_held", first=fmt.whole(first["men"], lang),
                     arrived=t.day(first["date"]), later=fmt.whole(us["later_venezuelans"], lang),
                     flights=flights, total=fmt.whole(returned["men"], lang),
                     returned=t.day(returned["date"]), swap=t.swap(),
                     days=fmt.whole(us["days_held_longest"], lang)),
        "us_per_month": t.per_month_note("said.us_per_month"),
        "us_funds": t("said.us_funds", reported=t.month(us["funds_reported"]),
                      approved=t.money(us["funds_approved_usd"]),
                      sent=t.money(us["funds_sent_usd"])),
    }


def construction_sentences(t: CostText) -> dict[str, str]:
    built = t.built
    return {
        "construction_reserve": t("said.construction_reserve",
                                  reserved=t.day(built["reserved_on"]),
                                  reserve=t.years(built["reserve_years"]),
                                  until=t.month(built["reserve_until"])),
        "construction_budget": t("said.construction_budget",
                                 budget_date=t.day(built["budget_date"]),
                                 published=t.published(built["budget_published"][:7]),
                                 budget=t.money(built["budget_usd"]),
                                 contracts=fmt.whole(built["contracts_published"], t.lang),
                                 two_firms=fmt.whole(built["contracts_to_two_firms_owners"],
                                                     t.lang)),
        "construction_said": t("said.construction_said",
                               building=t.money(built["said_building_usd"]),
                               equipment=t.money(built["said_with_equipment_usd"]),
                               said=t.day(built["said_aloud_date"])),
    }


def family_sentences(t: CostText) -> dict[str, str]:
    family, lang = t.n["family_payment"], t.lang
    names = t.table("parts")
    parts = [names.get(part, part.replace("_", " ")) for part in family["parts_usd"]]
    adds_up = "adds_up" if family["parts_match_total"] else "differs"
    context = t.n["context"]
    return {
        "family": t("said.family", published=t.published(family["published"]),
                    total=t.money(family["monthly_usd"])),
        "family_parts": t(f"said.family_parts.{adds_up}", parts=t.count(len(parts)),
                          names=t.listed(parts), total=t.money(family["monthly_usd"]),
                          sum=t.money(family["parts_sum_usd"])),
        "system_cost": t("said.system_cost", said=t.published(context["system_cost_said"]),
                         cost=t.money(context["system_cost_usd_year"])),
    }


def _yes_no(t: Text, value) -> str:
    return t(f"yes_no.{'yes' if value else 'no'}")


def _parameter(t: Text, name: str) -> str:
    """A parameter as readers see it: its id in English, a Spanish name and the id in
    Spanish (the id is what an analyst types)."""
    return t.table("parameter_names").get(name, name)


def defaults_table(computed: Computed, lang: str):
    """The notebook's table of defaults against the data, its verdicts, parameters and
    yes/no answers in `lang`."""
    t = CostText(computed.numbers, lang)
    flags = computed.tables["flags"]

    def verdict(row) -> str:
        figures = ", ".join(f"{fmt.number(v, lang)} ({sid})" for v, sid in row.differing)
        return t(f"defaults.{row.verdict}", figures=figures)

    return flags.assign(default_vs_data=[verdict(r) for r in flags.itertuples()],
                        parameter=[_parameter(t, p) for p in flags["parameter"]],
                        set_by_user=[_yes_no(t, v) for v in flags["set_by_user"]])


def provenance_table(computed: Computed, lang: str):
    """The notebook's table of the figures behind each default, its roles, parameters and
    yes/no answers in `lang`."""
    t = CostText(computed.numbers, lang)
    prov = computed.tables["provenance"]
    return prov.assign(role=prov["role"].map(t.table("roles")),
                       parameter=[_parameter(t, p) for p in prov["parameter"]],
                       matches_default=[_yes_no(t, v) for v in prov["matches_default"]])


def defaults_sentences(computed: Computed, lang: str) -> dict[str, str]:
    """What the notebook says under its table of defaults: the other figures reported for a
    parameter, and which defaults differ from the figure they stand for, each parameter by
    its name in `lang`."""
    t = CostText(computed.numbers, lang)
    flags = computed.tables["flags"]
    said = {f"other_figures.{row.parameter}": t("notebook.other_figures",
                                                 parameter=_parameter(t, row.parameter),
                                                 figures=row.other_figures)
            for row in flags[flags["other_figures"] != ""].itertuples()}
    differing = computed.numbers["defaults_differing_from_data"]
    said["defaults_differing"] = t("notebook.defaults_differing", parameters=t.listed(
        [_parameter(t, name) for name in differing])) if differing else \
        t("notebook.defaults_differing_none")
    return said


def localised(table, lang: str):
    """A table for the notebook with its word values in `lang`: a row's status, a staff group,
    a part of the family payment (ids stay ids: they name rows of data/)."""
    t = Text("costs", lang)
    names = {"status": t.table("status"), "group": t.table("groups"), "part": t.table("parts")}
    return table.assign(**{column: table[column].map(lambda v, m=mapping: m.get(v, v))
                           for column, mapping in names.items() if column in table})


def sentences_from_numbers(numbers: dict, lang: str) -> dict[str, str]:
    t = CostText(numbers, lang)
    return {**us_sentences(t), **construction_sentences(t), **staff_sentences(t),
            **family_sentences(t)}


def sentences(computed: Computed, lang: str) -> dict[str, str]:
    """Every sentence the notebook prints, finished, from the run's numbers."""
    return sentences_from_numbers(computed.numbers, lang)


def page(numbers: dict, lang: str) -> PageText:
    """The story page: headline, standfirst, context, key numbers as short sentences, caveats
    (each once: what a chart's note says is not repeated) and the methodology for readers, all
    from numbers.json."""
    t = CostText(numbers, lang)
    said = sentences_from_numbers(numbers, lang)
    us, built, staff = t.us, t.built, numbers["staff"]
    context = numbers["context"]
    people, credit, date = t.latest_count()
    figure = numbers["us_grant_per_man_month_usd"]
    soldiers = staff["soldiers"]
    first, returned = us["first_arrival"], us["returned"]
    days = fmt.whole(us["days_held_longest"], lang)
    americans = fmt.whole(us.get("swap_americans_freed") or 0, lang)
    flights_people = t.listed([fmt.whole(f["people"], lang) for f in us["later_flights"]])
    methodology = [
        t("page.methodology.sources" + ("_rounded" if us["grant_also_reported_usd"] else ""),
          grant=t.grant, rounded=t.listed([t.money(v) for v in us["grant_also_reported_usd"]]),
          soldiers_range=t.listed([fmt.whole(v, lang) for v in
                                   sorted({soldiers["reported_low"],
                                           soldiers["reported_high"]})])),
        t("page.methodology.per_month", men=fmt.whole(figure["men"], lang),
          months=fmt.whole(figure["months"], lang), approved=t.money(us["funds_approved_usd"]))
        if _basis(numbers) == "terms" else said["us_per_month"],
        t("page.methodology.held", first=fmt.whole(first["men"], lang),
          arrived=t.day(first["date"]), flights_people=flights_people,
          later=fmt.whole(us["later_venezuelans"], lang),
          total=fmt.whole(returned["men"], lang), returned=t.day(returned["date"])),
        t("page.methodology.construction"),
        t("page.methodology.staff", prison_staff=fmt.whole(staff["prison_staff"]["value"], lang)),
        t("page.methodology.family", published=t.published(numbers["family_payment"]["published"])),
    ]
    family = numbers["family_payment"]
    key_numbers = [
        # The headline gives the grant, its term, the days held and how the men left: the
        # key numbers give what it does not.
        t("page.key.letter", letter=t.day(us["grant_letter_date"]),
          released=t.day(us["grant_released"]), max_men=fmt.whole(us["terms_max_men"], lang)),
        t(f"page.key.flights.{t.how_returned}", first=fmt.whole(first["men"], lang),
          arrived=t.day(first["date"]), total=fmt.whole(returned["men"], lang),
          returned=t.day(returned["date"]), americans=americans),
        said["us_funds"],
        t("page.key.budget", budget=t.money(built["budget_usd"]),
          budget_date=t.day(built["budget_date"])),
        said["staff"],
        t("page.key.per_staff", ratio=staff_ratio(t), people=people, credit=credit,
          date=date),
        t("page.key.family", total=t.money(family["monthly_usd"]),
          published=t.published(family["published"])),
    ]
    return PageText(
        story="costs", lang=lang,
        headline=unbroken_ranges(t(f"page.headline.{t.how_returned}", grant=t.grant,
                                   term=t.term, days=days)),
        standfirst=t("page.standfirst", reserved=t.month(built["reserved_on"]),
                     budget=t.money(built["budget_usd"])),
        context=t("page.context", opened=t.day(context["opened"]),
                  exception=t.day(context["state_of_exception"]), people=people,
                  credit=credit, date=date, arrived=t.month(first["date"]),
                  interviewed=fmt.whole(context["rights_report_interviewed"], lang),
                  hrw=t.month(context["rights_report"])),
        key_numbers=key_numbers,
        caveats=[entry[lang] for entry in t.entry("page.caveats")],
        methodology=methodology,
        variants={"per_month": _basis(numbers), "returned": t.how_returned},
        source_ids=list(numbers.get("page_source_ids", [])),
        as_of=_page_as_of(numbers))


def _page_as_of(numbers: dict) -> str:
    """The latest date the page's own sentences rest on: the head count behind the staff
    ratio (as precisely as it was given) and the rights report."""
    latest = numbers["staff"]["latest"]
    return max(fmt.iso_at(latest["date"], latest["precision"]),
               numbers["context"]["rights_report"])
