"""Offset-preserving normalisation of report text for parsing (full-width → ASCII, one char for one)."""

from __future__ import annotations

import re

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_EXTRA = {
    0x3000: " ",  # ideographic space
    0x00A0: " ",
    0x2002: " ",
    0x2003: " ",
    0x2009: " ",
    0x3002: "。",
    0xFF64: "、",
    0x2014: "-",
    0x2013: "-",
    0x2212: "-",
    0xFE6A: "%",
}
_TABLE = {**{k: chr(v) for k, v in _FULL_WIDTH.items()}, **_EXTRA}
# Keep the Chinese comma, colon, semicolon and brackets: they separate clauses in prose, and the
# parser's patterns expect them; only digits, Latin letters and number punctuation are folded.
for _keep in "，：；（）！？":
    _TABLE.pop(ord(_keep), None)


_FOLDABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in _TABLE) + "]")


def normalise(text: str) -> str:
    """Fold full-width digits, letters and number punctuation to ASCII; same length as ``text``."""
    # Most reports have nothing to fold; a search is several times cheaper than translating every character.
    return text.translate(_TABLE) if _FOLDABLE.search(text) else text
