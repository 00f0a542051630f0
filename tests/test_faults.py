"""Faults during a load: SIGKILL at random moments, concurrent readers, full or read-only disks."""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.load import load_warehouse
from tests.conftest import ROOT, SAMPLE_DIR
from tests.loadkit import VALID_SET, query, write_valid_set

KILL_RUNS = 20


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _forkserver() -> multiprocessing.context.ForkServerContext:
    """Processes forked from one server process that has already imported the load and the KPIs.

    A load started as `python -m etl load` spends most of its life importing pandas, pandera and
    duckdb (seconds on a busy machine); a child of this server is the same separate process,
    killed or run for real, but starts at the load itself. The server is started once per test
    process, on first use.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["etl.cli", "etl.load", "warehouse.kpi", "tests.test_faults"])
    return context


def _cli_in_child(argv: list[str], log: str) -> None:
    """Run the `healthtech` command line in this (forked) process, as `python -m etl` does."""
    from etl.cli import main

    with open(log, "w") as out:  # noqa: PTH123 - a plain file for the two descriptors
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)
    sys.stdout = open(1, "w", closefd=False)  # noqa: PTH123, SIM115
    sys.stderr = open(2, "w", closefd=False)  # noqa: PTH123, SIM115
    code = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _output(log: Path) -> str:
    """What a load in a child wrote, for an assertion message."""
    return log.read_text() if log.exists() else f"(the child never opened {log})"


def _start_load(context, input_dir: Path, warehouse: Path, log: Path):
    """Start `healthtech load` in a child of the fork server; returns the started process."""
    argv = _load_command(input_dir, warehouse)[3:]
    process = context.Process(target=_cli_in_child, args=(argv, str(log)))
    process.start()
    return process


def _load_command(input_dir: Path, warehouse: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "etl",
        "load",
        "--input",
        str(input_dir),
        "--warehouse",
        str(warehouse),
    ]


def test_sigkill_at_random_moments_never_breaks_the_live_warehouse(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh" / "healthtech.duckdb"
    assert load_warehouse(SAMPLE_DIR, warehouse).exit_code == 0
    context = _forkserver()
    log = tmp_path / "load.log"
    # each load is a real process of its own, killed with a real SIGKILL; forked from a server
    # that has imported the load, so the random kill moments fall inside the load itself and
    # not (mostly) in the interpreter importing pandas as with `python -m etl load`
    for _warm_up in range(2):  # the first start waits for the server to import
        start = time.perf_counter()
        process = _start_load(context, SAMPLE_DIR, warehouse, log)
        process.join()
        assert process.exitcode == 0, _output(log)
        duration = time.perf_counter() - start
    rng = random.Random(20191)  # the kill moments are random but the same on every run
    outcomes = {"unchanged": 0, "replaced": 0}
    for _ in range(KILL_RUNS):
        before_sha = _sha(warehouse)
        before_id = query(warehouse, "SELECT max(load_id) FROM load_runs")[0][0]
        process = _start_load(context, SAMPLE_DIR, warehouse, log)
        time.sleep(rng.uniform(0.0, duration * 1.1))
        process.kill()  # SIGKILL; nothing to kill if the load had already finished
        process.join()
        # the live file is always a readable warehouse: the old one, byte for byte, or the new
        # one that the killed load had finished and swapped in just before the kill
        if _sha(warehouse) == before_sha:
            outcomes["unchanged"] += 1
        else:
            assert query(warehouse, "SELECT max(load_id) FROM load_runs")[0][0] == before_id + 1
            outcomes["replaced"] += 1
        assert query(warehouse, "SELECT count(*) FROM activities")[0][0] == 500
    assert outcomes["unchanged"] > 0, outcomes  # most kills land before the swap
    result = load_warehouse(SAMPLE_DIR, warehouse)
    assert result.exit_code == 0
    leftovers = [p.name for p in warehouse.parent.iterdir() if ".tmp" in p.name]
    assert leftovers == []


# --- readers during loads ----------------------------------------------------------------------


def _two_inputs(tmp_path: Path) -> tuple[Path, Path]:
    """Two input sets whose KPI tables differ: B has one more completed 2020 activity."""
    a = write_valid_set(tmp_path / "a")
    extra = dict(VALID_SET["activities"][0], activity_id="A3", partner_clusters="")
    b = write_valid_set(tmp_path / "b", {"activities": {2: extra}})
    return a, b


def _read_kpis(warehouse: Path) -> tuple:
    from warehouse.kpi import kpi_table

    frame = kpi_table(2020, by="national", as_of=date(2020, 12, 31), warehouse=warehouse)
    rows = frame.sort_values("kpi_id")[["kpi_id", "actual"]].itertuples(index=False)
    # plain tuples (picklable), and None for no value, since NaN never equals itself
    return tuple((k, None if a != a else float(a)) for k, a in rows)


def test_readers_in_threads_and_processes_never_fail_or_see_a_mix(tmp_path: Path) -> None:
    a, b = _two_inputs(tmp_path)
    warehouse = tmp_path / "wh" / "healthtech.duckdb"
    assert load_warehouse(b, warehouse).exit_code == 0
    expected_b = _read_kpis(warehouse)
    assert load_warehouse(a, warehouse).exit_code == 0
    expected_a = _read_kpis(warehouse)
    assert expected_a != expected_b
    expected = [expected_a, expected_b]

    # reader processes and loads are separate processes forked from a server that has imported
    # the load and the KPIs (_forkserver), so none of them spends its time importing pandas
    context = _forkserver()
    queue = context.Queue()
    stop_file = tmp_path / "stop"
    first_reads = [context.Event() for _ in range(2)]

    def thread_reader(first_read: threading.Event) -> None:
        errors, reads = [], 0
        while not stop_file.exists():
            try:
                table = _read_kpis(warehouse)
                reads += 1
                if table not in expected:
                    errors.append(f"a mix of two loads: {table}")
            except Exception as exc:
                errors.append(repr(exc))
            first_read.set()
            time.sleep(0.01)  # leave the two cores some room for the loads
        thread_results.append((reads, errors))

    thread_results: list = []
    thread_first_reads = [threading.Event() for _ in range(3)]
    threads = [threading.Thread(target=thread_reader, args=(e,)) for e in thread_first_reads]
    for t in threads:
        t.start()
    procs = [
        context.Process(
            target=_process_reader,
            args=(str(warehouse), expected, str(stop_file), queue, first_read),
        )
        for first_read in first_reads
    ]
    for p in procs:
        p.start()
    try:
        # every reader is reading before the first load starts (instead of a fixed sleep)
        for first_read in [*thread_first_reads, *first_reads]:
            assert first_read.wait(timeout=120), "a reader never read"
        for i in range(10):  # ten loads back to back, alternating the two inputs
            log = tmp_path / f"load_{i}.log"
            load = _start_load(context, b if i % 2 == 0 else a, warehouse, log)
            load.join(timeout=300)
            assert load.exitcode == 0, _output(log)
    finally:
        stop_file.write_text("stop")
        for t in threads:
            t.join(timeout=60)
        proc_results = [queue.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
    all_results = thread_results + [(r, e) for r, e, _ in proc_results]
    assert all(errors == [] for _, errors in all_results), all_results
    assert all(reads > 0 for reads, _ in all_results), all_results
    assert query(warehouse, "SELECT count(*) FROM load_runs")[0][0] == 12


def _process_reader(
    warehouse: str, expected: list[tuple], stop_file: str, queue, first_read
) -> None:
    errors, reads = [], 0
    while not os.path.exists(stop_file):
        try:
            table = _read_kpis(Path(warehouse))
            reads += 1
            if table not in expected:
                errors.append(f"a mix of two loads: {table}")
        except Exception as exc:
            errors.append(repr(exc))
        first_read.set()
        time.sleep(0.01)
    queue.put((reads, errors, []))


# --- full disk, read-only target ---------------------------------------------------------------


@contextlib.contextmanager
def _tiny_filesystem(path: Path, size: str):
    """Mount a small tmpfs at `path` when the machine allows it; yield whether it did."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_a_full_disk_gives_a_clear_message_and_keeps_the_old_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from etl.cli import main

    folder = write_valid_set(tmp_path / "in")
    with _tiny_filesystem(tmp_path / "disk", "64m") as mounted:
        warehouse = tmp_path / "disk" / "healthtech.duckdb"
        assert load_warehouse(folder, warehouse).exit_code == 0
        before = _sha(warehouse)
        if mounted:
            # fill what is left of the real (tiny) file system
            with (tmp_path / "disk" / "filler").open("wb") as fh, contextlib.suppress(OSError):
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            (folder / "outcomes_extra.csv").write_text(
                "org_id,year,new_knowledge,new_product,new_collaboration\nO3,2020,1,1,1\n"
            )
        else:  # no mount allowed here: inject the same OS error where the build writes

            def no_space(*args, **kwargs):
                raise OSError(28, "No space left on device")

            monkeypatch.setattr("etl.load.build_warehouse", no_space)
        code = main(["load", "--input", str(folder), "--warehouse", str(warehouse)])
        err = capsys.readouterr().err
        assert code == 2
        assert "No space left on device" in err and "Traceback" not in err
        assert _sha(warehouse) == before
        assert [p.name for p in warehouse.parent.iterdir() if ".tmp" in p.name] == []


