"""`healthtech notes add|list|edit|history|backup`: notes on KPIs from the command line.

The command line is run by the secretariat with access to the files, so it writes notes of any
scope (role `cli`); `--author` names who wrote them. Bad input (unknown KPI or cluster, empty
text, a due date that is not a date, ...) gets one clear line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `healthtech --help` must not pay for pandas: the notes module loads on use
    import pandas as pd

SHOWN = ("note_id", "year", "kpi_id", "scope", "text", "action", "owner", "due", "edited_at")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the `notes` subcommand and its own subcommands to the `healthtech` parser."""
    parser = sub.add_parser("notes", help="notes on KPIs: add, list, edit, history, backup")
    parser.add_argument("--notes", type=Path, default=None, help="notes file (notes.sqlite)")
    parser.add_argument("--warehouse", type=Path, default=None, help="warehouse file")
    verbs = parser.add_subparsers(dest="notes_command", required=True)

    add = verbs.add_parser("add", help="write a new note; prints its id")
    add.add_argument("--year", type=int, required=True)
    add.add_argument("--kpi", required=True, help="KPI id, e.g. G1.companies")
    add.add_argument("--cluster", default=None, help="cluster code (default: national)")
    add.add_argument("--author", required=True, help="e-mail address of the author")
    add.add_argument("--text", required=True)
    add.add_argument("--action", default=None)
    add.add_argument("--owner", default=None, help="e-mail address of the action's owner")
    add.add_argument("--due", default=None, help="due date of the action, YYYY-MM-DD")

    show = verbs.add_parser("list", help="the current version of every note")
    show.add_argument("--year", type=int, default=None)
    show.add_argument("--kpi", default=None)
    show.add_argument("--cluster", default=None, help="cluster code, or ALL for national notes")
    show.add_argument("--format", choices=["table", "csv", "json"], default="table", dest="fmt")

    edit = verbs.add_parser("edit", help="a new version of a note (the old one is kept)")
    edit.add_argument("note_id", type=int)
    edit.add_argument("--author", required=True, help="e-mail address of who edits")
    edit.add_argument("--text", default=None)
    edit.add_argument("--action", default=None, help="new action ('' removes it)")
    edit.add_argument("--owner", default=None, help="new owner ('' removes it)")
    edit.add_argument("--due", default=None, help="new due date ('' removes it)")

    history = verbs.add_parser("history", help="every version of one note")
    history.add_argument("note_id", type=int)

    backup = verbs.add_parser("backup", help="copy the notes file safely (while in use)")
    backup.add_argument("--out", type=Path, required=True)


def _path(args: argparse.Namespace) -> Path:
    from warehouse import notes

    return args.notes or notes.notes_path(args.warehouse)


def _print(frame: pd.DataFrame, fmt: str) -> None:
    frame = frame.astype(object).where(frame.notna(), None)
    if fmt == "json":
        print(json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1))
    elif fmt == "csv":  # likely opened in a spreadsheet: formulas stay text
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(frame.columns)
        from warehouse.spreadsheet import neutralise_frame

        writer.writerows(neutralise_frame(frame.fillna("")).itertuples(index=False))
    elif frame.empty:
        print("No notes.")
    else:
        text = frame.fillna("").astype(str).map(lambda v: v.replace("\n", " / "))
        widths = {c: min(60, max(len(c), *(len(v) for v in text[c]))) for c in text.columns}
        print("  ".join(c.ljust(widths[c]) for c in text.columns).rstrip())
        for row in text.itertuples(index=False):
            cells = (
                str(v)[: widths[c]].ljust(widths[c]) for c, v in zip(text.columns, row, strict=True)
            )
            print("  ".join(cells).rstrip())


def _scope(cluster: str | None) -> str:
    from warehouse import notes

    return notes.NATIONAL if cluster in (None, "", notes.NATIONAL) else str(cluster)


def cli_notes(args: argparse.Namespace) -> int:
    """Run one `healthtech notes` subcommand; 0 done, 2 bad input (a message on stderr)."""
    from warehouse import notes

    path = _path(args)
    try:
        if args.notes_command == "add":
            writer = notes.NoteWriter(args.author, "cli")
            note_id = notes.add_note(
                args.year,
                args.kpi,
                _scope(args.cluster),
                args.text,
                writer,
                action=args.action,
                owner=args.owner,
                due=args.due,
                path=path,
            )
            print(note_id)
        elif args.notes_command == "edit":
            changes = {
                k: getattr(args, k)
                for k in ("text", "action", "owner", "due")
                if getattr(args, k) is not None
            }
            if not changes:
                raise notes.NoteError("no_change", "give --text, --action, --owner or --due")
            version = notes.edit_note(
                args.note_id, notes.NoteWriter(args.author, "cli"), path=path, **changes
            )
            print(f"note {args.note_id}: version {version}")
        elif args.notes_command == "list":
            if args.year is not None:
                notes.check_year(args.year)
            if args.kpi is not None:
                notes.check_kpi(args.kpi)
            if args.cluster is not None:
                notes.check_scope(_scope(args.cluster))
            frame = notes.list_notes(
                args.year,
                args.kpi,
                None if args.cluster is None else _scope(args.cluster),
                path=path,
            )
            _print(frame if args.fmt != "table" else frame[list(SHOWN)], args.fmt)
        elif args.notes_command == "history":
            frame = notes.note_history(args.note_id, path=path)
            if frame.empty:
                raise notes.NoteError("no_note", f"there is no note {args.note_id}")
            _print(frame, "table")
        else:
            print(notes.backup_notes(args.out, path=path))
    except notes.NoteError as exc:
        print(f"healthtech notes: {exc}", file=sys.stderr)
        return 2
    except notes.NotePermissionError as exc:  # pragma: no cover - the CLI may write any scope
        print(f"healthtech notes: {exc}", file=sys.stderr)
        return 2
    except (OSError, sqlite3.DatabaseError) as exc:
        print(f"healthtech notes: the notes file {path} cannot be used: {exc}", file=sys.stderr)
        return 2
    return 0
