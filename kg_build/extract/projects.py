"""The projects reader: every place a document names a project, with every amount it prints.

A budget disclosure names its projects several times: in the project expenditure table
(with codes), in each project's performance form, in the 项目支出情况 block of the
department-wide form, and in prose.  Each mention becomes a :class:`Project` record with
``source_table`` saying where it stands, and each printed figure a :class:`ProjectAmount`,
so that the figures can be compared later (they do not always agree).  Funding rows
(项目资金来源) and expenditure items (项目支出明细) of the forms are read too.

Forms print the names and phones of the officials responsible; those fields are read only
as boundaries and never reach a record, and quotes leave their lines out.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, Optional

from ..amounts import declared_unit, parse_amount, to_wan
from ..records import PROJECT_TABLE, ExpenditureDetail, FundingSource, Project, ProjectAmount, Provenance, Record
from ..regions import strip_region_prefix
from ..rulebook.ordinals import CHINESE_NUMERALS
from ..rulebook.standard_tables import FUNDS_TOTAL, GROUP_TOTAL, TABLE_TOTALS
from ..source_text import SourceText
from . import Context, reader
from .budget_tables import read_tables
from .cells import Cell, cells, paragraphs, squeeze, ticked_option
from .document import document_year
from .form_fields import Field, first_field, form_fields
from .project_prose import budget_history, execution_statements, funded_by, listed_projects
from .project_tables import project_table_rows, project_table_spans, spending_rows, spending_span
from .sections import Section, is_project_code, project_reference, section_at, document_sections

_PERSONAL = re.compile(r"负责人|联系电话|联系人|填报人|电话")


def quote_prov(src: SourceText, first: int, last: int) -> Provenance:
    """Provenance of lines first..last whose quote leaves out lines naming people or phones."""
    kept: list[str] = []
    skip_next = False
    for n in range(first, last + 1):
        line = src.line(n).strip()
        if _PERSONAL.search(line):
            # In one-cell-per-line layouts the person's name is the next cell.
            skip_next = squeeze(line) in {"填报人", "项目负责人", "负责人", "联系电话", "联系人"}
            continue
        if skip_next and line:
            skip_next = False
            continue
        if line:
            kept.append(line)
    return src.prov(first, last, "\n".join(kept))


def _unit_near(src: SourceText, first: int, last: int) -> str:
    """The money unit a table or form declares near its top; 万元 when it declares none."""
    for n in range(max(1, first - 4), min(last, first + 14) + 1):
        unit = declared_unit(src.line(n))
        if unit:
            return unit
    return "万元"


def _wan(amount: Optional[Decimal], unit: str) -> Optional[Decimal]:
    return None if amount is None else to_wan(amount, unit)


_SOURCE_PHRASE = re.compile(r"(?P<source>[^\d，,。；;：:]{2,30}?)(?P<amt>\d[\d,]*(?:\.\d+)?)万元")


def _amount_at(value: str) -> Optional[tuple[Decimal, int, int]]:
    """The amount of a form cell and where it stands: the cell itself, or the one figure of a phrase.

    A phrase naming several figures (资金来源：本级 300 万元，上级 200 万元) prints its parts,
    not the amount, so it has none.
    """
    plain = parse_amount(value)
    if plain is not None:
        return plain, 0, len(value)
    hits = list(re.finditer(r"(\d[\d,]*(?:\.\d+)?)万元", value))
    # a figure run into the next (800.00820.00804.36: a row of figures flattened) is none
    m = hits[0] if len(hits) == 1 else None if hits else re.match(r"^(\d[\d,]*(?:\.\d+)?)(?![\d.,])", value)
    amount = parse_amount(m.group(1)) if m else None
    return (amount, m.start(), m.end()) if amount is not None else None


def _amount_in(value: str) -> Optional[Decimal]:
    found = _amount_at(value)
    return found[0] if found else None


# ---------------------------------------------------------------- project tables


def _table_projects(src: SourceText, ctx: Context, secs: list[Section], year: Optional[int]) -> Iterator[Record]:
    # The forms print each project's name unbroken, and the department's name is how its
    # units' names begin: both tell where a wrapped name ends and its unit begins.
    form_names = {s.code: s.name for s in secs if s.kind == "project" and s.code and s.name}
    department = ctx.document.department if ctx.document is not None else None
    organisations = (department, strip_region_prefix(department)) if department else ()
    for first, last, title in project_table_spans(src.lines, (s.start for s in secs)):
        unit = _unit_near(src, first, last)
        rows, unread = project_table_rows(src.lines, first, last, form_names, organisations)
        for line in unread:
            ctx.warn(f"project code in {title} without a readable name and amount", line)
        for row in rows:
            if any(_PERSONAL.search(src.line(n)) for n in range(row.first_line, row.last_line + 1)):
                ctx.warn(f"row of {row.code or row.name} in {title} runs into a line naming a person; not read", row.first_line)
                continue
            prov = quote_prov(src, row.first_line, row.last_line)
            amount = to_wan(row.amount, unit)
            yield Project(row.name, row.code, None, row.unit, current_year_budget=amount,
                          source_table=PROJECT_TABLE, prov=prov)
            yield ProjectAmount(row.code or project_reference(row.name, None), "current_year", amount, year, title, prov)


# ---------------------------------------------------------------- department forms


def _spending_projects(src: SourceText, sec: Section, year: Optional[int]) -> Iterator[Record]:
    span = spending_span(src.lines, sec.start, sec.end)
    if span is None:
        return
    unit = _unit_near(src, sec.start, sec.end)
    for row in spending_rows(src.lines, *span):
        prov = quote_prov(src, row.first_line, row.last_line)
        total, current = to_wan(row.total, unit), to_wan(row.current, unit)
        yield Project(row.name, None, sec.name or None, None, category=row.category, total_budget=total,
                      current_year_budget=current, source_table="项目支出情况", prov=prov)
        ref = project_reference(row.name, None)
        yield ProjectAmount(ref, "total", total, None, "项目支出情况", prov)
        yield ProjectAmount(ref, "current_year", current, year, "项目支出情况", prov)


# ---------------------------------------------------------------- project forms


def _field_prov(src: SourceText, f: Field) -> Provenance:
    """From the label to the amount it gives."""
    found = _amount_at(f.value)
    last = f.value_lines[found[2] - 1] if found and f.value_lines else f.last_line
    return quote_prov(src, f.line, last)


def _rows(src: SourceText, f: Field, until: int) -> list[tuple[str, Decimal, Optional[str], int, int]]:
    """(label, amount, text between label and amount, first line, last line) rows of a block."""
    cs = cells(src.lines, f.line, until)
    rows = []
    label: list[Cell] = []
    for c in cs:
        if c.amount is None:
            label.append(c)
            continue
        if not label:
            continue
        item, extra, used = _row_label(label, c, src.line(c.line))
        rows.append((item, c.amount, extra, used.line, c.line))
        label = []
    return rows


_NUMBERED = re.compile(rf"^\s*(?:\d{{1,2}}|[{CHINESE_NUMERALS}]+)\s*[.、．]\s*")


def _row_label(label: list[Cell], amount: Cell, amount_line: str) -> tuple[str, Optional[str], Cell]:
    """Item name of a row from the text cells before its amount; the last other cell is basis.

    A label wrapped over lines is joined back when its first part is a numbered or 其中 item.
    """
    row = [c for c in label if c.line == amount.line]
    if "\t" in amount_line and len(row) >= 2 and not _is_header(squeeze(row[0].text)):
        # A tab-separated row: item | 测算依据 | amount.
        return squeeze(row[0].text), squeeze(row[1].text), row[0]
    texts = [squeeze(c.text) for c in label]
    start = max((k for k, t in enumerate(texts) if _NUMBERED.match(t) or t.startswith("其中")), default=None)
    if start is not None:
        return "".join(texts[start:]), None, label[start]
    # item | 测算依据 | amount: the basis is the longer, sentence-like cell.
    if (len(label) >= 2 and len(texts[-1]) >= 8 and len(texts[-1]) > len(texts[-2])
            and not _is_header(texts[-2]) and not _TOTAL.search(texts[-1])):
        return texts[-2], texts[-1], label[-2]
    return texts[-1], None, label[-1]


_HEADERS = {"金额", "资金来源项目", "来源项目", "项目支出明细", "项目内容", "测算依据及说明", "合计"}


def _is_header(text: str) -> bool:
    return text in _HEADERS or text.endswith(("金额", "申报数"))


_TOTAL = re.compile("|".join((*TABLE_TOTALS, GROUP_TOTAL, FUNDS_TOTAL)))


def _funding(src: SourceText, f: Field, until: int, ref: str, unit: str) -> Iterator[Record]:
    rows = _rows(src, f, until)
    numbered = any(_NUMBERED.match(r[0]) for r in rows)
    for label, amount, _, first, last in rows:
        if _TOTAL.search(label) or (numbered and label.startswith("其中")) or _is_header(label):
            continue
        name = _NUMBERED.sub("", re.sub(r"^其中[:：]", "", label))
        if name and not re.fullmatch(r"[\d年度]+", name):
            yield FundingSource(ref, name, to_wan(amount, unit), quote_prov(src, first, last))


def _phrase_funding(src: SourceText, f: Field, ref: str, unit: str) -> Iterator[Record]:
    """Funding named in words in a budget cell: 资金来源：本级一般公共预算 300 万元，上级… 200 万元."""
    for m in _SOURCE_PHRASE.finditer(f.value):
        amount = parse_amount(m.group("amt"))
        name = m.group("source")
        if amount is None or _TOTAL.search(name):
            continue
        lines = f.value_lines[m.start() : m.end()]
        yield FundingSource(ref, name, to_wan(amount, unit), quote_prov(src, lines[0], lines[-1]), context="说明")


def _details(src: SourceText, f: Field, until: int, ref: str, unit: str, basis: Optional[str]) -> Iterator[Record]:
    for label, amount, extra, first, last in _rows(src, f, until):
        if _TOTAL.search(label) or _is_header(label):
            continue
        item = _NUMBERED.sub("", label)
        yield ExpenditureDetail(ref, item, to_wan(amount, unit), extra or basis, quote_prov(src, first, last))


def _block_end(fields: list[Field], k: int, sec: Section) -> int:
    """Last line of field k's block: up to the next field that is not a column header of it."""
    for g in fields[k + 1 :]:
        # 资金总额 (年度资金总额 in the national form) is the funding block's total row
        header_of_block = (g.name == "basis" and g.line == fields[k].line) or (
            fields[k].name == "funding" and (g.name == "total" or g.label == "年度资金总额"))
        if not header_of_block:
            return max(fields[k].line, g.line - 1 if g.line > fields[k].line else g.line)
    return sec.end


