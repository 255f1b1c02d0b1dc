"""Who issued a policy document, decoded by rule from its 机关代字 (the issuer code of a 文号).

A central body's code is looked up by prefix (国办发 → 国务院办公厅, 法释 → 最高人民法院).  Any
other code follows the pattern of GB/T 9704: the region's short form, the body's abbreviation,
the kind of document (see :mod:`kg_build.rulebook.issuing_bodies`).  The region part is read
as a province's one-character abbreviation (粤府办 → 广东省), or -- given the region of the
document that cites it -- as the short form or first character of that region or of a region
above it (朝发改 in a 北京市朝阳区 document → 朝阳区; 武政办 in a 洪山区 document → 武汉市).
When both a region and its parent begin with the same character, the character is the
parent's: a district prints its two-character short form instead.

A code that begins with a bare division word (市政办发, 区财发, 县政发, 州政发, 旗政发) is the code of
the citing document's own city, district, county, prefecture or banner: the nearest region of the
document's whose name ends with that word.  Some cities print a traditional short name (宁政发 in
南京市, 穗府 in 广州市; :data:`kg_build.rulebook.divisions.CITY_ABBREVIATIONS`).

What no rule can tell stays unknown: a code whose region part matches nothing gets no issuer,
and one whose body part matches nothing gets a level and region but no body.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Optional

from .regions import Region, abbreviations, parent_chain, province_by_abbreviation
from .rulebook.divisions import SUB_PROVINCIAL_CITIES
from .rulebook.issuing_bodies import MUNICIPALITY_BODIES, NATIONAL_BODIES, OWN_REGION_MARKS, REGIONAL_BODIES

NATIONAL = "national"
PROVINCIAL = "provincial"
MUNICIPAL = "municipal"
DISTRICT_COUNTY = "district-county"
LEVELS = (NATIONAL, PROVINCIAL, MUNICIPAL, DISTRICT_COUNTY)
MUNICIPALITY = "直辖市"  # the gazetteer's kind of 北京市, 天津市, 上海市, 重庆市
_LEVEL_OF_REGION = {"province": PROVINCIAL, "prefecture": MUNICIPAL, "county": DISTRICT_COUNTY}


@dataclass(frozen=True)
class Issuer:
    code: str  # the 机关代字 as printed, e.g. "武政办"
    body: Optional[str]  # issuing body, e.g. "武汉市人民政府办公厅"; None when the rules cannot tell
    level: str  # one of LEVELS
    region: Optional[str]  # the body's region, e.g. "武汉市"; None for central bodies
    region_code: Optional[str] = None  # its 行政区划 code, e.g. "4201"
    # Printed relative to the citing document (市政办发): the same code is another city's body in
    # another city's document, so the issuer's identity includes the region it was resolved to.
    relative: bool = False

    @property
    def key(self) -> str:
        """What identifies the body: its code, and for a relative code the region as well."""
        return f"{self.region_code}/{self.code}" if self.relative and self.region_code else self.code


def issuer_for(code: str, context: Optional[str] = None) -> Optional[Issuer]:
    """The issuing body and level of a 机关代字; None when nothing can be said about it.

    `context` is the 行政区划 code of the citing document's region.
    """
    code = code.strip()
    if len(code) < 2:
        return None
    national = national_body(code)
    if national is not None:
        return Issuer(code, national, NATIONAL, None)
    found = _region_part(code, context)
    if found is None:
        return None
    region, rest = found
    body = _body(region, rest)
    if body is None and len(rest) > 1 and rest[0] == region.name[-1]:
        body = _body(region, rest[1:])  # the short form with its division word: 延州政发 (延边州)
    relative = _named_region_part(code, context) is None
    return Issuer(code, body, _LEVEL_OF_REGION[region.level], region.name, region.code, relative)


# What the rules cannot tell apart: a government's office is an 办公厅 or an 办公室 by local usage
# (西安市人民政府办公厅, 沈阳市人民政府办公室), whatever the city's rank.
_OFFICE_VARIANTS = ("办公厅", "办公室")


def as_printed(issuer: Issuer, titles: Iterable[str]) -> Issuer:
    """The issuer with the office its policies' titles print (沈阳市人民政府办公室关于…), where the
    rules guessed the other of 办公厅 / 办公室 for the same government."""
    body = issuer.body
    if not body or not body.endswith(_OFFICE_VARIANTS):
        return issuer
    other = body[:-3] + next(v for v in _OFFICE_VARIANTS if not body.endswith(v))
    issuers_printed = (title.split("关于", 1)[0] for title in titles if "关于" in title)
    return replace(issuer, body=other) if any(other in printed for printed in issuers_printed) else issuer


def relative_region(code: str, context: Optional[str]) -> Optional[str]:
    """The 行政区划 code of the region a relative code (市政办发, 区财发) means in a document of
    region `context`; None for a code that names its region (武政办, 粤府办, 国办发)."""
    code = code.strip()
    if len(code) < 2 or national_body(code) is not None or _named_region_part(code, context) is not None:
        return None
    own = _own_region(code, context)
    return own.code if own is not None else None


def national_body(code: str) -> Optional[str]:
    """The central body a code belongs to (国卫办医函 → 国家卫生健康委员会), or None."""
    for n in range(len(code), 0, -1):
        if code[:n] in NATIONAL_BODIES:
            return NATIONAL_BODIES[code[:n]]
    return None


def looks_regional(code: str) -> bool:
    """True when a code has the shape of a region's code: a short form of one or two
    characters, then a body's abbreviation (武财社, 江编发) -- whatever region that is."""
    return any(code[k:].startswith(abbreviation) for k in (1, 2) for abbreviation, _, _ in REGIONAL_BODIES)


