"""Cross-record linking: which printed names are the same department, project or policy.

Pure: records in, a :class:`Linking` out; no I/O, no IRIs (the mappings mint those from the
keys decided here).  Keys follow ``docs/model.md``:

* department: ``<region code>/<canonical name>``; the canonical name is the printed name
  without its region prefix, with the usual abbreviations expanded (医保局 = 医疗保障局);
  a misprinted region (one character off a region named in the same document) counts as
  that region; a ``…本级`` unit is its own node, a sub-organisation of its department; an
  internal section printed as an executing unit (``家发科``: a 科/股/室/处/组 name with no region
  and no 局/委/办/中心/院/站/所 of its own) is an organisational unit of the department printed
  beside it (else of the document's department), keyed ``<department key>/<section>``.
* project: the project code when any record prints it; a name printed without a code
  resolves, within its document, to the coded project of the same name or of a variant one
  character away with the same amount; else ``<department key>/<name>``.
* policy: the normalised 文号; a title-only citation resolves to the 文号 node printed with
  that title anywhere; else ``title/<title>``.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Mapping, Optional

from kg_build.docnumber import normalise_doc_number, parse_doc_number
from kg_build.extract.cells import squeeze
from kg_build.records import (
    BudgetLine,
    Citation,
    Document,
    EvaluationScore,
    Execution,
    ExpenditureDetail,
    FundingSource,
    Goal,
    Indicator,
    Organisation,
    Project,
    ProjectAmount,
    Record,
)
from kg_build.regions import unambiguous_region_names, with_ancestors
from kg_build.rulebook.party_organs import party_short_form

# Short forms printed for department names, expanded so that both spellings meet.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("医保局", "医疗保障局"),
    ("卫健局", "卫生健康局"),
    ("卫健委", "卫生健康委员会"),
    ("人社局", "人力资源和社会保障局"),
)
UNIT_SUFFIX = "本级"
# An internal section (科室) ends with one of these and never contains an agency's own suffix.
SECTION_SUFFIXES = ("科", "股", "室", "处", "组")
AGENCY_MARKERS = ("局", "委", "办", "中心", "院", "站", "所")
SECTION_MAX_LENGTH = 8
PROJECT_TABLE = "项目支出表"  # the source_table whose budget figures a project keeps
# Region code (6) + year (2) + department budget code (3) + letter + serial.
PROJECT_CODE = re.compile(r"^(?P<region>\d{6})(?P<year>\d{2})(?P<dept>\d{3})(?P<kind>[A-Z])(?P<serial>\d{3,})$")
def normalise_title(text: str) -> str:
    return squeeze(text).strip("《》<>\"“”")


@dataclass(frozen=True)
class DecodedProjectCode:
    region: str  # 行政区划 code, "420111"
    year: int  # 2024 for "24"
    department_code: str  # "043"


def decode_project_code(code: str) -> Optional[DecodedProjectCode]:
    m = PROJECT_CODE.match(code)
    if not m:
        return None
    return DecodedProjectCode(m.group("region"), 2000 + int(m.group("year")), m.group("dept"))


def one_edit_apart(a: str, b: str) -> bool:
    """True when a and b differ by exactly one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


# ---------------------------------------------------------------- linked nodes


@dataclass
class Department:
    key: str
    region: Optional[str]
    name: str  # canonical name
    printed: set[str] = field(default_factory=set)
    code: Optional[str] = None
    parent: Optional[str] = None  # key of the department this unit belongs to
    section: bool = False  # an internal section (org:OrganizationalUnit) of `parent`

    @property
    def label(self) -> str:
        """The fullest printed form (longest, then first in code-point order)."""
        return min(self.printed, key=lambda s: (-len(s), s)) if self.printed else self.name


@dataclass
class ProjectNode:
    key: str
    code: Optional[str]
    department: Optional[str]  # department key (主管部门, else the document's department)
    names: Counter = field(default_factory=Counter)
    decoded: Optional[DecodedProjectCode] = None
    coded_department: Optional[str] = None  # department key whose unit code the code carries
    budget_source: Optional[int] = None  # id() of the Project record whose budget figures count

    @property
    def label(self) -> str:
        if not self.names:
            return self.code or self.key
        return min(self.names, key=lambda n: (-self.names[n], n))


