"""One small test per parsing rule, each with a case where the rule must not fire."""

from __future__ import annotations

import time

import pytest

from etl.document import Document
from etl.errors import ParseError
from etl.parse import identity, parse_document
from etl.parse.indicators import _level_name, parse_quantity
from etl.parse.numbers import find_amounts, parse_percent
from etl.parse.scores import DIMENSION_SENTENCE_RE, _dimension_sentences, canonical_dimension, clean_dimension_name
from etl.parse.source import Source
from etl.record import Report
from etl.validate import run_checks

HEADER = "某县残疾人联合会2023年度部门整体支出绩效自评报告\n"


def parse_text(body: str, header: str = HEADER) -> Report:
    """Parse a small report made of a title and ``body``."""
    text = header + body
    return parse_document(Document.from_pages("test.txt", "txt", [text]))


@pytest.mark.parametrize(
    ("written", "wan"),
    [
        ("1,598.21万元", 1598.21),
        ("1598.21 万元", 1598.21),
        ("15,982,100.00元", 1598.21),
        ("1.2亿元", 12000.0),
        ("1，598.21万元", 1598.21),
        ("3千元", 0.3),
        ("执行数29.6万,执行率100%", 29.6),
        ("1.2亿。", 12000.0),
    ],
)
def test_amount_is_converted_to_wan(written: str, wan: float) -> None:
    assert [a.wan for a in find_amounts(written)] == [wan]


@pytest.mark.parametrize("written", ["5万张", "2023年12月", "18720人", "第3页", "服务1.2万人次", "3万余"])
def test_non_money_figures_are_not_amounts(written: str) -> None:
    assert find_amounts(written) == []


@pytest.mark.parametrize(
    ("written", "percent"),
    [("94.56%", 94.56), ("百分之九十", 90.0), ("百分之九十五点五", 95.5), ("达到 80 %", 80.0), ("八十", None)],
)
def test_percent_as_written(written: str, percent: float | None) -> None:
    assert parse_percent(written) == percent


def test_a_section_drawn_in_radical_glyphs_reads_as_its_characters_and_quotes_them() -> None:
    report = parse_text("全年预算数为100万元。\n四、存在的问题\n部⻔⽀出进度偏慢，残疾⼈需求调查不细。\n")
    problems = report.facts["problems"]
    assert (problems.value, problems.evidence.method) == ("部门支出进度偏慢，残疾人需求调查不细。", "normalised")
    assert problems.evidence.snippet == "部⻔⽀出进度偏慢，残疾⼈需求调查不细。"


def test_radical_glyphs_of_a_pdf_text_layer_fold_to_their_characters_one_for_one() -> None:
    from etl.text import normalise

    assert normalise("残疾⼈联合会部⻔整体⽀出⼀般公共预算") == "残疾人联合会部门整体支出一般公共预算"
    assert normalise("2023\uf98e度") == "2023年度"  # a compatibility ideograph for 年
    assert normalise("⺁⻊") == "⺁⻊"  # radicals that stand for no character of their own stay as written


def test_full_width_digits_parse_like_ascii() -> None:
    report = parse_text("全年预算数为１，２３４．５０万元，全年执行数为１，２００．００万元。")
    assert report.value("budget_adjusted") == 1234.5
    assert report.facts["budget_adjusted"].evidence.snippet == "全年预算数为１，２３４．５０万元"


@pytest.mark.parametrize(
    ("sentence", "field", "value"),
    [
        ("2023年年初预算数为229.99万元。", "budget_initial", 229.99),
        ("部门整体支出预算数为1598.21万元。", "budget_adjusted", 1598.21),
        ("调整后预算为300.5万元。", "budget_adjusted", 300.5),
        ("全年支出决算数2015.65万元。", "budget_executed", 2015.65),
        ("本项目支出44.39万元，为预算金额的58.33%。", "budget_executed", 44.39),
        ("本项目支出44.39万元，为预算金额的58.33%。", "execution_rate_pct", 58.33),
        ("预算执行率为百分之九十。", "execution_rate_pct", 90.0),
        ("收入合计1,598.21万元，其中：财政拨款收入1,069.72万元，其他收入528.49万元。", "income_other", 528.49),
        ("支出合计500万元，其中基本支出200万元，项目支出300万元。", "spend_project", 300.0),
        ("全年执行数为12,345,600元。", "budget_executed", 1234.56),
        ("2023年度年初收支预算为50,289.20万元。", "budget_initial", 50289.2),
        ("全年执行资金1,847.85万元。", "budget_executed", 1847.85),
        ("1、收入：692.30万元。", "income_total", 692.3),
        ("2、支出：688.10万元。", "spend_total", 688.1),
        ("该项目预算资金总额为1,250万元。", "budget_adjusted", 1250.0),
        ("部门整体支出预算为1,234.56万元。", "budget_adjusted", 1234.56),
        ("实际支出1,102.5万元，资金支出率88.2%。", "execution_rate_pct", 88.2),
        ("预算执行率=实际支出/预算数×100%=95.63%。", "execution_rate_pct", 95.63),
        ("年初预算安排218.40万元，年中追加至236.90万元。", "budget_adjusted", 236.9),
        ("预算数调整为512.64万元。", "budget_adjusted", 512.64),
        ("年初批复预算320.5万元，全年调整预算356.2万元。", "budget_adjusted", 356.2),
        ("2023年本单位总预算为356.2万元。", "budget_adjusted", 356.2),
        ("2023年度决算支出349.8万元。", "spend_total", 349.8),
        ("预算执行率达到了98.2%。", "execution_rate_pct", 98.2),
        ("全年预算执行率高达98.2%。", "execution_rate_pct", 98.2),
        ("预算执行进度为98.2%。", "execution_rate_pct", 98.2),
        ("预算执行率达百分之九十八点二。", "execution_rate_pct", 98.2),
    ],
)
def test_template_labels_give_their_field(sentence: str, field: str, value: float) -> None:
    assert parse_text(sentence).value(field) == pytest.approx(value)


@pytest.mark.parametrize(
    ("sentence", "field"),
    [
        ("本年度年初基本支出预算220.99万元。", "budget_initial"),
        ("预算调整率为805.58%。", "execution_rate_pct"),
        ("本项目财政资金收入76.1万元，于当年到位。", "budget_executed"),
        ("本项目财政资金收入76.1万元，于当年到位。", "income_total"),
        ("收入决算数2015.65万元。", "budget_executed"),
        ("本项目支出44.39万元。", "spend_project"),
        ("项目支出预算9万元。", "spend_project"),
        ("预算执行率未达100%的主要原因是资金支付延迟。", "execution_rate_pct"),
        ("项目支出年初预算安排370.2万元。", "spend_project"),
        ("财政拨款收入：672.30万元。", "income_total"),
        ("涉及财政预算资金3.0亿元。", "budget_adjusted"),
        ("预算执行率=实际支出/预算数×100%。", "execution_rate_pct"),
        ("其中：基本支出预算420.00万元。", "budget_adjusted"),
        ("年中追加残疾人康复资金20万元。", "budget_adjusted"),
        ("其中康复项目总预算50万元。", "budget_adjusted"),
    ],
)
def test_lookalike_labels_do_not_give_the_field(sentence: str, field: str) -> None:
    assert parse_text(sentence + "评价得分90分。").value(field) is None


def test_a_table_comparing_years_of_one_line_is_no_budget_table() -> None:
    # The 基础数据表 of a 部门整体支出 report: 三公经费 and 公用经费 by year, not the budget's execution.
    report = parse_text(
        "部门整体支出预算数为425.60万元，实际支出410.30万元。\n"
        "经费控制情况\t2021年决算数\t2022年预算数\t2022年决算数\n三公经费\t3.20\t2.80\t2.15\n"
    )
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (425.6, 410.3)


NATURE_FORM = (
    "年度预算申请（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额：\t268.40\t295.10\t288.60\t10\t97.80%\t9.78\n"
    "\t按支出性质分：\t—\t—\t—\t—\t—\t—\n"
    "\t其中：基本支出：\t\t186.30\t184.90\t—\t—\t—\n"
    "\t项目支出：\t88.20\t108.80\t103.70\t—\t—\t—\n"
)


def test_a_department_forms_spending_by_nature_gives_basic_and_project_spending() -> None:
    # Tabs keep the blank 年初 cell in its column; PDF text without blanks lists the figures in column order.
    in_spaces = NATURE_FORM.replace("\t\t186.30", "\t180.20\t186.30").replace("\t\t", "\t").replace("\t", " ")
    for form in (NATURE_FORM, in_spaces):
        report = parse_text(form)
        assert (report.value("budget_executed"), report.value("spend_basic"), report.value("spend_project")) == (
            288.6,
            184.9,
            103.7,
        ), form


def test_a_row_that_lost_a_blank_cell_to_spaces_gives_no_figure() -> None:
    # "其中：基本支出： 186.30 184.90": which column is missing cannot be told, so nothing is guessed.
    report = parse_text(NATURE_FORM.replace("\t\t", "\t").replace("\t", " "))
    assert (report.value("spend_basic"), report.value("spend_project")) == (None, 103.7)


# 湖南's form sets the 按支出性质分 rows beside the 按收入性质分 ones, one figure each, the headings' row blank.
NATURE_BESIDE_SOURCES_FORM = (
    "年度预算申请（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "年度资金总额：\t512.30\t560.80\t548.20\t10\t97.75%\t9.78\n"
    "按收入性质分：\t\t\t按支出性质分：\n"
    "其中：一般公共预算：\t540.80\t\t其中：基本支出：\t210.40\n"
    "政府性基金拨款：\t20.00\t\t项目支出：\t337.80\n"
    "其他资金：\t0\n"
)


def test_spending_by_nature_beside_the_sources_of_income_gives_basic_and_project_spending() -> None:
    for form in (NATURE_BESIDE_SOURCES_FORM, NATURE_BESIDE_SOURCES_FORM.replace("\t\t", "\t").replace("\t", " ")):
        report = parse_text(form)
        assert (report.value("spend_basic"), report.value("spend_project")) == (210.4, 337.8), form


def test_spending_by_nature_beside_the_sources_with_two_figures_gives_none() -> None:
    # "项目支出： 108.80 103.70" beside a source: which of its columns each figure is cannot be told.
    form = NATURE_BESIDE_SOURCES_FORM.replace("项目支出：\t337.80", "项目支出：\t108.80\t103.70")
    report = parse_text(form)
    assert (report.value("spend_basic"), report.value("spend_project")) == (210.4, None)
    # the sources of income beside are no spending
    assert parse_text(form.replace("基本支出", "上年结转")).value("spend_basic") is None


def test_a_stacked_rows_one_figure_under_another_column_is_no_executed_spending() -> None:
    # Tabs keep the columns: the 年初预算数 figure alone is not what was spent, though it is the one figure of its row.
    row = "\t其中：基本支出：\t\t186.30\t184.90\t—\t—\t—"
    report = parse_text(NATURE_FORM.replace(row, "\t其中：基本支出：\t180.20\t\t\t\t\t"))
    assert (report.value("spend_basic"), report.value("spend_project")) == (None, 103.7)


TASKS_FORM = (
    "年度主要任务\t任务名称\t主要内容\t年初预算数\t全年预算数\t全年执行数\n"
    "\t残疾人康复\t康复训练和辅具适配\t60.00\t72.00\t70.50\n"
    "\t残疾人就业\t职业技能培训\t20.00\t25.00\t24.00\n"
    "\t金额合计\t\t80.00\t97.00\t94.50\n"
    "年度资金总额\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t310.00\t352.00\t340.80\t10\t96.82%\t9.68\n"
)


def test_a_department_forms_main_tasks_are_spending_items_not_the_budget() -> None:
    report = parse_text(TASKS_FORM)
    budget = tuple(report.value(f) for f in ("budget_initial", "budget_adjusted", "budget_executed"))
    assert budget == (310.0, 352.0, 340.8)
    assert [(i.name, i.budget, i.amount) for i in report.spending_items] == [
        ("残疾人康复", 72.0, 70.5),
        ("残疾人就业", 25.0, 24.0),
    ]


def test_main_tasks_with_a_bare_budget_column_in_a_text_layer_are_spending_items() -> None:
    form = "年度主要任务 任务名称 主要内容 预算数 执行数\n残疾人康复 康复训练 72.00 70.50\n"
    items = parse_text(form + TASKS_FORM[TASKS_FORM.index("年度资金总额") :]).spending_items
    assert [(i.name, i.budget, i.amount) for i in items] == [("残疾人康复", 72.0, 70.5)]


def test_main_tasks_with_approved_and_spent_yuan_are_spending_items_in_wan() -> None:
    # 云南's form: "任务名称 | 项目 | 主要内容 | 批复金额（元） | 实际支出（元） | 预算执行率 | 未完成原因和改进措施".
    form = (
        "任务名称\t项目\t主要内容\t批复金额（元）\t实际支出（元）\t预算执行率\t未完成原因和改进措施\n"
        "残疾人康复\t残疾儿童康复救助\t康复训练\t1,200,000.00\t1,150,000.00\t95.83%\t无\n"
    )
    items = parse_text(form + TASKS_FORM[TASKS_FORM.index("年度资金总额") :]).spending_items
    assert [(i.name, i.budget, i.amount) for i in items] == [("残疾人康复", 120.0, 115.0)]


def test_main_tasks_without_money_or_named_elsewhere_give_no_items() -> None:
    # A block of tasks and their results alone, and a 任务名称 deep in a row of words: no spending item.
    no_money = "年度主要任务\t任务名称\t主要内容\t完成情况\n\t残疾人康复\t康复训练\t完成100人\n"
    elsewhere = "说明\t本表\t任务名称\t预算数\t执行数\n\t残疾人康复\t72.00\t70.50\n"
    money = TASKS_FORM[TASKS_FORM.index("年度资金总额") :]
    assert parse_text(no_money + money).spending_items == []
    assert parse_text(elsewhere + money).spending_items == []


def _one_cell_a_line(form: str) -> str:
    """A form as a web page or Word copy writes it: each non-empty cell on a line of its own."""
    return "\n".join(cell for line in form.split("\n") for cell in line.split("\t") if cell) + "\n"


def test_main_tasks_one_cell_a_line_are_spending_items() -> None:
    # "任务名称 / 主要内容 / 预算数 / 执行数" a cell a line: a bare 预算数 is a label of the block's header there too.
    tasks = "年度主要任务\t任务名称\t主要内容\t预算数（万元）\t执行数（万元）\n\t残疾人康复\t康复训练\t72.00\t70.50\n"
    tasks += "\t残疾人就业\t职业技能培训\t25.00\t24.00\n\t金额合计\t\t97.00\t94.50\n"
    report = parse_text(_one_cell_a_line(tasks + TASKS_FORM[TASKS_FORM.index("年度资金总额") :]))
    assert [(i.name, i.budget, i.amount) for i in report.spending_items] == [
        ("残疾人康复", 72.0, 70.5),
        ("残疾人就业", 25.0, 24.0),
    ]
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (352.0, 340.8)


def test_main_tasks_one_cell_a_line_with_an_empty_content_cell_are_all_spending_items() -> None:
    # The copy drops the empty 主要内容 of 残疾人就业: each task is read cell by cell, its content where one is written.
    tasks = "年度主要任务\t任务名称\t主要内容\t预算数（万元）\t执行数（万元）\n\t残疾人康复\t康复训练\t72.00\t70.50\n"
    tasks += "\t残疾人就业\t\t25.00\t24.00\n\t残疾人教育\t助学\t10.00\t9.00\n\t金额合计\t\t107.00\t103.50\n"
    report = parse_text(_one_cell_a_line(tasks + TASKS_FORM[TASKS_FORM.index("年度资金总额") :]))
    assert [(i.name, i.budget, i.amount) for i in report.spending_items] == [
        ("残疾人康复", 72.0, 70.5),
        ("残疾人就业", 25.0, 24.0),
        ("残疾人教育", 10.0, 9.0),
    ]
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (352.0, 340.8)


def test_main_tasks_one_cell_a_line_missing_a_figure_end_where_it_is_missing() -> None:
    # near miss: a task without its 执行数 ("残疾人就业 / 就业培训 / 25.00 / 残疾人教育 …"): no figure is taken from
    # the next task, and the tasks before it are kept.
    tasks = "年度主要任务\t任务名称\t主要内容\t预算数\t执行数\n\t残疾人康复\t康复训练\t72.00\t70.50\n"
    tasks += "\t残疾人就业\t就业培训\t25.00\t\n\t残疾人教育\t助学\t10.00\t9.00\n"
    report = parse_text(_one_cell_a_line(tasks + TASKS_FORM[TASKS_FORM.index("年度资金总额") :]))
    assert [(i.name, i.budget, i.amount) for i in report.spending_items] == [("残疾人康复", 72.0, 70.5)]
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (352.0, 340.8)


def test_main_tasks_one_cell_a_line_without_money_give_no_items() -> None:
    # Tasks with their results in words under 预算数, or no money column at all: no spending item, the budget kept.
    money = TASKS_FORM[TASKS_FORM.index("年度资金总额") :]
    in_words = "年度主要任务\t任务名称\t主要内容\t预算数\t执行数\n\t残疾人康复\t康复训练\t已安排\t已完成\n"
    no_money = "年度主要任务\t任务名称\t主要内容\t完成情况\n\t残疾人康复\t康复训练\t完成100人\n"
    for tasks in (in_words, no_money):
        report = parse_text(_one_cell_a_line(tasks + money))
        assert report.spending_items == []
        assert (report.value("budget_adjusted"), report.value("budget_executed")) == (352.0, 340.8)


def test_spending_by_nature_beside_the_sources_one_cell_a_line_gives_basic_and_project_spending() -> None:
    # 湖南's form copied a cell a line: under the headings of the two splits, each label is followed by its figure.
    report = parse_text(_one_cell_a_line(NATURE_BESIDE_SOURCES_FORM))
    assert (report.value("spend_basic"), report.value("spend_project")) == (210.4, 337.8)
    assert report.value("budget_executed") == 548.2


def test_sources_of_income_one_cell_a_line_are_no_spending_by_nature() -> None:
    # The same rows naming sources of funds (上年结转) or without the headings of the splits give no spending.
    form = _one_cell_a_line(NATURE_BESIDE_SOURCES_FORM)
    report = parse_text(form.replace("基本支出", "上年结转").replace("项目支出", "其他资金"))
    assert (report.value("spend_basic"), report.value("spend_project")) == (None, None)
    report = parse_text(form.replace("按收入性质分：\n按支出性质分：\n", ""))
    assert (report.value("spend_basic"), report.value("spend_project")) == (None, None)


def test_spending_by_nature_beside_the_sources_one_cell_a_line_with_two_figures_gives_none() -> None:
    # "项目支出： / 108.80 / 103.70": the label's cells run on past its pair, so neither figure is taken.
    form = NATURE_BESIDE_SOURCES_FORM.replace("项目支出：\t337.80", "项目支出：\t108.80\t103.70")
    for text in (_one_cell_a_line(form), _one_cell_a_line(form).replace("\n", "\n\n")):
        report = parse_text(text)
        assert (report.value("spend_basic"), report.value("spend_project")) == (210.4, None), text


def test_a_department_forms_spending_by_nature_one_cell_a_line_gives_basic_and_project_spending() -> None:
    # The rows under the budget row one cell a line, a dash where the form asks no figure ("—"), the headings' too.
    report = parse_text(_one_cell_a_line(NATURE_FORM.replace("\t\t186.30", "\t180.20\t186.30")))
    assert (report.value("budget_executed"), report.value("spend_basic"), report.value("spend_project")) == (
        288.6,
        184.9,
        103.7,
    )


def test_a_stacked_row_one_cell_a_line_that_lost_its_blank_cell_gives_no_figure() -> None:
    # "其中：基本支出： / 186.30 / 184.90 / — …": one cell short, which column each figure is cannot be told; nor
    # are sources of funds in its place spending by nature.
    report = parse_text(_one_cell_a_line(NATURE_FORM))
    assert (report.value("budget_executed"), report.value("spend_basic"), report.value("spend_project")) == (
        288.6,
        None,
        None,
    )
    sources = NATURE_FORM.replace("\t\t186.30", "\t180.20\t186.30").replace("其中：基本支出", "上年结转资金")
    report = parse_text(_one_cell_a_line(sources.replace("项目支出：", "其他资金：")))
    assert (report.value("spend_basic"), report.value("spend_project")) == (None, None)


def test_a_project_forms_sources_of_funds_are_no_spending_by_nature() -> None:
    form = NATURE_FORM.replace("按支出性质分", "其中：当年财政拨款").replace("其中：基本支出", "上年结转资金")
    report = parse_text(form.replace("项目支出：", "其他资金："))
    assert (report.value("spend_basic"), report.value("spend_project")) == (None, None)


def test_initial_budget_breakdown_is_not_income() -> None:
    report = parse_text(
        "2023年年初收入预算229.99万元，其中：一般公共预算拨款222.58万元，其他收入7.41万元。\n"
        "2023年本单位收入决算数2015.65万元，其中一般公共预算财政拨款收入1763.44万元，其他收入19.86万元。"
    )
    assert (report.value("income_fiscal"), report.value("income_other")) == (1763.44, 19.86)
    assert report.value("budget_initial") == 229.99


PROJECT_TITLE = "某县残疾人联合会2023年度残疾人两项补贴项目绩效自评报告\n"


@pytest.mark.parametrize(
    ("body", "budget", "executed"),
    [
        ("资金总额为520万元，截至2023年12月31日，实际支出512.3万元。", 520.0, 512.3),
        ("本项目年度预算520万元，当年到位资金520万元，全年支出512.3万元。", 520.0, 512.3),
        ("项目计划投入资金520万元，实际投入512.3万元。", 520.0, 512.3),
        ("该项目2023年预算安排520万元，执行512.3万元。", 520.0, 512.3),
        ("2023年共下达资金520万元，已拨付512.3万元。", 520.0, 512.3),
        ("全年发放补贴资金512.3万元，惠及残疾人8,532人。", None, 512.3),
        ("项目预算资金1,250.00万元，实际支出1,187.35万元。", 1250.0, 1187.35),
        ("上级下达资金120万元，本级配套资金30万元，共计150万元，已支付145万元。", 150.0, 145.0),
        ("中央资金60万元，省级资金25万元，县级配套资金15万元，合计100万元。全年支出96万元。", 100.0, 96.0),
        # A 合计 that is not the sum of the figures before it, or a 下达 sum below what was spent: no budget.
        ("中央资金60万元，省级资金25万元，合计90万元。全年支出80万元。", None, 80.0),
        ("上级下达资金120万元，截至年底已支付145万元。", None, 145.0),
        ("项目总预算236.00万元，其中中央资金120.00万元。项目实际支出221.84万元。", 236.0, 221.84),
        ("本年度该项目批复预算50万元，实际拨付48万元。", 50.0, 48.0),
        ("预算批复金额：80万元；实际支出金额：76.5万元。", 80.0, 76.5),
        # the sum approved is the budget, the sum applied for is not; one level's approved share is a part
        ("项目申报资金100万元，批复资金80万元，实际支出78万元。", 80.0, 78.0),
        ("项目申报资金100万元，已获批复资金80万元。", 80.0, None),
        ("项目申报资金100万元，实际支出78万元。", None, 78.0),
        ("项目申报资金100万元，中央批复资金50万元，实际支出48万元。", None, 48.0),
        ("全年项目资金预算为150万元，已完成支付145.5万元。", 150.0, 145.5),
        ("资金总额120万元，其中中央补助80万元。已支出118.2万元。", 120.0, 118.2),
        ("调整后预算90万元，截至12月31日支出86.4万元。", 90.0, 86.4),
        ("资金总额100万元，截至年底累计完成支出95万元。", 100.0, 95.0),
        # 年初批复预算 is the initial budget, not the full-year one
        ("年初批复预算50万元，实际拨付48万元。", None, 48.0),
        ("全年预算总额120万元，决算支出110万元。", 120.0, 110.0),
        ("本项目预算金额为50万元，截至2023年12月31日，已支付48万元。", 50.0, 48.0),
        ("本项目当年预算数50万元，当年执行数48万元。", 50.0, 48.0),
        ("当年预算执行数48万元。", None, 48.0),
        ("全年共发放补贴资金48万元，项目预算50万元。", 50.0, 48.0),
        ("项目预算50万元，实际支出48万元。", 50.0, 48.0),
        ("康复项目预算50万元，实际支出48万元。", None, 48.0),
        ("资金执行率96%，执行金额48万元，预算金额50万元。", 50.0, 48.0),
        ("执行金额48万元，培训费预算金额5万元。", None, 48.0),
        ("资金使用情况：预算100万元，支出95万元，执行率95%。", 100.0, 95.0),
        # What the project's budget spent, a part of the public budget, a kind of spending: not the bare words
        ("该项目预算执行数48万元，全年支出48万元。", None, 48.0),
        ("其中一般公共预算100万元，基本支出30万元。", None, None),
        # the provinces' templates: funds received (资金到位) stand for the budget; paid (支付), used or spent
        ("2023年资金到位280万元，到位率100%。实际支付275万元，支付率98.21%。", 280.0, 275.0),
        ("2.资金到位。\n到位资金14280元。\n3.资金使用。\n已使用资金14280元。", 1.428, 1.428),
        ("项目计划资金100万元，实际到位100万元，实际支出96万元。", 100.0, 96.0),
        ("2.项目资金执行情况：2023年，财政预算项目资金16万元，支付16万元。", None, 16.0),
        ("县财政安排项目资金100万元，资金支出96万元，支出率96%。", 100.0, 96.0),
        # the project's own 财政拨款 for the year, where nothing else states its budget; not beside another source,
        # below what was spent, without the project named, nor an income line
        ("该项目当年财政拨款100万元，实际支出95万元。", 100.0, 95.0),
        ("该项目当年财政拨款100万元，上年结转资金20万元，实际支出95万元。", None, 95.0),
        ("该项目当年财政拨款100万元，实际支出110万元。", None, 110.0),
        ("当年财政拨款100万元，实际支出95万元。", None, 95.0),
        ("该项目当年财政拨款收入100万元。实际支出95万元。", None, 95.0),
        ("资金总额120万元，其中该项目当年财政拨款100万元。", 120.0, None),
        ("本年度安排专项资金100万元，实际支出96万元。", 100.0, 96.0),
        ("2023年共安排资金100万元，实际使用96万元。", 100.0, 96.0),
        ("本年度安排康复资金60万元，就业资金40万元，实际支出96万元。", None, 96.0),
        ("实际支出96万元。下一年度安排资金100万元，继续实施。", None, 96.0),
        ("实际支出96万元。明年安排资金100万元。", None, 96.0),
        ("中央补助资金到位60万元，省级补助资金到位40万元，共支出96万元。", None, 96.0),
        # one source's funds received, or less than was spent, is no budget; a payment said of another time is none
        ("中央补助资金到位100万元，全年支出96万元。", None, 96.0),
        ("资金到位100万元，截至年底已支付120万元。", None, 120.0),
        ("资金总额100万元，剩余资金计划于下年度支付4万元。", 100.0, None),
        # after a 年初 budget, the year's 下达 sum is the budget after changes; one level's share below it is not
        ("年初预算安排80万元，年中追加20万元，全年下达资金100万元，实际支出96万元。", 100.0, 96.0),
        ("年初预算安排80万元，其中上级下达资金50万元，实际支出76万元。", None, 76.0),
    ],
)
def test_a_projects_money_in_everyday_words(body: str, budget: float | None, executed: float | None) -> None:
    report = parse_text(body + "自评得分90分。", header=PROJECT_TITLE)
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (budget, executed)


@pytest.mark.parametrize(
    ("body", "rate"),
    [
        ("全年预算数100万元，决算数97.2万元，预算完成率97.2%。", 97.2),
        ("资金已支付97.2万元，支付率97.2%。", 97.2),
        ("本年度执行数1420万元，占全年预算1500万元的94.67%。", 94.67),
        ("可用资金1500万元，资金使用率94.67%。", 94.67),
        ("已完成支付1420万元，支付进度94.67%。", 94.67),
        ("截至年底支出进度为94.67%。", 94.67),
        ("基本支出进度为94.67%。", None),  # one kind of the spending's
        # A target's 完成率, or a line's share of the budget, is no execution rate.
        ("培训任务完成率100%，全年预算数100万元。", None),
        ("基本支出占全年预算的53.2%。", None),
        ("培训费占全年预算的20%。", None),
    ],
)
def test_execution_rate_in_other_words(body: str, rate: float | None) -> None:
    assert parse_text(body + "全年预算数1500万元。").value("execution_rate_pct") == rate


def test_a_projects_main_uses_in_running_prose_are_its_spending_lines() -> None:
    body = "全年预算100万元，实际支出100万元。资金主要用于康复救助80万元，辅具适配20万元。自评得分90分。"
    report = parse_text(body, header=PROJECT_TITLE)
    assert [(item.name, item.amount) for item in report.spending_items] == [("康复救助", 80.0), ("辅具适配", 20.0)]
    assert [b.label for b in report.breakdowns] == []  # main uses need not be all of it


@pytest.mark.parametrize(
    ("body", "header"),
    [
        # the sources of the money are no spending lines; a department's main uses are its own (see _main_uses)
        ("全年预算100万元，实际支出100万元。资金主要包括中央资金60万元、省级资金40万元。", PROJECT_TITLE),
        ("全年预算100万元，实际支出100万元。资金主要用于康复救助80万元，辅具适配20万元。", HEADER),
    ],
)
def test_main_uses_in_running_prose_only_of_a_projects_spending(body: str, header: str) -> None:
    assert parse_text(body + "自评得分90分。", header=header).spending_items == []


@pytest.mark.parametrize(
    ("body", "budget", "executed"),
    [
        ("2023年部门预算总额为1500万元，实际支出1420万元。", 1500.0, 1420.0),
        ("2023年预算安排资金总额1500万元，全年实际支出1420万元。", 1500.0, 1420.0),
        ("全年预算支出1500万元，执行数1420万元。", 1500.0, 1420.0),
        # What a budget was spent or received is not the budget.
        ("本年度预算执行数1420万元，全年预算数1500万元。", 1500.0, 1420.0),
        ("年初预算到位资金1200万元，全年预算数1500万元。", 1500.0, None),
        ("康复项目预算总额50万元。全年预算数1500万元，执行数1420万元。", 1500.0, 1420.0),
        ("全年预算数1500万元，预算执行金额1420万元。", 1500.0, 1420.0),
        ("全年预算数1500万元，康复项目执行金额50万元。", 1500.0, None),
    ],
)
def test_a_departments_budget_total_and_not_what_it_spent(body: str, budget: float, executed: float | None) -> None:
    report = parse_text(body)
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (budget, executed)


@pytest.mark.parametrize(
    ("body", "initial", "adjusted"),
    [
        # the 部门预算's income total is the budget as approved, where nothing else states one
        ("2023年部门预算收入1000万元，其中一般公共预算拨款900万元，其他收入100万元。全年支出980万元。", 1000.0, None),
        ("部门预算收入为1000万元。", 1000.0, None),
        # near misses: another year's, a change of it, or beside a budget the report states
        ("2022年部门预算收入1000万元。全年支出980万元。", None, None),
        ("2023年部门预算收入较上年增加100万元。全年支出980万元。", None, None),
        ("年初预算数900万元。2023年部门预算收入1000万元。", 900.0, None),
        ("全年预算数1200万元。2023年部门预算收入1000万元。", None, 1200.0),
    ],
)
def test_a_departments_budget_income_is_its_budget_only_where_nothing_else_states_one(
    body: str, initial: float | None, adjusted: float | None
) -> None:
    report = parse_text(body + "自评得分90分。")
    assert (report.value("budget_initial"), report.value("budget_adjusted")) == (initial, adjusted)


@pytest.mark.parametrize(
    ("body", "initial", "adjusted"),
    [
        # A budget label whose figure is introduced as spent further on is what was spent, not the budget.
        ("2023年年初预算已执行900万元。", None, None),
        ("年初预算资金已执行900万元，执行率90%。", None, None),
        ("年初预算中已支出900万元。", None, None),
        ("全年预算资金已使用1000万元。", None, None),
        ("年初预算数中完成支付900万元。", None, None),
        # Near misses: the budget's own figure, then what was spent in a clause of its own.
        ("年初预算900万元，已执行850万元。", 900.0, None),
        ("年初预算安排资金900万元，全年预算数1000万元，已支出950万元。", 900.0, 1000.0),
        ("全年预算支出1500万元，执行数1420万元。", None, 1500.0),
    ],
)
def test_a_budget_label_whose_figure_was_spent_is_no_budget(
    body: str, initial: float | None, adjusted: float | None
) -> None:
    report = parse_text(body + "自评得分90分。")
    assert (report.value("budget_initial"), report.value("budget_adjusted")) == (initial, adjusted)


BARE_BUDGET_TABLE = "单位：万元\n项目\t预算数\t执行数\t执行率\n"
WHOLE_BUDGET_HEADING = "二、预算执行情况\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A bare 预算数 over a 合计 row whose rate agrees, under a heading of the budget's execution: the full-year
        # budget and what was spent.
        (WHOLE_BUDGET_HEADING + BARE_BUDGET_TABLE + "合计\t1200.00\t1150.00\t95.83%\n", (1200.0, 1150.0, 95.83)),
        ("部门整体支出预算执行情况表\n" + BARE_BUDGET_TABLE + "合计\t1200\t1150\t95.83%\n", (1200.0, 1150.0, 95.83)),
        # Near misses: a table of the 三公 funds, a table of projects, a rate that does not agree, a year's header.
        ("“三公”经费情况\n" + BARE_BUDGET_TABLE + "合计\t12.00\t9.00\t75%\n", (None, None, None)),
        (BARE_BUDGET_TABLE + "养老服务补贴\t500.00\t480.00\t96%\n合计\t1200.00\t1150.00\t95.83%\n", (None, None, None)),
        (WHOLE_BUDGET_HEADING + BARE_BUDGET_TABLE + "合计\t1200.00\t1150.00\t90%\n", (None, None, None)),
        ("项目\t2023年预算数\t执行数\t执行率\n合计\t1200.00\t1150.00\t95.83%\n", (None, None, None)),
    ],
)
def test_a_bare_yu_suan_shu_table_with_its_total_row(body: str, expected: tuple) -> None:
    report = parse_text(body + "自评得分92分。\n")
    fields = ("budget_adjusted", "budget_executed", "execution_rate_pct")
    assert tuple(report.value(field) for field in fields) == expected


@pytest.mark.parametrize(
    "body",
    [
        # No caption says whose budget the bare 预算数 is.
        BARE_BUDGET_TABLE + "合计\t1200.00\t1150.00\t95.83%\n",
        # The 三公 heading stands three lines up, over a line of prose: the table is of the 三公 funds still.
        "四、“三公”经费支出情况\n严格控制“三公”经费支出。\n具体情况如下表：\n"
        + BARE_BUDGET_TABLE
        + "公务接待费\t5.00\t4.00\t80%\n公务用车运行维护费\t3.00\t3.00\t100%\n合计\t8.00\t7.00\t87.5%\n",
        # Under the budget's heading, but the rows above the 合计 are running costs: the 合计 is theirs.
        WHOLE_BUDGET_HEADING + BARE_BUDGET_TABLE + "公务接待费\t5.00\t4.00\t80%\n合计\t5.00\t4.00\t80%\n",
        # One 公务接待费 row and no 合计 at all.
        WHOLE_BUDGET_HEADING + BARE_BUDGET_TABLE + "公务接待费\t5.00\t4.00\t80%\n",
    ],
)
def test_a_bare_yu_suan_shu_table_not_named_the_whole_budget_gives_none(body: str) -> None:
    report = parse_text(body + "自评得分92分。\n")
    fields = ("budget_adjusted", "budget_executed", "execution_rate_pct")
    assert tuple(report.value(field) for field in fields) == (None, None, None)


@pytest.mark.parametrize(
    ("body", "executed"),
    [
        # 云南's 项目资金执行情况: the clause's one figure, said all used, is what the project spent.
        ("2.项目资金执行情况。4.4万元慰问经费于2019年1月全部使用完毕。", 4.4),
        ("项目资金50万元已全部支付。", 50.0),
        # Near misses: funds passed on, one source's funds, two figures in the clause, the project's own words.
        ("项目资金50万元已全部拨付到位。", None),
        ("中央资金30万元已全部使用。", None),
        ("结转资金10万元和本年资金40万元已全部使用完毕。", None),
        ("本项目实际支出48万元，项目资金50万元已全部支付。", 48.0),
    ],
)
def test_a_projects_figure_said_spent_in_full(body: str, executed: float | None) -> None:
    report = parse_text(body + "自评得分92分。", header="某县春节慰问项目2023年度项目支出绩效自评报告\n")
    assert report.value("budget_executed") == executed


