"""Chart pages and the CSV of every chart's numbers."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, current_app, render_template, request

from . import charts
from .errors import ApiError
from .summaries import number, run_page_query

bp = Blueprint("charts", __name__)

# The page queries whose numbers a chart shows; CSV of exactly those rows.
CHART_QUERIES = {"spending-overview": False, "department-spending": True, "project-funding": True}


def _backend():
    return current_app.extensions["budgetkg"]


@bp.route("/charts/spending")
def spending():
    """Spending by functional class (类) across departments and years: one chart per class."""
    # the same for every visitor until a rebuilt store is swapped in
    rows = _backend().cached("spending-overview", lambda: run_page_query(_backend(), "spending-overview"))
    classes: dict[str, str] = {}
    for r in rows:
        classes.setdefault(r["code"], r["name"])
    chosen = request.args.get("code", "")
    shown = [chosen] if chosen in classes else list(classes)
    figures = [charts.grouped_bars(
        [(r["department_label"], f"{r['fiscal_year']} {r['phase']}", number(r["amount"])) for r in rows if r["code"] == code],
        f"{code} {classes[code]}", "万元") for code in shown]
    return render_template("chart_spending.html", figures=figures, classes=classes, chosen=chosen, rows=rows)


@bp.route("/charts/<name>.csv")
def chart_csv(name: str):
    if name not in CHART_QUERIES:
        raise ApiError(404, "Unknown Chart", f"no chart data {name!r}; charts: {', '.join(CHART_QUERIES)}")
    entity = request.args.get("entity", "")
    if CHART_QUERIES[name] and not entity:
        raise ApiError(400, "Bad Parameter", f"{name}.csv needs entity=<IRI of the department or project>")
    try:
        rows = run_page_query(_backend(), name, entity or None)
    except ValueError as exc:  # a malformed IRI
        raise ApiError(400, "Bad Parameter", str(exc)) from None
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    resp = Response(buf.getvalue(), mimetype="text/csv")
    resp.headers["Content-Type"] = "text/csv; charset=utf-8"
    resp.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
    return resp
