"""Debian's Chromium for the real-browser tests: where it is, how it starts, and what happens
without it (a one-line skip; a failure where HEALTHTECH_REQUIRE_BROWSER=1, as .ci/run sets after
installing it). Nothing else in the suite needs a browser; `playwright install` is never run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Chromium as PATH finds a runnable one (/usr/bin/chromium): a file that exists but cannot run
# (hidden with a bind mount of /dev/null, as on a machine without a browser) is no browser;
# `make test-no-browser` hides it from PATH
CHROMIUM = Path(shutil.which("chromium") or "/nonexistent/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def require_chromium() -> None:
    """Called at a browser test module's top: skip the module (or fail it) without Chromium."""
    if CHROMIUM.exists():
        return
    if os.environ.get("HEALTHTECH_REQUIRE_BROWSER") == "1":
        pytest.fail(
            "chromium is not on PATH but HEALTHTECH_REQUIRE_BROWSER=1: install Debian's Chromium",
            pytrace=False,
        )
    pytest.skip(
        "no browser: chromium is not on PATH (apt-get install -y chromium)",
        allow_module_level=True,
    )


IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
LOAD_TIMEOUT_MS = 60_000


def wait_idle(tab) -> None:
    """Wait until the script has run and stopped and the page has drawn what it sent.

    "notRunning" is the server's word that the script is done, not that the browser has drawn
    it: Streamlit loads each kind of widget's code (Multiselect.*.js, ...) on first use, so on a
    loaded machine the DOM can lag behind the state (CI once saw one of the sidebar's two
    multiselects). So also wait for the network to go quiet, and check the state again after a
    pause; assertions on what the page shows still poll (`expect`), rather than count once.
    """
    tab.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT_MS)
    tab.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
    tab.wait_for_timeout(300)
    tab.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT_MS)
