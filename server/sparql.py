"""The SPARQL 1.1 Protocol endpoint, read-only: ``/sparql``.

Queries arrive by GET, by POST form or by POST ``application/sparql-query``.  Before a query
reaches a worker it is inspected: updates, LOAD and SERVICE are refused, and every graph a
query or request names must be a graph of the store (nothing is ever fetched).

Answers are complete or refused: a worker writes the answer to a spool file within the time
limit and the budget (``result_limit`` rows, ``result_max_bytes`` bytes), and only then is the
status known and sent, followed by the file.  An answer the budget cut is refused with 422,
so that no client takes part of an answer for all of it; a request with ``partial=true``
gets the cut answer instead, marked by the ``X-Result-Truncated: true`` header and, in JSON
and XML results, by a ``link`` in the head to ``/sparql/truncated``.
"""
from __future__ import annotations

import os
from typing import BinaryIO, Iterator
from urllib.parse import unquote_to_bytes

from flask import Blueprint, Flask, Response, current_app, request, url_for

from . import description
from .errors import ApiError
from .guard import QueryInspection, inspect_query
from .negotiation import NotAcceptable, choose
from .results import head, tail

bp = Blueprint("sparql", __name__)

_EXPOSED = "X-Result-Truncated, Link, Content-Length, Retry-After, ETag"
_TRUE = ("1", "true", "yes", "on")
# Parameters that ask for the service description in a format, not for a query.
_DESCRIPTION_PARAMETERS = {"format", "output"}
# Graph names clients send to mean "the default graph" (rdflib's Dataset, Jena's ARQ): the
# store's own default graph, as if no graph were named.
DEFAULT_GRAPH_ALIASES = ("urn:x-rdflib:default", "urn:x-arq:DefaultGraph")


def _backend():
    return current_app.extensions["budgetkg"]


def _param_list(name: str) -> list[str]:
    return request.args.getlist(name) + request.form.getlist(name)


def _read_query() -> str | None:
    """The one query of the request, or None when the request carries none."""
    _refuse_other_than_utf8()
    if request.method == "POST":
        if request.mimetype == "application/sparql-update" or _param_list("update"):
            raise ApiError(403, "Updates Not Accepted", "This endpoint is read-only; SPARQL updates are refused.")
        if request.mimetype == "application/sparql-query":
            queries = [request.get_data().decode("utf-8")] + request.args.getlist("query")
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
    unknown = sorted((set(request.args) | set(request.form)) - _DESCRIPTION_PARAMETERS)
    if not queries and unknown:
        # Parameters without `query` (e.g. a misspelt ?qeury=) are a request that went wrong,
        # not a request for the service description.
        raise ApiError(400, "Malformed Request", "No `query` parameter in the request (it has "
                       + ", ".join(f"`{name}`" for name in unknown) + "); send the query as `query`.")
    return queries[0] if queries else None


