"""The labelled fields of a project performance form (项目支出绩效目标表 and its relatives).

Forms print label cells (项目名称, 项目主管部门, 项目总预算 ...) followed by value cells, but
the layouts disagree on everything else: one row per line, a cell per line, labels broken
over lines (``项目当年预`` / ``算``), even a character per line.  So the form is read as one
whitespace-free string in which every known label is an anchor, and a field's value is the
text between its label and the next label.  Each character remembers its line, so values
keep their provenance.  Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# Label -> field.  Alternatives are tried longest first, so 项目当年预算变动情况 wins over
# 项目当年预算 and 项目执行单位 over 项目执行.  Fields named "_" are read only so that the
# text of the field before them stops there (personal data, reasons, targets).
_LABELS: dict[str, str] = {
    "项目名称": "name",
    "项目代码": "code",
    "项目编码": "code",
    "项目主管部门": "department",
    "主管部门": "department",
    "项目执行单位": "unit",
    "项目执行单": "unit",
    "项目执行": "unit",
    "项目实施单位": "unit",
    "执行单位": "unit",
    "实施单位": "unit",
    "项目类型": "category",
    "项目类别": "category",
    "项目安排频度": "frequency",
    "项目安排年度": "frequency",
    "项目属性": "frequency",
    "项目年度": "year",
    "项目主要内容": "content",
    "项目总预算": "total",
    "资金总额": "total",
    "年度资金总额": "current",  # the national form's 项目资金: 年度资金总额 / 其中：财政拨款 / 其他资金
    "项目当年预算": "current",
    "项目前两年预算及当年预算变动情况": "history",
    "项目前两年预算及当年": "history",
    "项目当年预算变动情况": "_",
    "项目资金来源": "funding",
    "预算申报项目资金来源": "funding",
    "项目资金（万元）": "funding",
    "项目资金(万元)": "funding",
    "项目资金": "funding",
    "项目支出明细预算": "_",
    "项目支出预算及测算依据": "_",
    "项目支出明细及依据": "details",
    "项目支出明细": "details",
    "测算依据及说明": "basis",
    # Stops: the field before them ends here.
    "项目负责人": "_",
    "联系电话": "_",
    "填报人": "_",
    "单位名称": "_",
    "项目申请理由": "_",
    "立项依据": "_",
    "项目实施方案": "_",
    "上年绩效评价结果": "_",
    "目标说明": "_",
    "项目绩效总目标": "_",
    "总体目标": "_",
    "年度总体目标": "_",
    "长期绩效目标": "_",
    "年度绩效目标": "_",
    "目标名称": "_",
    "一级指标": "_",
}
# Some labels carry the year (2024年预算申报项目资金来源); the year belongs to the label.
_LABEL_RE = re.compile(
    r"(?:\d{4}年度?)?(?P<label>" + "|".join(re.escape(k) for k in sorted(_LABELS, key=len, reverse=True)) + ")"
)
# Where the form's head ends and its goal and indicator tables begin.
_HEAD_END = {"目标说明", "项目绩效总目标", "总体目标", "年度总体目标", "长期绩效目标", "年度绩效目标", "目标名称", "一级指标"}


@dataclass(frozen=True)
class Field:
    name: str  # field name from _LABELS
    label: str  # the label as matched
    value: str  # whitespace-free text up to the next label
    line: int  # line of the label
    last_line: int  # line of the value's last character (or of the label when empty)
    value_lines: tuple[int, ...] = ()  # line of each character of value


@dataclass(frozen=True)
class FlatText:
    text: str
    line_of: tuple[int, ...]


_MARKDOWN_ROW = re.compile(r"^\s*\|.*\|\s*$")


def flatten(lines: list[str], first: int, last: int) -> FlatText:
    """The lines' text without whitespace; a Markdown row's cell bars count as whitespace."""
    chars: list[str] = []
    owners: list[int] = []
    for n in range(first, min(last, len(lines)) + 1):
        line = lines[n - 1]
        if _MARKDOWN_ROW.match(line):
            line = "" if re.fullmatch(r"[\s|:-]+", line) else line.replace("|", " ")
        for ch in line:
            if not ch.isspace():
                chars.append(ch)
                owners.append(n)
    return FlatText("".join(chars), tuple(owners))


def form_fields(lines: list[str], first: int, last: int) -> list[Field]:
    """The labelled fields of the form printed on lines first..last, in order, up to its goals."""
    flat = flatten(lines, first, last)
    matches = list(_LABEL_RE.finditer(flat.text))
    out: list[Field] = []
    for k, m in enumerate(matches):
        label = m.group("label")
        if label in _HEAD_END:
            # Kept as the last field so that the block before it knows where it ends.
            out.append(Field("end", label, "", flat.line_of[m.start()], flat.line_of[m.end() - 1]))
            break
        end = matches[k + 1].start() if k + 1 < len(matches) else len(flat.text)
        begin = m.end()
        while begin < end and flat.text[begin] in "：:":
            begin += 1
        value = flat.text[begin:end]
        last_line = flat.line_of[end - 1] if end > m.end() else flat.line_of[m.end() - 1]
        out.append(Field(_LABELS[label], label, value, flat.line_of[m.start()], last_line,
                         flat.line_of[begin:end]))
    return out


def first_field(fields: list[Field], name: str) -> Optional[Field]:
    return next((f for f in fields if f.name == name), None)
