"""The checks on the five real seed reports, parsed by the real parser: every gold inconsistency found, no other."""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path

import pytest

from etl.parse import parse_file
from etl.read import read_document
from etl.record import Finding
from etl.validate import run_checks

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
GOLD = Path(__file__).parent / "fixtures" / "gold"

# Each gold inconsistency (tests/fixtures/gold/*.json, "inconsistencies") as the finding that reports it:
# (seed prefix, check id, field or None for any, figures the message must quote).
EXPECTED: list[tuple[str, str, str | None, tuple[str, ...]]] = [
    # "execution rate stated as 90% while budget (1598.21) equals executed (1598.21), i.e. 100%"
    ("000", "stated_rate_mismatch", "execution_rate_pct", ("90%", "1598.21", "100.00%")),
    # "basic expenditure items (305.78+65.80+0.3+1.99=373.87) do not add up to stated basic expenditure 373.92"
    ("001", "parts_sum_to_total", "spend_basic", ("305.78+65.80+0.3+1.99", "373.87", "373.92")),
    # "year-start budget stated as 229.99 in one place and 222.58 ... in the adjustment sentence"
    ("001", "figure_stated_twice", "budget_initial", ("229.99", "222.58")),
    # "staff 22 stated, but 5 administrative + 16 institutional = 21"
    ("001", "parts_sum_to_total", "staff", ("5+16", "21", "22")),
    # "section headings give 项目管理 19.9 and 项目绩效 54 while the score table gives 18.8 and 58"
    ("002", "figure_stated_twice", "dimension_score:项目管理", ("18.8", "19.9")),
    ("002", "figure_stated_twice", "dimension_score:项目绩效", ("58", "54")),
    # "ID cards purchased: 4万张 for 41.36万元 in one place, 5万张 for 51.7万元 in another;
    #  51.7 exceeds total project spending 44.39"
    ("002", "figure_stated_twice", None, ("4万张", "41.36万元", "5万张", "51.7万元")),
    ("002", "spent_exceeds_total", "budget_executed", ("51.7", "44.39")),
    # "the conclusion calls the project 残疾人事业职能补助经费 while the title says 残疾人基层组织建设及服务经费"
    ("002", "figure_stated_twice", "project_name", ("残疾人事业职能补助经费", "残疾人基层组织建设及服务经费")),
    # "the evaluation period is given as both 2023-04-21..05-20 and 2022-04-21..05-20"
    ("002", "figure_stated_twice", "evaluation_period", ("2023", "2022")),
    # "the goal-1 narrative says 15 blind candidates sat the massage exam; the indicator row says 32"
    ("004", "narrative_contradicts_indicator", None, ("15名", "32人", "盲人医疗按摩人员考试")),
    # "indicator points add up to 98.96 while the total is written 99.0 (rounding) ..."
    ("004", "parts_sum_to_total", "score_total", ("98.96", "99.0")),
    # "... and the conclusion says 94.6% for the 94.56% rate"
    ("004", "figure_stated_twice", "execution_rate_pct", ("94.56%", "94.6%")),
]


def seed_path(prefix: str) -> Path:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path


@cache
def seed_findings(prefix: str) -> tuple[str, tuple[Finding, ...]]:
    """The seed's text and the findings of the checks on its parsed report (parsed once per session)."""
    path = seed_path(prefix)
    text = read_document(path).text
    return text, tuple(run_checks(parse_file(path), text))


def matches(finding: Finding, check_id: str, field: str | None, figures: tuple[str, ...]) -> bool:
    return (
        finding.check_id == check_id
        and (field is None or finding.field == field)
        and all(figure in finding.message for figure in figures)
    )


@pytest.mark.parametrize(("prefix", "check_id", "field", "figures"), EXPECTED)
def test_gold_inconsistency_is_found(prefix: str, check_id: str, field: str | None, figures: tuple[str, ...]) -> None:
    _, findings = seed_findings(prefix)
    messages = [f"{f.check_id} {f.field}: {f.message}" for f in findings]
    assert any(matches(f, check_id, field, figures) for f in findings), messages


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_finding_is_a_gold_inconsistency(prefix: str) -> None:
    _, findings = seed_findings(prefix)
    expected = [e[1:] for e in EXPECTED if e[0] == prefix]
    unexpected = [f.message for f in findings if not any(matches(f, *e) for e in expected)]
    assert unexpected == []


def test_consistent_report_has_no_finding() -> None:
    gold = json.loads(next(GOLD.glob("003_*.json")).read_text(encoding="utf-8"))
    assert gold["inconsistencies"] == []
    assert seed_findings("003")[1] == ()


@pytest.mark.parametrize(("prefix", "gold_lines"), [("000", 1), ("001", 3), ("002", 4), ("003", 0), ("004", 2)])
def test_expectations_cover_the_gold_lists(prefix: str, gold_lines: int) -> None:
    """EXPECTED was written from these gold lists: a new gold line needs a new expectation."""
    gold = json.loads(next(GOLD.glob(f"{prefix}_*.json")).read_text(encoding="utf-8"))
    assert len(gold["inconsistencies"]) == gold_lines


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_finding_evidence_quotes_the_document(prefix: str) -> None:
    text, findings = seed_findings(prefix)
    for finding in findings:
        assert finding.severity in ("error", "warning", "info")
        for evidence in (finding.evidence_a, finding.evidence_b):
            if evidence is not None:
                assert evidence.snippet == text[evidence.start : evidence.end]
                assert evidence.snippet.strip()


def test_checks_are_fast_on_the_largest_seed() -> None:
    path = seed_path("002")
    report, text = parse_file(path), read_document(path).text
    started = time.perf_counter()
    run_checks(report, text + " ")  # a text not seen before: no cached prose analysis
    assert time.perf_counter() - started < 0.05
