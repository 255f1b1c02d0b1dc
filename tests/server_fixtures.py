"""The real server (`budgetkg serve`, waitress) on a free loopback port, serving a real build."""
from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.client import HTTPMessage

import pyoxigraph as ox
import pytest
from rdflib import Graph

from bench.common import free_port, wait_until_answering
from conftest import CORPUS
from server.app import CONFIG_KEYS
from server.pool import stop_process


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of a raw request; HTTP errors are answers, not exceptions.

    A URL of an :class:`InProcessSite` is answered by its app through Flask's test client."""
    if url.startswith(InProcessSite.SCHEME):
        return InProcessSite.open(url, data, headers, method)
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


class RunningServer:
    """`budgetkg serve` (waitress) in a child process on a free 127.0.0.1 port.

    ``config`` holds settings (``build_dir``, ``query_timeout``, ...), passed as the
    documented ``BUDGETKG_*`` environment variables and ``--store``.
    """

    def __init__(self, config: dict, store_flag: bool = True, cwd=None, args: tuple = ()):
        # store_flag=False passes build_dir as BUDGETKG_BUILD_DIR too, so that the server is
        # configured by the environment alone (as with a remote store).
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETKG_")}
        for name, value in config.items():
            if name != "build_dir" or not store_flag:
                env["BUDGETKG_" + name.upper()] = str(value)
        store = ["--store", str(config["build_dir"])] if store_flag and "build_dir" in config else []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "budgetkg", "serve", *store, *args, "--host", "127.0.0.1", "--port", str(self.port)],
            env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        if not wait_until_answering(self.proc, self.url + "/static/style.css"):
            self.close()
            raise RuntimeError("budgetkg serve did not start: " + self.proc.stderr.read().decode()[-2000:])
        # the query processes start in the background; wait until one answers
        while http(self.sparql + "?query=ASK%7B%7D")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.2)

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def close(self) -> None:
        stop_process(self.proc, grace=20)
        self.proc.stderr.close()


class InProcessSite:
    """The app (`create_app`) in this process, answering through Flask's test client: for the
    tests of what the routes answer. The protocol tests that need a real HTTP server (time
    limits, concurrent clients, waitress) use :class:`RunningServer`."""

    SCHEME = "http://in-process-"  # each site's URL: http://in-process-<n>.invalid, n counting sites
    _clients: dict = {}
    _made = itertools.count()

    def __init__(self, build_dir, **settings):
        from budgetkg.settings import SETTINGS
        from server import create_app

        config = {name: SETTINGS[name].default for name in CONFIG_KEYS}
        self.app = create_app({**config, "build_dir": build_dir, **settings})
        self.url = f"{self.SCHEME}{next(self._made)}.invalid"
        InProcessSite._clients[self.url] = self.app.test_client()

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    @classmethod
    def open(cls, url: str, data: bytes | None, headers: dict | None, method: str | None):
        site = cls.SCHEME + url[len(cls.SCHEME):].split("/", 1)[0]
        resp = cls._clients[site].open(url[len(site):], method=method or ("POST" if data is not None else "GET"),
                                data=data, headers=headers or {})
        try:
            body = resp.get_data()
        finally:
            resp.close()  # as a WSGI server does once it sent the body (closes an answer file)
        message = HTTPMessage()  # the type urllib answers with, so tests read both alike
        for name, value in resp.headers.items():
            message[name] = value
        return resp.status_code, message, body

    def close(self) -> None:
        self.app.extensions["budgetkg"].close()
        del InProcessSite._clients[self.url]


@pytest.fixture(scope="session")
def site(corpus_build):
    """The sample corpus answered in-process (Flask's test client), with a short time limit."""
    in_process = InProcessSite(corpus_build.out, query_timeout=3.0, query_workers=2)
    yield in_process
    in_process.close()


@pytest.fixture(scope="session")
def served(corpus_build):
    """The sample corpus served with a short time limit, so that a runaway query is stopped soon."""
    server = RunningServer({"build_dir": corpus_build.out, "query_timeout": 3.0, "query_workers": 2})
    yield server
    server.close()


def budgetkg(cwd, *args) -> subprocess.CompletedProcess:
    """`python -m budgetkg ARGS` run in `cwd`, as a user runs it there."""
    return subprocess.run([sys.executable, "-m", "budgetkg", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture()
def project_folder(tmp_path):
    """A folder laid out like the repository: data/sources holding four of the five sample documents."""
    sources = tmp_path / "data" / "sources"
    sources.mkdir(parents=True)
    for doc in sorted(CORPUS.glob("00[0-3]_*.txt")):
        shutil.copy(doc, sources / doc.name)
    return tmp_path
