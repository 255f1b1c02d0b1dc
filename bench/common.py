"""Shared pieces of the benchmarks (and of the tests' servers): timing, percentiles, table
printing, child-process memory, a loopback port and waiting for a child server to answer."""
from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable, Sequence

from queries.render import display_width

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answering(proc: subprocess.Popen, url: str, seconds: float = 60) -> bool:
    """Ask `url` until it answers; False once the server process `proc` has ended or
    `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return True
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                return False
            time.sleep(0.2)


def percentile(samples: Sequence[float], p: float) -> float:
    s = sorted(samples)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return samples


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in header]] + [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(display_width(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n## {title}")
    for n, r in enumerate(cells):
        print("  ".join(c + " " * (w - display_width(c)) for c, w in zip(r, widths)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    sys.stdout.flush()


_REPORT = """
import json as _j, resource as _r
_result["peak_rss_mib"] = _r.getrusage(_r.RUSAGE_SELF).ru_maxrss / 1024
print(_j.dumps(_result))
"""


def run_child(code: str, *args: str) -> dict:
    """Run Python `code` (which fills a dict `_result`) in a fresh interpreter, so its peak
    memory is its own; returns `_result` with `peak_rss_mib` added."""
    done = subprocess.run([sys.executable, "-c", code + _REPORT, *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs) if xs else float("nan")
