"""Budget, income and spending figures: the budget table of the 自评表 and the template's prose sentences."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import combinations
from math import comb

from etl.parse.identity import leading_frame_length, project_code_length
from etl.parse.numbers import (
    AMOUNT_RE,
    NUMBER,
    Amount,
    find_amounts,
    first_amount,
    parse_number,
    parse_percent,
)
from etl.parse.scores import clean_dimension_name
from etl.parse.source import PIECE_END, PREVIOUS_YEAR_RE, Source
from etl.parse.tables import Cell, Row, make_row, regroup_single_cells, single_cell, spaced_cells
from etl.record import PARTIAL_SOURCES, SOURCE_BREAKDOWNS, Breakdown, DimensionScore, Fact, SpendingItem
from etl.units import MONEY_UNIT, to_wan

GAP = r"[^。；;\n\d%]{0,12}?"  # words allowed between a label and its figure inside one clause
# re searches for a pattern that starts with a literal 20–30 times faster than for one that starts with an optional
# word or a lookbehind: labels put their fixed words first where they can, and look behind after them.

# Labels of the national templates, most specific first. 本年/全年 both mean the full-year figure.
PROSE_LABELS: dict[str, tuple[str, ...]] = {
    "budget_initial": (r"年初(?:收支|收入|部门|批复)?预算(?:数|金额|总额|资金)?",),
    "budget_adjusted": (
        # "本项目当年预算数100万元": 当年 says the report's year, as 本年 does
        r"(?:全年|调整后的?|本年|当年)预算(?:数|金额|总额)?",
        r"预算调整数",
        # "全年调整预算356.2万元", "本单位总预算为…", "本项目年度预算520万元"
        r"调整预算(?:数|金额|总额)?",
        r"年度预算(?:数|金额|资金)?",
        r"总预算(?<!项目总预算)(?<!基本支出总预算)(?:数|金额)?",
        r"(?:本|该)项目总预算(?:数|金额)?",
        # "部门预算总额为…", "预算安排资金总额…"; a project's 预算总额 inside a department's report is its own.
        r"预算(?:安排)?(?:资金)?总额(?<!项目预算总额)(?<!项目预算资金总额)(?<!支出预算总额)",
        # "年中追加至236.90万元", "预算调整为…": the budget after the year's changes (not "追加资金20万元", a part).
        r"追加(?:预算)?至",
        r"预算(?:数)?调整(?:后)?(?:为|至)",
        r"预算数(?<![年初收入]预算数)(?<!基本支出预算数)(?<!项目支出预算数)",
        # "预算资金总额为…", not "涉及财政预算资金3.0亿元"
        r"预算资金(?<![年初收入]预算资金)(?<!基本支出预算资金)(?<!项目支出预算资金)(?:总额|合计)",
        # "部门整体支出预算为…"; a department's 项目支出预算 is a part of it (see _part_of_the_money).
        r"支出预算(?<!基本支出预算)(?:数|金额|总额)?",
    ),
    "budget_executed": (
        r"全年执行数",
        r"执行(?:资金|金额)",  # "预算执行金额95万元", "执行金额95万元，预算金额100万元"
        r"(?<!收入)(?<!基本)(?<!项目)(?:全年)?支出决算数?",
        r"执行数(?<![收入]执行数)",
        # "预算数652.3万元，决算数640.1万元"; not 收入决算数, 三公经费决算数 or "2022年决算数", said of other sums.
        r"决算数(?<![\u4e00-\u9fa5]决算数)",
        r"(?:全年|本年)决算数",
        r"实际(?:支出|执行|使用)(?:金额|资金)?",
        r"(?:本|该)项目(?:实际)?(?:支出|使用资金)",
        r"累计(?:完成)?(?:支出|拨付|使用)(?:资金)?",
        r"兑现(?:项目)?(?:补助|补贴)?资金",
    ),
    # "1、收入：692.30万元" heads the Hunan template's 决算 paragraph: the word alone, then a colon.
    "income_total": (
        r"收入(?:合计|总计|总额)",
        r"(?:本年|全年)?总收入",
        r"收入决算数?",
        r"决算收入(?:数|总额)?",  # "部门决算收入1,523.26万元，其中…", as 决算支出 below
        r"本年收入",
        r"收入(?<![\u4e00-\u9fa5]收入)[:：]",
        # "2022年收入69.06万元，其中财政拨款…" opening a sentence; not "家庭2022年收入…" or 预算收入, the plan.
        r"年收入(?<=\d{4}年收入)(?<![\u4e00-\u9fa5，,]\d{4}年收入)(?!预算|计划|情况|结构|目标)",
    ),
    "spend_total": (
        r"支出(?:合计|总计|总额)",
        r"(?:本年|全年)?总支出",
        # "全年支出3528.42万元，其中基本支出…" opening a sentence; after a comma the sentence's subject may be a
        # project ("康复项目资金总额为52万元，全年支出51.2万元"). Not 全年支出进度, a plan or a rate.
        r"(?:全年|本年度?)支出(?<![，,]全年支出)(?<![，,]本年支出)(?<![，,]本年度支出)"
        r"(?!预算|绩效|进度|计划|率|情况|结构|方向|目标|合计|总计|总额)",
        r"支出决算(?<!基本支出决算)(?<!项目支出决算)数?",
        r"决算支出(?:数|总额)?",
        r"支出(?<![\u4e00-\u9fa5]支出)[:：]",
        # "2023年度部门整体支出1,234.56万元，其中…"; not its 预算 or 绩效
        r"(?:部门|单位)整体支出(?!预算|绩效|情况|管理)",
        # "2022年支出76.36万元，其中基本支出…": the year's spending, opening a sentence as 全年支出 does above.
        *(
            rf"{said}(?<=\d{{4}}{said})(?<![\u4e00-\u9fa5，,]\d{{4}}{said})"
            r"(?!预算|绩效|进度|计划|率|情况|结构|方向|目标|合计|总计|总额)"
            for said in ("年支出", "年度支出")
        ),
    ),
    "spend_basic": (r"基本支出(?<!其他基本支出)(?:决算数?)?(?!预算)",),
    # "本项目支出" is a project report's total spending and "其他项目支出" an item, not the project share.
    "spend_project": (r"项目支出(?<!其他项目支出)(?<!其它项目支出)(?<!本项目支出)(?<!该项目支出)(?:决算数?)?(?!预算)",),
}
INCOME_PARTS: dict[str, str] = {
    # Older 决算 wording says "公共预算拨款" and "基金预算拨款" without 一般 and 政府性.
    # not "使用非财政拨款结余0.00万元" or "财政拨款结转…" of the 决算 template, balances rather than income; nor the
    # tail of "政府性基金预算财政拨款收入" or "国有资本经营预算财政拨款收入", other kinds of it
    "income_fiscal": (
        r"(?:一般公共预算)?(?<!基金预算)(?<!经营预算)财政拨款(?<!非财政拨款)(?!结余|结转)(?:收入)?"
        r"|(?:一般)?公共预算(?:财政)?拨款(?:收入)?"
    ),
    "income_gov_fund": r"政府性基金(?:预算)?(?:拨款)?(?:收入)?|基金预算拨款(?:收入)?",
    "income_other": r"其他收入",
}
# The other lines of the national 决算 template: listed among the parts, they belong in the sum.
OTHER_INCOME_KINDS = r"上级补助收入|事业收入|经营收入|附属单位上缴收入|国有资本经营预算(?:财政)?拨款(?:收入)?"
OTHER_SPENDING_KINDS = r"经营支出|上缴上级支出|对附属单位补助支出"
# How a rate is said to be: "为", "达到了", "高达", "约为", "（%）：".
RATE_VERB = r"(?:[（(]%[)）])?(?:为|达到了?|高达|达|约为|约|是|[:：])?"
RATE_RES = (
    re.compile(rf"(?<!调整)(?:预算)?(?:总体|资金)?执行(?:率|进度){RATE_VERB}\s*(?P<pct>{NUMBER})\s*%"),
    re.compile(rf"(?:资金|预算)(?:支出|使用)率{RATE_VERB}\s*(?P<pct>{NUMBER})\s*%"),
    # "预算完成率97.2%", "已支付145万元，支付率96.67%", "截至年底支出进度为92%"; not a target's 完成率.
    re.compile(rf"(?:预算完成|支付|支出(?<!基本支出)(?<!项目支出))(?:率|进度){RATE_VERB}\s*(?P<pct>{NUMBER})\s*%"),
    re.compile(rf"为(?:全年)?预算(?:金额|数)?的\s*(?P<pct>{NUMBER})\s*%"),
    # "执行数1420万元，占全年预算1500万元的94.67%"; not "培训费占全年预算的20%", a share of the budget.
    re.compile(
        rf"(?:执行|实际支出|实际使用)(?:数|资金|金额)?(?:为)?\s*(?:{NUMBER}\s*(?:{MONEY_UNIT}))?[，,]?\s*"
        rf"占(?:全年|调整后)?预算(?:金额|数)?(?:{NUMBER}\s*(?:{MONEY_UNIT}))?的\s*(?P<pct>{NUMBER})\s*%"
    ),
    # "预算执行率=实际支出/预算数×100%=95.63%": the rate after the formula that defines it.
    re.compile(rf"执行率(?<!调整执行率)\s*=[^。；;\n=]{{1,40}}=\s*(?P<pct>{NUMBER})\s*%"),
    re.compile(rf"执行率(?<!调整执行率){RATE_VERB}百分之(?P<cn>[零一二三四五六七八九十百点]+)"),
)
# Income and spending are year-end figures; in a sentence about the 年初 budget the same words name its parts.
YEAR_END_FIELDS = frozenset({"income_total", "spend_total", "spend_basic", "spend_project"})
INITIAL_SENTENCE_RE = re.compile(r"年初[，,][^。\n]{0,120}?(?:批复|拨付|下达|安排)")
BUDGET_SENTENCE_WORDS = ("年初", "预算")
# The unit's budget, spending and rate are wholes. The same labels said of one source of the money (中央资金,
# 上年结转…) give that source's share; in a department's report, said of one kind of its spending (项目支出),
# that kind's own budget and rate. A part is kept only where the report states no whole, never as a second value.
WHOLE_FIELDS = frozenset({"budget_initial", "budget_adjusted", "budget_executed", "execution_rate_pct"})
FUNDING_PART_RE = re.compile(
    r"(?:中央|省级|省本级|市级|市本级|县级|区级|地方|本级|自筹|配套)(?:财政)?(?:补助|专项|配套)?资金|上年结转|其他资金"
)
# "“三公”经费：年初预算12.00万元，实际支出9.85万元": the 决算 template's kinds of running costs are parts too
RUNNING_COST_KINDS = r"人员经费|公用经费|三公|会议费|培训费|机关运行|政府采购|公务接待|公务用车"
SPENDING_PART_RE = re.compile(rf"(?<![本该])项目(?:支出|预算|$)|基本支出|{RUNNING_COST_KINDS}")
# In a department's prose its project funds are one kind of its spending too ("康复项目资金200万元，实际支出150万元",
# "专项资金合计…，执行…"), though in a budget table's row label "项目资金（万元）" heads the whole (so not above).
DEPARTMENT_PART_RE = re.compile(rf"{SPENDING_PART_RE.pattern}|项目(?:资金|经费)|专项(?:资金|经费)")
RATE_AGREES_WITHIN = 0.5  # percentage points: a rate written to one decimal, or truncated, still agrees
FIGURE_RE = re.compile(rf"(?:{NUMBER})\s*(?:{MONEY_UNIT}|%)")

FIGURE_CELL_RE = re.compile(rf"(?:{NUMBER})\s*(?:%|万元|元|分)?")
TABLE_UNIT_RE = re.compile(r"(?:单位[:：]\s*|[（(]\s*)(?P<unit>亿元|万元|元)")
TABLE_LABELS: tuple[tuple[str, str], ...] = (
    # The finance ministry's project report form (财预〔2011〕285号) says 计划安排资金 and 计划支出数 for the budget.
    (r"年初预算|计划安排|计划支出", "budget_initial"),
    (r"全年预算|调整后预算|调整预算", "budget_adjusted"),
    (r"全年执行|执行数|实际支出|决算数", "budget_executed"),
    (r"执行率", "execution_rate_pct"),
    (r"^分值|^权重", "points"),
    # not "得分计算方法" or "得分说明", the column explaining how the score was reached
    (r"^得分(?!计算|说明|依据|标准|方法)", "score"),
)


@dataclass
class MoneyResult:
    """Facts, alternatives and breakdowns read from the money part of a report."""

    facts: dict[str, Fact]
    alternatives: list[Fact]
    breakdowns: list[Breakdown]
    items: list[SpendingItem]
    budget_dimension: DimensionScore | None


def parse_money(source: Source, scope: str | None = None, year: int | None = None) -> MoneyResult:
    """Every budget, income and spending figure of the report (``scope`` and fiscal ``year`` as identity found them)."""
    result = MoneyResult({}, [], [], [], None)
    _read_budget_table(source, result, scope)
    _read_income_spending_table(source, result)
    _read_spending_line_table(source, result)
    _read_prose(source, result, scope, year)
    _budget_with_its_changes(source, result, scope)
    _years_budget_funds(source, result, scope, year)
    # Everyday words before 下达 funds: what a project spent tells whether the funds passed down were all it had.
    _project_wording(source, result, scope)
    _spent_in_full(source, result, scope)
    _funding_total_as_budget(source, result, scope)
    _allocated_as_budget(source, result, scope)
    _received_as_budget(source, result, scope)
    _fiscal_grant_as_budget(source, result, scope)
    _department_budget_income(source, result, scope, year)
    _read_rate(source, result, scope)
    _spending_as_executed(result, scope)
    _read_breakdowns(source, result)
    _project_main_uses(source, result, scope)
    _project_budget_lines(source, result, scope)
    return result


# "残疾人康复项目预算80万元，执行72万元": one project's budget and spending in a department's report. The pattern
# starts at 项目 (a literal start is many times faster to search for); the name is read back from there.
PROJECT_LINE_RE = re.compile(
    rf"项目(?:全年|调整后)?(?:预算|预算数|预算资金)(?:为)?\s*"
    rf"(?P<budget>(?:{NUMBER})\s*(?:{MONEY_UNIT}))[，,]\s*(?:实际|全年)?(?:执行|支出|使用)(?:数|资金)?(?:为)?\s*"
    rf"(?P<amount>(?:{NUMBER})\s*(?:{MONEY_UNIT}))"
)


# Words that open the sentence, not the name: "其中", "本年度"; a 部门/单位 "项目" is its project spending as a whole.
PROJECT_LINE_OPENING_RE = re.compile(r"^(?:其中|包括|主要是|分别是|本年度|本年|全年|年度)+")
NOT_ONE_PROJECT_RE = re.compile(r"^(?:部门|单位|本级|本部门|本单位|其他|其它)")
PROJECT_NAME_CHAR_RE = re.compile(r"[\u4e00-\u9fa5“”（）()]")
PROJECT_NAME_MAX = 28  # characters before 项目


def _project_budget_lines(source: Source, result: MoneyResult, scope: str | None) -> None:
    """A department's projects, each stated with its budget and what it spent, as lines of its project spending."""
    if scope != "department":
        return
    known = {item.name for item in result.items}
    for match in source.finditer(PROJECT_LINE_RE):
        name_start = match.start()
        while name_start > max(0, match.start() - PROJECT_NAME_MAX) and PROJECT_NAME_CHAR_RE.match(
            source.norm, name_start - 1
        ):
            name_start -= 1
        written = source.norm[name_start : match.start() + 2]
        name = PROJECT_LINE_OPENING_RE.sub("", written)
        budget = first_amount(source.norm, match.start("budget"), match.end("budget"))
        amount = first_amount(source.norm, match.start("amount"), match.end("amount"))
        if len(name) < 4 or NOT_ONE_PROJECT_RE.match(name) or name in known or budget is None or amount is None:
            continue
        start = name_start + written.find(name)
        evidence = source.evidence(start, match.end("amount"))
        result.items.append(SpendingItem(name, budget.wan, amount.wan, evidence, "project"))
        known.add(name)


