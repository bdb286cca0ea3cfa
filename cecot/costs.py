"""What CECOT costs, and who pays: the arithmetic and charts of the costs story.

The parameters (capacity, the US deal, the family payment, the construction cost, staffing)
repeat figures reported in data/costs.csv and data/facility.csv. `provenance` states where
each default comes from and flags a default that the data contradicts, so a reader never has
to trust a number typed into stories.py.
"""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from . import stories
from .style import number
from .errors import DataError, ParameterError
from .prisons import TEXT as PRISON_TEXT
from .prisons import (_arrow_up, _kind_handles, _kind_marker, _year_axis, iso,
                      latest_row, source_ids, value_or_none, when)
from .style import PALETTE, finalise_chart, frame_chart

FAMILY_TOTAL = "family_monthly_package_total"
FAMILY_PART_PREFIX = "family_package_part_"
US_ANNOUNCED = "us_payment_deportee_detention_announced"
US_ACTUAL = "us_payment_deportee_detention_actual"
US_PER_PRISONER_YEAR = "us_cost_per_prisoner_year"
CONSTRUCTION = "cecot_construction_cost"
CONSTRUCTION_WITH_EQUIPMENT = "cecot_total_cost_incl_equipment"

# Where each parameter's default comes from: (file, item/fact the default stands for,
# other items that give an alternative figure for the same thing).
PARAMETER_SOURCES = {
    "capacity": ("facility", "capacity_stated", ()),
    "alt_capacity": ("facility", "capacity_design_technician",
                     ("capacity_design_hrw", "capacity_design_reported")),
    "us_detainees": ("costs", None, ()),  # derived: see provenance()
    "us_payment_usd": ("costs", US_ANNOUNCED, (US_ACTUAL,)),
    "family_payment_usd": ("costs", FAMILY_TOTAL, ()),
    "construction_cost_usd": ("costs", CONSTRUCTION, (CONSTRUCTION_WITH_EQUIPMENT,)),
    "soldiers": ("costs", "cecot_soldiers", ()),
    "police": ("costs", "cecot_police", ()),
}


# --- pure arithmetic ----------------------------------------------------------------------------

def per_year(monthly: float) -> float:
    return monthly * 12


def per_month(yearly: float) -> float:
    return yearly / 12


def per_detainee(payment: float, detainees: int) -> float:
    """A payment shared equally by `detainees`."""
    if detainees <= 0:
        raise ValueError("detainees must be positive")
    return payment / detainees


def cost_per_place(cost: float, capacity: int) -> float:
    if capacity <= 0:
        raise ValueError("capacity must be positive")
    return cost / capacity


def guards(soldiers: int, police: int) -> int:
    if soldiers < 0 or police < 0:
        raise ValueError("soldiers and police cannot be negative")
    return soldiers + police


def prisoners_per_guard(prisoners: float, soldiers: int, police: int) -> float:
    """Prisoners per soldier or police officer (staff under the director not counted)."""
    total = guards(soldiers, police)
    if total <= 0:
        raise ValueError("there must be at least one soldier or police officer")
    return prisoners / total


def parameter_problem(params: dict) -> tuple[str, str] | None:
    """Checks that involve several parameters (each value already passed its own); also
    usable as stories.py's cross_check."""
    if params["soldiers"] + params["police"] <= 0:
        return "police", "soldiers + police must be at least 1 (prisoners per guard divides by it)"
    return None


def check_parameters(params: dict) -> None:
    problem = parameter_problem(params)
    if problem:
        raise ParameterError(problem[0], problem[1], "costs")


# --- reading the reported figures -------------------------------------------------------------

def item_rows(table: pd.DataFrame, item: str, file: str = "data/costs.csv",
              key: str = "item") -> pd.DataFrame:
    rows = table[table[key] == item]
    if rows.empty:
        raise DataError(file, f"no row for {key} '{item}'", column=key)
    return rows


