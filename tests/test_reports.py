"""Reports in other layouts and formats than the samples parse to their expected records.

Web page, pipe tables, one cell per line, PDF text, GB18030, 元 and 亿元, figures of one part of the money beside the
whole's: each file in tests/fixtures/reports parses to its .expected.json (and, where it lists "checks", raises
exactly those findings). Adding a case is adding a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.parse import parse_file

CASES = sorted(p for p in (Path(__file__).parent / "fixtures" / "reports").iterdir() if ".expected" not in p.name)
LIST_FIELDS = ("dimension_scores", "spending_items", "indicator_rows", "checks")


def expected_for(case: Path) -> dict:
    """The expected record of a case file."""
    return json.loads(case.with_name(case.stem + ".expected.json").read_text(encoding="utf-8"))


def close(actual: object, expected: object) -> bool:
    """Numbers within 0.005, everything else equal."""
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(actual, int | float) and abs(float(actual) - float(expected)) <= 0.005
    return actual == expected


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_report_parses_to_expected_record(case: Path) -> None:
    expected = expected_for(case)
    report = parse_file(case)
    wrong = {
        name: (report.value(name), want)
        for name, want in expected.items()
        if name not in LIST_FIELDS and not close(report.value(name), want)
    }
    assert wrong == {}
    dims = [(d.name, d.max, d.score) for d in report.dimension_scores]
    want_dims = [(d["name"], d["max"], d["score"]) for d in expected["dimension_scores"]]
    assert len(dims) == len(want_dims) and all(map(close, dims, want_dims)), dims
    items = [(i.name, i.budget, i.amount) for i in report.spending_items if i.kind == "project"]
    want_items = [(i["name"], i.get("budget"), i["amount"]) for i in expected["spending_items"]]
    assert len(items) == len(want_items) and all(map(close, items, want_items)), items
    if expected["indicator_rows"] is not None:
        assert len(report.indicators) == expected["indicator_rows"]


@pytest.mark.parametrize("case", [c for c in CASES if "checks" in expected_for(c)], ids=lambda p: p.name)
def test_report_raises_the_expected_findings(case: Path) -> None:
    """Where a case lists its findings, the checks raise exactly those: no part of a figure taken for the whole."""
    from etl.read import read_document
    from etl.validate import run_checks

    findings = run_checks(parse_file(case), read_document(case).text)
    assert sorted(f.check_id for f in findings) == sorted(expected_for(case)["checks"]), [f.message for f in findings]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_evidence_of_every_fact_is_the_text_as_read(case: Path) -> None:
    from etl.read import read_document

    text = read_document(case).text
    for fact in parse_file(case).facts.values():
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.snippet
