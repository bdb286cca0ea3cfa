"""Every sentence of the density charts, filled from the run's numbers (text.yml holds the
words in both languages)."""

from __future__ import annotations

from ... import fmt
from ...computed import Computed
from ...words import ChartText, Text


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def bars_finding(actual: float, standards: list[float]) -> tuple[str, int]:
    """Which title the numbers make true, and how many standards ask for more space."""
    below = sum(1 for value in standards if actual < value)
    if below == len(standards):
        return ("fraction" if actual <= min(standards) / 2 else "below_all"), below
    return ("below_some" if below else "above_all"), below


def yardstick_key(numbers: dict) -> str:
    return "custom" if numbers["guideline_custom"] else numbers["guideline_standard"]


def texts(computed: Computed, lang: str) -> dict[str, ChartText]:
    t = Text("density", lang)
    n = computed.numbers
    table = computed.tables["standards"]
    labels = t.table("standards")
    bar_labels = [labels.get(s, s) for s in table["standard_id"]]
    values = list(table["standard_m2_per_person"])
    actual, in_cell = n["m2_per_person"], n["m2_per_person_in_cell"]
    finding, below = bars_finding(actual, values)
    shared = dict(actual=fmt.number(actual, lang), population=fmt.whole(n["population"], lang),
                  cell=fmt.number(in_cell, lang), cell_m2=fmt.number(n["cell_m2"], lang),
                  standards="; ".join(f"{label} {fmt.number(v, lang)} m²"
                                      for label, v in zip(bar_labels, values)),
                  below=fmt.whole(below, lang), n=fmt.whole(len(values), lang))
    bars = ChartText(
        chart_id="space-vs-standards", lang=lang,
        title=t(f"space-vs-standards.title.{finding}", **shared),
        subtitle=t("space-vs-standards.subtitle", **shared),
        alt=t("space-vs-standards.alt", **shared),
        source_ids=computed.sources["space-vs-standards"],
        as_of=computed.as_of["space-vs-standards"],
        labels={"bars": [t("space-vs-standards.actual_all"),
                         t("space-vs-standards.actual_cell", **shared)] + bar_labels,
                "values": [fmt.number(v, lang) for v in [actual, in_cell] + values],
                "axis": t("space-vs-standards.axis")},
        variants={"title": finding})

    key = yardstick_key(n)
    per_cell, fit = n["people_per_cell"], n["people_per_cell_within_guideline"]
    cell = dict(cell_m2=fmt.number(n["cell_m2"], lang), population=shared["population"],
                per_cell_people=t.people(per_cell), fit=fmt.whole(fit, lang),
                fit_people=t.people(fit, about=False), squares=fmt.whole(
                    max(1, round(per_cell)), lang),
                each=fmt.number(n["m2_per_person_in_cell"], lang),
                guideline=fmt.number(n["guideline_m2"], lang),
                yardstick=t(f"yardstick.{key}.name"))
    scale = ChartText(
        chart_id="cell-to-scale", lang=lang,
        title=t("cell-to-scale.title"),
        subtitle=t("cell-to-scale.subtitle", **cell),
        alt=t("cell-to-scale.alt", **cell),
        source_ids=computed.sources["cell-to-scale"],
        as_of=computed.as_of["cell-to-scale"],
        labels={"left": capitalised(t("cell-to-scale.left", **cell)),
                "right": t("cell-to-scale.right", **{**cell, "yardstick": t(
                    f"yardstick.{key}.label")})},
        variants={"yardstick": key})
    return {"space-vs-standards": bars, "cell-to-scale": scale}
