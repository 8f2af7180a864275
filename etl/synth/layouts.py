"""Text layouts of synthetic reports, modelled on the national templates and the five seed reports.

A layout turns ReportFacts into a Doc: a list of blocks (title, heading, paragraph, table) that every
file-format writer renders its own way, plus the string written for each stated field (for the tests).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

from etl.synth import numbers
from etl.synth.model import AttachedForm, ReportFacts, rate_of, split


@dataclass
class Block:
    """One piece of a report: kind title | heading | para | table | signature."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    level: int = 1


@dataclass
class Doc:
    """A report ready for a writer: its blocks and, per stated field, the string written for it."""

    blocks: list[Block] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, text: str = "", level: int = 1, rows: list[list[str]] | None = None) -> None:
        """Append a block (a heading's level second, so doc.add("heading", text, 2) reads naturally)."""
        self.blocks.append(Block(kind, text, rows or [], level))


class Writer:
    """Formats figures in the report's style and remembers what was written for each field."""

    def __init__(self, rng: random.Random, facts: ReportFacts, doc: Doc) -> None:
        self.rng, self.facts, self.doc = rng, facts, doc

    def money(self, name: str, amount: int | None = None) -> str:
        """A stated amount of field ``name`` (or an explicit amount) in the report's unit."""
        value = getattr(self.facts, name) if amount is None else amount
        text = numbers.money(value, self.facts.style, self.rng)
        self.doc.written.setdefault(name, text)
        return text

    def rate(self) -> str:
        """The stated execution rate."""
        text = numbers.rate(self.facts.execution_rate_pct, self.facts.style, self.rng)
        self.doc.written.setdefault("execution_rate_pct", text)
        return text

    def score(self, value: int, name: str | None = None) -> str:
        """A score; recorded when it is the total."""
        text = numbers.score(value, self.facts.style)
        if name:
            self.doc.written.setdefault(name, text)
        return text

    def cell(self, name: str) -> str:
        """An amount in a 万元 table cell."""
        text = numbers.money_cell(getattr(self.facts, name), self.facts.style)
        self.doc.written.setdefault(name, text)
        return text


def city_of(facts: ReportFacts) -> str:
    """The short place word a unit uses for itself (区残联, 市残联, 县残联)."""
    name = facts.place.name
    return (
        {"区": "区", "县": "县", "市": "市", "旗": "旗"}.get(name[-1], "市") if facts.place.level == "county" else "市"
    )


def signature(doc: Doc, facts: ReportFacts, rng: random.Random) -> None:
    """The signing unit (its fullest name) and a date in the following year."""
    month, day = rng.randint(3, 9), rng.randint(1, 28)
    doc.add("signature", f"{facts.unit_name}\n{facts.fiscal_year + 1}年{month}月{day}日")
    doc.written.setdefault("unit_name", facts.unit_name)


PROBLEMS = (
    "预算编制不够精准。部分项目预算编制时对实施过程中的不确定因素考虑不足，导致预算执行过程中出现调整。",
    "项目管理有待加强。个别项目存在进度跟踪不及时、质量监管不到位等问题。",
    "绩效评价结果应用不够充分。对评价结果的分析和应用不够深入，与预算安排的衔接机制还不够完善。",
    "绩效目标编制不够规范。目标设立指向不够明确，选用的绩效指标关联性不强，定量指标较少。",
)
MEASURES = (
    "加强预算编制管理，提高预算编制的科学性和精准性，合理确定预算金额。",
    "强化项目管理，加强对项目实施过程的跟踪和监管，及时掌握项目进度和质量情况。",
    "充分运用绩效评价结果，将评价结果作为预算安排、项目调整的重要依据。",
    "科学设定绩效目标，细化量化绩效指标，做到可衡量、可考核。",
)
DIMENSION_OPENINGS = (
    "{name}方面，各项工作均按计划推进，完成情况良好",
    "对照年初设定的{name}逐项核实，目标基本实现",
    "通过问卷调查、现场访谈等方式对{name}进行评价",
    "{name}所列任务全部完成，个别指标略有偏差",
    "经查阅资料、核对台账，{name}完成较好",
    "{name}评价中发现部分资料归档不及时",
)
DUTIES = (
    "听取残疾人意见，反映残疾人需求，维护残疾人权益，为残疾人服务。",
    "弘扬人道主义，宣传残疾人事业，沟通政府、社会与残疾人之间的联系。",
    "开展残疾人康复、教育、就业、文化、体育、无障碍设施和残疾预防工作。",
    "管理和发放《中华人民共和国残疾人证》，接待、处理残疾人来信来访。",
    # Not an evaluation by someone else: a 残联 also "承担政府委托的任务".
    "承担政府委托的其他任务。",
)


