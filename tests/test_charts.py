"""Chart capping rules: with many unit-years a chart draws the meaningful extremes and says so; few are all drawn."""

import warnings
from urllib.parse import urlencode

import polars as pl
import pytest

import charts
import ui


def unit_years(values: list[float], column: str, **extra: list[object]) -> pl.DataFrame:
    """One row per value: unit 单位{i}残联 (code U{i}), year 2020, ``column`` = value, plus ``extra`` columns."""
    n = len(values)
    return pl.DataFrame(
        {
            "report_key": [f"k{i}" for i in range(n)],
            "unit_code": [f"U{i}" for i in range(n)],
            "unit_name": [f"单位{i}残疾人联合会" for i in range(n)],
            "fiscal_year": [2020] * n,
            column: values,
            **extra,
        }
    )


def rates_frame(values: list[float]) -> pl.DataFrame:
    n = len(values)
    return unit_years(
        values, "execution_rate_best_pct", execution_rate_method=["stated"] * n, budget_adjusted_wan=[1.0] * n
    )


@pytest.mark.parametrize(
    ("count", "expected_bars", "expected_note"),
    [
        (5, 5, None),
        (40, 40, None),
        (100, 40, "共 100 个单位年度，图中显示执行率最低和最高各 20 个；缩小筛选可看全部"),
    ],
)
def test_execution_rate_bars_show_lowest_and_highest_when_many(
    count: int, expected_bars: int, expected_note: str | None
) -> None:
    figure = charts.execution_rate_bars(rates_frame([50.0 + i * 0.5 for i in range(count)]))
    assert len(figure.data[0].y) == expected_bars
    assert figure.layout.title.subtitle.text == expected_note


def test_execution_rate_bars_keep_the_20_lowest_and_20_highest() -> None:
    values = [50.0 + i for i in range(100)]
    figure = charts.execution_rate_bars(rates_frame(values))
    drawn = list(figure.data[0].y)
    expected = [f"单位{i}残联 2020" for i in [*range(20), *range(80, 100)]]
    assert drawn == expected
    assert figure.layout.height == 1450


@pytest.mark.parametrize(("rows", "height"), [(0, 260), (5, 260), (40, 1450), (9000, 1600)])
def test_bar_height_is_bounded(rows: int, height: int) -> None:
    assert charts._bar_height(rows) == height


def test_budget_change_bars_keep_largest_changes_either_way_with_the_biggest_on_top() -> None:
    changes = [float(i % 30) for i in range(60)] + [805.0, -95.0]
    frame = unit_years(changes, "change_pct", change_basis=["adjusted"] * len(changes))
    figure = charts.budget_change_bars(frame)
    bar = figure.data[0]
    assert len(bar.y) == 40
    assert bar.y[-1] == "单位60残联 2020"  # plotly draws the last row on top
    assert bar.text[-1] == "805.00%"
    assert bar.y[0] == "单位61残联 2020"
    assert figure.layout.title.subtitle.text == "共 62 个单位年度，图中显示变动幅度最大的 40 个；缩小筛选可看全部"


def test_budget_change_bars_with_few_rows_draw_all_without_note() -> None:
    frame = unit_years([805.0, 3.0, -10.0], "change_pct", change_basis=["adjusted", "executed", "adjusted"])
    figure = charts.budget_change_bars(frame)
    assert list(figure.data[0].text) == ["-10.00%", "3.00%", "805.00%"]
    assert figure.layout.title.subtitle.text is None


def phases_frame(sizes: list[float]) -> pl.DataFrame:
    rows = []
    for i, size in enumerate(sizes):
        for phase, share in (("initial", 0.8), ("adjusted", 1.0), ("executed", 0.9)):
            rows.append((f"k{i}", f"单位{i}残疾人联合会", 2021, phase, size * share))
    return pl.DataFrame(rows, schema=["report_key", "unit_name", "fiscal_year", "phase", "amount_wan"], orient="row")


