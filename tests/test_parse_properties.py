"""Property tests of the parser: any text gives a Report or a ParseError, never another exception, quickly."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.document import Document
from etl.errors import ParseError
from etl.parse import parse_document

# Pieces of real reports, so random texts reach the table, heading and label rules and not only the first check.
PIECES = [
    "绩效", "自评", "报告", "预算", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分", "一级指标",
    "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施", "总分", "合计", "其中", "收入合计",
    "财政拨款收入", "其他收入", "支出合计", "基本支出", "项目支出", "评价等级为", "优秀", "残疾人联合会", "常宁市",
    "鼓楼区", "天津市", "（一）", "1.", "一、", "（10分）", "得9分", "≥", "≤", "%", "万元", "元", "亿元", "2023年度",
    "年初", "，", "。", "：", "\t", "\n", "|", " ", "- 3 -", "摘要", "附件：", "#", "123", "1,598.21", "9.46",
    "百分之九十", "项目名称", "部门名称", "存在的问题", "改进措施", "在职人员22人，其中", "“", "”",
]
report_like = st.lists(st.sampled_from(PIECES), max_size=300).map("".join)
any_text = st.text(max_size=3000)


def parse_or_refuse(text: str) -> None:
    """Parse, accepting the parser's own refusal."""
    try:
        parse_document(Document.from_pages("prop.txt", "txt", [text]))
    except ParseError as error:
        assert "prop.txt" in str(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_like)
def test_report_like_text_parses_or_is_refused(text: str) -> None:
    parse_or_refuse(text)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_arbitrary_text_parses_or_is_refused(text: str) -> None:
    parse_or_refuse(text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=20, max_size=200).map("".join))
def test_parse_takes_under_a_second_per_100_kb(chunk: str) -> None:
    text = chunk * (100_000 // max(len(chunk.encode("utf-8")), 1) + 1)  # about 100 KB of that mixture
    started = time.perf_counter()
    parse_or_refuse(text)
    elapsed = time.perf_counter() - started
    assert elapsed <= len(text.encode("utf-8")) / 100_000 + 0.3, f"{elapsed:.2f}s for {len(text)} chars"


def test_large_report_parses_in_linear_time() -> None:
    body = "2023年度收入合计1,598.21万元，其中：财政拨款收入1,069.72万元，其他收入528.49万元。\n" * 5000
    text = "常宁市残疾人联合会整体支出绩效评价报告\n" + body
    started = time.perf_counter()
    report = parse_document(Document.from_pages("big.txt", "txt", [text]))
    elapsed = time.perf_counter() - started
    assert report.value("income_total") == 1598.21
    assert elapsed < len(text.encode("utf-8")) / 100_000 + 1, f"{elapsed:.2f}s for {len(text) / 1e6:.1f} MB"


def test_a_long_documents_checks_take_time_in_proportion_to_its_length() -> None:
    """A file that repeats one form of words for many things (a city's 决算 book, a workbook of forms pasted into one
    text) is checked in time that grows with its length, not with its square."""
    from pathlib import Path

    from etl.validate import run_checks

    seed = (Path(__file__).parent / "fixtures" / "seeds" / "004_d1ea110d37c062f0.txt").read_text(encoding="utf-8")
    seconds = []
    for copies in (25, 200):  # 8 times as long: linear is 8 times the time, the square 64
        text = "\n".join([seed] * copies)
        report = parse_document(Document.from_pages("long.txt", "txt", [text]))
        # CPU time of this process: other processes on a busy machine stretch the wall clock of the long run more.
        started = time.process_time()
        run_checks(report, text)
        seconds.append(time.process_time() - started)
    assert seconds[1] < 16 * seconds[0] + 0.3, f"{seconds[0]:.2f} s for 25 copies, {seconds[1]:.2f} s for 200"


@pytest.mark.parametrize(
    "header", ["指标 分值 得分", "一级指标 分值 二级指标 分值 三级指标 评分标准 得分"], ids=["figures", "level_points"]
)
def test_many_score_headers_without_rows_parse_in_time_in_proportion_to_their_number(header: str) -> None:
    """A workbook of empty scoring forms (a header over words, many times over): each header's rows are looked for
    up to the next header, not to the end of the document once per header."""
    seconds = []
    for copies in (100, 800):  # 8 times as many: linear is 8 times the time, the square 64
        text = "某县残疾人联合会2023年度部门整体支出绩效自评报告\n" + f"{header}\n说明文字\n" * copies
        document = Document.from_pages("forms.txt", "txt", [text + "全年预算数为100万元。\n"])
        started = time.perf_counter()
        parse_document(document)
        seconds.append(time.perf_counter() - started)
    assert seconds[1] < 16 * seconds[0] + 0.3, f"{seconds[0]:.2f} s for 100 headers, {seconds[1]:.2f} s for 800"
