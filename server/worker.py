"""The query worker: a separate process that opens the store read-only and answers requests.

A SPARQL query cannot be interrupted inside pyoxigraph, so each query runs in one of these
processes; the pool terminates a process whose query runs past the time limit.  Requests and
replies are plain dicts sent over a pipe:

request  {"named": catalogue name, "params": {name: value}, "format": renderer name, "limit": int,
          "page": {"limit": int | None, "offset": int}}
       | {"query": str, "format": media type | "table", "limit": rows, "max_bytes": int | None,
          "base_iri": str | None, "spool": file path | None,
          "default_graph": [iri] | None, "named_graphs": [iri] | None}
reply    {"ok": True, "kind": "select"|"ask"|"graph", "media_type", "truncated": bool, "count": int (not
          for a catalogue query's JSON, which the engine writes),
          "body": bytes (no spool) | "path": the spool file, holding a SELECT's rows without
          head and tail, which "vars" and "writes" (the serialization) let the server compose}
       | {"ok": False, "error": "syntax"|"store"|"timeout"|"capped"|"unknown"|"param", "message": str}

With a spool file the answer is written to disk as it is read from the store, so neither this
process nor the server holds it in memory; the time limit covers reading and writing it all.

The same :func:`execute` answers requests against a remote SPARQL store (a
:class:`store.remote.RemoteStore`) in the server's own process: the query then runs in the
remote server, forwarded by SPARQLWrapper, and the results are rendered here exactly as the
embedded store's are (same formats, same row cap).
"""
from __future__ import annotations

import ctypes
import io
import os
import signal
import sys
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from store.remote import RemoteCapped, RemoteStore, RemoteStoreError, RemoteTimeout
from ontology.namespaces import PREFIXES

from .guard import explain_syntax_error, inspect_query, predeclared_prefixes, projection_order
from .negotiation import GRAPH, TABULAR, ResultFormat
from .results import JSON as JSON_RESULTS
from .results import Budget, boolean, head, tail, write_graph, write_rows

TABLE = "table"  # SPARQL JSON results for every query form (graph results as s/p/o rows), in memory

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


def execute(store: ox.Store | RemoteStore, request: dict) -> dict:
    """Run one request against an open store; never raises for a bad query."""
    if "named" in request:
        return execute_named(store, request)
    query = request["query"]
    try:
        results = (query_remote(store, query, request) if isinstance(store, RemoteStore)
                   else _query_embedded(store, query, request))
        return _answer(results, request, query)
    except SyntaxError as exc:
        message = str(exc) if isinstance(store, RemoteStore) else explain_syntax_error(query, str(exc))
        return {"ok": False, "error": "syntax", "message": message}
    except RemoteTimeout as exc:
        return {"ok": False, "error": "timeout", "message": str(exc)}
    except RemoteCapped as exc:
        return {"ok": False, "error": "capped", "message": str(exc)}
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
        base_iri=request.get("base_iri"),
        prefixes=predeclared_prefixes(request.get("base_iri")),
        use_default_graph_as_union=False,
        default_graph=[ox.NamedNode(g) for g in default_graph] if default_graph is not None else None,
        named_graphs=[ox.NamedNode(g) for g in named_graphs] if named_graphs is not None else None,
    )


def query_remote(store: RemoteStore, query: str, request: dict) -> Any:
    """Forward one query, with the request's base and dataset, to the remote store."""
    base_iri = request.get("base_iri")
    asked = {"base_iri": base_iri, "prefixes": predeclared_prefixes(base_iri),
             "default_graph": request.get("default_graph"), "named_graphs": request.get("named_graphs")}
    if inspect_query(query).is_graph_form:
        return store.construct(query, **asked)
    return store.query(query, **asked)


