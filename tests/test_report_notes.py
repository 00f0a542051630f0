"""The steering committee's notes in the ministry report: the Bemærkninger sheet, each note under
its KPI in the PDF, bemaerkninger.csv in the CSV zip, a cluster's report, a broken notes file,
and a note written in the dashboard appearing in the next report."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from pypdf import PdfReader

from report.build import build_report
from report.data import ReportError
from warehouse import notes
from warehouse.notes import NoteWriter

YEAR = 2020
AS_OF = date(2020, 12, 31)
GENERATED = datetime(2021, 1, 5, 9, 0, 0)
STEERING = NoteWriter("formand@region.dk", "steering")
WT_LEAD = NoteWriter("lead@wt.dk", "cluster_lead", "WT")
LSI_LEAD = NoteWriter("lead@lsi.dk", "cluster_lead", "LSI")


@pytest.fixture
def notes_file(tmp_path, monkeypatch):
    path = tmp_path / "notes.sqlite"
    monkeypatch.setenv(notes.ENV_NOTES, str(path))
    return path


@pytest.fixture
def with_notes(notes_file):
    """Four notes of 2020 (one edited) and one of 2019, which the 2020 report leaves out."""
    notes.add_note(
        YEAR,
        "G2.activities",
        "ALL",
        "Bagud: to workshops aflyst (corona) <b>fed</b>\nLinje to.",
        STEERING,
        action="Ekstra matchmaking i Q4",
        owner="sekretariat@dh.dk",
        due="2020-11-30",
        path=notes_file,
    )
    notes.add_note(YEAR, "G2.activities", "WT", "=SUM(A1) WT mangler en", WT_LEAD, path=notes_file)
    ratio = notes.add_note(
        YEAR, "F.cofinancing_ratio", "ALL", "Ikke indberettet", STEERING, path=notes_file
    )
    notes.edit_note(ratio, STEERING, text="Regionerne indberetter i januar", path=notes_file)
    notes.add_note(
        YEAR, "G1.companies", "LSI", "LSI: flere virksomheder i Q4", LSI_LEAD, path=notes_file
    )
    notes.add_note(2019, "G2.activities", "ALL", "fra 2019", STEERING, path=notes_file)
    return notes_file


def sheet_rows(path, name="Bemærkninger") -> list[dict]:
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "KPI-id")
    header = [h for h in rows[top] if h is not None]
    return [dict(zip(header, r[: len(header)], strict=True)) for r in rows[top + 1 :] if any(r)]


def csv_rows(path, name="bemaerkninger.csv") -> list[dict]:
    with zipfile.ZipFile(path) as zf:
        return list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8"))))


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_notes_in_all_three_files(with_notes, kpi_fixture_warehouse, tmp_path):
    files = build_report(YEAR, AS_OF, tmp_path / "out", kpi_fixture_warehouse, GENERATED)
    rows = sheet_rows(files["xlsx"])
    # catalogue order (G1.companies, G2.activities, F.cofinancing_ratio), national before clusters
    assert [(r["KPI-id"], r["Omfang"]) for r in rows] == [
        ("G1.companies", "LSI"),
        ("G2.activities", "Hele netværket"),
        ("G2.activities", "WT"),
        ("F.cofinancing_ratio", "Hele netværket"),
    ]
    national = rows[1]
    assert national["Nøgletal"] == "Videnbro-aktiviteter"
    assert national["Bemærkning"] == "Bagud: to workshops aflyst (corona) <b>fed</b>\nLinje to."
    assert (national["Handling"], national["Ansvarlig"]) == (
        "Ekstra matchmaking i Q4",
        "sekretariat@dh.dk",
    )
    assert national["Frist"] == datetime(2020, 11, 30)
    assert national["Skrevet af"] == "formand@region.dk"
    assert rows[2]["Klyngens navn"] == "Welfare Tech"
    assert (rows[3]["Bemærkning"], rows[3]["Version"]) == ("Regionerne indberetter i januar", 2)
    # a formula stays text in the workbook and gets the apostrophe in the CSV
    ws = openpyxl.load_workbook(files["xlsx"])["Bemærkninger"]
    formula = next(c for row in ws.iter_rows() for c in row if c.value == "=SUM(A1) WT mangler en")
    assert formula.data_type == "s"
    lines = csv_rows(files["csv"])
    assert [r["KPI-id"] for r in lines] == [r["KPI-id"] for r in rows]
    assert lines[2]["Bemærkning"] == "'=SUM(A1) WT mangler en"
    assert lines[1]["Frist"] == "2020-11-30"
    # the PDF: each note under its KPI, its text literal, the 2019 note left out
    text = pdf_text(files["pdf"])
    section = text[text.index("Bemærkninger og handlinger 2020") :]
    assert section.index("Deltagende virksomheder") < section.index("LSI: flere virksomheder")
    assert section.index("Videnbro-aktiviteter") < section.index("Bagud: to workshops aflyst")
    assert section.index("Bagud: to workshops aflyst") < section.index("=SUM(A1) WT mangler en")
    assert section.index("Medfinansieringsgrad") < section.index("Regionerne indberetter i januar")
    assert "<b>fed</b>" in section and "Linje to." in section
    assert "Ekstra matchmaking i Q4, ansvarlig sekretariat@dh.dk, frist 30. november 2020" in (
        " ".join(section.split())
    )
    assert "fra 2019" not in text and "Ikke indberettet" not in text


def test_a_clusters_report_has_national_and_its_own_notes(
    with_notes, kpi_fixture_warehouse, tmp_path
):
    files = build_report(
        YEAR, AS_OF, tmp_path / "out", kpi_fixture_warehouse, GENERATED, clusters=("LSI",)
    )
    scopes = [(r["KPI-id"], r["Omfang"]) for r in sheet_rows(files["xlsx"])]
    assert scopes == [
        ("G1.companies", "LSI"),
        ("G2.activities", "Hele netværket"),
        ("F.cofinancing_ratio", "Hele netværket"),
    ]
    assert "WT mangler" not in pdf_text(files["pdf"])
    assert all("WT mangler" not in r["Bemærkning"] for r in csv_rows(files["csv"]))


def test_no_notes_is_an_empty_sheet_and_a_sentence(notes_file, kpi_fixture_warehouse, tmp_path):
    files = build_report(YEAR, AS_OF, tmp_path / "out", kpi_fixture_warehouse, GENERATED)
    assert sheet_rows(files["xlsx"]) == []
    assert csv_rows(files["csv"]) == []
    assert "Ingen bemærkninger til nøgletallene for 2020." in pdf_text(files["pdf"])
    assert not notes_file.exists()  # reading created no notes file


def test_a_broken_notes_file_stops_the_report(notes_file, kpi_fixture_warehouse, tmp_path):
    notes_file.write_bytes(b"not a database at all" * 100)
    out = tmp_path / "out"
    with pytest.raises(ReportError) as info:
        build_report(YEAR, AS_OF, out, kpi_fixture_warehouse, GENERATED)
    assert str(notes_file) in str(info.value) and str(notes_file) in info.value.text("en")
    assert not out.exists() or not any(out.iterdir())


def test_a_note_written_in_the_dashboard_is_in_the_next_report(
    notes_file, monkeypatch, tmp_path, kpi_fixture_warehouse
):
    from tests.test_notes_page import app_as, open_detail, write_note

    at = open_detail(
        app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, "formand@region.dk"), "G2.activities"
    )
    write_note(at, "overview_note_new", "Skrevet på mødet")
    assert not at.error and not at.exception
    files = build_report(YEAR, AS_OF, tmp_path / "out", kpi_fixture_warehouse, GENERATED)
    [row] = sheet_rows(files["xlsx"])
    assert (row["KPI-id"], row["Bemærkning"], row["Skrevet af"]) == (
        "G2.activities",
        "Skrevet på mødet",
        "formand@region.dk",
    )
    assert "Skrevet på mødet" in pdf_text(files["pdf"])
