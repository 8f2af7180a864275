"""Builders of real report files (txt, docx, xlsx, pdf, html) in a test's tmp_path, made with the real libraries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def seed_paths() -> list[Path]:
    """The five sample reports."""
    return sorted(SEEDS.glob("*.txt"))


def seed_text(index: int = 0) -> str:
    """One sample report's text."""
    return seed_paths()[index].read_text(encoding="utf-8")


def make_text(folder: Path, text: str, encoding: str = "utf-8", name: str = "report.txt") -> Path:
    """A text file holding ``text`` in ``encoding`` (utf-8-sig and utf-16 write a BOM)."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def make_bytes(folder: Path, data: bytes, name: str) -> Path:
    """A file holding exactly ``data``."""
    path = folder / name
    path.write_bytes(data)
    return path


# --- Word ---------------------------------------------------------------------------------------------------------

Block = str | list[list[str]]


def make_docx(folder: Path, blocks: list[Block], name: str = "report.docx", header: str = "") -> Path:
    """A .docx of paragraphs (str) and tables (list of rows), in order; "\\f" as a block is a page break."""
    import docx

    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
        document.sections[0].footer.paragraphs[0].text = header
    for block in blocks:
        if block == "\f":
            document.add_page_break()
        elif isinstance(block, str):
            document.add_paragraph(block)
        else:
            fill_docx_table(document.add_table(rows=len(block), cols=len(block[0])), block)
    path = folder / name
    document.save(str(path))
    return path


def fill_docx_table(table: Any, rows: list[list[str]]) -> None:
    """Write rows into an existing python-docx table, cell by cell."""
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value


def make_docx_with(folder: Path, build: Callable[[Any], object], name: str = "report.docx") -> Path:
    """A .docx shaped by ``build(document)`` (for merges, nested tables and other layouts)."""
    import docx

    document = docx.Document()
    build(document)
    path = folder / name
    document.save(str(path))
    return path


# --- Excel --------------------------------------------------------------------------------------------------------


def make_xlsx(
    folder: Path,
    sheets: dict[str, list[list[Any]]],
    name: str = "report.xlsx",
    build: Callable[[Any], object] | None = None,
) -> Path:
    """An .xlsx with one sheet per entry (rows of cell values), then shaped by ``build(workbook)`` if given."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if build:
        build(workbook)
    path = folder / name
    workbook.save(str(path))
    return path


# A cell of make_xls: a value, or (value, Excel number format).
XlsCell = Any


def make_xls(
    folder: Path,
    sheets: dict[str, list[list[XlsCell]]],
    name: str = "report.xls",
    merges: tuple[tuple[int, int, int, int], ...] = (),
) -> Path:
    """An Excel 97–2003 workbook (via xlwt): one sheet per entry; ``merges`` (first row, last row, first column, last
    column, 0-based) merge ranges of the first sheet, keeping the top-left value."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for index, (title, rows) in enumerate(sheets.items()):
        sheet = workbook.add_sheet(title)
        merged = {(r0, c0): (r1, c1) for r0, r1, c0, c1 in merges} if index == 0 else {}
        for row_index, row in enumerate(rows):
            for column, cell in enumerate(row):
                value, fmt = cell if isinstance(cell, tuple) else (cell, None)
                style = xlwt.easyxf(num_format_str=fmt) if fmt else xlwt.Style.default_style
                if (row_index, column) in merged:
                    last_row, last_column = merged[(row_index, column)]
                    sheet.write_merge(row_index, last_row, column, last_column, value, style)
                elif value is not None and not _inside_merge(row_index, column, merges if index == 0 else ()):
                    sheet.write(row_index, column, value, style)
    path = folder / name
    workbook.save(str(path))
    return path


def _inside_merge(row: int, column: int, merges: tuple[tuple[int, int, int, int], ...]) -> bool:
    return any(r0 <= row <= r1 and c0 <= column <= c1 for r0, r1, c0, c1 in merges)


def make_xlsx_with_formulas(
    folder: Path, formulas: dict[str, tuple[str, float | str | None]], name: str = "f.xlsx"
) -> Path:
    """An .xlsx whose cells hold formulas with the given cached results (None: never calculated), via xlsxwriter."""
    import xlsxwriter

    path = folder / name
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("自评表")
    sheet.write("A1", "金额")
    sheet.write("B1", 100)
    sheet.write("B2", 200)
    for cell, (formula, cached) in formulas.items():
        if cached is None:
            sheet.write_formula(cell, formula)
        else:
            sheet.write_formula(cell, formula, None, cached)
    workbook.close()
    for cell, (_, cached) in formulas.items():
        if cached is None:  # xlsxwriter stores 0 for an uncalculated formula; tools without Excel store nothing
            _patch_sheet(path, rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)<v>0</v>', r"\1\2")
        elif cached == "":  # Excel marks an empty text result t="str"; xlsxwriter leaves the type out
            _patch_sheet(path, rf'<c r="{cell}"([^>]*)>', rf'<c r="{cell}" t="str"\1>')
    return path


def _patch_sheet(path: Path, pattern: str, replacement: str) -> None:
    """Rewrite the first worksheet's XML inside an .xlsx with one regex substitution."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(pattern, replacement, sheet).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


# --- PDF ----------------------------------------------------------------------------------------------------------

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_FONT_SC = 2  # index of Noto Sans CJK SC in the collection


