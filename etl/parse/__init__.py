"""Text → one typed Report per document; rules follow the national templates' labels. No I/O here."""

from __future__ import annotations

from pathlib import Path

from etl.document import Document
from etl.record import Report


def parse_document(document: Document) -> Report:
    """Extract every field of the record from a document's text."""
    raise NotImplementedError


def parse_file(path: str | Path) -> Report:
    """Read and parse one file (the I/O lives in etl.read)."""
    from etl.read import read_document

    return parse_document(read_document(path))