def family_parts(costs: pd.DataFrame) -> pd.DataFrame:
    """The parts of the monthly family payment, in file order."""
    parts = costs[costs["item"].str.startswith(FAMILY_PART_PREFIX)]
    if parts.empty:
        raise DataError("data/costs.csv", f"no row for item '{FAMILY_PART_PREFIX}...'",
                        column="item")
    return pd.DataFrame({
        "part": parts["item"].str.removeprefix(FAMILY_PART_PREFIX).to_numpy(),
        "usd_per_month": parts["value"].to_numpy(dtype=float),
        "source_id": parts["source_id"].to_numpy(), "status": parts["status"].to_numpy(),
    })


def parts_check(parts: pd.DataFrame, reported_total: float, parameter: float) -> dict:
    """Do the parts add up to the reported total, and to the total used?"""
    total = float(parts["usd_per_month"].sum())
    return {"parts_sum_usd": total, "reported_total_usd": reported_total,
            "matches_reported_total": bool(np.isclose(total, reported_total)),
            "matches_parameter": bool(np.isclose(total, parameter))}


def provenance(params: dict, costs: pd.DataFrame, facility: pd.DataFrame) -> pd.DataFrame:
    """One row per figure in the data behind each parameter: the default, the value used,
    the figure, its source, and whether it is the figure the default stands for ('primary'),
    another reported figure for the same thing ('alternative') or worked out ('derived')."""
    defaults = stories.story("costs").defaults
    tables = {"costs": (costs, "item", "data/costs.csv"),
              "facility": (facility, "fact_id", "data/facility.csv")}
    rows = []
    for name, (resource, primary, alternatives) in PARAMETER_SOURCES.items():
        table, key, file = tables[resource]
        base = {"parameter": name, "default": defaults[name], "value": params[name],
                "file": file}
        if name == "us_detainees":
            # No row states 300: AP's payment and AP's per-prisoner cost imply it.
            payment = item_rows(costs, US_ANNOUNCED)
            per_prisoner = item_rows(costs, US_PER_PRISONER_YEAR)
            rows.append({**base, "item": f"{US_ANNOUNCED} / {US_PER_PRISONER_YEAR}",
                         "data_value": float(payment["value"].iloc[0]
                                             / per_prisoner["value"].iloc[0]),
                         "source_id": ";".join(dict.fromkeys(
                             list(payment["source_id"]) + list(per_prisoner["source_id"]))),
                         "status": "derived", "role": "derived"})
            continue
        for item, role in [(primary, "primary")] + [(a, "alternative") for a in alternatives]:
            found = item_rows(table, item, file, key)
            for record in found.itertuples():
                rows.append({**base, "item": item, "data_value": float(record.value),
                             "source_id": record.source_id,
                             "status": getattr(record, "status", "reported"), "role": role})
    frame = pd.DataFrame(rows)
    frame["matches_default"] = np.isclose(frame["data_value"].astype(float),
                                          frame["default"].astype(float))
    return frame


def default_flags(prov: pd.DataFrame) -> pd.DataFrame:
    """Per parameter: does the default match every figure it stands for? What else is
    reported? Is the value used the default?"""
    rows = []
    for name in PARAMETER_SOURCES:
        sub = prov[prov["parameter"] == name]
        primary = sub[sub["role"].isin(["primary", "derived"])]
        others = sub[~sub["role"].isin(["primary", "derived"])]
        differing = primary[~primary["matches_default"]]
        verdict = "matches the data" if differing.empty else "DIFFERS from " + ", ".join(
            f"{number(r.data_value, 'en')} ({r.source_id})" for r in differing.itertuples())
        if (primary["role"] == "derived").all():
            verdict = ("derived: " + verdict) if differing.empty else verdict
        alternatives = others[~others["matches_default"]]
        rows.append({
            "parameter": name, "default": sub["default"].iloc[0], "value": sub["value"].iloc[0],
            "set_by_user": bool(not np.isclose(float(sub["value"].iloc[0]),
                                               float(sub["default"].iloc[0]))),
            "default_vs_data": verdict,
            "other_figures": "; ".join(f"{r.item} {number(r.data_value, 'en')} ({r.source_id},"
                                       f" {r.status})" for r in alternatives.itertuples()),
        })
    return pd.DataFrame(rows)


