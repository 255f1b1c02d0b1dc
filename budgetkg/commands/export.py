"""`budgetkg export`: the built dataset as Turtle, N-Quads, TriG or JSON-LD.

With the setting remote_sparql (and no ``--store``) the dataset comes from that SPARQL store,
one CONSTRUCT per named graph, so each triple keeps its graph.
"""
from __future__ import annotations

import sys

from ..cli import CommandError

# format name -> pyoxigraph.RdfFormat attribute (pyoxigraph is imported when a command runs)
FORMATS = {"ttl": "TURTLE", "nq": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD"}


def register(sub) -> None:
    p = sub.add_parser(
        "export", help="write the built graph as ttl, nq, trig or jsonld",
        description="Serialise the store of the last build. Turtle has no named graphs: it gets the union "
                    "of all graphs (every triple once); nq, trig and jsonld keep one graph per document.")
    p.add_argument("--format", choices=sorted(FORMATS), default="trig", help="serialisation (default: trig)")
    p.add_argument("--store", help="build folder given to `build --out` (default: setting build_dir, or the "
                                   "remote store of the setting remote_sparql)")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.set_defaults(func=run)


def export(store, fmt: str, output) -> None:
    """Write `store` (a pyoxigraph Store, or its quads) to `output` in format `fmt`."""
    import pyoxigraph

    from ontology.namespaces import PREFIXES

    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt])
    prefixes = None if fmt == "nq" else dict(PREFIXES)
    if rdf_format.supports_datasets:
        # The named graphs only: the store's default graph is their merge, not data of its own.
        named = (q for q in store if not isinstance(q.graph_name, pyoxigraph.DefaultGraph))
        quads = sorted(named, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        pyoxigraph.serialize(quads, output, rdf_format, prefixes=prefixes)
        return
    triples = sorted({q.triple for q in store}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    pyoxigraph.serialize(triples, output, rdf_format, prefixes=prefixes)


def run(args) -> int:
    from budgetkg.settings import load_settings
    from store.local import StoreError, reader_store
    from store.remote import RemoteStore, RemoteStoreError, dataset_quads

    settings = load_settings({"build_dir": args.store})
    try:
        store = reader_store(settings, args.store)
        if isinstance(store, RemoteStore):
            store = dataset_quads(store, settings["base_iri"])
    except (StoreError, RemoteStoreError) as exc:
        raise CommandError(str(exc)) from None
    if args.output:
        with open(args.output, "wb") as out:  # opened here, so an unwritable path is named in the error
            export(store, args.format, out)
    else:
        export(store, args.format, sys.stdout.buffer)
        sys.stdout.flush()
    return 0
