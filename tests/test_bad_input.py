"""The bad-input corpus (issue 7): every awkward file loads, quarantines or rejects as written.

Each case is a folder `tests/data/bad/<case>/` with the case's files and an `expected.toml`
(described in `tests/data/bad/README.md`); cases too big or too many to commit are written by
`tests/data/bad/make_generated.py`. For every case the valid set of `tests/loadkit.py` is loaded
first, then the case's files are laid over it (a file named like a valid-set file replaces it)
and loaded through the command line. Every case must: exit 0 or 2 as expected, print no
traceback, name the file (and the row and rule, through the quarantine), lose no row, and leave
the previous warehouse byte for byte as it was when rejected.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.load import load_warehouse
from etl.names import display_name, kind_of
from tests.loadkit import query, write_valid_set

BAD_DIR = Path(__file__).resolve().parent / "data" / "bad"
COMMITTED = sorted(p.name for p in BAD_DIR.iterdir() if (p / "expected.toml").is_file())


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_generated", BAD_DIR / "make_generated.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _load_generator()
GENERATED = GENERATOR.generated_cases()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _reader(warehouse: Path) -> Callable[..., list[tuple]]:
    """`query(warehouse, sql, params)` on one read-only connection kept for the whole check.

    Opening a warehouse costs tens of milliseconds (its catalog); a case runs some 25 queries.
    """
    con = duckdb.connect(str(warehouse), read_only=True)

    def query(wh: Path, sql: str, params: list | None = None) -> list[tuple]:
        assert wh == warehouse
        return con.execute(sql, params or []).fetchall()

    query.close = con.close  # type: ignore[attr-defined]
    return query


# session scope, not module: a module-scoped fixture would keep all ~165 cases on one xdist
# worker (tests/conftest.py); this way each worker builds the small base once and takes cases
# as it is free
@pytest.fixture(scope="session")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The valid set and its warehouse, built once per worker and copied by every case."""
    root = tmp_path_factory.mktemp("bad_base")
    folder = write_valid_set(root / "in")
    warehouse = root / "wh" / "healthtech.duckdb"
    result = load_warehouse(folder, warehouse)
    assert result.status == "loaded", result.message
    return folder, warehouse


def _prepare(tmp_path: Path, base: tuple[Path, Path]) -> tuple[Path, Path]:
    folder, warehouse = base
    case_in = tmp_path / "in"
    shutil.copytree(folder, case_in)
    case_wh = tmp_path / "wh" / "healthtech.duckdb"
    case_wh.parent.mkdir()
    shutil.copyfile(warehouse, case_wh)
    return case_in, case_wh


def _overlay(case_dir: Path, case_in: Path) -> tuple[dict, list[str]]:
    expected = tomllib.loads((case_dir / "expected.toml").read_text(encoding="utf-8"))
    names = []
    for path in sorted(case_dir.iterdir()):
        if path.name == "expected.toml":
            continue
        shutil.copyfile(path, case_in / path.name)
        names.append(path.name)
    return expected, names


def _run(case_in: Path, wh: Path, expected: dict, names: list[str], capsys) -> None:
    for name in expected.get("remove", []):
        (case_in / name).unlink()
    before = _sha(wh)
    capsys.readouterr()
    try:
        code = main(["load", "--input", str(case_in), "--warehouse", str(wh)])
    except BaseException as exc:  # noqa: BLE001 - any escape would be a traceback for the user
        pytest.fail(f"the load raised {type(exc).__name__}: {exc}")
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    leftovers = [p.name for p in wh.parent.iterdir() if ".tmp" in p.name]
    assert leftovers == []
    if expected["outcome"] == "rejected":
        assert code == 2, out + err
        assert expected["message"] in err, err
        assert any(name in err for name in names), f"the message names no case file: {err}"
        assert _sha(wh) == before, "a rejected load changed the warehouse"
        return
    assert code == 0, err
    query = _reader(wh)
    try:
        _check_loaded(query, wh, expected, names, out)
        _check_every_entry_is_accounted_for(query, case_in, wh, out)
    finally:
        query.close()


def _check_every_entry_is_accounted_for(query, case_in: Path, wh: Path, out: str) -> None:
    """Every entry of the input folder is in load_log (read) or load_skipped (why not), once,
    and the printed account names it."""
    logged = [n for (n,) in query(wh, "SELECT file_name FROM load_log WHERE load_id = 2")]
    skipped = [n for (n,) in query(wh, "SELECT entry_name FROM load_skipped WHERE load_id = 2")]
    entries = []
    for path in case_in.iterdir():
        name = display_name(path.name)
        entries.append(name + "/" if path.is_dir() and not path.is_symlink() else name)
    assert sorted(logged + skipped) == sorted(entries)
    for name in entries:
        assert name in out, f"the account does not name {name}"


