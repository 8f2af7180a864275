"""Table downloads exactly as shown: CSV (UTF-8 with BOM, so Excel reads Chinese) and Excel, with the filters
and the warehouse build id written above the table."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import xlsxwriter

from charts import ShownTable

Meta = Sequence[tuple[str, str]]

# Report text is written by many hands; a CSV cell starting with these would run as a formula in Excel.
FORMULA_STARTS = frozenset("=+@\t\r")
EXCEL_FORMATS = {"wan": "#,##0.00", "pct": "0.00%", "score": "0.00", "int": "0"}


def meta_rows(title: str, filters: Sequence[str], build_id: str | None, built_at: str | None) -> list[tuple[str, str]]:
    """The header block of every download: what the table is, the filters applied, the data version."""
    return [
        ("表格", title),
        ("筛选条件", "；".join(filters) if filters else "全部"),
        ("数据版本", build_id or "未知"),
        ("构建时间", built_at or "未知"),
        ("金额单位", "万元"),
    ]


def to_csv_bytes(table: ShownTable, meta: Meta) -> bytes:
    """The table as displayed, after the meta rows and a blank line, as UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for key, value in meta:
        writer.writerow([key, value])
    writer.writerow([])
    text = table.as_text()
    writer.writerow(text.columns)
    writer.writerows([_inert(cell) for cell in row] for row in text.iter_rows())
    return buffer.getvalue().encode("utf-8-sig")


def _inert(cell: str) -> str:
    """A cell Excel will not run as a formula: report text starting with = + @ gets a leading apostrophe."""
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell


def _excel_value(kind: str, value: object) -> object:
    if value is None:
        return None
    if kind == "pct":
        return float(value) / 100  # Excel's percent format multiplies by 100
    if kind == "bool":
        return "达成" if value else "未达成"
    return value


def to_excel_bytes(table: ShownTable, meta: Meta, sheet: str = "数据") -> bytes:
    """The table as an .xlsx sheet: meta rows, a blank row, then the table with numbers formatted as shown."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    worksheet = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    formats = {kind: book.add_format({"num_format": spec}) for kind, spec in EXCEL_FORMATS.items()}
    for row, (key, value) in enumerate(meta):
        worksheet.write_string(row, 0, key, bold)
        worksheet.write_string(row, 1, value)
    first = len(meta) + 1
    for col, header in enumerate(table.frame.columns):
        worksheet.write_string(first, col, header, bold)
        kind = table.kinds.get(header, "text")
        worksheet.set_column(col, col, max(10, min(40, len(header) * 2 + 2)))
        for offset, value in enumerate(table.frame.get_column(header).to_list(), start=1):
            cell = _excel_value(kind, value)
            if cell is None:
                continue
            if kind in formats and isinstance(cell, (int, float)):
                worksheet.write_number(first + offset, col, cell, formats[kind])
            else:
                # write_string: a report text starting with "=" must stay text, never become a formula.
                worksheet.write_string(first + offset, col, str(cell))
    book.close()
    return buffer.getvalue()
