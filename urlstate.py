"""URL query-string state: parse a shared link into filters (validated against the warehouse), encode it back.

Every value in the URL is a short ASCII code (administrative code, year, scope code); anything unknown or
malformed is dropped with a notice for the user, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from queries import Filters

STATE_VERSION = "1"

LEVEL_CODES: dict[str, str] = {
    "natl": "national",
    "prov": "province",
    "pref": "prefecture",
    "cnty": "county",
    "town": "township",
}
SCOPE_CODES: dict[str, str] = {"dept": "department", "proj": "project"}
EVALUATION_CODES: dict[str, str] = {"self": "self", "ext": "external"}

LEVEL_LABELS: dict[str, str] = {
    "national": "全国",
    "province": "省级",
    "prefecture": "地市级",
    "county": "县级",
    "township": "乡镇（街道）级",
}
SCOPE_LABELS: dict[str, str] = {"department": "部门整体", "project": "项目"}
EVALUATION_LABELS: dict[str, str] = {"self": "自评", "external": "外部评价"}

FILTER_KEYS: tuple[str, ...] = ("p", "lv", "u", "y0", "y1", "sc", "ev")
META_KEYS: tuple[str, ...] = ("v", "b")
PAGE_KEYS: tuple[str, ...] = ("r", "f", "m", "q")
KNOWN_KEYS: frozenset[str] = frozenset(FILTER_KEYS + META_KEYS + PAGE_KEYS)

MAX_VALUE_LENGTH = 200
MAX_ITEMS = 50
_CODE = re.compile(r"^[0-9A-Za-z_-]{1,32}$")
_YEAR = re.compile(r"^\d{4}$")
_REPORT_KEY = re.compile(r"^[0-9a-f]{12}$")
_FIELD = re.compile(r"^[a-z_]{1,40}(:[^\x00-\x1f]{1,40})?$")


@dataclass(frozen=True)
class Choices:
    """What the warehouse holds: the only values a link may name."""

    provinces: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    years: tuple[int, int] | None = None
    report_keys: frozenset[str] = frozenset()

    @classmethod
    def from_options(cls, options: pl.DataFrame) -> Choices:
        """Choices from queries.filter_options()."""
        years = [y for y in options.get_column("fiscal_year").to_list() if y is not None]
        return cls(
            provinces=frozenset(c for c in options.get_column("province_code").to_list() if c),
            units=frozenset(c for c in options.get_column("unit_code").to_list() if c),
            years=(min(years), max(years)) if years else None,
            report_keys=frozenset(options.get_column("report_key").to_list()),
        )


@dataclass
class UrlState:
    """A parsed link: the filters, page parameters, the build it was made on, and notices about what was dropped."""

    filters: Filters = field(default_factory=Filters)
    report_key: str | None = None
    field_name: str | None = None
    missed_only: bool = False
    search: str = ""
    link_build: str | None = None
    notices: list[str] = field(default_factory=list)


def shown(value: str) -> str:
    """A user-supplied value safe to show inside a markdown notice: truncated, as inline code."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in value[:40]).replace("`", "'")
    return f"`{clean}{'…' if len(value) > 40 else ''}`"


def _single(params: Mapping[str, str | list[str]], key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value


def _codes(raw: str | None, key: str, allowed: Mapping[str, str] | frozenset[str], notices: list[str]) -> tuple:
    """Comma-separated codes, each checked against ``allowed`` (a code map or a set of codes)."""
    if raw is None or raw == "":
        return ()
    items = raw.split(",")
    if len(items) > MAX_ITEMS:
        notices.append(f"链接参数 {key} 的取值过多（{len(items)} 个），已忽略。")
        return ()
    kept: list[str] = []
    for item in items:
        code = item.strip()
        if _CODE.match(code) and code in allowed:
            value = allowed[code] if isinstance(allowed, Mapping) else code
            if value not in kept:
                kept.append(value)
        else:
            notices.append(f"链接参数 {key} 中的取值 {shown(item)} 无法识别，已忽略。")
    return tuple(kept)


def _year(raw: str | None, key: str, years: tuple[int, int] | None, notices: list[str]) -> int | None:
    if raw is None or raw == "":
        return None
    if not _YEAR.match(raw):
        notices.append(f"链接参数 {key} 的年份 {shown(raw)} 格式不对，已忽略。")
        return None
    year = int(raw)
    if years is None or not years[0] <= year <= years[1]:
        notices.append(f"链接参数 {key} 的年份 {year} 不在数据范围内，已忽略。")
        return None
    return year


def _year_range(params: Mapping, choices: Choices, notices: list[str]) -> tuple[int | None, int | None]:
    year_from = _year(_single(params, "y0"), "y0", choices.years, notices)
    year_to = _year(_single(params, "y1"), "y1", choices.years, notices)
    if year_from is not None and year_to is not None and year_from > year_to:
        notices.append(f"链接中的年份范围 {year_from}–{year_to} 起止颠倒，已忽略。")
        return None, None
    # The full range is the same as no restriction, and stays out of the URL.
    if choices.years is not None:
        year_from = None if year_from == choices.years[0] else year_from
        year_to = None if year_to == choices.years[1] else year_to
    return year_from, year_to


def _check_keys(params: Mapping, notices: list[str]) -> dict[str, str | None]:
    """The last value of each known key, dropping unknown keys and oversized values with a notice."""
    values: dict[str, str | None] = {}
    for key in params:
        value = _single(params, key)
        if key not in KNOWN_KEYS:
            notices.append(f"链接参数 {shown(str(key))} 无法识别，已忽略。")
        elif value is not None and len(value) > MAX_VALUE_LENGTH:
            notices.append(f"链接参数 {key} 的值过长，已忽略。")
        else:
            values[key] = value
    return values


def parse_query(params: Mapping[str, str | list[str]], choices: Choices) -> UrlState:
    """The state a link asks for, keeping only values the warehouse holds; every dropped value adds a notice."""
    notices: list[str] = []
    values = _check_keys(params, notices)
    version = values.get("v")
    if version not in (None, "", STATE_VERSION):
        notices.append(f"链接的状态版本 {shown(version)} 不受支持，已按版本 {STATE_VERSION} 解读。")
    year_from, year_to = _year_range(values, choices, notices)
    filters = Filters(
        provinces=_codes(values.get("p"), "p", choices.provinces, notices),
        levels=_codes(values.get("lv"), "lv", LEVEL_CODES, notices),
        units=_codes(values.get("u"), "u", choices.units, notices),
        year_from=year_from,
        year_to=year_to,
        scopes=_codes(values.get("sc"), "sc", SCOPE_CODES, notices),
        evaluations=_codes(values.get("ev"), "ev", EVALUATION_CODES, notices),
    )
    return UrlState(
        filters=filters,
        report_key=_report_key(values.get("r"), choices, notices),
        field_name=_field_name(values.get("f"), notices),
        missed_only=values.get("m") == "1",
        search=(values.get("q") or "")[:50],
        link_build=_build_id(values.get("b"), notices),
        notices=notices,
    )


def _report_key(raw: str | None, choices: Choices, notices: list[str]) -> str | None:
    if not raw:
        return None
    if _REPORT_KEY.match(raw) and raw in choices.report_keys:
        return raw
    notices.append(f"链接中的报告 {shown(raw)} 不在数据仓库中，已忽略。")
    return None


def _field_name(raw: str | None, notices: list[str]) -> str | None:
    if not raw:
        return None
    if _FIELD.match(raw):
        return raw
    notices.append(f"链接中的字段 {shown(raw)} 无法识别，已忽略。")
    return None


def _build_id(raw: str | None, notices: list[str]) -> str | None:
    if not raw:
        return None
    if _CODE.match(raw) or re.match(r"^[0-9A-Za-z_.:-]{1,64}$", raw):
        return raw
    notices.append(f"链接中的数据版本号 {shown(raw)} 格式不对，已忽略。")
    return None


def _reverse(codes: Mapping[str, str], values: tuple[str, ...]) -> str:
    back = {value: code for code, value in codes.items()}
    return ",".join(back[v] for v in values if v in back)


def encode_filters(filters: Filters) -> dict[str, str]:
    """The query-string entries of the filters; unrestricted filters are left out."""
    entries = {
        "p": ",".join(filters.provinces),
        "lv": _reverse(LEVEL_CODES, filters.levels),
        "u": ",".join(filters.units),
        "y0": "" if filters.year_from is None else str(filters.year_from),
        "y1": "" if filters.year_to is None else str(filters.year_to),
        "sc": _reverse(SCOPE_CODES, filters.scopes),
        "ev": _reverse(EVALUATION_CODES, filters.evaluations),
    }
    return {key: value for key, value in entries.items() if value}


def encode_query(
    filters: Filters, build_id: str | None, page: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """The whole query string of a view: filters, page parameters, state version and build id."""
    query = encode_filters(filters)
    query.update({key: value for key, value in (page or {}).items() if value})
    query["v"] = STATE_VERSION
    if build_id:
        query["b"] = build_id
    return query
