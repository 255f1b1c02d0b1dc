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
import unicodedata
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
    # An empty cell right of a heading is that merged heading's continuation (tab exports, PDF
    # grids); in space-aligned text a heading stands over its own column only.
    merged_cells: bool = True

    def cells(self) -> list[Cell]:
        """Every cell in reading order."""
        return [c for row in self.rows for c in row]

    def texts(self) -> list[list[str]]:
        """Rows as lists of cell texts, empty cells kept in positional grids."""
        return [[c.text for c in row] for row in self.rows]


@dataclass
class Block:
    """What a layout reads: some lines of a document and the PDF grids printed on them."""

    lines: list[str]  # the whole document's lines; lines[0] is line 1
    numbers: list[int]  # the block's non-blank lines, 1-based
    pdf_tables: Sequence = ()  # the document's PDF table grids (source.PdfTable)

    def text(self, n: int) -> str:
        return self.lines[n - 1]


LineClaim = Callable[[Block, int], bool]
BlockReader = Callable[[Block], Grid]


@dataclass(frozen=True)
class Layout:
    name: str
    claims: LineClaim  # whether line n of the block is printed in this layout
    read: BlockReader
    positional: bool
    order: int


_LAYOUTS: dict[str, Layout] = {}


def layout(name: str, claims: LineClaim, positional: bool, order: int = 100) -> Callable[[BlockReader], BlockReader]:
    """Register a layout reader: `claims` recognises one of its lines, the function reads a block."""
    def register(read: BlockReader) -> BlockReader:
        _LAYOUTS[name] = Layout(name, claims, read, positional, order)
        return read

    return register


def line_claim(test: Callable[[str], bool]) -> LineClaim:
    """A claim decided by the line's text alone."""
    return lambda block, n: test(block.text(n))


def layouts() -> list[Layout]:
    return sorted(_LAYOUTS.values(), key=lambda l: l.order)


# The text layout reads whatever no other layout claims.
FALLBACK = "text"
# A layout is the block's when it claims this share of the block's lines (and at least two).
_SHARE = 0.4


def _block(lines: list[str], numbers: Iterable[int], pdf_tables: Sequence) -> Block:
    return Block(lines, [n for n in numbers if lines[n - 1].strip()], pdf_tables)


def detect(lines: list[str], numbers: Iterable[int], pdf_tables: Sequence = ()) -> str:
    """The layout a block of lines is printed in: the first (by order) claiming a good share of
    them, else text.

    Each line counts for the first layout that claims it.  Tables mix layouts a little (a
    title or a note without tabs above tab-separated rows, a cell alone on its line), so a
    layout needs only a share of the lines.
    """
    return _detect(_block(lines, numbers, pdf_tables))


def _detect(block: Block) -> str:
    counts: dict[str, int] = {}
    for n in block.numbers:
        for lay in layouts():
            if lay.name != FALLBACK and lay.claims(block, n):
                counts[lay.name] = counts.get(lay.name, 0) + 1
                break
    for lay in layouts():  # layouts that keep columns first: they lose nothing
        if counts.get(lay.name, 0) >= max(2, _SHARE * len(block.numbers)):
            return lay.name
    return FALLBACK


def line_layout(lines: list[str], n: int, pdf_tables: Sequence = ()) -> str:
    """The layout one line is printed in (a table's header line tells its table's layout)."""
    block = _block(lines, [n], pdf_tables)
    return next(lay.name for lay in layouts() if lay.claims(block, n))


def read_grid(lines: list[str], numbers: Iterable[int], name: Optional[str] = None, pdf_tables: Sequence = ()) -> Grid:
    """The grid of lines `numbers` (1-based), in the layout given or detected."""
    block = _block(lines, numbers, pdf_tables)
    return _LAYOUTS[name or _detect(block)].read(block)


# --- page furniture -------------------------------------------------------------------------