def problems_and_measures(doc: Doc, rng: random.Random, numbering: tuple[str, str]) -> None:
    """The 存在的问题 and 改进措施 sections every report closes with."""
    doc.add("heading", f"{numbering[0]}、存在的问题", 2)
    for n, text in enumerate(rng.sample(PROBLEMS, 2), start=1):
        doc.add("para", f"（{'一二三'[n - 1]}）{text}")
    doc.add("heading", f"{numbering[1]}、{rng.choice(('改进措施及建议', '下一步改进措施', '改进措施'))}", 2)
    for n, text in enumerate(rng.sample(MEASURES, 2), start=1):
        doc.add("para", f"{n}、{text}")


# Sources of a project's funds, from the top level down.
SOURCES = ("中央资金", "省级资金", "市级资金", "县级资金")

# ----------------------------------------------------------------------------- prose department (000, 001)


def prose_department(rng: random.Random, facts: ReportFacts) -> Doc:
    """A department self-evaluation in prose: income, spending, budget execution, scores per dimension."""
    doc, w = Doc(), None
    w = Writer(rng, facts, doc)
    year = facts.fiscal_year
    kind = rng.choice(("整体支出绩效自评报告", "整体支出绩效评价报告", "部门整体支出绩效自评报告"))
    if rng.random() < 0.5:
        doc.add("title", f"{facts.unit_short}{kind}")
    else:
        doc.add("title", f"{year}年度{facts.unit_short}{kind[:4]}\n{kind[4:]}")
    doc.add(
        "para",
        f"为深入贯彻落实全面实施预算绩效管理，强化预算支出责任，根据相关通知文件要求，我单位认真组织开展了{year}"
        "年度部门整体支出绩效评价工作。现将具体情况报告如下：",
    )
    doc.add("heading", "一、部门（单位）基本情况", 2)
    doc.add(
        "para",
        f"（一）单位概况。{rng.choice((facts.unit_short, facts.place.name + '残联'))}内设办公室、康复部、"
        f"教育就业部等{rng.randint(3, 9)}个股室，"
        f"在编人员{rng.randint(8, 60)}人。",
    )
    doc.add("para", "（二）部门职能职责。" + "".join(f"{n}.{t}" for n, t in enumerate(rng.sample(DUTIES, 3), 1)))
    doc.add("heading", "二、部门整体支出情况", 2)
    _income_and_spending(doc, w, facts, rng)
    doc.add("heading", "三、部门整体支出绩效情况", 2)
    doc.add("para", _budget_sentence(w, facts, rng))
    if rng.random() < 0.3:
        doc.add("para", _project_spending_budget(facts, rng))
    if facts.indicators:
        doc.add("para", _scoring_conclusion(w, facts, rng))
    elif facts.score_total is not None:
        _dimension_prose(doc, w, facts, rng)
    problems_and_measures(doc, rng, ("四", "五"))
    doc.add("heading", "六、结论", 2)
    spent = facts.second_mentions.get("spend_total", facts.spend_total)
    doc.add(
        "para",
        f"{year}年我单位全年支出{numbers.money(spent, facts.style, rng)}，在残疾人事业方面取得了一定的成绩，"
        "但在部门整体支出管理和绩效方面仍存在一些不足，需要在今后的工作中不断改进和完善。",
    )
    signature(doc, facts, rng)
    if facts.indicators:
        doc.add("para", "附件：部门整体支出绩效评价指标评分表")
        doc.add("table", rows=_scoring_table(facts, w))
    for number, form in enumerate(facts.attached_forms, start=2 if facts.indicators else 1):
        doc.add("para", f"附件{number}")
        doc.add("para", f"{year}年度项目支出绩效自评表")
        doc.add("table", rows=_attached_form(facts, form))
    return doc


