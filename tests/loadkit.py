"""A small, valid set of input files that tests can write, break one cell of, and load."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

VALID_SET: dict[str, list[dict[str, str]]] = {
    "organisations": [
        {
            "org_id": "O1",
            "name": "Sensorik ApS",
            "org_type": "company",
            "cvr": "10000009",
            "employees": "12",
            "region": "Hovedstaden",
            "country": "DK",
        },
        {
            "org_id": "O2",
            "name": "Ærø Sundhed A/S",
            "org_type": "company",
            "cvr": "20000007",
            "employees": "300",
            "region": "Syddanmark",
            "country": "DK",
        },
        {
            "org_id": "O3",
            "name": "Aalborg Universitet",
            "org_type": "knowledge_institution",
            "cvr": "",
            "employees": "",
            "region": "Nordjylland",
            "country": "DK",
        },
        {
            "org_id": "O4",
            "name": "Oslo Health Cluster",
            "org_type": "cluster",
            "cvr": "",
            "employees": "",
            "region": "",
            "country": "NO",
        },
    ],
    "activities": [
        {
            "activity_id": "A1",
            "title": "Workshop om sundhedsdata",
            "activity_type": "workshop",
            "lead_cluster": "LSI",
            "partner_clusters": "WT;CHC",
            "theme": "HEALTH_DATA",
            "technology": "DIGITAL",
            "start_date": "2020-03-05",
            "end_date": "2020-03-05",
            "region": "Nordjylland",
            "country": "DK",
            "status": "completed",
            "users_involved": "true",
        },
        {
            "activity_id": "A2",
            "title": "Deep dive til Oslo",
            "activity_type": "deep_dive",
            "lead_cluster": "CHC",
            "partner_clusters": "",
            "theme": "PREVENTION",
            "technology": "",
            "start_date": "2019-10-01",
            "end_date": "2019-10-03",
            "region": "",
            "country": "NO",
            "status": "completed",
            "users_involved": "false",
        },
    ],
    "participations": [
        {"activity_id": "A1", "org_id": "O1", "participants": "2", "role": "participant"},
        {"activity_id": "A1", "org_id": "O3", "participants": "1", "role": "speaker"},
        {"activity_id": "A2", "org_id": "O2", "participants": "1", "role": "participant"},
        {"activity_id": "A2", "org_id": "O4", "participants": "3", "role": "organiser"},
    ],
    "inkind": [
        {
            "entry_id": "E1",
            "org_id": "O1",
            "activity_id": "A1",
            "month": "2020-03",
            "hours": "7.5",
            "hourly_rate_dkk": "550",
            "documentation": "timesheet",
        },
        {
            "entry_id": "E2",
            "org_id": "O2",
            "activity_id": "A2",
            "month": "2019-10",
            "hours": "20",
            "hourly_rate_dkk": "600",
            "documentation": "attendance_list",
        },
    ],
    "funding": [
        {
            "funding_id": "F1",
            "year": "2020",
            "quarter": "1",
            "source": "ministry",
            "flow": "allocated",
            "cluster": "LSI",
            "region": "",
            "category": "salary",
            "amount_dkk": "100000",
        },
        {
            "funding_id": "F2",
            "year": "2020",
            "quarter": "1",
            "source": "region",
            "flow": "spent",
            "cluster": "LSI",
            "region": "Nordjylland",
            "category": "operations",
            "amount_dkk": "25000.50",
        },
    ],
    "applications": [
        {
            "application_id": "P1",
            "activity_id": "A1",
            "lead_org_id": "O1",
            "fund": "innovation_fund",
            "submitted_date": "2020-05-01",
            "amount_applied_dkk": "500000",
            "status": "granted",
            "amount_granted_dkk": "400000",
        },
        {
            "application_id": "P2",
            "activity_id": "A2",
            "lead_org_id": "O2",
            "fund": "horizon",
            "submitted_date": "2020-06-01",
            "amount_applied_dkk": "900000",
            "status": "rejected",
            "amount_granted_dkk": "",
        },
    ],
    "outcomes": [
        {
            "org_id": "O1",
            "year": "2020",
            "new_knowledge": "ja",
            "new_product": "nej",
            "new_collaboration": "yes",
        },
        {
            "org_id": "O2",
            "year": "2019",
            "new_knowledge": "1",
            "new_product": "0",
            "new_collaboration": "FALSE",
        },
    ],
    "targets": [
        {"kpi_id": "G2.activities", "year": "2020", "scope": "ALL", "target": "10"},
        {"kpi_id": "G2.activities", "year": "2020", "scope": "LSI", "target": "3"},
    ],
}


def write_csv(
    path: Path, rows: list[dict[str, str]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    """Write rows as a CSV file with the given delimiter and encoding."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_valid_set(
    folder: Path,
    changes: dict[str, dict[int, dict[str, str]]] | None = None,
) -> Path:
    """Write the valid set, with `changes[kind][row_index] = {column: new value}` applied."""
    changes = changes or {}
    for kind, rows in VALID_SET.items():
        rows = [dict(r) for r in rows]
        for index, update in changes.get(kind, {}).items():
            if index >= len(rows):
                rows.append({**rows[0], **update})
            else:
                rows[index].update(update)
        write_csv(folder / f"{kind}.csv", rows)
    return folder


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Run a read-only query on a warehouse file and return all rows."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def read_by_every_path(text: str, expected: set[str], file_name: str = "p.csv") -> dict:
    """Read CSV text three times: as it comes, without Arrow, and with neither fast path.

    Returns, per path ("arrow", "pandas", "csv"), either ("read", frame, overflow, problems,
    rows skipped) or ("refused", reason). The three must be equal: the csv module's reading is
    the definition, and the fast paths may only take files on which they agree with it.
    """
    from unittest import mock

    import etl.csv_fast as csv_fast
    import etl.csv_text as csv_text
    from etl.errors import UnreadableFile

    def attempt() -> tuple:
        try:
            got = csv_text.read_csv_text(text, file_name, expected)
        except UnreadableFile as exc:
            return ("refused", exc.reason)
        return ("read", got.frame, got.overflow, got.problems, got.rows_skipped)

    def no_fast_path(*args):
        raise csv_fast.NeedsSlowPath

    results = {"arrow": attempt()}
    with mock.patch.object(csv_fast, "read_csv_arrow", lambda *args: None):
        results["pandas"] = attempt()
        with mock.patch.object(csv_text, "read_csv_fast", no_fast_path):
            results["csv"] = attempt()
    return results


def assert_same_reading(results: dict) -> None:
    """Assert that every reader path of `read_by_every_path` gave the same result."""
    import pandas as pd

    reference = results["csv"]
    for path, got in results.items():
        assert got[0] == reference[0], (path, got[:2], reference[:2])
        if got[0] == "refused":
            assert got[1] == reference[1], path
            continue
        try:
            pd.testing.assert_frame_equal(got[1], reference[1])
            pd.testing.assert_series_equal(got[2], reference[2], check_names=False)
            pd.testing.assert_frame_equal(got[3], reference[3])
        except AssertionError as exc:
            raise AssertionError(f"the {path} path differs from the csv module: {exc}") from exc
        assert got[4] == reference[4], (path, got[4], reference[4])
