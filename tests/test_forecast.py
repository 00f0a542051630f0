"""Year-end forecast and year on year: the method on hand-worked series, then on the KPI fixture.

Fixture facts used (tests/data/kpi_fixture): counted 2020 activities by start date A01 02-10,
A02 03-01 (MTIC), A03 05-20, A04 06-15, A10 07-01, A08 08-01, A07 11-15 (A05 planned, A06
cancelled); 2019 has one, A09 (MTIC) on 2019-10-01. Targets G2.activities 2020: ALL 10, LSI 1,
MTIC 2, WT 3, CHC 2. Ministry funding 2020 Q1-Q3 allocated 270,000 and spent 170,000, Q4 adds
100,000 / 40,000; 2019 Q4 allocated 50,000, spent 45,000. F.grant_utilisation_pct 2020 target 60.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from warehouse.forecast import (
    forecast_reliable,
    forecast_status,
    forecast_value,
    same_date_last_year,
    with_forecast,
    with_previous_year,
)
from warehouse.kpi import kpi_table

# --- the method, by hand ----------------------------------------------------------------------


def test_linear_pace_without_history():
    # 2019-07-02 is day 183 of 365: 61 so far -> 61 x 365 / 183 = 121.66...
    value, method = forecast_value(61, "count", 2019, date(2019, 7, 2))
    assert method == "linear" and value == pytest.approx(121.6667, abs=1e-4)
    # leap year: 2020-03-01 is day 61 of 366 -> 10 x 366 / 61 = 60
    assert forecast_value(10, "DKK", 2020, date(2020, 3, 1)) == (60.0, "linear")


def test_seasonal_profile_of_last_year():
    # last year had 40 by this date and 100 at its end: 30 now -> 30 x 100 / 40 = 75
    assert forecast_value(30, "count", 2020, date(2020, 6, 30), 40, 100) == (75.0, "seasonal")
    # last year had nothing by this date: no profile to scale by, linear instead
    assert forecast_value(3, "count", 2020, date(2020, 1, 31), 0, 20) == (
        pytest.approx(3 * 366 / 31),
        "linear",
    )


def test_levels_are_not_extrapolated():
    # % and ratio: without history the level stays; with history it moves as last year's did
    assert forecast_value(56.8, "%", 2020, date(2020, 10, 31)) == (56.8, "level")
    assert forecast_value(40.0, "%", 2020, date(2020, 6, 30), 45.0, 98.0) == (93.0, "seasonal")
    assert forecast_value(0.2, "ratio", 2020, date(2020, 6, 30), 0.5, 0.3) == (0.0, "seasonal")
    assert forecast_value(0.2, "ratio", 2020, date(2020, 6, 30), math.nan, 0.3) == (0.2, "level")


def test_finished_not_started_and_no_value():
    assert forecast_value(7, "count", 2020, date(2020, 12, 31), 1, 1) == (7.0, "final")
    assert forecast_value(7, "count", 2020, date(2021, 5, 1)) == (7.0, "final")
    assert forecast_value(None, "count", 2021, date(2020, 6, 1)) == (None, "none")
    assert forecast_value(math.nan, "%", 2020, date(2020, 6, 1)) == (None, "none")
    assert forecast_value(math.nan, "%", 2019, date(2020, 6, 1)) == (None, "final")


def test_the_edges_of_the_method():
    # 1 January is the year's first day: 1 so far on day 1 of 366 -> 366, not "no forecast"
    assert forecast_value(1, "count", 2020, date(2020, 1, 1)) == (366.0, "linear")
    # 30 December is not yet the year's end: 100 by day 365 of 366 -> 100 x 366 / 365
    value, method = forecast_value(100, "count", 2020, date(2020, 12, 30))
    assert method == "linear" and value == pytest.approx(100.27397, abs=1e-5)
    # last year known by this date but not at its end: no profile, the linear pace
    assert forecast_value(10, "DKK", 2020, date(2020, 3, 1), 5, None) == (60.0, "linear")
    assert forecast_value(10, "count", 2020, date(2020, 3, 1), None, 50) == (60.0, "linear")
    assert forecast_value(40.0, "%", 2020, date(2020, 6, 30), 45.0, None) == (40.0, "level")
    # a level that last year fell by more than it stands at now ends at 0, never below:
    # 0.1 + 0.3 - 0.5 = -0.1 -> 0
    assert forecast_value(0.1, "ratio", 2020, date(2020, 6, 30), 0.5, 0.3) == (0.0, "seasonal")
    # pandas' NA is no value, as NaN and None are
    import pandas as pd

    assert forecast_value(pd.NA, "count", 2020, date(2020, 6, 1)) == (None, "none")
    assert forecast_status(pd.NA, 10, "count", 2020) == "no_value"


def test_forecast_status_uses_finished_year_words():
    assert forecast_status(10, 10, "count", 2020) == "achieved"
    assert forecast_status(7.5, 10, "count", 2020) == "close"
    assert forecast_status(7.4, 10, "DKK", 2020) == "missed"
    assert forecast_status(57, 60, "%", 2020) == "close"
    assert forecast_status(5, None, "count", 2020) == "no_target"
    assert forecast_status(None, 10, "count", 2020) == "no_value"


def test_reliability_and_dates():
    assert not forecast_reliable("seasonal", 2020, date(2020, 3, 31))  # three months not yet
    assert forecast_reliable("seasonal", 2020, date(2020, 4, 1))
    assert not forecast_reliable("linear", 2020, date(2020, 10, 1))  # no history
    assert not forecast_reliable("level", 2020, date(2020, 10, 1))
    assert forecast_reliable("final", 2020, date(2021, 1, 1))
    assert same_date_last_year(date(2020, 2, 29)) == date(2019, 2, 28)
    assert same_date_last_year(date(2021, 3, 1)) == date(2020, 3, 1)


# --- on the KPI fixture -----------------------------------------------------------------------


def _rows(frame, kpi_id):
    return {r.scope: r for r in frame[frame.kpi_id == kpi_id].itertuples(index=False)}


def test_forecast_on_the_fixture_with_a_seasonal_profile(kpi_fixture_warehouse):
    as_of = date(2020, 10, 31)  # day 305 of 366
    table = kpi_table(2020, "cluster", as_of, warehouse=kpi_fixture_warehouse)
    rows = _rows(
        with_forecast(table, "cluster", as_of, warehouse=kpi_fixture_warehouse), "G2.activities"
    )
    # MTIC: 1 so far (A02); 2019 had 1 by 2019-10-31 (A09) and 1 at its end -> 1 x 1/1 = 1
    mtic = rows["MTIC"]
    assert (mtic.actual, mtic.forecast, mtic.forecast_method) == (1, 1, "seasonal")
    assert mtic.forecast_status == "missed" and mtic.forecast_reliable  # 1 of 2 = 50 %
    # LSI: 1 so far (A01); no LSI activity in 2019 by that date -> linear 1 x 366/305 = 1.2 -> 1
    lsi = rows["LSI"]
    assert (lsi.forecast, lsi.forecast_method, lsi.forecast_status) == (1, "linear", "achieved")
    assert lsi.status == "on_track" and not lsi.forecast_reliable


def test_forecast_national_on_track_today_but_missing(kpi_fixture_warehouse):
    as_of = date(2020, 10, 31)
    table = kpi_table(2020, "national", as_of, warehouse=kpi_fixture_warehouse)
    out = with_forecast(table, "national", as_of, warehouse=kpi_fixture_warehouse)
    activities = _rows(out, "G2.activities")["ALL"]
    # 6 counted; 2019 had 1 by 2019-10-31 and 1 at the end -> 6; target 10 -> 60 % missed
    assert (activities.actual, activities.forecast, activities.forecast_status) == (6, 6, "missed")
    # grant utilisation: 210,000 / 370,000 = 56.8 %; 2019 was 90.0 at 10-31 and at the end
    grant = _rows(out, "F.grant_utilisation_pct")["ALL"]
    assert (grant.actual, grant.forecast, grant.forecast_method) == (56.8, 56.8, "seasonal")
    assert grant.forecast_status == "close"  # 56.8 / 60 = 94.7 %


def test_forecast_when_last_year_has_no_value_yet(kpi_fixture_warehouse):
    as_of = date(2020, 9, 30)  # day 274; 2019-09-30: no ministry allocation yet (no value)
    table = kpi_table(2020, "national", as_of, warehouse=kpi_fixture_warehouse)
    out = with_forecast(table, "national", as_of, warehouse=kpi_fixture_warehouse)
    grant = _rows(out, "F.grant_utilisation_pct")["ALL"]
    # 170,000 / 270,000 = 63.0 %, kept as the level; 63 / 60 -> achieved
    assert (grant.actual, grant.forecast, grant.forecast_method) == (63.0, 63.0, "level")
    assert grant.forecast_status == "achieved"
    activities = _rows(out, "G2.activities")["ALL"]
    # 6 so far, none by 2019-09-30 -> linear: 6 x 366 / 274 = 8.01 -> 8; 8 of 10 -> close
    assert (activities.forecast, activities.forecast_method) == (8, "linear")
    assert activities.forecast_status == "close" and activities.status == "at_risk"


def test_finished_and_future_years(kpi_fixture_warehouse):
    as_of = date(2021, 3, 31)
    table = kpi_table(None, "national", as_of, warehouse=kpi_fixture_warehouse)
    out = with_forecast(table, "national", as_of, warehouse=kpi_fixture_warehouse)
    done = out[(out.kpi_id == "G2.activities") & (out.year == 2020)].iloc[0]
    assert (done.forecast, done.forecast_status, done.status) == (7, "missed", "missed")
    assert out[out.year == 2019].forecast_method.eq("final").all()
    future = with_forecast(
        kpi_table(2021, "national", date(2020, 6, 1), warehouse=kpi_fixture_warehouse),
        "national",
        date(2020, 6, 1),
        warehouse=kpi_fixture_warehouse,
    )
    row = future[future.kpi_id == "G2.activities"].iloc[0]
    assert math.isnan(row.forecast) and row.forecast_status == "not_started"


def test_previous_year_at_the_same_date(kpi_fixture_warehouse):
    as_of = date(2020, 10, 31)
    table = kpi_table(2020, "national", as_of, warehouse=kpi_fixture_warehouse)
    out = with_previous_year(table, "national", as_of, warehouse=kpi_fixture_warehouse)
    row = _rows(out, "G2.activities")["ALL"]
    assert (row.actual, row.previous_actual, row.change) == (6, 1, 5)
    # a finished year compares with the whole previous year: 7 in 2020, 1 in 2019
    table = kpi_table(2020, "national", date(2021, 3, 31), warehouse=kpi_fixture_warehouse)
    out = with_previous_year(table, "national", date(2021, 3, 31), warehouse=kpi_fixture_warehouse)
    row = _rows(out, "G2.activities")["ALL"]
    assert (row.actual, row.previous_actual, row.change) == (7, 1, 6)
