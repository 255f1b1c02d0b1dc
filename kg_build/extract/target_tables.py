"""Finding performance target tables in a document and cutting them into rows of cells.

A target table (长期/年度绩效目标表, 长期/年度绩效指标 of a department form) starts at its header
(一级指标 二级指标 三级指标 指标值 ...) and runs until the next header, the next goal text,
a form or part title, or the end of the form.  Its horizon is named just above it (the table
title or the goal label), and its header says which value columns it has: 前年 / 上年 /
近两年指标值 / printed years for past values, 指标分值权重 for weights.

The layout layer (:mod:`.layouts`) tells the layout and cuts the rows: tab-separated or
Markdown rows, one cell per tab-prefixed line (rows separated by blank lines); PDF text whose
cells are broken over lines is read by :mod:`.broken_cells`.
Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .indicator_rows import Columns, LevelState, RawRow, goal_label, row_from_cells
from ..indicator_values import is_figure
from ..rulebook.ordinals import CHAPTER, SECTION
from .cells import PART_NUMBER, squeeze
from .layouts import FALLBACK, detect, positional_cells, read_grid
from .indicator_vocabulary import LEVEL1, level_word

_HORIZON = re.compile(r"(长期|长效|年度)(?:绩效)?(?:目标|指标)\s*(\d*)")
_HEADER_WORD = re.compile(
    r"^(?:一级|二级|三级|指标|名称|目标名称|目标|指标名称|指标值|值|确定|依据|据|值确|定依|确定依据|指标值确定依据|"
    r"\d{4}|前年|上年|预计|预期|当年|实现|实现值|预计当年实现|预期当年实现值|近两年指标值|近两年|绩效标准|权重|"
    r"指标分值权重|指标权重|指标权重比例\(%\)|指标权重比例（%）|\d{4}年|年|称|名|标|目|绩效|年度|长期|长效|"
    r"长期绩效指标|年度绩效指标|度|效|绩|期|[一二三]级指标|指标值确定|指标值确定依|指标值指标|依据前年)+$"
)
_TITLE = re.compile(
    rf"(?:绩效目标表|申报表|自评|{PART_NUMBER}|^表\s*\d|^项目名称|^单位名称|^部门（单位）|^填报|名词解释|"
    rf"^{CHAPTER}|^\d+[.．、]\s*\d{{4}}|^\(?{SECTION})"
)
_YEAR = re.compile(r"(20\d{2})\s*年")
# The first character of a line a goal label opens (长期/长效/年度…), after blanks and a '|'.
_GOAL_LINE = re.compile(r"^[\s|]*[长年]")


@dataclass(frozen=True)
class TargetTable:
    horizon: str  # "长期" | "年度"
    goal_index: int
    header_start: int  # 0-based line indexes into the lines given
    data_start: int
    end: int  # exclusive
    columns: Columns
    layout: str  # the layout (.layouts) it is printed in: "tabs", "markdown", "cell_lines", "text"


def _is_header_start(lines: list[str], i: int) -> bool:
    s = squeeze(lines[i])
    if "一级指标" in s and ("二级" in s or _next_has(lines, i, "二级")):
        return True
    return s == "一级" and _next_has(lines, i, "指标")


def _next_has(lines: list[str], i: int, word: str, limit: int = 6) -> bool:
    return any(word in squeeze(lines[j]) for j in range(i + 1, min(len(lines), i + 1 + limit)))


def _cells_of(line: str) -> list[str]:
    return [squeeze(c) for c in re.split(r"\t| {2,}| |\|", line) if squeeze(c) and not re.match(r"^:?-{2,}:?$", squeeze(c))]


def _is_header_line(line: str) -> bool:
    cells = _cells_of(line)
    return not cells or all(_HEADER_WORD.match(c) for c in cells)


def goal_text_at(lines: list[str], i: int) -> Optional[tuple[str, Optional[int], str, int]]:
    """A goal label with its text at line i: (horizon, index, text, last line index).

    The text stands in the next cell of the same row, or on the next lines.  A label with a
    number or a colon (长期目标1：) may carry a short text; a bare label in a table's label
    column (年度绩效目标) needs a sentence, or it is just the label of the rows beside it.
    """
    if not _GOAL_LINE.match(lines[i]):
        return None  # called at every line: most lines are told apart without cutting them
    cells = [squeeze(c) for c in positional_cells(lines[i]) if squeeze(c)]
    if not cells:
        return None
    m = re.match(r"^(长期|长效|年度)(?:绩效)?目标(\d*)([:：]?)(.*)$", cells[0])
    if not m or m[4].startswith(("表", "（截止", "(截止")):
        return None
    explicit = bool(m[2] or m[3])
    candidates = [m[4]] if m[4] else cells[1:2]
    last = i
    if not candidates:
        for j in range(i + 1, min(len(lines), i + 4)):
            t = squeeze(lines[j])
            if t:
                candidates, last = [t], j
                break
    text = candidates[0] if candidates else ""
    if not _is_text(text, 2 if explicit else 8):
        return None
    horizon = "长期" if m[1] in ("长期", "长效") else "年度"
    return horizon, int(m[2]) if m[2] else None, text, last


_OVERALL_GOAL = re.compile(r"^(?:总体目标|总体绩效目标|绩效目标)$")
_HORIZON_LABEL = re.compile(r"^(长期|长效|年度)(?:绩效)?目标$")


def side_by_side_goals(lines: list[str], i: int, reach: int = 12) -> Optional[tuple[list[tuple[str, str, int]], int]]:
    """Goals printed side by side under one 总体目标 row: ([(horizon, text, line index)], last index).

    The row names its columns (总体目标 | 年度绩效目标 | 长期绩效目标) and the next row gives
    each column's text, in the same order, whether cells share a line (tab-separated) or
    stand one per line.
    """
    stop = min(len(lines), i + reach)
    # Called at every line of a document: look at the first cell before reading the rest.
    first = next((j for j in range(i, stop) if lines[j].strip()), None)
    if first is None or not _OVERALL_GOAL.match(next((squeeze(c) for c in positional_cells(lines[first]) if squeeze(c)), "")):
        return None
    stream: list[tuple[str, int]] = []
    for j in range(first, stop):
        stream.extend((squeeze(c), j) for c in positional_cells(lines[j]) if squeeze(c))
    horizons = []
    for text, _ in stream[1:]:
        m = _HORIZON_LABEL.match(text)
        if not m:
            break
        horizons.append("长期" if m[1] in ("长期", "长效") else "年度")
    texts = stream[1 + len(horizons) : 1 + 2 * len(horizons)]
    if len(horizons) < 2 or len(texts) < len(horizons) or not all(_is_text(t, 8) for t, _ in texts):
        return None
    return [(h, t, j) for h, (t, j) in zip(horizons, texts)], texts[-1][1]


def _is_text(t: str, min_length: int) -> bool:
    """A goal's words, not a table cell: long enough, no level, figure, label or header word."""
    return (len(t) >= min_length and not goal_label(t) and not level_word(t) and not is_figure(t)
            and not _is_header_line(t) and "一级" not in t and not t.startswith(LEVEL1))


