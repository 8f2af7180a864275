"""A department's report with its projects' 自评表 attached, and its table of projects: rules with cases that must
and must not fire."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.document import Document
from etl.parse import parse_document, parse_with_parts
from etl.read import read_document
from etl.record import Report
from etl.validate import run_checks
from tests.filemakers import make_xlsx, project_sheet

DEPARTMENT_BODY = (
    "宁乡市残疾人联合会2023年度部门整体支出绩效自评报告\n"
    "一、预算执行情况\n"
    "全年预算数为520.00万元，全年执行数为501.30万元，预算执行率为96.40%。\n"
    "二、自评结论\n"
    "经自评，部门整体支出绩效自评得分为92.5分。\n"
    "宁乡市残疾人联合会\n"
    "2024年3月8日\n"
)
TAB_FORM = (
    "附件1\n"
    "2023年度项目支出绩效自评表\n"
    "项目名称\t残疾儿童康复救助\n"
    "项目资金\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "年度资金总额\t60.00\t64.00\t62.10\t10\t97.03%\t9.7\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t救助儿童人数\t≥40人\t43人\t30\t30\n"
    "总分\t100\t96.7\n"
)
CELL_PER_LINE_FORM = (
    "2023年度项目支出绩效自评表\n"
    "项目名称\n"
    "\n"
    "残疾人辅助器具适配\n"
    "项目资金\n年初预算数\n全年预算数\n全年执行数\n"
    "年度资金总额\n30.00\n30.00\n24.00\n"
    "总分\n85\n"
)


def parse(text: str) -> Report:
    return parse_document(Document.from_pages("test.txt", "txt", [text]))


def test_forms_attached_to_a_department_report_are_its_projects_not_its_figures() -> None:
    text = DEPARTMENT_BODY + TAB_FORM + CELL_PER_LINE_FORM
    report = parse(text)
    assert report.value("report_scope") == "department"
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (520.0, 501.3)
    assert report.value("score_total") == 92.5
    assert report.indicators == [] and report.dimension_scores == []
    items = [(item.name, item.budget, item.amount) for item in report.spending_items]
    assert items == [("残疾儿童康复救助", 64.0, 62.1), ("残疾人辅助器具适配", 30.0, 24.0)]
    for item in report.spending_items:
        assert text[item.evidence.start : item.evidence.end] == item.evidence.snippet
    assert report.spending_items[0].evidence.snippet.startswith("残疾儿童康复救助")
    assert report.text_end == len(DEPARTMENT_BODY)
    assert any("附有 2 张项目自评表" in warning for warning in report.warnings)


OWN_SCORING_APPENDIX = (
    "附件3\n"
    "部门整体支出绩效评价指标评分表\n"
    "一级指标\t分值\t得分\n决策\t20\t19\n过程\t20\t18\n产出\t30\t29\n效益\t30\t26.5\n合计\t100\t92.5\n"
)


def test_the_reports_own_appendix_after_the_forms_is_read_as_the_reports() -> None:
    body = DEPARTMENT_BODY.replace("部门整体支出绩效自评得分为92.5分", "评分结果见附件3")
    text = body + TAB_FORM + CELL_PER_LINE_FORM + OWN_SCORING_APPENDIX
    report = parse(text)
    assert report.value("score_total") == 92.5 and report.facts["score_total"].evidence.snippet == "合计\t100\t92.5"
    assert [(d.name, d.max, d.score) for d in report.dimension_scores][-1] == ("效益", 30, 26.5)
    items = [(item.name, item.budget, item.amount) for item in report.spending_items]
    assert items == [("残疾儿童康复救助", 64.0, 62.1), ("残疾人辅助器具适配", 30.0, 24.0)]
    appendix = len(text) - len(OWN_SCORING_APPENDIX)
    assert (report.text_end, report.text_resumes) == (len(body), appendix)
    # the checks read the report and its appendix, not the forms between them ("总分 100 96.7" is a project's)
    own = report.own_text(text)
    assert len(own) == len(text) and own[appendix:] == OWN_SCORING_APPENDIX and "96.7" not in own
    assert run_checks(report, text) == []


def test_a_forms_own_appendix_line_opens_the_next_form_not_the_reports_text() -> None:
    report = parse(DEPARTMENT_BODY + TAB_FORM + "附件2\n" + CELL_PER_LINE_FORM)
    assert report.text_resumes is None and len(report.spending_items) == 2


def test_forms_from_a_pdfs_text_layer_with_spaces_for_cells_are_found() -> None:
    text = DEPARTMENT_BODY + TAB_FORM.replace("\t", " ")
    report = parse(text)
    assert (report.value("report_scope"), report.value("budget_adjusted"), report.value("score_total")) == (
        "department",
        520.0,
        92.5,
    )
    items = [(item.name, item.budget, item.amount) for item in report.spending_items]
    assert items == [("残疾儿童康复救助", 64.0, 62.1)]


def test_a_form_pasted_right_under_the_signature_without_a_title_is_found() -> None:
    bare_form = TAB_FORM.split("\n", 2)[2]  # without its 附件 line and title
    report = parse(DEPARTMENT_BODY + bare_form)
    assert (report.value("budget_adjusted"), report.value("score_total")) == (520.0, 92.5)
    items = [(item.name, item.budget, item.amount) for item in report.spending_items]
    assert items == [("残疾儿童康复救助", 64.0, 62.1)]
    # Under a project report's own signature, its form is its own.
    project = parse(DEPARTMENT_BODY.replace("部门整体支出", "残疾儿童康复救助项目") + bare_form)
    assert (project.value("report_scope"), project.value("budget_adjusted")) == ("project", 64.0)
    assert project.text_end is None


def test_a_form_without_figures_is_named_in_the_warning() -> None:
    empty_form = "附件2\n2023年度项目支出绩效自评表\n项目名称\t残疾人文化进家庭\n总分\t100\t90\n"
    report = parse(DEPARTMENT_BODY + TAB_FORM + empty_form)
    assert [item.name for item in report.spending_items] == ["残疾儿童康复救助"]
    assert report.warnings == [
        "附有 2 张项目自评表：已读作项目支出明细（其中 1 张未读出项目名称或金额），其金额、得分和指标不计入本部门"
    ]


def test_checks_read_the_report_proper_not_the_forms_totals() -> None:
    text = DEPARTMENT_BODY + TAB_FORM + CELL_PER_LINE_FORM
    assert run_checks(parse(text), text) == []
    # The same report stating its total twice, differently, is still caught.
    contradicted = DEPARTMENT_BODY.replace("经自评，", "经自评，总得分为90分，") + TAB_FORM
    assert [f.check_id for f in run_checks(parse(contradicted), contradicted)] == ["figure_stated_twice"]


def test_a_project_report_with_its_own_form_attached_is_read_whole() -> None:
    text = (
        "某县残疾人联合会2023年度残疾儿童康复救助项目绩效自评报告\n"
        "一、项目概况\n本项目由县残联组织实施。\n"
        "二、自评结论\n本项目自评结果良好。\n"
        "某县残疾人联合会\n2024年3月8日\n"
    ) + TAB_FORM
    report = parse(text)
    assert report.value("report_scope") == "project"
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (64.0, 62.1)
    assert report.value("score_total") == 96.7
    assert report.text_end is None and report.spending_items == []


def test_a_form_that_is_the_whole_file_is_read_as_the_project() -> None:
    report = parse(TAB_FORM.removeprefix("附件1\n"))
    assert report.value("report_scope") == "project"
    assert report.value("project_name") == "残疾儿童康复救助"
    assert report.value("score_total") == 96.7 and report.text_end is None


def test_a_workbook_of_several_projects_forms_is_one_report_per_form(tmp_path: Path) -> None:
    sheets = {
        "康复": project_sheet("残疾儿童康复救助", 64.0, 62.1, 96.7),
        "就业": project_sheet("残疾人就业培训", 20.0, 18.0, 88.0),
        "托养": project_sheet("残疾人托养服务", 30.0, 30.0, 99.0),
    }
    document = read_document(make_xlsx(tmp_path, sheets))
    first, parts = parse_with_parts(document)
    reports = [first, *(parse_document(part) for part in parts)]
    assert [(r.value("project_name"), r.value("budget_adjusted"), r.value("budget_executed")) for r in reports] == [
        ("残疾儿童康复救助", 64.0, 62.1),
        ("残疾人就业培训", 20.0, 18.0),
        ("残疾人托养服务", 30.0, 30.0),
    ]
    assert [(r.value("score_total"), len(r.indicators)) for r in reports] == [(96.7, 1), (88.0, 1), (99.0, 1)]
    assert {r.value("unit_name") for r in reports} == {"宁乡市残疾人联合会"}
    assert first.warnings == [
        "文件含 3 张项目自评表，每张读作一份报告：这是第 1 张，其余 2 张为残疾人就业培训、残疾人托养服务"
    ]
    # each part is its own text: its evidence quotes it, and its checks read only it
    for part, report in zip(parts, reports[1:], strict=True):
        assert part.text.startswith("2023年度项目支出绩效自评表")
        for fact in report.facts.values():
            assert part.text[fact.evidence.start : fact.evidence.end] == fact.evidence.snippet
        assert run_checks(report, part.text) == []


def test_a_single_form_has_no_parts() -> None:
    report, parts = parse_with_parts(Document.from_pages("t.txt", "txt", [TAB_FORM.removeprefix("附件1\n")]))
    assert (report.value("project_name"), parts) == ("残疾儿童康复救助", [])


def test_one_projects_form_over_two_pages_is_one_form() -> None:
    second_page = "2023年度项目支出绩效自评表（续）\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    first_page = TAB_FORM.removeprefix("附件1\n").replace("总分\t100\t96.7\n", "")
    report = parse(first_page + second_page + "总分\t100\t96.7\n")
    assert (report.value("score_total"), report.warnings, report.text_end) == (96.7, [], None)


def test_an_appended_table_of_projects_is_not_a_form() -> None:
    listing = "附表2 重点项目情况表\n项目名称\t全年预算数\t全年执行数\n残疾儿童康复救助\t64.00\t62.10\n"
    report = parse(DEPARTMENT_BODY + listing)
    assert report.text_end is None
    assert [(item.name, item.budget, item.amount) for item in report.spending_items] == [
        ("残疾儿童康复救助", 64.0, 62.1)
    ]
    assert report.value("budget_adjusted") == 520.0


def test_an_appended_pdf_table_of_projects_is_not_a_form() -> None:
    listing = "附表2 重点项目情况表\n项目名称 预算数 执行数\n残疾儿童康复救助 64.00 62.10\n"
    report = parse(DEPARTMENT_BODY + listing)
    assert (report.text_end, report.value("budget_adjusted"), report.value("score_total")) == (None, 520.0, 92.5)


def test_a_departments_table_of_projects_gives_items_not_its_budget() -> None:
    table = (
        "某县残疾人联合会2023年度部门整体支出绩效自评报告\n"
        "主要项目情况如下（单位：元）：\n"
        "项目名称\t年初预算数\t全年预算数\t全年执行数\n"
        "残疾人就业补贴\t200,000.00\t250,000.00\t236,000.00\n"
        "合计\t200,000.00\t250,000.00\t236,000.00\n"
        "全年预算数为520.00万元，全年执行数为501.30万元。\n"
    )
    report = parse(table)
    assert (report.value("budget_adjusted"), report.value("budget_executed")) == (520.0, 501.3)
    assert [(item.name, item.budget, item.amount) for item in report.spending_items] == [("残疾人就业补贴", 25.0, 23.6)]


DEPARTMENT_WITH_PROJECT_TABLE = (
    "宁乡市残疾人联合会2023年度部门整体支出绩效自评报告\n"
    "一、预算执行情况\n"
    "全年预算数为520.00万元，全年执行数为501.30万元，预算执行率为96.40%。\n"
    "主要项目情况如下：\n"
    "项目名称\t全年预算数\t全年执行数\n"
    "{listed}\t64.00\t62.10\n"
    "二、自评结论\n"
    "经自评，部门整体支出绩效自评得分为92.5分。\n"
    "宁乡市残疾人联合会\n"
    "2024年3月8日\n"
)


@pytest.mark.parametrize(
    ("listed", "name", "count"),
    [
        # the report's own table names the project with its year, or its code, the attached form without: one item,
        # named as the form names it
        ("残疾儿童康复救助", "残疾儿童康复救助", 1),
        ("2023年残疾儿童康复救助", "残疾儿童康复救助", 1),
        ("2023年度宁乡市残疾儿童康复救助", "残疾儿童康复救助", 1),
        ("43012423T000001234567-残疾儿童康复救助", "残疾儿童康复救助", 1),
        # another project of the same words is no duplicate; a place without a year may belong to the name
        ("残疾儿童康复救助宣传", "残疾儿童康复救助宣传", 2),
        ("宁乡市残疾儿童康复救助", "宁乡市残疾儿童康复救助", 2),
    ],
)
def test_a_project_in_the_reports_own_table_and_in_an_attached_form_is_one_item(
    listed: str, name: str, count: int
) -> None:
    report = parse(DEPARTMENT_WITH_PROJECT_TABLE.format(listed=listed) + TAB_FORM)
    assert any("附有 1 张项目自评表" in warning for warning in report.warnings)
    assert len(report.spending_items) == count
    assert report.spending_items[0].name == name


def test_a_table_of_projects_whose_rows_end_in_their_grades_gives_every_project() -> None:
    table = (
        "某县残疾人联合会2023年度部门整体支出绩效自评报告\n"
        "项目名称\t全年预算数（万元）\t全年执行数（万元）\t执行率\t自评得分\t等级\n"
        "残疾人康复救助\t300.00\t295.00\t98.33%\t95\t优\n"
        "残疾人就业培训\t120.00\t110.00\t91.67%\t88\t良\n"
        "三、部门整体支出绩效自评结论\n"
        "全年预算数为520.00万元，全年执行数为501.30万元，自评得分93.5分。\n"
    )
    report = parse(table)
    items = [(item.name, item.budget, item.amount) for item in report.spending_items]
    assert items == [("残疾人康复救助", 300.0, 295.0), ("残疾人就业培训", 120.0, 110.0)]  # the heading ends the table
    assert (report.value("budget_adjusted"), report.value("score_total")) == (520.0, 93.5)


def test_a_projects_own_table_under_its_name_is_its_budget() -> None:
    text = (
        "某县残疾人联合会2023年度残疾人就业补贴项目绩效自评报告\n"
        "项目名称\t年初预算数\t全年预算数\t全年执行数\n"
        "残疾人就业补贴\t20.00\t25.00\t23.60\n"
        "本项目自评得分90分。\n"
    )
    report = parse(text)
    assert (report.value("budget_initial"), report.value("budget_adjusted"), report.value("budget_executed")) == (
        20.0,
        25.0,
        23.6,
    )
    assert report.spending_items == []


def test_later_forms_of_a_series_without_their_unit_or_year_take_the_first_forms(tmp_path: Path) -> None:
    from etl.parse import parse_part

    bare = [row for row in project_sheet("残疾人就业培训", 20.0, 18.0, 88.0) if row[0] != "主管部门"]
    bare[0] = ["项目支出绩效自评表"]  # neither year nor unit
    own_year = project_sheet("残疾人托养服务", 30.0, 30.0, 99.0)
    own_year[0] = ["2022年度项目支出绩效自评表"]
    sheets = {"康复": project_sheet("残疾儿童康复救助", 64.0, 62.1, 96.7), "就业": bare, "托养": own_year}
    first, parts = parse_with_parts(read_document(make_xlsx(tmp_path, sheets)))
    taken, kept = (parse_part(part, first) for part in parts)
    assert (taken.value("unit_name"), taken.value("fiscal_year"), taken.value("admin_code")) == (
        "宁乡市残疾人联合会",
        2023,
        "430182",
    )
    assert "本表未写单位和年度：取自文件的第 1 张项目自评表" in taken.warnings
    assert taken.facts["fiscal_year"].evidence.snippet == "项目支出绩效自评表"  # the part's own title, derived
    assert [f.check_id for f in run_checks(taken, parts[0].text)] == []
    assert (kept.value("fiscal_year"), kept.warnings) == (2022, [])



SICHUAN_TITLE = "部门预算项目支出绩效自评表（2023年度）\n"


def sichuan_form(name: str, executed: str, total: str, page_break: str = "") -> str:
    """Sichuan's project form: its year in brackets after the title, the project code before the name."""
    return (
        f"{SICHUAN_TITLE}项目名称\t51000023T000000012345-{name}\n"
        "主管部门\t青神县残疾人联合会\t实施单位（盖章）\t青神县残疾人联合会\n"
        "预算执行情况（10分）\t年度预算数（万元）\t年初预算\t调整后预算数\t预算执行数\t预算执行率\t权重\t得分\n"
        f"\t总额\t60.00\t60.00\t{executed}\t95.00%\t10\t9.5\n{page_break}"
        "绩效指标（90分）\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t权重\t得分\n"
        "\t产出指标\t数量指标\t补助人数\t≥\t300\t人\t310\t90\t88\n"
        f"合计\t100\t{total}\n"
    )


def test_sichuan_forms_one_after_another_on_a_page_are_one_report_each() -> None:
    text = sichuan_form("残疾人两项补贴", "57.00", "97.5") + sichuan_form("残疾儿童康复救助", "55.00", "96")
    first, parts = parse_with_parts(Document.from_pages("t.txt", "txt", [text]))
    reports = [first, *(parse_document(part) for part in parts)]
    assert [(r.value("project_name"), r.value("budget_executed"), r.value("score_total")) for r in reports] == [
        ("残疾人两项补贴", 57.0, 97.5),
        ("残疾儿童康复救助", 55.0, 96.0),
    ]
    # the form's continuation page ("（续）") is no new form
    continued = sichuan_form("残疾人两项补贴", "57.00", "97.5", page_break="部门预算项目支出绩效自评表（续）\n")
    report, parts = parse_with_parts(Document.from_pages("t.txt", "txt", [continued]))
    assert (report.value("project_name"), report.value("score_total"), parts) == ("残疾人两项补贴", 97.5, [])
