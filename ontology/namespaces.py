"""Every namespace the graph uses, declared once.  Mapping code uses these, never IRI strings.

The prefixes are plain strings; the rdflib ``Namespace`` objects the mapping code builds
terms with (``BKG``, ``QB``, …) are made on first use, so that queries, the server and the
command line, which need only the strings, never import rdflib.
"""
from __future__ import annotations

PREFIXES: dict[str, str] = {
    "bkg": "https://w3id.org/budgetkg/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "qb": "http://purl.org/linked-data/cube#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
# rdflib Namespace objects by name: ours and some we reuse as well-known vocabularies define them
_NAMESPACES = {"BKG": PREFIXES["bkg"], "ELI": PREFIXES["eli"], "SD": "http://www.w3.org/ns/sparql-service-description#",
               "VOID": "http://rdfs.org/ns/void#", "SH": "http://www.w3.org/ns/shacl#"}
_RDFLIB_NAMESPACES = ("DCTERMS", "OWL", "PROV", "QB", "RDF", "RDFS", "SKOS", "XSD", "ORG")

DEFAULT_BASE = "https://w3id.org/budgetkg/"


def __getattr__(name: str):
    """``BKG``, ``QB``, … as rdflib namespaces, made (and kept) on first use."""
    if name in _RDFLIB_NAMESPACES:
        import rdflib.namespace

        value = getattr(rdflib.namespace, name)
    elif name in _NAMESPACES:
        from rdflib import Namespace

        class _RememberingNamespace(Namespace):
            """Makes each term once (mapping asks for ``BKG.quote`` a hundred thousand times)."""

            def __getattr__(self, term: str):
                made = super().__getattr__(term)
                self.__dict__[term] = made
                return made

        value = (_RememberingNamespace if name == "BKG" else Namespace)(_NAMESPACES[name])
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def query_prefixes(base: str | None = None) -> dict[str, str]:
    """Every namespace above plus `id:` for the instance base: the prefixes queries may use undeclared."""
    base = base or DEFAULT_BASE
    return {**PREFIXES, "id": (base if base.endswith("/") else base + "/") + "id/"}


def declare_prefixes(graph, subject, prefixes: dict[str, str]) -> None:
    """State `prefixes` on `subject` as SHACL prefix declarations (``sh:declare``): how the
    shapes' SPARQL constraints and the endpoint's service description name the prefixes a query
    may use without PREFIX lines."""
    from rdflib import BNode, Literal
    from rdflib.namespace import SH, XSD

    for prefix, namespace in prefixes.items():
        declaration = BNode()
        graph.add((subject, SH.declare, declaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    """PREFIX lines for every namespace of `query_prefixes`."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in query_prefixes(base).items())


_PN_LOCAL_ESCAPED = set("~!$&'()*+,;=/?#@%")


def pasteable(iri: str, base: str | None = None) -> str:
    """The IRI as a prefixed name that parses in SPARQL and Turtle (`id:project\\/4201…`), else `<iri>`.

    Keys of instance IRIs hold slashes, which a prefixed name may carry only escaped."""
    for prefix, ns in sorted(query_prefixes(base).items(), key=lambda item: -len(item[1])):
        local = iri[len(ns):] if iri.startswith(ns) else ""
        if local and local[0] not in "-." and not local.endswith(".") \
                and not any(c.isspace() or c in '<>"{}|^`\\' for c in local):
            return prefix + ":" + "".join("\\" + c if c in _PN_LOCAL_ESCAPED else c for c in local)
    return f"<{iri}>"
