"""What each amount column of a budget table means, read from its header.

Two ways in, one vocabulary out:

* tab-separated headers keep cell positions, so a column's meaning is the header cell above
  it, qualified by the group cell spanning it (``本年拨款`` over ``一般公共预算``);
* headers of PDF text lose positions and print spanned rows out of order (``基本支出 项目支出
  小计 人员经费 公用经费``), so their words are read in order and matched against the
  standard forms of the 部门预算/决算 tables, which fix the real column order.

Labels are normalised: whitespace removed, ``小计`` replaced by the group it totals,
``本年支出合计``/``本年收入合计`` by ``合计``.  Pure functions, no I/O.
"""
from __future__ import annotations

import re
from typing import Optional

from ..amounts import parse_amount
from ..rulebook.standard_tables import COLUMN_NAMES, FUND_SOURCES, GROUP_TOTAL, PHASE_COLUMNS, is_total_label
from .cells import squeeze

# Header cells that name a text column, not an amount column.
_TEXT_COLUMN = re.compile(
    r"^(?:项目|科目|科目名称|.*编码|.*代码|.*名称|类|款|项|栏次|行|行次|项目单位|.*品目|功能科目|"
    r"部门支出经济分类|资金来源|资金性质|计量单位|采购数量|购买数量|数量|单价.*|是否.*|.*目录|"
    r"收入|支出|政府购买服务内容|.*大类|专项名称|经济科目|采购(?!预算|金额|数).*|.*形式)$"
)
_TOTAL_GROUPS = set(PHASE_COLUMNS)
# Headings over one side of a two-sided 收支总表: they group items, not figures.
_SIDE_HEADINGS = {"收入", "支出", "功能分类", "支出用途", "经济分类", "支出功能分类", "支出经济分类"}
# Leaves that only mean something with the group above them.
_QUALIFIED_LEAVES = {"一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"}
_UNIT_SUFFIX = re.compile(r"[（(](?:万元|元)[)）]$")

# Words a header is made of, longest first so that 事业单位经营收入 wins over 事业收入.
VOCABULARY = COLUMN_NAMES

