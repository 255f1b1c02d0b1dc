"""Mapping scripts: typed records → RDF, one module per record type.

Each module registers its functions with :func:`mappings.base.mapper`; importing this package
registers the built-in ones.  :func:`map_document` turns the records of one document into
that document's named graph; :func:`mappings.codelists.vocabularies` builds the shared one.
"""
from __future__ import annotations

from typing import Iterable, Union

from rdflib import Graph

from linking import DocumentLinks, Linking, document_links
from kg_build.records import Indicator, Record

from . import budget_line, citation, coverage, document, final_account, organisation, performance, project, statement  # noqa: F401  (registration)
from .base import MAPPERS, MappingContext, MappingError, Triples, map_record
from .iris import IriMinter

__all__ = ["MAPPERS", "MappingError", "map_document", "map_document_triples", "IriMinter", "Triples"]

# Goals are mapped before the indicators printed under them, whatever the reading order.
_LATE = (Indicator,)


def map_document(file: str, records: Iterable[Record], linking: Union[Linking, DocumentLinks],
                 iris: IriMinter) -> Graph:
    """The named graph of one document (its IRI is the document's IRI), as an rdflib Graph."""
    triples = map_document_triples(file, records, linking, iris)
    graph = Graph(identifier=triples.identifier)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def map_document_triples(file: str, records: Iterable[Record], linking: Union[Linking, DocumentLinks],
                         iris: IriMinter) -> Triples:
    """The triples of one document's named graph.

    `linking` is the whole build's :class:`Linking` or the document's own view of it
    (:func:`linking.document_links`); either way mapping sees only the view.
    """
    doc_iri = iris.document(file)
    records = list(records)
    if isinstance(linking, Linking):
        linking = document_links(linking, file, records)
    graph = Triples(doc_iri)
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


