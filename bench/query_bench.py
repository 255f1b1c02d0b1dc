"""Catalogue query latency at growing graph sizes, three ways on the same data in one run.

* ``http``    through our endpoint: ``GET /queries/<name>.json`` of ``budgetkg serve``
              (waitress, worker pool, JSON rendering, loopback);
* ``oxigraph`` in-process: ``NamedQuery.run`` on the build's on-disk pyoxigraph store;
* ``rdflib``  rdflib's own SPARQL engine on an in-memory ``Dataset`` loaded from
              ``dataset.nq`` with ``default_union=True`` (the default graph is the union of
              the named graphs, as in the other two).

All three run the same text: the catalogue query with its parameters bound as VALUES.
rdflib runs in a child process, one query at a time under a time budget, so one slow query
cannot stall the run; a query past the budget is reported as ``timeout``.
"""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .common import OUT, ROOT, percentile, print_table, run_child
from .serving_bench import Server

# The catalogue's parameters as a user would give them.  Names of a region, a department
# and a project are read from the graph (see `parameters`), so each query finds rows.
PARAMETERS = {
    "projects": {"region": "{region}"},
    "departments": {"region": "{region}"},
    "projects-citing": {"doc_number": "武政办[2016]69 号"},
    "legal-basis": {"project": "{project}"},
    "indicators": {"keyword": "满意度", "department": "{department}"},
    "similar-indicators": {"keyword": "满意度"},
    "budget-lines": {"department": "{department}", "code_prefix": "2"},
    "spending-by-function": {"code_prefix": "2"},
    "funding-sources": {"department": "{department}"},
    "policies": {"doc_number": "武政"},
    "policy-citations": {"department": "{department}"},
    "execution": {"department": "{region}"},
}

# The department with most projects, its region, and one of its projects.
BUSIEST = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?department ?region (MIN(?code) AS ?project) WHERE {
  { SELECT ?d (COUNT(?p) AS ?n) WHERE { ?p a bkg:BudgetProject ; bkg:competentDepartment ?d } GROUP BY ?d
    ORDER BY DESC(?n) ?d LIMIT 1 }
  ?p bkg:competentDepartment ?d ; bkg:projectCode ?code .
  ?d skos:prefLabel ?department ; bkg:region/skos:prefLabel ?region .
} GROUP BY ?department ?region ORDER BY ?department ?region LIMIT 1
"""


BUILD = """
import sys, time
from pathlib import Path
from budgetkg.build import build
t = time.perf_counter()
result = build(Path(sys.argv[1]), Path(sys.argv[2]))
_result = {"seconds": time.perf_counter() - t, "triples": sum(result.triples_by_graph.values())}
"""

IN_PROCESS = """
import json, sys
from pathlib import Path
from bench.query_bench import sample
from store.local import open_store
from queries import get_query
store = open_store(Path(sys.argv[1]))
query, params = get_query(sys.argv[2]), json.loads(sys.argv[3])
rows = len(query.run(store, params))
samples = sample(lambda: query.run(store, params), int(sys.argv[4]), float(sys.argv[5]), warm_up=False)
print(json.dumps({"samples": samples, "rows": rows}))
"""

RDFLIB_WORKER = """
import json, sys, time
from rdflib import Dataset
from queries import get_query
t = time.perf_counter()
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
print(json.dumps({"loaded": time.perf_counter() - t, "triples": len(ds)}), flush=True)
repeat, budget = int(sys.argv[2]), float(sys.argv[3])
for line in sys.stdin:
    name, params = json.loads(line)
    text = get_query(name).bound_sparql(params)
    samples, rows, spent = [], 0, 0.0
    try:
        while len(samples) < repeat and (not samples or spent < budget):
            t = time.perf_counter()
            rows = len(list(ds.query(text)))
            samples.append(time.perf_counter() - t)
            spent += samples[-1]
        print(json.dumps({"name": name, "samples": samples, "rows": rows}), flush=True)
    except Exception as exc:  # report, go on with the next query
        print(json.dumps({"name": name, "error": f"{type(exc).__name__}: {exc}"[:200]}), flush=True)