def test_a_departments_figure_said_spent_in_full_is_not_read_so() -> None:
    assert parse_text("康复项目资金50万元已全部支付。自评得分92分。").value("budget_executed") is None


def test_figures_in_a_long_run_without_marks_are_read_in_linear_time() -> None:
    # A flattened table with no punctuation is one "sentence": reading each figure's words back to its start was
    # quadratic (2.5 s for 100 KB); the words read before a figure are bounded.
    chunk = "绩效" * 10 + "全年执行数123万元" + "绩效" * 6 + "支出合计"
    text = chunk * (100_000 // len(chunk.encode("utf-8")) + 1)
    started = time.perf_counter()
    report = parse_text(text)
    assert time.perf_counter() - started < 1.0
    assert report.value("budget_executed") == 123.0


def test_many_qi_zhong_in_a_long_run_without_marks_are_read_in_linear_time() -> None:
    # each "其中" of a run without a mark looked for the budget's sources from the run's start: quadratic (1 s for
    # 36,000 characters); only the figure right before it counts
    chunk = "绩效" * 16 + "年初预算数123元在职人员22人，其中"
    started = time.perf_counter()
    report = parse_text(chunk * (100_000 // len(chunk.encode("utf-8")) + 1))
    assert time.perf_counter() - started < 1.0
    assert [b for b in report.breakdowns if b.label == "funding"] == []
    # near miss: a budget's sources right after its figure are still read
    body = "全年预算数236.00万元，其中中央资金120.00万元，省级资金116.00万元。全年执行数221.84万元。自评得分92分。"
    report = parse_text(body, header="某县残疾人康复项目2023年度项目支出绩效自评报告\n")
    assert [len(b.parts) for b in report.breakdowns if b.label == "funding"] == [2]


@pytest.mark.parametrize(
    ("body", "adjusted"),
    [
        # The sum a project asked for is no budget, whatever label follows the asking.
        ("本项目申请资金总额90万元，实际支出76万元。", None),
        ("项目申请预算资金合计90万元，实际支出76万元。", None),
        ("本项目共申请预算资金90万元，实际支出76万元。", None),
        ("本项目共申请预算资金90万元，实际到位资金80万元，实际支出76万元，预算执行率95%。", 80.0),
        # The asking said after the budget's label, as the form's 年度预算申请 block is read out in prose.
        ("年度预算申请90万元，实际支出76万元。", None),
        ("2023年度预算申请资金90万元，实际支出76万元。", None),
        ("年度预算申报数90万元，实际支出76万元。", None),
        ("本项目资金预算申请90万元，实际支出76万元。", None),
        ("全年预算经申请调整为90万元，实际支出76万元。", 90.0),
        ("预算批复90万元，实际支出76万元。", 90.0),
        # Near misses: the asking said in a clause of its own, and the budget's own words.
        ("经申请，省财政下达预算资金合计90万元，实际支出76万元。", 90.0),
        ("本项目资金总额90万元，实际支出76万元。", 90.0),
    ],
)
def test_a_sum_asked_for_is_no_budget(body: str, adjusted: float | None) -> None:
    report = parse_text(body + "自评得分92分。", header="某县残疾人康复项目2023年度项目支出绩效自评报告\n")
    assert report.value("budget_adjusted") == adjusted


@pytest.mark.parametrize(
    ("body", "adjusted"),
    [
        # The fiscal year's 预算资金合计 in prose, or in a form's cell with its unit in the label.
        ("2023年预算资金合计90万元，实际支出76万元。", 90.0),
        ("本项目2023年预算资金合计为900,000元，实际支出76万元。", 90.0),
        ("2023年预算资金合计（万元）\t90\t实际支出（万元）\t76\n", 90.0),
        # The year's 预算, 预算数 or 项目预算 without 度, which the template's labels leave out.
        ("2023年预算90万元，实际支出76万元。", 90.0),
        ("2023年预算数为90万元，实际支出76万元。", 90.0),
        ("该项目2023年项目预算90万元，实际支出76万元。", 90.0),
        ("2023年预算执行数76万元，执行率84.44%。", None),
        # Near misses: another year's; a bare figure with no unit; a budget the template's labels state.
        ("2022年预算资金合计90万元，实际支出76万元。", None),
        ("2023年预算资金合计\t90\n实际支出76万元。", None),
        ("2023年预算资金合计90万元，年初预算数80万元，实际支出76万元。", None),
    ],
)
def test_the_fiscal_years_budget_funds_in_all_are_the_budget(body: str, adjusted: float | None) -> None:
    report = parse_text(body + "自评得分92分。", header="某县残疾人康复项目2023年度项目支出绩效自评报告\n")
    assert report.value("budget_adjusted") == adjusted


def test_a_departments_project_budget_of_the_year_is_not_its_budget() -> None:
    report = parse_text("2023年项目预算400万元，实际支出380万元。2023年预算数1000万元，决算数950万元。")
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (1000.0, 950.0)
    report = parse_text("2023年项目预算400万元，其中康复救助300万元。部门整体支出950万元，预算执行率95%。")
    assert report.value("budget_adjusted") is None


@pytest.mark.parametrize(
    ("body", "adjusted", "executed"),
    [
        ("本项目预算资金已拨付50万元。", None, 50.0),
        ("本项目预算资金50万元，已拨付48万元。", 50.0, 48.0),
    ],
)
def test_a_projects_budget_words_before_a_figure_paid_out(body: str, adjusted: float | None, executed: float) -> None:
    report = parse_text(body, header="某县残疾人康复项目2023年度项目支出绩效自评报告\n")
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (adjusted, executed)


@pytest.mark.parametrize(
    ("body", "budget", "executed"),
    [
        # A department's project funds are one kind of its spending: their figures are not the unit's.
        ("残疾人康复项目资金200万元，实际支出150万元。", None, None),
        ("专项资金合计500万元，实际执行480万元。", None, None),
        ("该项目资金100万元，实际支出90万元。", None, None),
        # Near misses: the unit's own figures beside a mention of its project funds.
        ("全年预算1300万元（含项目资金800万元），执行数1250万元。", 1300.0, 1250.0),
        ("全年预算数1300万元，其中项目资金800万元，全年执行数1250万元。", 1300.0, 1250.0),
    ],
)
def test_a_departments_project_funds_are_a_part_of_its_money(
    body: str, budget: float | None, executed: float | None
) -> None:
    report = parse_text(body + "自评得分92分。")
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (budget, executed)


@pytest.mark.parametrize(
    ("body", "initial", "rate"),
    [
        # Figures under a project's numbered title in a department's report, on its line or the next, are its own.
        ("一、残疾人康复项目：年初预算50万元，全年执行45万元，执行率90%。\n", None, None),
        ("（二）残疾人就业项目\n年初预算30万元，全年执行27万元，执行率90%。\n", None, None),
        # Near misses: a title naming no project, or a sentence naming the department, keeps the unit's reading.
        ("（三）项目管理情况\n年初预算500万元，预算执行率95%。\n", 500.0, 95.0),
        ("（二）残疾人就业项目\n部门年初预算500万元，部门整体预算执行率95%。\n", 500.0, 95.0),
    ],
)
def test_figures_under_a_projects_numbered_title_are_the_projects(
    body: str, initial: float | None, rate: float | None
) -> None:
    report = parse_text("全年预算数600万元，全年执行数570万元。\n" + body + "自评得分92分。")
    assert (report.value("budget_initial"), report.value("execution_rate_pct")) == (initial, rate)
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (600.0, 570.0)


def test_a_projects_own_funds_are_its_whole() -> None:
    header = "某县残疾人康复项目2023年度项目支出绩效自评报告\n"
    report = parse_text("残疾人康复项目资金200万元，实际支出150万元。", header=header)
    assert report.value("budget_executed") == 150.0


@pytest.mark.parametrize(
    ("body", "spent", "initial"),
    [
        ("2023年度部门整体支出1,234.56万元，其中基本支出834.56万元，项目支出400.00万元。", 1234.56, None),
        ("年初预算数1200万元，全年预算数1300万元，全年决算数1234.56万元。", 1234.56, 1200.0),
        ("2023年部门决算支出总额1234.56万元，较年初预算增加34.56万元。", 1234.56, None),
        # The department's 整体支出 budget and its 绩效 are no spending.
        ("2023年部门整体支出预算为1300万元，部门整体支出绩效自评得分95分。", None, None),
    ],
)
def test_a_departments_whole_spending_and_final_accounts(body: str, spent: float | None, initial: float | None) -> None:
    report = parse_text(body)
    assert (report.value("budget_executed"), report.value("budget_initial")) == (spent, initial)


@pytest.mark.parametrize(
    ("body", "executed"),
    [
        ("全年财政拨款预算数652.3万元，决算数640.1万元。", 640.1),
        ("全年预算数652.3万元，其中三公经费决算数12万元。", None),
        ("全年预算数652.3万元。2022年决算数为600万元，收入决算数610万元。", None),
    ],
)
def test_a_bare_jue_suan_shu_is_what_was_spent_not_a_parts_or_another_years(body: str, executed: float | None) -> None:
    assert parse_text(body).value("budget_executed") == executed


@pytest.mark.parametrize(
    ("body", "score"),
    [
        ("经自评，部门整体支出绩效自评综合得分为九十二分。", 92.0),
        ("自评总分为九十二点五分，评价等级为优。", 92.5),
        ("自评得分为九十二分以上的项目评为优。", None),
        ("评价得分90分（含）以上为优，80-89分为良。本单位自评得分93分。", 93.0),
        ("评价得分80-89分为良，本单位自评得分93分。", 93.0),
        ("评价得分90分（含）以上为优，本单位自评得分93分。", 93.0),
        ("自评结果为优秀，得分90分以上的指标占80%。", None),
    ],
)
def test_a_total_score_in_chinese_numerals_or_after_the_bands(body: str, score: float | None) -> None:
    report = parse_text(body + "全年预算数100万元。")
    assert report.value("score_total") == score
    if score is not None:
        assert report.facts["score_total"].evidence.method == ("normalised" if "九" in body else "exact")
    assert report.alternatives == []


@pytest.mark.parametrize(
    ("body", "dimensions"),
    [
        (
            "项目自评得分为92.5分，自评等级为“良”。其中：项目决策得分18分，项目过程得分19分，项目产出得分37.5分，"
            "项目效益得分18分。",
            [("项目决策", 18.0), ("项目过程", 19.0), ("项目产出", 37.5), ("项目效益", 18.0)],
        ),
        (
            "自评得分92分，其中预算执行得分9分，产出得分40分，效益得分43分。",
            [("预算执行", 9.0), ("产出", 40.0), ("效益", 43.0)],
        ),
        # Not indicators, not two dimensions, not a list that does not follow the total.
        ("自评得分90分。其中：培训人数得分10分，满意度得分9分，产出得分9分。", []),
        ("自评得分90分。其中：产出得分40分，效益得分43分。", []),
        ("自评得分90分。张三得分10分，决策得分9分，过程得分8分，产出得分9分。", []),
    ],
)
def test_dimension_scores_listed_after_the_total(body: str, dimensions: list[tuple[str, float]]) -> None:
    report = parse_text(body + "全年预算数100万元。")
    assert [(d.name, d.score) for d in report.dimension_scores] == dimensions
    assert all(d.max is None for d in report.dimension_scores)


DEPARTMENT_HEADER = "某县残疾人联合会2023年度部门整体支出绩效自评报告\n"
DEPARTMENT_DIMENSIONS = [
    ("预算执行", "预算执行", 18.0),
    ("运行成本", None, 9.0),
    ("管理效率", "过程管理", 19.0),
    ("履职效能", "产出", 28.0),
    ("社会效应", "效益", 18.0),
]


@pytest.mark.parametrize(
    "body",
    [
        "自评得分92分，评价等级为优。其中：预算执行18分，运行成本9分，管理效率19分，履职效能28分，社会效应18分。",
        "自评得分92分，其中预算执行得分18分，运行成本得分9分，管理效率得分19分，履职效能得分28分，社会效应得分18分。",
        "综合得分92分，其中：预算执行（20分）得分18分，运行成本（10分）得分9分，管理效率（20分）得分19分，"
        "履职效能（30分）得分28分，社会效应（20分）得分18分。",
        "自评得分92分。预算执行（20分）得分18分；运行成本（10分）得分9分；管理效率（20分）得分19分；"
        "履职效能（30分）得分28分；社会效应（20分）得分18分。",
        "预算执行得分18分，运行成本得分9分，管理效率得分19分，履职效能得分28分，社会效应得分18分，综合得分92分。",
        "自评得分92分，预算执行、运行成本、管理效率、履职效能、社会效应分别得分18分、9分、19分、28分、18分。",
    ],
    ids=["bare_figures", "scored", "maxima_before", "sentences", "before_the_total", "respectively"],
)
def test_the_department_frameworks_dimension_scores_that_make_the_total(body: str) -> None:
    # 预算执行, 运行成本, 管理效率, 履职效能, 社会效应: 运行成本 has no canonical dimension, kept under its raw name
    report = parse_text(body + "全年预算数100万元。", header=DEPARTMENT_HEADER)
    assert [(d.name, d.canonical, d.score) for d in report.dimension_scores] == DEPARTMENT_DIMENSIONS


@pytest.mark.parametrize(
    "body",
    [
        # scores that do not make the total, with or without 得分
        "自评得分92分，其中：预算执行18分，运行成本9分，管理效率19分，履职效能28分，社会效应10分。",
        "自评得分92分，其中预算执行得分18分，运行成本得分9分，管理效率得分19分，履职效能得分28分，社会效应得分10分。",
        # the framework's weights
        "自评得分92分，其中：预算执行20分，运行成本10分，管理效率20分，履职效能30分，社会效应20分。",
        # a name of no framework in the list
        "自评得分92分，其中预算执行得分18分，人员成本得分9分，管理效率得分19分，履职效能得分28分，社会效应得分18分。",
        "自评得分92分，预算执行、公用经费运行成本、管理效率、履职效能、社会效应分别得分18分、9分、19分、28分、18分。",
    ],
    ids=["bare_not_the_total", "scored_not_the_total", "weights", "other_name", "other_name_respectively"],
)
def test_department_framework_lists_that_give_no_dimension_scores(body: str) -> None:
    assert parse_text(body + "全年预算数100万元。", header=DEPARTMENT_HEADER).dimension_scores == []


@pytest.mark.parametrize(
    "body",
    [
        # the total's maximum in brackets between the total and its list
        "自评得分92分（满分100分），自评等级为优秀。其中决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分。",
        # the list leaves out 得分: bare figures after each dimension's name, which make the total
        "自评得分92分，其中决策指标18分，过程指标19分，产出指标36分，效益指标19分。",
        "自评总分为92分，评价结果为“优”。其中决策18分、过程19分、产出36分、效益19分。",
    ],
    ids=["total_with_its_maximum", "bare_figures", "bare_figures_enumerated"],
)
def test_dimension_scores_listed_after_a_bracketed_maximum_or_without_the_word_score(body: str) -> None:
    report = parse_text(body + "全年预算数100万元。")
    assert [d.score for d in report.dimension_scores] == [18.0, 19.0, 36.0, 19.0]
    assert [d.canonical for d in report.dimension_scores] == ["决策投入", "过程管理", "产出", "效益"]


@pytest.mark.parametrize(
    "body",
    [
        # bare figures that do not make the total: the framework's weights
        "自评得分92分，其中决策指标20分，过程指标20分，产出指标40分，效益指标20分。",
        # a bare figure after another word than the dimension's name
        "自评得分92分，其中决策权重18分，过程权重19分，产出权重36分，效益权重19分。",
        # another figure than the total's maximum before the list
        "自评得分92分（较上年提高2分），其中决策指标18分，过程指标19分，产出指标36分，效益指标19分。",
    ],
    ids=["weights", "weights_named", "other_figure_between"],
)
def test_bare_figures_after_the_total_that_are_no_dimension_scores(body: str) -> None:
    assert parse_text(body + "全年预算数100万元。").dimension_scores == []


@pytest.mark.parametrize(
    ("body", "maxima"),
    [
        (
            "自评得分92分，评价等级为优。各一级指标得分情况如下：决策指标得分18分，过程指标得分19分，产出指标得分36分，"
            "效益指标得分19分。",
            [None] * 4,
        ),
        (
            "综合得分92分，其中：决策（20分）得分18分，过程（20分）得分19分，产出（40分）得分36分，效益（20分）得分19分。",
            [20.0, 20.0, 40.0, 20.0],
        ),
        ("自评得分92分，其中决策、过程、产出、效益指标分别得分18分、19分、36分、19分。", [None] * 4),
        ("自评得分92分，等级为优，决策、过程、产出和效益四项一级指标得分分别为18分、19分、36分和19分。", [None] * 4),
        (
            "自评得分为92分，评价等级为优。具体得分情况：决策指标得分18分，过程指标得分19分，产出指标得分36分，"
            "效益指标得分19分。",
            [None] * 4,
        ),
    ],
    ids=[
        "list_as_follows",
        "maximum_before_the_score",
        "respectively",
        "respectively_after_the_grade",
        "scores_as_stated",
    ],
)
def test_dimension_scores_listed_as_follows_or_respectively_after_the_total(
    body: str, maxima: list[float | None]
) -> None:
    report = parse_text(body + "全年预算数100万元。")
    scores = [18.0, 19.0, 36.0, 19.0]
    assert [(d.max, d.score) for d in report.dimension_scores] == list(zip(maxima, scores, strict=True))
    assert [d.canonical for d in report.dimension_scores] == ["决策投入", "过程管理", "产出", "效益"]


@pytest.mark.parametrize(
    "body",
    [
        "自评得分92分。决策、过程、产出、效益指标分值分别为20分、20分、40分、20分。",  # the framework's maxima
        "自评得分92分。决策、过程、产出、效益指标分别为20分、20分、40分、20分。",  # figures that do not make the total
        "自评得分92分。决策、过程、产出、效益指标分别得分18分、19分、36分。",  # a figure short
        "自评得分92分。项目立项、资金管理、产出数量、服务对象满意度分别得分18分、19分、36分、19分。",  # not dimensions
        "自评得分92分。2022年决策、过程、产出、效益指标分别得分18分、19分、36分、19分。",  # another year's
        "自评得分92分，其中：决策（20分）、过程（20分）、产出（40分）、效益（20分）。",  # maxima with no score
        "自评得分92分。指标设置情况：决策指标满分20分，过程指标满分20分，产出指标满分40分，效益指标满分20分。",
    ],
    ids=[
        "maxima_named",
        "weights",
        "figure_short",
        "second_level_names",
        "another_year",
        "maxima_in_brackets",
        "maxima_as_stated",
    ],
)
def test_lists_after_the_total_that_give_no_dimension_scores(body: str) -> None:
    assert parse_text(body + "全年预算数100万元。").dimension_scores == []


@pytest.mark.parametrize(
    "body",
    [
        "自评得分92分。2023年决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分。",
        "自评得分92分。其中2023年度决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分。",
        "自评得分92分，2023年决策、过程、产出、效益指标分别得分18分、19分、36分、19分。",
    ],
    ids=["list_named_by_the_year", "year_after_qizhong", "respectively_named_by_the_year"],
)
def test_dimension_scores_listed_after_the_total_under_the_fiscal_years_name(body: str) -> None:
    report = parse_text(body + "全年预算数100万元。")  # HEADER: a 2023 report
    assert [d.score for d in report.dimension_scores] == [18.0, 19.0, 36.0, 19.0]
    assert report.dimension_scores[0].name in ("决策指标", "决策")


@pytest.mark.parametrize(
    "body",
    [
        "自评得分92分。2022年决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分。",
        "自评得分92分。其中2022年度决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分。",
        "自评得分92分，较2022年提高3分，决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分。",
    ],
    ids=["another_years_list", "another_year_after_qizhong", "another_figure_between"],
)
def test_dimension_scores_listed_under_another_years_name_are_none(body: str) -> None:
    assert parse_text(body + "全年预算数100万元。").dimension_scores == []


@pytest.mark.parametrize(
    "body",
    [
        "自评得分92分。决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分。",
        "自评得分92分，自评等级为优。各项指标得分：决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分。",
    ],
    ids=["next_sentence", "after_the_grade_and_a_caption"],
)
def test_dimension_scores_right_after_the_total_with_no_opening_word_that_make_it(body: str) -> None:
    report = parse_text(body + "全年预算数100万元。")
    assert [(d.canonical, d.score) for d in report.dimension_scores] == [
        ("决策投入", 18.0), ("过程管理", 19.0), ("产出", 36.0), ("效益", 19.0)
    ]


@pytest.mark.parametrize(
    "body",
    [
        # scores that do not make the total: something else's
        "自评得分92分。决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分10分。",
        # another figure between the total and the list
        "自评得分92分，较上年提高3分。决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分。",
        # second levels of one dimension
        "自评得分30分。产出数量得分10分，产出质量得分10分，产出时效得分10分。",
    ],
    ids=["not_the_total", "figure_between", "one_dimensions_parts"],
)
def test_lists_with_no_opening_word_that_are_no_dimension_scores(body: str) -> None:
    assert parse_text(body + "全年预算数100万元。").dimension_scores == []


PARTS = "决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分19分"


@pytest.mark.parametrize(
    "body",
    [PARTS + "，综合得分92分。", "经自评，2023年" + PARTS.replace("，", "；") + "；总得分92分。"],
    ids=["parts_then_total", "fiscal_year_named"],
)
def test_dimension_scores_listed_before_the_total_in_its_sentence(body: str) -> None:
    report = parse_text(body + "全年预算数100万元。")
    assert report.value("score_total") == 92
    assert [(d.canonical, d.score) for d in report.dimension_scores] == [
        ("决策投入", 18.0), ("过程管理", 19.0), ("产出", 36.0), ("效益", 19.0)
    ]


@pytest.mark.parametrize(
    "body",
    [
        "2022年" + PARTS + "，自评得分92分。",  # another year's
        PARTS + "，综合得分93分。",  # parts that do not make the total
        "决策指标18分，过程指标19分，产出指标36分，效益指标19分，综合得分92分。",  # bare figures: maybe weights
    ],
    ids=["another_year", "not_the_total", "bare_figures"],
)
def test_lists_before_the_total_that_give_no_dimension_scores(body: str) -> None:
    assert parse_text(body + "全年预算数100万元。").dimension_scores == []


def test_dimension_scores_listed_after_the_total_are_checked_against_it() -> None:
    title = "宁乡市残疾人联合会2023年度部门整体支出绩效自评报告\n"
    text = title + "自评得分90分。其中：决策得分18分，过程得分19分，产出得分37分，效益得分18分。全年预算数100万元。"
    report = parse_document(Document.from_pages("test.txt", "txt", [text]))
    assert [f.check_id for f in run_checks(report, text)] == ["parts_sum_to_total"]


def test_everyday_words_in_a_departments_report_are_about_its_projects() -> None:
    report = parse_text("康复项目资金总额为52万元，项目总预算52万元，全年支出51.2万元，已拨付51.2万元。自评得分90分。")
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (None, None)


@pytest.mark.parametrize(
    ("header", "body", "budget"),
    [
        ("2023年度残疾人事业补助资金绩效自评报告\n", "下达我区转移支付资金(残疾人事业补助资金)29.6万元。", 29.6),
        # a department's 下达 figures are its projects'
        ("2023年度部门整体支出绩效自评报告\n", "2023年下达我区残疾人两项补贴资金1200万元。支出合计900万元。", None),
        # a part after the sum that was passed down ("134.39万元下达给你们，其中：…")
        ("补助资金绩效自评报告\n", "134.39万元下达给你们，其中：一般公共预算资金50.29万元。执行数40万元。", None),
        # two batches are not one budget
        ("2023年度残疾人康复项目绩效自评报告\n", "第一批下达资金20万元，第二批下达资金10万元。评价得分90分。", None),
        # funds passed down from above, less than what the project spent, are a part of its budget
        ("补助资金绩效自评报告\n", "中、省下达补助资金合计1067.2万元。全年执行资金1847.85万元。", None),
        # the template's label wins
        ("2023年度残疾人康复项目绩效自评报告\n", "下达资金30万元，全年预算数32万元。", 32.0),
    ],
)
def test_funds_passed_down_are_a_projects_budget_where_none_is_stated(header: str, body: str, budget: float) -> None:
    assert parse_text(body, header=header).value("budget_adjusted") == budget


@pytest.mark.parametrize(
    "comparison",
    ["2022年全年收入决算25019154.48元。", "上年收入合计2501.92万元。"],
)
def test_the_year_befores_figure_is_no_second_value(comparison: str) -> None:
    report = parse_text(f"2023年收入合计920.68万元。{comparison}2023年收入比上年减少。")
    assert report.value("income_total") == 920.68
    assert [a.value for a in report.alternatives if a.field == "income_total"] == []


def test_income_parts_in_older_wording() -> None:
    report = parse_text("本年收入合计11681.64万元，其中：公共预算拨款3091.64万元，基金预算拨款8590万元。")
    assert (report.value("income_fiscal"), report.value("income_gov_fund")) == (3091.64, 8590.0)


def test_second_statement_of_a_figure_is_kept_as_alternative() -> None:
    report = parse_text("年初预算数为229.99万元。\n（三）预算编制不够精准。年初预算222.58 万元，年中调整追加。")
    assert report.value("budget_initial") == 229.99
    assert [(a.field, a.value) for a in report.alternatives] == [("budget_initial", 222.58)]


def test_a_department_reports_project_spending_budget_is_not_its_own() -> None:
    report = parse_text(
        "年初收支预算为502.2万元，全年预算为635.0万元。本年支出合计616.5万元，预算执行率为97.09%。\n"
        "项目支出年初预算安排370.7万元，全年预算数497.2万元，决算数478.8万元，项目预算执行率96.30%。"
    )
    stated = (report.value("budget_initial"), report.value("budget_adjusted"), report.value("execution_rate_pct"))
    assert stated == (502.2, 635.0, 97.09)
    assert report.alternatives == []


def test_a_project_reports_own_project_budget_is_its_budget() -> None:
    title = "某县残疾人联合会2023年度残疾人康复项目支出绩效自评报告\n"
    report = parse_text("项目年初预算安排37.2万元，项目预算执行率96.30%。", header=title)
    assert (report.value("budget_initial"), report.value("execution_rate_pct")) == (37.2, 96.3)


def test_rates_of_each_source_of_funds_give_way_to_the_overall_rate() -> None:
    report = parse_text(
        "中央资金完成636.75万元，预算执行率81.97%，省级资金完成288.26万元，预算执行率99.28%。\n"
        "全年执行资金1,847.85万元，执行率92.9%。"
    )
    assert (report.value("budget_executed"), report.value("execution_rate_pct")) == (1847.85, 92.9)
    assert report.alternatives == []


def test_a_rate_given_only_for_one_source_of_funds_is_kept() -> None:
    report = parse_text("中央补助资金到位100万元，预算执行率98.5%。")
    assert report.value("execution_rate_pct") == 98.5


def test_a_departments_spending_total_is_what_it_executed() -> None:
    report = parse_text("全年预算为635.0万元。本年支出合计616.5万元，预算执行率为97.09%。")
    executed = report.facts["budget_executed"]
    assert (executed.value, executed.evidence.method) == (616.5, "derived")
    assert executed.evidence.snippet == "支出合计616.5万元"


def test_a_figure_after_bao_kuo_is_one_parts_and_no_second_statement_of_the_sum() -> None:
    report = parse_text(
        "本年总支出520.5万元，其中基本支出450.2万元，项目支出70.3万元。"
        "基本支出包括人员经费380.1万元、公用经费70.1万元；项目支出包括委员活动经费36.3万元、文史资料经费34万元。"
    )
    assert (report.value("spend_basic"), report.value("spend_project")) == (450.2, 70.3)
    assert [a.value for a in report.alternatives if a.field in ("spend_basic", "spend_project")] == []


@pytest.mark.parametrize("said", ["项目支出（包括结转资金）70.3万元", "项目支出包括两项共70.3万元"])
def test_a_qualifier_or_a_sum_after_bao_kuo_is_still_the_labels_figure(said: str) -> None:
    report = parse_text(f"本年总支出520.5万元，其中基本支出450.2万元，{said}。")
    assert report.value("spend_project") == 70.3


def test_the_years_sum_beside_the_final_accounts_grand_total_is_the_income_and_spending() -> None:
    # 总计 = the year's 合计 + the balances carried in or over; the careful reader records the year's 合计
    report = parse_text(
        "收入总计1250.60万元，其中：本年收入合计1100.60万元，年初结转和结余150万元。"
        "支出总计1250.60万元，其中：本年支出合计1180.20万元，年末结转和结余70.40万元。"
    )
    assert (report.value("income_total"), report.value("spend_total")) == (1100.6, 1180.2)
    assert report.value("budget_executed") == 1180.2
    assert report.facts["income_total"].evidence.snippet == "本年收入合计1100.60万元"


def test_a_grand_total_stated_without_the_years_sum_stays_the_total() -> None:
    report = parse_text("收入总计1250.60万元，其中年初结转和结余150万元。支出总计1250.60万元。")
    assert (report.value("income_total"), report.value("spend_total")) == (1250.6, 1250.6)


def test_a_sentence_that_opens_with_the_years_spending_states_the_departments_total() -> None:
    report = parse_text(
        "全年预算3669.15万元。全年支出3528.42万元，预算执行率96.16%。其中基本支出1208.66万元，项目支出2319.76万元。"
    )
    assert (report.value("spend_total"), report.value("budget_executed")) == (3528.42, 3528.42)
    assert report.facts["spend_total"].evidence.snippet == "全年支出3528.42万元"


def test_a_sentence_that_opens_with_its_years_income_or_spending_states_the_departments_totals() -> None:
    report = parse_text(
        "2023年收入69.06万元，其中财政拨款收入65.06万元，其他收入4万元。"
        "2023年度支出76.36万元，其中基本支出56.12万元，项目支出20.24万元。"
    )
    assert (report.value("income_total"), report.value("income_fiscal")) == (69.06, 65.06)
    assert (report.value("spend_total"), report.value("budget_executed")) == (76.36, 76.36)
    assert report.facts["income_total"].evidence.snippet == "2023年收入69.06万元"
    assert report.facts["spend_total"].evidence.snippet == "2023年度支出76.36万元"


def test_the_year_before_named_in_its_own_sentence_is_no_second_total() -> None:
    report = parse_text("2023年支出76.36万元，其中基本支出56.12万元。2022年支出70.36万元，其中基本支出50万元。")
    assert report.value("spend_total") == 76.36


@pytest.mark.parametrize(
    "body",
    [
        "2023年预算收入69.06万元，2023年支出预算80万元。",  # the plan, not the year's income or spending
        "残疾人家庭2023年收入5000元，资助家庭2023年支出3000元。",  # a household's, not the department's
        "康复项目资金总额为52万元，2023年支出51.2万元。",  # after a comma: the sentence's subject spent it
    ],
)
def test_a_years_income_or_spending_said_of_something_else_is_no_total(body: str) -> None:
    report = parse_text(body + "自评得分90分。")
    assert (report.value("income_total"), report.value("spend_total")) == (None, None)


@pytest.mark.parametrize(
    "sentence", ["全年支出进度为85%，全年预算100万元。", "全年支出计划120万元，全年预算100万元。"]
)
def test_the_years_spending_pace_or_plan_is_no_total(sentence: str) -> None:
    assert parse_text(sentence).value("spend_total") is None


TRANSFER_TITLE = "某市残疾人事业发展补助资金2023年度绩效自评报告\n"


@pytest.mark.parametrize(
    ("rate", "budget"),
    [
        ("，执行率92.78%", 1585.0),  # 1470.55 / 1585.00: the rate confirms the sum that went in
        ("，执行率88.10%", None),  # another sum: 投入 names a part or another year's money too
        ("", None),  # nothing confirms it
    ],
)
def test_a_projects_funds_as_the_sum_that_went_in_when_its_rate_confirms_them(rate: str, budget: float | None) -> None:
    report = parse_text(
        "中、省下达我市残疾人事业发展补助资金合计1126.40万元。\n"
        f"全年共投入资金1585.00万元，其中中央资金812.30万元。全年执行资金1470.55万元{rate}。",
        header=TRANSFER_TITLE,
    )
    assert report.value("budget_adjusted") == budget


def test_no_executed_figure_from_a_spending_total_the_stated_rate_contradicts() -> None:
    report = parse_text("全年预算为635.0万元。本年支出合计616.5万元，预算执行率为80%。")
    assert report.value("budget_executed") is None


@pytest.mark.parametrize(
    ("body", "label", "adds_up"),
    [
        ("本年支出合计616.5万元。其中，基本支出136.4万元、项目支出478.8万元、经营支出1.3万元。", "spend", True),
        ("本年支出合计616.5万元。其中，基本支出136.4万元、项目支出478.8万元、经营支出2.3万元。", "spend", False),
        ("本年收入合计600万元，其中财政拨款收入500万元，事业收入60万元，其他收入40万元。", "income", True),
        ("本年收入合计600万元，其中财政拨款收入500万元，事业收入70万元，其他收入40万元。", "income", False),
        ("2、支出：688.1万元。其中：人员经费支出334.8万元，公用经费支出57.4万元，项目支出295.9万元。", "spend", True),
        ("2、支出：688.1万元。其中：人员经费支出334.8万元，公用经费支出67.4万元，项目支出295.9万元。", "spend", False),
    ],
)
def test_the_templates_other_lines_count_in_the_sum(body: str, label: str, adds_up: bool) -> None:
    from etl.validate import check_parts_sum_to_total

    text = HEADER + body
    report = parse_text(body)
    [breakdown] = [b for b in report.breakdowns if b.label == label]
    assert {p.field for p in breakdown.parts} & {"经营支出", "事业收入", "人员经费支出"}
    assert (check_parts_sum_to_total(report, text) == []) is adds_up


def test_spending_items_follow_the_project_total() -> None:
    report = parse_text(
        "全年项目支出300万元。其中残疾人康复支出100万元，残疾人就业支出150万元，其他项目支出50万元。"
    )
    items = [(i.name, i.amount) for i in report.spending_items]
    assert items == [("残疾人康复支出", 100.0), ("残疾人就业支出", 150.0), ("其他项目支出", 50.0)]
    assert report.value("spend_project") == 300.0


def test_the_main_uses_of_the_project_total_are_its_lines_with_no_sum_to_check() -> None:
    from etl.validate import check_parts_sum_to_total

    text = "全年项目支出300万元，主要用于残疾人康复救助100万元、残疾人就业扶持80万元。"
    report = parse_text(text)
    assert [(i.name, i.amount) for i in report.spending_items] == [("残疾人康复救助", 100.0), ("残疾人就业扶持", 80.0)]
    assert check_parts_sum_to_total(report, HEADER + text) == []  # the main uses, not all of the 300万元


def test_a_departments_projects_stated_with_budget_and_spending_are_its_lines() -> None:
    text = (
        "全年预算数为200万元，全年执行数为190万元。其中：残疾人康复项目预算80万元，执行72万元；"
        "本年度残疾人就业项目预算资金40万元，实际支出34万元。"
    )
    items = [(i.name, i.budget, i.amount) for i in parse_text(text).spending_items]
    assert items == [("残疾人康复项目", 80.0, 72.0), ("残疾人就业项目", 40.0, 34.0)]


@pytest.mark.parametrize(
    ("header", "text"),
    [
        (HEADER, "全年预算数为200万元。部门项目预算80万元，执行72万元。"),  # the department's projects as a whole
        (PROJECT_TITLE, "残疾人康复项目预算80万元，执行72万元。"),  # a project's own report: its budget, no line
    ],
)
def test_no_project_line_from_the_whole_or_from_a_projects_own_report(header: str, text: str) -> None:
    assert parse_text(text, header=header).spending_items == []


def test_no_items_without_a_list() -> None:
    assert parse_text("全年项目支出300万元，主要用于康复。").spending_items == []


@pytest.mark.parametrize(
    ("sentence", "grade", "method"),
    [
        ("评价等级为“优秀”。", "优", "normalised"),
        ("评定等级为良。", "良", "exact"),
        ("评价等级：合格", "中", "normalised"),
        ("等级为差。", "差", "exact"),
        ("经综合评价，自评结果为优秀。", "优", "normalised"),
        ("评价结果为“良”，绩效较好。", "良", "exact"),
        ("评价等次为“良”。", "良", "exact"),
        ("经综合评定，自评结论为“优”。", "优", "exact"),
        ("按照评分标准，划分为“优秀”等级。", "优", "normalised"),
        ("综合评价为“优”。", "优", "exact"),
        ("总体评价为良好。", "良", "normalised"),
        ("自评得分92分，属优秀等级。", "优", "normalised"),
        ("达到“良”级。", "良", "exact"),
    ],
)
def test_grade_is_normalised(sentence: str, grade: str, method: str) -> None:
    report = parse_text("总得分为70分。" + sentence)
    assert report.value("grade") == grade
    assert report.facts["grade"].evidence.method == method


@pytest.mark.parametrize(
    "sentence",
    [
        "全年预算数为100万元。",
        "全年预算数为100万元，评价结果为中期调整提供依据。",
        "全年预算数为100万元，分为优、良、中、差四个等级。",
        "全年预算数为100万元。总分90分（含）以上为“优秀”等级，80-89分为良好等级。",
        "全年预算数为100万元。90分（含）以上属于优秀等级。",
        "全年预算数为100万元。得分在90分及以上的属于“优”等级。",
        "全年预算数为100万元，总体评价为良好的发展态势。",
    ],
)
def test_no_grade_when_none_is_given(sentence: str) -> None:
    assert parse_text(sentence).value("grade") is None


@pytest.mark.parametrize(("sentence", "grade"), [("评价等级为'良'。", "良"), ("评价等级为‘优’。", "优")])
def test_a_grade_in_single_quotes_is_read(sentence: str, grade: str) -> None:
    assert parse_text("综合评价得分为86.5分，" + sentence).value("grade") == grade


def test_a_result_in_single_quotes_that_is_no_grade_word_gives_none() -> None:
    assert parse_text("全年预算数为100万元，评价结果为‘中期调整’提供依据。").value("grade") is None


@pytest.mark.parametrize(
    ("sentence", "score"),
    [
        ("总得分为93分。", 93.0),
        ("最终自评得分95.8分，评定等级为优。", 95.8),
        ("综合得分为96.10分（具体如下表）", 96.1),
        ("本项目自评得分：93.5，等级：优秀。", 93.5),
        ("经自评，得分93分，等级为“优”。", 93.0),
        ("经综合评价，本项目得分88.5分。", 88.5),
        ("最终评分为85.6分，等级为良。", 85.6),
        ("自评结果为92分，等级为优。", 92.0),
        ("评价结果：得分92.5分，等级优秀。", 92.5),
        ("综合评定得分为91分。", 91.0),
        ("自评分数为92分。", 92.0),
        ("本项目绩效自评得分96分。", 96.0),
        ("自评得分：96.5（满分100分）。", 96.5),
        ("自评结果：良（85分）。", 85.0),
        ("本次自评结果为优秀，得分95分。", 95.0),
        ("该项目自评等级为“良”，得分85分。", 85.0),
        ("评价结果为“良”等级（得分86.5分）。", 86.5),
        ("综合绩效评分为87.65分，绩效评级为“良”。", 87.65),
        ("经评价组综合评分，该项目得分88分（满分100分）。", 88.0),
        ("经第三方机构评价，该单位得分86分。", 86.0),
        ("\n自评得分\t92.5\t自评等级\t优\n", 92.5),  # a summary row of label and value cells
        ("\n综合评分 92.5 评价等级 优\n", 92.5),
        ("经评价，本项目综合得分85.6，评价等级为良。", 85.6),  # the figure alone, ending its piece
        ("根据评分标准，自评结论：得分92分，等级优。", 92.0),
    ],
)
def test_total_score_from_prose(sentence: str, score: float) -> None:
    assert parse_text(sentence).value("score_total") == score


@pytest.mark.parametrize(
    "sentence",
    [
        "产出指标已经评价，得分38分。",
        "产出指标（40分）经评价，得分38分。",
        "产出指标自评为38分。",
        "满意度评价结果为9分。",
        "项目管理评价得分18分。",
        "经评价组综合评分，其中产出指标得分38分。",
        "\n自评得分\t100\t92.5\n",  # a table's total row: maximum and score, read with its table
        "产出指标经评价组打分，得分38分。",
        "评价等级为优，得分90分以上为优。",  # the band the grade rests on, not a score
        "满意度指标综合得分9，较好。",  # a figure alone after a dimension's name
        "综合得分率85.6%，较上年提高。",  # a rate, not a score
        "产出指标自评结论：得分38分。",
    ],
)
def test_a_dimensions_bare_score_is_not_the_total(sentence: str) -> None:
    assert parse_text(sentence + "全年预算数为100万元。").value("score_total") is None


CONCLUSION_TITLE = "某县残疾人联合会2023年度残疾儿童康复救助项目支出绩效自评报告\n"
CONCLUSION_BODY = (
    "一、项目基本情况\n全年救助残疾儿童120名，全年执行数为118万元。\n"
    "三、绩效自评结论\n{conclusion}\n四、存在的问题\n记录不够规范。\n"
)


@pytest.mark.parametrize(
    "conclusion",
    ["根据评价指标体系，该项目得分86.5分，评价等级为良。", "（一）评价得分\n本项目得分为86.5分。"],
    ids=["in_the_conclusion", "under_its_first_part"],
)
def test_a_project_reports_bare_score_in_its_conclusion_is_the_total(conclusion: str) -> None:
    report = parse_text(CONCLUSION_BODY.format(conclusion=conclusion), header=CONCLUSION_TITLE)
    assert report.value("score_total") == 86.5


@pytest.mark.parametrize(
    ("body", "title"),
    [
        # a department's report scores its projects one by one
        (CONCLUSION_BODY.format(conclusion="该项目得分86.5分，评价等级为良。"), HEADER),
        # outside the conclusion: a part of the evaluation
        (CONCLUSION_BODY.format(conclusion="全部完成。").replace("全年救助", "该项目得分86.5分。"), CONCLUSION_TITLE),
        # two figures so stated: sub-projects, none the report's
        (CONCLUSION_BODY.format(conclusion="康复训练：该项目得分86.5分。辅具适配：该项目得分91分。"), CONCLUSION_TITLE),
        # a dimension's score
        (CONCLUSION_BODY.format(conclusion="产出指标方面，该项目得分36分。"), CONCLUSION_TITLE),
    ],
    ids=["department", "outside_the_conclusion", "two_projects", "dimension"],
)
def test_a_bare_project_score_elsewhere_is_no_total(body: str, title: str) -> None:
    assert parse_text(body, header=title).value("score_total") is None


def test_a_total_as_the_evaluations_score_with_its_grade_after_it() -> None:
    # Yunnan's project template under "（一）自评得分": the score of the 绩效评分, then "自评为优" in its sentence
    report = parse_text("项目能严格按照项目实施方案开展绩效评分100分，自评为优。全年预算数为100万元。")
    assert (report.value("score_total"), report.value("grade")) == (100, "优")


DEPARTMENT_WITH_A_PROJECTS_SCORE = (
    "本部门2023年全年预算数为100万元。\n"
    "二、项目自评情况\n残疾人康复项目自评得分92分，等级为良。\n"
    "三、自评结论\n部门整体支出绩效自评得分95分，评价等级为优。\n"
)


def test_a_projects_score_in_a_department_report_is_not_its_total() -> None:
    report = parse_text(DEPARTMENT_WITH_A_PROJECTS_SCORE)
    assert (report.value("score_total"), report.value("grade")) == (95, "优")
    assert [a.value for a in report.alternatives if a.field == "score_total"] == []


def test_a_score_under_a_projects_heading_in_a_department_report_is_no_total() -> None:
    body = "本部门2023年全年预算数为100万元。\n（一）残疾人康复项目\n自评得分92分，等级为良。\n"
    report = parse_text(body)
    assert (report.value("score_total"), report.value("grade")) == (None, None)


@pytest.mark.parametrize(
    "later_heading",
    [
        "六．绩效自评结果",
        "六.绩效自评结果",
        "（六）总体评价",
        "(六)总体评价",
        "第五部分 自评结论",
        "3、自评结论",
        "部门整体支出绩效自评结论",
    ],
)
def test_the_departments_total_under_a_later_heading_of_the_projects_rank_or_higher_is_read(
    later_heading: str,
) -> None:
    # a project's part ends at the next heading of its rank or a higher one, however the template numbers it
    body = (
        "本部门2023年全年预算数为100万元。\n{project}\n自评得分92分，等级为良。\n{later}\n自评得分95分，等级为优。\n"
    )
    project = "2.残疾人康复项目" if later_heading.startswith("3") else "（一）残疾人康复项目"
    report = parse_text(body.format(project=project, later=later_heading))
    assert (report.value("score_total"), report.value("grade")) == (95, "优")


@pytest.mark.parametrize(
    ("project", "below"),
    [
        ("（一）残疾人康复项目", "1.自评结论"),  # a part of the project's, ranked below its heading
        ("（一）残疾人康复项目", "（1）评价结果"),
        ("一、残疾人康复项目", "（二）自评结论"),
        ("（一）残疾人康复项目", "自评结论"),  # a heading without a number names no whole: the project's own
        ("（一）残疾人康复项目", "项目整体完成较好"),  # a line of prose
        ("第一部分 残疾人康复项目", "二、评价结果"),
    ],
)
def test_a_score_under_a_heading_ranked_below_a_projects_is_no_total(project: str, below: str) -> None:
    body = f"本部门2023年全年预算数为100万元。\n{project}\n{below}\n自评得分92分，等级为良。\n"
    report = parse_text(body)
    assert (report.value("score_total"), report.value("grade")) == (None, None)


@pytest.mark.parametrize(
    ("paragraph", "total", "grade"),
    [
        # a project's numbered title opening its paragraph: the paragraph's score and grade are the project's
        ("（一）残疾人康复项目。年初预算50万元，全年执行45万元，自评得分92分，等级为良。", None, None),
        ("1.残疾人康复项目：年初预算50万元，全年执行45万元，经自评，该项目自评得分92分，等级为良。", None, None),
        # a title naming no project, or a paragraph naming the department, keeps the total
        ("（一）绩效自评结论：年初预算100万元，全年执行95万元，自评得分95分，等级为优。", 95, "优"),
        ("（一）残疾人康复项目：本部门年初预算100万元，全年执行95万元，自评得分95分，等级为优。", 95, "优"),
    ],
)
def test_a_score_in_a_paragraph_opened_by_a_projects_title_is_no_total(
    paragraph: str, total: float | None, grade: str | None
) -> None:
    report = parse_text("本部门2023年全年预算数为100万元。\n" + paragraph + "\n")
    assert (report.value("score_total"), report.value("grade")) == (total, grade)


@pytest.mark.parametrize(
    ("body", "header", "score"),
    [
        ("本部门全年预算数为100万元。部门整体支出及项目自评得分95分。", HEADER, 95),  # the whole, its projects too
        ("本部门全年预算数为100万元。经自评，该项目得分88分。", HEADER, 88),  # said of itself, as in money.py
        ("全年预算数为100万元。残疾人康复项目自评得分92分。", PROJECT_TITLE, 92),  # a project's own report
        ("全年预算数为100万元。\n（一）残疾人康复项目\n自评得分92分。", PROJECT_TITLE, 92),
    ],
)
def test_a_score_said_of_the_whole_or_in_a_projects_report_is_the_total(body: str, header: str, score: float) -> None:
    assert parse_text(body, header=header).value("score_total") == score


@pytest.mark.parametrize(
    "sentence",
    ["自评总得分96.5分（满分100分），按照绩效评价等级划分标准，评定为“优”。", "自评得分96.5分，评价为优秀。"],
    ids=["assessed", "evaluated"],
)
def test_a_grade_assessed_in_its_own_piece_of_the_totals_sentence(sentence: str) -> None:
    report = parse_text(sentence + "全年预算数为100万元。")
    assert (report.value("score_total"), report.value("grade")) == (96.5, "优")


@pytest.mark.parametrize(("sentence", "grade"), [("自评结果“优秀”。", "优"), ("自评结果“中期评估”已报送。", None)])
def test_a_grade_in_quotes_right_after_the_result(sentence: str, grade: str | None) -> None:
    assert parse_text("全年预算数为100万元。" + sentence).value("grade") == grade


@pytest.mark.parametrize(
    "sentence",
    [
        "自评得分96分，经验收，工程质量评定为合格。",  # something else assessed in the total's sentence
        "自评得分96分，按照评价标准，90分以上评定为优。",  # a band
        "自评得分96分，服务对象评价为优秀。",  # someone else's evaluation
    ],
    ids=["quality_assessed", "band", "someone_elses_evaluation"],
)
def test_an_assessment_of_something_else_after_the_total_is_no_grade(sentence: str) -> None:
    report = parse_text(sentence + "全年预算数为100万元。")
    assert (report.value("score_total"), report.value("grade")) == (96, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "项目绩效评分35分。",  # the 项目绩效 dimension of some frameworks
        "康复项目自评为优。",  # no total in its sentence: a project's in a department's report
        "评分标准：绩效评分90分以上为优。",  # a band
    ],
)
def test_a_dimensions_performance_score_or_a_grade_away_from_the_total_is_none(sentence: str) -> None:
    report = parse_text(sentence + "全年预算数为100万元。")
    assert (report.value("score_total"), report.value("grade")) == (None, None)


@pytest.mark.parametrize(
    ("sentence", "title", "total"),
    [
        ("按照评分标准，总分100分，本部门自评得分95分，评价等级为优。", HEADER, 95),
        ("本次评价总分为100分，实际得分93.5分，等级为优。", HEADER, 93.5),
        ("评价指标体系满分100分，本项目得分88分，评价等级为良。", CONCLUSION_TITLE, 88),
        ("按照评分标准，总分100分，得分90分以上为优。", HEADER, None),  # the bands: no score
    ],
    ids=["zongfen_then_self_score", "zongfen_then_actual_score", "manfen_then_project_score", "zongfen_then_band"],
)
def test_a_maximum_stated_before_the_score_is_no_total(sentence: str, title: str, total: float | None) -> None:
    report = parse_text(sentence + "全年预算数为100万元。", header=title)
    assert (report.value("score_total"), report.value("score_max")) == (total, 100)
    assert [a.value for a in report.alternatives if a.field == "score_total"] == []


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("满分100分，产出指标得分38分。", HEADER),  # a dimension's score after the whole's maximum
        ("产出指标满分40分，得分38分。", HEADER),  # a dimension's maximum
        ("评价指标体系满分100分，本项目得分88分。", HEADER),  # one of a department's projects
        ("3.项目绩效（满分60分，评价得分54分）", CONCLUSION_TITLE),  # a dimension's heading
    ],
    ids=["dimension_after", "dimension_maximum", "departments_project", "dimension_heading"],
)
def test_a_score_after_a_maximum_that_is_no_reports_total_is_none(sentence: str, title: str) -> None:
    assert parse_text(sentence + "全年预算数为100万元。", header=title).value("score_total") is None


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("总分为100分。经自评，本部门得分为93分。", 93),  # a bare 总分 of 100 is the scale beside a stated total
        ("评价总分100分，评价结果分为优、良、中、差四个等级。自评得分96分。", 96),
        ("上年度自评得分为90分。本年度自评得分96分，等级为优。", 96),  # last year's score
        ("去年自评得分为90分，本年度自评得分96分。", 96),
    ],
    ids=["scale_then_total", "scale_then_bands_then_total", "last_years_sentence", "last_years_piece"],
)
def test_the_scale_or_last_years_score_gives_way_to_the_total(text: str, total: float) -> None:
    assert parse_text(text + "全年预算数为100万元。").value("score_total") == total


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("评价总分为100分。", 100),  # the only total the report states: full marks
        ("本年度自评得分96分，较上年提高2分。", 96),  # last year named after the score
    ],
    ids=["full_marks_alone", "last_year_after"],
)
def test_a_total_of_100_alone_or_before_a_comparison_is_kept(text: str, total: float) -> None:
    assert parse_text(text + "全年预算数为100万元。").value("score_total") == total


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("2022年自评得分95分，2023年自评得分97分。", 97),  # the year before, named by its number
        ("经自评，2022年度绩效自评得分为95分；2023年度绩效自评得分为97分。", 97),
    ],
    ids=["two_years_pieces", "two_years_clauses"],
)
def test_another_years_total_gives_way_to_the_fiscal_years(text: str, total: float) -> None:
    assert parse_text(text + "全年预算数为100万元。").value("score_total") == total


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("2023年度部门整体支出绩效自评得分95分。", 95),  # the report's own year
        ("2024年3月自评得分95分。", 95),  # a date of the work, not a year scored
        ("依据《2021年绩效评价办法》自评得分95分。", 95),  # a year titling a document
        ("2022年度部门整体支出绩效自评得分95分。", 95),  # the only total: a year copied from last year's report
        ("2021年自评得分90分，2022年自评得分95分。", None),  # two other years' totals: neither is the report's
    ],
    ids=["own_year", "date_of_work", "document_title", "only_total_of_another_year", "two_other_years"],
)
def test_a_total_of_the_fiscal_year_a_date_or_one_other_year_is_kept(text: str, total: float | None) -> None:
    assert parse_text(text + "全年预算数为100万元。").value("score_total") == total