def test_a_read_only_target_directory_gives_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from etl.cli import main

    folder = write_valid_set(tmp_path / "in")
    with _tiny_filesystem(tmp_path / "ro", "64m") as mounted:
        warehouse = tmp_path / "ro" / "healthtech.duckdb"
        assert load_warehouse(folder, warehouse).exit_code == 0
        before = _sha(warehouse)
        if mounted:
            remounted = subprocess.run(
                ["mount", "-o", "remount,ro", str(tmp_path / "ro")], capture_output=True
            )
            assert remounted.returncode == 0, remounted.stderr
        else:
            real_open = Path.open

            def read_only_open(self, mode="r", *args, **kwargs):
                if self.parent == warehouse.parent and any(m in mode for m in "wa+"):
                    raise OSError(30, "Read-only file system", str(self))
                return real_open(self, mode, *args, **kwargs)

            monkeypatch.setattr(Path, "open", read_only_open)
        code = main(["load", "--input", str(folder), "--warehouse", str(warehouse)])
        err = capsys.readouterr().err
        assert code == 2
        assert "Read-only file system" in err and str(warehouse.parent) in err
        assert "Traceback" not in err
        assert _sha(warehouse) == before


def test_the_dashboard_connection_cannot_read_other_files(tmp_path: Path) -> None:
    from warehouse.db import connect_read_only

    warehouse = tmp_path / "w.duckdb"
    load_warehouse(write_valid_set(tmp_path / "in"), warehouse)
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    with connect_read_only(warehouse) as con:
        with pytest.raises(duckdb.Error):
            con.execute("SELECT * FROM read_csv(?)", [str(secret)]).fetchall()
        with pytest.raises(duckdb.Error):
            con.execute("CREATE TABLE x AS SELECT 1")
    shutil.rmtree(tmp_path / "in")


