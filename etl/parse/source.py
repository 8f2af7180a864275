"""The text being parsed: as written (for evidence) and as flowing prose (for matching), offsets mapped."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from etl.parse.tables import TABLE_HEADER_LABELS, Row, split_rows
from etl.parse.template import restore_form_rows
from etl.record import Evidence, Fact, Method
from etl.text import is_traditional, normalise

# Clause ends: a fact's label and its figure must stand in the same clause.
CLAUSE_END = "。；;\n"
# A clause ends there too, or at a comma: the piece of a sentence a figure or a grade is said in.
PIECE_END = "。；;，,\n"
# "上年度…", "去年…", "上一年…": the piece says last year's figure, score or grade; "上年结转" is a source of funds.
PREVIOUS_YEAR_RE = re.compile(r"上一?年(?!结转|结余)|去年|前一年")
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|\d{1,4}\s*/\s*\d{1,4}"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)
SENTENCE_END_RE = re.compile(r"[。；！？：:;!?]\s*$")
HEADING_START_RE = re.compile(
    r"^\s*(?:#|[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\(\d+\)|\d+[.、．](?!\d)|第[一二三四五六七八九十]+[章节部分])"
)
# Titles and captions end with the document's own nouns; a layout wrap almost never falls right after one.
# After the noun may come the subject in brackets ("…自评报告(残疾人事业发展补助资金)") or, in a copy from a
# document-sharing site, the file's extension.
FILE_EXTENSION = r"\.(?:docx?|pdf|xlsx?|wps|txt)"
TITLE_TAIL = rf"(?:\s*[（(][^（）()]{{2,40}}[)）])?(?:{FILE_EXTENSION})?\s*$"
TITLE_END_RE = re.compile(rf"(?:报告|结果|自评表|评价表|情况表|一览表|情况|说明){TITLE_TAIL}", re.IGNORECASE)
PLAIN_FIGURE_RE = re.compile(r"[\d.,]+\s*[分%]?")
# A signature's date; month and day may be written in Chinese numerals ("二〇二三年六月十日": normalise has made
# the year digits already).
_MONTH_OR_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_LINE_RE = re.compile(rf"\s*(?:19|20)\d{{2}}\s*年\s*{_MONTH_OR_DAY}\s*月(?:\s*{_MONTH_OR_DAY}\s*日)?\s*")
WRAPPED_LINE_MIN = 20  # a line this long that stops mid-sentence was wrapped by the layout, not by the writer
# A field of a web page's furniture ("发布时间：…  来源：…"): a short label at the line's start or after a space.
# "其中：" in prose follows a comma, so a sentence such as "1、收入：…，其中：…" is not furniture.
FURNITURE_FIELD_RE = re.compile(r"(?:^|\s)[^\s：:，,。；;]{1,8}[：:]")


@dataclass
class Source:
    """One document's text. ``norm`` is normalised and has layout breaks removed (a line wrapped mid-sentence,
    a page number cutting a sentence); ``to_original`` maps its offsets back to ``text``."""

    text: str
    path: str = ""
    norm: str = field(init=False)
    traditional: bool = field(init=False)  # written in traditional characters, read in simplified ones
    _origin: array | None = field(init=False, default=None)
    _marks: dict[str, list[int]] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.traditional = is_traditional(self.text)
        unspaced, removed = _without_letter_spacing(normalise(self.text, self.traditional))
        self.norm, flowed = _flow(restore_form_rows(unspaced))
        self._origin = _composed(removed, flowed)

    @cached_property
    def rows(self) -> list[Row]:
        """Every line as a table row of cells (offsets into ``norm``)."""
        return split_rows(self.norm)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of ``norm[start:end]`` in the text as written."""
        if self._origin is None:
            return start, end
        if end <= start:
            position = self._origin[start] if start < len(self._origin) else len(self.text)
            return position, position
        return self._origin[start], self._origin[end - 1] + 1

    def to_norm(self, original: int) -> int:
        """The offset in ``norm`` of the character at ``original`` in the text (or of the next one kept)."""
        if self._origin is None:
            return original
        return bisect_left(self._origin, original)

    def evidence(self, start: int, end: int, method: Method = "exact") -> Evidence:
        """Evidence for a span of ``norm``, quoting the text as written."""
        original_start, original_end = self.to_original(start, end)
        return Evidence(original_start, original_end, self.text[original_start:original_end], method)

    def fact(self, name: str, value: float | int | str, start: int, end: int, method: Method = "exact") -> Fact:
        """A fact whose evidence is the span ``start:end`` of ``norm``."""
        return Fact(name, value, self.evidence(start, end, method))

    def sentence_bounds(self, position: int) -> tuple[int, int]:
        """The clause-level sentence (up to 。；newline) holding ``position``."""
        return self.between_marks(position, CLAUSE_END)

    def between_marks(self, position: int, marks: str) -> tuple[int, int]:
        """The span around ``position`` that none of the characters ``marks`` cuts: after the last one before it, up
        to the first one at or after it. Found by bisection: searching the text for a mark it lacks scanned it all,
        once per figure."""
        offsets = self._mark_offsets(marks)
        index = bisect_left(offsets, position)
        start = offsets[index - 1] + 1 if index else 0
        return start, offsets[index] if index < len(offsets) else len(self.norm)

    def _mark_offsets(self, marks: str) -> list[int]:
        if marks not in self._marks:
            pattern = re.compile("[" + re.escape(marks) + "]")
            self._marks[marks] = [match.start() for match in pattern.finditer(self.norm)]
        return self._marks[marks]

    def finditer(self, pattern: re.Pattern[str], start: int = 0, end: int | None = None):
        """Matches of a compiled pattern on ``norm``."""
        return pattern.finditer(self.norm, start, len(self.norm) if end is None else end)


