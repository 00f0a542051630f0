"""One mutant: a file of the repository with one small change, and a stable id for it."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mutant:
    """A changed copy of one file. `text` is the whole mutated file."""

    family: str
    path: str  # relative to the repository root, with '/'
    operator: str  # negate, drop, neighbour, comparison, in_list, and_or, constant, ...
    description: str  # what changed, e.g. "drop `activity_type = 'deep_dive'`"
    line: int  # 1-based line of the change in the original file
    text: str
    original: str = field(repr=False, compare=False)  # the whole original file
    occurrence: int = 1  # the n-th mutant of this file with the same change (same lines)

    @property
    def id(self) -> str:
        """A stable id: the path, the operator and a hash of the change itself.

        It does not depend on the order of the mutants or on unrelated edits elsewhere in the
        file, so docs/testing.md and equivalent.toml can name mutants across runs.
        """
        change = "\n".join(
            line
            for line in difflib.unified_diff(
                self.original.splitlines(), self.text.splitlines(), lineterm="", n=0
            )
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        )
        digest = hashlib.sha1(f"{self.operator}\n{change}".encode()).hexdigest()[:10]
        suffix = f"-{self.occurrence}" if self.occurrence > 1 else ""
        return f"{self.path}::{self.operator}::{digest}{suffix}"

    def diff(self, context: int = 1) -> str:
        """The change as a unified diff with `context` lines around it."""
        return "\n".join(
            difflib.unified_diff(
                self.original.splitlines(),
                self.text.splitlines(),
                fromfile=self.path,
                tofile=f"{self.path} (mutant)",
                lineterm="",
                n=context,
            )
        )


def number_occurrences(mutants: list[Mutant]) -> list[Mutant]:
    """Give mutants whose change reads the same (same id) an occurrence number 2, 3, ..."""
    seen: dict[str, int] = {}
    out = []
    for m in mutants:
        base = m.id
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            m = Mutant(**{**m.__dict__, "occurrence": seen[base]})
        out.append(m)
    return out