# --- another program holds the warehouse open for writing ------------------------------------

_HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])  # read-write, as the duckdb shell opens a file
con.execute("SELECT count(*) FROM load_runs").fetchall()
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold_for_writing(warehouse: Path, seconds: float) -> subprocess.Popen:
    """Start a real second process that opens the warehouse read-write and keeps it open."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(warehouse), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_warehouse_held_open_for_writing_rejects_the_load_and_keeps_the_history(
    tmp_path: Path, capsys
) -> None:
    from etl.cli import main

    folder = write_valid_set(tmp_path / "in")
    warehouse = tmp_path / "wh" / "healthtech.duckdb"
    assert load_warehouse(folder, warehouse).exit_code == 0
    assert load_warehouse(folder, warehouse).exit_code == 0
    before = _sha(warehouse)
    # the holder is a real second process; the load is the command line's entry function, run
    # here (a fresh interpreter for it would only add the import of pandas)
    holder = _hold_for_writing(warehouse, 60)
    try:
        capsys.readouterr()
        code = main(["load", "--input", str(folder), "--warehouse", str(warehouse), "--wait", "1"])
        out, err = capsys.readouterr()
    finally:
        holder.kill()
        holder.wait()
    assert code == 2, out + err
    assert "is open for writing by another program" in err
    assert f"(PID {holder.pid})" in err
    assert "Traceback" not in out + err
    assert _sha(warehouse) == before  # nothing replaced: the history and load ids are intact
    assert query(warehouse, "SELECT load_id FROM load_runs ORDER BY 1") == [(1,), (2,)]
    assert [p.name for p in warehouse.parent.iterdir() if ".tmp" in p.name] == []
    # once the other program lets go, the next load goes on with the next id
    assert load_warehouse(folder, warehouse).load_id == 3


def test_a_load_waits_for_a_writer_that_lets_go_in_time(tmp_path: Path) -> None:
    folder = write_valid_set(tmp_path / "in")
    warehouse = tmp_path / "wh" / "healthtech.duckdb"
    assert load_warehouse(folder, warehouse).exit_code == 0
    holder = _hold_for_writing(warehouse, 1.5)
    try:
        result = load_warehouse(folder, warehouse, lock_wait=60)
    finally:
        holder.wait(timeout=60)
    assert result.status == "loaded", result.message
    assert query(warehouse, "SELECT load_id FROM load_runs ORDER BY 1") == [(1,), (2,)]


def test_while_a_load_runs_no_other_program_can_open_the_warehouse_for_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load holds the live warehouse open read-only until the swap, so its history cannot
    change between being read and being carried over."""
    import etl.load as load_module

    folder = write_valid_set(tmp_path / "in")
    warehouse = tmp_path / "wh" / "healthtech.duckdb"
    assert load_warehouse(folder, warehouse).exit_code == 0
    attempts = []
    real_build = load_module.build_warehouse

    def build_and_try_a_writer(*args, **kwargs):
        attempt = subprocess.run(
            [
                sys.executable,
                "-c",
                "import duckdb, sys; duckdb.connect(sys.argv[1])",
                str(warehouse),
            ],
            capture_output=True,
            text=True,
        )
        attempts.append(attempt)
        reader = subprocess.run(
            [
                sys.executable,
                "-c",
                "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
                "print(c.execute('SELECT max(load_id) FROM load_runs').fetchone()[0])",
                str(warehouse),
            ],
            capture_output=True,
            text=True,
        )
        attempts.append(reader)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(load_module, "build_warehouse", build_and_try_a_writer)
    assert load_warehouse(folder, warehouse).load_id == 2
    writer, reader = attempts
    assert writer.returncode != 0 and "Could not set lock" in writer.stderr
    assert reader.returncode == 0 and reader.stdout.strip() == "1"  # readers are welcome


