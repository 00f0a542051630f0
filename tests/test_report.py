"""The ministry report (issue 5): workbook, PDF and CSV zip built from real loaded warehouses.

Hand-worked values come from tests/data/kpi_fixture, year 2020 as of 2021-03-31 (a past year, so
the statuses are achieved / close / missed). The reports are built once per module and reused.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest
from pypdf import PdfReader

from report.build import build_report, report_names
from report.csvzip import csv_name, write_csv_zip
from report.data import load_report_data
from report.sheets import build_sheets
from report.workbook import write_workbook
from tests.nobrowser import HIDDEN_FLAG, browsers_in_reach, hidden_browser_env
from warehouse.kpi import kpi_table
from warehouse.kpi_catalogue import kpi_catalogue

YEAR = 2020
AS_OF = date(2021, 3, 31)
GENERATED = datetime(2021, 4, 1, 9, 30, tzinfo=UTC)
SHEETS = [
    "Forside",
    "Nøgletal",
    "Bemærkninger",
    "Aktiviteter",
    "Virksomheder",
    "Medfinansiering",
    "Økonomi",
    "Datakvalitet",
]
ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------------
# fixtures: each report is built once
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_report(kpi_fixture_warehouse, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("report_fixture")
    return build_report(YEAR, AS_OF, out, kpi_fixture_warehouse, generated_at=GENERATED)


@pytest.fixture(scope="module")
def sample_report(sample_warehouse, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("report_sample")
    return build_report(YEAR, AS_OF, out, sample_warehouse, generated_at=GENERATED)


@pytest.fixture(scope="module")
def fixture_book(fixture_report):
    return openpyxl.load_workbook(fixture_report["xlsx"])


@pytest.fixture(scope="module")
def sample_book(sample_report):
    return openpyxl.load_workbook(sample_report["xlsx"])


def header_row(ws, first: str) -> int:
    """The row number of the table header whose first cell is `first`."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first:
            return row[0].row
    raise AssertionError(f"no header {first!r} on {ws.title}")


def table(ws, first: str) -> list[dict]:
    """The rows of the table whose header starts with `first`, as dicts, up to the first gap."""
    top = header_row(ws, first)
    headers = [c.value for c in ws[top] if c.value is not None]
    rows = []
    for r in ws.iter_rows(min_row=top + 1, max_col=len(headers), values_only=True):
        if all(v is None for v in r):
            break
        rows.append(dict(zip(headers, r, strict=True)))
    return rows


def total_row(ws, first: str) -> dict:
    """The 'I alt' row after the table whose header starts with `first`."""
    top = header_row(ws, first)
    headers = [c.value for c in ws[top] if c.value is not None]
    for r in ws.iter_rows(min_row=top + 1, max_col=len(headers), values_only=True):
        if r[0] == "I alt":
            return dict(zip(headers, r, strict=True))
    raise AssertionError(f"no total row under {first!r} on {ws.title}")


# --------------------------------------------------------------------------------------------
# the files
# --------------------------------------------------------------------------------------------


def test_three_files_with_the_contract_names(fixture_report):
    assert set(fixture_report) == {"xlsx", "pdf", "csv"}
    assert fixture_report["xlsx"].name == "DanishHealthtech_rapport_2020.xlsx"
    assert fixture_report["pdf"].name == "DanishHealthtech_rapport_2020.pdf"
    assert fixture_report["csv"].name == "DanishHealthtech_rapport_2020_csv.zip"
    assert report_names(2020)["csv"] == "DanishHealthtech_rapport_2020_csv.zip"
    for path in fixture_report.values():
        assert path.stat().st_size > 0
    # nothing else is left behind in the output folder (no staging folder)
    assert sorted(p.name for p in fixture_report["xlsx"].parent.iterdir()) == sorted(
        p.name for p in fixture_report.values()
    )


def test_sheets_frozen_headers_autofilter(fixture_book):
    assert fixture_book.sheetnames == SHEETS
    for ws in fixture_book.worksheets:
        assert ws.freeze_panes is not None, ws.title
        assert ws.auto_filter.ref, ws.title
        # the frozen pane sits right under the autofiltered header row
        top = int("".join(ch for ch in ws.auto_filter.ref.split(":")[0] if ch.isdigit()))
        assert ws.freeze_panes == f"A{top + 1}", ws.title
        assert ws.column_dimensions["A"].width >= 6


