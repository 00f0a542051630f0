"""Shared pieces of the data-scope tests: a warehouse whose rows are known per cluster, the
markers of the rows a cluster lead of LSI must never get, and readers for downloaded files.

The warehouse is tests/data/kpi_fixture plus participations sent as cluster files, each with a
quarantined row (worked by hand from the fixture's CSVs):

    participations.csv (the secretariat's)  + A09,O03,0  -> quarantined (participants < 1)
    participations_LSI_2020Q4.csv             A05,O01,0  -> quarantined; A05,O02,1 loaded
    participations_WT_2020Q4.csv              A10,O04,0  -> quarantined

LSI leads A01 (completed, 2020-02-10) and A05 (planned). The organisations that take part in
LSI-led activities are O01, O02, O05, O06 (A01) and O09, O02 (A05). Everything else is another
cluster's: the activities A02-A04 and A06-A10, the organisations seen only there (O03, O04, O07,
O08, O10, O11), their CVRs, the WT file and its quarantined row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KPI_FIXTURE_DIR = ROOT / "tests" / "data" / "kpi_fixture"
WT_FILE = "participations_WT_2020Q4.csv"
LSI_FILE = "participations_LSI_2020Q4.csv"
HEADER = "activity_id,org_id,participants,role\n"
WT_TEXT = HEADER + "A10,O04,0,participant\n"
LSI_TEXT = HEADER + "A05,O01,0,participant\nA05,O02,1,participant\n"

#: The activities led by other clusters than LSI (every year).
OTHER_ACTIVITIES = ("A02", "A03", "A04", "A06", "A07", "A08", "A09", "A10")
OTHER_TITLES = (
    "Datadrevet rehabilitering",
    "Lighed i sundhed 2020",
    "Deep dive Berlin",
    "Webinar aflyst",
    "Matchmaking vinter",
    "3D-printede implantater",
    "Workshop 2019",
    "Webinar sundhedsdata",
)
#: Organisations that take part only in other clusters' activities (O07 "Region Syddanmark" is
#: left out: its name is also the label of a region, which every page may show).
OTHER_ORGS = ("O03", "O04", "O08", "O10", "O11")
OTHER_ORG_NAMES = (
    "Fyn Data ApS",
    "Kbh Implant ApS",
    "Roskilde Kommune",
    "London Care Network",
    "Hovedstads Robotics A/S",
)
OTHER_CVRS = ("34567891", "45678903", "67890124")


def build_input(folder: Path) -> Path:
    """Write the fixture with the cluster files of participations into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in KPI_FIXTURE_DIR.iterdir():
        shutil.copy(path, folder / path.name)
    with (folder / "participations.csv").open("a", encoding="utf-8") as fh:
        fh.write("A09,O03,0,participant\n")
    (folder / LSI_FILE).write_text(LSI_TEXT, encoding="utf-8")
    (folder / WT_FILE).write_text(WT_TEXT, encoding="utf-8")
    return folder


def build_warehouse(tmp: Path) -> Path:
    """Load the input of `build_input` into a warehouse under `tmp` (the real load)."""
    from etl.load import load_warehouse

    source = build_input(tmp / "input")
    target = tmp / "warehouse" / "healthtech.duckdb"
    target.parent.mkdir(parents=True, exist_ok=True)
    result = load_warehouse(source, target)
    assert result.status == "loaded", result.message
    return target


def foreign_sha256() -> list[str]:
    """sha256 of the loaded files that are not LSI's (the WT file and the secretariat's)."""
    texts = {WT_FILE: WT_TEXT.encode()}
    for path in KPI_FIXTURE_DIR.iterdir():
        data = path.read_bytes()
        if path.name == "participations.csv":
            data += b"A09,O03,0,participant\n"
        texts[path.name] = data
    return [hashlib.sha256(data).hexdigest() for data in texts.values()]


_ID = r"(?<![A-Za-z0-9]){}(?![0-9])"


@dataclass
class Leak:
    """One marker of another cluster's row found in a file."""

    file: str
    marker: str


def other_cluster_markers(text: str) -> list[str]:
    """The markers of rows of clusters other than LSI that occur in `text`."""
    found = [a for a in OTHER_ACTIVITIES if re.search(_ID.format(a), text)]
    found += [o for o in OTHER_ORGS if re.search(_ID.format(o), text)]
    flat = re.sub(r"\s+", "", text)
    for marker in (*OTHER_TITLES, *OTHER_ORG_NAMES, *OTHER_CVRS, WT_FILE, *foreign_sha256()):
        if re.sub(r"\s+", "", marker) in flat:
            found.append(marker)
    return found


def text_of(name: str, data: bytes) -> str:
    """Every text in a downloaded file (CSV, XLSX, a zip of CSVs or a PDF), for searching."""
    lower = name.lower()
    if lower.endswith(".csv"):
        return data.decode("utf-8-sig")
    if lower.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return "\n".join([*book.sheetnames, *cells])
    if lower.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(
                member + "\n" + archive.read(member).decode("utf-8")
                for member in archive.namelist()
            )
    if lower.endswith(".pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    raise AssertionError(f"unexpected download {name}")


def csv_rows(data: bytes) -> list[dict[str, str]]:
    """The rows of a downloaded CSV (UTF-8, with or without BOM)."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
