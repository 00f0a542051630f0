"""The dashboard never sends more rows to the browser than a person can read: the Explorer and
the quarantine table show at most 1,000 rows with "showing N of M" and a download of all rows.
(The Explorer query's limit and total are tested in tests/test_queries.py.)"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from etl.load import load_warehouse
from tests.loadkit import VALID_SET, write_csv, write_valid_set

ROOT = Path(__file__).resolve().parents[1]
BAD_ROWS = 1_234


def _warehouse_with_many_bad_rows(tmp_path: Path) -> Path:
    folder = write_valid_set(tmp_path / "in")
    # 1,234 participations of O1 in unknown activities: every one is quarantined (reference)
    rows = [dict(VALID_SET["participations"][0], activity_id=f"X{i:05d}") for i in range(BAD_ROWS)]
    write_csv(folder / "participations_LSI_extra.csv", rows)
    warehouse = tmp_path / "wh.duckdb"
    assert load_warehouse(folder, warehouse).exit_code == 0
    return warehouse


def test_quarantine_table_is_capped_with_a_count_and_a_full_download(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(_warehouse_with_many_bad_rows(tmp_path)))
    monkeypatch.setenv("HEALTHTECH_ACCESS", str(tmp_path / "no-access.toml"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception
    table = max(at.dataframe, key=lambda d: len(d.value))  # the quarantine table
    assert len(table.value) == 1_000
    assert "Showing 1,000 of 1,234 rows." in [c.value for c in at.caption]
    downloads = [b.proto.id for b in at.get("download_button")]
    assert any(i.endswith("dq_q_download") for i in downloads), downloads
