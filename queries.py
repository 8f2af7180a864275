"""The one read-side door to the warehouse: one function per question, each returning a polars frame.

The warehouse file is attached read-only, once per version of the file; results are cached on (sql, params,
warehouse stamp), so a rebuild that swaps the file in shows on the next interaction without a restart. Every
value a user can influence is bound as a SQL parameter: the text of each query is a constant of this module.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from etl.categories import CATEGORIES  # the contract's order, 其他 last
from etl.warehouse import file_of

WAREHOUSE_ENV = "CANLIAN_WAREHOUSE"
DATA_DIR_ENV = "CANLIAN_DATA_DIR"
DEFAULT_WAREHOUSE = Path("data") / "warehouse.duckdb"
BUILD_COMMAND = "python -m etl build data"

# DuckDB keeps one database instance per path while any connection to it is open, so a connection to the path
# opened after the file was swapped could still see the old file. Each warehouse file is therefore attached to
# an in-memory database of its own, opened once per file stamp and shared: a query takes a cursor of it instead
# of paying 25-40 ms for a new connection. A swapped-in file has a new stamp and gets a new reader; cursors of
# the old one keep its instance (and the old file) alive until they finish.
_READER_LOCK = threading.Lock()

Stamp = tuple[int, int, int]
Params = tuple[tuple[str, Any], ...]


class WarehouseUnavailable(Exception):
    """The warehouse file is missing or unreadable; the message is shown to the user as is."""


@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters in warehouse terms; an empty tuple or None means no restriction."""

    provinces: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    scopes: tuple[str, ...] = ()
    evaluations: tuple[str, ...] = ()


def warehouse_path() -> Path:
    """Where the live warehouse is: $CANLIAN_WAREHOUSE, else data/warehouse.duckdb."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)


def warehouse_stamp(path: Path | None = None) -> Stamp | None:
    """Identity of the file on disk now (inode, mtime, size), or None when there is no warehouse."""
    try:
        info = (path or warehouse_path()).stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def warehouse_exists() -> bool:
    """Whether a warehouse file is there to read."""
    return warehouse_stamp() is not None


@dataclass(frozen=True)
class _Reader:
    """A read-only attachment of one warehouse file, as it was when opened (path and stamp)."""

    path: str
    stamp: Stamp
    connection: duckdb.DuckDBPyConnection


_reader: _Reader | None = None


def _open_reader(path: str, stamp: Stamp) -> _Reader:
    connection = duckdb.connect(":memory:")
    # ATTACH takes no bound parameters; the path is the server's own setting, never a URL or widget value, and
    # its quotes are doubled so it stays one SQL string literal.
    quoted = path.replace("'", "''")
    try:
        connection.execute(f"ATTACH '{quoted}' AS warehouse (READ_ONLY)")
    except duckdb.Error:
        connection.close()
        raise
    return _Reader(path, stamp, connection)


def _cursor(path: str, stamp: Stamp) -> duckdb.DuckDBPyConnection:
    """A cursor on the reader of the file at ``path`` with this stamp, opening that reader if needed."""
    global _reader
    with _READER_LOCK:
        if _reader is None or (_reader.path, _reader.stamp) != (path, stamp):
            try:
                _reader = _open_reader(path, stamp)
            except duckdb.Error as error:
                raise WarehouseUnavailable(f"无法打开数据仓库 {path}：{error}") from error
        cursor = _reader.connection.cursor()
    cursor.execute("USE warehouse")  # each cursor starts in the in-memory catalog; the views name bare tables
    return cursor


def _run_query(sql: str, params: Params, path: str, stamp: Stamp) -> pl.DataFrame:
    cursor = _cursor(path, stamp)
    try:
        return cursor.sql(sql, params=dict(params)).pl()
    except duckdb.Error as error:
        raise WarehouseUnavailable(f"数据仓库 {path} 查询失败（可能版本过旧，请重新构建）：{error}") from error
    finally:
        cursor.close()


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached_query(sql: str, params: Params, path: str, stamp: Stamp) -> pl.DataFrame:
    # stamp is part of the cache key only: a swapped-in warehouse has a new stamp, so a new entry.
    return _run_query(sql, params, path, stamp)


def live_warehouse() -> tuple[str, Stamp]:
    """The live warehouse's path and stamp, the key of everything cached from it; WarehouseUnavailable without one."""
    path = warehouse_path()
    stamp = warehouse_stamp(path)
    if stamp is None:
        raise WarehouseUnavailable(f"还没有数据仓库 {path}。请先运行 `{BUILD_COMMAND}` 构建。")
    return str(path), stamp


