"""`budgetkg query NAME [--param k=v ...] [--limit N --offset M]`: run a named query from the catalogue."""
from __future__ import annotations

import sys

from ..cli import CommandError

# The names of queries.RENDERERS (a test keeps them equal): written out so that
# `budgetkg --help` need not import the catalogue and pyoxigraph.
FORMATS = ("table", "csv", "json")


def register(sub) -> None:
    p = sub.add_parser(
        "query", help="run a named query (list them with `budgetkg queries`)",
        description="Run a named query from the catalogue on the built graph (or on the store named by the "
                    "setting remote_sparql). Exit 2 for an unknown query or a missing or unknown parameter.")
    p.add_argument("name", help="query name, e.g. projects, legal-basis")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="a parameter of the query; repeat for several")
    p.add_argument("--limit", metavar="N", help="at most N rows (a page of the answer)")
    p.add_argument("--offset", metavar="M", help="skip the first M rows of the ordered answer (default 0)")
    add_output_arguments(p)
    p.set_defaults(func=run)


def add_output_arguments(p) -> None:
    p.add_argument("--format", "-f", choices=FORMATS, default="table",
                   help="table (aligned, for reading), csv (with a header row) or json (SPARQL 1.1 results)")
    p.add_argument("--store", help="build folder given to `build --out` (default: setting build_dir)")


def reader_store(args):
    """The store reading commands use (one rule for all: :func:`store.local.reader_store`)."""
    from budgetkg.settings import load_settings
    from store.local import StoreError
    from store.local import reader_store as shared_reader_store

    try:
        return shared_reader_store(load_settings({"build_dir": args.store}), args.store)
    except StoreError as exc:
        raise CommandError(str(exc)) from None


def parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CommandError(f"--param {pair!r}: expected NAME=VALUE, e.g. --param region=洪山区")
        params[name.strip()] = value
    return params


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def run(args) -> int:
    from queries import Page, QueryError, get_query, render
    from store.remote import RemoteStoreError

    try:
        page = Page.parse(args.limit, args.offset)
    except ValueError as exc:
        raise CommandError(f"--{exc}") from None
    try:
        named = get_query(args.name)
        params = parse_params(args.param)
        named.bindings(params)  # parameter errors before the store is opened
        result = named.run(reader_store(args), params, page)
    except (QueryError, RemoteStoreError) as exc:
        raise CommandError(str(exc)) from None
    write(render(result, args.format))
    return 0
