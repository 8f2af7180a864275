"""Reports in other layouts and formats than the samples parse to their expected records.

Web page, pipe tables, one cell per line, PDF text, GB18030, 元 and 亿元, figures of one part of the money beside the
whole's: each file in tests/fixtures/reports parses to its .expected.json (and, where it lists "checks", raises
exactly those findings). Adding a case is adding a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from etl.parse import parse_document, parse_file
from etl.record import Report

CASES = sorted(p for p in (Path(__file__).parent / "fixtures" / "reports").iterdir() if ".expected" not in p.name)
LIST_FIELDS = ("dimension_scores", "spending_items", "indicator_rows", "checks")


def expected_for(case: Path) -> dict:
    """The expected record of a case file."""
    return json.loads(case.with_name(case.stem + ".expected.json").read_text(encoding="utf-8"))


def close(actual: object, expected: object) -> bool:
    """Numbers within 0.005, everything else equal."""
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(actual, int | float) and abs(float(actual) - float(expected)) <= 0.005
    return actual == expected


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_report_parses_to_expected_record(case: Path) -> None:
    expected = expected_for(case)
    report = parse_file(case)
    wrong = {
        name: (report.value(name), want)
        for name, want in expected.items()
        if name not in LIST_FIELDS and not close(report.value(name), want)
    }
    assert wrong == {}
    dims = [(d.name, d.max, d.score) for d in report.dimension_scores]
    want_dims = [(d["name"], d["max"], d["score"]) for d in expected["dimension_scores"]]
    assert len(dims) == len(want_dims) and all(map(close, dims, want_dims)), dims
    items = [(i.name, i.budget, i.amount) for i in report.spending_items if i.kind == "project"]
    want_items = [(i["name"], i.get("budget"), i["amount"]) for i in expected["spending_items"]]
    assert len(items) == len(want_items) and all(map(close, items, want_items)), items
    if expected["indicator_rows"] is not None:
        assert len(report.indicators) == expected["indicator_rows"]


@pytest.mark.parametrize("case", [c for c in CASES if "checks" in expected_for(c)], ids=lambda p: p.name)
def test_report_raises_the_expected_findings(case: Path) -> None:
    """Where a case lists its findings, the checks raise exactly those: no part of a figure taken for the whole."""
    from etl.read import read_document
    from etl.validate import run_checks

    findings = run_checks(parse_file(case), read_document(case).text)
    assert sorted(f.check_id for f in findings) == sorted(expected_for(case)["checks"]), [f.message for f in findings]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_evidence_of_every_fact_is_the_text_as_read(case: Path) -> None:
    from etl.read import read_document

    text = read_document(case).text
    for fact in parse_file(case).facts.values():
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.snippet


SCORING_CASE = Path(__file__).parent / "fixtures" / "reports" / "linli_department_scoring_table.txt"
SCORING_CAPTION = "附件：部门整体支出绩效评价指标评分表"


def _scoring_case_parts() -> tuple[list[str], list[list[str]]]:
    """The scoring-table case as prose lines and table rows (blank cells as "")."""
    head, table = SCORING_CASE.read_text(encoding="utf-8").split(SCORING_CAPTION + "\n")
    rows = [line.split("\t") for line in table.strip().split("\n")]
    width = max(len(row) for row in rows)
    return [line for line in head.split("\n") if line.strip()], [row + [""] * (width - len(row)) for row in rows]


def _docx_with_merged_levels(folder: Path, prose: list[str], rows: list[list[str]]) -> Path:
    """The table in Word, each level's cell merged down over the rows under it, as the template has it."""
    from tests.filemakers import make_docx_with

    def build(document: Any) -> None:
        for line in [*prose, SCORING_CAPTION]:
            document.add_paragraph(line)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                table.cell(i, j).text = value
        for column in (0, 1):
            top = None
            for i, row in enumerate(rows[1:-1], start=1):
                if row[column]:
                    top = i
                elif top is not None:
                    table.cell(top, column).merge(table.cell(i, column))

    return make_docx_with(folder, build)


