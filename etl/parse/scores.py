"""Scores: the total, its maximum, the grade, first-level dimension scores (tables and prose headings)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import takewhile

from etl.parse.indicators import is_indicator_header
from etl.parse.numbers import NUMBER, chinese_to_number, is_plain_number, parse_number
from etl.parse.source import PIECE_END, PREVIOUS_YEAR_RE, Source
from etl.parse.tables import Cell, Row, make_row, regroup_single_cells
from etl.record import DimensionScore, Fact, IndicatorRow, Quantity

# Raw dimension names of the frameworks in use → the canonical dimension (DOMAIN.md); first match wins.
CANONICAL_RULES: tuple[tuple[str, str], ...] = (
    ("预算执行", "预算执行"),
    ("满意", "满意度"),
    ("决策", "决策投入"),
    ("投入", "决策投入"),
    ("管理", "过程管理"),
    ("过程", "过程管理"),
    ("产出", "产出"),
    ("效益", "效益"),
    ("效果", "效益"),
    # The department framework some provinces score 部门整体支出 on (预算执行, 运行成本, 管理效率, 履职效能,
    # 社会效应, some add 满意度): 管理效率 is 过程管理 (via 管理), 社会效应 the effects (效益), 履职效能 the duties
    # performed (产出); 运行成本, what running the department cost, is none of them and keeps its raw name only.
    ("效应", "效益"),
    ("履职效能", "产出"),
    ("绩效", "绩效"),
)
# First levels of a framework in use that map to no canonical dimension: lists and sentences keep their raw name.
FIRST_LEVELS_WITHOUT_CANONICAL_RE = re.compile(r"(?:部门|单位)?运行成本(?:指标)?")
GRADES = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中", "及格": "中"}
GRADES.update({"差": "差", "较差": "差", "不合格": "差", "不及格": "差"})
# "评价等级为优", "自评结果为优秀": the grade word ends there ("结果为中期…" is no grade). Single quotes too
# ("评价等级为'良'", "‘优’"), as evaluators' reports quote it.
GRADE_WORD = (
    r"\s*[“\"「‘']?\s*(?P<grade>优秀|良好|中等|不合格|不及格|较差|合格|及格|优|良|中|差)(?![\u4e00-\u9fa5](?<![等级次档]))"
)
GRADE_RES = (
    re.compile(rf"(?:评价|评定|绩效|自评|综合)?(?:等级|等次|评级)(?:为|是|评定为|确定为|[:：])?{GRADE_WORD}"),
    # "划分为“优秀”等级", "评定为良好等次": the band word after the grade; "90分以上为优秀等级" states the bands.
    re.compile(rf"为(?<![\d)）]分为)(?<!以上为)(?<!以下为){GRADE_WORD}\s*[”\"」’']?\s*(?:等级|等次|档次)"),
    # "自评结果“优秀”": without 为 or a colon the grade stands in quotes right after the label
    re.compile(rf"结[果论](?<=自评结果|评价结果|考核结果|自评结论|评价结论)(?:为|是|[:：]|(?=[“\"「‘'])){GRADE_WORD}"),
    re.compile(rf"评价(?<=综合评价|总体评价|整体评价)(?:为|是|[:：]){GRADE_WORD}"),
    # "属优秀等级", "达到“良”级"
    re.compile(rf"(?:属于|属|达到){GRADE_WORD}\s*[”\"」’']?\s*(?:等级|等次|档次|级)"),
)
# "90分（含）以上属于优秀等级" explains the bands: the clause before the grade words says where a band starts.
BANDS_BEFORE_RE = re.compile(r"以上|以下|以内|不足|低于|高于|[（(]含")
TOTAL_LABEL = (
    r"(?:总得分|综合得分|自评得分(?:合计)?|自评总分|评价总分|最终得分|最终评分|总分|综合评分|评价得分|合计得分|总体得分"
    r"|自评分数|自评分|评分结果|评定得分|综合绩效评分|综合绩效得分"
    # "开展绩效评分100分"; "项目绩效评分35分" scores the 项目绩效 dimension of some frameworks
    r"|绩效评分(?<!项目绩效评分))"
)
# "评价得分90分（含）以上为优", "得分80-89分为良": where a band begins, not a score.
BAND = r"\s*(?:[（(]含[)）])?\s*(?:及)?(?:以上|以下|以内|[-—~至到]\s*\d)"
NOT_A_BAND = rf"(?!{BAND})"
TOTAL_RES = (
    # "自评综合得分为九十二分": a total in Chinese numerals, read through cn2an.
    re.compile(
        rf"{TOTAL_LABEL}(?:为|是|[:：])?\s*(?:(?P<n>{NUMBER})|(?P<cn>[一二三四五六七八九十百零〇两点]+))\s*分{NOT_A_BAND}"
    ),
    # "自评得分：93.5，等级：优秀" leaves out the 分 after a colon; the figure ends its clause or the maximum follows.
    re.compile(rf"{TOTAL_LABEL}[:：]\s*(?P<n>{NUMBER})(?=\s*[，,。；;\n]|\s*[（(]满分)"),
    # "综合得分85.6，评价等级为良": a score's label, then the figure alone ending its piece.
    re.compile(rf"(?:综合得分|自评得分|总得分|评价得分|最终得分)(?:为|是)?\s*(?P<n>{NUMBER})(?=\s*[，,。；;])"),
    # A summary row of label and value cells: "自评得分 | 92.5 | 自评等级 | 优". One figure only: "总分 100 92.5" is a
    # table's total row (maximum, score), read with its table.
    re.compile(
        rf"(?:自评得分|评价得分|综合得分|综合评分|最终得分|评分结果|总得分)[\t ]+(?P<n>{NUMBER})\s*分?"
        rf"(?=[\t ]+[^\d\s.]|[\t ]*$)",
        re.M,
    ),
    # "自评总分(分) | 97.6", "自评得分（分）：97.6": a form's label with its unit, then the one figure of the row.
    re.compile(
        rf"{TOTAL_LABEL}\s*[（(]分[)）]\s*[:：]?[\t ]*(?P<n>{NUMBER})(?=\s*[，,。；;]|[\t ]*$|[\t ]+[^\d\s.])",
        re.M,
    ),
    # "自评结果：良（85分）", "自评结果为优秀，得分95分", "自评等级为“良”，得分85分": the grade first, then the score
    # it rests on.
    re.compile(
        rf"(?:结果(?<=自评结果|评价结果)|等级(?<=自评等级|评价等级))(?:为|是|[:：]){GRADE_WORD}\s*[”\"」’']?\s*(?:等级|等次)?\s*"
        rf"(?:[（(]\s*(?:得分)?|[，,]\s*(?:综合|总)?得分(?:为)?)\s*(?P<n>{NUMBER})\s*分{NOT_A_BAND}"
    ),
    # "自评结果为92分", "评价结果：得分92.5分", "自评结论：得分92分", "自评为95分": the result of the evaluation is the
    # total.
    re.compile(rf"(?:自评|评价)(?:结果|结论)?(?:为|是|[:：])\s*(?:得分)?\s*(?P<n>{NUMBER})\s*分{NOT_A_BAND}"),
    # "经自评，得分93分", "经评价组综合评分，该项目得分88分": a bare 得分 is the report's when the clause before says
    # who scored it.
    re.compile(
        rf"经(?<![\u4e00-\u9fa5]经)[^，,。；;\n\d]{{0,8}}?(?:自评|评价|评定|打分|评分)[，,]\s*"
        rf"(?:本单位|本部门|本项目|该项目|该单位|该部门)?"
        rf"(?:综合)?得分(?:为)?\s*(?P<n>{NUMBER})\s*分{NOT_A_BAND}"
    ),
)
MAX_RE = re.compile(rf"满分(?:为)?\s*(?P<n>{NUMBER})\s*分")
MAX_HEADERS = ("分值", "权重分", "准则分值", "满分", "标准分", "权重", "指标分值", "标准分值", "指标权重")
SCORE_HEADERS = ("得分", "评价得分", "自评得分", "实际得分", "自评分", "自评分数", "评分", "考评得分")
TOTAL_NAMES = ("综合绩效", "合计", "总分", "总计", "综合得分", "总得分", "综合评分", "得分合计")
HEADING_RE = re.compile(
    r"^\s*#*\s*(?P<marker>（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．、]\s*|\(\d+\)|（\d+）)\s*"
    r"(?P<name>[\u4e00-\u9fa5]{2,12}?)\s*（(?P<inside>[^）]*?\d[^）]*)）"
)
# "得18分", "评价得分18分"; not "综合得分92分" or "总得分…", the report's total.
SCORE_IN_TEXT_RE = re.compile(rf"(?:评价)?得(?<!合得)(?<!总得)(?:分)?(?:为)?\s*(?P<n>{NUMBER})\s*分")
# "评分标准：立项依据充分得5分，程序规范得5分。": the points a scoring rule gives, not what the report
# scored ("按评分标准，该项得9分" applies the rule: no colon).
RULE_LABEL_RE = re.compile(r"(?:评分标准|评分规则|评分方法|评分细则|评价标准|计分方法)\s*[:：]")


def canonical_dimension(name: str) -> str | None:
    """The canonical dimension of a raw first-level name, or None when it is not one."""
    return next((canon for key, canon in CANONICAL_RULES if key in name), None)


def _is_first_level(name: str, canonical: str | None) -> bool:
    """Whether ``name`` (its ``canonical`` dimension found already) is a framework's first level: mapped, or one of
    the levels that map to none ("运行成本")."""
    return canonical is not None or FIRST_LEVELS_WITHOUT_CANONICAL_RE.fullmatch(name) is not None


def clean_dimension_name(name: str) -> str:
    """A raw name without list markers ("A项目决策" → "项目决策", "一、整体投入" → "整体投入")."""
    marker = r"^(?:[A-Za-z]|[一二三四五六七八九十]+、|\d+[.、．]|（[一二三四五六七八九十\d]+）)\s*"
    name = re.sub(marker, "", name.strip())
    return name.strip()


@dataclass
class ScoreResult:
    """Everything about scores one report states."""

    facts: dict[str, Fact] = field(default_factory=dict)
    alternatives: list[Fact] = field(default_factory=list)
    dimensions: list[DimensionScore] = field(default_factory=list)
    prose_indicators: list[IndicatorRow] = field(default_factory=list)


def _keep(result: ScoreResult, fact: Fact) -> None:
    kept = result.facts.get(fact.field)
    if kept is None:
        result.facts[fact.field] = fact
    elif abs(float(kept.value) - float(fact.value)) > 1e-6 and all(
        a.value != fact.value for a in result.alternatives if a.field == fact.field
    ):
        result.alternatives.append(fact)


def parse_scores(
    source: Source, table_total: tuple[float, float, Row] | None, scope: str | None = None, year: int | None = None
) -> ScoreResult:
    """Total, maximum, grade and dimension scores, tables first (they are what the report scored); ``scope`` is the
    report's ("project" lets its conclusion state the total as the project's bare 得分), ``year`` its fiscal year
    (a total said of another year is not its own)."""
    result = ScoreResult()
    table_dims, total_row = _score_table(source)
    if total_row is not None:
        _keep_total_row(source, result, *total_row)
    if table_total is not None:
        points, score, row = table_total
        _keep_total_row(source, result, points, score, row)
    if "score_total" not in result.facts:
        _form_total_row(source, result)
    heading_dims, prose_rows = _prose_dimensions(source)
    result.dimensions = table_dims or heading_dims or _sentence_dimensions(source)
    if table_dims:
        _heading_alternatives(source, result, table_dims, heading_dims)
    result.prose_indicators = [] if table_dims else prose_rows
    _prose_total(source, result, scope, year)
    if scope == "project" and "score_total" not in result.facts:
        _bare_project_total(source, result)
    if not result.dimensions:
        total = result.facts.get("score_total")
        result.dimensions = (
            _dimensions_listed_after_the_total(source, total, year)
            or _respective_dimensions(source, total, year)
            or _dimensions_listed_before_the_total(source, total, year)
        )
    _grade(source, result, year, scope)
    return result


# --- score tables


def _is_score_header(row: Row) -> bool:
    texts = row.texts
    return any(t in MAX_HEADERS for t in texts) and any(t in SCORE_HEADERS for t in texts) and len(texts) <= 6


def _score_group_ok(labels: list[str], cells: list[Cell]) -> bool:
    """A name, then figures under the maximum and score columns."""
    if not cells or is_plain_number(cells[0].text):
        return False
    columns = [i for i, label in enumerate(labels) if label in MAX_HEADERS or label in SCORE_HEADERS]
    return all(re.match(r"^\s*\d", cells[i].text) for i in columns)


# The 自评表's funds block scores the budget's execution ("全年预算数 | 全年执行数 | 分值 | 执行率 | 得分"): its rows
# are sums of money (年度资金总额, 其中：本年财政拨款), read with the budget, not dimensions. (money.py's budget labels
# cannot be imported here: money imports this module.)
BUDGET_COLUMN_RE = re.compile(r"预算数|执行数|执行率")


def _score_table(source: Source) -> tuple[list[DimensionScore], tuple[float, float, Row] | None]:
    rows = regroup_single_cells(source.rows, lambda t: t in MAX_HEADERS or t in SCORE_HEADERS, _score_group_ok)
    for index, row in enumerate(rows):
        if not _opens_score_table(row):
            continue
        texts = row.texts
        levels = _header_levels(texts)
        # a 序号 column numbers the rows: its numbers are no names or figures of theirs
        serial = texts[0] == "序号"
        below = map(_without_serial, rows[index + 1 :]) if serial else rows[index + 1 :]
        if levels > 1:
            header = _without_serial(row) if serial else row
            dims, total = _rows_under_level_points(source, header, below, levels)
        else:
            # A row's figures stand in the order of the figure columns; the scoring rule's words are none of them.
            figure_labels = [t for t in texts if t in MAX_HEADERS or t in SCORE_HEADERS]
            max_rank = next(i for i, t in enumerate(figure_labels) if t in MAX_HEADERS)
            score_rank = next(i for i, t in enumerate(figure_labels) if t in SCORE_HEADERS)
            dims, total = _score_rows(source, below, max_rank, score_rank)
        if dims:
            return dims, total
    return [], None


def _opens_score_table(row: Row) -> bool:
    """A header the scoring table is read under: figure columns of points and score, or levels with points of their
    own (a scoring table however many levels it lists, 三级指标 too); not the funds block's."""
    texts = row.texts
    levels = _header_levels(texts)
    stated_levels = levels > 1 and any(t in SCORE_HEADERS for t in texts)
    if not stated_levels and (not _is_score_header(row) or is_indicator_header(row)):
        return False
    return not any(BUDGET_COLUMN_RE.search(text) for text in texts)


