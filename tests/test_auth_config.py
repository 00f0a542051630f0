"""Fail closed on the login configuration (issue 15), with Streamlit's real secrets loader.

Each test writes a real `.streamlit/secrets.toml` (or none) in its own temporary folder, points
Streamlit's `secrets.files` option at it and gives the app a fresh `streamlit.runtime.secrets.
Secrets` (the class behind `st.secrets`, which reads and parses the file itself); `at.secrets`
is not used, since it bypasses the loader. Then the dashboard runs under AppTest: a broken or
incomplete configuration refuses everybody with a message that names the file; only no secrets
at all gives open local mode, and on a non-local address only with HEALTHTECH_OPEN_MODE=1.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.secrets import Secrets, secrets_singleton
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from ui import login

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
TIMEOUT = 60
COMPLETE = """
[auth]
redirect_uri = "https://kpi.example.dk/oauth2callback"
cookie_secret = "a-long-random-string"
client_id = "client"
client_secret = "secret"
server_metadata_url = "https://login.example.com/tenant/v2.0/.well-known/openid-configuration"
"""
PROVIDER = """
[auth]
redirect_uri = "https://kpi.example.dk/oauth2callback"
cookie_secret = "a-long-random-string"

[auth.microsoft]
client_id = "client"
client_secret = "secret"
server_metadata_url = "https://login.example.com/tenant/v2.0/.well-known/openid-configuration"
"""


@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    """A function that writes `text` as the secrets file (None: no file) and makes Streamlit's
    loader read it; returns the file's path."""
    monkeypatch.delenv(login.ENV_OPEN_MODE, raising=False)
    path = tmp_path / ".streamlit" / "secrets.toml"
    fresh = Secrets()
    # the loader itself, without the file watcher it installs after a good parse (a thread that
    # would outlive the test's temporary folder)
    fresh._file_watchers_installed = True
    monkeypatch.setattr(st, "secrets", fresh)
    # st.user and st.login read Streamlit's own singleton, which then parses the test's file
    # too: give it back as it was afterwards (and install no watcher meanwhile)
    monkeypatch.setattr(secrets_singleton, "_secrets", secrets_singleton._secrets)
    monkeypatch.setattr(secrets_singleton, "_file_watchers_installed", True)

    def write(text: str | None) -> Path:
        fresh._reset()  # as Streamlit's file watcher does when the file changes
        if text is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return path

    return write


def decide(path: Path, address: str | None = "localhost") -> login.AuthConfig:
    with patch_config_options({"secrets.files": [str(path)], "server.address": address}):
        return login.auth_config()


@pytest.mark.parametrize(
    ("text", "problem", "words"),
    [
        ('[auth]\nredirect_uri = "https://x/oauth2callback\n', "auth_not_toml", "not valid TOML"),
        ("[auth\n", "auth_not_toml", "not valid TOML"),
        ("[auth]\n", "auth_empty", "is empty"),
        ('auth = "yes"\n', "auth_not_table", "not a table"),
        ("", "auth_no_section", "no [auth] section"),
        ('[other]\nkey = "value"\n', "auth_no_section", "no [auth] section"),
        ('[Auth]\nredirect_uri = "x"\n', "auth_no_section", "no [auth] section"),
        (
            COMPLETE.replace('client_secret = "secret"\n', ""),
            "auth_missing",
            "lacks (or has no text in) the keys: client_secret",
        ),
        (
            COMPLETE.replace('cookie_secret = "a-long-random-string"', "cookie_secret = 12"),
            "auth_missing",
            "cookie_secret",
        ),
        (COMPLETE.replace('client_id = "client"', 'client_id = ""'), "auth_missing", "client_id"),
        (
            COMPLETE.replace("/oauth2callback", "/callback"),
            "auth_redirect",
            "must end with /oauth2callback",
        ),
        (
            COMPLETE.split("client_id")[0],
            "auth_no_provider",
            "names no identity provider",
        ),
        (
            PROVIDER + '\n[auth.google]\nclient_id = "a"\n',
            "auth_providers",
            "several identity providers (google, microsoft)",
        ),
        (
            PROVIDER.replace('client_secret = "secret"\n', ""),
            "auth_missing",
            "[auth.microsoft] in",
        ),
        (PROVIDER.replace("auth.microsoft", "auth.ms_entra"), "auth_provider_name", "underscore"),
    ],
)
def test_broken_configuration_is_closed_and_names_the_file(secrets_file, text, problem, words):
    path = secrets_file(text)
    decided = decide(path)
    assert decided.mode == "closed"
    assert decided.problem == problem
    message = decided.message("en")
    assert str(path) in message and words in message
    assert str(path) in decided.message("da")


