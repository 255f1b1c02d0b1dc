"""Entity pages at the instance IRIs' own paths (``/id/project/…``): HTML or RDF by Accept."""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from queries import Page, page_query
from queries.results import Term

from . import summaries
from .findings import document_findings
from .errors import ApiError
from .negotiation import GRAPH, NotAcceptable, choose
from .terms import iri_from_request_path

bp = Blueprint("entities", __name__)

MAX_INCOMING = 200
RAW_SAMPLE = 40  # statements and links shown in a summary page's collapsed section (the rest: ?view=statements)
AMOUNT_KINDS = {"total": "总预算", "current_year": "本年预算", "earlier_year": "以前年度", "budget": "预算数",
                "executed": "执行数"}


@dataclass
class Statement:
    predicate: ox.NamedNode
    value: Term
    label: str
    graph: str


@dataclass
class EntityView:
    iri: str
    label: str
    types: list[str]
    statements: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)
    incoming_truncated: bool = False
    sampled: bool = False  # a sample of the statements (summary pages); ?view=statements has all


def _backend():
    return current_app.extensions["budgetkg"]


def _wants_rdf() -> str | None:
    offered = [f.media_type for f in GRAPH]
    best = request.accept_mimetypes.best_match(["text/html"] + offered)
    if request.args.get("format"):
        try:
            return choose(True, request.accept_mimetypes, request.args["format"]).media_type
        except NotAcceptable as exc:
            raise ApiError(406, "Not Acceptable", str(exc)) from None
    return best if best in offered else None


@bp.route("/id/<path:_key>")
def entity(_key: str):
    raw = request.environ.get("REQUEST_URI") or request.full_path
    subject = iri_from_request_path(raw)
    media_type = _wants_rdf()
    if media_type:
        return _rdf(subject, media_type)
    kind = _key.split("/", 1)[0]
    backend = _backend()
    summarise = summaries.BY_KIND.get(kind) if request.args.get("view") != "statements" else None
    if summarise is None:  # code concepts, regions, citations …, or asked for: the statements are the page
        return render_template("entity.html", entity=_view(backend, subject), kind=kind)
    # the summary's queries and the sample of raw statements at once
    both = summaries.together(summary=lambda: summarise(backend, subject),
                              view=lambda: _view(backend, subject, sample=RAW_SAMPLE, missing_ok=True))
    summary, view = both["summary"], both["view"]
    if summary is None or view is None:
        return render_template("entity.html", entity=_view(backend, subject), kind=kind)
    extra = {}
    if kind == "document":
        stem = subject.rsplit("/", 1)[-1]
        extra["findings"] = document_findings(_backend().build_dir, stem, summary.facts.get("file") or stem)
    return render_template(f"summary_{kind}.html", entity=view, summary=summary,
                           amount_kinds=AMOUNT_KINDS, record_types=summaries.RECORD_TYPES,
                           note_line=summaries.note_line, **extra)


def _view(backend, subject: str, sample: int | None = None, missing_ok: bool = False) -> EntityView | None:
    """The statements about `subject` and the links to it.  With `sample`, only that many of
    each, unsorted by the store: a summary page shows them collapsed, and a node that many
    documents print (a policy cited a thousand times) would otherwise cost seconds to sort."""
    entity = {"entity": subject}
    page = Page(sample) if sample else None
    out = backend.table(page_query("statements-of").bound_sparql(entity, page))
    if sample:
        incoming = backend.table(page_query("links-to-unordered").bound_sparql(entity, page))
    else:
        incoming = backend.table(page_query("links-to").bound_sparql(entity), limit=MAX_INCOMING)
    if not out.rows:
        if missing_ok:
            return None
        raise ApiError(404, "Not Found", f"nothing in the graph is about <{subject}>")
    statements = _distinct([Statement(r["p"], r["o"], _text(r.get("label")), r["g"].value) for r in out.bindings()])
    label = next((s.value.value for s in statements
                  if s.predicate.value.endswith(("#prefLabel", "#id_local", "/title", "#label", "#indicatorName"))), "")
    types = sorted({s.value.value for s in statements if s.predicate.value.endswith("rdf-syntax-ns#type")})
    view = EntityView(subject, label, types, statements)
    view.incoming = _distinct([Statement(r["p"], r["s"], _text(r.get("label")), "") for r in incoming.bindings()])
    view.incoming_truncated = incoming.truncated or bool(sample and len(incoming.rows) >= sample)
    view.sampled = bool(sample and (len(out.rows) >= sample or view.incoming_truncated))
    return view


def _text(term: Term | None) -> str:
    if term is None:
        return ""
    return str(term) if isinstance(term, ox.Triple) else term.value


def _distinct(statements: list[Statement]) -> list[Statement]:
    """One row per (predicate, value, graph), sorted for reading."""
    seen: dict[tuple, Statement] = {}
    for s in statements:
        seen.setdefault((s.predicate.value, _text(s.value), s.graph), s)
    return sorted(seen.values(), key=lambda s: (s.predicate.value, _text(s.value), s.graph))


def _rdf(subject: str, media_type: str) -> Response:
    reply = _backend().run(page_query("description-of").bound_sparql({"entity": subject}), media_type)
    if not reply["count"]:
        raise ApiError(404, "Not Found", f"nothing in the graph is about <{subject}>")
    resp = Response(reply["body"], mimetype=media_type)
    resp.headers["Content-Type"] = f"{media_type}; charset=utf-8"
    resp.headers["Vary"] = "Accept"
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp
