"""The genre's words as data: each list reads what the genre prints."""
from __future__ import annotations

import re
import unicodedata

import pytest

from kg_build.docnumber import normalise_doc_number
from kg_build.rulebook.brackets import CLOSING, OPENING, YEAR_BRACKETS
from kg_build.rulebook.divisions import PROVINCE_ABBREVIATIONS, short_form
from kg_build.rulebook.indicator_levels import LEVEL1, LEVEL2
from kg_build.rulebook.ordinals import ANY_MARKER
from kg_build.rulebook.organisations import ORGANISATION_SUFFIXES, suffix_pattern
from kg_build.regions import region


@pytest.mark.parametrize("opening, closing", YEAR_BRACKETS, ids=[o + c for o, c in YEAR_BRACKETS])
def test_every_bracket_glyph_reads_as_a_doc_number(opening, closing):
    assert normalise_doc_number(f"鄂政办发{opening}2007{closing}116号") == "鄂政办发〔2007〕116号"
    assert normalise_doc_number(f"根据苏财预 {opening} 2019 {closing} 7 号填列") == "苏财预〔2019〕7号"


def test_bracket_glyphs_cover_the_full_width_compatibility_and_vertical_forms():
    # every compatibility form of a listed glyph is listed too, and the other way round
    for glyph in OPENING + CLOSING:
        folded = unicodedata.normalize("NFKC", glyph)
        assert folded in OPENING + CLOSING, glyph
    assert {"﹝", "︹", "⦅", "〘", "〖", "［", "【", "„"} <= set(OPENING)
    assert len(set(OPENING)) == len(OPENING) and len(set(CLOSING)) == len(CLOSING)


def test_mismatched_brackets_from_a_conversion_still_read():
    assert normalise_doc_number("川财预〔2023］12号") == "川财预〔2023〕12号"


@pytest.mark.parametrize(
    "name, suffix",
    [("洪山区医疗保障局", "局"), ("武汉市卫生健康委员会", "委员会"), ("江汉区保健医疗办公室", "办公室"),
     ("江苏省人大常委会办公厅", "办公厅"), ("湖北省疾病预防控制中心", "中心"), ("江苏省高级人民法院", "院")],
)
def test_organisation_suffixes_end_the_names_of_public_bodies(name, suffix):
    m = re.search(suffix_pattern() + "$", name)
    assert m and m.group() == suffix


def test_organisation_suffixes_are_tried_longest_first():
    pattern = suffix_pattern()
    assert re.search(pattern + "$", "某某委员会").group() == "委员会"
    assert set(ORGANISATION_SUFFIXES) >= {"局", "委员会", "办公室", "中心", "院"}


@pytest.mark.parametrize("line", ["第一部分 部门概况", "一、收支预算总体情况", "（三）机关运行经费", "(二)政府采购", "1.保障经费", "2、项目支出", "12．其他", "（廿一）其他支出", "三.项目支出"])
def test_ordinal_markers_start_headings_and_items(line):
    assert re.match(ANY_MARKER, line)


@pytest.mark.parametrize("line", ["1.5万元", "2024年", "一般公共预算"])
def test_numbers_that_are_not_ordinals(line):
    assert not re.match(ANY_MARKER, line)


def test_every_second_indicator_level_belongs_to_a_first_level():
    assert set(LEVEL2.values()) <= set(LEVEL1)
    assert LEVEL2["数量指标"] == "产出指标" and LEVEL2["服务对象满意度指标"] == "满意度指标"
    assert LEVEL2["经济成本指标"] == "成本指标"


def test_province_abbreviations_name_every_provincial_division_once():
    seen = [a for abbreviations in PROVINCE_ABBREVIATIONS.values() for a in abbreviations]
    assert len(seen) == len(set(seen))
    assert all(region(code) is not None and region(code).level == "province" for code in PROVINCE_ABBREVIATIONS)
    assert region("44").name == "广东省" and "粤" in PROVINCE_ABBREVIATIONS["44"]


@pytest.mark.parametrize(
    "name, short",
    [("湖北省", "湖北"), ("洪山区", "洪山"), ("恩施土家族苗族自治州", "恩施"), ("新疆维吾尔自治区", "新疆"),
     ("积石山保安族东乡族撒拉族自治县", "积石山"), ("神农架林区", "神农架"), ("阿拉善盟", "阿拉善")],
)
def test_short_forms_drop_the_division_word_and_the_peoples(name, short):
    assert short_form(name) == short


@pytest.mark.parametrize("text, in_words", [
    ("有效缓解", True), ("明显提升", True), ("逐步改善", True), ("进一步提高", True),
    # names and their wrapped tails are not values
    ("家长接送困难问题缓解程度", False), ("完成", False), ("满意度", False), ("≥90%", False),
])
def test_a_target_in_words_is_a_degree_and_a_direction(text, in_words):
    from kg_build.extract.indicator_vocabulary import is_value_in_words

    assert is_value_in_words(text) is in_words