@dataclass
class Policy:
    key: str  # "〔〕 文号" or "title/<title>"
    doc_number: Optional[str]
    titles: Counter = field(default_factory=Counter)
    issuer_code: Optional[str] = None
    year: Optional[int] = None
    number: Optional[str] = None
    citing_region: Optional[str] = None  # region of the first document citing it: reads the issuer code

    @property
    def title(self) -> Optional[str]:
        if not self.titles:
            return None
        return min(self.titles, key=lambda t: (-self.titles[t], -len(t), t))


@dataclass
class Linking:
    departments: dict[str, Department] = field(default_factory=dict)
    projects: dict[str, ProjectNode] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    unit_codes: dict[tuple[str, str], str] = field(default_factory=dict)  # (region, code) -> dept key
    _departments_by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    _project_by_record: dict[int, str] = field(default_factory=dict)
    _project_refs: dict[tuple[str, str], list[tuple[int, str]]] = field(default_factory=dict)
    _policy_by_record: dict[int, str] = field(default_factory=dict)
    _grouped: dict[str, dict[str, list]] = field(default_factory=dict)  # filled once linking is done

    def department_key(self, document: str, printed: Optional[str]) -> Optional[str]:
        if not printed or not squeeze(printed):
            return None
        return self._departments_by_name.get((document, squeeze(printed)))

    def document_department(self, document: str) -> Optional[str]:
        doc = self.documents.get(document)
        return self.department_key(document, doc.department) if doc and doc.department else None

    def project_key(self, document: str, reference: Optional[str], line: int = 0) -> Optional[str]:
        """The project a printed reference (code or name) at `line` of `document` means."""
        if not reference or not squeeze(reference):
            return None
        ref = squeeze(reference)
        if PROJECT_CODE.match(ref):
            return ref
        candidates = self._project_refs.get((document, ref))
        if not candidates:
            return None
        before = [c for c in candidates if c[0] <= line]
        return (before[-1] if before else candidates[0])[1]

    def project_of(self, record: Project) -> str:
        return self._project_by_record[id(record)]

    def is_budget_source(self, record: Project) -> bool:
        """True for the one record whose total / current-year budget the project keeps."""
        return self.projects[self.project_of(record)].budget_source == id(record)

    def policy_key(self, citation: Citation) -> Optional[str]:
        return self._policy_by_record.get(id(citation))

    def _by_document(self, index: str) -> dict[str, list]:
        """The department-name or project-reference index grouped by document (built once)."""
        cached = self._grouped.get(index)
        if cached is None:
            source = self._departments_by_name if index == "departments" else self._project_refs
            cached = defaultdict(list)
            for item in source.items():
                cached[item[0][0]].append(item)
            self._grouped[index] = cached
        return cached


# ---------------------------------------------------------------- departments


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
        for short, full in ABBREVIATIONS:
            name = name.replace(short, full)
        for bracketed in (f"({UNIT_SUFFIX})", f"（{UNIT_SUFFIX}）"):  # 卫生健康局(本级) = 卫生健康局本级
            if name.endswith(bracketed):
                name = name[: -len(bracketed)] + UNIT_SUFFIX
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
    if not name.endswith(SECTION_SUFFIXES) or not 2 <= len(name) <= SECTION_MAX_LENGTH:
        return False
    if any(marker in name for marker in AGENCY_MARKERS):
        return False
    return not any(name.startswith(region) for region in regions)


# ---------------------------------------------------------------- the linker


def _project_refs(record: Record) -> list[Optional[str]]:
    if isinstance(record, (ProjectAmount, FundingSource, ExpenditureDetail)):
        return [record.project]
    if isinstance(record, Citation):
        return [record.citing_project]
    if isinstance(record, (Goal, Indicator)):
        return [record.owner_project]
    if isinstance(record, (Execution, EvaluationScore)):
        return [record.project]
    return []


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


