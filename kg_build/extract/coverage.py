"""The ``coverage`` reader: what a document prints against what the readers read from it.

Runs after every other reader, on their records.  Each count pairs a mark of the genre that
can be seen without understanding the document with the records that should come of it, so
a user sees on any new document -- without a gold answer -- where reading fell short:

* 文号-like strings (a year in brackets of any glyph followed by a number and 号, the lines
  folded as a PDF breaks them) against the citations read (same year and number);
* lines that start with a classification code (functional 2xx, economic 3xx/5xx; 3, 5 or 7
  digits, or 类/款/项 printed apart: ``208 05 01``) and print a figure, against the lines budget
  rows were read from;
* standard tables whose title heads a table with figures (a unit declaration or table rows
  follow; not a table of contents, not a table printed empty) against the standard tables
  budget rows were read from;
* performance forms found against the forms indicators (or self-evaluation scores) were read
  from, and the number of indicators.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator, Optional

from ..docnumber import fold_lines
from ..records import BudgetLine, Citation, EvaluationScore, Indicator, ProjectAmount, ReadingCoverage
from ..rulebook.brackets import CLOSING_CLASS, OPENING_CLASS
from ..rulebook.standard_tables import identify
from .project_tables import PROJECT_TABLE_TITLE
from ..source_text import SourceText
from . import Context, reader
from .sections import document_sections

# Any bracket a PDF conversion prints around a 文号's year (the rulebook's glyphs), with the
# digits folded from their full-width forms.
_DOC_NUMBER_LIKE = re.compile(
    rf"{OPENING_CLASS}\s*((?:19|20)\d{{2}})\s*{CLOSING_CLASS}\s*第?\s*(\d{{1,5}}(?:-\d{{1,3}})?)\s*号")
# A classification code at the start of a line: 类 (3 digits) with 款 and 项 (2 digits each),
# joined or printed apart, followed by a space, a tab or the item's name.
# a Markdown row prints its cells between bars: | 2130201 | 行政运行 | 21,540.30 |
_CODED_LINE = re.compile(r"^\s*\|?\s*[235]\d{2}(?:[ \t]*\d{2}){0,2}[ \t|]*(?=[\u4e00-\u9fff])")
# ... but not a count or a measure: "50000份", "200元/人", "558 号", "300 人，"
_MEASURE = re.compile(r"[号份元个次月日万亿家件台辆张套册期场批年]|人(?![\u4e00-\u9fff])")
_FIGURE = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+")  # an amount printed in a table
_UNIT_DECLARED = re.compile(r"单位\s*[:：]?\s*(?:万元|千元|亿元|元)")
_HEADING_REACH = 4  # non-blank lines after a title in which its table must begin
_TABLE_REACH = 60  # lines after a title searched for the table's figures
_MISSED_SHOWN = 20


@reader("coverage", order=1000)
def read_coverage(source: SourceText, ctx: Context) -> Iterator[ReadingCoverage]:
    if ctx.document is None:
        return  # refused as not a disclosure: nothing was meant to be read
    missed: list[str] = []
    records = ctx.records
    cited = {(c.year, _number(c.number)) for c in records if isinstance(c, Citation) and c.year}
    doc_numbers = list(_doc_number_like(source))
    doc_read = 0
    for line, printed, year, number in doc_numbers:
        if (year, number) in cited:
            doc_read += 1
        else:
            missed.append(f"{_place(source, line)} 文号 not cited: {printed}")

    budget_lines = [r for r in records if isinstance(r, BudgetLine)]
    read_lines = {n for r in budget_lines for n in range(r.prov.line_start, r.prov.line_end + 1)}
    coded = [n for n, text in enumerate(source.lines, start=1) if _is_coded(text)]
    for n in coded:
        if n not in read_lines:
            missed.append(f"{_place(source, n)} coded line not read: {_short(source.line(n))}")

    tables_seen = _standard_tables(source)
    # a project table without codes is read by the project reader: its amounts name the table
    read_titles = {r.table for r in budget_lines} | {
        r.context for r in records if isinstance(r, ProjectAmount) and PROJECT_TABLE_TITLE.match(r.context)}
    tables_read = {t.key for t in map(identify, read_titles) if t is not None}
    for key, line in sorted(tables_seen.items(), key=lambda kv: kv[1]):
        if key not in tables_read:
            missed.append(f"{_place(source, line)} standard table not read: {_short(source.line(line))}")

    forms = document_sections(source, ctx)
    indicators = [r for r in records if isinstance(r, Indicator)]
    # a form is read when its indicators (a target form) or its scores (a self-evaluation) are
    form_rows = [r.prov.line_start for r in records if isinstance(r, (Indicator, EvaluationScore))]
    forms_read = 0
    for form in forms:
        if any(form.start <= line <= form.end for line in form_rows):
            forms_read += 1
        else:
            missed.append(f"{_place(source, form.start)} form without indicators read: {_short(form.name)}")

    yield ReadingCoverage(
        doc_numbers_seen=len(doc_numbers),
        doc_numbers_read=doc_read,
        coded_lines_seen=len(coded),
        coded_lines_read=sum(1 for n in coded if n in read_lines),
        standard_tables_seen=len(tables_seen),
        standard_tables_read=len(tables_read & tables_seen.keys()),
        forms_seen=len(forms),
        forms_read=forms_read,
        indicators_read=len(indicators),
        pages=source.pages or None,
        pages_without_text=list(source.pages_without_text),
        missed=missed[:_MISSED_SHOWN],
        prov=source.prov(1, 1),
    )


def _is_coded(text: str) -> bool:
    """A row of a classification with a figure to read (a blank template row has none)."""
    m = _CODED_LINE.match(text)
    return m is not None and not _MEASURE.match(text, m.end()) and any(c.isdigit() for c in text[m.end():])


def _doc_number_like(source: SourceText) -> Iterator[tuple[int, str, int, str]]:
    """(line, printed, year, number) of every 文号-like string, lines folded as printed."""
    folded = fold_lines(source.lines)
    # folded one character at a time, so that positions still map to lines
    text = "".join(map(_fold, folded.text))
    for m in _DOC_NUMBER_LIKE.finditer(text):
        yield folded.line_numbers[m.start()], folded.text[m.start():m.end()], int(m.group(1)), _number(m.group(2))


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """Full-width digits and spaces to ASCII; brackets stay as printed (the rulebook lists them)."""
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 and (folded.isdigit() or folded.isspace()) else ch


def _number(number: Optional[str]) -> str:
    return unicodedata.normalize("NFKC", number or "").replace("—", "-").lstrip("0") or "0"


def _standard_tables(source: SourceText) -> dict[str, int]:
    """Standard table key -> line of the first title that heads a table of it with figures.

    A title in a table of contents heads no table; a table printed empty ("本部门无政府性基金
    预算收支") has nothing to read.
    """
    lines = source.lines
    heads: list[tuple[int, str]] = []
    for n, text in enumerate(lines, start=1):
        if "\t" in text or not text.strip().endswith(("表", "）", ")")):
            continue
        table = identify(text)
        if table is None:
            continue
        after = [t for t in lines[n : n + 12] if t.strip()][:_HEADING_REACH]
        if any("\t" in t or _UNIT_DECLARED.search(t) for t in after):
            heads.append((n, table.key))
    found: dict[str, int] = {}
    for i, (n, key) in enumerate(heads):
        end = min(heads[i + 1][0] - 1 if i + 1 < len(heads) else len(lines), n + _TABLE_REACH)
        if key not in found and any(_FIGURE.search(t) for t in lines[n:end]):
            found[key] = n
    return found


def _place(source: SourceText, line: int) -> str:
    page = source.page_of(line)
    return f"p.{page}:{line}" if page else f"line {line}"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
