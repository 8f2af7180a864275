"""The text of one report file with the page and line of every character, as readers return it."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line of Document.text: its offsets, page (1-based; 1 for formats without pages) and number."""

    start: int
    end: int
    page: int
    number: int


@dataclass
class Document:
    """Text exactly as written in the file (not normalised), split into located lines."""

    path: str
    format: str
    text: str
    lines: list[Line] = field(default_factory=list)
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_pages(cls, path: str, fmt: str, pages: list[str], encoding: str | None = None) -> Document:
        """Join pages (each a list of lines joined by newlines) into one located text."""
        parts: list[str] = []
        lines: list[Line] = []
        offset = 0
        for page_number, page_text in enumerate(pages, start=1):
            for number, line_text in enumerate(page_text.split("\n"), start=1):
                lines.append(Line(offset, offset + len(line_text), page_number, number))
                parts.append(line_text)
                offset += len(line_text) + 1
        return cls(path=path, format=fmt, text="\n".join(parts), lines=lines, encoding=encoding)

    def part(self, start: int, end: int) -> Document:
        """``text[start:end]`` as a document of its own (one report of a file that holds several), lines kept."""
        lines = [
            Line(max(line.start, start) - start, min(line.end, end) - start, line.page, line.number)
            for line in self.lines
            if line.end >= start and line.start < end
        ]
        return Document(self.path, self.format, self.text[start:end], lines, self.encoding, list(self.warnings))

    def locate(self, offset: int) -> Line | None:
        """The line holding the character at ``offset``."""
        starts = [line.start for line in self.lines]
        index = bisect_right(starts, offset) - 1
        return self.lines[index] if index >= 0 else None
