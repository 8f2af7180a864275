"""Self-consistency checks of one parsed report (every problem, both sides quoted); never mutates its inputs.

Severity: ``error`` for a value that cannot be right on its own (a score above its maximum, a grade outside
its band, a report without year or unit); ``warning`` for two figures of the report that contradict each
other; ``info`` when the contradiction is explained by the report rounding one of them.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from etl.parse.source import PIECE_END, PREVIOUS_YEAR_RE
from etl.parse.template import restore_form_rows
from etl.record import (
    ALL_SOURCE_BREAKDOWNS,
    MONEY_FIELDS,
    PARTIAL_SOURCES,
    SOURCE_BREAKDOWNS,
    Breakdown,
    DimensionScore,
    Evidence,
    Fact,
    Finding,
    IndicatorRow,
    Quantity,
    Report,
    Severity,
)
from etl.text import FOLDABLE_RUN_RE, normalise, simplified
from etl.units import MONEY_UNIT, to_wan

CHECK_IDS: tuple[str, ...] = (
    "parts_sum_to_total",
    "stated_rate_mismatch",
    "grade_outside_band",
    "figure_stated_twice",
    "score_above_max",
    "implausible_amount",
    "missing_identity",
    "spent_exceeds_total",
    "narrative_contradicts_indicator",
    "duplicate_report",
)

_NUMBER_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# A merged span longer than this would quote half the report; the first piece is quoted instead.
_MAX_QUOTE = 300
_EPS = 1e-9

_FIELD_LABELS: dict[str, str] = {
    "unit_name": "单位名称",
    "fiscal_year": "年度",
    "project_name": "项目名称",
    "report_scope": "评价范围",
    "evaluation_type": "评价类型",
    "evaluation_period": "评价期间",
    "budget_initial": "年初预算数",
    "budget_adjusted": "全年预算数",
    "budget_executed": "全年执行数",
    "execution_rate_pct": "预算执行率",
    "income_total": "收入合计",
    "income_fiscal": "财政拨款收入",
    "income_gov_fund": "政府性基金预算拨款收入",
    "income_other": "其他收入",
    "spend_total": "支出合计",
    "spend_basic": "基本支出",
    "spend_project": "项目支出",
    "score_total": "总分",
    "score_max": "满分",
    "grade": "评价等级",
}

# Breakdown label → (what the parts are, what the total is called, unit, field of the total).
_BREAKDOWN_LABELS: dict[str, tuple[str, str, str, str | None]] = {
    "income": ("收入各项", "收入合计", "万元", "income_total"),
    "spend": ("支出各项", "支出合计", "万元", "spend_total"),
    "spend_basic": ("基本支出各项", "基本支出", "万元", "spend_basic"),
    "spend_project": ("项目支出各项", "项目支出", "万元", "spend_project"),
    "staff": ("各类编制人数", "在职人员", "人", "staff"),
    "funding": ("各来源资金", "资金总额", "万元", None),
}
# A 自评表's source rows under 年度资金总额, one breakdown a money column (see money._read_source_rows).
_BREAKDOWN_LABELS.update(
    {
        label + end: ("各来源资金", _FIELD_LABELS[field], "万元", None)
        for field, label in SOURCE_BREAKDOWNS.items()
        for end in ("", PARTIAL_SOURCES)
    }
)
# Breakdowns whose parts a report may list only in part ("其中中央资金…，省级资金…", the county's own share unsaid):
# their parts contradict the total only by exceeding it. Source rows that include the template's catch-all 其他资金
# row leave no share unsaid (whatever is not 财政拨款 or 上年结转 is 其他), so they must add up to the total exactly.
_PARTIAL_BREAKDOWNS = frozenset({"funding", *(label + PARTIAL_SOURCES for label in SOURCE_BREAKDOWNS.values())})

# Raw first-level dimension names → canonical dimension (DOMAIN.md, "Score frameworks").
_DIMENSION_ALIASES: dict[str, str] = {
    "项目决策": "决策投入",
    "决策": "决策投入",
    "整体投入": "决策投入",
    "投入": "决策投入",
    "项目管理": "过程管理",
    "过程": "过程管理",
    "整体过程": "过程管理",
    "产出": "产出",
    "整体产出": "产出",
    "效益": "效益",
    "效果": "效益",
    "整体效果": "效益",
    "满意度": "满意度",
    "预算执行率": "预算执行",
    "预算执行": "预算执行",
    "项目绩效": "绩效",
    "绩效": "绩效",
}


# ---------------------------------------------------------------------------------------------------------------
# Figures: as written, decimals, formatting


def _fmt(value: float, decimals: int | None = None) -> str:
    """A number for a message: fixed decimals when given, else without trailing zeros."""
    if decimals is not None:
        return f"{value:.{decimals}f}"
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _written(value: float, evidence: Evidence | None) -> str:
    """The figure as the report writes it ("65.80"), found in the evidence; else formatted."""
    if evidence is not None and evidence.method != "derived":
        for match in _NUMBER_RE.finditer(_normalised(evidence.snippet)):
            written = match.group().replace(",", "")
            if abs(float(written) - value) < _EPS:
                return written
    return _fmt(value)


def _decimals(written: str) -> int:
    """How many decimals a written figure has."""
    return len(written.split(".", 1)[1]) if "." in written else 0


def _is_rounding_of(rough: float, rough_written: str, precise: float) -> bool:
    """True when ``rough`` is ``precise`` rounded to the decimals ``rough`` is written with.

    Strictly within half a unit: an exact half (93 against 92.5) is as likely a contradiction as a rounding.
    """
    return abs(precise - rough) < 0.5 * 10 ** -_decimals(rough_written) - _EPS


def _evidence(text: str, start: int, end: int, method: str = "exact") -> Evidence:
    """Evidence for text[start:end]."""
    return Evidence(start, end, text[start:end], method)  # type: ignore[arg-type]


def _covering(evidences: Iterable[Evidence | None], text: str) -> Evidence | None:
    """One span covering all pieces (derived), or the first piece when that span would be too long to quote."""
    pieces = [e for e in evidences if e is not None]
    if not pieces:
        return None
    if len(pieces) == 1:
        return pieces[0]
    start, end = min(p.start for p in pieces), max(p.end for p in pieces)
    if end - start > _MAX_QUOTE:
        return pieces[0]
    return _evidence(text, start, end, "derived")


def _number(value: object) -> float | None:
    """A fact value as a float, or None for text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def _numeric_fact(report: Report, name: str) -> tuple[float, Fact] | None:
    """The kept value of a numeric field with its fact."""
    fact = report.facts.get(name)
    if fact is None:
        return None
    value = _number(fact.value)
    return None if value is None else (value, fact)


# ---------------------------------------------------------------------------------------------------------------
# parts_sum_to_total


@dataclass(frozen=True)
class _Figure:
    """A figure taking part in a sum, with where it was written."""

    value: float
    evidence: Evidence | None

    @property
    def written(self) -> str:
        return _written(self.value, self.evidence)


def _sum_mismatch(
    parts: Sequence[_Figure], total: _Figure, labels: tuple[str, str], unit: str, field: str | None, text: str
) -> Finding | None:
    """A finding when the parts do not add up to the stated total beyond the precision they are written with."""
    written = [p.written for p in parts]
    total_written = total.written
    decimals = max(_decimals(w) for w in [*written, total_written])
    parts_sum = sum(p.value for p in parts)
    gap = abs(parts_sum - total.value)
    # Stated figures are exact decimals: any gap of a unit of the finest decimal is real.
    if gap <= 0.5 * 10**-decimals + _EPS:
        return None
    rounded = _is_rounding_of(total.value, total_written, parts_sum)
    sum_text = _fmt(parts_sum, max(_decimals(w) for w in written))
    message = (
        f"{labels[0]}（{'+'.join(written)}）之和 {sum_text} {unit}，与所述{labels[1]} {total_written} {unit}不符"
        f"（差 {_fmt(gap, decimals)} {unit}）"
    )
    if rounded:
        message += "，疑为报告四舍五入"
    return Finding(
        "parts_sum_to_total",
        "info" if rounded else "warning",
        message,
        field,
        _covering((p.evidence for p in parts), text),
        total.evidence,
    )


def _breakdown_finding(report: Report, breakdown: Breakdown, text: str) -> Finding | None:
    """A stated total against its stated parts."""
    total_value = _number(breakdown.total.value)
    part_values = [_number(p.value) for p in breakdown.parts]
    if total_value is None or len(part_values) < 2 or any(v is None for v in part_values):
        return None
    parts_label, total_label, unit, field = _BREAKDOWN_LABELS.get(
        breakdown.label, (f"{breakdown.label}各项", breakdown.label, "", breakdown.total.field)
    )
    parts = [
        _Figure(_signed(v, p.evidence, text), p.evidence)  # type: ignore[arg-type]
        for v, p in zip(part_values, breakdown.parts, strict=True)
    ]
    total = _Figure(total_value, breakdown.total.evidence)
    parts_sum = sum(part.value for part in parts)
    if breakdown.label in _PARTIAL_BREAKDOWNS and parts_sum <= total_value + _EPS:
        return None
    if any(abs(parts_sum - other) < 0.005 for other in _other_statements(report, text, total_value)):
        return None  # the parts add up to another statement of the total: figure_stated_twice reports it
    if _the_budgets_parts(report, breakdown, parts_sum):
        return None
    field = field or breakdown.total.field
    return _sum_mismatch(parts, total, (parts_label, total_label), unit, field, text)