# Text some PDF extractions give, and copies of it, with a space after every character ("存 在 的 问 题",
# "3 5 6 . 2 0 万 元"); pypdfium2 itself writes character-spaced PDF text without them.
LETTER_SPACED_HINT_RE = re.compile(r"[\u4e00-\u9fa5] [\u4e00-\u9fa5] [\u4e00-\u9fa5] ")
INNER_SPACE_RE = re.compile(r"(?<=\S) (?=\S)")
LETTER_SPACED_SHARE = 0.7  # of a line's space-separated pieces that are single characters


def _is_letter_spaced(line: str) -> bool:
    """A line written with a space after every character; not a table row (tabs, pipes) or a row of cells."""
    if "\t" in line or "|" in line:
        return False
    pieces = line.split()
    singles = [piece for piece in pieces if len(piece) == 1]
    chinese = sum(1 for piece in singles if "\u4e00" <= piece <= "\u9fa5")  # "目标序号 1 2 3" is a row of cells
    return len(pieces) >= 4 and chinese >= 3 and len(singles) >= LETTER_SPACED_SHARE * len(pieces)


# A PDF's line breaking or justification can put a space after a figure's decimal point ("372. 40万元"). Only
# after a number inside a line: at a line's start "2. 50%以上…" is an item of a numbered list.
NUMBER_GAP_RE = re.compile(r"\.( +)(?=\d{1,4}\s*(?:万元|亿元|元|%|分))")


def without_letter_spacing(text: str) -> str:
    """``text`` with the spaces of its letter-spaced lines removed (for prose an analyst reads)."""
    return _without_letter_spacing(text)[0]


def _without_letter_spacing(text: str) -> tuple[str, array | None]:
    """The text without the single spaces of letter-spaced lines, the spaces inside figures and the lone pipe
    closing a cell's line, and its offset map (or None)."""
    gaps = sorted(set(_letter_spacing_gaps(text)) | set(_number_gaps(text)) | set(_trailing_pipe_gaps(text)))
    if not gaps:
        return text, None
    kept: list[tuple[int, int]] = []
    cut = 0
    for start, end in gaps:
        kept.append((cut, start))
        cut = end
    kept.append((cut, len(text)))
    origin = array("i")
    for start, end in kept:
        origin.extend(range(start, end))
    return "".join(text[start:end] for start, end in kept), origin


