"""Serving, validating and exporting from a remote SPARQL store (a real Virtuoso on loopback).

The corpus build is loaded into Virtuoso; `budgetkg serve` runs in a child process with only
``BUDGETKG_REMOTE_SPARQL`` pointing there (its build folder is empty), and its answers are
compared with those of the same build served from the embedded store.
"""
from __future__ import annotations

import json
import re
import socket
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, Graph, Namespace
from rdflib.compare import isomorphic
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from budgetkg.cli import main
from store.remote import RemoteStore, load_dataset
from budgetkg.settings import load_settings
from store.local import reader_store
from server.pool import QueryTimeout, RemoteQueries

from conftest import missing_tier
from server_fixtures import RunningServer, http
from virtuoso_server import available, virtuoso

pytestmark = [pytest.mark.virtuoso, pytest.mark.slow]

PREFIXES = ("PREFIX bkg: <https://w3id.org/budgetkg/ontology#> "
            "PREFIX eli: <http://data.europa.eu/eli/ontology#> ")
POLICY = "武政办〔2016〕69号"


@pytest.fixture(scope="module")
def remote(corpus_build, tmp_path_factory):
    """The query URL of a Virtuoso holding the corpus build."""
    if not available():
        missing_tier("virtuoso-t / isql-vt are not installed (Debian: virtuoso-opensource)")
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        load_dataset(Path(corpus_build.out) / "dataset.nq", server.graph_store_url)
        yield server.query_url


def remote_server(query_url: str, build_dir: Path, timeout: float, result_limit: int = 10000) -> RunningServer:
    """`budgetkg serve` configured only by the environment: remote store, empty build folder."""
    return RunningServer({"remote_sparql": query_url, "build_dir": build_dir, "query_timeout": timeout,
                          "result_limit": result_limit}, store_flag=False)


@pytest.fixture(scope="module")
def remote_served(remote, tmp_path_factory):
    server = remote_server(remote, tmp_path_factory.mktemp("no-build"), timeout=10.0)
    yield server
    server.close()


def select(endpoint: str, query: str) -> tuple[list[str], Counter]:
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery(PREFIXES + query)
    doc = client.query().convert()
    names = doc["head"]["vars"]
    rows = Counter(tuple((b[n]["type"], b[n]["value"]) if n in b else None for n in names)
                   for b in doc["results"]["bindings"])
    return names, rows


def construct(endpoint: str, query: str) -> Graph:
    client = SPARQLWrapper(endpoint)
    client.setReturnFormat(TURTLE)
    client.setQuery(PREFIXES + query)
    return Graph().parse(data=client.query().convert().decode("utf-8"), format="turtle")


def test_select_forwarded_to_virtuoso_gives_the_rows_of_the_embedded_store(remote_served, served):
    query = ("SELECT ?project ?code ?policy ?doc WHERE { ?project bkg:projectCode ?code ; bkg:legalBasis ?policy . "
             "?policy eli:id_local ?doc }")
    names, got = select(remote_served.sparql, query)
    expected_names, expected = select(served.sparql, query)
    assert names == expected_names
    assert sum(expected.values()) > 10
    # The embedded store's default graph is the merge, so each row once; Virtuoso's default
    # graph repeats a triple once per graph holding it, and with it the rows of a shared policy.
    assert set(expected.values()) == {1}
    assert set(got) == set(expected)


def test_construct_forwarded_to_virtuoso_keeps_decimal_amounts(remote_served, served):
    query = "CONSTRUCT { ?a bkg:amountValue ?v } WHERE { ?a bkg:amountValue ?v }"
    got, expected = construct(remote_served.sparql, query), construct(served.sparql, query)
    assert len(expected) > 500
    assert isomorphic(got, expected)
    assert {o.datatype for o in got.objects()} == {XSD.decimal}  # not read back as integers


def test_results_are_budgeted_and_negotiated_as_on_the_embedded_store(remote, tmp_path):
    server = remote_server(remote, tmp_path, timeout=10.0, result_limit=3)
    try:
        query = "SELECT ?s WHERE { ?s a bkg:BudgetProject }"  # a predeclared prefix, on Virtuoso too
        status, _, body = http(server.sparql + "?" + urllib.parse.urlencode({"query": query}))
        assert status == 422 and b"partial=true" in body
        url = server.sparql + "?" + urllib.parse.urlencode({"query": query, "partial": "true"})
        status, headers, body = http(url, headers={"Accept": "text/csv"})
        assert status == 200 and headers["Content-Type"].startswith("text/csv")
        assert headers["X-Result-Truncated"] == "true"
        assert body.decode().splitlines()[0] == "s" and len(body.decode().splitlines()) == 1 + 3
        status, headers, body = http(url, headers={"Accept": "application/sparql-results+xml"})
        assert headers["Content-Type"].startswith("application/sparql-results+xml")
        assert body.count(b"<result>") == 3
    finally:
        server.close()


