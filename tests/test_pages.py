"""AppTest runs every dashboard page on a warehouse built from the sample reports and checks the values shown,
the URL round-trip of every filter, and that malformed links give a notice, never an exception."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

import charts
import ui

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60


@pytest.fixture
def warehouse(sample_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample warehouse as the dashboard's live warehouse."""
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(sample_warehouse))
    monkeypatch.setenv("CANLIAN_DATA_DIR", str(sample_warehouse.parent / "data"))
    return sample_warehouse


def open_page(url_path: str, query: dict[str, str] | None = None) -> AppTest:
    """Open a page as a shared link would: the query string first, then the page."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()  # registers the pages for switch_page
    at.query_params.clear()
    at.query_params.update(query or {})
    return at.switch_page(ui.PAGE_BY_PATH[url_path].file).run()


def frame_with(at: AppTest, column: str) -> pl.DataFrame:
    """The first table shown that has ``column``, as text exactly as displayed."""
    for element in at.dataframe:
        frame = pl.from_pandas(element.value)
        if column in frame.columns:
            return frame
    raise AssertionError(f"no table with column {column}")


def row_of(frame: pl.DataFrame, unit: str, year: str) -> dict:
    """The displayed row of a unit and year."""
    rows = frame.filter(pl.col("单位").str.contains(unit) & (pl.col("年度") == year))
    assert rows.height == 1, rows
    return rows.row(0, named=True)


def report_key_of(warehouse: Path, unit: str) -> str:
    """The report key of the sample report of ``unit``."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT report_key FROM v_reports WHERE unit_name LIKE ?", [f"%{unit}%"]).fetchone()[0]


@pytest.mark.parametrize("url_path", [page.url_path for page in ui.PAGES])
def test_every_page_runs_without_exception(warehouse: Path, url_path: str) -> None:
    at = open_page(url_path)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == ui.PAGE_BY_PATH[url_path].title


@pytest.mark.parametrize("page_file", [page.file for page in ui.PAGES])
def test_every_page_runs_on_its_own(warehouse: Path, page_file: str) -> None:
    at = AppTest.from_file(str(ROOT / page_file), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.sidebar.multiselect(key="flt_units").value == []


def test_budget_page_shows_tianjin_2023_execution_rate(warehouse: Path) -> None:
    at = open_page("budget")
    assert row_of(frame_with(at, "执行率"), "天津", "2023")["执行率"] == "94.56%"


def test_budget_page_shows_heshan_budget_change_standing_out(warehouse: Path) -> None:
    changes = frame_with(open_page("budget"), "相对年初变动")
    top = changes.row(0, named=True)
    assert "赫山区" in top["单位"] and float(top["相对年初变动"].rstrip("%")) > 500


def test_scores_page_shows_kunming_high_score_on_low_execution(warehouse: Path) -> None:
    row = row_of(frame_with(open_page("scores"), "总分"), "昆明", "2022")
    assert (row["总分"], row["预算执行率"], row["等级"]) == ("95.80", "58.33%", "优")


def test_scores_page_shows_jiangan_2024_score(warehouse: Path) -> None:
    assert row_of(frame_with(open_page("scores"), "总分"), "江岸区", "2024")["总分"] == "96.10"


def test_overview_counts_the_five_sample_reports(warehouse: Path) -> None:
    at = open_page("overview")
    assert [m.value for m in at.metric][:2] == ["5 份", "5 个"]


def test_report_page_shows_value_with_its_sentence(warehouse: Path) -> None:
    key = report_key_of(warehouse, "天津")
    at = open_page("report", {"r": key, "f": "budget_executed"})
    assert [m.value for m in at.metric][:3] == ["天津市残联", "2023", "94.56%"]
    assert "【10,389.70】" in at.text[1].value and len(at.text[1].value) < 400  # the sentence, not the full text
    assert at.query_params["r"] == key and at.query_params["f"] == "budget_executed"


def test_report_page_shows_the_parsers_warnings_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from tests.conftest import FIXTURES, build

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "reports" / "youxian_traditional_characters.txt", data)
    build(data, tmp_path / "warehouse.duckdb")
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("CANLIAN_DATA_DIR", str(data))
    at = open_page("report", {"r": report_key_of(tmp_path / "warehouse.duckdb", "攸县")})
    assert "解析提示：全文为繁体字：已按简体字读取，证据片段仍为原文" in [caption.value for caption in at.caption]


