"""The query worker: a separate process that opens the store read-only and answers requests.

A SPARQL query cannot be interrupted inside pyoxigraph, so each query runs in one of these
processes; the pool terminates a process whose query runs past the time limit.  Requests and
replies are plain dicts sent over a pipe:

request  {"named": catalogue name, "params": {name: value}, "format": renderer name, "limit": int}
       | {"query": str, "format": media type | "table", "limit": int,
          "default_graph": [iri] | None, "named_graphs": [iri] | None,
          "substitutions": {name: SPARQL-JSON term} | None}
reply    {"ok": True, "kind": "select"|"ask"|"graph", "media_type", "body": bytes,
          "truncated": bool, "count": int}
       | {"ok": False, "error": "syntax"|"store"|"timeout"|"unknown"|"param", "message": str}

The same :func:`execute` answers requests against a remote SPARQL store (a
:class:`store.remote.RemoteStore`) in the server's own process: the query then runs in the
remote server, forwarded by SPARQLWrapper, and the results are rendered here exactly as the
embedded store's are (same formats, same row cap).
"""
from __future__ import annotations

import ctypes
import json
import math
import os
import signal
import sys
import urllib.error
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from store.remote import RemoteStore, RemoteStoreError, ask_for_triples, bind_values, read_triples
from ontology.namespaces import PREFIXES

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TABLE = "table"  # SPARQL JSON results for every query form (graph results as s/p/o rows)

