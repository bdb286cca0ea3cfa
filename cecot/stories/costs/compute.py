"""What CECOT costs, and who pays: the arithmetic of the costs story. Pure: data in, tables and
numbers out.

Four sets of figures, each as far as the data carry it:
- the US agreement: the grant (the letter's US$4.76 million; some outlets give it less
  exactly, as US$4.7 million), its terms (about 300 men, up to a year), the men flown in and when, the day
  they were returned; the grant per man per month on a stated basis (`us_grant_per_man_month`);
- what CECOT cost to build: the one document found (a budget), the figures said aloud, and the
  classification put on the information;
- who guards it: every staff group the data record, and prisoners per person at the latest
  reported head count;
- what families said they paid at other prisons (not CECOT).

The parameters (the men and months the grant is spread over, the staff groups) repeat figures
in data/costs.csv and data/facility.csv. `provenance` states where each default comes from and
flags a default the data contradict, so a reader never has to trust a number typed into a
notebook.
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
from ...sources import ids_of, published_as_of, register

MONTHS_A_YEAR = 12
FAMILY_TOTAL = "family_monthly_package_total"
FAMILY_PART_PREFIX = "family_package_part_"

# The US agreement (data/costs.csv items).
GRANT = "us_payment_deportee_detention_actual"          # the grant letter's sum, as reported
WHITE_HOUSE = "us_payment_deportee_detention_white_house"
MEMOS = "us_payment_deportee_detention_memos"            # AP's account of internal memos
PER_PRISONER_YEAR = "us_cost_per_prisoner_year"
TERMS_MEN = "us_agreement_max_deportees"
TERMS_YEARS = "us_agreement_max_years"
FIRST_ARRIVAL = "us_deportees_received_2025_03_16_tren_de_aragua"
LATER_FLIGHT_PREFIX = "us_deportees_received_"
LATER_FLIGHT_SUFFIX = "_total"
RETURNED = "venezuelans_returned_to_venezuela_2025_07_18"
# The return as a prisoner swap: the Americans Venezuela freed in exchange (no row: the data do
# not say it was a swap, and the words say only that the men were sent to Venezuela).
SWAP = "venezuelans_returned_in_swap_americans_freed"
FUNDS_APPROVED = "us_funds_approved_for_el_salvador"
FUNDS_SENT = "us_funds_sent_by_late_april_2025"  # an upper bound: "just under"
COURT_FILING = "CRT25"  # the grant letter as released in the US lawsuit

# What CECOT cost to build.
BUDGET = "cecot_construction_budget"
SAID_BUILDING = "cecot_construction_cost"
SAID_WITH_EQUIPMENT = "cecot_total_cost_incl_equipment"
RESERVE = "cecot_construction_information_reserve_period"
CONTRACTS = "cecot_construction_contracts_published"
CONTRACTS_TWO_FIRMS = "cecot_construction_contracts_to_omni_disa_owners"
SYSTEM_COST = "salvadoran_prison_system_annual_cost"

# Who guards CECOT: each staff group, in data/costs.csv and data/facility.csv.
STAFF_GROUPS = {
    "prison_staff": [("costs", "cecot_staff_under_director"), ("costs", "cecot_custodians"),
                     ("facility", "staff_under_director"), ("facility", "guards")],
    "soldiers": [("costs", "cecot_soldiers"), ("facility", "soldiers")],
    "police": [("costs", "cecot_police"), ("facility", "police_officers")],
}

# Where each parameter's default comes from: [(file, item, role)], role "primary" (the figure
# the default stands for), "alternative" (another figure for the same thing) or "derived"
# (worked out from the figure: months from years).
PARAMETER_SOURCES = {
    "us_men": [("costs", FIRST_ARRIVAL, "primary"),
               ("costs", "us_deportees_received_2025_03_16_tren_de_aragua_rubio", "alternative"),
               ("costs", TERMS_MEN, "alternative")],
    "us_months": [("costs", TERMS_YEARS, "derived")],
    "prison_staff": [(f, i, "primary") for f, i in STAFF_GROUPS["prison_staff"]],
    "soldiers": [(f, i, "primary") for f, i in STAFF_GROUPS["soldiers"]],
    "police": [(f, i, "primary") for f, i in STAFF_GROUPS["police"]],
}
# Human Rights Watch and Cristosal's report on the Venezuelans held: the former detainees it
# interviewed (the page's context dates and cites it).
RIGHTS_REPORT = "venezuelans_in_cecot_report_interviewed"
# Events (data/events.csv) the page's context paragraph dates.
OPENED_EVENT, EXCEPTION_EVENT = "E09", "E08"


# --- arithmetic ----------------------------------------------------------------------------------

def per_month(yearly: float) -> float:
    return yearly / MONTHS_A_YEAR


def per_year(monthly: float) -> float:
    return monthly * MONTHS_A_YEAR


def per_man_month(amount: Span, men: int, months: int) -> Span:
    """An amount spread evenly over `men` for `months`: an assumption about what it paid for,
    never a price anybody stated."""
    if men <= 0 or months <= 0:
        raise ValueError("men and months must be positive")
    return amount / men / months


def days_between(start, end) -> int:
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    if days <= 0:
        raise ValueError("the stay must end after it starts")
    return days


def staff_total(prison_staff: int, soldiers: int, police: int) -> int:
    if min(prison_staff, soldiers, police) < 0:
        raise ValueError("staff counts cannot be negative")
    return prison_staff + soldiers + police


def per_person(prisoners: Span, staff: int) -> Span:
    """Prisoners for each member of staff (a range stays a range, 'more than' a floor)."""
    if staff <= 0:
        raise ValueError("there must be at least one member of staff")
    return prisoners / staff


def parameter_problem(params: dict) -> tuple[str, str] | None:
    """Checks that involve several parameters (each value already passed its own)."""
    if params["prison_staff"] + params["soldiers"] + params["police"] <= 0:
        return "police", ("prison_staff + soldiers + police must be at least 1 (prisoners per "
                          "member of staff divides by it)")
    return None


# --- reading the reported figures -------------------------------------------------------------

def item_rows(table: pd.DataFrame, item: str, file: str = "data/costs.csv",
              key: str = "item") -> pd.DataFrame:
    rows = table[table[key] == item]
    if rows.empty:
        raise DataError(file, f"no row for {key} '{item}'", column=key)
    return rows


def one_value(table: pd.DataFrame, item: str) -> float:
    """The figure most rows give for `item` (the larger on a tie)."""
    values = item_rows(table, item)["value"].astype(float)
    counts = values.value_counts()
    return float(counts[counts == counts.max()].index.max())


def one_date(table: pd.DataFrame, item: str):
    dates = item_rows(table, item)["date"].dropna()
    if dates.empty:
        raise DataError("data/costs.csv", f"no date on the rows of '{item}'", column="date")
    return dates.min()


def later_flights(costs: pd.DataFrame, after) -> pd.DataFrame:
    """Flights from the US after the first, each with the people on board (Venezuelans and
    Salvadorans: no source splits every flight)."""
    rows = costs[costs["item"].str.startswith(LATER_FLIGHT_PREFIX)
                 & costs["item"].str.endswith(LATER_FLIGHT_SUFFIX)
                 & (costs["date"] > pd.Timestamp(after))]
    return (rows.groupby("date").agg(people=("value", "max"),
                                     source_ids=("source_id", lambda s: ";".join(ids_of(s))))
            .reset_index().sort_values("date"))


def held_segments(first: int, total: int, arrived, flights: pd.DataFrame,
                  returned) -> pd.DataFrame:
    """The Venezuelans held, as steps between dated events: `first` from their arrival; then,
    between two later flights, as many as the flights can account for (low: the later men
    who must already have come, because the flights still to come carry too few; high: as many
    as the flights so far carried, up to the total); `total` after the last flight, until
    all were returned."""
    later = total - first
    if later < 0 or later > flights["people"].sum():
        raise DataError("data/costs.csv", f"{total} Venezuelans returned but {first} on the first "
                        f"flight and {int(flights['people'].sum())} on later ones: the flights "
                        "cannot account for them", column="value")
    dates = [pd.Timestamp(arrived)] + list(pd.to_datetime(flights["date"])) \
        + [pd.Timestamp(returned)]
    people = list(flights["people"].astype(float))
    rows = []
    for k in range(len(dates) - 1):
        carried, still_to_come = sum(people[:k]), sum(people[k:])
        low = first + max(0.0, later - still_to_come)
        high = first + min(float(later), carried)
        rows.append({"start": iso(dates[k]), "end": iso(dates[k + 1]),
                     "men_low": low, "men_high": high})
    return pd.DataFrame(rows)


def us_agreement(costs: pd.DataFrame) -> tuple[dict, pd.DataFrame, list[str]]:
    """The US agreement as the data give it: the grant, its terms, who arrived and when, who
    was returned and when. Every figure is a row of data/costs.csv."""
    grant_rows = item_rows(costs, GRANT)
    if not (grant_rows["source_id"] == COURT_FILING).any():
        raise DataError("data/costs.csv", f"no '{GRANT}' row from the grant letter as released "
                        f"in court ({COURT_FILING})", column="item")
    # The grant is the letter's own sum (it is in the data, as released in court); outlets
    # that give it less exactly are said as such, not as a range of the grant.
    letter = grant_rows[grant_rows["source_id"] == COURT_FILING]["value"].astype(float)
    grant = Span.covering(letter)
    rounded = sorted({float(v) for v in grant_rows["value"]} - set(letter))
    arrived = one_date(costs, FIRST_ARRIVAL)
    first = int(one_value(costs, FIRST_ARRIVAL))
    returned_rows = item_rows(costs, RETURNED)
    total = int(one_value(costs, RETURNED))
    returned = one_date(costs, RETURNED)
    flights = later_flights(costs, arrived)
    flights = flights[flights["date"] < returned]
    swap = costs[(costs["item"] == SWAP) & (costs["date"] == returned)]
    segments = held_segments(first, total, arrived, flights, returned)
    years = one_value(costs, TERMS_YEARS)
    terms_end = pd.Timestamp(arrived) + pd.DateOffset(years=int(years))
    per_prisoner = one_value(costs, PER_PRISONER_YEAR)
    memos = item_rows(costs, MEMOS)
    white_house = item_rows(costs, WHITE_HOUSE)
    sources = register()
    numbers = {
        "grant_usd": {"low": grant.low, "high": grant.high},
        "grant_also_reported_usd": rounded,
        "grant_letter_date": iso(one_date(costs, GRANT)),
        "grant_released": sources[COURT_FILING]["published"],
        "white_house_usd": float(white_house["value"].iloc[0]),
        "white_house_date": iso(white_house["date"].dropna().iloc[0]),
        "memos_usd": float(memos["value"].iloc[0]),
        "memos_published": published_as_of(memos["source_id"]),
        "memos_men": float(memos["value"].iloc[0]) / per_prisoner,
        "cost_per_prisoner_year_usd": per_prisoner,
        "terms_max_men": int(one_value(costs, TERMS_MEN)),
        "terms_max_years": int(years),
        "terms_end": iso(terms_end),
        "first_arrival": {"date": iso(arrived), "men": first},
        "later_flights": [{"date": iso(r.date), "people": int(r.people)}
                          for r in flights.itertuples()],
        "venezuelans": total,
        "later_venezuelans": total - first,
        "returned": {"date": iso(returned), "men": total},
        # The return as a prisoner swap, when the data record one that day: the Americans
        # Venezuela freed in exchange (None: no swap recorded).
        "swap_americans_freed": int(swap["value"].max()) if len(swap) else None,
        "days_held_longest": days_between(arrived, returned),
        "days_held_last_flight": days_between(flights["date"].max(), returned)
        if len(flights) else days_between(arrived, returned),
        # What the letter's top figure comes to for each man of the first flight, a year:
        # US$4,760,000 / 238 = US$20,000, the per-prisoner cost in AP's account of the memos.
        "grant_per_first_man_usd": {"low": grant.low / first, "high": grant.high / first},
        "grant_matches_memo_rate": bool(np.isclose(grant.high / first, per_prisoner)),
        "funds_approved_usd": one_value(costs, FUNDS_APPROVED),
        "funds_sent_usd": one_value(costs, FUNDS_SENT),
        "funds_reported": published_as_of(item_rows(costs, FUNDS_SENT)["source_id"]),
    }
    # The chart's sources: the rows whose figures it draws (the count of men returned that it
    # uses, not the advance figure or the "more than" that bracket it).
    source_ids = ids_of(grant_rows["source_id"], item_rows(costs, TERMS_MEN)["source_id"],
                        item_rows(costs, TERMS_YEARS)["source_id"],
                        item_rows(costs, FIRST_ARRIVAL)["source_id"],
                        *[s.split(";") for s in flights["source_ids"]],
                        returned_rows.loc[returned_rows["value"] == total, "source_id"],
                        swap["source_id"])
    table = segments.assign(kind="held")
    table = pd.concat([table, pd.DataFrame([{
        "start": iso(arrived), "end": iso(terms_end), "men_low": numbers["terms_max_men"],
        "men_high": numbers["terms_max_men"], "kind": "terms"}])], ignore_index=True)
    return numbers, table, source_ids


def grant_per_man_month(agreement: dict, men: int, months: int, default_men: int,
                        default_months: int) -> dict:
    """The one per-man-per-month figure of the story: the grant spread evenly over `men` for
    `months` (by default the men of the first flight, whom the letter names, and the year of
    its terms). An assumption, stated with its basis; whether the grant paid for the months
    the men were actually held is not known."""
    grant = Span(agreement["grant_usd"]["low"], agreement["grant_usd"]["high"])
    value = per_man_month(grant, men, months)
    return {"low": value.low, "high": value.high, "men": men, "months": months,
            "grant_low": grant.low, "grant_high": grant.high,
            "men_is_first_flight": men == default_men == agreement["first_arrival"]["men"],
            "months_is_terms": months == default_months
            == agreement["terms_max_years"] * MONTHS_A_YEAR}


def construction(costs: pd.DataFrame) -> tuple[dict, pd.DataFrame, list[str]]:
    """What CECOT cost to build: the budget in the one document found, the figures said aloud
    (unverified) and the classification of the information."""
    rows = []
    for item, kind in ((BUDGET, "document"), (SAID_WITH_EQUIPMENT, "said_aloud"),
                       (SAID_BUILDING, "said_aloud")):
        found = item_rows(costs, item)
        for value, group in found.groupby("value", sort=False):
            rows.append({"item": item, "usd": float(value), "kind": kind,
                         "date": iso(group["date"].dropna().min()),
                         "status": "unverified" if (group["status"] == "unverified").all()
                         else "reported", "source_ids": ";".join(ids_of(group["source_id"]))})
    table = pd.DataFrame(rows)
    budget = table[table["kind"] == "document"].iloc[0]
    said = table[table["kind"] == "said_aloud"]
    reserve = item_rows(costs, RESERVE)
    reserved_on = reserve["date"].dropna().min()
    reserve_years = int(reserve["value"].iloc[0])
    sources = register()
    numbers = {
        "budget_usd": budget["usd"], "budget_date": budget["date"],
        "budget_published": published_as_of(budget["source_ids"].split(";")),
        "said_aloud_date": said["date"].min(),
        "said_building_usd": float(table.loc[table["item"] == SAID_BUILDING, "usd"].max()),
        "said_with_equipment_usd": float(
            table.loc[table["item"] == SAID_WITH_EQUIPMENT, "usd"].max()),
        "reserved_on": iso(reserved_on), "reserve_years": reserve_years,
        "reserve_until": iso(reserved_on + pd.DateOffset(years=reserve_years)),
        "contracts_published": int(one_value(costs, CONTRACTS)),
        "contracts_to_two_firms_owners": int(one_value(costs, CONTRACTS_TWO_FIRMS)),
        "reserve_reported": sources[reserve["source_id"].iloc[0]]["published"],
    }
    source_ids = ids_of(*[s.split(";") for s in table["source_ids"]], reserve["source_id"])
    return numbers, table, source_ids


def staff_rows(costs: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Every reported figure for each staff group, from both files."""
    tables = {"costs": (costs, "item"), "facility": (facts, "fact_id")}
    rows = []
    for group, items in STAFF_GROUPS.items():
        for file, item in items:
            table, key = tables[file]
            for record in table[table[key] == item].itertuples():
                rows.append({"group": group, "file": f"data/{file}.csv", "item": item,
                             "value": float(record.value), "source_id": record.source_id})
    return pd.DataFrame(rows)


