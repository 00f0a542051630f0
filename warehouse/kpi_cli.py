"""`healthtech kpis`: print the KPI table as a table, CSV or JSON (docs/domain.md, command line)."""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from datetime import date
from typing import TextIO

import duckdb
import pandas as pd

from warehouse.db import outdated_build, warehouse_path
from warehouse.forecast import with_forecast
from warehouse.kpi import COLUMNS, data_years, kpi_table
from warehouse.kpi_catalogue import kpi_catalogue
from warehouse.kpi_status import STATUS_LABELS
from warehouse.reference import TARGET_SCOPE_ALL, labels
from warehouse.vocabulary import LANGUAGES, UNIT_SHORT, words

#: the columns of the CSV and JSON output: the KPI table and the year-end forecast
CLI_COLUMNS = [*COLUMNS, "forecast", "forecast_status"]

HEADERS = {
    "da": (
        "KPI",
        "Enhed",
        "År",
        "Omfang",
        "Faktisk",
        "Mål",
        "Opfyldelse",
        "Status",
        "Prognose 31/12",
        "Prognosestatus",
    ),
    "en": (
        "KPI",
        "Unit",
        "Year",
        "Scope",
        "Actual",
        "Target",
        "Achievement",
        "Status",
        "Forecast 31/12",
        "Forecast status",
    ),
}
UNIT_LABELS = {lang: words(UNIT_SHORT, lang) for lang in LANGUAGES}
NO_VALUE = "–"
#: the national row's scope in the table (CSV and JSON keep the code `ALL` of the contract)
WHOLE_NETWORK = {"da": "Hele netværket", "en": "Whole network"}
#: dimensions whose codes are shown by their words in the table; a cluster keeps its code
#: (LSI, MTIC, ...), the name the network uses for it
WORDED_SCOPES = ("region", "theme", "technology")


def scope_words(lang: str = "da") -> dict[str, str]:
    """{scope code: its words in `lang`} for the table: the whole network, regions, themes..."""
    out = {TARGET_SCOPE_ALL: WHOLE_NETWORK[lang]}
    for dimension in WORDED_SCOPES:
        out.update(labels(dimension, lang))
    return out


def format_number(value: float | None, decimals: int, lang: str = "da") -> str:
    """A number for a person: thousands separators, `decimals` digits, Danish or English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_VALUE
    text = f"{value:,.{decimals}f}"  # 1,234,567.89
    if lang == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def plain_number(value: float | None) -> int | float | None:
    """A number for a machine: None for NULL, an int when whole, else the float."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if float(value).is_integer():
        return int(value)
    return float(value)


def render_table(table: pd.DataFrame, lang: str = "da") -> str:
    """The KPI table as aligned text columns in `lang`."""
    defs = {d.id: d for d in kpi_catalogue()}
    statuses = STATUS_LABELS[lang]
    scopes = scope_words(lang)
    rows = []
    for r in table.itertuples(index=False):
        d = defs[r.kpi_id]
        pct = format_number(r.achievement_pct, 1, lang)
        rows.append(
            (
                d.name(lang),
                UNIT_LABELS[lang][d.unit],
                str(r.year),
                scopes.get(str(r.scope), str(r.scope)),
                format_number(r.actual, d.decimals, lang),
                format_number(r.target, d.decimals if d.decimals else 0, lang)
                if d.unit in ("count", "DKK")
                else format_number(r.target, d.decimals, lang),
                pct if pct == NO_VALUE else f"{pct} %",
                statuses.get(r.status, r.status),
                format_number(r.forecast, d.decimals, lang),
                statuses.get(r.forecast_status, r.forecast_status),
            )
        )
    header = HEADERS[lang]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    right = {4, 5, 6, 8}  # numbers are right-aligned

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(header), line(tuple("-" * w for w in widths))]
    out.extend(line(row) for row in rows)
    return "\n".join(out) + "\n"


def _records(table: pd.DataFrame) -> list[dict]:
    return [
        {
            "kpi_id": r.kpi_id,
            "year": int(r.year),
            "scope": r.scope,
            "actual": plain_number(r.actual),
            "target": plain_number(r.target),
            "achievement_pct": plain_number(r.achievement_pct),
            "status": r.status,
            "forecast": plain_number(r.forecast),
            "forecast_status": r.forecast_status,
        }
        for r in table.itertuples(index=False)
    ]


def write_csv(table: pd.DataFrame, out: TextIO) -> None:
    """CSV with exactly CLI_COLUMNS, `.` decimals, empty for NULL."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CLI_COLUMNS)
    for rec in _records(table):
        writer.writerow(["" if rec[c] is None else rec[c] for c in CLI_COLUMNS])


def write_json(table: pd.DataFrame, out: TextIO) -> None:
    """A JSON array of objects with exactly CLI_COLUMNS, null for NULL."""
    json.dump(_records(table), out, ensure_ascii=False, indent=1)
    out.write("\n")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def cli_kpis(args: argparse.Namespace) -> int:
    """Run `healthtech kpis`; return 0, or 1 with a message on stderr when there is no data."""
    path = warehouse_path(args.warehouse)
    if not path.is_file():
        return _fail(f"No warehouse at {path}. Load data first: healthtech load --input DIR")
    try:
        if outdated_build(path):
            return _fail(
                f"The warehouse {path} was built by another version of this program. "
                "Load the data again: healthtech load --input DIR"
            )
        if not data_years(path):
            return _fail(
                f"The warehouse {path} holds no data. Load data first: healthtech load --input DIR"
            )
        as_of = args.as_of or date.today()
        table = kpi_table(year=args.year, by=args.by, as_of=as_of, warehouse=path)
        table = with_forecast(table, args.by, as_of, warehouse=path)
    except (duckdb.Error, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return _fail(f"Cannot read the warehouse {path}: {reason}")
    try:
        if args.fmt == "csv":
            write_csv(table, sys.stdout)
        elif args.fmt == "json":
            write_json(table, sys.stdout)
        else:
            sys.stdout.write(render_table(table, args.lang))
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `healthtech kpis | head`: the reader went away, fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0
