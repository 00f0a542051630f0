"""Run the Pandera row rules on a chunk of one file, failing closed; add the reader's findings."""

from __future__ import annotations

import copy

import pandas as pd
import pandera.pandas as pa

from etl.check_shortcut import passes_every_check
from etl.kinds import ROW_CHECK_COLUMNS
from etl.messages import RULE_MESSAGES
from etl.names import shorten
from etl.prepare import WHOLE_ROW
from etl.raw_table import OVERFLOW_COLUMN
from etl.schemas import MODELS

# Pandera's report costs a fixed amount per column and check, which outweighs the checks on a
# small chunk; on a large one the checks dominate, Pandera's own run of them is as fast as the
# shortcut's (measured at scale 1000: 8.6 s for 61 chunks of up to 250,000 rows, against 11.1 s
# with the shortcut first), and a bad row would make them run twice. So only small chunks take it.
SHORTCUT_MAX_ROWS = 20_000


class ValidationDefect(Exception):
    """A check could not be evaluated (it raised): the load is rejected, never passed (fail
    closed). Always a defect of ours, since every check must give an answer for any text."""


def row_schema(kind: str) -> pa.DataFrameSchema:
    """The kind's Pandera schema without its `unique` check, which runs in SQL across chunks.

    A chunk of a file cannot see the keys of other chunks and files, so `unique` is checked on
    the staged keys of every row instead (`StagedValidation.finish`); the model keeps the check
    as the rule's definition and for validating a whole frame at once.
    """
    schema = copy.copy(MODELS[kind].to_schema())  # to_schema() is cached: never mutate it
    schema.checks = [c for c in schema.checks if c.name != "unique"]
    return schema


def pandera_failures(
    kind: str, frame: pd.DataFrame, schema: pa.DataFrameSchema | None = None
) -> pd.DataFrame:
    """Validate a frame of one kind with Pandera; return (index, column, rule) failures.

    A small frame (at most SHORTCUT_MAX_ROWS rows) on which every check of the schema passes is
    known to have none without Pandera's report (`passes_every_check`, the schema's own checks);
    any other frame is validated by Pandera in full.
    """
    schema = MODELS[kind].to_schema() if schema is None else schema
    if len(frame) <= SHORTCUT_MAX_ROWS and passes_every_check(schema, frame):
        return _NO_FAILURES.copy()
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        _fail_closed(kind, frame, cases[cases["index"].isna()], errors)
        row_checks = ROW_CHECK_COLUMNS.get(kind, {})
        column = cases["column"].astype("object")
        whole_row = cases["schema_context"] == "DataFrameSchema"
        column = column.where(~whole_row, cases["check"].map(row_checks))
        failures = pd.DataFrame(
            {
                "index": cases["index"].astype("int64"),
                "column_name": column,
                "rule": cases["check"].astype("str"),
            }
        ).drop_duplicates()
        unexpected = failures[~failures["rule"].isin(RULE_MESSAGES)]
        if not unexpected.empty:
            # A schema-level failure that is not one of our rules (e.g. a dtype problem) is a bug
            # in the reader, not in the data: stop rather than quarantine rows for it.
            first = unexpected.iloc[0]
            raise ValidationDefect(
                f"{_chunk_where(frame)}: the check '{first['rule']}' on column "
                f"'{first['column_name']}' failed in an unexpected way; nothing was loaded. "
                "This is a defect of ours: keep the files and report this message"
            ) from errors
        return failures
    return _NO_FAILURES.copy()


_NO_FAILURES = pd.DataFrame({"index": [], "column_name": [], "rule": []})


def _chunk_where(frame: pd.DataFrame) -> str:
    """Name the file and rows of a chunk, for a message."""
    if frame.empty:
        return "an empty chunk"
    rows = frame["_row"]
    return f"{frame['_file'].iloc[0]} (rows {int(rows.min())}-{int(rows.max())})"


def _fail_closed(kind: str, frame: pd.DataFrame, unplaced: pd.DataFrame, errors: Exception) -> None:
    """Reject the load when a check failed without naming rows (it raised, or gave no verdict
    per row): its verdict on every row of the chunk is unknown, so none may pass unchecked."""
    if unplaced.empty:
        return
    case = unplaced.iloc[0]
    if case["schema_context"] == "Column":
        column = case["column"]
    else:  # a check of the whole row: the column it is reported against
        column = ROW_CHECK_COLUMNS.get(kind, {}).get(str(case["check"]))
    where = f" on column '{column}'" if column else ""
    raise ValidationDefect(
        f"{_chunk_where(frame)}: the check '{case['check']}'{where} of {kind} could not be "
        f"evaluated ({shorten(str(case['failure_case']), 200)}), so its rows cannot be trusted "
        "and nothing was loaded. This is a defect of ours: keep the files and report this message"
    ) from errors


def overflow_failures(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a `field_count` failure for every row with cells beyond the header's last column."""
    bad = frame.index[frame[OVERFLOW_COLUMN] != ""]
    return pd.DataFrame({"index": bad, "column_name": OVERFLOW_COLUMN, "rule": "field_count"})


def whole_row_failures(
    frame: pd.DataFrame, problems: pd.DataFrame, failures: pd.DataFrame
) -> pd.DataFrame:
    """Replace every failure of a row the reader kept aside whole by its one problem.

    Such a row's cells cannot be told apart (other delimiter, broken quotes, too many cells), so
    its other failures (a long first cell, empty required cells) say nothing; one record with
    the row as sent says what to fix. `problems` is indexed like `frame` (positions).
    """
    bad = frame.index[frame[WHOLE_ROW] != ""]
    if bad.empty:
        return failures
    kept = failures[~failures["index"].isin(bad)]
    whole = pd.DataFrame(
        {
            "index": bad,
            "column_name": problems.loc[bad, "column"].to_numpy(dtype=object),
            "rule": problems.loc[bad, "rule"].to_numpy(dtype=object),
        }
    )
    return pd.concat([kept, whole], ignore_index=True)
