"""The standard tables a disclosure publishes, per kind of document, as data.

A 部门决算 publishes the nine tables of the Ministry of Finance's template (公开01–09表); a
部门预算 the nine tables of the budget disclosure set.  A table is known by the words of its
title, whatever its number and the year before it: each entry lists the words the title must
hold and the words it must not (so 收入决算表 is not 财政拨款收入支出决算表).  A table without data
must say so (空表说明): :data:`EMPTY_NOTE` is how the genre says it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class StandardTable:
    key: str  # "<document kind>-<standard name>": 部门决算-收入决算表
    name: str
    kind: str  # 部门预算 | 部门决算
    has: tuple[str, ...]
    has_not: tuple[str, ...] = ()


def _table(kind: str, name: str, has: tuple[str, ...], has_not: tuple[str, ...] = ()) -> StandardTable:
    return StandardTable(f"{kind}-{name}", name, kind, has, has_not)


_FUNDS = ("财政拨款", "一般公共预算", "政府性基金", "国有资本", "三公")

STANDARD_TABLES: tuple[StandardTable, ...] = (
    _table("部门决算", "收入支出决算总表", ("收入支出决算总表",), _FUNDS),
    _table("部门决算", "收入决算表", ("收入决算表",), _FUNDS + ("支出",)),
    _table("部门决算", "支出决算表", ("支出决算表",), _FUNDS + ("收入", "基本支出")),
    _table("部门决算", "财政拨款收入支出决算总表", ("财政拨款收入支出决算总表",), ("一般公共预算", "政府性基金", "国有资本", "三公")),
    _table("部门决算", "一般公共预算财政拨款支出决算表", ("一般公共预算", "支出决算"), ("基本支出", "三公")),
    _table("部门决算", "一般公共预算财政拨款基本支出决算表", ("一般公共预算", "基本支出决算")),
    _table("部门决算", "政府性基金预算财政拨款收入支出决算表", ("政府性基金", "决算")),
    _table("部门决算", "国有资本经营预算财政拨款支出决算表", ("国有资本经营", "决算")),
    _table("部门决算", "财政拨款“三公”经费支出决算表", ("三公", "决算")),
    _table("部门预算", "收支总表", ("收支", "总表"), ("财政拨款",)),
    _table("部门预算", "收入总表", ("收入", "总表"), ("收支", "支出")),
    _table("部门预算", "支出总表", ("支出", "总表"), ("收支", "收入", "财政拨款")),
    _table("部门预算", "财政拨款收支总表", ("财政拨款收支", "总表")),
    _table("部门预算", "一般公共预算支出表", ("一般公共预算", "支出表"), ("基本支出", "三公")),
    _table("部门预算", "一般公共预算基本支出表", ("一般公共预算基本支出表",)),
    _table("部门预算", "一般公共预算“三公”经费支出表", ("三公", "支出表")),
    _table("部门预算", "政府性基金预算支出表", ("政府性基金", "支出表")),
    _table("部门预算", "国有资本经营预算支出表", ("国有资本经营", "支出表")),
)

# 注：本单位无政府性基金预算相关支出 / 本部门 2024 年度无国有资本经营预算财政拨款支出 / 本表无数据
EMPTY_NOTE = re.compile(r"(?:本|我)(?:部门|单位)[^。；\n]{0,16}?(?:无|没有|未)[^。；\n]{0,30}|本表(?:无数据|为空)|空表")

_TITLE_TAIL = re.compile(r"(?:表|明细表)\s*$")


def standard_table(title: str, kind: Optional[str]) -> Optional[StandardTable]:
    """The standard table of a document of `kind` that `title` names (None: not a standard table)."""
    flat = re.sub(r"[（(][^）)]*[)）]$", "", re.sub(r"\s+", "", title))  # 一般公共预算支出表(分功能科目)
    if not _TITLE_TAIL.search(flat):
        return None
    for table in STANDARD_TABLES:
        if table.kind == kind and all(w in flat for w in table.has) and not any(w in flat for w in table.has_not):
            return table
    return None


def required_tables(kind: Optional[str]) -> tuple[StandardTable, ...]:
    return tuple(t for t in STANDARD_TABLES if t.kind == kind)