def _the_budgets_parts(report: Report, breakdown: Breakdown, parts_sum: float) -> bool:
    """True when spending parts read for the executed amount are written before it and add up to a budget the report
    states: they are that budget's ("全年预算数500万元，其中基本支出300万元，项目支出200万元。全年执行数480万元")."""
    total = breakdown.total
    if breakdown.label != "spend" or total.field != "budget_executed" or total.evidence.method == "derived":
        return False
    if any(part.evidence.end > total.evidence.start for part in breakdown.parts):
        return False  # "全年执行数480万元，其中…": the executed amount's own parts
    budgets = _values_of(report, "budget_adjusted") + _values_of(report, "budget_initial")
    return any(abs(parts_sum - budget) < 0.005 for budget in budgets)


def _signed(value: float, evidence: Evidence, text: str) -> float:
    """The value with the minus sign the report writes before it ("其他收入-24.15万元"), if any."""
    if value <= 0 or evidence.method == "derived":
        return value
    norm = _normalised(text)
    for match in _NUMBER_RE.finditer(norm, evidence.start, evidence.end):
        written = float(match.group().replace(",", ""))
        # The figure may be written in 元 or 亿元 while the value is in 万元.
        if any(abs(written * scale - value) < 0.005 for scale in (1.0, 0.0001, 10_000.0)):
            return -value if match.start() > 0 and norm[match.start() - 1] == "-" else value
    return value


def _other_statements(report: Report, text: str, value: float) -> list[float]:
    """Every value the report states for the figures it states as ``value`` (alternatives, restatements)."""
    stated = [*report.facts.values(), *report.alternatives, *_restatements(report, text)]
    fields = {
        fact.field for fact in stated if (number := _number(fact.value)) is not None and abs(number - value) < _EPS
    }
    return [number for fact in stated if fact.field in fields and (number := _number(fact.value)) is not None]


@lru_cache(maxsize=256)
def _canonical_dimension(name: str | None) -> str | None:
    """The canonical dimension of a raw first-level name ("A项目决策", "产出指标" → 决策投入, 产出)."""
    if not name:
        return None
    key = re.sub(r"^[A-Za-z0-9一二三四五六七八九十、.（）() ]+", "", name.strip())
    key = key.removesuffix("指标")
    return _DIMENSION_ALIASES.get(key)


def _top_level_dimensions(dimensions: Sequence[DimensionScore]) -> list[DimensionScore]:
    """Distinct first-level dimensions; 产出/效益/满意度 drop out when a 绩效 dimension already holds them."""
    seen: set[str] = set()
    distinct = []
    for dimension in dimensions:
        if dimension.name not in seen:
            seen.add(dimension.name)
            distinct.append(dimension)
    canonicals = {d.canonical or _canonical_dimension(d.name) for d in distinct}
    if "绩效" in canonicals:
        nested = {"产出", "效益", "满意度"}
        distinct = [d for d in distinct if (d.canonical or _canonical_dimension(d.name)) not in nested]
    return distinct


def _dimension_total_findings(report: Report, text: str) -> list[Finding]:
    """Dimension maxima against score_max, dimension scores against score_total."""
    dimensions = _top_level_dimensions(report.dimension_scores)
    if len(dimensions) < 2:
        return []
    findings = []
    maxima_complete = True
    score_max = _numeric_fact(report, "score_max")
    if score_max and all(d.max is not None for d in dimensions):
        maxima = [_Figure(d.max, d.evidence) for d in dimensions]  # type: ignore[arg-type]
        found = _sum_mismatch(
            maxima, _Figure(score_max[0], score_max[1].evidence), ("各一级指标分值", "满分"), "分", "score_max", text
        )
        if found:
            # Dimensions summed from indicator rows miss the full score when rows were missed: no finding
            # then, and an incomplete list is not compared with the total either.
            if not any(d.evidence.method == "derived" for d in dimensions):
                findings.append(found)
            maxima_complete = False
    score_total = _numeric_fact(report, "score_total")
    if score_total and _restated_total_is_the_sum(report, text, sum(d.score or 0 for d in dimensions)):
        return findings  # the total is stated twice and one statement adds up: figure_stated_twice reports it
    if score_total and maxima_complete and all(d.score is not None for d in dimensions):
        scores = [_Figure(d.score, d.evidence) for d in dimensions]  # type: ignore[arg-type]
        found = _sum_mismatch(
            scores,
            _Figure(score_total[0], score_total[1].evidence),
            ("各一级指标得分", "总分"),
            "分",
            "score_total",
            text,
        )
        if found:
            findings.append(found)
    return findings


def _restated_total_is_the_sum(report: Report, text: str, dimension_sum: float) -> bool:
    """True when another statement of the total score equals the dimensions' sum."""
    others = [_number(a.value) for a in report.alternatives if a.field == "score_total"]
    others += [float(f.value) for f in _restatements(report, text) if f.field == "score_total"]
    return any(other is not None and abs(other - dimension_sum) < 0.005 for other in others)


def _rows_of_dimension(dimension: DimensionScore, rows: Sequence[IndicatorRow]) -> list[IndicatorRow]:
    """The indicator rows filed under a dimension (same raw name, or same canonical dimension)."""
    canonical = dimension.canonical or _canonical_dimension(dimension.name)
    return [
        row
        for row in rows
        if row.level1 == dimension.name or (canonical is not None and _canonical_dimension(row.level1) == canonical)
    ]


def _incomplete(points: list[float | None], maximum: float | None) -> bool:
    """True when the rows' points are known and do not make up the dimension's maximum."""
    if maximum is None or any(p is None for p in points):
        return False
    return abs(sum(points) - maximum) > 0.005  # type: ignore[arg-type]


def _indicator_sum_findings(report: Report, text: str) -> list[Finding]:
    """Indicator scores under a dimension against the dimension's stated (not derived) score."""
    findings = []
    for dimension in _top_level_dimensions(report.dimension_scores):
        if dimension.score is None or dimension.evidence.method == "derived":
            continue
        rows = _rows_of_dimension(dimension, report.indicators)
        if len(rows) < 2 or any(row.score is None for row in rows):
            continue
        points = [row.points for row in rows]
        if _incomplete(points, dimension.max):
            continue  # the rows found are not all of the dimension's
        scores = [_Figure(row.score, row.evidence) for row in rows]  # type: ignore[arg-type]
        found = _sum_mismatch(
            scores,
            _Figure(dimension.score, dimension.evidence),
            (f"“{dimension.name}”下各三级指标得分", f"“{dimension.name}”得分"),
            "分",
            f"dimension_score:{dimension.name}",
            text,
        )
        if found:
            findings.append(found)
    return findings


def check_parts_sum_to_total(report: Report, text: str) -> list[Finding]:
    """Breakdowns, dimension scores and maxima, and indicator scores add up to the totals they are stated for."""
    findings: list[Finding] = []
    reported: list[tuple[int, int]] = []  # the spans of the parts of the sources reported
    for breakdown in report.breakdowns:
        found = _breakdown_finding(report, breakdown, text)
        if found is None:
            continue
        # a source row left out or mistyped in every column is one problem: a table's rows are reported once, for
        # their first column (全年预算数) that does not add up
        if breakdown.label in ALL_SOURCE_BREAKDOWNS:
            span = (min(p.evidence.start for p in breakdown.parts), max(p.evidence.end for p in breakdown.parts))
            if any(start < span[1] and span[0] < end for start, end in reported):
                continue  # another column of the same rows
            reported.append(span)
        findings.append(found)
    findings += _dimension_total_findings(report, text)
    findings += _indicator_sum_findings(report, text)
    return findings


# ---------------------------------------------------------------------------------------------------------------
# stated_rate_mismatch, grade_outside_band, score_above_max, implausible_amount, missing_identity

# A mid-year adjustment the report quantifies ("年中调整追加基本支出预算160.34万元", "预算调整率为805.58%"),
# not a boilerplate mention of adjustments in the problems section.
_ADJUSTMENT_RE = re.compile(r"(?:调整|追加|调增|调减|追减)[^。；;\n]{0,30}?\d[\d,.]*\s*(?:亿元|万元|元|%)")


def _budget_base(report: Report) -> tuple[float, Fact] | None:
    """The budget a rate is taken against: adjusted, else initial."""
    return _numeric_fact(report, "budget_adjusted") or _numeric_fact(report, "budget_initial")


