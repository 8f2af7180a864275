"""The warehouse build: tables and views from reports, exact money, incremental reuse, bad files, duplicates, CLI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

import etl
from etl.__main__ import main
from etl.load import report_from_json, report_to_json
from etl.record import Evidence, Fact, Report
from tests.conftest import build, write_report

KUNMING = {
    "unit_name": "昆明市残疾人联合会",
    "admin_code": "530100",
    "admin_level": "prefecture",
    "fiscal_year": 2022,
    "report_scope": "project",
    "budget_initial": 76.1,
    "budget_executed": 44.39,
    "execution_rate_pct": 58.33,
    "score_total": 95.8,
    "score_max": 100,
    "dim": ["项目决策|20|19", "项目管理|20|18.8"],
    "alt": ["score_total=92.9"],
}
CHANGNING = {
    "unit_name": "常宁市残疾人联合会",
    "admin_code": "430482",
    "admin_level": "county",
    "fiscal_year": 2024,
    "report_scope": "department",
    "budget_adjusted": 1598.21,
    "budget_executed": 1598.21,
    "income_total": 1598.21,
    "income_fiscal": 1069.72,
    "income_other": 528.49,
    "spend_total": 1598.21,
    "spend_basic": 217.48,
    "spend_project": 1380.73,
    "item": ["残疾人康复支出|300.5|280.25", "残疾人就业与扶贫支出||100.1", "市残联各机构运行经费预算|50|49.99"],
    "ind": ["培训人数|500|人|≥|520|10|10", "满意度|90|%|≥|85|10|8", "完成率|100|%||100|5|5"],
}


def query(database: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` on a read-only connection, closed before returning."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def two_reports(tmp_path: Path, line_parser: dict[str, int]) -> Path:
    """A data folder with two stand-in reports."""
    data = tmp_path / "data"
    write_report(data, "reports/a_changning.txt", **CHANGNING)
    write_report(data, "reports/b_kunming.txt", **KUNMING)
    return data


def test_build_populates_every_table(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    counts = {
        table: query(database, f"SELECT count(*) FROM {table}")[0][0]
        for table in (
            "documents",
            "reports",
            "budget_amounts",
            "facts",
            "dimension_scores",
            "indicators",
            "spending_items",
            "build_runs",
        )
    }
    assert counts == {
        "documents": 2,
        "reports": 2,
        "budget_amounts": 4,
        "facts": 24,
        "dimension_scores": 2,
        "indicators": 3,
        "spending_items": 3,
        "build_runs": 1,
    }


def test_report_key_is_first_12_hex_of_sha256(two_reports: Path, tmp_path: Path) -> None:
    import hashlib

    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    expected = hashlib.sha256((two_reports / "reports/a_changning.txt").read_bytes()).hexdigest()
    assert query(database, "SELECT report_key, sha256 FROM v_documents WHERE file_name = 'a_changning.txt'") == [
        (expected[:12], expected)
    ]


def test_money_parts_add_up_exactly_in_fen(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    [(total, fiscal, other)] = query(
        database, "SELECT income_total_fen, income_fiscal_fen, income_other_fen FROM reports WHERE admin_code='430482'"
    )
    assert (total, fiscal + other) == (1_598_210_000, 1_598_210_000)
    [(basic, project, spend)] = query(
        database, "SELECT spend_basic_wan, spend_project_wan, spend_total_wan FROM v_reports WHERE admin_code='430482'"
    )
    assert (basic, project, spend) == (217.48, 1380.73, 1598.21)


def test_budget_phases_are_one_measure(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    rows = query(database, "SELECT unit_name, phase, phase_order, amount_wan FROM v_budget_phases ORDER BY 1, 3")
    assert rows == [
        ("常宁市残疾人联合会", "adjusted", 2, 1598.21),
        ("常宁市残疾人联合会", "executed", 3, 1598.21),
        ("昆明市残疾人联合会", "initial", 1, 76.1),
        ("昆明市残疾人联合会", "executed", 3, 44.39),
    ]


def test_execution_rates_stated_and_derived(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    rows = query(
        database,
        "SELECT admin_code, execution_rate_pct, round(execution_rate_derived_pct, 2), "
        "execution_rate_best_pct, execution_rate_method FROM v_reports ORDER BY 1",
    )
    assert rows == [("430482", None, 100.0, 100.0, "derived"), ("530100", 58.33, 58.33, 58.33, "stated")]


def test_division_codes_follow_admin_code(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    rows = query(database, "SELECT admin_code, province_code, prefecture_code FROM v_reports ORDER BY 1")
    assert rows == [("430482", "430000", "430400"), ("530100", "530000", "530100")]


def test_indicators_store_whether_target_met(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    rows = query(database, "SELECT level3, comparator, met FROM v_indicators ORDER BY row_no")
    assert rows == [("培训人数", "≥", True), ("满意度", "≥", False), ("完成率", None, True)]


def test_spending_items_have_categories_and_fen(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    rows = query(database, "SELECT name, category, budget_fen, amount_fen FROM spending_items ORDER BY ordinal")
    assert rows == [
        ("残疾人康复支出", "康复", 300_500_000, 280_250_000),
        ("残疾人就业与扶贫支出", "就业", None, 100_100_000),
        ("市残联各机构运行经费预算", "运行保障", 50_000_000, 49_990_000),
    ]


def test_alternatives_are_kept_out_of_v_facts(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    assert query(database, "SELECT value_num FROM v_facts WHERE field = 'score_total'") == [(95.8,)]
    assert query(database, "SELECT value_num FROM v_fact_alternatives WHERE field = 'score_total'") == [(92.9,)]


def test_evidence_snippet_matches_document_text(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    rows = query(
        database,
        "SELECT f.snippet, substr(d.text, f.start_offset + 1, f.end_offset - f.start_offset) "
        "FROM v_facts f JOIN v_documents d USING (report_key)",
    )
    assert len(rows) == 23
    assert all(snippet == text for snippet, text in rows)


def test_second_build_reuses_every_parse(two_reports: Path, tmp_path: Path, line_parser: dict[str, int]) -> None:
    database = tmp_path / "w.duckdb"
    first = build(two_reports, database)
    calls_after_first = line_parser["calls"]
    second = build(two_reports, database)
    assert (first.parsed, first.reused, calls_after_first) == (2, 0, 2)
    assert (second.parsed, second.reused, line_parser["calls"]) == (0, 2, 2)
    assert query(database, "SELECT parse_status, count(*) FROM documents GROUP BY 1") == [("reused", 2)]
    assert query(database, "SELECT count(*) FROM v_facts") == [(23,)]


def test_full_build_parses_everything_again(two_reports: Path, tmp_path: Path, line_parser: dict[str, int]) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    summary = build(two_reports, database, full=True)
    assert (summary.parsed, summary.reused, line_parser["calls"]) == (2, 0, 4)


def test_changed_file_is_parsed_again(two_reports: Path, tmp_path: Path, line_parser: dict[str, int]) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    write_report(two_reports, "reports/b_kunming.txt", **{**KUNMING, "score_total": 96})
    summary = build(two_reports, database)
    assert (summary.parsed, summary.reused) == (1, 1)
    assert query(database, "SELECT score_total FROM v_reports WHERE admin_code = '530100'") == [(96.0,)]


def test_unchanged_files_are_not_read_again(
    two_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    database = tmp_path / "w.duckdb"
    hour_ago = time.time() - 3600
    for path in (two_reports / "reports").iterdir():
        os.utime(path, (hour_ago, hour_ago))
    build(two_reports, database)
    write_report(two_reports, "reports/b_kunming.txt", **{**KUNMING, "score_total": 96})
    read: list[str] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or read_bytes(self))
    summary = build(two_reports, database)
    # Same path, size and (old) mtime: the recorded sha256 stands. The rewritten file is read, hashed, parsed.
    assert "a_changning.txt" not in read and "b_kunming.txt" in read
    assert (summary.parsed, summary.reused) == (1, 1)
    assert query(database, "SELECT score_total FROM v_reports WHERE admin_code = '530100'") == [(96.0,)]
    read.clear()
    build(two_reports, database, full=True)
    assert "a_changning.txt" in read  # --full trusts nothing of the last build


def test_new_parser_version_parses_again(two_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    monkeypatch.setattr(etl, "PARSER_VERSION", etl.PARSER_VERSION + "-next")
    summary = build(two_reports, database)
    assert (summary.parsed, summary.reused) == (2, 0)


def test_build_runs_keep_history_with_ascii_ids(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    first = build(two_reports, database)
    second = build(two_reports, database)
    rows = query(database, "SELECT build_id, files_seen, parsed, reused, status FROM v_build_runs ORDER BY started_at")
    assert rows == [(first.build_id, 2, 2, 0, "succeeded"), (second.build_id, 2, 0, 2, "succeeded")]
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{4}", second.build_id)


def test_bad_files_become_load_errors_and_good_ones_load(two_reports: Path, tmp_path: Path) -> None:
    (two_reports / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (two_reports / "empty.txt").write_bytes(b"")
    (two_reports / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    database = tmp_path / "w.duckdb"
    summary = build(two_reports, database)
    assert query(database, "SELECT count(*) FROM v_reports") == [(2,)]
    errors = query(database, "SELECT file_name, stage, reason FROM v_load_errors ORDER BY file_name")
    assert [(name, stage) for name, stage, _ in errors] == [
        ("broken.docx", "read"),
        ("empty.txt", "read"),
        ("old.doc", "read"),
    ]
    assert all(reason for _, _, reason in errors)
    assert sorted(path for path, _, _ in summary.failed) == ["broken.docx", "empty.txt", "old.doc"]


def test_parser_crash_is_an_internal_error_of_that_file_only(
    two_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import etl.parse

    parse = etl.parse.parse_with_parts

    def crash_on_kunming(document):
        if "昆明" in document.text:
            raise KeyError("boom")
        return parse(document)

    monkeypatch.setattr(etl.parse, "parse_with_parts", crash_on_kunming)
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    assert query(database, "SELECT unit_name FROM v_reports") == [("常宁市残疾人联合会",)]
    assert query(database, "SELECT path, stage, error_type FROM v_load_errors") == [
        ("reports/b_kunming.txt", "internal", "KeyError")
    ]


def test_byte_identical_copies_load_once(two_reports: Path, tmp_path: Path) -> None:
    copy = two_reports / "copies/a_again.txt"
    copy.parent.mkdir()
    copy.write_bytes((two_reports / "reports/a_changning.txt").read_bytes())
    database = tmp_path / "w.duckdb"
    summary = build(two_reports, database)
    assert summary.duplicates == [("reports/a_changning.txt", "copies/a_again.txt")]
    assert query(database, "SELECT count(*) FROM v_reports") == [(2,)]
    assert query(database, "SELECT path, duplicate_paths FROM v_documents WHERE len(duplicate_paths) > 0") == [
        ("copies/a_again.txt", ["reports/a_changning.txt"])
    ]


def test_same_unit_year_scope_both_load_and_are_flagged(two_reports: Path, tmp_path: Path) -> None:
    write_report(two_reports, "reports/c_changning_revised.txt", **{**CHANGNING, "spend_basic": 217.5})
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    rows = query(database, "SELECT file_name, is_duplicate_identity FROM v_reports ORDER BY file_name")
    assert rows == [("a_changning.txt", True), ("b_kunming.txt", False), ("c_changning_revised.txt", True)]
    flagged = query(database, "SELECT count(DISTINCT report_key) FROM v_checks WHERE check_id = 'duplicate_report'")
    assert flagged == [(2,)]


def test_warehouse_and_corrections_files_are_not_scanned(two_reports: Path) -> None:
    from etl.build import scan_files

    (two_reports / "warehouse.duckdb").write_bytes(b"x")
    (two_reports / "corrections.csv").write_text("report_key,field,value\n", encoding="utf-8")
    (two_reports / ".hidden.txt").write_text("x", encoding="utf-8")
    (two_reports / "~$lock.docx").write_text("x", encoding="utf-8")
    found = scan_files(two_reports, two_reports / "warehouse.duckdb", two_reports / "corrections.csv")
    assert [p.relative_to(two_reports).as_posix() for p in found] == [
        "reports/a_changning.txt",
        "reports/b_kunming.txt",
    ]


def test_parallel_workers_give_the_same_warehouse(two_reports: Path, tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial.duckdb", tmp_path / "parallel.duckdb"
    build(two_reports, serial)
    summary = build(two_reports, parallel, workers=2)
    assert summary.parsed == 2
    sql = "SELECT report_key, field, value_text FROM v_facts ORDER BY ALL"
    assert query(serial, sql) == query(parallel, sql)


def test_cli_reads_defaults_from_environment(
    two_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "env.duckdb"
    monkeypatch.setenv("CANLIAN_DATA_DIR", str(two_reports))
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(database))
    (two_reports / "bad.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert "文件 3 个：新解析 2，复用 0，失败 1，重复副本 0" in out
    assert "bad.xls：[read]" in out
    assert query(database, "SELECT count(*) FROM v_reports") == [(2,)]


def test_cli_fails_without_touching_anything_when_folder_is_missing(tmp_path: Path) -> None:
    assert main(["build", str(tmp_path / "nowhere"), "--db", str(tmp_path / "w.duckdb")]) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "report",
    [
        Report(),
        Report(
            facts={
                "fiscal_year": Fact("fiscal_year", 2024, Evidence(3, 7, "2024")),
                "budget_initial": Fact("budget_initial", 10783.4, Evidence(10, 17, "10783.4", "normalised")),
            },
            alternatives=[Fact("score_total", 92.9, Evidence(1, 2, "x", "derived"))],
            warnings=["列错位"],
        ),
        Report(text_end=120, text_resumes=480),  # its own appendix after the projects' forms
    ],
)
def test_report_json_round_trip(report: Report) -> None:
    assert report_from_json(report_to_json(report)) == report


# --- The seeds, with the real reader, parser and checks (the shared sample_warehouse) --------------------------

SEED_TABLES = (
    "documents",
    "reports",
    "budget_amounts",
    "facts",
    "dimension_scores",
    "indicators",
    "spending_items",
    "breakdowns",
    "checks",
    "build_runs",
)


@pytest.mark.parametrize("table", SEED_TABLES)
def test_seed_warehouse_populates_table(sample_warehouse: Path, table: str) -> None:
    assert query(sample_warehouse, f"SELECT count(*) > 0 FROM {table}") == [(True,)]


def test_seed_warehouse_has_one_report_per_seed_and_no_errors(sample_warehouse: Path) -> None:
    from tests.conftest import SEEDS

    names = query(sample_warehouse, "SELECT file_name FROM v_reports ORDER BY 1")
    assert names == [(seed.name,) for seed in sorted(SEEDS.iterdir())]
    assert query(sample_warehouse, "SELECT count(*) FROM v_load_errors") == [(0,)]


@pytest.mark.parametrize("seed_index", range(5))
def test_seed_warehouse_carries_every_parsed_fact(sample_warehouse: Path, seed_index: int) -> None:
    from etl.parse import parse_file
    from tests.conftest import SEEDS

    seed = sorted(SEEDS.iterdir())[seed_index]
    parsed = parse_file(seed)
    rows = query(
        sample_warehouse,
        "SELECT f.field, f.value_text FROM v_facts f JOIN v_documents d USING (report_key) "
        f"WHERE d.file_name = '{seed.name}' ORDER BY 1",
    )
    assert rows == sorted((name, str(fact.value)) for name, fact in parsed.facts.items())


def test_seed_money_parts_add_up_in_fen(sample_warehouse: Path) -> None:
    # 常宁市 2024: 财政拨款 1069.72 + 其他收入 528.49 = 收入合计 1598.21, and 217.48 + 1380.73 = 支出合计.
    [row] = query(
        sample_warehouse,
        "SELECT income_total_fen, income_fiscal_fen + income_other_fen, spend_total_fen, "
        "spend_basic_fen + spend_project_fen FROM reports WHERE admin_code = '430482'",
    )
    assert row == (1_598_210_000, 1_598_210_000, 1_598_210_000, 1_598_210_000)


def test_seed_budget_phases_of_tianjin(sample_warehouse: Path) -> None:
    rows = query(
        sample_warehouse,
        "SELECT phase, amount_wan FROM v_budget_phases WHERE unit_name = '天津市残疾人联合会' ORDER BY phase_order",
    )
    assert rows == [("initial", 10783.4), ("adjusted", 10986.9), ("executed", 10389.7)]


def test_docs_describe_every_table_view_and_column(sample_warehouse: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "warehouse.md").read_text(encoding="utf-8")
    words = set(re.findall(r"[a-z_0-9]+", docs))
    columns = query(sample_warehouse, "SELECT table_name, column_name FROM information_schema.columns")
    missing = sorted({name for pair in columns for name in pair} - words)
    assert missing == []


def test_unchanged_reports_reuse_their_findings(tmp_path: Path, line_parser: dict[str, int]) -> None:
    data = tmp_path / "data"
    write_report(data, "a.txt", **{**CHANGNING, "execution_rate_pct": 90})
    write_report(data, "b.txt", **KUNMING)
    database = tmp_path / "w.duckdb"
    sql = "SELECT report_key, check_id, message, a_snippet FROM v_checks ORDER BY ALL"
    first = build(data, database)
    findings = query(database, sql)
    second = build(data, database)
    assert (first.checks_reused, second.checks_reused) == (0, 2)
    assert query(database, sql) == findings
    assert "stated_rate_mismatch" in [row[1] for row in findings]


def test_a_new_correction_checks_that_report_again(tmp_path: Path, line_parser: dict[str, int]) -> None:
    data = tmp_path / "data"
    source = write_report(data, "a.txt", **{**CHANGNING, "execution_rate_pct": 90})
    write_report(data, "b.txt", **KUNMING)
    database = tmp_path / "w.duckdb"
    build(data, database)
    key = query(database, "SELECT report_key FROM v_documents WHERE path = 'a.txt'")[0][0]
    assert source.exists()
    (data / "corrections.csv").write_text(f"report_key,field,value\n{key},execution_rate_pct,100\n", encoding="utf-8")
    mismatches = "SELECT count(*) FROM v_checks WHERE check_id = 'stated_rate_mismatch'"
    assert query(database, mismatches) == [(1,)]
    summary = build(data, database)
    assert summary.checks_reused == 1
    assert query(database, mismatches) == [(0,)]


def test_file_gone_before_hashing_is_a_failed_file(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from etl.build import BuildSummary, hash_files

    (tmp_path / "here.txt").write_text("x", encoding="utf-8")
    summary = BuildSummary("id", datetime.now(UTC))
    sources = hash_files([tmp_path / "here.txt", tmp_path / "gone.txt"], tmp_path, summary)
    assert [source.relative for source in sources] == ["here.txt"]
    assert [(path, stage) for path, stage, _ in summary.failed] == [("gone.txt", "read")]


def test_report_that_cannot_become_rows_fails_alone(
    two_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import etl.load

    indicator_rows = etl.load.indicator_rows

    def fail_for_changning(key, report):
        if report.value("admin_code") == "430482":
            raise TypeError("unexpected value type")
        return indicator_rows(key, report)

    monkeypatch.setattr(etl.load, "indicator_rows", fail_for_changning)
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    assert query(database, "SELECT admin_code FROM v_reports") == [("530100",)]
    assert query(database, "SELECT count(*) FROM facts WHERE report_key NOT IN (SELECT report_key FROM reports)") == [
        (0,)
    ]
    assert query(database, "SELECT path, stage, error_type FROM v_load_errors") == [
        ("reports/a_changning.txt", "load", "TypeError")
    ]


def test_seed_rebuild_reuses_every_parse_without_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import etl.parse
    from tests.conftest import copy_seeds

    copy_seeds(tmp_path / "data")
    database = tmp_path / "w.duckdb"
    first = build(tmp_path / "data", database)
    facts = query(database, "SELECT report_key, field, value_text FROM v_facts ORDER BY ALL")

    def must_not_parse(document):
        raise AssertionError(f"parsed again: {document.path}")

    monkeypatch.setattr(etl.parse, "parse_with_parts", must_not_parse)
    second = build(tmp_path / "data", database)
    assert (first.parsed, second.parsed, second.reused, second.checks_reused, len(second.failed)) == (5, 0, 5, 5, 0)
    assert query(database, "SELECT report_key, field, value_text FROM v_facts ORDER BY ALL") == facts


def test_open_read_only_refuses_to_create_a_warehouse(tmp_path: Path) -> None:
    from etl.warehouse import open_read_only

    with pytest.raises(FileNotFoundError, match="数据仓库文件不存在"):
        open_read_only(tmp_path / "missing.duckdb")
    assert list(tmp_path.iterdir()) == []


def test_open_read_only_cannot_write(sample_warehouse: Path) -> None:
    from etl.warehouse import open_read_only

    con = open_read_only(sample_warehouse)
    try:
        assert con.execute("SELECT count(*) FROM v_reports").fetchall() == [(5,)]
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM reports")
    finally:
        con.close()


def test_file_that_kills_its_worker_fails_alone(
    two_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import etl.parse

    parse = etl.parse.parse_with_parts

    def die_on_kunming(document):
        if "昆明" in document.text:
            os._exit(1)  # a worker process dying, as on out-of-memory
        return parse(document)

    monkeypatch.setattr(etl.parse, "parse_with_parts", die_on_kunming)
    database = tmp_path / "w.duckdb"
    build(two_reports, database, workers=2)
    assert query(database, "SELECT admin_code FROM v_reports") == [("430482",)]
    assert query(database, "SELECT path, error_type FROM v_load_errors") == [
        ("reports/b_kunming.txt", "BrokenProcessPool")
    ]


def test_removed_file_leaves_the_warehouse(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    (two_reports / "reports/b_kunming.txt").unlink()
    summary = build(two_reports, database)
    assert (summary.files_seen, summary.reused) == (1, 1)
    assert query(database, "SELECT admin_code FROM v_reports") == [("430482",)]
    assert query(database, "SELECT count(*) FROM facts WHERE report_key NOT IN (SELECT report_key FROM reports)") == [
        (0,)
    ]


def test_summary_lists_failures_copies_and_unmatched_corrections() -> None:
    from datetime import UTC, datetime

    from etl.build import BuildOptions, BuildSummary, format_summary
    from etl.corrections import Correction

    summary = BuildSummary("20261123T121500Z-3f2a", datetime.now(UTC), files_seen=4, parsed=2)
    summary.failed.append(("old.doc", "read", "旧版 Word 格式（.doc）无法读取"))
    summary.duplicates.append(("copy/a.txt", "a.txt"))
    summary.corrections_unmatched.append(Correction(3, "ffffffffffff", "grade", "优", problem="没有报告"))
    text = format_summary(summary, BuildOptions(Path("data"), Path("w.duckdb"), Path("data/corrections.csv")))
    assert text.splitlines()[:8] == [
        "数据仓库已更新：w.duckdb（构建编号 20261123T121500Z-3f2a）",
        "文件 4 个：新解析 2，复用 0，失败 1，重复副本 1",
        "失败的文件：",
        "  old.doc：[read] 旧版 Word 格式（.doc）无法读取",
        "重复副本（内容相同，只载入一次）：",
        "  copy/a.txt = a.txt",
        "更正：已应用 0，未匹配 1",
        "  第 3 行 ffffffffffff grade：没有报告",
    ]


COMPARED_VIEWS = (
    "v_reports",
    "v_budget_phases",
    "v_facts",
    "v_fact_alternatives",
    "v_dimension_scores",
    "v_indicators",
    "v_spending_items",
    "v_checks",
    "v_corrections",
)


def test_unchanged_reports_are_copied_without_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import etl.load
    from tests.conftest import copy_seeds

    copy_seeds(tmp_path / "data")
    database = tmp_path / "w.duckdb"
    build(tmp_path / "data", database)
    before = {view: query(database, f"SELECT * FROM {view} ORDER BY ALL") for view in COMPARED_VIEWS}

    def must_not_decode(text):
        raise AssertionError("an unchanged report was decoded")

    monkeypatch.setattr(etl.load, "report_from_json", must_not_decode)
    build(tmp_path / "data", database)
    assert {view: query(database, f"SELECT * FROM {view} ORDER BY ALL") for view in COMPARED_VIEWS} == before
    assert query(database, "SELECT count(*) FROM v_documents WHERE text IS NULL") == [(0,)]


def test_incremental_warehouse_equals_a_full_rebuild(tmp_path: Path) -> None:
    from tests.conftest import SEEDS, copy_seeds

    data = tmp_path / "data"
    seeds = copy_seeds(data)
    incremental, full = tmp_path / "incremental.duckdb", tmp_path / "full.duckdb"
    build(data, incremental)
    key = query(incremental, "SELECT report_key FROM v_reports WHERE admin_code = '430482'")[0][0]
    # Changes between builds: a correction, a revised copy of one report (same unit, year, scope), a removed file.
    (data / "corrections.csv").write_text(
        f"report_key,field,value,reason\n{key},execution_rate_pct,100,笔误\n", encoding="utf-8"
    )
    revised = sorted(SEEDS.iterdir())[4]
    (data / "revised.txt").write_bytes(revised.read_bytes() + "\n（修订版）\n".encode())
    seeds[1].unlink()
    # …and kept documents whose rows change: a moved file and a new byte-identical copy of another.
    (data / "moved").mkdir()
    seeds[2].rename(data / "moved" / seeds[2].name)
    (data / "copy.txt").write_bytes(seeds[3].read_bytes())
    build(data, incremental)
    build(data, full, full=True)
    for view in COMPARED_VIEWS:
        assert query(incremental, f"SELECT * FROM {view} ORDER BY ALL") == query(
            full, f"SELECT * FROM {view} ORDER BY ALL"
        ), view
    assert query(incremental, "SELECT count(*) FROM v_reports WHERE is_duplicate_identity") == [(2,)]
    documents = "SELECT * EXCLUDE (parse_status, build_id) FROM documents ORDER BY report_key"
    assert query(incremental, documents) == query(full, documents)
    assert query(incremental, "SELECT path, duplicate_paths FROM documents WHERE path LIKE 'moved/%'") == [
        (f"moved/{seeds[2].name}", [])
    ]
    copies = query(incremental, "SELECT list_prepend(path, duplicate_paths) FROM documents WHERE duplicate_paths <> []")
    assert [sorted(paths) for (paths,) in copies] == [sorted(["copy.txt", seeds[3].relative_to(data).as_posix()])]


def test_rows_built_by_parse_workers_equal_rows_built_in_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import etl.build
    from tests.conftest import SEEDS, copy_seeds

    data = tmp_path / "data"
    copy_seeds(data)
    revised = sorted(SEEDS.iterdir())[4]  # same unit, year and scope: both flagged is_duplicate_identity
    (data / "revised.txt").write_bytes(revised.read_bytes() + "\n（修订版）\n".encode())
    by_workers, by_main = tmp_path / "workers.duckdb", tmp_path / "main.duckdb"
    build(data, by_workers, workers=2)
    monkeypatch.setattr(etl.build, "_tables_as_parsed", lambda key, report: None)
    build(data, by_main)
    for view in COMPARED_VIEWS:
        assert query(by_workers, f"SELECT * FROM {view} ORDER BY ALL") == query(
            by_main, f"SELECT * FROM {view} ORDER BY ALL"
        ), view
    assert query(by_workers, "SELECT count(*) FROM v_reports WHERE is_duplicate_identity") == [(2,)]


def test_empty_folder_builds_an_empty_warehouse_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    database = tmp_path / "w.duckdb"
    summary = build(tmp_path / "data", database)
    assert summary.files_seen == 0
    assert summary.notes[0].startswith("文件夹")
    assert query(database, "SELECT count(*) FROM v_reports") == [(0,)]


def test_parser_version_follows_the_parser_code(tmp_path: Path) -> None:
    import shutil

    package = Path(etl.__file__).parent
    copy = Path(shutil.copytree(package, tmp_path / "etl", ignore=shutil.ignore_patterns("__pycache__")))
    assert etl.parser_code_digest(copy) == etl.parser_code_digest() == etl.PARSER_VERSION.split("+")[1]
    (copy / "build.py").write_text("# not part of a parse\n", encoding="utf-8")
    assert etl.parser_code_digest(copy) == etl.parser_code_digest()
    rule = copy / "parse" / "money.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    assert etl.parser_code_digest(copy) != etl.parser_code_digest()


def test_checks_crash_is_a_check_error_and_the_report_still_loads(
    two_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import etl.validate

    run_checks = etl.validate.run_checks

    def crash_on_kunming(report, text):
        if "昆明" in text:
            raise ZeroDivisionError("boom")
        return run_checks(report, text)

    monkeypatch.setattr(etl.validate, "run_checks", crash_on_kunming)
    database = tmp_path / "w.duckdb"
    summary = build(two_reports, database)
    assert query(database, "SELECT count(*) FROM v_reports") == [(2,)]
    assert query(database, "SELECT path, stage, error_type FROM v_load_errors") == [
        ("reports/b_kunming.txt", "check", "ZeroDivisionError")
    ]
    assert any("检查出错 ZeroDivisionError" in note for note in summary.notes)


def test_findings_made_while_parsing_are_not_counted_as_reused(two_reports: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    assert build(two_reports, database).checks_reused == 0
    assert build(two_reports, database).checks_reused == 2


def test_copies_of_a_failed_file_are_load_errors_too(two_reports: Path, tmp_path: Path) -> None:
    (two_reports / "empty.txt").write_bytes(b"")
    (two_reports / "empty copy.docx").write_bytes(b"")
    database = tmp_path / "w.duckdb"
    build(two_reports, database)
    errors = query(database, "SELECT path, stage, reason FROM v_load_errors ORDER BY path")
    assert [(path, stage) for path, stage, _ in errors] == [("empty copy.docx", "read"), ("empty.txt", "read")]
    assert "内容相同" not in errors[0][2]
    assert errors[1][2] == errors[0][2] + "（与 empty copy.docx 内容相同）"
    assert query(database, "SELECT count(*) FROM v_reports") == [(2,)]


def test_inserts_bound_as_lists_store_what_arrow_frames_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import etl.load
    from tests.conftest import copy_seeds

    data = tmp_path / "data"
    copy_seeds(data)
    bound, framed = tmp_path / "bound.duckdb", tmp_path / "framed.duckdb"
    build(data, bound)  # five reports: every table is small enough to bind
    monkeypatch.setattr(etl.load, "BOUND_INSERT_MAX_ROWS", 0)
    build(data, framed)
    for view in (*COMPARED_VIEWS, "v_documents"):
        assert query(bound, f"SELECT * FROM {view} ORDER BY ALL") == query(framed, f"SELECT * FROM {view} ORDER BY ALL")


def test_a_small_rebuild_never_imports_polars(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import copy_seeds

    seeds = copy_seeds(tmp_path / "data")
    database = tmp_path / "w.duckdb"
    build(tmp_path / "data", database)
    seeds[0].write_bytes(seeds[0].read_bytes() + "\n（改动一行）\n".encode())
    script = (
        "import sys; from etl.__main__ import main; "
        f"code = main(['build', {str(tmp_path / 'data')!r}, '--db', {str(database)!r}]); "
        "print(code, sorted(name for name in ('polars', 'pyarrow') if name in sys.modules))"
    )
    repo = Path(etl.__file__).parent.parent
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=repo, check=False)
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr
    assert query(database, "SELECT parsed, reused FROM build_runs ORDER BY started_at DESC LIMIT 1") == [(1, 4)]


def test_a_patched_warehouse_gets_new_views_when_views_sql_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import etl.load
    from tests.conftest import copy_seeds

    seeds = copy_seeds(tmp_path / "data")
    database = tmp_path / "w.duckdb"
    build(tmp_path / "data", database)
    con = duckdb.connect(str(database))
    con.execute("CREATE OR REPLACE VIEW v_corrections AS SELECT 1 AS made_by_an_older_views_sql")
    con.close()
    seeds[0].write_bytes(seeds[0].read_bytes() + "\n（改动一行）\n".encode())
    build(tmp_path / "data", database)  # same views.sql as the build that wrote the file: views left alone
    assert query(database, "SELECT * FROM v_corrections") == [(1,)]
    real_digest = etl.load.views_digest()
    monkeypatch.setattr(etl.load, "views_digest", lambda: "0" * 64)
    seeds[0].write_bytes(seeds[0].read_bytes() + "\n（再改一行）\n".encode())
    summary = build(tmp_path / "data", database)
    assert (summary.parsed, summary.reused) == (1, 4)
    assert query(database, "SELECT count(*) FROM v_corrections") == [(0,)]
    recorded = query(database, "SELECT views_sha256 FROM build_runs ORDER BY started_at")
    assert recorded == [(real_digest,), (real_digest,), ("0" * 64,)]


@pytest.mark.parametrize("name", ["reports; DROP TABLE reports", "Reports", "facts--", ""])
def test_only_plain_names_are_written_into_the_builds_sql(name: str) -> None:
    import duckdb

    from etl.load import _insert

    with duckdb.connect() as con, pytest.raises(ValueError, match="not a table or column name of ours"):
        _insert(con, name, [{"report_key": "a"}])
    with duckdb.connect() as con, pytest.raises(ValueError, match="not a table or column name of ours"):
        _insert(con, "documents", [{name: "a"}])


def project_workbook(folder: Path, projects: list[tuple[str, float, float, float]], suffix: str = ".xlsx") -> Path:
    """A workbook of projects' 自评表, one per sheet, in ``folder``/reports (Excel 97–2003 for ``suffix`` .xls)."""
    from tests.filemakers import make_xls, make_xlsx, project_sheet

    (folder / "reports").mkdir(parents=True, exist_ok=True)
    sheets = {f"表{number}": project_sheet(*project) for number, project in enumerate(projects, start=1)}
    make = make_xls if suffix == ".xls" else make_xlsx
    return make(folder / "reports", sheets, name="projects" + suffix)