@pytest.mark.parametrize(
    ("count", "expected_units", "expected_top"),
    [(3, 3, "单位0残联 2021"), (30, 20, "单位29残联 2021")],
)
def test_budget_phase_bars_keep_the_largest_budgets(count: int, expected_units: int, expected_top: str) -> None:
    figure = charts.budget_phase_bars(phases_frame([100.0 + i for i in range(count)]))
    order = list(figure.layout.yaxis.categoryarray)
    assert len(order) == expected_units
    assert order[-1] == expected_top  # the last category is drawn on top
    assert all(len(trace.y) == expected_units for trace in figure.data)
    assert figure.layout.height <= charts.MAX_CHART_HEIGHT


def test_budget_phase_bars_drop_the_smallest_budgets() -> None:
    figure = charts.budget_phase_bars(phases_frame([100.0 + i for i in range(30)]))
    assert "单位9残联 2021" not in figure.layout.yaxis.categoryarray
    assert "单位10残联 2021" in figure.layout.yaxis.categoryarray
    assert figure.layout.title.subtitle.text == "共 30 个单位年度，图中显示预算规模最大的 20 个；缩小筛选可看全部"


@pytest.mark.parametrize(("count", "expected_bars"), [(4, 4), (45, 40)])
def test_income_composition_bars_keep_the_largest_incomes(count: int, expected_bars: int) -> None:
    totals = [float(i) for i in range(count)]
    frame = unit_years(totals, "income_fiscal_wan", income_gov_fund_wan=[1.0] * count, income_other_wan=[None] * count)
    figure = charts.income_composition_bars(frame)
    assert [len(trace.y) for trace in figure.data] == [expected_bars] * 3
    assert ("单位0残联 2020" in figure.data[0].y) == (count <= 40)
    assert f"单位{count - 1}残联 2020" in figure.data[0].y


def test_basic_project_share_bars_keep_the_largest_spending() -> None:
    frame = unit_years([float(i) for i in range(50)], "spend_basic_wan", spend_project_wan=[10.0] * 50)
    figure = charts.basic_project_share_bars(frame)
    assert len(figure.data[0].y) == 40
    assert figure.data[0].y[0] == "单位10残联 2020"
    assert figure.data[1].text[-1] == "16.95%（10.00万元）"  # 单位49: 10 ÷ (49 + 10)
    assert figure.layout.title.subtitle.text == "共 50 个单位年度，图中显示支出合计最大的 40 个；缩小筛选可看全部"


@pytest.mark.parametrize(
    ("scores", "expected_first", "expected_last", "expected_bars"),
    [
        ([95.8, 80.0, 99.0], "单位1残联 2020", "单位2残联 2020", 3),
        ([60.0 + i * 0.5 for i in range(60)], "单位0残联 2020", "单位59残联 2020", 40),
    ],
)
def test_score_bars_show_lowest_and_highest(
    scores: list[float], expected_first: str, expected_last: str, expected_bars: int
) -> None:
    figure = charts.score_bars(unit_years(scores, "score_total", grade=["优"] * len(scores)))
    labels = list(figure.data[0].y)
    assert (labels[0], labels[-1], len(labels)) == (expected_first, expected_last, expected_bars)
    assert (f"单位{len(scores) // 2}残联 2020" in labels) is (len(scores) <= 40)  # the middle is left out


def dimensions_frame(rates: list[float]) -> pl.DataFrame:
    rows = []
    for i, rate in enumerate(rates):
        rows.append((f"k{i}", f"单位{i}残疾人联合会", 2022, "产出", rate, 100.0, rate / 100))
        rows.append((f"k{i}", f"单位{i}残疾人联合会", 2022, "效益", 10.0, 20.0, 0.5))
    schema = ["report_key", "unit_name", "fiscal_year", "canonical", "score", "max_points", "score_rate"]
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_dimension_heatmap_few_rows_keep_their_order_and_rates() -> None:
    frame = dimensions_frame([90.0, 70.0])
    again = pl.DataFrame([("k0", "单位0残疾人联合会", 2022, "产出", 5.0, 10.0, 0.5)], schema=frame.schema, orient="row")
    frame = frame.vstack(again)
    figure = charts.dimension_heatmap(frame)
    heat = figure.data[0]
    assert list(heat.y) == ["单位0残联 2022", "单位1残联 2022"]
    assert list(heat.x) == ["产出", "效益"]
    # 产出 scored twice for 单位0: (90 + 5) ÷ (100 + 10).
    assert [list(row) for row in heat.text] == [["86.36%", "50.00%"], ["70.00%", "50.00%"]]
    assert figure.layout.title.subtitle.text is None


