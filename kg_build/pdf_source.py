"""Reading a published PDF into a :class:`~kg_build.source.SourceText`.

Disclosures are published as born-digital PDFs.  pdfplumber (on pdfminer.six) gives each
page's characters with positions and finds the tables a page draws with ruling lines.  A PDF
becomes numbered lines so that every text reader works on it unchanged:

* the page texts, in page order, one line per printed line (top to bottom);
* each table a page draws replaced, where it stands, by one tab-separated line per table row
  (a cell's inner line breaks joined); a caption row spanning the whole table (its title,
  ``部门：… 单位：万元``) stays as the lines it prints;
* running page numbers in the top or bottom margin dropped (they would split a sentence or a
  table continued over the page break);
* bold faked by printing each glyph twice read once.

Line numbers run through the whole document (IRIs are keyed by them); ``page_starts`` maps
them back to pages, and the raw grids stay on ``pdf_tables`` for the table layout readers.

A PDF that needs a password, has no text layer (a scan) or cannot be parsed raises
:class:`~kg_build.source.SourceError`; a single page without text or that cannot be parsed
becomes a note naming the page, and the other pages are read.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import Optional

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from .source_text import PdfTable, SourceError, SourceText

# Table strategy: the disclosures draw their tables with ruling lines; text-aligned tables
# stay page text, which the text layout readers read.
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Running heads and page numbers sit in these top and bottom shares of the page.
_MARGIN = 0.08
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–－\s]*$")
_OUTLINED_TEXT = 20  # curves on a page without characters: more means glyphs drawn as outlines
_LATIN = re.compile(r"[A-Za-z]")
_ERRORS = (PdfminerException, PSException, ValueError, KeyError, TypeError, AttributeError, AssertionError,
           IndexError, ZeroDivisionError)


@dataclass
class _Block:
    """One thing a page prints, in reading order: a text line or a table."""

    top: float
    text: Optional[str] = None
    table: object = None  # pdfplumber Table


def parse_pdf(name: str, data: bytes) -> SourceText:
    source = SourceText(name, hashlib.sha256(data).hexdigest(), "pdf", [])
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PdfminerException, PSException, PDFEncryptionError, PDFPasswordIncorrect, ValueError, KeyError,
            TypeError) as exc:
        raise SourceError(name, _open_error(exc)) from None
    with pdf:
        try:
            pages = list(pdf.pages)
        except _ERRORS as exc:
            raise SourceError(name, f"damaged or truncated PDF: its page list cannot be read ({_cause(exc)})") from None
        if not pages:
            cut = "" if data.rstrip().endswith(b"%%EOF") else " (the file ends without %%EOF: truncated?)"
            raise SourceError(name, f"damaged or truncated PDF: no page can be found{cut}; nothing read")
        unread: list[int] = []
        for number, page in enumerate(pages, start=1):
            source.page_starts.append(len(source.lines) + 1)
            try:
                _read_page(source, number, page)
            except _ERRORS as exc:
                unread.append(number)
                source.note(f"page {number} cannot be read (damaged or truncated PDF: {_cause(exc)}); "
                            "its text is missing from this document", page=number)
            finally:
                page.close()
    if not any(line.strip() for line in source.lines):
        if unread:
            raise SourceError(name, f"damaged or truncated PDF: none of its {len(pages)} pages can be read",
                              page=unread[0])
        raise SourceError(name, f"no text layer on any of its {len(pages)} pages (a scanned PDF?): "
                                "nothing to read; run OCR on it first", page=1)
    return source


def _open_error(exc: BaseException) -> str:
    cause = _root(exc)
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return "encrypted PDF: it needs a password to open (or uses an unsupported encryption); nothing read"
    return f"damaged or truncated PDF: cannot be opened ({_cause(exc)})"


def _root(exc: BaseException) -> BaseException:
    while isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _cause(exc: BaseException) -> str:
    cause = _root(exc)
    text = str(cause).strip() or type(cause).__name__
    return text if len(text) < 120 else text[:117] + "..."


def _read_page(source: SourceText, number: int, page) -> None:
    # Only what the page shows: some PDFs carry text placed beyond the page's edges (a copy of
    # the next pages' tables), which no viewer prints and which must not be read twice.
    page = page.crop(page.bbox)
    if _overprinted(page.chars):
        page = page.dedupe_chars()  # bold faked by printing each glyph twice: "预预算算"
    tables = page.find_tables(_TABLE_SETTINGS) if page.chars else []
    boxes = [t.bbox for t in tables]

    def outside_tables(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside_tables) if boxes else page
    blocks = [_Block(line["top"], text=line["text"]) for line in text_page.extract_text_lines(return_chars=False)
              if line["text"].strip() and not _is_running_number(line, page.height)]
    if not blocks and not tables:
        # A page printing only images or drawn outlines is a scan (or text turned to curves):
        # its content is there but unreadable.  A page printing nothing at all loses nothing.
        if page.images or len(page.curves) > _OUTLINED_TEXT:
            source.pages_without_text.append(number)
            source.note(f"page {number} has no text layer: it prints only images or drawings (a scanned "
                        "page?); nothing read from it", page=number)
        return
    blocks += [_Block(t.bbox[1], table=t) for t in tables]
    blocks.sort(key=lambda b: b.top)
    for block in blocks:
        if block.table is None:
            source.lines.append(block.text)
        else:
            _add_table(source, number, block.table)


def _overprinted(chars: list[dict]) -> bool:
    """Whether a glyph is printed twice at (nearly) one place; deduplicating costs, so only then."""
    seen: set[tuple] = set()
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key in seen and not c["text"].isspace():
            return True
        seen.add(key)
    return False


def _is_running_number(line: dict, height: float) -> bool:
    in_margin = line["bottom"] < height * _MARGIN or line["top"] > height * (1 - _MARGIN)
    return in_margin and bool(_PAGE_NUMBER.match(line["text"]))


def _add_table(source: SourceText, page: int, table) -> None:
    rows = table.extract()
    first = len(source.lines) + 1
    row_lines: list[Optional[int]] = []
    for row in rows:
        texts = [join_wrapped(c) for c in row]
        if not any(texts):
            row_lines.append(None)
            continue
        row_lines.append(len(source.lines) + 1)
        if len(row) > 1 and row[0] and all(c is None for c in row[1:]):
            # a caption spanning the table: its lines are headings, not cells
            source.lines.extend(part.strip() for part in row[0].split("\n") if part.strip())
        else:
            source.lines.append("\t".join(texts))
    if len(source.lines) >= first:
        cell_x = [[(c[0], c[2]) if c else None for c in row.cells] for row in table.rows]
        source.pdf_tables.append(PdfTable(page, first, len(source.lines), tuple(table.bbox), rows, row_lines, cell_x))


def join_wrapped(cell: Optional[str]) -> str:
    """A cell's text with the line breaks of its wrapping removed.

    Chinese and figures wrap anywhere and join without a space; a break between two Latin
    letters stood for a space.
    """
    if not cell:
        return ""
    parts = [p.strip() for p in cell.split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        gap = " " if _LATIN.match(out[-1]) and _LATIN.match(part[0]) else ""
        out += gap + part
    return out
