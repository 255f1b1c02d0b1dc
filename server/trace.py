"""The policy tracer: a 文号 or title words -> the projects and departments citing the policy.

Values from the request are bound as substitutions, never pasted into query text; only the
variable names ``?w0 … ?wN`` (ours) vary with the number of words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg_build.docnumber import normalise_doc_number
from ontology.namespaces import sparql_prologue

from queries import page_query

from .backend import Backend, iri, literal

MAX_WORDS = 8
MAX_POLICIES = 30
MAX_PROJECTS = 20


@dataclass
class CitationView:
    quote: str
    file: str
    line: str
    printed: str
    document: str
    page: str = ""  # PDF page, empty for text sources


@dataclass
class CitingProject:
    iri: str | None
    label: str
    code: str
    department: str | None
    department_label: str
    citations: list[CitationView] = field(default_factory=list)


@dataclass
class PolicyTrace:
    iri: str
    id_local: str
    title: str
    projects: list[CitingProject] = field(default_factory=list)

    @property
    def departments(self) -> set[str]:
        return {p.department for p in self.projects if p.department}


@dataclass
class LegalBasis:
    policy: str
    id_local: str
    title: str
    citations: list[CitationView] = field(default_factory=list)


@dataclass
class ProjectBases:
    iri: str
    label: str
    code: str
    bases: list[LegalBasis] = field(default_factory=list)


def words_of(text: str) -> list[str]:
    """Search words: a 文号 in any bracket style counts as one normalised word."""
    text = text.strip()
    number = normalise_doc_number(text)
    if number:
        return [number]
    return [normalise_doc_number(w) or w for w in re.split(r"\s+", text) if w][:MAX_WORDS]


def _v(row: dict, name: str) -> str:
    return row[name]["value"] if name in row else ""


def find_policies(backend: Backend, text: str) -> list[PolicyTrace]:
    words = words_of(text)
    if not words:
        return []
    if len(words) == 1 and normalise_doc_number(words[0]):
        where = "?policy eli:id_local ?w0 ."
    else:
        where = " ".join(
            f"FILTER(CONTAINS(?t, ?w{i}) || CONTAINS(?i, ?w{i}))" for i in range(len(words)))
    query = sparql_prologue(backend.base_iri) + f"""
SELECT ?policy (SAMPLE(?i) AS ?id) (SAMPLE(?t) AS ?title) WHERE {{
  ?policy a eli:LegalResource .
  OPTIONAL {{ ?policy eli:id_local ?idl }} OPTIONAL {{ ?policy eli:title ?tl }}
  BIND(COALESCE(STR(?idl), "") AS ?i) BIND(COALESCE(STR(?tl), "") AS ?t)
  {where}
}} GROUP BY ?policy ORDER BY ?id LIMIT {MAX_POLICIES}"""
    subs = {f"w{i}": literal(w) for i, w in enumerate(words)}
    table = backend.table(query, subs)
    policies = [PolicyTrace(_v(r, "policy"), _v(r, "id"), _v(r, "title")) for r in table.rows]
    for policy in policies:
        policy.projects = citing(backend, policy.iri)
    # Policies that reach across departments are what policy staff look for first.
    policies.sort(key=lambda p: (len(p.departments) <= 1, -len(p.departments), -len(p.projects), p.id_local))
    return policies


def citing(backend: Backend, policy: str, limit: int | None = None) -> list[CitingProject]:
    """The projects (and departments) citing `policy`, each with its citations in document
    order: the first 50 citations (the query's limit), or the first `limit`."""
    table = backend.table(page_query("policy-citations-of").bound_sparql({"entity": policy}))
    by_key: dict[str, CitingProject] = {}
    seen: set[str] = set()
    for r in table.rows:
        if _v(r, "c") in seen:
            continue  # a project printed under two names or departments: one row is enough
        if limit and len(seen) >= limit:
            break
        seen.add(_v(r, "c"))
        key = _v(r, "project") or "dept:" + _v(r, "department")
        entry = by_key.setdefault(key, CitingProject(
            _v(r, "project") or None, _v(r, "project_label"), _v(r, "code"), _v(r, "department") or None,
            _v(r, "department_label")))
        entry.citations.append(CitationView(_v(r, "quote"), _v(r, "file"), _v(r, "line"), _v(r, "printed"), _v(r, "doc"),
                                            _v(r, "page")))
    return sorted(by_key.values(), key=lambda p: (p.iri is None, p.department_label, p.label))


def find_projects(backend: Backend, text: str) -> list[ProjectBases]:
    words = [w for w in re.split(r"\s+", text.strip()) if w][:MAX_WORDS]
    if not words:
        return []
    filters = " ".join(f"FILTER(CONTAINS(?name, ?w{i}) || ?code = ?w{i})" for i in range(len(words)))
    query = sparql_prologue(backend.base_iri) + f"""
SELECT ?project (SAMPLE(?n) AS ?label) (SAMPLE(?code) AS ?pcode) WHERE {{
  ?project a bkg:BudgetProject .
  OPTIONAL {{ ?project skos:prefLabel ?n0 }} BIND(COALESCE(STR(?n0), "") AS ?n)
  OPTIONAL {{ ?project skos:prefLabel|skos:altLabel ?a0 }} BIND(COALESCE(STR(?a0), "") AS ?name)
  OPTIONAL {{ ?project bkg:projectCode ?c0 }} BIND(COALESCE(STR(?c0), "") AS ?code)
  {filters}
}} GROUP BY ?project ORDER BY ?label LIMIT {MAX_PROJECTS}"""
    table = backend.table(query, {f"w{i}": literal(w) for i, w in enumerate(words)})
    found = [ProjectBases(_v(r, "project"), _v(r, "label"), _v(r, "pcode")) for r in table.rows]
    for p in found:
        p.bases = legal_bases(backend, p.iri)
    return found


def legal_bases(backend: Backend, project: str) -> list[LegalBasis]:
    table = backend.table(page_query("legal-bases-of").bound_sparql({"entity": project}))
    by_policy: dict[str, LegalBasis] = {}
    seen: set[str] = set()
    for r in table.rows:
        basis = by_policy.setdefault(_v(r, "policy"), LegalBasis(_v(r, "policy"), _v(r, "doc_number"), _v(r, "title")))
        if "c" in r and _v(r, "c") not in seen:  # a policy printed with two titles: its citations once
            seen.add(_v(r, "c"))
            basis.citations.append(CitationView(_v(r, "quote"), _v(r, "file"), _v(r, "line"), _v(r, "printed"), _v(r, "doc"),
                                                _v(r, "page")))
    return list(by_policy.values())
