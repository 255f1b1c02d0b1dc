"""The SPARQL 1.1 Protocol endpoint over real HTTP, against the sample corpus build."""
from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from server.guard import inspect_query
from server_fixtures import RunningServer, http, parse_rdf

ELI = Namespace("http://data.europa.eu/eli/ontology#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")
POLICY = "武政办〔2016〕69号"
PREFIXES = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\nPREFIX bkg: <https://w3id.org/budgetkg/ontology#>\n"
POLICY_SELECT = PREFIXES + f'SELECT DISTINCT ?policy ?id WHERE {{ ?policy eli:id_local ?id . FILTER(?id = "{POLICY}") }}'
POLICY_CONSTRUCT = PREFIXES + f'CONSTRUCT {{ ?policy eli:id_local ?id }} WHERE {{ ?policy eli:id_local ?id . FILTER(?id = "{POLICY}") }}'
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def get(server, **params):
    return http(server.sparql + "?" + urllib.parse.urlencode(params, doseq=True))


def error_of(body: bytes) -> dict:
    doc = json.loads(body)
    assert set(doc) == {"error"} and set(doc["error"]) == {"status", "title", "detail"}
    return doc["error"]


def count_triples(server) -> int:
    status, _, body = get(server, query="SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def wrapper(server, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    w = SPARQLWrapper(server.sparql)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    w.setMethod(method)
    return w


# --- result formats ------------------------------------------------------------------------

def test_select_json_names_the_policy_by_its_normalised_doc_number(served):
    result = wrapper(served, POLICY_SELECT, JSON).query().convert()
    assert result["head"]["vars"] == ["policy", "id"]
    rows = result["results"]["bindings"]
    assert [r["id"]["value"] for r in rows] == [POLICY]
    assert rows[0]["policy"] == {"type": "uri", "value": f"https://w3id.org/budgetkg/id/policy/{POLICY}"}


def test_select_xml_carries_the_same_binding(served):
    doc = wrapper(served, POLICY_SELECT, XML).query().convert()  # a DOM document
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert literals == [POLICY]


@pytest.mark.parametrize("fmt, sep", [(CSV, ","), (TSV, "\t")])
def test_select_csv_and_tsv_have_a_header_and_one_row(served, fmt, sep):
    text = wrapper(served, POLICY_SELECT, fmt).query().convert().decode("utf-8")
    lines = text.strip().splitlines()
    assert lines[0].replace("?", "") == sep.join(["policy", "id"])
    assert len(lines) == 2 and POLICY in lines[1]


def test_ask_is_true_for_a_cited_policy_and_false_for_an_invented_one(served):
    yes = PREFIXES + f'ASK {{ ?p eli:id_local "{POLICY}" }}'
    no = PREFIXES + 'ASK { ?p eli:id_local "武政办〔1999〕1号" }'
    assert wrapper(served, yes, JSON).query().convert()["boolean"] is True
    assert wrapper(served, no, JSON).query().convert()["boolean"] is False
    xml = wrapper(served, yes, XML).query().convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt, media_type, parser", [
    (TURTLE, "text/turtle", "turtle"), (N3, "text/turtle", "turtle"), (JSONLD, "application/ld+json", "json-ld"),
    (RDFXML, "application/rdf+xml", "xml"), (XML, "application/rdf+xml", "xml"),
])
def test_construct_returns_the_triple_in_each_graph_format(served, fmt, media_type, parser):
    response = wrapper(served, POLICY_CONSTRUCT, fmt).query()
    assert response.info()["content-type"].split(";")[0] == media_type
    # SPARQLWrapper's own RDF conversion uses a deprecated rdflib class; parse the body instead.
    graph = parse_rdf(response.response.read(), parser)
    policy = URIRef(f"https://w3id.org/budgetkg/id/policy/{POLICY}")
    assert set(graph) == {(policy, ELI.id_local, Literal(POLICY))}


def test_construct_as_ntriples_by_accept_header(served):
    status, headers, body = http(served.sparql + "?" + urllib.parse.urlencode({"query": POLICY_CONSTRUCT}),
                                 headers={"Accept": "application/n-triples"})
    assert status == 200 and headers.get_content_type() == "application/n-triples"
    assert len(Graph().parse(data=body.decode("utf-8"), format="nt")) == 1