def _form_project(src: SourceText, ctx: Context, sec: Section, fields: list[Field], year: Optional[int]) -> Iterator[Record]:
    unit = _unit_near(src, sec.start, sec.end)
    get = lambda name: first_field(fields, name)  # noqa: E731 - a local shorthand
    code_field = get("code")
    code = code_field.value if code_field and is_project_code(code_field.value) else sec.code
    ref = project_reference(sec.name, code)
    total_f = next((f for f in fields if f.name == "total" and _amount_in(f.value) is not None), None)
    current_f = next((f for f in fields if f.name == "current" and _amount_in(f.value) is not None), None)
    total = _wan(_amount_in(total_f.value), unit) if total_f else None
    current = _wan(_amount_in(current_f.value), unit) if current_f else None
    history = get("history")
    earlier = budget_history(history.value, year) if history else []
    name_f = get("name")
    head = name_f or fields[0]
    project = Project(
        sec.name, code, _text(get("department")), _text(get("unit")),
        category=ticked_option(get("category").value) if get("category") else None,
        frequency=ticked_option(get("frequency").value) if get("frequency") else None,
        total_budget=total, current_year_budget=current,
        earlier_budgets=[(y, _wan(a, unit)) for y, a, _, _ in earlier],
        main_content=_text(get("content")), source_table="绩效目标表",
        prov=quote_prov(src, head.line, max(head.line, (code_field or head).last_line)),
    )
    yield project
    # a self-evaluation prints budget and execution (年初预算数 … 全年执行数) in place of the budget fields
    self_evaluation = any(f.name == "funding" and "执行数" in f.value for f in fields)
    if total_f is None and current_f is None and not self_evaluation:
        ctx.warn(f"form of {sec.name} prints no readable 项目总预算 or 项目当年预算 (truncated form?)", sec.start)
    if total is not None:
        yield ProjectAmount(ref, "total", total, None, "绩效目标表", _field_prov(src, total_f))
    if current is not None:
        yield ProjectAmount(ref, "current_year", current, year, "绩效目标表", _field_prov(src, current_f))
    for y, amount, start, end in earlier:
        lines = history.value_lines[start:end]
        yield ProjectAmount(ref, "earlier_year", _wan(amount, unit), y, "绩效目标表", quote_prov(src, lines[0], lines[-1]))
    if total_f is None and (phrase := get("total")) is not None:
        yield from _phrase_funding(src, phrase, ref, unit)
    basis = get("basis")
    for k, f in enumerate(fields):
        # a self-evaluation's funds block prints budget and execution (年初预算数 … 全年执行数),
        # not sources
        if f.name == "funding" and "执行数" not in f.value and not any(g.name == "funding" for g in fields[k + 1 : k + 2]):
            yield from _funding(src, f, _block_end(fields, k, sec), ref, unit)
        elif f.name == "details":
            yield from _details(src, f, _block_end(fields, k, sec), ref, unit, _basis_text(basis, f))


