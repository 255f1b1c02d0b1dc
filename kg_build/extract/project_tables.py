"""Rows of the tables that list projects, read from a stream of cells.

Two tables list projects with their amounts:

* the project expenditure table (项目支出表 / 项目支出预算表): project code (a PDF may break it
  after the department digits: ``42011124043`` / ``T000000100``), name, 项目单位, then amounts,
  the first being the total (合计);
* the 项目支出情况 block of a department-wide performance form: name, category (项目类别 /
  项目类型 / 支出项目类别), total budget and this year's budget.

Both are read as cell sequences (see :mod:`.cells`), so tab-separated, PDF and
one-cell-per-line layouts are read alike.  Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Iterator, Optional

from ..amounts import parse_amount
from ..regions import region_prefix
from ..rulebook.standard_tables import is_total_label
from .cells import Cell, cells, squeeze
from .layouts import read_grid
from .sections import PROJECT_CODE_HEAD, PROJECT_CODE_TAIL, clean_heading, is_part_heading, is_project_code

PROJECT_TABLE_TITLE = re.compile(r"^(?:项目支出(?:预算|决算)?(?:明细)?表)$")
_UNIT_CODE = re.compile(r"^\d{3,9}$")


@dataclass(frozen=True)
class TableRow:
    code: Optional[str]  # None in a table that lists its projects by name only
    name: str
    unit: Optional[str]
    amount: Decimal  # as printed, in the table's unit
    first_line: int
    last_line: int


def project_table_spans(lines: list[str], form_starts: Iterable[int] = ()) -> Iterator[tuple[int, int, str]]:
    """(first line, last line, title) of each project expenditure table.

    A table ends at the next part heading or where the next performance form starts.
    """
    stops = set(form_starts)
    for i, line in enumerate(lines, 1):
        title = clean_heading(line)
        if not PROJECT_TABLE_TITLE.match(title):
            continue
        end = i
        while end < len(lines) and not is_part_heading(lines[end]) and end + 1 not in stops and end - i < 400:
            end += 1
        yield i, end, title


def _code_at(cs: list[Cell], i: int) -> tuple[Optional[str], int]:
    text = squeeze(cs[i].text)
    if is_project_code(text):
        return text, i + 1
    if PROJECT_CODE_HEAD.match(text) and i + 1 < len(cs) and PROJECT_CODE_TAIL.match(squeeze(cs[i + 1].text)):
        return text + squeeze(cs[i + 1].text), i + 2
    return None, i + 1


def _names_organisation(text: str, heads: Iterable[str]) -> bool:
    """Whether `text` starts the way a 项目单位 cell does: with a region or an organisation's name."""
    return bool(region_prefix(text)[1]) or any(head and text.startswith(head) for head in heads)


def _split_name_unit(texts: list[Cell], units: set[str], known_name: Optional[str] = None,
                     organisations: Iterable[str] = ()) -> tuple[str, Optional[str]]:
    """Where a wrapped project name ends and its 项目单位 begins.

    In order of evidence: a unit the table prints on its own row; the name the project's own
    form prints (when what follows it names an organisation); the last break between cells
    after which a region's name, else the department's or a unit's name, starts (a 项目单位
    starts with one, a project name only rarely holds one); the name the form prints; else
    the first cell is the name.
    """
    pieces = [squeeze(c.text) for c in texts]
    joined = "".join(pieces)
    for unit in sorted(units, key=len, reverse=True):
        if joined.endswith(unit) and len(joined) > len(unit):
            return joined[: -len(unit)], unit
    heads = tuple(units) + tuple(organisations)
    named = bool(known_name) and len(joined) > len(known_name) and joined.startswith(known_name)
    if named and _names_organisation(joined[len(known_name):], heads):
        return known_name, joined[len(known_name):]
    # A unit printed with its region (武汉市东西湖区 / 农业农村局本级) also holds the
    # department's bare name further on: a break before a region wins over one before a name.
    for evidence in ((), heads):
        breaks = [k for k in range(1, len(pieces)) if _names_organisation("".join(pieces[k:]), evidence)]
        if breaks:
            return "".join(pieces[: breaks[-1]]), "".join(pieces[breaks[-1]:])
    if named:
        return known_name, joined[len(known_name):]
    if len(texts) >= 2:
        return pieces[0], "".join(pieces[1:])
    return joined, None


