"""The ``budget_tables`` reader: one :class:`BudgetLine` per printed amount of a coded row.

Covers the standard tables of 部门预算 (收支总表 … 项目支出表, 政府采购) and 部门决算
(公开01–09表) in any layout (see :mod:`.table_rows`).  Amounts are stored in 万元 with the
printed figure and the table's declared unit kept beside them.  Rows of the two-sided
收支总表 carry no codes: their income items become ``income`` lines and their expenditure
items are coded from the fixed names of the functional 类.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterator, Optional

from ..amounts import parse_amount, to_wan
from ..records import BudgetLine
from ..regions import named_regions, starts_with_region
from ..rulebook.ordinals import ROW_GROUP_NUMBER
from ..source_text import SourceText
from . import Context, reader
from ..rulebook.functional_classes import functional_class_code
from .table_regions import regions_of
from .table_rows import Entry, Table, classify_code, read_table
from .three_public import THREE_PUBLIC
from ..rulebook.standard_tables import CARRY_OVER, FUND_SOURCES, GROUP_TOTAL, SIDE_TOTALS

_ORDINAL = re.compile(rf"^{ROW_GROUP_NUMBER}\s*")
# The funds a 财政拨款收支总表 lists on its income side by their bare names (一、一般公共预算).
_FUND_SOURCES = frozenset(FUND_SOURCES)
# 一般公共预算资金: a fund source named as such (上海's 收支总表)
_INCOME_ITEM = re.compile(r"(?:收入|拨款|拨款[（(]补助[)）]资金|预算资金)$")
_NOT_AN_ITEM = re.compile(r"^(?:本年|当年|上年|年初|年末|年终|合计|总计|收入总计|支出总计)")
def read_tables(source: SourceText) -> list[Table]:
    """The document's budget tables, read once and shared by the readers (read-only for them)."""
    if "tables" not in source.shared:
        source.shared["tables"] = [read_table(source.lines, region, source.pdf_tables) for region in regions_of(source)]
    return source.shared["tables"]


def uncoded_classification(name: str) -> tuple[Optional[str], Optional[str], str]:
    """(classification, code, name) for an item of a two-sided 收支总表; (None, …) to skip it."""
    bare = _ORDINAL.sub("", name).replace(" ", "")
    if bare in SIDE_TOTALS or CARRY_OVER.match(bare):
        # a side's total or a carry-over: the rows a final account's balance is checked on
        return "balance", None, bare
    if _NOT_AN_ITEM.match(bare):
        return None, None, bare
    code = functional_class_code(bare)
    if code:
        return "functional", code, bare
    if _INCOME_ITEM.search(bare) or bare in _FUND_SOURCES:
        return "income", None, bare
    return None, None, bare


def split_project_unit(entry: Entry, unit_names: set[str]) -> str:
    """A project row's name without the 项目单位 printed after it in the same cell stream."""
    parts = entry.name_parts
    for k in range(1, len(parts)):
        rest = "".join(parts[k:])
        if rest in unit_names or starts_with_region(rest):
            return "".join(parts[:k])
    joined = entry.name
    for named in named_regions(joined):
        if named.start > 0:
            return joined[: named.start]
    return joined


def _quote(source: SourceText, entry: Entry) -> str:
    return "\n".join(l.strip() for l in source.lines[entry.line_start - 1 : entry.line_end] if l.strip())


def _row_identity(entry: Entry, table: Table, unit_names: set[str]):
    if entry.classification in ("total", THREE_PUBLIC):
        return entry.classification, None, entry.name
    if entry.code is None:
        if table.two_sided:
            return uncoded_classification(entry.name)
        if table.region.standard == "income" and not any(e.code for e in table.entries):
            # a 收入总表 listing its items by name only (项目名称 | 金额)
            kind, code, name = uncoded_classification(entry.name)
            return (kind, code, name) if kind == "income" and not name.endswith(GROUP_TOTAL) else None
        return None
    name = entry.name
    if entry.classification == "project" and not table.grid.positional:
        name = split_project_unit(entry, unit_names)
    return entry.classification, entry.code, name


def _lines_of(source: SourceText, ctx: Context, table: Table, unit: str) -> Iterator[BudgetLine]:
    doc = ctx.document
    region = table.region
    phase = "决算" if doc is not None and doc.kind == "部门决算" else "预算"
    department = region.department or (doc.department if doc else None)
    unit_names = {e.name for e in table.entries if e.classification == "unit"}
    for entry in table.entries:
        identity = _row_identity(entry, table, unit_names)
        if identity is None or identity[0] is None:
            continue
        classification, code, name = identity
        quote = _quote(source, entry)
        for column, printed, _line in entry.amounts:
            value = parse_amount(printed)
            if value is None:
                continue
            yield BudgetLine(
                table=region.title,
                table_number=region.number,
                classification=classification,
                code=code,
                name=name,
                column=column,
                amount=to_wan(value, unit),
                printed_amount=printed,
                printed_unit=unit,
                phase=phase,
                fiscal_year=doc.fiscal_year if doc else None,
                department=department,
                prov=source.prov(entry.line_start, entry.line_end, quote),
            )


def _prints_figures(table: Table) -> bool:
    return any(re.search(r"[.,]\d", c.text) and parse_amount(c.text) is not None for c in table.grid.cells())


def _total_only(table: Table) -> bool:
    """A table printing one row of figures under its column heads (支出总表): its total is its content."""
    return len(table.entries) == 1 and table.entries[0].classification == "total" and bool(table.entries[0].amounts) \
        and not any(classify_code(c.text, False) for c in table.grid.cells())


def _document_unit(tables: list[Table]) -> Optional[str]:
    units = Counter(t.region.unit for t in tables if t.region.unit)
    return units.most_common(1)[0][0] if units else None


@reader("budget_tables", order=20)
def read_budget_tables(source: SourceText, ctx: Context) -> Iterator[BudgetLine]:
    if ctx.document is None:
        return  # not a budget disclosure: the document reader has said why
    tables = read_tables(source)
    fallback_unit = _document_unit(tables)
    for table in tables:
        region = table.region
        for message, line in table.problems:
            ctx.warn(message, line)
        unit = region.unit or fallback_unit
        has_rows = any(e.amounts for e in table.entries if e.classification != "total") or _total_only(table)
        if region.unit is None and (has_rows or table.says_empty):
            ctx.warn(f"table '{region.title}' declares no money unit; read as {unit or '万元'}", region.start)
        if not has_rows and region.unit is not None and not table.says_empty:
            why = "" if _prints_figures(table) else ": it prints no figures and no note that it is empty"
            ctx.warn(f"table '{region.title}' has a header but no coded rows could be read (lines "
                     f"{region.start}-{region.end}){why}", region.start)
            continue
        yield from _lines_of(source, ctx, table, unit or "万元")