def test_report_page_without_warnings_shows_none(warehouse: Path) -> None:
    at = open_page("report", {"r": report_key_of(warehouse, "天津")})
    assert not [caption.value for caption in at.caption if caption.value.startswith("解析提示")]


def test_checks_page_links_each_finding_to_its_report(warehouse: Path) -> None:
    frame = frame_with(open_page("checks"), "原文一")
    kunming = report_key_of(warehouse, "昆明")
    assert frame.filter(pl.col("报告").str.contains(f"r={kunming}")).height >= 3


def test_checks_page_shows_each_findings_snippets_verbatim_as_text(warehouse: Path) -> None:
    at = open_page("checks")
    table = frame_with(at, "原文一")
    shown = [element.value for element in at.text]
    first = table.row(0, named=True)
    assert len(at.expander) == min(table.height, 20)
    assert first["原文一"] in shown and first["原文二"] in shown


def test_indicators_page_highlights_missed_targets(warehouse: Path) -> None:
    at = open_page("indicators", {"m": "1"})
    frame = frame_with(at, "目标")
    assert frame.height >= 1 and set(frame["目标"].to_list()) == {"⚠ 未达成"}


@pytest.mark.parametrize(
    ("key", "value", "widget", "expected"),
    [
        ("p", "430000", "flt_provinces", ["430000"]),
        ("lv", "cnty", "flt_levels", ["county"]),
        ("u", "430482,120000", "flt_units", ["430482", "120000"]),
        ("sc", "proj", "flt_scopes", ["project"]),
        ("ev", "ext", "flt_evaluations", ["external"]),
        ("y0", "2023", "flt_years", (2023, 2024)),
        ("y1", "2023", "flt_years", (2022, 2023)),
    ],
)
def test_link_filter_round_trips_through_widget_and_url(
    warehouse: Path, key: str, value: str, widget: str, expected: object
) -> None:
    at = open_page("budget", {key: value})
    found = at.sidebar.slider(key=widget) if widget == "flt_years" else at.sidebar.multiselect(key=widget)
    assert found.value == expected
    assert at.query_params[key] == value
    assert at.query_params["v"] == "1" and at.query_params["b"]
    assert not at.warning


@pytest.mark.parametrize(
    ("widget", "value", "key", "encoded", "reports"),
    [
        ("flt_provinces", ["430000"], "p", "430000", "2 份"),
        ("flt_levels", ["prefecture"], "lv", "pref", "1 份"),
        ("flt_units", ["530100"], "u", "530100", "1 份"),
        ("flt_scopes", ["project"], "sc", "proj", "2 份"),
        ("flt_evaluations", ["external"], "ev", "ext", "1 份"),
    ],
)
def test_widget_change_is_written_to_the_url(
    warehouse: Path, widget: str, value: list[str], key: str, encoded: str, reports: str
) -> None:
    at = open_page("overview")
    at.sidebar.multiselect(key=widget).set_value(value).run()
    assert at.query_params[key] == encoded
    assert next(m.value for m in at.metric) == reports


def test_year_slider_change_is_written_to_the_url(warehouse: Path) -> None:
    at = open_page("overview")
    at.sidebar.slider(key="flt_years").set_value((2023, 2024)).run()
    assert (at.query_params["y0"], "y1" in at.query_params) == ("2023", False)
    assert next(m.value for m in at.metric) == "4 份"


def test_switching_pages_keeps_the_filters(warehouse: Path) -> None:
    at = open_page("overview", {"u": "530100"})
    at.query_params.clear()  # the browser drops the query string on a page switch
    at.switch_page(ui.PAGE_BY_PATH["scores"].file).run()
    assert at.sidebar.multiselect(key="flt_units").value == ["530100"]
    assert at.query_params["u"] == "530100"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("u", "999999"),
        ("p", "1' OR '1'='1"),
        ("u", "430482'); DROP TABLE reports; --"),
        ("y0", "abcd"),
        ("y1", "2099"),
        ("sc", "dept;DELETE FROM v_reports"),
        ("lv", "<script>alert(1)</script>"),
        ("zz", "1"),
        ("r", "../../etc/passwd"),
        ("u", "4" * 5000),
        ("v", "99"),
        ("f", "\x00\x01"),
    ],
)
def test_malformed_link_value_gives_notice_not_exception(warehouse: Path, key: str, value: str) -> None:
    at = open_page("overview", {key: value})
    assert not at.exception, [e.message for e in at.exception]
    assert at.warning, f"no notice for {key}={value!r}"
    assert at.query_params.get(key) != value
    assert next(m.value for m in at.metric) == "5 份"