def _attached_form(facts: ReportFacts, form: AttachedForm) -> list[list[str]]:
    """A project's national 自评表, after the department's signature: its money, one indicator and its 总分."""
    cell = functools.partial(numbers.money_cell, style=facts.style)
    rate = f"{form.executed / form.budget:.2%}"
    return [
        ["项目名称", form.name, "", "", "", "", ""],
        ["主管部门", facts.unit_name, "", "实施单位", facts.unit_name, "", ""],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", cell(form.budget_initial), cell(form.budget), cell(form.executed), "10", rate, "9"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "服务残疾人人数", "≥100人", "104人", "40", "40"],
        ["总分", "100", str(form.score_total), "", "", "", ""],
    ]


def _scoring_conclusion(w: Writer, facts: ReportFacts, rng: random.Random) -> str:
    """The total and grade in prose, the scores per indicator left to the appended scoring table."""
    if facts.grade:
        w.doc.written.setdefault("grade", facts.grade_word)
    grade = f"，评价等级为“{facts.grade_word}”" if facts.grade else ""
    opening = rng.choice(("经自评，", "对照部门整体支出绩效评价指标体系逐项打分，"))
    return (
        f"{opening}本单位{facts.fiscal_year}年度部门整体支出绩效自评得分为"
        f"{w.score(facts.score_total, 'score_total')}分{grade}，各项指标得分见附件。"
    )


SCORING_HEADER = ("一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分")
SCORING_RULES = ("符合要求得满分", "每低1%扣0.1分", "完全达到得满分，否则酌情扣分", "健全得满分", "≥90%得满分")


def _scoring_table(facts: ReportFacts, w: Writer) -> list[list[str]]:
    """The scoring table: each level's cell on its first row only ("决策（20分）"), as merged cells come out."""
    rows = [list(SCORING_HEADER)]
    by_dimension = {d.name: d for d in facts.dimensions}
    level2_points: dict[tuple[str, str], int] = {}
    for row in facts.indicators:
        level2_points[(row.level1, row.level2)] = level2_points.get((row.level1, row.level2), 0) + row.points
    previous = ("", "")
    for n, row in enumerate(facts.indicators):
        first_of_level1 = row.level1 != previous[0]
        level1 = f"{row.level1}（{w.score(by_dimension[row.level1].max)}分）" if first_of_level1 else ""
        first_of_level2 = first_of_level1 or row.level2 != previous[1]
        level2 = f"{row.level2}（{w.score(level2_points[(row.level1, row.level2)])}分）" if first_of_level2 else ""
        rule = SCORING_RULES[n % len(SCORING_RULES)]
        rows.append([level1, level2, row.level3, w.score(row.points), rule, w.score(row.score)])
        previous = (row.level1, row.level2)
    rows.append(["合计", "", "", w.score(facts.score_max), "", w.score(facts.score_total)])
    return rows


