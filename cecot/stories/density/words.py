"""Every sentence of the density charts and of the notebook's closing caveat, filled from the
run's numbers (text.yml holds the words in both languages)."""

from __future__ import annotations

import math

from ... import fmt
from ...computed import Computed
from ...reports import drawn_kinds
from ...words import ChartText, PageText, Text


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def m2(value: float, lang: str, ceiling: bool = False) -> str:
    """Space per person to two decimals, trailing zeros dropped (0.64, 1.76, 6.4); a ceiling
    ("at most") is rounded up, so it stays true (1.7067 is "at most 1.71")."""
    if ceiling:
        value = math.ceil(round(value * 100, 6)) / 100
    return fmt.number(value, lang, digits=2)


def bars_finding(actual: float, standards: list[float]) -> tuple[str, int]:
    """Which title the numbers make true, and how many standards ask for more space."""
    below = sum(1 for value in standards if actual < value)
    if below == len(standards):
        return ("fraction" if actual <= min(standards) / 2 else "below_all"), below
    return ("below_some" if below else "above_all"), below


def compared(low: float | None, high: float, guideline: float) -> str:
    """How a space per person (a span: `low` None when it is only a ceiling) stands against the
    guideline."""
    if high < guideline:
        return "half_or_less" if high <= guideline / 2 else "below"
    if low is not None and low >= guideline:
        return "at_least"
    return "possibly_less"


def caveat_variant(counts: dict, reports: int) -> str:
    if counts["below"] == reports:
        return "all_below"
    if counts["at_least"] == reports:
        return "all_above"
    if counts["cannot_tell"] == 0:
        return "mixed_clear"
    if counts["below"] == 0:
        return "at_least_or_unknown"
    return "below_or_unknown" if counts["at_least"] == 0 else "mixed"


def yardstick_key(numbers: dict) -> str:
    return "custom" if numbers["guideline_custom"] else numbers["guideline_standard"]


class DensityText(Text):
    """The story's sentences, with the phrases every chart shares."""

    def __init__(self, numbers: dict, lang: str):
        super().__init__("density", lang)
        self.n = numbers
        key = yardstick_key(numbers)
        self.guideline = m2(numbers["guideline_m2"], lang)
        self.yardstick_key = key
        self.yardstick_name = self(f"yardstick.{key}.name")
        self.yardstick_short = self(f"yardstick.{key}.short", guideline=self.guideline)
        self.yardstick_label = self(f"yardstick.{key}.label")

    def space(self, low, high) -> str:
        """A space per person in words: "1.7 m²", "1.3–2.6 m²", "at most 1.7 m²"."""
        if low is None:
            return self("space-vs-standards.at_most",
                        value=f"{m2(high, self.lang, ceiling=True)} m²")
        if m2(low, self.lang) == m2(high, self.lang):
            return f"{m2(high, self.lang)} m²"
        return f"{fmt.range_of(low, high, self.lang, 2)} m²"

    def at_population(self) -> str:
        population = fmt.whole(self.n["population"], self.lang)
        at_capacity = self.n["population"] == self.n["capacity_from_sources"]
        return self(f"space-vs-standards.{'at_capacity' if at_capacity else 'at_population'}",
                    population=population)

    def dates(self, dates: list) -> str:
        """A few dates listed, more as the period they span."""
        shown = [fmt.date(d, self.lang, p) for d, p in dates]
        if len(shown) <= 3:
            return ", ".join(shown)
        return self("dates_between", first=shown[0], last=shown[-1])

    def report_date(self, report: dict) -> str:
        return fmt.date(report["date"], self.lang, report["date_precision"])