def test_complete_configuration_asks_for_login(secrets_file):
    assert decide(secrets_file(COMPLETE)) == login.AuthConfig("login", provider=None)
    assert decide(secrets_file(PROVIDER)) == login.AuthConfig("login", provider="microsoft")


def test_open_mode_only_without_secrets_and_on_a_local_address(secrets_file, monkeypatch):
    path = secrets_file(None)
    for address in ("localhost", "127.0.0.1", "::1", "[::1]"):
        assert decide(path, address).mode == "open", address
    for address in (None, "", "0.0.0.0", "::", "10.0.0.5", "kpi.example.dk"):
        decided = decide(path, address)
        assert decided.mode == "closed", address
        assert "HEALTHTECH_OPEN_MODE=1" in decided.message("en")
    monkeypatch.setenv(login.ENV_OPEN_MODE, "1")
    assert decide(path, "0.0.0.0").mode == "open"
    monkeypatch.setenv(login.ENV_OPEN_MODE, "0")
    assert decide(path, "0.0.0.0").mode == "closed"
    # the switch never opens a server that has a secrets file, broken or not
    monkeypatch.setenv(login.ENV_OPEN_MODE, "1")
    assert decide(secrets_file("[auth]\n"), "0.0.0.0").mode == "closed"


def test_unreadable_secrets_file_is_closed(secrets_file):
    path = secrets_file(COMPLETE)
    path.write_bytes(b'[auth]\nredirect_uri = "\xff\xfe"\n')
    decided = decide(path)
    assert decided.mode == "closed" and str(path) in decided.message("en")


def run_dashboard(monkeypatch, path: Path, warehouse: Path, lang: str, address="localhost"):
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"lang": lang, "year": "2020"})
    at.user = {"is_logged_in": True, "email": "formand@region.dk"}
    with patch_config_options({"secrets.files": [str(path)], "server.address": address}):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shows_nothing_else(at: AppTest) -> None:
    assert not at.dataframe and not at.metric and not at.get("plotly_chart")
    assert not at.sidebar.selectbox and not at.button, "no filters, no login, no data"


@pytest.mark.parametrize("lang", ["en", "da"])
def test_broken_auth_section_refuses_everyone_on_the_page_and_in_the_log(
    secrets_file, monkeypatch, kpi_fixture_warehouse, caplog, lang
):
    caplog.set_level(logging.ERROR, logger="healthtech.dashboard")
    login._LOGGED.clear()
    path = secrets_file('[auth]\nredirect_uri = "https://kpi/oauth2callback"\ncookie_secret = \n')
    at = run_dashboard(monkeypatch, path, kpi_fixture_warehouse, lang)
    closed = "The dashboard is closed" if lang == "en" else "Dashboardet er lukket"
    assert any(closed in e.value for e in at.error)
    assert any(str(path) in x.value for x in at.text)
    shows_nothing_else(at)
    assert f"The secrets file {path} is not valid TOML" in caplog.text
    assert "every user is refused" in caplog.text


def test_empty_auth_section_refuses_everyone(secrets_file, monkeypatch, kpi_fixture_warehouse):
    path = secrets_file("[auth]\n")
    at = run_dashboard(monkeypatch, path, kpi_fixture_warehouse, "en")
    assert any("The dashboard is closed" in e.value for e in at.error)
    assert any(f"[auth] in {path} is empty." in x.value for x in at.text)
    shows_nothing_else(at)


def test_no_secrets_on_a_public_address_needs_the_switch(
    secrets_file, monkeypatch, kpi_fixture_warehouse
):
    path = secrets_file(None)
    at = run_dashboard(monkeypatch, path, kpi_fixture_warehouse, "en", address="0.0.0.0")
    assert any("HEALTHTECH_OPEN_MODE=1" in x.value for x in at.text)
    shows_nothing_else(at)
    monkeypatch.setenv(login.ENV_OPEN_MODE, "1")
    at = run_dashboard(monkeypatch, path, kpi_fixture_warehouse, "en", address="0.0.0.0")
    assert any("Open local mode" in w.value for w in at.warning)
    assert at.dataframe, "open mode shows the data"


def test_complete_file_asks_for_a_login(secrets_file, monkeypatch, kpi_fixture_warehouse):
    path = secrets_file(COMPLETE)
    monkeypatch.setenv("HEALTHTECH_WAREHOUSE", str(kpi_fixture_warehouse))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.user = {"is_logged_in": False}
    with patch_config_options({"secrets.files": [str(path)], "server.address": "localhost"}):
        at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.dataframe and not at.error