def _header_levels(texts: tuple[str, ...]) -> int:
    """_levels_with_points of a header, after its 序号 column if it opens with one."""
    return _levels_with_points(texts[1:] if texts[:1] == ("序号",) else texts)


def _levels_with_points(texts: tuple[str, ...]) -> int:
    """How many levels of a header have their own points column: 2 for "一级指标 | 分值 | 二级指标 | 分值 |
    评分标准 | 得分", where no column scores a first level: its score is that of the rows under it added up."""
    levels, index = 0, 0
    while index + 1 < len(texts) and texts[index] not in SCORE_HEADERS and texts[index + 1] in MAX_HEADERS:
        levels, index = levels + 1, index + 2
    return levels


# A row's number in a table's 序号 column: "3", "（三）".
SERIAL_RE = re.compile(r"[（(]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）.、]?")


def _without_serial(row: Row) -> Row:
    """A row of a table numbered in a 序号 column before its levels, without its number: the number is no level's
    points. Tabs and pipes keep the column (blank or numbered; "合计" spans it and stays); a text layer drops blank
    cells, so only a number before a name goes."""
    cells = row.cells if row.kind in ("tab", "pipe") else row.values
    if len(cells) < 2 or (cells[0].text and not SERIAL_RE.fullmatch(cells[0].text)):
        return row
    if row.kind not in ("tab", "pipe") and (not cells[0].text or is_plain_number(cells[1].text)):
        return row
    return make_row(cells[1:], row.start, row.end, row.line, row.kind)


