"""What the 情况说明 of a disclosure states in words, as data.

The explanatory part of a 部门预算 / 部门决算 restates the tables: "收入预算总额11224.43万元",
"支出合计 35745.84 万元", "基本支出916.73万元", "“三公”经费预算12.68万元", "公务接待费7.98万元".
Each entry of :data:`SUBJECTS` is one thing such a sentence states: its key (the genre's
standard name, which the shapes match against table rows and columns) and the printed phrases
that name it.  The phrase must stand right before the figure, joined only by the genre's
connecting words (:data:`CONNECTOR`).  Longer phrases come first so that "财政拨款收入" is not
read as "收入".
"""
from __future__ import annotations

import re

# (key, printed phrases as regular expressions)
SUBJECTS: tuple[tuple[str, str], ...] = (
    ("财政拨款收支总计", r"财政拨款收[、，,]?\s*支(?:出)?(?:预算|决算)?总计"),
    # 收、支总计 / 收支预算总额 / 收入、支出决算总计
    ("收支总计", r"(?<!财政拨款)(?:收[、，,]?\s*支|收入[、，,]\s*支出)(?:预算|决算)?(?:总计|总额)"),
    ("一般公共预算财政拨款基本支出", r"一般公共预算财政拨款基本支出"),
    ("一般公共预算财政拨款支出", r"一般公共预算财政拨款支出"),
    ("一般公共预算财政拨款收入", r"一般公共预算财政拨款收入"),
    ("政府性基金预算财政拨款收入", r"政府性基金预算财政拨款收入|政府性基金(?:预算)?拨款收入"),
    ("政府性基金预算财政拨款支出", r"政府性基金预算(?:财政拨款)?支出"),
    ("财政拨款收入", r"(?<![预算基金])财政拨款收入"),
    ("收入总计", r"收入(?:预算)?(?:总计|总额)"),
    ("支出总计", r"支出(?:预算)?(?:总计|总额)"),
    ("收入合计", r"(?:本年)?收入(?:预算)?合计"),
    ("支出合计", r"(?:本年)?支出(?:预算)?合计"),
    ("三公经费", r"[“\"]?三公[”\"]?经费(?:财政拨款)?(?:支出)?"),
    ("因公出国（境）费", r"因公出国[（(]境[)）]费(?:用)?"),
    ("公务用车购置及运行费", r"公务用车购置(?:及|和)运行(?:维护)?费"),
    ("公务用车购置费", r"公务用车购置费"),
    ("公务用车运行费", r"公务用车运行(?:维护)?费"),
    ("公务接待费", r"(?<![内外])公务接待费"),
    ("人员经费", r"人员经费(?:支出)?"),
    ("公用经费", r"(?<!机关运行)公用经费(?:支出)?"),
    ("基本支出", r"(?<![财政拨款预算])基本(?:保障)?支出"),
    ("项目支出", r"(?<![财政拨款预算])项目支出|(?<=本级)支出项目"),
    # an item of the functional classification, (1) 卫生健康支出(类)…(项)。年初预算为 …，支出决算为 …
    ("功能科目", r"年初预算"),
)

# Which standard table (kg_build.rulebook.standard_tables) and columns of its total row a stated
# subject restates.  The 三公 table of a 部门决算 prints 预算数 and 决算数 side by side: its
# columns are then prefixed with the measure the sentence names (决算数·合计).
RESTATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "收入合计": ("income", ("合计",)),
    "财政拨款收入": ("income", ("财政拨款收入",)),
    "支出合计": ("expenditure", ("合计",)),
    "基本支出": ("expenditure", ("基本支出",)),
    "项目支出": ("expenditure", ("项目支出",)),
    "一般公共预算财政拨款支出": ("general_expenditure", ("本年支出", "合计")),
    "一般公共预算财政拨款基本支出": ("general_expenditure", ("基本支出",)),
    "一般公共预算财政拨款项目支出": ("general_expenditure", ("项目支出",)),
    "人员经费": ("general_basic", ("人员经费",)),
    "公用经费": ("general_basic", ("公用经费",)),
    "三公经费": ("three_public", ("合计",)),
    "因公出国（境）费": ("three_public", ("因公出国（境）费",)),
    "公务用车购置及运行费": ("three_public", ("公务用车购置及运行费",)),
    "公务用车购置费": ("three_public", ("公务用车购置费",)),
    "公务用车运行费": ("three_public", ("公务用车运行费",)),
    "公务接待费": ("three_public", ("公务接待费",)),
}
# Tables printing both figures side by side, and the prefix of each figure's columns.
SIDE_BY_SIDE = ("three_public",)
MEASURE_COLUMN = {"预算": "预算数·", "决算": "决算数·"}

