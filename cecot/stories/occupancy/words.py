"""Every sentence of the occupancy charts, filled from the run's numbers (text.yml holds the
words in both languages)."""

from __future__ import annotations

import math

from ... import fmt
from ...computed import Computed
from ...ranges import Span
from ...words import ChartText, Text


def people_count(t: Text, value: float, open_above: bool = False) -> str:
    """A number of people (or people per cell) in words: whole, "about" when it is an
    average, "more than" for a lower bound (rounded down, so the words stay true)."""
    if open_above:
        return fmt.more_than(fmt.whole(math.floor(value), t.lang), t.lang)
    if float(value) == round(float(value)):
        return fmt.whole(value, t.lang)
    return t("about", n=fmt.whole(round(value), t.lang))


def legend(t: Text, computed: Computed, per_cell_as_given: bool) -> dict[str, str]:
    """Legend labels of the marks the chart draws, by mark."""
    n = computed.numbers
    table = computed.tables["snapshots"]
    kinds, origins = set(table["kind"]), set(table["converted_from"])
    values = dict(cells=fmt.whole(n["cells"], t.lang),
                  base=fmt.whole(n["charts"]["share_base"], t.lang))
    labels = {}
    for kind in ("count", "approx", "range", "lower_bound"):
        if kind in kinds:
            labels[kind] = t(f"marks.{kind}")
    if "people_per_cell" in origins:
        labels["people_per_cell"] = t("marks.people_per_cell_as_given" if per_cell_as_given
                                      else "marks.people_per_cell", **values)
    if "per_cell_upper_bound" in kinds:
        labels["upper_bound"] = t("marks.upper_bound")
    if "share_of_capacity" in origins:
        labels["share_of_capacity"] = t("marks.share_of_capacity_per_cell" if per_cell_as_given
                                        else "marks.share_of_capacity", **values)
    if (table["date_precision"] == "year").any():
        labels["year_only"] = t("marks.year_only")
    return labels


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = Text("occupancy", lang)
    n = computed.numbers
    c = n["charts"]
    latest = n["latest"]
    note = t("dodge_note")
    capacity = fmt.whole(n["capacity"], lang)
    design = fmt.whole(n["design_capacity"], lang)
    population = computed.params["population"]
    highest = people_count(t, n["highest_reported_low"], n["highest_reported_is_lower_bound"])
    timeline_values = dict(
        capacity=capacity, design=design, lowest=fmt.whole(n["lowest_reported"], lang),
        highest=highest, n=fmt.whole(n["reports"], lang),
        first=fmt.date(c["first_report_date"], lang, "month"),
        last=fmt.date(c["last_report_date"], lang, "month"),
        latest_date=fmt.date(latest["date"], lang), transfers=fmt.whole(n["transfers"], lang),
        latest=fmt.span(Span(latest["low"], latest["high"]), lang),
        tmin=fmt.whole(c["transfer_people_smallest"] or 0, lang),
        tmax=fmt.whole(c["transfer_people_largest"] or 0, lang))
    marks = legend(t, computed, per_cell_as_given=False)
    marks["transfer"] = t("marks.transfer")
    marks["capacity"] = t("marks.capacity", capacity=capacity)
    marks["design"] = t("marks.design", design=design)
    if population > 0:
        marks["scenario"] = t("marks.scenario", population=fmt.whole(population, lang))
    moved = computed.tables["transfers"]
    transfer_labels = [
        fmt.more_than(fmt.whole(r.people, lang), lang) if r.more_than
        else fmt.whole(r.people, lang) for r in moved.itertuples()]
    timeline = ChartText(
        chart_id="population-timeline", lang=lang,
        title=t("population-timeline.title", **timeline_values),
        subtitle=t("population-timeline.subtitle", **timeline_values),
        alt=t("population-timeline.alt", **timeline_values), note=note,
        source_ids=computed.sources["population-timeline"],
        as_of=computed.as_of["population-timeline"],
        labels={"legend": marks, "transfers": transfer_labels,
                "transfers_axis": t("population-timeline.transfers_axis"),
                "axis": t("population-timeline.people_axis")},
        variants={"highest": "lower_bound" if n["highest_reported_is_lower_bound"]
                  else "figure"})

    per_cell = n["capacity_people_per_cell"]
    no_bunk = people_count(t, n["capacity_people_without_bunk_per_cell"])
    design_is_bunks = n["design_capacity"] == n["bunks_per_cell"] * n["cells"]
    cell_values = dict(
        capacity=capacity, per_cell=people_count(t, per_cell),
        per_cell_people=t.people(per_cell), no_bunk=no_bunk,
        m2=fmt.number(n["capacity_m2_per_person_in_cell"], lang),
        bunks=fmt.whole(n["bunks_per_cell"], lang), cells=fmt.whole(n["cells"], lang),
        cell_m2=fmt.number(n["cell_m2"], lang), design=design,
        lowest=people_count(t, c["per_cell_lowest"]),
        highest=people_count(t, c["per_cell_highest_low"], c["per_cell_highest_is_lower_bound"]))
    cell_marks = legend(t, computed, per_cell_as_given=True)
    if population > 0:
        cell_marks["scenario"] = t("marks.scenario_cell", population=fmt.whole(population, lang),
                                   per_cell=people_count(t, n["scenario"]["people_per_cell"]))
    per_cell_text = ChartText(
        chart_id="people-per-cell", lang=lang,
        title=t("people-per-cell.title", **cell_values),
        subtitle=t("people-per-cell.subtitle", **cell_values),
        alt=t("people-per-cell.alt", **cell_values), note=note,
        source_ids=computed.sources["people-per-cell"],
        as_of=computed.as_of["people-per-cell"],
        labels={"legend": cell_marks,
                "capacity_line": t("people-per-cell.capacity_line", **cell_values),
                "bunks_line": t("people-per-cell.bunks_line."
                                + ("design" if design_is_bunks else "plain"), **cell_values),
                "axis": t("people-per-cell.axis")},
        variants={"bunks_line": "design" if design_is_bunks else "plain"})
    return {"population-timeline": timeline, "people-per-cell": per_cell_text}
