"""Analysts' corrections (data/corrections.csv): read every row, apply those that match, report the rest."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from etl.record import MONEY_FIELDS, SCALAR_FIELDS, Evidence, Fact, Report
from etl.text import normalise

COLUMNS: tuple[str, ...] = ("report_key", "field", "value", "reason", "author", "date")
REQUIRED_COLUMNS: tuple[str, ...] = ("report_key", "field", "value")
FLOAT_FIELDS = MONEY_FIELDS | {"execution_rate_pct", "score_total", "score_max"}
INT_FIELDS = frozenset({"fiscal_year"})
ALLOWED_VALUES: dict[str, frozenset[str]] = {
    "admin_level": frozenset({"national", "province", "prefecture", "county", "township"}),
    "report_scope": frozenset({"department", "project"}),
    "evaluation_type": frozenset({"self", "external"}),
    "grade": frozenset({"优", "良", "中", "差"}),
}
# A value supplied by an analyst for a field the parser did not find has no place in the text.
NO_EVIDENCE = Evidence(0, 0, "", "derived")


@dataclass(frozen=True)
class Correction:
    """One row of corrections.csv, with the typed value and what happened to it at this build."""

    row_no: int
    report_key: str
    field: str
    value: str
    reason: str = ""
    author: str = ""
    date: str = ""
    typed_value: float | int | str | None = None
    status: str = "unmatched"
    problem: str | None = None
    parsed_value: float | int | str | None = None


def read_corrections(path: Path) -> list[Correction]:
    """Every row of the file; malformed rows come back unmatched with the problem (never an exception)."""
    if not path.is_file():
        return []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [Correction(0, "", "", "", status="unmatched", problem=f"更正文件无法读取（需 UTF-8 编码）：{error}")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        return [Correction(1, "", "", "", problem=f"更正文件表头缺少列：{'、'.join(missing)}")]
    corrections = []
    for cells in reader:
        row_no = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        corrections.append(_correction_from_cells(row_no, header, cells))
    return corrections


def _correction_from_cells(row_no: int, header: list[str], cells: list[str]) -> Correction:
    if len(cells) > len(header):
        # Usually an unquoted comma inside the value or reason: guessing which cell it split would be worse.
        problem = f"格式错误：第 {row_no} 行有 {len(cells)} 列，表头有 {len(header)} 列（含逗号的内容请加英文双引号）"
        return Correction(row_no, "", "", ",".join(cells), problem=problem)
    cells = cells + [""] * (len(header) - len(cells))  # trailing optional cells may be left out
    values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
    correction = Correction(row_no, *(values.get(name, "") for name in COLUMNS))
    problem = _row_problem(correction)
    if problem is not None:
        return replace(correction, problem=problem)
    return replace(correction, typed_value=typed_value(correction.field, correction.value))


def _row_problem(correction: Correction) -> str | None:
    """Why a row cannot be applied to any report, or None."""
    if not correction.report_key or not correction.field:
        return "格式错误：report_key 和 field 不能为空"
    if correction.field not in SCALAR_FIELDS:
        return f"字段 {correction.field} 不存在（可更正的字段见 etl/record.py 的 SCALAR_FIELDS）"
    if correction.value == "":
        return "格式错误：value 为空"
    try:
        value = typed_value(correction.field, correction.value)
    except ValueError:
        return f"格式错误：字段 {correction.field} 需要数字，得到「{correction.value}」"
    allowed = ALLOWED_VALUES.get(correction.field)
    if allowed is not None and value not in allowed:
        return f"格式错误：字段 {correction.field} 的值须为 {'/'.join(sorted(allowed))}，得到「{value}」"
    return None


def typed_value(field_name: str, text: str) -> float | int | str:
    """The correction's value in the field's type (money in 万元; full-width digits and thousands commas allowed)."""
    if field_name not in FLOAT_FIELDS and field_name not in INT_FIELDS:
        return text
    cleaned = normalise(text).replace(",", "").replace("，", "").strip().rstrip("%")
    if field_name in INT_FIELDS:
        return int(cleaned)
    return float(cleaned)


def apply_corrections(
    reports: Mapping[str, Report], corrections: list[Correction]
) -> tuple[dict[str, Report], dict[str, dict[str, Correction]], list[Correction]]:
    """Corrected copies of the reports a correction applies to, the applied correction per (report, field), and
    every row's outcome. Reports without corrections are not in the first dict (use them as they are).

    When two rows correct the same field of the same report, the later row wins and the earlier is reported.
    """
    outcomes: list[Correction] = []
    applied: dict[str, dict[str, Correction]] = {}
    for correction in corrections:
        outcome = _match(reports, correction)
        if outcome.status == "applied":
            earlier = applied.setdefault(outcome.report_key, {}).get(outcome.field)
            if earlier is not None:
                superseded = replace(earlier, status="unmatched", problem=f"被第 {outcome.row_no} 行的更正覆盖")
                outcomes[outcomes.index(earlier)] = superseded
            applied[outcome.report_key][outcome.field] = outcome
        outcomes.append(outcome)
    corrected = {key: _corrected_report(reports[key], fixes) for key, fixes in applied.items()}
    return corrected, applied, outcomes


def _match(reports: Mapping[str, Report], correction: Correction) -> Correction:
    if correction.problem is not None:
        return correction
    report = reports.get(correction.report_key)
    if report is None:
        problem = f"没有报告的 report_key 为 {correction.report_key}（文件已删除、已修改或未能解析）"
        return replace(correction, problem=problem)
    return replace(correction, status="applied", parsed_value=report.value(correction.field))


def _corrected_report(report: Report, fixes: dict[str, Correction]) -> Report:
    if not fixes:
        return report
    facts = dict(report.facts)
    for field_name, correction in fixes.items():
        parsed = facts.get(field_name)
        # Keep the parsed evidence: it shows the analyst where the wrong value was read.
        evidence = parsed.evidence if parsed is not None else NO_EVIDENCE
        facts[field_name] = Fact(field_name, correction.typed_value, evidence)
    return replace(report, facts=facts)


def correction_rows(outcomes: list[Correction]) -> list[dict]:
    """The corrections table rows."""
    return [
        {
            "row_no": outcome.row_no,
            "report_key": outcome.report_key or None,
            "field": outcome.field or None,
            "value": outcome.value,
            "reason": outcome.reason,
            "author": outcome.author,
            "date": outcome.date,
            "status": outcome.status,
            "problem": outcome.problem,
        }
        for outcome in outcomes
    ]