# What may stand between the phrase and the figure: 全年预算为, 支出决算为, 共, ：
CONNECTOR = r"(?:支出)?(?:全年|年初)?(?:预算|决算)?(?:数|总额)?(?:为|是|共计|共|均为|达|：|:)?\s*"

# A phrase names the subject only where a name cannot run into it: after punctuation, a figure,
# the start of the sentence, 其中, a year or a department's name (…局项目支出共10295.7万元), never
# inside a longer name (保机构运转项目支出 61.09 万元 is a project's, 政府采购支出总额 a purchase total).
BOUNDARY = r"(?:(?<=^)|(?<=[\s\d，,：:；;。、（(）)“”\"])|(?<=其中)|(?<=年)|(?<=度)|(?<=局)|(?<=厅)|(?<=委)|(?<=办)|(?<=室)|(?<=院)|(?<=中心)|(?<=本级)|(?<=单位)|(?<=部门))"

# Figures after 其中 in a sentence about one fund narrow to that fund: "一般公共预算财政拨款支出
# …，其中：基本支出 2245.68 万元，项目支出 30733.91 万元".
SCOPED: dict[str, dict[str, str]] = {
    "一般公共预算财政拨款支出": {"基本支出": "一般公共预算财政拨款基本支出", "项目支出": "一般公共预算财政拨款项目支出"},
}

# The measure a sentence speaks of, when it names both (三公: 全年预算为 2.29，支出决算为 2.29).
MEASURES: tuple[tuple[str, str], ...] = (("预算", r"(?:全年|年初)?预算(?:数)?(?:为|是|：)?\s*$"),
                                         ("决算", r"决算(?:数)?(?:为|是|：)?\s*$"))
# The executed figure printed after a budgeted one in the same clause: ，支出决算为 2.29 万元
FOLLOWING_FINAL = re.compile(r"^[，,]\s*(?:支出)?决算(?:数)?(?:为|是|：)\s*(?P<amount>[\d,]+(?:\.\d+)?)\s*(?P<unit>万元|元)(?![/／])")

# The change on the previous year that follows a figure: 比上年减少1105.05万元, 下降 48.0%.
CHANGE = re.compile(
    r"^(?:(?!万元)[^。；;]){0,30}?(?:比|较|与)\s*(?:上年|上年度|去年|上一年|20\d{2}\s*年度?)(?:度)?(?:决算数|预算数|相比)?"
    r"[，,]?[^。；;\d]{0,16}?(?P<direction>增加|减少|增长|下降|持平)"
    r"(?:\s*(?P<change>[\d,]+(?:\.\d+)?)\s*(?P<unit>万元|元))?"
    r"(?:[，,]?\s*(?:增长|下降|减少|增加|增幅|降幅)?\s*(?P<percent>\d+(?:\.\d+)?)\s*[%％])?")

DECREASE = ("减少", "下降")

# The funds block of a 部门整体绩效目标表: 总体资金情况 → 收入构成 / 支出构成 → row → 当年金额.
FORM_FUNDS_HEAD = "总体资金情况"
FORM_FUNDS_ROWS: dict[tuple[str, str], str] = {
    ("收入", "财政拨款"): "财政拨款收入",
    ("收入", "合计"): "收入总计",
    ("支出", "基本支出"): "基本支出",
    ("支出", "项目支出"): "项目支出",
    ("支出", "合计"): "支出总计",
}
FORM_NAME = "部门整体绩效目标表"

# How a standard table printed without data says so (空表说明): 注：本单位无政府性基金预算相关支出 /
# 本部门 2024 年度无国有资本经营预算财政拨款支出 / 本表无数据
EMPTY_NOTE = re.compile(r"(?:本|我)(?:部门|单位)[^。；\n]{0,16}?(?:无|没有|未)[^。；\n]{0,30}|本表(?:无数据|为空)|空表")
# Kinds of document and the phase of their standard tables.
PHASE_OF_KIND = {"部门预算": "预算", "部门决算": "决算"}
PROSE = "说明"
