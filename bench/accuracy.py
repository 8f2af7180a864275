"""Accuracy of the parser and the checks on a synthetic corpus: fields right / fields stated, check recall/precision.

    python bench/accuracy.py OUT/ [--limit N] [--workers N] [--examples 3] [--json result.json]

Reads every ``<file>.truth.json`` beside its report (written by ``python -m etl.synth``), parses the report
with ``etl.parse``, runs ``etl.validate.run_checks`` and compares. Numbers count as right within 0.005,
strings must match exactly; a field the report states twice with two values is right with either.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.record import SCALAR_FIELDS as RECORD_FIELDS

# Every scalar field of the record except the free-text sections, which have no exact answer to score.
SCALAR_FIELDS = tuple(name for name in RECORD_FIELDS if name not in ("problems", "measures"))
LIST_FIELDS = ("dimension_scores", "spending_items", "indicator_rows")
TOLERANCE = 0.005
# Checks whose findings are notes rather than problems do not count against precision.
IGNORED_SEVERITIES = frozenset({"info"})


def same_value(expected: object, actual: object) -> bool:
    """Numbers within TOLERANCE, everything else exactly."""
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(actual, int | float) and abs(float(expected) - float(actual)) <= TOLERANCE
    return expected == actual


def _dimension_key(rows: list[dict]) -> list[tuple]:
    return sorted((d.get("name"), _num(d.get("max")), _num(d.get("score"))) for d in rows)


def _item_key(rows: list[dict]) -> list[tuple]:
    return sorted((d.get("name"), _num(d.get("amount")), _num(d.get("budget"))) for d in rows)


def _num(value: object) -> float | None:
    return None if value is None else round(float(value), 2)


def compare_record(truth: dict, parsed: dict | None) -> dict[str, tuple[bool | None, object, object]]:
    """Per field: (right? or None when the report does not state it, expected, parsed)."""
    out: dict[str, tuple[bool | None, object, object]] = {}
    parsed = parsed or {}
    alternatives = truth.get("alternatives", {})
    for name in SCALAR_FIELDS:
        expected, actual = truth.get(name), parsed.get(name)
        if expected is None:
            out[name] = (None, None, actual)
            continue
        accepted = [expected, *alternatives.get(name, [])]
        out[name] = (any(same_value(value, actual) for value in accepted), expected, actual)
    for name, key in (("dimension_scores", _dimension_key), ("spending_items", _item_key)):
        expected, actual = truth.get(name) or [], parsed.get(name) or []
        out[name] = (key(expected) == key(actual) if expected else None, expected, actual)
    expected, actual = truth.get("indicator_rows"), parsed.get("indicator_rows")
    out["indicator_rows"] = (None if expected is None else expected == actual, expected, actual)
    return out


def score_one(truth_path: str) -> dict:
    """Parse and check one report; the comparison and the fired check ids."""
    from etl.errors import EtlError
    from etl.parse import parse_document
    from etl.read import read_document
    from etl.validate import run_checks

    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    report_path = truth_path[: -len(".truth.json")]
    started = time.perf_counter()
    error, parsed, fired = None, None, []
    try:
        document = read_document(report_path)
        report = parse_document(document)
        parsed = report.to_json_record()
        findings = run_checks(report, document.text)
        fired = sorted({f.check_id for f in findings if f.severity not in IGNORED_SEVERITIES})
    except EtlError as exc:
        error = exc.reason
    except Exception as exc:  # a crash is a result to report, not a reason to stop the benchmark
        error = f"{type(exc).__name__}: {exc}"
    fields = compare_record(truth, parsed)
    return {
        "file": truth["file"],
        "format": truth["format"],
        "layout": truth["layout"],
        "seconds": time.perf_counter() - started,
        "error": error,
        "fields": {name: [ok, _short(exp), _short(act)] for name, (ok, exp, act) in fields.items()},
        "expected_checks": truth.get("expected_checks", []),
        "fired_checks": fired,
    }


def _short(value: object) -> object:
    text = json.dumps(value, ensure_ascii=False)
    return value if len(text) <= 160 else text[:157] + "..."


def summarise(results: list[dict]) -> dict:
    """Totals: field accuracy overall, per field, per format and per layout; check recall and precision."""
    per_field: dict[str, Counter] = defaultdict(Counter)
    per_format: dict[str, Counter] = defaultdict(Counter)
    per_layout: dict[str, Counter] = defaultdict(Counter)
    checks: dict[str, Counter] = defaultdict(Counter)
    for result in results:
        for name, (ok, _, actual) in result["fields"].items():
            if ok is None:
                per_field[name]["spurious"] += actual not in (None, [], 0) and name in SCALAR_FIELDS
                continue
            for table, key in ((per_field, name), (per_format, result["format"]), (per_layout, result["layout"])):
                table[key]["stated"] += 1
                table[key]["right"] += bool(ok)
        expected, fired = set(result["expected_checks"]), set(result["fired_checks"])
        for check in expected | fired:
            checks[check]["tp"] += check in expected and check in fired
            checks[check]["fn"] += check in expected and check not in fired
            checks[check]["fp"] += check in fired and check not in expected
    stated = sum(c["stated"] for c in per_field.values())
    right = sum(c["right"] for c in per_field.values())
    tp, fp, fn = (sum(c[k] for c in checks.values()) for k in ("tp", "fp", "fn"))
    return {
        "reports": len(results),
        "failed": sum(1 for r in results if r["error"]),
        "fields_stated": stated,
        "fields_right": right,
        "field_accuracy": right / stated if stated else None,
        "check_recall": tp / (tp + fn) if tp + fn else None,
        "check_precision": tp / (tp + fp) if tp + fp else None,
        "per_field": {k: dict(v) for k, v in per_field.items()},
        "per_format": {k: dict(v) for k, v in per_format.items()},
        "per_layout": {k: dict(v) for k, v in per_layout.items()},
        "checks": {k: dict(v) for k, v in checks.items()},
    }


def machine() -> str:
    """CPU, cores, memory, OS and Python of this run."""
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.1f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:6.2f}%" if total else "     -"


def print_report(summary: dict, results: list[dict], elapsed: float, examples: int) -> None:
    """The human-readable tables."""
    n = summary["reports"]
    print(f"机器: {machine()}")
    print(f"报告 {n} 份，解析失败 {summary['failed']} 份，用时 {elapsed:.1f} 秒（{n / max(elapsed, 1e-9):.1f} 份/秒）")
    accuracy = summary["field_accuracy"]
    print(f"字段准确率 {summary['fields_right']}/{summary['fields_stated']} = {100 * (accuracy or 0):.2f}%")
    recall, precision = summary["check_recall"], summary["check_precision"]
    print(f"核查召回率 {_fmt(recall)}  精确率 {_fmt(precision)}")
    print("\n按字段（差的在前）:")
    print(f"  {'field':<20} {'right':>6} {'stated':>6} {'acc':>8} {'spurious':>8}")
    fields = sorted(summary["per_field"].items(), key=lambda kv: kv[1].get("right", 0) / max(1, kv[1].get("stated", 0)))
    for name, c in fields:
        stated, right = c.get("stated", 0), c.get("right", 0)
        print(f"  {name:<20} {right:>6} {stated:>6} {_pct(right, stated):>8} {c.get('spurious', 0):>8}")
    for title, key in (("按格式", "per_format"), ("按版式", "per_layout")):
        print(f"\n{title}:")
        for name, c in sorted(summary[key].items()):
            print(f"  {name:<20} {c['right']:>6}/{c['stated']:<6} {_pct(c['right'], c['stated'])}")
    print("\n核查（tp / fp / fn）:")
    for check, c in sorted(summary["checks"].items()):
        print(f"  {check:<34} {c.get('tp', 0):>5} {c.get('fp', 0):>5} {c.get('fn', 0):>5}")
    _print_examples(results, fields, examples)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}%"


def _print_examples(results: list[dict], fields: list, examples: int) -> None:
    errors = [r for r in results if r["error"]]
    if errors:
        print(f"\n解析失败示例（共 {len(errors)}）:")
        for r in errors[:examples]:
            print(f"  {r['file']}: {r['error']}")
    print("\n最差字段示例（期望 → 解析所得）:")
    for name, c in fields[:6]:
        if c.get("right", 0) == c.get("stated", 0):
            continue
        wrong = [r for r in results if r["fields"][name][0] is False and not r["error"]][:examples]
        for r in wrong:
            _, expected, actual = r["fields"][name]
            print(f"  {name}: {r['file']} [{r['format']}/{r['layout']}] {expected!r} → {actual!r}")


def main(argv: list[str] | None = None) -> int:
    """Score the corpus and print the tables; optionally save everything as JSON."""
    parser = argparse.ArgumentParser(description="合成语料上的解析准确率与核查召回率/精确率")
    parser.add_argument("corpus", help="python -m etl.synth 生成的目录")
    parser.add_argument("--limit", type=int, default=None, help="只评前 N 份")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--examples", type=int, default=3, help="每个最差字段列出几个示例文件")
    parser.add_argument("--json", default=None, help="把逐份结果和汇总写入此 JSON 文件")
    args = parser.parse_args(argv)
    truths = sorted(str(p) for p in Path(args.corpus).glob("*.truth.json"))[: args.limit]
    if not truths:
        print(f"{args.corpus}: 没有 *.truth.json 文件", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.workers > 1:
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            results = list(pool.map(score_one, truths, chunksize=8))
    else:
        results = [score_one(path) for path in truths]
    elapsed = time.perf_counter() - started
    summary = summarise(results)
    print_report(summary, results, elapsed, args.examples)
    if args.json:
        payload = {"machine": machine(), "seconds": elapsed, "summary": summary, "results": results}
        Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
