"""How RDF terms look on pages: short prefixed names, and local links for our own IRIs."""
from __future__ import annotations

import re
from urllib.parse import quote

import pyoxigraph as ox
from flask import Flask, current_app

from ontology.namespaces import PREFIXES, pasteable

# Non-ASCII characters are percent-encoded in links; ASCII escapes already in the IRI stay.
_HREF_SAFE = "/:@!$&'()*+,;=-._~%"
_UTF8_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def _backend():
    return current_app.extensions["budgetkg"]


def local_path(iri: str) -> str | None:
    """The server path of one of our instance IRIs (``/id/...``), or None for other IRIs."""
    base = _backend().base_iri
    if iri.startswith(base + "id/"):
        return "/" + iri[len(base):]
    return None


def href(iri: str) -> str:
    path = local_path(iri)
    if path is not None:
        return quote(path, safe=_HREF_SAFE)
    if iri.startswith(str(PREFIXES["bkg"])):
        return "/ontology#" + iri.split("#", 1)[1]
    return iri if iri.startswith(("http://", "https://")) else ""


def compact(iri: str) -> str:
    """The IRI as it pastes into a query on this endpoint (`id:project\\/4201…`, `bkg:Citation`)."""
    shown = pasteable(iri, _backend().base_iri)
    return iri if shown.startswith("<") else shown


def iri_from_request_path(raw_path: str) -> str:
    """The IRI named by a request path such as ``/id/policy/%E6%AD%A6...``.

    Only escapes of non-ASCII characters are decoded: IRIs keep Chinese characters as they
    are but hold ASCII escapes (``%2F`` inside a key) literally.
    """
    def decode(m: re.Match) -> str:
        raw = m.group()
        try:
            return bytes.fromhex(raw.replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return raw.upper()
    path = _UTF8_ESCAPES.sub(decode, raw_path.split("?", 1)[0])
    return _backend().base_iri + path.lstrip("/")


def source_href(file: str, line: str | int | None = None, line_end: str | int | None = None) -> str:
    """The source view of a document file, at the cited lines: ``/source/<file>?lines=12-14#L12``."""
    path = "/source/" + quote(file, safe="")
    if not line:
        return path
    span = f"{line}-{line_end}" if line_end and str(line_end) != str(line) else f"{line}"
    return f"{path}?lines={span}#L{line}"


# A literal's datatype that goes without saying: a plain or a language-tagged string.
_UNSHOWN_DATATYPES = {PREFIXES["xsd"] + "string", PREFIXES["rdf"] + "langString"}


def shown_datatype(term: ox.Literal) -> str:
    """The datatype IRI a result cell shows beside a literal; "" for a string."""
    datatype = term.datatype.value
    return "" if datatype in _UNSHOWN_DATATYPES else datatype


def register(app: Flask) -> None:
    # The kind of a result cell (a pyoxigraph term), for the templates: `t is iri`.
    app.jinja_env.tests["iri"] = lambda t: isinstance(t, ox.NamedNode)
    app.jinja_env.tests["blank"] = lambda t: isinstance(t, ox.BlankNode)
    app.jinja_env.tests["literal"] = lambda t: isinstance(t, ox.Literal)
    app.jinja_env.filters["shown_datatype"] = shown_datatype
    app.jinja_env.filters["href"] = href
    app.jinja_env.filters["source_href"] = source_href
    app.jinja_env.filters["compact"] = compact
