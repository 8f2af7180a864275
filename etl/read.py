"""File → Document (text with page and line positions): one reader per format; never interprets."""

from __future__ import annotations

from pathlib import Path

from etl.document import Document
from etl.errors import ReadError


def read_document(path: str | Path) -> Document:
    """Read a report file of any supported format."""
    path = Path(path)
    if path.suffix.lower() not in {".txt", ".md"}:
        raise ReadError(str(path), f"unsupported format {path.suffix}")
    data = path.read_bytes()
    return Document.from_pages(str(path), path.suffix.lower().lstrip("."), [data.decode("utf-8-sig")], "utf-8")