def check_stated_rate_mismatch(report: Report, text: str) -> list[Finding]:
    """The stated execution rate is executed ÷ (adjusted, else initial budget), up to the stated rounding."""
    rate, executed, base = (
        _numeric_fact(report, "execution_rate_pct"),
        _numeric_fact(report, "budget_executed"),
        _budget_base(report),
    )
    if not (rate and executed and base) or base[0] <= 0:
        return []
    if any(_said_of_a_project(report, text, figure[1].evidence) for figure in (rate, executed, base)):
        return []  # a department's report read one project's rate or amount: no figure of the department's
    derived = executed[0] / base[0] * 100
    if base[1].field == "budget_initial" and derived > 100 and _ADJUSTMENT_RE.search(_normalised(text)):
        return []  # spent beyond the initial budget after a mid-year adjustment
    rate_written = _written(rate[0], rate[1].evidence)
    # One unit of the last written decimal: covers rounding and truncation of the stated rate.
    tolerance = 10 ** -_decimals(rate_written) + _EPS
    if abs(derived - rate[0]) < tolerance:
        return []
    # A rate that fits another value the report states for the executed amount or the budget is that
    # figure stated twice (reported by figure_stated_twice), not a miscomputed rate.
    executed_values = _values_of(report, "budget_executed") + [
        float(f.value) for f in _restatements(report, text) if f.field == "budget_executed"
    ]
    base_values = _values_of(report, base[1].field)
    if any(abs(e / b * 100 - rate[0]) < tolerance for e in executed_values for b in base_values if b > 0):
        return []
    base_label = _FIELD_LABELS[base[1].field]
    message = (
        f"所述预算执行率 {rate_written}%，与执行数 {_written(*_vf(executed))} 万元 ÷ {base_label} "
        f"{_written(*_vf(base))} 万元 = {_fmt(derived, 2)}% 不符"
    )
    severity: Severity = "warning"
    initial = _numeric_fact(report, "budget_initial")
    on_initial = initial is not None and initial[0] > 0 and abs(executed[0] / initial[0] * 100 - rate[0]) < tolerance
    arrived = _arrived_fitting(text, executed[0], rate[0], tolerance)
    if base[1].field == "budget_adjusted" and on_initial:
        # Computed against the year-start budget: a choice of base worth knowing, not a wrong figure.
        severity = "info"
        message += f"（与按年初预算数 {_written(*_vf(initial))} 万元计算的结果相符）"
    elif arrived is not None:
        # Computed against the funds that arrived: the same choice of base.
        severity = "info"
        message += f"（与按到位资金 {arrived.group('num')}{arrived.group('unit')} 计算的结果相符）"
    evidence_b = _covering([executed[1].evidence, base[1].evidence], text)
    return [Finding("stated_rate_mismatch", severity, message, "execution_rate_pct", rate[1].evidence, evidence_b)]


# "实际到位资金280万元", "资金到位率100%，到位280万元": the funds that reached the unit, a base some reports take the
# rate against instead of the budget.
_ARRIVED_RE = re.compile(
    rf"到位(?:资金)?(?:为|共|合计)?[:：]?[ ]*(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)[ ]*(?P<unit>{MONEY_UNIT})"
)


def _arrived_fitting(text: str, executed: float, rate: float, tolerance: float) -> re.Match[str] | None:
    """The amount of arrived funds the report states that the rate is the executed amount's share of, if any."""
    for match in _ARRIVED_RE.finditer(_prose_norm(text)):
        arrived = _figure_of(match)
        if arrived > 0 and abs(executed / arrived * 100 - rate) < tolerance:
            return match
    return None


def _values_of(report: Report, field: str) -> list[float]:
    """The kept value of a numeric field and every alternative value the report states for it."""
    values = [_number(report.value(field))] + [_number(a.value) for a in report.alternatives if a.field == field]
    return [v for v in values if v is not None]


def _vf(pair: tuple[float, Fact]) -> tuple[float, Evidence]:
    """(value, evidence) of a numeric fact, for _written."""
    return pair[0], pair[1].evidence


_GRADE_ALIASES = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}
_GRADE_BANDS: tuple[tuple[float, str], ...] = ((90, "优"), (80, "良"), (60, "中"), (float("-inf"), "差"))


def _grade_for(score_pct: float) -> str:
    """The national grade of a score on the 100-point scale."""
    return next(grade for floor, grade in _GRADE_BANDS if score_pct >= floor - _EPS)


# A report that states its own bands ("75分（含）-90分为良", "75-89分为良好", "85分以上为优") grades by them: a score
# in the band it states for its grade is graded as it says, even where the national bands differ.
_STATED_BAND_RE = re.compile(
    r"(?P<low>\d{2,3}(?:\.\d+)?)[ ]*分?[ ]*(?:[（(]含[)）])?[ ]*"
    r"(?:(?:-|—|~|至|到)[ ]*(?P<high>\d{2,3}(?:\.\d+)?)[ ]*分?[ ]*(?:[（(]不?含[)）])?|及?以上)"
    r"[ ]*(?:的|之间)?[ ]*(?:为|属于|评为|定为)?[ ]*[“\"]?(?P<grade>优秀|良好|中等|较差|优|良|中|差)"
)


def _in_stated_band(text: str, grade: str, score: float) -> bool:
    """True when the report states a band for ``grade`` (canonical) that holds ``score``."""
    for band in _STATED_BAND_RE.finditer(_normalised(text)):
        if _GRADE_ALIASES.get(band.group("grade"), band.group("grade")) != grade:
            continue
        high = float(band.group("high")) if band.group("high") else math.inf
        if float(band.group("low")) - _EPS <= score <= high + _EPS:
            return True
    return False


def check_grade_outside_band(report: Report, text: str) -> list[Finding]:
    """The stated grade is the band of the total score (优 ≥ 90, 良 80–89.99, 中 60–79.99, 差 < 60)."""
    grade, total = report.facts.get("grade"), _numeric_fact(report, "score_total")
    stated = _GRADE_ALIASES.get(str(grade.value), str(grade.value)) if grade else None
    if grade is None or total is None or stated not in {"优", "良", "中", "差"}:
        return []
    score_max = _numeric_fact(report, "score_max")
    scale = score_max[0] if score_max and score_max[0] > 0 else 100.0
    score_pct = total[0] / scale * 100
    if not math.isfinite(score_pct):
        return []
    expected = _grade_for(score_pct)
    if expected == stated:
        return []
    # A total stated twice, one statement in the stated band: figure_stated_twice reports the pair.
    totals = _values_of(report, "score_total") + [
        float(f.value) for f in _restatements(report, text) if f.field == "score_total"
    ]
    if any(_grade_for(total_value / scale * 100) == stated for total_value in totals):
        return []
    if _in_stated_band(text, stated, total[0]):
        return []
    on_scale = "" if abs(scale - 100) < _EPS else f"（百分制 {_fmt(score_pct, 2)}）"
    message = (
        f"总分 {_written(*_vf(total))} 分{on_scale}应评为“{expected}”，报告评定为“{grade.value}”"
        "（优 ≥ 90，良 80–89.99，中 60–79.99，差 < 60）"
    )
    return [Finding("grade_outside_band", "error", message, "grade", grade.evidence, total[1].evidence)]


def _above(score: float | None, maximum: float | None) -> bool:
    """True when a score exceeds its maximum."""
    return score is not None and maximum is not None and score > maximum + _EPS


def check_score_above_max(report: Report, text: str) -> list[Finding]:
    """No score exceeds its maximum: the total, each dimension, each indicator."""
    findings = []
    total, score_max = _numeric_fact(report, "score_total"), _numeric_fact(report, "score_max")
    if total and score_max and _above(total[0], score_max[0]):
        message = f"总分 {_written(*_vf(total))} 分超过满分 {_written(*_vf(score_max))} 分"
        findings.append(
            Finding("score_above_max", "error", message, "score_total", total[1].evidence, score_max[1].evidence)
        )
    for d in _top_level_dimensions(report.dimension_scores):
        if d.evidence.method == "derived" and any(
            _above(row.score, row.points) for row in _rows_of_dimension(d, report.indicators)
        ):
            continue  # summed from its rows, one of which is reported above its points below
        if _above(d.score, d.max):
            message = f"一级指标“{d.name}”得分 {_fmt(d.score)} 分超过其分值 {_fmt(d.max)} 分"  # type: ignore[arg-type]
            findings.append(Finding("score_above_max", "error", message, f"dimension_score:{d.name}", d.evidence))
    for row in report.indicators:
        if _above(row.score, row.points):
            message = f"三级指标“{row.level3}”得分 {_fmt(row.score)} 分超过其分值 {_fmt(row.points)} 分"  # type: ignore[arg-type]
            findings.append(Finding("score_above_max", "error", message, f"indicator:{row.level3}", row.evidence))
    return findings


