"""Extraction: documents in, typed records with provenance out.

Each reader of one kind of fact registers itself with :func:`reader`; :func:`extract_source`
runs them all on one document in registration order (the ``document`` reader first, since the
others use what it found).  A reader that rejects its input (:class:`ExtractionError`) turns
into a warning naming the document and, where it knows it, the line; the other readers go on.
Every warning a reader gives starts with the reader's name (``projects: …``), whichever part
of it speaks.
A reader that crashes (any other exception: a bug) fails the whole document, since its records
would be silently incomplete; the other documents go on.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..records import Document, ExtractionWarning, Record, record_type_name
from ..source import list_sources, read_source
from ..source_text import SourceError, SourceText


class ExtractionError(Exception):
    """Raised by a reader for input it cannot make sense of; carries the line."""

    def __init__(self, message: str, line: Optional[int] = None):
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass
class Context:
    """What the readers of one document share: the document record and its warnings."""

    source: SourceText
    document: Optional[Document] = None
    warnings: list[ExtractionWarning] = field(default_factory=list)
    # Work several readers need on the same document (its form sections), done once.
    shared: dict = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)  # what the readers before have read
    reader: str = ""  # the reader running: every warning it gives starts with its name

    def warn(self, message: str, line: Optional[int] = None) -> None:
        message = f"{self.reader}: {message}" if self.reader else message
        self.warnings.append(ExtractionWarning(self.source.file, line, message, self.source.page_of(line)))


Reader = Callable[[SourceText, Context], Iterable[Record]]


@dataclass(frozen=True)
class ReaderEntry:
    name: str
    func: Reader
    order: int


_READERS: dict[str, ReaderEntry] = {}

# The built-in readers; importing them registers them.  A plug-in reader registers the same way.
BUILTIN_READER_MODULES = (
    "document",
    "organisations",
    "budget_tables",
    "projects",
    "citations",
    "performance",
    "final_accounts",
    "statements",
    "coverage",
)


def reader(name: str, order: int = 100) -> Callable[[Reader], Reader]:
    def register(func: Reader) -> Reader:
        _READERS[name] = ReaderEntry(name, func, order)
        return func

    return register


def readers() -> list[ReaderEntry]:
    for mod in BUILTIN_READER_MODULES:
        try:
            importlib.import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{mod}":
                raise
    return sorted(_READERS.values(), key=lambda r: (r.order, r.name))


@dataclass
class DocumentResult:
    file: str
    sha256: Optional[str]
    records: list[Record]
    warnings: list[ExtractionWarning]
    ok: bool  # False when the document could not be read at all
    # The text as read, kept for the build's search index and source view (not cached: a
    # document read from the cache has none, and the index takes its lines from the last build).
    source: Optional[SourceText] = field(default=None, repr=False, compare=False)


@dataclass
class ExtractionResult:
    documents: list[DocumentResult]

    @property
    def records(self) -> list[Record]:
        return [r for d in self.documents for r in d.records]

    @property
    def warnings(self) -> list[ExtractionWarning]:
        return [w for d in self.documents for w in d.warnings]

    def by_type(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = {}
        for r in self.records:
            out.setdefault(record_type_name(r), []).append(r)
        return out


def extract_source(source: SourceText) -> DocumentResult:
    ctx = Context(source)
    records = ctx.records
    for entry in readers():
        ctx.reader = entry.name
        try:
            produced = list(entry.func(source, ctx))
        except ExtractionError as exc:
            ctx.warn(exc.message, exc.line)
            continue
        except Exception as exc:  # noqa: BLE001 - one reader's bug must not stop the other documents
            ctx.warn(f"reader failed: {type(exc).__name__}: {exc}", _line_of(exc))
            return DocumentResult(source.file, source.sha256, [], ctx.warnings, False)
        for rec in produced:
            if isinstance(rec, Document):
                ctx.document = rec
        records.extend(produced)
    return DocumentResult(source.file, source.sha256, records, ctx.warnings, True)


def _line_of(exc: BaseException) -> Optional[int]:
    return getattr(exc, "line", None) if isinstance(getattr(exc, "line", None), int) else None


def extract_path(path: Path) -> DocumentResult:
    try:
        source = read_source(path)
    except SourceError as exc:
        return DocumentResult(path.name, None, [], [ExtractionWarning(path.name, exc.line, exc.message, exc.page)], False)
    except OSError as exc:
        return DocumentResult(path.name, None, [], [ExtractionWarning(path.name, None, f"cannot read: {exc.strerror}")], False)
    result = extract_source(source)
    result.warnings[:0] = source.notes
    result.source = source
    return result


def extract(paths: Iterable[Path]) -> ExtractionResult:
    return ExtractionResult([extract_path(p) for p in list_sources([Path(p) for p in paths])])