def _income_and_spending(doc: Doc, w: Writer, facts: ReportFacts, rng: random.Random) -> None:
    year = facts.fiscal_year
    income_word = rng.choice(("收入合计", "收入决算数", "总收入"))
    fiscal_word = rng.choice(("财政拨款收入", "一般公共预算财政拨款收入"))
    parts = [f"{fiscal_word}{w.money('income_fiscal')}"]
    if facts.income_gov_fund is not None:
        parts.append(f"政府性基金预算拨款收入{w.money('income_gov_fund')}")
    parts.append(f"其他收入{w.money('income_other')}")
    # The 决算 paragraphs of many county reports number their lines "1、收入：…" instead of "（一）收入情况。".
    decision_lines = rng.random() < 0.2
    income_head, spend_head = ("1、收入：", "2、支出：") if decision_lines else ("（一）收入情况。", "（二）支出情况。")
    doc.add("para", f"{income_head}{year}年度{income_word}{w.money('income_total')}，其中：{'，'.join(parts)}。")
    spend_word = rng.choice(("支出合计", "全年支出决算数", "总支出"))
    doc.add(
        "para",
        f"{spend_head}{year}年度{spend_word}{w.money('spend_total')}，其中基本支出{w.money('spend_basic')}，"
        f"主要用于人员经费、公用经费等支出，保障单位的正常运转；项目支出{w.money('spend_project')}，"
        "主要用于残疾人康复、教育、就业、文化体育等各项残疾人事业项目的开展。",
    )
    if facts.items:
        listed = "，".join(f"{item.name}{numbers.money(item.amount, facts.style, rng)}" for item in facts.items)
        doc.add(
            "para", f"项目支出情况：全年项目支出{numbers.money(facts.spend_project, facts.style, rng)}。其中{listed}。"
        )


def _budget_sentence(w: Writer, facts: ReportFacts, rng: random.Random) -> str:
    year = facts.fiscal_year
    executed = w.money("budget_executed")
    if facts.budget_initial is not None and facts.budget_adjusted is not None:
        # Some reports give the rate after its defining formula (预算执行率=全年执行数/全年预算数×100%=…).
        formula = "=全年执行数/全年预算数×100%=" if rng.random() < 0.15 else ""
        return (
            f"{year}年部门整体支出年初预算数{w.money('budget_initial')}，全年预算数{w.money('budget_adjusted')}，"
            f"全年执行数{executed}，预算执行率{formula}{w.rate()}。"
        )
    if facts.budget_adjusted is not None:
        return f"{year}年部门整体支出预算数为{w.money('budget_adjusted')}，执行数为{executed}，预算执行率为{w.rate()}。"
    return f"{year}年年初预算数{w.money('budget_initial')}，全年执行数{executed}，预算执行率为{w.rate()}。"


def _project_spending_budget(facts: ReportFacts, rng: random.Random) -> str:
    """The budget of the department's 项目支出 alone, as provincial reports add it: a part, never the whole."""
    executed = facts.spend_project
    adjusted = max(executed, int(executed / rng.uniform(0.85, 1.0)))
    initial = int(adjusted * rng.uniform(0.6, 1.0))
    say = functools.partial(numbers.money, style=facts.style, rng=rng)
    rate = numbers.rate(rate_of(executed, adjusted), facts.style, rng)
    return (
        f"{facts.fiscal_year}年度项目支出年初预算安排{say(initial)}，全年预算数{say(adjusted)}，"
        f"决算数{say(executed)}，项目预算执行率{rate}。"
    )


def _dimension_prose(doc: Doc, w: Writer, facts: ReportFacts, rng: random.Random) -> None:
    openings = rng.sample(DIMENSION_OPENINGS, len(facts.dimensions))
    for n, (dim, opening) in enumerate(zip(facts.dimensions, openings, strict=True)):
        doc.add("heading", f"（{'一二三四五六'[n]}）{dim.name}（{w.score(dim.max)}分）", 3)
        # Each dimension gets its own wording, as real reports do: a repeated sentence would be one claim twice.
        doc.add("para", f"{opening.format(name=dim.name)}，得{w.score(dim.score)}分。")
    grade = f"，{rng.choice(('评价等级为', '评价等级为', '评价等次为'))}“{facts.grade_word}”" if facts.grade else ""
    doc.add(
        "para",
        f"综合以上各项指标评价得分，我单位{facts.fiscal_year}年度部门整体支出绩效评价总得分为"
        f"{w.score(facts.score_total, 'score_total')}分{grade}。",
    )
    if facts.grade:
        w.doc.written.setdefault("grade", facts.grade_word)


