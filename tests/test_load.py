"""The load: readers, every input rule (docs/loading.md), rejections, swap, history, idempotency."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import xlsxwriter

from etl.cli import main
from etl.load import load_warehouse
from tests.loadkit import VALID_SET, query, write_csv, write_valid_set


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def valid_dir(tmp_path: Path) -> Path:
    return write_valid_set(tmp_path / "in")


@pytest.fixture
def wh(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "healthtech.duckdb"


# --- readers -----------------------------------------------------------------------------------


def test_valid_set_loads_every_row(valid_dir: Path, wh: Path) -> None:
    result = load_warehouse(valid_dir, wh)
    assert result.status == "loaded", result.message
    assert result.quarantine.empty
    counts = {
        t: query(wh, f"SELECT count(*) FROM {t}")[0][0]  # noqa: S608
        for t in VALID_SET
    }
    assert counts == {kind: len(rows) for kind, rows in VALID_SET.items()}
    # hand-worked derived values: 7.5 h × 550 = 4125; 20 h × 600 = 12000
    assert query(wh, "SELECT entry_id, value_dkk FROM inkind ORDER BY 1") == [
        ("E1", 4125),
        ("E2", 12000),
    ]
    # O1 has 12 employees (SME), O2 has 300 (not), O3 is no company
    assert query(wh, "SELECT org_id FROM organisations WHERE is_sme") == [("O1",)]
    assert query(wh, "SELECT cluster FROM activity_partners ORDER BY 1") == [("CHC",), ("WT",)]
    assert query(wh, "SELECT period_start::VARCHAR FROM funding WHERE funding_id = 'F1'") == [
        ("2020-01-01",)
    ]
    assert query(wh, "SELECT count(*) FROM dim_cluster")[0][0] == 4
    assert query(wh, "SELECT home_region FROM dim_cluster WHERE code = 'WT'") == [("Syddanmark",)]


def test_utf8_with_bom_and_cp1252_semicolon_decimal_comma_and_dmy_dates(
    valid_dir: Path, wh: Path
) -> None:
    rows = [dict(r) for r in VALID_SET["activities"]]
    rows[0].update(title="Møde på Ærø – sundhed", start_date="05-03-2020", end_date="06.03.2020")
    rows[1].update(start_date="01.10.2019", users_involved="Nej")
    (valid_dir / "activities.csv").unlink()
    write_csv(valid_dir / "activities_LSI.csv", rows, delimiter=";", encoding="cp1252")
    inkind = [dict(r) for r in VALID_SET["inkind"]]
    inkind[0].update(hours="7,5", hourly_rate_dkk="550,00")
    inkind[1].update(hours="20", hourly_rate_dkk="600")
    (valid_dir / "inkind.csv").unlink()
    write_csv(valid_dir / "inkind_MTIC.csv", inkind, delimiter=";", encoding="cp1252")
    funding = [dict(r) for r in VALID_SET["funding"]]
    funding[0]["amount_dkk"] = "1.234.567,50"
    (valid_dir / "funding.csv").unlink()
    write_csv(valid_dir / "funding.csv", funding, delimiter=";", encoding="cp1252")
    orgs = (valid_dir / "organisations.csv").read_bytes()
    (valid_dir / "organisations.csv").write_bytes(b"\xef\xbb\xbf" + orgs)

    result = load_warehouse(valid_dir, wh)
    assert result.status == "loaded", result.message
    assert result.quarantine.empty, result.quarantine.to_dict("records")
    assert query(
        wh,
        "SELECT title, start_date::VARCHAR, end_date::VARCHAR FROM activities "
        "WHERE activity_id = 'A1'",
    ) == [("Møde på Ærø – sundhed", "2020-03-05", "2020-03-06")]
    assert query(wh, "SELECT users_involved FROM activities WHERE activity_id = 'A2'") == [(False,)]
    assert query(wh, "SELECT hours, value_dkk FROM inkind WHERE entry_id = 'E1'") == [(7.5, 4125)]
    assert float(query(wh, "SELECT amount_dkk FROM funding WHERE funding_id = 'F1'")[0][0]) == (
        1234567.50
    )
    encodings = dict(query(wh, "SELECT file_name, encoding FROM load_log"))
    assert encodings["activities_LSI.csv"] == "cp1252"
    assert encodings["organisations.csv"] == "utf-8-sig"
    assert encodings["participations.csv"] == "utf-8"


def test_xlsx_first_sheet_with_title_row_and_messy_headers(valid_dir: Path, wh: Path) -> None:
    (valid_dir / "participations.csv").unlink()
    path = valid_dir / "participations_WT.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Deltagere")
    sheet.write_row(0, 0, ["Deltagelser eksporteret fra CRM"])
    sheet.write_row(1, 0, [" Activity_ID ", "ORG_ID", "Participants", "role", "Kommentar"])
    for i, row in enumerate(VALID_SET["participations"], start=2):
        sheet.write_row(
            i, 0, [row["activity_id"], row["org_id"], int(row["participants"]), row["role"], "ok"]
        )
    book.add_worksheet("Andet").write_row(0, 0, ["ignored"])
    book.close()

    result = load_warehouse(valid_dir, wh)
    assert result.status == "loaded", result.message
    assert query(wh, "SELECT sum(participants) FROM participations")[0][0] == 7  # 2+1+1+3
    summary = next(s for s in result.files if s.file_name == "participations_WT.xlsx")
    assert summary.rows_read == 4
    assert "kommentar" in summary.message  # extra columns are reported and ignored
    # quarantine row numbers follow the sheet: title row 1, header row 2, data from row 3
    bad = dict(VALID_SET["participations"][0], participants="0")
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Deltagelser"])
    sheet.write_row(1, 0, list(bad))
    sheet.write_row(2, 0, list(VALID_SET["participations"][1].values()))
    sheet.write_row(3, 0, list(bad.values()))
    book.close()
    result = load_warehouse(valid_dir, wh)
    assert [(r.row_number, r.rule) for r in result.quarantine.itertuples()] == [(4, "range")]


def test_decimal_comma_dates_from_excel_cells(valid_dir: Path, wh: Path) -> None:
    import datetime as dt

    (valid_dir / "inkind.csv").unlink()
    path = valid_dir / "inkind_CHC.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm"})
    sheet.write_row(0, 0, list(VALID_SET["inkind"][0]))
    for i, row in enumerate(VALID_SET["inkind"], start=1):
        year, month = map(int, row["month"].split("-"))
        sheet.write_row(i, 0, [row["entry_id"], row["org_id"], row["activity_id"]])
        sheet.write_datetime(i, 3, dt.datetime(year, month, 1), date_format)
        sheet.write_number(i, 4, float(row["hours"]))
        sheet.write_number(i, 5, float(row["hourly_rate_dkk"]))
        sheet.write_string(i, 6, row["documentation"])
    book.close()
    result = load_warehouse(valid_dir, wh)
    assert result.status == "loaded" and result.quarantine.empty, result.quarantine
    assert query(wh, "SELECT month::VARCHAR FROM inkind ORDER BY entry_id") == [
        ("2020-03-01",),
        ("2019-10-01",),
    ]


# --- every rule: one breaking row goes to quarantine with its rule and row number ---------------

RULE_CASES = [
    # (kind, row index in VALID_SET, change, rule, column)
    ("organisations", 0, {"cvr": "12345678"}, "cvr_checksum", "cvr"),
    ("organisations", 0, {"org_type": "startup"}, "enum", "org_type"),
    ("organisations", 0, {"region": ""}, "region_for_country", "region"),
    ("organisations", 3, {"region": "Hovedstaden"}, "region_for_country", "region"),
    ("organisations", 0, {"employees": "-3"}, "range", "employees"),
    ("organisations", 0, {"employees": "12 ansatte"}, "number_format", "employees"),
    ("organisations", 0, {"name": ""}, "required", "name"),
    ("organisations", 4, {"org_id": "O1"}, "unique", "org_id"),
    ("activities", 0, {"end_date": "2020-03-01"}, "end_before_start", "end_date"),
    ("activities", 0, {"partner_clusters": "LSI"}, "partner_is_lead", "partner_clusters"),
    ("activities", 0, {"partner_clusters": "XYZ"}, "enum", "partner_clusters"),
    ("activities", 0, {"start_date": "2020-02-30"}, "date_format", "start_date"),
    ("activities", 0, {"status": "done"}, "enum", "status"),
    ("activities", 0, {"theme": "AI"}, "enum", "theme"),
    ("activities", 0, {"users_involved": "maybe"}, "boolean_format", "users_involved"),
    ("activities", 0, {"activity_type": "party"}, "enum", "activity_type"),
    ("activities", 0, {"lead_cluster": "ABC"}, "enum", "lead_cluster"),
    ("participations", 0, {"participants": "0"}, "range", "participants"),
    ("participations", 0, {"role": "guest"}, "enum", "role"),
    ("participations", 4, {"activity_id": "A404"}, "reference", "activity_id"),
    ("participations", 4, {"org_id": "O404"}, "reference", "org_id"),
    ("participations", 4, {}, "unique", "activity_id+org_id"),
    ("inkind", 0, {"hourly_rate_dkk": "601"}, "rate_cap", "hourly_rate_dkk"),
    ("inkind", 0, {"hours": "745"}, "range", "hours"),
    ("inkind", 0, {"hours": "0"}, "range", "hours"),
    ("inkind", 0, {"month": "2020-13"}, "date_format", "month"),
    ("inkind", 0, {"documentation": "photo"}, "enum", "documentation"),
    ("inkind", 2, {"entry_id": "E1"}, "unique", "entry_id"),
    ("inkind", 0, {"activity_id": "A9"}, "reference", "activity_id"),
    ("funding", 0, {"quarter": "5"}, "range", "quarter"),
    ("funding", 0, {"amount_dkk": "-1"}, "range", "amount_dkk"),
    ("funding", 0, {"source": "lottery"}, "enum", "source"),
    ("funding", 1, {"region": ""}, "region_for_source", "region"),
    ("funding", 0, {"flow": "planned"}, "enum", "flow"),
    ("funding", 0, {"category": "food"}, "enum", "category"),
    ("applications", 0, {"amount_granted_dkk": ""}, "granted_amount", "amount_granted_dkk"),
    ("applications", 1, {"amount_granted_dkk": "5"}, "granted_amount", "amount_granted_dkk"),
    ("applications", 0, {"submitted_date": "1/5/2020"}, "date_format", "submitted_date"),
    ("applications", 0, {"fund": "lottery"}, "enum", "fund"),
    ("applications", 0, {"lead_org_id": "O9"}, "reference", "lead_org_id"),
    ("outcomes", 0, {"new_product": "perhaps"}, "boolean_format", "new_product"),
    ("outcomes", 2, {}, "unique", "org_id+year"),
    ("targets", 0, {"kpi_id": "G9.happiness"}, "unknown_kpi", "kpi_id"),
    ("targets", 0, {"scope": "Nordjylland"}, "enum", "scope"),
    ("targets", 0, {"target": "ti"}, "number_format", "target"),
]


@pytest.mark.parametrize(
    ("kind", "index", "change", "rule", "column"),
    RULE_CASES,
    ids=[f"{c[0]}-{c[3]}-{c[4]}" for c in RULE_CASES],
)
def test_each_rule_quarantines_only_the_breaking_row(
    tmp_path: Path, kind: str, index: int, change: dict, rule: str, column: str
) -> None:
    folder = write_valid_set(tmp_path / "in", {kind: {index: change}})
    wh = tmp_path / "wh.duckdb"
    result = load_warehouse(folder, wh)
    assert result.status == "loaded", result.message
    q = result.quarantine
    q = q[q["rule"] != "reference_quarantined"]  # rows that point at it: see the cascade test
    assert set(
        zip(q["source_file"], q["row_number"], q["rule"], q["column_name"], strict=True)
    ) == {(f"{kind}.csv", index + 2, rule, column)}
    rows = len(VALID_SET[kind]) + (1 if index >= len(VALID_SET[kind]) else 0)
    loaded = query(wh, f"SELECT count(*) FROM {kind}")[0][0]  # noqa: S608
    assert loaded == rows - 1
    stored = query(
        wh,
        "SELECT row_number, rule, message, original_value FROM quarantine WHERE source_file = ?",
        [f"{kind}.csv"],
    )
    assert len(stored) == 1 and stored[0][:2] == (index + 2, rule) and stored[0][2]
    if change and column in change:
        assert stored[0][3] == change[column]


def test_rows_pointing_at_quarantined_rows_are_quarantined_too(tmp_path: Path) -> None:
    # A1's CHC partner is fine, but a bad date quarantines A1; its 2 participations, 1 in-kind
    # entry and 1 application then point at a quarantined row.
    folder = write_valid_set(tmp_path / "in", {"activities": {0: {"start_date": "soon"}}})
    result = load_warehouse(folder, tmp_path / "wh.duckdb")
    rules = sorted(zip(result.quarantine["source_file"], result.quarantine["rule"], strict=True))
    assert rules == [
        ("activities.csv", "date_format"),
        ("applications.csv", "reference_quarantined"),
        ("inkind.csv", "reference_quarantined"),
        ("participations.csv", "reference_quarantined"),
        ("participations.csv", "reference_quarantined"),
    ]


def test_a_row_with_several_problems_is_counted_once(tmp_path: Path) -> None:
    change = {"inkind": {0: {"hours": "800", "hourly_rate_dkk": "900", "documentation": "?"}}}
    result = load_warehouse(write_valid_set(tmp_path / "in", change), tmp_path / "w.duckdb")
    assert sorted(result.quarantine["rule"]) == ["enum", "range", "rate_cap"]
    inkind = next(s for s in result.files if s.file_name == "inkind.csv")
    assert (inkind.rows_read, inkind.rows_loaded, inkind.rows_quarantined) == (2, 1, 1)


def test_rate_cap_is_configurable(tmp_path: Path) -> None:
    folder = write_valid_set(tmp_path / "in", {"inkind": {0: {"hourly_rate_dkk": "700"}}})
    result = load_warehouse(folder, tmp_path / "w.duckdb", rate_cap=750)
    assert result.quarantine.empty
    result = load_warehouse(folder, tmp_path / "w.duckdb", rate_cap=500)
    # 700 and 600 are both above a cap of 500
    assert sorted(result.quarantine["row_number"]) == [2, 3]
    assert set(result.quarantine["rule"]) == {"rate_cap"}


def test_extra_cells_beyond_the_header_are_quarantined_not_dropped(tmp_path: Path) -> None:
    folder = write_valid_set(tmp_path / "in")
    text = (folder / "participations.csv").read_text().splitlines()
    text[2] += ",surplus"
    (folder / "participations.csv").write_text("\n".join(text) + "\n")
    result = load_warehouse(folder, tmp_path / "w.duckdb")
    assert result.quarantine[["row_number", "rule", "original_value"]].values.tolist() == [
        [3, "field_count", "surplus"]
    ]


# --- rejections leave the warehouse byte-identical ----------------------------------------------


def _reject_cases(folder: Path) -> dict[str, tuple[callable, str]]:
    def missing_column() -> None:
        rows = [{k: v for k, v in r.items() if k != "role"} for r in VALID_SET["participations"]]
        write_csv(folder / "participations.csv", rows)

    def binary() -> None:
        (folder / "activities_x.csv").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)

    def undecodable() -> None:
        (folder / "outcomes.csv").write_bytes(b"org_id,year\n\x81\x8d,2020\n")

    def personal() -> None:
        rows = [dict(r, email=f"person{i}@firma.dk") for i, r in enumerate(VALID_SET["outcomes"])]
        write_csv(folder / "outcomes.csv", rows)

    def personal_by_content() -> None:
        rows = [dict(r, notes=f"+45 2{i}12 3456") for i, r in enumerate(VALID_SET["funding"] * 2)]
        for i, r in enumerate(rows):
            r["funding_id"] = f"F{i}"
        write_csv(folder / "funding.csv", rows)

    def broken_xlsx() -> None:
        (folder / "inkind_WT.xlsx").write_bytes(b"this is not a zip file at all")

    def empty() -> None:
        (folder / "targets_2020.csv").write_bytes(b"")

    def no_header() -> None:
        (folder / "targets_2020.csv").write_text("1,2,3\n4,5,6\n")

    def duplicate_header() -> None:
        (folder / "targets_2021.csv").write_text("kpi_id,year,scope,target,year\n")

    return {
        "missing_column": (missing_column, "participations.csv lacks the required column(s) role"),
        "binary": (binary, "activities_x.csv cannot be read: this is not a text file"),
        "undecodable": (undecodable, "outcomes.csv cannot be read: the text is neither UTF-8"),
        "personal": (personal, "outcomes.csv is refused: the column name 'email'"),
        "personal_by_content": (personal_by_content, "the column 'notes' holds phone numbers"),
        "broken_xlsx": (broken_xlsx, "inkind_WT.xlsx cannot be read: this is not a valid XLSX"),
        "empty": (empty, "targets_2020.csv cannot be read: the file is empty"),
        "no_header": (no_header, "targets_2020.csv cannot be read: no header row found"),
        "duplicate_header": (duplicate_header, "the column 'year' appears twice"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing_column",
        "binary",
        "undecodable",
        "personal",
        "personal_by_content",
        "broken_xlsx",
        "empty",
        "no_header",
        "duplicate_header",
    ],
)
def test_rejected_load_leaves_the_warehouse_byte_identical(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_valid_set(tmp_path / "in")
    wh = tmp_path / "wh" / "healthtech.duckdb"
    assert main(["load", "--input", str(folder), "--warehouse", str(wh)]) == 0
    before = _sha(wh)
    breaker, expected = _reject_cases(folder)[case]
    breaker()
    capsys.readouterr()
    assert main(["load", "--input", str(folder), "--warehouse", str(wh)]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert _sha(wh) == before
    assert [p.name for p in wh.parent.iterdir() if p.name.startswith("healthtech.duckdb.tmp")] == []


def test_strict_rejects_on_any_quarantined_row(tmp_path: Path) -> None:
    folder = write_valid_set(tmp_path / "in", {"inkind": {0: {"hourly_rate_dkk": "601"}}})
    wh = tmp_path / "w.duckdb"
    result = load_warehouse(folder, wh, strict=True)
    assert result.status == "rejected" and result.exit_code == 2
    assert "inkind.csv" in result.message and "Hourly rate above the cap" in result.message
    assert not wh.exists()
    assert load_warehouse(folder, wh).exit_code == 0


def test_a_failing_warehouse_check_rejects_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_valid_set(tmp_path / "in")
    wh = tmp_path / "w.duckdb"
    assert load_warehouse(folder, wh).exit_code == 0
    before = _sha(wh)
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "always_fails.sql").write_text("WITH x AS (SELECT 1 AS bad) SELECT * FROM x")
    monkeypatch.setattr("etl.load.sql_files", lambda folder: sorted(checks.glob("*.sql")))
    result = load_warehouse(folder, wh)
    assert result.status == "rejected"
    assert "always_fails" in result.message
    assert _sha(wh) == before


@pytest.mark.parametrize(
    ("table", "duplicate"),
    [
        ("participations", "SELECT * FROM participations LIMIT 1"),
        ("inkind", "SELECT * FROM inkind LIMIT 1"),
        ("targets", "SELECT * FROM targets LIMIT 1"),
        ("activity_partners", "SELECT * FROM activity_partners LIMIT 1"),
    ],
)
def test_the_key_check_finds_a_duplicate_key_in_a_fact_table(
    tmp_path: Path, table: str, duplicate: str
) -> None:
    """The fact tables have no PRIMARY KEY; keys_are_unique.sql is what guarantees their keys."""
    import duckdb

    from etl.load import run_checks

    folder = write_valid_set(tmp_path / "in")
    wh = tmp_path / "w.duckdb"
    assert load_warehouse(folder, wh).exit_code == 0
    con = duckdb.connect(str(wh))
    try:
        assert run_checks(con) == []
        con.execute(f"INSERT INTO {table} {duplicate}")  # noqa: S608 - the test's own names
        problems = run_checks(con)
    finally:
        con.close()
    assert len(problems) == 1
    assert "keys_are_unique" in problems[0] and table in problems[0]


def test_missing_input_folder_is_a_clear_rejection(tmp_path: Path, capsys) -> None:
    assert (
        main(["load", "--input", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb")])
        == 2
    )
    assert "does not exist" in capsys.readouterr().err


# --- history, archive, idempotency, stale WAL ------------------------------------------------


def _data_tables(wh: Path) -> dict[str, list[tuple]]:
    tables = [*VALID_SET, "activity_partners", "dim_cluster", "dim_region", "dim_theme"]
    out = {t: query(wh, f"SELECT * FROM {t} ORDER BY ALL") for t in tables}  # noqa: S608
    out["quarantine"] = query(wh, "SELECT * EXCLUDE (load_id) FROM quarantine ORDER BY ALL")
    return out


def test_loading_twice_is_idempotent_and_keeps_the_history(tmp_path: Path) -> None:
    folder = write_valid_set(tmp_path / "in", {"inkind": {0: {"hourly_rate_dkk": "601"}}})
    wh = tmp_path / "wh" / "healthtech.duckdb"
    first = load_warehouse(folder, wh)
    tables_first = _data_tables(wh)
    second = load_warehouse(folder, wh)
    assert (first.load_id, second.load_id) == (1, 2)
    assert _data_tables(wh) == tables_first
    assert query(wh, "SELECT load_id, files FROM load_runs ORDER BY 1") == [(1, 8), (2, 8)]
    assert query(wh, "SELECT count(*) FROM load_log")[0][0] == 16


def test_every_input_is_archived_by_sha256(tmp_path: Path) -> None:
    folder = write_valid_set(tmp_path / "in")
    wh = tmp_path / "wh" / "healthtech.duckdb"
    load_warehouse(folder, wh)
    original = (folder / "targets.csv").read_bytes()
    sha = hashlib.sha256(original).hexdigest()
    logged = query(wh, "SELECT sha256 FROM load_log WHERE file_name = 'targets.csv'")[0][0]
    assert logged == sha
    (folder / "targets.csv").write_text("overwritten later\n")
    assert (wh.parent / "archive" / f"{sha}.csv").read_bytes() == original


def test_a_stale_wal_beside_the_target_is_removed_before_the_swap(tmp_path: Path) -> None:
    folder = write_valid_set(tmp_path / "in")
    wh = tmp_path / "w.duckdb"
    load_warehouse(folder, wh)
    stale = tmp_path / "w.duckdb.wal"
    stale.write_bytes(b"left over by a crashed writer")
    assert load_warehouse(folder, wh).exit_code == 0
    assert not stale.exists()
    assert query(wh, "SELECT count(*) FROM activities")[0][0] == 2


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"garbage, not a database", "not a DuckDB database"),
        (b"PK\x03\x04 an xlsx workbook", "a zip archive (an .xlsx workbook?)"),
    ],
)
def test_a_warehouse_path_that_is_no_warehouse_is_refused_and_left_alone(
    tmp_path: Path, content: bytes, what: str, capsys
) -> None:
    folder = write_valid_set(tmp_path / "in")
    wh = tmp_path / "budget.xlsx"
    wh.write_bytes(content)
    code = main(["load", "--input", str(folder), "--warehouse", str(wh)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"--warehouse {wh} exists and is not a warehouse of this project ({what})" in err
    assert wh.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "budget.xlsx",
        "budget.xlsx.load.lock",
        "in",
    ]


def test_a_duckdb_file_of_another_project_is_refused(tmp_path: Path) -> None:
    import duckdb

    wh = tmp_path / "other.duckdb"
    con = duckdb.connect(str(wh))
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.close()
    before = _sha(wh)
    result = load_warehouse(write_valid_set(tmp_path / "in"), wh)
    assert result.status == "rejected"
    assert "a DuckDB database without a load history" in result.message
    assert _sha(wh) == before


def test_an_empty_file_is_no_warehouse_yet_and_is_loaded_over(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    wh.write_bytes(b"")
    assert load_warehouse(write_valid_set(tmp_path / "in"), wh).status == "loaded"
    assert query(wh, "SELECT load_id FROM load_runs") == [(1,)]


def test_cli_summary_names_files_counts_and_top_problems(tmp_path: Path, capsys) -> None:
    folder = write_valid_set(
        tmp_path / "in",
        {"participations": {0: {"role": "guest"}, 1: {"role": "viewer"}, 2: {"participants": "0"}}},
    )
    shutil.copy(folder / "targets.csv", folder / "README.txt")
    code = main(["load", "--input", str(folder), "--warehouse", str(tmp_path / "w.duckdb")])
    out = capsys.readouterr().out
    assert code == 0
    assert "participations.csv" in out and "2 × Unknown code in role" in out
    assert "(e.g. row 2 'guest')" in out
    assert "1 × Out of range in participants" in out
    assert "× enum" not in out and "× range" not in out  # words, never the rule's code
    assert "Datakvalitet" in out


def test_loading_the_shipped_sample_quarantines_exactly_the_deliberate_defects(
    sample_warehouse: Path,
) -> None:
    from etl.sample import DELIBERATE_DEFECTS

    stored = query(
        sample_warehouse, "SELECT source_file, row_number, column_name, rule FROM quarantine"
    )
    expected = {(d["file"], d["row"], d["column"], d["rule"]) for d in DELIBERATE_DEFECTS}
    assert set(stored) == expected
    assert len(stored) == len(expected) == 5


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-5", "0", "sekshundrede"])
def test_rate_cap_must_be_a_finite_amount_above_zero(tmp_path: Path, value: str, capsys) -> None:
    folder = write_valid_set(tmp_path / "in")
    wh = tmp_path / "w.duckdb"
    with pytest.raises(SystemExit) as exit_info:
        main(["load", "--input", str(folder), "--warehouse", str(wh), f"--rate-cap={value}"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--rate-cap" in err and f"'{value}'" in err and "Traceback" not in err
    assert not wh.exists()


def test_rate_cap_accepts_a_decimal_amount(tmp_path: Path) -> None:
    folder = write_valid_set(tmp_path / "in", {"inkind": {0: {"hourly_rate_dkk": "550.50"}}})
    wh = tmp_path / "w.duckdb"
    assert (
        main(["load", "--input", str(folder), "--warehouse", str(wh), "--rate-cap", "550.5"]) == 0
    )
    assert query(wh, "SELECT rate_cap_dkk FROM load_runs") == [(550.5,)]
    assert query(wh, "SELECT count(*) FROM quarantine WHERE rule = 'rate_cap'") == [(1,)]  # 600


# --- fail closed, history of older warehouses, the account of the folder (issue 11) -------------


def test_a_check_that_raises_rejects_the_load_and_never_passes_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A custom check that raises gives Pandera a failure without row numbers; that used to be
    dropped, so the whole chunk passed the check. Now the load is rejected (fail closed)."""
    import etl.schemas

    folder = write_valid_set(tmp_path / "in", {"organisations": {0: {"cvr": "12345678"}}})
    wh = tmp_path / "wh" / "healthtech.duckdb"
    assert (
        main(["load", "--input", str(write_valid_set(tmp_path / "ok")), "--warehouse", str(wh)])
        == 0
    )
    before = _sha(wh)

    def broken_checksum(text):
        raise ValueError("the checksum could not be computed")

    monkeypatch.setattr(etl.schemas, "valid_cvr", broken_checksum)
    capsys.readouterr()
    assert main(["load", "--input", str(folder), "--warehouse", str(wh)]) == 2
    err = capsys.readouterr().err
    assert (
        "organisations.csv (rows 2-5): the check 'cvr_checksum' on column 'cvr' of organisations "
        "could not be evaluated" in err
    )
    assert "ValueError" in err and "nothing was loaded" in err
    assert "This is a defect of ours: keep the files and report this message" in err
    assert "Traceback" not in err
    assert _sha(wh) == before