def observed_text(computed: Computed, t: DensityText) -> ChartText:
    n, lang = computed.numbers, t.lang
    seen, latest, first = n["observed"], n["observed"]["latest"], n["observed"]["first"]
    finding = compared(latest["m2_per_person_low"], latest["m2_per_person_high"],
                       n["guideline_m2"])
    table = computed.tables["space-at-reported-counts"]
    space = t.space(latest["m2_per_person_low"], latest["m2_per_person_high"])
    words = dict(space=space, compared=t(f"compared.{finding}", yardstick=t.yardstick_short),
                 cell_m2=m2(n["cell_m2"], lang),
                 first=fmt.date(table["date"].iloc[0], lang, "month"),
                 last=fmt.date(table["date"].iloc[-1], lang, "month"),
                 reports=fmt.whole(seen["reports"], lang),
                 first_space=m2(first["m2_per_person_high"], lang),
                 first_people=t.people_span(first["population_low"], first["population_high"]),
                 latest=t("space-at-reported-counts.latest",
                          people=t.people_span(latest["population_low"],
                                               latest["population_high"]),
                          date=t.report_date(latest)),
                 yardstick_name=t.yardstick_name, guideline=t.guideline)
    kinds = drawn_kinds(table)
    return ChartText(
        chart_id="space-at-reported-counts", lang=lang,
        title=t("space-at-reported-counts.title", **words),
        subtitle=t("space-at-reported-counts.subtitle", **words),
        alt=t("space-at-reported-counts.alt", **words),
        source_ids=computed.sources["space-at-reported-counts"],
        as_of=computed.as_of["space-at-reported-counts"],
        labels={"axis": t("space-at-reported-counts.axis"),
                "kinds": {k: t(f"space-at-reported-counts.kinds.{k}") for k in kinds},
                "yardstick": f"{t.yardstick_label}: {t.guideline} m²",
                "latest": words["latest"]},
        variants={"title": finding})


def bars_text(computed: Computed, t: DensityText) -> ChartText:
    n, lang = computed.numbers, t.lang
    table = computed.tables["standards"]
    labels = t.table("standards")
    values = list(table["standard_m2_per_person"])
    bar_labels = [labels.get(s, s) for s in table["standard_id"]]
    finding, below = bars_finding(n["m2_per_person"], values)
    if finding == "below_some":
        finding = f"below_some.{fmt.plural(below, lang)}"
    latest = n["observed"]["latest"]
    capacity = fmt.whole(n["ft_estimate"]["population"], lang)
    population = fmt.whole(n["population"], lang)
    observed = t.space(latest["m2_per_person_low"], latest["m2_per_person_high"])
    words = dict(at_population=t.at_population(), actual=m2(n["m2_per_person"], lang),
                 below=fmt.whole(below, lang), n=fmt.whole(len(values), lang),
                 cell_m2=m2(n["cell_m2"], lang), per_cell_people=t.people(n["people_per_cell"]),
                 population=population, capacity=capacity,
                 ft=m2(n["ft_estimate"]["m2_per_person"], lang), observed=observed,
                 standards="; ".join(f"{label} {m2(v, lang)} m²"
                                     for label, v in zip(bar_labels, values)))
    people = t.people_span(latest["population_low"], latest["population_high"])
    cecot_bars = [t("space-vs-standards.bars.cecot", population=population),
                  t("space-vs-standards.bars.ft_estimate", population=capacity),
                  t("space-vs-standards.bars.cecot_observed", people=people)]
    cecot_values = [m2(n["m2_per_person"], lang), words["ft"], observed.replace(" m²", "")]
    return ChartText(
        chart_id="space-vs-standards", lang=lang,
        title=t(f"space-vs-standards.title.{finding}", **words),
        subtitle=t("space-vs-standards.subtitle", **words),
        alt=t("space-vs-standards.alt", **words),
        source_ids=computed.sources["space-vs-standards"],
        as_of=computed.as_of["space-vs-standards"],
        labels={"bars": cecot_bars + bar_labels,
                "values": cecot_values + [m2(v, lang) for v in values],
                "axis": t("space-vs-standards.axis")},
        variants={"title": finding})


def scale_text(computed: Computed, t: DensityText) -> ChartText:
    n, lang = computed.numbers, t.lang
    cell = computed.tables["cell-to-scale"]
    per_cell, fit = n["people_per_cell"], n["people_per_cell_within_guideline"]
    words = dict(at_population=t.at_population(), cell_m2=m2(n["cell_m2"], lang),
                 population=fmt.whole(n["population"], lang),
                 per_cell_people=t.people(per_cell), fit=fmt.whole(fit, lang),
                 fit_people=t.people(fit, about=False),
                 squares=fmt.whole(max(1, round(per_cell)), lang),
                 each=m2(n["m2_per_person"], lang), guideline=t.guideline,
                 yardstick_name=t.yardstick_name, yardstick=t.yardstick_label)
    return ChartText(
        chart_id="cell-to-scale", lang=lang,
        title=capitalised(t("cell-to-scale.title", **words)),
        subtitle=t("cell-to-scale.subtitle", **words),
        alt=t("cell-to-scale.alt", **words),
        source_ids=computed.sources["cell-to-scale"],
        as_of=computed.as_of["cell-to-scale"],
        labels={"left": capitalised(t("cell-to-scale.left", **words)),
                "right": t("cell-to-scale.right", **words),
                "scale": t("cell-to-scale.scale",
                           metres=fmt.number(cell["scale_bar_m"].iloc[0], lang))},
        variants={"yardstick": t.yardstick_key})


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = DensityText(computed.numbers, lang)
    return {"space-at-reported-counts": observed_text(computed, t),
            "space-vs-standards": bars_text(computed, t),
            "cell-to-scale": scale_text(computed, t)}


