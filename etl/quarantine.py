"""Quarantine records: one per broken rule per row, with the original value and the message."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

from etl.kinds import SPECS
from etl.messages import rule_message, value_message
from etl.prepare import WHOLE_ROW
from etl.raw_table import ORIGINAL_TEXT_LIMIT, OVERFLOW_COLUMN, cap_text

QUARANTINE_COLUMNS = [
    "source_file",
    "kind",
    "row_number",
    "column_name",
    "rule",
    "original_value",
    "message",
]


def key_text(kind: str, originals: pd.DataFrame) -> pd.Series:
    """The key as sent, as a `unique` record shows it: `A1 / O7` for (activity_id, org_id)."""
    key = SPECS[kind].key
    parts = [originals[k].astype("str") if k in originals else "" for k in key]
    text = parts[0]
    for part in parts[1:]:
        text = text + " / " + part
    return pd.Series(text, index=originals.index, dtype="str")


def quarantine_records(
    kind: str,
    frame: pd.DataFrame,
    originals: pd.DataFrame,
    problems: pd.DataFrame,
    failures: pd.DataFrame,
) -> pd.DataFrame:
    """Turn (index, column, rule) failures into quarantine records with original values.

    `_index` (the failing row of `frame`) and `_sort_column` are kept for the caller.
    """
    if failures.empty:
        return pd.DataFrame(columns=[*QUARANTINE_COLUMNS, "_index", "_sort_column"])
    failures = failures.sort_values(["index", "column_name", "rule"], na_position="last")
    index = failures["index"].astype("int64").to_numpy()
    columns = failures["column_name"].to_numpy(dtype=object)
    rules = failures["rule"].to_numpy(dtype=object)
    # column by column, not record by record: a file whose every row breaks a rule has a
    # million records
    # (only the cells needed leave Arrow as Python objects)
    whole = (frame[WHOLE_ROW] != "").to_numpy(dtype=bool)[index]
    values = np.full(len(index), None, dtype=object)
    values[whole] = frame[WHOLE_ROW].iloc[index[whole]].to_numpy(dtype=object)
    surplus = ~whole & (columns == OVERFLOW_COLUMN)
    values[surplus] = frame[OVERFLOW_COLUMN].iloc[index[surplus]].to_numpy(dtype=object)
    for column in set(columns[~whole & ~surplus]):
        if isinstance(column, str) and column in originals.columns:
            hit = ~whole & ~surplus & (columns == column)
            values[hit] = originals[column].iloc[index[hit]].to_numpy(dtype=object)
    messages = np.empty(len(index), dtype=object)
    if whole.any():
        messages[whole] = problems["message"].to_numpy(dtype=object)[index[whole]]
    for column, rule in set(zip(columns[~whole], rules[~whole], strict=True)):
        same = ~whole & (rules == rule) & (columns == column)
        if not isinstance(column, str):
            same = ~whole & (rules == rule) & pd.isna(columns)
        messages[same] = rule_message(kind, column if isinstance(column, str) else None, rule)
    # values hiding invisible or look-alike characters say so; long ones keep 10,000 characters
    # (a 100 MB cell: the whole file is in the archive)
    text = pyarrow.array(np.where(whole, None, values), type=pyarrow.string(), from_pandas=True)
    odd = pc.fill_null(pc.match_substring_regex(text, r"[^\x20-\x7e]"), False)
    long = pc.fill_null(pc.greater(pc.utf8_length(text), ORIGINAL_TEXT_LIMIT), False)
    flagged = pc.or_(odd, long).to_numpy(zero_copy_only=False)
    for position in np.flatnonzero(flagged):
        value = values[position]
        messages[position] = value_message(kind, columns[position], rules[position], value)
        values[position] = cap_text(value)
    return pd.DataFrame(
        {
            "source_file": frame["_file"].iloc[0],  # a chunk is one file's
            "kind": kind,
            "row_number": frame["_row"].to_numpy(dtype="int64")[index],
            "column_name": columns,
            "rule": rules,
            "original_value": values,
            "message": messages,
            "_index": index,
            "_sort_column": columns,
        }
    )
