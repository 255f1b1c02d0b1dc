"""The query cases of the W3C SPARQL 1.1 Protocol test suite, against the real server.

One test per case of the suite's manifest (``protocol/manifest.ttl``, the query operation),
named after it.  The suite's cases load data0.rdf … data3.rdf into graphs; here the store's own
graphs (one per source document) take their place, and the expected counts come from the store
itself, read directly.  The update cases are left out: the endpoint is read-only, and its
refusals of updates are tested in test_server_protocol.py.
"""
from __future__ import annotations

import json
import urllib.parse
import xml.dom.minidom

import pyoxigraph as ox
import pytest

from server_fixtures import http

RESULTS_TYPES = ("application/sparql-results+xml", "application/sparql-results+json", "text/csv",
                 "text/tab-separated-values")
RDF_TYPES = ("text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def store(corpus_build):
    from store.local import open_store

    return open_store(corpus_build.out)


@pytest.fixture(scope="module")
def graphs(store) -> list[str]:
    """Two document graphs and the vocabularies graph, in the roles of the suite's data files."""
    names = sorted(r["g"].value for r in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
    documents = [g for g in names if "/document/" in g]
    return documents[:2] + [g for g in names if g.endswith("/vocabularies")]


def merged_size(store, names: list[str]) -> int:
    """Triples of the RDF merge of the named graphs, each once (the protocol's default graph)."""
    values = " ".join(f"<{g}>" for g in names)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} }}"
    return int(next(iter(store.query(query)))["n"].value)


def graph_size(store, name: str) -> int:
    return merged_size(store, [name])


def get(server, params: list[tuple[str, str]], accept: str = "application/sparql-results+json"):
    return http(server.sparql + "?" + urllib.parse.urlencode(params), headers={"Accept": accept})


def post_form(server, params: list[tuple[str, str]], accept: str = "application/sparql-results+json"):
    return http(server.sparql, data=urllib.parse.urlencode(params).encode("utf-8"), headers={**FORM, "Accept": accept})


def count_of(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def counts_per_graph(body: bytes) -> dict[str, int]:
    return {r["g"]["value"]: int(r["n"]["value"]) for r in json.loads(body)["results"]["bindings"]}


def is_boolean_true(status: int, headers, body: bytes) -> bool:
    assert status == 200 and headers.get_content_type() == "application/sparql-results+json"
    return json.loads(body)["boolean"] is True


# --- query operation -------------------------------------------------------------------------

def test_query_post_form(served):
    assert is_boolean_true(*post_form(served, [("query", "ASK {}")]))


def test_query_get(served):
    assert is_boolean_true(*get(served, [("query", "ASK {}")]))


def test_query_post_direct(served):
    assert is_boolean_true(*http(served.sparql, data=b"ASK {}", headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}))


def test_query_dataset_default_graph(served, store, graphs):
    status, _, body = get(served, [("query", COUNT), ("default-graph-uri", graphs[0])])
    assert status == 200 and count_of(body) == graph_size(store, graphs[0])


def test_query_dataset_default_graphs_get(served, store, graphs):
    status, _, body = get(served, [("query", COUNT), ("default-graph-uri", graphs[0]), ("default-graph-uri", graphs[1])])
    assert status == 200 and count_of(body) == merged_size(store, graphs[:2])


def test_query_dataset_default_graphs_post(served, store, graphs):
    status, _, body = post_form(served, [("query", COUNT), ("default-graph-uri", graphs[0]),
                                         ("default-graph-uri", graphs[1])])
    assert status == 200 and count_of(body) == merged_size(store, graphs[:2])


def test_query_dataset_named_graphs_post(served, store, graphs):
    status, _, body = post_form(served, [("query", COUNT_PER_GRAPH), ("named-graph-uri", graphs[0]),
                                         ("named-graph-uri", graphs[1])])
    assert status == 200
    assert counts_per_graph(body) == {g: graph_size(store, g) for g in graphs[:2]}


def test_query_dataset_named_graphs_get(served, store, graphs):
    status, _, body = get(served, [("query", COUNT_PER_GRAPH), ("named-graph-uri", graphs[0]),
                                   ("named-graph-uri", graphs[1])])
    assert status == 200
    assert counts_per_graph(body) == {g: graph_size(store, g) for g in graphs[:2]}