def make_pdf(
    folder: Path,
    pages: list[list[str]],
    name: str = "report.pdf",
    footer: str | None = None,
    header: str | None = None,
    password: str | None = None,
) -> Path:
    """A text PDF (Noto Sans CJK SC), one list of lines per page; footer/header may hold {page} and {pages}."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_font("noto", fname=CJK_FONT, collection_font_number=CJK_FONT_SC)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("noto", size=11)
        if header is not None:
            pdf.set_xy(10, 5)
            pdf.cell(0, 8, header.format(page=number, pages=len(pages)), align="C")
        pdf.set_xy(10, 20)
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        if footer is not None:
            pdf.set_xy(10, 280)
            pdf.cell(0, 8, footer.format(page=number, pages=len(pages)), align="C")
    path = folder / name
    pdf.output(str(path))
    return path


def make_pdf_table(folder: Path, prose: str, rows: list[list[str]], name: str = "table.pdf") -> Path:
    """A PDF page with a paragraph of prose above a ruled table, laid out by fpdf2's table()."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF()
    pdf.add_font("noto", fname=CJK_FONT, collection_font_number=CJK_FONT_SC)
    pdf.set_font("noto", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 6, prose)
    with pdf.table(headings_style=FontFace()) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    path = folder / name
    pdf.output(str(path))
    return path


def make_scanned_pdf(folder: Path, pages: int = 2, name: str = "scan.pdf") -> Path:
    """A PDF whose pages are only images, as a scanner makes them: no text layer."""
    from fpdf import FPDF
    from PIL import Image

    image = Image.new("RGB", (200, 280), "white")
    for x in range(20, 180):
        image.putpixel((x, 40), (0, 0, 0))
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=190)
    path = folder / name
    pdf.output(str(path))
    return path


# --- web pages ----------------------------------------------------------------------------------------------------


def make_html(
    folder: Path, body: str, encoding: str = "utf-8", meta: str | None = "utf-8", name: str = "r.html"
) -> Path:
    """A saved web page around ``body``, declaring ``meta`` as its charset and encoded as ``encoding``."""
    head = f'<meta charset="{meta}">' if meta else ""
    page = f"<!DOCTYPE html><html><head>{head}<title>标题栏</title></head><body>{body}</body></html>"
    path = folder / name
    path.write_bytes(page.encode(encoding))
    return path


WORD_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def word_xml(fragment: str) -> Any:
    """A WordprocessingML element from a fragment written with w: and mc: prefixes (declared here)."""
    import re

    from docx.oxml import parse_xml

    name_end = re.match(r"<[\w:]+", fragment).end()
    return parse_xml(fragment[:name_end] + " " + WORD_NAMESPACES + fragment[name_end:])


def add_word_list(
    document: Any,
    num_id: int,
    levels: list[tuple[str, str]],
    restart_at: int | None = None,
    same_definition_as: int | None = None,
) -> None:
    """Define Word list ``num_id``: one (numFmt, lvlText) per level, or reuse another list's definition."""
    numbering = document.part.numbering_part.element
    abstract_id = 900 + (same_definition_as or num_id)
    if same_definition_as is None:
        lvls = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
            for level, (fmt, text) in enumerate(levels)
        )
        # abstract definitions must come before every w:num in the part
        numbering.insert(0, word_xml(f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>' if restart_at else ""
    )
    numbering.append(word_xml(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'))


def add_excel_object(document: Any, workbook: bytes | None, prog_id: str = "Excel.Sheet.12") -> None:
    """A paragraph holding an embedded Excel worksheet object, as Word writes one (the workbook a part of the package,
    named by an o:OLEObject in a w:object); ``workbook`` None: the part is missing, as in a damaged file."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    r_id = "rIdMissing"
    if workbook is not None:
        if prog_id == "Excel.Sheet.8":  # an Excel 97–2003 workbook, in an OLE container as Word stores it
            name = PackURI(f"/word/embeddings/oleObject{len(document.part.rels)}.bin")
            content_type = "application/vnd.openxmlformats-officedocument.oleObject"
        else:
            name = PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{len(document.part.rels)}.xlsx")
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        part = Part(name, content_type, workbook, document.part.package)
        r_id = document.part.relate_to(part, RELATIONSHIP_TYPE.PACKAGE)
    ole = f'<o:OLEObject Type="Embed" ProgID="{prog_id}" ShapeID="_x0000_i1025" r:id="{r_id}"/>'
    document.add_paragraph()._p.append(word_xml(f"<w:r><w:object>{ole}</w:object></w:r>"))


def with_ole_size(workbook: bytes, ref: str) -> bytes:
    """An .xlsx's bytes with the visible range of its object view (oleSize) set, as Excel writes it when embedded."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    ole_size = f'<oleSize ref="{ref}"/></workbook>'.encode()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</workbook>", ole_size)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def number_paragraph(paragraph: Any, num_id: int, level: int = 0) -> None:
    """Put a paragraph in Word list ``num_id`` at ``level`` (as Word does with w:numPr)."""
    properties = paragraph._p.get_or_add_pPr()
    properties.append(word_xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def project_sheet(name: str, budget: float, executed: float, total: float) -> list[list[object]]:
    """One project's 自评表 as a worksheet's rows."""
    return [
        ["2023年度项目支出绩效自评表"],
        ["项目名称", name],
        ["主管部门", "宁乡市残疾人联合会", "实施单位", "宁乡市残疾人联合会"],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", budget, budget, executed, 10, f"{executed / budget:.2%}", 9],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "服务人数", "≥100人", "104人", 40, 40],
        ["总分", 100, total],
    ]
