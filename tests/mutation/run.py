"""Mutation run of the rules: `python -m tests.mutation [--family NAME] [--workers N]`.

For every rule family (tests/mutation/families.py) it generates the mutants, runs the family's
tests unmutated once (the baseline: they must pass), then runs them against each mutant in a
scratch copy of the repository, stopping at the first failure. It writes
tests/artifacts/mutation/report.md and results.json and prints the score by family.

Outcomes: killed (a test failed), survived (every test passed), timeout (slower than the
family's limit, 4 x its baseline + 2 min: counted as killed), invalid (the mutant's SQL does not
bind or parse, or the mutated module cannot be imported: killed trivially, reported apart and
left out of the score), equivalent (listed in tests/mutation/equivalent.toml with the reason:
not run, left out of the score) and error (the run itself went wrong: must be none).

Score = (killed + timeout) / (killed + timeout + survived). Exit 0 if every family reaches
--fail-under (default 95 %) with no errors, 1 if not, 2 if the run could not start.
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib.util
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EQUIVALENT_FILE = Path(__file__).with_name("equivalent.toml")
DEFAULT_OUT = ROOT / "tests" / "artifacts" / "mutation"
# what the run needs beyond the project's own dependencies, with the version it was built with
NEEDED = {"sqlglot": "sqlglot>=30.30", "pytest": "pytest>=8"}
PROBE_INPUT = "tests/data/kpi_fixture"


def check_dependencies() -> str | None:
    """A message naming what is missing, or None."""
    missing = [spec for name, spec in NEEDED.items() if importlib.util.find_spec(name) is None]
    if not missing:
        return None
    return (
        f"the mutation run needs {', '.join(missing)}, which is not installed in this "
        f"environment ({sys.executable}). Install it with: uv pip install "
        + " ".join(f"'{m}'" for m in missing)
        + " (or add it to the dev dependency group and run uv sync)."
    )


@dataclass
class Outcome:
    """The result of one mutant."""

    mutant_id: str
    family: str
    status: str  # killed | survived | timeout | invalid | equivalent | error
    seconds: float = 0.0
    test: str = ""
    message: str = ""
    cpu_seconds: float = 0.0


@dataclass
class FamilyReport:
    name: str
    title: str
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    baseline_seconds: float = 0.0
    baseline_cpu_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def cpu_seconds(self) -> float:
        """CPU time of the family's test runs (baseline and mutants), whatever the machine load."""
        return self.baseline_cpu_seconds + sum(o.cpu_seconds for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def score(self) -> float | None:
        killed = self.count("killed") + self.count("timeout")
        judged = killed + self.count("survived")
        return None if judged == 0 else 100.0 * killed / judged


class Worker:
    """One worker process (tests/mutation/worker.py) with its own scratch copy."""

    def __init__(self, scratch: Path) -> None:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("PYTEST_ADDOPTS", None)
        env.pop("PYTEST_XDIST_WORKER", None)
        self.process = subprocess.Popen(
            [sys.executable, str(scratch / "tests" / "mutation" / "worker.py"), str(scratch)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(scratch.parent / f"{scratch.name}.stderr.log", "w"),  # noqa: SIM115
            text=True,
            env=env,
            cwd=scratch,
        )
        ready = self.process.stdout.readline()
        if not ready:
            raise RuntimeError(f"the worker in {scratch} did not start (see its stderr.log)")

    def run(self, job: dict) -> dict:
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("a mutation worker stopped unexpectedly")
        return json.loads(line)

    def close(self, now: bool = False) -> None:
        """Let the worker finish and leave; `now`: stop it and the mutant it runs."""
        if self.process.poll() is not None:
            return
        if now:
            self.process.terminate()  # the worker ends its child and restores the file
        else:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def repository_files(root: Path) -> list[str]:
    """The files of the working tree (tracked and untracked, not ignored)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
        return [p for p in out.decode().split("\0") if p and (root / p).is_file()]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", ".tools", "__pycache__", ".pytest_cache", ".ruff_cache"}
        return [
            str(p.relative_to(root))
            for p in root.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(root).parts)
        ]


def make_scratch(root: Path, base: Path, name: str) -> Path:
    scratch = base / name
    for rel in repository_files(root):
        if rel.startswith("tests/artifacts/"):
            continue
        target = scratch / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    return scratch


def generate(families, root: Path) -> tuple[dict[str, list], dict[str, list[str]]]:
    """{family: mutants}, {family: notes} for the chosen families."""
    from tests.mutation.py_mutants import py_mutants
    from tests.mutation.sql_mutants import sql_mutants

    mutants: dict[str, list] = {}
    notes: dict[str, list[str]] = {}
    for family in families:
        found, family_notes = [], []
        for path in family.sql_files(root):
            rel = path.relative_to(root).as_posix()
            made, rejected = sql_mutants(family.name, rel, path.read_text(encoding="utf-8"))
            found.extend(made)
            family_notes.extend(rejected)
        for rel, names in family.python.items():
            path = root / rel
            if not path.exists():
                family_notes.append(f"{rel} does not exist: its targets were not mutated")
                continue
            text = path.read_text(encoding="utf-8")
            for name in names:
                try:
                    found.extend(py_mutants(family.name, rel, text, [name]))
                except KeyError:
                    family_notes.append(f"{rel}::{name} was not found: not mutated")
        mutants[family.name] = found
        notes[family.name] = family_notes
    return mutants, notes


def load_equivalents() -> dict[str, str]:
    if not EQUIVALENT_FILE.exists():
        return {}
    data = tomllib.loads(EQUIVALENT_FILE.read_text(encoding="utf-8"))
    return {e["id"]: e["reason"] for e in data.get("equivalent", [])}


def classify(answer: dict) -> tuple[str, str, str]:
    """(status, first failing test, message) of a worker's answer."""
    if "worker_error" in answer:
        return "error", "", answer["worker_error"]
    if answer.get("timed_out"):
        return "timeout", "", ""
    failure = answer.get("first_failure") or {}
    test, message = failure.get("test", ""), failure.get("message", "")
    code = answer.get("exit")
    if code == 0:
        return "survived", "", ""
    if code == 1:
        from tests.mutation.worker import INVALID_SQL

        return ("invalid" if INVALID_SQL.search(message) else "killed"), test, message
    if code == 2 and answer.get("collect_error"):
        return "invalid", "", answer["collect_error"]
    return "error", test, f"exit {code}: {message or answer.get('collect_error') or ''}"


def load_time_targets(worker: Worker, run_dir: Path) -> set[str]:
    """SQL files and Python functions that a load reads or calls (the probe)."""
    job = {
        "id": "probe",
        "probe": PROBE_INPUT,
        "timeout": 600,
        "log": str(run_dir / "logs" / "probe.log"),
        "result": str(run_dir / "probe.json"),
    }
    answer = worker.run(job)
    if answer.get("exit") != 0 or answer.get("status") != "loaded":
        raise RuntimeError(f"the load probe failed: {answer} (see {job['log']})")
    return set(answer["sql"]) | set(answer["functions"])


def needs_fresh_load(mutant, load_time: set[str]) -> bool:
    """True if the load reads the mutated file or calls the mutated function."""
    if mutant.path.startswith("etl/"):
        return True
    if mutant.path.endswith(".sql"):
        return mutant.path in load_time
    return any(t.startswith(mutant.path + "::") for t in load_time)


def run_family(
    family,
    mutants: list,
    workers: list[Worker],
    run_dir: Path,
    load_time: set[str],
    equivalents: dict[str, str],
    progress,
    skip_baseline: bool = False,
    without: tuple[str, ...] = (),
) -> FamilyReport:
    report = FamilyReport(family.name, family.title)
    tests, missing = family.test_args(ROOT)
    if without:
        tests = [t for t in tests if not any(fnmatch.fnmatch(t, w) for w in without)]
        report.notes.append(f"run without the tests matching {', '.join(without)}")
    if missing:
        report.notes.append(f"test patterns that matched nothing: {', '.join(missing)}")
    if not mutants:
        return report
    if not tests:
        raise RuntimeError(f"family {family.name} has mutants but no tests")
    cache_dir = str(run_dir / "load-cache")
    # the baseline shares warehouses only if no mutant of the family needs fresh loads (a cached
    # load skips what only a real load does, such as archiving the input files)
    cacheable = not any(needs_fresh_load(m, load_time) for m in mutants)
    started = time.monotonic()
    if skip_baseline:
        report.notes.append("no baseline run (--skip-baseline): timeout 600 s per mutant")
        baseline = {"exit": 0, "seconds": 190.0, "cpu_seconds": 0.0}
    else:
        baseline = workers[0].run(
            {
                "id": f"{family.name}:baseline",
                "tests": tests,
                "timeout": 1800,
                "cache_dir": cache_dir if cacheable else None,
                "log": str(run_dir / "logs" / f"{family.name}.baseline.log"),
                "result": str(run_dir / f"{family.name}.baseline.json"),
            }
        )
    if baseline.get("exit") != 0:
        raise RuntimeError(
            f"the tests of family {family.name} fail without any mutant: {baseline} "
            f"(see {run_dir / 'logs' / (family.name + '.baseline.log')})"
        )
    report.baseline_seconds = baseline["seconds"]
    report.baseline_cpu_seconds = baseline.get("cpu_seconds", 0.0)
    # generous: a survivor runs every test of the family, and the machine may be busy
    timeout = 4 * baseline["seconds"] + 120
    jobs: queue.Queue = queue.Queue()
    by_id = {}
    for m in mutants:
        if m.id in equivalents:
            report.outcomes.append(Outcome(m.id, family.name, "equivalent"))
            continue
        by_id[m.id] = m
        safe = m.id.replace("/", "_").replace(":", "_")
        jobs.put(
            {
                "id": m.id,
                "path": m.path,
                "text": m.text,
                "tests": tests,
                "timeout": timeout,
                "cache_dir": None if needs_fresh_load(m, load_time) else cache_dir,
                "log": str(run_dir / "logs" / f"{safe}.log"),
                "result": str(run_dir / f"{safe}.json"),
            }
        )
    lock = threading.Lock()
    total = jobs.qsize()

    def serve(worker: Worker) -> None:
        while True:
            try:
                job = jobs.get_nowait()
            except queue.Empty:
                return
            try:
                answer = worker.run(job)
            except Exception as exc:  # noqa: BLE001 - recorded as an error of the run
                answer = {"id": job["id"], "worker_error": repr(exc)}
            status, test, message = classify(answer)
            outcome = Outcome(
                job["id"],
                family.name,
                status,
                answer.get("seconds", 0.0),
                test,
                message,
                answer.get("cpu_seconds", 0.0),
            )
            with lock:
                report.outcomes.append(outcome)
                done = sum(1 for o in report.outcomes if o.status != "equivalent")
                progress(family.name, done, total, outcome)

    threads = [threading.Thread(target=serve, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report.seconds = time.monotonic() - started
    order = {m.id: i for i, m in enumerate(mutants)}
    report.outcomes.sort(key=lambda o: order.get(o.mutant_id, 0))
    return report


def write_report(
    reports: list[FamilyReport],
    mutants: dict,
    out: Path,
    wall: float,
    load: tuple[tuple[float, ...], tuple[float, ...]],
) -> str:
    """Write report.md and results.json; return the summary table (markdown)."""
    by_id = {m.id: m for ms in mutants.values() for m in ms}
    lines = [
        "| family | mutants | killed | timeout | survived | invalid | equivalent | error "
        "| score | run time | CPU time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in reports:
        score = "—" if r.score is None else f"{r.score:.1f} %"
        lines.append(
            f"| {r.name} | {len(r.outcomes)} | {r.count('killed')} | {r.count('timeout')} "
            f"| {r.count('survived')} | {r.count('invalid')} | {r.count('equivalent')} "
            f"| {r.count('error')} | {score} | {r.seconds / 60:.1f} min "
            f"| {r.cpu_seconds / 60:.1f} min |"
        )
    killed = sum(r.count("killed") + r.count("timeout") for r in reports)
    judged = killed + sum(r.count("survived") for r in reports)
    total_score = "—" if judged == 0 else f"{100.0 * killed / judged:.1f} %"
    lines.append(
        f"| **all** | {sum(len(r.outcomes) for r in reports)} "
        f"| {sum(r.count('killed') for r in reports)} "
        f"| {sum(r.count('timeout') for r in reports)} "
        f"| {sum(r.count('survived') for r in reports)} "
        f"| {sum(r.count('invalid') for r in reports)} "
        f"| {sum(r.count('equivalent') for r in reports)} "
        f"| {sum(r.count('error') for r in reports)} | {total_score} | {wall / 60:.1f} min "
        f"| {sum(r.cpu_seconds for r in reports) / 60:.1f} min |"
    )
    table = "\n".join(lines)
    body = [
        "# Mutation run",
        "",
        table,
        "",
        f"Machine: {os.cpu_count()} cores; load average (1, 5, 15 min) "
        f"{' / '.join(f'{x:.1f}' for x in load[0])} at the start, "
        f"{' / '.join(f'{x:.1f}' for x in load[1])} at the end. CPU time is the tests' own "
        "(baseline and mutants), which other work on the machine does not inflate.",
        "",
    ]
    for r in reports:
        body += [f"## {r.name}: {r.title}", ""]
        body += [f"- note: {n}" for n in r.notes]
        body.append(
            f"- baseline (unmutated) {r.baseline_seconds:.1f} s "
            f"({r.baseline_cpu_seconds:.1f} s CPU)"
        )
        for status in ("survived", "error", "timeout", "invalid"):
            chosen = [o for o in r.outcomes if o.status == status]
            if not chosen:
                continue
            body += ["", f"### {status} ({len(chosen)})", ""]
            for o in chosen:
                m = by_id.get(o.mutant_id)
                body.append(f"- `{o.mutant_id}`: {m.description if m else ''}")
                if o.message:
                    body.append(f"  - {o.message.splitlines()[0][:300]}")
                if m is not None and status in ("survived", "error"):
                    body += ["", "```diff", m.diff(), "```", ""]
        body.append("")
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text("\n".join(body), encoding="utf-8")
    records = [
        {
            **o.__dict__,
            "description": by_id[o.mutant_id].description if o.mutant_id in by_id else "",
            "path": by_id[o.mutant_id].path if o.mutant_id in by_id else "",
            "line": by_id[o.mutant_id].line if o.mutant_id in by_id else 0,
        }
        for r in reports
        for o in r.outcomes
    ]
    (out / "results.json").write_text(json.dumps(records, indent=1), encoding="utf-8")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__)
    parser.add_argument("--family", action="append", help="run only these families")
    parser.add_argument("--mutant", action="append", help="run only the mutants with these ids")
    parser.add_argument(
        "--mutants-from", type=Path, help="run only the mutants whose ids are in this file"
    )
    parser.add_argument(
        "--without-tests",
        action="append",
        default=[],
        help="leave out the family tests matching this glob (e.g. to score the suite without "
        "a new test file)",
    )
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument(
        "--list-equivalent",
        action="store_true",
        help="print the equivalent mutants as markdown (for docs/testing.md) and stop",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--fail-under", type=float, default=95.0)
    parser.add_argument("--keep-scratch", action="store_true")
    parser.add_argument(
        "--skip-baseline",
        action="store_true",
        help="do not run the unmutated tests first (quick checks of a few mutants)",
    )
    args = parser.parse_args(argv)

    problem = check_dependencies()
    if problem:
        print(f"mutation run: {problem}", file=sys.stderr)
        return 2
    from tests.mutation.families import FAMILIES, uncovered_sql_folders

    known = {f.name for f in FAMILIES}
    unknown = set(args.family or ()) - known
    if unknown:
        print(f"unknown famil(y/ies) {sorted(unknown)}; known: {sorted(known)}", file=sys.stderr)
        return 2
    families = [f for f in FAMILIES if not args.family or f.name in args.family]
    mutants, notes = generate(families, ROOT)
    if args.mutant or args.mutants_from:
        wanted = set(args.mutant or ())
        if args.mutants_from:
            wanted |= set(args.mutants_from.read_text(encoding="utf-8").split())
        mutants = {k: [m for m in v if m.id in wanted] for k, v in mutants.items()}
    for folder in uncovered_sql_folders(ROOT):
        print(f"note: {folder} holds SQL that no rule family mutates (tests/mutation/families.py)")
    if args.list_equivalent:
        by_id = {m.id: m for found in mutants.values() for m in found}
        for mutant_id, reason in load_equivalents().items():
            m = by_id.get(mutant_id)
            what = f"{m.description} (line {m.line})" if m else "(no such mutant any more)"
            print(f"- `{mutant_id}`: {what}.\n  {' '.join(reason.split())}")
        return 0
    if args.list:
        for family in families:
            for m in mutants[family.name]:
                print(f"{m.id}\t{m.path}:{m.line}\t{m.description}")
        return 0
    equivalents = load_equivalents()
    all_ids = {m.id for ms in mutants.values() for m in ms}
    if not args.mutant and not args.family:
        for stale in sorted(set(equivalents) - all_ids):
            print(f"note: equivalent.toml names a mutant that no longer exists: {stale}")

    # Ctrl-C, or SIGTERM (and SIGINT also when started in the background, where it is ignored),
    # stops the workers and the mutants they run, and reports the families finished
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="healthtech-mutation-"))
    run_dir = base / "run"
    (run_dir / "logs").mkdir(parents=True)
    workers: list[Worker] = []
    reports: list[FamilyReport] = []
    interrupted = False
    load_before = os.getloadavg()
    try:
        print(
            f"mutation run: {sum(len(v) for v in mutants.values())} mutants, "
            f"{args.workers} worker(s), scratch {base}"
        )
        for i in range(max(1, args.workers)):
            workers.append(Worker(make_scratch(ROOT, base, f"w{i}")))
        load_time = load_time_targets(workers[0], run_dir)

        def progress(name: str, done: int, total: int, outcome: Outcome) -> None:
            if outcome.status not in ("killed", "invalid") or done == total or done % 25 == 0:
                print(
                    f"  [{name} {done}/{total}] {outcome.status:9} {outcome.seconds:6.1f}s "
                    f"{outcome.mutant_id}",
                    flush=True,
                )

        for family in families:
            print(f"{family.name}: {len(mutants[family.name])} mutants", flush=True)
            report = run_family(
                family,
                mutants[family.name],
                workers,
                run_dir,
                load_time,
                equivalents,
                progress,
                args.skip_baseline,
                tuple(args.without_tests),
            )
            report.notes[:0] = notes[family.name]
            reports.append(report)
            # after every family, so that a run stopped later still leaves its results
            write_report(
                reports, mutants, args.out, time.monotonic() - started, (load_before, load_before)
            )
    except RuntimeError as exc:
        print(f"mutation run: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mutation run: interrupted; the report covers the families finished", flush=True)
        interrupted = True
    finally:
        for w in workers:
            w.close(now=interrupted)
        logs = args.out / "logs"
        if (run_dir / "logs").exists():
            shutil.rmtree(logs, ignore_errors=True)
            args.out.mkdir(parents=True, exist_ok=True)
            shutil.copytree(run_dir / "logs", logs)
        if not args.keep_scratch:
            shutil.rmtree(base, ignore_errors=True)
    wall = time.monotonic() - started
    load = (load_before, os.getloadavg())
    table = write_report(reports, mutants, args.out, wall, load)
    print(table)
    print(f"report: {args.out / 'report.md'}")
    failed = [r.name for r in reports if r.score is not None and r.score < args.fail_under]
    errors = sum(r.count("error") for r in reports)
    if failed or errors:
        print(f"below {args.fail_under} %: {', '.join(failed) or '-'}; errors: {errors}")
        return 1
    return 0
