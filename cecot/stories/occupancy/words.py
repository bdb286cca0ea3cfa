"""Every sentence of the occupancy charts, of the notebook (`sentences`) and of the story page
(`page`), filled from the run's numbers (text.yml holds the words in both languages).

A capacity parameter that differs from the stated capacity in the data is a scenario: its
words never credit it to anybody ("a capacity of 20,000, a scenario")."""

from __future__ import annotations

import math

import pandas as pd

from ... import facility, fmt
from ...computed import Computed
from ...ranges import Span
from ...sources import credited, register
from ...style import first_fitting, first_fitting_note, side_by_side
from ...words import ChartText, PageText, Text, credit_name
from .charts import DODGE_DAYS

# The shapes a report is drawn in, in legend order (charts.py draws each as style does).
MARKS = ("count", "approx", "range", "lower_bound", "upper_bound", "share", "year_only",
         "opinion", "repeat")
ORIGINATORS = {"en": ["Government of El Salvador"], "es": ["Gobierno de El Salvador"]}


def people_count(t: Text, value: float, open_above: bool = False) -> str:
    """A number of people (or people per cell) in words: whole, "about" when it is an
    average, "more than" for a lower bound (rounded down, so the words stay true)."""
    if open_above:
        return fmt.more_than(fmt.whole(math.floor(value), t.lang), t.lang)
    if float(value) == round(float(value)):
        return fmt.whole(value, t.lang)
    n = round(value)
    if n == 0:  # an average below half a person: "under 1"
        return t("under_one")
    return t(f"about.{fmt.plural(n, t.lang)}", n=fmt.whole(n, t.lang))


def shown(t: Text, low, high, kind: str) -> str:
    """A figure in the shape it was given: "4,000", "about 15,000", "more than 20,000",
    "up to 75", "10,000–20,000". Per cell, a figure that is not whole is "about" it."""
    if high is None:
        return people_count(t, low, open_above=True)
    if low is None:
        return t("figure.upper_bound", n=fmt.whole(math.ceil(high), t.lang))
    if round(low) != round(high):
        return fmt.range_of(low, high, t.lang)
    if kind == "count" and float(low) == round(float(low)):
        return fmt.whole(low, t.lang)
    n = round(low)
    if n == 0:
        return t("under_one")
    return t(f"figure.approx.{fmt.plural(n, t.lang)}", n=fmt.whole(n, t.lang))


def quoted(t: Text, figure: dict) -> str:
    """A repeated sentence's figure with the noun it was printed with: "about 15,000
    prisoners" ("unos 15,000 presos")."""
    low, high = figure["low"], figure["high"]
    if high is None:
        return t("figure_quoted.lower_bound", n=fmt.whole(low, t.lang))
    if low != high:
        return t("figure_quoted.range", n=fmt.range_of(low, high, t.lang))
    return t(f"figure_quoted.{'count' if figure['kind'] == 'count' else 'approx'}",
             n=fmt.whole(low, t.lang))


def per_cell(t: Text, figure: dict) -> str:
    """A figure's people per cell, in its shape."""
    return shown(t, figure["people_per_cell_low"], figure["people_per_cell_high"],
                 figure["kind"])


def in_people(t: Text, figure: dict) -> str:
    return shown(t, figure["low"], figure["high"], figure["kind"])


def people_words(t: Text, figure: dict) -> str:
    """A figure in people, with its noun, in its shape: "4,000 people", "about 15,000
    people", "more than 20,000 people", "10,000–20,000 people"."""
    low, high = figure["low"], figure["high"]
    if high is not None and low == high:
        return t.people(low, about=figure["kind"] != "count")
    return t.people_span(low, high)


def month(t: Text, figure_or_date, precision: str | None = None) -> str:
    if isinstance(figure_or_date, dict):
        date, precision = figure_or_date["date"], figure_or_date["date_precision"]
    else:
        date = figure_or_date
    return fmt.date(date, t.lang, "year" if precision == "year" else "month")


def capacity_words(t: Text, n: dict) -> str:
    """The capacity the story measures against, in words: the stated one is claimed, a
    parameter that differs from it a scenario."""
    which = "stated" if n["capacity_is_stated"] else "scenario"
    return t(f"capacity.{which}", capacity=fmt.whole(n["capacity"], t.lang))


