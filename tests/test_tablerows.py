"""TableRows: rows held column by column keep every value in its row, whatever columns each row has."""

from __future__ import annotations

import polars as pl

from etl.tablerows import TableRows


def test_rows_of_one_shape_become_columns() -> None:
    table = TableRows.of([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}])
    assert table.columns == {"a": [1, 2], "b": ["x", "y"]} and len(table) == 2


def test_missing_and_new_columns_are_none_in_the_other_rows() -> None:
    table = TableRows.of([{"a": 1}, {"b": 2}])
    table.append({"a": 3, "c": True})
    assert table.columns == {"a": [1, None, 3], "b": [None, 2, None], "c": [None, None, True]}


def test_extending_by_another_table_and_setting_a_column() -> None:
    table = TableRows.of([{"key": "k1", "flag": False}])
    other = TableRows.of([{"key": "k2", "flag": False, "note": "n"}])
    other.set_column("flag", True)
    table.extend_table(other)
    table.extend_table(TableRows())
    assert table.columns == {"key": ["k1", "k2"], "flag": [False, True], "note": [None, "n"]}
    assert not TableRows() and table


def test_frames_come_in_chunks_and_mixed_numbers_become_float() -> None:
    table = TableRows.of([{"v": 1, "w": ["a"]}, {"v": 2.5, "w": []}, {"v": None, "w": None}])
    frames = list(table.frames(2))
    assert [frame.height for frame in frames] == [2, 1]
    assert frames[0].schema == pl.Schema({"v": pl.Float64, "w": pl.List(pl.String)})
    assert pl.concat(frames)["v"].to_list() == [1.0, 2.5, None]