def test_an_old_word_document_loads_with_its_figures_quoted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "doc" / "scoring_table_merged_levels.doc", data / "report.doc")
    database = tmp_path / "w.duckdb"
    summary = build(data, database)
    assert (summary.parsed, summary.failed) == (1, [])
    sql = "SELECT format, score_total, (SELECT count(*) FROM v_indicators) FROM v_reports"
    assert query(database, sql) == [("doc", 92.5, 19)]
    # every fact quotes the text read from the .doc
    bad = "SELECT count(*) FROM v_facts f JOIN v_documents d USING (report_key) "
    bad += "WHERE substr(d.text, f.start_offset + 1, f.end_offset - f.start_offset) <> f.snippet"
    assert query(database, bad) == [(0,)]


def test_an_old_excel_workbook_of_projects_forms_loads_like_a_new_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    project_workbook(data, PROJECTS, suffix=".xls")
    database = tmp_path / "w.duckdb"
    summary = build(data, database)
    assert (summary.files_seen, summary.parsed, summary.failed) == (1, 3, [])
    rows = query(database, PARTS_SQL.replace("d.path, ", "d.path, d.format, "))
    assert [row[:4] for row in rows] == [
        ("reports/projects.xls", "xls", "parsed", "残疾儿童康复救助"),
        ("reports/projects.xls#2", "xls", "parsed", "残疾人就业培训"),
        ("reports/projects.xls#3", "xls", "parsed", "残疾人托养服务"),
    ]
    assert [row[4:] for row in rows] == [(64_000_000, 96.7), (20_000_000, 88.0), (30_000_000, 99.0)]


