"""Rows of a budget table, read from whichever layout the table was published in.

Every layout is first turned into a grid by the layout layer (:mod:`.layouts`): tab-separated
rows, Markdown rows and PDF table grids keep their cell positions; text layouts give their
cells in reading order only, read as one stream.  A row is then assembled the same way whatever
the layout: it starts at a classification code (``2101301``, ``30213``, a unit code ``043001``
or a project code ``42011124043T000000101``, split ``201 06 01`` codes joined), takes the
following text cells as its name, then the amounts.  Uncoded rows are kept for the two-sided
收支总表, whose items have names but no codes.  Pure functions, no I/O.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

from ..amounts import parse_amount
from ..rulebook.ordinals import ROW_GROUP_NUMBER
from ..rulebook.standard_tables import (
    EMPTY_TABLE_NOTE,
    EXPENDITURE_SIDE,
    GROUP_TOTAL,
    INCOME_SIDE,
    TABLE_TOTALS,
    side_total,
    starts_summary_row,
)
from .blank_columns import place_short_rows
from .cells import squeeze
from .layouts import Cell, Grid, read_grid
from .sections import PROJECT_CODE_HEAD, PROJECT_CODE_TAIL, is_project_code
from .table_columns import grid_labels, stream_columns
from .table_regions import TableRegion
from .three_public import LINE_NAME, THREE_PUBLIC, is_figure_row, is_three_public_title, label_figures

_FUNCTIONAL = re.compile(r"^2\d{2}(?:\d{2}(?:\d{2})?)?$")
_ECONOMIC = re.compile(r"^[35]\d{2}(?:\d{2})?$")
_UNIT = re.compile(r"^\d{3}(?:\d{3})?$")
_SUBCODE = re.compile(r"^\d{2}$")
_UNIT_TABLE = re.compile(r"单位编码|单位代码|部门[（(]单位[）)]代码|单位[（(]部门[）)]代码|项目编码")
_TWO_SIDED = re.compile(r"收支.*总表|收入支出.*总表")
_ORDINAL = re.compile(rf"^{ROW_GROUP_NUMBER}")
# A table's printed total (合计/总计) is kept so that it can be checked against the sum of its
# rows; 小计 rows total a group inside the table, not the table, and are not kept.
_TOTAL_LABEL = re.compile("^(?:" + "|".join((*TABLE_TOTALS, GROUP_TOTAL)) + ")$")
_TABLE_TOTAL = re.compile("^(?:" + "|".join(TABLE_TOTALS) + ")$")


@dataclass
class Entry:
    """One row of a table (or one side of a two-sided row)."""

    code: Optional[str]
    # functional | economic | unit | project; "total" for the printed 合计 row; None when uncoded
    classification: Optional[str]
    name_parts: list[str] = field(default_factory=list)
    amounts: list[tuple[str, str, int]] = field(default_factory=list)  # (column, printed, line)
    extra: list[str] = field(default_factory=list)  # further text cells (项目单位, 品目 ...)
    dropped: int = 0  # amounts printed beyond the columns the header was read as
    line_start: int = 0
    line_end: int = 0

    @property
    def name(self) -> str:
        return "".join(self.name_parts)


@dataclass
class Table:
    region: TableRegion
    grid: Grid  # the table's body as its layout printed it
    columns: list[str]
    entries: list[Entry]
    two_sided: bool
    says_empty: bool  # the table states it has nothing ("本部门无政府性基金预算收支")
    problems: list[tuple[str, int]] = field(default_factory=list)  # (message, line)


# --- cells ------------------------------------------------------------------------------


def _body(lines: list[str], region: TableRegion) -> list[int]:
    skip = set(region.head_lines) | {region.unit_line, region.department_line}
    return [n for n in range(region.start, region.end + 1) if n not in skip and lines[n - 1].strip()]


def _stream_cells(grid: Grid) -> list[Cell]:
    return _rejoin([c for c in grid.cells() if c.text])


def _rejoin(cells: list[Cell]) -> list[Cell]:
    """Join a project code a line break split: '42011124043' + 'T000000100'."""
    out: list[Cell] = []
    for c in cells:
        prev = out[-1] if out else None
        if prev and PROJECT_CODE_HEAD.match(prev.text) and PROJECT_CODE_TAIL.match(c.text):
            out[-1] = Cell(prev.text + c.text, prev.line)
        else:
            out.append(c)
    return out


# --- codes ------------------------------------------------------------------------------


def classify_code(text: str, unit_table: bool) -> Optional[str]:
    """'functional' / 'economic' / 'unit' / 'project' for a code cell, None for anything else."""
    t = text.replace(" ", "")
    if is_project_code(t):
        return "project"
    if unit_table:
        return "unit" if _UNIT.match(t) else None
    if _FUNCTIONAL.match(t):
        return "functional"
    if _ECONOMIC.match(t):
        return "economic"
    return None


def _is_text(cell: str) -> bool:
    return bool(cell) and parse_amount(cell) is None and not _TOTAL_LABEL.match(squeeze(cell))


def _read_code(cells: list[str], j: int, unit_table: bool) -> tuple[Optional[str], Optional[str], int]:
    """(code, classification, index after the code) at cells[j]; 类/款/项 cells are joined."""
    code = cells[j].replace(" ", "")
    k = j + 1
    if re.match(r"^2\d{2}$|^[35]\d{2}$", code) and not unit_table:
        while k < len(cells) and _SUBCODE.match(cells[k]) and len(code) < 7:
            code += cells[k]
            k += 1
    kind = classify_code(code, unit_table)
    return (code, kind, k) if kind else (None, None, j + 1)


# --- tab-separated tables -----------------------------------------------------------------


def _is_numbering(cells: list[str]) -> bool:
    """The 栏次 row: '类 款 项 栏次 1 2 3', bare column numbers '1 2 3 …', or the column
    numbers printed beside the code and name headings ('功能分类科目编码 科目名称 1 2 3')."""
    values = [c for c in cells if c]
    if any(squeeze(c) == "栏次" for c in values):
        return True
    numbers = [c for c in values if c.isdigit()]
    if len(numbers) < 3 or numbers != [str(i) for i in range(1, len(numbers) + 1)]:
        return False
    labels = values[: len(values) - len(numbers)]
    return values[len(labels):] == numbers and not any(c.isdigit() or classify_code(c, False) for c in labels)


def _is_data_row(cells: list[str], unit_table: bool) -> bool:
    values = [c for c in cells if c]
    if not values or _is_numbering(cells):
        return False
    if any(re.search(r"[.,]\d", c) and parse_amount(c) is not None for c in values):
        return True
    if _TOTAL_LABEL.match(squeeze(values[0])) and any(parse_amount(c) is not None for c in values[1:]):
        return True
    return any(classify_code(c, unit_table) for c in values[:3])


def _first_amount_column(header: list[tuple[int, list[str]]], data: list[tuple[int, list[str]]]) -> Optional[int]:
    """Where amounts begin: column '1' of the 栏次 row, else the leftmost printed amount."""
    for _, cells in header:
        if _is_numbering(cells) and "1" in cells:
            return cells.index("1")
    cols = [j for _, c in data for j, x in enumerate(c) if x and parse_amount(x) is not None and re.search(r"[.,]", x)]
    return min(cols) if cols else None


def _text_columns(data: list[tuple[int, list[str]]]) -> frozenset[int]:
    return frozenset(j for _, c in data for j, x in enumerate(c) if _is_text(x) and classify_code(x, True) is None)


def _only_figures(cells: list[str]) -> bool:
    values = [c for c in cells if c]
    return bool(values) and all(parse_amount(c) is not None for c in values) and any(re.search(r"[.,]", c) for c in values)


def _tab_entries(rows: list[tuple[int, list[str]]], labels: dict[int, str], unit_table: bool, two_sided: bool,
                 split: Optional[int] = None):
    entries: list[Entry] = []
    unlabeled: set[int] = set()
    for line, cells in rows:
        current: Optional[Entry] = None
        sides_seen = 0
        # a row printing both sides' totals names them in order; a lone one by where it stands
        both_sides = sum(1 for c in cells if _TABLE_TOTAL.match(squeeze(c))) == 2
        if not entries and not two_sided and _only_figures(cells):
            # a table of one row of figures (支出总表: 合计 基本支出 项目支出 …): its total
            current = Entry(None, "total", [TABLE_TOTALS[0]], line_start=line, line_end=line)
            entries.append(current)
        j = 0
        while j < len(cells):
            cell = cells[j]
            if not cell:
                j += 1
                continue
            if j in labels and parse_amount(cell) is not None:
                if current is not None:
                    current.amounts.append((labels[j], cell, line))
                j += 1
                continue
            code, kind, after = _read_code(cells, j, unit_table)
            if code:
                current = Entry(code, kind, line_start=line, line_end=line)
                entries.append(current)
                j = after
                continue
            if _is_text(cell):
                if current is not None and not current.name_parts:
                    current.name_parts.append(cell)
                elif current is None or two_sided:
                    current = Entry(None, None, [cell], line_start=line, line_end=line)
                    entries.append(current)
                else:
                    current.extra.append(cell)
            elif parse_amount(cell) is not None and j not in labels and re.search(r"[.,]", cell):
                unlabeled.add(j)
            elif _TOTAL_LABEL.match(squeeze(cell)):
                # a totals row: its amounts belong to no coded row; the table's own total is kept
                current = None
                if _TABLE_TOTAL.match(squeeze(cell)) and not two_sided:
                    current = Entry(None, "total", [squeeze(cell)], line_start=line, line_end=line)
                    entries.append(current)
                elif _TABLE_TOTAL.match(squeeze(cell)):
                    # 总计 under 收入 is the 收入总计, under 支出 the 支出总计
                    expenditure = sides_seen > 0 if both_sides or split is None else j >= split
                    side = EXPENDITURE_SIDE if expenditure else INCOME_SIDE
                    current = Entry(None, None, [side_total(side, cell)], line_start=line, line_end=line)
                    entries.append(current)
                    sides_seen += 1
            j += 1
    return entries, unlabeled


def _expenditure_side(header: list[list[str]]) -> Optional[int]:
    """The column where the expenditure side of a two-sided table begins (its 支出 heading)."""
    for cells in header:
        found = [j for j, c in enumerate(cells) if squeeze(c) == EXPENDITURE_SIDE]
        if found and any(squeeze(c) == INCOME_SIDE for c in cells[: found[0]]):
            return found[0]
    return None


def read_tab_table(grid: Grid, region: TableRegion) -> tuple[list[str], list[Entry], list]:
    rows = [(row[0].line, [c.text for c in row]) for row in grid.rows]
    header_text = " ".join(" ".join(c) for _, c in rows[:6])
    unit_table = bool(_UNIT_TABLE.search(squeeze(header_text)))
    two_sided = bool(_TWO_SIDED.search(squeeze(region.title)))
    first_data = next((i for i, (_, c) in enumerate(rows) if _is_data_row(c, unit_table)), len(rows))
    header = [c for _, c in rows[:first_data] if not _is_numbering(c)]
    data = rows[first_data:]
    labels = grid_labels(header, _first_amount_column(rows[:first_data], data), _text_columns(data),
                         merged_cells=grid.merged_cells)
    entries, unlabeled = _tab_entries(data, labels, unit_table, two_sided, _expenditure_side(header) if two_sided else None)
    headed = {j for cells in header for j, c in enumerate(cells) if c}
    problems = [
        (f"amounts in column {j + 1} of '{region.title}' have no header; not read", data[0][0])
        for j in sorted(unlabeled - headed)
    ]
    columns = [labels[j] for j in sorted(labels)]
    if grid.layout == "spaced":
        # space-aligned text keeps columns only roughly (pdftotext counts a Chinese character as
        # one column and drifts): where a row's figure sits against its parent's sums, the sums win
        place_short_rows(entries, columns)
    return columns, entries, problems


# --- PDF text and one cell per line ----------------------------------------------------


def _starts_row(cells: list[Cell], i: int, unit_table: bool) -> Optional[str]:
    kind = classify_code(cells[i].text, unit_table)
    if kind and i + 1 < len(cells) and _is_text(cells[i + 1].text) and classify_code(cells[i + 1].text, unit_table) is None:
        return kind
    return None


def _starts_total(cells: list[Cell], i: int) -> bool:
    """A 合计 cell followed by a figure: the table's total row (a header's 合计 is followed by words)."""
    return bool(_TABLE_TOTAL.match(squeeze(cells[i].text))) and i + 1 < len(cells) and parse_amount(cells[i + 1].text) is not None


def _stream_entries(cells: list[Cell], columns: list[str], unit_table: bool) -> list[Entry]:
    entries: list[Entry] = []
    current: Optional[Entry] = None
    for i, cell in enumerate(cells):
        kind = _starts_row(cells, i, unit_table)
        if kind:
            current = Entry(cell.text, kind, line_start=cell.line, line_end=cell.line)
            entries.append(current)
            continue
        if _starts_total(cells, i):
            current = Entry(None, "total", [squeeze(cell.text)], line_start=cell.line, line_end=cell.line)
            entries.append(current)
            continue
        if current is None:
            continue
        if parse_amount(cell.text) is not None:
            if len(current.amounts) < len(columns):
                current.amounts.append((columns[len(current.amounts)], cell.text, cell.line))
                current.line_end = cell.line
            elif re.search(r"[.,]\d", cell.text):
                current.dropped += 1
            continue
        if _is_text(cell.text) and not current.amounts:
            current.name_parts.append(cell.text)
            current.line_end = cell.line
            continue
        current = None  # anything else ends the row: the next one starts at a code
    return entries


def _two_sided_stream(cells: list[Cell], column: str, has_line_numbers: bool) -> list[Entry]:
    """收支总表 in PDF text: 'name amount name amount', names broken over lines."""
    entries: list[Entry] = []
    current: Optional[Entry] = None
    totals_on_line = Counter(c.line for c in cells if _TABLE_TOTAL.match(squeeze(c.text)))
    sides_seen: Counter = Counter()
    for cell in cells:
        amount = parse_amount(cell.text)
        if amount is not None:
            if has_line_numbers and cell.text.isdigit():
                continue
            if current is not None and not current.amounts:
                current.amounts.append((column, cell.text, cell.line))
                current.line_end = cell.line
            current = None
            continue
        if _TOTAL_LABEL.match(squeeze(cell.text)):
            current = None
            if totals_on_line[cell.line] == 2:
                # '总计 991.65 总计 991.65': the income side's, then the expenditure side's
                side = EXPENDITURE_SIDE if sides_seen[cell.line] else INCOME_SIDE
                sides_seen[cell.line] += 1
                current = Entry(None, None, [side_total(side, cell.text)], line_start=cell.line, line_end=cell.line)
                entries.append(current)
            continue
        if current is None or current.amounts or _ORDINAL.match(cell.text) or starts_summary_row(cell.text):
            current = Entry(None, None, [cell.text], line_start=cell.line, line_end=cell.line)
            entries.append(current)
        else:
            current.name_parts.append(cell.text)
            current.line_end = cell.line
    return entries


def _first_row_index(cells: list[Cell], unit_table: bool, two_sided: bool) -> int:
    for i, c in enumerate(cells):
        if _starts_row(cells, i, unit_table):
            return i
        if _TOTAL_LABEL.match(squeeze(c.text)) and i + 1 < len(cells) and parse_amount(cells[i + 1].text) is not None:
            return i
        if two_sided and _ORDINAL.match(c.text):
            return i
        if re.search(r"[.,]\d", c.text) and parse_amount(c.text) is not None:
            return i
    return len(cells)


def read_stream_table(grid: Grid, region: TableRegion) -> tuple[list[str], list[Entry], list]:
    cells = _stream_cells(grid)
    probe = squeeze("".join(c.text for c in cells[:200]))
    unit_table = bool(_UNIT_TABLE.search(probe))
    two_sided = bool(_TWO_SIDED.search(squeeze(region.title)))
    first = _first_row_index(cells, unit_table, two_sided)
    header_text = "".join(c.text for c in cells[:first])
    problems: list[tuple[str, int]] = []
    if two_sided:
        header = squeeze(header_text)
        column = next((w for w in ("决算数", "预算数", "金额") if w in header), "金额")
        has_line_numbers = "行次" in header or "行" in re.sub(r"[^行]+", " ", header).split()
        return [column], _two_sided_stream(cells[first:], column, has_line_numbers), problems
    columns, _ = stream_columns(header_text)
    entries = _stream_entries(cells[first:], columns, unit_table)
    place_short_rows(entries, columns)
    for e in entries:
        if e.dropped:
            problems.append((
                f"row {e.code} of '{region.title}' prints {len(e.amounts) + e.dropped} amounts but the header "
                f"was read as {len(columns)} columns {columns}; the last {e.dropped} not read",
                e.line_start,
            ))
    if not columns and entries:
        problems.append((f"header of '{region.title}' not readable: no column names found", region.start))
    return columns, entries, problems


# --- the 三公经费 form ----------------------------------------------------------------------


def read_three_public_table(grid: Grid, region: TableRegion) -> tuple[list[str], list[Entry], list]:
    """Rows of figures under the standard 三公 columns; every line before the first is header."""
    header: list[list[Cell]] = []
    entries: list[Entry] = []
    problems: list[tuple[str, int]] = []
    for row in grid.rows:
        n = row[0].line
        cells = [c.text for c in row]
        if not is_figure_row(cells):
            if not entries:
                header.append(row)
            continue
        labelled, why_not = label_figures(_header_text(header, grid.positional), cells, positional=grid.positional)
        if why_not:
            problems.append((f"'{region.title}': {why_not}; not read", n))
            continue
        amounts = [(column, printed, n) for column, printed in labelled]
        entries.append(Entry(None, THREE_PUBLIC, [LINE_NAME], amounts, line_start=n, line_end=n))
    columns = list(dict.fromkeys(c for e in entries for c, _, _ in e.amounts))
    return columns, entries, problems


def _header_text(rows: list[list[Cell]], positional: bool) -> str:
    """A header's words; in a positional grid read column by column, so that a heading broken
    over lines (公务接 / 待费) reads whole."""
    if not positional:
        return " ".join(c.text for row in rows for c in row)
    width = max((c.col or 0 for row in rows for c in row), default=-1) + 1
    columns = ["".join(c.text for row in rows for c in row if c.col == j) for j in range(width)]
    return " ".join(c for c in columns if c)


# --- a whole table --------------------------------------------------------------------------


_HEADING_UNIT = re.compile(r"[（(]\s*(万元|千元|百元|亿元|元)\s*[)）]")


def _header_unit(grid: Grid) -> tuple[Optional[str], Optional[int]]:
    """The money unit a table without a 单位 line prints in its column headings (金额（元）)."""
    for row in grid.rows:
        if any(re.search(r"[.,]\d", c.text) and parse_amount(c.text) is not None for c in row):
            break  # the headings end where the figures begin
        for cell in row:
            m = _HEADING_UNIT.search(cell.text)
            if m:
                return m.group(1), cell.line
    return None, None


def read_table(lines: list[str], region: TableRegion, pdf_tables: Sequence = ()) -> Table:
    numbers = _body(lines, region)
    grid = read_grid(lines, numbers, pdf_tables=pdf_tables)
    if region.unit is None:
        # a copy: the regions found are shared by the document's readers, which must not see
        # what reading one table added
        unit, unit_line = _header_unit(grid)
        region = replace(region, unit=unit, unit_line=unit_line)
    reader = read_tab_table if grid.positional else read_stream_table
    if is_three_public_title(region.title):
        reader = read_three_public_table
    columns, entries, problems = reader(grid, region)
    says_empty = any(EMPTY_TABLE_NOTE.search(squeeze(lines[n - 1])) for n in numbers)
    two_sided = bool(_TWO_SIDED.search(squeeze(region.title)))
    return Table(region, grid, columns, entries, two_sided, says_empty, problems)
