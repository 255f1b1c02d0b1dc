"""Which serialization a client gets: the `format` parameter first, then the Accept header.

Negotiation is lenient, as the SPARQL servers clients are written against are: media-type
parameters other than ``q`` (``charset=utf-8``, ``profile=…``) are ignored, and a client whose
Accept names nothing offered for the query form gets that form's default (JSON results for
SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE) rather than 406.  A ``format`` parameter naming
no known format at all is a mistake the client should hear about (406).
"""
from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class ResultFormat:
    media_type: str             # the Content-Type sent
    names: tuple[str, ...]      # short names accepted in ?format= (SPARQLWrapper sends these)
    extension: str
    w3c: str | None             # http://www.w3.org/ns/formats/ IRI, for the service description
    writes: str                 # the serialization written (text/plain is TSV or N-Triples)


# First of each list = the default when the client states no preference.
TABULAR = (
    ResultFormat("application/sparql-results+json", ("json", "srj"), "json", "SPARQL_Results_JSON",
                 "application/sparql-results+json"),
    ResultFormat("application/sparql-results+xml", ("xml", "srx"), "xml", "SPARQL_Results_XML",
                 "application/sparql-results+xml"),
    ResultFormat("text/csv", ("csv",), "csv", "SPARQL_Results_CSV", "text/csv"),
    ResultFormat("text/tab-separated-values", ("tsv",), "tsv", "SPARQL_Results_TSV", "text/tab-separated-values"),
    ResultFormat("text/plain", ("text", "txt"), "txt", None, "text/tab-separated-values"),
)
GRAPH = (
    ResultFormat("text/turtle", ("turtle", "ttl", "n3"), "ttl", "Turtle", "text/turtle"),
    ResultFormat("application/n-triples", ("nt", "ntriples", "n-triples"), "nt", "N-Triples", "application/n-triples"),
    ResultFormat("application/ld+json", ("json-ld", "jsonld", "json"), "jsonld", "JSON-LD", "application/ld+json"),
    ResultFormat("application/rdf+xml", ("rdf+xml", "rdfxml", "rdf", "xml"), "rdf", "RDF_XML", "application/rdf+xml"),
    ResultFormat("application/n-quads", ("nq", "nquads", "n-quads"), "nq", "N-Quads", "application/n-quads"),
    ResultFormat("application/trig", ("trig",), "trig", "TriG", "application/trig"),
    ResultFormat("text/plain", ("text", "txt"), "txt", None, "application/n-triples"),
)
# Looser media types clients send for the same things, per result kind.
_ALIASES_TABULAR = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/csv": "text/csv",
    "text/tsv": "text/tab-separated-values",
}
_ALIASES_GRAPH = {
    "application/json": "application/ld+json",   # what Fuseki answers a graph result for plain JSON
    "application/x-json+ld": "application/ld+json",
    "application/json+ld": "application/ld+json",
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/rdf+n3": "text/turtle",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    "application/x-trig": "application/trig",
    "text/x-nquads": "application/n-quads",
}


class NotAcceptable(ValueError):
    """The client named a format that does not exist."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """(media type, q) pairs of an Accept header, best first; parameters other than q dropped."""
    entries = []
    for position, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        # Among equal q, a more specific range wins, then the order the client wrote.
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        entries.append((media, q, specificity, position))
    entries.sort(key=lambda e: (-e[1], -e[2], e[3]))
    return [(media, q) for media, q, _, _ in entries]


def choose(graph_result: bool, accept: "str | MIMEAccept | None", format_param: str | None = None) -> ResultFormat:
    if accept is not None and not isinstance(accept, str):
        accept = accept.to_header()
    offered = GRAPH if graph_result else TABULAR
    aliases = _ALIASES_GRAPH if graph_result else _ALIASES_TABULAR
    if format_param:
        wanted = format_param.split(";")[0].strip().lower()
        wanted = aliases.get(wanted, wanted)
        for fmt in offered:
            if wanted == fmt.media_type or wanted in fmt.names:
                return fmt
        if not any(wanted == f.media_type or wanted in f.names for f in TABULAR + GRAPH) \
                and wanted not in _ALIASES_TABULAR and wanted not in _ALIASES_GRAPH:
            raise NotAcceptable(f"format {format_param!r} is not a format of this endpoint; use one of "
                                + ", ".join(dict.fromkeys(f.names[0] for f in offered)))
        return offered[0]
    ranked = parse_accept(accept)
    refused = {aliases.get(media, media) for media, q in ranked if q == 0}
    for media, q in ranked:
        if q == 0:
            continue
        media = aliases.get(media, media)
        for fmt in offered:
            if fmt.media_type in refused:
                continue
            if media in ("*/*", fmt.media_type) or (media.endswith("/*") and fmt.media_type.startswith(media[:-1])):
                return fmt
    return offered[0]
