"""`budgetkg sparql 'QUERY' | - | --file F`: any SPARQL query, with the project's prefixes predeclared."""
from __future__ import annotations

import sys
from pathlib import Path

from ..cli import CommandError
from .query import FORMATS, reader_store, write

# RDF formats for CONSTRUCT and DESCRIBE: the first short name of each of server.negotiation's
# GRAPH formats but text (a test keeps them equal), written out so that `budgetkg --help` need
# not import the server.
RDF_FORMAT_NAMES = ("turtle", "nt", "json-ld", "rdf+xml", "nq", "trig")


def register(sub) -> None:
    from ontology.namespaces import query_prefixes

    prefixes = " ".join(f"{p}:" for p in query_prefixes())
    p = sub.add_parser(
        "sparql", help="run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the built graph",
        description="Run a SPARQL 1.1 query over the merge of all graphs (each triple once). The prefixes "
                    f"{prefixes} are predeclared, and relative IRIs resolve against the setting base_iri. "
                    "SELECT and ASK print a table, CSV or JSON results; CONSTRUCT and DESCRIBE print RDF "
                    "(Turtle unless --format says otherwise; table, csv and json give s/p/o rows).")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("query", nargs="?", help="the query text, or - to read it from standard input")
    src.add_argument("--file", help="read the query from this file")
    p.add_argument("--format", "-f", choices=FORMATS + RDF_FORMAT_NAMES,
                   help="table, csv or json for every query form (default table); "
                        f"{', '.join(RDF_FORMAT_NAMES)} for CONSTRUCT and DESCRIBE (default turtle)")
    p.add_argument("--store", help="build folder given to `build --out` (default: setting build_dir)")
    p.set_defaults(func=run)


def _query_text(args) -> str:
    try:
        if args.file:
            return Path(args.file).read_text(encoding="utf-8")
        if args.query == "-":
            return sys.stdin.buffer.read().decode("utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read the query: {exc}") from None
    except UnicodeDecodeError as exc:
        raise CommandError(f"the query is not UTF-8 text (byte {exc.start})") from None
    return args.query


def run(args) -> int:
    import pyoxigraph as ox

    from budgetkg.settings import load_settings
    from queries import RENDERERS, QueryResult, render
    from server.guard import explain_syntax_error, predeclared_prefixes, projection_order
    from server.negotiation import GRAPH
    from server.results import Budget, boolean, write_graph
    from server.worker import query_remote
    from store.remote import RemoteStore, RemoteStoreError

    rdf_formats = {f.names[0]: f.writes for f in GRAPH if f.media_type != "text/plain"}
    text = _query_text(args)
    base = load_settings({"build_dir": args.store})["base_iri"]
    store = reader_store(args)
    try:
        if isinstance(store, RemoteStore):
            results = query_remote(store, text, {"base_iri": base})
        else:
            results = store.query(text, base_iri=base, prefixes=predeclared_prefixes(base),
                                  use_default_graph_as_union=False)
    except SyntaxError as exc:
        raise CommandError("the query does not parse: " + explain_syntax_error(text, str(exc))) from None
    except (OSError, RemoteStoreError) as exc:
        raise CommandError(str(exc)) from None
    fmt = args.format
    if isinstance(results, ox.QueryBoolean):
        if fmt in rdf_formats:
            raise CommandError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; an ASK answers table, csv or json")
        write(boolean(RENDERERS["json"].media_type if fmt == "json" else "text/plain", bool(results)).decode())
    elif isinstance(results, ox.QuerySolutions):
        if fmt in rdf_formats:
            raise CommandError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; a SELECT answers table, csv or json")
        engine_order = [v.value for v in results.variables]
        columns = projection_order(text, engine_order)
        index = [engine_order.index(c) for c in columns]
        write(render(QueryResult(columns, [tuple(row[i] for i in index) for row in results]), fmt or "table"))
    elif fmt in RENDERERS:
        rows = [(t.subject, t.predicate, t.object) for t in results]
        write(render(QueryResult(["s", "p", "o"], rows), fmt))
    else:
        sys.stdout.flush()
        write_graph(rdf_formats[fmt or "turtle"], results, sys.stdout.buffer, Budget(1 << 62, 1 << 62),
                    predeclared_prefixes(base))
        sys.stdout.buffer.flush()
    return 0
