"""The ``document`` reader: what a published budget disclosure is.

Title, kind (部门预算 / 部门决算 / 绩效目标表 / 绩效自评), the fiscal year it is about (not the date it was
published), its region and its publishing department.  A text that is not a budget
disclosure at all (a news article, a notice) is refused with an :class:`ExtractionError`, so
the run reports it by file and line instead of reading tables out of it.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterator, Optional

from ..records import Document
from ..regions import (
    Region, find_region, named_regions, parent_chain, region, region_from_code_prefix, region_prefix, region_run_start,
    strip_region_prefix,
)
from ..rulebook.ordinals import CHAPTER, ITEM, PART, SECTION
from ..rulebook.organisations import OWN_UNIT_PATTERN, suffix_pattern
from ..source_text import SourceText
from . import Context, ExtractionError, reader
from .sections import PROJECT_CODE
from .table_regions import TableRegion, clean_line, regions_of

_TITLE_END = re.compile(r"(?:预算|决算|公开|目标表|预算表|决算表|(?<!申)报表|公开表|情况说明|说明|自评报告|自评表)$")
_NOT_TITLE = re.compile(rf"^(?:{PART}|目\s*录|{CHAPTER}|{ITEM}|{SECTION})")
_TITLE_LINES = 3
_YEAR = re.compile(r"(20\d{2})\s*年")
# Covers print the year apart in large type: "江苏省人民检察院 / 年部门预算 / 2017".
_BARE_YEAR = re.compile(r"^(20\d{2})$")
_YEARLESS = re.compile(r"(?<!\d)\s*年")
# The department a disclosure or its tables declare: "部门：X  单位：万元", "部 门:X" on a cover.
_DECLARED_DEPARTMENT = re.compile(r"^(?:编制|预算)?部\s*门(?:名称)?\s*[:：]\s*([^\s:：]+)")
# "2024年部门预算", "2024 年度洪山区项目支出绩效目标": a year that a budget, account or target is for.
_BUDGET_YEAR = re.compile(r"(20\d{2})\s*年度?\s*\S{0,12}?(?:预算|决算|绩效目标|绩效自评)")
ORG_NAME = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,40}}?{suffix_pattern()}{OWN_UNIT_PATTERN}?$")
# A title names its department before the kind of form: 深圳市福田区教育局2024年项目支出绩效目标表.
_TITLE_CUT = re.compile(r"部门预算|部门决算|单位预算|单位决算|预算|决算|财政部分|重大政策|(?:项目支出|项目|部门整体|整体支出)?绩效(?:目标|自评)")
_SCOPE = re.compile(r"纳入\s*([^\s，,。]{2,40}?)\s*20\d{2}\s*年度?\s*(?:部门|单位)?(?:预算|决算)")
# The budget explanation opens its paragraphs with the department: "X 2019 年度收入、支出预算总计…",
# "X本年支出预算合计…".
_NARRATED = re.compile(r"^([\u4e00-\u9fff（）()]{2,40}?)\s*(?:20\d{2}\s*年度?|本年)\s*"
                       r"(?:收入|支出|财政拨款|一般公共预算|政府性基金|部门预算|部门决算)")
_BUILT_FROM = re.compile(r"([^\s，,。：:]{2,40}?)\s*(?:部门|单位)(?:预算|决算)由")
_GENRE_WORDS = ("部门预算", "部门决算", "预算", "决算", "绩效目标", "万元", "科目编码", "功能分类",
                "项目支出", "基本支出", "一般公共预算", "财政拨款", "指标值")


def find_title(lines: list[str]) -> Optional[tuple[str, int, int]]:
    """(title, first line, last line) from the document's first meaningful lines."""
    parts: list[str] = []
    first = None
    for number, raw in enumerate(lines, start=1):
        text = clean_line(raw)
        if not text:
            continue
        if first is None:
            if _NOT_TITLE.match(text):
                return None
            first = number
        parts.append(text)
        joined = "".join(parts)
        if _TITLE_END.search(joined.replace(" ", "")):
            return _with_cover_year(joined, first, number, lines)
        if len(parts) >= _TITLE_LINES or len(joined) > 60:
            return None
    return None


def _with_cover_year(title: str, first: int, last: int, lines: list[str]) -> tuple[str, int, int]:
    """A title printing 年 without its year, followed by the year on a line of its own."""
    if _YEAR.search(title) or not _YEARLESS.search(title):
        return title, first, last
    for number in range(last + 1, min(last + 3, len(lines)) + 1):
        text = clean_line(lines[number - 1])
        if not text:
            continue
        m = _BARE_YEAR.match(text)
        if m:
            return _YEARLESS.sub(m.group(1) + "年", title, count=1), first, number
        break
    return title, first, last


