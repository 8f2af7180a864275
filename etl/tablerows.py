"""Rows of one warehouse table held column by column: cheap to extend, to send back from a parse worker, and to
turn into the frames DuckDB inserts (a list of dicts costs a dict per row to build, to pickle and to infer)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl


@dataclass
class TableRows:
    """Columns of equal length by name; a row that lacks a column has None there, a new column is None before."""

    columns: dict[str, list[Any]] = field(default_factory=dict)
    length: int = 0

    @classmethod
    def of(cls, rows: Iterable[Mapping[str, Any]]) -> TableRows:
        """The rows of a list of dicts."""
        listed = list(rows)
        names = listed[0].keys() if listed else {}.keys()
        if all(row.keys() == names for row in listed):  # rows of one builder: a column at a time
            return cls({name: [row[name] for row in listed] for name in names}, len(listed))
        table = cls()
        table.extend(listed)
        return table

    def append(self, row: Mapping[str, Any]) -> None:
        """Add one row given as a dict."""
        if row.keys() != self.columns.keys():
            self._add_columns(row.keys())
        for name, values in self.columns.items():
            values.append(row.get(name))
        self.length += 1

    def extend(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Add rows given as dicts."""
        for row in rows:
            self.append(row)

    def extend_table(self, other: TableRows) -> None:
        """Add every row of another TableRows (a parse worker's rows of one report)."""
        if other.columns.keys() != self.columns.keys():
            self._add_columns(other.columns.keys())
        for name, values in self.columns.items():
            values.extend(other.columns.get(name) or [None] * other.length)
        self.length += other.length

    def set_column(self, name: str, value: Any) -> None:
        """Set one column of every row to ``value``."""
        self.columns[name] = [value] * self.length

    def frames(self, chunk_rows: int) -> Iterator[pl.DataFrame]:
        """The rows as polars frames of at most ``chunk_rows`` rows (mixed int and float columns become float)."""
        import polars as pl  # imported when first needed: a rebuild that writes few rows never needs it (0.2 s)

        for start in range(0, self.length, chunk_rows):
            chunk = {name: values[start : start + chunk_rows] for name, values in self.columns.items()}
            yield pl.DataFrame(chunk, strict=False)

    def column_lists(self) -> list[list[Any]]:
        """Every column's values, in column order (to bind as one list parameter per column)."""
        return list(self.columns.values())

    def _add_columns(self, names: Iterable[str]) -> None:
        for name in names:
            if name not in self.columns:
                self.columns[name] = [None] * self.length

    def __len__(self) -> int:
        return self.length

    def __bool__(self) -> bool:
        return self.length > 0
