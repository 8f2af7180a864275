"""The national forms' row labels and indicator levels; a form flattened onto one line gets its rows back."""

from __future__ import annotations

import re
from itertools import pairwise

from etl.parse.numbers import is_plain_number
from etl.parse.tables import TABLE_HEADER_LABELS, TOTAL_WORDS

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "效果指标", "成本指标", "决策指标", "过程指标")
# Level names as tables and prose also write them, without 指标: the first levels a paragraph names, the second levels.
PROSE_LEVEL1_WORDS = ("产出", "效益", "效果", "满意度")
LEVEL2_WORDS = ("数量", "质量", "时效", "成本", "社会效益", "经济效益", "生态效益", "可持续影响", "服务对象满意度")
LEVEL2_COST_WORDS = ("经济成本", "社会成本", "生态环境成本")

# Labels that open a row of the 项目支出 and 部门整体支出 绩效自评表, as a cell of their own ("项目名称"), with the
# row's points or unit ("预算执行情况（10分）", "项目资金（万元）") or with a colon ("其中：财政拨款", "填报人：王某").
ROW_LABELS = (
    "项目名称", "主管部门", "部门名称", "单位名称", "部门（单位）名称", "项目基本情况", "年度主要任务",
    "项目资金", "预算执行情况", "年度预算申请", "年度资金总额", "资金总额", "总额", "上年结转资金", "其他资金",
    "按收入性质分", "按支出性质分", "一般公共预算", "政府性基金拨款", "基本支出", "项目支出",
    "年度总体目标", "总体目标", "绩效指标", "年度绩效指标", "总分", "合计",
    "评价结论", "自评结论", "存在问题", "改进措施", "项目负责人", "单位负责人", "填报人", "填表人",
    *LEVEL1,
    *(word + "指标" for word in (*LEVEL2_WORDS, *LEVEL2_COST_WORDS)),
)  # fmt: skip
_LABELS_LONGEST_FIRST = "|".join(map(re.escape, sorted(ROW_LABELS, key=len, reverse=True)))
# A goal opens the rows of its indicators: "绩效目标1", "目标2".
ROW_LABEL_RE = re.compile(rf"(?:{_LABELS_LONGEST_FIRST})(?:$|[（(:：])|其中[:：]|(?:绩效)?目标\d+$")
# The first figure after a header row's column labels opens its first row ("… 执行率(B/A) 1187.04 1644.01 …"),
# where that row's label cells are merged into the header's ("预算执行情况" over both).
FIGURE_START_RE = re.compile(r"[≥≤<>=]?\d")
MIN_HEADER_RUN = 3
# An indicator table's header: the cells between 三级指标 and the points column are each row's target and actual.
NAME_COLUMN = "三级指标"
POINTS_COLUMNS = frozenset({"分值", "权重", "权重分"})
# A form on one line names at least this many of its rows: prose has its labels inside sentences, not as tokens.
MIN_ROW_LABELS = 4
MIN_FLATTENED_LENGTH = 120
TOKEN_RE = re.compile(r"\S+")


def restore_form_rows(text: str) -> str:
    """``text`` with each form flattened onto one space-separated line broken into its rows, one for one.

    Some sites' text copies of a 自评表 put every cell on one line ("项目名称 … 主管部门 … 年度资金总额 86.00 …
    产出指标 数量指标 …"). A line break replaces the space before each token that opens a row, so offsets stay
    and the rows read as the same form printed with spaces between its cells."""
    if len(text) < MIN_FLATTENED_LENGTH or text.count(" ") < MIN_ROW_LABELS:
        return text
    lines = text.split("\n")
    changed = False
    for index, line in enumerate(lines):
        if len(line) >= MIN_FLATTENED_LENGTH and line.count(" ") >= MIN_ROW_LABELS:
            restored = _with_row_breaks(line)
            changed = changed or restored is not line
            lines[index] = restored
    return "\n".join(lines) if changed else text


def _with_row_breaks(line: str) -> str:
    """The line broken before each row it holds, if it is a flattened form; else as it is."""
    if "\t" in line or "|" in line:
        return line
    matches = list(TOKEN_RE.finditer(line))
    tokens = [match.group() for match in matches]
    labels = {label.group() for label in map(ROW_LABEL_RE.match, tokens) if label is not None}
    starts = _row_starts(tokens)
    header_then_figures = any(tokens[index - 1] in TABLE_HEADER_LABELS for index in starts if index > 0)
    if len(labels) < MIN_ROW_LABELS and not (labels and header_then_figures):
        return line
    starts |= _indicator_record_starts(tokens, sorted(starts | {0}))
    characters = list(line)
    for index in starts:
        if matches[index].start() > 0:
            characters[matches[index].start() - 1] = "\n"
    return "".join(characters)


def _row_starts(tokens: list[str]) -> set[int]:
    """Tokens that open a row: a template's row label, or the first figure after a run of column labels."""
    starts = set()
    header_run = 0
    for index, token in enumerate(tokens):
        if ROW_LABEL_RE.match(token) or (header_run >= MIN_HEADER_RUN and FIGURE_START_RE.match(token)):
            starts.add(index)
        header_run = header_run + 1 if token in TABLE_HEADER_LABELS else 0
    return starts


def _indicator_record_starts(tokens: list[str], starts: list[int]) -> set[int]:
    """Where the second and later indicators of a row begin: rows under one 二级指标 left their level cells blank,
    so nothing but the figures tells one indicator from the next ("数量指标 康复人数 ≥100人 120人 20 20 培训人次 …")."""
    found: set[int] = set()
    values: int | None = None  # cells between the name and the points column
    for begin, end in zip(starts, [*starts[1:], len(tokens)], strict=True):
        row = tokens[begin:end]
        if NAME_COLUMN in row and POINTS_COLUMNS.intersection(row):
            points = next(i for i, token in enumerate(row) if token in POINTS_COLUMNS)
            values = points - row.index(NAME_COLUMN) - 1
        elif row[0].startswith(TOTAL_WORDS):
            values = None
        elif values is not None and values > 0:
            found.update(begin + offset for offset in _later_records(row, values))
    return found


def _later_records(row: list[str], values: int) -> list[int]:
    """Offsets in ``row`` of each indicator after the first: one name and ``values`` cells before a points-score
    pair; cells beyond them after the previous pair are that indicator's deviation note."""
    pairs = _score_pairs(row)
    offsets = []
    for (_, previous_end), (next_start, _) in pairwise(pairs):
        between = next_start - previous_end
        offsets.append(previous_end if between <= values + 1 else next_start - values - 1)
    return offsets


def _score_pairs(row: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of two or more plain numbers, as its last two: an indicator's points and score."""
    pairs = []
    run_start = None
    for index, token in enumerate([*row, ""]):
        if is_plain_number(token):
            run_start = index if run_start is None else run_start
            continue
        if run_start is not None and index - run_start >= 2:
            pairs.append((index - 2, index))
        run_start = None
    return pairs