def test_last_years_grade_gives_way_to_this_years() -> None:
    report = parse_text("上年度评价等级为优。本年度自评得分86分，评价等级为良。全年预算数为100万元。")
    assert report.value("grade") == "良"


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("经自评，2022年评价等级为优，2023年评价等级为良。", "良"),  # the year before, named by its number
        ("2022年度绩效评价结果为优秀；2023年度绩效评价结果为良好。", "良"),
    ],
    ids=["two_years_pieces", "two_years_clauses"],
)
def test_another_years_grade_gives_way_to_the_fiscal_years(text: str, grade: str) -> None:
    assert parse_text(text + "全年预算数为100万元。").value("grade") == grade


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("2023年度评价等级为良。", "良"),  # the report's own year
        ("2024年3月完成自评，评价等级为良。", "良"),  # a date of the work, not a year graded
        ("依据《2021年绩效评价办法》评价等级为良。", "良"),  # a year titling a document
        ("2022年度部门整体支出绩效评价等级为良。", "良"),  # the only grade: a year copied from last year's report
        ("2021年评价等级为良，2022年评价等级为优。", None),  # two other years' grades: neither is the report's
    ],
    ids=["own_year", "date_of_work", "document_title", "only_grade_of_another_year", "two_other_years"],
)
def test_a_grade_of_the_fiscal_year_a_date_or_one_other_year_is_kept(text: str, grade: str | None) -> None:
    assert parse_text(text + "全年预算数为100万元。").value("grade") == grade


def test_a_grade_compared_with_last_years_afterwards_is_kept() -> None:
    report = parse_text("本年度评价等级为良，较上年有所下降。全年预算数为100万元。")
    assert report.value("grade") == "良"


def test_a_year_after_the_score_label_is_no_score() -> None:
    assert parse_text("自评得分：2023年度自评工作按时完成。全年预算数为100万元。").value("score_total") is None


FORM_IN_CELLS = "年度资金总额\n年初预算数\n全年预算数\n全年执行数\n420.00\n480.00\n470.10\n"


@pytest.mark.parametrize("total", ["总分\n100\n97.79\n", "总分\t\t\t\t100\t97.79\n", "| 总分 | | | 100 | 97.79 |\n"])
def test_a_forms_total_row_alone_gives_the_total_and_its_maximum(total: str) -> None:
    # no indicator table read above it: the 总分 row of the form stands alone, one cell per line or in a row
    report = parse_text(FORM_IN_CELLS + "年度总体目标\n全面完成\n" + total)
    assert (report.value("score_total"), report.value("score_max")) == (97.79, 100.0)


@pytest.mark.parametrize(
    "cells",
    [
        "金额合计\n465.00\n461.70\n",  # a table of money's total
        "总分\n100\n97.79\n95\n",  # a column of figures: which is the score cannot be told
        "总分\n97.79\n100\n",  # a score above the maximum is no (maximum, score) pair
        "总分\t100\t97.79\t95\n",  # three figures in the row
    ],
)
def test_other_rows_alone_are_no_total(cells: str) -> None:
    assert parse_text(FORM_IN_CELLS + cells).value("score_total") is None


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("| 总分 | | | 100 | 97.79 | 优 |\n", "优"),
        ("总分\t100\t97.79\t良好\n", "良"),
        ("总分\t100\t97.79\t较好\n", None),
    ],
)
def test_a_forms_total_row_alone_with_its_grade_cell(total: str, grade: str | None) -> None:
    # the national form's last row: 总分 | 分值 | 得分 | 自评等级; a cell of other words is no grade, nor leaves a total
    report = parse_text(FORM_IN_CELLS + "年度总体目标\n全面完成\n" + total)
    expected = (97.79, grade) if grade else (None, None)
    assert (report.value("score_total"), report.value("grade")) == expected


def test_dimension_score_sentence_is_not_the_total() -> None:
    assert parse_text("投入指标分值20分，评价得分18.52分。全年预算数为100万元。").value("score_total") is None


@pytest.mark.parametrize(
    ("body", "total"),
    [
        ("社会效应自评得分18分。全年预算数为100万元。", None),  # the department framework's dimension
        ("履职效能评价得分28分。全年预算数为100万元。", None),
        ("本部门自评得分92分。全年预算数为100万元。", 92),
    ],
)
def test_a_department_framework_dimensions_score_is_not_the_total(body: str, total: float | None) -> None:
    assert parse_text(body, header=DEPARTMENT_HEADER).value("score_total") == total


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("项目决策", "决策投入"),
        ("整体投入", "决策投入"),
        ("整体过程", "过程管理"),
        ("产出指标", "产出"),
        ("整体效果", "效益"),
        ("满意度指标", "满意度"),
        ("预算执行率", "预算执行"),
        ("项目绩效", "绩效"),
        ("单位概况", None),
        # the department framework's first levels: 运行成本 is none of the canonical dimensions
        ("管理效率", "过程管理"),
        ("履职效能", "产出"),
        ("社会效应", "效益"),
        ("运行成本", None),
        ("履职情况", None),
    ],
)
def test_dimension_names_map_to_canonical(raw: str, canonical: str | None) -> None:
    assert canonical_dimension(raw) == canonical


@pytest.mark.parametrize(("raw", "clean"), [("A项目决策", "项目决策"), ("一、整体投入", "整体投入"), ("产出", "产出")])
def test_dimension_names_lose_list_markers(raw: str, clean: str) -> None:
    assert clean_dimension_name(raw) == clean


def test_tab_budget_table_values_align_with_labels() -> None:
    report = parse_text(
        "预算执行情况\t部门预算金额(万元)\t年初预算数\t全年预算数(A)\t全年执行数(B)\t分值\t得分\t执行率(B/A)\n"
        "\t\t10,783.40\t10,986.90\t10,389.70\t10\t9.46\t94.56%\n"
    )
    assert [report.value(f) for f in ("budget_initial", "budget_adjusted", "budget_executed")] == [
        10783.4,
        10986.9,
        10389.7,
    ]
    assert report.value("execution_rate_pct") == 94.56
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("预算执行", 10.0, 9.46)]


def test_pipe_budget_table() -> None:
    report = parse_text(
        "| 项目 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |\n|---|---|---|---|---|\n"
        "| 金额(万元) | 120.00 | 150.00 | 141.00 | 94.00% |\n"
    )
    assert [report.value(f) for f in ("budget_initial", "budget_adjusted", "budget_executed")] == [120, 150, 141]
    assert report.value("execution_rate_pct") == 94.0


def test_budget_table_of_a_web_page_with_a_blank_line_after_every_cell() -> None:
    cells = ["项目资金          (万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    cells += ["年度资金总额:", "93.61", "95.00", "90.20", "10", "94.95%", "9.50"]
    report = parse_text("\n\n".join(cells) + "\n", header="项目支出绩效自评表\n\n")
    money = [report.value(f) for f in ("budget_initial", "budget_adjusted", "budget_executed", "execution_rate_pct")]
    assert money == [93.61, 95.0, 90.2, 94.95]
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("预算执行", 10, 9.5)]


def test_one_cell_per_line_score_table() -> None:
    report = parse_text(
        "评分结果一览表\n评价指标\n分值\n得分\n决策\n20\n18\n过程\n20\n19\n产出\n30\n28\n效益\n30\n27\n合计\n100\n92\n"
    )
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 18),
        ("过程", 20, 19),
        ("产出", 30, 28),
        ("效益", 30, 27),
    ]
    assert (report.value("score_total"), report.value("score_max")) == (92, 100)


def test_one_cell_per_line_score_table_of_the_department_framework() -> None:
    report = parse_text(
        "评分结果一览表\n评价指标\n分值\n得分\n预算执行\n20\n18\n运行成本\n10\n9\n管理效率\n20\n19\n"
        "履职效能\n30\n28\n社会效应\n20\n18\n合计\n100\n92\n"
    )
    assert [(d.name, d.canonical, d.score) for d in report.dimension_scores] == [
        ("预算执行", "预算执行", 18),
        ("运行成本", None, 9),
        ("管理效率", "过程管理", 19),
        ("履职效能", "产出", 28),
        ("社会效应", "效益", 18),
    ]


def test_one_cell_per_line_score_table_with_a_dimension_above_its_maximum() -> None:
    report = parse_text(
        "得分情况\n项目\n权重分\n得分\n扣分\n得分率\n项目决策\n20.00\n23.00\n-3.00\n115.00%\n"
        "项目管理\n20.00\n16.26\n3.74\n81.30%\n项目绩效\n60.00\n57.50\n2.50\n95.83%\n"
    )
    dims = [(d.name, d.max, d.score) for d in report.dimension_scores]
    assert dims == [("项目决策", 20, 23), ("项目管理", 20, 16.26), ("项目绩效", 60, 57.5)]


def test_score_table_flattened_with_spaces_under_a_three_column_header() -> None:
    report = parse_text(
        "评分结果一览表\n评价准则 准则分值 评价得分\n整体投入 20分 19.20分\n整体过程 20分 15.80分\n"
        "整体产出 30分 30分\n整体效果 30分 30分\n综合绩效 100分 95分\n评价等级 优秀\n"
    )
    dims = [(d.name, d.max, d.score) for d in report.dimension_scores]
    assert dims == [("整体投入", 20, 19.2), ("整体过程", 20, 15.8), ("整体产出", 30, 30), ("整体效果", 30, 30)]
    assert report.value("score_total") == 95


@pytest.mark.parametrize(
    "header",
    ["一级指标\t分值\t自评分", "评价内容\t分值\t评分", "一级指标\t标准分值\t考评得分", "一级指标 分值 自评分"],
)
def test_score_table_under_other_template_labels(header: str) -> None:
    separator = " " if " " in header else "\t"
    rows = ["决策\t20\t18", "过程\t20\t19", "产出\t60\t56", "合计\t100\t93"]
    report = parse_text("\n".join([header, *(row.replace("\t", separator) for row in rows)]) + "\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 18),
        ("过程", 20, 19),
        ("产出", 60, 56),
    ]
    assert report.value("score_total") == 93


# The scoring table of county evaluation reports: each level with its own points, the scoring rule in words (with
# the points of its parts), then the score; no column scores a first level.
LEVEL_POINTS_TABLE = [
    ["一级指标", "分值", "二级指标", "分值", "评分标准", "得分"],
    ["决策", "20", "项目立项", "10", "立项依据充分(5分)，程序规范(5分)", "9"],
    ["", "", "资金投入", "10", "预算编制科学(10分)", "10"],
    ["过程", "30", "资金管理", "30", "资金到位(10分)，使用合规(20分)", "27"],
    ["产出", "30", "产出数量", "30", "完成目标(30分)", "28"],
    ["效益", "20", "社会效益", "20", "满意度≥90%(20分)", "18"],
    ["合计", "100", "", "100", "", "92"],
]


@pytest.mark.parametrize(
    "table",
    [
        "\n".join("\t".join(row) for row in LEVEL_POINTS_TABLE),
        "\n".join("| " + " | ".join(row) + " |" for row in LEVEL_POINTS_TABLE),
        "\n".join(" ".join(cell for cell in row if cell) for row in LEVEL_POINTS_TABLE),  # a text layer drops blanks
    ],
    ids=["tabs", "pipes", "text_layer"],
)
def test_score_table_whose_levels_carry_their_own_points(table: str) -> None:
    report = parse_text(table + "\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 19),
        ("过程", 30, 27),
        ("产出", 30, 28),
        ("效益", 20, 18),
    ]
    assert (report.value("score_total"), report.value("score_max")) == (92, 100)


@pytest.mark.parametrize(
    "table",
    [
        "评价指标\t分值\t得分\n决策\t20\t18\n综合效益\t80\t75\n合  计\t100\t93\n",  # spaced to fill its cell
        "评价指标\t分值\t得分\n决策\t20\t18\n综合效益\t80\t75\n得分合计\t100\t93\n",
        "评价指标\t分值\t得分\n决策\t20\t18\n综合效益\t80\t75\n综合评分\t100\t93\n",
        "评价指标 分值 得分\n决策 20 18\n综合效益 80 75\n合 计 100 93\n",  # split by a text layer
    ],
    ids=["spaced", "defen_heji", "zonghe_pingfen", "text_layer"],
)
def test_score_tables_total_row_under_other_names_is_the_total(table: str) -> None:
    report = parse_text(table)
    # "综合效益" opens with 综合 but names a dimension
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("决策", 20, 18), ("综合效益", 80, 75)]
    assert (report.value("score_total"), report.value("score_max")) == (93, 100)


def test_a_text_layers_score_table_headed_by_weights_is_split_into_its_cells() -> None:
    # "评价指标 权重 得分": a PDF text layer separates the cells by spaces; 权重 is the 分值 of some frameworks.
    report = parse_text("评价指标 权重 得分\n决策 20 18\n过程 20 19\n产出 40 37\n效益 20 18\n综合评分 100 92\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 18),
        ("过程", 20, 19),
        ("产出", 40, 37),
        ("效益", 20, 18),
    ]
    assert (report.value("score_total"), report.value("score_max")) == (92, 100)


def test_a_sentence_that_names_weights_is_no_table_row() -> None:
    source = Source("指标 权重 得分 均按评价方案确定，全年预算数为100万元。")
    assert [row.kind for row in source.rows] == ["line"]


def test_score_table_of_weights_written_as_shares() -> None:
    report = parse_text("评价指标\t权重\t得分\n决策\t20%\t18\n过程\t20%\t19\n产出\t60%\t56\n合计\t100%\t93\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 18),
        ("过程", 20, 19),
        ("产出", 60, 56),
    ]
    assert (report.value("score_total"), report.value("score_max")) == (93, 100)


@pytest.mark.parametrize("separator", ["\t", " "], ids=["tabs", "text_layer"])
def test_score_table_whose_three_levels_carry_their_own_points(separator: str) -> None:
    rows = [
        ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评分标准", "得分"],
        ["决策", "20", "项目立项", "10", "立项依据充分性", "5", "依据充分(2分)，符合规划(3分)", "5"],
        ["", "", "", "", "立项程序规范性", "5", "程序规范(5分)", "4"],
        ["", "", "资金投入", "10", "预算编制科学性", "10", "编制科学(10分)", "10"],
        ["产出", "80", "产出数量", "80", "康复人数", "80", "完成目标(80分)", "75"],
        ["合计", "100", "", "100", "", "100", "", "94"],
    ]
    table = "\n".join(separator.join(cell for cell in row if cell or separator == "\t") for row in rows)
    report = parse_text(table + "\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("决策", 20, 19), ("产出", 80, 75)]
    assert (report.value("score_total"), report.value("score_max")) == (94, 100)
    # each indicator row has its own points, not its first level's
    assert [(i.level1, i.level2, i.level3, i.points, i.score) for i in report.indicators] == [
        ("决策", "项目立项", "立项依据充分性", 5, 5),
        ("决策", "项目立项", "立项程序规范性", 5, 4),
        ("决策", "资金投入", "预算编制科学性", 10, 10),
        ("产出", "产出数量", "康复人数", 80, 75),
    ]


# Points on the upper two levels only: a third level's row states its name, the rule and its score.
UNPOINTED_THIRD_LEVEL_TABLE = [
    ["一级指标", "分值", "二级指标", "分值", "三级指标", "评分标准", "得分"],
    ["决策", "20", "目标设定", "10", "绩效目标合理性", "符合规划得5分", "5"],
    ["", "", "", "", "绩效目标明确性", "目标细化得5分", "4"],
    ["", "", "预算配置", "10", "三公经费变动率", "下降得10分", "10"],
    ["过程", "80", "预算执行", "80", "预算完成率", "完成得40分", "37"],
    ["", "", "", "", "结转结余率", "为零得40分", "40"],
    ["合计", "100", "", "100", "", "", "96"],
]


@pytest.mark.parametrize(
    "table",
    [
        "\n".join("\t".join(row) for row in UNPOINTED_THIRD_LEVEL_TABLE),
        "\n".join("| " + " | ".join(row) + " |" for row in UNPOINTED_THIRD_LEVEL_TABLE),
        "\n".join(" ".join(cell for cell in row if cell) for row in UNPOINTED_THIRD_LEVEL_TABLE),
        # a row whose rule cell is blank: the columns still say which figure is its score
        "\n".join(
            "| " + " | ".join("" if cell == "目标细化得5分" else cell for cell in row) + " |"
            for row in UNPOINTED_THIRD_LEVEL_TABLE
        ),
    ],
    ids=["tabs", "pipes", "text_layer", "pipes_blank_rule"],
)
def test_score_table_whose_third_level_has_no_points(table: str) -> None:
    report = parse_text(table + "\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("决策", 20, 19), ("过程", 80, 77)]
    assert (report.value("score_total"), report.value("score_max")) == (96, 100)
    assert [(i.level1, i.level2, i.level3, i.points, i.score) for i in report.indicators] == [
        ("决策", "目标设定", "绩效目标合理性", None, 5),
        ("决策", "目标设定", "绩效目标明确性", None, 4),
        ("决策", "预算配置", "三公经费变动率", None, 10),
        ("过程", "预算执行", "预算完成率", None, 37),
        ("过程", "预算执行", "结转结余率", None, 40),
    ]


def test_a_text_layers_row_whose_rule_is_split_is_not_taken_for_its_third_level() -> None:
    # "目标细化 得5分": two pieces where one rule cell stands; which is the indicator cannot be told
    rows = [" ".join(cell for cell in row if cell) for row in UNPOINTED_THIRD_LEVEL_TABLE]
    rows[2] = "绩效目标明确性 目标细化 得5分 4"
    report = parse_text("\n".join(rows) + "\n")
    assert "目标细化" not in [i.level3 for i in report.indicators]
    assert ("决策", "目标设定", "绩效目标合理性", None, 5) in [
        (i.level1, i.level2, i.level3, i.points, i.score) for i in report.indicators
    ]


# The same table numbered in a 序号 column before its levels; the total row spans that column.
NUMBERED_LEVEL_POINTS_TABLE = [
    ["序号", *LEVEL_POINTS_TABLE[0]],
    *([str(number), *row] for number, row in enumerate(LEVEL_POINTS_TABLE[1:-1], start=1)),
    ["合计", "", *LEVEL_POINTS_TABLE[-1][1:]],
]


@pytest.mark.parametrize("separator", ["\t", " "], ids=["tabs", "text_layer"])
def test_score_table_whose_levels_carry_their_own_points_after_a_serial_column(separator: str) -> None:
    rows = NUMBERED_LEVEL_POINTS_TABLE
    table = "\n".join(separator.join(cell for cell in row if cell or separator == "\t") for row in rows)
    report = parse_text(table + "\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 19),
        ("过程", 30, 27),
        ("产出", 30, 28),
        ("效益", 20, 18),
    ]
    assert (report.value("score_total"), report.value("score_max")) == (92, 100)


@pytest.mark.parametrize(
    "table",
    [
        "序号\t一级指标\t分值\t得分\n1\t决策\t20\t18\n2\t过程\t20\t19\n3\t产出\t60\t56\n合计\t\t100\t93\n",
        "序号 一级指标 分值 得分\n1 决策 20 18\n2 过程 20 19\n3 产出 60 56\n合计 100 93\n",
    ],
    ids=["tabs", "text_layer"],
)
def test_score_table_after_a_serial_column_names_its_dimensions(table: str) -> None:
    # the row's number is no dimension's name
    report = parse_text(table)
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 18),
        ("过程", 20, 19),
        ("产出", 60, 56),
    ]
    assert report.value("score_total") == 93


