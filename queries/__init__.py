"""The named-query catalogue: the questions users script against.

Each ``queries/<name>.rq`` file is one query, with a header of comment lines::

    # title: Projects of a region
    # description: Every budget project, with its department, region and budget.
    # param: region — region name (洪山区) or 行政区划 code (420111) (optional)

A parameter ``name`` is the SPARQL variable ``?param_name`` in the query.  A given value,
after a normaliser made it comparable with the graph (a 文号 in any bracket style becomes
the normalised 文号), is bound by writing it in place of the variable as one RDF term in its
escaped N-Triples form (pyoxigraph writes it), so it can never change the query's structure,
and ``BOUND(?param_name)`` becomes ``true``.  A constant, unlike a ``VALUES`` row, lets the
engine start from the pattern it selects (250 departments rather than 20 000 budget lines)
and reaches into sub-selects.  An optional parameter that is not given stays unbound, so
queries test it with ``!BOUND(?param_name) || …``.  The same text runs on the embedded
pyoxigraph store and on a remote SPARQL endpoint.  The result columns are the query's
projection: they are the interface users script against.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Sequence, Union

import pyoxigraph as ox

from ontology.namespaces import sparql_prologue

QUERY_DIR = Path(__file__).resolve().parent
PARAM_VARIABLE_PREFIX = "param_"
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


class QueryError(Exception):
    """Base of the catalogue's errors; the message says what to do."""


class CatalogueError(QueryError):
    """A `.rq` file whose header cannot be read."""


class UnknownQueryError(QueryError):
    def __init__(self, name: str, known: Sequence[str]):
        self.name = name
        self.known = list(known)
        super().__init__(f"no named query {name!r}; known: {', '.join(self.known)}")


class ParameterError(QueryError):
    """A missing, unknown or malformed parameter; the message lists the query's parameters."""

    def __init__(self, query: "NamedQuery", problem: str):
        self.query = query
        self.problem = problem
        super().__init__(f"{query.name}: {problem}\n{query.usage()}")


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    required: bool

    @property
    def variable(self) -> ox.Variable:
        return ox.Variable(PARAM_VARIABLE_PREFIX + self.name)


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows of a SELECT; cells are pyoxigraph terms, ``None`` when unbound."""

    columns: list[str]
    rows: list[tuple[Optional[Term], ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Optional[str]]]:
        """Rows as ``{column: lexical value}``, the shape most scripts want."""
        return [{c: term_text(t) for c, t in zip(self.columns, row)} for row in self.rows]

    def column(self, name: str) -> list[Optional[str]]:
        i = self.columns.index(name)
        return [term_text(row[i]) for row in self.rows]


def term_text(term: Optional[Term]) -> Optional[str]:
    """The value a person reads: an IRI's text, a literal's lexical form, None when unbound."""
    if term is None:
        return None
    return term.value


# --- parameter normalisers -------------------------------------------------------------
# Keyed by parameter name, so every query that takes e.g. `doc_number` reads it the same way.

Normaliser = Callable[[str], Term]
NORMALISERS: dict[str, Normaliser] = {}


def normaliser(*names: str) -> Callable[[Normaliser], Normaliser]:
    def register(func: Normaliser) -> Normaliser:
        for name in names:
            NORMALISERS[name] = func
        return func

    return register


def _plain(value: str) -> Term:
    return ox.Literal(value.strip())


@normaliser("doc_number")
def _doc_number(value: str) -> Term:
    from kg_build.docnumber import normalise_doc_number

    return ox.Literal(normalise_doc_number(value) or re.sub(r"\s+", "", value))


@normaliser("code_prefix")
def _code_prefix(value: str) -> Term:
    code = re.sub(r"\s+", "", value)
    if not code.isdigit():
        raise ValueError("a classification code is digits, e.g. 210 or 2101301")
    return ox.Literal(code)


@normaliser("entity")
def _entity(value: str) -> Term:
    # Page queries take the IRI of the thing a page is about; pyoxigraph rejects a malformed IRI.
    return ox.NamedNode(value.strip())


@normaliser("region", "department", "project", "keyword", "title")
def _words(value: str) -> Term:
    # Printed names wrap and pad freely ("洪山区 医疗保障局"); no name in the genre contains a space.
    return ox.Literal(re.sub(r"\s+", "", value))


# --- the named query ---------------------------------------------------------------------

@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    body: str  # the SPARQL as written in the file, without the standard prologue
    path: Optional[Path] = field(default=None, compare=False)

    @property
    def sparql(self) -> str:
        """The full query text: the standard prefixes, then the file's text."""
        return sparql_prologue() + self.body

    @cached_property
    def columns(self) -> list[str]:
        """The result columns, read from the query's projection (by the SPARQL parser itself)."""
        return [v.value for v in ox.Store().query(self.sparql).variables]

    def parameter(self, name: str) -> Optional[Parameter]:
        return next((p for p in self.parameters if p.name == name), None)

    def usage(self) -> str:
        if not self.parameters:
            return f"{self.name} takes no parameters"
        lines = [f"parameters of {self.name}:"]
        for p in self.parameters:
            lines.append(f"  {p.name} ({'required' if p.required else 'optional'}): {p.description}")
        return "\n".join(lines)

    def bindings(self, params: Mapping[str, Optional[str]]) -> dict[ox.Variable, Term]:
        """Check and normalise parameter values; empty values count as not given."""
        unknown = sorted(k for k in params if self.parameter(k) is None)
        if unknown:
            raise ParameterError(self, f"unknown parameter {', '.join(unknown)}")
        bound: dict[ox.Variable, Term] = {}
        for p in self.parameters:
            raw = params.get(p.name)
            if raw is None or not str(raw).strip():
                if p.required:
                    raise ParameterError(self, f"missing required parameter {p.name}")
                continue
            try:
                bound[p.variable] = NORMALISERS.get(p.name, _plain)(str(raw))
            except ValueError as exc:
                raise ParameterError(self, f"bad value {raw!r} for {p.name}: {exc}") from None
        return bound

    def bound_sparql(self, params: Mapping[str, Optional[str]]) -> str:
        """The query with the given parameters written in as constants (see the module's doc)."""
        text = self.sparql
        for variable, term in self.bindings(params).items():
            name = re.escape(variable.value)
            text = re.sub(rf"\bBOUND\s*\(\s*[?$]{name}\s*\)", "true", text)
            text = re.sub(rf"[?$]{name}\b", lambda _: str(term), text)
        return text

    def run(self, store, params: Optional[Mapping[str, Optional[str]]] = None) -> QueryResult:
        """Run on a pyoxigraph ``Store`` (or anything with its ``query``) over its default
        graph: the merge of all named graphs (see :mod:`store.local`)."""
        solutions = store.query(self.bound_sparql(params or {}), use_default_graph_as_union=False)
        columns = [v.value for v in solutions.variables]
        return QueryResult(columns, [tuple(row) for row in solutions])