def test_describe_returns_the_policy_description(served):
    query = f"DESCRIBE <https://w3id.org/budgetkg/id/policy/{POLICY}>"
    graph = wrapper(served, query, TURTLE).query().convert()
    graph = Graph().parse(data=graph, format="turtle")
    policy = URIRef(f"https://w3id.org/budgetkg/id/policy/{POLICY}")
    assert (policy, RDF.type, ELI.LegalResource) in graph


def test_post_form_and_post_body_answer_like_get(served):
    by_get = wrapper(served, POLICY_SELECT, JSON).query().convert()
    by_form = wrapper(served, POLICY_SELECT, JSON, "POST").query().convert()
    status, _, body = http(served.sparql, data=POLICY_SELECT.encode("utf-8"),
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": "application/sparql-results+json"})
    assert status == 200
    assert by_get == by_form == json.loads(body)


# --- protocol errors ------------------------------------------------------------------------

def test_two_query_parameters_are_a_bad_request(served):
    status, _, body = get(served, query=["ASK {}", "ASK {}"])
    assert status == 400
    assert "exactly one" in error_of(body)["detail"]


def test_malformed_query_gets_400_with_the_parser_message(served):
    status, headers, body = get(served, query="SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and headers.get_content_type() == "application/json"
    err = error_of(body)
    assert err["status"] == 400 and err["title"] == "Malformed Query"
    # in words, at the user's own line (the predeclared prefixes add none), quoted with a caret
    assert err["detail"].startswith("Line 1, column ")
    assert "| SELECT ?x WHERE { ?x ?y }" in err["detail"] and "^" in err["detail"]
    assert "['" not in err["detail"]  # no grammar character classes


def test_update_parameter_is_refused_and_nothing_changes(served):
    before = count_triples(served)
    update = "INSERT DATA { GRAPH <http://example.org/g> { <http://e/s> <http://e/p> 1 } }"
    status, _, body = http(served.sparql, data=urllib.parse.urlencode({"update": update}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "read-only" in error_of(body)["detail"]
    status, _, _ = http(served.sparql, data=update.encode(), headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = get(served, query=update)
    assert status == 403 and error_of(body)["title"] == "Updates Not Accepted"
    assert count_triples(served) == before


@pytest.mark.parametrize("operation", [
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/budgetkg/id/graph/vocabularies>",
    "CREATE GRAPH <http://example.org/new>",
    "DELETE WHERE { ?s ?p ?o }",
])
def test_update_operations_sent_as_queries_are_refused(served, operation):
    before = count_triples(served)
    status, _, body = get(served, query=operation)
    assert status == 403, body
    assert count_triples(served) == before


class Listener:
    """A TCP listener that records whether anyone connected."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self._stop = True
        self._thread.join(2)
        self.sock.close()


def test_service_is_refused_before_anything_is_fetched(served):
    listener = Listener()
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        status, _, body = get(served, query=query)
        status2, _, _ = get(served, query="SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        time.sleep(0.3)
    finally:
        listener.close()
    assert status == 403 and status2 == 403
    assert "SERVICE" in error_of(body)["title"]
    assert listener.connections == 0


def test_workers_cannot_reach_the_network_even_past_the_service_check(corpus_build):
    from server.pool import QueryPool

    pool = QueryPool(corpus_build.out, 1, 10.0)
    listener = Listener()
    try:
        pool.wait_ready()
        if not pool.network_isolated:
            pytest.skip("this machine allows no network namespaces; the SERVICE check is the only guard")
        reply = pool.run({"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}",
                          "format": "application/sparql-results+json", "limit": 10})
        time.sleep(0.3)
    finally:
        listener.close()
        pool.close()
    assert reply["ok"] is False
    assert listener.connections == 0


def test_words_like_service_inside_strings_comments_and_names_are_not_keywords(served):
    query = ('PREFIX ex: <http://example.org/load#>\n# SERVICE <http://example.org/> in a comment\n'
             'SELECT ?insert WHERE { BIND("SERVICE <http://x/> LOAD DROP" AS ?insert) FILTER(?insert != ex:service) }')
    status, _, body = get(served, query=query)
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["insert"]["value"].startswith("SERVICE")


def test_guard_reads_from_clauses_through_prefixes():
    found = inspect_query("PREFIX d: <https://w3id.org/budgetkg/id/document/>\n"
                          "SELECT * FROM d:000 FROM NAMED <http://g/2> WHERE { ?s ?p ?o }")
    assert found.form == "SELECT"
    assert found.default_graphs == ["https://w3id.org/budgetkg/id/document/000"]
    assert found.named_graphs == ["http://g/2"]
    assert not found.updates and not found.uses_service


# --- datasets ------------------------------------------------------------------------------

DOCS_QUERY = "PREFIX bkg: <https://w3id.org/budgetkg/ontology#> SELECT DISTINCT ?d WHERE { ?d a bkg:SourceDocument }"


def test_default_graph_uri_restricts_the_query_to_one_document_graph(served, corpus_build):
    graph = "https://w3id.org/budgetkg/id/document/004_d431fbb1a7fb7554"
    status, _, body = get(served, query=DOCS_QUERY, **{"default-graph-uri": graph})
    assert status == 200
    assert [r["d"]["value"] for r in json.loads(body)["results"]["bindings"]] == [graph]
    status, _, body = get(served, query=DOCS_QUERY)
    assert len(json.loads(body)["results"]["bindings"]) == len(corpus_build.documents)


def test_from_selects_a_store_graph_and_a_foreign_graph_is_refused_unfetched(served):
    graph = "https://w3id.org/budgetkg/id/document/000_d0627e50c4564413"
    status, _, body = get(served, query=DOCS_QUERY.replace("WHERE", f"FROM <{graph}> WHERE"))
    assert status == 200 and [r["d"]["value"] for r in json.loads(body)["results"]["bindings"]] == [graph]
    listener = Listener()
    try:
        status, _, body = get(served, query=DOCS_QUERY.replace(
            "WHERE", f"FROM <http://127.0.0.1:{listener.port}/data.ttl> WHERE"))
        status2, _, _ = get(served, query=DOCS_QUERY, **{"named-graph-uri": "http://example.org/other"})
    finally:
        listener.close()
    assert status == 400 and error_of(body)["title"] == "Unknown Graph"
    assert status2 == 400
    assert listener.connections == 0


# --- limits ----------------------------------------------------------------------------------

@pytest.mark.slow  # waits out a query time limit over real HTTP
def test_query_past_the_time_limit_is_stopped_while_another_client_is_served(served):
    outcome = {}

    def runaway():
        started = time.monotonic()
        outcome["slow"] = get(served, query=CROSS_JOIN)
        outcome["slow_seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    status, _, body = get(served, query=POLICY_SELECT)
    quick_seconds = time.monotonic() - started
    thread.join(30)
    assert status == 200 and POLICY in body.decode("utf-8")
    assert quick_seconds < 2.0
    slow_status, slow_headers, slow_body = outcome["slow"]
    assert slow_status == 503
    assert "limit of 3 s" in error_of(slow_body)["detail"]
    assert "Retry-After" not in slow_headers  # the same query would run out of time again
    assert outcome["slow_seconds"] < 3.0 + 5.0
    # the stopped worker was replaced: the pool answers again
    deadline = time.monotonic() + 30
    while get(served, query=POLICY_SELECT)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert get(served, query=POLICY_SELECT)[0] == 200


def test_an_answer_past_the_row_budget_is_refused_unless_partial_results_are_asked_for(corpus_build):
    server = RunningServer({"build_dir": corpus_build.out, "result_limit": 5, "query_workers": 1})
    try:
        status, headers, body = get(server, query="SELECT ?s WHERE { ?s ?p ?o }")
        assert status == 422 and error_of(body)["title"] == "Result Too Large"
        assert "partial=true" in error_of(body)["detail"]
        status, headers, body = get(server, query="SELECT ?s WHERE { ?s ?p ?o }", partial="true")
        assert status == 200 and headers["X-Result-Truncated"] == "true"
        doc = json.loads(body)
        assert len(doc["results"]["bindings"]) == 5
        assert doc["head"]["link"] == [server.url + "/sparql/truncated"]
        assert http(doc["head"]["link"][0])[0] == 200
        status, headers, body = get(server, query="CONSTRUCT WHERE { ?s ?p ?o }", partial="true",
                                    format="nt")
        assert status == 200 and headers["X-Result-Truncated"] == "true"
        assert len(body.decode("utf-8").strip().splitlines()) == 5
        status, headers, body = get(server, query=DOCS_QUERY)
        assert status == 200 and "X-Result-Truncated" not in headers
        assert len(json.loads(body)["results"]["bindings"]) == 5  # exactly the five documents
        status, headers, body = http(server.url + "/queries/projects.json")
        assert headers["X-Result-Truncated"] == "true"
        assert len(json.loads(body)["results"]["bindings"]) == 5
        status, headers, body = http(server.url + "/queries/documents.json")  # exactly the budget: whole
        assert status == 200 and "X-Result-Truncated" not in headers
        assert len(json.loads(body)["results"]["bindings"]) == 5
    finally:
        server.close()


def test_an_answer_past_the_byte_budget_is_refused_and_partial_stays_within_it(corpus_build):
    server = RunningServer({"build_dir": corpus_build.out, "result_max_bytes": 20000, "query_workers": 1})
    try:
        status, _, body = get(server, query="SELECT * WHERE { ?s ?p ?o }", format="csv")
        assert status == 422
        status, headers, body = get(server, query="SELECT * WHERE { ?s ?p ?o }", format="csv", partial="1")
        assert status == 200 and headers["X-Result-Truncated"] == "true"
        assert len(body) <= 20000 + 100  # the rows within the budget, and the header line
        lines = body.decode("utf-8").splitlines()
        assert lines[0] == "s,p,o" and len(lines) > 20
    finally:
        server.close()


def test_cors_on_every_answer_get_post_and_errors_and_a_preflight_for_post(served):
    origin = {"Origin": "http://127.0.0.2:9999"}
    status, headers, _ = http(served.sparql + "?" + urllib.parse.urlencode({"query": POLICY_SELECT}), headers=origin)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = http(served.sparql, data=urllib.parse.urlencode({"query": POLICY_SELECT}).encode(),
                              headers={**origin, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, body = http(served.sparql, data=b"SELECT ?x WHERE {", headers={
        **origin, "Content-Type": "application/sparql-query"})
    assert status == 400 and headers["Access-Control-Allow-Origin"] == "*"
    assert error_of(body)["title"] == "Malformed Query"
    status, headers, _ = http(served.url + "/queries/projects.json", headers=origin)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    for path in ("/sparql", "/queries/projects.json"):
        status, headers, _ = http(served.url + path, method="OPTIONS", headers={
            **origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        assert status in (200, 204) and headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert "content-type" in headers["Access-Control-Allow-Headers"].lower()


# --- what the endpoint says about itself ----------------------------------------------------

def test_service_description_states_formats_union_graph_and_the_real_graph_sizes(served, corpus_build):
    status, headers, body = http(served.sparql, headers={"Accept": "text/turtle"})
    assert status == 200 and headers.get_content_type() == "text/turtle"
    g = Graph().parse(data=body.decode("utf-8"), format="turtle")
    svc = URIRef(served.sparql)
    assert (svc, RDF.type, SD.Service) in g
    assert set(g.objects(svc, SD.supportedLanguage)) == {SD.SPARQL11Query}  # no update
    assert (svc, SD.feature, SD.UnionDefaultGraph) in g
    formats = {str(o).rsplit("/", 1)[1] for o in g.objects(svc, SD.resultFormat)}
    assert formats == {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                       "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG"}
    declared = {str(g.value(d, SH.prefix)): str(g.value(d, SH.namespace)) for d in g.objects(svc, SH.declare)}
    assert declared["bkg"] == "https://w3id.org/budgetkg/ontology#"
    assert declared["id"] == "https://w3id.org/budgetkg/id/"
    # the description binds the project's prefixes only, not rdflib's unrelated defaults
    assert "@prefix brick:" not in body.decode() and "@prefix schema1:" not in body.decode()
    sizes = {}
    for ng in g.objects(None, SD.namedGraph):
        graph = g.value(ng, SD.graph)
        sizes[str(g.value(ng, SD.name))] = int(g.value(graph, VOID.triples))
    assert sizes == corpus_build.triples_by_graph


def test_void_counts_match_the_store(served):
    status, _, body = http(served.url + "/.well-known/void", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=body.decode("utf-8"), format="turtle")
    partitions = {str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities))
                  for p in g.objects(None, VOID.classPartition)}
    _, _, counted = get(served, query=PREFIXES + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bkg:BudgetProject }")
    projects = int(json.loads(counted)["results"]["bindings"][0]["n"]["value"])
    assert projects > 0
    assert partitions["https://w3id.org/budgetkg/ontology#BudgetProject"] == projects


def test_named_queries_are_published_as_sparql_examples(served):
    from queries import catalogue

    status, _, body = http(served.url + "/.well-known/sparql-examples", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=body.decode("utf-8"), format="turtle")
    published = {str(s).rsplit("/", 1)[1]: str(g.value(s, SH.select)) for s in g.subjects(RDF.type, SH.SPARQLExecutable)}
    assert published == {q.name: q.sparql for q in catalogue()}


def test_named_query_csv_twin_equals_the_catalogue_run_on_the_store(served, corpus_build):
    from store.local import open_store
    from queries import get_query, render

    params = {"doc_number": "武政办[2016]69 号"}
    status, headers, body = http(served.url + "/queries/projects-citing.csv?" + urllib.parse.urlencode(params))
    assert status == 200 and headers.get_content_type() == "text/csv"
    expected = render(get_query("projects-citing").run(open_store(corpus_build.out), params), "csv")
    assert body.decode("utf-8") == expected
    assert body.decode("utf-8").count("计生一次性奖励经费") >= 2


def test_iris_shown_on_an_entity_page_paste_into_a_query(served):
    import html
    import re

    status, _, body = http(served.url + "/id/policy/" + urllib.parse.quote(POLICY))
    assert status == 200
    shown = {html.unescape(t) for t in re.findall(r">((?:id|bkg|eli):[^<\s]+)<", body.decode("utf-8"))}
    instance = sorted(t for t in shown if t.startswith("id:"))
    assert instance and all("\\/" in t for t in instance)  # the slashes of instance keys escaped
    for name in instance[:5] + sorted(shown - set(instance))[:5]:
        status, _, answer = get(served, query=f"ASK {{ {{ {name} ?p ?o }} UNION {{ ?s ?p {name} }} UNION {{ ?s {name} ?o }} }}")
        assert status == 200 and json.loads(answer)["boolean"] is True, name


def test_relative_iris_resolve_against_the_base_iri(served):
    status, _, body = get(served, query="CONSTRUCT { <id/policy/x> <p> <#o> } WHERE {}", format="nt")
    assert status == 200
    assert body.decode("utf-8").strip() == ("<https://w3id.org/budgetkg/id/policy/x> <https://w3id.org/budgetkg/p> "
                                            "<https://w3id.org/budgetkg/#o> .")


def test_select_star_lists_variables_in_the_order_they_appear(served):
    status, _, body = get(served, query="SELECT * WHERE { ?subject ?verb ?value } LIMIT 1")
    assert json.loads(body)["head"]["vars"] == ["subject", "verb", "value"]
    status, _, body = get(served, query="SELECT * WHERE { ?s ?p ?o } LIMIT 1", format="csv")
    assert body.decode("utf-8").splitlines()[0] == "s,p,o"


def test_a_misspelt_query_parameter_is_a_bad_request_not_the_service_description(served):
    status, _, body = get(served, qeury="ASK {}")
    assert status == 400 and "`qeury`" in error_of(body)["detail"]
    status, headers, _ = get(served, format="turtle")  # a format alone still asks for the description
    assert status == 200 and headers.get_content_type() == "text/turtle"


def test_an_undeclared_prefix_is_named_at_the_users_own_line(served):
    status, _, body = get(served, query="SELECT ?s\nWHERE {\n  ?s ex:name ?o }")
    detail = error_of(body)["detail"]
    assert status == 400 and detail.startswith("Line 3, column 6: the prefix `ex:` is not declared")
    assert "  3 |   ?s ex:name ?o }" in detail


def test_predeclared_prefixes_need_no_declaration(served):
    status, _, body = get(served, query=f'ASK {{ id:policy\\/{POLICY} eli:id_local "{POLICY}" }}')
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.slow  # waits out a query time limit over real HTTP
def test_answers_leave_no_spool_file_behind_whatever_their_end(corpus_build, tmp_path, monkeypatch):
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))  # the server's temporary folder, to look into
    server = RunningServer({"build_dir": corpus_build.out, "result_limit": 1000, "query_timeout": 2.0,
                            "query_workers": 1})
    try:
        assert get(server, query="SELECT * WHERE { ?s ?p ?o } LIMIT 10")[0] == 200
        assert get(server, query="SELECT * WHERE { ?s ?p ?o }")[0] == 422
        assert get(server, query="SELECT * WHERE { ?s ?p ?o }", partial="true")[0] == 200
        assert get(server, query=CROSS_JOIN)[0] == 503
        assert get(server, query="SELECT * WHERE { ?s ?p }")[0] == 400
    finally:
        server.close()
    assert [p.name for p in spool.iterdir() if p.name.startswith("budgetkg-answer-")] == []


def test_the_editor_page_holds_at_most_its_rows_in_memory(served):
    # (the endpoint sends every row: test_endpoint_clients.py)
    from server.backend import IN_MEMORY_ROWS

    status, _, body = http(served.url + "/editor?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    page = body.decode("utf-8")
    assert status == 200 and "truncated" in page
    assert page.count("<tr") <= IN_MEMORY_ROWS + 1