_TABULAR_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def isolate_from_network() -> bool:
    """Move this process into an empty network namespace, where possible (Linux).

    Defence in depth behind the SERVICE check: even a query that slipped past it could not
    reach any host.  Needs either privileges or unprivileged user namespaces; when neither is
    available the process keeps the network and the text check remains the guard.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError):
        return False
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    return unshare(clone_newnet) == 0 or unshare(clone_newuser | clone_newnet) == 0


def term_to_json(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_to_json(term.subject),
                                             "predicate": term_to_json(term.predicate),
                                             "object": term_to_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def term_from_json(data: dict[str, str]) -> Any:
    kind = data.get("type")
    if kind == "uri":
        return ox.NamedNode(data["value"])
    if kind == "literal":
        if "xml:lang" in data:
            return ox.Literal(data["value"], language=data["xml:lang"])
        if "datatype" in data:
            return ox.Literal(data["value"], datatype=ox.NamedNode(data["datatype"]))
        return ox.Literal(data["value"])
    raise ValueError(f"cannot bind a term of type {kind!r}")


def execute(store: ox.Store | RemoteStore, request: dict) -> dict:
    """Run one request against an open store; never raises for a bad query."""
    if "named" in request:
        return execute_named(store, request)
    try:
        query = request["query"]
        if request.get("substitutions"):
            # pyoxigraph substitutes only projected variables; a VALUES block binds any.
            query = bind_values(query, {ox.Variable(k): term_from_json(v) for k, v in request["substitutions"].items()})
        results = (query_remote(store, query, request) if isinstance(store, RemoteStore)
                   else _query_embedded(store, query, request))
        return _render(results, request["format"], request["limit"])
    except SyntaxError as exc:
        return {"ok": False, "error": "syntax", "message": str(exc)}
    except RemoteTimeout as exc:
        return {"ok": False, "error": "timeout", "message": str(exc)}
    except (OSError, ValueError, RuntimeError, RemoteStoreError) as exc:
        return {"ok": False, "error": "store", "message": str(exc)}


def _query_embedded(store: ox.Store, query: str, request: dict) -> Any:
    # Without a dataset (protocol graphs or FROM), the default graph is the store's own: the
    # merge of all named graphs, each triple once (see store.local).  Protocol named graphs
    # alone leave the default graph empty, as a dataset without default-graph-uri is.
    default_graph, named_graphs = request.get("default_graph"), request.get("named_graphs")
    if named_graphs and not default_graph:
        default_graph = []
    return store.query(
        query,
        use_default_graph_as_union=False,
        default_graph=[ox.NamedNode(g) for g in default_graph] if default_graph is not None else None,
        named_graphs=[ox.NamedNode(g) for g in named_graphs] if named_graphs is not None else None,
    )


class RemoteTimeout(Exception):
    """The remote store did not answer within the time limit; the connection was closed."""


def query_remote(store: RemoteStore, query: str, request: dict) -> Any:
    """Forward one query to the remote store with SPARQLWrapper; answer with pyoxigraph results.

    The time limit is SPARQLWrapper's timeout: past it the client closes the connection.
    """
    from SPARQLWrapper import CONSTRUCT, JSON, POST, SELECT, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    from .guard import inspect_query

    graph_form = inspect_query(query).is_graph_form
    client = SPARQLWrapper(store.query_url)
    client.setMethod(POST)
    client.setTimeout(max(1, math.ceil(store.timeout)))
    if graph_form:
        ask_for_triples(client)
    else:
        client.setReturnFormat(JSON)
    # The endpoint's own reading of the query form, not SPARQLWrapper's guess (which warns on
    # text it cannot read; the remote server is the judge of a malformed query).
    client.queryString = query
    client.queryType = CONSTRUCT if graph_form else SELECT
    for graph in request.get("default_graph") or []:
        client.addDefaultGraph(graph)
    for graph in request.get("named_graphs") or []:
        client.addNamedGraph(graph)
    try:
        response = client.query().response
        if graph_form:
            return read_triples(response)
        body = response.read()
    except QueryBadFormed as exc:
        raise SyntaxError(_remote_message(exc)) from None
    except TimeoutError:
        raise RemoteTimeout(f"the remote store did not answer within {store.timeout:g} s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise RemoteTimeout(f"the remote store did not answer within {store.timeout:g} s") from None
        raise RemoteStoreError(f"{store.query_url}: {exc.reason}") from None
    except SPARQLWrapperException as exc:
        raise RemoteStoreError(f"{store.query_url}: {_remote_message(exc)}") from None
    return ox.parse_query_results(_standard_json(body), format=ox.QueryResultsFormat.JSON)


def _remote_message(exc: Exception) -> str:
    # SPARQLWrapper's messages end with the server's response body: keep its first lines.
    return " ".join(str(exc).split())[:500]


def _standard_json(body: bytes) -> bytes:
    """SPARQL 1.1 JSON results from what a server sent (Virtuoso's ASK and typed-literal)."""
    doc = json.loads(body)
    if doc.get("head", {}).get("vars") == ["__ASK_RETVAL"]:  # Virtuoso answers ASK as a one-cell SELECT
        rows = doc["results"]["bindings"]
        return json.dumps({"head": {}, "boolean": bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")}).encode()
    for row in doc.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "typed-literal":  # the pre-1.1 name of a literal with a datatype
                term["type"] = "literal"
    return json.dumps(doc).encode()


def execute_named(store: ox.Store | RemoteStore, request: dict) -> dict:
    """Run a catalogue query with its parameters; render it with the catalogue's renderers."""
    from queries import ParameterError, QueryResult, UnknownQueryError, get_query, render

    try:
        named = get_query(request["named"])
        result = named.run(store, request.get("params") or {})
    except UnknownQueryError as exc:
        return {"ok": False, "error": "unknown", "message": str(exc)}
    except ParameterError as exc:
        return {"ok": False, "error": "param", "message": exc.problem + "; " + exc.query.usage()}
    except SyntaxError as exc:
        return {"ok": False, "error": "syntax", "message": f"{request['named']}: {exc}"}
    except RemoteStoreError as exc:
        timed_out = isinstance(exc.__cause__, TimeoutError) or isinstance(getattr(exc.__cause__, "reason", None), TimeoutError)
        return {"ok": False, "error": "timeout" if timed_out else "store", "message": str(exc)}
    except (OSError, ValueError, RuntimeError) as exc:
        return {"ok": False, "error": "store", "message": str(exc)}
    limit = request["limit"]
    capped = QueryResult(result.columns, result.rows[:limit])
    body = render(capped, request["format"]).encode("utf-8")
    return {"ok": True, "kind": "select", "media_type": request["format"], "body": body,
            "truncated": len(result.rows) > limit, "count": len(capped.rows)}


def _render(results: Any, media_type: str, limit: int) -> dict:
    if isinstance(results, ox.QueryBoolean):
        doc = {"head": {}, "boolean": bool(results)}
        return _reply("ask", media_type, doc, truncated=False, count=1)
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        rows, truncated = _take(results, limit)
        bindings = [{n: term_to_json(row[n]) for n in names if row[n] is not None} for row in rows]
        doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
        return _reply("select", media_type, doc, truncated, len(rows))
    triples, truncated = _take(results, limit)
    if media_type == TABLE:
        bindings = [{"s": term_to_json(t.subject), "p": term_to_json(t.predicate), "o": term_to_json(t.object)}
                    for t in triples]
        doc = {"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": bindings}}
        return _reply("graph", media_type, doc, truncated, len(triples))
    if media_type not in _GRAPH_FORMATS:
        media_type = "text/turtle"  # a tabular type was asked of a graph: give the default graph type
    fmt = _GRAPH_FORMATS[media_type]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(triples, format=fmt)
    return {"ok": True, "kind": "graph", "media_type": media_type, "body": body,
            "truncated": truncated, "count": len(triples)}


def _take(iterator: Any, limit: int) -> tuple[list, bool]:
    taken = []
    for item in iterator:
        if len(taken) == limit:
            return taken, True
        taken.append(item)
    return taken, False


def _reply(kind: str, media_type: str, doc: dict, truncated: bool, count: int) -> dict:
    body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if media_type not in _TABULAR_FORMATS and media_type != TABLE:
        media_type = "application/sparql-results+json"
    if media_type not in (TABLE, "application/sparql-results+json"):
        # pyoxigraph's own serializers write XML, CSV and TSV from the capped JSON document.
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        body = parsed.serialize(format=_TABULAR_FORMATS[media_type])
    return {"ok": True, "kind": kind, "media_type": media_type, "body": body, "truncated": truncated, "count": count}


def _die_with_parent() -> None:
    """Ask Linux to end this process when the server that started it ends (PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def serve(conn: Any, build_dir: str) -> None:
    """Open the build's store read-only, report readiness, answer requests until told to stop."""
    from store.local import StoreError, open_store

    _die_with_parent()
    isolated = isolate_from_network()
    try:
        store = open_store(build_dir)
    except StoreError as exc:
        conn.send({"ready": False, "message": str(exc)})
        return
    conn.send({"ready": True, "isolated": isolated, "pid": os.getpid()})
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        conn.send(execute(store, request))


if __name__ == "__main__":
    # python -m server.worker <socket fd> <build dir>
    serve(Connection(int(sys.argv[1])), sys.argv[2])