def differing_defaults(prov: pd.DataFrame) -> list[str]:
    primary = prov[prov["role"].isin(["primary", "derived"])]
    return sorted(set(primary.loc[~primary["matches_default"], "parameter"]))


def parameter_sources(prov: pd.DataFrame, *names: str) -> list[str]:
    """Source ids of the reported figures equal to the values the parameters now hold (a
    value nobody reported, i.e. a scenario, cites nothing)."""
    rows = prov[prov["parameter"].isin(names)
                & np.isclose(prov["data_value"].astype(float), prov["value"].astype(float))]
    return source_ids(rows)


def published_as_of(ids) -> str:
    """costs.csv rows carry no date: a chart's data is as of the latest publication date
    (data/sources.csv) among its sources. Partial dates ('2025-03', '2024') compare as text."""
    from . import data as cdata
    table = cdata.sources()
    published = table[table["source_id"].isin(list(ids))]["published"].dropna()
    dated = sorted(p for p in published if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", p))
    if not dated:
        raise DataError("data/sources.csv", "none of the chart's sources has a publication "
                        f"date ({', '.join(ids)})", column="published")
    return dated[-1]


def construction_alternatives(costs: pd.DataFrame, capacities: dict[str, int]) -> pd.DataFrame:
    """Cost per place for every construction-cost figure in the data, at each capacity."""
    rows = []
    for record in costs[costs["item"].isin([CONSTRUCTION, CONSTRUCTION_WITH_EQUIPMENT])
                        ].itertuples():
        row = {"item": record.item, "usd": record.value, "source_id": record.source_id,
               "status": record.status}
        for label, capacity in capacities.items():
            row[f"per_place_at_{label}"] = cost_per_place(record.value, capacity)
        rows.append(row)
    return pd.DataFrame(rows)


# --- the story's numbers ------------------------------------------------------------------------

def headline(params: dict, costs: pd.DataFrame) -> dict:
    family = params["family_payment_usd"]
    parts = family_parts(costs)
    reported_total = float(item_rows(costs, FAMILY_TOTAL)["value"].iloc[0])
    check = parts_check(parts, reported_total, family)
    us_year = per_detainee(params["us_payment_usd"], params["us_detainees"])
    us_month = per_month(us_year)
    paid = item_rows(costs, US_ACTUAL)["value"]
    paid_low, paid_high = float(paid.min()), float(paid.max())
    construction = params["construction_cost_usd"]
    return {
        "family_payment_monthly_usd": family,
        "family_payment_yearly_usd": per_year(family),
        "family_payment_parts_usd": dict(zip(parts["part"], parts["usd_per_month"])),
        "family_payment_parts_sum_usd": check["parts_sum_usd"],
        "family_payment_parts_match_reported_total": check["matches_reported_total"],
        "family_payment_parts_match_parameter": check["matches_parameter"],
        "us_detainees": params["us_detainees"],
        "us_payment_usd": params["us_payment_usd"],
        "us_payment_per_detainee_year_usd": us_year,
        "us_payment_per_detainee_month_usd": us_month,
        "us_payment_vs_family_payment": us_month / family,
        "us_paid_court_filing_usd": {"low": paid_low, "high": paid_high},
        "us_paid_per_detainee_month_usd": {
            "low": per_month(per_detainee(paid_low, params["us_detainees"])),
            "high": per_month(per_detainee(paid_high, params["us_detainees"]))},
        "cost_per_place_usd": {
            "status": "unverified", "construction_cost_usd": construction,
            "at_capacity": {"capacity": params["capacity"],
                            "value": cost_per_place(construction, params["capacity"])},
            "at_alt_capacity": {"capacity": params["alt_capacity"],
                                "value": cost_per_place(construction, params["alt_capacity"])},
        },
    }


def staffing(params: dict, reports: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Prisoners per soldier or police officer at capacity, at the alternative capacity, at
    each reported head count (ranges stay ranges, 'more than' gives only a floor) and at the
    latest report."""
    soldiers, police = params["soldiers"], params["police"]
    rows = []
    for record in reports.itertuples():
        open_ended = record.kind == "lower_bound" or pd.isna(record.high)
        rows.append({
            "date": iso(record.date), "report_id": record.report_id, "kind": record.kind,
            "population_low": value_or_none(record.low),
            "population_high": None if open_ended else value_or_none(record.high),
            "per_guard_low": prisoners_per_guard(record.low, soldiers, police),
            "per_guard_high": None if open_ended else prisoners_per_guard(record.high,
                                                                          soldiers, police),
            "source_id": record.source_id,
        })
    table = pd.DataFrame(rows)
    latest = latest_row(reports, value="low")
    top = table[(table["date"] == latest["date"])
                & (table["source_id"] == latest["source_id"])].iloc[0]
    numbers = {
        "soldiers": soldiers, "police": police, "guards": guards(soldiers, police),
        "at_capacity": {"population": params["capacity"], "value": prisoners_per_guard(
            params["capacity"], soldiers, police)},
        "at_alt_capacity": {"population": params["alt_capacity"], "value": prisoners_per_guard(
            params["alt_capacity"], soldiers, police)},
        "latest": {"date": top["date"], "report_id": top["report_id"], "kind": top["kind"],
                   "population_low": value_or_none(top["population_low"]),
                   "population_high": value_or_none(top["population_high"]),
                   "low": float(top["per_guard_low"]),
                   "high": value_or_none(top["per_guard_high"]),
                   "source_id": top["source_id"]},
    }
    return numbers, table


# --- charts ---------------------------------------------------------------------------------------

TEXT = {
    "en": {
        "parts": {"food": "Food", "hygiene": "Hygiene", "clothing": "Clothing",
                  "area_cleaning": "Cleaning of the area", "miscellaneous": "Miscellaneous"},
        "total": "Total, as reported",
        "parameter": "Total used here (parameter)",
        "family_title": "Families are asked to pay US${total} a month for each prisoner",
        "family_subtitle": "The monthly packages as relatives described them to Infobae (Feb "
                           "2023): reported at Zacatecoluca, Apanteos and Izalco prisons, NOT "
                           "at CECOT. US${year} a year",
        "family_alt": "Bar chart of the monthly payment asked of prisoners' families, as "
                      "reported for Zacatecoluca, Apanteos and Izalco prisons (not CECOT): "
                      "{parts}; together US${sum} a month, US${year} a year.",
        "usd_month": "US$ per month",
        "us_title": "Per detainee, the US deal came to {ratio} times the family payment",
        "us_subtitle": "Monthly cost per detainee: US${payment} for {detainees} detainees for "
                       "one year (as reported), what a court filing shows was paid, and the "
                       "monthly family payment",
        "us_deal": "US deal: US${payment} ÷ {detainees} ÷ 12",
        "us_paid": "Paid (court filing): US${paid} ÷ {detainees} ÷ 12",
        "family": "Family payment (other prisons)",
        "us_alt": "Bar chart: the US agreement of US${payment} for {detainees} detainees works "
                  "out at US${month} per detainee per month (US${year} a year), {ratio} times "
                  "the US${family} monthly family payment; the amount a court filing shows "
                  "was paid gives US${paid_month}.",
        "us_note": "Paid amounts spread over 12 months; the deportees were returned to "
                   "Venezuela in July 2025.",
        "place_title": "US${at_capacity} per place, if the unverified US${cost} is right",
        "place_subtitle": "Construction cost divided by capacity. The US$100 million is a "
                          "government claim made aloud (Nov 2024); no contract or budget has "
                          "been published",
        "place_label": "{capacity} places ({which})",
        "stated": "stated capacity", "alternative": "design estimate",
        "unverified": "UNVERIFIED",
        "usd_place": "US$ per place",
        "place_alt": "Bar chart, marked unverified: a construction cost of US${cost} would be "
                     "US${at_capacity} per place at {capacity} places and US${at_alt} at "
                     "{alt_capacity} places.",
        "guard_title": "{at_capacity} prisoners per soldier or police officer at full capacity",
        "guard_subtitle": "Prisoners per guard ({soldiers} soldiers + {police} police) at "
                          "each reported CECOT head count; dashed lines: at {capacity} and "
                          "{alt_capacity} prisoners. Arrows mark 'more than' figures",
        "guard_alt": "Chart of prisoners per guard at CECOT, counting {guards} soldiers and "
                     "police: {at_capacity} at the stated capacity of {capacity}, {at_alt} at "
                     "{alt_capacity}, and {latest} at the latest reported head count ({when}).",
        "per_guard": "prisoners per soldier or police officer",
        "at": "at {population} prisoners",
        "range": "range",
    },
    "es": {
        "parts": {"food": "Alimentación", "hygiene": "Higiene", "clothing": "Ropa",
                  "area_cleaning": "Limpieza de área", "miscellaneous": "Varios"},
        "total": "Total, según lo informado",
        "parameter": "Total usado aquí (parámetro)",
        "family_title": "A las familias se les pide pagar US${total} al mes por cada preso",
        "family_subtitle": "Los paquetes mensuales según familiares a Infobae (feb. 2023): "
                           "informados en los penales de Zacatecoluca, Apanteos e Izalco, NO en "
                           "el CECOT. US${year} al año",
        "family_alt": "Gráfico de barras del pago mensual que se pide a las familias de los "
                      "presos, informado para los penales de Zacatecoluca, Apanteos e Izalco "
                      "(no el CECOT): {parts}; en total US${sum} al mes, US${year} al año.",
        "usd_month": "US$ al mes",
        "us_title": "Por detenido, el acuerdo con EE. UU. equivale a {ratio} veces el pago "
                    "de las familias",
        "us_subtitle": "Costo mensual por detenido: US${payment} por {detainees} detenidos "
                       "durante un año (según lo informado), lo que según un documento "
                       "judicial se pagó, y el pago mensual de las familias",
        "us_deal": "Acuerdo: US${payment} ÷ {detainees} ÷ 12",
        "us_paid": "Pagado (doc. judicial): US${paid} ÷ {detainees} ÷ 12",
        "family": "Pago de las familias (otros penales)",
        "us_alt": "Gráfico de barras: el acuerdo de EE. UU. de US${payment} por {detainees} "
                  "detenidos equivale a US${month} por detenido al mes (US${year} al año), "
                  "{ratio} veces el pago mensual de las familias de US${family}; lo que según "
                  "un documento judicial se pagó da US${paid_month}.",
        "us_note": "Montos pagados repartidos en 12 meses; los deportados volvieron a "
                   "Venezuela en julio de 2025.",
        "place_title": "US${at_capacity} por plaza, si los US${cost} sin verificar son ciertos",
        "place_subtitle": "Costo de construcción dividido por la capacidad. Los US$100 millones "
                          "son una afirmación oral del Gobierno (nov. 2024); no se ha publicado "
                          "contrato ni presupuesto",
        "place_label": "{capacity} plazas ({which})",
        "stated": "capacidad anunciada", "alternative": "estimación de diseño",
        "unverified": "SIN VERIFICAR",
        "usd_place": "US$ por plaza",
        "place_alt": "Gráfico de barras, marcado sin verificar: un costo de construcción de "
                     "US${cost} serían US${at_capacity} por plaza con {capacity} plazas y "
                     "US${at_alt} con {alt_capacity} plazas.",
        "guard_title": "{at_capacity} presos por soldado o policía con el penal lleno",
        "guard_subtitle": "Presos por custodio ({soldiers} soldados + {police} policías) en "
                          "cada conteo informado del CECOT; líneas discontinuas: con {capacity} "
                          "y {alt_capacity} presos. Las flechas marcan «más de»",
        "guard_alt": "Gráfico de presos por custodio en el CECOT, contando {guards} soldados "
                     "y policías: {at_capacity} con la capacidad anunciada de {capacity}, "
                     "{at_alt} con {alt_capacity} y {latest} en el conteo más reciente "
                     "({when}).",
        "per_guard": "presos por soldado o policía",
        "at": "con {population} presos",
        "range": "rango",
    },
}


def money(value: float, lang: str) -> str:
    """US$ amounts: whole dollars from 1,000 up, cents below."""
    if abs(value) >= 1_000_000:
        millions = number(value / 1_000_000, lang, 2)
        return f"{millions} {'million' if lang == 'en' else 'millones'}"
    return number(value, lang, 0 if abs(value) >= 1000 else 2)


def _money_axis(ax, lang: str, axis: str = "x") -> None:
    formatter = FuncFormatter(lambda v, _: number(v, lang, 0))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def chart_family(parts: pd.DataFrame, *, total: float, reported_total: float, lang: str,
                 output_dir, as_of: str):
    text = TEXT[lang]
    labels = [text["parts"].get(p, p) for p in parts["part"]] + [text["total"]]
    values = list(parts["usd_per_month"]) + [reported_total]
    kinds = ["part"] * len(parts) + ["reported_total"]
    if not np.isclose(total, reported_total):
        labels.append(text["parameter"])
        values.append(total)
        kinds.append("parameter")
    data = pd.DataFrame({"label": labels, "kind": kinds, "usd_per_month": values,
                         "source_id": list(parts["source_id"]) + [parts["source_id"].iloc[0]]
                         + ([""] if len(kinds) > len(parts) + 1 else [])})
    fmt = dict(total=money(total, lang), year=money(per_year(total), lang),
               sum=money(parts["usd_per_month"].sum(), lang),
               parts="; ".join(f"{lab} US${money(v, lang)}" for lab, v in
                               zip(labels[:len(parts)], parts["usd_per_month"])))
    title, subtitle = text["family_title"].format(**fmt), text["family_subtitle"].format(**fmt)
    sources = source_ids(parts)
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=sources, lang=lang,
                             plot_height=3.2, left=0.27)
    colours = [PALETTE["blue"]] * len(parts) + [PALETTE["accent"]] * (len(values) - len(parts))
    y = np.arange(len(values))[::-1]
    ax.barh(y, values, color=colours, height=0.62)
    ax.set_yticks(y, labels)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    for yy, value in zip(y, values):
        ax.text(value + max(values) * 0.01, yy, f"US${money(value, lang)}", va="center",
                fontsize=9, color=PALETTE["ink"])
    ax.set_xlim(0, max(values) * 1.18)
    ax.set_xlabel(text["usd_month"])
    _money_axis(ax, lang)
    return finalise_chart(
        fig, chart_id="family-payment", lang=lang, title=title, subtitle=subtitle,
        source_ids=sources, data=data, output_dir=output_dir,
        alt_text=text["family_alt"].format(**fmt), as_of=as_of)


def chart_us_vs_family(numbers: dict, *, us_sources, family_sources, lang: str, output_dir,
                       as_of: str):
    text = TEXT[lang]
    paid = numbers["us_paid_court_filing_usd"]
    paid_month = numbers["us_paid_per_detainee_month_usd"]
    detainees = numbers["us_detainees"]
    fmt = dict(payment=money(numbers["us_payment_usd"], lang),
               detainees=number(detainees, lang, 0),
               month=money(numbers["us_payment_per_detainee_month_usd"], lang),
               year=money(numbers["us_payment_per_detainee_year_usd"], lang),
               family=money(numbers["family_payment_monthly_usd"], lang),
               ratio=number(numbers["us_payment_vs_family_payment"], lang, 1),
               paid=(money(paid["high"], lang) if paid["low"] == paid["high"] else
                     f"{number(paid['low'] / 1e6, lang, 2)}–{money(paid['high'], lang)}"),
               paid_month=(money(paid_month["high"], lang)
                           if paid_month["low"] == paid_month["high"] else
                           f"{money(paid_month['low'], lang)}–"
                           f"{money(paid_month['high'], lang)}"))
    title, subtitle = text["us_title"].format(**fmt), text["us_subtitle"].format(**fmt)
    note = text["us_note"]
    sources = list(dict.fromkeys(list(us_sources) + list(family_sources)))
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=sources, lang=lang,
                             note=note, plot_height=2.8, left=0.3)
    labels = [textwrap.fill(text[key].format(**fmt), 26)
              for key in ("us_deal", "us_paid", "family")]
    values = [numbers["us_payment_per_detainee_month_usd"], paid_month["high"],
              numbers["family_payment_monthly_usd"]]
    y = np.arange(3)[::-1]
    ax.barh(y, values, color=[PALETTE["blue"], PALETTE["teal"], PALETTE["accent"]],
            height=0.6)
    if paid_month["low"] != paid_month["high"]:
        ax.plot([paid_month["low"], paid_month["high"]], [y[1], y[1]], color=PALETTE["ink"],
                lw=1.2, marker="|", markersize=10)
    ax.set_yticks(y, labels)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    shown = [fmt["month"], fmt["paid_month"], fmt["family"]]
    for yy, value, label in zip(y, values, shown):
        ax.text(value + max(values) * 0.025, yy, f"US${label}", va="center", fontsize=9,
                color=PALETTE["ink"])
    ax.set_xlim(0, max(values) * 1.4)
    ax.set_xlabel(text["usd_month"])
    _money_axis(ax, lang)
    data = pd.DataFrame({
        "bar": ["us_deal", "us_paid_court_filing", "family_payment"],
        "usd_per_month_low": [values[0], paid_month["low"], values[2]],
        "usd_per_month_high": values,
        "payment_usd_low": [numbers["us_payment_usd"], paid["low"],
                            numbers["family_payment_monthly_usd"]],
        "payment_usd_high": [numbers["us_payment_usd"], paid["high"],
                             numbers["family_payment_monthly_usd"]],
        "detainees": [detainees, detainees, 1],
        "months": [12, 12, 1],
    })
    return finalise_chart(
        fig, chart_id="us-payment-vs-family", lang=lang, title=title, subtitle=subtitle,
        source_ids=sources, data=data, output_dir=output_dir,
        alt_text=text["us_alt"].format(**fmt), as_of=as_of, note=note)


def chart_cost_per_place(numbers: dict, *, sources, lang: str, output_dir, as_of: str):
    text = TEXT[lang]
    place = numbers["cost_per_place_usd"]
    at_cap, at_alt = place["at_capacity"], place["at_alt_capacity"]
    fmt = dict(cost=money(place["construction_cost_usd"], lang),
               at_capacity=money(at_cap["value"], lang), at_alt=money(at_alt["value"], lang),
               capacity=number(at_cap["capacity"], lang, 0),
               alt_capacity=number(at_alt["capacity"], lang, 0))
    title, subtitle = text["place_title"].format(**fmt), text["place_subtitle"].format(**fmt)
    sources = list(sources)
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=sources, lang=lang,
                             plot_height=3.0, left=0.12)
    labels = [text["place_label"].format(capacity=fmt["capacity"], which=text["stated"]),
              text["place_label"].format(capacity=fmt["alt_capacity"],
                                         which=text["alternative"])]
    values = [at_cap["value"], at_alt["value"]]
    x = np.arange(2)
    ax.bar(x, values, width=0.5, color="white", edgecolor=PALETTE["muted"], hatch="///",
           linewidth=1.2)
    for xx, value, shown in zip(x, values, [fmt["at_capacity"], fmt["at_alt"]]):
        ax.text(xx, value + max(values) * 0.02, f"US${shown}", ha="center", va="bottom",
                fontsize=10, fontweight="bold", color=PALETTE["ink"])
        ax.text(xx, value / 2, text["unverified"], ha="center", va="center", fontsize=9,
                color=PALETTE["accent"], fontweight="bold",
                bbox=dict(facecolor="white", edgecolor="none", pad=2))
    ax.set_xticks(x, labels)
    ax.set_ylim(0, max(values) * 1.15)
    ax.set_ylabel(text["usd_place"])
    _money_axis(ax, lang, axis="y")
    data = pd.DataFrame({"capacity": [at_cap["capacity"], at_alt["capacity"]],
                         "which": ["stated", "alternative"],
                         "construction_cost_usd": [place["construction_cost_usd"]] * 2,
                         "usd_per_place": values, "status": ["unverified"] * 2})
    return finalise_chart(
        fig, chart_id="cost-per-place", lang=lang, title=title, subtitle=subtitle,
        source_ids=sources, data=data, output_dir=output_dir,
        alt_text=text["place_alt"].format(**fmt), as_of=as_of)


def chart_per_guard(staff: dict, table: pd.DataFrame, reports: pd.DataFrame, *, sources,
                    lang: str, output_dir, as_of: str):
    text = TEXT[lang]
    latest = staff["latest"]
    row = reports[reports["report_id"] == latest["report_id"]].iloc[0]
    at_least = {"en": "at least ", "es": "al menos "}[lang]
    latest_text = (at_least + number(latest["low"], lang, 1) if latest["high"] is None else
                   number(latest["low"], lang, 1) if np.isclose(latest["low"], latest["high"])
                   else f"{number(latest['low'], lang, 1)}–{number(latest['high'], lang, 1)}")
    fmt = dict(at_capacity=number(staff["at_capacity"]["value"], lang, 1),
               at_alt=number(staff["at_alt_capacity"]["value"], lang, 1),
               capacity=number(staff["at_capacity"]["population"], lang, 0),
               alt_capacity=number(staff["at_alt_capacity"]["population"], lang, 0),
               soldiers=number(staff["soldiers"], lang, 0),
               police=number(staff["police"], lang, 0),
               guards=number(staff["guards"], lang, 0), latest=latest_text,
               when=when(row["date"], row["date_precision"], lang))
    title, subtitle = text["guard_title"].format(**fmt), text["guard_subtitle"].format(**fmt)
    sources = list(dict.fromkeys(list(sources) + source_ids(table)))
    fig, ax, _ = frame_chart(title=title, subtitle=subtitle, source_ids=sources, lang=lang,
                             plot_height=3.6, left=0.09)
    fig.subplots_adjust(right=0.84)  # room for the labels of the capacity lines
    colour = PALETTE["purple"]
    top = max(staff["at_capacity"]["value"], staff["at_alt_capacity"]["value"],
              table["per_guard_low"].max(), table["per_guard_high"].dropna().max()
              if table["per_guard_high"].notna().any() else 0)
    for record in table.itertuples():
        x = pd.Timestamp(record.date)
        high = record.per_guard_high
        if high is None or pd.isna(high):
            _arrow_up(ax, x, record.per_guard_low, top * 0.06, colour)
        elif high - record.per_guard_low > 1e-9:
            ax.plot([x, x], [record.per_guard_low, high], color=colour, lw=3, alpha=0.7,
                    solid_capstyle="butt")
        else:
            _kind_marker(ax, x, record.per_guard_low, record.kind, colour)
    for key, style in (("at_capacity", "--"), ("at_alt_capacity", ":")):
        value = staff[key]["value"]
        ax.axhline(value, color=PALETTE["ink"], linestyle=style, lw=1)
        ax.text(1.01, value, text["at"].format(population=number(staff[key]["population"],
                                                                  lang, 0))
                + f"\n{number(value, lang, 1)}", transform=ax.get_yaxis_transform(),
                va="center", ha="left", fontsize=8.5, color=PALETTE["ink"])
    handles = _kind_handles(PRISON_TEXT[lang], ["count", "approx"], colour)
    handles.append(Line2D([], [], color=colour, lw=3, alpha=0.7, label=text["range"]))
    handles += _kind_handles(PRISON_TEXT[lang], ["lower_bound"], colour)
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(0.0, 0.6), fontsize=8.5)
    ax.set_ylim(0, top * 1.15)
    _year_axis(ax, table["date"])
    ax.set_ylabel(text["per_guard"])
    data = table.assign(soldiers=staff["soldiers"], police=staff["police"])
    extra = pd.DataFrame([
        {"date": "", "report_id": key, "kind": "scenario",
         "population_low": staff[key]["population"], "population_high": staff[key]["population"],
         "per_guard_low": staff[key]["value"], "per_guard_high": staff[key]["value"],
         "source_id": "", "soldiers": staff["soldiers"], "police": staff["police"]}
        for key in ("at_capacity", "at_alt_capacity")])
    data = pd.concat([data, extra], ignore_index=True)
    return finalise_chart(
        fig, chart_id="prisoners-per-guard", lang=lang, title=title, subtitle=subtitle,
        source_ids=sources, data=data, output_dir=output_dir,
        alt_text=text["guard_alt"].format(**fmt), as_of=as_of)
