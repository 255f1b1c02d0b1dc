"""Run every benchmark, print its tables, write ``bench/out/results.json``.

    python -m bench.run --quick     # 10/100 documents, ~100 k triples: a few minutes
    python -m bench.run             # 10/100/1000 documents, ~100 k and ~1 M triples: up to ~30 min

    python -m bench.run --only pdf  # the five samples + the published PDFs, cold: seconds, pages/s
    python -m bench.run --scale     # the catalogue at ~100 k, ~1 M, ~3.5 M triples (10 M extrapolated),
                                    # Virtuoso and serving at 1 M, the small case: ~20-40 min

Sections: build (documents/s, triples/s, peak memory, rebuild after one changed document),
pdf (cold build of the samples and ../shared/real/*.pdf, pages/s, time per PDF),
queries (p50/p95 per catalogue query over HTTP, in-process pyoxigraph and rdflib, with ratios),
serving (1/8/32 concurrent clients), validation (per shapes file, against graph size), answers
(whole-graph SELECT and CONSTRUCT over HTTP on the largest graph: rows, seconds, peak memory),
pages (render time of the summary pages, search, source view and chart over HTTP).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
import urllib.parse
from importlib.metadata import version
from pathlib import Path

from . import answers_bench, build_bench, page_bench, pdf_bench, query_bench, scale_bench, serving_bench, validation_bench
from .common import OUT

# Generated documents hold about 1,770 triples each: these give ~100 k and ~1 M triples.
QUICK = {"build": (10, 100), "queries": {"100k": 60}, "serving": "100k"}
FULL = {"build": (10, 100, 1000), "queries": {"100k": 60, "1M": 570}, "serving": "100k"}
SECTIONS = ("build", "pdf", "queries", "validation", "serving", "answers", "pages")
# --scale: ~100 k, ~1 M and ~3.5 M triples measured (Virtuoso and serving at 1 M), ~10 M extrapolated
# through them: its build would hold about 8 GB and take over ten minutes of this machine's two cores.
SCALE = {"measured": {"100k": 55, "1M": 570, "3.5M": 1_700}, "extrapolated": {"10M": 5_320}}


def environment() -> dict:
    return {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "cpus": os.cpu_count(), "python": platform.python_version(),
            "machine": platform.machine(),
            **{p: version(p) for p in ("pyoxigraph", "rdflib", "pyshacl", "waitress", "pdfplumber")}}


def serving_paths(params: dict[str, dict]) -> list[str]:
    """Every catalogue query with its bench parameters, as the JSON download users script against."""
    return [f"/queries/{urllib.parse.quote(name)}.json?{urllib.parse.urlencode(p)}" for name, p in params.items()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (a few minutes)")
    ap.add_argument("--only", choices=SECTIONS, action="append", help="run only this section (repeatable)")
    ap.add_argument("--scale", action="store_true",
                    help="only the scale section: catalogue p50/p95 in-process and over HTTP, build documents/s, "
                         "peak memory and store size at ~100 k and ~1 M triples (10 M extrapolated), Virtuoso "
                         "and serving at 1 M, samples → validated graph and --help timings")
    args = ap.parse_args(argv)
    if args.scale:
        started = time.perf_counter()
        return write_results({"environment": environment(), "plan": "scale",
                              "scale": scale_bench.run(SCALE["measured"], SCALE["extrapolated"])}, started)
    plan = QUICK if args.quick else FULL
    sections = args.only or list(SECTIONS)
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"environment": environment(), "plan": "quick" if args.quick else "full"}
    started = time.perf_counter()
    if "build" in sections:
        results["build"] = build_bench.run(plan["build"])
    if "pdf" in sections:
        results["pdf"] = pdf_bench.run()
    graphs: dict[str, Path] = {}
    if "queries" in sections:
        results["queries"] = query_bench.run(plan["queries"], repeat=10 if args.quick else 7,
                                             budget_s=5.0 if args.quick else 20.0,
                                             limit_s=30.0 if args.quick else 120.0)
        graphs = {label: Path(r["build_dir"]) for label, r in results["queries"].items()}
    needs_graphs = {"validation", "serving", "answers"} & set(sections)
    if needs_graphs and not graphs:
        graphs = {label: query_bench.build_graph(docs)[0] for label, docs in plan["queries"].items()}
    if "validation" in sections:
        results["validation"] = validation_bench.run({"corpus": validation_bench.corpus_build(), **graphs})
    if "serving" in sections:
        build_dir = graphs[plan["serving"]]
        from store.local import open_store

        paths = serving_paths(query_bench.parameters(open_store(build_dir)))
        results["serving"] = serving_bench.run(build_dir, paths)
    if "answers" in sections:
        results["answers"] = answers_bench.run(graphs[list(plan["queries"])[-1]])
    if "pages" in sections:
        results["pages"] = page_bench.run(plan["queries"], repeat=5 if args.quick else 15)
    return write_results(results, started)


def write_results(results: dict, started: float) -> int:
    results["seconds"] = time.perf_counter() - started
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "results.json"
    target.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"\nresults written to {target} ({results['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
