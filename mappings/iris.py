"""Deterministic IRI minting: the one place that knows the shape of every instance IRI.

Keys are readable and stable (same input, same IRI): Chinese characters stay as IRI
characters; only what an IRI cannot hold (spaces, ``<>"{}|\\^```, ``#?%``, controls) is
percent-encoded, and a ``/`` inside one key part is encoded so that it never adds a path
segment.  The shapes are those of ``docs/model.md``.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import PurePath
from typing import Optional

from rdflib import Namespace, URIRef

from ontology.namespaces import DEFAULT_BASE

_ASCII_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@")


def _char_allowed(ch: str) -> bool:
    if ch.isascii():
        return ch in _ASCII_ALLOWED
    return not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp")


@lru_cache(maxsize=1 << 16)  # the same stems, line numbers and names recur across a build
def segment(text: str) -> str:
    """One path segment of a key: whitespace folded away, unsafe characters percent-encoded."""
    text = "".join(str(text).split())
    if not text:
        raise ValueError("empty IRI key segment")
    return "".join(ch if _char_allowed(ch) else "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in text)


def stem(file_name: str) -> str:
    """The document key: its file name without the extension."""
    return PurePath(file_name).stem


CODE_SCHEMES = ("functional", "economic", "indicator", "document-kind", "phase", "goal", "value-role", "level",
                "standard-table")


class IriMinter:
    """Instance IRIs under ``<base>id/``; the base is the ``base_iri`` setting."""

    def __init__(self, base: Optional[str] = None):
        base = base or DEFAULT_BASE
        self.base = base if base.endswith("/") else base + "/"
        self.id = Namespace(self.base + "id/")

    def _iri(self, kind: str, *parts: object) -> URIRef:
        return URIRef(self.id + "/".join([kind, *(segment(str(p)) for p in parts)]))

    # documents and their datasets
    def document(self, file_name: str) -> URIRef:
        return self._iri("document", stem(file_name))

    def dataset(self, file_name: str) -> URIRef:
        return self._iri("dataset", stem(file_name))

    def vocabularies_graph(self) -> URIRef:
        return self._iri("graph", "vocabularies")

    def derived_graph(self) -> URIRef:
        return self._iri("graph", "derived")

    # shared nodes
    def region(self, code: str) -> URIRef:
        return self._iri("region", code)

    def department(self, key: str) -> URIRef:
        """``key`` is the linker's department key, ``<region code>/<canonical name>``."""
        return self._iri("department", *key.split("/"))

    def project(self, key: str) -> URIRef:
        """``key`` is a project code or ``<department key>/<canonical name>``."""
        return self._iri("project", *key.split("/"))

    def policy(self, doc_number: str, region: Optional[str] = None) -> URIRef:
        """A 文号's policy; a relative one (市政办发…) under the region it was resolved to."""
        return self._iri("policy", region, doc_number) if region else self._iri("policy", doc_number)

    def policy_by_title(self, title: str) -> URIRef:
        return self._iri("policy", "title", title)

    def issuer(self, key: str) -> URIRef:
        """An issuing body by :attr:`kg_build.issuers.Issuer.key` ('武政办', '6101/市政办发')."""
        return self._iri("issuer", *key.split("/"))

    # per-document nodes: <kind>/<file stem>/<line_start>/<n>, n = 1-based position among the
    # nodes of that kind starting on that line, in reading order (see MappingContext.node)
    PER_DOCUMENT = ("citation", "goal", "indicator", "observation", "amount", "funding", "item", "execution",
                    "score", "mention", "statement", "part")

    def per_document(self, kind: str, file_name: str, line: int, n: int) -> URIRef:
        if kind not in self.PER_DOCUMENT:
            raise ValueError(f"unknown per-document node kind {kind!r}; known: {', '.join(self.PER_DOCUMENT)}")
        return self._iri(kind, stem(file_name), line, n)

    def indicator_value(self, indicator: URIRef, role: str, year: Optional[int] = None) -> URIRef:
        tail = [role] if year is None else [role, str(year)]
        return URIRef(indicator + "/value/" + "/".join(segment(t) for t in tail))

    # code lists
    def code(self, scheme: str, key: str) -> URIRef:
        if scheme not in CODE_SCHEMES:
            raise ValueError(f"unknown code list {scheme!r}; known: {', '.join(CODE_SCHEMES)}")
        return self._iri("code", scheme, key)

    def scheme(self, name: str) -> URIRef:
        return self._iri("scheme", name)
