"""Money units as reports write them (元, 万元, 亿元, "29.6万") and their factor to 万元, for parser and checks."""

from __future__ import annotations

# "29.6万" is 29.6万元 where no other noun follows (29.6万人 is a head count), likewise "1.2亿".
MONEY_UNIT = r"亿元|万元|千元|元|[万亿](?![\u4e00-\u9fa5])"

_TO_WAN = {"亿元": 10_000.0, "亿": 10_000.0, "万元": 1.0, "万": 1.0, "千元": 0.1, "元": 0.0001}


def to_wan(value: float, unit: str) -> float:
    """Convert an amount in ``unit`` to 万元, rounded to the 分."""
    return round(value * _TO_WAN[unit], 6)
