"""Filling the warehouse's final tables: the staged rows with their integer keys
(docs/loading.md, "Keys"), in their stored order, and frames appended by column name."""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.load_typing import FINAL_SELECT
from etl.validate import StagedValidation


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


# The integer surrogate keys (docs/loading.md, "Keys"). A dimension numbers its rows 1..n in
# the order given here: (key column, id column, order).
DIMENSION_KEYS: dict[str, tuple[str, str, str]] = {
    "organisations": ("org_key", "org_id", "org_id"),
    "activities": ("activity_key", "activity_id", "start_date, activity_id"),
}


# A fact looks each of its keys up by its id: (key column, id column, dimension).
_ACTIVITY_KEY = ("activity_key", "activity_id", "activities")


_ORG_KEY = ("org_key", "org_id", "organisations")


KEY_LOOKUPS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "activity_partners": (_ACTIVITY_KEY,),
    "participations": (_ACTIVITY_KEY, _ORG_KEY),
    "inkind": (_ACTIVITY_KEY, _ORG_KEY),
    "applications": (_ACTIVITY_KEY, ("lead_org_key", "lead_org_id", "organisations")),
    "outcomes": (_ORG_KEY,),
}


# The order each table is stored in (facts in activity order, so that the KPI passes scan them
# activity by activity); a table not named keeps the order of its files.
STORED_ORDER: dict[str, str] = {
    "organisations": "org_key",
    "activities": "activity_key",
    "activity_partners": "activity_key, cluster",
    "participations": "activity_key, org_key",
    "inkind": "activity_key, month, entry_id",
    "applications": "activity_key, application_id",
}


def key_columns(table: str) -> set[str]:
    """The surrogate key columns of a table (none for funding, targets and the bookkeeping)."""
    keys = {key for key, _, _ in KEY_LOOKUPS.get(table, ())}
    return keys | ({DIMENSION_KEYS[table][0]} if table in DIMENSION_KEYS else set())


def _with_keys(table: str, rows: str) -> str:
    """SQL selecting `rows` (the table's other columns) with its keys, in its stored order.

    A fact's keys are looked up with a LEFT JOIN: a row whose id had no key (the load checked
    every reference, so never) would break the NOT NULL key column and reject the load, rather
    than vanish from the warehouse.
    """
    keys, joins = [], []
    if table in DIMENSION_KEYS:
        key, _, order = DIMENSION_KEYS[table]
        keys.append(f"row_number() OVER (ORDER BY {order}) AS {key}")
    for n, (key, id_column, dimension) in enumerate(KEY_LOOKUPS.get(table, ())):
        dimension_key, dimension_id, _ = DIMENSION_KEYS[dimension]
        keys.append(f"k{n}.{dimension_key} AS {key}")
        joins.append(f"LEFT JOIN {dimension} AS k{n} ON k{n}.{dimension_id} = r.{id_column}")
    order = f" ORDER BY {STORED_ORDER[table]}" if table in STORED_ORDER else ""
    # table and column names are the warehouse's own, never input text
    return f"SELECT r.*, {', '.join(keys)} FROM ({rows}) AS r {' '.join(joins)}{order}"  # noqa: S608


def insert_final_tables(con: duckdb.DuckDBPyConnection, staged: StagedValidation) -> None:
    """Fill the fact tables from the staged rows that passed every rule, with their keys."""
    for kind, special in FINAL_SELECT.items():
        rows = staged.valid_rows(kind)
        if rows is None:
            continue
        keys = key_columns(kind)
        columns = [c for c in table_columns(con, kind) if c not in keys]
        select = ", ".join(f"{special.get(c, c)} AS {c}" for c in columns)
        statement = f"SELECT {select} FROM ({rows})"  # noqa: S608
        if keys:
            statement = _with_keys(kind, statement)
        # table and column names are the warehouse's own, never input text
        con.execute(f"INSERT INTO {kind} BY NAME {statement}")  # noqa: S608
        if kind == "activities":
            # the partner clusters split into rows, each once per activity
            partners = f"""
                SELECT DISTINCT activity_id, code AS cluster FROM (
                    SELECT activity_id, unnest(list_transform(
                               string_split(replace(partner_clusters, ',', ';'), ';'),
                               lambda c: regexp_replace(c, '^\\s+|\\s+$', '', 'g'))) AS code
                    FROM ({rows})
                ) WHERE code <> ''
                """  # noqa: S608
            con.execute(
                f"INSERT INTO activity_partners BY NAME {_with_keys('activity_partners', partners)}"
            )
        staged.drop_kind(kind)  # its memory goes to the next kind's join and sort


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame into a table by column name (table names come from our own list)."""
    columns = ", ".join(frame.columns)
    con.register("incoming", frame)
    try:
        # identifiers are the warehouse's own table and column names, never input text
        con.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming"  # noqa: S608
        )
    finally:
        con.unregister("incoming")