def _rows_under_level_points(
    source: Source, header: Row, rows: Iterable[Row], levels: int
) -> tuple[list[DimensionScore], tuple[float, float, Row] | None]:
    """First levels of a table whose levels carry their own points. A row's score is its last plain figure: the
    scoring rule's "立项依据充分（1分）" is no figure. A first level's score adds up the rows under it."""
    dims: list[DimensionScore] = []
    opened: list[Row] = []  # the rows of the first level being read
    rules = _rules_after_unpointed_level(header.texts, levels)
    # tabs and pipes keep the columns: the score stands under its label (a row's rule may be blank)
    keeps_columns = header.kind in ("tab", "pipe") and rules is not None
    score_column = next((i for i, c in enumerate(header.cells) if c.text in SCORE_HEADERS), None)
    scored_at = score_column if keeps_columns else None
    for row in rows:
        if not opened and not dims and _opens_score_table(row):
            break  # another header, read from it next (as in _score_rows)
        cells = row.values
        figures = [i for i, cell in enumerate(cells) if is_plain_number(cell.text)]
        if not figures:
            if (opened and _ends_level_table(row)) or "。" in "".join(row.texts):  # prose: no table here
                break
            continue
        if _is_total_row(cells):
            _close_level(source, dims, opened, rules, scored_at)
            points, score = parse_number(cells[figures[0]].text), parse_number(cells[figures[-1]].text)
            return dims, (points, score, row)  # type: ignore[return-value]
        if _states_first_level(header, row, figures[-1], levels):
            _close_level(source, dims, opened, rules, scored_at)
            opened = [row]
        elif opened:
            opened.append(row)
    _close_level(source, dims, opened, rules, scored_at)
    return dims, None


def _rules_after_unpointed_level(texts: tuple[str, ...], levels: int) -> int | None:
    """"一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 评分标准 | 得分": the level after those with points has none, so
    a row of it states its name, the rule and the score alone. How many labels stand between that level and the
    score (the rule's), or None where the header is of another shape."""
    rest = texts[2 * levels :]
    if not rest or not rest[0].startswith(("三级指标", "指标名称", "具体指标", "指标内容")):
        return None
    score_at = next((i for i, text in enumerate(rest) if text in SCORE_HEADERS), None)
    if score_at is None or any(text in MAX_HEADERS for text in rest[:score_at]):
        return None
    return score_at - 1


def _ends_level_table(row: Row) -> bool:
    """A row without figures ends the table (a blank line, a caption, another table's header), but for one short
    piece of words: the scoring rule, wrapped onto a line of its own by a text layer."""
    wrapped = row.kind in ("space", "line") and len(row.values) == 1 and len(row.texts[0]) <= 40
    return not wrapped or "。" in row.texts[0]


def _states_first_level(header: Row, row: Row, score_at: int, levels: int) -> bool:
    """Whether a row opens a first level: its name and points first, then those of the levels below. Tabs and pipes
    keep blank cells, so the first column says it; a text layer drops them, so the row must state every level."""
    cells = row.values
    if len(cells) < 2 or is_plain_number(cells[0].text) or not is_plain_number(cells[1].text):
        return False
    if row.kind in ("tab", "pipe") and row.kind == header.kind:
        column = header.cells.index(header.values[0])
        return len(row.cells) > column and row.cells[column] == cells[0]
    pairs = 0
    while pairs < levels and 2 * pairs + 1 < score_at and is_plain_number(cells[2 * pairs + 1].text):
        if is_plain_number(cells[2 * pairs].text):
            break
        pairs += 1
    return pairs == levels


def _close_level(
    source: Source, dims: list[DimensionScore], rows: list[Row], rules: int | None = None, scored_at: int | None = None
) -> None:
    """The first level ``rows`` stand under, its score their scores added up (a row of points alone has none)."""
    if not rows:
        return
    first = rows[0].values
    scores = [_row_score(row, rules, scored_at) for row in rows]
    name = clean_dimension_name(first[0].text)
    evidence = source.evidence(first[0].start, rows[-1].values[-1].end, "derived")
    score = round(sum(s for s in scores if s is not None), 6)
    dims.append(DimensionScore(name, canonical_dimension(name), parse_number(first[1].text), score, evidence))


def _row_score(row: Row, rules: int | None = None, scored_at: int | None = None) -> float | None:
    # A row's last figure is its score, unless it is its only one: "绩效目标 5" gives points, and no score. Under
    # upper levels with points, a third level's row "绩效目标明确性 | 目标细化得5分 | 4" (name, ``rules`` words,
    # score) scores with its one figure; where the columns are kept, the figure under the score's label does.
    values = row.values
    figures = [cell.text for cell in values if is_plain_number(cell.text)]
    if scored_at is not None and row.kind in ("tab", "pipe"):
        cells = row.cells
        return parse_number(cells[scored_at].text) if len(cells) > scored_at else None
    if len(figures) == 1 and rules is not None and len(values) == rules + 2 and is_plain_number(values[-1].text):
        return parse_number(figures[0])
    return parse_number(figures[-1]) if len(figures) >= 2 else None


# A weight on the 100-point scale is written as a share ("权重 | 20%").
PERCENT_CELL_RE = re.compile(rf"\s*(?:{NUMBER})\s*%\s*")


def _is_figure(text: str) -> bool:
    return is_plain_number(text) or PERCENT_CELL_RE.fullmatch(text) is not None


def _score_rows(
    source: Source, rows: Iterable[Row], max_rank: int, score_rank: int
) -> tuple[list[DimensionScore], tuple[float, float, Row] | None]:
    """Dimension rows: a name, then figures (a rule's "1.立项依据充分（1分）" is none), in the columns' order."""
    dims: list[DimensionScore] = []
    for row in rows:
        cells = row.values
        if not cells:
            if dims:
                break
            continue
        # Another score header heads rows of its own, read from it next: scanning on past it would read the
        # document once per header (a workbook of many empty forms).
        if not dims and _opens_score_table(row):
            break
        name = clean_dimension_name(cells[0].text)
        numbers = [parse_number(c.text) for c in cells[1:] if _is_figure(c.text)]
        if len(numbers) < 2:
            if dims and not name.startswith("评价等级"):
                break
            continue
        points = numbers[max_rank] if max_rank < len(numbers) else numbers[0]
        score = numbers[score_rank] if score_rank < len(numbers) else numbers[1]
        if _is_total_row(cells):
            return dims, (points, score, row)  # type: ignore[return-value]
        evidence = source.evidence(cells[0].start, cells[-1].end)
        dims.append(DimensionScore(name, canonical_dimension(name), points, score, evidence))
    return dims, None


def _is_total_row(cells: tuple[Cell, ...]) -> bool:
    """A table's total row: "合计", also spaced to fill its cell ("合  计") or split there by a text layer ("合 计")."""
    words = "".join(cell.text for cell in takewhile(lambda cell: not _is_figure(cell.text), cells))
    return "".join(words.split()).startswith(TOTAL_NAMES)


# The 自评表's 总分 row where its table was not read: "总分 | | 100 | 97.79", or one cell per line ("总分" / "100" /
# "97.79"): its maximum, then its score. Only the scoring words: a bare 合计 also closes a table of money.
CELL_TOTAL_NAMES = frozenset({"总分", "总得分"})
CELL_TOTAL_MAX = 6  # characters of such a cell, spaced to fill it ("总  分")


def _form_total_row(source: Source, result: ScoreResult) -> None:
    rows = source.rows
    for index, row in enumerate(rows):
        if not row.values or len(row.texts[0]) > CELL_TOTAL_MAX:
            continue
        if "".join(row.texts[0].split()) not in CELL_TOTAL_NAMES:
            continue
        total = _cells_total(rows, index) if _single_cell(row) is not None else _row_total(row)
        if total is None:
            continue
        points, score = parse_number(total.values[1].text), parse_number(total.values[2].text)
        if points is not None and score is not None and 0 <= score <= points:
            _keep_total_row(source, result, points, score, total)
            return


def _row_total(row: Row) -> Row | None:
    """The row itself where the label has exactly two figures after it (blank cells between them), and perhaps the
    form's 自评等级 cell last ("总分 | 100 | 96 | 优")."""
    figures = row.values[1:]
    if len(figures) == 3 and figures[2].text in GRADES:
        figures = figures[:2]
    return row if len(figures) == 2 and all(is_plain_number(cell.text) for cell in figures) else None


