"""The endpoint with the SPARQL clients people use, over real HTTP, on the sample corpus build.

SPARQLWrapper in every format, rdflib's SPARQLStore and Dataset, curl with the Accept headers
that Jena, Virtuoso and Wikidata scripts send, Apache Jena's ``rsparql`` and Comunica.  Each
whole-graph query must come back complete (every row of the store), and an answer past the
budget must make each client fail rather than pass for the whole answer.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import urllib.error
import warnings

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from client_tools import comunica, jena_command
from server_fixtures import RunningServer, parse_rdf

POLICY = "武政办〔2016〕69号"
POLICY_IRI = URIRef(f"https://w3id.org/budgetkg/id/policy/{POLICY}")
ID_LOCAL = URIRef("http://data.europa.eu/eli/ontology#id_local")
PREFIX = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
POLICY_SELECT = PREFIX + f'SELECT ?policy ?id WHERE {{ ?policy eli:id_local ?id FILTER(?id = "{POLICY}") }}'
POLICY_CONSTRUCT = PREFIX + f'CONSTRUCT {{ ?policy eli:id_local ?id }} WHERE {{ ?policy eli:id_local ?id FILTER(?id = "{POLICY}") }}'
ALL_ROWS = "SELECT * WHERE { ?s ?p ?o }"
ALL_TRIPLES = "CONSTRUCT WHERE { ?s ?p ?o }"
SMALL_BUDGET = 100

# Every test here talks to a real server over HTTP (waitress in a child process), the way the
# clients people use do: the slow tier. The fast tier asks the same endpoint for every format
# (test_server_protocol.py).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def triples(corpus_build) -> int:
    """Triples of the default graph, counted by the embedded store itself."""
    from store.local import open_store

    rows = open_store(corpus_build.out).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(rows))["n"].value)


@pytest.fixture(scope="module")
def served(corpus_build):
    """The sample corpus with a time limit that whole-graph answers meet on a busy machine too."""
    server = RunningServer({"build_dir": corpus_build.out, "query_timeout": 60.0, "query_workers": 2})
    yield server
    server.close()


@pytest.fixture(scope="module")
def small_budget(corpus_build):
    server = RunningServer({"build_dir": corpus_build.out, "result_limit": SMALL_BUDGET, "query_workers": 1})
    yield server
    server.close()


def wrapper(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    w = SPARQLWrapper(url)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    w.setMethod(method)
    return w


# --- SPARQLWrapper --------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_in_every_results_format(served, fmt, method):
    result = wrapper(served.sparql, POLICY_SELECT, fmt, method).query().convert()
    if fmt == JSON:
        assert [r["id"]["value"] for r in result["results"]["bindings"]] == [POLICY]
    elif fmt == XML:
        assert [n.firstChild.data for n in result.getElementsByTagName("literal")] == [POLICY]
    else:
        rows = list(csv.reader(io.StringIO(result.decode("utf-8")), delimiter="," if fmt == CSV else "\t"))
        assert [c.lstrip("?") for c in rows[0]] == ["policy", "id"]
        assert POLICY in rows[1][1] and len(rows) == 2


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_ask_in_every_results_format(served, fmt):
    result = wrapper(served.sparql, PREFIX + f'ASK {{ ?p eli:id_local "{POLICY}" }}', fmt).query().convert()
    text = {JSON: lambda r: str(r["boolean"]).lower(), XML: lambda r: r.getElementsByTagName("boolean")[0].firstChild.data,
            CSV: lambda r: r.decode().strip(), TSV: lambda r: r.decode().strip()}[fmt](result)
    assert text == "true"


@pytest.mark.parametrize("fmt, parser", [(TURTLE, "turtle"), (N3, "turtle"), (JSONLD, "json-ld"), (RDFXML, "xml"),
                                         (XML, "xml"), (JSON, "json-ld"), (CSV, "turtle"), (TSV, "turtle")])
def test_sparqlwrapper_construct_in_every_format_it_asks_for(served, fmt, parser):
    # SPARQLWrapper asks a graph of a results format too (warning that it sends Accept */* and
    # format=json|csv|tsv): JSON gets JSON-LD, CSV and TSV get Turtle, never 406.
    if fmt in (JSON, CSV, TSV):
        with pytest.warns(RuntimeWarning, match="Sending Accept header"):
            response = wrapper(served.sparql, POLICY_CONSTRUCT, fmt).query().response
    else:
        response = wrapper(served.sparql, POLICY_CONSTRUCT, fmt).query().response
    graph = parse_rdf(response.read(), parser)
    assert set(graph) == {(POLICY_IRI, ID_LOCAL, Literal(POLICY))}


def test_sparqlwrapper_gets_every_row_of_the_whole_graph(served, triples):
    rows = wrapper(served.sparql, ALL_ROWS, JSON, "POST").query().convert()["results"]["bindings"]
    assert len(rows) == triples > 29000
    body = wrapper(served.sparql, ALL_TRIPLES, TURTLE).query().response.read()
    assert len(Graph().parse(data=body.decode("utf-8"), format="turtle")) == triples


def test_sparqlwrapper_raises_on_an_answer_past_the_budget(small_budget):
    with pytest.raises(urllib.error.HTTPError) as raised:
        wrapper(small_budget.sparql, ALL_ROWS, JSON).query()
    raised.value.close()
    assert raised.value.code == 422
    # asked for partial results, it reads the standard link of the head
    w = wrapper(small_budget.sparql, ALL_ROWS, JSON)
    w.addParameter("partial", "true")
    doc = w.query().convert()
    assert len(doc["results"]["bindings"]) == SMALL_BUDGET
    assert doc["head"]["link"] == [small_budget.url + "/sparql/truncated"]


# --- rdflib -------------------------------------------------------------------------------------

def test_rdflib_sparqlstore_select_construct_and_len(served, triples):
    graph = Graph(store=SPARQLStore(served.sparql, returnFormat="json"))
    assert [str(row.id) for row in graph.query(POLICY_SELECT)] == [POLICY]
    assert len(list(graph.query(ALL_ROWS))) == triples
    assert len(graph.query(ALL_TRIPLES).graph) == triples
    assert len(graph) == triples
    assert set(graph.triples((POLICY_IRI, ID_LOCAL, None))) == {(POLICY_IRI, ID_LOCAL, Literal(POLICY))}


def test_rdflib_dataset_on_the_endpoint_reads_the_default_graph(served, triples):
    dataset = Dataset(store=SPARQLStore(served.sparql))
    with warnings.catch_warnings():
        # rdflib's own Dataset.query reads its deprecated default_context
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        rows = list(dataset.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        found = set(dataset.triples((POLICY_IRI, ID_LOCAL, None)))
    assert int(rows[0][0]) == triples
    assert found == {(POLICY_IRI, ID_LOCAL, Literal(POLICY))}


def test_rdflib_raises_on_an_answer_past_the_budget(small_budget):
    graph = Graph(store=SPARQLStore(small_budget.sparql, returnFormat="json"))
    with pytest.raises(ValueError) as raised:  # rdflib's SPARQLConnector wraps the HTTP error
        list(graph.query(ALL_ROWS))
    http_error = raised.value.__context__
    http_error.close()
    assert isinstance(http_error, urllib.error.HTTPError) and http_error.code == 422


# --- curl with the Accept headers of other tools' users ------------------------------------------

JENA_SELECT_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                      "text/tab-separated-values;q=0.7, text/csv;q=0.5, application/json;q=0.2, "
                      "application/xml;q=0.2, */*;q=0.1")
JENA_GRAPH_ACCEPT = ("text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.7, "
                     "application/ld+json;q=0.5, */*;q=0.1")


def curl(url: str, query: str, accept: str) -> tuple[int, str, bytes]:
    done = subprocess.run(["curl", "-sS", "-G", url, "--data-urlencode", f"query={query}", "-H", f"Accept: {accept}",
                           "-o", "-", "-w", "\n%{http_code} %{content_type}"], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    body, _, trailer = done.stdout.rpartition(b"\n")
    status, _, content_type = trailer.decode().partition(" ")
    return int(status), content_type.split(";")[0].strip(), body


@pytest.mark.parametrize("accept, media_type", [
    ("application/sparql-results+json;charset=utf-8", "application/sparql-results+json"),  # Wikidata scripts
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("text/csv; charset=utf-8", "text/csv"),
    ("text/tab-separated-values; charset=utf-8", "text/tab-separated-values"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),                  # Virtuoso's clients
    ("application/json", "application/sparql-results+json"),
    ("text/plain", "text/plain"),
    (JENA_SELECT_ACCEPT, "application/sparql-results+json"),
    ("text/turtle; charset=utf-8", "application/sparql-results+json"),                      # nothing offered: default
])
def test_curl_select_with_the_accept_headers_clients_send(served, accept, media_type):
    status, content_type, body = curl(served.sparql, POLICY_SELECT, accept)
    assert status == 200 and content_type == media_type
    assert POLICY in body.decode("utf-8")
    if media_type == "text/plain":  # TSV-like: a header of variables, then terms as in Turtle
        assert body.decode("utf-8").splitlines()[0] == "?policy\t?id"


@pytest.mark.parametrize("accept, media_type, fmt", [
    ("text/turtle; charset=utf-8", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("text/plain", "application/n-triples", None),
    ("application/n-quads", "application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/trig", "application/trig", ox.RdfFormat.TRIG),
    ("application/json", "application/ld+json", ox.RdfFormat.JSON_LD),                      # as Fuseki answers
    ("application/sparql-results+json", "text/turtle", ox.RdfFormat.TURTLE),                # results-only: Turtle
    ("application/rdf+xml;q=0.9, text/rdf+n3;q=0.5", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    (JENA_GRAPH_ACCEPT, "text/turtle", ox.RdfFormat.TURTLE),
])
def test_curl_construct_with_the_accept_headers_clients_send(served, accept, media_type, fmt):
    status, content_type, body = curl(served.sparql, POLICY_CONSTRUCT, accept)
    assert status == 200
    if accept == "text/plain":
        assert content_type == "text/plain"
        fmt = ox.RdfFormat.N_TRIPLES
    else:
        assert content_type == media_type
    parsed = list(ox.parse(body, format=fmt))
    assert len(parsed) == 1 and parsed[0].object.value == POLICY


# --- Apache Jena ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rsparql(tmp_path_factory):
    return jena_command("rsparql", tmp_path_factory.mktemp("jena"))


def run_rsparql(command: list[str], url: str, query: str, results: str) -> subprocess.CompletedProcess:
    return subprocess.run(command + ["--service", url, f"--results={results}", query],
                          capture_output=True, timeout=180)


@pytest.mark.clients
def test_jena_rsparql_reads_every_row_and_every_triple(served, triples, rsparql):
    done = run_rsparql(rsparql, served.sparql, ALL_ROWS, "TSV")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert len(done.stdout.decode("utf-8").splitlines()) == triples + 1  # and the header
    done = run_rsparql(rsparql, served.sparql, ALL_TRIPLES, "NT")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert len(list(ox.parse(done.stdout, format=ox.RdfFormat.N_TRIPLES))) == triples


@pytest.mark.clients
def test_jena_rsparql_select_ask_and_describe(served, rsparql):
    done = run_rsparql(rsparql, served.sparql, POLICY_SELECT, "JSON")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert [r["id"]["value"] for r in json.loads(done.stdout)["results"]["bindings"]] == [POLICY]
    done = run_rsparql(rsparql, served.sparql, PREFIX + f'ASK {{ ?p eli:id_local "{POLICY}" }}', "JSON")
    assert json.loads(done.stdout)["boolean"] is True
    done = run_rsparql(rsparql, served.sparql, f"DESCRIBE <{POLICY_IRI}>", "NT")
    graph = Graph().parse(data=done.stdout.decode("utf-8"), format="nt")
    assert (POLICY_IRI, ID_LOCAL, Literal(POLICY)) in graph


@pytest.mark.clients
def test_jena_rsparql_fails_on_an_answer_past_the_budget(small_budget, rsparql):
    done = run_rsparql(rsparql, small_budget.sparql, ALL_ROWS, "TSV")
    assert done.returncode != 0
    assert "422" in (done.stdout + done.stderr).decode("utf-8", "replace")


# --- Comunica -------------------------------------------------------------------------------------

def run_comunica(url: str, query: str, media_type: str) -> subprocess.CompletedProcess:
    return subprocess.run(comunica() + [f"sparql@{url}", query, "-t", media_type], capture_output=True, timeout=300)


@pytest.mark.clients
def test_comunica_reads_every_row_and_every_triple(served, triples):
    done = run_comunica(served.sparql, ALL_ROWS, "application/sparql-results+json")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert len(json.loads(done.stdout)["results"]["bindings"]) == triples
    done = run_comunica(served.sparql, ALL_TRIPLES, "application/n-triples")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert len(list(ox.parse(done.stdout, format=ox.RdfFormat.N_TRIPLES))) == triples


@pytest.mark.clients
def test_comunica_select_and_ask(served):
    done = run_comunica(served.sparql, POLICY_SELECT, "application/sparql-results+json")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert [r["id"]["value"] for r in json.loads(done.stdout)["results"]["bindings"]] == [POLICY]
    done = run_comunica(served.sparql, PREFIX + f'ASK {{ ?p eli:id_local "{POLICY}" }}', "application/sparql-results+json")
    assert json.loads(done.stdout)["boolean"] is True


@pytest.mark.clients
def test_comunica_fails_on_an_answer_past_the_budget(small_budget):
    done = run_comunica(small_budget.sparql, ALL_ROWS, "application/sparql-results+json")
    assert done.returncode != 0
    assert "422" in done.stderr.decode("utf-8", "replace")