_TWO_LEVEL_SOURCES = list(FUND_SOURCES)
_INCOME_KINDS = ["财政专户管理资金", "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"]
_CARRY_KINDS = ["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]

# Standard forms whose PDF header words come out of order: (words as printed, real columns).
STANDARD_FORMS: list[tuple[list[str], list[str]]] = [
    (  # 一般公共预算支出表
        ["合计", "基本支出", "项目支出", "小计", "人员经费", "公用经费"],
        ["合计", "基本支出", "人员经费", "公用经费", "项目支出"],
    ),
    (  # 项目支出表
        ["合计", "本年拨款", "财政拨款结转结余", "财政专户管理资金", "单位资金"] + _TWO_LEVEL_SOURCES * 2,
        ["合计"]
        + [f"本年拨款·{s}" for s in _TWO_LEVEL_SOURCES]
        + [f"财政拨款结转结余·{s}" for s in _TWO_LEVEL_SOURCES]
        + ["财政专户管理资金", "单位资金"],
    ),
    (  # 部门收入总表
        ["合计", "本年收入", "上年结转结余", "小计", *_TWO_LEVEL_SOURCES, *_INCOME_KINDS, "小计", *_CARRY_KINDS],
        ["合计", "本年收入"]
        + [f"本年收入·{s}" for s in _TWO_LEVEL_SOURCES + ["财政专户管理资金"]]
        + _INCOME_KINDS[1:]
        + ["上年结转结余"]
        + [f"上年结转结余·{s}" for s in _CARRY_KINDS],
    ),
]
_FORMS_BY_WORDS = {tuple(sorted(words)): columns for words, columns in STANDARD_FORMS}
_STREAM_LABEL_END = ("科目名称", "单位名称", "项目单位", "项目名称")


def is_text_column(label: str) -> bool:
    return bool(_TEXT_COLUMN.match(squeeze(label)))


_WORDS = frozenset(COLUMN_NAMES)


def _is_word(text: str) -> bool:
    return text in _WORDS or is_text_column(text)


def join_broken(path: list[str]) -> list[str]:
    """Header cells of one column with a heading broken mid-word over lines rejoined
    (合 / 计, 基本支 / 出): pieces are joined when together, not alone, they are a heading."""
    out: list[str] = []
    for piece in path:
        if out and not _is_word(out[-1]) and _is_word(out[-1] + piece):
            out[-1] += piece
        elif out and not _is_word(out[-1]) and not _is_word(piece) and any(w.startswith(out[-1] + piece) for w in _WORDS):
            out[-1] += piece  # still a heading's beginning: more pieces follow
        else:
            out.append(piece)
    return out


def normalise_label(path: list[str]) -> str:
    """Header cells from the top group down to the leaf -> the column's meaning."""
    cells = join_broken([_UNIT_SUFFIX.sub("", squeeze(c)) for c in path if squeeze(c)])
    leaf, groups = cells[-1], cells[:-1]
    parent = groups[-1] if groups else None
    if leaf == "小计":
        return "合计" if parent is None or parent in _TOTAL_GROUPS else parent
    if leaf != GROUP_TOTAL and is_total_label(leaf):
        return "合计"
    if leaf in _TOTAL_GROUPS and parent and parent not in _SIDE_HEADINGS:
        return parent  # 人员经费 / 决算数: the group says what the figure is
    if leaf in _QUALIFIED_LEAVES and parent and parent not in _TOTAL_GROUPS:
        return f"{parent}·{leaf}"
    return leaf


# --- tab-separated headers -------------------------------------------------------------


def _first_amount_label(cells: list[str]) -> Optional[int]:
    for j, c in enumerate(cells):
        if c and not is_text_column(c) and parse_amount(c) is None:
            return j
    return None


def _align(rows: list[list[str]], first_amount_col: Optional[int], text_cols: set[int]) -> list[list[str]]:
    """Shift header rows exported with fewer leading cells than the data rows beneath them.

    A header row whose first amount label sits over the column where the rows print their
    names has lost the empty cells of a spanned label; move it right to the first amount
    column.
    """
    if first_amount_col is None:
        return rows
    aligned = []
    for cells in rows:
        first = _first_amount_label(cells)
        misplaced = first is not None and first < first_amount_col and first in text_cols
        aligned.append([""] * (first_amount_col - first) + cells if misplaced else cells)
    return aligned


def grid_labels(
    header_rows: list[list[str]], first_amount_col: Optional[int], text_cols: frozenset[int] = frozenset(),
    merged_cells: bool = True,
) -> dict[int, str]:
    """Column index -> meaning, for the amount columns of a tab-separated header.

    `first_amount_col` is where the rows' amounts begin and `text_cols` where they print
    names; both serve to realign header rows exported with missing cells.  `merged_cells`:
    an empty header cell is the continuation of a group heading to its left (tab exports, PDF
    grids), not so in space-aligned text, where a heading stands over its own column only.
    """
    rows = _align([[squeeze(c) for c in r] for r in header_rows], first_amount_col, set(text_cols))
    width = max((len(r) for r in rows), default=0)
    labels: dict[int, str] = {}
    for j in range(width):
        path: list[str] = []
        for r, cells in enumerate(rows):
            own = cells[j] if j < len(cells) else ""
            if own:
                path.append(own)
                continue
            k = min(j, len(cells)) - 1
            while k >= 0 and not cells[k]:
                k -= 1
            spans_lower = any(j < len(lower) and lower[j] for lower in rows[r + 1 :])
            if merged_cells and k >= 0 and spans_lower and not is_text_column(cells[k]):
                path.append(cells[k])
        if path and not is_text_column(path[-1]) and parse_amount(path[-1]) is None:
            labels[j] = normalise_label(path)
    return labels


# --- headers of PDF text ------------------------------------------------------------------


def header_words(text: str) -> list[str]:
    """The vocabulary words of a header, in printed order, after its last text-column label."""
    t = squeeze(text)
    cut = max((t.rfind(w) + len(w) for w in _STREAM_LABEL_END if w in t), default=0)
    t = t[cut:]
    words, i = [], 0
    while i < len(t):
        for w in VOCABULARY:
            if t.startswith(w, i):
                words.append(w)
                i += len(w)
                break
        else:
            i += 1
    return words


def stream_columns(header_text: str) -> tuple[list[str], bool]:
    """(columns in order, whether a standard form fixed their order) for a PDF-text header."""
    words = header_words(header_text)
    form = _FORMS_BY_WORDS.get(tuple(sorted(words)))
    if form is not None:
        return list(form), True
    columns: list[str] = []
    for w in words:
        label = normalise_label([w])
        if w in ("本年拨款", "财政拨款结转结余"):
            continue  # group words: their leaves follow
        columns.append(label)
    return columns, False
