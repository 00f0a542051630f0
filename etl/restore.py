"""`healthtech restore`: put the archived input files of a past load back into a folder."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import duckdb

from etl.load_archive import archive_dir
from warehouse.db import warehouse_path


class RestoreError(Exception):
    """The files of that load cannot be restored; the message says why."""


def restore_inputs(load_id: int, out_dir: Path, warehouse: Path | None = None) -> list[Path]:
    """Copy the files that load `load_id` read, under their original names, into `out_dir`."""
    target = warehouse_path(warehouse)
    if not target.exists():
        raise RestoreError(f"there is no warehouse at {target}")
    con = duckdb.connect(str(target), read_only=True)
    try:
        files = con.execute(
            "SELECT file_name, sha256 FROM load_log WHERE load_id = ? ORDER BY file_name",
            [load_id],
        ).fetchall()
        known = [r[0] for r in con.execute("SELECT load_id FROM load_runs ORDER BY 1").fetchall()]
    finally:
        con.close()
    if not files:
        raise RestoreError(
            f"load {load_id} is not in the load history (known loads: "
            f"{', '.join(map(str, known)) or 'none'})"
        )
    archive = archive_dir(target)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, sha in files:
        matches = sorted(archive.glob(f"{sha}.*"))
        if not matches:
            raise RestoreError(f"the archived copy of {file_name} ({sha}) is missing in {archive}")
        destination = out_dir / file_name
        shutil.copyfile(matches[0], destination)
        written.append(destination)
    return written


def cli_restore(args: argparse.Namespace) -> int:
    """Run `healthtech restore`; return 0 when the files were written, 1 otherwise."""
    try:
        written = restore_inputs(args.load_id, args.out, args.warehouse)
    except RestoreError as exc:
        print(f"Cannot restore: {exc}", file=sys.stderr)
        return 1
    print(f"Restored {len(written)} file(s) of load {args.load_id} into {args.out}.")
    print(f"Rebuild that warehouse with: healthtech load --input {args.out}")
    return 0
