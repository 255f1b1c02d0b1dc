"""Parsing the value printed in an indicator cell."""
from decimal import Decimal

import pytest

from kg_build.indicator_values import indicator_value, is_figure, parse_value

D = Decimal

CASES = [
    ("≥3600人次", "≥", D("3600"), None, "人次"),
    ("≥3600 人次", "≥", D("3600"), None, "人次"),
    ("100%", "=", D("100"), None, "%"),
    ("3500元/人", "=", D("3500"), None, "元/人"),
    ("97%-100%", "range", D("97"), D("100"), "%"),
    ("6-9个月", "range", D("6"), D("9"), "个月"),
    ("≥90%", "≥", D("90"), None, "%"),
    ("≤5天", "≤", D("5"), None, "天"),
    (">95%", ">", D("95"), None, "%"),
    ("＞95%", ">", D("95"), None, "%"),
    ("≧90％", "≥", D("90"), None, "%"),
    (">=90%", "≥", D("90"), None, "%"),
    ("大于等于90%", "≥", D("90"), None, "%"),
    ("不低于95%", "≥", D("95"), None, "%"),
    ("90%以上", "≥", D("90"), None, "%"),
    ("10%以内", "≤", D("10"), None, "%"),
    ("１００％", "=", D("100"), None, "%"),
    ("0.98", "=", D("0.98"), None, None),  # a fraction: kept as printed, no unit
    ("66/人", "=", D("66"), None, "/人"),
    ("6家", "=", D("6"), None, "家"),
    ("0起", "=", D("0"), None, "起"),
    ("≤17万元", "≤", D("17"), None, "万元"),
    ("≤0.5%", "≤", D("0.5"), None, "%"),
    ("1次/年", "=", D("1"), None, "次/年"),
    ("≥200人次/年", "≥", D("200"), None, "人次/年"),
]


@pytest.mark.parametrize("raw,comparator,number,upper,unit", CASES, ids=[c[0] for c in CASES])
def test_figure_values_are_read_into_comparator_number_and_unit(raw, comparator, number, upper, unit):
    parsed = parse_value(raw)
    assert (parsed.comparator, parsed.number, parsed.upper, parsed.unit) == (comparator, number, upper, unit)


@pytest.mark.parametrize("raw", ["50%/100%", "70%/80%/100%", "60%/70%/80%/100%"])
def test_several_figures_in_one_cell_are_a_list_without_a_number(raw):
    parsed = parse_value(raw)
    assert parsed.comparator == "list" and parsed.number is None and is_figure(raw)


@pytest.mark.parametrize("raw", ["有所缓解", "优秀", "达标", "全覆盖", "应知尽知", "不低于上年", "及时", "按预定进度完成"])
def test_words_are_text_values_without_a_number(raw):
    parsed = parse_value(raw)
    assert parsed.comparator == "text" and parsed.number is None and parsed.unit is None
    assert not is_figure(raw)


def test_empty_value_is_refused():
    with pytest.raises(ValueError):
        parse_value("  ")


def test_indicator_value_keeps_role_year_and_the_printed_text():
    v = indicator_value("≥3600 人次", "target", 2024)
    assert (v.role, v.year, v.raw, v.comparator, v.number, v.unit) == ("target", 2024, "≥3600人次", "≥", D("3600"), "人次")
