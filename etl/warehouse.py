"""Where the warehouse and the reports live, and the one way to open the live warehouse for reading."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

DATA_DIR_ENV = "CANLIAN_DATA_DIR"
WAREHOUSE_ENV = "CANLIAN_WAREHOUSE"
DEFAULT_DATA_DIR = "data"
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
CORRECTIONS_FILE_NAME = "corrections.csv"
# A build writes "<live name>.build-<pid>-<random>.tmp" beside the live file, then swaps it in.
TEMP_MARKER = ".build-"


def data_dir() -> Path:
    """The folder of reports: $CANLIAN_DATA_DIR, else data/."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def warehouse_path() -> Path:
    """The live warehouse file: $CANLIAN_WAREHOUSE, else data/warehouse.duckdb."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)


def corrections_path(directory: Path | str) -> Path:
    """The analysts' corrections file of a data folder."""
    return Path(directory) / CORRECTIONS_FILE_NAME


# A file that holds several reports (a workbook of projects' 自评表) is stored as one document per report: the file's
# path for the first, "path#2", "path#3"… for the others. A scanned path always ends in its suffix, never in #n.
_PART_SUFFIX = re.compile(r"#\d+$")


def part_path(path: str, number: int) -> str:
    """The stored path of a file's ``number``-th report (2, 3…)."""
    return f"{path}#{number}"


def file_of(stored_path: str) -> str:
    """The file a stored path names: itself, or the file of a part ("x.xlsx#2" → "x.xlsx")."""
    return _PART_SUFFIX.sub("", stored_path)


def is_warehouse_name(name: str, live: Path) -> bool:
    """Whether a file name is the live warehouse's, one of its temporary/WAL files' or any DuckDB file's."""
    return name == live.name or name.startswith(live.name + ".") or name.endswith((".duckdb", ".wal"))


def open_read_only(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live warehouse; close it soon (the build swaps the file at any moment).

    Raises FileNotFoundError when no warehouse has been built yet, instead of letting DuckDB create one.
    """
    target = Path(path) if path is not None else warehouse_path()
    if not target.is_file():
        raise FileNotFoundError(f"数据仓库文件不存在：{target}（请先运行 python -m etl build）")
    return duckdb.connect(str(target), read_only=True)
