"""The catalogue gives the same answers from a remote SPARQL store as from the embedded one.

The corpus build is loaded into a real Virtuoso with the Graph Store Protocol
(`store.remote.load_dataset`), then every named query runs on both stores with the same
parameters.  Answers are compared as multisets of rows: numbers as Decimals (Virtuoso prints
``500.00`` as ``500``), IRIs and strings exactly.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest

from store.remote import RemoteStore, RemoteStoreError, load_dataset
from store.local import open_store
from queries import catalogue, get_query

from conftest import missing_tier
from virtuoso_server import available, virtuoso

pytestmark = [pytest.mark.virtuoso, pytest.mark.slow]

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("decimal", "integer", "int", "long", "short", "double", "float",
                             "nonNegativeInteger", "positiveInteger")}

CONCATENATION = "; "  # the separator of every GROUP_CONCAT in the catalogue

# Each query runs without parameters (when it has no required one) and with these, which
# find rows in the sample corpus: bound parameters take the VALUES path on both stores.
PARAMETERS = {
    "projects": [{"region": "洪山区"}, {"department": "洪山区医疗保障局"}],
    "departments": [{"region": "420111"}],
    "projects-citing": [{"doc_number": "武政办[2016]69 号"}, {"title": "计划生育"}],
    "legal-basis": [{"project": "医疗救助", "department": "洪山区医疗保障局"}, {"project": "42011124043T000000101"}],
    "indicators": [{"project": "医疗救助", "keyword": "人次"}, {"department": "通城县"}],
    "similar-indicators": [{"keyword": "满意度"}],
    "budget-lines": [{"department": "洪山区医疗保障局", "code_prefix": "210"}],
    "spending-by-function": [{"code_prefix": "210"}, {"code_prefix": "21013"}],
    "funding-sources": [{"department": "通城县"}],
    "policies": [{"doc_number": "武政办"}, {"title": "医疗"}],
    "policy-citations": [{"department": "洪山区医疗保障局"}],
    "execution": [{"department": "洪山区"}],
}


def cases() -> list[tuple[str, dict]]:
    out = []
    for query in catalogue():
        if not any(p.required for p in query.parameters):
            out.append((query.name, {}))
        out.extend((query.name, params) for params in PARAMETERS.get(query.name, []))
    return out


def case_id(case: tuple[str, dict]) -> str:
    name, params = case
    return name + "".join(f"[{k}={v}]" for k, v in params.items())


def comparable(term) -> object:
    """A cell as a value that is equal across stores when the data is equal."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        try:
            return ("number", Decimal(term.value).normalize())
        except InvalidOperation:
            return ("literal", term.value, term.datatype.value)
    if isinstance(term, ox.Literal) and CONCATENATION in term.value:
        # GROUP_CONCAT's order is left to the engine by SPARQL 1.1: compare the parts.
        return ("parts", tuple(sorted(term.value.split(CONCATENATION))))
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or "")
    if isinstance(term, ox.BlankNode):
        return ("blank",)  # labels are local to each store
    return ("iri", term.value)


def answers(store, name: str, params: dict) -> tuple[list[str], Counter]:
    result = get_query(name).run(store, params)
    return result.columns, Counter(tuple(comparable(t) for t in row) for row in result.rows)


@pytest.fixture(scope="module")
def stores(corpus_build, tmp_path_factory):
    if not available():
        missing_tier("virtuoso-t / isql-vt are not installed (Debian: virtuoso-opensource)")
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        counts = load_dataset(Path(corpus_build.out) / "dataset.nq", server.graph_store_url)
        # The reading commands' way to a remote store: open_store with the remote_sparql setting.
        remote = open_store(corpus_build.out, remote_sparql=server.query_url)
        assert isinstance(remote, RemoteStore)
        yield open_store(corpus_build.out), remote, counts


def test_every_named_graph_of_the_build_is_loaded_with_all_its_triples(stores, corpus_build):
    embedded, remote, counts = stores
    assert counts == {g: n for g, n in corpus_build.triples_by_graph.items() if n}
    solutions = remote.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    in_virtuoso = {row["g"].value: int(row["n"].value) for row in solutions}
    for graph, n in counts.items():
        assert in_virtuoso.get(graph) == n, graph


def test_reloading_replaces_graphs_instead_of_adding_to_them(stores, corpus_build):
    embedded, remote, counts = stores
    graph_store = remote.query_url.replace("/sparql", "/sparql-graph-crud")
    assert load_dataset(Path(corpus_build.out) / "dataset.nq", graph_store) == counts
    total = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                         "VALUES ?g { " + " ".join(f"<{g}>" for g in counts) + " } }")
    assert int(next(iter(total))["n"].value) == sum(counts.values())