def _basis_text(basis: Optional[Field], details: Field) -> Optional[str]:
    """The 测算依据及说明 of the whole detail table, when it is a block of its own."""
    if basis is None or basis.line == details.line or not basis.value:
        return None
    return basis.value


def _text(f: Optional[Field]) -> Optional[str]:
    return f.value or None if f else None


# ---------------------------------------------------------------- self-evaluations


def _self_evaluation(src: SourceText, sec: Section) -> Iterator[Record]:
    ref = project_reference(sec.name, sec.code)
    yield Project(sec.name, sec.code, None, None, source_table="自评", prov=quote_prov(src, sec.start, sec.start))
    paras = paragraphs(src.lines, sec.start, sec.end)
    for st in execution_statements(paras):
        prov = src.prov(st.first_line, st.last_line, st.quote)
        yield ProjectAmount(ref, "executed", st.executed, None, "自评", prov)
        yield ProjectAmount(ref, "budget", st.budget, None, "自评", prov)
    for source, amount, first, last in funded_by(paras):
        yield FundingSource(ref, source, amount, quote_prov(src, first, last), context="自评")


# ---------------------------------------------------------------- prose


def functional_item_names(src: SourceText) -> set[str]:
    """Names the document's budget tables print for functional classification codes (类/款/项)."""
    return {squeeze(e.name) for t in read_tables(src) for e in t.entries if e.classification == "functional" and e.name}


