"""The input files of a load: read once, hashed, and archived beside the warehouse."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

from etl.load_result import LoadRejected


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def archive_dir(target: Path) -> Path:
    """Return the folder that keeps every loaded input file by its sha256, beside the warehouse."""
    return target.parent / "archive"


def archive_input(path: Path, sha: str, target: Path, data: bytes | None = None) -> Path:
    """Keep an input file in the archive under its sha256 (once); return the archived path.

    With `data`, those bytes are written (the very bytes the load parses), else the file is
    copied. A folder or file the load cannot write is a LoadRejected naming the archive.
    """
    folder = archive_dir(target)
    archived = folder / f"{sha}{path.suffix.lower()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not archived.exists():
            partial = archived.with_name(archived.name + f".part{os.getpid()}")
            if data is None:
                shutil.copyfile(path, partial)
            else:
                partial.write_bytes(data)
            os.replace(partial, archived)
    except OSError as exc:
        raise LoadRejected(
            f"the archive folder {folder} cannot be written ({exc.strerror or exc}); every input "
            "file is kept there (docs/operations.md, 'Backups'). Give the account that runs the "
            "load permission to write it, or free space, and load again"
        ) from exc
    return archived


def read_input(path: Path, name: str) -> bytes:
    """Return the bytes of an input file, opened without blocking and only if it is a file.

    A named pipe put in place of a file since the folder was listed is refused, never waited
    on; a file the load may not read is refused naming it (not the warehouse).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise LoadRejected(
            f"{name} cannot be read: {exc.strerror or exc} (an input file, not the warehouse); "
            "give the account that runs the load permission to read it, and load again"
        ) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LoadRejected(f"{name} cannot be read: it is no longer a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError as exc:
        raise LoadRejected(f"{name} cannot be read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
