"""Cold build of the five sample documents and the published PDFs: seconds, pages/s, extraction share.

The sources are copied into one folder (samples as text, ``../shared/real/*.pdf`` as published)
and built in a fresh interpreter with no cache, so every PDF is parsed by pdfplumber.  A second
child extracts the PDFs alone and times each, to say where the time goes.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .common import OUT, ROOT, print_table, run_child

SAMPLES = ROOT / "data" / "sources"
REAL = ROOT.parent / "shared" / "real"

# CPU seconds beside wall-clock ones: on a shared machine the wall clock also counts waiting.
BUILD = """
import sys, time
from pathlib import Path
from budgetkg.build import build
src, out = Path(sys.argv[1]), Path(sys.argv[2])
t, c = time.perf_counter(), time.process_time()
result = build(src, out)
_result = {"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c,
           "documents": len(result.documents),
           "failed": [d.file for d in result.failed], "triples": result.triples,
           "pages": sum((d.coverage or {}).get("pages") or 0 for d in result.documents)}
"""

EXTRACT = """
import sys, time
from pathlib import Path
from kg_build.extract import extract_source
from kg_build.source import read_source
per = {}
for path in sorted(Path(sys.argv[1]).glob("*.pdf")):
    c = time.process_time()
    source = read_source(path)
    read = time.process_time() - c
    extract_source(source)
    per[path.name] = {"pages": source.pages, "read_cpu_s": read, "readers_cpu_s": time.process_time() - c - read}
_result = {"documents": per}
"""


def sources() -> Path:
    where = OUT / "pdf-sources"
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for path in sorted(SAMPLES.glob("*.txt")) + sorted(REAL.glob("*.pdf")):
        shutil.copy(path, where / path.name)
    return where


def run() -> dict:
    src = sources()
    out = OUT / "build-pdf"
    shutil.rmtree(out, ignore_errors=True)
    cold = run_child(BUILD, str(src), str(out))
    per = run_child(EXTRACT, str(src))["documents"]
    rows = [[name[:34], d["pages"], d["read_cpu_s"], d["readers_cpu_s"],
             d["pages"] / (d["read_cpu_s"] + d["readers_cpu_s"])] for name, d in per.items()]
    pages, read_s, readers_s = (sum(d[k] for d in per.values()) for k in ("pages", "read_cpu_s", "readers_cpu_s"))
    rows.append(["all PDFs", pages, read_s, readers_s, pages / (read_s + readers_s)])
    print_table("PDF extraction, CPU s (reading: pdfplumber page text + table grids; then every reader)",
                ["document", "pages", "read", "readers", "pages/s"], rows)
    print_table("cold build: 5 samples + published PDFs (target < 30 s)",
                ["documents", "failed", "pages", "triples", "wall s", "CPU s", "pages/wall s", "peak MiB"],
                [[cold["documents"], len(cold["failed"]), cold["pages"], cold["triples"], cold["seconds"],
                  cold["cpu_seconds"], cold["pages"] / cold["seconds"], cold["peak_rss_mib"]]])
    return {"cold_build": cold, "extraction": per}
