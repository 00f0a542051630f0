"""KPI rules the mutation run found unpinned, on a second hand-made fixture.

The fixture is tests/data/rules_fixture (as-of 2020-12-31 unless a test says otherwise; every
activity completed):

activities (lead, type, start, host region, country):
  R00 MTIC workshop            2019-11-05 Midtjylland DK
  R01 LSI  deep_dive           2020-03-10 (none)      DK   a deep dive that stays in Denmark
  R02 MTIC workshop            2020-04-20 (none)      DE   abroad, but no deep dive
  R03 WT   innovation_project  2020-05-01 Syddanmark  DK
  R04 CHC  innovation_project  2020-06-01 Hovedstaden DK
  R05 LSI  conference          2020-09-15 Nordjylland DK
organisations: companies Q01 Syddanmark 10 empl. | Q02 Hovedstaden 100 | Q03 DE 5 |
  Q04 Hovedstaden 400 | Q05 Nordjylland 30; knowledge institution Q06 Nordjylland 120 empl.
participations: R00 Q04 | R01 Q01 | R02 Q05 Q03 | R03 Q01 Q02 | R04 Q02 Q04 Q03 | R05 Q05 Q06
outcomes, new_product: Q04 2019 yes; Q01 2020 yes; Q05 2020 no
applications: S01 on R03 submitted 2020-06-01 granted 150,000; S02 on R04 2020-06-02 rejected
funding 2020 Q1, ministry: WT allocated 1,000 spent 500; LSI allocated 1,000 spent 1,000
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from etl.load import load_warehouse
from warehouse.kpi import kpi_monthly, kpi_table
from warehouse.kpi_catalogue import KPI_IDS

FIXTURE = Path(__file__).parent / "data" / "rules_fixture"
YEAR_END = date(2020, 12, 31)


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("rules_wh") / "healthtech.duckdb"
    result = load_warehouse(FIXTURE, target)
    assert result.status == "loaded", result.message
    assert result.quarantine.empty, result.quarantine
    return target


def actuals(table: pd.DataFrame) -> dict[tuple, float]:
    """{(kpi_id, year, scope): actual}; fails if a (kpi, year, scope) appears twice."""
    keys = list(zip(table["kpi_id"], table["year"], table["scope"], strict=True))
    assert len(keys) == len(set(keys)), "a KPI row appears twice"
    return dict(zip(keys, table["actual"], strict=True))


def test_international_activities_are_abroad_or_deep_dives(wh):
    got = actuals(kpi_table(2020, "cluster", YEAR_END, warehouse=wh))
    # R01 is a deep dive held in Denmark, R02 a workshop abroad: both international
    assert got[("G4.international_activities", 2020, "LSI")] == 1  # R01
    assert got[("G4.international_activities", 2020, "MTIC")] == 1  # R02
    assert got[("G4.international_activities", 2020, "WT")] == 0
    # Danish companies in them: Q01 in R01 (LSI); Q05 in R02 (MTIC), not the German Q03
    assert got[("G4.companies_international", 2020, "LSI")] == 1
    assert got[("G4.companies_international", 2020, "MTIC")] == 1
    national = actuals(kpi_table(2020, "national", YEAR_END, warehouse=wh))
    assert national[("G4.international_activities", 2020, "ALL")] == 2
    assert national[("G4.companies_international", 2020, "ALL")] == 2  # Q01, Q05
    assert national[("G4.international_orgs", 2020, "ALL")] == 1  # Q03


def test_a_project_across_exactly_two_regions_is_cross_regional(wh):
    got = actuals(kpi_table(2020, "cluster", YEAR_END, warehouse=wh))
    # R03: Q01 Syddanmark + Q02 Hovedstaden = 2 regions; R04: Q02, Q04 Hovedstaden (+ the German
    # Q03, which has no region) = 1 region
    assert got[("G3.cross_regional_projects", 2020, "WT")] == 1
    assert got[("G3.cross_regional_projects", 2020, "CHC")] == 0


def test_national_counts(wh):
    got = actuals(kpi_table(2020, "national", YEAR_END, warehouse=wh))
    assert got[("G2.activities", 2020, "ALL")] == 5  # R01-R05
    assert got[("G1.companies", 2020, "ALL")] == 5  # Q01-Q05, not the university Q06
    # not Q04 (400 employees), nor Q06: 120 employees, but no company
    assert got[("G1.smes", 2020, "ALL")] == 4
    assert got[("G1.new_products", 2020, "ALL")] == 1  # Q01
    assert got[("F.applications", 2020, "ALL")] == 2
    assert got[("F.granted_dkk", 2020, "ALL")] == 150000
    assert got[("F.grant_utilisation_pct", 2020, "ALL")] == 75.0  # 1500 / 2000


def test_every_year_at_cluster_scope_keeps_each_year_apart(wh):
    table = kpi_table(None, "cluster", YEAR_END, warehouse=wh)
    # 18 KPIs x 2 years (2019: R00 and Q04's outcome; 2020) x 4 clusters, each once
    assert len(table) == len(KPI_IDS) * 2 * 4
    got = actuals(table)
    # 2019: Q04 had a new product and took part in R00 (MTIC); 2020: Q01 in R01 (LSI), R03 (WT)
    assert got[("G1.new_products", 2019, "MTIC")] == 1
    assert got[("G1.new_products", 2019, "LSI")] == 0
    assert got[("G1.new_products", 2020, "LSI")] == 1
    assert got[("G1.new_products", 2020, "WT")] == 1
    assert got[("G1.new_products", 2020, "MTIC")] == 0
    assert got[("G2.activities", 2019, "MTIC")] == 1
    national = actuals(kpi_table(None, "national", YEAR_END, warehouse=wh))
    assert national[("G1.new_products", 2019, "ALL")] == 1  # Q04
    assert national[("G1.new_products", 2020, "ALL")] == 1  # Q01


def test_outcomes_count_from_the_first_day_of_their_year(wh):
    # as of 31 December 2019 the survey of 2020 does not exist yet
    got = actuals(kpi_table(2020, "national", date(2019, 12, 31), warehouse=wh))
    assert got[("G1.new_products", 2020, "ALL")] == 0
    got = actuals(kpi_table(2020, "national", date(2020, 1, 1), warehouse=wh))
    assert got[("G1.new_products", 2020, "ALL")] == 1


def test_an_activity_counts_from_its_start_date_itself(wh):
    # as of R01's start date, R01 counts (start_date <= as-of), R02 (04-20) does not yet
    got = actuals(kpi_table(2020, "national", date(2020, 3, 10), warehouse=wh))
    assert got[("G2.activities", 2020, "ALL")] == 1
    assert got[("G4.international_activities", 2020, "ALL")] == 1
    got = actuals(kpi_table(2020, "national", date(2020, 3, 9), warehouse=wh))
    assert got[("G2.activities", 2020, "ALL")] == 0


def test_an_application_counts_from_its_submission_date_itself(wh):
    got = actuals(kpi_table(2020, "national", date(2020, 6, 1), warehouse=wh))
    assert got[("F.applications", 2020, "ALL")] == 1  # S01, not S02 (06-02)
    assert got[("F.granted_dkk", 2020, "ALL")] == 150000


def test_a_regions_filter_narrows_the_national_row(wh):
    filters = {"regions": ["Syddanmark"]}  # WT's home region
    got = actuals(kpi_table(2020, "national", YEAR_END, filters, warehouse=wh))
    assert len(got) == len(KPI_IDS)
    assert got[("G2.activities", 2020, "ALL")] == 1  # R03
    assert got[("G1.companies", 2020, "ALL")] == 2  # Q01, Q02
    assert got[("F.applications", 2020, "ALL")] == 1  # S01
    assert got[("F.grant_utilisation_pct", 2020, "ALL")] == 50.0  # WT: 500 / 1000


def test_a_technologies_filter_narrows_the_national_row(wh):
    got = actuals(kpi_table(2020, "national", YEAR_END, {"technologies": ["IOT"]}, warehouse=wh))
    assert got[("G2.activities", 2020, "ALL")] == 2  # R02, R03
    assert got[("G4.international_activities", 2020, "ALL")] == 1  # R02


def test_a_filtered_national_row_is_one_row_per_kpi(wh):
    table = kpi_table(2020, "national", YEAR_END, {"clusters": ["LSI"]}, warehouse=wh)
    got = actuals(table)
    assert len(table) == len(KPI_IDS)
    # under a filter, a company with a new product counts through a counted LSI activity: Q01
    assert got[("G1.new_products", 2020, "ALL")] == 1
    assert got[("G2.activities", 2020, "ALL")] == 2  # R01, R05


def test_monthly_new_products_by_cluster(wh):
    m = kpi_monthly("G1.new_products", 2020, "cluster", YEAR_END, warehouse=wh)
    lsi = m[m.scope == "LSI"]["actual"].tolist()
    # Q01's product counts for LSI once Q01 took part in a counted LSI activity: R01 in March
    assert lsi == [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
