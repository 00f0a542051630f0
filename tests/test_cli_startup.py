"""`healthtech --help` answers at once: the command line loads the heavy packages only on use."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "duckdb", "pandera", "pyarrow", "streamlit", "reportlab")


def test_the_command_line_imports_no_heavy_package_before_a_command_runs() -> None:
    probe = (
        "import contextlib, io, sys\n"
        "from etl.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['notes', '--help'])\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == ""


def test_help_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "etl", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    for command in ("load", "kpis", "report", "notes", "sample"):
        assert command in done.stdout