def _small_budget_findings(report: Report) -> list[Finding]:
    """Budgets under 1 万元 (above 0, which means "none"): almost always 元 taken for 万元."""
    findings = []
    for name in ("budget_initial", "budget_adjusted", "budget_executed"):
        figure = _numeric_fact(report, name)
        if figure and 0 < figure[0] < 1:
            message = f"{_FIELD_LABELS[name]} {_written(*_vf(figure))} 万元不足 1 万元，疑为单位有误"
            findings.append(Finding("implausible_amount", "warning", message, name, figure[1].evidence))
    return findings


def _overspent_findings(report: Report, text: str) -> list[Finding]:
    """Executed above the budget (adjusted; initial only when the report mentions no mid-year adjustment)."""
    executed, base = _numeric_fact(report, "budget_executed"), _budget_base(report)
    if not (executed and base) or executed[0] <= base[0] + 0.005:
        return []
    if _said_of_a_project(report, text, executed[1].evidence) or _said_of_a_project(report, text, base[1].evidence):
        return []  # one project's amount against the department's
    # When the report states the executed amount or the budget twice, one pair within budget means the
    # overspending comes from the other statement: figure_stated_twice reports that.
    executed_values = _values_of(report, "budget_executed") + [
        float(f.value) for f in _restatements(report, text) if f.field == "budget_executed"
    ]
    if min(executed_values) <= max(_values_of(report, base[1].field)) + 0.005:
        return []
    if base[1].field == "budget_initial" and _ADJUSTMENT_RE.search(_normalised(text)):
        return []
    label = _FIELD_LABELS[base[1].field]
    message = f"全年执行数 {_written(*_vf(executed))} 万元超过{label} {_written(*_vf(base))} 万元"
    return [
        Finding("implausible_amount", "warning", message, "budget_executed", executed[1].evidence, base[1].evidence)
    ]


def _rate_above_100_findings(report: Report) -> list[Finding]:
    """A stated execution rate above 100%."""
    rate = _numeric_fact(report, "execution_rate_pct")
    if not rate or rate[0] <= 100 + _EPS:
        return []
    message = f"所述预算执行率 {_written(*_vf(rate))}% 超过 100%"
    return [Finding("implausible_amount", "warning", message, "execution_rate_pct", rate[1].evidence)]


def check_implausible_amount(report: Report, text: str) -> list[Finding]:
    """Budgets of at least 1 万元, executed within the budget, a stated rate of at most 100%."""
    return _small_budget_findings(report) + _overspent_findings(report, text) + _rate_above_100_findings(report)


def check_missing_identity(report: Report, text: str) -> list[Finding]:
    """The report names its fiscal year and its unit: without them it cannot be compared."""
    findings = []
    for name, label in (("fiscal_year", "年度"), ("unit_name", "单位名称")):
        fact = report.facts.get(name)
        if fact is None or fact.value in ("", None):
            findings.append(Finding("missing_identity", "error", f"未能识别报告的{label}", name))
    return findings


# ---------------------------------------------------------------------------------------------------------------
# Prose: lines, clauses and segments with offsets (normalised text keeps offsets)

_MARKUP_RE = re.compile(r"\[bookmark:[^\]]*\]|</?[a-zA-Z][^>]*>|[#*]+")
_ENUMERATOR_RE = re.compile(r"\s*(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}[.、](?!\d)|[①-⑳]|[一二三四五六七八九十]+[、是])")
# Candidate prose lines: no tab (flattened tables) and no leading "|" (markdown tables).
_PROSE_LINE_RE = re.compile(r"^(?![ ]*\|)[^\t\n]+$", re.MULTILINE)
# A gap between two cells of a table row a PDF flattened with spaces ("服务对象满意度 ≥80% 81% 14 14").
_CELL_GAP_RE = re.compile(r"\S[ \u3000]+(?=\S)")
# A piece of a clause and what ends it: a clause end (。；;), a comma or colon, or the end of the line ("").
_PIECE_RE = re.compile(r"([^。；;，,：:\n]+)([。；;，,：:]|$)", re.MULTILINE)
_CLAUSE_ENDS = ("。", "；", ";", "")
_DIGIT_RE = re.compile(r"\d")


@lru_cache(maxsize=8)
def _normalised(text: str) -> str:
    """normalise(text), folding only the runs that change (same result, same offsets)."""
    return FOLDABLE_RUN_RE.sub(lambda match: normalise(match.group()), simplified(text))


@lru_cache(maxsize=8)
def _prose_norm(text: str) -> str:
    """The normalised text with bookmarks, HTML tags and markdown marks blanked, and a form flattened onto one line
    broken into its rows as the parser reads it (offsets kept): its rows are table rows, not prose."""
    return restore_form_rows(_MARKUP_RE.sub(lambda match: " " * len(match.group()), _normalised(text)))


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding whitespace, or None when blank."""
    if start < end and not text[start].isspace() and not text[end - 1].isspace():
        return start, end
    piece = text[start:end]
    core = piece.strip()
    if not core:
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(core)


def _spaced_table_row(line: str) -> bool:
    """True for a line of four or more space-separated cells and no sentence end: a table row, not prose.

    The last cell may be a note in sentences (偏差原因分析), where the cells before it have no clause marks."""
    gaps = list(_CELL_GAP_RE.finditer(line))
    if len(gaps) < 3:
        return False
    cells_before_the_last = line[: gaps[-1].end()]
    return "。" not in line or not any(mark in cells_before_the_last for mark in "。，")


def _is_prose_line(line: str) -> bool:
    """True when a line is prose: no tab, no markdown table bar, not a space-separated table row."""
    return "\t" not in line and not line.lstrip().startswith("|") and not _spaced_table_row(line)


@lru_cache(maxsize=8)
def _prose_clauses(text: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Clauses of the prose lines holding a figure (ended by 。；; or the line end), as comma/colon pieces."""
    norm = _prose_norm(text)
    clauses: list[tuple[tuple[int, int], ...]] = []
    for line in _PROSE_LINE_RE.finditer(norm):
        if not _DIGIT_RE.search(norm, line.start(), line.end()) or _spaced_table_row(line.group()):
            continue  # clauses without a figure are never compared
        pieces: list[tuple[int, int]] = []
        for piece in _PIECE_RE.finditer(norm, line.start(), line.end()):
            span = _stripped(norm, piece.start(1), piece.end(1))
            if span:
                pieces.append(span)
            if piece.group(2) in _CLAUSE_ENDS and pieces:
                clauses.append(tuple(pieces))
                pieces = []
    return tuple(clauses)


@lru_cache(maxsize=8)
def _masked(text: str) -> str:
    """The prose-normalised text with each number replaced by "#" padded with NULs (offsets kept)."""
    return _NUMBER_RE.sub(lambda match: "#" + "\0" * (len(match.group()) - 1), _prose_norm(text))


@dataclass(frozen=True)
class _Segment:
    """A comma-separated piece of a clause (list numbering left out) and its wording with numbers masked."""

    start: int
    end: int
    skeleton: str

    @property
    def wording(self) -> int:
        """How many characters of wording (not numbers) the skeleton has."""
        return len(self.skeleton) - self.skeleton.count("#")


def _segment(text: str, start: int, end: int) -> _Segment:
    """One segment, its list numbering ("（1）", "2.", "一是") dropped."""
    numbering = _ENUMERATOR_RE.match(_prose_norm(text), start, end)
    if numbering:
        start = numbering.end()
    return _Segment(start, end, _masked(text)[start:end].replace("\0", "").replace(" ", ""))


