"""The themes drill-down (issue 12 item 3): the warehouse counts exactly the clicked
(theme, technology) cells, with distinct companies, and the page only draws what it gets.

Fixture: the valid set (tests/loadkit.py) plus, all led by LSI under HEALTH_DATA unless said:
A3 IOT on 2020-02-10 (O1 with 1 person, O2 with 4), A4 DIGITAL on 2020-03-20 but *planned*
(O2, 5), A5 without technology on 2020-01-15 (O4, 6). The valid set's A1 (HEALTH_DATA, DIGITAL,
2020-03-05: O1 2 people, O3 1) and A2 (CHC, PREVENTION, no technology, 2019-10-01: O2 1, O4 3).
Companies: O1 and O2; O3 is a knowledge institution, O4 a cluster. Values worked out by hand.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import ui.common
from etl.load import load_warehouse
from tests.loadkit import write_valid_set
from warehouse import queries
from warehouse.vocabulary import NO_TECHNOLOGY

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2020, 10, 31)
ONE_DAY = {"partner_clusters": ""}
EXTRA_ROWS = {
    "activities": {
        2: {"activity_id": "A3", "technology": "IOT", "start_date": "2020-02-10",
            "end_date": "2020-02-10", **ONE_DAY},
        3: {"activity_id": "A4", "status": "planned", "start_date": "2020-03-20",
            "end_date": "2020-03-20", **ONE_DAY},
        4: {"activity_id": "A5", "technology": "", "start_date": "2020-01-15",
            "end_date": "2020-01-15", **ONE_DAY},
    },
    "participations": {
        4: {"activity_id": "A3", "org_id": "O1", "participants": "1"},
        5: {"activity_id": "A3", "org_id": "O2", "participants": "4"},
        6: {"activity_id": "A4", "org_id": "O2", "participants": "5"},
        7: {"activity_id": "A5", "org_id": "O4", "participants": "6"},
    },
}  # fmt: skip
COLUMNS = ["theme", "period", "activities", "participants", "companies"]


@pytest.fixture(scope="module")
def themes_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse of the fixture above."""
    folder = write_valid_set(tmp_path_factory.mktemp("in"), EXTRA_ROWS)
    target = tmp_path_factory.mktemp("wh") / "healthtech.duckdb"
    result = load_warehouse(folder, target)
    assert result.status == "loaded" and result.quarantine.empty, result.message
    return target


def pair_rows(warehouse: Path, pairs, **kwargs) -> list[tuple]:
    """theme_pairs' rows as tuples, periods as dates."""
    df = queries.theme_pairs(pairs, as_of=AS_OF, warehouse=warehouse, **kwargs)
    assert list(df.columns) == COLUMNS
    return [
        (r.theme, r.period.date() if hasattr(r.period, "date") else r.period, r.activities,
         r.participants, r.companies)
        for r in df.itertuples()
    ]  # fmt: skip


def test_a_company_under_two_clicked_technologies_counts_once(themes_warehouse: Path) -> None:
    # HEALTH_DATA x DIGITAL and x IOT, 2020-Q1: A1 and A3 (not the planned A4, not A5 without a
    # technology); participants 2 + 1 + 1 + 4 = 8; companies O1 (in both) and O2 = 2, where the
    # sum over the two cells gives 1 + 2 = 3
    rows = pair_rows(
        themes_warehouse, [("HEALTH_DATA", "DIGITAL"), ("HEALTH_DATA", "IOT")], grain="quarter"
    )
    assert rows == [("HEALTH_DATA", date(2020, 1, 1), 2, 8, 2)]


def test_only_the_clicked_pairs_not_their_cross_product(themes_warehouse: Path) -> None:
    # (HEALTH_DATA, DIGITAL) and (PREVENTION, none): A1 and A2; the cross product would add A5
    # (HEALTH_DATA, none) to HEALTH_DATA's 2020
    rows = pair_rows(
        themes_warehouse, [("HEALTH_DATA", "DIGITAL"), ("PREVENTION", NO_TECHNOLOGY)], grain="year"
    )
    assert rows == [
        ("PREVENTION", date(2019, 1, 1), 1, 4, 1),
        ("HEALTH_DATA", date(2020, 1, 1), 1, 3, 1),
    ]


def test_pairs_keep_the_filters_and_an_empty_click_gives_nothing(themes_warehouse: Path) -> None:
    pairs = [("HEALTH_DATA", "DIGITAL"), ("PREVENTION", NO_TECHNOLOGY)]
    assert pair_rows(themes_warehouse, pairs, clusters=["CHC"], grain="year") == [
        ("PREVENTION", date(2019, 1, 1), 1, 4, 1)
    ]
    assert pair_rows(themes_warehouse, [], grain="year") == []
    with pytest.raises(ValueError, match="grain"):
        queries.theme_pairs(pairs, grain="week", warehouse=themes_warehouse)


def test_a_value_that_looks_like_sql_is_only_a_value(themes_warehouse: Path) -> None:
    assert pair_rows(themes_warehouse, [("HEALTH_DATA' OR '1'='1", "DIGITAL")]) == []


def trend_points(at: AppTest) -> dict[str, list]:
    """The trend chart's lines: theme label -> y values."""
    charts = at.get("plotly_chart")
    figure = json.loads(charts[-1].proto.spec)
    return {trace["name"]: values(trace["y"]) for trace in figure["data"]}


def values(y) -> list:
    """A trace's values, plain or as plotly's typed array ({"dtype", "bdata"} in base64)."""
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    return list(y)


def test_the_page_draws_the_warehouses_distinct_count(monkeypatch, themes_warehouse) -> None:
    """A box selection of two cells of one theme draws 2 companies in 2020-Q1, not 3."""
    drawn = ui.common.plot

    def plot_with_a_click(lang, fig, key, container=None, **kwargs):
        event = drawn(lang, fig, key, container, **kwargs)
        if key == "themes_matrix":
            points = [{"customdata": ["HEALTH_DATA", t]} for t in ("DIGITAL", "IOT")]
            return {"selection": {"points": points}}
        return event

    monkeypatch.setattr(ui.common, "plot", plot_with_a_click)
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(themes_warehouse))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"lang": "en", "year": "2020"})
    at.run()
    at.switch_page("pages/themes.py").run()
    at.radio(key="themes_measure").set_value("companies").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("×" in i.value for i in at.info)
    lines = trend_points(at)
    assert len(lines) == 1
    assert list(lines.values()) == [[2]]
