"""Project records → budget projects, with code decoding, amounts and each printed mention.

A project is shared between documents (same code = same project); each document's graph
says how that document prints it: the name variant, the line, the amounts it gives.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from kg_build.extract.cells import squeeze
from kg_build.records import AmountKind, ExpenditureDetail, FundingSource, Project, ProjectAmount, Provenance
from kg_build.regions import region_from_code_prefix

from .base import MappingContext, decimal, integer, mapper, text, zh
from ontology.namespaces import BKG
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
        region = region_from_code_prefix(node.decoded.region)  # a city's 421200 is 咸宁市, 4212
        if region is not None:
            g.add((iri, BKG.region, ctx.iris.region(region.code)))
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
    if squeeze(rec.name) != label:
        ctx.add(iri, SKOS.altLabel, zh(squeeze(rec.name)))
    dept = describe_department(ctx, rec.department, rec.prov)
    ctx.add(iri, BKG.competentDepartment, dept)
    ctx.add(iri, BKG.executingUnit, describe_department(ctx, rec.executing_unit, rec.prov))
    ctx.add(iri, BKG.category, text(rec.category))
    ctx.add(iri, BKG.frequency, text(rec.frequency))
    if ctx.links.is_budget_source(rec):  # other printed figures stay as bkg:ProjectAmount nodes
        ctx.add(iri, BKG.totalBudget, decimal(rec.total_budget))
        ctx.add(iri, BKG.currentYearBudget, decimal(rec.current_year_budget))
    ctx.add(iri, BKG.mainContent, text(rec.main_content))
    ctx.mention(iri, rec.prov, squeeze(rec.name))
    for year, amount in rec.earlier_budgets:
        _amount_node(ctx, iri, "earlier_year", amount, year, rec.source_table, rec.prov)


def _amount_node(ctx: MappingContext, project: Optional[URIRef], kind: AmountKind, amount: Optional[Decimal],
                 year: Optional[int], context: Optional[str], prov: Provenance) -> URIRef:
    """One printed figure of a project (earlier years' budgets, amounts outside the budget table)."""
    a = ctx.record_node("amount", BKG.ProjectAmount, prov)
    ctx.add(project, BKG.amount, a)
    ctx.add(a, BKG.amountKind, text(kind))
    ctx.add(a, BKG.amountValue, decimal(amount))
    ctx.add(a, BKG.year, integer(year))
    ctx.add(a, BKG.context, text(context))
    return a


def _project_node(ctx: MappingContext, reference: Optional[str], line: int) -> Optional[URIRef]:
    key = ctx.links.project_key(ctx.file, reference, line)
    return describe_project(ctx, key) if key else None


@mapper(ProjectAmount)
def map_project_amount(rec: ProjectAmount, ctx: MappingContext) -> None:
    project = _project_node(ctx, rec.project, rec.prov.line_start)
    _amount_node(ctx, project, rec.kind, rec.amount, rec.year, rec.context, rec.prov)


@mapper(FundingSource)
def map_funding_source(rec: FundingSource, ctx: MappingContext) -> None:
    f = ctx.record_node("funding", BKG.FundingSource, rec.prov)
    ctx.add(f, BKG.fundingOf, _project_node(ctx, rec.project, rec.prov.line_start))
    ctx.add(f, BKG.sourceName, text(rec.source))
    ctx.add(f, BKG.amountValue, decimal(rec.amount))
    ctx.add(f, BKG.context, text(rec.context))


@mapper(ExpenditureDetail)
def map_expenditure_detail(rec: ExpenditureDetail, ctx: MappingContext) -> None:
    i = ctx.record_node("item", BKG.ExpenditureItem, rec.prov)
    ctx.add(i, BKG.itemOf, _project_node(ctx, rec.project, rec.prov.line_start))
    ctx.add(i, BKG.itemName, text(rec.item))
    ctx.add(i, BKG.amountValue, decimal(rec.amount))
    ctx.add(i, BKG.basis, text(rec.basis))