@pytest.mark.parametrize(
    "table",
    [
        # rows that open on a name, not on a number, lose no cell
        "序号 一级指标 分值 得分\n决策 20 18\n过程 20 19\n产出 60 56\n合计 100 93\n",
        # a number written onto the name is no cell of its own
        "序号\t一级指标\t分值\t得分\n1.决策\t20\t18\n2.过程\t20\t19\n3.产出\t60\t56\n合计\t100\t93\n",
    ],
    ids=["unnumbered_text_layer", "number_on_the_name"],
)
def test_a_serial_header_over_rows_without_a_number_cell_keeps_their_reading(table: str) -> None:
    report = parse_text(table)
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 18),
        ("过程", 20, 19),
        ("产出", 60, 56),
    ]
    assert report.value("score_total") == 93


# Hunan's 部门整体支出绩效评价得分表: each level's points in its name, one score column, no points column.
POINTS_IN_NAMES_TABLE = [
    ["一级指标", "二级指标", "三级指标", "得分"],
    ["部门决策(25分)", "目标任务(15分)", "相关性(5分)", "5"],
    ["", "", "明确性(10分)", "9"],
    ["", "预算编制(10分)", "测算依据(10分)", "8"],
    ["部门管理(75分)", "资金管理(75分)", "资金使用(75分)", "70"],
]


@pytest.mark.parametrize("separator", ["\t", " | "], ids=["tabs", "pipes"])
def test_a_scoring_table_with_the_points_in_its_names(separator: str) -> None:
    table = "\n".join(separator.join(row) for row in POINTS_IN_NAMES_TABLE)
    report = parse_text("全年执行数为118万元。\n" + table + "\n")
    assert [(i.level1, i.level2, i.level3, i.points, i.score) for i in report.indicators] == [
        ("部门决策", "目标任务", "相关性", 5, 5),
        ("部门决策", "目标任务", "明确性", 10, 9),
        ("部门决策", "预算编制", "测算依据", 10, 8),
        ("部门管理", "资金管理", "资金使用", 75, 70),
    ]
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("部门决策", 25, 22), ("部门管理", 75, 70)]


@pytest.mark.parametrize(
    "rows",
    [
        # a text layer joins the short rows: part of the table would give its first levels part of their points
        [" ".join(cell for cell in row if cell) for row in POINTS_IN_NAMES_TABLE],
        # names without their points: the figure may be the points or the score
        ["\t".join(POINTS_IN_NAMES_TABLE[0]), "决策\t目标任务\t相关性\t5", "管理\t资金管理\t资金使用\t70"],
    ],
    ids=["text_layer", "no_points_in_names"],
)
def test_a_table_of_levels_and_scores_without_stated_points_reads_no_rows(rows: list[str]) -> None:
    report = parse_text("全年执行数为118万元。\n" + "\n".join(rows) + "\n")
    assert (report.indicators, report.dimension_scores) == ([], [])


def test_a_points_column_beside_points_in_names_is_read_as_before() -> None:
    report = parse_text("一级指标\t二级指标\t三级指标\t分值\t得分\n部门决策(25分)\t目标任务(15分)\t相关性(5分)\t5\t4\n")
    assert [(i.level1, i.level3, i.points, i.score) for i in report.indicators] == [("部门决策", "相关性(5分)", 5, 4)]


def test_a_scoring_tables_note_after_the_score_is_no_figure_of_its_row() -> None:
    # one 分值 column: the points and score are the row's first two figures, whatever its note says after them
    report = parse_text(
        "一级指标\t二级指标\t三级指标\t分值\t评分标准\t得分\t扣分原因\n"
        "决策\t项目立项\t立项依据充分性\t10\t依据充分(10分)\t8\t扣\t2\n"
    )
    assert [(i.level3, i.points, i.score) for i in report.indicators] == [("立项依据充分性", 10, 8)]


def test_score_table_whose_levels_carry_their_own_points_ends_where_another_table_begins() -> None:
    rows = ["\t".join(row) for row in LEVEL_POINTS_TABLE[:-1]]  # no total row
    rows += ["表2 预算执行情况", "项目\t年初预算数\t全年预算数\t全年执行数", "资金总额\t100\t120\t118"]
    report = parse_text("\n".join(rows) + "\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores][-1] == ("效益", 20, 18)


def test_a_header_of_levels_with_points_over_prose_reads_no_rows_further_on() -> None:
    rows = ["\t".join(LEVEL_POINTS_TABLE[0]), "评分表详见附件。", "\t".join(LEVEL_POINTS_TABLE[1])]
    assert parse_text("\n".join(rows) + "\n综合得分92分。\n").dimension_scores == []


@pytest.mark.parametrize(
    "table",
    [
        # the scoring rule before the points, in words with the points of its parts
        "评价指标\t评分标准\t分值\t得分\n决策\t依据充分（5分）\t20\t18\n过程\t到位（10分）\t20\t19\n"
        "产出\t完成（20分）\t60\t56\n合计\t\t100\t93\n",
        # a rate after the score
        "一级指标\t分值\t评分标准\t得分\t得分率\n决策\t20\t依据充分（5分）\t18\t90%\n过程\t20\t到位（10分）\t19\t95%\n"
        "产出\t60\t完成（20分）\t56\t93.33%\n合计\t100\t\t93\t93%\n",
        # a rule numbered "1." keeps its reading: no figure of its own
        "一级指标\t分值\t评分标准\t得分\n决策\t20\t1.依据充分（5分）\t18\n过程\t20\t2.到位（10分）\t19\n"
        "产出\t60\t3.完成（20分）\t56\n合计\t100\t\t93\n",
    ],
    ids=["rule_before_points", "rate_after_score", "numbered_rule"],
)
def test_score_table_figures_stand_in_their_columns_whatever_the_rule_says(table: str) -> None:
    report = parse_text(table)
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 18),
        ("过程", 20, 19),
        ("产出", 60, 56),
    ]
    assert (report.value("score_total"), report.value("score_max")) == (93, 100)


def test_scoring_table_of_basic_and_specific_indicators() -> None:
    report = parse_text(
        "基本指标\t具体指标\t分值\t评分标准\t自评分\n投入（20分）\t绩效目标合理性\t10\t合理得满分\t9\n"
        "\t预算编制科学性\t10\t科学得满分\t10\n产出（80分）\t完成率\t80\t完成得满分\t75\n合计\t\t100\t\t94\n"
    )
    assert [(r.level1, r.level3, r.points, r.score) for r in report.indicators] == [
        ("投入", "绩效目标合理性", 10, 9),
        ("投入", "预算编制科学性", 10, 10),
        ("产出", "完成率", 80, 75),
    ]
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("投入", 20, 19), ("产出", 80, 75)]


@pytest.mark.parametrize(
    "sentences",
    [
        "其中：项目决策20分，得18分；项目过程20分，得19分；项目产出40分，得37分；项目效益20分，得18分。总得分92分。",
        "决策指标满分20分，自评得分18分；过程指标满分20分，自评得分19分；产出指标满分40分，自评得分37分；"
        "效益指标满分20分，自评得分18分，总分92分。",
        "（一）项目决策。该指标满分20分，实际得分18分。\n（二）项目过程。该指标满分20分，实际得分19分。\n"
        "（三）项目产出。该指标满分40分，实际得分37分。\n（四）项目效益。该指标满分20分，实际得分18分。\n总得分92分。",
        "一、项目决策（20分）：得分18分\n二、项目过程（20分）：得分19分\n三、项目产出（40分）：得分37分\n"
        "四、项目效益（20分）：得分18分\n综合得分92分。",
        # weights on the 100-point scale, the score's 分 left out inside the brackets
        "1.项目决策（权重20%，得分18）\n2.项目过程（权重20%，得分19）\n3.项目产出（权重40%，得分37）\n"
        "4.项目效益（权重20%，得分18）\n综合得分92分。",
        "综合得分92分。其中，决策指标得分18分（满分20分），过程指标得分19分（满分20分），产出指标得分37分（满分40分），"
        "效益指标得分18分（满分20分）。",
        # an evaluator's weights on the 100-point scale
        "综合得分92分。其中决策指标权重20%，得分18分；过程指标权重20%，得分19分；产出指标权重40%，得分37分；"
        "效益指标权重20%，得分18分。",
        # the score first, its maximum in brackets, one paragraph each
        "综合得分92分。\n（一）决策指标得分18分（满分20分）。立项规范。\n（二）过程指标自评得分19分（满分20分）。\n"
        "（三）产出指标得分37分（满分40分）。\n（四）效益指标得分18分（满分20分）。\n",
        # the maximum in brackets right after the name, free-standing (no "其中" after the total)
        "决策指标（20分）得分18分，过程指标（20分）得分19分，产出指标（40分）得分37分，效益指标（20分）得分18分。"
        "总得分92分。",
        "项目决策（满分20分），得分18分；项目过程（满分20分），得分19分；项目产出（满分40分），得分37分；"
        "项目效益（满分20分），得分18分。综合得分92分。",
    ],
)
def test_dimensions_scored_in_sentences(sentences: str) -> None:
    report = parse_text(sentences)
    dims = [(d.canonical, d.max, d.score) for d in report.dimension_scores]
    assert dims == [("决策投入", 20, 18), ("过程管理", 20, 19), ("产出", 40, 37), ("效益", 20, 18)]
    assert report.value("score_total") == 92


@pytest.mark.parametrize(
    "sentences",
    [
        "产出数量指标10分，得10分；产出质量指标10分，得9分。",
        "一是项目决策20分，得18分；二是项目管理20分，得19分。",
        "产出数量指标得分10分（满分10分），产出质量指标得分9分（满分10分）。",
        "项目决策得分18分（满分20分），项目管理得分19分（满分20分）。",
        "产出数量指标（10分）得分10分，产出质量指标（10分）得分9分。",
        "项目决策（满分20分），得分18分；项目过程（满分20分），得分19分。",
        # a rate that is no weight is no maximum, though the rates make 100
        "决策指标完成率20%，得分18分；过程指标完成率20%，得分19分；产出指标完成率40%，得分37分；"
        "效益指标完成率20%，得分18分。",
    ],
)
def test_sentences_scoring_sub_items_or_some_dimensions_give_no_dimensions(sentences: str) -> None:
    assert parse_text(sentences + "总得分92分。").dimension_scores == []


@pytest.mark.parametrize(
    "text",
    [
        "决策指标满分20分，自评得分18分；过程指标满分20分，自评得分19分。得分项目满分40分，得37分。",
        "（一）项目决策。该指标满分20分，实际得分18分。\n得分18分，项目过程权重20%，得分为19分",
        "决策得 满分 20分，\n得分 18.5分。得得分1,000分，得18分",
        "项目决策（满分20分），得分18分；过程得分18分（满分20分），产出（40分）得分37分",
    ],
)
def test_dimension_sentences_found_from_their_score_are_those_a_scan_of_every_character_finds(text: str) -> None:
    source = Source(text)
    scanned = [(m.span(), m.groupdict()) for m in source.finditer(DIMENSION_SENTENCE_RE)]
    assert scanned and [(m.span(), m.groupdict()) for m in _dimension_sentences(source)] == scanned


def test_prose_headings_give_dimensions_and_derived_sums() -> None:
    report = parse_text(
        "（一）预算执行率（10分）\n预算执行率为95%，得9.5分。\n（二）产出指标（50分）\n"
        "1. 数量指标（25分）：完成任务，得25分。\n2. 质量指标（25分）：合格，得20分。\n"
        "（三）满意度指标（40分）\n满意度95%，得38分。\n"
    )
    dims = [(d.name, d.max, d.score, d.evidence.method) for d in report.dimension_scores]
    assert dims == [
        ("预算执行率", 10, 9.5, "exact"),
        ("产出指标", 50, 45, "derived"),
        ("满意度指标", 40, 38, "exact"),
    ]
    assert [r.level3 for r in report.indicators] == ["数量指标", "质量指标", "满意度指标"]


@pytest.mark.parametrize(
    ("body", "dimensions"),
    [
        (
            "（一）预算执行（20分）\n得分18分。\n（二）运行成本（10分）\n1.公用经费控制率（5分）得5分。\n"
            "2.三公经费控制率（5分）得4分。\n（三）管理效率（20分）\n得分19分。\n",
            [("预算执行", "预算执行", 18), ("运行成本", None, 9), ("管理效率", "过程管理", 19)],
        ),
        # no framework's heading among them: 运行成本 alone makes no dimensions
        ("（一）运行成本（10分）\n得分9分。\n（二）人员经费（20分）\n得分18分。\n", []),
    ],
    ids=["among_the_framework", "alone"],
)
def test_prose_headings_of_the_department_framework(body: str, dimensions: list[tuple]) -> None:
    report = parse_text(body + "全年预算数100万元。", header=DEPARTMENT_HEADER)
    assert [(d.name, d.canonical, d.score) for d in report.dimension_scores] == dimensions


@pytest.mark.parametrize(
    "rule",
    # the second applies the rule without stating it: its sentence's score is read as before
    ["评分标准：立项依据充分得5分，程序规范得5分。", "按评分标准，立项依据充分，程序规范，"],
    ids=["rule_stated", "rule_applied"],
)
def test_prose_headings_score_is_not_the_points_of_their_scoring_rule(rule: str) -> None:
    report = parse_text(
        f"（一）项目决策（20分）\n1.项目立项（10分）。{rule}该项得9分。\n"
        "2.资金投入（10分）。评分标准：预算编制科学得10分。该项得10分。\n"
        "（二）项目过程（80分）\n1.资金管理（80分）。资金到位，得75分。\n综合得分94分。\n"
    )
    assert [(r.level3, r.points, r.score) for r in report.indicators] == [
        ("项目立项", 10, 9),
        ("资金投入", 10, 10),
        ("资金管理", 80, 75),
    ]
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("项目决策", 20, 19), ("项目过程", 80, 75)]


INDICATOR_TABLE = (
    "年度指标完成情况\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
    "绩效目标1\t产出指标\t数量指标\t培训人数\t80人\t74人\t2\t1.5\t部分学员未参训\n"
    "\t\t\t体检人数\t≥600人\t650人\t2\t2\t\n"
    "\t\t成本指标\t培训工作预算\t≤18.4万元\t17.8万元\t1\t1\t\n"
    "质量指标\t\t\t合格率\t≥90%\t95%\t1\t1\n"
    "\t绩效目标2\t满意度指标\t服务对象满意度指标\t满意度\t≥85%\t90%\t2\t2\n"
    "总分\t\t\t\t\t8\t7.5\n"
)


# The 部门整体支出 framework of many provinces, scored in a table of levels, points, a scoring rule and the score.
SCORING_TABLE = (
    "一级指标\t二级指标\t三级指标\t分值\t评分标准\t自评得分\n"
    "投入（10分）\t目标设定（4分）\t绩效目标合理性\t4\t符合得4分\t4\n"
    "\t预算配置（6分）\t在职人员控制率\t6\t≤100%得6分\t5\n"
    "过程（20分）\t预算执行（20分）\t预算完成率\t10\t100%得满分\t9.5\n"
    "\t\t公用经费控制率\t10\t\t10\n"
    "产出（70分）\t\t实际完成率\t70\t全部完成得满分\t66\n"
    "合计\t\t\t100\t\t94.5\n"
)


def test_scoring_table_rows_are_indicators_under_their_carried_levels() -> None:
    rows = parse_text(SCORING_TABLE).indicators
    assert [(r.level1, r.level2, r.level3, r.points, r.score) for r in rows] == [
        ("投入", "目标设定", "绩效目标合理性", 4, 4),
        ("投入", "预算配置", "在职人员控制率", 6, 5),
        ("过程", "预算执行", "预算完成率", 10, 9.5),
        ("过程", "预算执行", "公用经费控制率", 10, 10),
        ("产出", None, "实际完成率", 70, 66),
    ]


def test_scoring_table_gives_first_level_dimensions_and_the_total() -> None:
    report = parse_text(SCORING_TABLE)
    assert [(d.name, d.canonical, d.max, d.score) for d in report.dimension_scores] == [
        ("投入", "决策投入", 10, 9),
        ("过程", "过程管理", 20, 19.5),
        ("产出", "产出", 70, 66),
    ]
    assert (report.value("score_total"), report.value("score_max")) == (94.5, 100)


def test_scoring_table_flattened_with_spaces_carries_the_levels_a_row_leaves_out() -> None:
    # Extraction dropped the blank cells: a row's names are its rightmost levels.
    table = "\n".join(" ".join(cell for cell in line.split("\t") if cell) for line in SCORING_TABLE.splitlines())
    rows = parse_text(table.replace("公用经费控制率 10 10", "公用经费控制率 10 ≤100%得满分 10")).indicators
    assert [(r.level1, r.level2, r.level3, r.score) for r in rows][1:4] == [
        ("投入", "预算配置", "在职人员控制率", 5),
        ("过程", "预算执行", "预算完成率", 9.5),
        ("过程", "预算执行", "公用经费控制率", 10),
    ]


def test_a_table_with_targets_is_no_scoring_table() -> None:
    rows = parse_text(INDICATOR_TABLE.replace("\t得分\t", "\t自评得分\t", 1)).indicators
    assert [(r.level3, r.target.text, r.actual.text) for r in rows][:2] == [
        ("培训人数", "80人", "74人"),
        ("体检人数", "≥600人", "650人"),
    ]


def test_a_table_of_targets_without_points_gives_indicators_but_no_scores() -> None:
    report = parse_text(
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t偏差原因分析及改进措施\n"
        "产出指标\t数量指标\t康复服务人数\t≥800人\t726人\t部分未完成\n"
        "\t质量指标\t辅具适配合格率\t≥95%\t98%\t\n"
        "项目\t年初预算数\t全年预算数\t执行数\n资金总额\t100\t100\t95\n"
    )
    rows = [(r.level1, r.level2, r.level3, r.target.value, r.actual.value, r.points, r.note) for r in report.indicators]
    assert rows == [
        ("产出指标", "数量指标", "康复服务人数", 800, 726, None, "部分未完成"),
        ("产出指标", "质量指标", "辅具适配合格率", 95, 98, None, None),
    ]
    assert (report.dimension_scores, report.value("budget_executed")) == ([], 95)


def test_a_table_of_targets_whose_indicator_column_is_headed_jixiao_zhibiao() -> None:
    table = "序号\t绩效指标\t年度指标值\t实际完成值\t未完成原因\n1\t康复服务人数\t200人\t215人\n"
    table += "2\t服务对象满意度\t≥90%\t95%\n"
    rows = parse_text(table).indicators
    assert [(r.level2, r.level3, r.target.text, r.actual.text) for r in rows] == [
        (None, "康复服务人数", "200人", "215人"),
        (None, "服务对象满意度", "≥90%", "95%"),
    ]
    # Beside 指标内容, 绩效指标 holds the second level, as before.
    rows = parse_text("绩效指标\t指标内容\t目标值\t实际完成值\n数量指标\t康复服务人数\t800\t826\n").indicators
    assert [(r.level2, r.level3) for r in rows] == [("数量指标", "康复服务人数")]


def test_a_target_column_headed_with_the_word_goal_is_the_target() -> None:
    report = parse_text("绩效指标\t指标内容\t目标值\t实际完成值\n数量指标\t康复服务人数\t800\t826\n")
    assert [(r.level2, r.level3, r.target.text, r.actual.text) for r in report.indicators] == [
        ("数量指标", "康复服务人数", "800", "826")
    ]


def test_indicator_row_cut_inside_a_cell_by_a_page_break_is_joined() -> None:
    table = (
        "年度指标完成情况\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "绩效目标1\t产出指标\t数量指标\t培训人数\t80人\t84人\t2\t2\t\n"
        "\t效益指标\t社会效益指标\t社会关爱残疾人氛围\t逐步形成\t全社会扶残助\n\n- 1 -\n\n残氛围更加浓厚\t3\t3\t\n"
        "\t\t可持续影响指标\t基层残疾人组织服务能力\t持续提高\t服务能力持续提高\t3\t3\t\n"
    )
    rows = parse_text(table).indicators
    assert [(r.level3, r.actual.text, r.points) for r in rows] == [
        ("培训人数", "84人", 2),
        ("社会关爱残疾人氛围", "全社会扶残助残氛围更加浓厚", 3),
        ("基层残疾人组织服务能力", "服务能力持续提高", 3),
    ]


def test_a_forms_first_row_cut_by_a_page_break_is_joined_by_the_width_of_the_row_below() -> None:
    form = (
        "项目支出绩效自评表\n"
        "项目名称\t残疾人法律援\n\n- 1 -\n\n助与信访维权\t\t\n"
        "主管部门\t宁乡市残疾人联合会\t实施单位\t宁乡市残疾人联合会\n"
        "项目资金\t年初预算数\t全年预算数\t全年执行数\n"
        "年度资金总额\t20.00\t25.00\t23.60\n"
    )
    report = parse_text(form, header="")
    assert (report.value("project_name"), report.value("budget_executed")) == ("残疾人法律援助与信访维权", 23.6)


def test_whole_rows_either_side_of_a_page_break_stay_apart() -> None:
    table = (
        "年度指标完成情况\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "绩效目标1\t满意度指标\t服务对象满意度指标\t服务对象满意度\t≥85%\t92%\t4\t4\n"
        "残疾人满意度\t≥80%\t85%\t2\t2\n\n- 2 -\n\n家属满意度\t≥80%\t90%\t1\t1\n"
    )
    assert [r.level3 for r in parse_text(table).indicators] == ["服务对象满意度", "残疾人满意度", "家属满意度"]


def test_indicators_stated_in_sentences_with_target_and_actual() -> None:
    report = parse_text(
        "1、产出数量指标：第一，资助接受托养服务人次数年初指标值为不低于105人，全年实际完成值116人。"
        "第二，发放残疾人机动轮椅车燃油补贴人次数年初指标值为不低于180人，全年实际完成值164人。\n"
        "2、效益指标：困难重度残疾人家庭无障碍改造户数目标值大于等于85户,实际完成40户。\n"
        "全年预算数为29.6万元。"
    )
    rows = [
        (r.level1, r.level2, r.level3, r.target.comparator, r.target.value, r.actual.value) for r in report.indicators
    ]
    assert rows == [
        ("产出指标", "数量指标", "资助接受托养服务人次数", "≥", 105, 116),
        ("产出指标", "数量指标", "发放残疾人机动轮椅车燃油补贴人次数", "≥", 180, 164),
        ("效益指标", None, "困难重度残疾人家庭无障碍改造户数", "≥", 85, 40),
    ]
    snippet = report.indicators[1].evidence.snippet
    assert snippet == "发放残疾人机动轮椅车燃油补贴人次数年初指标值为不低于180人，全年实际完成值164人"


@pytest.mark.parametrize(
    ("after", "scored"),
    [
        ("，分值10分，得分9分。", (10.0, 9.0)),
        ("，得9分。", (None, None)),  # a score with no points: maybe the scoring rule's
        ("，分值10分。", (None, None)),  # points with no score
    ],
    ids=["points_and_score", "score_alone", "points_alone"],
)
def test_an_indicators_points_and_score_stated_right_after_its_actual(
    after: str, scored: tuple[float | None, float | None]
) -> None:
    report = parse_text("1.数量指标：康复服务人数，年度指标值120人，实际完成值125人" + after + "全年预算数为29.6万元。")
    row = report.indicators[0]
    assert (row.level3, row.target.value, row.actual.value) == ("康复服务人数", 120, 125)
    assert (row.points, row.score) == scored


SPENDING_LINES_TABLE = (
    "二、项目支出明细情况\n"
    "支出内容（经济科目） 计划支出数 实际支出数\n"
    "30201 办公费 2.5 2.1\n"
    "30227 委托业务费 40 38.6\n"
    "支出合计 42.5 40.7\n"
)


def test_the_ministry_forms_spending_lines_give_items_and_their_total_the_budget() -> None:
    report = parse_text(SPENDING_LINES_TABLE, header=PROJECT_TITLE)
    assert [(i.name, i.budget, i.amount) for i in report.spending_items] == [
        ("办公费", 2.5, 2.1),
        ("委托业务费", 40.0, 38.6),
    ]
    assert (report.value("budget_initial"), report.value("budget_executed")) == (42.5, 40.7)


def test_spending_lines_without_their_total_give_no_budget() -> None:
    body = SPENDING_LINES_TABLE.replace("支出合计 42.5 40.7\n", "三、项目考评情况\n全年预算数为50万元。\n")
    report = parse_text(body, header=PROJECT_TITLE)
    assert len(report.spending_items) == 2
    assert [report.value(f) for f in ("budget_initial", "budget_adjusted", "budget_executed")] == [None, 50.0, None]


# the same lines as a Word copy writes them: each cell on a line of its own, the class's code with its name
SPENDING_LINES_ONE_CELL_A_LINE = (
    "二、项目支出明细情况\n支出内容（经济科目）\n计划支出数\n实际支出数\n"
    "30201 办公费\n2.5\n2.1\n30227 委托业务费\n40\n38.6\n支出合计\n42.5\n40.7\n"
)


@pytest.mark.parametrize("blank", ["", "\n"], ids=["line_after_line", "paragraphs"])
def test_the_ministry_forms_spending_lines_one_cell_a_line_give_items_and_their_total_the_budget(blank: str) -> None:
    # 岳阳's 项目支出明细: "30399 村专职委员工作补贴 / 21.7 / 21.7", closed by 支出合计, one cell a line
    report = parse_text(SPENDING_LINES_ONE_CELL_A_LINE.replace("\n", "\n" + blank), header=PROJECT_TITLE)
    assert [(i.name, i.budget, i.amount) for i in report.spending_items] == [
        ("办公费", 2.5, 2.1),
        ("委托业务费", 40.0, 38.6),
    ]
    assert (report.value("budget_initial"), report.value("budget_executed")) == (42.5, 40.7)


def test_spending_lines_one_cell_a_line_without_their_total_or_figures_give_no_budget() -> None:
    total, instead = "支出合计\n42.5\n40.7\n", "三、项目考评情况\n全年预算数为50万元。\n"
    no_total = SPENDING_LINES_ONE_CELL_A_LINE.replace(total, instead)
    report = parse_text(no_total, header=PROJECT_TITLE)
    assert len(report.spending_items) == 2
    assert [report.value(f) for f in ("budget_initial", "budget_adjusted", "budget_executed")] == [None, 50.0, None]
    # the labels over words, not figures: no spending line
    words = "支出内容（经济科目）\n计划支出数\n实际支出数\n办公费\n按计划支出\n已支出\n全年预算数为50万元。\n"
    assert parse_text(words, header=PROJECT_TITLE).spending_items == []


def test_the_ministry_forms_planned_funds_are_the_budget_and_its_spending_row_apart_is_read() -> None:
    form = (
        "项目资金（万元）\t计划安排资金\t80\t其中：中央财政\t30\n"
        "\t\t\t市县财政\t50\n"
        "\t实际到位资金\t80\t其中：中央财政\t30\n"
        "\t实际支出\t76.4\t其中：中央财政\t30\n"
    )
    report = parse_text(form, header=PROJECT_TITLE)
    assert (report.value("budget_initial"), report.value("budget_executed")) == (80.0, 76.4)


def test_indicators_listed_once_as_targets_and_once_as_what_was_achieved() -> None:
    report = parse_text(
        "（二）项目绩效目标。项目目标：资助精神病患者服药230人，“0-6”残疾儿童康复救助39人，辅具适配200人，"
        "假肢安装及基本康复服务21实际完成：资助精神病患者服药230人，“0-6”残疾儿童康复救助52人，辅具适配230人，"
        "假肢安装及基本康复服务21人。\n全年预算数为100万元。",
        header=PROJECT_TITLE,
    )
    rows = [(r.level3, r.target.text, r.actual.value) for r in report.indicators]
    assert rows == [
        ("资助精神病患者服药", "230人", 230),
        ("“0-6”残疾儿童康复救助", "39人", 52),
        ("辅具适配", "200人", 230),
        ("假肢安装及基本康复服务", "21", 21),
    ]
    assert report.indicators[1].evidence.snippet.startswith("“0-6”残疾儿童康复救助39人")


def test_a_list_of_targets_is_no_indicator_where_what_was_achieved_names_other_things() -> None:
    report = parse_text(
        "年度目标：开展康复培训3期，服务残疾人500人。实际完成：全年资金支出95万元，群众满意。\n全年预算数为100万元。",
        header=PROJECT_TITLE,
    )
    assert report.indicators == []


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("自评得分(分) 97.6", 97.6),
        ("自评总分(分)\t97.6", 97.6),
        ("自评得分（分）：97.6", 97.6),
        ("自评得分（分）\t10\t9", None),  # a header's label over a row of figures, not one total
    ],
)
def test_a_total_labelled_with_its_unit_cell(line: str, score: float | None) -> None:
    report = parse_text(f"全年预算数为100万元，全年执行数95万元。\n{line}\n")
    assert report.value("score_total") == score


MERGED_SOURCE_COLUMN_FORM = (
    "部门整体支出绩效自评表\n"
    "部门(单位)总体 资金(万元) | 资 金 来 源 | 年初预算数(A) | 全年执行数(B) | 分值(10分) | 得分 | 得分计算方法 | |||\n"
    "年度资金总额: | 1172.55 | 1268.72 | 10 | 10 | 执行率*该指标分值,最高不得超过分值上限。 | ||||\n"
    "基本支出 | 985.19 | 914.97 | | | |||||\n"
    "项目支出 | 187.36 | 353.75 | 10 | 10 | |||||\n"
)


def test_a_forms_rows_under_a_merged_header_cell_and_a_column_of_scoring_rules() -> None:
    report = parse_text(MERGED_SOURCE_COLUMN_FORM)
    money = [report.value(f) for f in ("budget_initial", "budget_executed", "spend_basic", "spend_project")]
    assert money == [1172.55, 1268.72, 914.97, 353.75]
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("预算执行", 10, 10)]


def test_the_funds_blocks_rows_are_no_score_dimensions() -> None:
    form = (
        "项目支出绩效自评表\n（2023年度）\n项目名称 | 特色种养补贴到户项目 |\n资金情况 (万元) |\n"
        "全年预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 得分 |\n"
        "年度资金总额: | 9.48 | 9.48 | 10 | 100% | 10 |\n"
        "其中:本年财政拨款 | 9.48 | 9.48 | 10 | 100% | 10 |\n"
    )
    report = parse_text(form, header="")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [("预算执行", 10, 10)]
    assert (report.value("budget_adjusted"), report.value("execution_rate_pct")) == (9.48, 100)


BLANK_DROPPED_HEADER = "项目资金（万元） 年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分\n"
BUDGET_ROW_FIELDS = ("budget_initial", "budget_adjusted", "budget_executed", "execution_rate_pct")


@pytest.mark.parametrize(
    ("row", "budget", "dimension"),
    [
        # 天长's 项目支出绩效自评表 as a web page's text: the 执行率 left blank, its cell dropped. Right-aligned, 880
        # was read as the 分值 and the 10 as the rate; the only reading that keeps the form's arithmetic is the one
        # with the rate blank (a rate of 10 is not 880 ÷ 880).
        ("年度资金总额: 880 880 880 10 10", (880, 880, 880, None), [("预算执行", 10, 10)]),
        # the 分值 left blank: 860 is no 分值 (over 100), the 97.73% is 860 ÷ 880
        ("年度资金总额: 880 880 860 97.73% 9.8", (880, 880, 860, 97.73), []),
        # the points and the score left blank: three figures over 100 are the three money columns
        ("年度资金总额: 100 120 118", (100, 120, 118, None), []),
        # a tab table keeps the blank cell, its figures read alike
        ("年度资金总额:\t880\t880\t880\t10\t\t10", (880, 880, 880, None), [("预算执行", 10, 10)]),
    ],
)
def test_a_funds_row_whose_blank_cell_was_dropped_reads_the_columns_every_sound_placement_agrees_on(
    row: str, budget: tuple, dimension: list
) -> None:
    header = BLANK_DROPPED_HEADER.replace(" ", "\t") if "\t" in row else BLANK_DROPPED_HEADER
    report = parse_text(header + row + "\n自评得分95分。\n", header="项目支出绩效自评表\n（2022年度）\n")
    assert tuple(report.value(f) for f in BUDGET_ROW_FIELDS) == budget
    assert [(d.name, d.max, d.score) for d in report.dimension_scores if d.canonical == "预算执行"] == dimension


@pytest.mark.parametrize(
    ("row", "budget", "dimension"),
    [
        # near miss: every cell filled is read column by column, as before
        ("年度资金总额: 880 880 860 10 97.73% 9.8", (880, 880, 860, 97.73), [("预算执行", 10, 9.8)]),
        # near miss: the 年初预算数 left blank, the rate 860 ÷ 880: the figures stand right-aligned, as before
        ("年度资金总额: 880 860 10 97.73% 9.8", (None, 880, 860, 97.73), [("预算执行", 10, 9.8)]),
        # near miss: the rate written as a whole percent, cut (97% for 97.73), is still that placement's rate
        ("年度资金总额: 880 860 10 97% 9.7", (None, 880, 860, 97), [("预算执行", 10, 9.7)]),
        # three small figures fit the money columns and the 分值, 执行率 and 得分 alike: none is read
        ("年度资金总额: 9.48 9.48 9.48", (None, None, None, None), []),
    ],
)
def test_a_funds_row_with_every_cell_or_one_sure_placement_keeps_its_reading(
    row: str, budget: tuple, dimension: list
) -> None:
    report = parse_text(BLANK_DROPPED_HEADER + row + "\n自评得分95分。\n", header="项目支出绩效自评表\n（2022年度）\n")
    assert tuple(report.value(f) for f in BUDGET_ROW_FIELDS) == budget
    assert [(d.name, d.max, d.score) for d in report.dimension_scores if d.canonical == "预算执行"] == dimension


BLANK_DROPPED_LABELS = ("项目资金（万元）", "年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)")
BLANK_DROPPED_LABELS += ("得分",)
ONE_CELL_A_LINE_SOURCES = "其中:本年财政拨款\n880\n880\n880\n-\n-\n上年结转资金\n-\n-\n"


@pytest.mark.parametrize(
    ("header", "row", "budget"),
    [
        # 天长's web page: the header's labels a paragraph each, the funds row one cell a line, its blank 执行率
        # dropped; read as its space-separated copy is
        ("\n\n".join(BLANK_DROPPED_LABELS) + "\n\n", "年度资金总额:\n880\n880\n880\n10\n10\n\n", (880, 880, 880, None)),
        ("\n".join(BLANK_DROPPED_LABELS) + "\n", "年度资金总额:\n880\n880\n880\n10\n10\n", (880, 880, 880, None)),
        # the 分值 left blank: right-aligned, 97.73% was read as the 分值 and 9.8 as the rate
        ("\n".join(BLANK_DROPPED_LABELS) + "\n", "年度资金总额:\n880\n880\n860\n97.73%\n9.8\n", (880, 880, 860, 97.73)),
    ],
    ids=["labels_paragraphs", "labels_one_a_line", "points_blank"],
)
def test_a_funds_row_one_cell_a_line_whose_blank_cell_was_dropped_reads_as_its_spaced_copy(
    header: str, row: str, budget: tuple
) -> None:
    report = parse_text(header + row + ONE_CELL_A_LINE_SOURCES + "自评得分95分。\n", header="项目支出绩效自评表\n")
    assert tuple(report.value(f) for f in BUDGET_ROW_FIELDS) == budget


@pytest.mark.parametrize(
    "row",
    [
        # near miss: a blank line standing for the empty 执行率 cell, a figure after it: not a row cut short
        "年度资金总额:\n880\n880\n880\n10\n\n10\n",
        # near miss: three small figures fit the money columns and the 分值, 执行率 and 得分 alike
        "年度资金总额:\n9.48\n9.48\n9.48\n",
    ],
    ids=["blank_line_for_a_cell", "small_figures"],
)
def test_a_funds_row_one_cell_a_line_not_cut_short_or_not_sure_gives_no_budget(row: str) -> None:
    text = "\n".join(BLANK_DROPPED_LABELS) + "\n" + row + "自评得分95分。\n"
    report = parse_text(text, header="项目支出绩效自评表\n")
    assert tuple(report.value(f) for f in BUDGET_ROW_FIELDS) == (None, None, None, None)


def test_a_funds_row_under_a_line_of_many_labels_is_no_placement_to_try() -> None:
    # three forms' labels on one line (a document flattened to lines) over a row of figures: no one form's header;
    # its placements are too many to try, and none of them is sure
    header = " ".join(["年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分"] * 3) + "\n"
    row = "年度资金总额: 880 880 880 10 10 9.48 9.48 10 10\n"
    started = time.perf_counter()
    report = parse_text(header + row + "自评得分95分。\n", header="项目支出绩效自评表\n（2022年度）\n")
    assert time.perf_counter() - started < 1
    assert tuple(report.value(f) for f in BUDGET_ROW_FIELDS) == (None, None, None, None)
    # near miss: one form's labels over a row of its figures, a cell dropped, is placed
    report = parse_text(header[: header.index(" 年初", 2)] + "\n" + row.replace(" 9.48 9.48 10 10", ""))
    assert tuple(report.value(f) for f in BUDGET_ROW_FIELDS) == (880, 880, 880, None)


