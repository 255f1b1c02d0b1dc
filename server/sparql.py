"""The SPARQL 1.1 Protocol endpoint, read-only: ``/sparql``.

Queries arrive by GET, by POST form or by POST ``application/sparql-query``.  Before a query
reaches a worker it is inspected: updates, LOAD and SERVICE are refused, and every graph a
query or request names must be a graph of the store (nothing is ever fetched).
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from . import description
from .errors import ApiError
from .guard import QueryInspection, inspect_query
from .negotiation import NotAcceptable, choose

bp = Blueprint("sparql", __name__)

_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "X-Result-Truncated"}


def _backend():
    return current_app.extensions["budgetkg"]


def _param_list(name: str) -> list[str]:
    return request.args.getlist(name) + request.form.getlist(name)


def _read_query() -> str | None:
    """The one query of the request, or None when the request carries none."""
    if request.method == "POST":
        if request.mimetype == "application/sparql-update" or _param_list("update"):
            raise ApiError(403, "Updates Not Accepted", "This endpoint is read-only; SPARQL updates are refused.")
        if request.mimetype == "application/sparql-query":
            queries = [request.get_data(as_text=True)] + request.args.getlist("query")
        elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            queries = _param_list("query")
        else:
            raise ApiError(415, "Unsupported Media Type",
                           "POST a query as application/sparql-query or as an HTML form "
                           f"(application/x-www-form-urlencoded), not {request.mimetype or 'no content type'}.")
    else:
        if request.args.getlist("update"):
            raise ApiError(403, "Updates Not Accepted", "This endpoint is read-only; SPARQL updates are refused.")
        queries = request.args.getlist("query")
    if len(queries) > 1:
        raise ApiError(400, "Malformed Request", f"{len(queries)} queries in one request; send exactly one `query`.")
    return queries[0] if queries else None


def refuse_unsafe(query: str) -> QueryInspection:
    """Refuse updates and SERVICE before anything runs; return what the query asks for."""
    found = inspect_query(query)
    if found.updates:
        raise ApiError(403, "Updates Not Accepted",
                       f"{found.updates[0]} is a SPARQL update operation; this endpoint is read-only.")
    if found.uses_service:
        raise ApiError(403, "SERVICE Not Allowed",
                       "Federated queries (SERVICE) are refused: this endpoint never calls other endpoints.")
    _check_graphs(found.default_graphs + found.named_graphs, "FROM")
    return found


def _check_graphs(names: list[str], where: str) -> None:
    known = _backend().graph_sizes()
    unknown = [g for g in names if g not in known]
    if unknown:
        raise ApiError(400, "Unknown Graph",
                       f"{where} names {', '.join(unknown)}, not a graph of this store (graphs are never "
                       "fetched from the web); the service description at GET /sparql lists the graphs.")


@bp.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def endpoint():
    query = _read_query()
    if query is None:
        if request.method == "POST":
            raise ApiError(400, "Malformed Request", "No `query` in the request.")
        return description.service_description_response()
    found = refuse_unsafe(query)
    default_graphs = _param_list("default-graph-uri")
    named_graphs = _param_list("named-graph-uri")
    _check_graphs(default_graphs + named_graphs, "the request")
    if not (default_graphs or named_graphs):
        # The protocol's graphs override the query's; without them FROM / FROM NAMED apply.
        default_graphs, named_graphs = found.default_graphs, found.named_graphs
    try:
        fmt = choose(found.is_graph_form, request.accept_mimetypes, _format_param())
    except NotAcceptable as exc:
        raise ApiError(406, "Not Acceptable", str(exc)) from None
    has_dataset = bool(default_graphs or named_graphs)
    reply = _backend().run(query, fmt.media_type, default_graph=default_graphs or None,
                           named_graphs=named_graphs if has_dataset else None)
    resp = Response(reply["body"], mimetype=reply["media_type"])
    resp.headers["Content-Type"] = f"{reply['media_type']}; charset=utf-8"
    resp.headers["Vary"] = "Accept"
    if reply["truncated"]:
        resp.headers["X-Result-Truncated"] = "true"
    if request.method == "GET":
        resp.headers.update(_CORS)
    return resp


def _format_param() -> str | None:
    # SPARQLWrapper and browsers' download links name the format as a parameter.
    values = _param_list("format") or _param_list("output")
    return values[0] if values else None


@bp.route("/sparql", methods=["OPTIONS"])
def preflight():
    resp = Response(status=204)
    resp.headers.update(_CORS)
    resp.headers["Access-Control-Allow-Methods"] = "GET"
    resp.headers["Access-Control-Allow-Headers"] = "Accept"
    resp.headers["Access-Control-Max-Age"] = "86400"
    return resp


@bp.route("/.well-known/void")
def void():
    return description.void_response()


@bp.route("/.well-known/sparql-examples")
def examples():
    return description.examples_response()
