"""预算执行: execution rate per unit-year, initial → adjusted → executed, adjustment rate, trend, income."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so the page also runs on its own

import polars as pl
import streamlit as st

import charts
import queries
import ui

context = ui.page_context("budget")
reports = queries.reports(context.filters)
if reports.is_empty():
    ui.no_data("报告")
    st.stop()

st.subheader("预算执行率")
rates = queries.execution_rates(context.filters)
if rates.is_empty():
    ui.no_data("预算执行率")
else:
    ui.chart(charts.execution_rate_bars(rates))
    st.caption("执行率取报告所述数值；报告未写明时按 执行数 ÷ 调整后预算（无则年初预算）推算。红色低于 90%。")
    shown = charts.shown_table(
        rates.with_columns(
            pl.col("execution_rate_method").replace_strict({"stated": "报告所述", "derived": "按金额推算"}, default="")
        ),
        [
            ("unit_name", "单位", "text"),
            ("fiscal_year", "年度", "int"),
            ("project_name", "项目", "text"),
            ("budget_initial_wan", "年初预算（万元）", "wan"),
            ("budget_adjusted_wan", "调整后预算（万元）", "wan"),
            ("budget_executed_wan", "执行数（万元）", "wan"),
            ("execution_rate_best_pct", "执行率", "pct"),
            ("execution_rate_method", "来源", "text"),
            ("execution_rate_pct", "报告所述执行率", "pct"),
            ("execution_rate_derived_pct", "按金额推算执行率", "pct"),
        ],
    )
    link = ui.page_url(context, "report", r=charts.KEY_SLOT, f="execution_rate_pct")
    links = charts.links_per_key(link, rates["report_key"].to_list())
    ui.table(context, shown, "预算执行率", "execution_rates", links={"出处": links})

st.subheader("年初预算 → 调整后预算 → 执行数")
phases = queries.budget_phases(context.filters)
if phases.is_empty():
    ui.no_data("预算金额")
else:
    ui.chart(charts.budget_phase_bars(phases))
    changes = queries.budget_changes(context.filters)
    if changes.height:
        ui.chart(charts.budget_change_bars(changes))
        st.caption("调整率 =（调整后预算 − 年初预算）÷ 年初预算；报告未写调整后预算时，按执行数相对年初预算计算。")
        changes = changes.with_columns(
            pl.col("change_basis").replace_strict({"adjusted": "调整后预算", "executed": "执行数"}, default="")
        )
        shown = charts.shown_table(
            changes,
            [
                ("unit_name", "单位", "text"),
                ("fiscal_year", "年度", "int"),
                ("budget_initial_wan", "年初预算（万元）", "wan"),
                ("budget_adjusted_wan", "调整后预算（万元）", "wan"),
                ("budget_executed_wan", "执行数（万元）", "wan"),
                ("change_pct", "相对年初变动", "pct"),
                ("change_basis", "比较对象", "text"),
            ],
        )
        ui.table(context, shown, "预算调整幅度", "budget_changes")

st.subheader("年度趋势")
years_per_unit = reports.filter(pl.col("execution_rate_best_pct").is_not_null()).group_by("unit_code").len()
if years_per_unit.filter(pl.col("len") > 1).is_empty():
    st.caption("当前筛选下没有单位有两个以上年度的执行率，暂无趋势可看。")
else:
    several = years_per_unit.filter(pl.col("len") > 1)["unit_code"].to_list()
    ui.chart(charts.trend_lines(reports.filter(pl.col("unit_code").is_in(several))))

st.subheader("收入构成")
income = reports.filter(
    pl.any_horizontal(pl.col("income_fiscal_wan", "income_gov_fund_wan", "income_other_wan").is_not_null())
)
if income.is_empty():
    ui.no_data("收入构成")
else:
    ui.chart(charts.income_composition_bars(income))
    shown = charts.shown_table(
        income,
        [
            ("unit_name", "单位", "text"),
            ("fiscal_year", "年度", "int"),
            ("income_total_wan", "收入合计（万元）", "wan"),
            ("income_fiscal_wan", "财政拨款（万元）", "wan"),
            ("income_gov_fund_wan", "政府性基金（万元）", "wan"),
            ("income_other_wan", "其他收入（万元）", "wan"),
        ],
    )
    ui.table(context, shown, "收入构成", "income")
