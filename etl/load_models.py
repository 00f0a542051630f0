"""The semantic layer: build the views and table macros of warehouse/sql/models/ into a warehouse.

Each file holds one `CREATE OR REPLACE VIEW` or `CREATE OR REPLACE MACRO`; they are created in
file-name order (a model reads only models before it). They are stored in the warehouse file, so
a read-only connection (the dashboard, the report, the KPI engine) can use them.
"""

from __future__ import annotations

import duckdb

from warehouse.db import sql_files
from warehouse.vocabulary import NO_TECHNOLOGY

MODELS_FOLDER = "models"


def create_models(con: duckdb.DuckDBPyConnection) -> None:
    """Create every model of warehouse/sql/models in `con` (tables must exist, may be empty)."""
    # The one Python definition of "no technology", handed to the SQL as a macro; the value is a
    # constant of the code, never input text, and is quoted as a SQL string literal.
    if not NO_TECHNOLOGY.replace("_", "").isalnum():  # allow-list: letters, digits and _ only
        raise ValueError(f"NO_TECHNOLOGY must be a plain code, not {NO_TECHNOLOGY!r}")
    literal = f"'{NO_TECHNOLOGY}'"
    con.execute(f"CREATE OR REPLACE MACRO no_technology() AS {literal}")
    for path in sql_files(MODELS_FOLDER):
        con.execute(path.read_text(encoding="utf-8"))


def model_names() -> list[str]:
    """The name of each model, from its file name (`10_activity_facts.sql` -> activity_facts)."""
    return [path.stem.split("_", 1)[1] for path in sql_files(MODELS_FOLDER)]
