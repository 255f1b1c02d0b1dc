"""From a SHACL validation report to results people can act on.

A bare SHACL result names a shape and an IRI.  A data steward needs the rule in words, the
node's printed name, the figures involved and the place in the source document: this module
looks those up in the validated data (labels, ``prov:wasDerivedFrom`` + ``bkg:lineStart`` +
``bkg:quote`` directly or through ``bkg:mention``) and returns :class:`Result` objects.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from ontology.namespaces import sparql_prologue

SHAPES_IRI = URIRef("https://w3id.org/budgetkg/shapes#")  # bks:, whose sh:prefixes constraints use

SEVERITIES = ("Violation", "Warning", "Info")  # most severe first


@dataclass(frozen=True)
class SourceRef:
    """A place in a source document: ``file:line`` and the text printed there."""

    file: str
    line_start: int
    line_end: int
    quote: str
    document: str = ""  # the document's IRI
    page: Optional[int] = None  # PDF page printing line_start

    def __str__(self) -> str:
        place = f"{self.file} p.{self.page}" if self.page else self.file
        if not self.line_start:  # the document as a whole
            return place
        if self.line_end and self.line_end != self.line_start:
            return f"{place}:{self.line_start}-{self.line_end}"
        return f"{place}:{self.line_start}"


@dataclass
class Result:
    severity: str  # one of SEVERITIES
    shape: str  # the shape's IRI
    shape_label: dict[str, str]  # language -> label
    message: dict[str, str]  # language -> message ("zh", "en")
    focus: str  # the focus node's IRI
    focus_label: str
    path: Optional[str] = None
    values: list[str] = field(default_factory=list)  # the value(s) involved, as printed
    sources: list[SourceRef] = field(default_factory=list)  # where the focus node is printed
    related: list[SourceRef] = field(default_factory=list)  # where the other node(s) involved are
    action: str = ""  # what to do about it: ReportToPublisher | FixSource | Accept (bks:action)
    action_label: dict[str, str] = field(default_factory=dict)  # language -> what to do, in words

    @property
    def shape_name(self) -> str:
        return re.split(r"[#/:]", self.shape)[-1]

    @property
    def document(self) -> str:
        """The file the result belongs to in a report: where its focus node is printed first."""
        places = self.sources or self.related
        return places[0].file if places else ""

    @property
    def line(self) -> int:
        places = self.sources or self.related
        return places[0].line_start if places else 0


# Each lookup is one query for every node of a report (``VALUES ?node {...}`` filled in by
# :func:`_values`), not one per result: a report can hold thousands of results.
_NODES = "__NODES__"

_DOCUMENT_FILE = sparql_prologue() + """
SELECT ?node ?file ?title ?start ?page WHERE {
  VALUES ?node { __NODES__ }
  ?node bkg:fileName ?file . OPTIONAL { ?node dcterms:title ?title } OPTIONAL { ?node bkg:lineStart ?start }
  OPTIONAL { ?node bkg:page ?page }
}
"""

_SOURCES = sparql_prologue() + """
SELECT DISTINCT ?node ?doc ?file ?start ?end ?quote ?page WHERE {
  VALUES ?node { __NODES__ }
  ?node (bkg:mention|^bkg:value)? ?n .
  ?n prov:wasDerivedFrom ?doc ; bkg:lineStart ?start .
  OPTIONAL { ?n bkg:lineEnd ?end }
  OPTIONAL { ?n bkg:page ?page }
  OPTIONAL { ?n bkg:quote ?quote }
  OPTIONAL { ?doc bkg:fileName ?file }
} ORDER BY ?file ?start
"""

# Own names first (rank 1–9); otherwise the owner's name and what this node is of it.
_LABEL = sparql_prologue() + """
SELECT ?node ?label ?rank WHERE {
  VALUES ?node { __NODES__ }
  {
    VALUES (?p ?rank) { (skos:prefLabel 1) (bkg:indicatorName 2) (eli:id_local 3) (dcterms:title 4)
                        (bkg:itemName 5) (bkg:printedName 6) (rdfs:label 7) (bkg:fileName 8) }
    ?node ?p ?label .
  } UNION {
    # a stated figure: what it states and the figure as printed
    ?node bkg:statedSubject ?subject ; bkg:printedAmount ?printed ; bkg:printedUnit ?unit .
    OPTIONAL { ?node bkg:context ?context }
    BIND (CONCAT(?subject, " ", ?printed, ?unit, COALESCE(CONCAT(" · ", ?context), "")) AS ?label)
    BIND (0 AS ?rank)
  } UNION {
    ?node bkg:lineName ?line .
    OPTIONAL { ?node bkg:code ?code } OPTIONAL { ?node bkg:table ?table } OPTIONAL { ?node bkg:column ?column }
    BIND (CONCAT(COALESCE(CONCAT(?code, " "), ""), ?line, COALESCE(CONCAT(" · ", ?table), ""),
                 COALESCE(CONCAT(" · ", ?column), "")) AS ?label)
    BIND (0 AS ?rank)
  } UNION {
    VALUES (?link ?rank) { (bkg:value 10) (bkg:amount 11) }
    ?owner ?link ?node .
    { ?owner skos:prefLabel ?ownerName } UNION { ?owner bkg:indicatorName ?ownerName }
    OPTIONAL { ?node bkg:rawText ?detail1 } OPTIONAL { ?node bkg:context ?detail2 }
    OPTIONAL { ?node bkg:amountKind ?detail3 }
    BIND (CONCAT(?ownerName, " · ", COALESCE(?detail1, ?detail2, ?detail3, "")) AS ?label)
  } UNION {
    VALUES (?link ?rank) { (bkg:fundingOf 12) (bkg:itemOf 13) (bkg:executionOf 14) (bkg:scoreOf 15)
                           (bkg:citingProject 16) (bkg:goalOf 17) (bkg:indicatorOf 18) }
    ?node ?link ?owner .
    ?owner skos:prefLabel ?ownerName .
    OPTIONAL { ?node bkg:sourceName ?detail1 } OPTIONAL { ?node bkg:printedForm ?detail2 }
    BIND (CONCAT(?ownerName, COALESCE(CONCAT(" · ", ?detail1), CONCAT(" · ", ?detail2), "")) AS ?label)
  }
}
"""

_BATCH = 500  # nodes per query: keeps each query's text small


def _values(nodes: list[URIRef]) -> list[str]:
    """The nodes as the contents of ``VALUES ?node {...}`` clauses, a batch per clause."""
    terms = [str(ox.NamedNode(str(n))) for n in nodes]  # oxigraph writes the IRI escaped
    return [" ".join(terms[i:i + _BATCH]) for i in range(0, len(terms), _BATCH)]


def _select(store: ox.Store, query: str, nodes: list[URIRef]):
    for values in _values(nodes):
        # Union: a store handed to validate() may hold named graphs only; load_data's holds the
        # merge in its default graph and nothing else, which the union then is.
        yield from store.query(query.replace(_NODES, values), use_default_graph_as_union=True)


def sources_by_node(store: ox.Store, nodes: list[Node]) -> dict[Node, list[SourceRef]]:
    """Every printed place of each node: its own provenance, its mentions, or its owner's.

    A document is its own place: its file as a whole.  Blank nodes have no place to name.
    """
    iris = sorted({n for n in nodes if isinstance(n, URIRef)})
    found: dict[Node, list[SourceRef]] = {}
    for row in _select(store, _DOCUMENT_FILE, iris):
        node = URIRef(row["node"].value)
        title = row["title"].value if row["title"] is not None else ""
        line = int(row["start"].value) if row["start"] is not None else 0  # where its title is printed
        page = int(row["page"].value) if row["page"] is not None else None
        found.setdefault(node, [SourceRef(row["file"].value, line, line, title, str(node), page)])
    documents = set(found)
    for row in _select(store, _SOURCES, [n for n in iris if n not in documents]):
        doc, file, start, end, quote, page = (row[v] for v in ("doc", "file", "start", "end", "quote", "page"))
        file_name = file.value if file is not None else doc.value.rsplit("/", 1)[-1]
        first = int(start.value)
        found.setdefault(URIRef(row["node"].value), []).append(
            SourceRef(file_name, first, int(end.value) if end is not None else first,
                      quote.value if quote is not None else "", doc.value, int(page.value) if page is not None else None))
    return found


def labels_by_node(store: ox.Store, nodes: list[Node]) -> dict[Node, str]:
    """The printed name of each node (lowest rank, then first in text order); else its IRI's last segment.

    Blank nodes cannot be named in a VALUES clause: they keep their label-less form.
    """
    iris = sorted({n for n in nodes if isinstance(n, URIRef)})
    best: dict[Node, tuple[int, str]] = {}
    for row in _select(store, _LABEL, iris):
        node, candidate = URIRef(row["node"].value), (int(row["rank"].value), row["label"].value)
        if node not in best or candidate < best[node]:
            best[node] = candidate
    labels = {node: label for node, (_rank, label) in best.items()}
    for node in nodes:
        labels.setdefault(node, str(node) if isinstance(node, Literal) else str(node).rsplit("/", 1)[-1])
    return labels


def _by_language(graph: Graph, subject: Node, predicate: URIRef) -> dict[str, str]:
    texts: dict[str, str] = {}
    for obj in graph.objects(subject, predicate):
        if isinstance(obj, Literal):
            texts.setdefault(obj.language or "", str(obj))
    return texts


_PLACEHOLDER = re.compile(r"\{[?$]\w+\}")


def template_language(message: str, templates: dict[str, str]) -> str:
    """The language of the sh:message template `message` was filled in from ("" if none fits).

    pySHACL drops the language tag when it substitutes {?var} into a message; the literal
    text around the placeholders still tells which template it came from.
    """
    for lang, template in templates.items():
        parts = _PLACEHOLDER.split(template)
        pattern = "(?s)" + ".*?".join(re.escape(p) for p in parts)
        if re.fullmatch(pattern, message):
            return lang
    return ""


def _messages(report: Graph, shapes: Graph, result: Node, shape: Node) -> dict[str, str]:
    templates = _by_language(shapes, shape, SH.message)
    messages: dict[str, str] = {}
    for obj in report.objects(result, SH.resultMessage):
        if isinstance(obj, Literal):
            lang = obj.language or template_language(str(obj), templates)
            messages.setdefault(lang, str(obj))
    return messages or templates


def _severity_name(node: Node) -> str:
    name = str(node).rsplit("#", 1)[-1]
    return name if name in SEVERITIES else "Violation"


def _shape_of(report: Graph, shapes: Graph, result: Node) -> Node:
    """The named shape behind a result; a blank property shape reports its parent node shape."""
    shape = report.value(result, SH.sourceShape)
    if isinstance(shape, URIRef):
        return shape
    parent = shapes.value(None, SH.property, shape)
    return parent if parent is not None else shape


@dataclass
class _Lookups:
    """What the data says about every node of a report: printed names and printed places."""

    labels: dict[Node, str]
    sources: dict[Node, list[SourceRef]]


def _values_and_related(report: Graph, result: Node, focus: Node, lookups: _Lookups) -> tuple[list[str], list[SourceRef]]:
    values, related = [], []
    for value in report.objects(result, SH.value):
        if value == focus:
            continue
        if isinstance(value, Literal):
            values.append(str(value))
            continue
        values.append(lookups.labels[value])
        related.extend(lookups.sources.get(value, []))
    return values, related


BKS_ACTION = URIRef(f"{SHAPES_IRI}action")


def read_result(report: Graph, shapes: Graph, result: Node, lookups: _Lookups) -> Result:
    focus = report.value(result, SH.focusNode)
    shape = _shape_of(report, shapes, result)
    action = shapes.value(shape, BKS_ACTION)
    messages = _messages(report, shapes, result, shape)
    values, related = _values_and_related(report, result, focus, lookups)
    path = report.value(result, SH.resultPath)
    return Result(
        severity=_severity_name(report.value(result, SH.resultSeverity)),
        shape=str(shape),
        shape_label=_by_language(shapes, shape, RDFS.label),
        message=messages,
        focus=str(focus),
        focus_label=lookups.labels[focus],
        path=str(path) if isinstance(path, URIRef) else None,
        values=values,
        sources=list(lookups.sources.get(focus, [])),
        related=related,
        action=str(action).rsplit("#", 1)[-1] if action is not None else "",
        action_label=_by_language(shapes, action, RDFS.comment) if action is not None else {},
    )


def sort_key(result: Result) -> tuple:
    # The trailing places and values order results that share a focus node the same way on
    # every run, whatever order the store hands the report's results out in.
    return (SEVERITIES.index(result.severity), result.document, result.shape_name, result.line, result.focus,
            [(s.file, s.line_start) for s in result.related], result.values, sorted(result.message.items()))


def read_results(report: Graph, shapes: Graph, store: ox.Store) -> list[Result]:
    result_nodes = list(report.subjects(SH.resultSeverity, None))
    nodes = [report.value(r, SH.focusNode) for r in result_nodes]
    nodes += [v for r in result_nodes for v in report.objects(r, SH.value) if not isinstance(v, Literal)]
    lookups = _Lookups(labels_by_node(store, nodes), sources_by_node(store, nodes))
    results = [read_result(report, shapes, r, lookups) for r in result_nodes]
    return sorted(results, key=sort_key)


@dataclass
class ValidationOutcome:
    conforms: bool  # no sh:Violation (warnings and infos do not break conformance)
    report_graph: Graph  # the sh:ValidationReport as pySHACL made it
    results: list[Result]  # most severe first, then by document, shape and line
    seconds: float = 0.0  # time spent in pySHACL
    triples: int = 0  # size of the validated graph
    shapes_dir: Optional[Path] = None
    counts: dict[str, int] = field(default_factory=dict)  # severity name -> number of results
    hidden: int = 0  # results left out by `severity`
    coverage: dict[str, "Coverage"] = field(default_factory=dict)  # file -> how much of it was read
    accepted: list[Result] = field(default_factory=list)  # results a baseline accepted (not in `results`)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]


@dataclass
class Coverage:
    """What a document prints against what was read from it (the build puts it on the document node)."""

    counts: dict[str, int]  # bkg property name (codedLinesSeen, …) -> count
    not_read: list[str] = field(default_factory=list)  # places where reading fell short

    # (label, seen, read) in the order a steward reads them
    PAIRS = (("文号", "docNumbersSeen", "docNumbersRead"), ("编码行 coded lines", "codedLinesSeen", "codedLinesRead"),
             ("标准表 standard tables", "standardTablesSeen", "standardTablesRead"), ("表单 forms", "formsSeen", "formsRead"))

    def __str__(self) -> str:
        parts = [f"{label} {self.counts[read]}/{self.counts[seen]}" for label, seen, read in self.PAIRS
                 if seen in self.counts and read in self.counts]
        if "indicatorsRead" in self.counts:
            parts.append(f"指标 indicators {self.counts['indicatorsRead']}")
        return " · ".join(parts)


_COVERAGE = sparql_prologue() + """
SELECT ?file ?p ?o WHERE {
  ?doc a bkg:SourceDocument ; bkg:fileName ?file ; ?p ?o .
  VALUES ?p { bkg:docNumbersSeen bkg:docNumbersRead bkg:codedLinesSeen bkg:codedLinesRead bkg:standardTablesSeen
              bkg:standardTablesRead bkg:formsSeen bkg:formsRead bkg:indicatorsRead bkg:notRead }
}
"""


def coverage_by_file(store: ox.Store) -> dict[str, Coverage]:
    """The reading coverage of each document that carries one, by file name."""
    found: dict[str, Coverage] = {}
    for row in store.query(_COVERAGE, use_default_graph_as_union=True):
        entry = found.setdefault(row["file"].value, Coverage({}))
        name = row["p"].value.rsplit("#", 1)[-1]
        if name == "notRead":
            entry.not_read.append(row["o"].value)
        else:
            entry.counts[name] = int(row["o"].value)
    for entry in found.values():
        entry.not_read.sort()
    return found