def link(records: Iterable[Record], regions: Optional[Mapping[str, str]] = None) -> Linking:
    """Decide which printed names denote one thing.

    `regions` maps region names to 行政区划 codes (default: every region of the gazetteer
    whose name is its own, and the regions the documents and organisations were found to
    belong to -- which settle the names several regions bear -- with the regions above them).
    """
    records = list(records)
    if regions is None:
        codes = (r.region_code for r in records if isinstance(r, (Document, Organisation)))
        regions = {**unambiguous_region_names(), **{r.name: r.code for r in with_ancestors(codes)}}
    linking = Linking()
    for r in records:
        if isinstance(r, Document):
            linking.documents[r.file] = r
    _link_departments(records, regions, linking)
    _link_projects(records, linking)
    _link_policies(records, linking)
    return linking


def _link_departments(records: list[Record], regions: Mapping[str, str], linking: Linking) -> None:
    resolver = _DepartmentResolver(regions)
    by_doc: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_doc[r.prov.document].append(r)
    codes = linking.unit_codes
    for document, recs in sorted(by_doc.items()):
        doc_rec = linking.documents.get(document)
        doc = _DocRegions(doc_rec.region_code if doc_rec else None, {})
        if doc_rec and doc_rec.region_name and doc_rec.region_code:
            doc.names[doc_rec.region_name] = doc_rec.region_code
        printed: list[tuple[str, Optional[str], Optional[str]]] = []
        sections: list[tuple[str, Optional[str]]] = []  # (section, department printed beside it)
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
        for name, code, fallback in printed:
            region, canonical = resolver.resolve(name, doc, fallback)
            key = _department_key(region, canonical)
            dept = linking.departments.setdefault(key, Department(key, region, canonical))
            dept.printed.add(name)
            linking._departments_by_name[(document, name)] = key
            if code:
                dept.code = dept.code or code
                if region:
                    codes.setdefault((region, code), key)
        _link_sections(document, sections, doc_rec, linking)
    for r in records:
        if isinstance(r, Organisation) and r.parent_name and squeeze(r.name) and squeeze(r.parent_name):
            child = linking.departments[linking._departments_by_name[(r.prov.document, squeeze(r.name))]]
            parent = linking._departments_by_name[(r.prov.document, squeeze(r.parent_name))]
            if parent != child.key and child.parent is None:
                child.parent = parent
    for dept in linking.departments.values():
        if dept.parent:
            continue
        if dept.name.endswith(UNIT_SUFFIX) and len(dept.name) > len(UNIT_SUFFIX):
            parent = _department_key(dept.region, dept.name[: -len(UNIT_SUFFIX)])
            dept.parent = parent
        elif dept.code and dept.region and len(dept.code) > 3:
            dept.parent = codes.get((dept.region, dept.code[:3]))
    for dept in list(linking.departments.values()):
        if dept.parent and dept.parent not in linking.departments:
            parent_name = dept.parent.split("/", 1)[-1]
            linking.departments[dept.parent] = Department(dept.parent, dept.region, parent_name)


def _link_sections(document: str, sections: list[tuple[str, Optional[str]]], doc_rec: Optional[Document],
                   linking: Linking) -> None:
    """Key each internal section under the department printed beside it, else the publisher's."""
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


def _project_amounts(records: list[Record]) -> dict[tuple[str, str], set[Decimal]]:
    """Printed amounts of each (document, project reference), to tell variants apart."""
    out: dict[tuple[str, str], set[Decimal]] = defaultdict(set)
    for r in records:
        if isinstance(r, Project):
            for a in (r.current_year_budget, r.total_budget):
                if a is not None:
                    out[(r.prov.document, squeeze(r.name))].add(a)
        elif isinstance(r, ProjectAmount):
            out[(r.prov.document, squeeze(r.project))].add(r.amount)
    return out


def _link_projects(records: list[Record], linking: Linking) -> None:
    projects = [r for r in records if isinstance(r, Project)]
    linker = _ProjectLinker(linking, _project_amounts(records))
    linker.link_coded(projects)
    linker.link_uncoded(projects)
    linker.settle_competent_departments(projects)
    linker.choose_budget_sources(projects)
    linker.index_references(projects)
    linker.link_unlisted_references(records)