"""


def build_graph(docs: int, seed: int = 7) -> tuple[Path, dict]:
    """A build of `docs` generated documents, made in a child process (its own memory)."""
    from .build_bench import corpus

    out = OUT / f"query-build-{docs}"
    return out, run_child(BUILD, str(corpus(docs, seed)), str(out))


def parameters(store) -> dict[str, dict]:
    """The bench parameters for every catalogue query, filled in with names from this graph."""
    from queries import catalogue

    row = next(iter(store.query(BUSIEST, use_default_graph_as_union=False)), None)
    names = {k: row[k].value for k in ("department", "region", "project")} if row else {}
    return {q.name: {k: v.format(**names) for k, v in PARAMETERS.get(q.name, {}).items()} for q in catalogue()}


def sample(fn, repeat: int, budget_s: float, warm_up: bool = True) -> list[float]:
    """Up to `repeat` timings of `fn` after one warm-up, stopping early once `budget_s` is spent."""
    if warm_up:
        fn()
    samples: list[float] = []
    spent = 0.0
    while len(samples) < repeat and (not samples or spent < budget_s):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
        spent += samples[-1]
    return samples


def in_process(build_dir: Path, params: dict[str, dict], repeat: int, budget_s: float, limit: float) -> dict[str, dict]:
    """Each query in a fresh child process (opening the store read-only costs nothing), so
    one that runs past `limit` seconds can be stopped and reported instead of stalling the run."""
    out = {}
    for name, p in params.items():
        try:
            done = subprocess.run([sys.executable, "-c", IN_PROCESS, str(build_dir), name, json.dumps(p),
                                   str(repeat), str(budget_s)], cwd=ROOT, capture_output=True, text=True,
                                  timeout=limit)
        except subprocess.TimeoutExpired:
            out[name] = {"error": f"timeout (> {limit:.0f} s)"}
            continue
        if done.returncode != 0:
            out[name] = {"error": done.stderr.strip().splitlines()[-1][:200] if done.stderr.strip() else "failed"}
            continue
        out[name] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


PAIRED = """
import json, sys, time, urllib.request
from pathlib import Path
from store.local import open_store
from queries import get_query
store = open_store(Path(sys.argv[1]))
query, params, url, endpoint = get_query(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
repeat, budget = int(sys.argv[6]), float(sys.argv[7])
text = query.bound_sparql(params).encode("utf-8")

def rows_of(request):
    with urllib.request.urlopen(request, timeout=600) as resp:
        return len(json.loads(resp.read())["results"]["bindings"])

def named():
    return rows_of(url)

def sparql():
    return rows_of(urllib.request.Request(endpoint, data=text, headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}))

ways = {"ox": lambda: len(query.run(store, params)), "http": named, "sparql": sparql}
out = {way: {"samples": [], "rows": run()} for way, run in ways.items()}  # also the warm-up of each
spent = 0.0
while len(out["ox"]["samples"]) < repeat and (not out["ox"]["samples"] or spent < budget):
    for way, run in ways.items():
        t = time.perf_counter()
        run()
        out[way]["samples"].append(time.perf_counter() - t)
        spent += out[way]["samples"][-1]
