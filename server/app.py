"""The Flask application factory: every subsystem hooks itself into a fresh app."""
from __future__ import annotations

import atexit
import logging
from pathlib import Path
from typing import Any

from flask import Flask

from kg_build.settings import SETTINGS

from . import entities, errors, pages, sparql, terms
from .backend import Backend

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "build_dir": SETTINGS["build_dir"].default,
    "base_iri": SETTINGS["base_iri"].default,
    "query_timeout": SETTINGS["query_timeout"].default,
    "result_limit": SETTINGS["result_limit"].default,
    "query_workers": 2,   # processes answering queries at once; a slow query blocks only its own
}


class ServerConfigError(ValueError):
    """The server cannot start with this configuration (e.g. no built store)."""


# Pages run no script that is not ours and load nothing from elsewhere.
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    settings = {**DEFAULTS, **(config or {})}
    build_dir = Path(settings["build_dir"])
    if not (build_dir / "store").is_dir():
        raise ServerConfigError(f"no store at {build_dir / 'store'}; run `budgetkg build` first "
                                f"or point --store at a build directory")
    app = Flask(__name__)
    app.config.update({k.upper(): v for k, v in settings.items()})
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    backend = Backend(build_dir, settings["base_iri"], float(settings["query_timeout"]),
                      int(settings["result_limit"]), int(settings["query_workers"]))
    app.extensions["budgetkg"] = backend
    atexit.register(backend.close)

    errors.register(app)
    terms.register(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(entities.bp)

    @app.after_request
    def _security_headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        if resp.mimetype == "text/html":
            resp.headers.setdefault("Content-Security-Policy", _CSP)
        return resp

    return app


def backend_of(app: Flask) -> Backend:
    return app.extensions["budgetkg"]
