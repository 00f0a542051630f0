"""docs/kpis.md is generated from the catalogue and must agree with it."""

from __future__ import annotations

from warehouse.kpi_catalogue import kpi_catalogue
from warehouse.kpi_docs import DOC_FILE, render


def test_doc_matches_catalogue():
    assert DOC_FILE.read_text(encoding="utf-8") == render(), (
        "docs/kpis.md is out of date: run `python -m warehouse.kpi_docs`"
    )


def test_doc_has_every_kpi_in_both_languages():
    text = render()
    for d in kpi_catalogue():
        assert f"`{d.id}`" in text
        assert d.definition_da in text and d.definition_en in text
    assert "## Decisions" in text
