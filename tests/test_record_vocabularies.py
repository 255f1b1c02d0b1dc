"""The record vocabularies (kg_build.records' Literal types) are the contract between readers and
mappers: what the readers produce from the real corpus, and what the graph holds, stays inside them."""
from __future__ import annotations

from typing import get_args

from kg_build.records import (
    PROJECT_TABLE,
    AmountKind,
    Document,
    DocumentKind,
    Goal,
    GoalHorizon,
    IndicatorValue,
    Project,
    ProjectAmount,
    SourceTable,
    ValueRole,
)
from ontology.namespaces import sparql_prologue
from store.local import open_store


def values_of(records, record_type, field) -> set:
    return {getattr(r, field) for r in records if isinstance(r, record_type)} - {None}


def test_the_readers_produce_only_the_declared_values(corpus_extraction):
    records = corpus_extraction.records
    assert values_of(records, Document, "kind") <= set(get_args(DocumentKind))
    assert values_of(records, Project, "source_table") <= set(get_args(SourceTable))
    assert values_of(records, ProjectAmount, "kind") <= set(get_args(AmountKind))
    assert values_of(records, Goal, "horizon") <= set(get_args(GoalHorizon))
    assert values_of(records, IndicatorValue, "role") <= set(get_args(ValueRole))
    # the linker's choice of budget figures depends on the project table being read as such
    assert PROJECT_TABLE in values_of(records, Project, "source_table")


def test_the_graph_holds_only_the_declared_amount_kinds(corpus_build):
    store = open_store(corpus_build.out)
    kinds = {s["k"].value for s in store.query(sparql_prologue() + "SELECT DISTINCT ?k { ?a bkg:amountKind ?k }")}
    assert kinds and kinds <= set(get_args(AmountKind))
