"""The endpoint's streaming result writers write what pyoxigraph's own serializers write.

Whole-graph results of the sample corpus (every kind of term: IRIs, plain, language-tagged and
typed literals, multi-line quotes) in each tabular format, read back by pyoxigraph's parser and
compared row by row with the store's answer; and the budget cuts at a row, never inside one.
"""
from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from server.results import CSV, JSON, TSV, XML, Budget, head, tail, write_graph, write_rows

EVERYTHING = Budget(1 << 62, 1 << 62)
PARSED = {JSON: ox.QueryResultsFormat.JSON, XML: ox.QueryResultsFormat.XML, TSV: ox.QueryResultsFormat.TSV}


@pytest.fixture(scope="module")
def store(corpus_build):
    from store.local import open_store

    return open_store(corpus_build.out)


def answer(store, media_type: str, budget: Budget = EVERYTHING, links=()) -> tuple[bytes, object]:
    results = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    names = [v.value for v in results.variables]
    out = io.BytesIO()
    written = write_rows(media_type, names, (tuple(row) for row in results), out, budget)
    return head(media_type, names, links) + out.getvalue() + tail(media_type), written


def read_back(body: bytes, media_type: str) -> list[tuple]:
    return sorted(tuple(str(t) for t in row) for row in ox.parse_query_results(body, format=PARSED[media_type]))


@pytest.mark.parametrize("media_type", [JSON, XML, TSV])
def test_written_results_read_back_as_pyoxigraphs_own_serialization_does(store, media_type):
    body, written = answer(store, media_type)
    theirs = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").serialize(format=PARSED[media_type])
    ours = read_back(body, media_type)
    assert ours == read_back(theirs, media_type)
    assert written.count == len(ours) > 29000


def test_csv_results_hold_the_lexical_values_of_every_row(store):
    import csv

    body, written = answer(store, CSV)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "p", "o"] and len(rows) - 1 == written.count
    expected = {tuple(t.value for t in row) for row in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")}
    assert {tuple(r) for r in rows[1:]} == expected


@pytest.mark.parametrize("media_type", [JSON, XML, TSV])
def test_a_budget_cuts_between_rows_and_the_answer_still_parses(store, media_type):
    body, written = answer(store, media_type, Budget(rows=1 << 62, bytes=50_000), links=["http://example.org/cut"])
    assert written.truncated and 0 < written.count and written.size <= 50_000
    parsed = list(ox.parse_query_results(body, format=PARSED[media_type]))
    assert len(parsed) == written.count


def test_a_row_budget_cuts_a_graph_into_a_well_formed_document(store):
    out = io.BytesIO()
    written = write_graph("text/turtle", store.query("CONSTRUCT WHERE { ?s ?p ?o }"), out, Budget(rows=1000, bytes=1 << 62),
                          {"bkg": "https://w3id.org/budgetkg/ontology#"})
    assert written.truncated and written.count == 1000
    assert len(list(ox.parse(out.getvalue(), format=ox.RdfFormat.TURTLE))) == 1000
