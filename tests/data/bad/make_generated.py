"""The bad-input cases too big or too many to commit, written into a folder at test time.

Each generator writes its case files into `folder` and returns the case's expectation in the same
shape as a committed `expected.toml` (see README.md beside this file). `tests/test_bad_input.py`
runs them exactly like the committed cases.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from etl.schemas import SPECS
from tests.loadkit import VALID_SET

Expected = dict[str, object]
TEN_MB = 10 * 1024 * 1024
ACTIVITY_COLUMNS = list(VALID_SET["activities"][0])


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _activity(activity_id: str, title: str) -> list[str]:
    row = dict(
        VALID_SET["activities"][0], activity_id=activity_id, title=title, partner_clusters=""
    )
    return [row[c] for c in ACTIVITY_COLUMNS]


def zip_bomb_xlsx(folder: Path) -> Expected:
    """An 'XLSX' whose few KB inflate to 60 MB: refused before anything unpacks it."""
    with zipfile.ZipFile(folder / "inkind_bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(3):
            archive.writestr(f"xl/worksheets/sheet{n + 1}.xml", b"\0" * (20 * 1024 * 1024))
    return {
        "description": "A zip bomb disguised as XLSX (60 MB of zeros in ~60 KB).",
        "outcome": "rejected",
        "message": "inkind_bomb.xlsx cannot be read: the XLSX file would inflate to an implausible "
        "size (a zip bomb?)",
    }


def ten_mb_text_field(folder: Path) -> Expected:
    """A 10 MB title with newlines and quotes in it loads whole (fast C-parser path)."""
    title = ('Lang "beskrivelse"\n' + "æøå " * 64) * (TEN_MB // 275) + "slut"
    rows = [_activity("A3", title), _activity("A4", "Kort")]
    (folder / "activities_x.csv").write_text(_csv(ACTIVITY_COLUMNS, rows), encoding="utf-8")
    return {
        "description": "A 10 MB text field (quoted, with newlines and quotes) loads unchanged.",
        "outcome": "loaded",
        "read": {"activities_x.csv": 2},
        "tables": {"activities": 4},
        "query": [
            {
                "sql": "SELECT length(title), md5(title) = md5(?) FROM activities "
                "WHERE activity_id = 'A3'",
                "params": [title],
                "rows": [[len(title), True]],
            }
        ],
    }


def ten_mb_text_field_irregular(folder: Path) -> Expected:
    """The same 10 MB field in a file with a surplus cell, read row by row by the csv module.

    The csv module refuses fields over 128 KiB by default; this crashed the load before.
    """
    title = "x" * TEN_MB
    rows = [_activity("A3", title), [*_activity("A4", "Kort"), "surplus"]]
    (folder / "activities_x.csv").write_text(_csv(ACTIVITY_COLUMNS, rows), encoding="utf-8")
    return {
        "description": "A 10 MB text field in a file the csv module reads row by row.",
        "outcome": "loaded",
        "read": {"activities_x.csv": 2},
        "tables": {"activities": 3},
        "quarantine": [
            {"file": "activities_x.csv", "row": 3, "rule": "field_count", "column": "_overflow"}
        ],
        "query": [
            {
                "sql": "SELECT length(title) FROM activities WHERE activity_id = 'A3'",
                "rows": [[TEN_MB]],
            }
        ],
    }


def missing_required_column(kind: str, column: str) -> Callable[[Path], Expected]:
    """A file of `kind` without `column` (every other column as in the valid set) is rejected."""

    def write(folder: Path) -> Expected:
        rows = [{k: v for k, v in r.items() if k != column} for r in VALID_SET[kind]]
        header = list(rows[0])
        (folder / f"{kind}.csv").write_text(
            _csv(header, [[r[c] for c in header] for r in rows]), encoding="utf-8"
        )
        return {
            "description": f"{kind}.csv without its required column {column}.",
            "outcome": "rejected",
            "message": f"{kind}.csv lacks the required column(s) {column} (found: ",
        }

    return write


def generated_cases() -> dict[str, Callable[[Path], Expected]]:
    """Return every generated case by name: the big files and one per required column."""
    cases: dict[str, Callable[[Path], Expected]] = {
        "zip_bomb_xlsx": zip_bomb_xlsx,
        "ten_mb_text_field": ten_mb_text_field,
        "ten_mb_text_field_irregular": ten_mb_text_field_irregular,
    }
    for kind, spec in SPECS.items():
        for column in spec.required:
            cases[f"missing_required_{kind}_{column}"] = missing_required_column(kind, column)
    return cases


def million_rows(folder: Path, activities: int = 1000, organisations: int = 1000) -> int:
    """Write 1000 activities, 1000 organisations and a participation for every pair.

    Returns the number of participation rows written (1,000,000 by default).
    """
    org_columns = list(VALID_SET["organisations"][0])
    with (folder / "organisations_big.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(org_columns) + "\n")
        fh.writelines(
            f"BO{o},Organisation {o},knowledge_institution,,,Hovedstaden,DK\n"
            for o in range(organisations)
        )
    with (folder / "activities_big.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(ACTIVITY_COLUMNS) + "\n")
        fh.writelines(
            f"BA{a},Aktivitet {a},workshop,LSI,,PREVENTION,,2020-01-01,2020-01-01,Nordjylland,"
            "DK,completed,false\n"
            for a in range(activities)
        )
    with (folder / "participations_big.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("activity_id,org_id,participants,role\n")
        for a in range(activities):
            fh.writelines(f"BA{a},BO{o},1,participant\n" for o in range(organisations))
    return activities * organisations