def _letter_spacing_gaps(text: str) -> list[tuple[int, int]]:
    if not LETTER_SPACED_HINT_RE.search(text):
        return []
    gaps = []
    position = 0
    for line in text.split("\n"):
        if _is_letter_spaced(line):
            gaps.extend((position + space.start(), position + space.end()) for space in INNER_SPACE_RE.finditer(line))
        position += len(line) + 1
    return gaps


# A web page's form copied one cell a line may close every cell's line with a pipe ("项目名称 |", and "|" for an
# empty cell): the pipe is the cell's border, not a column separator, and would keep the cell's text from its label.
TRAILING_PIPE_RE = re.compile(r"[ \t]*\|[ \t]*$")


def _trailing_pipe_gaps(text: str) -> list[tuple[int, int]]:
    """The spans of lone closing pipes: a line's only pipe, at its end (a row "| a | b |" keeps its pipes, and so
    does the end of a row a page break cut, "| a | b" … "c |")."""
    if "|" not in text:
        return []
    gaps = []
    position = 0
    open_row = False  # the last line with pipes opened a row without closing it
    for line in text.split("\n"):
        if "|" in line:
            match = TRAILING_PIPE_RE.search(line) if line.count("|") == 1 and not open_row else None
            if match is not None:
                gaps.append((position + match.start(), position + match.end()))
            stripped = line.strip()
            open_row = stripped.startswith("|") and not stripped.endswith("|")
        position += len(line) + 1
    return gaps


def _number_gaps(text: str) -> list[tuple[int, int]]:
    gaps = []
    for match in NUMBER_GAP_RE.finditer(text):
        integer_start = match.start()
        while integer_start > 0 and (text[integer_start - 1].isdigit() or text[integer_start - 1] == ","):
            integer_start -= 1
        if integer_start < match.start() and integer_start > 0 and not text[integer_start - 1].isspace():
            gaps.append(match.span(1))
    return gaps


def _composed(first: array | None, second: array | None) -> array | None:
    """The offset map of two steps in turn (None: a step kept every character)."""
    if first is None or second is None:
        return first if second is None else second
    return array("i", (first[index] for index in second))


def _flow(text: str) -> tuple[str, array | None]:
    """Join lines the layout broke; drop page-number lines. Returns the text and its offset map (or None)."""
    lines = text.split("\n")
    starts = _line_starts(lines)
    keep: list[tuple[int, int]] = []  # spans of ``text`` to keep, in order
    changed = False
    index = 0
    while index < len(lines):
        line = lines[index]
        keep.append((starts[index], starts[index] + len(line)))
        following, skipped_page = _next_content_line(lines, index + 1, prose=len(line.strip()) >= WRAPPED_LINE_MIN)
        if following is None:
            if index + 1 < len(lines):
                keep.append((starts[index] + len(line), len(text)))
            break
        # The row above gives the table's width; under a table's title, the row after the cut one does.
        above = lines[index - 1] if index else ""
        if "\t" not in above and following + 1 < len(lines):
            above = lines[following + 1]
        if _is_wrapped(line, lines[following], skipped_page) or (
            skipped_page and _rejoins_cut_row(above, line, lines[following])
        ):
            changed = True
        elif skipped_page:
            keep.append((starts[index] + len(line), starts[index] + len(line) + 1))
            changed = True
        else:
            keep.append((starts[index] + len(line), starts[following]))
        index = following
    if not changed:
        return text, None
    origin = array("i")
    pieces = []
    for start, end in keep:
        pieces.append(text[start:end])
        origin.extend(range(start, end))
    return "".join(pieces), origin


def _is_title(line: str) -> bool:
    """A title or caption: it ends with one of the document's nouns and has no clause comma ("…，评价结果" is a
    sentence the layout wrapped before its "为优秀")."""
    return TITLE_END_RE.search(line) is not None and "，" not in line


