"""Writing query results a row at a time, within a budget of rows and bytes.

Results are written to a stream as they are read from the store, so memory stays flat
whatever the size.  Tabular results (SELECT) are written without their head and tail: the
head is composed when the answer is sent, once it is known whether a budget cut it, so a
partial answer can carry the standard ``link`` in its head (SPARQL 1.1 JSON and XML results).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, BinaryIO, Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ontology.namespaces import PREFIXES
from queries.render import csv_row, json_binding

_XSD_STRING = PREFIXES["xsd"] + "string"
_RDF_LANG_STRING = PREFIXES["rdf"] + "langString"
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"

GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
_QUAD_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
_PREFIXED_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.TRIG)


@dataclass(frozen=True)
class Budget:
    """The most an answer may hold; past either figure it is cut."""
    rows: int
    bytes: int


@dataclass
class Written:
    count: int = 0
    size: int = 0
    truncated: bool = False


# -- one row in each tabular format ---------------------------------------------------------

def _xml_text(value: str) -> str:
    # Leading and trailing white space as character references: parsers that trim text
    # content (pyoxigraph's among them) keep it then, as pyoxigraph's own writer ensures.
    text = escape(value)
    stripped = text.strip()
    if stripped == text:
        return text
    start = text.index(stripped) if stripped else len(text)
    lead, trail = text[:start], text[start + len(stripped):]
    return "".join(f"&#{ord(c)};" for c in lead) + stripped + "".join(f"&#{ord(c)};" for c in trail)


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml_row(names: list[str], row: tuple) -> str:
    cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                    for n, t in zip(names, row) if t is not None)
    return f"<result>{cells}</result>"


def _tsv_row(names: list[str], row: tuple) -> str:
    # TSV results write terms as in Turtle/N-Triples, which is what pyoxigraph's str() gives.
    return "\t".join("" if t is None else str(t) for t in row)


# format -> (row writer, separator before every row but the first, line end)
_ROW_WRITERS = {
    JSON: (json_binding, ",\n", ""),
    XML: (_xml_row, "\n", ""),
    CSV: (csv_row, "", "\r\n"),
    TSV: (_tsv_row, "", "\n"),
}


def head(media_type: str, names: list[str], links: list[str] = ()) -> bytes:
    if media_type == JSON:
        doc = {"vars": names}
        if links:
            doc["link"] = list(links)
        return ('{"head":' + json.dumps(doc, ensure_ascii=False) + ',"results":{"bindings":[\n').encode("utf-8")
    if media_type == XML:
        variables = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
        link = "".join(f"<link href={quoteattr(href)}/>" for href in links)
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_RESULTS_NS}">'
                f"<head>{variables}{link}</head><results>\n").encode("utf-8")
    if media_type == CSV:
        return (",".join(names) + "\r\n").encode("utf-8")
    return ("\t".join("?" + n for n in names) + "\n").encode("utf-8")


def tail(media_type: str) -> bytes:
    return {JSON: b"\n]}}\n", XML: b"\n</results></sparql>\n"}.get(media_type, b"")


def write_rows(media_type: str, names: list[str], rows: Iterable[tuple], out: BinaryIO, budget: Budget) -> Written:
    """The rows of a tabular result, without head and tail, until the budget is spent."""
    writer, separator, line_end = _ROW_WRITERS[media_type]
    done = Written()
    for row in rows:
        data = ((separator if done.count else "") + writer(names, row) + line_end).encode("utf-8")
        if done.count == budget.rows or done.size + len(data) > budget.bytes:
            done.truncated = True
            break
        out.write(data)
        done.count += 1
        done.size += len(data)
    return done


def boolean(media_type: str, value: bool) -> bytes:
    text = "true" if value else "false"
    if media_type == JSON:
        return ('{"head":{},"boolean":' + text + "}\n").encode()
    if media_type == XML:
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_RESULTS_NS}"><head/>'
                f"<boolean>{text}</boolean></sparql>\n").encode()
    return (text + "\n").encode()  # CSV and TSV have no boolean form; the word is what engines write


class _CountingWriter:
    """A binary stream that counts what passes through, so a serializer can be stopped on size."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


def write_graph(media_type: str, triples: Iterable[Any], out: BinaryIO, budget: Budget,
                prefixes: dict[str, str] | None = None) -> Written:
    """A whole RDF document of the triples, until the budget is spent.

    The serializer pulls triples from a generator that stops at the budget, so even a cut
    answer is a well-formed document.  The byte figure is checked against what the serializer
    has written so far, which trails by its internal buffer (a few kilobytes).
    """
    fmt = GRAPH_FORMATS[media_type]
    counting = _CountingWriter(out)
    done = Written()

    def budgeted() -> Iterator[Any]:
        for triple in triples:
            if done.count == budget.rows or counting.size >= budget.bytes:
                done.truncated = True
                return
            done.count += 1
            yield ox.Quad(triple.subject, triple.predicate, triple.object) if fmt in _QUAD_FORMATS else triple

    if prefixes and fmt in _PREFIXED_FORMATS:
        ox.serialize(budgeted(), counting, fmt, prefixes=prefixes)
    else:
        ox.serialize(budgeted(), counting, fmt)
    done.size = counting.size
    return done
