"""Prose sections an analyst reads whole: 存在的问题 and 改进措施, and the evaluation period."""

from __future__ import annotations

import functools
import re

from etl.parse.identity import label_value
from etl.parse.source import DATE_LINE_RE, Source, without_letter_spacing
from etl.record import Fact
from etl.text import drawn_characters

HEADING_RE = re.compile(
    r"^\s*#*\s*\**\s*(?P<marker>[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])?\s*(?P<title>[^\n]{2,30})$"
)
PROBLEM_TITLES = re.compile(r"存在(?:的)?问题|问题及原因|主要问题|问题和不足")
# An external evaluation's last section is often headed just "建议" or "相关建议", or "意见和建议", "改进意见";
# those end the heading ("上年度评价意见和建议整改情况" reports on last year's), or its full stop does (Sichuan's
# project template: "（三）相关建议。").
MEASURE_TITLES = re.compile(
    r"改进措施|改进建议|整改措施|下一步.*(?:措施|计划|打算)|意见建议|对策建议|^(?:相关|有关|评价|工作|主要)?建议。?$"
    r"|(?:意见[和及与]建议|改进意见)[:：。]?$"
)
PERIOD_RE = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日?\s*(?:至|到|-|—|~)\s*"
    r"(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)


# "附件：部门整体支出绩效评价指标评分表", "附表2": what follows is no longer the last section's text.
APPENDIX_RE = re.compile(
    r"^\s*#*\s*(?P<marker>附[件表])\s*[\d一二三四五六七八九十]*\s*[:：]?\s*(?P<title>[^\n]{0,30})$"
)


def _headings(source: Source) -> list[tuple[int, int, str, str]]:
    found = []
    for row in source.rows:
        line = source.norm[row.start : row.end]
        if "\t" in line or len(line.strip()) > 34:
            continue
        match = APPENDIX_RE.match(line) or HEADING_RE.match(line)
        if match and (match.group("marker") or line.lstrip().startswith("#")):
            found.append((row.start, row.end, match.group("marker") or "#", match.group("title")))
    return found


def _marker_level(marker: str) -> int:
    if marker in ("附件", "附表"):
        return 0
    if re.match(r"[一二三四五六七八九十]+、", marker) or marker == "#":
        return 1
    return 2 if marker.startswith("（") else 3


def section_text(
    source: Source, title_re: re.Pattern[str], name: str, other_re: re.Pattern[str] | None = None
) -> Fact | None:
    """The longest section whose heading matches, up to the next heading of the same or a higher level; with
    ``other_re``, only a heading that does not also match it ("存在的问题", not "存在的问题及改进措施")."""
    headings = _headings(source)
    best: tuple[int, int] | None = None
    for index, (_, end, marker, title) in enumerate(headings):
        if not title_re.search(title) or (other_re is not None and other_re.search(title)):
            continue
        level = _marker_level(marker)
        stop = next((h[0] for h in headings[index + 1 :] if _marker_level(h[2]) <= level), len(source.norm))
        body = (end + 1, stop)
        if best is None or body[1] - body[0] > best[1] - best[0]:
            best = body
    if best is None or best[1] - best[0] < 4:
        return None
    start, end = best
    end = _without_signature(source, start, end)
    while start < end and source.norm[start].isspace():
        start += 1
    while end > start and source.norm[end - 1].isspace():
        end -= 1
    evidence = source.evidence(start, end)
    readable = drawn_characters(without_letter_spacing(evidence.snippet))
    if readable != evidence.snippet:
        evidence = source.evidence(start, end, "normalised")
    return Fact(name, readable, evidence)


SIGNATURE_LINE_RE = re.compile(
    r"^\s*(?:[\u4e00-\u9fa5（）()]{2,40}(?:联合会|残联|公司|事务所|财政局|局|委员会|中心)|"
    rf"{DATE_LINE_RE.pattern}|相关附件.*|附件[:：].*)\s*$"
)


def _without_signature(source: Source, start: int, end: int) -> int:
    """Cut the signature block (unit, date, attachments list) that closes the last section."""
    lines = source.norm[start:end].split("\n")
    while lines and (not lines[-1].strip() or SIGNATURE_LINE_RE.match(lines[-1])):
        lines.pop()
    return start + len("\n".join(lines))


