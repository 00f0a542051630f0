"""Every condition of every warehouse check (warehouse/sql/checks/*.sql), pinned by hand.

The load quarantines bad rows before they reach the warehouse, so a load never shows what a
check would find: a check weakened by a refactor would go unnoticed. Here each check runs on a
small warehouse written directly (the real schema and dimension tables, rows inserted by the
test): on the clean rows it must return nothing, and with one broken row added it must return
exactly that row. The clean rows sit on the boundaries (a one-day activity, a company of 249
employees, a granted amount of 1, an application on 0) so that a loosened comparison shows too.
"""

from __future__ import annotations

import duckdb
import pytest

from etl.dimensions import fill_dimensions
from warehouse.db import create_schema, sql, sql_files

# Every row's source_file and source_row: `@src` in the rows below stands for them.
SOURCE = "'test.csv', 2"

CLEAN_ROWS = """
INSERT INTO organisations VALUES
    (1, 'O1', 'Firma ApS', 'company', '12345674', 249, 'Nordjylland', 'DK', TRUE, @src),
    (2, 'O2', 'Stor A/S', 'company', '23456788', 300, 'Midtjylland', 'DK', FALSE, @src),
    (3, 'O3', 'Uni', 'knowledge_institution', NULL, NULL, 'Syddanmark', 'DK', FALSE, @src),
    (4, 'O4', 'Berlin GmbH', 'company', NULL, 20, NULL, 'DE', TRUE, @src);
INSERT INTO activities VALUES
    (1, 'A1', 'Workshop', 'workshop', 'LSI', 'PREVENTION', 'DIGITAL', DATE '2020-03-05',
     DATE '2020-03-05', 'Nordjylland', 'DK', 'completed', TRUE, @src),
    (2, 'A2', 'Deep dive', 'deep_dive', 'WT', 'EQUALITY', NULL, DATE '2020-05-01',
     DATE '2020-05-03', NULL, 'DE', 'completed', FALSE, @src);
INSERT INTO activity_partners VALUES (1, 'A1', 'WT'), (2, 'A2', 'CHC');
INSERT INTO participations VALUES
    (1, 1, 'A1', 'O1', 2, 'participant', @src),
    (1, 3, 'A1', 'O3', 1, 'speaker', @src),
    (2, 4, 'A2', 'O4', 1, 'organiser', @src);
INSERT INTO inkind VALUES
    (1, 1, 'E1', 'O1', 'A1', DATE '2020-03-01', 7.5, 550, 4125, 'timesheet', @src),
    (2, 4, 'E2', 'O4', 'A2', DATE '2020-05-01', 2, 600, 1200, 'other', @src);
INSERT INTO funding VALUES
    ('F1', 2020, 1, DATE '2020-01-01', 'ministry', 'allocated', 'LSI', NULL, 'salary', 1000,
     @src),
    ('F2', 2020, 2, DATE '2020-04-01', 'region', 'spent', 'WT', 'Syddanmark', 'travel', 50,
     @src);
INSERT INTO applications VALUES
    (1, 1, 'P1', 'A1', 'O1', 'innovation_fund', DATE '2020-06-01', 500, 'granted', 1, @src),
    (2, 4, 'P2', 'A2', 'O4', 'horizon', DATE '2020-06-02', 900, 'rejected', NULL, @src),
    (1, 1, 'P3', 'A1', 'O1', 'other', DATE '2020-06-03', 100, 'submitted', 0, @src);
INSERT INTO outcomes VALUES (1, 'O1', 2020, TRUE, TRUE, FALSE, @src);
INSERT INTO targets VALUES
    ('G2.activities', 2020, 'ALL', 10, @src),
    ('G2.activities', 2020, 'LSI', 3, @src);
INSERT INTO load_runs (load_id, started_at, finished_at, input_dir, status, strict, rate_cap_dkk,
                       files, rows_read, rows_loaded, rows_quarantined)
VALUES (1, TIMESTAMP '2021-01-05 09:00:00', TIMESTAMP '2021-01-05 09:01:00', 'in', 'loaded',
        FALSE, 600, 1, 3, 2, 1);
INSERT INTO load_log (load_id, file_name, size_bytes, sha256, rows_read, rows_loaded,
                      rows_quarantined, status, loaded_at)
VALUES (1, 'a.csv', 10, 'x', 3, 2, 1, 'loaded', TIMESTAMP '2021-01-05 09:01:00');
INSERT INTO quarantine VALUES (1, 'a.csv', 'activities', 3, 'status', 'enum', 'done', 'm');
"""

