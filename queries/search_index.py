"""The full-text index behind the search box and the source view, built with the store.

One SQLite file inside the store folder (so a rebuild swaps it in with the graph it indexes):

    entries   FTS5 (trigram tokenizer): departments, projects, policies and documents by every
              printed name, code, 文号 and title, and the quoted words of every citation
    lines     the text of every document, line by line as the readers numbered it
    documents file name → where the source was read from, and its sha256

The trigram tokenizer matches any substring of three characters or more, which is what
Chinese text needs (no word boundaries); shorter words fall back to a scan of the entries.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from . import page_query

if TYPE_CHECKING:
    from kg_build.source import SourceText

INDEX_FILE = "search.sqlite"
KINDS = ("department", "project", "policy", "document", "quote")
MAX_HITS_PER_KIND = 25
MAX_WORDS = 8
_QUOTE_MARKS = "\"'“”‘’「」『』《》"

_SCHEMA = """
CREATE VIRTUAL TABLE entries USING fts5(label, text, kind UNINDEXED, entity UNINDEXED, file UNINDEXED,
                                        line UNINDEXED, tokenize='trigram');
CREATE TABLE lines(file TEXT NOT NULL, line INTEGER NOT NULL, page INTEGER, text TEXT NOT NULL,
                   PRIMARY KEY (file, line)) WITHOUT ROWID;
CREATE TABLE documents(file TEXT PRIMARY KEY, path TEXT, sha256 TEXT, n_lines INTEGER);
"""


class SearchIndexMissing(Exception):
    """The store was built without a search index (by an older build): rebuild it."""


def index_path(store_dir: Path) -> Path:
    return Path(store_dir) / INDEX_FILE


# ------------------------------------------------------------------ building


def write_search_index(store_dir: Path, sources: Iterable[tuple[Path, Optional["SourceText"]]],
                       previous: Optional[Path] = None) -> int:
    """Write the index of the store in `store_dir` (not yet swapped in) and of the text of
    `sources`: (path, its text as the build read it, or None when extraction came from the
    cache).  A document without text takes its lines from the index of the `previous` store
    when its sha256 is unchanged (reading a PDF again costs seconds); else it is read again.
    Returns the number of entries."""
    import pyoxigraph

    from kg_build.source import SourceError, read_source

    path = index_path(store_dir)
    path.unlink(missing_ok=True)
    store = pyoxigraph.Store.read_only(str(store_dir))  # read only: opening it writes nothing
    try:
        rows = page_query("search-entries").run(store).records()
    finally:
        del store  # release the database before the folder is renamed
    db = sqlite3.connect(path)
    try:
        db.executescript(_SCHEMA)
        db.executemany("INSERT INTO entries(label, text, kind, entity, file, line) VALUES (?, ?, ?, ?, ?, ?)",
                       ((r["label"] or "", r["text"] or "", r["kind"], r["entity"] or "", r["file"] or "",
                         int(r["line"]) if r["line"] else None) for r in rows))
        old = _previous_documents(db, previous)
        for source, text in sources:
            source = Path(source)
            if text is None and source.name in old and old[source.name] == _sha256(source):
                db.execute("INSERT INTO lines SELECT * FROM old.lines WHERE file = ?", (source.name,))
                db.execute("INSERT INTO documents SELECT file, ?, sha256, n_lines FROM old.documents WHERE file = ?",
                           (str(source.resolve()), source.name))
                continue
            try:
                text = text or read_source(source)
            except (OSError, SourceError):
                continue  # the build reported it; there is no text to show
            db.executemany("INSERT INTO lines VALUES (?, ?, ?, ?)",
                           ((text.file, i, text.page_of(i), line) for i, line in enumerate(text.lines, 1)))
            db.execute("INSERT INTO documents VALUES (?, ?, ?, ?)",
                       (text.file, str(source.resolve()), text.sha256, len(text.lines)))
        db.commit()
    finally:
        db.close()
    return len(rows)


def _previous_documents(db: sqlite3.Connection, previous: Optional[Path]) -> dict[str, str]:
    """Attach the previous store's index as ``old``; its documents' sha256 by file name."""
    path = index_path(previous) if previous else None
    if path is None or not path.is_file():
        return {}
    db.execute("ATTACH DATABASE ? AS old", (str(path),))
    return dict(db.execute("SELECT file, sha256 FROM old.documents"))


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


# ------------------------------------------------------------------ reading


def _connect(store_dir: Path) -> sqlite3.Connection:
    path = index_path(store_dir)
    if not path.is_file():
        raise SearchIndexMissing(f"no search index in {store_dir}/: rebuild with `budgetkg build`")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


@dataclass
class Hit:
    kind: str
    entity: str
    label: str
    text: str
    file: str
    line: Optional[int]


@dataclass
class SearchResult:
    query: str
    words: list[str]
    groups: dict[str, list[Hit]] = field(default_factory=dict)
    more: dict[str, bool] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(h) for h in self.groups.values())


def search_words(text: str) -> list[str]:
    """The words of a search: a 文号 in any bracket style is one normalised word; quotation
    marks only mark a phrase."""
    from kg_build.docnumber import normalise_doc_number

    text = text.strip().strip(_QUOTE_MARKS).strip()
    number = normalise_doc_number(text)
    if number:
        return [number]
    words = [w.strip(_QUOTE_MARKS) for w in re.split(r"\s+", text)]
    return [normalise_doc_number(w) or w for w in words if w][:MAX_WORDS]


def search(store_dir: Path, text: str) -> SearchResult:
    words = search_words(text)
    result = SearchResult(text, words)
    if not words:
        return result
    long_words = [w for w in words if len(w) >= 3]
    short_words = [w for w in words if len(w) < 3]
    where, args = [], []
    if long_words:
        where.append("entries MATCH ?")
        args.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long_words))
    for w in short_words:  # below the trigram length: a scan, still a substring match
        where.append("instr(label || ' ' || text, ?) > 0")
        args.append(w)
    order = "rank" if long_words else "length(label)"
    sql = (f"SELECT kind, entity, label, text, file, line FROM entries WHERE {' AND '.join(where)} "
           f"ORDER BY {order} LIMIT 2000")
    db = _connect(store_dir)
    try:
        rows = db.execute(sql, args).fetchall()
    finally:
        db.close()
    seen: set[tuple] = set()
    for kind, entity, label, body, file, line in rows:
        # one sentence citing three policies is three citations but one quote to read
        key = (kind, file, line, body) if kind == "quote" else (kind, entity)
        if key in seen:
            continue
        seen.add(key)
        group = result.groups.setdefault(kind, [])
        if len(group) >= MAX_HITS_PER_KIND:
            result.more[kind] = True
            continue
        group.append(Hit(kind, entity, label, body, file, line))
    result.groups = {k: result.groups[k] for k in KINDS if k in result.groups}
    return result


@dataclass
class SourceLine:
    number: int
    page: Optional[int]
    text: str


@dataclass
class SourceDocument:
    file: str
    path: str
    sha256: str
    lines: list[SourceLine]


def source_document(store_dir: Path, file: str) -> Optional[SourceDocument]:
    """The text of one document as it was read for the served store, or None."""
    db = _connect(store_dir)
    try:
        doc = db.execute("SELECT file, path, sha256 FROM documents WHERE file = ?", (file,)).fetchone()
        if doc is None:
            return None
        lines = [SourceLine(n, page, text) for n, page, text in
                 db.execute("SELECT line, page, text FROM lines WHERE file = ? ORDER BY line", (file,))]
    finally:
        db.close()
    return SourceDocument(doc[0], doc[1], doc[2], lines)
