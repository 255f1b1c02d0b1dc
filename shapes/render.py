"""Renderers of a validation outcome: text, html, json, ttl.

Each renderer registers itself with :func:`renderer`; a new format is one more decorated
function.  Reports are grouped by source document, then by shape, most severe first, so a
steward can work through one document at a time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from .baseline import finding_key
from .results import SEVERITIES, SHAPES_IRI, Result, ValidationOutcome

Renderer = Callable[[ValidationOutcome], str]
RENDERERS: dict[str, Renderer] = {}
TEMPLATES = Path(__file__).resolve().parent / "templates"
NO_DOCUMENT = "(no source document)"


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    def register(func: Renderer) -> Renderer:
        RENDERERS[name] = func
        return func

    return register


def render(outcome: ValidationOutcome, fmt: str) -> str:
    try:
        return RENDERERS[fmt](outcome)
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(sorted(RENDERERS))}") from None


@dataclass
class ShapeGroup:
    shape: str
    name: str
    label: dict[str, str]
    severity: str
    results: list[Result] = field(default_factory=list)


@dataclass
class DocumentGroup:
    document: str
    shapes: list[ShapeGroup] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(len(g.results) for g in self.shapes if g.severity == severity)


def group(results: list[Result]) -> list[DocumentGroup]:
    """Results by document (in file order), then by shape (most severe first)."""
    documents: dict[str, dict[str, ShapeGroup]] = {}
    for r in results:
        shapes = documents.setdefault(r.document or NO_DOCUMENT, {})
        g = shapes.setdefault(r.shape, ShapeGroup(r.shape, r.shape_name, r.shape_label, r.severity))
        g.results.append(r)
    ordered = []
    for doc in sorted(documents, key=lambda d: (d == NO_DOCUMENT, d)):
        shape_groups = sorted(documents[doc].values(), key=lambda g: (SEVERITIES.index(g.severity), g.name))
        for g in shape_groups:
            g.results.sort(key=lambda r: (r.line, r.focus))
        ordered.append(DocumentGroup(doc, shape_groups))
    return ordered


def summary_line(outcome: ValidationOutcome) -> str:
    shown = {s: sum(1 for r in outcome.results if r.severity == s) for s in SEVERITIES}
    counts = ", ".join(f"{shown[s]} {s.lower()}{'s' if shown[s] != 1 else ''}" for s in SEVERITIES)
    verdict = "conforms" if outcome.conforms else "does NOT conform"
    left_out = []
    if outcome.hidden:
        left_out.append(f"{outcome.hidden} hidden by --severity")
    if outcome.accepted:
        left_out.append(f"{len(outcome.accepted)} accepted by the baseline")
    more = f"; {', '.join(left_out)}" if left_out else ""
    return f"{counts}{more} — the graph {verdict} ({outcome.triples:,} triples validated in {outcome.seconds:.2f} s)"


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@renderer("text")
def render_text(outcome: ValidationOutcome) -> str:
    lines = [summary_line(outcome)]
    for doc in group(outcome.results):
        lines += ["", f"== {doc.document} =="]
        if doc.document in outcome.coverage:
            lines.append(f"   读取 read: {outcome.coverage[doc.document]}")
        for g in doc.shapes:
            label = " / ".join(v for v in (g.label.get("zh"), g.label.get("en")) if v) or g.name
            lines.append(f"-- {g.severity}: {label} [{g.name}] ({len(g.results)})")
            for r in g.results:
                lines.append(f"  * {r.focus_label}  <{r.focus}>")
                for lang in ("zh", "en", ""):
                    if r.message.get(lang):
                        lines.append(f"      {r.message[lang]}")
                if r.values:
                    lines.append(f"      values: {'; '.join(r.values)}")
                if r.action_label:
                    lines.append(f"      {' / '.join(v for v in (r.action_label.get('zh'), r.action_label.get('en')) if v)}")
                for place in r.sources[:3]:
                    lines.append(f"      at {place}: {_one_line(place.quote)}")
                for place in r.related[:3]:
                    lines.append(f"      vs {place}: {_one_line(place.quote)}")
    return "\n".join(lines) + "\n"


def _result_json(r: Result) -> dict:
    def place(p):
        # a document as a whole has no line: null, never 0
        return {"file": p.file, "page": p.page, "line": p.line_start or None, "line_end": p.line_end or None,
                "quote": p.quote, "document": p.document}

    return {
        "severity": r.severity,
        "shape": r.shape,
        "shape_name": r.shape_name,
        "shape_label": r.shape_label,
        "message": r.message,
        "focus": r.focus,
        "focus_label": r.focus_label,
        "path": r.path,
        "values": r.values,
        "document": r.document or None,
        "key": finding_key(r),
        "action": r.action or None,
        "action_label": r.action_label,
        "sources": [place(p) for p in r.sources],
        "related": [place(p) for p in r.related],
    }


@renderer("json")
def render_json(outcome: ValidationOutcome) -> str:
    data = {
        "conforms": outcome.conforms,
        "counts": {s: sum(1 for r in outcome.results if r.severity == s) for s in SEVERITIES},
        "hidden_by_severity": outcome.hidden,
        "accepted_by_baseline": len(outcome.accepted),
        "triples": outcome.triples,
        "seconds": round(outcome.seconds, 3),
        "results": [_result_json(r) for r in outcome.results],
        "coverage": {file: {"counts": c.counts, "not_read": c.not_read} for file, c in sorted(outcome.coverage.items())},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@renderer("ttl")
def render_ttl(outcome: ValidationOutcome) -> str:
    # pyoxigraph writes the Turtle: rdflib's serializer takes a tenth of a second on the
    # samples' report (it quotes every shape's SPARQL), longer than reading the report does.
    import pyoxigraph as ox
    from rdflib.namespace import SH

    from ontology.namespaces import PREFIXES

    triples = ox.parse(outcome.report_graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    prefixes = {**PREFIXES, "sh": str(SH), "bks": str(SHAPES_IRI)}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@renderer("html")
def render_html(outcome: ValidationOutcome) -> str:
    counts = {s: sum(1 for r in outcome.results if r.severity == s) for s in SEVERITIES}
    return _ENV.get_template("report.html").render(
        outcome=outcome, documents=group(outcome.results), counts=counts, severities=SEVERITIES,
        summary=summary_line(outcome))