# --- reading the catalogue ---------------------------------------------------------------

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s*[—–-]+\s*(.*?)\s*\((required|optional)\)$")


def parse_query(name: str, text: str, path: Optional[Path] = None) -> NamedQuery:
    """Read a `.rq` file's header; raise CatalogueError naming the file and line."""
    where = str(path or name)
    fields: dict[str, list[str]] = {"title": [], "description": []}
    params: list[Parameter] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key != "param":
            fields[key].append(value)
            continue
        pm = _PARAM.match(value)
        if not pm:
            raise CatalogueError(
                f"{where}:{lineno}: cannot read parameter {value!r}; "
                "expected `# param: name — description (required|optional)`")
        params.append(Parameter(pm.group(1), pm.group(2), pm.group(3) == "required"))
    if not fields["title"]:
        raise CatalogueError(f"{where}: no `# title:` line in the header")
    query = NamedQuery(name, " ".join(fields["title"]), " ".join(fields["description"]),
                       tuple(params), text, path)
    _check_parameters_are_used(query, where)
    return query


def _check_parameters_are_used(query: NamedQuery, where: str) -> None:
    for p in query.parameters:
        if not re.search(rf"[?$]{re.escape(p.variable.value)}\b", query.body):
            raise CatalogueError(f"{where}: parameter {p.name} is declared but ?{p.variable.value} is never used")


def load_catalogue(directory: Path = QUERY_DIR) -> list[NamedQuery]:
    return [parse_query(path.stem, path.read_text(encoding="utf-8"), path)
            for path in sorted(directory.glob("*.rq"), key=lambda p: p.stem)]


_CATALOGUE: Optional[list[NamedQuery]] = None
PAGE_QUERY_DIR = QUERY_DIR / "pages"
_PAGE_QUERIES: Optional[dict[str, NamedQuery]] = None


def catalogue() -> list[NamedQuery]:
    """The built-in named queries, sorted by name (read once)."""
    global _CATALOGUE
    if _CATALOGUE is None:
        _CATALOGUE = load_catalogue()
    return list(_CATALOGUE)


def page_query(name: str) -> NamedQuery:
    """A query behind the server's pages (``queries/pages/``): named and tested like the
    catalogue's, but not listed in it."""
    global _PAGE_QUERIES
    if _PAGE_QUERIES is None:
        _PAGE_QUERIES = {q.name: q for q in load_catalogue(PAGE_QUERY_DIR)}
    if name not in _PAGE_QUERIES:
        raise UnknownQueryError(name, sorted(_PAGE_QUERIES))
    return _PAGE_QUERIES[name]


def get_query(name: str, queries: Optional[Iterable[NamedQuery]] = None) -> NamedQuery:
    queries = list(catalogue() if queries is None else queries)
    for q in queries:
        if q.name == name:
            return q
    raise UnknownQueryError(name, [q.name for q in queries])


from .render import RENDERERS, catalogue_markdown, render  # noqa: E402  (renderers use the types above)

__all__ = [
    "CatalogueError", "NamedQuery", "Parameter", "ParameterError", "QueryError", "QueryResult",
    "RENDERERS", "UnknownQueryError", "catalogue", "catalogue_markdown", "get_query",
    "load_catalogue", "page_query", "parse_query", "render", "term_text",
]
