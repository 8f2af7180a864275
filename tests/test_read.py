"""Readers turn each file format into located text, and every failure into a ReadError with a Chinese reason."""

from __future__ import annotations

import os
import shutil

import pytest

from etl.errors import ReadError
from etl.read import MAX_TEXT_BYTES, read_document
from tests.filemakers import make_bytes, make_text, seed_paths, seed_text

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


def test_short_gbk_line_is_not_mistaken_for_utf16(tmp_path):
    document = read_document(make_text(tmp_path, "预算执行率为94.56%", "gbk"))
    assert (document.text, document.encoding) == ("预算执行率为94.56%", "gb18030")


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
def test_binary_junk_txt_error(tmp_path, data):
    with pytest.raises(ReadError, match="不是文本文件"):
        read_document(make_bytes(tmp_path, data, "junk.txt"))


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
    assert time.perf_counter() - started < 2.0


def test_missing_file_error(tmp_path):
    with pytest.raises(ReadError, match="文件不存在") as caught:
        read_document(tmp_path / "没有.txt")
    assert str(tmp_path / "没有.txt") in str(caught.value)


def test_file_name_with_spaces_quotes_and_chinese(tmp_path):
    name = "常宁市 残联 '2024' \"自评\" 报告.txt"
    shutil.copy(seed_paths()[0], tmp_path / name)
    document = read_document(tmp_path / name)
    assert (document.path, document.text) == (str(tmp_path / name), seed_text(0))