def _prose_projects(
    src: SourceText, ctx: Context, secs: list[Section], year: Optional[int], named_elsewhere: set[str]
) -> Iterator[Record]:
    """Projects that prose lists with an amount.

    Final-account explanations fill the template's 项目名称… with the functional 项 their
    project spending went to (项目名称一般行政管理事务 61.09 万元, the 2100102 row's 项目支出):
    a paragraph listing several items, every one a classification item the tables print and
    none a project named in a project table or form, explains spending by classification
    and names no project.  (A list of projects may hold one named like its 项; not all.)
    """
    final = ctx.document is not None and ctx.document.kind == "部门决算" or _looks_final(src)
    mentions = list(listed_projects(paragraphs(src.lines), final))
    classification_items = functional_item_names(src) - named_elsewhere
    by_paragraph: dict[int, list[bool]] = {}
    for m in mentions:
        by_paragraph.setdefault(m.paragraph, []).append(m.name in classification_items)
    for m in mentions:
        sec = section_at(secs, m.first_line)
        if sec is not None and sec.kind == "project":
            continue  # forms are read field by field
        if len(by_paragraph[m.paragraph]) >= 2 and all(by_paragraph[m.paragraph]):
            continue
        where = "自评" if sec is not None else "说明"
        prov = src.prov(m.first_line, m.last_line, m.quote)
        kind_year = year if m.kind == "current_year" else None
        yield Project(m.name, None, None, None, current_year_budget=m.amount if m.kind == "current_year" else None,
                      source_table=where, prov=prov)
        yield ProjectAmount(project_reference(m.name, None), m.kind, m.amount, kind_year, where, prov)


def _looks_final(src: SourceText) -> bool:
    head = squeeze("".join(src.lines[:15]))
    return "决算" in head


# ---------------------------------------------------------------- reader


@reader("projects", order=30)
def read_projects(src: SourceText, ctx: Context) -> Iterator[Record]:
    secs = document_sections(src, ctx)
    year = document_year(src, ctx)
    found = list(_table_projects(src, ctx, secs, year))
    for sec in secs:
        if sec.kind == "department":
            found.extend(_spending_projects(src, sec, year))
            continue
        fields = form_fields(src.lines, sec.start, sec.end)
        if first_field(fields, "name") is not None:
            found.extend(_form_project(src, ctx, sec, fields, year))
        else:
            found.extend(_self_evaluation(src, sec))
    yield from found
    named = {squeeze(r.name) for r in found if isinstance(r, Project)}
    yield from _prose_projects(src, ctx, secs, year, named)
