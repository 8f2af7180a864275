"""Plotly figures and number formats of the dashboard (no SQL, no Streamlit): frames in, figures or text out."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

import plotly.graph_objects as go
import polars as pl

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
PHASE_LABELS = {"initial": "年初预算", "adjusted": "调整后预算", "executed": "执行数"}
PHASE_COLOURS = {"initial": "#9ecae1", "adjusted": "#4292c6", "executed": "#08519c"}
GRADE_COLOURS = {"优": "#1a9850", "良": "#91cf60", "中": "#fc8d59", "差": "#d73027", "未评级": "#999999"}
RATE_AXIS_CAP = 150.0
CANONICAL_ORDER = ("决策投入", "过程管理", "产出", "效益", "满意度", "预算执行", "绩效")

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
CHECK_LABELS = {
    "parts_sum_to_total": "分项之和与合计不符",
    "stated_rate_mismatch": "所述执行率与金额不符",
    "grade_outside_band": "等级与得分不符",
    "figure_stated_twice": "同一数字前后不一",
    "score_above_max": "得分超过满分",
    "implausible_amount": "金额不合常理",
    "missing_identity": "缺少单位或年度",
    "spent_exceeds_total": "支出超过总额",
    "narrative_contradicts_indicator": "叙述与指标表矛盾",
    "duplicate_report": "重复报告",
}

Kind = Literal["text", "wan", "pct", "score", "int", "bool"]


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Text from a report made inert for Streamlit labels and captions, which render markdown: every markdown
    character is escaped, so report text shows exactly as written (never as a link, emphasis or HTML)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", "" if text is None else str(text))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_wan(value: float | None) -> str:
    """万元 with thousands separators and two decimals: 1598.21 → '1,598.21'."""
    return "" if _missing(value) else f"{value:,.2f}"


def fmt_pct(value: float | None) -> str:
    """A percent value (94.56 means 94.56%) with two decimals: '94.56%'."""
    return "" if _missing(value) else f"{value:,.2f}%"


def fmt_score(value: float | None) -> str:
    """Points with two decimals, as reports print them: 96.1 → '96.10'."""
    return "" if _missing(value) else f"{value:.2f}"


def fmt_int(value: float | None) -> str:
    """A count or year without decimals or separators."""
    return "" if _missing(value) else str(int(value))


def fmt_bool(value: bool | None) -> str:
    """Met / missed for a target, blank when not comparable."""
    return "" if value is None else ("达成" if value else "未达成")


FORMATTERS = {"wan": fmt_wan, "pct": fmt_pct, "score": fmt_score, "int": fmt_int, "bool": fmt_bool}


def short_unit(name: str | None) -> str:
    """A unit name short enough for an axis: 益阳市赫山区残疾人联合会 → 赫山区残联."""
    if not name:
        return "（未识别单位）"
    short = name.replace("残疾人联合会", "残联")
    for marker in ("市", "州", "盟", "地区"):
        _, sep, tail = short.partition(marker)
        # Keep the county part when a prefecture prefixes it (益阳市赫山区残联 → 赫山区残联).
        if sep and tail and any(level in tail for level in ("区", "县", "市", "旗")) and len(tail) > 3:
            return tail
    return short


def unit_year(unit: str | None, year: int | None) -> str:
    """An axis label for one unit-year."""
    return f"{short_unit(unit)} {'' if year is None else year}".strip()


@dataclass(frozen=True)
class ShownTable:
    """A table as shown: Chinese headers in order, raw values, and how each column is formatted."""

    frame: pl.DataFrame
    kinds: dict[str, Kind]

    def as_text(self) -> pl.DataFrame:
        """Every value formatted as displayed (万元 with separators, rates as %), the frame shown and exported."""
        columns = []
        for header in self.frame.columns:
            kind = self.kinds.get(header, "text")
            series = self.frame.get_column(header)
            if kind == "text":
                columns.append(series.cast(pl.String).fill_null("").alias(header))
            else:
                formatted = [FORMATTERS[kind](value) for value in series.to_list()]
                columns.append(pl.Series(header, formatted, dtype=pl.String))
        return pl.DataFrame(columns) if columns else pl.DataFrame()


def shown_table(frame: pl.DataFrame, columns: list[tuple[str, str, Kind]]) -> ShownTable:
    """Pick and rename ``(source, header, kind)`` columns of ``frame`` for display."""
    present = [(source, header, kind) for source, header, kind in columns if source in frame.columns]
    picked = frame.select([pl.col(source).alias(header) for source, header, _ in present])
    return ShownTable(picked, {header: kind for _, header, kind in present})


def _layout(figure: go.Figure, title: str, height: int = 420) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"font": {"family": FONT}},
    )
    return figure


def _bar_height(rows: int) -> int:
    return max(260, 90 + 34 * rows)


def _rate_source(method: str | None, adjusted: float | None) -> str:
    if method == "stated":
        return "报告所述"
    return "执行数 ÷ 调整后预算" if adjusted is not None else "执行数 ÷ 年初预算（未写调整后预算）"


def execution_rate_bars(rates: pl.DataFrame) -> go.Figure:
    """Execution rate per unit-year as sorted horizontal bars with reference lines at 100% and 90%."""
    ordered = rates.sort("execution_rate_best_pct")  # plotly draws the first row at the bottom
    labels = [unit_year(u, y) for u, y in zip(ordered["unit_name"], ordered["fiscal_year"], strict=True)]
    values = ordered["execution_rate_best_pct"].to_list()
    # One outlier (a rate derived against a tiny initial budget) must not flatten every other bar: bars stop
    # at the cap, their labels keep the real value.
    drawn = [min(v, RATE_AXIS_CAP) for v in values]
    methods = [
        _rate_source(m, a)
        for m, a in zip(ordered["execution_rate_method"], ordered["budget_adjusted_wan"], strict=True)
    ]
    colours = ["#d73027" if v < 90 else ("#fdae61" if v > 100 else "#4575b4") for v in values]
    figure = go.Figure(
        go.Bar(
            x=drawn,
            y=labels,
            orientation="h",
            marker_color=colours,
            text=[fmt_pct(v) + (" ▶ 超出刻度" if v > RATE_AXIS_CAP else "") for v in values],
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": "white"},
            customdata=methods,
            hovertemplate="%{y}<br>执行率 %{text}（%{customdata}）<extra></extra>",
        )
    )
    for line, name in ((100, "100%"), (90, "90%")):
        figure.add_vline(
            x=line,
            line_dash="dash",
            line_color="#555",
            annotation_text=name,
            annotation_position="bottom right" if line == 100 else "bottom left",
        )
    figure.update_xaxes(title="预算执行率（%）", ticksuffix="%", range=[0, max([110, *drawn]) * 1.05])
    return _layout(figure, "预算执行率（按单位和年度，降序）", _bar_height(len(labels)))


def budget_phase_bars(phases: pl.DataFrame) -> go.Figure:
    """Initial → adjusted → executed budget per unit-year as grouped horizontal bars (万元)."""
    figure = go.Figure()
    keys = phases.select("report_key", "unit_name", "fiscal_year").unique(maintain_order=True)
    labels = {k: unit_year(u, y) for k, u, y in keys.iter_rows()}
    # Plotly draws the first category at the bottom: reverse so the table order reads top-down.
    order = list(dict.fromkeys(labels.values()))[::-1]
    for phase in ("executed", "adjusted", "initial"):
        rows = phases.filter(pl.col("phase") == phase)
        amounts = rows["amount_wan"].to_list()
        figure.add_bar(
            name=PHASE_LABELS[phase],
            y=[labels[k] for k in rows["report_key"].to_list()],
            x=amounts,
            orientation="h",
            marker_color=PHASE_COLOURS[phase],
            text=[fmt_wan(a) for a in amounts],
            textposition="outside",
            hovertemplate="%{y}<br>" + PHASE_LABELS[phase] + " %{text} 万元<extra></extra>",
        )
    figure.update_layout(barmode="group", legend={"traceorder": "reversed"})
    top = float(phases["amount_wan"].max() or 1)
    figure.update_xaxes(title="万元", tickformat=",.0f", range=[0, top * 1.18])
    figure.update_yaxes(categoryorder="array", categoryarray=order)
    return _layout(figure, "年初预算 → 调整后预算 → 执行数（万元）", max(320, 100 + 70 * len(order)))


def budget_change_bars(changes: pl.DataFrame) -> go.Figure:
    """Change from the initial budget per unit-year (adjusted, else executed, against initial), largest on top."""
    rows = changes.sort("change_pct")
    values = rows["change_pct"].to_list()
    labels = [unit_year(u, y) for u, y in zip(rows["unit_name"], rows["fiscal_year"], strict=True)]
    basis = [
        "调整后预算 vs 年初" if b == "adjusted" else "执行数 vs 年初（未写调整后预算）"
        for b in rows["change_basis"].to_list()
    ]
    colours = ["#d73027" if abs(v) >= 50 else "#4575b4" for v in values]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=colours,
            text=[fmt_pct(v) for v in values],
            textposition="outside",
            customdata=basis,
            hovertemplate="%{y}<br>变动 %{text}（%{customdata}）<extra></extra>",
        )
    )
    top = max([10.0, *[abs(v) for v in values]])
    low = min(0.0, *values)
    figure.update_xaxes(
        title="相对年初预算的变动（%）", ticksuffix="%", range=[low - (top * 0.12 if low < 0 else 0), top * 1.25]
    )
    return _layout(figure, "年中预算调整幅度（红色：变动超过 50%）", _bar_height(len(labels)))


def trend_lines(reports: pl.DataFrame) -> go.Figure:
    """Execution rate of each unit across years (one line per unit)."""
    figure = go.Figure()
    rows = reports.filter(pl.col("execution_rate_best_pct").is_not_null()).sort("fiscal_year")
    for unit in rows["unit_name"].unique(maintain_order=True).to_list():
        own = rows.filter(pl.col("unit_name") == unit)
        values = own["execution_rate_best_pct"].to_list()
        figure.add_scatter(
            x=own["fiscal_year"].to_list(),
            y=values,
            mode="lines+markers+text",
            name=short_unit(unit),
            text=[fmt_pct(v) for v in values],
            textposition="top center",
        )
    figure.add_hline(y=100, line_dash="dash", line_color="#555")
    figure.update_xaxes(title="年度", dtick=1, tickformat="d")
    figure.update_yaxes(title="预算执行率（%）", ticksuffix="%")
    return _layout(figure, "单位预算执行率的年度趋势")


def income_composition_bars(reports: pl.DataFrame) -> go.Figure:
    """Income by source (财政拨款 / 政府性基金 / 其他) per unit-year as stacked bars (万元)."""
    rows = reports.filter(
        pl.any_horizontal(pl.col("income_fiscal_wan", "income_gov_fund_wan", "income_other_wan").is_not_null())
    )
    labels = [unit_year(u, y) for u, y in zip(rows["unit_name"], rows["fiscal_year"], strict=True)]
    figure = go.Figure()
    parts = (
        ("income_fiscal_wan", "财政拨款", "#2171b5"),
        ("income_gov_fund_wan", "政府性基金", "#fd8d3c"),
        ("income_other_wan", "其他收入", "#969696"),
    )
    for column, name, colour in parts:
        amounts = rows[column].to_list()
        figure.add_bar(
            name=name,
            y=labels,
            x=amounts,
            orientation="h",
            marker_color=colour,
            text=[fmt_wan(a) for a in amounts],
            textposition="inside",
            hovertemplate="%{y}<br>" + name + " %{text} 万元<extra></extra>",
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title="万元", tickformat=",.0f")
    return _layout(figure, "收入构成（万元）", _bar_height(len(labels)))


def basic_project_share_bars(reports: pl.DataFrame) -> go.Figure:
    """Basic vs project spending as shares of their sum per unit-year (100% stacked bars)."""
    rows = reports.filter(pl.col("spend_basic_wan").is_not_null() | pl.col("spend_project_wan").is_not_null())
    labels = [unit_year(u, y) for u, y in zip(rows["unit_name"], rows["fiscal_year"], strict=True)]
    basic = [b or 0.0 for b in rows["spend_basic_wan"].to_list()]
    project = [p or 0.0 for p in rows["spend_project_wan"].to_list()]
    totals = [b + p or 1.0 for b, p in zip(basic, project, strict=True)]
    figure = go.Figure()
    for name, amounts, colour in (("基本支出", basic, "#9e9ac8"), ("项目支出", project, "#54278f")):
        shares = [a / t * 100 for a, t in zip(amounts, totals, strict=True)]
        figure.add_bar(
            name=name,
            y=labels,
            x=shares,
            orientation="h",
            marker_color=colour,
            text=[f"{fmt_pct(s)}（{fmt_wan(a)}万元）" for s, a in zip(shares, amounts, strict=True)],
            textposition="inside",
            hovertemplate="%{y}<br>" + name + " %{text}<extra></extra>",
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title="占支出合计（%）", ticksuffix="%", range=[0, 100])
    return _layout(figure, "基本支出与项目支出占比", _bar_height(len(labels)))


def spending_treemap(items: pl.DataFrame) -> go.Figure:
    """Spending items by category across units (万元): category → item, sized by amount."""
    rows = items.filter(pl.col("amount_wan").is_not_null() & (pl.col("amount_wan") > 0))
    ids, labels, parents, values = ["全部"], ["全部支出"], [""], [float(rows["amount_wan"].sum() or 0)]
    for category in rows["category"].unique(maintain_order=True).to_list():
        own = rows.filter(pl.col("category") == category)
        ids.append(category)
        labels.append(category)
        parents.append("全部")
        values.append(float(own["amount_wan"].sum()))
        for index, (name, unit, amount) in enumerate(own.select("name", "unit_name", "amount_wan").iter_rows()):
            ids.append(f"{category}/{index}")
            labels.append(f"{name}<br>{short_unit(unit)}")
            parents.append(category)
            values.append(amount)
    figure = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            texttemplate="%{label}<br>%{value:,.2f} 万元",
            hovertemplate="%{label}<br>%{value:,.2f} 万元<extra></extra>",
        )
    )
    return _layout(figure, "支出明细按类别（万元）", 520)


def project_budget_vs_executed(projects: pl.DataFrame) -> go.Figure:
    """Project reports: budget (adjusted, else initial) against executed, 万元."""
    labels = [
        f"{unit_year(u, y)}<br>{p or ''}"
        for u, y, p in zip(projects["unit_name"], projects["fiscal_year"], projects["project_name"], strict=True)
    ]
    budget = [
        a if a is not None else i
        for a, i in zip(projects["budget_adjusted_wan"], projects["budget_initial_wan"], strict=True)
    ]
    executed = projects["budget_executed_wan"].to_list()
    figure = go.Figure()
    for name, amounts, colour in (("预算数", budget, "#9ecae1"), ("执行数", executed, "#08519c")):
        figure.add_bar(
            name=name,
            x=labels,
            y=amounts,
            marker_color=colour,
            text=[fmt_wan(a) for a in amounts],
            textposition="outside",
            hovertemplate="%{x}<br>" + name + " %{text} 万元<extra></extra>",
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(title="万元", tickformat=",.0f")
    return _layout(figure, "项目预算与执行（万元）")


def score_bars(reports: pl.DataFrame) -> go.Figure:
    """Total self-evaluation score per unit-year, highest first, coloured by grade."""
    rows = reports.filter(pl.col("score_total").is_not_null()).sort("score_total")
    labels = [unit_year(u, y) for u, y in zip(rows["unit_name"], rows["fiscal_year"], strict=True)]
    grades = [g or "未评级" for g in rows["grade"].to_list()]
    scores = rows["score_total"].to_list()
    figure = go.Figure(
        go.Bar(
            x=scores,
            y=labels,
            orientation="h",
            marker_color=[GRADE_COLOURS.get(g, "#999") for g in grades],
            text=[f"{fmt_score(s)}（{g}）" for s, g in zip(scores, grades, strict=True)],
            textposition="outside",
            hovertemplate="%{y}<br>总分 %{text}<extra></extra>",
        )
    )
    figure.add_vline(x=90, line_dash="dot", line_color="#1a9850")
    figure.update_xaxes(title="总分", range=[0, 115])
    return _layout(figure, "自评总分与等级（绿色虚线：优 ≥ 90 分）", _bar_height(len(labels)))


def dimension_heatmap(dimensions: pl.DataFrame) -> go.Figure:
    """Score rate (score ÷ maximum) per unit-year and canonical dimension as a heatmap, in percent."""
    rows = dimensions.filter(pl.col("canonical").is_not_null() & pl.col("score_rate").is_not_null())
    keys = rows.select("report_key", "unit_name", "fiscal_year").unique(maintain_order=True)
    present = set(rows["canonical"].to_list())
    columns = [c for c in CANONICAL_ORDER if c in present]
    y_labels, z, text = [], [], []
    for key, unit, year in keys.iter_rows():
        own = rows.filter(pl.col("report_key") == key)
        # A dimension scored twice under one canonical name (rare) is summed before taking the rate.
        rate = {c: None for c in columns}
        for canonical in columns:
            part = own.filter(pl.col("canonical") == canonical)
            if part.height and part["max_points"].sum():
                rate[canonical] = float(part["score"].sum()) / float(part["max_points"].sum()) * 100
        y_labels.append(unit_year(unit, year))
        z.append([rate[c] for c in columns])
        text.append([fmt_pct(rate[c]) for c in columns])
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=y_labels,
            text=text,
            texttemplate="%{text}",
            colorscale="RdYlGn",
            zmin=50,
            zmax=100,
            colorbar={"title": "得分率", "ticksuffix": "%"},
            hovertemplate="%{y}<br>%{x} 得分率 %{text}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, "维度得分率（得分 ÷ 满分）", max(300, 120 + 48 * len(y_labels)))


def _alternating_positions(xs: list[float]) -> list[str]:
    """Label positions that alternate above and below along x, so neighbours' labels do not overlap."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    positions = [""] * len(xs)
    for rank, index in enumerate(order):
        positions[index] = "top center" if rank % 2 == 0 else "bottom center"
    return positions