def _cells_total(rows: list[Row], index: int) -> Row | None:
    """The label's line with the two lines of figures below it; none where a third follows: a column of figures
    read one per line cannot say which is the score."""
    cells = [_single_cell(row) for row in rows[index + 1 : index + 4]]
    figures = [cell for cell in cells[:2] if cell is not None and is_plain_number(cell.text)]
    if len(figures) < 2 or (len(cells) > 2 and cells[2] is not None and is_plain_number(cells[2].text)):
        return None
    label = rows[index].values[0]
    return make_row((label, *figures), label.start, figures[1].end, rows[index].line, "virtual")


def _single_cell(row: Row) -> Cell | None:
    return row.values[0] if row.kind == "line" and len(row.values) == 1 else None


def _keep_total_row(source: Source, result: ScoreResult, points: float, score: float, row: Row) -> None:
    cells = row.values
    score_cell = next((c for c in reversed(cells) if parse_number(c.text) == score), cells[-1])
    points_cell = next((c for c in cells if parse_number(c.text) == points and c is not score_cell), cells[0])
    _keep(result, source.fact("score_total", score, cells[0].start, score_cell.end))
    _keep(result, source.fact("score_max", points, cells[0].start, points_cell.end))
    _grade_after_score_cell(source, result, cells, score_cell)


def _grade_after_score_cell(source: Source, result: ScoreResult, cells: tuple[Cell, ...], score_cell: Cell) -> None:
    """The 自评表's total row ends in its 自评等级 cell ("总分 | 100 | 96 | 优"): the grade, right after the score."""
    after = cells.index(score_cell) + 1
    if after < len(cells) and cells[after].text in GRADES:
        written = cells[after].text
        method = "exact" if GRADES[written] == written else "normalised"
        _keep_grade(result, source.fact("grade", GRADES[written], cells[0].start, cells[after].end, method))


# --- prose: headings with points


def _marker_style(marker: str) -> str:
    if marker.startswith("（") and not re.match(r"（\d", marker):
        return "paren-cn"
    if re.match(r"[一二三四五六七八九十]", marker):
        return "cn"
    if marker.startswith(("(", "（")):
        return "paren-digit"
    return "digit"


def _prose_dimensions(source: Source) -> tuple[list[DimensionScore], list[IndicatorRow]]:
    """Dimensions from headings like "（二）产出指标（40分）" and their sub-items "1. 数量指标（10分）…得10分"."""
    headings = []
    for row in source.rows:
        line = source.norm[row.start : row.end]
        match = HEADING_RE.match(line)
        if match is None:
            continue
        points = _points_in(match.group("inside"))
        if points is None:
            continue
        headings.append((row, match, points, _marker_style(match.group("marker"))))
    dim_headings = [h for h in headings if canonical_dimension(h[1].group("name"))]
    if not dim_headings:
        return [], []
    top_style = dim_headings[0][3]
    dims: list[DimensionScore] = []
    indicators: list[IndicatorRow] = []
    tops = [h for h in headings if h[3] == top_style]
    starts = [h[0].start for h in headings]  # in document order: a heading's children are a slice, found by bisect
    for position, (row, match, points, _) in enumerate(tops):
        name = match.group("name")
        # a first level without a canonical dimension ("（二）运行成本（10分）") among the framework's headings is one
        if not _is_first_level(name, canonical_dimension(name)):
            continue
        end = tops[position + 1][0].start if position + 1 < len(tops) else _section_end(source, row.end)
        below = headings[bisect_right(starts, row.start) : bisect_left(starts, end)]
        children = [h for h in below if h[3] != top_style]
        child_rows = [_prose_indicator(source, h, name, end) for h in children]
        own_end = children[0][0].start if children else end
        stated = _stated_score(source, match, row.start + match.end(), own_end)  # "（20分）：得分18分" too
        dim = _dimension_from_heading(source, row, match, points, stated, child_rows)
        dims.append(dim)
        indicators.extend(child_rows)
        if not children and dim.canonical != "预算执行" and stated is not None:
            indicators.append(_prose_indicator(source, (row, match, points, top_style), name, end))
    return dims, indicators


def _points_in(inside: str) -> float | None:
    """A heading's points: "（20分）", "（满分20分，得分18）", or its weight on the 100-point scale "（权重20%，…）"."""
    match = re.search(rf"(?:满分|分值)?\s*(?P<n>{NUMBER})\s*分", inside) or re.search(
        rf"权重\s*(?P<n>{NUMBER})\s*%?", inside
    )
    return float(match.group("n")) if match else None


def _section_end(source: Source, start: int) -> int:
    match = re.compile(r"\n\s*#*\s*[一二三四五六七八九十]+、").search(source.norm, start)
    return match.start() if match else len(source.norm)


def _stated_score(source: Source, heading: re.Match[str], start: int, end: int) -> tuple[float, int, int] | None:
    # "得分18分"; inside the brackets the 分 may be left out ("（权重20%，得分18.5）")
    inside = re.search(rf"(?:评价)?得分\s*(?P<n>{NUMBER})\s*(?:分|$)", heading.group("inside"))
    if inside:
        offset = heading.start("inside") + inside.start()
        return float(inside.group("n")), offset, offset + len(inside.group(0))
    match = _score_in_text(source, start, end)
    if match:
        return float(match.group("n")), match.start(), match.end()
    return None


def _score_in_text(source: Source, start: int, end: int) -> re.Match[str] | None:
    """The first "得N分" between ``start`` and ``end`` outside a sentence that states the scoring rule."""
    for match in SCORE_IN_TEXT_RE.finditer(source.norm, start, end):
        sentence_start, _ = source.between_marks(match.start(), "。\n")
        if not RULE_LABEL_RE.search(source.norm, sentence_start, match.start()):
            return match
    return None


def _dimension_from_heading(
    source: Source, row: Row, match: re.Match[str], points: float, stated: tuple | None, children: list[IndicatorRow]
) -> DimensionScore:
    name = match.group("name")
    if stated is not None and not children:
        evidence = source.evidence(row.start + match.start("name"), max(stated[2], row.start + match.end()), "exact")
        if stated[1] < row.end:
            evidence = source.evidence(row.start + match.start("name"), row.start + match.end())
        return DimensionScore(name, canonical_dimension(name), points, stated[0], evidence)
    score = round(sum(c.score or 0 for c in children), 6) if children else (stated[0] if stated else None)
    method = "derived" if children else "exact"
    evidence = source.evidence(row.start + match.start("name"), row.start + match.end(), method)
    return DimensionScore(name, canonical_dimension(name), points, score, evidence)


def _prose_indicator(source: Source, heading: tuple, parent: str, end: int) -> IndicatorRow:
    row, match, points, _ = heading
    name = match.group("name")
    stated = _stated_score(source, match, row.end, end)
    limit = min(end, source.norm.find("\n", row.end) if source.norm.find("\n", row.end) > 0 else end)
    score_in_line = _score_in_text(source, row.start, limit)
    score = float(score_in_line.group("n")) if score_in_line else (stated[0] if stated else None)
    evidence_end = score_in_line.end() if score_in_line else row.end
    return IndicatorRow(
        goal=None,
        level1=parent,
        level2=name,
        level3=name,
        target=Quantity(""),
        actual=Quantity(""),
        points=points,
        score=score,
        note=None,
        evidence=source.evidence(row.start + match.start("name"), evidence_end),
    )


