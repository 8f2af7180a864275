"""Text → one typed Report per document; rules follow the national templates' labels. No I/O here."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from etl.document import Document
from etl.errors import ParseError
from etl.parse import attachments, identity
from etl.parse.indicators import listed_target_rows, parse_indicator_table, prose_target_rows
from etl.parse.money import parse_money, parse_staff
from etl.parse.scores import derived_dimensions, parse_scores
from etl.parse.sections import evaluation_periods, parse_sections
from etl.parse.source import Source
from etl.record import DimensionScore, Evidence, Fact, IndicatorRow, Report, SpendingItem
from etl.text import blanked
from etl.units import to_wan

REPORT_MARKERS = re.compile(r"绩效")
MONEY_OR_SCORE = re.compile(r"预算|支出|资金|得分|评价")


def parse_document(document: Document) -> Report:
    """Extract every field of the record from a document's text (the first report of a file that holds several)."""
    return parse_with_parts(document)[0]


def parse_with_parts(document: Document) -> tuple[Report, list[Document]]:
    """The report a document opens with, and the other reports it holds as documents of their own: the second and
    later forms of a file that is nothing but a series of projects' 自评表 (a workbook with one per sheet)."""
    whole = Source(document.text, document.path)
    _require_performance_report(whole)
    source, forms, others = _report_proper(whole)
    report = _parse_report(document, whole, source, forms)
    _other_projects_warning(whole, others, report)
    return report, [document.part(start, end) for start, end in others]


# What the later forms of a series may leave to the first: one unit's projects of one year, printed one per sheet.
SHARED_UNIT = ("unit_name", "province", "prefecture", "county", "admin_level", "admin_code")
SHARED_YEAR = ("fiscal_year",)


def parse_part(document: Document, first: Report) -> Report:
    """A later report of a file that holds several (parse_with_parts); where its form names no unit or no year, the
    file's first form gives them, with a warning and the part's own first line as derived evidence."""
    report = parse_document(document)
    taken = []
    for fields, label in ((SHARED_UNIT, "单位"), (SHARED_YEAR, "年度")):
        if fields[0] in report.facts or fields[0] not in first.facts:
            continue
        for name in fields:
            if name in first.facts:
                report.facts[name] = Fact(name, first.facts[name].value, _first_line(document.text))
        taken.append(label)
    if taken:
        report.warnings.append(f"本表未写{'和'.join(taken)}：取自文件的第 1 张项目自评表")
    return report


def _first_line(text: str) -> Evidence:
    """The first line with text, as derived evidence (a form's title)."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return Evidence(start, end, text[start:end], "derived")


def _own_text(whole: Source, source: Source, forms: list[Span]) -> dict[str, int | None]:
    """Where the report's own text ends in the document, and where it resumes after the forms attached to it."""
    if forms:
        resumes = forms[-1][1] if forms[-1][1] < len(whole.text) else None
        return {"text_end": forms[0][0], "text_resumes": resumes}
    return {"text_end": len(source.text) if source is not whole else None, "text_resumes": None}


def _parse_report(document: Document, whole: Source, source: Source, forms: list[Span]) -> Report:
    """Every field of the report ``source`` holds; ``forms`` are projects' 自评表 attached after it."""
    report = Report(warnings=list(document.warnings), **_own_text(whole, source, forms))
    if source.traditional:
        report.warnings.append("全文为繁体字：已按简体字读取，证据片段仍为原文")
    title = identity.report_title(source)
    _parse_identity(source, report, title)
    scope, year = report.facts.get("report_scope"), report.facts.get("fiscal_year")
    money = parse_money(source, str(scope.value) if scope else None, int(year.value) if year else None)
    report.facts.update(money.facts)
    report.alternatives.extend(money.alternatives)
    report.breakdowns.extend(money.breakdowns)
    indicators, table_total = parse_indicator_table(source)
    scores = parse_scores(source, table_total, str(scope.value) if scope else None, int(year.value) if year else None)
    for name, fact in scores.facts.items():
        report.facts.setdefault(name, fact)
    report.alternatives.extend(scores.alternatives)
    report.indicators = indicators or scores.prose_indicators or prose_target_rows(source) or listed_target_rows(source)
    report.dimension_scores = _dimensions(source, scores.dimensions, money.budget_dimension, indicators)
    report.spending_items = money.items + _cost_rows(indicators)
    _attached_projects(whole, forms, report)
    _default_score_max(source, report, title)
    _parse_text_facts(source, report)
    _prefer_body_over_summary(source, report, title)
    _require_content(source, report, title)
    return report


Span = attachments.Span
MAX_ITEM_EVIDENCE = 400  # characters: a form's name and funds row quoted together, unless they stand far apart


