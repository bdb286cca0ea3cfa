"""Rules shared by every table of dated reports (CECOT head counts, prison population, arrests,
deaths in custody): which report is the latest, and plain values for numbers.json."""

from __future__ import annotations

import datetime as dt

import pandas as pd

# Which row speaks for a date when several do: a count before an estimate before a bound.
KIND_RANK = {"count": 0, "approx": 1, "estimate": 1, "range": 2, "lower_bound": 3}


def value_or_none(value):
    """A plain int/float, or None for a missing value (pandas NA, NaN)."""
    if value is None or pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def iso(date) -> str:
    return pd.Timestamp(date).date().isoformat()


def period(date, precision: str) -> tuple[dt.date, dt.date]:
    """The days a date may stand for: a day, a whole month or a whole year."""
    day = pd.Timestamp(date).date()
    if precision == "day":
        return day, day
    if precision == "month":
        first = day.replace(day=1)
        next_month = (first + dt.timedelta(days=32)).replace(day=1)
        return first, next_month - dt.timedelta(days=1)
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    raise ValueError(f"unknown date precision '{precision}'")


def definitely_before(date_a, precision_a: str, date_b, precision_b: str) -> bool:
    """True only if every day `a` may stand for comes before every day `b` may stand for."""
    return period(date_a, precision_a)[1] < period(date_b, precision_b)[0]


def ordered(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """Newest first; on one date, the count before the estimate before the bound."""
    out = frame.assign(_rank=frame["kind"].map(KIND_RANK).fillna(9))
    return out.sort_values(["date", "_rank", value, "source_id"],
                           ascending=[False, True, False, True]).drop(columns="_rank")


def latest_row(frame: pd.DataFrame, value: str = "value") -> dict:
    """The most recent report. If several share that date, the count wins over an estimate or
    a bound, and the others are listed (`same_date`) so the choice is never silent."""
    if frame.empty:
        raise ValueError("no rows")
    rows = ordered(frame, value)
    top = rows.iloc[0]
    result = {"date": iso(top["date"]), "value": value_or_none(top[value]),
              "kind": str(top["kind"]), "source_id": str(top["source_id"])}
    if "high" in frame.columns and value == "low":
        result["high"] = value_or_none(top["high"])
    others = rows.iloc[1:]
    others = others[others["date"] == top["date"]]
    result["same_date"] = [f"{value_or_none(r[value])} ({r['kind']}, {r['source_id']})"
                           for _, r in others.iterrows()]
    return result


MARK_KINDS = ("count", "approx", "estimate", "range", "lower_bound")


def drawn_kinds(table: pd.DataFrame, kinds=MARK_KINDS) -> list[str]:
    """The report kinds a date chart draws as marks, in legend order (figures known only to
    the year are drawn as a dotted bar whatever their kind, though a "more than" keeps its
    arrow), plus "year_only" when there are such figures."""
    dated = table["date_precision"] != "year"
    found = [k for k in kinds if ((table["kind"] == k) & (dated | (k == "lower_bound"))).any()]
    if (~dated).any():
        found.append("year_only")
    return found
