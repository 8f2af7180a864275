"""Makers of the bad and odd input files of the bad-input roundup, each from real bytes a real tool would write."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.filemakers import make_bytes, make_docx, make_pdf, make_scanned_pdf, make_xlsx, seed_text

BIG_TEXT_BYTES = 50 * 1024 * 1024


def synthetic_reports(folder: Path, count: int, seed: int = 404) -> list[tuple[str, str]]:
    """(text, unit name) of ``count`` synthetic txt reports of other units than the samples, from etl.synth."""
    from etl.synth.generate import generate
    from etl.synth.model import Config

    folder.mkdir(parents=True, exist_ok=True)
    generate(Config(count, seed, 0.0, (("txt", 1.0),)), folder)
    found = []
    for truth in sorted(folder.glob("*.truth.json")):
        report = truth.with_name(truth.name.removesuffix(".truth.json"))
        unit = json.loads(truth.read_text(encoding="utf-8"))["unit_name"]
        found.append((report.read_text(encoding="utf-8"), unit))
    return found


def truncated(path: Path, keep: float, name: str) -> Path:
    """A copy of ``path`` cut after ``keep`` of its bytes, as an interrupted download leaves it."""
    data = path.read_bytes()
    path.unlink()
    return make_bytes(path.parent, data[: int(len(data) * keep)], name)


def big_text(folder: Path, name: str = "大文件.txt") -> Path:
    """A real 50 MB text file (report lines repeated), beyond the reader's size cap."""
    line = seed_text(0).encode("utf-8")
    path = folder / name
    with path.open("wb") as handle:
        while handle.tell() < BIG_TEXT_BYTES:
            handle.write(line)
    return path


def deeply_nested_html(folder: Path, text: str, depth: int = 5_000, name: str = "深层嵌套.html") -> Path:
    """A web page whose report lines sit inside ``depth`` nested divs."""
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    page = f"<html><head><meta charset='utf-8'></head><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"
    return make_bytes(folder, page.encode("utf-8"), name)


def xlsx_with_formulas_and_merges(folder: Path, text: str, name: str = "公式与合并单元格.xlsx") -> Path:
    """A report's lines down column A under a merged title row, with a formula (and Excel's cached result)."""
    import xlsxwriter

    path = folder / name
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("自评报告")
    lines = [line for line in text.splitlines() if line.strip()]
    sheet.merge_range("A1:D1", lines[0])
    for row, line in enumerate(lines[1:], start=1):
        sheet.write(row, 0, line)
    last = len(lines) + 1
    sheet.write(last, 0, "附：合计")
    sheet.write(last, 1, 100)
    sheet.write(last, 2, 200)
    sheet.write_formula(last, 3, f"=B{last + 1}+C{last + 1}", None, 300)
    workbook.close()
    return path


def not_a_report(folder: Path, name: str = "会议通知.txt") -> Path:
    """A notice about a meeting: Chinese prose with no budget, performance or score in it."""
    text = (
        "关于召开2024年度全市残联系统工作会议的通知\n各区县残联：\n"
        "定于下周三上午九时在市残联三楼会议室召开工作会议，请准时参加。\n"
    )
    return make_bytes(folder, text.encode("utf-8"), name)


def report_with_nothing_readable(folder: Path, name: str = "空壳报告.docx") -> Path:
    """A report's headings and prose with every figure left out (as a template not yet filled in)."""
    blocks = [
        "某市残疾人联合会2023年度部门整体支出绩效自评报告",
        "一、部门基本情况",
        "本部门主要职责是为残疾人服务，预算支出按规定执行。",
        "二、绩效目标完成情况",
        "各项绩效目标基本完成，得分情况见附表。",
    ]
    return make_docx(folder, blocks, name=name)


def junk_named_txt(folder: Path, name: str = "乱码.txt") -> Path:
    """Random bytes under a .txt name."""
    return make_bytes(folder, os.urandom(8_000), name)


def encrypted_pdf(folder: Path, text: str, name: str = "加密.pdf") -> Path:
    """A report PDF that opens only with a password."""
    return make_pdf(folder, [text.splitlines()[:30]], name=name, password="secret")


def scanned_pdf(folder: Path, name: str = "扫描件.pdf") -> Path:
    """A PDF of page images only."""
    return make_scanned_pdf(folder, name=name)


def whole_docx(folder: Path, text: str, name: str) -> Path:
    """A .docx of a report's lines (to be truncated)."""
    return make_docx(folder, [line for line in text.splitlines() if line.strip()], name=name)


def whole_xlsx(folder: Path, text: str, name: str) -> Path:
    """An .xlsx of a report's lines (to be truncated)."""
    return make_xlsx(folder, {"表": [[line] for line in text.splitlines() if line.strip()]}, name=name)
