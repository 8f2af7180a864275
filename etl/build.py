"""`python -m etl build [DIR]`: scan, hash, parse (or reuse), correct, check, load into a new file, swap it in."""

from __future__ import annotations

import argparse
import errno
import functools
import hashlib
import math
import os
import secrets
import sys
import time
from collections import ChainMap
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

import etl
from etl import load
from etl.corrections import Correction, apply_corrections, correction_rows, read_corrections
from etl.document import Document
from etl.errors import EtlError, ReadError
from etl.read import IMAGE_SUFFIXES, RESAVE_ADVICE, SUPPORTED_SUFFIXES
from etl.record import Evidence, Finding, Report
from etl.tablerows import TableRows
from etl.warehouse import (
    DATA_DIR_ENV,
    WAREHOUSE_ENV,
    corrections_path,
    data_dir,
    is_warehouse_name,
    part_path,
    warehouse_path,
)

REPORT_SUFFIXES = frozenset(SUPPORTED_SUFFIXES)
# Formats a 残联 publishes but we cannot read: scanned anyway so each gets a clear load error, not silence.
UNREADABLE_SUFFIXES = frozenset(RESAVE_ADVICE) | IMAGE_SUFFIXES
SCANNED_SUFFIXES = REPORT_SUFFIXES | UNREADABLE_SUFFIXES
PAUSE_ENV = "CANLIAN_TEST_PAUSE_AFTER"
PAUSE_SECONDS_ENV = "CANLIAN_TEST_PAUSE_SECONDS"


@dataclass(frozen=True)
class BuildOptions:
    """What to build from and where."""

    directory: Path
    database: Path
    corrections: Path
    full: bool = False
    workers: int = 1


@dataclass(frozen=True)
class SourceFile:
    """One file of the data folder: where it is and what its bytes hash to."""

    path: Path
    relative: str
    sha256: str
    size: int
    modified_ns: int | None = None  # mtime when hashed; None when it changed while being read

    @property
    def report_key(self) -> str:
        """First 12 hex digits of the sha256: stable for the file's content."""
        return self.sha256[:12]

    def part(self, number: int) -> SourceFile:
        """The file's ``number``-th report (2, 3…) where it holds several: "x.xlsx#2", keyed by a sha256 of its own."""
        sha256 = part_sha256(self.sha256, number)
        return SourceFile(self.path, part_path(self.relative, number), sha256, self.size, self.modified_ns)


def part_sha256(sha256: str, number: int) -> str:
    """The sha256 a file's ``number``-th report is keyed by: of the file's sha256 and the number."""
    return hashlib.sha256(f"{sha256}#{number}".encode()).hexdigest()


@dataclass
class ParseOutcome:
    """What reading and parsing one file gave: a report (as JSON too) or the failing stage and reason."""

    relative: str
    format: str
    status: str  # parsed | reused | read_error | parse_error | internal_error
    text: str | None = None
    encoding: str | None = None
    report: Report | None = None
    report_json: str | None = None
    stage: str | None = None
    error_type: str | None = None
    reason: str | None = None
    checks_key: str | None = None  # of the previous build's findings, reusable while the key is unchanged
    checks_json: str | None = None
    rows_key: str | None = None  # of the previous build's rows of this report
    identity: dict[str, Any] | None = None  # identity fields of this report (as parsed, or as the previous build
    # stored them) and where its unit is written
    tables: dict[str, TableRows] | None = None  # the worker's rows of the uncorrected report, by table
    deferred: bool = False  # reused: text and report JSON stay in the live warehouse until something needs them
    parts: list[ParseOutcome] = field(default_factory=list)  # the file's other reports (its 2nd, 3rd… form)

    @property
    def failed(self) -> bool:
        """Whether the file did not become a report."""
        return not self.deferred and self.report is None and self.report_json is None


@dataclass
class BuildSummary:
    """Counts and lists of one build, for the printed summary and build_runs."""

    build_id: str
    started_at: datetime
    files_seen: int = 0
    parsed: int = 0
    reused: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, stage, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (copy, original)
    unopened: list[tuple[str, str]] = field(default_factory=list)  # (path, exception type): failed at hashing
    corrections_applied: int = 0
    corrections_unmatched: list[Correction] = field(default_factory=list)
    n_checks: int = 0
    checks_reused: int = 0
    seconds: float = 0.0
    stale_removed: int = 0
    notes: list[str] = field(default_factory=list)
    parts: int = 0  # further reports of files that hold several (a workbook of projects' 自评表)


