"""Project records → budget projects, with code decoding, amounts and each printed mention.

A project is shared between documents (same code = same project); each document's graph
says how that document prints it: the name variant, the line, the amounts it gives.
"""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from kg_build.link import fold
from kg_build.records import ExpenditureDetail, FundingSource, Project, ProjectAmount

from .base import MappingContext, decimal, integer, mapper, text, zh
from .namespaces import BKG
from .organisation import describe_department


def describe_project(ctx: MappingContext, key: str) -> URIRef:
    """Type, label and decode a project node in this document's graph."""
    node = ctx.links.projects[key]
    iri = ctx.iris.project(key)
    g = ctx.graph
    g.add((iri, RDF.type, BKG.BudgetProject))
    g.add((iri, SKOS.prefLabel, zh(node.label)))
    if node.code:
        g.add((iri, BKG.projectCode, text(node.code)))
    if node.decoded:
        g.add((iri, BKG.region, ctx.iris.region(node.decoded.region)))
        g.add((iri, BKG.codeYear, integer(node.decoded.year)))
        g.add((iri, BKG.departmentBudgetCode, text(node.decoded.department_code)))
        if node.coded_department:
            g.add((iri, BKG.codedDepartment, ctx.iris.department(node.coded_department)))
    if node.department:
        g.add((iri, BKG.competentDepartment, ctx.iris.department(node.department)))
    doc = ctx.links.documents.get(ctx.file)
    if doc and doc.fiscal_year:
        g.add((iri, BKG.fiscalYear, integer(doc.fiscal_year)))
    return iri


@mapper(Project)
def map_project(rec: Project, ctx: MappingContext) -> None:
    key = ctx.links.project_of(rec)
    iri = describe_project(ctx, key)
    label = ctx.links.projects[key].label
    if fold(rec.name) != label:
        ctx.add(iri, SKOS.altLabel, zh(fold(rec.name)))
    dept = describe_department(ctx, rec.department, rec.prov)
    ctx.add(iri, BKG.competentDepartment, dept)
    ctx.add(iri, BKG.executingUnit, describe_department(ctx, rec.executing_unit, rec.prov))
    ctx.add(iri, BKG.category, text(rec.category))
    ctx.add(iri, BKG.frequency, text(rec.frequency))
    if ctx.links.is_budget_source(rec):  # other printed figures stay as bkg:ProjectAmount nodes
        ctx.add(iri, BKG.totalBudget, decimal(rec.total_budget))
        ctx.add(iri, BKG.currentYearBudget, decimal(rec.current_year_budget))
    ctx.add(iri, BKG.mainContent, text(rec.main_content))
    ctx.mention(iri, rec.prov, fold(rec.name))
    for year, amount in rec.earlier_budgets:
        a = ctx.node("amount", rec.prov.line_start)
        ctx.add(iri, BKG.amount, a)
        ctx.add(a, RDF.type, BKG.ProjectAmount)
        ctx.add(a, BKG.amountKind, text("earlier_year"))
        ctx.add(a, BKG.amountValue, decimal(amount))
        ctx.add(a, BKG.year, integer(year))
        ctx.add(a, BKG.context, text(rec.source_table))
        ctx.provenance(a, rec.prov)


def _project_node(ctx: MappingContext, reference: str, line: int):
    key = ctx.links.project_key(ctx.file, reference, line)
    return describe_project(ctx, key) if key else None


@mapper(ProjectAmount)
def map_project_amount(rec: ProjectAmount, ctx: MappingContext) -> None:
    a = ctx.node("amount", rec.prov.line_start)
    ctx.add(a, RDF.type, BKG.ProjectAmount)
    ctx.add(_project_node(ctx, rec.project, rec.prov.line_start), BKG.amount, a)
    ctx.add(a, BKG.amountKind, text(rec.kind))
    ctx.add(a, BKG.amountValue, decimal(rec.amount))
    ctx.add(a, BKG.year, integer(rec.year))
    ctx.add(a, BKG.context, text(rec.context))
    ctx.provenance(a, rec.prov)


@mapper(FundingSource)
def map_funding_source(rec: FundingSource, ctx: MappingContext) -> None:
    f = ctx.node("funding", rec.prov.line_start)
    ctx.add(f, RDF.type, BKG.FundingSource)
    ctx.add(f, BKG.fundingOf, _project_node(ctx, rec.project, rec.prov.line_start))
    ctx.add(f, BKG.sourceName, text(rec.source))
    ctx.add(f, BKG.amountValue, decimal(rec.amount))
    ctx.add(f, BKG.context, text(rec.context))
    ctx.provenance(f, rec.prov)


@mapper(ExpenditureDetail)
def map_expenditure_detail(rec: ExpenditureDetail, ctx: MappingContext) -> None:
    i = ctx.node("item", rec.prov.line_start)
    ctx.add(i, RDF.type, BKG.ExpenditureItem)
    ctx.add(i, BKG.itemOf, _project_node(ctx, rec.project, rec.prov.line_start))
    ctx.add(i, BKG.itemName, text(rec.item))
    ctx.add(i, BKG.amountValue, decimal(rec.amount))
    ctx.add(i, BKG.basis, text(rec.basis))
    ctx.provenance(i, rec.prov)
