"""Execution and EvaluationScore records → final-account execution and self-evaluation rows."""
from __future__ import annotations

from kg_build.records import EvaluationScore, Execution

from .base import MappingContext, decimal, mapper, text
from .codelists import indicator_level_concept
from ontology.namespaces import BKG


@mapper(Execution)
def map_execution(rec: Execution, ctx: MappingContext) -> None:
    e = ctx.record_node("execution", BKG.Execution, rec.prov)
    ctx.add(e, BKG.executionOf, ctx.owner(rec.project, rec.department, rec.prov.line_start))
    ctx.add(e, BKG.budgetAmount, decimal(rec.budget))
    ctx.add(e, BKG.executedAmount, decimal(rec.executed))
    ctx.add(e, BKG.executionRate, decimal(rec.rate))
    ctx.add(e, BKG.score, decimal(rec.score))


@mapper(EvaluationScore)
def map_evaluation_score(rec: EvaluationScore, ctx: MappingContext) -> None:
    s = ctx.record_node("score", BKG.EvaluationScore, rec.prov)
    ctx.add(s, BKG.scoreOf, ctx.owner(rec.project, rec.department, rec.prov.line_start))
    ctx.add(s, BKG.indicatorName, text(rec.indicator))
    ctx.add(s, BKG.level1, indicator_level_concept(ctx.iris, rec.level1))
    ctx.add(s, BKG.level2, indicator_level_concept(ctx.iris, rec.level2))
    ctx.add(s, BKG.weight, decimal(rec.weight))
    ctx.add(s, BKG.points, decimal(rec.points))
    ctx.add(s, BKG.score, decimal(rec.score))
