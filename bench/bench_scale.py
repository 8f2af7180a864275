"""Build the warehouse from a synthetic corpus: full builds with 1 and 2 workers, then unchanged and one-file-changed.

    python -m etl.synth --reports 10000 --seed 7 --workers 2 /tmp/syn10k
    python bench/bench_scale.py /tmp/syn10k --workers 1 2 --keep-db /tmp/syn10k.duckdb

Each build runs as ``python -m etl build`` in its own process, as an analyst runs it, while this script samples
the resident memory of that process and its parse workers every 20 ms; the peak is the most the whole tree held
at once. Report files are hard-linked into a scratch folder (the corpus's ground-truth JSON stays out), and the
changed file is a copy, so the corpus itself is never touched.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.accuracy import machine  # noqa: E402
from etl.read import SUPPORTED_SUFFIXES  # noqa: E402

SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Measured:
    """One build: wall time, peak resident memory of the process tree, and the build's own summary line."""

    seconds: float
    cpu_seconds: float  # user + system of the build and its workers: its cost on a machine shared with others
    peak_bytes: int
    summary: str


def link_reports(corpus: Path, target: Path) -> list[Path]:
    """Hard links (copies across file systems) of the corpus's report files under ``target``."""
    made = []
    for source in sorted(corpus.rglob("*")):
        if source.suffix.lower() not in SUPPORTED_SUFFIXES or not source.is_file():
            continue
        destination = target / source.relative_to(corpus)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, destination)
        except OSError:
            shutil.copy2(source, destination)
        made.append(destination)
    return made


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (0 for any that ended meanwhile)."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def run_build(folder: Path, database: Path, workers: int, full: bool) -> Measured:
    """Run one build in a child process and sample its memory until it exits."""
    command = [sys.executable, "-m", "etl", "build", str(folder), "--db", str(database), "--workers", str(workers)]
    if full:
        command.append("--full")
    started, cpu_before = time.perf_counter(), _children_cpu()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        watched = psutil.Process(child.pid)
        while not done.is_set():
            try:
                peak = max(peak, tree_rss(watched))
            except psutil.Error:
                return
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = child.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"构建失败（退出码 {child.returncode}）：\n{output}")
    return Measured(seconds, _children_cpu() - cpu_before, peak, summary_line(output))


def _children_cpu() -> float:
    """CPU seconds of every finished child process and its own children (the parse workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def summary_line(output: str) -> str:
    """The build's one-line count summary (files seen, parsed, reused, failed…), or its last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    counted = [line for line in lines if "解析" in line and "复用" in line]
    return (counted or lines or [""])[-1]


def change_one_file(folder: Path) -> Path:
    """Replace one text report's link with an edited copy (one more line), so exactly one sha256 changes."""
    victim = next(path for path in sorted(folder.rglob("*")) if path.suffix.lower() in {".txt", ".md"})
    data = victim.read_bytes()
    victim.unlink()  # break the hard link before writing: the corpus keeps its bytes
    encoding = "gb18030" if b"\xef\xbb\xbf" not in data[:3] and not _is_utf8(data) else "utf-8"
    victim.write_bytes(data + "\n（基准测试：改动了一行）\n".encode(encoding))
    return victim


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def report(label: str, measured: Measured, files: int) -> None:
    """Print one measurement."""
    rate = files / measured.seconds if measured.seconds else 0.0
    print(
        f"{label:<30} {measured.seconds:8.2f} s  {rate:7.1f} 份/秒  CPU {measured.cpu_seconds:7.1f} s"
        f"  峰值内存 {measured.peak_bytes / 2**20:6.0f} MiB"
        f"  | {measured.summary}"
    )


def main() -> int:
    """Full builds per worker count, then unchanged and one-changed-file rebuilds on the last one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="python -m etl.synth 生成的目录")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="逐一测量的并行进程数")
    parser.add_argument("--keep-db", type=Path, default=None, help="把最后一次构建的数据仓库复制到此处")
    args = parser.parse_args()
    print(f"机器: {machine()}；负载 {os.getloadavg()[0]:.1f}（负载高于 2 时墙钟时间被其他进程拉长，CPU 时间不受影响）")
    scratch = Path(tempfile.mkdtemp(prefix="bench_scale_"))
    try:
        folder = scratch / "reports"
        files = len(link_reports(args.corpus, folder))
        print(f"报告文件 {files} 份（{args.corpus}）")
        database = scratch / "warehouse.duckdb"
        for workers in args.workers:
            database.unlink(missing_ok=True)
            report(f"全量构建 --workers {workers}", run_build(folder, database, workers, full=True), files)
        last = args.workers[-1]
        report(f"无改动重建 --workers {last}", run_build(folder, database, last, full=False), files)
        changed = change_one_file(folder)
        report(f"改动 1 份后重建 --workers {last}", run_build(folder, database, last, full=False), files)
        print(f"改动的文件：{changed.relative_to(folder)}；数据仓库 {database.stat().st_size / 2**20:.0f} MiB")
        print(f"结束时负载 {os.getloadavg()[0]:.1f}")
        if args.keep_db:
            shutil.copy2(database, args.keep_db)
            print(f"数据仓库已复制到 {args.keep_db}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
