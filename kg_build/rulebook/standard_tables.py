"""The standard tables of 部门预算 and 部门决算, their column names and their total labels.

Every department of every level publishes the same tables, from national templates: a 部门预算
the nine tables 公开01–09表 (部门收支总表 … 国有资本经营预算支出表) and usually more (财政拨款
支出表, 机关运行经费, 政府采购, 项目支出); a 部门决算 the nine tables of the national 部门决算
template (收入支出决算总表 … 国有资本经营预算财政拨款收入支出决算表).  Titles are printed with
variations (a year, the department's name, 预算/决算, 收入支出 or 收支, 总表 or 表, a note in
brackets, an ordinal or a 公开NN表 number), so a printed title is identified by the words that tell
the tables apart, tried from the most specific table to the most general.  Pure data and pure
functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .ordinals import HEADING_NUMBER

BUDGET = "预算"
FINAL = "决算"


@dataclass(frozen=True)
class StandardTable:
    key: str  # stable English identifier
    name: str  # the table's generic Chinese name
    words: tuple[str, ...]  # a printed title holding all of these (normalised) is this table
    budget: Optional[tuple[int, str]] = None  # (number, title) in the national 部门预算 set 公开01–09表
    final: Optional[tuple[int, str]] = None  # (number, title) in the national 部门决算 template
    two_sided: bool = False  # income items on the left, expenditure items on the right, no codes
    without: tuple[str, ...] = ()  # ... unless it holds one of these

    def number(self, phase: str) -> Optional[int]:
        entry = self.budget if phase == BUDGET else self.final
        return entry[0] if entry else None

    def title(self, phase: str) -> str:
        entry = self.budget if phase == BUDGET else self.final
        return entry[1] if entry else self.name


# Most specific first: the first table whose words a title holds is the one it prints.
STANDARD_TABLES: tuple[StandardTable, ...] = (
    StandardTable("three_public", "“三公”经费支出表", ("三公",),
                  budget=(7, "一般公共预算“三公”经费支出表"), final=(7, "财政拨款“三公”经费支出决算表")),
    StandardTable("government_fund", "政府性基金预算支出表", ("政府性基金",),
                  budget=(8, "政府性基金预算支出表"), final=(8, "政府性基金预算财政拨款收入支出决算表")),
    StandardTable("state_capital", "国有资本经营预算支出表", ("国有资本经营",),
                  budget=(9, "国有资本经营预算支出表"), final=(9, "国有资本经营预算财政拨款收入支出决算表")),
    StandardTable("running_costs", "机关运行经费支出表", ("机关运行经费",)),
    StandardTable("procurement", "政府采购预算表", ("政府采购",)),
    StandardTable("purchased_services", "政府购买服务预算表", ("购买服务",)),
    StandardTable("project_expenditure", "项目支出表", ("项目支出",), without=("基本支出", "总")),
    StandardTable("general_basic", "一般公共预算基本支出表", ("一般公共预算", "基本支出"),
                  budget=(6, "一般公共预算基本支出表"), final=(6, "一般公共预算财政拨款基本支出决算表")),
    StandardTable("general_expenditure", "一般公共预算支出表", ("一般公共预算", "支出"),
                  budget=(5, "一般公共预算支出表"), final=(5, "一般公共预算财政拨款支出决算表")),
    StandardTable("appropriation_basic", "财政拨款基本支出表", ("财政拨款", "基本支出")),
    StandardTable("appropriation_summary", "财政拨款收支总表", ("财政拨款", "收支"),
                  budget=(4, "财政拨款收支总表"), final=(4, "财政拨款收入支出决算总表"), two_sided=True),
    StandardTable("appropriation_expenditure", "财政拨款支出表", ("财政拨款", "支出")),
    StandardTable("summary", "部门收支总表", ("收支",),
                  budget=(1, "部门收支总表"), final=(1, "收入支出决算总表"), two_sided=True),
    StandardTable("income", "部门收入总表", ("收入",), budget=(2, "部门收入总表"), final=(2, "收入决算表")),
    StandardTable("expenditure", "部门支出总表", ("支出",), budget=(3, "部门支出总表"), final=(3, "支出决算表")),
)
BY_KEY = {t.key: t for t in STANDARD_TABLES}

# Tables of the genre that are not budget tables: performance forms and evaluations.
NOT_BUDGET_TABLE_WORDS = ("绩效", "申报", "自评", "评价", "目标", "目录")
# Words that tell a budget table's title from any other title ending in 表.
BUDGET_TABLE_WORDS = ("收支", "收入", "支出", "三公", "采购", "购买服务", "经费")


def national_set(phase: str) -> list[StandardTable]:
    """The nine tables the national template requires of a 部门预算 (phase 预算) or 部门决算 (决算)."""
    return sorted((t for t in STANDARD_TABLES if t.number(phase)), key=lambda t: t.number(phase))


# --- printed titles and numbers -----------------------------------------------------------

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# 表3  表 3-1  附表3  预算03表  决算 01 表  公开01表  公开表一  表十二
TABLE_NUMBER = re.compile(
    rf"^(?:附?表\s*(?P<a>{_NUMERAL})(?:\s*[-－—]\s*\d+)?|(?:预算|决算|公开|附)\s*(?P<b>{_NUMERAL})\s*表|公开表\s*(?P<c>{_NUMERAL}))$"
)
# A table number printed before the title on the same line: "表3 部门支出总表", "公开表一、收支总表".
LEADING_NUMBER = re.compile(
    rf"^(附?表\s*{_NUMERAL}(?:\s*[-－—]\s*\d+)?|(?:预算|决算|公开)\s*{_NUMERAL}\s*表|公开表\s*{_NUMERAL})[\s:：、.]*"
)
_ORDINAL = re.compile(rf"^{HEADING_NUMBER}")
_YEAR = re.compile(r"\d{4}\s*年度?")
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_QUOTES = re.compile(r"[“”\"'‘’「」]")
_SPACE = re.compile(r"\s+")


def chinese_number(text: str) -> Optional[int]:
    """'12' -> 12, '十二' -> 12, '二十一' -> 21, '九' -> 9; None for anything else."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def printed_number(text: str) -> Optional[int]:
    """The number of a printed table number ('公开05表', '表十一', '公开表三', '预算 03 表')."""
    m = TABLE_NUMBER.match(_SPACE.sub("", text))
    if not m:
        return None
    return chinese_number(m["a"] or m["b"] or m["c"])