# --- files the load may not read or write ----------------------------------------------------


def _without_permission_override() -> list[str]:
    """A prefix that runs a command without the power to ignore file permissions.

    Root reads a file of mode 000 anyway, so as root the load runs under setpriv without the
    capabilities that allow that; as another user, permissions apply as they are.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def _load_without_override(folder: Path, warehouse: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*_without_permission_override(), *_load_command(folder, warehouse)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("what", ["input file", "input folder", "archive folder"])
def test_a_permission_fault_names_what_cannot_be_read_or_written(tmp_path: Path, what: str) -> None:
    folder = write_valid_set(tmp_path / "in")
    warehouse = tmp_path / "wh" / "healthtech.duckdb"
    assert load_warehouse(folder, warehouse).exit_code == 0
    before = _sha(warehouse)
    (folder / "targets_2021.csv").write_text("kpi_id,year,scope,target\nG2.activities,2021,ALL,9\n")
    locked = {
        "input file": folder / "targets_2021.csv",
        "input folder": folder,
        "archive folder": warehouse.parent / "archive",
    }[what]
    mode = 0o000 if what != "archive folder" else 0o555
    locked.chmod(mode)
    try:
        result = _load_without_override(folder, warehouse)
    finally:
        locked.chmod(0o755)
    expected = {
        "input file": "targets_2021.csv cannot be read: Permission denied (an input file, not the "
        "warehouse)",
        "input folder": f"the input folder {folder} cannot be listed (Permission denied)",
        "archive folder": f"the archive folder {locked} cannot be written (Permission denied)",
    }[what]
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr
    assert "the warehouse could not be written" not in result.stderr
    assert "Traceback" not in result.stderr
    assert _sha(warehouse) == before