def mark_of(row) -> str:
    """The shape a report is drawn in: grey (a sentence a news agency repeats, an opinion
    column, a year) when it may not carry a headline; else "up to", "more than", a range, a
    share of capacity, a count, or anything else (an approximation) as approximate."""
    if getattr(row, "repeat", False):
        return "repeat"
    if not row.headline_worthy:
        return "year_only" if row.date_precision == "year" else "opinion"
    if row.open_below:
        return "upper_bound"
    if row.open_ended:
        return "lower_bound"
    if row.people_per_cell_high > row.people_per_cell_low:
        return "range"
    if row.converted_from == "share_of_capacity":
        return "share"
    return "count" if row.kind == "count" else "approx"


def marks(table: pd.DataFrame) -> list[str]:
    """The shape of each report, in table order."""
    return [mark_of(row) for row in table.itertuples()]


def legend(t: Text, table: pd.DataFrame) -> dict[str, str]:
    """Legend labels of the shapes the chart draws, in legend order."""
    drawn = set(marks(table))
    return {mark: t(f"marks.{mark}") for mark in MARKS if mark in drawn}


def names(t: Text, source_ids) -> str:
    """The organisations that reported a figure, as the chart credits them (with the copy
    read, when only a copy was: "La Prensa Gráfica, as republished by El Salvador Now")."""
    known = register()
    found = list(dict.fromkeys(credited(known[i], t.lang) for i in source_ids))
    return (" and " if t.lang == "en" else " y ").join(found)


def originators(t: Text, n: dict, *groups: str) -> list[str]:
    """What a chart's source line names first: the Government of El Salvador (the stated
    capacity, the first figure, the transfers it announced), then the outlets behind the other
    figures the title and labels give (numbers.json `named_sources`), as they are credited;
    the others are counted."""
    known = register()
    found = list(ORIGINATORS[t.lang])
    for group in groups:
        found += [credited(known[i], t.lang) for i in n["named_sources"][group]]
    return list(dict.fromkeys(found))


def grey_note(t: Text, c: dict) -> str:
    """What the grey marks are, for readers."""
    parts = []
    for figure, opinion in zip(c["not_headline"], c["not_headline_opinion"]):
        if opinion and figure["date_precision"] != "year":
            parts.append(t("grey_note.opinion", date=month(t, figure),
                           people=t.people_span(figure["low"], figure["high"])))
    if any(f["date_precision"] == "year" for f in c["not_headline"]):
        parts.append(t("grey_note.year_only"))
    return " ".join(parts)


def no_bunk(t: Text, without: float) -> str:
    return (t("people-per-cell.no_bunk.some", no_bunk=people_count(t, without))
            if round(without) > 0 else t("people-per-cell.no_bunk.none"))


def dated(t: Text, key: str, since: dict, until: dict, **values) -> str:
    """A title from the first figure to the latest: with months when a phone's lines allow,
    else with years."""
    dates = dict(first_date=month(t, since), latest_date=month(t, until),
                 first_year=str(pd.Timestamp(since["date"]).year),
                 latest_year=str(pd.Timestamp(until["date"]).year))
    return first_fitting([t(f"{key}.{form}", **dates, **values)
                          for form in ("months", "years")], t.lang)


