"""Whether an indicator's actual meets its target: comparator, same unit, None when not comparable."""

from __future__ import annotations

import pytest

from etl.record import Quantity
from etl.targets import target_met


def q(value: float | None, unit: str | None = "%", comparator: str | None = None) -> Quantity:
    """A quantity as the parser would give it."""
    return Quantity(text=f"{comparator or ''}{value}{unit or ''}", value=value, unit=unit, comparator=comparator)


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        (q(90, "%", "≥"), q(95), True),
        (q(90, "%", "≥"), q(90), True),
        (q(90, "%", "≥"), q(89.99), False),
        (q(5, "天", "≤"), q(5, "天"), True),
        (q(5, "天", "≤"), q(6, "天"), False),
        (q(100, "%", "="), q(100), True),
        (q(100, "%", "="), q(99.9), False),
        (q(0, "起", ">"), q(1, "起"), True),
        (q(0, "起", ">"), q(0, "起"), False),
        (q(3, "%", "<"), q(2.5), True),
        (q(3, "%", "<"), q(3), False),
        (q(500, "人"), q(520, "人"), True),  # a bare target is a floor
        (q(500, "人"), q(480, "人"), False),
        (q(500, None), q(520, None), True),
        (q(500, "人", "≥"), q(520, "人次"), None),  # different units
        (q(500, "人", "≥"), q(520, None), None),
        (q(None, None), q(520, "人"), None),  # target not a number (e.g. 有效提升)
        (q(90, "%", "≥"), q(None, None), None),
    ],
)
def test_target_met(target: Quantity, actual: Quantity, expected: bool | None) -> None:
    assert target_met(target, actual) is expected