def test_dimension_heatmap_many_rows_show_the_lowest_overall_rates_first() -> None:
    figure = charts.dimension_heatmap(dimensions_frame([99.0 - i for i in range(50)]))
    labels = list(figure.data[0].y)
    assert len(labels) == 40
    assert labels[0] == "单位49残联 2022"
    assert "单位0残联 2022" not in labels
    assert figure.layout.height <= charts.MAX_CHART_HEIGHT
    assert figure.layout.title.subtitle.text == "共 50 个单位年度，图中显示总得分率最低的 40 个；缩小筛选可看全部"


def trend_frame(units: int, names: list[str | None] | None = None) -> pl.DataFrame:
    rows = []
    for u in range(units):
        name = names[u] if names else f"单位{u}残疾人联合会"
        for year, rate in ((2021, 80.0 + u), (2022, 90.0 + u)):
            rows.append((f"U{u}", name, year, rate))
    schema = {"unit_code": pl.String, "unit_name": pl.String, "fiscal_year": pl.Int32, "execution_rate_best_pct": float}
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_trend_lines_draw_one_line_per_unit_for_few_units_even_without_a_name() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = charts.trend_lines(trend_frame(3, ["天津市残疾人联合会", None, "昆明市残疾人联合会"]))
    assert [trace.name for trace in figure.data] == ["天津市残联", "（未识别单位）", "昆明市残联"]
    assert list(figure.data[1].y) == [81.0, 91.0]
    assert figure.layout.title.subtitle.text is None


def test_trend_lines_draw_the_median_and_band_for_many_units() -> None:
    figure = charts.trend_lines(trend_frame(11))
    upper, lower, median = figure.data
    assert list(median.x) == [2021, 2022]
    assert list(median.y) == [85.0, 95.0]
    assert list(lower.y) == [82.5, 92.5] and list(upper.y) == [87.5, 97.5]
    assert [row[0] for row in median.customdata] == [11, 11]
    assert "个单位" in median.hovertemplate
    assert figure.layout.title.subtitle.text.startswith("共 11 个单位，图中为各年度执行率的中位数与 25%–75% 区间")


def scatter_frame(points: list[tuple[float, float]]) -> pl.DataFrame:
    rates = [rate for rate, _ in points]
    return unit_years(rates, "execution_rate_best_pct", score_total=[score for _, score in points])


@pytest.mark.parametrize(("count", "expected_mode"), [(25, "markers+text"), (26, "markers")])
def test_scatter_labels_points_only_when_few(count: int, expected_mode: str) -> None:
    points = [(58.33, 95.8)] + [(91.0 + i * 0.1, 85.0) for i in range(count - 1)]
    figure = charts.score_vs_execution_scatter(scatter_frame(points))
    trace = figure.data[0]
    assert trace.mode == expected_mode
    hover = trace.text if expected_mode == "markers+text" else trace.hovertext
    assert hover[0] == "单位0残联 2020<br>95.80 分 · 58.33%"
    assert (figure.layout.title.subtitle.text is None) is (count <= 25)


def test_scatter_of_thousands_of_reports_draws_one_point_per_cell() -> None:
    # 1,001 reports: 600 at 89.5-89.9% with 95.x points (red), 400 at 90.0-90.9% with 95 points, one at 60% / 70
    points = [(89.5 + (i % 5) * 0.1, 95.0 + (i % 3) * 0.2) for i in range(600)]
    points += [(90.0 + (i % 10) * 0.09, 95.0) for i in range(400)] + [(60.0, 70.0)]
    figure = charts.score_vs_execution_scatter(scatter_frame(points))
    trace = figure.data[0]
    # cells cut at whole numbers, drawn at their middle: each on its side of the 90% line
    assert list(zip(trace.x, trace.y, strict=True)) == [(60.5, 70.5), (89.5, 95.5), (90.5, 95.5)]
    assert list(trace.marker.color) == [0.0, 1.0, 0.0]
    assert trace.hovertext[0] == "执行率 60%–61% · 70–71 分<br>1 份报告：单位1000残联 2020"
    first_three = "单位0残联 2020、单位1残联 2020、单位2残联 2020 等"
    assert trace.hovertext[1] == f"执行率 89%–90% · 95–96 分<br>600 份报告：{first_three}"
    assert figure.layout.title.subtitle.text.startswith("共 1,001 份报告：执行率同在一个百分点")