CHECKS = (
    "activities_are_consistent",
    "applications_granted_amounts",
    "applications_reference_known_rows",
    "codes_are_known",
    "inkind_reference_known_rows",
    "keys_are_unique",
    "keys_match_ids",
    "load_accounts_add_up",
    "organisations_are_consistent",
    "outcomes_reference_known_rows",
    "participations_reference_known_rows",
)


@pytest.fixture(scope="module")
def clean() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse: the real schema and dimension tables and the clean rows."""
    con = duckdb.connect()
    create_schema(con)
    fill_dimensions(con)
    con.execute(CLEAN_ROWS.replace("@src", SOURCE))
    yield con
    con.close()


def found(con: duckdb.DuckDBPyConnection, check: str, extra: str = "") -> set[tuple]:
    """What `check` returns on the clean rows plus `extra` (rolled back afterwards)."""
    con.begin()
    try:
        if extra:
            con.execute(extra.replace("@src", SOURCE))
        return set(con.execute(sql(f"checks/{check}")).fetchall())
    finally:
        con.rollback()


def test_every_check_file_is_pinned_here():
    assert tuple(p.stem for p in sql_files("checks")) == CHECKS


@pytest.mark.parametrize("check", CHECKS)
def test_clean_rows_pass_every_check(clean, check):
    assert found(clean, check) == set()


# (check, rows added to the clean warehouse, exactly what the check must return)
FAULTS = {
    "end_before_start": (
        "activities_are_consistent",
        "INSERT INTO activities VALUES (9, 'A9', 'Back', 'workshop', 'LSI', 'PREVENTION', NULL, "
        "DATE '2020-03-05', DATE '2020-03-04', NULL, 'DK', 'completed', FALSE, @src)",
        {("A9", "end_before_start")},
    ),
    "partner_is_lead": (
        "activities_are_consistent",
        # WT is a partner of A1 (led by LSI) and the lead of A2: only A2 + WT is the fault
        "INSERT INTO activity_partners VALUES (2, 'A2', 'WT')",
        {("A2", "partner_is_lead")},
    ),
    "partner_without_activity": (
        "activities_are_consistent",
        "INSERT INTO activity_partners VALUES (404, 'A404', 'MTIC')",
        {("A404", "partner_without_activity")},
    ),
    "granted_without_amount": (
        "applications_granted_amounts",
        "INSERT INTO applications VALUES (1, 1, 'P9', 'A1', 'O1', 'other', DATE '2020-07-01', 10, "
        "'granted', NULL, @src)",
        {("P9",)},
    ),
    "granted_with_zero": (
        "applications_granted_amounts",
        "INSERT INTO applications VALUES (1, 1, 'P9', 'A1', 'O1', 'other', DATE '2020-07-01', 10, "
        "'granted', 0, @src)",
        {("P9",)},
    ),
    "rejected_with_amount": (
        "applications_granted_amounts",
        "INSERT INTO applications VALUES (1, 1, 'P9', 'A1', 'O1', 'other', DATE '2020-07-01', 10, "
        "'rejected', 5, @src)",
        {("P9",)},
    ),
    "application_unknown_activity": (
        "applications_reference_known_rows",
        "INSERT INTO applications VALUES (404, 1, 'P9', 'A404', 'O1', 'other', "
        "DATE '2020-07-01', 10, 'submitted', NULL, @src)",
        {("P9",)},
    ),
    "application_unknown_lead": (
        "applications_reference_known_rows",
        "INSERT INTO applications VALUES (1, 404, 'P9', 'A1', 'O404', 'other', "
        "DATE '2020-07-01', 10, 'submitted', NULL, @src)",
        {("P9",)},
    ),
    "unknown_org_type": (
        "codes_are_known",
        "INSERT INTO organisations VALUES (9, 'O9', 'X', 'startup', NULL, NULL, 'Sjælland', "
        "'DK', FALSE, @src)",
        {("organisations.org_type", "startup")},
    ),
    "unknown_org_region": (
        "codes_are_known",
        "INSERT INTO organisations VALUES (9, 'O9', 'X', 'other', NULL, NULL, 'Fyn', 'DK', "
        "FALSE, @src)",
        {("organisations.region", "Fyn")},
    ),
    "unknown_activity_type": (
        "codes_are_known",
        "INSERT INTO activities VALUES (9, 'A9', 'X', 'party', 'LSI', 'PREVENTION', NULL, "
        "DATE '2020-01-01', DATE '2020-01-01', NULL, 'DK', 'planned', FALSE, @src)",
        {("activities.activity_type", "party")},
    ),
    "unknown_lead_cluster": (
        "codes_are_known",
        "INSERT INTO activities VALUES (9, 'A9', 'X', 'webinar', 'ABC', 'PREVENTION', NULL, "
        "DATE '2020-01-01', DATE '2020-01-01', NULL, 'DK', 'planned', FALSE, @src)",
        {("activities.lead_cluster", "ABC")},
    ),
    "unknown_theme": (
        "codes_are_known",
        "INSERT INTO activities VALUES (9, 'A9', 'X', 'webinar', 'LSI', 'AI', NULL, "
        "DATE '2020-01-01', DATE '2020-01-01', NULL, 'DK', 'planned', FALSE, @src)",
        {("activities.theme", "AI")},
    ),
    "unknown_technology": (
        "codes_are_known",
        "INSERT INTO activities VALUES (9, 'A9', 'X', 'webinar', 'LSI', 'PREVENTION', 'VR', "
        "DATE '2020-01-01', DATE '2020-01-01', NULL, 'DK', 'planned', FALSE, @src)",
        {("activities.technology", "VR")},
    ),
    "unknown_activity_region": (
        "codes_are_known",
        "INSERT INTO activities VALUES (9, 'A9', 'X', 'webinar', 'LSI', 'PREVENTION', NULL, "
        "DATE '2020-01-01', DATE '2020-01-01', 'Fyn', 'DK', 'planned', FALSE, @src)",
        {("activities.region", "Fyn")},
    ),
    "unknown_partner_cluster": (
        "codes_are_known",
        "INSERT INTO activity_partners VALUES (1, 'A1', 'XYZ')",
        {("activity_partners.cluster", "XYZ")},
    ),
    "unknown_funding_cluster": (
        "codes_are_known",
        "INSERT INTO funding VALUES ('F9', 2020, 1, DATE '2020-01-01', 'eu', 'spent', 'ABC', "
        "NULL, 'other', 1, @src)",
        {("funding.cluster", "ABC")},
    ),
    "unknown_funding_region": (
        "codes_are_known",
        "INSERT INTO funding VALUES ('F9', 2020, 1, DATE '2020-01-01', 'region', 'spent', "
        "'LSI', 'Fyn', 'other', 1, @src)",
        {("funding.region", "Fyn")},
    ),
    "unknown_target_scope": (
        "codes_are_known",
        "INSERT INTO targets VALUES ('G2.activities', 2020, 'Nordjylland', 1, @src)",
        {("targets.scope", "Nordjylland")},
    ),
    "inkind_unknown_activity": (
        "inkind_reference_known_rows",
        "INSERT INTO inkind VALUES (404, 1, 'E9', 'O1', 'A404', DATE '2020-03-01', 1, 100, 100, "
        "'other', @src)",
        {("E9",)},
    ),
    "inkind_unknown_org": (
        "inkind_reference_known_rows",
        "INSERT INTO inkind VALUES (1, 404, 'E9', 'O404', 'A1', DATE '2020-03-01', 1, 100, 100, "
        "'other', @src)",
        {("E9",)},
    ),
    "inkind_wrong_value": (
        "inkind_reference_known_rows",
        # 3 h x DKK 100 is 300, not 301
        "INSERT INTO inkind VALUES (1, 1, 'E9', 'O1', 'A1', DATE '2020-03-01', 3, 100, 301, "
        "'other', @src)",
        {("E9",)},
    ),
    "duplicate_organisation": (
        "keys_are_unique",
        "INSERT INTO organisations VALUES (3, 'O3', 'Uni igen', 'other', NULL, NULL, "
        "'Syddanmark', 'DK', FALSE, @src)",
        {("organisations", "O3")},
    ),
    "duplicate_activity": (
        "keys_are_unique",
        "INSERT INTO activities VALUES (1, 'A1', 'Workshop', 'workshop', 'LSI', 'PREVENTION', "
        "'DIGITAL', DATE '2020-03-05', DATE '2020-03-05', 'Nordjylland', 'DK', 'completed', "
        "TRUE, @src)",
        {("activities", "A1")},
    ),
    "duplicate_partner": (
        "keys_are_unique",
        "INSERT INTO activity_partners VALUES (1, 'A1', 'WT')",
        {("activity_partners", "A1 / WT")},
    ),
    "duplicate_participation": (
        "keys_are_unique",
        "INSERT INTO participations VALUES (1, 3, 'A1', 'O3', 5, 'partner', @src)",
        {("participations", "A1 / O3")},
    ),
    "duplicate_inkind": (
        "keys_are_unique",
        "INSERT INTO inkind VALUES (1, 1, 'E2', 'O1', 'A1', DATE '2020-04-01', 1, 100, 100, "
        "'other', @src)",
        {("inkind", "E2")},
    ),
    "duplicate_funding": (
        "keys_are_unique",
        "INSERT INTO funding VALUES ('F2', 2020, 3, DATE '2020-07-01', 'eu', 'spent', 'LSI', "
        "NULL, 'other', 1, @src)",
        {("funding", "F2")},
    ),
    "duplicate_application": (
        "keys_are_unique",
        "INSERT INTO applications VALUES (1, 1, 'P2', 'A1', 'O1', 'other', DATE '2020-07-01', 10, "
        "'submitted', NULL, @src)",
        {("applications", "P2")},
    ),
    "duplicate_outcome": (
        "keys_are_unique",
        "INSERT INTO outcomes VALUES (1, 'O1', 2020, FALSE, FALSE, TRUE, @src)",
        {("outcomes", "O1 / 2020")},
    ),
    "duplicate_target": (
        "keys_are_unique",
        "INSERT INTO targets VALUES ('G2.activities', 2020, 'LSI', 4, @src)",
        {("targets", "G2.activities / 2020 / LSI")},
    ),
    # the keys (docs/loading.md, "Keys"): org_key 1..4 in org_id order, activity_key 1..2 in
    # start_date order (A1 on 2020-03-05, A2 on 2020-05-01)
    "organisation_key_used_twice": (
        "keys_match_ids",
        # O3 takes O2's key: both hold 2, O3 is out of order, and O3's participation (key 3)
        # points at no organisation
        "UPDATE organisations SET org_key = 2 WHERE org_id = 'O3'",
        {
            ("organisations", "O2 / O3", "org_key", 2),
            ("organisations", "O3", "org_key", 2),
            ("participations", "A1 / O3", "org_key", 3),
        },
    ),
    "activity_keys_not_in_start_date_order": (
        "keys_match_ids",
        # A1 and A2 swap keys everywhere: every fact agrees, only the order is wrong
        "UPDATE activities SET activity_key = 3 - activity_key; "
        "UPDATE activity_partners SET activity_key = 3 - activity_key; "
        "UPDATE participations SET activity_key = 3 - activity_key; "
        "UPDATE inkind SET activity_key = 3 - activity_key; "
        "UPDATE applications SET activity_key = 3 - activity_key",
        {("activities", "A1", "activity_key", 2), ("activities", "A2", "activity_key", 1)},
    ),
    "organisation_key_with_a_gap": (
        "keys_match_ids",
        # O4 numbered 5 everywhere: keys are 1..n with no gap
        "UPDATE organisations SET org_key = 5 WHERE org_key = 4; "
        "UPDATE participations SET org_key = 5 WHERE org_key = 4; "
        "UPDATE inkind SET org_key = 5 WHERE org_key = 4; "
        "UPDATE applications SET lead_org_key = 5 WHERE lead_org_key = 4",
        {("organisations", "O4", "org_key", 5)},
    ),
    "partner_with_another_activitys_key": (
        "keys_match_ids",
        "INSERT INTO activity_partners VALUES (2, 'A1', 'MTIC')",
        {("activity_partners", "A1 / MTIC", "activity_key", 2)},
    ),
    "participation_with_another_activitys_key": (
        "keys_match_ids",
        "UPDATE participations SET activity_key = 2 WHERE org_id = 'O3'",
        {("participations", "A1 / O3", "activity_key", 2)},
    ),
    "participation_with_a_key_of_no_organisation": (
        "keys_match_ids",
        "INSERT INTO participations VALUES (2, 99, 'A2', 'O1', 1, 'participant', @src)",
        {("participations", "A2 / O1", "org_key", 99)},
    ),
    "inkind_with_another_activitys_key": (
        "keys_match_ids",
        "INSERT INTO inkind VALUES (2, 1, 'E9', 'O1', 'A1', DATE '2020-03-01', 1, 100, 100, "
        "'other', @src)",
        {("inkind", "E9", "activity_key", 2)},
    ),
    "inkind_with_another_organisations_key": (
        "keys_match_ids",
        "INSERT INTO inkind VALUES (1, 4, 'E9', 'O1', 'A1', DATE '2020-03-01', 1, 100, 100, "
        "'other', @src)",
        {("inkind", "E9", "org_key", 4)},
    ),
    "application_with_another_activitys_key": (
        "keys_match_ids",
        "UPDATE applications SET activity_key = 1 WHERE application_id = 'P2'",
        {("applications", "P2", "activity_key", 1)},
    ),
    "application_with_another_leads_key": (
        "keys_match_ids",
        "UPDATE applications SET lead_org_key = 2 WHERE application_id = 'P3'",
        {("applications", "P3", "lead_org_key", 2)},
    ),
    "outcome_with_another_organisations_key": (
        "keys_match_ids",
        "INSERT INTO outcomes VALUES (1, 'O3', 2020, TRUE, FALSE, FALSE, @src)",
        {("outcomes", "O3 / 2020", "org_key", 1)},
    ),
    "danish_without_region": (
        "organisations_are_consistent",
        "INSERT INTO organisations VALUES (9, 'O9', 'X', 'other', NULL, NULL, NULL, 'DK', FALSE, "
        "@src)",
        {("O9",)},
    ),
    "foreign_with_region": (
        "organisations_are_consistent",
        "INSERT INTO organisations VALUES (9, 'O9', 'X', 'other', NULL, NULL, 'Sjælland', 'SE', "
        "FALSE, @src)",
        {("O9",)},
    ),
    "sme_not_a_company": (
        "organisations_are_consistent",
        "INSERT INTO organisations VALUES (9, 'O9', 'X', 'municipality', NULL, 10, 'Sjælland', "
        "'DK', TRUE, @src)",
        {("O9",)},
    ),
    "sme_without_employees": (
        "organisations_are_consistent",
        "INSERT INTO organisations VALUES (9, 'O9', 'X', 'company', '34567891', NULL, 'Sjælland', "
        "'DK', TRUE, @src)",
        {("O9",)},
    ),
    "sme_with_250_employees": (
        "organisations_are_consistent",
        "INSERT INTO organisations VALUES (9, 'O9', 'X', 'company', '34567891', 250, 'Sjælland', "
        "'DK', TRUE, @src)",
        {("O9",)},
    ),
    "account_does_not_add_up": (
        "load_accounts_add_up",
        "INSERT INTO load_log (load_id, file_name, size_bytes, sha256, rows_read, rows_loaded, "
        "rows_quarantined, status, loaded_at) VALUES (1, 'b.csv', 10, 'y', 5, 3, 1, 'loaded', "
        "TIMESTAMP '2021-01-05 09:01:00')",
        {("b.csv", "rows_read <> rows_loaded + rows_quarantined")},
    ),
    "quarantine_of_a_file_not_read": (
        "load_accounts_add_up",
        "INSERT INTO quarantine VALUES (1, 'c.csv', 'activities', 2, NULL, 'required', '', 'm')",
        {("c.csv", "quarantined rows of a file not read")},
    ),
    "only_the_newest_load_counts": (
        "load_accounts_add_up",
        # load 2 adds up; load 1 gets an unbalanced file, which no longer matters
        "INSERT INTO load_runs (load_id, started_at, finished_at, input_dir, status, strict, "
        "rate_cap_dkk, files, rows_read, rows_loaded, rows_quarantined) VALUES (2, "
        "TIMESTAMP '2021-02-05 09:00:00', TIMESTAMP '2021-02-05 09:01:00', 'in', 'loaded', "
        "FALSE, 600, 1, 1, 1, 0); "
        "INSERT INTO load_log (load_id, file_name, size_bytes, sha256, rows_read, rows_loaded, "
        "rows_quarantined, status, loaded_at) VALUES "
        "(2, 'a.csv', 10, 'x', 1, 1, 0, 'loaded', TIMESTAMP '2021-02-05 09:01:00'), "
        "(1, 'old.csv', 10, 'z', 9, 1, 1, 'loaded', TIMESTAMP '2021-01-05 09:01:00')",
        set(),
    ),
    "outcome_unknown_org": (
        "outcomes_reference_known_rows",
        "INSERT INTO outcomes VALUES (404, 'O404', 2020, TRUE, FALSE, FALSE, @src)",
        {("O404", 2020)},
    ),
    "participation_unknown_activity": (
        "participations_reference_known_rows",
        "INSERT INTO participations VALUES (404, 1, 'A404', 'O1', 1, 'participant', @src)",
        {("A404", "O1")},
    ),
    "participation_unknown_org": (
        "participations_reference_known_rows",
        "INSERT INTO participations VALUES (2, 404, 'A2', 'O404', 1, 'participant', @src)",
        {("A2", "O404")},
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_broken_row_is_found_exactly(clean, fault):
    check, rows, expected = FAULTS[fault]
    assert found(clean, check, rows) == expected


def test_every_check_has_a_fault():
    assert {check for check, _, _ in FAULTS.values()} == set(CHECKS)
