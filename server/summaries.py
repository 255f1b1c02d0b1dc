"""Summary pages for people: what a department spends, on which projects, under which policies;
a project's money, bases and indicators; a policy's citing projects; a document's contents.

Every figure comes from a page query (``queries/pages/*.rq``) bound to the entity's IRI, and
keeps the document and line it was read from, so the template can link it to its source.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from ontology.namespaces import PREFIXES
from queries import page_query

from . import charts, trace
from .backend import Backend


# Long-lived threads: a query process the pool restarts belongs to the thread that started it.
_EXECUTOR = ThreadPoolExecutor(max_workers=4, thread_name_prefix="page-query")


def together(**calls: Callable[[], Any]) -> dict[str, Any]:
    """Run a page's independent queries at once: the store answers them in parallel workers."""
    futures = {name: _EXECUTOR.submit(call) for name, call in calls.items()}
    return {name: f.result() for name, f in futures.items()}


def run_page_query(backend: Backend, name: str, entity: str | None = None) -> list[dict[str, str]]:
    """The page query's rows as ``{column: lexical value}``, an unbound cell read as ""."""
    query = page_query(name)
    return backend.table(query.bound_sparql({"entity": entity} if entity else {})).records("")


def number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


# A policy cited across hundreds of projects: the first citations on its page, the rest by the
# named query projects-citing (linked from the page, also as CSV).
MAX_CITATIONS = 50


@dataclass
class Summary:
    kind: str
    iri: str
    facts: dict[str, str]
    sections: dict[str, Any] = field(default_factory=dict)
    charts: dict[str, charts.Chart] = field(default_factory=dict)


def department(backend: Backend, iri: str) -> Summary | None:
    first = together(facts=lambda: run_page_query(backend, "department", iri),
                     units=lambda: run_page_query(backend, "department-units", iri))
    facts, units = first["facts"], first["units"]
    if not facts or not facts[0]["label"]:
        return None
    s = Summary("department", iri, facts[0])
    s.sections = {"units": units, **together(
        documents=lambda: run_page_query(backend, "department-documents", iri),
        spending=lambda: largest_per_class(run_page_query(backend, "department-spending", entity)
                                           for entity in [iri] + [u["unit"] for u in units]),
        projects=lambda: run_page_query(backend, "department-projects", iri),
        policies=lambda: run_page_query(backend, "department-policies", iri),
        indicators=lambda: indicators(backend, iri),
        execution=lambda: run_page_query(backend, "execution-of", iri),
        scores=lambda: run_page_query(backend, "scores-of", iri))}
    spending = s.sections["spending"]
    s.charts["spending"] = charts.grouped_bars(
        [(f"{r['code']} {r['name']}", f"{r['fiscal_year']} {r['phase']}", number(r["amount"])) for r in spending],
        "按功能分类（类）的支出", "万元")
    totals: "OrderedDict[str, Decimal]" = OrderedDict()
    for r in spending:
        key = f"{r['fiscal_year']} {r['phase']}"
        totals[key] = totals.get(key, Decimal(0)) + (number(r["amount"]) or 0)
    s.charts["years"] = charts.grouped_bars([(k, "合计", v) for k, v in totals.items()], "历年支出合计", "万元")
    return s


def project(backend: Backend, iri: str) -> Summary | None:
    facts = run_page_query(backend, "project", iri)
    if not facts or not facts[0]["label"]:
        return None
    s = Summary("project", iri, facts[0])
    s.sections = together(
        amounts=lambda: run_page_query(backend, "project-amounts", iri),
        funding=lambda: run_page_query(backend, "project-funding", iri),
        bases=lambda: trace.legal_bases(backend, iri),
        indicators=lambda: indicators(backend, iri),
        execution=lambda: run_page_query(backend, "execution-of", iri),
        scores=lambda: run_page_query(backend, "scores-of", iri))
    funding = s.sections["funding"]
    s.charts["funding"] = charts.grouped_bars(
        [(r["source"], f"{r['year']} {r['context']}".strip(), number(r["amount"])) for r in funding],
        "资金来源", "万元")
    return s


def largest_per_class(tables) -> list[dict[str, str]]:
    """Spending rows of a department and of each of its units → per year, phase and class the
    largest figure printed (a unit's table repeats a part of the department's)."""
    best: dict[tuple, dict[str, str]] = {}
    for rows in tables:
        for r in rows:
            key = (r["fiscal_year"], r["phase"], r["code"])
            if key not in best or (number(r["amount"]) or 0) > (number(best[key]["amount"]) or 0):
                best[key] = r
    return [best[k] for k in sorted(best)]


GOAL_KINDS = {"annual": "年度目标", "long-term": "长期目标"}


