"""The semantic layer (warehouse/sql/models/, built by etl/load_models.py): views and table
macros stored in the warehouse file, used through a read-only connection.

Fixture: the valid set (tests/loadkit.py) plus A3, a *planned* copy of A1 without technology,
partners or participations. Keys (docs/loading.md, "Keys"): O1..O4 are 1..4; A2 (2019-10-01) is
1, A1 (2020-03-05) 2, A3 (2020-03-05, after A1 by id) 3. Home regions (reference.toml): LSI
Nordjylland, CHC Hovedstaden. Every expected value below is worked out by hand from these rows.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.load import load_warehouse
from etl.load_models import create_models, model_names
from tests.loadkit import write_valid_set
from warehouse.db import SQL_DIR, connect_read_only, create_schema
from warehouse.vocabulary import NO_TECHNOLOGY

EXTRA_ROWS = {
    "activities": {
        2: {"activity_id": "A3", "status": "planned", "technology": "", "partner_clusters": ""}
    },
}


@pytest.fixture(scope="module")
def modelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse loaded from the valid set with A3."""
    folder = write_valid_set(tmp_path_factory.mktemp("in"), EXTRA_ROWS)
    target = tmp_path_factory.mktemp("wh") / "healthtech.duckdb"
    result = load_warehouse(folder, target)
    assert result.status == "loaded" and result.quarantine.empty, result.message
    return target


def rows(warehouse: Path, statement: str, params: dict | None = None) -> list[tuple]:
    """The rows of `statement` on a read-only connection, as the dashboard opens one."""
    with connect_read_only(warehouse) as con:
        return con.execute(statement, params or {}).fetchall()


def test_every_model_is_stored_in_the_warehouse(modelled: Path) -> None:
    with connect_read_only(modelled) as con:
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        macros = {
            r[0]
            for r in con.execute(
                "SELECT function_name FROM duckdb_functions() WHERE function_type LIKE '%macro'"
            ).fetchall()
        }
    names = set(model_names())
    assert names == {
        "activity_facts",
        "counted_activity_facts",
        "scoped_activity_facts",
        "participation_facts",
        "pivot_facts",
        "filtered_pivot_facts",
        "pivot_key",
    }
    assert names <= views | macros
    assert "no_technology" in macros


def test_activity_facts_state_the_counted_rule_once(modelled: Path) -> None:
    assert rows(
        modelled,
        "SELECT activity_key, activity_id, home_region, technology_code, year, counted "
        "FROM activity_facts ORDER BY activity_key",
    ) == [
        (1, "A2", "Hovedstaden", NO_TECHNOLOGY, 2019, True),
        (2, "A1", "Nordjylland", "DIGITAL", 2020, True),
        (3, "A3", "Nordjylland", NO_TECHNOLOGY, 2020, False),
    ]
    assert rows(
        modelled, "SELECT activity_id FROM counted_activity_facts ORDER BY activity_key"
    ) == [("A2",), ("A1",)]


def test_scoped_activity_facts_filter_and_scope(modelled: Path) -> None:
    # by technology: only A1 has one (A2 and A3 have none, so no scope)
    assert rows(
        modelled,
        "SELECT activity_id, scope FROM scoped_activity_facts('technology', NULL, NULL, NULL, "
        "NULL, NULL)",
    ) == [("A1", "DIGITAL")]
    # by region, filtered to the lead cluster LSI (A1 and A3, home region Nordjylland), with the
    # filters as parameters the way the KPI engine passes them
    assert rows(
        modelled,
        "SELECT activity_id, scope, counted FROM scoped_activity_facts($by, $clusters, NULL, "
        "NULL, NULL, $types) ORDER BY activity_key",
        {"by": "region", "clusters": ["LSI"], "types": ["workshop"]},
    ) == [("A1", "Nordjylland", True), ("A3", "Nordjylland", False)]


def test_participation_facts_join_organisations_on_keys(modelled: Path) -> None:
    assert rows(
        modelled,
        "SELECT activity_key, org_key, activity_id, org_id, org_type, org_region, org_country "
        "FROM participation_facts ORDER BY activity_key, org_key",
    ) == [
        (1, 2, "A2", "O2", "company", "Syddanmark", "DK"),
        (1, 4, "A2", "O4", "cluster", None, "NO"),
        (2, 1, "A1", "O1", "company", "Hovedstaden", "DK"),
        (2, 3, "A1", "O3", "knowledge_institution", "Nordjylland", "DK"),
    ]


