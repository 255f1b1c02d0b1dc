"""A remote SPARQL 1.1 store in place of the embedded pyoxigraph one.

Past one machine's worth of disclosures, the graph belongs in a SPARQL server (Virtuoso,
Fuseki, GraphDB, Oxigraph server).  :func:`load_dataset` puts a built dataset there with the
SPARQL 1.1 Graph Store Protocol (one PUT per named graph, so a reload replaces, never
duplicates), and :class:`RemoteStore` answers ``query()`` like ``pyoxigraph.Store`` does, so
the named queries, the endpoint and validation's SPARQL run unchanged against either.
"""
from __future__ import annotations

import base64
import json
import math
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Mapping, Optional

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper



GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.5"
# The RDF merge of the dataset's named graphs, each triple once: what the embedded store's
# default graph holds (see store.local).  load_dataset writes it, under an IRI outside any
# base_iri, so that it is never listed, validated or exported as a graph of the dataset.
MERGE_GRAPH = "urn:x-budgetkg:merge"
# A query that chooses its own dataset (FROM, FROM NAMED) or reads named graphs (GRAPH) is
# sent as written: a protocol default graph would override its FROM, and a server that follows
# the protocol to the letter would leave it no named graphs.
_CHOOSES_GRAPHS = re.compile(r"\b(FROM|GRAPH)\b(\s*[?$])?", re.I)
# What may hold those words without being them: IRIs, strings, comments.
_NOT_KEYWORDS = re.compile(r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
# Virtuoso's errors for an ORDER BY it cannot run: SR319 and SR478, a row to sort holding a
# value past ~4 KB (a long GROUP_CONCAT: "Max row length is exceeded ... temp col", "Value of
# ANY type column too long"); SP031, an expression over an aggregate's name in a grouped
# query's ORDER BY (`ORDER BY (CONCAT("~", ?name))`), which SPARQL allows; SR353, an ORDER BY
# with a LIMIT past its MaxSortedTopRows (10 000 by default), which every catalogue query asks
# for in the server (one row past `result_limit`, to tell a cut answer).
_SORTED_HERE_ON = ("SR319", "SR478", "SP031", "SR353")
# The solution modifiers that end a query: its ORDER BY conditions, then LIMIT and OFFSET.
_ORDER_AT_END = re.compile(r"\bORDER\s+BY\s+(?P<order>[^{}]+?)\s*(?P<slice>(?:(?:LIMIT|OFFSET)\s+\d+\s*)*)$", re.I)


class RemoteStoreError(Exception):
    """The remote store refused or failed a request; the message says which and why."""


class RemoteCapped(RemoteStoreError):
    """The remote store cut the answer at its own row limit (Virtuoso says so in X-SPARQL-MaxRows)."""


class RemoteTimeout(RemoteStoreError):
    """The remote store did not answer within the time limit; the connection was closed."""


class RemoteStore:
    """The subset of ``pyoxigraph.Store`` the project reads with, over SPARQL 1.1 Protocol.

    ``query`` answers SELECT and ASK with pyoxigraph's own result objects and ``construct``
    CONSTRUCT and DESCRIBE with triples; both take the dataset, base and predeclared prefixes
    that ``pyoxigraph.Store.query`` takes, and both raise :class:`SyntaxError` for a query the
    server calls malformed, :class:`RemoteTimeout` past ``timeout`` seconds and
    :class:`RemoteStoreError` for any other failure.
    """

    def __init__(self, query_url: str, timeout: float = 60.0):
        self.query_url = query_url
        self.timeout = timeout
        self._has_merge: Optional[bool] = None
        self._is_virtuoso = False

    def _dataset(self, query: str, default_graph: Optional[list], named_graphs: Optional[list]) -> Optional[list]:
        """The default graph to ask for: the caller's, else the merge when the dataset has one.

        Virtuoso's default graph is the union of its graphs with every copy: a policy cited by
        800 documents has 800 copies of its type and title there, and each OPTIONAL over them
        multiplies the rows (at 1 M triples the catalogue's citation queries ran past 120 s on
        it, and take 0.1-0.2 s on the merge)."""
        if default_graph is not None or named_graphs is not None:
            return default_graph
        if self._has_merge is None:
            headers, body = self._send(f"ASK {{ GRAPH <{MERGE_GRAPH}> {{ ?s ?p ?o }} }}", False, None, None, None, None)
            self._has_merge = bool(ox.parse_query_results(standard_results(body), format=ox.QueryResultsFormat.JSON))
            self._is_virtuoso = "virtuoso" in (headers.get("Server") or "").lower()
        words = _CHOOSES_GRAPHS.findall(_NOT_KEYWORDS.sub(" ", query))
        # Under a protocol default graph Virtuoso still matches GRAPH ?g over every named graph
        # (GRAPH <iri> it then matches nothing); the protocol itself would leave no named graphs.
        graph_variables_only = all(word.upper() == "GRAPH" and variable for word, variable in words)
        if not self._has_merge or not (not words or (self._is_virtuoso and graph_variables_only)):
            return None
        return [MERGE_GRAPH]

    def query(self, query: str, *, base_iri: Optional[str] = None, prefixes: Optional[Mapping[str, str]] = None,
              use_default_graph_as_union: bool = True, default_graph: Optional[list] = None,
              named_graphs: Optional[list] = None) -> ox.QuerySolutions | ox.QueryBoolean:
        # A SPARQL server's default graph is, for the stores we document, the union of its
        # graphs already; the flag is accepted so callers need not know which store they have.
        default_graph = self._dataset(query, default_graph, named_graphs)
        try:
            headers, body = self._send(query, False, base_iri, prefixes, default_graph, named_graphs)
        except (RemoteStoreError, SyntaxError) as exc:
            # What Virtuoso cannot sort, the rows are asked for unsorted and sorted here.
            unsorted = _without_order(query) if any(code in str(exc) for code in _SORTED_HERE_ON) else None
            if unsorted is None:
                raise
            headers, body = self._send(unsorted[0], False, base_iri, prefixes, default_graph, named_graphs)
            _refuse_capped(headers)
            return _sorted_here(ox.parse_query_results(standard_results(body), format=ox.QueryResultsFormat.JSON),
                                unsorted[1], query, base_iri, prefixes)
        _refuse_capped(headers)
        return ox.parse_query_results(standard_results(body), format=ox.QueryResultsFormat.JSON)

    def construct(self, query: str, *, base_iri: Optional[str] = None, prefixes: Optional[Mapping[str, str]] = None,
                  default_graph: Optional[list] = None, named_graphs: Optional[list] = None) -> list[ox.Triple]:
        """The triples a CONSTRUCT or DESCRIBE query answers."""
        default_graph = self._dataset(query, default_graph, named_graphs)
        headers, body = self._send(query, True, base_iri, prefixes, default_graph, named_graphs)
        # Some servers' Turtle writes "60"^^xsd:decimal as the bare token 60 (an integer): N-Triples is
        # asked for first, and the answer is read in the syntax its Content-Type names.
        fmt = ox.RdfFormat.from_media_type(headers.get("Content-Type") or "") or ox.RdfFormat.TURTLE
        return [quad.triple for quad in ox.parse(body, format=fmt)]

    def _send(self, query: str, graph_form: bool, base_iri: Optional[str], prefixes: Optional[Mapping[str, str]],
              default_graph: Optional[list], named_graphs: Optional[list]):
        """The headers and body the server answers one query with: the one place for the time
        limit (which covers reading the whole answer) and for the server's errors."""
        from SPARQLWrapper import CONSTRUCT, SELECT
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        client = SPARQLWrapper(self.query_url)
        client.setMethod(POST)
        # Past the timeout SPARQLWrapper closes the connection (it takes whole seconds).
        client.setTimeout(max(1, math.ceil(self.timeout)))
        if graph_form:
            client.setReturnFormat(TURTLE)
            client.setOnlyConneg(True)  # else SPARQLWrapper adds `format=turtle`, which Virtuoso obeys
            client.addCustomHttpHeader("Accept", GRAPH_ACCEPT)
        else:
            client.setReturnFormat(JSON)
        # The endpoint's own reading of the query form, not SPARQLWrapper's guess (which warns on
        # text it cannot read; the remote server is the judge of a malformed query).
        client.queryString = _prologue(base_iri, prefixes) + query
        client.queryType = CONSTRUCT if graph_form else SELECT
        for graph in default_graph or []:
            client.addDefaultGraph(graph.value if isinstance(graph, ox.NamedNode) else graph)
        for graph in named_graphs or []:
            client.addNamedGraph(graph.value if isinstance(graph, ox.NamedNode) else graph)
        try:
            response = client.query().response
            return response.headers, response.read()
        except QueryBadFormed as exc:
            raise SyntaxError(_server_message(exc)) from None
        except TimeoutError:
            raise RemoteTimeout(f"the remote store did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise RemoteTimeout(f"the remote store did not answer within {self.timeout:g} s") from None
            raise RemoteStoreError(f"{self.query_url}: {exc.reason}") from None
        except SPARQLWrapperException as exc:
            raise RemoteStoreError(f"{self.query_url}: {_server_message(exc)}") from None
        except OSError as exc:
            raise RemoteStoreError(f"{self.query_url}: {type(exc).__name__}: {exc}") from None


def _refuse_capped(headers) -> None:
    # Virtuoso marks an answer that reached its ResultSetMaxRows (a graph answer it cuts unmarked).
    if headers.get("X-SPARQL-MaxRows"):
        raise RemoteCapped(
            f"the remote store cut the answer at its own limit of {headers['X-SPARQL-MaxRows']} rows "
            "(Virtuoso's ResultSetMaxRows; an answer of exactly that many rows is marked too): raise that "
            "limit above this endpoint's result_limit, or narrow the query")


def _without_order(query: str) -> Optional[tuple[str, str]]:
    """The query without its closing ORDER BY, LIMIT and OFFSET, and those modifiers; None when
    it does not end with an ORDER BY."""
    end = query.rfind("}")
    m = _ORDER_AT_END.search(query, end + 1) if end >= 0 else None
    if not m:
        return None
    return query[:m.start()], query[m.start():]


def _sorted_here(results: ox.QuerySolutions, modifiers: str, query: str, base_iri: Optional[str],
                 prefixes: Optional[Mapping[str, str]]) -> ox.QuerySolutions:
    """The rows ordered (and sliced) by the query's own closing modifiers, by pyoxigraph: the
    order the embedded store gives.  Every variable the ORDER BY names must be a column."""
    names = [v.value for v in results.variables]
    wanted = set(re.findall(r"[?$](\w+)", modifiers))
    if not wanted <= set(names):
        raise RemoteStoreError(f"the remote store cannot sort this answer (Virtuoso) and the ORDER BY "
                               f"names variables that are not columns ({', '.join(sorted(wanted - set(names)))})")
    rows = " ".join("(" + " ".join("UNDEF" if t is None else str(t) for t in row) + ")" for row in results)
    declared = "".join(m.group(0) + "\n" for m in re.finditer(r"(?im)^\s*(PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)",
                                                               query[:query.upper().find("SELECT")]))
    columns = " ".join("?" + n for n in names)
    local = f"{declared}SELECT {columns} WHERE {{ VALUES ({columns}) {{ {rows} }} }} {modifiers}"
    return ox.Store().query(local, base_iri=base_iri, prefixes=dict(prefixes or {}))


def _prologue(base_iri: Optional[str], prefixes: Optional[Mapping[str, str]]) -> str:
    """The base and predeclared prefixes as declarations on the query's own first line.

    A remote store has no predeclared prefixes of ours; written on one line, before the
    query's own declarations (which may redefine them), they leave its line numbers alone."""
    declared = [f"BASE <{base_iri}>"] if base_iri else []
    declared += [f"PREFIX {p}: <{ns}>" for p, ns in (prefixes or {}).items()]
    return " ".join(declared) + " " if declared else ""


def _server_message(exc: Exception) -> str:
    # SPARQLWrapper's messages end with the server's response body: keep its first lines.
    return " ".join(str(exc).split())[:500]


def standard_results(body: bytes) -> bytes:
    """SPARQL 1.1 JSON results from what a server sent (Virtuoso's ASK and typed-literal)."""
    doc = json.loads(body)
    if doc.get("head", {}).get("vars") == ["__ASK_RETVAL"]:  # Virtuoso answers ASK as a one-cell SELECT
        rows = doc["results"]["bindings"]
        return json.dumps({"head": {}, "boolean": bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")}).encode()
    for row in doc.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "typed-literal":  # the pre-1.1 name of a literal with a datatype
                term["type"] = "literal"
    return json.dumps(doc).encode()


def load_dataset(nquads: Path, graph_store_url: str, *, user: str | None = None,
                 password: str | None = None, graph_param: str = "graph") -> dict[str, int]:
    """PUT every named graph of an N-Quads file to a Graph Store Protocol endpoint, and their
    RDF merge (each triple once) to :data:`MERGE_GRAPH`, which queries then read as their
    default graph, as on the embedded store.

    Returns triples per named graph.  `graph_param` is `graph` in the standard; Virtuoso's
    `/sparql-graph-crud` also accepts it.
    """
    graphs: dict[str, list[str]] = {}
    with nquads.open("rb") as fh:
        for quad in ox.parse(fh, ox.RdfFormat.N_QUADS):
            key = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            graphs.setdefault(key, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    if "" in graphs:
        raise RemoteStoreError(f"{nquads}: triples in the default graph; the dataset has only named graphs")
    counts: dict[str, int] = {}
    for graph, lines in sorted(graphs.items()):
        _put(graph_store_url, graph_param, graph, lines, user, password)
        counts[graph] = len(lines)
    merge = sorted({line for lines in graphs.values() for line in lines})
    _put(graph_store_url, graph_param, MERGE_GRAPH, merge, user, password)
    return counts


def _put(graph_store_url: str, graph_param: str, graph: str, lines: list[str], user: str | None,
         password: str | None) -> None:
    url = f"{graph_store_url}?{urllib.parse.urlencode({graph_param: graph})}"
    body = ("\n".join(lines) + "\n").encode("utf-8")
    req = urllib.request.Request(url, data=body, method="PUT",
                                 headers={"Content-Type": "application/n-triples; charset=utf-8"})
    if user:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, timeout=300) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace")
        raise RemoteStoreError(f"PUT {graph}: HTTP {exc.code}: {detail}") from None
    except urllib.error.URLError as exc:
        raise RemoteStoreError(f"cannot reach {graph_store_url}: {exc.reason}") from None


def describe(counts: Mapping[str, int]) -> str:
    return json.dumps({"graphs": len(counts), "triples": sum(counts.values())}, ensure_ascii=False)


def dataset_quads(store: RemoteStore, graph_prefix: str) -> list[ox.Quad]:
    """Every quad of the remote store's named graphs whose IRI starts with `graph_prefix`.

    One CONSTRUCT per graph, so each quad keeps its graph (a SPARQL server also holds graphs of
    its own, which the prefix leaves out).  Servers cap result sizes (Virtuoso's
    ResultSetMaxRows): a graph that arrives smaller than its COUNT raises instead of passing
    for the whole graph.
    """
    sizes = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    quads: list[ox.Quad] = []
    for row in sizes:
        graph = row["g"]
        if not isinstance(graph, ox.NamedNode) or not graph.value.startswith(graph_prefix):
            continue
        triples = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        if len(triples) < int(row["n"].value):
            raise RemoteStoreError(f"{store.query_url}: graph {graph.value} has {row['n'].value} triples but "
                                   f"{len(triples)} arrived; raise the server's result limit (Virtuoso: ResultSetMaxRows)")
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return quads
