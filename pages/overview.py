"""概览: which units and years the warehouse holds, headline figures, freshness and check findings."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so the page also runs on its own

import polars as pl
import streamlit as st

import charts
import queries
import ui

context = ui.page_context("overview")
reports = queries.reports(context.filters)
if reports.is_empty():
    ui.no_data("报告")
    st.stop()

executed = reports.filter(pl.col("report_scope") == "department")["budget_executed_wan"].sum()
scored = reports["score_total"].drop_nulls()
columns = st.columns(5)
columns[0].metric("报告", f"{reports.height} 份")
columns[1].metric("单位", f"{reports['unit_code'].n_unique()} 个")
columns[2].metric("部门整体执行数（万元）", charts.fmt_wan(executed))
columns[3].metric("平均自评得分", charts.fmt_score(scored.mean()) if scored.len() else "—")
columns[4].metric(
    "核查发现",
    f"{int(reports['n_findings'].fill_null(0).sum())} 条",
    help=f"其中错误 {int(reports['n_errors'].fill_null(0).sum())} 条",
)

st.subheader("单位 × 年度")
st.caption("每格列出该单位该年度的报告：部门 = 部门整体支出，项目 = 项目支出；外评 = 财政或第三方评价。")
matrix = charts.coverage_matrix(reports)
ui.table(context, charts.ShownTable(matrix, {}), "单位×年度报告矩阵", "coverage")

st.subheader("报告清单")
listed = reports.with_columns(
    pl.col("report_scope").replace_strict({"department": "部门整体", "project": "项目"}, default="").alias("scope"),
    pl.col("evaluation_type").replace_strict({"self": "自评", "external": "外部评价"}, default="").alias("eval"),
)
shown = charts.shown_table(
    listed,
    [
        ("unit_name", "单位", "text"),
        ("province", "省份", "text"),
        ("fiscal_year", "年度", "int"),
        ("scope", "范围", "text"),
        ("eval", "评价", "text"),
        ("project_name", "项目名称", "text"),
        ("budget_executed_wan", "执行数（万元）", "wan"),
        ("execution_rate_best_pct", "执行率", "pct"),
        ("score_total", "总分", "score"),
        ("grade", "等级", "text"),
        ("n_findings", "核查发现", "int"),
        ("file_name", "文件", "text"),
    ],
)
links = charts.links_per_key(ui.page_url(context, "report", r=charts.KEY_SLOT), listed["report_key"].to_list())
ui.table(context, shown, "报告清单", "reports", links={"详情": links})

st.subheader("按单位查看")
units = listed.select("unit_code", "unit_name").unique("unit_code", maintain_order=True)
if units.height > charts.MAX_BARS:
    # Thousands of links are a wall nobody reads and slow the page: the list above links every report instead.
    st.caption(
        f"共 {units.height} 个单位；在侧栏选定单位（或缩小到 {charts.MAX_BARS} 个以内）后，这里列出各单位报告的链接。"
    )
else:
    for code, name in units.iter_rows():
        unit_filters = queries.Filters(units=(code,))
        ui.page_link(context, "report", f"{name or code} 的报告", filters=unit_filters)

failed = queries.load_errors()
if failed.height:
    with st.expander(f"未能读取或解析的文件（{failed.height} 个）"):
        ui.table(
            context,
            charts.shown_table(
                failed, [("file_name", "文件", "text"), ("stage", "阶段", "text"), ("reason", "原因", "text")]
            ),
            "未能载入的文件",
            "load_errors",
        )
