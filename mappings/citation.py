"""Citation records → policy documents (ELI), issuers, and citation nodes with the quote.

Two ways in for people and queries: the direct ``project bkg:legalBasis policy`` triple, and
the citation node that carries the citing sentence, the printed form and the line.
"""
from __future__ import annotations

from typing import Optional

from rdflib import URIRef
from rdflib.namespace import RDF

from kg_build.issuers import issuer_for
from linking import Policy
from kg_build.records import Citation

from .base import MappingContext, integer, mapper, text
from ontology.namespaces import BKG, ELI
from .organisation import describe_department
from .project import describe_project


def policy_iri(ctx: MappingContext, policy: Policy) -> URIRef:
    if policy.doc_number:
        return ctx.iris.policy(policy.doc_number, policy.region)
    return ctx.iris.policy_by_title(policy.key.split("/", 1)[1])


def describe_policy(ctx: MappingContext, policy: Policy) -> URIRef:
    iri = policy_iri(ctx, policy)
    g = ctx.graph
    g.add((iri, RDF.type, ELI.LegalResource))
    ctx.add(iri, ELI.id_local, text(policy.doc_number))
    ctx.add(iri, ELI.title, text(policy.title))
    ctx.add(iri, BKG.issuerCode, text(policy.issuer_code))
    ctx.add(iri, BKG.documentYear, integer(policy.year))
    ctx.add(iri, BKG.documentNumber, text(policy.number))
    issuer = issuer_for(policy.issuer_code, policy.citing_region) if policy.issuer_code else None
    if issuer is not None:
        ctx.add(iri, ELI.passed_by, ctx.iris.issuer(issuer.key))
        ctx.add(iri, BKG.level, ctx.iris.code("level", issuer.level))
    return iri


@mapper(Citation)
def map_citation(rec: Citation, ctx: MappingContext) -> None:
    key = ctx.links.policy_key(rec)
    if key is None:
        return  # neither a 文号 nor a title: nothing to point at (the reader warned)
    policy = describe_policy(ctx, ctx.links.policies[key])
    ctx.mention(policy, rec.prov, rec.printed)
    c = ctx.record_node("citation", BKG.Citation, rec.prov)
    ctx.add(c, BKG.citedPolicy, policy)
    ctx.add(c, BKG.printedForm, text(rec.printed))
    project = _citing_project(ctx, rec)
    if project is not None:
        ctx.add(c, BKG.citingProject, project)
        ctx.add(project, BKG.legalBasis, policy)
        ctx.add(project, BKG.citation, c)
        return
    dept = describe_department(ctx, rec.citing_department, rec.prov) or ctx.publisher()
    ctx.add(c, BKG.citingDepartment, dept)
    ctx.add(dept, BKG.legalBasis, policy)
    ctx.add(dept, BKG.citation, c)


def _citing_project(ctx: MappingContext, rec: Citation) -> Optional[URIRef]:
    key = ctx.links.project_key(ctx.file, rec.citing_project, rec.prov.line_start)
    return describe_project(ctx, key) if key else None
