"""The statements reader: figures the 情况说明 and the department form state, and the parts printed."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg_build.extract import extract
from kg_build.records import DocumentPart, Statement

CORPUS = Path(__file__).resolve().parent.parent / "data" / "sources"
BUDGET_003 = CORPUS / "003_597bd8ff4493ea7c.txt"
FINAL_004 = CORPUS / "004_d431fbb1a7fb7554.txt"


@pytest.fixture(scope="module")
def records():
    result = extract([BUDGET_003, FINAL_004])
    return [r for r in result.records if isinstance(r, (Statement, DocumentPart))]


def stated(records, file, line, subject):
    return [r for r in records if isinstance(r, Statement) and r.prov.document == file
            and r.prov.line_start == line and r.subject == subject]


def test_prose_total_is_read_with_its_change_on_the_previous_year(records):
    (s,) = stated(records, BUDGET_003.name, 43, "收入总计")
    assert (s.amount, s.unit, s.year, s.context, s.change) == (Decimal("11224.43"), "万元", 2024, "说明", Decimal("-1105.05"))
    assert s.prov.quote.startswith("通城县医疗保障局2024年收入预算总额11224.43万元")


def test_department_form_funds_are_stated_figures_of_the_form(records):
    (s,) = stated(records, BUDGET_003.name, 123, "基本支出")
    assert (s.amount, s.context) == (Decimal("728.73"), "部门整体绩效目标表")
    assert [r.amount for r in stated(records, BUDGET_003.name, 131, "项目支出")] == [Decimal("7999.7")]


def test_a_project_named_before_项目支出_is_no_statement_of_the_department(records):
    assert not stated(records, FINAL_004.name, 617, "项目支出")  # 保机构运转项目支出 61.09 万元


def test_budget_and_final_figures_of_one_sentence_are_told_apart(records):
    by_measure = {s.measure: s.amount for s in stated(records, FINAL_004.name, 562, "三公经费")}
    assert by_measure == {"预算": Decimal("2.29"), "决算": Decimal("2.29")}


def test_figures_after_其中_narrow_to_the_fund_the_paragraph_names(records):
    assert [s.amount for s in stated(records, FINAL_004.name, 482, "一般公共预算财政拨款项目支出")] == [Decimal("30733.91")]
    assert not stated(records, FINAL_004.name, 482, "项目支出")


def test_percent_change_keeps_its_printed_precision(records):
    (s,) = stated(records, FINAL_004.name, 432, "收入合计")
    assert (s.change, s.change_percent, s.printed_percent) == (Decimal("-33218.60"), Decimal("-48.0"), "48.0")


def test_a_figure_printed_in_元_is_normalised_and_keeps_its_unit(records):
    (budget,) = [s for s in stated(records, FINAL_004.name, 512, "功能科目") if s.measure == "预算"]
    assert (budget.printed_amount, budget.unit, budget.amount) == ("926.04", "元", Decimal("0.092604"))
    assert budget.qualifier.endswith("其他公共卫生支出")


def test_the_nine_final_account_tables_are_found_and_the_empty_one_says_so(records):
    tables = [p for p in records if isinstance(p, DocumentPart) and p.kind == "table"]
    assert len({t.standard_table for t in tables}) == 9
    (empty,) = [t for t in tables if t.empty]
    assert empty.standard_table == "state_capital"
    assert empty.empty_note.startswith("本部门 2024 年度无国有资本经营预算")


def test_headings_carry_the_year_they_name(records):
    headings = {p.title: p.year for p in records if isinstance(p, DocumentPart) and p.kind == "heading"}
    assert headings["2024 年度部门决算情况说明"] == 2024


def test_a_numbered_title_is_a_table_when_a_unit_follows_and_a_contents_line_otherwise(tmp_path):
    text = "\n".join([
        "武汉市洪山区示例局2024年部门预算", "", "目录", "一、2024年收支预算总表", "二、2024年收入预算总表", "",
        "第二部分 2024年部门预算表", "一、2024年收支预算总表", "单位：万元", "收入\t金额\t支出\t金额",
        "一般公共预算拨款收入\t1,200.00\t一般公共服务支出\t1,200.00", "",
        "二、2024年收入预算总表", "单位：万元", "注：本单位无其他收入，本表无数据。",
    ])
    path = tmp_path / "示例局2024年部门预算.txt"
    path.write_text(text, encoding="utf-8")
    parts = [r for r in extract([path]).records if isinstance(r, DocumentPart) and r.kind == "table"]
    assert [(p.prov.line_start, p.standard_table, p.empty, bool(p.empty_note)) for p in parts] == [
        (8, "summary", False, False), (13, "income", True, True)]