# A page footer or header inside a table continued over a page break: 第 3 页, 第3页 共12页,
# - 3 -, 3/12.  A bare number is left alone: it may be a figure.
PAGE_LINE = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|[-—－]\s*\d+\s*[-—－]|\d+\s*/\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页)\s*$")


def is_page_line(line: str) -> bool:
    return bool(PAGE_LINE.match(line.replace("\f", "")))


# --- the registered layouts -----------------------------------------------------------------


def _pdf_rows(block: Block) -> dict[int, tuple[object, int]]:
    """Line number -> (PDF table, row index) for the PDF table rows printed on the block's lines."""
    wanted = set(block.numbers)
    found = {}
    for table in block.pdf_tables:
        if table.last_line < block.numbers[0] or table.first_line > block.numbers[-1]:
            continue
        for i, n in enumerate(table.row_lines):
            if n in wanted and not _is_caption(table.rows[i]):
                found[n] = (table, i)
    return found


def _is_caption(row: Sequence[Optional[str]]) -> bool:
    """A row spanning the whole table (its title, 部门 and 单位 lines): text, not cells."""
    return len(row) > 1 and row[0] is not None and all(c is None for c in row[1:])


def _claims_pdf_row(block: Block, n: int) -> bool:
    if not block.pdf_tables:
        return False
    cache = block.__dict__.setdefault("_pdf_rows", None)
    if cache is None:
        cache = block.__dict__["_pdf_rows"] = _pdf_rows(block)
    return n in cache


_FIGURE = re.compile(r"^-?[\d,]+\.\d+$|^-?\d{1,3}(?:,\d{3})+$")
_CODE = re.compile(r"^\d{3,}")


@layout("pdf_grid", _claims_pdf_row, positional=True, order=5)
def read_pdf_grid(block: Block) -> Grid:
    """PDF table grids (pdfplumber), their columns told by position on the page.

    Merged cells give rows of one table different cell boundaries (a header cell over part of
    an amount column, a code cell spanning two columns), so grid indexes do not line up; the
    columns are taken instead from where the body's cells stand (rows with a code or a
    figure), and every cell goes to the first column it overlaps.  A table continued on the
    next page repeats its header there: rows equal to the first part's header are dropped.
    """
    rows_at = _pdf_rows(block)
    by_table: dict[int, list[int]] = {}
    for n, (table, i) in sorted(rows_at.items()):
        by_table.setdefault(id(table), []).append(n)
    out: list[list[Cell]] = []
    first_header: list[tuple[str, ...]] = []
    for k, numbers in enumerate(by_table.values()):
        table = rows_at[numbers[0]][0]
        rows = [(n, _placed(table, rows_at[n][1])) for n in numbers]
        columns = _columns([r for _, r in rows])
        part: list[list[Cell]] = []
        for n, placed in rows:
            cells: dict[int, str] = {}
            for text, x0, x1 in placed:
                j = next((c for c, (a, b) in enumerate(columns) if min(x1, b) - max(x0, a) > 1), None)
                if j is not None:
                    cells[j] = cells.get(j, "") + text
            part.append([Cell(cells.get(j, ""), n, col=j) for j in range(len(columns))])
        texts = [tuple(c.text for c in row) for row in part]
        if k == 0:
            first_header = [t for t in texts if not _is_body([c.text for c in part[texts.index(t)]])]
        elif first_header:
            while part and tuple(c.text for c in part[0]) in first_header:
                part.pop(0)
        out.extend(part)
    out.extend(_stray_rows(block, set(rows_at), out))
    out.sort(key=lambda row: row[0].line)
    return Grid("pdf_grid", True, out)


