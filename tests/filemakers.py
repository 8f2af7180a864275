"""Builders of real report files (txt, docx, xlsx, pdf, html) in a test's tmp_path, made with the real libraries."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def seed_paths() -> list[Path]:
    """The five sample reports."""
    return sorted(SEEDS.glob("*.txt"))


def seed_text(index: int = 0) -> str:
    """One sample report's text."""
    return seed_paths()[index].read_text(encoding="utf-8")


def make_text(folder: Path, text: str, encoding: str = "utf-8", name: str = "report.txt") -> Path:
    """A text file holding ``text`` in ``encoding`` (utf-8-sig and utf-16 write a BOM)."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def make_bytes(folder: Path, data: bytes, name: str) -> Path:
    """A file holding exactly ``data``."""
    path = folder / name
    path.write_bytes(data)
    return path
