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

from ontology.namespaces import query_prefixes

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
    start: int = 0


@dataclass
class QueryInspection:
    form: str | None = None                 # SELECT / ASK / CONSTRUCT / DESCRIBE, or None
    updates: list[str] = field(default_factory=list)   # update operations named in the text
    uses_service: bool = False
    default_graphs: list[str] = field(default_factory=list)  # FROM <g>
    named_graphs: list[str] = field(default_factory=list)    # FROM NAMED <g>
    unresolved: list[str] = field(default_factory=list)      # FROM prefixed names with no PREFIX
    select_star: bool = False                                # SELECT * (or SELECT DISTINCT *, ...)
    variables: list[str] = field(default_factory=list)       # names in order of first appearance

    @property
    def is_graph_form(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def tokens(text: str) -> list[Token]:
    """Significant tokens of a SPARQL text: whitespace and comments dropped."""
    found = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            found.append(Token(kind, m.group(), m.start()))
    return found


def predeclared_prefixes(base_iri: str | None = None) -> dict[str, str]:
    """The prefixes every query may use without declaring them (as Virtuoso and QLever do)."""
    return query_prefixes(base_iri)


def inspect_query(text: str, base_iri: str | None = None) -> QueryInspection:
    toks = tokens(text)
    result = QueryInspection()
    prefixes: dict[str, str] = dict(predeclared_prefixes(base_iri))
    base = base_iri or ""
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
        if tok.kind == "var" and tok.text[1:] not in result.variables:
            result.variables.append(tok.text[1:])
        if tok.kind != "word":
            continue
        word = tok.text.upper()
        if result.form is None and word in QUERY_FORMS:
            result.form = word
            result.select_star = word == "SELECT" and _projects_star(toks, j + 1)
        elif word in UPDATE_KEYWORDS and result.form is None:
            result.updates.append(word)
        elif word == "SERVICE":
            result.uses_service = True
        elif word == "FROM":
            _read_from(toks, j + 1, result, prefixes, base)
    return result


def projection_order(query: str, engine_order: list[str]) -> list[str]:
    """The columns of a result: SELECT * lists variables in the order they appear in the query,
    as other engines do (pyoxigraph's own order is not that)."""
    found = inspect_query(query)
    if not found.select_star:
        return engine_order
    seen = {name: i for i, name in enumerate(found.variables)}
    return sorted(engine_order, key=lambda n: seen.get(n, len(seen)))


def _projects_star(toks: list[Token], k: int) -> bool:
    while k < len(toks) and toks[k].kind == "word" and toks[k].text.upper() in ("DISTINCT", "REDUCED"):
        k += 1
    return k < len(toks) and toks[k].text == "*"


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


# -- syntax errors in words --------------------------------------------------------------------

_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_PNAME_BEFORE = re.compile(r"((?:[^\W\d][\w.-]*)?):([\w.:%\\-]*)$")


def explain_syntax_error(query: str, message: str) -> str:
    """The parser's message in words, pointing at the user's own line and column.

    pyoxigraph reports ``error at L:C: expected one of …`` followed by the whole set of
    grammar alternatives (character classes included); the user needs what was found where,
    and what would fit."""
    m = _POSITION.match(message.strip())
    if not m:
        return message
    line_no, column, expected = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = query.splitlines() or [""]
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    before = line[:max(column - 1, 0)]
    pointer = f"\n  {line_no} | {line}\n  {' ' * len(str(line_no))} | {' ' * len(before)}^"
    where = f"Line {line_no}, column {column}"
    undeclared = _first_undeclared_prefix(query)
    if undeclared is not None:
        # pyoxigraph reports an undeclared prefix in many ways, often far from it: find it here.
        name, offset = undeclared
        line_no = query.count("\n", 0, offset) + 1
        line = lines[line_no - 1]
        column = offset - (query.rfind("\n", 0, offset) + 1) + 1
        declared = ", ".join(sorted(predeclared_prefixes()))
        return (f"Line {line_no}, column {column}: the prefix `{name}:` is not declared. Declare it with "
                f"PREFIX {name}: <…>, or use a predeclared prefix ({declared})."
                f"\n  {line_no} | {line}\n  {' ' * len(str(line_no))} | {' ' * (column - 1)}^")
    prefixed = _PNAME_BEFORE.search(before)
    rest = line[len(before):].lstrip()
    if prefixed and rest.startswith("/"):
        return (f"{where}: a prefixed name cannot contain `/` as written; escape it as `\\/` "
                f"(e.g. {prefixed.group(0)}\\/…) or write the whole IRI in <…>." + pointer)
    if "IRI parsing failed" in expected:
        return f"{where}: this IRI is not valid (spaces, quotes and some characters are not allowed in <…>)." + pointer
    offset = sum(len(text) + 1 for text in lines[:line_no - 1]) + len(before)
    following = query[offset:].split()
    found = f"the query does not parse at `{following[0][:30]}`" if following else "the query does not parse here"
    wanted = _readable_alternatives(expected)
    return f"{where}: {found}" + (f"; the parser expected {wanted}" if wanted else "") + "." + pointer


def _first_undeclared_prefix(query: str) -> tuple[str, int] | None:
    """(prefix, offset) of the first prefixed name whose prefix is neither declared nor predeclared."""
    known = set(predeclared_prefixes())
    toks = tokens(query)
    for k, tok in enumerate(toks):
        if tok.kind != "pname":
            continue
        prefix = tok.text.partition(":")[0]
        if k and toks[k - 1].kind == "word" and toks[k - 1].text.upper() == "PREFIX":
            known.add(prefix)
        elif prefix not in known:
            return prefix, tok.start
    return None


def _readable_alternatives(expected: str) -> str:
    """Keywords and punctuation of the parser's alternatives; character classes say nothing to people."""
    text = expected.removeprefix("expected one of ").removeprefix("expected ")
    text = re.sub(r"\[[^\]]*\]", "", text, flags=re.DOTALL)  # ['A' ..= 'Z' | …] character classes
    words = [w.strip() for w in text.split(",")]
    words = [w for w in words if w and w not in ("Prefix not found", "IRI parsing failed")]
    if not words:
        return ""
    shown = words[:12]
    more = len(words) - len(shown)
    return ("one of " if len(words) > 1 else "") + ", ".join(shown) + (f" (and {more} more)" if more else "")
