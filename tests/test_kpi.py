"""KPI engine on the hand-made fixture (tests/data/kpi_fixture): every value worked out by hand.

The fixture, in short (as-of 2020-10-31 unless a test says otherwise):

activities (lead, partners, type, start, host region, country, status, users):
  A01 LSI  +MTIC     workshop            2020-02-10 Nordjylland DK completed users
  A02 MTIC           innovation_project  2020-03-01 Midtjylland DK completed
  A03 WT   +LSI,CHC  conference          2020-05-20 Syddanmark  DK completed users
  A04 CHC            deep_dive           2020-06-15 (none)      DE completed   (abroad, no tech)
  A05 LSI  +CHC      network_meeting     2020-09-01 Nordjylland DK planned      (trap)
  A06 WT             webinar             2020-04-01 (none)      DK cancelled    (trap)
  A07 CHC  +LSI      matchmaking         2020-11-15 Hovedstaden DK completed users (after as-of)
  A08 CHC            innovation_project  2020-08-01 Hovedstaden DK completed
  A09 MTIC           workshop            2019-10-01 Midtjylland DK completed   (2019)
  A10 WT             webinar             2020-07-01 (online)    DK completed users
  themes: A01 PREVENTION, A02 HEALTH_DATA, A03 EQUALITY, A04 PERSONALISED, A08 PERSONALISED,
  A10 HEALTH_DATA; technologies: A01/A02/A10 DIGITAL, A03 IOT, A08 PERSONALISED_TECH, A04 none.
organisations: O01 company Nordjylland 50 empl. | O02 company Midtjylland 300 | O03 company
  Syddanmark employees unknown | O04 company Hovedstaden 10 | O05 company DE 20 | O06 knowledge
  inst. Midtjylland | O07 region Syddanmark | O08 municipality Sjælland | O09 company Sjælland
  249 | O10 other GB | O11 company Hovedstaden 250
participations: A01 O01 O02 O06 O05 | A02 O02 O03 O06 O01 | A03 O03 O07 O08 O04 O10 |
  A04 O04 O11 O05 | A05 O09 | A06 O09 | A07 O09 O11 | A08 O04 O11 | A09 O02 O06 | A10 O03 O07
Counted in 2020 at 2020-10-31: A01 A02 A03 A04 A08 A10 (A05 planned, A06 cancelled, A07 after
the as-of date, A09 in 2019).
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from warehouse.kpi import BY_VALUES, COLUMNS, KpiFilters, kpi_monthly, kpi_table
from warehouse.kpi_catalogue import KPI_IDS, kpi_catalogue, kpi_catalogue_frame

AS_OF = date(2020, 10, 31)
NAN = math.nan


def values(table: pd.DataFrame, column: str = "actual") -> dict[tuple[str, str], float]:
    return {(r.kpi_id, r.scope): getattr(r, column) for r in table.itertuples(index=False)}


def assert_values(got: dict, expected: dict) -> None:
    for key, want in expected.items():
        have = got[key]
        if isinstance(want, float) and math.isnan(want):
            assert math.isnan(have), f"{key}: expected NULL, got {have}"
        else:
            assert have == pytest.approx(want), f"{key}: expected {want}, got {have}"


@pytest.fixture(scope="module")
def national(kpi_fixture_warehouse):
    return kpi_table(2020, "national", AS_OF, warehouse=kpi_fixture_warehouse)


@pytest.fixture(scope="module")
def by_cluster(kpi_fixture_warehouse):
    return kpi_table(2020, "cluster", AS_OF, warehouse=kpi_fixture_warehouse)


# --- national scope, every KPI ------------------------------------------------------------------

NATIONAL_2020 = {
    # companies in counted activities: A01 O01 O02 O05, A02 O02 O03 O01, A03 O03 O04,
    # A04 O04 O11 O05, A08 O04 O11 -> {O01 O02 O03 O04 O05 O11} = 6 (O09 only in A05/A06/A07)
    "G1.companies": 6,
    # employees known and < 250: O01 (50), O04 (10), O05 (20); not O02 (300), O03 (unknown),
    # O11 (250) -> 3
    "G1.smes": 3,
    # counted innovation projects with a knowledge institution: A02 (O06); A08 has none.
    # companies of A02: O02 O03 O01 -> 3
    "G1.companies_with_knowledge": 3,
    # company in-kind with month <= 2020-10-31: K01 10h*500=5000 (A01) + K02 20*600=12000 (A02)
    # + K04 5*300=1500 (A06, cancelled: any activity counts) + K07 2.5*600=1500 (A08, month
    # 2020-10-01); not K03 (knowledge inst.), K05 (2020-11), K06 (2019) -> 20000
    "G1.inkind_dkk": 20000,
    # new_product 2020 and a company: O01 O02 O04 O09 (O06 is a knowledge institution) -> 4
    "G1.new_products": 4,
    # A01 A02 A03 A04 A08 A10 -> 6
    "G2.activities": 6,
    # users_involved among counted: A01 A03 A10 -> 3 (A05 planned, A07 after as-of)
    "G2.user_involving": 3,
    # region/municipality orgs in counted activities: O07 (A03, A10), O08 (A03) -> 2
    "G2.healthcare_orgs": 2,
    # partner clusters among counted: A01, A03 -> 2 (A05 planned, A07 after as-of)
    "G3.cross_cluster": 2,
    # counted innovation projects: A02 regions {Midtjylland, Syddanmark, Nordjylland} = 3 >= 2;
    # A08 {Hovedstaden} = 1 -> 1
    "G3.cross_regional_projects": 1,
    # participations with a host region by Danish orgs with a region (O05 DE, O10 GB out;
    # A04 abroad and A10 online have no host region):
    # A01 Nordjylland: O01 same, O02 out, O06 out -> 2/3; A02 Midtjylland: O02 same, O03 out,
    # O06 same, O01 out -> 2/4; A03 Syddanmark: O03 same, O07 same, O08 out, O04 out -> 2/4;
    # A08 Hovedstaden: O04 same, O11 same -> 0/2.  6/13 = 46.15.. -> 46.2
    "G3.outside_region_pct": 46.2,
    # country != DK or deep_dive: A04 -> 1
    "G4.international_activities": 1,
    # non-DK orgs in counted activities: O05 (A01, A04), O10 (A03) -> 2
    "G4.international_orgs": 2,
    # Danish companies in A04: O04, O11 (O05 is German) -> 2
    "G4.companies_international": 2,
    # submitted <= 2020-10-31 in 2020: P01 (06-01), P02 (09-15), P03 (05-01, on the cancelled
    # A06 -- applications need not hang on a counted activity); P04 12-01 is after -> 3
    "F.applications": 3,
    # granted among those: P01 300000 -> 300000
    "F.granted_dkk": 300000,
    # ministry, period_start <= 2020-10-31: allocated F01 100000 + F03 100000 (Q4 from 10-01)
    # + F05 120000 + F08 50000 = 370000; spent F02 80000 + F04 40000 + F06 90000 + F09 0
    # = 210000.  210000/370000*100 = 56.756.. -> 56.8
    "F.grant_utilisation_pct": 56.8,
    # in-kind all orgs 2020 <= as-of: 5000+12000+3200+1500+1500 = 23200; region spent F10 20000
    # + F11 10000 = 30000 (F12 is allocated); (23200+30000)/210000 = 0.2533.. -> 0.25
    "F.cofinancing_ratio": 0.25,
}


def test_columns_and_shape(national):
    assert list(national.columns) == COLUMNS
    assert national["kpi_id"].tolist() == list(KPI_IDS)
    assert set(national["scope"]) == {"ALL"}
    assert set(national["year"]) == {2020}


def test_national_every_kpi(national):
    assert_values(values(national), {(k, "ALL"): v for k, v in NATIONAL_2020.items()})


# --- cluster scope, every KPI -------------------------------------------------------------------

CLUSTER_2020 = {
    # LSI: A01 {O01 O02 O05}; MTIC: A02 {O02 O03 O01}; WT: A03 {O03 O04}, A10 {O03};
    # CHC: A04 {O04 O11 O05}, A08 {O04 O11}.  O01/O02 count in LSI and MTIC, once nationally
    "G1.companies": {"LSI": 3, "MTIC": 3, "WT": 2, "CHC": 3},
    # SMEs O01 O04 O05: LSI {O01 O05}, MTIC {O01}, WT {O04}, CHC {O04 O05}
    "G1.smes": {"LSI": 2, "MTIC": 1, "WT": 1, "CHC": 2},
    "G1.companies_with_knowledge": {"LSI": 0, "MTIC": 3, "WT": 0, "CHC": 0},
    # K01 LSI 5000; K02 MTIC 12000; K04 on A06 (WT) 1500; K07 on A08 (CHC) 1500
    "G1.inkind_dkk": {"LSI": 5000, "MTIC": 12000, "WT": 1500, "CHC": 1500},
    # O01, O02 -> LSI (A01) and MTIC (A02); O04 -> WT (A03), CHC (A04, A08); O09 none (its
    # activities are planned/cancelled/after as-of)
    "G1.new_products": {"LSI": 2, "MTIC": 2, "WT": 1, "CHC": 1},
    "G2.activities": {"LSI": 1, "MTIC": 1, "WT": 2, "CHC": 2},
    "G2.user_involving": {"LSI": 1, "MTIC": 0, "WT": 2, "CHC": 0},
    # O07 and O08 in A03 (WT)
    "G2.healthcare_orgs": {"LSI": 0, "MTIC": 0, "WT": 2, "CHC": 0},
    # A01 (LSI) and A03 (WT) have partners; being a partner (MTIC on A01) does not count
    "G3.cross_cluster": {"LSI": 1, "MTIC": 0, "WT": 1, "CHC": 0},
    "G3.cross_regional_projects": {"LSI": 0, "MTIC": 1, "WT": 0, "CHC": 0},
    # LSI 2/3 = 66.67 -> 66.7; MTIC 2/4 = 50.0; WT 2/4 = 50.0; CHC 0/2 = 0.0
    "G3.outside_region_pct": {"LSI": 66.7, "MTIC": 50.0, "WT": 50.0, "CHC": 0.0},
    "G4.international_activities": {"LSI": 0, "MTIC": 0, "WT": 0, "CHC": 1},
    # O05 in A01 (LSI) and A04 (CHC); O10 in A03 (WT)
    "G4.international_orgs": {"LSI": 1, "MTIC": 0, "WT": 1, "CHC": 1},
    "G4.companies_international": {"LSI": 0, "MTIC": 0, "WT": 0, "CHC": 2},
    # P02 on A01 (LSI), P01 on A02 (MTIC), P03 on A06 (WT)
    "F.applications": {"LSI": 1, "MTIC": 1, "WT": 1, "CHC": 0},
    "F.granted_dkk": {"LSI": 0, "MTIC": 300000, "WT": 0, "CHC": 0},
    # LSI (80000+40000)/(100000+100000) = 60.0; MTIC 90000/120000 = 75.0; WT 0/50000 = 0.0;
    # CHC has no ministry allocation -> NULL
    "F.grant_utilisation_pct": {"LSI": 60.0, "MTIC": 75.0, "WT": 0.0, "CHC": NAN},
    # LSI (5000 + 20000)/120000 = 0.2083 -> 0.21; MTIC (12000+3200)/90000 = 0.1689 -> 0.17;
    # WT (1500 + 10000)/0 (ministry spend of zero) -> NULL; CHC 1500/no ministry spend -> NULL
    "F.cofinancing_ratio": {"LSI": 0.21, "MTIC": 0.17, "WT": NAN, "CHC": NAN},
}


def test_cluster_every_kpi(by_cluster):
    assert by_cluster["scope"].drop_duplicates().tolist() == ["LSI", "MTIC", "WT", "CHC"]
    expected = {(k, c): v for k, per in CLUSTER_2020.items() for c, v in per.items()}
    assert_values(values(by_cluster), expected)


def test_national_distinct_counts_are_not_sums(national, by_cluster):
    cluster_sum = by_cluster[by_cluster.kpi_id == "G1.companies"]["actual"].sum()
    assert cluster_sum == 3 + 3 + 2 + 3  # 11 ...
    assert values(national)[("G1.companies", "ALL")] == 6  # ... but 6 distinct nationally


# --- region, theme, technology ------------------------------------------------------------------


def test_region_scope_is_lead_clusters_home_region(kpi_fixture_warehouse):
    t = kpi_table(2020, "region", AS_OF, warehouse=kpi_fixture_warehouse)
    # only home regions of clusters, in dim_region order; Sjælland is nobody's home region
    assert t["scope"].drop_duplicates().tolist() == [
        "Nordjylland",
        "Midtjylland",
        "Syddanmark",
        "Hovedstaden",
    ]
    v = values(t)
    assert_values(
        v,
        {
            # A03 is hosted in Syddanmark with O04 from Hovedstaden: still WT -> Syddanmark
            ("G2.activities", "Nordjylland"): 1,
            ("G2.activities", "Syddanmark"): 2,
            ("G1.companies", "Hovedstaden"): 3,
            # funding at region scope: the cluster's home region (LSI -> Nordjylland)
            ("F.grant_utilisation_pct", "Nordjylland"): 60.0,
            ("F.cofinancing_ratio", "Syddanmark"): NAN,
        },
    )
    # a region's target is its home cluster's: G2.activities LSI target 1, E = 1*305/366
    # = 0.833; actual 1 -> 120.0 % on_track
    row = t[(t.kpi_id == "G2.activities") & (t.scope == "Nordjylland")].iloc[0]
    assert (row.target, row.achievement_pct, row.status) == (1.0, 120.0, "on_track")


def test_theme_scope(kpi_fixture_warehouse):
    t = kpi_table(2020, "theme", AS_OF, warehouse=kpi_fixture_warehouse)
    assert t["scope"].drop_duplicates().tolist() == [
        "PREVENTION",
        "EQUALITY",
        "HEALTH_DATA",
        "PERSONALISED",
    ]
    assert_values(
        values(t),
        {
            # A01 PREVENTION; A03 EQUALITY; A02 A10 HEALTH_DATA; A04 A08 PERSONALISED
            ("G2.activities", "PREVENTION"): 1,
            ("G2.activities", "EQUALITY"): 1,
            ("G2.activities", "HEALTH_DATA"): 2,
            ("G2.activities", "PERSONALISED"): 2,
            # new products: O01 O02 via A01 (PREVENTION) and A02 (HEALTH_DATA); O04 via A03
            # (EQUALITY) and A04/A08 (PERSONALISED)
            ("G1.new_products", "PREVENTION"): 2,
            ("G1.new_products", "HEALTH_DATA"): 2,
            ("G1.new_products", "EQUALITY"): 1,
            ("G1.new_products", "PERSONALISED"): 1,
            # funding has no activity and so no theme
            ("F.grant_utilisation_pct", "PREVENTION"): NAN,
            ("F.cofinancing_ratio", "HEALTH_DATA"): NAN,
        },
    )
    assert set(t["status"]) == {"no_target"}
    assert t["target"].isna().all()


def test_technology_scope(kpi_fixture_warehouse):
    t = kpi_table(2020, "technology", AS_OF, warehouse=kpi_fixture_warehouse)
    assert_values(
        values(t),
        {
            # A01 A02 A10 DIGITAL, A03 IOT, A08 PERSONALISED_TECH; A04 has no technology, so
            # the scopes sum to 5, not 6
            ("G2.activities", "DIGITAL"): 3,
            ("G2.activities", "IOT"): 1,
            ("G2.activities", "PERSONALISED_TECH"): 1,
            # in-kind: K01 (A01) 5000 + K02 (A02) 12000 + K04 (A06, DIGITAL) 1500 = 18500;
            # K07 (A08) 1500
            ("G1.inkind_dkk", "DIGITAL"): 18500,
            ("G1.inkind_dkk", "IOT"): 0,
            ("G1.inkind_dkk", "PERSONALISED_TECH"): 1500,
            # DIGITAL: A01 2/3 + A02 2/4 = 4/7 = 57.14 -> 57.1; IOT (A03) 2/4 = 50.0
            ("G3.outside_region_pct", "DIGITAL"): 57.1,
            ("G3.outside_region_pct", "IOT"): 50.0,
        },
    )


# --- as-of ------------------------------------------------------------------------------------


def test_as_of_end_of_year_counts_the_late_activity(kpi_fixture_warehouse):
    t = kpi_table(2020, "national", date(2020, 12, 31), warehouse=kpi_fixture_warehouse)
    assert_values(
        values(t),
        {
            # + A07 (2020-11-15)
            ("G2.activities", "ALL"): 7,
            ("G3.cross_cluster", "ALL"): 3,
            ("G2.user_involving", "ALL"): 4,
            # + O09 (A07; 249 employees is an SME)
            ("G1.companies", "ALL"): 7,
            ("G1.smes", "ALL"): 4,
            # + K05 4*550 = 2200 (month 2020-11)
            ("G1.inkind_dkk", "ALL"): 22200,
            # + P04 granted 800000 submitted 2020-12-01
            ("F.applications", "ALL"): 4,
            ("F.granted_dkk", "ALL"): 1100000,
            # + A07 Hovedstaden: O09 Sjælland out, O11 same -> 7/15 = 46.67 -> 46.7
            ("G3.outside_region_pct", "ALL"): 46.7,
            # (23200 + 2200 + 30000)/210000 = 0.2638 -> 0.26
            ("F.cofinancing_ratio", "ALL"): 0.26,
        },
    )
    c = kpi_table(2020, "cluster", date(2020, 12, 31), warehouse=kpi_fixture_warehouse)
    # O09 now took part in a counted CHC activity (A07): CHC new products O04 + O09 = 2
    assert values(c)[("G1.new_products", "CHC")] == 2


def test_funding_quarter_counts_from_its_first_day(kpi_fixture_warehouse):
    # at 2020-09-30 the Q4 rows (from 2020-10-01) do not exist yet:
    # LSI ministry 80000 / 100000 = 80.0
    t = kpi_table(2020, "cluster", date(2020, 9, 30), warehouse=kpi_fixture_warehouse)
    assert values(t)[("F.grant_utilisation_pct", "LSI")] == 80.0
    # in-kind month 2020-10 (K07) does not exist yet either: CHC 0
    assert values(t)[("G1.inkind_dkk", "CHC")] == 0
    # at 2020-10-01 both do
    t = kpi_table(2020, "cluster", date(2020, 10, 1), warehouse=kpi_fixture_warehouse)
    assert values(t)[("F.grant_utilisation_pct", "LSI")] == 60.0
    assert values(t)[("G1.inkind_dkk", "CHC")] == 1500


def test_every_year_with_data(kpi_fixture_warehouse):
    t = kpi_table(None, "national", AS_OF, warehouse=kpi_fixture_warehouse)
    assert sorted(set(t["year"])) == [2019, 2020]
    v = {(r.kpi_id, r.year): r for r in t.itertuples(index=False)}
    # 2019: A09 only; 2019 is before the as-of year -> 1/2 = 50.0 % missed
    r = v[("G2.activities", 2019)]
    assert (r.actual, r.target, r.achievement_pct, r.status) == (1.0, 2.0, 50.0, "missed")
    # 2019 in-kind K06 6*500 = 3000; granted P05 50000; ministry 45000/50000 = 90.0
    assert v[("G1.inkind_dkk", 2019)].actual == 3000
    assert v[("F.granted_dkk", 2019)].actual == 50000
    assert v[("F.grant_utilisation_pct", 2019)].actual == 90.0
    # O02 2019 new product: national counts every company of the survey
    assert v[("G1.new_products", 2019)].actual == 1
    # 2019 MTIC target 1, actual 1 -> 100 % achieved (exact boundary)
    c = kpi_table(2019, "cluster", AS_OF, warehouse=kpi_fixture_warehouse)
    r = c[(c.kpi_id == "G2.activities") & (c.scope == "MTIC")].iloc[0]
    assert (r.actual, r.achievement_pct, r.status) == (1.0, 100.0, "achieved")


def test_year_after_as_of_is_not_started(kpi_fixture_warehouse):
    t = kpi_table(2021, "national", AS_OF, warehouse=kpi_fixture_warehouse)
    r = t[t.kpi_id == "G2.activities"].iloc[0]
    assert (r.actual, r.target, r.status) == (0.0, 12.0, "not_started")
    assert math.isnan(r.achievement_pct)


# --- targets and status in the as-of year ---------------------------------------------------------


def test_status_in_the_as_of_year(national, by_cluster):
    # day of year of 2020-10-31 in a leap year: 31+29+31+30+31+30+31+31+30+31 = 305 of 366
    rows = {(r.kpi_id, r.scope): r for r in pd.concat([national, by_cluster]).itertuples()}

    def check(key, target, pct, status):
        r = rows[key]
        assert (r.target, r.achievement_pct, r.status) == (target, pct, status), key

    # E = 10*305/366 = 8.333; 6/8.333 = 72.0 % < 75 % -> behind
    check(("G2.activities", "ALL"), 10.0, 72.0, "behind")
    # E = 8*305/366 = 6.667; 6/6.667 = 90.0 % -> at_risk
    check(("G1.companies", "ALL"), 8.0, 90.0, "at_risk")
    # E = 30000*305/366 = 25000; 20000/25000 = 80.0 % -> at_risk
    check(("G1.inkind_dkk", "ALL"), 30000.0, 80.0, "at_risk")
    # %: against T itself: 46.2/50 = 92.4 % -> at_risk
    check(("G3.outside_region_pct", "ALL"), 50.0, 92.4, "at_risk")
    # 56.8/60 = 94.67 % -> 94.7, at_risk (just under 95)
    check(("F.grant_utilisation_pct", "ALL"), 60.0, 94.7, "at_risk")
    # ratio: 0.25/0.5 = 50.0 % -> behind
    check(("F.cofinancing_ratio", "ALL"), 0.5, 50.0, "behind")
    # cluster targets: LSI 1, E = 0.833, actual 1 -> 120.0 on_track; MTIC 2, E = 1.667,
    # 1/1.667 = 60.0 behind; WT 3, E = 2.5, 2/2.5 = 80.0 at_risk; CHC 2 -> 120.0 on_track
    check(("G2.activities", "LSI"), 1.0, 120.0, "on_track")
    check(("G2.activities", "MTIC"), 2.0, 60.0, "behind")
    check(("G2.activities", "WT"), 3.0, 80.0, "at_risk")
    check(("G2.activities", "CHC"), 2.0, 120.0, "on_track")
    # a target but no value (WT co-financing divides by a ministry spend of zero)
    r = rows[("F.cofinancing_ratio", "WT")]
    assert r.target == 0.3 and math.isnan(r.achievement_pct) and r.status == "no_value"
    # no target
    r = rows[("G1.smes", "ALL")]
    assert math.isnan(r.target) and math.isnan(r.achievement_pct) and r.status == "no_target"


# --- filters -----------------------------------------------------------------------------------


def test_filter_clusters_national(kpi_fixture_warehouse):
    t = kpi_table(2020, "national", AS_OF, {"clusters": ["LSI", "MTIC"]}, kpi_fixture_warehouse)
    assert_values(
        values(t),
        {
            ("G2.activities", "ALL"): 2,  # A01, A02
            # A01 {O01 O02 O05} | A02 {O02 O03 O01} = {O01 O02 O03 O05} = 4, not 3 + 3
            ("G1.companies", "ALL"): 4,
            # under a filter, a company with a new product counts only through a counted
            # activity that passes it: O01, O02 -> 2
            ("G1.new_products", "ALL"): 2,
            # funding of LSI + MTIC: (120000 + 90000)/(200000 + 120000) = 65.625 -> 65.6
            ("F.grant_utilisation_pct", "ALL"): 65.6,
            # (5000 + 12000 + 3200 + 20000)/210000 = 0.1914 -> 0.19
            ("F.cofinancing_ratio", "ALL"): 0.19,
        },
    )
    # a filtered national row is not the network: no target
    assert set(t["status"]) == {"no_target"}


def test_filter_regions_keeps_cluster_rows_and_targets(kpi_fixture_warehouse):
    t = kpi_table(
        2020, "cluster", AS_OF, KpiFilters(regions=("Syddanmark",)), kpi_fixture_warehouse
    )
    assert set(t["scope"]) == {"WT"}
    r = t[t.kpi_id == "G2.activities"].iloc[0]
    assert (r.actual, r.target, r.status) == (2.0, 3.0, "at_risk")


def test_filter_theme_narrows_activities_and_drops_funding(kpi_fixture_warehouse):
    t = kpi_table(2020, "national", AS_OF, {"themes": ["PERSONALISED"]}, kpi_fixture_warehouse)
    assert_values(
        values(t),
        {
            ("G2.activities", "ALL"): 2,  # A04, A08 (A07 after as-of)
            ("G1.companies", "ALL"): 3,  # O04 O11 O05
            ("G1.inkind_dkk", "ALL"): 1500,  # K07 on A08 (K05 on A07 is 2020-11)
            # funding has no theme: no value under a theme filter
            ("F.grant_utilisation_pct", "ALL"): NAN,
            ("F.cofinancing_ratio", "ALL"): NAN,
        },
    )


def test_filter_activity_type_and_technology(kpi_fixture_warehouse):
    t = kpi_table(2020, "national", AS_OF, {"activity_types": ["deep_dive"]}, kpi_fixture_warehouse)
    assert_values(
        values(t),
        {
            ("G2.activities", "ALL"): 1,
            ("G4.international_activities", "ALL"): 1,
            # A04 has no host region: no eligible participation -> NULL, not 0
            ("G3.outside_region_pct", "ALL"): NAN,
        },
    )
    t = kpi_table(2020, "technology", AS_OF, {"technologies": ["IOT"]}, kpi_fixture_warehouse)
    assert set(t["scope"]) == {"IOT"}
    # A03 only (A05 is IOT but planned)
    assert values(t)[("G2.activities", "IOT")] == 1


def test_bad_arguments(kpi_fixture_warehouse, tmp_path):
    with pytest.raises(ValueError, match="by must be one of"):
        kpi_table(2020, "country; DROP TABLE activities", AS_OF, warehouse=kpi_fixture_warehouse)
    with pytest.raises(ValueError, match="unknown KPI filter"):
        kpi_table(2020, "national", AS_OF, {"colour": ["red"]}, kpi_fixture_warehouse)
    with pytest.raises(FileNotFoundError):
        kpi_table(2020, warehouse=tmp_path / "missing.duckdb")


def test_filter_values_are_parameters_not_sql(kpi_fixture_warehouse):
    t = kpi_table(2020, "national", AS_OF, {"clusters": ["LSI' OR 1=1 --"]}, kpi_fixture_warehouse)
    assert values(t)[("G2.activities", "ALL")] == 0


# --- monthly series -------------------------------------------------------------------------------


def test_monthly_activities(kpi_fixture_warehouse):
    m = kpi_monthly("G2.activities", 2020, "national", AS_OF, warehouse=kpi_fixture_warehouse)
    assert list(m.columns) == ["month", "scope", "actual", "target_line"]
    assert m["month"].tolist() == [pd.Timestamp(2020, k, 1) for k in range(1, 13)]
    # cumulative counted by month end: Feb A01, Mar A02, May A03, Jun A04, Jul A10, Aug A08;
    # November and December start after the as-of date -> no value
    assert m["actual"].tolist()[:10] == [0, 1, 2, 2, 3, 4, 5, 6, 6, 6]
    assert m["actual"].iloc[10:].isna().all()
    # target line T=10 x day of year of the month end / 366: Jan 31 -> 0.847, Feb 29 is day
    # 60 -> 1.639, Oct 31 day 305 -> 8.333, Dec 31 day 366 -> 10
    assert m["target_line"].iloc[0] == pytest.approx(10 * 31 / 366)
    assert m["target_line"].iloc[1] == pytest.approx(10 * 60 / 366)
    assert m["target_line"].iloc[9] == pytest.approx(10 * 305 / 366)
    assert m["target_line"].iloc[11] == pytest.approx(10.0)


def test_monthly_inkind_by_cluster_and_percent_target(kpi_fixture_warehouse):
    m = kpi_monthly(
        "G1.inkind_dkk", 2020, "cluster", date(2020, 12, 31), warehouse=kpi_fixture_warehouse
    )
    chc = m[m.scope == "CHC"]["actual"].tolist()
    # CHC company in-kind: K07 1500 from October, K05 2200 from November
    assert chc == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1500, 3700, 3700]
    mtic = m[m.scope == "MTIC"]["actual"].tolist()
    # K02 12000 in March (K03 is a knowledge institution's)
    assert mtic == [0, 0] + [12000] * 10
    assert m["target_line"].isna().all()  # no cluster targets for in-kind
    p = kpi_monthly("G3.outside_region_pct", 2020, as_of=AS_OF, warehouse=kpi_fixture_warehouse)
    # % KPIs: the target line is T itself
    assert set(p["target_line"]) == {50.0}
    # January: nothing counted -> no value; February: A01 2/3 -> 66.7
    assert math.isnan(p["actual"].iloc[0])
    assert p["actual"].iloc[1] == 66.7


# --- catalogue ---------------------------------------------------------------------------------


def test_catalogue():
    cat = kpi_catalogue()
    assert [d.id for d in cat] == list(KPI_IDS)
    units = {d.id: (d.unit, d.decimals) for d in cat}
    assert units["G3.outside_region_pct"] == ("%", 1)
    assert units["F.cofinancing_ratio"] == ("ratio", 2)
    assert units["F.grant_utilisation_pct"] == ("%", 1)
    assert units["G1.inkind_dkk"][0] == "DKK"
    for d in cat:
        assert d.name_da and d.name_en and d.definition_da and d.definition_en and d.goal_da
    frame = kpi_catalogue_frame()
    for col in (
        "id",
        "goal",
        "name_da",
        "name_en",
        "definition_da",
        "definition_en",
        "unit",
        "decimals",
    ):
        assert col in frame.columns
    assert len(frame) == len(KPI_IDS)


def test_every_by_value_runs(kpi_fixture_warehouse):
    for by in BY_VALUES:
        t = kpi_table(2020, by, AS_OF, warehouse=kpi_fixture_warehouse)
        assert list(t.columns) == COLUMNS and len(t) > 0
