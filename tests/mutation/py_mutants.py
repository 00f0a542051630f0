"""Mutants of named Python functions and constants, with the standard library's `ast`.

Only the named targets are mutated (`path::qualname`: a function, a method `Class.method` or a
module-level constant), so the run stays on the rules and not on plumbing. Each mutant is the
original text with one expression replaced; the replacement is the mutated expression written by
`ast.unparse`, in parentheses, so the rest of the file keeps its layout. A mutant must compile
and differ from the original in its AST, else it is left out.

Operators:
- comparison: < and <=, > and >=, == and !=, in and not in, is and is not are swapped.
- arithmetic: + and -, * and /, // and /, % and // are swapped.
- mask: & and | are swapped, and each side of a & or | is dropped (pandas boolean masks).
- boolean: and/or swapped, each operand of an and/or dropped; `not`, `~` and unary `-` removed.
- negate: the test of an if, while, conditional expression or comprehension becomes not (it).
- constant: a number n becomes n + 1 and n - 1, True and False swap, a string s becomes
  'XX' + s + 'XX' (docstrings, f-strings and messages of `raise` are left alone).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from tests.mutation.mutant import Mutant, number_occurrences

COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
ARITHMETIC_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
}
MASK_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
}


def find_target(tree: ast.Module, qualname: str) -> ast.AST:
    """The function, method or module-level assignment named `qualname` (KeyError if none)."""

    def walk(body: list[ast.stmt], prefix: str) -> Iterator[tuple[str, ast.AST]]:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield prefix + node.name, node
            elif isinstance(node, ast.ClassDef):
                yield from walk(node.body, f"{prefix}{node.name}.")
            elif isinstance(node, ast.Assign | ast.AnnAssign) and not prefix:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        yield target.id, node

    for name, node in walk(tree.body, ""):
        if name == qualname:
            return node
    raise KeyError(qualname)


def _skipped(target: ast.AST) -> set[int]:
    """ids of the nodes not to mutate: docstrings, decorators, annotations, f-strings, raise."""
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(target):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                mark(decorator)
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                mark(body[0])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            mark(node.returns)
            for arg in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]:
                mark(arg.annotation)
        if isinstance(node, ast.AnnAssign):
            mark(node.annotation)
        if isinstance(node, ast.JoinedStr | ast.Raise):
            mark(node)
    return skip


class _Generator:
    """Collects the mutants of the named targets of one file."""

    def __init__(self, family: str, path: str, text: str) -> None:
        self.family, self.path, self.text = family, path, text
        self.tree = ast.parse(text)
        self.original_dump = ast.dump(self.tree)
        self.seen: set[str] = set()
        self.mutants: list[Mutant] = []
        lines = text.splitlines(keepends=True)
        self.line_starts = [0]
        for line in lines:
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.lines = lines

    def offset(self, lineno: int, col: int) -> int:
        """The character offset of (1-based line, UTF-8 byte column)."""
        line = self.lines[lineno - 1]
        return self.line_starts[lineno - 1] + len(line.encode()[:col].decode())

    def src(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or ast.unparse(node)

    def replace(self, node: ast.AST, new_text: str, operator: str, description: str) -> None:
        lo = self.offset(node.lineno, node.col_offset)
        hi = self.offset(node.end_lineno, node.end_col_offset)
        text = self.text[:lo] + new_text + self.text[hi:]
        try:
            tree = ast.parse(text)
            compile(tree, self.path, "exec")
        except SyntaxError:
            return
        dump = ast.dump(tree)
        if dump == self.original_dump or dump in self.seen:
            return
        self.seen.add(dump)
        self.mutants.append(
            Mutant(self.family, self.path, operator, description, node.lineno, text, self.text)
        )

    def replace_expr(self, node: ast.expr, new: ast.expr, operator: str, what: str) -> None:
        new_text = f"({ast.unparse(new)})"
        self.replace(node, new_text, operator, f"{what}: `{self.src(node)}` -> `{new_text}`")

    # --- operators ------------------------------------------------------------------------

    def compare(self, node: ast.Compare) -> None:
        for k, op in enumerate(node.ops):
            swap = COMPARE_SWAPS.get(type(op))
            if swap is not None:
                ops = list(node.ops)
                ops[k] = swap()
                new = ast.Compare(left=node.left, ops=ops, comparators=node.comparators)
                self.replace_expr(node, new, "comparison", "comparison")

    def binop(self, node: ast.BinOp) -> None:
        kind = type(node.op)
        if kind in ARITHMETIC_SWAPS:
            new = ast.BinOp(left=node.left, op=ARITHMETIC_SWAPS[kind](), right=node.right)
            self.replace_expr(node, new, "arithmetic", "operator")
        if kind in MASK_SWAPS:
            new = ast.BinOp(left=node.left, op=MASK_SWAPS[kind](), right=node.right)
            self.replace_expr(node, new, "mask", "operator")
            self.replace_expr(node, node.left, "mask", "drop the right side")
            self.replace_expr(node, node.right, "mask", "drop the left side")

    def augassign(self, node: ast.AugAssign) -> None:
        swaps = {**ARITHMETIC_SWAPS, **MASK_SWAPS}
        swap = swaps.get(type(node.op))
        if swap is not None:
            new = ast.AugAssign(target=node.target, op=swap(), value=node.value)
            new_text = ast.unparse(new)
            kind = "mask" if type(node.op) in MASK_SWAPS else "arithmetic"
            self.replace(node, new_text, kind, f"operator: `{self.src(node)}` -> `{new_text}`")

    def boolop(self, node: ast.BoolOp) -> None:
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        self.replace_expr(node, ast.BoolOp(op=other, values=node.values), "boolean", "and/or")
        for i in range(len(node.values)):
            rest = node.values[:i] + node.values[i + 1 :]
            new = rest[0] if len(rest) == 1 else ast.BoolOp(op=node.op, values=rest)
            self.replace_expr(node, new, "boolean", "drop an operand")

    def unaryop(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not | ast.Invert | ast.USub):
            self.replace_expr(node, node.operand, "boolean", "remove the unary operator")

    def negate(self, test: ast.expr) -> None:
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return  # removing the `not` is the boolean operator's mutant
        self.replace_expr(test, ast.UnaryOp(op=ast.Not(), operand=test), "negate", "negate")

    def constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self.replace(node, repr(not value), "constant", f"`{value}` -> `{not value}`")
        elif isinstance(value, int | float):
            for new in (value + 1, value - 1):
                self.replace(node, f"({new!r})", "constant", f"`{self.src(node)}` -> `{new!r}`")
        elif isinstance(value, str):
            new = repr(f"XX{value}XX")
            self.replace(node, new, "constant", f"`{self.src(node)}` -> `{new}`")

    # --- the walk -------------------------------------------------------------------------

    def run(self, qualnames: list[str]) -> list[Mutant]:
        for qualname in qualnames:
            target = find_target(self.tree, qualname)
            skip = _skipped(target)
            for node in ast.walk(target):
                if id(node) in skip:
                    continue
                if isinstance(node, ast.Compare):
                    self.compare(node)
                elif isinstance(node, ast.BinOp):
                    self.binop(node)
                elif isinstance(node, ast.AugAssign):
                    self.augassign(node)
                elif isinstance(node, ast.BoolOp):
                    self.boolop(node)
                elif isinstance(node, ast.UnaryOp):
                    self.unaryop(node)
                elif isinstance(node, ast.Constant):
                    self.constant(node)
                if isinstance(node, ast.If | ast.While | ast.IfExp):
                    self.negate(node.test)
                elif isinstance(node, ast.comprehension):
                    for condition in node.ifs:
                        self.negate(condition)
        return number_occurrences(self.mutants)


def py_mutants(family: str, path: str, text: str, qualnames: list[str]) -> list[Mutant]:
    """Return the mutants of the functions and constants `qualnames` of one Python file."""
    return _Generator(family, path, text).run(qualnames)