# "项目决策20分，得18分", "决策指标满分20分，自评得分18分", "（一）项目决策。该指标满分20分，实际得分18分"; an
# evaluator weighs on the 100-point scale: "决策指标权重20%，得分18分" (a rate without 权重 is no maximum); the
# maximum in brackets right after the name: "决策指标（20分）得分18分", "项目决策（满分20分），得分18分".
DIMENSION_SENTENCE_RE = re.compile(
    rf"(?P<name>[\u4e00-\u9fa5]{{2,8}}?)[。:：，,]?\s*(?:该指标|该项|此项)?"
    rf"(?:(?:(?:满分|分值|权重)?(?:为)?\s*(?P<max>{NUMBER})\s*分|权重(?:为)?\s*(?P<weight>{NUMBER})\s*%)[，,]"
    rf"|[（(](?:满分|分值)?(?:为)?\s*(?P<bracketed>{NUMBER})\s*分[)）][，,]?)"
    rf"\s*(?:实际|自评|评价)?得(?:分)?(?:为)?\s*(?P<score>{NUMBER})\s*分"
)
# Every such sentence ends on "得N分": found from that literal, DIMENSION_SENTENCE_RE is then tried only on the
# words just before it (opening on a name, it would be tried at every character of the report).
SENTENCE_SCORE_RE = re.compile(rf"得(?:分)?(?:为)?\s*(?:{NUMBER})\s*分")
SENTENCE_REACH = 80  # characters from a sentence's start to its 得: name, maximum and some spacing
SENTENCE_ORDINAL_RE = re.compile(r"^(?:其中|[一二三四五六七八九十]是|第[一二三四五六七八九十]项?)")


# "决策指标得分18分（满分20分）": the score first, its maximum in brackets. Found from the literal 得分 (a pattern
# opening on a name would be tried at every character); the name is the words right before it.
SCORE_FIRST_SENTENCE_RE = re.compile(
    rf"得分(?:为)?\s*(?P<score>{NUMBER})\s*分\s*[（(]满分(?:为)?\s*(?P<max>{NUMBER})\s*分[)）]"
)
NAME_BEFORE_RE = re.compile(r"[\u4e00-\u9fa5]{2,12}$")
SCORER_RE = re.compile(r"(?:自评|实际|评价)$")


def _sentence_dimensions(source: Source) -> list[DimensionScore]:
    """Dimensions a report scores in sentences, one each; none where two name the same dimension (sub-items) or
    where they do not make up the 100 points."""
    for dims in (read(source) for read in (_max_first_sentences, _score_first_sentences)):
        # A whole framework (its maxima make the 100 points), else sentences about some parts are no dimension list.
        whole = abs(sum(d.max or 0 for d in dims) - 100) < 1e-6
        if whole and _one_each(dims):
            return dims
    return []


def _max_first_sentences(source: Source) -> list[DimensionScore]:
    dims = []
    for match in _dimension_sentences(source):
        name = SENTENCE_ORDINAL_RE.sub("", match.group("name"))
        canonical = _framework_dimension(name)
        if not _is_first_level(name, canonical):
            continue
        evidence = source.evidence(match.start("name") + match.group("name").find(name), match.end())
        points = float(match.group("max") or match.group("weight") or match.group("bracketed"))
        dims.append(DimensionScore(name, canonical, points, float(match.group("score")), evidence))
    return dims


def _dimension_sentences(source: Source) -> Iterable[re.Match[str]]:
    """The matches ``source.finditer(DIMENSION_SENTENCE_RE)`` gives, each searched for only in the reach before a
    "得N分" (the one a sentence ends on) and after the previous sentence."""
    done = 0
    for score in source.finditer(SENTENCE_SCORE_RE):
        if score.start() < done:
            continue
        match = DIMENSION_SENTENCE_RE.search(source.norm, max(done, score.start() - SENTENCE_REACH), score.end())
        if match is not None:
            done = match.end()
            yield match


def _score_first_sentences(source: Source) -> list[DimensionScore]:
    dims = []
    for match in source.finditer(SCORE_FIRST_SENTENCE_RE):
        before = NAME_BEFORE_RE.search(source.norm, max(0, match.start() - 12), match.start())
        if before is None:
            continue
        name = SCORER_RE.sub("", SENTENCE_ORDINAL_RE.sub("", before.group()))
        canonical = _framework_dimension(name)
        if not _is_first_level(name, canonical):
            continue
        evidence = source.evidence(before.start() + before.group().find(name), match.end())
        dims.append(DimensionScore(name, canonical, float(match.group("max")), float(match.group("score")), evidence))
    return dims


def _framework_dimension(name: str) -> str | None:
    """The canonical dimension a sentence scores; None for another name or the total's."""
    canonical = canonical_dimension(name)
    return None if canonical is None or any(word in name for word in TOTAL_NAMES) else canonical


def _one_each(dims: list[DimensionScore]) -> bool:
    """No two scores name the same dimension (two would be a dimension's sub-items); one without a canonical
    dimension ("运行成本") counts under its raw name."""
    canonicals = [d.canonical or d.name for d in dims]
    return len(set(canonicals)) == len(canonicals)


# "…得分92.5分。其中：项目决策得分18分，项目过程得分19分，…": the total's parts, each a dimension's score; "其中
# 决策指标18分，…" leaves out 得分 (group "scored" then empty).
DIMENSION_PART_RE = re.compile(
    rf"(?P<name>[\u4e00-\u9fa5]{{2,10}}?)"
    rf"(?:\s*[（(](?:满分|分值)?(?:为)?\s*(?P<max_before>{NUMBER})\s*分[)）])?"  # "决策（20分）得分18分"
    rf"(?P<scored>(?:自评|实际|评价)?得分(?:为)?)?\s*(?P<score>{NUMBER})\s*分"
    rf"(?:\s*[（(]满分(?:为)?\s*(?P<max>{NUMBER})\s*分[)）])?"  # "决策指标得分18分（满分20分）"
)
# The list opens in the total's sentence or the next, with no other figure between ("…92.5分，等级为良。其中：",
# "各一级指标得分情况如下："); the total's own maximum may follow it ("自评得分92分（满分100分），…其中").
# The list may name its year ("其中2023年决策指标得分18分…", "…92分。2023年决策…"): the fiscal year's only.
LIST_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年度?[，,]?"
LIST_OPENING_RE = re.compile(
    rf"(?:\s*[（(]满分(?:为)?\s*(?:{NUMBER})\s*分[)）])?[^\d\n]{{0,30}}?"
    rf"(?:(?:其中|如下|具体(?:为|如下)|情况(?:为|如下|[:：]))[:：，,]?|(?=(?:19|20)\d{{2}}\s*年))(?:\s*{LIST_YEAR})?"
)
# "…92分。决策指标得分18分，过程指标得分19分，…", "…92分。各项指标得分：决策…": a list with no opening word, from the
# first piece after the total that opens on a name and its 得分 (no other figure between).
UNOPENED_LIST_RE = re.compile(
    r"[^\d\n]{0,30}?[，,。；;：:]\s*(?=[\u4e00-\u9fa5]{2,10}?(?:自评|实际|评价)?得分(?:为)?\s*\d)"
)
MIN_LISTED_DIMENSIONS = 3
SUM_TOLERANCE = 0.05  # rounding of the parts to one decimal


def _dimensions_listed_after_the_total(source: Source, total: Fact | None, year: int | None) -> list[DimensionScore]:
    """Dimensions whose scores a "其中" list right after the total states, with their maxima where it gives them; only
    a list of three or more distinct dimensions of the national frameworks, and of no other year than ``year``."""
    if total is None:
        return []
    after = source.to_norm(total.evidence.end - 1) + 1
    opening = LIST_OPENING_RE.match(source.norm, after)
    unopened = opening is None
    opening = opening or UNOPENED_LIST_RE.match(source.norm, after)
    if opening is None or not _names_the_fiscal_year(opening.groupdict().get("year"), year):
        return []
    _, list_end = source.sentence_bounds(opening.end())
    dims, bare = [], False
    for match in source.finditer(DIMENSION_PART_RE, opening.end(), list_end):
        name = match.group("name")
        canonical = _framework_dimension(name)
        if not _is_first_level(name, canonical):
            return []
        # a bare figure after "满分"/"权重"… is no score: a bare one follows the dimension's name itself
        if not match.group("scored") and not DIMENSION_BEFORE_RE.search(name):
            return []
        bare = bare or not match.group("scored")
        evidence = source.evidence(match.start("name"), match.end())
        maximum = match.group("max") or match.group("max_before")
        maximum = float(maximum) if maximum else None
        dims.append(DimensionScore(name, canonical, maximum, float(match.group("score")), evidence))
    # Bare figures may be the framework's weights ("其中决策指标20分…"), a list no word opens may score something
    # else, and a name without a canonical dimension ("运行成本") may be a part of one: scores of the total's
    # dimensions only where they make it.
    unmapped = any(d.canonical is None for d in dims)
    if (bare or unopened or unmapped) and abs(sum(d.score or 0 for d in dims) - total.value) > SUM_TOLERANCE:
        return []
    return dims if len(dims) >= MIN_LISTED_DIMENSIONS and _one_each(dims) else []


