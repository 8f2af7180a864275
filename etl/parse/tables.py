"""Flattened tables as rows of located cells: tab-separated, pipe (markdown) and one-cell-per-line layouts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Cell:
    """A table cell: stripped text and its offsets in the document text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    """One table row (or one plain line, as a single cell)."""

    cells: tuple[Cell, ...]
    start: int
    end: int
    line: int
    kind: str  # "tab", "pipe", "line", "virtual"
    values: tuple[Cell, ...] = ()  # the non-empty cells, in order (filled by make_row)
    texts: tuple[str, ...] = ()  # their texts


def make_row(cells: tuple[Cell, ...], start: int, end: int, line: int, kind: str) -> Row:
    """A row with its non-empty cells computed once (rows are read many times by every table rule)."""
    values = tuple(cell for cell in cells if cell.text)
    return Row(cells, start, end, line, kind, values, tuple(cell.text for cell in values))


# Column labels of the national templates' tables. A line of several of them separated by spaces is a table
# header as PDF text extraction writes it (cells separated by spaces, not tabs).
# Whether a group of cells read under a header (its labels) is a well-formed row of that table.
GroupCheck = Callable[[list[str], list[Cell]], bool]
TABLE_HEADER_LABELS = frozenset(
    [
        "年初预算数",
        "全年预算数",
        "全年预算数(A)",
        "全年执行数",
        "全年执行数(B)",
        "分值",
        "得分",
        "执行率",
        "执行率(B/A)",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "指标值",
        "权重",
        "权重分",
        "准则分值",
        "评价得分",
        "偏差原因分析及改进措施",
        "目标序号",
        "年度绩效目标",
        "实际完成情况",
        "扣分",
        "得分率",
        "自评得分",
        "自评分",
        "评分标准",
        "评价标准",
        "基本指标",
        "具体指标",
        # the budget systems' forms (Sichuan's 部门预算项目支出绩效自评表)
        "年初预算",
        "调整后预算数",
        "预算执行数",
        "预算执行率",
        "指标性质",
        "度量单位",
        "完成值",
    ]
)
SPACE_TABLE_END = re.compile(r"^\s*\S*结论")
TOTAL_WORDS = ("总分", "合计", "总计", "综合得分", "总得分", "自评得分")
# A table's total row on a line of its own, its cells separated by spaces: "自评得分 100 92.78" (maximum, score).
SPACED_TOTAL_ROW_RE = re.compile(rf"\s*(?:{'|'.join(TOTAL_WORDS)})(?: +\d+(?:\.\d+)?){{2}}\s*")


def split_rows(text: str) -> list[Row]:
    """Every line of ``text`` as a row of cells: tab or pipe separated, space separated inside a table that
    extraction flattened with spaces, otherwise the whole line as one cell."""
    rows = []
    offset = 0
    in_space_table = False
    for number, line in enumerate(text.split("\n")):
        if "\t" not in line and "|" not in line:
            in_space_table = _space_table_state(line, in_space_table)
        spaced = in_space_table or SPACED_TOTAL_ROW_RE.fullmatch(line) is not None
        row = _space_row(line, offset, number) if spaced else _line_to_row(line, offset, number)
        rows.append(row)
        offset += len(line) + 1
    return rows


def _space_table_state(line: str, inside: bool) -> bool:
    """Whether ``line`` belongs to a space-separated table (a header of known labels starts one)."""
    if not line.strip() or SPACE_TABLE_END.match(line):
        return False
    tokens = line.split()
    labels = sum(token in TABLE_HEADER_LABELS for token in tokens)
    # "评价准则 准则分值 评价得分": a short header is known labels but for the first column's name.
    short_header = len(tokens) == 3 and labels == 2 and tokens[0] not in TABLE_HEADER_LABELS
    if (len(tokens) >= 4 and labels >= 3) or short_header or (len(tokens) == 3 and labels == 3):
        return True
    return inside


def _space_row(line: str, offset: int, number: int) -> Row:
    cells = tuple(Cell(m.group(), offset + m.start(), offset + m.end()) for m in re.finditer(r"\S+", line))
    return make_row(cells, offset, offset + len(line), number, "space")


# A word in brackets that a text layer set apart from its label ("年初预算数 （万元）") belongs to the label.
_SPACED_TOKEN_RE = re.compile(r"\S+(?:\s+[（(][^）)\s]*[）)])*")


