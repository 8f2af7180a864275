"""Numbers as reports write them: amounts in 元/万元/亿元 with separators, percentages, Chinese numerals."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.units import MONEY_UNIT, to_wan

# A figure as written: thousands separators (ASCII or Chinese comma, normalised text keeps the latter),
# optional decimals, optional spaces before the unit (as in "1146.342 万元").
NUMBER = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER_RE = re.compile(NUMBER)
AMOUNT_RE = re.compile(rf"(?P<num>{NUMBER})\s*(?P<unit>{MONEY_UNIT})")
PERCENT_RE = re.compile(rf"(?P<num>{NUMBER})\s*%|百分之(?P<cn>[零一二三四五六七八九十百点两〇]+)")
CHINESE_NUMERAL_RE = re.compile(r"[零一二三四五六七八九十百千万亿点两〇]+")


@dataclass(frozen=True)
class Amount:
    """A money figure found in text, converted to 万元."""

    wan: float
    start: int
    end: int
    written_unit: str

    @property
    def converted(self) -> bool:
        """True when the figure was not written in 万元 (the evidence method is then 'normalised')."""
        return self.written_unit != "万元"


def to_float(written: str) -> float:
    """A written figure ("1,598.21", "1，598.21", "94.56") as a float."""
    return float(written.replace(",", "").replace("，", ""))


def find_amounts(text: str, start: int = 0, end: int | None = None) -> list[Amount]:
    """Every money figure in ``text[start:end]`` (offsets into ``text``)."""
    found = []
    for match in AMOUNT_RE.finditer(text, start, len(text) if end is None else end):
        if _is_glued_to_digits(text, match.start()):
            continue
        unit = match.group("unit")
        found.append(Amount(to_wan(to_float(match.group("num")), unit), match.start(), match.end(), unit))
    return found


def first_amount(text: str, start: int = 0, end: int | None = None) -> Amount | None:
    """The first money figure in a span, or None."""
    amounts = find_amounts(text, start, end)
    return amounts[0] if amounts else None


def parse_percent(written: str) -> float | None:
    """A percentage as written ("94.56%", "百分之九十") in percent units, or None."""
    match = PERCENT_RE.search(written)
    if match is None:
        return None
    if match.group("num"):
        return to_float(match.group("num"))
    return chinese_to_number(match.group("cn"))


def chinese_to_number(written: str) -> float | None:
    """A Chinese numeral ("九十", "九十五点八") as a number, through cn2an; None when it is not one."""
    import cn2an  # imported when first needed: it takes 0.4 s, and most reports write their figures in digits

    try:
        return float(cn2an.cn2an(written, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def parse_number(written: str) -> float | None:
    """The first plain number of a cell ("9.46", "18.52分", "10,783.40"), or None."""
    match = NUMBER_RE.search(written)
    return to_float(match.group()) if match else None


PLAIN_NUMBER_RE = re.compile(rf"\s*(?:{NUMBER})\s*分?\s*")


def is_plain_number(cell: str) -> bool:
    """True for a cell holding only a number (with an optional 分 suffix and separators)."""
    return PLAIN_NUMBER_RE.fullmatch(cell) is not None


def _is_glued_to_digits(text: str, start: int) -> bool:
    # "2023年12" + "31元" must not read as 31元: a figure starts on a non-digit boundary.
    return start > 0 and (text[start - 1].isdigit() or text[start - 1] == ".")
