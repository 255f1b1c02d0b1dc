"""行政区划: the administrative regions budget documents are published for.

A small registry of Hubei regions (province, prefecture-level cities, and the districts and
counties the corpus's publishers belong to) with their national codes (GB/T 2260).  Used to
tell which region a department or document belongs to, to decode the region part of a
project code, and to cut the region prefix off a department's name so that the same
department printed as ``武汉市洪山区医疗保障局`` and ``洪山区医疗保障局`` gets one key.

Pure data and functions, no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Region:
    name: str  # full name with its suffix: "洪山区", "通城县", "武汉市"
    code: str  # 2 (province), 4 (prefecture) or 6 (county-level) digits
    parent: Optional[str]  # code of the region it belongs to

    @property
    def level(self) -> str:
        return {2: "province", 4: "prefecture"}.get(len(self.code), "county")


_TABLE: tuple[tuple[str, str, Optional[str]], ...] = (
    ("湖北省", "42", None),
    # prefecture-level cities and the autonomous prefecture
    ("武汉市", "4201", "42"),
    ("黄石市", "4202", "42"),
    ("十堰市", "4203", "42"),
    ("宜昌市", "4205", "42"),
    ("襄阳市", "4206", "42"),
    ("鄂州市", "4207", "42"),
    ("荆门市", "4208", "42"),
    ("孝感市", "4209", "42"),
    ("荆州市", "4210", "42"),
    ("黄冈市", "4211", "42"),
    ("咸宁市", "4212", "42"),
    ("随州市", "4213", "42"),
    ("恩施土家族苗族自治州", "4228", "42"),
    # county-level units administered directly by the province
    ("仙桃市", "429004", "42"),
    ("潜江市", "429005", "42"),
    ("天门市", "429006", "42"),
    ("神农架林区", "429021", "42"),
    # 武汉市
    ("江岸区", "420102", "4201"),
    ("江汉区", "420103", "4201"),
    ("硚口区", "420104", "4201"),
    ("汉阳区", "420105", "4201"),
    ("武昌区", "420106", "4201"),
    ("青山区", "420107", "4201"),
    ("洪山区", "420111", "4201"),
    ("东西湖区", "420112", "4201"),
    ("汉南区", "420113", "4201"),
    ("蔡甸区", "420114", "4201"),
    ("江夏区", "420115", "4201"),
    ("黄陂区", "420116", "4201"),
    ("新洲区", "420117", "4201"),
    # 咸宁市
    ("咸安区", "421202", "4212"),
    ("嘉鱼县", "421221", "4212"),
    ("通城县", "421222", "4212"),
    ("崇阳县", "421223", "4212"),
    ("通山县", "421224", "4212"),
    ("赤壁市", "421281", "4212"),
)

REGIONS: dict[str, Region] = {code: Region(name, code, parent) for name, code, parent in _TABLE}
_BY_NAME: dict[str, Region] = {r.name: r for r in REGIONS.values()}
# Longest names first so that "东西湖区" wins over any shorter name inside it.
_NAMES = sorted(_BY_NAME, key=len, reverse=True)


def region(code: str) -> Optional[Region]:
    return REGIONS.get(code)


def all_regions() -> list[Region]:
    return sorted(REGIONS.values(), key=lambda r: r.code)


def find_region(text: str) -> Optional[Region]:
    """The most specific region named in `text` ('武汉市洪山区医疗保障局' -> 洪山区).

    Among regions named, the one with the longest code wins; between equally specific ones,
    the first printed.
    """
    found: list[tuple[int, int, Region]] = []
    for name in _NAMES:
        pos = text.find(name)
        if pos >= 0:
            found.append((-len(_BY_NAME[name].code), pos, _BY_NAME[name]))
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


def region_from_code_prefix(code: str) -> Optional[Region]:
    """Region encoded in the first six digits of a project code ('420111...' -> 洪山区)."""
    digits = code.strip()[:6]
    if len(digits) < 6 or not digits.isdigit():
        return None
    # A city's own budget codes end in 00, a province's in 0000.
    for key in (digits, digits[:4] if digits.endswith("00") else "", digits[:2] if digits.endswith("0000") else ""):
        if key in REGIONS:
            return REGIONS[key]
    return None


def region_prefix(name: str) -> tuple[str, list[Region]]:
    """Split the leading region names off `name`: ('武汉市洪山区', [武汉市, 洪山区])."""
    regions: list[Region] = []
    rest = name.strip()
    while True:
        for candidate in _NAMES:
            if rest.startswith(candidate) and len(rest) > len(candidate):
                regions.append(_BY_NAME[candidate])
                rest = rest[len(candidate):].lstrip()
                break
        else:
            return name.strip()[: len(name.strip()) - len(rest)], regions


def strip_region_prefix(name: str) -> str:
    """'武汉市洪山区医疗保障局' -> '医疗保障局'; a name that is only a region is kept."""
    prefix, _ = region_prefix(name)
    return name.strip()[len(prefix):].lstrip()


def parent_chain(code: str) -> list[Region]:
    """The region and every region above it, most specific first."""
    chain: list[Region] = []
    current = REGIONS.get(code)
    while current is not None:
        chain.append(current)
        current = REGIONS.get(current.parent) if current.parent else None
    return chain
