"""The policy tracer: a 文号 or title words -> the projects and departments citing the policy.

Every query is a page query (``queries/pages/``); the words of a search are its parameters,
bound as RDF terms, never pasted into query text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg_build.docnumber import normalise_doc_number
from queries import NamedQuery, page_query
from queries.search_index import search_words

from .backend import Backend


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


def _word_parameters(query: NamedQuery, words: list[str]) -> dict[str, str]:
    """The words as the query's ``word1`` … parameters; words past the last are left out."""
    return dict(zip((p.name for p in query.parameters if p.name.startswith("word")), words))


def is_doc_number(text: str) -> bool:
    """Whether a search is one 文号 (in any bracket style), looked up whole."""
    words = search_words(text)
    return len(words) == 1 and bool(normalise_doc_number(words[0]))


def find_policies(backend: Backend, text: str) -> list[PolicyTrace]:
    words = search_words(text)
    if not words:
        return []
    query = page_query("policies-matching")
    params = {"doc_number": words[0]} if is_doc_number(text) else _word_parameters(query, words)
    table = backend.table(query.bound_sparql(params))
    policies = [PolicyTrace(r["policy"], r["id"], r["title"]) for r in table.records("")]
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
    for r in table.records(""):
        if r["c"] in seen:
            continue  # a project printed under two names or departments: one row is enough
        if limit and len(seen) >= limit:
            break
        seen.add(r["c"])
        key = r["project"] or "dept:" + r["department"]
        entry = by_key.setdefault(key, CitingProject(
            r["project"] or None, r["project_label"], r["code"], r["department"] or None,
            r["department_label"]))
        entry.citations.append(CitationView(r["quote"], r["file"], r["line"], r["printed"], r["doc"],
                                            r["page"]))
    return sorted(by_key.values(), key=lambda p: (p.iri is None, p.department_label, p.label))


def find_projects(backend: Backend, text: str) -> list[ProjectBases]:
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    if not words:
        return []
    query = page_query("projects-matching")
    table = backend.table(query.bound_sparql(_word_parameters(query, words)))
    found = [ProjectBases(r["project"], r["label"], r["pcode"]) for r in table.records("")]
    for p in found:
        p.bases = legal_bases(backend, p.iri)
    return found


def legal_bases(backend: Backend, project: str) -> list[LegalBasis]:
    table = backend.table(page_query("legal-bases-of").bound_sparql({"entity": project}))
    by_policy: dict[str, LegalBasis] = {}
    seen: set[str] = set()
    for r in table.records(""):
        basis = by_policy.setdefault(r["policy"], LegalBasis(r["policy"], r["doc_number"], r["title"]))
        if r["c"] and r["c"] not in seen:  # a policy printed with two titles: its citations once
            seen.add(r["c"])
            basis.citations.append(CitationView(r["quote"], r["file"], r["line"], r["printed"], r["doc"],
                                                r["page"]))
    return list(by_policy.values())
