"""`healthtech kpis` through etl.cli.main: formats, languages and exit codes."""

from __future__ import annotations

import csv
import io
import json

import duckdb

from etl.cli import main
from warehouse.db import create_schema, record_build
from warehouse.kpi_catalogue import KPI_IDS
from warehouse.kpi_cli import CLI_COLUMNS as COLUMNS


def run(capsys, *argv):
    code = main(["kpis", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_csv(capsys, kpi_fixture_warehouse):
    code, out, err = run(
        capsys,
        "--year",
        "2020",
        "--as-of",
        "2020-10-31",
        "--format",
        "csv",
        "--warehouse",
        str(kpi_fixture_warehouse),
    )
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0].keys()) == COLUMNS
    assert [r["kpi_id"] for r in rows] == list(KPI_IDS)
    by_id = {r["kpi_id"]: r for r in rows}
    # plain numbers, '.' decimals, empty for NULL
    assert by_id["G1.inkind_dkk"]["actual"] == "20000"
    assert by_id["G3.outside_region_pct"]["actual"] == "46.2"
    assert by_id["G2.activities"] == {
        "kpi_id": "G2.activities",
        "year": "2020",
        "scope": "ALL",
        "actual": "6",
        "target": "10",
        "achievement_pct": "72",
        "status": "behind",
        # 2019 had 1 activity by 2019-10-31 and 1 at its end: 6 x 1/1 = 6 of 10 -> missed
        "forecast": "6",
        "forecast_status": "missed",
    }
    assert by_id["G1.smes"]["target"] == "" and by_id["G1.smes"]["status"] == "no_target"


def test_json_by_cluster(capsys, kpi_fixture_warehouse):
    code, out, _ = run(
        capsys,
        "--year",
        "2020",
        "--by",
        "cluster",
        "--as-of",
        "2020-10-31",
        "--format",
        "json",
        "--warehouse",
        str(kpi_fixture_warehouse),
    )
    assert code == 0
    data = json.loads(out)
    assert len(data) == len(KPI_IDS) * 4
    assert all(list(rec) == COLUMNS for rec in data)
    rec = next(r for r in data if r["kpi_id"] == "F.cofinancing_ratio" and r["scope"] == "WT")
    assert rec["actual"] is None and rec["achievement_pct"] is None
    assert rec["target"] == 0.3 and rec["status"] == "no_value"
    assert rec["forecast"] is None and rec["forecast_status"] == "no_value"


def test_all_years_without_year(capsys, kpi_fixture_warehouse):
    code, out, _ = run(
        capsys,
        "--as-of",
        "2020-10-31",
        "--format",
        "csv",
        "--warehouse",
        str(kpi_fixture_warehouse),
    )
    assert code == 0
    years = {r["year"] for r in csv.DictReader(io.StringIO(out))}
    assert years == {"2019", "2020"}


def test_table_in_danish_and_english(capsys, kpi_fixture_warehouse):
    wh = str(kpi_fixture_warehouse)
    code, out, _ = run(capsys, "--year", "2020", "--as-of", "2020-10-31", "--warehouse", wh)
    assert code == 0
    assert "Videnbro-aktiviteter" in out and "bagud" in out
    assert "20.000" in out  # Danish thousands separator
    assert "46,2" in out  # Danish decimal comma
    lines = out.splitlines()
    # aligned columns: every status word starts where the header's "Status" starts
    start = lines[0].index("Status")
    assert set(lines[1]) <= {"-", " "}
    assert all(line[start - 2 : start] == "  " and line[start] != " " for line in lines[2:])
    code, out, _ = run(
        capsys, "--year", "2020", "--as-of", "2020-10-31", "--lang", "en", "--warehouse", wh
    )
    assert code == 0
    assert "Knowledge-bridge activities" in out and "behind" in out and "20,000" in out


def test_missing_warehouse(capsys, tmp_path):
    code, out, err = run(capsys, "--warehouse", str(tmp_path / "nothing.duckdb"))
    assert code == 1 and out == ""
    assert "No warehouse" in err and "Traceback" not in err


def test_empty_warehouse(capsys, tmp_path):
    path = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    record_build(con)  # as a load of this code would: the build is this code's, the data none
    con.close()
    code, out, err = run(capsys, "--warehouse", str(path))
    assert code == 1 and out == ""
    assert "holds no data" in err


def test_not_a_warehouse(capsys, tmp_path):
    path = tmp_path / "junk.duckdb"
    path.write_text("not a database", encoding="utf-8")
    code, _, err = run(capsys, "--warehouse", str(path))
    assert code == 1
    assert "Cannot read the warehouse" in err and "Traceback" not in err


def test_table_names_scopes_in_words(capsys, kpi_fixture_warehouse):
    """The table is read by people: the national row and theme scopes by their words, no codes.

    CSV and JSON keep the codes of the contract (scope `ALL`, theme codes), for machines.
    """
    wh = str(kpi_fixture_warehouse)
    common = ("--year", "2020", "--as-of", "2020-10-31", "--warehouse", wh)
    _, out, _ = run(capsys, *common)
    assert "Hele netværket" in out and " ALL " not in out
    _, out, _ = run(capsys, *common, "--by", "theme")
    assert "Forebyggelse og prædiktiv sundhed" in out
    assert "PREVENTION" not in out and "HEALTH_DATA" not in out
    _, out, _ = run(capsys, *common, "--by", "theme", "--lang", "en")
    assert "PREVENTION" not in out and "HEALTH_DATA" not in out
    _, out, _ = run(capsys, *common, "--by", "theme", "--format", "csv")
    assert "PREVENTION" in out
