"""Statement and DocumentPart records → stated figures, headings and printed standard tables.

A stated figure keeps what the sentence says (subject, amount in 万元, the printed figure and
unit, year, change on the previous year) with the sentence as its quote; the shapes hold it
against the tables.  A standard table printed in the document points to its concept in the
vocabularies graph (:func:`mappings.codelists.add_standard_tables`), where each says which kind
of document must publish it.
"""
from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS, XSD

from kg_build.records import DocumentPart, Statement
from .base import MappingContext, decimal, integer, mapper, text
from ontology.namespaces import BKG


@mapper(Statement)
def map_statement(rec: Statement, ctx: MappingContext) -> None:
    s = ctx.record_node("statement", BKG.Statement, rec.prov)
    ctx.add(s, BKG.statedSubject, text(rec.subject))
    ctx.add(s, BKG.amountValue, decimal(rec.amount))
    ctx.add(s, BKG.printedAmount, text(rec.printed_amount))
    ctx.add(s, BKG.printedUnit, text(rec.unit))
    ctx.add(s, BKG.fiscalYear, integer(rec.year))
    ctx.add(s, BKG.context, text(rec.context))
    ctx.add(s, BKG.measure, text(rec.measure or None))
    ctx.add(s, BKG.qualifier, text(rec.qualifier or None))
    ctx.add(s, BKG.statedChange, decimal(rec.change))
    ctx.add(s, BKG.statedChangePercent, decimal(rec.change_percent))
    ctx.add(s, BKG.printedPercent, text(rec.printed_percent))
    if rec.table:
        ctx.add(s, BKG.restatesTable, ctx.iris.code("standard-table", rec.table))
        for column in rec.columns:
            ctx.add(s, BKG.restatesColumn, text(column))


@mapper(DocumentPart)
def map_document_part(rec: DocumentPart, ctx: MappingContext) -> None:
    p = ctx.record_node("part", BKG.DocumentPart, rec.prov)
    ctx.add(ctx.document_iri, BKG.part, p)
    ctx.add(p, BKG.partKind, text(rec.kind))
    ctx.add(p, DCTERMS.title, Literal(rec.title, lang="zh"))
    ctx.add(p, BKG.fiscalYear, integer(rec.year))
    if rec.standard_table:
        ctx.add(p, BKG.standardTable, ctx.iris.code("standard-table", rec.standard_table))
        ctx.add(p, BKG.emptyTable, Literal(rec.empty, datatype=XSD.boolean))
    ctx.add(p, BKG.emptyNote, text(rec.empty_note))
