"""Run a command with every web browser out of reach: the real absence, not a mock.

    python -m tests.nobrowser COMMAND [ARGS...]        (`make test-no-browser` runs the report
                                                         tests this way; .ci/run calls it)

The command gets a PATH made of one folder of symlinks to every program on the current PATH
except the browsers (chromium*, chrome*, google-chrome*, msedge*, microsoft-edge*, firefox*, ...),
and none of the environment variables that name a browser (BROWSER_PATH, CHROME_PATH, ...).
On Debian /bin is a symlink to /usr/bin, so leaving a folder out of PATH is not enough: the
folder of symlinks is how the browser disappears from every PATH entry at once.
`HEALTHTECH_BROWSER_HIDDEN=1` tells the tests that this process was started that way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

HIDDEN_FLAG = "HEALTHTECH_BROWSER_HIDDEN"
#: Program names (prefixes) of browsers that a chart exporter or test driver could start.
BROWSER_PREFIXES = (
    "chromium",
    "chrome",
    "google-chrome",
    "headless_shell",
    "msedge",
    "microsoft-edge",
    "firefox",
    "brave",
)
#: Programs looked up by name to prove that none is in reach.
BROWSER_PROGRAMS = (
    "chromium",
    "chromium-browser",
    "chrome",
    "google-chrome",
    "google-chrome-stable",
    "headless_shell",
    "msedge",
    "microsoft-edge",
    "firefox",
)
#: Environment variables through which tools find a browser (kaleido/choreographer, Playwright,
#: Puppeteer, Python's webbrowser).
BROWSER_VARIABLES = (
    "BROWSER",
    "BROWSER_PATH",
    "CHROME_PATH",
    "CHROME_BIN",
    "CHROMIUM_PATH",
    "CHROMIUM_BIN",
    "GOOGLE_CHROME_BIN",
    "PUPPETEER_EXECUTABLE_PATH",
    "PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH",
)


def is_browser(name: str) -> bool:
    """True if a program's file name is a browser's."""
    return name.lower().startswith(BROWSER_PREFIXES)


def hidden_browser_env(env: Mapping[str, str], folder: Path) -> dict[str, str]:
    """A copy of `env` whose PATH is `folder`, filled with symlinks to every program on env's
    PATH except browsers, and without the variables that name a browser."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in env.get("PATH", "").split(os.pathsep):
        directory = Path(entry)
        if not entry or not directory.is_dir():
            continue
        for program in sorted(directory.iterdir()):
            link = folder / program.name
            # the first PATH entry wins, as in a lookup
            if is_browser(program.name) or link.exists() or link.is_symlink():
                continue
            if program.is_file() and os.access(program, os.X_OK):
                link.symlink_to(program)
    # the browser is gone on purpose: the browser tests skip (with their reason) instead of failing
    hidden = {
        k: v
        for k, v in env.items()
        if k not in BROWSER_VARIABLES and k != "HEALTHTECH_REQUIRE_BROWSER"
    }
    hidden["PATH"] = str(folder)
    hidden[HIDDEN_FLAG] = "1"
    return hidden


def browsers_in_reach(env: Mapping[str, str] | None = None) -> list[str]:
    """The browsers a process with `env` (default: this one's) could find: programs on its PATH
    and variables naming one. Empty when they are hidden."""
    env = os.environ if env is None else env
    path = env.get("PATH", "")
    found = [f"{name}: {shutil.which(name, path=path)}" for name in BROWSER_PROGRAMS]
    found = [hit for hit in found if not hit.endswith(": None")]
    found += [f"${name}" for name in BROWSER_VARIABLES if env.get(name)]
    return found


def main(argv: list[str]) -> int:
    """Run `argv` with the browsers hidden; return its exit code."""
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="nobrowser-") as tmp:
        env = hidden_browser_env(os.environ, Path(tmp) / "bin")
        left = browsers_in_reach(env)
        if left:
            print(f"could not hide: {', '.join(left)}", file=sys.stderr)
            return 2
        print("browsers hidden: PATH without chromium/chrome/firefox, no BROWSER* variables")
        return subprocess.call(argv, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
