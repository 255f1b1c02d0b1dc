"""One layout layer: every physical form a table takes becomes one :class:`Grid` of :class:`Cell`.

Disclosures print the same tables in many physical forms: PDF table grids (pdfplumber), tab-
separated text (and HTML, whose cells the source reader turns into tabs), Markdown rows, one
cell per line, PDF text whose cells are separated by single spaces and wrapped over lines, and
space-aligned PDF text (``pdftotext -layout``) with a split code and its amounts on one line.
Each form is one registered layout: a function that claims the lines printed in it and a
function that cuts lines into a grid.  :func:`detect` chooses among them for a block of lines
and :func:`read_grid` returns the grid; the table readers (budget tables, project tables,
target forms, score tables) read grids only.  Teaching the product a new physical layout is one
more :func:`layout` registration and a test case folder under ``tests/layouts/``.

A grid says whether its cells keep their columns (``positional``: tab-separated, Markdown, PDF
grids) or only their reading order (text layouts), since readers need to know which.  Pure
functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from ..amounts import parse_amount


@dataclass(frozen=True)
class Cell:
    text: str
    line: int  # 1-based line of the document (a PDF table row has the line it is printed on)
    last_line: int = 0  # last line of a cell joined from pieces on several lines (0: its own line)
    col: Optional[int] = None  # column index, in layouts that keep columns

    def __post_init__(self) -> None:
        if self.last_line < self.line:
            object.__setattr__(self, "last_line", self.line)

    @property
    def amount(self):
        return parse_amount(self.text)


@dataclass
class Grid:
    layout: str  # name of the layout that read it
    positional: bool  # whether each cell's col is its column; else cells are in reading order only
    rows: list[list[Cell]] = field(default_factory=list)  # the printed rows (a line, a blank-separated group)

    def cells(self) -> list[Cell]:
        """Every cell in reading order."""
        return [c for row in self.rows for c in row]

    def texts(self) -> list[list[str]]:
        """Rows as lists of cell texts, empty cells kept in positional grids."""
        return [[c.text for c in row] for row in self.rows]


# A block of a document's lines: the 1-based numbers of the non-blank lines to read.
LineReader = Callable[[list[str], list[int]], Grid]


@dataclass(frozen=True)
class Layout:
    name: str
    claims: Callable[[str], bool]  # whether a line is printed in this layout
    read: LineReader
    positional: bool
    order: int


_LAYOUTS: dict[str, Layout] = {}


def layout(name: str, claims: Callable[[str], bool], positional: bool, order: int = 100) -> Callable[[LineReader], LineReader]:
    """Register a layout reader: `claims` recognises one of its lines, the function reads a block."""
    def register(read: LineReader) -> LineReader:
        _LAYOUTS[name] = Layout(name, claims, read, positional, order)
        return read

    return register


def layouts() -> list[Layout]:
    return sorted(_LAYOUTS.values(), key=lambda l: l.order)


# The text layout reads whatever no other layout claims.
FALLBACK = "text"
# A layout is the block's when it claims this share of the block's lines (and at least two).
_SHARE = 0.4


def detect(lines: list[str], numbers: Sequence[int]) -> str:
    """The layout a block of lines is printed in: the first (by order) claiming a good share of
    them, else text.

    Each line counts for the first layout that claims it.  Tables mix layouts a little (a
    title or a note without tabs above tab-separated rows, a cell alone on its line), so a
    layout needs only a share of the lines.
    """
    counts: dict[str, int] = {}
    nonblank = [n for n in numbers if lines[n - 1].strip()]
    for n in nonblank:
        for lay in layouts():
            if lay.name != FALLBACK and lay.claims(lines[n - 1]):
                counts[lay.name] = counts.get(lay.name, 0) + 1
                break
    for lay in layouts():  # layouts that keep columns first: they lose nothing
        if counts.get(lay.name, 0) >= max(2, _SHARE * len(nonblank)):
            return lay.name
    return FALLBACK


def read_grid(lines: list[str], numbers: Sequence[int], name: Optional[str] = None) -> Grid:
    """The grid of lines `numbers` (1-based), in the layout given or detected."""
    chosen = _LAYOUTS[name or detect(lines, numbers)]
    return chosen.read(lines, [n for n in numbers if lines[n - 1].strip()])


def grid_from_rows(rows: Iterable[tuple[int, Sequence[str]]], name: str = "grid") -> Grid:
    """A positional grid from rows already cut into cells: (line, cell texts) per row.

    PDF table grids (pdfplumber) arrive this way: a cell's inner line breaks are joined, a
    merged cell's empty continuation (None) kept as an empty cell so that columns stay put.
    """
    out: list[list[Cell]] = []
    for line, texts in rows:
        cells = [Cell(_joined(t), line, col=j) for j, t in enumerate(texts)]
        if any(c.text for c in cells):
            out.append(cells)
    return Grid(name, True, out)


def _joined(text: Optional[str]) -> str:
    return re.sub(r"\s*\n\s*", "", text or "").strip()


# --- page furniture -------------------------------------------------------------------------

# A page footer or header inside a table continued over a page break: 第 3 页, 第3页 共12页,
# - 3 -, 3/12.  A bare number is left alone: it may be a figure.
PAGE_LINE = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|[-—－]\s*\d+\s*[-—－]|\d+\s*/\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页)\s*$")


def is_page_line(line: str) -> bool:
    return bool(PAGE_LINE.match(line.replace("\f", "")))


# --- the registered layouts -----------------------------------------------------------------

_MARKDOWN_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def _is_markdown(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _markdown_cells(line: str) -> list[str]:
    stripped = line.strip()
    if _MARKDOWN_RULE.match(stripped):
        return []
    return [c.strip() for c in stripped.strip("|").split("|")]


def _is_tab_row(line: str) -> bool:
    return "\t" in line and sum(1 for c in line.split("\t") if c.strip()) >= 2


def positional_cells(line: str) -> list[str]:
    """The cells of a Markdown or tab-separated row, empty ones kept; another line is one cell."""
    if _is_markdown(line):
        return _markdown_cells(line)
    if _is_tab_row(line):
        return [c.strip() for c in line.split("\t")]
    return [_clean(line)]


def _positional(name: str, lines: list[str], numbers: list[int], cut: Callable[[str], list[str]]) -> Grid:
    rows = []
    for n in numbers:
        texts = cut(lines[n - 1])
        if any(t for t in texts):
            rows.append([Cell(t, n, col=j) for j, t in enumerate(texts)])
    return Grid(name, True, rows)


@layout("markdown", _is_markdown, positional=True, order=10)
def read_markdown(lines: list[str], numbers: list[int]) -> Grid:
    """Markdown rows (``| a | b |``); the rule row gives no cells.  A line that is not a row
    (a note under the table) is one cell."""
    return _positional("markdown", lines, numbers, positional_cells)


@layout("tabs", _is_tab_row, positional=True, order=20)
def read_tabs(lines: list[str], numbers: list[int]) -> Grid:
    """Tab-separated rows, one per line (HTML tables arrive so); a line without tabs is one cell."""
    return _positional("tabs", lines, numbers, positional_cells)


def _is_cell_line(line: str) -> bool:
    """One tab, before the cell: a row of a tab-separated table has tabs between its cells."""
    return line.startswith("\t") and "\t" not in line[1:]


@layout("cell_lines", _is_cell_line, positional=False, order=30)
def read_cell_lines(lines: list[str], numbers: list[int]) -> Grid:
    """One cell per tab-prefixed line; an untabbed line continues the cell above; a blank line
    (so a gap in `numbers`) ends the row."""
    rows: list[list[Cell]] = []
    previous = None
    for n in numbers:
        line = lines[n - 1]
        if previous is None or n > previous + 1:
            rows.append([])
        previous = n
        row = rows[-1]
        if line.startswith("\t") or not row:
            for part in line.split("\t")[1:] if line.startswith("\t") else [line]:
                row.append(Cell(part.strip(), n))
        else:
            row[-1] = Cell(row[-1].text + line.strip(), row[-1].line, n)
    return Grid("cell_lines", False, [r for r in rows if r])


_SPACED_GAP = re.compile(r"\S(?: {2,}|\u3000+)\S")


def _is_spaced(line: str) -> bool:
    """A row of space-aligned text: at least two gaps of two or more spaces between cells."""
    return "\t" not in line and len(_SPACED_GAP.findall(line)) >= 2


# A classification code split into 类 款 项 at the start of a row: 208 05 01, 301 02.
_SPLIT_CODE = re.compile(r"^([2-5]\d{2})((?:\s+\d{2}){1,2})(?=\s|$)")


def join_split_code(line: str) -> str:
    """'208 05 01 行政单位离退休 …' -> '2080501 行政单位离退休 …': one code, as the tables mean it."""
    m = _SPLIT_CODE.match(line.strip())
    if not m:
        return line.strip()
    return m.group(1) + re.sub(r"\s+", "", m.group(2)) + line.strip()[m.end():]


@layout("spaced", _is_spaced, positional=False, order=40)
def read_spaced(lines: list[str], numbers: list[int]) -> Grid:
    """Space-aligned text (``pdftotext -layout``): cells apart by two or more spaces, a split
    code joined, and a line of text alone under a row (a wrapped name) joined to that row's
    first text cell."""
    rows: list[list[Cell]] = []
    for n in numbers:
        line = lines[n - 1]
        if is_page_line(line):
            continue
        head = join_split_code(line)
        texts = [t for t in re.split(r" {2,}|\u3000+", head) if t.strip()]
        # a code and its name apart by one space only
        if texts and re.match(r"^\d{3,7}\s+\D", texts[0]):
            texts[:1] = texts[0].split(None, 1)
        cells = [Cell(t.strip(), n) for t in texts]
        if rows and len(cells) == 1 and parse_amount(cells[0].text) is None and _continues(rows[-1], cells[0]):
            rows[-1] = _extend_name(rows[-1], cells[0])
            continue
        if cells:
            rows.append(cells)
    return Grid("spaced", False, rows)


def _continues(row: list[Cell], cell: Cell) -> bool:
    """A lone text line continues the row above when that row is a coded row with a name."""
    return bool(re.match(r"^\d{3,}$", row[0].text)) and len(row) >= 2 and parse_amount(row[1].text) is None \
        and cell.line <= row[-1].last_line + 2


def _extend_name(row: list[Cell], piece: Cell) -> list[Cell]:
    name = row[1]
    return [row[0], Cell(name.text + piece.text, name.line, piece.line), *row[2:]]


_MARKUP = re.compile(r"[*#]+")


def _clean(line: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub("", line)).strip()


_BROKEN_DECIMAL = re.compile(r"^-?\d[\d,]*\.\d$")


@layout(FALLBACK, lambda line: True, positional=False, order=1000)
def read_text(lines: list[str], numbers: list[int]) -> Grid:
    """PDF text: cells apart by spaces, wrapped over lines, one cell per line in the extreme.

    Split codes at the start of a line are joined; page furniture is dropped; a digit alone on
    the line after a one-decimal figure is that figure's last digit ('0.0' / '0').
    """
    rows: list[list[Cell]] = []
    for n in numbers:
        line = lines[n - 1]
        if is_page_line(line):
            continue
        cut = positional_cells(line) if _is_markdown(line) or _is_tab_row(line) else \
            _clean(join_split_code(line)).split(" ")
        parts = [p for p in cut if p.strip()]
        if len(parts) == 1 and rows and re.match(r"^\d$", parts[0].strip()) and rows[-1] \
                and _BROKEN_DECIMAL.match(rows[-1][-1].text):
            last = rows[-1][-1]
            rows[-1][-1] = Cell(last.text + parts[0].strip(), last.line)
            continue
        if parts:
            rows.append([Cell(p.strip(), n) for p in parts])
    return Grid(FALLBACK, False, rows)
