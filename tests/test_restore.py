"""Restoring the inputs of a past load from the archive rebuilds the same warehouse."""

from __future__ import annotations

from pathlib import Path

from etl.cli import main
from etl.load import load_warehouse
from tests.loadkit import query, write_valid_set


def test_a_past_load_is_restored_from_the_archive_after_the_sources_changed(
    tmp_path: Path, capsys
) -> None:
    folder = write_valid_set(tmp_path / "in")
    warehouse = tmp_path / "wh" / "healthtech.duckdb"
    assert load_warehouse(folder, warehouse).exit_code == 0
    first = query(warehouse, "SELECT activity_id, title FROM activities ORDER BY 1")
    # the cluster overwrites its file, and load 2 reads the new version
    write_valid_set(folder, {"activities": {0: {"title": "Ny titel"}}})
    assert load_warehouse(folder, warehouse).exit_code == 0
    assert query(warehouse, "SELECT title FROM activities WHERE activity_id = 'A1'") == [
        ("Ny titel",)
    ]

    restored = tmp_path / "restored"
    args = ["restore", "--load-id", "1", "--out", str(restored), "--warehouse", str(warehouse)]
    assert main(args) == 0
    assert "Restored 8 file(s) of load 1" in capsys.readouterr().out
    rebuilt = tmp_path / "rebuilt.duckdb"
    assert load_warehouse(restored, rebuilt).exit_code == 0
    assert query(rebuilt, "SELECT activity_id, title FROM activities ORDER BY 1") == first


def test_restoring_an_unknown_load_says_which_loads_exist(tmp_path: Path, capsys) -> None:
    warehouse = tmp_path / "w.duckdb"
    load_warehouse(write_valid_set(tmp_path / "in"), warehouse)
    args = [
        "restore",
        "--load-id",
        "7",
        "--out",
        str(tmp_path / "o"),
        "--warehouse",
        str(warehouse),
    ]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "load 7 is not in the load history (known loads: 1)" in err