def staffing(params: dict, staff: pd.DataFrame, reports: pd.DataFrame) -> dict:
    """Everyone the data record guarding or running CECOT, and prisoners for each of them at
    the latest head count that may carry a headline (dated to the day or month, not an opinion
    column)."""
    groups = {}
    for group in STAFF_GROUPS:
        values = staff.loc[staff["group"] == group, "value"]
        reported = Span.covering(values)
        others = values[~np.isclose(values, params[group])]
        groups[group] = {"value": params[group], "reported_low": reported.low,
                         "reported_high": reported.high,
                         "other_values": sorted(set(others.astype(float))),
                         "other_reports": int(len(others))}
    total = staff_total(params["prison_staff"], params["soldiers"], params["police"])
    worthy = reports[headcounts.headline_worthy(reports)]
    latest = latest_row(worthy, value="low")
    record = worthy[(worthy["date"] == latest["date"])
                    & (worthy["source_id"] == latest["source_id"])].iloc[0]
    people = Span.of_report(record["kind"], record["low"], record["high"])
    each = per_person(people, total)
    return {
        **groups, "total": total,
        "latest": {"date": latest["date"], "precision": str(record["date_precision"]),
                   "kind": str(record["kind"]), "report_id": str(record["report_id"]),
                   "population_low": value_or_none(people.low),
                   "population_high": value_or_none(people.high),
                   "source_id": str(record["source_id"])},
        "per_person": {"low": each.low, "high": value_or_none(each.high)},
    }


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