def _stray_rows(block: Block, in_grids: set[int], grid: list[list[Cell]]) -> list[list[Cell]]:
    """Coded rows printed as text beside the grids (a row the ruling lines of a page missed),
    placed in the columns of the grid's coded rows: code, name, then figures in order."""
    template = next((row for row in grid if row and _CODE.match(next((c.text for c in row if c.text), ""))), None)
    if template is None:
        return []
    filled = [c.col for c in template if c.text]
    out = []
    for n in block.numbers:
        parts = block.text(n).split()
        if n in in_grids or len(parts) < 3 or not _CODE.match(parts[0]) or not _FIGURE.match(parts[-1]):
            continue
        name_end = next((k for k in range(1, len(parts)) if _FIGURE.match(parts[k])), len(parts))
        texts = [parts[0], "".join(parts[1:name_end]), *parts[name_end:]]
        if len(texts) != len(filled):
            continue
        cells = dict(zip(filled, texts))
        out.append([Cell(cells.get(j, ""), n, col=j) for j in range(len(template))])
    return out


def _placed(table, i: int) -> list[tuple[str, float, float]]:
    """The non-empty cells of row i with their x-range."""
    xs = table.cell_x[i] if i < len(table.cell_x) else []
    out = []
    for j, text in enumerate(table.rows[i]):
        if text and text.strip() and j < len(xs) and xs[j]:
            out.append((_joined(text), xs[j][0], xs[j][1]))
    return out


def _is_body(texts: Sequence[str]) -> bool:
    values = [t for t in texts if t]
    return bool(values) and (bool(_CODE.match(values[0])) or any(_FIGURE.match(t) for t in values))


def _columns(rows: list[list[tuple[str, float, float]]]) -> list[tuple[float, float]]:
    """Column x-ranges: the cells of coded rows first (a total's label may span the code and
    name columns), then of other rows with figures, then header cells over no body cell."""
    coded = [r for r in rows if r and _CODE.match(r[0][0])]
    body = [r for r in rows if _is_body([t for t, _, _ in r])]
    columns: list[tuple[float, float]] = []
    for group in (coded, body, rows):
        for row in group:
            for _, x0, x1 in row:
                if not any(min(x1, b) - max(x0, a) > 1 for a, b in columns):
                    columns.append((x0, x1))
    return sorted(columns)


def _joined(text: Optional[str]) -> str:
    return re.sub(r"\s*\n\s*", "", text or "").strip()


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


def _positional(name: str, block: Block, cut: Callable[[str], list[str]]) -> Grid:
    rows = []
    for n in block.numbers:
        if is_page_line(block.text(n)):
            continue
        texts = cut(block.text(n))
        if any(t for t in texts):
            rows.append([Cell(t, n, col=j) for j, t in enumerate(texts)])
    return Grid(name, True, rows)


@layout("markdown", line_claim(_is_markdown), positional=True, order=10)
def read_markdown(block: Block) -> Grid:
    """Markdown rows (``| a | b |``); the rule row gives no cells.  A line that is not a row
    (a note under the table) is one cell."""
    return _positional("markdown", block, positional_cells)


@layout("tabs", line_claim(_is_tab_row), positional=True, order=20)
def read_tabs(block: Block) -> Grid:
    """Tab-separated rows, one per line (HTML tables arrive so); a line without tabs is one cell."""
    return _positional("tabs", block, positional_cells)


def _is_cell_line(line: str) -> bool:
    """One tab, before the cell: a row of a tab-separated table has tabs between its cells."""
    return line.startswith("\t") and "\t" not in line[1:]


@layout("cell_lines", line_claim(_is_cell_line), positional=False, order=30)
def read_cell_lines(block: Block) -> Grid:
    """One cell per tab-prefixed line; an untabbed line continues the cell above; a blank line
    (so a gap in `numbers`) ends the row."""
    rows: list[list[Cell]] = []
    previous = None
    for n in block.numbers:
        line = block.text(n)
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


_SPACED_CELL = re.compile(r"\S+(?: \S+)*")  # a cell may hold single spaces; two end it
_FIGURE_THEN_TEXT = re.compile(r"^(-?\d[\d,]*\.\d+) (\D.*)$")
_DECIMALS = re.compile(r"\.\d+$")
_CODE_AND_NAME = re.compile(r"^(\d{3,7}) (\D.*)$")
_LETTER_SPACED = re.compile(r"^[\u4e00-\u9fff]$")  # one character: a heading printed letter-spaced
_NEAR = 3  # characters by which the edges of one column's cells may differ


