"""Every sentence of the density charts, of the notebook (`sentences`) and of the story page
(`page`), filled from the run's numbers (text.yml holds the words in both languages)."""

from __future__ import annotations

import math

from ... import facility, fmt
from ...computed import Computed
from ...reports import drawn_kinds
from ...sources import credited, register
from ...style import first_fitting, first_fitting_note, side_by_side
from ...words import ChartText, PageText, Text, credit_name
from .charts import DODGE_DAYS


def named(t: "DensityText", *groups: str, government: bool = False) -> list[str]:
    """The organisations a chart's source line names first: the Government of El Salvador
    (whose 40,000 a chart uses at the stated capacity), then the outlets behind the figures its
    title and labels give, as the sources are credited (numbers.json `named_sources`)."""
    known = register()
    names = [t("government")] if government else []
    for group in groups:
        names += [credited(known[i], t.lang) for i in t.n["named_sources"][group]]
    return list(dict.fromkeys(names))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def m2(value: float, lang: str, ceiling: bool = False) -> str:
    """Space per person to two decimals, trailing zeros dropped (0.64, 1.76, 6.4); a ceiling
    ("at most") is rounded up, so it stays true (1.7067 is "at most 1.71")."""
    digits = 2
    while 0 < value < 0.5 * 10 ** -digits and digits < 6:  # 0.0025, not "0"
        digits += 1
    if ceiling:
        value = math.ceil(round(value * 10 ** digits, 6)) / 10 ** digits
    return fmt.number(value, lang, digits=digits)


def of(phrase: str, lang: str) -> str:
    """'of' before a phrase: in Spanish "de" + "el" contracts to "del"."""
    if lang == "es":
        return "del " + phrase[3:] if phrase.startswith("el ") else "de " + phrase
    return "of " + phrase


def bars_finding(actual: float, standards: list[float]) -> tuple[str, int]:
    """How the space per person stands against the standards drawn, and how many ask for
    more space."""
    below = sum(1 for value in standards if actual < value)
    if below == len(standards):
        return ("fraction" if actual <= min(standards) / 2 else "below_all"), below
    return ("below_some" if below else "above_all"), below


def fraction_of(ratio: float) -> int:
    """The largest whole number k (2 to 10) such that the space is less than 1/k of the
    yardstick (ratio = yardstick / space > k); 1 when it is less than the yardstick but not
    under half, 0 when it is not less."""
    if ratio <= 1:
        return 0
    return max(1, min(10, math.ceil(ratio) - 1))


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


def observed_finding(seen: dict) -> str:
    """The title on the reported figures: 'since' when an unbroken run of at least two figures,
    ending with the latest, gives each person less than the yardstick; else 'latest'."""
    run = seen["below_since"]
    return "since" if run and run["reports"] >= 2 else "latest"