def _numbers(text: str, segment: _Segment) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The numbers of a segment, and those among them that name which one rather than how many."""
    norm = _prose_norm(text)
    found = list(_NUMBER_RE.finditer(norm, segment.start, segment.end))
    names = tuple(m.group() for m in found if _names_which(norm, m.start(), m.end()))
    return tuple(float(m.group().replace(",", "")) for m in found), names


def _names_which(norm: str, start: int, end: int) -> bool:
    """True for a date, an ordinal or a code ("2022年", "第3批", "046001-霍山县…"): it says which, not how many."""
    written = norm[start:end]
    return (
        norm[end : end + 1] in ("年", "月", "日", "号", "届", "-")
        or norm[end : end + 2] == "季度"
        or (start > 0 and norm[start - 1] == "第")
        or (len(written) > 1 and written[0] == "0" and written[1].isdigit())  # 046: a code keeps its leading zero
    )


def _numbered_clause_segments(text: str) -> list[list[_Segment]]:
    """The prose clauses that hold a number, as lists of segments."""
    norm = _prose_norm(text)
    return [
        [_segment(text, start, end) for start, end in clause]
        for clause in _prose_clauses(text)
        if _DIGIT_RE.search(norm, clause[0][0], clause[-1][1])
    ]


# ---------------------------------------------------------------------------------------------------------------
# figure_stated_twice

_MIN_REPEATED_WORDING = 10
# A clause whose rarest piece is written in more clauses than this is a form of words the document repeats for many
# things (each unit of a city's 决算 book, each project), not one figure restated; comparing every pair of them grew
# with the square of the document's length.
_MAX_RESTATEMENTS = 6


def _field_label(field: str) -> tuple[str, str]:
    """(label, unit) of a field for messages, including dimension_score:<name> and dimension_max:<name>."""
    if field.startswith("dimension_score:"):
        return f"一级指标“{field.split(':', 1)[1]}”得分", "分"
    if field.startswith("dimension_max:"):
        return f"一级指标“{field.split(':', 1)[1]}”分值", "分"
    unit = "万元" if field in MONEY_FIELDS else "%" if field == "execution_rate_pct" else ""
    if field in ("score_total", "score_max"):
        unit = "分"
    return _FIELD_LABELS.get(field, field), unit


def _kept_for(report: Report, field: str) -> tuple[object, Evidence] | None:
    """The kept value (and evidence) an alternative of ``field`` competes with."""
    for prefix, attribute in (("dimension_score:", "score"), ("dimension_max:", "max")):
        if field.startswith(prefix):
            name = field.removeprefix(prefix)
            for dimension in report.dimension_scores:
                if dimension.name == name and getattr(dimension, attribute) is not None:
                    return getattr(dimension, attribute), dimension.evidence
            return None
    fact = report.facts.get(field)
    return None if fact is None else (fact.value, fact.evidence)


def _as_text(value: object) -> str:
    """A text value for a message; a period "2023-04-21..2023-05-20" reads "2023-04-21 至 2023-05-20"."""
    return str(value).strip().replace("..", " 至 ")


# The 决算's 收入总计 / 支出总计 is the year's 合计 plus the balances carried in or over (结转和结余): "收入总计1250.60
# 万元，其中本年收入合计1100.60万元" gives two figures, not one stated twice.
_GRAND_TOTAL_FIELDS = frozenset({"income_total", "spend_total"})


def _grand_total_and_years_sum(field: str, a: Evidence | None, b: Evidence | None) -> bool:
    """True when one statement of an income or spending total is the 总计 and the other the year's 合计."""
    if field not in _GRAND_TOTAL_FIELDS or a is None or b is None:
        return False
    grand = ["总计" in e.snippet for e in (a, b)]
    return grand[0] != grand[1] and "合计" in (b if grand[0] else a).snippet


# "全年预算数500万元，其中基本支出300万元…。全年执行数480万元，其中基本支出290万元…": the budget's part and the
# spending's, not one figure stated twice. A list is the budget's when the words before its 其中 name a 预算 and no
# executed or final amount.
_SPENDING_PARTS = frozenset({"spend_basic", "spend_project"})
_SPENT_WORDS_RE = re.compile(r"执行|决算|实际|支出合计|总支出")
_SENTENCE_ENDS = "。；;\n"


def _in_a_budgets_list(text: str, evidence: Evidence | None) -> bool:
    """True when a figure is a part listed after "其中" in a sentence about a budget."""
    if evidence is None or evidence.method == "derived":
        return False
    norm = _normalised(text)
    start = max(norm.rfind(mark, 0, evidence.start) for mark in _SENTENCE_ENDS) + 1
    opening = norm.rfind("其中", start, evidence.start)
    return opening >= 0 and "预算" in norm[start:opening] and not _SPENT_WORDS_RE.search(norm, start, opening)


# "2022年度自评得分为92分", "上年度预算执行率为92%" in 2023's report: the year before's figure, which a report gives to
# compare with, not a second value of this year's. A year followed by a month dates the work ("2024年3月").
_YEAR_NAMED_RE = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")


def _before_figure(text: str, evidence: Evidence | None, marks: str) -> tuple[int, int] | None:
    """The span from the last of ``marks`` before a stated figure up to the figure, in the normalised text."""
    if evidence is None or evidence.method == "derived":
        return None
    norm = _normalised(text)
    figure = _NUMBER_RE.search(norm, evidence.start, evidence.end)
    end = figure.start() if figure else evidence.end
    return max(norm.rfind(mark, 0, end) for mark in marks) + 1, end


def _said_of_another_year(report: Report, text: str, evidence: Evidence | None) -> bool:
    """True when the piece of the sentence a figure is stated in names last year, or last names a year other than
    the fiscal year, before the figure."""
    year = report.value("fiscal_year")
    span = _before_figure(text, evidence, PIECE_END)
    if span is None:
        return False
    norm = _normalised(text)
    if PREVIOUS_YEAR_RE.search(norm, *span):
        return True
    named = list(_YEAR_NAMED_RE.finditer(norm, *span))
    return isinstance(year, int) and bool(named) and int(named[-1].group(1)) != year


# A department's report gives each project's budget, spending, rate and score ("该项目年初预算50万元，…执行率90%",
# "残疾人康复项目自评得分92分"): a project's figure, not a second value of the department's. "项目支出" is the
# department's own spending on projects.
_PROJECT_NAMED_RE = re.compile(r"项目(?!支出)")
_DEPARTMENT_NAMED_RE = re.compile(r"部门|整体|单位")


# A numbered title the paragraph stands under, on the line before or opening its own ("（一）残疾人康复项目\n年初预算
# 50万元…", "1.残疾人康复项目。年初预算50万元…").
_ITEM_TITLE_RE = re.compile(
    r"[ \t\u3000]*(?:[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十\d]{1,2}[、.．])[^。\n]{0,40}"
)
# "第一季度支出120万元，执行进度24%", "截至6月底执行率45%": the progress at a point of the year, not the year's figure
# ("截至12月31日" is the year's end).
_PART_OF_THE_YEAR_RE = re.compile(r"季度|上半年|前三季|(?<!\d)(?:[1-9]|1[01])月(?:底|末|份|\d{1,2}日)")


def _said_of_part_of_the_year(text: str, evidence: Evidence | None) -> bool:
    """True when the sentence a figure is stated in names a quarter or a month before year's end before it."""
    span = _before_figure(text, evidence, "。；;\n")
    return span is not None and _PART_OF_THE_YEAR_RE.search(_normalised(text), *span) is not None


def _said_of_a_project(report: Report, text: str, evidence: Evidence | None) -> bool:
    """True when, in a department's report, the sentence a figure is stated in, or the numbered title it stands
    under, names a project before it, and not the department."""
    span = _before_figure(text, evidence, "。；;\n")
    if report.value("report_scope") != "department" or span is None:
        return False
    norm = _normalised(text)
    if _DEPARTMENT_NAMED_RE.search(norm, *span):
        return False  # "部门整体预算执行率为90%", under a project's title or not
    line_start = norm.rfind("\n", 0, span[1]) + 1
    previous = norm.rfind("\n", 0, max(0, line_start - 1)) + 1
    titles = [_ITEM_TITLE_RE.match(norm, line_start, span[1])]
    if line_start > 0 and (heading := _ITEM_TITLE_RE.fullmatch(norm, previous, line_start - 1)):
        titles.append(heading)
    spans = [span, *((title.start(), title.end()) for title in titles if title)]
    return any(_PROJECT_NAMED_RE.search(norm, *s) and not _DEPARTMENT_NAMED_RE.search(norm, *s) for s in spans)


def _alternative_finding(report: Report, alternative: Fact, text: str) -> Finding | None:
    """A finding when an alternative value differs from the kept one."""
    kept = _kept_for(report, alternative.field)
    if kept is None:
        return None
    kept_value, kept_evidence = kept
    if _number(alternative.value) is not None:
        if _said_of_another_year(report, text, alternative.evidence) and not _said_of_another_year(
            report, text, kept_evidence
        ):
            return None
        if _said_of_a_project(report, text, alternative.evidence) or _said_of_a_project(report, text, kept_evidence):
            return None
        if _said_of_part_of_the_year(text, alternative.evidence) != _said_of_part_of_the_year(text, kept_evidence):
            return None
    if _grand_total_and_years_sum(alternative.field, kept_evidence, alternative.evidence):
        return None
    if alternative.field in _SPENDING_PARTS and _in_a_budgets_list(text, kept_evidence) != _in_a_budgets_list(
        text, alternative.evidence
    ):
        return None  # one is the budget's part, the other the spending's
    label, unit = _field_label(alternative.field)
    kept_number, alt_number = _number(kept_value), _number(alternative.value)
    if kept_number is not None and alt_number is not None:
        if abs(kept_number - alt_number) < _EPS:
            return None
        kept_text, alt_text = _written(kept_number, kept_evidence), _written(alt_number, alternative.evidence)
        rounded = _is_rounding_of(alt_number, alt_text, kept_number) or _is_rounding_of(
            kept_number, kept_text, alt_number
        )
    else:
        kept_text, alt_text = _as_text(kept_value), _as_text(alternative.value)
        if kept_text == alt_text:
            return None
        rounded = False
    space = " " if unit and unit != "%" else ""
    message = f"{label}一处为 {kept_text}{space}{unit}，另一处为 {alt_text}{space}{unit}"
    if rounded:
        message += "（相差在四舍五入范围内）"
    return Finding(
        "figure_stated_twice",
        "info" if rounded else "warning",
        message,
        alternative.field,
        kept_evidence,
        alternative.evidence,
    )