def test_headers(fixture_book):
    def headers(name, first):
        ws = fixture_book[name]
        return [c.value for c in ws[header_row(ws, first)] if c.value is not None]

    assert headers("Nøgletal", "KPI-id") == [
        "KPI-id",
        "Indsatsområde",
        "Nøgletal",
        "Omfang",
        "Klyngens navn",
        "Faktisk",
        "Målværdi",
        "Målopfyldelse",
        "Status",
        "Enhed",
    ]
    assert headers("Aktiviteter", "Aktivitets-id")[:4] == [
        "Aktivitets-id",
        "Titel",
        "Type",
        "Ledende klynge",
    ]
    assert headers("Virksomheder", "CVR")[:3] == ["CVR", "Navn", "Størrelse"]
    assert headers("Datakvalitet", "Fil")[:4] == ["Fil", "Filtype", "Regel", "Forklaring"]


def test_charts_on_noegletal_and_oekonomi(fixture_book):
    assert len(fixture_book["Nøgletal"]._charts) >= 1
    assert len(fixture_book["Økonomi"]._charts) >= 1
    for name in ("Aktiviteter", "Virksomheder", "Datakvalitet"):
        assert fixture_book[name]._charts == []


def test_number_formats(fixture_book):
    ws = fixture_book["Medfinansiering"]
    top = header_row(ws, "Organisations-id")
    headers = [c.value for c in ws[top]]
    value_cell = ws.cell(top + 1, headers.index("Værdi (kr.)") + 1)
    assert "#,##0" in value_cell.number_format
    ws = fixture_book["Nøgletal"]
    top = header_row(ws, "KPI-id")
    headers = [c.value for c in ws[top]]
    achievement = ws.cell(top + 1, headers.index("Målopfyldelse") + 1)
    assert achievement.number_format.endswith("%")
    ws = fixture_book["Aktiviteter"]
    top = header_row(ws, "Aktivitets-id")
    headers = [c.value for c in ws[top]]
    start = ws.cell(top + 1, headers.index("Startdato") + 1)
    assert start.is_date


# --------------------------------------------------------------------------------------------
# hand-worked values (tests/data/kpi_fixture, 2020 as of 2021-03-31)
# --------------------------------------------------------------------------------------------


def test_forside(fixture_book):
    facts = {r["Felt"]: r["Værdi"] for r in table(fixture_book["Forside"], "Felt")}
    assert facts["Rapportår"] == 2020
    assert facts["Opgjort pr."].date() == AS_OF
    assert facts["Genereret"] == "2021-04-01 09:30:00+00:00"
    assert facts["Datagrundlag: indlæsning nr."] == 1
    assert facts["Filer indlæst"] == 8
    assert facts["Rækker i karantæne"] == 0
    # counted activities: completed, start in 2020 -> A01 A02 A03 A04 A07 A08 A10 (A05 planned,
    # A06 cancelled, A09 in 2019)
    assert facts["Talte aktiviteter"] == 7
    files = table(fixture_book["Forside"], "Fil")
    assert [f["Fil"] for f in files] == sorted(
        p.name for p in (ROOT / "tests" / "data" / "kpi_fixture").glob("*.csv")
    )
    for f in files:
        assert len(f["SHA-256"]) == 64
        assert f["Rækker i karantæne"] == 0


