"""What CECOT costs, and who pays: the arithmetic of the costs story. Pure: data in, tables and
numbers out.

The parameters (capacity, the US deal, the family payment, the construction cost, staffing)
repeat figures reported in data/costs.csv and data/facility.csv. `provenance` states where
each default comes from and flags a default that the data contradicts, so a reader never has
to trust a number typed into a notebook.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ... import data as cdata
from ... import facility, fmt, headcounts
from ...computed import Computed
from ...errors import DataError
from ...params import defaults
from ...ranges import Span
from ...reports import iso, latest_row, value_or_none
from ...sources import ids_of, published_as_of

FAMILY_TOTAL = "family_monthly_package_total"
FAMILY_PART_PREFIX = "family_package_part_"
US_ANNOUNCED = "us_payment_deportee_detention_announced"
US_ACTUAL = "us_payment_deportee_detention_actual"
US_PER_PRISONER_YEAR = "us_cost_per_prisoner_year"
CONSTRUCTION = "cecot_construction_cost"
CONSTRUCTION_WITH_EQUIPMENT = "cecot_total_cost_incl_equipment"
MONTHS_A_YEAR = 12
DAYS_A_MONTH = 365.25 / 12  # an average month, for a stay counted in days
COURT_FILING = "CRT25"  # the US court filing: what was actually paid
# The Venezuelans the US sent to CECOT: how many (the figures disagree, so a range) and the
# dates they arrived and were returned (data/costs.csv).
MEN_HELD_ITEMS = ("us_deportees_received_2025_03_16_tren_de_aragua",
                  "venezuelans_deported_to_cecot_mar_apr_2025",
                  "venezuelans_deported_to_cecot_march_2025",
                  "venezuelans_returned_to_venezuela_2025_07_18")
ARRIVAL_ITEM = "us_deportees_received_2025_03_16_tren_de_aragua"
RETURN_ITEM = "venezuelans_returned_to_venezuela_2025_07_18"

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


# --- arithmetic ----------------------------------------------------------------------------------

def per_year(monthly: float) -> float:
    return monthly * MONTHS_A_YEAR


def per_month(yearly: float) -> float:
    return yearly / MONTHS_A_YEAR


def per_detainee(payment: float, detainees: int) -> float:
    """A payment shared equally by `detainees`."""
    if detainees <= 0:
        raise ValueError("detainees must be positive")
    return payment / detainees


def months_between(start, end) -> float:
    """A stay in months of average length: 16 March to 18 July 2025 is 124 days, 4.07 months."""
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    if days <= 0:
        raise ValueError("the stay must end after it starts")
    return days / DAYS_A_MONTH


def paid_per_man_month(costs: pd.DataFrame) -> dict:
    """What the US actually paid (the court filing) per man per month he was actually held:
    the payment over the men (a range: the counts disagree) and the months between their
    arrival and their return. Every figure is a row of data/costs.csv."""
    paid_row = item_rows(costs, US_ACTUAL)
    paid_row = paid_row[paid_row["source_id"] == COURT_FILING]
    if paid_row.empty:
        raise DataError("data/costs.csv", f"no '{US_ACTUAL}' row from the court filing "
                        f"({COURT_FILING})", column="item")
    paid = float(paid_row["value"].iloc[0])
    men_rows = costs[costs["item"].isin(MEN_HELD_ITEMS)]
    men = Span.covering(men_rows["value"])
    arrived = item_rows(costs, ARRIVAL_ITEM)["date"].dropna().min()
    returned = item_rows(costs, RETURN_ITEM)["date"].dropna().max()
    months = months_between(arrived, returned)
    per = Span.point(paid) / men / months
    return {"paid_usd": paid, "men_low": men.low, "men_high": men.high,
            "arrived": iso(arrived), "returned": iso(returned),
            "days_held": int((returned - arrived).days), "months_held": months,
            "low": per.low, "high": per.high,
            "source_ids": ids_of(paid_row["source_id"], men_rows["source_id"])}


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
    """Checks that involve several parameters (each value already passed its own)."""
    if params["soldiers"] + params["police"] <= 0:
        return "police", "soldiers + police must be at least 1 (prisoners per guard divides by it)"
    return None


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
    declared = defaults("costs")
    tables = {"costs": (costs, "item", "data/costs.csv"),
              "facility": (facility, "fact_id", "data/facility.csv")}
    rows = []
    for name, (resource, primary, alternatives) in PARAMETER_SOURCES.items():
        table, key, file = tables[resource]
        base = {"parameter": name, "default": declared[name], "value": params[name],
                "file": file}
        if name == "us_detainees":
            # No row states 300: AP's payment and AP's per-prisoner cost imply it.
            payment = item_rows(costs, US_ANNOUNCED)
            per_prisoner = item_rows(costs, US_PER_PRISONER_YEAR)
            rows.append({**base, "item": f"{US_ANNOUNCED} / {US_PER_PRISONER_YEAR}",
                         "data_value": float(payment["value"].iloc[0]
                                             / per_prisoner["value"].iloc[0]),
                         "source_id": ";".join(ids_of(payment["source_id"],
                                                      per_prisoner["source_id"])),
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
    reported? Is the value used the default? (For the notebook, in English.)"""
    rows = []
    for name in PARAMETER_SOURCES:
        sub = prov[prov["parameter"] == name]
        primary = sub[sub["role"].isin(["primary", "derived"])]
        others = sub[~sub["role"].isin(["primary", "derived"])]
        differing = primary[~primary["matches_default"]]
        verdict = "matches the data" if differing.empty else "DIFFERS from " + ", ".join(
            f"{fmt.number(r.data_value, 'en')} ({r.source_id})" for r in differing.itertuples())
        if (primary["role"] == "derived").all():
            verdict = ("derived: " + verdict) if differing.empty else verdict
        alternatives = others[~others["matches_default"]]
        rows.append({
            "parameter": name, "default": sub["default"].iloc[0], "value": sub["value"].iloc[0],
            "set_by_user": bool(not np.isclose(float(sub["value"].iloc[0]),
                                               float(sub["default"].iloc[0]))),
            "default_vs_data": verdict,
            "other_figures": "; ".join(f"{r.item} {fmt.number(r.data_value, 'en')} "
                                       f"({r.source_id}, {r.status})"
                                       for r in alternatives.itertuples()),
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
    return ids_of(rows["source_id"])


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
        "family_payment_reported_total_usd": reported_total,
        "family_payment_parts_match_reported_total": check["matches_reported_total"],
        "family_payment_parts_match_parameter": check["matches_parameter"],
        "us_detainees": params["us_detainees"],
        "us_payment_usd": params["us_payment_usd"],
        "us_payment_per_detainee_year_usd": us_year,
        "us_payment_per_detainee_month_usd": us_month,
        "us_paid_court_filing_usd": {"low": paid_low, "high": paid_high},
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
        people = Span.of_report(record.kind, record.low, record.high)
        per_guard = people / guards(soldiers, police)
        rows.append({
            "date": iso(record.date), "date_precision": record.date_precision,
            "report_id": record.report_id, "kind": record.kind,
            "population_low": value_or_none(people.low),
            "population_high": value_or_none(people.high),
            "per_guard_low": prisoners_per_guard(record.low, soldiers, police),
            "per_guard_high": None if per_guard.open_above else per_guard.high,
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


def per_guard_data(staff: dict, table: pd.DataFrame) -> pd.DataFrame:
    """The prisoners-per-guard chart's data: each report and the two capacities."""
    data = table.assign(soldiers=staff["soldiers"], police=staff["police"])
    extra = pd.DataFrame([
        {"date": "", "date_precision": "", "report_id": key, "kind": "scenario",
         "population_low": staff[key]["population"], "population_high": staff[key]["population"],
         "per_guard_low": staff[key]["value"], "per_guard_high": staff[key]["value"],
         "source_id": "", "soldiers": staff["soldiers"], "police": staff["police"]}
        for key in ("at_capacity", "at_alt_capacity")])
    return pd.concat([data, extra], ignore_index=True)


def family_data(parts: pd.DataFrame, total: float, reported_total: float) -> pd.DataFrame:
    """The family-payment chart's data: each part, the reported total and, when it differs,
    the total used here."""
    kinds = list(parts["part"]) + ["reported_total"]
    values = list(parts["usd_per_month"]) + [reported_total]
    sources = list(parts["source_id"]) + [parts["source_id"].iloc[0]]
    if not np.isclose(total, reported_total):
        kinds.append("parameter")
        values.append(total)
        sources.append("")
    return pd.DataFrame({"item": kinds, "usd_per_month": values, "source_id": sources})


def run(params: dict) -> Computed:
    """Every table and number of the story for one set of parameters."""
    cost_rows = cdata.load("costs")
    prov = provenance(params, cost_rows, facility.facts())  # evidence only: no Wikipedia row
    numbers = headline(params, cost_rows)
    parts = family_parts(cost_rows)
    reported_total = float(item_rows(cost_rows, FAMILY_TOTAL)["value"].iloc[0])
    reports = headcounts.in_people(headcounts.reports())
    staff, per_guard = staffing(params, reports)
    numbers["prisoners_per_guard"] = staff
    numbers["parameters"] = {key: params[key] for key in defaults("costs")
                             if key not in ("lang", "output_dir")}
    numbers["defaults_differing_from_data"] = differing_defaults(prov)
    numbers["us_payment_months"] = MONTHS_A_YEAR
    numbers["latest_report_precision"] = str(
        reports.loc[reports["report_id"] == staff["latest"]["report_id"],
                    "date_precision"].iloc[0])
    place = numbers["cost_per_place_usd"]
    family_sources = ids_of(parts["source_id"])
    numbers["family_payment_published"] = published_as_of(family_sources)
    returned = cost_rows[cost_rows["item"].str.startswith("venezuelans_returned")]["date"]
    numbers["us_detainees_returned_date"] = iso(returned.max()) if returned.notna().any() \
        else None
    # The construction cost: a reported claim (dated by its earliest source) or a scenario.
    claims = cost_rows[cost_rows["item"].isin([CONSTRUCTION, CONSTRUCTION_WITH_EQUIPMENT])]
    matching = claims[np.isclose(claims["value"].astype(float), place["construction_cost_usd"])]
    numbers["construction_cost_claimed"] = min(
        published_as_of([sid]) for sid in matching["source_id"]) if len(matching) else None
    us_sources = ids_of(parameter_sources(prov, "us_payment_usd", "us_detainees"),
                        paid_per_man_month(cost_rows)["source_ids"])
    place_sources = ids_of(item_rows(cost_rows, CONSTRUCTION)["source_id"],
                           parameter_sources(prov, "capacity", "alt_capacity"))
    guard_sources = ids_of(parameter_sources(prov, "soldiers", "police", "capacity",
                                             "alt_capacity"), per_guard["source_id"])
    # Like for like: the same payment (the US to El Salvador, per man per month), as announced
    # and as actually paid for the months the men were actually held.
    held = paid_per_man_month(cost_rows)
    announced = numbers["us_payment_per_detainee_month_usd"]
    held["times_announced_low"] = held["low"] / announced
    held["times_announced_high"] = held["high"] / announced
    numbers["us_paid_per_man_month_held_usd"] = held
    us_data = pd.DataFrame({
        "bar": ["announced", "paid_for_months_held"],
        "payment_usd": [numbers["us_payment_usd"], held["paid_usd"]],
        "men_low": [numbers["us_detainees"], held["men_low"]],
        "men_high": [numbers["us_detainees"], held["men_high"]],
        "months": [MONTHS_A_YEAR, held["months_held"]],
        "usd_per_man_month_low": [announced, held["low"]],
        "usd_per_man_month_high": [announced, held["high"]],
    })
    place_data = pd.DataFrame({
        "capacity": [place["at_capacity"]["capacity"], place["at_alt_capacity"]["capacity"]],
        "which": ["stated", "alternative"],
        "construction_cost_usd": [place["construction_cost_usd"]] * 2,
        "usd_per_place": [place["at_capacity"]["value"], place["at_alt_capacity"]["value"]],
        "status": ["unverified"] * 2})
    return Computed(
        params=dict(params),
        tables={"provenance": prov, "flags": default_flags(prov), "parts": parts,
                "related": cost_rows[cost_rows["item"].str.startswith("family_")
                                     & ~cost_rows["item"].str.startswith(FAMILY_PART_PREFIX)],
                "deportees": cost_rows[cost_rows["item"].str.startswith(
                    ("us_deportees", "venezuelans"))],
                "construction": construction_alternatives(
                    cost_rows, {"capacity": params["capacity"],
                                "alt_capacity": params["alt_capacity"]}),
                "secrecy": cost_rows[cost_rows["item"].str.startswith(
                    "cecot_construction_cost_")],
                "per_guard": per_guard,
                "family-payment": family_data(parts, params["family_payment_usd"],
                                              reported_total),
                "us-payment-per-month": us_data, "cost-per-place": place_data,
                "prisoners-per-guard": per_guard_data(staff, per_guard)},
        numbers=numbers,
        sources={"family-payment": family_sources,
                 "us-payment-per-month": us_sources,
                 "cost-per-place": place_sources, "prisoners-per-guard": guard_sources},
        as_of={"family-payment": published_as_of(family_sources),
               "us-payment-per-month": published_as_of(us_sources),
               "cost-per-place": published_as_of(place_sources),
               "prisoners-per-guard": max(per_guard["date"])})
