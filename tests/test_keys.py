"""The integer surrogate keys (docs/loading.md, "Keys"): one per id, carried by the facts, and
the facts stored in activity order. Expected keys are worked out by hand from the valid set.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.load import load_warehouse, run_checks
from tests.loadkit import query, write_valid_set

# The valid set plus rows whose ids sort otherwise than the files list them: O10 is written last
# but sorts second (O1, O10, O2, O3, O4); A0 starts on A1's day and sorts before it by id; A2
# starts first of all (2019-10-01).
EXTRA_ROWS = {
    "organisations": {4: {"org_id": "O10", "name": "Ti ApS"}},
    "activities": {2: {"activity_id": "A0", "partner_clusters": ""}},
    "participations": {4: {"activity_id": "A0", "org_id": "O10"}},
    "inkind": {
        2: {"entry_id": "E3", "org_id": "O3", "month": "2020-02"},
        3: {"entry_id": "E0", "org_id": "O10", "month": "2020-02"},
    },
}
ORG_KEYS = {"O1": 1, "O10": 2, "O2": 3, "O3": 4, "O4": 5}
ACTIVITY_KEYS = {"A2": 1, "A0": 2, "A1": 3}


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse loaded from the valid set with the extra rows."""
    folder = write_valid_set(tmp_path_factory.mktemp("in"), EXTRA_ROWS)
    target = tmp_path_factory.mktemp("wh") / "healthtech.duckdb"
    result = load_warehouse(folder, target)
    assert result.status == "loaded" and result.quarantine.empty, result.message
    return target


def stored(warehouse: Path, table: str, columns: str) -> list[tuple]:
    """The table's rows in the order they are stored (by rowid)."""
    return query(warehouse, f"SELECT {columns} FROM {table} ORDER BY rowid")  # noqa: S608


def test_each_organisation_has_its_key_in_org_id_order(keyed: Path) -> None:
    assert stored(keyed, "organisations", "org_key, org_id") == [
        (1, "O1"),
        (2, "O10"),
        (3, "O2"),
        (4, "O3"),
        (5, "O4"),
    ]


def test_each_activity_has_its_key_in_start_date_then_id_order(keyed: Path) -> None:
    assert stored(keyed, "activities", "activity_key, activity_id") == [
        (1, "A2"),
        (2, "A0"),
        (3, "A1"),
    ]


def test_participations_carry_their_keys_in_activity_then_organisation_order(keyed: Path) -> None:
    assert stored(keyed, "participations", "activity_key, org_key, activity_id, org_id") == [
        (1, 3, "A2", "O2"),
        (1, 5, "A2", "O4"),
        (2, 2, "A0", "O10"),
        (3, 1, "A1", "O1"),
        (3, 4, "A1", "O3"),
    ]


def test_inkind_carries_its_keys_in_activity_month_entry_order(keyed: Path) -> None:
    # A2's entry first; then A1's: February's E0 and E3 (by entry_id), then March's E1
    assert stored(keyed, "inkind", "activity_key, org_key, entry_id") == [
        (1, 3, "E2"),
        (3, 2, "E0"),
        (3, 4, "E3"),
        (3, 1, "E1"),
    ]


def test_applications_outcomes_and_partners_carry_their_keys(keyed: Path) -> None:
    assert stored(keyed, "applications", "activity_key, lead_org_key, application_id") == [
        (1, 3, "P2"),
        (3, 1, "P1"),
    ]
    assert sorted(query(keyed, "SELECT org_id, org_key FROM outcomes")) == [("O1", 1), ("O2", 3)]
    assert stored(keyed, "activity_partners", "activity_key, activity_id, cluster") == [
        (3, "A1", "CHC"),
        (3, "A1", "WT"),
    ]


def test_every_fact_key_is_the_key_of_its_id(keyed: Path) -> None:
    """Against the keys worked out by hand above, for every fact row of every table."""
    for table, key, id_column, keys in (
        ("participations", "activity_key", "activity_id", ACTIVITY_KEYS),
        ("participations", "org_key", "org_id", ORG_KEYS),
        ("inkind", "activity_key", "activity_id", ACTIVITY_KEYS),
        ("inkind", "org_key", "org_id", ORG_KEYS),
        ("applications", "activity_key", "activity_id", ACTIVITY_KEYS),
        ("applications", "lead_org_key", "lead_org_id", ORG_KEYS),
        ("outcomes", "org_key", "org_id", ORG_KEYS),
        ("activity_partners", "activity_key", "activity_id", ACTIVITY_KEYS),
    ):
        rows = query(keyed, f"SELECT {id_column}, {key} FROM {table}")  # noqa: S608
        assert rows and all(keys[i] == k for i, k in rows), (table, key, rows)


def test_the_keys_check_finds_a_fact_with_another_ids_key(keyed: Path, tmp_path: Path) -> None:
    """keys_match_ids.sql runs on every build; here it catches a key changed after a load."""
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(keyed.read_bytes())
    con = duckdb.connect(str(copy))
    try:
        assert run_checks(con) == []
        con.execute("UPDATE inkind SET org_key = 5 WHERE entry_id = 'E1'")
        problems = run_checks(con)
    finally:
        con.close()
    assert len(problems) == 1
    assert "keys_match_ids" in problems[0] and "E1" in problems[0]


def test_the_sample_warehouse_has_a_key_per_id(sample_warehouse: Path) -> None:
    """At the shipped sample's size: keys 1..n in their order, and facts in activity order."""
    counts = query(
        sample_warehouse,
        """
        SELECT (SELECT count(*) FROM organisations), (SELECT max(org_key) FROM organisations),
               (SELECT count(DISTINCT org_key) FROM organisations),
               (SELECT count(*) FROM activities), (SELECT max(activity_key) FROM activities),
               (SELECT count(DISTINCT activity_key) FROM activities)
        """,
    )[0]
    assert counts[0] == counts[1] == counts[2] > 100
    assert counts[3] == counts[4] == counts[5] > 100
    ids = [r[0] for r in stored(sample_warehouse, "organisations", "org_id")]
    assert ids == sorted(ids)
    dates = stored(sample_warehouse, "activities", "start_date, activity_id")
    assert dates == sorted(dates)
    pairs = stored(sample_warehouse, "participations", "activity_key, org_key")
    assert pairs == sorted(pairs)
    entries = stored(sample_warehouse, "inkind", "activity_key, month, entry_id")
    assert entries == sorted(entries)
