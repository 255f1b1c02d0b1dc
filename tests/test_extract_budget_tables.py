"""Budget-table rows in every layout: PDF text, tab-separated, one cell per line, Markdown, HTML."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import records_of
from kg_build.extract import extract
from kg_build.records import BudgetLine

GENRE = Path(__file__).parent / "genre" / "budget"


def _lines(result, stem: str) -> list[BudgetLine]:
    return records_of(result, stem, BudgetLine)


def _one(lines, **want) -> BudgetLine:
    found = [l for l in lines if all(getattr(l, k) == v for k, v in want.items())]
    assert len(found) == 1, (want, found)
    return found[0]


def _rows(lines) -> set:
    """The table rows read, the tables' own printed totals (a 收支总表's balance rows too) and 三公 figures aside."""
    return {(l.table, l.prov.line_start, l.code, l.name) for l in lines if l.classification not in ("total", "balance", "三公")}


@pytest.mark.parametrize("stem, low, high", [("000", 0, 0), ("001", 100, 125), ("002", 22, 30), ("003", 0, 0), ("004", 140, 155)])
def test_rows_read_per_document(corpus_extraction, stem, low, high):
    assert low <= len(_rows(_lines(corpus_extraction, stem))) <= high


def test_corpus_has_over_two_hundred_coded_rows(corpus_extraction):
    coded = {r for stem in ("001", "002", "004") for r in _rows(_lines(corpus_extraction, stem)) if r[2]}
    assert len(coded) >= 200


def test_pdf_row_of_expenditure_table(corpus_extraction):
    lines = _lines(corpus_extraction, "001")
    total = _one(lines, table="部门支出总表", code="2101301", column="合计")
    project = _one(lines, table="部门支出总表", code="2101301", column="项目支出")
    assert (total.name, total.amount, project.amount) == ("城乡医疗救助", Decimal("500.00"), Decimal("500.00"))
    assert (total.table_number, total.classification, total.phase, total.fiscal_year) == ("表 3", "functional", "预算", 2024)
    assert total.department == "武汉市洪山区医疗保障局"
    assert total.prov.quote == "2101301 城乡医疗救助 500.00 0.00 500.00"


def test_pdf_header_printed_out_of_order_is_read_by_the_standard_form(corpus_extraction):
    lines = _lines(corpus_extraction, "001")
    row = {l.column: l.amount for l in lines if l.table == "一般公共预算支出表" and l.code == "210"}
    assert row == {"合计": Decimal("902.16"), "基本支出": Decimal("373.34"), "人员经费": Decimal("126.26"),
                   "公用经费": Decimal("247.08"), "项目支出": Decimal("528.82")}


def test_economic_codes_of_basic_expenditure(corpus_extraction):
    line = _one(_lines(corpus_extraction, "001"), table="一般公共预算基本支出表", code="30213", column="公用经费")
    assert (line.name, line.amount, line.classification) == ("维修（护）费", Decimal("190.00"), "economic")


def test_names_broken_over_lines_are_joined_and_quoted(corpus_extraction):
    line = _one(_lines(corpus_extraction, "001"), table="部门支出总表", code="2080505", column="合计")
    assert line.name == "机关事业单位基本养老保险缴费支出"
    assert (line.prov.line_start, line.prov.line_end) == (580, 584)
    assert line.prov.quote.splitlines()[0] == "2080505"


def test_amounts_broken_over_lines_are_rejoined(corpus_extraction):
    lines = [l for l in _lines(corpus_extraction, "001") if l.table == "部门收入总表" and l.code == "043001"]
    assert len(lines) == 17
    assert {l.printed_amount for l in lines} == {"991.65", "0.00"}


def test_project_rows_use_the_project_code(corpus_extraction):
    lines = _lines(corpus_extraction, "001")
    line = _one(lines, table="项目支出表", code="42011124043T000000101", column="合计")
    assert (line.classification, line.name, line.amount) == ("project", "医疗救助", Decimal("500.00"))
    assert _one(lines, table="项目支出表", code="043001", column="合计").classification == "unit"


def test_tab_separated_tables(corpus_extraction):
    lines = _lines(corpus_extraction, "002")
    line = _one(lines, table_number="预算05表", code="210", column="合计")
    assert (line.name, line.printed_amount, line.amount) == ("卫生健康支出", "3,842.30", Decimal("3842.30"))
    assert not [l for l in lines if l.table_number == "预算05表" and l.code == "210" and l.column == "基本支出"]
    unit = _one(lines, table_number="预算06表", code="204002", column="项目支出")
    assert unit.classification == "unit"
    project = _one(lines, table_number="预算11表", code="42010324204T000000106", column="本年拨款·一般公共预算")
    assert (project.name, project.amount) == ("子女互助合作医疗", Decimal("182.20"))


def test_final_account_tables_print_both_figures_for_health(corpus_extraction):
    lines = _lines(corpus_extraction, "004")
    summary = _one(lines, table_number="公开 01 表", code="210")
    detail = _one(lines, table_number="公开 03 表", code="210", column="合计")
    assert (summary.amount, detail.amount) == (Decimal("33163.28"), Decimal("33163.29"))
    assert (summary.prov.line_start, detail.prov.line_start) == (106, 200)
    assert summary.phase == detail.phase == "决算"
    assert summary.department == "武汉市洪山区卫生健康局本级"


def test_misaligned_tab_header_columns(corpus_extraction):
    lines = _lines(corpus_extraction, "004")
    income = {l.column: l.amount for l in lines if l.table_number == "公开 02 表" and l.code == "210"}
    assert income == {"合计": Decimal("33397.03"), "财政拨款收入": Decimal("32397.03"), "其他收入": Decimal("1000.00")}
    fund = {l.column for l in lines if l.table_number == "公开 07 表" and l.code == "212"}
    assert fund == {"本年收入", "本年支出", "项目支出"}


def test_several_code_groups_on_one_printed_line(corpus_extraction):
    lines = [l for l in _lines(corpus_extraction, "004") if l.prov.line_start == 333]
    assert {(l.code, l.column, l.amount) for l in lines} == {
        ("30101", "人员经费", Decimal("290.35")), ("30201", "公用经费", Decimal("3.58")),
    }


def test_income_rows_of_two_sided_summary(corpus_extraction):
    lines = _lines(corpus_extraction, "001")
    line = _one(lines, table="部门收支总表", classification="income", name="一般公共预算拨款收入")
    assert (line.code, line.amount, line.column) == (None, Decimal("991.65"), "预算数")
    broken = _one(lines, table="部门收支总表", code="215")
    assert broken.name == "资源勘探工业信息等支出"


def test_every_quote_is_printed_text(corpus_extraction, corpus_dir):
    for stem in ("001", "002", "004"):
        lines = _lines(corpus_extraction, stem)
        text = (corpus_dir / lines[0].prov.document).read_text(encoding="utf-8").split("\n")
        for l in lines:
            assert l.printed_amount in l.prov.quote.replace("\n", "")  # a figure may break over lines
            printed = "\n".join(t.strip() for t in text[l.prov.line_start - 1 : l.prov.line_end] if t.strip())
            assert l.prov.quote == printed


def test_tab_separated_yuan_and_split_codes():
    lines = _lines(extract([GENRE / "qingshan_2023_tab.txt"]), "qingshan")
    line = _one(lines, table_number="表5", code="2070101", column="人员经费")
    assert (line.name, line.amount, line.printed_amount, line.printed_unit) == ("行政运行", Decimal("90"), "900,000.00", "元")
    assert (line.fiscal_year, line.department) == (2023, "武汉市青山区文化和旅游局")
    assert _one(lines, table_number="表6", code="112002", column="合计").amount == Decimal("52")
    assert len(_rows(lines)) == 10


def test_markdown_and_html_tables():
    result = extract([GENRE / "jiangan_2023.md", GENRE / "hanyang_2024.html"])
    md = _lines(result, "jiangan")
    assert _one(md, code="2050201", column="项目支出").amount == Decimal("300.00")
    assert not [l for l in md if l.code == "2050201" and l.column == "基本支出"]
    assert _one(md, code="30201", column="公用经费").table == "一般公共预算基本支出表"
    html = _lines(result, "hanyang")
    line = _one(html, code="30213", column="公用经费")
    assert (line.name, line.amount, line.table_number) == ("维修（护）费", Decimal("6.50"), "预算07表")
    assert len(_rows(html)) == 4


def test_gbk_file_and_one_cell_per_line(tmp_path):
    path = tmp_path / "gbk_cells.txt"
    path.write_bytes((GENRE / "tongshan_2024_cells.txt").read_text(encoding="utf-8").encode("gbk"))
    lines = _lines(extract([path]), "gbk_cells")
    line = _one(lines, code="21015", column="基本支出")
    assert (line.name, line.amount) == ("医疗保障管理事务", Decimal("80.50"))
    assert {l.code for l in lines if l.classification != "total"} == {"210", "21015", "2101501", "2101502"}


def test_bad_inputs_warn_by_file_and_line_and_other_documents_still_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    for name in ("news_article.txt", "truncated_table.txt", "qingshan_2023_tab.txt"):
        (tmp_path / name).write_bytes((GENRE / name).read_bytes())
    result = extract([tmp_path])
    warnings = [str(w) for w in result.warnings]
    assert any(w.startswith("empty.txt") for w in warnings)
    assert any(w.startswith("binary.txt") for w in warnings)
    assert any(w.startswith("news_article.txt:1") and "not a budget disclosure" in w for w in warnings)
    assert any(w.startswith("truncated_table.txt:3") and "no coded rows could be read" in w for w in warnings)
    assert not any("reader failed" in w for w in warnings)
    qingshan = _lines(result, "qingshan")
    assert len([l for l in qingshan if l.classification != "total"]) == 29
    assert not _lines(result, "news") and not _lines(result, "truncated")


def test_each_document_finds_and_reads_its_tables_once(corpus_dir, monkeypatch):
    """The document, budget-table, organisation and project readers share one reading of the
    tables; a table whose unit only its header row declares does not change the shared regions."""
    from kg_build.extract import extract_source, table_regions, table_rows
    from kg_build.extract.budget_tables import read_tables
    from kg_build.source import read_source

    found, read = [], []
    find, read_one = table_regions.find_table_regions, table_rows.read_table
    monkeypatch.setattr(table_regions, "find_table_regions", lambda lines: found.append(1) or find(lines))
    monkeypatch.setattr("kg_build.extract.budget_tables.read_table", lambda *a: read.append(1) or read_one(*a))
    source = read_source(corpus_dir / next(p.name for p in sorted(corpus_dir.iterdir()) if p.name.startswith("004")))
    regions = [(r.title, r.unit) for r in table_regions.regions_of(source)]
    result = extract_source(source)
    assert any(isinstance(r, BudgetLine) for r in result.records)
    assert len(found) == 1
    assert len(read) == len(regions) > 0
    assert [(r.title, r.unit) for r in table_regions.regions_of(source)] == regions
    assert read_tables(source) is read_tables(source)
