"""The only writer: records → table rows → a new DuckDB file beside the live one, swapped in with os.replace."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import UTC
from pathlib import Path
from typing import Any

import duckdb

from etl.categories import spending_category
from etl.errors import LoadError
from etl.record import (
    ALL_SOURCE_BREAKDOWNS,
    MONEY_FIELDS,
    Breakdown,
    DimensionScore,
    Evidence,
    Fact,
    Finding,
    IndicatorRow,
    Quantity,
    Report,
    SpendingItem,
)
from etl.tablerows import TableRows
from etl.targets import target_met
from etl.warehouse import TEMP_MARKER

SQL_DIR = Path(__file__).parent / "sql"
FEN_PER_WAN = 1_000_000
BUDGET_PHASES: tuple[tuple[str, str, int], ...] = (
    ("initial", "budget_initial", 1),
    ("adjusted", "budget_adjusted", 2),
    ("executed", "budget_executed", 3),
)
# Tables holding a report's own rows (its findings, in checks, are made apart).
REPORT_TABLES: tuple[str, ...] = (
    "reports",
    "budget_amounts",
    "facts",
    "dimension_scores",
    "indicators",
    "spending_items",
    "breakdowns",
)
# Order of inserts; a test hook may fail the load between two tables.
TABLE_ORDER: tuple[str, ...] = ("documents", *REPORT_TABLES, "checks", "load_errors", "build_runs", "corrections")
# Rows of each table by name (TableRows, or a list of dicts for the few built one at a time), plus the lists
# copy_reports and copy_documents naming what an incremental build copies from the live warehouse.
Rows = dict[str, Any]
# Breakdown labels whose figures are money (staff counts people).
MONEY_BREAKDOWNS = frozenset({"income", "spend", "spend_basic", "spend_project", "funding", *ALL_SOURCE_BREAKDOWNS})


# --- Report ⇄ JSON (for incremental reuse of a previous parse) -------------------------------------------------


def report_to_json(report: Report) -> str:
    """The report as compact JSON (dataclasses as objects, tuples as lists)."""
    return json.dumps(report, default=_dataclass_fields, ensure_ascii=False, separators=(",", ":"))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(item.name for item in dataclass_fields(cls))


def _dataclass_fields(value: Any) -> dict[str, Any]:
    """A dataclass as a shallow dict for json's C encoder, which recurses itself: what ``asdict`` gives without
    its deep copies (several times faster on a report of hundreds of facts)."""
    if not hasattr(type(value), "__dataclass_fields__"):
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return {name: getattr(value, name) for name in _field_names(type(value))}


def report_from_json(text: str) -> Report:
    """Rebuild a Report written by ``report_to_json``."""
    data = json.loads(text)
    return Report(
        facts={name: _fact(item) for name, item in data["facts"].items()},
        alternatives=[_fact(item) for item in data["alternatives"]],
        dimension_scores=[_dimension(item) for item in data["dimension_scores"]],
        spending_items=[_spending_item(item) for item in data["spending_items"]],
        indicators=[_indicator(item) for item in data["indicators"]],
        breakdowns=[_breakdown(item) for item in data["breakdowns"]],
        warnings=list(data["warnings"]),
        text_end=data.get("text_end"),
        text_resumes=data.get("text_resumes"),
    )


def rows_code_fingerprint() -> str:
    """sha256 of the code that turns a report into rows: a change re-builds rows instead of copying them."""
    from etl import categories, corrections, record, targets

    digest = hashlib.sha256()
    for source in (
        Path(__file__),
        Path(categories.__file__),
        Path(corrections.__file__),
        Path(record.__file__),
        Path(targets.__file__),
        SQL_DIR / "schema.sql",
    ):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def findings_to_json(findings: list[Finding]) -> str:
    """Findings as compact JSON (cached with the document, so an unchanged report is not checked again)."""
    return json.dumps(findings, default=_dataclass_fields, ensure_ascii=False, separators=(",", ":"))


def findings_from_json(text: str) -> list[Finding]:
    """Rebuild findings written by ``findings_to_json``."""
    return [
        Finding(
            item["check_id"],
            item["severity"],
            item["message"],
            item["field"],
            _evidence(item["evidence_a"]) if item["evidence_a"] else None,
            _evidence(item["evidence_b"]) if item["evidence_b"] else None,
        )
        for item in json.loads(text)
    ]


def _evidence(data: dict) -> Evidence:
    return Evidence(data["start"], data["end"], data["snippet"], data["method"])


def _fact(data: dict) -> Fact:
    return Fact(data["field"], data["value"], _evidence(data["evidence"]))


def _dimension(data: dict) -> DimensionScore:
    return DimensionScore(data["name"], data["canonical"], data["max"], data["score"], _evidence(data["evidence"]))


def _spending_item(data: dict) -> SpendingItem:
    return SpendingItem(data["name"], data["budget"], data["amount"], _evidence(data["evidence"]), data["kind"])


def _quantity(data: dict) -> Quantity:
    return Quantity(data["text"], data["value"], data["unit"], data["comparator"])


def _indicator(data: dict) -> IndicatorRow:
    return IndicatorRow(
        goal=data["goal"],
        level1=data["level1"],
        level2=data["level2"],
        level3=data["level3"],
        target=_quantity(data["target"]),
        actual=_quantity(data["actual"]),
        points=data["points"],
        score=data["score"],
        note=data["note"],
        evidence=_evidence(data["evidence"]),
    )


def _breakdown(data: dict) -> Breakdown:
    return Breakdown(data["label"], _fact(data["total"]), tuple(_fact(part) for part in data["parts"]))


# --- Records → rows ---------------------------------------------------------------------------------------------


def to_fen(wan: float | int | None) -> int | None:
    """万元 → integer 分, rounded to the nearest 分 (1598.21 → 1598210000)."""
    if wan is None or isinstance(wan, bool) or not isinstance(wan, int | float):
        return None
    return round(wan * FEN_PER_WAN)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _int_or_none(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _division_codes(
    admin_code: Any, admin_level: Any, province: Any = None, prefecture: Any = None
) -> tuple[str | None, str | None]:
    """Province and prefecture codes implied by a 6-digit division code, else by the names of a zone's parents
    (a 开发区 has no code of its own, and is still filtered under its province)."""
    code = _text(admin_code)
    if not code or len(code) != 6 or not code.isdigit():
        if not isinstance(province, str):
            return None, None
        # Imported here: the parser's package is not loaded by a rebuild that parses nothing.
        from etl.parse.places import division_codes_of

        return division_codes_of(province, prefecture if isinstance(prefecture, str) else None)
    prefecture = None if admin_level == "province" else code[:4] + "00"
    return code[:2] + "0000", prefecture


def report_rows(
    key: str, report: Report, applied: dict[str, Any] | None = None, is_duplicate_identity: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """Every row of one report by table (REPORT_TABLES), with its corrections ``applied``."""
    return {
        "reports": [report_row(key, report, is_duplicate_identity)],
        "budget_amounts": budget_rows(key, report),
        "facts": fact_rows(key, report, applied or {}),
        "dimension_scores": dimension_rows(key, report),
        "indicators": indicator_rows(key, report),
        "spending_items": spending_rows(key, report),
        "breakdowns": breakdown_rows(key, report),
    }


def report_tables(key: str, report: Report) -> dict[str, TableRows]:
    """The rows of an uncorrected report as TableRows: what a parse worker sends back instead of the report."""
    return {table: TableRows.of(rows) for table, rows in report_rows(key, report).items()}


def report_row(key: str, report: Report, is_duplicate_identity: bool) -> dict[str, Any]:
    """The reports row: identity, jurisdiction and scalar figures (money in 分)."""
    value = report.value
    province_code, prefecture_code = _division_codes(
        value("admin_code"), value("admin_level"), value("province"), value("prefecture")
    )
    row: dict[str, Any] = {
        "report_key": key,
        "province_code": province_code,
        "prefecture_code": prefecture_code,
        "fiscal_year": _int_or_none(value("fiscal_year")),
        "execution_rate_pct": _number(value("execution_rate_pct")),
        "score_total": _number(value("score_total")),
        "score_max": _number(value("score_max")),
        "warnings": list(report.warnings),
        "is_duplicate_identity": is_duplicate_identity,
    }
    for name in (
        "unit_name",
        "province",
        "prefecture",
        "county",
        "admin_level",
        "admin_code",
        "report_scope",
        "evaluation_type",
        "project_name",
        "grade",
        "problems",
        "measures",
    ):
        row[name] = _text(value(name))
    for name in (
        "income_total",
        "income_fiscal",
        "income_gov_fund",
        "income_other",
        "spend_total",
        "spend_basic",
        "spend_project",
    ):
        row[f"{name}_fen"] = to_fen(value(name))
    return row


def budget_rows(key: str, report: Report) -> list[dict[str, Any]]:
    """One budget_amounts row per phase the report states."""
    rows = []
    for phase, field_name, order in BUDGET_PHASES:
        fen = to_fen(report.value(field_name))
        if fen is not None:
            rows.append({"report_key": key, "phase": phase, "phase_order": order, "amount_fen": fen})
    return rows


def _evidence_columns(evidence: Evidence | None) -> dict[str, Any]:
    if evidence is None:
        return {"start_offset": None, "end_offset": None, "snippet": None}
    return {"start_offset": evidence.start, "end_offset": evidence.end, "snippet": evidence.snippet}


def fact_rows(key: str, report: Report, applied: dict[str, Any]) -> list[dict[str, Any]]:
    """Kept facts (ordinal 0) and alternatives (ordinal 1..); ``applied`` maps a field to its Correction."""
    rows = []
    for name, fact in report.facts.items():
        correction = applied.get(name)
        row = _fact_row(key, fact, 0, kept=True)
        if correction is not None:
            row.update(
                source="corrected",
                method="corrected",
                parsed_value_text=_text(correction.parsed_value),
                correction_reason=correction.reason,
                correction_author=correction.author,
                correction_date=correction.date,
            )
        rows.append(row)
    counters: dict[str, int] = {}
    for fact in report.alternatives:
        counters[fact.field] = counters.get(fact.field, 0) + 1
        rows.append(_fact_row(key, fact, counters[fact.field], kept=False))
    return rows


def _fact_row(key: str, fact: Fact, ordinal: int, kept: bool) -> dict[str, Any]:
    money = fact.field in MONEY_FIELDS
    return {
        "report_key": key,
        "field": fact.field,
        "ordinal": ordinal,
        "kept": kept,
        "value_num": _number(fact.value),
        "value_fen": to_fen(fact.value) if money else None,
        "value_text": _text(fact.value),
        "method": fact.evidence.method,
        **_evidence_columns(fact.evidence),
        "source": "parsed",
        "parsed_value_text": _text(fact.value),
        "correction_reason": None,
        "correction_author": None,
        "correction_date": None,
    }


def dimension_rows(key: str, report: Report) -> list[dict[str, Any]]:
    """One row per first-level score."""
    return [
        {
            "report_key": key,
            "ordinal": ordinal,
            "raw_name": dimension.name,
            "canonical": dimension.canonical,
            "max_points": _number(dimension.max),
            "score": _number(dimension.score),
            "method": dimension.evidence.method,
            **_evidence_columns(dimension.evidence),
        }
        for ordinal, dimension in enumerate(report.dimension_scores, start=1)
    ]


def indicator_rows(key: str, report: Report) -> list[dict[str, Any]]:
    """One row per scored third-level indicator, with whether its target was met."""
    return [
        {
            "report_key": key,
            "row_no": row_no,
            "goal": row.goal,
            "level1": row.level1,
            "level2": row.level2,
            "level3": row.level3,
            "target_text": row.target.text,
            "target_value": _number(row.target.value),
            "target_unit": row.target.unit,
            "comparator": row.target.comparator,
            "actual_text": row.actual.text,
            "actual_value": _number(row.actual.value),
            "actual_unit": row.actual.unit,
            "actual_comparator": row.actual.comparator,
            "points": _number(row.points),
            "score": _number(row.score),
            "note": row.note,
            "met": target_met(row.target, row.actual),
            **_evidence_columns(row.evidence),
        }
        for row_no, row in enumerate(report.indicators, start=1)
    ]


def spending_rows(key: str, report: Report) -> list[dict[str, Any]]:
    """One row per spending line, with its category."""
    return [
        {
            "report_key": key,
            "ordinal": ordinal,
            "name": item.name,
            "category": spending_category(item.name, item.kind),
            "kind": item.kind,
            "budget_fen": to_fen(item.budget),
            "amount_fen": to_fen(item.amount),
            **_evidence_columns(item.evidence),
        }
        for ordinal, item in enumerate(report.spending_items, start=1)
    ]


def breakdown_rows(key: str, report: Report) -> list[dict[str, Any]]:
    """A stated total (ordinal 0) and its parts (1..) per breakdown label."""
    rows = []
    for breakdown in report.breakdowns:
        for ordinal, fact in enumerate((breakdown.total, *breakdown.parts)):
            rows.append(
                {
                    "report_key": key,
                    "label": breakdown.label,
                    "ordinal": ordinal,
                    "field": fact.field,
                    "value_num": _number(fact.value),
                    "value_fen": to_fen(fact.value) if breakdown.label in MONEY_BREAKDOWNS else None,
                    **_evidence_columns(fact.evidence),
                }
            )
    return rows


def check_rows(key: str, findings: Iterable[Finding], start: int = 1) -> list[dict[str, Any]]:
    """One row per finding, numbered from ``start`` within the report."""
    rows = []
    for ordinal, finding in enumerate(findings, start=start):
        a, b = finding.evidence_a, finding.evidence_b
        rows.append(
            {
                "report_key": key,
                "ordinal": ordinal,
                "check_id": finding.check_id,
                "severity": finding.severity,
                "message": finding.message,
                "field": finding.field,
                "a_snippet": a.snippet if a else None,
                "a_start": a.start if a else None,
                "a_end": a.end if a else None,
                "b_snippet": b.snippet if b else None,
                "b_start": b.start if b else None,
                "b_end": b.end if b else None,
            }
        )
    return rows


# --- Reading the previous warehouse -----------------------------------------------------------------------------


# Small columns read for every previous document; text and report_json are fetched only for reports that need them.
PREVIOUS_COLUMNS: tuple[str, ...] = ("sha256", "format", "encoding", "checks_key", "checks_json", "rows_key")
IDENTITY_COLUMNS: tuple[str, ...] = ("admin_code", "unit_name", "fiscal_year", "report_scope", "project_name")


@dataclass
class PreviousState:
    """What a build reuses of the live warehouse: parses, build history, file hashes and whether rows can be
    patched in place (the file's tables are exactly today's)."""

    parses: dict[str, dict[str, Any]] = field(default_factory=dict)  # by sha256, of the same parser version
    history: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # path → (size, mtime ns, sha256)
    current_schema: bool = False


# A file modified this close to (or after) the start of the build that hashed it may have changed again within
# the file system's timestamp resolution without its mtime moving: such a file is always hashed again.
RACY_MARGIN_NS = 2_000_000_000


def read_previous(live: Path, parser_version: str) -> PreviousState:
    """The previous state of the live warehouse, read in one read-only open closed before returning (so the swap
    never meets our own handle). Columns a warehouse of an older schema lacks read as NULL (its checks are then
    simply run again, its files hashed again)."""
    if not live.is_file():
        return PreviousState()
    con = duckdb.connect(str(live), read_only=True)
    try:
        present = {
            row[0]
            for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents'"
            ).fetchall()
        }
        select = ", ".join(name if name in present else f"NULL AS {name}" for name in PREVIOUS_COLUMNS)
        parses = con.execute(
            f"SELECT {select} FROM documents WHERE parser_version = ? AND report_json IS NOT NULL",  # noqa: S608
            [parser_version],
        ).fetchall()
        history = _rows_as_dicts(con, "SELECT * FROM build_runs ORDER BY started_at")
        identities = _previous_identities(con)
        files = _previous_files(con, history) if "modified_ns" in present else {}
        current_schema = tuple(con.execute(_COLUMNS_SQL).fetchall()) == _current_columns()
    finally:
        con.close()
    previous = {row[0]: dict(zip(PREVIOUS_COLUMNS[1:], row[1:], strict=True)) for row in parses}
    for sha, entry in previous.items():
        entry["identity"] = identities.get(sha)
    return PreviousState(previous, history, files, current_schema)


def _previous_files(con: duckdb.DuckDBPyConnection, history: list[dict[str, Any]]) -> dict[str, tuple[int, int, str]]:
    """(size, mtime ns, sha256) by path of the files the last build hashed well before it started."""
    if not history or history[-1].get("started_at") is None:
        return {}
    started = history[-1]["started_at"].replace(tzinfo=UTC)
    trusted_before = int(started.timestamp() * 1_000_000_000) - RACY_MARGIN_NS
    found = con.execute(
        "SELECT path, size_bytes, modified_ns, sha256 FROM documents WHERE modified_ns < ?", [trusted_before]
    ).fetchall()
    return {path: (size, modified, sha) for path, size, modified, sha in found}


def fetch_previous_documents(live: Path, shas: list[str]) -> dict[str, tuple[str | None, str]]:
    """Text and report JSON of previous documents by sha256, in one read-only query (closed before returning)."""
    if not shas:
        return {}
    con = duckdb.connect(str(live), read_only=True)
    try:
        found = con.execute(
            "SELECT sha256, text, report_json FROM documents WHERE sha256 IN (SELECT unnest($1::VARCHAR[]))", [shas]
        ).fetchall()
    finally:
        con.close()
    fetched = {sha: (text, report_json) for sha, text, report_json in found}
    missing = [sha for sha in shas if sha not in fetched]
    if missing:
        reason = f"上一版数据仓库在构建期间被替换（缺少 {len(missing)} 份文档的解析结果），请重新构建"
        raise LoadError(str(live), reason)
    return fetched


def _previous_identities(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Identity fields of each previous report (after its corrections) and its unit's evidence, by sha256."""
    columns = ", ".join(f"r.{name}" for name in IDENTITY_COLUMNS)
    try:
        found = con.execute(
            f"SELECT d.sha256, {columns}, f.start_offset, f.end_offset, f.snippet, f.method "  # noqa: S608
            "FROM reports r JOIN documents d USING (report_key) "
            "LEFT JOIN facts f ON f.report_key = r.report_key AND f.field = 'unit_name' AND f.kept"
        ).fetchall()
    except duckdb.Error:  # an older schema: nothing is copied, everything is rebuilt from the parses
        return {}
    identities = {}
    for sha, *values in found:
        identity = dict(zip(IDENTITY_COLUMNS, values[: len(IDENTITY_COLUMNS)], strict=True))
        start, end, snippet, method = values[len(IDENTITY_COLUMNS) :]
        # A corrected fact's method is "corrected"; the finding only needs where the unit is written.
        evidence_method = method if method in ("exact", "normalised", "derived") else "exact"
        identity["unit_evidence"] = None if start is None else Evidence(start, end, snippet, evidence_method)
        identities[sha] = identity
    return identities


