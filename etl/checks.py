"""The element checks the Pandera models are built of, and the base model of every input kind.

Every check lets an empty cell pass: `required` (`filled`) is the only check of that.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from etl.kinds import YEAR_RANGE
from etl.parse import parse_bool, parse_date, parse_int, parse_number


def filled(s: pd.Series) -> pd.Series:
    """Return which cells are not empty."""
    return s != ""


def one_of(s: pd.Series, allowed: tuple[str, ...] | frozenset[str]) -> pd.Series:
    """Return which cells are empty or one of the allowed codes."""
    return (s == "") | s.isin(list(allowed))


def is_date(s: pd.Series) -> pd.Series:
    """Return which cells are empty or a date in an accepted format."""
    return (s == "") | parse_date(s).notna()


def date_in_range(s: pd.Series) -> pd.Series:
    """Return which cells are not a date or a date whose year is within YEAR_RANGE."""
    years = parse_date(s).dt.year
    return years.isna() | years.between(*YEAR_RANGE)


def is_number(s: pd.Series) -> pd.Series:
    """Return which cells are empty or a number."""
    return (s == "") | parse_number(s).notna()


def is_int(s: pd.Series) -> pd.Series:
    """Return which cells are empty or a whole number."""
    return (s == "") | parse_int(s).notna()


def is_bool(s: pd.Series) -> pd.Series:
    """Return which cells are empty or a boolean word."""
    return (s == "") | parse_bool(s).notna()


def within(
    s: pd.Series, low: float | None, high: float | None, low_open: bool = False
) -> pd.Series:
    """Return which cells are not a number or a number from `low` (excluded if `low_open`) to
    `high`; a bound of None is no bound."""
    value = parse_number(s)
    ok = value.isna()
    inside = pd.Series(True, index=s.index)
    if low is not None:
        inside &= value > low if low_open else value >= low
    if high is not None:
        inside &= value <= high
    return ok | inside


def unique_rows(df: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """Flag every row whose key an earlier row already used (the first one loads)."""
    filled = (df[list(key)] != "").all(axis=1)
    return ~(df.duplicated(subset=list(key), keep="first") & filled)


class TextModel(pa.DataFrameModel):
    """The base of every input kind's model: text cells as sent, extra columns allowed."""

    class Config:
        strict = False  # extra columns are reported by the reader and ignored here
        coerce = False
