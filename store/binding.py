"""Binding variables into SPARQL text: how a named query's parameters, and the substitutions a
remote store cannot take natively, reach the query."""
from __future__ import annotations

import re
from typing import Mapping

import pyoxigraph as ox

_WHERE_BRACE = re.compile(r"\bWHERE\s*\{", re.I)


class BindingError(ValueError):
    """The query has no place for the bindings."""


def bind_values(query: str, substitutions: Mapping[ox.Variable, ox.Term]) -> str:
    """Bind variables by a VALUES block at the start of the outermost WHERE group.

    Terms are written in their N-Triples form (escaped by pyoxigraph), so a value can never
    change the query's structure.
    """
    if not substitutions:
        return query
    m = _WHERE_BRACE.search(query)
    if not m:
        raise BindingError("cannot bind parameters: the query has no WHERE { … } group")
    names = " ".join(f"?{v.value}" for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())
    return f"{query[: m.end()]} VALUES ({names}) {{ ({terms}) }} {query[m.end():]}"
