"""Shared Streamlit frame of every page: sidebar filters kept in the URL, data-freshness note, tables with
downloads, drill-through links and empty states. Used by app.py and by each page when run on its own."""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from functools import lru_cache, partial
from urllib.parse import urlencode

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import charts
import exports
import queries
import urlstate
from charts import ShownTable
from queries import Filters

APP_TITLE = "残联绩效看板"
PASSWORD_ENV = "CANLIAN_PASSWORD"
CONTEXT_KEY = "_frame_context"
WRITTEN_KEY = "_url_written"


@dataclass(frozen=True)
class PageInfo:
    """One screen: its ASCII URL path, file, Chinese title and icon."""

    url_path: str
    file: str
    title: str
    icon: str


PAGES: tuple[PageInfo, ...] = (
    PageInfo("overview", "pages/overview.py", "概览", ":material/dashboard:"),
    PageInfo("budget", "pages/budget.py", "预算执行", ":material/account_balance:"),
    PageInfo("projects", "pages/projects.py", "项目支出", ":material/payments:"),
    PageInfo("scores", "pages/scores.py", "自评得分", ":material/grading:"),
    PageInfo("indicators", "pages/indicators.py", "绩效指标", ":material/checklist:"),
    PageInfo("checks", "pages/checks.py", "数据核查", ":material/rule:"),
    PageInfo("report", "pages/report.py", "报告详情", ":material/description:"),
)
PAGE_BY_PATH = {page.url_path: page for page in PAGES}


@dataclass(frozen=True)
class FilterMenu:
    """What the sidebar offers for one version of the warehouse: each filter's values with their names and report
    counts, what a link may name, and the totals of the freshness note. Read-only: one copy serves every session."""

    choices: urlstate.Choices
    province_names: dict[str, str]
    unit_names: dict[str, str]  # code → short name, for the widget
    unit_full_names: dict[str, str | None]  # code → name as reported, for downloads and captions
    counts: dict[str, dict[str | None, int]]  # column → value → reports
    reports: int
    findings: int


@lru_cache(maxsize=4)
def _filter_menu(path: str, stamp: queries.Stamp) -> FilterMenu:
    # Keyed by the warehouse file's identity, as the query cache is. Deriving these from 10,000 reports took
    # 0.12 s of every script run, before the page's own content could start.
    options = queries.filter_options()
    provinces = options.select("province_code", "province").drop_nulls("province_code").unique("province_code")
    units = options.select("unit_code", "unit_name").unique("unit_code", keep="first").sort("unit_code")
    columns = ("province_code", "admin_level", "unit_code", "report_scope", "evaluation_type")
    return FilterMenu(
        choices=urlstate.Choices.from_options(options),
        province_names=dict(provinces.sort("province_code").iter_rows()),
        unit_names={code: charts.short_unit(name) if name else code for code, name in units.iter_rows()},
        unit_full_names=dict(units.iter_rows()),
        counts={column: dict(options.group_by(column).len().iter_rows()) for column in columns},
        reports=options.height,
        findings=int(queries.reports(Filters())["n_findings"].fill_null(0).sum()),
    )


def filter_menu() -> FilterMenu:
    """The sidebar's FilterMenu for the live warehouse (raises queries.WarehouseUnavailable without one)."""
    return _filter_menu(*queries.live_warehouse())


@dataclass
class Context:
    """What a page needs from the frame: the filters, the link's page parameters and the data version."""

    filters: Filters
    url: urlstate.UrlState
    build_id: str | None
    built_at: str | None
    filter_labels: list[str] = field(default_factory=list)
    routed: bool = True


def leave_pages_directory_mode() -> None:
    """Make Streamlit route through app.py's st.navigation even when a session opens a page URL first.

    Streamlit treats an app with a pages/ folder as an old-style multipage app until some session has run
    st.navigation; until then a link to /budget runs pages/budget.py without app.py. Switching the flag off and
    rerunning sends that run through app.py. (Private Streamlit API: checked against 1.67.)
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_context(url_path: str) -> Context:
    """The frame's context when routed by app.py; when the page runs on its own, draw the frame here."""
    context = st.session_state.pop(CONTEXT_KEY, None)
    if context is None:
        leave_pages_directory_mode()
        st.set_page_config(page_title=f"{PAGE_BY_PATH[url_path].title} · {APP_TITLE}", layout="wide")
        context = render_frame(routed=False)
    st.title(PAGE_BY_PATH[url_path].title)
    return context


