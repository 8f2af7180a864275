"""Ruled PDF tables rebuilt from character and cell positions: wrapped cells whole, one row a line."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from etl.pdftables import page_text_with_tables
from tests.filemakers import make_pdf, make_pdf_table

ROWS = [
    ["三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["残疾人职业技能培训人次（含线上培训与线下实训两种形式）", "≥804人次", "919人次", "2", "2", ""],
    ["残疾人教育资助相关工作预算", "≤13.44万元", "12.87万元", "2", "1", "部分指标设置不够精准，今后将改进。"],
]


def first_page_text(path: Path) -> str | None:
    """The rebuilt text of the first page."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return page_text_with_tables(pdf[0])
    finally:
        pdf.close()


def test_wrapped_cells_come_back_whole_on_one_line(tmp_path: Path) -> None:
    text = first_page_text(make_pdf_table(tmp_path, "年度指标完成情况如下。", ROWS))
    assert text is not None
    lines = text.split("\n")
    assert lines[0] == "年度指标完成情况如下。"
    assert lines[1].split("\t") == ROWS[0]
    assert lines[2].split("\t") == ROWS[1][:5]  # trailing empty cell trimmed
    assert lines[3].split("\t") == ROWS[2]


def test_page_without_ruled_table_is_left_to_pdfium(tmp_path: Path) -> None:
    assert first_page_text(make_pdf(tmp_path, ["全年预算数为100万元，全年执行数为98万元。"])) is None


def test_punctuation_stays_on_its_line_beside_a_table(tmp_path: Path) -> None:
    prose = "根据工作安排，本级财政部门对“残疾人康复项目”开展了评价，现将情况报告如下。"
    text = first_page_text(make_pdf_table(tmp_path, prose, ROWS))
    assert text is not None
    assert text.split("\n")[0] == prose


def test_reader_uses_the_rebuilt_table_rows(tmp_path: Path) -> None:
    from etl.read import read_document

    document = read_document(make_pdf_table(tmp_path, "年度指标完成情况如下。", ROWS))
    assert "\t".join(ROWS[2]) in document.text