def test_valid_values_survive_beside_a_bad_one(warehouse: Path) -> None:
    at = open_page("overview", {"u": "530100,nonsense"})
    assert at.query_params["u"] == "530100"
    assert len(at.warning) == 1 and "nonsense" in at.warning[0].value


def test_link_from_an_older_build_opens_with_a_notice(warehouse: Path) -> None:
    at = open_page("scores", {"u": "530100", "b": "20200101T000000Z-old0"})
    assert any("重新构建" in info.value for info in at.info)
    assert at.sidebar.multiselect(key="flt_units").value == ["530100"]
    assert at.query_params["b"] != "20200101T000000Z-old0"


def test_link_on_the_current_build_has_no_rebuild_notice(warehouse: Path) -> None:
    build = open_page("overview").query_params["b"]
    at = open_page("scores", {"u": "530100", "b": build})
    assert not any("重新构建" in info.value for info in at.info)


def test_filters_with_no_data_say_so(warehouse: Path) -> None:
    at = open_page("budget", {"p": "120000", "sc": "proj"})
    assert any("没有" in info.value for info in at.info)
    assert not at.exception


def test_missing_warehouse_shows_the_build_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(tmp_path / "absent.duckdb"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.code[0].value == "python -m etl build data"


def test_no_page_renders_html() -> None:
    sources = [ROOT / name for name in ("app.py", "ui.py", "charts.py")] + sorted((ROOT / "pages").glob("*.py"))
    offenders = [p.name for p in sources if "unsafe_allow_html" in p.read_text() or "st.html" in p.read_text()]
    assert offenders == []


HOSTILE_UNIT = "<script>alert(1)</script>**天津**残联"
HOSTILE_MESSAGE = "[点我](javascript:alert(1)) <img src=x onerror=alert(1)> :material/warning: $x$"


@pytest.fixture
def hostile_warehouse(sample_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample warehouse whose report texts carry HTML, script and markdown."""
    import shutil

    import duckdb

    copy = Path(shutil.copy(sample_warehouse, tmp_path / "hostile.duckdb"))
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE reports SET unit_name = ? WHERE admin_code = '120000'", [HOSTILE_UNIT])
        con.execute("UPDATE checks SET message = ?", [HOSTILE_MESSAGE])
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(copy))
    return copy


def rendered_markdown(at: AppTest) -> list[str]:
    """Every string the page hands to an element that renders markdown."""
    texts = [e.label for e in at.expander] + [c.value for c in at.caption] + [m.value for m in at.markdown]
    return texts + [m.label for m in at.metric] + [i.value for i in at.info] + [w.value for w in at.warning]


@pytest.mark.parametrize("url_path", ["checks", "report", "overview"])
def test_html_and_markdown_in_reports_show_as_text(hostile_warehouse: Path, url_path: str) -> None:
    key = report_key_of(hostile_warehouse, "script")
    at = open_page(url_path, {"u": "120000", "r": key} if url_path == "report" else {"u": "120000"})
    assert not at.exception, [e.message for e in at.exception]
    shown = rendered_markdown(at)
    unescaped = re.compile(r"(?<!\\)(<|\[|\*\*)")  # HTML, a link or emphasis that markdown would render
    assert [t for t in shown if unescaped.search(t)] == []
    if url_path != "overview":
        assert any(charts.plain(HOSTILE_MESSAGE)[:40] in label for label in (e.label for e in at.expander))


def test_rebuild_while_running_shows_on_next_interaction(
    sample_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import shutil

    import duckdb

    live = Path(shutil.copy(sample_warehouse, tmp_path / "live.duckdb"))
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(live))
    at = open_page("overview")
    assert next(m.value for m in at.metric) == "5 份"
    rebuilt = Path(shutil.copy(sample_warehouse, tmp_path / "rebuilt.duckdb"))
    with duckdb.connect(str(rebuilt)) as con:
        con.execute("DELETE FROM reports WHERE admin_code = '530100'")
    os.replace(rebuilt, live)  # how the build swaps a new warehouse in
    at.run()
    assert next(m.value for m in at.metric) == "4 份"


def test_unit_with_one_report_opens_it_from_the_unit_link(warehouse: Path) -> None:
    at = open_page("report", {"u": "530100"})
    assert [m.value for m in at.metric] == ["昆明市残联", "2022", "58.33%", "95.80"]
    assert at.query_params["r"] == report_key_of(warehouse, "昆明")


def test_report_page_without_a_choice_lists_the_filtered_reports(warehouse: Path) -> None:
    frame = frame_with(open_page("report", {"lv": "cnty"}), "详情")
    assert sorted(frame["单位"].to_list()) == sorted(
        ["武汉市江岸区残疾人联合会", "常宁市残疾人联合会", "益阳市赫山区残疾人联合会"]
    )


@pytest.mark.parametrize(("entered", "opens"), [("wrong", False), ("办公室 secret", True)])
def test_access_password_guards_the_link(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch, entered: str, opens: bool
) -> None:
    monkeypatch.setenv("CANLIAN_PASSWORD", "办公室 secret")
    at = open_page("scores", {"u": "530100"})
    assert not at.metric and not at.dataframe
    at.text_input(key="_password").input(entered).run()
    assert bool(at.dataframe) is opens
    assert bool(at.error) is not opens
    if opens:
        assert at.sidebar.multiselect(key="flt_units").value == ["530100"]


def test_no_password_by_default(warehouse: Path) -> None:
    assert not open_page("overview").text_input


@pytest.mark.parametrize(("search", "rows"), [("培训", True), ("不存在的指标词", False)])
def test_indicator_search_from_link_filters_rows(warehouse: Path, search: str, rows: bool) -> None:
    at = open_page("indicators", {"q": search})
    assert at.text_input(key="indicators_search").value == search
    assert at.query_params["q"] == search
    if rows:
        frame = frame_with(at, "三级指标")
        assert frame.height >= 1
        assert all(search in " ".join(row) for row in frame.select(pl.all().exclude("出处")).iter_rows())
    else:
        assert any("没有符合条件的指标" in info.value for info in at.info)


def test_warehouse_missing_a_view_shows_an_error_not_an_exception(
    sample_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import duckdb

    old = Path(shutil.copy(sample_warehouse, tmp_path / "old.duckdb"))
    with duckdb.connect(str(old)) as con:
        con.execute("DROP VIEW v_spending_items")
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(old))
    at = open_page("projects")
    assert not at.exception
    assert "v_spending_items" in at.error[0].value and at.code[-1].value == "python -m etl build data"


def test_reads_during_repeated_swaps_see_whole_warehouses(
    sample_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import shutil
    import threading

    import duckdb

    import queries

    live = Path(shutil.copy(sample_warehouse, tmp_path / "live.duckdb"))
    smaller = Path(shutil.copy(sample_warehouse, tmp_path / "smaller.duckdb"))
    with duckdb.connect(str(smaller)) as con:
        con.execute("DELETE FROM reports WHERE admin_code = '530100'")
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(live))
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        for _ in range(25):
            try:
                seen.append(queries.reports(queries.Filters()).height)
            except BaseException as error:  # any error at all fails the test
                errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    for index in range(10):
        source = smaller if index % 2 == 0 else sample_warehouse
        os.replace(shutil.copy(source, tmp_path / f"next{index}.duckdb"), live)
    for reader in readers:
        reader.join()
    assert errors == []
    assert set(seen) <= {4, 5} and len(seen) == 200


def test_report_page_quotes_both_places_of_each_finding(warehouse: Path) -> None:
    at = open_page("report", {"r": report_key_of(warehouse, "昆明")})
    places = [element.value for element in at.text][3:]  # after the header, the value's sentence and the full text
    findings = [expander for expander in at.expander if not expander.label.startswith("全文")]
    assert findings and len(places) == 2 * len(findings)
    assert all("【" in place for place in places)
    assert any("【项目管理（满分20分，评价得分19.9分）】" in place for place in places)


def test_check_link_to_a_dimension_score_selects_its_sentence(warehouse: Path) -> None:
    key = report_key_of(warehouse, "昆明")
    at = open_page("report", {"r": key, "f": "dimension_score:项目管理"})
    assert at.selectbox[1].value == "dimension_score:项目管理"
    assert "【" in at.text[1].value and "项目管理" in at.text[1].value


def test_queries_share_one_reader_per_version_of_the_file(
    sample_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import shutil

    import queries

    live = Path(shutil.copy(sample_warehouse, tmp_path / "live.duckdb"))
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(live))
    queries.reports(queries.Filters())
    first = queries._reader
    queries.checks(queries.Filters())
    assert queries._reader is first  # no new connection per query
    os.replace(shutil.copy(sample_warehouse, tmp_path / "next.duckdb"), live)
    assert queries.reports(queries.Filters()).height == 5
    assert queries._reader is not first and queries._reader.stamp == queries.warehouse_stamp(live)


def test_long_table_shows_its_first_rows_and_says_the_downloads_hold_all(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui, "MAX_SHOWN_ROWS", 2)
    at = open_page("budget")
    frame = frame_with(at, "执行率")
    assert frame.height == 2 and frame["执行率"].to_list() == ["876.41%", "94.56%"]  # the highest, as sorted
    note = "共 4 行，页面显示前 2 行；下载的 CSV 和 Excel 含全部 4 行。可用左侧筛选缩小范围。"
    assert note in [caption.value for caption in at.caption]


def _serve_samples_and(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The pages read a warehouse of the sample reports and one case of tests/fixtures/reports; its path."""
    import shutil

    from tests.conftest import FIXTURES, build, copy_seeds

    data = tmp_path / "data"
    copy_seeds(data)
    shutil.copy(FIXTURES / "reports" / case, data)
    build(data, tmp_path / "warehouse.duckdb")
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("CANLIAN_DATA_DIR", str(data))
    return tmp_path / "warehouse.duckdb"


def test_the_national_federation_is_filtered_and_shown_as_its_own_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = _serve_samples_and("zhongyang_national_federation_project_form.txt", tmp_path, monkeypatch)
    at = open_page("overview", {"lv": "natl"})
    assert at.sidebar.multiselect(key="flt_levels").value == ["national"]
    assert next(m.value for m in at.metric) == "1 份"
    key = report_key_of(warehouse, "中国残疾人联合会")
    at = open_page("report", {"r": key})
    assert at.text[0].value.startswith("中国残疾人联合会 · 全国 · 区划代码 —")
    facts = frame_with(at, "取值")
    assert facts.filter(pl.col("字段") == "行政级别")["取值"].to_list() == ["全国"]


def test_a_zones_federation_is_filtered_under_its_province(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warehouse = _serve_samples_and("hangkonggang_zone_department_prose.txt", tmp_path, monkeypatch)
    at = open_page("overview", {"p": "410000"})  # 河南省: the zone has no code, its city and province do
    assert at.sidebar.multiselect(key="flt_provinces").value == ["410000"]
    assert next(m.value for m in at.metric) == "1 份"
    key = report_key_of(warehouse, "郑州航空港经济综合实验区残疾人联合会")
    at = open_page("report", {"r": key})
    zone = "郑州航空港经济综合实验区"
    assert at.text[0].value.startswith(f"{zone}残疾人联合会 · 河南省 郑州市 {zone} · 区划代码 —")


def test_level_link_shows_a_township_units_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import build, copy_seeds

    data = tmp_path / "data"
    copy_seeds(data)
    (data / "reports" / "秣陵.txt").write_text(
        "南京市江宁区秣陵街道残联2022年度残疾人康复服务项目绩效自评报告\n"
        "一、项目概况\n本项目全年预算数为12万元，全年执行数为11.6万元。\n二、自评结论\n本项目自评得分95分。\n",
        encoding="utf-8",
    )
    build(data, tmp_path / "warehouse.duckdb")
    monkeypatch.setenv("CANLIAN_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("CANLIAN_DATA_DIR", str(data))
    at = open_page("overview", {"lv": "town"})
    assert at.sidebar.multiselect(key="flt_levels").value == ["township"]
    assert [m.value for m in at.metric][:2] == ["1 份", "1 个"]
    assert "乡镇（街道）级" in at.sidebar.multiselect(key="flt_levels").options[-1]
