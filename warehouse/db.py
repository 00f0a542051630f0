"""Where the warehouse lives, how to open it read-only, and the loader of the `.sql` files."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).with_name("sql")
DEFAULT_WAREHOUSE = Path("warehouse") / "healthtech.duckdb"
# What a warehouse file holds of the code that built it: its tables and its semantic models
BUILD_FOLDERS = ("schema", "models")


def warehouse_path(path: str | os.PathLike | None = None) -> Path:
    """Return the warehouse file: `path`, else $HEALTHTECH_WAREHOUSE, else the default."""
    if path:
        return Path(path)
    return Path(os.environ.get("HEALTHTECH_WAREHOUSE") or DEFAULT_WAREHOUSE)


@cache
def sql(name: str) -> str:
    """Return the text of warehouse/sql/<name>.sql (e.g. `kpi/g1_companies`)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def sql_files(folder: str) -> list[Path]:
    """Return the `.sql` files of warehouse/sql/<folder>, sorted by name."""
    return sorted((SQL_DIR / folder).glob("*.sql"))


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of warehouse/sql/schema in `con`, in file-name order."""
    for path in sql_files("schema"):
        con.execute(path.read_text(encoding="utf-8"))


@contextmanager
def connect_read_only(path: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse read-only, with no access to other files, and close it afterwards.

    A connection never outlives one unit of work, so a load can swap the file at any time.
    """
    target = warehouse_path(path)
    if not target.exists():
        raise FileNotFoundError(target)
    con = duckdb.connect(
        str(target),
        read_only=True,
        config={"enable_external_access": False, "threads": 2},
    )
    try:
        yield con
    finally:
        con.close()


def warehouse_version(path: str | os.PathLike | None = None) -> str:
    """Return a token that changes whenever a load swaps in a new warehouse file.

    The file is replaced atomically by os.replace, so its inode, size and mtime change together.
    """
    target = warehouse_path(path)
    try:
        st = target.stat()
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"


@cache
def build_fingerprint() -> str:
    """The fingerprint of the schema and models this code builds (the SQL of BUILD_FOLDERS and
    the "no technology" code the models are given): what `warehouse_build` must hold."""
    from warehouse.vocabulary import NO_TECHNOLOGY

    digest = hashlib.sha256(NO_TECHNOLOGY.encode())
    for folder in BUILD_FOLDERS:
        for path in sql_files(folder):
            digest.update(f"\0{folder}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def record_build(con: duckdb.DuckDBPyConnection) -> None:
    """Write this code's build fingerprint into the warehouse being built."""
    con.execute("DELETE FROM warehouse_build")
    con.execute("INSERT INTO warehouse_build VALUES (?)", [build_fingerprint()])


def built_by_other_code(con: duckdb.DuckDBPyConnection) -> bool:
    """True if the open warehouse was built by code with another schema or other models (or
    before builds were recorded): it must be loaded again before it is read."""
    try:
        rows = con.execute("SELECT fingerprint FROM warehouse_build").fetchall()
    except duckdb.CatalogException:  # built before the fingerprint was recorded
        return True
    return rows != [(build_fingerprint(),)]


def outdated_build(path: str | os.PathLike | None = None) -> bool:
    """built_by_other_code() of the warehouse file at `path` (opened read-only for it)."""
    with connect_read_only(path) as con:
        return built_by_other_code(con)