def timeline_text(computed: Computed, t: Text) -> ChartText:
    n, lang = computed.numbers, t.lang
    c, first, latest, top = n["charts"], n["first"], n["latest"], n["highest"]
    capacity = fmt.whole(n["capacity"], lang)
    design = fmt.whole(n["design_capacity"], lang)
    designer = names(t, c["design_capacity_sources"])
    population = computed.params["population"]
    events = computed.tables["transfer_events"]
    which = "stated" if n["capacity_is_stated"] else "scenario"
    grey = alt_grey(t, c)
    highest = "latest" if top["report_id"] == latest["report_id"] else "other"
    values = dict(
        capacity=capacity, design=design, designer=designer, first=in_people(t, first),
        latest=in_people(t, latest), highest=in_people(t, top),
        highest_said=t(f"population-timeline.alt_highest.{highest}", highest=in_people(t, top),
                       highest_date=fmt.date(top["date"], lang, top["date_precision"])),
        n=fmt.whole(n["reports_in_people"], lang), capacity_words=capacity_words(t, n),
        first_date=month(t, first), latest_date=month(t, latest),
        events=fmt.whole(len(events), lang), grey=grey,
        tmin=fmt.whole(c["transfer_people_smallest"] or 0, lang),
        tmax=fmt.whole(c["transfer_people_largest"] or 0, lang))
    drawn = computed.tables["timeline_reports"]
    lines = {"capacity": t(f"population-timeline.capacity_line.{which}", **values),
             "design": t("population-timeline.design_line", **values),
             "design_short": t("population-timeline.design_line_short", **values)}
    if population > 0:
        lines["scenario"] = t("population-timeline.scenario_line",
                              population=fmt.whole(population, lang))
    transfer_labels = [
        fmt.more_than(fmt.whole(r.people, lang), lang) if r.more_than
        else fmt.whole(r.people, lang) for r in events.itertuples()]
    side = side_by_side(computed.tables["timeline_reports"], max(DODGE_DAYS.values()), lang)
    note = first_fitting_note([t("population-timeline.note") + " " + side,
                               t("population-timeline.note_short") + " " + side,
                               t("population-timeline.note")])
    return ChartText(
        chart_id="population-timeline", lang=lang,
        title=dated(t, "population-timeline.title", first, latest,
                    first=in_people(t, first), latest=in_people(t, latest)),
        subtitle=t(f"population-timeline.subtitle.{which}", **values),
        alt=t("population-timeline.alt", **values), note=note,
        source_ids=computed.sources["population-timeline"],
        as_of=computed.as_of["population-timeline"],
        labels={"legend": legend(t, drawn), "marks": marks(drawn),
                "lines": lines, "transfers": transfer_labels,
                "transfers_caption": t("population-timeline.transfers"),
                "axis": t("population-timeline.people_axis")},
        variants={"highest": "lower_bound" if n["highest_reported_is_lower_bound"]
                  else "figure", "capacity": which},
        originators=originators(t, n, "latest", "design", "bunks"),
        read_in=facility.read_in_of("capacity_stated", ORIGINATORS[t.lang][0]))


def per_cell_text(computed: Computed, t: Text) -> ChartText:
    n, lang = computed.numbers, t.lang
    c = n["charts"]
    first, latest = c["per_cell_first"], c["per_cell_latest"]
    population = computed.params["population"]
    capacity = fmt.whole(n["capacity"], lang)
    bunks = n["bunks_per_cell"]
    which = "stated" if n["capacity_is_stated"] else "scenario"
    grey = alt_grey(t, c)
    highest = people_count(t, c["per_cell_highest_low"], c["per_cell_highest_is_lower_bound"])
    said = "latest" if c["per_cell_highest_report"] == latest["report_id"] else "other"
    values = dict(
        capacity=capacity, per_cell=people_count(t, n["capacity_people_per_cell"]),
        per_cell_people=t.people(n["capacity_people_per_cell"]),
        no_bunk=no_bunk(t, n["capacity_people_without_bunk_per_cell"]),
        bunks=fmt.whole(bunks, lang), cells=fmt.whole(n["cells"], lang),
        capacity_words=capacity_words(t, n), first=per_cell(t, first),
        latest=per_cell(t, latest), first_date=month(t, first), latest_date=month(t, latest),
        highest=highest, grey=grey,
        highest_said=t(f"people-per-cell.alt_highest.{said}", highest=highest))
    lines = {"capacity": t(f"people-per-cell.capacity_line.{which}", **values),
             "bunks": t(f"people-per-cell.bunks_line.{fmt.plural(bunks, lang)}",
                        n=fmt.whole(bunks, lang))}
    if population > 0:
        lines["scenario"] = t("people-per-cell.scenario_line",
                              population=fmt.whole(population, lang),
                              per_cell=people_count(t, n["scenario"]["people_per_cell"]))
    table = computed.tables["per_cell_reports"]
    side = side_by_side(table, max(DODGE_DAYS.values()), lang)
    note = first_fitting_note([t("people-per-cell.note", **values) + " " + side,
                               t("people-per-cell.note_short", **values) + " " + side,
                               t("people-per-cell.note", **values)])
    return ChartText(
        chart_id="people-per-cell", lang=lang,
        title=dated(t, "people-per-cell.title", first, latest, first=values["first"],
                    latest=values["latest"]),
        subtitle=t("people-per-cell.subtitle", **values),
        alt=t("people-per-cell.alt", **values), note=note,
        source_ids=computed.sources["people-per-cell"],
        as_of=computed.as_of["people-per-cell"],
        labels={"legend": legend(t, table), "marks": marks(table),
                "lines": lines, "axis": t("people-per-cell.axis")},
        variants={"first": first["report_id"], "latest": latest["report_id"],
                  "capacity": which},
        originators=originators(t, n, "latest", "design", "bunks"),
        read_in=facility.read_in_of("capacity_stated", ORIGINATORS[t.lang][0]))