def _check_loaded(query, wh: Path, expected: dict, names: list[str], out: str) -> None:
    load_id = query(wh, "SELECT max(load_id) FROM load_runs")[0][0]
    assert load_id == 2
    records = query(
        wh, "SELECT source_file, row_number, rule, column_name, message FROM quarantine"
    )
    got = {(f, r, rule, col) for f, r, rule, col, _ in records}
    want = {
        (q["file"], q["row"], q["rule"], q.get("column")) for q in expected.get("quarantine", [])
    }
    assert got == want
    for f, r, rule, _, message in records:
        assert f and r >= 2 and rule and message  # every record names file, row, rule and why
    # nothing lost: every row read of every file is either loaded or quarantined, not both
    log = query(
        wh,
        "SELECT file_name, kind, rows_read, rows_loaded, rows_quarantined FROM load_log "
        "WHERE load_id = ?",
        [load_id],
    )
    read = {name: n for name, _, n, _, _ in log}
    for name, kind, rows_read, rows_loaded, rows_quarantined in log:
        assert rows_read == rows_loaded + rows_quarantined, name
        loaded_rows = {
            r
            for (r,) in query(
                wh,
                f"SELECT source_row FROM {kind} WHERE source_file = ?",  # noqa: S608
                [name],
            )
        }
        bad_rows = {
            r
            for (r,) in query(
                wh, "SELECT DISTINCT row_number FROM quarantine WHERE source_file = ?", [name]
            )
        }
        assert len(loaded_rows) == rows_loaded, name
        assert len(bad_rows) == rows_quarantined, name
        assert not loaded_rows & bad_rows, name
    for name in names:
        if kind_of(name) is not None and name in expected.get("read", {}):
            assert name in out  # the printed summary names the file
    assert {n: read[n] for n in expected.get("read", {})} == expected.get("read", {})
    for table, count in expected.get("tables", {}).items():
        assert query(wh, f"SELECT count(*) FROM {table}")[0][0] == count, table  # noqa: S608
    for check in expected.get("query", []):
        rows = [list(r) for r in query(wh, check["sql"], check.get("params"))]
        assert rows == check["rows"], check["sql"]


def test_the_corpus_is_big_enough_and_small_on_disk() -> None:
    files = [p for p in BAD_DIR.rglob("*") if p.is_file() and p.name != "expected.toml"]
    case_files = [p for p in files if p.parent != BAD_DIR]
    assert len(case_files) >= 40
    assert len(COMMITTED) + len(GENERATED) >= 100
    assert all(p.stat().st_size < 100_000 for p in files)
    assert sum(p.stat().st_size for p in BAD_DIR.rglob("*") if p.is_file()) < 1_000_000


@pytest.mark.parametrize("case", COMMITTED)
def test_committed_case(case: str, tmp_path: Path, base, capsys) -> None:
    case_in, wh = _prepare(tmp_path, base)
    expected, names = _overlay(BAD_DIR / case, case_in)
    _run(case_in, wh, expected, names, capsys)


# The cases above run the command line's entry function (etl.cli.main) in the test process: the
# same code as `healthtech load`, without an interpreter importing pandas for each of ~165 cases.
# These few run the real `healthtech` program, for what only a process shows: its exit status and
# that nothing (a warning, a traceback) reaches the terminal beyond the message.
REAL_PROGRAM_CASES = ["binary_junk_csv", "csv_named_xlsx", "dates_in_future", "kind_misspelt"]


@pytest.mark.parametrize("case", REAL_PROGRAM_CASES)
def test_committed_case_through_the_real_program(case: str, tmp_path: Path, base) -> None:
    case_in, wh = _prepare(tmp_path, base)
    expected, names = _overlay(BAD_DIR / case, case_in)
    before = _sha(wh)
    program = Path(sys.executable).with_name("healthtech")
    result = subprocess.run(
        [str(program), "load", "--input", str(case_in), "--warehouse", str(wh)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in result.stdout + result.stderr
    if expected["outcome"] == "rejected":
        assert result.returncode == 2, result.stdout + result.stderr
        assert expected["message"] in result.stderr
        assert _sha(wh) == before
    else:
        assert result.returncode == 0, result.stderr
        assert query(wh, "SELECT max(load_id) FROM load_runs") == [(2,)]
        assert "Warning" not in result.stderr, result.stderr


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_case(case: str, tmp_path: Path, base, capsys) -> None:
    case_in, wh = _prepare(tmp_path, base)
    before = {p.name: _sha(p) for p in case_in.iterdir()}
    expected = GENERATED[case](case_in)
    # new entries by name (a pipe, a folder or a dangling link is never read); changed files
    names = sorted(
        p.name
        for p in case_in.iterdir()
        if p.name not in before or (p.is_file() and before[p.name] != _sha(p))
    )
    _run(case_in, wh, expected, names, capsys)


def test_a_million_rows_load_whole(tmp_path: Path, base, capsys) -> None:
    case_in, wh = _prepare(tmp_path, base)
    rows = GENERATOR.million_rows(case_in)
    assert rows == 1_000_000
    started = time.perf_counter()
    code = main(["load", "--input", str(case_in), "--warehouse", str(wh)])
    seconds = time.perf_counter() - started
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err, err
    assert query(wh, "SELECT count(*) FROM participations")[0][0] == 1_000_004
    assert query(wh, "SELECT count(*) FROM quarantine")[0][0] == 0
    assert query(
        wh,
        "SELECT rows_read, rows_loaded FROM load_log "
        "WHERE load_id = 2 AND file_name = 'participations_big.csv'",
    ) == [(1_000_000, 1_000_000)]
    assert query(
        wh,
        "SELECT count(DISTINCT source_row), min(source_row), max(source_row) "
        "FROM participations WHERE source_file = 'participations_big.csv'",
    ) == [(1_000_000, 2, 1_000_001)]
    assert seconds < 120, f"a million rows took {seconds:.0f} s"