def _report_proper(whole: Source) -> tuple[Source, list[Span], list[Span]]:
    """The report to read, the projects' forms attached to it, and other projects' forms it is not.

    A department's report with its projects' 自评表 attached: the forms' figures are each project's, not the
    department's (read whole, the first form's budget and the last form's 总分 became the department's), so they are
    read as its project spending. A file that is only a series of project forms: the first is the report. A project's
    own report with its 自评表 attached stays whole."""
    starts = attachments.project_form_starts(whole)
    if not starts:
        return whole, [], []
    spans = attachments.form_spans(whole, starts)
    before = Source(whole.text[: spans[0][0]], whole.path)
    title = identity.report_title(before) if before.norm.strip() else None
    if title is None:
        if len(spans) < 2:
            return whole, [], []
        return Source(whole.text[: spans[1][0]], whole.path), [], spans[1:]
    if identity.find_scope(before, title).value != "department":
        return whole, [], []
    if spans[-1][1] < len(whole.text):  # the report's own appendix after the forms: read with the report
        return Source(blanked(whole.text, spans[0][0], spans[-1][1]), whole.path), spans, []
    return before, spans, []


def _attached_projects(whole: Source, spans: list[Span], report: Report) -> None:
    """Each attached project form as a line of the department's project spending (name, budget, executed)."""
    if not spans:
        return
    year = report.facts.get("fiscal_year")
    known = {attachments.project_key(item.name) for item in report.spending_items}
    unread = 0
    for start, end in spans:
        form, name = _form_project(whole, (start, end))
        money = parse_money(form, "project", int(year.value) if year else None)
        budget = money.facts.get("budget_adjusted") or money.facts.get("budget_initial")
        executed = money.facts.get("budget_executed")
        figure = executed or budget
        if name is None or figure is None:
            unread += 1
            continue
        key = attachments.project_key(str(name.value))
        if key in known:
            continue  # the report's own table of projects already lists it, maybe with its year ("2022年…")
        evidence = name.evidence.merged(figure.evidence, form.text)
        if len(evidence.snippet) > MAX_ITEM_EVIDENCE:
            evidence = figure.evidence
        amounts = (float(budget.value) if budget else None, float(executed.value) if executed else None)
        report.spending_items.append(SpendingItem(str(name.value), *amounts, attachments.shifted(evidence, start)))
        known.add(key)
    missing = f"（其中 {unread} 张未读出项目名称或金额）" if unread else ""
    report.warnings.append(
        f"附有 {len(spans)} 张项目自评表：已读作项目支出明细{missing}，其金额、得分和指标不计入本部门"
    )


def _other_projects_warning(whole: Source, spans: list[Span], report: Report) -> None:
    """Name the other projects of a series of forms: each is a report of its own, the file's part 2, 3…"""
    if not spans:
        return
    names = [_form_project(whole, span)[1] for span in spans]
    listed = "、".join(str(name.value) if name else "未写项目名称" for name in names)
    report.warnings.append(
        f"文件含 {len(spans) + 1} 张项目自评表，每张读作一份报告：这是第 1 张，其余 {len(spans)} 张为{listed}"
    )


def _form_project(whole: Source, span: Span) -> tuple[Source, Fact | None]:
    """One project form's text and the project it names (evidence offsets into the form's text)."""
    form = Source(whole.text[span[0] : span[1]], whole.path)
    return form, identity.find_project_name(form, None, None)


def parse_file(path: str | Path) -> Report:
    """Read and parse one file (the I/O lives in etl.read)."""
    from etl.read import read_document

    return parse_document(read_document(path))


SUMMARY_HEAD_RE = re.compile(r"^\s*#*\s*(?:内容)?摘\s*要\s*$", re.M)


def _prefer_body_over_summary(source: Source, report: Report, title: identity.Title | None) -> None:
    """A summary (摘要) ahead of the title repeats the body; where the two disagree, the body is the report."""
    head = SUMMARY_HEAD_RE.search(source.norm, 0, min(len(source.norm), 200))
    if head is None or title is None or title[0] <= head.start():
        return
    summary_end = source.evidence(title[0], title[0] + 1).start
    for index, alternative in enumerate(report.alternatives):
        kept = report.facts.get(alternative.field)
        if kept is not None and kept.evidence.start < summary_end <= alternative.evidence.start:
            report.facts[alternative.field] = alternative
            report.alternatives[index] = kept


def _require_performance_report(source: Source) -> None:
    if not REPORT_MARKERS.search(source.norm):
        raise ParseError(source.path, "不是预算绩效报告：全文没有“绩效”二字（预算、决算说明和资金通知不在此列）")
    if not MONEY_OR_SCORE.search(source.norm):
        raise ParseError(source.path, "不是预算绩效报告：全文没有“预算”“支出”“资金”“得分”“评价”等字样")


# What a report's identity must hold to be kept without any figure read: a placed unit, its year, and (for a
# project's report) the project's name.
IDENTITY_FIELDS = ("unit_name", "admin_code", "fiscal_year")


def _require_content(source: Source, report: Report, title: identity.Title | None) -> None:
    figures = [
        name
        for name, fact in report.facts.items()
        if isinstance(fact.value, float | int) and name != "fiscal_year" and fact.evidence.method != "derived"
    ]
    if figures or report.indicators or report.dimension_scores:
        return
    if _identified(report, title):
        # A filled-in form whose figures no rule places (a flattened cover: "项目名称 … 项目单位 … 主管部门 …")
        # still tells which unit reported on what and when: losing the whole report is worse than its figures.
        report.warnings.append("未能读出本单位的预算金额、得分或指标：只读出单位、年度和报告类型")
        return
    raise ParseError(source.path, "未能读出本单位的预算金额、得分或指标：请确认这是绩效自评/评价报告，且文字可复制")