def test_forside_sha256_is_the_files(fixture_book):
    import hashlib

    files = table(fixture_book["Forside"], "Fil")
    for f in files:
        path = ROOT / "tests" / "data" / "kpi_fixture" / f["Fil"]
        assert f["SHA-256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_noegletal_hand_worked(fixture_book):
    rows = table(fixture_book["Nøgletal"], "KPI-id")
    got = {(r["KPI-id"], r["Omfang"]): r for r in rows}
    # G2.activities national: 7 counted activities (see test_forside), target 10 -> 70 % missed
    r = got[("G2.activities", "Hele netværket")]
    assert (r["Faktisk"], r["Målværdi"], r["Status"], r["Enhed"]) == (
        7,
        10,
        "ikke opfyldt",
        "antal",
    )
    assert r["Målopfyldelse"] == pytest.approx(0.70)
    # G1.companies: O01 O02 O05 (A01), O03 (A02), O04 (A03), O11 (A04), O09 (A07) = 7 of 8
    # -> 87.5 % close
    r = got[("G1.companies", "Hele netværket")]
    assert (r["Faktisk"], r["Målværdi"], r["Status"]) == (7, 8, "tæt på")
    assert r["Målopfyldelse"] == pytest.approx(0.875)
    # G1.inkind_dkk: companies' in-kind in 2020: 10*500 + 20*600 + 5*300 + 4*550 + 2.5*600
    # = 5000 + 12000 + 1500 + 2200 + 1500 = 22200 of 30000 -> 74 % missed
    r = got[("G1.inkind_dkk", "Hele netværket")]
    assert (r["Faktisk"], r["Status"], r["Enhed"]) == (22200, "ikke opfyldt", "kr.")
    # F.grant_utilisation_pct: ministry spent 80000+40000+90000+0 = 210000 of allocated
    # 100000+100000+120000+50000 = 370000 -> 56.8 %, stored as the fraction 0.568
    r = got[("F.grant_utilisation_pct", "Hele netværket")]
    assert r["Faktisk"] == pytest.approx(0.568)
    # G2.activities per cluster: LSI A01; MTIC A02; WT A03 A10; CHC A04 A07 A08
    assert [got[("G2.activities", c)]["Faktisk"] for c in ("LSI", "MTIC", "WT", "CHC")] == [
        1,
        1,
        2,
        3,
    ]
    # 18 KPIs x (national + 4 clusters)
    assert len(rows) == 18 * 5
    assert [r["Omfang"] for r in rows[:18]] == ["Hele netværket"] * 18


def test_aktiviteter_hand_worked(fixture_book):
    rows = table(fixture_book["Aktiviteter"], "Aktivitets-id")
    # sorted by start date
    assert [r["Aktivitets-id"] for r in rows] == ["A01", "A02", "A03", "A04", "A10", "A08", "A07"]
    a03 = next(r for r in rows if r["Aktivitets-id"] == "A03")
    # A03: O03 O07 O08 O04 O10 take part (5); companies O03 O04 (2); participants 1+2+1+1+1 = 6
    assert a03["Deltagende organisationer"] == 5
    assert a03["Heraf virksomheder"] == 2
    assert a03["Deltagere"] == 6
    assert a03["Partnerklynger"] == "LSI, CHC"
    assert a03["Ledende klynge"] == "WT"
    assert a03["Type"] == "Konference"
    assert a03["Startdato"].date() == date(2020, 5, 20)
    assert a03["Værtsregion"] == "Region Syddanmark"


def test_virksomheder_hand_worked(fixture_book):
    rows = {r["Organisations-id"]: r for r in table(fixture_book["Virksomheder"], "CVR")}
    assert set(rows) == {"O01", "O02", "O03", "O04", "O05", "O09", "O11"}
    # O04 Kbh Implant ApS (10 employees): A03 (WT), A04 (CHC), A08 (CHC)
    o04 = rows["O04"]
    assert (o04["CVR"], o04["Navn"], o04["Antal aktiviteter"], o04["Klynger mødt"]) == (
        "45678903",
        "Kbh Implant ApS",
        3,
        "WT, CHC",
    )
    assert o04["Størrelse"] == "Lille (10-49 ansatte)"
    assert rows["O11"]["Størrelse"] == "Stor (250 ansatte eller flere)"  # 250 employees
    assert rows["O09"]["Størrelse"] == "Mellemstor (50-249 ansatte)"  # 249
    assert rows["O09"]["Antal aktiviteter"] == 1  # A07 only: A05 planned, A06 cancelled
    assert rows["O05"]["Land"] == "DE"


def test_medfinansiering_hand_worked(fixture_book):
    ws = fixture_book["Medfinansiering"]
    # in-kind 2020 from all organisations: 5000 + 12000 + 3200 (O06) + 1500 + 2200 + 1500
    total = total_row(ws, "Organisations-id")
    assert total["Værdi (kr.)"] == pytest.approx(25400)
    assert total["Timer"] == pytest.approx(10 + 20 + 8 + 5 + 4 + 2.5)
    regions = {r["Region"]: r for r in table(ws, "Region")}
    assert regions["Region Nordjylland"]["Forbrugt (kr.)"] == 20000
    assert regions["Region Syddanmark"]["Forbrugt (kr.)"] == 10000
    assert regions["Region Midtjylland"]["Tildelt (kr.)"] == 30000
    ratio = {r["Post"]: r["Beløb (kr.) / forhold"] for r in table(ws, "Post")}
    # (25400 + 30000) / 210000 = 0.2638 -> 0.26
    assert ratio["Medfinansieringsgrad (medfinansiering ÷ ministeriets forbrug)"] == 0.26
    assert ratio["Ministeriets bevilling, forbrugt"] == 210000


def test_oekonomi_hand_worked(fixture_book):
    ws = fixture_book["Økonomi"]
    rows = table(ws, "Klynge")
    got = {(r["Klynge"], r["Kategori"], r["Kvartal"]): r for r in rows}
    assert got[("LSI", "Løn", 1)]["Tildelt (kr.)"] == 100000
    assert got[("LSI", "Løn", 1)]["Forbrugt (kr.)"] == 80000
    assert got[("LSI", "Løn", 1)]["Forbrugsgrad"] == pytest.approx(0.8)
    assert got[("LSI", "Drift", 4)]["Forbrugt (kr.)"] == 40000
    assert got[("WT", "Løn", 1)]["Forbrugt (kr.)"] == 0
    total = total_row(ws, "Klynge")
    assert (total["Tildelt (kr.)"], total["Forbrugt (kr.)"]) == (370000, 210000)
    # the EU and regional rows are not the ministry grant; 2019 rows are not 2020
    assert len(rows) == 5


def test_datakvalitet_empty_when_nothing_quarantined(fixture_book):
    assert table(fixture_book["Datakvalitet"], "Fil") == []


# --------------------------------------------------------------------------------------------
# reconciliation with the KPI engine and with the warehouse's own sums
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["fixture", "sample"])
def test_noegletal_equals_kpi_engine(which, request):
    book = request.getfixturevalue(f"{which}_book")
    warehouse = request.getfixturevalue(
        f"{'kpi_fixture' if which == 'fixture' else 'sample'}_warehouse"
    )
    units = {d.id: d.unit for d in kpi_catalogue()}
    names = {d.id: d.name_da for d in kpi_catalogue()}
    expected = []
    for by in ("national", "cluster"):
        expected += kpi_table(YEAR, by=by, as_of=AS_OF, warehouse=warehouse).to_dict("records")
    rows = table(book["Nøgletal"], "KPI-id")
    assert len(rows) == len(expected)
    sheet = {
        (r["KPI-id"], "ALL" if r["Omfang"] == "Hele netværket" else r["Omfang"]): r for r in rows
    }

    def same(cell, value, unit):
        if value != value:  # NaN: no value
            return cell is None
        scale = 100 if unit == "%" else 1
        return cell == pytest.approx(value / scale)

    for e in expected:
        r = sheet[(e["kpi_id"], e["scope"])]
        unit = units[e["kpi_id"]]
        assert r["Nøgletal"] == names[e["kpi_id"]]
        assert same(r["Faktisk"], e["actual"], unit), e
        assert same(r["Målværdi"], e["target"], unit), e
        assert same(r["Målopfyldelse"], e["achievement_pct"], "%"), e
        status_words = {
            "achieved": "opfyldt",
            "close": "tæt på",
            "missed": "ikke opfyldt",
            "on_track": "på sporet",
            "at_risk": "i risiko",
            "behind": "bagud",
            "not_started": "ikke startet",
            "no_target": "intet mål",
            "no_value": "ingen værdi",
        }
        assert r["Status"] == status_words[e["status"]], e


