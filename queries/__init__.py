"""The named-query catalogue: the questions users script against.

Each ``queries/<name>.rq`` file is one query, with a header of comment lines::

    # title: Projects of a region
    # description: Every budget project, with its department, region and budget.
    # param: region — region name (洪山区) or 行政区划 code (420111) (optional)

A parameter ``name`` is the SPARQL variable ``?param_name`` in the query.  A given value,
after a normaliser made it comparable with the graph (a 文号 in any bracket style becomes
the normalised 文号), is bound by writing it in place of the variable as one RDF term in its
escaped N-Triples form (pyoxigraph writes it), so it can never change the query's structure,
and ``BOUND(?param_name)`` becomes ``true``; a parameter not given is written as a string no name
holds (``NOT_GIVEN``), and its ``BOUND`` as ``false``.  A constant, unlike a ``VALUES`` row, lets the
engine start from the pattern it selects (250 departments rather than 20 000 budget lines)
and reaches into sub-selects.  An optional parameter that is not given stays unbound, so
queries test it with ``!BOUND(?param_name) || …``, as every engine reads the same text the
same way then.  The same text runs on the embedded
pyoxigraph store and on a remote SPARQL endpoint.  The result columns are the query's
projection: they are the interface users script against.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Sequence

import pyoxigraph as ox

from ontology.namespaces import sparql_prologue

from .render import RENDERERS, render
from .results import QueryResult, Term, term_text

QUERY_DIR = Path(__file__).resolve().parent
PARAM_VARIABLE_PREFIX = "param_"
# Written for a parameter not given: a string no printed name holds (a private-use character),
# so a pattern, comparison or CONTAINS using it matches nothing (and BOUND() of it is false);
# no engine sees a variable that is never bound.
NOT_GIVEN = ox.Literal("\ue000")
# The columns of a CONSTRUCT's answer read as a table, as the endpoint writes one too.
TRIPLE_COLUMNS = ("s", "p", "o")


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
    # Imported when a 文号 is given: the 文号 rules take as long to load as the whole catalogue.
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
    # The Chinese the pages show first (``# title@zh:``, ``# description@zh:``, ``# param@zh:``,
    # ``# columns@zh:`` header lines); English stays the CLI's and the column names' language.
    title_zh: str = field(default="", compare=False)
    description_zh: str = field(default="", compare=False)
    parameters_zh: Mapping[str, str] = field(default_factory=dict, compare=False)
    columns_zh: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def sparql(self) -> str:
        """The full query text: the standard prefixes, then the file's text."""
        return sparql_prologue() + self.body

    @cached_property
    def columns(self) -> list[str]:
        """The result columns, read from the query's projection (by the SPARQL parser itself);
        a CONSTRUCT's are its triples' ``s``, ``p``, ``o``."""
        answer = ox.Store().query(self.sparql)
        return [v.value for v in answer.variables] if isinstance(answer, ox.QuerySolutions) else list(TRIPLE_COLUMNS)

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

    def bound_sparql(self, params: Mapping[str, Optional[str]], page: Optional["Page"] = None) -> str:
        """The query with the given parameters written in as constants (see the module's doc),
        and the `page` of its rows asked for, if any."""
        text = self.sparql
        bound = self.bindings(params)
        for p in self.parameters:
            term = bound.get(p.variable)
            name = re.escape(p.variable.value)
            text = re.sub(rf"\bBOUND\s*\(\s*[?$]{name}\s*\)", "false" if term is None else "true", text)
            text = re.sub(rf"[?$]{name}\b", lambda _: str(term or NOT_GIVEN), text)
        return text + page.modifiers() if page else text

    def run(self, store, params: Optional[Mapping[str, Optional[str]]] = None,
            page: Optional["Page"] = None) -> QueryResult:
        """Run on a pyoxigraph ``Store`` (or anything with its ``query``) over its default
        graph: the merge of all named graphs (see :mod:`store.local`)."""
        answer = store.query(self.bound_sparql(params or {}, page), use_default_graph_as_union=False)
        if isinstance(answer, ox.QueryTriples):
            return QueryResult(list(TRIPLE_COLUMNS), [(t.subject, t.predicate, t.object) for t in answer])
        return QueryResult([v.value for v in answer.variables], [tuple(row) for row in answer])


