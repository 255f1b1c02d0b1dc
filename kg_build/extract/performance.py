"""Reader "performance": goals and indicators of the performance target tables.

Every 长期/年度绩效目标表 of a project form and every 长期/年度绩效指标 block of a department
form gives :class:`Indicator` records (levels, name, values with role and year, basis,
weight); the goal texts (长期绩效目标1 / 年度目标: ...) give :class:`Goal` records.  Each is
attributed to the form it stands in (:mod:`.sections`).  Rows that could not be read with
confidence are kept with what is certain and reported as warnings with their line.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from ..records import EvaluationScore, Goal, Indicator, Record
from ..source_text import SourceText
from . import Context, reader
from .indicator_rows import RawRow, assign_values, goal_label, parse_weight
from .cells import squeeze
from .document import document_year
from .sections import Section, project_reference, section_at, document_sections
from .target_tables import TargetTable, find_tables, goal_text_at, read_rows, side_by_side_goals

_GOAL_STOP = re.compile(r"绩效目标表|绩效指标|一级|目标名称|^表\s*\d|申报表|^项目名称|填报")


def owner_of(secs: list[Section], line: int, ctx: Context) -> tuple[Optional[str], Optional[str]]:
    """(owner_project, owner_department) for a fact printed at `line`."""
    sec = section_at(secs, line)
    if sec is None:
        return None, ctx.document.department if ctx.document is not None else None
    if sec.kind == "project":
        return project_reference(sec.name, sec.code), None
    return None, sec.name or None


@reader("performance", order=50)
def read_performance(src: SourceText, ctx: Context) -> Iterator[Record]:
    year = document_year(src, ctx)
    secs = document_sections(src, ctx)
    yield from _goals(src, ctx, secs)
    for table in find_tables(src.lines, year):
        yield from _indicators(src, ctx, secs, table)


def _indicators(src: SourceText, ctx: Context, secs: list[Section], table: TargetTable) -> Iterator[Record]:
    rows, notes = read_rows(table, src.lines)
    for line, message in notes:
        ctx.warn(f"indicator table: {message}", line)
    for row in rows:
        indicator = _indicator(src, ctx, secs, table, row)
        if indicator is not None:
            yield indicator
            if row.score is not None:
                # a self-evaluation row scores its indicator: 分值 the points it could earn, 得分 what it got
                yield EvaluationScore(indicator.owner_project, indicator.owner_department, row.name, row.level1,
                                      row.level2, None, parse_weight(row.weight), parse_weight(row.score),
                                      indicator.prov)


def _indicator(src: SourceText, ctx: Context, secs: list[Section], table: TargetTable, row: RawRow) -> Optional[Indicator]:
    project, department = owner_of(secs, row.line_start, ctx)
    if project is None and department is None:
        ctx.warn(f"indicator {row.name!r} stands in no project or department form", row.line_start)
        return None
    values, notes = assign_values(row.values, table.columns)
    for message in notes + row.notes:
        ctx.warn(f"indicator {row.name!r}: {message}", row.line_start)
    return Indicator(
        owner_project=project,
        owner_department=department,
        horizon=table.horizon,
        goal_index=row.goal_index,
        level1=row.level1,
        level2=row.level2,
        name=row.name,
        values=values,
        basis=row.basis,
        weight=parse_weight(row.weight),
        prov=src.prov(row.line_start, row.line_end),
    )


def _goal_texts(lines: list[str]) -> Iterator[tuple[int, str, Optional[int], str, int]]:
    """(line index, horizon, number, text, last line index) of every goal text, in order."""
    i = 0
    while i < len(lines):
        beside = side_by_side_goals(lines, i)
        if beside:
            goals, last = beside
            for horizon, text, j in goals:
                yield j, horizon, None, text, j
            i = last + 1
            continue
        found = goal_text_at(lines, i)
        if found:
            horizon, index, text, last = found
            text, last = _continue_text(lines, text, last)
            yield i, horizon, index, text, last
        i += 1


def _goals(src: SourceText, ctx: Context, secs: list[Section]) -> Iterator[Goal]:
    seen: set[tuple] = set()
    counters: dict[tuple, int] = {}
    for i, horizon, index, text, last in _goal_texts(src.lines):
        project, department = owner_of(secs, i + 1, ctx)
        if project is None and department is None:
            continue
        key = (project, department, horizon)
        counters[key] = index or counters.get(key, 0) + 1
        if (key, squeeze(text)) in seen:
            continue
        seen.add((key, squeeze(text)))
        yield Goal(project, department, horizon, counters[key], text, src.prov(i + 1, last + 1))


def _continue_text(lines: list[str], text: str, last: int) -> tuple[str, int]:
    """A goal text wrapped over further lines (PDF layouts): join them up to the next label."""
    if "\t" in lines[last].strip():
        return text, last
    j, blanks = last + 1, 0
    while j < len(lines) and j - last < 16:
        s = squeeze(lines[j])
        if not s:
            blanks += 1
            if blanks > 1:
                break
            j += 1
            continue
        blanks = 0
        if lines[j].startswith("\t") or goal_label(s) or goal_text_at(lines, j) or _GOAL_STOP.search(s) \
                or re.match(r"^(长期|长效|年度)", s):
            break
        text, last = text + s, j
        j += 1
    return text, last