def project_table_rows(lines: list[str], first: int, last: int, form_names: Optional[dict[str, str]] = None,
                       organisations: Iterable[str] = ()) -> tuple[list[TableRow], list[int]]:
    """Rows with a project code, and the lines of codes whose row could not be read.

    `form_names` maps project codes to the names their performance forms print, and
    `organisations` names the document's department: both tell a wrapped name from its unit.
    """
    form_names = form_names or {}
    organisations = tuple(organisations)
    cs = cells(lines, first, last)
    # Budget units are printed on their own rows (043001 武汉市洪山区医疗保障局本级): knowing
    # them tells where a wrapped project name ends and its unit begins.
    units = {squeeze(cs[k + 1].text) for k in range(len(cs) - 1)
             if _UNIT_CODE.match(cs[k].text) and cs[k + 1].amount is None}
    rows: list[TableRow] = []
    unread: list[int] = []
    i = 0
    while i < len(cs):
        code, j = _code_at(cs, i)
        if code is None:
            i += 1
            continue
        k = j
        while k < len(cs) and cs[k].amount is None and _code_at(cs, k)[0] is None:
            k += 1
        texts = cs[j:k]
        if k >= len(cs) or cs[k].amount is None or not texts:
            unread.append(cs[i].line)
            i = k
            continue
        name, unit = _split_name_unit(texts, units, form_names.get(code), organisations)
        rows.append(TableRow(code, name, unit, cs[k].amount, cs[i].line, cs[k].line))
        i = k + 1
    if not rows and not unread:
        rows = _rows_by_name(lines, first, last)
    return rows, unread


_NAME_HEADING = re.compile(r"^项目名称$")
_UNIT_HEADING = re.compile(r"^(?:项目单位|单位名称|预算单位|实施单位)$")


def _rows_by_name(lines: list[str], first: int, last: int) -> list[TableRow]:
    """Rows of a table that prints no project codes, read by its columns: 项目名称, 项目单位 and
    the first amount column (合计).  Only where the layout keeps columns (tabs, Markdown, PDF grids):
    without codes nothing else tells where a row begins."""
    head = next((n for n in range(first + 1, last + 1) if "项目名称" in squeeze(lines[n - 1])), None)
    if head is None:
        return []
    numbers = []  # the header and the rows printed under it, up to a blank line
    for n in range(head, last + 1):
        if not lines[n - 1].strip():
            break
        numbers.append(n)
    grid = read_grid(lines, numbers)
    if not grid.positional:
        return []
    name_col = unit_col = None
    rows: list[TableRow] = []
    for row in grid.rows:
        texts = {c.col: squeeze(c.text) for c in row if c.text}
        if name_col is None:
            name_col = next((j for j, t in texts.items() if _NAME_HEADING.match(t)), None)
            unit_col = next((j for j, t in texts.items() if _UNIT_HEADING.match(t)), None)
            continue
        name = texts.get(name_col)
        amounts = sorted((j, parse_amount(t)) for j, t in texts.items() if j not in (name_col, unit_col)
                         and parse_amount(t) is not None)
        if not name or not amounts or is_total_label(name) or parse_amount(name) is not None:
            continue
        line = row[0].line
        rows.append(TableRow(None, name, texts.get(unit_col) if unit_col is not None else None, amounts[0][1], line,
                             max(c.last_line for c in row)))
    return rows


# ---------------------------------------------------------------- 项目支出情况


@dataclass(frozen=True)
class SpendingRow:
    name: str
    category: Optional[str]
    total: Decimal
    current: Decimal
    first_line: int
    last_line: int


_SPENDING_END = ("整体绩效", "整体目标", "长期目标", "年度目标", "绩效目标", "部门整体", "整体支出绩效")
_NOT_A_NAME = re.compile(r"^(?:项目名称|项目类别|项目类型|支出项目类别|项目总预\S*|项目本年\S*|项目主要\S*|项目支出情况?)$")
_ROW_NUMBER = re.compile(r"^项目\s*\d+\s*[:：]\s*")


def _not_a_name(text: str) -> bool:
    return bool(_NOT_A_NAME.match(text)) or is_total_label(text)


def spending_span(lines: list[str], first: int, last: int) -> Optional[tuple[int, int]]:
    """The 项目支出情况 block inside a department form printed on lines first..last."""
    start = next((n for n in range(first, last + 1) if squeeze(lines[n - 1]).startswith("项目支出情")), None)
    if start is None:
        return None
    for n in range(start + 1, last + 1):
        if squeeze(lines[n - 1]).startswith(_SPENDING_END):
            return start, n - 1
    return start, last


def spending_rows(lines: list[str], first: int, last: int) -> list[SpendingRow]:
    cs = cells(lines, first, last)
    header = squeeze(" ".join(lines[first - 1 : min(last, first + 12)]))
    has_category = bool(re.search(r"类别|类型", header))
    total_first = header.find("总预算") <= header.find("本年") or header.find("本年") < 0
    width = 2 if has_category else 1
    rows: list[SpendingRow] = []
    for i in range(width, len(cs) - 1):
        a, b = cs[i].amount, cs[i + 1].amount
        if a is None or b is None or "%" in cs[i].text:
            continue
        name_cell = cs[i - width]
        category = squeeze(cs[i - 1].text) if has_category else None
        name = _ROW_NUMBER.sub("", squeeze(name_cell.text))
        if name_cell.amount is not None or _not_a_name(name) or (category and _not_a_name(category)):
            continue
        if category is not None and cs[i - 1].amount is not None:
            continue
        total, current = (a, b) if total_first else (b, a)
        rows.append(SpendingRow(name, category, total, current, name_cell.line, cs[i + 1].line))
    return rows
