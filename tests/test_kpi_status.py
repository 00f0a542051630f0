"""kpi_status as a pure function: the thresholds of docs/kpis.md ("Status rule") at the edges."""

from __future__ import annotations

import math
from datetime import date

import pytest

from warehouse.kpi_status import days_in_year, kpi_status, pro_rata_target

PAST = date(2021, 6, 30)  # for year 2020: a past year


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (100, 100, (100.0, "achieved")),  # exactly 100 %
        (150, 100, (150.0, "achieved")),
        (99.9, 100, (99.9, "close")),
        (75, 100, (75.0, "close")),  # exactly 75 %
        (74.9, 100, (74.9, "missed")),
        (0, 100, (0.0, "missed")),
        (0.3, 0.4, (75.0, "close")),  # ratio 0.3/0.4 = 75 % exactly, no float error
        (1.2, 1.2, (100.0, "achieved")),
    ],
)
def test_past_year(actual, target, expected):
    assert kpi_status(actual, target, "count", 2020, PAST) == expected
    assert kpi_status(actual, target, "ratio", 2020, PAST) == expected


def test_as_of_year_count_against_pro_rata_expectation():
    # 2020 is a leap year: 2020-01-31 is day 31 of 366; T = 366 -> E = 31
    a = date(2020, 1, 31)
    assert kpi_status(31, 366, "count", 2020, a) == (100.0, "on_track")
    # 0.95 E = 29.45 exactly -> on_track; a hair below -> at_risk
    assert kpi_status(29.45, 366, "count", 2020, a) == (95.0, "on_track")
    assert kpi_status(29.44, 366, "count", 2020, a)[1] == "at_risk"
    # 0.75 E = 23.25 -> at_risk; below -> behind
    assert kpi_status(23.25, 366, "DKK", 2020, a) == (75.0, "at_risk")
    assert kpi_status(23.24, 366, "DKK", 2020, a)[1] == "behind"


def test_leap_year_day_of_year():
    assert days_in_year(2020) == 366 and days_in_year(2019) == 365 and days_in_year(2100) == 365
    # 2020-03-01 is day 61 (Feb 29 exists): T = 366 -> E = 61
    assert kpi_status(61, 366, "count", 2020, date(2020, 3, 1)) == (100.0, "on_track")
    # 2019-03-01 is day 60 of 365: T = 365 -> E = 60
    assert kpi_status(60, 365, "count", 2019, date(2019, 3, 1)) == (100.0, "on_track")
    # 2020-12-30 is day 365 of 366: T = 366 -> E = 365, still the pro-rata rule
    assert kpi_status(365, 366, "count", 2020, date(2020, 12, 30)) == (100.0, "on_track")
    assert pro_rata_target(366, "count", 2020, date(2020, 2, 29)) == pytest.approx(60)


def test_as_of_year_percent_and_ratio_against_target_itself():
    a = date(2020, 1, 31)  # early in the year: no pro-rata for % and ratio
    assert kpi_status(47.5, 50, "%", 2020, a) == (95.0, "on_track")  # exactly 95 %
    assert kpi_status(47.4, 50, "%", 2020, a) == (94.8, "at_risk")
    assert kpi_status(37.5, 50, "%", 2020, a) == (75.0, "at_risk")  # exactly 75 %
    assert kpi_status(37.4, 50, "%", 2020, a) == (74.8, "behind")
    assert kpi_status(1.14, 1.2, "ratio", 2020, a) == (95.0, "on_track")  # 1.14/1.2 = 0.95
    assert kpi_status(0.9, 1.2, "ratio", 2020, a) == (75.0, "at_risk")


def test_future_no_target_no_value():
    assert kpi_status(5, 10, "count", 2021, date(2020, 12, 31)) == (None, "not_started")
    assert kpi_status(5, None, "count", 2020, date(2020, 12, 31)) == (None, "no_target")
    assert kpi_status(5, math.nan, "count", 2019, date(2020, 12, 31)) == (None, "no_target")
    assert kpi_status(None, 0.5, "ratio", 2019, date(2020, 12, 31)) == (None, "no_value")
    assert kpi_status(math.nan, 0.5, "ratio", 2020, date(2020, 12, 31)) == (None, "no_value")


def test_zero_target():
    # nothing expected: any actual reaches it; no achievement % (division by zero)
    assert kpi_status(0, 0, "count", 2019, date(2020, 1, 1)) == (None, "achieved")
    assert kpi_status(3, 0, "count", 2020, date(2020, 6, 1)) == (None, "on_track")


def test_bad_unit():
    with pytest.raises(ValueError):
        kpi_status(1, 1, "furlongs", 2020, date(2020, 1, 1))


def test_thirty_first_of_december_is_a_finished_year():
    # as of 31 December the year is over: achieved / close / missed against T itself
    dec31 = date(2019, 12, 31)
    assert kpi_status(100, 100, "count", 2019, dec31) == (100.0, "achieved")
    assert kpi_status(99, 100, "count", 2019, dec31) == (99.0, "close")  # on_track before
    assert kpi_status(75, 100, "DKK", 2019, dec31) == (75.0, "close")
    assert kpi_status(74, 100, "DKK", 2019, dec31) == (74.0, "missed")
    assert kpi_status(47.5, 50, "%", 2019, dec31) == (95.0, "close")
    assert kpi_status(0.9, 1.2, "ratio", 2019, dec31) == (75.0, "close")


def test_thirtieth_of_december_is_still_pro_rata():
    # 2019-12-30 is day 364 of 365: T = 365 -> E = 364
    dec30 = date(2019, 12, 30)
    assert kpi_status(364, 365, "count", 2019, dec30) == (100.0, "on_track")
    assert kpi_status(345.8, 365, "count", 2019, dec30) == (95.0, "on_track")  # 0.95 x 364
    assert kpi_status(345.7, 365, "count", 2019, dec30)[1] == "at_risk"
    assert kpi_status(272, 365, "count", 2019, dec30)[1] == "behind"  # 0.75 x 364 = 273
    assert kpi_status(47.5, 50, "%", 2019, dec30) == (95.0, "on_track")


def test_thirty_first_of_december_of_a_leap_year():
    # 2020-12-31 is day 366 of 366; the year is over, so 95 of 100 is close, not on track
    dec31 = date(2020, 12, 31)
    assert kpi_status(95, 100, "count", 2020, dec31) == (95.0, "close")
    assert kpi_status(100, 100, "count", 2020, dec31) == (100.0, "achieved")
    assert kpi_status(366, 366, "count", 2020, date(2020, 12, 30)) == (100.3, "on_track")