class _ProjectLinker:
    """The steps of project linking, sharing what the coded projects taught.

    Coded projects are linked first: a code is the project's identity.  An uncoded mention
    then joins a coded project of the same document and name, of a name one edit away with a
    shared amount, or of the same department and name; otherwise it is a project of its own,
    keyed by department and name.
    """

    def __init__(self, linking: Linking, amounts: dict[tuple[str, str], set[Decimal]]):
        self.linking = linking
        self.amounts = amounts
        self.coded_by_doc_name: dict[tuple[str, str], str] = {}
        self.coded_by_dept_name: dict[tuple[Optional[str], str], set[str]] = defaultdict(set)
        self.coded_in_doc: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def department_of(self, r: Project) -> Optional[str]:
        doc, linking = r.prov.document, self.linking
        return (linking.department_key(doc, r.department) or linking.department_key(doc, r.executing_unit)
                or linking.document_department(doc))

    def node(self, key: str, code: Optional[str], dept: Optional[str]) -> ProjectNode:
        linking = self.linking
        p = linking.projects.get(key)
        if p is None:
            p = linking.projects[key] = ProjectNode(key, code, dept)
            if code:
                p.decoded = decode_project_code(code)
                if p.decoded:
                    p.coded_department = linking.unit_codes.get((p.decoded.region, p.decoded.department_code))
        p.department = p.department or dept
        return p

    def resolve_name(self, doc: str, name: str, dept: Optional[str], own: frozenset = frozenset()) -> str:
        if (doc, name) in self.coded_by_doc_name:
            return self.coded_by_doc_name[(doc, name)]
        mine = own or self.amounts.get((doc, name), set())
        for other, code in self.coded_in_doc.get(doc, []):
            if one_edit_apart(name, other) and mine & self.amounts.get((doc, other), set()):
                return code
        global_codes = self.coded_by_dept_name.get((dept, name), set())
        if len(global_codes) == 1:
            return next(iter(global_codes))
        return f"{dept}/{name}" if dept else name

    def link_coded(self, projects: list[Project]) -> None:
        for r in projects:
            if r.code and squeeze(r.code):
                code = squeeze(r.code)
                dept = self.department_of(r)
                self.node(code, code, dept).names[squeeze(r.name)] += 1
                self.linking._project_by_record[id(r)] = code
                self.coded_by_doc_name[(r.prov.document, squeeze(r.name))] = code
                self.coded_by_dept_name[(dept, squeeze(r.name))].add(code)
        for (doc, name), code in sorted(self.coded_by_doc_name.items()):
            self.coded_in_doc[doc].append((name, code))

    def link_uncoded(self, projects: list[Project]) -> None:
        for r in projects:
            if id(r) in self.linking._project_by_record:
                continue
            dept = self.department_of(r)
            own = frozenset(a for a in (r.current_year_budget, r.total_budget) if a is not None)
            key = self.resolve_name(r.prov.document, squeeze(r.name), dept, own)
            self.node(key, key if PROJECT_CODE.match(key) else None, dept).names[squeeze(r.name)] += 1
            self.linking._project_by_record[id(r)] = key

    def settle_competent_departments(self, projects: list[Project]) -> None:
        """The competent department is what records print as 主管部门, before any fallback."""
        linking = self.linking
        competent: dict[str, Counter] = defaultdict(Counter)
        for r in projects:
            dept = linking.department_key(r.prov.document, r.department)
            if dept:
                competent[linking._project_by_record[id(r)]][dept] += 1
        for key, counts in competent.items():
            linking.projects[key].department = min(counts, key=lambda d: (-counts[d], d))

    def choose_budget_sources(self, projects: list[Project]) -> None:
        """One budget figure per project: the project table's when there is one, else a form's."""
        linking = self.linking
        ranked = sorted((r for r in projects if r.total_budget is not None or r.current_year_budget is not None),
                        key=lambda r: (r.source_table != PROJECT_TABLE, r.prov.document, r.prov.line_start))
        for r in ranked:
            chosen = linking.projects[linking._project_by_record[id(r)]]
            if chosen.budget_source is None:
                chosen.budget_source = id(r)

    def index_references(self, projects: list[Project]) -> None:
        refs = self.linking._project_refs
        for r in projects:
            key = self.linking._project_by_record[id(r)]
            refs.setdefault((r.prov.document, squeeze(r.name)), []).append((r.prov.line_start, key))
            if r.code and squeeze(r.code):
                refs.setdefault((r.prov.document, squeeze(r.code)), []).append((r.prov.line_start, key))
        for lines in refs.values():
            lines.sort()

    def link_unlisted_references(self, records: list[Record]) -> None:
        """References from other records to projects no Project record describes."""
        linking = self.linking
        for r in records:
            for ref in _project_refs(r):
                if not ref or not squeeze(ref):
                    continue
                doc, name = r.prov.document, squeeze(ref)
                if PROJECT_CODE.match(name):
                    self.node(name, name, linking.document_department(doc))
                    continue
                if (doc, name) in linking._project_refs:
                    continue
                dept = linking.document_department(doc)
                key = self.resolve_name(doc, name, dept)
                self.node(key, key if PROJECT_CODE.match(key) else None, dept).names[name] += 1
                linking._project_refs[(doc, name)] = [(0, key)]


