"""Pages for people who do not write SPARQL: home, editor, named queries, tracer, docs."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from html import unescape as html_unescape
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, send_file
from markupsafe import escape

from ontology.namespaces import pasteable, sparql_prologue
from queries import RENDERERS, Page, ParameterError, QueryResult, catalogue, page_query

from . import description, trace
from .errors import ApiError
from .sparql import refuse_unsafe
from .terms import source_href

bp = Blueprint("pages", __name__)

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
HOME_LABELS = {
    "bkg:SourceDocument": ("公开文件", "documents"),
    "org:Organization": ("部门与单位", "departments"),
    "bkg:BudgetProject": ("预算项目", "projects"),
    "eli:LegalResource": ("政策文件", "policies"),
    "bkg:Citation": ("政策引用", "citations"),
    "bkg:PerformanceIndicator": ("绩效指标", "indicators"),
    "qb:Observation": ("预算表数据", "observations"),
}


def _backend():
    return current_app.extensions["budgetkg"]


@bp.route("/")
def home():
    counts = [(HOME_LABELS[pasteable(c)], n) for c, n in description.class_counts().items()]
    return render_template("home.html", counts=counts, top_policies=_most_cited_policies(),
                           queries=catalogue())


def _most_cited_policies() -> QueryResult:
    """Example questions come from the data: the policies cited across the most documents
    (where departments build on the same rules), then by the most projects."""
    return _backend().cached("top_policies", lambda: _backend().table(page_query("most-cited-policies").sparql))


@bp.route("/editor")
def editor():
    query = request.args.get("query")
    example = request.args.get("example")
    result, error, status = None, None, 200
    bound = False
    if query is None and example:
        named = next((q for q in catalogue() if q.name == example), None)
        query = named.sparql if named else None
        # Opened from a named query's page: its parameters come along, bound in the text,
        # so the example runs as it ran there.
        given = {p.name: request.args[p.name] for p in (named.parameters if named else ()) if request.args.get(p.name)}
        if given:
            try:
                query, bound = named.bound_sparql(given), True
            except ParameterError as exc:
                error, status = ApiError(400, "Bad Parameter", str(exc)), 400
    if query and request.args.get("run", "1") != "0" and (bound or not example):
        try:
            refuse_unsafe(query)
            result = _backend().table(query)
        except ApiError as exc:
            error, status = exc, exc.status
    text = query if query is not None else sparql_prologue(_backend().base_iri) + "\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n} LIMIT 20\n"
    return render_template("editor.html", query=text, result=result, error=error, queries=catalogue(),
                           ran=bool(query) and (bound or not example)), status


@bp.route("/queries")
def query_catalogue():
    return render_template("queries.html", queries=catalogue())


@bp.route("/queries/<name>")
def named_query(name: str):
    base, dot, ext = name.rpartition(".")
    if dot and ext in ("json", "csv"):
        return _named_download(base, ext)
    query = next((q for q in catalogue() if q.name == name), None)
    if query is None:
        raise ApiError(404, "Unknown Query", f"no named query {name!r}; the catalogue is at /queries")
    params = {p.name: request.args.get(p.name, "") for p in query.parameters}
    result, error, status = None, None, 200
    if request.args.get("run") == "1" or any(params.values()) or not any(p.required for p in query.parameters):
        try:
            result = _backend().named_table(name, {k: v for k, v in params.items() if v})
        except ApiError as exc:
            error, status = exc, exc.status
    given = {k: v for k, v in params.items() if v}
    return render_template("query.html", query=query, params=params, given=given, result=result,
                           error=error), status


PAGE_ARGUMENTS = ("limit", "offset")  # paging, not parameters of the query


def _named_download(name: str, ext: str) -> Response:
    try:
        page = Page.parse(request.args.get("limit"), request.args.get("offset"))
    except ValueError as exc:
        raise ApiError(400, "Bad Parameter", str(exc)) from None
    params = {k: v for k, v in request.args.items() if v and k not in PAGE_ARGUMENTS}
    backend = _backend()
    if name not in {q.name for q in catalogue()}:
        raise ApiError(404, "Unknown Query", f"no named query {name!r}; the catalogue is at /queries")
    if backend.version and _etag_versions(request.headers.get("If-None-Match", "")) & {backend.version, "*"}:
        # The answer the client holds came from the store still served: nothing to run or send.
        return _revalidated(Response(status=304), backend.version)
    reply = backend.named(name, params, ext, page)
    resp = Response(reply["body"], mimetype=RENDERERS[ext].media_type)
    resp.headers["Content-Type"] = f"{RENDERERS[ext].media_type}; charset=utf-8"
    resp.headers["Access-Control-Allow-Origin"] = "*"
    _revalidated(resp, reply["version"])
    if backend.answers.max_bytes > 0:
        # Said, so that timings can tell a kept answer from a query that ran.
        resp.headers["X-Answer-Cache"] = "hit" if reply["kept"] else "miss"
    if reply["truncated"]:
        resp.headers["X-Result-Truncated"] = "true"
    if ext == "csv":
        resp.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
    return resp


def _revalidated(resp: Response, version: str | None) -> Response:
    """An answer of the served store's version: clients may keep it, and ask again with its
    ETag, which is answered 304 until a rebuild is served.  (The URL names the query, its
    parameters and format, so the version alone tells the answers of one URL apart.)"""
    if version:
        resp.headers["ETag"] = f'"{version}"'
        resp.headers["Cache-Control"] = "no-cache"  # keep, but ask each time: a rebuild may come any moment
    return resp


def _etag_versions(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/").strip('"') for tag in header.split(",") if tag.strip()}


@bp.route("/trace")
def policy_trace():
    q = request.args.get("q", "").strip()
    policies = trace.find_policies(_backend(), q) if q else []
    # A project name (医疗救助) is also words of some policies' titles: look for both, and put
    # the projects first when one is named exactly.
    projects = trace.find_projects(_backend(), q) if q and not trace.is_doc_number(q) else []
    exact = any(p.label == q or p.code == q for p in projects)
    if policies and not exact:
        projects = [p for p in projects if p.bases]
    return render_template("trace.html", q=q, policies=policies, projects=projects, projects_first=exact)


@bp.route("/ontology")
def ontology():
    turtle = ONTOLOGY_DIR / "budgetkg.ttl"
    html = ONTOLOGY_DIR / "budgetkg.html"
    best = request.accept_mimetypes.best_match(["text/html", "text/turtle"])
    if best == "text/turtle" and turtle.is_file():
        return send_file(turtle, mimetype="text/turtle")
    if html.is_file():
        resp = send_file(html, mimetype="text/html")
        # The generated documentation page carries its own inline styles.
        resp.headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'none'"
        return resp
    raise ApiError(404, "No Ontology Documentation", "ontology/budgetkg.html has not been generated.")


@bp.route("/validation")
def validation():
    report = _backend().build_dir / "validation-report.html"
    if not report.is_file():
        return render_template("validation_missing.html", path=str(report)), 404
    html = report.read_text(encoding="utf-8")
    notice = render_template("validation_age.html", **report_age(report.stat().st_mtime, _backend().store_changed_at))
    # The report is a whole page written by `budgetkg validate`: its age goes at the top of its body.
    head, body_tag, rest = html.partition("<body")
    if body_tag:
        tag_end = rest.index(">") + 1
        html = head + body_tag + rest[:tag_end] + notice + rest[tag_end:]
    else:
        html = notice + html
    html = _REPORT_PLACE.sub(_link_place, html)
    resp = Response(html, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'none'"
    return resp


# `file:line` (or `file p.N:line`, `file:line-line`) as the report prints a place: linked to the source view.
_REPORT_PLACE = re.compile(r"<code>([^<>:\s]+\.(?:txt|md|html?|pdf))((?: p\.\d+)?):(\d+)(?:-(\d+))?</code>")


def _link_place(m: re.Match) -> str:
    href = source_href(html_unescape(m.group(1)), m.group(3), m.group(4))
    return f'<a href="{escape(href)}"><code>{m.group(1)}{m.group(2)}:{m.group(3)}{"-" + m.group(4) if m.group(4) else ""}</code></a>'


def report_age(report_time: float, store_time: float | None) -> dict:
    """When the validation report was made, and whether the served store is newer than it."""
    def stamp(t: float) -> str:
        return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return {"made": stamp(report_time), "store": stamp(store_time) if store_time else "",
            "stale": bool(store_time and store_time > report_time)}