def _stop_without_warehouse() -> None:
    st.title(APP_TITLE)
    st.info(
        f"还没有数据仓库（{queries.warehouse_path()}）。请在项目目录运行下面的命令，从 data/ 中的报告构建：",
        icon=":material/info:",
    )
    st.code(queries.BUILD_COMMAND, language="bash")
    st.stop()


def required_password() -> str | None:
    """The office's access password: $CANLIAN_PASSWORD, else `password` in .streamlit/secrets.toml; None = off."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    try:
        secret = st.secrets.get("password")
    except Exception:  # no secrets file at all: the password is off
        return None
    return str(secret) if secret else None


def _require_password() -> None:
    """Ask for the access password once per session when one is set; the link's filters survive the prompt."""
    wanted = required_password()
    if not wanted or st.session_state.get("_authenticated"):
        return
    st.title(APP_TITLE)
    entered = st.text_input("访问密码", type="password", key="_password")
    if entered and hmac.compare_digest(entered.encode(), wanted.encode()):
        st.session_state["_authenticated"] = True
        del st.session_state["_password"]
        st.rerun()
    if entered:
        st.error("密码不正确。")
    st.stop()


def render_frame(routed: bool = True) -> Context:
    """Sidebar filters (synchronised with the URL) and the data-freshness note; stops with a message when
    there is no warehouse to read."""
    _require_password()
    if not queries.warehouse_exists():
        _stop_without_warehouse()
    try:
        menu = filter_menu()
        build = queries.latest_build()
    except queries.WarehouseUnavailable as error:
        st.error(str(error))
        st.code(queries.BUILD_COMMAND, language="bash")
        st.stop()
    build_id = build["build_id"][0] if build.height else None
    built_at = _when(build["finished_at"][0] if build.height else None)
    state = _read_link(menu.choices, build_id)
    with st.sidebar:
        filters = _filter_widgets(menu)
        _freshness_note(build_id, built_at, menu)
    _write_link(filters, state, build_id)
    return Context(filters, state, build_id, built_at, describe_filters(filters, menu), routed)


def _when(value: object) -> str | None:
    if value is None:
        return None
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else str(value)


