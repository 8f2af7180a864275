"""Indicator rows of a 自评表 (goals, 一级/二级/三级指标, targets, actuals, points, scores) that add up."""

from __future__ import annotations

import random

from etl.synth.model import GRADE_WORDS, Dimension, Indicator, Item, ReportFacts, grade_for, split

# (三级指标 template, target template, actual template); {n} a count, {p} a percentage.
_QUANTITY = (
    ("残疾儿童康复救助人数", "≥{n}人", "{a}人"),
    ("残疾人职业技能培训人次", "≥{n}人次", "{a}人次"),
    ("困难重度残疾人家庭无障碍改造户数", "≥{n}户", "{a}户"),
    ("残疾人辅助器具适配人数", "≥{n}人", "{a}人"),
    ("残疾人托养服务人数", "≥{n}人", "{a}人"),
    ("发放残疾人机动轮椅车燃油补贴人数", "{n}人", "{a}人"),
    ("资助残疾学生人数", "≥{n}人", "{a}人"),
    ("举办残疾人文化体育活动次数", "≥{n}次", "{a}次"),
)
_QUALITY = (
    ("康复服务有效率", "≥{p}%", "{q}%"),
    ("培训合格率", "≥{p}%", "{q}%"),
    ("无障碍改造验收合格率", "≥{p}%", "{q}%"),
    ("补贴资金发放准确率", "={p}%", "{q}%"),
    ("辅助器具适配合格率", "≥{p}%", "{q}%"),
)
_TIMELINESS = (
    ("资金拨付及时性", "{y}年12月31日前完成", "{y}年12月31日前按时完成"),
    ("项目完成时限", "{y}年底前", "按时完成"),
    ("补贴发放及时率", "≥{p}%", "{q}%"),
)
_SOCIAL = (
    ("残疾人生活质量改善情况", "有效改善", "残疾人生活质量得到有效改善"),
    ("残疾人就业能力提升", "明显提升", "残疾人就业能力进一步提升"),
    ("社会关爱残疾人氛围", "逐步形成", "全社会扶残助残氛围更加浓厚"),
)
_SUSTAIN = (
    ("残疾人服务长效机制", "逐步健全", "长效机制进一步健全"),
    ("基层残疾人组织服务能力", "持续提高", "服务能力持续提高"),
)
_SATISFACTION = (
    ("服务对象满意度", "≥{p}%", "{q}%"),
    ("残疾人及家属满意度", "≥{p}%", "{q}%"),
    ("参训残疾人满意度", "≥{p}%", "{q}%"),
)
COST_ITEMS = (
    "残疾人康复服务相关工作预算",
    "残疾人就业服务相关工作预算",
    "残疾人权益保障和社会工作预算",
    "残疾人文化宣传相关工作预算",
    "残疾人体育运动相关工作预算",
    "残联机构运行经费预算",
    "残疾人教育资助相关工作预算",
)
_NOTES = (
    "实际执行中部分对象未能按计划参加，今后将更精准掌握需求。",
    "受客观因素影响进度滞后，下一步将加快实施进度。",
    "部分指标设置不够精准，今后将科学设定绩效目标。",
)


def make_indicators(rng: random.Random, facts: ReportFacts) -> None:
    """Goals with scored rows: 10 points for the budget row, 90 over the indicators; dimensions are their sums."""
    n_goals = rng.randint(1, 4) if facts.report_scope == "project" else rng.randint(2, 6)
    rows: list[Indicator] = []
    # Cost rows together stay under 60% of what was spent: they are parts, never more than the whole.
    share = facts.budget_executed * 6 // 10 // n_goals
    cost_names = rng.sample(COST_ITEMS, min(n_goals, len(COST_ITEMS)))
    for goal_no in range(1, n_goals + 1):
        goal = f"绩效目标{goal_no}" if n_goals > 1 else "总体目标"
        cost_name = cost_names[(goal_no - 1) % len(cost_names)] if goal_no <= len(cost_names) else None
        rows += _goal_rows(rng, facts, goal, cost_name, share)
    _assign_points(rng, rows)
    facts.indicators = rows
    budget_points = 1000
    budget_score = budget_points * facts.execution_rate_pct // 10000
    dims = [Dimension("预算执行", budget_points, budget_score)]
    for level1 in ("产出指标", "效益指标", "满意度指标"):
        mine = [r for r in rows if r.level1 == level1]
        dims.append(Dimension(level1, sum(r.points for r in mine), sum(r.score for r in mine)))
    facts.dimensions = dims
    facts.score_total = sum(d.score for d in dims)
    facts.score_max = sum(d.max for d in dims)
    facts.grade = grade_for(facts.score_total)
    facts.grade_word = rng.choice(GRADE_WORDS[facts.grade]) if facts.style.get("grade_word") else facts.grade


