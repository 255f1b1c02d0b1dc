"""Where each performance form begins and ends.

Budget disclosures print one form per project (项目支出绩效目标表 / 绩效目标申报表 / 项目自评结果)
and one per department (整体支出绩效目标表 / 部门整体绩效目标申报表 / 整体绩效自评).  Every
reader that attributes a fact to its project or department — citations, goals, indicators,
amounts — needs the same answer to "which form is line N in?", so it is computed here once.

A section starts at a form head and ends where the next one starts or at a major part
heading (第X部分, 表 N, 预算NN表, 公开NN表).  Heads come in several shapes:

* a form row ``项目名称 X 项目代码 [code]`` (space or tab separated), or ``项目名称`` alone with the
  name as the next cell line (one-cell-per-line layouts);
* a title naming the project (``二、计生一次性奖励经费绩效目标申报表``,
  ``2024 年度计生一次性奖励经费项目自评结果``);
* a generic form title (``项目支出绩效目标表``, ``2024年江汉区项目支出(绩效目标)申报表``) that
  only names the project through the form row printed just below it.

A title and the form row printed right under it describe one form, so they make one section.
Pure functions, no I/O.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional

from ..rulebook.ordinals import HEADING_NUMBER, PART
from ..rulebook.organisations import DEPARTMENT_SUFFIXES, OWN_UNIT, suffix_pattern
from ..source_text import SourceText
from .cells import squeeze

if TYPE_CHECKING:
    from . import Context


@dataclass(frozen=True)
class Section:
    kind: str  # "project" | "department"
    start: int  # first line (1-based) of the section
    end: int  # last line, inclusive
    name: str  # project or department name as printed at the head (whitespace removed)
    code: Optional[str]  # project code when printed in the head, whitespace removed


def project_reference(name: str, code: Optional[str]) -> str:
    """The string records use to refer to a project: its code if printed, else its name."""
    return code if code else squeeze(name)


def section_at(secs: list[Section], line: int) -> Optional[Section]:
    starts = [s.start for s in secs]
    i = bisect.bisect_right(starts, line) - 1
    if i >= 0 and secs[i].start <= line <= secs[i].end:
        return secs[i]
    return None


# Project codes such as 42011124043T000000101: region+year+department digits, a letter, serial.
# A PDF may break one after the digits, so each half is recognised on its own too.
_CODE_DIGITS = r"\d{8,14}"
_CODE_SERIAL = r"[A-Z]\d{6,12}"
PROJECT_CODE = re.compile(_CODE_DIGITS + _CODE_SERIAL)
PROJECT_CODE_HEAD = re.compile(rf"^{_CODE_DIGITS}$")
PROJECT_CODE_TAIL = re.compile(rf"^{_CODE_SERIAL}$")


def is_project_code(text: str) -> bool:
    return PROJECT_CODE.fullmatch(text) is not None


# Words that stand in the cell after 项目名称 in a column header, not in a form head.
_HEADER_CELL = re.compile(
    r"^(?:项目(?:类别|类型|单位|编码|代码|总预算|本年|当年|主要|属性|金额|资金|内容|期限)|支出项目类别|单位|金额|"
    r"合计|预算|备注|资金|主管部门|实施单位|执行单位|功能科目|科目)"
)
_PART = re.compile(rf"^(?:{PART}|表\s*\d+(?:-\d+)?$|预算\s*\d+\s*表|公开\s*\d+\s*表)")
_ORDINAL = re.compile(rf"^{HEADING_NUMBER}")
_YEAR = re.compile(r"^\d{4}(?:年度|年)?")
_SENTENCE = re.compile(r"[，。；,;]")
_DEPARTMENT_TITLE = re.compile(
    r"整体支出绩效目标|整体绩效目标(?:申报)?表|整体(?:支出)?绩效自评|整体支出自评|整体绩效评价"
)
_PROJECT_TITLE_SUFFIX = re.compile(
    r"(?:[（(]?绩效目标[)）]?(?:申报)?表|(?:绩效)?自评(?:表/结果|表|结果|报告)|绩效评价报告)$"
)
# Tables inside one form (长期绩效目标表, 年度绩效目标表): not heads of a form of their own.
_SUBTABLE_NAME = re.compile(r"^(?:长期|年度|长效|中期|总体|整体|单位整体|年度单位整体|完成的|目标)$")
_GENERIC_NAME = re.compile(r"^(?:|重点|一般|本级|部门|单位|.{1,8}[省市区县])$")
_ORG_SUFFIX = re.compile(rf"(?:{suffix_pattern()}|{OWN_UNIT})$")
# What ends the part of a title before 项目支出 when it names the publisher and year, not a
# project: 成都市青羊区民政局2025年项目支出绩效目标表.
_PUBLISHER_END = re.compile(rf"(?:\d{{4}}年度?|{suffix_pattern(DEPARTMENT_SUFFIXES)}|{OWN_UNIT})$")
# A title printed just above the form row of the same form: how far apart they may stand.
_TITLE_REACH = 12


def clean_heading(line: str) -> str:
    """A heading without whitespace, Markdown emphasis, list number and leading year."""
    s = squeeze(line.replace("*", "").replace("#", ""))
    s = _ORDINAL.sub("", s)
    return _YEAR.sub("", s)


def is_part_heading(line: str) -> bool:
    """第X部分, 表 N, 预算NN表, 公开NN表: where every form and table ends."""
    return bool(_PART.match(squeeze(line)) or _PART.match(line.strip()))


# ---------------------------------------------------------------- heads


@dataclass(frozen=True)
class _Head:
    line: int
    kind: str  # "form" | "title" | "generic" | "department" | "part"
    name: str = ""
    code: Optional[str] = None
    last: int = 0  # last line the head itself occupies


def _next_nonblank(lines: list[str], i: int, limit: int = 4) -> Iterator[int]:
    """Indexes of the next non-blank lines after index i (at most `limit`)."""
    found = 0
    j = i + 1
    while j < len(lines) and found < limit:
        if lines[j].strip():
            yield j
            found += 1
        j += 1


def _code_after(text: str) -> Optional[str]:
    m = re.match(r"项目(?:代码|编码)[:：]?(" + PROJECT_CODE.pattern + ")", squeeze(text))
    return m.group(1) if m else None


def table_row_text(line: str) -> str:
    """A Markdown row ``| 项目名称 | X | 项目代码 | … |`` as the tab-separated row it stands for.

    HTML rows arrive tab-separated already (see :mod:`kg_build.source`); other lines are
    returned stripped.
    """
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "\t".join(c.strip() for c in stripped.strip("|").split("|")).strip()
    return stripped


def _form_head(lines: list[str], i: int) -> Optional[_Head]:
    raw = table_row_text(lines[i])
    if not raw.startswith("项目名称"):
        return None
    rest = raw[len("项目名称"):].lstrip("：: \t\u3000")
    following = list(_next_nonblank(lines, i, 4))
    if rest:
        cells = [c for c in re.split(r"\t|\s{2,}|\s(?=项目代码)", rest) if c.strip()]
        if not cells:
            return None
        name = cells[0].strip()
        if " " in name and "项目代码" not in rest:
            name = name.split(" ")[0]
        if _HEADER_CELL.match(squeeze(name)):
            return None
        tail = rest[rest.find("项目代码"):] if "项目代码" in rest else ""
        code = _code_after(tail + "".join(lines[j] for j in following[:1])) if tail else None
        return _Head(i + 1, "form", squeeze(name), code, i + 1)
    # One cell per line: the name is the next line's cell.
    if not following:
        return None
    name = lines[following[0]].strip()
    if not name or _HEADER_CELL.match(squeeze(name)) or _SENTENCE.search(name):
        return None
    code = None
    after = following[1:]
    if after and squeeze(lines[after[0]]).startswith(("项目代码", "项目编码")):
        code = _code_after("".join(lines[j] for j in after))
    return _Head(i + 1, "form", squeeze(name), code, following[0] + 1)


def _title_head(lines: list[str], i: int) -> Optional[_Head]:
    raw = lines[i].strip()
    if not raw or len(raw) > 90 or _SENTENCE.search(raw):
        return None
    if is_part_heading(raw):
        return _Head(i + 1, "part", last=i + 1)
    text = clean_heading(raw)
    if _DEPARTMENT_TITLE.search(text):
        before = re.split(r"部门?(?:[（(]单位[)）])?整体|单位整体|整体", text, maxsplit=1)[0]
        name = before if _ORG_SUFFIX.search(before) else ""
        return _Head(i + 1, "department", name, None, i + 1)
    if not _PROJECT_TITLE_SUFFIX.search(text):
        return None
    start = i
    # A title broken over two lines: the first part stands alone just above.
    if not _YEAR.match(squeeze(raw.replace("*", ""))) and i > 0:
        prev = lines[i - 1].strip()
        if prev and len(prev) < 60 and not _SENTENCE.search(prev) and not _PROJECT_TITLE_SUFFIX.search(prev):
            if raw.endswith("**") or prev.startswith("**"):
                text = clean_heading(prev + raw)
                start = i - 1
    name = _PROJECT_TITLE_SUFFIX.sub("", text)
    publisher_title = bool(re.search(r"项目支出$", name)) and bool(_PUBLISHER_END.search(name[: -len("项目支出")]))
    name = re.sub(r"(?:项目支出|项目)$", "", name)
    if _SUBTABLE_NAME.match(name):
        return None
    if _GENERIC_NAME.match(name) or "项目支出" in name or publisher_title:
        return _Head(start + 1, "generic", last=i + 1)
    return _Head(start + 1, "title", name, None, i + 1)


def _heads(lines: list[str]) -> list[_Head]:
    out: list[_Head] = []
    for i in range(len(lines)):
        head = _form_head(lines, i) or _title_head(lines, i)
        if head is not None:
            out.append(head)
    return out


# ---------------------------------------------------------------- sections


@dataclass
class _Open:
    kind: str
    start: int
    name: str
    code: Optional[str]
    opened_by: str  # head kind that opened it
    has_form: bool


def _department_name(lines: list[str], start: int, end: int) -> str:
    """The 部门（单位）名称 cell printed near the top of a department form."""
    window = lines[start - 1 : min(end, start + 25)]
    for k, line in enumerate(window):
        flat = squeeze(line)
        m = re.search(r"(?:部门[（(]单位[)）]|单位)名称[:：]?(.*)", flat)
        if not m and flat.startswith("部门（单位）") and k + 1 < len(window) and squeeze(window[k + 1]).startswith("名称"):
            m = re.search(r"名称[:：]?(.*)", squeeze(window[k + 1]))
            k += 1
        if not m:
            continue
        value = m.group(1).strip("|")
        value = value.split("|")[0] if "|" in value else value  # a Markdown row: the next cell
        if not value:
            value = next((squeeze(x) for x in window[k + 1 :] if x.strip()), "")
        value = re.sub(r"^[（(]盖章[)）]", "", value)
        if value and not value.startswith(("填报", "部门")):
            return value
    return ""


_ORG_IN_TITLE = re.compile(rf"(?:\d{{4}}年度?)?([\u4e00-\u9fff]{{2,30}}?{suffix_pattern(DEPARTMENT_SUFFIXES)}(?:{OWN_UNIT})?)")


def _document_department(lines: list[str]) -> str:
    """The publishing department: a table's 部门/单位 line, else the document title."""
    for line in lines:
        m = re.search(r"部门/单位[:：]\s*(\S+)", line)
        if m:
            return m.group(1)
    title = [squeeze(l.replace("*", "")) for l in lines[:40] if l.strip()][:15]
    for line in title:
        line = re.sub(f"^{PART}", "", line)
        m = _ORG_IN_TITLE.search(line)
        if m and re.search(r"预算|决算", line + "".join(title)):
            return m.group(1)
    return ""


