"""Validation findings about one document, read from the report `budgetkg validate` wrote.

Per-document nodes have IRIs ``id:<type>/<file stem>/<line>/<n>`` (docs/model.md), so a
result whose focus node is one of them belongs to that document, at that line.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pyoxigraph as ox

from queries import page_query

REPORT_TTL = "validation-report.ttl"
_cache: dict[str, tuple[float, list["Finding"]]] = {}
_lock = threading.Lock()


@dataclass
class Finding:
    focus: str
    severity: str
    message: str
    refs: list[tuple[str, int]] = field(default_factory=list)


def _read(path: Path) -> list[Finding]:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    out: dict[str, Finding] = {}
    for row in page_query("report-findings").run(store).records():
        key, message = row["r"], row["message"]
        current = out.get(key)
        # the Chinese message first: it is the one with CJK characters
        if current is None or (re.search(r"[\u4e00-\u9fff]", message) and not re.search(r"[\u4e00-\u9fff]", current.message)):
            out[key] = Finding(row["focus"], row["severity"].rsplit("#", 1)[-1], message)
    return list(out.values())


def document_findings(build_dir: Path, file_stem: str, file: str) -> Optional[list[Finding]]:
    """The findings about the document `file_stem`, or None when no report was written."""
    path = Path(build_dir) / REPORT_TTL
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    with _lock:
        cached = _cache.get(str(path))
    if cached is None or cached[0] != mtime:
        cached = (mtime, _read(path))
        with _lock:
            _cache[str(path)] = cached
    marker = re.compile(rf"/{re.escape(file_stem)}/(\d+)/")
    found = []
    for f in cached[1]:
        m = marker.search(f.focus)
        if m:
            found.append(Finding(f.focus, f.severity, f.message, [(file, int(m.group(1)))]))
    found.sort(key=lambda f: (f.severity != "Violation", f.refs[0][1]))
    return found
