"""Time, in headless Debian chromium, from opening a shared link until each page has rendered its charts and values.

    python bench/bench_browser.py --warehouse /tmp/syn10k.duckdb --repeat 5

Starts the real Streamlit server on 127.0.0.1 serving the given warehouse (tests/server.py, as the browser tests
do), opens every page from a link as a colleague would paste it, in a new tab each time, and stops the clock when
the script run is over, no skeleton is left and the page's plotly charts are drawn. Two kinds of tab:

- a new browser profile each time (nothing cached: every script of the front end, plotly.js's 4 MB among them, is
  downloaded and compiled again), the worst case;
- a new tab of a browser that has opened the dashboard before (its HTTP cache holds those scripts, which Streamlit
  serves with content hashes in their names), as a colleague's everyday browser does.

Prints the median and the worst of the repeats per page for each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, sync_playwright

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


def time_link(context: BrowserContext, url: str, charts: int) -> float:
    """Seconds from navigation to a finished, drawn page, in a new tab of ``context``."""
    page = context.new_page()
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


def new_context(browser: Browser) -> BrowserContext:
    """A browser profile of its own (empty cache), as the tests and screenshots use."""
    return browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")


def time_fresh(browser: Browser, url: str, charts: int) -> float:
    """time_link in a new, empty profile."""
    context = new_context(browser)
    try:
        return time_link(context, url, charts)
    finally:
        context.close()


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
        first = {name: time_fresh(browser, f"{url}/{name}?{query}", charts) for name, query, charts in LINKS}
        everyday = new_context(browser)
        for name, query, charts in LINKS:  # the browser has been here before
            time_link(everyday, f"{url}/{name}?{query}", charts)
        print(f"{'页面':<12}{'首次（冷缓存）':>12}{'新配置 中位数':>14}{'最慢':>8}{'常用浏览器 中位数':>16}{'最慢':>8}")
        for name, query, charts in LINKS:
            link = f"{url}/{name}?{query}"
            fresh = [time_fresh(browser, link, charts) for _ in range(args.repeat)]
            cached = [time_link(everyday, link, charts) for _ in range(args.repeat)]
            print(
                f"{name:<12}{first[name]:13.2f}s{statistics.median(fresh):13.2f}s{max(fresh):8.2f}s"
                f"{statistics.median(cached):16.2f}s{max(cached):8.2f}s"
            )
        everyday.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
