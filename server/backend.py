"""The server's access to the store: every query goes through the worker pool.

With a remote SPARQL store (setting remote_sparql) the pool is replaced by
:class:`~server.pool.RemoteQueries`, which forwards the same requests; views do not know which.

Views call :class:`Backend`; it turns pool outcomes into :class:`ApiError` with the status
the protocol calls for (400 malformed, 503 too slow or busy) and caches the few facts about
the store that cannot change while it is served (graph names, counts).
"""
from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from queries import QueryResult, page_query

from .answers import AnswerCache
from .errors import ApiError
from .pool import PoolBusy, QueryPool, QueryTimeout, RemoteQueries, StoreUnavailable, WorkerCrashed
from .worker import TABLE

log = logging.getLogger(__name__)
# How often a request may look whether a rebuild swapped in a new store (one stat call).
_FRESHNESS_INTERVAL = 0.2


# The most rows of an answer held in memory for a page (the editor's table, a tracer): pages
# are for people; the endpoint, which streams, is for every row (`result_limit`).
IN_MEMORY_ROWS = 10_000


# The status and title of each error a worker reports (server.worker); any other is a 500.
_REFUSALS: dict[str, tuple[int, str]] = {
    "syntax": (400, "Malformed Query"),
    "unknown": (404, "Unknown Query"),
    "param": (400, "Bad Parameter"),
    "timeout": (503, "Query Timeout"),
    "capped": (422, "Result Too Large"),
}


