"""Tell cheaply that a frame passes every check of a Pandera schema, by the schema's own checks.

Pandera's `validate(lazy=True)` builds a failure report for every column and every check even
when nothing fails: an element-wise dtype check per column, failure cases reshaped per check.
For a file of a few hundred rows that bookkeeping costs more than the checks themselves (about
0.2 s of CPU for the sample's 18 files, some 60 % of their validation). `passes_every_check`
runs the very same check functions of the schema on the frame and answers True only when every
one of them passes on every row and the frame has the shape the schema declares. Whenever it
cannot be sure (a check fails, raises or answers in an unexpected form, a setting of the schema
it does not evaluate, a missing value), it answers False and the caller runs Pandera in full,
which then reports every problem as before. So the rules stay defined once, in the Pandera
models, and a wrong answer of this shortcut can only cost time, never let a row through: the
only answer it gives without Pandera is "nothing failed", and it gives it only when every
check it ran said so (docs/loading.md, "Validating a file").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines.pandas_engine import Engine

# The settings a schema, its columns and its checks may have for the shortcut to evaluate them
# exactly as Pandera does; any other value of these attributes sends the frame to Pandera.
_SCHEMA_DEFAULTS = {
    "strict": False,
    "ordered": False,
    "coerce": False,
    "unique": None,
    "index": None,
    "dtype": None,
    "unique_column_names": False,
    "add_missing_columns": False,
    "drop_invalid_rows": False,
}
_COLUMN_DEFAULTS = {
    "required": True,
    "nullable": False,
    "unique": False,
    "coerce": False,
    "regex": False,
    "default": None,
    "drop_invalid_rows": False,
}


def passes_every_check(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> bool:
    """True only if Pandera would find nothing wrong with `frame`; False means "ask Pandera"."""
    try:
        return (
            _evaluates(schema)
            and _columns_pass(schema, frame)
            and _frame_checks_pass(schema, frame)
        )
    except Exception:  # noqa: BLE001 - a check that raises is Pandera's to report (fail closed)
        return False


def _evaluates(schema: pa.DataFrameSchema) -> bool:
    """Whether every setting of the schema is one this shortcut evaluates as Pandera does."""
    if any(getattr(schema, name, None) != value for name, value in _SCHEMA_DEFAULTS.items()):
        return False
    if getattr(schema, "parsers", None):
        return False
    for column in schema.columns.values():
        if any(getattr(column, name, None) != value for name, value in _COLUMN_DEFAULTS.items()):
            return False
        if getattr(column, "parsers", None) or not all(map(_plain_check, column.checks)):
            return False
    return all(map(_plain_check, schema.checks))


def _plain_check(check: pa.Check) -> bool:
    """A check applied once to the whole column or frame (no groups, not element by element)."""
    return check.groupby is None and not check.element_wise and check._check_fn is not None


def _columns_pass(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> bool:
    """Every declared column is present once, has no missing value, the declared type, and
    passes each of its checks on every row."""
    if frame.columns.has_duplicates:
        return False
    for name, column in schema.columns.items():
        if name not in frame.columns:
            return False
        series = frame[name]
        if series.hasnans:  # Pandera's nullable check and its dropping of NA before a check
            return False
        if column.dtype is not None and not _all_true(
            column.dtype.check(Engine.dtype(series.dtype), series), series.index, scalar_ok=True
        ):
            return False
        for check in column.checks:
            if not _all_true(check._check_fn(series, **check._check_kwargs), series.index):
                return False
    return True


def _frame_checks_pass(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> bool:
    """Every check of whole rows passes on every row."""
    return all(
        _all_true(check._check_fn(frame, **check._check_kwargs), frame.index)
        for check in schema.checks
    )


def _all_true(answer: object, index: pd.Index, scalar_ok: bool = False) -> bool:
    """True for a boolean answer that passes every row: a bool Series on the frame's index, a
    bool array of its length, or (for a dtype) the single answer True; anything else is False."""
    if answer is True or (isinstance(answer, np.bool_) and scalar_ok):
        return bool(answer) and scalar_ok
    if isinstance(answer, pd.Series):
        return answer.dtype == bool and answer.index.equals(index) and bool(answer.all())
    if isinstance(answer, np.ndarray):
        return answer.dtype == bool and answer.shape == (len(index),) and bool(answer.all())
    return False
