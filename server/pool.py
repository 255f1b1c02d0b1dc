"""A pool of query worker processes with a hard time limit per query.

A query past its limit is stopped for real: its process is terminated and a fresh one is
started in the background, while the other workers keep serving.  Workers are fresh Python
processes (``python -m server.worker``), not forks: no lock held by a server thread is
inherited, and nothing depends on how the server's own main module was started.

The pool is for the embedded store only.  With a remote SPARQL store, :class:`RemoteQueries`
takes its place: the query runs in the remote server, so there is nothing to isolate here, and
a query past its limit is stopped by closing the client connection (SPARQLWrapper's timeout).
"""
from __future__ import annotations

import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multiprocessing.connection import Connection

log = logging.getLogger(__name__)
_START_TIMEOUT = 60.0
_PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class PoolError(Exception):
    """Base of the errors a query run can end with, apart from a bad query."""


class QueryTimeout(PoolError):
    pass


class PoolBusy(PoolError):
    pass


class StoreUnavailable(PoolError):
    pass


class WorkerCrashed(PoolError):
    pass


@dataclass(eq=False)  # identity, not field equality: workers live in a set
class _Worker:
    process: Any
    conn: Any
    isolated: bool = False


class QueryPool:
    def __init__(self, build_dir: Path, size: int, timeout: float):
        self.build_dir = str(build_dir)
        self.size = size
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._failure: str | None = None
        self.network_isolated: bool | None = None
        for _ in range(size):
            self._start_worker()

    # -- lifecycle ---------------------------------------------------------------------
    def _start_worker(self) -> None:
        parent_sock, child_sock = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PROJECT_ROOT, env.get("PYTHONPATH")]))
        process = subprocess.Popen(
            [sys.executable, "-m", "server.worker", str(child_sock.fileno()), self.build_dir],
            pass_fds=(child_sock.fileno(),), stdin=subprocess.DEVNULL, env=env)
        child_sock.close()
        w = _Worker(process, Connection(parent_sock.detach()))
        with self._lock:
            self._all.add(w)
        threading.Thread(target=self._await_ready, args=(w,), daemon=True).start()

    def _await_ready(self, w: _Worker) -> None:
        try:
            hello = w.conn.recv() if w.conn.poll(_START_TIMEOUT) else {"ready": False, "message": "worker did not start"}
        except (EOFError, OSError):
            hello = {"ready": False, "message": "worker exited while starting"}
        if not hello.get("ready"):
            self._failure = hello.get("message", "worker failed")
            log.error("query worker failed to start: %s", self._failure)
            self._discard(w)
            return
        w.isolated = bool(hello.get("isolated"))
        self.network_isolated = w.isolated
        if self._closed:
            self._discard(w)
        else:
            self._idle.put(w)

    def _discard(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        stop_process(w.process)
        w.conn.close()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for w in workers:
            self._discard(w)

    def wait_ready(self, timeout: float = _START_TIMEOUT) -> None:
        """Block until every worker has started (used at start-up and by tests)."""
        deadline = time.monotonic() + timeout
        while self._idle.qsize() < self.size and time.monotonic() < deadline:
            if self._failure:
                raise StoreUnavailable(self._failure)
            time.sleep(0.02)
        if self._idle.qsize() < self.size:
            raise StoreUnavailable("query workers did not start in time")

    # -- running -----------------------------------------------------------------------
    def run(self, request: dict, timeout: float | None = None) -> dict:
        """Run one request; raise QueryTimeout, PoolBusy, StoreUnavailable or WorkerCrashed."""
        limit = self.timeout if timeout is None else timeout
        w = self._checkout(limit)
        started = time.monotonic()
        try:
            w.conn.send(request)
            if not w.conn.poll(limit):
                log.warning("query stopped after %.1f s: %.200s", time.monotonic() - started, request.get("query"))
                self._replace(w)
                raise QueryTimeout(f"the query ran longer than the limit of {limit:g} s and was stopped")
            reply = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._replace(w)
            raise WorkerCrashed(f"the query process ended unexpectedly ({exc.__class__.__name__})") from exc
        self._idle.put(w)
        return reply

    def _checkout(self, wait: float) -> _Worker:
        if self._failure and not self._all:
            raise StoreUnavailable(self._failure)
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            if self._failure:
                raise StoreUnavailable(self._failure) from None
            raise PoolBusy(f"all {self.size} query processes stayed busy for {wait:g} s; try again shortly") from None

    def _replace(self, w: _Worker) -> None:
        self._discard(w)
        if not self._closed:
            self._start_worker()


class RemoteQueries:
    """The pool's interface over a remote SPARQL store: requests run in the calling thread."""

    network_isolated = False  # the server must reach the remote store

    def __init__(self, query_url: str, timeout: float):
        from store.remote import RemoteStore

        self.store = RemoteStore(query_url, timeout=timeout)
        self.timeout = timeout

    def run(self, request: dict, timeout: float | None = None) -> dict:
        from .worker import execute

        reply = execute(self.store, request)
        if not reply["ok"] and reply["error"] == "timeout":
            log.warning("remote query abandoned after %g s: %.200s", self.timeout, request.get("query"))
            raise QueryTimeout(f"the query ran longer than the limit of {self.timeout:g} s and was stopped")
        return reply

    def wait_ready(self, timeout: float = _START_TIMEOUT) -> None:
        """Raise StoreUnavailable unless the remote store answers a trivial query."""
        reply = self.run({"query": "ASK {}", "format": "table", "limit": 1})
        if not reply["ok"]:
            raise StoreUnavailable(f"the remote store {self.store.query_url} does not answer: {reply['message']}")

    def close(self) -> None:
        """Nothing to stop: each remote query opens and closes its own connection."""


def stop_process(process: subprocess.Popen, grace: float = 5.0) -> None:
    """Ask a child process to end; kill it when it has not ended after `grace` seconds."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