# ----------------------------------------------------------------------------- project report (002)


def project_report(rng: random.Random, facts: ReportFacts) -> Doc:
    """A project evaluation report; often a 摘要 that repeats the body's figures first."""
    doc = Doc()
    w = Writer(rng, facts, doc)
    year, project = facts.fiscal_year, facts.project_name
    summary = facts.style["summary"] or "budget_executed" in facts.second_mentions
    if summary:
        doc.add("heading", "摘要", 1)
        doc.add("para", "一、项目概况：含项目立项背景及目的，预算收支情况。")
        executed = facts.second_mentions.get("budget_executed", facts.budget_executed)
        doc.add("para", _project_money(w, facts, rng, executed, record=False))
        doc.add(
            "para",
            f"二、评价结论：最终自评得分{numbers.score(facts.score_total, facts.style)}分，"
            f"评定等级为{facts.grade_word}。",
        )
    kind = "绩效评价报告" if facts.evaluation_type == "external" else rng.choice(("支出绩效自评报告", "绩效自评报告"))
    title_style = rng.random()
    if title_style < 0.2:
        # Finance bureaus file titles as place + year + project ("湖北省2018年…经费绩效自评报告").
        doc.add("title", f"{facts.place.name}{year}年{project}{kind}")
    elif title_style < 0.3:
        # …or name the project after the title, in brackets ("…2023年度绩效自评报告(残疾人事业发展补助资金)").
        doc.add("title", f"{facts.unit_short}{year}年度{kind}（{project}）")
    else:
        doc.add("title", f"{year}年{project}\n{kind}")
    doc.add("para", _project_intro(facts, rng))
    doc.add("heading", "一、项目基本情况", 2)
    doc.add("para", f"（一）项目概况。{project}是落实残疾人事业发展规划的重要举措，由{facts.unit_short}负责组织实施。")
    doc.add("para", "（二）资金来源及使用情况。" + _project_money(w, facts, rng, facts.budget_executed, record=True))
    if facts.items:
        listed = "、".join(f"{item.name}{numbers.money(item.amount, facts.style, rng)}" for item in facts.items)
        doc.add("para", f"资金主要用于：{listed}。")
    doc.add("heading", "二、评价结论和绩效分析", 2)
    grade_word = facts.grade_word
    graded = rng.choice((f"评定等级为{grade_word}", f"评价结果为{grade_word}", f"划分为“{grade_word}”等级"))
    doc.add(
        "para",
        f"通过对{project}的{'、'.join(d.name for d in facts.dimensions)}等方面进行评价、打分，最终"
        f"{'评价' if facts.evaluation_type == 'external' else '自评'}得分"
        f"{w.score(facts.score_total, 'score_total')}分，{graded}。",
    )
    doc.written.setdefault("grade", grade_word)
    doc.add("para", "项目绩效指标体系得分情况")
    rows = [["项目", "权重分", "得分", "扣分", "得分率"]]
    for dim in facts.dimensions:
        rate = f"{dim.score * 100 / dim.max:.2f}%" if dim.max else ""
        rows.append(
            [dim.name, f"{dim.max / 100:.2f}", f"{dim.score / 100:.2f}", f"{(dim.max - dim.score) / 100:.2f}", rate]
        )
    doc.add("table", rows=rows)
    for n, dim in enumerate(facts.dimensions, start=1):
        doc.add("para", f"{n}.{dim.name}（满分{w.score(dim.max)}分，评价得分{w.score(dim.score)}分）")
    problems_and_measures(doc, rng, ("三", "四"))
    signature(doc, facts, rng)
    if summary and rng.random() < 0.3:
        doc.add("para", _flattened_score_chart(facts))
    return doc


