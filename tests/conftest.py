"""Shared fixtures: warehouses built by the real load from the KPI fixture and the sample."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KPI_FIXTURE_DIR = ROOT / "tests" / "data" / "kpi_fixture"
SAMPLE_DIR = ROOT / "sample_data"


def _build(input_dir: Path, target: Path) -> Path:
    from etl.load import load_warehouse

    result = load_warehouse(input_dir, target)
    assert result.status == "loaded", result.message
    return target


@pytest.fixture(scope="session")
def kpi_fixture_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse loaded from tests/data/kpi_fixture (hand-made, KPI values worked by hand)."""
    return _build(KPI_FIXTURE_DIR, tmp_path_factory.mktemp("kpi_wh") / "healthtech.duckdb")


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse loaded from the shipped sample_data/."""
    return _build(SAMPLE_DIR, tmp_path_factory.mktemp("sample_wh") / "healthtech.duckdb")
