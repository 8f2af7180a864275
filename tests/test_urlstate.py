"""URL state: links parse into filters validated against the warehouse's values and encode back unchanged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import urlstate
from queries import Filters
from urlstate import Choices, encode_query, parse_query

CHOICES = Choices(
    provinces=frozenset({"120000", "430000", "530000"}),
    units=frozenset({"120000", "430482", "430903", "530100", "n1a2b3c4d"}),
    years=(2022, 2024),
    report_keys=frozenset({"64e8d3f2adbc", "6a1d6034996d"}),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"p": "430000"}, Filters(provinces=("430000",))),
        ({"p": "430000,120000"}, Filters(provinces=("430000", "120000"))),
        ({"lv": "cnty,prov"}, Filters(levels=("county", "province"))),
        ({"u": "430482"}, Filters(units=("430482",))),
        ({"u": "n1a2b3c4d"}, Filters(units=("n1a2b3c4d",))),
        ({"y0": "2023"}, Filters(year_from=2023)),
        ({"y1": "2023"}, Filters(year_to=2023)),
        ({"y0": "2022", "y1": "2024"}, Filters()),  # the full range is no restriction
        ({"sc": "proj"}, Filters(scopes=("project",))),
        ({"ev": "ext,self"}, Filters(evaluations=("external", "self"))),
        ({"u": "430482,430482"}, Filters(units=("430482",))),
        ({}, Filters()),
    ],
)
def test_valid_link_parses_into_filters_without_notice(query: dict, expected: Filters) -> None:
    state = parse_query(query, CHOICES)
    assert (state.filters, state.notices) == (expected, [])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"p": "999999"}, Filters()),
        ({"p": "430000,xx"}, Filters(provinces=("430000",))),
        ({"lv": "province"}, Filters()),  # the warehouse word, not the URL code
        ({"u": "430482' OR '1'='1"}, Filters()),
        ({"u": ";DROP TABLE reports"}, Filters()),
        ({"y0": "20x3"}, Filters()),
        ({"y0": "1999"}, Filters()),
        ({"y0": "2024", "y1": "2022"}, Filters()),
        ({"sc": "department"}, Filters()),
        ({"ev": "<script>"}, Filters()),
        ({"u": ",".join(["430482"] * 51)}, Filters()),
        ({"u": "4" * 500}, Filters()),
        ({"unknown": "1"}, Filters()),
    ],
)
def test_bad_link_value_is_dropped_with_a_notice(query: dict, expected: Filters) -> None:
    state = parse_query(query, CHOICES)
    assert state.filters == expected
    assert len(state.notices) >= 1


@pytest.mark.parametrize(
    ("query", "report_key", "field"),
    [
        ({"r": "64e8d3f2adbc", "f": "budget_executed"}, "64e8d3f2adbc", "budget_executed"),
        ({"r": "64e8d3f2adbc", "f": "dimension_score:项目管理"}, "64e8d3f2adbc", "dimension_score:项目管理"),
        ({"r": "000000000000"}, None, None),
        ({"r": "../../etc/passwd"}, None, None),
        ({"r": "6A1D6034996D"}, None, None),
        ({"f": "x; DROP"}, None, None),
    ],
)
def test_report_and_field_must_exist_and_be_well_formed(query: dict, report_key: str | None, field: str | None) -> None:
    state = parse_query(query, CHOICES)
    assert (state.report_key, state.field_name) == (report_key, field)


@pytest.mark.parametrize(("version", "notices"), [("1", 0), ("", 0), ("2", 1), ("x" * 10, 1)])
def test_state_version_other_than_current_is_read_with_a_notice(version: str, notices: int) -> None:
    assert len(parse_query({"v": version, "u": "430482"}, CHOICES).notices) == notices


@pytest.mark.parametrize(("build", "kept"), [("20261123T113545Z-cae5", True), ("a b<c>", False)])
def test_link_build_id_is_kept_only_when_well_formed(build: str, kept: bool) -> None:
    assert (parse_query({"b": build}, CHOICES).link_build == build) is kept


def test_repeated_key_uses_the_last_value() -> None:
    assert parse_query({"u": ["430482", "530100"]}, CHOICES).filters == Filters(units=("530100",))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), {"v": "1", "b": "B1"}),
        (Filters(provinces=("430000",)), {"p": "430000", "v": "1", "b": "B1"}),
        (Filters(levels=("county", "prefecture")), {"lv": "cnty,pref", "v": "1", "b": "B1"}),
        (Filters(year_from=2023, year_to=2023), {"y0": "2023", "y1": "2023", "v": "1", "b": "B1"}),
        (Filters(scopes=("project",), evaluations=("external",)), {"sc": "proj", "ev": "ext", "v": "1", "b": "B1"}),
    ],
)
def test_filters_encode_as_short_ascii_codes(filters: Filters, expected: dict) -> None:
    assert encode_query(filters, "B1") == expected


def test_page_parameters_are_encoded_and_empty_ones_left_out() -> None:
    query = encode_query(Filters(units=("430482",)), None, {"r": "64e8d3f2adbc", "f": None})
    assert query == {"u": "430482", "r": "64e8d3f2adbc", "v": "1"}


filters_strategy = st.builds(
    Filters,
    provinces=st.lists(st.sampled_from(sorted(CHOICES.provinces)), unique=True, max_size=3).map(tuple),
    levels=st.lists(st.sampled_from(list(urlstate.LEVEL_CODES.values())), unique=True).map(tuple),
    units=st.lists(st.sampled_from(sorted(CHOICES.units)), unique=True, max_size=4).map(tuple),
    year_from=st.sampled_from([None, 2023]),
    year_to=st.sampled_from([None, 2023]),
    scopes=st.lists(st.sampled_from(list(urlstate.SCOPE_CODES.values())), unique=True).map(tuple),
    evaluations=st.lists(st.sampled_from(list(urlstate.EVALUATION_CODES.values())), unique=True).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(filters_strategy)
def test_encoded_filters_parse_back_to_the_same_filters(filters: Filters) -> None:
    state = parse_query(encode_query(filters, "B1"), CHOICES)
    assert (state.filters, state.notices, state.link_build) == (filters, [], "B1")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.text(max_size=300), max_size=6))
def test_any_query_string_parses_to_known_values_or_notices(query: dict) -> None:
    state = parse_query(query, CHOICES)
    assert set(state.filters.provinces) <= CHOICES.provinces
    assert set(state.filters.units) <= CHOICES.units
    assert state.report_key in CHOICES.report_keys | {None}