def _link_policies(records: list[Record], linking: Linking) -> None:
    citations = [r for r in records if isinstance(r, Citation)]
    by_title: dict[str, set[str]] = defaultdict(set)
    for c in citations:
        number = normalise_doc_number(c.doc_number or "") or (normalise_doc_number(c.printed) if c.printed else None)
        if not number:
            continue
        pol = linking.policies.setdefault(number, Policy(number, number))
        parsed = parse_doc_number(number)  # a normalised 文号 always parses
        pol.issuer_code = pol.issuer_code or parsed.issuer_code
        pol.year = pol.year or parsed.year
        pol.number = pol.number or parsed.number
        if pol.citing_region is None and c.prov.document in linking.documents:
            pol.citing_region = linking.documents[c.prov.document].region_code
        if c.title and normalise_title(c.title):
            pol.titles[normalise_title(c.title)] += 1
            by_title[normalise_title(c.title)].add(number)
        linking._policy_by_record[id(c)] = number
    for c in citations:
        if id(c) in linking._policy_by_record or not c.title or not normalise_title(c.title):
            continue
        title = normalise_title(c.title)
        numbers = by_title.get(title, set())
        if len(numbers) == 1:
            key = next(iter(numbers))
        else:
            key = f"title/{title}"
            linking.policies.setdefault(key, Policy(key, None)).titles[title] += 1
        linking._policy_by_record[id(c)] = key


# ---------------------------------------------------------------- one document's view


@dataclass(frozen=True)
class DepartmentView:
    """What a document's mapping may know of a department (values, not the printed set)."""

    key: str
    region: Optional[str]
    name: str
    label: str
    code: Optional[str]
    parent: Optional[str]
    section: bool


@dataclass(frozen=True)
class ProjectView:
    key: str
    code: Optional[str]
    label: str
    department: Optional[str]
    decoded: Optional[DecodedProjectCode]
    coded_department: Optional[str]


@dataclass(frozen=True)
class PolicyView:
    key: str
    doc_number: Optional[str]
    title: Optional[str]
    issuer_code: Optional[str]
    year: Optional[int]
    number: Optional[str]
    citing_region: Optional[str]


