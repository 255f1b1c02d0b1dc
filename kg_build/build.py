"""`budgetkg build`: documents → records → linked records → RDF → dataset files and store.

:func:`build` runs the whole pipeline and returns a :class:`BuildResult`.  Outputs, all under
``out``::

    dataset.nq      every quad, one line each, sorted: byte-identical for the same sources
    dataset.trig    the same dataset, readable (grouped by named graph, with prefixes)
    build.json      summary: documents (sha256, status), records per type, triples per
                    graph, warnings as file:line
    store/          the pyoxigraph store, swapped in only when everything above succeeded
    cache/          extraction results per document (see kg_build.cache)

A document that cannot be read is reported and skipped; the others build.  Anything that
goes wrong after extraction (linking, mapping, writing) stops the build before the swap, so
the previous store and files stay as they were.
"""
from __future__ import annotations

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
from rdflib import BNode, Graph, Literal, URIRef

from mappings import IriMinter, map_document
from mappings.codelists import vocabularies
from mappings.namespaces import PREFIXES

from .cache import ExtractionCache
from .extract import DocumentResult, extract_path
from .link import link
from .records import ExtractionWarning, record_type_name
from .source import list_sources
from .store import load_nquads, new_store_dir, recover, store_path, swap_in

DATASET_NQ = "dataset.nq"
DATASET_TRIG = "dataset.trig"
SUMMARY = "build.json"
CACHE_DIR = "cache"


class BuildError(Exception):
    """The build cannot run (no sources, unwritable output); nothing was replaced."""


@dataclass
class DocumentStatus:
    file: str
    sha256: Optional[str]
    status: str  # "built" | "failed"
    records: int = 0
    triples: int = 0
    cached: bool = False
    warnings: list[str] = field(default_factory=list)


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

    results, cached = _extract_all(paths, ExtractionCache(out / CACHE_DIR), notify)
    built = [r for r in results if r.ok]
    records = [rec for r in built for rec in r.records]
    linking = link(records)
    iris = IriMinter(base)
    graphs: list[Graph] = []
    for i, r in enumerate(built, 1):
        graphs.append(map_document(r.file, r.records, linking, iris))
        notify(Progress("map", i, len(built), r.file))
    graphs.append(vocabularies(records, linking, iris))

    statuses = _statuses(results, cached, {r.file: len(g) for r, g in zip(built, graphs)})
    result = BuildResult(
        out=out,
        documents=statuses,
        records_by_type=dict(Counter(record_type_name(rec) for rec in records)),
        triples_by_graph={str(g.identifier): len(g) for g in graphs},
        warnings=[w for r in results for w in r.warnings],
        seconds=0.0,
        strict=strict,
    )
    _write_outputs(out, graphs, iris, result, started, notify)
    return result


def _source_paths(sources: Union[str, Path, Iterable[Union[str, Path]]]) -> list[Path]:
    given = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    missing = [p for p in given if not p.exists()]
    if missing:
        raise BuildError(f"no such source folder or file: {', '.join(map(str, missing))}")
    paths = list_sources(given)
    if not paths:
        raise BuildError(f"no documents (*.txt, *.md, *.html) in {', '.join(map(str, given))}")
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


def _statuses(results: list[DocumentResult], cached: set[str], triples: dict[str, int]) -> list[DocumentStatus]:
    return [
        DocumentStatus(
            file=r.file,
            sha256=r.sha256,
            status="built" if r.ok else "failed",
            records=len(r.records),
            triples=triples.get(r.file, 0),
            cached=r.file in cached,
            warnings=[str(w) for w in r.warnings],
        )
        for r in results
    ]


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


def to_quads(graphs: Iterable[Graph]) -> list[pyoxigraph.Quad]:
    quads = []
    for g in graphs:
        name = pyoxigraph.NamedNode(str(g.identifier))
        quads.extend(pyoxigraph.Quad(_term(s), _term(p), _term(o), name) for s, p, o in g)
    return quads


def nquads_text(quads: list[pyoxigraph.Quad]) -> bytes:
    """N-Quads, one line per quad, sorted: the same dataset always gives the same bytes."""
    lines = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS).splitlines()
    return b"".join(line + b"\n" for line in sorted(set(lines)))


def _write_outputs(out: Path, graphs: list[Graph], iris: IriMinter, result: BuildResult, started: float,
                   notify: ProgressCallback) -> None:
    pid = os.getpid()
    tmp_nq, tmp_trig, tmp_json = (out / f".{name}.{pid}.tmp" for name in (DATASET_NQ, DATASET_TRIG, SUMMARY))
    tmp_store = new_store_dir(out)
    try:
        quads = to_quads(graphs)
        tmp_nq.write_bytes(nquads_text(quads))
        notify(Progress("write", 1, 3, DATASET_NQ))
        prefixes = {**PREFIXES, "id": str(iris.id)}
        quads.sort(key=lambda q: (q.graph_name.value, str(q.subject), str(q.predicate), str(q.object)))
        pyoxigraph.serialize(quads, str(tmp_trig), pyoxigraph.RdfFormat.TRIG, prefixes=prefixes)
        notify(Progress("write", 2, 3, DATASET_TRIG))
        load_nquads(tmp_store, tmp_nq)
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