def _spending_as_executed(result: MoneyResult, scope: str | None) -> None:
    """A department's money actually spent is its year's 支出合计 where it states no 执行数 of its own.

    Not where the report's own rate says otherwise: then the two are different sums and the rate is kept."""
    spend = result.facts.get("spend_total")
    if scope != "department" or spend is None or "budget_executed" in result.facts:
        return
    if not _agrees_with_stated_rate(result, float(spend.value)):
        return
    result.facts["budget_executed"] = Fact("budget_executed", spend.value, replace(spend.evidence, method="derived"))


def _agrees_with_stated_rate(result: MoneyResult, executed: float) -> bool:
    """True unless the report states a rate and a budget that ``executed`` does not reproduce."""
    rate = result.facts.get("execution_rate_pct")
    base = result.facts.get("budget_adjusted") or result.facts.get("budget_initial")
    if rate is None or base is None or float(base.value) <= 0:
        return True
    return abs(executed / float(base.value) * 100 - float(rate.value)) <= RATE_AGREES_WITHIN


def _keep(result: MoneyResult, fact: Fact) -> None:
    """Keep the first statement of a field; a different later one becomes an alternative."""
    kept = result.facts.get(fact.field)
    if kept is None:
        result.facts[fact.field] = fact
    elif abs(float(kept.value) - float(fact.value)) > 1e-6 and not _same_span(kept, fact):
        known = [a for a in result.alternatives if a.field == fact.field]
        if all(abs(float(a.value) - float(fact.value)) > 1e-6 for a in known):
            result.alternatives.append(fact)


def _same_span(a: Fact, b: Fact) -> bool:
    return a.evidence.start < b.evidence.end and b.evidence.start < a.evidence.end


# --- the budget table of the 自评表


TABLE_LABEL_RES = tuple((re.compile(pattern), name) for pattern, name in TABLE_LABELS)


@cache
def _table_field(label: str) -> str | None:
    return next((name for pattern, name in TABLE_LABEL_RES if pattern.search(label)), None)


def _is_budget_label(text: str) -> bool:
    return _table_field(text) is not None


def _budget_group_ok(labels: list[str], cells: list) -> bool:
    # A row of the budget table is figures, but for one leading label ("金额（万元）"). A labelled part's row has a
    # dash where the form asks no figure ("其中：基本支出： | 180.20 | … | —"), a heading's dashes alone
    # ("按支出性质分： | — | —").
    label, rest = cells[0], cells[1:]
    figures = sum(1 for cell in rest if FIGURE_CELL_RE.fullmatch(cell.text))
    if FIGURE_CELL_RE.fullmatch(label.text):
        return figures == len(rest) >= 1
    if _task_field(labels[0]) is not None:
        # "年度资金总额" read under 年初预算数: the header has no cell over the row's label, so each figure would
        # land one column left of its own (the budget read as 年初's, the points as the rate)
        return False
    core = rest[: len(rest) - _free_tail(labels[1:], rest)]
    figures = sum(1 for cell in core if FIGURE_CELL_RE.fullmatch(cell.text))
    dashes = sum(1 for cell in core if DASH_CELL_RE.match(cell.text))
    if figures + dashes < len(core) or not label.text or DASH_CELL_RE.match(label.text):
        return False
    return figures >= 2 or dashes == len(core) >= 1


def _free_tail(labels: list[str], cells: list[Cell]) -> int:
    """How many of the row's last cells need hold no figure: left empty where the form was filled without them, or
    under a column of words (四川's "… | 权重 | 得分 | 原因" over "… | 10 | | 预算执行率未达到90%的需说明原因")."""
    end = len(cells)
    while end and (not cells[end - 1].text or _task_field(labels[end - 1]) is None):
        end -= 1
    return len(cells) - end


@lru_cache(maxsize=4096)  # every line of a report is asked, and most are the same few labels
def _is_budget_form_label(text: str) -> bool:
    """A column label of the budget table, of the 年度主要任务 block above it (任务名称, a bare 预算数), or a heading
    of the split by nature below it: each starts a table of the form copied one cell a line."""
    return _is_budget_label(text) or _is_task_label(text) or NATURE_HEADING_RE.fullmatch(text) is not None


def _is_task_label(text: str) -> bool:
    return text == TASK_COLUMN_LABEL or TASK_BUDGET_RE.match(text) is not None


def _budget_form_group_ok(labels: list[str], cells: list) -> bool:
    """A well-formed row of the table ``labels`` head: a task's (its name in words, a figure under each money
    column); a label and its one figure under 湖南's headings of the splits ("其中：基本支出：" / "210.40"); else the
    budget table's."""
    if TASK_COLUMN_LABEL in labels:
        return all(_task_cell_ok(label, cell) for label, cell in zip(labels, cells, strict=True))
    if all(NATURE_HEADING_RE.fullmatch(label) for label in labels):
        return len(cells) == 2 and bool(cells[0].text) and _is_words(cells[0]) and not _is_words(cells[1])
    return _budget_group_ok(labels, cells)


def _task_cell_ok(label: str, cell: Cell) -> bool:
    """A task's cell: a figure under each money column, the task's name in words under 任务名称, anything else
    under 主要内容."""
    if _task_field(label) in BUDGET_FIELDS:
        return not _is_words(cell)
    if label == TASK_COLUMN_LABEL:
        return bool(cell.text) and _is_words(cell)
    return True


def _is_words(cell: Cell) -> bool:
    return FIGURE_CELL_RE.fullmatch(cell.text) is None


def _read_budget_table(source: Source, result: MoneyResult, scope: str | None = None) -> None:
    rows = _label_value_lines(
        regroup_single_cells(
            _short_funds_rows_joined(source.rows), _is_budget_form_label, _budget_form_group_ok, wrapped=_wrapped_label
        )
    )
    read_label_values = False
    for index, line in enumerate(rows):
        if _label_value_pairs(_as_label_value_row(line)):
            _read_label_value_rows(source, result, rows, index)
            # The ministry's form gives 计划安排资金 and 实际支出 rows apart, each above its own sources' rows.
            read_label_values = True
            continue
        if read_label_values or _lists_spending_lines(line):
            continue
        tasks = _task_header(line)
        if tasks is not None:
            if scope == "department":
                unit = _table_unit(source, rows, index)
                below = rows[index + 1 : index + 1 + TASKS_MAX]
                found = _tasks_cell_by_cell(source, tasks, below, unit) if tasks.kind == "virtual" else None
                if found is None:
                    found = _project_rows(source, tasks, [spaced_cells(r) for r in below], unit, _task_field)
                result.items.extend(found)
            continue
        row = _unwrapped_header(line, rows[index + 1]) if index + 1 < len(rows) else line
        labels = [(cell, _table_field(cell.text)) for cell in row.values]
        budget_fields = {f for _, f in labels if f in BUDGET_FIELDS}
        # Two of 年初预算, 全年预算, 执行数; not "2021年决算数 2022年预算数 2022年决算数" of a 基础数据表, which
        # compares years of one line (三公经费, 公用经费) and is not the budget's execution.
        if len(budget_fields) < 2:
            if _read_bare_budget_table(source, result, rows, index, labels):
                return
            continue
        if scope == "department" and _lists_projects(row):
            result.items.extend(_project_rows(source, row, rows[index + 1 :], _table_unit(source, rows, index)))
            continue
        mapped = [(c, f) for c, f in labels if f is not None]
        found = _next_value_row(rows, index)
        if found is None:
            continue
        value_index, values = found
        unit = _table_unit(source, rows, index)
        _read_spending_by_nature(source, result, row, rows[index + 1 : value_index + 12], unit)
        _read_source_rows(source, result, row, rows[value_index : value_index + 1 + SOURCE_ROWS_MAX], unit)
        if _rebuilt_alike(row, rows[value_index]):
            # a form copied one cell a line keeps each cell under its label, an empty one too (得分 left blank)
            pairs = [(m, c) for m, c in zip(labels, rows[value_index].cells, strict=True) if m[1] and not _is_words(c)]
            mapped, values = [m for m, _ in pairs], [c for _, c in pairs]
        elif len(values) > len(mapped):
            values = values[-len(mapped) :]
        elif len(values) < len(mapped):
            mapped, values = _placed_cells(mapped, values)
            if not values:
                return
        if _zeros_over_funded_sources(mapped, values, rows[value_index + 1 : value_index + 1 + SOURCE_ROWS_MAX]):
            mapped, values = _without_money_columns(mapped, values)
        _apply_budget_row(source, result, row, mapped, values, unit)
        return


# A row with fewer figures than columns ("年度资金总额: 880 880 880 10 10" under 年初预算数 … 得分, its 执行率 left
# blank by a text layer that drops empty cells) does not say which column was blank: right-aligned, it read 880 as the
# 分值 and 10 as the rate. Each placement of the figures in the columns' order is tried; one that breaks the form's
# own arithmetic is no reading, and a column is read only where every placement left puts the same figure in it.
POINTS_MAX = 100.0  # a 分值 or 得分 is a part of the 100-point scale, never a money figure
MONEY_CELL_RE = re.compile(r"元$")
# A rate written as a whole percent, rounded or cut ("97%" for 97.73): still the rate of the placement that reads it.
# Wide enough for that, far too narrow for the 分值 or 得分 taken for the rate (10 beside 100).
PLACED_RATE_WITHIN = 1.0
PLACEMENTS_MAX = 1000  # a form's funds row has 5 to 8 columns: at most 70 placements


def _placed_cells(mapped: list, values: list[Cell]) -> tuple[list, list[Cell]]:
    """The columns of ``mapped`` and their cells that every sound placement of ``values`` reads alike."""
    if comb(len(mapped), len(values)) > PLACEMENTS_MAX:
        return [], []  # a line of many labels is no one form's header, and trying each placement would be slow
    fields = [field for _, field in mapped]
    placements = (dict(zip(columns, values, strict=True)) for columns in combinations(range(len(mapped)), len(values)))
    readings = [placed for placed in placements if _sound_placement(fields, placed)]
    if not readings:
        return [], []
    agreed = [i for i, cell in readings[0].items() if all(reading.get(i) is cell for reading in readings[1:])]
    return [mapped[i] for i in agreed], [readings[0][i] for i in agreed]


def _sound_placement(fields: list[str], placed: dict[int, Cell]) -> bool:
    """Whether figures under these columns keep the form's arithmetic: a percentage only under 执行率, the rate equal to
    全年执行数 ÷ 全年预算数 (年初预算数 where the form has no 全年 column), money only under money columns, a 分值 and
    its 得分 on the 100-point scale, the 得分 no more than the 分值."""
    numbers: dict[str, float] = {}
    for column, cell in placed.items():
        field, number = fields[column], parse_number(cell.text)
        if number is None or (cell.text.endswith("%") and field != "execution_rate_pct"):
            return False
        if field in ("points", "score") and (MONEY_CELL_RE.search(cell.text) or number > POINTS_MAX):
            return False
        numbers[field] = number
    if numbers.get("score", 0.0) > numbers.get("points", POINTS_MAX):
        return False
    rate = numbers.get("execution_rate_pct")
    if rate is None:
        return True
    base = numbers.get("budget_adjusted" if "budget_adjusted" in fields else "budget_initial")
    executed = numbers.get("budget_executed")
    if base is None or executed is None:
        return False  # the form's 执行率 is B/A: a rate stated beside a blank B or A is no reading of it
    return abs((executed / base * 100 if base > 0 else 0.0) - rate) < PLACED_RATE_WITHIN


def _rebuilt_alike(header: Row, values: Row) -> bool:
    """A header and a row both rebuilt from cells one a line, cell for cell, with an empty cell among the row's."""
    return (
        header.kind == values.kind == "virtual"
        and len(header.cells) == len(header.values) == len(values.cells)
        and len(values.values) < len(values.cells)
    )


BUDGET_FIELDS = ("budget_initial", "budget_adjusted", "budget_executed")

# The 项目支出绩效自评表's funds row copied one cell a line under its header's labels one a line (天长's web page:
# "年度资金总额:" / "640" / "640" / "640" / "10" / "10", the blank 执行率 cell dropped): fewer figures than the
# header has columns, so no grouping by the header's width reads it. Joined into one row each, the header and the
# row are read as the space-separated copy is, by the placements every sound reading agrees on.
FUNDS_TOTAL_LABEL_RE = re.compile(r"年度资金总额[:：]?")
FUNDS_ROW_CELLS_MAX = 8  # a form's funds row has 5 to 8 columns


def _short_funds_rows_joined(rows: list[Row]) -> list[Row]:
    """``rows`` with each funds row copied one cell a line short of its header's columns (and that header) joined
    into one row each; a row whose figures run on past a blank line (a blank line for an empty cell) is left alone."""
    out = list(rows)
    for index in range(len(rows) - 1, -1, -1):
        cell = single_cell(rows[index])
        if cell is None or not FUNDS_TOTAL_LABEL_RE.fullmatch(cell.text):
            continue
        header = _single_label_cells_above(rows, index)
        figures = _single_figures_below(rows, index)
        if header is None or figures is None or not 2 <= len(figures) < len(header[1]):
            continue
        first, labels = header
        joined_row = make_row((cell, *figures), cell.start, figures[-1].end, rows[index].line, "virtual")
        joined_header = make_row(tuple(labels), labels[0].start, labels[-1].end, rows[first].line, "virtual")
        out[first : index + 1 + len(figures)] = [joined_header, joined_row]
    return out


def _single_label_cells_above(rows: list[Row], index: int) -> tuple[int, list[Cell]] | None:
    """The budget table's column labels one a line (blank lines between them skipped) right above ``index``: where
    they start and the labels, two budget columns among them at least."""
    labels: list[Cell] = []
    first = index
    for position in range(index - 1, max(-1, index - 3 * FUNDS_ROW_CELLS_MAX), -1):
        if not rows[position].values:
            continue
        cell = single_cell(rows[position])
        if cell is None or _table_field(cell.text) is None:
            break
        labels.insert(0, cell)
        first = position
    if sum(1 for label in labels if _table_field(label.text) in BUDGET_FIELDS) < 2:
        return None
    return first, labels


def _single_figures_below(rows: list[Row], index: int) -> list[Cell] | None:
    """The figures one a line right below ``index``, ended by a blank line or a label; None where a figure follows
    the blank line (it stood for an empty cell of the row) or the run is longer than a funds row."""
    figures: list[Cell] = []
    position = index + 1
    while position < len(rows) and len(figures) <= FUNDS_ROW_CELLS_MAX:
        cell = single_cell(rows[position])
        if cell is None or not FIGURE_CELL_RE.fullmatch(cell.text):
            break
        figures.append(cell)
        position += 1
    following = next((row for row in rows[position:] if row.values), None)
    if following is not None and any(FIGURE_CELL_RE.fullmatch(text) for text in following.texts[:1]):
        return None
    return figures if len(figures) <= FUNDS_ROW_CELLS_MAX else None


