"""What a query text asks for, read without running it: form, dataset clauses, SERVICE, updates.

pyoxigraph has no parse-only API and its query engine *does* call remote SERVICE endpoints over
HTTP, so the endpoint must refuse such queries before they reach the store.  The tokenizer
skips strings, comments and IRIs, so a keyword inside a literal (``"SERVICE"``), a comment or
an IRI (``<http://e/load>``) never counts, and a variable or prefixed name (``?load``,
``ex:service``) is not a keyword either.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

# One alternative per token kind; the order matters (long strings before short ones).
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<pname>(?:[^\W\d][\w.-]*)?:[\w.:%\\-]*)
    | (?P<word>[^\W\d]\w*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


@dataclass
class QueryInspection:
    form: str | None = None                 # SELECT / ASK / CONSTRUCT / DESCRIBE, or None
    updates: list[str] = field(default_factory=list)   # update operations named in the text
    uses_service: bool = False
    default_graphs: list[str] = field(default_factory=list)  # FROM <g>
    named_graphs: list[str] = field(default_factory=list)    # FROM NAMED <g>
    unresolved: list[str] = field(default_factory=list)      # FROM prefixed names with no PREFIX

    @property
    def is_graph_form(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def tokens(text: str) -> list[Token]:
    """Significant tokens of a SPARQL text: whitespace and comments dropped."""
    found = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            found.append(Token(kind, m.group()))
    return found


def inspect_query(text: str) -> QueryInspection:
    toks = tokens(text)
    result = QueryInspection()
    prefixes: dict[str, str] = {}
    base = ""
    i = 0
    # The prologue: BASE and PREFIX declarations only.
    while i < len(toks):
        word = toks[i].text.upper() if toks[i].kind == "word" else ""
        if word == "BASE" and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            base = urljoin(base, toks[i + 1].text[1:-1])
            i += 2
        elif word == "PREFIX" and i + 2 < len(toks) and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text[:-1]] = urljoin(base, toks[i + 2].text[1:-1])
            i += 3
        else:
            break
    for j in range(i, len(toks)):
        tok = toks[j]
        if tok.kind != "word":
            continue
        word = tok.text.upper()
        if result.form is None and word in QUERY_FORMS:
            result.form = word
        elif word in UPDATE_KEYWORDS and result.form is None:
            result.updates.append(word)
        elif word == "SERVICE":
            result.uses_service = True
        elif word == "FROM":
            _read_from(toks, j + 1, result, prefixes, base)
    return result


def _read_from(toks: list[Token], k: int, result: QueryInspection, prefixes: dict[str, str], base: str) -> None:
    target = result.default_graphs
    if k < len(toks) and toks[k].kind == "word" and toks[k].text.upper() == "NAMED":
        target, k = result.named_graphs, k + 1
    if k >= len(toks):
        return
    tok = toks[k]
    if tok.kind == "iri":
        target.append(urljoin(base, tok.text[1:-1]))
    elif tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            target.append(prefixes[prefix] + local)
        else:
            result.unresolved.append(tok.text)
