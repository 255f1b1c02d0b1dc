"""Which columns a row of a text table fills when it prints fewer figures than the table has.

PDF text separated by single spaces keeps the order of a row's figures but not their columns:
``2050199 其他教育管理事务支出 1,500.00 1,500.00`` under 合计 | 基本支出 | 项目支出 says that the
row's total is 1,500.00 and that one of its two parts is, not which.  The genre settles it by
its own arithmetic: a table whose first column is a total prints parts that add up to it, and
a classification row's parts add up, column by column, to its parent's (2050199 → 20501 → 205
→ the table's 合计 row).  Placements are tried against the parent's figures, top down, and a
row's figures move only when exactly one placement fits; otherwise they stay where they were read.
Space-aligned text (``pdftotext -layout``) is checked the same way, since its columns drift.
Pure functions, no I/O.
"""
from __future__ import annotations

from decimal import Decimal
from itertools import combinations, product
from typing import Optional, Sequence

from ..amounts import parse_amount
from ..rulebook.standard_tables import is_total_label

# Placements tried for the children of one parent; beyond this a table is left in reading order.
_MAX_TRIALS = 20_000
_CENT = Decimal("0.01")


def place_short_rows(entries: Sequence, columns: list[str]) -> None:
    """Move the figures of rows printing fewer figures than ``columns`` to the columns their
    parent's sums fix (in place).  Only for tables whose first column is a total."""
    if len(columns) < 3 or not is_total_label(columns[0]):
        return
    parts = columns[1:]
    rows = [e for e in entries if e.classification in ("total", "functional", "economic") and e.amounts]
    known: dict[int, dict[str, Decimal]] = {}
    options: dict[int, list[tuple[str, ...]]] = {}
    for e in rows:
        figures = _figures(e)
        if figures is None:
            continue
        if len(figures) == len(columns):
            known[id(e)] = dict(zip(parts, figures[1:]))
        elif 1 < len(figures) < len(columns) and sum(figures[1:]) == figures[0]:
            options[id(e)] = list(combinations(parts, len(figures) - 1))
    for parent in rows:
        if id(parent) not in known:
            continue
        children = [e for e in rows if e is not parent and _parent_code(e) == _key(parent)]
        placed = _solve(known[id(parent)], children, known, options, parts)
        for child, chosen in placed:
            _move(child, chosen, columns)
            figures = _figures(child) or []
            known[id(child)] = {p: Decimal(0) for p in parts} | dict(zip(chosen, figures[1:]))


def _figures(entry) -> Optional[list[Decimal]]:
    values = [parse_amount(printed) for _, printed, _ in entry.amounts]
    return None if any(v is None for v in values) else values


def _key(entry) -> Optional[str]:
    return "" if entry.classification == "total" else entry.code


def _parent_code(entry) -> Optional[str]:
    """The code of the row a row adds into: 2050199 → 20501, 205 → the table's total ('')."""
    if entry.classification == "total" or not entry.code:
        return None
    if len(entry.code) <= 3:
        return ""
    return entry.code[:-2]


def _solve(target: dict[str, Decimal], children: list, known: dict, options: dict, parts: list[str]) -> list:
    """[(child, columns)] for the children whose placement is the only one that adds up."""
    fixed = {p: Decimal(0) for p in parts}
    open_children = []
    for child in children:
        if id(child) in known:
            for p, v in known[id(child)].items():
                fixed[p] += v
        elif id(child) in options:
            open_children.append(child)
        else:
            return []  # a child of unknown figures: the sums cannot be checked
    if not open_children:
        return []
    choices = [options[id(c)] for c in open_children]
    trials = 1
    for c in choices:
        trials *= len(c)
    if trials > _MAX_TRIALS:
        return []
    fitting = []
    for placement in product(*choices):
        sums = dict(fixed)
        for child, chosen in zip(open_children, placement):
            for column, value in zip(chosen, (_figures(child) or [])[1:]):
                sums[column] += value
        if all(abs(sums[p] - target.get(p, Decimal(0))) <= _CENT for p in parts):
            fitting.append(placement)
    if len(fitting) != 1:
        return []
    return list(zip(open_children, fitting[0]))


def _move(entry, chosen: tuple[str, ...], columns: list[str]) -> None:
    head, *rest = entry.amounts
    entry.amounts[:] = [(columns[0], head[1], head[2])] + [
        (column, printed, line) for column, (_, printed, line) in zip(chosen, rest)
    ]
