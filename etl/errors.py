"""The reader's error: a file that cannot be read at all (standard library only)."""

from __future__ import annotations


class UnreadableFile(Exception):
    """A file that cannot be read at all; rejects the whole load."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason
