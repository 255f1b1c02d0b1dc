"""Validation of the built graph with SHACL: completeness, consistency, and warnings.

The shapes are Turtle files in this folder, grouped by concern (``completeness.ttl``,
``consistency.ttl``, ``warnings.ttl``; ``prefixes.ttl`` declares the prefixes their SPARQL
uses).  :func:`validate` runs pySHACL over the union of every named graph and turns the SHACL
report into :class:`Result` objects a data steward can act on: which rule, which node (with
its printed name), the figures involved, and where in which source file to look.

Validation runs on an in-memory pyoxigraph store: pySHACL evaluates each SHACL-SPARQL
constraint once per focus node, and rdflib would parse and evaluate the query text anew each
time; oxigraph does both natively, which keeps the whole corpus to seconds.
"""
from __future__ import annotations

import pickle
import re
import time
from pathlib import Path
from typing import Mapping, Optional, Union

import pyoxigraph as ox
import pyshacl
from pyshacl import graph_abstraction
from rdflib import Dataset, Graph, Literal
from rdflib.query import Result as QueryAnswer
from rdflib.namespace import SH

from ontology.namespaces import PREFIXES, declare_prefixes
from store.local import merged_triples

from .render import render
from .results import SEVERITIES, SHAPES_IRI, Result, SourceRef, ValidationOutcome, coverage_by_file, read_results

SHAPES_DIR = Path(__file__).resolve().parent
DATASET_FILE = "dataset.nq"
REPORT_TTL = "validation-report.ttl"
REPORT_HTML = "validation-report.html"

GraphLike = Union[Graph, Dataset, ox.Store, str, Path]

__all__ = [
    "SEVERITIES",
    "TOLERANCES",
    "Result",
    "SourceRef",
    "ValidationOutcome",
    "ValidationRunError",
    "load_shapes",
    "load_data",
    "validate",
    "write_reports",
]


class ValidationRunError(Exception):
    """Validation could not run: no build, unreadable shapes, or a broken constraint."""


def _oxigraph_data_graph_is_always_true() -> None:
    """Make pySHACL's Oxigraph data graph truthy without counting its triples.

    pySHACL (0.40) writes ``datagraph or shapes_graph`` three times for every validation
    result, meaning "the data graph if there is one".  Its Oxigraph data graph defines
    ``__len__`` but no ``__bool__``, so Python asks ``len()``, and that runs
    ``COUNT(DISTINCT TRIPLE(?s, ?p, ?o))`` over the whole store: validation then costs
    results × triples (about 0.17 s per result at 100 k triples).  A data graph object that
    exists is the answer those expressions want, so its truth value says just that.  Left
    alone when a pySHACL release defines ``__bool__`` itself or has no such class.
    """
    data_graph = getattr(graph_abstraction, "OxigraphDataGraph", None)
    version = tuple(int(part) for part in pyshacl.__version__.split(".")[:2] if part.isdigit())
    if data_graph is None or version < (0, 40) or "__bool__" in vars(data_graph):
        return
    data_graph.__bool__ = lambda self: True


_oxigraph_data_graph_is_always_true()


def _targets_queried_once(store: ox.Store):
    """`store` as pySHACL's data graph, answering each whole-graph query once per validation.

    A check and its rounding twin (bks:ThreePublicSum and bks:ThreePublicSumRounding, …) name
    one query as their sh:SPARQLTarget, and pySHACL runs a shape's target query for each shape:
    the costliest queries of a validation ran twice.  Target queries are the only ones pySHACL
    runs without bindings, and nothing writes to the store while it validates without rules, so
    the second shape reads the first one's rows.  None when pySHACL has no Oxigraph data graph.
    """
    data_graph = getattr(graph_abstraction, "OxigraphDataGraph", None)
    if data_graph is None:
        return None

    class TargetsQueriedOnce(data_graph):
        def query(self, query_object, *args, initBindings=None, **kwargs):  # noqa: N803 - pySHACL's name
            if args or kwargs or initBindings is not None or not isinstance(query_object, str):
                return super().query(query_object, *args, initBindings=initBindings, **kwargs)
            answer = self._answers.get(query_object)
            if answer is None:
                first = super().query(query_object)
                if first.type != "SELECT":
                    return first
                answer = self._answers[query_object] = (first.vars, list(first.bindings))
            result = QueryAnswer("SELECT")
            result.vars, result.bindings = answer[0], list(answer[1])
            return result

    graph = TargetsQueriedOnce(store)
    graph._answers = {}
    return graph


# The tolerances the shapes' queries name (`BIND (0.01 AS ?rounding_tolerance)`); each is a
# setting of the same name.
TOLERANCES = ("rounding_tolerance", "rate_tolerance")


def load_shapes(shapes_dir: Optional[Path] = None, tolerances: Optional[Mapping[str, float]] = None) -> Graph:
    """Every ``*.ttl`` in `shapes_dir` (default: the shapes shipped here) as one shapes graph.

    Each tolerance given replaces the default the queries bind it to, so the Turtle files stay
    runnable SHACL on their own and a setting still decides.  A fresh graph each call: pySHACL
    adds to the shapes graph it validates with.
    """
    folder = Path(shapes_dir) if shapes_dir is not None else SHAPES_DIR
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise ValidationRunError(f"{folder}: no shapes (*.ttl) to validate with")
    key = (tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files),
           tuple(sorted((tolerances or {}).items())))
    parsed = _PARSED_SHAPES.get(key)
    if parsed is None:
        parsed = _PARSED_SHAPES[key] = pickle.dumps(_parse_shapes(files, tolerances or {}))
    return pickle.loads(parsed)


# Parsed shapes graphs by their files' names, times and sizes and the tolerances, pickled:
# unpickling takes a tenth of parsing the Turtle, and a process that validates several
# times (the server's reports, a test run) parses each version of the shapes once.
_PARSED_SHAPES: dict[tuple, bytes] = {}


def _parse_shapes(files: list[Path], tolerances: Mapping[str, float]) -> Graph:
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except (SyntaxError, ValueError) as exc:  # rdflib's BadSyntax is a SyntaxError
            raise ValidationRunError(f"{path}: cannot read shapes: {exc}") from exc
    for name, value in tolerances.items():
        _bind_tolerance(graph, name, value)
    # SHACL-SPARQL constraints name their prefixes by sh:prefixes bks: (ours, and bks: itself).
    declare_prefixes(graph, SHAPES_IRI, {**PREFIXES, "bks": str(SHAPES_IRI)})
    return graph




def _bind_tolerance(graph: Graph, name: str, value: float) -> None:
    if name not in TOLERANCES:
        raise ValidationRunError(f"unknown tolerance {name!r}; known: {', '.join(TOLERANCES)}")
    if not value >= 0:
        raise ValidationRunError(f"tolerance {name} must be 0 or more, not {value!r}")
    default = re.compile(rf"BIND\s*\(\s*[0-9.]+\s+AS\s+\?{name}\s*\)")
    for node, query in list(graph.subject_objects(SH.select)):
        text = str(query)
        if default.search(text):
            graph.set((node, SH.select, Literal(default.sub(f"BIND ({float(value)!r} AS ?{name})", text))))


def load_data(graph_or_store: GraphLike) -> ox.Store:
    """The data to validate as an in-memory store holding the merge of all graphs.

    Accepts a build directory (reads its ``dataset.nq``), an N-Quads/TriG/Turtle file, an
    rdflib Graph or Dataset, or a pyoxigraph Store (used as it is).  The merge lies in the
    default graph, each triple once, as in the built store: a node several documents describe
    is validated from one copy of its triples.
    """
    if isinstance(graph_or_store, ox.Store):
        return graph_or_store
    if isinstance(graph_or_store, Graph):  # Dataset is a Graph too
        fmt, rdf_format = (("nquads", ox.RdfFormat.N_QUADS) if isinstance(graph_or_store, Dataset)
                           else ("nt", ox.RdfFormat.N_TRIPLES))
        return _merge(ox.parse(graph_or_store.serialize(format=fmt, encoding="utf-8"), format=rdf_format))
    path = Path(graph_or_store)
    built = path.is_dir()
    if built:
        path = path / DATASET_FILE
    if not path.is_file():
        raise ValidationRunError(f"{path}: no built dataset here; run `budgetkg build` first")
    try:
        if built:  # a build's sorted N-Quads, every quad in a named graph: merged as lines of text
            store = ox.Store()
            with open(path, "rb") as lines:
                store.load(b"".join(merged_triples(lines)), format=ox.RdfFormat.N_TRIPLES)
            return store
        return _merge(ox.parse(path=path))
    except (SyntaxError, ValueError) as exc:
        raise ValidationRunError(f"{path}: cannot read the built dataset: {exc}") from exc


def _merge(quads) -> ox.Store:
    """A store whose default graph holds the triples of `quads` (a store keeps each once)."""
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return store


def validate(graph_or_store: GraphLike, shapes_dir: Optional[Path] = None,
             severity: Optional[str] = None, tolerances: Optional[Mapping[str, float]] = None) -> ValidationOutcome:
    """Validate the graph against the shapes; keep results of `severity` or worse (default all).

    `tolerances` (names of :data:`TOLERANCES`) override the shapes' defaults.
    """
    if severity is not None and severity not in SEVERITIES:
        raise ValidationRunError(f"unknown severity {severity!r}; choose one of {', '.join(SEVERITIES)}")
    store = load_data(graph_or_store)
    shapes = load_shapes(shapes_dir, tolerances)
    # Advanced mode (for sh:SPARQLTarget) makes pySHACL copy the whole store first, in case
    # sh:rule adds triples.  Without rules nothing is written, and a store loaded here is
    # ours to write to anyway: validating in place saves that copy (seconds at 1 M triples).
    inplace = store is not graph_or_store or (None, SH.rule, None) not in shapes
    shared = _targets_queried_once(store) if inplace and (None, SH.rule, None) not in shapes else None
    started = time.perf_counter()
    try:
        conforms, report, _text = pyshacl.validate(
            store if shared is None else shared, shacl_graph=shapes, inference="none", advanced=True, inplace=inplace,
            allow_warnings=True, allow_infos=True)
    except (pyshacl.errors.ReportableRuntimeError, pyshacl.errors.ConstraintLoadError,
            pyshacl.errors.ShapeLoadError, pyshacl.errors.ValidationFailure, SyntaxError, ValueError) as exc:
        raise ValidationRunError(f"pySHACL could not validate: {exc}") from exc
    seconds = time.perf_counter() - started
    results = read_results(report, shapes, store)
    counts = {name: sum(1 for r in results if r.severity == name) for name in SEVERITIES}
    shown = results
    if severity is not None:
        worst = SEVERITIES.index(severity)
        shown = [r for r in results if SEVERITIES.index(r.severity) <= worst]
    return ValidationOutcome(bool(conforms), report, shown, seconds, len(store),
                             Path(shapes_dir) if shapes_dir else SHAPES_DIR, counts, len(results) - len(shown),
                             coverage_by_file(store))


def write_reports(outcome: ValidationOutcome, build_dir: Path) -> tuple[Path, Path]:
    """Write the SHACL report graph (Turtle) and the HTML report beside the build."""
    build_dir = Path(build_dir)
    ttl = build_dir / REPORT_TTL
    html = build_dir / REPORT_HTML
    ttl.write_text(render(outcome, "ttl"), encoding="utf-8")
    html.write_text(render(outcome, "html"), encoding="utf-8")
    return ttl, html