def _horizon_before(lines: list[str], i: int, floor: int) -> tuple[Optional[str], Optional[int]]:
    """The horizon (and goal number) named last before line i: a title or a goal label."""
    text = "".join(squeeze(lines[j]) for j in range(max(floor, i - 40), i + 1))
    matches = list(_HORIZON.finditer(text))
    if not matches:
        return None, None
    horizon = "长期" if matches[-1][1] in ("长期", "长效") else "年度"
    for m in reversed(matches):
        h = "长期" if m[1] in ("长期", "长效") else "年度"
        if h == horizon and m[2]:
            return horizon, int(m[2])
    return horizon, None


def _columns(header: str, fiscal_year: Optional[int]) -> Columns:
    s = squeeze(header)
    years = sorted({int(y) for y in _YEAR.findall(s) if fiscal_year is None or int(y) < fiscal_year})
    if years:
        past: tuple[Optional[int], ...] = tuple(years[-2:])
    elif ("前年" in s and "上年" in s) or "近两年" in s:
        past = (fiscal_year - 2, fiscal_year - 1) if fiscal_year else (None, None)
    elif "上年" in s:
        past = (fiscal_year - 1 if fiscal_year else None,)
    else:
        past = ()
    if fiscal_year is None and past and past[-1]:
        fiscal_year = past[-1] + 1  # printed past years tell the current one
    has_weight = "分值权重" in s or bool(re.search(r"指标权重(?!比例)", s))
    # a self-evaluation form: 年度指标值 | 实际完成值 | 分值 | 得分
    achieved = bool(re.search(r"实际完成值|实际完成情况|完成值", s))
    scored = achieved and "分值" in s and "得分" in s
    return Columns(past, fiscal_year, has_weight, achieved, scored)


