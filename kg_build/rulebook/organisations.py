"""What the names of public bodies end with (局, 委员会, 办公室, 中心 ...).

An organisation's name is a region (optional), a subject and one of these words; a budget
unit may add 本级 (its department's own unit), printed bare or in brackets.
"""
from __future__ import annotations

# Longest first, so that 委员会 is tried before 会 and 办公室 before 室.
ORGANISATION_SUFFIXES: tuple[str, ...] = (
    "委员会", "办公室", "办公厅", "人民政府", "政府", "学校", "中心", "局", "委", "院", "厅", "部",
    "站", "所", "馆", "队", "会", "处", "室", "团", "社",
)
# The suffixes that make a department-level body (not a 科室 or a service unit).
DEPARTMENT_SUFFIXES: tuple[str, ...] = ("委员会", "办公室", "办公厅", "局", "中心", "院")
OWN_UNIT = "本级"
OWN_UNIT_PATTERN = r"(?:本级|[（(]本级[)）])"
# Short forms printed for department names, expanded so that both spellings meet.
DEPARTMENT_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("医保局", "医疗保障局"),
    ("卫健局", "卫生健康局"),
    ("卫健委", "卫生健康委员会"),
    ("人社局", "人力资源和社会保障局"),
)
# An internal section (科室: 家发科, 基卫科) ends with one of these, never contains an agency's
# own marker, and is short.
INTERNAL_SECTION_SUFFIXES: tuple[str, ...] = ("科", "股", "室", "处", "组")
AGENCY_MARKERS: tuple[str, ...] = ("局", "委", "办", "中心", "院", "站", "所")
INTERNAL_SECTION_MAX_LENGTH = 8


def suffix_pattern(suffixes: tuple[str, ...] = ORGANISATION_SUFFIXES) -> str:
    """A regular-expression alternation of `suffixes`, longest first."""
    return "(?:" + "|".join(sorted(suffixes, key=len, reverse=True)) + ")"
