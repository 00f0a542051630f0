"""Staging writes each row once: a valid row typed, a failed row by its keys (docs/loading.md,
"How a load runs"); the rules across rows see both."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.cross_checks import KEY_COLUMNS, KEYS_FROM_TYPED
from etl.kinds import SPECS
from etl.load import load_warehouse
from etl.load_typing import typed_frame
from etl.prepare import prepare
from etl.read import read_table
from etl.validate import StagedValidation
from tests.loadkit import VALID_SET, query, write_csv, write_valid_set

EXPECTED = {kind: set(spec.columns) for kind, spec in SPECS.items()}


def _staged_counts(tmp_path: Path, kind: str, rows: list[dict[str, str]]) -> tuple[int, int]:
    """Stage one file of a kind; return (rows in keys_<kind>, rows in stg_<kind>)."""
    path = write_csv(tmp_path / f"{kind}.csv", rows)
    con = duckdb.connect(str(tmp_path / "staging.duckdb"))
    try:
        staged = StagedValidation(con, typed_frame)
        staged.add_file(read_table(path, EXPECTED))
        return tuple(
            con.execute(f"SELECT count(*) FROM {table}_{kind}").fetchone()[0]  # noqa: S608
            for table in ("keys", "stg")
        )
    finally:
        con.close()


def test_a_valid_row_is_staged_typed_and_a_failed_row_by_its_keys_only(tmp_path: Path) -> None:
    rows = [dict(r) for r in VALID_SET["participations"]]
    rows[1]["participants"] = "0"  # breaks `range`: 1 failed row, 3 valid
    assert _staged_counts(tmp_path, "participations", rows) == (1, 3)


def test_a_kind_with_a_year_in_its_key_stages_every_rows_key_text(tmp_path: Path) -> None:
    # `unique` compares the key as sent, and the typed year is a number: every row keeps its text
    rows = [dict(r) for r in VALID_SET["outcomes"]]
    rows[0]["new_product"] = "perhaps"
    assert "outcomes" not in KEYS_FROM_TYPED and "targets" not in KEYS_FROM_TYPED
    assert _staged_counts(tmp_path, "outcomes", rows) == (2, 1)


@pytest.mark.parametrize("kind", sorted(KEYS_FROM_TYPED))
def test_the_typing_passes_key_and_reference_columns_through_as_checked(
    tmp_path: Path, kind: str
) -> None:
    """What lets a valid row's keys be read from its typed row: the very text the rules saw."""
    table = read_table(write_csv(tmp_path / f"{kind}.csv", VALID_SET[kind]), EXPECTED)
    frame = prepare(table, table.frame)
    typed = typed_frame(kind, frame)
    for column in KEY_COLUMNS[kind]:
        pd.testing.assert_series_equal(
            typed[column].astype("str"), frame[column].astype("str"), check_names=False
        )


def test_a_valid_row_repeating_the_key_of_a_failed_row_is_its_duplicate(tmp_path: Path) -> None:
    # row 6 repeats A1/O1 of row 2, which fails a rule of its own: the first row of the key is
    # row 2 all the same (staged by its keys), so row 6 (staged typed) is quarantined as `unique`
    folder = write_valid_set(tmp_path / "in", {"participations": {4: {}, 0: {"participants": "0"}}})
    wh = tmp_path / "wh.duckdb"
    result = load_warehouse(folder, wh)
    assert result.status == "loaded", result.message
    got = query(
        wh,
        "SELECT row_number, rule, column_name, message FROM quarantine "
        "WHERE source_file = 'participations.csv' ORDER BY row_number",
    )
    assert [g[:3] for g in got] == [
        (2, "range", "participants"),
        (6, "unique", "activity_id+org_id"),
    ]
    assert got[1][3].endswith("first used in participations.csv row 2")
    assert query(wh, "SELECT count(*) FROM participations") == [(3,)]