def _rows_as_dicts(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


# --- Writing a new file and swapping it in ----------------------------------------------------------------------


def temp_path_for(live: Path) -> Path:
    """A unique temp file beside the live one; the pid lets a later build tell a dead build's leftovers."""
    return live.with_name(f"{live.name}{TEMP_MARKER}{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temp_files(live: Path) -> list[Path]:
    """Delete temp files (and their WAL) left by builds that were killed; keep those of running builds."""
    removed = []
    prefix = live.name + TEMP_MARKER
    if not live.parent.is_dir():
        return removed
    for path in live.parent.iterdir():
        if not path.name.startswith(prefix):
            continue
        pid_text = path.name[len(prefix) :].split("-", 1)[0]
        if pid_text.isdigit() and _pid_alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _remove_temp(temp: Path) -> None:
    for path in (temp, temp.with_name(temp.name + ".wal")):
        path.unlink(missing_ok=True)


# Rows per INSERT statement. A documents row holds a text and its JSON: larger chunks only raise the peak memory.
# Other rows are small, and 1,000-row statements took twice as long as 50,000-row ones (10,000 reports).
INSERT_CHUNK_ROWS = 50_000
DOCUMENT_CHUNK_ROWS = 2_000
# Up to this many rows, an insert binds each column as one list instead of going through Arrow: a few thousand
# rows bind in milliseconds, while importing polars and pyarrow takes 0.3 s of a rebuild that changed one file.
BOUND_INSERT_MAX_ROWS = 10_000


# Table and column names are the only words written into these statements (values are always bound); they come
# from this module's constants and the row builders' keys, and this says so at the point of use.
SQL_NAME_RE = re.compile(r"[a-z_][a-z0-9_]*")


def _sql_name(name: str) -> str:
    """``name`` when it is a plain lower-case SQL identifier; anything else is a programming error."""
    if not SQL_NAME_RE.fullmatch(name):
        raise ValueError(f"not a table or column name of ours: {name!r}")
    return name


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: TableRows | list[dict[str, Any]]) -> None:
    """Bulk insert: one statement per chunk of rows instead of one per row."""
    table = _sql_name(table)
    table_rows = rows if isinstance(rows, TableRows) else TableRows.of(rows)
    chunk_rows = DOCUMENT_CHUNK_ROWS if table == "documents" else INSERT_CHUNK_ROWS
    if len(table_rows) <= min(chunk_rows, BOUND_INSERT_MAX_ROWS):
        if table_rows:
            con.execute(f"INSERT INTO {table} BY NAME {_bound_select(table_rows)}", table_rows.column_lists())
        return
    for frame in table_rows.frames(chunk_rows):
        con.register("incoming_rows", frame)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")  # noqa: S608 (from TABLE_ORDER)
        finally:
            con.unregister("incoming_rows")


def _bound_select(rows: TableRows) -> str:
    """SELECT of the rows from one bound list per column ($1, $2… in column order); unnest zips the lists.

    Only the column names are written into the SQL, and they are the keys our row builders use; every value is
    bound.
    """
    columns = enumerate(map(_sql_name, rows.columns), 1)
    return "SELECT " + ", ".join(f"unnest(${number}) AS {name}" for number, name in columns)


def _bind_temp_table(con: duckdb.DuckDBPyConnection, name: str, rows: TableRows) -> None:
    """A temp table (in memory, never in the file) of the rows, bound as lists."""
    con.execute(f"CREATE TEMP TABLE {_sql_name(name)} AS {_bound_select(rows)}", rows.column_lists())


# Tables whose rows of an unchanged report are copied from the previous warehouse instead of rebuilt.
COPIED_TABLES: tuple[str, ...] = ("documents", *REPORT_TABLES)


def write_database(
    path: Path, rows: Rows, pause: Callable[[str], None] = lambda point: None, previous: Path | None = None
) -> None:
    """Create schema and views in a new file at ``path``, insert every table, CHECKPOINT and close.

    ``rows["copy_reports"]`` (report_key, is_duplicate_identity) names reports whose rows are copied from the
    ``previous`` warehouse, attached read-only; ``rows["copy_documents"]`` are documents rows without text and
    report_json, which are copied from the previous row with the same sha256.
    """
    con = duckdb.connect(str(path))
    try:
        con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
        con.execute((SQL_DIR / "views.sql").read_text(encoding="utf-8"))
        copying = previous is not None and bool(rows.get("copy_reports") or rows.get("copy_documents"))
        if copying:
            _attach_previous(con, previous, rows)
        for table in TABLE_ORDER:
            _insert(con, table, rows.pop(table, []))  # popped: a loaded table's dicts are freed at once
            if copying and table in COPIED_TABLES:
                _copy_previous_rows(con, table, rows)
            pause(f"table:{table}")
        if copying:
            con.execute("DETACH previous")
        pause("load")
        # Without a checkpoint the data may still sit in the .wal beside the temp file and be lost at the swap.
        con.execute("CHECKPOINT")
        pause("checkpoint")
    finally:
        con.close()


def _attach_previous(con: duckdb.DuckDBPyConnection, previous: Path, rows: Rows) -> None:
    """Attach the live warehouse read-only (never for writing) and register what to copy from it."""
    # ATTACH takes no bound parameters; the path is the build's own warehouse option, never a URL or widget value,
    # and its quotes are doubled so it stays one SQL string literal.
    quoted = str(previous).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS previous (READ_ONLY)")
    # Empty lists bind without a type; a never-matching key keeps the queries valid.
    keys = rows.get("copy_reports") or [{"report_key": "", "is_duplicate_identity": False}]
    _bind_temp_table(con, "copy_reports", TableRows.of(keys))
    documents = rows.get("copy_documents") or []
    if documents:
        _bind_temp_table(con, "copy_documents", TableRows.of(documents))


def _copy_previous_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Rows) -> None:
    """Copy one table's rows of unchanged reports; the previous file must still hold every one of them."""
    if table == "documents":
        wanted = len(rows.get("copy_documents") or [])
        if wanted:
            con.execute(
                "INSERT INTO documents BY NAME SELECT c.*, p.text, p.report_json FROM copy_documents c "
                "JOIN previous.documents p ON p.sha256 = c.sha256"
            )
            _require_copied(
                con,
                "SELECT count(*) FROM documents WHERE report_json IS NOT NULL AND report_key IN "
                "(SELECT report_key FROM copy_documents)",
                wanted,
            )
        return
    if table == "reports":
        con.execute(
            "INSERT INTO reports BY NAME SELECT p.* REPLACE (c.is_duplicate_identity AS is_duplicate_identity) "
            "FROM previous.reports p JOIN copy_reports c USING (report_key)"
        )
        wanted = len(rows.get("copy_reports") or [])
        _require_copied(
            con, "SELECT count(*) FROM reports WHERE report_key IN (SELECT report_key FROM copy_reports)", wanted
        )
        return
    con.execute(
        f"INSERT INTO {table} BY NAME SELECT p.* FROM previous.{table} p "  # noqa: S608 (COPIED_TABLES)
        "WHERE p.report_key IN (SELECT report_key FROM copy_reports)"
    )