def document_sections(src: SourceText, ctx: "Context") -> list[Section]:
    """The sections of the document being read, found once and shared by every reader."""
    if "sections" not in ctx.shared:
        ctx.shared["sections"] = sections(src, ctx.document.department if ctx.document is not None else None)
    return ctx.shared["sections"]


def sections(src: SourceText, department: Optional[str] = None) -> list[Section]:
    """The forms of a document, ordered and non-overlapping.

    `department` names the publishing department, used for department forms that do not
    print their own 部门（单位）名称.
    """
    lines = src.lines
    out: list[Section] = []
    cur: Optional[_Open] = None
    pending: Optional[int] = None  # line of a generic title waiting for its form row

    def close(at: int) -> None:
        nonlocal cur
        if cur is not None and at >= cur.start:
            out.append(Section(cur.kind, cur.start, at, cur.name, cur.code))
        cur = None

    for head in _heads(lines):
        near = cur is not None and head.line - cur.start <= _TITLE_REACH and not cur.has_form
        if head.kind == "part":
            close(head.line - 1)
            pending = None
        elif head.kind == "generic":
            close(head.line - 1)
            pending = head.line
        elif head.kind == "form":
            if near and cur.kind == "project" and cur.opened_by == "title":
                cur.name, cur.code, cur.has_form = head.name, head.code, True
            else:
                start = pending if pending is not None and head.line - pending <= _TITLE_REACH else head.line
                close(start - 1)
                cur = _Open("project", start, head.name, head.code, "form", True)
            pending = None
        elif head.kind == "title":
            if not (near and cur.kind == "project" and cur.opened_by == "title"):
                close(head.line - 1)
                cur = _Open("project", head.line, head.name, None, "title", False)
            pending = None
        elif head.kind == "department":
            if near and cur.kind == "department":
                cur.name = cur.name or head.name
            else:
                close(head.line - 1)
                cur = _Open("department", head.line, head.name, None, "department", False)
            pending = None
    close(len(lines))
    fallback = department or _document_department(lines)
    return [_finish(s, lines, fallback) for s in out if _has_body(s, lines)]


def _has_body(sec: Section, lines: list[str]) -> bool:
    """A head with nothing under it (a table-of-contents entry) is not a form."""
    return sum(1 for l in lines[sec.start - 1 : sec.end] if l.strip()) > 2


def _finish(sec: Section, lines: list[str], fallback: str) -> Section:
    if sec.kind != "department":
        return sec
    name = _department_name(lines, sec.start, sec.end) or sec.name or fallback
    return Section(sec.kind, sec.start, sec.end, squeeze(name), None)
