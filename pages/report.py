"""报告详情: one report's identity, every extracted value with its evidence marked in the full text (as plain
text, never HTML), its check findings, and a download of the original file."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so the page also runs on its own

import polars as pl
import streamlit as st

import charts
import queries
import ui
import urlstate
from etl.record import MONEY_FIELDS

FIELD_LABELS = {
    "unit_name": "单位名称",
    "province": "省份",
    "prefecture": "地市",
    "county": "区县",
    "admin_level": "行政级别",
    "admin_code": "行政区划代码",
    "fiscal_year": "年度",
    "report_scope": "报告范围",
    "evaluation_type": "评价类型",
    "project_name": "项目名称",
    "budget_initial": "年初预算（万元）",
    "budget_adjusted": "调整后预算（万元）",
    "budget_executed": "执行数（万元）",
    "execution_rate_pct": "预算执行率（%）",
    "income_total": "收入合计（万元）",
    "income_fiscal": "财政拨款收入（万元）",
    "income_gov_fund": "政府性基金（万元）",
    "income_other": "其他收入（万元）",
    "spend_total": "支出合计（万元）",
    "spend_basic": "基本支出（万元）",
    "spend_project": "项目支出（万元）",
    "score_total": "总分",
    "score_max": "满分",
    "grade": "等级",
    "problems": "存在的问题",
    "measures": "改进措施",
}
# Codes stored in the warehouse, in the words the filters use for them.
CODE_LABELS = {**urlstate.EVALUATION_LABELS, **urlstate.SCOPE_LABELS, **urlstate.LEVEL_LABELS}
SOURCE_LABELS = {"parsed": "解析", "corrected": "人工更正"}
METHOD_LABELS = {"exact": "原文", "normalised": "规范化", "derived": "推算", "corrected": "人工更正"}
CONTEXT_CHARS = 160


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each non-overlapping span wrapped in 【】 (plain text, so nothing in it can render)."""
    out, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor or not 0 <= start < end <= len(text):
            continue
        out += [text[cursor:start], "【", text[start:end], "】"]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def around(text: str, start: int | None, end: int | None) -> str:
    """The span marked with 【】 inside the text around it."""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return "（没有原文位置）"
    left, right = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    return (
        ("…" if left else "")
        + marked(text[left:right], [(start - left, end - left)])
        + ("…" if right < len(text) else "")
    )


def shown_value(fact: dict) -> str:
    """A value as the dashboard shows it: money in 万元 with separators, rates in %, codes in words."""
    field, number, text = fact["field"], fact["value_num"], fact["value_text"]
    if number is not None and field in MONEY_FIELDS:
        return charts.fmt_wan(number)
    if number is not None and field.endswith("_pct"):
        return charts.fmt_pct(number)
    if number is not None and field.startswith(("score", "dimension_score", "dimension_max")):
        return charts.fmt_score(number)
    return CODE_LABELS.get(text, text) if text is not None else ""


def choose_report(context: ui.Context) -> str | None:
    """The report named in the link, else the one picked from the filtered list."""
    listed = queries.reports(context.filters)
    keys = listed["report_key"].to_list()
    labels = {
        k: f"{charts.unit_year(u, y)} · {p or ('部门整体' if s == 'department' else '项目')} · {f}"
        for k, u, y, p, s, f in listed.select(
            "report_key", "unit_name", "fiscal_year", "project_name", "report_scope", "file_name"
        ).iter_rows()
    }
    wanted = context.url.report_key
    if wanted and wanted not in keys:
        row = queries.report(wanted)
        keys.insert(0, wanted)
        labels[wanted] = charts.unit_year(row["unit_name"][0], row["fiscal_year"][0]) + "（不在当前筛选内）"
    if not keys:
        ui.no_data("报告")
        return None
    # A unit with a single report (a common drill-through) opens it directly.
    index = keys.index(wanted) if wanted in keys else (0 if len(keys) == 1 else None)
    picked = st.selectbox("报告", keys, index=index, format_func=lambda k: labels[k], placeholder="选择一份报告")
    ui.set_page_param("r", picked)
    if picked != wanted:
        ui.set_page_param("f", None)
    if picked is None:
        report_list(context, listed)
    return picked


