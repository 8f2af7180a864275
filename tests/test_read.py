"""Readers turn each file format into located text, and every failure into a ReadError with a Chinese reason."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest

from etl.errors import ReadError
from etl.read import MAX_TEXT_BYTES, format_list_number, read_document
from tests.filemakers import (
    add_excel_object,
    add_word_list,
    fill_docx_table,
    make_bytes,
    make_docx,
    make_docx_with,
    make_html,
    make_pdf,
    make_pdf_table,
    make_scanned_pdf,
    make_text,
    make_xls,
    make_xlsx,
    make_xlsx_with_formulas,
    number_paragraph,
    seed_paths,
    seed_text,
    with_ole_size,
    word_xml,
)

REPORT = "常宁市残疾人联合会2024年度部门整体支出绩效自评报告\n预算执行率为９４.56%，全年执行数1,598.21万元。\n"

# --- plain text -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.name[:3])
def test_seed_reports_read_unchanged(seed):
    document = read_document(seed)
    assert document.text == seed.read_bytes().decode("utf-8")
    assert (document.format, document.encoding, document.warnings) == ("txt", "utf-8", [])


def test_gb18030_report_reads_like_utf8(tmp_path):
    utf8 = read_document(make_text(tmp_path, seed_text(0), "utf-8", "a.txt"))
    gb = read_document(make_text(tmp_path, seed_text(0), "gb18030", "b.txt"))
    assert (gb.text, gb.encoding) == (utf8.text, "gb18030")


@pytest.mark.parametrize("text", ["预算执行率为94.56%", "残联", "自评得分：九十二分"])
def test_short_gbk_line_is_not_mistaken_for_utf16_or_big5(tmp_path, text):
    document = read_document(make_text(tmp_path, text, "gbk"))
    assert (document.text, document.encoding) == (text, "gb18030")


def test_text_in_an_encoding_no_report_uses_error(tmp_path):
    with pytest.raises(ReadError, match="无法识别文字编码"):
        read_document(make_text(tmp_path, "caf\xe9 r\xe9sum\xe9 and more text", "latin-1"))


@pytest.mark.parametrize(
    ("encoding", "expected_encoding"),
    [
        ("utf-16", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("utf-16-le", "utf-16-le"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-8", "utf-8"),
    ],
)
def test_utf16_with_bom_reads(tmp_path, encoding, expected_encoding):
    # utf-16 writes a BOM; utf-16-be/-le write none and are recognised by where their NUL bytes sit
    document = read_document(make_text(tmp_path, REPORT, encoding))
    assert (document.text, document.encoding) == (REPORT, expected_encoding)


def test_full_width_characters_are_kept_as_written(tmp_path):
    document = read_document(make_text(tmp_path, "得分：９５分　良好"))
    assert document.text == "得分：９５分　良好"


def test_lines_carry_page_and_line_numbers(tmp_path):
    document = read_document(make_text(tmp_path, "第一行\n第二行\n第三行"))
    third = document.lines[2]
    assert (document.text[third.start : third.end], third.page, third.number) == ("第三行", 1, 3)


@pytest.mark.parametrize(("data", "expected"), [(b"a\r\nb\r\n", "a\nb\n"), (b"a\rb", "a\nb"), (b"a\nb", "a\nb")])
def test_line_endings_become_newlines(tmp_path, data, expected):
    assert read_document(make_bytes(tmp_path, data, "r.txt")).text == expected


def test_markdown_reads_as_md(tmp_path):
    document = read_document(make_text(tmp_path, "# 标题\n\n| 指标 | 得分 |\n", name="r.md"))
    assert (document.format, document.text) == ("md", "# 标题\n\n| 指标 | 得分 |\n")


def test_mixed_encoding_warns_with_count_of_bad_bytes(tmp_path):
    # b2 d0 c1 aa: not one of these four bytes can start or continue a UTF-8 character here
    data = seed_text(0).encode("utf-8") + "残联".encode("gbk") + seed_text(1).encode("utf-8")
    document = read_document(make_bytes(tmp_path, data, "mixed.txt"))
    assert document.encoding == "utf-8"
    assert document.warnings == ["有 4 个字节无法按 utf-8 解码，已替换为 �（文件可能混用了多种编码）"]
    assert document.text.count("\ufffd") >= 1


def test_clean_utf8_has_no_warning(tmp_path):
    assert read_document(make_text(tmp_path, seed_text(1))).warnings == []


@pytest.mark.parametrize(
    "data",
    [os.urandom(4000), bytes(range(256)) * 8, b"\x00\x01\x02\x03" * 100, b"%!ABC\x00\x00\x07\x08" * 50],
    ids=["random", "all-bytes", "low-bytes", "nul-text"],
)
@pytest.mark.parametrize("name", ["junk.txt", "junk.md", "junk.html"])
def test_binary_junk_txt_error(tmp_path, data, name):
    with pytest.raises(ReadError, match="不是文本文件"):
        read_document(make_bytes(tmp_path, data, name))


@pytest.mark.parametrize(
    ("data", "detail"), [(b"", "0 字节"), (b" \r\n\t \n", "只有空白"), ("\u3000\n".encode(), "只有空白")]
)
def test_empty_text_file_error(tmp_path, data, detail):
    with pytest.raises(ReadError, match=f"文件为空（{detail}）"):
        read_document(make_bytes(tmp_path, data, "empty.txt"))


def test_text_beyond_size_cap_error(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_TEXT_BYTES + 1)  # sparse: the cap is checked before reading
    with pytest.raises(ReadError, match=r"文件过大（30\.0 MB），超过上限 30\.0 MB"):
        read_document(path)


def test_large_gb18030_text_reads_quickly(tmp_path):
    import time

    path = make_text(tmp_path, seed_text(0) * 800, "gb18030")  # about 6 MB
    started = time.perf_counter()
    document = read_document(path)
    assert document.encoding == "gb18030"
    assert time.perf_counter() - started < 3.0  # a 6 MB report must not stall a build


def test_missing_file_error(tmp_path):
    with pytest.raises(ReadError, match="文件不存在") as caught:
        read_document(tmp_path / "没有.txt")
    assert str(tmp_path / "没有.txt") in str(caught.value)


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".xlsx", ".pdf", ".html"])
def test_file_name_with_spaces_quotes_and_chinese(tmp_path, suffix):
    makers = {
        ".txt": lambda folder: make_text(folder, "总分92分"),
        ".docx": lambda folder: make_docx(folder, ["总分92分"]),
        ".xlsx": lambda folder: make_xlsx(folder, {"表": [["总分92分"]]}),
        ".pdf": lambda folder: make_pdf(folder, [["总分92分"]]),
        ".html": lambda folder: make_html(folder, "<p>总分92分</p>"),
    }
    made = makers[suffix](tmp_path)
    weird = tmp_path / f"常宁市 残联 '2024' \"自评\" 报告 (终稿){suffix}"
    made.rename(weird)
    document = read_document(weird)
    assert (document.path, document.text) == (str(weird), "总分92分")


# --- Word ---------------------------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    path = make_docx(tmp_path, ["一、基本情况", [["指标", "得分"], ["产出", "28"]], "二、存在的问题"])
    assert read_document(path).text == "一、基本情况\n指标\t得分\n产出\t28\n二、存在的问题"


def test_docx_table_row_becomes_tab_separated_line(tmp_path):
    path = make_docx(tmp_path, [[["年初预算数", "全年预算数", "全年执行数"], ["1,500.00", "1,598.21", "1,598.21"]]])
    expected = ["年初预算数\t全年预算数\t全年执行数", "1,500.00\t1,598.21\t1,598.21"]
    assert read_document(path).text.split("\n") == expected


def _vertical_merge(document):
    table = document.add_table(rows=3, cols=3)
    fill_docx_table(table, [["产出指标", "数量", "10"], ["", "质量", "20"], ["效益指标", "社会", "30"]])
    table.cell(0, 0).merge(table.cell(1, 0))


def _horizontal_merge(document):
    table = document.add_table(rows=2, cols=3)
    fill_docx_table(table, [["合计", "", "30"], ["产出", "数量", "10"]])
    table.cell(0, 0).merge(table.cell(0, 1))


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (_vertical_merge, ["产出指标\t数量\t10", "\t质量\t20", "效益指标\t社会\t30"]),
        (_horizontal_merge, ["合计\t\t30", "产出\t数量\t10"]),
    ],
    ids=["vertical", "horizontal"],
)
def test_docx_vertical_merge_left_blank(tmp_path, build, expected):
    assert read_document(make_docx_with(tmp_path, build)).text.split("\n") == expected


def test_docx_unmerged_blank_cell_stays_blank_and_columns_kept(tmp_path):
    path = make_docx(tmp_path, [[["a", "", "c"], ["", "", ""]]])
    assert read_document(path).text.split("\n") == ["a\t\tc", "\t\t"]


def test_docx_nested_table_rows_follow_their_row(tmp_path):
    def build(document):
        table = document.add_table(rows=2, cols=2)
        fill_docx_table(table, [["外层", "说明"], ["下一行", "x"]])
        fill_docx_table(table.cell(0, 1).add_table(rows=1, cols=2), [["内1", "内2"]])

    lines = read_document(make_docx_with(tmp_path, build)).text.split("\n")
    assert lines == ["外层\t说明", "内1\t内2", "下一行\tx"]


def test_docx_multi_paragraph_cell_stays_on_its_row(tmp_path):
    def build(document):
        table = document.add_table(rows=2, cols=2)
        fill_docx_table(table, [["偏差原因", "第一点。"], ["残疾人", "年初预算数"]])
        table.cell(0, 1).add_paragraph("第二点。")
        table.cell(1, 0).add_paragraph("康复服务人数")  # a name wrapped by hand: no space between Chinese characters
        table.cell(1, 1).add_paragraph("（万元）")

    text = read_document(make_docx_with(tmp_path, build)).text
    assert text == "偏差原因\t第一点。 第二点。\n残疾人康复服务人数\t年初预算数 （万元）"


def test_docx_headers_and_footers_ignored(tmp_path):
    path = make_docx(tmp_path, ["正文第一段"], header="页眉：内部资料")
    assert read_document(path).text == "正文第一段"


def test_docx_page_break_starts_a_new_page(tmp_path):
    document = read_document(make_docx(tmp_path, ["第一页内容", "\f", "第二页内容"]))
    located = {document.text[line.start : line.end]: line.page for line in document.lines}
    assert (located["第一页内容"], located["第二页内容"]) == (1, 2)


def test_docx_soft_line_break_splits_the_line(tmp_path):
    def build(document):
        paragraph = document.add_paragraph("第一行")
        paragraph.add_run().add_break()
        paragraph.add_run("第二行")

    assert read_document(make_docx_with(tmp_path, build)).text == "第一行\n第二行"


def test_docx_without_text_error(tmp_path):
    with pytest.raises(ReadError, match="文档中没有文字"):
        read_document(make_docx(tmp_path, ["", "  "]))


def test_zero_byte_docx_error(tmp_path):
    with pytest.raises(ReadError, match=r"文件已损坏或不是有效的 \.docx（0 字节）"):
        read_document(make_bytes(tmp_path, b"", "empty.docx"))


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_docx_error(tmp_path, keep):
    data = make_docx(tmp_path, [seed_text(2)] * 3, name="whole.docx").read_bytes()
    with pytest.raises(ReadError, match=r"文件已损坏或不是有效的 \.docx"):
        read_document(make_bytes(tmp_path, data[: int(len(data) * keep)], "cut.docx"))


def test_password_protected_docx_error(tmp_path):
    # what Office writes for an encrypted .docx: an OLE compound file holding an EncryptedPackage stream
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(200)
    with pytest.raises(ReadError, match="文件受密码保护"):
        read_document(make_bytes(tmp_path, data, "locked.docx"))


# --- Excel --------------------------------------------------------------------------------------------------------


def test_xlsx_every_sheet_read(tmp_path):
    path = make_xlsx(tmp_path, {"收入": [["收入合计", 1500]], "支出": [["支出合计", 1400]], "评分": [["总分", 92]]})
    document = read_document(path)
    pages = [(document.text[line.start : line.end], line.page) for line in document.lines]
    assert pages == [("收入合计\t1500", 1), ("支出合计\t1400", 2), ("总分\t92", 3)]


@pytest.mark.parametrize(
    ("formulas", "expected", "warnings"),
    [
        ({"B3": ("=B1+B2", 300.0)}, "金额\t100\n\t200\n\t300", []),
        ({"B3": ('=IF(B1>0,"","x")', "")}, "金额\t100\n\t200", []),
        (
            {"B3": ("=B1+B2", None)},
            "金额\t100\n\t200",
            ["工作表「自评表」有 1 个公式单元格没有计算结果（B3），按空白读取"],
        ),
    ],
    ids=["cached", "cached-empty-string", "never-calculated"],
)
def test_xlsx_formula_uses_cached_value(tmp_path, formulas, expected, warnings):
    document = read_document(make_xlsx_with_formulas(tmp_path, formulas))
    assert (document.text, document.warnings) == (expected, warnings)


def test_xlsx_merged_cells_blank(tmp_path):
    def merge(workbook):
        sheet = workbook["表"]
        sheet.merge_cells("A1:A2")
        sheet.merge_cells("B3:C3")

    rows = [["产出指标", "数量", "10"], [None, "质量", "20"], ["合计", "三十", None]]
    document = read_document(make_xlsx(tmp_path, {"表": rows}, build=merge))
    assert document.text.split("\n") == ["产出指标\t数量\t10", "\t质量\t20", "合计\t三十"]


DOC_FIXTURES = Path(__file__).parent / "fixtures" / "doc"
WORD_FIB_AT = 14336  # where breaks_fields_cells_pages.doc keeps its WordDocument stream's header (FIB)


def test_doc_reads_as_its_docx_would(tmp_path):
    document = read_document(DOC_FIXTURES / "breaks_fields_cells_pages.doc")
    assert (document.format, document.warnings) == ("doc", [])
    assert document.text.split("\n") == [
        "宁乡市残疾人联合会2023年度部门整体支出绩效自评报告",
        "全年预算数为520.00万元，全年执行数为501.30万元。",  # a line break inside the paragraph
        "预算执行率为96.40%。",
        "详见附件1。",  # a hyperlink field's result, not its code
        "项目名称\t残疾儿童康复救助",
        "年度目标\t救助40人\t救助43人",  # a cell of two paragraphs stays on its row's line
        "第一页完",
        "",
        "经自评，得分为92.5分。",
    ]
    assert [line.page for line in document.lines][-1] == 2  # the page break


def test_doc_deleted_and_hidden_text_is_not_read():
    # the .doc of test_docx_visible_text_only's tracked-changes, hidden-text and hidden-text-in-a-cell cases: read
    # whole, the deleted "90%" would give a second rate and the hidden "8" would make the score 98
    document = read_document(DOC_FIXTURES / "tracked_hidden_text.doc")
    # the inserted text and the run whose hidden property is switched off stay
    assert document.text.split("\n") == ["预算执行率为94.56%", "服务人数100人", "得分\t9"]


def test_doc_text_in_one_byte_and_two_byte_pieces_reads_in_order():
    """Word stores runs of text that cp1252 can write a byte a character ("compressed"), others in UTF-16."""
    import struct

    from etl.msdoc import CCP_TEXT_AT, _main_text, _Piece

    word = bytearray(2048)
    struct.pack_into("<I", word, CCP_TEXT_AT, 9)  # the main text: 9 characters, then the footnotes' (not read)
    word[1024:1031] = b"Budget\x96"  # cp1252's en dash
    word[1100:1106] = "得分x".encode("utf-16-le")
    pieces = [_Piece(7, 3, 1100, 2), _Piece(0, 7, 1024, 1)]  # the piece table need not list them in order
    read = list(_main_text(bytes(word), pieces))
    assert "".join(char for char, _ in read) == "Budget–得分"
    assert [offset for _, offset in read][6:] == [1030, 1100, 1102]


def test_an_old_word_document_named_wps_or_docx_is_read_as_one(tmp_path):
    data = (DOC_FIXTURES / "breaks_fields_cells_pages.doc").read_bytes()
    wps = read_document(make_bytes(tmp_path, data, "wps.wps"))
    assert (wps.format, wps.warnings, wps.text.split("\n")[3]) == ("doc", [], "详见附件1。")
    misnamed = read_document(make_bytes(tmp_path, data, "saved_as_old.docx"))
    assert misnamed.warnings == ["文件扩展名为 .docx，实际是旧版 Word（.doc）文件，已按 .doc 读取"]


@pytest.mark.parametrize(
    ("patch", "reason"),
    [
        # fEncrypted, and fWhichTblStm kept
        ({0x0B: 0x03}, r"文件受密码保护（已加密），请在 Word 或 WPS 中打开后另存为 \.docx"),
        ({0x02: 0x65, 0x03: 0x00}, r"Word 6\.0/95 格式过旧，请在 Word 或 WPS 中打开后另存为 \.docx"),  # nFib of Word 95
        ({0x00: 0x00}, r"不是 Word 文档，请在 Word 或 WPS 中打开后另存为 \.docx"),
    ],
)
def test_an_old_word_document_that_cannot_be_read_says_why(tmp_path, patch, reason):
    data = bytearray((DOC_FIXTURES / "breaks_fields_cells_pages.doc").read_bytes())
    assert data[WORD_FIB_AT : WORD_FIB_AT + 2] == b"\xec\xa5"
    for at, value in patch.items():
        data[WORD_FIB_AT + at] = value
    with pytest.raises(ReadError, match=reason):
        read_document(make_bytes(tmp_path, bytes(data), "old.doc"))


def _mojibake(text: str) -> str:
    """What a text layer shows when its font maps GBK bytes one for one: "年度" → "Äê¶È"."""
    return text.encode("gbk").decode("latin-1")


def test_a_pdf_whose_text_layer_is_garbled_says_so(tmp_path):
    lines = [_mojibake("常宁市残疾人联合会2023年度部门整体支出绩效自评报告"), _mojibake("全年预算数为1598.21万元")]
    with pytest.raises(ReadError, match="PDF 的文字层是乱码（字体缺少 Unicode 映射），无法读取"):
        read_document(make_pdf(tmp_path, [lines]))


def test_a_garbled_page_is_left_out_and_named(tmp_path):
    good = ["常宁市残疾人联合会2023年度部门整体支出绩效自评报告", "全年预算数为1598.21万元，预算执行率为90%。"]
    document = read_document(make_pdf(tmp_path, [good, [_mojibake(line) for line in good]]))
    assert "预算执行率为90%" in document.text and "Ô¤Ëã" not in document.text
    assert document.warnings == ["第 2 页的文字层是乱码（字体缺少 Unicode 映射），这些页的内容未读取"]
    # a formula's × is no sign of a failed decoding
    formula = ["预算执行率=实际支出÷全年预算数×100%=90%，全年预算数为1598.21万元。"]
    assert read_document(make_pdf(tmp_path, [formula], name="formula.pdf")).warnings == []


def test_rtf_saved_under_doc_says_what_it_is(tmp_path):
    with pytest.raises(ReadError, match=r"文件实际是 RTF 格式（扩展名为 \.doc），无法读取，请另存为 \.docx"):
        read_document(make_bytes(tmp_path, b"{\\rtf1\\ansi\\ansicpg936 {\\f0 x}}", "report.doc"))


def test_a_truncated_old_word_document_says_to_save_it_as_docx(tmp_path):
    data = (DOC_FIXTURES / "breaks_fields_cells_pages.doc").read_bytes()
    with pytest.raises(ReadError, match=r"请在 Word 或 WPS 中打开后另存为 \.docx"):
        read_document(make_bytes(tmp_path, data[: len(data) // 2], "cut.doc"))


def test_xls_every_sheet_read_as_excel_shows_it(tmp_path):
    sheets = {
        "自评表": [
            ["项目支出绩效自评表", None, None, None],
            ["项目名称", "残疾人康复救助", None, None],
            ["年度资金总额", (180, "0.00"), (204.6, "#,##0.00"), (0.97428, "0.00%")],
            ["填报日期", (45383, "yyyy-mm-dd"), None, None],
        ],
        "指标": [["一级指标", "分值", "得分"], ["产出指标", 30, 28.5]],
    }
    document = read_document(make_xls(tmp_path, sheets, merges=((0, 0, 0, 3), (1, 1, 1, 3))))
    assert (document.format, document.warnings) == ("xls", [])
    assert document.text.split("\n") == [
        "项目支出绩效自评表",
        "项目名称\t残疾人康复救助",
        "年度资金总额\t180.00\t204.60\t97.43%",
        "填报日期\t2024-04-01",
        "一级指标\t分值\t得分",
        "产出指标\t30\t28.5",
    ]
    assert [line.page for line in document.lines] == [1, 1, 1, 1, 2, 2]


def test_an_old_workbook_named_et_or_xlsx_is_read_as_one(tmp_path):
    data = make_xls(tmp_path, {"表": [["总分", 92]]}).read_bytes()
    wps = read_document(make_bytes(tmp_path, data, "wps.et"))
    assert (wps.format, wps.text, wps.warnings) == ("xls", "总分\t92", [])
    misnamed = read_document(make_bytes(tmp_path, data, "saved_as_old.xlsx"))
    warning = "文件扩展名为 .xlsx，实际是旧版 Excel（.xls）文件，已按 .xls 读取"
    assert (misnamed.text, misnamed.warnings) == ("总分\t92", [warning])


def test_a_damaged_old_workbook_says_to_save_it_as_xlsx(tmp_path):
    data = make_xls(tmp_path, {"表": [["总分", 92]] * 50}).read_bytes()
    with pytest.raises(ReadError, match=r"无法按旧版 Excel 格式读取，请在 Excel 或 WPS 中打开后另存为 \.xlsx（"):
        read_document(make_bytes(tmp_path, data[: len(data) // 2], "cut.xls"))


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (10783.400000000001, "General", "10783.4"),
        (12.0, "General", "12"),
        (0.9456, "0.00%", "94.56%"),
        (0.9, "0%", "90%"),
        (1598.21, "#,##0.00", "1598.21"),
        (3.14159, "0.00", "3.14"),
        (-5, "General", "-5"),
        (0.0001234, "General", "0.0001234"),
        # a figure kept in 元 shown in 万 by a literal point before its last four digits, or in thousands by a comma
        (12345678, '0!.0000"万元"', "1234.5678万元"),
        (12345678, '0\\.0000', "1234.5678"),
        (12345678, '0!.0,"万"', "1234.6万"),
        (15000000, '#,##0.00,"千元"', "15000.00千元"),
        # the near misses keep their reading: a unit after the digits, grouping commas, a percent
        (1500, '0.00"万元"', "1500.00"),
        (1500, '#,##0.00_);[Red](#,##0.00)', "1500.00"),
        (0.5, '0.0%', "50.0%"),
    ],
)
def test_xlsx_numbers_render_as_excel_shows_them(tmp_path, value, number_format, expected):
    def style(workbook):
        workbook["表"]["A1"].number_format = number_format

    assert read_document(make_xlsx(tmp_path, {"表": [[value]]}, build=style)).text == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2024, 3, 5), "2024-03-05"),
        (datetime.datetime(2024, 3, 5, 0, 0), "2024-03-05"),
        (datetime.datetime(2024, 3, 5, 14, 30), "2024-03-05 14:30:00"),
        (True, "TRUE"),
        ("文字\n换行", "文字换行"),  # a line break between Chinese characters wraps the text, no space
        ("年初预算数\n（万元）", "年初预算数 （万元）"),
        ("Total\nbudget", "Total budget"),
    ],
)
def test_xlsx_dates_booleans_and_text(tmp_path, value, expected):
    assert read_document(make_xlsx(tmp_path, {"表": [[value]]})).text == expected


def test_xlsx_hidden_sheets_rows_and_columns_are_not_read(tmp_path):
    def hide(workbook):
        workbook["上年"].sheet_state = "hidden"
        workbook["表"].row_dimensions[2].hidden = True
        workbook["表"].column_dimensions["C"].hidden = True

    sheets = {"表": [["指标", "得分", "备注"], ["旧指标", 5, "删"], ["新指标", 6, "留"], [], ["总分", 6]]}
    sheets["上年"] = [["总分", 99]]
    document = read_document(make_xlsx(tmp_path, sheets, build=hide))
    # the hidden row is no gap; the empty row before 总分 still is one
    assert document.text.split("\n") == ["指标\t得分", "新指标\t6", "", "总分\t6"]


def test_xlsx_all_sheets_hidden_are_still_read(tmp_path):
    import zipfile

    # Excel keeps one sheet visible; a tool that hid every one (written here by hand) still meant them read
    with zipfile.ZipFile(make_xlsx(tmp_path, {"表": [["总分", 92]]})) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    assert b'state="visible"' in parts["xl/workbook.xml"]
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'state="visible"', b'state="hidden"')
    with zipfile.ZipFile(tmp_path / "hidden.xlsx", "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert read_document(tmp_path / "hidden.xlsx").text == "总分\t92"


def test_xls_hidden_sheet_row_and_column_are_not_read(tmp_path):
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet, old = workbook.add_sheet("表"), workbook.add_sheet("上年")
    for row, values in enumerate([["指标", "得分", "备注"], ["旧指标", 5, "删"], ["新指标", 6, "留"]]):
        for column, value in enumerate(values):
            sheet.write(row, column, value)
    sheet.row(1).hidden = True
    sheet.col(2).hidden = True
    old.write(0, 0, "上年总分")
    old.visibility = 1
    workbook.save(str(tmp_path / "h.xls"))
    assert read_document(tmp_path / "h.xls").text.split("\n") == ["指标\t得分", "新指标\t6"]


def test_xlsx_trailing_cells_trimmed_and_empty_rows_kept_once(tmp_path):
    rows = [["a", None, "c", None, None], [], [], [], [None, "b"]]
    assert read_document(make_xlsx(tmp_path, {"表": rows})).text == "a\t\tc\n\n\tb"


def test_xlsx_without_data_error(tmp_path):
    with pytest.raises(ReadError, match="工作簿中没有数据"):
        read_document(make_xlsx(tmp_path, {"空": []}))


@pytest.mark.parametrize("keep", [0, 100, 0.5, 0.95])
def test_truncated_xlsx_error(tmp_path, keep):
    data = make_xlsx(tmp_path, {"表": [[seed_text(4)[:200], 1]] * 50}, name="whole.xlsx").read_bytes()
    size = keep if isinstance(keep, int) else int(len(data) * keep)
    with pytest.raises(ReadError, match=r"文件已损坏或不是有效的 \.xlsx"):
        read_document(make_bytes(tmp_path, data[:size], "cut.xlsx"))


# --- PDF ----------------------------------------------------------------------------------------------------------


def test_pdf_pages_keep_page_numbers(tmp_path):
    path = make_pdf(tmp_path, [["第一页：预算执行率为94.56%"], ["第二页：得分92分"], ["第三页"]])
    document = read_document(path)
    located = [(document.text[line.start : line.end], line.page) for line in document.lines]
    assert located == [("第一页：预算执行率为94.56%", 1), ("第二页：得分92分", 2), ("第三页", 3)]


@pytest.mark.parametrize(
    ("header", "footer"),
    [(None, "{page}"), (None, "- {page} -"), ("第 {page} 页", None), ("第{page}页 共{pages}页", "{page}/{pages}")],
)
def test_pdf_page_number_lines_dropped(tmp_path, header, footer):
    path = make_pdf(tmp_path, [["正文一"], ["正文二"]], header=header, footer=footer)
    assert read_document(path).text == "正文一\n正文二"


@pytest.mark.parametrize(
    ("header", "footer", "expected"),
    [
        # a running header stays only on the first page, over the title; it no longer cuts the sentence
        ("平凉市残疾人联合会", None, "平凉市残疾人联合会\n自评报告\n全年执行\n数为398.55万元。"),
        (None, "平凉市残联 第{page}页", "自评报告\n全年执行\n数为398.55万元。"),
    ],
    ids=["running-header", "running-footer-with-page-number"],
)
def test_pdf_running_header_or_footer_dropped(tmp_path, header, footer, expected):
    path = make_pdf(tmp_path, [["自评报告", "全年执行"], ["数为398.55万元。"]], header=header, footer=footer)
    assert read_document(path).text == expected


def test_pdf_lines_that_differ_between_pages_are_kept(tmp_path):
    # another first line on each page, the same sentence ending two pages, a one-page file: no running line
    path = make_pdf(tmp_path, [["一、基本情况", "已完成。"], ["二、存在的问题", "已完成。"]])
    assert read_document(path).text == "一、基本情况\n已完成。\n二、存在的问题\n已完成。"
    assert read_document(make_pdf(tmp_path, [["平凉市残联", "正文", "平凉市残联"]], name="one.pdf")).text == (
        "平凉市残联\n正文\n平凉市残联"
    )
    # each page closing on its own table's total: the figures differ without counting the pages
    totals = make_pdf(tmp_path, [["一、支出", "合计 120"], ["二、收入", "合计 95"]], name="totals.pdf")
    assert read_document(totals).text == "一、支出\n合计 120\n二、收入\n合计 95"


def test_pdf_number_inside_body_is_kept(tmp_path):
    path = make_pdf(tmp_path, [["标题", "12", "结尾"]], footer="3")
    assert read_document(path).text == "标题\n12\n结尾"


def test_pdf_table_row_becomes_tab_separated_line(tmp_path):
    rows = [["一级指标", "二级指标", "分值", "得分"], ["产出指标", "数量指标", "20", "18.5"]]
    path = make_pdf_table(tmp_path, "评价结论 pdfium 读取 表格", rows)
    assert read_document(path).text.split("\n") == ["评价结论 pdfium 读取 表格", *("\t".join(row) for row in rows)]


def test_pdf_without_text_layer_is_a_scan_error(tmp_path):
    with pytest.raises(ReadError, match="扫描件，无文字层"):
        read_document(make_scanned_pdf(tmp_path))


def test_encrypted_pdf_error(tmp_path):
    with pytest.raises(ReadError, match="PDF 已加密"):
        read_document(make_pdf(tmp_path, [["机密"]], password="secret"))


@pytest.mark.parametrize("data", [b"%PDF-1.7\n", b"%PDF-1.4 1 0 obj << >> endobj trailer"], ids=["header", "junk"])
def test_damaged_pdf_error(tmp_path, data):
    with pytest.raises(ReadError, match=r"文件已损坏或不是有效的 \.pdf"):
        read_document(make_bytes(tmp_path, data, "bad.pdf"))


# --- web pages ----------------------------------------------------------------------------------------------------


def test_html_scripts_and_nav_dropped(tmp_path):
    body = (
        "<nav>首页 | 政务公开</nav><div class='header'>网站标题</div><script>var a = '脚本';</script>"
        "<style>p {color: red}</style><noscript>请启用脚本</noscript><template><p>模板</p></template>"
        "<article><header><h1>报告标题</h1></header><p>正文</p></article>"
        "<form><input value='搜索'><button>提交</button></form><footer>版权所有</footer>"
    )
    assert read_document(make_html(tmp_path, body)).text == "报告标题\n正文"


def test_html_table_rows(tmp_path):
    body = (
        "<table><tr><th>一级指标</th><th>二级指标</th><th>分值</th></tr>"
        "<tr><td rowspan='2'>产出</td><td>数量</td><td>10</td></tr><tr><td>质量</td><td>20</td></tr>"
        "<tr><td colspan='2'>合计</td><td>30</td></tr></table>"
    )
    expected = ["一级指标\t二级指标\t分值", "产出\t数量\t10", "\t质量\t20", "合计\t\t30"]
    assert read_document(make_html(tmp_path, body)).text.split("\n") == expected


def test_html_cell_wrapped_by_a_line_break_is_one_name(tmp_path):
    body = "<table><tr><td>残疾人<br>康复服务人数</td><td>年初预算数<br/>（万元）</td><td>A<br>B</td></tr></table>"
    assert read_document(make_html(tmp_path, body)).text == "残疾人康复服务人数\t年初预算数 （万元）\tA B"


def _paragraphs(*texts):
    return "".join(f"<p>{text}</p>" for text in texts)


def test_html_data_row_with_a_note_of_many_paragraphs_stays_one_row(tmp_path):
    note = _paragraphs("1.报名不足；", "2.疫情影响；", "3.加强宣传；", "4.提前谋划。")
    cells = ["数量指标", "培训人数", "≥200人", "180人", "20", "18", note]
    body = "<table><tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr></table>"
    expected = "数量指标\t培训人数\t≥200人\t180人\t20\t18\t1.报名不足； 2.疫情影响； 3.加强宣传； 4.提前谋划。"
    assert read_document(make_html(tmp_path, body)).text == expected


def test_html_layout_row_of_an_article_beside_side_columns_keeps_its_lines(tmp_path):
    article = _paragraphs("一、基本情况", "全年预算数为100万元。", "二、存在的问题", "资金支付偏慢。")
    body = f"<table><tr><td>栏目</td><td>{article}</td><td>相关链接</td></tr></table>"
    expected = "栏目\n一、基本情况\n全年预算数为100万元。\n二、存在的问题\n资金支付偏慢。\n相关链接"
    assert read_document(make_html(tmp_path, body)).text == expected


def test_html_blocks_break_lines_and_whitespace_collapses(tmp_path):
    body = "<p>预算  执行\n  情况</p><div>第二<b>段</b><br>第三行</div><ul><li>一</li><li>二</li></ul>"
    assert read_document(make_html(tmp_path, body)).text == "预算 执行 情况\n第二段\n第三行\n一\n二"


@pytest.mark.parametrize(
    ("encoding", "meta", "expected_encoding"),
    [
        ("gb18030", "gb2312", "gb18030"),
        ("gbk", "GBK", "gb18030"),
        ("utf-8", "gb2312", "utf-8"),  # re-saved page that kept its old declaration
        ("gb18030", None, "gb18030"),
        ("utf-8", None, "utf-8"),
    ],
)
def test_html_charset_declared_or_detected(tmp_path, encoding, meta, expected_encoding):
    paragraph = seed_text(0)[:300]
    document = read_document(make_html(tmp_path, f"<p>{paragraph}</p>", encoding=encoding, meta=meta))
    assert (document.text, document.encoding) == (re.sub(r"[ \t\n\r\f]+", " ", paragraph).strip(), expected_encoding)


def test_deeply_nested_html_reads(tmp_path):
    path = make_bytes(tmp_path, ("<div>" * 10_000 + "深处的文字" + "</div>" * 10_000).encode(), "deep.html")
    assert read_document(path).text == "深处的文字"


def test_html_without_visible_text_error(tmp_path):
    with pytest.raises(ReadError, match="网页中没有可见文字"):
        read_document(make_html(tmp_path, "<script>only()</script><nav>菜单</nav>"))


# --- formats by suffix and by content -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("r.doc", "另存为 .docx"),
        ("r.wps", "另存为 .docx"),
        ("r.xls", "另存为 .xlsx"),
        ("r.et", "另存为 .xlsx"),
        ("r.rtf", "另存为 .docx"),
        ("r.odt", "另存为 .docx"),
        ("scan.jpg", "图片文件没有文字层，请提供文字版 PDF 或 Word"),
        ("scan.PNG", "图片文件没有文字层"),
        ("r.csv", r"不支持的文件格式（\.csv）；支持的格式：\.txt、\.md、\.docx、\.doc、\.wps、\.xlsx、\.xls、\.et"),
        ("README", "不支持的文件格式（无扩展名）"),
    ],
)
def test_doc_suggests_docx(tmp_path, name, reason):
    with pytest.raises(ReadError, match=reason):
        read_document(make_bytes(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), name))


def test_pdf_saved_as_txt_is_read_as_pdf(tmp_path):
    data = make_pdf(tmp_path, [["真正的 PDF"]]).read_bytes()
    document = read_document(make_bytes(tmp_path, data, "misnamed.txt"))
    assert (document.format, document.text) == ("pdf", "真正的 PDF")
    assert document.warnings == ["文件扩展名为 .txt，实际是 PDF 文件，已按 PDF 读取"]


def test_xlsx_saved_as_docx_is_read_as_xlsx(tmp_path):
    data = make_xlsx(tmp_path, {"表": [["总分", 92]]}).read_bytes()
    document = read_document(make_bytes(tmp_path, data, "misnamed.docx"))
    assert (document.format, document.text) == ("xlsx", "总分\t92")


def test_web_page_saved_as_xls_is_read_as_html(tmp_path):
    page = "<html><body><table><tr><td>项目</td><td>金额</td></tr></table></body></html>"
    document = read_document(make_bytes(tmp_path, page.encode(), "export.xls"))
    assert (document.format, document.text) == ("html", "项目\t金额")


def test_image_bytes_named_pdf_error(tmp_path):
    with pytest.raises(ReadError, match="图片文件没有文字层"):
        read_document(make_bytes(tmp_path, b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.pdf"))


def test_plain_zip_error(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("readme.txt", "hi")
    data = (tmp_path / "a.zip").read_bytes()
    with pytest.raises(ReadError, match=r"文件已损坏或不是有效的 \.docx"):
        read_document(make_bytes(tmp_path, data, "notword.docx"))


def _tracked_changes(document):
    paragraph = document.add_paragraph("预算执行率为")
    paragraph._p.append(word_xml("<w:del><w:r><w:delText>90%</w:delText></w:r></w:del>"))
    paragraph._p.append(word_xml("<w:ins><w:r><w:t>94.56%</w:t></w:r></w:ins>"))


def _field_code(document):
    paragraph = document.add_paragraph("第")
    paragraph._p.append(word_xml('<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    paragraph._p.append(word_xml("<w:r><w:t>3</w:t></w:r>"))


def _text_box(document):
    paragraph = document.add_paragraph("正文")
    box = "<w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent>"
    paragraph._p.append(
        word_xml(
            f"<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing>{box}</w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
    )


def _content_control(document):
    document.add_paragraph("前")
    document.element.body.append(
        word_xml("<w:sdt><w:sdtContent><w:p><w:r><w:t>控件内</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    )


def _deleted_table_row(document):
    table = document.add_table(rows=3, cols=2)
    fill_docx_table(table, [["三级指标", "得分"], ["旧指标", "5"], ["新指标", "6"]])
    revision = 'w:id="{}" w:author="a" w:date="2024-01-01T00:00:00Z"'
    table.rows[1]._tr.get_or_add_trPr().append(word_xml(f"<w:del {revision.format(1)}/>"))
    table.rows[2]._tr.get_or_add_trPr().append(word_xml(f"<w:ins {revision.format(2)}/>"))  # an inserted row stays


def _hidden_text(document):
    paragraph = document.add_paragraph("服务人数")
    paragraph._p.append(word_xml("<w:r><w:rPr><w:vanish/></w:rPr><w:t>（模板说明）</w:t></w:r>"))
    paragraph._p.append(word_xml('<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>100人</w:t></w:r>'))


def _hidden_text_in_a_cell(document):
    table = document.add_table(rows=1, cols=2)
    fill_docx_table(table, [["得分", "9"]])
    table.cell(0, 1).paragraphs[0]._p.append(word_xml("<w:r><w:rPr><w:vanish/></w:rPr><w:t>8</w:t></w:r>"))


def _symbols(document):
    paragraph = document.add_paragraph("服务人数")
    for font, code in (("Symbol", "F0B3"), ("", "2264"), ("Webdings", "F061"), ("Wingdings 2", "F052")):
        paragraph._p.append(word_xml(f'<w:r><w:sym w:font="{font}" w:char="{code}"/></w:r>'))
    paragraph._p.append(word_xml("<w:r><w:t>单位自评</w:t><w:noBreakHyphen/><w:t>2024</w:t></w:r>"))


def _symbol_font_letters(document):
    paragraph = document.add_paragraph("评价方式：")
    for text, font in (("R", "Wingdings 2"), ("单位自评 ", None), ("£", "Wingdings 2"), ("第三方评价 R", "Arial")):
        fonts = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
        paragraph._p.append(word_xml(f'<w:r>{fonts}<w:t xml:space="preserve">{text}</w:t></w:r>'))


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (_deleted_table_row, "三级指标\t得分\n新指标\t6"),
        (_hidden_text, "服务人数100人"),
        (_hidden_text_in_a_cell, "得分\t9"),
        # Symbol's ≥, a Unicode ≤, a font without a table (nothing, as before), Wingdings 2's ticked box
        (_symbols, "服务人数≥≤☑单位自评-2024"),
        # R and £ set in Wingdings 2 show a ticked and an empty box; an R in a text font stays an R
        (_symbol_font_letters, "评价方式：☑单位自评 □第三方评价 R"),
        (_tracked_changes, "预算执行率为94.56%"),
        (_field_code, "第3"),
        (_text_box, "正文\n框内文字"),
        (_content_control, "前\n控件内"),
    ],
    ids=[
        "deleted-row",
        "hidden-text",
        "hidden-text-in-a-cell",
        "symbols",
        "symbol-font-letters",
        "tracked-changes",
        "field-code",
        "text-box-once",
        "content-control",
    ],
)
def test_docx_visible_text_only(tmp_path, build, expected):
    assert read_document(make_docx_with(tmp_path, build)).text == expected


def _scoring_workbook(tmp_path):
    rows = [["一级指标", "分值", "得分", "备注"], ["产出指标", 50, 48, "说明"], ["总分", 100, 96], ["范围外", 1, 1]]
    return with_ole_size(make_xlsx(tmp_path, {"评分表": rows}, name="object.xlsx").read_bytes(), "A1:C3")


def test_docx_embedded_excel_object_reads_its_visible_rows(tmp_path):
    def build(document):
        document.add_paragraph("附件：评分表")
        add_excel_object(document, _scoring_workbook(tmp_path))
        document.add_paragraph("正文完")

    lines = read_document(make_docx_with(tmp_path, build)).text.split("\n")
    # the rows of the object's visible range (A1:C3), where Word shows its picture
    assert lines == ["附件：评分表", "", "一级指标\t分值\t得分", "产出指标\t50\t48", "总分\t100\t96", "正文完"]


def test_docx_embedded_old_excel_object_reads_its_sheet(tmp_path):
    workbook = make_xls(tmp_path, {"评分表": [["一级指标", "分值", "得分"], ["总分", 100, 96]]}).read_bytes()

    def build(document):
        add_excel_object(document, workbook, prog_id="Excel.Sheet.8")

    assert read_document(make_docx_with(tmp_path, build)).text == "\n一级指标\t分值\t得分\n总分\t100\t96"


def test_docx_other_or_missing_embedded_objects_read_nothing(tmp_path):
    def build(document):
        document.add_paragraph("前")
        add_excel_object(document, _scoring_workbook(tmp_path), prog_id="Word.Document.12")  # not a worksheet
        add_excel_object(document, None)  # its workbook missing from the package
        document.add_paragraph("后")

    assert read_document(make_docx_with(tmp_path, build)).text == "前\n\n\n后"


def test_docx_rendered_page_break_starts_next_page(tmp_path):
    def build(document):
        document.add_paragraph("第一页")
        document.add_paragraph()._p.append(word_xml("<w:r><w:lastRenderedPageBreak/><w:t>第二页</w:t></w:r>"))

    document = read_document(make_docx_with(tmp_path, build))
    assert [(document.text[line.start : line.end], line.page) for line in document.lines] == [
        ("第一页", 1),
        ("第二页", 2),
    ]


def test_html_nbsp_spacer_paragraph_is_no_line(tmp_path):
    body = "<p>第一段</p><p>&nbsp;</p><p>&nbsp;&nbsp;第二段</p>"
    assert read_document(make_html(tmp_path, body)).text == "第一段\n\xa0\xa0第二段"


def test_html_declaring_utf16_is_read_as_utf8(tmp_path):
    assert read_document(make_html(tmp_path, "<p>残联</p>", meta="utf-16")).text == "残联"


@pytest.mark.parametrize("name", ["locked.docx", "locked.xlsx"])
def test_password_protected_office_file_error(tmp_path, name):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(200)
    with pytest.raises(ReadError, match="文件受密码保护（已加密）"):
        read_document(make_bytes(tmp_path, data, name))


@pytest.mark.parametrize(("name", "advice"), [("old.docx", r"另存为 \.docx"), ("old.xlsx", r"另存为 \.xlsx")])
def test_old_binary_office_file_under_new_suffix_error(tmp_path, name, advice):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)
    with pytest.raises(ReadError, match=advice):
        read_document(make_bytes(tmp_path, data, name))


def test_pdf_with_only_an_owner_password_reads(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner")  # restricts editing, opens without a password
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Score 92")
    pdf.output(str(tmp_path / "owner.pdf"))
    assert read_document(tmp_path / "owner.pdf").text == "Score 92"


@pytest.mark.parametrize("name", ["report.pdf", "report.docx", "report.xlsx"])
def test_error_page_saved_under_office_or_pdf_name_error(tmp_path, name):
    page = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>404</body></html>"
    with pytest.raises(ReadError, match="文件实际是网页而不是"):
        read_document(make_bytes(tmp_path, page, name))


CHINESE_OUTLINE = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]


def test_docx_automatic_list_labels_are_text(tmp_path):
    def build(document):
        add_word_list(document, 71, CHINESE_OUTLINE)
        for text, level in [("基本情况", 0), ("单位概况", 1), ("职能", 1), ("人员", 2), ("绩效目标", 0), ("产出", 1)]:
            number_paragraph(document.add_paragraph(text), 71, level)
        document.add_paragraph("没有编号的段落")

    expected = "一、基本情况\n（一）单位概况\n（二）职能\n1.人员\n二、绩效目标\n（一）产出\n没有编号的段落"
    assert read_document(make_docx_with(tmp_path, build)).text == expected


def test_docx_numbered_table_column_keeps_its_numbers(tmp_path):
    def build(document):
        add_word_list(document, 72, [("decimal", "%1")])
        table = document.add_table(rows=3, cols=2)
        fill_docx_table(table, [["", "康复"], ["", "教育"], ["", "就业"]])
        for row in table.rows:
            number_paragraph(row.cells[0].paragraphs[0], 72)

    assert read_document(make_docx_with(tmp_path, build)).text == "1\t康复\n2\t教育\n3\t就业"


def test_docx_list_restart_and_continuation(tmp_path):
    def build(document):
        add_word_list(document, 73, [("decimal", "%1.")])
        add_word_list(document, 74, [], same_definition_as=73)  # same list, numbering continues
        add_word_list(document, 75, [], restart_at=1, same_definition_as=73)  # same list, restarted
        for text, num_id in [("甲", 73), ("乙", 73), ("丙", 74), ("丁", 75), ("戊", 75)]:
            number_paragraph(document.add_paragraph(text), num_id)

    assert read_document(make_docx_with(tmp_path, build)).text == "1.甲\n2.乙\n3.丙\n1.丁\n2.戊"


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCountingThousand", "十一"),
        (20, "chineseCounting", "二十"),
        (105, "chineseCounting", "一百零五"),
        (110, "chineseCounting", "一百一十"),
        (3, "chineseLegalSimplified", "叁"),
        (2, "ideographTraditional", "乙"),
        (3, "decimalEnclosedCircle", "③"),
        (27, "upperLetter", "AA"),
        (4, "lowerRoman", "iv"),
        (12, "decimalFullWidth", "１２"),
        (7, "decimal", "7"),
    ],
)
def test_list_numbers_render_like_word(value, number_format, expected):
    assert format_list_number(value, number_format) == expected


def test_docx_list_label_from_paragraph_style(tmp_path):
    def build(document):
        for text in ["第一项", "第二项"]:
            document.add_paragraph(text, style="List Number")  # numbered by its style, not by the paragraph
        document.add_paragraph("要点", style="List Bullet")  # bullets are no text

    assert read_document(make_docx_with(tmp_path, build)).text == "1. 第一项\n2. 第二项\n要点"