def test_pivot_facts_and_pivot_key(modelled: Path) -> None:
    # A1: O1 (2 people, 7.5 h x 550 = 4125 DKK) and O3 (1); A2: O2 (1, 20 h x 600 = 12000) and
    # O4 (3); A3 alone, without an organisation
    assert rows(
        modelled,
        "SELECT activity_id, org_id, participants, inkind_dkk, pivot_key('technology', f), "
        "pivot_key('sme', f), pivot_key('quarter', f), pivot_key('region', f) "
        "FROM pivot_facts AS f ORDER BY activity_key, org_key",
    ) == [
        ("A2", "O2", 1, 12000.0, NO_TECHNOLOGY, "no", "2019-Q4", "Syddanmark"),
        ("A2", "O4", 3, None, NO_TECHNOLOGY, "no", "2019-Q4", None),
        ("A1", "O1", 2, 4125.0, "DIGITAL", "yes", "2020-Q1", "Hovedstaden"),
        ("A1", "O3", 1, None, "DIGITAL", "no", "2020-Q1", "Nordjylland"),
        ("A3", None, None, None, NO_TECHNOLOGY, None, "2020-Q1", None),
    ]
    assert rows(
        modelled, "SELECT DISTINCT pivot_key('no such dimension', f) FROM pivot_facts f"
    ) == [(None,)]


def test_pivot_key_maps_every_explorer_dimension(modelled: Path) -> None:
    # the 13 dimensions of the Explorer (warehouse.queries.PIVOT_DIMENSIONS), per row of
    # pivot_facts in key order: A2 (CHC, deep dive to Oslo: no host region, PREVENTION, no
    # technology, 2019-10-01) with O2 (company, Syddanmark, DK) and O4 (cluster, Norway); A1
    # (LSI, workshop in Nordjylland, HEALTH_DATA, DIGITAL, 2020-03-05) with O1 (company, SME,
    # Hovedstaden) and O3 (knowledge institution, Nordjylland); A3 (planned A1, no technology)
    from warehouse.queries import PIVOT_DIMENSIONS

    columns = ", ".join(f"pivot_key('{d}', f)" for d in PIVOT_DIMENSIONS)
    statement = f"SELECT {columns} FROM pivot_facts AS f ORDER BY activity_key, org_key"  # noqa: S608
    got = rows(modelled, statement)
    a2 = ("CHC", None, "PREVENTION", NO_TECHNOLOGY, "deep_dive")
    a1 = ("LSI", "Nordjylland", "HEALTH_DATA", "DIGITAL", "workshop")
    a3 = ("LSI", "Nordjylland", "HEALTH_DATA", NO_TECHNOLOGY, "workshop")
    q19 = ("2019", "2019-Q4", "2019-10")
    q20 = ("2020", "2020-Q1", "2020-03")
    expected = [
        # cluster, region, host_region, theme, technology, activity_type, org_type, sme,
        # country, status, year, quarter, month
        (a2[0], "Syddanmark", *a2[1:], "company", "no", "DK", "completed", *q19),
        (a2[0], None, *a2[1:], "cluster", "no", "NO", "completed", *q19),
        (a1[0], "Hovedstaden", *a1[1:], "company", "yes", "DK", "completed", *q20),
        (a1[0], "Nordjylland", *a1[1:], "knowledge_institution", "no", "DK", "completed", *q20),
        (a3[0], None, *a3[1:], None, None, None, "planned", *q20),
    ]
    assert PIVOT_DIMENSIONS[:6] == (
        "cluster", "region", "host_region", "theme", "technology", "activity_type",
    )  # fmt: skip
    assert got == expected


EXPLORER_FILTERS = (
    "date_from", "date_to", "statuses", "clusters", "lead_clusters", "themes", "technologies",
    "activity_types", "regions", "org_types", "sme", "countries",
)  # fmt: skip


def explorer_matches(warehouse: Path, **filters: object) -> list[tuple]:
    """(activity_id, org_id) of filtered_pivot_facts with the given filters (the others NULL)."""
    params = {name: filters.get(name) for name in EXPLORER_FILTERS}
    call = ", ".join(
        f"${n}::VARCHAR[]" if n == "lead_clusters" else f"${n}" for n in EXPLORER_FILTERS
    )
    return rows(
        warehouse,
        f"SELECT activity_id, org_id FROM filtered_pivot_facts({call}) "  # noqa: S608
        "ORDER BY activity_key, org_key",
        params,
    )