@dataclass
class _Span:
    text: str
    start: int
    end: int
    figure: bool


def _spans(line: str, wide: bool = False) -> list[_Span]:
    """The cells of a space-aligned line with their offsets; a split code joined and cut from a
    name printed one space after it.  Offsets count characters, or with ``wide`` display columns
    (a Chinese character two), as a CJK-aware tool aligns its text."""
    line = line.replace("\u3000", "  ").rstrip()
    at = _offsets(line, wide)
    out: list[_Span] = []
    for m in _SPACED_CELL.finditer(line):
        text, start = m.group(), m.start()
        if not out:
            joined = join_split_code(text)
            if joined != text or _CODE_AND_NAME.match(text):
                code, _, name = joined.partition(" ")
                out.append(_Span(code, at[start], at[start] + len(code), False))
                if name:
                    out.append(_Span(name, at[m.end() - len(name)], at[m.end()], False))
                continue
        if out and _LETTER_SPACED.match(text) and _LETTER_SPACED.match(out[-1].text) and not out[-1].figure:
            out[-1] = _Span(out[-1].text + text, out[-1].start, at[m.end()], False)  # 合    计: one heading
            continue
        if " " in text and all(parse_amount(part) is not None and _DECIMALS.search(part) for part in text.split(" ")):
            # figures one space apart (0.00 30.00): two cells pdftotext printed close, never one
            at_part = start
            for part in text.split(" "):
                out.append(_Span(part, at[at_part], at[at_part + len(part)], True))
                at_part += len(part) + 1
            continue
        figure_first = _FIGURE_THEN_TEXT.match(text)
        if figure_first and parse_amount(figure_first[1]) is not None and parse_amount(figure_first[2]) is None:
            # a right-aligned figure one space before the next cell's text (pdftotext closes the gap)
            cut = start + len(figure_first[1])
            out.append(_Span(figure_first[1], at[start], at[cut], True))
            out.append(_Span(figure_first[2], at[m.end() - len(figure_first[2])], at[m.end()], False))
            continue
        out.append(_Span(text, at[start], at[m.end()], parse_amount(text) is not None))
    return out


def _offsets(line: str, wide: bool) -> list[int]:
    """The column each character of `line` begins at (and one past the end)."""
    out, column = [], 0
    for ch in line:
        out.append(column)
        column += 2 if wide and unicodedata.east_asian_width(ch) in "WF" else 1
    out.append(column)
    return out


def _centre(span: _Span) -> float:
    return (span.start + span.end) / 2


_APART = 8  # characters between a cell's centre and any column's for it to open a column of its own


def _anchors(rows: list[list[_Span]]) -> list[float]:
    """Column centres: those of the row printing the most cells (a body row on a tie), and of
    headings right of all of them (over a last column left blank: 结转下年资金)."""
    widest = max(rows, key=lambda r: (len(r), any(s.figure for s in r)))
    anchors = [_centre(s) for s in widest]
    for row in rows:
        if any(s.figure for s in row) or (row and _CODE.match(row[0].text)):
            continue
        for span in row:
            if _centre(span) > max(anchors) + _APART:
                anchors.append(_centre(span))
    return sorted(anchors)


_COLLISION = 8.0  # cost of two cells of one row put in one column, in characters