def _without_money_columns(mapped: list, values: list) -> tuple[list, list]:
    """The row's labels and cells but for the budget's and the rate's (its points and score stand as written)."""
    kept = [(label, cell) for label, cell in zip(mapped, values, strict=False) if label[1] not in LABEL_VALUE_FIELDS]
    return [label for label, _ in kept], [cell for _, cell in kept]


# "项目 | 预算数 | 执行数 | 执行率" over "合计 | 1200 | 1150 | 95.83%": a bare 预算数 (neither 年初 nor 全年) is the
# year's full budget where the table gives what was spent and its rate, read from its 合计 row only. Not
# "2022年预算数 | 2023年预算数" of a 基础数据表 (a year in the header), nor a table of projects (no 合计 first).
BARE_BUDGET_CELL_RE = re.compile(r"预算数\s*(?:[（(](?:万元|元)[)）])?")
GRAND_TOTAL_CELL_RE = re.compile(r"(?:支出|金额|资金)?(?:合\s*计|总\s*计)")
BARE_TABLE_CAPTION_ROWS = 2  # the lines above a header that may be its caption
# The bare word says nothing of whose budget it is: only a caption or heading naming the unit's budget as a whole
# ("二、预算执行情况", "部门整体支出预算执行情况表") makes the 合计 the budget; "具体情况如下表" under a 三公
# heading does not.
WHOLE_BUDGET_CAPTION_RE = re.compile(r"预算执行|资金执行|整体支出|部门预算|单位预算|收支预算|预算收支")
RUNNING_COST_ROW_RE = re.compile(RUNNING_COST_KINDS)


def _read_bare_budget_table(source: Source, result: MoneyResult, rows: list[Row], index: int, labels: list) -> bool:
    """The budget, spending and rate of a table headed by a bare 预算数 (BARE_BUDGET_CELL_RE), where its 合计 row's
    rate agrees with its two figures; whether they were read."""
    mapped = _bare_budget_labels(labels)
    if mapped is None or _bare_table_of_a_part(rows, index):
        return False
    found = _next_value_row(rows, index)
    if found is None:
        return False
    value_index, values = found
    first = rows[value_index].values[0].text if rows[value_index].values else ""
    if GRAND_TOTAL_CELL_RE.fullmatch(first) is None or len(values) != len(mapped):
        return False
    if _lists_running_costs(rows[index + 1 : value_index]):
        return False  # "公务接待费 | 5 | 4 | 80%" above the 合计: the table's total is the 三公 funds'
    numbers = {field: parse_number(cell.text) for (_, field), cell in zip(mapped, values, strict=True)}
    budget, executed, rate = (numbers[f] for f in ("budget_adjusted", "budget_executed", "execution_rate_pct"))
    if not budget or executed is None or rate is None or abs(executed / budget * 100 - rate) > RATE_AGREES_WITHIN:
        return False
    _apply_budget_row(source, result, rows[index], mapped, values, _table_unit(source, rows, index))
    return True


def _bare_budget_labels(labels: list) -> list | None:
    """The header's columns with its one bare 预算数 as the full-year budget: only beside one 执行数 column and one
    执行率 column, and no other budget column."""
    bare = [cell for cell, field in labels if field is None and BARE_BUDGET_CELL_RE.fullmatch(cell.text)]
    fields = [field for _, field in labels if field is not None]
    if len(bare) != 1 or sorted(fields) != ["budget_executed", "execution_rate_pct"]:
        return None
    return [(cell, "budget_adjusted" if cell is bare[0] else f) for cell, f in labels if cell is bare[0] or f]


def _bare_table_of_a_part(rows: list[Row], index: int) -> bool:
    """The header or its caption names one kind of the money ("“三公”经费", "财政拨款收入": its 合计 is no
    budget's), or the header a year ("2023年预算数", a 基础数据表's); or no caption names the budget as a whole."""
    if any(char.isdigit() for text in rows[index].texts for char in text):
        return True
    above = rows[max(0, index - BARE_TABLE_CAPTION_ROWS) : index + 1]
    if any(PART_SUBJECT_RE.search(text) or "收入" in text for row in above for text in row.texts):
        return True
    # the heading may stand over the table's unit line and a blank line of a web page; the report's title
    # ("…部门整体支出绩效自评报告") is no caption of the table
    lines = rows[max(0, index - BARE_TABLE_CAPTION_ROWS - 1) : index]
    captions = (text for row in lines for text in row.texts if len(text) <= CAPTION_MAX and "绩效" not in text)
    return not any(WHOLE_BUDGET_CAPTION_RE.search(text) for text in captions)


def _lists_running_costs(rows: list[Row]) -> bool:
    """Rows above a table's 合计 naming a kind of running cost (公务接待费, 会议费…): the total is theirs."""
    return any(row.values and RUNNING_COST_ROW_RE.search(row.values[0].text) for row in rows)


SOURCE_LABEL_OPENING_RE = re.compile(r"^其中[:：]?\s*")


def _zeros_over_funded_sources(mapped: list, values: list, below: list[Row]) -> bool:
    """A total row left at zero in every money column ("年度资金总额: 0 0 0 10 0 0") over a source row with
    figures ("其中:本年财政拨款 90 90 89.974"): the form's total was not filled in, and 0 is no budget."""
    amounts = [parse_number(c.text) for (_, field), c in zip(mapped, values, strict=False) if field in BUDGET_FIELDS]
    if not amounts or any(amount != 0 for amount in amounts):
        return False
    for row in below:
        label = SOURCE_LABEL_OPENING_RE.sub("", row.values[0].text) if row.values else ""
        if SOURCE_ROW_RE.match(label) and any(parse_number(cell.text) for cell in _figures(row)):
            return True
    return False


# A cell that is only the table's unit ("（万元）"), as the first column's label may wrap onto the next line.
UNIT_CELL_RE = re.compile(r"[（(]?(?:单位[:：])?\s*(?:亿元|万元|元)\s*[)）]?")
# "年初", "全年", "执行": the first part of a budget label whose narrow cell wrapped (see _unwrapped_header).
WRAPPED_LABEL_START_RE = re.compile(r"^(?:年初|全年|调整后?|预算|执行|实际)")
# The same first words as a line of their own: not "预算数（万元）" over "执行数（万元）", two labels.
WRAPPED_HEAD_RE = re.compile(r"年初|全年|调整后?|预算|执行|实际")


@lru_cache(maxsize=4096)  # the regrouping asks of every pair of single cells in a label's run
def _wrapped_label(first: str, second: str) -> bool:
    """A narrow column's label on two lines of a form copied one cell a line ("年初" over "预算数", "全年" over
    "执行数"): the first line only the label's first word, the two together a budget label."""
    return WRAPPED_HEAD_RE.fullmatch(first) is not None and _table_field(first + second) in BUDGET_FIELDS


def _unwrapped_header(row: Row, below: Row) -> Row:
    """A header whose narrow cells wrapped onto the next line of a text layer ("项目资金 年初 全年 全年 分值" over
    "（万元） 预算数 预算数 执行数"), with each label joined back in order; ``row`` itself unless every word below
    but a unit completes a label above into a budget label, two of them at least."""
    if not 2 <= len(below.values) <= len(row.values) or any(FIGURE_CELL_RE.fullmatch(c.text) for c in below.values):
        return row
    tails = [cell for cell in below.values if not UNIT_CELL_RE.fullmatch(cell.text)]
    cells, taken = [], 0
    for cell in row.values:
        if taken < len(tails) and WRAPPED_LABEL_START_RE.match(cell.text) and _table_field(cell.text) is None:
            joined = cell.text + tails[taken].text
            if _table_field(joined) in BUDGET_FIELDS:
                cells.append(Cell(joined, cell.start, tails[taken].end))
                taken += 1
                continue
        cells.append(cell)
    if taken < max(2, len(tails)):
        return row
    return make_row(tuple(cells), row.start, below.end, row.line, "virtual")


LABEL_VALUE_FIELDS = frozenset({*BUDGET_FIELDS, "execution_rate_pct"})


def _label_value_pairs(row: Row, needs_budget: bool = True) -> list[tuple[Cell, str, Cell]]:
    """A form's row of label and value cells ("年初预算数（万元） | 100 | 全年预算数（万元） | 120"): each label
    with the figure right of it; empty unless every label of the row has its figure and (``needs_budget``) one is
    the budget's: a row of the rate alone ("预算执行率 | 95.83%") only follows the amounts' rows."""
    cells = row.values
    if len(cells) < 2:  # a line of prose, most of a report
        return []
    pairs = []
    for position, cell in enumerate(cells):
        field = _table_field(cell.text)
        if field is None or FIGURE_CELL_RE.fullmatch(cell.text):
            continue
        value = cells[position + 1] if position + 1 < len(cells) else None
        after = cells[position + 2] if position + 2 < len(cells) else None
        if field not in LABEL_VALUE_FIELDS or value is None or not FIGURE_CELL_RE.fullmatch(value.text):
            return []
        if after is not None and FIGURE_CELL_RE.fullmatch(after.text):
            return []  # "年初预算数 | 100 | 120": a label with a row of figures (one a year), not one value
        pairs.append((cell, field, value))
    return pairs if not needs_budget or any(field in BUDGET_FIELDS for _, field, _ in pairs) else []


def _as_label_value_row(row: Row) -> Row:
    """``row``, or a text layer's line of labels and values separated by spaces read as its cells: only when
    every word of the line is a label or its figure, so "年初预算数 100 元，…" stays prose."""
    spaced = spaced_cells(row)
    if spaced is row or not _alternates_labels_and_figures(spaced.values):
        return row
    return spaced if _label_value_pairs(spaced, needs_budget=False) else row


LABEL_CELL_MAX = 20  # characters of a form's label with its unit ("计划安排资金 （万元）"); a longer cell is prose


def _alternates_labels_and_figures(cells: tuple[Cell, ...]) -> bool:
    """Cells going label, figure, label, figure …, as a form's cover prints them ("计划安排资金（万元） 60
    实际到位资金（万元） 60 实际支出（万元） 57.6"). A label the budget table does not read (实际到位资金) keeps
    its place between the others; a label of another column (分值, 得分) does not."""
    if len(cells) < 2 or len(cells) % 2:
        return False
    return all(_is_value_label(cell) for cell in cells[::2]) and all(not _is_words(cell) for cell in cells[1::2])


def _is_value_label(cell: Cell) -> bool:
    if len(cell.text) > LABEL_CELL_MAX or not _is_words(cell):
        return False
    field = _table_field(cell.text)
    return field is None or field in LABEL_VALUE_FIELDS


def _label_value_lines(rows: list[Row]) -> list[Row]:
    """``rows`` with each run of one-cell lines going label, figure, label, figure … joined into one row of its
    cells: a form's cover copied one cell a line (湖南's 财政支出项目绩效评价自评报告: "计划安排资金 （万元）" over
    "60", "实际到位资金 （万元）" over "60", "实际支出 （万元）" over "57.6")."""
    out: list[Row] = []
    index = 0
    while index < len(rows):
        end, stop, cells = _label_value_run(rows, index)
        if end > index:
            out.append(make_row(cells, cells[0].start, cells[-1].end, rows[index].line, "virtual"))
            index = end
        else:  # the lines read are no run, nor does one start inside them: each line is read once
            out.extend(rows[index:stop])
            index = stop
    return out


