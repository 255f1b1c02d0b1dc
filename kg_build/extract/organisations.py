"""The ``organisations`` reader: departments and budget units a document names as owners.

Three places name them: the unit rows of the budget tables (``043 武汉市洪山区医疗保障局``,
``043001 …本级``: a six-digit unit code begins with its department's three-digit code), the
list of units "纳入…编制范围的单位包括：1.… 2.…" (numbered, or one sentence "…本级、…中心。") in
the 机构设置 / 预算单位构成 section, and the publishing department itself.  Each mention is one record, with the name
exactly as printed there (pieces broken over lines joined).
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from ..records import Organisation
from ..regions import find_region
from ..source_text import SourceText
from . import Context, reader
from .budget_tables import read_tables
from .document import fullest_form

_SCOPE = re.compile(r"纳入\s*(\S+?)\s*20\d{2}\s*年度?\s*(?:部门|单位)?(?:预算|决算)编制")
# …的单位包括： / …的单位共2个，包括：
_LIST_START = re.compile(r"(?:单位|机构)(?:共\s*\d+\s*个\s*[，,])?\s*包括\s*[:：]?\s*(.*)$")
# A list run on in one sentence: 包括：X本级、Y中心、Z林场。(wrapped over a few lines at most)
_RUN_ON_NAME = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}$")
_RUN_ON_LINES = 3
_ITEM = re.compile(r"(?:^|\s)(\d{1,2})\s*[.、．]\s*(?=\S)")
_ITEM_LINE = re.compile(r"^\s*\d{1,2}\s*[.、．]\s*\S")
_OWN_LEVEL = re.compile(r"(?:本级|[（(]本级[)）])$")
_MAX_GAP = 2  # blank lines allowed between list items


def _region_code(name: str, ctx: Context) -> Optional[str]:
    """The region a name prints (settled by the document's region when several bear it),
    else the document's."""
    document_region = ctx.document.region_code if ctx.document else None
    region = find_region(name, document_region)
    return region.code if region is not None else document_region


def _items(text: str) -> list[str]:
    """'1.通城县医疗保障局（本级） 2.通城县医疗保障服务中心' -> the two names."""
    marks = list(_ITEM.finditer(text))
    names = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        name = re.sub(r"\s+", "", text[m.end():end]).rstrip("；;。，,")
        if name:
            names.append(name)
    return names


def _unit_list(lines: list[str], start: int) -> Iterator[tuple[str, int]]:
    """The numbered units following the 'X包括：' line `start` (1-based), with their lines."""
    m = _LIST_START.search(lines[start - 1])
    if m and _ITEM.search(" " + m.group(1)):
        for name in _items(" " + m.group(1)):
            yield name, start
        return
    if m and m.group(1).strip():
        yield from _run_on_list(lines, start, m.start(1))
        return
    gap = 0
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            gap += 1
            if gap > _MAX_GAP:
                return
            continue
        if not _ITEM_LINE.match(text):
            return
        gap = 0
        for name in _items(text.strip()):
            yield name, number


def _run_on_list(lines: list[str], start: int, column: int) -> Iterator[tuple[str, int]]:
    """The names of a list printed as one sentence from column `column` of line `start`,
    apart by 、 and ended by 。 ("包括：…本级、…疾病预防控制中心。"), each with its line."""
    chars: list[tuple[str, int]] = []
    for number in range(start, min(start + _RUN_ON_LINES, len(lines) + 1)):
        text = lines[number - 1][column if number == start else 0 :]
        end = text.find("。")
        chars.extend((ch, number) for ch in (text if end < 0 else text[:end]) if not ch.isspace())
        if end >= 0:
            break
    else:
        return  # no sentence end: not a list of names
    name, first = "", start
    for ch, number in [*chars, ("、", 0)]:
        if ch != "、":
            first = number if not name else first
            name += ch
            continue
        name = name.removesuffix("等")
        if _RUN_ON_NAME.match(name):
            yield name, first
        name = ""


def _listed_units(source: SourceText, ctx: Context) -> Iterator[Organisation]:
    lines = source.lines
    for number, text in enumerate(lines, start=1):
        scope = _SCOPE.search(re.sub(r"[ \t]+", "", text))
        if not scope:
            continue
        department = scope.group(1)
        yield Organisation(department, None, None, None, _region_code(department, ctx), "department", source.prov(number))
        for last in range(number, min(number + 6, len(lines)) + 1):
            if _LIST_START.search(re.sub(r"[ \t]+", "", lines[last - 1])):
                for name, line in _unit_list(lines, last):
                    yield Organisation(name, None, department, None, _region_code(name, ctx), "unit", source.prov(line))
                break


def _table_units(source: SourceText, ctx: Context) -> Iterator[Organisation]:
    for table in read_tables(source):
        names = {e.code: e.name for e in table.entries if e.classification == "unit" and len(e.code) == 3}
        for e in table.entries:
            if e.classification != "unit" or not e.name:
                continue
            quote = "\n".join(l.strip() for l in source.lines[e.line_start - 1 : e.line_end] if l.strip())
            prov = source.prov(e.line_start, e.line_end, quote)
            if len(e.code) == 3:
                yield Organisation(e.name, e.code, None, None, _region_code(e.name, ctx), "department", prov)
            else:
                parent = e.code[:3]
                yield Organisation(e.name, e.code, names.get(parent), parent, _region_code(e.name, ctx), "unit", prov)


def _publisher(source: SourceText, ctx: Context) -> Iterator[Organisation]:
    doc = ctx.document
    if doc is None or not doc.department:
        return
    _, line = fullest_form(doc.department, source.lines)
    if line is None:
        line = doc.prov.line_start
    own_level = _OWN_LEVEL.search(doc.department)
    if own_level:  # "…卫生健康局本级" publishes for the department's own unit
        parent = doc.department[: own_level.start()]
        yield Organisation(doc.department, None, parent, None, doc.region_code, "unit", source.prov(line))
    else:
        yield Organisation(doc.department, None, None, None, doc.region_code, "department", source.prov(line))


@reader("organisations", order=10)
def read_organisations(source: SourceText, ctx: Context) -> Iterator[Organisation]:
    if ctx.document is None:
        return  # not a budget disclosure: the document reader has said why
    seen: set[tuple] = set()
    for org in (*_publisher(source, ctx), *_listed_units(source, ctx), *_table_units(source, ctx)):
        key = (org.name, org.code, org.role, org.prov.line_start)
        if key not in seen:
            seen.add(key)
            yield org
