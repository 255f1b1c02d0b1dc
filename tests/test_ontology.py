"""The ontology: consistent OWL (HermiT), every term labelled, every term the graph uses declared."""
from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from linking import link
from store.local import open_store
from mappings import map_document
from mappings.codelists import vocabularies
from mappings.iris import IriMinter
from ontology.namespaces import BKG, ELI, PREFIXES, QB
from ontology import NAMESPACE, ONTOLOGY_HTML, load_ontology, render_documentation, terms

from conftest import missing_tier
from test_mappings import FILE, sample_records

# Namespaces whose terms we reuse as their own vocabularies define them.
REUSED = tuple(PREFIXES[p] for p in ("org", "skos", "prov", "dcterms", "qb", "eli", "rdf", "rdfs", "owl", "xsd"))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def declared(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for k in kinds for s in ontology.subjects(RDF.type, k) if isinstance(s, URIRef)}


def undeclared_terms(used: set[str], ontology: Graph) -> set[str]:
    ours = {str(t) for t in declared(ontology) | set(ontology.subjects(RDF.type, None))}
    return {t for t in used if t not in ours and not t.startswith(REUSED)}


def terms_used(graph: Graph) -> set[str]:
    return {str(p) for p in graph.predicates()} | {str(o) for o in graph.objects(None, RDF.type)}


@pytest.mark.slow  # starts Java
def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(ontology, tmp_path):
    if shutil.which("java") is None:
        missing_tier("Java is needed for the HermiT reasoner")
    import owlready2

    path = tmp_path / "budgetkg.nt"
    ontology.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format="ntriples")
    with onto:
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    names = {c.name for c in onto.classes()}
    assert {"BudgetProject", "Citation", "PerformanceIndicator", "Mention"} <= names


@pytest.mark.slow  # starts Java
def test_hermit_detects_a_node_typed_as_two_disjoint_classes(ontology, tmp_path):
    """The check above could fail: the disjointness axioms make a project-that-is-a-citation inconsistent."""
    if shutil.which("java") is None:
        missing_tier("Java is needed for the HermiT reasoner")
    import owlready2

    g = Graph() + ontology
    bad = URIRef("https://w3id.org/budgetkg/id/project/x")
    g.add((bad, RDF.type, BKG.BudgetProject))
    g.add((bad, RDF.type, BKG.Citation))
    path = tmp_path / "bad.nt"
    g.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format="ntriples")
    with onto, pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)


def test_every_own_term_has_labels_and_definitions_in_chinese_and_english(ontology):
    found = terms(ontology)
    assert len(found) > 80
    for t in found:
        assert t.label_zh and t.label_en and t.definition_zh and t.definition_en, t.iri


def test_every_own_property_has_a_range_or_is_deliberately_open(ontology):
    open_range = {"goalOf", "indicatorOf", "executionOf", "scoreOf"}  # a project or a department
    for t in terms(ontology):
        if t.kind != "class" and t.local not in open_range:
            assert t.range, f"{t.iri} has no rdfs:range"


def test_mapped_sample_records_use_only_declared_terms(ontology):
    recs = sample_records()
    links = link(recs)
    g = map_document(FILE, recs, links, IriMinter()) + vocabularies(recs, links, IriMinter())
    assert undeclared_terms(terms_used(g), ontology) == set()


def test_built_corpus_graph_uses_only_declared_terms(ontology, corpus_build):
    store = open_store(corpus_build.out)
    query = """SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }"""
    used = {row["t"].value for row in store.query(query, use_default_graph_as_union=True)}
    assert str(RDF.type) in used and len(used) > 30
    assert undeclared_terms(used, ontology) == set()


def test_undeclared_term_check_catches_an_unknown_predicate(ontology):
    g = Graph()
    g.add((URIRef("https://w3id.org/budgetkg/id/x"), BKG.noSuchProperty, Literal("1")))
    assert undeclared_terms(terms_used(g), ontology) == {str(BKG.noSuchProperty)}


def test_reused_vocabularies_are_the_ones_model_md_names(ontology):
    assert (BKG.SourceDocument, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in ontology
    assert (BKG.Region, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (BKG.citedPolicy, RDFS.range, ELI.LegalResource) in ontology
    assert (BKG.department, RDFS.domain, QB.Observation) in ontology
    assert str(BKG) == NAMESPACE


def test_documentation_page_is_generated_from_the_turtle_and_up_to_date(ontology):
    assert ONTOLOGY_HTML.read_text(encoding="utf-8") == render_documentation(ontology), \
        "ontology/budgetkg.html is stale: run python -c 'import ontology; ontology.write_documentation()'"
    html = ONTOLOGY_HTML.read_text(encoding="utf-8")
    assert 'id="BudgetProject"' in html and "预算项目" in html


def test_documentation_page_escapes_text_from_the_ontology(ontology):
    g = Graph() + ontology
    g.remove((BKG.quote, RDFS.label, None))
    g.add((BKG.quote, RDFS.label, Literal("<script>alert(1)</script>", lang="en")))
    html = render_documentation(g)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

