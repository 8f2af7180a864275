"""Golden tests: each sample report parses to its answer key (tests/fixtures/gold), evidence included."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from etl.parse import parse_file
from etl.record import Report

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
NOT_RECORD_FIELDS = {"source_url", "inconsistencies", "remarks", "dimension_scores", "spending_items", "indicator_rows"}


def gold_for(seed: Path) -> dict:
    """The answer key of a sample report."""
    return json.loads((FIXTURES / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))


def scalar_expectations() -> list[tuple[Path, str, object]]:
    """(seed, field, expected) for every non-null scalar field of every answer key."""
    cases = []
    for seed in SEEDS:
        for name, expected in gold_for(seed).items():
            if name not in NOT_RECORD_FIELDS and expected is not None:
                cases.append((seed, name, expected))
    return cases


_parsed: dict[Path, Report] = {}


def parsed(seed: Path) -> Report:
    """Parse each seed once for the whole module."""
    if seed not in _parsed:
        _parsed[seed] = parse_file(seed)
    return _parsed[seed]


def same_value(actual: object, expected: object) -> bool:
    """Numbers within 0.005, everything else equal."""
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(actual, int | float) and abs(float(actual) - float(expected)) <= 0.005
    return actual == expected


@pytest.mark.parametrize(("seed", "name", "expected"), scalar_expectations(), ids=lambda v: getattr(v, "stem", str(v)))
def test_scalar_field_matches_gold(seed: Path, name: str, expected: object) -> None:
    assert same_value(parsed(seed).value(name), expected), f"{seed.name} {name}: {parsed(seed).value(name)!r}"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_dimension_scores_match_gold(seed: Path) -> None:
    got = {d.name: (d.max, d.score) for d in parsed(seed).dimension_scores}
    want = {d["name"]: (d["max"], d["score"]) for d in gold_for(seed)["dimension_scores"]}
    assert set(got) == set(want)
    for name, (maximum, score) in want.items():
        assert same_value(got[name][0], maximum) and same_value(got[name][1], score), name


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_spending_items_match_gold(seed: Path) -> None:
    got = {i.name: (i.budget, i.amount) for i in parsed(seed).spending_items if i.kind == "project"}
    want = {i["name"]: (i.get("budget"), i["amount"]) for i in gold_for(seed)["spending_items"]}
    assert set(got) == set(want)
    for name, (budget, amount) in want.items():
        assert same_value(got[name][1], amount), name
        if budget is not None:
            assert same_value(got[name][0], budget), name


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_indicator_row_count_matches_gold(seed: Path) -> None:
    expected = gold_for(seed)["indicator_rows"]
    if expected is not None:
        assert len(parsed(seed).indicators) == expected


def test_tianjin_indicator_rows_carry_down_goal_and_levels() -> None:
    seed = next(s for s in SEEDS if s.name.startswith("004"))
    rows = parsed(seed).indicators
    assert {r.goal for r in rows} == {f"绩效目标{n}" for n in range(1, 7)}
    massage = next(r for r in rows if r.level3 == "参加全国盲人医疗按摩人员考试人数")
    assert (massage.goal, massage.level1, massage.level2) == ("绩效目标1", "产出指标", "数量指标")
    assert (massage.target.comparator, massage.target.value, massage.target.unit) == ("≥", 20, "人")
    assert massage.actual.value == 32
    lawyers = next(r for r in rows if r.level3 == "保障残疾人法律援助坐席律师数量")
    assert (lawyers.goal, lawyers.level2, lawyers.points, lawyers.score) == ("绩效目标3", "数量指标", 1, 1)


def written_forms(value: object) -> list[str]:
    """The ways a value can be written in a report (1598.21 as 1,598.21; 99.0 as 99.0 or 99)."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        plain = f"{value:.6f}".rstrip("0").rstrip(".")
        return [plain, f"{value:,.2f}", f"{value:.2f}", f"{value:.1f}", f"{value:,.1f}"]
    return [str(value)]


@pytest.mark.parametrize(("seed", "name", "expected"), scalar_expectations(), ids=lambda v: getattr(v, "stem", str(v)))
def test_evidence_quotes_the_value_as_written(seed: Path, name: str, expected: object) -> None:
    fact = parsed(seed).facts[name]
    evidence = fact.evidence
    text = seed.read_text(encoding="utf-8")
    assert text[evidence.start : evidence.end] == evidence.snippet
    if evidence.method == "derived":
        assert evidence.snippet, "a derived value still points at what it was derived from"
        return
    snippet = re.sub(r"\s+", "", evidence.snippet)
    forms = written_forms(fact.value)
    if name == "grade":
        forms = [str(fact.value), "优秀", "良好"]
    assert any(form in snippet for form in forms), f"{name}={fact.value!r} not in {evidence.snippet!r}"
