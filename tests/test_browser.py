"""Browser test: the real Streamlit server on the sample warehouse, each page opened from a shared link in Debian
chromium (via the PyPI playwright package), charts and values rendered, no exception, a screenshot per page."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

ARTIFACTS = Path(__file__).parent / "artifacts"
CHART = ".js-plotly-plot, [data-testid=stPlotlyChart]"


@pytest.fixture(scope="module")
def server(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard served on 127.0.0.1 from the sample warehouse; yields its base URL."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with streamlit_server(sample_warehouse, log, sample_warehouse.parent / "data") as url:
        yield url


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    """One chromium tab for all pages (a fresh browser per module keeps the test under a minute)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        yield page
        browser.close()


def report_key(warehouse: Path, unit: str) -> str:
    """The key of the sample report of ``unit``."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT report_key FROM v_reports WHERE unit_name LIKE ?", [f"%{unit}%"]).fetchone()[0]


def settle(page: Page, expected: list[str], charts: int) -> None:
    """Wait until the script run is over, the expected texts show and ``charts`` plotly charts have drawn."""
    page.wait_for_selector("[data-testid=stApp]", timeout=30_000)
    for text in expected:
        page.get_by_text(text, exact=False).filter(visible=True).first.wait_for(timeout=20_000)
    if charts:
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {charts}", timeout=30_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=stStatusWidgetRunningIcon], [data-testid=stSkeleton], "
        "[data-testid=stSkeletonElement]')",
        timeout=30_000,
    )
    page.wait_for_timeout(400)  # let plotly finish its transitions before the screenshot


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot: Streamlit scrolls inside its main block, so grow the viewport to its height."""
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')]"
        ".map(e => e.scrollHeight), 1000)"
    )
    page.set_viewport_size({"width": 1440, "height": min(int(height) + 40, 16000)})
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 1000})
    return path


def shared_links(warehouse: Path) -> list[tuple[str, str, list[str], int]]:
    """(page, query string, texts that must show, charts expected) for each page, as a colleague would paste."""
    tianjin = report_key(warehouse, "天津")
    return [
        ("overview", "v=1", ["5 份", "单位 × 年度"], 0),
        ("budget", "lv=prov,pref,cnty&v=1", ["94.56%", "天津市残联 2023"], 4),
        ("projects", "ev=self,ext&v=1", ["基本支出与项目支出", "项目报告：预算与执行"], 3),
        ("scores", "sc=dept,proj&v=1", ["96.10（优）", "95.80（优）", "58.33%"], 3),
        ("indicators", "u=120000&m=1&v=1", ["未达成的指标及偏差原因"], 0),
        ("checks", "u=530100&v=1", ["逐条查看", "原文一"], 0),
        ("report", f"r={tianjin}&f=budget_executed&v=1", ["【10,389.70】", "94.56%"], 0),
    ]


def test_every_page_renders_from_a_shared_link(server: str, browser_page: Page, sample_warehouse: Path) -> None:
    problems: list[str] = []
    for name, query, expected, charts in shared_links(sample_warehouse):
        browser_page.goto(f"{server}/{name}?{query}", wait_until="domcontentloaded")
        try:
            settle(browser_page, expected, charts)
        except Exception as error:  # keep going: one screenshot per page tells more than the first failure
            problems.append(f"{name}: {error}")
        path = screenshot(browser_page, name)
        exceptions = browser_page.locator("[data-testid=stException]").count()
        if exceptions:
            problems.append(f"{name}: {exceptions} exception element(s), see {path}")
        shown_query = browser_page.url.split("?", 1)[-1]
        if "v=1" not in shown_query or "b=" not in shown_query:
            problems.append(f"{name}: URL lost its state: {browser_page.url}")
    assert problems == []


def test_old_link_opens_with_rebuild_notice(server: str, browser_page: Page) -> None:
    browser_page.goto(f"{server}/scores?u=530100&b=20200101T000000Z-old0&v=1", wait_until="domcontentloaded")
    browser_page.get_by_text("此后数据已重新构建").first.wait_for(timeout=30_000)
    assert browser_page.locator("[data-testid=stException]").count() == 0
    # The notice can be drawn a moment before the rewritten query string reaches the address bar.
    stale = "b=20200101T000000Z-old0"
    with contextlib.suppress(PlaywrightTimeout):
        browser_page.wait_for_function(f"!location.search.includes({stale!r})", timeout=10_000)
    assert stale not in browser_page.url


def test_injection_in_link_shows_notice(server: str, browser_page: Page) -> None:
    browser_page.goto(f"{server}/budget?u=1%27%20OR%20%271%27=%271&lv=%3Cscript%3E&v=1", wait_until="domcontentloaded")
    browser_page.get_by_text("无法识别，已忽略").first.wait_for(timeout=30_000)
    assert browser_page.locator("[data-testid=stException]").count() == 0
    assert browser_page.evaluate("typeof window.__xss") == "undefined"


def test_benchmark_stops_the_clock_only_when_the_page_is_drawn(server: str, browser_page: Page) -> None:
    """bench_browser's stop, which once fired before the script had started: its first visit must count the
    overview's two tables and the budget page's charts, and a timed visit must end with them drawn."""
    from bench.bench_browser import learn_drawn, new_context, wait_until_drawn

    context = new_context(browser_page.context.browser)
    try:
        overview, _ = learn_drawn(context, f"{server}/overview?v=1")
        budget, _ = learn_drawn(context, f"{server}/budget?lv=prov,pref,cnty&v=1")
        assert (overview.charts, overview.tables) == (0, 2)
        assert budget.charts >= 4 and budget.tables >= 2
        page = context.new_page()
        wait_until_drawn(page, f"{server}/overview?v=1", overview)
        assert page.locator("[data-testid=stDataFrame] canvas").count() >= 2
        assert page.get_by_text("单位 × 年度").count() >= 1
    finally:
        context.close()
