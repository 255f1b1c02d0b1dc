"""One search box on every page: departments, projects, policies, documents and quoted words,
from the full-text index built with the store (see :mod:`queries.search_index`)."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from queries.search_index import KINDS, SearchIndexMissing, search

from .errors import ApiError

bp = Blueprint("search", __name__)

KIND_LABELS = {
    "department": ("部门与单位", "departments"),
    "project": ("预算项目", "projects"),
    "policy": ("政策文件", "policies"),
    "document": ("公开文件", "documents"),
    "quote": ("引用原文", "quoted words"),
}
assert set(KIND_LABELS) == set(KINDS)


def marked(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_match) so that templates can mark the words found (escaped)."""
    pieces: list[tuple[str, bool]] = []
    rest = text
    while rest:
        hits = [(rest.find(w), w) for w in words if w and rest.find(w) >= 0]
        if not hits:
            pieces.append((rest, False))
            break
        at, word = min(hits)
        if at:
            pieces.append((rest[:at], False))
        pieces.append((word, True))
        rest = rest[at + len(word):]
    return pieces


@bp.route("/search")
def search_page():
    q = request.args.get("q", "").strip()[:200]
    backend = current_app.extensions["budgetkg"]
    if backend.remote_sparql:
        raise ApiError(501, "No Search Index", "search reads the index built with the local store; "
                       "with a remote store use /trace or the named queries")
    try:
        result = search(backend.build_dir / "store", q) if q else None
    except SearchIndexMissing as exc:
        raise ApiError(503, "No Search Index", str(exc)) from None
    return render_template("search.html", q=q, result=result, kinds=KIND_LABELS, marked=marked)
