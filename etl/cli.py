"""The `healthtech` command line (docs/domain.md): load, kpis, report, sample, restore, notes."""

from __future__ import annotations

import argparse
import math
import sys
from datetime import date
from pathlib import Path

from warehouse import notes_cli


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date of the form YYYY-MM-DD") from exc


def _rate_cap(text: str) -> float:
    """An hourly rate cap in DKK: a finite number above 0 (`nan`, `inf` and `-5` are refused)."""
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of DKK") from exc
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be a finite amount of DKK above 0")
    return value


def _seconds(text: str) -> float:
    """A waiting time in seconds: a finite number, 0 or more."""
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from exc
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be a finite number of seconds, 0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of all subcommands."""
    parser = argparse.ArgumentParser(
        prog="healthtech", description="Danish Healthtech KPI warehouse and reports."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    load = sub.add_parser("load", help="validate and load every file of a folder")
    load.add_argument("--input", type=Path, default=Path("sample_data"), help="input folder")
    load.add_argument("--warehouse", type=Path, default=None, help="warehouse file")
    load.add_argument("--strict", action="store_true", help="reject the load on any bad row")
    load.add_argument(
        "--rate-cap", type=_rate_cap, default=None, help="highest hourly in-kind rate in DKK (600)"
    )
    load.add_argument(
        "--wait",
        type=_seconds,
        default=None,
        help="seconds to wait for another program that holds the warehouse open for writing (10)",
    )

    kpis = sub.add_parser("kpis", help="print the KPI table")
    kpis.add_argument("--year", type=int, default=None)
    kpis.add_argument(
        "--by",
        choices=["national", "cluster", "region", "theme", "technology"],
        default="national",
    )
    kpis.add_argument("--as-of", type=_date, default=None, dest="as_of")
    kpis.add_argument("--format", choices=["table", "csv", "json"], default="table", dest="fmt")
    kpis.add_argument("--lang", choices=["da", "en"], default="da")
    kpis.add_argument("--warehouse", type=Path, default=None)

    report = sub.add_parser("report", help="write the ministry report files for a year")
    report.add_argument("--year", type=int, required=True)
    report.add_argument("--as-of", type=_date, default=None, dest="as_of")
    report.add_argument("--out", type=Path, default=Path("reports"))
    report.add_argument("--warehouse", type=Path, default=None)

    restore = sub.add_parser("restore", help="copy the archived input files of a past load")
    restore.add_argument("--load-id", type=int, required=True, dest="load_id")
    restore.add_argument("--out", type=Path, required=True)
    restore.add_argument("--warehouse", type=Path, default=None)

    notes_cli.add_parser(sub)

    sample = sub.add_parser("sample", help="generate the deterministic sample data")
    sample.add_argument("--out", type=Path, default=Path("sample_data"))
    sample.add_argument("--scale", type=int, default=1)
    sample.add_argument("--seed", type=int, default=2019)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "load":
            from etl.load import cli_load

            return cli_load(args)
        if args.command == "kpis":
            from warehouse.kpi_cli import cli_kpis

            return cli_kpis(args)
        if args.command == "report":
            from report.cli import cli_report

            return cli_report(args)
        if args.command == "notes":
            return notes_cli.cli_notes(args)
        if args.command == "restore":
            from etl.restore import cli_restore

            return cli_restore(args)
        from etl.sample import cli_sample

        return cli_sample(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
