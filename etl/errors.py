"""Error types of the ETL stages; each message names the file (and page or line where known)."""

from __future__ import annotations


class EtlError(Exception):
    """An error of one stage about one file."""

    stage = "etl"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ReadError(EtlError):
    """The file could not be turned into text (format, encoding, damage, no text layer)."""

    stage = "read"


class ParseError(EtlError):
    """The text is not a performance report, or nothing could be extracted from it."""

    stage = "parse"


class LoadError(EtlError):
    """The warehouse could not be written."""

    stage = "load"
