"""One error shape for every JSON response: {"error": {"status", "title", "detail"}}.

Pages show the same three fields in HTML.  Tracebacks go to the log, never to the client.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status and a message a person can act on."""

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None):
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}


def error_body(status: int, title: str, detail: str) -> dict:
    return {"error": {"status": status, "title": title, "detail": detail}}


def _wants_html() -> bool:
    if request.path.startswith("/sparql") or request.path.startswith("/.well-known") \
            or request.path.endswith((".json", ".csv")):
        return False
    best = request.accept_mimetypes.best_match(["text/html", "application/json", "text/plain"])
    return best == "text/html"


def error_response(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> Response:
    if _wants_html():
        resp = Response(render_template("error.html", status=status, title=title, detail=detail), status,
                        mimetype="text/html")
    elif request.accept_mimetypes.best_match(["application/json", "text/plain"]) == "text/plain" \
            and "application/json" not in request.accept_mimetypes.values():
        resp = Response(f"{status} {title}\n{detail}\n", status, mimetype="text/plain")
    else:
        resp = jsonify(error_body(status, title, detail))
        resp.status_code = status
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return error_response(exc.status, exc.title, exc.detail, exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        return error_response(exc.code or 500, exc.name, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "Internal Server Error", "The server failed on this request; the log has details.")
