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
from typing import Any

from queries import page_query

from . import charts, trace
from .backend import Backend, Table


def rows(table: Table) -> list[dict[str, str]]:
    """Rows as ``{column: lexical value}`` (missing columns read as "")."""
    return [{v: r[v]["value"] if v in r else "" for v in table.vars} for r in table.rows]


def run_page_query(backend: Backend, name: str, entity: str | None = None) -> list[dict[str, str]]:
    query = page_query(name)
    return rows(backend.table(query.bound_sparql({"entity": entity} if entity else {})))


def number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


@dataclass
class Summary:
    kind: str
    iri: str
    facts: dict[str, str]
    sections: dict[str, Any] = field(default_factory=dict)
    charts: dict[str, charts.Chart] = field(default_factory=dict)


def department(backend: Backend, iri: str) -> Summary | None:
    facts = run_page_query(backend, "department", iri)
    if not facts or not facts[0]["label"]:
        return None
    spending = run_page_query(backend, "department-spending", iri)
    s = Summary("department", iri, facts[0])
    s.sections = {
        "units": run_page_query(backend, "department-units", iri),
        "documents": run_page_query(backend, "department-documents", iri),
        "spending": spending,
        "projects": run_page_query(backend, "department-projects", iri),
        "policies": run_page_query(backend, "department-policies", iri),
        "indicators": run_page_query(backend, "department-indicators", iri),
        "execution": run_page_query(backend, "execution-of", iri),
    }
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
    funding = run_page_query(backend, "project-funding", iri)
    s = Summary("project", iri, facts[0])
    s.sections = {
        "amounts": run_page_query(backend, "project-amounts", iri),
        "funding": funding,
        "bases": trace.legal_bases(backend, iri),
        "indicators": goals(run_page_query(backend, "indicators-of", iri)),
        "execution": run_page_query(backend, "execution-of", iri),
    }
    s.charts["funding"] = charts.grouped_bars(
        [(r["source"], f"{r['year']} {r['context']}".strip(), number(r["amount"])) for r in funding],
        "资金来源", "万元")
    return s


def goals(indicators: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Indicators grouped under their goal, in the order the form prints them."""
    out: "OrderedDict[str, dict[str, Any]]" = OrderedDict()
    for r in indicators:
        goal = out.setdefault(r["goal"] or r["file"], {"kind": r["goal_kind"], "text": r["goal_text"],
                                                       "file": r["file"], "indicators": []})
        goal["indicators"].append(r)
    return list(out.values())


def policy(backend: Backend, iri: str) -> Summary | None:
    facts = run_page_query(backend, "policy", iri)
    if not facts or not (facts[0]["doc_number"] or facts[0]["title"]):
        return None
    s = Summary("policy", iri, facts[0])
    citing = trace.citing(backend, iri)
    s.sections = {"citing": citing,
                  "departments": sorted({p.department_label for p in citing if p.department_label})}
    return s


def document(backend: Backend, iri: str) -> Summary | None:
    facts = run_page_query(backend, "document", iri)
    if not facts:
        return None
    s = Summary("document", iri, facts[0])
    s.sections = {
        "tables": run_page_query(backend, "document-tables", iri),
        "forms": run_page_query(backend, "document-forms", iri),
        "records": run_page_query(backend, "document-records", iri),
        "coverage": run_page_query(backend, "document-coverage", iri),
        "parts": run_page_query(backend, "document-parts", iri),
    }
    not_read = run_page_query(backend, "document-not-read", iri)
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


# What a reader calls each kind of fact read from a document.
RECORD_TYPES = {
    "http://purl.org/linked-data/cube#Observation": "预算表数据行 budget-table lines",
    "https://w3id.org/budgetkg/ontology#Mention": "名称出现 name mentions",
    "https://w3id.org/budgetkg/ontology#Citation": "政策引用 citations",
    "https://w3id.org/budgetkg/ontology#ProjectAmount": "项目金额 project amounts",
    "https://w3id.org/budgetkg/ontology#FundingSource": "资金来源 funding sources",
    "https://w3id.org/budgetkg/ontology#ExpenditureItem": "支出明细 expenditure items",
    "https://w3id.org/budgetkg/ontology#PerformanceGoal": "绩效目标 goals",
    "https://w3id.org/budgetkg/ontology#PerformanceIndicator": "绩效指标 indicators",
    "https://w3id.org/budgetkg/ontology#Execution": "预算执行 execution",
    "https://w3id.org/budgetkg/ontology#EvaluationScore": "自评得分 self-evaluation scores",
}

BY_KIND = {"department": department, "project": project, "policy": policy, "document": document,
           "indicator": indicator}
