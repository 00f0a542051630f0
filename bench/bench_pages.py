"""Page times of the dashboard: each page's script run, warm, under streamlit.testing (AppTest).

`run(scale, warehouse, repeats)` opens every page through dashboard.py, runs it once to warm the
caches (st.cache_data keyed on the warehouse version), then times `repeats` further runs of the
page script and reports the median. The Explorer is measured twice: as it opens, and with a
filter on every dimension. There is no reference time: the raw DuckDB time of the same queries is
in the query benchmarks.

    python bench/bench_pages.py --warehouse warehouse/healthtech.duckdb --scale 1
"""

from __future__ import annotations

import argparse
import ast
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard.py"
PAGES = (
    ("Overview", "pages/overview.py"),
    ("Regions and clusters", "pages/regions.py"),
    ("Themes and technology", "pages/themes.py"),
    ("Collaboration", "pages/collaboration.py"),
    ("Funding and in-kind", "pages/funding.py"),
    ("Explorer", "pages/explorer.py"),
    ("Data quality", "pages/data_quality.py"),
    # the scorecard preview; the files are built when asked for
    ("Report", "pages/ministry_report.py"),
)
TIMEOUT = 600
HOW_APPTEST = "in-process (AppTest): the page's script re-run in a warm session; wall time"


def _explorer_every_filter(at) -> None:
    """Set a filter on every dimension of the Explorer (and the sidebar's clusters/themes)."""
    at.multiselect(key="f_clusters").set_value(["LSI", "MTIC", "WT"])
    at.multiselect(key="f_themes").set_value(["PREVENTION", "HEALTH_DATA", "PERSONALISED"])
    at.date_input(key="ex_dates").set_value((date(2019, 1, 1), date(2020, 12, 31)))
    at.multiselect(key="ex_statuses").set_value(["completed"])
    at.multiselect(key="ex_types").set_value(["workshop", "conference", "innovation_project"])
    at.multiselect(key="ex_regions").set_value(["Syddanmark", "Hovedstaden", "Sjælland"])
    at.multiselect(key="ex_technologies").set_value(["DIGITAL", "IOT"])
    at.multiselect(key="ex_org_types").set_value(["company"])
    at.segmented_control(key="ex_sme").set_value("yes")
    at.multiselect(key="ex_countries").set_value(["DK"])
    at.selectbox(key="ex_cols").set_value("activity_type")


def _time_page(
    page: str, warehouse: Path, repeats: int, setup: Callable | None = None
) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    if page != PAGES[0][1]:
        at.switch_page(page).run()
    if setup:
        setup(at)
    at.run()  # warm-up: fills the caches for these filters
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return times


