"""`budgetkg serve`: the read-only SPARQL endpoint and the web pages, served by waitress."""
from __future__ import annotations

import logging

from ..cli import CommandError

# Named answers are whole bytes in memory by the time waitress gets them; its default copies any
# body over 1 MiB to a temporary file before sending it, a second pass through the disk that cost
# about 1.5 ms per MiB at 3.5 M triples.  Up to this size a connection's waiting output stays in
# memory: the amount waitress already lets wait per connection (its outbuf_high_watermark).
ANSWER_BUFFER_BYTES = 16 * 1024 * 1024


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the SPARQL endpoint and the web pages",
                       description="Serve the built store read-only: SPARQL 1.1 Protocol at /sparql and pages "
                                   "for people at /. Production serving uses waitress; --debug uses Flask's "
                                   "development server with reloading and tracebacks. With the setting remote_sparql "
                                   "the queries are forwarded to that SPARQL store instead.")
    p.add_argument("--store", help="build directory holding store/ (default: setting build_dir); given, it is "
                                   "served even when the setting remote_sparql names a remote store")
    p.add_argument("--host", help="address to listen on (default: setting host, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to listen on (default: setting port, 8080)")
    p.add_argument("--debug", action="store_true", help="Flask development server (never in production)")
    p.set_defaults(func=run)


def run(args) -> int:
    from budgetkg.settings import load_settings
    from server import create_app
    from server.app import ServerConfigError
    from store.local import remote_endpoint

    settings = load_settings({"build_dir": args.store, "host": args.host, "port": args.port})
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    remote = remote_endpoint(settings, args.store)
    try:
        app = create_app({**{name: settings[name] for name in
                             ("build_dir", "base_iri", "query_timeout", "result_limit", "result_max_bytes",
                              "query_workers", "answer_cache_mib")},
                          "remote_sparql": remote})
    except ServerConfigError as exc:
        raise CommandError(str(exc)) from None
    host, port = settings["host"], int(settings["port"])
    print(f"serving {remote or settings['build_dir']} on http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql)",
          flush=True)
    try:
        if args.debug:
            app.run(host=host, port=port, debug=True, use_reloader=False)
        else:
            from waitress import serve

            serve(app, host=host, port=port, threads=8, ident="budgetkg", outbuf_overflow=ANSWER_BUFFER_BYTES)
    finally:
        app.extensions["budgetkg"].close()
    return 0
