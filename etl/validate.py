"""Validate the files of each kind: Pandera rules per row, then the rules across rows in SQL.

Input: the RawTables read from one folder, one file at a time (`StagedValidation.add_file`).
Each file's rows are validated by the Pandera models in chunks (`etl/row_checks.py`) and staged
in the new warehouse once: the valid rows already typed, the others' key and reference columns.
`finish` then checks `unique` and the references in SQL (`etl/cross_checks.py`) and returns the
quarantine (`etl/quarantine.py`): one record per broken rule per row; `valid_rows` selects the
rows that passed everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow

from etl.cross_checks import (
    KEY_COLUMNS,
    KEYS_FROM_TYPED,
    KIND_ORDER,
    check_across_rows,
    create_key_tables,
    create_row_views,
    cross_records,
    drop_row_views,
)
from etl.kinds import SPECS
from etl.parse import parse_once
from etl.prepare import WHOLE_ROW, prepare
from etl.quarantine import QUARANTINE_COLUMNS, key_text, quarantine_records
from etl.raw_table import RawTable
from etl.row_checks import overflow_failures, pandera_failures, row_schema, whole_row_failures

# How many rows of one file Pandera validates at a time: bounds the memory of its intermediate
# frames (failure cases, parsed copies) whatever the size of the file.
CHUNK_ROWS = 250_000


@dataclass
class StagedValidation:
    """Validate files chunk by chunk into staging tables of the new warehouse, then across rows.

    `add_file` runs the Pandera row rules on each chunk, keeps the quarantine records, and
    stages each row once: a valid row typed (`stg_<kind>`, from `to_typed`, its key and
    reference columns among them), a row that failed a rule by its key and reference columns
    (`keys_<kind>`; every row of a kind not in `KEYS_FROM_TYPED`). `finish` then runs the
    rules across rows in SQL (`unique`, `reference`, `reference_quarantined`) on both and
    returns the failures; `valid_rows` names the rows that pass everything, for the final
    tables.

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
        create_key_tables(self.con)
        for kind in SPECS:
            self._next_seq[kind] = 0
            self._schemas[kind] = row_schema(kind)

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
            [pandera_failures(kind, frame, self._schemas[kind]), overflow_failures(frame)],
            ignore_index=True,
        )
        failures = whole_row_failures(frame, problems, failures)
        if not failures.empty:
            records = quarantine_records(kind, frame, originals, problems, failures)
            records["_seq"] = seq[records.pop("_index").to_numpy("int64")]
            self.records.append(records)
        bad = np.zeros(len(frame), dtype=bool)
        bad[failures["index"].to_numpy("int64")] = True
        file_no = np.int32(self._file_numbers[table.file_name])
        # a valid row's keys are read from its typed row (`rows_<kind>`), unless the key holds a
        # number (see KEYS_FROM_TYPED)
        keyed = bad if kind in KEYS_FROM_TYPED else np.ones(len(frame), dtype=bool)
        if keyed.any():
            part = frame[keyed] if not keyed.all() else frame
            keys = part[list(KEY_COLUMNS[kind])].copy()
            keys["_seq"] = seq[keyed]
            keys["_file_no"] = file_no
            keys["_row"] = part["_row"]
            keys["_bad"] = bad[keyed]
            keys["_other"] = (part[WHOLE_ROW] != "").to_numpy()
            if set(SPECS[kind].key) & set(SPECS[kind].numbers):
                # a number in the key may be written otherwise than its canonical text (1.234 in
                # a `;` file): keep the key as sent; other keys are shown from their own columns
                keys["_key_text"] = key_text(kind, originals[keyed])
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
        create_row_views(self.con, self.staged)
        check_across_rows(self.con)
        records = [*self.records, *(cross_records(self.con, kind) for kind in KIND_ORDER)]
        drop_row_views(self.con)
        for kind in SPECS:
            # every rule across rows has run: the key staging (a row of text per row read) is
            # not read again, and its memory goes to filling the final tables
            # (table names from the kinds of SPECS, an allow-list)
            self.con.execute(f"DROP TABLE IF EXISTS keys_{kind}")
            for temp in ("dup", "refs"):
                self.con.execute(f"DROP TABLE IF EXISTS {temp}_{kind}")
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

    def valid_rows(self, kind: str) -> str | None:
        """SQL selecting the staged typed rows of a kind that passed every rule (None: none)."""
        if f"stg_{kind}" not in self.staged:
            return None
        return (
            f"SELECT s.* EXCLUDE (_file_no), f.file_name AS source_file "  # noqa: S608
            f"FROM stg_{kind} AS s JOIN staged_files AS f ON f._file_no = s._file_no "
            f"WHERE s._seq NOT IN (SELECT _seq FROM fail_{kind})"
        )

    def drop_kind(self, kind: str) -> None:
        """Let go of a kind's staged rows once its final table is filled."""
        # the table names are built from the kinds of SPECS (an allow-list), never from input
        self.con.execute(f"DROP TABLE IF EXISTS stg_{kind}")
        self.con.execute(f"DROP TABLE IF EXISTS fail_{kind}")

    def drop_staging(self) -> None:
        """Remove the staging tables from the new warehouse."""
        # table names are built from the kinds of SPECS (an allow-list), never from input
        self.con.execute("DROP TABLE IF EXISTS staged_files")
        drop_row_views(self.con)
        for kind in SPECS:
            self.con.execute(f"DROP TABLE IF EXISTS keys_{kind}")
            self.con.execute(f"DROP TABLE IF EXISTS stg_{kind}")
            for temp in ("dup", "refs", "fail"):
                self.con.execute(f"DROP TABLE IF EXISTS {temp}_{kind}")