def _goal_rows(rng: random.Random, facts: ReportFacts, goal: str, cost_name: str | None, share: int) -> list[Indicator]:
    year = facts.fiscal_year
    rows: list[Indicator] = []
    plan = (
        ("产出指标", "数量指标", _QUANTITY, rng.randint(1, 3)),
        ("产出指标", "质量指标", _QUALITY, rng.randint(1, 2)),
        ("产出指标", "时效指标", _TIMELINESS, 1),
        ("效益指标", "社会效益指标", _SOCIAL, rng.randint(1, 2)),
        ("效益指标", "可持续影响指标", _SUSTAIN, rng.randint(0, 1)),
        ("满意度指标", "服务对象满意度指标", _SATISFACTION, rng.randint(1, 2)),
    )
    for level1, level2, bank, count in plan:
        for name, target_t, actual_t in rng.sample(bank, min(count, len(bank))):
            n = rng.randint(5, 900)
            p = rng.choice((80, 85, 90, 95))
            values = {"n": n, "a": n + rng.randint(0, n // 5), "p": p, "q": min(100, p + rng.randint(0, 10)), "y": year}
            rows.append(
                Indicator(goal, level1, level2, name, target_t.format(**values), actual_t.format(**values), 0, 0)
            )
        if level2 == "时效指标" and cost_name and share >= 200:
            amount = max(100, int(share * rng.uniform(0.5, 0.95)))
            budget = max(amount, int(amount / rng.uniform(0.85, 1.0)))
            facts.items.append(Item(cost_name, amount, budget))
            target, actual = f"≤{_plain(budget)}万元", f"{_plain(amount)}万元"
            rows.append(Indicator(goal, "产出指标", "成本指标", cost_name, target, actual, 0, 0))
    return rows


def _plain(amount: int) -> str:
    """An amount in hundredths of 万元 as the 成本指标 cells write it (no separators, zeros trimmed)."""
    return f"{amount / 100:.2f}".rstrip("0").rstrip(".")


def _assign_points(rng: random.Random, rows: list[Indicator]) -> None:
    """90 points over the rows in whole points; most rows full marks, a few lose part of theirs."""
    points = split(rng, 9000 // 100, len(rows), floor=1) if len(rows) <= 90 else [1] * len(rows)
    for row, whole in zip(rows, points, strict=True):
        row.points = whole * 100
        lost = 0
        if rng.random() < 0.15:
            lost = min(row.points, rng.choice((50, 100, row.points // 2)))
            row.note = rng.choice(_NOTES)
        row.score = row.points - lost


# The provinces' 部门整体支出 scoring table: first level → (second level, its third-level indicators).
SCORING_TEMPLATE: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "决策": (
        ("目标设定", ("绩效目标合理性", "绩效指标明确性")),
        ("预算配置", ("在职人员控制率", "“三公经费”变动率", "重点支出安排率")),
    ),
    "过程": (
        ("预算执行", ("预算完成率", "预算控制率", "公用经费控制率")),
        ("预算管理", ("管理制度健全性", "资金使用合规性", "预决算信息公开性")),
        ("资产管理", ("资产管理安全性", "固定资产利用率")),
    ),
    "产出": (("职责履行", ("实际完成率", "完成及时率", "质量达标率", "重点工作办结率")),),
    "效益": (("履职效益", ("社会效益", "可持续影响", "服务对象满意度")),),
}


def has_scoring_template(dimensions: list[Dimension]) -> bool:
    """Whether the framework is the one the scoring table scores (决策, 过程, 产出, 效益)."""
    return [d.name for d in dimensions] == list(SCORING_TEMPLATE)


def scoring_rows(rng: random.Random, dimensions: list[Dimension]) -> list[Indicator]:
    """Rows of the scoring table, in whole points per row, adding up to each dimension's maximum and score."""
    rows: list[Indicator] = []
    for dimension in dimensions:
        names = [
            (level2, level3)
            for level2, level3s in SCORING_TEMPLATE[dimension.name]
            for level3 in rng.sample(level3s, rng.randint(1, len(level3s)))
        ]
        points = [whole * 100 for whole in split(rng, dimension.max // 100, len(names), floor=1)]
        losses = _spread_loss(rng, points, dimension.max - dimension.score)
        for (level2, level3), row_points, lost in zip(names, points, losses, strict=True):
            rows.append(Indicator("", dimension.name, level2, level3, "", "", row_points, row_points - lost))
    return rows


def _spread_loss(rng: random.Random, points: list[int], loss: int) -> list[int]:
    """What each row lost, none more than its points, adding up to ``loss``."""
    losses = [0] * len(points)
    while loss > 0:
        index = rng.choice([i for i, p in enumerate(points) if losses[i] < p])
        take = min(loss, points[index] - losses[index], rng.choice((25, 50, 100, 150)))
        losses[index] += take
        loss -= take
    return losses
