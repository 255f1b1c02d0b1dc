"""The prefixes are declared once (ontology/namespaces.py); the shapes, the ontology page and the
queries take them from there."""
from __future__ import annotations

from rdflib import XSD, Literal
from rdflib.namespace import SH

from ontology import NAMESPACE, render_documentation
from ontology.namespaces import BKG, PREFIXES, sparql_prologue
from shapes import SHAPES_IRI, load_shapes


def declared_in_shapes(graph) -> dict[str, str]:
    return {str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace)) for d in graph.objects(SHAPES_IRI, SH.declare)}


def test_the_shapes_declare_exactly_the_one_list_of_prefixes():
    graph = load_shapes()
    assert declared_in_shapes(graph) == {**PREFIXES, "bks": str(SHAPES_IRI)}
    assert (None, SH.namespace, Literal(str(BKG), datatype=XSD.anyURI)) in graph


def test_a_shapes_folder_of_ones_own_gets_the_same_declarations(tmp_path):
    (tmp_path / "mine.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n"
        "ex:Named a sh:NodeShape ; sh:targetClass ex:Thing .\n", encoding="utf-8")
    assert declared_in_shapes(load_shapes(tmp_path)) == {**PREFIXES, "bks": str(SHAPES_IRI)}


def test_the_ontology_page_and_the_query_prologue_use_the_same_list():
    assert NAMESPACE == PREFIXES["bkg"]
    page = render_documentation()
    prologue = sparql_prologue()
    for prefix, iri in PREFIXES.items():
        assert iri in page
        assert f"PREFIX {prefix}: <{iri}>" in prologue
