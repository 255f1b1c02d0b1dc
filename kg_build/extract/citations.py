"""Policy citations: every policy document a project or a department cites as its basis.

The parsing of 文号 and titles lives in :mod:`kg_build.docnumber`; this reader decides who
cites.  Each performance form (a :func:`~kg_build.extract.sections.sections` section) is
folded on its own, so a citation broken over lines is joined but text of two forms never
is; a citation in a project's form belongs to the project, one in a department's form to
the department, and one anywhere else (the explanatory prose) to the publishing department.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from ..docnumber import PolicyMention, find_policy_mentions, fold_lines, sentence_span
from ..records import Citation, Provenance
from ..source_text import SourceText
from . import Context, reader
from .cells import paragraphs
from .project_prose import project_parts
from .sections import Section, project_reference, document_sections
from .layouts import FALLBACK
from .target_tables import find_tables, read_rows


@dataclass(frozen=True)
class _Segment:
    """A run of lines whose citations all have the same citing project or department."""

    start: int  # first line, 1-based
    end: int  # last line, inclusive
    project: Optional[str]
    department: Optional[str]


@reader("citations", order=40)
def read_citations(src: SourceText, ctx: Context) -> Iterator[Citation]:
    document_department = ctx.document.department if ctx.document else None
    region = ctx.document.region_code if ctx.document else None
    secs = document_sections(src, ctx)
    projects = [sec for sec in secs if sec.kind == "project"]
    if ctx.document is not None and ctx.document.kind == "绩效自评" and len(projects) == len(secs) == 1:
        # a project's self-evaluation report is about that project from its first line: the basis
        # its 项目基本情况 cites is the project's
        sec = projects[0]
        segments = [_Segment(1, len(src.lines), project_reference(sec.name, sec.code), None)]
    else:
        segments = _segments(src, secs, document_department)
    for segment in segments:
        yield from _citations_in(src, segment, region)


def _segments(src: SourceText, secs: list[Section], document_department: Optional[str]) -> list[_Segment]:
    """The document cut into forms, the projects its explanation tells under headings of
    their own, and the stretches between them."""
    out: list[_Segment] = []
    line = 1
    for sec in secs:
        if sec.start > line:
            out.extend(_prose_segments(src, line, sec.start - 1, document_department))
        if sec.kind == "project":
            out.append(_Segment(sec.start, sec.end, project_reference(sec.name, sec.code), None))
        else:
            out.append(_Segment(sec.start, sec.end, None, sec.name or document_department))
        line = sec.end + 1
    if line <= len(src.lines):
        out.extend(_prose_segments(src, line, len(src.lines), document_department))
    return out


def _prose_segments(src: SourceText, first: int, last: int, department: Optional[str]) -> list[_Segment]:
    """Lines outside the forms: the department's, except the parts about one project (（一）城乡
    医疗救助资金 … 立项依据：…) under a 项目经费情况说明, which are that project's."""
    out: list[_Segment] = []
    line = first
    for name, start, end in project_parts(paragraphs(src.lines, first, last)):
        if start > line:
            out.append(_Segment(line, start - 1, None, department))
        out.append(_Segment(start, end, project_reference(name, None), None))
        line = end + 1
    if line <= last:
        out.append(_Segment(line, last, None, department))
    return out


def _citations_in(src: SourceText, segment: _Segment, region: Optional[str]) -> Iterator[Citation]:
    folded = fold_lines(src.lines[segment.start - 1 : segment.end], first_line=segment.start)
    seen: set[tuple[tuple[int, int], str]] = set()
    line_starts = folded.line_starts
    found: list[Citation] = []
    for mention in find_policy_mentions(folded.text, line_starts, region):
        sentence = sentence_span(folded.text, mention.start, mention.end, line_starts)
        key = (sentence, _identity(mention))
        if key in seen:  # the same document named twice in one sentence is one citation
            continue
        seen.add(key)
        first, last = folded.lines_of(mention.start, mention.end)
        quote = folded.text[sentence[0] : sentence[1]].strip(" \u3000\t：:")
        found.append(_citation(mention, segment, src.prov(first, last, quote=quote)))
    yield from found
    yield from _basis_cell_citations(src, segment, found, region)


def _basis_cell_citations(
    src: SourceText, segment: _Segment, found: list[Citation], region: Optional[str]
) -> Iterator[Citation]:
    """Citations in the 指标值确定依据 cells of PDF target tables, whose text is interleaved.

    PDF text prints a wrapped basis cell line by line between the other columns' cells
    (…的通知（武财社 / 0-3岁儿童系 / … / 管理率 〔2023〕 / 558 号、根), so folding the lines
    tears its 文号 apart; the target-table reader puts the cell back together.  A citation
    already found in the lines the cell stands on is not repeated.
    """
    for table in find_tables(src.lines, None, segment.start - 1, segment.end):
        if table.layout != FALLBACK:
            continue
        rows, _ = read_rows(table, src.lines)
        for row in rows:
            if not row.basis or row.basis_lines is None:
                continue
            first, last = row.basis_lines
            for mention in find_policy_mentions(row.basis, context=region):
                if any(_same(c, mention) and first <= c.prov.line_start <= last for c in found):
                    continue
                start, end = sentence_span(row.basis, mention.start, mention.end)
                citation = _citation(mention, segment, src.prov(first, last, quote=row.basis[start:end]))
                found.append(citation)
                yield citation


def _same(citation: Citation, mention: PolicyMention) -> bool:
    if mention.doc_number is not None:
        return citation.doc_number == mention.doc_number.normalised
    return citation.title == mention.title


def _identity(mention: PolicyMention) -> str:
    return mention.doc_number.normalised if mention.doc_number else f"《{mention.title}》"


def _citation(mention: PolicyMention, segment: _Segment, prov: Provenance) -> Citation:
    dn = mention.doc_number
    return Citation(
        citing_project=segment.project,
        citing_department=segment.department,
        doc_number=dn.normalised if dn else None,
        issuer_code=dn.issuer_code if dn else None,
        year=dn.year if dn else None,
        number=dn.number if dn else None,
        title=mention.title,
        printed=mention.printed,
        prov=prov,
    )
