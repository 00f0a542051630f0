"""A mutation worker: runs pytest against one mutant at a time in its own scratch copy.

Started by tests/mutation/run.py as a script (`python worker.py SCRATCH`), never imported by the
project: it imports the heavy third-party packages once, then for every job (one JSON line on
stdin) writes the mutated file into the scratch copy, forks a child that runs pytest there and
answers with one JSON line. The child starts with pandas, DuckDB, Pandera and pytest already
imported but none of the project's modules, so it imports the mutated code afresh; bytecode is
never written, so a mutant of the same size and second as the original cannot hide behind a
stale .pyc. The original file is put back after every job.

The child can serve loads of unchanged input folders from a cache of earlier builds
(`cache_dir`): the runner asks for it only for mutants in files that a load never reads (KPI SQL
is read at query time), where a fresh build would give the same warehouse.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import re
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

# A failure whose message names one of these is the mutant's SQL failing to bind or parse:
# the mutant is invalid (killed trivially), not killed by what a test asserts.
INVALID_SQL = re.compile(r"(Parser|Binder|Catalog)(Exception| Error)")
PRELOAD = (
    "numpy",
    "pandas",
    "pyarrow",
    "pyarrow.compute",
    "duckdb",
    "pandera.pandas",
    "pytest",
    "hypothesis",
)


def preload() -> None:
    """Import the heavy packages and pytest's plugins once, before any fork."""
    from importlib.metadata import entry_points

    for name in PRELOAD:
        __import__(name)
    for entry in entry_points(group="pytest11"):
        if not entry.value.startswith("xdist"):
            try:
                __import__(entry.value.split(":")[0])
            except Exception:  # noqa: BLE001 - a broken plugin is pytest's to report
                pass


class ChildPlugin:
    """The pytest plugin of one mutant run: first failure, collection errors, load cache."""

    def __init__(self, job: dict, scratch: Path) -> None:
        self.job = job
        self.scratch = scratch
        self.first_failure: dict | None = None
        self.collect_error: str | None = None

    def pytest_configure(self, config) -> None:
        if self.job.get("cache_dir"):
            install_load_cache(Path(self.job["cache_dir"]))

    def pytest_collectreport(self, report) -> None:
        if report.failed and self.collect_error is None:
            self.collect_error = f"{report.nodeid}: {str(report.longrepr)[-3000:]}"

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed and self.first_failure is None:
            crash = getattr(report.longrepr, "reprcrash", None)
            message = crash.message if crash is not None else str(report.longrepr)[-2000:]
            self.first_failure = {"test": report.nodeid, "message": message[:2000]}

    def result(self) -> dict:
        return {"first_failure": self.first_failure, "collect_error": self.collect_error}


def _input_key(input_dir: Path, strict: bool, rate_cap: float | None) -> str:
    digest = hashlib.sha256(repr((strict, rate_cap)).encode())
    for path in sorted(Path(input_dir).iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def install_load_cache(cache_dir: Path) -> None:
    """Serve etl.load.load_warehouse of a fresh target from a build of the same input folder.

    Only a load into a target that does not exist yet is cached or served (a load beside an
    earlier warehouse keeps its history, so it is always run); only `loaded` results are kept.
    """
    import etl.load as load

    real = load.load_warehouse

    def cached_load(input_dir, warehouse=None, *, strict=False, rate_cap=None):
        target = load.warehouse_path(warehouse).resolve()
        if target.exists() or not Path(input_dir).is_dir():
            return real(input_dir, warehouse, strict=strict, rate_cap=rate_cap)
        entry = cache_dir / _input_key(Path(input_dir), strict, rate_cap)
        if (entry / "result.pickle").exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry / "warehouse.duckdb", target)
            result = pickle.loads((entry / "result.pickle").read_bytes())
            return dataclasses.replace(result, warehouse=target)
        result = real(input_dir, warehouse, strict=strict, rate_cap=rate_cap)
        if result.status == "loaded" and target.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=cache_dir))
            shutil.copyfile(target, staging / "warehouse.duckdb")
            (staging / "result.pickle").write_bytes(pickle.dumps(result))
            try:
                staging.rename(entry)
            except OSError:  # another worker cached the same folder first
                shutil.rmtree(staging, ignore_errors=True)
        return result

    load.load_warehouse = cached_load


