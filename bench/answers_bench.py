"""Whole-graph answers of the endpoint: every row comes back, and server memory stays flat.

A SELECT of every triple (JSON and TSV results) and a CONSTRUCT of every triple (N-Triples,
Turtle) over HTTP, each read to its end by a streaming client that counts what it got; the
counts are compared with the store's own COUNT.  Peak memory is the high-water mark (VmHWM) of
the server process and of each query process, read from /proc after the answers: with answers
spooled to disk it stays far below the size of the largest answer.

    python -m bench.answers_bench --docs 570     # ~1 M triples (the generated documents)
"""
from __future__ import annotations

import argparse
import os
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .common import print_table
from .serving_bench import Server

QUERIES = [
    ("SELECT *", "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json"),
    ("SELECT *", "SELECT * WHERE { ?s ?p ?o }", "text/tab-separated-values"),
    ("CONSTRUCT", "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples"),
    ("CONSTRUCT", "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle"),
]
# Lines of an answer that are not rows: JSON's head and tail, TSV's header; Turtle is not counted.
_NOT_ROWS = {"application/sparql-results+json": 2, "text/tab-separated-values": 1, "application/n-triples": 0}


def peak_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            found += [int(c) for c in fh.read().split()]
    return found


def fetch(base: str, query: str, accept: str, timeout: float) -> dict:
    """Read one answer to its end in 1 MiB chunks, counting lines; never holds it whole."""
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    started = time.perf_counter()
    lines = size = 0
    first_byte = None
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=timeout) as resp:
        status = resp.status
        while chunk := resp.read(1 << 20):
            first_byte = first_byte or time.perf_counter() - started
            size += len(chunk)
            lines += chunk.count(b"\n")
    return {"status": status, "bytes": size, "lines": lines, "seconds": time.perf_counter() - started,
            "first_byte_s": first_byte or 0.0}


def run(build_dir: Path, timeout: float = 600.0) -> dict:
    from store.local import open_store

    triples = int(next(iter(open_store(build_dir).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    env = dict(os.environ, BUDGETKG_QUERY_TIMEOUT=str(timeout), BUDGETKG_QUERY_WORKERS="1")
    rows = []
    with Server(build_dir, extra_env=env) as server:
        start_peak = peak_mib(server.proc.pid)
        for form, query, accept in QUERIES:
            got = fetch(server.base, query, accept, timeout)
            counted = got["lines"] - _NOT_ROWS[accept] if accept in _NOT_ROWS else None
            rows.append({"form": form, "accept": accept, **got, "rows": counted,
                         "complete": counted == triples if counted is not None else None})
        workers = children(server.proc.pid)
        server_peak = peak_mib(server.proc.pid)
        worker_peak = max((peak_mib(w) for w in workers), default=float("nan"))
    print_table(f"whole-graph answers over HTTP ({build_dir.name}, {triples:,} triples)",
                ["query", "Accept", "status", "MiB", "rows", "complete", "s", "first byte s"],
                [[r["form"], r["accept"], r["status"], r["bytes"] / 2**20, r["rows"] if r["rows"] is not None else "-",
                  r["complete"] if r["complete"] is not None else "-", r["seconds"], r["first_byte_s"]] for r in rows])
    print_table("peak memory (VmHWM)", ["process", "MiB"],
                [["server, after start", start_peak], ["server, after the answers", server_peak],
                 ["query process (worker)", worker_peak], ["largest answer", max(r["bytes"] for r in rows) / 2**20]])
    return {"triples": triples, "answers": rows, "server_start_peak_mib": start_peak,
            "server_peak_mib": server_peak, "worker_peak_mib": worker_peak}


def main(argv: list[str] | None = None) -> int:
    from .query_bench import build_graph

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=570, help="generated documents (570 ≈ 1 M triples)")
    ap.add_argument("--store", type=Path, help="an existing build folder instead of generating one")
    ap.add_argument("--timeout", type=float, default=600.0, help="query_timeout for the run (seconds)")
    args = ap.parse_args(argv)
    build_dir = args.store
    if build_dir is None:
        build_dir = build_graph(args.docs)[0]
    run(build_dir, args.timeout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
