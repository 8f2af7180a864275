"""Command line: `python -m etl.synth --reports 10000 --seed 7 [--workers 2] [--contradiction-rate 0.15] OUT/`."""

from __future__ import annotations

import argparse
import sys
import time

from etl.synth.generate import generate
from etl.synth.model import Config


def parse_formats(text: str) -> tuple[tuple[str, float], ...]:
    """'txt=0.3,pdf=0.7' → (("txt", 0.3), ("pdf", 0.7))."""
    pairs = [part.split("=") for part in text.split(",") if part]
    return tuple((name.strip(), float(weight)) for name, weight in pairs)


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus and print how long it took."""
    parser = argparse.ArgumentParser(prog="python -m etl.synth", description="生成合成残联绩效报告及其标准答案")
    parser.add_argument("out", help="输出目录")
    parser.add_argument("--reports", type=int, default=100, help="报告份数")
    parser.add_argument("--seed", type=int, default=7, help="随机种子（同一种子生成相同文件）")
    parser.add_argument("--workers", type=int, default=1, help="并行进程数")
    parser.add_argument("--contradiction-rate", type=float, default=0.15, help="含自相矛盾的报告比例")
    parser.add_argument("--formats", type=parse_formats, default=None, help="格式分布，如 txt=0.5,pdf=0.5")
    args = parser.parse_args(argv)
    config = Config(reports=args.reports, seed=args.seed, contradiction_rate=args.contradiction_rate)
    if args.formats:
        config = Config(args.reports, args.seed, args.contradiction_rate, args.formats)
    started = time.perf_counter()
    count = generate(config, args.out, workers=args.workers, progress=sys.stderr.isatty())
    elapsed = time.perf_counter() - started
    print(f"已生成 {count} 份报告到 {args.out}，用时 {elapsed:.1f} 秒（{count / max(elapsed, 1e-9):.0f} 份/秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