def test_updates_load_and_service_are_refused_before_reaching_virtuoso(remote_served, remote):
    before = RemoteStore(remote).query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    status, _, body = http(remote_served.sparql, data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    for query in ["LOAD <http://example.org/x.ttl>",
                  "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"]:
        status, _, _ = http(remote_served.sparql + "?" + urllib.parse.urlencode({"query": query}))
        assert status == 403, query
    after = RemoteStore(remote).query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert next(iter(after))["n"] == next(iter(before))["n"]


def test_malformed_query_is_400_with_the_remote_store_s_reason(remote_served):
    status, _, body = http(remote_served.sparql + "?" + urllib.parse.urlencode({"query": "SELEC ?x"}))
    assert status == 400
    assert json.loads(body)["error"]["title"] == "Malformed Query"


def test_graphs_listed_are_the_dataset_s_not_the_server_s_own(remote_served, corpus_build):
    status, _, body = http(remote_served.sparql, headers={"Accept": "text/turtle"})
    assert status == 200
    graphs = {g for g, n in corpus_build.triples_by_graph.items() if n}
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    listed = {str(name) for name in Graph().parse(data=body.decode("utf-8"), format="turtle").objects(None, sd.name)}
    assert listed == graphs  # Virtuoso's own graphs (openlinksw.com/schemas/virtrdf#) are not listed


def test_home_counts_from_virtuoso_are_the_embedded_store_s(remote_served, served):
    def counts(site) -> list[tuple[str, str]]:
        status, _, body = http(site.url + "/", headers={"Accept": "text/html"})
        assert status == 200
        return re.findall(r'<span class="n">(\d+)</span><span class="zh">([^<]+)</span>', body.decode("utf-8"))

    embedded = counts(served)
    assert len(embedded) == 7 and all(int(n) > 0 for n, _ in embedded)
    assert counts(remote_served) == embedded


def test_trace_page_shows_both_projects_citing_the_policy_from_virtuoso(remote_served):
    url = remote_served.url + "/trace?" + urllib.parse.urlencode({"q": "武政办[2016]69号"})
    status, _, body = http(url, headers={"Accept": "text/html"})
    html = body.decode("utf-8")
    assert status == 200 and POLICY in html
    section = html.split('class="policy card"')[1]
    assert len(set(re.findall(r'<a class="project" href="([^"]+)"', section))) == 2
    assert "武昌区卫生健康局" in html and "洪山区卫生健康局" in html


def test_a_remote_store_that_never_answers_is_given_up_after_the_time_limit():
    with socket.socket() as listener:  # accepts connections, never replies
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        queries = RemoteQueries(f"http://127.0.0.1:{listener.getsockname()[1]}/sparql", timeout=1.0)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="limit of 1 s"):
            queries.run({"query": "SELECT * WHERE { ?s ?p ?o }", "format": "table", "limit": 10})
        assert time.monotonic() - started < 5


def per_shape(report: Path) -> Counter:
    data = json.loads(report.read_text(encoding="utf-8"))
    return Counter((r["shape_name"], r["severity"]) for r in data["results"])


def test_validate_against_virtuoso_finds_what_validating_the_build_finds(remote, corpus_build, tmp_path, monkeypatch):
    local, fetched = tmp_path / "local.json", tmp_path / "remote.json"
    assert main(["validate", "--store", str(corpus_build.out), "--format", "json", "--output", str(local)]) == 1
    monkeypatch.setenv("BUDGETKG_REMOTE_SPARQL", remote)
    monkeypatch.setenv("BUDGETKG_BUILD_DIR", str(tmp_path / "reports"))
    assert main(["validate", "--format", "json", "--output", str(fetched)]) == 1
    expected = per_shape(local)
    assert sum(expected.values()) > 0
    assert per_shape(fetched) == expected
    assert json.loads(fetched.read_text())["triples"] == json.loads(local.read_text())["triples"]
    assert (tmp_path / "reports" / "validation-report.html").is_file()


def test_export_from_virtuoso_is_the_build_s_dataset(remote, corpus_build, tmp_path, monkeypatch):
    built = tmp_path / "built.nq"
    assert main(["export", "--store", str(corpus_build.out), "--format", "nq", "-o", str(built)]) == 0
    monkeypatch.setenv("BUDGETKG_REMOTE_SPARQL", remote)
    fetched = tmp_path / "fetched.nq"
    assert main(["export", "--format", "nq", "-o", str(fetched)]) == 0
    assert fetched.read_bytes() == built.read_bytes()
    graphs = {q.graph_name.value for q in ox.parse(path=str(fetched), format=ox.RdfFormat.N_QUADS)}
    assert graphs == {g for g, n in corpus_build.triples_by_graph.items() if n}


def test_an_explicit_build_folder_wins_over_the_remote_setting(remote, corpus_build):
    settings = load_settings({"build_dir": str(corpus_build.out)}, environ={"BUDGETKG_REMOTE_SPARQL": remote})
    assert isinstance(reader_store(settings, str(corpus_build.out)), ox.Store)
    remote_store = reader_store(settings, None)
    assert isinstance(remote_store, RemoteStore) and remote_store.query_url == remote


def test_an_answer_the_remote_store_cut_at_its_own_row_limit_is_refused_not_passed_on(corpus_build, tmp_path):
    if not available():
        missing_tier("virtuoso-t / isql-vt are not installed (Debian: virtuoso-opensource)")
    with virtuoso(tmp_path / "capped", max_rows=50) as capped:
        load_dataset(Path(corpus_build.out) / "dataset.nq", capped.graph_store_url)
        server = remote_server(capped.query_url, tmp_path / "no-build", timeout=10.0)
        try:
            status, _, body = http(server.sparql + "?" + urllib.parse.urlencode(
                {"query": "SELECT ?s WHERE { ?s ?p ?o }"}))
            assert status == 422
            assert "its own limit of 50 rows" in json.loads(body)["error"]["detail"]
            status, _, body = http(server.sparql + "?" + urllib.parse.urlencode(
                {"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10"}))
            assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 10
        finally:
            server.close()


def test_named_answers_from_a_remote_store_are_never_kept_and_carry_no_etag(remote_served):
    # The remote store can change behind the server's back: every request asks it again.
    url = remote_served.url + "/queries/shared-policies.json"
    replies = [http(url) for _ in range(2)]
    assert [status for status, _, _ in replies] == [200, 200], replies[0][2][:300]
    assert all("ETag" not in headers and "X-Answer-Cache" not in headers for _, headers, _ in replies)
    assert replies[0][2] == replies[1][2] and json.loads(replies[0][2])["results"]["bindings"]
