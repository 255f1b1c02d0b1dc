"""The standard tables of the genre: every printed title of the real disclosures is identified."""
from pathlib import Path

import pytest

from kg_build.rulebook.standard_tables import (
    BUDGET, BY_KEY, FINAL, identify, is_budget_table_title, is_table_total, is_total_label, national_set,
    printed_number,
)

REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "real"
TEMPLATE = REAL / "财政部_部门决算模板_附件2.pdf"


def test_national_sets_have_nine_numbered_tables():
    for phase in (BUDGET, FINAL):
        tables = national_set(phase)
        assert [t.number(phase) for t in tables] == list(range(1, 10))
    assert [t.title(BUDGET) for t in national_set(BUDGET)][:3] == ["部门收支总表", "部门收入总表", "部门支出总表"]


def _template_contents() -> list[str]:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(TEMPLATE) as pdf:
        text = pdf.pages[1].extract_text()
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("第二部分"))
    end = next(i for i, l in enumerate(lines) if l.startswith("第三部分"))
    return [l.split("、", 1)[1] for l in lines[start + 1 : end]]


def test_the_national_final_account_template_lists_the_nine_tables_in_order():
    titles = _template_contents()
    assert len(titles) == 9
    assert [identify(t) for t in titles] == national_set(FINAL)
    assert [t.title(FINAL) for t in national_set(FINAL)] == [t.replace('"', "") for t in titles]


@pytest.mark.parametrize("title,key", [
    # printed in the Jiangsu disclosures of ../shared/real (2017-2019)
    ("收支预算总表", "summary"),
    ("一、收支预算总表", "summary"),
    ("收入预算总表", "income"),
    ("支出预算总表", "expenditure"),
    ("财政拨款收支预算总表", "appropriation_summary"),
    ("财政拨款支出预算表（功能科目）", "appropriation_expenditure"),
    ("五、财政拨款支出预算表", "appropriation_expenditure"),
    ("财政拨款基本支出预算表（经济科目）", "appropriation_basic"),
    ("一般公共预算支出预算表（功能科目）", "general_expenditure"),
    ("一般公共预算基本支出预算表（经济科目）", "general_basic"),
    ("“三公”经费、会议费、培训费支出预算表（一般公共预算）", "three_public"),
    ("财政拨款政府性基金支出预算表", "government_fund"),
    ("一般公共预算机关运行经费支出预算表", "running_costs"),
    ("2019年政府采购预算表", "procurement"),
    ("六、2017年度江苏省高级人民法院部门财政拨款基本支出预算表", "appropriation_basic"),
    ("七、2017年度江苏省高级人民法院部门政府性基金支出预算表", "government_fund"),
    # national and other provinces' titles
    ("部门收支总表", "summary"),
    ("2024 年度收入决算表", "income"),
    ("部门支出总表", "expenditure"),
    ("收入支出决算总表", "summary"),
    ("一般公共预算财政拨款支出决算表", "general_expenditure"),
    ("一般公共预算“三公”经费支出表", "three_public"),
    ("国有资本经营预算财政拨款收入支出决算表", "state_capital"),
    ("项目支出表", "project_expenditure"),
    ("政府购买服务预算表", "purchased_services"),
])
def test_printed_titles_are_identified(title, key):
    assert identify(title) is BY_KEY[key]


@pytest.mark.parametrize("title", [
    "上海市 XX 局 2024 年度部门决算表",  # the title of the whole part, not of a table
    "项目支出绩效目标表",
    "部门整体支出绩效目标申报表",
    "项目支出绩效自评表",
    "收支预算总表说明",
])
def test_other_titles_are_no_standard_table(title):
    assert identify(title) is None


def test_budget_table_titles_exclude_performance_forms():
    assert is_budget_table_title("部门支出总表")
    assert not is_budget_table_title("项目支出绩效目标表")


@pytest.mark.parametrize("printed,number", [
    ("公开05表", 5), ("公开 01 表", 1), ("表十一", 11), ("公开表十二", 12), ("公开表三", 3), ("预算03表", 3),
    ("表 3", 3), ("表3-1", 3), ("附表2", 2), ("表二十一", 21),
])
def test_printed_table_numbers(printed, number):
    assert printed_number(printed) == number


def test_a_title_is_no_table_number():
    assert printed_number("收支预算总表") is None


def test_total_labels():
    assert is_table_total("合 计") and is_table_total("总计")
    assert not is_table_total("小计") and is_total_label("小计")
    assert is_total_label("本年支出合计") and not is_total_label("合计数额")


def test_every_expenditure_class_of_the_national_template_has_its_code():
    from kg_build.rulebook.functional_classes import functional_class_code

    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(TEMPLATE) as pdf:
        text = pdf.pages[4].extract_text()  # 收入支出决算总表: the 类 of expenditure by name
    names = [part.split("、", 1)[1] for line in text.splitlines() for part in line.split()
             if "、" in part and part.endswith("支出") and not part.split("、", 1)[1].endswith("收入")]
    assert len(names) == 24
    codes = [functional_class_code(n) for n in names]
    assert None not in codes, [n for n, c in zip(names, codes) if c is None]
    assert codes[0] == "201" and functional_class_code("卫生健康支出") == "210" and codes[-1] == "234"
