"""Generate a corpus: plan every report's facts and file name, then render files (in worker processes)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from etl.synth.layouts import LAYOUTS
from etl.synth.model import Config, ReportFacts, make_facts
from etl.synth.render import EXTENSIONS, cjk_font, render
from etl.synth.truth import truth_record


def file_stem(facts: ReportFacts, rng: random.Random) -> str:
    """A realistic file name (without extension): Chinese, sometimes with 附件 numbers, spaces or brackets."""
    year, unit, short = facts.fiscal_year, facts.unit_name, facts.unit_short
    project = facts.project_name or ""
    by_layout = {
        "prose_department": (
            f"{short}{year}年度部门整体支出绩效自评报告",
            f"{year}年度{unit}整体支出绩效自评报告",
            f"附件{rng.randint(1, 5)} {short}{year}年部门整体支出绩效评价报告",
        ),
        "project_report": (
            f"{year}年{project}支出绩效自评报告（{short}）",
            f"{unit}{year}年度{project}绩效{'评价' if facts.evaluation_type == 'external' else '自评'}报告",
            f"{year}年 {project} 绩效报告",
        ),
        "overview_attachment": (
            f"{facts.place.name}{year}年部分重大政策和重点项目绩效执行结果",
            f"关于{year}年度重点项目绩效评价结果的公示 {facts.index}",
        ),
        "selfeval_table": (
            f"{unit}{year}年度{'整体' if facts.report_scope == 'department' else '项目'}支出绩效自评表",
            f"附表{rng.randint(1, 9)}：{year}年{project or short}绩效自评表",
        ),
    }
    stem = rng.choice(by_layout[facts.layout])
    if rng.random() < 0.08:
        stem += rng.choice(("（定稿）", "(公开版)", " 终稿", "-盖章版"))
    return stem.replace("/", "／")


def plan(config: Config) -> list[tuple[ReportFacts, str]]:
    """Every report's facts and its unique file name, in index order."""
    planned: list[tuple[ReportFacts, str]] = []
    used: set[str] = set()
    for index in range(config.reports):
        facts = make_facts(config, index)
        rng = random.Random(f"{config.seed}:{index}:name")
        stem, extension = file_stem(facts, rng), EXTENSIONS[facts.fmt]
        name, copy = f"{stem}.{extension}", 2
        while name.lower() in used:
            name, copy = f"{stem}（{copy}）.{extension}", copy + 1
        used.add(name.lower())
        planned.append((facts, name))
    return planned


def render_report(config: Config, facts: ReportFacts, name: str, out_dir: Path) -> dict:
    """Write one report and its truth file; return the truth record."""
    rng = random.Random(f"{config.seed}:{facts.index}:render")
    doc = LAYOUTS[facts.layout](rng, facts)
    data = render(doc, facts.fmt, facts.style, rng, facts.unit_name, facts.place.adcode, facts.fiscal_year)
    path = out_dir / name
    path.write_bytes(data)
    record = truth_record(facts, name, doc.written)
    truth_path = out_dir / f"{name}.truth.json"
    truth_path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return record


def _render_chunk(args: tuple[Config, list[tuple[ReportFacts, str]], str]) -> int:
    config, chunk, out_dir = args
    for facts, name in chunk:
        render_report(config, facts, name, Path(out_dir))
    return len(chunk)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def generate(config: Config, out_dir: str | Path, workers: int = 1, progress: bool = False) -> int:
    """Write ``config.reports`` reports with truth files into ``out_dir``; return how many were written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    planned = plan(config)
    if any(facts.fmt == "pdf" for facts, _ in planned):
        cjk_font()  # build the font subset once, before the workers need it
    jobs = [(config, chunk, str(out)) for chunk in _chunks(planned, 50)]
    bar = _progress(len(planned), progress)
    if workers <= 1:
        for job in jobs:
            bar.update(_render_chunk(job))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for done in pool.map(_render_chunk, jobs):
                bar.update(done)
    bar.close()
    return len(planned)


def _progress(total: int, enabled: bool) -> object:
    from tqdm import tqdm

    return tqdm(total=total, disable=not enabled, unit="份", desc="生成报告")