def report_list(context: ui.Context, listed: pl.DataFrame) -> None:
    """The filtered reports with a link to each, while none is chosen."""
    st.caption(f"当前筛选下共 {listed.height} 份报告，选择一份查看详情：")
    shown = charts.shown_table(
        listed,
        [
            ("unit_name", "单位", "text"),
            ("fiscal_year", "年度", "int"),
            ("project_name", "项目名称", "text"),
            ("execution_rate_best_pct", "执行率", "pct"),
            ("score_total", "总分", "score"),
            ("n_findings", "核查发现", "int"),
            ("file_name", "文件", "text"),
        ],
    )
    links = [ui.page_url(context, "report", r=key) for key in listed["report_key"].to_list()]
    ui.table(context, shown, "报告清单", "report_list", links={"详情": links})


def identity(row: dict) -> None:
    """Who, when, what kind of report, and the headline figures."""
    columns = st.columns(4)
    columns[0].metric("单位", charts.short_unit(row["unit_name"]))
    columns[1].metric("年度", charts.fmt_int(row["fiscal_year"]) or "—")
    columns[2].metric("执行率", charts.fmt_pct(row["execution_rate_best_pct"]) or "—")
    columns[3].metric("总分", charts.fmt_score(row["score_total"]) or "—", help=row["grade"] and f"等级 {row['grade']}")
    scope = "部门整体支出" if row["report_scope"] == "department" else "项目支出"
    evaluation = "外部评价" if row["evaluation_type"] == "external" else "自评"
    place = " ".join(p for p in (row["province"], row["prefecture"], row["county"]) if p)
    place = place or CODE_LABELS.get(row.get("admin_level") or "", "")  # 中国残联 has no division above it
    st.text(
        f"{row['unit_name'] or '（未识别单位）'} · {place} · 区划代码 {row['admin_code'] or '—'}\n"
        f"{scope} · {evaluation}"
        + (f" · 项目：{row['project_name']}" if row["project_name"] else "")
        + f"\n文件：{row['file_name']}（报告编号 {row['report_key']}）"
    )
    for warning in row.get("warnings") or []:
        st.caption(charts.plain(f"解析提示：{warning}"))


def fact_rows(key: str) -> list[dict]:
    """The scalar values: field name as reference, label, value as shown, method, source and evidence."""
    return [
        {
            "ref": fact["field"],
            "label": FIELD_LABELS.get(fact["field"], fact["field"]),
            "value": shown_value(fact),
            "method": METHOD_LABELS.get(fact["method"], fact["method"] or ""),
            "source": SOURCE_LABELS.get(fact["source"], fact["source"] or ""),
            "reason": fact["correction_reason"] or "",
            "snippet": fact["snippet"] or "",
            "start": fact["start_offset"],
            "end": fact["end_offset"],
        }
        for fact in queries.report_facts(key).iter_rows(named=True)
    ]


def _row(ref: str, label: str, value: str, snippet: str | None, start: int | None, end: int | None) -> dict:
    method = "原文" if start is not None else ""
    return {
        "ref": ref,
        "label": label,
        "value": value,
        "method": method,
        "source": "解析",
        "reason": "",
        "snippet": snippet or "",
        "start": start,
        "end": end,
    }


def table_rows(key: str) -> list[dict]:
    """Dimension scores, spending lines and indicator rows, referenced as the checks name them."""
    rows = [
        _row(
            f"dimension_score:{d['raw_name']}",
            f"维度：{d['raw_name']}（{d['canonical'] or '未映射'}）",
            f"{charts.fmt_score(d['score'])} / {charts.fmt_score(d['max_points'])}",
            d["snippet"],
            d["start_offset"],
            d["end_offset"],
        )
        for d in queries.report_dimension_scores(key).iter_rows(named=True)
    ]
    rows += [
        _row(
            f"spending_item:{index}",
            f"支出（{s['category']}）：{s['name']}",
            f"{charts.fmt_wan(s['amount_wan'])} 万元"
            + (f"（预算 {charts.fmt_wan(s['budget_wan'])}）" if s["budget_wan"] is not None else ""),
            s["snippet"],
            s["start_offset"],
            s["end_offset"],
        )
        for index, s in enumerate(queries.report_spending_items(key).iter_rows(named=True), start=1)
    ]
    rows += [
        _row(
            f"indicator:{i['level3']}",
            f"指标 {i['row_no']}：{i['level3']}",
            f"目标 {i['target_text'] or '—'} · 实际 {i['actual_text'] or '—'} · "
            + (charts.fmt_bool(i["met"]) or "无法比较"),
            i["snippet"],
            i["start_offset"],
            i["end_offset"],
        )
        for i in queries.report_indicators(key).iter_rows(named=True)
    ]
    return rows


