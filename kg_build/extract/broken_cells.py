"""Reading target tables from PDF text, where cells are broken over lines.

Text extracted from a PDF prints a table row by row, but a cell too wide for its column
wraps onto the following lines (``资助参保人`` / ``次数``), cells of one row share a line
separated by spaces, a figure is cut from its unit (``3500 元/`` / ``人``), and a cell
spanning several rows is printed once, in the middle (``产出指标`` between two rows).

Reading goes in three steps: split lines into tokens and rejoin cut figures; rejoin the
fragments of one wrapped cell (a wrapped cell fills its column on every line but the last,
so a line shorter than the one before ends it; level and basis terms are completed); then
walk the cells, recognising levels, figures and basis terms, to assemble rows.  A row that
cannot be assembled with confidence is kept with what is certain and noted.
Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..indicator_values import parse_value
from .cells import squeeze
from .layouts import FALLBACK, read_grid
from .indicator_rows import Cell, Columns, LevelState, RawRow, goal_label
from .indicator_vocabulary import (
    BASIS_TERMS, LEVEL1, LEVEL2, NOISE, is_basis, is_level1, is_open_sentence, is_text_fragment,
    is_third_level_name, is_value_in_words, level_word, vocabulary_prefix,
)

_VOCAB = set(LEVEL1) | set(LEVEL2) | set(BASIS_TERMS)
_BARE_NUMBER = re.compile(r"^[≥≤><]?[\d.,\-/%]+$")
_UNIT_TAIL = re.compile(r"^(?:%|[^\d\s]{1,4})(?:/[^\d\s]{1,3})?$")


def is_figure(text: str) -> bool:
    """A value cell with a figure, stricter than the value parser: in PDF text a name or a
    citation may begin with figures ('0-6岁儿童健…', '2023 年中央…'), a unit never runs long."""
    p = parse_value(text) if text.strip() else None
    if p is None or p.comparator == "text":
        return False
    unit = p.unit or ""
    if p.comparator == "range" and len(unit) > 2:
        return False
    if (len(unit) > 4 and "/" not in unit) or re.search(r"[、，。（）〔〕()号]", unit):
        return False
    if unit.startswith("年") and p.number is not None and 1900 <= p.number <= 2100:
        return False
    return True


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def _is_unit(token: str) -> bool:
    return bool(_UNIT_TAIL.match(token)) and token not in NOISE and not level_word(token) and not is_basis(token) \
        and not vocabulary_prefix(token)


def _tokens(raw: list[str]) -> list[str]:
    """A line's cells with a figure and its unit and '0-6 岁…' names rejoined."""
    out: list[str] = []
    for tok in raw:
        if out and _BARE_NUMBER.match(out[-1]) and (_is_unit(tok) or out[-1].endswith("/")) and is_figure(out[-1] + tok):
            out[-1] += tok
        elif out and re.match(r"^[\d\-.]+$", out[-1]) and re.match(r"^[\u4e00-\u9fff]", tok) and not is_figure(out[-1] + tok):
            out[-1] += tok  # "0-6 岁儿童健康管理率": a name that starts with figures
        else:
            out.append(tok)
    return out


def _figure_continues(prev: str, nxt: str) -> bool:
    """Whether the first token of a line completes the figure that ended the line before."""
    if not is_figure(prev):
        return False
    if prev.endswith("/") or nxt.startswith("%"):
        return True
    if "/" in prev and "%" in prev and not prev.endswith("%") and re.match(r"^\d*%", nxt):
        return True  # "70%/80%/10" + "0%"
    return bool(re.match(r"^[≥≤><]?[\d.,]+[^\d\s]{0,2}$", prev)) and _is_unit(nxt) and prev[-1].isdigit() or \
        (prev[-1] in "万千" and nxt in ("元", "人", "次"))


@dataclass
class _Open:
    text: str
    line: int
    end: int
    first_width: Optional[float]
    last_width: float


def _complete(text: str) -> bool:
    return squeeze(text) in _VOCAB


def _vocab_join(a: str, b: str) -> bool:
    joined = squeeze(a + b)
    return joined in _VOCAB or vocabulary_prefix(joined)


