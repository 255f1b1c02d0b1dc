"""Departments: every printed variant of a department's name → one key (see :mod:`linking.link`)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Optional

from kg_build.extract.cells import squeeze
from kg_build.records import (
    BudgetLine,
    Citation,
    Document,
    EvaluationScore,
    Execution,
    Goal,
    Indicator,
    Organisation,
    Project,
    Record,
)
from kg_build.rulebook.organisations import (
    AGENCY_MARKERS,
    DEPARTMENT_ABBREVIATIONS,
    INTERNAL_SECTION_MAX_LENGTH,
    INTERNAL_SECTION_SUFFIXES,
    OWN_UNIT,
)
from kg_build.rulebook.party_organs import party_short_form

from .nodes import Department, Linking, one_edit_apart



@dataclass
class _DocRegions:
    code: Optional[str]
    names: dict[str, str]  # region names printed in (or implied by) this document -> code


class _DepartmentResolver:
    def __init__(self, regions: Mapping[str, str]):
        self.regions = dict(regions)
        self.region_names = {code: name for name, code in self.regions.items()}
        self.longest = max(map(len, self.regions), default=0)

    def expand(self, name: str) -> str:
        for short, full in DEPARTMENT_ABBREVIATIONS:
            name = name.replace(short, full)
        for bracketed in (f"({OWN_UNIT})", f"（{OWN_UNIT}）"):  # 卫生健康局(本级) = 卫生健康局本级
            if name.endswith(bracketed):
                name = name[: -len(bracketed)] + OWN_UNIT
        return name

    def strip_regions(self, printed: str) -> tuple[list[str], str]:
        """Known region names printed at the start, and what follows them.

        Longest names first, so that 武汉市洪山区 strips 武汉市 then 洪山区; a name that does not
        lie under the region before it (江海区 after 武汉市) is not that region's, so it stays.
        """
        found: list[str] = []
        rest = printed
        while True:
            for n in range(min(self.longest, len(rest) - 1), 1, -1):
                code = self.regions.get(rest[:n])
                if code and (not found or code.startswith(found[-1])):
                    found.append(code)
                    rest = rest[n:]
                    break
            else:
                return found, rest

    def misprinted_region(self, rest: str, doc: _DocRegions) -> Optional[tuple[str, str]]:
        """A region name one character off one named in the same document: (code, rest)."""
        for name, code in sorted(doc.names.items(), key=lambda kv: (-len(kv[0]), kv[0])):
            head = rest[: len(name)]
            if len(rest) > len(name) and head[-1] == name[-1] and one_edit_apart(head, name):
                return code, rest[len(name) :]
        return None

    def resolve(self, printed: str, doc: _DocRegions, fallback_region: Optional[str]) -> tuple[Optional[str], str]:
        found, rest = self.strip_regions(party_short_form(squeeze(printed)))
        misprint = self.misprinted_region(rest, doc)
        if misprint:
            found, rest = [*found, misprint[0]], misprint[1]
        region = found[-1] if found else (fallback_region or doc.code)
        if not found and doc.code and rest[:1] in ("区", "县") and len(rest) > 3:
            rest = rest[1:]  # "区卫健局" printed by a district: its own bureau
        return region, self.expand(rest)


def _department_key(region: Optional[str], name: str) -> str:
    return f"{region}/{name}" if region else name


def is_internal_section(printed: str, regions: Mapping[str, str]) -> bool:
    """科室 printed on their own (``家发科``, ``基卫科``): not an agency, not prefixed by a region."""
    name = squeeze(printed)
    if not name.endswith(INTERNAL_SECTION_SUFFIXES) or not 2 <= len(name) <= INTERNAL_SECTION_MAX_LENGTH:
        return False
    if any(marker in name for marker in AGENCY_MARKERS):
        return False
    return not any(name.startswith(region) for region in regions)


def _department_names(record: Record) -> list[tuple[Optional[str], Optional[str], Optional[str]]]:
    """(printed name, budget unit code, department printed beside it) triples a record prints."""
    if isinstance(record, Document):
        return [(record.department, None, None)]
    if isinstance(record, Organisation):
        return [(record.name, record.code, record.parent_name), (record.parent_name, record.parent_code, None)]
    if isinstance(record, Project):
        return [(record.department, None, None), (record.executing_unit, None, record.department)]
    if isinstance(record, BudgetLine):
        out = [(record.department, None, None)]
        if record.classification == "unit":
            out.append((record.name, record.code, record.department))
        return out
    if isinstance(record, (Citation,)):
        return [(record.citing_department, None, None)]
    if isinstance(record, (Goal, Indicator)):
        return [(record.owner_department, None, None)]
    if isinstance(record, (Execution, EvaluationScore)):
        return [(record.department, None, None)]
    return []


Printed = tuple[str, Optional[str], Optional[str]]  # (squeezed name, budget unit code, fallback region)
PrintedSection = tuple[str, Optional[str]]  # (section, department printed beside it)


def link_departments(records: list[Record], regions: Mapping[str, str], linking: Linking) -> None:
    """Key every printed department name, document by document, then settle who belongs to whom."""
    resolver = _DepartmentResolver(regions)
    by_doc: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_doc[r.prov.document].append(r)
    for document, recs in sorted(by_doc.items()):
        doc_rec = linking.documents.get(document)
        doc = _DocRegions(doc_rec.region_code if doc_rec else None, {})
        if doc_rec and doc_rec.region_name and doc_rec.region_code:
            doc.names[doc_rec.region_name] = doc_rec.region_code
        printed, sections = _collect_printed_names(recs, regions, resolver, doc)
        _key_printed_names(document, printed, resolver, doc, linking)
        _link_sections(document, sections, doc_rec, linking)
    _parents_printed_in_organisation_tables(records, linking)
    _parents_read_from_names_and_codes(linking)
    _add_missing_parents(linking)


def _collect_printed_names(recs: list[Record], regions: Mapping[str, str], resolver: _DepartmentResolver,
                           doc: _DocRegions) -> tuple[list[Printed], list[PrintedSection]]:
    """Phase 1: the department names and internal sections a document prints, and the regions
    its names mention (which settle a misprinted region later)."""
    printed: list[Printed] = []
    sections: list[PrintedSection] = []
    for r in recs:
        fallback = r.region_code if isinstance(r, Organisation) else None
        for name, code, beside in _department_names(r):
            if not name or not squeeze(name):
                continue
            if is_internal_section(name, regions):
                sections.append((squeeze(name), squeeze(beside) if beside else None))
                continue
            printed.append((squeeze(name), code, fallback))
            for c in resolver.strip_regions(squeeze(name))[0]:
                doc.names.setdefault(resolver.region_names[c], c)
    return printed, sections


def _key_printed_names(document: str, printed: list[Printed], resolver: _DepartmentResolver, doc: _DocRegions,
                       linking: Linking) -> None:
    """Phase 2: each printed name → region and canonical name → the department's key; a budget
    unit code printed with it is remembered, to find a unit's parent by its code."""
    for name, code, fallback in printed:
        region, canonical = resolver.resolve(name, doc, fallback)
        key = _department_key(region, canonical)
        dept = linking.departments.setdefault(key, Department(key, region, canonical))
        dept.printed.add(name)
        linking._departments_by_name[(document, name)] = key
        if code:
            dept.code = dept.code or code
            if region:
                linking.unit_codes.setdefault((region, code), key)


