"""Analysts' corrections: read (BOM, malformed rows), apply (parsed value kept), report the unmatched, round trip."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.corrections import apply_corrections, read_corrections, typed_value
from etl.record import Evidence, Fact, Report
from tests.conftest import build, write_report

HEADER = "report_key,field,value,reason,author,date\n"


def write_csv(path: Path, body: str, bom: bool = False) -> Path:
    """A corrections file with the standard header."""
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + (HEADER + body).encode("utf-8"))
    return path


def report(**values: float | int | str) -> Report:
    """A report holding ``values`` as facts, each with a small evidence span."""
    return Report(facts={name: Fact(name, value, Evidence(0, 4, "snip")) for name, value in values.items()})


@pytest.mark.parametrize("bom", [False, True])
def test_reads_rows_with_or_without_bom(tmp_path: Path, bom: bool) -> None:
    path = write_csv(tmp_path / "c.csv", 'abc123def456,budget_executed,"1,598.21",表格误读,张三,2026-11-20\n', bom)
    [row] = read_corrections(path)
    assert (row.row_no, row.report_key, row.field, row.typed_value, row.author, row.problem) == (
        2,
        "abc123def456",
        "budget_executed",
        1598.21,
        "张三",
        None,
    )


def test_missing_file_means_no_corrections(tmp_path: Path) -> None:
    assert read_corrections(tmp_path / "absent.csv") == []


@pytest.mark.parametrize(
    ("body", "problem_start"),
    [
        ("k,budget_executed,12\n,extra,cells,here,too,many,x\n", "格式错误：第 3 行有 7 列"),
        ("k,no_such_field,1,,,\n", "字段 no_such_field 不存在"),
        ("k,budget_executed,一千,,,\n", "格式错误：字段 budget_executed 需要数字"),
        ("k,grade,优秀,,,\n", "格式错误：字段 grade 的值须为"),
        (",budget_executed,1,,,\n", "格式错误：report_key 和 field 不能为空"),
        ("k,unit_name,,,,\n", "格式错误：value 为空"),
    ],
)
def test_malformed_rows_are_reported_not_raised(tmp_path: Path, body: str, problem_start: str) -> None:
    rows = read_corrections(write_csv(tmp_path / "c.csv", body))
    problems = [row.problem for row in rows if row.problem]
    assert len(problems) == 1
    assert problems[0].startswith(problem_start)


def test_header_without_required_columns_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("key,what\nabc,def\n", encoding="utf-8")
    [row] = read_corrections(path)
    assert (row.status, row.problem) == ("unmatched", "更正文件表头缺少列：report_key、field、value")


def test_file_that_is_not_utf8_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(HEADER.encode() + "k,unit_name,天津市残联\n".encode("gb18030"))
    [row] = read_corrections(path)
    assert row.problem.startswith("更正文件无法读取")


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("budget_executed", "1,598.21", 1598.21),
        ("budget_executed", "１５９８．２１", 1598.21),
        ("execution_rate_pct", "94.56%", 94.56),
        ("fiscal_year", "2024", 2024),
        ("unit_name", "天津市残疾人联合会", "天津市残疾人联合会"),
    ],
)
def test_typed_value(field: str, text: str, expected: float | int | str) -> None:
    assert typed_value(field, text) == expected


def test_typed_value_rejects_text_for_a_number() -> None:
    with pytest.raises(ValueError):
        typed_value("score_total", "九十三")


def test_apply_replaces_value_and_keeps_parsed(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", "k1,execution_rate_pct,100,,,\nk1,fiscal_year,2024,,,\nzz,grade,优,,,\n")
    corrected, applied, outcomes = apply_corrections({"k1": report(execution_rate_pct=90)}, read_corrections(path))
    assert corrected["k1"].value("execution_rate_pct") == 100.0
    assert corrected["k1"].value("fiscal_year") == 2024  # a field the parser missed can be supplied
    assert applied["k1"]["execution_rate_pct"].parsed_value == 90
    assert [(o.status, o.report_key) for o in outcomes] == [("applied", "k1"), ("applied", "k1"), ("unmatched", "zz")]


def test_later_row_wins_and_earlier_is_reported() -> None:
    from etl.corrections import Correction

    rows = [Correction(2, "k1", "grade", "良", typed_value="良"), Correction(3, "k1", "grade", "中", typed_value="中")]
    corrected, _, outcomes = apply_corrections({"k1": report(grade="优")}, rows)
    assert corrected["k1"].value("grade") == "中"
    assert [(o.row_no, o.status) for o in outcomes] == [(2, "unmatched"), (3, "applied")]
    assert outcomes[0].problem == "被第 3 行的更正覆盖"


def test_original_report_is_not_mutated(tmp_path: Path) -> None:
    original = report(grade="优")
    path = write_csv(tmp_path / "c.csv", "k1,grade,良,,,\n")
    apply_corrections({"k1": original}, read_corrections(path))
    assert original.value("grade") == "优"


def test_corrections_round_trip_through_the_build(tmp_path: Path, line_parser: dict[str, int]) -> None:
    data = tmp_path / "data"
    source = write_report(
        data,
        "a.txt",
        unit_name="常宁市残疾人联合会",
        fiscal_year=2024,
        report_scope="department",
        budget_adjusted=1598.21,
        budget_executed=1598.21,
        execution_rate_pct=90,
    )
    import hashlib

    key = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    database = tmp_path / "w.duckdb"
    build(data, database)
    con = duckdb.connect(str(database), read_only=True)
    before = con.execute("SELECT count(*) FROM v_checks WHERE check_id = 'stated_rate_mismatch'").fetchall()
    con.close()
    assert before == [(1,)]
    write_csv(
        data / "corrections.csv",
        f"{key},execution_rate_pct,100,原文笔误,李四,2026-11-20\n"
        f'{key},budget_executed,"1,598.21",核对决算,李四,2026-11-20\n'
        "ffffffffffff,grade,优,旧文件,王五,2026-01-01\n"
        f"{key},no_such_field,1,,,\n"
        "broken,row\n",
    )
    summary = build(data, database)
    con = duckdb.connect(str(database), read_only=True)
    try:
        fact = con.execute(
            "SELECT value_num, source, parsed_value_text, correction_reason, correction_author "
            "FROM v_facts WHERE field = 'execution_rate_pct'"
        ).fetchall()
        rate = con.execute("SELECT execution_rate_pct FROM v_reports").fetchall()
        statuses = con.execute("SELECT row_no, status, problem IS NULL FROM v_corrections ORDER BY row_no").fetchall()
        mismatch = con.execute("SELECT count(*) FROM v_checks WHERE check_id = 'stated_rate_mismatch'").fetchall()
    finally:
        con.close()
    assert fact == [(100.0, "corrected", "90", "原文笔误", "李四")]
    assert rate == [(100.0,)]
    assert statuses == [
        (2, "applied", True),
        (3, "applied", True),
        (4, "unmatched", False),
        (5, "unmatched", False),
        (6, "unmatched", False),
    ]
    assert (summary.corrections_applied, len(summary.corrections_unmatched)) == (2, 3)
    assert mismatch == [(0,)]  # checks ran on the corrected report


def test_unmatched_corrections_are_reported_on_every_build(tmp_path: Path, line_parser: dict[str, int]) -> None:
    data = tmp_path / "data"
    write_report(data, "a.txt", unit_name="常宁市残疾人联合会")
    write_csv(data / "corrections.csv", "ffffffffffff,grade,优,旧文件,王五,2026-01-01\n")
    database = tmp_path / "w.duckdb"
    first, second = build(data, database), build(data, database)
    assert [c.row_no for c in first.corrections_unmatched] == [c.row_no for c in second.corrections_unmatched] == [2]