def test_problems_and_measures_labelled_inside_one_paragraph() -> None:
    report = parse_text(
        "全年预算数为50万元。\n自评得分90分，存在的问题：一是预算编制不够准确。二是资金申报不够及时。"
        "下一步改进措施：一是准确摸底。二是及时拨付资金。\n"
    )
    assert report.value("problems") == "一是预算编制不够准确。二是资金申报不够及时。"
    assert report.value("measures") == "一是准确摸底。二是及时拨付资金。"


def test_a_problem_named_in_a_sentence_is_no_section() -> None:
    report = parse_text("全年预算数为50万元。\n针对存在的问题：我们将加强管理。\n")
    assert report.value("problems") is None


def test_an_indicator_sentence_may_state_what_was_achieved_in_words() -> None:
    report = parse_text(
        "2、产出时效指标：项目完成时间年初指标值为2023年12月底，实际在规定时间内完成。\n"
        "3、产出成本指标：残疾人机动轮椅车燃油补贴年均补助标准年初指标值为260元/辆，实际按该标准发放。\n"
        "4、效益指标：康复服务覆盖率目标值为85%，实际上该指标未纳入考核。\n"
        "全年预算数为29.6万元。",
        header=PROJECT_TITLE,
    )
    rows = [(r.level2, r.level3, r.target.text, r.target.value, r.actual.text) for r in report.indicators]
    assert rows == [
        ("时效指标", "项目完成时间", "2023年12月底", None, "在规定时间内完成"),
        ("成本指标", "残疾人机动轮椅车燃油补贴年均补助标准", "260元/辆", 260, "按该标准发放"),
    ]


def test_indicators_stated_as_a_figure_and_what_was_achieved_under_level_headings() -> None:
    report = parse_text(
        "（一）产出指标完成情况\n"
        "1.数量指标：全年扶持残疾人创业120人，实际完成126人；开展职业技能培训300人次，实际完成312人次。\n"
        "2.质量指标：培训合格率目标≥85%，实际完成90%。\n"
        "项目资金350万元，实际完成328.6万元；培训200人，实际完成95%。\n",
        header=PROJECT_TITLE,
    )
    rows = [(r.level1, r.level2, r.level3, r.target.text, r.actual.text) for r in report.indicators]
    assert rows == [
        ("产出指标", "数量指标", "全年扶持残疾人创业", "120人", "126人"),
        ("产出指标", "数量指标", "开展职业技能培训", "300人次", "312人次"),
        ("产出指标", "质量指标", "培训合格率", "≥85%", "90%"),
    ]


def test_indicators_named_in_the_clause_before_their_target_under_a_level_line() -> None:
    report = parse_text(
        "（一）产出指标完成情况\n1、数量指标\n"
        "1）困难重度残疾人家庭无障碍改造数，目标值大于等于85户，实际完成40户。\n"
        "2）残疾人职业技能培训人数，年度指标值：≥200人次；实际完成值：215人次。\n"
        "（二）效益指标完成情况\n"
        "康复服务覆盖率，目标值85%，完成值88%。\n全年预算数为29.6万元。",
        header=PROJECT_TITLE,
    )
    rows = [(r.level1, r.level2, r.level3, r.target.text, r.actual.text) for r in report.indicators]
    assert rows == [
        ("产出指标", "数量指标", "困难重度残疾人家庭无障碍改造数", "大于等于85户", "40户"),
        ("产出指标", "数量指标", "残疾人职业技能培训人数", "≥200人次", "215人次"),
        ("效益指标", None, "康复服务覆盖率", "85%", "88%"),  # a new first level: the second level above is not its
    ]


def test_an_indented_indicator_sentence_loses_its_ordinal() -> None:
    report = parse_text(
        "1、数量指标\n    1)困难重度残疾人家庭无障碍改造数,目标值大于等于85户,实际完成40户。\n全年预算数为29.6万元。",
        header=PROJECT_TITLE,
    )
    assert [r.level3 for r in report.indicators] == ["困难重度残疾人家庭无障碍改造数"]


def test_a_level_named_inside_a_sentence_is_no_level_line() -> None:
    report = parse_text(
        "本项目设置了数量指标和质量指标。\n残疾儿童康复救助人数，目标值≥30人，实际完成32人。\n全年预算数为29.6万元。",
        header=PROJECT_TITLE,
    )
    assert [(r.level2, r.level3) for r in report.indicators] == [(None, "残疾儿童康复救助人数")]


def test_funds_the_finance_bureau_arranged_are_a_projects_budget_only() -> None:
    body = "2022年区财政安排项目资金350万元，其中上级补助资金100万元。截至年底实际支出328.6万元。"
    assert parse_text(body, header=PROJECT_TITLE).value("budget_adjusted") == 350.0
    assert parse_text(body).value("budget_adjusted") is None


def test_indicator_rows_carry_down_and_survive_shifted_cells() -> None:
    rows = parse_text(INDICATOR_TABLE).indicators
    assert [(r.goal, r.level1, r.level2, r.level3) for r in rows] == [
        ("绩效目标1", "产出指标", "数量指标", "培训人数"),
        ("绩效目标1", "产出指标", "数量指标", "体检人数"),
        ("绩效目标1", "产出指标", "成本指标", "培训工作预算"),
        ("绩效目标1", "产出指标", "质量指标", "合格率"),
        ("绩效目标2", "满意度指标", "服务对象满意度指标", "满意度"),
    ]
    assert rows[0].note == "部分学员未参训" and rows[1].note is None
    assert [(r.points, r.score) for r in rows] == [(2, 1.5), (2, 2), (1, 1), (1, 1), (2, 2)]


SPACED_FORM_WITH_LEVEL_LINES = """\
绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标（40分）
数量指标 补贴发放人次 ≥2300人次 2380 20 20
成本指标 人均补贴标准 ≤80元/月 80 20 20
效益指标（30分）
社会效益指标 困难残疾人生活改善程度 效果明显 达成预期指标 30 28
总分 90 88
"""


def test_a_first_level_on_a_line_of_its_own_heads_the_rows_below_it() -> None:
    # The header line's last cell is no sentence wrapped onto "产出指标（40分）": each is a row of the table.
    rows = parse_text(SPACED_FORM_WITH_LEVEL_LINES, header=PROJECT_TITLE).indicators
    assert [(r.level1, r.level2, r.level3) for r in rows] == [
        ("产出指标", "数量指标", "补贴发放人次"),
        ("产出指标", "成本指标", "人均补贴标准"),  # a second level under 产出, not the 2021 framework's first
        ("效益指标", "社会效益指标", "困难残疾人生活改善程度"),
    ]


def test_a_line_naming_a_level_among_other_words_heads_nothing() -> None:
    form = SPACED_FORM_WITH_LEVEL_LINES.replace("产出指标（40分）", "产出指标完成较好（40分）")
    rows = parse_text(form, header=PROJECT_TITLE).indicators
    # 数量指标 sits under 产出 by the framework; with no heading above it, 成本指标 is read as a first level
    assert [(r.level1, r.level2) for r in rows][:2] == [("产出指标", "数量指标"), ("成本指标", None)]


@pytest.mark.parametrize("total_word", ["总分", "合计", "自评得分", "总得分"])
def test_indicator_table_total_row_under_any_template_word(total_word: str) -> None:
    report = parse_text(INDICATOR_TABLE.replace("总分\t", total_word + "\t") + "自评总分为7分。")
    assert (report.value("score_total"), [a.value for a in report.alternatives if a.field == "score_total"]) == (
        7.5,
        [7.0],
    )


def test_indicator_table_total_row_gives_score() -> None:
    report = parse_text(INDICATOR_TABLE)
    assert (report.value("score_total"), report.value("score_max")) == (7.5, 8)


# The national 项目支出绩效自评表 copied as a web page's table: its last row shares a line with 其他需要说明事项.
PIPE_FORM_TOTAL_AFTER_NOTES = (
    "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n"
    "| 产出指标 | 数量指标 | 受助学生人数 | ≥700人 | 735人 | 40 | 37 | |\n"
    "| 效益指标 | 社会效益指标 | 政策知晓率 | 100% | 98% | 30 | 29 | |\n"
    "| 满意度指标 | 服务对象满意度指标 | 家长满意度 | ≥95% | 100% | 20 | 20 | |\n"
    "| 其他需要说明事项 | 无 | 总分 | 100 | 96 | 优 |\n"
)


def test_form_total_row_after_other_matters_is_the_total_not_an_indicator() -> None:
    report = parse_text(PIPE_FORM_TOTAL_AFTER_NOTES, header=PROJECT_TITLE)
    assert (report.value("score_total"), report.value("score_max"), report.value("grade")) == (96, 100, "优")
    assert [r.level3 for r in report.indicators] == ["受助学生人数", "政策知晓率", "家长满意度"]


@pytest.mark.parametrize("target_and_actual", ["≤50万元 | 48万元", "50 | 48"])
def test_a_cell_named_total_with_a_target_after_it_stays_an_indicator(target_and_actual: str) -> None:
    # "合计" names an indicator here: a target and an actual follow it, then the row's 分值 and 得分
    row = f"| 成本指标 | 成本指标 | 合计 | {target_and_actual} | 10 | 10 | |\n"
    report = parse_text(PIPE_FORM_TOTAL_AFTER_NOTES.replace("| 其他需要说明事项 | 无 | 总分 | 100 | 96 | 优 |\n", row))
    assert [(r.level3, r.points, r.score) for r in report.indicators][-1] == ("合计", 10, 10)
    assert report.value("score_total") is None


@pytest.mark.parametrize(("last_cell", "grade"), [("\t良", "良"), ("\t优秀", "优"), ("\t无", None), ("", None)])
def test_indicator_table_total_row_gives_the_grade_in_its_last_cell(last_cell: str, grade: str | None) -> None:
    report = parse_text(INDICATOR_TABLE.replace("\t7.5\n", "\t7.5" + last_cell + "\n"))
    assert (report.value("score_total"), report.value("grade")) == (7.5, grade)


@pytest.mark.parametrize(
    "table",
    [
        "年初预算数（万元）\t100\t全年预算数（万元）\t120\n全年执行数（万元）\t115\t预算执行率\t95.83%\n",
        # a PDF text layer separates the cells by spaces, and may set the unit apart from its label
        "年初预算数 （万元） 100 全年预算数（万元） 120\n全年执行数（万元） 115 预算执行率 95.83%\n",
    ],
)
def test_a_forms_rows_of_label_and_value_cells_give_the_budget_spending_and_rate(table: str) -> None:
    report = parse_text(table + "自评得分90分。", header=PROJECT_TITLE)
    fields = ("budget_initial", "budget_adjusted", "budget_executed", "execution_rate_pct")
    assert [report.value(name) for name in fields] == [100, 120, 115, 95.83]
    assert (report.facts["budget_initial"].evidence.snippet, report.facts["budget_adjusted"].evidence.snippet) == (
        "100",
        "120",
    )


@pytest.mark.parametrize(
    "header",
    [
        "项目资金 年初 全年 全年 分值 执行率 得分\n（万元） 预算数 预算数 执行数\n",
        "项目资金\t年初预\t全年预\t全年执\t分值\t执行率\t得分\n（万元）\t算数\t算数\t行数\n",
    ],
)
def test_a_header_whose_narrow_cells_wrapped_onto_the_next_line_is_joined_back(header: str) -> None:
    values = "年度资金总额 180.00 210.00 204.60 10 97.43% 9.74\n".replace(" ", "\t" if "\t" in header else " ")
    report = parse_text(header + values + "自评得分90分。", header=PROJECT_TITLE)
    fields = ("budget_initial", "budget_adjusted", "budget_executed", "execution_rate_pct")
    assert [report.value(name) for name in fields] == [180, 210, 204.6, 97.43]


def test_a_line_of_words_under_a_header_completes_no_label() -> None:
    # "年初计划" is no budget label: the lines stay as they are, and the prose gives the budget
    table = "指标 年初 全年 分值 执行率 得分\n说明 计划 完成\n年度 100 120 10 95% 9.5\n全年预算数为150万元。\n"
    report = parse_text(table, header=PROJECT_TITLE)
    assert (report.value("budget_initial"), report.value("budget_adjusted")) == (None, 150)


COVER_CELLS = ("计划安排资金 （万元）", "60", "实际到位资金 （万元）", "60", "实际支出 （万元）", "57.6")


@pytest.mark.parametrize("separator", ["\n", " ", "\n\n"])
def test_a_covers_labels_and_values_one_cell_a_line_or_on_one_line_give_the_budget_and_spending(
    separator: str,
) -> None:
    # 湖南's 财政支出项目绩效评价自评报告: 实际到位资金, a label the budget table does not read, keeps its place
    report = parse_text(separator.join(COVER_CELLS) + "\n二、项目绩效自评情况\n自评得分88分。", header=PROJECT_TITLE)
    assert (report.value("budget_initial"), report.value("budget_executed")) == (60, 57.6)
    assert report.facts["budget_executed"].evidence.snippet == "57.6"


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_a_covers_labels_whose_unit_wrapped_onto_a_line_of_its_own_give_the_budget(separator: str) -> None:
    # 岳阳's 财政支出项目绩效评价自评报告 copied from a web page: "计划安排资金" over "（万元）" over "170"
    cells = ("计划安排资金", "（万元）", "170", "实际到位资金", "（万元）", "170", "实际支出", "（万元）", "179.6")
    report = parse_text(separator.join(cells) + "\n二、项目绩效自评情况\n自评得分88分。", header=PROJECT_TITLE)
    assert (report.value("budget_initial"), report.value("budget_executed")) == (170, 179.6)
    assert report.facts["budget_executed"].evidence.snippet == "179.6"


@pytest.mark.parametrize(
    "cells",
    [
        # a unit line over figures one a year is no label's wrapped unit either
        ("计划安排资金", "（万元）", "170", "150", "实际支出", "（万元）", "179.6"),
        # a unit of another column's label (分值) does not join it to the run
        ("计划安排资金", "（万元）", "170", "分值", "（万元）", "10", "实际支出", "（万元）", "179.6"),
    ],
)
def test_wrapped_units_of_lines_that_are_no_covers_row_give_no_budget(cells: tuple[str, ...]) -> None:
    report = parse_text("\n".join(cells) + "\n二、项目绩效自评情况\n自评得分88分。", header=PROJECT_TITLE)
    assert (report.value("budget_initial"), report.value("budget_executed")) == (None, None)


@pytest.mark.parametrize(
    "cells",
    [
        # a label over a row of figures (one a year) is no label with its value
        ("计划安排资金 （万元）", "60", "50", "实际支出 （万元）", "57.6"),
        # one label of the budget table alone is no form's row
        ("项目负责人", "李明", "实际支出 （万元）", "57.6"),
        # a label of another column (分值) breaks the run
        ("计划安排资金 （万元）", "60", "分值", "10", "实际支出 （万元）", "57.6"),
    ],
)
def test_lines_of_labels_and_figures_that_are_no_covers_row_give_no_budget(cells: tuple[str, ...]) -> None:
    report = parse_text("\n".join(cells) + "\n二、项目绩效自评情况\n自评得分88分。", header=PROJECT_TITLE)
    assert (report.value("budget_initial"), report.value("budget_executed")) == (None, None)


ZERO_TOTAL_FORM = (
    "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "年度资金总额：\t0\t0\t0\t10\t0\t0\n"
    "其中：本年财政拨款\t{fiscal}\n上年结转资金\t\t\t\n其他资金\t\t\t\n"
)


def test_a_total_row_left_at_zero_over_a_funded_source_row_gives_no_budget() -> None:
    # 池州's 项目支出绩效自评表: "年度资金总额: 0 0 0 10 0 0" over "其中:本年财政拨款 90 90 89.974"
    form = ZERO_TOTAL_FORM.format(fiscal="90\t90\t89.974")
    report = parse_text(form + "自评得分90分。", header=PROJECT_TITLE)
    fields = ("budget_initial", "budget_adjusted", "budget_executed", "execution_rate_pct")
    assert [report.value(name) for name in fields] == [None] * 4
    assert [(d.max, d.score) for d in report.dimension_scores if d.canonical == "预算执行"] == [(10, 0)]


def test_a_total_row_at_zero_over_sources_at_zero_is_a_budget_of_zero() -> None:
    report = parse_text(ZERO_TOTAL_FORM.format(fiscal="0\t0\t0") + "自评得分90分。", header=PROJECT_TITLE)
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (0, 0)


def test_a_line_of_prose_with_spaces_is_no_row_of_labels_and_values() -> None:
    # "元" is no figure of a label: the line is prose, read in its own unit
    report = parse_text("年初预算数 1000 元，全年预算数 120 万元。\n自评得分90分。", header=PROJECT_TITLE)
    assert (report.value("budget_initial"), report.value("budget_adjusted")) == (0.1, 120)


