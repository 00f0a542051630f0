"""Text that leaves the product for a spreadsheet: formulas are neutralised, never run.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by a
spreadsheet as a formula (CSV injection, OWASP). In CSV files such text gets a leading
apostrophe, the usual marker; XLSX files write every text with `write_string` (and xlsxwriter's
`strings_to_formulas=False`), so no prefix is needed there. This is the one definition: the
dashboard's downloads (ui/export.py), the notes export and the ministry report's CSV zip
(report/) all use it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula."""
    return text.startswith(FORMULA_START)


def neutralise(value: object) -> object:
    """A text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_texts(values: Iterable[str]) -> list[str]:
    """`neutralise` on a column of texts, a list at a time (the report's long CSV columns)."""
    return ["'" + v if v.startswith(FORMULA_START) else v for v in values]


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """`neutralise` on every text cell of `df` (numbers and dates stay as they are)."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out
