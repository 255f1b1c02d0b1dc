"""Render time of the pages people read, at growing graph sizes, over HTTP.

For each generated graph: the summary pages of the busiest department, one of its projects,
the most-cited policy and a document, plus a search, the source view and the spending chart,
each fetched as a browser would (``Accept: text/html``) from ``budgetkg serve``; p50 and p95.

    python -m bench.page_bench --docs 60 570     # ~100 k and ~1 M triples
"""
from __future__ import annotations

import argparse
import os
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .common import percentile, print_table
from .query_bench import BUSIEST, build_graph, sample
from .serving_bench import Server

MOST_CITED = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
SELECT ?policy (COUNT(?c) AS ?n) WHERE { ?c bkg:citedPolicy ?policy } GROUP BY ?policy ORDER BY DESC(?n) ?policy LIMIT 1
"""
ONE_DOCUMENT = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
SELECT ?doc ?file WHERE { ?doc a bkg:SourceDocument ; bkg:fileName ?file } ORDER BY ?file LIMIT 1
"""
SUBJECTS = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?d ?p WHERE { ?p bkg:projectCode ?code ; bkg:competentDepartment ?d . ?d skos:prefLabel ?label }
"""


def page_paths(build_dir: Path) -> dict[str, str]:
    """One path per page kind, chosen from the graph the way a reader would land on them."""
    from store.local import open_store

    store = open_store(build_dir)
    busiest = next(iter(store.query(BUSIEST, use_default_graph_as_union=False)))
    code = busiest["project"].value
    project = next(iter(store.query(
        f'PREFIX bkg: <https://w3id.org/budgetkg/ontology#> SELECT ?p ?d WHERE {{ ?p bkg:projectCode "{code}" ; '
        f'bkg:competentDepartment ?d }} LIMIT 1', use_default_graph_as_union=False)))
    policy = next(iter(store.query(MOST_CITED, use_default_graph_as_union=False)))["policy"].value
    document = next(iter(store.query(ONE_DOCUMENT, use_default_graph_as_union=False)))

    def path(iri: str) -> str:  # the server serves `<base>id/…` at `/id/…`
        return urllib.parse.quote("/id/" + iri.split("/id/", 1)[1], safe="/%")

    return {
        "department": path(project["d"].value),
        "project": path(project["p"].value),
        "policy": path(policy),
        "document": path(document["doc"].value),
        "search": "/search?" + urllib.parse.urlencode({"q": busiest["department"].value}),
        "source": "/source/" + urllib.parse.quote(document["file"].value) + "?lines=100#L100",
        "chart": "/charts/spending?code=210",
    }


def run(sizes: dict[str, int], repeat: int = 15, budget_s: float = 20.0) -> dict:
    results = {}
    for label, docs in sizes.items():
        build_dir, built = build_graph(docs)
        paths = page_paths(build_dir)
        rows = []
        # No named-query answers kept: a page's time is the time of its queries.
        with Server(build_dir, dict(os.environ, BUDGETKG_ANSWER_CACHE_MIB="0")) as server:
            for kind, path in paths.items():
                def get() -> int:
                    req = urllib.request.Request(server.base + path, headers={"Accept": "text/html"})
                    with urllib.request.urlopen(req, timeout=120) as resp:
                        return len(resp.read())
                size = get()
                samples = sample(get, repeat, budget_s)
                rows.append({"page": kind, "bytes": size, "n": len(samples),
                             "p50_ms": 1000 * percentile(samples, 50), "p95_ms": 1000 * percentile(samples, 95),
                             "path": urllib.parse.unquote(path)})
        results[label] = {"docs": docs, "triples": built["triples"], "pages": rows}
        print_table(f"page render time at {label} ({built['triples']:,} triples, {docs} docs), over HTTP",
                    ["page", "p50 ms", "p95 ms", "n", "KiB", "path"],
                    [[r["page"], r["p50_ms"], r["p95_ms"], r["n"], r["bytes"] // 1024, r["path"][:60]] for r in rows])
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[570], help="generated documents per graph (~1,770 triples each)")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    run({f"{d} docs": d for d in args.docs}, repeat=args.repeat)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
