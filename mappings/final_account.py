"""Execution and EvaluationScore records → final-account execution and self-evaluation rows."""
from __future__ import annotations

from rdflib.namespace import RDF

from kg_build.records import EvaluationScore, Execution

from .base import MappingContext, decimal, mapper, text
from .codelists import indicator_level_key
from .namespaces import BKG


@mapper(Execution)
def map_execution(rec: Execution, ctx: MappingContext) -> None:
    e = ctx.node("execution", rec.prov.line_start)
    ctx.add(e, RDF.type, BKG.Execution)
    ctx.add(e, BKG.executionOf, ctx.owner(rec.project, rec.department, rec.prov.line_start))
    ctx.add(e, BKG.budgetAmount, decimal(rec.budget))
    ctx.add(e, BKG.executedAmount, decimal(rec.executed))
    ctx.add(e, BKG.executionRate, decimal(rec.rate))
    ctx.add(e, BKG.score, decimal(rec.score))
    ctx.provenance(e, rec.prov)


@mapper(EvaluationScore)
def map_evaluation_score(rec: EvaluationScore, ctx: MappingContext) -> None:
    s = ctx.node("score", rec.prov.line_start)
    ctx.add(s, RDF.type, BKG.EvaluationScore)
    ctx.add(s, BKG.scoreOf, ctx.owner(rec.project, rec.department, rec.prov.line_start))
    ctx.add(s, BKG.indicatorName, text(rec.indicator))
    for prop, label in ((BKG.level1, rec.level1), (BKG.level2, rec.level2)):
        if label and indicator_level_key(label):
            ctx.add(s, prop, ctx.iris.code("indicator", indicator_level_key(label)))
    ctx.add(s, BKG.weight, decimal(rec.weight))
    ctx.add(s, BKG.points, decimal(rec.points))
    ctx.add(s, BKG.score, decimal(rec.score))
    ctx.provenance(s, rec.prov)
