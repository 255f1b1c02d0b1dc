"""Assembling indicator rows of a target table from its cells.  Pure functions, no I/O.

A row of a target table reads, left to right: [goal label] [一级指标] [二级指标] 三级指标
value(s) [weight] [basis].  Level cells are left empty under a cell spanning several rows, so
the levels are inherited from the rows above.  Rows of tab-separated exports are sometimes
shifted by empty cells, so cells are recognised by what they hold (level terms, labels),
and positions are used only for what follows the name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Optional

from ..indicator_values import ParsedValue, indicator_value, is_figure, parse_value
from ..records import IndicatorValue
from .cells import squeeze
from .layouts import Cell
from .indicator_vocabulary import GOAL_LABEL, NOISE, is_basis, is_level1, is_third_level_name, level1_of, level_word


@dataclass(frozen=True)
class Columns:
    """What the value columns of a table mean."""

    past_years: tuple[Optional[int], ...]  # one per past-value column, oldest first
    target_year: Optional[int]
    has_weight: bool = False
    # a self-evaluation (绩效自评表): 实际完成值 after the target, then 分值 and 得分
    achieved: bool = False
    scored: bool = False

    @property
    def value_count(self) -> int:
        return len(self.past_years) + 1 + (1 if self.achieved else 0)


@dataclass
class RawRow:
    goal_index: int
    level1: Optional[str]
    level2: Optional[str]
    name: str
    values: list[str]
    basis: Optional[str]
    weight: Optional[str]
    line_start: int
    line_end: int
    notes: list[str] = field(default_factory=list)
    basis_lines: Optional[tuple[int, int]] = None  # first and last line of the basis, where known
    score: Optional[str] = None  # 得分 of a self-evaluation row (its 分值 is the weight)

    def extend_basis(self, text: str, first: int, last: int) -> None:
        """Add a later piece of the basis, printed on lines first..last."""
        self.basis = squeeze((self.basis or "") + text)
        lo, hi = self.basis_lines or (first, last)
        self.basis_lines = (min(lo, first), max(hi, last))
        self.line_end = max(self.line_end, last)


@dataclass
class LevelState:
    """The levels and goal a row inherits from the rows above it."""

    goal_index: int = 1
    level1: Optional[str] = None
    level2: Optional[str] = None

    def see_level(self, word: str, second: bool) -> None:
        """Record a level cell; `second` when it stands after a first-level cell in its row."""
        if is_level1(word) and not second and not (word == "成本指标" and self._cost_is_second()):
            if word != self.level1:
                self.level2 = None
            self.level1 = word
            return
        self.level2 = word
        family = level1_of(word)
        if family and (self.level1 is None or (family != self.level1 and family != "产出指标")):
            self.level1 = family
        if self.level1 is None:
            self.level1 = word if is_level1(word) else None

    def _cost_is_second(self) -> bool:
        # 成本指标 printed in the second-level column under 产出指标 (older forms).
        return self.level1 == "产出指标"


def goal_label(text: str) -> Optional[tuple[str, Optional[int]]]:
    m = GOAL_LABEL.match(squeeze(text))
    if not m:
        return None
    return ("长期" if m["h"] in ("长期", "长效") else "年度", int(m["n"]) if m["n"] else None)


_DIGIT = re.compile(r"^\d{1,3}$")
_NOT_A_NAME = re.compile(r"^[\s.…。·\-—_]*$")


def row_from_cells(cells: list[Cell], columns: Columns, state: LevelState) -> Optional[RawRow]:
    """One table row (its non-empty cells in order) -> a RawRow, updating inherited levels."""
    i = 0
    seen_level = row_level2 = False
    while i < len(cells):
        text = squeeze(cells[i].text)
        label = goal_label(text)
        if label:
            if label[1]:
                state.goal_index = label[1]
            i += 1
            continue
        words = [level_word(part) for part in cells[i].text.split()] or [None]
        if len(words) < 2 or not all(words):
            words = [level_word(text)]  # one cell, or two level cells printed in one
        before_value = i + 1 < len(cells) and is_figure(squeeze(cells[i + 1].text))
        if all(words) and not (len(words) == 1 and is_third_level_name(words[0], row_level2, before_value)):
            for word in words:
                state.see_level(word, second=seen_level)
                seen_level = True
                row_level2 = row_level2 or state.level2 == word
            i += 1
            continue
        if not seen_level and (text in NOISE or _DIGIT.match(text) or _NOT_A_NAME.match(text)):
            i += 1  # label-column leftovers and the goal's weight share (指标权重比例)
            continue
        break
    rest = [c for c in cells[i:] if squeeze(c.text)]
    if not rest or _NOT_A_NAME.match(rest[0].text):
        return None
    name = squeeze(rest[0].text)
    tail = [squeeze(c.text) for c in rest[1:]]
    if columns.scored:
        if is_score_total(name):
            return None  # 总分: the form's total score, no indicator
        values, weight, score, notes = split_scored_tail(tail, columns)
        return RawRow(state.goal_index, state.level1, state.level2, name, values, None, weight,
                      cells[0].line, rest[-1].line, notes, score=score)
    values, weight, basis, notes = split_tail(tail, columns)
    return RawRow(state.goal_index, state.level1, state.level2, name, values, basis, weight,
                  cells[0].line, rest[-1].line, notes)


_SCORE_TOTAL = re.compile(r"^(?:总分|合计|总计|自评总分)$")


def is_score_total(name: str) -> bool:
    return bool(_SCORE_TOTAL.match(squeeze(name)))


def split_scored_tail(tail: list[str], columns: Columns) -> tuple[list[str], Optional[str], Optional[str], list[str]]:
    """A self-evaluation row's cells after the name -> (values, 分值, 得分, notes): the target
    and what was achieved, the points and the score, then the reasons for a shortfall (text)."""
    n = columns.value_count
    values, rest = tail[:n], tail[n:]
    numbers = [c for c in rest if _is_number(c)]
    notes = [] if len(values) == n and len(numbers) >= 2 else [f"self-evaluation row of {len(tail)} cells: {' | '.join(tail)}"]
    return values, numbers[0] if numbers else None, numbers[1] if len(numbers) > 1 else None, notes


def split_tail(tail: list[str], columns: Columns) -> tuple[list[str], Optional[str], Optional[str], list[str]]:
    """The cells after the name -> (values, weight, basis, notes)."""
    notes: list[str] = []
    expected = columns.value_count + (1 if columns.has_weight else 0)
    basis = None
    if tail and (len(tail) > expected or (is_basis(tail[-1]) and len(tail) > 1) or (len(tail) == expected + 1)):
        basis = tail.pop()
    elif len(tail) == 1 and is_basis(tail[0]) and not is_figure(tail[0]):
        basis = tail.pop()
    weight = None
    if columns.has_weight and len(tail) == expected and _is_number(tail[-1]):
        weight = tail.pop()
    if len(tail) > columns.value_count:
        notes.append(f"{len(tail)} value cells for {columns.value_count} value columns: {' | '.join(tail)}")
    return tail, weight, basis, notes


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
        return True
    except InvalidOperation:
        return False


def _has_direction(p: ParsedValue) -> bool:
    return p.comparator in ("≥", "≤", ">", "<", "range")


def assign_values(raws: list[str], columns: Columns) -> tuple[list[IndicatorValue], list[str]]:
    """Printed value cells -> values with role and year, by the columns they stand in.

    All columns filled: past columns in order, then the target.  Fewer cells than columns: the
    one figure with a direction (≥, ≤, range) is the target, or else the last cell; the others
    are past values whose year cannot be told, so it is left unset.
    """
    notes: list[str] = []
    if not raws:
        return [], notes
    n, slots = len(raws), columns.value_count
    if n >= slots:
        if n > slots:
            notes.append(f"kept the first {slots} of {n} value cells")
        years = list(columns.past_years) + [columns.target_year] + ([columns.target_year] if columns.achieved else [])
        roles = ["past"] * len(columns.past_years) + ["target"] + (["achieved"] if columns.achieved else [])
        return [indicator_value(r, role, y) for r, role, y in zip(raws, roles, years)], notes
    parsed = [parse_value(r) for r in raws]
    directed = [k for k, p in enumerate(parsed) if _has_direction(p)]
    target = directed[0] if len(directed) == 1 else n - 1
    out = []
    for k, raw in enumerate(raws):
        if k == target:
            out.append(indicator_value(raw, "target", columns.target_year))
        else:
            out.append(indicator_value(raw, "past", None))
    if n > 1:
        notes.append(f"{n} value cells for {slots} columns: past years not told apart")
    return out, notes


def parse_weight(text: Optional[str]) -> Optional[Decimal]:
    if not text:
        return None
    p = parse_value(text)
    return p.number if p.comparator == "=" and p.unit in (None, "%", "分") else None