# --- CLI ---------------------------------------------------------------------------------------------------------


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of the build command."""
    parser.add_argument("directory", nargs="?", default=None, help=f"报告文件夹（默认 ${DATA_DIR_ENV} 或 data/）")
    parser.add_argument("--db", default=None, help=f"数据仓库文件（默认 ${WAREHOUSE_ENV} 或 data/warehouse.duckdb）")
    parser.add_argument("--corrections", default=None, help="更正文件（默认 <报告文件夹>/corrections.csv）")
    parser.add_argument("--full", action="store_true", help="全部重新解析，不复用上次的结果")
    parser.add_argument("--workers", type=int, default=1, help="并行解析的进程数（默认 1）")


def options_from_args(args: argparse.Namespace) -> BuildOptions:
    """Resolve flags, environment and defaults into BuildOptions."""
    directory = Path(args.directory) if args.directory else data_dir()
    database = Path(args.db) if args.db else warehouse_path()
    corrections = Path(args.corrections) if args.corrections else corrections_path(directory)
    return BuildOptions(directory, database, corrections, bool(args.full), max(1, int(args.workers)))


def run_build(args: argparse.Namespace) -> int:
    """Build the warehouse; 0 when it was built (even with failed files), 1 when the live file was kept."""
    options = options_from_args(args)
    try:
        summary = build_warehouse(options)
    except Exception as error:
        print(f"数据仓库构建失败，原数据仓库未改动：{build_failure_reason(error, options.database)}", file=sys.stderr)
        return 1
    print(format_summary(summary, options))
    return 0


# errno values and DuckDB message fragments (DuckDB wraps the OS error in its own exception, text only).
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
DISK_FULL_TEXTS = ("No space left", "File too large", "Disk quota exceeded")
READ_ONLY_TEXTS = ("Read-only file system", "Permission denied", "Operation not permitted")


def build_failure_reason(error: BaseException, database: Path) -> str:
    """What to tell the user about a failed build: disk full and read-only folders by name, else the error."""
    folder = database.parent
    detail = f"{type(error).__name__}: {error}"
    kind = _storage_failure_kind(error)
    if kind == "disk_full":
        return f"磁盘空间不足，无法写入数据仓库文件夹 {folder}（{detail}）。请清理磁盘空间后重新构建。"
    if kind == "read_only":
        return f"文件夹只读或无写权限：{folder}（{detail}）。请检查文件夹权限，或用 --db 指定可写的位置。"
    return detail


def _storage_failure_kind(error: BaseException) -> str | None:
    """Storage failure (disk_full, read_only or None), from the errno or DuckDB message of the error or its causes."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in DISK_FULL_ERRNOS:
            return "disk_full"
        if isinstance(seen, OSError) and seen.errno in READ_ONLY_ERRNOS:
            return "read_only"
        text = str(seen)
        if any(fragment in text for fragment in DISK_FULL_TEXTS):
            return "disk_full"
        if any(fragment in text for fragment in READ_ONLY_TEXTS):
            return "read_only"
        seen = seen.__cause__ or seen.__context__
    return None


# --- The build ---------------------------------------------------------------------------------------------------


def new_build_id(now: datetime) -> str:
    """An ASCII id a URL can carry: UTC time and four random hex digits."""
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(2)}"


def build_warehouse(options: BuildOptions) -> BuildSummary:
    """Run one build end to end; raises (and leaves the live file untouched) when the warehouse cannot be built."""
    started = datetime.now(UTC)
    clock = time.perf_counter()
    summary = BuildSummary(new_build_id(started), started)
    if not options.directory.is_dir():
        raise FileNotFoundError(f"报告文件夹不存在：{options.directory}")
    summary.stale_removed = len(load.clean_stale_temp_files(options.database))
    paths = scan_files(options.directory, options.database, options.corrections)
    summary.files_seen = len(paths)
    if not paths:
        summary.notes.append(f"文件夹 {options.directory} 中没有找到报告文件（{'、'.join(sorted(REPORT_SUFFIXES))}）")
    previous = _previous_state(options, summary)
    sources = hash_files(paths, options.directory, summary, previous.files)
    pause_point("scan")
    unique = _unique_sources(sources, summary)
    unique, outcomes = _outcomes(unique, previous.parses, options, summary)
    pause_point("parse")
    rows = _rows(unique, outcomes, options, summary)
    del outcomes  # parsed reports and texts now live in the rows: free them before the write needs memory
    summary.seconds = time.perf_counter() - clock
    rows["build_runs"] = _build_run_rows(previous.history, summary, options)
    copying = bool(rows["copy_reports"] or rows["copy_documents"])
    load.write_and_swap(options.database, rows, pause_point, copying, patch_live=previous.current_schema)
    summary.seconds = time.perf_counter() - clock
    return summary


