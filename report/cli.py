"""`healthtech report --year Y [--as-of DATE] [--out DIR] [--warehouse FILE]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from report.build import build_report
from report.data import ReportError


def cli_report(args: argparse.Namespace) -> int:
    """Build the report files; print where they are. Exit 0 built, 1 not built (message)."""
    try:
        paths = build_report(
            args.year,
            as_of=args.as_of,
            out_dir=Path(args.out),
            warehouse=args.warehouse,
        )
    except ReportError as exc:
        # the command line speaks the product's default language, Danish
        print(f"Rapporten blev ikke bygget: {exc.text('da')}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"Rapporten blev ikke bygget: filen {exc} findes ikke.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Rapporten blev ikke bygget: {exc}", file=sys.stderr)
        return 1
    print(f"Rapporten for {args.year} er skrevet:")
    for path in paths.values():
        print(f"  {path}")
    return 0
