"""Who and what a report is about: unit, jurisdiction, fiscal year, scope, evaluation type, project name."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from functools import cache
from itertools import pairwise

from etl.parse import places
from etl.parse.source import DATE_LINE_RE, FILE_EXTENSION, FORM_LABELS, HEADING_START_RE, TITLE_TAIL, Source
from etl.parse.tables import TABLE_HEADER_LABELS, Cell, Row
from etl.record import Evidence, Fact

Title = tuple[int, int, str]  # the report's title line: its start and end in the flowed text, and the line
UNIT_SUFFIX = "残疾人联合会"
# A 残联 named in full ("益阳市赫山区残疾人联合会") or short ("常宁市残联"); the place part is checked by places.
UNIT_RE = re.compile(r"([\u4e00-\u9fa5]{2,24}?)(残疾人联合会|残联)")
UNIT_LABEL_RE = re.compile(
    r"(?:部门|单位|项目单位|主管部门|实施单位|预算单位)(?:名称)?\s*[:：\t ]\s*([\u4e00-\u9fa5]{2,30}残疾人联合会)"
)
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:度)?(?!\s*\d{1,2}\s*月)")
TITLE_WORDS = ("绩效", "自评", "评价")
FILE_EXTENSION_RE = re.compile(rf"{FILE_EXTENSION}\s*$", re.IGNORECASE)
TRAILING_BRACKET_RE = re.compile(r"[（(]([^（）()]{2,40})[)）]\s*$")
TITLE_END_RE = re.compile(rf"(报告|结果|自评表|评价表){TITLE_TAIL}", re.IGNORECASE)
DEPARTMENT_WORDS = ("整体支出", "部门整体", "部门支出", "单位整体", "部门预算", "部门决算")
ORG_SUFFIXES = "局|委员会|办公室|中心|厅|研究院|协会|联合会|委|馆|学校|医院|大学|学院|管理处|管理所"
ORG_RE = re.compile(rf"[\u4e00-\u9fa5]{{3,30}}?(?:{ORG_SUFFIXES})")
# Another department's project form names its unit in the 实施单位 / 项目单位 cell, maybe after its budget code
# ("实施单位 219001-池州市贵池区棠溪镇人民政府") or on the next line ("实施单位 (盖章)" / "青神县发展和改革局").
IMPLEMENTER_RE = re.compile(
    r"(?:实施单位|项目单位)(?:\s*[（(]盖章[)）])?\s*[:：|\t ]?\s*(?:\d{3,}\s*[-－—]\s*)?"
    rf"([\u4e00-\u9fa5]{{2,30}}?(?:{ORG_SUFFIXES}|人民政府|办事处))(?![\u4e00-\u9fa5])"
)
FIRST_PERSON_RE = re.compile(r"我单位|本单位|我会|我们|我局")
# Who evaluated: a 委托 counts only with the evaluation it commissions ("委托XX会计师事务所开展评价"); a 残联's
# duties are also "受县人民政府委托" and "承担政府委托的任务".
# A finance bureau's own evaluation speaks of its 评价组 ("市财政局组织评价组对市残联…开展了绩效评价").
EXTERNAL_RE = re.compile(
    r"财政评价|第三方|重点(?:绩效)?评价|评价机构|受托方|受托单位|委托[^。；;\n]{0,30}?(?:评价|评估|事务所)"
    r"|评价(?:工作)?组(?!织)|财政[局厅]组织"
)
# The national federation: named in every local report ("在中国残联的指导下"), so it is the unit only where a title,
# heading or signature names it and no local 残联 stands in one.
NATIONAL_UNIT = "中国" + UNIT_SUFFIX
NATIONAL_UNIT_RE = re.compile(r"中国(?:残疾人联合会|残联)")
# A form's unit cell: "主管部门及代码  [501]中国残疾人联合会", "实施单位：中国残联".
NATIONAL_LABELLED_RE = re.compile(
    r"(?:部门|单位|主管部门|实施单位|预算单位)(?:名称|及代码)?\s*[:：\t ]?\s*(?:[\[［【(（]\d{3,}[\]］】)）])?\s*"
    r"(中国(?:残疾人联合会|残联))"
)
# A title the finance bureau issues ("某市财政局关于…绩效评价的报告") is its evaluation; in the body, "财政局关于开展
# 绩效自评的通知" is only the notice a self-evaluation answers.
FINANCE_ISSUED_TITLE_RE = re.compile(r"^[\u4e00-\u9fa5]{0,12}财政[局厅]关于")
# "受东莞市财政局委托，广东某某会计师事务所（以下简称“我们”）…": a firm the finance bureau hired writes the report,
# however often it then says 我们.
COMMISSIONED_FIRM_RE = re.compile(r"受[^。；;\n]{2,20}?委托[，,]?[^。；;\n]{0,30}?(?:事务所|公司|研究院|评估中心|咨询)")
# A firm's name on a line of its own above the title or signing ("湖南某某咨询有限公司" / "二〇二四年五月"): the firm
# wrote the report; a unit's self-evaluation is signed by the unit.
FIRM_LINE_RE = re.compile(r"[\u4e00-\u9fa5（）()]{2,40}?(?:事务所|有限公司|有限责任公司)(?:[（(]特殊普通合伙[)）])?")


def title_lines(source: Source, limit: int = 12) -> list[tuple[int, int, str]]:
    """The leading non-empty lines that look like a title (spans and normalised text)."""
    lines = []
    for row in source.rows[:60]:
        line = source.norm[row.start : row.end].strip().lstrip("#").strip().strip("*").strip()
        if line:
            lines.append((row.start, row.end, line))
        if len(lines) >= limit:
            break
    return lines


def report_title(source: Source) -> Title | None:
    """The title of the report proper: the last heading-like line naming a 绩效 report near the top.

    A finance bureau's overview can come first with the 残联's result as an attachment; the attachment's title
    names the unit's project, so the heading nearest to the 残联 part wins.
    """
    candidates = []
    rows = source.rows
    attachment = None  # where an overview announces the 残联's result as its attachment
    for position, row in enumerate(rows[:400]):
        line = source.norm[row.start : row.end].strip().lstrip("#").strip().strip("*").strip()
        if line.startswith("附件") and ("残疾人联合会" in line or "残联" in line):
            attachment = row.start
        if not line or len(line) > 60 or "\t" in line or line.startswith("附件"):
            continue
        if _is_report_title(line):
            start, joined = _join_split_title(source, position, line)
            candidates.append((start, row.end, joined))
    if not candidates:
        return None
    attached = [c for c in candidates if attachment is not None and c[0] > attachment]
    if attached:
        return attached[0]
    # "四、项目绩效自评表" heads a section of the report; the report's own title is not numbered, and "附表：…自评表"
    # captions a table appended to it.
    proper = [c for c in candidates if not HEADING_START_RE.match(c[2]) and not c[2].startswith("附表")]
    candidates = proper or candidates
    unit_titles = [c for c in candidates if "残" in c[2] or "项目" in c[2] or "经费" in c[2]]
    return (unit_titles or candidates)[-1] if len(candidates) > 1 else candidates[0]


# "绩效评价报告" alone on its line: the title's subject is on the line above.
BARE_GENRE_RE = re.compile(r"(?:项目)?(?:支出)?(?:重点)?绩效(?:自评|评价)(?:报告)?")
SUBJECT_LINE_RE = re.compile(r"[\u4e00-\u9fa5“”（）()]{4,30}")


def _join_split_title(source: Source, position: int, line: str) -> tuple[int, str]:
    """The title and where it starts: a line of its own, or joined to the short line above it."""
    # Word titles often break over two lines ("…及服务" / "经费支出绩效自评报告"): join a short previous line.
    row = source.rows[position]
    if position == 0:
        return row.start, line
    previous = source.rows[position - 1]
    text = source.norm[previous.start : previous.end].strip()
    if text and len(text) <= 30 and not re.search(r"[。：:；]$", text) and re.search(r"\d{4}\s*年", text):
        return row.start, text + line
    # "湘潭县残疾人联合会" / "2023年度部门整体支出绩效自评报告": the unit's name on a line of its own above
    if text and len(text) <= 30 and re.fullmatch(r"[\u4e00-\u9fa5]{2,26}(?:残疾人联合会|残联)", text):
        return row.start, text + line
    # "隆回县残疾人联合会残疾人康复项目资金" / "绩效评价报告": an evaluator's cover breaks before the genre; the
    # title starts on the line above, where its subject is.
    if BARE_GENRE_RE.fullmatch(line) and SUBJECT_LINE_RE.fullmatch(text):
        return source.norm.index(text, previous.start), text + line
    return row.start, line


def find_unit_name(source: Source) -> Fact | None:
    """The 残联 the report is about: a labelled cell, the title or the signature, else the most named one."""
    labelled = UNIT_LABEL_RE.search(source.norm)
    if labelled:
        return source.fact("unit_name", labelled.group(1), labelled.start(1), labelled.end(1))
    mentions = _unit_mentions(source)
    # Without a 残联 named with its place, the title's place may say whose "县残联" the text means.
    title = None if any(m[2].endswith(UNIT_SUFFIX) for m in mentions) else report_title(source)
    if title is not None and FINANCE_ISSUED_TITLE_RE.match(title[2]):
        # "新化县财政局关于…绩效评价报告": the bureau issues it; "县残联" in its text is the unit evaluated.
        by_level = _unit_of_the_titles_place(source, title)
        if by_level is not None:
            return by_level
    prominent = [m for m in mentions if m[3] > 0]
    if mentions and not prominent:
        titled = title or report_title(source)
        if _only_superiors_named(source, titled, mentions):
            # "会宁县2023年度…" over "在白银市残联的指导下，县残联…": the county's report, not its superior's
            return _unit_of_the_titles_place(source, titled)
    if not any(m[2].endswith(UNIT_SUFFIX) for m in prominent):
        national = _national_unit(source)
        if national is not None:
            return national
    if not mentions:
        return _unit_of_the_titles_place(source, title) or _implementing_unit(source)
    pool = prominent or mentions
    counts = Counter(m[2] for m in mentions)
    best = max(pool, key=lambda m: (m[3], m[2].endswith(UNIT_SUFFIX), _specificity(m[2]), counts[m[2]], len(m[2])))
    start, end, name, _ = _fullest_naming(best, pool)
    place = name.removesuffix(UNIT_SUFFIX)
    cut = len(place) - len(_without_province(place))
    if cut:
        name, start = name[cut:], start + cut
    method = "exact" if source.norm[start:end] == name else "normalised"
    return source.fact("unit_name", name, start, end, method)


# "县残联", "区残疾人联合会": a 残联 named by its level alone; "各县残联" are the ones below.
LEVEL_UNIT_RE = re.compile(r"(?<!各)([省市县区旗州])(?:残疾人联合会|残联)")


def _without_province(place: str) -> str:
    """Official names of prefecture and county 残联 leave out the province ("江苏省南京市鼓楼区" → "南京市鼓楼区")."""
    province = _leading_province(place)
    return place[len(province) :] if province and len(place) > len(province) else place


def _unit_of_the_titles_place(source: Source, title: Title | None) -> Fact | None:
    """"新化县2022年度残疾人两项补贴资金绩效评价报告" … "评价对象为县残联负责实施的…": a finance bureau's or a
    firm's report names the place in its title and the 残联 by its level alone; the level must be the place's."""
    if title is None:
        return None
    place = _without_province(_titles_place(title))
    if not place:
        return None
    for match in source.finditer(LEVEL_UNIT_RE):
        if match.group(1) == place[-1]:
            return source.fact("unit_name", place + UNIT_SUFFIX, match.start(), match.end(), "derived")
    return None


def _only_superiors_named(source: Source, title: Title | None, mentions: list[tuple[int, int, str, int]]) -> bool:
    """Whether the title opens with a division's name ("会宁县2023年度…", any county or prefecture) and every 残联
    the text names with a place is above that division: its province's or prefecture's ("在白银市残联的指导下"),
    which guides the report's unit but is not it."""
    if title is None:
        return False
    place = _titles_place(title)
    titled = _jurisdiction_of(place, source.norm) if place else None
    if titled is None or titled.level == places.PROVINCE:
        return False
    for _, _, name, _ in mentions:
        named = _jurisdiction_of(name, source.norm)
        if named is None or not named.adcode or named.adcode not in (titled.province_code, titled.prefecture_code):
            return False
    return True


