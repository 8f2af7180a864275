"""The national forms' row labels and indicator levels; a form flattened onto one line gets its rows back."""

from __future__ import annotations

import re

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
ROW_LABEL_RE = re.compile(rf"(?:{_LABELS_LONGEST_FIRST})(?:$|[（(:：])|其中[:：]")
# A form on one line names at least this many of its rows: prose has its labels inside sentences, not as tokens.
MIN_ROW_LABELS = 4
MIN_FLATTENED_LENGTH = 120
TOKEN_RE = re.compile(r"\S+")


def restore_form_rows(text: str) -> str:
    """``text`` with each form flattened onto one space-separated line broken into its rows, one for one.

    Some sites' text copies of a 自评表 put every cell on one line ("项目名称 … 主管部门 … 年度资金总额 86.00 …
    产出指标 数量指标 …"). A line break replaces the space before each token that opens a row of the template, so
    offsets stay and the rows read as the same form printed with spaces between its cells."""
    if len(text) < MIN_FLATTENED_LENGTH:
        return text
    lines = text.split("\n")
    if not any(_is_flattened_form(line) for line in lines):
        return text
    return "\n".join(_with_row_breaks(line) if _is_flattened_form(line) else line for line in lines)


def _is_flattened_form(line: str) -> bool:
    if len(line) < MIN_FLATTENED_LENGTH or "\t" in line or "|" in line:
        return False
    labels = {match.group() for match in map(_row_label, TOKEN_RE.finditer(line)) if match is not None}
    return len(labels) >= MIN_ROW_LABELS


def _row_label(token: re.Match[str]) -> re.Match[str] | None:
    return ROW_LABEL_RE.match(token.group())


def _with_row_breaks(line: str) -> str:
    characters = list(line)
    for token in TOKEN_RE.finditer(line):
        if token.start() > 0 and _row_label(token) is not None:
            characters[token.start() - 1] = "\n"
    return "".join(characters)
