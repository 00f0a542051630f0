"""Mutants of a SQL file, found with sqlglot's DuckDB parser and written as small text edits.

sqlglot finds the conditions; the mutant is then the original text with one small edit (a
token replaced, an operand deleted, `NOT (...)` put around a condition), so the file keeps its
comments, layout and DuckDB spelling and the diff shows exactly the change. Every mutant is
parsed again; one that does not parse or reads the same as the original is left out.

Operators (the issue's list):
- negate: each condition of a WHERE/HAVING/ON/FILTER, each operand of an AND/OR chain and each
  WHEN of a searched CASE becomes NOT (it); a NOT is removed instead.
- drop: each operand of an AND/OR chain is deleted; a whole WHERE/HAVING/ON condition becomes
  TRUE; each WHEN ... THEN ... of a CASE with two or more branches is deleted.
- neighbour: each WHEN condition of a CASE is replaced by the next one's (the last by the one
  before). In an AND/OR chain, an operand replaced by its neighbour is the same as the operand
  dropped (x AND x = x), so the drop mutant stands for it.
- comparison: < and <=, > and >=, = and <> are swapped.
- in_list: each value of a literal IN (...) list of two or more is left out.
- and_or: each AND becomes OR and each OR becomes AND.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.tokens import Token, TokenType

from tests.mutation.mutant import Mutant, number_occurrences

DIALECT = Dialect.get_or_raise("duckdb")

# comparison node -> (its token type, the token type and text of the swapped operator)
SWAPS: dict[type[exp.Expression], tuple[TokenType, str]] = {
    exp.LT: (TokenType.LT, "<="),
    exp.LTE: (TokenType.LTE, "<"),
    exp.GT: (TokenType.GT, ">="),
    exp.GTE: (TokenType.GTE, ">"),
    exp.EQ: (TokenType.EQ, "<>"),
    exp.NEQ: (TokenType.NEQ, "="),
}


def _recording(method):
    """Wrap a parser method so that the node it returns knows its span in the text."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        start = self._index
        result = method(self, *args, **kwargs)
        if isinstance(result, exp.Expression) and self._index > start:
            if "span" not in result.meta:
                first, last = self._tokens[start], self._tokens[self._index - 1]
                result.meta["span"] = (first.start, last.end + 1)
        return result

    return wrapper


@functools.cache
def _span_parser() -> type:
    """DuckDB's parser with every _parse_* method recording the span of what it returns."""
    base = DIALECT.parser_class
    namespace = {
        name: _recording(getattr(base, name))
        for name in dir(base)
        if name.startswith("_parse")
        and callable(getattr(base, name))
        and not isinstance(getattr(base, name), staticmethod | classmethod | type)
    }
    return type("SpanParser", (base,), namespace)


def parse(text: str) -> tuple[exp.Expression, list[Token]]:
    """Parse one SQL statement; every node gets meta['span'] where a parser method made it."""
    tokens = DIALECT.tokenize(text)
    trees = _span_parser()(dialect=DIALECT).parse(tokens, text)
    statements = [t for t in trees if t is not None]
    if len(statements) != 1:
        raise ValueError(f"expected one statement, found {len(statements)}")
    return statements[0], tokens


def span(node: exp.Expression) -> tuple[int, int] | None:
    """[start, end) of a node in the text: its own span joined with its children's."""
    lo, hi = node.meta.get("span", (None, None))
    for child in node.iter_expressions():
        inner = span(child)
        if inner is None:
            continue
        lo = inner[0] if lo is None else min(lo, inner[0])
        hi = inner[1] if hi is None else max(hi, inner[1])
    return None if lo is None else (lo, hi)


def canonical(text: str) -> str:
    """The statement as sqlglot writes it, without comments: equal means the same query."""
    return sqlglot.parse_one(text, dialect="duckdb").sql(dialect="duckdb", comments=False)


def _short(text: str, limit: int = 70) -> str:
    one_line = re.sub(r"\s+", " ", text).strip()
    return one_line if len(one_line) <= limit else one_line[: limit - 3] + "..."