def _implementing_unit(source: Source) -> Fact | None:
    """The unit a form's 实施单位 / 项目单位 cell names, in a report that names no 残联 at all (another department's
    form on the national template); only a unit named with its place, so its jurisdiction is read too."""
    cell = IMPLEMENTER_RE.search(source.norm)
    if cell is None or not _place_chain_end(cell.group(1)):
        return None
    return source.fact("unit_name", cell.group(1), cell.start(1), cell.end(1))


def _national_unit(source: Source) -> Fact | None:
    """中国残联 where a form's unit cell, the title, a heading or the signature names it."""
    labelled = NATIONAL_LABELLED_RE.search(source.norm)
    if labelled is not None:
        method = "exact" if labelled.group(1) == NATIONAL_UNIT else "normalised"
        return source.fact("unit_name", NATIONAL_UNIT, labelled.start(1), labelled.end(1), method)
    for start, end, line in title_lines(source, limit=3) + _signature_lines(source):
        match = NATIONAL_UNIT_RE.search(source.norm, start, end)
        if match is None:
            continue
        if _is_heading(source, (start, end)) or _is_report_title(line):
            method = "exact" if match.group() == NATIONAL_UNIT else "normalised"
            return source.fact("unit_name", NATIONAL_UNIT, match.start(), match.end(), method)
    return None


def _is_report_title(line: str) -> bool:
    return len(line) <= 60 and any(word in line for word in TITLE_WORDS) and TITLE_END_RE.search(line) is not None