class DensityText(Text):
    """The story's sentences, with the phrases every chart shares."""

    def __init__(self, numbers: dict, lang: str):
        super().__init__("density", lang)
        self.n = numbers
        key = yardstick_key(numbers)
        self.guideline = m2(numbers["guideline_m2"], lang)
        self.yardstick_key = key
        self.yardstick_name = self.form("name")
        self.yardstick_short = self.form("short")
        self.yardstick_title = self.form("title")
        self.yardstick_label = self(f"yardstick.{key}.label")

    def form(self, which: str) -> str:
        """One form of the yardstick's name; a chosen value's agrees with its number."""
        key = f"yardstick.{self.yardstick_key}.{which}"
        node = self.entry(key)
        if "one" in node:
            key += "." + fmt.plural(self.n["guideline_m2"], self.lang)
        return self(key, guideline=self.guideline)

    def space(self, low, high) -> str:
        """A space per person in words: "1.7 m²", "1.3–2.6 m²", "at most 1.7 m²"."""
        if low is None:
            return self("space-vs-standards.at_most",
                        value=f"{m2(high, self.lang, ceiling=True)}\u00a0m²")
        if m2(low, self.lang) == m2(high, self.lang):
            return f"{m2(high, self.lang)}\u00a0m²"
        return f"{fmt.range_of(low, high, self.lang, 2)}\u00a0m²"

    def figure(self, report: dict, short: bool = False, quoted: bool = False) -> str:
        """A population figure as it was reported: "12,114 people", "about 15,000 people",
        "more than 15,000 people", "10,000–20,000 people"; `quoted`, with the noun a repeated
        sentence printed ("about 15,000 prisoners")."""
        low, high, kind = report["population_low"], report["population_high"], report["kind"]
        key = "figure_quoted" if quoted else "figure_short" if short else "figure"
        if high is None:
            return self(f"{key}.lower_bound", n=fmt.whole(low, self.lang))
        if low != high:
            return self(f"{key}.range", n=fmt.range_of(low, high, self.lang))
        return self(f"{key}.{'count' if kind == 'count' else 'approx'}",
                    n=fmt.whole(low, self.lang))

    def count(self, value: int) -> str:
        """A count of figures in a sentence: "one" (Spanish "una", for cifras) for 1."""
        return self("caveat.one") if value == 1 else fmt.whole(value, self.lang)

    def prisoners(self) -> str:
        """The run's population with its noun: "1 prisoner", "40,000 presos"."""
        population = self.n["population"]
        return self(f"space-vs-standards.prisoners.{fmt.plural(population, self.lang)}",
                    population=fmt.whole(population, self.lang))

    def at_capacity(self) -> bool:
        return self.n["population"] == self.n["capacity_from_sources"]

    def at_population(self) -> str:
        population = self.n["population"]
        return self(f"space-vs-standards.at_population.{fmt.plural(population, self.lang)}",
                    population=fmt.whole(population, self.lang))

    def per_cell(self) -> str:
        """People per cell without a noun: "about 156", "78"."""
        value = self.n["people_per_cell"]
        if float(value) == round(float(value)):
            return fmt.whole(value, self.lang)
        n = round(value)
        return self(f"about.{fmt.plural(n, self.lang)}", n=fmt.whole(n, self.lang))

    def relation(self, actual: float, yardstick: str) -> tuple[str, str]:
        """'under a fifth of the ICRC minimum': the space against the yardstick, in words,
        and which variant the numbers make true."""
        guideline = self.n["guideline_m2"]
        k = fraction_of(guideline / actual)
        if k >= 2:
            return self("relation.fraction", fraction=self(f"fractions.{k}"),
                        yardstick=yardstick, of_yardstick=of(yardstick, self.lang)), \
                f"fraction.{k}"
        if k == 1:
            return self("relation.below", yardstick=yardstick,
                        of_yardstick=of(yardstick, self.lang)), "below"
        variant = "equal" if math.isclose(actual, guideline) else "above"
        return self(f"relation.{variant}", yardstick=yardstick), variant

    def dates(self, dates: list) -> str:
        """A few dates listed, more as the period they span."""
        shown = [fmt.date(d, self.lang, p) for d, p in dates]
        if len(shown) <= 3:
            return ", ".join(shown)
        return self("dates_between", first=shown[0], last=shown[-1])

    def report_date(self, report: dict) -> str:
        return fmt.date(report["date"], self.lang, report["date_precision"])

    def month(self, report: dict) -> str:
        """The month of a figure ("December 2025"), or its year when only that is known."""
        precision = "year" if report["date_precision"] == "year" else "month"
        return fmt.date(report["date"], self.lang, precision)


def observed_title(t: DensityText, n: dict) -> tuple[str, str]:
    """The finding on the reported figures, and the variant chosen; the yardstick named as
    briefly as a phone's two lines need (by its figure, by its name, or as the line drawn)."""
    seen, latest = n["observed"], n["observed"]["latest"]
    names = [t.yardstick_short, t.yardstick_title, t("the_line")]
    if observed_finding(seen) == "since":
        run = seen["below_since"]
        variant = "half_or_less" if run["half_or_less"] else "below"
        key = f"space-at-reported-counts.title.since.{variant}"
        return first_fitting([t(key, since=t.month(run["first"]), yardstick=name,
                                  of_yardstick=of(name, t.lang))
                              for name in names], t.lang), f"since.{variant}"
    finding = compared(latest["m2_per_person_low"], latest["m2_per_person_high"],
                       n["guideline_m2"])
    space = t.space(latest["m2_per_person_low"], latest["m2_per_person_high"])
    candidates = [t(f"space-at-reported-counts.title.{form}", date=t.month(latest),
                    space=space, compared=t(f"compared.{finding}", yardstick=name,
                                         of_yardstick=of(name, t.lang)))
                  for form in ("latest", "latest_short") for name in names]
    return first_fitting(candidates, t.lang), f"latest.{finding}"


