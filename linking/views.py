"""One document's view of the linking: the decisions its records depend on, and nothing else."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Optional, Sequence

from kg_build.extract.cells import squeeze
from kg_build.records import (
    BudgetLine,
    Citation,
    Document,
    Project,
    Record,
)

from .nodes import PROJECT_CODE, DecodedProjectCode, Department, Linking, Policy, ProjectNode, _Lookups
from .projects import project_references


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
    region: Optional[str]  # the region a relative 文号 is keyed with (see Policy.region)


@dataclass
class DocumentLinks(_Lookups):
    """The linking decisions one document's records depend on, and nothing else.

    Mapping a document reads the linker only through this view, so the document's graph is a
    function of its records and of :meth:`digest`: when neither changed, the graph did not
    either, and an incremental build can reuse it.  Asking for anything outside the view (a
    department the document never prints) is a ``KeyError``, never a silently stale answer.
    The lookups are :class:`Linking`'s.
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

    def _document(self, document: str) -> Optional[Document]:
        self._own(document)
        return self.document

    def _department_named(self, document: str, name: str) -> Optional[str]:
        self._own(document)
        return self.department_by_name.get(name)

    def _project_candidates(self, document: str, reference: str) -> Sequence[tuple[int, str]]:
        self._own(document)
        return self.project_refs.get(reference, ())

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
    return PolicyView(p.key, p.doc_number, p.title, p.issuer_code, p.year, p.number, p.citing_region, p.region)


def _printed_codes(record: Record) -> list[str]:
    """Project codes a record prints (references the mapping resolves without the linker)."""
    refs = [*project_references(record)]
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