# A form states them in a row of its own: "存在问题 | …", "改进措施 | …".
PROBLEM_LABELS = ("存在问题", "存在的问题", "主要问题", "问题及原因")
MEASURE_LABELS = ("改进措施", "改进建议", "整改措施", "下一步改进措施")
# An unfilled form keeps the template's instruction in the cell: "…提出下一步改进完善的意见。（200字以内）".
INSTRUCTION_RE = re.compile(r"\d+\s*字以内|字数不超过")


def parse_sections(source: Source) -> list[Fact]:
    """The problems and measures sections as text, or the form's rows of that name."""
    facts = []
    for title_re, labels, other_re, others, name in (
        (PROBLEM_TITLES, PROBLEM_LABELS, MEASURE_TITLES, MEASURE_LABELS, "problems"),
        (MEASURE_TITLES, MEASURE_LABELS, PROBLEM_TITLES, PROBLEM_LABELS, "measures"),
    ):
        # A section of its own first, then a row or line of its label (also inside a section headed
        # "存在的问题及改进措施"), only then such a joint section whole, and last a label inside a paragraph.
        fact = (
            section_text(source, title_re, name, other_re)
            or form_row_text(source, labels, name)
            or section_text(source, title_re, name)
            or paragraph_label_text(source, labels, others, name)
        )
        if fact is not None:
            facts.append(fact)
    return facts


@functools.cache
def _inline_label_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A row label that opens its line, then a colon or spaces before the text ("存在问题   …", "改进措施：…")."""
    return re.compile(rf"(?:{'|'.join(labels)})(?:\s*[:：]\s*|\s+)(?=\S)")


def form_row_text(source: Source, labels: tuple[str, ...], name: str) -> Fact | None:
    """The cell beside (or under) a form's row label, unless the form left the template's instruction there; in a
    text layer that kept the row as one line, what follows the label ("存在问题   个别乡镇…", "改进措施：…")."""
    rows = source.rows
    inline = _inline_label_re(labels)
    for index, row in enumerate(rows):
        if not row.values:
            continue
        first = row.values[0]
        if first.text in labels:
            value = label_value(rows, index)
            span = (value.start, value.end) if value is not None else None
        else:
            opening = inline.match(source.norm, first.start, first.end) if len(row.values) == 1 else None
            span = (opening.end(), first.end) if opening else None
        if span is not None and not INSTRUCTION_RE.search(source.norm, *span):
            return source.fact(name, source.norm[span[0] : span[1]], *span)
    return None


@functools.cache
def _paragraph_label_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A label and its colon after a clause mark, inside a paragraph ("…90分，存在的问题：一是…")."""
    return re.compile(rf"(?<=[，,。；;.\s])(?:{'|'.join(labels)})[:：]")


def paragraph_label_text(source: Source, labels: tuple[str, ...], others: tuple[str, ...], name: str) -> Fact | None:
    """"…得分90分，存在的问题：一是…。下一步改进措施：一是…": the text after a label inside a paragraph, up to the other
    section's label or the end of the line."""
    closing = _paragraph_label_re(others)
    for opening in source.finditer(_paragraph_label_re(labels)):
        line_end = source.norm.find("\n", opening.end())
        line_end = len(source.norm) if line_end < 0 else line_end
        stop = closing.search(source.norm, opening.end(), line_end)
        start, end = opening.end(), stop.start() if stop else line_end
        text = source.norm[start:end]
        end -= len(text) - len(text.rstrip())
        if text.strip() and not INSTRUCTION_RE.search(text):
            return source.fact(name, source.norm[start:end], start, end)
    return None


def evaluation_periods(source: Source) -> list[Fact]:
    """Every evaluation period the text gives, as "YYYY-MM-DD..YYYY-MM-DD"."""
    periods = []
    for match in source.finditer(PERIOD_RE):
        y1 = int(match.group("y1"))
        y2 = int(match.group("y2") or y1)
        value = (
            f"{y1:04d}-{int(match.group('m1')):02d}-{int(match.group('d1')):02d}.."
            f"{y2:04d}-{int(match.group('m2')):02d}-{int(match.group('d2')):02d}"
        )
        periods.append(source.fact("evaluation_period", value, match.start(), match.end()))
    return periods