def _flattened_score_chart(facts: ReportFacts) -> str:
    """The score table once more after the signature, flattened from a chart as in 002 (labels, then values)."""
    labels = "\t".join(f"{'ABCDEFG'[n]}{d.name}" for n, d in enumerate(facts.dimensions)) + "\t合计"
    maxes = "\t".join(numbers.score(d.max, facts.style) for d in facts.dimensions)
    scores = "\t".join(numbers.score(d.score, facts.style) for d in facts.dimensions)
    total_max, total = numbers.score(facts.score_max, facts.style), numbers.score(facts.score_total, facts.style)
    return (
        f"\n项目绩效指标体系得分情况\n权重分\t\n{labels}\t{maxes}\t{total_max}\t得分\t\n{labels}\t{scores}\t{total}\t"
    )


def _project_intro(facts: ReportFacts, rng: random.Random) -> str:
    year = facts.fiscal_year
    if facts.evaluation_type == "external":
        who = "本级财政部门" if facts.evaluator == "财政评价" else f"{rng.choice(('中审', '华信', '正和'))}会计师事务所"
        return (
            f"根据预算绩效管理工作安排，{who}对{facts.unit_name}“{year}年{facts.project_name}”开展了"
            f"{facts.evaluator}，现将评价情况报告如下。"
        )
    return (
        f"根据《关于开展{year}年度预算支出绩效自评工作的通知》的要求，{facts.unit_name}组成绩效评价工作领导小组，"
        f"对“{year}年{facts.project_name}”支出绩效进行了自评，现将评价情况报告如下。"
    )


def _project_money(w: Writer, facts: ReportFacts, rng: random.Random, executed: int, record: bool) -> str:
    year = facts.fiscal_year
    money = (
        w.money
        if record
        else (
            lambda name, amount=None: numbers.money(
                getattr(facts, name) if amount is None else amount, facts.style, rng
            )
        )
    )
    parts = []
    if facts.budget_initial is not None:
        parts.append(f"{year}年年初预算{money('budget_initial')}")
    if facts.budget_adjusted is not None:
        parts.append(f"调整后预算{money('budget_adjusted')}")
    if record and (rng.random() < 0.3 or facts.funding_excess):
        return f"{'，'.join(parts)}。" + _funding_sources(w, facts, rng)
    spent = f"{year}年，本项目支出{money('budget_executed', executed)}"
    rate = w.rate() if record else numbers.rate(facts.execution_rate_pct, facts.style, rng)
    return f"{'，'.join(parts)}。{spent}，预算执行率为{rate}。"


