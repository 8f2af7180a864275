"""Writers per file format: a Doc becomes the bytes of a txt (UTF-8 / GB18030), md, docx, xlsx, xls, html or pdf file.

Every writer is deterministic: zip entries and document metadata carry a fixed timestamp.
"""

from __future__ import annotations

import hashlib
import html
import io
import random
import re
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from etl.synth.layouts import Block, Doc

FIXED_TIME = datetime(2025, 1, 1, tzinfo=UTC)
EXTENSIONS = {
    "txt": "txt",
    "txt-gb18030": "txt",
    "md": "md",
    "docx": "docx",
    "xlsx": "xlsx",
    "xls": "xls",
    "html": "html",
    "pdf": "pdf",
}


# ----------------------------------------------------------------------------- plain text and markdown


def table_text(rows: list[list[str]], style: str, rng: random.Random) -> list[str]:
    """A table flattened the way text exports do: tab-separated, markdown pipes, one cell per line, or one line."""
    if style == "pipe":
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(_pipe_cell(c) for c in _pad(r, width)) + " |" for r in rows]
        return [lines[0], "|" + "---|" * width, *lines[1:], ""]
    if style == "cells":
        return [cell for row in rows for cell in row] + [""]
    if style == "oneline":  # a site's text copy: every cell of the table on one line, blank cells gone
        return [" ".join(cell for row in rows for cell in row if cell), ""]
    # Only indicator rows shift (as in 004); the budget row keeps its columns.
    shifting = rows[0][:1] == ["年度指标完成情况"]
    return [_shift("\t".join(row), row, rng) if shifting else "\t".join(row) for row in rows] + [""]


def _pad(row: list[str], width: int) -> list[str]:
    return row + [""] * (width - len(row))


def _pipe_cell(cell: str) -> str:
    return cell.replace("|", "｜").replace("\n", " ")


def _shift(line: str, row: list[str], rng: random.Random) -> str:
    """Now and then a continuation row loses its leading blank cells to after its first cell (004's goal 3)."""
    leading = len(row) - len(list(_lstrip_blank(row)))
    if leading == 0 or leading == len(row) or rng.random() >= 0.05:
        return line
    rest = row[leading:]
    return "\t".join([rest[0], *([""] * leading), *rest[1:]])


def _lstrip_blank(row: list[str]) -> list[str]:
    for index, cell in enumerate(row):
        if cell:
            return row[index:]
    return []


def to_text(doc: Doc, style: dict, rng: random.Random, markdown: bool = False) -> str:
    """The report as plain text (or markdown), optionally with page numbers cutting sentences."""
    lines: list[str] = []
    for block in doc.blocks:
        lines += _block_lines(block, style, rng, markdown)
    text = "\n".join(lines) + "\n"
    if style.get("page_numbers") and not markdown:
        text = _cut_pages(text, rng)
    return text


def _block_lines(block: Block, style: dict, rng: random.Random, markdown: bool) -> list[str]:
    if block.kind == "table":
        return table_text(block.rows, "pipe" if markdown else style["table_text"], rng)
    if markdown and block.kind in ("title", "heading"):
        level = 1 if block.kind == "title" else block.level
        return ["#" * level + " " + block.text.replace("\n", ""), ""]
    if block.kind == "signature":
        return ["", "", *block.text.split("\n")]
    return [block.text, ""] if markdown else block.text.split("\n")


# Cut only inside runs of plain prose (six Chinese characters each side): never inside a figure, a quoted
# grade or a short label, which a reader could not be expected to glue back together.
_PAGE_CUT = re.compile(r"(?<=[\u4e00-\u9fff]{6})(?=[\u4e00-\u9fff]{6})")


def _cut_pages(text: str, rng: random.Random) -> str:
    """Insert '- N -' page footers about every 1,500 characters, between two Chinese characters of a sentence."""
    out, page, last = [], 1, 0
    for match in _PAGE_CUT.finditer(text):
        if match.start() - last >= 1500:
            out.append(text[last : match.start()])
            out.append(f"\n\n- {page} -\n\n")
            page += 1
            last = match.start()
    out.append(text[last:])
    return "".join(out)


# ----------------------------------------------------------------------------- docx


def to_docx(doc: Doc) -> bytes:
    """A Word file with real headings, paragraphs and tables."""
    import docx

    document = docx.Document()
    for block in doc.blocks:
        if block.kind == "title":
            document.add_heading(block.text.replace("\n", ""), level=0)
        elif block.kind == "heading":
            document.add_heading(block.text, level=min(block.level, 4))
        elif block.kind == "table":
            _docx_table(document, block.rows)
        else:
            for line in block.text.split("\n"):
                document.add_paragraph(line)
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.author = props.last_modified_by = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def _docx_table(document: object, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, _pad(values, width), strict=True):
            if value:
                cell.text = value


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated FIXED_TIME, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into the core properties whatever the workbook says.
                data = _CORE_DATES.sub(rb"\g<1>2025-01-01T00:00:00Z\g<2>", data)
            target.writestr(entry, data)
    return out.getvalue()