def _align(spans: list[_Span], anchors: list[float]) -> tuple[list[int], float]:
    """The column of each cell: cells keep their order, each goes near its column's centre.

    Text converted from a PDF keeps columns only roughly (a wide Chinese glyph shifts what
    follows it), so a row is matched to the columns as a whole (dynamic programming) rather
    than each cell to its nearest column.
    """
    m, k = len(spans), len(anchors)
    inf = float("inf")
    cost = [[inf] * k for _ in range(m)]
    back = [[0] * k for _ in range(m)]
    for j in range(k):
        cost[0][j] = abs(_centre(spans[0]) - anchors[j])
    for i in range(1, m):
        for j in range(k):
            here = abs(_centre(spans[i]) - anchors[j])
            best, arg = inf, 0
            for p in range(j + 1):
                if p == j and _CODE.match(spans[i - 1].text):
                    continue  # a code is a cell of its own: what follows it is the next column's
                c = cost[i - 1][p] + (_COLLISION if p == j else 0)
                if c < best:
                    best, arg = c, p
            cost[i][j], back[i][j] = best + here, arg
    j = min(range(k), key=lambda q: cost[m - 1][q])
    total = cost[m - 1][j]
    out = [0] * m
    for i in range(m - 1, -1, -1):
        out[i] = j
        j = back[i][j]
    return out, total


@layout("spaced", line_claim(_is_spaced), positional=True, order=40)
def read_spaced(block: Block) -> Grid:
    """Space-aligned text (``pdftotext -layout``): cells apart by two or more spaces, placed in
    the columns of the row printing the most cells, so that a blank amount keeps the next one
    in its column.  A split code (208 05 01) is joined, page furniture dropped, and a line of
    text alone under a coded row continues that row's name."""
    numbers = [n for n in block.numbers if not is_page_line(block.text(n))]
    # Text aligned by characters (pdftotext) or by display columns (a CJK-aware export): read both
    # ways, keep the one whose cells sit closer to their columns.
    placed = min((_placed_spaced(block, numbers, wide) for wide in (False, True)), key=lambda p: p[0])
    rows: list[list[Cell]] = []
    width = placed[1]
    for n, spans, columns in placed[2]:
        texts: dict[int, str] = {}
        for span, j in zip(spans, columns):
            texts[j] = texts.get(j, "") + span.text
        previous = rows[-1] if rows else None
        if previous and len(spans) == 1 and not spans[0].figure and _continues(previous, n):
            j = next(iter(texts))
            rows[-1] = [Cell(c.text + texts[j], c.line, n, c.col) if c.col == j else c for c in previous]
            continue
        rows.append([Cell(texts.get(j, ""), n, col=j) for j in range(width)])
    return Grid("spaced", True, rows, merged_cells=False)


def _placed_spaced(block: Block, numbers: list[int], wide: bool):
    """(misfit per cell, number of columns, [(line, spans, column of each span)])."""
    lines = [(n, _spans(block.text(n), wide)) for n in numbers]
    lines = [(n, spans) for n, spans in lines if spans]
    if not lines:
        return 0.0, 0, []
    anchors = _anchors([spans for _, spans in lines])
    out, misfit, cells = [], 0.0, 0
    for n, spans in lines:
        columns, cost = _align(spans, anchors)
        out.append((n, spans, columns))
        misfit += cost
        cells += len(spans)
    return misfit / cells, len(anchors), out


def _continues(row: list[Cell], n: int) -> bool:
    """A lone text line continues the row above when that row is a coded row with a name."""
    filled = [c for c in row if c.text]
    return len(filled) >= 2 and bool(_CODE.match(filled[0].text)) and parse_amount(filled[1].text) is None \
        and n <= max(c.last_line for c in row) + 2


_MARKUP = re.compile(r"[*#]+")


def _clean(line: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub("", line)).strip()


_BROKEN_DECIMAL = re.compile(r"^-?\d[\d,]*\.\d$")


@layout(FALLBACK, lambda block, n: True, positional=False, order=1000)
def read_text(block: Block) -> Grid:
    """PDF text: cells apart by spaces, wrapped over lines, one cell per line in the extreme.

    Split codes at the start of a line are joined; page furniture is dropped; a digit alone on
    the line after a one-decimal figure is that figure's last digit ('0.0' / '0').
    """
    rows: list[list[Cell]] = []
    for n in block.numbers:
        line = block.text(n)
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