# "决策指标得分18分，过程指标得分19分，…，综合得分92分": the parts first, the total after them in their sentence,
# which may open on a short piece ("经自评，"), 其中 or its year ("2023年决策指标得分18分…"); between the last part and
# the total's label a piece mark and a few words ("，综合").
LIST_LEAD_RE = re.compile(rf"\s*(?:[^，,。；;\d\n]{{1,8}}[，,:：])?\s*(?:其中[:：，,]?)?\s*(?:{LIST_YEAR})?\s*")
PARTS_SEPARATOR_RE = re.compile(r"[，,；;、\s]*")
BEFORE_TOTAL_GAP_RE = re.compile(r"[，,；;]\s*[\u4e00-\u9fa5]{0,4}")
PARTS_REACH = 300  # characters before the total that can hold its parts (a text layer may lose every 。 and newline)


def _dimensions_listed_before_the_total(source: Source, total: Fact | None, year: int | None) -> list[DimensionScore]:
    """Dimensions whose scores the total's sentence lists before it, one after another from its start; only three or
    more distinct dimensions of the national frameworks, each with its 得分, that make the total, of no other year."""
    if total is None:
        return []
    label = source.to_norm(total.evidence.start)
    start, _ = source.between_marks(label, "。\n")
    lead = LIST_LEAD_RE.match(source.norm, max(start, label - PARTS_REACH), label)
    if lead is None or not _names_the_fiscal_year(lead.group("year"), year):
        return []
    dims: list[DimensionScore] = []
    end = lead.end()
    for match in source.finditer(DIMENSION_PART_RE, lead.end(), label):
        canonical = _framework_dimension(match.group("name"))
        joined = PARTS_SEPARATOR_RE.fullmatch(source.norm, end, match.start()) is not None
        if not _is_first_level(match.group("name"), canonical) or not match.group("scored") or not joined:
            return []
        maximum = match.group("max") or match.group("max_before")
        evidence = source.evidence(match.start("name"), match.end())
        name, score = match.group("name"), float(match.group("score"))
        dims.append(DimensionScore(name, canonical, float(maximum) if maximum else None, score, evidence))
        end = match.end()
    if not dims or BEFORE_TOTAL_GAP_RE.fullmatch(source.norm, end, label) is None:
        return []
    if len(dims) < MIN_LISTED_DIMENSIONS or not _one_each(dims):
        return []
    return dims if abs(sum(d.score or 0 for d in dims) - total.value) <= SUM_TOLERANCE else []


# "其中决策、过程、产出、效益指标分别得分18分、19分、36分、19分", "…四项指标得分分别为18分、…": names, then their
# scores in the same order. The names are the words of the piece before 分别 (no figure nor comma among them).
RESPECTIVE_RE = re.compile(
    rf"(?P<names>[\u4e00-\u9fa5、]{{4,40}}?)(?:得分)?分别(?:得分)?(?:为|是)?[:：]?\s*"
    rf"(?P<figures>(?:{NUMBER})\s*分?(?:\s*[、，,和及]\s*(?:{NUMBER})\s*分?)+)"
)
NAMES_SPLIT_RE = re.compile(r"[、和及与]")
FIGURES_SPLIT_RE = re.compile(r"\s*分?\s*[、，,和及]\s*|\s*分$")
# what the names share, written after the last ("效益四项指标得分"), and what makes the figures maxima
SHARED_SUFFIX_RE = re.compile(r"(?:[一二三四五六七八九十\d]+项)?(?:一级)?(?:类)?指标(?:得分)?$")
MAXIMA_WORDS_RE = re.compile(r"分值|权重|满分|标准分")
PIECE_OPENERS = "，,。；;：:\n"
# "2023年决策、过程…": the names' match starts at 年, after the year's figures
YEAR_FIGURES_RE = re.compile(r"(?:19|20)\d{2}")


def _names_the_fiscal_year(named: str | None, year: int | None) -> bool:
    """A list naming no year is the report's; one naming a year only where it is the fiscal ``year``."""
    return named is None or (year is not None and int(named) == year)


def _respective_dimensions(source: Source, total: Fact | None, year: int | None) -> list[DimensionScore]:
    """Dimensions whose scores a "分别" sentence right after the total gives in its names' order; only where there is
    one figure per name, three or more distinct dimensions of the national frameworks, and they make the total."""
    if total is None:
        return []
    after = source.to_norm(total.evidence.end - 1) + 1
    _, sentence_end = source.sentence_bounds(after)
    _, window_end = source.sentence_bounds(min(sentence_end + 1, len(source.norm)))
    match = next(source.finditer(RESPECTIVE_RE, after, window_end), None)
    if match is None or MAXIMA_WORDS_RE.search(match.group("names")):
        return []
    # the names open their piece, or follow the fiscal year opening it: "2022年决策、…" scores another year
    written, start = match.group("names"), match.start()
    named = YEAR_FIGURES_RE.fullmatch(source.norm, max(0, start - 4), start) if written.startswith("年") else None
    if named is not None and _names_the_fiscal_year(named.group(), year):
        written, start = written.removeprefix("年").removeprefix("度"), named.start()
    if start != after and source.norm[start - 1] not in PIECE_OPENERS:
        return []
    names = NAMES_SPLIT_RE.split(SENTENCE_ORDINAL_RE.sub("", written))
    names[-1] = SHARED_SUFFIX_RE.sub("", names[-1])
    figures = [float(f) for f in FIGURES_SPLIT_RE.split(match.group("figures").strip()) if f]
    canonicals = [_framework_dimension(name) for name in names]
    known = all(_is_first_level(n, c) for n, c in zip(names, canonicals, strict=True))
    if len(names) != len(figures) or len(names) < MIN_LISTED_DIMENSIONS or not known:
        return []
    evidence = source.evidence(match.start(), match.end())
    dims = [DimensionScore(n, c, None, f, evidence) for n, c, f in zip(names, canonicals, figures, strict=True)]
    if not _one_each(dims) or abs(sum(figures) - total.value) > SUM_TOLERANCE:
        return []
    return dims


def _heading_alternatives(
    source: Source, result: ScoreResult, table: list[DimensionScore], headings: list[DimensionScore]
) -> None:
    """Headings that restate a table dimension with another score ("项目管理（满分20分，评价得分19.9分）")."""
    by_name = {d.name: d for d in table}
    for heading in headings:
        kept = by_name.get(heading.name)
        if kept is None or heading.score is None or kept.score is None:
            continue
        if abs(heading.score - kept.score) > 1e-6:
            result.alternatives.append(Fact(f"dimension_score:{heading.name}", heading.score, heading.evidence))
        if heading.max is not None and kept.max is not None and abs(heading.max - kept.max) > 1e-6:
            result.alternatives.append(Fact(f"dimension_max:{heading.name}", heading.max, heading.evidence))


# --- prose total and grade


# Labels that name the whole ("…效益指标满分20分，自评得分18分，总分92分"): only a dimension's name right before
# them makes them a dimension's.
WHOLE_LABEL_RE = re.compile(r"总分|总得分|综合得分|自评总分|评价总分|最终得分|合计得分|总体得分")


# "总分100分，本部门自评得分95分", "满分100分，本项目得分88分": the first figure is the maximum, and the score follows
# it in the sentence with no other figure between; "总分100分，得分90分以上为优" gives the bands, and no score.
MAX_THEN_SCORE_RE = re.compile(
    rf"(?:总分|满分)(?:为|是)?\s*(?P<max>{NUMBER})\s*分[，,]\s*(?P<between>[^。；;\n\d]{{0,20}}?)"
    rf"得分(?:为|是|[:：])?\s*(?P<n>{NUMBER})\s*分(?P<band>{BAND})?"
)


