"""Access (issue 7): OIDC login, the access list and what each role sees.

Unit tests of ui.access_list (load_access, role_for, allowed_pages), then the dashboard under
AppTest with a simulated user (`at.user`), an `[auth]` secrets section (`at.secrets`) and a
temporary access.toml ($HEALTHTECH_ACCESS), on the KPI fixture warehouse (tests/data/kpi_fixture)
and on a copy of it whose participations also come as cluster files with quarantined rows.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui import access, access_list
from ui.access_list import AccessError, Role, allowed_pages, load_access, role_for

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard.py"
KPI_FIXTURE_DIR = ROOT / "tests" / "data" / "kpi_fixture"
TIMEOUT = 60
ALL_PAGES = (
    "pages/overview.py",
    "pages/regions.py",
    "pages/themes.py",
    "pages/collaboration.py",
    "pages/funding.py",
    "pages/explorer.py",
    "pages/data_quality.py",
    "pages/ministry_report.py",
)
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "test-client",
    "client_secret": "test-secret",
    "server_metadata_url": "https://login.example.com/.well-known/openid-configuration",
}
ACCESS_TOML = """
[users."Formand@Region.dk"]
role = "steering"

[users."projektleder@lsi.dk"]
role = "cluster_lead"
cluster = "LSI"

[users."fuldmaegtig@ufm.dk"]
role = "ministry"

[users."typo@lsi.dk"]
role = "clusterlead"
cluster = "LSI"

[users."nocluster@lsi.dk"]
role = "cluster_lead"
cluster = "XYZ"
"""

# --- unit tests of the pure part -----------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "access.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_access_and_role_for_ignore_case(tmp_path):
    table = load_access(write(tmp_path, ACCESS_TOML))
    assert role_for("formand@region.dk", table) == Role("steering")
    assert role_for("  FORMAND@REGION.DK ", table) == Role("steering")
    assert role_for("ProjektLeder@LSI.dk", table) == Role("cluster_lead", "LSI")
    assert role_for("fuldmaegtig@ufm.dk", table) == Role("ministry")
    assert role_for("stranger@example.com", table) is None
    assert role_for(None, table) is None
    assert role_for("", table) is None


def test_unknown_role_or_cluster_is_refused_never_widened(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="healthtech.dashboard")
    text = """