def test_the_history_of_a_warehouse_built_before_the_account_is_kept(tmp_path: Path) -> None:
    """An older warehouse has no load_skipped table and no rows_skipped / entries_skipped
    columns: its history is carried over (the new columns empty), and load ids go on."""
    import duckdb

    folder = write_valid_set(tmp_path / "in")
    wh = tmp_path / "wh" / "healthtech.duckdb"
    assert load_warehouse(folder, wh).load_id == 1
    con = duckdb.connect(str(wh))
    con.execute("DROP TABLE load_skipped")
    con.execute("ALTER TABLE load_log DROP COLUMN rows_skipped")
    con.execute("ALTER TABLE load_runs DROP COLUMN entries_skipped")
    con.close()
    (folder / "notes.md").write_text("hello")
    result = load_warehouse(folder, wh)
    assert result.load_id == 2, result.message
    assert query(wh, "SELECT load_id, entries_skipped FROM load_runs ORDER BY 1") == [
        (1, None),
        (2, 1),
    ]
    assert query(wh, "SELECT count(*) FROM load_log WHERE rows_skipped IS NULL") == [(8,)]
    assert query(wh, "SELECT load_id, entry_name, reason FROM load_skipped") == [
        (2, "notes.md", "not_data")
    ]


def test_the_account_names_every_entry_and_counts_skipped_rows(tmp_path: Path, capsys) -> None:
    folder = write_valid_set(tmp_path / "in")
    text = (folder / "targets.csv").read_text()
    (folder / "targets.csv").write_text("Mål 2020\n\n" + text + "\n\n")
    (folder / "LSI_participations.csv").write_text("x\n")
    (folder / "2021Q1").mkdir()
    code = main(["load", "--input", str(folder), "--warehouse", str(tmp_path / "w.duckdb")])
    out = capsys.readouterr().out
    assert code == 0
    targets_line = next(line for line in out.splitlines() if line.startswith("targets.csv"))
    assert targets_line.split() == ["targets.csv", "2", "2", "0", "4"]
    assert "Not read (2 of the folder's entries):" in out
    assert "  2021Q1/: a folder: files in folders inside the input folder are not read" in out
    assert "  LSI_participations.csv: its name does not start with a kind" in out


def test_a_warehouse_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    folder = write_valid_set(tmp_path / "in")
    (tmp_path / "wh").mkdir()
    (tmp_path / "wh" / "keep.txt").write_text("mine")
    result = load_warehouse(folder, tmp_path / "wh")
    assert result.status == "rejected"
    assert "exists and is not a warehouse of this project (a folder)" in result.message
    assert (tmp_path / "wh" / "keep.txt").read_text() == "mine"
