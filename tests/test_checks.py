"""Each self-consistency check on small hand-built reports: when it fires, when it must stay quiet."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.record import (
    Breakdown,
    DimensionScore,
    Evidence,
    Fact,
    Finding,
    IndicatorRow,
    Quantity,
    Report,
)
from etl.text import normalise
from etl.validate import (
    CHECK_IDS,
    _normalised,
    check_figure_stated_twice,
    check_grade_outside_band,
    check_implausible_amount,
    check_missing_identity,
    check_narrative_contradicts_indicator,
    check_parts_sum_to_total,
    check_score_above_max,
    check_spent_exceeds_total,
    check_stated_rate_mismatch,
    find_duplicate_reports,
    run_checks,
)


def at(text: str, snippet: str, nth: int = 0) -> Evidence:
    """Evidence of the nth occurrence of ``snippet`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(snippet, start + 1)
    return Evidence(start, start + len(snippet), snippet)


def fact(text: str, field: str, value: float | int | str, snippet: str | None = None, nth: int = 0) -> Fact:
    """A fact whose evidence is the nth occurrence of ``snippet`` (default: the value as written)."""
    return Fact(field, value, at(text, snippet if snippet is not None else str(value), nth))


def report_with(text: str, **values: float | int | str) -> Report:
    """A report whose facts are found in ``text`` as written."""
    return Report(facts={name: fact(text, name, value) for name, value in values.items()})


def ids(findings: list[Finding]) -> list[str]:
    return [f.check_id for f in findings]


def assert_evidence_quotes_text(findings: list[Finding], text: str) -> None:
    for finding in findings:
        for evidence in (finding.evidence_a, finding.evidence_b):
            if evidence is not None:
                assert evidence.snippet == text[evidence.start : evidence.end]


# --- parts_sum_to_total --------------------------------------------------------------------------------------

BASIC = (
    "全年基本支出决算373.92万元，其中工资福利支出305.78万元，一般商品和服务支出65.80万元，"
    "对个人和家庭补助支出0.3万元，资本性支出1.99万元。"
)


def breakdown(text: str, label: str, total: tuple[float, str], parts: list[tuple[float, str]]) -> Breakdown:
    return Breakdown(
        label,
        Fact(label, total[0], at(text, total[1])),
        tuple(Fact(f"{label}_part", value, at(text, snippet)) for value, snippet in parts),
    )


def test_basic_spending_items_not_adding_up_are_found_with_both_figures() -> None:
    parts = [(305.78, "305.78"), (65.8, "65.80"), (0.3, "0.3"), (1.99, "1.99")]
    report = Report(breakdowns=[breakdown(BASIC, "spend_basic", (373.92, "373.92"), parts)])
    findings = check_parts_sum_to_total(report, BASIC)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.message == (
        "基本支出各项（305.78+65.80+0.3+1.99）之和 373.87 万元，与所述基本支出 373.92 万元不符（差 0.05 万元）"
    )
    assert (finding.check_id, finding.severity, finding.field) == ("parts_sum_to_total", "warning", "spend_basic")
    assert finding.evidence_b.snippet == "373.92"
    assert finding.evidence_a.snippet.startswith("305.78") and finding.evidence_a.snippet.endswith("1.99")
    assert finding.evidence_a.method == "derived"
    assert_evidence_quotes_text(findings, BASIC)


@pytest.mark.parametrize(
    ("text", "label", "total", "parts", "expected"),
    [
        ("在职人员 22人，其中行政编制 5人，事业编制16人", "staff", (22, "22"), [(5, "5"), (16, "16")], ["21", "22"]),
        (
            "收入合计1,598.21万元，其中：财政拨款收入1,069.72万元，其他收入528.49万元",
            "income",
            (1598.21, "1,598.21"),
            [(1069.72, "1,069.72"), (528.49, "528.49")],
            [],
        ),
        (
            "支出合计100万元，其中基本支出40万元，项目支出60.00万元",
            "spend",
            (100, "100"),
            [(40, "40"), (60, "60.00")],
            [],
        ),
        (
            "支出合计100.1万元，其中基本支出40万元，项目支出60万元",
            "spend",
            (100.1, "100.1"),
            [(40, "40"), (60, "60")],
            ["之和 100 万元", "100.1", "差 0.1"],
        ),
    ],
)
def test_breakdown_parts_against_total(
    text: str, label: str, total: tuple[float, str], parts: list[tuple[float, str]], expected: list[str]
) -> None:
    findings = check_parts_sum_to_total(Report(breakdowns=[breakdown(text, label, total, parts)]), text)
    assert len(findings) == (1 if expected else 0)
    for figure in expected:
        assert figure in findings[0].message


FUNDING_SENTENCE = (
    "某市残疾人联合会2023年度残疾人事业发展补助资金绩效自评报告\n"
    "全年预算数{total}万元。{opening}中央资金投入776.84万元（彩票公益金452.87万元），省级资金投入290.36万元{local}。\n"
    "全年执行资金1847.85万元。\n"
)


@pytest.mark.parametrize(
    ("opening", "total", "local", "expected"),
    [
        # 776.84 + 290.36 + 992.88 = 2060.08: the sources exceed the money they are sources of
        ("其中", "1987.08", "，地方资金投入992.88万元", ["2060.08", "1987.08", "差 73.00"]),
        ("资金来源：", "1987.08", "，地方资金投入992.88万元", ["2060.08", "1987.08", "差 73.00"]),
        ("其中", "2060.08", "，地方资金投入992.88万元", []),
        # the county's own share unsaid: sources listed in part fall short of the total, which is no contradiction
        ("其中", "1987.08", "", []),
    ],
)
def test_a_budgets_sources_of_funds_against_the_budget(
    opening: str, total: str, local: str, expected: list[str]
) -> None:
    from etl.document import Document
    from etl.parse import parse_document

    text = FUNDING_SENTENCE.format(opening=opening, total=total, local=local)
    report = parse_document(Document.from_pages("test.txt", "txt", [text]))
    assert [len(b.parts) for b in report.breakdowns if b.label == "funding"] == [3 if local else 2]
    findings = check_parts_sum_to_total(report, text)
    assert [f.check_id for f in findings] == (["parts_sum_to_total"] if expected else [])
    for figure in expected:
        assert figure in findings[0].message


@pytest.mark.parametrize(
    ("other", "expected"), [("52.30", "收入各项（650.00+52.30）之和 702.30 万元"), ("42.30", None)]
)
def test_an_income_table_of_labels_over_figures_is_checked_part_by_part(other: str, expected: str | None) -> None:
    from etl.document import Document
    from etl.parse import parse_document

    text = (
        "某县残疾人联合会2023年度部门整体支出绩效自评报告\n收入决算表（单位：万元）\n"
        f"收入合计 | 财政拨款收入 | 其他收入\n692.30 | 650.00 | {other}\n自评得分92分。\n"
    )
    report = parse_document(Document.from_pages("test.txt", "txt", [text]))
    findings = check_parts_sum_to_total(report, text)
    assert [f.message.split("，")[0] for f in findings] == ([expected] if expected else [])
    if expected:  # each figure quoted from its cell
        assert (findings[0].evidence_a.snippet, findings[0].evidence_b.snippet) == (f"650.00 | {other}", "692.30")


def test_parts_adding_up_to_a_restated_total_are_left_to_figure_stated_twice() -> None:
    text = (
        "本项目支出62.70万元。正文：本项目支出68.34万元。"
        "资金主要用于：第三方评估费20.07万元、宣传印刷费37.13万元、会议费11.14万元。"
    )
    parts = [(20.07, "20.07"), (37.13, "37.13"), (11.14, "11.14")]
    report = Report(
        facts={
            "report_scope": Fact("report_scope", "project", at(text, "本项目")),
            "budget_executed": fact(text, "budget_executed", 62.7, "62.70"),
        },
        breakdowns=[breakdown(text, "spend_project", (62.7, "62.70"), parts)],
    )
    assert check_parts_sum_to_total(report, text) == []
    assert [f.field for f in check_figure_stated_twice(report, text)] == ["budget_executed"]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "总收入970万元，其中：财政拨款收入869.78万元，政府性基金预算拨款收入124.37万元，其他收入-24.15万元。",
            [(869.78, "869.78"), (124.37, "124.37"), (24.15, "-24.15万元")],
        ),
        (
            "总收入9,700,000元，其中：财政拨款收入8,697,800元，政府性基金预算拨款收入1,243,700元，其他收入-241,500元。",
            [(869.78, "8,697,800"), (124.37, "1,243,700"), (24.15, "其他收入-241,500元")],
        ),
    ],
)
def test_negative_part_as_written_counts_negative(text: str, parts: list[tuple[float, str]]) -> None:
    total = (970, "970") if "970万元" in text else (970, "9,700,000")
    assert check_parts_sum_to_total(Report(breakdowns=[breakdown(text, "income", total, parts)]), text) == []


def test_breakdown_with_one_part_is_no_sum() -> None:
    text = "支出合计100万元，其中基本支出40万元"
    assert (
        check_parts_sum_to_total(Report(breakdowns=[breakdown(text, "spend", (100, "100"), [(40, "40")])]), text) == []
    )


BUDGET_PARTS = "全年预算数500.00万元，其中基本支出300.00万元，项目支出200.00万元。全年执行数480.00万元。"


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        # the parts written before the executed amount add up to the budget: they are the budget's
        (BUDGET_PARTS, False),
        # the executed amount's own parts, after it, that add up to the budget instead are a contradiction
        ("全年预算数500.00万元。全年执行数480.00万元，其中基本支出300.00万元，项目支出200.00万元。", True),
    ],
)
def test_spending_parts_adding_up_to_the_budget_before_the_executed_amount(text: str, fires: bool) -> None:
    executed = Fact("budget_executed", 480.0, at(text, "480.00"))
    parts = (Fact("spend_basic", 300.0, at(text, "300.00")), Fact("spend_project", 200.0, at(text, "200.00")))
    report = Report(
        facts={"budget_adjusted": fact(text, "budget_adjusted", 500.0, "500.00"), "budget_executed": executed},
        breakdowns=[Breakdown("spend", executed, parts)],
    )
    assert ids(check_parts_sum_to_total(report, text)) == (["parts_sum_to_total"] if fires else [])


SCORES = "预算执行\t10\t9.46\n产出指标\t56\t55.5\n效益指标\t19\t19\n满意度指标\t15\t15\n总分\t100\t99.0\n"


def dimensions(text: str, rows: list[tuple[str, float, float]], method: str = "exact") -> list[DimensionScore]:
    out = []
    for name, maximum, score in rows:
        evidence = at(text, name)
        out.append(DimensionScore(name, None, maximum, score, Evidence(evidence.start, evidence.end, name, method)))
    return out


def test_dimension_scores_off_by_rounding_are_reported_as_info() -> None:
    rows = [("预算执行", 10, 9.46), ("产出指标", 56, 55.5), ("效益指标", 19, 19), ("满意度指标", 15, 15)]
    report = Report(
        facts={"score_total": fact(SCORES, "score_total", 99.0, "99.0"), "score_max": fact(SCORES, "score_max", 100)},
        dimension_scores=dimensions(SCORES, rows),
    )
    findings = check_parts_sum_to_total(report, SCORES)
    assert [(f.field, f.severity) for f in findings] == [("score_total", "info")]
    assert "98.96" in findings[0].message and "99.0" in findings[0].message and "0.04" in findings[0].message
    assert_evidence_quotes_text(findings, SCORES)


def test_dimension_sum_matching_a_restated_total_is_left_to_figure_stated_twice() -> None:
    text = "A项目决策 B项目管理 总分\t100\t95.8\n结论：自评总分为96.8分。"
    rows = [("A项目决策", 40, 38), ("B项目管理", 60, 58.8)]
    report = Report(
        facts={"score_total": fact(text, "score_total", 95.8), "score_max": fact(text, "score_max", 100)},
        dimension_scores=dimensions(text, rows),
    )
    assert check_parts_sum_to_total(report, text) == []
    assert [f.field for f in check_figure_stated_twice(report, text)] == ["score_total"]


def test_derived_dimensions_missing_the_full_score_are_left_alone() -> None:
    text = "预算执行 产出指标 总分95 满分100"
    report = Report(
        facts={"score_total": fact(text, "score_total", 95), "score_max": fact(text, "score_max", 100)},
        dimension_scores=dimensions(text, [("预算执行", 10, 9), ("产出指标", 50, 40)], "derived"),
    )
    assert check_parts_sum_to_total(report, text) == []


@pytest.mark.parametrize(
    ("rows", "total", "fields"),
    [
        ([("A项目决策", 20, 19), ("B项目管理", 20, 18.8), ("C项目绩效", 60, 58)], 95.8, []),
        ([("A项目决策", 20, 19), ("B项目管理", 20, 19.9), ("C项目绩效", 60, 58)], 95.8, ["score_total"]),
        # maxima that miss the full score: the list is incomplete, the score sum is not compared as well
        ([("A项目决策", 20, 19), ("B项目管理", 20, 18.8)], 95.8, ["score_max"]),
    ],
)
def test_dimension_sums_against_total_and_full_score(
    rows: list[tuple[str, float, float]], total: float, fields: list[str]
) -> None:
    text = "A项目决策 B项目管理 C项目绩效 总分95.8 满分100"
    report = Report(
        facts={"score_total": fact(text, "score_total", total, "95.8"), "score_max": fact(text, "score_max", 100)},
        dimension_scores=dimensions(text, rows),
    )
    assert [f.field for f in check_parts_sum_to_total(report, text)] == fields


def indicator(
    text: str, name: str, points: float, score: float, level1: str = "产出指标", **kw: object
) -> IndicatorRow:
    return IndicatorRow(
        kw.get("goal"),  # type: ignore[arg-type]
        level1,
        kw.get("level2"),  # type: ignore[arg-type]
        name,
        kw.get("target", Quantity("")),  # type: ignore[arg-type]
        kw.get("actual", Quantity("")),  # type: ignore[arg-type]
        points,
        score,
        None,
        at(text, name),
    )


@pytest.mark.parametrize(
    ("method", "dimension_score", "rows", "fires"),
    [
        ("exact", 36, [("经济效益", 10, 8), ("社会效益", 10, 10), ("生态效益", 10, 10), ("可持续影响", 10, 8)], False),
        ("exact", 38, [("经济效益", 10, 8), ("社会效益", 10, 10), ("生态效益", 10, 10), ("可持续影响", 10, 8)], True),
        (
            "derived",
            38,
            [("经济效益", 10, 8), ("社会效益", 10, 10), ("生态效益", 10, 10), ("可持续影响", 10, 8)],
            False,
        ),
        # rows worth 20 of the dimension's 40 points are not all of it
        ("exact", 38, [("经济效益", 10, 8), ("社会效益", 10, 10)], False),
    ],
)
def test_indicator_scores_against_stated_dimension_score(
    method: str, dimension_score: float, rows: list[tuple[str, float, float]], fires: bool
) -> None:
    text = "效益指标（40分） 经济效益 社会效益 生态效益 可持续影响"
    report = Report(
        dimension_scores=dimensions(text, [("效益指标", 40, dimension_score)], method),
        indicators=[indicator(text, name, p, s, "效益指标") for name, p, s in rows],
    )
    findings = check_parts_sum_to_total(report, text)
    assert [f.field for f in findings] == (["dimension_score:效益指标"] if fires else [])
    if fires:
        assert "36" in findings[0].message and "38" in findings[0].message


# --- stated_rate_mismatch ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "executed", "adjusted", "initial", "fires"),
    [
        ("90", "1598.21", "1598.21", None, True),
        ("100", "1598.21", "1598.21", None, False),
        ("94.56", "10389.7", "10986.9", "10783.4", False),
        ("94.6", "10389.7", "10986.9", "10783.4", False),
        ("94.7", "10389.7", "10986.9", "10783.4", True),
        ("58.33", "44.39", None, "76.1", False),
        ("60", "44.39", None, "76.1", True),
    ],
)
def test_stated_rate_against_executed_over_budget(
    rate: str, executed: str, adjusted: str | None, initial: str | None, fires: bool
) -> None:
    text = f"年初预算{initial}万元，全年预算{adjusted}万元，执行数{executed}万元，预算执行率为{rate}%"
    values = {"execution_rate_pct": float(rate), "budget_executed": float(executed)}
    report = Report(facts={name: fact(text, name, value, str_of(text, value)) for name, value in values.items()})
    for name, value in (("budget_adjusted", adjusted), ("budget_initial", initial)):
        if value is not None:
            report.facts[name] = Fact(name, float(value), at(text, f"预算{value}万元"))
    findings = check_stated_rate_mismatch(report, text)
    assert ids(findings) == (["stated_rate_mismatch"] if fires else [])
    if fires:
        assert f"{rate}%" in findings[0].message
        assert_evidence_quotes_text(findings, text)


def str_of(text: str, value: float) -> str:
    """The first way ``value`` is written in ``text``."""
    for written in (f"{value:g}", f"{value}", f"{value:.2f}"):
        if written in text:
            return written
    raise AssertionError(value)


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        # the rate kept is one project's, read in a department's report: no figure of the department's
        ("（一）残疾人康复项目：年初预算50万元，全年执行45万元，执行率90%。", False),
        # the department's own rate
        ("部门全年预算数500万元，执行率90%。", True),
    ],
)
def test_a_projects_rate_against_the_departments_amounts(sentence: str, fires: bool) -> None:
    text = sentence + "\n部门全年预算数500万元，全年执行数480万元。"
    report = report_with(text, budget_adjusted=500, budget_executed=480, execution_rate_pct=90)
    report.facts["report_scope"] = Fact("report_scope", "department", Evidence(0, 0, "", "derived"))
    assert ids(check_stated_rate_mismatch(report, text)) == (["stated_rate_mismatch"] if fires else [])


@pytest.mark.parametrize(("arrived", "severity"), [("280.00", "info"), ("290.00", "warning")])
def test_rate_against_the_funds_that_arrived_is_info(arrived: str, severity: str) -> None:
    text = f"全年预算数300.00万元，实际到位资金{arrived}万元，全年执行数266.00万元，资金执行率95%。"
    report = report_with(text, budget_adjusted=300, budget_executed=266, execution_rate_pct=95)
    [finding] = check_stated_rate_mismatch(report, text)
    assert finding.severity == severity
    assert ("按到位资金 280.00万元" in finding.message) == (severity == "info")


def test_rate_against_the_year_start_budget_is_info() -> None:
    text = "年初预算100万元，全年预算120万元，执行数90万元，预算执行率为90%"
    report = report_with(text, budget_initial=100, budget_adjusted=120, budget_executed=90, execution_rate_pct=90)
    [finding] = check_stated_rate_mismatch(report, text)
    assert finding.severity == "info"
    assert "75.00%" in finding.message and "年初预算数 100 万元" in finding.message


def test_rate_finding_quotes_both_figures() -> None:
    text = "预算数为1598.21万元，执行数为1598.21万元，预算执行率为90%"
    report = Report(
        facts={
            "budget_adjusted": fact(text, "budget_adjusted", 1598.21, "1598.21"),
            "budget_executed": fact(text, "budget_executed", 1598.21, "1598.21", nth=1),
            "execution_rate_pct": fact(text, "execution_rate_pct", 90, "90%"),
        }
    )
    [finding] = check_stated_rate_mismatch(report, text)
    assert finding.message == "所述预算执行率 90%，与执行数 1598.21 万元 ÷ 全年预算数 1598.21 万元 = 100.00% 不符"
    assert finding.evidence_a.snippet == "90%"


def test_rate_fitting_a_restated_executed_amount_is_left_to_figure_stated_twice() -> None:
    text = "摘要：本项目支出50万元，预算执行率为50%。正文：年初预算100万元，本项目支出60万元，预算执行率为50%。"
    report = report_with(text, budget_initial=100, execution_rate_pct=50)
    report.facts["budget_executed"] = fact(text, "budget_executed", 60)
    report.alternatives.append(fact(text, "budget_executed", 50))
    assert check_stated_rate_mismatch(report, text) == []
    report.alternatives.clear()
    assert ids(check_stated_rate_mismatch(report, text)) == ["stated_rate_mismatch"]


# --- grade_outside_band --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "maximum", "grade", "expected"),
    [
        ("93", "100", "优", None),
        ("89.99", "100", "优", "良"),
        ("90", "100", "良", "优"),
        ("85", "100", "良", None),
        ("45", "50", "优", None),
        ("59.9", "100", "中", "差"),
        ("59.9", "100", "差", None),
        ("93", "100", "优秀", None),
        ("75", "100", "良", "中"),
    ],
)
def test_grade_against_score_band(score: str, maximum: str, grade: str, expected: str | None) -> None:
    text = f"总分{score}分（满分{maximum}分），评价等级为{grade}"
    report = Report(
        facts={
            "score_total": Fact("score_total", float(score), at(text, score)),
            "score_max": Fact("score_max", float(maximum), at(text, maximum)),
            "grade": Fact("grade", grade, at(text, grade)),
        }
    )
    findings = check_grade_outside_band(report, text)
    assert [f.severity for f in findings] == (["error"] if expected else [])
    if expected:
        assert f"应评为“{expected}”" in findings[0].message and score in findings[0].message


@pytest.mark.parametrize(
    ("bands", "fires"),
    [
        # the report's own bands put 78 in 良
        ("评价结果分为四档：90分（含）以上为优，75分（含）-90分为良，60分（含）-75分为中，60分以下为差。", False),
        ("综合评分90分以上为优秀，75-89分为良好，60-74分为合格，60分以下为不合格。", False),
        # the national bands restated, or no bands stated: 78 is 中
        ("90分（含）以上为优，80分（含）-90分为良，60分（含）-80分为中，60分以下为差。", True),
        ("", True),
    ],
)
def test_a_grade_in_the_band_the_report_states_for_it(bands: str, fires: bool) -> None:
    text = f"{bands}本项目自评得分78分，评价等级为良。"
    report = Report(
        facts={
            "score_total": fact(text, "score_total", 78),
            "grade": fact(text, "grade", "良", nth=text.count("良") - 1),
        }
    )
    assert ids(check_grade_outside_band(report, text)) == (["grade_outside_band"] if fires else [])


def test_grade_fitting_a_restated_total_is_left_to_figure_stated_twice() -> None:
    text = "合计\t100\t90.05\n经测评，自评总分为87.05分，评价等级为“优”。"
    report = Report(
        facts={
            "score_total": fact(text, "score_total", 87.05),
            "score_max": fact(text, "score_max", 100),
            "grade": fact(text, "grade", "优"),
        }
    )
    assert check_grade_outside_band(report, text) == []
    assert [f.field for f in check_figure_stated_twice(report, text)] == ["score_total"]


def test_the_year_befores_total_in_the_band_does_not_excuse_this_years_grade() -> None:
    text = "2023年度部门整体支出绩效自评报告\n经自评，自评总分为85分，评价等级为“优”。\n上年度自评得分为92分。"
    report = report_with(text, score_total=85, fiscal_year=2023, grade="优")
    assert ids(check_grade_outside_band(report, text)) == ["grade_outside_band"]


# --- figure_stated_twice -------------------------------------------------------------------------------------

BUDGETS = "2023年年初收入预算229.99万元。（三）预算编制不够精准。2023年年初预算222.58 万元，年中调整追加。"


@pytest.mark.parametrize(
    ("field", "kept", "kept_snippet", "alternative", "alt_snippet", "severity"),
    [
        ("budget_initial", 229.99, "229.99", 222.58, "222.58", "warning"),
        ("budget_initial", 229.99, "229.99", 229.99, "229.99", None),
    ],
)
def test_alternative_value_of_a_field(
    field: str, kept: float, kept_snippet: str, alternative: float, alt_snippet: str, severity: str | None
) -> None:
    report = Report(
        facts={field: fact(BUDGETS, field, kept, kept_snippet)},
        alternatives=[fact(BUDGETS, field, alternative, alt_snippet)],
    )
    findings = check_figure_stated_twice(report, BUDGETS)
    assert [f.severity for f in findings] == ([severity] if severity else [])
    if severity:
        assert findings[0].message == "年初预算数一处为 229.99 万元，另一处为 222.58 万元"
        assert (findings[0].evidence_a.snippet, findings[0].evidence_b.snippet) == ("229.99", "222.58")


GRAND_TOTALS = "收入总计1250.60万元，其中：本年收入合计1100.60万元，年初结转和结余150万元。"


@pytest.mark.parametrize(
    ("text", "kept", "alternative", "fires"),
    [
        # the 决算's 总计 holds the balances carried in: the year's 合计 is another figure
        (GRAND_TOTALS, "收入总计1250.60", "本年收入合计1100.60", False),
        (GRAND_TOTALS.replace("收入", "支出").replace("年初", "年末"), "支出总计1250.60", "支出合计1100.60", False),
        # two statements of the year's 合计 are one figure
        ("本年收入合计1250.60万元。\n摘要：收入合计1100.60万元。", "本年收入合计1250.60", "收入合计1100.60", True),
    ],
)
def test_a_grand_total_and_the_years_sum_are_two_figures(text: str, kept: str, alternative: str, fires: bool) -> None:
    field = "income_total" if "收入" in kept else "spend_total"
    report = Report(
        facts={field: Fact(field, float(kept[-7:]), at(text, kept))},
        alternatives=[Fact(field, float(alternative[-7:]), at(text, alternative))],
    )
    assert ids(check_figure_stated_twice(report, text)) == (["figure_stated_twice"] if fires else [])


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        # the budget's part and the spending's part
        (BUDGET_PARTS.replace("480.00万元。", "480.00万元，其中基本支出290.00万元，项目支出190.00万元。"), False),
        # two statements of the spending's part
        ("全年执行数480.00万元，其中基本支出300.00万元，项目支出180.00万元。决算显示基本支出290.00万元。", True),
    ],
)
def test_a_budgets_part_and_the_spendings_are_two_figures(text: str, fires: bool) -> None:
    report = Report(
        facts={"spend_basic": fact(text, "spend_basic", 300.0, "300.00")},
        alternatives=[fact(text, "spend_basic", 290.0, "290.00")],
    )
    assert ids(check_figure_stated_twice(report, text)) == (["figure_stated_twice"] if fires else [])


YEAR_BEFORE = "2023年度部门整体支出绩效自评报告\n经自评，自评得分95分，预算执行率96%。\n{restated}。\n"


@pytest.mark.parametrize(
    ("restated", "fires"),
    [
        # the year before's score, given to compare with
        ("2022年度部门整体支出绩效自评得分为92分", False),
        ("上年度自评得分为92分", False),
        ("较上年自评得分92分提高3分", False),
        # this year's, stated again with another value
        ("2023年度综合得分为92分", True),
        ("综上，自评得分92分", True),
    ],
)
def test_a_total_restated_for_another_year_is_no_second_value(restated: str, fires: bool) -> None:
    text = YEAR_BEFORE.format(restated=restated)
    report = report_with(text, score_total=95, fiscal_year=2023)
    assert ids(check_figure_stated_twice(report, text)) == (["figure_stated_twice"] if fires else [])


@pytest.mark.parametrize(("restated", "fires"), [("上年度预算执行率为92%", False), ("本年度预算执行率为92%", True)])
def test_an_alternative_said_of_the_year_before_is_no_second_value(restated: str, fires: bool) -> None:
    text = YEAR_BEFORE.format(restated=restated)
    report = report_with(text, fiscal_year=2023)
    report.facts["execution_rate_pct"] = fact(text, "execution_rate_pct", 96, "96%")
    report.alternatives.append(fact(text, "execution_rate_pct", 92, "预算执行率为92%"))
    assert ids(check_figure_stated_twice(report, text)) == (["figure_stated_twice"] if fires else [])


PROJECT_OF_DEPARTMENT = "全年执行数480.00万元，预算执行率96%。\n（一）残疾人康复项目\n{sentence}"


@pytest.mark.parametrize(
    ("scope", "sentence", "fires"),
    [
        # a department's report gives one of its projects' rate
        ("department", "该项目年初预算50.00万元，全年执行数45.00万元，执行率为90%。", False),
        ("department", "残疾人康复项目执行率为90%。", False),
        # the department's own rate stated again, or a project's report stating its rate twice
        ("department", "部门整体预算执行率为90%。", True),
        ("project", "该项目年初预算50.00万元，全年执行数45.00万元，执行率为90%。", True),
    ],
)
def test_a_projects_figure_in_a_departments_report_is_no_second_value(scope: str, sentence: str, fires: bool) -> None:
    text = PROJECT_OF_DEPARTMENT.format(sentence=sentence)
    report = Report(
        facts={
            "report_scope": Fact("report_scope", scope, Evidence(0, 0, "", "derived")),
            "execution_rate_pct": fact(text, "execution_rate_pct", 96, "预算执行率96%"),
        },
        alternatives=[fact(text, "execution_rate_pct", 90, "执行率为90%")],
    )
    assert ids(check_figure_stated_twice(report, text)) == (["figure_stated_twice"] if fires else [])


@pytest.mark.parametrize(
    ("paragraph", "fires"),
    [
        # under a project's numbered title, on the line before or opening the line
        ("（一）残疾人康复项目\n年初预算50.00万元，执行率为90%。", False),
        ("1.残疾人康复项目。年初预算50.00万元，执行率为90%。", False),
        # under a title that names no project
        ("（一）部门预算执行\n年初预算50.00万元，执行率为90%。", True),
    ],
)
def test_a_figure_under_a_projects_title_in_a_departments_report(paragraph: str, fires: bool) -> None:
    text = "全年执行数480.00万元，预算执行率96%。\n" + paragraph
    report = Report(
        facts={
            "report_scope": Fact("report_scope", "department", Evidence(0, 0, "", "derived")),
            "execution_rate_pct": fact(text, "execution_rate_pct", 96, "预算执行率96%"),
        },
        alternatives=[fact(text, "execution_rate_pct", 90, "执行率为90%")],
    )
    assert ids(check_figure_stated_twice(report, text)) == (["figure_stated_twice"] if fires else [])


def test_projects_of_a_department_under_their_titles_in_the_same_words() -> None:
    text = (
        "（一）残疾人康复项目\n年初预算50.00万元，全年执行45.00万元，执行率90%。\n"
        "（二）残疾人就业项目\n年初预算30.00万元，全年执行30.00万元，执行率100%。\n"
    )
    report = Report(facts={"report_scope": Fact("report_scope", "department", Evidence(0, 0, "", "derived"))})
    assert check_figure_stated_twice(report, text) == []
    report.facts["report_scope"] = Fact("report_scope", "project", Evidence(0, 0, "", "derived"))
    assert ids(check_figure_stated_twice(report, text)) == ["figure_stated_twice"]


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        ("第一季度支出120.00万元，执行进度为24%。", False),
        ("截至6月底，执行进度为24%。", False),
        ("截至12月31日，执行进度为24%。", True),  # the year's end
    ],
)
def test_a_rate_at_a_point_of_the_year_is_no_second_value(sentence: str, fires: bool) -> None:
    text = "全年执行数480.00万元，预算执行率96%。\n" + sentence
    report = report_with(text)
    report.facts["execution_rate_pct"] = fact(text, "execution_rate_pct", 96, "预算执行率96%")
    report.alternatives.append(fact(text, "execution_rate_pct", 24, "执行进度为24%"))
    assert ids(check_figure_stated_twice(report, text)) == (["figure_stated_twice"] if fires else [])


GRADES_TWICE = "2023年度部门整体支出绩效自评报告\n经自评，自评得分95分，评价等级为优。\n{sentence}。\n"


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        ("综上，本部门绩效评价结果为良", True),
        ("自评等级：良好", True),
        # not the report's grade: bands, last year's, a dimension's, a satisfaction survey's, the staff assessment
        ("90分以上评价等级为优，80-89分评价等级为良", False),
        ("上年度评价等级为良", False),
        ("产出指标评价等级为良", False),
        ("满意度评价结果为良", False),
        ("单位年度考核结果为良好", False),
    ],
)
def test_the_grade_restated_with_another_band(sentence: str, fires: bool) -> None:
    text = GRADES_TWICE.format(sentence=sentence)
    report = report_with(text, fiscal_year=2023, grade="优")
    findings = check_figure_stated_twice(report, text)
    assert ids(findings) == (["figure_stated_twice"] if fires else [])
    if fires:
        assert findings[0].field == "grade" and "优" in findings[0].message and "良" in findings[0].message


@pytest.mark.parametrize(
    ("kept", "alternative", "severity"),
    [("94.56", "94.6", "info"), ("90", "89.6", "info"), ("90", "89.5", "warning"), ("93.4", "94", "warning")],
)
def test_rounding_is_strictly_within_half_a_unit(kept: str, alternative: str, severity: str) -> None:
    text = f"总分\t100\t{kept}\n自评总分为{alternative}分"
    report = Report(
        facts={"score_total": fact(text, "score_total", float(kept), kept)},
        alternatives=[fact(text, "score_total", float(alternative), alternative)],
    )
    assert [f.severity for f in check_figure_stated_twice(report, text)] == [severity]


def test_rounded_restatement_of_the_rate_is_info() -> None:
    text = "执行率(B/A)\t94.56%\n经测评，市残联预算总体执行率为94.6%，自评总分为99分"
    report = Report(
        facts={"execution_rate_pct": fact(text, "execution_rate_pct", 94.56)},
        alternatives=[fact(text, "execution_rate_pct", 94.6)],
    )
    [finding] = check_figure_stated_twice(report, text)
    assert finding.severity == "info"
    assert "94.56%" in finding.message and "94.6%" in finding.message


REPEATED_INDICATOR = (
    "绩效目标1 产出指标 质量指标 培训合格率 ≥90% 93% 3 2 部分指标设置不够精准，今后将科学设定绩效目标。 "
    "绩效目标2 产出指标 质量指标 培训合格率 ≥95% 100% 2 1 部分指标设置不够精准，今后将科学设定绩效目标。 "
    "绩效目标3 产出指标 质量指标 培训合格率 ≥85% 88% 4 3 部分指标设置不够精准，今后将科学设定绩效目标。"
)


def test_goals_of_a_form_flattened_onto_one_line_repeat_their_wording_without_a_finding() -> None:
    text = "年度指标完成情况 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 " + (
        REPEATED_INDICATOR
    )
    assert check_figure_stated_twice(Report(), text) == []


def test_the_same_wording_in_prose_with_other_figures_is_a_finding() -> None:
    text = "质量指标中培训合格率目标为90%，实际完成93%，得2分。\n质量指标中培训合格率目标为95%，实际完成100%，得1分。"
    assert ids(check_figure_stated_twice(Report(), text)) == ["figure_stated_twice"]


@pytest.mark.parametrize(
    ("titles", "fires"),
    [
        # the goals as planned, then as done, in the same words
        (("（二）项目绩效目标", "（三）绩效目标完成情况"), False),
        (("（二）项目绩效目标。", "（三）绩效目标完成情况。"), False),  # the title opening the paragraph's line
        # two statements of what was done
        (("（二）项目实施情况", "（三）绩效目标完成情况"), True),
    ],
)
def test_the_goals_planned_and_done_in_the_same_words(titles: tuple[str, str], fires: bool) -> None:
    first, second = (
        title + ("" if title.endswith("。") else "\n") + f"为残疾儿童提供康复训练{n}人，适配辅助器具{m}件。\n"
        for title, n, m in zip(titles, (100, 120), (200, 230), strict=True)
    )
    text = first + second
    assert ids(check_figure_stated_twice(Report(), text)) == (["figure_stated_twice"] if fires else [])


PROJECT_SCORES = "（一）残疾人康复项目自评得分95分。\n部门整体支出自评得分94分，等级为优。"


@pytest.mark.parametrize(("scope", "fires"), [("department", False), ("project", True)])
def test_a_departments_report_scoring_one_of_its_projects_restates_no_total(scope: str, fires: bool) -> None:
    facts = [fact(PROJECT_SCORES, "score_total", 94), fact(PROJECT_SCORES, "report_scope", scope, "部门")]
    report = Report(facts={f.field: f for f in facts})
    assert (ids(check_figure_stated_twice(report, PROJECT_SCORES)) == ["figure_stated_twice"]) is fires


def test_heading_scores_against_table_scores() -> None:
    text = (
        "B项目管理\t20.00\t18.80\n2.项目管理（满分20分，评价得分19.9分）\n"
        "3.项目绩效（满分60分，评价得分54分）\nC项目绩效\t60\t58"
    )
    report = Report(
        dimension_scores=[
            DimensionScore("项目管理", "过程管理", 20, 18.8, at(text, "B项目管理\t20.00\t18.80")),
            DimensionScore("项目绩效", "绩效", 60, 58, at(text, "C项目绩效\t60\t58")),
        ],
        alternatives=[
            fact(text, "dimension_score:项目管理", 19.9, "19.9"),
            fact(text, "dimension_score:项目绩效", 54, "54"),
            fact(text, "dimension_score:项目绩效", 54, "54"),
        ],
    )
    findings = check_figure_stated_twice(report, text)
    assert [f.field for f in findings] == ["dimension_score:项目管理", "dimension_score:项目绩效"]
    assert "18.8" in findings[0].message and "19.9" in findings[0].message
    assert "58" in findings[1].message and "54" in findings[1].message


def test_evaluation_period_stated_two_ways() -> None:
    text = "2023年4月21日至5月20日，组成评价小组。（1）分析评价：2022年4月21日至5月20日，对基本资料进行核实。"
    report = Report(
        facts={
            "evaluation_period": fact(text, "evaluation_period", "2023-04-21..2023-05-20", "2023年4月21日至5月20日")
        },
        alternatives=[fact(text, "evaluation_period", "2022-04-21..2022-05-20", "2022年4月21日至5月20日")],
    )
    [finding] = check_figure_stated_twice(report, text)
    assert finding.message == "评价期间一处为 2023-04-21 至 2023-05-20，另一处为 2022-04-21 至 2022-05-20"


def test_project_name_stated_two_ways() -> None:
    text = "2022年残疾人基层组织建设及服务经费支出绩效自评报告。通过对市残联2022年残疾人事业职能补助经费项目支出决策"
    report = Report(
        facts={"project_name": fact(text, "project_name", "残疾人基层组织建设及服务经费")},
        alternatives=[fact(text, "project_name", "残疾人事业职能补助经费")],
    )
    [finding] = check_figure_stated_twice(report, text)
    assert "残疾人基层组织建设及服务经费" in finding.message and "残疾人事业职能补助经费" in finding.message


CARDS = (
    "2、主要绩效\n项目完成全年预定的绩效目标，2022年，完成采购第三代残疾人证（预制卡）4万张，支付采购经费41.36万元，"
    "县区残联均反馈已按数量签收；组织10名新入职员工参加手语培训。\n"
    "（1）项目产出\n[bookmark: _GoBack]2022年，完成采购第三代残疾人证（预制卡）5万张，支付采购经费51.7万元，"
    "县区残联均反馈已按数量签收；组织10名新入职员工参加手语培训。\n"
)


def test_clauses_ending_a_line_without_punctuation_are_compared() -> None:
    text = "完成残疾人家庭无障碍改造404户，验收合格\n摘要\n完成残疾人家庭无障碍改造440户，验收合格\n"
    [finding] = check_figure_stated_twice(Report(), text)
    assert "404户" in finding.message and "440户" in finding.message


def test_a_change_on_the_year_before_restated_for_one_subject_is_a_finding() -> None:
    # the subject named inside both clauses: the same change of one figure, written twice
    text = "收入792.22万元，比上年度增加收入189.25万元。\n摘要：收入792.22万元，比上年度增加收入209.28万元。"
    [finding] = check_figure_stated_twice(Report(), text)
    assert "189.25" in finding.message and "209.28" in finding.message


GOAL_ROW = (
    "年度总体目标\n预期目标\n实际完成情况\n"
    "计划投入30万元。为120名残疾儿童提供康复训练，其中30万元用于购买康复设备。\n"
    "实际投入29.99万元。为118名残疾儿童提供康复训练，其中29.99万元用于购买康复设备。\n"
    "绩效指标\n一级指标\n二级指标\n三级指标\n"
)


@pytest.mark.parametrize(
    "layout",
    [GOAL_ROW, GOAL_ROW.replace("\n", " "), GOAL_ROW.replace("\n", " | ")],
    ids=["cell_lines", "one_line", "pipes"],
)
def test_a_goal_rows_plan_and_outcome_in_the_same_words_are_no_figure_stated_twice(layout: str) -> None:
    assert check_figure_stated_twice(Report(), layout) == []


def test_a_goal_rows_plan_restated_with_other_figures_after_the_form_is_a_finding() -> None:
    text = GOAL_ROW + "二、绩效目标完成情况\n为125名残疾儿童提供康复训练，其中30万元用于购买康复设备。\n"
    findings = check_figure_stated_twice(Report(), text)
    assert findings and all("125名" in finding.message for finding in findings)


PROJECTS = (
    "（一）残疾人康复项目\n该项目年初预算100万元，全年执行数95万元，预算执行率95%。\n"
    "（二）残疾人就业项目\n该项目年初预算50万元，全年执行数48万元，预算执行率96%。\n"
)


@pytest.mark.parametrize(("scope", "fires"), [("department", False), ("project", True)])
def test_projects_described_in_the_same_words_after_their_names(scope: str, fires: bool) -> None:
    # a department's report: each clause is about the project named before it; a project's: about the one project
    report = Report(facts={"report_scope": Fact("report_scope", scope, Evidence(0, 0, ""))})
    assert len(check_figure_stated_twice(report, PROJECTS)) == (1 if fires else 0)


def test_same_wording_with_other_numbers_is_found_once() -> None:
    findings = check_figure_stated_twice(Report(), CARDS)
    assert len(findings) == 1
    assert findings[0].message == (
        "同一表述两处数字不同：“完成采购第三代残疾人证（预制卡）4万张，支付采购经费41.36万元”"
        "与“完成采购第三代残疾人证（预制卡）5万张，支付采购经费51.7万元”"
    )
    assert_evidence_quotes_text(findings, CARDS)


@pytest.mark.parametrize(
    "text",
    [
        # the summary repeats the body with the same numbers
        "本项目支出44.39万元，为预算金额的58.33%。\n摘要：本项目支出44.39万元，为预算金额的58.33%。",
        # a short template with other numbers is a list, not a contradiction
        "经济效益指标（10分），得8分。\n社会效益指标（10分），得10分。\n得8分。\n得10分。",
        "投入指标分值20分，评价得分18.52分，扣分1.48分。过程指标分值20分，评价得分19.00分，扣分1.00分。",
        # other years, months or ordinals are other facts
        "2022年完成残疾人职业技能培训305人次。2023年完成残疾人职业技能培训320人次。",
        "1月完成残疾人职业技能培训305人次。2月完成残疾人职业技能培训320人次。",
        "第1批完成残疾人家庭无障碍改造40户。第2批完成残疾人家庭无障碍改造45户。",
        # budget codes of the 主管部门 and the 实施单位 name two units, not one figure twice
        "主管部门\n046-霍山县残疾人联合会\n实施单位\n046001-霍山县残疾人联合会\n",
        # list numbering is not a figure
        "（1）增强绩效评价协调配合意识，提高科学性。\n（2）增强绩效评价协调配合意识，提高科学性。",
        # tables are not prose, whether flattened with tabs or with spaces
        "完成残疾人职业技能培训\t305人次\t1\n完成残疾人职业技能培训\t320人次\t1\n",
        "满意度指标 服务对象满意度指标 服务对象满意度 ≥80% 81% 14 14\n"
        "满意度指标 服务对象满意度指标 服务对象满意度 ≥85% 87% 21 21\n",
        # a row flattened with spaces whose last cell is a note in sentences
        "时效指标 补贴发放及时率 ≥90% 93% 1 0.50 部分对象未能按计划参加，今后将更精准掌握需求。\n"
        "时效指标 补贴发放及时率 ≥95% 100% 2 1.50 部分对象未能按计划参加，今后将更精准掌握需求。\n",
        # a change on the year before is the change of the subject named before it: 收入 here, 财政拨款收入 there
        "1、收入:792.22万元。同比上年度增加189.25万元,增加31.39%。"
        "其中:财政拨款收入792.22万元,同比上年度增加209.28万元,增加35.9%。",
        "支出合计500万元。较上年增加30万元，增长6.38%。基本支出300万元，较上年增加10万元，增长3.45%。",
    ],
)
def test_repeated_wording_that_is_not_a_contradiction(text: str) -> None:
    assert check_figure_stated_twice(Report(), text) == []


# --- score_above_max -----------------------------------------------------------------------------------------


def test_scores_above_their_maximum() -> None:
    text = "总分101分，满分100分。A项目决策 B项目管理 残疾人培训人数"
    report = Report(
        facts={"score_total": fact(text, "score_total", 101), "score_max": fact(text, "score_max", 100)},
        dimension_scores=dimensions(text, [("A项目决策", 20, 21), ("B项目管理", 20, 20)]),
        indicators=[indicator(text, "残疾人培训人数", 1, 2)],
    )
    findings = check_score_above_max(report, text)
    assert [(f.field, f.severity) for f in findings] == [
        ("score_total", "error"),
        ("dimension_score:A项目决策", "error"),
        ("indicator:残疾人培训人数", "error"),
    ]
    assert "101" in findings[0].message and "100" in findings[0].message


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        # a dimension summed from its rows is over its maximum because one row is over its points: one finding
        (10, ["indicator:受助残疾人满意度"]),
        # its rows within their points and their sum over the dimension's maximum: the dimension's finding
        (12, ["dimension_score:满意度指标"]),
    ],
)
def test_a_dimension_summed_from_a_row_above_its_points(points: float, expected: list[str]) -> None:
    text = "满意度指标 受助残疾人满意度"
    report = Report(
        dimension_scores=dimensions(text, [("满意度指标", 10, 12)], method="derived"),
        indicators=[indicator(text, "受助残疾人满意度", points, 12, level1="满意度指标")],
    )
    assert [f.field for f in check_score_above_max(report, text)] == expected


def test_scores_within_their_maximum() -> None:
    text = "总分100分，满分100分。A项目决策 残疾人培训人数"
    report = Report(
        facts={"score_total": fact(text, "score_total", 100), "score_max": fact(text, "score_max", 100, nth=1)},
        dimension_scores=dimensions(text, [("A项目决策", 20, 20)]),
        indicators=[indicator(text, "残疾人培训人数", 1, 1)],
    )
    assert check_score_above_max(report, text) == []


# --- implausible_amount --------------------------------------------------------------------------------------


def test_overspending_from_a_restated_executed_amount_is_left_to_figure_stated_twice() -> None:
    text = "全年预算109.07万元，执行数121.73万元。正文：全年预算109.07万元，执行数99.5万元。"
    report = report_with(text, budget_adjusted=109.07, budget_executed=121.73)
    assert [f.field for f in check_implausible_amount(report, text)] == ["budget_executed"]
    report.alternatives.append(fact(text, "budget_executed", 99.5))
    assert check_implausible_amount(report, text) == []


@pytest.mark.parametrize(
    ("text", "values", "fields"),
    [
        ("年初预算0.5万元，执行数0.5万元", {"budget_initial": 0.5}, ["budget_initial"]),
        ("年初预算0万元，调整后预算50万元，执行数50万元", {"budget_initial": 0, "budget_adjusted": 50}, []),
        ("全年预算100万元，执行数120万元", {"budget_adjusted": 100, "budget_executed": 120}, ["budget_executed"]),
        ("全年预算100万元，执行数100万元", {"budget_adjusted": 100, "budget_executed": 100}, []),
        ("年初预算100万元，执行数120万元", {"budget_initial": 100, "budget_executed": 120}, ["budget_executed"]),
        ("年初预算100万元，年中调整追加20万元，执行数120万元", {"budget_initial": 100, "budget_executed": 120}, []),
        # a boilerplate mention of adjustments quantifies none
        (
            "年初预算100万元，执行数120万元。导致预算执行过程中出现调整。",
            {"budget_initial": 100, "budget_executed": 120},
            ["budget_executed"],
        ),
        ("预算执行率为105%", {"execution_rate_pct": 105}, ["execution_rate_pct"]),
        ("预算执行率为100%", {"execution_rate_pct": 100}, []),
    ],
)
def test_implausible_amounts(text: str, values: dict[str, float], fields: list[str]) -> None:
    findings = check_implausible_amount(report_with(text, **values), text)
    assert [f.field for f in findings] == fields


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        ("（一）残疾人康复项目：年初预算50万元，全年执行45万元。", False),  # one project's budget
        ("部门年初预算50万元。", True),  # the department's own
    ],
)
def test_the_departments_spending_over_a_projects_budget(sentence: str, fires: bool) -> None:
    text = sentence + "\n部门全年执行数480万元。"
    report = report_with(text, budget_initial=50, budget_executed=480)
    report.facts["report_scope"] = Fact("report_scope", "department", Evidence(0, 0, "", "derived"))
    assert ids(check_implausible_amount(report, text)) == (["implausible_amount"] if fires else [])


# --- missing_identity ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"fiscal_year": 2024, "unit_name": "常宁市残疾人联合会"}, []),
        ({"unit_name": "常宁市残疾人联合会"}, ["fiscal_year"]),
        ({"fiscal_year": 2024}, ["unit_name"]),
        ({}, ["fiscal_year", "unit_name"]),
    ],
)
def test_missing_year_or_unit(values: dict[str, object], fields: list[str]) -> None:
    text = "常宁市残疾人联合会2024年度部门整体支出绩效评价报告"
    findings = check_missing_identity(report_with(text, **values), text)  # type: ignore[arg-type]
    assert [(f.field, f.severity) for f in findings] == [(field, "error") for field in fields]


# --- spent_exceeds_total -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "scope", "fires"),
    [
        ("完成采购第三代残疾人证（预制卡）5万张，支付采购经费51.7万元，县区残联均反馈已按数量签收。", "project", True),
        ("完成采购第三代残疾人证（预制卡）4万张，支付采购经费41.36万元。", "project", False),
        ("完成采购第三代残疾人证（预制卡）5万张，支付采购经费51.7万元。", "department", False),
        ("本项目财政资金收入76.1万元，于当年到位。", "project", False),
        ("项目支出预算90万元。", "project", False),
        ("组织开展10个重点项目的评价工作，涉及财政预算资金6.8亿元。", "project", False),
        ("项目自2018年以来累计支出300万元。", "project", False),
        ("发放残疾人困难补助6人次，共支出750元。", "project", False),
        ("支付明细\t支付采购经费51.7万元\n", "project", False),
        ("共花费0.6亿元用于采购。", "project", True),
        ("2024年全区共实施重点项目10个，支出6.8亿元。", "project", False),
    ],
)
def test_spent_amounts_against_project_total(sentence: str, scope: str, fires: bool) -> None:
    text = f"2022年，本项目支出44.39万元，为预算金额的58.33%。\n{sentence}"
    report = report_with(text, budget_executed=44.39)
    report.facts["report_scope"] = Fact("report_scope", scope, at(text, "本项目"))
    findings = check_spent_exceeds_total(report, text)
    assert ids(findings) == (["spent_exceeds_total"] if fires else [])
    if fires:
        assert "44.39" in findings[0].message
        assert findings[0].evidence_b.snippet == "44.39"
        assert_evidence_quotes_text(findings, text)


def test_restated_executed_total_is_a_figure_stated_twice_not_a_spending() -> None:
    text = "摘要：2022年，本项目支出50.5万元。正文：2022年，本项目支出44.39万元。"
    report = report_with(text, budget_executed=44.39)
    report.facts["report_scope"] = Fact("report_scope", "project", at(text, "本项目"))
    assert check_spent_exceeds_total(report, text) == []
    [finding] = check_figure_stated_twice(report, text)
    assert finding.field == "budget_executed"
    assert finding.message == "全年执行数一处为 44.39 万元，另一处为 50.5 万元"
    report.alternatives.append(fact(text, "budget_executed", 50.5))
    assert len(check_figure_stated_twice(report, text)) == 1


@pytest.mark.parametrize(
    ("text", "values", "restated"),
    [
        ("支出合计823.30万元。结论：2019年我单位全年支出701.34万元。", {"spend_total": 823.3}, ["701.34"]),
        ("支出合计823.30万元。结论：2019年我单位全年支出823.3万元。", {"spend_total": 823.3}, []),
        ("总支出418.29万，其中基本支出49.86万。结论：我单位全年支出445.93万，", {"spend_total": 418.29}, ["445.93"]),
        ("全年支出决算数2015.65万元，全年基本支出决算373.92万元。", {"spend_total": 2015.65}, []),
        ("自评得分95.8分。结论：综合得分为93.8分。", {"score_total": 95.8}, ["93.8"]),
        ("自评得分95.8分。项目决策自评得分19分。", {"score_total": 95.8}, []),
        ("总分\t100\t99.0\n自评总分\t98分\t\n", {"score_total": 99.0}, []),
        ("结论：自评总分为95.22分。\n自评得分\t\t\t100\t94.22\t\n", {"score_total": 95.22}, ["94.22"]),
        ("结论：自评总分为95.22分。\n合计\t1000\t94.22\t\n", {"score_total": 95.22}, []),
        ("结论：自评总分为87.05分。\n合计\n\n\n100\n90.05\n\n", {"score_total": 87.05}, ["90.05"]),
        ("总分\t100\t99.0\n结论\t经测评，自评总分为98分。\t\n", {"score_total": 99.0}, ["98"]),
    ],
)
def test_totals_restated_in_prose_or_a_sentence_cell(text: str, values: dict[str, float], restated: list[str]) -> None:
    report = Report(facts={name: Fact(name, value, at(text, _first_number(text))) for name, value in values.items()})
    findings = check_figure_stated_twice(report, text)
    assert [f.evidence_b.snippet.rstrip("万元分") for f in findings] == restated


def _first_number(text: str) -> str:
    import re

    return re.search(r"\d+(?:\.\d+)?", text).group()


# --- narrative_contradicts_indicator -------------------------------------------------------------------------

NARRATIVE = (
    "\t1\t做好盲人参加全国盲人医疗按摩人员考试等工作。\t持续实施就业支持行动, "
    "全年共有15名盲人参加盲人医疗按摩人员考试, "
    "32名选手代表我市参加第七届全国残疾人职业技能大赛并荣获全国第七名的历史最好成绩。\t\t\n"
    "\t2\t扎实开展残疾人精准康复服务。\t白内障复明手术841例, 假肢装配180例。审核新增6家残疾儿童定点康复机构, "
    "完成20家孤独症定点康复机构抽查评估。2023年共举办5期培训班, 培训残疾人特殊艺术人才400余人。\t\t\n"
    "| 5 | 组织残疾人运动员日常训练, 每期不少于30人 | 组织残疾人运动员日常训练人数 | ≥70人 | 78人 |\n"
)


def row(text: str, name: str, target: tuple[str, float, str], actual: tuple[str, float, str]) -> IndicatorRow:
    line = f"\t\t{name}\t{target[0]}\t{actual[0]}\t1\t1\n"
    assert line in text, name
    return IndicatorRow(
        None, "产出指标", "数量指标", name, Quantity(*target), Quantity(*actual), 1, 1, None, at(text, line.strip("\n"))
    )


INDICATOR_ROWS = {
    "massage": ("参加全国盲人医疗按摩人员考试人数", ("≥20人", 20, "人"), ("32人", 32, "人")),
    "contest": ("参加全国残疾人职业技能竞赛人数", ("≥15人", 15, "人"), ("32人", 32, "人")),
    "training": ("残疾人职业技能培训人数", ("80人", 80, "人"), ("74人", 74, "人")),
    "limbs": ("残疾人假肢（大、小腿）装配数量", ("≥90例", 90, "例"), ("90例", 90, "例")),
    "clinics": ("残疾儿童定点康复机构专家抽查评审数量", ("≥20个", 20, "个"), ("20个", 20, "个")),
    "artists": ("开展残疾人特殊艺术人才培养服务人数", ("≥155人", 155, "人"), ("155人", 155, "人")),
    "rate": ("参加全国盲人医疗按摩人员考试完成率", ("≥90%", 90, "%"), ("91%", 91, "%")),
    "bound": ("组织残疾人运动员日常训练人数", ("≥70人", 70, "人"), ("78人", 78, "人")),
}


def narrative_report(*keys: str) -> tuple[Report, str]:
    table = "".join(f"\t\t{name}\t{t[0]}\t{a[0]}\t1\t1\n" for name, t, a in (INDICATOR_ROWS[k] for k in keys))
    text = NARRATIVE + table
    return Report(indicators=[row(text, *INDICATOR_ROWS[k]) for k in keys]), text


def test_narrative_count_contradicting_the_indicator_row() -> None:
    report, text = narrative_report("massage", "contest", "training")
    findings = check_narrative_contradicts_indicator(report, text)
    assert [f.field for f in findings] == ["indicator:参加全国盲人医疗按摩人员考试人数"]
    assert findings[0].evidence_a.snippet == "全年共有15名盲人参加盲人医疗按摩人员考试"
    assert "15" in findings[0].message and "32人" in findings[0].message
    assert_evidence_quotes_text(findings, text)


def test_counts_inside_an_indicator_row_are_not_narrative() -> None:
    report, text = narrative_report("massage")
    [row_] = report.indicators
    whole = Evidence(0, len(text), text)
    covered = Report(indicators=[IndicatorRow(*[*row_.__dict__.values()][:-1], whole)])
    short = Report(indicators=[IndicatorRow(*[*row_.__dict__.values()][:-1], Evidence(0, 1, text[:1]))])
    assert check_narrative_contradicts_indicator(covered, text) == []
    assert len(check_narrative_contradicts_indicator(short, text)) == 1


@pytest.mark.parametrize(
    "key",
    [
        "contest",  # the narrative's 32 agrees
        "training",  # the narrative's competition shares only "残疾人职业技能" and is another indicator's
        "limbs",  # 假肢装配180例 shares too little of the name
        "clinics",  # 6 new clinics, but 20 clinics inspected agrees with the row
        "artists",  # 400余人 is approximate
        "rate",  # percentages are no counts
        "bound",  # a target written in prose ("不少于30人") is no actual count
    ],
)
def test_narrative_counts_that_do_not_contradict(key: str) -> None:
    report, text = narrative_report("contest", key)
    assert check_narrative_contradicts_indicator(report, text) == []


# --- run_checks and duplicates -------------------------------------------------------------------------------


def test_run_checks_collects_every_check_and_mutates_nothing() -> None:
    text = BASIC + "\n" + CARDS + "预算执行率为90%，全年预算100万元，执行数100万元。"
    report = Report(
        facts={
            "execution_rate_pct": fact(text, "execution_rate_pct", 90),
            "budget_adjusted": fact(text, "budget_adjusted", 100),
            "budget_executed": fact(text, "budget_executed", 100, nth=1),
        },
        breakdowns=[
            breakdown(text, "spend_basic", (373.92, "373.92"), [(305.78, "305.78"), (65.8, "65.80"), (0.3, "0.3")])
        ],
    )
    before = copy.deepcopy(report)
    findings = run_checks(report, text)
    assert report == before
    assert set(ids(findings)) == {
        "missing_identity",
        "parts_sum_to_total",
        "stated_rate_mismatch",
        "figure_stated_twice",
    }
    assert set(ids(findings)) <= set(CHECK_IDS)
    assert_evidence_quotes_text(findings, text)


def test_fast_fold_equals_etl_text_normalise() -> None:
    every_character = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    assert _normalised(every_character) == normalise(every_character)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [
                ("a", "430482", 2024, "department"),
                ("b", "430482", 2024, "department"),
                ("c", "430482", 2023, "department"),
            ],
            {"a": ["b"], "b": ["a"]},
        ),
        ([("a", "430482", 2024, "department"), ("b", "430482", 2024, "project")], {}),
        ([("a", None, 2024, "department"), ("b", None, 2024, "department")], {}),
        ([("a", "430482", None, "department"), ("b", "430482", None, "department")], {}),
        (
            [("a", "常宁市 残联", 2024, None), ("b", "常宁市残联", 2024, None), ("a", "常宁市残联", 2024, None)],
            {"a": ["b"], "b": ["a"]},
        ),
        (
            [("a", "x", 2024, "project:甲"), ("b", "x", 2024, "project:乙"), ("c", "x", 2024, "project:甲")],
            {"a": ["c"], "c": ["a"]},
        ),
    ],
)
def test_duplicate_reports_share_identity_year_and_scope(
    rows: list[tuple[str, str | None, int | None, str | None]], expected: dict[str, list[str]]
) -> None:
    assert find_duplicate_reports(rows) == expected


# --- robustness -----------------------------------------------------------------------------------------------

_VALUES = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10**6))
_NUMBERS = st.one_of(st.none(), _VALUES)
_WORDS = st.text(alphabet="残疾人康复支出合计万元分1234567890.，。；\t\n|优良中差人名个次%≥", max_size=20)


@st.composite
def random_reports(draw: st.DrawFn) -> tuple[Report, str]:
    """Reports with arbitrary values (None, NaN, negative, text where numbers belong) and offsets."""
    text = draw(st.text(alphabet="残疾人康复支出合计万元分1234567890.，。；\t\n|本项目全年自评得分为", max_size=200))

    def evidence() -> Evidence:
        start = draw(st.integers(0, len(text) + 5))
        end = draw(st.integers(start, start + 20))
        return Evidence(start, end, text[start:end], draw(st.sampled_from(["exact", "derived"])))

    fields = ["budget_initial", "budget_adjusted", "budget_executed", "execution_rate_pct", "score_total", "score_max"]
    facts = {f: Fact(f, draw(st.one_of(_VALUES, _WORDS)), evidence()) for f in fields}
    facts["grade"] = Fact("grade", draw(st.sampled_from(["优", "良", "中", "差", "优秀", ""])), evidence())
    facts["report_scope"] = Fact("report_scope", draw(st.sampled_from(["project", "department"])), evidence())
    dims = [
        DimensionScore(draw(_WORDS), None, draw(_NUMBERS), draw(_NUMBERS), evidence())
        for _ in range(draw(st.integers(0, 4)))
    ]
    rows = [
        IndicatorRow(
            None,
            draw(st.one_of(st.none(), _WORDS)),
            None,
            draw(_WORDS),
            Quantity(draw(_WORDS), draw(_NUMBERS), draw(st.sampled_from([None, "人", "%", "个"]))),
            Quantity(draw(_WORDS), draw(_NUMBERS), draw(st.sampled_from([None, "人", "%", "个"]))),
            draw(_NUMBERS),
            draw(_NUMBERS),
            None,
            evidence(),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    total = Fact("spend_basic", draw(_VALUES), evidence())
    parts = tuple(Fact("part", draw(_VALUES), evidence()) for _ in range(3))
    alternatives = [Fact(f, draw(_VALUES), evidence()) for f in fields[:3]]
    report = Report(
        facts=facts,
        alternatives=alternatives,
        dimension_scores=dims,
        indicators=rows,
        breakdowns=[Breakdown("spend_basic", total, parts)],
    )
    return report, text


@settings(max_examples=100, deadline=None)
@given(random_reports())
def test_checks_never_fail_on_odd_reports(case: tuple[Report, str]) -> None:
    report, text = case
    findings = run_checks(report, text)
    assert all(f.check_id in CHECK_IDS and f.severity in ("error", "warning", "info") for f in findings)


SOURCE_ROWS_FORM = (
    "项目支出绩效自评表\n（2023年度）\n项目名称\t残疾人康复救助\n主管部门\t某县残疾人联合会\n"
    "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t100\t120\t{executed}\t10\t98.33%\t9.8\n"
    "\t其中：当年财政拨款\t80\t100\t98\t—\t—\t—\n"
    "\t上年结转资金\t20\t{carried}\t20\t—\t—\t—\n"
    "{other}总分\t100\t95\n"
)
OTHER_SOURCES_ROW = "\t其他资金\t0\t0\t0\t—\t—\t—\n"


@pytest.mark.parametrize(
    ("carried", "executed", "other", "expected"),
    [
        # 100 + 25 + 0 = 125 against a 全年预算数 of 120; 年初 and 执行 add up
        ("25", "118", OTHER_SOURCES_ROW, "各来源资金（100+25+0）之和 125 万元，与所述全年预算数 120 万元不符"),
        ("20", "118", OTHER_SOURCES_ROW, None),
        # the template's 其他资金 row listed: the sources are all the money, falling short of it is a contradiction
        ("15", "118", OTHER_SOURCES_ROW, "各来源资金（100+15+0）之和 115 万元，与所述全年预算数 120 万元不符"),
        # without it a source may be unsaid: only sources beyond the total contradict it
        ("15", "118", "", None),
        ("25", "118", "", "各来源资金（100+25）之和 125 万元，与所述全年预算数 120 万元不符"),
        # one row wrong in two columns is one problem, reported once (for the 全年预算数)
        ("25", "123", OTHER_SOURCES_ROW, "各来源资金（100+25+0）之和 125 万元，与所述全年预算数 120 万元不符"),
    ],
)
def test_a_forms_source_rows_against_each_column_of_its_total(
    carried: str, executed: str, other: str, expected: str | None
) -> None:
    from etl.document import Document
    from etl.parse import parse_document

    text = SOURCE_ROWS_FORM.format(carried=carried, executed=executed, other=other)
    report = parse_document(Document.from_pages("test.txt", "txt", [text]))
    findings = check_parts_sum_to_total(report, text)
    assert [f.message.split("（差")[0] for f in findings] == ([expected] if expected else [])
    if expected:  # each figure quoted from its cell, the total from its own
        assert findings[0].evidence_b.snippet == "120"
        assert findings[0].evidence_a.snippet.startswith("100\t") and findings[0].evidence_a.snippet.endswith(
            "0" if other else carried
        )
