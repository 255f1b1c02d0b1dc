"""The national gazetteer: every province, prefecture and county by name and short form."""
from __future__ import annotations

import pytest

from kg_build.regions import (
    all_regions, find_region, named_regions, parent_chain, region, region_from_code_prefix, region_prefix, resolve,
    strip_region_prefix,
)


def test_the_gazetteer_covers_the_country():
    regions = all_regions()
    levels = {level: sum(1 for r in regions if r.level == level) for level in ("province", "prefecture", "county")}
    # 34 provincial divisions; the dataset gives 台湾省 no code, so 33 have one
    assert levels["province"] >= 33 and levels["prefecture"] >= 330 and levels["county"] >= 2800
    assert all(r.parent is None or region(r.parent) is not None for r in regions)  # no dangling parent


@pytest.mark.parametrize(
    "name, code",
    [("湖北省", "42"), ("湖北", "42"), ("武汉市", "4201"), ("武汉", "4201"), ("洪山区", "420111"), ("洪山", "420111"),
     ("广东省", "44"), ("天河区", "440106"), ("成都市", "5101"), ("青羊区", "510105"), ("江苏省", "32"),
     ("广西壮族自治区", "45"), ("广西", "45"), ("恩施土家族苗族自治州", "4228"), ("长阳土家族自治县", "420528"),
     ("长阳", "420528"), ("仙桃市", "429004"), ("海淀区", "110108"), ("北京市", "11"), ("神农架林区", "429021")],
)
def test_every_level_resolves_by_full_name_and_short_form(name, code):
    assert resolve(name).code == code


def test_broader_chain_runs_up_to_the_province():
    assert [r.code for r in parent_chain("420111")] == ["420111", "4201", "42"]
    assert [r.name for r in parent_chain("420111")] == ["洪山区", "武汉市", "湖北省"]
    assert [r.code for r in parent_chain("110105")] == ["110105", "11"]  # a municipality's district
    assert [r.code for r in parent_chain("429004")] == ["429004", "42"]  # a county the province runs


def test_a_name_of_several_regions_is_settled_by_context_or_left_unresolved():
    assert resolve("朝阳区") is None  # 北京市 and 长春市 both have one
    assert resolve("朝阳区", context="11").code == "110105"
    assert resolve("朝阳区", context="2201").code == "220104"
    assert find_region("朝阳区卫生健康委员会") is None
    assert find_region("北京市朝阳区卫生健康委员会").code == "110105"
    assert find_region("长春市朝阳区财政局").code == "220104"
    assert find_region("朝阳区卫生健康委员会", context="110105").code == "110105"


def test_a_name_printed_after_a_region_must_lie_under_it():
    # 江海区 exists, in 江门市: printed after 武汉市 it is a misprint, not that district
    assert find_region("武汉市江海区卫生健康局").code == "4201"
    assert find_region("江门市江海区卫生健康局").code == "440704"


def test_two_character_names_count_only_where_a_name_is_expected():
    assert find_region("主城区道路维修") is None  # 城区 is a district of 阳泉市 and of 晋城市
    assert find_region("沛县财政局").code == "320322"
    assert find_region("徐州市沛县财政局").code == "320322"


def test_division_words_running_on_into_ordinary_words_name_no_region():
    assert find_region("加强河西区域生态保护") is None  # 区域, not 天津市河西区
    assert find_region("规范中山市场秩序") is None  # 市场, not 中山市
    assert find_region("中山市卫生健康局").code == "4420"


def test_a_region_printed_twice_in_a_row_is_still_that_region():
    assert find_region("2024 年江汉区江汉区保健医疗办公室").code == "420103"


def test_most_specific_region_wins_and_nested_names_are_read_whole():
    assert find_region("湖北省武汉市洪山区医疗保障局").code == "420111"
    assert find_region("东西湖区财政局").code == "420112"  # not 西湖区 of 杭州市
    assert find_region("某某部门") is None


def test_region_prefix_of_department_names():
    assert region_prefix("广东省广州市天河区卫生健康局") == ("广东省广州市天河区", [resolve("广东省"), resolve("广州市"), resolve("天河区")])
    assert strip_region_prefix("成都市青羊区民政局") == "民政局"
    assert strip_region_prefix("北京市朝阳区发展和改革委员会") == "发展和改革委员会"
    assert strip_region_prefix("江苏省财政厅") == "财政厅"
    assert strip_region_prefix("朝阳区") == "朝阳区"


def test_region_of_a_project_code():
    assert region_from_code_prefix("44010624001T000000001").name == "天河区"
    assert region_from_code_prefix("110100240001").name == "北京市"
    assert region_from_code_prefix("320000190001").name == "江苏省"
    assert region_from_code_prefix("abc") is None


def test_named_regions_report_where_each_name_stands():
    (n,) = named_regions("根据四川省财政厅通知")
    assert (n.start, n.end, n.region.code) == (2, 5, "51")