@dataclass
class DocumentLinks:
    """The linking decisions one document's records depend on, and nothing else.

    Mapping a document reads the linker only through this view, so the document's graph is a
    function of its records and of :meth:`digest`: when neither changed, the graph did not
    either, and an incremental build can reuse it.  Asking for anything outside the view (a
    department the document never prints) is a ``KeyError``, never a silently stale answer.
    The methods mirror :class:`Linking`'s.
    """

    file: str
    document: Optional[Document]
    department_by_name: dict[str, str]
    departments: dict[str, DepartmentView]
    project_refs: dict[str, tuple[tuple[int, str], ...]]
    projects: dict[str, ProjectView]
    project_by_position: dict[int, str]  # position of a Project record among the document's records
    budget_sources: frozenset[int]  # positions of the records whose budget figures count
    policy_by_position: dict[int, str]
    policies: dict[str, PolicyView]
    _positions: dict[int, int] = field(default_factory=dict, repr=False)  # id(record) -> position

    @property
    def documents(self) -> dict[str, Document]:
        return {self.file: self.document} if self.document else {}

    def _own(self, document: str) -> None:
        if document != self.file:
            raise KeyError(f"the links of {self.file} know nothing of {document}")

    def department_key(self, document: str, printed: Optional[str]) -> Optional[str]:
        self._own(document)
        if not printed or not squeeze(printed):
            return None
        return self.department_by_name.get(squeeze(printed))

    def document_department(self, document: str) -> Optional[str]:
        doc = self.document
        return self.department_key(document, doc.department) if doc and doc.department else None

    def project_key(self, document: str, reference: Optional[str], line: int = 0) -> Optional[str]:
        self._own(document)
        if not reference or not squeeze(reference):
            return None
        ref = squeeze(reference)
        if PROJECT_CODE.match(ref):
            return ref
        candidates = self.project_refs.get(ref)
        if not candidates:
            return None
        before = [c for c in candidates if c[0] <= line]
        return (before[-1] if before else candidates[0])[1]

    def project_of(self, record: Project) -> str:
        return self.project_by_position[self._positions[id(record)]]

    def is_budget_source(self, record: Project) -> bool:
        return self._positions[id(record)] in self.budget_sources

    def policy_key(self, citation: Citation) -> Optional[str]:
        return self.policy_by_position.get(self._positions[id(citation)])

    def digest(self) -> str:
        """A hash of every decision in the view (stable across runs: values only, no ids)."""
        doc = self.document
        parts = (
            self.file,
            repr(doc) if doc else "",
            sorted(self.department_by_name.items()),
            sorted(map(repr, self.departments.values())),
            sorted(self.project_refs.items()),
            sorted(map(repr, self.projects.values())),
            sorted(self.project_by_position.items()),
            sorted(self.budget_sources),
            sorted(self.policy_by_position.items()),
            sorted(map(repr, self.policies.values())),
        )
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _department_view(d: Department) -> DepartmentView:
    return DepartmentView(d.key, d.region, d.name, d.label, d.code, d.parent, d.section)


def _project_view(p: ProjectNode) -> ProjectView:
    return ProjectView(p.key, p.code, p.label, p.department, p.decoded, p.coded_department)


def _policy_view(p: Policy) -> PolicyView:
    return PolicyView(p.key, p.doc_number, p.title, p.issuer_code, p.year, p.number, p.citing_region)


def _printed_codes(record: Record) -> list[str]:
    """Project codes a record prints (references the mapping resolves without the linker)."""
    refs = [*_project_refs(record)]
    if isinstance(record, (Project, BudgetLine)):
        refs.append(record.code)
    return [squeeze(r) for r in refs if r and PROJECT_CODE.match(squeeze(r))]


def document_links(linking: Linking, file: str, records: list[Record]) -> DocumentLinks:
    """The view of `linking` that the records of document `file` (in mapping order) need."""
    by_name = {name: key for (doc, name), key in linking._by_document("departments").get(file, [])}
    refs = {name: tuple(c) for (doc, name), c in linking._by_document("projects").get(file, [])}
    dept_keys = set(by_name.values())
    pending = list(dept_keys)
    while pending:  # a unit's mapping names its parent's label, and so on upwards
        parent = linking.departments[pending.pop()].parent
        if parent and parent not in dept_keys:
            dept_keys.add(parent)
            pending.append(parent)
    positions = {id(r): i for i, r in enumerate(records)}
    project_by_position, budget_sources, policy_by_position = {}, set(), {}
    project_keys = {key for candidates in refs.values() for _, key in candidates}
    for i, r in enumerate(records):
        if isinstance(r, Project):
            project_by_position[i] = linking.project_of(r)
            if linking.is_budget_source(r):
                budget_sources.add(i)
        elif isinstance(r, Citation) and linking.policy_key(r) is not None:
            policy_by_position[i] = linking.policy_key(r)  # type: ignore[assignment]
        project_keys.update(c for c in _printed_codes(r) if c in linking.projects)
    project_keys.update(project_by_position.values())
    return DocumentLinks(
        file=file,
        document=linking.documents.get(file),
        department_by_name=by_name,
        departments={k: _department_view(linking.departments[k]) for k in dept_keys},
        project_refs=refs,
        projects={k: _project_view(linking.projects[k]) for k in project_keys},
        project_by_position=project_by_position,
        budget_sources=frozenset(budget_sources),
        policy_by_position=policy_by_position,
        policies={k: _policy_view(linking.policies[k]) for k in set(policy_by_position.values())},
        _positions=positions,
    )