@pytest.mark.parametrize("which", ["fixture", "sample"])
def test_sums_equal_the_warehouse(which, request):
    book = request.getfixturevalue(f"{which}_book")
    warehouse = request.getfixturevalue(
        f"{'kpi_fixture' if which == 'fixture' else 'sample'}_warehouse"
    )
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        inkind_value, inkind_hours = con.execute(
            "SELECT sum(value_dkk), sum(hours) FROM inkind WHERE year(month) = ? AND month <= ?",
            [YEAR, AS_OF],
        ).fetchone()
        region_allocated, region_spent = con.execute(
            "SELECT coalesce(sum(amount_dkk) FILTER (WHERE flow = 'allocated'), 0), "
            "coalesce(sum(amount_dkk) FILTER (WHERE flow = 'spent'), 0) FROM funding "
            "WHERE source = 'region' AND year = ? AND period_start <= ?",
            [YEAR, AS_OF],
        ).fetchone()
        ministry_allocated, ministry_spent = con.execute(
            "SELECT coalesce(sum(amount_dkk) FILTER (WHERE flow = 'allocated'), 0), "
            "coalesce(sum(amount_dkk) FILTER (WHERE flow = 'spent'), 0) FROM funding "
            "WHERE source = 'ministry' AND year = ? AND period_start <= ?",
            [YEAR, AS_OF],
        ).fetchone()
    finally:
        con.close()

    med = book["Medfinansiering"]
    inkind_rows = table(med, "Organisations-id")
    assert sum(r["Værdi (kr.)"] for r in inkind_rows) == pytest.approx(float(inkind_value))
    assert total_row(med, "Organisations-id")["Værdi (kr.)"] == pytest.approx(float(inkind_value))
    assert total_row(med, "Organisations-id")["Timer"] == pytest.approx(float(inkind_hours))
    region_rows = table(med, "Region")
    assert sum(r["Tildelt (kr.)"] for r in region_rows) == pytest.approx(float(region_allocated))
    assert sum(r["Forbrugt (kr.)"] for r in region_rows) == pytest.approx(float(region_spent))
    ratio = {r["Post"]: r["Beløb (kr.) / forhold"] for r in table(med, "Post")}
    assert ratio["Ministeriets bevilling, forbrugt"] == pytest.approx(float(ministry_spent))
    assert ratio["In-kind fra alle organisationer"] == pytest.approx(float(inkind_value))

    oek = book["Økonomi"]
    rows = table(oek, "Klynge")
    assert sum(r["Tildelt (kr.)"] for r in rows) == pytest.approx(float(ministry_allocated))
    assert sum(r["Forbrugt (kr.)"] for r in rows) == pytest.approx(float(ministry_spent))
    total = total_row(oek, "Klynge")
    assert total["Tildelt (kr.)"] == pytest.approx(float(ministry_allocated))
    assert total["Forbrugt (kr.)"] == pytest.approx(float(ministry_spent))
    quarters = table(oek, "Kvartal")
    assert sum(r["Forbrugt (kr.)"] for r in quarters) == pytest.approx(float(ministry_spent))


