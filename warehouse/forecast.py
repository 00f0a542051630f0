"""Where the year will end at the current pace, and the same date last year.

The year-end forecast of a KPI (docs/kpis.md, "Year-end forecast"):

- The year is over (as-of on or after 31 December): the forecast is the actual value.
- Count and DKK KPIs grow through the year. With history (the previous year has data), the
  value so far is scaled by last year's seasonal profile: forecast = actual x (last year's
  year-end value / last year's value at the same date). Without history, or when last year had
  nothing by that date, a linear pace: forecast = actual x days in the year / day of year.
- % and ratio KPIs are levels, not sums. With history the level moves as it moved last year
  from that date to the year's end: forecast = actual + (last year's year-end value - last
  year's value at the same date), never below 0. Without history the level is kept.

The forecast status uses the words of a finished year (achieved / close / missed) on the
forecast against the target. A forecast is flagged unreliable when fewer than three months of
the year have passed (as-of before 1 April) or there is no history to take the profile from.

`forecast_value` is pure arithmetic; `with_forecast` and `with_previous_year` add columns to a
KPI table by evaluating the KPI engine at last year's dates.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd

from warehouse.kpi import KpiFilters, data_years, kpi_table
from warehouse.kpi_catalogue import kpi_catalogue
from warehouse.kpi_status import (
    PRO_RATA_UNITS,
    _missing,  # the one definition of "no value": None, NA, NaN
    days_in_year,
    kpi_status,
)

#: methods of forecast_value: final (year over), seasonal, linear (count/DKK without history),
#: level (% and ratio without history), none (no value: year not started or no actual)
METHODS = ("final", "seasonal", "linear", "level", "none")
FORECAST_COLUMNS = ["forecast", "forecast_status", "forecast_method", "forecast_reliable"]
PREVIOUS_COLUMNS = ["previous_actual", "change"]
#: before this day of the as-of year a forecast rests on too few months
RELIABLE_FROM = (4, 1)


def same_date_last_year(day: date) -> date:
    """`day` one year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def forecast_value(
    actual: float | None,
    unit: str,
    year: int,
    as_of: date,
    previous_to_date: float | None = None,
    previous_year_end: float | None = None,
) -> tuple[float | None, str]:
    """(projected value at 31 December of `year`, method) from the value so far.

    previous_to_date / previous_year_end: the KPI's value last year at the same date and at
    its end, both None when last year has no data (no history).
    """
    if as_of >= date(year, 12, 31):
        return (None if _missing(actual) else float(actual)), "final"  # type: ignore[arg-type]
    if as_of < date(year, 1, 1) or _missing(actual):
        return None, "none"
    a = float(actual)  # type: ignore[arg-type]
    history = not (_missing(previous_to_date) or _missing(previous_year_end))
    if unit in PRO_RATA_UNITS:
        if history and float(previous_to_date) > 0:  # type: ignore[arg-type]
            return a * float(previous_year_end) / float(previous_to_date), "seasonal"  # type: ignore[arg-type]
        return a * days_in_year(year) / as_of.timetuple().tm_yday, "linear"
    if history:
        return max(0.0, a + float(previous_year_end) - float(previous_to_date)), "seasonal"  # type: ignore[arg-type]
    return a, "level"


def forecast_reliable(method: str, year: int, as_of: date) -> bool:
    """False when the forecast rests on fewer than three months or on no history."""
    if method == "final":
        return True
    if method not in ("seasonal",):
        return False
    return as_of >= date(year, *RELIABLE_FROM)


def forecast_status(forecast: float | None, target: float | None, unit: str, year: int) -> str:
    """The finished-year status (achieved / close / missed) of `forecast` against `target`."""
    if _missing(target):
        return "no_target"
    if _missing(forecast):
        return "no_value"
    return kpi_status(forecast, target, unit, year, date(year, 12, 31))[1]