# ----------------------------------------------------------------------------- xlsx


def to_xlsx(doc: Doc) -> bytes:
    """An Excel workbook with a 自评表 sheet: text blocks in the first cell, tables cell by cell."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    for row in _sheet_rows(doc):
        sheet.append(row)
    workbook.properties.created = workbook.properties.modified = FIXED_TIME.replace(tzinfo=None)
    workbook.properties.creator = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fixed_zip(buffer.getvalue())


def to_xls(doc: Doc) -> bytes:
    """The same workbook as to_xlsx, saved in the Excel 97–2003 format that finance bureaus still publish."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("自评表")
    for row_index, row in enumerate(_sheet_rows(doc)):
        for column, value in enumerate(row):
            if value is not None:
                sheet.write(row_index, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_rows(doc: Doc) -> Iterator[list[str | float | int | None]]:
    """The 自评表 sheet's rows, for either workbook format: a text block a line per row in its first cell, a table
    cell by cell."""
    for block in doc.blocks:
        if block.kind == "table":
            for row in block.rows:
                yield [_xlsx_value(cell) for cell in row]
        else:
            for line in block.text.split("\n"):
                yield [line]


_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")


def _xlsx_value(cell: str) -> str | float | int | None:
    """Plain numbers become numeric cells, as a spreadsheet holds them; everything else stays text."""
    if not cell:
        return None
    if _PLAIN_NUMBER.fullmatch(cell):
        return int(cell) if "." not in cell else float(cell)
    return cell


# ----------------------------------------------------------------------------- html


_HTML_HEAD = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
<style>body{{font-family:SimSun}} .nav li{{display:inline}}</style></head>
<body><div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/xxgk/czyjs/">财政预决算</a></li><li><a href="/bsfw/">办事服务</a></li></ul>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 财政预决算</div></div>
<div class="article"><div class="info">发布时间：{published} 来源：本站 浏览次数：<span id="hits">0</span></div>
"""
_HTML_TAIL = """</div><div class="footer">主办单位：{unit} 版权所有 网站标识码：{code}<br>
<a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<script>document.getElementById("hits").innerText = "128";</script></body></html>
"""


def to_html(doc: Doc, unit: str, code: str, year: int) -> bytes:
    """A saved government web page: navigation, scripts and footer around the report and its <table>s."""
    title = html.escape(doc.blocks[0].text.replace("\n", "") if doc.blocks else "")
    parts = [_HTML_HEAD.format(title=title, published=f"{year + 1}-06-30")]
    for block in doc.blocks:
        parts.append(_html_block(block))
    parts.append(_HTML_TAIL.format(unit=html.escape(unit), code=code))
    return "\n".join(parts).encode("utf-8")


def _html_block(block: Block) -> str:
    if block.kind == "table":
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>\n" for row in block.rows
        )
        return f'<table border="1" cellspacing="0">\n{body}</table>'
    if block.kind in ("title", "heading"):
        level = 1 if block.kind == "title" else min(block.level + 1, 6)
        return f"<h{level}>{html.escape(block.text).replace(chr(10), '<br>')}</h{level}>"
    return "".join(f"<p>{html.escape(line)}</p>\n" for line in block.text.split("\n") if line)


# ----------------------------------------------------------------------------- pdf


@cache
def cjk_font() -> str:
    """A subset of Noto Sans CJK SC (GB2312 + the place names) saved once: fpdf2 loads it in milliseconds."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from etl.synth.places import all_places

    source = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    chars = (
        set(map(chr, range(0x20, 0x7F))) | set(map(chr, range(0xFF01, 0xFF5F))) | set("≥≤×÷—‘’“”…、。·《》〔〕【】（）")
    )
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars |= {c for place in all_places() for c in place.name + place.province + (place.prefecture or "")}
    for module in Path(__file__).parent.glob("*.py"):
        chars |= set(module.read_text(encoding="utf-8"))
    key = hashlib.sha256("".join(sorted(chars)).encode()).hexdigest()[:12]
    target = Path(tempfile.gettempdir()) / f"canlian_synth_cjk_{key}.otf"
    if not target.exists():
        font = TTFont(str(source), fontNumber=2)
        options = subset.Options()
        options.layout_features = []
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in chars if c.isprintable()])
        subsetter.subset(font)
        partial = target.with_suffix(f".{random.getrandbits(32)}.tmp")
        font.save(str(partial))
        partial.replace(target)
    return str(target)