def test_datakvalitet_counts_the_quarantine(sample_book, sample_warehouse):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        expected = con.execute(
            "SELECT source_file, rule, count(DISTINCT row_number) FROM quarantine "
            "WHERE load_id = (SELECT max(load_id) FROM load_runs) GROUP BY ALL"
        ).fetchall()
        total = con.execute(
            "SELECT rows_quarantined FROM load_runs ORDER BY load_id DESC"
        ).fetchone()
    finally:
        con.close()
    rows = table(sample_book["Datakvalitet"], "Fil")
    assert sorted((r["Fil"], r["Regel"], r["Rækker"]) for r in rows) == sorted(expected)
    facts = {r["Felt"]: r["Værdi"] for r in table(sample_book["Forside"], "Felt")}
    assert facts["Rækker i karantæne"] == total[0]


# --------------------------------------------------------------------------------------------
# CSV zip
# --------------------------------------------------------------------------------------------


def _csv_tables(path: Path) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(path) as zf:
        return {
            name: list(csv.reader(io.StringIO(zf.read(name).decode("utf-8"))))
            for name in zf.namelist()
        }


def _same(cell, text: str) -> bool:
    if cell is None:
        return text == ""
    if isinstance(cell, datetime):
        return text in (cell.date().isoformat(), cell.isoformat(sep=" "))
    if isinstance(cell, int | float):
        return float(text) == pytest.approx(cell)
    if cell[:1] in ("=", "+", "-", "@"):
        return text == "'" + cell
    return text == cell


def test_csv_zip_equals_the_sheets(fixture_report, fixture_book):
    tables = _csv_tables(fixture_report["csv"])
    assert "Noegletal.csv" in tables and "Oekonomi.csv" in tables
    assert {"Forside.csv", "Aktiviteter.csv", "Virksomheder.csv", "Medfinansiering.csv"} <= set(
        tables
    )
    assert "Datakvalitet.csv" in tables
    checks = {
        "Noegletal.csv": ("Nøgletal", "KPI-id"),
        "Aktiviteter.csv": ("Aktiviteter", "Aktivitets-id"),
        "Virksomheder.csv": ("Virksomheder", "CVR"),
        "Medfinansiering.csv": ("Medfinansiering", "Organisations-id"),
        "Medfinansiering_regioner.csv": ("Medfinansiering", "Region"),
        "Oekonomi.csv": ("Økonomi", "Klynge"),
        "Forside_filer.csv": ("Forside", "Fil"),
        "Forside.csv": ("Forside", "Felt"),
    }
    for name, (sheet, first) in checks.items():
        lines = tables[name]
        rows = table(fixture_book[sheet], first)
        headers = list(rows[0]) if rows else lines[0]
        assert lines[0] == headers, name
        assert len(lines) - 1 == len(rows), name
        for line, row in zip(lines[1:], rows, strict=True):
            for text, cell in zip(line, row.values(), strict=True):
                assert _same(cell, text), (name, text, cell)


