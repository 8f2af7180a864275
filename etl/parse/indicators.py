"""The indicator table (一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因), however flattened."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from etl.parse.numbers import NUMBER_RE, is_plain_number, parse_number
from etl.parse.source import Source
from etl.parse.tables import TABLE_HEADER_LABELS, TOTAL_WORDS, Cell, Row, make_row, regroup_single_cells
from etl.parse.template import LEVEL1, LEVEL2_COST_WORDS, LEVEL2_WORDS, PROSE_LEVEL1_WORDS
from etl.record import Evidence, IndicatorRow, Quantity

GOAL_RE = re.compile(r"^(?:绩效)?目标\s*\d+$|^绩效目标[一二三四五六七八九十\d]+$|^总体目标$")
# Labels of an indicator table's header. The note column's label counts as one ("偏差原因分析及改进措施" closes the
# national 项目支出绩效自评表's header): taken for a caption, the header would be read one label short.
HEADER_WORDS = (
    "三级指标", "指标名称", "年度指标值", "指标值", "实际完成值", "实际值", "分值", "得分", "一级指标", "二级指标",
    "评分标准", "评价标准", "评分依据", "扣分原因", "偏差原因", "未完成原因", "自评分", "具体指标", "基本指标",
)
COMPARATORS = (
    (r"≥|>=|不低于|不少于|以上|至少|大于或?等于", "≥"),
    (r"≤|<=|不高于|不超过|不多于|以内|以下|控制在|小于或?等于", "≤"),
    (r"^>|大于|高于", ">"),
    (r"^<|小于|低于", "<"),
    (r"=|＝|等于", "="),
)


# A score column's header starts with one of these (not "评分标准", the scoring rule).
SCORE_LABELS = ("得分", "自评得分", "评价得分", "实际得分", "考评得分", "自评分")
# "投入（20分）": a level's name with the points of everything under it.
LEVEL_POINTS_RE = re.compile(r"\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$")
LETTER_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


# A scoring rule's column ("评分标准") and its words: points awarded or taken off, in a sentence ("计5分；…").
RULE_LABELS = ("评分标准", "评价标准", "评分依据")
SCORING_RULE_RE = re.compile(r"\d\s*分|[满扣得]分|[。；;，,]")


NAME_LABELS = ("指标名称", "具体指标", "指标内容")
TARGET_LABELS = ("年度指标值", "指标值", "目标值", "预期指标值")
ACTUAL_LABELS = ("实际完成值", "实际值", "完成值")


def is_indicator_header(row: Row) -> bool:
    """A header row of the indicator table: names level-3 indicators, and their points and scores or their
    targets and actuals (a 绩效指标完成情况表 without points)."""
    texts = row.texts
    has_name = any("三级指标" in t or t in NAME_LABELS for t in texts)
    # A table of targets headed "绩效指标" with no other name column: that column names each indicator.
    has_name = has_name or ("绩效指标" in texts and not any(t in ("一级指标", "二级指标") for t in texts))
    has_numbers = any(t.startswith(("分值", "权重")) for t in texts) and any(t.startswith(SCORE_LABELS) for t in texts)
    has_targets = any(t.startswith(TARGET_LABELS) for t in texts) and any(t.startswith(ACTUAL_LABELS) for t in texts)
    return has_name and (has_numbers or has_targets or _has_points_in_names(texts))


LEVEL_LABELS = ("一级指标", "二级指标", "三级指标")


def _has_points_in_names(texts: tuple[str, ...]) -> bool:
    """"一级指标 | 二级指标 | 三级指标 | 得分": a scoring table that gives each level's points in its name
    ("部门决策(25分) | 目标任务(15分) | 相关性(5分) | 5"), with no points column, target or actual."""
    has_score = any(t.startswith(SCORE_LABELS) for t in texts)
    others = any(t.startswith(("分值", "权重", *TARGET_LABELS, *ACTUAL_LABELS)) for t in texts)
    return has_score and not others and all(label in texts for label in LEVEL_LABELS)


def parse_indicator_table(source: Source) -> tuple[list[IndicatorRow], tuple[float, float, Row] | None]:
    """Every scored indicator row, with goal and levels carried down; and the table's total row if any."""
    # Targets and actuals are figures on some rows and words on others: rows need not share one shape.
    rows = regroup_single_cells(
        source.rows,
        lambda t: any(w in t for w in HEADER_WORDS),
        _group_ok,
        uniform=False,
        merged_ok=_merged_group_ok,
        wrapped=_wrapped_cell,
    )
    rows = _with_wrapped_headers_joined(rows)
    indicators: list[IndicatorRow] = []
    total = None
    inside = False
    carried: dict[str, str | None] = {"goal": None, "level1": None, "level2": None}
    columns: dict[str, int] = {}
    for row in rows:
        if is_indicator_header(row):
            inside = True
            columns = _columns(row)
            continue
        if not inside or not row.values:
            continue
        total_row = _total_row(row)
        if total_row is not None:
            total = (*total_row, row)
            inside = False
            continue
        if _is_level_row(row):  # "产出指标（50分）" on a line of its own heads the rows below it
            _carry(list(row.texts), carried)
            continue
        if _is_scoring_table(columns):
            parsed = _scored_row(source, row, columns, carried)
            if parsed is None and _ends_scoring_table(row):
                inside = False
        elif "points" not in columns or "score" not in columns:
            parsed = _aligned_row(source, row, columns, carried)
            inside = parsed is not None or len(row.values) == 1  # a row of another shape ends an unscored table
        else:
            parsed = _aligned_row(source, row, columns, carried) or _indicator_row(source, row, carried, columns)
        if parsed is not None:
            indicators.append(parsed)
    return [_with_its_first_level(row) for row in indicators], total