def spaced_cells(row: Row) -> Row:
    """A one-cell line read as cells separated by spaces, as a PDF text layer writes a form's row of labels and
    values ("年初预算数（万元） 100 全年预算数（万元） 120"); the caller decides whether that reading is a row."""
    if row.kind != "line" or len(row.values) != 1 or " " not in row.texts[0]:
        return row
    cell = row.values[0]
    cells = tuple(
        Cell(m.group(), cell.start + m.start(), cell.start + m.end()) for m in _SPACED_TOKEN_RE.finditer(cell.text)
    )
    return make_row(cells, row.start, row.end, row.line, "space")


def _line_to_row(line: str, offset: int, number: int) -> Row:
    if "\t" in line:
        return make_row(tuple(_cells(line, offset, "\t")), offset, offset + len(line), number, "tab")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 2:
        if _PIPE_SEPARATOR.match(stripped):
            return make_row((), offset, offset + len(line), number, "pipe")
        inner_start = line.index("|") + 1
        inner_end = line.rindex("|")
        cells = _cells(line[inner_start:inner_end], offset + inner_start, "|")
        return make_row(tuple(cells), offset, offset + len(line), number, "pipe")
    # A markdown table written without its outer pipes ("一级指标|二级指标|…"; "|质量|…" leaves the first cell blank).
    if stripped.count("|") >= 2:
        if _PIPE_SEPARATOR.match(stripped):
            return make_row((), offset, offset + len(line), number, "pipe")
        return make_row(tuple(_cells(line, offset, "|")), offset, offset + len(line), number, "pipe")
    return make_row(tuple(_cells(line, offset, None)), offset, offset + len(line), number, "line")


def _cells(line: str, offset: int, separator: str | None) -> Iterator[Cell]:
    pieces = [line] if separator is None else line.split(separator)
    position = offset
    for piece in pieces:
        stripped = piece.strip()
        if stripped.startswith("*") or stripped.endswith("*"):  # markdown bold around a cell
            stripped = stripped.strip("*").strip()
        start = position + piece.find(stripped) if stripped else position
        yield Cell(stripped, start, start + len(stripped))
        position += len(piece) + 1


# Whether a cell is the second line of the one before it, wrapped in a narrow column ("年度" over "指标值").
Wrapped = Callable[[str, str], bool]


def regroup_single_cells(
    rows: list[Row],
    is_header_label: Callable[[str], bool],
    group_ok: GroupCheck,
    uniform: bool = True,
    merged_ok: GroupCheck | None = None,
    wrapped: Wrapped | None = None,
) -> list[Row]:
    """Rebuild one-cell-per-line tables: a run of header labels, then groups of that many cells.

    Cells of such tables sit one per line (sometimes behind a leading tab). Blank lines either separate
    rows or stand for empty cells; the reading that yields the most well-formed rows is used. With ``merged_ok``
    a row may also leave out its first cells (merged with the row above, written once) and its last (empty):
    ``merged_ok`` tells such a row, padded with blank cells, from a misreading. ``wrapped`` joins a cell's
    second line back to it, in the header and in such rows.
    """
    if not any(len(row.values) == 1 and is_header_label(row.texts[0]) for row in rows):
        return rows
    out: list[Row] = []
    index = 0
    while index < len(rows):
        run = _header_run(rows, index, is_header_label)
        if run and wrapped is not None:
            run = _joined_cells(run, wrapped)
        grouping = _best_grouping(rows, run, is_header_label, group_ok, uniform, merged_ok, wrapped) if run else None
        if grouping is None:
            out.append(rows[index])
            index += 1
            continue
        header, groups, next_index = grouping
        out.extend(rows[index : header[0][1]])
        out.append(_virtual_row([cell for cell, _ in header], rows[header[0][1]].line))
        out.extend(_virtual_row(group, rows[header[-1][1]].line) for group in groups)
        index = next_index
    return out


def single_cell(row: Row) -> Cell | None:
    """The row's only cell with text, or None."""
    values = row.values
    return values[0] if len(values) == 1 else None


def _header_run(rows: list[Row], index: int, is_header_label: Callable[[str], bool]) -> list[tuple[Cell, int]]:
    """Consecutive short label-like single cells from ``index`` (with their row positions)."""
    cells: list[tuple[Cell, int]] = []
    position = index
    while position < len(rows):
        if cells and _separates_paragraph_cells(rows, position):
            position += 1  # a web page's table copied as text: a blank line after every cell
            continue
        cell = single_cell(rows[position])
        # "项目资金          (万元)": a caption's spaces are where a web page centred it, not part of its length
        if cell is None or len("".join(cell.text.split())) > 16 or any(ch.isdigit() for ch in cell.text):
            break
        cells.append((cell, position))
        position += 1
    labelled = sum(1 for cell, _ in cells if is_header_label(cell.text))
    return cells if len(cells) >= 3 and labelled >= 2 else []


