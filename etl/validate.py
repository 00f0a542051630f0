"""Validate the files of each kind: Pandera rules per row, then the rules across rows in SQL.

Input: the RawTables read from one folder, one file at a time (`StagedValidation.add_file`).
Each file's rows are validated by the Pandera models in chunks and staged in the new warehouse:
every row's key and reference columns, and the valid rows already typed. `finish` then checks
`unique` and the references in SQL and returns the quarantine: one record per broken rule per
row; `valid_rows` selects the rows that passed everything.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc

from etl.kinds import INT_COLUMNS, RATE_CAP_DKK, ROW_CHECK_COLUMNS, SPECS, kpi_ids
from etl.messages import RULE_MESSAGES
from etl.names import shorten, show, visible
from etl.parse import canonical_numbers, parse_once
from etl.raw_table import ORIGINAL_TEXT_LIMIT, OVERFLOW_COLUMN, RawTable, cap_text
from etl.schemas import MODELS
from warehouse import reference as ref

# Validation order: what others point at comes first, so references can see its outcome.
KIND_ORDER = (
    "organisations",
    "activities",
    "participations",
    "inkind",
    "applications",
    "outcomes",
    "funding",
    "targets",
)
# (kind, column) -> (kind pointed at, its key column)
REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("participations", "activity_id"): ("activities", "activity_id"),
    ("participations", "org_id"): ("organisations", "org_id"),
    ("inkind", "org_id"): ("organisations", "org_id"),
    ("inkind", "activity_id"): ("activities", "activity_id"),
    ("applications", "activity_id"): ("activities", "activity_id"),
    ("applications", "lead_org_id"): ("organisations", "org_id"),
    ("outcomes", "org_id"): ("organisations", "org_id"),
}
RANGE_TEXT: dict[tuple[str, str], str] = {
    ("organisations", "employees"): "must be 0 to 10,000,000",
    ("participations", "participants"): "must be 1 to 100,000",
    ("inkind", "hours"): "must be more than 0 and at most 744 (the hours of a month)",
    ("inkind", "hourly_rate_dkk"): "must be more than 0 and at most 1,000,000",
    ("inkind", "month"): "the year must be between 2000 and 2100",
    ("funding", "quarter"): "must be 1, 2, 3 or 4",
    ("funding", "year"): "must be between 2000 and 2100",
    ("funding", "amount_dkk"): "must be 0 to 1,000,000,000,000",
    ("applications", "amount_applied_dkk"): "must be 0 to 1,000,000,000,000",
    ("applications", "amount_granted_dkk"): "must be 0 to 1,000,000,000,000",
    ("applications", "submitted_date"): "the year must be between 2000 and 2100",
    ("activities", "start_date"): "the year must be between 2000 and 2100",
    ("activities", "end_date"): "the year must be between 2000 and 2100",
    ("outcomes", "year"): "must be between 2000 and 2100",
    ("targets", "year"): "must be between 2000 and 2100",
    ("targets", "target"): "must be 0 to 1,000,000,000,000",
}
# Per row of the prepared frame: the row as sent when the reader kept it aside whole (written
# with the other delimiter, broken quotes, too many cells), else "". The prepared frame holds the
# kind's own columns and these internal ones, so no input column can collide with them.
WHOLE_ROW = "_whole_row"
QUARANTINE_COLUMNS = [
    "source_file",
    "kind",
    "row_number",
    "column_name",
    "rule",
    "original_value",
    "message",
]


def _allowed_codes(kind: str, column: str) -> tuple[str, ...]:
    by_column = {
        "org_type": ref.codes("org_type"),
        "region": ref.codes("region"),
        "activity_type": ref.codes("activity_type"),
        "lead_cluster": ref.codes("cluster"),
        "partner_clusters": ref.codes("cluster"),
        "cluster": ref.codes("cluster"),
        "theme": ref.codes("theme"),
        "technology": ref.codes("technology"),
        "role": ref.PARTICIPATION_ROLES,
        "documentation": ref.INKIND_DOCUMENTATION,
        "source": ref.FUNDING_SOURCES,
        "flow": ref.FUNDING_FLOWS,
        "category": ref.FUNDING_CATEGORIES,
        "fund": ref.APPLICATION_FUNDS,
        "scope": (ref.TARGET_SCOPE_ALL, *ref.codes("cluster")),
    }
    if column == "status":
        return ref.ACTIVITY_STATUSES if kind == "activities" else ref.APPLICATION_STATUSES
    return tuple(by_column.get(column, ()))


class ValidationDefect(Exception):
    """A check could not be evaluated (it raised): the load is rejected, never passed (fail
    closed). Always a defect of ours, since every check must give an answer for any text."""


def rule_message(kind: str, column: str | None, rule: str) -> str:
    """Return the human-readable message of a broken rule in a column of a kind of file."""
    base = RULE_MESSAGES.get(rule, rule)
    if rule == "number_format" and column:
        if (kind, column) in INT_COLUMNS:
            return "not a whole number (digits 0-9 only, e.g. 12)"
        return (
            "not a number (digits 0-9 with a decimal point, e.g. 7.5, or in a ';' file a decimal "
            "comma, e.g. 7,5 or 1.234,50)"
        )
    if rule == "enum" and column:
        allowed = _allowed_codes(kind, column)
        if allowed:
            return f"{base}: {', '.join(allowed)}"
        if column == "country":
            return f"{base}: a two-letter ISO 3166 country code in capitals, e.g. DK"
    if rule == "range" and column and (kind, column) in RANGE_TEXT:
        return f"{base}: {RANGE_TEXT[(kind, column)]}"
    if rule == "rate_cap":
        return f"{base} of DKK {RATE_CAP_DKK.get():,.0f} (it is kept aside, never capped)"
    if rule == "unknown_kpi":
        return f"{base} ({', '.join(sorted(kpi_ids()))})"
    return base


# How many rows of one file Pandera validates at a time: bounds the memory of its intermediate
# frames (failure cases, parsed copies) whatever the size of the file.
CHUNK_ROWS = 250_000
# Per kind: the text columns kept for every row read (valid or not) in the `keys_<kind>` staging
# table, for the checks across rows that run in SQL: the key (`unique`) and the references.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(
        dict.fromkeys(
            [*SPECS[kind].key, *(c for (k, c) in REFERENCES if k == kind)],
        )
    )
    for kind in SPECS
}


def _row_schema(kind: str) -> pa.DataFrameSchema:
    """The kind's Pandera schema without its `unique` check, which runs in SQL across chunks.

    A chunk of a file cannot see the keys of other chunks and files, so `unique` is checked on
    the staged keys of every row instead (`StagedValidation.finish`); the model keeps the check
    as the rule's definition and for validating a whole frame at once.
    """
    schema = copy.copy(MODELS[kind].to_schema())  # to_schema() is cached: never mutate it
    schema.checks = [c for c in schema.checks if c.name != "unique"]
    return schema


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


def combine(tables: list[RawTable]) -> pd.DataFrame:
    """Stack the files of one kind into one text frame with `_file` and `_row` columns."""
    frames = [prepare(t, t.frame) for t in tables]
    return pd.concat(frames, ignore_index=True)


def pandera_failures(
    kind: str, frame: pd.DataFrame, schema: pa.DataFrameSchema | None = None
) -> pd.DataFrame:
    """Validate a frame of one kind with Pandera; return (index, column, rule) failures."""
    schema = MODELS[kind].to_schema() if schema is None else schema
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
    return pd.DataFrame({"index": [], "column_name": [], "rule": []})


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


def _overflow_failures(frame: pd.DataFrame) -> pd.DataFrame:
    bad = frame.index[frame[OVERFLOW_COLUMN] != ""]
    return pd.DataFrame({"index": bad, "column_name": OVERFLOW_COLUMN, "rule": "field_count"})


def _whole_row_failures(
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


def _key_text(kind: str, originals: pd.DataFrame) -> pd.Series:
    """The key as sent, as a `unique` record shows it: `A1 / O7` for (activity_id, org_id)."""
    key = SPECS[kind].key
    parts = [originals[k].astype("str") if k in originals else "" for k in key]
    text = parts[0]
    for part in parts[1:]:
        text = text + " / " + part
    return pd.Series(text, index=originals.index, dtype="str")


@dataclass
class StagedValidation:
    """Validate files chunk by chunk into staging tables of the new warehouse, then across rows.

    `add_file` runs the Pandera row rules on each chunk, keeps the quarantine records, stages
    every row's key and reference columns (`keys_<kind>`) and the typed valid rows
    (`stg_<kind>`, from `to_typed`). `finish` then runs the rules across rows in SQL (`unique`,
    `reference`, `reference_quarantined`) and returns the failures; `valid_rows` names the rows
    that pass everything, for the final tables.

    The staged rows carry their file as a number (`_file_no`, named in `staged_files`), not as
    text: writing the file name into DuckDB for each of millions of rows, twice, was a large
    part of a big load's time.
    """

    con: duckdb.DuckDBPyConnection
    to_typed: Callable[[str, pd.DataFrame], pd.DataFrame]
    records: list[pd.DataFrame] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)
    staged: set[str] = field(default_factory=set)
    _next_seq: dict[str, int] = field(default_factory=dict)
    _schemas: dict[str, pa.DataFrameSchema] = field(default_factory=dict)
    _file_numbers: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.con.execute("CREATE TEMP TABLE staged_files (_file_no INTEGER, file_name VARCHAR)")
        for kind in SPECS:
            columns = ", ".join(f"{c} VARCHAR" for c in KEY_COLUMNS[kind])
            # staging tables of our own names; dropped before the warehouse is checked
            self.con.execute(
                f"CREATE TEMP TABLE keys_{kind} ({columns}, _seq BIGINT, _file_no INTEGER, "  # noqa: S608
                "_row BIGINT, _bad BOOLEAN, _other BOOLEAN, _key_text VARCHAR)"
            )
            self._next_seq[kind] = 0
            self._schemas[kind] = _row_schema(kind)

    def add_file(self, table: RawTable) -> None:
        """Validate one file's rows in chunks and stage them; the files come in name order."""
        self.rows_read[table.file_name] = len(table.frame)
        if table.file_name not in self._file_numbers:
            self._file_numbers[table.file_name] = len(self._file_numbers)
            self.con.execute(
                "INSERT INTO staged_files VALUES (?, ?)",
                [self._file_numbers[table.file_name], table.file_name],
            )
        for start in range(0, len(table.frame), CHUNK_ROWS):
            chunk = table.frame.iloc[start : start + CHUNK_ROWS]
            with parse_once():
                self._add_chunk(table, chunk)

    def _add_chunk(self, table: RawTable, chunk: pd.DataFrame) -> None:
        kind = table.kind
        frame = prepare(table, chunk)
        originals = chunk.reset_index(drop=True)
        problems = table.problems.reindex(chunk.index).reset_index(drop=True)
        seq = np.arange(len(frame), dtype="int64") + self._next_seq[kind]
        self._next_seq[kind] += len(frame)
        failures = pd.concat(
            [pandera_failures(kind, frame, self._schemas[kind]), _overflow_failures(frame)],
            ignore_index=True,
        )
        failures = _whole_row_failures(frame, problems, failures)
        if not failures.empty:
            records = _quarantine_records(kind, frame, originals, problems, failures)
            records["_seq"] = seq[records.pop("_index").to_numpy("int64")]
            self.records.append(records)
        bad = np.zeros(len(frame), dtype=bool)
        bad[failures["index"].to_numpy("int64")] = True
        keys = frame[list(KEY_COLUMNS[kind])].copy()
        keys["_seq"] = seq
        file_no = np.int32(self._file_numbers[table.file_name])
        keys["_file_no"] = file_no
        keys["_row"] = frame["_row"]
        keys["_bad"] = bad
        keys["_other"] = (frame[WHOLE_ROW] != "").to_numpy()
        if set(SPECS[kind].key) & set(SPECS[kind].numbers):
            # a number in the key may be written otherwise than its canonical text (1.234 in a
            # `;` file): keep the key as sent; other keys are shown from their own columns
            keys["_key_text"] = _key_text(kind, originals)
        self._append(f"keys_{kind}", keys, create=False)
        # a chunk without a bad row is typed from the very columns checked (their parse is shared)
        valid = frame[~bad] if bad.any() else frame
        if not valid.empty:
            typed = self.to_typed(kind, valid)
            typed["_seq"] = seq[~bad]
            typed["_file_no"] = file_no
            self._append(f"stg_{kind}", typed, create=f"stg_{kind}" not in self.staged)
            self.staged.add(f"stg_{kind}")

    def _append(self, table: str, frame: pd.DataFrame, create: bool) -> None:
        arrow = pyarrow.Table.from_pandas(frame, preserve_index=False)
        self.con.register("_chunk", arrow)
        try:
            if create:
                self.con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM _chunk")  # noqa: S608
            else:
                self.con.execute(
                    f"INSERT INTO {table} BY NAME SELECT * FROM _chunk"  # noqa: S608
                )
        finally:
            self.con.unregister("_chunk")

    def finish(self) -> pd.DataFrame:
        """Run `unique` and the references in SQL; return every quarantine record, sorted.

        Leaves `fail_<kind>` tables (the `_seq` of every quarantined row) for `valid_rows`.
        """
        con = self.con
        for kind in KIND_ORDER:
            key = SPECS[kind].key
            filled = " AND ".join(f"{k} <> ''" for k in key)
            same = " AND ".join(f"k.{c} = d.{c}" for c in key)
            # the first row (file name order, then row) of each key used more than once
            con.execute(
                f"""
                CREATE TEMP TABLE dup_{kind} AS
                WITH repeated_hashes AS (
                    -- a number groups much faster than text; only rows whose key hash repeats
                    -- are grouped by the key itself, so the result is exact
                    SELECT hash({", ".join(key)}) AS key_hash
                    FROM keys_{kind} WHERE {filled}
                    GROUP BY key_hash HAVING count(*) > 1
                ), firsts AS (
                    SELECT {", ".join(key)}, min(_seq) AS first_seq
                    FROM keys_{kind}
                    WHERE {filled}
                      AND hash({", ".join(key)}) IN (SELECT key_hash FROM repeated_hashes)
                    GROUP BY ALL HAVING count(*) > 1
                )
                SELECT k._seq, kf.file_name AS _file, k._row,
                       coalesce(k._key_text, concat_ws(' / ', {", ".join(f"k.{c}" for c in key)}))
                           AS _key_text,
                       ff.file_name AS first_file,
                       f._row AS first_row, k._other
                FROM keys_{kind} AS k
                JOIN firsts AS d ON {same}
                JOIN keys_{kind} AS f ON f._seq = d.first_seq
                JOIN staged_files AS kf ON kf._file_no = k._file_no
                JOIN staged_files AS ff ON ff._file_no = f._file_no
                WHERE k._seq > d.first_seq
                """  # noqa: S608 - our own table and column names
            )
            con.execute(
                f"""
                CREATE TEMP TABLE refs_{kind} (
                    _seq BIGINT, _file VARCHAR, _row BIGINT, column_name VARCHAR,
                    rule VARCHAR, value VARCHAR, target VARCHAR, _other BOOLEAN)
                """  # noqa: S608
            )
            for (source_kind, column), (target_kind, target_key) in REFERENCES.items():
                if source_kind != kind:
                    continue
                con.execute(
                    f"""
                    INSERT INTO refs_{kind}
                    WITH loaded AS (
                        SELECT DISTINCT {target_key} AS v FROM keys_{target_kind} AS t
                        WHERE t._seq NOT IN (SELECT _seq FROM fail_{target_kind})
                    ), quarantined AS (
                        SELECT DISTINCT {target_key} AS v FROM keys_{target_kind} AS t
                        WHERE t._seq IN (SELECT _seq FROM fail_{target_kind})
                        EXCEPT SELECT v FROM loaded
                    )
                    SELECT k._seq, kf.file_name, k._row, '{column}',
                           CASE WHEN q.v IS NULL THEN 'reference'
                                ELSE 'reference_quarantined' END,
                           k.{column}, '{target_kind}', k._other
                    FROM keys_{kind} AS k
                    JOIN staged_files AS kf ON kf._file_no = k._file_no
                    LEFT JOIN loaded AS l ON l.v = k.{column}
                    LEFT JOIN quarantined AS q ON q.v = k.{column}
                    WHERE k.{column} <> '' AND l.v IS NULL
                    """  # noqa: S608 - our own table and column names
                )
            con.execute(
                f"""
                CREATE TEMP TABLE fail_{kind} AS
                SELECT _seq FROM keys_{kind} WHERE _bad
                UNION SELECT _seq FROM dup_{kind}
                UNION SELECT _seq FROM refs_{kind} WHERE NOT _other
                """  # noqa: S608
            )
        records = [*self.records, *(self._sql_records(kind) for kind in KIND_ORDER)]
        records = [r for r in records if not r.empty]
        if not records:
            return pd.DataFrame(columns=[*QUARANTINE_COLUMNS, "_seq"])
        quarantine = pd.concat(records, ignore_index=True)
        order = {kind: n for n, kind in enumerate(KIND_ORDER)}
        quarantine["_kind_order"] = quarantine["kind"].map(order)
        quarantine = quarantine.sort_values(
            ["_kind_order", "_seq", "_sort_column", "rule"], na_position="last", kind="stable"
        )
        return quarantine.drop(columns=["_kind_order", "_sort_column"]).reset_index(drop=True)

    def _sql_records(self, kind: str) -> pd.DataFrame:
        """The `unique` and reference records of a kind, as quarantine records."""
        key = SPECS[kind].key
        dup = self.con.execute(
            f"SELECT * FROM dup_{kind} WHERE NOT _other"  # noqa: S608
        ).df()
        refs = self.con.execute(
            f"SELECT * FROM refs_{kind} WHERE NOT _other"  # noqa: S608
        ).df()
        frames = []
        if not dup.empty:
            column = "+".join(key) if len(key) > 1 else ROW_CHECK_COLUMNS[kind]["unique"]
            base = rule_message(kind, column, "unique")
            frames.append(
                pd.DataFrame(
                    {
                        "source_file": dup["_file"],
                        "kind": kind,
                        "row_number": dup["_row"].astype("int64"),
                        "column_name": column,
                        "rule": "unique",
                        "original_value": dup["_key_text"],
                        "message": base
                        + "; first used in "
                        + dup["first_file"]
                        + " row "
                        + dup["first_row"].astype("str"),
                        "_seq": dup["_seq"],
                        "_sort_column": ROW_CHECK_COLUMNS[kind]["unique"],
                    }
                )
            )
        if not refs.empty:
            messages = pd.Series(
                [
                    rule_message(kind, c, r)
                    for c, r in zip(refs["column_name"], refs["rule"], strict=True)
                ],
                index=refs.index,
                dtype="str",
            )
            frames.append(
                pd.DataFrame(
                    {
                        "source_file": refs["_file"],
                        "kind": kind,
                        "row_number": refs["_row"].astype("int64"),
                        "column_name": refs["column_name"],
                        "rule": refs["rule"],
                        "original_value": refs["value"],
                        "message": messages
                        + " ("
                        + refs["target"]
                        + " has no loaded row with "
                        + refs["column_name"]
                        + " '"
                        + refs["value"].map(show)
                        + "')",
                        "_seq": refs["_seq"],
                        "_sort_column": refs["column_name"],
                    }
                )
            )
        if not frames:
            return pd.DataFrame()
        return pd.concat(frames, ignore_index=True)

    def valid_rows(self, kind: str) -> str | None:
        """SQL selecting the staged typed rows of a kind that passed every rule (None: none)."""
        if f"stg_{kind}" not in self.staged:
            return None
        return (
            f"SELECT s.* EXCLUDE (_file_no), f.file_name AS source_file "  # noqa: S608
            f"FROM stg_{kind} AS s JOIN staged_files AS f ON f._file_no = s._file_no "
            f"WHERE s._seq NOT IN (SELECT _seq FROM fail_{kind})"
        )

    def drop_staging(self) -> None:
        """Remove the staging tables from the new warehouse."""
        # table names are built from the kinds of SPECS (an allow-list), never from input
        self.con.execute("DROP TABLE IF EXISTS staged_files")
        for kind in SPECS:
            self.con.execute(f"DROP TABLE IF EXISTS keys_{kind}")
            self.con.execute(f"DROP TABLE IF EXISTS stg_{kind}")
            for temp in ("dup", "refs", "fail"):
                self.con.execute(f"DROP TABLE IF EXISTS {temp}_{kind}")


def _quarantine_records(
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
        messages[position] = _message(kind, columns[position], rules[position], value)
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


def _message(kind: str, column, rule: str, value) -> str:
    """The record's message: the rule's, and what is odd about the value if it hides it."""
    text = rule_message(kind, column if isinstance(column, str) else None, rule)
    if isinstance(value, str) and value and visible(value[:200]) != value[:200]:
        text += f" (the value holds invisible or look-alike characters: '{show(value)}')"
    return text
