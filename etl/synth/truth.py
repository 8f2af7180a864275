"""Ground truth of a synthetic report in the gold-file shape (万元, percent, points), plus the checks that must fire."""

from __future__ import annotations

from etl.record import MONEY_FIELDS
from etl.synth.model import Item, ReportFacts


def _wan(value: int | None) -> float | None:
    return None if value is None else round(value / 100, 2)


def _points(value: int | None) -> float | None:
    return None if value is None else round(value / 100, 2)


def truth_record(facts: ReportFacts, file_name: str, written: dict[str, str]) -> dict:
    """What a careful reader takes from the report; null for what it does not state."""
    place = facts.place
    record: dict = {
        "file": file_name,
        "format": facts.fmt,
        "layout": facts.layout,
        "unit_name": facts.unit_name,
        "province": place.province,
        "prefecture": place.prefecture,
        "county": place.county,
        "admin_level": place.level,
        "admin_code": place.adcode,
        "fiscal_year": facts.fiscal_year,
        "report_scope": facts.report_scope,
        "evaluation_type": facts.evaluation_type,
        "project_name": facts.project_name,
    }
    record |= {name: _wan(getattr(facts, name)) for name in sorted(MONEY_FIELDS)}
    record["execution_rate_pct"] = _points(facts.execution_rate_pct)
    record["score_total"] = _points(facts.score_total)
    record["score_max"] = _points(facts.score_max)
    record["grade"] = facts.grade
    record["dimension_scores"] = [
        {"name": d.name, "max": _points(d.max), "score": _points(d.score)} for d in facts.dimensions
    ]
    attached = [Item(form.name, form.executed, form.budget) for form in facts.attached_forms]
    record["spending_items"] = [_item(item) for item in facts.items + attached]
    record["indicator_rows"] = len(facts.indicators) if facts.indicators else None
    record["indicators"] = [
        {
            "goal": row.goal,
            "level1": row.level1,
            "level2": row.level2,
            "level3": row.level3,
            "target_text": row.target,
            "actual_text": row.actual,
            "points": _points(row.points),
            "score": _points(row.score),
        }
        for row in facts.indicators
    ]
    # A figure stated twice with two values: either is a fair reading, the checks must flag the pair.
    record["alternatives"] = {
        name: [_points(value) if name == "score_total" else _wan(value)]
        for name, value in facts.second_mentions.items()
    }
    record["expected_checks"] = sorted(set(facts.expected_checks))
    record["as_written"] = dict(written)
    return record


def _item(item: object) -> dict:
    out = {"name": item.name, "amount": _wan(item.amount)}
    if item.budget is not None:
        out["budget"] = _wan(item.budget)
    return out
