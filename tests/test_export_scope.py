"""One rule for every export (issue 15): every page, for every role, every button pressed and
every download collected at Streamlit's media layer (MediaFileManager.add for files sent with
the page, add_deferred for files built on click, whose callable is then run as a click runs it),
on the warehouse of tests/scopekit.py.

A cluster lead of LSI must find no row of another cluster in any download, table or chart: no
other cluster's activity id or title, no organisation id, name or CVR seen only in other
clusters' activities, no other cluster's file name or checksum. The same check finds those rows
in the downloads of the roles that see the whole network, so it is known to work.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests import scopekit
from tests.test_english import leaves

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
TIMEOUT = 180
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "test-client",
    "client_secret": "test-secret",
    "server_metadata_url": "https://login.example.com/.well-known/openid-configuration",
}
ACCESS_TOML = """
[users."formand@region.dk"]
role = "steering"

[users."projektleder@lsi.dk"]
role = "cluster_lead"
cluster = "LSI"

[users."fuldmaegtig@ufm.dk"]
role = "ministry"
"""
ROLES = {
    "steering": "formand@region.dk",
    "cluster_lead": "projektleder@lsi.dk",
    "ministry": "fuldmaegtig@ufm.dk",
    "open": None,
}
PAGES = (
    "pages/overview.py",
    "pages/regions.py",
    "pages/themes.py",
    "pages/collaboration.py",
    "pages/funding.py",
    "pages/explorer.py",
    "pages/data_quality.py",
    "pages/ministry_report.py",
)
#: buttons that end the session rather than show data
NOT_PRESSED = {"access_logout"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return scopekit.build_warehouse(tmp_path_factory.mktemp("export_scope"))


@pytest.fixture
def downloads(monkeypatch) -> list[tuple[str, object]]:
    """Every file handed to Streamlit's media layer: (file name, bytes or the click's callable)."""
    made: list[tuple[str, object]] = []
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def record(self, path_or_data, mimetype, coordinates, file_name=None, **kwargs):
        if kwargs.get("is_for_static_download"):
            made.append((file_name or "", path_or_data))
        return add(self, path_or_data, mimetype, coordinates, file_name, **kwargs)

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made.append((file_name or "", data_callable))
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return made


def visible_rows(at: AppTest) -> str:
    """Every cell of every table and every text of every chart the run shows."""
    parts = []
    for node in leaves(at._tree):
        kind = getattr(node, "type", "")
        if kind in ("dataframe", "table"):
            parts.append(node.value.to_csv())
        elif kind == "plotly_chart":
            parts.append(json.dumps(json.loads(node.proto.spec)["data"], ensure_ascii=False))
    return "\n".join(parts)


def make_app(monkeypatch, tmp_path, warehouse: Path, role: str) -> AppTest:
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(warehouse))
    access_file = tmp_path / "access.toml"
    access_file.write_text(ACCESS_TOML, encoding="utf-8")
    monkeypatch.setenv("HEALTHTECH_ACCESS", str(access_file))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    # 2020 as of the end of March 2021; a cluster lead also tries to widen the sidebar filter
    at.query_params.update(
        {"lang": "en", "year": "2020", "asof": "2021-03-31", "clusters": "LSI,MTIC,WT,CHC"}
    )
    if ROLES[role] is not None:
        at.secrets["auth"] = dict(AUTH)
        at.user = {"is_logged_in": True, "email": ROLES[role], "name": role}
    return at


def reachable(at: AppTest) -> list[str]:
    result = []
    for page in PAGES:
        try:
            at.switch_page(page)
        except ValueError:
            continue
        result.append(page)
    return result


def press_every_button(at: AppTest) -> None:
    for button in list(at.button):
        if button.key in NOT_PRESSED:
            continue
        button.click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("role", list(ROLES))
def test_every_download_of_every_page_keeps_to_the_role(
    monkeypatch, tmp_path, warehouse, downloads, role
):
    at = make_app(monkeypatch, tmp_path, warehouse, role)
    at.run()
    pages = reachable(at)
    expected = PAGES if role != "ministry" else ("pages/overview.py", "pages/ministry_report.py")
    assert pages == list(expected)
    shown = []
    for page in pages:
        at.switch_page(page).run()
        assert not at.exception and not at.error, (page, [e.value for e in at.error])
        shown.append((page, visible_rows(at)))
        press_every_button(at)
        shown.append((page, visible_rows(at)))

    files: dict[str, bytes] = {}
    found: dict[str, set[str]] = {}
    for name, data in downloads:  # every file handed out on every run, not just the last
        payload = data() if callable(data) else data
        payload = payload if isinstance(payload, bytes) else payload.encode()
        files.setdefault(name, payload)
        markers = scopekit.other_cluster_markers(scopekit.text_of(name, payload))
        found.setdefault(name, set()).update(markers)
    kinds = sorted(Path(name).suffix for name in files)
    if role == "ministry":
        assert kinds == [".pdf", ".xlsx", ".zip"], files.keys()
    else:
        # the Explorer's CSV and Excel, the quarantine's CSV, the report's three files
        assert kinds == [".csv", ".csv", ".pdf", ".xlsx", ".xlsx", ".zip"], files.keys()

    if role == "cluster_lead":
        assert all(not markers for markers in found.values()), found
        for page, text in shown:
            assert scopekit.other_cluster_markers(text) == [], page
        # ... and the files are not empty: LSI's own rows are in them
        report = next(data for name, data in files.items() if name.endswith("LSI.xlsx"))
        assert "A01" in scopekit.text_of("r.xlsx", report)
        explorer = next(data for name, data in files.items() if name.endswith("explorer.csv"))
        ids = {row["Activity id"] for row in scopekit.csv_rows(explorer)}
        assert ids == {"A01", "A05"}
        quarantine = next(data for name, data in files.items() if name.startswith("quarantine"))
        assert {row["File"] for row in scopekit.csv_rows(quarantine)} == {scopekit.LSI_FILE}
    else:
        # the whole network: the same check finds the other clusters' rows
        everything = set().union(*found.values())
        assert {"Fyn Data ApS", "34567891", scopekit.WT_FILE, "A03"} <= everything, found
