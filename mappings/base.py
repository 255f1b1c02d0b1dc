"""What every mapping script shares: the registry, the per-document context, literal constructors.

A mapping script registers one function per record type with :func:`mapper`; the build
looks the function up by the record's type (no if-chains), and a new record type plugs in
the same way.  Mapping functions add triples to the document's named graph through the
:class:`MappingContext`, which also knows the linker's decisions and mints IRIs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from typing import Callable, Iterator, Optional, Union

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from linking import DocumentLinks, Linking
from kg_build.records import Provenance, Record

from .iris import IriMinter
from ontology.namespaces import BKG
from .privacy import redact


class MappingError(Exception):
    """A record the mappings cannot turn into triples; names the document and line."""

    def __init__(self, document: str, line: Optional[int], message: str):
        self.document, self.line, self.message = document, line, message
        super().__init__(f"{document}:{line}: {message}" if line else f"{document}: {message}")


class Triples:
    """The triples of one named graph as a plain set.

    Mapping only adds triples; rdflib's ``Graph`` would index each one three ways on the way
    in, which was most of the cost of a build.  :func:`mappings.map_document` still hands out
    an rdflib ``Graph`` for callers that want to query it.
    """

    def __init__(self, identifier: URIRef):
        self.identifier = identifier
        self._triples: set[tuple] = set()

    def add(self, triple: tuple) -> None:
        self._triples.add(triple)

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: tuple) -> bool:
        return triple in self._triples


@dataclass
class MappingContext:
    graph: Triples  # the document's named graph
    iris: IriMinter
    links: Union[Linking, DocumentLinks]
    file: str
    document_iri: URIRef
    _seen: dict[URIRef, int] = field(default_factory=dict)
    _in_line: dict[tuple[str, int], int] = field(default_factory=dict)
    goals: dict[tuple, URIRef] = field(default_factory=dict)  # (owner, horizon, index) -> goal

    def node(self, kind: str, line: int) -> URIRef:
        """The IRI of the next per-document node of `kind` starting on `line`."""
        return self.iris.per_document(kind, self.file, line, self.next_in_line(kind, line))

    def unique(self, iri: URIRef) -> URIRef:
        """A second node with the same key (an indicator printing two values of one role and year) gets ``/2``."""
        n = self._seen.get(iri, 0) + 1
        self._seen[iri] = n
        return iri if n == 1 else URIRef(f"{iri}/{n}")

    def next_in_line(self, kind: str, line: int) -> int:
        """1, 2, ... for the nodes of one kind that start on the same line, in reading order."""
        n = self._in_line.get((kind, line), 0) + 1
        self._in_line[(kind, line)] = n
        return n

    def add(self, s: Optional[URIRef], p: URIRef, o) -> None:
        """Add a triple unless its subject or object is missing (an unprinted value)."""
        if s is not None and o is not None:
            self.graph.add((s, p, o))

    def provenance(self, node: URIRef, prov: Provenance) -> None:
        g = self.graph
        g.add((node, PROV.wasDerivedFrom, self.document_iri))
        g.add((node, BKG.lineStart, integer(prov.line_start)))
        g.add((node, BKG.lineEnd, integer(prov.line_end)))
        if prov.page is not None:
            g.add((node, BKG.page, integer(prov.page)))
        g.add((node, BKG.quote, Literal(redact(prov.quote))))

    def record_node(self, kind: str, rdf_type: URIRef, prov: Provenance) -> URIRef:
        """A new per-document node of `rdf_type` for one record, carrying the record's provenance."""
        node = self.node(kind, prov.line_start)
        self.graph.add((node, RDF.type, rdf_type))
        self.provenance(node, prov)
        return node

    def mention(self, node: URIRef, prov: Provenance, printed: Optional[str]) -> URIRef:
        m = self.node("mention", prov.line_start)
        self.graph.add((node, BKG.mention, m))
        self.graph.add((m, RDF.type, BKG.Mention))
        self.provenance(m, prov)
        if printed:
            self.graph.add((m, BKG.printedName, Literal(printed)))
        return m

    # shared nodes, resolved through the linker
    def department(self, printed: Optional[str]) -> Optional[URIRef]:
        key = self.links.department_key(self.file, printed)
        return self.iris.department(key) if key else None

    def project(self, reference: Optional[str], line: int) -> Optional[URIRef]:
        key = self.links.project_key(self.file, reference, line)
        return self.iris.project(key) if key else None

    def owner(self, project: Optional[str], department: Optional[str], line: int) -> Optional[URIRef]:
        """The project a per-document node belongs to, else its department, else the publisher."""
        return self.project(project, line) or self.department(department) or self.publisher()

    def publisher(self) -> Optional[URIRef]:
        key = self.links.document_department(self.file)
        return self.iris.department(key) if key else None


Mapper = Callable[[Record, MappingContext], None]
MAPPERS: dict[type, Mapper] = {}


def mapper(record_type: type) -> Callable[[Mapper], Mapper]:
    def register(func: Mapper) -> Mapper:
        MAPPERS[record_type] = func
        return func

    return register


def map_record(record: Record, ctx: MappingContext) -> None:
    try:
        func = MAPPERS[type(record)]
    except KeyError:
        raise MappingError(record.prov.document, record.prov.line_start,
                           f"no mapping script for record type {type(record).__name__}") from None
    func(record, ctx)


# literals: amounts are xsd:decimal in a canonical form so that "2000.8" and "2,000.80" meet.
# rdflib's Literal constructor is the dearest step of mapping and the same values recur
# (line numbers, years, amounts, names), so the constructors remember what they made; a
# Literal is immutable, so sharing one is safe.
_LITERALS = 1 << 16


def decimal(value: Optional[Decimal]) -> Optional[Literal]:
    return None if value is None else _decimal(value)


@lru_cache(maxsize=_LITERALS)
def _decimal(value: Decimal) -> Literal:  # equal Decimals (500, 500.00) have one canonical form
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text if text not in ("-0", "") else "0", datatype=XSD.decimal)


def integer(value: Optional[int]) -> Optional[Literal]:
    return None if value is None else _integer(int(value))


@lru_cache(maxsize=_LITERALS)
def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


@lru_cache(maxsize=_LITERALS)
def _plain(value: str) -> Literal:
    return Literal(value)


@lru_cache(maxsize=_LITERALS)
def _zh(value: str) -> Literal:
    return Literal(value, lang="zh")


def text(value: Optional[str]) -> Optional[Literal]:
    return _plain(value) if value else None


def zh(value: Optional[str]) -> Optional[Literal]:
    return _zh(value) if value else None
