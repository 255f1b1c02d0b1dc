"""Reading coverage → counts on the source document node (what it prints vs what was read)."""
from __future__ import annotations

from kg_build.records import ReadingCoverage

from .base import MappingContext, integer, mapper, text
from ontology.namespaces import BKG

# record field -> property on the document node
COUNTS = {
    "doc_numbers_seen": BKG.docNumbersSeen,
    "doc_numbers_read": BKG.docNumbersRead,
    "coded_lines_seen": BKG.codedLinesSeen,
    "coded_lines_read": BKG.codedLinesRead,
    "standard_tables_seen": BKG.standardTablesSeen,
    "standard_tables_read": BKG.standardTablesRead,
    "forms_seen": BKG.formsSeen,
    "forms_read": BKG.formsRead,
    "indicators_read": BKG.indicatorsRead,
    "pages": BKG.pageCount,
}


@mapper(ReadingCoverage)
def map_coverage(rec: ReadingCoverage, ctx: MappingContext) -> None:
    doc = ctx.document_iri
    for field, prop in COUNTS.items():
        ctx.add(doc, prop, integer(getattr(rec, field)))
    for page in rec.pages_without_text:
        ctx.add(doc, BKG.pageWithoutText, integer(page))
    for note in rec.missed:
        ctx.add(doc, BKG.notRead, text(note))
