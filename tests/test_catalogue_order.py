"""Catalogue queries that sort on computed keys give their rows in the order of the columns.

Some queries sort on `CONCAT("~", ?name)` rather than on `?name` itself (the store compares a
computed string in memory, a stored one after reading it from disk); the recorded answers in
tests/catalogue_snapshot are compared as multisets, so this holds those queries to the order
their columns promise, on the sample dataset with every recorded parameter set.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from catalogue_snapshot import PARAMETER_SETS, sample_store
from queries import get_query

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float")}

# query -> the columns its ORDER BY sorts on, in order (all ascending)
ORDERS = {
    "documents": ["document"],
    "departments": ["region", "name"],
    "projects": ["region", "department", "name", "project"],
    "budget-lines": ["department", "document", "line", "column"],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return sample_store(tmp_path_factory.mktemp("order"))


def sort_key(term) -> tuple:
    """SPARQL's ascending order for the terms these columns hold: unbound first, then IRIs,
    then literals (numbers by value, strings by code point)."""
    if term is None:
        return (0,)
    datatype = getattr(term, "datatype", None)
    if datatype is None:
        return (1, term.value)
    if datatype.value in NUMERIC:
        return (2, Decimal(term.value), "")
    return (2, Decimal(0), term.value)


@pytest.mark.parametrize("name", sorted(ORDERS))
def test_rows_come_in_the_order_of_their_columns(store, name):
    query = get_query(name)
    checked = 0
    for params in PARAMETER_SETS[name]:
        result = query.run(store, params)
        where = [result.columns.index(c) for c in ORDERS[name]]
        keys = [tuple(sort_key(row[i]) for i in where) for row in result.rows]
        for n, (a, b) in enumerate(zip(keys, keys[1:]), 1):
            assert a <= b, f"{name} {params}: row {n + 1} sorts before row {n}: {b} < {a}"
        checked += len(keys) > 1
    assert checked, f"{name}: no parameter set gave two rows to compare"