def normalise_title(title: str) -> str:
    """A printed title reduced to the words that identify its table.

    Removed: spaces, quotes, a leading ordinal or table number, years, notes in brackets, and
    the department's name before 部门 (上海市XX局2024年度部门决算表); 收入支出 becomes 收支.
    """
    t = _QUOTES.sub("", _SPACE.sub("", title))
    t = LEADING_NUMBER.sub("", t)
    t = _ORDINAL.sub("", t)
    t = _YEAR.sub("", t)
    t = _BRACKETED.sub("", t)
    return t.replace("收入支出", "收支")


def is_budget_table_title(title: str) -> bool:
    t = normalise_title(title)
    return any(w in t for w in BUDGET_TABLE_WORDS) and not any(w in t for w in NOT_BUDGET_TABLE_WORDS)


def identify(title: str) -> Optional[StandardTable]:
    """The standard table a printed title names, or None (a form, a list, a title of the document)."""
    t = normalise_title(title)
    if not t.endswith("表") or any(w in t for w in NOT_BUDGET_TABLE_WORDS):
        return None
    for table in STANDARD_TABLES:
        if all(w in t for w in table.words) and not any(w in t for w in table.without):
            return table
    return None


# --- column names -------------------------------------------------------------------------

# The standard tables' amount-column headings.  Readers split a header whose cell positions
# were lost into these words, longest first so that 事业单位经营收入 wins over 事业收入.
COLUMN_NAMES: tuple[str, ...] = tuple(sorted(
    {
        "合计", "小计", "本年收入合计", "本年支出合计", "基本支出", "项目支出", "人员经费", "公用经费",
        "事业单位经营支出", "上缴上级支出", "对附属单位补助支出", "本年收入", "本年支出", "上年结转结余",
        "本年拨款", "财政拨款结转结余", "一般公共预算", "政府性基金预算", "国有资本经营预算",
        "财政专户管理资金", "单位资金", "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入",
        "其他收入", "财政拨款收入", "经营收入", "经营支出", "年初结转和结余", "年末结转和结余",
        "预算数", "决算数", "金额", "一般公共预算财政拨款", "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款", "单位预留机动经费", "结转下年资金", "机关运行经费支出",
    },
    key=len,
    reverse=True,
))
# Group headings whose leaves say which fund (本年拨款 over 一般公共预算 …).
FUND_SOURCES = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
# Headings of figures that only say which phase the figure is (the group above says what).
BUDGET_FIGURES = "预算数"
FINAL_FIGURES = "决算数"
PHASE_COLUMNS = (FINAL_FIGURES, BUDGET_FIGURES, "金额")