def _region_part(code: str, context: Optional[str]) -> Optional[tuple[Region, str]]:
    """The region a code begins with, and the rest of the code."""
    named = _named_region_part(code, context)
    if named is not None:
        return named
    own = _own_region(code, context)
    return (own, code[1:]) if own is not None else None


def _named_region_part(code: str, context: Optional[str]) -> Optional[tuple[Region, str]]:
    """The region a code names by a short form or an abbreviation, and the rest of the code."""
    matches: list[tuple[int, int, Region]] = []  # (length of the region part, seniority, region)
    for seniority, r in enumerate(reversed(parent_chain(context) if context else [])):
        # a province is known by its abbreviation (鄂), other regions by their first character
        firsts = abbreviations(r) if r.level == "province" else (r.short[:1], *abbreviations(r))
        for form in (r.short, *firsts):
            if form and code.startswith(form) and len(code) > len(form):
                matches.append((len(form), -seniority, r))
    if matches:
        length, _, region = max(matches, key=lambda m: (m[0], m[1]))
        return region, code[length:]
    province = province_by_abbreviation(code[0])
    if province is not None:
        return province, code[1:]
    return None


def _own_region(code: str, context: Optional[str]) -> Optional[Region]:
    """The citing document's own city, district, county … a code beginning with 市/区/县 … means."""
    if code[0] not in OWN_REGION_MARKS or not context:
        return None
    return next((r for r in parent_chain(context) if r.name.endswith(code[0])), None)


def _body(region: Region, rest: str) -> Optional[str]:
    best = max((b for b in REGIONAL_BODIES if rest.startswith(b[0])), key=lambda b: len(b[0]), default=None)
    if best is None:
        return None
    abbreviation, of_province, of_other = best
    municipality = region.kind == MUNICIPALITY
    if municipality and abbreviation in MUNICIPALITY_BODIES:
        return MUNICIPALITY_BODIES[abbreviation].format(region=region.name)
    # A municipality's and a sub-provincial city's offices are 办公厅 like a province's; their
    # bureaus are 局 (北京市财政局, 重庆市民政局), a province's 厅.
    if of_province.endswith("办公厅"):
        senior = region.level == "province" or region.name in SUB_PROVINCIAL_CITIES
    else:
        senior = region.level == "province" and not municipality
    return (of_province if senior else of_other).format(region=region.name)