def _repeated_clause_pairs(clauses: list[list[_Segment]]) -> Iterable[tuple[list[_Segment], list[_Segment]]]:
    """(inner, outer) segment runs: a whole clause repeated inside another clause (numbers masked)."""
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c, segments in enumerate(clauses):
        for s, segment in enumerate(segments):
            where[segment.skeleton].append((c, s))
    seen: set[frozenset[int]] = set()
    for c, inner in enumerate(clauses):
        if sum(s.wording for s in inner) < _MIN_REPEATED_WORDING:
            continue
        # Aligned on the clause's rarest piece ("完成采购…#万张", not "#年"): the fewest places to compare.
        anchor = min(range(len(inner)), key=lambda j: len(where[inner[j].skeleton]))
        occurrences = where[inner[anchor].skeleton]
        if not 2 <= len(occurrences) <= _MAX_RESTATEMENTS:
            continue
        for other, position in occurrences:
            first = position - anchor
            outer = clauses[other][first : first + len(inner)] if first >= 0 else []
            if other == c or len(outer) < len(inner) or frozenset((c, other)) in seen:
                continue
            if all(a.skeleton == b.skeleton for a, b in zip(inner, outer, strict=True)):
                seen.add(frozenset((c, other)))
                yield inner, outer


def _differing_run(text: str, inner: list[_Segment], outer: list[_Segment]) -> tuple[int, int] | None:
    """First and last index where the numbers differ; None when they agree or name other dates or ordinals."""
    norm = _prose_norm(text)
    differing = []
    for i, (a, b) in enumerate(zip(inner, outer, strict=True)):
        if norm[a.start : a.end] == norm[b.start : b.end]:
            continue
        (a_numbers, a_names), (b_numbers, b_names) = _numbers(text, a), _numbers(text, b)
        if a_names != b_names:
            return None  # other dates or ordinals are other facts, not a contradiction
        if a_numbers != b_numbers:
            differing.append(i)
    return (differing[0], differing[-1]) if differing else None


# A clause opening with a change on an earlier year ("同比上年度增加189.25万元，增加31.39%") is the change of what the
# sentence before names (收入); the same words after another subject ("财政拨款收入…，同比上年度增加209.28万元")
# are that subject's change, not the first one restated.
_RELATIVE_OPENING_RE = re.compile(r"同比|(?:比|较|与)(?:上一?|去|前一|\d{4})年")


# The 自评表's goal row: "年度总体目标 | 预期目标 | 实际完成情况", then the plan's cell and the outcome's, up to the
# indicators' header. The outcome is often the plan's words with what was done ("为120名…" / "为118名…"): a plan
# against its outcome, not one figure stated twice. A row is no longer than this.
_GOAL_HEADER_RE = re.compile(r"预期目标[\s|]*实际完成情况")
_GOAL_ROW_END_RE = re.compile(r"绩效指标|一级指标")
_MAX_GOAL_ROW = 3000


@lru_cache(maxsize=8)
def _goal_rows(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the goal rows' plan and outcome cells in the prose-normalised text."""
    norm = _prose_norm(text)
    rows = []
    for header in _GOAL_HEADER_RE.finditer(norm):
        limit = min(len(norm), header.end() + _MAX_GOAL_ROW)
        end = _GOAL_ROW_END_RE.search(norm, header.end(), limit)
        rows.append((header.end(), end.start() if end else limit))
    return tuple(rows)


def _in_one_goal_row(text: str, a: _Segment, b: _Segment) -> bool:
    """True when two segments are the plan and the outcome of one goal row (the rows, in order, found by bisection:
    a long document has many rows and many pairs)."""
    rows = _goal_rows(text)
    index = bisect_right(rows, (min(a.start, b.start), math.inf)) - 1
    return index >= 0 and max(a.end, b.end) <= rows[index][1]


# A department's report describes its projects one after another in the same words, each clause opening with a
# word that refers back to the project just named ("（二）残疾人就业项目\n该项目年初预算50万元，…"): other
# projects, not one figure stated twice. In a project's report they refer to the one project, and are compared.
_BACK_REFERENCE_RE = re.compile(r"该|此项|其中|本项目")


def _repeated_clause_findings(text: str, department: bool = False) -> list[Finding]:
    """The same wording written twice with different numbers."""
    findings = []
    norm = _prose_norm(text)
    for inner, outer in _repeated_clause_pairs(_numbered_clause_segments(text)):
        if _RELATIVE_OPENING_RE.match(norm, inner[0].start, inner[0].end) or _in_one_goal_row(text, inner[0], outer[0]):
            continue
        if department and _BACK_REFERENCE_RE.match(norm, inner[0].start, inner[0].end):
            continue
        run = _differing_run(text, inner, outer)
        if run is None:
            continue
        first, last = run
        if sum(segment.wording for segment in inner[first : last + 1]) < _MIN_REPEATED_WORDING:
            continue  # a numbered label ("绩效目标1", "绩效目标2") in otherwise equal wording
        a, b = sorted(
            (
                _evidence(text, inner[first].start, inner[last].end),
                _evidence(text, outer[first].start, outer[last].end),
            ),
            key=lambda e: e.start,
        )
        message = f"同一表述两处数字不同：“{a.snippet}”与“{b.snippet}”"
        findings.append(Finding("figure_stated_twice", "warning", message, None, a, b))
    return findings


def _overlaps(a: Evidence | None, b: Evidence | None) -> bool:
    """True when two spans share a character."""
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def _same_pair(a: Finding, b: Finding) -> bool:
    """True when two findings quote the same two places (in either order)."""
    return (_overlaps(a.evidence_a, b.evidence_a) and _overlaps(a.evidence_b, b.evidence_b)) or (
        _overlaps(a.evidence_a, b.evidence_b) and _overlaps(a.evidence_b, b.evidence_a)
    )


_MONEY = rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)[ ]*(?P<unit>{MONEY_UNIT})"
# Totals a report restates in its summary or conclusion: (field, scope it applies to, how it is written).
_SCORE = r"(?P<num>\d+(?:\.\d+)?)[ ]*(?P<unit>分)"
_RESTATEMENTS: tuple[tuple[str, str | None, re.Pattern[str]], ...] = (
    ("spend_total", None, re.compile(rf"(?:全年|本年度?)支出(?:合计|决算数?|总额)?(?:为|共计)?[ ]*{_MONEY}")),
    ("budget_executed", "project", re.compile(rf"本项目(?:实际)?支出(?:资金)?(?:为)?[ ]*{_MONEY}")),
    (
        "score_total",
        None,
        re.compile(rf"(?:综合得分|总得分|自评得分|自评总分|最终得分|评价总分)(?:为|是)?[ ]*{_SCORE}"),
    ),
    # The total row of a flattened score table: label, the full score, the score, cells separated by tabs or
    # one cell a line ("自评得分\t\t100\t94.22", "合计\n\n100\n90.05").
    (
        "score_total",
        None,
        re.compile(
            r"^[ ]*(?:总分|自评得分|综合得分|得分合计|合计)[\t\n]+(?P<max>\d+(?:\.\d+)?)[ \t]*\n*[ \t]*"
            r"(?P<num>\d+(?:\.\d+)?)(?P<unit>)[ \t]*$",
            re.MULTILINE,
        ),
    ),
)
# Words before a score label that make it a dimension's score, not the total's.
_DIMENSION_WORDS_RE = re.compile(r"决策|管理|过程|产出|效益|效果|满意度|投入|执行")


@dataclass(frozen=True)
class _Statement:
    """A total as a restatement pattern found it: field, value, the full score it sits beside, where."""

    field: str
    scope: str | None
    value: float
    maximum: float | None
    before: str
    start: int
    end: int


_MONEY_UNIT_RE = re.compile(MONEY_UNIT)


def _figure_of(match: re.Match[str]) -> float:
    """The number a match wrote, in 万元 when its unit is money's (a score's 分 stays as written)."""
    value = float(match.group("num").replace(",", ""))
    unit = match.group("unit")
    return to_wan(value, unit) if unit and _MONEY_UNIT_RE.fullmatch(unit) else value


@lru_cache(maxsize=8)
def _statements_in(text: str) -> tuple[_Statement, ...]:
    """Every match of the restatement patterns in the text (report-independent, so computed once)."""
    norm = _prose_norm(text)
    found = []
    for field, scope, pattern in _RESTATEMENTS:
        for match in pattern.finditer(norm):
            value = _figure_of(match)
            maximum = float(match.group("max")) if match.groupdict().get("max") else None
            before = norm[max(0, match.start() - 8) : match.start()]
            found.append(_Statement(field, scope, value, maximum, before, match.start("num"), match.end("unit")))
    return tuple(found)