# --- paging --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """Rows ``offset`` … ``offset + limit - 1`` of a query's ordered answer (``limit`` None: all
    the rest).  Every catalogue query ends with its ORDER BY, so pages follow one another
    without gaps or repeats; the store stops reading once the page is full when the order
    allows it."""

    limit: Optional[int] = None
    offset: int = 0

    @classmethod
    def parse(cls, limit: Optional[object], offset: Optional[object]) -> "Page":
        """A page from user input (strings from a URL or a command line); ValueError names
        the bad one."""
        def number(name: str, value: Optional[object], smallest: int) -> Optional[int]:
            if value is None or str(value).strip() == "":
                return None
            text = str(value).strip()
            if not text.isdigit() or int(text) < smallest:
                raise ValueError(f"{name} must be a whole number of at least {smallest}, not {value!r}")
            return int(text)

        return cls(number("limit", limit, 1), number("offset", offset, 0) or 0)

    def modifiers(self) -> str:
        text = "" if self.limit is None else f"\nLIMIT {self.limit}"
        return text + (f"\nOFFSET {self.offset}" if self.offset else "")

    def capped(self, most: int) -> "Page":
        """This page, asking for at most `most` rows."""
        return Page(most if self.limit is None else min(self.limit, most), self.offset)


# --- reading the catalogue ---------------------------------------------------------------

_HEADER = re.compile(r"^#\s*(title|description|param|columns)(@zh)?\s*:\s*(.*?)\s*$")
_PARAM_ZH = re.compile(r"^(\w+)\s*[—–-]+\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s*[—–-]+\s*(.*?)\s*\((required|optional)\)$")


def parse_query(name: str, text: str, path: Optional[Path] = None) -> NamedQuery:
    """Read a `.rq` file's header; raise CatalogueError naming the file and line."""
    where = str(path or name)
    fields: dict[str, list[str]] = {"title": [], "description": [], "title@zh": [], "description@zh": []}
    params: list[Parameter] = []
    params_zh: dict[str, str] = {}
    columns_zh: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, zh, value = m.groups()
        if key == "columns":
            for item in filter(None, (i.strip() for i in value.split(","))):
                column, _, label = item.partition("=")
                columns_zh[column.strip()] = label.strip()
            continue
        if zh and key == "param":
            pm = _PARAM_ZH.match(value)
            if not pm:
                raise CatalogueError(f"{where}:{lineno}: cannot read {value!r}; expected `# param@zh: name — 说明`")
            params_zh[pm.group(1)] = pm.group(2)
            continue
        if zh:
            fields[key + "@zh"].append(value)
            continue
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
                       tuple(params), text, path, " ".join(fields["title@zh"]), " ".join(fields["description@zh"]),
                       params_zh, columns_zh)
    _check_parameters_are_used(query, where)
    unknown = sorted(set(params_zh) - {p.name for p in params})
    if unknown:
        raise CatalogueError(f"{where}: `# param@zh:` for undeclared parameter {', '.join(unknown)}")
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


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def catalogue_markdown(queries: Sequence[NamedQuery]) -> str:
    """The catalogue as a Markdown table: name, title and description, parameters, columns."""
    lines = ["| query | what it answers | parameters | columns |", "|---|---|---|---|"]
    for q in queries:
        params = "<br>".join(
            f"`{p.name}`{'' if p.required else ' (optional)'}: {_md(p.description)}" for p in q.parameters) or "—"
        cols = ", ".join(f"`{c}`" for c in q.columns)
        lines.append(f"| `{q.name}` | **{_md(q.title)}.** {_md(q.description)} | {params} | {cols} |")
    return "\n".join(lines) + "\n"


__all__ = [
    "CatalogueError", "NamedQuery", "Page", "Parameter", "ParameterError", "QueryError", "QueryResult",
    "RENDERERS", "UnknownQueryError", "catalogue", "catalogue_markdown", "get_query",
    "load_catalogue", "page_query", "parse_query", "render", "term_text",
]
