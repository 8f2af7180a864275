"""Plotly figures and number formats of the dashboard (no SQL, no Streamlit): frames in, figures or text out."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote_plus

import numpy as np
import pandas  # noqa: F401  (see below)
import plotly.graph_objects as go
import polars as pl

# pandas is imported with this module, under the import lock, on purpose: plotly looks pandas up in sys.modules
# lazily, and with several sessions drawing at once one thread could meet a pandas another thread was still
# importing ("partially initialized module 'pandas'", seen in the 20-session load test).

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
PHASE_LABELS = {"initial": "年初预算", "adjusted": "调整后预算", "executed": "执行数"}
PHASE_COLOURS = {"initial": "#9ecae1", "adjusted": "#4292c6", "executed": "#08519c"}
GRADE_COLOURS = {"优": "#1a9850", "良": "#91cf60", "中": "#fc8d59", "差": "#d73027", "未评级": "#999999"}
RATE_AXIS_CAP = 150.0
HIGH_SCORE_LOW_EXECUTION = "#d73027"
NORMAL_POINT = "#4575b4"
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
            columns.append(_formatted(series, kind))
        return pl.DataFrame(columns) if columns else pl.DataFrame()


_NUMBER_SPECS = {"wan": (",.2f", ""), "pct": (",.2f", "%"), "score": (".2f", "")}


def _formatted(series: pl.Series, kind: Kind) -> pl.Series:
    """A column formatted as displayed; the common cases skip the per-value function call, which dominated the
    run time of a 10,000-row table, and give exactly what the fmt_* functions give."""
    if kind == "text":
        return series.cast(pl.String).fill_null("")
    if kind == "int" and series.dtype.is_integer():
        return series.cast(pl.String).fill_null("")
    if kind in _NUMBER_SPECS and series.dtype.is_float():
        spec, suffix = _NUMBER_SPECS[kind]
        text = ["" if v is None else format(v, spec) + suffix for v in series.fill_nan(None).to_list()]
    else:
        text = [FORMATTERS[kind](value) for value in series.to_list()]
    return pl.Series(series.name, text, dtype=pl.String)


KEY_SLOT = "KEYSLOT0"  # stands for a report key in a link template made once per table


def links_per_key(template: str, keys: list[str]) -> list[str]:
    """Per report key, the link ``template`` (made with ``r=KEY_SLOT``) pointing at that report, encoded as
    urlencode would: one URL encoding per table instead of one per row."""
    head, _, tail = template.partition(f"r={KEY_SLOT}")
    return [f"{head}r={quote_plus(str(key), safe='')}{tail}" for key in keys]


def shown_table(frame: pl.DataFrame, columns: list[tuple[str, str, Kind]]) -> ShownTable:
    """Pick and rename ``(source, header, kind)`` columns of ``frame`` for display."""
    present = [(source, header, kind) for source, header, kind in columns if source in frame.columns]
    picked = frame.select([pl.col(source).alias(header) for source, header, _ in present])
    return ShownTable(picked, {header: kind for _, header, kind in present})


MAX_BARS = 40  # categories one chart can show with readable labels
EXTREMES_EACH = MAX_BARS // 2
MAX_TREND_UNITS = 10  # above this, one line per unit is a tangle: draw the distribution instead
MAX_LABELLED_POINTS = 25
# Above this, reports in the same 1% × 1-point cell share one marker: ten thousand overlapping points are a blot,
# and each costs the browser time to draw (the scores page took about 2 s longer with 9,000 points than with 50).
MAX_SINGLE_POINTS = 1_000
NAMES_IN_A_CELL = 3
TREEMAP_ITEMS = 15
MAX_CHART_HEIGHT = 1600
NARROW_HINT = "缩小筛选可看全部"


@dataclass(frozen=True)
class Capped:
    """The rows a chart draws and, when some were left out, the Chinese note saying which."""

    rows: pl.DataFrame
    note: str | None


def lowest_and_highest(frame: pl.DataFrame, column: str, measure: str, each: int = EXTREMES_EACH) -> Capped:
    """All rows when at most ``2 × each``; else the ``each`` lowest and ``each`` highest by ``column``."""
    if frame.height <= 2 * each:
        return Capped(frame, None)
    ordered = frame.sort(column, nulls_last=True, maintain_order=True)
    kept = pl.concat([ordered.head(each), ordered.slice(frame.height - each, each)])
    note = f"共 {frame.height} 个单位年度，图中显示{measure}最低和最高各 {each} 个；{NARROW_HINT}"
    return Capped(kept, note)


def largest(
    frame: pl.DataFrame, size: pl.Expr, measure: str, limit: int = MAX_BARS, counted: str = "单位年度"
) -> Capped:
    """All rows when at most ``limit``; else the ``limit`` rows with the largest ``size``, largest first."""
    if frame.height <= limit:
        return Capped(frame, None)
    kept = frame.sort(size, descending=True, nulls_last=True, maintain_order=True).head(limit)
    return Capped(kept, f"共 {frame.height} 个{counted}，图中显示{measure}最大的 {limit} 个；{NARROW_HINT}")


def _layout(figure: go.Figure, title: str, height: int = 420, note: str | None = None) -> go.Figure:
    # A note (what the chart leaves out) is a subtitle, so the figure says so wherever it is shown or exported.
    heading: dict[str, object] = {"text": title, "x": 0, "xanchor": "left"}
    if note:
        heading["subtitle"] = {"text": note, "font": {"size": 12, "color": "#555"}}
    figure.update_layout(
        title=heading,
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 20, "t": 95 if note else 60, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"font": {"family": FONT}},
    )
    return figure


def _hide_cramped_text(figure: go.Figure, capped: object) -> None:
    # Many bars or tiles leave slivers whose labels plotly shrinks to specks: hide those (hover still shows them).
    if capped:
        figure.update_layout(uniformtext={"minsize": 10, "mode": "hide"})


def _bar_height(rows: int) -> int:
    return min(MAX_CHART_HEIGHT, max(260, 90 + 34 * rows))


def _unit_year_labels(frame: pl.DataFrame) -> list[str]:
    """Axis labels per row; a unit-year shown twice (department and project report) gets a number, or plotly
    would draw both bars on one category."""
    labels = [unit_year(u, y) for u, y in zip(frame["unit_name"], frame["fiscal_year"], strict=True)]
    seen: dict[str, int] = {}
    distinct = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        distinct.append(label if seen[label] == 1 else f"{label}（{seen[label]}）")
    return distinct


def _rate_source(method: str | None, adjusted: float | None) -> str:
    if method == "stated":
        return "报告所述"
    return "执行数 ÷ 调整后预算" if adjusted is not None else "执行数 ÷ 年初预算（未写调整后预算）"


def execution_rate_bars(rates: pl.DataFrame) -> go.Figure:
    """Execution rate per unit-year as sorted horizontal bars with reference lines at 100% and 90%; with many
    unit-years, the lowest and highest ones."""
    capped = lowest_and_highest(rates, "execution_rate_best_pct", "执行率")
    ordered = capped.rows.sort("execution_rate_best_pct")  # plotly draws the first row at the bottom
    labels = _unit_year_labels(ordered)
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
    return _layout(figure, "预算执行率（按单位和年度，降序）", _bar_height(len(labels)), capped.note)


def budget_phase_bars(phases: pl.DataFrame) -> go.Figure:
    """Initial → adjusted → executed budget per unit-year as grouped horizontal bars (万元); with many
    unit-years, the largest budgets."""
    keys = phases.group_by("report_key", maintain_order=True).agg(
        pl.col("unit_name").first(), pl.col("fiscal_year").first(), pl.col("amount_wan").max().alias("size")
    )
    # Three bars per unit-year: half as many unit-years as a one-bar chart keeps the same height.
    capped = largest(keys, pl.col("size"), "预算规模", limit=MAX_BARS // 2)
    labels = dict(zip(capped.rows["report_key"].to_list(), _unit_year_labels(capped.rows), strict=True))
    shown = phases.filter(pl.col("report_key").is_in(list(labels)))
    # Plotly draws the first category at the bottom: reverse so the table order reads top-down.
    order = list(labels.values())[::-1]
    figure = go.Figure()
    for phase in ("executed", "adjusted", "initial"):
        rows = shown.filter(pl.col("phase") == phase)
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
    top = float(shown["amount_wan"].max() or 1)
    figure.update_xaxes(title="万元", tickformat=",.0f", range=[0, top * 1.18])
    figure.update_yaxes(categoryorder="array", categoryarray=order)
    height = min(MAX_CHART_HEIGHT, max(320, 100 + 70 * len(order)))
    return _layout(figure, "年初预算 → 调整后预算 → 执行数（万元）", height, capped.note)


def budget_change_bars(changes: pl.DataFrame) -> go.Figure:
    """Change from the initial budget per unit-year (adjusted, else executed, against initial), largest on top;
    with many unit-years, the largest changes either way."""
    capped = largest(changes, pl.col("change_pct").abs(), "变动幅度")
    rows = capped.rows.sort("change_pct")
    values = rows["change_pct"].to_list()
    labels = _unit_year_labels(rows)
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
    return _layout(figure, "年中预算调整幅度（红色：变动超过 50%）", _bar_height(len(labels)), capped.note)


def trend_lines(reports: pl.DataFrame) -> go.Figure:
    """Execution rate across years: one line per unit for a few units, else the median and 25–75% band."""
    rows = reports.filter(pl.col("execution_rate_best_pct").is_not_null()).sort("fiscal_year", maintain_order=True)
    unit_key = "unit_code" if "unit_code" in rows.columns else "unit_name"
    units = rows[unit_key].n_unique()
    many = units > MAX_TREND_UNITS
    figure = _trend_distribution(rows, unit_key) if many else _trend_per_unit(rows, unit_key)
    figure.add_hline(y=100, line_dash="dash", line_color="#555")
    figure.update_xaxes(title="年度", dtick=1, tickformat="d")
    figure.update_yaxes(title="预算执行率（%）", ticksuffix="%")
    if many:  # room above the 100% line, so the legend does not sit on it
        drawn = [y for trace in figure.data for y in trace.y if y is not None]
        figure.update_yaxes(range=[min(drawn) - 5, max([105.0, *drawn]) + 5])
    note = None
    if many:
        note = (
            f"共 {units} 个单位，图中为各年度执行率的中位数与 25%–75% 区间；"
            f"筛选到 {MAX_TREND_UNITS} 个单位以内可看每个单位的折线"
        )
    return _layout(figure, "单位预算执行率的年度趋势", 420, note)


def _trend_per_unit(rows: pl.DataFrame, unit_key: str) -> go.Figure:
    # Grouping on the key (never comparing with a None name) keeps a report without a unit name on its own line.
    figure = go.Figure()
    for own in rows.partition_by(unit_key, maintain_order=True):
        values = own["execution_rate_best_pct"].to_list()
        figure.add_scatter(
            x=own["fiscal_year"].to_list(),
            y=values,
            mode="lines+markers+text",
            name=short_unit(own["unit_name"][0]),
            text=[fmt_pct(v) for v in values],
            textposition="top center",
        )
    return figure


def trend_distribution(rows: pl.DataFrame, unit_key: str = "unit_code") -> pl.DataFrame:
    """Per year: the quartiles of the execution rate and how many units reported one."""
    rate = pl.col("execution_rate_best_pct")
    return (
        rows.group_by("fiscal_year")
        .agg(
            rate.quantile(0.25, "linear").alias("q25"),
            rate.median().alias("median"),
            rate.quantile(0.75, "linear").alias("q75"),
            pl.col(unit_key).n_unique().alias("units"),
        )
        .sort("fiscal_year")
    )


def _trend_distribution(rows: pl.DataFrame, unit_key: str) -> go.Figure:
    spread = trend_distribution(rows, unit_key)
    years = spread["fiscal_year"].to_list()
    figure = go.Figure()
    band = {"mode": "lines", "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False}
    figure.add_scatter(x=years, y=spread["q75"].to_list(), **band)
    figure.add_scatter(
        x=years,
        y=spread["q25"].to_list(),
        fill="tonexty",
        fillcolor="rgba(66,146,198,0.25)",
        name="25%–75% 区间",
        **{**band, "showlegend": True},
    )
    medians = spread["median"].to_list()
    figure.add_scatter(
        x=years,
        y=medians,
        mode="lines+markers+text",
        name="中位数",
        line={"color": "#08519c"},
        text=[fmt_pct(m) for m in medians],
        textposition="top center",
        customdata=[
            [n, fmt_pct(a), fmt_pct(b)] for n, a, b in zip(spread["units"], spread["q25"], spread["q75"], strict=True)
        ],
        hovertemplate="%{x} 年：%{customdata[0]} 个单位<br>中位数 %{text}<br>"
        "25%–75%：%{customdata[1]} – %{customdata[2]}<extra></extra>",
    )
    return figure


def income_composition_bars(reports: pl.DataFrame) -> go.Figure:
    """Income by source (财政拨款 / 政府性基金 / 其他) per unit-year as stacked bars (万元); with many
    unit-years, the largest incomes."""
    parts = (
        ("income_fiscal_wan", "财政拨款", "#2171b5"),
        ("income_gov_fund_wan", "政府性基金", "#fd8d3c"),
        ("income_other_wan", "其他收入", "#969696"),
    )
    columns = [column for column, _, _ in parts]
    rows = reports.filter(pl.any_horizontal(pl.col(columns).is_not_null()))
    capped = largest(rows, pl.sum_horizontal(columns), "收入合计")
    rows = capped.rows.reverse() if capped.note else rows  # plotly draws the first row at the bottom
    labels = _unit_year_labels(rows)
    figure = go.Figure()
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
    _hide_cramped_text(figure, capped.note)
    figure.update_xaxes(title="万元", tickformat=",.0f")
    return _layout(figure, "收入构成（万元）", _bar_height(len(labels)), capped.note)


def basic_project_share_bars(reports: pl.DataFrame) -> go.Figure:
    """Basic vs project spending as shares of their sum per unit-year (100% stacked bars); with many
    unit-years, the largest spending."""
    rows = reports.filter(pl.col("spend_basic_wan").is_not_null() | pl.col("spend_project_wan").is_not_null())
    capped = largest(rows, pl.sum_horizontal("spend_basic_wan", "spend_project_wan"), "支出合计")
    rows = capped.rows.reverse() if capped.note else rows  # plotly draws the first row at the bottom
    labels = _unit_year_labels(rows)
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
    _hide_cramped_text(figure, capped.note)
    figure.update_xaxes(title="占支出合计（%）", ticksuffix="%", range=[0, 100])
    return _layout(figure, "基本支出与项目支出占比", _bar_height(len(labels)), capped.note)


def treemap_leaves(items: pl.DataFrame, keep: int = TREEMAP_ITEMS) -> pl.DataFrame:
    """Per category its items (category, label, amount); a category with more than ``keep + 1`` items keeps
    its ``keep`` largest and one "其他 N 项" leaf holding the rest."""
    rows = items.filter(pl.col("amount_wan").is_not_null() & (pl.col("amount_wan") > 0))
    leaves = []
    for own in rows.partition_by("category", maintain_order=True):
        category = own["category"][0]
        if own.height > keep + 1:
            ordered = own.sort("amount_wan", descending=True, maintain_order=True)
            rest = ordered.slice(keep)
            own = ordered.head(keep)
        else:
            rest = None
        labels = [f"{n}<br>{short_unit(u)}" for n, u in zip(own["name"], own["unit_name"], strict=True)]
        leaves.append(
            pl.DataFrame({"category": category, "label": labels, "amount": own["amount_wan"], "is_rest": False})
        )
        if rest is not None:
            label, amount = f"其他 {rest.height} 项", rest["amount_wan"].sum()
            leaves.append(pl.DataFrame({"category": [category], "label": [label], "amount": [amount], "is_rest": True}))
    schema = {"category": pl.String, "label": pl.String, "amount": pl.Float64, "is_rest": pl.Boolean}
    return pl.concat(leaves).cast(schema) if leaves else pl.DataFrame(schema=schema)


def spending_treemap(items: pl.DataFrame) -> go.Figure:
    """Spending items by category across units (万元): category → its largest items (plus the rest, summed)."""
    leaves = treemap_leaves(items)
    ids, labels, parents, values = ["全部"], ["全部支出"], [""], [float(leaves["amount"].sum() or 0)]
    for own in leaves.partition_by("category", maintain_order=True):
        category = own["category"][0]
        ids.append(category)
        labels.append(category)
        parents.append("全部")
        values.append(float(own["amount"].sum()))
        for index, (label, amount) in enumerate(own.select("label", "amount").iter_rows()):
            ids.append(f"{category}/{index}")
            labels.append(label)
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
    grouped = bool(leaves["is_rest"].any())
    _hide_cramped_text(figure, grouped)
    note = f"每类显示金额最大的 {TREEMAP_ITEMS} 项，其余合并为“其他 N 项”；完整明细见下表" if grouped else None
    return _layout(figure, "支出明细按类别（万元）", 520, note)


def project_budget_vs_executed(projects: pl.DataFrame) -> go.Figure:
    """Project reports: budget (adjusted, else initial) against executed, 万元; with many projects, the largest."""
    budget_expr = pl.coalesce("budget_adjusted_wan", "budget_initial_wan")
    capped = largest(projects, budget_expr, "预算", limit=MAX_BARS // 2, counted="项目报告")
    projects = capped.rows
    names = [p or "" for p in projects["project_name"].to_list()]
    budget = projects.select(budget_expr.alias("budget"))["budget"].to_list()
    executed = projects["budget_executed_wan"].to_list()
    # A few projects read well as columns; many need horizontal bars so their long names stay readable.
    horizontal = capped.note is not None
    if horizontal:
        labels = [f"{label} {name[:16]}" for label, name in zip(_unit_year_labels(projects), names, strict=True)]
    else:
        years = projects["fiscal_year"]
        labels = [f"{unit_year(u, y)}<br>{p}" for u, y, p in zip(projects["unit_name"], years, names, strict=True)]
    figure = go.Figure()
    for name, amounts, colour in (("预算数", budget, "#9ecae1"), ("执行数", executed, "#08519c")):
        axes = {"y": labels, "x": amounts, "orientation": "h"} if horizontal else {"x": labels, "y": amounts}
        figure.add_bar(
            name=name,
            marker_color=colour,
            text=[fmt_wan(a) for a in amounts],
            textposition="outside",
            hovertemplate=("%{y}" if horizontal else "%{x}") + "<br>" + name + " %{text} 万元<extra></extra>",
            **axes,
        )
    figure.update_layout(barmode="group")
    if horizontal:
        top = max([1.0, *[a for a in budget + executed if a is not None]])
        figure.update_xaxes(title="万元", tickformat=",.0f", range=[0, top * 1.18])
        figure.update_yaxes(autorange="reversed")
        height = min(MAX_CHART_HEIGHT, 100 + 56 * len(labels))
    else:
        figure.update_yaxes(title="万元", tickformat=",.0f")
        height = 420
    return _layout(figure, "项目预算与执行（万元）", height, capped.note)


def score_bars(reports: pl.DataFrame) -> go.Figure:
    """Total self-evaluation score per unit-year, highest first, coloured by grade; with many unit-years, the
    lowest and highest."""
    scored = reports.filter(pl.col("score_total").is_not_null())
    capped = lowest_and_highest(scored, "score_total", "总分")
    rows = capped.rows.sort("score_total")
    labels = _unit_year_labels(rows)
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
    figure.update_xaxes(title="总分", range=[0, max([115, *[s * 1.15 for s in scores]])])
    return _layout(figure, "自评总分与等级（绿色虚线：优 ≥ 90 分）", _bar_height(len(labels)), capped.note)


def dimension_rates(dimensions: pl.DataFrame) -> pl.DataFrame:
    """Per unit-year (in first-seen order) and canonical dimension: score ÷ maximum in percent, plus the
    unit-year's overall rate; a dimension scored twice under one canonical name is summed first."""
    rows = dimensions.filter(pl.col("canonical").is_not_null() & pl.col("score_rate").is_not_null())
    parts = rows.group_by("report_key", "canonical", maintain_order=True).agg(
        pl.col("unit_name").first(), pl.col("fiscal_year").first(), pl.col("score").sum(), pl.col("max_points").sum()
    )
    rate = pl.when(pl.col("max_points") != 0).then(pl.col("score") / pl.col("max_points") * 100)
    overall = parts.group_by("report_key", maintain_order=True).agg(
        pl.col("unit_name").first(),
        pl.col("fiscal_year").first(),
        (pl.col("score").sum() / pl.col("max_points").sum() * 100).alias("overall"),
    )
    wide = parts.with_columns(rate.alias("rate")).pivot(on="canonical", index="report_key", values="rate")
    return overall.join(wide, on="report_key", how="left", maintain_order="left")


