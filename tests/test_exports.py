"""Downloads and number formats: CSV with BOM and Excel exactly as shown, with filters and build id inside."""

from __future__ import annotations

import io
import math

import openpyxl
import polars as pl
import pytest

import charts
import exports
from charts import fmt_pct, fmt_score, fmt_wan, short_unit, shown_table

META = exports.meta_rows(
    "预算执行率", ["单位：天津市残疾人联合会", "年度：2023–最新"], "20261123T113545Z-cae5", "2026-11-23 11:35"
)
TABLE = shown_table(
    pl.DataFrame(
        {
            "unit_name": ["天津市残疾人联合会", '=HYPERLINK("x")'],
            "fiscal_year": [2023, None],
            "budget_executed_wan": [10389.7, None],
            "execution_rate_best_pct": [94.56, 58.33],
            "score_total": [96.1, 95.8],
            "met": [True, None],
        }
    ),
    [
        ("unit_name", "单位", "text"),
        ("fiscal_year", "年度", "int"),
        ("budget_executed_wan", "执行数（万元）", "wan"),
        ("execution_rate_best_pct", "执行率", "pct"),
        ("score_total", "总分", "score"),
        ("met", "目标", "bool"),
    ],
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1598.21, "1,598.21"),
        (10389.7, "10,389.70"),
        (0.3, "0.30"),
        (1146.342, "1,146.34"),
        (None, ""),
        (math.nan, ""),
        (-12.5, "-12.50"),
    ],
)
def test_money_shows_as_wan_with_separators(value: float | None, expected: str) -> None:
    assert fmt_wan(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(94.56, "94.56%"), (58.33, "58.33%"), (805.58, "805.58%"), (1887.2, "1,887.20%"), (None, "")],
)
def test_rates_show_as_percent(value: float | None, expected: str) -> None:
    assert fmt_pct(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(96.1, "96.10"), (95.8, "95.80"), (99, "99.00"), (None, "")])
def test_scores_show_with_two_decimals(value: float | None, expected: str) -> None:
    assert fmt_score(value) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("益阳市赫山区残疾人联合会", "赫山区残联"),
        ("武汉市江岸区残疾人联合会", "江岸区残联"),
        ("天津市残疾人联合会", "天津市残联"),
        ("常宁市残疾人联合会", "常宁市残联"),
        ("昆明市残疾人联合会", "昆明市残联"),
        (None, "（未识别单位）"),
    ],
)
def test_unit_names_shorten_for_axes(name: str | None, expected: str) -> None:
    assert short_unit(name) == expected


def test_table_text_is_what_the_page_shows() -> None:
    assert TABLE.as_text().row(0) == ("天津市残疾人联合会", "2023", "10,389.70", "94.56%", "96.10", "达成")
    assert TABLE.as_text().row(1)[1:] == ("", "", "58.33%", "95.80", "")


def test_csv_has_bom_meta_block_and_rows_as_shown() -> None:
    data = exports.to_csv_bytes(TABLE, META)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[:3] == [
        "表格,预算执行率",
        "筛选条件,单位：天津市残疾人联合会；年度：2023–最新",
        "数据版本,20261123T113545Z-cae5",
    ]
    assert lines[6] == "单位,年度,执行数（万元）,执行率,总分,目标"
    assert lines[7] == '天津市残疾人联合会,2023,"10,389.70",94.56%,96.10,达成'


def test_csv_without_filters_says_all() -> None:
    meta = exports.meta_rows("t", [], None, None)
    assert dict(meta)["筛选条件"] == "全部" and dict(meta)["数据版本"] == "未知"


def test_excel_has_meta_and_numbers_formatted_as_shown() -> None:
    book = openpyxl.load_workbook(io.BytesIO(exports.to_excel_bytes(TABLE, META)))
    sheet = book.active
    assert (sheet["A3"].value, sheet["B3"].value) == ("数据版本", "20261123T113545Z-cae5")
    header_row = len(META) + 2
    assert [c.value for c in sheet[header_row]] == ["单位", "年度", "执行数（万元）", "执行率", "总分", "目标"]
    first = sheet[header_row + 1]
    assert (first[2].value, first[2].number_format) == (10389.7, "#,##0.00")
    assert (first[3].value, first[3].number_format) == (pytest.approx(0.9456), "0.00%")
    assert (first[4].value, first[4].number_format) == (96.1, "0.00")


def test_excel_keeps_formula_like_text_as_text() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_excel_bytes(TABLE, META))).active
    cell = sheet.cell(row=len(META) + 4, column=1)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")


def test_coverage_matrix_marks_department_and_project_reports() -> None:
    reports = pl.DataFrame(
        {
            "unit_name": ["昆明市残疾人联合会", "昆明市残疾人联合会", "天津市残疾人联合会"],
            "fiscal_year": [2022, 2022, 2023],
            "report_scope": ["project", "department", "department"],
            "evaluation_type": ["self", "self", "external"],
        }
    )
    matrix = charts.coverage_matrix(reports)
    assert matrix.columns == ["单位", "2022", "2023"]
    assert matrix.row(0) == ("昆明市残疾人联合会", "部门、项目", "")
    assert matrix.row(1) == ("天津市残疾人联合会", "", "部门·外评")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-12.50", "-12.50"),
        ("天津", "天津"),
        ("", ""),
    ],
)
def test_csv_cells_never_start_a_formula(cell: str, expected: str) -> None:
    assert exports._inert(cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\</script\\>"),
        ("[点我](javascript:x)", "\\[点我\\]\\(javascript\\:x\\)"),
        ("**粗体** _斜体_", "\\*\\*粗体\\*\\* \\_斜体\\_"),
        ("天津市残疾人联合会", "天津市残疾人联合会"),
        (None, ""),
    ],
)
def test_report_text_is_escaped_before_markdown_elements(text: str | None, expected: str) -> None:
    assert charts.plain(text) == expected
