"""Reading a published document into numbered lines of text.

Documents arrive as text extracted from PDFs, tab-separated exports, Markdown or HTML, in
UTF-8 or in the GBK/GB18030 encodings Chinese government sites still use.  This module turns
bytes into a :class:`SourceText` whose line numbers are those of the file, so every later
stage can say ``file:line``.  It raises :class:`SourceError` for input that is not a text
document at all; it never guesses silently.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .records import Provenance

SOURCE_SUFFIXES = (".txt", ".md", ".html", ".htm")
# Files that describe a folder of sources rather than being one.
NOT_SOURCES = {"readme.md", "readme.txt", "license.txt"}


class SourceError(Exception):
    """A file that cannot be read as a document (binary, undecodable, empty)."""

    def __init__(self, document: str, message: str, line: int | None = None):
        self.document = document
        self.line = line
        self.message = message
        super().__init__(f"{document}:{line}: {message}" if line else f"{document}: {message}")


@dataclass
class SourceText:
    file: str  # file name: the document's identifier
    sha256: str
    encoding: str
    lines: list[str]  # lines[0] is line 1; markup removed, text otherwise as printed
    notes: list[str] = field(default_factory=list)  # e.g. "decoded as GB18030"

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def span(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])

    def prov(self, start: int, end: int | None = None, quote: str | None = None) -> Provenance:
        end = start if end is None else end
        text = quote if quote is not None else self.span(start, end).strip()
        return Provenance(self.file, start, end, text)


def is_source_file(path: Path) -> bool:
    return path.suffix.lower() in SOURCE_SUFFIXES and path.name.lower() not in NOT_SOURCES


def list_sources(paths: list[Path]) -> list[Path]:
    """Expand folders to the documents in them, sorted by name; files are taken as given."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.iterdir() if q.is_file() and is_source_file(q)))
        else:
            found.append(p)
    return found


_ENCODINGS = ("utf-8-sig", "gb18030")
_TAG = re.compile(r"<[^>\n]*>")
_CHECKED_BOX = re.compile(r"<input[^>]*\bchecked\b[^>]*>", re.I)
_UNCHECKED_BOX = re.compile(r"<input[^>]*type=\"?checkbox\"?[^>]*>", re.I)
_CELL_BREAK = re.compile(r"</t[dh]>\s*<t[dh][^>]*>", re.I)


def decode(name: str, data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise SourceError(name, "empty document: nothing to read")
    if b"\x00" in data[:4096]:
        raise SourceError(name, "binary file, not a text document (NUL bytes); convert it to text first")
    for enc in _ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(name, f"not UTF-8 or GB18030 text (byte {exc.start})", line) from None
    raise AssertionError("unreachable")


def strip_markup(line: str) -> str:
    """Remove HTML tags from one line, keeping checkbox state and cell boundaries as text."""
    if "<" not in line and "&" not in line:
        return line
    line = _CHECKED_BOX.sub("☑", line)
    line = _UNCHECKED_BOX.sub("□", line)
    line = _CELL_BREAK.sub("\t", line)
    line = re.sub(r"<br\s*/?>", " ", line, flags=re.I)
    line = _TAG.sub("", line)
    return html.unescape(line)


def read_source(path: Path) -> SourceText:
    data = path.read_bytes()
    return parse_source(path.name, data)


def parse_source(name: str, data: bytes) -> SourceText:
    text, encoding = decode(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [strip_markup(l) for l in text.split("\n")]
    notes = [] if encoding.startswith("utf-8") else [f"decoded as {encoding.upper()}"]
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\t")
    if control > 50:
        raise SourceError(name, "binary-looking content (control characters), not a text document")
    return SourceText(name, hashlib.sha256(data).hexdigest(), encoding, lines, notes)