PROJECTS = [
    ("残疾儿童康复救助", 64.0, 62.1, 96.7),
    ("残疾人就业培训", 20.0, 18.0, 88.0),
    ("残疾人托养服务", 30.0, 30.0, 99.0),
]
PARTS_SQL = (
    "SELECT d.path, d.parse_status, r.project_name, b.amount_fen, r.score_total "
    "FROM documents d JOIN reports r USING (report_key) JOIN budget_amounts b USING (report_key) "
    "WHERE b.phase = 'adjusted' ORDER BY d.path"
)


def test_a_workbook_of_projects_forms_is_one_report_per_form_and_rebuilds_reuse_them(tmp_path: Path) -> None:
    from etl.build import BuildOptions, format_summary

    data = tmp_path / "data"
    project_workbook(data, PROJECTS)
    database = tmp_path / "w.duckdb"
    summary = build(data, database)
    assert (summary.files_seen, summary.parsed, summary.parts, summary.failed) == (1, 3, 2, [])
    assert "多读出 2 份（路径后加 #2、#3…）" in format_summary(summary, BuildOptions(data, database, data / "c.csv"))
    rows = [
        ("reports/projects.xlsx", "parsed", "残疾儿童康复救助", 64_000_000, 96.7),
        ("reports/projects.xlsx#2", "parsed", "残疾人就业培训", 20_000_000, 88.0),
        ("reports/projects.xlsx#3", "parsed", "残疾人托养服务", 30_000_000, 99.0),
    ]
    assert query(database, PARTS_SQL) == rows
    # every part quotes its own text
    bad = query(
        database,
        "SELECT count(*) FROM facts f JOIN documents d USING (report_key) "
        "WHERE f.snippet <> substr(d.text, f.start_offset + 1, f.end_offset - f.start_offset)",
    )
    assert bad == [(0,)]
    keys = query(database, "SELECT report_key FROM documents ORDER BY path")
    again = build(data, database)
    assert (again.parsed, again.reused, again.parts) == (0, 3, 2)
    assert query(database, PARTS_SQL) == [(path, "reused", *rest) for path, _, *rest in rows]
    assert query(database, "SELECT report_key FROM documents ORDER BY path") == keys


