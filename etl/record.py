"""The typed record one report parses into: every value with the evidence it was read from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from etl.text import blanked

Method = Literal["exact", "normalised", "derived"]
Comparator = Literal["≥", "≤", "=", ">", "<"]

# Scalar fields of the record, in the order of the answer keys (gold files).
SCALAR_FIELDS: tuple[str, ...] = (
    "unit_name",
    "province",
    "prefecture",
    "county",
    "admin_level",
    "admin_code",
    "fiscal_year",
    "report_scope",
    "evaluation_type",
    "project_name",
    "budget_initial",
    "budget_adjusted",
    "budget_executed",
    "execution_rate_pct",
    "income_total",
    "income_fiscal",
    "income_gov_fund",
    "income_other",
    "spend_total",
    "spend_basic",
    "spend_project",
    "score_total",
    "score_max",
    "grade",
    "problems",
    "measures",
)

# Fields holding money, always in 万元.
MONEY_FIELDS: frozenset[str] = frozenset(
    {
        "budget_initial",
        "budget_adjusted",
        "budget_executed",
        "income_total",
        "income_fiscal",
        "income_gov_fund",
        "income_other",
        "spend_total",
        "spend_basic",
        "spend_project",
    }
)

CANONICAL_DIMENSIONS: tuple[str, ...] = ("决策投入", "过程管理", "产出", "效益", "满意度", "预算执行", "绩效")


@dataclass(frozen=True)
class Evidence:
    """Where a value came from: offsets into Document.text and the snippet as written there."""

    start: int
    end: int
    snippet: str
    method: Method = "exact"

    def merged(self, other: Evidence, text: str) -> Evidence:
        """The smallest span covering both pieces of evidence, as written in ``text``."""
        start, end = min(self.start, other.start), max(self.end, other.end)
        return Evidence(start, end, text[start:end], "derived")


@dataclass(frozen=True)
class Fact:
    """One scalar value of the report (a figure, a name, a code) with its evidence."""

    field: str
    value: float | int | str
    evidence: Evidence


@dataclass(frozen=True)
class DimensionScore:
    """A first-level score of the report's framework (raw name as written, canonical name mapped)."""

    name: str
    canonical: str | None
    max: float | None
    score: float | None
    evidence: Evidence


@dataclass(frozen=True)
class SpendingItem:
    """A line of spending: a project item, a basic-spending item, or a per-goal cost row.

    ``kind`` is "project" for programme spending lines and cost-indicator rows, "basic" for the
    economic items of running costs (工资福利支出, 商品和服务支出 ...).
    """

    name: str
    budget: float | None
    amount: float | None
    evidence: Evidence
    kind: Literal["project", "basic"] = "project"


@dataclass(frozen=True)
class Quantity:
    """A target or actual value of an indicator, as written and as a number."""

    text: str
    value: float | None = None
    unit: str | None = None
    comparator: Comparator | None = None


@dataclass(frozen=True)
class IndicatorRow:
    """A scored third-level indicator (三级指标) of the performance table."""

    goal: str | None
    level1: str | None
    level2: str | None
    level3: str
    target: Quantity
    actual: Quantity
    points: float | None
    score: float | None
    note: str | None
    evidence: Evidence


# The breakdowns of a 自评表's source rows under its 年度资金总额 row, one a money column, each under its own label (the
# warehouse keys a report's breakdowns by label); "_partial" where the form leaves out its catch-all 其他资金 row, so
# the parts may fall short of the total.
SOURCE_BREAKDOWNS = {
    "budget_adjusted": "funding_adjusted",
    "budget_initial": "funding_initial",
    "budget_executed": "funding_executed",
}
PARTIAL_SOURCES = "_partial"
ALL_SOURCE_BREAKDOWNS = frozenset(label + end for label in SOURCE_BREAKDOWNS.values() for end in ("", PARTIAL_SOURCES))


@dataclass(frozen=True)
class Breakdown:
    """A stated total with the parts the report says make it up ("合计X，其中A、B")."""

    label: str
    total: Fact
    parts: tuple[Fact, ...]


@dataclass
class Report:
    """Everything parsed from one report. ``facts`` holds the value kept for each scalar field;
    ``alternatives`` the other values the same report states for a field (for the checks)."""

    facts: dict[str, Fact] = field(default_factory=dict)
    alternatives: list[Fact] = field(default_factory=list)
    dimension_scores: list[DimensionScore] = field(default_factory=list)
    spending_items: list[SpendingItem] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Where the report proper ends in Document.text; the projects' 自评表 attached after it are not its own figures.
    text_end: int | None = None
    # Where it resumes after them: an appendix of its own (its scoring table) printed after the forms.
    text_resumes: int | None = None

    def own_text(self, text: str) -> str:
        """Document.text as the report's own: attached forms blanked (line breaks and offsets kept)."""
        if self.text_end is None:
            return text
        if self.text_resumes is None:
            return text[: self.text_end]
        return blanked(text, self.text_end, self.text_resumes)

    def value(self, name: str) -> float | int | str | None:
        """The kept value of a scalar field, or None when the report does not state it."""
        fact = self.facts.get(name)
        return None if fact is None else fact.value

    def to_json_record(self) -> dict:
        """The record in the gold-file shape, plus evidence snippets per field."""
        record: dict = {name: self.value(name) for name in SCALAR_FIELDS}
        record["dimension_scores"] = [
            {"name": d.name, "canonical": d.canonical, "max": d.max, "score": d.score, "evidence": d.evidence.snippet}
            for d in self.dimension_scores
        ]
        record["spending_items"] = [_spending_item_json(item) for item in self.spending_items if item.kind == "project"]
        record["indicator_rows"] = len(self.indicators) if self.indicators else None
        record["indicators"] = [_indicator_json(row) for row in self.indicators]
        record["evidence"] = {name: fact.evidence.snippet for name, fact in self.facts.items()}
        record["evidence_method"] = {name: fact.evidence.method for name, fact in self.facts.items()}
        record["warnings"] = list(self.warnings)
        return record


def _spending_item_json(item: SpendingItem) -> dict:
    out: dict = {"name": item.name, "amount": item.amount, "evidence": item.evidence.snippet}
    if item.budget is not None:
        out["budget"] = item.budget
    return out


def _indicator_json(row: IndicatorRow) -> dict:
    out = asdict(row)
    out["evidence"] = row.evidence.snippet
    return out


Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One self-consistency problem of a report, with the evidence of both sides where there are two."""

    check_id: str
    severity: Severity
    message: str
    field: str | None = None
    evidence_a: Evidence | None = None
    evidence_b: Evidence | None = None