def test_a_table_without_a_first_level_column_puts_each_second_level_under_its_first() -> None:
    table = (
        "指标类型\t指标名称\t目标值\t实际完成值\n数量指标\t康复救助人数\t≥100人\t110人\n"
        "社会效益指标\t生活改善\t明显\t明显\n成本指标\t人均成本\t≤1000元\t980元\n"
    )
    rows = parse_text("全年预算数为100万元。\n" + table, header=PROJECT_TITLE).indicators
    # 成本 is a first level in one framework and under 产出 in the other: left as the table has it
    levels = [(r.level1, r.level2) for r in rows]
    assert levels == [("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("成本指标", None)]


def test_a_table_of_the_moneys_sources_gives_its_total_row() -> None:
    table = (
        "资金来源\t全年预算数\t全年执行数\t执行率\n中央资金\t60\t58\t96.67%\n省级资金\t25\t25\t100%\n"
        "县级资金\t15\t14\t93.33%\n合计\t100\t97\t97%\n"
    )
    report = parse_text(table + "自评得分90分。", header=PROJECT_TITLE)
    fields = ("budget_adjusted", "budget_executed", "execution_rate_pct")
    assert [report.value(name) for name in fields] == [100, 97, 97]


def test_a_table_of_basic_and_project_spending_gives_its_total_row_and_both_parts() -> None:
    table = (
        "项目\t年初预算数\t全年预算数\t全年执行数\t执行率\n基本支出\t300\t310\t305\t98.39%\n"
        "项目支出\t200\t280\t270\t96.43%\n合计\t500\t590\t575\t97.46%\n"
    )
    report = parse_text(table + "自评得分90分。")
    fields = ("budget_initial", "budget_adjusted", "budget_executed", "spend_basic", "spend_project")
    assert [report.value(name) for name in fields] == [500, 590, 575, 305, 270]


INCOME_SPENDING_FIELDS = ("income_total", "income_fiscal", "income_gov_fund", "income_other")
INCOME_SPENDING_FIELDS += ("spend_total", "spend_basic", "spend_project")


def test_an_income_and_spending_table_one_cell_a_line_gives_each_figure_under_its_label() -> None:
    labels = ["收入合计", "财政拨款收入", "其他收入", "支出合计", "基本支出", "项目支出"]
    figures = ["692.30", "650.00", "42.30", "688.10", "402.50", "285.60"]
    report = parse_text("（二）部门收支情况\n单位：万元\n" + "\n".join(labels + figures) + "\n二、绩效自评情况\n")
    assert [report.value(name) for name in INCOME_SPENDING_FIELDS] == [692.3, 650, None, 42.3, 688.1, 402.5, 285.6]
    # the table's totals with their parts, once each: no second breakdown from the prose readers
    parts = sorted((b.label, b.total.value, len(b.parts)) for b in report.breakdowns)
    assert parts == [("income", 692.3, 2), ("spend", 688.1, 2)]


def test_income_and_spending_pipe_rows_in_yuan_the_second_table_in_the_firsts_unit() -> None:
    table = (
        "单位：元\n| 收入合计 | 财政拨款收入 | 政府性基金收入 | 其他收入 |\n|---|---|---|---|\n"
        "| 6,923,000.00 | 6,500,000.00 | 0 | 423,000.00 |\n| 支出合计 | 基本支出 | 项目支出 |\n|---|---|---|\n"
        "| 6,881,000.00 | 4,025,000.00 | 2,856,000.00 |\n"
    )
    report = parse_text(table + "自评得分92分。")
    assert [report.value(name) for name in INCOME_SPENDING_FIELDS] == [692.3, 650, 0, 42.3, 688.1, 402.5, 285.6]
    assert report.facts["income_total"].evidence.method == "normalised"


def test_income_and_spending_rows_of_a_text_layer_split_at_their_spaces() -> None:
    table = (
        "2023年度部门收支决算情况（单位：万元）\n"
        "本年收入合计 一般公共预算财政拨款收入 政府性基金预算财政拨款收入 其他收入\n692.30 640.00 10.00 42.30\n"
        "本年支出合计 基本支出 项目支出\n688.10 402.50 285.60\n"
    )
    report = parse_text(table + "自评得分92分。")
    assert [report.value(name) for name in INCOME_SPENDING_FIELDS] == [692.3, 640, 10, 42.3, 688.1, 402.5, 285.6]


@pytest.mark.parametrize(
    "table",
    [
        # years as columns: "2022年决算数 | 2023年决算数" beside each line
        "项目\n2022年决算数\n2023年决算数\n收入合计\n600.00\n692.30\n支出合计\n590.00\n688.10\n",
        # years as rows under the labels: which row is the year's the header does not say
        "| 年度 | 收入合计 | 财政拨款收入 | 其他收入 |\n|---|---|---|---|\n| 2022年 | 600.00 | 560.00 | 40.00 |\n"
        "| 2023年 | 692.30 | 650.00 | 42.30 |\n",
        # the budget's figures, by the table's caption or its row's label
        "2023年部门收支预算表\n收入合计\n财政拨款收入\n其他收入\n700.00\n660.00\n40.00\n",
        "| 项目 | 基本支出 | 项目支出 |\n|---|---|---|\n| 年初预算数 | 410.00 | 290.00 |\n",
        # one project's row of a table of projects
        "| 项目名称 | 基本支出 | 项目支出 |\n|---|---|---|\n| 残疾人康复服务 | 10.00 | 20.00 |\n",
    ],
)
def test_an_income_or_spending_header_over_other_figures_gives_no_income_or_spending(table: str) -> None:
    report = parse_text(table + "自评得分92分。")
    assert [report.value(name) for name in INCOME_SPENDING_FIELDS] == [None] * 7


def test_a_label_beside_a_row_of_figures_is_no_label_and_value() -> None:
    table = "指标\t2022年\t2023年\n年初预算数\t90\t100\n全年执行数\t85\t95\n"
    report = parse_text(table + "自评得分90分。", header=PROJECT_TITLE)
    assert (report.value("budget_initial"), report.value("budget_executed")) == (None, None)


def test_cost_rows_become_spending_items_with_budget() -> None:
    items = parse_text(INDICATOR_TABLE).spending_items
    assert [(i.name, i.budget, i.amount) for i in items] == [("培训工作预算", 18.4, 17.8)]


@pytest.mark.parametrize("name", ["人均培训成本", "每人补贴标准", "辅助器具单价", "户均改造成本"])
def test_a_cost_per_person_or_unit_is_no_spending_item(name: str) -> None:
    table = INDICATOR_TABLE.replace("培训工作预算\t≤18.4万元\t17.8万元", f"{name}\t≤1600元\t1540元")
    report = parse_text(table)
    assert name in [row.level3 for row in report.indicators]
    assert report.spending_items == []


def test_a_form_flattened_onto_one_line_is_read_row_by_row() -> None:
    line = (
        "项目名称 康复服务 主管部门 某县残疾人联合会 项目资金（万元） 年初预算数 全年预算数 全年执行数 "
        "分值 执行率 得分 年度资金总额 40 50 45 10 90% 9 "
        "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        "产出指标 数量指标 康复人数 ≥100人 120人 30 30 培训人次 ≥20人次 25人次 20 19 个别学员缺课 "
        "满意度指标 服务对象满意度指标 满意度 ≥90% 95% 40 38 总分 100 96"
    )
    report = parse_text(line, header=PROJECT_TITLE)
    figures = ("budget_adjusted", "budget_executed", "score_total")
    assert [report.value(name) for name in figures] == [50, 45, 96]
    assert [(row.level1, row.level2, row.level3, row.score) for row in report.indicators] == [
        ("产出指标", "数量指标", "康复人数", 30),
        ("产出指标", "数量指标", "培训人次", 19),  # the row's second indicator, its level cells merged above
        ("满意度指标", "服务对象满意度指标", "满意度", 38),
    ]
    rows = Source(line).norm.split("\n")  # a break for each row, one character for one space
    assert [row.split()[0] for row in rows] == [
        "项目名称", "主管部门", "项目资金（万元）", "年度资金总额", "绩效指标",
        "产出指标", "数量指标", "培训人次", "满意度指标", "服务对象满意度指标", "总分",
    ]  # fmt: skip
    assert len("\n".join(rows)) == len(line)


@pytest.mark.parametrize(
    "line",
    [
        "本项目总分 100 分，评价结论为优。存在问题 主要是资金拨付偏慢，改进措施 是加快拨付，项目名称 为康复服务，"
        "全年执行数占全年预算数的90%，各乡镇均按期完成，服务对象普遍满意，下一步将继续加强项目管理和资金监管。",
        "项目名称 康复服务 主管部门 某县残疾人联合会 总分 100 分，本项目全年执行数占全年预算数的90%，各乡镇均按期完成，"
        "服务对象普遍满意，下一步将继续加强项目管理和资金监管，确保资金安全高效使用，残疾人得到实惠。",
    ],
)
def test_a_long_line_naming_a_few_row_labels_is_left_whole(line: str) -> None:
    assert "\n" not in Source(line).norm


@pytest.mark.parametrize("total", ["自评得分 100 92.78", "总分  100  92.78", "合计 100 92.78"])
def test_a_total_row_on_a_line_of_its_own_with_spaced_cells_is_the_total(total: str) -> None:
    table = INDICATOR_TABLE.removesuffix("总分\t\t\t\t\t8\t7.5\n")
    body = f"{table}\n{total}\n\n自评结论 经测评，自评总分为92.28分。\n"
    report = parse_text(body, header=PROJECT_TITLE)
    assert report.value("score_total") == 92.78
    assert [a.value for a in report.alternatives if a.field == "score_total"] == [92.28]


@pytest.mark.parametrize("line", ["合计 3 项 12 人", "总分 100 分，得分 92.78 分", "自评得分 92.78"])
def test_a_line_with_a_total_word_and_other_words_is_no_total_row(line: str) -> None:
    from etl.parse.tables import split_rows

    assert [row.kind for row in split_rows(line)] != ["space"]


def test_goal_narrative_rows_are_not_indicators() -> None:
    report = parse_text(
        "年度绩效目标完成情况\t目标序号\t年度绩效目标\t实际完成情况\n\t1\t开展培训\t完成培训74人\n"
        "全年预算数为100万元。"
    )
    assert report.indicators == []


@pytest.mark.parametrize(
    ("written", "comparator", "value", "unit"),
    [
        ("≥20人", "≥", 20.0, "人"),
        ("≤188.4万元", "≤", 188.4, "万元"),
        ("不低于90%", "≥", 90.0, "%"),
        ("86519.43平方米", "=", 86519.43, "平方米"),
        ("90%以上", "≥", 90.0, "%"),
        ("2023年12月31日前完成", None, None, None),
        ("进一步提升", None, None, None),
    ],
)
def test_quantity_reads_comparator_value_and_unit(
    written: str, comparator: str | None, value: float | None, unit: str | None
) -> None:
    quantity = parse_quantity(written)
    assert (quantity.comparator, quantity.value, quantity.unit) == (comparator, value, unit)
    assert quantity.text == written


def test_unit_name_from_labelled_cell_wins() -> None:
    body = "部门名称\t\t天津市残疾人联合会\n全年预算数为100万元。"
    report = parse_text(body, header="整体支出绩效自评表\n(2023年度)\n")
    assert report.value("unit_name") == "天津市残疾人联合会"
    assert (report.value("admin_code"), report.value("admin_level")) == ("120000", "province")
    assert report.value("fiscal_year") == 2023


@pytest.mark.parametrize(
    ("header", "body"),
    [
        ("中国残疾人联合会2022年度部门整体支出绩效自评报告\n", "全年预算数为100万元。"),
        ("中国残联2022年度部门整体支出绩效自评报告\n", "全年预算数为100万元。"),
        ("2022年度部门整体支出绩效自评报告\n", "全年预算数为100万元。\n\n中国残疾人联合会\n2023年4月20日\n"),
        ("项目支出绩效自评表\n（2022年度）\n", "项目名称\t康复服务\n主管部门\t中国残疾人联合会\n全年预算数为100万元。"),
    ],
)
def test_the_national_federation_is_the_unit_where_a_title_signature_or_unit_cell_names_it(
    header: str, body: str
) -> None:
    report = parse_text(body, header=header)
    assert report.value("unit_name") == "中国残疾人联合会"
    assert (report.value("admin_level"), report.value("province"), report.value("admin_code")) == (
        "national",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("header", "body"),
    [
        ("常宁市残联2022年度部门整体支出绩效自评报告\n", "根据中国残疾人联合会的部署，全年预算数为100万元。"),
        ("2022年度部门整体支出绩效自评报告\n", "在中国残联的指导下，常宁市残联全年预算数为100万元。"),
        ("2022年度部门整体支出绩效自评报告\n", "全年预算数为100万元。\n\n常宁市残疾人联合会\n2023年4月20日\n"),
    ],
)
def test_the_national_federation_named_in_a_local_report_is_not_its_unit(header: str, body: str) -> None:
    report = parse_text(body, header=header)
    assert (report.value("unit_name"), report.value("admin_level")) == ("常宁市残疾人联合会", "county")


def test_a_zones_federation_is_its_unit_under_the_city_that_runs_it() -> None:
    title = "长沙经济技术开发区残疾人联合会2023年度部门整体支出绩效自评报告\n"
    report = parse_text("全年预算数为100万元，自评得分90分。\n", header=title)
    fields = ("unit_name", "prefecture", "county", "admin_level", "admin_code")
    expected = ("长沙经济技术开发区残疾人联合会", "长沙市", "长沙经济技术开发区", "county", None)
    assert tuple(report.value(name) for name in fields) == expected


def test_a_bingtuan_divisions_federation_is_named_in_full_however_written() -> None:
    report = parse_text("全年预算数为100万元，自评得分90分。\n", header="兵团第八师残联2023年度整体支出绩效自评报告\n")
    fields = ("unit_name", "province", "prefecture", "admin_level", "admin_code")
    division = "新疆生产建设兵团第八师"
    expected = (division + "残疾人联合会", "新疆维吾尔自治区", division, "prefecture", None)
    assert tuple(report.value(name) for name in fields) == expected
    assert report.facts["unit_name"].evidence.snippet == "兵团第八师残联"


def test_a_city_report_that_names_its_zones_federation_keeps_the_city() -> None:
    body = (
        "一、基本情况\n本会内设机构3个。\n全年预算数为100万元，其中下拨长沙经济技术开发区残联10万元。\n二、自评结论\n自评得分90分。\n"
        "三、存在问题\n无。\n四、改进措施\n无。\n"
    )
    report = parse_text(body, header="长沙市残疾人联合会2023年度部门整体支出绩效自评报告\n")
    assert (report.value("unit_name"), report.value("admin_code")) == ("长沙市残疾人联合会", "430100")


def test_signature_with_parent_city_gives_full_unit_name() -> None:
    report = parse_text(
        "全年预算数为100万元。\n\n            益阳市赫山区残疾人联合会\n2024年8月26日\n",
        header="2023年度赫山区残疾人联合会整体支出\n绩效自评报告\n",
    )
    assert report.value("unit_name") == "益阳市赫山区残疾人联合会"
    assert report.value("admin_code") == "430903"
    assert report.value("fiscal_year") == 2023


def test_the_signature_names_the_unit_in_full_also_above_an_appendix() -> None:
    report = parse_text(
        "全年预算数为100万元，自评得分90分。\n\n塔城地区和布克赛尔蒙古自治县残疾人联合会\n2022年9月22日\n"
        "附件：部门整体支出绩效评价指标评分表\n一级指标\t分值\t得分\n决策\t20\t18\n",
        header="和布克赛尔蒙古自治县残疾人联合会部门整体支出绩效自评报告\n",
    )
    assert report.value("unit_name") == "塔城地区和布克赛尔蒙古自治县残疾人联合会"
    assert Source("塔城地区和布克赛尔蒙古自治县残疾人联合会\n2022年9月22日\n附件").norm.count("\n") == 2


def test_places_quote_the_unit_name_where_the_layout_dropped_lines_before_it() -> None:
    body = "全年预算数为100万元，全年执行数为\n95万元。\n- 1 -\n\n            常宁市残疾人联合会\n"
    report = parse_text(body, header="2024年度部门整体支出绩效自评报告\n")
    unit, province = report.facts["unit_name"], report.facts["province"]
    assert (province.value, province.evidence.snippet) == ("湖南省", "常宁市残疾人联合会")
    assert (province.evidence.start, province.evidence.end) == (unit.evidence.start, unit.evidence.end)


@pytest.mark.parametrize(
    ("header", "warned"),
    [
        ("某县残疾人联合会部门整体支出绩效自评报告\n一、基本情况\n本单位为人民团体。\n", True),
        ("某县残疾人联合会2022年度部门整体支出绩效自评报告\n", False),
    ],
)
def test_a_year_no_title_states_and_the_text_doubts_is_flagged(header: str, warned: bool) -> None:
    report = parse_text("2022年收入合计为100万元。2023年全年预算数为120万元。自评得分90分。", header=header)
    doubts = [w for w in report.warnings if w.startswith("年度不确定")]
    assert (report.value("fiscal_year"), bool(doubts)) == (2022, warned)


@pytest.mark.parametrize("title", ["某县残联二〇二三年度部门整体支出绩效自评报告", "二零二三年度整体支出绩效自评报告"])
def test_a_year_written_in_chinese_digits(title: str) -> None:
    year = parse_text("全年预算数为100万元，自评得分90分。", header=title + "\n").facts["fiscal_year"]
    assert (year.value, year.evidence.method) == (2023, "normalised")
    assert year.evidence.snippet.startswith(("二〇二三年", "二零二三年"))


def test_a_number_in_chinese_digits_is_no_year() -> None:
    report = parse_text("全年预算数为100万元，自评得分90分。共服务一二三四人。", header="部门整体支出绩效自评报告\n")
    assert report.value("fiscal_year") is None


SPAN_TITLE = "遂宁市残疾人联合会2022-2023年度部门整体支出绩效自评报告\n"


@pytest.mark.parametrize(
    ("title", "body", "year"),
    [
        # a title naming two years states neither; the text may name the one it evaluates
        (SPAN_TITLE, "本单位负责全市残疾人工作。", None),
        ("遂宁市残疾人联合会2022年至2023年度部门整体支出绩效自评报告\n", "本单位负责全市残疾人工作。", None),
        ("遂宁市残疾人联合会2022年度-2023年度部门整体支出绩效自评报告\n", "本单位负责全市残疾人工作。", None),
        ("遂宁市残疾人联合会2022年度至2023年度部门整体支出绩效自评报告\n", "本单位负责全市残疾人工作。", None),
        # a dash after one year opens no span
        ("遂宁市残疾人联合会2023年度—部门整体支出绩效自评报告\n", "本单位负责全市残疾人工作。", 2023),
        (SPAN_TITLE, "现将2023年度部门整体支出绩效自评情况报告如下。", 2023),
        (SPAN_TITLE, "2022年度和2023年度部门整体支出情况如下。", None),
        # one year in the title, a span only in a cited plan
        (
            "遂宁市残疾人联合会2023年度部门整体支出绩效自评报告\n",
            "根据《2021-2025年残疾人事业发展规划》，本单位负责全市残疾人工作。",
            2023,
        ),
    ],
)
def test_a_title_naming_two_years_states_no_fiscal_year(title: str, body: str, year: int | None) -> None:
    report = parse_text(body + "全年预算数为100万元，自评得分90分。", header=title)
    assert report.value("fiscal_year") == year


@pytest.mark.parametrize(
    ("title", "unit", "code"),
    [
        ("恩施州残联2023年度部门整体支出绩效自评报告", "恩施州残疾人联合会", "422800"),
        ("黔东南州残疾人联合会2023年度部门整体支出绩效自评报告", "黔东南州残疾人联合会", "522600"),
        ("长阳县残联2023年度部门整体支出绩效自评报告", "长阳县残疾人联合会", "420528"),
    ],
)
def test_an_autonomous_division_by_the_name_its_unit_goes_by(title: str, unit: str, code: str) -> None:
    report = parse_text("全年预算数为100万元，自评得分90分。", header=title + "\n")
    assert (report.value("unit_name"), report.value("admin_code")) == (unit, code)


def test_report_date_year_is_not_the_fiscal_year() -> None:
    report = parse_text("全年预算数为100万元。\n2024年8月26日\n", header="某残疾人联合会整体支出绩效自评报告\n")
    assert report.value("fiscal_year") is None


@pytest.mark.parametrize(
    ("title", "scope", "evaluation"),
    [
        ("常宁市残疾人联合会2024年度整体支出绩效自评报告", "department", "self"),
        ("2024年度残疾儿童精准康复服务支出项目绩效评价结果", "project", "external"),
        ("2022年残疾人基层组织建设及服务经费支出绩效自评报告", "project", "self"),
        ("2023年度残疾人就业补助资金第三方绩效评价报告", "project", "external"),
        ("镜湖区残联中央转移支付2023年度绩效自评报告(残疾人事业发展补助资金)", "project", "self"),
        ("遵化市残疾人联合会2019年村专职委员工作补贴项目绩效评价报告.doc", "project", "self"),
        # one project of the department's budget (Sichuan's form), not the department's budget as a whole
        ("部门预算项目支出绩效自评表（2023年度）", "project", "self"),
        ("某县残疾人联合会2023年度部门预算绩效自评报告", "department", "self"),
        ("某县残疾人联合会2023年度部门整体支出及项目支出绩效自评报告", "department", "self"),
        # Tibet's "绩效考核自评" is the genre's wording: no subject, so the department's report
        ("某县残疾人联合会2023年度预算绩效考核自评报告", "department", "self"),
        ("某县残疾人联合会2023年度残疾人康复项目绩效考核自评报告", "project", "self"),
        # the finance bureau issues the report: its evaluation, also without the word 第三方
        ("宁乡市财政局关于2023年度残疾人康复项目重点绩效评价的报告", "project", "external"),
        ("宁乡市财政局关于宁乡市残疾人联合会2023年度部门整体支出绩效评价的报告", "department", "external"),
    ],
)
def test_title_decides_scope_and_evaluation_type(title: str, scope: str, evaluation: str) -> None:
    report = parse_text("全年预算数为100万元，评价得分90分。", header=title + "\n")
    assert (report.value("report_scope"), report.value("evaluation_type")) == (scope, evaluation)


@pytest.mark.parametrize(
    ("body", "scope"),
    [
        ("本次绩效评价对2023年度残保金专项项目的投入、过程、产出与效益进行了评价，评价得分80.10分。", "project"),
        ("本次绩效评价对部门整体支出的投入、过程、产出与效益进行了评价，评价得分80.10分。", "department"),
    ],
)
def test_scope_without_a_title_from_what_the_report_evaluates(body: str, scope: str) -> None:
    assert parse_text(body, header="").value("report_scope") == scope


@pytest.mark.parametrize(
    ("body", "evaluation"),
    [
        ("本会主要职能受县人民政府委托，承担残疾人事业的管理工作。同时承担政府委托的任务。", "self"),
        ("区财政局委托XX会计师事务所对该项目开展绩效评价。", "external"),
        ("受托方：XX会计师事务所。", "external"),
        ("受区财政局委托，XX会计师事务所（以下简称“我们”）开展评价。我们认为，我们建议。", "external"),
        ("受县人民政府委托，我会承担残疾人事业管理工作。我们开展了评价。", "self"),
        ("市财政局组织评价组对市残联该项目开展了绩效评价。评价组认为，项目管理较规范。", "external"),
        ("我单位成立了绩效评价工作组，组织开展自评。经自评，我单位该项目管理规范。", "self"),
        ("评价组织方式：由我单位自行组织开展自评。", "self"),
        ("根据《宁乡市财政局关于开展绩效评价工作的通知》要求，我单位对该项目开展了评价。", "self"),
    ],
)
def test_only_a_commissioned_evaluation_makes_a_report_external(body: str, evaluation: str) -> None:
    report = parse_text(body + "全年预算数为100万元，评价得分90分。", header="2023年度残疾人就业补助资金绩效评价报告\n")
    assert report.value("evaluation_type") == evaluation


@pytest.mark.parametrize(
    ("cover", "signature", "evaluation"),
    [
        # a firm's name alone on the cover or signing: the firm wrote the report
        ("湖南某某咨询有限公司\n二〇二四年五月\n", "", "external"),
        ("", "\n湖南某某会计师事务所（特殊普通合伙）\n2024年5月20日\n", "external"),
        # a firm named in a label or a sentence is no author
        ("实施单位：湖南某某康复有限公司\n", "\n醴陵市残疾人联合会\n2024年5月20日\n", "self"),
        ("", "我会向湖南某某康复有限公司购买服务。\n2024年5月20日\n", "self"),
    ],
)
def test_a_report_a_firm_signs_is_external(cover: str, signature: str, evaluation: str) -> None:
    body = cover + "一、项目基本情况\n全年预算数为300万元，全年执行数290万元，评价得分88分。\n" + signature
    report = parse_text(body, header="醴陵市2023年度残疾人康复项目绩效评价报告\n")
    assert report.value("evaluation_type") == evaluation


@pytest.mark.parametrize(
    ("cover", "evaluation"),
    [
        # Hunan's cover: the unit's own 评价组 is no evaluator from outside
        ("评价方式：部门（单位）绩效自评\n评价机构：部门（单位）评价组\n", "self"),
        ("评价方式：单位自评■ 第三方评价□\n评价机构：部门（单位）评价组\n", "self"),
        ("评价方式：□单位自评 ■第三方评价\n", "external"),
        ("评价方式：财政重点评价\n", "external"),
        ("考评方式：部门（单位）绩效自评 财政部门组织考评□\n评价机构：部门（单位）评价组\n", "self"),
        # a method, not who evaluated: the wording still decides
        ("评价方式：定量与定性相结合\n受托方：XX会计师事务所。\n", "external"),
        ("评价方式：定量与定性相结合\n我单位成立工作组开展自评。\n", "self"),
        ("评价方式：单位自评与第三方复核相结合\n受托方：XX会计师事务所。评价组认为…\n", "external"),
    ],
)
def test_a_covers_evaluation_mode_says_who_evaluated(cover: str, evaluation: str) -> None:
    report = parse_text(cover + "全年预算数为100万元，评价得分90分。", header="残疾人康复救助项目绩效评价报告\n")
    assert report.value("evaluation_type") == evaluation


@pytest.mark.parametrize(
    ("title", "project"),
    [
        ("2024年度残疾儿童精准康复服务支出项目绩效评价结果", "残疾儿童精准康复服务支出项目"),
        ("湖北省2018年残疾人辅助器具适配服务经费绩效自评报告", "残疾人辅助器具适配服务经费"),
        ("镜湖区残联中央转移支付2023年度绩效自评报告(残疾人事业发展补助资金)", "残疾人事业发展补助资金"),
        ("2019年村专职委员工作补贴项目绩效自评报告.docx", "村专职委员工作补贴项目"),
        ("勐腊县残疾人联合会2023年度支出绩效自评报告（残疾人法律援助与信访维权）", "残疾人法律援助与信访维权"),
        ("2018年残疾人辅助器具适配服务专项资金支出绩效自评报告（广宁县残联）", "残疾人辅助器具适配服务专项资金"),
        ("2021年残疾人托养服务补贴绩效自评报告（公开版）", "残疾人托养服务补贴"),
        ("关于2023年度残疾人康复救助项目的绩效评价报告", "残疾人康复救助项目"),
        ("关于残疾人托养服务项目开展绩效评价的报告", "残疾人托养服务项目"),
        ("上海市残疾人联合会2022年度“阳光家园”计划项目绩效评价报告", "“阳光家园”计划项目"),
        ("2022年度“残疾人辅助器具适配”项目绩效自评报告", "“残疾人辅助器具适配”项目"),
        ("2022年度“残疾人辅助器具适配项目”绩效自评报告", "残疾人辅助器具适配项目"),
        # the place before the name and the year after it frame the name
        ("巴中市残疾人事业发展补助资金2023年度绩效自评报告", "残疾人事业发展补助资金"),
        ("四川省巴中市残疾人康复救助项目2023年绩效自评报告", "残疾人康复救助项目"),
        ("残疾人康复救助项目2023年度绩效自评报告", "残疾人康复救助项目"),
        ("“十四五”残疾人康复服务项目绩效自评报告", "“十四五”残疾人康复服务项目"),
        ("2023年度宁乡市残疾人就业保障金项目绩效评价报告", "残疾人就业保障金项目"),
        ("宁乡市财政局关于2023年度残疾人康复项目重点绩效评价的报告", "残疾人康复项目"),
        ("宾川县残疾人联合会关于2022年度残疾人两项补贴项目绩效自评的报告", "残疾人两项补贴项目"),
        # the project library's code glued before the name opens no name
        ("53292222T000000123456残疾人康复服务项目2022年度绩效自评报告", "残疾人康复服务项目"),
        # Yunnan's "单位自评" wording is the title's frame; a title of all the unit's projects names none
        ("鹤庆县残疾人联合会2022年度残疾人康复服务项目支出绩效单位自评报告", "残疾人康复服务项目"),
        ("红河州数据发展中心2024年度项目支出绩效单位自评报告", None),
        # "绩效考核自评" / "绩效考评" close the title as "绩效自评" does: the genre, not the project
        ("某县残疾人联合会2023年度预算绩效考核自评报告", None),
        ("某县残疾人联合会2023年度绩效考核自评情况报告", None),
        ("某县残疾人联合会2023年度残疾人康复项目绩效考核自评报告", "残疾人康复项目"),
        ("某县残疾人联合会2023年度残疾人康复项目绩效考评报告", "残疾人康复项目"),
        # a bracket opened by a year names the project when more than the year is in it, and project words
        ("2022年度项目支出绩效自评报告（2021年城乡临时救助备用金）", "城乡临时救助备用金"),
        ("2021年残疾人托养服务补贴绩效自评报告（2022年1月1日至12月31日）", "残疾人托养服务补贴"),
        ("2022年度项目支出绩效自评报告（2023年部门整体）", None),
        # Hunan's "{地方}财政支出项目绩效评价自评报告" and "财政专项资金" name a kind of money, no project
        ("岳阳市南湖新区财政支出项目绩效评价自评报告", None),
        ("遵化市预算支出项目绩效评价报告", None),
        ("某县残疾人联合会财政支出项目绩效评价自评报告", None),
        ("2023年度市级财政专项资金绩效自评报告", None),
        ("2023年度残疾人就业专项资金绩效自评报告", "残疾人就业专项资金"),
        # the place opening the subject frames the name without a year too; a project's own park stays
        ("衡阳市残疾人康复项目财政支出绩效评价自评报告", "残疾人康复项目"),
        ("湖南省衡阳市残疾人康复项目绩效自评报告", "残疾人康复项目"),
        ("长沙经济技术开发区残疾人托养服务项目绩效自评报告", "残疾人托养服务项目"),
        ("长沙市残疾人就业产业园区建设项目绩效评价报告", "残疾人就业产业园区建设项目"),
        # a 街道's or 乡镇's name before the year frames the subject too; words that only end like one stay
        ("八里庄街道2023年度残疾人之家运营补助项目绩效自评报告", "残疾人之家运营补助项目"),
        ("北京市朝阳区八里庄街道2023年度残疾人之家运营补助项目绩效自评报告", "残疾人之家运营补助项目"),
        ("梨洲镇2023年残疾人康复服务项目绩效自评报告", "残疾人康复服务项目"),
        ("城乡2023年残疾人康复服务项目绩效自评报告", "城乡2023年残疾人康复服务项目"),
    ],
)
def test_project_name_from_the_title(title: str, project: str | None) -> None:
    assert parse_text("本项目支出50万元。", header=title + "\n").value("project_name") == project


@pytest.mark.parametrize(
    ("title", "below", "project"),
    [
        # Yunnan's short title without 绩效
        ("关心下一代专项资金项目自评报告", "", "关心下一代专项资金项目"),
        ("2023年度残疾人就业项目支出绩效自评报告", "", "残疾人就业项目"),
        # Sichuan's "…部门预算项目支出绩效自评报告" names the project on the line under it, bracketed or after its year
        ("某县残疾人联合会2023年度部门预算项目支出绩效自评报告", "残疾人两项补贴资金\n", "残疾人两项补贴资金"),
        ("某县残疾人联合会2023年度部门预算项目支出绩效自评报告", "（残疾人两项补贴资金）\n", "残疾人两项补贴资金"),
        ("某镇人民政府2021年度部门预算项目支出绩效自评报告", "2021年城乡临时救助备用金\n", "城乡临时救助备用金"),
        ("某县残疾人联合会2023年度部门预算项目支出绩效自评报告", "某县残疾人联合会\n", None),
        # a bracketed name opened by its year reads without the year; a year or a period alone names nothing
        ("2022年度项目支出绩效自评报告", "（2021年城乡临时救助备用金）\n", "城乡临时救助备用金"),
        ("2022年度项目支出绩效自评报告", "（2022年度）\n", None),
        ("2022年度项目支出绩效自评报告", "（2023年度）\n", None),
        ("2022年度项目支出绩效自评报告", "（2022年1月1日至12月31日）\n", None),
        # under a generic title, a sentence or an organisation's name is no project
        ("2022年度项目支出绩效自评报告", "", None),
        ("2022年度项目支出绩效自评报告", "残疾人康复中心\n", None),
    ],
)
def test_project_name_of_a_prose_project_report_template(title: str, below: str, project: str | None) -> None:
    report = parse_text(below + "本项目支出50万元。\n二、项目绩效情况\n完成。", header=title + "\n")
    assert report.value("project_name") == project


def test_the_hundred_point_scale_quotes_the_total_where_there_is_no_title() -> None:
    report = parse_text("本次绩效评价对残保金专项项目进行评价，评价得分80.10分。", header="")
    assert (report.value("score_max"), report.facts["score_max"].evidence.snippet) == (100.0, "评价得分80.10分")


@pytest.mark.parametrize(
    ("body", "others"),
    [
        ("2022年残疾人职业技能培训经费项目支出50万元。", ["残疾人职业技能培训经费"]),
        ("现将2021年度下达我县的中央专项彩票公益金支持社会公益事业项目补助资金公开。全年预算数200万元。", []),
        # a sentence saying what kind of funds the project is names no other project
        ("该项目为2022年中央彩票公益金提前下达资金项目，支出50万元。", []),
        # the same funds named as the subject of a sentence is another name of the project
        ("实施2022年中央彩票公益金提前下达资金项目，支出50万元。", ["中央彩票公益金提前下达资金"]),
    ],
)
def test_other_names_of_the_project_are_alternatives(body: str, others: list[str]) -> None:
    report = parse_text(body, header="2022年残疾人辅助器具适配服务经费绩效自评报告\n")
    assert report.value("project_name") == "残疾人辅助器具适配服务经费"
    assert [a.value for a in report.alternatives if a.field == "project_name"] == others


TOWNSHIP_BODY = "一、项目概况\n本项目全年预算数为12万元，全年执行数为11.6万元。\n二、自评结论\n本项目自评得分95分。\n"


@pytest.mark.parametrize(
    ("header", "ending", "expected"),
    [
        # a 街道 or 乡镇 残联's own report: its name in the title or signing, placed by the divisions before it
        (
            "南京市江宁区秣陵街道残联2022年度残疾人康复服务项目绩效自评报告\n",
            "",
            ("南京市江宁区秣陵街道残疾人联合会", "江苏省", "南京市", "江宁区", "township"),
        ),
        (
            "2022年度残疾人康复服务项目绩效自评报告\n",
            "衡东县大浦镇残疾人联合会\n2023年2月10日\n",
            ("衡东县大浦镇残疾人联合会", "湖南省", "衡阳市", "衡东县", "township"),
        ),
        # a county's report naming the ones below it in its text or its tables keeps the county's 残联
        (
            "衡东县残疾人联合会2022年度残疾人康复服务项目绩效自评报告\n",
            "资金拨付衡东县大浦镇残联使用。\n",
            ("衡东县残疾人联合会", "湖南省", "衡阳市", "衡东县", "county"),
        ),
        (
            "2022年度残疾人康复服务项目绩效自评报告\n",
            "衡东县残疾人联合会\n2023年2月10日\n附表\n衡东县大浦镇残联\t6.00\n衡东县石滩乡残联\t5.60\n",
            ("衡东县残疾人联合会", "湖南省", "衡阳市", "衡东县", "county"),
        ),
    ],
)
def test_a_township_units_own_report_is_its_own(header: str, ending: str, expected: tuple) -> None:
    report = parse_text(TOWNSHIP_BODY + ending, header=header)
    fields = ("unit_name", "province", "prefecture", "county", "admin_level")
    assert tuple(report.value(field) for field in fields) == expected
    assert report.value("admin_code") == ("430424" if expected[4] == "county" else None)


def test_unit_named_by_the_short_form_of_its_province() -> None:
    body = "湖北残疾人联合会（以下简称“省残联”）开展自评。全年预算数为100万元。"
    unit = parse_text(body, header="项目绩效自评报告\n").facts["unit_name"]
    assert (unit.value, unit.evidence.method) == ("湖北省残疾人联合会", "normalised")
    assert unit.evidence.snippet == "湖北残疾人联合会"
    assert parse_text(body, header="项目绩效自评报告\n").value("admin_code") == "420000"


@pytest.mark.parametrize(
    ("header", "ending", "unit", "prefecture"),
    [
        # a sentence among the last lines is the body's, no signature
        ("杭州市残联2023年度整体支出绩效自评报告\n", "萧山区残联配合开展工作。\n", "杭州市残疾人联合会", "杭州市"),
        ("2023年度整体支出绩效自评报告\n", "\n萧山区残疾人联合会\n2024年3月1日\n", "萧山区残疾人联合会", "杭州市"),
        # a county's name that several counties bear ranks as a county's; its parent beside it tells them apart
        ("杭州市残疾人联合会\n西湖区残疾人联合会2023年度整体支出绩效自评报告\n", "", "西湖区残疾人联合会", "杭州市"),
        ("西湖区残疾人联合会2023年度整体支出绩效自评报告\n", "", "西湖区残疾人联合会", None),
    ],
)
def test_the_unit_of_the_title_and_signature(header: str, ending: str, unit: str, prefecture: str | None) -> None:
    report = parse_text("一、部门基本情况\n全年预算数为300万元，全年执行数290万元。\n" + ending, header=header)
    assert (report.value("unit_name"), report.value("prefecture")) == (unit, prefecture)


@pytest.mark.parametrize("sentence", ["根据中国残疾人联合会的要求开展自评。", "朝阳残联按要求开展自评。"])
def test_no_unit_from_words_that_are_no_short_place_name(sentence: str) -> None:
    assert parse_text(sentence + "全年预算数为100万元。", header="项目绩效自评报告\n").value("unit_name") is None


def test_department_report_has_no_project_name() -> None:
    assert parse_text("全年预算数为100万元。").value("project_name") is None


def test_page_number_cutting_a_sentence_is_skipped() -> None:
    report = parse_text("全年执行数为\n\n- 3 -\n\n1,200.00万元，预算执行率为\n96.5%。")
    assert report.value("budget_executed") == 1200.0
    assert report.value("execution_rate_pct") == 96.5
    assert "- 3 -" in report.facts["budget_executed"].evidence.snippet


def test_line_wrapped_by_layout_is_joined() -> None:
    report = parse_text("本年度部门整体支出情况良好，各项资金均按计划使用，全年预\n算数为1,000.00万元。")
    assert report.value("budget_adjusted") == 1000.0


def test_line_with_a_colon_heading_and_its_list_is_joined() -> None:
    # A PDF line "1、收入：…，其中：…" has two colons, yet it is prose, not a web page's "发布时间：… 来源：…".
    report = parse_text(
        "1、收入：2022年度收入合计473.28万元，其中：财政拨款收入406.80万元，政府性基金预算拨款收\n"
        "入40.63万元，其他收入25.85万元。"
    )
    assert report.value("income_gov_fund") == 40.63


@pytest.mark.parametrize("furniture", ["发布时间：2024-05-10  来源：区残联", "信息来源：县残联 发布日期：2023-09-01"])
def test_web_page_furniture_is_not_joined_to_the_next_line(furniture: str) -> None:
    assert Source(furniture + "\n全年预算数为100万元").norm.count("\n") == 1


def test_sentence_wrapped_after_a_title_noun_is_joined() -> None:
    report = parse_text("通过对项目的决策、过程、产出等方面进行评价、打分，最终评价得分90.22分，评价结果\n为优秀。")
    assert report.value("grade") == "优"


@pytest.mark.parametrize(
    ("value", "following", "joined"),
    [
        # a form exported one cell per line: the long value ends at its cell, the next form label stands alone
        ("51000023T000000012345-残疾人两项补贴", "主管部门", False),
        # a sentence the layout wrapped before words that merely begin like a label continues
        ("本项目由县残疾人联合会牵头实施，乡镇残联配合，县财政局作为", "主管部门负责资金监管。", True),
    ],
)
def test_a_form_label_alone_on_its_line_continues_no_value_above(value: str, following: str, joined: bool) -> None:
    assert (Source(f"{value}\n{following}").norm.count("\n") == 0) is joined


def test_a_long_project_name_cell_of_a_form_one_cell_per_line_ends_at_its_cell() -> None:
    report = parse_text(
        "项目名称\n51000023T000000012345-残疾人两项补贴\n主管部门\n青神县残疾人联合会\n"
        "实施单位\n青神县残疾人联合会\n全年预算数为100万元。",
        header="部门预算项目支出绩效自评表(2023年度)\n",
    )
    assert report.value("project_name") == "残疾人两项补贴"


def test_heading_after_a_short_line_is_not_joined() -> None:
    source = Source("（一）预算执行率（10分）\n2024年预算数为100万元")
    assert source.norm.count("\n") == 1


def test_problems_and_measures_sections_as_text() -> None:
    report = parse_text(
        "全年预算数为100万元。\n五、存在的问题\n预算编制不够精准。\n六、改进措施及建议\n加强预算编制管理。\n七、结论\n良好。"
    )
    assert report.value("problems") == "预算编制不够精准。"
    assert report.value("measures") == "加强预算编制管理。"


def test_problems_and_measures_from_a_forms_rows() -> None:
    report = parse_text(
        "项目名称\t残疾人康复救助\n全年预算数为100万元。\n存在问题\t个别乡镇申请材料报送不及时。\n改进措施\t按季度汇总乡镇申请。\n",
        header="项目支出绩效自评表（2023年度）\n",
    )
    problems, measures = report.value("problems"), report.value("measures")
    assert (problems, measures) == ("个别乡镇申请材料报送不及时。", "按季度汇总乡镇申请。")


@pytest.mark.parametrize(
    "sections",
    [
        "五、存在的问题及改进措施\n（一）存在的问题\n预算编制不够精准。\n（二）改进措施\n加强预算编制。\n六、其他\n无。",
        "五、存在问题和改进措施\n存在问题：预算编制不够精准。\n改进措施：加强预算编制。\n",
    ],
)
def test_a_joint_section_of_problems_and_measures_is_split_by_its_own_headings_or_labels(sections: str) -> None:
    report = parse_text("全年预算数为100万元。\n" + sections)
    assert (report.value("problems"), report.value("measures")) == ("预算编制不够精准。", "加强预算编制。")


def test_a_joint_section_without_its_own_parts_is_both() -> None:
    report = parse_text("全年预算数为100万元。\n五、存在的问题及改进措施\n预算编制不够精准，下一步将细化编制。\n")
    assert report.value("problems") == report.value("measures") == "预算编制不够精准，下一步将细化编制。"


MEASURE = "加强预算编制。"


@pytest.mark.parametrize(
    ("sections", "measures"),
    [
        ("五、存在的问题及改进措施\n（一）问题\n预算编制不够精准。\n（二）措施\n加强预算编制。\n六、其他", MEASURE),
        ("五、存在问题及改进措施\n（一）主要不足\n预算编制不够精准。\n（二）下步打算\n加强预算编制。", MEASURE),
        ("五、存在的问题及改进措施\n问题：预算编制不够精准。\n措施：加强预算编制。\n六、其他\n无。", MEASURE),
        ("五、存在问题及改进措施\n存在问题：预算编制不够精准。下一步改进措施：加强预算编制。\n", "加强预算编制。"),
        (
            "五、存在的问题及原因、改进措施\n预算编制不够精准。\n下一步，我们将加强预算编制。\n六、其他\n无。",
            "下一步，我们将加强预算编制。",
        ),
        ("五、存在问题及改进措施\n预算编制不够精准。\n针对上述问题，将加强编制。", "针对上述问题，将加强编制。"),
        # the two labels numbered as the body's two items
        ("五、存在的问题及改进措施\n（一）存在问题：预算编制不够精准。\n（二）改进措施：加强预算编制。", MEASURE),
        ("五、存在的问题及改进措施\n1.存在的问题：预算编制不够精准。\n2.改进措施：加强预算编制。", MEASURE),
        # a paragraph opened by "今后" or "下步", a sentence by "下一步"
        ("五、存在问题及改进措施\n预算编制不够精准。\n今后将加强预算编制。", "今后将加强预算编制。"),
        ("五、存在问题及改进措施\n预算编制不够精准。\n下步将加强预算编制。", "下步将加强预算编制。"),
        ("五、存在问题及改进措施\n预算编制不够精准。下一步，一是加强编制。", "下一步，一是加强编制。"),
        # a section headed "问题和建议"
        ("五、问题和建议\n预算编制不够精准。\n建议：加强预算编制。", MEASURE),
    ],
)
def test_a_joint_sections_body_marking_its_two_parts_is_split(sections: str, measures: str) -> None:
    report = parse_text("全年预算数为100万元。\n" + sections)
    assert (report.value("problems"), report.value("measures")) == ("预算编制不够精准。", measures)


@pytest.mark.parametrize(
    "body",
    [
        # sub-headings naming one problem each, not the two parts
        "（一）预算编制不够精准的问题\n部分项目调整。\n（二）加强预算编制的措施\n细化编制。",
        # a measure given with each problem
        "问题1：预算编制不精准。措施：细化编制。\n问题2：监管不足。措施：加强监管。",
        # under problem items, the last paragraph may be the last item's own measure
        "（一）预算编制不精准\n部分项目调整。\n（二）项目管理不到位\n监管不足。\n下一步，我们将加强监管。",
        # nothing before the measures
        "下一步，我们将加强预算编制。",
        # the problems' numbered items go on after the sentence: it is the first item's own measure
        "一是预算编制不精准。下一步将细化编制。二是监管不足。",
    ],
)
def test_a_joint_sections_body_without_two_marked_parts_is_both(body: str) -> None:
    report = parse_text("全年预算数为100万元。\n五、存在的问题及改进措施\n" + body + "\n六、其他\n无。")
    assert report.value("problems") == report.value("measures") == body


def test_the_templates_heading_of_experience_and_problems_stands_for_its_problems_part() -> None:
    report = parse_text(
        "全年预算数为100万元。\n五、主要经验及做法、存在的问题及原因分析\n（一）主要经验及做法\n成立工作专班。\n"
        "（二）存在的问题及原因分析\n预算编制不够精准。\n六、有关建议\n加强预算编制。\n"
    )
    assert (report.value("problems"), report.value("measures")) == ("预算编制不够精准。", MEASURE)


@pytest.mark.parametrize(
    "sections",
    [
        "三、偏离绩效目标的原因和下一步改进措施\n（一）偏离绩效目标的原因\n预算编制不够精准。\n（二）下一步改进措施\n加强预算编制。",
        "四、绩效目标未完成原因和下一步改进措施\n预算编制不够精准。\n下一步，加强预算编制。",
    ],
)
def test_the_templates_reasons_for_missed_targets_are_the_problems(sections: str) -> None:
    report = parse_text("全年预算数为100万元。\n" + sections + "\n五、其他\n无。\n")
    assert report.value("problems") == "预算编制不够精准。"
    assert report.value("measures") in (MEASURE, "下一步，加强预算编制。")


def test_an_indicator_forms_column_of_reasons_is_no_problems_section() -> None:
    body = "全年预算数为100万元。\n偏差原因分析及改进措施\n无偏差。\n"
    report = parse_text(body, header="项目支出绩效自评表（2023年度）\n")
    assert report.value("problems") is None


def test_a_problems_heading_naming_nothing_else_keeps_all_its_items() -> None:
    body = "（一）预算执行中存在的问题\n支付偏慢。\n（二）项目管理不到位\n监管不足。"
    report = parse_text("全年预算数为100万元。\n五、存在的问题\n" + body + "\n六、改进措施\n加强预算编制。\n")
    assert report.value("problems") == body


def test_a_heading_about_last_years_problems_and_advice_is_no_section_of_them() -> None:
    report = parse_text("全年预算数为100万元。\n五、上年度评价问题和建议整改情况\n已全部整改。\n")
    assert (report.value("problems"), report.value("measures")) == (None, None)


def test_a_forms_rows_kept_as_one_line_by_a_text_layer() -> None:
    report = parse_text(
        "全年预算数为100万元。\n存在问题   个别乡镇申请材料报送不及时。\n改进措施：按季度汇总乡镇申请。\n",
        header="项目支出绩效自评表（2023年度）\n",
    )
    problems, measures = report.value("problems"), report.value("measures")
    assert (problems, measures) == ("个别乡镇申请材料报送不及时。", "按季度汇总乡镇申请。")


def test_a_sentence_about_problems_is_no_form_row() -> None:
    report = parse_text("全年预算数为100万元。\n存在问题较少，整改措施得力。\n", header="项目支出绩效自评表\n")
    assert (report.value("problems"), report.value("measures")) == (None, None)


def test_a_forms_unfilled_rows_keep_the_templates_instruction_not_problems() -> None:
    report = parse_text(
        "全年预算数为100万元。\n存在问题\t结合自评情况，分析存在的问题及原因。（200字以内）\n"
        "改进措施\t针对项目自评中发现的问题，提出改进完善的意见。（200字以内）\n",
        header="项目支出绩效自评表（2023年度）\n",
    )
    assert (report.value("problems"), report.value("measures")) == (None, None)


@pytest.mark.parametrize("heading", ["四、建议", "四、相关建议", "（四）评价建议", "（三）相关建议。"])
def test_an_external_evaluations_recommendations_are_the_measures(heading: str) -> None:
    report = parse_text(f"全年预算数为100万元。\n{heading}\n细化绩效目标。\n某某会计师事务所有限公司\n2024年5月\n")
    assert report.value("measures") == "细化绩效目标。"


@pytest.mark.parametrize("date", ["2024年5月10日", "二〇二四年五月十日", "二〇二四年十二月三十一日"])
def test_a_signature_dated_in_any_numerals_is_cut_from_the_last_section(date: str) -> None:
    report = parse_text(f"全年预算数为100万元。\n四、意见建议\n细化绩效目标。\n某某会计师事务所\n{date}\n")
    assert report.value("measures") == "细化绩效目标。"


def test_a_last_sentence_naming_a_month_is_kept_in_the_last_section() -> None:
    report = parse_text("全年预算数为100万元。\n四、意见建议\n细化绩效目标。\n二〇二四年六月底前完成整改。\n")
    assert report.value("measures") == "细化绩效目标。\n二〇二四年六月底前完成整改。"


@pytest.mark.parametrize("heading", ["四、意见和建议", "五、意见及建议", "（四）改进意见"])
def test_an_evaluators_advice_heading_is_the_measures(heading: str) -> None:
    report = parse_text(f"全年预算数为100万元。\n{heading}\n细化绩效目标。\n某某会计师事务所有限公司\n2024年5月\n")
    assert report.value("measures") == "细化绩效目标。"


def test_a_sentence_of_advice_on_a_numbered_line_is_no_heading() -> None:
    report = parse_text("全年预算数为100万元。\n五、评价结论\n（三）相关建议已落实。\n")
    assert report.value("measures") is None


def test_a_heading_about_last_years_advice_is_no_measures() -> None:
    report = parse_text("全年预算数为100万元。\n三、上年度评价意见和建议整改情况\n已全部整改到位。\n")
    assert report.value("measures") is None


def test_a_sentence_about_advice_is_no_heading() -> None:
    report = parse_text("全年预算数为100万元。\n四、评价结论\n提出了改进建议，见下文。\n")
    assert report.value("measures") is None


@pytest.mark.parametrize(
    ("ending", "measures"),
    [
        ("\n附件：部门整体支出绩效评价指标评分表\n一级指标\t分值\t得分", "加强预算编制管理。"),
        ("\n附表2 项目支出绩效自评表", "加强预算编制管理。"),
        ("详见附件。", "加强预算编制管理。详见附件。"),
    ],
)
def test_an_appendix_ends_the_last_section(ending: str, measures: str) -> None:
    report = parse_text("全年预算数为100万元。\n五、改进措施\n加强预算编制管理。" + ending)
    assert report.value("measures") == measures


def test_a_report_in_traditional_characters_is_read_and_quoted_as_written() -> None:
    title = "攸縣殘疾人聯合會2023年度部門整體支出績效自評報告\n"
    report = parse_text("全年預算數為372.40萬元，評價等級為“優”。", header=title)
    assert (report.value("unit_name"), report.value("budget_adjusted"), report.value("grade")) == (
        "攸县残疾人联合会",
        372.4,
        "优",
    )
    assert report.facts["budget_adjusted"].evidence.snippet == "全年預算數為372.40萬元"
    assert report.warnings == ["全文为繁体字：已按简体字读取，证据片段仍为原文"]


def test_a_simplified_report_quoting_traditional_words_is_left_as_written() -> None:
    report = parse_text("全年预算数为100万元，用于“臺灣同胞”慰问。")
    assert (report.value("budget_adjusted"), report.warnings) == (100.0, [])
    assert Source("用于“臺灣同胞”慰问，评价").norm == "用于“臺灣同胞”慰问，评价"


def test_letter_spaced_pdf_text_is_read_without_its_spaces_and_quoted_with_them() -> None:
    report = parse_text(
        "全 年 预 算 数 为 3 7 2 . 4 0 万 元 ， 自 评 得 分 9 3 . 5 分 。\n二、存 在 的 问 题\n资 金 拨 付 较 慢 。"
    )
    assert (report.value("budget_adjusted"), report.value("score_total")) == (372.4, 93.5)
    assert report.facts["budget_adjusted"].evidence.snippet == "全 年 预 算 数 为 3 7 2 . 4 0 万 元"
    assert report.value("problems") == "资金拨付较慢。"
    assert report.facts["problems"].evidence.snippet == "资 金 拨 付 较 慢 。"


@pytest.mark.parametrize(
    "line", ["目标序号 1 2 3 4", "产出指标 数量指标 培训人数 80人 74人 2 1.5", "预算数为 356.20 万元，执行率 98 %"]
)
def test_rows_of_cells_and_spaced_figures_keep_their_spaces(line: str) -> None:
    assert Source(line + "\n").norm == line + "\n"


def test_a_space_after_a_figures_decimal_point_is_read_through_and_quoted_as_written() -> None:
    report = parse_text("全年预算数为372. 40万元，全年执行数为365. 12万元，自评得分为93. 5分。")
    assert (report.value("budget_adjusted"), report.value("budget_executed"), report.value("score_total")) == (
        372.4,
        365.12,
        93.5,
    )
    assert report.facts["budget_adjusted"].evidence.snippet == "全年预算数为372. 40万元"


@pytest.mark.parametrize("line", ["2. 50%以上的残疾人参加培训", "共3项。 40分为满分", "合计 372. 40"])
def test_a_numbered_item_or_a_sentence_end_keeps_its_space(line: str) -> None:
    assert Source(line + "\n").norm == line + "\n"


def test_a_form_copied_one_cell_a_line_with_a_closing_pipe_on_each_line_is_read_as_its_cells() -> None:
    header = ["年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"]
    cells = [*header, "总额", "100.00", "120.00", "114.00", "95.00%", "10", "9.5"]
    report = parse_text("\n".join(f"{cell} |" for cell in cells) + "\n|\n存在问题 |\n资金拨付较慢。 |\n")
    assert (report.value("budget_initial"), report.value("budget_adjusted"), report.value("budget_executed")) == (
        100.0,
        120.0,
        114.0,
    )
    assert report.facts["budget_executed"].evidence.snippet == "114.00"


@pytest.mark.parametrize("line", ["| 年初预算 | 100 |", "年初预算 | 100 |", "年初预算|100", "| 年初预算"])
def test_a_row_of_pipe_separated_cells_keeps_its_pipes(line: str) -> None:
    assert Source(line + "\n").norm == line + "\n"


def test_the_end_of_a_row_a_page_break_cut_keeps_its_closing_pipe() -> None:
    assert Source("| 年初预算 | 100 | 全年预算\n\n- 3 -\n\n120 |\n").norm.endswith("120 |\n")


def test_staff_breakdown_leaves_out_retired_staff() -> None:
    report = parse_text("在职人员 22人，其中行政编制 5人，事业编制16人，退休人员 2人。全年预算数为100万元。")
    staff = next(b for b in report.breakdowns if b.label == "staff")
    assert (staff.total.value, [p.value for p in staff.parts]) == (22, [5, 16])


def test_evaluation_periods_that_differ_are_alternatives() -> None:
    report = parse_text(
        "2023年4月21日至5月20日开展评价。全年预算数为100万元。\n分析评价：2022年4月21日至5月20日，核实资料。"
    )
    assert report.facts["evaluation_period"].value == "2023-04-21..2023-05-20"
    assert [a.value for a in report.alternatives if a.field == "evaluation_period"] == ["2022-04-21..2022-05-20"]


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("今日菜单：红烧肉、清蒸鱼。", "没有“绩效”二字"),
        ("2023年部门决算说明：本年收入合计920.68万元。", "没有“绩效”二字"),
        ("关于召开全区绩效管理工作会议的通知。", "没有“预算”“支出”“资金”“得分”“评价”等字样"),
    ],
)
def test_text_that_is_not_a_performance_report_is_an_error_saying_what_is_missing(text: str, missing: str) -> None:
    with pytest.raises(ParseError, match=f"不是预算绩效报告：全文{missing}"):
        parse_document(Document.from_pages("notice.txt", "txt", [text]))