def test_a_correction_to_a_files_second_report_and_a_shorter_workbook(tmp_path: Path) -> None:
    data = tmp_path / "data"
    project_workbook(data, PROJECTS)
    database = tmp_path / "w.duckdb"
    build(data, database)
    (second,) = query(database, "SELECT report_key FROM documents WHERE path = 'reports/projects.xlsx#2'")[0]
    (data / "corrections.csv").write_text(f"report_key,field,value\n{second},score_total,89\n", encoding="utf-8")
    summary = build(data, database)
    assert (summary.corrections_applied, summary.corrections_unmatched) == (1, [])
    assert query(database, f"SELECT score_total FROM reports WHERE report_key = '{second}'") == [(89.0,)]
    # moved: its parts move with it, as a full build would store them
    (data / "moved").mkdir()
    (data / "reports" / "projects.xlsx").rename(data / "moved" / "projects.xlsx")
    build(data, database)
    build(data, tmp_path / "full.duckdb", full=True)
    documents = "SELECT * EXCLUDE (parse_status, build_id) FROM documents ORDER BY report_key"
    assert query(database, documents) == query(tmp_path / "full.duckdb", documents)
    for view in COMPARED_VIEWS:
        assert query(database, f"SELECT * FROM {view} ORDER BY ALL") == query(
            tmp_path / "full.duckdb", f"SELECT * FROM {view} ORDER BY ALL"
        ), view
    assert [path for (path,) in query(database, "SELECT path FROM documents ORDER BY path")] == [
        "moved/projects.xlsx",
        "moved/projects.xlsx#2",
        "moved/projects.xlsx#3",
    ]
    (data / "moved" / "projects.xlsx").rename(data / "reports" / "projects.xlsx")
    # the workbook rewritten with two forms: its old parts go, its new ones come
    project_workbook(data, PROJECTS[1:])
    build(data, database)
    assert [row[:3] for row in query(database, PARTS_SQL)] == [
        ("reports/projects.xlsx", "parsed", "残疾人就业培训"),
        ("reports/projects.xlsx#2", "parsed", "残疾人托养服务"),
    ]


