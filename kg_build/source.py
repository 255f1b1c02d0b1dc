"""Reading a published document into numbered lines of text.

Documents arrive as the PDFs departments publish (read by :mod:`kg_build.pdf_source`), or as
text extracted from PDFs, tab-separated exports, Markdown or HTML, in UTF-8 or in the
GBK/GB18030 encodings Chinese government sites still use.  This module turns bytes into a
:class:`SourceText` whose line numbers are those of the file (for a PDF: of its page texts,
in page order), so every later stage can say ``file:line`` (``file p.N:line``).  It raises
:class:`SourceError` for input that is not a document at all; it never guesses silently.
"""
from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from .source_text import SourceError, SourceText

PDF_SUFFIX = ".pdf"
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
SOURCE_SUFFIXES = (*TEXT_SUFFIXES, PDF_SUFFIX)
# Files that describe a folder of sources rather than being one.
NOT_SOURCES = {"readme.md", "readme.txt", "license.txt"}


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
    if path.suffix.lower() == PDF_SUFFIX:
        from .pdf_source import parse_pdf  # pdfplumber is loaded only when a PDF comes

        return parse_pdf(path.name, data)
    return parse_source(path.name, data)


def parse_source(name: str, data: bytes) -> SourceText:
    if data.startswith(b"%PDF-"):
        raise SourceError(name, "a PDF under a text file name: rename it to .pdf to read it as a PDF")
    text, encoding = decode(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [strip_markup(l) for l in text.split("\n")]
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\t")
    if control > 50:
        raise SourceError(name, "binary-looking content (control characters), not a text document")
    source = SourceText(name, hashlib.sha256(data).hexdigest(), encoding, lines)
    if not encoding.startswith("utf-8"):
        source.note(f"decoded as {encoding.upper()}")
    return source
