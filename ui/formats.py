"""Numbers, amounts, KPI values and dates written the Danish or the English way."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd


def fmt_number(value: object, lang: str, decimals: int = 0) -> str:
    """A number in the language's format: 1.234,5 (da) or 1,234.5 (en); '–' for no value."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if lang != "en":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_compact(value: object, lang: str) -> str:
    """A large amount short: 10,5 mio. / 10.5 m (thousands: 12,3 t. / 12.3 k)."""
    if not has_value(value):
        return "–"
    number = float(value)
    for size, da, en in ((1e9, "mia.", "bn"), (1e6, "mio.", "m"), (1e3, "t.", "k")):
        if abs(number) >= size:
            return f"{fmt_number(number / size, lang, 1)} {en if lang == 'en' else da}"
    return fmt_number(number, lang)


def fmt_kpi_value(value: object, unit: str, lang: str) -> str:
    """A KPI value in its unit: counts whole, DKK with 'kr.', % and ratios with decimals."""
    unit = (unit or "").lower()
    if unit in ("%", "pct", "percent"):
        return f"{fmt_number(value, lang, 1)} %" if has_value(value) else "–"
    if unit == "ratio":
        return fmt_number(value, lang, 2)
    if unit == "dkk":
        return (
            f"{fmt_number(value, lang, 0)} {'DKK' if lang == 'en' else 'kr.'}"
            if has_value(value)
            else "–"
        )
    return fmt_number(value, lang, 0 if _whole(value) else 1)


def has_value(value: object) -> bool:
    """False for None and NaN."""
    return not (value is None or (isinstance(value, float) and pd.isna(value)))


def _whole(value: object) -> bool:
    """True if the value is a whole number (or not a number at all)."""
    try:
        return float(value).is_integer()
    except (TypeError, ValueError):
        return True


def fmt_date(value: date | datetime | None, lang: str) -> str:
    """31-12-2020 (da) or 2020-12-31 (en); with the time for a timestamp."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    value = pd.Timestamp(value)
    has_time = value.hour or value.minute or value.second
    if lang == "en":
        return value.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
    return value.strftime("%d-%m-%Y kl. %H:%M" if has_time else "%d-%m-%Y")
