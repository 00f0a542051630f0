"""Build the ministry report of a year: the Excel workbook, the PDF and the CSV zip.

    build_report(2020, as_of=date(2021, 1, 31), out_dir=Path("reports"))
    -> {"xlsx": .../DanishHealthtech_rapport_2020.xlsx,
        "pdf": .../DanishHealthtech_rapport_2020.pdf,
        "csv": .../DanishHealthtech_rapport_2020_csv.zip}

All three files are written to a temporary folder beside `out_dir` first and moved into place
only when all three succeeded, so a failed build (e.g. a full disk) leaves no half-written report
and keeps an earlier report of the same year as it was. Nothing here needs a program outside the
Python packages: the PDF's charts are ReportLab drawings (report.figures).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from report.csvzip import write_csv_zip
from report.data import PathLike, ReportData, ReportError, load_report_data
from report.figures import report_figures
from report.pdf import write_pdf
from report.sheets import build_sheets
from report.workbook import write_workbook

__all__ = ["ReportError", "build_report", "report_names"]


def report_names(year: int) -> dict[str, str]:
    """The file names of the report of `year`."""
    stem = f"DanishHealthtech_rapport_{year}"
    return {"xlsx": f"{stem}.xlsx", "pdf": f"{stem}.pdf", "csv": f"{stem}_csv.zip"}


def _created(data: ReportData) -> datetime:
    """The workbook's creation date: when the load of the data finished (fixed for a snapshot)."""
    finished = data.load_run.get("finished_at")
    if isinstance(finished, datetime):
        return finished.replace(tzinfo=None, microsecond=0)
    return datetime(data.year, 1, 1)


def write_report(data: ReportData, out_dir: Path) -> dict[str, Path]:
    """Write the three files of `data` to `out_dir` (atomically as a set); return their paths."""
    charts = report_figures(data)
    sheets = build_sheets(data)
    names = report_names(data.year)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".report-", dir=out_dir))
    try:
        write_workbook(sheets, staging / names["xlsx"], _created(data), data.year)
        write_pdf(data, charts, staging / names["pdf"])
        write_csv_zip(sheets, staging / names["csv"])
        paths = {}
        for key, name in names.items():
            os.replace(staging / name, out_dir / name)
            paths[key] = out_dir / name
        return paths
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build_report(
    year: int,
    as_of: date | None = None,
    out_dir: Path = Path("reports"),
    warehouse: PathLike = None,
    generated_at: datetime | None = None,
    clusters: Sequence[str] | None = None,
) -> dict[str, Path]:
    """Build the report of `year` as of `as_of` (default today) into `out_dir`.

    Returns {"xlsx": path, "pdf": path, "csv": path}. `generated_at` (default now) is the only
    value that differs between two builds of the same warehouse, year and as-of; pass it to get
    identical files. `clusters` is the reader's data scope (None: the whole network; see
    `report.data.load_report_data`). Raises ReportError with a message for the user when the
    report cannot be built (no warehouse, never loaded, warehouse swapped during the build).
    """
    data = load_report_data(year, as_of, warehouse, generated_at, clusters=clusters)
    return write_report(data, Path(out_dir))