def alt_grey(t: Text, c: dict) -> str:
    """The alt text's sentences on the grey marks: an opinion column, a repeated sentence."""
    return (t("population-timeline.alt_grey.opinion") if c["not_headline"] else "") + \
        (t("population-timeline.alt_grey.repeat") if c.get("repeats") else "")


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = Text("occupancy", lang)
    return {"population-timeline": timeline_text(computed, t),
            "people-per-cell": per_cell_text(computed, t)}


# --- what the notebook says --------------------------------------------------------------------

def sentences(computed: Computed, lang: str) -> dict[str, str]:
    """Every sentence the notebook prints that states something, finished from the numbers."""
    t = Text("occupancy", lang)
    n = computed.numbers
    last, top = n["latest"], n["highest"]
    publisher = credit_name(register()[last["source_id"]]["credit"], lang)
    rate = rates(lang, last["occupancy_rate_low"], last["occupancy_rate_high"])
    repeats = n["charts"].get("repeats", [])
    said = {
        "reports": t("sentences.reports", reports=fmt.whole(n["reports"], lang),
                     in_people=fmt.whole(n["reports_in_people"], lang),
                     converted=fmt.whole(n["reports_converted"], lang),
                     transfers=fmt.whole(n["transfers"], lang),
                     events=fmt.whole(n["transfer_events"], lang)),
        "latest": t("sentences.latest", people=people_words(t, last),
                    date=fmt.date(last["date"], lang, last["date_precision"]),
                    publisher=publisher, per_cell=per_cell(t, last), rate=rate,
                    capacity_words=capacity_words(t, n)),
        "highest": t("sentences.highest", people=people_words(t, top),
                     date=fmt.date(top["date"], lang, top["date_precision"])),
        "repeat": " ".join(t("sentences.repeat", people=quoted(t, r),
                             date=fmt.date(r["date"], lang, r["date_precision"]),
                             publisher=credit_name(register()[r["source_id"]]["credit"], lang))
                           for r in repeats) or t("sentences.no_repeat"),
        "at_capacity": t("sentences.at_capacity", capacity_words=capacity_words(t, n),
                         per_cell_people=t.people(n["capacity_people_per_cell"]),
                         no_bunk=no_bunk(t, n["capacity_people_without_bunk_per_cell"]),
                         m2=fmt.number(n["capacity_m2_per_person_in_cell"], lang)),
    }
    scenario = n.get("scenario")
    if scenario:
        said["scenario"] = t("sentences.scenario",
                             population=fmt.whole(scenario["population"], lang),
                             per_cell_people=t.people(scenario["people_per_cell"]),
                             no_bunk=no_bunk(t, scenario["people_without_bunk_per_cell"]),
                             m2=fmt.number(scenario["m2_per_person_in_cell"], lang))
    else:
        said["scenario"] = t("sentences.no_scenario")
    return said


# --- the story page ----------------------------------------------------------------------------

