"""Serving: throughput and errors with 1, 8 and 32 concurrent clients on loopback.

Each client loops over a mix of catalogue queries (``/queries/<name>.json``) until it has sent
its share of requests or the time budget is spent: bounded in count and time.  Two regimes,
each against its own server, so that a kept answer is never counted as a query that ran:

* ``cold``: the answer cache off (``answer_cache_mib`` 0): every request runs its query;
* ``warm``: the server's default answer cache, filled by one request per path first (that pass
  is timed and reported as ``first``); each answer says whether it was kept (``X-Answer-Cache``),
  and the hits are counted.

Throughput against one client's is computed within a regime.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from server.pool import stop_process

from .common import ROOT, free_port, percentile, print_table, wait_until_answering


class Server:
    """`budgetkg serve` in a child process on a free loopback port."""

    def __init__(self, build_dir: Path, extra_env: dict | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "budgetkg"), "serve", "--store", str(build_dir),
             "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=extra_env)
        if not wait_until_answering(self.proc, self.base + "/"):
            self.stop()
            raise RuntimeError("server did not start")

    def stop(self) -> None:
        stop_process(self.proc, grace=20)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def load(base: str, paths: list[str], clients: int, requests_per_client: int, budget_s: float) -> dict:
    latencies: list[float] = []
    errors = hits = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + budget_s

    def client(k: int) -> None:
        nonlocal errors, hits
        for i in range(requests_per_client):
            if time.monotonic() > stop_at:
                return
            url = base + paths[(k + i) % len(paths)]
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    r.read()
                    kept = r.headers.get("X-Answer-Cache") == "hit"
                ok = True
            except (urllib.error.URLError, OSError):
                ok = kept = False
            dt = time.perf_counter() - t
            with lock:
                latencies.append(dt) if ok else None
                errors += 0 if ok else 1
                hits += kept

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t0
    return {"clients": clients, "requests": len(latencies) + errors, "errors": errors, "kept": hits,
            "throughput": len(latencies) / elapsed, "p50_ms": percentile(latencies, 50) * 1000,
            "p95_ms": percentile(latencies, 95) * 1000}


def run(build_dir: Path, paths: list[str], concurrency=(1, 8, 32), per_client: int = 40, budget_s: float = 60) -> list[dict]:
    results = []
    for regime, cache_mib in (("cold", "0"), ("warm", None)):
        env = dict(os.environ, BUDGETKG_ANSWER_CACHE_MIB=cache_mib) if cache_mib is not None else None
        with Server(build_dir, env) as server:
            if regime == "warm":
                first = load(server.base, paths, 1, len(paths), budget_s)  # each path once: every answer runs
                results.append({"regime": "first", **first})
            for c in concurrency:
                results.append({"regime": regime, **load(server.base, paths, c, per_client, budget_s)})
    for r in results:
        one = next(o for o in results if o["regime"] == r["regime"] and o["clients"] == 1)
        r["throughput_over_one_client"] = r["throughput"] / one["throughput"] if one["throughput"] else None
    print_table(f"serving ({build_dir.name}; cold: every request runs its query; first: the warm server's first "
                "request of each path; warm: answers kept by the server, hits counted)",
                ["answers", "clients", "requests", "kept", "errors", "req/s", "× one client", "p50 ms", "p95 ms"],
                [[r["regime"], r["clients"], r["requests"], r["kept"], r["errors"], r["throughput"],
                  r["throughput_over_one_client"], r["p50_ms"], r["p95_ms"]] for r in results])
    return results


def main(argv: list[str] | None = None) -> int:
    """python -m bench.serving_bench [--docs 570]: serving on a build the scale bench left."""
    import argparse

    from store.local import open_store

    from . import query_bench
    from .common import OUT
    from .run import serving_paths

    ap = argparse.ArgumentParser(description="serving with 1/8/32 clients, cold and warm, on bench/out/query-build-<docs>")
    ap.add_argument("--docs", type=int, default=570)
    ap.add_argument("--per-client", type=int, default=40)
    args = ap.parse_args(argv)
    build_dir = OUT / f"query-build-{args.docs}"
    if not (build_dir / "store").is_dir():
        query_bench.build_graph(args.docs)
    run(build_dir, serving_paths(query_bench.parameters(open_store(build_dir))), per_client=args.per_client)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
