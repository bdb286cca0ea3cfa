"""Every sentence of the occupancy charts, filled from the run's numbers (text.yml holds the
words in both languages)."""

from __future__ import annotations

import math

import pandas as pd

from ... import fmt
from ...computed import Computed
from ...ranges import Span
from ...sources import register
from ...words import ChartText, Text, credit_name

# The shapes a report is drawn in, in legend order (charts.py draws each as style does).
MARKS = ("count", "approx", "range", "lower_bound", "upper_bound", "year_only")
ORIGINATORS = {"en": ["Government of El Salvador"], "es": ["Gobierno de El Salvador"]}


def people_count(t: Text, value: float, open_above: bool = False) -> str:
    """A number of people (or people per cell) in words: whole, "about" when it is an
    average, "more than" for a lower bound (rounded down, so the words stay true)."""
    if open_above:
        return fmt.more_than(fmt.whole(math.floor(value), t.lang), t.lang)
    if float(value) == round(float(value)):
        return fmt.whole(value, t.lang)
    return t("about", n=fmt.whole(round(value), t.lang))


def mark_of(row) -> str:
    """The shape a report is drawn in: known only to the year, "up to", "more than", a range,
    a count, or anything else (an approximation, a share of capacity) as approximate."""
    if row.date_precision == "year":
        return "year_only"
    if row.open_below:
        return "upper_bound"
    if row.open_ended:
        return "lower_bound"
    if row.people_per_cell_high > row.people_per_cell_low:
        return "range"
    return "count" if row.kind == "count" else "approx"


def marks(table: pd.DataFrame) -> list[str]:
    """The shape of each report, in table order."""
    return [mark_of(row) for row in table.itertuples()]


def legend(t: Text, table: pd.DataFrame, converted: bool) -> dict[str, str]:
    """Legend labels of the shapes the chart draws, by shape; with `converted`, a colour for
    the reports converted into people."""
    drawn = set(marks(table))
    labels = {mark: t(f"marks.{mark}") for mark in MARKS if mark in drawn}
    if converted and (table["converted_from"] != "").any():
        labels["converted"] = t("marks.converted")
    return labels


def names(t: Text, source_ids) -> str:
    """The organisations that reported a figure, as the chart credits them."""
    known = register()
    found = list(dict.fromkeys(credit_name(known[i]["credit"], t.lang) for i in source_ids))
    return t("names_and").join(found)


def note(t: Text, n: dict, converted: bool = False, designer: str = "") -> str:
    """The note under a chart: what the title leaves out, the conversions, who gave the
    design capacity, the dodge."""
    parts = []
    left_out = n["charts"]["per_cell_against_bunks"]["not_counted"]
    if left_out:
        parts.append(t(f"not_counted.{fmt.plural(left_out, t.lang)}",
                       n=fmt.whole(left_out, t.lang)))
    if converted:
        parts.append(t("converted_note", cells=fmt.whole(n["cells"], t.lang),
                       base=fmt.whole(n["charts"]["share_base"], t.lang)))
    if designer:
        parts.append(t("designer_note", designer=designer))
    parts.append(t("dodge_note"))
    return " ".join(parts)


def bunks_finding(counts: dict) -> str:
    """Which title the reports that may carry a headline make true."""
    within, above, counted = counts["within"], counts["above"], counts["counted"]
    if counted and within == counted:
        return "all_within"
    if counted and above == counted:
        return "all_above"
    if within == 0 and above == 0:
        return "unclear"
    return "most_within" if within >= above else "most_above"


def others(t: Text, counts: dict, finding: str, bunks: str) -> str:
    """The sentence on the counted reports the title does not speak of (`bunks`: the bunk
    places of a cell, formatted)."""
    if finding in ("all_within", "all_above", "unclear"):
        return ""
    told = "within" if finding == "most_within" else "above"
    rest = [(kind, counts[kind]) for kind in ("within", "above", "either_side")
            if kind != told and counts[kind]]
    if not rest:
        return ""
    if len(rest) == 1:
        kind, k = rest[0]
        return t(f"people-per-cell.others.only.{kind}.{fmt.plural(k, t.lang)}",
                 n=fmt.whole(k, t.lang), bunks=bunks)
    phrases = [t(f"people-per-cell.others.{kind}.{fmt.plural(k, t.lang)}",
                 n=fmt.whole(k, t.lang), bunks=bunks) for kind, k in rest]
    return t("people-per-cell.others.two", first=phrases[0], second=phrases[1])


