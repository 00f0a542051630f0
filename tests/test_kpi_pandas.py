"""The independent pandas oracle (tests/kpi_oracle.py) agrees with kpi_table."""

from __future__ import annotations

from datetime import date

import pytest

from tests.kpi_oracle import compare, kpis_pandas, read_tables
from warehouse.kpi import kpi_table


@pytest.mark.parametrize("by", ["cluster", "national"])
@pytest.mark.parametrize("as_of", [date(2020, 10, 31), date(2020, 12, 31), date(2020, 3, 1)])
def test_pandas_agrees_on_fixture(kpi_fixture_warehouse, by, as_of):
    ours = kpi_table(2020, by, as_of, warehouse=kpi_fixture_warehouse)
    reference = kpis_pandas(read_tables(kpi_fixture_warehouse), 2020, as_of, by=by)
    assert compare(ours, reference) == []


def test_pandas_agrees_on_fixture_2019(kpi_fixture_warehouse):
    ours = kpi_table(2019, "cluster", date(2020, 10, 31), warehouse=kpi_fixture_warehouse)
    reference = kpis_pandas(read_tables(kpi_fixture_warehouse), 2019, date(2020, 10, 31))
    assert compare(ours, reference) == []


@pytest.mark.parametrize("by", ["cluster", "national"])
def test_pandas_agrees_on_sample(sample_warehouse, by):
    tables = read_tables(sample_warehouse)
    for year in (2019, 2020):
        ours = kpi_table(year, by, date(2020, 12, 31), warehouse=sample_warehouse)
        reference = kpis_pandas(tables, year, date(2020, 12, 31), by=by)
        assert compare(ours, reference) == []