def to_pdf(doc: Doc, style: dict, rng: random.Random) -> bytes:
    """A PDF with a text layer: lines wrapped only between Chinese characters, '- N -' page footers."""
    from fpdf import FPDF

    class ReportPdf(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.cell(0, 8, f"- {self.page_no()} -", align="C")

    pdf = ReportPdf(format="A4")
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_producer("synth")
    pdf.add_font("cjk", "", cjk_font())
    # The bounding boxes of the prepared subset are already right; recomputing them per file costs half the time.
    pdf.fonts["cjk"].ttfont.recalcBBoxes = False
    pdf.set_font("cjk", size=10.5)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    # Half the files draw real grid tables (pdfium then reads wrapped cells in its own order, as with
    # office exports); the others lay rows out as lines of text, as report printers often do.
    grid = rng.random() < 0.5
    for block in doc.blocks:
        if grid and block.kind == "table":
            _pdf_grid(pdf, block.rows, width)
            continue
        for line in _pdf_lines(block):
            for piece in _wrap(pdf, line, width):
                pdf.cell(0, 6.5, piece, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _pdf_grid(pdf: object, rows: list[list[str]], width: float) -> None:
    """A bordered table: short cells (figures, labels) fit on one line; long text wraps inside its cell."""
    columns = max(len(r) for r in rows)
    padded = [_pad(r, columns) for r in rows]
    pdf.set_font_size(8)
    widths = _grid_widths(pdf, padded, columns, width)
    if widths is None:
        pdf.set_font_size(6.5)
        widths = _grid_widths(pdf, padded, columns, width) or [width / columns] * columns
    with pdf.table(col_widths=tuple(widths), first_row_as_headings=False, line_height=4.5) as table:
        for values in padded:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.set_font_size(10.5)
    pdf.ln(2)


def _grid_widths(pdf: object, rows: list[list[str]], columns: int, width: float) -> list[float] | None:
    """Column widths giving every short cell its full width and sharing the rest by wish; None if it cannot fit."""
    pad = 3.0
    need = [max([pdf.get_string_width(r[c]) + pad for r in rows if len(r[c]) <= 12] + [6.0]) for c in range(columns)]
    want = [max(need[c], min(70.0, max(pdf.get_string_width(r[c]) + pad for r in rows))) for c in range(columns)]
    if sum(need) > width:
        return None
    extra = width - sum(need)
    wish = sum(w - n for w, n in zip(want, need, strict=True)) or 1.0
    return [n + extra * (w - n) / wish for w, n in zip(want, need, strict=True)]


def _pdf_lines(block: Block) -> list[str]:
    if block.kind == "table":
        return ["  ".join(cell for cell in row if cell) for row in block.rows]
    if block.kind == "signature":
        return ["", *block.text.split("\n")]
    # A PDF has no tab character: text laid out in columns comes back as spaces.
    return block.text.replace("\t", "  ").split("\n")


_NO_BREAK = re.compile(r"[0-9A-Za-z.,%０-９．，％]")
_UNIT_START = "万元亿分%％"


def _wrap(pdf: object, line: str, width: float) -> list[str]:
    """Break a line to the page width, never inside a number or a Latin word."""
    pieces: list[str] = []
    while line and pdf.get_string_width(line) > width:
        cut = _fit(pdf, line, width)
        # Keep a figure whole and with its unit: 1,598.21万元 never spans two lines.
        while cut > 1 and (
            (_NO_BREAK.match(line[cut - 1]) and (_NO_BREAK.match(line[cut]) or line[cut] in _UNIT_START))
            or (line[cut - 1] in "万亿" and line[cut] == "元")
        ):
            cut -= 1
        pieces.append(line[:cut])
        line = line[cut:]
    pieces.append(line)
    return pieces


def _fit(pdf: object, line: str, width: float) -> int:
    low, high = 1, len(line)
    while low < high:
        middle = (low + high + 1) // 2
        if pdf.get_string_width(line[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def render(doc: Doc, fmt: str, style: dict, rng: random.Random, unit: str, code: str, year: int) -> bytes:
    """The file bytes of ``doc`` in format ``fmt``."""
    if fmt == "txt":
        return to_text(doc, style, rng).encode("utf-8")
    if fmt == "txt-gb18030":
        return to_text(doc, style, rng).encode("gb18030")
    if fmt == "md":
        return to_text(doc, style, rng, markdown=True).encode("utf-8")
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "xlsx":
        return to_xlsx(doc)
    if fmt == "xls":
        return to_xls(doc)
    if fmt == "html":
        return to_html(doc, unit, code, year)
    return to_pdf(doc, style, rng)
