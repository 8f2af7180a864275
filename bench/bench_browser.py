"""Time, in headless Debian chromium, from opening a shared link until each page has rendered its charts and values.

    python bench/bench_browser.py --warehouse /tmp/syn10k.duckdb --repeat 5

Starts the real Streamlit server on 127.0.0.1 serving the given warehouse (tests/server.py, as the browser tests
do), opens every page from a link as a colleague would paste it, in a new tab each time, and stops the clock when
every element, plotly chart and table the page shows is there and drawn and the script run is over. What
"every" means is learnt once per page before timing: the first visit waits until the page has shown nothing new
for SETTLED seconds after its run, and the charts and tables it saw are printed beside the times. (Until
2026-12-06 the clock stopped when no running indicator was showing, which is also true in the moment between the
page's frame appearing and its script starting: the table pages were timed before any table had arrived, and a
chart page once three of plotly's SVG layers, a single chart, were there.) Two kinds of tab:

- a new browser profile each time (nothing cached: every script of the front end, plotly.js's 4 MB among them, is
  downloaded and compiled again), the worst case;
- a new tab of a browser that has opened the dashboard before (its HTTP cache holds those scripts, which Streamlit
  serves with content hashes in their names), as a colleague's everyday browser does.

Prints the median and the worst of the repeats per page for each. ``--profile budget`` instead opens that one
page once in a fresh profile and says where the time went: when the websocket opened and when the last data
arrived, and the browser's main-thread CPU time per script (CDP sampling profiler), plotly.js's chunk apart.
``--floor`` times what no page of ours can beat: a bare HTML page that loads plotly.js (the copy the plotly package
ships) and draws one two-bar chart, without Streamlit, served from a local folder, in a fresh profile each time.
``--engines`` times what a chart library and the dashboard's other elements cost inside Streamlit: a page of four
30-bar charts drawn by ``st.plotly_chart``, the same drawn by Streamlit's built-in ``st.echarts_chart`` and
``st.vega_lite_chart``, the page with four paragraphs instead, and that page with one table or with the sidebar's
filters added.
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
from typing import NamedTuple

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.accuracy import machine  # noqa: E402
from tests.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

BUSY = "[data-testid=stStatusWidgetRunningIcon], [data-testid=stSkeleton], [data-testid=stSkeletonElement]"
# (name, shared link) of each view timed; {report} is a report of the warehouse with a budget executed (the
# drill-through every table's 出处 column opens: the value's sentence, the report's findings and its full text)
LINKS: tuple[tuple[str, str], ...] = (
    ("overview", "overview?v=1"),
    ("budget", "budget?v=1"),
    ("projects", "projects?v=1"),
    ("scores", "scores?v=1"),
    ("indicators", "indicators?m=1&v=1"),
    ("checks", "checks?v=1"),
    ("report", "report?v=1"),
    ("report 出处", "report?r={report}&f=budget_executed&v=1"),
)

# [plotly charts drawn, tables drawn, elements shown, script running or a skeleton shown]: a chart counts once
# plotly has made its SVG (one chart makes three .main-svg), a table once its grid has a canvas; the elements count
# tells a finished page from one whose script has not started yet (neither shows a running indicator).
DRAWN = f"""() => [
  [...document.querySelectorAll('[data-testid=stPlotlyChart]')].filter(e => e.querySelector('.main-svg')).length,
  [...document.querySelectorAll('[data-testid=stDataFrame]')].filter(e => e.querySelector('canvas')).length,
  document.querySelectorAll('[data-testid=stElementContainer]').length,
  !!document.querySelector('{BUSY}'),
]"""
# Seconds a page must show no new chart or table after its run before its counts are taken as complete: the
# script run starts only once the websocket is open, up to a second or two after the page's frame appears.
SETTLED = 3.0


class Drawn(NamedTuple):
    """What a page shows when it is finished: its drawn plotly charts and tables, and all its elements."""

    charts: int
    tables: int
    elements: int

    def __str__(self) -> str:
        return f"{self.charts} 图 {self.tables} 表"


BARE_CHART_PAGE = """<!doctype html><meta charset="utf-8"><script src="plotly.min.js"></script>
<div id="chart" style="width:800px;height:400px"></div>
<script>Plotly.newPlot("chart", [{type: "bar", x: ["甲", "乙"], y: [1, 2]}]);</script>
"""


# (name, Streamlit calls, CSS selector of one drawn element, how many must be drawn): four 30-bar charts in each
# chart library Streamlit ships, the same page with four paragraphs instead, and what a table and the sidebar's
# filters add to that page, each alone.
ENGINE_PAGE_HEAD = """import streamlit as st
names = [f"单位{i}" for i in range(3000)]
st.title("图表库和元素的开销")
"""
PARAGRAPHS = 'for i in range(4):\n    st.markdown(f"第 {i} 段：{names[i]}")\n'
ENGINE_PAGES: tuple[tuple[str, str, str, int], ...] = (
    ("四段文字，无图表", PARAGRAPHS, "[data-testid=stMarkdown]", 4),
    (
        "plotly（st.plotly_chart）",
        "import plotly.graph_objects as go\nfor i in range(4):\n"
        '    st.plotly_chart(go.Figure(go.Bar(x=names[:30], y=list(range(30)))), key=f"c{i}")\n',
        ".svg-container > .main-svg:first-of-type",  # plotly draws three layers, each a .main-svg
        4,
    ),
    (
        "ECharts（st.echarts_chart）",
        'option = {"xAxis": {"type": "category", "data": names[:30]}, "yAxis": {"type": "value"},\n'
        '          "animation": False, "series": [{"type": "bar", "data": list(range(30))}]}\n'
        'for i in range(4):\n    st.echarts_chart(option, key=f"c{i}")\n',
        "[data-testid=stEChartsChart] canvas",
        4,
    ),
    (
        "Vega-Lite（st.vega_lite_chart）",
        'spec = {"data": {"values": [{"单位": n, "值": i} for i, n in enumerate(names[:30])]}, "mark": "bar",\n'
        '        "encoding": {"x": {"field": "单位", "type": "nominal"},\n'
        '                     "y": {"field": "值", "type": "quantitative"}}}\n'
        'for i in range(4):\n    st.vega_lite_chart(spec, key=f"c{i}")\n',
        "[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg",
        4,
    ),
    (
        "四段文字 + 一个表格（st.dataframe，1,000 行 × 12 列）",
        PARAGRAPHS + "import polars as pl\n"
        'st.dataframe(pl.DataFrame({f"列{j}": [f"{n}·{j}" for n in names[:1000]] for j in range(12)}))\n',
        "[data-testid=stDataFrame] canvas",
        1,
    ),
    (
        "四段文字 + 侧栏筛选（5 个多选，其一 3,000 项；年度滑块）",
        "with st.sidebar:\n    for label in ('省份', '行政级别', '报告范围', '评价类型'):\n"
        "        st.multiselect(label, ['甲', '乙', '丙'], placeholder='全部')\n"
        "    st.multiselect('单位', names, placeholder='全部')\n"
        "    st.slider('年度', 2018, 2025, (2018, 2025))\n" + PARAGRAPHS,
        "[data-testid=stMarkdown]",
        4,
    ),
)


def time_link(context: BrowserContext, url: str, expected: Drawn) -> float:
    """Seconds from navigation to a finished, drawn page, in a new tab of ``context``."""
    page = context.new_page()
    try:
        return wait_until_drawn(page, url, expected)
    finally:
        page.close()


def wait_until_drawn(page: Page, url: str, expected: Drawn) -> float:
    """Open ``url`` in ``page``; seconds until ``expected`` charts and tables are drawn and the run is over."""
    charts, tables, elements = expected
    finished = f"([c, t, e, busy]) => c >= {charts} && t >= {tables} && e >= {elements} && !busy"
    elapsed = seconds_until(page, url, f"({finished})(({DRAWN})())")
    _raise_on_exception(page, url)
    return elapsed


def seconds_until(page: Page, url: str, condition: str) -> float:
    """Open ``url`` in ``page``; seconds until the JavaScript ``condition`` holds (polled every 50 ms)."""
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(condition, timeout=60_000, polling=50)
    return time.perf_counter() - started


def seconds_in_fresh_profile(browser: Browser, url: str, condition: str) -> float:
    """seconds_until in a new tab of a new, empty profile."""
    context = new_context(browser)
    try:
        return seconds_until(context.new_page(), url, condition)
    finally:
        context.close()


def learn_drawn(context: BrowserContext, url: str) -> tuple[Drawn, float]:
    """Open ``url`` in a new tab and wait until it has shown no new chart or table for SETTLED seconds with its
    run over; the charts, tables and elements it then shows, and the seconds until the last was drawn."""
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded")
        seen, changed = (-1, -1, -1), started
        while time.perf_counter() - changed < SETTLED:
            if time.perf_counter() - started > 60:
                raise SystemExit(f"{url} 60 秒内没有画完")
            *counts, busy = page.evaluate(DRAWN)
            if busy or tuple(counts) != seen:
                seen, changed = tuple(counts), time.perf_counter()
            page.wait_for_timeout(50)
        _raise_on_exception(page, url)
        return Drawn(*seen), changed - started
    finally:
        page.close()


def _raise_on_exception(page: Page, url: str) -> None:
    """Stop the benchmark if the page shows a Streamlit exception: its timing would mean nothing."""
    if page.locator("[data-testid=stException]").count():
        raise SystemExit(f"{url} 显示了异常")


def new_context(browser: Browser) -> BrowserContext:
    """A browser profile of its own (empty cache), as the tests and screenshots use."""
    return browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")


def time_fresh(browser: Browser, url: str, expected: Drawn) -> float:
    """time_link in a new, empty profile."""
    context = new_context(browser)
    try:
        return time_link(context, url, expected)
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
    return seconds_in_fresh_profile(browser, url, "document.querySelectorAll('.main-svg').length")


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


def time_engine_page(browser: Browser, url: str, selector: str, count: int) -> float:
    """Seconds from navigation until ``count`` elements match ``selector`` and the run is over, fresh profile."""
    drawn = f"document.querySelectorAll({selector!r}).length >= {count} && !document.querySelector('{BUSY}')"
    return seconds_in_fresh_profile(browser, url, drawn)


def print_engines(warehouse: Path, repeat: int) -> None:
    """Serve each ENGINE_PAGES page with the real Streamlit server; print the median and worst of ``repeat`` loads
    after one warm-up."""
    folder = Path(tempfile.mkdtemp(prefix="bench_engines_"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for number, (name, body, selector, count) in enumerate(ENGINE_PAGES):
                script = folder / f"engine_{number}.py"
                script.write_text(ENGINE_PAGE_HEAD + body, encoding="utf-8")
                with streamlit_server(warehouse, folder / "streamlit.log", script=script) as url:
                    time_engine_page(browser, url, selector, count)
                    times = [time_engine_page(browser, url, selector, count) for _ in range(repeat)]
                print(
                    f"Streamlit 页面，{name}：中位数 {statistics.median(times):.2f} s，"
                    f"最快 {min(times):.2f} s，最慢 {max(times):.2f} s（{repeat} 次，新配置）"
                )
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def profile_link(browser: Browser, url: str, expected: Drawn) -> None:
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
    elapsed = wait_until_drawn(page, url, expected)
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


def report_with_budget(warehouse: Path) -> str:
    """The key of the first report (in key order) whose executed budget was read, for the drill-through link."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        row = connection.execute(
            "SELECT min(report_key) FROM v_reports WHERE budget_executed_wan IS NOT NULL"
        ).fetchone()
    if row is None or row[0] is None:
        raise SystemExit(f"{warehouse} 中没有读出执行数的报告，无法打开出处页")
    return row[0]


