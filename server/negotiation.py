"""Which serialization a client gets: the `format` parameter first, then the Accept header."""
from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class ResultFormat:
    media_type: str
    names: tuple[str, ...]      # short names accepted in ?format= (SPARQLWrapper sends these)
    extension: str
    w3c: str                    # http://www.w3.org/ns/formats/ IRI, for the service description


# First of each list = the default when the client states no preference.
TABULAR = (
    ResultFormat("application/sparql-results+json", ("json", "srj"), "json", "SPARQL_Results_JSON"),
    ResultFormat("application/sparql-results+xml", ("xml", "srx"), "xml", "SPARQL_Results_XML"),
    ResultFormat("text/csv", ("csv",), "csv", "SPARQL_Results_CSV"),
    ResultFormat("text/tab-separated-values", ("tsv",), "tsv", "SPARQL_Results_TSV"),
)
GRAPH = (
    ResultFormat("text/turtle", ("turtle", "ttl", "n3"), "ttl", "Turtle"),
    ResultFormat("application/n-triples", ("nt", "ntriples", "n-triples"), "nt", "N-Triples"),
    ResultFormat("application/ld+json", ("json-ld", "jsonld", "json"), "jsonld", "JSON-LD"),
    ResultFormat("application/rdf+xml", ("rdf+xml", "rdfxml", "rdf", "xml"), "rdf", "RDF_XML"),
)
# Looser media types clients send for the same things.
_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "application/json+ld": "application/ld+json",
}


class NotAcceptable(ValueError):
    """No offered format matches what the client asked for."""


def choose(graph_result: bool, accept: MIMEAccept, format_param: str | None = None) -> ResultFormat:
    offered = GRAPH if graph_result else TABULAR
    if format_param:
        wanted = format_param.strip().lower()
        wanted = _ALIASES.get(wanted, wanted)
        for fmt in offered:
            if wanted == fmt.media_type or wanted in fmt.names:
                return fmt
        raise NotAcceptable(
            f"format {format_param!r} is not offered for this query; use one of "
            + ", ".join(f.names[0] for f in offered))
    if not accept or accept.best is None:
        return offered[0]
    candidates = [f.media_type for f in offered]
    alias_of = {alias: real for alias, real in _ALIASES.items() if real in candidates}
    best = accept.best_match(candidates + list(alias_of))
    if best is None:
        if "text/html" in accept.values() or "*/*" in accept.values():
            return offered[0]
        raise NotAcceptable(
            "none of the accepted media types is offered for this query; offered: " + ", ".join(candidates))
    best = alias_of.get(best, best)
    return next(f for f in offered if f.media_type == best)