def test_the_original_file_of_a_part_is_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import queries

    data = tmp_path / "data"
    workbook = project_workbook(data, PROJECTS)
    monkeypatch.setenv("CANLIAN_DATA_DIR", str(data))
    assert queries.original_file("reports/projects.xlsx#2") == data / "reports" / "projects.xlsx"
    assert queries.original_file("reports/projects.xlsx") == workbook
    assert queries.original_file("reports/gone.xlsx#2") is None


def test_a_later_form_without_unit_or_year_is_stored_with_the_first_forms(tmp_path: Path) -> None:
    from tests.filemakers import make_xlsx, project_sheet

    (tmp_path / "data" / "reports").mkdir(parents=True)
    bare = [row for row in project_sheet(*PROJECTS[1]) if row[0] != "主管部门"]
    bare[0] = ["项目支出绩效自评表"]
    make_xlsx(tmp_path / "data" / "reports", {"一": project_sheet(*PROJECTS[0]), "二": bare}, name="projects.xlsx")
    build(tmp_path / "data", tmp_path / "w.duckdb")
    rows = query(
        tmp_path / "w.duckdb",
        "SELECT d.path, r.unit_name, r.fiscal_year, r.admin_code FROM documents d JOIN reports r USING (report_key) "
        "ORDER BY d.path",
    )
    assert rows == [
        ("reports/projects.xlsx", "宁乡市残疾人联合会", 2023, "430182"),
        ("reports/projects.xlsx#2", "宁乡市残疾人联合会", 2023, "430182"),
    ]
    missing = query(tmp_path / "w.duckdb", "SELECT count(*) FROM checks WHERE check_id = 'missing_identity'")
    assert missing == [(0,)]
