"""The budgetkg ontology: where its files are, and its documentation page.

``budgetkg.ttl`` is the source (OWL in Turtle).  ``budgetkg.html`` is generated from it by
:func:`write_documentation` (rdflib reads the Turtle, an autoescaping Jinja2 template renders
it); a test keeps the committed page in step with the Turtle.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .namespaces import PREFIXES

if TYPE_CHECKING:  # rdflib and Jinja2 are imported where the page is made: every query imports
    from rdflib import Graph, URIRef  # ontology.namespaces, and none of them needs either
    from rdflib.term import Node

HERE = Path(__file__).resolve().parent
ONTOLOGY_TTL = HERE / "budgetkg.ttl"
ONTOLOGY_HTML = HERE / "budgetkg.html"
TEMPLATE = "doc-template.html"
NAMESPACE = PREFIXES["bkg"]
ONTOLOGY_IRI = NAMESPACE.rstrip("#")


def load_ontology() -> Graph:
    from rdflib import Graph

    return Graph().parse(ONTOLOGY_TTL, format="turtle")


@dataclass
class Term:
    iri: str
    local: str
    kind: str  # "class" | "object property" | "datatype property"
    label_zh: str = ""
    label_en: str = ""
    definition_zh: str = ""
    definition_en: str = ""
    parents: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)


def _text(g: Graph, s: Node, p: URIRef, lang: str) -> str:
    values = sorted(str(o) for o in g.objects(s, p) if getattr(o, "language", None) == lang)
    return values[0] if values else ""


def _curie(g: Graph, node: Node) -> list[str]:
    """Names of a class expression: a named class, or the members of an owl:unionOf."""
    from rdflib import URIRef
    from rdflib.namespace import OWL

    if isinstance(node, URIRef):
        return [g.namespace_manager.normalizeUri(node)]
    members = g.value(node, OWL.unionOf)
    if members is None:
        return []
    return [g.namespace_manager.normalizeUri(m) for m in g.items(members) if isinstance(m, URIRef)]


def terms(g: Optional[Graph] = None) -> list[Term]:
    """Our own terms (the bkg: namespace), classes first, each kind in alphabetical order."""
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    g = g if g is not None else load_ontology()
    kinds = ((OWL.Class, "class"), (OWL.ObjectProperty, "object property"), (OWL.DatatypeProperty, "datatype property"))
    out: list[Term] = []
    for rdf_type, kind in kinds:
        for s in sorted(x for x in g.subjects(RDF.type, rdf_type) if isinstance(x, URIRef) and str(x).startswith(NAMESPACE)):
            out.append(Term(
                iri=str(s), local=str(s)[len(NAMESPACE):], kind=kind,
                label_zh=_text(g, s, RDFS.label, "zh"), label_en=_text(g, s, RDFS.label, "en"),
                definition_zh=_text(g, s, SKOS.definition, "zh"), definition_en=_text(g, s, SKOS.definition, "en"),
                parents=sorted(c for o in g.objects(s, RDFS.subClassOf) for c in _curie(g, o)),
                domain=sorted(c for o in g.objects(s, RDFS.domain) for c in _curie(g, o)),
                range=sorted(c for o in g.objects(s, RDFS.range) for c in _curie(g, o)),
            ))
    return out


def render_documentation(g: Optional[Graph] = None) -> str:
    import jinja2
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    g = g if g is not None else load_ontology()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    all_terms = terms(g)
    return env.get_template(TEMPLATE).render(
        title_zh=_text(g, URIRef(ONTOLOGY_IRI), DCTERMS.title, "zh"),
        title_en=_text(g, URIRef(ONTOLOGY_IRI), DCTERMS.title, "en"),
        description_en=_text(g, URIRef(ONTOLOGY_IRI), DCTERMS.description, "en"),
        description_zh=_text(g, URIRef(ONTOLOGY_IRI), DCTERMS.description, "zh"),
        namespace=NAMESPACE,
        prefixes=sorted(PREFIXES.items()),
        sections=[(kind, [t for t in all_terms if t.kind == kind])
                  for kind in ("class", "object property", "datatype property")],
    )


def write_documentation(path: Path = ONTOLOGY_HTML) -> Path:
    path.write_text(render_documentation(), encoding="utf-8")
    return path
