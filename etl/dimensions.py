"""Fill the dimension tables dim_* from the reference data (warehouse/reference.toml)."""

from __future__ import annotations

import duckdb

from warehouse.reference import reference

# dimension in reference.toml -> (table, extra columns besides code and labels)
DIMENSIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "cluster": ("dim_cluster", ("home_region",)),
    "region": ("dim_region", ("partner",)),
    "theme": ("dim_theme", ()),
    "technology": ("dim_technology", ()),
    "activity_type": ("dim_activity_type", ()),
    "org_type": ("dim_org_type", ()),
    "priority_market": ("dim_priority_market", ()),
}


def fill_dimensions(con: duckdb.DuckDBPyConnection) -> None:
    """Insert every reference entry into its dim_* table (tables from create_schema)."""
    ref = reference()
    for dimension, (table, extra) in DIMENSIONS.items():
        columns = ("code", "label_da", "label_en", *extra, "sort_order")
        placeholders = ", ".join("?" for _ in columns)
        # table and column names come from the allow-list above, never from input
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
        rows = [
            (e["code"], e["label_da"], e["label_en"], *(e[c] for c in extra), i)
            for i, e in enumerate(ref[dimension])
        ]
        con.executemany(statement, rows)
