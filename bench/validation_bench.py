"""SHACL validation time against graph size, and which shapes file dominates.

Each shapes file (with ``prefixes.ttl``, which the others' SPARQL needs) is validated on its
own, then all together, in a child process per graph so that memory is measured and a run
past its time budget can be stopped.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .common import OUT, ROOT, print_table

VALIDATE = """
import json, shutil, sys, tempfile, time, resource
from pathlib import Path
from shapes import SHAPES_DIR, load_data, validate
build_dir, files = Path(sys.argv[1]), json.loads(sys.argv[2])
t = time.perf_counter()
store = load_data(build_dir)
print(json.dumps({"load_s": time.perf_counter() - t, "triples": len(store)}), flush=True)
for name in files:
    with tempfile.TemporaryDirectory() as tmp:
        for f in {"prefixes.ttl", *([name] if name != "all" else [p.name for p in SHAPES_DIR.glob("*.ttl")])}:
            shutil.copy(SHAPES_DIR / f, tmp)
        t = time.perf_counter()
        outcome = validate(store, shapes_dir=Path(tmp))
        print(json.dumps({"shapes": name, "seconds": time.perf_counter() - t, "pyshacl_s": outcome.seconds,
                          "results": len(outcome.results), "conforms": outcome.conforms,
                          "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
"""


def shapes_files() -> list[str]:
    from shapes import SHAPES_DIR

    return sorted(p.name for p in SHAPES_DIR.glob("*.ttl") if p.name != "prefixes.ttl")


def validate_graph(build_dir: Path, budget_s: float) -> dict:
    """Validation of one build, file by file then all; stops at `budget_s` and says so."""
    files = shapes_files() + ["all"]
    proc = subprocess.Popen([sys.executable, "-c", VALIDATE, str(build_dir), json.dumps(files)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = proc.communicate(timeout=budget_s)
        timed_out = False
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        timed_out = True
    lines = [json.loads(x) for x in stdout.splitlines() if x.startswith("{")]
    result = {"load": lines[0] if lines else None, "shapes": lines[1:], "timed_out": timed_out}
    if proc.returncode not in (0, None) and not timed_out:
        result["error"] = stderr[-1000:]
    return result


def run(graphs: dict[str, Path], budget_s: float = 900) -> dict:
    """`graphs`: label -> build directory."""
    results, rows = {}, []
    for label, build_dir in graphs.items():
        r = validate_graph(build_dir, budget_s)
        results[label] = r
        triples = r["load"]["triples"] if r["load"] else "-"
        done = {s["shapes"] for s in r["shapes"]}
        for s in r["shapes"]:
            rows.append([label, triples, s["shapes"], s["seconds"], s["results"], s["conforms"], s["peak_rss_mib"]])
        for missing in (f for f in shapes_files() + ["all"] if f not in done):
            rows.append([label, triples, missing, f"> {budget_s:.0f} s budget" if r["timed_out"] else "failed",
                         "-", "-", "-"])
        if r.get("error"):
            print(f"validation of {label} failed: {r['error']}", file=sys.stderr)
    print_table("validation", ["graph", "triples", "shapes", "seconds", "results", "conforms", "peak MiB"], rows)
    return results


def corpus_build() -> Path:
    """The sample corpus, built (in a child process) for the smallest point of the curve."""
    from .query_bench import BUILD
    from .common import run_child

    out = OUT / "corpus-build"
    shutil.rmtree(out, ignore_errors=True)
    run_child(BUILD, str(ROOT / "data" / "sources"), str(out))
    return out
