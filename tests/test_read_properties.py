"""Any bytes under any supported name become a Document or a ReadError, quickly; never another exception."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.document import Document
from etl.errors import ReadError
from etl.read import read_document, unify_newlines
from tests.filemakers import make_docx, make_html, make_pdf, make_xls, make_xlsx, seed_text

SUFFIXES = [".txt", ".md", ".html", ".docx", ".doc", ".xlsx", ".xls", ".pdf"]
DOC = Path(__file__).parent / "fixtures" / "doc" / "breaks_fields_cells_pages.doc"
# 1 s per 100 KB is the budget the build can afford for a pathological file.
SECONDS_PER_100KB = 1.0
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _read_within_budget(folder: Path, data: bytes, suffix: str) -> Document | ReadError:
    path = folder / f"case{suffix}"
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        outcome: Document | ReadError = read_document(path)
    except ReadError as error:
        outcome = error
    elapsed = time.perf_counter() - started
    assert elapsed <= 0.2 + SECONDS_PER_100KB * len(data) / 100_000, f"{suffix}: {elapsed:.2f} s for {len(data)} B"
    return outcome


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@pytest.fixture(scope="module")
def valid_files(folder):
    """One real file per binary format, to be damaged by the tests below."""
    made = folder / "made"
    made.mkdir()
    return {
        ".docx": make_docx(made, [seed_text(0)[:400], [["指标", "得分"], ["产出", "28"]]]).read_bytes(),
        ".doc": DOC.read_bytes(),
        ".xlsx": make_xlsx(made, {"表": [["总分", 92.5], ["等级", "优"]]}).read_bytes(),
        ".xls": make_xls(made, {"表": [["总分", 92.5], ["等级", "优"]]}).read_bytes(),
        ".pdf": make_pdf(made, [["第一页：预算执行率为94.56%"], ["第二页"]], footer="- {page} -").read_bytes(),
        ".html": make_html(made, "<table><tr><td rowspan=2>产出</td><td>10</td></tr></table>").read_bytes(),
    }


@FAST
@given(data=st.binary(max_size=20_000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_give_document_or_read_error(folder, data, suffix):
    outcome = _read_within_budget(folder, data, suffix)
    assert isinstance(outcome, Document | ReadError)


@FAST
@given(
    suffix=st.sampled_from([".docx", ".doc", ".xlsx", ".xls", ".pdf", ".html"]),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(min_value=0.0, max_value=1.0), st.integers(0, 255)), max_size=8),
)
def test_damaged_real_files_give_document_or_read_error(folder, valid_files, suffix, cut, flips):
    data = bytearray(valid_files[suffix])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    outcome = _read_within_budget(folder, bytes(data[: max(1, int(len(data) * cut))]), suffix)
    assert isinstance(outcome, Document | ReadError)


PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\ufeff")


@FAST
@given(
    lines=st.lists(st.text(PRINTABLE, max_size=80), min_size=1, max_size=40),
    ending=st.sampled_from(["\n", "\r\n"]),
    suffix=st.sampled_from([".txt", ".md"]),
)
def test_utf8_text_reads_back_as_written(folder, lines, ending, suffix):
    text = ending.join(lines)
    outcome = _read_within_budget(folder, text.encode("utf-8"), suffix)
    if text.strip():
        assert isinstance(outcome, Document)
        assert outcome.text == unify_newlines(text)
    else:
        assert isinstance(outcome, ReadError)


TAGS = ["div", "p", "span", "table", "tr", "td", "th", "pre", "script", "nav", "article", "header", "ul", "li", "br"]
ATTRIBUTES = st.sampled_from(["", " rowspan=3", " colspan=2", " rowspan=0 colspan=99", " hidden", " class='nav'"])
TEXT = st.text(st.sampled_from("预算执行率94.56% \n\t<&>"), max_size=12)
HTML = st.recursive(
    TEXT,
    lambda inner: st.builds(
        lambda tag, attribute, children: f"<{tag}{attribute}>{''.join(children)}</{tag}>",
        st.sampled_from(TAGS),
        ATTRIBUTES,
        st.lists(inner, max_size=5),
    ),
    max_leaves=60,
)


@settings(FAST, max_examples=120)
@given(body=HTML)
def test_any_html_structure_reads(folder, body):
    outcome = _read_within_budget(folder, f"<html><body>{body}</body></html>".encode(), ".html")
    assert isinstance(outcome, Document | ReadError)
    if isinstance(outcome, Document):
        assert all(line and line == line.strip(" ") for line in outcome.text.split("\n"))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_hundred_kilobytes_of_junk_within_a_second(folder, suffix):
    junk = random.Random(suffix).randbytes(100_000)
    assert isinstance(_read_within_budget(folder, junk, suffix), ReadError)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_hundred_kilobytes_of_report_within_a_second(folder, suffix):
    text = (seed_text(2) * 4)[:50_000]  # about 100 KB of UTF-8
    data = text.encode() if suffix == ".txt" else f"<html><body><pre>{text}</pre></body></html>".encode()
    assert isinstance(_read_within_budget(folder, data, suffix), Document)