def with_forecast(
    table: pd.DataFrame,
    by: str,
    as_of: date,
    filters: KpiFilters | dict | None = None,
    warehouse: Path | None = None,
    history_years: set[int] | None = None,
) -> pd.DataFrame:
    """`table` (kpi_table's columns) with FORECAST_COLUMNS added.

    Only a year in progress on `as_of` needs last year's profile: the KPI engine is evaluated
    for the previous year at the same date and at its end. `history_years`: the years with
    data (default: asked of the warehouse).
    """
    defs = {d.id: d for d in kpi_catalogue()}
    out = table.copy()
    years_with_data = set(data_years(warehouse)) if history_years is None else history_years
    previous: dict[tuple[str, int, str], tuple[float, float]] = {}
    for year in sorted(set(out["year"])):
        year = int(year)
        if not date(year, 1, 1) <= as_of < date(year, 12, 31) or year - 1 not in years_with_data:
            continue
        then = same_date_last_year(as_of)
        to_date = kpi_table(year - 1, by, then, filters, warehouse)
        year_end = kpi_table(year - 1, by, date(year - 1, 12, 31), filters, warehouse)
        ends = {(r.kpi_id, r.scope): r.actual for r in year_end.itertuples(index=False)}
        for r in to_date.itertuples(index=False):
            previous[(r.kpi_id, year, r.scope)] = (r.actual, ends.get((r.kpi_id, r.scope)))
    values, statuses, methods, reliable = [], [], [], []
    for r in out.itertuples(index=False):
        d = defs[r.kpi_id]
        before, end = previous.get((r.kpi_id, int(r.year), r.scope), (None, None))
        value, method = forecast_value(r.actual, d.unit, int(r.year), as_of, before, end)
        value = None if value is None else round(value, d.decimals)
        values.append(math.nan if value is None else value)
        statuses.append(
            "not_started"
            if as_of < date(int(r.year), 1, 1)
            else forecast_status(value, r.target, d.unit, int(r.year))
        )
        methods.append(method)
        reliable.append(forecast_reliable(method, int(r.year), as_of))
    out["forecast"] = pd.Series(values, index=out.index, dtype="float64")
    out["forecast_status"] = pd.Series(statuses, index=out.index, dtype=object)
    out["forecast_method"] = pd.Series(methods, index=out.index, dtype=object)
    out["forecast_reliable"] = pd.Series(reliable, index=out.index, dtype=bool)
    return out


def with_previous_year(
    table: pd.DataFrame,
    by: str,
    as_of: date,
    filters: KpiFilters | dict | None = None,
    warehouse: Path | None = None,
) -> pd.DataFrame:
    """`table` with `previous_actual` (the KPI a year earlier, at the same date in that year:
    31 December for a finished year) and `change` (actual - previous_actual) added."""
    out = table.copy()
    previous: dict[tuple[str, int, str], float] = {}
    for year in sorted(set(out["year"])):
        year = int(year)
        then = same_date_last_year(min(as_of, date(year, 12, 31)))
        if then < date(year - 1, 1, 1):
            continue
        last = kpi_table(year - 1, by, then, filters, warehouse)
        for r in last.itertuples(index=False):
            previous[(r.kpi_id, year, r.scope)] = r.actual
    before = [previous.get((r.kpi_id, int(r.year), r.scope), math.nan) for r in out.itertuples()]
    out["previous_actual"] = pd.Series(before, index=out.index, dtype="float64")
    out["change"] = out["actual"] - out["previous_actual"]
    return out


def kpi_scorecard(
    year: int,
    by: str = "national",
    as_of: date | None = None,
    filters: KpiFilters | dict | None = None,
    warehouse: Path | None = None,
    previous: bool = False,
) -> pd.DataFrame:
    """The KPI table of `year` with the year-end forecast (kpi_table's columns +
    FORECAST_COLUMNS) and, with `previous`, last year at the same date (+ PREVIOUS_COLUMNS)."""
    as_of = as_of or date.today()
    table = kpi_table(year, by, as_of, filters, warehouse)
    table = with_forecast(table, by, as_of, filters, warehouse)
    return with_previous_year(table, by, as_of, filters, warehouse) if previous else table