def grey_note(t: DensityText, seen: dict) -> str:
    """What the grey marks are, for readers, in one sentence: an opinion column, a sentence a
    news agency repeats, figures known only to the year."""
    key = "space-at-reported-counts.note"
    parts = []
    for report, opinion in zip(seen["not_headline"], seen["not_headline_opinion"]):
        if opinion and report["date_precision"] != "year":
            parts.append(t(f"{key}.opinion_undated", date=t.month(report))
                         if report.get("date_inferred") else
                         t(f"{key}.opinion", date=t.month(report)))
    for report in seen["repeats"]:
        parts.append(t(f"{key}.repeat", date=t.month(report),
                       people=t.figure(report, quoted=True)))
    if any(r["date_precision"] == "year" for r in seen["not_headline"]):
        parts.append(t(f"{key}.year_only"))
    if not parts:
        return ""
    joined = ", ".join(parts[:-1]) + t(f"{key}.and") + parts[-1] if len(parts) > 1 \
        else parts[0]
    return t(f"{key}.grey", parts=joined)


def legend_kinds(table, worthy_only: bool = True) -> list[str]:
    """The shapes the chart draws in the series' colour (figures that may carry a headline),
    'opinion' (or 'year_only') for the grey marks of figures that may not, and 'repeat' for a
    sentence a news agency repeats."""
    repeat = table["repeat"] if "repeat" in table else False
    series = table[~repeat] if "repeat" in table else table
    drawn = drawn_kinds(series[series["headline_worthy"]]) if worthy_only else \
        drawn_kinds(series)
    found = [k for k in drawn if k != "year_only"]
    grey = series[~series["headline_worthy"]]
    if len(grey):
        found.append("opinion" if (grey["date_precision"] != "year").any() else "year_only")
    if "repeat" in table and table["repeat"].any():
        found.append("repeat")
    return found


def observed_text(computed: Computed, t: DensityText) -> ChartText:
    n, lang = computed.numbers, t.lang
    seen, latest, first = n["observed"], n["observed"]["latest"], n["observed"]["first"]
    table = computed.tables["space-at-reported-counts"]
    title, variant = observed_title(t, n)
    space = t.space(latest["m2_per_person_low"], latest["m2_per_person_high"])
    grey = (t("space-at-reported-counts.alt_grey.opinion") if seen["not_headline"] else "") \
        + (t("space-at-reported-counts.alt_grey.repeat") if seen["repeats"] else "")
    words = dict(space=space, cell_m2=m2(n["cell_m2"], lang),
                 first=fmt.date(table["date"].iloc[0], lang, "month"),
                 last=fmt.date(seen["last_headline_date"], lang, "month"),
                 reports=fmt.whole(seen["reports"], lang),
                 first_space=m2(first["m2_per_person_high"], lang),
                 first_people=t.figure(first), latest_people=t.figure(latest),
                 yardstick_name=t.yardstick_name, guideline=t.guideline, grey=grey)
    kinds = legend_kinds(table)
    return ChartText(
        chart_id="space-at-reported-counts", lang=lang, title=title,
        subtitle=t("space-at-reported-counts.subtitle", **words),
        alt=t("space-at-reported-counts.alt", **words),
        note=first_fitting_note([
            grey_note(t, seen) + " " + side_by_side(table, max(DODGE_DAYS.values()), lang),
            grey_note(t, seen)]),
        source_ids=computed.sources["space-at-reported-counts"],
        as_of=computed.as_of["space-at-reported-counts"],
        labels={"axis": t("space-at-reported-counts.axis"),
                "kinds": {k: t(f"space-at-reported-counts.kinds.{k}") for k in kinds},
                "yardstick": f"{t.yardstick_label}: {t.guideline}\u00a0m²",
                "latest": capitalised(t("space-at-reported-counts.latest",
                                        date=t.month(latest), people=t.figure(latest)))},
        variants={"title": variant},
        originators=named(t, "first_below", "latest", "cell_area"))


