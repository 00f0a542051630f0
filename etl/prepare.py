"""One file's text rows put in its kind's columns, as the row checks and the typing take them."""

from __future__ import annotations

import pandas as pd

from etl.kinds import SPECS
from etl.parse import canonical_numbers
from etl.raw_table import OVERFLOW_COLUMN, RawTable

# Per row of the prepared frame: the row as sent when the reader kept it aside whole (written
# with the other delimiter, broken quotes, too many cells), else "". The prepared frame holds the
# kind's own columns and these internal ones, so no input column can collide with them.
WHOLE_ROW = "_whole_row"


def prepare(table: RawTable, frame: pd.DataFrame) -> pd.DataFrame:
    """Return one file's text rows (a slice of its frame) in the kind's columns.

    Numbers are rewritten with a decimal point, country codes upper-cased (activities: empty is
    `DK`); the surplus cells, the row as sent when it is kept aside whole, `_file` and `_row` are
    added as internal columns.
    """
    kind = table.kind
    spec = SPECS[kind]
    n = len(frame)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    for column in spec.columns:
        if column in frame:
            values = frame[column].reset_index(drop=True).astype("str")
        else:
            values = pd.Series("", index=out.index, dtype="str")
        if column in spec.numbers:
            values = canonical_numbers(values, table.decimal_comma)
        if column == "country":
            values = values.str.upper()
            if kind == "activities":
                values = values.where(values != "", "DK")
        out[column] = values
    out[OVERFLOW_COLUMN] = (
        table.overflow.reindex(frame.index).fillna("").reset_index(drop=True).astype("str")
    )
    raw = table.problems["raw"].reindex(frame.index) if not table.problems.empty else None
    out[WHOLE_ROW] = "" if raw is None else raw.fillna("").reset_index(drop=True).astype("str")
    out[WHOLE_ROW] = out[WHOLE_ROW].astype("str")
    out["_file"] = table.file_name
    out["_row"] = frame.index.to_numpy(dtype="int64")
    return out