def _html_with_row_spans(folder: Path, prose: list[str], rows: list[list[str]]) -> Path:
    """The table in a web page, each level's cell spanning the rows under it (rowspan)."""
    from tests.filemakers import make_html

    def spans(column: int, index: int) -> int:
        below = [row[column] for row in rows[index + 1 : -1]]
        return 1 + next((i for i, value in enumerate(below) if value), len(below))

    lines = []
    for index, row in enumerate(rows):
        cells = []
        for column, value in enumerate(row):
            if column < 2 and 0 < index < len(rows) - 1:
                if value:
                    cells.append(f'<td rowspan="{spans(column, index)}">{value}</td>')
                continue
            cells.append(f"<td>{value}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    paragraphs = "".join(f"<p>{line}</p>" for line in [*prose, SCORING_CAPTION])
    return make_html(folder, paragraphs + "<table>" + "".join(lines) + "</table>")


@pytest.mark.parametrize("kind", ["docx", "doc", "xlsx", "xls", "pdf", "html"])
def test_scoring_table_reads_alike_from_word_excel_pdf_and_a_web_page(kind: str, tmp_path: Path) -> None:
    from tests.filemakers import make_pdf_table, make_xls, make_xlsx

    prose, rows = _scoring_case_parts()
    if kind == "docx":
        path = _docx_with_merged_levels(tmp_path, prose, rows)
    elif kind == "doc":  # that .docx as Word 97–2003 saves it (tests/fixtures/doc/README.md)
        path = Path(__file__).parent / "fixtures" / "doc" / "scoring_table_merged_levels.doc"
    elif kind == "html":
        path = _html_with_row_spans(tmp_path, prose, rows)
    elif kind in ("xlsx", "xls"):
        make = make_xlsx if kind == "xlsx" else make_xls
        path = make(tmp_path, {"自评表": [[line] for line in [*prose, SCORING_CAPTION]] + rows})
    else:
        path = make_pdf_table(tmp_path, "\n".join([*prose, SCORING_CAPTION]), rows)
    report, expected = parse_file(path), expected_for(SCORING_CASE)
    dims = [(d.name, d.max, d.score) for d in report.dimension_scores]
    assert dims == [(d["name"], d["max"], d["score"]) for d in expected["dimension_scores"]]
    assert (len(report.indicators), report.value("score_total")) == (19, 92.5)
    assert report.indicators[5].level2 == "预算执行" and report.indicators[5].score == 3.88


# Common characters as some office suites' PDFs draw them: Kangxi radicals (U+2F00…) and simplified radicals
# (U+2E80…) that look like the character and keep their own code point in the text layer.
RADICAL_GLYPHS = str.maketrans("人一支行用工金入门长", "⼈⼀⽀⾏⽤⼯⾦⼊⻔⻓")


@pytest.mark.parametrize("case", [c for c in CASES if c.suffix == ".txt"], ids=lambda p: p.name)
def test_a_text_layer_of_radical_glyphs_reads_as_the_characters_they_draw(case: Path) -> None:
    from etl.document import Document
    from etl.read import read_document
    from etl.record import SCALAR_FIELDS
    from etl.validate import run_checks

    plain = read_document(case)
    glyphs = Document(plain.path, plain.format, plain.text.translate(RADICAL_GLYPHS), plain.lines, plain.encoding)
    assert glyphs.text != plain.text
    expected, report = parse_file(case), parse_document(glyphs)

    def fields(of: Report) -> dict:
        return {name: of.value(name) for name in SCALAR_FIELDS}

    # problems and measures too: their evidence quotes the glyphs, their text reads (and is found) as 人, 门, 支
    assert fields(report) == fields(expected)
    assert [(i.level1, i.level2, i.level3, i.score) for i in report.indicators] == [
        (i.level1, i.level2, i.level3, i.score) for i in expected.indicators
    ]
    assert sorted(f.check_id for f in run_checks(report, glyphs.text)) == sorted(
        f.check_id for f in run_checks(expected, plain.text)
    )


# Files that are one national 自评表 and nothing else, with tab- or space-separated cells.
SINGLE_FORM_CASES = [
    c
    for c in CASES
    if c.stem
    in (
        "guichi_project_form_level_lines_spaces",
        "pingjiang_department_form_by_nature",
        "renshou_project_form_text_layer_spaces",
        "zhongyang_national_federation_project_form",
    )
]


@pytest.mark.parametrize("case", SINGLE_FORM_CASES, ids=lambda p: p.name)
def test_a_form_flattened_onto_one_line_reads_as_the_form(case: Path) -> None:
    """Some sites' text copies put every cell of a 自评表 on one line, separated by single spaces."""
    from etl.document import Document
    from etl.record import SCALAR_FIELDS

    cells = case.read_text(encoding="utf-8").split()
    report, expected = parse_document(Document.from_pages(str(case), "txt", [" ".join(cells)])), parse_file(case)
    assert [report.value(name) for name in SCALAR_FIELDS] == [expected.value(name) for name in SCALAR_FIELDS]
    assert [(d.name, d.max, d.score) for d in report.dimension_scores] == [
        (d.name, d.max, d.score) for d in expected.dimension_scores
    ]
    assert [(i.level1, i.level2, i.level3, i.target.text, i.actual.text, i.score) for i in report.indicators] == [
        (i.level1, i.level2, i.level3, i.target.text, i.actual.text, i.score) for i in expected.indicators
    ]
