"""Incremental builds: extraction results and mapped graphs cached per document.

A document's records depend only on its bytes, its file name and the extraction code, so the
cache key is (sha256 of the bytes, file name, :func:`extractor_version`): a hash of every
module extraction runs.  Changing one reader invalidates every entry; changing one document
invalidates only its own.  Entries are JSON (Decimals as strings), written atomically.

A document's named graph depends on its records, on the mapping code, on the base IRI and on
the linking decisions its records meet (:class:`linking.DocumentLinks`), so
:class:`GraphCache` keys its N-Quads lines by all four: a document whose text did not change
is mapped again only when a decision it depends on did (another document now prints a fuller
name of its department, say).

Both caches keep only what the latest build used (:meth:`prune`), so they do not grow with
every edit of a document.

The JSON codec of records (:func:`record_to_json`, :func:`record_from_json`) is also the
format of ``budgetkg extract``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import os
import typing
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import pyoxigraph
import rdflib

from kg_build import records as records_module
from kg_build.extract import DocumentResult
from kg_build.records import RECORD_TYPES, ExtractionWarning, Record

CACHE_FORMAT = 1
GRAPH_FORMAT = 1
_ROOT = Path(__file__).resolve().parent.parent
_PACKAGE = _ROOT / "kg_build"  # the readers: everything extraction runs
# Besides the records, a mapped graph depends on the linker, the mappers and the prefixes.
_GRAPH_CODE = (_ROOT / "linking", _ROOT / "mappings", _ROOT / "ontology")
_TYPES: dict[str, type] = {t.__name__: t for t in RECORD_TYPES}


class CacheError(Exception):
    """A cache entry that cannot be decoded (written by another version): it is rebuilt."""


def extractor_version() -> str:
    """Hash of the source of every module extraction uses (readers, records, source reading)."""
    files = sorted(_PACKAGE.rglob("*.py"))
    h = hashlib.sha256(f"format {CACHE_FORMAT}\n".encode())
    # the lines a PDF gives depend on the PDF library as much as on our code
    h.update(f"pdfplumber {importlib.metadata.version('pdfplumber')}\n".encode())
    for p in files:
        h.update(p.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def mapper_version() -> str:
    """Hash of everything a mapped graph depends on besides its inputs: extraction (records),
    linking and mapping code, and the versions of the libraries that write the terms."""
    h = hashlib.sha256(f"graph format {GRAPH_FORMAT}\n{extractor_version()}\n".encode())
    h.update(f"rdflib {rdflib.__version__} pyoxigraph {pyoxigraph.__version__}\n".encode())
    for p in sorted(p for folder in _GRAPH_CODE for p in folder.rglob("*.py")):
        h.update(p.relative_to(_ROOT).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _prune(folder: Path, version: str, used: set[Path]) -> None:
    """Drop entries of other versions and entries the latest build did not use."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir():
            for f in entry.iterdir():
                if entry.name != version or f not in used:
                    f.unlink()
            if entry.name != version:
                entry.rmdir()


# ---------------------------------------------------------------- JSON codec of records


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def record_to_json(record: Record) -> dict[str, Any]:
    """Fields of a record as JSON values; Decimals become strings."""
    return _encode(record)


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(records_module))


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union:
        inner = [a for a in args if a is not type(None)]
        return _decode(inner[0], value) if len(inner) == 1 else value
    if origin is list:
        return [_decode(args[0], v) for v in value]
    if origin is tuple:
        return tuple(_decode(a, v) for a, v in zip(args, value))
    if hint is Decimal:
        return Decimal(value)
    if dataclasses.is_dataclass(hint):
        return _from_fields(hint, value)
    return value


def _from_fields(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs = {f.name: _decode(hints[f.name], data[f.name]) for f in dataclasses.fields(cls) if f.name in data}
    return cls(**kwargs)


def record_from_json(type_name: str, data: dict[str, Any]) -> Record:
    try:
        return _from_fields(_TYPES[type_name], data)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise CacheError(f"cannot decode a {type_name} record: {type(exc).__name__}: {exc}") from None


# ---------------------------------------------------------------- the cache


class ExtractionCache:
    def __init__(self, folder: Path, version: Optional[str] = None):
        self.folder = Path(folder)
        self.version = version or extractor_version()
        self._used: set[Path] = set()

    def _path(self, file: str, sha256: str) -> Path:
        key = hashlib.sha256(f"{file}\0{sha256}".encode()).hexdigest()[:24]
        path = self.folder / self.version / f"{key}.json"
        self._used.add(path)
        return path

    def get(self, file: str, sha256: str) -> Optional[DocumentResult]:
        path = self._path(file, sha256)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None  # a damaged entry is just a miss
        if data.get("file") != file or data.get("sha256") != sha256:
            return None
        try:
            recs = [record_from_json(r["type"], r["fields"]) for r in data["records"]]
        except (CacheError, KeyError, TypeError):
            return None
        warnings = [ExtractionWarning(w["document"], w["line"], w["message"], w.get("page")) for w in data["warnings"]]
        return DocumentResult(file, sha256, recs, warnings, True)

    def put(self, result: DocumentResult) -> None:
        if not result.ok or not result.sha256:
            return  # unreadable documents are read again next time (the file may be fixed)
        path = self._path(result.file, result.sha256)
        data = {
            "file": result.file,
            "sha256": result.sha256,
            "records": [{"type": type(r).__name__, "fields": record_to_json(r)} for r in result.records],
            "warnings": [{"document": w.document, "line": w.line, "message": w.message, "page": w.page}
                         for w in result.warnings],
        }
        _write_atomically(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def prune(self) -> None:
        """Drop entries of other extractor versions and of documents this build did not read."""
        _prune(self.folder, self.version, self._used)


class GraphCache:
    """Sorted N-Quads lines of each document's named graph (see the module's docstring)."""

    def __init__(self, folder: Path, version: Optional[str] = None):
        self.folder = Path(folder)
        self.version = version or mapper_version()
        self._used: set[Path] = set()

    def key(self, file: str, sha256: str, base: str, links_digest: str) -> Path:
        key = hashlib.sha256(f"{file}\0{sha256}\0{base}\0{links_digest}".encode()).hexdigest()[:32]
        path = self.folder / self.version / f"{key}.nq"
        self._used.add(path)
        return path

    def get(self, key: Path) -> Optional[list[bytes]]:
        try:
            data = key.read_bytes()
        except OSError:
            return None
        return data.splitlines(keepends=True)

    def put(self, key: Path, lines: list[bytes]) -> None:
        _write_atomically(key, b"".join(lines))

    def prune(self) -> None:
        _prune(self.folder, self.version, self._used)