def _signature_lines(source: Source) -> list[tuple[int, int, str]]:
    lines = [(row.start, row.end) for row in source.rows if source.norm[row.start : row.end].strip()]
    return [(start, end, source.norm[start:end].strip()) for start, end in _signed_lines(source, lines)]


def _fullest_naming(best: tuple[int, int, str, int], pool: list) -> tuple[int, int, str, int]:
    """The same unit named with its parents elsewhere ("赫山区…" in the title, "益阳市赫山区…" signing)."""
    longer = [m for m in pool if m[2] != best[2] and m[2].endswith(best[2]) and place_suffix(m[2][: -len(best[2])])]
    return max(longer, key=lambda m: len(m[2])) if longer else best


def _leading_province(place: str) -> str | None:
    return next((name for name in _provinces_not_municipalities() if place.startswith(name)), None)


@cache
def _provinces_not_municipalities() -> tuple[str, ...]:
    # Municipalities (天津市, 重庆市 …) stay: their districts' 残联 are named with them.
    return tuple(j.name for j in places.all_jurisdictions() if j.level == "province" and not j.name.endswith("市"))


SENTENCE_MARK_RE = re.compile(r"[。，；]")


def _unit_mentions(source: Source) -> list[tuple[int, int, str, int]]:
    """(start, end, full name, prominence) of every 残联 named with a place."""
    mentions = []
    lines = [(row.start, row.end) for row in source.rows if source.norm[row.start : row.end].strip()]
    # The first lines title the report, the last sign it; a sentence among them is the body's ("在江宁区残联的指导下，
    # …" right under a 街道's title, "萧山区残联等单位配合开展工作。" above the signing).
    head = {span for span in lines[:3] if not SENTENCE_MARK_RE.search(source.norm, *span)}
    last = {span for span in lines[-4:] if not SENTENCE_MARK_RE.search(source.norm, *span)}
    tail = last | _signed_lines(source, lines)
    line_starts = [start for start, _ in lines]
    for match in UNIT_RE.finditer(source.norm):
        named = _place_before_unit(match.group(1))
        if named is None:
            continue
        place, written_length = named
        start = match.start(1) + len(match.group(1)) - written_length
        name = place + UNIT_SUFFIX
        line_span = _line_of(lines, line_starts, start)
        if _township_split(place) is not None and not _names_itself(source, line_span):
            continue  # a county's report names the 街道 and 乡镇 残联 under it, in its text and tables
        prominence = 0
        if line_span in head or line_span in tail or _is_heading(source, line_span):
            prominence = 1
        mentions.append((start, match.end(), name, prominence))
    prominent_lines = [span for span in lines if span in head or span in tail or _is_heading(source, span)]
    return mentions + _other_department_mentions(source, prominent_lines)


def _names_itself(source: Source, span: tuple[int, int] | None) -> bool:
    """Whether a line is where a report names its own unit: its title, or the name alone (letterhead, signing)."""
    return span is not None and (_is_heading(source, span) or _is_report_title(source.norm[span[0] : span[1]].strip()))


def _line_of(lines: list[tuple[int, int]], starts: list[int], offset: int) -> tuple[int, int] | None:
    """The (start, end) of the line with text that holds ``offset`` (or ends right before it); None between lines."""
    index = bisect_right(starts, offset) - 1
    return lines[index] if index >= 0 and offset < lines[index][1] + 1 else None