# The national frameworks' second levels and the first level each sits under; 成本 sits under 产出 in one framework
# and is a first level of its own in the other, so it is left as written.
FIRST_LEVEL_OF = {
    **dict.fromkeys(("数量", "质量", "时效"), "产出指标"),
    **dict.fromkeys(("社会效益", "经济效益", "生态效益", "可持续影响"), "效益指标"),
    "服务对象满意度": "满意度指标",
}


def _with_its_first_level(row: IndicatorRow) -> IndicatorRow:
    """A row whose table has no first-level column ("指标类型 | 指标名称 | …") under the first level its second
    level belongs to: "数量指标" is an 产出指标."""
    if row.level1 is not None or row.level2 is None:
        return row
    level1 = FIRST_LEVEL_OF.get(row.level2.removesuffix("指标"))
    return replace(row, level1=level1) if level1 is not None else row


COLUMN_LABELS = (
    ("goal", ("年度指标完成情况", "绩效目标", "目标")),
    ("level1", ("一级指标", "基本指标")),
    ("level2", ("二级指标",)),
    ("level3", ("三级指标", *NAME_LABELS)),
    ("target", TARGET_LABELS),
    ("actual", (*ACTUAL_LABELS, "实际完成情况")),
    ("points", ("分值", "权重")),
    ("score", SCORE_LABELS),
    ("note", ("偏差原因", "扣分原因", "未完成原因")),
    # The budget systems' forms split a target in three: 指标性质 (≥, ≤, =, 定性) | 指标值 | 度量单位.
    ("sense", ("指标性质", "指标方向")),
    ("unit", ("度量单位", "计量单位")),
)


