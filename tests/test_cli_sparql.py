"""`budgetkg sparql` runs every query form, reads standard input, and prints IRIs that paste back."""
from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from conftest import cli

POLICY = "武政办〔2016〕69号"
POLICY_IRI = f"https://w3id.org/budgetkg/id/policy/{POLICY}"


def test_ask_answers_true_and_false_in_each_format(capsys, store_dir):
    assert cli(capsys, "sparql", f'ASK {{ ?p eli:id_local "{POLICY}" }}', "--store", store_dir)[1] == "true\n"
    assert cli(capsys, "sparql", 'ASK { ?p eli:id_local "no such" }', "--store", store_dir)[1] == "false\n"
    _, out, _ = cli(capsys, "sparql", "ASK {}", "--format", "json", "--store", store_dir)
    assert json.loads(out) == {"head": {}, "boolean": True}


def test_whole_graph_construct_prints_every_triple_as_turtle(capsys, store_dir, corpus_build):
    code, out, _ = cli(capsys, "sparql", "CONSTRUCT WHERE { ?s ?p ?o }", "--store", store_dir)
    assert code == 0
    graph = set(ox.parse(out.encode("utf-8"), ox.RdfFormat.TURTLE))  # a strict Turtle parser, 30 k triples
    _, counted, _ = cli(capsys, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv", "--store", store_dir)
    assert len(graph) == int(counted.splitlines()[1]) > 29000


def test_describe_a_policy_by_its_pasteable_prefixed_name(capsys, store_dir):
    code, out, _ = cli(capsys, "sparql", "DESCRIBE id:policy\\/" + POLICY, "--format", "nt", "--store", store_dir)
    assert code == 0
    graph = Graph().parse(data=out, format="nt")
    assert (URIRef(POLICY_IRI), URIRef("http://data.europa.eu/eli/ontology#id_local"), Literal(POLICY)) in graph


def test_table_prints_iris_that_paste_back_into_a_query(capsys, store_dir):
    _, out, _ = cli(capsys, "sparql", f'SELECT ?p WHERE {{ ?p eli:id_local "{POLICY}" }}', "--store", store_dir)
    shown = out.splitlines()[2].strip()
    assert shown == "id:policy\\/" + POLICY
    _, again, _ = cli(capsys, "sparql", f"ASK {{ {shown} eli:id_local ?id }}", "--store", store_dir)
    assert again == "true\n"


def test_select_star_lists_variables_in_the_order_they_appear(capsys, store_dir):
    _, out, _ = cli(capsys, "sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "-f", "csv", "--store", store_dir)
    assert out.splitlines()[0] == "s,p,o"


def test_relative_iris_resolve_against_the_base_iri(capsys, store_dir):
    _, out, _ = cli(capsys, "sparql", f"ASK {{ <id/policy/{POLICY}> eli:id_local ?id }}", "--store", store_dir)
    assert out == "true\n"


def test_an_undeclared_prefix_is_named_in_words_at_the_users_line(capsys, store_dir):
    code, _, err = cli(capsys, "sparql", "SELECT ?s\nWHERE { ?s ex:p ?o }", "--store", store_dir)
    assert code == 2
    assert "Line 2, column" in err and "`ex:` is not declared" in err
    assert "  2 | WHERE { ?s ex:p ?o }" in err


def test_reads_the_query_from_standard_input(store_dir):
    query = f'SELECT ?id WHERE {{ ?p eli:id_local ?id FILTER(?id = "{POLICY}") }}'
    done = subprocess.run([sys.executable, "-m", "budgetkg", "sparql", "-", "--format", "json", "--store", store_dir],
                          input=query.encode("utf-8"), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    rows = json.loads(done.stdout)["results"]["bindings"]
    assert [r["id"]["value"] for r in rows] == [POLICY]


def test_a_select_asked_for_an_rdf_format_is_refused(capsys, store_dir):
    code, _, err = cli(capsys, "sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "turtle", "--store", store_dir)
    assert code == 2 and "CONSTRUCT" in err


def test_graph_results_as_ntriples_parse_with_pyoxigraph(capsys, store_dir):
    _, out, _ = cli(capsys, "sparql", "CONSTRUCT WHERE { ?p eli:id_local ?id }", "--format", "nt", "--store", store_dir)
    triples = list(ox.parse(out.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(out.strip().splitlines()) > 5
