"""Reader "final_accounts": self-evaluation scores and budget execution of final accounts.

A final-account document (部门决算) prints, per project and for the department as a whole, a
self-evaluation: a score table (评价指标 | 权重 | 评级分值 | 本项目得分) followed by prose
("自评得分为 97.63 分", "执行金额为 796.6 万元，预算总金额为 796.6 万元，执行率 100%").  Each
score table row becomes an :class:`EvaluationScore`; the figures of the evaluation become
one :class:`Execution`.  Only printed figures are kept; nothing is computed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator, Optional

from ..amounts import parse_amount
from ..records import EvaluationScore, Execution, Record
from ..source_text import SourceText
from . import Context, reader
from .cells import squeeze
from .layouts import line_layout, positional_cells, read_grid
from .indicator_vocabulary import is_level1, level1_of, level_word
from .performance import owner_of
from .sections import document_sections

_SCORE = re.compile(r"自评得分(?:为|是|：|:)?\s*(\d+(?:\.\d+)?)\s*分")
_BUDGET = re.compile(r"预算(?:总)?(?:金额|资金|数)(?:为|是|：|:)?\s*([\d,，]+(?:\.\d+)?)\s*万元")
_EXECUTED = re.compile(r"(?:执行(?:总)?金额|执行数|实际执行数|支出决算)(?:为|是|：|:)?\s*([\d,，]+(?:\.\d+)?)\s*万元")
_RATE = re.compile(r"执行率(?:为|是|：|:)?\s*(\d+(?:\.\d+)?)\s*[%％]")


@dataclass(frozen=True)
class _Block:
    header: int  # 0-based index of the score table header
    end: int  # exclusive


def _is_score_header(line: str) -> bool:
    if "评价指标" not in line:
        return False  # called at every line: most are told apart without cutting them
    cells = [squeeze(c) for c in positional_cells(line) if squeeze(c)]
    return len(cells) >= 3 and cells[0] == "评价指标" and any("得分" in c for c in cells)


def _blocks(lines: list[str]) -> list[_Block]:
    heads = [i for i, l in enumerate(lines) if _is_score_header(l)]
    return [_Block(h, heads[k + 1] if k + 1 < len(heads) else len(lines)) for k, h in enumerate(heads)]


def _number(text: str) -> Optional[Decimal]:
    return parse_amount(text.replace("%", "").replace("％", "").replace("，", ","))


@reader("final_accounts", order=60)
def read_final_accounts(src: SourceText, ctx: Context) -> Iterator[Record]:
    lines = src.lines
    blocks = _blocks(lines)
    funds = [i for i, l in enumerate(lines) if _is_funds_header(l)]
    if not blocks and not funds:
        return
    secs = document_sections(src, ctx)
    for i in funds:
        project, department = owner_of(secs, i + 1, ctx)
        execution = _form_execution(src, i, project, department)
        if execution is not None and (project or department):
            yield execution
    for block in blocks:
        project, department = owner_of(secs, block.header + 1, ctx)
        if project is None and department is None:
            ctx.warn("self-evaluation stands in no project or department form", block.header + 1)
            continue
        yield from _scores(src, block, project, department)
        execution = _execution(src, block, project, department)
        if execution is not None:
            yield execution


def _scores(src: SourceText, block: _Block, project: Optional[str], department: Optional[str]) -> Iterator[EvaluationScore]:
    layout = line_layout(src.lines, block.header + 1, src.pdf_tables)  # the header's layout is the table's
    grid = read_grid(src.lines, range(block.header + 2, block.end + 1), layout, src.pdf_tables)
    for row in grid.rows:
        i = row[0].line - 1
        cells = [squeeze(c.text) for c in row]
        if len([c for c in cells if c]) < 3:
            break  # the table ends at the first line that is not a row
        name = cells[0]
        figures = [_number(c) for c in cells[1:4]] + [None] * 3
        word = level_word(name)
        level1 = word if word and is_level1(word) else (level1_of(word) if word else None)
        level2 = word if word and not is_level1(word) else None
        yield EvaluationScore(project, department, name, level1, level2, figures[0], figures[1], figures[2],
                              src.prov(i + 1))


# The funds block of the national 项目支出绩效自评表: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分,
# then the row of 年度资金总额; the form's 总分 row further down gives its score.
_FUNDS_COLUMNS = {"budget": re.compile(r"^全年预算数"), "executed": re.compile(r"^全年执行数"),
                  "rate": re.compile(r"^执行率")}
_FUNDS_ROW = re.compile(r"^年度资金总额")
_TOTAL_SCORE = re.compile(r"^(?:总分|自评总分)$")


def _cells(line: str) -> list[str]:
    """A row's cells: by tabs or Markdown bars, else (space-aligned text) by the spaces between them."""
    cells = positional_cells(line)
    return [squeeze(c) for c in (cells if len(cells) > 1 else line.split())]


