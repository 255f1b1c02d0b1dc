"""The catalogue at a province's scale: cost against work, from ~100 k to ~10 M triples.

For each size, in one run: a cold build of generated documents (documents/s, peak memory,
store size on disk), then every catalogue query with its bench parameters, p50/p95
in-process (pyoxigraph on the built store) and over HTTP (``/queries/<name>.json`` of
``budgetkg serve``), with their ratio and the targets (p50 < 50 ms, p95 < 150 ms, HTTP within
1.3× of in-process).  At ~1 M triples also: the same queries on Virtuoso (the remote store)
and serving with 1/8/32 concurrent clients.  Then the small case: the five samples to a built
and validated graph (wall time, median of 3) and ``budgetkg --help`` (median of 7), whole
processes.  Sizes past what the machine allows are not run; the table extrapolates them
by a least-squares line through every measured size, and says so.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from . import query_bench, serving_bench
from .common import OUT, ROOT, median, percentile, print_table

TRIPLES_PER_DOC = 1_880  # generated documents, measured: 570 documents give ~1.07 M triples
TARGET_P50_MS, TARGET_P95_MS, TARGET_HTTP_RATIO = 50.0, 150.0, 1.3
BUDGETKG = str(Path(sys.executable).parent / "budgetkg")


def store_bytes(build_dir: Path) -> int:
    return sum(p.stat().st_size for p in (build_dir / "store").rglob("*") if p.is_file())


def cold_build(docs: int) -> tuple[Path, dict]:
    """A build of `docs` generated documents into an empty folder (no caches)."""
    shutil.rmtree(OUT / f"query-build-{docs}", ignore_errors=True)
    build_dir, built = query_bench.build_graph(docs)
    built["docs_per_s"] = docs / built["seconds"]
    built["store_mib"] = store_bytes(build_dir) / 2**20
    return build_dir, built


def _ms(d: dict, q: float):
    return percentile(d["samples"], q) * 1000 if "samples" in d else None


def query_rows(label: str, ox: dict, http: dict, virtuoso: dict | None = None, sparql: dict | None = None) -> list[dict]:
    rows = []
    for name in ox:
        row = {"graph": label, "query": name, "rows": ox[name].get("rows"),
               "ox_p50_ms": _ms(ox[name], 50), "ox_p95_ms": _ms(ox[name], 95),
               "http_p50_ms": _ms(http.get(name, {}), 50), "http_p95_ms": _ms(http.get(name, {}), 95)}
        if sparql is not None:
            row["sparql_p50_ms"] = _ms(sparql.get(name, {}), 50)
            row["sparql_over_ox"] = (row["sparql_p50_ms"] / row["ox_p50_ms"]
                                     if row["sparql_p50_ms"] is not None and row["ox_p50_ms"] else None)
        if virtuoso is not None:
            row["virtuoso_p50_ms"] = _ms(virtuoso.get(name, {}), 50)
            row["virtuoso_rows"] = virtuoso.get(name, {}).get("rows")
        row["http_over_ox"] = (row["http_p50_ms"] / row["ox_p50_ms"]
                               if row["http_p50_ms"] is not None and row["ox_p50_ms"] else None)
        errors = [f"{way}: {d[name]['error']}" for way, d in (("ox", ox), ("http", http), ("virtuoso", virtuoso or {}),
                                                              ("sparql", sparql or {}))
                  if "error" in d.get(name, {})]
        row["meets_targets"] = (row["ox_p50_ms"] is not None and row["ox_p50_ms"] < TARGET_P50_MS
                                and row["ox_p95_ms"] < TARGET_P95_MS and row["http_over_ox"] is not None
                                and row["http_over_ox"] <= TARGET_HTTP_RATIO
                                and (sparql is None or (row["sparql_over_ox"] or float("inf")) <= TARGET_HTTP_RATIO))
        row["note"] = "; ".join(errors)
        rows.append(row)
    return rows


def on_virtuoso(build_dir: Path, params: dict[str, dict], repeat: int, budget_s: float) -> dict:
    """Load the build's dataset into a throw-away Virtuoso and time the catalogue there."""
    sys.path.insert(0, str(ROOT / "tests"))  # the Virtuoso starter the tests use
    from virtuoso_server import available, virtuoso

    from queries import get_query
    from store.remote import RemoteStore, load_dataset

    if not available():
        return {"error": "virtuoso-opensource is not installed"}
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-virtuoso-") as tmp, virtuoso(Path(tmp)) as v:
        t = time.perf_counter()
        load_dataset(build_dir / "dataset.nq", v.graph_store_url)
        out["load_s"] = time.perf_counter() - t
        store = RemoteStore(v.query_url, timeout=120)
        for name, p in params.items():
            query = get_query(name)
            try:
                rows = len(query.run(store, p))
                out[name] = {"rows": rows, "samples": query_bench.sample(lambda: query.run(store, p), repeat, budget_s,
                                                                         warm_up=False)}
            except Exception as exc:  # noqa: BLE001 - report and go on with the next query
                out[name] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
    return out


