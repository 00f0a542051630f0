"""Names: file kinds, column names, header detection and how text is shown in messages.

Standard library only: the spreadsheet reader's child process (`etl/sheets.py`) imports this
module, and must stay small enough to run under a tight memory limit.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence

KINDS = (
    "organisations",
    "activities",
    "participations",
    "inkind",
    "funding",
    "applications",
    "outcomes",
    "targets",
)
TEXT_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ODS_SUFFIXES = (".ods",)
SPREADSHEET_SUFFIXES = EXCEL_SUFFIXES + ODS_SUFFIXES
READ_SUFFIXES = TEXT_SUFFIXES + SPREADSHEET_SUFFIXES
# Formats a sender may try that are not read, with what to do instead.
UNREAD_FORMATS = {
    ".xls": "an old Excel 97-2003 workbook (.xls); save it as .xlsx",
    ".xlsb": "a binary Excel workbook (.xlsb); save it as .xlsx",
    ".numbers": "an Apple Numbers file; export it as .xlsx or CSV",
    ".json": "JSON; send CSV or .xlsx",
    ".zip": "a zip archive; unpack it into the input folder",
    ".tsv": "tab-separated text; save it as 'CSV UTF-8' from Excel",
    ".pdf": "a PDF document; send the data as CSV or .xlsx",
    ".docx": "a Word document; send the data as CSV or .xlsx",
}
# Columns whose cells may hold line breaks (Alt+Enter in Excel). A line break anywhere else (an
# id, a code, a number) can only come from a stray quote.
FREE_TEXT_COLUMNS = frozenset({"title", "name"})
HEADER_SEARCH_ROWS = 20
# Only the first cells of a row are looked at while searching for the header, so that a row of a
# million cells costs no more than a normal one.
HEADER_SEARCH_CELLS = 256
# Longer cells are not taken for column names while the header is searched.
HEADER_NAME_CHARS = 200
# A row may have at most as many cells as a spreadsheet has columns (Excel: A to XFD).
MAX_CELLS_PER_ROW = 16_384

# Other words for the kinds, as senders write them (Danish, singular, spelled otherwise).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "organisations": (
        "organisation",
        "organizations",
        "organization",
        "organisationer",
        "orgs",
        "virksomheder",
    ),
    "activities": ("activity", "aktiviteter", "aktivitet"),
    "participations": ("participation", "participants", "deltagelser", "deltagelse", "deltagere"),
    "inkind": ("in_kind", "in-kind", "inkind", "medfinansiering"),
    "funding": ("finansiering", "bevillinger", "budget"),
    "applications": ("application", "ansøgninger", "ansoegninger", "ansogninger", "ansøgning"),
    "outcomes": ("outcome", "effekt", "effektmåling", "effektmaaling", "resultater"),
    "targets": ("target", "mål", "maal", "målsætninger", "maalsaetninger"),
}


def kind_of(file_name: str) -> str | None:
    """Return the file kind (the start of its name, docs/loading.md), or None if it has none."""
    lower = file_name.lower()
    if lower.startswith((".", "~$")):
        return None
    for kind in KINDS:
        if lower.startswith(kind):
            return kind
    return None


def suggest_name(file_name: str) -> str | None:
    """Return the name a file without a kind at its start probably should have, or None.

    `LSI_participations.csv` -> `participations_LSI.csv`, `organisationer_LSI.csv` ->
    `organisations_LSI.csv`, `particpations.csv` -> `participations.csv`.
    """
    stem, dot, suffix = file_name.rpartition(".")
    if not dot:
        stem, suffix = file_name, ""
    tokens = [t for t in re.split(r"[\s_\-.]+", stem) if t]
    words = {w: kind for kind in KINDS for w in (kind, *KIND_WORDS[kind])}
    found = None
    for index, token in enumerate(tokens):
        lower = unicodedata.normalize("NFC", token.lower())
        if lower in words:
            found = (index, words[lower])
            break
        close = difflib.get_close_matches(lower, list(words), n=1, cutoff=0.8)
        if close:
            found = (index, words[close[0]])
            break
    if found is None:
        lower = stem.lower()
        hit = next((kind for kind in KINDS if kind in lower), None)
        if hit is None:
            return None
        start = lower.index(hit)
        rest = (stem[:start] + " " + stem[start + len(hit) :]).strip(" _-.")
        tokens, found = [t for t in re.split(r"[\s_\-.]+", rest) if t], (-1, hit)
    else:
        tokens = [t for i, t in enumerate(tokens) if i != found[0]]
    name = "_".join([found[1], *tokens])
    return f"{name}.{suffix}" if suffix else name


# Characters that a reader cannot see, or that look like other characters: shown as \uXXXX.
def _shown_escaped(ch: str) -> bool:
    if ch == " ":
        return False
    category = unicodedata.category(ch)
    if category[0] in "CZ":  # controls, format characters (zero-width), unusual spaces
        return True
    return not ch.isascii() and unicodedata.normalize("NFKC", ch) != ch  # full-width, ligatures


def visible(text: object, *, ascii_only: bool = False) -> str:
    """Return text with invisible and look-alike characters written as `\\u200b` escapes.

    `ascii_only` escapes every non-ASCII character too (for names that should be ASCII, such
    as column names that look like an expected one but do not match).
    """
    text = str(text)
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if _shown_escaped(ch) or (ascii_only and not ch.isascii()):
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def show(text: object, limit: int = 60) -> str:
    """Return a value for one line of a message: its first `limit` characters, with invisible
    and look-alike characters written out, and an ellipsis if there was more (only the part
    shown is looked at: a value may be 100 MB)."""
    text = str(text)
    head = visible(text[:limit])
    return head + "…" if len(text) > limit else head


def shorten(text: str, limit: int = 60) -> str:
    """Return text cut to `limit` characters with an ellipsis, for one line of a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_name(name: str) -> str:
    """Return a file name as text that can be printed and stored.

    A name that is not valid UTF-8 (Python keeps its bytes as surrogates) shows those bytes as
    `\\xf8` escapes instead of failing with "surrogate not allowed".
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="backslashreplace")


_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_column(name: object) -> str:
    """Return a column name as compared: NFKC, no invisible characters, trimmed, lower case,
    spaces and dashes as `_`.

    Zero-width and other format characters (a BOM, a zero-width space) are removed and full-width
    letters read as ASCII, since the sender cannot see them; everything else must match.
    """
    text = str(name)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _SEPARATORS.sub("_", text.strip().lower())


def header_hits(rows: Sequence[Sequence[object]], expected: Iterable[str]) -> tuple[int, int]:
    """Return (index, hits) of the first of the leading rows naming most expected columns."""
    expected = set(expected)
    best_index, best_hits = -1, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        # a column name is short: a long cell (a 100 MB description) is not looked at
        cells = [c for c in row[:HEADER_SEARCH_CELLS] if c and len(str(c)) <= HEADER_NAME_CHARS]
        hits = len({normalise_column(c) for c in cells} & expected)
        if hits > best_hits:
            best_index, best_hits = index, hits
    return best_index, best_hits


def near_misses(found: Iterable[str], missing: Iterable[str]) -> list[tuple[str, str]]:
    """Return (found name, missing name) pairs that look alike, for a 'did you mean' hint."""
    found = [f for f in found if f]
    pairs = []
    for name in missing:
        close = difflib.get_close_matches(name, found, n=1, cutoff=0.75)
        if close:
            pairs.append((close[0], name))
    return pairs
