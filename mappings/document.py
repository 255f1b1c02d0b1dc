"""Document records → the source document node (PROV-O entity with title, kind, year, sha256)."""
from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF

from kg_build.records import Document

from .base import MappingContext, integer, mapper
from .codelists import DOCUMENT_KINDS
from ontology.namespaces import BKG


@mapper(Document)
def map_document(rec: Document, ctx: MappingContext) -> None:
    doc = ctx.document_iri
    ctx.add(doc, RDF.type, BKG.SourceDocument)
    ctx.add(doc, DCTERMS.title, Literal(rec.title, lang="zh") if rec.title else None)
    ctx.add(doc, BKG.fileName, Literal(rec.file))
    ctx.add(doc, BKG.sha256, Literal(rec.sha256))
    if rec.kind in DOCUMENT_KINDS:
        ctx.add(doc, BKG.documentKind, ctx.iris.code("document-kind", DOCUMENT_KINDS[rec.kind].key))
    ctx.add(doc, BKG.fiscalYear, integer(rec.fiscal_year))
    ctx.add(doc, BKG.lineStart, integer(rec.prov.line_start))  # where its title is printed
    ctx.add(doc, BKG.page, integer(rec.prov.page))
    if rec.region_code:
        ctx.add(doc, BKG.region, ctx.iris.region(rec.region_code))
    ctx.add(doc, DCTERMS.publisher, ctx.department(rec.department))