def _require_copied(con: duckdb.DuckDBPyConnection, sql: str, wanted: int) -> None:
    # The live file can be replaced by another build between reading it and copying from it: never load half.
    copied = con.execute(sql).fetchall()[0][0]
    if copied != wanted:
        reason = f"上一版数据仓库在构建期间被替换（应复制 {wanted} 行，实得 {copied} 行），请重新构建"
        raise LoadError("previous", reason)


def patch_database(path: Path, live: Path, rows: Rows, pause: Callable[[str], None] = lambda point: None) -> None:
    """A copy of ``live`` at ``path`` with the rows of changed and removed reports replaced, then CHECKPOINTed.

    When most reports are unchanged, copying the file and rewriting the few rows that changed is far cheaper than
    writing every row again (10,000 reports: a 90 MB file copy instead of seconds of inserts). Only called when
    ``rows["copy_reports"]`` is non-empty, which means the schema is unchanged: its hash is part of every rows key.
    """
    shutil.copyfile(live, path)  # the live file is always checkpointed (no WAL) before it is swapped in
    con = duckdb.connect(str(path))
    try:
        # One transaction: each commit syncs the WAL, and the first sync waits for the whole copied file to reach
        # the disk (0.1 s at 10,000 reports); the CHECKPOINT below writes it all once anyway.
        con.execute("BEGIN TRANSACTION")
        _refresh_views(con)
        documents = rows.get("copy_documents") or []
        _bind_temp_table(con, "copy_reports", TableRows.of(rows["copy_reports"]))
        kept_documents = [document["report_key"] for document in documents] or [""]  # "" never matches a key
        _bind_temp_table(con, "copy_documents", TableRows({"report_key": kept_documents}, len(kept_documents)))
        _drop_changed_rows(con)
        _update_kept_rows(con, rows)
        for table in TABLE_ORDER:
            _insert(con, table, rows.pop(table, []))  # popped: a loaded table's dicts are freed at once
            pause(f"table:{table}")
        con.execute("COMMIT")
        pause("load")
        con.execute("CHECKPOINT")
        pause("checkpoint")
    finally:
        con.close()


