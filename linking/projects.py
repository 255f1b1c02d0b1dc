"""Projects: coded and uncoded mentions of a project → one key (see :mod:`linking.link`)."""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Optional

from kg_build.extract.cells import squeeze
from kg_build.records import (
    PROJECT_TABLE,
    Citation,
    EvaluationScore,
    Execution,
    ExpenditureDetail,
    FundingSource,
    Goal,
    Indicator,
    Project,
    ProjectAmount,
    Record,
)

from .nodes import PROJECT_CODE, Linking, ProjectNode, decode_project_code, one_edit_apart


def project_references(record: Record) -> list[Optional[str]]:
    if isinstance(record, (ProjectAmount, FundingSource, ExpenditureDetail)):
        return [record.project]
    if isinstance(record, Citation):
        return [record.citing_project]
    if isinstance(record, (Goal, Indicator)):
        return [record.owner_project]
    if isinstance(record, (Execution, EvaluationScore)):
        return [record.project]
    return []


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


def link_projects(records: list[Record], linking: Linking) -> None:
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
            for ref in project_references(r):
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
