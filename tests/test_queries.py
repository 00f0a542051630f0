"""The dashboard's query functions (warehouse/queries.py) on the hand-made KPI fixture.

Expected values are counted by hand from tests/data/kpi_fixture/*.csv with as-of 2020-10-31.
Counted activities in 2020 (completed, started in 2020, on or before the as-of date):
A01 LSI, A02 MTIC, A03 WT, A04 CHC (in DE), A08 CHC, A10 WT. Not A05 (planned), A06
(cancelled), A07 (15 Nov, after the as-of date), A09 (2019).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from warehouse import queries
from warehouse.db import SQL_DIR

AS_OF = date(2020, 10, 31)


@pytest.fixture(scope="module")
def wh(kpi_fixture_warehouse):
    return kpi_fixture_warehouse


def test_every_query_file_is_used_and_parameterised():
    source = (SQL_DIR.parent / "queries.py").read_text(encoding="utf-8")
    for path in sorted((SQL_DIR / "queries").glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("--"), f"{path.name} starts with a comment saying what it is"
        assert f'"{path.stem}"' in source, f"{path.name} has a query function"
        assert "{" not in text, f"{path.name}: values are parameters, never formatted in"
        assert ";" not in re.sub(r"'[^']*'|--[^\n]*", "", text), f"{path.name}: one statement"


def test_dimensions_hold_every_reference_label(wh):
    dims = queries.dimensions(wh)
    clusters = dims[dims.dimension == "cluster"]
    assert list(clusters.code) == ["LSI", "MTIC", "WT", "CHC"]
    regions = dims[dims.dimension == "region"].set_index("code")
    assert regions.at["Sjælland", "label_en"] == "Region Zealand"


def test_warehouse_info(wh):
    info = queries.warehouse_info(wh)
    assert info["load_id"] == 1
    assert info["loaded_at"] is not None
    assert info["activity_years"] == [2019, 2020]
    assert info["years"] == [2019, 2020, 2021]  # 2021 has a target only
    assert info["activities"] == 10


def test_headline(wh):
    h = queries.headline(2020, AS_OF, warehouse=wh)
    assert h["activities"] == 6
    # participations of the counted activities: A01 4, A02 4, A03 5, A04 3, A08 2, A10 2 = 20
    assert h["participations"] == 20
    # companies: O01 O02 O03 O04 O05 O11 = 6 (as G1.companies); SMEs: O01 O04 O05 = 3
    assert h["companies"] == 6
    assert h["smes"] == 3
    # in-kind with month 2020-01..2020-10 (any activity, any organisation):
    # K01 5000 + K02 12000 + K03 3200 + K04 1500 + K07 1500 = 23200
    assert h["inkind_dkk"] == pytest.approx(23200)


def test_headline_filters(wh):
    # WT leads A03 and A10; HEALTH_DATA: A02 and A10; both: A10
    assert queries.headline(2020, AS_OF, clusters=["WT"], warehouse=wh)["activities"] == 2
    assert queries.headline(2020, AS_OF, themes=["HEALTH_DATA"], warehouse=wh)["activities"] == 2
    both = queries.headline(2020, AS_OF, clusters=["WT"], themes=["HEALTH_DATA"], warehouse=wh)
    assert both["activities"] == 1
    # 2019: A09 (MTIC) only
    assert queries.headline(2019, AS_OF, warehouse=wh)["activities"] == 1


def test_reach_by_region_includes_sjaelland(wh):
    reach = queries.reach_by_region(2020, AS_OF, warehouse=wh)
    total = reach[reach.cluster == "*"].set_index("region")["organisations"].to_dict()
    # Nordjylland O01; Midtjylland O02 O06; Syddanmark O03 O07; Hovedstaden O04 O11;
    # Sjælland O08 (A03) -- O09 only in A05/A06/A07, none counted on 2020-10-31
    assert total == {
        "Nordjylland": 1,
        "Midtjylland": 2,
        "Syddanmark": 2,
        "Hovedstaden": 2,
        "Sjælland": 1,
    }
    assert not reach[reach.region == "Sjælland"].partner.any()
    # at the end of the year A07 (CHC) counts too: O09 of Sjælland joins
    late = queries.reach_by_region(2020, date(2020, 12, 31), warehouse=wh)
    late_total = late[late.cluster == "*"].set_index("region")["organisations"]
    assert late_total["Sjælland"] == 2


def test_theme_technology(wh):
    tt = queries.theme_technology(2020, AS_OF, warehouse=wh)
    got = {(r.theme, r.technology): r.activities for r in tt.itertuples()}
    # PREVENTION/DIGITAL A01; HEALTH_DATA/DIGITAL A02 A10; EQUALITY/IOT A03;
    # PERSONALISED/NONE A04; PERSONALISED/PERSONALISED_TECH A08
    assert got == {
        ("PREVENTION", "DIGITAL"): 1,
        ("HEALTH_DATA", "DIGITAL"): 2,
        ("EQUALITY", "IOT"): 1,
        ("PERSONALISED", "NONE"): 1,
        ("PERSONALISED", "PERSONALISED_TECH"): 1,
    }
    # companies of PERSONALISED without the technology split: A04 O04 O11 O05, A08 O04 O11 -> 3
    whole = queries.theme_technology(2020, AS_OF, split_technology=False, warehouse=wh)
    assert whole.set_index("theme").at["PERSONALISED", "companies"] == 3


def test_region_matrix(wh):
    m = queries.region_matrix(2020, AS_OF, warehouse=wh)
    acts = {(r.region_a, r.region_b): r.activities for r in m.itertuples()}
    # A01: Nordjylland O01, Midtjylland O02 O06; A02: Midtjylland O02 O06, Syddanmark O03,
    # Nordjylland O01; A03: Syddanmark O03 O07, Sjælland O08, Hovedstaden O04;
    # A04 and A08: Hovedstaden O04 O11; A10: Syddanmark O03 O07
    assert acts[("Nordjylland", "Midtjylland")] == 2
    assert acts[("Midtjylland", "Midtjylland")] == 2
    assert acts[("Syddanmark", "Sjælland")] == 1
    assert acts[("Hovedstaden", "Hovedstaden")] == 2
    assert ("Nordjylland", "Nordjylland") not in acts  # never two organisations of it together
    orgs = {(r.region_a, r.region_b): r.organisations for r in m.itertuples()}
    assert orgs[("Midtjylland", "Nordjylland")] == 2  # O02 and O06


def test_cluster_network(wh):
    edges = queries.cluster_network(2020, AS_OF, warehouse=wh)
    clusters = edges[edges.target_kind == "cluster"]
    # A01 LSI with MTIC; A03 WT with LSI and CHC (A05, A07 not counted)
    got = {(r.source, r.target): r.weight for r in clusters.itertuples()}
    assert got == {("LSI", "MTIC"): 1, ("WT", "LSI"): 1, ("WT", "CHC"): 1}


def test_international(wh):
    intl = queries.international(AS_OF, warehouse=wh)
    y2020 = intl[intl.year == 2020].set_index("country")
    # A04 held in DE; foreign organisations O05 (DE) and O10 (GB)
    assert y2020.at["DE", "activities"] == 1
    assert y2020.at["DE", "organisations"] == 1
    assert y2020.at["GB", "organisations"] == 1
    assert y2020.priority.all()


def test_funding_counts_quarters_from_their_first_day(wh):
    f = queries.funding(2020, AS_OF, warehouse=wh)
    ministry = f[f.source == "ministry"].groupby("flow").amount_dkk.sum()
    # allocated F01 F03 F05 F08 = 370000, spent F02 F04 F06 F09 = 210000 (Q4 from 1 Oct)
    assert ministry["allocated"] == 370000
    assert ministry["spent"] == 210000
    early = queries.funding(2020, date(2020, 9, 30), warehouse=wh)
    assert early[early.source == "ministry"].query("flow == 'allocated'").amount_dkk.sum() == 270000


def test_inkind(wh):
    k = queries.inkind(2020, AS_OF, warehouse=wh)
    by_type = k.groupby("org_type").value_dkk.sum()
    # companies K01 5000 + K02 12000 + K04 1500 + K07 1500 = 20000 (= G1.inkind_dkk); K03 3200
    assert by_type["company"] == 20000
    assert by_type["knowledge_institution"] == 3200


def test_explorer_rows_every_filter(wh):
    rows = queries.explorer_rows(
        date_from=date(2020, 1, 1),
        date_to=date(2020, 12, 31),
        clusters=["MTIC", "WT"],
        themes=["HEALTH_DATA", "EQUALITY"],
        regions=["Syddanmark"],
        technologies=["DIGITAL", "IOT"],
        activity_types=["innovation_project", "conference", "webinar"],
        org_types=["company"],
        sme=False,  # O03 has no employee count: not an SME
        countries=["DK"],
        statuses=["completed"],
        warehouse=wh,
    )
    # O03 (Syddanmark company) in A02 (MTIC, HEALTH_DATA), A03 (WT, EQUALITY), A10 (WT webinar)
    assert sorted(rows.activity_id) == ["A02", "A03", "A10"]
    assert set(rows.org_id) == {"O03"}
    assert (rows.total_rows == 3).all()


def test_explorer_rows_limit_and_total(wh):
    rows = queries.explorer_rows(limit=5, warehouse=wh)
    # 26 participations + the in-kind pairs without a participation: K04 (O03, A06) and
    # K05 (O04, A07) -> 28 rows (K01 K02 K03 K06 K07 hang on a participation)
    assert len(rows) == 5
    assert rows.total_rows.iloc[0] == 28


def test_explorer_drill_down(wh):
    rows = queries.explorer_rows(drill_dim="cluster", drill_keys=["LSI"], warehouse=wh)
    assert set(rows.lead_cluster) == {"LSI"}
    with pytest.raises(ValueError):
        queries.explorer_rows(drill_dim="nonsense", drill_keys=["x"], warehouse=wh)


def test_explorer_pivot(wh):
    p = queries.explorer_pivot(
        "cluster", "none", date_from=date(2020, 1, 1), statuses=["completed"], warehouse=wh
    )
    got = p.set_index("row_key")
    # completed in 2020 (any date): LSI A01; MTIC A02; WT A03 A10; CHC A04 A07 A08
    assert got.activities.to_dict() == {"CHC": 3, "LSI": 1, "MTIC": 1, "WT": 2}
    # CHC companies: A04 O04 O11 O05, A07 O09 O11, A08 O04 O11 -> O04 O05 O09 O11 = 4
    assert got.at["CHC", "companies"] == 4
    with pytest.raises(ValueError):
        queries.explorer_pivot("nonsense", warehouse=wh)


def test_data_quality_queries(wh):
    runs = queries.load_runs(wh)
    assert list(runs.load_id) == [1]
    log = queries.load_log(wh)
    assert set(log.kind) >= {"activities", "organisations"}
    assert queries.quarantine(load_ids=[1], warehouse=wh).columns.tolist()[:3] == [
        "load_id",
        "source_file",
        "kind",
    ]
    deliveries = queries.last_delivery(wh)
    # the fixture's files carry no cluster code: all are the secretariat's
    assert set(deliveries.cluster) == {""}
    assert "activities" in set(deliveries.kind)


def test_last_delivery_reads_the_cluster_from_the_file_name(sample_warehouse):
    deliveries = queries.last_delivery(sample_warehouse)
    activities = deliveries[deliveries.kind == "activities"]
    assert set(activities.cluster) == {"LSI", "MTIC", "WT", "CHC"}
    assert "" in set(deliveries.cluster)  # organisations.csv, funding.xlsx: the secretariat


def test_missing_warehouse_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        queries.headline(2020, warehouse=tmp_path / "none.duckdb")
