"""`budgetkg sparql 'QUERY' | --file F`: any SELECT with the standard prefixes predeclared."""
from __future__ import annotations

from pathlib import Path

from store.remote import RemoteStoreError
from ontology.namespaces import sparql_prologue
from queries import QueryResult, render

from ..cli import CommandError
from .query import add_output_arguments, reader_store, write


def register(sub) -> None:
    p = sub.add_parser(
        "sparql", help="run a SPARQL SELECT on the built graph",
        description="Run a SPARQL 1.1 SELECT over the merge of all graphs (each triple once). The prefixes bkg: id: org: skos: "
                    "prov: dcterms: qb: eli: xsd: rdf: rdfs: owl: are predeclared.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("query", nargs="?", help="the query text")
    src.add_argument("--file", help="read the query from this file")
    add_output_arguments(p)
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8") if args.file else args.query
    except OSError as exc:
        raise CommandError(f"cannot read the query file: {exc}") from None
    store = reader_store(args)
    try:
        solutions = store.query(sparql_prologue() + text, use_default_graph_as_union=False)
    except SyntaxError as exc:
        # Positions count the predeclared prefix lines too.
        raise CommandError(f"the query does not parse: {exc}") from None
    except (OSError, RemoteStoreError) as exc:
        raise CommandError(str(exc)) from None
    if not hasattr(solutions, "variables"):
        raise CommandError("only SELECT queries can be shown as a table, CSV or JSON results")
    columns = [v.value for v in solutions.variables]
    write(render(QueryResult(columns, [tuple(row) for row in solutions]), args.format))
    return 0