def document_kind(title: Optional[str], text: str) -> Optional[str]:
    t = (title or "").replace(" ", "")
    if "绩效自评" in t and "部门决算" not in t:
        return "绩效自评"  # a self-evaluation report or form published on its own
    if "决算" in t:
        return "部门决算"
    if "绩效目标" in t and "部门预算" not in t:
        return "绩效目标表"
    if "预算" in t:
        return "部门预算"
    body = text.replace(" ", "")
    final = body.count("部门决算") + body.count("决算表")
    budget = body.count("部门预算") + body.count("预算表")
    if final > budget:
        return "部门决算"
    if budget:
        return "部门预算"
    return "绩效目标表" if "绩效目标" in body else None


def fiscal_year(title: Optional[str], text: str) -> Optional[int]:
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
    years = Counter(int(m.group(1)) for m in _BUDGET_YEAR.finditer(text))
    return years.most_common(1)[0][0] if years else None


def document_year(src: SourceText, ctx: Context) -> Optional[int]:
    """The fiscal year the other readers use: the document record's, else read the same way
    (the document reader may have refused the document, and the others still run)."""
    if ctx.document is not None and ctx.document.fiscal_year:
        return ctx.document.fiscal_year
    found = find_title(src.lines)
    return fiscal_year(found[0] if found else None, "\n".join(src.lines))


def _department_from_title(title: str) -> Optional[str]:
    t = re.sub(r"20\d{2}\s*年度?", "", title).replace(" ", "")
    m = _TITLE_CUT.search(t)
    candidate = t[: m.start()] if m else t
    return candidate if ORG_NAME.match(candidate) else None


def _department_candidates(title: Optional[str], lines: list[str], tables: list[TableRegion]) -> Iterator[str]:
    if title:
        found = _department_from_title(title)
        if found:
            yield found
    for raw in lines:
        m = _DECLARED_DEPARTMENT.match(clean_line(raw))
        if m and ORG_NAME.match(m.group(1)):
            yield m.group(1)
            break
    declared = Counter(r.department for r in tables if r.department)
    for name, _ in declared.most_common():
        if ORG_NAME.match(name):
            yield name
    text = "\n".join(lines)
    flat = re.sub(r"[ \t]+", "", text)
    for pattern in (_SCOPE, _BUILT_FROM):
        for m in pattern.finditer(flat):
            if ORG_NAME.match(m.group(1)):
                yield m.group(1)
    narrated = Counter(m.group(1) for m in map(_NARRATED.match, map(clean_line, lines)) if m)
    for name, _ in narrated.most_common():
        if ORG_NAME.match(name):
            yield name


def fullest_form(name: str, lines: list[str]) -> tuple[str, Optional[int]]:
    """The longest printed form of `name` (more region prefix), and the line printing it."""
    canonical = strip_region_prefix(name)
    own_region = find_region(name)
    best, best_line = name, None
    for number, raw in enumerate(lines, start=1):
        flat = re.sub(r"\s+", "", raw)
        at = flat.find(canonical)
        while at >= 0:
            printed = flat[region_run_start(flat, at) : at + len(canonical)]
            at = flat.find(canonical, at + 1)
            region = find_region(printed)
            if own_region is not None and (region is None or region.code != own_region.code):
                continue
            if best_line is None and printed == name or len(printed) > len(best):
                best, best_line = printed, number
    return best, best_line


def region_wide_title(title: Optional[str]) -> Optional[Region]:
    """The region of a title that names a region and no department (武昌区2024年财政部分…).

    Such documents are published for the whole region (its 财政 or government), not by a
    department of it.
    """
    if not title:
        return None
    t = re.sub(r"20\d{2}\s*年度?", "", title).replace(" ", "")
    m = _TITLE_CUT.search(t)
    head = t[: m.start()] if m else ""
    # region_prefix keeps a name that is nothing but regions; the mark lets it split them all
    prefix, regions = region_prefix(head + "…") if head else ("", [])
    return regions[-1] if regions and prefix == head else None


def _finance_bureau(region: Region, lines: list[str]) -> tuple[Optional[str], Optional[int]]:
    """The region's finance bureau, where the document prints it (as signatory or publisher)."""
    bureau = re.compile(rf"{re.escape(region.name)}财政局")
    if any(bureau.search(re.sub(r"\s+", "", raw)) for raw in lines):
        return fullest_form(f"{region.name}财政局", lines)
    return None, None


