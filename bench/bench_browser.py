"""Time, in headless Debian chromium, from opening a shared link until each page has rendered its charts and values.

    python bench/bench_browser.py --warehouse /tmp/syn10k.duckdb --repeat 5

Starts the real Streamlit server on 127.0.0.1 serving the given warehouse (tests/server.py, as the browser tests
do), opens every page from a link as a colleague would paste it, in a new tab each time, and stops the clock when
the script run is over, no skeleton is left and the page's plotly charts are drawn. Two kinds of tab:

- a new browser profile each time (nothing cached: every script of the front end, plotly.js's 4 MB among them, is
  downloaded and compiled again), the worst case;
- a new tab of a browser that has opened the dashboard before (its HTTP cache holds those scripts, which Streamlit
  serves with content hashes in their names), as a colleague's everyday browser does.

Prints the median and the worst of the repeats per page for each. ``--profile budget`` instead opens that one
page once in a fresh profile and says where the time went: when the websocket opened and when the last data
arrived, and the browser's main-thread CPU time per script (CDP sampling profiler), plotly.js's chunk apart.
``--floor`` times what no page of ours can beat: a bare HTML page that loads plotly.js (the copy the plotly package
ships) and draws one two-bar chart, without Streamlit, served from a local folder, in a fresh profile each time.
``--engines`` times what a chart library costs inside Streamlit: a page of four 30-bar charts drawn by
``st.plotly_chart``, the same drawn by Streamlit's built-in ``st.echarts_chart``, and the page with no chart.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

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


CHARTS_DRAWN = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= {}"
BARE_CHART_PAGE = """<!doctype html><meta charset="utf-8"><script src="plotly.min.js"></script>
<div id="chart" style="width:800px;height:400px"></div>
<script>Plotly.newPlot("chart", [{type: "bar", x: ["甲", "乙"], y: [1, 2]}]);</script>
"""


# (name, chart library calls, CSS selector of a drawn chart): four 30-bar charts, or none.
ENGINE_PAGE_HEAD = """import streamlit as st
names = [f"单位{i}" for i in range(30)]
st.title("图表库的开销")
"""
ENGINE_PAGES: tuple[tuple[str, str, str], ...] = (
    ("无图表", 'for i in range(4):\n    st.markdown(f"第 {i} 段：{names[i]}")\n', ""),
    (
        "plotly（st.plotly_chart）",
        "import plotly.graph_objects as go\nfor i in range(4):\n"
        '    st.plotly_chart(go.Figure(go.Bar(x=names, y=list(range(30)))), key=f"c{i}")\n',
        ".js-plotly-plot .main-svg",
    ),
    (
        "ECharts（st.echarts_chart）",
        'option = {"xAxis": {"type": "category", "data": names}, "yAxis": {"type": "value"}, "animation": False,\n'
        '          "series": [{"type": "bar", "data": list(range(30))}]}\n'
        'for i in range(4):\n    st.echarts_chart(option, key=f"c{i}")\n',
        "[data-testid=stEChartsChart] canvas",
    ),
)


def time_link(context: BrowserContext, url: str, charts: int) -> float:
    """Seconds from navigation to a finished, drawn page, in a new tab of ``context``."""
    page = context.new_page()
    try:
        return wait_until_drawn(page, url, charts)
    finally:
        page.close()


def wait_until_drawn(page: Page, url: str, charts: int) -> float:
    """Open ``url`` in ``page``; seconds until the script run is over and ``charts`` plotly charts are drawn."""
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid=stMain]", timeout=60_000)
    if charts:
        page.wait_for_function(CHARTS_DRAWN.format(charts), timeout=60_000)
    page.wait_for_function(f"!document.querySelector('{BUSY}')", timeout=60_000, polling=50)
    elapsed = time.perf_counter() - started
    if page.locator("[data-testid=stException]").count():
        raise SystemExit(f"{url} 显示了异常")
    return elapsed


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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def bare_chart_page() -> Iterator[str]:
    """URL of BARE_CHART_PAGE, served with plotly.min.js from a temporary folder until the block ends."""
    import plotly

    folder = Path(tempfile.mkdtemp(prefix="bench_floor_"))
    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", folder)
    (folder / "index.html").write_text(BARE_CHART_PAGE, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def time_bare_chart(browser: Browser, url: str) -> float:
    """Seconds from navigation until the bare page's chart is drawn, in a new, empty profile."""
    context = new_context(browser)
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_function(CHARTS_DRAWN.format(1), timeout=60_000, polling=50)
        return time.perf_counter() - started
    finally:
        context.close()


def print_floor(repeat: int) -> None:
    """Time the bare plotly page ``repeat`` times after one warm-up load and print the median and worst."""
    with bare_chart_page() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        time_bare_chart(browser, url)
        times = [time_bare_chart(browser, url) for _ in range(repeat)]
        browser.close()
    print(
        f"只有 plotly.js 和一个两柱图的空白页（无 Streamlit，新配置）：中位数 {statistics.median(times):.2f} s，"
        f"最快 {min(times):.2f} s，最慢 {max(times):.2f} s（{repeat} 次）"
    )