def test_query_dataset_full(served, store, graphs):
    query = ("SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o BIND(\"default\" AS ?g) } "
             "UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g")
    status, _, body = get(served, [("query", query), ("default-graph-uri", graphs[2]),
                                   ("named-graph-uri", graphs[0]), ("named-graph-uri", graphs[1])])
    assert status == 200
    assert counts_per_graph(body) == {"default": graph_size(store, graphs[2]),
                                      graphs[0]: graph_size(store, graphs[0]), graphs[1]: graph_size(store, graphs[1])}


def test_query_multiple_dataset(served, store, graphs):
    # The protocol's dataset overrides the query's FROM.
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graphs[1]}> WHERE {{ ?s ?p ?o }}"
    status, _, body = get(served, [("query", query), ("default-graph-uri", graphs[0])])
    assert status == 200 and count_of(body) == graph_size(store, graphs[0])
    status, _, body = get(served, [("query", query)])
    assert count_of(body) == graph_size(store, graphs[1])


def test_query_content_type_select(served):
    status, headers, body = get(served, [("query", "SELECT (1 AS ?value) {}")], accept=", ".join(RESULTS_TYPES))
    assert status == 200 and headers.get_content_type() in RESULTS_TYPES
    assert headers.get_content_type() == "application/sparql-results+xml"  # the first of equal preferences
    doc = xml.dom.minidom.parseString(body)
    assert doc.getElementsByTagName("literal")[0].firstChild.data == "1"


def test_query_content_type_ask(served):
    status, headers, body = get(served, [("query", "ASK {}")], accept="application/sparql-results+xml")
    assert status == 200 and headers.get_content_type() == "application/sparql-results+xml"
    assert xml.dom.minidom.parseString(body).getElementsByTagName("boolean")[0].firstChild.data == "true"


def test_query_content_type_describe(served, graphs):
    status, headers, body = get(served, [("query", f"DESCRIBE <{graphs[0]}>")], accept=", ".join(RDF_TYPES))
    assert status == 200 and headers.get_content_type() in RDF_TYPES
    assert len(list(ox.parse(body, format=ox.RdfFormat.from_media_type(headers.get_content_type())))) > 0


def test_query_content_type_construct(served):
    query = "CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}"
    status, headers, body = get(served, [("query", query)], accept=", ".join(RDF_TYPES))
    assert status == 200 and headers.get_content_type() in RDF_TYPES
    assert len(list(ox.parse(body, format=ox.RdfFormat.from_media_type(headers.get_content_type())))) == 1


# --- bad requests: the client is told, with a 4xx status -------------------------------------

def is_client_error(status: int) -> bool:
    return 400 <= status < 500


def test_bad_query_method(served):
    status, _, _ = http(served.sparql + "?query=ASK%7B%7D", data=b"", method="PUT")
    assert is_client_error(status)


def test_bad_multiple_queries(served):
    status, _, _ = get(served, [("query", "ASK {}"), ("query", "SELECT * {}")])
    assert is_client_error(status)


def test_bad_query_wrong_media_type(served):
    status, _, _ = http(served.sparql, data=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert is_client_error(status)


def test_bad_query_missing_form_type(served):
    status, _, _ = http(served.sparql, data=b"query=ASK%20%7B%7D", headers={"Content-Type": ""})
    assert is_client_error(status)


def test_bad_query_missing_direct_type(served):
    status, _, _ = http(served.sparql, data=b"ASK {}", headers={"Content-Type": ""})
    assert is_client_error(status)


def test_bad_query_non_utf8(served):
    query = 'PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:name "café" }'.encode("iso-8859-1")
    status, _, _ = http(served.sparql, data=query, headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"})
    assert is_client_error(status)
    # the same bytes without a declared charset are not UTF-8 either
    status, _, _ = http(served.sparql, data=query, headers={"Content-Type": "application/sparql-query"})
    assert is_client_error(status)
    status, _, _ = http(served.sparql + "?query=" + urllib.parse.quote_from_bytes(query))
    assert is_client_error(status)


def test_bad_query_syntax(served):
    status, _, _ = get(served, [("query", "ASK {")])
    assert is_client_error(status)
