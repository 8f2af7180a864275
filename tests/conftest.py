"""Shared fixtures: a warehouse built from the seeds by the product's own build, and a tiny stand-in parser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import etl.parse
from etl.build import BuildOptions, BuildSummary, build_warehouse
from etl.document import Document
from etl.record import MONEY_FIELDS, DimensionScore, Evidence, Fact, IndicatorRow, Quantity, Report, SpendingItem

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
NUMERIC_FIELDS = MONEY_FIELDS | {"execution_rate_pct", "score_total", "score_max", "fiscal_year"}


def build(
    directory: Path, database: Path, corrections: Path | None = None, *, full: bool = False, workers: int = 1
) -> BuildSummary:
    """Run the product's build on ``directory`` into ``database`` (corrections default to DIR/corrections.csv)."""
    corrections = corrections if corrections is not None else directory / "corrections.csv"
    return build_warehouse(BuildOptions(directory, database, corrections, full, workers))


def copy_seeds(directory: Path) -> list[Path]:
    """The five sample reports copied into ``directory``/reports."""
    target = directory / "reports"
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(seed, target / seed.name)) for seed in sorted(SEEDS.iterdir())]


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a .duckdb warehouse built from tests/fixtures/seeds with the real reader, parser and checks."""
    root = tmp_path_factory.mktemp("sample_warehouse")
    copy_seeds(root / "data")
    database = root / "warehouse.duckdb"
    build(root / "data", database)
    return database


# --- A stand-in parser for build mechanics: "field=value" lines, so tests control every value --------------


def _number(text: str) -> float | int:
    return int(text) if text.lstrip("-").isdigit() else float(text)


def _optional_number(text: str) -> float | None:
    return float(text) if text else None


def _line_report(document: Document) -> Report:
    """Parse the stand-in format: scalar ``field=value``, ``item=name|budget|amount``, ``dim=name|max|score``,
    ``ind=level3|target|unit|comparator|actual|points|score``, ``alt=field=value``; evidence is the value's span."""
    report = Report()
    offset = 0
    for line in document.text.split("\n"):
        key, _, value = line.partition("=")
        start = offset + len(key) + 1
        evidence = Evidence(start, start + len(value), value)
        offset += len(line) + 1
        if not value:
            continue
        if key == "item":
            name, budget, amount = value.split("|")
            report.spending_items.append(
                SpendingItem(name, _optional_number(budget), _optional_number(amount), evidence)
            )
        elif key == "dim":
            name, maximum, score = value.split("|")
            report.dimension_scores.append(DimensionScore(name, None, float(maximum), float(score), evidence))
        elif key == "ind":
            level3, target, unit, comparator, actual, points, score = value.split("|")
            report.indicators.append(
                IndicatorRow(
                    None,
                    None,
                    None,
                    level3,
                    Quantity(target + unit, _optional_number(target), unit or None, comparator or None),  # type: ignore[arg-type]
                    Quantity(actual + unit, _optional_number(actual), unit or None),
                    _optional_number(points),
                    _optional_number(score),
                    None,
                    evidence,
                )
            )
        elif key == "alt":
            field_name, _, alternative = value.partition("=")
            report.alternatives.append(Fact(field_name, _number(alternative), evidence))
        elif key:
            report.facts[key] = Fact(key, _number(value) if key in NUMERIC_FIELDS else value, evidence)
    return report


@pytest.fixture
def line_parser(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Replace the parser by the stand-in format; the returned dict counts calls under "calls"."""
    counter = {"calls": 0}

    def parse_with_parts(document: Document) -> tuple[Report, list[Document]]:
        counter["calls"] += 1
        return _line_report(document), []

    monkeypatch.setattr(etl.parse, "parse_with_parts", parse_with_parts)
    return counter


def write_report(directory: Path, name: str, **fields: object) -> Path:
    """A stand-in report file: one ``field=value`` line per keyword (lists become repeated lines)."""
    lines = []
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            lines.append(f"{key}={item}")
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
