"""A build that fails or is killed leaves the live warehouse byte-identical; readers never block a build."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import etl.load
from etl.__main__ import main
from tests.conftest import build, write_report

REPO = Path(__file__).resolve().parent.parent
KILL_POINTS = ("scan", "parse", "table:documents", "table:facts", "load", "checkpoint", "swap")


def sha256(path: Path) -> str:
    """Digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count_reports(database: Path) -> int:
    """Number of rows of v_reports, on a connection closed before returning."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM v_reports").fetchone()[0]
    finally:
        con.close()


def leftovers(database: Path) -> list[str]:
    """Files beside the live warehouse other than itself."""
    return sorted(p.name for p in database.parent.iterdir() if p.name != database.name)


@pytest.fixture
def built(tmp_path: Path, line_parser: dict[str, int]) -> tuple[Path, Path]:
    """A data folder with two reports and a live warehouse built from them (in its own folder)."""
    data = tmp_path / "data"
    write_report(
        data,
        "a.txt",
        unit_name="常宁市残疾人联合会",
        fiscal_year=2024,
        report_scope="department",
        budget_adjusted=1598.21,
        budget_executed=1598.21,
    )
    write_report(
        data,
        "b.txt",
        unit_name="昆明市残疾人联合会",
        fiscal_year=2022,
        report_scope="project",
        budget_initial=76.1,
        budget_executed=44.39,
    )
    database = tmp_path / "live" / "warehouse.duckdb"
    build(data, database)
    return data, database


def add_third_report(data: Path) -> None:
    """A new report, so the next build's warehouse differs from the live one."""
    write_report(
        data,
        "c.txt",
        unit_name="天津市残疾人联合会",
        fiscal_year=2023,
        report_scope="department",
        budget_initial=10783.4,
    )


@pytest.mark.parametrize("failing_table", ["documents", "checks", "build_runs"])
def test_failed_build_keeps_live_warehouse(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, failing_table: str
) -> None:
    data, database = built
    before = sha256(database)
    add_third_report(data)
    insert = etl.load._insert

    def insert_then_fail(con, table, rows):
        if table == failing_table:
            raise RuntimeError("disk full (simulated)")
        insert(con, table, rows)

    monkeypatch.setattr(etl.load, "_insert", insert_then_fail)
    with pytest.raises(RuntimeError):
        build(data, database)
    assert sha256(database) == before
    assert leftovers(database) == []
    assert count_reports(database) == 2


def test_failed_build_exits_non_zero_and_says_live_is_kept(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data, database = built
    before = sha256(database)

    def fail(*args, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr(etl.load, "write_database", fail)
    assert main(["build", str(data), "--db", str(database)]) == 1
    assert "数据仓库构建失败，原数据仓库未改动" in capsys.readouterr().err
    assert sha256(database) == before


def test_failed_first_build_leaves_no_file(
    tmp_path: Path, line_parser: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    write_report(data, "a.txt", unit_name="常宁市残疾人联合会")
    database = tmp_path / "live" / "warehouse.duckdb"
    monkeypatch.setattr(etl.load, "_insert", lambda con, table, rows: (_ for _ in ()).throw(RuntimeError("x")))
    with pytest.raises(RuntimeError):
        build(data, database)
    assert list(database.parent.iterdir()) == []


def start_paused_build(data: Path, database: Path, point: str) -> subprocess.Popen[str]:
    """`python -m etl build` in a child process that stops at ``point`` (it says so on stderr)."""
    env = {
        **os.environ,
        "CANLIAN_TEST_PAUSE_AFTER": point,
        "CANLIAN_TEST_PAUSE_SECONDS": "120",
        "PYTHONPATH": str(REPO),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "etl", "build", str(data), "--db", str(database)],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    for line in child.stderr:
        if line.strip() == f"PAUSED {point}":
            return child
    child.wait()
    raise AssertionError(f"build ended (exit {child.returncode}) before reaching {point}")


@pytest.mark.parametrize("point", KILL_POINTS)
def test_killed_build_keeps_live_warehouse_and_next_build_succeeds(built: tuple[Path, Path], point: str) -> None:
    data, database = built
    before = sha256(database)
    add_third_report(data)
    child = start_paused_build(data, database, point)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert sha256(database) == before
    assert count_reports(database) == 2
    summary = build(data, database)
    assert count_reports(database) == 3
    assert leftovers(database) == []
    assert (summary.stale_removed > 0) == (point not in ("scan", "parse"))


def test_temp_file_of_a_running_build_is_not_cleaned(built: tuple[Path, Path]) -> None:
    data, database = built
    alive = database.with_name(f"{database.name}.build-1-abcd.tmp")  # pid 1 is always alive
    dead = database.with_name(f"{database.name}.build-999999999-abcd.tmp")
    alive.write_bytes(b"in progress")
    dead.write_bytes(b"killed")
    build(data, database)
    assert leftovers(database) == [alive.name]


READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM v_reports").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("SELECT count(*) FROM v_reports").fetchone()[0], flush=True)
"""


def test_reader_holding_live_file_does_not_block_build(built: tuple[Path, Path]) -> None:
    data, database = built
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(database)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().strip() == "2"
        add_third_report(data)
        started = time.monotonic()
        build(data, database)
        assert time.monotonic() - started < 30
        reader.stdin.write("\n")
        reader.stdin.flush()
        seen_during_build = int(reader.stdout.readline())
    finally:
        reader.kill()
        reader.wait()
    assert seen_during_build in (2, 3)
    assert count_reports(database) == 3


def test_warehouse_of_an_older_schema_is_still_reused(built: tuple[Path, Path], line_parser: dict[str, int]) -> None:
    data, database = built
    con = duckdb.connect(str(database))
    con.execute("ALTER TABLE documents DROP COLUMN checks_key")
    con.execute("ALTER TABLE build_runs ADD COLUMN retired VARCHAR")
    con.close()
    calls = line_parser["calls"]
    summary = build(data, database)
    assert (summary.reused, summary.checks_reused, line_parser["calls"] - calls) == (2, 0, 0)
    con = duckdb.connect(str(database), read_only=True)
    assert con.execute("SELECT count(*) FROM v_build_runs").fetchall() == [(2,)]
    con.close()
