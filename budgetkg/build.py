"""`budgetkg build`: documents → records → linked records → RDF → dataset files and store.

:func:`build` runs the whole pipeline and returns a :class:`BuildResult`.  Outputs, all under
``out``::

    dataset.nq      every quad, one line each, sorted: byte-identical for the same sources
    dataset.trig    the same dataset, readable (grouped by named graph, with prefixes)
    build.json      summary: documents (sha256, status), records per type, triples per
                    graph, warnings as file:line
    store/          the pyoxigraph store, swapped in only when everything above succeeded
    cache/records/  extraction results per document (see budgetkg.cache)
    cache/graphs/   each document's mapped named graph as sorted N-Quads lines

A document that cannot be read is reported and skipped; the others build.  Anything that
goes wrong after extraction (linking, mapping, writing) stops the build before the swap, so
the previous store and files stay as they were.  With ``strict``, any warning also stops it
there: the result says so (``rejected``) and nothing under ``out`` but the caches changes.

Incremental: linking always runs over every document's records (it is cheap and decides
what each document's graph depends on); a document's graph is mapped again only when its
records, the mapping code or the linking decisions it depends on changed, else its cached
N-Quads lines are merged in.  The merged output is byte-identical to a cold build's.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

import pyoxigraph
from rdflib import BNode, Literal, URIRef

from mappings import IriMinter, Triples, map_document_triples
from mappings.codelists import vocabulary_triples
from mappings.derived import add_derived_graph
from ontology.namespaces import PREFIXES

from budgetkg.cache import ExtractionCache, GraphCache
from kg_build.extract import DocumentResult, extract_path
from linking import Linking, document_links, link
from kg_build.records import ExtractionWarning, ReadingCoverage, record_type_name
from kg_build.source import list_sources
from kg_build.source_text import SourceText
from queries.search_index import write_search_index
from store.local import build_store, new_store_dir, recover, store_path, swap_in

DATASET_NQ = "dataset.nq"
DATASET_TRIG = "dataset.trig"
SUMMARY = "build.json"
CACHE_DIR = "cache"
RECORDS_CACHE = "records"
GRAPHS_CACHE = "graphs"


class BuildError(Exception):
    """The build cannot run (no sources, unwritable output); nothing was replaced."""


@dataclass
class DocumentStatus:
    file: str
    sha256: Optional[str]
    status: str  # "built" | "failed"
    records: int = 0
    triples: int = 0
    cached: bool = False  # records read from the extraction cache
    graph_cached: bool = False  # named graph reused from the graph cache (not mapped again)
    warnings: list[str] = field(default_factory=list)
    # what the document prints against what was read from it (kg_build.extract.coverage)
    coverage: Optional[dict] = None


@dataclass(frozen=True)
class Progress:
    """One step of a build, for a progress display: ``done`` of ``total`` in ``stage``."""

    stage: str  # "extract" | "map" | "write"
    done: int
    total: int
    item: str
    status: str = ""


@dataclass
class BuildResult:
    out: Path
    documents: list[DocumentStatus]
    records_by_type: dict[str, int]
    triples_by_graph: dict[str, int]
    warnings: list[ExtractionWarning]
    seconds: float
    strict: bool = False
    rejected: bool = False  # strict and warnings: nothing was written or swapped in

    @property
    def store(self) -> Path:
        return store_path(self.out)

    @property
    def nquads(self) -> Path:
        return self.out / DATASET_NQ

    @property
    def trig(self) -> Path:
        return self.out / DATASET_TRIG

    @property
    def failed(self) -> list[DocumentStatus]:
        return [d for d in self.documents if d.status != "built"]

    @property
    def triples(self) -> int:
        return sum(self.triples_by_graph.values())

    @property
    def exit_status(self) -> int:
        """0 every document built; 1 some failed (or, with strict, any warning)."""
        if self.failed or (self.strict and self.warnings):
            return 1
        return 0

    def summary(self) -> dict:
        return {
            "documents": [vars(d) for d in self.documents],
            "records": dict(sorted(self.records_by_type.items())),
            "triples": dict(sorted(self.triples_by_graph.items())),
            "total_triples": self.triples,
            "warnings": [str(w) for w in self.warnings],
            "failed": [d.file for d in self.failed],
            "seconds": round(self.seconds, 3),
        }


ProgressCallback = Callable[[Progress], None]


def build(sources: Union[str, Path, Iterable[Union[str, Path]]], out: Union[str, Path], *,
          base: Optional[str] = None, strict: bool = False,
          progress: Optional[ProgressCallback] = None) -> BuildResult:
    """Build the dataset and store of `sources` (folders or files) into `out`."""
    started = time.perf_counter()
    out = Path(out)
    paths = _source_paths(sources)
    try:
        out.mkdir(parents=True, exist_ok=True)
        recover(out)
    except OSError as exc:
        raise BuildError(f"cannot use output folder {out}: {exc.strerror or exc}") from exc
    notify = progress or (lambda p: None)

    results, cached = _extract_all(paths, ExtractionCache(out / CACHE_DIR / RECORDS_CACHE), notify)
    built = [r for r in results if r.ok]
    records = [rec for r in built for rec in r.records]
    linking = link(records)
    iris = IriMinter(base)
    writer = NQuadsWriter()
    cache = GraphCache(out / CACHE_DIR / GRAPHS_CACHE)
    graphs: dict[str, list[bytes]] = {}  # graph IRI -> its sorted N-Quads lines
    reused: set[str] = set()
    for i, r in enumerate(built, 1):
        name, lines, hit = _document_graph(r, linking, iris, cache, writer)
        graphs[name] = lines
        if hit:
            reused.add(r.file)
        notify(Progress("map", i, len(built), r.file, "cached" if hit else ""))
    vocab = vocabulary_triples(records, linking, iris)
    graphs[str(vocab.identifier)] = writer.lines(vocab)
    cache.prune()

    triples = {r.file: len(graphs[str(iris.document(r.file))]) for r in built}
    result = BuildResult(
        out=out,
        documents=_statuses(results, cached, reused, triples),
        records_by_type=dict(Counter(record_type_name(rec) for rec in records)),
        triples_by_graph={name: len(lines) for name, lines in graphs.items()},
        warnings=[w for r in results for w in r.warnings],
        seconds=0.0,
        strict=strict,
    )
    if strict and result.warnings:
        result.rejected = True
        result.seconds = time.perf_counter() - started
        return result
    _write_outputs(out, graphs, iris, result, started, notify, [(p, r.source) for p, r in zip(paths, results)])
    return result


def _document_graph(result: DocumentResult, linking: Linking, iris: IriMinter, cache: GraphCache,
                    writer: "NQuadsWriter") -> tuple[str, list[bytes], bool]:
    """(graph IRI, sorted N-Quads lines, reused from the cache?) of one document."""
    view = document_links(linking, result.file, result.records)
    key = cache.key(result.file, result.sha256 or "", iris.base, view.digest())
    name = str(iris.document(result.file))
    lines = cache.get(key)
    if lines is not None:
        return name, lines, True
    lines = writer.lines(map_document_triples(result.file, result.records, view, iris))
    cache.put(key, lines)
    return name, lines, False


def _source_paths(sources: Union[str, Path, Iterable[Union[str, Path]]]) -> list[Path]:
    given = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    missing = [p for p in given if not p.exists()]
    if missing:
        raise BuildError(f"no such source folder or file: {', '.join(map(str, missing))}")
    paths = list_sources(given)
    if not paths:
        raise BuildError(f"no documents (*.pdf, *.txt, *.md, *.html) in {', '.join(map(str, given))}")
    return paths


def _extract_all(paths: list[Path], cache: ExtractionCache,
                 notify: ProgressCallback) -> tuple[list[DocumentResult], set[str]]:
    results: list[DocumentResult] = []
    cached: set[str] = set()
    for i, path in enumerate(paths, 1):
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            sha = None
        hit = cache.get(path.name, sha) if sha else None
        if hit is not None:
            cached.add(path.name)
            result = hit
        else:
            result = extract_path(path)
            cache.put(result)
        results.append(result)
        status = "cached" if hit else ("read" if result.ok else "FAILED")
        notify(Progress("extract", i, len(paths), path.name, status))
    cache.prune()
    return results, cached


def _statuses(results: list[DocumentResult], cached: set[str], reused: set[str],
              triples: dict[str, int]) -> list[DocumentStatus]:
    return [
        DocumentStatus(
            file=r.file,
            sha256=r.sha256,
            status="built" if r.ok else "failed",
            records=len(r.records),
            triples=triples.get(r.file, 0),
            cached=r.file in cached,
            graph_cached=r.file in reused,
            warnings=[str(w) for w in r.warnings],
            coverage=_coverage(r),
        )
        for r in results
    ]


def _coverage(result: DocumentResult) -> Optional[dict]:
    found = next((rec for rec in result.records if isinstance(rec, ReadingCoverage)), None)
    if found is None:
        return None
    return {f.name: getattr(found, f.name) for f in dataclasses.fields(found) if f.name != "prov"}


# ---------------------------------------------------------------- writing


def _term(t) -> Union[pyoxigraph.NamedNode, pyoxigraph.Literal]:
    if isinstance(t, URIRef):
        return pyoxigraph.NamedNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return pyoxigraph.Literal(str(t), language=t.language)
        if t.datatype:
            return pyoxigraph.Literal(str(t), datatype=pyoxigraph.NamedNode(str(t.datatype)))
        return pyoxigraph.Literal(str(t))
    if isinstance(t, BNode):
        raise ValueError("blank node in a mapped graph: every node needs a deterministic IRI")
    raise TypeError(f"unexpected RDF term {t!r}")


class NQuadsWriter:
    """Mapped triples → N-Quads lines.

    pyoxigraph writes (and checks) each distinct term once; a line is then the four written
    terms, exactly as pyoxigraph's N-Quads serializer prints a quad.
    """

    def __init__(self) -> None:
        # keyed by plain values: rdflib's own term equality is a Python call on every lookup
        self._iris: dict[str, str] = {}
        self._literals: dict[tuple, str] = {}

    def term(self, t) -> str:
        if isinstance(t, URIRef):
            key = str(t)
            written = self._iris.get(key)
            if written is None:
                written = self._iris[key] = str(_term(t))
            return written
        key = (str(t), t.language, t.datatype and str(t.datatype)) if isinstance(t, Literal) else (t,)
        written = self._literals.get(key)
        if written is None:
            written = self._literals[key] = str(_term(t))
        return written

    def lines(self, triples: Triples) -> list[bytes]:
        """The graph's lines, sorted (byte order), each ending in a newline."""
        g, term = self.term(triples.identifier), self.term
        return sorted(f"{term(s)} {term(p)} {term(o)} {g} .\n".encode("utf-8") for s, p, o in triples)


