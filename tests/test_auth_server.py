"""Fail closed on a real `streamlit run` server (issue 15): Streamlit reads a real
`.streamlit/secrets.toml` from the server's working folder, and a real Chromium shows the page.

- a secrets file with a syntax error in [auth]: everybody gets the "closed" page naming the
  file, and the server log says why;
- no secrets file, but the server listens on every interface (0.0.0.0): closed, unless the
  explicit switch HEALTHTECH_OPEN_MODE=1 is set, which gives open local mode with its banner.

Needs Debian's Chromium at /usr/bin/chromium, as tests/test_browser.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browserkit import CHROMIUM, CHROMIUM_ARGS, require_chromium, wait_idle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
STREAMLIT = Path(sys.executable).with_name("streamlit")
BROKEN = '[auth]\nredirect_uri = "https://kpi.example.dk/oauth2callback\ncookie_secret = "x"\n'

require_chromium()
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run dashboard.py` started in folder `cwd` (its .streamlit/ is what it reads)."""

    def __init__(self, cwd: Path, warehouse: Path, *args: str, env: dict | None = None) -> None:
        self.port = _free_port()
        self.log_path = cwd / "streamlit.log"
        environment = {**os.environ, "HEALTHTECH_WAREHOUSE": str(warehouse), **(env or {})}
        if not env:
            environment.pop("HEALTHTECH_OPEN_MODE", None)
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [
                str(STREAMLIT),
                "run",
                str(ROOT / "dashboard.py"),
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
                *args,
            ],
            cwd=cwd,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def wait(self) -> None:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"streamlit did not start: {self.log()}")
            time.sleep(0.3)

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def page_text(browser, url: str, sidebar: bool = False) -> str:
    """The visible text of `url` once the script has run; without `sidebar`, also checks that the
    page has no sidebar (no filters, no navigation)."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(url)
        wait_idle(tab)
        assert tab.locator('[data-testid="stException"]').count() == 0
        sidebars = tab.locator('[data-testid="stSidebar"]')
        if sidebar:  # poll: the page may still be drawing what the script sent
            sync_api.expect(sidebars.first).to_be_attached(timeout=60_000)
        else:
            assert sidebars.count() == 0
        return tab.inner_text("body")
    finally:
        context.close()


def test_real_server_fails_closed(tmp_path, kpi_fixture_warehouse):
    broken_dir = tmp_path / "broken"
    (broken_dir / ".streamlit").mkdir(parents=True)
    secrets = broken_dir / ".streamlit" / "secrets.toml"
    secrets.write_text(BROKEN, encoding="utf-8")
    public_dir = tmp_path / "public"
    public_dir.mkdir()
    switched_dir = tmp_path / "switched"
    switched_dir.mkdir()
    servers = [
        Server(broken_dir, kpi_fixture_warehouse),
        Server(public_dir, kpi_fixture_warehouse, "--server.address", "0.0.0.0"),
        Server(
            switched_dir,
            kpi_fixture_warehouse,
            "--server.address",
            "0.0.0.0",
            env={"HEALTHTECH_OPEN_MODE": "1"},
        ),
    ]
    try:
        for server in servers:
            server.wait()
        broken, public, switched = servers
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
            )
            try:
                text = page_text(browser, broken.url + "/?lang=en")
                assert "The dashboard is closed" in text
                assert f"The secrets file {secrets} is not valid TOML" in text
                assert "Log in" not in text and "Overview" not in text
                assert f"The secrets file {secrets} is not valid TOML" in broken.log()
                # another page's URL gives nothing either
                text = page_text(browser, broken.url + "/explorer")
                assert "Dashboardet er lukket" in text and "Udforsk" not in text

                text = page_text(browser, public.url + "/?lang=en")
                assert "The dashboard is closed" in text
                assert "HEALTHTECH_OPEN_MODE=1" in text and "0.0.0.0" in text

                text = page_text(browser, switched.url + "/?lang=en", sidebar=True)
                assert "Open local mode" in text and "Overview" in text
            finally:
                browser.close()
    finally:
        for server in servers:
            server.stop()