def bars_text(computed: Computed, t: DensityText) -> ChartText:
    n, lang = computed.numbers, t.lang
    table = computed.tables["standards"]
    labels = t.table("standards")
    values = list(table["standard_m2_per_person"])
    bar_labels = [labels.get(s, s) for s in table["standard_id"]]
    finding, below = bars_finding(n["m2_per_person"], values)
    relation, variant = t.relation(n["m2_per_person"], t.yardstick_title)
    # The shorter wording for a phone names the yardstick by its figure: the chart draws
    # several minimums of one body, so "the minimum" alone would not say which.
    short, _ = t.relation(n["m2_per_person"], t.yardstick_short)
    latest = n["observed"]["latest"]
    capacity = fmt.whole(n["ft_estimate"]["population"], lang)
    population = fmt.whole(n["population"], lang)
    prisoners = t.prisoners()
    observed = t.space(latest["m2_per_person_low"], latest["m2_per_person_high"])
    words = dict(at_population=t.at_population(), actual=m2(n["m2_per_person"], lang),
                 relation=relation, cell_m2=m2(n["cell_m2"], lang), population=population,
                 prisoners=prisoners,
                 capacity=capacity, ft=m2(n["ft_estimate"]["m2_per_person"], lang),
                 observed=observed, people=t.figure(latest), date=t.month(latest),
                 standards="; ".join(f"{label} {m2(v, lang)}\u00a0m²"
                                     for label, v in zip(bar_labels, values)))
    cecot_bars = [t("space-vs-standards.bars.cecot", prisoners=prisoners),
                  t("space-vs-standards.bars.ft_estimate",
                    population=capacity).replace(f" {capacity}", f"\u00a0{capacity}"),
                  t("space-vs-standards.bars.cecot_observed",
                    date=t.month(latest).replace(" ", "\u00a0"),
                    people=t.figure(latest, short=True))]
    cecot_values = [m2(n["m2_per_person"], lang), words["ft"], observed.replace("\u00a0m²", "")]
    subtitle = "capacity" if t.at_capacity() else "scenario"
    return ChartText(
        chart_id="space-vs-standards", lang=lang,
        title=first_fitting([t("space-vs-standards.title", **words),
                             t("space-vs-standards.title", **dict(words, relation=short)),
                             t("space-vs-standards.title_short", **words)], lang),
        subtitle=t(f"space-vs-standards.subtitle.{subtitle}", **words),
        alt=t("space-vs-standards.alt", **words), note=t("space-vs-standards.note"),
        source_ids=computed.sources["space-vs-standards"],
        as_of=computed.as_of["space-vs-standards"],
        labels={"bars": cecot_bars + bar_labels,
                "values": cecot_values + [m2(v, lang) for v in values],
                "axis": t("space-vs-standards.axis"),
                "computed": t("space-vs-standards.computed")},
        variants={"title": variant, "standards": finding, "subtitle": subtitle,
                  "below": str(below)},
        originators=named(t, "ft", "latest", government=t.at_capacity()),
        read_in=facility.read_in_of("capacity_stated", t("government"))
        if t.at_capacity() else {})


def scale_title(t: DensityText, n: dict) -> str:
    """The cell's title: people per cell at the population, and how many the yardstick fits;
    without the population (the note gives it) or the yardstick's name (its label does)
    when a phone's lines need."""
    fit = n["people_per_cell_within_guideline"]
    variant = "fits_none" if fit == 0 else "fits_one" if fmt.plural(fit, t.lang) == "one" \
        else "fits"
    values = dict(at_population=t.at_population(), per_cell=t.per_cell(),
                  fit=fmt.whole(fit, t.lang))
    # The cell draws one yardstick: its body's name alone says which ("the ICRC minimum").
    names = [t.yardstick_title] + ([t(f"yardstick.{t.yardstick_key}.title_short")]
                                   if "title_short" in t.entry(f"yardstick.{t.yardstick_key}")
                                   else []) + [t("the_minimum")]
    return first_fitting([t(f"cell-to-scale.title.{form}.{variant}", **values, yardstick=name)
                          for form in ("full", "short") for name in names], t.lang)