print(json.dumps(out))
"""


def paired(build_dir: Path, params: dict[str, dict], repeat: int, budget_s: float,
           limit: float) -> tuple[dict[str, dict], dict[str, dict], dict[str, dict]]:
    """In-process, ``/queries/<name>.json`` and ``/sparql`` (the same text, POSTed), each
    query's runs taking turns one way after another, so that all three meet the same load on a
    shared machine (blocks minutes apart would not).  Each query in a child process, stopped
    past `limit` seconds; the server keeps no answers (every request runs its query, as every
    in-process run does).  Returns (in-process, named over HTTP, /sparql)."""
    env = dict(os.environ, BUDGETKG_RESULT_LIMIT="100000000", BUDGETKG_QUERY_TIMEOUT=str(limit),
               BUDGETKG_ANSWER_CACHE_MIB="0")
    ways: tuple[dict[str, dict], dict[str, dict], dict[str, dict]] = ({}, {}, {})
    with Server(build_dir, env) as server:
        for name, p in params.items():
            url = f"{server.base}/queries/{urllib.parse.quote(name)}.json?{urllib.parse.urlencode(p)}"
            try:
                done = subprocess.run([sys.executable, "-c", PAIRED, str(build_dir), name, json.dumps(p), url,
                                       server.base + "/sparql", str(repeat), str(budget_s)], cwd=ROOT,
                                      capture_output=True, text=True, timeout=limit * (3 * repeat + 3))
            except subprocess.TimeoutExpired:
                for way in ways:
                    way[name] = {"error": f"timeout (> {limit:.0f} s)"}
                continue
            if done.returncode != 0:
                error = done.stderr.strip().splitlines()[-1][:200] if done.stderr.strip() else "failed"
                for way in ways:
                    way[name] = {"error": error}
                continue
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            for way, key in zip(ways, ("ox", "http", "sparql")):
                way[name] = measured[key]
    return ways


def over_http(build_dir: Path, params: dict[str, dict], repeat: int, budget_s: float, limit: float) -> dict[str, dict]:
    # No row cap, and the same time limit as the other ways: the comparison is of the same answers.
    # No answers kept: every timed request runs its query, as every in-process run does.
    env = dict(os.environ, BUDGETKG_RESULT_LIMIT="100000000", BUDGETKG_QUERY_TIMEOUT=str(limit),
               BUDGETKG_ANSWER_CACHE_MIB="0")
    out = {}
    with Server(build_dir, env) as server:
        for name, p in params.items():
            url = f"{server.base}/queries/{urllib.parse.quote(name)}.json?{urllib.parse.urlencode(p)}"

            def get() -> int:
                with urllib.request.urlopen(url, timeout=600) as resp:
                    return len(json.loads(resp.read())["results"]["bindings"])

            try:
                rows = get()
                out[name] = {"samples": sample(get, repeat, budget_s, warm_up=False), "rows": rows}
            except OSError as exc:  # 503 when the server's time limit stops the query
                out[name] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
    return out


def with_rdflib(build_dir: Path, params: dict[str, dict], repeat: int, budget_s: float, limit: float,
                load_timeout_s: float = 900) -> dict:
    """rdflib in a child process; a query over the budget is cut and the child restarted."""
    pending = list(params.items())
    out: dict = {"queries": {}}
    while pending:
        proc = subprocess.Popen([sys.executable, "-c", RDFLIB_WORKER, str(build_dir / "dataset.nq"), str(repeat),
                                 str(budget_s)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout] + [lines.put(None)], daemon=True).start()
        try:
            first = lines.get(timeout=load_timeout_s)
            if first is None:
                raise RuntimeError("rdflib worker died while loading")
            out.update(json.loads(first))
            while pending:
                name, p = pending[0]
                proc.stdin.write(json.dumps([name, p], ensure_ascii=False) + "\n")
                proc.stdin.flush()
                reply = lines.get(timeout=limit)
                if reply is None:
                    raise RuntimeError(f"rdflib worker died on {name}")
                out["queries"][name] = json.loads(reply)
                pending.pop(0)
        except queue.Empty:
            if "loaded" not in out:
                out["error"] = "load timeout"
                return out
            name, _ = pending.pop(0)
            out["queries"][name] = {"name": name, "error": f"timeout (> {limit:.0f} s)"}
        finally:
            proc.kill()
            proc.wait()
    return out


def summarise(label: str, triples: int, http: dict, ox: dict, rdf: dict) -> list[dict]:
    def ms(d: dict, q: float):
        return percentile(d["samples"], q) * 1000 if "samples" in d else None

    def ratio(a, b):
        return a / b if a is not None and b else None

    rows = []
    for name in ox:
        ways = {"http": http.get(name, {}), "ox": ox[name], "rdflib": rdf["queries"].get(name, {})}
        counts = {way: d["rows"] for way, d in ways.items() if "rows" in d}
        notes = [f"{way}: {d['error']}" for way, d in ways.items() if "error" in d]
        if len(set(counts.values())) > 1:
            notes.append("row counts differ: " + ", ".join(f"{w} {n}" for w, n in counts.items()))
        row = {"graph": label, "triples": triples, "query": name, "rows": next(iter(counts.values()), None),
               **{f"{way}_p{q}_ms": ms(d, q) for way, d in ways.items() for q in (50, 95)}, "note": "; ".join(notes)}
        row["http_over_ox"] = ratio(row["http_p50_ms"], row["ox_p50_ms"])
        row["rdflib_over_ox"] = ratio(row["rdflib_p50_ms"], row["ox_p50_ms"])
        rows.append(row)
    return rows


def _cell(v) -> object:
    return "-" if v is None else v


def run(sizes: dict[str, int], repeat: int = 10, budget_s: float = 20.0, limit_s: float = 120.0) -> dict:
    """`sizes`: label -> number of generated documents (about 1,770 triples each).

    Each query is timed up to `repeat` times or until `budget_s` is spent; one that takes more
    than `limit_s` (all its runs) is stopped and reported as a timeout."""
    from store.local import open_store

    results: dict = {}
    for label, docs in sizes.items():
        build_dir, built = build_graph(docs)
        params = parameters(open_store(build_dir))
        ox = in_process(build_dir, params, repeat, budget_s, limit_s)
        http = over_http(build_dir, params, repeat, budget_s, limit_s)
        rdf = with_rdflib(build_dir, params, max(3, repeat // 3), budget_s, limit_s)
        rows = summarise(label, built["triples"], http, ox, rdf)
        results[label] = {"docs": docs, "build": built, "build_dir": str(build_dir), "parameters": params,
                          "rdflib_load_s": rdf.get("loaded"), "queries": rows}
        print_table(f"queries at {label} ({built['triples']:,} triples, {docs} docs; rdflib load "
                    f"{_cell(rdf.get('loaded')) if rdf.get('loaded') is None else round(rdf['loaded'], 1)} s)",
                    ["query", "rows", "http p50", "http p95", "oxigraph p50", "oxigraph p95", "rdflib p50",
                     "http/ox", "rdflib/ox", "note"],
                    [[r["query"], _cell(r["rows"]), _cell(r["http_p50_ms"]), _cell(r["http_p95_ms"]), _cell(r["ox_p50_ms"]),
                      _cell(r["ox_p95_ms"]), _cell(r["rdflib_p50_ms"]), _cell(r["http_over_ox"]),
                      _cell(r["rdflib_over_ox"]), r["note"]]
                     for r in rows])
    return results