def _columns(header: Row) -> dict[str, int]:
    """Column index of each part of an indicator row in the header (blank cells counted)."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        name = _column_of(cell.text)
        if name is not None and name not in columns:
            columns[name] = index
    # "一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | …": each level has its points, a row states them all
    if sum(1 for cell in header.cells if cell.text.startswith(("分值", "权重"))) >= 2:
        columns["level_points"] = columns["points"]
        _mark_unpointed_third_level(header, columns)
    # "三级指标 | 评分标准 | 分值 | 自评得分" (附件3-1, the 部门整体支出 scoring table): the rule before the points
    points = columns.get("points")
    if points and header.cells[points - 1].text.startswith(RULE_LABELS):
        columns["rule_before_points"] = points - 1
    # "绩效指标 | 指标内容 | 目标值 | …": without 一级/二级指标 columns, the first holds 数量指标, 质量指标…
    if "level1" not in columns and "level2" not in columns:
        kinds = ("绩效指标", "指标类别", "指标类型")
        first = next((i for i, cell in enumerate(header.cells) if cell.text in kinds), None)
        if first is not None and first < columns.get("level3", -1):
            columns["level2"] = first
        elif first is not None and "level3" not in columns and header.cells[first].text == "绩效指标":
            columns["level3"] = first  # "序号 | 绩效指标 | 年度指标值 | 实际完成值": the column names each indicator
    return columns


def _mark_unpointed_third_level(header: Row, columns: dict[str, int]) -> None:
    """"一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 评分标准 | 得分": the upper levels carry points, the third
    level none, so a row's one figure may be its score alone; ``rules`` counts the labels between the third level
    and the score (the scoring rule's words, one cell each)."""
    level3, score = columns.get("level3"), columns.get("score")
    if level3 is None or score is None or not 0 < columns["points"] < level3 < score:
        return
    between = [cell.text for cell in header.cells[level3 + 1 : score] if cell.text]
    if not any(label.startswith(("分值", "权重")) for label in between):
        columns["rules"] = len(between)


@lru_cache(maxsize=4096)  # the same few labels and cells, asked about row after row
def _column_of(label: str) -> str | None:
    """The part of an indicator row a header label names, if any ("实际完成值" → actual; "年度" → None)."""
    for name, labels in COLUMN_LABELS:
        # the goal column's labels are whole words: "目标值" is the target's
        if label in labels if name == "goal" else label.startswith(labels):
            return name
    return None


def _with_wrapped_headers_joined(rows: list[Row]) -> list[Row]:
    """Rows with an indicator header wrapped onto two lines read as one ("年度 | 实际" over "指标值 | 完成值")."""
    joined: list[Row] = []
    index = 0
    while index < len(rows):
        header = _joined_header(rows[index], rows[index + 1]) if index + 1 < len(rows) else None
        joined.append(header or rows[index])
        index += 2 if header is not None else 1
    return joined


WRAPPED_LABEL_LENGTH = 6  # the second line of a wrapped label cell: "指标值", "完成值", "及改进措施"


def _joined_header(head: Row, tail: Row) -> Row | None:
    """The header ``head`` completed by the line under it, where that line holds the second lines of its wrapped
    label cells, in order: a table's cells are narrow, so "年度指标值" is written "年度" over "指标值".

    A fragment completes the next cell of ``head`` that is no label alone but one with it; one that completes no
    cell must be the rest of a label already read ("偏差原因分析" over "及改进措施"), not a label or level of its own.
    """
    fragments = tail.values
    if len(head.values) < 3 or not fragments or len(fragments) > len(head.values):
        return None
    if any(len(f.text) > WRAPPED_LABEL_LENGTH or DIGIT_RE.search(f.text) for f in fragments):
        return None
    cells = list(head.cells)
    completed = 0
    position = 0
    for fragment in fragments:
        at = next((i for i in range(position, len(cells)) if _completes(cells[i].text, fragment.text)), None)
        if at is None:
            if _column_of(fragment.text) is not None or _is_level_name(fragment.text):
                return None
            continue
        # the joined label spans both lines of the text: from its first part to its second
        cells[at] = Cell(cells[at].text + fragment.text, cells[at].start, fragment.end)
        position = at + 1
        completed += 1
    header = make_row(tuple(cells), head.start, tail.end, head.line, head.kind)
    return header if completed and is_indicator_header(header) else None


def _completes(first: str, second: str) -> bool:
    """Whether ``second`` is the rest of a label whose first line ``first`` is no label by itself ("年度")."""
    return bool(first) and _column_of(first) is None and _column_of(first + second) is not None


def _aligned_row(
    source: Source, row: Row, columns: dict[str, int], carried: dict[str, str | None]
) -> IndicatorRow | None:
    """A row whose cells stand under their header labels (so an empty target stays in its column)."""
    scored = "points" in columns and "score" in columns
    needed = ("level3", "target", "actual")
    if row.kind not in ("tab", "pipe", "virtual") or any(name not in columns for name in needed):
        return None
    cells = row.cells
    if len(cells) <= max(columns.values()) - ("note" in columns):
        return None

    def text(name: str) -> str:
        index = columns.get(name)
        return cells[index].text if index is not None and index < len(cells) else ""

    name = text("level3")
    if scored and not (is_plain_number(text("points")) and is_plain_number(text("score"))):
        return None
    if not scored and not (text("target") or text("actual")):
        return None
    if not re.search(r"[\u4e00-\u9fa5]", name) or re.match(r"[≥≤<>=\d]", name):
        return None
    _carry([text(level) for level in ("goal", "level1", "level2") if text(level)], carried, text("level1"))
    return IndicatorRow(
        goal=carried["goal"],
        level1=carried["level1"],
        level2=carried["level2"],
        level3=name,
        target=_in_columns(parse_quantity(text("target")), text("sense"), text("unit")),
        actual=_in_columns(parse_quantity(text("actual")), "", text("unit")),
        points=parse_number(text("points")) if scored else None,
        score=parse_number(text("score")) if scored else None,
        note=text("note") or None,
        evidence=source.evidence(row.values[0].start, row.values[-1].end),
    )


def _in_columns(quantity: Quantity, sense: str, unit: str) -> Quantity:
    """A figure completed by its own row's 指标性质 and 度量单位 cells, where the form puts them apart."""
    if quantity.value is None:
        return quantity
    comparator = _sense_comparator(sense)
    return replace(
        quantity,
        unit=quantity.unit or unit.strip() or None,
        comparator=comparator or quantity.comparator,
    )


def _sense_comparator(sense: str) -> str | None:
    """The comparator a 指标性质 cell states (≥, 大于等于…); None for 定性, 正向 or an empty cell."""
    text = sense.strip()
    if not text or text == "定性":
        return None
    return next((symbol for pattern, symbol in COMPARATOR_RES if pattern.search(text)), None)


SENSE_WORDS = frozenset({"定性", "定量", "正向", "反向"})


def _is_sense(text: str) -> bool:
    """A 指标性质 cell: a comparator (≥, 大于等于…) or the kind of target (定性, 正向…)."""
    return text in SENSE_WORDS or (len(text) <= 4 and _sense_comparator(text) is not None)


def _is_unit(text: str, before: str) -> bool:
    """A 度量单位 cell right of a figure: a short word with no digit (人, 人次, %, 万元)."""
    return 0 < len(text) <= 3 and not DIGIT_RE.search(text) and DIGIT_RE.search(before) is not None


def _is_scoring_table(columns: dict[str, int]) -> bool:
    """A scoring table (评分表): levels, points, a scoring rule and the score, but no targets or actuals.

    The 部门整体支出 framework of many provinces (投入/过程/产出/效果) is scored in such a table.
    """
    return "target" not in columns and "actual" not in columns and "level3" in columns


def _scored_row(
    source: Source, row: Row, columns: dict[str, int], carried: dict[str, str | None]
) -> IndicatorRow | None:
    """A row of a scoring table: its level names, then the points, the scoring rule in words, the score."""
    cells = row.values
    if "points" not in columns:
        return _row_with_points_in_its_name(source, row, columns, carried)
    if "rules" in columns:
        return _row_under_pointed_levels(source, row, columns, carried)
    points_at, score_at = _points_and_score(cells, columns)
    if not points_at or score_at is None:
        return None
    # levels that carry their own points ("决策 | 20 | 项目立项 | 10 | …") state them among the names
    names = [cell.text for cell in cells[:points_at] if "level_points" not in columns or not is_plain_number(cell.text)]
    if not all(CJK_RE.search(name) for name in names):
        return None
    names = _without_rule(names, columns)
    points = parse_number(cells[points_at].text)
    return _scoring_row(source, row, columns, carried, names, names[-1], points, score_at)


def _row_under_pointed_levels(
    source: Source, row: Row, columns: dict[str, int], carried: dict[str, str | None]
) -> IndicatorRow | None:
    """A row of a table whose upper levels carry points and whose third level has none: the upper levels' names
    and points as far as the row states them, the third level's name, the scoring rule, the score (its last figure;
    it has no points of its own). A text layer drops blank cells: the names after the last points figure must be
    the third level's and the rule's exactly, or the row is not read (a rule split in two would be taken for it);
    tabs and pipes keep the columns, so a blank rule is no matter there."""
    cells = row.values
    figures = [i for i, cell in enumerate(cells) if is_plain_number(cell.text)]
    if not figures or figures[-1] == 0:
        return None
    score_at = figures[-1]
    after_points = figures[-2] + 1 if len(figures) >= 2 else 0
    in_columns = row.kind in ("tab", "pipe") and len(row.cells) > columns["score"]
    if in_columns and row.cells[columns["score"]] != cells[score_at]:
        return None
    if not in_columns and score_at - after_points != 1 + columns["rules"]:
        return None
    names = [cell.text for cell in cells[: after_points + 1] if not is_plain_number(cell.text)]
    if not all(CJK_RE.search(name) for name in names):
        return None
    names = _without_rule(names, columns)
    return _scoring_row(source, row, columns, carried, names, names[-1], None, score_at)


# "相关性(5分)": an indicator's name with its points.
NAMED_POINTS_RE = re.compile(r"[（(]\s*(?P<n>\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")


def _row_with_points_in_its_name(
    source: Source, row: Row, columns: dict[str, int], carried: dict[str, str | None]
) -> IndicatorRow | None:
    """A row of a table without a points column: the indicator's points in its name, its score the first figure.
    Only where cells keep their columns: a text layer joins such short rows into one line ("明确性(5分) 5" onto the
    row above), and a part of the table read would give its first levels part of their points."""
    cells = row.values
    score_at = next((i for i, cell in enumerate(cells) if is_plain_number(cell.text)), None)
    if row.kind not in ("tab", "pipe") or not score_at:
        return None
    names = [cell.text for cell in cells[:score_at]]
    points = NAMED_POINTS_RE.search(names[-1])
    if points is None or not all(CJK_RE.search(name) for name in names):
        return None
    level3 = names[-1][: points.start()].strip()
    return _scoring_row(source, row, columns, carried, names, level3, float(points.group("n")), score_at)


def _without_rule(names: list[str], columns: dict[str, int]) -> list[str]:
    """The scoring rule's words before the points are no level's name (an empty rule leaves the indicator's last)."""
    if "rule_before_points" in columns and len(names) >= 2 and SCORING_RULE_RE.search(names[-1]):
        return names[:-1]
    return names


def _scoring_row(
    source: Source,
    row: Row,
    columns: dict[str, int],
    carried: dict[str, str | None],
    names: list[str],
    level3: str,
    points: float | None,
    score_at: int,
) -> IndicatorRow:
    """An indicator row of a scoring table (no target, no actual): the levels ``names`` states, the others carried
    down from the rows above; what follows the score is its note."""
    cells = row.values
    levels = _stated_levels(row, columns, names)
    carried.update({level: value for level, value in levels.items() if value})
    if levels["level1"]:
        carried["level2"] = levels["level2"]
    return IndicatorRow(
        goal=None,
        level1=carried["level1"],
        level2=carried["level2"],
        level3=level3,
        target=Quantity(""),
        actual=Quantity(""),
        points=points,
        score=parse_number(cells[score_at].text),
        note=" ".join(cell.text for cell in cells[score_at + 1 :]) or None,
        evidence=source.evidence(cells[0].start, cells[-1].end),
    )


def _points_and_score(cells: tuple[Cell, ...], columns: dict[str, int]) -> tuple[int | None, int | None]:
    """Where a scoring table's row has the indicator's points and its score: its first two figures, or, where
    every level carries its own points, its last two (the scoring rule between them has no plain figure)."""
    figures = [i for i, cell in enumerate(cells) if is_plain_number(cell.text)]
    if "level_points" in columns:
        return (figures[-2], figures[-1]) if len(figures) >= 2 else (None, None)
    points_at = figures[0] if figures else None
    return points_at, figures[1] if len(figures) >= 2 else None


def _stated_levels(row: Row, columns: dict[str, int], names: list[str]) -> dict[str, str | None]:
    """The first and second levels a row states (None where its cell is blank: carried down from above).

    Where blank cells survive (tabs, pipes) their columns say which level a name is; where extraction dropped
    them, the names a row states are the rightmost levels, as merged cells are blank on the left.
    """
    levels = [name for name in ("level1", "level2") if name in columns]
    cells = row.cells
    if row.kind in ("tab", "pipe") and len(cells) > columns["level3"] and cells[columns["level3"]].text == names[-1]:
        stated = {name: cells[columns[name]].text or None for name in levels}
    else:
        given = names[:-1][-len(levels) :] if levels else []
        stated = dict(zip(levels[len(levels) - len(given) :], given, strict=True))
    return {name: _level_name(stated.get(name)) for name in ("level1", "level2")}


def _level_name(name: str | None) -> str | None:
    """A level's name without the points its cell adds ("投入（20分）" → "投入"): they are its children's sum; and
    without the spaces a web page centred a short name with ("投  入")."""
    return LETTER_SPACE_RE.sub("", LEVEL_POINTS_RE.sub("", name)) if name else None


def _ends_scoring_table(row: Row) -> bool:
    """A line of prose after the table (a sentence, or a numbered heading) ends it."""
    text = " ".join(row.texts)
    return row.kind not in ("tab", "pipe", "virtual") and ("。" in text or len(text) > 40)


def _group_ok(labels: list[str], cells: list[Cell]) -> bool:
    """Points and score stand under 分值 and 得分 (or, without those labels, somewhere in the row)."""
    points, score = _figure_columns(tuple(labels))
    if points is None or score is None:
        return sum(1 for c in cells if is_plain_number(c.text)) >= 2
    return is_plain_number(cells[points].text) and is_plain_number(cells[score].text)


@cache
def _figure_columns(labels: tuple[str, ...]) -> tuple[int | None, int | None]:
    """Where a header puts the points and the score (a table is checked row by row against one header)."""
    points = next((i for i, label in enumerate(labels) if label.startswith("分值")), None)
    score = next((i for i, label in enumerate(labels) if label.startswith(SCORE_LABELS)), None)
    return points, score


def _merged_group_ok(labels: list[str], cells: list[Cell]) -> bool:
    """A row of a table copied one cell per line whose merged level cells are written on their first row only,
    padded with blank cells where left out: points and score under their labels, an indicator's name under
    三级指标, and in the note column no level's name, goal or total, which would open the next row. No cell is
    a header label: a header cut short leaves its last labels to be misread as the first row."""
    columns = _label_columns(tuple(labels))
    if "level3" not in columns or not _group_ok(labels, cells):
        return False
    if any(cell.text in TABLE_HEADER_LABELS for cell in cells):
        return False
    for column, cell in zip(columns, cells, strict=True):
        text = _level_name(cell.text) or ""
        # "社会效益" names an indicator of the 部门整体 framework (履职效益 > 社会效益); "社会效益指标" is a level
        named = text.endswith("指标") and _is_level_name(text)
        if column == "level3" and (not CJK_RE.search(text) or named or text.startswith(TOTAL_WORDS)):
            return False
        opens_a_row = _is_level_name(text) or text.startswith(TOTAL_WORDS) or GOAL_RE.match(text)
        if column == "note" and text and opens_a_row:
            return False
        if column is None and text.startswith(TOTAL_WORDS):  # "总分" under 评分标准: the total row, read a cell late
            return False
        if column in ("level1", "level2") and text and not CJK_RE.search(text):
            return False
    return True


@cache
def _label_columns(labels: tuple[str, ...]) -> tuple[str | None, ...]:
    """The part of an indicator row each header label names (a table is read with one header many times)."""
    return tuple(map(_column_of, labels))


@lru_cache(maxsize=4096)  # the same few labels and cells, asked about row after row
def _wrapped_cell(first: str, second: str) -> bool:
    """Whether ``second`` is the second line of the cell ``first`` in a narrow column: of a header label ("年度"
    over "指标值") or of a level's name ("社会效益" over "指标")."""
    return (
        _completes(first, second)
        or (second == "指标" and _is_level_name(first + second))
        or _rests_note_label(first, second)
        or _runs_on_in_next_paragraph(first, second)
    )


# An item of a numbered list opening a paragraph: "1.", "2、", "（3）", "(4)".
NUMBERED_ITEM_RE = re.compile(r"(?:(\d{1,2})[.、．]|[（(](\d{1,2})[)）])(?=[\u4e00-\u9fa5])")


def _runs_on_in_next_paragraph(first: str, second: str) -> bool:
    """Whether ``second`` is the next item of the numbered list ``first`` opens ("1.部分对象迁出；" over "2.下年补充
    名单。"): a web page sets a note of two paragraphs as two cells, and no level or figure opens with an item's
    number, so the second paragraph is not the next row's 一级指标."""
    head, tail = NUMBERED_ITEM_RE.match(first), NUMBERED_ITEM_RE.match(second)
    if head is None or tail is None:
        return False
    number = int(head.group(1) or head.group(2))
    return int(tail.group(1) or tail.group(2)) == number + 1 and (head.group(1) is None) == (tail.group(1) is None)


def _rests_note_label(first: str, second: str) -> bool:
    """Whether ``second`` ends the note column's label ``first`` wrapped in its narrow cell: "偏差原因分析" (a label
    already) over "及改进措施", as the national template words it; the measures close the label."""
    return (
        _column_of(first) == "note"
        and not first.endswith("措施")
        and second.endswith("措施")
        and len(second) <= WRAPPED_LABEL_LENGTH
        and not DIGIT_RE.search(second)
    )


def _total_row(row: Row) -> tuple[float, float] | None:
    texts = row.texts
    if not texts:
        return None
    if not any(texts[0].startswith(word) for word in TOTAL_WORDS):
        return _total_cells_in_row(texts)
    numbers = [parse_number(t) for t in texts[1:] if is_plain_number(t)]
    if len(numbers) >= 2:
        return numbers[-2], numbers[-1]  # type: ignore[return-value]
    return None


# The national 项目支出绩效自评表's last row shares its line with the one before it: "其他需要说明事项 | 无 | 总分 |
# 100 | 96 | 优" (总分, 分值, 得分, 自评等级). Only a whole cell of the form's total words, its two figures right after
# and none later: "成本指标 | 合计 | 50 | 48 | 10 | 10" is an indicator (target, actual, points, score) named 合计.
MID_ROW_TOTAL_WORDS = frozenset({"总分", "合计"})


def _total_cells_in_row(texts: tuple[str, ...]) -> tuple[float, float] | None:
    for index, text in enumerate(texts[1:-2], start=1):
        if "".join(text.split()) not in MID_ROW_TOTAL_WORDS:
            continue
        points, score = texts[index + 1], texts[index + 2]
        if not (is_plain_number(points) and is_plain_number(score)):
            continue
        if any(is_plain_number(later) for later in texts[index + 3 :]):
            return None
        maximum, scored = parse_number(points), parse_number(score)
        if maximum is not None and scored is not None and 0 <= scored <= maximum:
            return maximum, scored
    return None


def _indicator_row(
    source: Source, row: Row, carried: dict[str, str | None], columns: dict[str, int]
) -> IndicatorRow | None:
    """A row whose blank cells were lost (a text layer that separates cells by spaces): read from its score back."""
    order = _value_order(columns)
    if order != VALUE_COLUMNS and len(order) == len(VALUE_COLUMNS):
        return _reordered_row(source, row, carried, order)
    cells = row.values
    split = _points_position(cells)
    if split is None:
        return None
    points, score = parse_number(cells[split - 1].text), parse_number(cells[split].text)
    note = " ".join(cell.text for cell in cells[split + 1 :]) or None
    actual = cells[split - 2]
    before = [c.text for c in cells[: split - 2]]
    # A form of 指标性质 | 指标值 | 度量单位 columns: the unit right of the target and the sense left of it, if written.
    unit = before.pop() if "unit" in columns and len(before) >= 2 and _is_unit(before[-1], before[-2]) else ""
    target = before.pop() if before else ""
    sense = before.pop() if "sense" in columns and before and _is_sense(before[-1]) else ""
    labels = before
    if not labels or not re.search(r"[\u4e00-\u9fa5]", labels[-1]):
        return None
    _carry(labels[:-1], carried)
    return IndicatorRow(
        goal=carried["goal"],
        level1=carried["level1"],
        level2=carried["level2"],
        level3=labels[-1],
        target=_in_columns(parse_quantity(target), sense, unit),
        actual=_in_columns(parse_quantity(actual.text), "", unit),
        points=points,
        score=score,
        note=note,
        evidence=source.evidence(cells[0].start, cells[-1].end),
    )


# The order of an indicator row's figures in the national forms; some counties' forms put 分值 first.
VALUE_COLUMNS = ("target", "actual", "points", "score")


def _value_order(columns: dict[str, int]) -> tuple[str, ...]:
    """The target, actual, points and score columns a header has, in its order."""
    return tuple(sorted((name for name in VALUE_COLUMNS if name in columns), key=columns.__getitem__))


def _reordered_row(
    source: Source, row: Row, carried: dict[str, str | None], order: tuple[str, ...]
) -> IndicatorRow | None:
    """A row of a table whose header puts its figures in another order ("分值 | 年度指标值 | 实际完成值 | 得分"),
    its blank cells lost: the four cells stand in the header's order, right of the indicator's name, with the
    points and score plain numbers; the first place where they do is the row's (a note after them may hold figures).
    """
    cells = row.values
    width = len(order)
    points, score = order.index("points"), order.index("score")
    start = next(
        (
            at
            for at in range(1, len(cells) - width + 1)
            if is_plain_number(cells[at + points].text)
            and is_plain_number(cells[at + score].text)
            and CJK_RE.search(cells[at - 1].text)
        ),
        None,
    )
    if start is None:
        return None
    value = {name: cells[start + offset].text for offset, name in enumerate(order)}
    _carry([cell.text for cell in cells[: start - 1]], carried)
    return IndicatorRow(
        goal=carried["goal"],
        level1=carried["level1"],
        level2=carried["level2"],
        level3=cells[start - 1].text,
        target=parse_quantity(value["target"]),
        actual=parse_quantity(value["actual"]),
        points=parse_number(value["points"]),
        score=parse_number(value["score"]),
        note=" ".join(cell.text for cell in cells[start + width :]) or None,
        evidence=source.evidence(cells[0].start, cells[-1].end),
    )


def _points_position(cells: tuple) -> int | None:
    """Index of the score cell: the last of two adjacent plain numbers with a name, target and actual before.

    Whatever follows is the deviation note (which extraction may have split at its spaces).
    """
    for index in range(len(cells) - 1, 3, -1):
        if is_plain_number(cells[index].text) and is_plain_number(cells[index - 1].text):
            return index
    return None


# Tables that leave out the word 指标 ("产出 | 数量 | 康复人数"): the frameworks' own level names.
LEVEL1_SHORT = frozenset({*PROSE_LEVEL1_WORDS, "成本", "决策", "过程"})
LEVEL2_SHORT = frozenset({*LEVEL2_WORDS, *LEVEL2_COST_WORDS})
COST = frozenset({"成本指标", "成本"})


def _carry(labels: list[str], carried: dict[str, str | None], level1_cell: str = "") -> None:
    """Blank cells mean "same as above": only the levels a row states replace the carried ones. ``level1_cell``
    is what stands under the 一级指标 header in a row whose cells keep their columns."""
    for label in map(_level_name, labels):
        if GOAL_RE.match(label):
            carried.update(goal=label, level1=None, level2=None)
        elif _is_level1(label, carried["level1"]) or (label == level1_cell and label in COST):
            carried.update(level1=label, level2=None)
        elif label.endswith("指标") or label in LEVEL2_SHORT:
            carried["level2"] = label


def _is_level_row(row: Row) -> bool:
    """A row of nothing but level names, with or without their points: "效益指标（30分）"."""
    return all(_is_level_name(_level_name(text)) for text in row.texts)


def _is_level_name(name: str) -> bool:
    return name in LEVEL1 or name in LEVEL1_SHORT or name.removesuffix("指标") in LEVEL2_SHORT


def _is_level1(label: str, carried_level1: str | None) -> bool:
    """A first level's name; 成本 is one (the 2021 framework) or a second level under 产出 (the one before)."""
    if label not in LEVEL1 and label not in LEVEL1_SHORT:
        return False
    return label not in COST or carried_level1 in (None, *COST)


# Compiled once: a quantity is parsed per indicator cell, and re's own cache lookup per call added up.
YEAR_IN_TEXT_RE = re.compile(r"(?:19|20)\d{2}\s*年")
DIGIT_RE = re.compile(r"\d")
CJK_RE = re.compile(r"[\u4e00-\u9fa5]")
UNIT_EDGES_RE = re.compile(r"^\s*|[。.]$")
UNIT_BOUND_RE = re.compile(r"(以上|以下|以内|及以上)$")
COMPARATOR_RES = tuple((re.compile(pattern), symbol) for pattern, symbol in COMPARATORS)


def parse_quantity(written: str) -> Quantity:
    """A target or actual as written, with its number, unit and comparator when it has them."""
    text = written.strip()
    if YEAR_IN_TEXT_RE.search(text) or not DIGIT_RE.search(text):
        return Quantity(text)
    match = NUMBER_RE.search(text)
    assert match is not None
    value = float(match.group().replace(",", "").replace("，", ""))
    unit = UNIT_EDGES_RE.sub("", text[match.end() :]).strip() or None
    unit = UNIT_BOUND_RE.sub("", unit).strip() or None if unit else None
    comparator = _comparator(text[: match.start()] + " " + text[match.end() :])
    return Quantity(text, value, unit, comparator)  # type: ignore[arg-type]


def _comparator(context: str) -> str | None:
    stripped = context.strip()
    for pattern, symbol in COMPARATOR_RES:
        if pattern.search(stripped):
            return symbol
    return "="


# Transfer-payment self-evaluations state each indicator in a sentence: "…人次数年初指标值为不低于180人，全年实际
# 完成值164人" or "…户数目标值大于等于85户,实际完成40"; the paragraph opens with its level ("1、产出数量指标：").
# Time, cost and effect indicators state what was achieved in words: "…年初指标值为2023年12月底，实际在规定时间内完成"
# (not "实际上", "in fact").
PROSE_TARGET_RE = re.compile(
    r"(?:指标值|目标值)(?:为|是|[:：])?\s*(?P<target>[^，,。；;\n]{1,30}?)\s*[，,；;]\s*"
    r"(?:全年)?(?:实际完成(?:值|情况)?|完成值|实际(?!上)(?=[\u4e00-\u9fa5]))(?:为|是|[:：])?\s*(?P<actual>[^，,。；;\n]{1,30})"
)
# "开展职业技能培训300人次，实际完成312人次", "培训合格率目标≥85%，实际完成90%": a figure and what was achieved,
# the indicator named by the clause before the figure. Counts and rates only: "资金350万元，实际完成328万元" is money.
# Found from the literal "实际完成" (a pattern that starts with optional words scans every character: 0.4 ms a report).
ACHIEVED_RE = re.compile(r"[，,]\s*(?:全年)?实际完成(?:值|情况)?(?:为|是|[:：])?\s*")
TARGET_BEFORE_RE = re.compile(
    r"(?:目标|计划)?(?:为|是|[:：])?\s*(?P<target>(?:[≥≤><]|不低于|不少于|达到)?\s*\d[\d.,]*\s*(?P<unit>%|[\u4e00-\u9fa5]{1,2}))\s*$"
)
ACTUAL_FIGURE_RE = re.compile(r"\d[\d.,]*\s*(?:%|[\u4e00-\u9fa5]{1,2})")
TARGET_REACH = 40  # characters before "，实际完成" that can hold the target
MONEY_UNITS = frozenset({"万元", "元", "亿元", "千元", "万"})
PROSE_LEVEL_RE = re.compile(
    rf"(?P<level1>{'|'.join(PROSE_LEVEL1_WORDS)})(?P<level2>{'|'.join(LEVEL2_WORDS)})?指标"
)
PROSE_LEVEL1_RE = re.compile(rf"({'|'.join(PROSE_LEVEL1_WORDS)})指标(?<!对象满意度指标)")
PROSE_LEVEL2_RE = re.compile(rf"({'|'.join(LEVEL2_WORDS)})指标")
LEVEL_HEADING_REACH = 400  # characters back to the heading that names a paragraph's first level
NAME_START_RE = re.compile(r"[，,。；;：:\n]")
ORDINAL_RE = re.compile(r"^(?:第[一二三四五六七八九十]+|[一二三四五六七八九十]+是|[（(]?\d+[)）.、]?)\s*")


Stated = tuple[int, str, str, int]  # a sentence's target and actual: where it starts, the two as written, where it ends


def prose_target_rows(source: Source) -> list[IndicatorRow]:
    """Indicators a report states in sentences, with their target and actual but no points."""
    matches = PROSE_TARGET_RE.finditer(source.norm)
    labelled = [(m.start(), m.group("target"), m.group("actual"), m.end()) for m in matches]
    rows = []
    for start, target, actual, end in labelled or _plain_targets(source.norm):
        name_start, name = _indicator_name(source.norm, start)
        if not re.search(r"[\u4e00-\u9fa5]{2}", name):
            continue
        level1, level2 = _prose_levels(source, start)
        scored = PROSE_POINTS_RE.match(source.norm, end)
        end = scored.end() if scored else end
        evidence = source.evidence(source.norm.find(name, name_start), end)
        row = _unscored_row((level1, level2, name), target, actual, evidence)
        if scored is not None:
            row = replace(row, points=float(scored.group("points")), score=float(scored.group("score")))
        rows.append(row)
    return rows


# "…实际完成值125人，分值10分，得分10分": the points and score the sentence gives its indicator right after the
# actual, both of them (a bare "得10分" may be a scoring rule's).
PROSE_POINTS_RE = re.compile(
    r"\s*[，,；;]\s*(?:分值|权重|满分)(?:为)?\s*(?P<points>\d+(?:\.\d+)?)\s*分?\s*[，,、；;]\s*"
    r"(?:自评|实际|评价)?得分(?:为)?\s*(?P<score>\d+(?:\.\d+)?)\s*分?"
)


def _unscored_row(
    levels: tuple[str | None, str | None, str], target: str, actual: str, evidence: Evidence
) -> IndicatorRow:
    """An indicator stated with its target and actual as written, without points or score."""
    level1, level2, level3 = levels
    return IndicatorRow(
        goal=None,
        level1=level1,
        level2=level2,
        level3=level3,
        target=parse_quantity(target),
        actual=parse_quantity(actual),
        points=None,
        score=None,
        note=None,
        evidence=evidence,
    )


# A project report may list the year's targets, then what was achieved item for item: "项目目标：资助精神病患者服药
# 230人，残疾儿童康复救助39人。实际完成：资助精神病患者服药230人，残疾儿童康复救助52人"; an item of each list is
# one indicator where both lists name it alike.
TARGET_LIST_RE = re.compile(
    r"目标(?:为|是)?[:：]\s*(?P<targets>[^\n:：]{4,400}?)[。；;，,\s]*(?:全年)?实际完成(?:情况)?(?:为|是)?[:："
    r"]\s*(?P<actuals>[^。\n:：]{4,400})"
)
LIST_ITEM_RE = re.compile(r"[^，,；;]+")
LISTED_FIGURE_RE = re.compile(r"(?P<name>.+?)\s*(?P<figure>\d[\d.]*\s*(?:%|[\u4e00-\u9fa5]{1,2})?)\s*$")


def listed_target_rows(source: Source) -> list[IndicatorRow]:
    """Indicators a report lists twice, once with the year's targets and once with what was achieved."""
    rows = []
    for match in TARGET_LIST_RE.finditer(source.norm):
        actuals = {name: (figure, end) for name, figure, _, end in _listed_items(match, "actuals")}
        for name, target, start, _ in _listed_items(match, "targets"):
            if name not in actuals or not re.search(r"[\u4e00-\u9fa5]{2}", name):
                continue
            actual, end = actuals[name]
            rows.append(_unscored_row((None, None, name), target, actual, source.evidence(start, end)))
    return rows


def _listed_items(match: re.Match[str], group: str) -> list[tuple[str, str, int, int]]:
    """Each item of one list as its name, its figure and where it starts and ends."""
    items = []
    for item in LIST_ITEM_RE.finditer(match.string, match.start(group), match.end(group)):
        figure = LISTED_FIGURE_RE.match(item.group().strip())
        if figure is not None:
            name = ORDINAL_RE.sub("", figure.group("name")).strip()
            items.append((name, figure.group("figure"), item.start(), item.end()))
    return items


def _plain_targets(norm: str) -> list[Stated]:
    """"…300人次，实际完成312人次": a count or rate before "实际完成" and one in the same unit after it."""
    found = []
    for achieved in ACHIEVED_RE.finditer(norm):
        window_start = max(0, achieved.start() - TARGET_REACH)
        target = TARGET_BEFORE_RE.search(norm, window_start, achieved.start())
        actual = ACTUAL_FIGURE_RE.match(norm, achieved.end())
        if target is None or actual is None or target.group("unit") in MONEY_UNITS:
            continue
        if not actual.group().endswith(target.group("unit")):
            continue
        found.append((target.start(), target.group("target"), actual.group(), actual.end()))
    return found


def _indicator_name(norm: str, target_start: int) -> tuple[int, str]:
    """Where the indicator a sentence states a target of is named, and its name: the clause before the target
    ("…户数目标值大于等于85户"), or the one before that where the target label opens its own clause
    ("困难重度残疾人家庭无障碍改造数，目标值大于等于85户")."""
    name_start = _clause_start(norm, target_start)
    name = _without_frame(norm[name_start:target_start])
    comma = name_start - 1
    if not name and comma >= 0 and norm[comma] in "，,":
        name_start = _clause_start(norm, comma)
        name = _without_frame(norm[name_start:comma])
    return name_start, name


def _without_frame(clause: str) -> str:
    """An indicator's name without the ordinal before it or the 年初/年度 of its target label."""
    return re.sub(r"(?:年初|年度)$", "", ORDINAL_RE.sub("", clause.strip()).strip()).strip()


def _clause_start(norm: str, position: int) -> int:
    """Where the clause holding ``position`` starts (after the last comma, colon or sentence end before it)."""
    before = list(NAME_START_RE.finditer(norm, max(0, position - 60), position))
    return before[-1].end() if before else max(0, position - 60)


def _prose_levels(source: Source, position: int) -> tuple[str | None, str | None]:
    """The level the paragraph names before ``position`` ("产出数量指标" → 产出指标, 数量指标); else the second level
    opening the line ("1.数量指标：") under the last first level a heading named ("（一）产出指标完成情况")."""
    line_start = source.norm.rfind("\n", 0, position) + 1
    levels = list(PROSE_LEVEL_RE.finditer(source.norm, line_start, position))
    if levels:
        level = levels[-1]
        level2 = level.group("level2")
        return level.group("level1") + "指标", (level2 + "指标") if level2 else None
    second = list(PROSE_LEVEL2_RE.finditer(source.norm, line_start, position))
    first = list(PROSE_LEVEL1_RE.finditer(source.norm, max(0, line_start - LEVEL_HEADING_REACH), position))
    if not second:
        # "1、数量指标" on a line of its own above the sentences, after the last first level named
        after = first[-1].end() if first else max(0, line_start - LEVEL_HEADING_REACH)
        second = [m for m in PROSE_LEVEL2_RE.finditer(source.norm, after, line_start) if _is_level_heading(source, m)]
    return (
        first[-1].group(1) + "指标" if first else None,
        second[-1].group(1) + "指标" if second else None,
    )


LEVEL_HEADING_RE = re.compile(
    r"^\s*(?:[（(]?[\d一二三四五六七八九十]+[)）.、．]?)?\s*[\u4e00-\u9fa5]{2,6}指标\s*[:：]?\s*$"
)


def _is_level_heading(source: Source, level: re.Match[str]) -> bool:
    """Whether a level's name is a line of its own ("1、数量指标", "（二）质量指标："), not a word in a sentence."""
    start = source.norm.rfind("\n", 0, level.start()) + 1
    end = source.norm.find("\n", level.end())
    return LEVEL_HEADING_RE.match(source.norm[start : len(source.norm) if end < 0 else end]) is not None