def fetch(sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
    """Run a constant query with bound parameters on the live warehouse, cached until the file changes."""
    path, stamp = live_warehouse()
    frozen = tuple(sorted((key, _freeze(value)) for key, value in (params or {}).items()))
    return _cached_query(sql, frozen, path, stamp)


def _freeze(value: Any) -> Any:
    # Lists must be hashable for the cache key; DuckDB binds a tuple like a list.
    return list(value) if isinstance(value, (list, tuple)) else value


# Filtered reports: one shape for every combination of filters (empty list = no restriction).
_FILTERED = """
WITH keyed AS (
    SELECT *, coalesce(admin_code, 'n' || left(md5(coalesce(unit_name, '')), 8)) AS unit_code FROM v_reports
),
filtered AS (
    SELECT *
    FROM keyed
    WHERE (len($provinces::VARCHAR[]) = 0 OR list_contains($provinces::VARCHAR[], province_code))
      AND (len($levels::VARCHAR[]) = 0 OR list_contains($levels::VARCHAR[], admin_level))
      AND (len($units::VARCHAR[]) = 0 OR list_contains($units::VARCHAR[], unit_code))
      AND ($year_from::INTEGER IS NULL OR fiscal_year >= $year_from::INTEGER)
      AND ($year_to::INTEGER IS NULL OR fiscal_year <= $year_to::INTEGER)
      AND (len($scopes::VARCHAR[]) = 0 OR list_contains($scopes::VARCHAR[], report_scope))
      AND (len($evaluations::VARCHAR[]) = 0 OR list_contains($evaluations::VARCHAR[], evaluation_type))
)
"""


def _with_filters(body: str) -> str:
    """A query over the filtered reports (the CTE ``filtered``); both parts are constants of this module."""
    return _FILTERED + body


def filter_params(filters: Filters) -> dict[str, Any]:
    """The bound parameters of the shared filter CTE."""
    return {
        "provinces": list(filters.provinces),
        "levels": list(filters.levels),
        "units": list(filters.units),
        "year_from": filters.year_from,
        "year_to": filters.year_to,
        "scopes": list(filters.scopes),
        "evaluations": list(filters.evaluations),
    }


def latest_build() -> pl.DataFrame:
    """The most recent build run: build_id, started_at, finished_at, counts and status (0 or 1 row)."""
    return fetch("SELECT * FROM v_build_runs ORDER BY finished_at DESC NULLS LAST, started_at DESC LIMIT 1")


def load_errors() -> pl.DataFrame:
    """Files the latest builds could not read or parse, with the reason."""
    return fetch("SELECT build_id, file_name, path, stage, reason FROM v_load_errors ORDER BY file_name")


def filter_options() -> pl.DataFrame:
    """Every report's filterable identity (codes and labels), the source of sidebar options and URL validation."""
    return fetch(
        """
        SELECT report_key, coalesce(admin_code, 'n' || left(md5(coalesce(unit_name, '')), 8)) AS unit_code,
               unit_name, province, province_code, admin_level,
               fiscal_year, report_scope, evaluation_type
        FROM v_reports
        ORDER BY province_code NULLS LAST, admin_code NULLS LAST, fiscal_year
        """
    )


def reports(filters: Filters) -> pl.DataFrame:
    """The filtered reports with every figure of v_reports plus unit_code."""
    return fetch(
        _with_filters("SELECT * FROM filtered ORDER BY province_code NULLS LAST, unit_code, fiscal_year, report_key"),
        filter_params(filters),
    )


def execution_rates(filters: Filters) -> pl.DataFrame:
    """Execution rate (stated, else derived) per report, highest first; rows without a rate are left out."""
    return fetch(
        _with_filters(
            """
        SELECT report_key, unit_code, unit_name, fiscal_year, report_scope, project_name,
               execution_rate_best_pct, execution_rate_pct, execution_rate_derived_pct, execution_rate_method,
               budget_initial_wan, budget_adjusted_wan, budget_executed_wan
        FROM filtered
        WHERE execution_rate_best_pct IS NOT NULL
        ORDER BY execution_rate_best_pct DESC, unit_name, fiscal_year
        """
        ),
        filter_params(filters),
    )


def budget_phases(filters: Filters) -> pl.DataFrame:
    """Initial → adjusted → executed budget per report, one row per stated phase."""
    return fetch(
        _with_filters(
            """
        SELECT p.report_key, f.unit_code, f.unit_name, f.fiscal_year, f.report_scope, f.project_name,
               p.phase, p.phase_order, p.amount_wan, f.adjustment_rate_pct
        FROM v_budget_phases p JOIN filtered f USING (report_key)
        ORDER BY f.unit_name, f.fiscal_year, p.report_key, p.phase_order
        """
        ),
        filter_params(filters),
    )


def budget_changes(filters: Filters) -> pl.DataFrame:
    """Budget change from the initial budget per report, largest first: the adjustment rate where the adjusted
    budget is stated, else executed against initial (a report may state only those two)."""
    return fetch(
        _with_filters(
            """
        SELECT report_key, unit_code, unit_name, fiscal_year, report_scope, project_name,
               budget_initial_wan, budget_adjusted_wan, budget_executed_wan, adjustment_rate_pct,
               coalesce(adjustment_rate_pct,
                        (budget_executed_wan - budget_initial_wan) / budget_initial_wan * 100) AS change_pct,
               CASE WHEN adjustment_rate_pct IS NOT NULL THEN 'adjusted' ELSE 'executed' END AS change_basis
        FROM filtered
        WHERE budget_initial_wan > 0 AND (adjustment_rate_pct IS NOT NULL OR budget_executed_wan IS NOT NULL)
        ORDER BY change_pct DESC, unit_name, fiscal_year
        """
        ),
        filter_params(filters),
    )


def dimension_scores(filters: Filters) -> pl.DataFrame:
    """Dimension scores of the filtered reports, with the unit and year they belong to."""
    return fetch(
        _with_filters(
            """
        SELECT d.report_key, f.unit_code, f.unit_name, f.fiscal_year, f.report_scope, d.raw_name, d.canonical,
               d.max_points, d.score, d.score_rate
        FROM v_dimension_scores d JOIN filtered f USING (report_key)
        ORDER BY f.unit_name, f.fiscal_year, d.canonical
        """
        ),
        filter_params(filters),
    )


def spending_items(filters: Filters) -> pl.DataFrame:
    """Spending lines of the filtered reports with their category and kind, in category order."""
    return fetch(
        _with_filters(
            """
        SELECT s.report_key, f.unit_code, f.unit_name, f.fiscal_year, s.name, s.category, s.kind,
               s.budget_wan, s.amount_wan
        FROM v_spending_items s JOIN filtered f USING (report_key)
        ORDER BY coalesce(list_position($categories::VARCHAR[], s.category), 99), s.amount_wan DESC NULLS LAST
        """
        ),
        filter_params(filters) | {"categories": list(CATEGORIES)},
    )


def indicators(
    filters: Filters, level1: str | None = None, search: str = "", missed_only: bool = False
) -> pl.DataFrame:
    """Indicator rows of the filtered reports, optionally of one level-1 group, matching a search, or missed."""
    params = filter_params(filters) | {"level1": level1, "search": search.strip(), "missed_only": missed_only}
    return fetch(
        _with_filters(
            """
        SELECT i.report_key, f.unit_code, f.unit_name, f.fiscal_year, i.row_no, i.goal, i.level1, i.level2,
               i.level3, i.target_text, i.comparator, i.actual_text, i.points, i.score, i.met, i.note
        FROM v_indicators i JOIN filtered f USING (report_key)
        WHERE ($level1::VARCHAR IS NULL OR i.level1 = $level1::VARCHAR)
          AND ($search::VARCHAR = ''
               -- field by field: lower() of one concatenated string per row took 10x as long
               OR contains(lower(i.goal), lower($search::VARCHAR))
               OR contains(lower(i.level1), lower($search::VARCHAR))
               OR contains(lower(i.level2), lower($search::VARCHAR))
               OR contains(lower(i.level3), lower($search::VARCHAR))
               OR contains(lower(i.target_text), lower($search::VARCHAR))
               OR contains(lower(i.actual_text), lower($search::VARCHAR))
               OR contains(lower(i.note), lower($search::VARCHAR)))
          AND (NOT $missed_only::BOOLEAN OR i.met = false)
        ORDER BY f.unit_name, f.fiscal_year, i.report_key, i.row_no
        """
        ),
        params,
    )


def indicator_levels(filters: Filters) -> pl.DataFrame:
    """The level-1 indicator groups present in the filtered reports, with row counts."""
    return fetch(
        _with_filters(
            """
        SELECT i.level1, count(*) AS n
        FROM v_indicators i JOIN filtered f USING (report_key)
        WHERE i.level1 IS NOT NULL
        GROUP BY i.level1 ORDER BY n DESC, i.level1
        """
        ),
        filter_params(filters),
    )


def checks(filters: Filters, severities: tuple[str, ...] = ()) -> pl.DataFrame:
    """Check findings of the filtered reports (errors first), with both evidence snippets."""
    params = filter_params(filters) | {"severities": list(severities)}
    return fetch(
        _with_filters(
            """
        SELECT c.report_key, f.unit_code, f.unit_name, f.fiscal_year, f.report_scope, c.check_id, c.severity,
               c.message, c.field, c.a_snippet, c.a_start, c.a_end, c.b_snippet, c.b_start, c.b_end
        FROM v_checks c JOIN filtered f USING (report_key)
        WHERE len($severities::VARCHAR[]) = 0 OR list_contains($severities::VARCHAR[], c.severity)
        ORDER BY CASE c.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                 f.unit_name, f.fiscal_year, c.check_id
        """
        ),
        params,
    )


def report(report_key: str) -> pl.DataFrame:
    """One report's row of v_reports (0 or 1 row)."""
    return fetch(
        "SELECT *, coalesce(admin_code, 'n' || left(md5(coalesce(unit_name, '')), 8)) AS unit_code "
        "FROM v_reports WHERE report_key = $key",
        {"key": report_key},
    )


def report_facts(report_key: str) -> pl.DataFrame:
    """Every extracted value of one report with its evidence offsets and snippet."""
    return fetch(
        """
        SELECT field, value_num, value_text, method, start_offset, end_offset, snippet, source,
               parsed_value_text, correction_reason, correction_author
        FROM v_facts WHERE report_key = $key
        ORDER BY start_offset NULLS LAST, field
        """,
        {"key": report_key},
    )


def report_document(report_key: str) -> pl.DataFrame:
    """The stored document of one report: path, name, format, size and full text (0 or 1 row)."""
    return fetch(
        "SELECT report_key, path, file_name, sha256, format, size_bytes, parse_status, text "
        "FROM v_documents WHERE report_key = $key",
        {"key": report_key},
    )


def report_checks(report_key: str) -> pl.DataFrame:
    """Check findings of one report."""
    return fetch(
        """
        SELECT check_id, severity, message, field, a_snippet, a_start, a_end, b_snippet, b_start, b_end
        FROM v_checks WHERE report_key = $key
        ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, check_id
        """,
        {"key": report_key},
    )


def report_dimension_scores(report_key: str) -> pl.DataFrame:
    """Dimension scores of one report with their evidence."""
    return fetch(
        "SELECT raw_name, canonical, max_points, score, score_rate, start_offset, end_offset, snippet "
        "FROM v_dimension_scores WHERE report_key = $key ORDER BY start_offset NULLS LAST",
        {"key": report_key},
    )


def report_indicators(report_key: str) -> pl.DataFrame:
    """Indicator rows of one report with their evidence."""
    return fetch(
        "SELECT row_no, level1, level2, level3, target_text, actual_text, points, score, met, note, "
        "start_offset, end_offset, snippet FROM v_indicators WHERE report_key = $key ORDER BY row_no",
        {"key": report_key},
    )


def report_spending_items(report_key: str) -> pl.DataFrame:
    """Spending lines of one report with their evidence."""
    return fetch(
        "SELECT name, category, kind, budget_wan, amount_wan, start_offset, end_offset, snippet "
        "FROM v_spending_items WHERE report_key = $key ORDER BY start_offset NULLS LAST",
        {"key": report_key},
    )


def original_file(path_in_warehouse: str) -> Path | None:
    """The original report file on disk: the stored path (relative to the data folder) looked up in the data
    folder ($CANLIAN_DATA_DIR, else data/), beside the warehouse, or in its data/ folder; None if it is gone."""
    stored = Path(file_of(path_in_warehouse))  # the file of a part ("x.xlsx#2") is the file itself
    base = warehouse_path().resolve().parent
    folders = [Path(os.environ.get(DATA_DIR_ENV) or "data"), base, base / "data"]
    for candidate in [stored, *(folder / stored for folder in folders)]:
        if candidate.is_file():
            return candidate
    return None