def _is_funds_header(line: str) -> bool:
    if "全年执行数" not in line:
        return False
    cells = _cells(line)
    return any(_FUNDS_COLUMNS["executed"].match(c) for c in cells) and any(_FUNDS_COLUMNS["budget"].match(c) for c in cells)


def _form_execution(src: SourceText, header: int, project: Optional[str], department: Optional[str]) -> Optional[Execution]:
    """Budget, executed amount and rate from a self-evaluation form's funds row, its score from 总分."""
    heads = _cells(src.lines[header])
    # counted from the right: the figures end a row as the headings end the header, whether or not
    # the row's blank first cells are printed
    where = {key: next((j - len(heads) for j, c in enumerate(heads) if pattern.match(c)), None)
             for key, pattern in _FUNDS_COLUMNS.items()}
    figures: dict[str, Optional[Decimal]] = {}
    used: list[int] = []
    score = None
    for i in range(header + 1, min(len(src.lines), header + 60)):
        cells = _cells(src.lines[i])
        named = [c for c in cells if c]
        if not named:
            continue
        if not figures and _FUNDS_ROW.match(named[0]):
            figures = {k: _number(cells[j]) if j is not None and -j <= len(cells) else None for k, j in where.items()}
            used.append(i + 1)
        elif _TOTAL_SCORE.match(named[0]):
            numbers = [_number(c) for c in named[1:] if _number(c) is not None]
            score = numbers[-1] if numbers else None
            used.append(i + 1)
            break
        elif _is_funds_header(src.lines[i]):
            break  # the next form
    if not figures:
        return None
    quote = "\n".join(src.lines[n - 1].strip() for n in used)
    return Execution(project, department, figures.get("budget"), figures.get("executed"), figures.get("rate"), score,
                     src.prov(used[0], used[-1], quote))


def _execution(src: SourceText, block: _Block, project: Optional[str], department: Optional[str]) -> Optional[Execution]:
    """The printed score and the first sentence with executed and budget amounts.

    The rate is taken from that sentence only: prose elsewhere prints other rates (预算控制执行率)
    that are not the rate of these amounts.
    """
    score: Optional[tuple[Decimal, int]] = None
    amounts: Optional[tuple[Optional[Decimal], Optional[Decimal], Optional[Decimal], int]] = None
    for i in range(block.header + 1, block.end):
        line = src.lines[i]
        if score is None and (m := _SCORE.search(line)):
            score = (_number(m.group(1)), i + 1)
        if amounts is None:
            budget, executed, rate = (_BUDGET.search(line), _EXECUTED.search(line), _RATE.search(line))
            if budget and executed:
                amounts = (_number(budget.group(1)), _number(executed.group(1)),
                           _number(rate.group(1)) if rate else None, i + 1)
        if score and amounts:
            break
    if score is None and amounts is None:
        return None
    used = sorted({x[-1] for x in (score, amounts) if x})
    quote = "\n".join(src.lines[n - 1].strip() for n in used)
    return Execution(
        project=project,
        department=department,
        budget=amounts[0] if amounts else None,
        executed=amounts[1] if amounts else None,
        rate=amounts[2] if amounts else None,
        score=score[0] if score else None,
        prov=src.prov(used[0], used[-1], quote),
    )