def dimension_heatmap(dimensions: pl.DataFrame) -> go.Figure:
    """Score rate (score ÷ maximum) per unit-year and canonical dimension as a heatmap, in percent; with many
    unit-years, the lowest overall rates first."""
    table = dimension_rates(dimensions)
    columns = [c for c in CANONICAL_ORDER if c in table.columns]
    note = None
    if table.height > MAX_BARS:
        note = f"共 {table.height} 个单位年度，图中显示总得分率最低的 {MAX_BARS} 个；{NARROW_HINT}"
        table = table.sort("overall", nulls_last=True, maintain_order=True).head(MAX_BARS)
    z = table.select(columns).rows()
    text = [[fmt_pct(rate) for rate in row] for row in z]
    y_labels = _unit_year_labels(table)
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
    height = min(MAX_CHART_HEIGHT, max(300, 120 + 48 * len(y_labels)))
    return _layout(figure, "维度得分率（得分 ÷ 满分）", height, note)


def _label_positions(xs: list[float]) -> list[str]:
    """Label positions that alternate above and below along x, so neighbours' labels do not overlap; a point
    within 1 point of the 90% line is labelled to its right, off the line."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    positions = [""] * len(xs)
    for rank, index in enumerate(order):
        positions[index] = "top center" if rank % 2 == 0 else "bottom center"
        if abs(xs[index] - 90) <= 1:
            positions[index] = "middle right"
    return positions


def _labelled_points(rates: list[float], scores: list[float], labels: list[str], colours: list[str]) -> go.Scatter:
    return go.Scatter(
        x=rates,
        y=scores,
        mode="markers+text",
        text=labels,
        textposition=_label_positions(rates),
        marker={"size": 14, "color": colours},
        customdata=[[fmt_pct(r), fmt_score(s)] for r, s in zip(rates, scores, strict=True)],
        hovertemplate="%{text}<br>执行率 %{customdata[0]}<br>总分 %{customdata[1]}<extra></extra>",
    )


def _flag_marker(flagged: np.ndarray, size: float | np.ndarray, opacity: float) -> dict[str, object]:
    """Markers red where ``flagged`` is 1 and blue where 0, through a two-colour scale."""
    colours = [[0, NORMAL_POINT], [1, HIGH_SCORE_LOW_EXECUTION]]
    return {"size": size, "opacity": opacity, "color": flagged, "colorscale": colours, "cmin": 0, "cmax": 1}


def _hover_points(rates: list[float], scores: list[float], labels: list[str], colours: list[str]) -> go.Scatter:
    # Thousands of names beside their points are an unreadable blot: names show on hover only. numpy arrays and
    # a two-colour scale keep plotly's per-element validation of thousands of points fast.
    flagged = np.array([c == HIGH_SCORE_LOW_EXECUTION for c in colours], dtype=float)
    return go.Scatter(
        x=np.array(rates, dtype=float),
        y=np.array(scores, dtype=float),
        mode="markers",
        hovertext=np.array(labels, dtype=object),
        marker=_flag_marker(flagged, 7, 0.6),
        hovertemplate="%{hovertext}<extra></extra>",
    )


def _some_names(units: list[str | None], years: list[int | None], reports: int) -> str:
    """The first reports of a cell by unit and year, and 等 when there are more."""
    names = "、".join(unit_year(u, y) for u, y in zip(units, years, strict=True))
    return names + (" 等" if reports > len(units) else "")


def _cell_points(rows: pl.DataFrame) -> go.Scatter:
    """One marker per 1% × 1-point cell, drawn at the cell's middle and sized by its reports. Cells are cut at whole
    numbers, so every cell lies on one side of the 90% and 90-point lines and a red cell holds only red reports."""
    cells = (
        rows.with_columns(
            pl.col("execution_rate_best_pct").floor().alias("rate_cell"),
            pl.col("score_total").floor().alias("score_cell"),
        )
        .group_by("rate_cell", "score_cell")
        .agg(
            pl.len().alias("reports"),
            pl.col("unit_name").head(NAMES_IN_A_CELL).alias("units"),
            pl.col("fiscal_year").head(NAMES_IN_A_CELL).alias("years"),
        )
        .sort("rate_cell", "score_cell")
    )
    rate, score, count = cells["rate_cell"].to_list(), cells["score_cell"].to_list(), cells["reports"].to_list()
    hover = [
        f"执行率 {r:.0f}%–{r + 1:.0f}% · {s:.0f}–{s + 1:.0f} 分<br>{n} 份报告：{_some_names(units, years, n)}"
        for r, s, n, units, years in zip(
            rate, score, count, cells["units"].to_list(), cells["years"].to_list(), strict=True
        )
    ]
    flagged = np.array([r < 90 and s >= 90 for r, s in zip(rate, score, strict=True)], dtype=float)
    return go.Scatter(
        x=np.array(rate, dtype=float) + 0.5,
        y=np.array(score, dtype=float) + 0.5,
        mode="markers",
        hovertext=np.array(hover, dtype=object),
        marker=_flag_marker(flagged, np.minimum(4 + 1.2 * np.sqrt(np.array(count, dtype=float)), 12), 0.7),
        hovertemplate="%{hovertext}<extra></extra>",
    )


def score_vs_execution_scatter(reports: pl.DataFrame) -> go.Figure:
    """Self-score against execution rate: a high score on low execution sits top-left (red); names are written
    beside the points only when there are few, and thousands of reports are drawn as cells sized by their count."""
    rows = reports.filter(pl.col("score_total").is_not_null() & pl.col("execution_rate_best_pct").is_not_null())
    rates, scores = rows["execution_rate_best_pct"].to_list(), rows["score_total"].to_list()
    if rows.height > MAX_SINGLE_POINTS:
        figure = go.Figure(_cell_points(rows))
        note = (
            f"共 {rows.height:,} 份报告：执行率同在一个百分点、得分同在一分之内的合为一点，点越大报告越多；"
            "悬停可看份数和单位"
        )
        return _score_lines(figure, rates, scores, note)
    labels = [
        f"{unit_year(u, y)}<br>{fmt_score(s)} 分 · {fmt_pct(r)}"
        for u, y, s, r in zip(rows["unit_name"], rows["fiscal_year"], scores, rates, strict=True)
    ]
    colours = [
        HIGH_SCORE_LOW_EXECUTION if r < 90 and s >= 90 else NORMAL_POINT for r, s in zip(rates, scores, strict=True)
    ]
    labelled = len(labels) <= MAX_LABELLED_POINTS
    points = (_labelled_points if labelled else _hover_points)(rates, scores, labels, colours)
    note = None if labelled else f"共 {len(labels)} 份报告，点较多时不标注名称，悬停可看单位、得分和执行率"
    return _score_lines(go.Figure(points), rates, scores, note)


def _score_lines(figure: go.Figure, rates: list[float], scores: list[float], note: str | None) -> go.Figure:
    """The scatter's 90% and 90-point lines, axes fitted to every report, title and ``note``."""
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
    return _layout(figure, "自评得分 vs 预算执行率（红点：高分低执行）", 460, note)


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
