"""The first lines of a CSV text, its delimiter, and the column names of a header row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from etl.errors import UnreadableFile
from etl.names import HEADER_SEARCH_ROWS, MAX_CELLS_PER_ROW, normalise_column, show

# Only the first characters of each of the first lines are read to find the header.
HEAD_LINE_CHARS = 65_536


def line_spans(text: str, start: int = 0) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end of content, end with line end) of each line from `start`.

    Lines end at \\n, \\r\\n or \\r, as the csv module reads them. str.find, not a regular
    expression: a 100 MB line is scanned at memchr speed, and each character once.
    """
    size, position = len(text), start
    next_n, next_r = text.find("\n", start), text.find("\r", start)
    while position < size:
        if 0 <= next_n < position:
            next_n = text.find("\n", position)
        if 0 <= next_r < position:
            next_r = text.find("\r", position)
        ends = [e for e in (next_n, next_r) if e >= 0]
        if not ends:
            yield position, size, size
            return
        end = min(ends)
        after = end + 2 if text.startswith("\r\n", end) else end + 1
        yield position, end, after
        position = after


def head_lines(
    text: str, count: int = HEADER_SEARCH_ROWS, max_chars: int | None = None
) -> list[str]:
    """Return the first `count` lines (without their ends), each cut to `max_chars`; never
    copies more of a (maybe huge) text than that."""
    lines = []
    for start, end, _ in line_spans(text):
        lines.append(text[start : end if max_chars is None else min(end, start + max_chars)])
        if len(lines) >= count:
            break
    return lines


def head_text(text: str) -> str:
    """Return the first lines, each cut to HEAD_LINE_CHARS: enough to find the header and the
    delimiter, and bounded whatever the file holds (a first line of a million cells)."""
    return "\n".join(head_lines(text, max_chars=HEAD_LINE_CHARS))


def sniff_delimiter(text: str) -> str:
    """Return `;` or `,`: whichever occurs more often outside quotes in the first lines."""
    sample = head_text(text)
    unquoted = re.sub(r'"[^"]*"', "", sample)
    return ";" if unquoted.count(";") > unquoted.count(",") else ","


def parse_head_rows(head: str, delimiter: str) -> list[list[str]]:
    """Parse the first lines into rows; a broken quote there costs only its own line."""
    try:
        return list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
    except csv.Error:
        rows = []
        for line in head.splitlines():
            try:
                rows.append(next(csv.reader([line], delimiter=delimiter), []))
            except csv.Error:
                rows.append(line.split(delimiter))
        return rows


def no_header(file_name: str, expected: set[str]) -> UnreadableFile:
    """The refusal of a file in whose first rows no header row names the expected columns."""
    return UnreadableFile(
        file_name,
        f"no header row found: none of the first {HEADER_SEARCH_ROWS} rows names the "
        f"expected columns ({', '.join(sorted(expected))})",
    )


def too_many_header_cells(cells: int) -> str:
    """The reason a header row wider than a spreadsheet is refused."""
    return (
        f"the header row has {cells:,} cells, more than a spreadsheet can hold "
        f"({MAX_CELLS_PER_ROW:,}); send the file with one column per field"
    )


def header_names(row: list[str], file_name: str) -> list[str]:
    """Return a header row's column names: normalised, unnamed ones as `(column N)`."""
    if len(row) > MAX_CELLS_PER_ROW:
        raise UnreadableFile(file_name, too_many_header_cells(len(row)))
    header = [normalise_column(c) for c in row]
    while header and header[-1] == "":
        header.pop()
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise UnreadableFile(
                file_name, f"the column '{show(name)}' appears twice in the header"
            )
        seen.add(name)
    # a name with a space cannot come from the file (normalising turns spaces into `_`)
    return [h if h else f"(column {i + 1})" for i, h in enumerate(header)]


def cells_outside_quotes(line: str, delimiter: str) -> int:
    """Count the cells of one line, not counting delimiters inside quotes on the line."""
    if '"' not in line:
        return line.count(delimiter) + 1
    return re.sub(r'"[^"]*"?', "", line).count(delimiter) + 1