def nquads_text(graphs: dict[str, list[bytes]]) -> bytes:
    """N-Quads, one line per quad, sorted: the same dataset always gives the same bytes."""
    return b"".join(sorted({line for lines in graphs.values() for line in lines}))


def trig_input(graphs: dict[str, list[bytes]]) -> bytes:
    """The quads grouped by graph (in IRI order), each graph's sorted by subject, predicate, object.

    Within one graph a line's bytes sort as (subject, predicate, object) do: the graph part is
    the same, an IRI term always ends in ``>`` and no escaped literal holds a character below
    the space that separates terms.
    """
    return b"".join(line for name in sorted(graphs) for line in graphs[name])


def _write_outputs(out: Path, graphs: dict[str, list[bytes]], iris: IriMinter, result: BuildResult,
                   started: float, notify: ProgressCallback, sources: list[tuple[Path, Optional[SourceText]]]) -> None:
    pid = os.getpid()
    tmp_nq, tmp_trig, tmp_json = (out / f".{name}.{pid}.tmp" for name in (DATASET_NQ, DATASET_TRIG, SUMMARY))
    tmp_store = new_store_dir(out)
    try:
        tmp_nq.write_bytes(nquads_text(graphs))
        build_store(tmp_store, out, tmp_nq, graphs)
        # Derived triples summarise the merged graph, so they come once the store holds it.
        derived, graphs[derived] = add_derived_graph(tmp_store, iris)
        result.triples_by_graph[derived] = len(graphs[derived])
        write_search_index(tmp_store, sources, previous=store_path(out))
        tmp_nq.write_bytes(nquads_text(graphs))
        notify(Progress("write", 1, 3, DATASET_NQ))
        prefixes = {**PREFIXES, "id": str(iris.id)}
        quads = pyoxigraph.parse(trig_input(graphs), pyoxigraph.RdfFormat.N_QUADS)
        pyoxigraph.serialize(quads, str(tmp_trig), pyoxigraph.RdfFormat.TRIG, prefixes=prefixes)
        notify(Progress("write", 2, 3, DATASET_TRIG))
        notify(Progress("write", 3, 3, "store"))
        result.seconds = time.perf_counter() - started
        tmp_json.write_text(json.dumps(result.summary(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        swap_in(tmp_store, out)
        for tmp, name in ((tmp_nq, DATASET_NQ), (tmp_trig, DATASET_TRIG), (tmp_json, SUMMARY)):
            os.replace(tmp, out / name)
    finally:
        for tmp in (tmp_nq, tmp_trig, tmp_json):
            tmp.unlink(missing_ok=True)
        if tmp_store.exists():
            shutil.rmtree(tmp_store)