def family(costs: pd.DataFrame) -> dict:
    """What relatives told Infobae they paid at three other prisons (not CECOT): the total,
    its parts and whether they add up."""
    parts = family_parts(costs)
    total = float(item_rows(costs, FAMILY_TOTAL)["value"].iloc[0])
    parts_sum = float(parts["usd_per_month"].sum())
    return {"monthly_usd": total, "yearly_usd": per_year(total), "parts_sum_usd": parts_sum,
            "parts_match_total": bool(np.isclose(parts_sum, total)),
            "parts_usd": dict(zip(parts["part"], parts["usd_per_month"])),
            "published": published_as_of(parts["source_id"])}


def context(costs: pd.DataFrame) -> dict:
    """The dates and figures the page's context paragraph gives (data/events.csv, costs.csv)."""
    events = cdata.load("events").set_index("event_id")
    for event in (OPENED_EVENT, EXCEPTION_EVENT):
        if event not in events.index:
            raise DataError("data/events.csv", f"no event '{event}'", column="event_id")
    system = item_rows(costs, SYSTEM_COST)
    rights = item_rows(costs, RIGHTS_REPORT)
    return {"opened": iso(events.loc[OPENED_EVENT, "date"]),
            "state_of_exception": iso(events.loc[EXCEPTION_EVENT, "date"]),
            "system_cost_usd_year": float(system["value"].iloc[0]),
            "system_cost_said": published_as_of(system["source_id"]),
            "rights_report": published_as_of(rights["source_id"]),
            "rights_report_interviewed": int(rights["value"].max()),
            "rights_report_sources": ids_of(rights["source_id"])}


