"""Dashboard timings on a warehouse: each page's server-side run time with AppTest (median of repeated runs, cold
and warm cache, and as a ratio to a trivial page measured in the same run), and p50/p95 latency of every
queries.py function without its cache.

    python bench/bench_pages.py --warehouse data/warehouse.duckdb --repeat 7
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TRIVIAL_PAGE = "import streamlit as st\nst.title('trivial')\nst.write('one line')\n"


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def page_timings(repeat: int) -> list[tuple[str, float, float]]:
    """(page, cold seconds, warm median seconds) for every page, routed through app.py as in the browser."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import ui

    rows = []
    for page in ui.PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        at.switch_page(page.file)
        st.cache_data.clear()
        start = time.perf_counter()
        at.run()
        cold = time.perf_counter() - start
        if at.exception:
            raise SystemExit(f"{page.url_path}: {at.exception[0].message}")
        warm = median_seconds(at.run, repeat)
        rows.append((page.url_path, cold, warm))
    return rows


def trivial_timing(repeat: int) -> float:
    """Median run time of a page that only writes a title and a line (the AppTest floor)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(TRIVIAL_PAGE, default_timeout=60).run()
    return median_seconds(at.run, repeat)


def query_calls() -> dict[str, Callable[[], object]]:
    """One call of every question queries.py answers, with the filters and report the pages use most."""
    import queries

    everything = queries.Filters()
    first_key = queries.filter_options()["report_key"][0]
    return {
        "filter_options": queries.filter_options,
        "latest_build": queries.latest_build,
        "reports": lambda: queries.reports(everything),
        "execution_rates": lambda: queries.execution_rates(everything),
        "budget_phases": lambda: queries.budget_phases(everything),
        "budget_changes": lambda: queries.budget_changes(everything),
        "dimension_scores": lambda: queries.dimension_scores(everything),
        "spending_items": lambda: queries.spending_items(everything),
        "indicators": lambda: queries.indicators(everything, None, "培训", False),
        "checks": lambda: queries.checks(everything),
        "report_facts": lambda: queries.report_facts(first_key),
        "report_document": lambda: queries.report_document(first_key),
    }


def query_latencies(repeat: int) -> list[tuple[str, float, float]]:
    """(function, p50 ms, p95 ms) of each query with the result cache bypassed: cursor, run, to polars."""
    import queries

    cached = queries._cached_query
    queries._cached_query = queries._run_query  # the read itself, not the cache
    try:
        rows = []
        for name, call in query_calls().items():
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                call()
                times.append((time.perf_counter() - start) * 1000)
            rows.append((name, percentile(times, 0.5), percentile(times, 0.95)))
        return rows
    finally:
        queries._cached_query = cached


def main(argv: list[str] | None = None) -> int:
    """Print page and query timings as two small tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", default=os.environ.get("CANLIAN_WAREHOUSE", "data/warehouse.duckdb"))
    parser.add_argument("--repeat", type=int, default=7, help="runs per page (median)")
    parser.add_argument("--query-repeat", type=int, default=50, help="calls per query (p50/p95)")
    args = parser.parse_args(argv)
    warehouse = Path(args.warehouse).resolve()
    if not warehouse.is_file():
        print(f"没有数据仓库 {warehouse}；先运行 python -m etl build data", file=sys.stderr)
        return 1
    os.environ["CANLIAN_WAREHOUSE"] = str(warehouse)
    os.chdir(ROOT)
    trivial = trivial_timing(args.repeat)
    print(f"warehouse {warehouse} ({warehouse.stat().st_size / 1e6:.1f} MB), {args.repeat} runs per page")
    print(f"trivial page: {trivial * 1000:.1f} ms (median)")
    print(f"{'page':<12}{'cold ms':>10}{'warm ms':>10}{'× trivial':>11}")
    for name, cold, warm in page_timings(args.repeat):
        print(f"{name:<12}{cold * 1000:>10.1f}{warm * 1000:>10.1f}{warm / trivial:>11.1f}")
    print(f"{'query (no cache)':<20}{'p50 ms':>9}{'p95 ms':>9}   ({args.query_repeat} calls each)")
    for name, p50, p95 in query_latencies(args.query_repeat):
        print(f"{name:<20}{p50:>9.2f}{p95:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
