"""Reader "statements": what the document states in words, and the parts it prints.

The 情况说明 of a disclosure restates its tables in sentences ("收入预算总额11224.43万元，比上年
减少1105.05万元", "基本支出 2245.68 万元", "“三公”经费财政拨款支出全年预算为 2.29 万元，支出决算为
2.29 万元"); a 部门整体绩效目标表 states the department's money in its 总体资金情况 block.  Each
stated figure becomes a :class:`Statement` (subject in the genre's standard words, amount,
unit, year, the change on the previous year when the sentence gives it, the sentence and its
line), so the shapes can hold it against the tables.

The same reader lists the document's headings that name a year and the standard tables it
prints (:class:`DocumentPart`), with whether a table printed without figures says so.
Nothing is compared here: the reader keeps what is printed.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, Optional

from ..amounts import declared_unit, parse_amount, to_wan
from ..records import DocumentPart, Record, Statement
from ..rulebook import stated_figures as rules
from ..rulebook.ordinals import HEADING_NUMBER
from ..rulebook.standard_tables import StandardTable, identify
from ..source_text import SourceText
from . import Context, reader

_AMOUNT = r"(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)(?![/／每])"
_SUBJECTS = [(key, re.compile(rf"{rules.BOUNDARY}(?:{phrase}){rules.CONNECTOR}{_AMOUNT}")) for key, phrase in rules.SUBJECTS]
_MEASURES = [(name, re.compile(pattern)) for name, pattern in rules.MEASURES]
_SENTENCE = re.compile(r"[^。；;]+[。；;]?")
_YEAR = re.compile(r"(20\d{2})\s*年")
_ITEM = re.compile(r"([\u4e00-\u9fff()（）]{2,30}?)[（(]项[)）]")
_PROSE_MIN = 12  # characters: shorter lines are headings or cells, not sentences
_HEADING_MAX = 40
_HEADING_YEAR = re.compile(r"(20\d{2})\s*年度?\s*\S{0,20}?(?:部门|单位)?(?:预算|决算)(?:表|情况说明|编制说明|公开|说明)?\s*$")


@reader("statements", order=70)
def read_statements(src: SourceText, ctx: Context) -> Iterator[Record]:
    year = ctx.document.fiscal_year if ctx.document else None
    kind = ctx.document.kind if ctx.document else None
    for number, line in enumerate(src.lines, start=1):
        if _is_prose(line):
            for statement in _prose_statements(src, number, line, year):
                yield _with_table(statement, rules.PHASE_OF_KIND.get(kind or ""))
    yield from _form_statements(src, year)
    yield from _parts(src, kind)


def _with_table(statement: Statement, phase: Optional[str]) -> Statement:
    """The statement with the standard table and columns whose figure it restates, if any.

    A final account's tables print what was spent; a budgeted figure stated in its prose
    (年初预算为 …) restates no table, except where a table prints both side by side (三公).
    """
    if statement.subject not in rules.RESTATES or phase is None:
        return statement
    table, columns = rules.RESTATES[statement.subject]
    if table in rules.SIDE_BY_SIDE and phase == "决算":
        columns = tuple(rules.MEASURE_COLUMN[statement.measure or "决算"] + c for c in columns)
    elif phase == "决算" and statement.measure == "预算":
        return statement
    statement.table, statement.columns = table, columns
    return statement


def _is_prose(line: str) -> bool:
    text = line.strip()
    return "\t" not in text and len(text) >= _PROSE_MIN and "元" in text


def _prose_statements(src: SourceText, number: int, line: str, year: Optional[int]) -> Iterator[Statement]:
    scopes: list[tuple[int, str]] = []  # (sentence, subject) of the figures that narrow those after them
    item = _ITEM.search(line)  # the item a paragraph (n) 卫生健康支出(类)…(项)。年初预算为 … speaks of
    for index, sentence in enumerate(_SENTENCE.finditer(line)):
        text = sentence.group(0).strip()
        sentence_year = _sentence_year(text, year)
        taken: list[tuple[int, int]] = []
        for key, pattern in _SUBJECTS:
            for m in pattern.finditer(text):
                if any(a < m.end("amount") and m.start() < b for a, b in taken):
                    continue  # a longer phrase already read this figure
                taken.append((m.start(), m.end("amount")))
                if key in rules.SCOPED:
                    scopes.append((index, key))
                subject = _narrowed(key, index, scopes)
                measure = _measure(m.group(0)[: m.start("amount") - m.start()])
                qualifier = item.group(1) if subject == "功能科目" and item else ""
                yield from _statements(src, number, text, subject, m, sentence_year, measure, qualifier, text[m.end():])
                following = rules.FOLLOWING_FINAL.match(text[m.end():])
                if following and measure == "预算":
                    taken.append((m.end(), m.end() + following.end()))
                    yield from _statements(src, number, text, subject, following, sentence_year, "决算", qualifier,
                                           text[m.end() + following.end():])


def _narrowed(key: str, sentence: int, scopes: list[tuple[int, str]]) -> str:
    """The subject as narrowed by a fund named in an earlier sentence of the paragraph."""
    for start, scope in scopes:
        if start < sentence and key in rules.SCOPED[scope]:
            return rules.SCOPED[scope][key]
    return key


def _sentence_year(text: str, year: Optional[int]) -> Optional[int]:
    """The year a sentence's figures are for: the first year it names before any comparison."""
    head = re.split(r"比|较|与\s*(?:上年|20\d{2})", text, maxsplit=1)[0]
    found = _YEAR.search(head)
    return int(found.group(1)) if found else year