def test_report_without_any_figure_is_an_error() -> None:
    with pytest.raises(ParseError, match="未能读出"):
        parse_document(Document.from_pages("empty.txt", "txt", ["绩效评价报告\n本单位认真开展了预算绩效工作。"]))


# A flattened cover of a project's 绩效评价报告: its cells on one line, the funds cells out of order (no figure placed).
FLAT_COVER = (
    "2019年度村残疾人专职委员工作补贴项目绩效自评报告\n"
    "遵化市预算支出项目绩效评价报告 项目名称 村专职委员工作补贴 项目单位 遵化市残疾人联合会 主管部门 "
    "遵化市残疾人联合会 考评类型 事后考评☑ 项目负责人 王某 地址 某街 86 号 邮编 064200\n"
)


def test_report_naming_its_unit_year_and_project_without_any_figure_keeps_them() -> None:
    report = parse_document(Document.from_pages("cover.txt", "txt", [FLAT_COVER]))
    assert (report.value("unit_name"), report.value("fiscal_year"), report.value("project_name")) == (
        "遵化市残疾人联合会",
        2019,
        "村专职委员工作补贴",
    )
    assert report.value("budget_executed") is None
    assert any(w.startswith("未能读出本单位的预算金额") for w in report.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "某市残疾人联合会2023年度部门整体支出绩效自评报告\n本部门预算支出按规定执行。",  # a template: no real place
        "关于开展遵化市残疾人联合会2023年度预算绩效自评工作的通知\n各单位认真开展。",  # no report's title
        "遵化市残疾人联合会部门整体支出绩效自评报告\n本部门预算支出按规定执行。",  # no year
    ],
)
def test_report_without_any_figure_and_a_full_identity_stays_an_error(text: str) -> None:
    with pytest.raises(ParseError, match="未能读出"):
        parse_document(Document.from_pages("empty.txt", "txt", [text]))


TARGET_LINES = "年度总体目标\n完成委托业务。\n绩效指标\n产出指标\n数量指标\n"  # the form goes on below its cells


@pytest.mark.parametrize(
    ("cells", "unit"),
    [
        # another department's form: the 实施单位 cell names the unit, after its budget code or on the next line
        ("主管部门 219-棠溪镇人民政府\n实施单位 219001-池州市贵池区棠溪镇人民政府\n", "池州市贵池区棠溪镇人民政府"),
        ("主管部门\n青神县发展和改革局本级\n实施单位 (盖章)\n青神县发展和改革局\n", "青神县发展和改革局"),
        # a 残联 named anywhere stays the unit; a cell naming no place places no unit
        ("主管部门\t北京市朝阳区残疾人联合会\t实施单位\t北京市朝阳区八里庄街道办事处\n", "北京市朝阳区残疾人联合会"),
        ("实施单位\t发展和改革局\n", None),
    ],
)
def test_unit_of_a_form_naming_no_disabled_persons_federation_is_its_implementing_unit(
    cells: str, unit: str | None
) -> None:
    body = "项目名称\t委托业务项目\n" + cells + "本项目全年预算数为90万元，全年执行数为89.97万元。\n" + TARGET_LINES
    assert parse_text(body, header="项目支出绩效自评表(2022年度)\n").value("unit_name") == unit


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        # a 街道's title over a sentence naming the county's 残联 that guides it: the signing 街道 is the unit
        ("秣陵街道残联2022年度残疾人康复服务项目绩效自评报告\n", "南京市江宁区秣陵街道残疾人联合会"),
        # a title naming the county's own 残联 keeps it, whoever signs below
        ("江宁区残联2022年度残疾人康复服务项目绩效自评报告\n", "江宁区残疾人联合会"),
    ],
)
def test_a_sentence_under_the_title_names_no_unit_of_its_own(title: str, unit: str) -> None:
    body = (
        "在江宁区残联的指导下，秣陵街道残联2022年度残疾人康复服务项目全年预算数为12万元，全年执行数为11.6万元。\n"
        "本项目自评得分95分。\n南京市江宁区秣陵街道残疾人联合会\n2023年2月10日\n"
    )
    assert parse_text(body, header=title).value("unit_name") == unit


@pytest.mark.parametrize(
    ("implementer", "level", "code"),
    [
        # a 镇's or 街道's government is below the counties: placed by them, at the township level, without a code
        ("池州市贵池区棠溪镇人民政府", "township", None),
        ("北京市朝阳区八里庄街道办事处", "township", None),
        # a county's own department keeps the county's level and code
        ("池州市贵池区财政局", "county", "341702"),
    ],
)
def test_implementing_unit_below_a_county_is_a_township(implementer: str, level: str | None, code: str | None) -> None:
    body = f"项目名称\t委托业务项目\n实施单位\t{implementer}\n本项目全年预算数为90万元，全年执行数为89.97万元。\n"
    report = parse_text(body + TARGET_LINES, header="项目支出绩效自评表(2022年度)\n")
    assert report.value("unit_name") == implementer
    assert report.value("county") in ("贵池区", "朝阳区")
    assert (report.value("admin_level"), report.value("admin_code")) == (level, code)


BUILT_PLACE_BODY = "一、项目概况\n本项目全年预算数为200万元，全年执行数为190万元。\n二、自评结论\n本项目得分92分。\n"


@pytest.mark.parametrize(
    ("title", "ending", "unit", "project"),
    [
        # a place a project builds is named like a unit: followed by the work on it, it is the project's subject
        ("2021年度会宁县残疾人托养中心建设项目绩效自评报告\n", "", None, "残疾人托养中心建设项目"),
        (
            "会宁县残疾人康复中心改造工程绩效自评报告\n",
            "会宁县残疾人联合会\n2022年3月1日\n",
            "会宁县残疾人联合会",
            "残疾人康复中心改造工程",
        ),
        # a unit writing of its own project keeps being the unit
        (
            "会宁县残疾人康复中心2023年度残疾儿童康复救助项目绩效自评报告\n",
            "",
            "会宁县残疾人康复中心",
            "残疾儿童康复救助项目",
        ),
    ],
)
def test_a_place_a_project_builds_is_not_the_unit(title: str, ending: str, unit: str | None, project: str) -> None:
    report = parse_text(BUILT_PLACE_BODY + ending, header=title)
    assert (report.value("unit_name"), report.value("project_name")) == (unit, project)
    assert report.value("county") == "会宁县"


def test_unit_of_a_county_with_the_longest_name_is_found() -> None:
    report = parse_text(
        "本项目支出10万元。\n临沧市双江拉祜族佤族布朗族傣族自治县残疾人联合会\n2024年6月9日",
        header="2023年残疾儿童精准康复服务支出绩效自评报告\n",
    )
    assert (report.value("county"), report.value("admin_code")) == ("双江拉祜族佤族布朗族傣族自治县", "530925")


def test_other_department_on_the_same_template_is_named() -> None:
    report = parse_text(
        "全年预算数为100万元，全年执行数为98万元。\n常宁市民政局\n2025年3月1日",
        header="常宁市民政局2024年度部门整体支出绩效自评报告\n",
    )
    assert (report.value("unit_name"), report.value("admin_code")) == ("常宁市民政局", "430482")


def test_finance_bureau_named_in_the_body_does_not_replace_the_canlian() -> None:
    report = parse_text(
        "根据《昆明市财政局关于批复2022年昆明市残疾人联合会部门预算的通知》，全年预算数为76.1万元。\n昆明市残疾人联合会\n",
        header="2022年残疾人基层组织建设及服务经费支出绩效自评报告\n",
    )
    assert report.value("unit_name") == "昆明市残疾人联合会"


def test_breakdown_found_after_a_joined_line() -> None:
    report = parse_text(
        "本部门承担全市残疾人事业的综合协调、服务和管理职能，下设康复中心、职业培训中心\n等单位。\n"
        "2022年度收入合计1,610.90万元，其中：一般公共预算财政拨款收入1,272.10万元，政府性基金预算拨款收入212.29万元，"
        "其他收入126.51万元。"
    )
    assert (report.value("income_gov_fund"), report.value("income_other")) == (212.29, 126.51)


def test_page_number_cutting_a_pipe_table_row_is_skipped() -> None:
    report = parse_text(
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 成本指标 | 残\n\n- 1 -\n\n疾人康复服务相关工作预算 | ≤171.75万元 | 155.01万元 | 3 | 3 |\n"
    )
    assert [r.level3 for r in report.indicators] == ["残疾人康复服务相关工作预算"]


def test_levels_named_without_the_word_indicator_and_a_weight_column() -> None:
    table = (
        "一级指标\t二级指标\t三级指标\t指标值\t完成值\t权重\t得分\n"
        "产出\t数量\t辅具适配人数\t≥300人\t320人\t20\t20\n"
        "\t成本\t人均适配成本\t≤500元\t480元\t10\t10\n"
        "成本\t经济成本\t项目总成本\t≤50万元\t48万元\t10\t10\n"
        "效益\t社会效益\t家庭负担减轻\t明显\t明显\t20\t18\n"
    )
    rows = parse_text(table).indicators
    assert [(r.level1, r.level2, r.level3, r.points, r.score) for r in rows] == [
        ("产出", "数量", "辅具适配人数", 20, 20),
        ("产出", "成本", "人均适配成本", 10, 10),  # 成本 under 产出 is its second level
        ("成本", "经济成本", "项目总成本", 10, 10),  # under the 一级指标 header it is a first level
        ("效益", "社会效益", "家庭负担减轻", 20, 18),
    ]


def test_a_targets_sense_and_unit_in_columns_of_their_own() -> None:
    table = (
        "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t权重\t得分\t未完成原因分析\n"
        "产出指标\t数量指标\t适配辅助器具人数\t≥\t400\t人\t412\t30\t30\t\n"
        "\t时效指标\t补贴发放时间\t≤\t30\t天\t28\t20\t20\t\n"
        "效益指标\t社会效益指标\t生活自理能力\t定性\t明显改善\t\t有所改善\t20\t18\t重度残疾人改善有限\n"
        "满意度指标\t服务对象满意度指标\t受助残疾人满意度\t正向\t≥90%\t\t95%\t10\t10\t\n"
    )
    rows = parse_text(table).indicators
    quantities = [(r.target.comparator, r.target.value, r.target.unit, r.actual.value, r.actual.unit) for r in rows]
    assert quantities == [
        ("≥", 400, "人", 412, "人"),
        ("≤", 30, "天", 28, "天"),
        (None, None, None, None, None),  # 定性: the words stay as written
        ("≥", 90, "%", 95, "%"),  # 正向 states no comparator: the one written with the value stands
    ]
    assert rows[2].note == "重度残疾人改善有限"


def test_a_sense_and_unit_form_whose_text_layer_lost_its_blank_cells() -> None:
    table = (
        "一级指标   二级指标   三级指标   指标性质   指标值   度量单位   完成值   权重   得分   未完成原因分析\n"
        "产出指标   数量指标   适配辅助器具人数   ≥   400   人   412   30   30\n"
        "效益指标   社会效益指标   生活自理能力   定性   明显改善   有所改善   20   18   重度残疾人改善有限\n"
        "满意度指标   服务对象满意度指标   受助残疾人满意度   90%   95%   10   10\n"
    )
    rows = parse_text(table).indicators
    assert [(r.level3, r.target.comparator, r.target.value, r.target.unit, r.actual.text) for r in rows] == [
        ("适配辅助器具人数", "≥", 400, "人", "412"),
        ("生活自理能力", None, None, None, "有所改善"),
        ("受助残疾人满意度", "=", 90, "%", "95%"),  # neither sense nor unit written: the cells there are the figures
    ]


def test_without_a_unit_column_a_word_before_the_actual_is_the_target() -> None:
    table = (
        "一级指标   二级指标   三级指标   年度指标值   实际完成值   分值   得分\n"
        "效益指标   社会效益指标   生活自理能力   明显   有所改善   20   18\n"
    )
    rows = parse_text(table).indicators
    assert [(r.level3, r.target.text, r.actual.text) for r in rows] == [("生活自理能力", "明显", "有所改善")]


@pytest.mark.parametrize(
    ("header", "row", "read"),
    [
        # a county's form puts 分值 before the target: the four cells are read in the header's order
        ("三级指标 分值 年度指标值 实际完成值 得分", "康复救助人数 25 350 362 24", (350, 362, 25, 24)),
        ("三级指标 分值 年度指标值 实际完成值 得分", "康复救助人数 25 ≥350人 362人 24 资金晚到", (350, 362, 25, 24)),
        # the national order keeps its reading: the same figures are the target and actual, then points and score
        ("三级指标 年度指标值 实际完成值 分值 得分", "康复救助人数 350 362 25 24", (350, 362, 25, 24)),
        ("三级指标 年度指标值 实际完成值 分值 得分", "康复救助人数 25 350 362 24", (25, 350, 362, 24)),
    ],
)
def test_a_text_layers_indicator_row_is_read_in_its_headers_order(header: str, row: str, read: tuple) -> None:
    table = f"一级指标 二级指标 {header} 偏差原因分析及改进措施\n产出指标 数量指标 {row}\n"
    [indicator] = parse_text(table).indicators
    assert (indicator.target.value, indicator.actual.value, indicator.points, indicator.score) == read


WRAPPED_HEADER_ROWS = (
    ("产出指标", "数量指标", "残疾人基本康复服务人数", "20", "≥1200人", "1236人", "20", ""),
    ("", "质量指标", "辅助器具适配合格率", "20", "≥95%", "93%", "18", "部分器具返修"),
)


@pytest.mark.parametrize("separator", [" ", "\t"])
def test_an_indicator_header_wrapped_onto_two_lines_is_read_as_one(separator: str) -> None:
    # "年度指标值" in a narrow cell: "年度" on the header's line, "指标值" on the line under it
    header = ("一级指标", "二级指标", "三级指标", "分值", "年度", "实际", "得分", "偏差原因分析")
    under = ("", "", "", "", "指标值", "完成值", "", "及改进措施")
    lines = [header, under, *WRAPPED_HEADER_ROWS]
    table = "".join(separator.join(cells).strip() + "\n" for cells in lines)
    rows = parse_text(table).indicators
    assert [(r.level3, r.target.text, r.actual.text, r.points, r.score, r.note) for r in rows] == [
        ("残疾人基本康复服务人数", "≥1200人", "1236人", 20, 20, None),
        ("辅助器具适配合格率", "≥95%", "93%", 20, 18, "部分器具返修"),
    ]


def test_a_level_line_under_an_indicator_header_is_no_part_of_it() -> None:
    # a short line of words under the header, but a level of its own: it heads the rows, it completes no label
    form = SPACED_FORM_WITH_LEVEL_LINES.replace("产出指标（40分）", "产出指标")
    rows = parse_text(form, header=PROJECT_TITLE).indicators
    assert [(r.level1, r.level2, r.level3) for r in rows][:2] == [
        ("产出指标", "数量指标", "补贴发放人次"),
        ("产出指标", "成本指标", "人均补贴标准"),
    ]


def test_a_markdown_table_without_its_outer_pipes() -> None:
    table = (
        "一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分\n---|---|---|---|---|---|---\n"
        "产出指标|数量指标|辅具适配人数|≥300人|320人|20|20\n|质量指标|适配合格率|100%|98%|10|9\n"
    )
    rows = parse_text(table).indicators
    assert [(r.level1, r.level2, r.level3, r.score) for r in rows] == [
        ("产出指标", "数量指标", "辅具适配人数", 20),
        ("产出指标", "质量指标", "适配合格率", 9),
    ]
    assert [c.text for c in Source("来源：县残联 | 发布时间：2024年\n").rows[0].cells] == [
        "来源：县残联 | 发布时间：2024年"
    ]


def test_one_cell_per_line_indicator_table_with_blank_cells() -> None:
    header = "一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n偏差原因分析及改进措施\n"
    rows = "产出指标\n数量指标\n改造户数\n≥225户\n268户\n4\n4\n\n\n质量指标\n合格率\n≥90%\n99%\n1\n0.5\n个别返工\n"
    report = parse_text(header + rows)
    assert [(r.level1, r.level2, r.level3, r.score, r.note) for r in report.indicators] == [
        ("产出指标", "数量指标", "改造户数", 4, None),
        ("产出指标", "质量指标", "合格率", 0.5, "个别返工"),
    ]


def _cells_of_a_web_page(*cells: str) -> str:
    """A table copied from a web page: one cell a line, a blank line after each (an empty cell is a blank line)."""
    return "".join(cell + "\n\n" for cell in cells)


INDICATOR_ROWS_APART = (
    "产出指标\n数量指标\n康复服务人数\n≥120人\n126人\n20\n20\n\n"
    "质量指标\n辅具适配合格率\n≥95%\n97%\n20\n18\n个别辅具返修\n\n"
    "效益指标\n社会效益指标\n残疾人生活改善\n有所改善\n有所改善\n30\n30\n\n"
)
INDICATORS_APART_READ = [
    ("数量指标", "康复服务人数", "126人", 20, None),
    ("质量指标", "辅具适配合格率", "97%", 18, "个别辅具返修"),
    ("社会效益指标", "残疾人生活改善", "有所改善", 30, None),
]


@pytest.mark.parametrize(
    "rows", [INDICATOR_ROWS_APART, INDICATOR_ROWS_APART.replace("\n\n", "\n \n")], ids=["blank_line", "empty_cell_line"]
)
def test_indicator_rows_one_cell_a_line_apart_under_a_header_of_paragraphs_are_each_read(rows: str) -> None:
    # 天长's form: the header's labels a paragraph each, the rows' cells line after line, a blank (or an empty
    # cell's) line between rows; the empty note is dropped. Read as paragraphs, a row was one cell.
    labels = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    report = parse_text(_cells_of_a_web_page(*labels) + rows, header=PROJECT_TITLE)
    assert [(r.level2, r.level3, r.actual.text, r.score, r.note) for r in report.indicators] == INDICATORS_APART_READ


INDICATOR_LABELS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
NOTED_ROWS_NAMING_THEIR_LEVEL = (
    *("产出指标", "数量指标", "康复服务人数", "≥120人", "126人", "20", "18", "部分对象迁出"),
    *("效益指标", "社会效益指标", "残疾人生活改善", "有所改善", "有所改善", "30", "30"),
    *("满意度指标", "服务对象满意度指标", "残疾人满意度", "≥90%", "95%", "10", "9"),
)


@pytest.mark.parametrize(
    ("note_label", "read"),
    [
        (
            ("偏差原因分析及改进措施",),
            [
                ("产出指标", "康复服务人数", 18, "部分对象迁出"),
                ("效益指标", "残疾人生活改善", 30, None),
                ("满意度指标", "残疾人满意度", 9, None),
            ],
        ),
        # no note column: a row's last cell is its score, the level after it opens the next row as before
        (
            (),
            [
                ("产出指标", "康复服务人数", 18, None),
                ("效益指标", "残疾人生活改善", 30, None),
                ("满意度指标", "残疾人满意度", 9, None),
            ],
        ),
    ],
    ids=["note_column", "no_note_column"],
)
def test_web_page_indicator_header_keeps_its_note_label_over_noted_rows_naming_their_level(
    note_label: tuple[str, ...], read: list
) -> None:
    # a paragraph a cell, one row's note filled: "偏差原因分析及改进措施" taken for a caption read the header a label
    # short, glued it to "产出指标" and the note "部分对象迁出" to the next row's level
    rows = [cell for cell in NOTED_ROWS_NAMING_THEIR_LEVEL if note_label or cell != "部分对象迁出"]
    report = parse_text(_cells_of_a_web_page(*INDICATOR_LABELS, *note_label, *rows), header=PROJECT_TITLE)
    assert [(r.level1, r.level3, r.score, r.note) for r in report.indicators] == read


@pytest.mark.parametrize("paragraphs", [True, False], ids=["paragraph_a_cell", "cell_a_line"])
@pytest.mark.parametrize(
    "note_label",
    [("偏差原因分析", "及改进措施"), ("偏差原因分析及", "改进措施"), ("偏差原因分析",)],
    ids=["wrapped", "wrapped_after_and", "one_line"],
)
def test_one_cell_a_line_note_label_wrapped_in_its_narrow_cell_is_one_label(
    paragraphs: bool, note_label: tuple[str, ...]
) -> None:
    # "偏差原因分析" over "及改进措施": the label's tail was read as the first row's 一级指标, and "产出指标数量指标"
    # its 二级指标
    cells = (*INDICATOR_LABELS, *note_label, *NOTED_ROWS_NAMING_THEIR_LEVEL)
    body = _cells_of_a_web_page(*cells) if paragraphs else "".join(cell + "\n" for cell in cells)
    report = parse_text(body, header=PROJECT_TITLE)
    assert [(r.level1, r.level2, r.note) for r in report.indicators][:2] == [
        ("产出指标", "数量指标", "部分对象迁出"),
        ("效益指标", "社会效益指标", None),
    ]


@pytest.mark.parametrize(
    ("paragraphs", "note"),
    [
        (("1.部分对象迁出；", "2.下年补充名单。"), "1.部分对象迁出；2.下年补充名单。"),
        (("（1）部分对象迁出；", "（2）下年补充名单。"), "（1）部分对象迁出；（2）下年补充名单。"),
        (("1.部分对象迁出；",), "1.部分对象迁出；"),  # one item: the next row's level opens it
    ],
    ids=["numbered", "bracketed", "one_item"],
)
def test_web_page_note_of_numbered_paragraphs_stays_one_note(paragraphs: tuple[str, ...], note: str) -> None:
    # a note cell of two paragraphs, set as two: "2.下年补充名单。" was lost (read as the next row's 一级指标)
    rows = [cell for cell in NOTED_ROWS_NAMING_THEIR_LEVEL if cell != "部分对象迁出"]
    rows[7:7] = paragraphs
    cells = (*INDICATOR_LABELS, "偏差原因分析及改进措施", *rows)
    report = parse_text(_cells_of_a_web_page(*cells), header=PROJECT_TITLE)
    assert [(r.level1, r.level3, r.note) for r in report.indicators][:2] == [
        ("产出指标", "康复服务人数", note),
        ("效益指标", "残疾人生活改善", None),
    ]


ONE_CELL_A_LINE_HEADER = "一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n偏差原因分析及改进措施\n"
PROSE_AFTER_TABLE = "本项目总体完成较好，资金使用规范。\n下一步将继续加强项目管理。\n"


@pytest.mark.parametrize(
    ("rows", "last_note"),
    [
        (INDICATOR_ROWS_APART + PROSE_AFTER_TABLE, None),  # rows a blank line apart: the blank line ends the table
        (INDICATOR_ROWS_APART.replace("30\n\n", "30\n按计划完成\n\n") + PROSE_AFTER_TABLE, "按计划完成"),
        # rows running on: the line after the last row may be its note
        (INDICATOR_ROWS_APART.replace("\n\n", "\n") + PROSE_AFTER_TABLE, "本项目总体完成较好，资金使用规范。"),
    ],
    ids=["prose_after_a_blank_line", "note_before_the_blank_line", "rows_running_on"],
)
def test_the_last_indicator_row_one_cell_a_line_takes_no_cell_past_the_blank_line_ending_each_row(
    rows: str, last_note: str | None
) -> None:
    report = parse_text(ONE_CELL_A_LINE_HEADER + rows, header=PROJECT_TITLE)
    assert [(r.level3, r.score) for r in report.indicators][-1] == ("残疾人生活改善", 30)
    assert report.indicators[-1].note == last_note


def test_one_cell_per_line_indicator_table_whose_merged_level_cells_are_written_once() -> None:
    # a narrow header wrapped ("年度" over "指标值"); a level written on its first row only, its name wrapped too
    # ("社会效益" over "指标"); an empty note a blank cell or nothing at all
    header = _cells_of_a_web_page(
        *("一级指标", "二级指标", "三级指标", "年度", "指标值", "实际", "完成值"),
        *("分值", "得分", "偏差原因分析及改进措施"),
    )
    rows = _cells_of_a_web_page(
        *("产出指标", "数量指标", "康复服务人数", "300", "312", "20", "20", " "),
        *("质量指标", "辅具适配合格率", "100", "98", "20", "18", "个别辅具返修"),
        *("时效指标", "资金拨付及时率", "100", "100", "10", "10"),
        *("效益指标", "社会效益", "指标", "残疾人生活改善", "有所改善", "有所改善", "30", "30", " "),
        *("总分", "100", "98"),
    )
    report = parse_text(header + rows)
    assert [
        (r.level1, r.level2, r.level3, r.target.text, r.actual.text, r.points, r.score, r.note)
        for r in report.indicators
    ] == [
        ("产出指标", "数量指标", "康复服务人数", "300", "312", 20, 20, None),
        ("产出指标", "质量指标", "辅具适配合格率", "100", "98", 20, 18, "个别辅具返修"),
        ("产出指标", "时效指标", "资金拨付及时率", "100", "100", 10, 10, None),
        ("效益指标", "社会效益指标", "残疾人生活改善", "有所改善", "有所改善", 30, 30, None),
    ]
    assert (report.value("score_total"), report.value("score_max")) == (98, 100)  # the total row, one cell a line


def test_web_page_scoring_table_whose_cells_are_paragraphs() -> None:
    # 附件3-1 copied from a web page: a blank line after every cell, a cell's own lines run on ("投  入" over
    # "(10分)"), an empty note a paragraph of spaces, and the points right after a long scoring rule
    header = _cells_of_a_web_page(
        *("一级指标", "二级指标", "三级指标", "评分标准"), *("分值", "自评得分", "扣分原因和其他说明")
    )
    rows = _cells_of_a_web_page(
        *("投  入\n(10分)", "预算配置\n(10分)", "在职人员控制率", "在职人员控制率100%,计5分;每超过一个百分点扣0.5分。"),
        *("5", "5", " "),
        *("“三公经费”\n变动率", "变动率≤0,计5分;\n变动率>0,每超过一个百分点扣0.5分。", "5", "4", "略有增加"),
        *("总分", "10", "9"),
    )
    report = parse_text(header + rows)
    assert [(r.level1, r.level2, r.level3, r.points, r.score, r.note) for r in report.indicators] == [
        ("投入", "预算配置", "在职人员控制率", 5, 5, None),
        ("投入", "预算配置", "“三公经费”变动率", 5, 4, "略有增加"),
    ]


def test_bare_number_after_prose_and_before_prose_is_still_a_page_number() -> None:
    report = parse_text("本年度部门整体支出情况良好，各项资金均按计划使用，全年预\n\n12\n\n算数为1,000.00万元。")
    assert report.value("budget_adjusted") == 1000.0


@pytest.mark.parametrize(
    ("names", "levels"),
    [
        (("预算配置", "财政供养人员", "控制率"), ("预算配置", "财政供养人员控制率")),  # a name broken in two paragraphs
        (("预算配置", "人员控制率"), ("预算配置", "人员控制率")),  # two names, each a cell: the row reads as it is
    ],
)
def test_web_page_scoring_table_name_broken_into_two_paragraphs(names: tuple[str, ...], levels: tuple) -> None:
    header = _cells_of_a_web_page("一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因")
    rows = _cells_of_a_web_page("投入", *names, "以100%为标准,计5分;每超过一个百分点扣0.5分。", "5", "4", " ")
    rows += _cells_of_a_web_page("总分", "5", "4")
    report = parse_text(header + rows)
    assert [(r.level2, r.level3, r.score) for r in report.indicators] == [(*levels, 4)]

@pytest.mark.parametrize(
    ("rule", "level3"),
    [("在职人员控制率100%，计5分。", "在职人员控制率"), ("", "在职人员控制率")],  # an empty rule: the name is kept
)
def test_scoring_rule_before_the_points_is_no_level_name(rule: str, level3: str) -> None:
    table = (
        "一级指标\t二级指标\t三级指标\t评分标准\t分值\t自评得分\t扣分原因\n"
        f"投入(10分)\t预算配置(10分)\t在职人员控制率\t{rule}\t5\t5\t\n"
        "总分\t\t\t\t10\t9\t\n"
    )
    rows = parse_text(table).indicators
    assert [(r.level1, r.level2, r.level3) for r in rows] == [("投入", "预算配置", level3)]


@pytest.mark.parametrize(("name", "level"), [("投  入（10分）", "投入"), ("Ⅰ 投入", "Ⅰ 投入")])
def test_level_name_loses_a_web_page_letter_spacing_only(name: str, level: str) -> None:
    assert _level_name(name) == level


def test_one_cell_per_line_indicator_row_under_both_merged_levels_follows_the_note_above() -> None:
    header = "一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n偏差原因分析及改进措施\n"
    rows = (
        "产出指标\n数量指标\n康复救助人数\n≥120人\n126人\n15\n15\n按计划完成\n"
        "辅具适配人数\n≥200人\n180人\n15\n13\n部分对象未申请\n"
        "质量指标\n康复服务达标率\n≥95%\n96%\n10\n10\n合计\n100\n98\n"
    )
    report = parse_text(header + rows)
    assert [(r.level2, r.level3, r.actual.value, r.score, r.note) for r in report.indicators] == [
        ("数量指标", "康复救助人数", 126, 15, "按计划完成"),
        ("数量指标", "辅具适配人数", 180, 13, "部分对象未申请"),
        ("质量指标", "康复服务达标率", 96, 10, None),
    ]


def test_one_cell_per_line_short_level_names_are_not_joined_to_the_cell_below() -> None:
    # "满意度" over "服务对象满意度" are two levels written out on every row, not one name wrapped in its cell
    header = "一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n偏差原因分析及改进措施\n"
    rows = (
        "满意度\n服务对象满意度\n受益人满意度\n≥90%\n95%\n10\n10\n无\n"
        "满意度\n服务对象满意度\n家属满意度\n≥85%\n90%\n5\n5\n无\n"
    )
    report = parse_text(header + rows)
    assert [(r.level1, r.level2, r.level3, r.score, r.note) for r in report.indicators] == [
        ("满意度", "服务对象满意度", "受益人满意度", 10, "无"),
        ("满意度", "服务对象满意度", "家属满意度", 5, "无"),
    ]


def test_one_cell_per_line_scoring_table_keeps_indicators_named_like_second_levels() -> None:
    # the 部门整体 framework scores 社会效益 and 服务对象满意度 as indicators under 履职效益: they stay the rows' names
    header = "一级指标\n二级指标\n三级指标\n分值\n评分标准\n自评得分\n"
    rows = (
        "效益（30分）\n履职效益（30分）\n可持续影响\n6\n完全达到得满分\n6\n\n\n"
        "服务对象满意度\n2\n健全得满分\n2\n\n\n社会效益\n22\n≥90%得满分\n22\n合计\n\n\n100\n\n96.50\n"
    )
    report = parse_text(header + rows)
    assert [(r.level1, r.level2, r.level3, r.points, r.score) for r in report.indicators] == [
        ("效益", "履职效益", "可持续影响", 6, 6),
        ("效益", "履职效益", "服务对象满意度", 2, 2),
        ("效益", "履职效益", "社会效益", 22, 22),
    ]
    assert report.value("score_total") == 96.5


def test_aligned_row_keeps_an_empty_target_in_its_column() -> None:
    report = parse_text(
        "年度指标完成情况\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "绩效目标1\t产出指标\t质量指标\t补贴资金发放准确率\t\t100%\t3\t3\t\n"
    )
    row = report.indicators[0]
    assert (row.level3, row.target.text, row.actual.value) == ("补贴资金发放准确率", "", 100)
    assert (row.points, row.score) == (3, 3)


def test_body_outweighs_the_summary_it_repeats() -> None:
    report = parse_text(
        "本项目支出76.02万元，预算执行率为60.29%。\n",
        header="摘要\n2018年，本项目支出72.04万元。\n2018年残疾人法律援助与信访维权经费\n绩效自评报告\n",
    )
    assert report.value("budget_executed") == 76.02
    assert [a.value for a in report.alternatives if a.field == "budget_executed"] == [72.04]


@pytest.mark.parametrize(
    ("header", "body", "project"),
    [
        # a form cell beside its label
        (
            "# 项目支出绩效自评表\n(2018年度)\n",
            "| 项目名称 |  | 残疾人辅助器具适配服务 |  |\n|---|---|---|---|\n本项目支出19.52万元。",
            "残疾人辅助器具适配服务",
        ),
        # under its label, in a table exported one cell a line
        (
            "项目支出绩效自评表\n(2020年度)\n",
            "项目名称\n\n残疾人职业技能培训专项资金\n\n\n主管部门\n\n北流市残疾人联合会\n本项目支出13.00万元。",
            "残疾人职业技能培训专项资金",
        ),
        # a header under the label is no name
        ("项目支出绩效自评表\n", "项目名称\n\n全年预算数\n\n全年执行数\n本项目支出13.00万元。", None),
        # the budget system's project code before the name is not part of it
        (
            "项目支出绩效自评表\n",
            "项目名称\t51000024R000000031206-残疾人辅助器具适配补贴\n本项目支出13.00万元。",
            "残疾人辅助器具适配补贴",
        ),
        ("项目支出绩效自评表\n", "项目名称：330100-2023-00012 残疾人就业补助\n\n本项目支出13万元。", "残疾人就业补助"),
        # the year opening a labelled name frames it, as in a title; a year later on is the name's own
        ("项目支出绩效自评表\n", "项目名称\t2023年残疾人就业补助\n本项目支出13.00万元。", "残疾人就业补助"),
        ("项目支出绩效自评表\n", "项目名称：2023年度残疾人就业补助\n本项目支出13.00万元。", "残疾人就业补助"),
        ("项目支出绩效自评表\n", "项目名称\t2022-2023年残疾人就业补助\n本项目支出13.00万元。", "残疾人就业补助"),
        ("项目支出绩效自评表\n", "项目名称\n\n2023年残疾人职业培训资金\n本项目支出13.00万元。", "残疾人职业培训资金"),
        ("项目支出绩效自评表\n", "项目名称\t残疾人2023年度康复救助\n本项目支出13.00万元。", "残疾人2023年度康复救助"),
        ("项目支出绩效自评表\n", "项目名称：2023年度\n本项目支出13.00万元。", "2023年度"),
        # a place with the year frames the name too, before or after it; a place alone may be the name's own
        ("项目支出绩效自评表\n", "项目名称\t2023年衡东县残疾人康复项目\n本项目支出13.00万元。", "残疾人康复项目"),
        ("项目支出绩效自评表\n", "项目名称：2023年度湖南省衡阳市残疾人康复项目\n\n本项目支出13万。", "残疾人康复项目"),
        ("项目支出绩效自评表\n", "项目名称\t衡东县2023年度残疾人康复项目\n本项目支出13.00万元。", "残疾人康复项目"),
        ("项目支出绩效自评表\n", "项目名称\t衡东县残疾人康复项目\n本项目支出13.00万元。", "衡东县残疾人康复项目"),
        ("项目支出绩效自评表\n", "项目名称\t2023年全县残疾人康复项目\n本项目支出13.00万元。", "全县残疾人康复项目"),
        ("项目支出绩效自评表\n", "项目名称\t2023年衡东县\n本项目支出13.00万元。", "衡东县"),
        # a 街道 or 乡镇 before the year frames the name as a county does; a 特色小镇 is the project's own
        ("项目支出绩效自评表\n", "项目名称\t八里庄街道2023年度残疾人之家补助\n本项目支出13万元。", "残疾人之家补助"),
        ("项目支出绩效自评表\n", "项目名称\t特色小镇2023年度建设项目\n本项目支出13万元。", "特色小镇2023年度建设项目"),
        # a numbered section heading ("四、项目绩效自评表") is not the title
        (
            "教育补助和残疾人及机构培训项目绩效自评报告\n",
            "一、项目基本情况\n本项目全年预算数为45.26万元。\n四、项目绩效自评表\n总分\t100\t96\n",
            "教育补助和残疾人及机构培训项目",
        ),
    ],
)
def test_project_name_from_the_report_body(header: str, body: str, project: str | None) -> None:
    assert parse_text(body, header=header).value("project_name") == project


