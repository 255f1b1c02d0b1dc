"""Reading policy citations in text: 发文字号 (文号) and the titles printed with them.

Pure functions, no I/O.  A 文号 is ``机关代字〔年份〕序号号``; budget disclosures print it with
any kind of bracket (every glyph of :mod:`kg_build.rulebook.brackets`: ``[] 【】 〔〕 ﹝﹞ „‟``
...), with stray spaces (``武政办[2016]69 号``, ``苏 财 预``), broken over lines by PDF
extraction, sometimes with the issuer code in 《》 (``《洪财会发》【2020】1号``).
:func:`fold_lines` joins lines into one text while remembering where each character came
from; :func:`find_doc_numbers` and :func:`find_policy_mentions` work on that text.  Where the
issuer code begins is decided by the issuer rules (:mod:`kg_build.issuers`), given the
region of the document when it is known.

A title printed with a 文号 -- before it, after it (``文号《title》``, the lists of 立项依据), with
the 文号 in parentheses right after it, or in the table cell beside it -- describes the same
document.  A 《title》 of the policy genre (条例, 办法, 通知, ...) is a citation by itself, and
so is a bare law or regulation name such as 湖北省人口与计划生育条例.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Collection, Optional, Sequence

from .issuers import issuer_for, looks_regional, national_body
from .regions import parent_chain
from .rulebook.brackets import CLOSING_CLASS, OPENING_CLASS
from .rulebook.issuing_bodies import CODE_ENDINGS, STRONG_CODE_ENDINGS
from .rulebook.ordinals import ANY_MARKER, CHAPTER, PART, SECTION
from .rulebook.organisations import suffix_pattern

MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_ISSUER_CHARS = 8
MAX_TITLE_CHARS = 120
# A sentence longer than this is quoted only by its clauses within QUOTE_CONTEXT_CHARS of the
# citation: in tables the "sentence" is a whole row of cells glued together.
MAX_QUOTE_CHARS = 200
QUOTE_CONTEXT_CHARS = 60

_HAN = "\u4e00-\u9fff"
_OPEN = OPENING_CLASS
_CLOSE = CLOSING_CLASS
_SPACES = " \u3000\t"
_SP = r"[ \u3000\t]*"
_DIGITS = "[0-9０-９]"
# Anchored at the year bracket; the issuer code is read backwards from there.
_YEAR_AND_NUMBER = re.compile(
    rf"{_OPEN}{_SP}(?P<year>{_DIGITS}{{4}}){_SP}{_CLOSE}{_SP}(?:第{_SP})?"
    rf"(?P<number>{_DIGITS}+(?:[-－—]{_DIGITS}+)?)(?P<hao>{_SP}号)?"
)
# The name of a body, printed before its code (最高人民法院 法释〔2012〕10号).
_ORGANISATION_END = re.compile(suffix_pattern() + "$")
# A text that is one 文号 and nothing else.
_WHOLE_DOC_NUMBER = re.compile(
    rf"《?(?P<code>[{_HAN}](?:{_SP}[{_HAN}]){{1,{MAX_ISSUER_CHARS - 1}}})》?{_SP}(?P<rest>{_OPEN}.*)"
)
# Without the closing 号 a 文号 must at least end where a citation can end.
_END_WITHOUT_HAO = re.compile(r"(?:$|[\s）)、，,；;。\]】])")
# A PDF may print a code with its characters spaced out (苏 财 预).
_HAN_RUN_BEFORE = re.compile(rf"(?:[{_HAN}][ \u3000]?){{1,24}}$")
# Words and characters that never stand inside a 机关代字 but often right before one
# ("…的通知武政办[2001]267号", "根据鄂政办发[2007]116号").
_NOT_IN_CODE = re.compile(
    r"关于|印发|转发|通知|意见|办法|批复|决定|规定|方案|细则|条例|纲要|规划|文件|精神|要求|标准|严格"
    r"|项目|经费|资金|工作|预算|部门|单位"
    r"|[的之及和与或等见据照按由对为在是年月日第号率]"
)
# Policy genre: what a cited document's title ends with.
_POLICY_GENRE = re.compile(
    r"(?:条例|法|办法|规定|通知|意见|方案|细则|决定|纲要|规划|批复|标准|要点|函|令|公告|通告|指南|计划|规则|制度|目录|决议|措施|答复)$"
)
_NOT_POLICY_ENDINGS = ("方法", "做法", "说法", "算法", "看法", "想法", "用法", "依法", "合法", "执法", "违法", "手法")
_TRAILING_PAREN = re.compile(r"[（(][^（()）]{1,12}[)）]$")  # （试行）, (2020年版)
_TITLE_QUOTE = re.compile(r"《([^《》\t\n]{2,%d})》" % MAX_TITLE_CHARS)
# A law or regulation cited by its bare name: region + subject + 条例/法/办法.
_BARE_TITLE = re.compile(
    rf"(?:中华人民共和国|[{_HAN}]{{2,5}}?(?:省|自治区|市|县))[{_HAN}]{{2,24}}?(?:条例|实施办法|实施细则|办法|法)"
)
_BARE_TITLE_END = re.compile(r"条例|办法|细则|法")
_BEFORE_BARE_TITLE = set("。；;：:，,、\t（( 及和与据照实行")
_NOT_BARE_TITLE_START = set("号及和与等的据照按为文")
_AFTER_BARE_TITLE = set("。；;，,、）)\t 等及和")
_NOT_IN_BARE_TITLE = re.compile(r"的|据|照|按|局|厅|严格|执行|落实|贯彻|关于|单位")
# A 《title》 used as the name of an event ('《职业病防治法》宣传周') is not cited as a basis.
_EVENT_AFTER_TITLE = re.compile(r"宣传|学习|知识|竞赛|培训|征文|解读|读书")
# Words that introduce a citation rather than belong to its title.
_LEAD_IN = re.compile(
    r"(?:项目申请理由|申请理由|立项依据|政策依据|测算依据及说明|测算依据|及说明|依据|根据|按照|参照|遵照"
    r"|为贯彻落实|贯彻落实|贯彻|落实|执行)[:：]?"
)
# Where a sentence (the quote of a citation) ends: punctuation, a table cell, a list item
# ('1.依据：', '2.现实意义'), or a label of the budget forms, which PDF text glues to the
# sentence next to it ('项目申请理由省人民政府…').
_FORM_LABELS = (
    "项目申请理由|项目立项依据|立项依据|测算依据及说明|项目主要内容|目标说明|长期绩效目标|年度绩效目标"
    "|指标值确定依据|项目负责人|联系电话|填报人|项目名称|项目代码|项目主管部门|项目执行单位"
)
_SENTENCE_BREAK = re.compile(
    rf"[。；;！？!?\t☑□]|(?<![0-9.．])\d{{1,2}}[.．、](?!\d)|{_FORM_LABELS}"
    rf"|{CHAPTER}|{SECTION}|{PART}"
)
# A list item's marker at the start of a line.
_HAN_LIST_MARK = rf"(?:\d{{1,2}}[.．、](?!\d)|{CHAPTER}|{SECTION}|[（(]\d{{1,2}}[)）])"
_SENTENCE_END_CHARS = "。；;！？!?"
_QUOTE_CUT = re.compile(r"[，,、]")
# Personal data printed on the forms never goes into a quote.
_PERSONAL = re.compile(r"负责人|联系人|填报人|联系电话|电话|[0-9]{7,}")
_CLAUSE_BREAK = re.compile(r"[。；;：:，,、\t☑□≥≤%％<>＜＞=]|(?:(?<=^)|(?<=[\s）)\]】]))\d{1,2}[.．、](?!\d)")


@dataclass(frozen=True)
class FoldedText:
    """Lines joined into one text; ``line_numbers[i]`` is the line character ``i`` came from."""

    text: str
    line_numbers: tuple[int, ...]

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """First and last line of the characters ``text[start:end]``."""
        return self.line_numbers[start], self.line_numbers[max(start, end - 1)]

    @property
    def line_starts(self) -> frozenset[int]:
        """Offsets where a new printed line begins."""
        n = self.line_numbers
        return frozenset(i for i in range(1, len(n)) if n[i] != n[i - 1])


def fold_lines(lines: Sequence[str], first_line: int = 1) -> FoldedText:
    """Join lines as PDF extraction broke them: no separator, edge spaces dropped.

    Tabs are kept: they separate table cells, which is where a sentence ends.
    """
    parts: list[str] = []
    numbers: list[int] = []
    for offset, line in enumerate(lines):
        piece = line.strip(" \u3000\r\n")
        parts.append(piece)
        numbers.extend([first_line + offset] * len(piece))
    return FoldedText("".join(parts), tuple(numbers))


@dataclass(frozen=True)
class DocNumber:
    """One 文号 found in a text; ``start``/``end`` delimit its printed form."""

    issuer_code: str
    year: int
    number: str
    printed: str
    start: int
    end: int

    @property
    def normalised(self) -> str:
        return format_doc_number(self.issuer_code, self.year, self.number)


def format_doc_number(issuer_code: str, year: int, number: str) -> str:
    return f"{issuer_code}〔{year}〕{number}号"


def normalise_doc_number(printed: str) -> Optional[str]:
    """'鄂政办发 〔 2007 〕116 号' -> '鄂政办发〔2007〕116号'; None when it is not one 文号."""
    parsed = parse_doc_number(printed)
    return parsed.normalised if parsed else None


def parse_doc_number(printed: str) -> Optional[DocNumber]:
    """The one 文号 ``printed`` consists of, or that it contains; None when not exactly one.

    When the whole text is a 文号, every Chinese character before the year is its issuer code,
    whether or not the issuer rules can place it (a 文号 already read, a user's query).
    """
    text = printed.replace("\n", "")
    whole = _WHOLE_DOC_NUMBER.fullmatch(text.strip(_SPACES))
    if whole and not _NOT_IN_CODE.search(whole.group("code")):
        m = _YEAR_AND_NUMBER.fullmatch(whole.group("rest"))
        year = int(unicodedata.normalize("NFKC", m.group("year"))) if m else 0
        if m and MIN_YEAR <= year <= MAX_YEAR:
            code = re.sub(r"[\s\u3000]", "", whole.group("code"))
            number = unicodedata.normalize("NFKC", m.group("number")).replace("—", "-")
            return DocNumber(code, year, number, text, 0, len(text))
    found = find_doc_numbers(text)
    return found[0] if len(found) == 1 else None


def find_doc_numbers(text: str, context: Optional[str] = None) -> list[DocNumber]:
    """Every 文号 in ``text``, in order.  Brackets, spaces and 《》 around the issuer vary.

    ``context`` is the 行政区划 code of the document's region: it lets a city's or county's
    issuer code (洪财, 朝发改) be told from the words printed before it.
    """
    found: list[DocNumber] = []
    for m in _YEAR_AND_NUMBER.finditer(text):
        year = int(unicodedata.normalize("NFKC", m.group("year")))
        if not MIN_YEAR <= year <= MAX_YEAR:
            continue
        if not m.group("hao") and not _END_WITHOUT_HAO.match(text, m.end()):
            continue
        issuer = _issuer_before(text, m.start(), context)
        if issuer is None:
            continue
        code, start = issuer
        number = unicodedata.normalize("NFKC", m.group("number")).replace("—", "-")
        found.append(DocNumber(code, year, number, text[start : m.end()], start, m.end()))
    return found


def _issuer_before(text: str, bracket: int, context: Optional[str]) -> Optional[tuple[str, int]]:
    """The 机关代字 printed right before a year bracket, and where it starts."""
    end = len(text[:bracket].rstrip(_SPACES))
    if end and text[end - 1] == "》":
        opening = text.rfind("《", max(0, end - MAX_ISSUER_CHARS - 2), end)
        inner = text[opening + 1 : end - 1] if opening >= 0 else ""
        if re.fullmatch(rf"[{_HAN}]{{2,{MAX_ISSUER_CHARS}}}", inner) and _plausible_code(inner, context):
            return inner, opening
        return None
    run = _HAN_RUN_BEFORE.search(text[:end])
    if run is None:
        return None
    chars = re.sub(rf"[^{_HAN}]", "", run.group())
    code = _code_from_run(chars, context)
    if code is None:
        return None
    # Where the code starts in the printed text, spaces between its characters included.
    start, count = end, 0
    while count < len(code):
        start -= 1
        if text[start] not in _SPACES:
            count += 1
    return code, start


def _code_from_run(run: str, context: Optional[str]) -> Optional[str]:
    """The issuer code at the end of a run of Chinese characters ('的通知武政办' -> '武政办')."""
    stops = list(_NOT_IN_CODE.finditer(run))
    candidate = run[stops[-1].end() :] if stops else run
    if len(candidate) < 2:
        return None
    ends = [candidate[-n:] for n in range(min(len(candidate), MAX_ISSUER_CHARS), 1, -1)]
    # Text glued to a region's code ('…元/人鄂政办发'): the longest end that decodes as one.
    for code in ends:
        if _decodes(code, context, regional=True):
            return code
    central = next((code for code in ends if _decodes(code, context, regional=False)), None)
    # A central body's code after the body's name (最高人民法院法释) is cut off the name ...
    if central and _ORGANISATION_END.search(candidate[: -len(central)]):
        return central
    # ... a code of a region the rules cannot place (武财社 with no document region) is whole ...
    if len(candidate) <= MAX_ISSUER_CHARS and _plausible_code(candidate, context):
        return candidate
    # ... and a central body's code is cut out of whatever else it is glued to.
    return central


def _decodes(code: str, context: Optional[str], regional: bool) -> bool:
    """True when the issuer rules read a body out of the code (鄂政办发, 洪财会发; 国办发)."""
    issuer = issuer_for(code, context)
    if issuer is None or issuer.body is None or (issuer.region is not None) != regional:
        return False
    # Any ending will do for a body of the document's own region or above (武卫疾控 in a
    # 武汉市 district); a farther one must end like a code (not 新建病房楼: 新 + 建 …).
    return code[-1] in CODE_ENDINGS or issuer.region in {r.name for r in parent_chain(context or "")}


def _plausible_code(code: str, context: Optional[str]) -> bool:
    """A code the rules cannot decode must end like one; the commonest endings suffice."""
    if code[-1] in STRONG_CODE_ENDINGS or national_body(code):
        return True
    return code[-1] in CODE_ENDINGS and (issuer_for(code, context) is not None or looks_regional(code))


@dataclass(frozen=True)
class PolicyMention:
    """A cited policy document: its 文号, its title, or both.

    ``start``/``end`` delimit the printed citation (the 文号 when there is one, else the
    title with its 《》); ``printed`` is that text.
    """

    doc_number: Optional[DocNumber]
    title: Optional[str]
    printed: str
    start: int
    end: int


def find_policy_mentions(
    text: str, line_starts: Collection[int] = (), context: Optional[str] = None
) -> list[PolicyMention]:
    """Every policy citation in ``text``, in order of appearance.

    ``line_starts`` are the offsets where a printed line began (see :class:`FoldedText`):
    a bare law name may start or end there even with no punctuation around it.  ``context``
    is the region code of the document (see :func:`find_doc_numbers`).
    """
    mentions: list[PolicyMention] = []
    taken: list[tuple[int, int]] = []  # spans already part of a citation
    for dn in find_doc_numbers(text, context):
        title, title_span = _title_for(text, dn)
        if title is None:
            title, title_span = _title_after(text, dn, frozenset(line_starts))
        mentions.append(PolicyMention(dn, title, dn.printed, dn.start, dn.end))
        taken.append((dn.start, dn.end))
        if title_span:
            taken.append(title_span)
    for m in _TITLE_QUOTE.finditer(text):
        if _overlaps(m.span(), taken) or not is_policy_title(m.group(1)):
            continue
        if _EVENT_AFTER_TITLE.match(text, m.end()):
            continue
        mentions.append(PolicyMention(None, clean_title(m.group(1)), m.group(), m.start(), m.end()))
        taken.append(m.span())
    for start, end in _bare_titles(text, frozenset(line_starts)):
        if _overlaps((start, end), taken) or _inside_quotes(text, start):
            continue
        mentions.append(PolicyMention(None, text[start:end], text[start:end], start, end))
        taken.append((start, end))
    return sorted(mentions, key=lambda p: p.start)


def _bare_titles(text: str, line_starts: frozenset[int]) -> list[tuple[int, int]]:
    """Spans of law names printed without 《》, delimited by punctuation or line breaks."""
    found: list[tuple[int, int]] = []
    for m in _BARE_TITLE_END.finditer(text):
        end = m.end()
        if not (end == len(text) or text[end] in _AFTER_BARE_TITLE or end in line_starts):
            continue
        for start in range(max(0, end - 36), end - 5):
            if not (start == 0 or text[start - 1] in _BEFORE_BARE_TITLE or start in line_starts):
                continue
            title = text[start:end]
            if title[0] in _NOT_BARE_TITLE_START or _NOT_IN_BARE_TITLE.search(title):
                continue
            if _BARE_TITLE.fullmatch(title) and is_policy_title(title):
                found.append((start, end))
                break
    return found


def is_policy_title(title: str) -> bool:
    """True for titles of the policy genre (…条例, …办法, …的通知), not tables or newspapers."""
    t = clean_title(title)
    while _TRAILING_PAREN.search(t):
        t = _TRAILING_PAREN.sub("", t).rstrip()
    return bool(_POLICY_GENRE.search(t)) and not t.endswith(_NOT_POLICY_ENDINGS) and len(t) >= 4


def clean_title(title: str) -> str:
    """Drop the spaces PDF extraction puts around numbers in Chinese text ('关于做好 2023 年')."""
    t = re.sub(r"\s+", " ", title.strip())
    return re.sub(r" (?=[^A-Za-z0-9])|(?<=[^A-Za-z0-9]) ", "", t)


def _title_for(text: str, dn: DocNumber) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    """The title printed right before a 文号 (or before the parentheses around it, or in the
    table cell before it)."""
    end = len(text[: dn.start].rstrip(_SPACES))
    if end and text[end - 1] in "（(":
        end = len(text[: end - 1].rstrip(" \u3000"))
    if end and text[end - 1] == "》":
        opening = text.rfind("《", max(0, end - MAX_TITLE_CHARS - 2), end)
        if opening >= 0 and is_policy_title(text[opening + 1 : end - 1]):
            return clean_title(text[opening + 1 : end - 1]), (opening, end)
        return None, None
    start = _clause_start(text, end)
    clause = _LIST_MARK_AT_START.sub("", _strip_lead_in(text[start:end]))
    if len(clause) > MAX_TITLE_CHARS or not is_policy_title(clause):
        return None, None
    return clean_title(clause), (end - len(clause), end)


# What may stand between a 文号 and the title printed after it: '鄂政办发〔2007〕116号《…》',
# '…116号：关于…的通知', '…116号 关于…的通知'.
_BETWEEN_NUMBER_AND_TITLE = re.compile(r"[ \u3000\t:：,，]*")
# A title after its 文号 ends at the end of the clause or list item.
_TITLE_AFTER_END = re.compile(rf"[。；;，,、\t（(《]|{_FORM_LABELS}|\d{{1,2}}[.．、](?!\d)")


def _title_after(text: str, dn: DocNumber, line_starts: frozenset[int]) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    """The title printed right after a 文号, as lists of 立项依据 print it (文号《title》)."""
    start = _BETWEEN_NUMBER_AND_TITLE.match(text, dn.end).end()
    if text.startswith("《", start):
        m = _TITLE_QUOTE.match(text, start)
        if m and is_policy_title(m.group(1)):
            return clean_title(m.group(1)), m.span()
        return None, None
    if not text.startswith("关于", start):
        return None, None  # a bare title after the number must read as one: 关于…的通知
    stop = _TITLE_AFTER_END.search(text, start + 2, start + MAX_TITLE_CHARS)
    end = stop.start() if stop else min(len(text), start + MAX_TITLE_CHARS)
    # a new printed line that begins a new list item ends it too
    end = min([end] + [i for i in line_starts if start < i < end and _NEW_ITEM.match(text, i)])
    title = text[start:end].rstrip(" \u3000")
    if not is_policy_title(title):
        return None, None
    return clean_title(title), (start, start + len(title))


_NEW_ITEM = re.compile(rf"{_HAN_LIST_MARK}")
# The number of a list item a title stands in (3.关于…的通知): not part of the title.
_LIST_MARK_AT_START = re.compile(rf"^{ANY_MARKER}\s*")


def _strip_lead_in(clause: str) -> str:
    """'项目申请理由省人民政府…的通知' -> '省人民政府…的通知': form labels and verbs are not title."""
    cut = 0
    for m in _LEAD_IN.finditer(clause):
        if not _inside_quotes(clause, m.start()):
            cut = m.end()
    return clause[cut:].strip(" \u3000")


def _clause_start(text: str, end: int) -> int:
    """Where the clause ending at ``end`` starts: after the previous clause break."""
    window_start = max(0, end - MAX_TITLE_CHARS - 20)
    start = window_start
    for m in _CLAUSE_BREAK.finditer(text, window_start, end):
        if not _inside_quotes(text, m.start()):
            start = m.end()
    return start


def _inside_quotes(text: str, pos: int) -> bool:
    """True when ``pos`` lies between a 《 and its 》."""
    before = text[max(0, pos - MAX_TITLE_CHARS) : pos]
    return before.rfind("《") > before.rfind("》")


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def sentence_span(text: str, start: int, end: int, line_starts: Collection[int] = ()) -> tuple[int, int]:
    """The sentence (or clause up to ；/。, or table cell) around ``text[start:end]``.

    Overlong sentences -- table rows glued together -- are cut to the clauses nearest the
    citation, and never reach into the names and phone numbers the forms print.
    """
    s = max(0, start - 2000)
    for m in _SENTENCE_BREAK.finditer(text, s, start):
        if not _inside_quotes(text, m.start()):
            s = m.end() if not m.group()[0].isdigit() else m.start()
    e = len(text)
    for m in _SENTENCE_BREAK.finditer(text, end):
        if not _inside_quotes(text, m.start()):
            e = m.end() if m.group() in _SENTENCE_END_CHARS else m.start()
            break
    if e - s > MAX_QUOTE_CHARS:
        s, e = _narrow(text, s, e, start, end, line_starts)
    for m in _PERSONAL.finditer(text, s, start):
        s = m.end()
    personal_after = _PERSONAL.search(text, end, e)
    if personal_after:
        e = personal_after.start()
    return s, e


def _narrow(text: str, s: int, e: int, start: int, end: int, line_starts: Collection[int]) -> tuple[int, int]:
    """Cut an overlong sentence (table cells glued together) to what stands near the citation.

    Cuts fall on clause breaks or, in tables, where a printed line began.
    """
    half = QUOTE_CONTEXT_CHARS
    left, right = max(s, start - half), min(e, end + half)
    clause_cuts = [m.end() for m in _QUOTE_CUT.finditer(text, left, right)]
    line_cuts = sorted(i for i in line_starts if left <= i <= right)
    if left > s:
        before = [c for c in clause_cuts if c <= start] or [c for c in line_cuts if c <= start]
        left = before[0] if before else left
    if right < e:
        after = [c - 1 for c in clause_cuts if c - 1 >= end] or [c for c in line_cuts if c >= end]
        right = after[-1] if after else right
    return left, right
