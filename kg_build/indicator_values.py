"""Reading the value printed in a performance indicator's cell.  Pure functions, no I/O.

Target tables print values as ``≥3600人次``, ``97%-100%``, ``90%以上``, ``不低于95%``,
``3500元/人``, ``50%/100%`` (one figure per sub-group), ``0.98`` (a fraction, not a percent)
or as words (``有所缓解``, ``达标``).  :func:`parse_value` turns the text into a comparator,
a number (an upper bound for ranges) and a unit; words keep comparator ``"text"`` and no
number.  Several figures in one cell keep comparator ``"list"`` and only the raw text, since
which figure belongs to which sub-group is not printed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Optional

from .records import IndicatorValue

# Longest first: "大于等于" must win over "大于".
_WORD_COMPARATORS = (
    ("大于或等于", "≥"), ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"), ("至少", "≥"),
    ("高于等于", "≥"), ("小于或等于", "≤"), ("小于等于", "≤"), ("不高于", "≤"), ("不超过", "≤"),
    ("不多于", "≤"), ("不大于", "≤"), ("至多", "≤"), ("大于", ">"), ("高于", ">"), ("超过", ">"),
    ("多于", ">"), ("小于", "<"), ("低于", "<"), ("少于", "<"), ("等于", "="),
)
_SYMBOL_COMPARATORS = (
    (">=", "≥"), ("<=", "≤"), ("≧", "≥"), ("≦", "≤"), ("⩾", "≥"), ("⩽", "≤"), ("≥", "≥"), ("≤", "≤"),
    (">", ">"), ("<", "<"), ("=", "="),
)
# "90%以上" reads as "at least 90%".
_SUFFIX_COMPARATORS = (("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"))

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT = r"[^\d\s][^\s]{0,5}"
_SINGLE = re.compile(rf"^(?P<n>{_NUMBER})(?P<u>{_UNIT})?$")
_RANGE = re.compile(rf"^(?P<n>{_NUMBER})(?P<u1>[^\d\s\-~～—至到]{{0,6}})(?:-|~|～|—|–|至|到)(?P<m>{_NUMBER})(?P<u>{_UNIT})?$")
_LIST_PART = re.compile(rf"^[≥≤><]?{_NUMBER}%?$")


@dataclass(frozen=True)
class ParsedValue:
    comparator: str  # "≥" "≤" ">" "<" "=" "range" "list" "text"
    number: Optional[Decimal] = None
    upper: Optional[Decimal] = None
    unit: Optional[str] = None


def normalise(raw: str) -> str:
    """Fold full-width forms (１００％, ＞) to ASCII and drop the spaces PDF extraction inserts."""
    text = unicodedata.normalize("NFKC", raw)
    return re.sub(r"\s+", "", text).replace("％", "%")


def _decimal(text: str) -> Optional[Decimal]:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _split_comparator(text: str) -> tuple[Optional[str], str]:
    for word, symbol in _SYMBOL_COMPARATORS + _WORD_COMPARATORS:
        if text.startswith(word):
            return symbol, text[len(word):]
    return None, text


def _split_suffix(text: str) -> tuple[Optional[str], str]:
    for word, symbol in _SUFFIX_COMPARATORS:
        if text.endswith(word) and len(text) > len(word):
            return symbol, text[: -len(word)]
    return None, text


def _is_list(text: str) -> bool:
    parts = text.split("/")
    return len(parts) >= 2 and all(_LIST_PART.match(p) for p in parts)


def parse_value(raw: str) -> ParsedValue:
    """'≥3600 人次' -> ParsedValue('≥', 3600, None, '人次'); words -> ParsedValue('text')."""
    text = normalise(raw)
    if not text:
        raise ValueError("empty indicator value")
    if _is_list(text):
        return ParsedValue("list")
    comparator, rest = _split_comparator(text)
    suffix, rest = _split_suffix(rest)
    if comparator and suffix and comparator != suffix:
        return ParsedValue("text")
    comparator = comparator or suffix
    m = _RANGE.match(rest)
    if m and not comparator:
        low, high = _decimal(m["n"]), _decimal(m["m"])
        unit = m["u"] or m["u1"] or None
        if low is not None and high is not None and low <= high:
            return ParsedValue("range", low, high, unit)
    m = _SINGLE.match(rest)
    if m:
        number = _decimal(m["n"])
        if number is not None:
            return ParsedValue(comparator or "=", number, None, m["u"] or None)
    return ParsedValue("text")


def is_figure(raw: str) -> bool:
    """True for values that carry a figure (not words): the shape a value cell has."""
    return bool(raw.strip()) and parse_value(raw).comparator != "text"


def indicator_value(raw: str, role: str, year: Optional[int] = None) -> IndicatorValue:
    parsed = parse_value(raw)
    return IndicatorValue(
        role=role,
        raw=normalise(raw),
        year=year,
        comparator=parsed.comparator,
        number=parsed.number,
        upper=parsed.upper,
        unit=parsed.unit,
    )
