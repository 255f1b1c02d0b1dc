"""What reading a document gives: its numbered lines, the grids its PDF pages draw, and the error
for a file that is not a document.

Kept apart from the readers (:mod:`kg_build.source` for text, :mod:`kg_build.pdf_source` for PDFs)
so both readers build these types without importing each other.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

from .records import ExtractionWarning, Provenance


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
    # What several readers compute from the same lines (the budget tables found and read),
    # kept so each document pays for it once; filled by the extract layer, keyed by its name.
    shared: dict = field(default_factory=dict, repr=False, compare=False)

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
