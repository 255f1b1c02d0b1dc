"""docs/model.md, the contract of the graph, against the ontology and the built graph: it names
no term the ontology lacks, and every bkg: class and property the graph uses is in it; the amount
kinds it lists are the readers' vocabulary."""
from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from kg_build.records import AmountKind
from ontology import load_ontology
from ontology.namespaces import BKG, sparql_prologue
from store.local import open_store

MODEL = (Path(__file__).resolve().parent.parent / "docs" / "model.md").read_text(encoding="utf-8")
NAMED = set(re.findall(r"\bbkg:([A-Za-z][A-Za-z0-9]*)", MODEL))


def test_every_bkg_term_the_model_names_is_declared_in_the_ontology():
    declared = {str(s)[len(str(BKG)):] for s in load_ontology().subjects() if str(s).startswith(str(BKG))}
    assert NAMED - declared == set()


def test_every_bkg_class_and_property_of_the_built_graph_is_in_the_model(corpus_build):
    store = open_store(corpus_build.out)
    used = {s["t"].value for s in store.query(sparql_prologue() + """
        SELECT DISTINCT ?t { { ?s ?t ?o } UNION { ?s a ?t } FILTER(STRSTARTS(STR(?t), STR(bkg:))) }""")}
    assert used, "the graph uses no bkg: term"
    assert {t[len(str(BKG)):] for t in used} - NAMED == set()


def test_the_model_lists_exactly_the_amount_kinds_of_the_records():
    line = next(l for l in MODEL.splitlines() if "bkg:amountKind" in l)
    assert set(re.findall(r'"(\w+)"', line.split("bkg:amountKind", 1)[1])) == set(get_args(AmountKind))
