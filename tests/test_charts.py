"""The pure chart builders of ui/charts.py on small DataFrames (no Streamlit, no warehouse)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from ui import charts


def test_empty_inputs_give_an_empty_state_figure():
    for fig in (
        charts.burnup(pd.DataFrame(columns=["month", "cumulative", "target_line"]), "t", "a", "b"),
        charts.heatmap(pd.DataFrame(), "t", "v"),
        charts.bars(pd.DataFrame(columns=["x", "y"]), "x", "y", "t"),
        charts.lines(pd.DataFrame(columns=["x", "y", "c"]), "x", "y", "c", "t"),
        charts.network(pd.DataFrame(), pd.DataFrame(), "t"),
        charts.ratio_gauge(None, 1.0, "t"),
    ):
        assert isinstance(fig, go.Figure)
        assert not fig.data
        assert fig.layout.annotations[0].text == "–"


def test_burnup_bars_against_the_target_line():
    df = pd.DataFrame(
        {
            "month": pd.date_range("2020-01-01", periods=3, freq="MS"),
            "cumulative": [1.0, 3.0, float("nan")],
            "target_line": [0.8, 1.6, 2.5],
        }
    )
    fig = charts.burnup(df, "G2", "Actual", "Target")
    bar, line = fig.data
    assert bar.type == "bar" and list(bar.y[:2]) == [1.0, 3.0]
    assert line.type == "scatter" and line.line.dash == "dash"
    assert [bar.name, line.name] == ["Actual", "Target"]
    assert fig.layout.title.text == "G2"


def test_burnup_without_target_has_no_line():
    df = pd.DataFrame(
        {"month": pd.to_datetime(["2020-01-01"]), "cumulative": [1.0], "target_line": [None]}
    )
    assert len(charts.burnup(df, "t", "a", "b").data) == 1


def test_heatmap_cells_carry_codes_for_drill_down():
    matrix = pd.DataFrame(
        [[100.0, 50.0], [75.0, None]],
        index=["KPI a", "KPI b"],
        columns=["Cluster one", "Cluster two"],
    )
    fig = charts.heatmap(matrix, "t", "%", row_codes=["a", "b"], col_codes=["C1", "C2"])
    heat, cells = fig.data
    assert heat.type == "heatmap"
    assert heat.text[1][1] == ""  # no value, no text
    assert list(heat.text[0]) == ["100", "50"]
    assert [list(c) for c in cells.customdata] == [
        ["a", "C1"],
        ["a", "C2"],
        ["b", "C1"],
        ["b", "C2"],
    ]
    event = {"selection": {"points": [{"customdata": ["b", "C2"]}]}}
    assert charts.selected_codes(event, 0) == ["b"]
    assert charts.selected_codes(event, 1) == ["C2"]


def test_wrap_long_labels():
    assert charts.wrap("Copenhagen Healthtech Cluster") == "Copenhagen<br>Healthtech Cluster"
    assert charts.wrap("LSI") == "LSI"


def test_bars_grouped_by_colour_with_codes():
    df = pd.DataFrame(
        {
            "region": ["R1", "R1", "R2"],
            "n": [1, 2, 3],
            "who": ["A", "B", "A"],
            "code": ["r1", "r1", "r2"],
        }
    )
    fig = charts.bars(df, "region", "n", "t", color="who", codes="code", stacked=True)
    assert [t.name for t in fig.data] == ["A", "B"]
    assert fig.layout.barmode == "stack"
    assert [list(c) for c in fig.data[0].customdata] == [["r1"], ["r2"]]
    horizontal = charts.bars(df, "region", "n", "t", horizontal=True)
    assert horizontal.data[0].orientation == "h"
    assert list(horizontal.data[0].y) == ["R1", "R1", "R2"]


def test_lines_one_per_colour_sorted_by_x():
    df = pd.DataFrame({"p": ["2020", "2019", "2019"], "v": [2, 1, 5], "c": ["x", "x", "y"]})
    fig = charts.lines(df, "p", "v", "c", "t")
    assert [t.name for t in fig.data] == ["x", "y"]
    assert list(fig.data[0].x) == ["2019", "2020"]
    assert fig.data[0].marker.symbol != fig.data[1].marker.symbol  # not colour alone


def test_international_highlights_priority_markets():
    df = pd.DataFrame(
        {
            "year": [2019, 2019, 2020, 2020],
            "country": ["DE", "SE", "DE", "SE"],
            "activities": [4, 2, 1, 0],
            "organisations": [10, 3, 2, 1],
            "priority": [True, False, True, False],
        }
    )
    fig = charts.international(df, "t", "organisations", "Orgs", "Priority market", "Others")
    names = [t.name for t in fig.data]
    assert names == ["DE", "Others"]
    assert fig.layout.legend.title.text == "Priority market"
    de, others = fig.data
    assert list(de.y) == [10, 2]  # the 2020 drop
    assert others.marker.color == charts.MUTED
    assert fig.layout.barmode == "stack"


def test_network_places_every_node_and_scales_edges():
    nodes = pd.DataFrame(
        {
            "id": ["LSI", "WT", "Sjælland"],
            "label": ["LSI", "WT", "Region Sjælland"],
            "kind": ["cluster", "cluster", "region"],
            "kind_label": ["Clusters", "Clusters", "Region"],
        }
    )
    edges = pd.DataFrame(
        {
            "source": ["LSI", "WT"],
            "target": ["WT", "Sjælland"],
            "target_kind": ["cluster", "region"],
            "weight": [1, 4],
            "source_label": ["LSI", "WT"],
            "target_label": ["WT", "Region Sjælland"],
        }
    )
    fig = charts.network(nodes, edges, "t")
    lines = [t for t in fig.data if t.mode == "lines"]
    assert [t.line.width for t in lines] == pytest.approx([1 + 9 / 4, 10])
    markers = [t for t in fig.data if t.mode == "markers+text"]
    assert [list(t.text) for t in markers] == [["LSI", "WT"], ["Region Sjælland"]]


def test_grouped_amounts_and_gauge():
    df = pd.DataFrame({"label": ["LSI", "WT"], "code": ["LSI", "WT"], "a": [10, 20], "s": [5, 25]})
    fig = charts.grouped_amounts(
        df, "label", "t", [("a", "Allocated"), ("s", "Spent")], codes="code"
    )
    assert [t.name for t in fig.data] == ["Allocated", "Spent"]
    assert fig.data[0].marker.pattern.shape != fig.data[1].marker.pattern.shape
    gauge = charts.ratio_gauge(2.53, 1.5, "Co-financing")
    assert gauge.data[0].value == 2.53
    assert gauge.data[0].gauge.threshold.value == 1.5


def test_selected_codes_tolerates_odd_events():
    assert charts.selected_codes(None) == []
    assert charts.selected_codes({"selection": {"points": []}}) == []
    assert charts.selected_codes({"selection": {"points": [{"x": 1}]}}) == []
    event = {
        "selection": {"points": [{"customdata": ["A"]}, {"customdata": ["A"]}, {"customdata": "B"}]}
    }
    assert charts.selected_codes(event) == ["A", "B"]