def _read_link(choices: urlstate.Choices, build_id: str | None) -> urlstate.UrlState:
    """Parse the URL; when a link arrived (new session or a changed URL), load its filters into the widgets."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    state = urlstate.parse_query(params, choices)
    written = st.session_state.get(WRITTEN_KEY)
    # A URL we did not write ourselves is a link that arrived (a new session, a drill-through, back/forward).
    # Switching pages clears the query string: an empty URL keeps the session's filters.
    current = {key: values[-1] if values else "" for key, values in params.items()}
    arrived = written is None or (bool(current) and current != written)
    if arrived:
        for notice in state.notices:
            st.warning(notice, icon=":material/link_off:")
        if state.link_build and build_id and state.link_build != build_id:
            st.info(
                f"此链接生成于数据版本 {urlstate.shown(state.link_build)}，此后数据已重新构建"
                f"（当前版本 {charts.plain(build_id)}），数字可能与分享时不同。",
                icon=":material/update:",
            )
        _load_widgets(state.filters, choices)
    return state


def _load_widgets(filters: Filters, choices: urlstate.Choices) -> None:
    st.session_state["flt_provinces"] = list(filters.provinces)
    st.session_state["flt_levels"] = list(filters.levels)
    st.session_state["flt_units"] = list(filters.units)
    st.session_state["flt_scopes"] = list(filters.scopes)
    st.session_state["flt_evaluations"] = list(filters.evaluations)
    if choices.years is not None:
        low, high = choices.years
        st.session_state["flt_years"] = (filters.year_from or low, filters.year_to or high)


def _keep_valid(key: str, allowed: list) -> None:
    # A rebuild can remove an option the session still holds; Streamlit rejects defaults not among the options.
    if key in st.session_state:
        st.session_state[key] = [value for value in st.session_state[key] if value in allowed]


def _multiselect(label: str, key: str, options: list, names: dict, counts: dict) -> list:
    _keep_valid(key, options)
    return st.multiselect(
        label,
        options,
        key=key,
        placeholder="全部",
        format_func=lambda value: f"{names.get(value, value)}（{counts.get(value, 0)}）",
    )


def _filter_widgets(menu: FilterMenu) -> Filters:
    st.header("筛选")
    counts = menu.counts
    provinces = _multiselect(
        "省份", "flt_provinces", list(menu.province_names), menu.province_names, counts["province_code"]
    )
    levels = _multiselect(
        "行政级别", "flt_levels", list(urlstate.LEVEL_LABELS), urlstate.LEVEL_LABELS, counts["admin_level"]
    )
    units = _multiselect("单位", "flt_units", list(menu.unit_names), menu.unit_names, counts["unit_code"])
    scopes = _multiselect(
        "报告范围", "flt_scopes", list(urlstate.SCOPE_LABELS), urlstate.SCOPE_LABELS, counts["report_scope"]
    )
    evaluations = _multiselect(
        "评价类型",
        "flt_evaluations",
        list(urlstate.EVALUATION_LABELS),
        urlstate.EVALUATION_LABELS,
        counts["evaluation_type"],
    )
    year_from, year_to = _year_widget(menu.choices)
    return Filters(
        tuple(provinces), tuple(levels), tuple(units), year_from, year_to, tuple(scopes), tuple(evaluations)
    )


def _year_widget(choices: urlstate.Choices) -> tuple[int | None, int | None]:
    if choices.years is None:
        return None, None
    low, high = choices.years
    if low == high:
        st.caption(f"年度：{low}")
        return None, None
    current = st.session_state.get("flt_years", (low, high))
    st.session_state["flt_years"] = (max(low, min(current[0], high)), min(high, max(current[1], low)))
    start, end = st.slider("年度", min_value=low, max_value=high, key="flt_years", step=1)
    return (None if start == low else start), (None if end == high else end)


def _freshness_note(build_id: str | None, built_at: str | None, menu: FilterMenu) -> None:
    st.divider()
    st.caption(
        f"数据版本 {charts.plain(build_id or '未知')} · 构建于 {charts.plain(built_at or '未知')}  \n"
        f"共 {menu.reports} 份报告 · {menu.findings} 条核查发现"
    )


def _write_link(filters: Filters, state: urlstate.UrlState, build_id: str | None) -> None:
    """Put the current filters (and the page's own parameters) into the URL, only when they changed."""
    page = {
        "r": state.report_key,
        "f": state.field_name,
        "m": "1" if state.missed_only else None,
        "q": state.search or None,
    }
    wanted = urlstate.encode_query(filters, build_id, page)
    current = {key: st.query_params.get(key) for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[WRITTEN_KEY] = wanted


def set_page_param(key: str, value: str | None) -> None:
    """Keep a page's own state (selected report, field, search) in the URL so the view can be shared."""
    written = dict(st.session_state.get(WRITTEN_KEY) or {})
    if value:
        written[key] = value
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    else:
        written.pop(key, None)
        if key in st.query_params:
            del st.query_params[key]
    st.session_state[WRITTEN_KEY] = written


def describe_filters(filters: Filters, menu: FilterMenu) -> list[str]:
    """The filters in words, for downloads and captions."""
    provinces, units = menu.province_names, menu.unit_full_names
    parts = []
    if filters.provinces:
        parts.append("省份：" + "、".join(provinces.get(c) or c for c in filters.provinces))
    if filters.levels:
        parts.append("级别：" + "、".join(urlstate.LEVEL_LABELS[c] for c in filters.levels))
    if filters.units:
        parts.append("单位：" + "、".join(units.get(c) or c for c in filters.units))
    if filters.year_from is not None or filters.year_to is not None:
        parts.append(f"年度：{filters.year_from or '最早'}–{filters.year_to or '最新'}")
    if filters.scopes:
        parts.append("范围：" + "、".join(urlstate.SCOPE_LABELS[c] for c in filters.scopes))
    if filters.evaluations:
        parts.append("评价：" + "、".join(urlstate.EVALUATION_LABELS[c] for c in filters.evaluations))
    return parts


def page_url(context: Context, url_path: str, **page_params: str | None) -> str:
    """A relative link to a page with the current filters and the given page parameters."""
    query = urlstate.encode_query(context.filters, context.build_id, page_params)
    return f"{url_path}?{urlencode(query)}"


def page_link(
    context: Context, url_path: str, label: str, filters: Filters | None = None, **page_params: str | None
) -> None:
    """A drill-through link that arrives pre-filtered; a plain link when the page runs on its own."""
    query = urlstate.encode_query(filters or context.filters, context.build_id, page_params)
    if context.routed:
        page = PAGE_BY_PATH[url_path]
        st.page_link(page.file, label=charts.plain(label), icon=page.icon, query_params=query)
    else:
        st.markdown(f"[{charts.plain(label)}]({url_path}?{urlencode(query)})")


def no_data(what: str = "数据") -> None:
    """The empty state of a filtered view."""
    st.info(f"当前筛选条件下没有{what}。请放宽左侧的筛选条件。", icon=":material/filter_alt_off:")


def table(
    context: Context,
    shown: ShownTable,
    title: str,
    key: str,
    links: dict[str, list[str]] | None = None,
    highlight: tuple[str, str] | None = None,
) -> None:
    """A table exactly as shown, with CSV (UTF-8 with BOM) and Excel downloads carrying filters and build id;
    ``highlight`` = (column, value) tints the rows holding that value (e.g. missed targets)."""
    text = charts.ShownTable(shown.frame.head(MAX_SHOWN_ROWS), shown.kinds).as_text()
    config = {}
    for header, urls in (links or {}).items():
        text = text.with_columns(pl.Series(header, urls[:MAX_SHOWN_ROWS], dtype=pl.String))
        config[header] = st.column_config.LinkColumn(header, display_text="打开")
    data, note = (text, None) if highlight is None else tinted(text, *highlight)
    st.dataframe(data, hide_index=True, width="stretch", column_config=config)
    if shown.frame.height > MAX_SHOWN_ROWS:
        st.caption(
            f"共 {shown.frame.height:,} 行，页面显示前 {MAX_SHOWN_ROWS:,} 行；下载的 CSV 和 Excel 含全部 "
            f"{shown.frame.height:,} 行。可用左侧筛选缩小范围。"
        )
    if note:
        st.caption(note)
    meta = exports.meta_rows(title, context.filter_labels, context.build_id, context.built_at)
    left, right, _ = st.columns([1, 1, 6])
    with left:
        st.download_button(
            "下载 CSV",
            partial(exports.to_csv_bytes, shown, meta),
            file_name=f"{key}.csv",
            mime="text/csv",
            key=f"csv_{key}",
            on_click="ignore",
            icon=":material/download:",
        )
    with right:
        st.download_button(
            "下载 Excel",
            partial(exports.to_excel_bytes, shown, meta),
            file_name=f"{key}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx_{key}",
            on_click="ignore",
            icon=":material/download:",
        )


# Rows a table sends to the browser: 10,000 rows (2.4 MB) took the browser 3-5 s to receive and lay out before the
# charts after the table could draw. The downloads carry every row.
MAX_SHOWN_ROWS = 1_000

# Streamlit refuses a Styler above 262,144 cells (styler.render.max_elements), and styling costs ~35 µs a cell:
# 5,000 indicator rows took 2.3 s. Above this the "⚠ 未达成" column alone marks the rows.
MAX_TINTED_CELLS = 10_000


def tinted(text: pl.DataFrame, column: str, value: str) -> tuple[object, str | None]:
    """A pandas Styler with the rows whose ``column`` equals ``value`` tinted red; a table too large to style is
    shown plain, with a note saying which rows the tint would have marked."""
    if text.height * max(text.width, 1) > MAX_TINTED_CELLS:
        return text, f"表格共 {text.height:,} 行，行数较多时不着色：「{column}」列为「{value}」的行即需要注意的行。"
    frame = text.to_pandas()
    tint = "background-color: #fde0dc"
    return frame.style.apply(lambda row: [tint if row[column] == value else "" for _ in row], axis=1), None


def snippet(column: DeltaGenerator, label: str, text: str | None) -> None:
    """One piece of report text under its label, verbatim and never parsed as Markdown or HTML. Plain text, not
    st.code: the code highlighter's script and blocks made the checks and report pages 0.4–0.6 s slower to draw."""
    column.caption(label)
    column.text(text or "（无）")


def chart(figure: object) -> None:
    """A plotly figure at full width without the plotly logo."""
    st.plotly_chart(figure, width="stretch", config={"displaylogo": False})