def _joined_cells(cells: list[tuple[Cell, int]], wrapped: Wrapped) -> list[tuple[Cell, int]]:
    """The cells with each second line of a wrapped cell joined to its first (at the second's row position)."""
    joined: list[tuple[Cell, int]] = []
    for cell, position in cells:
        _append_joining_wrapped(joined, cell, position, wrapped)
    return joined


def _append_joining_wrapped(cells: list[tuple[Cell, int]], cell: Cell, position: int, wrapped: Wrapped | None) -> None:
    """Append ``cell`` (read up to row ``position``), or join it to the cell before it whose second line it is."""
    if cells and wrapped is not None and wrapped(cells[-1][0].text, cell.text):
        first = cells[-1][0]
        cells[-1] = (Cell(first.text + cell.text, first.start, cell.end), position)
    else:
        cells.append((cell, position))


def _separates_paragraph_cells(rows: list[Row], position: int) -> bool:
    """A single blank line between two single cells."""
    return (
        not rows[position].values
        and position + 1 < len(rows)
        and single_cell(rows[position - 1]) is not None
        and single_cell(rows[position + 1]) is not None
    )


def _best_grouping(
    rows: list[Row],
    run: list[tuple[Cell, int]],
    is_header_label: Callable[[str], bool],
    group_ok: GroupCheck,
    uniform: bool,
    merged_ok: GroupCheck | None = None,
    wrapped: Wrapped | None = None,
) -> tuple[list[tuple[Cell, int]], list[list[Cell]], int] | None:
    """The header window (captions before it and first row labels after it trimmed) giving the most rows."""
    best = None
    best_rank = (0, 0, 0)
    for first in range(len(run)):
        for last in range(len(run), first + 1, -1):
            window = run[first:last]
            if sum(1 for cell, _ in window if is_header_label(cell.text)) < 2:
                continue
            labels = [cell.text for cell, _ in window]
            # where rows may leave merged cells out, every reading is held to the stricter check
            check = partial(group_ok if merged_ok is None else merged_ok, labels)
            merged = (check, wrapped) if merged_ok is not None else None
            groups, end = _read_groups(rows, window[-1][1] + 1, labels, check, uniform, merged)
            # The reading that places the most cells under known labels wins (a caption taken into the header
            # costs a point); then fewer empty cells (a blank line read as a cell is a guess), then the wider header.
            empties = sum(1 for group in groups for cell in group if not cell.text)
            captions = sum(1 for cell, _ in window if not is_header_label(cell.text))
            rank = (sum(len(group) for group in groups) - empties - captions, -empties, len(window))
            if groups and rank > best_rank:
                best, best_rank = (window, groups, end), rank
    return best


Check = Callable[[list[Cell]], bool]


def _read_groups(
    rows: list[Row],
    start: int,
    labels: list[str],
    group_ok: Check,
    uniform: bool,
    merged: tuple[Check, Wrapped | None] | None = None,
) -> tuple[list[list[Cell]], int]:
    best: tuple[list[list[Cell]], int] = ([], start)
    for blanks_are_cells in (False, True):
        groups, end = _groups(rows, start, len(labels), group_ok, blanks_are_cells, uniform)
        if len(groups) > len(best[0]):
            best = (groups, end)
    if merged is not None:
        groups, end = _merged_groups(_SingleCells(rows, start, merged[1]), len(labels), merged[0])
        if len(groups) > len(best[0]):
            best = (groups, end)
    return best


def _groups(
    rows: list[Row],
    start: int,
    width: int,
    group_ok: Callable[[list[Cell]], bool],
    blanks_are_cells: bool,
    uniform: bool,
) -> tuple[list[list[Cell]], int]:
    groups: list[list[Cell]] = []
    current: list[Cell] = []
    position = start
    consumed = start
    while position < len(rows):
        row = rows[position]
        values = row.values
        if len(values) > 1:
            break
        if not values:
            if blanks_are_cells:
                current.append(Cell("", row.start, row.start))
            position += 1
        else:
            current.append(values[0])
            position += 1
        if len(current) == width:
            if not group_ok(current) or (uniform and groups and _mask(current) != _mask(groups[0])):
                break
            groups.append(current)
            current = []
            consumed = position
    return groups, consumed


