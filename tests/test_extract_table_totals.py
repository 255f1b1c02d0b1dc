"""Budget tables' printed 合计 rows and the 三公经费 form's uncoded figures."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from conftest import records_of
from kg_build.extract import extract
from kg_build.records import BudgetLine

GENRE = Path(__file__).parent / "genre" / "budget"


def _lines(result, stem: str) -> list[BudgetLine]:
    return records_of(result, stem, BudgetLine)


def _by_column(lines, **want) -> dict[str, Decimal]:
    found = [l for l in lines if all(getattr(l, k) == v for k, v in want.items())]
    assert len({l.column for l in found}) == len(found), found
    return {l.column: l.amount for l in found}


def test_pdf_total_row_is_read_per_column_without_a_code(corpus_extraction):
    lines = [l for l in _lines(corpus_extraction, "001") if l.table_number == "表 3" and l.classification == "total"]
    assert {l.column: l.amount for l in lines} == {
        "合计": Decimal("991.65"), "基本支出": Decimal("462.83"), "项目支出": Decimal("528.82"),
    }
    assert {(l.code, l.name, l.prov.line_start, l.prov.quote) for l in lines} == {
        (None, "合计", 558, "合计 991.65 462.83 528.82"),
    }


def test_project_table_total_is_kept_even_where_the_rows_add_up_to_more(corpus_extraction):
    lines = [l for l in _lines(corpus_extraction, "002") if l.table_number == "预算11表" and l.column == "合计"]
    total = [l for l in lines if l.classification == "total"]
    rows = [l.amount for l in lines if l.classification == "project"]
    assert [(t.amount, t.printed_amount, t.prov.line_start) for t in total] == [(Decimal("5101.30"), "5,101.30", 371)]
    assert sum(rows) == Decimal("5131.30")  # the source's own inconsistency, left for the checks to find


def test_tab_totals_take_the_columns_of_their_cells(corpus_extraction):
    lines = _lines(corpus_extraction, "004")
    assert _by_column(lines, table_number="公开 03 表", classification="total") == {
        "合计": Decimal("35745.84"), "基本支出": Decimal("2245.68"), "项目支出": Decimal("33500.17"),
    }


def test_two_sided_summaries_and_subtotals_give_no_table_total(corpus_extraction):
    lines = [l for l in corpus_extraction.records if isinstance(l, BudgetLine) and l.classification == "total"]
    assert lines and all(l.name == "合计" and l.code is None for l in lines)
    assert not [l for l in lines if re.search(r"收支.*总表|收入支出.*总表", l.table)]


def test_total_printed_below_the_rows_in_pdf_text_is_read_as_printed():
    lines = _lines(extract([GENRE / "xinzhou_2024_totals.txt"]), "xinzhou")
    total = _by_column(lines, table_number="表 3", classification="total")
    assert total == {"合计": Decimal("650.20"), "基本支出": Decimal("420.20"), "项目支出": Decimal("230.00")}
    top = _by_column(lines, table_number="表 3", code="201")
    assert top["合计"] != total["合计"]  # the fixture's total disagrees with its rows, as printed
    assert _by_column(lines, table_number="表 10", classification="total") == {"合计": Decimal("220.00")}


def test_three_public_figures_of_a_pdf_form_follow_the_standard_columns():
    lines = _lines(extract([GENRE / "xinzhou_2024_totals.txt"]), "xinzhou")
    assert _by_column(lines, table_number="表 7", classification="三公") == {
        "合计": Decimal("12.50"), "因公出国（境）费": Decimal("0.00"), "公务用车购置及运行费": Decimal("10.00"),
        "公务用车购置费": Decimal("0.00"), "公务用车运行费": Decimal("10.00"), "公务接待费": Decimal("2.50"),
    }
    assert {(l.code, l.name, l.prov.line_start) for l in lines if l.classification == "三公"} == {(None, "“三公”经费", 60)}


def test_three_public_zeros_of_the_corpus_pdf_are_read(corpus_extraction):
    lines = _by_column(_lines(corpus_extraction, "001"), table_number="表 7", classification="三公")
    assert set(lines) == {"合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费"}
    assert set(lines.values()) == {Decimal("0.00")}


def test_final_account_three_public_table_keeps_budget_and_final_figures_apart(corpus_extraction):
    lines = _by_column(_lines(corpus_extraction, "004"), table_number="公开 09 表", classification="三公")
    assert lines == {
        f"{group}·{column}": Decimal("2.29")
        for group in ("预算数", "决算数") for column in ("合计", "公务用车购置及运行费", "公务用车运行费")
    }
    assert not [w for w in corpus_extraction.warnings if w.document.startswith("004") and "三公" in w.message]


def test_markdown_final_account_three_public_table_with_printed_variants():
    lines = _lines(extract([GENRE / "huangpi_2023_final_sangong.md"]), "huangpi")
    assert _by_column(lines, table_number="公开 09 表", classification="三公") == {
        "预算数·合计": Decimal("8.00"), "预算数·公务用车购置及运行费": Decimal("6.00"),
        "预算数·公务用车运行费": Decimal("6.00"), "预算数·公务接待费": Decimal("2.00"),
        "决算数·合计": Decimal("7.35"), "决算数·公务用车购置及运行费": Decimal("5.60"),
        "决算数·公务用车运行费": Decimal("5.60"), "决算数·公务接待费": Decimal("1.75"),
    }
    assert _by_column(lines, table_number="公开 03 表", classification="total")["合计"] == Decimal("1308.40")


def test_three_public_row_that_does_not_fit_the_form_warns_by_line(tmp_path):
    text = (GENRE / "xinzhou_2024_totals.txt").read_text(encoding="utf-8")
    path = tmp_path / "short_row.txt"
    path.write_text(text.replace("12.50 0.00 10.00 0.00 10.00 2.50", "12.50 0.00 10.00"), encoding="utf-8")
    result = extract([path])
    assert not [l for l in _lines(result, "short_row") if l.classification == "三公"]
    assert [w.line for w in result.warnings if "三公 row prints 3 figures" in w.message] == [60]


def test_a_final_accounts_summary_table_gives_its_sides_totals_and_carry_overs(corpus_extraction):
    # 公开01表 of sample 004: 本年支出合计 35,745.84 + 年末结转和结余 233.75 = 总计 35,979.59 on both
    # sides; each side's bare 总计 is named by the side it is printed under
    lines = [l for l in _lines(corpus_extraction, "004") if l.table_number == "公开 01 表" and l.classification == "balance"]
    assert {l.name: l.amount for l in lines} == {
        "本年收入合计": Decimal("35979.59"), "本年支出合计": Decimal("35745.84"), "年末结转和结余": Decimal("233.75"),
        "收入总计": Decimal("35979.59"), "支出总计": Decimal("35979.59"),
    }


def test_a_budgets_summary_in_pdf_text_gives_both_sides_totals_and_carry_overs(corpus_extraction):
    # '上年结转结余 0.00 年终结转结余 0.00' / '收入总计 991.65 支出总计 991.65' (sample 001, 表 1)
    lines = [l for l in _lines(corpus_extraction, "001") if l.table == "部门收支总表" and l.classification == "balance"]
    assert {l.name: l.amount for l in lines} == {
        "本年收入合计": Decimal("991.65"), "本年支出合计": Decimal("991.65"), "上年结转结余": Decimal("0.00"),
        "年终结转结余": Decimal("0.00"), "收入总计": Decimal("991.65"), "支出总计": Decimal("991.65"),
    }
