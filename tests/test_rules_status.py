"""The status rule and the pro-rata line at the edges the mutation run found unpinned.

Expected values follow the rule in docs/kpis.md ("Status rule", "Targets and status"):
past year: achieved >= 100 %, close >= 75 %, else missed; the as-of year: count and DKK against
E = T x day of year / days in year, % and ratio against T, on_track >= 95 %, at_risk >= 75 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from warehouse.kpi_status import kpi_status, pro_rata_target


def test_a_missing_actual_of_any_kind_has_no_value():
    # pandas' NA (a nullable column) is as missing as None and NaN
    assert kpi_status(pd.NA, 10, "count", 2019, date(2020, 6, 30)) == (None, "no_value")
    assert kpi_status(pd.NA, 10, "count", 2020, date(2020, 6, 30)) == (None, "no_value")


def test_a_missing_target_of_any_kind_is_no_target():
    assert kpi_status(5, pd.NA, "count", 2019, date(2020, 6, 30)) == (None, "no_target")


def test_a_decimal_actual_is_compared_exactly():
    # 74.99999999999999999999 of 100 is just under 75 %: missed (as a float it would be 75.0)
    nearly = Decimal("74.99999999999999999999")
    assert kpi_status(nearly, 100, "count", 2019, date(2020, 6, 30)) == (75.0, "missed")
    # and a Decimal target: 3 of Decimal 4 is exactly 75 % -> close
    assert kpi_status(3, Decimal("4"), "count", 2019, date(2020, 6, 30)) == (75.0, "close")


def test_status_words_of_a_past_year_at_each_band():
    past = date(2021, 3, 1)
    assert kpi_status(12, 12, "DKK", 2020, past) == (100.0, "achieved")
    assert kpi_status(9, 12, "DKK", 2020, past) == (75.0, "close")
    assert kpi_status(8.99, 12, "DKK", 2020, past) == (74.9, "missed")


def test_the_as_of_year_uses_the_pro_rata_bands_for_dkk():
    # 2019-07-02 is day 183 of 365: T = 365 -> E = 183; 0.95 E = 173.85; 0.75 E = 137.25
    as_of = date(2019, 7, 2)
    assert kpi_status(173.85, 365, "DKK", 2019, as_of) == (95.0, "on_track")
    assert kpi_status(173.84, 365, "DKK", 2019, as_of)[1] == "at_risk"
    assert kpi_status(137.25, 365, "DKK", 2019, as_of) == (75.0, "at_risk")
    assert kpi_status(137.24, 365, "DKK", 2019, as_of)[1] == "behind"


def test_pro_rata_line_before_during_and_after_the_year():
    # before the year nothing is expected, after it the whole target
    assert pro_rata_target(730, "count", 2019, date(2018, 12, 31)) == 0.0
    assert pro_rata_target(730, "count", 2019, date(2020, 1, 1)) == 730.0
    # 2019-03-01 is day 60 of 365: 730 x 60 / 365 = 120
    assert pro_rata_target(730, "DKK", 2019, date(2019, 3, 1)) == pytest.approx(120.0)
    # % and ratio: the target itself, on any day
    assert pro_rata_target(50, "%", 2019, date(2018, 12, 31)) == 50.0
    assert pro_rata_target(0.5, "ratio", 2019, date(2019, 3, 1)) == 0.5


def test_as_of_31_december_the_year_is_over():
    # 95 of 100 on 31 December: a finished year at 95 % is `close`, not `on_track`
    assert kpi_status(95, 100, "count", 2020, date(2020, 12, 31)) == (95.0, "close")
    assert kpi_status(100, 100, "count", 2019, date(2019, 12, 31)) == (100.0, "achieved")
    # the day before, the year is still running: E = 100 x 364/365 = 99.73, 95 is 95.3 % of it
    assert kpi_status(95, 100, "count", 2019, date(2019, 12, 30))[1] == "on_track"