def _wraps(cell: _Open, frag: str) -> bool:
    """A single-fragment line continues `cell` when the cell's last line filled its column."""
    if _vocab_join(cell.text, frag):
        return True
    if _complete(cell.text) or is_figure(frag) or level_word(frag) or is_basis(frag) or goal_label(frag) \
            or is_value_in_words(frag):
        return False
    w = _width(frag)
    if cell.first_width is None:  # opened by the last cell of a shared line: its width tells nothing
        return True
    return cell.last_width >= cell.first_width - 1 and w <= cell.first_width + 1


def cells_of(lines: list[str], start: int, end: int, first_line: int) -> list[Cell]:
    """The table's cells in reading order, wrapped cells rejoined."""
    out: list[Cell] = []
    open_: Optional[_Open] = None
    last_figure: Optional[int] = None  # index in `out` of a figure that ended the previous line

    def close() -> None:
        nonlocal open_
        if open_:
            out.append(Cell(open_.text, open_.line, open_.end))
            open_ = None

    grid = read_grid(lines, range(start + first_line, end + first_line), FALLBACK)
    for row in grid.rows:
        toks = _tokens([c.text for c in row])
        if not toks:
            continue
        n = row[0].line
        if last_figure is not None and open_ is None and _figure_continues(out[last_figure].text, toks[0]):
            out[last_figure] = Cell(out[last_figure].text + toks.pop(0), out[last_figure].line)
            if not toks:
                continue
        last_figure = None
        if len(toks) == 1 and not is_figure(toks[0]):
            tok = toks[0]
            if open_ and _wraps(open_, tok):
                open_.text += tok
                open_.end, open_.last_width = n, _width(tok)
                if open_.first_width is None:
                    open_.first_width = _width(tok)
                continue
            close()
            open_ = _Open(tok, n, n, _width(tok), _width(tok))
            continue
        if open_ and _vocab_join(open_.text, toks[0]) and not is_figure(toks[0]):
            open_.text += toks.pop(0)
        close()
        repeated = len(set(toks)) < len(toks)
        for k, tok in enumerate(toks):
            last = k == len(toks) - 1
            if last and not repeated and not is_figure(tok) and not _complete(tok) and not goal_label(tok):
                open_ = _Open(tok, n, n, None, _width(tok))
            else:
                out.append(Cell(tok, n))
        if is_figure(toks[-1]):
            last_figure = len(out) - 1
    close()
    return out


# ------------------------------------------------------------------ assembling rows

_LABEL, _LEVEL, _FIGURE, _BASIS, _TEXT = "label", "level", "figure", "basis", "text"


def _kind(text: str) -> str:
    s = squeeze(text)
    if goal_label(s) or s in NOISE:
        return _LABEL
    if level_word(s):
        return _LEVEL
    if is_figure(s):
        return _FIGURE
    if is_basis(s):
        return _BASIS
    return _TEXT


@dataclass
class _Row:
    name: list[Cell] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    goal_index: int = 1
    level1: Optional[str] = None
    level2: Optional[str] = None
    last_line: int = 0
    values_line: int = 0  # line of the last figure read into values
    basis_lines: Optional[tuple[int, int]] = None

    def add_basis(self, text: str, cell: Cell) -> None:
        self.basis.append(text)
        lo, hi = self.basis_lines or (cell.line, cell.last_line)
        self.basis_lines = (min(lo, cell.line), max(hi, cell.last_line))

    @property
    def phase(self) -> str:
        if self.basis:
            return "basis"
        if self.values:
            return "values"
        return "name" if self.name else "none"


