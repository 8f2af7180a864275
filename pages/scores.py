"""自评得分: total score and grade per unit-year, dimension score rates, score against execution rate."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so the page also runs on its own

import polars as pl
import streamlit as st

import charts
import queries
import ui

context = ui.page_context("scores")
reports = queries.reports(context.filters)
scored = reports.filter(pl.col("score_total").is_not_null())
if scored.is_empty():
    ui.no_data("自评得分")
    st.stop()

st.subheader("总分与等级")
ui.chart(charts.score_bars(scored))
ranked = scored.sort("score_total", descending=True)
score_link = ui.page_url(context, "report", r=charts.KEY_SLOT, f="score_total")
ui.table(
    context,
    charts.shown_table(
        ranked,
        [
            ("unit_name", "单位", "text"),
            ("fiscal_year", "年度", "int"),
            ("project_name", "项目", "text"),
            ("score_total", "总分", "score"),
            ("score_max", "满分", "score"),
            ("grade", "等级", "text"),
            ("execution_rate_best_pct", "预算执行率", "pct"),
        ],
    ),
    "自评总分与等级",
    "scores",
    links={"出处": charts.links_per_key(score_link, ranked["report_key"].to_list())},
)

st.subheader("维度得分率")
dimensions = queries.dimension_scores(context.filters)
if dimensions.filter(pl.col("canonical").is_not_null()).is_empty():
    ui.no_data("维度得分")
else:
    ui.chart(charts.dimension_heatmap(dimensions))
    st.caption("各单位评分框架不同，维度名已映射到统一维度；比较的是得分 ÷ 满分，而不是原始分。")
    ui.table(
        context,
        charts.shown_table(
            dimensions.with_columns((pl.col("score_rate") * 100).alias("rate_pct")),
            [
                ("unit_name", "单位", "text"),
                ("fiscal_year", "年度", "int"),
                ("raw_name", "报告中的维度", "text"),
                ("canonical", "统一维度", "text"),
                ("score", "得分", "score"),
                ("max_points", "满分", "score"),
                ("rate_pct", "得分率", "pct"),
            ],
        ),
        "维度得分率",
        "dimension_scores",
    )

st.subheader("自评得分 vs 预算执行率")
both = scored.filter(pl.col("execution_rate_best_pct").is_not_null())
if both.is_empty():
    ui.no_data("同时有得分和执行率的报告")
else:
    ui.chart(charts.score_vs_execution_scatter(both))
    st.caption("左上角（红点）是执行率低于 90% 却自评 90 分以上的报告。")
