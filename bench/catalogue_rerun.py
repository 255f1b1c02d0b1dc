"""The catalogue on a graph already built by the scale bench, without building it again.

    python -m bench.catalogue_rerun [--docs 570] [--repeat 7] [--rederive] [QUERY ...]

Opens ``bench/out/query-build-<docs>`` (made by ``python -m bench.run --scale``, or built here
when missing), optionally recomputes its derived graph with the current derivations (in the
store and in its dataset.nq, which `budgetkg validate --store` reads; so a
query rewrite that reads new derived triples can be timed on the same ~1 M triples in
minutes, not a rebuild), then times each catalogue query in-process with its bench
parameters: rows, min, p50 and p95 of `repeat` runs after one warm-up.  Prints the table and
writes ``bench/out/catalogue-rerun.json``.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from . import query_bench
from .common import OUT, median, percentile, print_table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=570, help="generated documents of the build (570 ≈ 1 M triples)")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per query after which runs stop")
    ap.add_argument("--rederive", action="store_true", help="recompute the derived graph with the current code")
    ap.add_argument("queries", nargs="*", help="catalogue query names (default: all)")
    args = ap.parse_args(argv)

    build_dir = OUT / f"query-build-{args.docs}"
    if not (build_dir / "store").is_dir():
        query_bench.build_graph(args.docs)
    if args.rederive:
        from mappings.derived import add_derived_graph
        from mappings.iris import IriMinter

        t = time.perf_counter()
        graph, lines = add_derived_graph(build_dir / "store", IriMinter())
        rewrite_derived_lines(build_dir / "dataset.nq", graph, lines)
        print(f"derived graph recomputed in {time.perf_counter() - t:.1f} s")

    from queries import get_query
    from store.local import open_store

    store = open_store(build_dir)
    params = query_bench.parameters(store)
    results = {}
    for name in args.queries or list(params):
        query, p = get_query(name), params[name]
        rows = len(query.run(store, p))  # also the warm-up
        samples = query_bench.sample(lambda: query.run(store, p), args.repeat, args.budget, warm_up=False)
        results[name] = {"params": p, "rows": rows, "min_ms": min(samples) * 1000,
                         "p50_ms": median(samples) * 1000, "p95_ms": percentile(samples, 95) * 1000,
                         "runs": len(samples)}
    print_table(f"catalogue in-process on {build_dir.name} (ms)", ["query", "rows", "min", "p50", "p95", "runs"],
                [[n, r["rows"], r["min_ms"], r["p50_ms"], r["p95_ms"], r["runs"]] for n, r in results.items()])
    (OUT / "catalogue-rerun.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def rewrite_derived_lines(dataset: Path, graph: str, lines: list[bytes]) -> None:
    """Put the recomputed derived quads in the build's dataset.nq in place of the old ones, so
    `budgetkg validate --store` (which reads that file) checks the graph the queries read."""
    if not dataset.is_file():
        return
    suffix = f"<{graph}> .".encode()
    with dataset.open("rb") as old, dataset.with_suffix(".nq.new").open("wb") as new:
        for line in old:
            if not line.rstrip().endswith(suffix):
                new.write(line)
        for line in lines:
            new.write(line if line.endswith(b"\n") else line + b"\n")
    dataset.with_suffix(".nq.new").replace(dataset)


if __name__ == "__main__":
    raise SystemExit(main())