def scan_files(directory: Path, database: Path, corrections: Path) -> list[Path]:
    """Report files under ``directory`` (recursive, sorted), without the warehouse, temp or corrections files."""
    skip = corrections.resolve()
    found: list[tuple[str, str]] = []
    # os.scandir, not Path.rglob: its entries know whether they are files without another stat, and no Path is
    # made of a file until it is kept (10,000 files: 0.05 s instead of 0.5 s of an incremental build).
    pending = [(str(directory), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith((".", "~$")):
                    continue
                if entry.is_dir():
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif _is_report_candidate(entry, database, corrections.name, skip):
                    found.append((prefix + entry.name, entry.path))
    return [Path(path) for _, path in sorted(found)]


def _is_report_candidate(entry: os.DirEntry, database: Path, corrections_name: str, skip: Path) -> bool:
    """Whether a directory entry is a file of a scanned suffix that is neither the warehouse nor corrections."""
    if os.path.splitext(entry.name)[1].lower() not in SCANNED_SUFFIXES or not entry.is_file():
        return False
    if is_warehouse_name(entry.name, database):
        return False
    return not (entry.name == corrections_name and Path(entry.path).resolve() == skip)


def hash_files(
    paths: list[Path], directory: Path, summary: BuildSummary, known: Mapping[str, tuple[int, int, str]] | None = None
) -> list[SourceFile]:
    """sha256 and size of each file (the floor of an incremental build's cost); paths relative to ``directory``.

    A file whose path, size and mtime are what the last build hashed (``known``) keeps that sha256 unread, as git
    does. A file that vanished or cannot be opened since the scan is a failed file, not a failed build.
    """
    sources = []
    prefix = f"{directory}{os.sep}"
    for path in paths:
        text = str(path)
        relative = text[len(prefix) :] if text.startswith(prefix) else path.relative_to(directory).as_posix()
        try:
            source = _hash_file(path, relative, (known or {}).get(relative))
        except OSError as error:
            summary.failed.append((relative, "read", f"无法打开文件（{error.strerror or error}）"))
            summary.unopened.append((relative, type(error).__name__))
            continue
        sources.append(source)
    return sources


def _hash_file(path: Path, relative: str, known: tuple[int, int, str] | None) -> SourceFile:
    """The file's SourceFile: the known sha256 when size and mtime match it, else read and hashed now."""
    before = path.stat()
    if known is not None and known[:2] == (before.st_size, before.st_mtime_ns):
        return SourceFile(path, relative, known[2], before.st_size, before.st_mtime_ns)
    data = path.read_bytes()
    # Written to while being read: hash what was read, but keep no mtime, so the next build hashes it again.
    unchanged = len(data) == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    modified = before.st_mtime_ns if unchanged else None
    return SourceFile(path, relative, hashlib.sha256(data).hexdigest(), len(data), modified)


def _unique_sources(sources: list[SourceFile], summary: BuildSummary) -> list[SourceFile]:
    """One source per content; byte-identical copies are noted, not loaded twice."""
    first_by_sha: dict[str, SourceFile] = {}
    for source in sources:
        original = first_by_sha.setdefault(source.sha256, source)
        if original is not source:
            summary.duplicates.append((source.relative, original.relative))
    return list(first_by_sha.values())


def _previous_state(options: BuildOptions, summary: BuildSummary) -> load.PreviousState:
    """What the live warehouse offers this build: all of it, or (with --full) only its history and schema."""
    try:
        previous = load.read_previous(options.database, etl.PARSER_VERSION)
    except duckdb.Error as error:
        summary.notes.append(f"上一版数据仓库无法读取，全部重新解析，构建历史从头开始：{error}")
        return load.PreviousState()
    if options.full:  # every file read, hashed and parsed again
        return load.PreviousState(history=previous.history, current_schema=previous.current_schema)
    return previous


def _outcomes(
    unique: list[SourceFile], previous: dict[str, dict[str, Any]], options: BuildOptions, summary: BuildSummary
) -> tuple[list[SourceFile], dict[str, ParseOutcome]]:
    """Every report's source and a ParseOutcome per sha256, reused from the previous build or freshly parsed; a file
    that holds several reports is followed by its parts ("x.xlsx#2"…)."""
    outcomes: dict[str, ParseOutcome] = {}
    reports: dict[str, list[SourceFile]] = {}
    to_parse: list[SourceFile] = []
    for source in unique:
        reused = _reuse(source, previous.get(source.sha256), summary)
        if reused is None:
            to_parse.append(source)
            continue
        reports[source.sha256] = [source]
        outcomes[source.sha256] = reused
        for part, outcome in _reused_parts(source, previous, summary):
            reports[source.sha256].append(part)
            outcomes[part.sha256] = outcome
            summary.parts += 1
    for source, outcome in zip(to_parse, _parse_all(to_parse, options.workers), strict=True):
        parts = [(source.part(number), part) for number, part in enumerate(outcome.parts, start=2)]
        outcome.parts = []
        summary.parts += len(parts)
        reports[source.sha256] = [source] + [part for part, _ in parts]
        for report_source, report_outcome in [(source, outcome), *parts]:
            outcomes[report_source.sha256] = report_outcome
            if report_outcome.failed:
                reason = report_outcome.reason or ""
                summary.failed.append((report_source.relative, report_outcome.stage or "internal", reason))
            else:
                summary.parsed += 1
    return [report for source in unique for report in reports[source.sha256]], outcomes


def _reused_parts(
    source: SourceFile, previous: dict[str, dict[str, Any]], summary: BuildSummary
) -> Iterator[tuple[SourceFile, ParseOutcome]]:
    """The previous build's other reports of an unchanged file: its parts 2, 3… up to the first it did not keep."""
    number = 2
    while (entry := previous.get((part := source.part(number)).sha256)) is not None:
        outcome = _reuse(part, entry, summary)
        assert outcome is not None
        yield part, outcome
        number += 1


def _reuse(source: SourceFile, previous: dict[str, Any] | None, summary: BuildSummary) -> ParseOutcome | None:
    """The previous parse of the same bytes (not even fetched yet: an unchanged report may never need to be)."""
    if previous is None:
        return None
    summary.reused += 1
    return ParseOutcome(
        source.relative,
        previous["format"],
        "reused",
        encoding=previous["encoding"],
        checks_key=previous.get("checks_key"),
        checks_json=previous.get("checks_json"),
        rows_key=previous.get("rows_key"),
        identity=previous.get("identity"),
        deferred=True,
    )


def _parse_all(sources: list[SourceFile], workers: int) -> Iterator[ParseOutcome]:
    """Parse in this process, or in ``workers`` processes with chunks large enough to amortise pickling."""
    jobs = [(str(source.path), source.relative, source.sha256) for source in sources]
    if not jobs:
        return
    progress = _progress(len(jobs))
    try:
        if workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                yield parse_one(job)
                progress.update(1)
            return
        # 32 chunks a worker: large enough that pickling is amortised, small enough that no worker sits idle
        # for long while the other finishes the last chunk.
        chunksize = max(1, math.ceil(len(jobs) / (workers * 32)))
        done = 0
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for outcome in pool.map(parse_one, jobs, chunksize=chunksize):
                    yield outcome
                    done += 1
                    progress.update(1)
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in a C library): parse the rest one process per file, so
            # only the file that kills its process fails.
            for job in jobs[done:]:
                yield _parse_isolated(job)
                progress.update(1)
    finally:
        progress.close()


def _parse_isolated(job: tuple[str, str, str]) -> ParseOutcome:
    """parse_one in its own process; a process that dies makes this file (only) an internal error."""
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(parse_one, job).result()
    except BrokenProcessPool:
        return ParseOutcome(
            job[1],
            Path(job[0]).suffix.lower().lstrip("."),
            "internal_error",
            stage="internal",
            error_type="BrokenProcessPool",
            reason="解析进程异常退出（可能内存不足或程序崩溃）",
        )


def _progress(total: int) -> Any:
    """A tqdm bar on a terminal; a silent stand-in otherwise (the summary is printed at the end)."""
    from tqdm import tqdm

    return tqdm(total=total, desc="解析报告", unit="个", file=sys.stderr, disable=not sys.stderr.isatty())


def parse_one(job: tuple[str, str, str]) -> ParseOutcome:
    """Read, parse and check one file; every exception becomes an outcome, so one bad file never stops the others.

    The checks run here, in the worker, on the report as parsed: the main process only runs them again for a
    report an analyst corrected.
    """
    from etl import parse as parse_module
    from etl import read as read_module

    path, relative, sha256 = job
    fmt = Path(path).suffix.lower().lstrip(".")
    try:
        document = read_module.read_document(path)
        if not document.text.strip():
            raise ReadError(path, "文件为空，没有可读的文字")
        report, part_documents = parse_module.parse_with_parts(document)
        parts = _parsed_parts(part_documents, report)
        outcome = _parsed_outcome(relative, sha256, document, report)
    except Exception as error:
        return _failed_outcome(relative, fmt, error)
    for number, (part_document, part_report) in enumerate(parts, start=2):
        part_relative, part_sha = part_path(relative, number), part_sha256(sha256, number)
        outcome.parts.append(_parsed_outcome(part_relative, part_sha, part_document, part_report))
    return outcome


def _parsed_parts(documents: list[Document], first: Report) -> list[tuple[Document, Report]]:
    """The file's other reports that parse; the first report's warnings say which did not, and why.

    Only the reports read are numbered (#2, #3…): a rebuild finds an unchanged file's parts by number."""
    from etl import parse as parse_module

    parsed = []
    total = len(documents) + 1
    for index, document in enumerate(documents, start=2):
        try:
            report = parse_module.parse_part(document, first)
        except EtlError as error:
            first.warnings.append(f"第 {index} 张项目自评表未能读出：{error.reason}")
            continue
        # No path here: a moved file keeps its parses, and its reports' rows must not name the old place.
        report.warnings.insert(0, f"取自文件的第 {index} 张项目自评表（共 {total} 张）")
        parsed.append((document, report))
    return parsed


def _parsed_outcome(relative: str, sha256: str, document: Document, report: Report) -> ParseOutcome:
    """A parsed report with its checks and rows, built here in the worker."""
    checks_json = _checks_as_parsed(report, document.text)
    tables = _tables_as_parsed(sha256[:12], report)
    return ParseOutcome(
        relative,
        document.format,
        "parsed",
        document.text,
        document.encoding,
        # With its rows built, the report travels back only as JSON: pickling the objects cost more than
        # building the rows, on both sides of the pipe.
        None if tables is not None else report,
        load.report_to_json(report),
        checks_key=check_cache_key(sha256, []) if checks_json is not None else None,
        checks_json=checks_json,
        identity=identity_values(report),
        tables=tables,
    )


def _failed_outcome(relative: str, fmt: str, error: Exception) -> ParseOutcome:
    """Why a file (or one of its reports) did not become a report: its stage's error, or an internal one."""
    if isinstance(error, EtlError):
        stage, kind = error.stage, type(error).__name__
        return ParseOutcome(relative, fmt, f"{stage}_error", stage=stage, error_type=kind, reason=error.reason)
    return ParseOutcome(
        relative,
        fmt,
        "internal_error",
        stage="internal",
        error_type=type(error).__name__,
        reason=f"内部错误 {type(error).__name__}: {error}",
    )


def _tables_as_parsed(key: str, report: Report) -> dict[str, TableRows] | None:
    """The uncorrected report's rows; None when they cannot be built (the main process records why)."""
    try:
        return load.report_tables(key, report)
    except Exception:
        return None


def _checks_as_parsed(report: Report, text: str) -> str | None:
    """Findings of the uncorrected report as JSON; None when the checks crash (the main process records why)."""
    from etl import validate

    try:
        return load.findings_to_json(list(validate.run_checks(report, text)))
    except Exception:
        return None


# --- Rows --------------------------------------------------------------------------------------------------------


Fetch = Callable[[list[str]], dict[str, tuple[str | None, str]]]


class ReportStore(Mapping[str, Report]):
    """Parsed reports and their texts by key. A reused report's text and JSON are fetched from the live warehouse
    only when something asks for them, and decoded only then (an unchanged report whose rows and findings are
    copied never is: 10,000 of them are 100 MB of JSON)."""

    def __init__(self, fetch: Fetch | None = None) -> None:
        self._reports: dict[str, Report] = {}
        self._json: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._deferred: dict[str, str] = {}  # key → sha256 of a reused report not fetched yet
        self._keys: list[str] = []
        self._fetch = fetch

    def add(self, key: str, outcome: ParseOutcome, sha256: str) -> None:
        """Hold a parsed report and its text, or note where to fetch a reused one from."""
        self._keys.append(key)
        if outcome.deferred:
            self._deferred[key] = sha256
            return
        if outcome.report is not None:
            self._reports[key] = outcome.report
        self._json[key] = outcome.report_json or ""
        self._texts[key] = outcome.text or ""

    def fetch(self, keys: Iterable[str]) -> None:
        """Fetch the text and JSON of those of ``keys`` still in the live warehouse, in one query."""
        wanted = {self._deferred[key]: key for key in keys if key in self._deferred}
        if not wanted:
            return
        if self._fetch is None:
            raise KeyError(next(iter(wanted.values())))
        for sha, (text, report_json) in self._fetch(list(wanted)).items():
            key = wanted[sha]
            self._texts[key], self._json[key] = text or "", report_json
            del self._deferred[key]

    def json_of(self, key: str) -> str:
        """The report as stored JSON (before corrections)."""
        self.fetch([key])
        return self._json[key]

    def text_of(self, key: str) -> str:
        """The document text the report was parsed from."""
        self.fetch([key])
        return self._texts[key]

    def __getitem__(self, key: str) -> Report:
        report = self._reports.get(key)
        if report is None:
            if key not in self._json and key not in self._deferred:
                raise KeyError(key)
            report = self._reports[key] = load.report_from_json(self.json_of(key))
        return report

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


@dataclass(frozen=True)
class Identity:
    """What makes two reports the same report: unit (admin code, else name), year, scope; and where the unit is."""

    unit: str | None
    year: int | None
    scope: str | None
    unit_evidence: Evidence | None


@dataclass
class Assembly:
    """What the rows of one build are assembled from: per report key its document row, file, outcome and text."""

    rows: load.Rows
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    store: ReportStore = field(default_factory=lambda: ReportStore())
    by_key: dict[str, tuple[SourceFile, ParseOutcome]] = field(default_factory=dict)


def _rows(
    unique: list[SourceFile], outcomes: dict[str, ParseOutcome], options: BuildOptions, summary: BuildSummary
) -> load.Rows:
    """Every table's rows: documents and load errors, corrected reports, their checks, corrections.

    Rows of a reused report whose row code and corrections are unchanged are not rebuilt: they are listed in
    ``copy_reports`` / ``copy_documents`` and copied from the previous warehouse by the loader.
    """
    tables: load.Rows = {table: TableRows() for table in load.TABLE_ORDER} | {"copy_reports": [], "copy_documents": []}
    parts = Assembly(tables, store=ReportStore(functools.partial(load.fetch_previous_documents, options.database)))
    _collect_documents(parts, unique, outcomes, summary)
    corrected, applied = _correct(parts, options, summary)
    reports = ChainMap(corrected, parts.store)
    rows_keys = _rows_keys(parts.store, applied)
    copied = {
        key
        for key, (_, outcome) in parts.by_key.items()
        if outcome.status == "reused" and outcome.rows_key == rows_keys[key] and outcome.identity is not None
    }
    # Parsed by this build and not corrected: the worker built the rows already.
    prebuilt = {key for key, (_, outcome) in parts.by_key.items() if outcome.tables is not None and key not in applied}
    cache = _check_cache(parts.store, applied, parts.by_key)
    parts.store.fetch(key for key in parts.store if key not in copied or not cache[key].reusable)
    identities = {
        key: _stored_identity(parts.by_key[key][1]) if key in copied or key in prebuilt else _identity_of(reports[key])
        for key in parts.store
    }
    findings = _findings(reports, parts.store.text_of, parts.documents, parts.rows, summary, cache, identities)
    duplicates = {key for key, items in findings.items() if any(f.check_id == "duplicate_report" for f in items)}
    for key in parts.store:
        if key in copied:
            parts.rows["copy_reports"].append({"report_key": key, "is_duplicate_identity": key in duplicates})
            parts.rows["checks"].extend(load.check_rows(key, findings.get(key, [])))
        elif key in prebuilt:
            _add_prebuilt_rows(parts, key, key in duplicates, findings)
        elif not _add_report_rows(parts, key, reports[key], applied.get(key, {}), key in duplicates, findings, summary):
            continue
        parts.documents[key]["rows_key"] = rows_keys[key]
    _place_documents(parts)
    summary.n_checks = sum(len(items) for items in findings.values())
    return parts.rows


def _collect_documents(
    parts: Assembly, unique: list[SourceFile], outcomes: dict[str, ParseOutcome], summary: BuildSummary
) -> None:
    """A documents row per content; a load error per failed file; the reports (or their JSON) of the rest."""
    copies: dict[str, list[str]] = {}
    for copy, original in summary.duplicates:
        copies.setdefault(original, []).append(copy)
    for source in unique:
        outcome, key = outcomes[source.sha256], source.report_key
        parts.documents[key] = _document_row(source, outcome, copies.get(source.relative, []), summary.build_id)
        if outcome.failed:
            parts.rows["load_errors"].append(_load_error_row(source, outcome, summary.build_id))
            # A byte-identical copy fails for the same reason: list it too, or its name is nowhere in the warehouse.
            for copy in copies.get(source.relative, []):
                reason = f"{outcome.reason or ''}（与 {source.relative} 内容相同）"
                row = _error_row(copy, outcome.stage or "internal", outcome.error_type or "", reason, summary.build_id)
                parts.rows["load_errors"].append(row)
            continue
        parts.store.add(key, outcome, source.sha256)
        parts.by_key[key] = (source, outcome)
    reasons = {path: reason for path, _, reason in summary.failed}
    for path, error_type in summary.unopened:
        parts.rows["load_errors"].append(_error_row(path, "read", error_type, reasons[path], summary.build_id))


def _correct(
    parts: Assembly, options: BuildOptions, summary: BuildSummary
) -> tuple[dict[str, Report], dict[str, dict]]:
    """Apply corrections.csv: the corrected reports and the applied corrections by report; every row's outcome
    goes to the corrections table and the summary."""
    corrected, applied, outcomes = apply_corrections(parts.store, read_corrections(options.corrections))
    summary.corrections_applied = sum(1 for c in outcomes if c.status == "applied")
    summary.corrections_unmatched = [c for c in outcomes if c.status != "applied"]
    parts.rows["corrections"] = correction_rows(outcomes)
    return corrected, applied


def _place_documents(parts: Assembly) -> None:
    """Reused documents are copied (their text and JSON come from the previous file); the rest are inserted."""
    for key, document in parts.documents.items():
        outcome = parts.by_key.get(key, (None, None))[1]
        if outcome is not None and outcome.status == "reused":
            parts.rows["copy_documents"].append({k: v for k, v in document.items() if k not in ("text", "report_json")})
        else:
            parts.rows["documents"].append(document)


def _rows_keys(store: ReportStore, applied: dict[str, dict]) -> dict[str, str]:
    """Per report, a digest of what its rows are made from besides the (unchanged) report: row code, corrections."""
    fingerprint = load.rows_code_fingerprint()
    return {
        key: hashlib.sha256(f"{fingerprint}\0{key}\0{_fixes(applied, key)!r}".encode()).hexdigest() for key in store
    }


def _fixes(applied: dict[str, dict], key: str) -> list[tuple]:
    """The corrections applied to one report, in a stable order, as what a cache key is made of."""
    return sorted((name, repr(c.typed_value), c.reason, c.author, c.date) for name, c in applied.get(key, {}).items())


def _add_report_rows(
    parts: Assembly,
    key: str,
    report: Report,
    applied: dict,
    is_duplicate: bool,
    findings: dict[str, list[Finding]],
    summary: BuildSummary,
) -> bool:
    """All rows of one report, or none of them (and a load error) when the report cannot be turned into rows."""
    try:
        own = load.report_rows(key, report, applied, is_duplicate) | {
            "checks": load.check_rows(key, findings.get(key, []))
        }
    except Exception as error:
        path = parts.documents[key]["path"]
        reason = f"报告无法写入数据仓库 {type(error).__name__}: {error}"
        parts.rows["load_errors"].append(_error_row(path, "load", type(error).__name__, reason, summary.build_id))
        summary.failed.append((path, "load", reason))
        return False
    for table, table_rows in own.items():
        parts.rows[table].extend(table_rows)
    return True


def _add_prebuilt_rows(parts: Assembly, key: str, is_duplicate: bool, findings: dict[str, list[Finding]]) -> None:
    """The rows a parse worker built for one report, with its duplicate flag and findings, known only now."""
    outcome = parts.by_key[key][1]
    tables = outcome.tables or {}
    tables["reports"].set_column("is_duplicate_identity", is_duplicate)
    for table, table_rows in tables.items():
        parts.rows[table].extend_table(table_rows)
    parts.rows["checks"].extend(load.check_rows(key, findings.get(key, [])))
    outcome.tables = None  # held once, in the table being assembled


@dataclass
class CheckCache:
    """Per report: the key its findings would be cached under now, and the previous build's key and findings."""

    key: str
    previous_key: str | None
    previous_json: str | None
    checked_in_worker: bool = False  # the findings were made by this build's parse, not a previous build

    @property
    def reusable(self) -> bool:
        """Whether the previous findings still hold."""
        return self.previous_key == self.key and self.previous_json is not None


def _check_cache(
    store: ReportStore, applied: dict[str, dict], by_key: dict[str, tuple[SourceFile, ParseOutcome]]
) -> dict[str, CheckCache]:
    """Cache keys: the check code, the file's bytes, the parser version and the corrections, which together fix
    the corrected report; any change re-runs the checks."""
    cache = {}
    for key in store:
        source, outcome = by_key[key]
        now = check_cache_key(source.sha256, _fixes(applied, key))
        cache[key] = CheckCache(now, outcome.checks_key, outcome.checks_json, outcome.status == "parsed")
    return cache


def check_cache_key(sha256: str, fixes: list[tuple]) -> str:
    """What findings are cached under: check code, file bytes, parser version and corrections fix them all."""
    made_of = f"{_check_code_fingerprint()}\0{sha256}\0{etl.PARSER_VERSION}\0{fixes!r}"
    return hashlib.sha256(made_of.encode()).hexdigest()


@functools.cache
def _check_code_fingerprint() -> str:
    """sha256 of the modules the checks are made of, so changed check code never serves stale findings (the parser's
    modules they use are in PARSER_VERSION). Read as files: importing the checks would import the whole parser, which
    a rebuild that parses nothing does not need."""
    digest = hashlib.sha256()
    for name in ("validate.py", "record.py", "text.py"):
        digest.update((Path(etl.__file__).parent / name).read_bytes())
    return digest.hexdigest()


def _findings(
    reports: Mapping[str, Report],
    text_of: Callable[[str], str],
    documents: dict[str, dict[str, Any]],
    rows: load.Rows,
    summary: BuildSummary,
    cache: dict[str, CheckCache],
    identities: dict[str, Identity],
) -> dict[str, list[Finding]]:
    """Self-consistency findings per report (on the corrected report) plus duplicate_report across reports.

    Findings of an unchanged report are reused from the previous build. A check that crashes on one report is
    recorded as a load error of stage ``check``; the report still loads.
    """
    findings: dict[str, list[Finding] | None] = {}
    for key, entry in cache.items():
        if entry.reusable:
            findings[key] = load.findings_from_json(entry.previous_json)
            documents[key].update(checks_key=entry.key, checks_json=entry.previous_json)
            summary.checks_reused += 0 if entry.checked_in_worker else 1
            continue
        found = findings[key] = _run_checks(reports[key], text_of(key), documents[key]["path"], rows, summary)
        if found is not None:
            documents[key].update(checks_key=entry.key, checks_json=load.findings_to_json(found))
    paths = {key: row["path"] for key, row in documents.items()}
    result = {key: items or [] for key, items in findings.items()}
    for key, finding in duplicate_findings(identities, paths):
        result.setdefault(key, []).append(finding)
    return result


def _run_checks(report: Report, text: str, path: str, rows: load.Rows, summary: BuildSummary) -> list[Finding] | None:
    """run_checks on one report; None (and a load error of stage check) when the checks crash on it."""
    from etl import validate

    try:
        return list(validate.run_checks(report, text))
    except Exception as error:
        reason = f"检查出错 {type(error).__name__}: {error}"
        rows["load_errors"].append(_error_row(path, "check", type(error).__name__, reason, summary.build_id))
        summary.notes.append(f"{path}：{reason}")
        return None


def duplicate_findings(identities: dict[str, Identity], paths: dict[str, str]) -> list[tuple[str, Finding]]:
    """A duplicate_report finding for each report sharing unit (admin code, else name), year and scope with another."""
    from etl import validate

    rows = [(key, identity.unit, identity.year, identity.scope) for key, identity in identities.items()]
    pairs = []
    for key, others in sorted(validate.find_duplicate_reports(rows).items()):
        message = (
            f"同一单位、同一年度、同一范围还有 {len(others)} 份内容不同的报告：{_some_paths(others, paths)}；"
            "都已载入，请确认以哪一份为准"
        )
        pairs.append((key, Finding("duplicate_report", "warning", message, "unit_name", identities[key].unit_evidence)))
    return pairs


def _some_paths(keys: list[str], paths: dict[str, str], shown: int = 3) -> str:
    """Up to ``shown`` paths, then how many more (a folder of copies must not make a message of thousands)."""
    listed = "、".join(paths[key] for key in keys[:shown])
    return listed if len(keys) <= shown else f"{listed} 等 {len(keys)} 份"


def identity_values(report: Report) -> dict[str, Any]:
    """The identity fields of a report and where its unit is written, as the previous build's are stored."""
    unit = report.facts.get("unit_name")
    values: dict[str, Any] = {name: report.value(name) for name in load.IDENTITY_COLUMNS}
    values["unit_evidence"] = unit.evidence if unit else None
    return values


def _identity_of(report: Report) -> Identity:
    return _identity(identity_values(report))


def _stored_identity(outcome: ParseOutcome) -> Identity:
    return _identity(outcome.identity or {})


def _identity(values: dict[str, Any]) -> Identity:
    """What duplicate_report compares, from identity_values (made now or stored by the previous build)."""
    unit = values.get("admin_code") or values.get("unit_name")
    year = values.get("fiscal_year")
    year = int(year) if isinstance(year, int | float) and not isinstance(year, bool) else None
    scope = values.get("report_scope")
    # Two projects of one unit in one year are different reports, not duplicates.
    if scope == "project":
        scope = f"project:{values.get('project_name') or ''}"
    unit_evidence = values.get("unit_evidence")
    return Identity(None if unit is None else str(unit), year, None if scope is None else str(scope), unit_evidence)


def _document_row(source: SourceFile, outcome: ParseOutcome, copies: list[str], build_id: str) -> dict[str, Any]:
    return {
        "report_key": source.report_key,
        "path": source.relative,
        "file_name": source.path.name,
        "sha256": source.sha256,
        "format": outcome.format,
        "size_bytes": source.size,
        "modified_ns": source.modified_ns,
        "text": outcome.text,
        "encoding": outcome.encoding,
        "parse_status": outcome.status,
        "parser_version": etl.PARSER_VERSION,
        "report_json": outcome.report_json,
        "checks_key": None,
        "checks_json": None,
        "rows_key": None,
        "duplicate_paths": copies,
        "build_id": build_id,
    }


def _load_error_row(source: SourceFile, outcome: ParseOutcome, build_id: str) -> dict[str, Any]:
    return _error_row(
        source.relative, outcome.stage or "internal", outcome.error_type or "", outcome.reason or "", build_id
    )


def _error_row(path: str, stage: str, error_type: str, reason: str, build_id: str) -> dict[str, Any]:
    return {
        "build_id": build_id,
        "path": path,
        "file_name": Path(path).name,
        "stage": stage,
        "reason": reason,
        "error_type": error_type,
    }


def _build_run_rows(history: list[dict], summary: BuildSummary, options: BuildOptions) -> list[dict[str, Any]]:
    """Previous builds (columns this schema still has) plus this one."""
    current = {
        "build_id": summary.build_id,
        "started_at": summary.started_at.replace(tzinfo=None),
        "finished_at": datetime.now(UTC).replace(tzinfo=None),
        "data_dir": str(options.directory),
        "files_seen": summary.files_seen,
        "parsed": summary.parsed,
        "reused": summary.reused,
        "failed": len(summary.failed),
        "duplicates": len(summary.duplicates),
        "n_checks": summary.n_checks,
        "corrections_applied": summary.corrections_applied,
        "corrections_unmatched": len(summary.corrections_unmatched),
        "parser_version": etl.PARSER_VERSION,
        "workers": options.workers,
        "full_rebuild": options.full,
        "seconds": round(summary.seconds, 3),
        "status": "succeeded",
        "views_sha256": load.views_digest(),
    }
    # Rows of older builds keep the columns this schema still has; views_sha256 was not always recorded.
    kept = [{name: row.get(name) for name in current} for row in history]
    complete = [row for row in kept if all(row[name] is not None for name in current if name != "views_sha256")]
    return [*complete, current]


# --- Test hook and summary ---------------------------------------------------------------------------------------


def pause_point(point: str) -> None:
    """Sleep at a named point when $CANLIAN_TEST_PAUSE_AFTER names it, so a test can kill -9 the build there."""
    if os.environ.get(PAUSE_ENV) != point:
        return
    print(f"PAUSED {point}", file=sys.stderr, flush=True)
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "60")))