YUNNAN_TITLE = "2022年度项目支出绩效自评报告\n"
PROJECT_BODY = "一、基本情况\n本项目全年预算数为30万元，全年执行数为29万元。\n"


@pytest.mark.parametrize(
    ("block", "project"),
    [
        # Yunnan's title block: the label in brackets under the title; the closing bracket is the block's
        ("（项目名称：残疾人康复服务项目）\n", "残疾人康复服务项目"),
        ("（项目名称：残疾人事业发展补助资金（省对下转移支付））\n", "残疾人事业发展补助资金（省对下转移支付）"),
        # the name's own brackets stay
        ("项目名称：残疾人事业发展补助资金（省对下转移支付）\n", "残疾人事业发展补助资金（省对下转移支付）"),
        # the project library's code, glued before the name or in brackets after it, is no part of it
        ("项目编码：53292222T000000123456\n项目名称：53292222T000000123456残疾人康复服务项目\n", "残疾人康复服务项目"),
        ("（项目名称：53292222T000000123456残疾人康复服务项目）\n", "残疾人康复服务项目"),
        ("项目名称：残疾人康复服务项目（项目编码：53292222T000000123456）\n", "残疾人康复服务项目"),
        ("项目名称：残疾人康复服务项目；项目编码：53292222T000000123456\n", "残疾人康复服务项目"),
        ("项目名称：残疾人康复服务项目项目编码：53292222T000000123456\n", "残疾人康复服务项目"),
        ("项目名称：残疾人证编码信息化建设项目\n", "残疾人证编码信息化建设项目"),
        ("项目名称：0-6岁残疾儿童康复救助\n", "0-6岁残疾儿童康复救助"),
        # the name in brackets under a title that names none; a year or a version there is no name
        ("（残疾人康复服务项目）\n", "残疾人康复服务项目"),
        ("（2022年度）\n", None),
        ("（公开版）\n", None),
    ],
)
def test_project_name_in_the_title_block(block: str, project: str | None) -> None:
    report = parse_text(PROJECT_BODY, header=YUNNAN_TITLE + block)
    assert (report.value("report_scope"), report.value("project_name")) == ("project", project)


SICHUAN_TITLE = "遂宁市残疾人联合会2023年度部门预算项目支出绩效自评报告\n"


@pytest.mark.parametrize(
    ("title", "body", "project"),
    [
        # the project library's code before the name, on the line under Sichuan's title or quoted with it
        (SICHUAN_TITLE, "51092324T000008036127-残疾人两项补贴\n", "残疾人两项补贴"),
        (SICHUAN_TITLE, "51092324T000008036127 残疾人两项补贴\n", "残疾人两项补贴"),
        ("项目支出绩效自评表\n", "项目名称\t51092324T000008036127——残疾人两项补贴\n", "残疾人两项补贴"),
        ("项目支出绩效自评表\n", "项目名称\t330100-2023-00012 残疾人就业补助\n", "残疾人就业补助"),
        # a list's "、" between the code and the name; a "、" inside a name without a code stays
        ("项目支出绩效自评表\n", "项目名称\t51092324T000008036127、残疾人两项补贴\n", "残疾人两项补贴"),
        ("项目支出绩效自评表\n", "项目名称：51092324T000008036127、残疾人两项补贴\n\n", "残疾人两项补贴"),
        ("项目支出绩效自评表\n", "项目名称\t残疾人康复、托养服务补助\n", "残疾人康复、托养服务补助"),
        # the name after the code opens with its year (大英县's form)
        ("项目支出绩效自评表\n", "项目名称\t51092324T000010263357-2023年辅具补助资金项目\n", "辅具补助资金项目"),
        ("项目支出绩效自评表\n", "项目名称 |51092324T000010263357-2023年残疾人两项补贴 |\n", "残疾人两项补贴"),
        (SICHUAN_TITLE, "2023年度残疾人两项补贴\n", "残疾人两项补贴"),
        ("关于“51092324T000008036127：残疾人两项补贴”项目开展绩效自评的报告\n", "", "残疾人两项补贴"),
        ("关于“0-6岁残疾儿童康复救助”项目开展绩效自评的报告\n", "", "0-6岁残疾儿童康复救助"),
        # a long "项目名称：" line is no sentence the layout wrapped into the next field
        (
            "项目支出绩效自评表\n",
            "项目名称：51092324T000008036127-残疾人两项补贴\n主管部门：遂宁市残疾人联合会\n",
            "残疾人两项补贴",
        ),
    ],
)
def test_a_project_code_before_the_name_is_no_part_of_it(title: str, body: str, project: str) -> None:
    assert parse_text(body + PROJECT_BODY, header=title).value("project_name") == project


def test_a_wrapped_sentence_runs_on_into_a_line_opening_with_a_form_label() -> None:
    text = "资金下达后由县残联按照相关管理办法统一组织实施并由\n主管部门负责全过程监督管理。\n"
    assert Source(text).norm.startswith("资金下达后由县残联按照相关管理办法统一组织实施并由主管部门")


def test_a_title_broken_before_its_genre_is_joined_to_the_subject_above() -> None:
    title = "隆回县残疾人联合会残疾人康复项目资金\n绩效评价报告\n上会湘报字(2023)第0012号\n"
    report = parse_text("受隆回县财政局委托，我所对该项目实施绩效评价。项目预算资金100万元。", header=title)
    fact = report.facts["project_name"]
    assert (fact.value, fact.evidence.method, report.value("unit_name")) == (
        "残疾人康复项目资金",
        "exact",
        "隆回县残疾人联合会",
    )


@pytest.mark.parametrize(
    ("title", "project"),
    [
        # the line above is the evaluator's label, no subject; a title with a subject of its own stays alone
        ("评价机构：某某会计师事务所\n绩效评价报告\n", None),
        ("隆回县财政局\n残疾人康复项目绩效评价报告\n", "残疾人康复项目"),
    ],
)
def test_a_title_line_is_not_joined_to_a_line_that_names_no_subject(title: str, project: str | None) -> None:
    assert parse_text("本项目预算资金100万元。", header=title).value("project_name") == project


@pytest.mark.parametrize(
    ("title", "body", "unit"),
    [
        ("新化县2022年度残疾人两项补贴资金绩效评价报告", "评价对象为县残联负责实施的项目。", "新化县残疾人联合会"),
        ("湖南省新化县2022年度残疾人两项补贴资金绩效评价报告", "由县残疾人联合会实施。", "新化县残疾人联合会"),
        # the place after the title's year, as the title's place is read for a report naming no unit
        ("2022年度新化县残疾人两项补贴资金绩效评价报告", "评价对象为县残联负责实施的项目。", "新化县残疾人联合会"),
        # the level is not the title's place's, or "各县残联" are the ones below it
        ("邵阳市2022年度残疾人两项补贴资金绩效评价报告", "评价对象为县残联负责实施的残疾人两项补贴资金。", None),
        ("新化县2022年度残疾人两项补贴资金绩效评价报告", "资金由各县残联负责发放。", None),
        # its superior named in a sentence guides the unit, it is not the unit: the title's county is, or none
        ("会宁县2023年度残疾人康复项目绩效自评报告", "在白银市残联的指导下，县残联负责实施。", "会宁县残疾人联合会"),
        ("新化县2022年度残疾人两项补贴资金绩效评价报告", "按照湖南省残联的要求，县残联发放。", "新化县残疾人联合会"),
        ("新化县2022年度残疾人两项补贴资金绩效评价报告", "在娄底市残联的指导下，全县共发放补贴。", None),
        # the title's own place named with its 残联 is no superior
        ("邵阳市2022年度残疾人两项补贴资金绩效评价报告", "在邵阳市残联的组织下，各县发放。", "邵阳市残疾人联合会"),
    ],
)
def test_a_unit_named_by_its_level_alone_is_the_titles_place(title: str, body: str, unit: str | None) -> None:
    report = parse_text(body + "资金总额100万元。", header=title + "\n")
    assert report.value("unit_name") == unit
    if unit is not None and "残联的" not in body:
        assert report.facts["unit_name"].evidence.method == "derived"


@pytest.mark.parametrize(
    ("title", "place"),
    [
        # a county's report of funds it spent names no unit: the title's place is still the report's
        ("会宁县2021年度中央彩票公益金支持地方社会公益事业发展资金绩效自评报告", ("甘肃省", "白银市", "会宁县")),
        ("2021年度会宁县残疾人两项补贴资金绩效自评报告", ("甘肃省", "白银市", "会宁县")),
        # a namesake the text does not tell apart (鼓楼区: 南京, 福州, 徐州, 开封), or no place at all
        ("鼓楼区2021年度残疾人托养中心建设项目绩效自评报告", (None, None, None)),
        ("2021年度中央彩票公益金支持地方社会公益事业发展资金绩效自评报告", (None, None, None)),
    ],
)
def test_a_report_naming_no_unit_is_placed_by_its_titles_place(title: str, place: tuple) -> None:
    report = parse_text("下达我县资金200万元，用于残疾人托养中心建设。", header=title + "\n")
    assert report.value("unit_name") is None
    assert (report.value("province"), report.value("prefecture"), report.value("county")) == place
    if place[0] is not None:
        assert report.facts["county"].evidence.snippet == "会宁县"


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        # the finance bureau issues the report: "县残联" in its text is the unit it evaluated
        ("新化县财政局关于残疾人两项补贴项目的绩效评价报告", "新化县残疾人联合会"),
        # a department's own report that mentions the 残联 it works with stays its own
        ("新化县民政局残疾人两项补贴项目绩效自评报告", "新化县民政局"),
    ],
)
def test_a_finance_bureaus_title_does_not_name_the_unit(title: str, unit: str) -> None:
    report = parse_text("本项目由县残联配合实施。2023年度残疾人两项补贴项目评价得分为86.5分。", header=title + "\n")
    assert report.value("unit_name") == unit


@pytest.mark.parametrize(
    ("period", "year"),
    [
        ("2023年1月1日至2023年12月31日", 2023),
        ("2023年01月01日-2023年12月31日", 2023),
        ("2023年1月1日至2024年12月31日", None),  # two years: no one fiscal year
        ("2023年7月1日至2023年12月31日", None),  # half a year
        # Hunan's project form: "项目起止时间 2016年1月起至2016年12月止", by months
        ("2016年1月起至2016年12月止", 2016),
        ("2016 年 1 月起至 2016 年 12 月止", 2016),
        ("2016年1月起至2017年12月止", None),
        ("2016年3月起至2016年12月止", None),
    ],
)
def test_a_report_that_names_its_year_only_by_its_period(period: str, year: int | None) -> None:
    report = parse_text(
        f"评价对象为{period}县残联实施的康复项目。全年预算数为100万元。自评得分90分。",
        header="某县残疾人联合会残疾人康复项目绩效评价报告\n",
    )
    assert report.value("fiscal_year") == year


@pytest.mark.parametrize(
    ("body", "year"),
    [
        ("根据《关于开展2024年度财政重点绩效评价工作的通知》要求，对县残联2023年度残疾人就业项目开展评价。", 2023),
        # a plain year outside the cited notice (when the unit was set up) is no rival to it
        ("根据《关于开展2023年度绩效评价工作的通知》要求，本单位成立于1988年，负责残疾人就业工作。", 2023),
    ],
)
def test_the_year_of_a_cited_notice_gives_way_to_the_years_own_mention(body: str, year: int) -> None:
    report = parse_text(body + "综合评价得分为86.5分。", header="残疾人就业项目绩效评价报告\n")
    assert report.value("fiscal_year") == year


def test_attachment_title_wins_over_the_overview_title() -> None:
    report = parse_text(
        "附件：甘南县残疾人联合会2022年度孤独症儿童康复救助绩效评价结果\n# 甘南县残疾人联合会\n"
        "## 2022年度孤独症儿童康复救助绩效评价结果\n县残联综合得分为93.48分，评价等级为优。\n",
        header="# 甘南县2022年部分重大政策和重点项目绩效执行结果\n组织开展12个重点项目的财政评价，涉及资金6.5亿元。\n",
    )
    assert (report.value("project_name"), report.value("evaluation_type")) == ("孤独症儿童康复救助", "external")


def test_a_title_under_the_units_name_on_its_own_line_is_joined_to_it() -> None:
    title = "宁乡市残疾人联合会\n2023年度残疾人康复救助项目绩效自评报告\n"
    report = parse_text("本项目全年预算数100万元，执行数95万元。", header=title)
    assert (report.value("unit_name"), report.value("project_name")) == ("宁乡市残疾人联合会", "残疾人康复救助项目")
    assert identity.report_title(Source("宁乡市残疾人联合会\n2023年度部门整体支出绩效自评报告\n"))[2] == (
        "宁乡市残疾人联合会2023年度部门整体支出绩效自评报告"
    )


def test_a_table_caption_appended_to_the_report_is_not_its_title() -> None:
    text = (
        "宁乡市残疾人联合会2023年度绩效自评报告\n全年预算数为520万元，全年执行数为501.3万元。部门整体支出绩效良好。\n"
        "附表：宁乡市残联2023年度项目支出绩效自评表\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t培训人数\t80人\t84人\t20\t20\n"
    )
    source = Source(text)
    assert identity.report_title(source)[2] == "宁乡市残疾人联合会2023年度绩效自评报告"
    assert parse_text(text, header="").value("report_scope") == "department"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a text layer's spaces: each money column's total with its sources' figures
        (
            "其中：当年财政拨款 80 100 98 — — —\n上年结转资金 20 25 20 — — —\n其他资金 0 0 0 — — —\n",
            {"budget_adjusted": [100, 25, 0], "budget_initial": [80, 20, 0], "budget_executed": [98, 20, 0]},
        ),
        # the department form's 按收入性质分 rows, above its 按支出性质分 rows (not sources)
        (
            "按收入性质分： — — — — — —\n其中：一般公共预算： 95 115 113 — — —\n政府性基金拨款： 5 5 5 — — —\n"
            "其他资金： 0 0 0 — — —\n按支出性质分： — — — — — —\n其中：基本支出： 60 60 59 — — —\n"
            "项目支出： 40 60 59 — — —\n",
            {"budget_adjusted": [115, 5, 0], "budget_initial": [95, 5, 0], "budget_executed": [113, 5, 0]},
        ),
        # 湖南's form sets the split by nature beside the sources, one figure each: which column is it?
        (
            "按收入性质分： 按支出性质分：\n其中：一般公共预算： 115 其中：基本支出： 59\n"
            "政府性基金拨款： 5 项目支出： 59\n其他资金： 0\n",
            {},
        ),
        # parts of the spending, not sources of the money
        ("其中：基本支出 60 60 59 — — —\n项目支出 40 60 59 — — —\n", {}),
    ],
)
def test_source_rows_under_the_budget_row_are_a_breakdown_of_each_column(
    rows: str, expected: dict[str, list[float]]
) -> None:
    report = parse_text(
        "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "年度资金总额 100 120 118 10 98.33% 9.8\n" + rows,
        header="项目支出绩效自评表\n（2023年度）\n",
    )
    sources = {b.total.field: [p.value for p in b.parts] for b in report.breakdowns if b.label.startswith("funding_")}
    assert sources == expected
    assert report.value("budget_adjusted") == 120


PROJECT_FORM_TABS = (
    "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t100\t120\t118\t10\t98.33%\t9.8\n"
)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # "其中：" in a cell of its own before the first source's label: the sources are still read, column by column
        (
            "\t其中：\t当年财政拨款\t80\t100\t98\t—\t—\t—\n\t上年结转资金\t20\t20\t20\t—\t—\t—\n"
            "\t其他资金\t0\t0\t0\t—\t—\t—\n",
            {"budget_adjusted": [100, 20, 0], "budget_initial": [80, 20, 0], "budget_executed": [98, 20, 0]},
        ),
        # a bare "其中：" before a line that is no source of the money (培训费) still ends the sources
        ("\t其中：\t培训费\t80\t100\t98\t—\t—\t—\n\t上年结转资金\t20\t20\t20\t—\t—\t—\n", {}),
        # a bare "其中：" with figures after it and no label names nothing
        ("\t其中：\t80\t100\t98\t—\t—\t—\n\t上年结转资金\t20\t20\t20\t—\t—\t—\n", {}),
    ],
)
def test_a_bare_opening_cell_before_the_first_source_row_is_set_aside(
    rows: str, expected: dict[str, list[float]]
) -> None:
    report = parse_text(PROJECT_FORM_TABS + rows, header="项目支出绩效自评表\n（2023年度）\n")
    sources = {b.total.field: [p.value for p in b.parts] for b in report.breakdowns if b.label.startswith("funding_")}
    assert sources == expected
    assert (report.value("budget_initial"), report.value("budget_adjusted")) == (100, 120)


def test_a_bare_opening_cell_before_basic_spending_keeps_its_figures_in_their_columns() -> None:
    form = NATURE_FORM.replace("\t其中：基本支出：\t\t186.30", "\t其中：\t基本支出：\t180.20\t186.30")
    report = parse_text(form)
    assert (report.value("spend_basic"), report.value("spend_project")) == (184.9, 103.7)
    # near miss: "其中：" before a part that is no kind of spending gives no basic spending
    report = parse_text(form.replace("\t基本支出：", "\t办公费："))
    assert (report.value("spend_basic"), report.value("spend_project")) == (None, 103.7)


def test_a_budget_rows_label_under_a_header_without_a_caption_cell_shifts_no_figure() -> None:
    # One cell a line, the header without a cell over the row's label ("年度资金总额"): read under 年初预算数, each
    # figure would land a column left (the 全年预算 read as 年初's, the points as the rate). The figures are read
    # right-aligned with their labels instead.
    header = "年初预算数\n全年预算数\n全年执行数\n分值\n执行率\n得分\n"
    title = "某县残联2023年度项目支出绩效自评表\n"  # a line with figures: no caption of the table
    report = parse_text(header + "年度资金总额\n100\n120\n118\n10\n98.33%\n9.8\n", header=title)
    budget = tuple(report.value(f) for f in ("budget_adjusted", "budget_executed", "execution_rate_pct"))
    assert budget == (120, 118, 98.33)
    assert report.value("budget_initial") in (None, 100)
    # near miss: with the caption's cell over the labels ("项目资金（万元）") every column is read in its place
    report = parse_text("项目资金（万元）\n" + header + "年度资金总额\n100\n120\n118\n10\n98.33%\n9.8\n")
    budget = tuple(report.value(f) for f in ("budget_initial", "budget_adjusted", "budget_executed"))
    assert (*budget, report.value("execution_rate_pct")) == (100, 120, 118, 98.33)


SICHUAN_FORM = (
    "预算执行情况（10分） | 年度预算数（万元） | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分"
    " | 原因 |\n"
    "总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 | 预算执行率=预算执行数/调整后预算数 | |\n"
    "其中：财政资金 | 0.00 | 3.36 | 3.36 | 100.00% | / | / | | |\n"
    "财政专户管理资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / | | |\n"
    "单位资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / | | |\n"
)


def test_source_rows_stand_under_the_total_row_where_the_header_has_a_cell_more() -> None:
    # 四川's form: the header's first cell ("预算执行情况（10分）") is merged down the rows, so each row below has a
    # cell less before its figures: the sources are read in the total row's columns, not the header's.
    report = parse_text(SICHUAN_FORM, header="部门预算项目支出绩效自评表（2023年度）\n")
    sources = {b.total.field: [p.value for p in b.parts] for b in report.breakdowns if b.label.startswith("funding_")}
    assert sources == {"budget_adjusted": [3.36, 0, 0], "budget_initial": [0, 0, 0], "budget_executed": [3.36, 0, 0]}
    # near miss: a source row of another shape (a cell lost) is still read by the header's columns, in label order
    short = SICHUAN_FORM.replace("单位资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / | | |", "单位资金 | 0.00 | 0.00 | 0.00")
    report = parse_text(short)
    sources = {b.total.field: [p.value for p in b.parts] for b in report.breakdowns if b.label.startswith("funding_")}
    assert sources["budget_executed"] == [3.36, 0, 0]


def test_a_budget_header_wrapped_in_narrow_cells_one_cell_a_line_is_joined() -> None:
    # "年初 / 预算数 / 全年 / 预算数 / 全年 / 执行数", a paragraph a cell as a web page copies a Word form: each label's
    # two lines are one label, and the row's figures are read under them.
    labels = "项目资金\n(万元)\n\n \n\n年初\n\n预算数\n\n全年\n\n预算数\n\n全年\n\n执行数\n\n分值\n\n执行率\n\n得分\n\n"
    figures = "年度资金总额\n\n43.2\n\n43.2\n\n37.24\n\n10\n\n86%\n\n9\n\n"
    figures += "其中:当年财政拨款\n\n43.2\n\n43.2\n\n37.24\n\n \n\n"
    report = parse_text(labels + figures, header="项目支出绩效自评表\n\n2019年度)\n\n")
    budget = tuple(report.value(f) for f in ("budget_adjusted", "budget_executed", "execution_rate_pct"))
    assert budget == (43.2, 37.24, 86)
    # near miss: lines that make no budget label together ("全年" over "完成值") stay apart, and no budget is read
    targets = labels.replace("预算数", "目标值").replace("执行数", "完成值")
    report = parse_text(targets + figures + "自评得分95分。\n", header="项目支出绩效自评表\n\n2019年度)\n\n")
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (None, None)


def test_a_grand_total_with_the_years_sum_in_its_sentence_is_not_the_years_income_or_spending() -> None:
    # The 决算 template: 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 (and 支出总计 likewise); the
    # year's figures are the 合计, and the balances are no fiscal income.
    report = parse_text(
        "2023年度收入总计434.72万元，其中：本年收入合计434.16万元，使用非财政拨款结余0.00万元，"
        "年初结转和结余0.55万元。\n2023年度支出总计434.72万元，其中：本年支出合计434.16万元，结余分配0.00万元，"
        "年末结转和结余0.55万元。\n"
    )
    assert (report.value("income_total"), report.value("spend_total"), report.value("income_fiscal")) == (
        434.16,
        434.16,
        None,
    )
    report = parse_text("2023年度收入总计434.72万元，其中：本年收入434.16万元，年初结转和结余0.55万元。\n")
    assert report.value("income_total") == 434.16
    # near miss: a 总计 said with its parts, no 合计 named, is the year's; 财政拨款收入 is fiscal income
    report = parse_text("2023年度收入总计500万元，其中：财政拨款收入480万元，其他收入20万元。\n支出总计490万元。\n")
    assert (report.value("income_total"), report.value("spend_total"), report.value("income_fiscal")) == (
        500,
        490,
        480,
    )


def test_a_change_or_the_fiscal_funds_total_is_no_second_figure_of_the_years_spending() -> None:
    # "支出总计各增加100.00万元" is a change, "财政拨款收入、支出总计均为…" the fiscal funds' part: neither is a second
    # 支出合计 (nor "年初预算较上年增加30万元" the budget)
    report = parse_text(
        "本年支出合计1498.60万元，其中：基本支出420.30万元，项目支出1078.30万元。\n"
        "2023年度财政拨款收入、支出总计均为1480.10万元。与2022年相比，财政拨款收入、支出总计各增加100.00万元。\n"
        "年初预算较上年增加30万元。\n"
    )
    assert report.value("spend_total") == 1498.6
    assert [a for a in report.alternatives if a.field == "spend_total"] == []
    assert report.value("budget_initial") is None
    # near miss: a budget raised to its figure ("调增至") is that budget
    report = parse_text("全年预算数调增至150万元，全年执行数148万元。\n")
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (150, 148)


def test_the_final_accounts_income_list_runs_on_over_its_semicolons() -> None:
    # The 决算 template's list, one kind a clause: every kind is a part, and the parts add up to the 收入合计.
    text = (
        "2024年本年收入合计1500.00万元，其中：一般公共预算财政拨款收入1400.00万元，占93.33%；政府性基金预算财政拨款"
        "收入0万元；上级补助收入0万元；事业收入100.00万元，占6.67%；经营收入0万元；其他收入0万元。\n"
    )
    report = parse_text(text)
    income = next(b for b in report.breakdowns if b.label == "income")
    assert sum(p.value for p in income.parts) == 1500
    assert [f.check_id for f in run_checks(report, HEADER + text) if f.check_id == "parts_sum_to_total"] == []
    # near miss: a clause that names no kind of income ends the list ("年初结转和结余…" is no income of the year)
    report = parse_text(
        "本年收入合计500万元，其中：财政拨款收入480万元，其他收入20万元；年初结转和结余事业收入15万元。\n"
    )
    income = next(b for b in report.breakdowns if b.label == "income")
    assert [p.value for p in income.parts] == [480, 20]


def test_the_state_capital_budgets_income_is_a_part_of_the_income_not_its_fiscal_share() -> None:
    # The 决算 template's 国有资本经营预算财政拨款收入 is one more kind of income: a part, wherever it is listed.
    text = (
        "本年收入合计520.00万元，其中：国有资本经营预算财政拨款收入30.00万元，一般公共预算财政拨款收入400.00万元，"
        "政府性基金预算财政拨款收入50.00万元，上级补助收入20.00万元，事业收入10.00万元，其他收入10.00万元。\n"
    )
    report = parse_text(text)
    assert (report.value("income_fiscal"), report.value("income_gov_fund")) == (400, 50)
    income = next(b for b in report.breakdowns if b.label == "income")
    assert sorted(p.value for p in income.parts) == [10, 10, 20, 30, 50, 400]
    assert [f.check_id for f in run_checks(report, HEADER + text) if f.check_id == "parts_sum_to_total"] == []
    # near miss: parts that do not add up with it still do not
    text = text.replace("国有资本经营预算财政拨款收入30.00万元", "国有资本经营预算财政拨款收入20.00万元")
    report = parse_text(text)
    assert [f.check_id for f in run_checks(report, HEADER + text)].count("parts_sum_to_total") == 1


def test_a_count_of_projects_between_a_budget_label_and_its_figure_is_passed_over() -> None:
    # "年初批复预算8个项目985万元": a project report's budget, stated with the count of the projects it is made of
    title = "某县残疾人联合会2023年度残疾人事业发展项目支出绩效单位自评报告\n"
    report = parse_text("年初批复预算3个项目120万元，调整预算后项目预算115万元，实际支出110万元。\n", title)
    assert (report.value("budget_initial"), report.value("budget_adjusted")) == (120, 115)
    report = parse_text("年初预算共3个项目，资金共计120万元，实际支出110万元。\n", title)
    assert report.value("budget_initial") == 120


@pytest.mark.parametrize(
    ("body", "title"),
    [
        # words other than joining ones after the count: the figure is one project's, or what was spent
        ("年初预算3个项目，其中康复项目50万元。全年实际支出110万元。\n", "某县残联2023年度康复项目支出绩效自评报告\n"),
        ("年初预算3个项目已执行110万元。全年实际支出110万元。\n", "某县残联2023年度康复项目支出绩效自评报告\n"),
        # a department's budget of a count of projects is that of its project spending, one part of its money
        ("全年预算600万元。年初批复预算3个项目120万元。全年实际支出580万元。\n", HEADER),
    ],
)
def test_a_count_of_projects_gives_no_budget_where_the_figure_is_not_the_whole(body: str, title: str) -> None:
    assert parse_text(body, title).value("budget_initial") is None


def test_a_budget_sum_listed_as_its_initial_budget_and_additions_is_the_budget_after_changes() -> None:
    report = parse_text("2023年部门预算收入1200万元，其中年初预算1000万元，年中追加预算200万元。全年支出1150万元。\n")
    assert (report.value("budget_initial"), report.value("budget_adjusted")) == (1000, 1200)


@pytest.mark.parametrize(
    "body",
    [
        # the 年初 budget and the additions do not make the sum: which is the budget is not known
        "2023年部门预算收入1200万元，其中年初预算1000万元，年中追加预算150万元。全年支出1150万元。\n",
        # a list of the sources, not of the changes
        "2023年部门预算收入1200万元，其中财政拨款1000万元，其他收入200万元。全年支出1150万元。\n",
        # a balance carried in is no 年初 budget
        "2023年部门预算资金1200万元，其中年初结转结余200万元，新增1000万元。全年支出1150万元。\n",
    ],
)
def test_a_budget_sum_whose_list_is_not_its_initial_budget_and_additions_is_no_budget(body: str) -> None:
    assert parse_text(body).value("budget_adjusted") is None


def test_the_running_costs_kinds_budget_and_spending_are_no_figures_of_the_unit() -> None:
    # "“三公”经费：年初预算12.00万元，实际支出9.85万元", "会议费支出合计1.20万元", "政府采购支出总额120.50万元":
    # figures of one kind of spending, neither the unit's budget and spending nor a second value of them
    report = parse_text(
        "全年预算数2,512.30万元，年初预算2,356.78万元，全年实际支出2,498.66万元。\n"
        "本年支出合计2,498.66万元，其中基本支出628.90万元，项目支出1,869.76万元。\n"
        "3.“三公”经费：年初预算12.00万元，实际支出9.85万元。\n"
        "2023年“三公”经费支出合计9.85万元。2023年会议费支出合计1.20万元，培训费支出合计3.40万元。\n"
        "2023年政府采购支出总额120.50万元。\n"
    )
    assert report.value("budget_initial") == 2356.78
    assert (report.value("budget_executed"), report.value("spend_total")) == (2498.66, 2498.66)
    fields = {"budget_initial", "budget_executed", "spend_total"}
    assert [a for a in report.alternatives if a.field in fields] == []
    # near miss: the unit's own subject (部门, a 公务员 pay rise) keeps its figures
    report = parse_text("因公务员调资，全年预算调整为500万元。2023年部门支出合计490万元。\n")
    assert (report.value("budget_adjusted"), report.value("spend_total")) == (500, 490)


SICHUAN_FORM_CELLS = (
    "预算执行情况(10分)\n年度预算数(万元)\n年初预算\n调整后预算数\n预算执行数\n预算执行率\n权重\n得分\n原因\n"
    "总额\n238.93\n251.89\n245.10\n97.30%\n10\n\n预算执行率未达到90%的需说明原因。\n绩效指标(90分)\n自评得分95分。\n"
)


def test_a_budget_row_one_cell_a_line_with_its_score_left_blank_and_a_note_is_read_in_its_columns() -> None:
    # 四川's form copied a cell a line, its 得分 left empty (a blank line) and its 原因 a note: each figure under its
    # own label, not one column off (the 调整后预算数 as 年初's, the executed figure as the rate).
    report = parse_text(SICHUAN_FORM_CELLS, header="部门预算项目支出绩效自评表(2023年度)\n")
    budget = tuple(report.value(f) for f in ("budget_initial", "budget_adjusted", "budget_executed"))
    assert (*budget, report.value("execution_rate_pct")) == (238.93, 251.89, 245.1, 97.3)
    # near miss: without the blank line the note would stand under 得分, a figure's column: no reading at all
    report = parse_text(SICHUAN_FORM_CELLS.replace("10\n\n", "10\n"), header="部门预算项目支出绩效自评表(2023年度)\n")
    assert (report.value("budget_adjusted"), report.value("execution_rate_pct")) == (None, None)


def test_a_sentence_about_the_budget_of_income_or_spending_gives_no_year_end_figures() -> None:
    # "部门预算总收入…，其中…", "部门预算总支出…，其中基本支出…": the plan, then the year's 决算 figures
    report = parse_text(
        "2023年部门预算总收入5,230.00万元，其中一般公共预算拨款收入5,000.00万元，政府性基金预算拨款收入230.00万元。"
        "部门预算总支出5,230.00万元，其中基本支出3,100.00万元，项目支出2,130.00万元。\n"
        "2023年度总收入5,410.20万元，其中财政拨款收入5,180.20万元，其他收入230.00万元。总支出5,388.60万元，其中基本"
        "支出3,210.40万元，项目支出2,178.20万元。\n"
    )
    fields = ("income_total", "income_fiscal", "income_gov_fund", "spend_total", "spend_basic", "spend_project")
    assert tuple(report.value(f) for f in fields) == (5410.2, 5180.2, None, 5388.6, 3210.4, 2178.2)
    # near miss: a sentence that gives the budget's figure (预算数) and then the year's spending keeps the spending
    report = parse_text("全年预算数500万元，支出合计490万元，其中基本支出300万元，项目支出190万元。\n")
    assert tuple(report.value(f) for f in ("spend_total", "spend_basic", "spend_project")) == (490, 300, 190)


def test_the_basic_and_project_parts_listed_under_a_budget_are_no_spending() -> None:
    # "全年预算数…，其中基本支出…，项目支出…": the 其中 list breaks down the budget, not the year's spending
    for opener in ("，其中", "。其中："):  # the list in the budget's sentence, or opening the next
        report = parse_text(f"全年预算数500万元{opener}基本支出300万元，项目支出200万元。全年执行数480万元。\n")
        fields = ("budget_adjusted", "spend_basic", "spend_project")
        assert tuple(report.value(f) for f in fields) == (500, None, None), opener
    # near miss: the list after the clause of what was spent (实际支出, 预算执行数, 执行数) is the spending's
    for said in ("全年预算数500万元，实际支出480万元，", "预算执行数480万元，", "全年预算数500万元，执行数480万元。"):
        report = parse_text(f"{said}其中基本支出300万元，项目支出180万元。\n")
        assert (report.value("spend_basic"), report.value("spend_project")) == (300, 180), said


def test_the_whole_rate_after_its_parts_in_one_sentence_is_the_units() -> None:
    # "其中基本支出…99.33%，项目支出…94.67%，部门整体预算执行率为95.83%": the sentence opens with parts, but the last
    # clause names the whole
    text = "全年预算数1200万元，全年执行数1150万元。其中基本支出预算执行率为99.33%，项目支出预算执行率为94.67%，"
    report = parse_text(text + "部门整体预算执行率为95.83%。\n")
    assert report.value("execution_rate_pct") == 95.83
    # near miss: a clause naming a part as well as 整体 ("项目支出整体…") is still the part's
    report = parse_text(text.removesuffix("，") + "，项目支出整体预算执行率为94.67%。\n")
    assert report.value("execution_rate_pct") is None


def test_the_departments_final_accounts_income_is_its_income() -> None:
    # "部门决算收入…，其中：…；部门决算支出…": 决算收入 as 决算支出 is read
    report = parse_text(
        "2023年度部门决算收入1,523.26万元，其中：财政拨款收入1,500.00万元，其他收入23.26万元；部门决算支出1,498.60万元，"
        "其中：基本支出420.30万元，项目支出1,078.30万元。\n"
    )
    assert (report.value("income_total"), report.value("income_fiscal"), report.value("spend_total")) == (
        1523.26,
        1500,
        1498.6,
    )
    # near miss: the year before's 决算收入 in a comparison is no second value of this year's
    report = parse_text("2023年度部门决算收入1,523.26万元。2022年决算收入1,400.00万元。\n")
    assert report.value("income_total") == 1523.26
    assert [a for a in report.alternatives if a.field == "income_total"] == []


def test_a_score_header_repeated_over_its_rows_still_heads_them() -> None:
    # a page break right under the header repeats it: the rows below are read under the second
    body = "评价指标 分值 得分\n评价指标 分值 得分\n决策 20 18\n过程 20 19\n产出 40 38\n效益 20 19\n合计 100 94\n"
    report = parse_text(body + "全年预算数为100万元。\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 18), ("过程", 20, 19), ("产出", 40, 38), ("效益", 20, 19)
    ]
    assert report.value("score_total") == 94


def test_a_level_points_header_repeated_over_its_rows_still_heads_them() -> None:
    rows = [" ".join(cell for cell in row if cell) for row in LEVEL_POINTS_TABLE]
    report = parse_text("\n".join([rows[0], *rows]) + "\n")
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        ("决策", 20, 19), ("过程", 30, 27), ("产出", 30, 28), ("效益", 20, 18)
    ]