def probe(scratch: Path, input_dir: Path, out: Path) -> dict:
    """Load `input_dir` once; return the SQL files it opens and the functions it calls."""
    import etl.load as load

    sql_root = str(scratch / "warehouse" / "sql") + os.sep
    root = str(scratch) + os.sep
    opened: set[str] = set()
    called: set[str] = set()
    active = threading.Event()

    def audit(event: str, args: tuple) -> None:
        if event == "open" and active.is_set() and isinstance(args[0], str | bytes | os.PathLike):
            path = os.path.abspath(os.fsdecode(args[0]))
            if path.startswith(sql_root):
                opened.add(os.path.relpath(path, scratch).replace(os.sep, "/"))

    def profile(frame, event: str, arg) -> None:
        if event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(root):
                called.add(
                    os.path.relpath(filename, scratch).replace(os.sep, "/")
                    + "::"
                    + frame.f_code.co_qualname
                )

    sys.addaudithook(audit)
    active.set()
    threading.setprofile(profile)
    sys.setprofile(profile)
    try:
        result = load.load_warehouse(input_dir, out)
    finally:
        sys.setprofile(None)
        threading.setprofile(None)
        active.clear()
    return {"status": result.status, "sql": sorted(opened), "functions": sorted(called)}


def child(job: dict, scratch: Path) -> int:
    """Run in the forked child: pytest on the scratch copy (or the probe); returns exit code."""
    os.setpgid(0, 0)
    log = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.chdir(scratch)
    if job.get("probe"):
        found = probe(scratch, scratch / job["probe"], Path(job["result"]).with_suffix(".duckdb"))
        Path(job["result"]).write_text(json.dumps(found))
        return 0
    import pytest

    plugin = ChildPlugin(job, scratch)
    args = [
        *job["tests"],
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "-o",
        "addopts=",
        "--basetemp",
        str(Path(job["log"]).with_suffix(".tmp")),
    ]
    code = int(pytest.main(args, plugins=[plugin]))
    Path(job["result"]).write_text(json.dumps({"exit": code, **plugin.result()}))
    return code


# the process group of the child running now, so that a stopped worker can end it too
_running: list[int] = []


def _stop(signum, frame) -> None:
    """SIGTERM/SIGINT: end the running child's process group, then leave (files are restored)."""
    for pid in _running:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    raise SystemExit(128 + signum)


def run_job(job: dict, scratch: Path) -> dict:
    """Write the mutant, run the child with a timeout, put the original back."""
    target = scratch / job["path"] if job.get("path") else None
    original = target.read_bytes() if target is not None else None
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        if target is not None and job.get("text") is not None:
            target.write_text(job["text"], encoding="utf-8")
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 99
            try:
                code = child(job, scratch)
            except BaseException as exc:  # noqa: BLE001 - the child must always exit
                print(f"worker child failed: {exc!r}", file=sys.stderr)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _running[:] = [pid]
        deadline = started + float(job["timeout"])
        timed_out = False
        status = 0
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                timed_out = True
                os.killpg(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
                break
            time.sleep(0.02)
        try:
            os.killpg(pid, signal.SIGKILL)  # anything the tests left running
        except ProcessLookupError:
            pass
        _running.clear()
    finally:
        if target is not None:
            target.write_bytes(original)
        shutil.rmtree(Path(job["log"]).with_suffix(".tmp"), ignore_errors=True)
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    details: dict = {}
    result_file = Path(job["result"])
    if result_file.exists():
        details = json.loads(result_file.read_text())
        result_file.unlink()
    exit_code = os.waitstatus_to_exitcode(status) if not timed_out else None
    return {
        "id": job["id"],
        "timed_out": timed_out,
        "exit": exit_code,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        **details,
    }


def main() -> None:
    scratch = Path(sys.argv[1]).resolve()
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # stray prints of imported packages must not mix with the answers
    sys.dont_write_bytecode = True
    sys.path[:] = [str(scratch), *[p for p in sys.path[1:] if p]]
    os.chdir(scratch)
    preload()
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(json.dumps({"ready": True}), file=answers)
    for line in sys.stdin:
        job = json.loads(line)
        try:
            answer = run_job(job, scratch)
        except Exception as exc:  # noqa: BLE001 - report, keep serving
            answer = {"id": job.get("id"), "worker_error": repr(exc)}
        print(json.dumps(answer), file=answers)


if __name__ == "__main__":
    main()
