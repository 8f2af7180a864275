"""The text being parsed: as written (for evidence) and normalised (for matching), with helpers for facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from etl.parse.tables import Row, split_rows
from etl.record import Evidence, Fact, Method
from etl.text import normalise

# Clause ends: a fact's label and its figure must stand in the same clause.
CLAUSE_END = "。；;\n"


@dataclass
class Source:
    """One document's text; ``norm`` has the same length as ``text``, so offsets are shared."""

    text: str
    path: str = ""
    norm: str = field(init=False)

    def __post_init__(self) -> None:
        self.norm = normalise(self.text)

    @cached_property
    def rows(self) -> list[Row]:
        """Every line as a table row of cells (offsets into the text)."""
        return split_rows(self.norm)

    def evidence(self, start: int, end: int, method: Method = "exact") -> Evidence:
        """Evidence for a span, quoting the text as written."""
        return Evidence(start, end, self.text[start:end], method)

    def fact(self, name: str, value: float | int | str, start: int, end: int, method: Method = "exact") -> Fact:
        """A fact whose evidence is the span ``start:end``."""
        return Fact(name, value, self.evidence(start, end, method))

    def sentence_bounds(self, position: int) -> tuple[int, int]:
        """The clause-level sentence (up to 。；newline) holding ``position``."""
        start = max(self.norm.rfind(ch, 0, position) for ch in CLAUSE_END) + 1
        ends = [self.norm.find(ch, position) for ch in CLAUSE_END]
        end = min((e for e in ends if e >= 0), default=len(self.norm))
        return start, end

    def finditer(self, pattern: re.Pattern[str], start: int = 0, end: int | None = None):
        """Matches of a compiled pattern on the normalised text."""
        return pattern.finditer(self.norm, start, len(self.norm) if end is None else end)