def test_long_tables_are_cut_in_the_workbook_and_whole_in_the_csv(
    kpi_fixture_warehouse, tmp_path, monkeypatch
):
    from report import workbook

    # the limit is 20,000 rows; 3 shows the cut on the fixture's 7 counted activities
    monkeypatch.setattr(workbook, "MAX_WORKBOOK_ROWS", 3)
    sheets = build_sheets(load_report_data(YEAR, AS_OF, kpi_fixture_warehouse, GENERATED))
    book = openpyxl.load_workbook(
        write_workbook(sheets, tmp_path / "r.xlsx", datetime(2021, 4, 1), YEAR)
    )
    ws = book["Aktiviteter"]
    assert [r["Aktivitets-id"] for r in table(ws, "Aktivitets-id")] == ["A01", "A02", "A03"]
    notes = [c.value for c in ws["A"] if "viser de første" in str(c.value)]
    assert notes == [
        "Aktiviteter: viser de første 3 af 7 rækker; alle rækker er i Aktiviteter.csv i "
        "CSV-zip-filen. I alt gælder alle rækker."
    ]
    lines = _csv_tables(write_csv_zip(sheets, tmp_path / "r.zip"))["Aktiviteter.csv"]
    assert len(lines) == 1 + 7  # every row in the CSV
    participants = lines[0].index("Deltagere")
    # A03 alone has 6 participants; the total sums all seven activities, not the three shown
    total = total_row(ws, "Aktivitets-id")["Deltagere"]
    assert total == sum(int(float(line[participants])) for line in lines[1:]) > 6
    assert not any("viser de første" in str(c.value) for c in book["Datakvalitet"]["A"])


# --------------------------------------------------------------------------------------------
# formulas stay text
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory) -> Path:
    """The KPI fixture with titles and names that a spreadsheet would read as formulas, and one
    in-kind row above the rate cap (so the quarantine is not empty)."""
    from etl.load import load_warehouse

    folder = tmp_path_factory.mktemp("hostile_input")
    for path in (ROOT / "tests" / "data" / "kpi_fixture").glob("*.csv"):
        shutil.copy(path, folder / path.name)
    acts = (folder / "activities.csv").read_text(encoding="utf-8")
    acts = acts.replace("Sensorer i hjemmet", '"=HYPERLINK(""http://x"",""klik"")"')
    acts = acts.replace("Lighed i sundhed 2020", "+45 sundhed")
    (folder / "activities.csv").write_text(acts, encoding="utf-8")
    orgs = (folder / "organisations.csv").read_text(encoding="utf-8")
    orgs = orgs.replace("Nordsensor ApS", "@SUM(1+1) ApS").replace("Fyn Data ApS", "-Fyn Data ApS")
    (folder / "organisations.csv").write_text(orgs, encoding="utf-8")
    with (folder / "inkind.csv").open("a", encoding="utf-8") as fh:
        fh.write("K99,O01,A01,2020-05,3,900,timesheet\n")
    target = tmp_path_factory.mktemp("hostile_wh") / "healthtech.duckdb"
    result = load_warehouse(folder, target)
    assert result.status == "loaded", result.message
    return target