def _max_then_score(source: Source, result: ScoreResult, scope: str | None) -> list[int]:
    """Keeps the score of a sentence that states the maximum first; returns where those maxima are written. In a
    department's report, "满分100分，该项目得分88分" scores one of its projects."""
    maxima = []
    for match in source.finditer(MAX_THEN_SCORE_RE):
        maximum, score, between = float(match.group("max")), float(match.group("n")), match.group("between")
        # a report is scored out of 100: "项目绩效（满分60分，评价得分54分）" scores a dimension
        if maximum != 100 or score > maximum or DIMENSION_WORD_RE.search(between):
            continue
        if (scope != "project" and "项目" in between) or _is_dimension_context(source, match.start()):
            continue
        maxima.append(match.start())
        if match.group("band") is None:
            _keep(result, source.fact("score_total", score, match.start(), match.end()))
        _keep(result, source.fact("score_max", maximum, match.start(), source.norm.index("分", match.end("max")) + 1))
    return maxima


# "总分为100分。经自评，本部门得分为93分": a bare 总分 of 100 is the scale, unless the report states no other total.
SCALE_LABEL_RE = re.compile(r"(?:评价)?总分(?:为|是|[:：])?\s*100(?:\.0+)?\s*分")


def _prose_total(source: Source, result: ScoreResult, scope: str | None = None, year: int | None = None) -> None:
    maxima = _max_then_score(source, result, scope)  # in text order
    project_headings = _project_headings(source) if scope == "department" else ([], [])
    scale: Fact | None = None
    other_years: list[Fact] = []
    for pattern in TOTAL_RES:
        for match in source.finditer(pattern):
            at = bisect_left(maxima, match.start())
            if at < len(maxima) and maxima[at] < match.end():  # "总分100分" is the maximum there
                continue
            whole = WHOLE_LABEL_RE.match(source.norm, match.start()) is not None
            if _is_dimension_context(source, match.start(), whole) or _is_last_years(source, match.start()):
                continue
            figure = match.start("n") if match.group("n") else match.start("cn")
            if scope == "department" and _said_of_a_project(source, match.start(), figure, project_headings):
                continue
            written = match.group("n")
            value = float(written) if written else chinese_to_number(match.group("cn"))
            if value is None:
                continue
            method = "exact" if written else "normalised"
            fact = source.fact("score_total", value, match.start(), match.end(), method)
            if _is_another_years(source, match.start(), year):
                other_years.append(fact)
            elif SCALE_LABEL_RE.fullmatch(source.norm, match.start(), match.end()):
                scale = scale or fact
            else:
                _keep(result, fact)
    # A year copied unchanged from last year's report ("2022年度…自评得分95分" in 2023's) names no other total: where
    # the report states no other, its one such figure is its own.
    if "score_total" not in result.facts and len({fact.value for fact in other_years}) == 1:
        _keep(result, other_years[0])
    if scale is not None and "score_total" not in result.facts:
        _keep(result, scale)
    if "score_max" not in result.facts:
        for match in source.finditer(MAX_RE):
            if float(match.group("n")) >= 50 and not _is_dimension_context(source, match.start()):
                _keep(result, source.fact("score_max", float(match.group("n")), match.start(), match.end()))
                break


# In a department's report a project's score is no total of the department's: "残疾人康复项目自评得分92分" (a project
# by its name is the piece's subject), or "自评得分92分" under the heading "（一）残疾人康复项目". Not "本项目"/"该项目"
# (as in money.py, a report copied from a project's template says them of itself), "按照项目实施方案" (no project's
# name, nor "对项目的决策…进行评价"), nor a piece that names the whole ("部门整体支出及项目自评得分95分").
SENTENCE_MARKS = "。；;\n"
PROJECT_NAMED_RE = re.compile(
    r"项目(?<=[\u4e00-\u9fa5]项目)(?<![本该对各此其]项目)(?=自评|绩效|得分|评价|评分|综合|最终|总|[\s:：（(]|$)"
)
WHOLE_NAMED_RE = re.compile(r"整体|本部门|本单位")


def _said_of_a_project(
    source: Source, start: int, figure: int, headings: tuple[list[int], list[bool]], marks: str = PIECE_END
) -> bool:
    """Whether the score (or grade) at ``figure``, its label at ``start``, is a project's (see above); its subject
    is the words since the last of ``marks``."""
    piece_start, _ = source.between_marks(start, marks)
    subject = source.norm[piece_start:figure]
    if WHOLE_NAMED_RE.search(subject):
        return False
    if PROJECT_NAMED_RE.search(subject):
        return True
    starts, of_a_project = headings
    above = bisect_left(starts, start)
    return bool(above) and of_a_project[above - 1]


# The numbered headings of a report's parts, by rank: "第五部分"/"第五章" over "五、" (or "五." "五．") over
# "（五）" over "5." / "5、" over "（5）" over "⑤". A project's part ends at the next heading of its rank or a higher
# one, however that is numbered ("（一）残疾人康复项目" … "六．绩效自评结果", "第五部分 自评结论"); one ranked below
# is a part of the project's ("（一）残疾人康复项目" … "1.自评结论"). Table rows (cells split by tabs or bars) are no
# headings.
NUMBERED_HEADING_RE = re.compile(
    r"^[ \t#]*(?:(?P<r0>第[一二三四五六七八九十\d]+(?:部分|章))|(?P<r1>[一二三四五六七八九十]+[、.])"
    r"|(?P<r2>[（(][一二三四五六七八九十]+[）)])|(?P<r3>\d{1,2}(?:、|\.(?!\d)))|(?P<r4>[（(]\d{1,2}[）)])|(?P<r5>[①-⑳]))"
    r"[^\n\t|]*$",
    re.M,
)
# A heading without a number that names the department as a whole ("部门整体支出绩效自评结论") ends every
# project's part; one naming no whole ("自评结论") may be a project's own and ends none, nor does a line of prose
# ("项目整体完成良好").
HEADING_WORDS = r"[^\n\t|。，,；;：:\d]"
WHOLE_HEADING_RE = re.compile(
    rf"^[ \t#]*{HEADING_WORDS}{{0,20}}(?:整体|本部门|本单位){HEADING_WORDS}{{0,16}}(?:结论|评价|结果|情况|总结)[ \t]*$",
    re.M,
)
# A heading names one project in its title: the words after the number up to the first mark, few of them (the
# title alone on its line, or opening its paragraph: "（一）残疾人康复项目。年初预算50万元，…自评得分92分", as
# money.py's PROJECT_TITLE_RE).
PROJECT_HEADING_WORDS = 30
HEADING_TITLE_END_RE = re.compile(r"[。：:，,；;]")


def _project_headings(source: Source) -> tuple[list[int], list[bool]]:
    """Where the report's headings stand, and whether each stands in one project's part: it names one project
    ("（一）残疾人康复项目"; "二、项目基本情况" names none, and "部门整体及项目…" the whole), or is ranked below
    one that does (see NUMBERED_HEADING_RE)."""
    headings = [_numbered_heading(m) for m in NUMBERED_HEADING_RE.finditer(source.norm)]
    headings += [(m.start(), -1, m.group()) for m in WHOLE_HEADING_RE.finditer(source.norm)]
    starts, of_a_project = [], []
    open_parts: list[tuple[int, bool]] = []  # (rank, of a project) of the headings the text stands under
    for start, rank, words in sorted(headings):
        while open_parts and open_parts[-1][0] >= rank:
            open_parts.pop()
        title = HEADING_TITLE_END_RE.split(words, maxsplit=1)[0].strip()
        names_one = (
            len(title) <= PROJECT_HEADING_WORDS
            and PROJECT_NAMED_RE.search(title) is not None
            and WHOLE_NAMED_RE.search(words) is None
        )
        inside = names_one or any(project for _, project in open_parts)
        open_parts.append((rank, inside))
        starts.append(start)
        of_a_project.append(inside)
    return starts, of_a_project


def _numbered_heading(heading: re.Match[str]) -> tuple[int, int, str]:
    """Where a heading starts, its rank (0 for "第一部分", 1 for "一、", … 5 for "①": NUMBERED_HEADING_RE's groups)
    and its words after the number."""
    rank = next(rank for rank in range(6) if heading.group(f"r{rank}") is not None)
    return heading.start(), rank, heading.string[heading.end(f"r{rank}") : heading.end()]


def _is_last_years(source: Source, position: int) -> bool:
    piece_start, _ = source.between_marks(position, PIECE_END)
    return PREVIOUS_YEAR_RE.search(source.norm, piece_start, position) is not None