def _signed_lines(source: Source, lines: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Lines a date follows alone: the signature, also where an appendix comes after it."""
    return {
        line
        for line, following in pairwise(lines)
        if DATE_LINE_RE.fullmatch(source.norm, following[0], following[1])
    }


def _place_before_unit(prefix: str) -> tuple[str, int] | None:
    """The place a 残联 is named with, in full, and how many characters of ``prefix`` name it.

    Full names first ("益阳市赫山区"); else a province or city by its short form ("湖北残疾人联合会" is 湖北省's);
    else a zone named from the place that runs it ("长沙经济技术开发区")."""
    place = place_suffix(prefix)
    if place is not None:
        return place, len(place)
    short = places.short_name_ending(prefix)
    if short is not None:
        return short[0].name, short[1]
    zone = places.zone_ending(prefix)
    if zone is not None:
        return zone[:2]
    township = _township_ending(prefix)
    return (township, len(township)) if township is not None else None


# A 残联 below a county, named after its 街道 or 乡镇 ("杭州市西湖区北山街道残疾人联合会", "东莞市塘厦镇残联"): the
# division data stop at counties, so the chain of divisions written before it places it.
TOWNSHIP_SUFFIX_RE = re.compile(r"(?:街道|镇|乡)$")
TOWNSHIP_NAME_CHARS = (2, 6)  # characters of its own name before 街道/镇/乡 ("秣陵", "八里庄", "新街口")
# "衡东县各乡镇残联", "衡东县所辖乡镇残联" are all the ones below, no township's own name.
NO_TOWNSHIP_NAME_RE = re.compile(r"[各全本该每所辖]|.*(?:乡镇|镇乡)$")
# A 镇 or 街道's own government, the unit of a form it implements (its 实施单位 cell).
TOWNSHIP_GOVERNMENT_RE = re.compile(r"(?<=[镇乡])人民政府$|(?<=街道)办事处$")


def _township_ending(prefix: str) -> str | None:
    """The chain of divisions and the township after it that ``prefix`` ends with ("…南京市江宁区秣陵街道"), or None."""
    split = _township_split(prefix)
    if split is None:
        return None
    chain = place_suffix(split[0])
    return chain + split[1] if chain is not None else None


def _township_split(place: str) -> tuple[str, str] | None:
    """``place`` as the text before a township and the township ("南京市江宁区", "秣陵街道"), the township's own
    name the shortest one that a division's name comes right before."""
    suffix = TOWNSHIP_SUFFIX_RE.search(place)
    if suffix is None:
        return None
    low, high = TOWNSHIP_NAME_CHARS
    for length in range(low, min(high, suffix.start()) + 1):
        cut = suffix.start() - length
        if place_suffix(place[:cut]) is not None:
            township = place[cut:]
            return None if NO_TOWNSHIP_NAME_RE.match(township) else (place[:cut], township)
    return None


# A place being built or refitted is named like a unit ("…托养中心", "…康复中心", "…特殊教育学校"); followed by the
# work done on it, it is what a project builds.
BUILT_PROJECT_AFTER_RE = re.compile(r"(?:建设|改造|扩建|新建|改扩建|维修|装修|提升|修缮)(?:项目|工程)|工程")


def _other_department_mentions(source: Source, spans: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """Other departments named with their place in a title, heading or signature (XX县民政局 ...).

    The national templates serve every department; a 残联 named anywhere still ranks first.
    """
    found = []
    for line_start, line_end in spans:
        for match in ORG_RE.finditer(source.norm, line_start, line_end):
            if BUILT_PROJECT_AFTER_RE.match(source.norm, match.end(), line_end):
                continue  # "会宁县残疾人托养中心建设项目…": the project's subject, not its unit
            run = match.group(0)
            offset = _chain_start(run)
            if offset is not None:
                found.append((match.start() + offset, match.end(), run[offset:], 1))
    return found


def _chain_start(run: str) -> int | None:
    """Where a place chain starts in ``run`` with a department word (1–12 chars) between it and the suffix."""
    for start in range(len(run) - 2):
        end = _place_chain_end(run, start)
        if end > start and 2 <= len(run) - end <= 14:
            return start
    return None


def _place_chain_end(text: str, start: int = 0) -> int:
    """Where the chain of division names from ``start`` ends ("四川省巴中市…" from 0 → 6); ``start`` if none."""
    names = _place_names()
    end = start
    while end < len(text):
        longest = min(places.longest_name(), len(text) - end)
        step = next((n for n in range(longest, 1, -1) if text[end : end + n] in names), 0)
        if not step:
            break
        end += step
    return end


@cache
def _place_names() -> frozenset[str]:
    return places.full_names()


def place_suffix(prefix: str) -> str | None:
    """The chain of division names that ``prefix`` ends with ("市级财政拨付昆明市" → "昆明市"), or None."""
    names = _place_names()
    end = len(prefix)
    while end > 0:
        step = next((n for n in range(min(end, places.longest_name()), 1, -1) if prefix[end - n : end] in names), 0)
        if not step:
            break
        end -= step
    return prefix[end:] or None


def _is_heading(source: Source, span: tuple[int, int] | None) -> bool:
    if span is None:
        return False
    line = source.norm[span[0] : span[1]].strip()
    return line.startswith("#") or (len(line) <= 40 and line.endswith(UNIT_SUFFIX))


LEVEL_RANK = {"province": 1, "prefecture": 2, "county": 3}


def _specificity(name: str) -> int:
    """How low a 残联's division is; a county's name several counties bear ("西湖区": 杭州, 南昌) still ranks as a
    county's, above the parent the text names beside it ("根据杭州市残联的部署"), which then tells them apart."""
    match = places.resolve_unit(name)
    if match is None:
        zone = places.resolve_zone(name)
        return 0 if zone is None else LEVEL_RANK[zone.level]
    return max((LEVEL_RANK[j.level] for j in match.candidates), default=0)


def _jurisdiction_of(unit_name: str, context: str = "") -> places.Jurisdiction | None:
    """The division a 残联 is named after, or the zone it serves (which has no code)."""
    match = places.resolve_unit(unit_name, context)
    if match is not None:
        return match.jurisdiction
    return places.resolve_zone(unit_name)


def jurisdiction_facts(source: Source, unit: Fact) -> list[Fact]:
    """Province, prefecture, county, level and code of the unit, derived from the division data."""
    # The unit's own evidence, already in the text's offsets (source.fact would take them for offsets into norm).
    evidence = replace(unit.evidence, method="derived")
    if unit.value == NATIONAL_UNIT:
        return [Fact("admin_level", places.NATIONAL, evidence)]  # above every division: no province, no code
    # A township's government names its county first ("池州市贵池区棠溪镇人民政府"), yet is no county's unit.
    township_government = TOWNSHIP_GOVERNMENT_RE.search(str(unit.value))
    j = None if township_government else _jurisdiction_of(str(unit.value), source.norm)
    if j is None:
        return _township_parents(source, str(unit.value), evidence)
    return _division_facts(j, evidence)


# A title opening with its place, maybe after its year: "会宁县2021年度中央彩票公益金…绩效自评报告",
# "2023年度会宁县…", "关于会宁县…".
LEADING_FRAME_RE = re.compile(r"^(?:关于)?(?:(?:19|20)\d{2}\s*年度?)?")


def title_place_facts(source: Source, title: Title | None) -> list[Fact]:
    """Province, prefecture, county, level and code of the division a title opens with, for a report that names no
    unit ("会宁县2021年度…资金绩效自评报告", the county's own report of funds it spent): whoever wrote it, it is that
    place's report. None where the place is not one division (a namesake the text does not tell apart)."""
    if title is None or FINANCE_ISSUED_TITLE_RE.match(title[2]):
        return []
    place = _titles_place(title)
    match = places.resolve_unit(place, source.norm) if place else None
    j = match.jurisdiction if match is not None else None
    # the title's line is stripped of marks ("# ", "**"): its place is found in the text from the line's start
    position = source.norm.find(place, title[0]) if place else -1
    if j is None or not j.adcode or position < 0:
        return []
    return _division_facts(j, source.evidence(position, position + len(place), "derived"))


def _titles_place(title: Title) -> str:
    """The chain of divisions the title opens with, after "关于" and a year ("会宁县2021年度…", "2023年度会宁县…",
    "关于新化县…"); "" where there is none."""
    line = title[2]
    start = LEADING_FRAME_RE.match(line).end()
    return line[start : _place_chain_end(line, start)]


def _division_facts(j: places.Jurisdiction, evidence: Evidence) -> list[Fact]:
    """Province, prefecture, county, level and code of a division, each with ``evidence``."""
    values = {
        "province": j.province,
        "prefecture": j.prefecture,
        "county": j.county,
        "admin_level": j.level,
        "admin_code": j.adcode or None,
    }
    return [Fact(k, v, evidence) for k, v in values.items() if v is not None]


def _township_parents(source: Source, unit_name: str, evidence: Evidence) -> list[Fact]:
    """Province, prefecture and county of a 街道 or 乡镇 残联, from the divisions its name is written with, and its
    level below them; it has no code of its own."""
    split = _township_split(TOWNSHIP_GOVERNMENT_RE.sub("", unit_name.removesuffix(UNIT_SUFFIX)))
    parent = _jurisdiction_of(split[0], source.norm) if split is not None else None
    if parent is None:
        return []
    values = {
        "province": parent.province,
        "prefecture": parent.prefecture,
        "county": parent.county,
        "admin_level": places.TOWNSHIP,
    }
    return [Fact(k, v, evidence) for k, v in values.items() if v is not None]


def find_fiscal_year(source: Source, title: Title | None) -> Fact | None:
    """The fiscal year: from the title, else the first "YYYY年度" near the top, else the commonest year."""
    spans = _year_spans(source, title)
    for start, end in spans:
        match = YEAR_RE.search(source.norm, start, end)
        if match:
            if _in_cited_title(source, match.start()):
                match = _year_of_its_own(source, spans) or match
            if _in_two_year_span(source, match):
                return _year_stated_in_the_span(source)
            return _year_fact(source, match)
    counted = Counter(m.group(1) for m in YEAR_RE.finditer(source.norm))
    if not counted:
        return _year_of_the_period(source)
    year = counted.most_common(1)[0][0]
    return _year_fact(source, next(m for m in YEAR_RE.finditer(source.norm) if m.group(1) == year))


# "评价对象为2023年1月1日至2023年12月31日…": a period of one whole calendar year is that fiscal year; Hunan's
# project form writes it by months ("项目起止时间 2016年1月起至2016年12月止").
WHOLE_YEAR_PERIOD_RE = re.compile(
    r"年\s*0?1\s*月\s*(?:0?1\s*日?|起)?\s*(?:至|到|-|—|~)\s*(?:19|20)\d{2}\s*年\s*12\s*月\s*(?:31\s*日?|止)?"
)

PERIOD_START_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*$")


def _year_of_the_period(source: Source) -> Fact | None:
    """The fiscal year of a report that names it only by its period, from 1 January to 31 December of one year."""
    for match in source.finditer(WHOLE_YEAR_PERIOD_RE):
        # the first year ends where the match starts, a space before 年 in a form's text ("2016 年 1 月起")
        first = PERIOD_START_YEAR_RE.search(source.norm, max(0, match.start() - 6), match.start())
        last = re.search(r"(\d{4})\s*年\s*12", match.group())
        if first is not None and last is not None and last.group(1) == first.group(1):
            return source.fact("fiscal_year", int(first.group(1)), first.start(), match.end(), "derived")
    return None


# "2022-2023年度…自评报告", "2022年至2023年度", "2022年度-2023年度": a title naming two years states neither as the
# one evaluated.
TWO_YEAR_SPAN_RE = re.compile(
    r"((?:19|20)\d{2})\s*(?:年\s*度?)?\s*(?:-|－|—|–|~|～|至|到)\s*((?:19|20)\d{2})\s*年"
)
SPAN_REACH = 12  # characters a span reaches before or after one of its years: "2022 年 - 2023 年"


def _in_two_year_span(source: Source, match: re.Match[str]) -> bool:
    """Whether the year ``match`` reads is one end of a span of two years."""
    start, end = max(0, match.start() - SPAN_REACH), match.end() + SPAN_REACH
    spans = TWO_YEAR_SPAN_RE.finditer(source.norm, start, end)
    return any(s.start() <= match.start() < s.end() and s.group(1) != s.group(2) for s in spans)


def _year_stated_in_the_span(source: Source) -> Fact | None:
    """The year a report whose title names two years evaluates: the one "YYYY年度" of the two its text names outside
    any span ("2023年度部门整体支出…"); none where it names both or neither (a careful reader leaves it empty)."""
    spans = [(m.start(), m.end(), {m.group(1), m.group(2)}) for m in TWO_YEAR_SPAN_RE.finditer(source.norm)]
    span_years = set().union(*(years for _, _, years in spans))
    found: dict[str, re.Match[str]] = {}
    for match in YEAR_RE.finditer(source.norm):
        inside = any(start <= match.start() < end for start, end, _ in spans)
        if "度" in match.group() and not inside and not _in_cited_title(source, match.start()):
            found.setdefault(match.group(1), match)
    years = [year for year in found if year in span_years]
    return _year_fact(source, found[years[0]]) if len(found) == 1 and len(years) == 1 else None


def _in_cited_title(source: Source, position: int) -> bool:
    """Whether ``position`` is inside a document cited by its title: "根据《关于开展2024年度…评价工作的通知》"."""
    line_start = source.norm.rfind("\n", 0, position) + 1
    opened = source.norm.rfind("《", line_start, position)
    return opened >= 0 and source.norm.find("》", opened, position) < 0


def _year_of_its_own(source: Source, spans: list[tuple[int, int]]) -> re.Match[str] | None:
    """The first "YYYY年度" near the top outside a cited title: "…的通知》要求，对县残联2023年度…项目开展评价"; a
    plain "1988年" (when the unit was set up) is no rival to the cited notice's year."""
    for start, end in spans:
        for match in YEAR_RE.finditer(source.norm, start, end):
            if "度" in match.group() and not _in_cited_title(source, match.start()):
                return match
    return None


def _year_fact(source: Source, match: re.Match[str]) -> Fact:
    """The fiscal year a match states; normalised where it is written in Chinese digits (二〇二三年度)."""
    fact = source.fact("fiscal_year", int(match.group(1)), match.start(), match.end())
    if match.group(1) in fact.evidence.snippet:
        return fact
    return source.fact("fiscal_year", int(match.group(1)), match.start(), match.end(), "normalised")


def _year_spans(source: Source, title: Title | None) -> list[tuple[int, int]]:
    """Where a report states its year: the title, then the lines that look like one."""
    spans = [(title[0], title[1])] if title is not None else []
    return spans + [(s, e) for s, e, _ in title_lines(source)]


def fiscal_year_doubt(source: Source, title: Title | None, year: Fact | None) -> str | None:
    """A warning where no title states the year and the text names another year as often as the one taken."""
    if year is None or (title is not None and YEAR_RE.search(source.norm, title[0], title[1])):
        return None
    counted = Counter(int(m.group(1)) for m in YEAR_RE.finditer(source.norm))
    taken = int(year.value)
    rival = max((y for y in counted if y != taken), key=lambda y: counted[y], default=None)
    if rival is None or counted[rival] < counted[taken]:
        return None
    return (
        f"年度不确定：标题未写年度，取正文开头的 {taken} 年（出现 {counted[taken]} 次），"
        f"但“{rival}年”出现 {counted[rival]} 次"
    )


# How a project report names what it evaluates, where no title says: "本项目", "对2023年度残保金专项项目的投入…".
PROJECT_WORDING_RE = re.compile(
    r"本项目|该项目|项目名称|项目支出绩效|对[^。；;\n]{0,30}?(?:项目|专项资金)(?:的|进行|开展)"
)


def find_scope(source: Source, title: Title | None) -> Fact:
    """Department (整体支出) or project report, from the title, else from how the text names itself."""
    if title is not None:
        start, end, line = title
        # "部门预算项目支出绩效自评表" (Sichuan's form) is one project of the department's budget.
        if any(word in line for word in DEPARTMENT_WORDS) and not _project_of_department_budget(line):
            return source.fact("report_scope", "department", start, end, "derived")
        # A title that names a subject besides the unit and year ("…辅助器具适配服务绩效评价结果") is a project's.
        if "项目" in line or "经费" in line or "资金" in line or _title_subject(line, None):
            return source.fact("report_scope", "project", start, end, "derived")
    project = len(PROJECT_WORDING_RE.findall(source.norm))
    department = sum(source.norm.count(word) for word in DEPARTMENT_WORDS)
    span = title[:2] if title else (0, min(len(source.norm), 40))
    scope = "project" if project > department else "department"
    return source.fact("report_scope", scope, span[0], span[1], "derived")


def _project_of_department_budget(title_line: str) -> bool:
    """Whether a title names a project's spending under a department label (部门预算项目支出…), not the whole."""
    return "项目支出" in title_line and not any(word in title_line for word in ("整体", "部门支出"))


def find_evaluation_type(source: Source, title: Title | None) -> Fact:
    """Self-evaluation (自评) or external (财政评价, 第三方), from the title, else from the wording."""
    if title is not None:
        start, end, line = title
        if "自评" in line:
            return source.fact("evaluation_type", "self", start, end, "derived")
        if EXTERNAL_RE.search(line) or FINANCE_ISSUED_TITLE_RE.match(line):
            return source.fact("evaluation_type", "external", start, end, "derived")
    stated = _stated_evaluation_mode(source)
    if stated is not None:
        return stated
    # Only the report proper counts: a finance bureau's overview before a 残联 attachment talks about
    # everybody's 自评, while the attachment speaks of the 残联 in the third person.
    proper = source.norm[title[0] :] if title is not None else source.norm
    self_count = proper.count("自评") + len(FIRST_PERSON_RE.findall(proper))
    external_count = len(EXTERNAL_RE.findall(proper))
    if title is not None and title[2].endswith("评价结果"):
        external_count += 2  # a published 评价结果 is the evaluator's word, not the unit's
    if COMMISSIONED_FIRM_RE.search(proper[:2000]) or _signed_by_a_firm(source):
        external_count += self_count + 1
    kind = "external" if external_count > self_count else "self"
    span = (title[0], title[1]) if title is not None else (0, min(len(source.norm), 40))
    return source.fact("evaluation_type", kind, span[0], span[1], "derived")


# A project report's cover states who evaluated ("评价方式：部门（单位）绩效自评", Hunan's template, whose next line
# "评价机构：部门（单位）评价组" is the unit's own group), as ticked options too: the box after its option
# ("单位自评■ 第三方评价□") or before it ("□单位自评 ■第三方评价"); Hebei's says 考评方式.
# The value ends at the next label of the cover, which a PDF's text can run on the same line.
EVALUATION_MODE_RE = re.compile(
    r"(?:评价|考评)方式\s*[:：]\s*([^\n。；;]{2,40}?)\s*(?=(?:评价|考评)(?:机构|类型)|报告日期|[\n。；;]|$)"
)
BOXES = "□■☑☐√"
TICKED_AFTER_RE = re.compile(rf"([^{BOXES}\s]{{2,20}})\s*[■☑√]")
TICKED_BEFORE_RE = re.compile(rf"[■☑√]\s*([^{BOXES}\s]{{2,20}})")


def _stated_evaluation_mode(source: Source) -> Fact | None:
    """Self or external as a cover's 评价方式 states it; None where it says neither or both (a method, not who)."""
    for match in source.finditer(EVALUATION_MODE_RE):
        value = match.group(1).strip()
        ticked = (TICKED_BEFORE_RE if value[:1] in BOXES else TICKED_AFTER_RE).search(value)
        if ticked is not None:
            value = ticked.group(1)
        is_self, is_external = "自评" in value, EXTERNAL_RE.search(value) is not None
        if is_self != is_external:
            kind = "self" if is_self else "external"
            return source.fact("evaluation_type", kind, match.start(), match.end(), "derived")
    return None


def _signed_by_a_firm(source: Source) -> bool:
    """Whether a line of the cover or the signature is a firm's name alone."""
    lines = title_lines(source) + _signature_lines(source)
    return any(FIRM_LINE_RE.fullmatch(line) for _, _, line in lines)


# A form label's merged cell leaves this many blank lines at most before its value, one cell a line.
CELLS_OF_A_MERGED_LABEL = 3
# The budget management systems number projects ("51000021R000000019977", "330100-2023-00012") and export the
# number before the name; the name is what analysts compare across years. The project library's 21-character code
# (place, year, kind letter, serial: "53292222T000000123456残疾人…") is also glued to the name: 15 letters and digits
# in a row open no name. A dash between may be doubled ("51092324T000008036127——残疾人两项补贴"), and the name after
# it may open with its year ("51092324T000010263357-2023年全县…补助资金项目"); a list's "、" parts them too
# ("51092324T000008036127、残疾人两项补贴").
PROJECT_CODE = (
    r"(?=[0-9A-Za-z-]*\d{6})[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*"
    r"(?:\s*[-－—_:：、\s]{1,2}\s*|(?<=[0-9A-Za-z]{15}))(?=[\u4e00-\u9fa5]|(?:19|20)\d{2}\s*年)"
)
PROJECT_CODE_RE = re.compile(PROJECT_CODE)
# "项目名称：残疾人康复服务项目（项目编码：53292222T000000123456）", "…项目；项目编码：…": the code after the name,
# in brackets or as the next label of the line.
TRAILING_CODE_RE = re.compile(
    r"(?:[（(]\s*(?:项目)?(?:编码|代码|编号)\s*[:：]?\s*[0-9A-Za-z-]{6,}\s*[)）]"
    r"|[；;]?(?:项目)?(?:编码|代码|编号)\s*[:：]\s*[0-9A-Za-z-]{6,})$"
)
PROJECT_LABEL_RE = re.compile(rf"项目名称\s*[:：\t ]\s*(?:{PROJECT_CODE})?([^\s，。]{{2,40}})")
# "2023年", "2023年度", "2022-2023年", "2022年度至2023年度" opening a 项目名称 value; the name goes on in Chinese.
LEADING_YEAR_RE = re.compile(
    r"(?:(?:19|20)\d{2}\s*(?:年\s*度?)?\s*(?:-|－|—|–|~|～|至|到)\s*)?(?:19|20)\d{2}\s*年\s*度?\s*"
)
NAME_START_RE = re.compile(r"[\u4e00-\u9fa5“（(]")
QUOTED_PROJECT_RE = re.compile(
    r"[“\"「]((?:19|20)\d{2}\s*年度?)?([^”\"」]{4,40})[”\"」]\s*(?:项目)?(?:支出)?(?:绩效)?(?:进行|开展)了?[^。\n]{0,8}?(?:评价|自评)"
)
MENTIONED_PROJECT_RE = re.compile(r"((?:19|20)\d{2})\s*年度?\s*([\u4e00-\u9fa5]{4,30}?)(项目支出|支出项目|项目)")
BRACKETED_LINE_RE = re.compile(r"[（(]([^（）()]{4,40})[)）]")
PROJECT_WORDS = re.compile(r"经费|资金|补助|补贴|服务|建设|工程|专项|救助|康复|培训")
# Yunnan's template titles a project's self-evaluation "…项目支出绩效单位自评报告", and shorter "…项目自评报告";
# Tibet's and others' say 考核 or 考评 ("…年度预算绩效考核自评报告", "…绩效考评报告"): the genre, no subject.
TITLE_SUFFIX_RE = re.compile(
    r"(?:财政)?(?:支出)?(?:重点)?绩效(?:(?:考核|考评)(?:单位)?(?:自评|评价)?|(?:单位)?(?:自评|评价))[\u4e00-\u9fa5]*$"
    r"|(?<=项目)(?:支出)?自评报告$"
)
# Hunan's "{地方}财政支出项目绩效评价自评报告", Hebei's "{地方}预算支出项目绩效评价报告" and titles like
# "2023年度财政专项资金绩效自评报告" name a kind of money, not a project: the project is in the form's 项目名称
# or on the line under the title.
GENERIC_SUBJECT_RE = re.compile(r"(?:中央|[省市县区]级?)?(?:财政|预算)?(?:支出)?(?:专项)?(?:资金)?(?:项目)?(?:支出)?")
ZONE_WORD_RE = re.compile(r"开发区|高新区|新区|园区|实验区|试验区|示范区|合作区|管理区")
ZONE_PREFIX_MAX = 24  # characters a place and its zone's name take at most: 郑州航空港经济综合实验区
# Sichuan's template titles every project's report "{单位}{年度}部门预算项目支出绩效自评报告" and names the project on
# the line under it: the title's subject is the template's words, whatever unit and year open it.
DEPARTMENT_BUDGET_PROJECT_RE = re.compile(r"部门预算项目$")
NAME_LINE_RE = re.compile(r"[\u4e00-\u9fa5\d“”（）()]{4,40}")


def find_project_name(source: Source, title: Title | None, unit: Fact | None) -> Fact | None:
    """The project a project report evaluates: a 项目名称 cell, the quoted name, else the title's subject."""
    cell = _labelled_cell(source, "项目名称")
    if cell is not None:
        start = cell.start + project_code_length(cell.text)
        start += leading_frame_length(source.norm[start : cell.end])
        return source.fact("project_name", source.norm[start : cell.end], start, cell.end)
    labelled = PROJECT_LABEL_RE.search(source.norm)
    if labelled:
        name = _labelled_name(labelled.group(1).strip())
        start = labelled.start(1) + leading_frame_length(name)
        return source.fact("project_name", name[start - labelled.start(1) :], start, labelled.start(1) + len(name))
    quoted = QUOTED_PROJECT_RE.search(source.norm)
    if quoted:
        # "关于“51092324T000008036127-残疾人两项补贴”项目…自评": the code quoted with the name opens no name
        start = quoted.start(2) + project_code_length(quoted.group(2))
        return source.fact("project_name", source.norm[start : quoted.end(2)].strip(), start, quoted.end(2))
    if title is None:
        return None
    start, end, line = title
    subject = _title_subject(line, unit)
    if not subject:
        return _bracketed_below(source, end)
    position = source.norm.find(subject, start)
    if 0 <= position < end:
        return source.fact("project_name", subject, position, position + len(subject))
    return source.fact("project_name", subject, start, end, "normalised")


def _bracketed_below(source: Source, title_end: int) -> Fact | None:
    """The project a generic title ("2022年度项目支出绩效自评报告") names on the line under it, in brackets
    ("（残疾人康复服务项目）", "（2021年城乡临时救助备用金）") or alone after its year ("2021年城乡临时救助备用金",
    Sichuan's); the year opening it frames the name, as in a title, so a year or period alone ("（2022年度）",
    "（2022年1月1日至12月31日）") or a version ("（公开版）") there is no name."""
    line = next((r for r in source.rows if r.start >= title_end and source.norm[r.start : r.end].strip()), None)
    if line is None:
        return None
    text = source.norm[line.start : line.end].strip()
    text = text[project_code_length(text) :]  # Sichuan's "51092324T000008036127-残疾人两项补贴": the code is no name
    bracketed = BRACKETED_LINE_RE.fullmatch(text)
    if bracketed is not None:
        name = _without_leading_place_and_year(bracketed.group(1))  # "（2021年城乡临时救助备用金）"
    else:
        name = _without_leading_place_and_year(text) if NAME_LINE_RE.fullmatch(text) else ""
    if not _names_a_project(name) or not (PROJECT_WORDS.search(name) or name.endswith("项目")):
        return None
    start = source.norm.index(name, line.start)
    return source.fact("project_name", name, start, start + len(name))


def _labelled_name(value: str) -> str:
    """The name a "项目名称：" label gives, without the bracket closing around the label (Yunnan's title block:
    "（项目名称：残疾人康复服务项目）") or the project's code after it; a name's own brackets stay
    ("…资金（省对下转移支付）")."""
    if value.endswith(("）", ")")) and value.count("）") + value.count(")") > value.count("（") + value.count("("):
        value = value[:-1]
    code = TRAILING_CODE_RE.search(value)
    return value[: code.start()] if code is not None else value


def leading_year_length(name: str) -> int:
    """Length of the year that opens a 项目名称 value ("2023年残疾人就业补助", "2022-2023年度…"), or 0: the answer
    key names a project without the year it ran in, as a title's or a quoted name's year is dropped; a year later on
    ("残疾人2023年度康复…") is the name's own, and a year alone is left whole."""
    year = LEADING_YEAR_RE.match(name)
    return year.end() if year is not None and NAME_START_RE.match(name, year.end()) else 0


MIN_NAME = 4  # characters a project's name has at least once its frame is cut ("残疾人康复", "两项补贴")


def leading_frame_length(name: str) -> int:
    """Length of the year and the place that open a 项目名称 value together, in either order ("2023年衡东县残疾人…",
    "衡东县2023年度残疾人…"), as they frame a title's subject; else of the year alone. A place without a year
    ("衡东县残疾人康复项目") is left: nothing says it frames the name rather than belongs to it."""
    year = leading_year_length(name)
    if year:
        place = _place_chain_end(name, year)
        return place if place > year and _names_after(name, place) else year
    place = _township_end(name, _place_chain_end(name))
    framed = leading_year_length(name[place:]) if place else 0
    return place + framed if framed and _names_after(name, place + framed) else 0


# A 街道's or 乡镇's name right before the year frames a project's name as a county's does
# ("八里庄街道2023年度残疾人之家运营补助项目"); the year after it is what says so. Words that end like a township
# but name no place ("特色小镇", "城乡") stay.
TOWNSHIP_RE = re.compile(r"[\u4e00-\u9fa5]{1,8}?(?:街道办事处|街道|镇|乡)(?=(?:19|20)\d{2}\s*年)")
NOT_A_TOWNSHIP_RE = re.compile(r"小镇|城乡|城镇|乡镇|家乡|残|^[各本全该]")


def _township_end(text: str, start: int) -> int:
    """Where a township's name that opens ``text`` at ``start`` ends, right before a year; ``start`` if none."""
    township = TOWNSHIP_RE.match(text, start)
    if township is None or NOT_A_TOWNSHIP_RE.search(township.group()) or _names_work(township.group()):
        return start
    return township.end()


def _names_after(name: str, start: int) -> bool:
    """Whether a name of its own goes on from ``start``."""
    return NAME_START_RE.match(name, start) is not None and len(name) - start >= MIN_NAME


def project_code_length(name: str) -> int:
    """Length of the budget system's project code that opens a 项目名称 value ("51000021R000000019977-"), or 0."""
    code = PROJECT_CODE_RE.match(name)
    return code.end() if code is not None and len(name) > code.end() else 0


def _labelled_cell(source: Source, label: str) -> Cell | None:
    """The cell right of a form label in a table row ("项目名称 | | 残疾人辅助器具适配服务"), or under it."""
    rows = source.rows
    for index, row in enumerate(rows):
        if row.values and row.values[0].text == label:
            value = label_value(rows, index)
            if value is not None:
                return value
    return None


def label_value(rows: list[Row], index: int) -> Cell | None:
    """The value of the form label that opens ``rows[index]``: the next cell of its row, else the cell under it."""
    row = rows[index]
    if len(row.values) >= 2 and row.kind != "line":
        return row.values[1]
    return _cell_below(rows, index + 1) if len(row.values) == 1 else None


def is_form_value(text: str) -> bool:
    """Text that can be a form label's value: not another label of the form or of a table's header."""
    return len(text) >= 2 and text not in FORM_LABELS and text not in TABLE_HEADER_LABELS


def _cell_below(rows: list[Row], index: int) -> Cell | None:
    """The value of a form label in a table exported one cell per line: the next line with text, up to three blank
    lines (the label's merged cells) below; never another label of the form or of a table's header."""
    for row in rows[index : index + CELLS_OF_A_MERGED_LABEL + 1]:
        values = row.values
        if not values:
            continue
        return values[0] if len(values) == 1 and is_form_value(values[0].text) else None
    return None


def _title_subject(line: str, unit: Fact | None) -> str | None:
    line = FILE_EXTENSION_RE.sub("", line.replace(" ", ""))
    line = line[project_code_length(line) :]  # "53292222T000000123456残疾人…绩效自评报告": the code opens no name
    bracket = TRAILING_BRACKET_RE.search(line)
    if bracket is not None:
        if _names_a_project(bracket.group(1)):
            return bracket.group(1)  # "…绩效自评报告(残疾人事业发展补助资金)" names its project in brackets
        if _names_a_project(name := _without_leading_place_and_year(bracket.group(1))) and PROJECT_WORDS.search(name):
            return name  # "…绩效自评报告（2021年城乡临时救助备用金）": the year frames the name, as on the line under
        line = line[: bracket.start()]
    subject = TITLE_SUFFIX_RE.sub("", line)
    if DEPARTMENT_BUDGET_PROJECT_RE.search(subject):
        return None
    if unit is not None:
        subject = subject.replace(str(unit.value), "")
    subject = re.sub(r"^.*?(?:残疾人联合会|残联)", "", subject)
    # "关于2023年度残疾人康复救助项目的绩效评价报告", "某市财政局关于…": the title's frame is no part of the name.
    subject = re.sub(r"^.*?关于|(?:的|之|开展)$", "", subject)
    subject = _unwrapped(_without_leading_place_and_year(subject))
    subject = subject[_leading_place_end(subject) :]  # "衡阳市残疾人康复项目…", without a year too
    subject = re.sub(r"^(?:部门|单位|本级)", "", subject)
    return subject if len(subject) >= 4 and GENERIC_SUBJECT_RE.fullmatch(subject) is None else None


def _names_work(text: str) -> bool:
    return "残" in text or PROJECT_WORDS.search(text) is not None


def _leading_place_end(subject: str) -> int:
    """Where the place that opens a title's subject ends: a chain of divisions ("湖南省衡阳市") or a zone named
    from its parent ("岳阳市南湖新区", which the division data does not list); 0 if none."""
    zone = ZONE_WORD_RE.search(subject, 0, ZONE_PREFIX_MAX)
    if zone is not None and not _names_work(subject[: zone.end()]) and places.zone_ending(subject[: zone.end()]):
        return zone.end()  # not "长沙市残疾人就业产业园区…", a project's park
    return _place_chain_end(subject)


PAIRS = (("“", "”"), ("《", "》"), ("（", "）"), ("(", ")"))


def _unwrapped(subject: str) -> str:
    """The subject without the quotes or brackets around it; a pair that opens inside it stays whole
    ("“阳光家园”计划项目", not "阳光家园”计划项目")."""
    stripped = subject.strip("“”\"《》（）()")
    if all(stripped.count(left) == stripped.count(right) for left, right in PAIRS):
        return stripped
    return subject


def _names_a_project(bracketed: str) -> bool:
    """Whether a title's closing brackets hold its project, not its unit ("（广宁县残疾人联合会）"), a version
    ("（公开版）", "(定稿)") or a year."""
    return (
        len(bracketed) >= 4
        and ORG_RE.fullmatch(bracketed) is None
        and not re.search(r"残联|版|稿|摘要|草案|修订|附件|\d", bracketed)
    )


def _without_leading_place_and_year(subject: str) -> str:
    """"湖北省2018年残疾人辅助器具适配服务经费" → "残疾人辅助器具适配服务经费", and "巴中市残疾人事业发展补助资金
    2023年度" → "残疾人事业发展补助资金": the place and year frame the name; a year inside the name stays."""
    year = re.match(r"(.*?)(?:19|20)\d{2}年度?", subject)
    if year is not None and (not year.group(1) or _frames(subject, year.end(1))):
        rest = subject[year.end() :]
        return rest[_place_chain_end(rest) :]  # "2023年度宁乡市残疾人就业保障金项目": the place after the year
    trailing_year = re.search(r"(?:19|20)\d{2}年度?$", subject)
    if trailing_year is None:
        return subject
    name = subject[: trailing_year.start()]
    return name[_place_chain_end(name) :]


def _frames(subject: str, year: int) -> bool:
    """Whether the text before a subject's year (at ``year``) is a place: a chain of divisions, or a township
    after one."""
    prefix = subject[:year]
    return place_suffix(prefix) == prefix or _township_end(subject, _place_chain_end(prefix)) == year


# "2021年度下达我县的中央专项彩票公益金…项目" is a sentence about money passed down, not another name.
NOT_A_NAME_RE = re.compile(r"^(?:下达|安排|拨付|用于|完成|开展|实施)|我[省市县区旗州]")
# "该项目为2023年中央彩票公益金提前下达资金项目": a sentence saying what kind of funds the project is, not its name.
DESCRIBED_AS_RE = re.compile(r"(?:该|本|此)项目(?:为|是|系|属于?)\s*$")


def project_name_alternatives(source: Source, kept: Fact) -> list[Fact]:
    """Other names the report gives its project ("2022年X项目支出" where X is not the kept name)."""
    alternatives = []
    seen = {_name_key(str(kept.value))}
    for match in MENTIONED_PROJECT_RE.finditer(source.norm):
        name = match.group(2)
        name = re.sub(r"^.*?(?:残疾人联合会|残联)", "", name)
        key = _name_key(name)
        if len(key) < 4 or key in seen or key.startswith(("各", "本", "该", "部分", "重点")):
            continue
        if not PROJECT_WORDS.search(key) or key.endswith(("和", "及", "与", "的")) or NOT_A_NAME_RE.search(key):
            continue
        if any(key in other or other in key for other in seen):
            continue
        if DESCRIBED_AS_RE.search(source.norm, max(0, match.start() - 8), match.start()):
            continue
        seen.add(key)
        alternatives.append(source.fact("project_name", name, match.start(2), match.end(2)))
    return alternatives


def _name_key(name: str) -> str:
    return re.sub(r"(项目|支出)+$", "", name.replace(" ", ""))