def page(numbers: dict, lang: str) -> PageText:
    """The story page: its own headline and standfirst, a paragraph of context, key numbers as
    sentences, caveats and the methodology, all from numbers.json."""
    t = Text("occupancy", lang)
    n, c = numbers, numbers["charts"]
    first, latest, top = n["first"], n["latest"], n["highest"]
    cell_first, cell_latest = c["per_cell_first"], c["per_cell_latest"]
    at_capacity = n["capacity_people_per_cell"]
    latest_low = cell_latest["people_per_cell_low"] or 0
    # The finding against the cell's sleeping places; the claimed capacity only when the
    # cells reach it (the key numbers compare with it either way).
    verdict = "at_least" if latest_low >= at_capacity else \
        "over_beds" if latest_low > n["bunks_per_cell"] else "beds"
    latest_said = people_count(t, latest_low, cell_latest["people_per_cell_high"] is None)
    headline = capitalised(t(f"page.headline.{verdict}", latest=latest_said,
                             latest_date=month(t, cell_latest),
                             capacity_per_cell=fmt.whole(round(at_capacity), lang),
                             bunks=fmt.whole(n["bunks_per_cell"], lang),
                             capacity_words=capacity_words(t, n)))
    values = dict(first=people_words(t, first), latest=people_words(t, latest),
                  highest=people_words(t, top),
                  first_date=month(t, first), latest_date=month(t, latest),
                  highest_date=month(t, top), cells=fmt.whole(n["cells"], lang),
                  first_cell=per_cell(t, first), latest_cell=per_cell(t, latest),
                  highest_cell=per_cell(t, top), bunks=fmt.whole(n["bunks_per_cell"], lang))
    repeats = c.get("repeats", [])
    values["repeat"] = "".join(t("page.repeat", people=quoted(t, r), date=month(t, r))
                               for r in repeats)
    highest = "latest" if top["report_id"] == latest["report_id"] else "other"
    standfirst = t(f"page.standfirst.{highest}", **values)
    transfer = n["context"]["first_transfer"]
    context = t("page.context", first_people=fmt.whole(transfer["people"], lang),
                first_date=fmt.date(transfer["date"], lang),
                bunks=fmt.whole(n["bunks_per_cell_from_sources"], lang))
    design_per_cell = n["design_capacity_people_per_cell"]
    design_key = "design" if math.isclose(design_per_cell, n["bunks_per_cell"]) \
        else "design_other"
    key = [t(f"page.key.{design_key}",
             rate=rates(lang, latest["occupancy_rate_low"], latest["occupancy_rate_high"]),
             rate_design=rates(lang, latest["occupancy_rate_design_low"],
                               latest["occupancy_rate_design_high"]),
             capacity_words=capacity_words(t, n),
             design=fmt.whole(n["design_capacity"], lang),
             design_per_cell=people_count(t, design_per_cell)),
           t("page.key.capacity", capacity_words=capacity_words(t, n),
             per_cell_people=t.people(at_capacity),
             no_bunk=no_bunk(t, n["capacity_people_without_bunk_per_cell"]))]
    sourced = dict(cells=fmt.whole(n["cells_from_sources"], lang),
                   capacity=fmt.whole(n["capacity_from_sources"], lang),
                   implausible=implausible(t, n["set_aside_implausible"]))
    caveats = [entry[lang].format(**sourced) for entry in t.entry("page.caveats")]
    methodology = [entry[lang].format(**sourced) for entry in t.entry("page.methodology")]
    return PageText(story="occupancy", lang=lang, headline=headline, standfirst=standfirst,
                    context=context, key_numbers=key, caveats=caveats,
                    methodology=methodology, variants={"headline": verdict})


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def rates(lang: str, low, high) -> str:
    """An occupancy rate in words: "38%", "25–50%", "more than 36%"."""
    return fmt.span(Span(low, high), lang, unit=lambda v, lang_: fmt.percent(v * 100, lang_, 0))


def implausible(t: Text, figures: list[dict]) -> str:
    """The figures set aside as implausible, in words: «more than 40,000», «about 80,000»."""
    said = [shown(t, f["low"], f["high"], f["kind"]) for f in figures]
    quoted = [f"“{s}”" if t.lang == "en" else f"«{s}»" for s in said]
    return (", " if t.lang == "en" else ", ").join(quoted)