def _funding_sources(w: Writer, facts: ReportFacts, rng: random.Random) -> str:
    """Budget, spending and rate per source of funds, then the project's own, as provincial project reports write.

    The sources' figures are parts: a parser that took the first 预算执行率 for the project's would be wrong.
    """
    budget = facts.budget_adjusted or facts.budget_initial
    sources = _sources_of(facts, rng, budget)
    shares = split(rng, budget, len(sources), floor=100)
    spent = [share * facts.budget_executed // budget for share in shares]
    spent[-1] += facts.budget_executed - sum(spent)
    say = functools.partial(numbers.money, style=facts.style, rng=rng)
    stated = [*shares[:-1], shares[-1] + facts.funding_excess]
    listed = "，".join(f"{name}{say(share)}" for name, share in zip(sources, stated, strict=True))
    done = "；".join(
        f"{name}完成{say(used)}，预算执行率{numbers.rate(rate_of(used, share), facts.style, rng)}"
        for name, share, used in zip(sources, stated, spent, strict=True)
    )
    return (
        f"资金来源：{listed}。截至{facts.fiscal_year}年12月31日，{done}。"
        f"全年执行资金{w.money('budget_executed')}，执行率{w.rate()}。"
    )


def _sources_of(facts: ReportFacts, rng: random.Random, budget: int) -> list[str]:
    """Two or three sources of funds, from the levels above the unit and its own (at least 1万元 each)."""
    levels = {"province": SOURCES[:2], "prefecture": SOURCES[:3]}.get(facts.place.level, SOURCES)
    count = min(rng.randint(2, 3), len(levels), budget // 100)
    return sorted(rng.sample(levels, count), key=levels.index)


# ----------------------------------------------------------------------------- overview + attachment (003)


def overview_attachment(rng: random.Random, facts: ReportFacts) -> Doc:
    """A finance bureau overview (with its own, unrelated figures) followed by the 残联 result as an attachment."""
    doc = Doc()
    w = Writer(rng, facts, doc)
    year, project = facts.fiscal_year, facts.project_name
    area = facts.place.name if facts.place.level != "province" else facts.place.province
    doc.add("title", f"{area}{year}年部分重大政策和重点项目绩效执行结果")
    doc.add(
        "para",
        f"为进一步加强财政资金全流程管理，全面推进预算绩效管理提质增效，{year}年全区预算绩效评价执行结果如下：",
    )
    doc.add("para", "一是深入开展部门绩效自评。组织全区预算部门单位对部门整体支出及项目支出开展绩效自评，覆盖率100%。")
    doc.add(
        "para",
        f"二是重点开展财政评价。组织开展教育、住房保障等{rng.randint(5, 20)}个重点项目的预算绩效财政评价工作，"
        f"涉及财政预算资金{rng.randint(2, 90) / 10}亿元。",
    )
    doc.add("para", f"附件：{facts.unit_name}{year}年度{project}绩效评价结果")
    doc.add("heading", facts.unit_name, 1)
    doc.written.setdefault("unit_name", facts.unit_name)
    doc.add("heading", f"{year}年度{project}绩效评价结果", 2)
    doc.add("heading", "一、绩效评价得分和等级", 3)
    stated = facts.second_mentions.get("score_total", facts.score_total)
    doc.add(
        "para",
        f"{city_of(facts)}残联{year}年度{project}绩效评价综合得分为"
        f"{numbers.score(stated, facts.style)}分（具体如下表），"
        f"评价等级为{facts.grade_word}。",
    )
    doc.written.setdefault("grade", facts.grade_word)
    rows = [["评价准则", "准则分值", "评价得分"]]
    rows += [[d.name, f"{w.score(d.max)}分", f"{w.score(d.score)}分"] for d in facts.dimensions]
    rows.append(["综合绩效", f"{w.score(facts.score_max)}分", f"{w.score(facts.score_total, 'score_total')}分"])
    rows.append(["评价等级", "", facts.grade_word])
    doc.add("para", "评分结果一览表")
    doc.add("table", rows=rows)
    doc.add("heading", "二、绩效评价指标情况", 3)
    for n, dim in enumerate(facts.dimensions):
        lost = dim.max - dim.score
        tail = f"，扣分{w.score(lost)}分。主要扣分原因：部分资料归档不及时。" if lost > 0 else "。"
        doc.add("heading", f"（{'一二三四五'[n]}）{dim.name}", 4)
        doc.add("para", f"{dim.name[-2:]}指标分值{w.score(dim.max)}分，评价得分{w.score(dim.score)}分{tail}")
    doc.add("heading", "三、项目成效", 3)
    doc.add("para", _overview_money(w, facts, rng))
    problems_and_measures(doc, rng, ("四", "五"))
    return doc


def _overview_money(w: Writer, facts: ReportFacts, rng: random.Random) -> str:
    served = rng.randint(50, 900)
    spent = f"实际支出项目资金{w.money('budget_executed')}"
    budget = ""
    if facts.budget_initial is not None:
        budget = f"项目年初预算{w.money('budget_initial')}，"
    if facts.budget_adjusted is not None:
        budget += f"全年预算数{w.money('budget_adjusted')}，"
    rate = f"，预算执行率{w.rate()}" if facts.execution_rate_pct is not None else ""
    return f"项目立项依据充分，资金使用规范。{facts.fiscal_year}年度累计服务{served}人，{budget}{spent}{rate}。"


# ----------------------------------------------------------------------------- 自评表 (004)

INDICATOR_HEADER = [
    "年度指标完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def selfeval_table(rng: random.Random, facts: ReportFacts) -> Doc:
    """The national 整体/项目支出绩效自评表: budget row, goals, indicator rows, total, conclusion."""
    doc = Doc()
    w = Writer(rng, facts, doc)
    department = facts.report_scope == "department"
    doc.add("title", "整体支出绩效自评表" if department else "项目支出绩效自评表")
    doc.add("para", f"({facts.fiscal_year}年度)")
    head: list[list[str]] = []
    if department:
        head.append(["部门名称", "", facts.unit_name, "", "", "", "", ""])
    else:
        head.append(["项目名称", "", facts.project_name, "", "", "", "", ""])
        head.append(["主管部门", "", facts.unit_name, "", "实施单位", facts.unit_name, "", ""])
    doc.written.setdefault("unit_name", facts.unit_name)
    label = "部门预算金额(万元)" if department else "项目资金(万元)"
    head.append(["预算执行情况", label, "年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "得分", "执行率(B/A)"])
    budget_dim = facts.dimensions[0]
    head.append(
        [
            "",
            "",
            w.cell("budget_initial"),
            w.cell("budget_adjusted"),
            w.cell("budget_executed"),
            w.score(budget_dim.max),
            w.score(budget_dim.score),
            w.rate(),
        ]
    )
    head.append(
        [
            "偏差原因分析及改进措施",
            "预算执行中尽量压缩零星支出，节省了部分资金。下一步将加强预算编制精准度。",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    doc.add("table", rows=head)
    goals = sorted({row.goal for row in facts.indicators}, key=lambda g: (len(g), g))
    goal_rows = [["年度绩效目标完成情况", "目标序号", "年度绩效目标", "实际完成情况", "", "", "", ""]]
    for n, goal in enumerate(goals, start=1):
        goal_rows.append(
            [
                "",
                str(n),
                f"{goal}：围绕残疾人康复、就业、权益保障等工作扎实推进。",
                "全面完成年度各项任务，残疾人获得感进一步增强。",
                "",
                "",
                "",
                "",
            ]
        )
    doc.add("table", rows=goal_rows)
    doc.add("table", rows=_indicator_rows(facts, w))
    total_word = rng.choice(("总分", "合计", "自评得分"))
    doc.add(
        "table",
        rows=[
            [total_word, "", "", "", "", "", w.score(facts.score_max), w.score(facts.score_total, "score_total"), ""]
        ],
    )
    stated = facts.second_mentions.get("score_total", facts.score_total)
    who = "部门整体支出" if department else "项目支出"
    doc.add(
        "table",
        rows=[
            [
                f"{'整体支出' if department else '项目'}绩效自评结论",
                "",
                f"经测评，{who}预算执行率为{numbers.rate(facts.execution_rate_pct, facts.style, rng)}，"
                f"自评总分为{numbers.score(stated, facts.style)}分，评价等级为“{facts.grade_word}”。",
            ]
        ],
    )
    doc.written.setdefault("grade", facts.grade_word)
    return doc


def _indicator_rows(facts: ReportFacts, w: Writer) -> list[list[str]]:
    """Indicator rows with the cells a merged table leaves blank on continuation rows (carried down)."""
    rows = [list(INDICATOR_HEADER)]
    previous = (None, None, None)
    for row in facts.indicators:
        goal = row.goal if row.goal != previous[0] else ""
        level1 = row.level1 if (row.goal, row.level1) != previous[:2] else ""
        level2 = row.level2 if (row.goal, row.level1, row.level2) != previous else ""
        rows.append(
            [
                goal,
                level1,
                level2,
                row.level3,
                row.target,
                row.actual,
                w.score(row.points),
                w.score(row.score),
                row.note,
            ]
        )
        previous = (row.goal, row.level1, row.level2)
    return rows


LAYOUTS = {
    "prose_department": prose_department,
    "project_report": project_report,
    "overview_attachment": overview_attachment,
    "selfeval_table": selfeval_table,
}
