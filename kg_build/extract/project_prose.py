"""Projects named in the prose of budget explanations and final-account self-evaluations.

Explanations list the year's projects (``1. 保健医疗专项工作经费 4.8 万元，主要用于…``) under a
项目支出 heading; final accounts list what each project spent (``保机构运转项目支出 61.09 万元``,
``项目名称其他公立医院支出 3000 万元``) and each self-evaluation states the execution
(``执行金额为 796.6 万元，预算总金额为 796.6 万元``).  Forms tell a project's budget history in
words (``2022 年预算为 31.15 万元；2023 年预算为 29 万``).  Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator, Optional

from ..amounts import parse_amount
from ..rulebook.ordinals import CHAPTER, ITEM, NUMBERED_SECTION, SECTION
from .cells import Paragraph

_NUMBER = r"(?P<amt>\d[\d,]*(?:\.\d+)?)\s*万元?"


@dataclass(frozen=True)
class ProseMention:
    name: str
    amount: Decimal  # 万元
    kind: str  # ProjectAmount kind
    first_line: int
    last_line: int
    quote: str
    paragraph: int = 0  # first line of the paragraph it stands in


# 1. 保健医疗专项工作经费 4.8 万元，主要用于… / …6,800.00万元。依据《…》 / （一）X 28,400.00万元，依据…
_LIST_ITEM = re.compile(
    rf"^\s*(?:\d{{1,2}}\s*[.、．]|{SECTION}|{NUMBERED_SECTION})\s*(?P<name>[^\d，,。：:；;（(]{{2,40}}?)\s*" + _NUMBER
    + r"\s*[，,。；;]\s*(?:主要(?:是)?用于|用于|(?:项目)?(?:立项)?依据|根据|按照)"
)
# 项目名称其他公立医院支出 3000 万元
_NAMED = re.compile(r"项目名称\s*(?P<name>[^\d，,。：:；;]{2,40}?)\s*" + _NUMBER)
# 区基本公共卫生服务项目支出 14,687.06 万元 (a list of what each project spent)
_SPENT = re.compile(r"(?:^|[，,：:；;])\s*(?P<name>[^，,：:；;。\d]{2,40}?)项目(?:经费)?支出\s*" + _NUMBER)
# Totals and spending kinds, not projects: 整体项目累计支出, 其中：基本支出, 本年拨款项目支出.
_NOT_PROJECT = re.compile(r"整体|部门$|单位$|预算|拨款|合计|累计|总额|^(?:其中|基本|本年|年度|全年|本级)")
# A chapter heading (二、项目支出情况), also as a Markdown heading (### 二、…).
_HEADING = re.compile(rf"^(?:#{{1,6}}\s*)?{CHAPTER}")


def _mention(p: Paragraph, m: re.Match, kind: str) -> Optional[ProseMention]:
    name = re.sub(r"\s+", "", m.group("name"))
    amount = parse_amount(m.group("amt"))
    if amount is None or not name:
        return None
    first, last = p.lines_of(m.start(), m.end())
    return ProseMention(name, amount, kind, first, last, m.group(0).strip("，,：:；; "), p.lines_of(0, 1)[0])


# A part of the explanation that tells the projects one by one (项目经费情况说明,
# 项目支出情况说明, 重点项目情况) under headings of their own.
_PROJECT_PART = re.compile(r"项目(?:经费|支出|资金)?(?:安排)?情况|重点项目")
# （一）城乡医疗救助资金 / 1.基本公共卫生服务补助经费: a heading that is a name and nothing else.
_NAME_HEADING = re.compile(
    rf"^(?:{SECTION}|{NUMBERED_SECTION}|{ITEM})\s*(?P<name>[^，,。：:；;\d（()）]{{2,40}})$"
)
# （一）城乡低保资金 / 项目金额：8,600.00万元: a name heading whose figure follows on the next
# line under a label, which the paragraph joins to it.
_HEADED_FIGURE = re.compile(
    rf"^(?:{SECTION}|{NUMBERED_SECTION}|{ITEM})\s*(?P<name>[^，,。：:；;\d（()）]{{2,40}}?)\s*"
    r"(?:项目(?:金额|预算|资金)|预算(?:金额|数)?|资金(?:总额)?|金额)\s*[:：]\s*" + _NUMBER
)
# Headings of a project's own sub-parts, or of anything but a project.
_NOT_A_PROJECT_NAME = re.compile(r"概述|概况|预算|绩效|目标|依据|内容|用途|情况|说明|来源|实施|分析|措施|问题|建议|总体|合计|基本支出")
# The amount a project's paragraphs give it: its budget, or in a final account what it spent.
_BUDGETED = re.compile(r"(?:预算|安排|金额)[^，,。；;\d]{0,16}?" + _NUMBER)
_SPENT_ON = re.compile(r"(?:支出|执行|使用)[^，,。；;\d]{0,16}?" + _NUMBER)
# 项目支出…主要包括：医疗救助资金 860 万元、家庭医生签约服务经费 300 万元: a printed project list.
_PROJECT_LIST = re.compile(r"项目支出[^。；;]*?(?:主要)?(?:包括|用于|分别为|分别是)[:：]?")
_LIST_ENTRY = re.compile(r"\s*(?:\d{1,2}[.、．]\s*)?(?P<name>[^、；;，,：:。\d]{2,40}?)\s*" + _NUMBER + r"\s*(?=[、；;，,。]|$)")
# Kinds of spending, not projects, that such lists also name.
_SPENDING_KIND = re.compile(r"人员经费|公用经费|基本支出|项目支出|三公|机关运行|工资福利|商品和服务|对个人和家庭")


def listed_projects(paras: list[Paragraph], final_account: bool) -> Iterator[ProseMention]:
    """Project mentions with an amount in prose paragraphs (in document order)."""
    heading = ""
    spent_kind = "executed"
    named: Optional[Paragraph] = None  # a heading naming a project, waiting for its amount
    for p in paras:
        if _HEADING.match(p.text) and len(p.text) < 40:
            heading, named = p.text, None
            continue
        if _PROJECT_PART.search(heading):
            m = _NAME_HEADING.match(p.text)
            if m and not _NOT_A_PROJECT_NAME.search(m.group("name")):
                named = p
                continue
            m = _HEADED_FIGURE.match(p.text)
            if m and not _NOT_A_PROJECT_NAME.search(m.group("name")):
                named = None
                if mention := _mention(p, m, "executed" if final_account else "current_year"):
                    yield mention
                continue
            if named is not None and (mention := _headed_amount(named, p, final_account)):
                named = None
                yield mention
        yield from _printed_list(p, final_account)
        if "项目支出" in heading:
            m = _LIST_ITEM.match(p.text)
            if m and (mention := _mention(p, m, "executed" if final_account else "current_year")):
                yield mention
        kind = "executed" if final_account or "决算" in p.text else "current_year"
        for m in _NAMED.finditer(p.text):
            if mention := _mention(p, m, kind):
                yield mention
        for m in _SPENT.finditer(p.text):
            if _NOT_PROJECT.search(m.group("name")):
                continue
            if mention := _mention(p, m, spent_kind):
                yield mention


def project_parts(paras: list[Paragraph]) -> list[tuple[str, int, int]]:
    """(name, first line, last line) of each project an explanation tells under its own heading.

    A part runs from its heading to the next project's heading or the next chapter (二、…).
    """
    parts: list[tuple[str, int, int]] = []
    heading, open_part = "", None
    for p in paras:
        chapter = _HEADING.match(p.text) and len(p.text) < 40
        name = _part_name(p.text, heading) if not chapter else None
        if chapter or name:
            if open_part is not None:
                parts.append((open_part[0], open_part[1], p.first - 1))
                open_part = None
            if chapter:
                heading = p.text
            else:
                open_part = (name, p.first)
    if open_part is not None and paras:
        parts.append((open_part[0], open_part[1], paras[-1].line_of[-1]))
    return parts


def _part_name(text: str, heading: str) -> Optional[str]:
    """The project whose part of the explanation a paragraph opens, under `heading`: a name
    heading, a name with its labelled figure, or an item of the 项目支出 list (1.X 6,800万元。依据…)."""
    if not _PROJECT_PART.search(heading):
        return None
    m = _NAME_HEADING.match(text) or _HEADED_FIGURE.match(text)
    if m is None and "项目支出" in heading:
        m = _LIST_ITEM.match(text)
    if m is None or _NOT_A_PROJECT_NAME.search(m.group("name")):
        return None
    return re.sub(r"\s+", "", m.group("name"))


def _headed_amount(heading: Paragraph, p: Paragraph, final_account: bool) -> Optional[ProseMention]:
    """The project a heading names, with the amount the paragraph under it states."""
    m = (_SPENT_ON if final_account else _BUDGETED).search(p.text)
    amount = parse_amount(m.group("amt")) if m else None
    if amount is None:
        return None
    name = re.sub(r"\s+", "", _NAME_HEADING.match(heading.text).group("name"))
    kind = "executed" if final_account else "current_year"
    _, last = p.lines_of(m.start(), m.end())
    quote = f"{heading.text.strip()}\n{m.group(0).strip()}"
    return ProseMention(name, amount, kind, heading.first, last, quote, heading.first)


def _printed_list(p: Paragraph, final_account: bool) -> Iterator[ProseMention]:
    """The projects of a list printed in one sentence after 项目支出…包括."""
    lead = _PROJECT_LIST.search(p.text)
    if lead is None:
        return
    end = p.text.find("。", lead.end())
    end = len(p.text) if end < 0 else end
    kind = "executed" if final_account else "current_year"
    entries: list[re.Match] = []
    pos = lead.end()
    while pos < end:
        m = _LIST_ENTRY.match(p.text, pos, end)
        if m is None:
            return  # the sentence goes on in words (…61.09 万元，主要成效…): not a list of projects
        entries.append(m)
        pos = m.end() + 1
    if len(entries) < 2:
        return
    for m in entries:
        name = re.sub(r"\s+", "", m.group("name"))
        if not (_NOT_PROJECT.search(name) or _SPENDING_KIND.search(name)) and (mention := _mention(p, m, kind)):
            yield mention


_EXECUTION = re.compile(
    r"执行(?:总)?金额为\s*(?P<done>\d[\d,]*(?:\.\d+)?)\s*万元\s*[，,]\s*预算(?:总)?金额为\s*(?P<budget>\d[\d,]*(?:\.\d+)?)\s*万元"
)
_FUNDED_BY = re.compile(r"资金来源为(?P<source>[^\d，,。；;]{2,20}?)\s*(?P<amt>\d[\d,]*(?:\.\d+)?)\s*万元")


@dataclass(frozen=True)
class ExecutionStatement:
    executed: Decimal
    budget: Decimal
    first_line: int
    last_line: int
    quote: str


def execution_statements(paras: list[Paragraph]) -> Iterator[ExecutionStatement]:
    for p in paras:
        for m in _EXECUTION.finditer(p.text):
            done, budget = parse_amount(m.group("done")), parse_amount(m.group("budget"))
            if done is not None and budget is not None:
                first, last = p.lines_of(m.start(), m.end())
                yield ExecutionStatement(done, budget, first, last, m.group(0))


def funded_by(paras: list[Paragraph]) -> Iterator[tuple[str, Decimal, int, int]]:
    """(source, amount, first line, last line) of 资金来源为地方财政拨款796.6万元."""
    for p in paras:
        for m in _FUNDED_BY.finditer(p.text):
            amount = parse_amount(m.group("amt"))
            if amount is not None:
                first, last = p.lines_of(m.start(), m.end())
                yield re.sub(r"\s+", "", m.group("source")), amount, first, last


# ---------------------------------------------------------------- budget history

_BOTH_YEARS = re.compile(r"(?P<y1>\d{4})年(?:及|和|、)(?P<y2>\d{4})年度?均为(?P<amt>\d[\d,]*(?:\.\d+)?)万")
_ONE_YEAR = re.compile(r"(?P<y>\d{4})年度?(?P<mid>[^\d，,。；;：:]{0,10}?)(?P<amt>\d[\d,]*(?:\.\d+)?)万")
_CLAUSE_END = re.compile(r"[；;。，,：:]")


def budget_history(text: str, fiscal_year: Optional[int]) -> list[tuple[int, Decimal, int, int]]:
    """(year, amount, start, end) of earlier years' budgets stated in whitespace-free text.

    Only clauses about budgets (预算 / 安排) count; spending and execution figures do not.
    Years from the fiscal year on are not earlier budgets.
    """
    found: dict[int, tuple[int, Decimal, int, int]] = {}
    for m in _BOTH_YEARS.finditer(text):
        amount = parse_amount(m.group("amt"))
        for y in (int(m.group("y1")), int(m.group("y2"))):
            if amount is not None:
                found.setdefault(y, (y, amount, m.start(), m.end()))
    for m in _ONE_YEAR.finditer(text):
        mid = m.group("mid")
        if not re.search(r"预算|安排", mid) or re.search(r"执行|支出|实际|调整|压减|收回", mid):
            continue
        amount = parse_amount(m.group("amt"))
        y = int(m.group("y"))
        if amount is not None:
            found.setdefault(y, (y, amount, m.start(), m.end()))
    return sorted(v for y, v in found.items() if fiscal_year is None or y < fiscal_year)
