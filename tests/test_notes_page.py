"""Notes and the forecast in the dashboard (AppTest): writing and reading per role, literal text,
the scorecard's forecast, notes and last-year columns, and the Regions page's notes."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.test_access import make_app
from ui import scorecard
from warehouse import notes
from warehouse.notes import NoteWriter

STEERING_EMAIL = "formand@region.dk"
LEAD_EMAIL = "projektleder@lsi.dk"
MINISTRY_EMAIL = "fuldmaegtig@ufm.dk"
KPI_NAME = "Knowledge-bridge activities"  # G2.activities in English


@pytest.fixture
def notes_file(tmp_path, monkeypatch):
    path = tmp_path / "notes" / "notes.sqlite"
    monkeypatch.setenv(notes.ENV_NOTES, str(path))
    return path


def app_as(monkeypatch, tmp_path, warehouse, email: str | None) -> AppTest:
    user = None if email is None else {"is_logged_in": True, "email": email, "name": "Test"}
    at = make_app(monkeypatch, tmp_path, warehouse, user, auth=email is not None)
    at.query_params["asof"] = "2020-10-31"
    return at


def open_detail(at: AppTest, kpi_id: str) -> AppTest:
    at.run()
    at.selectbox(key="overview_burnup_kpi").set_value(kpi_id).run()
    return at


def no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def write_note(at: AppTest, key: str, text: str, scope: str | None = None) -> AppTest:
    if scope is not None:
        at.selectbox(key=f"{key}_scope").set_value(scope)
    at.text_area(key=f"{key}_text").input(text)
    at.text_input(key=f"{key}_action").input("Ekstra matchmaking")
    at.text_input(key=f"{key}_owner").input("Ejer@LSI.dk")
    submit = next(b for b in at.button if b.label in ("Save note", "Gem bemærkning"))
    return submit.click().run()


def test_steering_writes_a_national_note_and_sees_it(
    monkeypatch, tmp_path, notes_file, kpi_fixture_warehouse
):
    at = open_detail(
        app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, STEERING_EMAIL), "G2.activities"
    )
    no_failure(at)
    assert at.selectbox(key="overview_note_new_scope").options == [
        "Whole network",
        "LifeScience Innovation",
        "Medtech Innovation Consortium",
        "Welfare Tech",
        "Copenhagen Healthtech Cluster",
    ]
    write_note(at, "overview_note_new", "Bagud: to workshops aflyst")
    no_failure(at)
    stored = notes.list_notes(path=notes_file)
    assert len(stored) == 1
    row = stored.iloc[0]
    assert (row.year, row.kpi_id, row.scope, row.created_by) == (
        2020,
        "G2.activities",
        "ALL",
        STEERING_EMAIL,
    )
    assert (row.action, row.owner) == ("Ekstra matchmaking", "ejer@lsi.dk")
    # the thread shows it, as text
    assert "Bagud: to workshops aflyst" in [t.value for t in at.text]
    # and the scorecard row of the KPI shows the latest note
    cards = [d.value for d in at.dataframe if "Notes" in d.value.columns]
    previews = {r["KPI"]: r["Notes"] for card in cards for _, r in card.iterrows()}
    assert previews[KPI_NAME] == "💬 Bagud: to workshops aflyst"
    assert previews["Participating companies"] == ""


def test_cluster_lead_writes_only_for_their_cluster(
    monkeypatch, tmp_path, notes_file, kpi_fixture_warehouse
):
    at = open_detail(
        app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, LEAD_EMAIL), "G2.activities"
    )
    no_failure(at)
    assert at.selectbox(key="overview_note_new_scope").options == ["LifeScience Innovation"]
    write_note(at, "overview_note_new", "LSI: én aktivitet mere i Q4")
    no_failure(at)
    [row] = notes.list_notes(path=notes_file).itertuples()
    assert (row.scope, row.created_by) == ("LSI", LEAD_EMAIL)


def test_the_data_layer_refuses_a_lead_even_when_the_form_offers_more(
    monkeypatch, tmp_path, notes_file, kpi_fixture_warehouse
):
    # a tampered form (every scope offered): the write still goes through warehouse.notes
    monkeypatch.setattr(notes, "writable_scopes", lambda writer: ["ALL", "LSI", "MTIC"])
    at = open_detail(
        app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, LEAD_EMAIL), "G2.activities"
    )
    write_note(at, "overview_note_new", "forsøg på MTIC", scope="MTIC")
    assert [e.value for e in at.error] == ["Your role may not write notes for this scope."]
    assert notes.list_notes(path=notes_file).empty


def test_ministry_reads_but_cannot_write(monkeypatch, tmp_path, notes_file, kpi_fixture_warehouse):
    notes.add_note(
        2020,
        "G2.activities",
        "ALL",
        "Forklaring til ministeriet",
        NoteWriter(STEERING_EMAIL, "steering"),
        path=notes_file,
    )
    at = open_detail(
        app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, MINISTRY_EMAIL), "G2.activities"
    )
    no_failure(at)
    assert "Forklaring til ministeriet" in [t.value for t in at.text]
    assert "Your role can read notes, but not write them." in [c.value for c in at.caption]
    assert not [b for b in at.button if b.label == "Save note"]
    assert not at.text_area


def test_a_note_is_shown_literally(monkeypatch, tmp_path, notes_file, kpi_fixture_warehouse):
    text = "<script>alert(1)</script> **fed** [klik](javascript:alert(2)) <img src=x onerror=y>"
    notes.add_note(
        2020,
        "G2.activities",
        "ALL",
        text,
        NoteWriter(STEERING_EMAIL, "steering"),
        action="<b>handling</b>",
        path=notes_file,
    )
    at = open_detail(
        app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, STEERING_EMAIL), "G2.activities"
    )
    no_failure(at)
    texts = [t.value for t in at.text]
    assert text in texts
    assert any(v.startswith("Action: <b>handling</b>") for v in texts)
    # never through Markdown (which would render the link and the bold)
    assert not any("<script>" in m.value or "**fed**" in m.value for m in at.markdown)
    assert not any("<script>" in c.value for c in at.caption)


def test_open_mode_asks_who_writes(monkeypatch, tmp_path, notes_file, kpi_fixture_warehouse):
    at = open_detail(app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, None), "G2.activities")
    no_failure(at)
    write_note(at, "overview_note_new", "uden navn")
    assert [e.value for e in at.error] == [
        "Give a valid e-mail address (your own and the owner's)."
    ]
    assert notes.list_notes(path=notes_file).empty
    at.text_input(key="notes_author").input("Sekretaer@DH.dk").run()
    write_note(at, "overview_note_new", "med navn", scope="Welfare Tech")
    no_failure(at)
    [row] = notes.list_notes(path=notes_file).itertuples()
    assert (row.text, row.scope, row.created_by) == ("med navn", "WT", "sekretaer@dh.dk")


def test_edit_keeps_the_history(monkeypatch, tmp_path, notes_file, kpi_fixture_warehouse):
    note_id = notes.add_note(
        2020,
        "G2.activities",
        "LSI",
        "første udgave",
        NoteWriter(STEERING_EMAIL, "steering"),
        path=notes_file,
    )
    at = open_detail(
        app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, LEAD_EMAIL), "G2.activities"
    )
    at.text_area(key=f"overview_note_edit_text_{note_id}").input("anden udgave")
    next(b for b in at.button if b.label == "Save new version").click().run()
    no_failure(at)
    history = notes.note_history(note_id, path=notes_file)
    assert history["text"].tolist() == ["første udgave", "anden udgave"]
    assert history["edited_by"].tolist() == [STEERING_EMAIL, LEAD_EMAIL]
    assert "anden udgave" in [t.value for t in at.text]


def test_regions_page_shows_the_clusters_notes(
    monkeypatch, tmp_path, notes_file, kpi_fixture_warehouse
):
    steering = NoteWriter(STEERING_EMAIL, "steering")
    notes.add_note(2020, "G2.activities", "LSI", "LSI-note", steering, path=notes_file)
    notes.add_note(2020, "G2.activities", "WT", "WT-note", steering, path=notes_file)
    at = app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, STEERING_EMAIL)
    at.run()
    at.switch_page("pages/regions.py").run()
    at.selectbox(key="regions_cluster").set_value("LSI").run()
    no_failure(at)
    table = next(d.value for d in at.dataframe if "Note" in d.value.columns)
    assert table["Note"].tolist() == ["LSI-note"]
    assert table["Scope"].tolist() == ["LifeScience Innovation"]


def test_scorecard_shows_forecast_and_last_year(
    monkeypatch, tmp_path, notes_file, kpi_fixture_warehouse
):
    at = app_as(monkeypatch, tmp_path, kpi_fixture_warehouse, STEERING_EMAIL)
    at.run()
    no_failure(at)
    rows = {
        r["KPI"]: r
        for d in at.dataframe
        if "Forecast 31 Dec" in d.value.columns
        for _, r in d.value.iterrows()
    }
    # G2.activities as of 2020-10-31: 6 counted, 2019's profile 1 -> 1: forecast 6 of 10, missed
    assert rows[KPI_NAME]["Forecast 31 Dec"] == "6"
    assert rows[KPI_NAME]["Forecast status"].endswith("Missed")
    assert "Last year, same date" not in rows[KPI_NAME]
    at.toggle(key="overview_previous_year").set_value(True).run()
    rows = {
        r["KPI"]: r
        for d in at.dataframe
        if "Last year, same date" in d.value.columns
        for _, r in d.value.iterrows()
    }
    # 2019 as of 2019-10-31: A09 (2019-10-01) -> 1; change +5
    assert (rows[KPI_NAME]["Last year, same date"], rows[KPI_NAME]["Change"]) == ("1", "+5")


# --- the scorecard's pure pieces --------------------------------------------------------------


def test_forecast_warning_flags_fine_today_short_at_year_end():
    assert scorecard.forecast_warning("on_track", "missed")
    assert scorecard.forecast_warning("on_track", "close")
    assert not scorecard.forecast_warning("on_track", "achieved")
    assert not scorecard.forecast_warning("behind", "missed")  # already visible
    assert not scorecard.forecast_warning("no_target", "no_target")


def test_scorecard_columns_and_warning_marker():
    catalogue = pd.DataFrame(
        {
            "kpi_id": ["A", "B"],
            "goal": ["1", "1"],
            "goal_label": ["Mål 1", "Mål 1"],
            "name": ["Aktiviteter", "Kroner"],
            "unit": ["count", "DKK"],
            "decimals": [0, 0],
            "definition": ["", ""],
        }
    )
    table = pd.DataFrame(
        {
            "kpi_id": ["A", "B"],
            "year": [2020, 2020],
            "scope": ["ALL", "ALL"],
            "actual": [6.0, 1500.0],
            "target": [8.0, float("nan")],
            "achievement_pct": [96.0, float("nan")],
            "status": ["on_track", "no_target"],
            "forecast": [7.0, 1800.0],
            "forecast_status": ["close", "no_target"],
            "forecast_method": ["linear", "seasonal"],
            "forecast_reliable": [False, True],
            "previous_actual": [5.0, 2000.0],
            "change": [1.0, -500.0],
        }
    )
    notes_frame = pd.DataFrame(
        {
            "note_id": [1, 2],
            "kpi_id": ["A", "A"],
            "text": ["gammel", "ny   tekst\nmed linjeskift"],
            "edited_at": ["2020-10-01T10:00:00+00:00", "2020-10-02T10:00:00+00:00"],
        }
    )
    card = scorecard.scorecard(table, catalogue, "da", notes=notes_frame, previous_year=True)
    a, b = card.iloc[0], card.iloc[1]
    assert a["Prognose 31/12"] == "≈ 7"  # linear: unreliable
    assert a["Prognosestatus"] == "⚠ ▲ Tæt på"  # on track today, close at the year's end
    assert b["Prognose 31/12"] == "1.800 kr." and b["Prognosestatus"] == "– Intet mål"
    assert (a["Sidste år, samme dato"], a["Ændring"]) == ("5", "+1")
    assert b["Ændring"] == "-500 kr."
    assert a["Bemærkninger"] == "💬 ny tekst med linjeskift (+1)" and b["Bemærkninger"] == ""
