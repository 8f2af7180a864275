"""Offset-preserving normalisation of report text: full-width and 二〇二三 → ASCII, traditional → simplified."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

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
# PDFs written by some office suites draw common characters with radical glyphs or compatibility ideographs, and
# their text layer keeps those code points: "残疾⼈" (U+2F08, a Kangxi radical) for 残疾人, "部⻔" (U+2ED4) for 部门,
# 年 as U+F98E. Unicode folds the Kangxi radicals and the compatibility ideographs to their characters (NFKC); the
# simplified radicals of the supplement have no such mapping, so the characters they stand for are listed.
_NFKC_BLOCKS = (range(0x2F00, 0x2FD6), range(0xF900, 0xFB00))
_NFKC_GLYPHS = {code: unicodedata.normalize("NFKC", chr(code)) for block in _NFKC_BLOCKS for code in block}
_RADICAL_GLYPHS = "⺟⺰⻅⻆⻈⻉⻋⻌⻐⻓⻔⻙⻚⻛⻜⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳"
_RADICAL_MEANS = "母纟见角讠贝车辶钅长门韦页风飞饣马鱼鸟卤麦黄黾齐齿龙龟"
_SIMPLIFIED_RADICALS = dict(zip(map(ord, _RADICAL_GLYPHS), _RADICAL_MEANS, strict=True))
_GLYPHS = {
    **{code: character for code, character in _NFKC_GLYPHS.items() if len(character) == 1 and character != chr(code)},
    **_SIMPLIFIED_RADICALS,
}
_GLYPH_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in _GLYPHS) + "]")
_TABLE = {**{k: chr(v) for k, v in _FULL_WIDTH.items()}, **_EXTRA, **_GLYPHS}
# Keep the Chinese comma, colon, semicolon and brackets: they separate clauses in prose, and the
# parser's patterns expect them; only digits, Latin letters and number punctuation are folded.
for _keep in "，：；（）！？":
    _TABLE.pop(ord(_keep), None)


# A run of characters normalise folds: callers that fold a long text piecewise fold only these runs.
FOLDABLE_RUN_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in _TABLE) + "]+")


def normalise(text: str, traditional: bool | None = None) -> str:
    """Fold full-width digits, letters and number punctuation to ASCII, years written in Chinese digits to ASCII
    ones, and traditional characters to simplified ones where the report is written in them (``traditional``,
    when the caller has already asked is_traditional); same length as ``text``."""
    text = simplified(text, traditional)
    # Most reports have nothing to fold; a search is several times cheaper than translating every character.
    text = text.translate(_TABLE) if FOLDABLE_RUN_RE.search(text) else text
    return _CHINESE_YEAR_RE.sub(_year_in_digits, text) if "〇" in text or "零" in text else text


def drawn_characters(text: str) -> str:
    """``text`` with radical glyphs and compatibility ideographs as the characters they draw, nothing else folded:
    prose an analyst reads (and searches) keeps its own punctuation and characters."""
    return text.translate(_GLYPHS) if _GLYPH_RE.search(text) else text


# "二〇二三年度", "二零二三年": a year written digit by digit, folded one for one so offsets stay.
_CHINESE_DIGITS = "〇一二三四五六七八九"
_CHINESE_YEAR_RE = re.compile(r"[一二][〇零一二三四五六七八九]{3}(?=\s*年)")


def _year_in_digits(match: re.Match[str]) -> str:
    return "".join(str(_CHINESE_DIGITS.index("〇" if c == "零" else c)) for c in match.group())


# Characters every report uses, in their traditional and simplified forms (績效, 殘疾人聯合會, 預算執行, 評價…).
_TRADITIONAL_MARKS = "績殘聯會預執評報經費項資數實際總額體門"
_SIMPLIFIED_MARKS = "绩残联会预执评报经费项资数实际总额体门"
_SAMPLE = 20_000


def is_traditional(text: str) -> bool:
    """Whether the report is written in traditional characters (a 繁體 copy of a web page, say)."""
    sample = text[:_SAMPLE]
    traditional = sum(sample.count(mark) for mark in _TRADITIONAL_MARKS)
    return traditional > 0 and traditional > sum(sample.count(mark) for mark in _SIMPLIFIED_MARKS)


def simplified(text: str, traditional: bool | None = None) -> str:
    """``text`` in simplified characters, one for one, where it is written in traditional ones; else unchanged."""
    if not (is_traditional(text) if traditional is None else traditional):
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: character by character keeps every offset (evidence quotes the original).
    return "".join(_one_for_one(character) for character in text)


@cache
def _converter() -> Any:
    import opencc  # only reports in traditional characters need it

    return opencc.OpenCC("t2s")


@cache
def _one_for_one(character: str) -> str:
    converted = _converter().convert(character)
    return converted if len(converted) == 1 else character


# A line break inside a table cell wraps the cell's text; between two Chinese characters it is no space.
_WRAP_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def unwrapped_cell(text: str) -> str:
    """A cell's lines as one: "残疾人 / 康复服务人数" → "残疾人康复服务人数"; "年初预算数 / （万元）" keeps a space."""
    return _WRAP_BETWEEN_HAN.sub("", text)


_NOT_A_LINE_BREAK_RE = re.compile(r"[^\n]")


def blanked(text: str, start: int, end: int) -> str:
    """``text`` with ``text[start:end]`` blanked, line breaks kept: every offset still points where it did."""
    return text[:start] + _NOT_A_LINE_BREAK_RE.sub(" ", text[start:end]) + text[end:]
