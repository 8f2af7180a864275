"""Bad-input roundup: one data folder holding every kind of bad or odd file beside the five sample reports, one
build. Each bad file gets its own load error (stage and reason), each odd-but-good one loads, the samples load with
their real values, and the build ends in bounded time."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests import badfiles
from tests.conftest import build, copy_seeds
from tests.filemakers import SEEDS, make_bytes

BUILD_SECONDS = 30  # the whole build of the folder (the 50 MB file is hashed, not read); under 2 s measured
WEIRD_NAME = "常宁市 残联 '2024' \"自评\" 报告 (终稿).txt"

# (file, stage, what the reason says): each bad kind the build must name.
FAILS: list[tuple[str, str, str]] = [
    ("空文件.txt", "read", "文件为空（0 字节）"),
    ("截断.docx", "read", "文件已损坏或不是有效的 .docx"),
    ("截断.xlsx", "read", "文件已损坏或不是有效的 .xlsx"),
    ("加密.pdf", "read", "PDF 已加密"),
    ("扫描件.pdf", "read", "扫描件，无文字层"),
    ("乱码.txt", "read", "不是文本文件"),
    ("大文件.txt", "read", "文件过大（50.0 MB）"),
    ("会议通知.txt", "parse", "不是预算绩效报告"),
    ("空壳报告.docx", "parse", "未能读出本单位的预算金额、得分或指标"),
]
# Zero-byte files all hold the same (no) bytes: the build reads the content once and lists the others as copies
# of the first (a zero-byte .docx or .xlsx alone gets "文件已损坏或不是有效的 .docx（0 字节）", see test_read.py).
COPIES_OF_EMPTY = ["零字节.docx", "零字节.xlsx"]
# Odd but good files: each must load as a report of its unit.
LOADS: list[str] = ["GB18030.txt", "UTF-16.txt", "混合编码.txt", "深层嵌套.html", "公式与合并单元格.xlsx", WEIRD_NAME]


@dataclass(frozen=True)
class Roundup:
    """What the one build of the roundup folder gave."""

    errors: dict[str, tuple[str, str]]  # file name → (stage, reason)
    reports: dict[str, tuple[str, int | None, float | None]]  # file name → (unit, year, stated execution rate)
    units: dict[str, str]  # file name → unit the synthetic report was written for
    warnings: dict[str, list[str]]  # file name → reader and parser warnings
    duplicates: dict[str, str]  # file name → the file whose copy it is
    files: int
    seconds: float


def make_roundup_folder(folder: Path, scratch: Path) -> dict[str, str]:
    """Every bad kind plus the odd-but-good files in ``folder``; returns the unit each good file reports on."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = badfiles.synthetic_reports(scratch / "synthetic", len(LOADS))
    text = texts[0][0]
    make_bytes(folder, b"", "空文件.txt")
    make_bytes(folder, b"", "零字节.docx")
    make_bytes(folder, b"", "零字节.xlsx")
    badfiles.truncated(badfiles.whole_docx(folder, text, "whole.docx"), 0.5, "截断.docx")
    badfiles.truncated(badfiles.whole_xlsx(folder, text, "whole.xlsx"), 0.5, "截断.xlsx")
    badfiles.encrypted_pdf(folder, text)
    badfiles.scanned_pdf(folder)
    badfiles.junk_named_txt(folder)
    badfiles.big_text(folder)
    badfiles.not_a_report(folder)
    badfiles.report_with_nothing_readable(folder)
    good = dict(zip(LOADS, texts, strict=True))
    make_bytes(folder, good["GB18030.txt"][0].encode("gb18030"), "GB18030.txt")
    make_bytes(folder, good["UTF-16.txt"][0].encode("utf-16"), "UTF-16.txt")
    head, _, tail = good["混合编码.txt"][0].partition("\n")
    make_bytes(folder, head.encode() + "\n（附注：残联）\n".encode("gbk") + tail.encode(), "混合编码.txt")
    badfiles.deeply_nested_html(folder, good["深层嵌套.html"][0])
    badfiles.xlsx_with_formulas_and_merges(folder, good["公式与合并单元格.xlsx"][0])
    make_bytes(folder, good[WEIRD_NAME][0].encode(), WEIRD_NAME)
    return {name: unit for name, (_, unit) in good.items()}