def _restatements(report: Report, text: str) -> list[Fact]:
    """Totals restated (summary, conclusion) with another value than the one kept, the parser not having listed them.

    The patterns allow no tab between label and figure, so a sentence inside a table cell counts and a header
    cell followed by a number cell does not.
    """
    restated = []
    known: dict[str, list[float]] = {}
    for statement in _statements_in(text):
        field = statement.field
        if _numeric_fact(report, field) is None:
            continue
        if statement.scope is not None and report.value("report_scope") != statement.scope:
            continue
        values = known.setdefault(field, _values_of(report, field))
        if any(abs(statement.value - k) < 0.005 for k in values):
            continue
        if statement.maximum is not None and not _is_full_score(report, statement.maximum):
            continue  # a money table's total row, not the score's
        if field == "score_total" and (
            _names_a_dimension(report, statement.before) or _names_one_project(report, statement.before)
        ):
            continue
        evidence = _evidence(text, statement.start, statement.end)
        if _said_of_another_year(report, text, evidence):
            continue  # "上年度自评得分为92分": the year before's
        values.append(statement.value)
        restated.append(Fact(field, round(statement.value, 6), evidence))
    return restated


def _is_full_score(report: Report, maximum: float) -> bool:
    """True when ``maximum`` is the report's full score (100 when it states none)."""
    score_max = _numeric_fact(report, "score_max")
    return abs(maximum - (score_max[0] if score_max else 100.0)) < _EPS


def _names_a_dimension(report: Report, before: str) -> bool:
    """True when the words before a score label name one of the report's dimensions."""
    names = [d.name for d in report.dimension_scores]
    return bool(_DIMENSION_WORDS_RE.search(before)) or any(name and name in before for name in names)


def _names_one_project(report: Report, before: str) -> bool:
    """True when a department's report scores one of its projects ("残疾人康复项目自评得分95分"), not itself."""
    return report.value("report_scope") == "department" and "项目" in before and not re.search(r"部门|整体", before)


# "评价等级为“优”" in the summary, "自评等级为良" in the conclusion: the grade restated with another band. Only the
# evaluation's own grade words, not "考核结果为优秀" (the year's staff assessment) nor a band's definition.
_GRADE_STATEMENT_RE = re.compile(
    r"(?:评价|自评|绩效)(?:等级|等次|结果|结论)(?:为|是|评定为|确定为|[:：])\s*[“\"「‘']?\s*"
    r"(?P<grade>优秀|良好|中等|较差|优|良|中|差)(?![\u4e00-\u9fa5](?<![等级次档]))"
)
# Words before the grade in its piece that make it a band's, a dimension's or an indicator's grade.
_NOT_THE_REPORTS_GRADE_RE = re.compile(r"以上|以下|不足|低于|[（(]含|[-—~至到]\s*\d|满意|指标|考核")


def _restated_grades(report: Report, text: str) -> list[Fact]:
    """The report's grade stated again in other words with another band, in prose."""
    kept = report.facts.get("grade")
    if kept is None or kept.value not in ("优", "良", "中", "差"):
        return []
    norm = _prose_norm(text)
    restated = []
    for match in _GRADE_STATEMENT_RE.finditer(norm):
        grade = _GRADE_ALIASES.get(match.group("grade"), match.group("grade"))
        if grade == kept.value or not _on_prose_line(text, match.start()):
            continue
        evidence = _evidence(text, match.start(), match.end())
        piece_start = max(norm.rfind(mark, 0, match.start()) for mark in PIECE_END) + 1
        if _NOT_THE_REPORTS_GRADE_RE.search(norm, piece_start, match.start()) or _DIMENSION_WORDS_RE.search(
            norm, piece_start, match.start()
        ):
            continue
        if _said_of_another_year(report, text, evidence) or _said_of_a_project(report, text, evidence):
            continue
        restated.append(Fact("grade", grade, evidence))
        break  # one other statement quotes the contradiction
    return restated


# "（二）项目绩效目标\n为残疾儿童提供康复训练100人…" and "（三）绩效目标完成情况\n为残疾儿童提供康复训练120人…": the
# plan and what was done, in the same words. A title of the goals names them and no outcome.
_PLAN_TITLE_RE = re.compile(r"目标")
_OUTCOME_WORDS_RE = re.compile(r"完成|实现|达成|成效|实际|情况|结果|偏差")
_TITLE_SEARCH = 3000  # how far above a paragraph its title is looked for


def _title_above(text: str, evidence: Evidence | None) -> str:
    """The numbered title a piece of prose stands under: opening its own line, or the nearest such line above."""
    if evidence is None:
        return ""
    norm = _normalised(text)
    line_start = norm.rfind("\n", 0, evidence.start) + 1
    own = _ITEM_TITLE_RE.match(norm, line_start, evidence.start)
    if own:
        return own.group()
    floor = max(0, line_start - _TITLE_SEARCH)
    while line_start > floor:
        previous = norm.rfind("\n", 0, line_start - 1) + 1
        title = _ITEM_TITLE_RE.fullmatch(norm, previous, line_start - 1)
        if title:
            return title.group()
        line_start = previous
    return ""


def _is_plan_title(title: str) -> bool:
    """True for a title of the goals as planned ("（二）项目绩效目标"), not of their outcome ("绩效目标完成情况")."""
    return bool(_PLAN_TITLE_RE.search(title)) and not _OUTCOME_WORDS_RE.search(title)


def check_figure_stated_twice(report: Report, text: str) -> list[Finding]:
    """A figure the report states twice has one value: alternatives of a field, and repeated wording."""
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for alternative in [*report.alternatives, *_restatements(report, text), *_restated_grades(report, text)]:
        key = (alternative.field, str(alternative.value))
        if key in seen:
            continue
        seen.add(key)
        found = _alternative_finding(report, alternative, text)
        if found:
            findings.append(found)
    for found in _repeated_clause_findings(text, report.value("report_scope") == "department"):
        # The same pair already reported through the parser's alternatives is not repeated.
        if any(_same_pair(found, f) for f in findings):
            continue
        if _said_of_a_project(report, text, found.evidence_a) or _said_of_a_project(report, text, found.evidence_b):
            continue  # two projects of a department described in the same words
        if _is_plan_title(_title_above(text, found.evidence_a)) != _is_plan_title(_title_above(text, found.evidence_b)):
            continue  # the goal as planned and as done, in the same words
        findings.append(found)
    return findings


# ---------------------------------------------------------------------------------------------------------------
# spent_exceeds_total

_SPENT_RE = re.compile(
    r"(?P<verb>支付|支出|花费|使用|开支|耗资|用款)(?P<gap>[^，。；;,\n\d]{0,10}?)"
    rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)\s*(?P<unit>{MONEY_UNIT})"
)
# Words that make an amount a budget, an allocation or a cumulative figure, not this year's spending.
_NOT_SPENDING_RE = re.compile(r"预算|到位|下达|涉及|拨付|安排|收入|累计|以来|历年|计划|标准|不低于|不超过|每")
# Whole-area or whole-department figures in the same sentence are not this project's spending.
_OTHER_SCOPE_RE = re.compile(r"全区|全市|全县|全省|全国|全州|全旗|全系统|部门整体|整体支出")
_SPENT_PIECE = "[，。；;,\\n]"


@lru_cache(maxsize=8)
def _delimiters(text: str, pattern: str) -> tuple[int, ...]:
    """Offsets of the characters of ``pattern`` (a character class) in the prose-normalised text."""
    return tuple(match.start() for match in re.finditer(pattern, _prose_norm(text)))


def _piece_around(text: str, pattern: str, start: int, end: int) -> tuple[int, int]:
    """The span between the delimiters (``pattern``) enclosing text[start:end], stripped."""
    delimiters = _delimiters(text, pattern)
    left_index = bisect_left(delimiters, start) - 1
    left = delimiters[left_index] + 1 if left_index >= 0 else 0
    right_index = bisect_left(delimiters, end)
    right = delimiters[right_index] if right_index < len(delimiters) else len(text)
    return _stripped(text, left, right) or (start, end)


def _on_prose_line(text: str, offset: int) -> bool:
    """True when the line holding ``offset`` is prose, not a table row."""
    start, end = text.rfind("\n", 0, offset) + 1, text.find("\n", offset)
    return _is_prose_line(text[start : len(text) if end == -1 else end])