def _split_repeats(text: str) -> list[str]:
    """'不断缩小不断缩小' -> ['不断缩小', '不断缩小']: equal cells of one row rejoined as one."""
    for size in range(2, len(text) // 2 + 1):
        if len(text) % size == 0 and text == text[:size] * (len(text) // size):
            return [text[:size]] * (len(text) // size)
    return [text]


def _level_names_as_text(kinds: list[str], cells: list[Cell]) -> list[str]:
    """Kinds with the level cells that are a row's 三级 name (see is_third_level_name) made text.

    The row's second level is filled when the cell just before is a second-level cell.
    """
    out = list(kinds)
    for k, kind in enumerate(kinds):
        if kind != _LEVEL:
            continue
        word = level_word(cells[k].text)
        previous = level_word(cells[k - 1].text) if k and out[k - 1] == _LEVEL else None
        row_has_level2 = previous is not None and not is_level1(previous)
        before_value = k + 1 < len(kinds) and kinds[k + 1] == _FIGURE
        if is_third_level_name(word, row_has_level2, before_value):
            out[k] = _TEXT
    return out


def pdf_rows(lines: list[str], start: int, end: int, first_line: int, columns: Columns,
             state: LevelState) -> tuple[list[RawRow], list[tuple[int, str]]]:
    reader = _PdfRowReader(cells_of(lines, start, end, first_line), columns, state)
    return reader.read()


class _PdfRowReader:
    """Assembles the rows of one PDF target table from its cell stream, a cell at a time.

    Which column a cell belongs to is decided from what the current row already holds (its
    phase), the kind of the cell and the kind of the next one, since PDF text keeps no columns.
    """

    def __init__(self, cells: list[Cell], columns: Columns, state: LevelState):
        self.cells = cells
        self.kinds = _level_names_as_text([_kind(c.text) for c in cells], cells)
        self.columns = columns
        self.state = state
        self.rows: list[RawRow] = []
        self.notes: list[tuple[int, str]] = []
        self.row = _Row()
        self.after_label = True  # the label column's number may open the data ("长期绩效目标" / "1")

    def read(self) -> tuple[list[RawRow], list[tuple[int, str]]]:
        handlers = {_LEVEL: self._level, _FIGURE: self._figure, _BASIS: self._basis}
        for k, (cell, kind) in enumerate(zip(self.cells, self.kinds)):
            text = squeeze(cell.text)
            self.row.last_line = max(self.row.last_line, cell.line)
            if kind == _LABEL:
                label = goal_label(text)
                if label and label[1]:
                    self.state.goal_index = label[1]
                self.after_label = bool(label)
                continue
            if self.after_label and re.match(r"^\d{1,2}$", text):
                self.state.goal_index = int(text)  # "长期绩效目标" / "1" cut over two lines
                self.after_label = False
                continue
            self.after_label = False
            handlers.get(kind, self._text)(k, cell, text)
        self._finish()
        return self.rows, self.notes

    def _next_kind(self, k: int) -> Optional[str]:
        return self.kinds[k + 1] if k + 1 < len(self.kinds) else None

    def _finish(self) -> None:
        if self.row.name:
            self.rows.append(_raw(self.row, self.columns, self.notes))
        state = self.state
        self.row = _Row(goal_index=state.goal_index, level1=state.level1, level2=state.level2)

    def _start_row(self, cell: Cell) -> None:
        self._finish()
        self.row.name.append(cell)
        self.row.goal_index, self.row.level1, self.row.level2 = (
            self.state.goal_index, self.state.level1, self.state.level2)

    def _level(self, k: int, cell: Cell, text: str) -> None:
        row, state = self.row, self.state
        word = level_word(text)
        if row.phase == "values" and word in (state.level1, state.level2):
            return  # a spanning cell printed again in the middle of its rows
        if row.phase == "name" and word == state.level1:
            return
        self._finish()
        state.see_level(word, second=False)
        self.row.level1, self.row.level2 = state.level1, state.level2

    def _figure(self, k: int, cell: Cell, text: str) -> None:
        row, columns = self.row, self.columns
        if row.phase == "none":
            self.notes.append((cell.line, f"figure {text!r} outside any row skipped"))
            return
        full = len(row.values) >= columns.value_count + (1 if columns.has_weight else 0)
        if row.phase == "basis" or (full and self._next_kind(k) == _FIGURE):
            self.notes.append((cell.line, f"figure {text!r} after a complete row skipped"))
            return
        if full:
            row.add_basis(text, cell)  # printed in the basis column
            return
        row.values.append(text)
        row.values_line = cell.line

    def _basis(self, k: int, cell: Cell, text: str) -> None:
        row, rows = self.row, self.rows
        if row.phase == "none" and rows and rows[-1].basis is None:
            rows[-1].extend_basis(text, cell.line, cell.last_line)  # a basis cell spanning rows, printed after them
            return
        if row.phase == "none":
            return
        if text not in row.basis:  # a spanning basis cell is printed once per row it covers
            row.add_basis(text, cell)

    def _text(self, k: int, cell: Cell, text: str) -> None:
        """Plain text: a name, a value in words, or a basis in words."""
        row, nxt = self.row, self._next_kind(k)
        if is_text_fragment(text):
            _add_fragment(text, cell, row, self.rows, self.notes)
            return
        phase = row.phase
        if phase == "values" and _is_name_tail(row, k, self.cells, self.kinds, self.columns):
            row.name.append(cell)
        elif phase == "none":
            self._start_row(cell)
        elif phase == "name":
            if nxt == _FIGURE and row.values:
                self._start_row(cell)
            else:
                row.values.append(text)
        elif phase == "values":
            if nxt == _FIGURE:
                self._start_row(cell)
            elif len(row.values) < self.columns.value_count and not any(is_figure(v) for v in row.values):
                row.values.append(text)
            elif not row.basis:
                row.add_basis(text, cell)
            else:
                self._start_row(cell)
        elif nxt == _FIGURE:
            self._start_row(cell)
        else:
            row.add_basis(text, cell)


def _is_name_tail(row: _Row, k: int, cells: list[Cell], kinds: list[str], columns: Columns) -> bool:
    """Whether cell k ends the name of a row whose name began on the line of its figures.

    A name too long for its column wraps onto the lines below the row's figures, and the
    name column stands left of the basis column: so a cell below the figures with a basis
    fragment after it on its own line is the rest of the name (肺结核患者 ≥90% … / 管理率 〔2023〕).
    """
    cell = cells[k]
    after = cells[k + 1] if k + 1 < len(cells) else None
    return (
        len(row.values) >= columns.value_count
        and bool(row.name) and row.name[-1].line == row.values_line < cell.line
        and after is not None and after.line == cell.line and kinds[k + 1] in (_TEXT, _BASIS)
    )


def _add_fragment(text: str, cell: Cell, row: _Row, rows: list[RawRow], notes: list[tuple[int, str]]) -> None:
    """A piece of a wrapped basis (a sentence, a 文号 cut in two) joins the basis it continues.

    A basis cell spanning several rows is printed across them, so its next piece may come
    after the figures of a later row: it goes on the sentence left open (…（武财社), else on
    the basis of the row it stands in.
    """
    earlier = next((r for r in reversed(rows) if r.basis), None) if not row.basis else None
    if row.basis and is_open_sentence("".join(row.basis)):
        row.add_basis(text, cell)
    elif earlier is not None and is_open_sentence(earlier.basis or ""):
        earlier.extend_basis(text, cell.line, cell.last_line)
    elif row.phase in ("values", "basis", "name"):
        row.add_basis(text, cell)
    elif rows and rows[-1].basis:
        rows[-1].extend_basis(text, cell.line, cell.last_line)
    else:
        notes.append((cell.line, f"text {text!r} outside any row skipped"))


def _raw(row: _Row, columns: Columns, notes: list[tuple[int, str]]) -> RawRow:
    names = _split_repeats(squeeze("".join(c.text for c in row.name)))
    name = names[0]
    values = names[1:] + [v for raw in row.values for v in _split_repeats(raw)]
    weight = None
    if columns.has_weight and len(values) == columns.value_count + 1:
        weight = values.pop()
    line = row.name[0].line
    if len(values) > columns.value_count:
        notes.append((line, f"{len(values)} value cells for {columns.value_count} value columns: {' | '.join(values)}"))
    if not values:
        notes.append((line, f"indicator {name!r}: no value could be read"))
    basis = squeeze("".join(row.basis)) if row.basis else None
    return RawRow(row.goal_index, row.level1, row.level2, name, values, basis, weight, line, max(row.last_line, line), [],
                  row.basis_lines)
