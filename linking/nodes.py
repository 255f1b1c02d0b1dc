"""The linked nodes (departments, projects, policies) and :class:`Linking`, the linker's answer,
with the lookups mapping asks of it."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional, Sequence

from kg_build.extract.cells import squeeze
from kg_build.records import Citation, Document, Project


# Region code (6) + year (2) + department budget code (3) + letter + serial.
PROJECT_CODE = re.compile(r"^(?P<region>\d{6})(?P<year>\d{2})(?P<dept>\d{3})(?P<kind>[A-Z])(?P<serial>\d{3,})$")


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
    # the region a relative code (市政办发, printed by every city for its own) was resolved to:
    # part of the key, so two cities' 市政办发〔2022〕30号 stay two policies; None for absolute codes
    region: Optional[str] = None

    @property
    def title(self) -> Optional[str]:
        if not self.titles:
            return None
        return min(self.titles, key=lambda t: (-self.titles[t], -len(t), t))


class _Lookups:
    """The lookups mapping asks of the linker, answered alike by :class:`Linking` (every document,
    while and after linking) and :class:`DocumentLinks` (one document's view); each supplies
    only where its answers are kept."""

    def _document(self, document: str) -> Optional[Document]:
        raise NotImplementedError

    def _department_named(self, document: str, name: str) -> Optional[str]:
        raise NotImplementedError

    def _project_candidates(self, document: str, reference: str) -> Sequence[tuple[int, str]]:
        raise NotImplementedError

    def department_key(self, document: str, printed: Optional[str]) -> Optional[str]:
        if not printed or not squeeze(printed):
            return None
        return self._department_named(document, squeeze(printed))

    def document_department(self, document: str) -> Optional[str]:
        doc = self._document(document)
        return self.department_key(document, doc.department) if doc and doc.department else None

    def project_key(self, document: str, reference: Optional[str], line: int = 0) -> Optional[str]:
        """The project a printed reference (code or name) at `line` of `document` means."""
        if not reference or not squeeze(reference):
            return None
        ref = squeeze(reference)
        if PROJECT_CODE.match(ref):
            return ref
        candidates = self._project_candidates(document, ref)
        if not candidates:
            return None
        before = [c for c in candidates if c[0] <= line]
        return (before[-1] if before else candidates[0])[1]


@dataclass
class Linking(_Lookups):
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

    def _document(self, document: str) -> Optional[Document]:
        return self.documents.get(document)

    def _department_named(self, document: str, name: str) -> Optional[str]:
        return self._departments_by_name.get((document, name))

    def _project_candidates(self, document: str, reference: str) -> Sequence[tuple[int, str]]:
        return self._project_refs.get((document, reference), ())

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