def scale_text(computed: Computed, t: DensityText) -> ChartText:
    n, lang = computed.numbers, t.lang
    cell = computed.tables["cell-to-scale"]
    per_cell, fit = n["people_per_cell"], n["people_per_cell_within_guideline"]
    squares = max(1, round(per_cell))
    words = dict(cell_m2=m2(n["cell_m2"], lang), population=fmt.whole(n["population"], lang),
                 per_cell_people=t.people(per_cell), fit=fmt.whole(fit, lang),
                 fit_people=t.people(fit, about=False),
                 squares=fmt.whole(squares, lang), prisoners=t.prisoners(),
                 small_squares=t(f"cell-to-scale.squares.{fmt.plural(squares, lang)}",
                                 n=fmt.whole(squares, lang)),
                 each=m2(n["m2_per_person"], lang), guideline=t.guideline,
                 yardstick_name=t.yardstick_name, yardstick=t.yardstick_label)
    note = "capacity" if t.at_capacity() else "scenario"
    return ChartText(
        chart_id="cell-to-scale", lang=lang, title=scale_title(t, n),
        subtitle=t("cell-to-scale.subtitle", **words),
        alt=t("cell-to-scale.alt", **words),
        note=t(f"cell-to-scale.note.{note}", **words),
        source_ids=computed.sources["cell-to-scale"],
        as_of=computed.as_of["cell-to-scale"],
        labels={"left": capitalised(t("cell-to-scale.left", **words)).replace(
                    " m² ", "\u00a0m²\u00a0"),
                "right": capitalised(t("cell-to-scale.right", **dict(
                    words, yardstick=t.yardstick_title))).replace(" m² ", "\u00a0m²\u00a0"),
                "scale": t("cell-to-scale.scale",
                           metres=fmt.number(cell["scale_bar_m"].iloc[0], lang))},
        variants={"yardstick": t.yardstick_key, "note": note},
        originators=named(t, "cell_area", government=t.at_capacity()),
        read_in=facility.read_in_of("capacity_stated", t("government"))
        if t.at_capacity() else {})


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = DensityText(computed.numbers, lang)
    return {"space-at-reported-counts": observed_text(computed, t),
            "space-vs-standards": bars_text(computed, t),
            "cell-to-scale": scale_text(computed, t)}


# --- what the notebook says --------------------------------------------------------------------

def caveat(computed: Computed, lang: str) -> str:
    """What the reported figures say against the capacity and the yardstick: the notebook's
    conclusion, true for every parameter set."""
    said = sentences(computed, lang)
    return f"{said['full']} {said['standard']}"


def sentences(computed: Computed, lang: str) -> dict[str, str]:
    """Every sentence the notebook prints that states something, finished from the numbers."""
    return sentences_from_numbers(computed.numbers, lang)


def sentences_from_numbers(numbers: dict, lang: str) -> dict[str, str]:
    t = DensityText(numbers, lang)
    n, seen = numbers, numbers["observed"]
    counts = seen["against_guideline"]
    reports = seen["reports"]
    full = "never" if seen["reaching_capacity"] == 0 else \
        f"reached.{fmt.plural(seen['reaching_capacity'], lang)}"
    most = counts["most_space"]
    latest = seen["latest"]
    finding = compared(latest["m2_per_person_low"], latest["m2_per_person_high"],
                       n["guideline_m2"])
    words = dict(reports=fmt.whole(reports, lang), full=fmt.whole(seen["reaching_capacity"], lang),
                 capacity=fmt.whole(n["capacity_from_sources"], lang),
                 yardstick_name=t.yardstick_name,
                 max_space=m2(most["m2_per_person_high"], lang),
                 max_people=t.figure(most), max_date=t.report_date(most),
                 above=t.count(counts["at_least"]), below=t.count(counts["below"]),
                 unclear=t.count(counts["cannot_tell"]),
                 above_when=t.dates(counts["at_least_dates"]))
    repeats = seen.get("repeats", [])
    known = register()
    repeat = " ".join(t("caveat.repeat", people=t.figure(r, quoted=True), date=t.report_date(r),
                        publisher=credit_name(known[r["source_id"]]["credit"], t.lang))
                      for r in repeats) or t("caveat.no_repeat")
    return {"full": capitalised(t(f"caveat.full.{full}", **words)),
            "standard": t(f"caveat.standard.{caveat_variant(counts, reports)}", **words),
            "latest": t("caveat.latest", people=t.figure(latest), date=t.report_date(latest),
                        space=t.space(latest["m2_per_person_low"],
                                      latest["m2_per_person_high"]),
                        compared=t(f"compared.{finding}", yardstick=t.yardstick_short,
                                   of_yardstick=of(t.yardstick_short, lang))),
            "repeat": repeat,
            "standards_read": standards_read(t, numbers["standards_read"])}


