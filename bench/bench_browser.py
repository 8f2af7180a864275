"""Time, in headless Debian chromium, from opening a shared link until each page has rendered its charts and values.

    python bench/bench_browser.py --warehouse /tmp/syn10k.duckdb --repeat 5

Starts the real Streamlit server on 127.0.0.1 serving the given warehouse (tests/server.py, as the browser tests
do), opens every page from a link as a colleague would paste it (a new tab each time, so nothing is reused from the
previous view), and stops the clock when the script run is over, no skeleton is left and the page's plotly charts
are drawn. Prints the median and the worst of the repeats per page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.accuracy import machine  # noqa: E402
from tests.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

BUSY = "[data-testid=stStatusWidgetRunningIcon], [data-testid=stSkeleton], [data-testid=stSkeletonElement]"
# (URL path, query string, plotly charts the page draws with these filters)
LINKS: tuple[tuple[str, str, int], ...] = (
    ("overview", "v=1", 0),
    ("budget", "v=1", 4),
    ("projects", "v=1", 3),
    ("scores", "v=1", 3),
    ("indicators", "m=1&v=1", 0),
    ("checks", "v=1", 0),
    ("report", "v=1", 0),
)


def time_link(browser: Browser, url: str, charts: int) -> float:
    """Seconds from navigation to a finished, drawn page, in a fresh tab."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("[data-testid=stMain]", timeout=60_000)
        if charts:
            script = f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}"
            page.wait_for_function(script, timeout=60_000)
        page.wait_for_function(f"!document.querySelector('{BUSY}')", timeout=60_000, polling=50)
        elapsed = time.perf_counter() - started
        if page.locator("[data-testid=stException]").count():
            raise SystemExit(f"{url} 显示了异常")
        return elapsed
    finally:
        page.close()


def main() -> int:
    """Warm the server once, then time every page ``--repeat`` times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse.duckdb")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"机器: {machine()}；数据仓库 {args.warehouse}（{args.warehouse.stat().st_size / 2**20:.0f} MiB）")
    log = Path(tempfile.mkdtemp(prefix="bench_browser_")) / "streamlit.log"
    with streamlit_server(args.warehouse, log) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # The first visit imports the page and fills the query cache: shown apart from the repeats.
        first = {name: time_link(browser, f"{url}/{name}?{query}", charts) for name, query, charts in LINKS}
        print(f"{'页面':<12}{'首次（冷缓存）':>12}{'中位数':>10}{'最慢':>10}")
        for name, query, charts in LINKS:
            times = [time_link(browser, f"{url}/{name}?{query}", charts) for _ in range(args.repeat)]
            print(f"{name:<12}{first[name]:13.2f}s{statistics.median(times):9.2f}s{max(times):9.2f}s")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