def test_scatter_of_a_thousand_reports_still_draws_each() -> None:
    points = [(89.5 + (i % 5) * 0.1, 95.0) for i in range(1000)]
    assert len(charts.score_vs_execution_scatter(scatter_frame(points)).data[0].x) == 1000


def test_scatter_with_many_points_keeps_the_high_score_low_execution_flag() -> None:
    points = [(58.33, 95.8), (95.0, 95.0), (80.0, 70.0)] + [(92.0, 85.0)] * 30
    marker = charts.score_vs_execution_scatter(scatter_frame(points)).data[0].marker
    assert list(marker.color[:3]) == [1.0, 0.0, 0.0]
    assert [tuple(step) for step in marker.colorscale] == [(0, "#4575b4"), (1, "#d73027")]


def test_scatter_with_few_points_keeps_red_for_high_score_low_execution() -> None:
    figure = charts.score_vs_execution_scatter(scatter_frame([(58.33, 95.8), (94.56, 99.0)]))
    assert list(figure.data[0].marker.color) == ["#d73027", "#4575b4"]


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ([58.33, 90.0, 94.56], ["top center", "middle right", "top center"]),
        ([89.2, 95.0], ["middle right", "bottom center"]),
        ([88.5, 95.0], ["top center", "bottom center"]),
    ],
)
def test_scatter_label_beside_the_90_line_moves_right(rates: list[float], expected: list[str]) -> None:
    assert charts._label_positions(rates) == expected


def items_frame(counts: dict[str, int]) -> pl.DataFrame:
    rows = [
        (category, f"{category}{i}", f"单位{i}残疾人联合会", float(i + 1))
        for category, count in counts.items()
        for i in range(count)
    ]
    return pl.DataFrame(rows, schema=["category", "name", "unit_name", "amount_wan"], orient="row")


def test_treemap_keeps_top_15_items_and_sums_the_rest() -> None:
    figure = charts.spending_treemap(items_frame({"康复": 20, "教育": 3}))
    tree = figure.data[0]
    leaves = dict(zip(tree.labels, tree.values, strict=True))
    assert leaves["其他 5 项"] == 15.0  # items worth 1..5 万元
    assert leaves["康复"] == 210.0 and leaves["全部支出"] == 216.0
    assert "康复19<br>单位19残联" in leaves and "康复4<br>单位4残联" not in leaves
    assert len(tree.labels) == 1 + 2 + 16 + 3
    assert figure.layout.title.subtitle.text.startswith("每类显示金额最大的 15 项")


@pytest.mark.parametrize("count", [3, 16])
def test_treemap_with_few_items_draws_every_item(count: int) -> None:
    figure = charts.spending_treemap(items_frame({"康复": count}))
    assert len(figure.data[0].labels) == 2 + count
    assert not any(label.startswith("其他 ") for label in figure.data[0].labels)
    assert figure.layout.title.subtitle.text is None


def projects_frame(count: int) -> pl.DataFrame:
    budgets = [100.0 + i for i in range(count)]
    return unit_years(
        budgets,
        "budget_adjusted_wan",
        budget_initial_wan=[1.0] * count,
        budget_executed_wan=[50.0] * count,
        project_name=[f"项目{i}" for i in range(count)],
    )


