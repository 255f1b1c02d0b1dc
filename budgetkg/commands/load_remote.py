"""`budgetkg load-remote`: put the built dataset into a remote SPARQL store."""
from __future__ import annotations

from pathlib import Path


from ..cli import CommandError


def register(sub) -> None:
    p = sub.add_parser("load-remote", help="load the built dataset into a remote SPARQL store",
                       description="PUT every named graph of <store>/dataset.nq to a SPARQL 1.1 Graph Store "
                                   "Protocol endpoint (replacing graphs of the same name).")
    p.add_argument("--store", help="build directory (default: setting build_dir)")
    p.add_argument("--graph-store", help="Graph Store Protocol URL (default: setting remote_graph_store)")
    p.add_argument("--user", help="user for HTTP basic authentication")
    p.add_argument("--password", help="password for HTTP basic authentication")
    p.set_defaults(func=run)


def run(args) -> int:
    from budgetkg.settings import load_settings
    from store.remote import RemoteStoreError, load_dataset

    settings = load_settings({"build_dir": args.store, "remote_graph_store": args.graph_store})
    url = settings["remote_graph_store"]
    if not url:
        raise CommandError("no Graph Store URL: pass --graph-store or set BUDGETKG_REMOTE_GRAPH_STORE")
    dataset = Path(settings["build_dir"]) / "dataset.nq"
    if not dataset.is_file():
        raise CommandError(f"{dataset} does not exist: run `budgetkg build` first")
    try:
        counts = load_dataset(dataset, url, user=args.user, password=args.password)
    except RemoteStoreError as exc:
        raise CommandError(str(exc)) from None
    print(f"loaded {sum(counts.values())} triples in {len(counts)} graphs into {url}")
    return 0
