"""Columns that look like personal data (a person's name, e-mail or phone), which reject a file."""

from __future__ import annotations

import re

import pandas as pd

# Column names that say the file holds personal data, which the network does not want
# (docs/loading.md, "The input files").
PERSONAL_COLUMN = re.compile(
    r"(e_?mail|^mail|phone|telefon|^tlf|mobil|first_?name|last_?name|full_?name|fornavn|"
    r"efternavn|surname|contact|kontakt|person|^cpr|birth|fødsel)"
)
_EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
_PHONE = r"(\+|00)?\d[\d \-]{7,14}\d"


def personal_data_column(name: str, values: pd.Series) -> str | None:
    """Return why a column looks like a person's name, e-mail or phone number, else None."""
    if PERSONAL_COLUMN.search(name):
        return f"the column name '{name}' suggests personal data (names, e-mails or phones)"
    sample = values[values != ""].head(200)
    if len(sample) >= 3:
        if sample.str.fullmatch(_EMAIL).mean() > 0.5:
            return f"the column '{name}' holds e-mail addresses"
        if sample.str.fullmatch(_PHONE).mean() > 0.5:
            return f"the column '{name}' holds phone numbers"
    return None
