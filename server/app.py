"""The Flask application factory: every subsystem hooks itself into a fresh app."""
from __future__ import annotations

import atexit
import logging
from pathlib import Path
from typing import Any

from flask import Flask

from store.local import StoreError, open_store

from . import chart_pages, entities, errors, pages, search, source, sparql, terms
from .backend import Backend
from .pool import StoreUnavailable

log = logging.getLogger(__name__)

# What create_app needs from the application's settings (the caller resolves them).
CONFIG_KEYS = ("build_dir", "base_iri", "query_timeout", "result_limit", "result_max_bytes", "query_workers",
               "remote_sparql", "answer_cache_mib")


class ServerConfigError(ValueError):
    """The server cannot start with this configuration (e.g. no built store)."""


# Pages run no script that is not ours and load nothing from elsewhere.
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(config: dict[str, Any]) -> Flask:
    missing = [k for k in CONFIG_KEYS if k not in config]
    if missing:
        raise ServerConfigError(f"create_app: missing configuration {', '.join(missing)}")
    settings = {k: config[k] for k in CONFIG_KEYS}
    # Resolved now: Flask would resolve a relative path against the package folder, not the
    # folder `serve` was started in.
    build_dir = Path(settings["build_dir"]).resolve()
    remote = settings["remote_sparql"]
    if not remote:
        try:
            open_store(build_dir)  # fail here, with the store's own advice, rather than in every worker
        except StoreError as exc:
            raise ServerConfigError(str(exc)) from None
    app = Flask(__name__)
    app.config.update({k.upper(): v for k, v in settings.items()})
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    backend = Backend(build_dir, settings["base_iri"], float(settings["query_timeout"]),
                      int(settings["result_limit"]), int(settings["query_workers"]), remote,
                      int(settings["result_max_bytes"]), int(float(settings["answer_cache_mib"]) * 2**20))
    if remote:
        try:
            backend.pool.wait_ready()  # an unreachable remote store is a configuration error
        except StoreUnavailable as exc:
            raise ServerConfigError(str(exc)) from None
    app.extensions["budgetkg"] = backend
    atexit.register(backend.close)

    errors.register(app)
    sparql.register_cors(app)
    terms.register(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(source.bp)
    app.register_blueprint(chart_pages.bp)

    @app.after_request
    def _security_headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        if resp.mimetype == "text/html":
            resp.headers.setdefault("Content-Security-Policy", _CSP)
        return resp

    return app
