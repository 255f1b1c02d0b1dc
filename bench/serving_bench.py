"""Serving: throughput and errors with 1, 8 and 32 concurrent clients on loopback.

Each client loops over a mix of catalogue queries (through /sparql and /queries/<name>.json)
until it has sent its share of requests or the time budget is spent: bounded in count and time.
"""
from __future__ import annotations

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
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + budget_s

    def client(k: int) -> None:
        nonlocal errors
        for i in range(requests_per_client):
            if time.monotonic() > stop_at:
                return
            url = base + paths[(k + i) % len(paths)]
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    r.read()
                ok = True
            except (urllib.error.URLError, OSError):
                ok = False
            dt = time.perf_counter() - t
            with lock:
                latencies.append(dt) if ok else None
                errors += 0 if ok else 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t0
    return {"clients": clients, "requests": len(latencies) + errors, "errors": errors,
            "throughput": len(latencies) / elapsed, "p50_ms": percentile(latencies, 50) * 1000,
            "p95_ms": percentile(latencies, 95) * 1000}


def run(build_dir: Path, paths: list[str], concurrency=(1, 8, 32), per_client: int = 40, budget_s: float = 60) -> list[dict]:
    results = []
    with Server(build_dir) as server:
        for c in concurrency:
            results.append(load(server.base, paths, c, per_client, budget_s))
    print_table(f"serving ({build_dir.name})", ["clients", "requests", "errors", "req/s", "p50 ms", "p95 ms"],
                [[r["clients"], r["requests"], r["errors"], r["throughput"], r["p50_ms"], r["p95_ms"]] for r in results])
    return results