@pytest.mark.parametrize(("count", "orientation", "bars"), [(2, None, 2), (25, "h", 20)])
def test_project_bars_turn_horizontal_and_keep_the_largest_when_many(
    count: int, orientation: str | None, bars: int
) -> None:
    figure = charts.project_budget_vs_executed(projects_frame(count))
    budget = figure.data[0]
    assert budget.orientation == orientation
    assert len(budget.x) == bars
    if orientation == "h":
        assert (budget.y[0], budget.y[-1]) == ("单位24残联 2020 项目24", "单位5残联 2020 项目5")  # largest first
        assert figure.layout.yaxis.autorange == "reversed"
        assert figure.layout.title.subtitle.text == "共 25 个项目报告，图中显示预算最大的 20 个；缩小筛选可看全部"
    else:
        assert list(budget.x) == ["单位0残联 2020<br>项目0", "单位1残联 2020<br>项目1"]


def test_repeated_unit_year_gets_its_own_bar() -> None:
    frame = rates_frame([80.0, 95.0]).with_columns(pl.lit("单位0残疾人联合会").alias("unit_name"))
    assert list(charts.execution_rate_bars(frame).data[0].y) == ["单位0残联 2020", "单位0残联 2020（2）"]


@pytest.mark.parametrize(
    ("page_params", "key"),
    [({"f": "score_total"}, "2bcff30279e5"), ({}, "a b/c&d"), ({"f": "x"}, "天津")],
)
def test_links_per_key_match_urlencode_per_row(page_params: dict[str, str], key: str) -> None:
    def link(report: str) -> str:
        return "report?" + urlencode({"p": "12", "r": report, **page_params, "v": "1", "b": "abc"})

    assert charts.links_per_key(link(charts.KEY_SLOT), [key, "k2"]) == [link(key), link("k2")]


@pytest.mark.parametrize(
    ("kind", "values", "expected"),
    [
        ("wan", [1598.21, None, float("nan"), 1234567.005], ["1,598.21", "", "", "1,234,567.00"]),
        ("pct", [94.56, None, 805.0], ["94.56%", "", "805.00%"]),
        ("score", [96.1, None], ["96.10", ""]),
        ("int", [2023, None], ["2023", ""]),
    ],
)
def test_table_text_formats_every_value_as_displayed(kind: str, values: list[object], expected: list[str]) -> None:
    shown = charts.ShownTable(pl.DataFrame({"列": values}, strict=False), {"列": kind})
    assert shown.as_text()["列"].to_list() == expected
    assert expected == [charts.FORMATTERS[kind](v) for v in values]


@pytest.mark.parametrize(("scores", "top"), [([99.0, 80.0], 115), ([104.5, 80.0], 104.5 * 1.15)])
def test_score_axis_leaves_room_for_labels_above_100(scores: list[float], top: float) -> None:
    figure = charts.score_bars(unit_years(scores, "score_total", grade=["优", "良"]))
    assert figure.layout.xaxis.range == (0, top)


@pytest.mark.parametrize(("count", "minsize"), [(3, None), (45, 10)])
def test_income_bars_hide_specks_of_text_only_when_capped(count: int, minsize: int | None) -> None:
    frame = unit_years([float(i) for i in range(count)], "income_fiscal_wan", income_gov_fund_wan=[1.0] * count)
    frame = frame.with_columns(pl.lit(None, pl.Float64).alias("income_other_wan"))
    figure = charts.income_composition_bars(frame)
    assert figure.layout.uniformtext.minsize == minsize
    assert figure.data[0].y[-1] == f"单位{count - 1}残联 2020"  # the largest income is drawn on top


@pytest.mark.parametrize(("rows", "styled"), [(10, True), (ui.MAX_TINTED_CELLS // 2 + 2, False)])
def test_large_tables_are_shown_plain_with_a_note(rows: int, styled: bool) -> None:
    text = pl.DataFrame({"指标": [f"指标{i}" for i in range(rows)], "达成情况": ["未达成", "达成"] * (rows // 2)})
    data, note = ui.tinted(text, "达成情况", "未达成")
    assert (data is not text) is styled
    if styled:
        assert note is None
        tinted_cells = [f"#T_{data.uuid}_row{r}_col{c}" for r in range(0, rows, 2) for c in range(2)]
        assert all(cell in data.to_html() for cell in tinted_cells)
        assert f"#T_{data.uuid}_row1_col0" not in data.to_html()
    else:
        assert note == f"表格共 {rows:,} 行，行数较多时不着色：「达成情况」列为「未达成」的行即需要注意的行。"
