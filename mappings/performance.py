"""Goal and Indicator records → performance goals, indicators and their values.

Indicators hang off the goal they were printed under (same owner, horizon and goal number);
their 一级/二级 levels are code-list concepts, the 三级 name stays text, and each printed
value (target, past value, achieved) is its own node with comparator, number, unit and year.
"""
from __future__ import annotations

from typing import Optional

from rdflib import URIRef
from rdflib.namespace import RDF

from kg_build.records import Goal, Indicator, IndicatorValue

from .base import MappingContext, decimal, integer, mapper, text
from .codelists import GOAL_KINDS, indicator_level_concept
from ontology.namespaces import BKG


def _goal_slot(owner: Optional[URIRef], horizon: str, index: int) -> tuple:
    return (owner, horizon, index)


@mapper(Goal)
def map_goal(rec: Goal, ctx: MappingContext) -> None:
    g = ctx.record_node("goal", BKG.PerformanceGoal, rec.prov)
    owner = ctx.owner(rec.owner_project, rec.owner_department, rec.prov.line_start)
    ctx.add(g, BKG.goalOf, owner)
    if rec.horizon in GOAL_KINDS:
        ctx.add(g, BKG.goalKind, ctx.iris.code("goal", GOAL_KINDS[rec.horizon].key))
    ctx.add(g, BKG.goalIndex, integer(rec.index))
    ctx.add(g, RDF.value, text(rec.text))
    ctx.goals[_goal_slot(owner, rec.horizon, rec.index)] = g


@mapper(Indicator)
def map_indicator(rec: Indicator, ctx: MappingContext) -> None:
    ind = ctx.record_node("indicator", BKG.PerformanceIndicator, rec.prov)
    owner = ctx.owner(rec.owner_project, rec.owner_department, rec.prov.line_start)
    ctx.add(ind, BKG.indicatorOf, owner)
    goal = ctx.goals.get(_goal_slot(owner, rec.horizon, rec.goal_index))
    ctx.add(ind, BKG.goal, goal)
    ctx.add(goal, BKG.indicator, ind)
    ctx.add(ind, BKG.level1, indicator_level_concept(ctx.iris, rec.level1))
    ctx.add(ind, BKG.level2, indicator_level_concept(ctx.iris, rec.level2))
    ctx.add(ind, BKG.indicatorName, text(rec.name))
    ctx.add(ind, BKG.basis, text(rec.basis))
    ctx.add(ind, BKG.weight, decimal(rec.weight))
    for value in rec.values:
        _map_value(ctx, ind, value)


def _map_value(ctx: MappingContext, ind: URIRef, value: IndicatorValue) -> None:
    v = ctx.unique(ctx.iris.indicator_value(ind, value.role, value.year))
    ctx.add(ind, BKG.value, v)
    ctx.add(v, RDF.type, BKG.IndicatorValue)
    ctx.add(v, BKG.valueRole, ctx.iris.code("value-role", value.role))
    ctx.add(v, BKG.rawText, text(value.raw))
    ctx.add(v, BKG.comparator, text(value.comparator))
    ctx.add(v, BKG.numericValue, decimal(value.number))
    ctx.add(v, BKG.upperValue, decimal(value.upper))
    ctx.add(v, BKG.unit, text(value.unit))
    ctx.add(v, BKG.year, integer(value.year))