class _SingleCells:
    """The single cells from a row on, blank lines skipped and wrapped cells joined, read only as far as asked
    (a web page copied as text is single cells to its end)."""

    def __init__(self, rows: list[Row], start: int, wrapped: Wrapped | None) -> None:
        self.rows = rows
        self.position = start
        self.wrapped = wrapped
        self.cells: list[tuple[Cell, int]] = []  # each cell and the row position after it
        self.paragraphs = _paragraph_cells(rows, start)
        self.after_blank: set[int] = set()  # where the cells that follow a blank line start

    def read(self, at: int, count: int) -> list[tuple[Cell, int]]:
        """``count`` cells from the ``at``-th (fewer where the table ends): one more is read, as it may complete
        the last."""
        rows = self.rows
        while len(self.cells) <= at + count and self.position < len(rows):
            values = rows[self.position].values
            if len(values) > 1:  # a row of several cells is no part of a one-cell-per-line table
                self.position = len(rows)
                break
            self.position += 1
            if self.paragraphs:
                self._read_paragraph_cell(self.position - 1)
            elif values:
                if not rows[self.position - 2].values:
                    self.after_blank.add(values[0].start)
                _append_joining_wrapped(self.cells, values[0], self.position, self.wrapped)
        return self.cells[at : at + count]

    def follows_blank_line(self, index: int) -> bool:
        """Whether the ``index``-th cell comes after a blank line (never so of a web page's paragraphs)."""
        return index < len(self.cells) and self.cells[index][0].start in self.after_blank

    def join_split_name(self, at: int, width: int, merged_ok: Check) -> bool:
        """Join two name fragments among the cells at ``at`` where the row reads no other way: a web page may
        break a long name into two paragraphs ("财政供养人员" over "控制率"), which puts the name's tail where the
        scoring rule stands and the rule where a figure must. The pair nearest the figures is tried first."""
        taken = self.read(at, width)
        for index in range(len(taken) - 2, -1, -1):
            (head, _), (tail, after) = taken[index], taken[index + 1]
            if not (NAME_FRAGMENT_RE.fullmatch(head.text) and NAME_TAIL_RE.fullmatch(tail.text)):
                continue
            self.cells[at + index : at + index + 2] = [(Cell(head.text + tail.text, head.start, tail.end), after)]
            if next(_merged_readings(self, at, width, merged_ok), None) is not None:
                return True
            self.cells[at + index : at + index + 1] = taken[index : index + 2]
        return False

    def _read_paragraph_cell(self, position: int) -> None:
        """A web page's cell is a paragraph: its lines run on without a blank line (a level's name over its
        points, "投入" over "(15分)"), and a paragraph of spaces between blank lines is an empty cell (a web
        page's "&nbsp;"), which would otherwise let the next row's first cell fill the row's empty note."""
        rows = self.rows
        row = rows[position]
        if not row.values:
            if row.end > row.start and _is_blank_line(rows, position - 1) and _is_blank_line(rows, position + 1):
                self.cells.append((Cell("", row.start, row.start), position + 1))
            return
        cell = row.values[0]
        if self.cells and position > 0 and rows[position - 1].values:
            first = self.cells[-1][0]
            self.cells[-1] = (Cell(first.text + cell.text, first.start, cell.end), position + 1)
        else:  # a narrow cell's second line may still come as a paragraph of its own ("社会效益" over "指标")
            _append_joining_wrapped(self.cells, cell, position + 1, self.wrapped)


def _is_blank_line(rows: list[Row], position: int) -> bool:
    """A line with no characters at all (not even the spaces of an empty cell)."""
    return 0 <= position < len(rows) and rows[position].start == rows[position].end


def _paragraph_cells(rows: list[Row], start: int) -> bool:
    """Whether the header ending above ``start`` sets its labels as paragraphs: each of its last three labels (a
    single cell) followed by a blank line, as a web page's table copied as text does."""
    last = start - 1  # the header's last label
    if last < 4 or not _is_blank_line(rows, start):
        return False
    header = all(_is_blank_line(rows, last - k + 1) and single_cell(rows[last - k]) is not None for k in (0, 2, 4))
    return header and not _cells_run_on(rows, start)


PARAGRAPH_PROBE_LINES = 24  # lines below a header looked at to tell paragraphs from rows of lines


def _cells_run_on(rows: list[Row], start: int) -> bool:
    """Whether the single cells below a header set as paragraphs mostly run on, line after line: the rows are one
    cell a line with a blank line between rows (天长's 项目支出绩效自评表), not paragraphs, where a line runs on only
    in a cell of two lines ("投  入" over "(10分)")."""
    run_on = apart = 0
    for position in range(start + 1, min(len(rows), start + 1 + PARAGRAPH_PROBE_LINES)):
        if len(rows[position].values) > 1:
            break
        if rows[position].values:
            run_on, apart = (run_on + 1, apart) if rows[position - 1].values else (run_on, apart + 1)
    return run_on > apart


