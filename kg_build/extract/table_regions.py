"""Where the budget tables of a document are: title, number, unit, department, line range.

A budget disclosure prints each table as a title (``部门支出总表``, ``2024年支出预算总表``,
``2024 年度收入决算表``) next to a number (``表 3``, ``预算03表``, ``公开 01 表``, in either
order), then ``部门/单位：…`` and ``单位：万元`` lines, then the header and rows.  A table
ends where the next title, number or part heading (``第三部分``) begins.  Tables of other
kinds (绩效目标表, 自评表) are boundaries but not budget tables.  Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..amounts import declared_unit
from ..rulebook.standard_tables import EMPTY_TABLE_NOTE, LEADING_NUMBER, TABLE_NUMBER, identify, is_budget_table_title
from ..source_text import SourceText
from .cells import PART_NUMBER

_TITLE_END = re.compile(r"表\s*(?:[（(][^（()）]{1,12}[)）])?$")
_PART = re.compile(f"^{PART_NUMBER}")
_MARKUP = re.compile(r"[*#]+")
# 部门/单位：X   单位：X   单位名称：（盖章）X
_DEPARTMENT = re.compile(r"(?:部门\s*/\s*单位|部门[（(]单位[）)]|单位名称|单位)\s*[:：]\s*(?:[（(]盖章[）)])?\s*([^\s:：]+)")
_MONEY_UNIT = re.compile(r"^(?:万元|千元|百元|亿元|元)")
# A title may carry the year and the department's full name before the table's own name.
_TITLE_LENGTH = 60
_HEAD_WINDOW = 4  # non-blank lines between a table's number and its title
_HEADER_LINES = 15  # how far into a table its unit and department are declared


@dataclass
class TableRegion:
    title: str  # as printed, markup removed, spaces collapsed
    title_line: int
    number: Optional[str]  # as printed: "表 3", "预算03表", "公开 01 表"
    start: int  # first line of the table (its title or number), 1-based
    end: int  # last line, inclusive
    head_lines: frozenset[int]  # the title and number lines themselves
    unit: Optional[str]  # declared money unit, "万元" / "元"
    unit_line: Optional[int]
    department: Optional[str]  # from a "部门/单位：…" line, as printed
    department_line: Optional[int]
    standard: Optional[str] = None  # key of the standard table the title names (rulebook)


def clean_line(line: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub("", line)).strip()


def is_table_title(text: str) -> bool:
    compact = text.replace(" ", "")
    return 3 <= len(compact) <= _TITLE_LENGTH and bool(_TITLE_END.search(compact)) and not compact.startswith("注")


def is_budget_title(text: str) -> bool:
    return is_table_title(text) and is_budget_table_title(text)


@dataclass
class _Marker:
    line: int
    kind: str  # "number" | "title" | "part"
    text: str
    last_line: int = 0  # a title broken over two lines ends on the next one


# The tail of a title broken mid-word onto the next line ("…支出预算" / "表"): a few characters.
_TITLE_TAIL = 8
_TITLE_TAIL_LINES = 2
_QUOTES_ONLY = re.compile(r"^[“”\"'‘’\s]+$")


def _broken_title(lines: list[str], number: int, text: str) -> Optional[tuple[str, int]]:
    """(title, its last line) when the line and the next short lines print one budget title.

    A title too long for the page breaks mid-word ("…支出预" / "算表"), and PDF text may put
    raised quote marks on a line of their own ("“ ”"): those carry no words and are skipped.
    """
    if "\t" in lines[number - 1] or len(text.replace(" ", "")) < 4 or EMPTY_TABLE_NOTE.search(text.replace(" ", "")):
        return None
    joined, k, taken = text, number, 0
    while taken < _TITLE_TAIL_LINES and k < len(lines):
        k += 1
        tail = clean_line(lines[k - 1])
        if not tail:
            continue
        if "\t" in lines[k - 1] or len(tail.replace(" ", "")) > _TITLE_TAIL or TABLE_NUMBER.match(tail) \
                or is_budget_title(tail):
            return None
        taken += 1
        if _QUOTES_ONLY.match(tail):
            continue
        joined += tail
        if is_table_title(joined) and is_budget_title(joined):
            return joined, k
    return None


def _markers(lines: list[str]) -> list[_Marker]:
    found: list[_Marker] = []
    tail_lines: set[int] = set()
    for number, raw in enumerate(lines, start=1):
        text = clean_line(raw)
        if not text or number in tail_lines:
            continue
        broken = None if is_table_title(text) else _broken_title(lines, number, text)
        if broken:
            found.append(_Marker(number, "title", broken[0], broken[1]))
            tail_lines.add(broken[1])
        elif TABLE_NUMBER.match(text):
            found.append(_Marker(number, "number", text))
        elif _PART.match(text):
            found.append(_Marker(number, "part", text))
        elif is_table_title(text):
            prefix = LEADING_NUMBER.match(text)
            if prefix and prefix.end() < len(text):  # "表3 部门支出总表" on one line
                found.append(_Marker(number, "number", prefix.group(1)))
                text = text[prefix.end():]
            found.append(_Marker(number, "title", text))
    return found


def _nonblank_between(lines: list[str], a: int, b: int) -> int:
    lo, hi = sorted((a, b))
    return sum(1 for i in range(lo, hi - 1) if lines[i].strip())


def _heads(lines: list[str], markers: list[_Marker]) -> list[list[_Marker]]:
    """Group each table number with the title printed just before or after it."""
    heads: list[list[_Marker]] = []
    used: set[int] = set()
    for i, m in enumerate(markers):
        if i in used:
            continue
        group = [m]
        used.add(i)
        if m.kind in ("number", "title"):
            wanted = "title" if m.kind == "number" else "number"
            for j in range(i + 1, len(markers)):
                other = markers[j]
                if _nonblank_between(lines, m.line, other.line) > _HEAD_WINDOW or other.kind == "part":
                    break
                if other.kind == wanted and j not in used:
                    group.append(other)
                    used.add(j)
                    break
                if other.kind == m.kind:
                    break
        heads.append(group)
    return heads


def _unit_and_department(lines: list[str], start: int, end: int) -> tuple:
    unit = unit_line = department = department_line = None
    seen = 0
    joined = ""
    for number in range(start, end + 1):
        text = lines[number - 1].strip()
        if not text:
            continue
        seen += 1
        if seen > _HEADER_LINES:
            break
        joined += re.sub(r"\s+", "", text)
        if unit is None and declared_unit(joined):
            unit, unit_line = declared_unit(joined), number
        if department is None:
            for m in _DEPARTMENT.finditer(text):
                value = m.group(1)
                if not _MONEY_UNIT.match(value) and len(value) >= 3:
                    department, department_line = value, number
                    break
    return unit, unit_line, department, department_line


def _standard_key(title: str) -> Optional[str]:
    table = identify(title)
    return table.key if table else None


_CONTINUED = re.compile(r"[（(]\s*续\s*[)）]|续表|[（(]?接上[页表][)）]?")


def _continues(previous: TableRegion, title: str, numbers: list, start: int) -> bool:
    """Whether a title heads the rest of the table before it: marked 续 (or 接上页), or the
    same title again right after it, with no other number."""
    bare = _CONTINUED.sub("", title).replace(" ", "")
    same = bare == _CONTINUED.sub("", previous.title).replace(" ", "")
    renumbered = bool(numbers) and numbers[0].text != previous.number
    return same and not renumbered and (bool(_CONTINUED.search(title)) or previous.end == start - 1)


def find_table_regions(lines: list[str]) -> list[TableRegion]:
    """Every budget table of the document, in order; other tables only bound them."""
    markers = _markers(lines)
    heads = _heads(lines, markers)
    regions: list[TableRegion] = []
    for k, head in enumerate(heads):
        titles = [m for m in head if m.kind == "title"]
        if not titles or not is_budget_title(titles[0].text):
            continue
        start = min(m.line for m in head)
        end = (min(m.line for m in heads[k + 1]) - 1) if k + 1 < len(heads) else len(lines)
        numbers = [m for m in head if m.kind == "number"]
        own_lines = frozenset(n for m in head for n in (m.line, m.last_line) if n)
        if regions and _continues(regions[-1], titles[0].text, numbers, start):
            # the same table continued over a page break: one region, its repeated title skipped
            previous = regions[-1]
            previous.end = end
            previous.head_lines = previous.head_lines | own_lines
            continue
        unit, unit_line, dept, dept_line = _unit_and_department(lines, start, end)
        regions.append(
            TableRegion(
                title=titles[0].text,
                title_line=titles[0].line,
                number=numbers[0].text if numbers else None,
                start=start,
                end=end,
                head_lines=own_lines,
                unit=unit,
                unit_line=unit_line,
                department=dept,
                department_line=dept_line,
                standard=_standard_key(titles[0].text),
            )
        )
    return regions


def regions_of(source: SourceText) -> list[TableRegion]:
    """The document's budget tables, found once: the document, budget-table, organisation and
    project readers all ask, and finding them is a pass over every line (read-only for them)."""
    if "table_regions" not in source.shared:
        source.shared["table_regions"] = find_table_regions(source.lines)
    return source.shared["table_regions"]