def unique_refs(rows: list[dict]) -> list[dict]:
    """Make references unique (an indicator name can repeat); the first keeps the name a check links to."""
    seen: dict[str, int] = {}
    for row in rows:
        count = seen.get(row["ref"], 0)
        seen[row["ref"]] = count + 1
        if count:
            row["ref"] = f"{row['ref']}#{count + 1}"
    return rows


def values_with_evidence(context: ui.Context, key: str, text: str) -> None:
    """Every extracted value, and the sentence the chosen one came from, marked in the text."""
    rows = unique_refs(fact_rows(key) + table_rows(key))
    if not rows:
        ui.no_data("提取的数值")
        return
    values = pl.DataFrame(rows, schema_overrides={"start": pl.Int64, "end": pl.Int64}, infer_schema_length=None)
    columns = [
        ("label", "字段", "text"),
        ("value", "取值", "text"),
        ("method", "方式", "text"),
        ("snippet", "原文", "text"),
        ("source", "来源", "text"),
        ("reason", "更正原因", "text"),
    ]
    ui.table(context, charts.shown_table(values, columns), "报告取值及出处", f"values_{key}")
    refs = values["ref"].to_list()
    labels = dict(zip(refs, values["label"].to_list(), strict=True))
    wanted = context.url.field_name
    # No widget key: the index follows the link's field, so a drill-through to another value selects it.
    chosen = st.selectbox(
        "查看取值在原文中的位置",
        refs,
        index=refs.index(wanted) if wanted in refs else 0,
        format_func=lambda ref: labels[ref],
    )
    ui.set_page_param("f", chosen)
    row = values.row(refs.index(chosen), named=True)
    st.caption(charts.plain(f"{row['label']} = {row['value']}（{row['method'] or '无原文位置'}），") + "【】内为出处：")
    # Report text is shown with st.text (see ui.snippet): never parsed, and no code highlighter to load.
    with st.container(border=True):
        st.text(around(text, row["start"], row["end"]))
    with st.expander("全文（【】标出所有取值的出处）"):
        spans = [(s, e) for s, e in values.select("start", "end").iter_rows() if s is not None and e is not None]
        st.text(marked(text, spans))


def findings(key: str, text: str) -> None:
    """The report's check findings with both places quoted."""
    rows = queries.report_checks(key)
    if rows.is_empty():
        st.caption("这份报告没有核查发现。")
        return
    for row in rows.iter_rows(named=True):
        severity = charts.SEVERITY_LABELS.get(row["severity"], row["severity"])
        check = charts.CHECK_LABELS.get(row["check_id"], row["check_id"])
        with st.expander(charts.plain(f"{severity} · {check} · {row['message']}"[:120]), expanded=True):
            left, right = st.columns(2)
            ui.snippet(left, "原文一", quoted_place(text, row, "a"))
            ui.snippet(right, "原文二", quoted_place(text, row, "b"))


def quoted_place(text: str, finding: dict, side: str) -> str | None:
    """A finding's place ``side`` ("a" or "b") marked in the text around it, else the snippet the check stored."""
    start, end = finding[f"{side}_start"], finding[f"{side}_end"]
    return around(text, start, end) if start is not None else finding[f"{side}_snippet"]


def original_download(document: dict) -> None:
    """The original file's bytes, or the stored text when the file is no longer on disk."""
    found = queries.original_file(document["path"])
    if found is not None:
        st.download_button(
            charts.plain(f"下载原始文件 {document['file_name']}"),
            found.read_bytes(),
            file_name=document["file_name"],
            key="original",
            on_click="ignore",
            icon=":material/download:",
        )
    else:
        st.caption("原始文件已不在数据目录中，可下载提取出的文本。")
        st.download_button(
            "下载提取的文本",
            (document["text"] or "").encode("utf-8-sig"),
            file_name=f"{document['file_name']}.txt",
            key="original_text",
            on_click="ignore",
        )


context = ui.page_context("report")
key = choose_report(context)
if key is None:
    st.stop()
report = queries.report(key)
if report.is_empty():
    ui.no_data("这份报告")
    st.stop()
row = report.row(0, named=True)
identity(row)
ui.page_link(
    context,
    "report",
    f"{charts.short_unit(row['unit_name'])} 的全部报告",
    filters=queries.Filters(units=(row["unit_code"],)),
)
document = queries.report_document(key)
doc = document.row(0, named=True) if document.height else {"path": "", "file_name": "", "text": ""}
text = doc["text"] or ""

st.subheader("取值与出处")
values_with_evidence(context, key, text)
st.subheader("核查发现")
findings(key, text)
st.subheader("原始文件")
original_download(doc)
