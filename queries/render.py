"""Result renderers (table, CSV, JSON) and the catalogue as Markdown.

Renderers register themselves by format name; the CLI's ``--format`` choices and the server
read the same registry.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring as _quote  # a JSON string, non-ASCII kept (C)
import unicodedata
from dataclasses import dataclass
from typing import Callable, Optional

import pyoxigraph as ox

from ontology.namespaces import PREFIXES, pasteable

from .results import QueryResult, Term, term_text


@dataclass(frozen=True)
class Renderer:
    name: str
    media_type: str
    func: Callable[[QueryResult], str]


RENDERERS: dict[str, Renderer] = {}


def renderer(name: str, media_type: str) -> Callable[[Callable[[QueryResult], str]], Callable[[QueryResult], str]]:
    def register(func: Callable[[QueryResult], str]) -> Callable[[QueryResult], str]:
        RENDERERS[name] = Renderer(name, media_type, func)
        return func

    return register


def render(result: QueryResult, fmt: str) -> str:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(RENDERERS)}")
    return RENDERERS[fmt].func(result)


# --- JSON: SPARQL 1.1 Query Results JSON Format ------------------------------------------

_XSD_STRING = PREFIXES["xsd"] + "string"


def json_term(term: Term) -> str:
    """A term as SPARQL 1.1 JSON results write it, written by hand: json.dumps of a dict per cell
    took a third of the time of a large answer, and as long as the query itself with ``indent``."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _quote(term.value) + "}"
    if isinstance(term, ox.Literal):
        if term.language:
            return '{"type":"literal","value":' + _quote(term.value) + ',"xml:lang":' + _quote(term.language) + "}"
        datatype = term.datatype.value
        if datatype != _XSD_STRING:
            return '{"type":"literal","value":' + _quote(term.value) + ',"datatype":' + _quote(datatype) + "}"
        return '{"type":"literal","value":' + _quote(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _quote(term.value) + "}"
    if isinstance(term, ox.Triple):
        return ('{"type":"triple","value":{"subject":' + json_term(term.subject) + ',"predicate":'
                + json_term(term.predicate) + ',"object":' + json_term(term.object) + "}}")
    raise TypeError(f"not an RDF term: {term!r}")


def json_binding(columns: list[str], row: tuple) -> str:
    """One row of SPARQL 1.1 JSON results: its bound cells."""
    return "{" + ",".join(_quote(c) + ":" + json_term(t) for c, t in zip(columns, row) if t is not None) + "}"


@renderer("json", "application/sparql-results+json")
def render_json(result: QueryResult) -> str:
    bindings = ",\n".join(json_binding(result.columns, row) for row in result.rows)
    return ('{"head":' + json.dumps({"vars": result.columns}, ensure_ascii=False) + ',"results":{"bindings":[\n'
            + bindings + ("\n" if bindings else "") + "]}}\n")


# --- CSV: a header row, then lexical values (SPARQL 1.1 CSV results) ----------------------

def csv_cell(term: Optional[Term]) -> str:
    """A cell of SPARQL 1.1 CSV results: the lexical value (a blank node as ``_:label``),
    quoted where it holds a comma, a quote or a line break."""
    if term is None:
        return ""
    text = term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else \
        "_:" + term.value if isinstance(term, ox.BlankNode) else str(term)
    if any(c in text for c in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_row(columns: list[str], row: tuple) -> str:
    """One row of SPARQL 1.1 CSV results, without its line end."""
    return ",".join(csv_cell(t) for t in row)


@renderer("csv", "text/csv")
def render_csv(result: QueryResult) -> str:
    return "".join(line + "\r\n" for line in [",".join(result.columns)]
                   + [csv_row(result.columns, row) for row in result.rows])


# --- table: aligned for a terminal -------------------------------------------------------

MAX_CELL_WIDTH = 48


def display_width(text: str) -> int:
    """Terminal columns: wide and full-width characters (CJK, 〔〕) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cell(term: Optional[Term]) -> str:
    # IRIs as prefixed names that paste into a query (id:project\/4201…), or in <…>
    text = pasteable(term.value) if isinstance(term, ox.NamedNode) else term_text(term) or ""
    text = " ".join(text.split())  # quotes span lines; a table row may not
    return _truncate(text, MAX_CELL_WIDTH)


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _numeric(term: Optional[Term]) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value.rsplit("#", 1)[-1] in (
        "decimal", "integer", "double", "float", "int", "long")


@renderer("table", "text/plain")
def render_table(result: QueryResult) -> str:
    cells = [[_cell(t) for t in row] for row in result.rows]
    widths = [display_width(c) for c in result.columns]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
    numeric = [bool(result.rows) and all(_numeric(r[i]) or r[i] is None for r in result.rows)
               for i in range(len(result.columns))]
    lines = ["  ".join(_pad(c, w, False) for c, w in zip(result.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(_pad(c, w, n) for c, w, n in zip(row, widths, numeric)).rstrip())
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


# --- the catalogue as Markdown (the README section is generated from this) ----------------
