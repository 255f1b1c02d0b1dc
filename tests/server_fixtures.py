"""The real server (waitress) on a free loopback port, serving a real build, for HTTP tests."""
from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import Graph


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of a raw request; HTTP errors are answers, not exceptions."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def parse_rdf(body: bytes, parser: str) -> Graph:
    """An rdflib graph of an RDF body; JSON-LD read by pyoxigraph (rdflib's reader warns)."""
    if parser == "json-ld":
        body = ox.serialize(ox.parse(body, format=ox.RdfFormat.JSON_LD), format=ox.RdfFormat.N_TRIPLES)
        parser = "nt"
    return Graph().parse(data=body.decode("utf-8"), format=parser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningServer:
    """The app served by waitress on a free 127.0.0.1 port, in a thread of the test process."""

    def __init__(self, config: dict):
        from waitress.server import create_server

        from server import create_app

        self.app = create_app(config)
        self.app.extensions["budgetkg"].pool.wait_ready()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = create_server(self.app, host="127.0.0.1", port=self.port, threads=6)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(self.url + "/static/style.css", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def close(self) -> None:
        self._server.close()
        self._thread.join(5)
        self.app.extensions["budgetkg"].close()


@pytest.fixture(scope="session")
def served(corpus_build):
    """The sample corpus served with a short time limit, so that a runaway query is stopped soon."""
    server = RunningServer({"build_dir": corpus_build.out, "query_timeout": 3.0, "query_workers": 2})
    yield server
    server.close()
