"""What the endpoint says about itself: SPARQL 1.1 Service Description, VoID and the examples.

Each statement is derived from what the server really does (the offered formats come from
the negotiation table, the graphs and counts from the store), so it cannot promise more.
"""
from __future__ import annotations

import io

import pyoxigraph as ox
from flask import Response, current_app, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ontology.namespaces import PREFIXES, SD, SH, VOID, declare_prefixes, query_prefixes
from queries import catalogue, page_query

from .errors import ApiError
from .negotiation import GRAPH, TABULAR, NotAcceptable, choose
from .results import Budget, write_graph

FORMATS = Namespace("http://www.w3.org/ns/formats/")
SCHEMA = Namespace("https://schema.org/")


def _backend():
    return current_app.extensions["budgetkg"]


def _endpoint() -> URIRef:
    return URIRef(request.url_root + "sparql")


def _graph() -> Graph:
    g = Graph(bind_namespaces="none")  # only the prefixes of this project, not rdflib's defaults
    for prefix, ns in query_prefixes(_backend().base_iri).items():
        g.bind(prefix, ns)
    for prefix, ns in (("sd", SD), ("void", VOID), ("formats", FORMATS), ("sh", SH), ("schema", SCHEMA)):
        g.bind(prefix, ns)
    return g


def _respond(g: Graph) -> Response:
    try:
        fmt = choose(True, request.headers.get("Accept"), request.args.get("format") or request.args.get("output"))
    except NotAcceptable as exc:
        raise ApiError(406, "Not Acceptable", str(exc)) from None
    # pyoxigraph writes every format, as it does for /sparql: one serializer for all RDF out.
    triples = ox.parse(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    body = io.BytesIO()
    write_graph(fmt.writes, triples, body, Budget(1 << 62, 1 << 62), {p: str(ns) for p, ns in g.namespaces()})
    resp = Response(body.getvalue(), mimetype=fmt.media_type)
    resp.headers["Content-Type"] = f"{fmt.media_type}; charset=utf-8"
    resp.headers["Vary"] = "Accept"
    return resp


def default_graph_triple_count() -> int:
    """Triples of the default graph: the merge of the named graphs, each triple once."""
    def compute():
        return int(_backend().table(page_query("triple-count").sparql).column("n")[0])
    return _backend().cached("default_graph_triples", compute)


def class_counts() -> dict[str, int]:
    """Instances per counted class (class IRI -> count), over the default graph, in the order
    people read them (the page query class-counts)."""
    def compute():
        rows = _backend().table(page_query("class-counts").sparql).records()
        return {r["class"]: int(r["n"]) for r in rows}
    return _backend().cached("class_counts", compute)


def service_description() -> Graph:
    g = _graph()
    svc = _endpoint()
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    for fmt in TABULAR + GRAPH:
        if fmt.w3c:
            g.add((svc, SD.resultFormat, FORMATS[fmt.w3c]))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    g.add((svc, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    g.add((svc, RDFS.comment, Literal(
        "Read-only SPARQL 1.1 Query endpoint: updates, LOAD and SERVICE are refused. The default graph is "
        "the RDF merge of all named graphs: each triple once, however many graphs hold it. "
        f"Each query may run {_backend().timeout:g} s; an answer holds at most {_backend().result_limit} rows "
        f"or {_backend().result_max_bytes} bytes, and a larger one is refused with status 422 unless the "
        "request asks for partial=true (then it is cut, with the header X-Result-Truncated: true). "
        "The prefixes declared with sh:declare may be used without PREFIX; relative IRIs resolve against "
        f"<{_backend().base_iri}>.", lang="en")))
    declare_prefixes(g, svc, query_prefixes(_backend().base_iri))
    dataset = BNode()
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDFS.comment, Literal("The RDF merge of all named graphs (each triple once).", lang="en")))
    g.add((default, VOID.triples, Literal(default_graph_triple_count(), datatype=XSD.integer)))
    for name, size in _backend().graph_sizes().items():
        ng, graph = _named_graph(g, name), BNode()
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(size, datatype=XSD.integer)))
    return g


def _named_graph(g: Graph, name: str) -> BNode:
    """A node for the named graph `name`, as the service description and VoID both name it."""
    node = BNode()
    g.add((node, RDF.type, SD.NamedGraph))
    g.add((node, SD.name, URIRef(name)))
    return node


def service_description_response() -> Response:
    return _respond(service_description())


def void_graph() -> Graph:
    g = _graph()
    ds = URIRef(request.url_root + ".well-known/void#dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("budgetkg: 中国政府部门预算公开知识图谱", lang="zh")))
    g.add((ds, DCTERMS.title, Literal("budgetkg: knowledge graph of Chinese public-budget disclosures", lang="en")))
    g.add((ds, VOID.sparqlEndpoint, _endpoint()))
    g.add((ds, VOID.uriSpace, Literal(_backend().id_base)))
    g.add((ds, VOID.triples, Literal(default_graph_triple_count(), datatype=XSD.integer)))
    for ns in PREFIXES.values():
        if ns not in (str(XSD), str(RDF), str(RDFS)):
            g.add((ds, VOID.vocabulary, URIRef(ns)))
    for cls, n in class_counts().items():
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for name, size in _backend().graph_sizes().items():
        sub = _named_graph(g, name)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(size, datatype=XSD.integer)))
    return g


def void_response() -> Response:
    return _respond(void_graph())


def examples_graph() -> Graph:
    g = _graph()
    target = _endpoint()
    for q in catalogue():
        ex = URIRef(request.url_root + "queries/" + q.name)
        g.add((ex, RDF.type, SH.SPARQLExecutable))
        g.add((ex, RDF.type, SH.SPARQLSelectExecutable))
        g.add((ex, RDFS.label, Literal(q.title)))
        comment = q.description
        if q.parameters:
            comment += " Parameters (bind ?param_<name>): " + "; ".join(
                f"{p.name} ({'required' if p.required else 'optional'}): {p.description}" for p in q.parameters)
        g.add((ex, RDFS.comment, Literal(comment)))
        g.add((ex, SH.select, Literal(q.sparql)))
        g.add((ex, SCHEMA.target, target))
        g.add((ex, DCTERMS.identifier, Literal(q.name)))
    g.add((target, RDF.type, SD.Service))
    g.add((target, RDFS.seeAlso, URIRef(request.url_root + "queries")))
    return g


def examples_response() -> Response:
    return _respond(examples_graph())
