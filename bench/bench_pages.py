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
import os
import statistics
import time
from collections.abc import Callable
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
    ("Report", "pages/report.py"),  # the scorecard preview; the files are built when asked for
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
    previous = os.environ.get("HEALTHTECH_WAREHOUSE")
    os.environ["HEALTHTECH_WAREHOUSE"] = str(warehouse)
    cases: list[tuple[str, str, Callable | None]] = [(name, path, None) for name, path in PAGES]
    cases.append(
        ("Explorer, a filter on every dimension", "pages/explorer.py", _explorer_every_filter)
    )
    results = []
    try:
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
    finally:
        if previous is None:
            os.environ.pop("HEALTHTECH_WAREHOUSE", None)
        else:
            os.environ["HEALTHTECH_WAREHOUSE"] = previous
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
