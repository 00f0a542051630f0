"""The entries of an input folder: which are read, and why each other one is not.

Every entry of the folder is accounted for: a file the load reads, or an entry it skips with a
reason code (stored in `load_skipped.reason`) and a sentence saying what to do. Entries are only
looked at (lstat/stat), never opened: a named pipe would block a reader forever.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from etl.names import (
    KINDS,
    READ_SUFFIXES,
    UNREAD_FORMATS,
    display_name,
    kind_of,
    suggest_name,
)

# Skip reasons (load_skipped.reason); docs/loading.md explains each.
SKIP_HIDDEN = "hidden"
SKIP_LOCK_FILE = "lock_file"
SKIP_FOLDER = "folder"
SKIP_DANGLING_LINK = "dangling_link"
SKIP_SPECIAL_FILE = "special_file"
SKIP_UNKNOWN_KIND = "unknown_kind"
SKIP_NOT_DATA = "not_data"
SKIP_FORMAT = "unsupported_format"
SKIP_REASONS = (
    SKIP_HIDDEN,
    SKIP_LOCK_FILE,
    SKIP_FOLDER,
    SKIP_DANGLING_LINK,
    SKIP_SPECIAL_FILE,
    SKIP_UNKNOWN_KIND,
    SKIP_NOT_DATA,
    SKIP_FORMAT,
)
# Suffixes of files that hold data, even if the load cannot tell of which kind.
_DATA_SUFFIXES = READ_SUFFIXES + (".xls", ".xlsb", ".numbers", ".tsv", ".json")


class InputFolderError(Exception):
    """The input folder cannot be listed; the message says which and why."""


@dataclass
class Entry:
    """One entry of the input folder: read (kind set) or skipped (reason and message set)."""

    name: str  # as shown and stored (a name that is not UTF-8 shows its bytes as \xNN)
    path: Path
    kind: str | None = None
    reason: str | None = None
    message: str = ""
    size_bytes: int | None = None

    @property
    def read(self) -> bool:
        return self.reason is None


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _unknown_kind_message(name: str) -> str:
    suggestion = suggest_name(name)
    if suggestion and kind_of(suggestion):
        return (
            f"its name does not start with a kind, so it is not read; to load it, rename it "
            f"'{suggestion}' (names start with one of: {', '.join(KINDS)})"
        )
    return (
        "its name does not start with a kind, so it is not read; if it holds data, rename it "
        f"to start with one of: {', '.join(KINDS)} (e.g. participations_LSI_2020Q4.csv)"
    )


def classify(path: Path, input_dir: Path) -> Entry:
    """Return what the load does with one entry of the input folder, from its name and lstat."""
    name = display_name(path.name)
    entry = Entry(name, path)
    try:
        link = path.lstat()
        info = path.stat() if stat.S_ISLNK(link.st_mode) else link
    except OSError as exc:
        if path.is_symlink():  # to nothing, or in a loop
            target = display_name(os.readlink(path))
            entry.reason = SKIP_DANGLING_LINK
            entry.message = f"a symbolic link to '{target}', which cannot be followed; not read"
            return entry
        raise InputFolderError(
            f"{name} in the input folder {input_dir} cannot be examined ({exc.strerror or exc}); "
            "fix its permissions and load again"
        ) from exc
    suffix = path.suffix.lower()
    if stat.S_ISDIR(info.st_mode):
        entry.name = name + "/"
        entry.reason = SKIP_FOLDER
        entry.message = (
            "a folder: files in folders inside the input folder are not read; move them into "
            f"the input folder itself, or load that folder with --input {display_name(str(path))}"
        )
        return entry
    if not stat.S_ISREG(info.st_mode):
        entry.reason = SKIP_SPECIAL_FILE
        entry.message = f"{_special_kind(info.st_mode)}, not a file; never opened"
        return entry
    entry.size_bytes = info.st_size
    if name.startswith("~$"):
        entry.reason = SKIP_LOCK_FILE
        entry.message = (
            "Excel's lock file of a workbook that was open when the folder was copied; not read "
            "(close the workbook in Excel before sending the files)"
        )
        return entry
    if name.startswith("."):
        entry.reason = SKIP_HIDDEN
        entry.message = "a hidden file (its name starts with '.'); not read"
        return entry
    kind = kind_of(name)
    if kind is None:
        if suffix in _DATA_SUFFIXES:
            entry.reason, entry.message = SKIP_UNKNOWN_KIND, _unknown_kind_message(name)
        else:
            entry.reason = SKIP_NOT_DATA
            entry.message = "not a data file (only .csv, .txt, .xlsx and .ods are read)"
        return entry
    if suffix not in READ_SUFFIXES:
        what = UNREAD_FORMATS.get(suffix)
        entry.reason = SKIP_FORMAT
        entry.message = (
            f"not read: it is {what}"
            if what
            else f"not read: files ending in '{suffix or '(nothing)'}' are not read; send CSV "
            "(.csv, .txt), .xlsx or .ods"
        )
        return entry
    entry.kind = kind
    if name != path.name:
        entry.message = (
            "the file name is not valid UTF-8 (the odd bytes are shown as \\xNN); rename it"
        )
    return entry


def list_entries(input_dir: Path) -> list[Entry]:
    """Return every entry of the input folder, sorted by name, each read or skipped."""
    try:
        paths = sorted(input_dir.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise InputFolderError(
            f"the input folder {input_dir} cannot be listed ({exc.strerror or exc}); give the "
            "account that runs the load permission to read it, and load again"
        ) from exc
    return [classify(path, input_dir) for path in paths]
