"""Time `healthtech report` (workbook, PDF with charts, CSV zip) for one year."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from report.build import build_report


def run(scale: int, warehouse: Path, repeats: int = 3) -> list[dict]:
    """Build the 2020 report `repeats` times from `warehouse`; return the median as a bench row."""
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            build_report(2020, as_of=date(2020, 12, 31), out_dir=Path(out), warehouse=warehouse)
            times.append(time.perf_counter() - start)
    return [
        {
            "section": "Report",
            "what": "healthtech report --year 2020 (xlsx + pdf + csv zip)",
            "scale": scale,
            "ours_s": statistics.median(times),
            "reference_s": None,
            "reference": "",
            "ratio": None,
            "runs": repeats,
        }
    ]
