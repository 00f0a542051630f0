"""Decode an input file's bytes into text: UTF-8 (with or without BOM) or Windows-1252.

Anything else (binary data, UTF-16/32, mixed encodings) is refused, naming what it is and the
line of the first offending byte.
"""

from __future__ import annotations

import re

from etl.errors import UnreadableFile

# Signatures of files that are not text, to say what a file named .csv really is.
_BINARY_SIGNATURES = (
    (
        b"PK\x03\x04",
        "a zip archive (an XLSX workbook named .csv?); save it as CSV or name it .xlsx",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or encrypted Office file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)
# A byte sequence that is valid multi-byte UTF-8 (Windows-1252 text almost never holds one).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_SAVE_AS_UTF8 = "save it as 'CSV UTF-8' from Excel"


def _line_of(data: bytes, offset: int) -> int:
    """Return the 1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """Return "UTF-16" or "UTF-32" if the bytes look like that text without a byte-order mark."""
    head = data[:4096]
    if len(head) < 8:
        return None
    if head[1::4].count(0) + head[2::4].count(0) + head[3::4].count(0) > 0.9 * 3 * len(head) / 4:
        return "UTF-32"
    if head[0::4].count(0) + head[1::4].count(0) + head[2::4].count(0) > 0.9 * 3 * len(head) / 4:
        return "UTF-32"
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = len(head) / 2
    if (odd > 0.6 * half and even < 0.05 * half) or (even > 0.6 * half and odd < 0.05 * half):
        return "UTF-16"
    return None


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM) or Windows-1252; return (text, encoding).

    A file that is neither, holds binary data, is UTF-16/32 ("Unicode text" from Excel, with or
    without a byte-order mark), or mixes UTF-8 with Windows-1252 (which would turn every æøå of
    one part into mojibake) is refused, with the line of the first offending byte.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(
            file_name,
            "the text is UTF-16 ('Unicode text' from Excel), which is not accepted; "
            + _SAVE_AS_UTF8,
        )
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnreadableFile(file_name, f"this is not a text file: it is {what}")
    wide = _utf16_without_bom(data)
    if wide:
        raise UnreadableFile(
            file_name,
            f"the text is {wide} without a byte-order mark (every other byte is zero), which is "
            f"not accepted; {_SAVE_AS_UTF8}",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UnreadableFile(
            file_name,
            f"this is not a text file (it contains binary data, first on line "
            f"{_line_of(data, nul)}); send CSV or XLSX",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                file_name,
                f"it starts as UTF-8 (with a BOM) but line {_line_of(data, exc.start + 3)} is "
                f"not UTF-8 (mixed encodings); save the whole file as 'CSV UTF-8' from Excel",
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_MULTIBYTE.search(data):
        raise UnreadableFile(
            file_name,
            "the text mixes encodings: most of it is UTF-8 but line "
            f"{_line_of(data, first_bad)} is not (Windows-1252?); reading it either way would "
            "garble letters like æøå. Save the whole file as 'CSV UTF-8' from Excel",
        )
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            file_name,
            f"the text is neither UTF-8 nor Windows-1252 (undecodable byte on line "
            f"{_line_of(data, exc.start)}); {_SAVE_AS_UTF8}",
        ) from exc