def test_filtered_pivot_facts_mean_each_explorer_filter(modelled: Path) -> None:
    # A1 (LSI, completed, 2020-03-05, DIGITAL): O1 (company, SME, Hovedstaden), O3 (knowledge
    # institution, Nordjylland); A2 (CHC, completed, 2019-10-01, no technology): O2 (company,
    # not an SME), O4 (cluster, Norway); A3 (LSI, planned, 2020-03-05, no technology) alone
    a1 = [("A1", "O1"), ("A1", "O3")]
    a2 = [("A2", "O2"), ("A2", "O4")]
    a3 = [("A3", None)]
    assert explorer_matches(modelled) == a2 + a1 + a3
    assert explorer_matches(modelled, clusters=["LSI"]) == a1 + a3
    # the user's access comes on top of the filter they chose; an empty access list is nothing
    assert explorer_matches(modelled, clusters=["LSI", "CHC"], lead_clusters=["CHC"]) == a2
    assert explorer_matches(modelled, lead_clusters=[]) == []
    assert explorer_matches(modelled, statuses=["completed"], date_from=date(2020, 1, 1)) == a1
    assert explorer_matches(modelled, date_to=date(2019, 12, 31)) == a2
    assert explorer_matches(modelled, technologies=[NO_TECHNOLOGY]) == a2 + a3
    assert explorer_matches(modelled, themes=["PREVENTION"], activity_types=["deep_dive"]) == a2
    # each filter alone (together above, either one would do the other's work): A1 and A3 are
    # HEALTH_DATA workshops, A2 a PREVENTION deep dive
    assert explorer_matches(modelled, themes=["HEALTH_DATA"]) == a1 + a3
    assert explorer_matches(modelled, activity_types=["deep_dive"]) == a2
    # the date bounds include their own day: A1 and A3 start on 2020-03-05, A2 on 2019-10-01
    assert explorer_matches(modelled, date_from=date(2020, 3, 5)) == a1 + a3
    assert explorer_matches(modelled, date_from=date(2020, 3, 6)) == []
    assert explorer_matches(modelled, date_to=date(2019, 10, 1)) == a2
    assert explorer_matches(modelled, date_to=date(2019, 9, 30)) == []
    assert explorer_matches(modelled, sme=True) == [("A1", "O1")]
    # is_sme is false for every organisation that is not a company under 250 employees
    assert explorer_matches(modelled, sme=False) == [("A2", "O2"), ("A2", "O4"), ("A1", "O3")]
    assert explorer_matches(modelled, regions=["Nordjylland"]) == [("A1", "O3")]
    assert explorer_matches(modelled, org_types=["company"], countries=["DK"]) == [
        ("A2", "O2"),
        ("A1", "O1"),
    ]
    assert explorer_matches(modelled, countries=["NO"]) == [("A2", "O4")]


def test_models_build_on_an_empty_schema(tmp_path: Path) -> None:
    """create_models needs only the tables: the views answer with no rows."""
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    try:
        create_schema(con)
        create_models(con)
        assert con.execute("SELECT count(*) FROM pivot_facts").fetchone() == (0,)
    finally:
        con.close()


def test_the_counted_rule_and_no_technology_are_written_once() -> None:
    """Issue 12: `grep -l "'completed'" warehouse/sql -r` lists one file; 'NONE' is in none."""
    completed = subprocess.run(
        ["grep", "-rl", "'completed'", str(SQL_DIR)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert [Path(p).relative_to(SQL_DIR).as_posix() for p in completed] == [
        "models/10_activity_facts.sql"
    ]
    none = subprocess.run(["grep", "-rl", f"'{NO_TECHNOLOGY}'", str(SQL_DIR)], capture_output=True)
    assert none.returncode == 1, none.stdout


# every query that counts activities reads them from a model, not from `activities`
COUNTING_QUERIES = (
    "queries/headline.sql",
    "queries/reach_by_region.sql",
    "queries/region_matrix.sql",
    "queries/theme_technology.sql",
    "queries/theme_pairs.sql",
    "queries/cluster_network.sql",
    "queries/international.sql",
    "report/activities.sql",
    "report/companies.sql",
    "kpi/sets/scoped_activities.sql",
)


@pytest.mark.parametrize("name", COUNTING_QUERIES)
def test_counting_queries_read_the_models(name: str) -> None:
    text = (SQL_DIR / name).read_text(encoding="utf-8")
    assert "counted_activity_facts" in text or "scoped_activity_facts(" in text, name
    assert not re.search(r"\b(FROM|JOIN) activities\b", text), name