def _parents_printed_in_organisation_tables(records: list[Record], linking: Linking) -> None:
    """Phase 4 (after the sections, phase 3): the parent an organisation table prints for a unit."""
    for r in records:
        if isinstance(r, Organisation) and r.parent_name and squeeze(r.name) and squeeze(r.parent_name):
            child = linking.departments[linking._departments_by_name[(r.prov.document, squeeze(r.name))]]
            parent = linking._departments_by_name[(r.prov.document, squeeze(r.parent_name))]
            if parent != child.key and child.parent is None:
                child.parent = parent


def _parents_read_from_names_and_codes(linking: Linking) -> None:
    """Phase 5: a ``…本级`` unit belongs to the department it names; a unit code (043001)
    to the department whose code it extends (043)."""
    for dept in linking.departments.values():
        if dept.parent:
            continue
        if dept.name.endswith(OWN_UNIT) and len(dept.name) > len(OWN_UNIT):
            dept.parent = _department_key(dept.region, dept.name[: -len(OWN_UNIT)])
        elif dept.code and dept.region and len(dept.code) > 3:
            dept.parent = linking.unit_codes.get((dept.region, dept.code[:3]))


def _add_missing_parents(linking: Linking) -> None:
    """A parent no document prints on its own still becomes a department node."""
    for dept in list(linking.departments.values()):
        if dept.parent and dept.parent not in linking.departments:
            parent_name = dept.parent.split("/", 1)[-1]
            linking.departments[dept.parent] = Department(dept.parent, dept.region, parent_name)


def _link_sections(document: str, sections: list[PrintedSection], doc_rec: Optional[Document],
                   linking: Linking) -> None:
    """Phase 3: key each internal section under the department printed beside it, else the publisher's."""
    for name, beside in sections:
        owner = linking.department_key(document, beside) if beside else None
        owner = owner or (linking.department_key(document, doc_rec.department) if doc_rec else None)
        if owner is None:
            key, region = name, None  # nothing to hang it under: a department of its own
        else:
            key, region = f"{owner}/{name}", linking.departments[owner].region
        dept = linking.departments.setdefault(key, Department(key, region, name, parent=owner, section=owner is not None))
        dept.printed.add(name)
        linking._departments_by_name.setdefault((document, name), key)