def check_spent_exceeds_total(report: Report, text: str) -> list[Finding]:
    """In a project report, no amount the prose says was paid or spent exceeds the project's total executed."""
    executed = _numeric_fact(report, "budget_executed")
    if report.value("report_scope") != "project" or executed is None:
        return []
    norm = _prose_norm(text)
    restated = _values_of(report, "budget_executed") + _values_of(report, "spend_total")
    restated += [float(f.value) for f in _restatements(report, text)]
    findings = []
    for match in _SPENT_RE.finditer(norm):
        amount = _figure_of(match)
        if amount <= executed[0] + 0.005 or not _on_prose_line(text, match.start()):
            continue
        if any(abs(amount - other) < 0.005 for other in restated):
            continue  # another value of the executed amount: figure_stated_twice reports it
        left, right = _piece_around(text, _SPENT_PIECE, match.start(), match.end())
        if _NOT_SPENDING_RE.search(norm, left, right):
            continue
        sentence = _piece_around(text, "[。；;\\n]", match.start(), match.end())
        if _OTHER_SCOPE_RE.search(norm, *sentence):
            continue
        quoted = _evidence(text, left, right)
        message = (
            f"文中所述支出 {match.group('num')}{match.group('unit')}（“{quoted.snippet}”）"
            f"超过项目全年执行数 {_written(*_vf(executed))} 万元"
        )
        findings.append(
            Finding("spent_exceeds_total", "warning", message, "budget_executed", quoted, executed[1].evidence)
        )
    return findings


# ---------------------------------------------------------------------------------------------------------------
# narrative_contradicts_indicator

_COUNT_UNITS = "人次|人|名|位|次|场|例|个|家|所|户|件|张|台|期|项|份|篇|辆|套|版"
_COUNT_RE = re.compile(rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)[ ]*(?P<approx>余|多)?[ ]*(?P<unit>{_COUNT_UNITS})")
# Approximate figures, and bounds (targets such as "≥20人"), are not counts to compare.
_APPROX_BEFORE = ("约", "近", "超", "逾", "≥", "≤", ">", "<", "低于", "少于", "高于", "多于")
_APPROX_AFTER = ("以上", "左右", "以下", "余", "多")
_UNIT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"人", "名", "位"}),
    frozenset({"个", "家", "所"}),
    frozenset({"次", "场"}),
)
_COUNT_UNIT_SET = frozenset(_COUNT_UNITS.split("|"))
_NARRATIVE_PIECE = "[。；;\\n\\t，,|]"
_MIN_SHARED_NAME = 6


def _unit_group(unit: str | None) -> frozenset[str] | None:
    """The set of units counting the same kind of thing."""
    if not unit:
        return None
    return next((group for group in _UNIT_GROUPS if unit in group), frozenset({unit}))


@dataclass(frozen=True)
class _Count:
    """A non-approximate count written in the narrative, in its segment."""

    value: float
    unit: str
    segment: tuple[int, int]


def _narrative_counts(text: str, skip: Sequence[tuple[int, int]]) -> list[_Count]:
    """Exact counts (人, 次, 例, 个 ...) in prose and narrative cells, outside the indicator rows."""
    norm = _prose_norm(text)
    spans = sorted(skip)
    starts = [start for start, _ in spans]
    # reach[i]: the furthest end among the first i + 1 spans, so one lookup tells whether any covers an offset.
    reach = [end for _, end in spans]
    for i in range(1, len(reach)):
        reach[i] = max(reach[i], reach[i - 1])
    counts = []
    for match in _COUNT_RE.finditer(norm):
        start, end = _piece_around(text, _NARRATIVE_PIECE, match.start(), match.end())
        before, after = norm[max(start, match.start() - 2) : match.start()], norm[match.end() : match.end() + 2]
        if match.group("approx") or before.endswith(_APPROX_BEFORE) or after.startswith(_APPROX_AFTER):
            continue
        index = bisect_right(starts, match.start()) - 1
        if index >= 0 and reach[index] > match.start():
            continue  # inside an indicator row: the row itself, not a narrative
        counts.append(_Count(float(match.group("num").replace(",", "")), match.group("unit"), (start, end)))
    return counts


def _count_of(quantity: Quantity) -> tuple[float, str] | None:
    """An indicator quantity as (value, count unit), or None when it is no count (%, 万元, a date ...)."""
    if quantity.value is not None and quantity.unit in _COUNT_UNIT_SET:
        return quantity.value, quantity.unit  # type: ignore[return-value]
    match = _COUNT_RE.search(_normalised(quantity.text or ""))
    return None if match is None else (float(match.group("num").replace(",", "")), match.group("unit"))


def _longest_shared(name: str, segment: str) -> int:
    """Length of the longest substring of ``name`` found in ``segment``."""
    best = 0
    for start in range(len(name)):
        length = best + 1
        while start + length <= len(name) and name[start : start + length] in segment:
            best = length
            length += 1
    return best


def _grams(name: str) -> list[str]:
    """The substrings of ``name`` as long as the shortest shared wording that relates a narrative to it."""
    return [name[k : k + _MIN_SHARED_NAME] for k in range(len(name) - _MIN_SHARED_NAME + 1)]


def _assign_counts(rows: list[tuple[IndicatorRow, float, str]], counts: list[_Count], norm: str) -> dict[int, list]:
    """Each count goes to the count indicator(s) whose name its segment shares most of (≥ 6 characters).

    The rows sharing a piece of wording are looked up by that piece, not tried one by one against every count:
    a long document has many of both."""
    rows_with: dict[str, set[int]] = defaultdict(set)
    for i, (row, _, _) in enumerate(rows):
        for gram in _grams(row.level3):
            rows_with[gram].add(i)
    groups = [_unit_group(unit) for _, _, unit in rows]
    assigned: dict[int, list[tuple[_Count, int]]] = defaultdict(list)
    for count in counts:
        segment = norm[count.segment[0] : count.segment[1]]
        group = _unit_group(count.unit)
        related = set().union(*(rows_with.get(gram, ()) for gram in _grams(segment)))
        shared: dict[str, int] = {}  # per name: rows of one name share as much of the segment
        scored = []
        for i in sorted(related):
            if groups[i] == group:
                name = rows[i][0].level3
                if name not in shared:
                    shared[name] = _longest_shared(name, segment)
                scored.append((shared[name], i))
        best = max((score for score, _ in scored), default=0)
        for score, i in scored:
            if score == best:
                assigned[i].append((count, score))
    return assigned


def check_narrative_contradicts_indicator(report: Report, text: str) -> list[Finding]:
    """A count the narrative gives for an indicator's subject equals the indicator's actual (or target) value."""
    rows = []
    for row in report.indicators:
        actual = _count_of(row.actual)
        if actual is not None and row.level3:
            rows.append((row, actual[0], actual[1]))
    if not rows:
        return []
    skip = [(row.evidence.start, row.evidence.end) for row in report.indicators]
    assigned = _assign_counts(rows, _narrative_counts(text, skip), _prose_norm(text))
    findings = []
    for i, counts in sorted(assigned.items()):
        row, actual, unit = rows[i]
        target = _count_of(row.target)
        agreeing = {actual} | ({target[0]} if target else set())
        # Any narrative figure agreeing with the row means the other figures count something else.
        if any(abs(count.value - value) < _EPS for count, _ in counts for value in agreeing):
            continue
        count = max(counts, key=lambda pair: pair[1])[0]
        quoted = _evidence(text, *count.segment)
        message = (
            f"叙述中“{quoted.snippet}”为 {_fmt(count.value)}{count.unit}，"
            f"而指标“{row.level3}”实际完成值为 {(row.actual.text or '').strip() or _fmt(actual) + unit}"
        )
        findings.append(
            Finding(
                "narrative_contradicts_indicator", "warning", message, f"indicator:{row.level3}", quoted, row.evidence
            )
        )
    return findings


# ---------------------------------------------------------------------------------------------------------------
# Running the checks; duplicates across reports

CHECKS: tuple[Callable[[Report, str], list[Finding]], ...] = (
    check_missing_identity,
    check_parts_sum_to_total,
    check_stated_rate_mismatch,
    check_grade_outside_band,
    check_score_above_max,
    check_implausible_amount,
    check_figure_stated_twice,
    check_spent_exceeds_total,
    check_narrative_contradicts_indicator,
)


def run_checks(report: Report, text: str) -> list[Finding]:
    """Every self-consistency finding of one report (Document.text as ``text``), in check order.

    Only the report proper is checked: the projects' 自评表 attached to a department's report state other totals."""
    text = report.own_text(text)
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(report, text))
    return findings


def find_duplicate_reports(rows: list[tuple[str, str | None, int | None, str | None]]) -> dict[str, list[str]]:
    """Report keys sharing an identity (admin code or unit name, year, scope) → the other keys with it.

    Rows without an identity or a year are never duplicates. The scope is compared as given, so the load
    stage can pass "project:<name>" to keep two projects of one unit apart.
    """
    groups: dict[tuple[str, int, str | None], list[str]] = defaultdict(list)
    for key, identity, year, scope in rows:
        if identity and identity.strip() and year is not None:
            group = groups[("".join(identity.split()), year, scope)]  # without any whitespace
            if key not in group:
                group.append(key)
    duplicates: dict[str, list[str]] = {}
    for keys in groups.values():
        if len(keys) > 1:
            for key in keys:
                duplicates[key] = sorted(k for k in keys if k != key)
    return duplicates
