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


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    """PREFIX lines for every namespace above plus `id:` for the instance base."""
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()]
    lines.append(f"PREFIX id: <{base}id/>")
    return "\n".join(lines) + "\n"