def read_roundup(database: Path) -> tuple[dict, dict, dict]:
    """Load errors, reports and document warnings of the built warehouse, by file name."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        errors = {
            name: (stage, reason)
            for name, stage, reason in con.execute("SELECT file_name, stage, reason FROM load_errors").fetchall()
        }
        reports = {
            name: (unit, year, rate)
            for name, unit, year, rate in con.execute(
                "SELECT file_name, unit_name, fiscal_year, execution_rate_pct FROM v_reports"
            ).fetchall()
        }
        warnings = dict(
            con.execute("SELECT d.file_name, r.warnings FROM reports r JOIN documents d USING (report_key)").fetchall()
        )
    finally:
        con.close()
    return errors, reports, warnings


@pytest.fixture(scope="module")
def roundup(tmp_path_factory: pytest.TempPathFactory) -> Roundup:
    """The roundup folder built once with the real readers, parser and checks."""
    root = tmp_path_factory.mktemp("bad_inputs")
    data = root / "data"
    copy_seeds(data)
    units = make_roundup_folder(data / "收到的文件", root)
    database = root / "warehouse.duckdb"
    started = time.monotonic()
    summary = build(data, database)
    seconds = time.monotonic() - started
    errors, reports, warnings = read_roundup(database)
    duplicates = {Path(copy).name: Path(original).name for copy, original in summary.duplicates}
    roundup = Roundup(errors, reports, units, warnings, duplicates, summary.files_seen, seconds)
    print_summary(roundup)
    return roundup


def print_summary(roundup: Roundup) -> None:
    """The figures the lead quotes: files tried, errors by kind, what loaded, how long it took."""
    kinds = Counter(f"{stage}: {reason.split('（')[0].split('：')[0]}" for stage, reason in roundup.errors.values())
    print(
        f"\nbad-input roundup: {roundup.files} files tried in one build of {roundup.seconds:.1f} s; "
        f"{len(roundup.reports)} loaded as reports ({len(LOADS)} odd-but-good + 5 samples), "
        f"{len(roundup.duplicates)} zero-byte copies of the empty file, {len(roundup.errors)} load errors by kind:"
    )
    for kind, count in sorted(kinds.items()):
        print(f"  {count} × {kind}")


@pytest.mark.parametrize(("name", "stage", "reason"), FAILS)
def test_each_bad_file_gets_its_own_load_error(roundup: Roundup, name: str, stage: str, reason: str) -> None:
    assert name not in roundup.reports
    assert roundup.errors[name][0] == stage
    assert reason in roundup.errors[name][1]


def test_no_other_file_fails(roundup: Roundup) -> None:
    assert sorted(roundup.errors) == sorted([*(name for name, _, _ in FAILS), *COPIES_OF_EMPTY])


def test_zero_byte_office_files_are_listed_as_copies_of_the_empty_file(roundup: Roundup) -> None:
    assert roundup.duplicates == dict.fromkeys(COPIES_OF_EMPTY, "空文件.txt")
    for copy in COPIES_OF_EMPTY:
        stage, reason = roundup.errors[copy]
        assert (stage, reason) == ("read", roundup.errors["空文件.txt"][1] + "（与 收到的文件/空文件.txt 内容相同）")


@pytest.mark.parametrize("name", LOADS)
def test_odd_but_good_file_loads_as_its_unit(roundup: Roundup, name: str) -> None:
    assert name not in roundup.errors
    assert roundup.reports[name][0] == roundup.units[name]


@pytest.mark.parametrize(("name", "warned"), [("混合编码.txt", True), ("UTF-16.txt", False)])
def test_mixed_encoding_loads_with_a_warning(roundup: Roundup, name: str, warned: bool) -> None:
    assert any("无法按 utf-8 解码" in warning for warning in roundup.warnings[name]) is warned


@pytest.mark.parametrize(
    ("name", "unit", "year", "rate"),
    [
        ("004_d1ea110d37c062f0.txt", "天津市残疾人联合会", 2023, 94.56),
    ],
)
def test_samples_load_with_their_real_values(roundup: Roundup, name: str, unit: str, year: int, rate: float) -> None:
    assert roundup.reports[name] == (unit, year, pytest.approx(rate))


def test_all_five_samples_load(roundup: Roundup) -> None:
    samples = sorted(path.name for path in SEEDS.iterdir())
    assert [name in roundup.reports for name in samples] == [True] * 5


def test_roundup_build_ends_in_bounded_time(roundup: Roundup) -> None:
    assert roundup.files == 5 + len(FAILS) + len(COPIES_OF_EMPTY) + len(LOADS)
    assert roundup.seconds < BUILD_SECONDS
