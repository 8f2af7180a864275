"""A build that fails or is killed leaves the live warehouse byte-identical; readers never block a build."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import etl.load
from etl.__main__ import main
from etl.build import build_failure_reason
from tests.conftest import build, copy_seeds, write_report
from tests.filemakers import seed_paths

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
    monkeypatch.setattr(etl.load, "patch_database", fail)
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


# --- kill -9 at random moments of real builds -------------------------------------------------------------------

KILL_SEED = 20261123
KILLS = 6


def write_real_reports(data: Path, copies: int) -> list[Path]:
    """``copies`` × the five sample reports, each copy with a different last line so no two share a hash."""
    data.mkdir(parents=True, exist_ok=True)
    written = []
    for copy in range(1, copies + 1):
        for seed in seed_paths():
            path = data / f"{seed.stem}_{copy}.txt"
            path.write_text(seed.read_text(encoding="utf-8") + f"\n副本 {copy}\n", encoding="utf-8")
            written.append(path)
    return written


def start_build(data: Path, database: Path, **popen: object) -> subprocess.Popen[bytes]:
    """`python -m etl build DATA --db DATABASE --full` in a child process (every report parsed again)."""
    return subprocess.Popen(
        [sys.executable, "-m", "etl", "build", str(data), "--db", str(database), "--full"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **popen,
    )


def timed_build(data: Path, database: Path) -> float:
    """Seconds an unkilled build takes, from starting the process to its exit (which must be 0)."""
    started = time.monotonic()
    child = start_build(data, database)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err.decode(errors="replace")
    return time.monotonic() - started


def test_random_kills_keep_live_warehouse_and_next_build_succeeds(tmp_path: Path) -> None:
    data, database = tmp_path / "data", tmp_path / "live" / "warehouse.duckdb"
    reports = write_real_reports(data, 4)
    reports[-1].rename(tmp_path / reports[-1].name)  # held back: added after the first build
    duration = timed_build(data, database)
    assert count_reports(database) == 19
    (tmp_path / reports[-1].name).rename(reports[-1])
    rng = random.Random(KILL_SEED)
    outcomes = []
    for delay in sorted(rng.uniform(0, duration) for _ in range(KILLS)):
        before, reports_before = sha256(database), count_reports(database)
        child = start_build(data, database)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        replaced = sha256(database) != before
        # The live file is either byte-identical or, when the build got past its swap, the whole new warehouse.
        assert count_reports(database) == (20 if replaced else reports_before)
        outcomes.append((round(delay, 2), child.returncode == -signal.SIGKILL, replaced))
    killed_before_swap = [delay for delay, killed, replaced in outcomes if killed and not replaced]
    assert len(killed_before_swap) >= KILLS // 2, outcomes
    assert main(["build", str(data), "--db", str(database)]) == 0
    assert count_reports(database) == 20
    assert leftovers(database) == []
    print(f"kill -9 after {duration:.2f} s build: (delay, killed, live replaced) = {outcomes}")


# --- disk full and read-only folders ----------------------------------------------------------------------------

DISK_FULL = "磁盘空间不足，无法写入数据仓库文件夹"
READ_ONLY = "文件夹只读或无写权限"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), DISK_FULL),
        (OSError(errno.EFBIG, "File too large"), DISK_FULL),
        (duckdb.IOException('IO Error: Could not write file "w.tmp": No space left on device'), DISK_FULL),
        (duckdb.TransactionException('Failed to commit: Could not write file "w.tmp.wal": File too large'), DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), READ_ONLY),
        (PermissionError(errno.EACCES, "Permission denied"), READ_ONLY),
        (OSError(errno.EPERM, "Operation not permitted"), READ_ONLY),
        (duckdb.IOException('IO Error: Cannot open file "w.tmp": Read-only file system'), READ_ONLY),
        (duckdb.IOException('IO Error: Cannot open file "w.tmp": Permission denied'), READ_ONLY),
        (OSError(errno.ENOENT, "No such file or directory"), "FileNotFoundError"),
        (RuntimeError("something else"), "RuntimeError: something else"),
    ],
)
def test_storage_failures_are_named_with_the_folder(error: BaseException, expected: str) -> None:
    reason = build_failure_reason(error, Path("/srv/残联/warehouse.duckdb"))
    assert reason.startswith(expected)
    assert ("/srv/残联" in reason) is (expected in (DISK_FULL, READ_ONLY))


@pytest.mark.parametrize(("cause", "expected"), [(OSError(errno.ENOSPC, "full"), DISK_FULL), (None, "RuntimeError")])
def test_cause_of_a_wrapped_error_is_found(cause: OSError | None, expected: str) -> None:
    error = RuntimeError("write failed")
    error.__cause__ = cause
    assert build_failure_reason(error, Path("/d/w.duckdb")).startswith(expected)


def limit_file_size() -> None:
    """In the child: files may not grow past 200 KB, and writing past it fails with EFBIG instead of killing."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


@pytest.fixture
def real_built(tmp_path: Path) -> tuple[Path, Path]:
    """The five sample reports and a live warehouse built from them by the real parser, plus one more report."""
    data = tmp_path / "data"
    copy_seeds(data)
    database = tmp_path / "live" / "warehouse.duckdb"
    build(data, database)
    write_real_reports(data / "more", 1)
    return data, database


def test_disk_full_build_says_so_and_keeps_live_warehouse(real_built: tuple[Path, Path]) -> None:
    data, database = real_built
    before = sha256(database)
    child = start_build(data, database, preexec_fn=limit_file_size)
    _, err = child.communicate(timeout=120)
    message = err.decode()
    assert child.returncode == 1, message
    assert f"数据仓库构建失败，原数据仓库未改动：{DISK_FULL} {database.parent}" in message
    assert "File too large" in message
    assert sha256(database) == before
    assert leftovers(database) == []
    assert count_reports(database) == 5


def make_folder_unwritable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Really chmod 0o555 when not root; as root (whom chmod does not stop) the temp file's open fails as the
    OS would fail it on a read-only folder."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return
    connect = etl.load.duckdb.connect

    def connect_read_only_folder(database: str, *args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        if Path(database).parent == folder and not kwargs.get("read_only"):
            raise duckdb.IOException(f'IO Error: Cannot open file "{database}": Read-only file system')
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(etl.load.duckdb, "connect", connect_read_only_folder)


def test_read_only_folder_build_says_so_and_keeps_live_warehouse(
    real_built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data, database = real_built
    before = sha256(database)
    make_folder_unwritable(database.parent, monkeypatch)
    try:
        assert main(["build", str(data), "--db", str(database)]) == 1
    finally:
        database.parent.chmod(0o755)
    message = capsys.readouterr().err
    assert f"数据仓库构建失败，原数据仓库未改动：{READ_ONLY}：{database.parent}" in message
    assert sha256(database) == before
    assert leftovers(database) == []
    assert count_reports(database) == 5
