"""ETL for 残联 budget-performance reports: files → text → typed records → DuckDB warehouse."""

import hashlib
from pathlib import Path

PARSER_RELEASE = "1"
# The modules a parse is made of: reading, PDF tables, text normalisation, the record types and the parser rules.
PARSER_SOURCES = ("read.py", "pdftables.py", "text.py", "units.py", "document.py", "record.py", "parse/*.py")


def parser_code_digest(package: Path = Path(__file__).parent) -> str:
    """First 10 hex digits of the sha256 of the parser's sources, so a build never reuses a parse older code made."""
    digest = hashlib.sha256()
    for path in sorted(path for pattern in PARSER_SOURCES for path in package.glob(pattern)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


PARSER_VERSION = f"{PARSER_RELEASE}+{parser_code_digest()}"
