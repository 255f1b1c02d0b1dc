"""Named-query answers kept in memory, per served store.

The served store is read-only and versioned: until a rebuild is swapped in, a named query with
the same parameters, page and format has the same answer.  So answers are kept, keyed by the
store's version and the request, within a budget of bytes (least recently used out first).
A rebuild gives the store a new version: its answers are never looked up under the old one,
and the old ones are dropped when the new store is swapped in.

Identical requests that arrive while the first is still running wait for its answer instead of
running the query again: 32 clients asking the same page at once cost one query.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable

# What one entry costs beside its body (the key, the reply dict), roughly; counted so that
# thousands of tiny answers cannot outgrow the budget unseen.
_ENTRY_OVERHEAD = 512
# No single answer may take more than this share of the budget: one huge answer would
# otherwise push out every other.
_LARGEST_SHARE = 8


class AnswerCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = self.misses = 0
        self._entries: OrderedDict[Hashable, tuple[dict, int]] = OrderedDict()
        self._running: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, compute: Callable[[], dict], version: Callable[[], Hashable]) -> tuple[dict, bool]:
        """The answer for `key` (whose first item is the store version it was asked of), and
        whether it was kept from before.  `compute` runs the query; its exceptions pass through
        and nothing is kept.  `version` is the store's version now: an answer computed while a
        rebuild was swapped in is not kept under the old one."""
        if self.max_bytes <= 0:
            return compute(), False
        while True:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return self._entries[key][0], True
                running = self._running.get(key)
                if running is None:
                    running = self._running[key] = threading.Event()
                    break
            running.wait()  # the same request is running: its answer is kept, or it failed and we run ours
        try:
            reply = compute()
            with self._lock:
                self.misses += 1
                if key[0] == version():
                    self._keep(key, reply)
            return reply, False
        finally:
            with self._lock:
                del self._running[key]
            running.set()

    def _keep(self, key: Hashable, reply: dict) -> None:
        cost = len(reply.get("body") or b"") + _ENTRY_OVERHEAD
        if cost * _LARGEST_SHARE > self.max_bytes:
            return
        self._entries[key] = (reply, cost)
        self.size += cost
        while self.size > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0
