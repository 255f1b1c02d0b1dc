"""Reading a published document into numbered lines of text.

Documents arrive as the PDFs departments publish (read by :mod:`kg_build.pdf_source`), or as
text extracted from PDFs, tab-separated exports, Markdown or HTML, in UTF-8 or in the
GBK/GB18030 encodings Chinese government sites still use.  This module turns bytes into a
:class:`SourceText` whose line numbers are those of the file (for a PDF: of its page texts,
in page order), so every later stage can say ``file:line`` (``file p.N:line``).  It raises
:class:`SourceError` for input that is not a document at all; it never guesses silently.
"""
from __future__ import annotations

import bisect
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .records import ExtractionWarning, Provenance

PDF_SUFFIX = ".pdf"
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
SOURCE_SUFFIXES = (*TEXT_SUFFIXES, PDF_SUFFIX)
# Files that describe a folder of sources rather than being one.
NOT_SOURCES = {"readme.md", "readme.txt", "license.txt"}


class SourceError(Exception):
    """A file that cannot be read as a document (binary, undecodable, empty, encrypted, scanned)."""

    def __init__(self, document: str, message: str, line: int | None = None, page: int | None = None):
        self.document = document
        self.line = line
        self.page = page
        self.message = message
        super().__init__(str(ExtractionWarning(document, line, message, page)))


@dataclass
class PdfTable:
    """A table as a PDF draws it: a grid of cells, and where its rows stand in the text.

    ``rows`` are pdfplumber's cells as printed: ``None`` where a merged cell covers the
    position, inner line breaks kept as ``"\n"``.  ``row_lines[i]`` is the text line that
    holds row ``i`` (``None`` for a row with no text); a caption row spanning the whole table
    stands as one text line per printed line, the first of them in ``row_lines``.
    """

    page: int  # 1-based
    first_line: int
    last_line: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
    rows: list[list[Optional[str]]]
    row_lines: list[Optional[int]]
    # (x0, x1) of each cell in PDF points, None where rows has None: merged cells make a grid's
    # columns differ from row to row, and only positions tell which header a figure is under.
    cell_x: list[list[Optional[tuple[float, float]]]] = field(default_factory=list)


@dataclass
class SourceText:
    file: str  # file name: the document's identifier
    sha256: str
    encoding: str  # "pdf" for a PDF
    lines: list[str]  # lines[0] is line 1; markup removed, text otherwise as printed
    # What the reading noticed, e.g. "decoded as GB18030", "page 4 has no text layer".
    notes: list[ExtractionWarning] = field(default_factory=list)
    # PDF only: page_starts[i] is the first line of page i+1 (a page without text has no
    # lines: its start equals the next page's); tables are the grids the pages draw.
    page_starts: list[int] = field(default_factory=list)
    pdf_tables: list[PdfTable] = field(default_factory=list)
    pages_without_text: list[int] = field(default_factory=list)  # scanned pages: nothing read

    @property
    def pages(self) -> int:
        return len(self.page_starts)

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def span(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])

    def page_of(self, line: Optional[int]) -> Optional[int]:
        """The PDF page that prints `line`; None for text sources (and for no line)."""
        if not self.page_starts or not line:
            return None
        return max(bisect.bisect_right(self.page_starts, line), 1)

    def prov(self, start: int, end: int | None = None, quote: str | None = None) -> Provenance:
        end = start if end is None else end
        text = quote if quote is not None else self.span(start, end).strip()
        return Provenance(self.file, start, end, text, self.page_of(start))

    def note(self, message: str, line: Optional[int] = None, page: Optional[int] = None) -> None:
        self.notes.append(ExtractionWarning(self.file, line, message, page or self.page_of(line)))


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