def test_formula_like_text_is_text(hostile_warehouse, tmp_path):
    data = load_report_data(YEAR, AS_OF, hostile_warehouse, GENERATED)
    sheets = build_sheets(data)
    xlsx = write_workbook(sheets, tmp_path / "r.xlsx", datetime(2021, 4, 1), YEAR)
    book = openpyxl.load_workbook(xlsx)
    hostile = {'=HYPERLINK("http://x","klik")', "+45 sundhed", "@SUM(1+1) ApS", "-Fyn Data ApS"}
    seen = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in hostile:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    seen.add(cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type != "f", (ws.title, cell.coordinate)
    assert seen == hostile
    zipped = write_csv_zip(sheets, tmp_path / "r.zip")
    tables = _csv_tables(zipped)
    acts = {line[0]: line[1] for line in tables["Aktiviteter.csv"][1:]}
    assert acts["A01"] == '\'=HYPERLINK("http://x","klik")'
    assert acts["A03"] == "'+45 sundhed"
    names = {line[1] for line in tables["Virksomheder.csv"][1:]}
    assert {"'@SUM(1+1) ApS", "'-Fyn Data ApS"} <= names
    # the rate above the cap is in quarantine and on the Datakvalitet sheet
    quality = table(book["Datakvalitet"], "Fil")
    assert [(r["Fil"], r["Regel"], r["Rækker"]) for r in quality] == [("inkind.csv", "rate_cap", 1)]
    assert csv_name(sheets[1].tables[0]) == "Noegletal.csv"


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


def _colours(page) -> set[str]:
    """The fill and stroke colours (as #rrggbb) that a PDF page's drawing operators set."""
    content = page.get_contents().get_data().decode("latin-1")
    found = set()
    for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", content):
        found.add("#" + "".join(f"{round(float(v) * 255):02x}" for v in (r, g, b)))
    return found


def _rectangles(page) -> int:
    return len(re.findall(r" re\b", page.get_contents().get_data().decode("latin-1")))


def test_pdf_pages_and_text(fixture_report):
    reader = PdfReader(fixture_report["pdf"])
    assert 2 <= len(reader.pages) <= 6
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Danish Healthtech" in text
    assert "Uddannelses- og Forskningsministeriet" in text
    for d in kpi_catalogue():
        assert d.name_da in text, d.name_da
    assert "datakvalitet" in text
    assert "31. marts 2021" in text


def test_pdf_first_page_is_the_summary(fixture_report):
    reader = PdfReader(fixture_report["pdf"])
    first = reader.pages[0]
    text = " ".join(first.extract_text().split())  # a long name wraps in its cell
    assert "Rapport for 2020 til Uddannelses- og Forskningsministeriet" in text
    assert "LifeScience Innovation" in text  # the network
    assert "31. marts 2021" in text  # as of
    assert "Scorecard 2020" in text
    for d in kpi_catalogue():  # the scorecard by goal
        assert d.name_da in text, d.name_da
    assert "Mål 1: Vækst i virksomheder" in text
    # status words: G1.companies 7 of 8 = 87.5 % -> close; G2.activities 7 of 10 -> missed
    assert "tæt på" in text and "ikke opfyldt" in text
    assert "87,5 %" in text and "70,0 %" in text
    # headline figures (Danish numbers): in-kind of all organisations 25.400 kr., 22.200 kr. of
    # it from companies; ministry spent 210.000 of 370.000 kr. allocated = 56,8 %; co-financing
    # (25.400 + 30.000) / 210.000 = 0,26
    for figure in ("25.400 kr.", "22.200 kr.", "210.000 kr.", "370.000 kr.", "56,8 %", "0,26"):
        assert figure in text, figure
    # the status colours of the dashboard beside the words: orange (close), vermilion (missed)
    assert {"#e69f00", "#d55e00"} <= _colours(first)
    # the provenance is not on the summary page but in the appendix
    assert "SHA-256" not in text


def test_pdf_appendix_holds_the_provenance(fixture_report):
    import hashlib

    reader = PdfReader(fixture_report["pdf"])
    pages = [page.extract_text() for page in reader.pages]
    start = next(i for i, t in enumerate(pages) if "Bilag: Datagrundlag og datakvalitet" in t)
    appendix = "\n".join(pages[start:])
    body = "\n".join(pages[:start])
    for path in sorted((ROOT / "tests" / "data" / "kpi_fixture").glob("*.csv")):
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        assert sha in appendix, path.name
        assert sha not in body, path.name
    assert "Ingen rækker blev sat i karantæne." in appendix
    assert "Indlæsning nr." in appendix
    assert start == len(pages) - 1  # at the end


def test_pdf_charts_are_vector_drawings(fixture_report):
    reader = PdfReader(fixture_report["pdf"])
    assert sum(len(page.images) for page in reader.pages) == 0  # no pictures of charts
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in (
        "Målopfyldelse 2020, hele netværket (%)",
        "Målopfyldelse pr. nøgletal og klynge 2020 (%)",
        "Talte aktiviteter 2020 pr. ledende klynge og type",
        "Ministeriets bevilling 2020: tildelt og forbrugt pr. klynge (kr.)",
    ):
        assert title in text, title
    # chart labels in Danish notation: the 100 % target line; the ministry grant (LSI 200.000
    # allocated, 120.000 spent = 60,0 %; MTIC 120.000 / 90.000 = 75,0 %)
    for label in ("mål 100 %", "200.000", "forbrugt 60,0 %", "forbrugt 75,0 %"):
        assert label in text, label
    colours = set().union(*(_colours(page) for page in reader.pages[1:]))
    # status bars (orange close, vermilion missed), the grant's blue, the heat scale's ends
    # (G2.activities per cluster: MTIC 1 of 2 = 50 %, CHC 3 of 2 = 150 %, centred on 100 %)
    assert {"#e69f00", "#d55e00", "#0072b2", "#00224e", "#fee838"} <= colours
    assert sum(_rectangles(page) for page in reader.pages[1:]) > 40


def test_pdf_embeds_every_font_it_uses(fixture_report):
    reader = PdfReader(fixture_report["pdf"])
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts[str(font["/BaseFont"])] = embedded
    assert fonts and all(fonts.values()), fonts  # no system font, no PDF base font
    assert all("BitstreamVeraSans" in name for name in fonts), fonts


def test_pdf_pages_on_the_sample(sample_report):
    reader = PdfReader(sample_report["pdf"])
    assert 2 <= len(reader.pages) <= 6
    assert sum(len(page.images) for page in reader.pages) == 0


def test_the_report_needs_no_browser(kpi_fixture_warehouse, tmp_path):
    """`healthtech report` in a process that can find no browser at all (PATH without any, no
    variable naming one) writes the three files, and the PDF has its charts."""
    if os.environ.get(HIDDEN_FLAG) == "1":  # `make test-no-browser` hid them from this process
        assert browsers_in_reach() == []
    env = hidden_browser_env(os.environ, tmp_path / "bin")
    probe = [sys.executable, "-c", "from tests.nobrowser import browsers_in_reach as b; print(b())"]
    seen = subprocess.run(probe, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert seen.returncode == 0 and seen.stdout.strip() == "[]", (seen.stdout, seen.stderr)
    out = tmp_path / "out"
    command = [
        str(Path(sys.executable).with_name("healthtech")),
        "report",
        "--year",
        "2020",
        "--as-of",
        "2021-03-31",
        "--out",
        str(out),
        "--warehouse",
        str(kpi_fixture_warehouse),
    ]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(report_names(2020).values())
    reader = PdfReader(out / report_names(2020)["pdf"])
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Talte aktiviteter 2020 pr. ledende klynge og type" in text
    assert {"#e69f00", "#d55e00"} <= set().union(*(_colours(p) for p in reader.pages[1:]))


# --------------------------------------------------------------------------------------------
# reproducible
# --------------------------------------------------------------------------------------------


def test_same_inputs_give_the_same_cells(
    fixture_report, fixture_book, kpi_fixture_warehouse, tmp_path
):
    other = build_report(
        YEAR, AS_OF, tmp_path, kpi_fixture_warehouse, generated_at=datetime(2030, 1, 1, 12, 0)
    )
    book = openpyxl.load_workbook(other["xlsx"])
    assert book.sheetnames == fixture_book.sheetnames
    differences = []
    for ws in fixture_book.worksheets:
        ws2 = book[ws.title]
        assert ws.max_row == ws2.max_row and ws.max_column == ws2.max_column
        for row, row2 in zip(ws.iter_rows(), ws2.iter_rows(), strict=True):
            for a, b in zip(row, row2, strict=True):
                if a.value != b.value:
                    differences.append((ws.title, a.coordinate))
    generated = header_row(fixture_book["Forside"], "Genereret")
    assert differences == [("Forside", f"B{generated}")]
    # the CSVs differ only in the generated-at line; the zip of the same moment is byte-identical
    again = build_report(
        YEAR, AS_OF, tmp_path / "again", kpi_fixture_warehouse, generated_at=GENERATED
    )
    assert again["csv"].read_bytes() == fixture_report["csv"].read_bytes()
    assert again["xlsx"].read_bytes() == fixture_report["xlsx"].read_bytes()
    assert again["pdf"].read_bytes() == fixture_report["pdf"].read_bytes()


# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------


def test_cli_report(kpi_fixture_warehouse, tmp_path, capsys):
    from etl.cli import main

    code = main(
        [
            "report",
            "--year",
            "2020",
            "--as-of",
            "2021-03-31",
            "--out",
            str(tmp_path),
            "--warehouse",
            str(kpi_fixture_warehouse),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    for name in report_names(2020).values():
        assert (tmp_path / name).exists()
        assert name in out


def test_cli_report_without_warehouse(tmp_path, capsys):
    from etl.cli import main

    code = main(
        [
            "report",
            "--year",
            "2020",
            "--out",
            str(tmp_path / "out"),
            "--warehouse",
            str(tmp_path / "none.duckdb"),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "none.duckdb" in err and "healthtech load" in err
    assert not (tmp_path / "out").exists()
