"""BudgetLine records → RDF Data Cube observations, one per printed amount.

Dimensions: department, classification code, fiscal year, budget phase, column (and the
expenditure type read from it); measure: the amount in 万元 (``xsd:decimal``).  The printed
figure and unit stay beside it so a reader can check the conversion.
"""
from __future__ import annotations

from typing import Optional

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF

from kg_build.extract.cells import squeeze
from linking import PROJECT_CODE
from kg_build.records import BudgetLine
from kg_build.rulebook.standard_tables import GROUP_TOTAL, TABLE_TOTALS, identify

from .base import MappingContext, decimal, integer, mapper, text
from .codelists import PHASES, classification_concept
from ontology.namespaces import BKG, QB

# What a column heading says about the kind of expenditure; first match wins.
EXPENDITURE_TYPES: tuple[tuple[str, str], ...] = (
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("人员经费", "personnel"),
    ("公用经费", "public-funds"),
    *((label, "total") for label in (*TABLE_TOTALS, GROUP_TOTAL)),
)


def expenditure_type(column: str) -> Optional[str]:
    return next((kind for word, kind in EXPENDITURE_TYPES if word in column), None)


@mapper(BudgetLine)
def map_budget_line(rec: BudgetLine, ctx: MappingContext) -> None:
    dataset = ctx.iris.dataset(ctx.file)
    ctx.add(dataset, RDF.type, QB.DataSet)
    ctx.add(dataset, QB.structure, BKG.budgetTableStructure)
    ctx.add(dataset, DCTERMS.source, ctx.document_iri)
    obs = ctx.record_node("observation", QB.Observation, rec.prov)
    ctx.add(obs, QB.dataSet, dataset)
    ctx.add(obs, BKG.department, ctx.department(rec.department) or ctx.publisher())
    concept = classification_concept(ctx.iris, rec.classification, rec.code)
    ctx.add(obs, BKG.classificationCode, concept)
    ctx.add(obs, BKG.classification, text(rec.classification))
    ctx.add(obs, BKG.code, text(rec.code))
    if rec.classification == "project" and rec.code and PROJECT_CODE.match(squeeze(rec.code)):
        ctx.add(obs, BKG.project, ctx.project(rec.code, rec.prov.line_start))
    if rec.classification == "unit":
        ctx.add(obs, BKG.budgetUnit, ctx.department(rec.name))
    ctx.add(obs, BKG.lineName, text(rec.name))
    ctx.add(obs, BKG.fiscalYear, integer(rec.fiscal_year))
    if rec.phase in PHASES:
        ctx.add(obs, BKG.budgetPhase, ctx.iris.code("phase", PHASES[rec.phase].key))
    ctx.add(obs, BKG.column, text(rec.column))
    ctx.add(obs, BKG.expenditureType, text(expenditure_type(rec.column or "")))
    ctx.add(obs, BKG.table, text(rec.table))
    ctx.add(obs, BKG.tableNumber, text(rec.table_number))
    standard = identify(rec.table)
    if standard is not None:  # which of the genre's standard tables: what the prose restates
        ctx.add(obs, BKG.standardTable, ctx.iris.code("standard-table", standard.key))
    ctx.add(obs, BKG.amountValue, decimal(rec.amount))
    ctx.add(obs, BKG.printedAmount, Literal(rec.printed_amount))
    ctx.add(obs, BKG.printedUnit, text(rec.printed_unit))
