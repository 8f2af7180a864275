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
# "问题和建议" / "问题及对策" ends the heading of a section of both ("四、问题和建议"), not of one about them.
JOINT_TITLE = r"|问题[和及与](?:改进)?(?:建议|对策)[:：。]?$"
# The project 自评报告 template heads its problems "偏离绩效目标的原因和下一步改进措施" (or "绩效目标未完成原因和下一步
# 改进措施"): why the targets were missed is what went wrong.
PROBLEM_TITLES = re.compile(
    r"存在(?:的)?问题|问题及原因|主要问题|问题和不足|偏离绩效目标的?原因|目标未完成的?原因" + JOINT_TITLE
)
# An external evaluation's last section is often headed just "建议" or "相关建议", or "意见和建议", "改进意见";
# those end the heading ("上年度评价意见和建议整改情况" reports on last year's), or its full stop does (Sichuan's
# project template: "（三）相关建议。").
MEASURE_TITLES = re.compile(
    r"改进措施|改进建议|整改措施|下一步.*(?:措施|计划|打算)|意见建议|对策建议|^(?:相关|有关|评价|工作|主要)?建议。?$"
    r"|(?:意见[和及与]建议|改进意见)[:：。]?$" + JOINT_TITLE
)
PERIOD_RE = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日?\s*(?:至|到|-|—|~)\s*"
    r"(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)


# "附件：部门整体支出绩效评价指标评分表", "附表2": what follows is no longer the last section's text.
APPENDIX_RE = re.compile(
    r"^\s*#*\s*(?P<marker>附[件表])\s*[\d一二三四五六七八九十]*\s*[:：]?\s*(?P<title>[^\n]{0,30})$"
)


Heading = tuple[int, int, str, str]  # start, end, marker, title

# The national template's "五、主要经验及做法、存在的问题及原因分析" heads two parts, each a sub-heading of its own:
# a heading that names another topic before the one looked for ("…做法、", "项目成效、") stands for its part's
# sub-heading.
OTHER_TOPIC_FIRST_RE = re.compile(r"[、，,及和与]\**\s*$")


def _headings(source: Source) -> list[Heading]:
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


def _section_span(
    source: Source,
    headings: list[Heading],
    title_re: re.Pattern[str],
    other_re: re.Pattern[str] | None = None,
    joint: bool = False,
) -> tuple[int, int] | None:
    """The body of the longest section whose heading matches ``title_re``, up to the next heading of the same or a
    higher level; with ``other_re``, only a heading that does not also match it, with ``joint`` only one that does."""
    found: list[tuple[int, int, bool]] = []  # body start, end, whether the heading names another topic first
    for index, (_, end, marker, title) in enumerate(headings):
        match = title_re.search(title)
        if not match or (other_re is not None and bool(other_re.search(title)) != joint):
            continue
        level = _marker_level(marker)
        stop = next((h[0] for h in headings[index + 1 :] if _marker_level(h[2]) <= level), len(source.norm))
        found.append((end + 1, stop, bool(OTHER_TOPIC_FIRST_RE.search(title, 0, match.start()))))
    best: tuple[int, int] | None = None
    for start, stop, shared in found:
        inner = [f for f in found if start <= f[0] and f[1] <= stop and f[:2] != (start, stop)]
        if shared and len(inner) == 1:
            start, stop = inner[0][:2]  # "五、主要经验及做法、存在的问题…": its "（二）存在的问题…" part
        if best is None or stop - start > best[1] - best[0]:
            best = (start, stop)
    return best


def section_text(
    source: Source,
    title_re: re.Pattern[str],
    name: str,
    other_re: re.Pattern[str] | None = None,
    headings: list[Heading] | None = None,
) -> Fact | None:
    """The longest section whose heading matches, up to the next heading of the same or a higher level; with
    ``other_re``, only a heading that does not also match it ("存在的问题", not "存在的问题及改进措施")."""
    best = _section_span(source, _headings(source) if headings is None else headings, title_re, other_re)
    if best is None or best[1] - best[0] < 4:
        return None
    return _body_fact(source, *best, name)


def _body_fact(source: Source, start: int, end: int, name: str) -> Fact | None:
    """A section's body as a fact: the closing signature and surrounding blank space left out."""
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
    headings = _headings(source)  # read once: every section below is looked for among them
    for title_re, labels, other_re, others, name in (
        (PROBLEM_TITLES, PROBLEM_LABELS, MEASURE_TITLES, MEASURE_LABELS, "problems"),
        (MEASURE_TITLES, MEASURE_LABELS, PROBLEM_TITLES, PROBLEM_LABELS, "measures"),
    ):
        # A section of its own first, then a row or line of its label (also inside a section headed
        # "存在的问题及改进措施"), then the part of such a joint section its body marks, only then the joint section
        # whole, and last a label inside a paragraph.
        fact = (
            section_text(source, title_re, name, other_re, headings)
            or form_row_text(source, labels, name, others)
            or joint_section_part(source, name, headings)
            or section_text(source, title_re, name, headings=headings)
            or paragraph_label_text(source, labels, others, name)
        )
        if fact is not None:
            facts.append(fact)
    return facts


