"""Shared fixtures: warehouses built by the real load from the KPI fixture and the sample.

The suite runs in parallel (pytest-xdist, `-n auto --dist loadgroup` in pyproject.toml): tests
go to whichever worker is free, one by one, except that the tests of a module with a module-
scoped fixture (a built report, the streamlit server and its browser, a generated sample) stay
together on one worker, so that fixture is made once (`pytest_collection_modifyitems` below).
Each session warehouse is built once per test run, by whichever worker needs it first, under a
file lock in the run's shared temporary folder; the other workers wait for it and then use the
same file. Tests only read these warehouses (read-only connections, as the dashboard), so
sharing them is safe; a test that needs to change a warehouse copies it to its tmp_path first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KPI_FIXTURE_DIR = ROOT / "tests" / "data" / "kpi_fixture"
SAMPLE_DIR = ROOT / "sample_data"


# The longest units of work (a test, or a group that stays on one worker), measured with
# `--durations` (docs/performance.md). xdist hands out the units in collection order, so these go
# first: the two workers start on the long ones and fill up with the short ones, and finish
# together instead of one worker starting a two-minute group when the other is done.
LONGEST_FIRST = (
    "tests/test_browser.py",  # one streamlit server and one Chromium for the module
    "tests/test_faults.py::test_readers_in_threads_and_processes_never_fail_or_see_a_mix",
    "tests/test_faults.py::test_sigkill_at_random_moments_never_breaks_the_live_warehouse",
    "tests/test_auth_server.py",  # three streamlit servers and a Chromium
    "tests/test_bad_input.py::test_a_million_rows_load_whole",
)


def _long_rank(item: pytest.Item) -> int:
    """The place of `item` in LONGEST_FIRST, or after all of them."""
    for rank, prefix in enumerate(LONGEST_FIRST):
        if item.nodeid == prefix or item.nodeid.startswith((prefix + "::", prefix + "[")):
            return rank
    return len(LONGEST_FIRST)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the tests of a module that has a module- or class-scoped fixture on one worker, and
    put the longest units of work first."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        module = getattr(item, "module", None)
        if info is None or module is None or item.get_closest_marker("xdist_group"):
            continue
        scopes = {d.scope for defs in info.name2fixturedefs.values() for d in defs}
        if scopes & {"module", "class", "package"}:
            item.add_marker(pytest.mark.xdist_group(module.__name__))
    items.sort(key=_long_rank)  # stable: the order within a module stays as written


GROUPING_BROKEN = (
    "this pytest and pytest-xdist do not work together for --dist loadgroup (pytest-xdist#1386: "
    "pytest 9.2's node ids); keep pytest below 9.2 in pyproject.toml until a fixed pytest-xdist "
    "is released"
)


def pytest_configure(config: pytest.Config) -> None:
    """Refuse, with the reason, a parallel run on a pytest whose node ids xdist cannot group."""
    if hasattr(config, "workerinput") or config.getoption("dist", default="no") != "loadgroup":
        return
    if not config.getoption("numprocesses", default=None):
        return  # `-n 0`: one process, nothing to group
    from importlib.metadata import version

    pytest_version = tuple(int(p) for p in version("pytest").split(".")[:2] if p.isdigit())
    xdist_version = tuple(int(p) for p in version("pytest-xdist").split(".")[:2] if p.isdigit())
    if pytest_version >= (9, 2) and xdist_version <= (3, 8):
        raise pytest.UsageError(GROUPING_BROKEN)


@pytest.hookimpl(trylast=True)  # after xdist has put the group into every grouped test's id
def pytest_collection_finish(session: pytest.Session) -> None:
    """Stop a parallel run in which xdist would not keep a group on one worker.

    xdist's `--dist loadgroup` carries a test's group in its node id (`...@group`); with a
    pytest whose node ids it cannot change (pytest 9.2 and pytest-xdist 3.8, pytest-xdist#1386)
    it silently spreads the group, and every worker builds the module's fixtures again (a
    streamlit server and a Chromium each): a slower suite that nothing else would notice.
    """
    if not session.config.getoption("loadgroup", default=False):
        return  # not an xdist worker of a loadgroup run
    ungrouped = [
        item.nodeid
        for item in session.items
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
    ]
    if ungrouped:
        raise pytest.UsageError(
            f"pytest-xdist did not group {len(ungrouped)} tests (first: {ungrouped[0]}): "
            + GROUPING_BROKEN
        )


def _build(input_dir: Path, target: Path) -> Path:
    from etl.load import load_warehouse

    result = load_warehouse(input_dir, target)
    assert result.status == "loaded", result.message
    return target


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) while the block runs."""
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_warehouse(name: str, input_dir: Path, factory: pytest.TempPathFactory) -> Path:
    """The warehouse loaded from `input_dir`, built once per test run and shared by the workers."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None or os.name != "posix":  # one process (or no flock): build it here
        return _build(input_dir, factory.mktemp(name) / "healthtech.duckdb")
    # the parent of a worker's base temp folder is the same for all workers of this run
    run_folder = factory.getbasetemp().parent
    folder = run_folder / f"shared_{name}"
    target = folder / "healthtech.duckdb"
    done = folder / ".built"
    with _locked(run_folder / f"shared_{name}.lock"):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            _build(input_dir, target)
            done.write_text(worker)
    return target


@pytest.fixture(scope="session")
def kpi_fixture_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse loaded from tests/data/kpi_fixture (hand-made, KPI values worked by hand)."""
    return shared_warehouse("kpi_wh", KPI_FIXTURE_DIR, tmp_path_factory)


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse loaded from the shipped sample_data/."""
    return shared_warehouse("sample_wh", SAMPLE_DIR, tmp_path_factory)
