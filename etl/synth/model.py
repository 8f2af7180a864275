"""Random report facts that add up: one ReportFacts per synthetic report, deterministic for (seed, index).

Money is held as integer hundredths of 万元 (100 yuan) and scores as integer hundredths of a point, so every
part adds up to its total exactly; contradictions are injected afterwards by changing a stated value.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

from etl.synth.places import Place, all_places, ambiguous_county_names

YEARS = tuple(range(2018, 2026))
# Places outside the mainland 残联 system publish no such reports.
_EXCLUDED_PROVINCE_PREFIXES = ("71", "81", "82")

PROJECT_NAMES = (
    "残疾儿童精准康复服务",
    "残疾人基层组织建设及服务经费",
    "困难重度残疾人家庭无障碍改造",
    "残疾人职业技能培训",
    "残疾人辅助器具适配服务",
    "残疾人托养服务补贴",
    "残疾人就业创业扶持",
    "残疾学生及残疾人家庭子女教育资助",
    "残疾人机动轮椅车燃油补贴",
    "残疾人文化体育活动经费",
    "残疾人证办理及残疾评定补贴",
    "盲人医疗按摩人员培训",
    "残疾人法律援助与信访维权",
    "残疾人事业职能补助经费",
    "孤独症儿童康复救助",
)
PROJECT_SUFFIXES = ("", "", "项目", "专项资金", "经费")

# (item name, spending category) of project spending lines, as in 001's 项目支出情况.
SPENDING_ITEMS = (
    "残疾人康复支出",
    "残疾人就业与扶贫支出",
    "残疾人教育资助支出",
    "残疾人托养服务支出",
    "无障碍改造支出",
    "残疾人文化体育支出",
    "残疾人宣传支出",
    "残疾人权益保障支出",
    "残疾人组织建设支出",
    "用于残疾人事业的彩票公益金支出",
    "其他残疾人事业支出",
)

GRADE_WORDS = {"优": ("优", "优秀"), "良": ("良", "良好"), "中": ("中", "中等", "合格"), "差": ("差", "较差", "不合格")}

# Score frameworks: dimension names with their maximum points (hundredths).
DEPARTMENT_FRAMEWORKS = (
    (("预算执行率", 1000), ("产出指标", 4000), ("效益指标", 4000), ("满意度指标", 1000)),
    (("预算执行", 1000), ("产出指标", 5000), ("效益指标", 3000), ("满意度指标", 1000)),
    (("决策", 2000), ("过程", 2000), ("产出", 3000), ("效益", 3000)),
)
PROJECT_FRAMEWORKS = (
    (("项目决策", 2000), ("项目管理", 2000), ("项目绩效", 6000)),
    (("决策", 2000), ("过程", 2000), ("产出", 4000), ("效益", 2000)),
    (("整体投入", 2000), ("整体过程", 2000), ("整体产出", 3000), ("整体效果", 3000)),
    (("项目决策", 1500), ("项目管理", 1500), ("产出指标", 4000), ("效益指标", 2000), ("满意度指标", 1000)),
)

CONTRADICTIONS = (
    "parts_sum_to_total",
    "stated_rate_mismatch",
    "grade_outside_band",
    "figure_stated_twice",
    "score_above_max",
    "implausible_amount",
)


@dataclass
class Indicator:
    """One scored third-level indicator row of a 自评表."""

    goal: str
    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    points: int  # hundredths
    score: int  # hundredths
    note: str = ""


@dataclass
class Dimension:
    """A first-level score of the framework: raw name, max and score in hundredths of a point."""

    name: str
    max: int
    score: int


@dataclass
class AttachedForm:
    """A project's 自评表 attached to a department's report: its money in hundredths of 万元 and its 总分."""

    name: str
    budget_initial: int
    budget: int
    executed: int
    score_total: int


@dataclass
class Item:
    """A project spending line: budget (may be None) and amount in hundredths of 万元."""

    name: str
    amount: int
    budget: int | None = None


@dataclass
class ReportFacts:
    """Everything one synthetic report states; None means the report does not state it."""

    index: int
    place: Place
    unit_name: str  # the fullest form written (with the parent city when the report names it)
    unit_short: str  # the form used in the title when it differs (常宁市残联 style or without parent)
    fiscal_year: int
    report_scope: str
    evaluation_type: str
    evaluator: str | None  # 财政评价 / 第三方评价 wording for external evaluations
    layout: str
    fmt: str
    project_name: str | None = None
    budget_initial: int | None = None
    budget_adjusted: int | None = None
    budget_executed: int | None = None
    execution_rate_pct: int | None = None  # hundredths of a percent, as stated
    income_total: int | None = None
    income_fiscal: int | None = None
    income_gov_fund: int | None = None
    income_other: int | None = None
    spend_total: int | None = None
    spend_basic: int | None = None
    spend_project: int | None = None
    score_total: int | None = None
    score_max: int | None = None
    grade: str | None = None  # canonical 优/良/中/差 as stated
    grade_word: str | None = None  # as written
    dimensions: list[Dimension] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    # projects whose 自评表 a department's report attaches after its signature (spending lines in the truth)
    attached_forms: list[AttachedForm] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    # field → a second, different value the report also states (summary vs body)
    second_mentions: dict[str, int] = field(default_factory=dict)
    # added to the last source of funds a project report lists, so that its sources exceed its budget
    funding_excess: int = 0
    expected_checks: list[str] = field(default_factory=list)
    style: dict = field(default_factory=dict)


def grade_for(score: int) -> str:
    """The national band of a score in hundredths: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差."""
    if score >= 9000:
        return "优"
    if score >= 8000:
        return "良"
    return "中" if score >= 6000 else "差"


def rate_of(executed: int, budget: int) -> int:
    """executed ÷ budget in hundredths of a percent, rounded half up to 2 decimals."""
    return (executed * 10000 * 2 + budget) // (budget * 2)


def split(rng: random.Random, total: int, parts: int, floor: int = 1) -> list[int]:
    """``parts`` integers of at least ``floor`` summing exactly to ``total`` (floor × parts must fit)."""
    spare = total - floor * parts
    if spare < 0:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {floor}")
    cuts = sorted(rng.randint(0, spare) for _ in range(parts - 1))
    return [b - a + floor for a, b in zip([0, *cuts], [*cuts, spare], strict=True)]


def pick_place(rng: random.Random) -> Place:
    """A jurisdiction, weighted like the real population of 残联: mostly counties."""
    level = rng.choices(("province", "prefecture", "county"), weights=(3, 17, 80))[0]
    return rng.choice(_places_of_level(level))


@cache
def _places_of_level(level: str) -> tuple[Place, ...]:
    places = all_places()
    return tuple(p for p in places if p.level == level and not p.adcode.startswith(_EXCLUDED_PROVINCE_PREFIXES))


def unit_names(rng: random.Random, place: Place) -> tuple[str, str]:
    """(fullest name written, name in the title) of the 残联 of ``place``."""
    base = "残疾人联合会"
    if place.level != "county":
        return place.name + base, place.name + base
    short = place.name + base
    parent = place.prefecture or (place.province if place.province.endswith("市") else None)
    if parent is None:
        return short, short
    full = parent + place.name + base
    # Ambiguous names (four 鼓楼区) always get their parent somewhere; others only sometimes.
    if place.name in ambiguous_county_names() or rng.random() < 0.5:
        return full, rng.choice((short, full))
    return short, short


@dataclass(frozen=True)
class Config:
    """What to generate: how many reports, the seed, the format mix and the contradiction rate."""

    reports: int = 100
    seed: int = 7
    contradiction_rate: float = 0.15
    formats: tuple[tuple[str, float], ...] = (
        ("txt", 0.27),
        ("txt-gb18030", 0.08),
        ("md", 0.1),
        ("docx", 0.2),
        ("xlsx", 0.07),
        ("xls", 0.03),
        ("html", 0.13),
        ("pdf", 0.12),
    )


# Which layouts each format carries (weights): an Excel file is always a 自评表.
LAYOUTS_BY_FORMAT = {
    "txt": (("prose_department", 35), ("project_report", 30), ("overview_attachment", 10), ("selfeval_table", 25)),
    "txt-gb18030": (("prose_department", 40), ("project_report", 30), ("selfeval_table", 30)),
    "md": (("overview_attachment", 40), ("prose_department", 20), ("project_report", 20), ("selfeval_table", 20)),
    "docx": (("prose_department", 35), ("project_report", 30), ("overview_attachment", 5), ("selfeval_table", 30)),
    "xlsx": (("selfeval_table", 1),),
    "xls": (("selfeval_table", 1),),
    "html": (("prose_department", 30), ("project_report", 30), ("overview_attachment", 10), ("selfeval_table", 30)),
    "pdf": (("prose_department", 35), ("project_report", 30), ("overview_attachment", 5), ("selfeval_table", 30)),
}

# Department spending scale by level, in 万元 (low, high).
_DEPARTMENT_SCALE = {"province": (6000, 60000), "prefecture": (800, 9000), "county": (150, 3000)}
_PROJECT_SCALE = {"province": (100, 5000), "prefecture": (30, 1500), "county": (10, 600)}


def choose(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    """One name of a (name, weight) table."""
    names, weights = zip(*weighted, strict=True)
    return rng.choices(names, weights=weights)[0]


def wan(rng: random.Random, low: float, high: float) -> int:
    """A random amount between low and high 万元, log-uniform, in hundredths of 万元."""
    import math

    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    # Most reports round to 0.01 万元; some budgets are whole 万元 or 0.1 万元.
    step = rng.choices((1, 10, 100), weights=(70, 15, 15))[0]
    return max(100, int(value * 100) // step * step)


def make_facts(config: Config, index: int) -> ReportFacts:
    """The consistent facts of report ``index``, then (at the configured rate) one injected contradiction."""
    rng = random.Random(f"{config.seed}:{index}")
    fmt = choose(rng, config.formats)
    layout = choose(rng, LAYOUTS_BY_FORMAT[fmt])
    place = pick_place(rng)
    full, short = unit_names(rng, place)
    scope, evaluation, evaluator = _scope_and_evaluation(rng, layout)
    facts = ReportFacts(
        index=index,
        place=place,
        unit_name=full,
        unit_short=short,
        fiscal_year=rng.choice(YEARS),
        report_scope=scope,
        evaluation_type=evaluation,
        evaluator=evaluator,
        layout=layout,
        fmt=fmt,
    )
    facts.style = _style(rng)
    # Drawn apart so that adding this choice left every other figure of the corpus as it was.
    facts.style["bare_wan"] = random.Random(f"{config.seed}:{index}:wan").random() < 0.05
    # A site's text copy of a 自评表 with every table on one line (blank cells gone), drawn apart for the same reason.
    # A web page has no page footers to cut it.
    if layout == "selfeval_table" and random.Random(f"{config.seed}:{index}:oneline").random() < 0.15:
        facts.style.update(table_text="oneline", page_numbers=False)
    if scope == "project":
        facts.project_name = project_name(rng)
    _FIGURES[layout](rng, facts)
    # The provinces' scoring table (一级/二级/三级指标, 分值, 评分标准, 自评得分) scores a department's 决策, 过程, 产出
    # and 效益 in rows; drawn apart, as bare_wan, so every other report of the corpus stays as it was.
    scoring = random.Random(f"{config.seed}:{index}:scoring")
    if layout == "prose_department" and scoring.random() < 0.5:
        from etl.synth.indicators import has_scoring_template, scoring_rows

        if has_scoring_template(facts.dimensions):
            facts.indicators = scoring_rows(scoring, facts.dimensions)
    # Projects' 自评表 attached after a department's signature: their own stream too.
    forms = random.Random(f"{config.seed}:{index}:forms")
    if layout == "prose_department" and forms.random() < ATTACHED_FORMS_SHARE:
        _attach_project_forms(forms, facts)
    if rng.random() < config.contradiction_rate:
        from etl.synth.contradict import inject

        inject(rng, facts)
    return facts


ATTACHED_FORMS_SHARE = 0.3


def _attach_project_forms(rng: random.Random, facts: ReportFacts) -> None:
    """One to three projects' forms; each is a line of the department's project spending in the ground truth
    (not of its prose, which lists ``items``)."""
    taken = {item.name for item in facts.items}
    names = [name for name in dict.fromkeys(project_name(rng) for _ in range(6)) if name not in taken]
    for name in names[: rng.randint(1, 3)]:
        budget = max(200, int(facts.spend_project * rng.uniform(0.03, 0.25)))
        executed = max(100, int(budget * rng.uniform(0.7, 1.0)))
        form = AttachedForm(name, int(budget * rng.uniform(0.6, 1.0)), budget, executed, rng.randint(70, 99))
        facts.attached_forms.append(form)


def project_name(rng: random.Random) -> str:
    """A programme name, sometimes with a 项目/专项资金 suffix (never 经费经费)."""
    name = rng.choice(PROJECT_NAMES)
    suffix = rng.choice(PROJECT_SUFFIXES)
    return name if name.endswith(("经费", "项目")) and suffix in ("经费", "专项资金") else name + suffix


def _scope_and_evaluation(rng: random.Random, layout: str) -> tuple[str, str, str | None]:
    if layout == "prose_department":
        return "department", "self", None
    if layout == "overview_attachment":
        return "project", "external", "财政评价"
    if layout == "selfeval_table":
        return rng.choices(("department", "project"), weights=(70, 30))[0], "self", None
    if rng.random() < 0.2:
        return "project", "external", rng.choice(("第三方评价", "财政评价"))
    return "project", "self", None


def _style(rng: random.Random) -> dict:
    """How this report writes numbers and tables."""
    return {
        "money_unit": rng.choices(("万元", "元", "亿元"), weights=(85, 10, 5))[0],
        "thousands": rng.random() < 0.4,
        "trim_zeros": rng.random() < 0.4,
        "full_width": rng.random() < 0.06,
        "table_text": rng.choices(("tsv", "pipe", "cells"), weights=(60, 20, 20))[0],
        "page_numbers": rng.random() < 0.3,
        "summary": rng.random() < 0.5,
        "grade_word": rng.random() < 0.5,
    }


def _scores(rng: random.Random, facts: ReportFacts, framework: tuple[tuple[str, int], ...]) -> None:
    """A total in a realistic band, split over the framework's dimensions so the parts add up."""
    band = rng.choices(("优", "良", "中", "差"), weights=(70, 20, 8, 2))[0]
    low, high = {"优": (9000, 9990), "良": (8000, 8990), "中": (6000, 7990), "差": (4000, 5990)}[band]
    step = rng.choice((100, 50, 10, 1))
    total_max = sum(m for _, m in framework)
    loss = total_max - rng.randrange(low, high + 1) // step * step
    scores = [m for _, m in framework]
    first = framework[0][0]
    if first.startswith("预算执行") and facts.execution_rate_pct is not None:
        # The budget dimension scores max × rate, as in the national 自评表.
        scores[0] = min(scores[0], framework[0][1] * facts.execution_rate_pct // 10000)
        loss -= framework[0][1] - scores[0]
    scores = _take_loss(rng, scores, max(0, loss), start=1 if first.startswith("预算执行") else 0)
    facts.dimensions = [Dimension(name, m, s) for (name, m), s in zip(framework, scores, strict=True)]
    facts.score_total = sum(scores)
    facts.score_max = total_max
    facts.grade = grade_for(facts.score_total)
    facts.grade_word = rng.choice(GRADE_WORDS[facts.grade]) if facts.style.get("grade_word") else facts.grade


def _take_loss(rng: random.Random, scores: list[int], loss: int, start: int = 0) -> list[int]:
    """Subtract ``loss`` hundredths from scores[start:], keeping each above 40% of its maximum while possible."""
    scores = list(scores)
    floors = [s * 4 // 10 for s in scores]
    for floor_scale in (1, 0):
        while loss > 0:
            open_ = [i for i in range(start, len(scores)) if scores[i] > floors[i] * floor_scale]
            if not open_:
                break
            index = rng.choice(open_)
            room = scores[index] - floors[index] * floor_scale
            take = min(loss, room, rng.choice((50, 100, 20, 150, 250)))
            scores[index] -= take
            loss -= take
    return scores


def _department_money(rng: random.Random, facts: ReportFacts) -> None:
    low, high = _DEPARTMENT_SCALE[facts.place.level]
    total = wan(rng, low, high)
    facts.spend_total = total
    facts.spend_basic = int(total * rng.uniform(0.1, 0.4))
    facts.spend_project = total - facts.spend_basic
    facts.income_total = total if rng.random() < 0.7 else total + int(total * rng.uniform(0.001, 0.05))
    has_fund = rng.random() < 0.5
    fiscal_share = rng.uniform(0.6, 0.93)
    # The fund share leaves at least 2% for 其他收入, so every part stays positive.
    shares = [fiscal_share, rng.uniform(0.02, min(0.15, 0.98 - fiscal_share)) if has_fund else 0.0]
    facts.income_fiscal = int(facts.income_total * shares[0])
    facts.income_gov_fund = max(100, int(facts.income_total * shares[1])) if has_fund else None
    facts.income_other = facts.income_total - facts.income_fiscal - (facts.income_gov_fund or 0)
    if rng.random() < 0.5:
        names = rng.sample(SPENDING_ITEMS, rng.randint(3, 6))
        amounts = split(rng, facts.spend_project, len(names), floor=100)
        facts.items = [Item(n, a) for n, a in zip(names, amounts, strict=True)]


def _budget_phases(rng: random.Random, facts: ReportFacts, executed: int, phases: str) -> None:
    """Budgets around ``executed``: phases 'adjusted', 'initial' or 'both'; the rate uses the stated base."""
    adjusted = max(executed, int(executed / rng.uniform(0.85, 1.0)))
    initial = int(adjusted * rng.uniform(0.6, 1.0)) if phases == "both" else adjusted
    facts.budget_executed = executed
    facts.budget_adjusted = adjusted if phases in ("adjusted", "both") else None
    facts.budget_initial = initial if phases in ("initial", "both") else None
    base = facts.budget_adjusted or facts.budget_initial
    facts.execution_rate_pct = rate_of(executed, base)


def _figures_prose_department(rng: random.Random, facts: ReportFacts) -> None:
    _department_money(rng, facts)
    phases = rng.choices(("adjusted", "both", "initial"), weights=(50, 35, 15))[0]
    _budget_phases(rng, facts, facts.spend_total, phases)
    if rng.random() < 0.8:
        _scores(rng, facts, rng.choice(DEPARTMENT_FRAMEWORKS))


def _figures_project(rng: random.Random, facts: ReportFacts, frameworks: tuple) -> None:
    low, high = _PROJECT_SCALE[facts.place.level]
    budget = wan(rng, low, high)
    executed = max(100, int(budget * rng.uniform(0.5, 1.0)))
    phases = rng.choices(("initial", "adjusted", "both"), weights=(45, 30, 25))[0]
    facts.budget_executed = executed
    facts.budget_initial = budget if phases != "adjusted" else None
    facts.budget_adjusted = budget if phases == "adjusted" else None
    if phases == "both":
        facts.budget_adjusted = budget
        facts.budget_initial = int(budget * rng.uniform(0.6, 1.0))
    facts.execution_rate_pct = rate_of(executed, facts.budget_adjusted or facts.budget_initial)
    if rng.random() < 0.5 and executed >= 600:
        names = rng.sample(PROJECT_ITEMS, rng.randint(2, 4))
        amounts = split(rng, executed, len(names), floor=100)
        facts.items = [Item(n, a) for n, a in zip(names, amounts, strict=True)]
    _scores(rng, facts, rng.choice(frameworks))


def _figures_project_report(rng: random.Random, facts: ReportFacts) -> None:
    _figures_project(rng, facts, PROJECT_FRAMEWORKS)


def _figures_overview(rng: random.Random, facts: ReportFacts) -> None:
    _figures_project(rng, facts, PROJECT_FRAMEWORKS[2:3] + PROJECT_FRAMEWORKS[1:2])
    facts.items = []
    if rng.random() < 0.5:
        # Many finance-bureau results state only what was spent.
        facts.budget_initial = facts.budget_adjusted = facts.execution_rate_pct = None


def _figures_table(rng: random.Random, facts: ReportFacts) -> None:
    from etl.synth.indicators import make_indicators

    if facts.report_scope == "department":
        low, high = _DEPARTMENT_SCALE[facts.place.level]
    else:
        low, high = _PROJECT_SCALE[facts.place.level]
    executed = wan(rng, low, high)
    _budget_phases(rng, facts, executed, "both")
    make_indicators(rng, facts)


PROJECT_ITEMS = (
    "康复训练补助",
    "辅助器具采购",
    "培训费",
    "宣传印刷费",
    "第三方评估费",
    "设备购置费",
    "专家评审费",
    "服务购买费",
    "会议费",
)

_FIGURES = {
    "prose_department": _figures_prose_department,
    "project_report": _figures_project_report,
    "overview_attachment": _figures_overview,
    "selfeval_table": _figures_table,
}
