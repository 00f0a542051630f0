"""The rules across rows and files, in SQL on the staged keys: `unique` and the references.

Every row read (valid or not) has its key and reference columns staged once: a valid row's in
its typed staged row (`stg_<kind>`), a row that failed a rule of its own in `keys_<kind>`
(every row's there for a kind with a number in its key, `KEYS_FROM_TYPED`); the view
`rows_<kind>` reads both. `check_across_rows` finds the duplicates (`dup_<kind>`), the broken
references (`refs_<kind>`) and every quarantined row (`fail_<kind>`), kind by kind in
KIND_ORDER.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.kinds import ROW_CHECK_COLUMNS, SPECS
from etl.messages import rule_message
from etl.names import show

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
# Per kind: the text columns kept for every row read (valid or not), for the checks across rows
# that run in SQL: the key (`unique`) and the references.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(
        dict.fromkeys(
            [*SPECS[kind].key, *(c for (k, c) in REFERENCES if k == kind)],
        )
    )
    for kind in SPECS
}
# The kinds whose key and reference columns the typing passes through as the very text checked:
# a valid row's keys are read from its typed staged row, so only its failed rows stage their
# keys apart and each row is written into staging once. A number in the key (a year) is typed
# in `stg_<kind>`, and `unique` compares the key as sent: those kinds stage every row's key text.
KEYS_FROM_TYPED: frozenset[str] = frozenset(
    kind for kind in SPECS if not set(KEY_COLUMNS[kind]) & set(SPECS[kind].numbers)
)


def create_key_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the empty `keys_<kind>` staging table of every kind."""
    for kind in SPECS:
        columns = ", ".join(f"{c} VARCHAR" for c in KEY_COLUMNS[kind])
        # staging tables of our own names; dropped before the warehouse is checked
        con.execute(
            f"CREATE TEMP TABLE keys_{kind} ({columns}, _seq BIGINT, _file_no INTEGER, "  # noqa: S608
            "_row BIGINT, _bad BOOLEAN, _other BOOLEAN, _key_text VARCHAR)"
        )


def create_row_views(con: duckdb.DuckDBPyConnection, typed: set[str]) -> None:
    """Create the view `rows_<kind>`: the keys of every row read, valid or not.

    `typed` names the `stg_<kind>` tables that exist (a kind without a valid row has none).
    """
    for kind in SPECS:
        columns = ", ".join(KEY_COLUMNS[kind])
        # view and table names from the kinds of SPECS, never from input
        select = f"SELECT {columns}, _seq, _file_no, _row, _bad, _other, _key_text FROM keys_{kind}"  # noqa: S608
        if kind in KEYS_FROM_TYPED and f"stg_{kind}" in typed:
            select += (
                f" UNION ALL SELECT {columns}, _seq, _file_no, source_row AS _row, "  # noqa: S608
                f"false AS _bad, false AS _other, NULL::VARCHAR AS _key_text FROM stg_{kind}"
            )
        con.execute(f"CREATE TEMP VIEW rows_{kind} AS {select}")


def drop_row_views(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the `rows_<kind>` views (before the tables they read)."""
    for kind in SPECS:
        con.execute(f"DROP VIEW IF EXISTS rows_{kind}")


def check_across_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Run `unique` and the references in SQL, leaving `dup_`, `refs_` and `fail_<kind>` tables.

    Reads the views of `create_row_views`. `fail_<kind>` holds the `_seq` of every quarantined
    row of a kind.
    """
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
                FROM rows_{kind} WHERE {filled}
                GROUP BY key_hash HAVING count(*) > 1
            ), firsts AS (
                SELECT {", ".join(key)}, min(_seq) AS first_seq
                FROM rows_{kind}
                WHERE {filled}
                  AND hash({", ".join(key)}) IN (SELECT key_hash FROM repeated_hashes)
                GROUP BY ALL HAVING count(*) > 1
            )
            SELECT k._seq, kf.file_name AS _file, k._row,
                   coalesce(k._key_text, concat_ws(' / ', {", ".join(f"k.{c}" for c in key)}))
                       AS _key_text,
                   ff.file_name AS first_file,
                   f._row AS first_row, k._other
            FROM rows_{kind} AS k
            JOIN firsts AS d ON {same}
            JOIN rows_{kind} AS f ON f._seq = d.first_seq
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
                    SELECT DISTINCT {target_key} AS v FROM rows_{target_kind} AS t
                    WHERE t._seq NOT IN (SELECT _seq FROM fail_{target_kind})
                ), quarantined AS (
                    SELECT DISTINCT {target_key} AS v FROM rows_{target_kind} AS t
                    WHERE t._seq IN (SELECT _seq FROM fail_{target_kind})
                    EXCEPT SELECT v FROM loaded
                )
                SELECT k._seq, kf.file_name, k._row, '{column}',
                       CASE WHEN q.v IS NULL THEN 'reference'
                            ELSE 'reference_quarantined' END,
                       k.{column}, '{target_kind}', k._other
                FROM rows_{kind} AS k
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


def cross_records(con: duckdb.DuckDBPyConnection, kind: str) -> pd.DataFrame:
    """The `unique` and reference records of a kind, as quarantine records."""
    key = SPECS[kind].key
    dup = con.execute(
        f"SELECT * FROM dup_{kind} WHERE NOT _other"  # noqa: S608
    ).df()
    refs = con.execute(
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