def score_vs_execution_scatter(reports: pl.DataFrame) -> go.Figure:
    """Self-score against execution rate: a high score on low execution sits top-left."""
    rows = reports.filter(pl.col("score_total").is_not_null() & pl.col("execution_rate_best_pct").is_not_null())
    rates, scores = rows["execution_rate_best_pct"].to_list(), rows["score_total"].to_list()
    labels = [
        f"{unit_year(u, y)}<br>{fmt_score(s)} 分 · {fmt_pct(r)}"
        for u, y, s, r in zip(rows["unit_name"], rows["fiscal_year"], scores, rates, strict=True)
    ]
    figure = go.Figure(
        go.Scatter(
            x=rates,
            y=scores,
            mode="markers+text",
            text=labels,
            textposition=_alternating_positions(rates),
            marker={
                "size": 14,
                "color": ["#d73027" if r < 90 and s >= 90 else "#4575b4" for r, s in zip(rates, scores, strict=True)],
            },
            customdata=[[fmt_pct(r), fmt_score(s)] for r, s in zip(rates, scores, strict=True)],
            hovertemplate="%{text}<br>执行率 %{customdata[0]}<br>总分 %{customdata[1]}<extra></extra>",
        )
    )
    figure.add_vline(
        x=90, line_dash="dash", line_color="#555", annotation_text="执行率 90%", annotation_position="bottom left"
    )
    figure.add_hline(
        y=90, line_dash="dot", line_color="#1a9850", annotation_text="优 90 分", annotation_position="bottom right"
    )
    figure.update_xaxes(
        title="预算执行率（%）", ticksuffix="%", range=[min([50.0, *rates]) - 10, max([105.0, *rates]) + 5]
    )
    figure.update_yaxes(title="自评总分", range=[min([80.0, *scores]) - 5, 105])
    return _layout(figure, "自评得分 vs 预算执行率（红点：高分低执行）", 460)


def coverage_matrix(reports: pl.DataFrame) -> pl.DataFrame:
    """Unit × year matrix: each cell lists the reports held (部门 / 项目, 自评 / 外评)."""
    if reports.is_empty():
        return pl.DataFrame({"单位": []}, schema={"单位": pl.String})
    marks = reports.with_columns(
        pl.concat_str(
            pl.when(pl.col("report_scope") == "department").then(pl.lit("部门")).otherwise(pl.lit("项目")),
            pl.when(pl.col("evaluation_type") == "external").then(pl.lit("·外评")).otherwise(pl.lit("")),
        ).alias("mark"),
        pl.col("fiscal_year").cast(pl.String).fill_null("年度不详").alias("year"),
        pl.col("unit_name").fill_null("（未识别单位）").alias("单位"),
    )
    cells = marks.group_by("单位", "year", maintain_order=True).agg(pl.col("mark").sort().str.join("、"))
    matrix = cells.pivot(on="year", index="单位", values="mark", sort_columns=True)
    return matrix.fill_null("")