def indicators(backend: Backend, iri: str) -> list[dict[str, Any]]:
    """Goals with their indicators in the order the form prints them; each indicator with its
    target and past values (three small queries: one big one is planned badly by the store)."""
    rows = run_page_query(backend, "indicators-of", iri)
    if not rows:
        return []
    values: dict[str, dict[str, list[str]]] = {}
    for v in run_page_query(backend, "indicator-values-of", iri):
        role = v["role"].rsplit("/", 1)[-1]
        text = v["raw"] if role == "target" else f"{v['year']} {v['raw']}".strip()
        values.setdefault(v["indicator"], {}).setdefault(role, []).append(text)
    goal_rows = {g["goal"]: g for g in run_page_query(backend, "goals-of", iri)}
    out: "OrderedDict[str, dict[str, Any]]" = OrderedDict()
    for r in rows:
        g = goal_rows.get(r["goal"], {})
        goal = out.setdefault(r["goal"] or r["file"], {
            "kind": GOAL_KINDS.get(g.get("kind", "").rsplit("/", 1)[-1], ""), "text": g.get("text", ""),
            "file": r["file"], "indicators": []})
        found = values.get(r["indicator"], {})
        goal["indicators"].append({**r, "target": " ".join(found.get("target", [])),
                                   "past": "；".join(found.get("past", []))})
    return list(out.values())


def policy(backend: Backend, iri: str) -> Summary | None:
    got = together(facts=lambda: run_page_query(backend, "policy", iri),
                   reach=lambda: run_page_query(backend, "policy-reach", iri),
                   spread=lambda: run_page_query(backend, "policy-spread", iri),
                   citing=lambda: trace.citing(backend, iri, limit=MAX_CITATIONS))
    facts, reach, citing = got["facts"], {**got["reach"][0], **got["spread"][0]}, got["citing"]
    if not facts or not (facts[0]["doc_number"] or facts[0]["title"]):
        return None
    s = Summary("policy", iri, facts[0])
    s.sections = {"citing": citing, "reach": reach,
                  "shown": sum(len(p.citations) for p in citing),
                  "departments": sorted({p.department_label for p in citing if p.department_label})}
    return s


def document(backend: Backend, iri: str) -> Summary | None:
    facts = run_page_query(backend, "document", iri)
    if not facts:
        return None
    s = Summary("document", iri, facts[0])
    s.sections = together(**{name: (lambda q=query: run_page_query(backend, q, iri)) for name, query in (
        ("tables", "document-tables"), ("forms", "document-forms"), ("records", "document-records"),
        ("coverage", "document-coverage"), ("parts", "document-parts"), ("not_read", "document-not-read"))})
    not_read = s.sections.pop("not_read")
    s.sections["not_read"] = [r["note"] for r in not_read if r["note"]]
    s.facts["pages"] = next((r["pages"] for r in not_read if r["pages"]), "")
    s.facts["pages_without_text"] = "、".join(sorted({r["pages_without_text"] for r in not_read if r["pages_without_text"]}, key=int))
    return s


_NOTE_PLACE = re.compile(r"^(?:p\.(\d+):)?(\d+)\b")


def note_line(note: str) -> str:
    """The line a coverage note names (``p.13:307 coded line not read …`` → 307), or ""."""
    m = _NOTE_PLACE.match(note)
    return m.group(2) if m else ""


def indicator(backend: Backend, iri: str) -> Summary | None:
    values = run_page_query(backend, "indicator", iri)
    if not values:
        return None
    s = Summary("indicator", iri, values[0])
    s.sections = {"values": [v for v in values if v["raw"]]}
    return s


_BKG, _QB = PREFIXES["bkg"], PREFIXES["qb"]

# What a reader calls each kind of fact read from a document.
RECORD_TYPES = {
    _QB + "Observation": "预算表数据行 budget-table lines",
    _BKG + "Mention": "名称出现 name mentions",
    _BKG + "Citation": "政策引用 citations",
    _BKG + "ProjectAmount": "项目金额 project amounts",
    _BKG + "FundingSource": "资金来源 funding sources",
    _BKG + "ExpenditureItem": "支出明细 expenditure items",
    _BKG + "PerformanceGoal": "绩效目标 goals",
    _BKG + "PerformanceIndicator": "绩效指标 indicators",
    _BKG + "Execution": "预算执行 execution",
    _BKG + "EvaluationScore": "自评得分 self-evaluation scores",
    _BKG + "DocumentPart": "标题与表格 headings and tables",
    _BKG + "Statement": "文字陈述的数字 figures stated in words",
}

BY_KIND = {"department": department, "project": project, "policy": policy, "document": document,
           "indicator": indicator}
