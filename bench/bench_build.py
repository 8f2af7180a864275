"""Time the warehouse build: the sample folder, then N varied copies of the samples (full, then incremental +1 file).

    python bench/bench_build.py --copies 1000 --workers 2

Each copy gets a unique name and one extra line, so its sha256 differs and it is parsed for real (byte-identical
copies would be loaded once and prove nothing).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.build import BuildOptions, BuildSummary, build_warehouse  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def make_copies(target: Path, copies: int) -> list[Path]:
    """``copies`` variants of the seeds under ``target`` (100 a folder), each with distinct bytes."""
    seeds = sorted(SEEDS.iterdir())
    made = []
    for index in range(copies):
        seed = seeds[index % len(seeds)]
        folder = target / f"batch_{index // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"copy_{index:05d}_{seed.name}"
        path.write_bytes(seed.read_bytes() + f"\n（基准测试副本 {index:05d}）\n".encode())
        made.append(path)
    return made


def timed_build(directory: Path, database: Path, workers: int, full: bool) -> tuple[float, BuildSummary]:
    """Wall-clock seconds of one build and its summary."""
    started = time.perf_counter()
    summary = build_warehouse(BuildOptions(directory, database, directory / "corrections.csv", full, workers))
    return time.perf_counter() - started, summary


def line(label: str, seconds: float, summary: BuildSummary) -> str:
    """One line of the report."""
    return (
        f"{label:<34} {seconds:8.2f} s   files {summary.files_seen:>5}  parsed {summary.parsed:>5}  "
        f"reused {summary.reused:>5}  failed {len(summary.failed):>3}  checks {summary.n_checks:>6}"
    )


def _load_average() -> str:
    """1-minute load average: on a shared machine the figures only mean something next to it."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"


def main() -> int:
    """Run the three measurements and print them with the machine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"{platform.platform()}; workers {args.workers}; load average {_load_average()}"
    )
    root = Path(tempfile.mkdtemp(prefix="bench_build_"))
    try:
        samples = root / "samples"
        samples.mkdir()
        for seed in SEEDS.iterdir():
            shutil.copy(seed, samples / seed.name)
        print(
            line("sample folder (5 reports), full", *timed_build(samples, root / "samples.duckdb", args.workers, True))
        )
        folder = root / "copies"
        make_copies(folder, args.copies)
        database = root / "copies.duckdb"
        print(line(f"{args.copies} copies, full", *timed_build(folder, database, args.workers, True)))
        print(line(f"{args.copies} copies, unchanged", *timed_build(folder, database, args.workers, False)))
        extra = folder / "new" / f"new_{sorted(SEEDS.iterdir())[0].name}"
        extra.parent.mkdir()
        extra.write_bytes(sorted(SEEDS.iterdir())[0].read_bytes() + "\n（新增一份）\n".encode())
        print(line(f"{args.copies} copies + 1 new, incremental", *timed_build(folder, database, args.workers, False)))
        print(f"warehouse size: {database.stat().st_size / 1e6:.1f} MB; load average after {_load_average()}")
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