# The 财政拨款“三公”经费支出表 columns in printed order, with the heading words naming each.
THREE_PUBLIC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("合计", r"合计"),
    ("因公出国（境）费", r"因公出国"),
    ("公务用车购置及运行费", r"购置及运行"),
    ("公务用车购置费", r"公务用车购置费"),
    ("公务用车运行费", r"公务用车运行(?:维护)?费"),
    ("公务接待费", r"公务接待"),
    # printed beside them in many provinces' “三公”经费、会议费、培训费 tables
    ("会议费", r"会议费"),
    ("培训费", r"培训费"),
    # 上海 and others print the 机关运行经费 beside the 三公 (“三公”经费和机关运行经费预算表)
    ("机关运行经费", r"机关运行经费"),
)
# The group heading over the vehicle columns, and the words its two parts print under it when a
# two-line header prints them bare (公务用车购置及运行费 / 小计 购置费 运行费).
THREE_PUBLIC_VEHICLE_GROUP = r"购置及运行(?:维护)?费"
THREE_PUBLIC_VEHICLE_PARTS: tuple[tuple[str, str], ...] = (
    ("公务用车购置费", r"购置费"),
    ("公务用车运行费", r"运行(?:维护)?费"),
)

# A table printed empty says so ("本部门无政府性基金预算收支", "注：本部门无该项目", "本表为空表").
EMPTY_TABLE_NOTE = re.compile(
    r"无.{0,30}(?:收支|支出|收入|经费|预算|采购|服务)|(?:收支|支出|收入|经费).{0,10}为\s*0|本(?:部门|单位)无|无(?:该|此)项|空表"
)

# --- total labels ---------------------------------------------------------------------------

# A table's own total row.
TABLE_TOTALS = ("合计", "总计")
# A group's total inside a table (小计 of one unit, of one side).
GROUP_TOTAL = "小计"
# A project form's total of its funds (年度资金总额 above the rows of its sources).
FUNDS_TOTAL = "资金总额"
# The totals of one side of a two-sided 收支总表 and the column headings meaning "total".
SIDE_TOTALS = ("本年收入合计", "本年支出合计", "收入合计", "支出合计", "收入总计", "支出总计")
# The sides of a two-sided 收支总表, as its heading prints them; a bare 总计 / 合计 row of the
# table is its side's 收入总计 / 支出总计.
INCOME_SIDE, EXPENDITURE_SIDE = "收入", "支出"
# Rows of a 收支总表 that carry funds between years or settle the balance: 年初结转和结余 and
# 上年结转结余 on the income side, 结余分配, 年末结转和结余 and 年终结转结余 on the expenditure side.
CARRY_OVER = re.compile(r"^(?:(?:年初|上年|年末|年终)结转(?:和|及)?结余|结余分配|使用非财政拨款结余|用事业基金弥补收支差额)")


def starts_summary_row(text: str) -> bool:
    """A side's total or a carry-over row: never the rest of the name printed before it."""
    bare = _bare(text)
    return bare in SIDE_TOTALS or bool(CARRY_OVER.match(bare))


def side_total(side: str, label: str) -> str:
    """'收入总计' for the 总计 printed on the income side of a 收支总表."""
    return side + _bare(label)


def _bare(text: str) -> str:
    return _SPACE.sub("", text)


def is_table_total(text: str) -> bool:
    """'合计' / '总 计': the label of a table's total row."""
    return _bare(text) in TABLE_TOTALS


def is_total_label(text: str) -> bool:
    """Any total label: a table's, a group's (小计) or a side's (本年支出合计)."""
    bare = _bare(text)
    return bare in TABLE_TOTALS or bare == GROUP_TOTAL or bare in SIDE_TOTALS