def _label_value_run(rows: list[Row], index: int) -> tuple[int, int, tuple[Cell, ...]]:
    """The end of the run of label and figure lines starting at ``index`` with a label of the budget table (or
    ``index``: none), the line the reading stopped at, and the run's cells. No run unless two of its labels are
    the table's, nor where a second figure follows a label's (a label over a row of figures, one a year, is no
    label with its value)."""
    first = single_cell(rows[index])
    if first is None or not _is_value_label(first) or _table_field(first.text) not in LABEL_VALUE_FIELDS:
        return index, index + 1, ()
    cells: list[Cell] = []
    position = end = index
    while position < len(rows):
        row = rows[position]
        if not row.values:  # a web page's blank line between cells
            position += 1
            continue
        cell = single_cell(row)
        if len(cells) % 2 == 0:  # a label's place
            if cell is not None and not _is_words(cell):
                return index, position, ()
            if cell is None or not _is_value_label(cell):
                break
            cell, position = _with_wrapped_unit(rows, cell, position)
        elif cell is None or _is_words(cell):
            break
        cells.append(cell)
        position += 1
        if len(cells) % 2 == 0:
            end = position
    read = sum(1 for cell in cells[: len(cells) // 2 * 2 : 2] if _table_field(cell.text))
    run = tuple(cells[: len(cells) // 2 * 2])
    return (end if read >= 2 else index), max(position, index + 1), run


def _with_wrapped_unit(rows: list[Row], label: Cell, position: int) -> tuple[Cell, int]:
    """A label with its unit where the narrow cell wrapped it onto a line of its own ("计划安排资金" over
    "（万元）" over "170"), and the position of the unit's line; else the label and its own position."""
    after = next((at for at in range(position + 1, min(len(rows), position + 3)) if rows[at].values), None)
    unit = single_cell(rows[after]) if after is not None else None
    if unit is None or not UNIT_CELL_RE.fullmatch(unit.text):
        return label, position
    return Cell(label.text + unit.text, label.start, unit.end), after


def _read_label_value_rows(source: Source, result: MoneyResult, rows: list[Row], index: int) -> None:
    """The budget, spending and rate of consecutive rows of label and value cells, each in its label's unit."""
    unit = _table_unit(source, rows, index)
    for offset, line in enumerate(rows[index : index + 4]):
        row = _as_label_value_row(line)
        pairs = _label_value_pairs(row, needs_budget=offset == 0)
        if not pairs:
            break
        for label, field, value in pairs:
            own = TABLE_UNIT_RE.search(label.text)
            _apply_budget_row(source, result, row, [(label, field)], [value], own.group("unit") if own else unit)


# Not a bare 项目: "项目 | 年初预算数 | …" heads the row labels of the budget table itself ("金额（万元）").
PROJECT_COLUMN_LABELS = frozenset({"项目名称", "项目名"})
TOTAL_ROW_RE = re.compile(r"^(?:支出|金额)?(?:合\s*计|小\s*计|总\s*计)$")
# The ministry's form lists a project's spending by economic class: "支出内容（经济科目） | 计划支出数 | 实际支出数",
# each line named after its class's code ("30399 村专职委员工作补贴"), closed by a 支出合计 row.
SPENDING_LINES_HEADER_RE = re.compile(r"^(?:支出内容|支出明细|经济科目|支出科目)")
ECONOMIC_CODE_RE = re.compile(r"^\d{3,7}\s*")
SPENDING_LINES_MAX = 40  # rows of one such table


# The 年度主要任务 block of the 部门整体支出绩效自评表 ("年度主要任务 | 任务名称 | 主要内容 | 预算数 | 执行数"): each
# task with what it was given and spent. Its 任务名称 opens the header, or follows the block's own label.
TASK_COLUMN_LABEL = "任务名称"
# The block says a bare 预算数 (or 批复金额) for a task's budget, a word too loose for the budget table itself.
TASK_BUDGET_RE = re.compile(r"^(?:预算数|预算金额|批复金额)")


TASKS_MAX = 40  # rows of one such block


def _task_header(line: Row) -> Row | None:
    """The block's header, a text layer's line of labels split at its spaces; only where 任务名称 is a cell of it."""
    if not any(TASK_COLUMN_LABEL in text for text in line.texts[:2]):
        return None
    header = spaced_cells(line)
    return header if any(cell.text == TASK_COLUMN_LABEL for cell in header.values[:2]) else None


def _task_field(label: str) -> str | None:
    return _table_field(label) or ("budget_adjusted" if TASK_BUDGET_RE.match(label) else None)


TASK_CONTENT_LABEL = "主要内容"
TASK_FIGURE_FIELDS = frozenset(LABEL_VALUE_FIELDS)  # the money columns and the rate after 主要内容


def _tasks_cell_by_cell(source: Source, header: Row, below: list[Row], unit: str) -> list[SpendingItem] | None:
    """The tasks of a block copied one cell a line, read cell by cell: a copy drops a task's empty 主要内容 cell
    ("残疾人就业 / 25.00 / 24.00"), so the rows are not all as wide as the header. Each task is its name, its
    content where the next cell is words, then a figure under each column after 主要内容, up to a cell out of place;
    a 合计 row is passed over. None where the header is not "任务名称 | 主要内容 | figure columns…"."""
    labels = [cell.text for cell in header.values]
    fields = [_task_field(label) for label in labels[2:]]
    if labels[:2] != [TASK_COLUMN_LABEL, TASK_CONTENT_LABEL] or not fields or not TASK_FIGURE_FIELDS.issuperset(fields):
        return None
    cells = list(_single_cells(below))
    items, at = [], 0
    while at < len(cells) and _is_words(cells[at]):
        name, at = cells[at], at + 1 + (at + 1 < len(cells) and _is_words(cells[at + 1]))
        figures = cells[at : at + len(fields)]
        if len(figures) < len(fields) or any(map(_is_words, figures)):
            break
        at += len(fields)
        by_field = dict(zip(fields, figures, strict=True))
        executed = parse_number(by_field["budget_executed"].text) if "budget_executed" in by_field else None
        cell = by_field.get("budget_adjusted") or by_field.get("budget_initial")
        planned = parse_number(cell.text) if cell is not None else None
        if executed is None:
            break
        if TOTAL_ROW_RE.match(name.text):
            continue
        budget = to_wan(planned, unit) if planned is not None else None
        evidence = source.evidence(name.start, figures[-1].end)
        items.append(SpendingItem(name.text, budget, to_wan(executed, unit), evidence))
    return items


def _single_cells(rows: list[Row]) -> Iterator[Cell]:
    """The cells of rows rebuilt from one cell a line and of the single-cell lines after them, blanks skipped."""
    for row in rows:
        if row.kind not in ("virtual", "line"):
            return
        yield from row.values


def _lists_projects(header: Row) -> bool:
    """A department's table of its projects ("项目名称 | 全年预算数 | 全年执行数"): each row is one project's."""
    return bool(header.values) and header.values[0].text in PROJECT_COLUMN_LABELS


def _lists_spending_lines(header: Row) -> bool:
    return bool(header.values) and SPENDING_LINES_HEADER_RE.match(header.values[0].text) is not None


def _opens_spending_lines(row: Row) -> bool:
    """The spending lines' first label alone on its line ("支出内容（经济科目）"): their table one cell a line."""
    cell = single_cell(row)
    return cell is not None and len(cell.text) <= 16 and SPENDING_LINES_HEADER_RE.match(cell.text) is not None


def _is_spending_lines_label(text: str) -> bool:
    return SPENDING_LINES_HEADER_RE.match(text) is not None or _table_field(text) in BUDGET_FIELDS


def _spending_line_group_ok(labels: list[str], cells: list[Cell]) -> bool:
    """A spending line one cell a line under its table's header: its class ("30399 村专职委员工作补贴", or 支出合计),
    then a figure under each money column."""
    return (
        SPENDING_LINES_HEADER_RE.match(labels[0]) is not None
        and FIGURE_CELL_RE.fullmatch(cells[0].text) is None
        and all(FIGURE_CELL_RE.fullmatch(cell.text) for cell in cells[1:])
    )


def _read_spending_line_table(source: Source, result: MoneyResult) -> None:
    """The spending lines of the ministry's form, each with what was planned and spent; its 支出合计 row is the
    project's budget and what it spent."""
    rows = source.rows
    if any(_opens_spending_lines(row) for row in rows):  # 岳阳's form copied one cell a line
        rows = regroup_single_cells(rows, _is_spending_lines_label, _spending_line_group_ok)
    for index, line in enumerate(rows):
        # split a text layer's line into cells only where it opens with the header's first label
        if not _lists_spending_lines(line):
            continue
        header = spaced_cells(line)
        fields = [f for f in (_table_field(cell.text) for cell in header.values[1:]) if f in BUDGET_FIELDS]
        if "budget_executed" not in fields:
            continue
        unit = _table_unit(source, rows, index)
        for row in (spaced_cells(r) for r in rows[index + 1 : index + 1 + SPENDING_LINES_MAX]):
            figures = _figures(row)
            words = [cell for cell in row.values if not FIGURE_CELL_RE.fullmatch(cell.text)]
            if len(figures) < len(fields) or not words:
                break
            amounts = list(zip(fields, figures[-len(fields) :], strict=True))
            name = ECONOMIC_CODE_RE.sub("", "".join(cell.text for cell in words))
            if TOTAL_ROW_RE.match(name):
                _apply_budget_row(source, result, header, [(c, f) for f, c in amounts], [c for _, c in amounts], unit)
                break
            parsed = {field: parse_number(cell.text) for field, cell in amounts}
            by_field = {field: to_wan(number, unit) for field, number in parsed.items() if number is not None}
            planned = by_field.get("budget_adjusted", by_field.get("budget_initial"))
            evidence = source.evidence(words[0].start, row.values[-1].end)
            result.items.append(SpendingItem(name, planned, by_field.get("budget_executed", 0.0), evidence))
        return


def _project_rows(
    source: Source, header: Row, rows: list[Row], unit: str, field_of: Callable[[str], str | None] = _table_field
) -> list[SpendingItem]:
    """Each project row of such a table as a spending item (its budget and what it spent), up to a row of words; a
    row may end in words of its own (its grade: "… | 95 | 优")."""
    labels = [field_of(cell.text) for cell in header.cells]
    items = []
    for row in rows:
        if len(row.values) < 2 or not any(FIGURE_CELL_RE.fullmatch(cell.text) for cell in row.values[1:]):
            break
        name = row.values[0]
        if TOTAL_ROW_RE.match(name.text) or FIGURE_CELL_RE.fullmatch(name.text):
            continue
        executed = _column_cell(row, labels, "budget_executed")
        budget = _column_cell(row, labels, "budget_adjusted") or _column_cell(row, labels, "budget_initial")
        amount = parse_number(executed.text) if executed is not None else None
        if amount is None:
            continue
        planned = parse_number(budget.text) if budget is not None else None
        item_budget = to_wan(planned, unit) if planned is not None else None
        evidence = source.evidence(name.start, row.values[-1].end)
        items.append(SpendingItem(_listed_project_name(name.text), item_budget, to_wan(amount, unit), evidence))
    return items


def _listed_project_name(written: str) -> str:
    """A project's name in its department's table as its own form's 项目名称 reads it (identity.find_project_name):
    without the budget system's code and the year and place that frame it ("2023年残疾儿童康复救助"), so one project
    has one name across reports."""
    name = written[project_code_length(written) :]
    return name[leading_frame_length(name) :]


def _next_value_row(rows: list[Row], index: int) -> tuple[int, list] | None:
    """The first row of figures under a header; where it is one part of the money (中央资金, 基本支出), the total
    row below the parts."""
    for offset, row in enumerate(rows[index + 1 : index + 4], start=index + 1):
        numeric = _figures(row)
        if len(numeric) >= 2:
            label = row.values[0].text if row.values and not FIGURE_CELL_RE.fullmatch(row.values[0].text) else ""
            is_part = FUNDING_PART_RE.match(label) or SPENDING_PART_RE.match(label.removeprefix("其中"))
            return _total_row_below(rows, offset) if is_part else (offset, numeric)
    return None


def _figures(row: Row) -> list[Cell]:
    return [cell for cell in row.values if FIGURE_CELL_RE.fullmatch(cell.text)]


def _total_row_below(rows: list[Row], first: int) -> tuple[int, list]:
    """The 合计 row of a table whose rows are the money's parts, else the first part's row after all."""
    for offset in range(first, min(len(rows), first + 12)):
        row = rows[offset]
        if len(_figures(row)) < 2:
            break
        if TOTAL_ROW_RE.match(row.values[0].text):
            return offset, _figures(row)
    return first, _figures(rows[first])


# The 部门整体支出绩效自评表 splits the year's money "按支出性质分：" into 基本支出 and 项目支出 rows under the total.
NATURE_ROWS = {"基本支出": "spend_basic", "项目支出": "spend_project"}
NATURE_LABEL_NOISE_RE = re.compile(r"^其中|[:：\s]")
# The headings of the two splits, on a row of their own where the form leaves their figures blank (湖南's form).
NATURE_HEADING_RE = re.compile(r"按(?:收入|支出)性质分[:：]?")
DASH_CELL_RE = re.compile(r"^[—–\-－/]+$")
# "其中：" in a cell of its own before the first part's label ("其中： | 当年财政拨款 | 80 | …"), as some copies of the
# forms split it: a word of the row, no cell of a column.
BARE_OPENING_RE = re.compile(r"其中[:：]?")


def _read_spending_by_nature(source: Source, result: MoneyResult, header: Row, rows: list[Row], unit: str) -> None:
    """The executed figure of the 基本支出 and 项目支出 rows below the budget row, where the form has them."""
    labels = [_table_field(cell.text) for cell in header.cells]
    if "budget_executed" not in labels:
        return
    for position, line in enumerate(rows):
        row = _without_bare_opening(line)
        if all(NATURE_HEADING_RE.fullmatch(cell.text) for cell in row.values):
            continue
        if not any(map(_is_figure_or_dash, row.values)):
            return  # a row of words: the table has ended
        if _runs_on(row, rows[position + 1 :]):
            continue
        found = _nature_figure(row, labels)
        number = parse_number(found[2].text) if found is not None else None
        if found is not None and number is not None:
            field, label, executed = found
            method = "exact" if unit == "万元" else "normalised"
            _keep(result, source.fact(field, to_wan(number, unit), label.start, executed.end, method))


# The 项目支出绩效自评表 lists the money's sources under 年度资金总额 ("其中：当年财政拨款 | 80 | 100 | 98 | — | — | —",
# "上年结转资金", "其他资金"), the 部门整体支出绩效自评表 its 按收入性质分 rows (一般公共预算, 政府性基金拨款,
# 纳入专户管理的非税收入拨款, 其他资金), provinces' forms their own set (财政资金, 单位资金; 中央, 省级, 市县级…).
SOURCE_ROW_RE = re.compile(
    r"(?:当年|本年)?财政(?:拨款|资金)|一般公共预算(?:财政)?(?:拨款|资金)?|政府性基金(?:预算)?(?:拨款|资金)?"
    r"|纳入专户管理的非税收入(?:拨款)?|财政专户管理资金|单位资金|自筹资金|上年结转(?:结余)?(?:资金)?|其他资金(?:来源)?"
    r"|(?:中央|省级?|省本级|市县级?|市级?|市本级|县级?|区级?|地方|本级)(?:财政)?(?:补助|专项|配套)?(?:资金)?"
)
SOURCES_HEADING_RE = re.compile(r"按收入性质分[:：]?")
# The template's catch-all row: where it is listed, the rows name every source of the money.
OTHER_SOURCES_RE = re.compile(r"其他资金(?:来源)?")
SOURCE_ROWS_MAX = 8  # rows below the total: the department form's heading and four sources, with room to spare
# One breakdown a money column (record.SOURCE_BREAKDOWNS), the 全年预算数's first: the validator reports one mismatch
# of a table, its first. Sources listed without the template's 其他资金 row may leave one unsaid, as prose does.


def _read_source_rows(source: Source, result: MoneyResult, header: Row, rows: list[Row], unit: str) -> None:
    """Each money column's total (``rows[0]``, the 年度资金总额 row) with the figures of the source rows below it."""
    labels = [_table_field(cell.text) for cell in header.cells]
    total_row, sources, complete = rows[0], [], False
    for line in rows[1:]:
        row = _without_bare_opening(spaced_cells(line))
        if not row.values or SOURCES_HEADING_RE.fullmatch(row.values[0].text):
            continue  # a blank line; the department form's heading of its sources, its figures dashes
        label = NATURE_LABEL_NOISE_RE.sub("", row.values[0].text)
        if SOURCE_ROW_RE.fullmatch(label) is None:
            break  # 按支出性质分, 基本支出, 年度总体目标: the sources have ended
        complete = complete or OTHER_SOURCES_RE.fullmatch(label) is not None
        # a label then figures (or the form's dashes) alone: "其中：一般公共预算： 540.80 其中：基本支出： 210.40" sets
        # another table's row beside it, and which column its figure is cannot be told
        if all(map(_is_figure_or_dash, row.values[1:])):
            sources.append(row)
    for field, label in SOURCE_BREAKDOWNS.items():
        breakdown = _source_column(source, total_row, sources, labels, field, unit)
        if breakdown is not None:
            result.breakdowns.append(Breakdown(label if complete else label + PARTIAL_SOURCES, *breakdown))


def _source_column(
    source: Source, total_row: Row, sources: list[Row], labels: list[str | None], field: str, unit: str
) -> tuple[Fact, tuple[Fact, ...]] | None:
    """The total of one money column and its sources' figures in it, where two sources at least have one."""
    total = _column_cell(total_row, labels, field)
    number = parse_number(total.text) if total is not None else None
    if total is None or number is None:
        return None
    parts = []
    for row in sources:
        cell = _cell_under(total_row, total, row) if _same_shape(total_row, row) else _column_cell(row, labels, field)
        figure = parse_number(cell.text) if cell is not None and not cell.text.endswith("%") else None
        if cell is not None and figure is not None:
            parts.append(_amount_cell_fact(source, "funding_source", cell, figure, unit))
    if len(parts) < 2:
        return None
    return _amount_cell_fact(source, field, total, number, unit), tuple(parts)


def _same_shape(total_row: Row, row: Row) -> bool:
    """Rows of one table body that keep their blank cells alike: a source row stands under the total row even where
    the header has a cell more over them ("预算执行情况（10分） | 年度预算数（万元） | 年初预算 | …" over "总额 | …"),
    its first cell merged down the rows."""
    return row.kind == total_row.kind and row.kind in ("tab", "pipe") and len(row.cells) == len(total_row.cells)


def _cell_under(total_row: Row, total: Cell, row: Row) -> Cell | None:
    """The cell of ``row`` in the total's column; none where it holds no figure (a dash, a blank)."""
    cell = row.cells[total_row.cells.index(total)]
    return cell if FIGURE_CELL_RE.fullmatch(cell.text) else None


def _without_bare_opening(row: Row) -> Row:
    """``row`` without a leading cell that is only "其中：", where a label follows it: its other cells then stand
    under the header's columns as the rows around it do."""
    if len(row.values) < 2 or not BARE_OPENING_RE.fullmatch(row.texts[0]) or _is_figure_or_dash(row.values[1]):
        return row
    cells = tuple(cell for cell in row.cells if cell is not row.values[0])
    return make_row(cells, row.start, row.end, row.line, row.kind)


def _runs_on(row: Row, below: list[Row]) -> bool:
    """A row rebuilt from cells one a line whose next cell is a lone figure: its cells ran on past the row
    ("项目支出：" / "108.80" / "103.70" beside the sources), so which column each figure is cannot be told."""
    following = next((other for other in below if other.values), None)
    return (
        row.kind == "virtual"
        and following is not None
        and following.kind == "line"
        and len(following.values) == 1
        and FIGURE_CELL_RE.fullmatch(following.texts[0]) is not None
    )


def _nature_figure(row: Row, labels: list[str | None]) -> tuple[str, Cell, Cell] | None:
    """The row's 基本支出 or 项目支出 label with its executed figure: under the 全年执行数 column where the label
    opens a row of the columns' figures; where 湖南's form sets it beside an income row ("其中：一般公共预算： |
    540.80 | 其中：基本支出： | 210.40"), the one figure right of it."""
    for position, cell in enumerate(row.values):
        field = NATURE_ROWS.get(NATURE_LABEL_NOISE_RE.sub("", cell.text))
        if field is None:
            continue
        if position == 0 and (_keeps_columns(row, labels) or sum(map(_is_figure_or_dash, row.values)) > 1):
            executed = _column_cell(row, labels, "budget_executed")  # "基本支出： | 180.20 | — | …": in its column
        else:
            executed = _figure_beside(row, position)
        return (field, cell, executed) if executed is not None else None
    return None


def _keeps_columns(row: Row, labels: list[str | None]) -> bool:
    return row.kind in ("tab", "pipe") and len(row.cells) == len(labels)


def _figure_beside(row: Row, position: int) -> Cell | None:
    """The figure right of a label that is the only one before the next label or the row's end; none where more
    follow ("基本支出： 186.30 184.90" of a text layer lost the blank cell, and which column each is cannot be told)."""
    after = row.values[position + 1 : position + 3]
    if not after or not FIGURE_CELL_RE.fullmatch(after[0].text):
        return None
    return after[0] if len(after) == 1 or not FIGURE_CELL_RE.fullmatch(after[1].text) else None


def _column_cell(row: Row, labels: list[str | None], field: str) -> Cell | None:
    """The row's figure under the column of ``field``: by position where blank cells survive, else the figures in
    label order."""
    if field not in labels:
        return None
    figures = [cell for cell in row.values if FIGURE_CELL_RE.fullmatch(cell.text)]
    figure_labels = [label for label in labels if label is not None]
    # A figure under every labelled column: label order holds even where a merged cell of the header ("资金来源")
    # has no cell in the row below and positions are one off.
    if len(figures) == len(figure_labels):
        return figures[figure_labels.index(field)]
    money_labels = [label for label in labels if label in BUDGET_FIELDS]
    if row.kind in ("tab", "pipe") and len(row.cells) == len(labels):
        cell = row.cells[labels.index(field)]
        if FIGURE_CELL_RE.fullmatch(cell.text):
            return cell
        # blank where a figure was due: the money's figures alone, in order, where there is one for each label
        return figures[money_labels.index(field)] if len(figures) == len(money_labels) else None
    if len(figures) < len(money_labels):
        return None
    return figures[money_labels.index(field)]


def _table_unit(source: Source, rows: list[Row], header_index: int) -> str:
    """The money unit a table declares in its caption, header or first column ("单位：元", "金额（元）")."""
    return _declared_unit(source, rows, header_index) or "万元"


def _declared_unit(source: Source, rows: list[Row], header_index: int) -> str | None:
    start = rows[max(0, header_index - 2)].start
    end = rows[min(len(rows) - 1, header_index + 2)].end
    match = TABLE_UNIT_RE.search(source.norm, start, end)
    return match.group("unit") if match else None


def _apply_budget_row(
    source: Source, result: MoneyResult, header: Row, mapped: list, values: list, unit: str
) -> None:
    points = score = None
    for (_, name), cell in zip(mapped, values, strict=False):
        number = parse_number(cell.text)
        if number is None:
            continue
        if name == "execution_rate_pct":
            _keep(result, source.fact(name, number, cell.start, cell.end))
        elif name == "points":
            points = number
        elif name == "score":
            score = number
        else:
            _keep(result, _amount_cell_fact(source, name, cell, number, unit))
    if points is not None and score is not None:
        first = clean_dimension_name(header.values[0].text)
        name = re.sub(r"情况表?$|[（(].*$", "", first) if first.startswith("预算执行") else "预算执行"
        result.budget_dimension = DimensionScore(
            name, "预算执行", points, score, source.evidence(header.start, values[-1].end, "exact")
        )


def _amount_cell_fact(source: Source, name: str, cell: Cell, number: float, unit: str) -> Fact:
    """A table cell's money figure in 万元: in the unit written in the cell ("42.30万元"), else the table's."""
    cell_unit = next((u for u in ("亿元", "万元", "元") if cell.text.endswith(u)), unit)
    method = "exact" if cell_unit == "万元" else "normalised"
    return source.fact(name, to_wan(number, cell_unit), cell.start, cell.end, method)


# --- the income and spending table of the 决算: a row of column labels over one row of figures


# The 决算 table's columns ("本年收入合计 | 一般公共预算财政拨款收入 | 其他收入 | 本年支出合计 | 基本支出 | 项目支出"),
# each the whole of a label cell. The template's other lines are no field, but a part of their total all the same.
INCOME_SPENDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("income_total", r"(?:本年)?收入合计"),
    ("income_fiscal", INCOME_PARTS["income_fiscal"]),
    ("income_gov_fund", r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:收入)?|基金预算(?:财政)?拨款(?:收入)?"),
    ("income_other", INCOME_PARTS["income_other"]),
    ("income_part", OTHER_INCOME_KINDS),
    ("spend_total", r"(?:本年)?支出合计"),
    ("spend_basic", r"基本支出"),
    ("spend_project", r"项目支出"),
    ("spend_part", OTHER_SPENDING_KINDS),
)
COLUMN_RE = re.compile("|".join(f"(?P<{field}>{pattern})" for field, pattern in INCOME_SPENDING_COLUMNS))
# "其中：基本支出", "收入合计（万元）": the words around a column's label, and the unit a label may carry.
COLUMN_LABEL_RE = re.compile(
    r"(?:其中[:：]?)?(?P<label>[^（(]+?)\s*(?:[（(]\s*(?:单位[:：])?\s*(?P<unit>亿元|万元|元)\s*[)）])?"
)
COLUMN_LABEL_MAX = 24  # characters of the longest label with its unit; longer cells are prose
# "2023年收支预算表": figures planned, not the year's 决算 (a caption that also says 决算 or 执行 is the year-end's).
BUDGET_CAPTION_RE = re.compile(r"预算")
YEAR_END_CAPTION_RE = re.compile(r"决算|执行|实际")
CAPTION_MAX = 30  # characters of a table's caption; a longer line above the table is prose


@dataclass(frozen=True)
class Column:
    """A label cell of the income and spending table: the field it names and the unit it may carry."""

    field: str
    unit: str | None


def _column(text: str) -> Column | None:
    return None if len(text) > COLUMN_LABEL_MAX else _short_column(text)


@cache  # the same few labels head the tables of every report
def _short_column(text: str) -> Column | None:
    label = COLUMN_LABEL_RE.fullmatch(text)
    found = COLUMN_RE.fullmatch(label.group("label").replace(" ", "")) if label else None
    return Column(found.lastgroup, label.group("unit")) if found and found.lastgroup and label else None


def _is_column_label(text: str) -> bool:
    return _column(text) is not None


def _is_figure_or_dash(cell: Cell) -> bool:
    return bool(FIGURE_CELL_RE.fullmatch(cell.text) or DASH_CELL_RE.match(cell.text))


def _income_spending_group_ok(labels: list[str], cells: list[Cell]) -> bool:
    # A row of the table is figures (a dash for a line the unit has none of), but for one leading caption.
    figures = [_is_figure_or_dash(cell) for cell in cells]
    return sum(figures) >= 2 and all(figures[1:]) and (figures[0] or not _is_column_label(cells[0].text))


def _read_income_spending_table(source: Source, result: MoneyResult) -> None:
    """The year's income and spending from a table whose header row names them and whose one row below holds the
    figures: pipe, tab or space separated rows, or one cell a line (regrouped as the budget table is)."""
    rows = regroup_single_cells(source.rows, _is_column_label, _income_spending_group_ok)
    index, unit, table_end = 0, "万元", -1
    while index < len(rows):
        header = _column_header(rows[index])
        found = _single_figure_row(rows, index) if header is not None and not _is_budget_caption(rows, index) else None
        pairs = _column_pairs(header, found[1]) if header is not None and found is not None else None
        if found is None or pairs is None:
            index += 1
            continue
        # "收入合计 | …" over its figures, then "支出合计 | …" over theirs: each table in turn, the second in the
        # unit the first declared where it declares none of its own
        declared = _declared_unit(source, rows, index)
        unit = declared or (unit if index <= table_end + 2 else "万元")
        _apply_income_spending(source, result, pairs, unit)
        index = table_end = found[0] + 1


def _column_header(row: Row) -> Row | None:
    """``row`` (or a text layer's line split at its spaces) as the table's header: every cell a column label but
    for one leading caption ("项目"), two of them fields of their own; else None."""
    if row.kind == "line" and len(row.values) == 1 and " " in row.texts[0]:
        if not _is_column_label(row.texts[0].split(" ", 1)[0]):
            return None
        row = spaced_cells(row)
    cells = row.values
    # "项目名称 | 基本支出 | 项目支出": each row below is one project's, not the unit's year
    if len(cells) < 2 or FIGURE_CELL_RE.fullmatch(cells[0].text) or cells[0].text in PROJECT_COLUMN_LABELS:
        return None
    fields = 0
    for position, cell in enumerate(cells):
        column = _column(cell.text)
        if column is None and position > 0:
            return None  # most rows of other tables stop here, at their first or second cell
        fields += column is not None and not column.field.endswith("_part")
    return row if fields >= 2 else None


def _is_budget_caption(rows: list[Row], index: int) -> bool:
    """The table's caption or the line above it says the figures are a budget's, not the year's 决算."""
    above = [row.texts[0] for row in rows[max(0, index - 2) : index] if len(row.values) == 1]
    return any(
        len(text) <= CAPTION_MAX and BUDGET_CAPTION_RE.search(text) and not YEAR_END_CAPTION_RE.search(text)
        for text in above
    )


def _figure_row(row: Row) -> Row | None:
    """``row`` (or its cells split at spaces) when it is figures, but for one leading caption."""
    if row.kind == "line":
        row = spaced_cells(row)
    cells = row.values
    if len(cells) < 2 or not _income_spending_group_ok([], list(cells)):
        return None
    return row


def _single_figure_row(rows: list[Row], index: int) -> tuple[int, Row] | None:
    """The one row of figures under the header (past a markdown separator or a blank line). Where a second row of
    figures follows, the rows are years or units the header does not tell apart: no reading."""
    found: tuple[int, Row] | None = None
    for position in range(index + 1, min(len(rows), index + 5)):
        if not rows[position].values:
            continue
        figures = _figure_row(rows[position])
        if found is not None:
            return found if figures is None else None
        if figures is None or BUDGET_CAPTION_RE.search(figures.values[0].text):
            return None  # "年初预算数 | 300 | 200": a budget's figures
        found = (position, figures)
    return found


def _column_pairs(header: Row, values: Row) -> list[tuple[Cell, Column, Cell]] | None:
    """Each label with the figure under it: by position where both rows keep their blank cells, else in order once
    each row's leading caption is set aside; None where the counts differ."""
    if header.kind == values.kind and header.kind in ("pipe", "tab") and len(header.cells) == len(values.cells):
        pairs = zip(header.cells, values.cells, strict=True)
    else:
        labels = [cell for cell in header.values if _is_column_label(cell.text)]
        figures = list(values.values[1:] if not _is_figure_or_dash(values.values[0]) else values.values)
        if len(labels) != len(figures):
            return None
        pairs = zip(labels, figures, strict=True)
    return [(label, column, figure) for label, figure in pairs if (column := _column(label.text)) is not None]


def _apply_income_spending(
    source: Source, result: MoneyResult, pairs: list[tuple[Cell, Column, Cell]], unit: str
) -> None:
    """Keep each figure as its column's field, and each total with the parts the table sets beside it."""
    facts: dict[str, list[Fact]] = {"income": [], "spend": []}
    totals: dict[str, Fact] = {}
    for label, column, cell in pairs:
        number = parse_number(cell.text) if not DASH_CELL_RE.match(cell.text) else None
        if number is None:
            continue
        # the template's other lines are named by their own label, as in the prose's lists
        name = label.text if column.field.endswith("_part") else column.field
        fact = _amount_cell_fact(source, name, cell, number, column.unit or unit)
        kind = column.field.split("_", 1)[0]  # "income" or "spend"
        if column.field.endswith("_total"):
            totals[kind] = fact
        else:
            facts[kind].append(fact)
        if not column.field.endswith("_part"):
            _keep(result, fact)
    for kind, total in totals.items():
        if len(facts[kind]) >= 2:
            result.breakdowns.append(Breakdown(kind, total, tuple(facts[kind])))


# --- prose sentences


def _labelled_amount(label: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<label>{label}){GAP}(?P<amount>(?:{NUMBER})\s*(?:{MONEY_UNIT}))")


# "年度预算执行数1420万元", "年初预算到位资金…", "较年初预算增加34.56万元": a budget label followed by these words
# names what was spent or received, or a difference, not the budget ("预算支出" is still the budget of spending).
NOT_THE_BUDGET = r"(?!\s*(?:执行|决算|完成|到位|增|减|相比))"
BUDGET_LABEL_FIELDS = frozenset({"budget_initial", "budget_adjusted"})
# "年初预算已执行900万元", "全年预算资金已使用…", "年初预算中已支出…": words between a budget label and its figure
# that say the figure was spent or paid out make it what was spent, not the budget ("年初预算安排…" still is).
SPENT_BEFORE_FIGURE_RE = re.compile(r"已(?:完成)?(?:执行|支出|使用|拨付|支付)|执行|完成|实际(?:支出|使用|拨付|支付)")
# "年初批复预算8个项目985万元", "…8个项目，资金共计985万元": the count of the projects the budget is made of
# stands before its figure; only joining words may follow it ("8个项目已执行900万元" is no budget).
PROJECT_COUNT = r"(?:共?\d{1,3}个子?项目[，,]?(?:资金|预算)?(?:共计|合计|总计|共|为)?(?=\d))?"
PROSE_PATTERNS = {
    field: [
        _labelled_amount(label + NOT_THE_BUDGET + PROJECT_COUNT if field in BUDGET_LABEL_FIELDS else label)
        for label in labels
    ]
    for field, labels in PROSE_LABELS.items()
}
INCOME_PATTERNS = {field: _labelled_amount(label) for field, label in INCOME_PARTS.items()}
OTHER_INCOME_PATTERN = _labelled_amount(OTHER_INCOME_KINDS)
OTHER_SPENDING_PATTERN = _labelled_amount(OTHER_SPENDING_KINDS)
BASIC_PARTS_PATTERN = _labelled_amount(r"(?:人员|公用)经费(?:支出)?")
YEAR_BEFORE_LABEL_RE = re.compile(r"((?:19|20)\d{2})\s*年")
# "财政安排…资金", "本年度安排专项资金…", "2023年共安排资金…": the year's funds as the finance bureau set them aside
# (not "明年安排资金…", "下一年度安排…", "每年安排…": another year's, or every year's)
ALLOCATED_RE = re.compile(
    rf"(?:下达|(?:财政|共|(?<![每明下次])(?<!下一)(?:年度|年))安排)[^。；;，,：:\n\d]{{0,40}}?资金(?:[（(][^（）()]{{1,30}}[)）])?(?:共计|合计|共|为)?\s*"
    rf"(?P<amount>(?:{NUMBER})\s*(?:{MONEY_UNIT}))"
)

# "全市共投入资金1585.00万元", "投入资金共计…", "总投入…": the money that went into a project, all sources.
INVESTED_RE = re.compile(
    rf"(?:(?:共|总|累计)投入(?:资金)?|投入资金)(?:共计|合计|总计|共|为)?\s*(?P<amount>(?:{NUMBER})\s*(?:{MONEY_UNIT}))"
)


def _label_matches(source: Source, field: str) -> Iterator[Fact]:
    for pattern in PROSE_PATTERNS[field]:
        for match in source.finditer(pattern):
            amount = _amount_of(source, match)
            if (
                amount is None
                or _in_parenthetical_part(source, match.start())
                or _is_a_change(source, match)
                or _figure_names_one_part(match)
            ):
                continue
            if field in YEAR_END_FIELDS and _not_the_years_own(source, match):
                continue
            if field in BUDGET_LABEL_FIELDS and (_figure_is_spent(source, match) or _is_requested(source, match)):
                continue
            yield _amount_fact(source, field, _with_its_year(source, match.start()), amount)


# "支出总计各增加100.00万元", "年初预算较上年减少30万元": the figure after these words is a change, not the sum
CHANGE_RE = re.compile(r"(?:增加|减少|增长|下降|上升|增|减)(?!至|到|为|后)")
# The words a label's own subject may hold, back to the clause's last figure or mark ("2023年度财政拨款收入、")
SUBJECT_STOP = frozenset("，,。；;：:（）()0123456789")
SUBJECT_MAX = 16
# A subject naming the fiscal funds alone or one kind of spending: "财政拨款收入、支出总计…", "“三公”经费支出合计…",
# "会议费支出合计…", "政府采购支出总额…" are not the unit's year.
PART_SUBJECT_RE = re.compile(rf"财政拨款|{RUNNING_COST_KINDS}")


def _is_a_change(source: Source, match: re.Match[str]) -> bool:
    return CHANGE_RE.search(source.norm, match.end("label"), match.start("amount")) is not None


# "本项目申请资金总额90万元", "项目申请预算资金合计90万元": the sum asked for, before it was approved, is no budget.
REQUESTED_BEFORE_LABEL_RE = re.compile(r"(?:申请|申报)的?(?:项目)?(?:共|总)?$")
REQUESTED_WINDOW = 6  # characters before a label that may say the sum was asked for
# "年度预算申请100万元", "2023年度预算申请资金…", "预算申报数…" (the form's 年度预算申请 block said in prose): the
# asking said after the label; not "预算经申请调整为…", where the asking led to the budget the figure is.
REQUESTED_AFTER_LABEL_RE = re.compile(r"(?<!经)(?:申请|申报)(?!后|调整|追加|批复)")


def _is_requested(source: Source, match: re.Match[str]) -> bool:
    """A budget label right after or before words saying its figure was asked for (REQUESTED_BEFORE_LABEL_RE,
    REQUESTED_AFTER_LABEL_RE)."""
    start = match.start()
    if REQUESTED_BEFORE_LABEL_RE.search(source.norm, max(0, start - REQUESTED_WINDOW), start) is not None:
        return True
    return REQUESTED_AFTER_LABEL_RE.search(source.norm, match.end("label"), match.start("amount")) is not None


def _figure_is_spent(source: Source, match: re.Match[str]) -> bool:
    """A budget label whose figure the words after it say was spent (SPENT_BEFORE_FIGURE_RE): the lookahead of
    NOT_THE_BUDGET sees only the label's next word, not "已执行" or "中已支出" further on."""
    return SPENT_BEFORE_FIGURE_RE.search(source.norm, match.end("label"), match.start("amount")) is not None


def _not_the_years_own(source: Source, match: re.Match[str]) -> bool:
    """A year-end label whose figure is no total of the unit's year: a budget's, the 决算 template's 总计, or one
    said of its fiscal funds alone or of one kind of spending (PART_SUBJECT_RE)."""
    if _figure_is_a_budget(source, match) or _is_grand_total(source, match):
        return True
    start = match.start("label")
    position = start
    while position > max(0, start - SUBJECT_MAX) and source.norm[position - 1] not in SUBJECT_STOP:
        position -= 1
    return PART_SUBJECT_RE.search(source.norm, position, start) is not None


def _is_grand_total(source: Source, match: re.Match[str]) -> bool:
    """"收入总计434.72万元，其中：本年收入合计434.16万元，…年初结转和结余0.55万元": the 决算 template's 总计 adds the
    balances carried in to the year's 合计; where its sentence goes on to name that 合计, the 总计 is not the year's."""
    label = match.group("label")
    if not label.endswith("总计"):
        return False
    _, end = source.sentence_bounds(match.end())
    kind = label[:-2]  # 收入 or 支出: "本年收入合计", "本年收入" name the year's
    return any(source.norm.find(said, match.end(), end) >= 0 for said in (kind + "合计", "本年" + kind))


# "项目支出包括委员活动经费36.3万元": the words after 包括 name one part of the sum, and the figure is that part's;
# not "项目支出（包括结转资金）70.3万元" (a qualifier in brackets) or "…包括两项共70.3万元" (the sum again).
PART_AFTER_LABEL_RE = re.compile(r"[:：，,\s]*(?:主要)?(?:包括|包含)(?![^（(]*[）)])(?!.*(?:共|合计|总计|总额))")


def _figure_names_one_part(match: re.Match[str]) -> bool:
    """Whether the words between a label and its figure name a part of the label's sum."""
    return PART_AFTER_LABEL_RE.match(match.string, match.end("label"), match.start("amount")) is not None


def _with_its_year(source: Source, label_start: int) -> int:
    """Where a label that opens with 年 ("年支出") starts with its year's digits ("2022年支出"), quoted whole."""
    year_start = label_start - 4
    if source.norm.startswith("年", label_start) and year_start >= 0 and source.norm[year_start:label_start].isdigit():
        return year_start
    return label_start


def _amount_of(source: Source, match: re.Match[str]) -> Amount | None:
    """The money figure a labelled pattern (_labelled_amount) matched."""
    return first_amount(source.norm, match.start("amount"), match.end("amount"))


def _amount_fact(source: Source, field: str, start: int, amount: Amount) -> Fact:
    """``amount`` as a fact quoted from ``start`` to its end; normalised where its unit was converted."""
    return source.fact(field, amount.wan, start, amount.end, "normalised" if amount.converted else "exact")


def _figure_is_a_budget(source: Source, match: re.Match[str]) -> bool:
    """A year-end label whose figure is a budget's: reached across a budget word, or in a 年初 budget sentence."""
    across = "预算" in source.norm[match.end("label") : match.start("amount")]
    if across or _is_initial_budget_clause(source, match.start()) or _names_a_budget_of_money(source, match):
        return True
    return _listed_under_a_budget(source, match)


# "部门预算总收入5,230.00万元，其中…", "支出预算…，其中基本支出…": a sentence about the budget of income or spending
BUDGET_OF_MONEY_RE = re.compile(r"预算总?(?:收入|支出)|(?:收入|支出)预算")


def _is_initial_budget_clause(source: Source, position: int) -> bool:
    # "年初…预算…其中：…其他收入7.41万元" describes the approved budget, not the year's income or spending.
    start, _ = source.sentence_bounds(position)
    return "年初" in source.norm[start:position]


def _names_a_budget_of_money(source: Source, match: re.Match[str]) -> bool:
    """The sentence names the budget of the income or spending up to the label ("部门预算总收入…", "支出预算…，其中
    基本支出…"): its figures are the plan's."""
    start, _ = source.sentence_bounds(match.start())
    return BUDGET_OF_MONEY_RE.search(source.norm, start, match.end("label")) is not None


# "全年预算数500万元，其中基本支出300万元，项目支出200万元": a 其中 list right after a budget's clause breaks down
# the budget; not "…，实际支出480万元，其中基本支出…" (the spending's) nor "预算执行数…，其中…" (the executed sum's).
SPENT_WORDS_RE = re.compile(r"执行|决算|实际|完成|使用|拨付|支付")
LIST_HEAD_MARKS = "，,：: "
SENTENCE_END_MARKS = "。；;"


def _listed_under_a_budget(source: Source, match: re.Match[str]) -> bool:
    """The label stands in the "其中" list of a clause that names a budget and no spending (SPENT_WORDS_RE)."""
    sentence_start, _ = source.sentence_bounds(match.start())
    label = match.start("label")
    start = max(sentence_start, label - WORDS_BEFORE_MAX)  # a flattened table's "sentence" may run for pages
    opener = source.norm.rfind("其中", start, label)
    if opener < 0 or SPENT_WORDS_RE.search(source.norm, opener, label):
        return False
    head_end = opener
    while head_end > start and source.norm[head_end - 1] in LIST_HEAD_MARKS:
        head_end -= 1
    if head_end <= start:
        # "全年预算数500万元。其中：基本支出…": the list opens its sentence, and its head ends the one before (not a
        # heading's line)
        if start < 2 or source.norm[start - 1] not in SENTENCE_END_MARKS:
            return False
        head_end = start - 1
    head_start, _ = source.between_marks(head_end - 1, PIECE_END)
    head = source.norm[max(head_start, head_end - WORDS_BEFORE_MAX) : head_end]
    return "预算" in head and SPENT_WORDS_RE.search(head) is None


def _said_of_another_year(source: Source, label_start: int, year: int | None) -> bool:
    """A figure whose clause names the year before ("2022年全年收入决算…", "上年收入合计…") in another year's report:
    the comparison a 决算 paragraph makes, not a second value of this year's figure."""
    clause_start, _ = source.between_marks(label_start, PIECE_END)
    before = source.norm[max(clause_start, label_start - WORDS_BEFORE_MAX) : label_start]
    if PREVIOUS_YEAR_RE.search(before):
        return True
    years = YEAR_BEFORE_LABEL_RE.findall(before)
    if own_year := YEAR_BEFORE_LABEL_RE.match(source.norm, label_start):  # "2022年支出…" names its year itself
        years.append(own_year.group(1))
    return year is not None and bool(years) and int(years[-1]) != year


def _in_parenthetical_part(source: Source, position: int) -> bool:
    before = source.norm[max(0, position - 3) : position]
    return before.endswith(("占", "比"))


def _read_prose(source: Source, result: MoneyResult, scope: str | None, year: int | None) -> None:
    for field in PROSE_LABELS:
        statements = sorted(_label_matches(source, field), key=lambda f: f.evidence.start)
        # The year before's figure is no second value of this year's; it stands only where nothing else does
        # (a fiscal year taken wrongly must not empty the field).
        this_year = [f for f in statements if not _said_of_another_year(source, source.to_norm(f.evidence.start), year)]
        _keep_statements(source, result, this_year or statements, scope)
    initial = []
    for match in source.finditer(INITIAL_SENTENCE_RE):
        _, end = source.sentence_bounds(match.end())
        amount = first_amount(source.norm, match.end(), end)
        if amount is not None:
            initial.append(_amount_fact(source, "budget_initial", match.start(), amount))
    _keep_statements(source, result, initial, scope)


# "部门预算收入1200万元，其中年初预算1000万元，追加预算200万元": a budget sum whose 其中 list is the 年初 budget and
# the year's additions is the budget after the year's changes.
BUDGET_SUM_RE = _labelled_amount(r"预算总?收入|预算资金")
LISTED_INITIAL_RE = _labelled_amount(r"年初(?!结转|结余)")
LISTED_ADDITION_RE = _labelled_amount(r"追加|调增|新增")


def _budget_with_its_changes(source: Source, result: MoneyResult, scope: str | None) -> None:
    """The budget after the year's changes, as a sum listed as its 年初 budget and additions: only where that one
    年初 figure and the additions add up to the sum (else the list may be of sources or of projects)."""
    if "budget_adjusted" in result.facts:
        return
    for match in source.finditer(BUDGET_SUM_RE):
        total = _amount_of(source, match)
        if total is None:
            continue
        fact = _amount_fact(source, "budget_adjusted", match.start(), total)
        span = _list_after(source, fact)
        if span is None:
            continue
        initial = [a for m in LISTED_INITIAL_RE.finditer(source.norm, *span) if (a := _amount_of(source, m))]
        added = [a for m in LISTED_ADDITION_RE.finditer(source.norm, *span) if (a := _amount_of(source, m))]
        if len(initial) == 1 and added and abs(initial[0].wan + sum(a.wan for a in added) - total.wan) <= 0.005:
            _keep_statements(source, result, [fact], scope)
            return


def _budget_stated(result: MoneyResult) -> bool:
    """Whether a budget was read already: the everyday wordings below stand in only where none was."""
    return "budget_adjusted" in result.facts or "budget_initial" in result.facts


def _keep_one_sum_not_below_spent(result: MoneyResult, budgets: list[Fact]) -> None:
    """Keep the budget ``budgets`` state where they state one sum, not less than was spent (several sums are batches
    or sources; less than was spent is one source's share)."""
    if len({fact.value for fact in budgets}) != 1:
        return
    executed = result.facts.get("budget_executed")
    if executed is None or float(executed.value) <= float(budgets[0].value) + 0.005:
        _keep(result, budgets[0])


# "2023年预算资金合计100万元", "2023年预算资金合计（万元） | 100", "2023年预算数100万元", "2023年项目预算为…": a year's
# budget, in a report's prose or a form's cell (the labels above leave out "年预算资金", "年预算数" and "年预算", the
# years before's too). Only a figure right after the label ("2023年预算执行数…" is none).
YEARS_BUDGET_FUNDS_RE = re.compile(
    rf"(?P<year>(?:19|20)\d{{2}})\s*年度?(?P<project>项目)?预算(?:资金|数|金额)?(?:合计|总额|总计)?"
    rf"(?:\s*[（(](?P<label_unit>亿元|万元|元)[)）])?[ \t\u3000:：]*(?:为|是)?[ \t\u3000:：]*"
    rf"(?P<number>{NUMBER})(?![\d年月日%])\s*(?P<unit>{MONEY_UNIT})?"
)


def _years_budget_funds(source: Source, result: MoneyResult, scope: str | None, year: int | None) -> None:
    """The fiscal year's 预算 (资金合计) as the budget, where nothing else states one: never another year's, and only
    with a unit written by the figure or in the label's brackets."""
    if year is None or _budget_stated(result):
        return
    stated = []
    for match in source.finditer(YEARS_BUDGET_FUNDS_RE):
        unit = match.group("unit") or match.group("label_unit")
        # a department's "2023年项目预算" is the budget of its project spending, a part
        if int(match.group("year")) != year or unit is None or (scope == "department" and match.group("project")):
            continue
        number = parse_number(match.group("number"))
        if number is None:
            continue
        method = "exact" if unit in ("万元", "万") else "normalised"
        stated.append(source.fact("budget_adjusted", to_wan(number, unit), match.start(), match.end(), method))
    _keep_statements(source, result, stated, scope)


# How a project report without the template's labels says what it had and what it spent ("资金总额为520万元",
# "计划投入资金…", "全年支出512.3万元", "已拨付…"). In a department's report these words are about its projects.
PROJECT_WORDING: dict[str, tuple[re.Pattern[str], ...]] = {
    "budget_adjusted": tuple(
        _labelled_amount(label)
        for label in (
            r"资金总额",
            r"预算安排(?<!年初预算安排)",
            r"计划投入(?:资金)?",
            r"项目预算资金",
            # "本年度该项目批复预算50万元", "预算批复金额：80万元", "全年项目资金预算为150万元"
            r"批复预算(?<!年初批复预算)",
            r"预算批复(?:金额|数)?",
            # "项目申报资金100万元，批复资金80万元", "已获批复资金…": the sum approved, not the sum applied for;
            # not one level's ("中央批复资金…"), a part, nor the year's first ("年初批复资金…")
            r"(?<![^获共目年度\W\d_])批复(?:资金|金额)(?:总额|合计|共计)?",
            r"资金预算(?!执行|调整)",
            r"项目总预算(?:资金|金额)?",  # in a department's report, one project's (see 总预算 above)
            r"预算资金(?<![\u4e00-\u9fa5]预算资金)",  # not 一般公共预算资金, a part
            r"预算金额(?<![\u4e00-\u9fa5]预算金额)",  # "执行金额95万元，预算金额100万元"; not 三公经费预算金额
            # "本项目预算金额为50万元", "…，项目预算50万元" (the word opening its clause); not "本项目预算执行数…",
            # nor a named one's ("康复项目预算…", which may be a part of the project)
            r"项目预算(?<![^本该\W\d_]项目预算)(?:金额|数)?" + NOT_THE_BUDGET,
            # "资金使用情况：预算100万元，支出95万元": the bare word, right before its figure
            r"预算(?<![\u4e00-\u9fa5]预算)(?=\s*\d)",
        )
    ),
    "budget_executed": tuple(
        _labelled_amount(label)
        for label in (
            r"全年(?:共)?支出",
            r"共(?:计)?支出(?<![\u4e00-\u9fa5]共支出)(?<![\u4e00-\u9fa5]共计支出)",  # "…，共支出96万元"
            r"实际投入(?:资金)?",
            r"已拨付(?:资金)?",
            r"已(?:完成)?(?:支付|支出|使用)(?:资金)?",
            # "实际支付275万元"; "财政预算项目资金16万元，支付16万元": the bare word opening its clause, as 支出 below
            r"实际(?:拨付|支付)(?:资金)?",
            # "截至12月31日支出86.4万元", "截止年底，累计支出…"
            r"(?:截至|截止)(?:(?:19|20)\d{2}年)?(?:\d{1,2}月(?:\d{1,2}日)?|年底|年末)(?:止)?[，,]?\s*(?:累计|共|已)?支出",
            r"(?:全年|累计|共)发放",
            r"执行(?=\s*\d)",
            r"支出(?<![\u4e00-\u9fa5]支出)(?=\s*\d)",
            r"支付(?<![\u4e00-\u9fa5]支付)(?=\s*\d)",
            # "项目资金支出96万元"; a source's ("中央资金支出60万元") is a part (see _part_of_the_money)
            r"资金(?:支出|支付)(?=\s*\d)",
            # "决算支出110万元": a project's own spending (a department's is its 支出合计, checked against its rate)
            r"决算支出(?:数|总额)?",
        )
    ),
}


def _project_wording(source: Source, result: MoneyResult, scope: str | None) -> None:
    """A project's budget and spending in everyday words, where the template's labels state neither."""
    if scope != "project":
        return
    for field, patterns in PROJECT_WORDING.items():
        if field in result.facts or (field == "budget_adjusted" and "budget_initial" in result.facts):
            continue
        stated = [
            _amount_fact(source, field, match.start(), amount)
            for pattern in patterns
            for match in source.finditer(pattern)
            if (amount := _amount_of(source, match)) is not None
            and not _in_parenthetical_part(source, match.start())
            and not (field == "budget_adjusted" and (_figure_is_spent(source, match) or _is_requested(source, match)))
        ]
        _keep_statements(source, result, sorted(stated, key=lambda fact: fact.evidence.start), scope)


# "4.4万元慰问经费于2019年1月全部使用完毕", "项目资金50万元已全部支付": the clause's one figure, said spent in full
# (not "全部拨付到位" or "全部下达", funds passed on, which need not have been spent).
SPENT_IN_FULL_RE = re.compile(r"全部(?:使用|支出|支付)(?:完毕|完)?")


def _spent_in_full(source: Source, result: MoneyResult, scope: str | None) -> None:
    """What a project spent, as the one figure of a clause that says it was all used, where no other words say."""
    if scope != "project" or "budget_executed" in result.facts:
        return
    stated = []
    for match in source.finditer(SPENT_IN_FULL_RE):
        clause_start, _ = source.between_marks(match.start(), PIECE_END)
        clause_start = max(clause_start, match.start() - WORDS_BEFORE_MAX)
        amounts = find_amounts(source.norm, clause_start, match.start())
        # one source's funds spent in full ("中央资金30万元已全部使用") say nothing of the others'
        if len(amounts) == 1 and not FUNDING_PART_RE.search(source.norm, clause_start, match.start()):
            stated.append(_amount_fact(source, "budget_executed", amounts[0].start, amounts[0]))
    _keep_statements(source, result, stated, scope)


FUNDING_TOTAL_RE = _labelled_amount(r"(?:共计|合计|总计)(?:下达|安排|到位|拨付)?(?:资金)?")


def _funding_total_as_budget(source: Source, result: MoneyResult, scope: str | None) -> None:
    """A project's funds from each level summed in the report's own sentence ("中央资金60万元，县级配套资金40万元，
    共计100万元"), where the template's labels state no budget. Only a total that is the sum of the sentence's
    figures before it, one of them named as a source of funds."""
    if scope != "project" or _budget_stated(result):
        return
    for match in source.finditer(FUNDING_TOTAL_RE):
        total = _amount_of(source, match)
        sentence_start, _ = source.sentence_bounds(match.start())
        parts = find_amounts(source.norm, sentence_start, match.start())
        if total is None or len(parts) < 2 or not FUNDING_PART_RE.search(source.norm, sentence_start, match.start()):
            continue
        if abs(sum(part.wan for part in parts) - total.wan) <= 0.005:
            _keep(result, _amount_fact(source, "budget_adjusted", match.start(), total))
            return


def _allocated_as_budget(source: Source, result: MoneyResult, scope: str | None) -> None:
    """A project's funds as the finance bureau passed them down, where the report states no budget by the template's
    labels ("2023年下达我区中央转移支付资金(残疾人事业发展补助资金)29.6万元"). Not two different sums (batches), not
    less than the project spent, and never in a department's report, whose 下达 figures are its projects'. Where
    they cannot be the budget, the sum the report says went in can, if its rate confirms it.

    After a 年初 budget, the year's sum passed down is the budget after the year's changes ("年初预算安排80万元，年中
    追加20万元，全年下达资金100万元"), if it is not less than the 年初 budget (else it is one level's share)."""
    if scope != "project" or "budget_adjusted" in result.facts:
        return
    allocated = [
        _amount_fact(source, "budget_adjusted", match.start(), amount)
        for match in source.finditer(ALLOCATED_RE)
        if (amount := _amount_of(source, match)) is not None
    ]
    executed = result.facts.get("budget_executed")
    initial = result.facts.get("budget_initial")
    # Several sums are batches; less than the project spent is the funds of the levels above only, a part.
    floors = [float(fact.value) for fact in (executed, initial) if fact is not None]
    if len({fact.value for fact in allocated}) != 1 or any(v > float(allocated[0].value) + 0.005 for v in floors):
        if initial is None:
            _invested_as_budget(source, result, executed)
        return
    _keep_statements(source, result, allocated[:1], scope)


# "2.资金到位。到位资金14280元", "项目资金到位150万元", "实际到位100万元": the funds a project received, in the
# provinces' templates' section on 资金计划、到位及使用情况 (not 到位率, a rate, nor "到位资金的90%").
RECEIVED_RE = re.compile(
    rf"(?:到位资金|资金到位|实际到位)(?:资金)?(?:共计|合计|总计|共|为)?[:：]?\s*(?P<amount>(?:{NUMBER})\s*(?:{MONEY_UNIT}))"
)


def _received_as_budget(source: Source, result: MoneyResult, scope: str | None) -> None:
    """A project's funds as the report says they were received, where it states no budget in any other words.

    Only one sum, not less than the project spent, and not the funds of one source ("中央补助资金到位100万元")."""
    if scope != "project" or _budget_stated(result):
        return
    received = [
        _amount_fact(source, "budget_adjusted", match.start(), amount)
        for match in source.finditer(RECEIVED_RE)
        if (amount := _amount_of(source, match)) is not None and not _of_one_source(source, match)
    ]
    _keep_one_sum_not_below_spent(result, received)


# "该项目当年财政拨款100万元": the project's own grant for the year, the 项目支出绩效自评表's "当年财政拨款" row said
# in prose. Only the project's (该/本项目 opening it), never an income line ("财政拨款收入…", a department's income),
# nor after 其中 (one source of a total).
PROJECTS_FISCAL_GRANT_RE = _labelled_amount(r"(?<!其中)[该本]项目(?:当年|本年|年度)?财政拨款(?:资金)?(?!收入)")


def _fiscal_grant_as_budget(source: Source, result: MoneyResult, scope: str | None) -> None:
    """A project's year's 财政拨款 as its budget, where no other words state one: one sum only, not less than it
    spent, and in a sentence naming no other source (上年结转, 其他资金), which would make it one part of the budget."""
    if scope != "project" or _budget_stated(result):
        return
    granted = []
    for match in source.finditer(PROJECTS_FISCAL_GRANT_RE):
        amount = _amount_of(source, match)
        sentence_start, sentence_end = source.sentence_bounds(match.start())
        if amount is None or FUNDING_PART_RE.search(source.norm, sentence_start, sentence_end):
            continue
        granted.append(_amount_fact(source, "budget_adjusted", match.start(), amount))
    _keep_one_sum_not_below_spent(result, granted)


# "2023年部门预算收入1000万元，其中一般公共预算拨款900万元…": the department's income as its budget was approved,
# the 部门预算's own total (the 部门整体支出绩效自评报告's 部门预算 part states it so), its budget_initial. Only the
# figure right after the label: not "部门预算收入较上年增加…", nor "部门预算收入决算数…"; never another year's.
DEPARTMENT_BUDGET_INCOME_RE = re.compile(
    rf"(?:(?P<year>(?:19|20)\d{{2}})\s*年度?)?部门预算收入(?:合计|总额|总计)?[ \t\u3000:：]*(?:为|是|共计|共)?\s*"
    rf"(?P<amount>(?:{NUMBER})\s*(?:{MONEY_UNIT}))"
)


def _department_budget_income(source: Source, result: MoneyResult, scope: str | None, year: int | None) -> None:
    """A department's 部门预算收入 as its budget as approved, where nothing else states one, and one sum only."""
    if scope != "department" or _budget_stated(result):
        return
    stated = []
    for match in source.finditer(DEPARTMENT_BUDGET_INCOME_RE):
        amount = _amount_of(source, match)
        if amount is None or (match.group("year") and (year is None or int(match.group("year")) != year)):
            continue
        stated.append(_amount_fact(source, "budget_initial", match.start(), amount))
    if len({fact.value for fact in stated}) == 1:
        _keep(result, stated[0])


def _of_one_source(source: Source, match: re.Match[str]) -> bool:
    """Whether the clause of a figure names one source of the money ("中央补助资金到位100万元")."""
    clause_start, _ = source.between_marks(match.start(), PIECE_END)
    return FUNDING_PART_RE.search(source.norm, clause_start, match.start("amount")) is not None


def _invested_as_budget(source: Source, result: MoneyResult, executed: Fact | None) -> None:
    """A project's funds as the report totals what went in ("共投入资金1585.00万元"), only where its own rate
    confirms them: 投入 also names a part or another year's sum, so the figure must make the stated rate."""
    invested = [
        _amount_fact(source, "budget_adjusted", match.start(), amount)
        for match in source.finditer(INVESTED_RE)
        if (amount := _amount_of(source, match)) is not None
    ]
    if executed is None or len({fact.value for fact in invested}) != 1 or float(invested[0].value) <= 0:
        return
    rate = float(executed.value) / float(invested[0].value) * 100
    if any(abs(stated.value - rate) <= RATE_AGREES_WITHIN for stated in _rate_statements(source)):
        _keep(result, invested[0])


def _read_rate(source: Source, result: MoneyResult, scope: str | None) -> None:
    _keep_statements(source, result, _rate_statements(source), scope)


def _rate_statements(source: Source) -> list[Fact]:
    """Every execution rate the text states, in the order written."""
    found = []
    for pattern in RATE_RES:
        for match in source.finditer(pattern):
            written = match.group(0)
            value = parse_percent(written) if "百分之" in written else float(match.group("pct"))
            if value is not None:
                method = "normalised" if "百分之" in written else "exact"
                found.append(source.fact("execution_rate_pct", value, match.start(), match.end(), method))
    return sorted(found, key=lambda f: f.evidence.start)


def _keep_statements(source: Source, result: MoneyResult, statements: list[Fact], scope: str | None) -> None:
    """Keep what the report states of one field as a whole; a part of it only where no whole is stated."""
    parts = []
    for fact in statements:
        part = _part_of_the_money(source, fact, scope) if fact.field in WHOLE_FIELDS else None
        if part is None:
            _keep(result, fact)
        elif part == "funding":
            parts.append(fact)
    if parts and parts[0].field not in result.facts:
        result.facts[parts[0].field] = parts[0]


# Words before a figure read for what it is said of: a sentence runs no longer in prose, and a run of cells without a
# mark (a flattened table) would make reading back to its start quadratic in the document's length.
WORDS_BEFORE_MAX = 200
# Words that name the unit's money as a whole, after its parts in the same sentence
WHOLE_SAID_RE = re.compile(r"部门整体|单位整体|整体预算|整体支出")


def _names_a_part(words: str, scope: str | None) -> bool:
    spending = scope == "department" and DEPARTMENT_PART_RE.search(words) is not None
    return FUNDING_PART_RE.search(words) is not None or spending


# "年初批复预算8个项目985万元" (PROJECT_COUNT) in a department's report: the budget of its projects, one part of it
COUNTED_PROJECTS_RE = re.compile(r"\d个子?项目")


# A department report's numbered title of one of its projects, opening a line ("一、残疾人康复项目：年初预算50万元…",
# "（二）残疾人就业项目" over its paragraph): not "（三）项目管理情况" (no project named) nor "各项目", "本项目".
PROJECT_TITLE_RE = re.compile(
    r"[ \t\u3000#*]*(?:[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十\d]{1,2}[、.．])[ \t\u3000]*"
    r"(?P<name>[^\n。，,：:；;]{0,30}[\u4e00-\u9fa5])(?<![本该各个等此])项目(?:[：:。]|[ \t\u3000]*$)"
)
# Words that say a sentence is about the department as a whole, under a project's title or not ("部门整体执行率…")
DEPARTMENT_SAID_RE = re.compile(r"部门|整体|单位")
LINE_END = "\n"


def _under_a_projects_title(source: Source, position: int) -> bool:
    """The figure's line opens with a project's numbered title, or is the line right under one, and its sentence
    does not name the department: in a department's report the figure is that project's."""
    sentence_start, _ = source.sentence_bounds(position)
    if DEPARTMENT_SAID_RE.search(source.norm, max(sentence_start, position - WORDS_BEFORE_MAX), position):
        return False
    line_start, line_end = source.between_marks(position, LINE_END)
    if _names_a_project(source, line_start, line_end):
        return True
    if line_start == 0:
        return False
    previous_start, _ = source.between_marks(line_start - 1, LINE_END)
    return _names_a_project(source, previous_start, line_start - 1, whole_line=True)


def _names_a_project(source: Source, start: int, end: int, whole_line: bool = False) -> bool:
    """A project's numbered title opening the line from ``start``; with ``whole_line``, the line is that title."""
    title = PROJECT_TITLE_RE.match(source.norm, start, end)
    if title is None or DEPARTMENT_SAID_RE.search(title.group("name")):
        return False
    return not whole_line or not source.norm[title.end() : end].strip()


def _part_of_the_money(source: Source, fact: Fact, scope: str | None) -> str | None:
    """"funding" or "spending" when the sentence says the figure of one part of the unit's money, else None.

    The part is named in the sentence's subject (its words before the first figure) or just before the label."""
    start = source.to_norm(fact.evidence.start)
    if scope == "department" and COUNTED_PROJECTS_RE.search(source.norm, start, source.to_norm(fact.evidence.end - 1)):
        return "spending"
    if scope == "department" and _under_a_projects_title(source, start):
        return "spending"
    sentence_start, _ = source.sentence_bounds(start)
    sentence_start = max(sentence_start, start - WORDS_BEFORE_MAX)
    previous = [m.span() for m in FIGURE_RE.finditer(source.norm, sentence_start, start)]
    subject = source.norm[sentence_start : previous[0][0] if previous else start]
    local = source.norm[previous[-1][1] if previous else sentence_start : start]
    if previous and WHOLE_SAID_RE.search(local) and not _names_a_part(local, scope):
        return None  # "…，项目支出预算执行率为94.67%，部门整体预算执行率为95.83%": the whole after its parts
    for words in (subject, local):
        if FUNDING_PART_RE.search(words):
            return "funding"
        if scope == "department" and DEPARTMENT_PART_RE.search(words):
            return "spending"
    return None


# --- 其中 breakdowns: income and spending parts, items, staff


# "项目支出278.63万元，主要用于康复救助112.40万元、…": the main uses, which need not be all of it.
MAIN_USES_RE = re.compile(r"主要(?:用于|包括)")
PARTS_LIST_RE = re.compile("其中")


def _list_after(source: Source, total: Fact, opener: re.Pattern[str] = PARTS_LIST_RE) -> tuple[int, int] | None:
    """The span of the "其中…" list (or another ``opener``'s) that follows a total (in its sentence or the next)."""
    end_of_total = source.to_norm(total.evidence.end - 1) + 1
    _, sentence_end = source.sentence_bounds(end_of_total)
    found = opener.search(source.norm, end_of_total, min(len(source.norm), sentence_end + 4))
    if found is None:
        return None
    _, end = source.sentence_bounds(found.end())
    return found.end(), end


def _read_breakdowns(source: Source, result: MoneyResult) -> None:
    # the income and spending table gave its totals with their parts already (see _apply_income_spending)
    from_table = {breakdown.label for breakdown in result.breakdowns}
    income = result.facts.get("income_total")
    if income is not None and "income" not in from_table:
        _read_income_parts(source, result, income)
    spend = result.facts.get("spend_total") or result.facts.get("budget_executed")
    if spend is not None and "spend" not in from_table:
        parts = _basic_and_project(source, result)
        if parts:
            result.breakdowns.append(Breakdown("spend", spend, parts + _other_kinds_beside(source, parts)))
    _read_use_of_funds(source, result)
    _read_funding_sources(source, result)
    for field, kind in (("spend_basic", "basic"), ("spend_project", "project")):
        total = _total_with_list(source, field, result)
        if total is None:
            result.items.extend(_main_uses(source, field, result, kind))
            continue
        items = _items_after(source, total, kind)
        if items:
            result.items.extend(items)
            parts = tuple(Fact(item.name, item.amount, item.evidence) for item in items)  # type: ignore[arg-type]
            result.breakdowns.append(Breakdown(field, total, parts))


# "共投入资金1987.08万元。其中中央资金投入776.84万元，省级资金投入290.36万元…" (or "。资金来源：中央资金…"): the
# sources of a budget, each named at its own figure; a source's own parts ("中央资金776.84万元（彩票公益金452.87
# 万元）") are not named so.
FUNDING_SOURCE_AMOUNT_RE = re.compile(
    rf"(?:{FUNDING_PART_RE.pattern})(?:投入|安排|下达|到位)?(?:为|共)?[:：]?\s*(?P<amount>(?:{NUMBER})\s*(?:{MONEY_UNIT}))"
)
FUNDING_SOURCES_OPENING_RE = re.compile(r"(?:其中|资金来源)[:：，,]?")
BETWEEN_FIGURE_AND_OPENING = "。；;，, "  # what may stand between the budget's figure and the list of its sources


def _read_funding_sources(source: Source, result: MoneyResult) -> None:
    """The sources of the report's budget, listed right after a statement of it ("…万元。其中中央资金…")."""
    budget = result.facts.get("budget_adjusted") or result.facts.get("budget_initial")
    if budget is None:
        return
    for opening in source.finditer(FUNDING_SOURCES_OPENING_RE):
        sentence_start, _ = source.sentence_bounds(max(0, opening.start() - 1))
        # only the figure right before the opening counts: reading the whole of a sentence without a mark (a
        # flattened table, pages long) for each 其中 in it would be quadratic in the document's length
        before = find_amounts(source.norm, max(sentence_start, opening.start() - WORDS_BEFORE_MAX), opening.start())
        if not before or abs(before[-1].wan - float(budget.value)) > 0.005:
            continue
        if source.norm[before[-1].end : opening.start()].strip(BETWEEN_FIGURE_AND_OPENING):
            continue
        _, sentence_end = source.sentence_bounds(opening.end())
        parts = [
            _amount_fact(source, "funding_source", match.start(), amount)
            for match in source.finditer(FUNDING_SOURCE_AMOUNT_RE, opening.end(), sentence_end)
            if (amount := _amount_of(source, match)) is not None
        ]
        if len(parts) >= 2:
            total = _amount_fact(source, budget.field, before[-1].start, before[-1])
            result.breakdowns.append(Breakdown("funding", total, tuple(parts)))
            return


USE_OF_FUNDS_RE = re.compile(r"(?:资金|经费|支出)?(?:主要)?(?:用于|使用情况|支出明细|具体为|明细如下)[:：]")


def _read_use_of_funds(source: Source, result: MoneyResult) -> None:
    """A project's spending lines: "资金主要用于：服务购买费1.89万元、培训费3.19万元…" after its total."""
    total = result.facts.get("budget_executed")
    if total is None or result.facts.get("spend_project") is not None:
        return
    for match in source.finditer(USE_OF_FUNDS_RE):
        _, end = source.sentence_bounds(match.end())
        items = _items_in(source, match.end(), end, "project")
        if len(items) >= 2:
            result.items.extend(items)
            parts = tuple(Fact(i.name, i.amount, i.evidence) for i in items)  # type: ignore[arg-type]
            result.breakdowns.append(Breakdown("spend_project", total, parts))  # type: ignore[arg-type]
            return


# not 主要包括, which may list the sources of the money ("资金主要包括中央资金60万元、省级资金40万元")
PROJECT_USES_RE = re.compile("主要用于")


def _project_main_uses(source: Source, result: MoneyResult, scope: str | None) -> None:
    """A project's main uses of its money in running prose ("资金主要用于康复救助80万元、辅具适配20万元"), where
    no listed spending lines were read: its spending lines, but no breakdown to add up, as they need not be all."""
    if scope != "project" or result.items or "budget_executed" not in result.facts:
        return
    for match in source.finditer(PROJECT_USES_RE):
        _, end = source.sentence_bounds(match.end())
        items = _items_in(source, match.end(), end, "project")
        if len(items) >= 2:
            result.items.extend(items)
            return


def _basic_and_project(source: Source, result: MoneyResult) -> tuple[Fact, ...]:
    """Basic and project spending; where no 基本支出 is stated, the 人员经费 and 公用经费 it is made of."""
    project = result.facts.get("spend_project")
    if project is None:
        return ()
    if "spend_basic" in result.facts:
        return result.facts["spend_basic"], project
    start, end = source.sentence_bounds(source.to_norm(project.evidence.start))
    staff_and_office = tuple(_labelled_facts(source, BASIC_PARTS_PATTERN, start, end))
    return (*staff_and_office, project) if len(staff_and_office) == 2 else ()


def _other_kinds_beside(source: Source, parts: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """经营支出 and the template's other spending lines stated in the sentence of the basic and project parts."""
    start, _ = source.sentence_bounds(source.to_norm(min(p.evidence.start for p in parts)))
    _, end = source.sentence_bounds(source.to_norm(max(p.evidence.end for p in parts) - 1))
    return tuple(_labelled_facts(source, OTHER_SPENDING_PATTERN, start, end))


def _labelled_facts(source: Source, pattern: re.Pattern[str], start: int, end: int) -> Iterator[Fact]:
    """Each "label amount" of ``pattern`` in a span, as a fact named by its label."""
    for match in pattern.finditer(source.norm, start, end):
        amount = _amount_of(source, match)
        if amount is not None:
            yield _amount_fact(source, match.group("label"), match.start(), amount)


# The 决算 template lists the year's income kinds one a clause ("其中：一般公共预算财政拨款收入1400.00万元，占
# 93.33%；政府性基金预算财政拨款收入0万元；…；事业收入100.00万元；…其他收入0万元"): a clause that opens with a kind
# goes on the list.
INCOME_KIND_START_RE = re.compile(
    "|".join((*INCOME_PARTS.values(), OTHER_INCOME_KINDS))
)
LIST_CLAUSE_MARKS = "；;"


def _income_list_span(source: Source, span: tuple[int, int]) -> tuple[int, int]:
    """The 其中 list's span, run on past each "；" after which the next clause names another kind of income."""
    start, end = span
    while end < len(source.norm) and source.norm[end] in LIST_CLAUSE_MARKS:
        if INCOME_KIND_START_RE.match(source.norm, end + 1) is None:
            break
        _, end = source.sentence_bounds(end + 1)
    return start, end


def _read_income_parts(source: Source, result: MoneyResult, income: Fact) -> None:
    span = _list_after(source, income)
    if span is not None:
        span = _income_list_span(source, span)
    parts = []
    for field, pattern in INCOME_PATTERNS.items():
        match = None
        if span is not None:
            match = pattern.search(source.norm, span[0], span[1])
        if match is None:
            match = _standalone(source, pattern)
        if match is None:
            continue
        amount = _amount_of(source, match)
        if amount is not None:
            fact = _amount_fact(source, field, match.start(), amount)
            _keep(result, fact)
            parts.append(fact)
    if span is not None:
        parts.extend(_labelled_facts(source, OTHER_INCOME_PATTERN, *span))
    if parts:
        result.breakdowns.append(Breakdown("income", income, tuple(parts)))


def _standalone(source: Source, pattern: re.Pattern[str]) -> re.Match[str] | None:
    for match in source.finditer(pattern):
        start, _ = source.sentence_bounds(match.start())
        if not any(word in source.norm[start : match.start()] for word in BUDGET_SENTENCE_WORDS):
            return match
    return None


def _total_with_list(source: Source, field: str, result: MoneyResult) -> Fact | None:
    """The statement of a spending total that is followed by its own 其中 list."""
    for fact in _label_matches(source, field):
        span = _list_after(source, fact)
        if span is not None and len(find_amounts(source.norm, span[0], span[1])) >= 2:
            kept = result.facts.get(field)
            if kept is not None and abs(float(kept.value) - float(fact.value)) < 1e-6:
                return fact
    return None


def _main_uses(source: Source, field: str, result: MoneyResult, kind: str) -> list[SpendingItem]:
    """Spending lines a total lists as its main uses: lines of the project spending, but no breakdown to add up."""
    kept = result.facts.get(field)
    if kept is None or kept.evidence.method == "derived" or MAIN_USES_RE.search(source.norm) is None:
        return []
    span = _list_after(source, kept, MAIN_USES_RE)
    items = _items_in(source, *span, kind) if span is not None else []
    return items if len(items) >= 2 else []


ITEM_RE = re.compile(
    rf"(?P<name>[^，,、；;：:。\n]+?)\s*(?:为|共|计)?\s*(?P<amount>(?:{NUMBER})\s*(?:{MONEY_UNIT}))"
)


def _items_after(source: Source, total: Fact, kind: str) -> list[SpendingItem]:
    span = _list_after(source, total)
    return [] if span is None else _items_in(source, span[0], span[1], kind)


def _items_in(source: Source, start: int, end: int, kind: str) -> list[SpendingItem]:
    """"Name amount" pairs of a list, split at the list's commas and enumeration marks."""
    items = []
    for match in ITEM_RE.finditer(source.norm, start, end):
        name = match.group("name").strip().removeprefix("其中").strip()
        amount = first_amount(source.norm, match.start("amount"), match.end("amount"))
        if amount is None or len(name) < 2 or not re.search(r"[\u4e00-\u9fa5]", name):
            continue
        start = match.start("name") + match.group("name").find(name)
        items.append(SpendingItem(name, None, amount.wan, source.evidence(start, amount.end), kind))  # type: ignore[arg-type]
    return items


STAFF_RE = re.compile(
    r"(?:在职人员|在职|在编人员|实有人数|编制人数|职工)\s*(?P<total>\d+)\s*人[，,]\s*其中(?P<list>[^。\n]*)"
)
STAFF_PART_RE = re.compile(r"(?P<name>[\u4e00-\u9fa5]{2,8}?)\s*(?P<n>\d+)\s*(?:人|名)")
NOT_IN_SERVICE = ("退休", "离休", "遗属", "离退休")


def parse_staff(source: Source) -> Breakdown | None:
    """Staff in post and the categories the report says make it up (retired staff are not part of it)."""
    match = STAFF_RE.search(source.norm)
    if match is None:
        return None
    total = source.fact("staff", int(match.group("total")), match.start(), match.start("list"))
    parts = []
    for part in STAFF_PART_RE.finditer(source.norm, match.start("list"), match.end("list")):
        if any(word in part.group("name") for word in NOT_IN_SERVICE):
            continue
        parts.append(source.fact(part.group("name"), int(part.group("n")), part.start(), part.end()))
    return Breakdown("staff", total, tuple(parts)) if len(parts) >= 2 else None


__all__ = ["AMOUNT_RE", "MoneyResult", "parse_money", "parse_staff"]