def _layout(lines: list[str], start: int, end: int) -> str:
    return detect(lines, range(start + 1, end + 1))


def find_tables(lines: list[str], fiscal_year: Optional[int], start: int = 0, end: Optional[int] = None) -> list[TargetTable]:
    """The target tables in lines[start:end] (0-based indexes), in order."""
    end = len(lines) if end is None else end
    heads = [i for i in range(start, end) if _is_header_start(lines, i)]
    tables: list[TargetTable] = []
    previous_head = start
    k = 0
    while k < len(heads):
        h = heads[k]
        data = h + 1
        while data < end and _is_header_line(lines[data]):
            data += 1
        while k + 1 < len(heads) and heads[k + 1] < data:
            k += 1  # a header printed twice side by side (two half-width tables)
        limit = heads[k + 1] if k + 1 < len(heads) else end
        horizon, index = _horizon_before(lines, h, previous_head + 1 if tables else start)
        own = _HORIZON.search(squeeze(lines[h]))
        if own:  # a header line naming its horizon (长期绩效指标 | 一级指标 | ...) wins
            horizon = "长期" if own[1] in ("长期", "长效") else "年度"
        columns = _columns("\n".join(lines[h:data]), fiscal_year)
        table = TargetTable(horizon or "年度", index or 1, h, data, _table_end(lines, data, limit), columns,
                            _layout(lines, h, limit))
        tables.append(table)
        tables.extend(_headless_tables(lines, table, limit))
        previous_head = h
        k += 1
    return tables


def _headless_tables(lines: list[str], table: TargetTable, limit: int) -> list[TargetTable]:
    """Tables of further goals printed under one header: a goal's text, then its rows."""
    out = []
    j = table.end
    while j < limit:
        goal = goal_text_at(lines, j)
        if not goal:
            break
        data = goal[3] + 1
        stop = _table_end(lines, data, limit)
        if stop > data and any(level_word(c) for line in lines[data:stop] for c in _cells_of(line)):
            out.append(TargetTable(goal[0], goal[1] or 1, j, data, stop, table.columns, table.layout))
        j = max(stop, data)
    return out


def _table_end(lines: list[str], data: int, limit: int) -> int:
    for j in range(data, limit):
        s = squeeze(lines[j])
        if not s:
            continue
        if goal_text_at(lines, j) or (_TITLE.search(s) and not goal_label(s)):
            # A new goal's label and text, or a title, closes the table.
            return j
        if re.match(r"^(长期|长效|年度)(?:绩效)?目标表", s):
            return j
    return limit


# ------------------------------------------------------------------ rows of each layout


def read_rows(table: TargetTable, lines: list[str], first_line: int = 1) -> tuple[list[RawRow], list[tuple[int, str]]]:
    """The indicator rows of a table, with notes (line, message) on what could not be read."""
    from .broken_cells import pdf_rows  # the PDF reader builds on this module's types

    state = LevelState(goal_index=table.goal_index)
    if table.layout == FALLBACK:
        return pdf_rows(lines, table.data_start, table.end, first_line, table.columns, state)
    grid = read_grid(lines, range(table.data_start + first_line, table.end + first_line), table.layout)
    rows: list[RawRow] = []
    for row_cells in grid.rows:
        cells = [c for c in row_cells if squeeze(c.text)]
        row = row_from_cells(cells, table.columns, state) if cells else None
        if row is not None:
            rows.append(row)
    return rows, []
