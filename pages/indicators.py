"""绩效指标: the indicator rows, searchable and filterable by level, missed targets highlighted with 偏差原因."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so the page also runs on its own

import polars as pl
import streamlit as st

import charts
import queries
import ui

# A table or list longer than this is cut (with a note): nobody reads 100,000 rows, and sending them costs seconds.
MAX_TABLE_ROWS = 5_000
MAX_MISSED_LISTED = 100

context = ui.page_context("indicators")
levels = queries.indicator_levels(context.filters)
if levels.is_empty():
    ui.no_data("绩效指标")
    st.stop()

left, middle, right = st.columns([2, 2, 1])
level_names = levels["level1"].to_list()
level = left.selectbox(
    "一级指标",
    ["全部", *level_names],
    key="indicators_level",
    format_func=lambda name: name if name == "全部" else f"{name}（{dict(levels.iter_rows())[name]}）",
)
search = middle.text_input(
    "搜索指标、目标、实际值或偏差原因", value=context.url.search, max_chars=50, key="indicators_search"
)
missed_only = right.checkbox("只看未达成", value=context.url.missed_only, key="indicators_missed")
ui.set_page_param("q", search.strip() or None)
ui.set_page_param("m", "1" if missed_only else None)

rows = queries.indicators(context.filters, None if level == "全部" else level, search, missed_only)
if rows.is_empty():
    ui.no_data("符合条件的指标")
    st.stop()

missed = rows.filter(pl.col("met").eq(False))
columns = st.columns(3)
columns[0].metric("指标", f"{rows.height} 条")
columns[1].metric("未达成", f"{missed.height} 条")
columns[2].metric("无法比较", f"{rows['met'].is_null().sum()} 条", help="目标或实际值不是可比较的数值")

flagged = rows.head(MAX_TABLE_ROWS).with_columns(
    pl.when(pl.col("met").eq(False))
    .then(pl.lit("⚠ 未达成"))
    .when(pl.col("met").eq(True))
    .then(pl.lit("达成"))
    .otherwise(pl.lit(""))
    .alias("status")
)
shown = charts.shown_table(
    flagged,
    [
        ("status", "目标", "text"),
        ("unit_name", "单位", "text"),
        ("fiscal_year", "年度", "int"),
        ("level1", "一级指标", "text"),
        ("level2", "二级指标", "text"),
        ("level3", "三级指标", "text"),
        ("comparator", "比较", "text"),
        ("target_text", "年度指标值", "text"),
        ("actual_text", "实际完成值", "text"),
        ("points", "分值", "score"),
        ("score", "得分", "score"),
        ("note", "偏差原因", "text"),
    ],
)
ui.table(
    context,
    shown,
    "绩效指标",
    "indicators",
    links={"出处": [ui.page_url(context, "report", r=k) for k in flagged["report_key"].to_list()]},
    highlight=("目标", "⚠ 未达成"),
)
st.caption("“目标”列按指标的比较符（≥、≤、=）比较实际完成值与年度指标值；“⚠ 未达成”为未达到目标的指标。")
if rows.height > MAX_TABLE_ROWS:
    st.caption(
        f"共 {rows.height:,} 条指标，只取前 {MAX_TABLE_ROWS:,} 条制表和下载；"
        "请用搜索、一级指标或左侧筛选缩小范围。"
    )

if missed.height:
    st.subheader("未达成的指标及偏差原因")
    if missed.height > MAX_MISSED_LISTED:
        st.caption(
            f"共 {missed.height:,} 条未达成，下面列出前 {MAX_MISSED_LISTED} 条；勾选“只看未达成”可在表中查看。"
        )
    for unit, year, name, target, actual, note in missed.head(MAX_MISSED_LISTED).select(
        "unit_name", "fiscal_year", "level3", "target_text", "actual_text", "note"
    ).iter_rows():
        st.text(
            f"【{charts.short_unit(unit)} {year}】{name}：目标 {target or '—'}，实际 {actual or '—'}\n"
            f"    偏差原因：{note or '报告未说明'}"
        )