def main() -> int:
    """Warm the server once, then time every page ``--repeat`` times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse.duckdb")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", choices=[name for name, _ in LINKS], help="只剖析这一页（一次，新配置）")
    parser.add_argument("--floor", action="store_true", help="只测 plotly.js 本身：空白页上一个两柱图")
    parser.add_argument("--engines", action="store_true", help="图表库和元素的开销")
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
    report = report_with_budget(args.warehouse)
    links = {name: link.format(report=report) for name, link in LINKS}
    with streamlit_server(args.warehouse, log) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # The first visit imports the page, fills the query cache and learns what the finished page shows.
        first = {name: learn_drawn(new_context(browser), f"{url}/{link}") for name, link in links.items()}
        if args.profile:
            profile_link(browser, f"{url}/{links[args.profile]}", first[args.profile][0])
            browser.close()
            return 0
        everyday = new_context(browser)
        for name, link in links.items():  # the browser has been here before
            time_link(everyday, f"{url}/{link}", first[name][0])
        print(
            f"{'页面':<12}{'画完时':>8}{'首次（冷缓存）':>12}{'新配置 中位数':>14}{'最慢':>8}"
            f"{'常用浏览器 中位数':>16}{'最慢':>8}"
        )
        for name, path in links.items():
            link, (expected, cold) = f"{url}/{path}", first[name]
            fresh = [time_fresh(browser, link, expected) for _ in range(args.repeat)]
            cached = [time_link(everyday, link, expected) for _ in range(args.repeat)]
            print(
                f"{name:<12}{expected!s:>9}{cold:13.2f}s{statistics.median(fresh):13.2f}s{max(fresh):8.2f}s"
                f"{statistics.median(cached):16.2f}s{max(cached):8.2f}s"
            )
        everyday.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