def run(scale: int, warehouse: Path, repeats: int = 5) -> list[dict]:
    """Median warm script time of every page on `warehouse` (built at `scale`)."""
    cases: list[tuple[str, str, Callable | None]] = [(name, path, None) for name, path in PAGES]
    cases.append(
        ("Explorer, a filter on every dimension", "pages/explorer.py", _explorer_every_filter)
    )
    results = []
    with _warehouse_env(warehouse):
        for name, path, setup in cases:
            times = _time_page(path, warehouse, repeats, setup)
            results.append(
                {
                    "section": "Pages",
                    "what": name,
                    "scale": scale,
                    "ours_s": statistics.median(times),
                    "reference_s": None,
                    "reference": "",
                    "ratio": None,
                    "runs": repeats,
                    "how": HOW_APPTEST,
                }
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for row in run(args.scale, args.warehouse, args.repeats):
        print(f"{row['what']:<40} {row['ours_s'] * 1000:8.1f} ms")


if __name__ == "__main__":
    main()


# --- the real server: CPU per page view and start-up ------------------------------------------

DASHBOARD = ROOT / "dashboard.py"
STREAMLIT = Path(sys.executable).with_name("streamlit")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
FILTERS = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
SETTLE_S = 0.5  # the app counts as drawn once the script has stayed idle this long
VIEW_TIMEOUT_S = 120
HOW_SERVER = "separate processes (`streamlit run`, headless Chromium); server caches warm"
HOW_SERVER_FALLBACK = (
    "FALLBACK, no Chromium or Playwright: in-process AppTest; the process CPU of a new AppTest "
    "session opening the page (AppTest's own work included)"
)


def dashboard_pages() -> list[tuple[str, str, str]]:
    """(English title, url path, page file) of every page dashboard.py registers, in its order.

    Read from dashboard.py's PAGES literal (the app cannot be imported outside Streamlit); the
    first page is the default one and is served at the root path.
    """
    from ui.i18n import t

    tree = ast.parse(DASHBOARD.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "PAGES" for target in node.targets
        ):
            pages = ast.literal_eval(node.value)
            return [
                (t(title_key, "en"), "" if i == 0 else url, path)
                for i, (path, url, title_key, _icon) in enumerate(pages)
            ]
    raise RuntimeError(f"no PAGES in {DASHBOARD}")


def process_cpu_s(pid: int) -> float:
    """CPU seconds (user + system, every thread) a live process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # after the command name: fields[11], fields[12] are utime and stime (man 5 proc)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(warehouse: Path) -> Iterator[tuple[subprocess.Popen, str, float]]:
    """Start `streamlit run dashboard.py` on a free port against `warehouse`.

    Yields (process, base url, perf_counter at its start) as soon as the process runs; the
    caller waits for it (`wait_healthy`). The server is stopped on exit.
    """
    port = _free_port()
    env = {**os.environ, "HEALTHTECH_WAREHOUSE": str(warehouse)}
    env.pop("HEALTHTECH_OPEN_MODE", None)  # open local mode by listening on localhost only
    command = [
        str(STREAMLIT),
        *("run", str(DASHBOARD)),
        *("--server.port", str(port), "--server.address", "127.0.0.1"),
        *("--server.headless", "true", "--server.fileWatcherType", "none"),
        *("--browser.gatherUsageStats", "false"),
    ]
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            yield process, f"http://127.0.0.1:{port}", started
        except Exception as exc:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{exc}\n--- streamlit log ---\n{tail}") from exc
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_healthy(process: subprocess.Popen, base: str, timeout_s: float = VIEW_TIMEOUT_S) -> None:
    """Wait until the server answers its health check."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"streamlit ended with {process.returncode} before it answered")
        if time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not answer within {timeout_s:.0f} s")
        time.sleep(0.05)


def wait_drawn(tab, what: str) -> float:
    """Wait until the page is drawn: the app's script idle with the dashboard's sidebar filters
    on the page, for SETTLE_S without a break; return when that last began (perf_counter).

    The filters are part of the condition because a new tab reports the script idle before
    its session has even started. Raises if the page shows an error: a failed page, or a login
    or "closed" page instead of the dashboard (never drawn), would give a cheap, wrong figure.
    """
    deadline = time.perf_counter() + VIEW_TIMEOUT_S
    drawn_since: float | None = None
    while True:
        now = time.perf_counter()
        if tab.locator(IDLE).count() and tab.locator(FILTERS).count():
            drawn_since = drawn_since or now
            if now - drawn_since >= SETTLE_S:
                break
        else:
            drawn_since = None
        if now > deadline:
            raise RuntimeError(
                f"{what}: not drawn within {VIEW_TIMEOUT_S} s (no idle dashboard with its "
                "sidebar filters: a login or closed page?)"
            )
        tab.wait_for_timeout(50)
    if tab.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count():
        raise RuntimeError(f"{what}: the page shows an error")
    return drawn_since


def open_in_new_session(browser_or_context, url: str, what: str) -> float:
    """Open `url` in a new tab (a new Streamlit session) of a browser context, or of a new
    context when given the browser; return the wall seconds to drawn. The tab (or the new
    context) is closed afterwards."""
    fresh = hasattr(browser_or_context, "new_context")
    context = (
        browser_or_context.new_context(viewport={"width": 1400, "height": 1800})
        if fresh
        else browser_or_context
    )
    tab = context.new_page()
    try:
        start = time.perf_counter()
        tab.goto(url)
        return wait_drawn(tab, what) - start
    finally:
        (context if fresh else tab).close()


def _measure_views(process, opener, url: str, what: str, repeats: int) -> tuple[list, list]:
    """One warm-up view, then `repeats` measured views: (wall seconds, server CPU seconds)."""
    open_in_new_session(opener, url, what)
    walls, cpus = [], []
    for _ in range(repeats):
        time.sleep(SETTLE_S)  # let the last session's teardown finish on the server
        before = process_cpu_s(process.pid)
        walls.append(open_in_new_session(opener, url, what))
        cpus.append(process_cpu_s(process.pid) - before)
    return walls, cpus


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium from /usr/bin/chromium (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def browser_available() -> bool:
    """True where Chromium and Python Playwright are both there."""
    if not CHROMIUM.exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _server_row(
    scale: int, what: str, walls: list[float], cpus: list[float], how: str = HOW_SERVER
) -> dict:
    return {
        "section": "Server CPU per page view",
        "what": what,
        "scale": scale,
        "ours_s": statistics.median(walls),
        "cpu_s": statistics.median(cpus),
        "reference_s": None,
        "reference": "",
        "ratio": None,
        "runs": len(cpus),
        "how": how,
        "goals": [{"metric": "cpu_s", "limit": 0.150, "scale": 1, "text": "CPU ≤ 150 ms"}],
    }


def run_server(scale: int, warehouse: Path, repeats: int = 3) -> list[dict]:
    """The server's CPU time per page view: every page opened by a new browser session.

    Per page one warm-up view (fills the server's caches for it), then `repeats` measured
    views, each in a new tab of one browser context (a new Streamlit session; the browser's
    cache keeps the static files, as a user's does); then the first page opened from new
    contexts (empty cache: the static files are served too). The server's CPU is read before
    the view and after the page has been drawn and settled. Falls back to AppTest where there
    is no browser.
    """
    if not browser_available():
        return _server_fallback(scale, warehouse, repeats)
    rows = []
    with streamlit_server(warehouse) as (process, base, _), chromium() as browser:
        wait_healthy(process, base)
        pages = dashboard_pages()
        # a user's browser: one context, its HTTP cache keeps the app's static files
        context = browser.new_context(viewport={"width": 1400, "height": 1800})
        try:
            for title, url_path, _path in pages:
                walls, cpus = _measure_views(process, context, f"{base}/{url_path}", title, repeats)
                rows.append(_server_row(scale, f"{title}: a new session (new tab)", walls, cpus))
        finally:
            context.close()
        # a first visit: a browser with an empty cache also fetches the app's static files
        title = pages[0][0]
        walls, cpus = _measure_views(process, browser, f"{base}/", title, repeats)
        rows.append(
            _server_row(scale, f"{title}: a first visit (empty browser cache)", walls, cpus)
        )
    return rows


def _server_fallback(scale: int, warehouse: Path, repeats: int) -> list[dict]:
    """run_server without a browser: a new AppTest session per view, the process's CPU time."""
    from streamlit.testing.v1 import AppTest

    rows = []
    with _warehouse_env(warehouse):
        for title, _url, path in dashboard_pages():
            walls, cpus = [], []
            for n in range(repeats + 1):  # the first is the warm-up
                wall, cpu = time.perf_counter(), time.process_time()
                at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
                at.switch_page(path).run()  # the session's first run is this page's
                if at.exception:
                    raise RuntimeError(f"{title}: {at.exception[0].value}")
                if n:
                    cpus.append(time.process_time() - cpu)
                    walls.append(time.perf_counter() - wall)
            rows.append(
                _server_row(scale, f"{title}: a new session", walls, cpus, HOW_SERVER_FALLBACK)
            )
    return rows


@contextmanager
def _warehouse_env(warehouse: Path) -> Iterator[None]:
    """Point HEALTHTECH_WAREHOUSE at `warehouse` for the block."""
    previous = os.environ.get("HEALTHTECH_WAREHOUSE")
    os.environ["HEALTHTECH_WAREHOUSE"] = str(warehouse)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("HEALTHTECH_WAREHOUSE", None)
        else:
            os.environ["HEALTHTECH_WAREHOUSE"] = previous


HELP_RUNS = 5
HOW_HELP = "separate process, timed from outside; CPU from the child's rusage"
HOW_FIRST_PAGE = (
    "separate processes (`streamlit run`, a headless Chromium already running); CPU: the "
    "server's, start to drawn"
)
HOW_FIRST_PAGE_FALLBACK = (
    "FALLBACK, no Chromium or Playwright: from the server's start to its health check answering "
    "(no page drawn); CPU: the server's"
)


def _first_page(browser, warehouse: Path) -> tuple[float, float]:
    """Start a server, open its first page in a new context: (seconds from the server's start
    to the page drawn, the server's CPU seconds by then). Without a browser: to healthy."""
    with streamlit_server(warehouse) as (process, base, started):
        wait_healthy(process, base)
        if browser is None:
            return time.perf_counter() - started, process_cpu_s(process.pid)
        context = browser.new_context(viewport={"width": 1400, "height": 1800})
        try:
            tab = context.new_page()
            tab.goto(f"{base}/")
            drawn_at = wait_drawn(tab, "the first page")
            return drawn_at - started, process_cpu_s(process.pid)
        finally:
            context.close()


def run_startup(scale: int, warehouse: Path, repeats: int = 3) -> list[dict]:
    """`healthtech --help` (median of HELP_RUNS) and `streamlit run` to the first page drawn."""
    from bench.bench_load import healthtech_command, run_measured

    helps = [run_measured([*healthtech_command(), "--help"], cwd=ROOT) for _ in range(HELP_RUNS)]
    firsts = []
    if browser_available():
        with chromium() as browser:
            firsts = [_first_page(browser, warehouse) for _ in range(repeats)]
        how, what = HOW_FIRST_PAGE, "`streamlit run dashboard.py` to the first page drawn"
    else:
        firsts = [_first_page(None, warehouse) for _ in range(repeats)]
        how, what = HOW_FIRST_PAGE_FALLBACK, "`streamlit run dashboard.py` to healthy"
    common = {"section": "Start-up", "scale": scale, "reference_s": None, "reference": ""}
    return [
        {
            **common,
            "what": "`healthtech --help`",
            "ours_s": statistics.median(h["wall_s"] for h in helps),
            "cpu_s": statistics.median(h["cpu_s"] for h in helps),
            "ratio": None,
            "runs": HELP_RUNS,
            "how": HOW_HELP,
            "peak_mib": max(h["peak_mib"] for h in helps),
        },
        {
            **common,
            "what": what,
            "ours_s": statistics.median(f[0] for f in firsts),
            "cpu_s": statistics.median(f[1] for f in firsts),
            "ratio": None,
            "runs": repeats,
            "how": how,
        },
    ]