def format_summary(summary: BuildSummary, options: BuildOptions) -> str:
    """The plain-text summary printed after a build."""
    lines = [
        f"数据仓库已更新：{options.database}（构建编号 {summary.build_id}）",
        f"文件 {summary.files_seen} 个：新解析 {summary.parsed}，复用 {summary.reused}，"
        f"失败 {len(summary.failed)}，重复副本 {len(summary.duplicates)}",
    ]
    if summary.parts:
        lines.append(f"其中有的文件含多张项目自评表：每张读作一份报告，多读出 {summary.parts} 份（路径后加 #2、#3…）")
    if summary.failed:
        lines.append("失败的文件：")
        lines += [f"  {path}：[{stage}] {reason}" for path, stage, reason in summary.failed]
    if summary.duplicates:
        lines.append("重复副本（内容相同，只载入一次）：")
        lines += [f"  {copy} = {original}" for copy, original in summary.duplicates]
    lines.append(f"更正：已应用 {summary.corrections_applied}，未匹配 {len(summary.corrections_unmatched)}")
    lines += [f"  第 {c.row_no} 行 {c.report_key} {c.field}：{c.problem}" for c in summary.corrections_unmatched]
    lines.append(f"检查发现问题 {summary.n_checks} 条")
    lines += [f"注意：{note}" for note in summary.notes]
    if summary.stale_removed:
        lines.append(f"清理了上次中断构建留下的临时文件 {summary.stale_removed} 个")
    lines.append(f"用时 {summary.seconds:.2f} 秒")
    return "\n".join(lines)
