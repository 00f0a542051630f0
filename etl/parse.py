"""Vectorised parsers for the text cells of input files (formats: docs/loading.md).

Each parser takes a Series of text and returns typed values, with a missing value wherever the
text is empty or does not parse; the validation tells those two apart.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TRUE_WORDS = frozenset({"true", "1", "yes", "ja"})
FALSE_WORDS = frozenset({"false", "0", "no", "nej"})
CVR_WEIGHTS = np.array([2, 7, 6, 5, 4, 3, 2, 1])

# A number as written with a decimal point (plain) or, in `;` files, with a decimal comma and
# optional thousands points: 1.234,50. A lone point after 1-3 digits in a decimal-comma file
# would be ambiguous (7.5 or 7500?), so it does not match and the row is quarantined.
# Digits are ASCII 0-9 only, everywhere (numbers, dates, CVR): Python, pandas and Arrow each read
# other digits (full-width １２, Arabic-Indic ١٢) differently, or fail on them, so they are refused
# as the column's format rule, never normalised (docs/loading.md, "Unicode digits").
_PLAIN_NUMBER = r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"
_COMMA_NUMBER = r"^[-+]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]*)?$"
_NON_ASCII = r"[^\x00-\x7f]"


# Within `parse_once()`: (parser, id of the text's Arrow data) -> (that data, parsed result).
_PARSED: ContextVar[dict | None] = ContextVar("parsed_columns", default=None)


@contextmanager
def parse_once() -> Iterator[None]:
    """Within the block, each parser parses a given text column once.

    The Pandera checks of a column (format, range, the checks across columns) and the typing all
    parse the same dates and numbers; inside this block they share one parse. Columns are told
    apart by the identity of their (immutable) Arrow data, which the cache holds on to, so an id
    cannot be reused while the block lasts.
    """
    token = _PARSED.set({})
    try:
        yield
    finally:
        _PARSED.reset(token)


def _parsed_once(parser: Callable[[pd.Series], pd.Series]) -> Callable[[pd.Series], pd.Series]:
    @functools.wraps(parser)
    def wrapper(text: pd.Series) -> pd.Series:
        cache = _PARSED.get()
        data = getattr(text.array, "_pa_array", None)
        if cache is None or data is None:
            return parser(text)
        key = (parser.__name__, id(data))
        hit = cache.get(key)
        if hit is None or hit[0] is not data:
            hit = cache[key] = (data, parser(text))
        return hit[1].set_axis(text.index)

    return wrapper


def canonical_numbers(text: pd.Series, decimal_comma: bool) -> pd.Series:
    """Return number texts rewritten with a decimal point; text that is no number stays as is."""
    if not decimal_comma:
        return text
    ok = text.str.fullmatch(_COMMA_NUMBER).fillna(False).astype(bool)
    rewritten = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return text.where(~ok, rewritten)


@_parsed_once
def parse_number(text: pd.Series) -> pd.Series:
    """Return floats for texts like `12`, `-3.5` (already canonical); NaN elsewhere."""
    ok = text.str.fullmatch(_PLAIN_NUMBER).fillna(False).astype(bool)
    try:
        # Arrow's cast parses the texts the pattern let through without a Python object each
        cells = pa.array(text.array)
        kept = pc.if_else(pa.array(ok.to_numpy()), cells, pa.scalar(None, cells.type))
        values = pc.cast(kept, pa.float64()).to_numpy(zero_copy_only=False)
        return pd.Series(values, index=text.index, dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, TypeError):
        return pd.to_numeric(text.where(ok), errors="coerce").astype("float64")


def parse_int(text: pd.Series) -> pd.Series:
    """Return whole numbers as floats (so NaN can mark the rest); `12.0` counts as whole."""
    number = parse_number(text)
    return number.where(number == np.floor(number))


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_MIDNIGHT = r"[ T]00:00(?::00)?$"  # Excel date cells read as text carry a midnight time


def _parse_formats(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Return the first of `formats` that parses each text (vectorised); NaT for none."""
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    # pandas reads full-width digits as dates; only ASCII text may be one
    todo = (text != "") & ~text.str.contains(_NON_ASCII, regex=True).fillna(False).astype(bool)
    for fmt in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        result[todo] = parsed
        todo = todo & result.isna()
    return result


@_parsed_once
def parse_date(text: pd.Series) -> pd.Series:
    """Return datetimes for YYYY-MM-DD, DD-MM-YYYY and DD.MM.YYYY; NaT for anything else."""
    return _parse_formats(text.str.replace(_MIDNIGHT, "", regex=True), _DATE_FORMATS)


@_parsed_once
def parse_month(text: pd.Series) -> pd.Series:
    """Return the first day of the month for `YYYY-MM` (or a full date, as Excel may store it)."""
    month = _parse_formats(text, ("%Y-%m",))
    rest = month.isna() & (text != "")
    if rest.any():
        whole = parse_date(text[rest])
        month[rest] = whole.dt.to_period("M").dt.to_timestamp()
    return month


@_parsed_once
def parse_bool(text: pd.Series) -> pd.Series:
    """Return True/False for true/false, 1/0, yes/no, ja/nej in any case; NA for anything else."""
    lower = text.str.lower()
    result = pd.Series(pd.NA, index=text.index, dtype="boolean")
    result[lower.isin(TRUE_WORDS)] = True
    result[lower.isin(FALSE_WORDS)] = False
    return result


def valid_cvr(text: pd.Series) -> pd.Series:
    """Return whether each text is a valid CVR number: 8 digits, weighted sum divisible by 11."""
    # ASCII digits only: `\d` would let full-width digits through to the ASCII arithmetic below
    digits_ok = text.str.fullmatch(r"[0-9]{8}").fillna(False).astype(bool)
    result = pd.Series(False, index=text.index)
    if digits_ok.any():
        good = text[digits_ok]
        # eight ASCII digits each: one byte buffer, read as a matrix of digits
        digits = np.frombuffer("".join(good.tolist()).encode("ascii"), dtype=np.uint8)
        matrix = (digits.reshape(-1, 8) - ord("0")).astype(np.int64)
        result[digits_ok] = (matrix @ CVR_WEIGHTS) % 11 == 0
    return result


def split_codes_flat(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return (codes, row position) of every code in texts like `LSI;WT` or `LSI, WT`.

    The vectorised form of `split_codes`: one entry per non-empty code, trimmed, with the
    position (0-based) of the row it came from.
    """
    cells = pa.array(text.astype("str").array)
    lists = pc.split_pattern(pc.replace_substring(cells, ",", ";"), ";")
    codes = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    rows = pc.list_parent_indices(lists)
    keep = pc.not_equal(codes, "")
    codes = pc.filter(codes, keep).to_numpy(zero_copy_only=False)
    rows = pc.filter(rows, keep).to_numpy(zero_copy_only=False)
    return codes.astype(object), rows.astype(np.int64)


def split_codes(text: pd.Series) -> pd.Series:
    """Return lists of codes from texts like `LSI;WT` or `LSI, WT` (empty text: empty list)."""
    return (
        text.str.replace(",", ";", regex=False)
        .str.split(";")
        .map(
            lambda items: [i.strip() for i in items if i.strip()] if isinstance(items, list) else []
        )
    )
