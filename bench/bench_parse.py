"""Parse time per report (median over repeated runs) and field accuracy against answer keys.

    python bench/bench_parse.py [--repeat 50] [--gold tests/fixtures/gold] FILES_OR_DIRS...

Accuracy = fields right / fields the answer key states (non-null scalars, each dimension score and spending item),
numbers within 0.005.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.parse import parse_document
from etl.read import read_document
from etl.record import Report

SKIPPED = {"source_url", "inconsistencies", "remarks", "dimension_scores", "spending_items", "indicator_rows"}


def files_of(paths: list[str]) -> list[Path]:
    """Report files named or found in the folders named."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return found


def time_parse(path: Path, repeat: int) -> tuple[float, float]:
    """Median seconds to read and to parse one file."""
    read_times, parse_times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        document = read_document(path)
        read_done = time.perf_counter()
        parse_document(document)
        parse_times.append(time.perf_counter() - read_done)
        read_times.append(read_done - started)
    return statistics.median(read_times), statistics.median(parse_times)


def close(actual: object, expected: object) -> bool:
    """Numbers within 0.005, everything else equal."""
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(actual, int | float) and abs(float(actual) - float(expected)) <= 0.005
    return actual == expected


def score_against(report: Report, gold: dict) -> tuple[int, int, list[str]]:
    """(right, stated, wrong field names) of one report against its answer key."""
    right = stated = 0
    wrong: list[str] = []
    for name, expected in gold.items():
        if name in SKIPPED or expected is None:
            continue
        stated += 1
        if close(report.value(name), expected):
            right += 1
        else:
            wrong.append(f"{name}={report.value(name)!r}≠{expected!r}")
    dims = {d.name: (d.max, d.score) for d in report.dimension_scores}
    for dim in gold.get("dimension_scores", []):
        stated += 1
        got = dims.get(dim["name"])
        if got and close(got[0], dim["max"]) and close(got[1], dim["score"]):
            right += 1
        else:
            wrong.append(f"dimension {dim['name']}")
    items = {i.name: i.amount for i in report.spending_items if i.kind == "project"}
    for item in gold.get("spending_items", []):
        stated += 1
        if close(items.get(item["name"]), item["amount"]):
            right += 1
        else:
            wrong.append(f"item {item['name']}")
    return right, stated, wrong


def main() -> int:
    """Print per-file timings, the median, and accuracy where answer keys exist."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--gold", default="tests/fixtures/gold")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    medians = []
    right_total = stated_total = 0
    for path in files_of(args.paths):
        read_s, parse_s = time_parse(path, args.repeat)
        medians.append(read_s + parse_s)
        line = f"{path.name:40s} read {read_s * 1000:6.2f} ms  parse {parse_s * 1000:6.2f} ms"
        gold_path = Path(args.gold) / f"{path.stem}.json"
        if gold_path.exists():
            right, stated, wrong = score_against(parse_document(read_document(path)), json.loads(gold_path.read_text()))
            right_total += right
            stated_total += stated
            line += f"  fields {right}/{stated}" + (f"  wrong: {', '.join(wrong)}" if wrong else "")
        print(line)
    print(f"median read+parse per report: {statistics.median(medians) * 1000:.2f} ms over {len(medians)} files")
    if stated_total:
        print(f"field accuracy: {right_total}/{stated_total} = {right_total / stated_total:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
