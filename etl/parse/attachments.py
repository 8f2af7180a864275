"""Projects' 自评表 attached to a department's report: where the report proper ends, and each form's project."""

from __future__ import annotations

import re
from dataclasses import replace

from etl.parse import identity
from etl.parse.sections import APPENDIX_RE
from etl.parse.source import DATE_LINE_RE, Source
from etl.parse.tables import Row
from etl.record import Evidence

# "2023年度项目支出绩效自评表", "项目绩效评价表": the title a project's form is printed under; Sichuan's form puts its
# year after it ("部门预算项目支出绩效自评表（2023年度）"), and a page can hold one such form after another.
FORM_TITLE_RE = re.compile(r"项目[^\n\t]{0,12}?(?:自评表|评价表)\s*(?:[（(]\s*(?:19|20)\d{2}\s*年度?\s*[)）])?\s*$")
# The national form puts 项目名称 in its first rows, under the title and a line of units ("单位：万元").
FORM_HEAD_ROWS = 6
PROJECT_LABEL = "项目名称"


def project_form_starts(source: Source) -> list[int]:
    """Where each attached project form begins (offsets in ``norm``): its 附件 line, else its title.

    A form is a title or an 附件 line followed closely by a 项目名称 cell holding a name; a table of projects
    ("项目名称 | 预算数 | 执行数") has a column header there instead, and is the department's own.
    """
    rows = source.rows
    starts: list[int] = []
    index = 0
    while index < len(rows):
        label_row = _project_label_below(source, rows, index) if _opens_a_form(source, rows[index]) else None
        if label_row is None and _is_signature_date(source, rows[index]):
            # A form pasted right under the signature, with neither title nor 附件 line.
            label_row = _project_label_below(source, rows, index, within=1)
            if label_row is not None:
                index = label_row
        if label_row is None:
            index += 1
            continue
        starts.append(rows[index].start)
        index = label_row + 1
    return starts


def _opens_a_form(source: Source, row: Row) -> bool:
    line = source.norm[row.start : row.end].strip().lstrip("#").strip()
    if not line or "\t" in line or len(line) > 40:
        return False
    return bool(APPENDIX_RE.match(line) or FORM_TITLE_RE.search(line))


def _is_signature_date(source: Source, row: Row) -> bool:
    return DATE_LINE_RE.fullmatch(source.norm, row.start, row.end) is not None


def _project_label_below(source: Source, rows: list[Row], index: int, within: int = FORM_HEAD_ROWS) -> int | None:
    """The row, a few below ``index``, whose 项目名称 cell names a project; None when a column header is there."""
    for below in range(index + 1, min(len(rows), index + 1 + within)):
        values = rows[below].values
        if not values or not values[0].text.startswith(PROJECT_LABEL):
            continue
        # A PDF's text layer keeps the row as one line: "项目名称 残疾人康复救助", "项目名称：…".
        inline = values[0].text.removeprefix(PROJECT_LABEL).strip(" :：").split()
        if inline:
            return below if _is_a_name(inline[0]) else None
        value = identity.label_value(rows, below)
        return below if value is not None and _is_a_name(value.text) else None
    return None


# A column header beside 项目名称 in a table of projects ("项目名称 预算数 执行数"), not a project's name.
COLUMN_HEADER_RE = re.compile(
    r"^(?:年初|全年|调整后)?(?:预算|执行|决算|支出)(?:数|金额|率)?$|^(?:金额|分值|得分|序号|单位)"
)


def _is_a_name(text: str) -> bool:
    return identity.is_form_value(text) and not COLUMN_HEADER_RE.match(text)


def project_key(name: str) -> str:
    """A project's name as a department's own table of projects and an attached form both give it: the table's
    "2022年残疾人康复救助" or "51092324T000008036127-残疾人康复救助" is the form's "残疾人康复救助", whose 项目名称 is
    read without the budget system's code and the year and place that frame it."""
    name = name.replace(" ", "")
    name = name[identity.project_code_length(name) :]
    return name[identity.leading_frame_length(name) :]


Span = tuple[int, int]  # offsets into Document.text


def form_spans(source: Source, starts: list[int]) -> list[Span]:
    """Each form's span in the original text, from its start to the next form's; the last one's to the end, or to
    an appendix of the report's own after the forms ("附件3 部门整体支出绩效评价指标评分表")."""
    originals = [source.to_original(start, start)[0] for start in starts]
    end = _forms_end(source, starts[-1])
    return list(zip(originals, [*originals[1:], source.to_original(end, end)[0]], strict=True))


def _forms_end(source: Source, last_start: int) -> int:
    """Where the last form ends (offset in ``norm``): the first 附件 line after it that opens no form, else the end."""
    rows = source.rows
    first = next(index for index, row in enumerate(rows) if row.start >= last_start)
    for index in range(first + 1, len(rows)):
        row = rows[index]
        line = source.norm[row.start : row.end]
        if _opens_a_form(source, row) and APPENDIX_RE.match(line) and _project_label_below(source, rows, index) is None:
            return row.start
    return len(source.norm)


def shifted(evidence: Evidence, offset: int) -> Evidence:
    """Evidence read from a slice of the text, placed back in the whole text."""
    return replace(evidence, start=evidence.start + offset, end=evidence.end + offset)