# "2022年自评得分95分，2023年自评得分97分": the year a piece names before the label; "2024年3月" dates the work.
YEAR_NAMED_RE = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")


def _is_another_years(source: Source, position: int, year: int | None) -> bool:
    """A total whose piece of the sentence names a year other than the report's fiscal ``year`` (the nearest one
    before the label; a year inside an unclosed 《…》 titles a document, not the score)."""
    if year is None:
        return False
    piece_start, _ = source.between_marks(position, PIECE_END)
    named = list(YEAR_NAMED_RE.finditer(source.norm, piece_start, position))
    if not named:
        return False
    before = source.norm[piece_start : named[-1].start()]
    return before.count("《") <= before.count("》") and int(named[-1].group(1)) != year


# "该项目得分86.5分": the project's score with no label of a total nor who scored it. A department's report says it
# of each project it scored, so only a project's report, in its conclusion, saying it of one figure, states its total.
BARE_PROJECT_TOTAL_RE = re.compile(rf"项目(?<=该项目|本项目)(?:最终)?得分(?:为)?\s*(?P<n>{NUMBER})\s*分{NOT_A_BAND}")
# The headings of a report's parts ("三、评价结论", "（二）自评结论"): the conclusion's names one of these words.
PART_HEADING_RE = re.compile(r"^[ \t#]*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^\n]{0,30}$", re.M)
CONCLUSION_RE = re.compile(r"结论|综合评价|评价结果|自评结果|评价情况")
# "产出指标方面，该项目得分36分": a sentence that names a dimension scores that dimension.
DIMENSION_WORD_RE = re.compile(r"决策|过程|产出|效益|效果|满意度|投入|预算执行")


def _bare_project_total(source: Source, result: ScoreResult) -> None:
    """A project report's bare "该项目得分86.5分", the one figure it so states, under its conclusion's heading."""
    matches = [m for m in source.finditer(BARE_PROJECT_TOTAL_RE) if not _names_a_dimension(source, m.start())]
    if not matches or len({float(m.group("n")) for m in matches}) > 1:
        return
    # each heading with the chapter it stands in: "三、评价结论" over "（一）评价得分"
    starts, concluding, chapter = [], [], False
    for heading in PART_HEADING_RE.finditer(source.norm, 0, matches[-1].start()):
        is_chapter = not heading.group().lstrip(" \t#").startswith("（")  # "三、…", not "（一）…"
        chapter = bool(CONCLUSION_RE.search(heading.group())) if is_chapter else chapter
        starts.append(heading.start())
        concluding.append(chapter or CONCLUSION_RE.search(heading.group()) is not None)
    for match in matches:
        above = bisect_left(starts, match.start())
        if above and concluding[above - 1]:
            _keep(result, source.fact("score_total", float(match.group("n")), match.start(), match.end()))
            return


def _names_a_dimension(source: Source, position: int) -> bool:
    start, _ = source.sentence_bounds(position)
    return DIMENSION_WORD_RE.search(source.norm, start, position) is not None


# "产出指标自评为38分", "满意度评价结果为9分": a dimension's name right before the label; the department framework's
# names end otherwise ("管理效率", "履职效能").
DIMENSION_BEFORE_RE = re.compile(
    r"(?:决策|管理|过程|产出|效益|效果|满意度|投入|预算执行|指标|运行成本|管理效率|履职效能|社会效应)\s*$"
)


def _is_dimension_context(source: Source, position: int, whole: bool = False) -> bool:
    # "投入指标分值20分，评价得分18.52分" scores a dimension, not the report.
    start, _ = source.sentence_bounds(position)
    before = source.norm[max(start, position - 14) : position]
    bracketed = "（" in re.sub(r"[（(]含[)）]", "", before)  # "投入（20分）：得分18", not a band's "90分（含）以上"
    if DIMENSION_BEFORE_RE.search(before) or (bracketed and not whole):
        return True
    return not whole and bool(re.search(r"分值\s*\d|满分\s*\d{1,2}\s*分", before))


# "…绩效评分100分，自评为优": the grade the sentence of the total gives it; elsewhere "自评为优" may be a project's
# in a department's report. "…96.5分，按照等级划分标准，评定为“优”", "…92分，评价为优秀": 评定 or 评价 opening its
# piece says it of the total ("工程质量评定为合格", "群众评价为优秀" grade something else).
GRADE_AFTER_TOTAL_RE = re.compile(rf"(?:自评|(?<=[，,；;])(?:综合|最终)?(?:评定|评价))(?:为|是){GRADE_WORD}")


def _grade(source: Source, result: ScoreResult, year: int | None = None, scope: str | None = None) -> None:
    other_years: list[re.Match[str]] = []
    # a department's report grades its projects too: their grades are not its own, as their scores are not its total
    projects = _project_headings(source) if scope == "department" else None
    stated = (_stated_grades(source, pattern, year, other_years, projects) for pattern in GRADE_RES)
    match = next(filter(None, stated), None) or _grade_after_total(source, result.facts.get("score_total"))
    # As with the total: another year's grade is the report's only where it states no other and names one grade
    # ("2022年度评价等级为优" copied into 2023's report); "2021年…为良，2022年…为优" gives none.
    if match is None and len({GRADES[m.group("grade")] for m in other_years}) == 1:
        match = other_years[0]
    if match is not None:
        written = match.group("grade")
        method = "exact" if GRADES[written] == written else "normalised"
        _keep_grade(result, source.fact("grade", GRADES[written], match.start(), match.end(), method))
        return
    for row in source.rows:
        texts = row.texts
        if len(texts) == 2 and "等级" in texts[0] and texts[1] in GRADES:
            cell = row.values[1]
            method = "exact" if GRADES[texts[1]] == texts[1] else "normalised"
            _keep_grade(result, source.fact("grade", GRADES[texts[1]], row.values[0].start, cell.end, method))
            return


def _grade_after_total(source: Source, total: Fact | None) -> re.Match[str] | None:
    """"自评为优" in the sentence that states the total, after it."""
    if total is None:
        return None
    after = source.to_norm(total.evidence.end - 1) + 1
    _, sentence_end = source.between_marks(after, "。\n")
    return GRADE_AFTER_TOTAL_RE.search(source.norm, after, sentence_end)


def _stated_grades(
    source: Source,
    pattern: re.Pattern[str],
    year: int | None,
    other_years: list[re.Match[str]],
    projects: tuple[list[int], list[bool]] | None = None,
) -> re.Match[str] | None:
    """The first match of ``pattern`` that states the report's grade, not where a band begins nor last year's;
    a grade said of another year than the fiscal ``year`` ("2022年评价等级为优" in 2023's) goes to ``other_years``."""
    for match in pattern.finditer(source.norm):
        clause_start, _ = source.between_marks(match.start(), PIECE_END)
        bands = BANDS_BEFORE_RE.search(source.norm, clause_start, match.start())
        if bands or _is_last_years(source, match.start()):
            continue
        # a grade follows the score in its sentence ("残疾人康复项目自评得分92分，等级为良"): the sentence's subject
        grade_at = match.start("grade")
        if projects is not None and _said_of_a_project(source, match.start(), grade_at, projects, SENTENCE_MARKS):
            continue
        if not _is_another_years(source, match.start(), year):
            return match
        other_years.append(match)
    return None


def _keep_grade(result: ScoreResult, fact: Fact) -> None:
    result.facts.setdefault("grade", fact)


def derived_dimensions(source: Source, indicators: list[IndicatorRow]) -> list[DimensionScore]:
    """Dimensions as the sums of their indicators, where a report scores only the indicators."""
    sums: dict[str, list[IndicatorRow]] = {}
    for row in indicators:
        if row.level1 and row.points is not None:  # a table of targets without points scores nothing
            sums.setdefault(row.level1, []).append(row)
    dims = []
    for name, rows in sums.items():
        evidence = rows[0].evidence.merged(rows[-1].evidence, source.text)
        points = round(sum(r.points or 0 for r in rows), 6)
        score = round(sum(r.score or 0 for r in rows), 6)
        dims.append(DimensionScore(name, canonical_dimension(name), points, score, evidence))
    return dims


__all__ = ["canonical_dimension", "derived_dimensions", "is_plain_number", "parse_scores"]
