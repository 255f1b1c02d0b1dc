"""Every namespace the graph uses, declared once.  Mapping code uses these, never IRI strings."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, QB, RDF, RDFS, SKOS, XSD, ORG

class _RememberingNamespace(Namespace):
    """A Namespace that makes each term once (mapping asks for ``BKG.quote`` a hundred thousand times)."""

    def __getattr__(self, name: str):
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


BKG = _RememberingNamespace("https://w3id.org/budgetkg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")

DEFAULT_BASE = "https://w3id.org/budgetkg/"

PREFIXES: dict[str, str] = {
    "bkg": str(BKG),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "qb": str(QB),
    "eli": str(ELI),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}


def query_prefixes(base: str | None = None) -> dict[str, str]:
    """Every namespace above plus `id:` for the instance base: the prefixes queries may use undeclared."""
    base = base or DEFAULT_BASE
    return {**PREFIXES, "id": (base if base.endswith("/") else base + "/") + "id/"}


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