def timeline_text(computed: Computed, t: Text) -> ChartText:
    n, lang = computed.numbers, t.lang
    c, latest = n["charts"], n["latest"]
    capacity = fmt.whole(n["capacity"], lang)
    design = fmt.whole(n["design_capacity"], lang)
    designer = names(t, c["design_capacity_sources"])
    population = computed.params["population"]
    highest = people_count(t, n["highest_reported_low"], n["highest_reported_is_lower_bound"])
    values = dict(
        capacity=capacity, design=design, designer=designer,
        lowest=fmt.whole(n["lowest_reported"], lang), highest=highest,
        n=fmt.whole(n["reports"], lang),
        first=fmt.date(c["first_report_date"], lang, "month"),
        last=fmt.date(c["last_report_date"], lang, "month"),
        latest_date=fmt.date(latest["date"], lang), transfers=fmt.whole(n["transfers"], lang),
        latest=fmt.span(Span(latest["low"], latest["high"]), lang),
        tmin=fmt.whole(c["transfer_people_smallest"] or 0, lang),
        tmax=fmt.whole(c["transfer_people_largest"] or 0, lang))
    table = computed.tables["snapshots"]
    lines = {"capacity": t("population-timeline.capacity_line", **values),
             "design": t("population-timeline.design_line", **values)}
    if population > 0:
        lines["scenario"] = t("population-timeline.scenario_line",
                              population=fmt.whole(population, lang))
    moved = computed.tables["transfers"]
    transfer_labels = [
        fmt.more_than(fmt.whole(r.people, lang), lang) if r.more_than
        else fmt.whole(r.people, lang) for r in moved.itertuples()]
    return ChartText(
        chart_id="population-timeline", lang=lang,
        title=t("population-timeline.title", **values),
        subtitle=t("population-timeline.subtitle", **values),
        alt=t("population-timeline.alt", **values),
        note=note(t, n, converted=bool((table["converted_from"] != "").any()),
                  designer=designer),
        source_ids=computed.sources["population-timeline"],
        as_of=computed.as_of["population-timeline"],
        labels={"legend": legend(t, table, converted=True), "marks": marks(table),
                "lines": lines, "transfers": transfer_labels,
                "transfers_caption": t("population-timeline.transfers"),
                "axis": t("population-timeline.people_axis")},
        variants={"highest": "lower_bound" if n["highest_reported_is_lower_bound"]
                  else "figure"},
        originators=ORIGINATORS[lang])


def per_cell_text(computed: Computed, t: Text) -> ChartText:
    n, lang = computed.numbers, t.lang
    c = n["charts"]
    counts = c["per_cell_against_bunks"]
    finding = bunks_finding(counts)
    population = computed.params["population"]
    capacity = fmt.whole(n["capacity"], lang)
    bunks = n["bunks_per_cell"]
    bunk_places = t(f"people-per-cell.bunk_places.{fmt.plural(bunks, lang)}",
                    n=fmt.whole(bunks, lang))
    without = n["capacity_people_without_bunk_per_cell"]
    no_bunk = (t("people-per-cell.no_bunk.some", no_bunk=people_count(t, without))
               if round(without) > 0 else t("people-per-cell.no_bunk.none"))
    per_cell = n["capacity_people_per_cell"]
    reached = "never" if c["reports_reaching_capacity"] == 0 else "reached"
    values = dict(
        capacity=capacity, per_cell=people_count(t, per_cell),
        per_cell_people=t.people(per_cell), no_bunk=no_bunk, bunk_places=bunk_places,
        m2=fmt.number(n["capacity_m2_per_person_in_cell"], lang),
        cells=fmt.whole(n["cells"], lang),
        within=fmt.whole(counts["within"], lang), above=fmt.whole(counts["above"], lang),
        counted=fmt.whole(counts["counted"], lang),
        at_capacity=t(f"people-per-cell.at_capacity.{reached}", capacity=capacity),
        others=others(t, counts, finding, fmt.whole(bunks, lang)),
        lowest=people_count(t, c["per_cell_lowest"]),
        highest=people_count(t, c["per_cell_highest_low"], c["per_cell_highest_is_lower_bound"]))
    values["finding"] = t(f"people-per-cell.title.{finding}", **values)
    lines = {"capacity": t("people-per-cell.capacity_line", **values),
             "bunks": t("people-per-cell.bunks_line", **values)}
    if population > 0:
        lines["scenario"] = t("people-per-cell.scenario_line",
                              population=fmt.whole(population, lang),
                              per_cell=people_count(t, n["scenario"]["people_per_cell"]))
    table = computed.tables["snapshots"]
    return ChartText(
        chart_id="people-per-cell", lang=lang,
        title=values["finding"],
        subtitle=t("people-per-cell.subtitle", **values),
        alt=t("people-per-cell.alt", **values), note=note(t, n),
        source_ids=computed.sources["people-per-cell"],
        as_of=computed.as_of["people-per-cell"],
        labels={"legend": legend(t, table, converted=False), "marks": marks(table),
                "lines": lines, "axis": t("people-per-cell.axis")},
        variants={"title": finding, "at_capacity": reached},
        originators=ORIGINATORS[lang])


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = Text("occupancy", lang)
    return {"population-timeline": timeline_text(computed, t),
            "people-per-cell": per_cell_text(computed, t)}
