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