def time_engine_page(browser: Browser, url: str, selector: str) -> float:
    """Seconds from navigation until the script run is over and four charts match ``selector``, fresh profile."""
    context = new_context(browser)
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("[data-testid=stMain]", timeout=60_000)
        if selector:
            drawn = f"document.querySelectorAll({selector!r}).length >= 4"
            page.wait_for_function(drawn, timeout=60_000, polling=50)
        page.wait_for_function(f"!document.querySelector('{BUSY}')", timeout=60_000, polling=50)
        return time.perf_counter() - started
    finally:
        context.close()


def print_engines(warehouse: Path, repeat: int) -> None:
    """Serve each ENGINE_PAGES page with the real Streamlit server; print the median and worst of ``repeat`` loads
    after one warm-up."""
    folder = Path(tempfile.mkdtemp(prefix="bench_engines_"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for number, (name, body, selector) in enumerate(ENGINE_PAGES):
                script = folder / f"engine_{number}.py"
                script.write_text(ENGINE_PAGE_HEAD + body, encoding="utf-8")
                with streamlit_server(warehouse, folder / "streamlit.log", script=script) as url:
                    time_engine_page(browser, url, selector)
                    times = [time_engine_page(browser, url, selector) for _ in range(repeat)]
                print(
                    f"Streamlit 页面，{name}：中位数 {statistics.median(times):.2f} s，"
                    f"最快 {min(times):.2f} s，最慢 {max(times):.2f} s（{repeat} 次，新配置）"
                )
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def profile_link(browser: Browser, url: str, charts: int) -> None:
    """Open ``url`` once in a fresh profile with the CPU profiler and websocket log on; print where time went."""
    context = new_context(browser)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    requested: list[float] = []  # CDP network timestamps (seconds); the first request is the link itself
    frames: list[tuple[float, int]] = []
    cdp.send("Network.enable")
    cdp.on("Network.requestWillBeSent", lambda event: requested.append(event["timestamp"]))
    cdp.on("Network.webSocketFrameSent", lambda event: frames.append((event["timestamp"], 0)))
    received = "Network.webSocketFrameReceived"
    cdp.on(received, lambda event: frames.append((event["timestamp"], len(event["response"]["payloadData"]))))
    cdp.send("Profiler.enable")
    cdp.send("Profiler.start")
    elapsed = wait_until_drawn(page, url, charts)
    profile = cdp.send("Profiler.stop")["profile"]
    context.close()
    print(f"{url}：{elapsed:.2f} s")
    if requested and frames:
        zero = requested[0]
        last_data = max((stamp for stamp, size in frames if size > 1_000), default=zero)
        print(f"  websocket 首条消息 {frames[0][0] - zero:.2f} s；最后一批数据（>1 KB）{last_data - zero:.2f} s")
    print("  浏览器主线程 CPU，按脚本（毫秒）：")
    for script, milliseconds in cpu_by_script(profile).most_common(12):
        print(f"  {milliseconds:8.0f}  {script}")


def cpu_by_script(profile: dict) -> collections.Counter[str]:
    """Self time in ms per script file name ((idle), (program) and (garbage collector) as the profiler names them)."""
    names = {}
    for node in profile["nodes"]:
        frame = node["callFrame"]
        names[node["id"]] = frame["url"].rsplit("/", 1)[-1] or frame["functionName"]
    spent: collections.Counter[str] = collections.Counter()
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        spent[names[node_id]] += delta / 1000
    return spent


def main() -> int:
    """Warm the server once, then time every page ``--repeat`` times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse.duckdb")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", choices=[name for name, _, _ in LINKS], help="只剖析这一页（一次，新配置）")
    parser.add_argument("--floor", action="store_true", help="只测 plotly.js 本身：空白页上一个两柱图")
    parser.add_argument("--engines", action="store_true", help="比较图表库：四个柱图用 plotly、ECharts 或不画")
    args = parser.parse_args()
    if args.engines:
        print(f"机器: {machine()}")
        print_engines(args.warehouse, args.repeat)
        return 0
    if args.floor:
        print(f"机器: {machine()}")
        print_floor(args.repeat)
        return 0
    print(f"机器: {machine()}；数据仓库 {args.warehouse}（{args.warehouse.stat().st_size / 2**20:.0f} MiB）")
    log = Path(tempfile.mkdtemp(prefix="bench_browser_")) / "streamlit.log"
    with streamlit_server(args.warehouse, log) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if args.profile:
            for name, query, charts in LINKS:  # every page once first, as the timings below do
                time_fresh(browser, f"{url}/{name}?{query}", charts)
            name, query, charts = next(link for link in LINKS if link[0] == args.profile)
            profile_link(browser, f"{url}/{name}?{query}", charts)
            browser.close()
            return 0
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