_COLUMNS_SQL = (
    "SELECT table_name, column_name, data_type FROM information_schema.columns "
    "WHERE table_schema = 'main' AND table_name IN (SELECT table_name FROM information_schema.tables "
    "WHERE table_type = 'BASE TABLE') ORDER BY table_name, ordinal_position"
)


@functools.cache
def _current_columns() -> tuple[tuple[str, str, str], ...]:
    """(table, column, type) of every table schema.sql creates."""
    con = duckdb.connect(":memory:")
    try:
        con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
        return tuple(con.execute(_COLUMNS_SQL).fetchall())
    finally:
        con.close()


@functools.cache
def views_digest() -> str:
    """sha256 of views.sql, which build_runs records for the next build."""
    return hashlib.sha256((SQL_DIR / "views.sql").read_bytes()).hexdigest()


def _refresh_views(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the copied file's views when views.sql changed since the build that wrote it.

    Only then: replacing the 12 views binds every one of them again, 0.17 s of a rebuild that changed one file.
    """
    last = con.execute("SELECT views_sha256 FROM build_runs ORDER BY started_at DESC LIMIT 1").fetchall()
    if not last or last[0][0] != views_digest():
        con.execute(_replacing_views((SQL_DIR / "views.sql").read_text(encoding="utf-8")))


def _replacing_views(sql: str) -> str:
    """views.sql with every CREATE VIEW made CREATE OR REPLACE VIEW, to refresh the views of a copied file."""
    return re.sub(r"\bCREATE\s+VIEW\b", "CREATE OR REPLACE VIEW", sql, flags=re.IGNORECASE)


def _drop_changed_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Delete the rows of every report that is not kept, and all rows rebuilt on every build."""
    for table in COPIED_TABLES:
        kept = "copy_documents" if table == "documents" else "copy_reports"
        con.execute(
            f"DELETE FROM {table} WHERE report_key NOT IN (SELECT report_key FROM {kept})"  # noqa: S608 (constants)
        )
    for table in set(TABLE_ORDER) - set(COPIED_TABLES):
        con.execute(f"DELETE FROM {table}")  # noqa: S608 (table from TABLE_ORDER)


def _update_kept_rows(con: duckdb.DuckDBPyConnection, rows: Rows) -> None:
    """Refresh what changes on a kept row (its path, copies, checks, build, duplicate flag) and check nothing is
    missing."""
    documents = rows.get("copy_documents") or []
    if documents:
        changed = _changed_documents(con, documents)
        if changed:
            _bind_temp_table(con, "changed_documents", TableRows.of(changed))
            assignments = ", ".join(f"{name} = c.{name}" for name in changed[0] if name != "report_key")
            con.execute(
                f"UPDATE documents SET {assignments} FROM changed_documents c "  # noqa: S608 (our column names)
                "WHERE documents.report_key = c.report_key"
            )
        # Every row left is a kept document (this build's new ones are inserted after).
        con.execute("UPDATE documents SET build_id = ?, parse_status = 'reused'", [documents[0]["build_id"]])
    _require_copied(con, "SELECT count(*) FROM documents WHERE report_json IS NOT NULL", len(documents))
    con.execute(
        "UPDATE reports SET is_duplicate_identity = c.is_duplicate_identity FROM copy_reports c "
        "WHERE reports.report_key = c.report_key AND reports.is_duplicate_identity <> c.is_duplicate_identity"
    )
    _require_copied(con, "SELECT count(*) FROM reports", len(rows["copy_reports"]))


def _changed_documents(con: duckdb.DuckDBPyConnection, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The kept documents rows that differ from the copied file's (a moved file, new copies, re-run checks).

    Usually none, and only those are updated: in DuckDB 2.0 an UPDATE of every row that sets a LIST column
    (duplicate_paths) takes 0.3 s at 10,000 reports even when no value changes, and its CHECKPOINT rewrites the
    updated text columns (0.5 s more).
    """
    names = ["report_key", *(name for name in documents[0] if name not in ("report_key", "build_id", "parse_status"))]
    stored = con.execute(f"SELECT {', '.join(names)} FROM documents").fetchall()  # noqa: S608 (our column names)
    by_key = {row[0]: row for row in stored}
    return [
        {name: document[name] for name in names}
        for document in documents
        if by_key.get(document["report_key"]) != tuple(document[name] for name in names)
    ]


def write_and_swap(
    live: Path,
    rows: Rows,
    pause: Callable[[str], None] = lambda point: None,
    copy_from_live: bool = False,
    patch_live: bool = False,
) -> None:
    """Write a complete warehouse beside ``live`` and atomically replace it; on any failure leave ``live`` alone.

    With ``copy_from_live``, unchanged reports' rows come from ``live``; with ``patch_live`` too (``live`` has
    today's tables, as ``read_previous`` found), by patching a copy of it instead of writing every row again.

    ``rows`` is consumed: each table's rows are dropped once inserted, to keep the peak memory of large builds low.
    """
    live.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path_for(live)
    try:
        if copy_from_live and patch_live and rows.get("copy_reports"):
            patch_database(temp, live, rows, pause)
        else:
            write_database(temp, rows, pause, live if copy_from_live else None)
        wal = temp.with_name(temp.name + ".wal")
        if wal.exists():
            raise LoadError(str(live), "写入后仍有未合并的 WAL 文件，放弃替换")
        pause("swap")
        os.replace(temp, live)
    except BaseException:
        _remove_temp(temp)
        raise
