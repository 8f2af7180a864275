"""Inject one self-contradiction into consistent facts and record the check id that must fire."""

from __future__ import annotations

import random
from collections.abc import Callable

from etl.synth.model import GRADE_WORDS, ReportFacts, grade_for, rate_of

# Where a layout restates a figure (summary, conclusion) so it can be stated twice with two values.
RESTATED_FIELD = {
    "prose_department": "spend_total",
    "project_report": "budget_executed",
    "overview_attachment": "score_total",
    "selfeval_table": "score_total",
}


def applicable(facts: ReportFacts) -> list[str]:
    """The contradiction kinds this report's stated figures can carry."""
    kinds = ["figure_stated_twice"]
    if _has_parts(facts) or _sources_can_exceed(facts):
        kinds.append("parts_sum_to_total")
    if facts.execution_rate_pct is not None:
        kinds += ["stated_rate_mismatch", "implausible_amount"]
    if facts.grade is not None:
        kinds.append("grade_outside_band")
    if facts.dimensions:
        kinds.append("score_above_max")
    if RESTATED_FIELD[facts.layout] == "score_total" and facts.score_total is None:
        kinds.remove("figure_stated_twice")
    return kinds


def inject(rng: random.Random, facts: ReportFacts) -> None:
    """Apply one contradiction chosen among the applicable ones."""
    kind = rng.choice(applicable(facts))
    _INJECTORS[kind](rng, facts)
    facts.expected_checks.append(kind)


def _has_parts(facts: ReportFacts) -> bool:
    return facts.income_total is not None or len(facts.dimensions) > 1 or bool(facts.indicators)


def _sources_can_exceed(facts: ReportFacts) -> bool:
    """A project report lists two sources of funds or more where its budget is at least 2万元 (1万元 a source)."""
    budget = facts.budget_adjusted or facts.budget_initial
    return facts.layout == "project_report" and budget is not None and budget >= 200


def _parts_sum(rng: random.Random, facts: ReportFacts) -> None:
    if _sources_can_exceed(facts) and (rng.random() < 0.4 or not _has_parts(facts)):
        # The sources of funds the report lists add up to more than its budget.
        budget = facts.budget_adjusted or facts.budget_initial or 0
        facts.funding_excess = max(100, int(budget * rng.uniform(0.02, 0.1)))
        return
    if facts.income_total is not None and (rng.random() < 0.6 or not facts.dimensions):
        field = rng.choice(("income_other", "spend_basic"))
        value = getattr(facts, field)
        setattr(facts, field, value + max(50, int(value * rng.uniform(0.01, 0.1))))
        return
    if facts.indicators:
        # The stated total no longer equals the sum of the rows' scores.
        facts.score_total = max(0, facts.score_total - rng.choice((50, 100, 150, 200, 300)))
        facts.grade = grade_for(facts.score_total)
        facts.grade_word = _word(rng, facts.grade)
        return
    dimension = rng.choice([d for d in facts.dimensions if d.score >= 100])
    dimension.score -= min(dimension.score, rng.choice((50, 100, 150, 200, 300)))


def _rate_mismatch(rng: random.Random, facts: ReportFacts) -> None:
    true_rate = facts.execution_rate_pct
    delta = rng.choice((-1, 1)) * rng.randint(100, 1500)
    stated = true_rate + delta
    if stated > 10000 or stated < 1000:
        stated = true_rate - abs(delta)
    facts.execution_rate_pct = max(1000, stated)


def _grade_outside(rng: random.Random, facts: ReportFacts) -> None:
    wrong = {"优": ("良",), "良": ("优", "中"), "中": ("良", "差"), "差": ("中",)}[grade_for(facts.score_total)]
    facts.grade = rng.choice(wrong)
    facts.grade_word = _word(rng, facts.grade)


def _stated_twice(rng: random.Random, facts: ReportFacts) -> None:
    field = RESTATED_FIELD[facts.layout]
    value = getattr(facts, field)
    if field == "score_total":
        other = value + rng.choice((-1, 1)) * rng.choice((50, 100, 200, 300, 500))
        other = min(other, facts.score_max) if other > value else other
        other = value - 100 if other == value else other
    else:
        other = value + rng.choice((-1, 1)) * max(100, int(value * rng.uniform(0.01, 0.2)))
    facts.second_mentions[field] = other


def _score_above_max(rng: random.Random, facts: ReportFacts) -> None:
    excess = rng.choice((50, 100, 200, 300, 500))
    if facts.indicators:
        row = rng.choice([r for r in facts.indicators if r.level1 != "满意度指标"] or facts.indicators)
        name = row.level1
        # The row also absorbs what its dimension lost elsewhere, so the dimension's sum exceeds its maximum too.
        lost = sum(d.max - d.score for d in facts.dimensions if d.name == name)
        gained = row.points + excess - row.score + lost
        row.score += gained
    else:
        dimension = rng.choice(facts.dimensions)
        gained = dimension.max + excess - dimension.score
        name = dimension.name
    for dimension in facts.dimensions:
        if dimension.name == name:
            dimension.score += gained
    facts.score_total += gained
    facts.grade = grade_for(facts.score_total)
    facts.grade_word = _word(rng, facts.grade)


def _executed_above_budget(rng: random.Random, facts: ReportFacts) -> None:
    lower = int(facts.budget_executed / rng.uniform(1.03, 1.3))
    if facts.budget_adjusted is not None:
        facts.budget_adjusted = lower
    else:
        facts.budget_initial = lower
    facts.execution_rate_pct = rate_of(facts.budget_executed, lower)


def _word(rng: random.Random, grade: str) -> str:
    return rng.choice(GRADE_WORDS[grade])


_INJECTORS: dict[str, Callable[[random.Random, ReportFacts], None]] = {
    "parts_sum_to_total": _parts_sum,
    "stated_rate_mismatch": _rate_mismatch,
    "grade_outside_band": _grade_outside,
    "figure_stated_twice": _stated_twice,
    "score_above_max": _score_above_max,
    "implausible_amount": _executed_above_budget,
}
