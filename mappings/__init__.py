"""Mapping scripts: typed records → RDF, one module per record type.

Each module registers its functions with :func:`mappings.base.mapper`; importing this package
registers the built-in ones.  :func:`map_document` turns the records of one document into
that document's named graph; :func:`mappings.codelists.vocabularies` builds the shared one.
"""
from __future__ import annotations

from typing import Iterable

from rdflib import Graph

from kg_build.link import Linking
from kg_build.records import Indicator, Record

from . import budget_line, citation, document, final_account, organisation, performance, project  # noqa: F401  (registration)
from .base import MAPPERS, MappingContext, MappingError, map_record
from .iris import IriMinter

__all__ = ["MAPPERS", "MappingError", "map_document", "IriMinter"]

# Goals are mapped before the indicators printed under them, whatever the reading order.
_LATE = (Indicator,)


def map_document(file: str, records: Iterable[Record], linking: Linking, iris: IriMinter) -> Graph:
    """The named graph of one document (its IRI is the document's IRI)."""
    doc_iri = iris.document(file)
    graph = Graph(identifier=doc_iri)
    ctx = MappingContext(graph, iris, linking, file, doc_iri)
    ordered = sorted(records, key=lambda r: isinstance(r, _LATE))  # stable: reading order kept
    for rec in ordered:
        try:
            map_record(rec, ctx)
        except MappingError:
            raise
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise MappingError(rec.prov.document, rec.prov.line_start,
                               f"cannot map {type(rec).__name__}: {type(exc).__name__}: {exc}") from exc
    return graph