# --- where each default comes from -------------------------------------------------------------

def provenance(params: dict, costs: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """One row per figure in the data behind each parameter: the default, the value used, the
    figure, its source and its role (primary, alternative, derived)."""
    declared = defaults("costs")
    tables = {"costs": (costs, "item", "data/costs.csv"),
              "facility": (facts, "fact_id", "data/facility.csv")}
    rows = []
    for name, entries in PARAMETER_SOURCES.items():
        for resource, item, role in entries:
            table, key, file = tables[resource]
            for record in table[table[key] == item].itertuples():
                value = float(record.value)
                if name == "us_months":  # the terms give years; the parameter counts months
                    value *= MONTHS_A_YEAR
                rows.append({"parameter": name, "default": declared[name],
                             "value": params[name], "file": file, "item": item,
                             "data_value": value, "source_id": record.source_id,
                             "status": getattr(record, "status", "reported"), "role": role})
    frame = pd.DataFrame(rows)
    frame["matches_default"] = np.isclose(frame["data_value"].astype(float),
                                          frame["default"].astype(float))
    return frame


def default_flags(prov: pd.DataFrame) -> pd.DataFrame:
    """Per parameter: does the default match every figure it stands for (`verdict`: matches,
    derived, differs; `differing`: the figures it does not match)? What else is reported? Is
    the value used the default? (words.defaults_table says it in a language.)"""
    rows = []
    for name in PARAMETER_SOURCES:
        sub = prov[prov["parameter"] == name]
        primary = sub[sub["role"].isin(["primary", "derived"])]
        differing = primary[~primary["matches_default"]]
        verdict = "differs" if len(differing) else \
            "derived" if (primary["role"] == "derived").all() else "matches"
        alternatives = sub[(sub["role"] == "alternative") & ~sub["matches_default"]]
        rows.append({
            "parameter": name, "default": sub["default"].iloc[0], "value": sub["value"].iloc[0],
            "set_by_user": _set_by_user(sub["value"].iloc[0], sub["default"].iloc[0]),
            "verdict": verdict,
            "differing": [(float(r.data_value), r.source_id) for r in differing.itertuples()],
            "other_figures": "; ".join(f"{r.item} {fmt.number(r.data_value, 'en')} "
                                       f"({r.source_id})" for r in alternatives.itertuples()),
        })
    return pd.DataFrame(rows)


def _set_by_user(value, default) -> bool:
    return bool(not np.isclose(float(value), float(default)))


def with_values(prov: pd.DataFrame, flags: pd.DataFrame, params: dict) -> tuple:
    """The provenance and flags made at the defaults (`fixed`), with this run's values: only
    the value used, and whether it is the default, depend on the parameters."""
    flags = flags.assign(value=flags["parameter"].map(params))
    flags["set_by_user"] = [_set_by_user(v, d) for v, d in zip(flags["value"], flags["default"])]
    return prov.assign(value=prov["parameter"].map(params)), flags


def differing_defaults(prov: pd.DataFrame) -> list[str]:
    primary = prov[prov["role"].isin(["primary", "derived"])]
    return sorted(set(primary.loc[~primary["matches_default"], "parameter"]))


def scenarios(params: dict) -> list[str]:
    """The parameters whose value is not their sourced default: a scenario, never credited."""
    declared = defaults("costs")
    return [name for name in PARAMETER_SOURCES if params[name] != declared[name]]


def dated_rows(costs: pd.DataFrame, prefixes: tuple[str, ...]) -> pd.DataFrame:
    """The rows whose item starts with one of `prefixes`, their dates as days (for a table)."""
    rows = costs[costs["item"].str.startswith(prefixes)]
    return rows.assign(date=rows["date"].map(lambda d: iso(d) if pd.notna(d) else None))


# --- the story ------------------------------------------------------------------------------------

@cdata.memo("costs", "facility", "sources", "population")
def fixed() -> dict:
    """Everything the story computes that no parameter changes, once per data version."""
    costs = cdata.load("costs")
    facts = facility.facts()  # evidence only: no Wikipedia row
    agreement, held, us_sources = us_agreement(costs)
    built, built_table, built_sources = construction(costs)
    return {
        "costs": costs, "facts": facts, "agreement": agreement, "held": held,
        "us_sources": us_sources, "built": built, "built_table": built_table,
        "built_sources": built_sources, "staff_table": staff_rows(costs, facts),
        "reports": headcounts.in_people(headcounts.reports()),
        "family": family(costs), "context": context(costs),
        "tables": {
            "agreement": dated_rows(costs, ("us_", "el_salvador_", "venezuelans_")),
            "construction_rows": dated_rows(costs, (
                "cecot_construction", "cecot_total_cost", "dgcp_", "security_budget",
                "salvadoran_prison")),
            "parts": family_parts(costs),
            "related": costs[costs["item"].str.startswith("family_")
                             & ~costs["item"].str.startswith(FAMILY_PART_PREFIX)
                             & (costs["item"] != FAMILY_TOTAL)]},
    }


@cdata.memo("costs", "facility", "sources")
def sourced(declared: tuple) -> tuple:
    """Where each default comes from (`provenance`, `default_flags`, `differing_defaults`),
    made at the defaults: once per version of the data and of the notebook's defaults."""
    prov = provenance(dict(declared), cdata.load("costs"), facility.facts())
    return prov, default_flags(prov), differing_defaults(prov)


def run(params: dict) -> Computed:
    """Every table and number of the story for one set of parameters."""
    base = fixed()
    costs, facts, agreement = base["costs"], base["facts"], base["agreement"]
    declared = defaults("costs")
    prov, flags, differing = sourced(tuple(declared.items()))
    prov, flags = with_values(prov, flags, params)
    per_month_figure = grant_per_man_month(agreement, params["us_men"], params["us_months"],
                                           declared["us_men"], declared["us_months"])
    built = base["built"]
    staff = staffing(params, base["staff_table"], base["reports"])
    numbers = {
        "us_agreement": agreement,
        # The grant per man per month, on the basis the parameters state (by default: the
        # 238 men of the first flight, for the year of the terms). The claims ledger reads it.
        "us_grant_per_man_month_usd": per_month_figure,
        "construction": built,
        "staff": staff,
        "family_payment": base["family"],
        "context": base["context"],
        "parameters": {key: params[key] for key in declared if key not in ("lang", "output_dir")},
        "scenario_parameters": scenarios(params),
        "defaults_differing_from_data": differing,
        # What the page's own sentences rest on beyond its charts: the rights report, the
        # head count, the staff figures and the family payment (its source line names them).
        "page_source_ids": ids_of(base["context"]["rights_report_sources"],
                                  [staff["latest"]["source_id"]],
                                  base["staff_table"]["source_id"],
                                  base["tables"]["parts"]["source_id"]),
    }
    return Computed(
        params=dict(params),
        tables={"provenance": prov, "flags": flags, **base["tables"],
                "staff": base["staff_table"], "us-payment-per-month": base["held"],
                "construction-cost": base["built_table"]},
        numbers=numbers,
        sources={"us-payment-per-month": base["us_sources"],
                 "construction-cost": base["built_sources"]},
        as_of={"us-payment-per-month": max(agreement["returned"]["date"],
                                           agreement["grant_released"]),
               "construction-cost": max(built["said_aloud_date"], built["budget_published"])})