def _measure(connector: str) -> str:
    for name, pattern in _MEASURES:
        if pattern.search(connector):
            return name
    return ""


def _statements(src: SourceText, number: int, sentence: str, key: str, m: re.Match, year: Optional[int],
                measure: str, qualifier: str, rest: str) -> Iterator[Statement]:
    printed = m.group("amount")
    unit = m.group("unit")
    amount = to_wan(parse_amount(printed) or Decimal(0), unit)
    change, percent, printed_percent = _change(rest)
    # 收、支总计均为 X states both totals at once
    for subject in (("收入总计", "支出总计") if key == "收支总计" else (key,)):
        yield Statement(subject=subject, amount=amount, printed_amount=printed, unit=unit, year=year,
                        context=rules.PROSE, measure=measure, qualifier=qualifier, change=change,
                        change_percent=percent, printed_percent=printed_percent,
                        prov=src.prov(number, number, sentence))


def _change(rest: str) -> tuple[Optional[Decimal], Optional[Decimal], Optional[str]]:
    m = rules.CHANGE.match(rest)
    if not m:
        return None, None, None
    sign = Decimal(-1) if m.group("direction") in rules.DECREASE else Decimal(1)
    if m.group("direction") == "持平":
        return Decimal(0), None, None
    change = None
    if m.group("change"):
        change = sign * to_wan(parse_amount(m.group("change")) or Decimal(0), m.group("unit"))
    percent = sign * Decimal(m.group("percent")) if m.group("percent") else None
    return change, percent, m.group("percent")


def _cells(src: SourceText, start: int, end: int) -> list[tuple[int, str]]:
    """(line, cell) for the non-empty cells of lines start..end-1 (0-based), in reading order."""
    cells = []
    for i in range(start, min(end, len(src.lines))):
        for cell in src.lines[i].split("\t"):
            text = re.sub(r"\s+", "", cell)
            if text:
                cells.append((i + 1, text))
    return cells


def _form_statements(src: SourceText, year: Optional[int]) -> Iterator[Statement]:
    """The 总体资金情况 block of a department's performance form: 收入构成 / 支出构成 rows."""
    for i, line in enumerate(src.lines):
        if rules.FORM_FUNDS_HEAD not in re.sub(r"\s+", "", line):
            continue
        cells = _cells(src, i, i + 80)
        side = None
        for k, (number, cell) in enumerate(cells):
            if cell in ("部门职能概述", "年度工作任务", "项目支出情况") or cell.startswith("整体绩效"):
                break
            if cell in ("收入", "收入构成"):
                side = "收入"
            elif cell in ("支出", "支出构成"):
                side = "支出"
            subject = rules.FORM_FUNDS_ROWS.get((side or "", cell))
            if subject is None or k + 1 >= len(cells):
                continue
            figure_line, figure = cells[k + 1]
            amount = parse_amount(figure)
            if amount is None:
                continue
            yield Statement(subject=subject, amount=amount, printed_amount=figure, unit="万元", year=year,
                            context=rules.FORM_NAME,
                            prov=src.prov(number, figure_line, f"{cell} {figure}"))
        return  # one funds block per form


def _parts(src: SourceText, kind: Optional[str]) -> Iterator[DocumentPart]:
    """Headings naming a year, and the standard tables (kg_build.rulebook.standard_tables) printed."""
    titles: list[tuple[int, str, Optional[StandardTable]]] = []
    for number, line in enumerate(src.lines, start=1):
        text = _MARKDOWN_HEADING.sub("", re.sub(r"\s+", " ", line).strip())
        if not text or len(text) > _HEADING_MAX or re.search(r"[。，；,]", text):
            continue
        if _is_contents_entry(text) and not _table_follows(src, number):
            continue
        table = identify(text) if kind in rules.PHASE_OF_KIND else None
        if table is not None or _HEADING_YEAR.search(text):
            titles.append((number, text, table))
    for k, (number, text, table) in enumerate(titles):
        found = _YEAR.search(text)
        year = int(found.group(1)) if found else None
        if table is None:
            yield DocumentPart("heading", text, year, prov=src.prov(number))
            continue
        end = titles[k + 1][0] - 1 if k + 1 < len(titles) else min(len(src.lines), number + 200)
        body = src.span(number + 1, end)
        note = rules.EMPTY_NOTE.search(body)
        yield DocumentPart("table", text, year, table.key, empty=not _has_figures(body),
                           empty_note=note.group(0).strip() if note else None, prov=src.prov(number))


_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")  # ## 第二部分 … is the heading 第二部分 …
_CONTENTS = re.compile(rf"^{HEADING_NUMBER}|[.…·]{{3,}}\s*\d*$")
_FIGURE = re.compile(r"(?<![\d.])\d[\d,]*\.\d+(?![\d.])|(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d.])")


def _is_contents_entry(text: str) -> bool:
    """Numbered like a line of a table of contents (一、2024年收支预算总表)."""
    return bool(_CONTENTS.search(text))


def _table_follows(src: SourceText, number: int, lines: int = 6) -> bool:
    """Whether a table (its 单位 declaration) follows a numbered title before any other title:
    a title, not a line of a table of contents."""
    ahead = [l.strip() for l in src.lines[number:number + lines * 2] if l.strip()][:lines]
    for line in ahead:
        if declared_unit(line):
            return True
        if _is_contents_entry(line) or identify(line) is not None:
            return False
    return False


def _has_figures(body: str) -> bool:
    """Whether a table's text holds an amount: 栏次 numbers, codes and years are none."""
    return any(_FIGURE.search(line) for line in body.splitlines())