def _rejoins_cut_row(above: str, line: str, following: str) -> bool:
    """A tab-separated row a page break cut inside a cell: text on both sides of the cut, and the two pieces
    together as wide as the row above (or below). A whole row ends with its figures or an empty note cell
    instead."""
    if "\t" not in above or "\t" not in line or "\t" not in following:
        return False
    last, first = line.rsplit("\t", 1)[1].strip(), following.split("\t", 1)[0].strip()
    if not last or not first or PLAIN_FIGURE_RE.fullmatch(last):
        return False
    return line.count("\t") + following.count("\t") == above.count("\t")


def _line_starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _next_content_line(lines: list[str], index: int, prose: bool) -> tuple[int | None, bool]:
    """The next line with text, skipping blank lines and page numbers; and whether a page number was skipped.

    A bare number is page furniture only after a line of prose: in a one-cell-per-line table it is a cell. So it
    is when another figure follows it (a scoring rule's cell, then the 分值 and 得分 cells): a page has one number.
    """
    skipped_page = False
    blanks = 0
    while index < len(lines):
        line = lines[index]
        bare_number = line.strip().isdigit()
        page_number = prose and not _figure_follows(lines, index + 1) if bare_number else True
        if PAGE_NUMBER_RE.match(line) and not _looks_like_cell(line) and page_number:
            skipped_page = True
        elif line.strip():
            if blanks and not skipped_page:
                return index - blanks, False
            return index, skipped_page
        else:
            blanks += 1
        index += 1
    return None, skipped_page


def _figure_follows(lines: list[str], index: int) -> bool:
    """Whether the next line with text from ``index`` is a bare figure."""
    following = next((line.strip() for line in lines[index:] if line.strip()), "")
    return PLAIN_FIGURE_RE.fullmatch(following) is not None


def _looks_like_cell(line: str) -> bool:
    return "\t" in line or "|" in line or _looks_tabular(line)


FORM_LABELS = frozenset(
    [
        "项目名称",
        "主管部门",
        "实施单位",
        "部门名称",
        "单位名称",
        "预算执行情况",
        "偏差原因分析及改进措施",
        "年度绩效目标完成情况",
        "年度指标完成情况",
    ]
)
# A form written as "label：value" lines ("项目名称：…" over "主管部门：…"): each line is a field of its own.
FORM_FIELD_RE = re.compile(rf"\s*(?:{'|'.join(sorted(FORM_LABELS))})\s*[:：]")
FIGURE_TOKEN_RE = re.compile(r"^[≥≤<>=]?\d[\d.,]*%?[\u4e00-\u9fa5]{0,3}$")


def _looks_tabular(line: str) -> bool:
    """A table row that extraction wrote with spaces: figures among several cells, or a form label first."""
    tokens = line.split()
    if len(tokens) >= 2 and (tokens[0] in FORM_LABELS or tokens[0] in TABLE_HEADER_LABELS):
        return True
    # a header row led by a merged cell's label ("绩效指标 一级指标 二级指标 …")
    if sum(1 for token in tokens if token in TABLE_HEADER_LABELS) >= 2:
        return True
    return len(tokens) >= 3 and sum(1 for token in tokens if FIGURE_TOKEN_RE.match(token)) >= 2


def _is_wrapped(line: str, following: str, skipped_page: bool) -> bool:
    """A break inside a sentence: the line stops without punctuation and the next is no heading or row."""
    stripped = line.strip()
    if skipped_page and stripped.startswith("|") and not stripped.endswith("|"):
        return True  # a markdown table row the page break cut in two
    if not stripped or _looks_like_cell(line) or _looks_like_cell(following) or _is_title(stripped):
        return False
    if len(FURNITURE_FIELD_RE.findall(stripped)) >= 2:  # "发布时间：… 来源：…": page furniture, not prose
        return False
    if SENTENCE_END_RE.search(stripped) or HEADING_START_RE.match(following) or not following.strip():
        return False
    if DATE_LINE_RE.fullmatch(following):  # a signature's date under the unit's name continues no sentence
        return False
    # A form exported one cell per line: a long value ("51000023T000000012345-残疾人两项补贴") over the next label;
    # or written as "label：value" lines, a long value over the next field.
    if following.strip() in FORM_LABELS or FORM_FIELD_RE.match(following):
        return False
    return skipped_page or len(stripped) >= WRAPPED_LINE_MIN