[users."a@x.dk"]
role = "clusterlead"
cluster = "LSI"
[users."b@x.dk"]
role = "cluster_lead"
cluster = "XYZ"
[users."c@x.dk"]
role = "cluster_lead"
[users."d@x.dk"]
role = "steering"
cluster = "LSI"
[users."e@x.dk"]
role = "ministry"
clusters = ["LSI"]
[users."f@x.dk"]
role = "open"
[users."Twice@x.dk"]
role = "steering"
[users."twice@x.dk"]
role = "ministry"
[users."g@x.dk"]
role = "cluster_lead"
cluster = "lsi"
[users."ok@x.dk"]
role = "cluster_lead"
cluster = "WT"
name = "Welfare Tech lead"
"""
    table = load_access(write(tmp_path, text))
    for email in ("a", "b", "c", "d", "e", "f", "twice", "g"):
        assert role_for(f"{email}@x.dk", table) is None, email
    assert role_for("ok@x.dk", table) == Role("cluster_lead", "WT")
    assert "unknown role 'clusterlead'" in caplog.text
    assert "unknown cluster 'XYZ'" in caplog.text
    assert "more than once" in caplog.text


WRONG_TYPES = {
    "a list": '["LSI", "MTIC"]',
    "a number": "7",
    "a table": '{ code = "LSI" }',
    "true/false": "true",
}


@pytest.mark.parametrize("field", ["role", "cluster", "name"])
@pytest.mark.parametrize("kind", list(WRONG_TYPES))
def test_a_wrong_type_refuses_that_entry_only(tmp_path, caplog, field, kind):
    caplog.set_level(logging.WARNING, logger="healthtech.dashboard")
    bad = {"role": '"cluster_lead"', "cluster": '"LSI"', "name": '"Lead"'}
    bad[field] = WRONG_TYPES[kind]
    text = (
        '[users."formand@region.dk"]\nrole = "steering"\n\n'
        + '[users."bad@lsi.dk"]\n'
        + "".join(f"{k} = {v}\n" for k, v in bad.items())
        + '\n[users."ok@wt.dk"]\nrole = "cluster_lead"\ncluster = "WT"\n'
    )
    path = write(tmp_path, text)
    table = load_access(path)
    assert role_for("bad@lsi.dk", table) is None
    # everybody else is served
    assert role_for("formand@region.dk", table) == Role("steering")
    assert role_for("ok@wt.dk", table) == Role("cluster_lead", "WT")
    # the log names the entry, the file and what is wrong
    assert f'entry users."bad@lsi.dk" in {path}: {field} must be one text value, not {kind}' in (
        caplog.text
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('"bad@x.dk" = "steering"', "the entry is a text ('steering'), not a table"),
        ('"bad@x.dk" = 3', "the entry is a number (3), not a table"),
        ('"bad@x.dk" = ["steering"]', "the entry is a list"),
        ('"bad@x.dk" = { cluster = "LSI" }', "no role"),
        ('"bad@x.dk" = { role = "cluster_lead" }', "a cluster lead needs a cluster"),
        ('"bad@x.dk" = { role = "steering", extra = { a = 1 } }', "unknown key(s) ['extra']"),
        ('"" = { role = "steering" }', "the address is empty"),
    ],
)
def test_malformed_entries_are_refused_one_by_one(tmp_path, caplog, entry, message):
    caplog.set_level(logging.WARNING, logger="healthtech.dashboard")
    path = write(tmp_path, f'[users]\n{entry}\n"ok@x.dk" = {{ role = "ministry" }}\n')
    table = load_access(path)
    assert table == {"ok@x.dk": Role("ministry")}
    assert message in caplog.text and str(path) in caplog.text


def test_an_address_three_times_is_refused(tmp_path):
    text = "[users]\n" + "".join(
        f'"{e}" = {{ role = "steering" }}\n' for e in ("A@x.dk", "a@x.dk", "a@X.dk")
    )
    assert load_access(write(tmp_path, text)) == {}
    text = '[users]\n"a@x.dk" = { role = "nope" }\n"A@x.dk" = { role = "steering" }\n'
    assert load_access(write(tmp_path, text)) == {}, "a doubtful first entry is not replaced"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[users."a@x.dk"\nrole = "steering"', "not valid TOML"),
        ("this is not TOML at all\n", "not valid TOML"),
        ('[[users]]\nrole = "steering"\n', "must be a table"),
        ('users = "everyone"', "must be a table"),
    ],
)
def test_malformed_access_file_is_a_clear_error(tmp_path, text, message):
    with pytest.raises(AccessError, match=message):
        load_access(write(tmp_path, text))


def test_example_access_file_is_valid():
    table = load_access(ROOT / "access.example.toml")
    assert role_for("projektleder@lsi.dk", table) == Role("cluster_lead", "LSI")
    assert {role.name for role in table.values()} == {"steering", "cluster_lead", "ministry"}


def test_missing_access_file_is_a_clear_error(tmp_path):
    with pytest.raises(AccessError, match="does not exist"):
        load_access(tmp_path / "nope.toml")


def test_allowed_pages():
    every = {
        "overview",
        "regions",
        "themes",
        "collaboration",
        "funding",
        "explorer",
        "data-quality",
        "report",
    }
    assert allowed_pages(access_list.OPEN) == every
    assert allowed_pages(Role("steering")) == every
    assert allowed_pages(Role("cluster_lead", "LSI")) == every
    assert allowed_pages(Role("ministry")) == {"overview", "report"}
    assert allowed_pages(None) == set()
    assert allowed_pages(Role("nonsense")) == set()
    assert Role("cluster_lead", "LSI").clusters == ("LSI",)
    assert Role("steering").clusters is None


def test_data_scope_is_nothing_unless_granted():
    assert access.data_clusters() == ()
    with access.granted(Role("cluster_lead", "LSI")):
        assert access.data_clusters() == ("LSI",)
    with access.granted(Role("steering")):
        assert access.data_clusters() is None
    assert access.data_clusters() == ()


# --- the dashboard -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster_files_warehouse(tmp_path_factory) -> Path:
    """The KPI fixture plus cluster files of participations, each with one quarantined row:

    participations.csv (secretariat's)   + A09,O03,0  -> quarantined (participants < 1)
    participations_LSI_2020Q4.csv          A05,O01,0  -> quarantined; A05,O02,1 loaded
    participations_WT_2020Q4.csv           A10,O04,0  -> quarantined
    """
    from etl.load import load_warehouse

    src = tmp_path_factory.mktemp("access_input")
    for path in KPI_FIXTURE_DIR.iterdir():
        shutil.copy(path, src / path.name)
    with (src / "participations.csv").open("a", encoding="utf-8") as fh:
        fh.write("A09,O03,0,participant\n")
    header = "activity_id,org_id,participants,role\n"
    (src / "participations_LSI_2020Q4.csv").write_text(
        header + "A05,O01,0,participant\nA05,O02,1,participant\n", encoding="utf-8"
    )
    (src / "participations_WT_2020Q4.csv").write_text(
        header + "A10,O04,0,participant\n", encoding="utf-8"
    )
    target = tmp_path_factory.mktemp("access_wh") / "healthtech.duckdb"
    result = load_warehouse(src, target)
    assert result.status == "loaded", result.message
    return target


def make_app(monkeypatch, tmp_path, warehouse: Path, user: dict | None, auth: bool = True):
    """AppTest of dashboard.py in English for 2020; with `auth`, an [auth] section, the test's
    access.toml and the simulated `user`."""
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("HEALTHTECH_ACCESS", str(write(tmp_path, ACCESS_TOML)))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update({"lang": "en", "year": "2020"})
    if auth:
        at.secrets["auth"] = dict(AUTH)
    if user is not None:
        at.user = user
    return at


def logged_in(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "name": "Test"}


def no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def shows_no_data(at: AppTest) -> None:
    assert not at.dataframe and not at.metric and not at.get("plotly_chart")
    assert not at.sidebar.selectbox, "no filters either"


def reachable(at: AppTest) -> set[str]:
    """The pages st.navigation registered (switch_page refuses any other file)."""
    result = set()
    for page in ALL_PAGES:
        try:
            at.switch_page(page)
        except ValueError:
            continue
        result.add(page)
    if ALL_PAGES[0] in result:
        at.switch_page(ALL_PAGES[0])
    return result


def open_banner(at: AppTest) -> bool:
    return any("Open local mode" in w.value for w in at.warning)


def frame(at: AppTest, *columns: str) -> pd.DataFrame:
    """The shown dataframe that has `columns` (AppTest does not keep a dataframe's key)."""
    for element in at.dataframe:
        if set(columns) <= set(element.value.columns):
            return element.value
    raise AssertionError(f"no dataframe with {columns}")


def explorer(at: AppTest) -> pd.DataFrame:
    return frame(at, "Activity id", "Organisation id")


def test_open_mode_shows_banner_on_every_page(monkeypatch, tmp_path, kpi_fixture_warehouse):
    at = make_app(monkeypatch, tmp_path, kpi_fixture_warehouse, None, auth=False)
    at.run()
    no_failure(at)
    assert reachable(at) == set(ALL_PAGES)
    for page in ALL_PAGES:
        at.switch_page(page).run()
        no_failure(at)
        assert open_banner(at), page
    # and in Danish
    at.radio(key="f_lang").set_value("da").run()
    assert any("Åben lokal tilstand" in w.value for w in at.warning)


def test_not_logged_in_gets_a_login_button_and_no_data(
    monkeypatch, tmp_path, kpi_fixture_warehouse
):
    at = make_app(monkeypatch, tmp_path, kpi_fixture_warehouse, {"is_logged_in": False})
    at.run()
    no_failure(at)
    assert [b.label for b in at.button] == ["Log in"]
    assert any("Log in with your work account" in i.value for i in at.info)
    shows_no_data(at)
    assert not open_banner(at)
    assert reachable(at) == set(), "no page of the dashboard is registered"
    # pressing the button starts st.login; if the server cannot (e.g. Authlib missing), a
    # friendly message instead of a traceback
    at.button(key="access_login").click().run()
    no_failure_but_login(at)
    shows_no_data(at)


def no_failure_but_login(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert all("Login is not set up" in e.value for e in at.error)


def test_unknown_user_is_refused_politely(monkeypatch, tmp_path, kpi_fixture_warehouse):
    for email in ("stranger@example.com", "typo@lsi.dk", "nocluster@lsi.dk"):
        at = make_app(monkeypatch, tmp_path, kpi_fixture_warehouse, logged_in(email))
        at.run()
        no_failure(at)
        assert any("do not have access" in w.value and email in w.value for w in at.warning)
        assert [b.label for b in at.button] == ["Log out"]
        shows_no_data(at)
        assert reachable(at) == set(), email


def test_a_malformed_entry_refuses_only_that_user(monkeypatch, tmp_path, kpi_fixture_warehouse):
    text = (
        ACCESS_TOML + '\n[users."list@lsi.dk"]\nrole = "cluster_lead"\ncluster = ["LSI", "MTIC"]\n'
    )
    path = write(tmp_path, text, "with_bad_entry.toml")
    at = make_app(monkeypatch, tmp_path, kpi_fixture_warehouse, logged_in("formand@region.dk"))
    monkeypatch.setenv("HEALTHTECH_ACCESS", str(path))
    at.run()
    no_failure(at)
    assert reachable(at) == set(ALL_PAGES), "the steering committee is served"
    at = make_app(monkeypatch, tmp_path, kpi_fixture_warehouse, logged_in("list@lsi.dk"))
    monkeypatch.setenv("HEALTHTECH_ACCESS", str(path))
    at.run()
    no_failure(at)
    assert any("do not have access" in w.value for w in at.warning)
    assert not any("access list cannot be read" in c.value for c in at.caption)
    shows_no_data(at)


def test_broken_access_file_refuses_without_traceback(monkeypatch, tmp_path, kpi_fixture_warehouse):
    at = make_app(monkeypatch, tmp_path, kpi_fixture_warehouse, logged_in("formand@region.dk"))
    monkeypatch.setenv("HEALTHTECH_ACCESS", str(write(tmp_path, "[users\nrole=", "bad.toml")))
    at.run()
    no_failure(at)
    assert any("do not have access" in w.value for w in at.warning)
    assert any("access list cannot be read" in c.value for c in at.caption)
    shows_no_data(at)


def test_steering_sees_every_page(monkeypatch, tmp_path, kpi_fixture_warehouse):
    # the address in another case than in access.toml ("Formand@Region.dk")
    at = make_app(monkeypatch, tmp_path, kpi_fixture_warehouse, logged_in("FORMAND@region.DK"))
    at.run()
    no_failure(at)
    assert reachable(at) == set(ALL_PAGES)
    assert not open_banner(at)
    assert any("Steering committee" in c.value for c in at.sidebar.caption)
    at.switch_page("pages/explorer.py").run()
    no_failure(at)
    rows = explorer(at)
    # 2020, no filter: every activity of 2020 (A01-A08, A10; A09 is 2019)
    assert set(rows["Activity id"]) == {f"A{i:02d}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 10)}


def test_ministry_sees_only_overview_and_report(monkeypatch, tmp_path, kpi_fixture_warehouse):
    at = make_app(monkeypatch, tmp_path, kpi_fixture_warehouse, logged_in("fuldmaegtig@ufm.dk"))
    at.run()
    no_failure(at)
    assert reachable(at) == {"pages/overview.py", "pages/ministry_report.py"}
    assert at.title[0].value == "Overview"
    for page in ("pages/explorer.py", "pages/data_quality.py", "pages/regions.py"):
        with pytest.raises(ValueError):
            at.switch_page(page)


def test_cluster_lead_explorer_shows_only_their_cluster(
    monkeypatch, tmp_path, kpi_fixture_warehouse
):
    downloads: list[dict] = []
    from ui import export

    original = export.explorer_download

    def spy(kind, params, *args, **kwargs):
        downloads.append(params)
        return original(kind, params, *args, **kwargs)

    monkeypatch.setattr(export, "explorer_download", spy)
    at = make_app(monkeypatch, tmp_path, kpi_fixture_warehouse, logged_in("projektleder@lsi.dk"))
    at.run()
    assert reachable(at) == set(ALL_PAGES)  # other clusters as aggregates on the other pages
    at.switch_page("pages/explorer.py").run()
    no_failure(at)
    assert any("only the rows of your cluster (LSI)" in i.value for i in at.info)
    # By hand from tests/data/kpi_fixture: LSI leads A01 (2020-02-10, completed) and A05
    # (2020-09-01, planned); the Explorer's dates follow the year 2020, all statuses.
    # A01: participations O01 (2), O02 (1), O06 (1), O05 (1); in-kind K01 O01 10 h x 500 = 5,000
    # A05: participation O09 (1)
    # -> 5 rows, 6 participants, in-kind 5,000 DKK; nothing of MTIC, WT or CHC
    rows = explorer(at)
    assert len(rows) == 5
    assert set(rows["Activity id"]) == {"A01", "A05"}
    assert set(rows["Lead cluster"]) == {"LifeScience Innovation"}
    assert sorted(rows["Organisation id"]) == ["O01", "O02", "O05", "O06", "O09"]
    assert rows["Participants"].sum() == 6
    assert rows["In-kind (DKK)"].sum() == 5000
    pivot = at.dataframe[0].value
    assert list(pivot.index) == ["LifeScience Innovation"]
    # the downloads hold the same rows (they are built from the restricted parameters)
    assert downloads and all(p["lead_clusters"] == ["LSI"] for p in downloads)
    build = original(
        "csv", downloads[-1], str(kpi_fixture_warehouse), "en", {}, ("y", "n"), [], ("", "")
    )
    assert build().decode("utf-8-sig").strip().count("\n") == 5  # header + 5 rows

    # the sidebar's clusters intersect the access: LSI + WT -> still only LSI's rows
    at.multiselect(key="f_clusters").set_value(["LSI", "WT"]).run()
    no_failure(at)
    assert set(explorer(at)["Activity id"]) == {"A01", "A05"}
    # WT only: the intersection is empty -> the empty state, no rows
    at.multiselect(key="f_clusters").set_value(["WT"]).run()
    no_failure(at)
    assert not at.dataframe, "neither pivot nor rows"
    assert any("No data matches" in i.value for i in at.info)


def test_cluster_lead_data_quality_shows_only_their_files(
    monkeypatch, tmp_path, cluster_files_warehouse
):
    at = make_app(monkeypatch, tmp_path, cluster_files_warehouse, logged_in("projektleder@lsi.dk"))
    at.run()
    at.switch_page("pages/data_quality.py").run()
    no_failure(at)
    # quarantine: only participations_LSI_2020Q4.csv's row 2 (A05,O01,0); not the WT file's
    # row nor the secretariat's participations.csv row
    quarantine = frame(at, "File", "Rule")
    assert set(quarantine["File"]) == {"participations_LSI_2020Q4.csv"}
    assert len(quarantine) == 1
    files = frame(at, "File", "Read")
    assert list(files["File"]) == ["participations_LSI_2020Q4.csv"]
    # read 2, loaded 1 (A05,O02), quarantined 1
    assert files.iloc[0][["Read", "Loaded", "Quarantined"]].tolist() == [2, 1, 1]
    deliveries = at.dataframe[-1].value
    assert list(deliveries.index) == ["LifeScience Innovation"]
    # the load history is an aggregate of the whole network: 3 quarantined rows in all
    runs = frame(at, "Files")
    assert runs.iloc[0]["Quarantined"] == 3


def test_steering_data_quality_shows_every_file(monkeypatch, tmp_path, cluster_files_warehouse):
    at = make_app(monkeypatch, tmp_path, cluster_files_warehouse, logged_in("formand@region.dk"))
    at.run()
    at.switch_page("pages/data_quality.py").run()
    no_failure(at)
    quarantine = frame(at, "File", "Rule")
    assert set(quarantine["File"]) == {
        "participations.csv",
        "participations_LSI_2020Q4.csv",
        "participations_WT_2020Q4.csv",
    }
    deliveries = at.dataframe[-1].value
    assert set(deliveries.index) == {"LifeScience Innovation", "Welfare Tech", "Secretariat"}