def publishing_department(title: Optional[str], lines: list[str], tables: list[TableRegion]) -> tuple[Optional[str], Optional[int]]:
    for candidate in _department_candidates(title, lines, tables):
        return fullest_form(candidate, lines)
    region = region_wide_title(title)
    if region is not None:
        return _finance_bureau(region, lines)
    return None, None


def looks_like_budget_disclosure(title: Optional[str], lines: list[str], tables: list[TableRegion]) -> bool:
    text = "\n".join(lines)
    if title and any(w in title for w in ("预算", "决算", "绩效目标", "绩效自评")):
        return True
    if any(r.unit for r in tables):
        return True
    present = sum(1 for w in _GENRE_WORDS if w in text)
    return present >= 6 and ("指标值" in text or "科目编码" in text or "部门预算" in text or "部门决算" in text)


@reader("document", order=0)
def read_document(source: SourceText, ctx: Context) -> Iterator[Document]:
    lines = source.lines
    found = find_title(lines)
    title, first, last = found if found else (None, None, None)
    tables = regions_of(source)
    if not looks_like_budget_disclosure(title, lines, tables):
        first_text = next((n for n, l in enumerate(lines, start=1) if l.strip()), 1)
        raise ExtractionError(
            f"not a budget disclosure: {source.file} has no 部门预算/部门决算/绩效目标/绩效自评 title, budget table "
            "or performance form; nothing will be read from it",
            first_text,
        )
    text = "\n".join(lines)
    kind = document_kind(title, text)
    year = fiscal_year(title, text)
    department, department_line = publishing_department(title, lines, tables)
    # Project codes begin with their region's code: what they say settles names several
    # regions bear (朝阳区), and stands for the region when no name is printed at all.
    coded = coded_region(lines)
    printed = printed_region(title, lines, coded.code if coded else None)
    context = printed.code if printed else (coded.code if coded else None)
    region = (find_region(department, context) if department else None) or printed or coded
    if title is None:
        title = f"{department or ''}{year or ''}{'年' if year else ''}{kind or ''}"
        first = last = department_line or 1
        ctx.warn(f"no title printed at the top of {source.file}; titled '{title}' from its department, year and kind", first)
    if year is None:
        ctx.warn(f"fiscal year of {source.file} not found", first)
    if department is None:
        ctx.warn(_no_department_message(source.file, title, kind), first)
    yield Document(
        file=source.file,
        sha256=source.sha256,
        title=title,
        kind=kind,
        fiscal_year=year,
        region_code=region.code if region else None,
        region_name=region.name if region else None,
        department=department,
        prov=source.prov(first, last),
    )


# How far into a document its region is looked for when neither the department nor the
# title names it: the cover, the table of contents and the first part.
_REGION_LINES = 80


def coded_region(lines: list[str]) -> Optional[Region]:
    """The region the project codes printed in a document encode (42011124043T… → 洪山区),
    the most frequent one; None when no code is printed."""
    regions = Counter(
        r.code for line in lines for m in PROJECT_CODE.finditer(line) if (r := region_from_code_prefix(m.group())) is not None
    )
    return region(regions.most_common(1)[0][0]) if regions else None


def printed_region(title: Optional[str], lines: list[str], context: Optional[str] = None) -> Optional[Region]:
    """The region a document is about, as its title or first lines print it.

    The title's most specific region wins.  Failing that, the first lines vote: every mention
    counts for the region and the regions above it; the best-supported province is taken,
    and then a region under it only while it holds most of its parent's mentions (a passing
    mention of a city in a provincial department's text does not make it the city's).
    `context` (a region code) settles names that several regions bear.
    """
    if title and find_region(title, context):
        return find_region(title, context)
    head = "\n".join(lines[:_REGION_LINES])
    mentions = Counter(n.region.code for n in named_regions(head, context) if n.region is not None)
    if not mentions:
        return None
    support: Counter = Counter()
    for code, count in mentions.items():
        for r in parent_chain(code):
            support[r.code] += count
    best = region(max(support, key=lambda code: (len(code) == 2, support[code])))
    while best is not None:
        below = [c for c in support if c.startswith(best.code) and c != best.code]
        shallowest = min((len(c) for c in below), default=0)
        child = max((c for c in below if len(c) == shallowest), key=lambda c: support[c], default=None)
        if child is None or 2 * support[child] <= support[best.code]:
            return best
        best = region(child)
    return None


def _no_department_message(file: str, title: Optional[str], kind: Optional[str]) -> str:
    region = region_wide_title(title)
    if region is None:
        return f"publishing department of {file} not found"
    return (f"{file} is a region-wide {kind or 'publication'} of {region.name} ('{title}'), not a department's; "
            f"no {region.name}财政局 or other publisher is printed, so its department is left empty")
