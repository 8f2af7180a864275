"""The `python -m etl parse --json` contract: one JSON object per file and line, exit 0 only when all parsed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


def run_parse(*paths: str) -> subprocess.CompletedProcess[str]:
    """Run the parse command as an outside evaluator would."""
    return subprocess.run(
        [sys.executable, "-m", "etl", "parse", "--json", *paths],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        timeout=120,
        check=False,
    )


def test_parse_prints_one_record_per_file_with_gold_field_names() -> None:
    result = run_parse(*map(str, SEEDS))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == list(map(str, SEEDS))
    tianjin = lines[4]["record"]
    assert tianjin["unit_name"] == "天津市残疾人联合会"
    assert tianjin["execution_rate_pct"] == 94.56
    assert tianjin["indicator_rows"] == 79
    assert tianjin["evidence"]["execution_rate_pct"] == "94.56%"
    assert {
        k: v for k, v in tianjin["dimension_scores"][0].items() if k in ("name", "max", "score")
    } == {"name": "预算执行", "max": 10.0, "score": 9.46}


def test_a_file_that_fails_is_an_error_line_and_a_nonzero_exit(tmp_path: Path) -> None:
    menu = tmp_path / "菜单 (1).txt"
    menu.write_text("今日菜单：红烧肉。", encoding="utf-8")
    old_word = tmp_path / "report.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = run_parse(str(SEEDS[0]), str(menu), str(old_word))
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert "record" in lines[0]
    assert lines[1] == {"file": str(menu), "error": lines[1]["error"]} and "不是预算绩效报告" in lines[1]["error"]
    assert ".docx" in lines[2]["error"]