def _merged_groups(cells: _SingleCells, width: int, merged_ok: Check) -> tuple[list[list[Cell]], int]:
    """Rows of a table whose merged cells are written once: each row is the first reading of the cells at its
    place after which another row can start (else the first reading: the table's last row)."""
    groups: list[list[Cell]] = []
    starts: list[int] = []  # the cell each row starts at
    at = 0
    consumed = cells.position
    while True:
        readings = _merged_readings(cells, at, width, merged_ok)
        first = next(readings, None)
        if first is None and cells.paragraphs and cells.join_split_name(at, width, merged_ok):
            readings = _merged_readings(cells, at, width, merged_ok)
            first = next(readings, None)
        if first is None:
            break
        every = [first, *readings]
        used, group = next(
            (reading for reading in every if _starts_row(cells, at + reading[0], width, merged_ok)),
            None,
        ) or _last_row(cells, at, every, starts)
        starts.append(at)
        groups.append(group)
        at += used
        consumed = cells.read(at - 1, 1)[0][1]
    total = cells.read(at, 3) if groups else []
    if len(total) == 3 and _is_total_row([cell for cell, _ in total]):
        groups.append([cell for cell, _ in total])
        consumed = total[-1][1]
    return groups, consumed


def _last_row(
    cells: _SingleCells, at: int, readings: list[tuple[int, list[Cell]]], starts: list[int]
) -> tuple[int, list[Cell]]:
    """The reading of the table's last row (the one after which no row starts): its most cells, but where every
    row so far began after a blank line, none past a blank line (the prose after the table is no note of its)."""
    rows_apart = bool(starts) and all(cells.follows_blank_line(start) for start in [*starts[1:], at])
    if rows_apart:
        for used, group in readings:
            if not any(cells.follows_blank_line(index) for index in range(at + 1, at + used)):
                return used, group
    return readings[0]


def _is_total_row(cells: list[Cell]) -> bool:
    """The table's total row, its cells one a line too ("总分", "100", "98"): a total's label, then two figures."""
    return cells[0].text.startswith(TOTAL_WORDS) and all(_FIGURE_RE.fullmatch(cell.text) for cell in cells[1:])


def _starts_row(cells: _SingleCells, at: int, width: int, merged_ok: Check) -> bool:
    """Whether a row can start at the ``at``-th cell: a note left empty makes the next row's first cell look like
    one, but what follows it then makes no row."""
    return next(_merged_readings(cells, at, width, merged_ok), None) is not None


def _merged_readings(cells: _SingleCells, at: int, width: int, merged_ok: Check) -> Iterator[tuple[int, list[Cell]]]:
    """Each way the cells at ``at`` make a row (how many it uses, the row padded to ``width``), most cells first:
    blank cells stand for merged cells on the left and for an empty last cell."""
    available = [cell for cell, _ in cells.read(at, width)]
    for used in range(len(available), 0, -1):
        taken = available[:used]
        for back in (1, 0) if used < width else (0,):
            front = width - used - back
            group = [Cell("", taken[0].start, taken[0].start)] * front + taken
            group += [Cell("", taken[-1].end, taken[-1].end)] * back
            if merged_ok(group):
                yield used, group


def _virtual_row(cells: list[Cell], line: int) -> Row:
    start = min((cell.start for cell in cells), default=0)
    end = max((cell.end for cell in cells), default=0)
    return make_row(tuple(cells), start, end, line, "virtual")


_FIGURE_RE = re.compile(r"-?[\d.,，]+\s*[分%]?")
# A name broken into two paragraphs: words alone, no figure or punctuation of a rule or a note; its tail short.
NAME_FRAGMENT_RE = re.compile(r"[\u4e00-\u9fff“”\"]{2,12}")
NAME_TAIL_RE = re.compile(r"[\u4e00-\u9fff]{1,4}")
# "—": a form's dash where a row has no figure of a figure column ("其中：基本支出 | 180.20 | … | — | —")
_DASH_RE = re.compile(r"[—–\-－]+")


def _mask(cells: list[Cell]) -> tuple[bool, ...]:
    """Which cells of a group hold figures: in a uniform table every row has the same shape."""
    # "-3.00": the 扣分 of a dimension scored above its maximum is still a figure; a dash keeps a figure's place
    return tuple(bool(_FIGURE_RE.fullmatch(cell.text) or _DASH_RE.fullmatch(cell.text)) for cell in cells)
