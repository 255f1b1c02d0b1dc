"""Table cells and prose paragraphs out of text whose layout was lost.

The same table arrives tab-separated (one row per line), space-separated from a PDF (cells
wrapped over several lines) or one cell per line.  Readers that look for a recognisable
sequence of cells (a project code, a name, amounts) do not need rows: a flat stream of cells,
each knowing its line, is enough and reads every layout the same way.

Prose is broken over lines (often with blank lines between the pieces of one sentence);
:func:`paragraphs` joins the pieces back and keeps, for every character, the line it came
from.  Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..rulebook.ordinals import CHAPTER, CHINESE_NUMERALS, PART, SECTION
from .layouts import Cell, read_grid

_SPACE = re.compile(r"\s+")
# The numbered part of a disclosure (第一部分, 第三部分): pattern text that every reader
# recognising headings combines into its own expression.
PART_NUMBER = PART


def squeeze(text: str) -> str:
    """Remove all whitespace, ideographic spaces included: PDF extraction scatters spaces and
    line breaks inside names, codes and cells, and printed variants must compare equal."""
    return _SPACE.sub("", text)


_NUMBERING_ONLY = re.compile(rf"^(?:\d{{1,2}}|[{CHINESE_NUMERALS}]+)[.、．]$")


def cells(lines: list[str], first: int, last: int) -> list[Cell]:
    """Cells of lines first..last (1-based, inclusive), in reading order, whatever the layout
    (read through the layout layer).  A bare list number ("1.") is kept with the cell after it."""
    out: list[Cell] = []
    pending: Optional[Cell] = None
    grid = read_grid(lines, range(first, min(last, len(lines)) + 1))
    for row in grid.rows:
        for cell in row:
            text = cell.text.strip().strip("\u3000").strip()
            if not text:
                continue
            if _NUMBERING_ONLY.match(text):
                pending = cell
                continue
            if pending is not None and pending.line == cell.line:
                out.append(Cell(pending.text + text, cell.line, cell.last_line))
            else:
                if pending is not None:
                    out.append(pending)
                out.append(Cell(text, cell.line, cell.last_line))
            pending = None
        if pending is not None:
            out.append(pending)
            pending = None
    return out


@dataclass(frozen=True)
class Paragraph:
    text: str
    line_of: tuple[int, ...]  # line number of each character of text

    @property
    def first(self) -> int:
        return self.line_of[0]

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """First and last line of text[start:end]."""
        end = max(start + 1, end)
        return self.line_of[start], self.line_of[min(end, len(self.line_of)) - 1]


_ENDS_SENTENCE = re.compile(r"[。！？；：:;!?]$")
_HEADING_LINE = re.compile(rf"^(?:{CHAPTER}|{SECTION}|{PART})")
# A Markdown heading (## 第二部分 …) is a paragraph of its own, whatever its last character.
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")
_STARTS_ITEM = re.compile(rf"^(?:\d{{1,2}}[.、．]|[（(]?[{CHINESE_NUMERALS}\d]{{1,2}}[)）、]|{PART}|{CHAPTER})")


def paragraphs(lines: list[str], first: int = 1, last: Optional[int] = None) -> list[Paragraph]:
    """Join prose lines broken by the page layout back into paragraphs.

    A line continues into the next non-blank line when it does not end a sentence and the
    next one does not start a list item or heading; blank lines in between do not matter
    (PDF text puts them inside sentences).
    """
    last = len(lines) if last is None else min(last, len(lines))
    out: list[Paragraph] = []
    text: list[str] = []
    owners: list[int] = []

    def flush() -> None:
        if text:
            out.append(Paragraph("".join(text), tuple(owners)))
        text.clear()
        owners.clear()

    for n in range(first, last + 1):
        line = lines[n - 1].strip()
        if not line:
            continue
        if text and (
            _ENDS_SENTENCE.search(text[-1])
            or _STARTS_ITEM.match(line)
            or "\t" in lines[n - 1]
            or _MARKDOWN_HEADING.match(line)
            or _MARKDOWN_HEADING.match(text[-1])
        ):
            flush()
        text.append(line)
        owners.extend([n] * len(line))
        if "\t" in lines[n - 1] or (len(text) == 1 and len(line) < 30 and _HEADING_LINE.match(line)):
            flush()
    flush()
    return out


_BOX = re.compile(r"[□☐■☑☒√✓✔]")
_TICKED = "☑☒■√✓✔"
_OPTION_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.、．]\s*")
_PAREN_TAIL = re.compile(r"[（(][^）)]*[)）]?$")


def ticked_option(value: str) -> Optional[str]:
    """The ticked option of a printed choice ("1.部门项目 □ 2.公共项目 ☑" -> "公共项目").

    Boxes stand either after their option (most forms) or before it; which one is read from
    whether the text starts with a box.  Text without boxes is the value itself.
    """
    value = value.strip()
    if not _BOX.search(value):
        return _clean_option(value) or None
    pieces = _BOX.split(value)
    boxes = _BOX.findall(value)
    if _BOX.match(value):  # box before its option
        options = list(zip(boxes, pieces[1:]))
    else:
        options = list(zip(boxes, pieces[:-1]))
    for box, text in options:
        if box in _TICKED and _clean_option(text):
            return _clean_option(text)
    return None


def _clean_option(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    text = _OPTION_NUMBER.sub("", text)
    return _PAREN_TAIL.sub("", text).strip()
