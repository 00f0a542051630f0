"""Cell values of the report: DataFrame cells as plain Python values (None, int, float, str,
date), a column at a time for the long tables; yes/no words, KPI values as the workbook holds
them, and the words for the report's data scope.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

from report.data import ReportData
from warehouse.reference import labels


def plain_value(value: object) -> object:
    """A plain Python value of a DataFrame cell: None for missing, int/float/str/date otherwise."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return plain_value(value.item())
    return value


def records_of(frame: pd.DataFrame, keys: list[str]) -> list[dict]:
    # column-wise to Python objects, then zipped: iterrows is far too slow for 100,000s of rows
    columns = [[plain_value(v) for v in frame[k].astype(object).tolist()] for k in keys]
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]


def scope_text(data: ReportData) -> str:
    """Whose rows the report holds: 'hele netværket' or 'klynge LSI (LifeScience Innovation)'."""
    if data.clusters is None:
        return "hele netværket"
    names = labels("cluster")
    return "klynge " + (", ".join(f"{c} ({names.get(c, c)})" for c in data.clusters) or "ingen")


PLAIN_TYPES = {str, int, float, bool, date, datetime, type(None)}


def column_lists(frame: pd.DataFrame, keys: list[str]) -> dict[str, list]:
    """{key: the column's plain Python values} (as `_value` gives them), a column at a time."""
    data = {}
    for key in keys:
        series = frame[key]
        kind = series.dtype.kind
        if kind == "M":  # datetime64: dates, as _value turns a Timestamp into a date
            values = series.dt.date.astype(object).where(series.notna(), None).tolist()
        elif kind in "iub" and not isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
            values = series.tolist()  # Python ints / bools, never missing
        elif kind == "f" and not isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
            values = series.tolist()
            if series.hasnans:
                values = [None if v != v else v for v in values]
        else:
            values = series.astype(object).where(series.notna(), None).tolist()
            if not set(map(type, values)) <= PLAIN_TYPES:
                values = [plain_value(v) for v in values]  # numpy scalars and the like
        data[key] = values
    return data


def yes_no(value: object) -> str:
    return "" if value is None else ("Ja" if bool(value) else "Nej")


def kpi_value(value: float | None, unit: str) -> float | None:
    """A KPI value as the workbook holds it: % KPIs as a fraction (45.5 -> 0.455), others as is."""
    if value is None:
        return None
    return round(value / 100, 6) if unit == "%" else value
