"""The words of performance target tables: indicator levels, value-basis terms, labels.

Target tables across regions use one small vocabulary for the first and second indicator
levels (一级/二级指标, defined in :mod:`kg_build.rulebook.indicator_levels`) and for the basis
of a value (指标值确定依据).  Cells are often cut at a
line or column break (``满意度指`` for 满意度指标), so lookups accept a clear truncation.
Pure functions, no I/O.
"""
from __future__ import annotations

import re
from typing import Optional

from ..rulebook.brackets import CLOSING_CLASS, OPENING_CLASS
from ..rulebook.indicator_levels import LEVEL1, LEVEL2, VALUE_DEGREES, VALUE_DIRECTIONS
from .cells import squeeze

# Terms a 指标值确定依据 cell starts with.
BASIS_TERMS = (
    "计划数据", "计划标准", "计划指标", "计划要求", "工作计划", "工作要求", "上级目标", "上级标准", "上级要求",
    "历史数据", "历史标准", "行业标准", "行业数据", "问卷调查", "预算数据", "统计数据", "年度计划", "实施方案",
    "其他", "国家标准", "省级标准", "市级标准", "相关规定", "政策规定", "政策标准",
)

_VOCAB = tuple(LEVEL1) + tuple(LEVEL2)


def _complete(text: str, words) -> Optional[str]:
    """`text` itself, or the one word it is a clear truncation of (cut at a cell edge)."""
    if text in words:
        return text
    if len(text) < 4:
        return None
    hits = [w for w in words if w.startswith(text) and (len(w) - len(text) <= 2 or len(text) >= 7)]
    return min(hits, key=len) if hits else None


_VALUE_IN_WORDS = re.compile(
    "^(?:" + "|".join(sorted(VALUE_DEGREES, key=len, reverse=True)) + ")(?:" + "|".join(VALUE_DIRECTIONS) + ")$"
)


def is_value_in_words(text: str) -> bool:
    """A target stated in words ('有效缓解', '明显提升'): a value cell, not a piece of a name."""
    return bool(_VALUE_IN_WORDS.match(squeeze(text)))


def level_word(text: str) -> Optional[str]:
    """The level term a cell holds ('满意度指' -> '满意度指标'), or None."""
    return _complete(squeeze(text), _VOCAB)


def is_level1(word: str) -> bool:
    return word in LEVEL1


def level1_of(level2: str) -> Optional[str]:
    return LEVEL2.get(level2)


def is_third_level_name(word: str, row_has_level2: bool, before_value: bool) -> bool:
    """Whether a cell holding a second-level term is the row's 三级 name instead.

    Some second-level terms are also common indicator names (二级 服务对象满意度指标, 三级
    服务对象满意度).  A term ending in 指标 is always a level; a bare one is the name when
    the row's second level is already filled, or when a value follows it directly (a level
    cell always has a 三级 name after it).
    """
    if word not in LEVEL2 or word.endswith("指标"):
        return False
    return row_has_level2 or before_value


def vocabulary_prefix(text: str) -> bool:
    """True when `text` is the start of a level or basis term (a cell cut over lines)."""
    t = squeeze(text)
    return bool(t) and any(w.startswith(t) and w != t for w in _VOCAB + BASIS_TERMS)


def is_basis(text: str) -> bool:
    t = squeeze(text)
    return any(t.startswith(term) for term in BASIS_TERMS)


# Pieces of a 文号 (〔2023〕, 558 号、) or of a title (《…》): a citation cut over lines.
_DOC_NUMBER_PIECE = re.compile(rf"{OPENING_CLASS}\s*(?:19|20)\d{{2}}\s*{CLOSING_CLASS}|^\d+\s*号|号[、，。；]|[《》]")
_OPENERS, _CLOSERS = "（(", "）)"


def is_text_fragment(text: str) -> bool:
    """A piece of a sentence or of a 文号, cut out of a wrapped basis cell: never a name.

    Names may hold commas and bracketed units (参保人数（人）) but not a 文号, a title's
    marks, a full stop, or a bracket opened and not closed (…的通知（武财社).
    """
    t = squeeze(text)
    if _DOC_NUMBER_PIECE.search(t) or re.search(r"[。；]", t):
        return True
    return sum(t.count(c) for c in _OPENERS) != sum(t.count(c) for c in _CLOSERS)


def is_open_sentence(text: str) -> bool:
    """Text that stops inside a bracket (…的通知（武财社): its sentence goes on in a later cell."""
    t = squeeze(text)
    return sum(t.count(c) for c in _OPENERS) > sum(t.count(c) for c in _CLOSERS)


# Cells of the label column and of the header that carry no data of a row.
NOISE = {"目标", "绩效", "年度", "长期", "长效", "名称", "目标名称", "称", "名", "标", "目", "度", "效", "绩", "年", "期"}

GOAL_LABEL = re.compile(r"^(?P<h>长期|长效|年度)(?:绩效)?(?:目标|指标)(?P<n>\d+)?(?:表)?[:：]?$")
