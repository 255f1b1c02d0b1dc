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
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator, Mapping, Optional

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from .binding import BindingError, bind_values


class RemoteStoreError(Exception):
    """The remote store refused or failed a request; the message says which and why."""


class RemoteSolution:
    """One row of a remote SELECT, indexable like ``pyoxigraph.QuerySolution``."""

    __slots__ = ("_values", "_index")

    def __init__(self, values: list[Optional[ox.Term]], index: dict[str, int]):
        self._values = values
        self._index = index

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._values[key]
        name = key.value if isinstance(key, ox.Variable) else str(key).lstrip("?")
        return self._values[self._index[name]]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


class RemoteSolutions:
    def __init__(self, variables: list[str], rows: list[RemoteSolution]):
        self.variables = [ox.Variable(v) for v in variables]
        self._rows = rows

    def __iter__(self) -> Iterator[RemoteSolution]:
        return iter(self._rows)


def term_from_json(b: Mapping[str, str]) -> ox.Term:
    """A SPARQL 1.1 JSON results binding -> pyoxigraph term."""
    kind = b["type"]
    if kind == "uri":
        return ox.NamedNode(b["value"])
    if kind == "bnode":
        return ox.BlankNode(b["value"])
    if "xml:lang" in b:
        return ox.Literal(b["value"], language=b["xml:lang"])
    if "datatype" in b:
        return ox.Literal(b["value"], datatype=ox.NamedNode(b["datatype"]))
    return ox.Literal(b["value"])


class RemoteStore:
    """The subset of ``pyoxigraph.Store`` the project reads with, over SPARQL 1.1 Protocol."""

    def __init__(self, query_url: str, timeout: float = 60.0):
        self.query_url = query_url
        self.timeout = timeout

    def query(self, query: str, *, use_default_graph_as_union: bool = True,
              substitutions: Optional[Mapping[ox.Variable, ox.Term]] = None, **_ignored):
        # A SPARQL server's default graph is, for the stores we document, the union of its
        # graphs already; the flag is accepted so callers need not know which store they have.
        client = SPARQLWrapper(self.query_url)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        try:
            client.setQuery(bind_values(query, substitutions or {}))
        except BindingError as exc:
            raise RemoteStoreError(str(exc)) from None
        try:
            data = client.query().convert()
        except Exception as exc:  # noqa: BLE001 - SPARQLWrapper raises many unrelated types
            raise RemoteStoreError(f"{self.query_url}: {type(exc).__name__}: {exc}") from exc
        if "boolean" in data:
            return bool(data["boolean"])
        variables = data["head"].get("vars", [])
        if variables == ["__ASK_RETVAL"]:  # Virtuoso answers ASK as a one-cell SELECT
            rows = data["results"]["bindings"]
            return bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")
        index = {v: i for i, v in enumerate(variables)}
        rows = [
            RemoteSolution([term_from_json(b[v]) if v in b else None for v in variables], index)
            for b in data["results"]["bindings"]
        ]
        return RemoteSolutions(variables, rows)


def load_dataset(nquads: Path, graph_store_url: str, *, user: str | None = None,
                 password: str | None = None, graph_param: str = "graph") -> dict[str, int]:
    """PUT every named graph of an N-Quads file to a Graph Store Protocol endpoint.

    Returns triples per graph.  `graph_param` is `graph` in the standard; Virtuoso's
    `/sparql-graph-crud` also accepts it.
    """
    graphs: dict[str, list[str]] = {}
    with nquads.open("rb") as fh:
        for quad in ox.parse(fh, ox.RdfFormat.N_QUADS):
            key = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            graphs.setdefault(key, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    counts: dict[str, int] = {}
    for graph, lines in sorted(graphs.items()):
        if not graph:
            raise RemoteStoreError(f"{nquads}: triples in the default graph; the dataset has only named graphs")
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
        counts[graph] = len(lines)
    return counts


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
        triples = construct(store, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        if len(triples) < int(row["n"].value):
            raise RemoteStoreError(f"{store.query_url}: graph {graph.value} has {row['n'].value} triples but "
                                   f"{len(triples)} arrived; raise the server's result limit (Virtuoso: ResultSetMaxRows)")
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return quads


GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.5"


def ask_for_triples(client: SPARQLWrapper) -> None:
    """Ask a CONSTRUCT/DESCRIBE for N-Triples: some servers' Turtle writes a decimal such as
    ``"60"^^xsd:decimal`` as the bare token ``60``, which Turtle reads as an integer."""
    client.setReturnFormat(TURTLE)
    client.setOnlyConneg(True)  # else SPARQLWrapper adds `format=turtle`, which Virtuoso obeys
    client.addCustomHttpHeader("Accept", GRAPH_ACCEPT)


def read_triples(response) -> list[ox.Triple]:
    """The triples of a graph response, in the syntax its Content-Type names."""
    fmt = ox.RdfFormat.from_media_type(response.headers.get("Content-Type") or "") or ox.RdfFormat.TURTLE
    return [quad.triple for quad in ox.parse(response.read(), format=fmt)]


def construct(store: RemoteStore, query: str) -> list[ox.Triple]:
    """The triples a CONSTRUCT query answers on the remote store."""
    client = SPARQLWrapper(store.query_url)
    client.setMethod(POST)
    client.setTimeout(int(store.timeout))
    client.setQuery(query)
    ask_for_triples(client)
    try:
        return read_triples(client.query().response)
    except Exception as exc:  # noqa: BLE001 - SPARQLWrapper raises many unrelated types
        raise RemoteStoreError(f"{store.query_url}: {type(exc).__name__}: {exc}") from exc
