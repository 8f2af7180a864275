"""项目支出: basic vs project share, spending items by category across units, project budget against executed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so the page also runs on its own

import polars as pl
import streamlit as st

import charts
import queries
import ui

context = ui.page_context("projects")
report_link = ui.page_url(context, "report", r=charts.KEY_SLOT)
reports = queries.reports(context.filters)
if reports.is_empty():
    ui.no_data("报告")
    st.stop()

st.subheader("基本支出与项目支出")
split = reports.filter(pl.col("spend_basic_wan").is_not_null() | pl.col("spend_project_wan").is_not_null())
if split.is_empty():
    ui.no_data("基本支出与项目支出的数据")
else:
    ui.chart(charts.basic_project_share_bars(split))
    shares = split.with_columns(
        (pl.col("spend_project_wan") / (pl.col("spend_basic_wan") + pl.col("spend_project_wan")) * 100).alias(
            "project_share_pct"
        )
    )
    ui.table(
        context,
        charts.shown_table(
            shares,
            [
                ("unit_name", "单位", "text"),
                ("fiscal_year", "年度", "int"),
                ("spend_total_wan", "支出合计（万元）", "wan"),
                ("spend_basic_wan", "基本支出（万元）", "wan"),
                ("spend_project_wan", "项目支出（万元）", "wan"),
                ("project_share_pct", "项目支出占比", "pct"),
            ],
        ),
        "基本支出与项目支出",
        "basic_project",
    )

st.subheader("支出明细按类别")
items = queries.spending_items(context.filters)
if items.is_empty():
    ui.no_data("支出明细")
else:
    kinds = st.segmented_control("明细类型", ["项目", "基本"], default="项目", key="projects_kind")
    kind = "basic" if kinds == "基本" else "project"
    chosen = items.filter(pl.col("kind") == kind)
    if chosen.is_empty():
        ui.no_data("此类型的支出明细")
    else:
        ui.chart(charts.spending_treemap(chosen))
        ui.table(
            context,
            charts.shown_table(
                chosen,
                [
                    ("category", "类别", "text"),
                    ("name", "明细", "text"),
                    ("unit_name", "单位", "text"),
                    ("fiscal_year", "年度", "int"),
                    ("budget_wan", "预算（万元）", "wan"),
                    ("amount_wan", "金额（万元）", "wan"),
                ],
            ),
            "支出明细按类别",
            "spending_items",
            links={"出处": charts.links_per_key(report_link, chosen["report_key"].to_list())},
        )

st.subheader("项目报告：预算与执行")
projects = reports.filter(pl.col("report_scope") == "project")
if projects.is_empty():
    ui.no_data("项目报告")
else:
    ui.chart(charts.project_budget_vs_executed(projects))
    ui.table(
        context,
        charts.shown_table(
            projects,
            [
                ("unit_name", "单位", "text"),
                ("fiscal_year", "年度", "int"),
                ("project_name", "项目", "text"),
                ("budget_initial_wan", "年初预算（万元）", "wan"),
                ("budget_adjusted_wan", "调整后预算（万元）", "wan"),
                ("budget_executed_wan", "执行数（万元）", "wan"),
                ("execution_rate_best_pct", "执行率", "pct"),
            ],
        ),
        "项目报告预算与执行",
        "project_reports",
        links={"详情": charts.links_per_key(report_link, projects["report_key"].to_list())},
    )
