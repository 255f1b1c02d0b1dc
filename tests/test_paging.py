"""Paging: `limit`/`offset` on named queries, the command line and the named-query URLs.

A page is a slice of the query's ordered answer, so consecutive pages put together are the
whole answer, without gaps or repeats."""
from __future__ import annotations

import csv
import io
import json

import pytest

from budgetkg.cli import main
from queries import Page, ParameterError, get_query, render
from server_fixtures import http
from store.local import open_store


@pytest.fixture(scope="module")
def store(corpus_build):
    return open_store(corpus_build.out)


def cells(result) -> list[tuple]:
    return [tuple(map(str, row)) for row in result.rows]


def test_consecutive_pages_make_the_whole_ordered_answer(store):
    query = get_query("projects")
    whole = cells(query.run(store, {}))
    assert len(whole) > 20
    pages = [cells(query.run(store, {}, Page(limit=7, offset=offset))) for offset in range(0, len(whole) + 7, 7)]
    assert all(len(p) == 7 for p in pages[:-2])
    assert [row for p in pages for row in p] == whole
    assert pages[-1] == []  # past the end: an empty page, not an error


def test_a_page_of_a_query_with_parameters(store):
    query = get_query("policy-citations")
    whole = cells(query.run(store, {"department": "洪山区"}))
    assert cells(query.run(store, {"department": "洪山区"}, Page(limit=3, offset=2))) == whole[2:5]
    assert cells(query.run(store, {"department": "洪山区"}, Page(offset=4))) == whole[4:]


@pytest.mark.parametrize("limit, offset", [("0", None), ("-1", None), ("ten", None), (None, "-3"), ("2.5", None)])
def test_a_bad_limit_or_offset_is_refused_with_its_name(limit, offset):
    with pytest.raises(ValueError, match="limit" if limit else "offset"):
        Page.parse(limit, offset)


def test_page_modifiers_follow_the_order_by():
    text = get_query("projects").bound_sparql({}, Page(limit=10, offset=20))
    assert text.rstrip().endswith("LIMIT 10\nOFFSET 20")
    with pytest.raises(ParameterError):
        get_query("projects").bound_sparql({"regoin": "x"}, Page(limit=1))


def test_command_line_pages(corpus_build, capsys):
    store_dir = str(corpus_build.out)
    assert main(["query", "projects", "--format", "csv", "--store", store_dir]) == 0
    whole = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert main(["query", "projects", "--format", "csv", "--limit", "5", "--offset", "10", "--store", store_dir]) == 0
    page = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert page[0] == whole[0]  # the header row
    assert page[1:] == whole[11:16]
    assert main(["query", "projects", "--limit", "none", "--store", store_dir]) == 2
    assert "limit must be a whole number" in capsys.readouterr().err


def test_named_query_urls_page(served, store):
    status, _, body = http(served.url + "/queries/projects.json?region=洪山区&limit=4&offset=3".replace(
        "洪山区", "%E6%B4%AA%E5%B1%B1%E5%8C%BA"))
    assert status == 200
    got = json.loads(body)["results"]["bindings"]
    whole = json.loads(render(get_query("projects").run(store, {"region": "洪山区"}), "json"))["results"]["bindings"]
    assert len(whole) > 7
    assert got == whole[3:7]
    status, _, body = http(served.url + "/queries/projects.json?limit=zero")
    assert status == 400 and b"limit" in body
