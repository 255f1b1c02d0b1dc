"""The source beside the fact: ``/source/<file>#L123`` shows a document's text as it was read,
with line numbers; the lines a page cites (``?lines=12-14``) are highlighted.  For a PDF the
lines carry their page, and the page image is rendered from the PDF when it is still there."""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from queries.search_index import SearchIndexMissing, source_document

from .errors import ApiError

bp = Blueprint("source", __name__)
_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")
MAX_HIGHLIGHT = 400


def _backend():
    return current_app.extensions["budgetkg"]


def cited_lines(spec: str) -> set[int]:
    """``12`` or ``12-14`` (comma-separated) → the line numbers to highlight."""
    out: set[int] = set()
    for part in spec.split(","):
        m = _RANGE.match(part.strip())
        if m:
            start = int(m.group(1))
            end = min(int(m.group(2) or start), start + MAX_HIGHLIGHT)
            out.update(range(start, end + 1))
    return out


def _document(file: str):
    if _backend().remote_sparql:
        raise ApiError(501, "No Source Text", "the source text is kept with the local store only")
    try:
        doc = source_document(_backend().build_dir / "store", file)
    except SearchIndexMissing as exc:
        raise ApiError(503, "No Source Text", str(exc)) from None
    if doc is None:
        raise ApiError(404, "Not Found", f"no document {file!r} in the served build")
    return doc


@bp.route("/source/<file>")
def source_view(file: str):
    doc = _document(file)
    highlight = cited_lines(request.args.get("lines", ""))
    page = request.args.get("page", type=int)
    lines = [l for l in doc.lines if page is None or l.page == page]
    pages = sorted({l.page for l in doc.lines if l.page is not None})
    first = min(highlight) if highlight else None
    if page is None and first and pages:  # a PDF: show the page of the cited line
        page = next((l.page for l in doc.lines if l.number == first), None)
        lines = [l for l in doc.lines if l.page == page] if page else lines
    image = bool(page) and _pdf_path(doc) is not None
    return render_template("source.html", doc=doc, lines=lines, highlight=highlight, page=page,
                           pages=pages, image=image, first=first)


def _pdf_path(doc) -> Path | None:
    """The PDF the text was read from, if it is still there unchanged."""
    path = Path(doc.path)
    if path.suffix.lower() != ".pdf" or not path.is_file():
        return None
    if hashlib.sha256(path.read_bytes()).hexdigest() != doc.sha256:
        return None
    return path


@bp.route("/source/<file>/page/<int:page>.png")
def page_image(file: str, page: int):
    doc = _document(file)
    path = _pdf_path(doc)
    if path is None:
        raise ApiError(404, "Not Found", f"the PDF of {file} is not where it was read from (or has changed)")
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        if not 1 <= page <= len(pdf.pages):
            raise ApiError(404, "Not Found", f"{file} has {len(pdf.pages)} pages")
        buf = io.BytesIO()
        pdf.pages[page - 1].to_image(resolution=110).save(buf, format="PNG")
    resp = Response(buf.getvalue(), mimetype="image/png")
    resp.headers["Cache-Control"] = "max-age=3600"
    return resp