def round_trip(runs: int = 3) -> dict:
    """The five samples to a built and validated graph: `budgetkg build` then `budgetkg
    validate`, each a whole process, into a fresh folder each time (cold caches)."""
    walls, builds, validates = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-roundtrip-") as tmp:
            t0 = time.perf_counter()
            subprocess.run([BUDGETKG, "build", "--quiet", "--out", tmp], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            t1 = time.perf_counter()
            # exit 1 = violations found (the samples have some): validation ran
            done = subprocess.run([BUDGETKG, "validate", "--store", tmp], cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
            t2 = time.perf_counter()
            if done.returncode not in (0, 1):
                raise RuntimeError(f"budgetkg validate exited {done.returncode}")
            builds.append(t1 - t0)
            validates.append(t2 - t1)
            walls.append(t2 - t0)
    return {"wall_s": median(walls), "build_s": median(builds), "validate_s": median(validates), "runs": walls}


def help_time(runs: int = 7) -> dict:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([BUDGETKG, "--help"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - t)
    bare = []
    for _ in range(runs):  # the interpreter alone, for scale: what no import can win back
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - t)
    return {"median_s": median(samples), "samples": samples, "python_alone_median_s": median(bare)}


def extrapolate(measured: dict[str, dict], label: str, docs: int) -> dict:
    """A least-squares line in triples through every measured size (the catalogue's queries and
    the build are per-document work, so the curve should be close to a line; with three sizes
    or more the line is fitted, not drawn through the two largest, so one noisy point weighs
    less)."""
    points = sorted(measured.values(), key=lambda v: v["triples"])
    triples = docs * TRIPLES_PER_DOC

    def line(key: str) -> float:
        xs, ys = [v["triples"] for v in points], [v[key] for v in points]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        return my + slope * (triples - mx)

    return {"label": label, "docs": docs, "triples": triples, "extrapolated": True,
            "from": [v["triples"] for v in points],
            **{k: line(k) for k in ("build_s", "peak_rss_mib", "store_mib", "worst_p50_ms", "median_p50_ms")}}


def run(sizes: dict[str, int], extrapolate_to: dict[str, int], repeat: int = 7, budget_s: float = 10.0,
        limit_s: float = 60.0, virtuoso_at: str = "1M", serving_at: str = "1M") -> dict:
    results: dict = {"sizes": {}, "targets": {"p50_ms": TARGET_P50_MS, "p95_ms": TARGET_P95_MS,
                                              "http_over_ox": TARGET_HTTP_RATIO}}
    curve: dict[str, dict] = {}
    for label, docs in sizes.items():
        build_dir, built = cold_build(docs)
        from store.local import open_store

        params = query_bench.parameters(open_store(build_dir))
        ox, http, sparql = query_bench.paired(build_dir, params, repeat, budget_s, limit_s)
        virt = on_virtuoso(build_dir, params, max(3, repeat // 2), budget_s) if label == virtuoso_at else None
        rows = query_rows(label, ox, http, virt if virt and "error" not in virt else None, sparql)
        entry = {"docs": docs, "build": built, "parameters": params, "queries": rows}
        if virt is not None:
            entry["virtuoso"] = {"load_s": virt.get("load_s"), "error": virt.get("error")}
        if label == serving_at:
            paths = [f"/queries/{urllib.parse.quote(n)}.json?{urllib.parse.urlencode(p)}" for n, p in params.items()]
            entry["serving"] = serving_bench.run(build_dir, paths)  # throughput against one client's, per regime
        results["sizes"][label] = entry
        # Kept as it goes: a long run stopped later still leaves what it measured.
        (OUT / "scale-partial.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str),
                                                 encoding="utf-8")
        p50s = [r["ox_p50_ms"] for r in rows if r["ox_p50_ms"] is not None]
        curve[label] = {"docs": docs, "triples": built["triples"], "build_s": built["seconds"],
                        "peak_rss_mib": built["peak_rss_mib"], "store_mib": built["store_mib"],
                        "worst_p50_ms": max(p50s) if p50s else None, "median_p50_ms": median(p50s)}
        show = ["query", "rows", "ox p50", "ox p95", "http p50", "http p95", "http/ox", "/sparql p50", "/sparql/ox"]
        show += ["virtuoso p50", "virtuoso rows"] if virt is not None and "error" not in virt else []
        print_table(f"catalogue at {label} ({built['triples']:,} triples, {docs} docs; "
                    f"targets p50 < {TARGET_P50_MS:.0f} ms, p95 < {TARGET_P95_MS:.0f} ms, http/ox ≤ {TARGET_HTTP_RATIO})",
                    show + ["targets", "note"],
                    [[r["query"], r["rows"], _cell(r["ox_p50_ms"]), _cell(r["ox_p95_ms"]), _cell(r["http_p50_ms"]),
                      _cell(r["http_p95_ms"]), _cell(r["http_over_ox"]), _cell(r.get("sparql_p50_ms")),
                      _cell(r.get("sparql_over_ox"))]
                     + ([_cell(r.get("virtuoso_p50_ms")), _cell(r.get("virtuoso_rows"))]
                        if virt is not None and "error" not in virt else [])
                     + ["met" if r["meets_targets"] else "missed", r["note"]] for r in rows])
    if len(curve) >= 2:
        for label, docs in extrapolate_to.items():
            curve[label] = extrapolate({k: v for k, v in curve.items() if not v.get("extrapolated")}, label, docs)
    results["curve"] = curve
    print_table("cost against work (extrapolated rows are marked: not measured on this machine)",
                ["graph", "docs", "triples", "build s", "docs/s", "peak MiB", "store MiB", "median p50 ms",
                 "worst p50 ms", "measured"],
                [[k, v["docs"], f"{v['triples']:,.0f}", v["build_s"], v["docs"] / v["build_s"], v["peak_rss_mib"],
                  v["store_mib"], _cell(v["median_p50_ms"]), _cell(v["worst_p50_ms"]),
                  "extrapolated" if v.get("extrapolated") else "yes"] for k, v in curve.items()])
    results["round_trip"] = round_trip()
    results["help"] = help_time()
    print_table("the small case (whole processes; targets: round trip < 3 s, --help < 0.3 s)",
                ["what", "median s", "runs"],
                [["samples → built and validated graph", results["round_trip"]["wall_s"],
                  ", ".join(f"{x:.2f}" for x in results["round_trip"]["runs"])],
                 ["  of which build", results["round_trip"]["build_s"], ""],
                 ["  of which validate", results["round_trip"]["validate_s"], ""],
                 ["budgetkg --help", results["help"]["median_s"], ", ".join(f"{x:.2f}" for x in results["help"]["samples"])],
                 ["python -c pass (the interpreter alone)", results["help"]["python_alone_median_s"], ""]])
    return results


def _cell(v):
    return "-" if v is None else v