def execute_named(store: ox.Store | RemoteStore, request: dict) -> dict:
    """Run a catalogue query with its parameters; render it with the catalogue's renderers."""
    from queries import Page, ParameterError, QueryResult, UnknownQueryError, get_query, render

    limit = request["limit"]
    page = request.get("page") or {}
    try:
        named = get_query(request["named"])
        # One row past the server's limit is asked for only to say that the answer was cut.
        asked = Page(page.get("limit"), page.get("offset") or 0).capped(limit + 1)
        params = request.get("params") or {}
        if request["format"] == "json" and isinstance(store, ox.Store):
            body = _engine_json(store, named, params, asked, limit)
            if body is not None:
                return {"ok": True, "kind": "select", "media_type": "json", "body": body, "truncated": False}
        result = named.run(store, params, asked)
    except UnknownQueryError as exc:
        return {"ok": False, "error": "unknown", "message": str(exc)}
    except ParameterError as exc:
        return {"ok": False, "error": "param", "message": exc.problem + "; " + exc.query.usage()}
    except SyntaxError as exc:
        return {"ok": False, "error": "syntax", "message": f"{request['named']}: {exc}"}
    except RemoteTimeout as exc:
        return {"ok": False, "error": "timeout", "message": str(exc)}
    except RemoteCapped as exc:
        return {"ok": False, "error": "capped", "message": str(exc)}
    except RemoteStoreError as exc:
        return {"ok": False, "error": "store", "message": str(exc)}
    except (OSError, ValueError, RuntimeError) as exc:
        return {"ok": False, "error": "store", "message": str(exc)}
    capped = QueryResult(result.columns, result.rows[:limit])
    body = render(capped, request["format"]).encode("utf-8")
    return {"ok": True, "kind": "select", "media_type": request["format"], "body": body,
            "truncated": len(result.rows) > limit, "count": len(capped.rows)}


def _engine_json(store: ox.Store, named: Any, params: dict, asked: Any, limit: int) -> bytes | None:
    """SPARQL JSON results of a catalogue query as the engine writes them, in the time Python
    takes to read the rows (a thousand rows of nine columns: 20 ms less than writing them
    here).  Only an answer too small to hold more than `limit` rows is taken (a row is at
    least ``{}`` and a comma); None for a larger one, which goes the way that counts its rows."""
    solutions = store.query(named.bound_sparql(params, asked), use_default_graph_as_union=False)
    body = solutions.serialize(format=ox.QueryResultsFormat.JSON)
    return body if len(body) < 3 * (limit + 1) else None


def _answer(results: Any, request: dict, query: str) -> dict:
    """Write the results to the request's spool file (or to memory), within its budget."""
    media_type = request["format"]
    budget = Budget(request["limit"], request.get("max_bytes") or _NO_BYTE_LIMIT)
    spool = request.get("spool")
    out = open(spool, "wb") if spool else io.BytesIO()
    with out:
        if isinstance(results, ox.QueryBoolean):
            fmt = _format(TABULAR, media_type)
            out.write(boolean(fmt.writes, bool(results)))
            reply = {"kind": "ask", "media_type": fmt.media_type, "count": 1, "truncated": False}
        elif isinstance(results, ox.QuerySolutions):
            fmt = _format(TABULAR, media_type)
            engine_order = [v.value for v in results.variables]
            names = projection_order(query, engine_order)
            index = [engine_order.index(n) for n in names]
            rows = (tuple(solution[i] for i in index) for solution in results)
            done = write_rows(fmt.writes, names, rows, out, budget)
            reply = {"kind": "select", "media_type": fmt.media_type, "vars": names, "writes": fmt.writes,
                     "count": done.count, "truncated": done.truncated}
        elif media_type == TABLE:
            rows = ((t.subject, t.predicate, t.object) for t in results)
            done = write_rows(JSON_RESULTS, ["s", "p", "o"], rows, out, budget)
            reply = {"kind": "graph", "media_type": TABLE, "vars": ["s", "p", "o"], "writes": JSON_RESULTS,
                     "count": done.count, "truncated": done.truncated}
        else:
            fmt = _format(GRAPH, media_type)
            done = write_graph(fmt.writes, results, out, budget, PREFIXES)
            reply = {"kind": "graph", "media_type": fmt.media_type, "count": done.count, "truncated": done.truncated}
        if spool:
            reply["path"] = spool
        else:
            body = out.getvalue()
            if "vars" in reply:  # a table in memory is one whole document
                body = head(reply["writes"], reply["vars"]) + body + tail(reply["writes"])
            reply["body"] = body
    return {"ok": True, **reply}


_NO_BYTE_LIMIT = 1 << 62


def _format(offered: tuple[ResultFormat, ...], media_type: str) -> ResultFormat:
    # TABLE asks for JSON results; a media type of the other result kind gets this kind's default.
    return next((f for f in offered if f.media_type == media_type), offered[0])


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