def _identified(report: Report, title: identity.Title | None) -> bool:
    """A report's title, a unit placed in a real jurisdiction, its year, and for a project its name: a template
    not yet filled in ("某市残疾人联合会…") names no place, and a notice has no report's title."""
    if title is None or any(name not in report.facts for name in IDENTITY_FIELDS):
        return False
    scope = report.facts.get("report_scope")
    return scope is None or scope.value != "project" or "project_name" in report.facts


def _parse_identity(source: Source, report: Report, title: identity.Title | None) -> None:
    unit = identity.find_unit_name(source)
    facts: list[Fact | None] = [unit]
    if unit is not None:
        facts.extend(identity.jurisdiction_facts(source, unit))
    else:
        facts.extend(identity.title_place_facts(source, title))
    year = identity.find_fiscal_year(source, title)
    facts.append(year)
    doubt = identity.fiscal_year_doubt(source, title, year)
    if doubt is not None:
        report.warnings.append(doubt)
    scope = identity.find_scope(source, title)
    facts.append(scope)
    facts.append(identity.find_evaluation_type(source, title))
    if scope.value == "project":
        project = identity.find_project_name(source, title, unit)
        facts.append(project)
        if project is not None:
            report.alternatives.extend(identity.project_name_alternatives(source, project))
    for fact in facts:
        if fact is not None:
            report.facts[fact.field] = fact


def _dimensions(
    source: Source,
    stated: list[DimensionScore],
    budget: DimensionScore | None,
    indicators: list[IndicatorRow],
) -> list[DimensionScore]:
    """Stated dimensions; else sums of the indicator table's first levels (plus the budget row)."""
    dims = list(stated) if stated else derived_dimensions(source, indicators)
    full_marks = abs(sum(d.max or 0 for d in dims) - 100) < 1e-6
    # A budget row outside a framework that already adds up to 100 is scored inside one of its dimensions.
    if budget is not None and not full_marks and not any(d.canonical == "预算执行" for d in dims):
        dims.insert(0, budget)
    return dims


# A cost per person, household or unit ("人均培训成本 ≤1600元") is a standard, not money the project spent.
UNIT_COST_RE = re.compile(r"人均|户均|人次均|每人|每户|每[个名次件台]|单位成本|单价|平均|标准")


def _cost_rows(indicators: list[IndicatorRow]) -> list[SpendingItem]:
    """成本指标 rows in money: the budget of a goal (target) against what it cost (actual)."""
    items = []
    for row in indicators:
        if "成本" not in (row.level2 or "") + (row.level1 or "") or UNIT_COST_RE.search(row.level3):
            continue
        budget, amount = _money(row.target.value, row.target.unit), _money(row.actual.value, row.actual.unit)
        if amount is not None:
            items.append(SpendingItem(row.level3, budget, amount, row.evidence, "project"))
    return items


def _money(value: float | None, unit: str | None) -> float | None:
    if value is None or unit is None or unit not in ("万元", "元", "亿元", "千元"):
        return None
    return to_wan(value, unit)


def _default_score_max(source: Source, report: Report, title: identity.Title | None) -> None:
    """The national frameworks score out of 100: a report that states no maximum is on that scale."""
    if "score_max" in report.facts:
        return
    dims = [d for d in report.dimension_scores if d.max is not None]
    total = sum(d.max for d in dims if d.max is not None)
    if dims and abs(total - 100) < 1e-6:
        first, last = dims[0].evidence, dims[-1].evidence
        report.facts["score_max"] = Fact("score_max", 100.0, first.merged(last, source.text))
        return
    report.facts["score_max"] = Fact("score_max", 100.0, _what_implies_the_scale(source, report, title))


def _what_implies_the_scale(source: Source, report: Report, title: identity.Title | None) -> Evidence:
    """Evidence for the 100-point scale: the report's title, else its total score, else its first line."""
    if title is not None:
        return source.evidence(title[0], title[1], "derived")
    if "score_total" in report.facts:
        return replace(report.facts["score_total"].evidence, method="derived")
    first_line = identity.title_lines(source, limit=1)
    start, end = first_line[0][:2] if first_line else (0, 0)
    return source.evidence(start, end, "derived")


def _parse_text_facts(source: Source, report: Report) -> None:
    for fact in parse_sections(source):
        report.facts[fact.field] = fact
    periods = evaluation_periods(source)
    if periods:
        report.facts["evaluation_period"] = periods[0]
        seen = {periods[0].value}
        for period in periods[1:]:
            if period.value not in seen:
                seen.add(period.value)
                report.alternatives.append(period)
    staff = parse_staff(source)
    if staff is not None:
        report.breakdowns.append(staff)