@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_named_query_answers_the_same_from_virtuoso_as_from_the_embedded_store(stores, case):
    embedded, remote, _ = stores
    name, params = case
    columns, expected = answers(embedded, name, params)
    remote_columns, got = answers(remote, name, params)
    assert remote_columns == columns
    assert sum(expected.values()) > 0 or params == {}, "the parameters should find rows in the corpus"
    missing, extra = expected - got, got - expected
    assert not missing and not extra, (
        f"{name}: {sum(missing.values())} rows only embedded, e.g. {list(missing)[:2]}; "
        f"{sum(extra.values())} rows only remote, e.g. {list(extra)[:2]}")


def test_a_hostile_parameter_stays_a_literal_on_the_remote_store(stores):
    _, remote, _ = stores
    result = get_query("projects").run(remote, {"department": '" } } DROP ALL #'})
    assert result.rows == []


def test_an_unreachable_store_raises_a_typed_error_naming_it():
    store = RemoteStore("http://127.0.0.1:9/sparql", timeout=2)
    with pytest.raises(RemoteStoreError, match="127.0.0.1:9"):
        store.query("ASK {}")


def test_the_default_graph_holds_each_triple_once_as_on_the_embedded_store(stores):
    # A department's type is stated in every document that prints it: Virtuoso's union
    # default graph holds every copy, the merge that load_dataset writes holds one.
    embedded, remote, _ = stores
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?d a org:Organization ; skos:prefLabel ?label }"
    prefixes = {"org": "http://www.w3.org/ns/org#", "skos": "http://www.w3.org/2004/02/skos/core#"}
    here = int(next(iter(embedded.query(count, prefixes=prefixes, use_default_graph_as_union=False)))["n"].value)
    there = int(next(iter(remote.query(count, prefixes=prefixes)))["n"].value)
    union = int(next(iter(remote.query(count, prefixes=prefixes, default_graph=[])))["n"].value)
    assert there == here and union > here
    # a query that names its graphs reads them, not the merge
    derived = "https://w3id.org/budgetkg/id/graph/derived"
    in_graph = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{derived}> {{ ?s ?p ?o }} }}"
    from_graph = f"SELECT (COUNT(*) AS ?n) FROM <{derived}> WHERE {{ ?s ?p ?o }}"
    expected = len(list(embedded.quads_for_pattern(None, None, None, ox.NamedNode(derived))))
    assert expected > 0
    assert [int(next(iter(remote.query(q)))["n"].value) for q in (in_graph, from_graph)] == [expected, expected]


# Orders Virtuoso cannot run itself: an expression over an aggregate's name (SP031), and rows
# holding a string past its ~4 KB sort row (SR319).  The rows are sorted by the client instead.
UNSORTABLE_THERE = {
    "expression over an aggregate": """
        SELECT ?d (MIN(STR(?l)) AS ?name) WHERE { ?d a org:Organization ; skos:prefLabel ?l }
        GROUP BY ?d ORDER BY (CONCAT("~", ?name)) ?d LIMIT 20 OFFSET 3""",
    "long concatenation": """
        SELECT ?kind (GROUP_CONCAT(DISTINCT ?text; separator="; ") AS ?texts) (COUNT(DISTINCT ?text) AS ?n)
        WHERE { ?x a ?kind ; skos:prefLabel|bkg:displayName|bkg:quote ?said . BIND(STR(?said) AS ?text) }
        GROUP BY ?kind ORDER BY DESC(?n) ?kind""",
}


@pytest.mark.parametrize("name", list(UNSORTABLE_THERE))
def test_an_order_virtuoso_cannot_run_is_run_by_the_client_in_the_embedded_order(stores, name):
    embedded, remote, _ = stores
    prefixes = {"org": "http://www.w3.org/ns/org#", "skos": "http://www.w3.org/2004/02/skos/core#",
                "bkg": "https://w3id.org/budgetkg/ontology#"}
    text = UNSORTABLE_THERE[name]
    here = [tuple(comparable(t) for t in row)
            for row in embedded.query(text, prefixes=prefixes, use_default_graph_as_union=False)]
    there = [tuple(comparable(t) for t in row) for row in remote.query(text, prefixes=prefixes)]
    assert here and there == here
    if name == "long concatenation":
        assert max(len("; ".join(row[1][1])) for row in here) > 4096  # past Virtuoso's sort row


def test_a_page_past_virtuosos_sorted_top_rows_is_answered_in_order(stores):
    # The server asks every catalogue query for one row past result_limit (2 000 000 by
    # default); Virtuoso sorts at most MaxSortedTopRows (10 000) under a LIMIT (SR353).
    from queries import Page

    embedded, remote, _ = stores
    for page in (Page(10_001), Page(2, 1)):
        here = [tuple(comparable(t) for t in row) for row in get_query("documents").run(embedded, {}, page).rows]
        assert here and [tuple(comparable(t) for t in row)
                         for row in get_query("documents").run(remote, {}, page).rows] == here