def _refuse_other_than_utf8() -> None:
    """The protocol's queries are UTF-8; a query in another encoding would be read wrong, silently."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(400, "Malformed Request", f"The request is sent as {charset}; the protocol requires UTF-8.")
    received = {"the URL": _percent_decoded(request.query_string)}
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        received["the body"] = request.get_data()
    elif request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        received["the body"] = _percent_decoded(request.get_data())
    for where, raw in received.items():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(400, "Malformed Request", f"The request is not valid UTF-8 (at byte {exc.start} of "
                           f"{where}); the protocol requires UTF-8.") from None


def _percent_decoded(form: bytes) -> bytes:
    return unquote_to_bytes(form.replace(b"+", b" "))


def refuse_unsafe(query: str) -> QueryInspection:
    """Refuse updates and SERVICE before anything runs; return what the query asks for."""
    found = inspect_query(query, _backend().base_iri)
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


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    query = _read_query()
    if query is None:
        if request.method == "POST":
            raise ApiError(400, "Malformed Request", "No `query` in the request.")
        return description.service_description_response()
    found = refuse_unsafe(query)
    default_graphs = [g for g in _param_list("default-graph-uri") if g not in DEFAULT_GRAPH_ALIASES]
    named_graphs = _param_list("named-graph-uri")
    _check_graphs(default_graphs + named_graphs, "the request")
    if not (default_graphs or named_graphs):
        # The protocol's graphs override the query's; without them FROM / FROM NAMED apply.
        default_graphs, named_graphs = found.default_graphs, found.named_graphs
    try:
        fmt = choose(found.is_graph_form, request.headers.get("Accept"), _format_param())
    except NotAcceptable as exc:
        raise ApiError(406, "Not Acceptable", str(exc)) from None
    has_dataset = bool(default_graphs or named_graphs)
    reply = _backend().stream(query, fmt.media_type, default_graph=default_graphs or None,
                              named_graphs=named_graphs if has_dataset else None)
    return _answer(reply)


def _answer(reply: dict) -> Response:
    path = reply["path"]
    answer = open(path, "rb")
    os.unlink(path)  # the open file stays readable; nothing is left behind, however the answer ends
    if reply["truncated"] and not _wants_partial():
        answer.close()
        backend = _backend()
        raise ApiError(422, "Result Too Large",
                       f"The answer has more than {backend.result_limit:,} rows or {backend.result_max_bytes:,} "
                       "bytes, the most this endpoint sends in one answer. Narrow the query, page through it "
                       "with ORDER BY, LIMIT and OFFSET, or add partial=true to the request to get the first part.")
    prefix = suffix = b""
    if reply["kind"] == "select":
        links = [url_for("sparql.truncated", _external=True)] if reply["truncated"] else []
        prefix, suffix = head(reply["writes"], reply["vars"], links), tail(reply["writes"])
    size = len(prefix) + os.fstat(answer.fileno()).st_size + len(suffix)
    resp = Response(_SpooledAnswer(prefix, answer, suffix), direct_passthrough=True)
    resp.headers["Content-Type"] = f"{reply['media_type']}; charset=utf-8"
    resp.headers["Content-Length"] = str(size)
    resp.headers["Vary"] = "Accept"
    if reply["truncated"]:
        resp.headers["X-Result-Truncated"] = "true"
        resp.headers["Link"] = f'<{url_for("sparql.truncated", _external=True)}>; rel="describedby"'
    return resp


class _SpooledAnswer:
    """The response body: head, the spool file in chunks, tail; the file is closed however it ends."""

    def __init__(self, prefix: bytes, answer: BinaryIO, suffix: bytes):
        self.prefix, self.answer, self.suffix = prefix, answer, suffix

    def __iter__(self) -> Iterator[bytes]:
        if self.prefix:
            yield self.prefix
        while chunk := self.answer.read(1 << 16):
            yield chunk
        if self.suffix:
            yield self.suffix

    def close(self) -> None:
        self.answer.close()


def _wants_partial() -> bool:
    return any(v.strip().lower() in _TRUE for v in _param_list("partial"))


def _format_param() -> str | None:
    # SPARQLWrapper and browsers' download links name the format as a parameter.
    values = _param_list("format") or _param_list("output")
    return values[0] if values else None


@bp.route("/sparql/truncated")
def truncated():
    """What the `link` of a cut answer points at: why it was cut and how to get the rest."""
    backend = _backend()
    text = (f"This answer was cut: it reached the endpoint's budget of {backend.result_limit:,} rows or "
            f"{backend.result_max_bytes:,} bytes, and the request asked for partial results (partial=true).\n"
            "Without partial=true such an answer is refused with status 422. To get every row, narrow the "
            "query or page through it with ORDER BY, LIMIT and OFFSET.\n")
    return Response(text, mimetype="text/plain")


def register_cors(app: Flask) -> None:
    """CORS on every response, errors included, and preflights that allow POST with Content-Type.

    The server is read-only and uses no cookies or credentials, so any origin may read any
    answer: YASGUI and other editors served elsewhere post their queries here."""
    @app.after_request
    def _cors(resp: Response) -> Response:
        resp.headers["Access-Control-Allow-Origin"] = "*"
        resp.headers["Access-Control-Expose-Headers"] = _EXPOSED
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            resp.headers["Access-Control-Allow-Headers"] = request.headers.get(
                "Access-Control-Request-Headers", "Accept, Content-Type")
            resp.headers["Access-Control-Max-Age"] = "86400"
        return resp


@bp.route("/.well-known/void")
def void():
    return description.void_response()


@bp.route("/.well-known/sparql-examples")
def examples():
    return description.examples_response()
