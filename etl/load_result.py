"""What a load gives back: the rejection, each file's account and the result of the load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.inputs import Entry

EXIT_LOADED = 0


EXIT_REJECTED = 2


class LoadRejected(Exception):
    """The load cannot go ahead; the warehouse on disk stays as it was."""


@dataclass
class FileSummary:
    """What happened to one input file."""

    file_name: str
    kind: str | None
    size_bytes: int
    sha256: str
    encoding: str | None = None
    delimiter: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_skipped: int = 0
    status: str = "loaded"
    message: str = ""


@dataclass
class LoadResult:
    """The outcome of one load: status `loaded` or `rejected`, and what each entry gave."""

    status: str
    message: str
    warehouse: Path
    load_id: int | None = None
    files: list[FileSummary] = field(default_factory=list)
    quarantine: pd.DataFrame | None = None
    skipped: list[Entry] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_LOADED if self.status == "loaded" else EXIT_REJECTED
