"""KPI status (docs/kpis.md, "Status"): achievement against the target or its pro-rata share,
decided on exact fractions, and the pro-rata target line of the burn-up. Pure functions."""

from __future__ import annotations

import calendar
import math
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from warehouse.kpi_catalogue import UNITS
from warehouse.vocabulary import LANGUAGES, STATUS_WORDS, words

# units compared with the pro-rata expectation in the as-of year; % and ratio with T itself
PRO_RATA_UNITS = ("count", "DKK")

# Every status word kpi_status() returns and its words: the vocabulary's (warehouse/vocabulary.py).
STATUS_LABELS: dict[str, dict[str, str]] = {lang: words(STATUS_WORDS, lang) for lang in LANGUAGES}


def _missing(value: object) -> bool:
    """True for None, pd.NA and NaN: no value."""
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(value)  # type: ignore[arg-type]
    except TypeError:
        return False


def _exact(value: float | int | Decimal) -> Fraction:
    """The number as written (0.95 is 95/100, not the nearest binary fraction)."""
    if isinstance(value, Decimal):
        return Fraction(value)
    return Fraction(Decimal(repr(float(value))))


def days_in_year(year: int) -> int:
    """366 in a leap year, else 365."""
    return 366 if calendar.isleap(year) else 365


def kpi_status(
    actual: float | None,
    target: float | None,
    unit: str,
    year: int,
    as_of: date,
) -> tuple[float | None, str]:
    """Return (achievement_pct, status) of a KPI value for `year` against its target (docs/kpis.md).

    - No target: (None, 'no_target').
    - year after as_of's year: (None, 'not_started').
    - actual missing (division by zero): (None, 'no_value').
    - the year is over (as_of on or after 31 December of `year`): achievement = actual / T x 100;
      'achieved' >= 100 %, 'close' >= 75 %, else 'missed'. An annual report as of 31 December
      reads as a finished year.
    - year == as_of's year, as_of before 31 December: count and DKK KPIs against
      E = T x day-of-year(as_of) / days in year;
      % and ratio KPIs against T; 'on_track' >= 95 %, 'at_risk' >= 75 %, else 'behind'.
      achievement_pct is actual / E x 100 (count, DKK) or actual / T x 100 (%, ratio).
    The status is decided on exact fractions (no floating-point error at the boundaries);
    achievement_pct is rounded to one decimal, and is None when the reference (T or E) is 0.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    if _missing(target):
        return None, "no_target"
    if year > as_of.year:
        return None, "not_started"
    if _missing(actual):
        return None, "no_value"
    a = _exact(actual)  # type: ignore[arg-type]
    t = _exact(target)  # type: ignore[arg-type]
    if as_of >= date(year, 12, 31):
        reference = t
        bands = ((Fraction(1), "achieved"), (Fraction(3, 4), "close"))
        below = "missed"
    else:
        if unit in PRO_RATA_UNITS:
            day = as_of.timetuple().tm_yday
            reference = t * Fraction(day, days_in_year(year))
        else:
            reference = t
        bands = ((Fraction(95, 100), "on_track"), (Fraction(3, 4), "at_risk"))
        below = "behind"
    status = below
    for share, word in bands:
        if a >= share * reference:
            status = word
            break
    pct = None if reference == 0 else float(round(a / reference * 100, 1))
    return pct, status


def pro_rata_target(target: float, unit: str, year: int, day: date) -> float:
    """The target line at `day`: T x day-of-year / days in year (count, DKK), else T itself."""
    if unit not in PRO_RATA_UNITS:
        return float(target)
    if day.year < year:
        return 0.0
    if day.year > year:
        return float(target)
    return float(target) * day.timetuple().tm_yday / days_in_year(year)
