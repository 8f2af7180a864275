"""How synthetic reports write figures: 万元 / 元 / 亿元, thousands separators, trimmed zeros, full-width digits."""

from __future__ import annotations

import random

# The comma stays ASCII: a full-width "，" is also the clause separator, so no writer uses it inside a figure.
_FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def full_width(text: str) -> str:
    """The same figure in full-width digits and punctuation (as typed with a Chinese IME)."""
    return text.translate(_FULL_WIDTH)


def _decimal(value_hundredths: int, trim: bool, thousands: bool, places: int = 2) -> str:
    scaled = value_hundredths / 100
    text = f"{scaled:,.{places}f}" if thousands else f"{scaled:.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def money(amount: int, style: dict, rng: random.Random) -> str:
    """An amount (hundredths of 万元) with its unit, in the report's style."""
    unit = style["money_unit"]
    if unit == "亿元" and amount >= 1_000_000:
        # 1亿元 = 10,000万元: six decimals keep every hundredth of 万元 exact.
        text = f"{amount / 1_000_000:.6f}".rstrip("0").rstrip(".") + "亿元"
    elif unit == "元":
        yuan = amount * 100
        body = f"{yuan:,}" if style["thousands"] else str(yuan)
        text = body + (".00元" if not style["trim_zeros"] else "元")
    else:
        # Some reports write "29.6万" for 万元.
        text = _decimal(amount, style["trim_zeros"], style["thousands"]) + ("万" if style.get("bare_wan") else "万元")
    return _maybe_full_width(text, style, rng)


def money_cell(amount: int, style: dict) -> str:
    """An amount in a table whose header says 万元: the bare number."""
    return _decimal(amount, style["trim_zeros"], style["thousands"])


def rate(value: int, style: dict, rng: random.Random) -> str:
    """A percentage in hundredths of a percent, e.g. 9456 → 94.56%."""
    return _maybe_full_width(_decimal(value, style["trim_zeros"], False) + "%", style, rng)


def score(value: int, style: dict) -> str:
    """A score in hundredths of a point, e.g. 9580 → 95.8 or 95.80."""
    return _decimal(value, style["trim_zeros"] or value % 100 == 0, False)


def _maybe_full_width(text: str, style: dict, rng: random.Random) -> str:
    return full_width(text) if style["full_width"] and rng.random() < 0.5 else text
