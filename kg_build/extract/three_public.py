"""The 财政拨款“三公”经费支出表: a standard form whose figures stand in a row of their own.

Unlike the other budget tables its row has neither code nor name: the columns say what each
figure is.  The standard form prints 合计, 因公出国（境）费, 公务用车购置及运行费 (its 小计),
公务用车购置费, 公务用车运行费 and 公务接待费, in that order, whatever order a PDF header
comes out in; a 决算 prints the row twice side by side, under 预算数 and 决算数.  Printed
headings vary (因公出国(境)费, 公务用车运行维护费) and are normalised to the standard names.
Pure functions, no I/O.
"""
from __future__ import annotations

import re
from typing import Optional

from ..amounts import parse_amount
from ..rulebook.standard_tables import (
    BUDGET_FIGURES,
    FINAL_FIGURES,
    THREE_PUBLIC_COLUMNS,
    THREE_PUBLIC_VEHICLE_GROUP,
    THREE_PUBLIC_VEHICLE_PARTS,
)
from .cells import squeeze

THREE_PUBLIC = "三公"  # the BudgetLine classification of these figures
LINE_NAME = "“三公”经费"
THREE_PUBLIC_SUBTOTAL = "“三公”经费小计"  # column of the 三公 figures' sum in tables printing 会议费, 培训费 beside them

_COLUMNS: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(words)) for name, words in THREE_PUBLIC_COLUMNS)
_GROUPS = (BUDGET_FIGURES, FINAL_FIGURES)
_VEHICLE_PARTS = dict(THREE_PUBLIC_VEHICLE_PARTS)
# The national form's six figures: 合计, 因公出国（境）费, the vehicles' 小计, 购置费, 运行费, 公务接待费.
_STANDARD_FORM = tuple(name for name, _ in THREE_PUBLIC_COLUMNS[:6])
_VEHICLE_GROUP_WORD = "小计"
_DECIMAL = re.compile(r"[.,]\d")


def is_three_public_title(title: str) -> bool:
    return "三公" in squeeze(title)


def standard_columns(header_text: str) -> list[str]:
    """The form's columns, in standard order, that the header prints.

    公务用车购置及运行费 is a column of its own only where its 小计 is printed or it has no
    sub-columns; otherwise it is just the group heading over 购置费 and 运行费.
    """
    header = squeeze(header_text)
    # under the group heading its parts may print bare (购置费, 运行费), the group's words aside
    bare_parts = re.sub(THREE_PUBLIC_VEHICLE_GROUP, "", header) if re.search(THREE_PUBLIC_VEHICLE_GROUP, header) else ""
    found = [name for name, words in _COLUMNS
             if words.search(header) or (name in _VEHICLE_PARTS and re.search(_VEHICLE_PARTS[name], bare_parts))]
    has_parts = "公务用车购置费" in found or "公务用车运行费" in found
    if "公务用车购置及运行费" in found and has_parts and "小计" not in header:
        found.remove("公务用车购置及运行费")
    if ("会议费" in found or "培训费" in found) and "三公" in header and "合计" in found:
        # the 合计 then totals all columns, and the “三公”经费 group prints its own 小计
        found.insert(found.index("合计") + 1, THREE_PUBLIC_SUBTOTAL)
    return found


def column_groups(header_text: str) -> list[Optional[str]]:
    """[预算数, 决算数] for a 决算 table printing both side by side, else [None]."""
    header = squeeze(header_text)
    groups = sorted((header.find(g), g) for g in _GROUPS if g in header)
    return [g for _, g in groups] or [None]


def is_figure_row(cells: list[str]) -> bool:
    """A row made only of figures, at least one with decimals (the 栏次 row has none)."""
    values = [c for c in cells if c]
    return bool(values) and all(parse_amount(c) is not None for c in values) and any(_DECIMAL.search(c) for c in values)


def label_figures(
    header_text: str, cells: list[str], positional: bool
) -> tuple[list[tuple[str, str]], Optional[str]]:
    """(column, printed figure) for each figure of a row, or ([], why not) when they do not fit.

    `positional` cells keep their columns (tab-separated rows, empty cells included); others
    are figures in reading order and must fill every column.
    """
    columns = standard_columns(header_text)
    groups = column_groups(header_text)
    labels = [f"{g}·{c}" if g else c for g in groups for c in columns]
    if not columns:
        return [], "三公 table header names none of the standard columns"
    if positional and len(cells) >= len(labels) and all(not c for c in cells[len(labels):]):
        return [(labels[j], c) for j, c in enumerate(cells[: len(labels)]) if c], None
    values = [c for c in cells if c]
    if len(values) == len(labels):
        return list(zip(labels, values)), None
    if len(values) == len(groups) * len(_STANDARD_FORM) and set(columns) <= set(_STANDARD_FORM) \
            and re.search(_VEHICLE_GROUP_WORD, squeeze(header_text)):
        # a header broken mid-word over several lines (公务接 / 待费, 公务用 / 车购置 / 费) names
        # fewer columns than it has; a row of exactly the standard form's six figures per group is
        # that form, in its fixed order
        full = [f"{g}·{c}" if g else c for g in groups for c in _STANDARD_FORM]
        return list(zip(full, values)), None
    return [], f"三公 row prints {len(values)} figures for the {len(labels)} columns {labels}"