def caveat(computed: Computed, lang: str) -> str:
    """What the reported head counts say against the capacity and the yardstick: the closing
    caveat of the notebook, true for every parameter set."""
    return caveat_from_numbers(computed.numbers, lang)


def caveat_from_numbers(numbers: dict, lang: str) -> str:
    t = DensityText(numbers, lang)
    n, seen = numbers, numbers["observed"]
    counts = seen["against_guideline"]
    reports = seen["reports"]
    full = "never" if seen["reaching_capacity"] == 0 else \
        f"reached.{fmt.plural(seen['reaching_capacity'], lang)}"
    most = counts["most_space"]
    variant = caveat_variant(counts, reports)
    words = dict(reports=fmt.whole(reports, lang), full=fmt.whole(seen["reaching_capacity"], lang),
                 capacity=fmt.whole(n["capacity_from_sources"], lang),
                 yardstick_name=t.yardstick_name, guideline=t.guideline,
                 max_space=m2(most["m2_per_person_high"], lang),
                 max_people=t.people_span(most["population_low"], most["population_high"]),
                 max_date=t.report_date(most),
                 above=fmt.whole(counts["at_least"], lang),
                 below=fmt.whole(counts["below"], lang),
                 unclear=fmt.whole(counts["cannot_tell"], lang),
                 above_when=t.dates(counts["at_least_dates"]))
    return (t(f"caveat.full.{full}", **words) + " "
            + t(f"caveat.standard.{variant}", **words))


def page(numbers: dict, lang: str) -> PageText:
    """The story page: its headline (the observed finding), standfirst, key numbers (the
    charts' findings as sentences) and caveats, all from numbers.json."""
    t = DensityText(numbers, lang)
    seen = numbers["observed"]
    latest = seen["latest"]
    finding = compared(latest["m2_per_person_low"], latest["m2_per_person_high"],
                       numbers["guideline_m2"])
    headline = t("space-at-reported-counts.title",
                 space=t.space(latest["m2_per_person_low"], latest["m2_per_person_high"]),
                 compared=t(f"compared.{finding}", yardstick=t.yardstick_short))
    first = seen["first"]
    standfirst = t(f"page.standfirst.{'never' if seen['reaching_capacity'] == 0 else 'reached'}",
                   capacity=fmt.whole(numbers["capacity_from_sources"], lang),
                   cells=fmt.whole(numbers["cells_from_sources"], lang),
                   cell_m2=m2(numbers["cell_m2_from_sources"], lang),
                   first_space=t.space(first["m2_per_person_low"], first["m2_per_person_high"]),
                   first_date=t.report_date(first),
                   last_space=t.space(latest["m2_per_person_low"], latest["m2_per_person_high"]),
                   last_date=t.report_date(latest))
    values = list(numbers["standards"].values())
    bars, below = bars_finding(numbers["m2_per_person"], [s["m2_per_person"] for s in values])
    if bars == "below_some":
        bars = f"below_some.{fmt.plural(below, lang)}"
    at = t.at_population()
    key = [t(f"space-vs-standards.title.{bars}", at_population=at,
             actual=m2(numbers["m2_per_person"], lang), below=fmt.whole(below, lang),
             n=fmt.whole(len(values), lang)),
           capitalised(t("cell-to-scale.title", at_population=at,
                         cell_m2=m2(numbers["cell_m2"], lang),
                         per_cell_people=t.people(numbers["people_per_cell"]),
                         fit_people=t.people(numbers["people_per_cell_within_guideline"],
                                             about=False),
                         yardstick_name=t.yardstick_name)),
           caveat_from_numbers(numbers, lang)]
    caveats = [entry[lang].format(cell_m2=m2(numbers["cell_m2"], lang))
               for entry in t.entry("page.caveats")]
    return PageText(story="density", lang=lang, headline=headline, standfirst=standfirst,
                    key_numbers=key, caveats=caveats,
                    variants={"headline": finding, "bars": bars})