class _Generator:
    """Collects the mutants of one file."""

    def __init__(self, family: str, path: str, text: str) -> None:
        self.family, self.path, self.text = family, path, text
        self.tree, self.tokens = parse(text)
        self.original_canonical = canonical(text)
        self.seen: set[str] = set()
        self.mutants: list[Mutant] = []
        self.rejected: list[str] = []

    # --- text helpers ---------------------------------------------------------------------

    def src(self, node: exp.Expression) -> str:
        lo, hi = span(node)
        return self.text[lo:hi]

    def tokens_in(self, lo: int, hi: int) -> Iterator[Token]:
        return (t for t in self.tokens if t.start >= lo and t.end < hi)

    def token_before(self, pos: int) -> Token | None:
        before = [t for t in self.tokens if t.end < pos]
        return before[-1] if before else None

    def emit(self, operator: str, description: str, edits: list[tuple[int, int, str]]) -> None:
        """Apply non-overlapping (start, end, replacement) edits; keep the mutant if it is new."""
        text = self.text
        for lo, hi, new in sorted(edits, reverse=True):
            text = text[:lo] + new + text[hi:]
        try:
            mutated = canonical(text)
        except sqlglot.errors.SqlglotError as exc:
            self.rejected.append(f"{self.path}: {operator} {description}: does not parse ({exc})")
            return
        if mutated == self.original_canonical or mutated in self.seen:
            return
        self.seen.add(mutated)
        line = self.text.count("\n", 0, min(lo for lo, _, _ in edits)) + 1
        self.mutants.append(
            Mutant(self.family, self.path, operator, description, line, text, self.text)
        )

    # --- operators ------------------------------------------------------------------------

    def negate(self, node: exp.Expression) -> None:
        lo, hi = span(node)
        if isinstance(node, exp.Not):
            nots = [t for t in self.tokens_in(lo, hi) if t.token_type == TokenType.NOT]
            if nots:
                first = nots[0]
                after = next(self.tokens_in(first.end + 1, len(self.text)), None)
                end = after.start if after is not None else first.end + 1
                self.emit(
                    "negate",
                    f"remove NOT from `{_short(self.src(node))}`",
                    [(first.start, end, "")],
                )
            return
        self.emit(
            "negate",
            f"negate `{_short(self.src(node))}`",
            [(lo, hi, f"NOT ({self.text[lo:hi]})")],
        )

    def drop_root(self, node: exp.Expression, where: str) -> None:
        lo, hi = span(node)
        self.emit("drop", f"{where} `{_short(self.src(node))}` -> TRUE", [(lo, hi, "TRUE")])

    def chain(self, node: exp.Connector) -> None:
        operands = list(node.flatten(unnest=False))
        spans = [span(o) for o in operands]
        word = "AND" if isinstance(node, exp.And) else "OR"
        for i, operand in enumerate(operands):
            self.negate(operand)
            if i == 0:
                edit = (spans[0][0], spans[1][0], "")
            else:
                edit = (spans[i - 1][1], spans[i][1], "")
            self.emit("drop", f"drop `{_short(self.src(operand))}` from its {word}", [edit])

    def and_or(self, node: exp.Connector) -> None:
        left, right = span(node.this), span(node.expression)
        for token in self.tokens_in(left[1], right[0]):
            if token.token_type in (TokenType.AND, TokenType.OR):
                other = "OR" if token.token_type == TokenType.AND else "AND"
                self.emit(
                    "and_or",
                    f"{token.text.upper()} -> {other} before `{_short(self.src(node.expression))}`",
                    [(token.start, token.end + 1, other)],
                )
                return

    def comparison(self, node: exp.Expression) -> None:
        token_type, new = SWAPS[type(node)]
        left, right = span(node.this), span(node.expression)
        for token in self.tokens_in(left[1], right[0]):
            if token.token_type == token_type:
                self.emit(
                    "comparison",
                    f"`{_short(self.src(node))}`: {token.text} -> {new}",
                    [(token.start, token.end + 1, new)],
                )
                return

    def in_list(self, node: exp.In) -> None:
        items = node.expressions
        if len(items) < 2 or not all(isinstance(i, exp.Literal) for i in items):
            return
        spans = [span(i) for i in items]
        for i, item in enumerate(items):
            edit = (spans[0][0], spans[1][0], "") if i == 0 else (spans[i - 1][1], spans[i][1], "")
            self.emit("in_list", f"leave {item.sql()} out of `{_short(self.src(node))}`", [edit])

    def case(self, node: exp.Case) -> None:
        branches = node.args.get("ifs") or []
        searched = node.this is None
        for i, branch in enumerate(branches):
            condition = branch.this
            if searched:
                self.negate(condition)
            if len(branches) >= 2 or node.args.get("default") is not None:
                when = self.token_before(span(condition)[0])
                if when is not None and when.token_type == TokenType.WHEN:
                    self.emit(
                        "drop",
                        f"drop `WHEN {_short(self.src(branch))}`",
                        [(when.start, span(branch)[1], "")],
                    )
            if len(branches) >= 2:
                j = i + 1 if i + 1 < len(branches) else i - 1
                lo, hi = span(condition)
                self.emit(
                    "neighbour",
                    f"WHEN `{_short(self.src(condition))}` -> "
                    f"`{_short(self.src(branches[j].this))}`",
                    [(lo, hi, self.src(branches[j].this))],
                )

    # --- the walk -------------------------------------------------------------------------

    def run(self) -> list[Mutant]:
        for node in self.tree.walk():
            if isinstance(node, exp.Where | exp.Having | exp.Qualify):
                kind = type(node).__name__.upper()
                self.negate(node.this)
                self.drop_root(node.this, kind)
            elif isinstance(node, exp.Join) and node.args.get("on") is not None:
                self.negate(node.args["on"])
                self.drop_root(node.args["on"], "ON")
            if isinstance(node, exp.Connector) and type(node.parent) is not type(node):
                self.chain(node)
            if isinstance(node, exp.Connector):
                self.and_or(node)
            if type(node) in SWAPS:
                self.comparison(node)
            if isinstance(node, exp.In):
                self.in_list(node)
            if isinstance(node, exp.Case):
                self.case(node)
        return number_occurrences(self.mutants)


def sql_mutants(family: str, path: str, text: str) -> tuple[list[Mutant], list[str]]:
    """Return (mutants, notes on edits left out because they did not parse) of one SQL file."""
    generator = _Generator(family, path, text)
    return generator.run(), generator.rejected