class Backend:
    def __init__(self, build_dir: Path, base_iri: str, timeout: float, result_limit: int, workers: int,
                 remote_sparql: str = "", result_max_bytes: int = 1 << 30, answer_cache_bytes: int = 0):
        self.build_dir = Path(build_dir)
        self.base_iri = base_iri if base_iri.endswith("/") else base_iri + "/"
        self.id_base = self.base_iri + "id/"
        self.timeout = timeout
        self.result_limit = result_limit
        self.result_max_bytes = result_max_bytes
        self.remote_sparql = remote_sparql
        self.workers = workers
        self.pool = RemoteQueries(remote_sparql, timeout) if remote_sparql else QueryPool(self.build_dir, workers, timeout)
        self._cache: dict[str, Any] = {}
        self._cache_lock = threading.Lock()
        self._store_id = self._current_store_id()
        # A remote store can change behind our back: its answers are never kept.
        self.answers = AnswerCache(0 if remote_sparql else answer_cache_bytes)
        self.version = self._store_version()
        self._closed = False
        if not remote_sparql:
            # One long-lived thread starts the replacement pools: query processes are tied to the
            # thread that started them (they end with it), so a short-lived thread would not do.
            threading.Thread(target=self._watch_store, name="store-watcher", daemon=True).start()

    def close(self) -> None:
        self._closed = True
        self.pool.close()

    def stream(self, query: str, media_type: str, *, default_graph: list[str] | None = None,
               named_graphs: list[str] | None = None) -> dict:
        """Run a query of the endpoint: the reply names a spool file holding the answer.

        The caller owns the file from then on; on any failure it is removed here."""
        # In the temporary folder, no folder of our own: the server unlinks each file as soon as
        # it has opened it, so nothing is left behind however the server ends.
        spool = os.path.join(tempfile.gettempdir(), f"budgetkg-answer-{uuid.uuid4().hex}")
        try:
            return self._send({"query": query, "format": media_type, "limit": self.result_limit,
                               "max_bytes": self.result_max_bytes, "base_iri": self.base_iri, "spool": spool,
                               "default_graph": default_graph, "named_graphs": named_graphs})
        except BaseException:
            if os.path.exists(spool):
                os.unlink(spool)
            raise

    # -- freshness: a rebuild swaps a new store/ folder in; answer from it without a restart ----
    def _current_store_id(self) -> tuple[int, int] | None:
        if self.remote_sparql:
            return None
        try:
            st = os.stat(self.build_dir / "store")
        except OSError:
            return None  # mid-swap, between the two renames: keep the pool we have
        return st.st_dev, st.st_ino

    def _store_version(self) -> str | None:
        """The served store's version, None for a remote store: named answers are kept under it
        and it is their ETag.  A rebuild swaps in a new folder (a new inode); the folder's
        modification time tells apart a folder number the file system gave out again."""
        if self.remote_sparql:
            return None
        try:
            st = os.stat(self.build_dir / "store")
        except OSError:
            return None
        return f"{st.st_ino:x}-{st.st_mtime_ns:x}"

    def _watch_store(self) -> None:
        while not self._closed:
            time.sleep(_FRESHNESS_INTERVAL)
            current = self._current_store_id()
            if current is not None and current != self._store_id:
                self._replace_pool(current)

    def _replace_pool(self, store_id: tuple[int, int]) -> None:
        """Start a pool on the newly swapped-in store; the old pool answers until it is ready,
        and is closed once the requests it was running have had their time."""
        pool = QueryPool(self.build_dir, self.workers, self.timeout)
        try:
            pool.wait_ready()
        except StoreUnavailable as exc:
            log.error("the rebuilt store could not be opened, still serving the previous one: %s", exc)
            pool.close()
            self._store_id = store_id  # do not retry this store until it changes again
            return
        if self._closed:
            pool.close()
            return
        version = self._store_version()
        # The pool and the version change together: a request that reads the new version runs
        # on the new pool, and one that read the old version before cannot find an old answer
        # after (its own answer is not kept under the old version; see AnswerCache.get).
        with self._cache_lock:
            old, self.pool = self.pool, pool
            self.version = version
            self._cache.clear()
            self._store_id = store_id
        self.answers.clear()
        log.info("serving the rebuilt store in %s", self.build_dir / "store")
        threading.Timer(self.timeout + 5, old.close).start()

    @property
    def store_changed_at(self) -> float | None:
        """When the served store was built (its folder's modification time), for pages that
        compare it with the validation report's age."""
        try:
            return os.stat(self.build_dir / "store").st_mtime
        except OSError:
            return None

    def run(self, query: str, media_type: str, *, limit: int | None = None, default_graph: list[str] | None = None,
            named_graphs: list[str] | None = None) -> dict:
        return self._send({"query": query, "format": media_type, "limit": limit or IN_MEMORY_ROWS,
                           "base_iri": self.base_iri, "default_graph": default_graph, "named_graphs": named_graphs})

    def _run_fresh(self, request: dict) -> dict:
        """Run on the current pool; a query the previous store's workers could not finish
        (their store folder was deleted by the swap under them) runs again on the new store."""
        pool = self.pool
        try:
            reply = pool.run(request)
        except (WorkerCrashed, StoreUnavailable):
            if not self._await_new_pool(pool):
                raise
            return self.pool.run(request)
        if not reply["ok"] and reply["error"] not in _REFUSALS and self._await_new_pool(pool):
            return self.pool.run(request)
        return reply

    def _await_new_pool(self, failed_pool) -> bool:
        """True once a pool on a newly swapped-in store has replaced `failed_pool`."""
        if self.remote_sparql or self._current_store_id() in (None, self._store_id):
            return self.pool is not failed_pool
        deadline = time.monotonic() + 60
        while self.pool is failed_pool and time.monotonic() < deadline and not self._closed:
            time.sleep(0.05)
        return self.pool is not failed_pool

    def _send(self, request: dict) -> dict:
        try:
            reply = self._run_fresh(request)
        except QueryTimeout as exc:
            # No Retry-After: the same query would run out of time again.
            raise ApiError(503, "Query Timeout", str(exc) + ". Narrow the query (LIMIT, more specific patterns).") from None
        except PoolBusy as exc:
            raise ApiError(503, "Server Busy", str(exc), {"Retry-After": "2"}) from None
        except StoreUnavailable as exc:
            raise ApiError(503, "Store Unavailable", str(exc)) from None
        except WorkerCrashed as exc:
            raise ApiError(500, "Query Failed", str(exc)) from None
        if not reply["ok"]:
            status, title = _REFUSALS.get(reply["error"], (500, "Query Failed"))
            raise ApiError(status, title, reply["message"])
        return reply

    def named(self, name: str, params: dict[str, str], renderer: str, page=None) -> dict:
        """A catalogue query rendered by the catalogue's renderer (``json``, ``csv``, ...); a
        ``queries.Page`` of its rows when `page` is given.  The reply's ``version`` is the
        store's that answered (None for a remote store), ``kept`` whether it was kept from an
        earlier request (see :mod:`server.answers`)."""
        with self._cache_lock:
            version = self.version
        request = {"named": name, "params": params, "format": renderer, "limit": self.result_limit,
                   "page": {"limit": page.limit, "offset": page.offset} if page else None}
        key = (version, name, tuple(sorted(params.items())), page and (page.limit, page.offset), renderer)
        reply, kept = self.answers.get(key, lambda: self._send(request), lambda: self.version)
        return {**reply, "version": version, "kept": kept}

    def named_table(self, name: str, params: dict[str, str]) -> QueryResult:
        return _result(self.named(name, params, "json"))

    def table(self, query: str, limit: int | None = None) -> QueryResult:
        return _result(self.run(query, TABLE, limit=limit))

    def cached(self, key: str, compute) -> Any:
        """Facts about the served store, kept until a rebuilt store is swapped in."""
        with self._cache_lock:
            if key in self._cache:
                return self._cache[key]
        value = compute()
        with self._cache_lock:
            self._cache[key] = value
        return value

    def graph_sizes(self) -> dict[str, int]:
        def compute():
            t = self.table(page_query("graph-sizes").sparql)
            sizes = {r["g"]: int(r["n"]) for r in t.records()}
            if self.remote_sparql:  # a SPARQL server keeps graphs of its own (Virtuoso's system graphs)
                sizes = {g: n for g, n in sizes.items() if g.startswith(self.base_iri)}
            return sizes
        return self.cached("graph_sizes", compute)


def _result(reply: dict) -> QueryResult:
    """The result a query process's in-memory reply holds (SPARQL JSON results)."""
    return QueryResult.from_json(reply["body"], reply["truncated"])
