"""Build cost against corpus size: documents/s, triples/s, peak memory, incremental rebuild."""
from __future__ import annotations

import shutil
from pathlib import Path

from .common import OUT, print_table, run_child
from .generate import generate

BUILD = """
import sys, time
from pathlib import Path
from budgetkg.build import build
src, out = Path(sys.argv[1]), Path(sys.argv[2])
t = time.perf_counter()
build(src, out)
elapsed = time.perf_counter() - t
triples = sum(1 for _ in (out / "dataset.nq").open("rb"))
_result = {"seconds": elapsed, "triples": triples}
"""


def corpus(n: int, seed: int = 7) -> Path:
    where = OUT / f"docs-{n}"
    if not where.is_dir() or len(list(where.glob("*.txt"))) != n:
        shutil.rmtree(where, ignore_errors=True)
        generate(n, seed, where)
    return where


def run(sizes=(10, 100, 1000)) -> dict[int, dict]:
    rows, results = [], {}
    for n in sizes:
        src = corpus(n)
        out = OUT / f"build-{n}"
        shutil.rmtree(out, ignore_errors=True)
        cold = run_child(BUILD, str(src), str(out))
        # Change one document, then rebuild with the cache in place.
        victim = sorted(src.glob("*.txt"))[0]
        original = victim.read_text(encoding="utf-8")
        victim.write_text(original.replace("部门预算", "部门预算 ", 1), encoding="utf-8")
        try:
            warm = run_child(BUILD, str(src), str(out))
        finally:
            victim.write_text(original, encoding="utf-8")
        results[n] = {"cold": cold, "rebuild_one_changed": warm}
        rows.append([n, cold["seconds"], n / cold["seconds"], cold["triples"], cold["triples"] / cold["seconds"],
                     cold["peak_rss_mib"], warm["seconds"], cold["seconds"] / warm["seconds"]])
    print_table("build", ["docs", "cold s", "docs/s", "triples", "triples/s", "peak MiB", "rebuild 1 changed s",
                          "speed-up"], rows)
    return results