def standards_read(t: DensityText, read: dict) -> str:
    """How each body's minimums were read, from the data: only second-hand, in a copy of
    the body's own text (named), or in its own publication."""
    key = "caveat.standards_read"
    parts = []
    for body, entry in read.items():
        known = body if body in t.entry(key) and body != "intro" else "other"
        parts.append(t(f"{key}.{known}.{entry['how']}", copy=entry["copy"],
                       body=body.upper()))
    joined = "; ".join(parts)
    return t(f"{key}.intro", parts=joined)


def caveat_from_numbers(numbers: dict, lang: str) -> str:
    said = sentences_from_numbers(numbers, lang)
    return f"{said['full']} {said['standard']}"


# --- the story page ----------------------------------------------------------------------------

def page(numbers: dict, lang: str) -> PageText:
    """The story page: its own headline and standfirst, a paragraph of context, key numbers as
    sentences, caveats and the methodology, all from numbers.json."""
    t = DensityText(numbers, lang)
    n, seen = numbers, numbers["observed"]
    latest = seen["latest"]
    finding = compared(latest["m2_per_person_low"], latest["m2_per_person_high"],
                       n["guideline_m2"])
    space = t.space(latest["m2_per_person_low"], latest["m2_per_person_high"])
    if observed_finding(seen) == "since":
        headline = t("page.headline.since", since=t.month(seen["below_since"]["first"]),
                     yardstick=t.yardstick_short)
    else:
        headline = t("page.headline.latest", date=t.month(latest), space=space,
                     compared=t(f"compared.{finding}", yardstick=t.yardstick_short,
                                   of_yardstick=of(t.yardstick_short, lang)))
    standfirst = t("page.standfirst", capacity=fmt.whole(n["capacity_from_sources"], lang),
                   cells=fmt.whole(n["cells_from_sources"], lang),
                   cell_m2=m2(n["cell_m2_from_sources"], lang),
                   capacity_m2=m2(n["m2_per_person_at_capacity_from_sources"], lang),
                   people=t.figure(latest), date=t.month(latest), space=space)
    first = n["context"]["first_transfer"]
    context = t("page.context", first_people=fmt.whole(first["people"], lang),
                first_date=fmt.date(first["date"], lang),
                us_from=fmt.date(n["context"]["us_deportees_from"], lang, "month"),
                icrc=m2(n["standards"]["icrc_shared"]["m2_per_person"], lang))
    at = "at_capacity" if t.at_capacity() else "scenario"
    within = n["people_within_guideline"]
    fits = "all" if within >= n["population"] else "within"
    key = [t(f"page.key.{at}.{fits}", population=fmt.whole(n["population"], lang),
             held=t(f"page.held.{fmt.plural(n['population'], lang)}",
                    n=fmt.whole(n["population"], lang)),
             the_cells=t(f"page.the_cells.{fmt.plural(n['cells'], lang)}",
                         n=fmt.whole(n["cells"], lang)),
             within_people=t(f"page.people_n.{fmt.plural(within, lang)}",
                             n=fmt.whole(within, lang)),
             within=fmt.whole(within, lang),
             yardstick=t.yardstick_short,
             space=f"{m2(n['m2_per_person'], lang)}\u00a0m²"),
           t("page.key.cell", bunks=fmt.whole(n["bunks_per_cell_from_sources"], lang),
             toilets=fmt.whole(n["toilets_per_cell_from_sources"], lang),
             sinks=fmt.whole(n["sinks_per_cell_from_sources"], lang)),
           caveat_from_numbers(numbers, lang)]
    values = dict(cell_m2=m2(n["cell_m2_from_sources"], lang),
                  cells=fmt.whole(n["cells_from_sources"], lang),
                  blocks=fmt.whole(n["blocks_from_sources"], lang),
                  per_block=fmt.whole(n["cells_per_block_from_sources"], lang),
                  capacity=fmt.whole(n["capacity_from_sources"], lang),
                  ft=m2(n["ft_estimate"]["m2_per_person"], lang),
                  implausible=", ".join(("“{}”" if lang == "en" else "«{}»").format(
                      t.figure(f)) for f in n["set_aside_implausible"]),
                  standards_read=standards_read(t, n["standards_read"]))
    caveats = [entry[lang].format(**values) for entry in t.entry("page.caveats")]
    methodology = [entry[lang].format(**values) for entry in t.entry("page.methodology")]
    return PageText(story="density", lang=lang, headline=headline, standfirst=standfirst,
                    context=context, key_numbers=key, caveats=caveats,
                    methodology=methodology,
                    variants={"headline": observed_finding(seen)})