# Inside a joint section ("存在的问题及改进措施") with no sub-heading of either name, what marks where its
# measures begin: two sub-headings "（一）…问题" / "（二）…措施", one label "措施：" after the problems (opened or
# not by "问题："), or, without sub-headings, one paragraph opened by "下一步" / "针对上述问题" after them.
# A sub-heading naming one problem or measure ("（一）预算编制不够精准的问题") is an item of the text, not the
# name of a part: a few words before at most.
PART_PROBLEM_TITLE_RE = re.compile(r"^[^，,。；\s]{0,6}(?:问题|不足)(?:及其?原因)?[:：。]?\s*$")
PART_MEASURE_TITLE_RE = re.compile(r"^[^，,。；\s]{0,6}(?:措施|建议|打算|对策)[:：。]?\s*$")
# The labels may be numbered as the body's two items: "（一）存在问题：…\n（二）改进措施：…", "1.问题：…2.措施：…".
PART_NUMBER = r"(?:[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十\d]{1,2}[、.．])?[ \t\u3000]*"
PROBLEM_OPENING_RE = re.compile(rf"\s*{PART_NUMBER}(?:存在的?|主要)?问题(?:及原因)?[:：]")
MEASURE_OPENING_RE = re.compile(
    rf"(?:^|(?<=[。；;]))[ \t\u3000]*{PART_NUMBER}(?:下一步)?(?:的)?(?:改进|整改|工作)?(?:措施|建议)[:：]", re.MULTILINE
)
# A paragraph, or a sentence, that turns to what will be done: "下一步，…", "下步…", "今后…", "针对上述问题，…".
NEXT_STEP_RE = re.compile(
    r"(?:^|(?<=。))[ \t\u3000]*(?:下一?步|今后|针对(?:上述|以上|存在的|这些)问题)", re.MULTILINE
)
# A numbered item after it that is not a first one ("二是", "（3）") goes on with the problems' list: no split there.
ITEM_NUMBER_RE = re.compile(
    r"[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]{1,2}[)）]|[①-⑳]|^\s*\d{1,2}[、.．](?!\d)", re.MULTILINE
)
FIRST_ITEM_RE = re.compile(r"一是|[（(][一1][)）]|①|\s*1[、.．]")
Spans = tuple[tuple[int, int], tuple[int, int]]


def joint_section_part(source: Source, name: str, headings: list[Heading]) -> Fact | None:
    """The problems or the measures part of a joint section whose body marks where the measures begin; None when it
    does not (the whole section then stands for both)."""
    span = _section_span(source, headings, PROBLEM_TITLES, MEASURE_TITLES, joint=True)
    if span is None:
        return None
    inner = [h for h in headings if span[0] <= h[0] < span[1]]
    parts = (
        _subheading_parts(inner, *span)
        or _labelled_parts(source, inner, *span)
        or _next_step_parts(source, inner, *span)
    )
    if parts is None:
        return None
    start, end = parts[0] if name == "problems" else parts[1]
    return _body_fact(source, start, end, name) if source.norm[start:end].strip() else None


def _subheading_parts(headings: list[Heading], start: int, end: int) -> Spans | None:
    """Exactly two sub-headings at the body's top level, "（一）…问题" then "（二）…措施": each heads its part."""
    if not headings:
        return None
    top = min(_marker_level(h[2]) for h in headings)
    first, *rest = [h for h in headings if _marker_level(h[2]) == top]
    if len(rest) != 1 or not PART_PROBLEM_TITLE_RE.search(first[3]) or not PART_MEASURE_TITLE_RE.search(rest[0][3]):
        return None
    return (first[1] + 1, rest[0][0]), (rest[0][1] + 1, end)


def _labelled_parts(source: Source, headings: list[Heading], start: int, end: int) -> Spans | None:
    """One "措施：" label opening a line or sentence: the problems before it (without their "问题：" label), the
    measures after it. Labels given item by item ("问题1：…措施：…") are no split."""
    labels = list(source.finditer(MEASURE_OPENING_RE, start, end))
    if len(labels) != 1 or any(h[0] > labels[0].start() for h in headings):
        return None
    opening = PROBLEM_OPENING_RE.match(source.norm, start, labels[0].start())
    return (opening.end() if opening else start, labels[0].start()), (labels[0].end(), end)


def _next_step_parts(source: Source, headings: list[Heading], start: int, end: int) -> Spans | None:
    """One paragraph or sentence opened by "下一步", "今后" or "针对上述问题" after the problems, in a body without
    sub-headings: the measures from there on. Under sub-headings, or when the problems' numbered items go on after
    it ("一是…。下一步将…。二是…"), it is one item's own measure, not the part's."""
    openings = list(source.finditer(NEXT_STEP_RE, start, end))
    if len(openings) != 1 or headings or not source.norm[start : openings[0].start()].strip():
        return None
    split = openings[0].start()
    item = ITEM_NUMBER_RE.search(source.norm, split, end)
    if item is not None and not FIRST_ITEM_RE.match(item.group()):
        return None
    return (start, split), (split, end)


@functools.cache
def _inline_label_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A row label that opens its line, then a colon or spaces before the text ("存在问题   …", "改进措施：…")."""
    return re.compile(rf"(?:{'|'.join(labels)})(?:\s*[:：]\s*|\s+)(?=\S)")


def form_row_text(source: Source, labels: tuple[str, ...], name: str, others: tuple[str, ...] = ()) -> Fact | None:
    """The cell beside (or under) a form's row label, unless the form left the template's instruction there; in a
    text layer that kept the row as one line, what follows the label ("存在问题   个别乡镇…", "改进措施：…"), up to
    the other section's label when the line goes on with it ("存在问题：…。下一步改进措施：…")."""
    rows = source.rows
    inline = _inline_label_re(labels)
    closing = _paragraph_label_re(others) if others else None
    for index, row in enumerate(rows):
        if not row.values:
            continue
        first = row.values[0]
        if first.text in labels:
            value = label_value(rows, index)
            span = (value.start, value.end) if value is not None else None
        else:
            opening = inline.match(source.norm, first.start, first.end) if len(row.values) == 1 else None
            stop = closing.search(source.norm, opening.end(), first.end) if opening and closing else None
            span = (opening.end(), stop.start() if stop else first.end) if opening else None
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
