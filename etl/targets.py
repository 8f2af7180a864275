"""Whether an indicator's actual value meets its target, using the target's comparator."""

from __future__ import annotations

from etl.record import Quantity

# Relative tolerance for "=" targets: values parsed from text (e.g. 99.99 vs 100.0 after rounding a rate)
# should only count as equal when they are equal to the precision written.
_EQUAL_TOLERANCE = 1e-9


def target_met(target: Quantity, actual: Quantity) -> bool | None:
    """True/False when actual meets/misses target; None when they cannot be compared.

    Comparable means both have a number and the same unit (or both no unit). Without a comparator a
    target is read as "at least" (≥): in these tables a bare 100% or 500人 is a floor, not an exact count.
    """
    if target.value is None or actual.value is None:
        return None
    if (target.unit or None) != (actual.unit or None):
        return None
    comparator = target.comparator or "≥"
    difference = actual.value - target.value
    tolerance = _EQUAL_TOLERANCE * max(1.0, abs(target.value))
    if comparator == "≥":
        return difference >= -tolerance
    if comparator == "≤":
        return difference <= tolerance
    if comparator == "=":
        return abs(difference) <= tolerance
    if comparator == ">":
        return difference > tolerance
    if comparator == "<":
        return difference < -tolerance
    return None
