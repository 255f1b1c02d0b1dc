"""The tables of real published disclosures (../shared/real/), read from the PDFs as published.

Every figure pinned here was checked by reading the PDF (its page text and its table grid);
each names its document, table, row (code, or None for the table's total or the 三公 row),
column and amount in 万元.  The same documents converted with `pdftotext -layout` read to the
same figures through the space-aligned layout.
"""
import re
import shutil
import subprocess
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from kg_build.extract import extract_source
from kg_build.extract.budget_tables import read_tables
from kg_build.records import BudgetLine
from kg_build.rulebook.standard_tables import FINAL, national_set
from kg_build.source import read_source

from conftest import missing_tier

pytestmark = pytest.mark.slow  # the published PDFs, end to end: the slow tier

pytest.importorskip("pdfplumber")
REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "real"
ZHENGXIE_2019 = "江苏省政协办公厅_江苏省政协办公厅2019年预算公开表.pdf"
COURT_2017 = "江苏省高级人民法院_省法院2017年度部门预算公开.pdf"
PROCURATORATE_2017 = "江苏省人民检察院_2017年省检察院部门预算.pdf"
PARTY_OFFICE_2017 = "江苏省委办公厅_江苏省委办公厅2017年预算公开表格.pdf"
NPC_2019 = "江苏省人大办公厅_江苏省人大常委会办公厅2019年部门预算公开表.pdf"
TEMPLATE = "财政部_部门决算模板_附件2.pdf"


@lru_cache(maxsize=None)
def _source(path: Path):
    return read_source(path)


@lru_cache(maxsize=None)
def _result(path: Path):
    return extract_source(_source(path))


def _lines(name: str, folder: Path = REAL) -> list[BudgetLine]:
    return [r for r in _result(folder / name).records if isinstance(r, BudgetLine)]


def _amount(lines, table: str, code, column: str) -> Decimal:
    found = {l.amount for l in lines if table in l.table.replace(" ", "") and l.code == code and l.column == column}
    assert len(found) == 1, f"{table} {code} {column}: {found}"
    return found.pop()


FACTS = [
    # 政协办公厅 2019: 公开03表, 公开05表, 公开08表, 公开09表
    (ZHENGXIE_2019, "支出预算总表", None, "合计", "13377.11"),
    (ZHENGXIE_2019, "支出预算总表", None, "基本支出", "6522.75"),
    (ZHENGXIE_2019, "支出预算总表", None, "项目支出", "4968.34"),
    (ZHENGXIE_2019, "支出预算总表", None, "单位预留机动经费", "1886.02"),
    (ZHENGXIE_2019, "财政拨款支出预算表（功能科目）", None, "金额", "13297.11"),
    (ZHENGXIE_2019, "财政拨款支出预算表（功能科目）", "201", "金额", "10191.56"),
    (ZHENGXIE_2019, "财政拨款支出预算表（功能科目）", "20102", "金额", "10191.56"),
    (ZHENGXIE_2019, "财政拨款支出预算表（功能科目）", "2010201", "金额", "5223.22"),
    (ZHENGXIE_2019, "财政拨款支出预算表（功能科目）", "2010204", "金额", "1282.56"),
    (ZHENGXIE_2019, "财政拨款支出预算表（功能科目）", "2010205", "金额", "426.00"),
    (ZHENGXIE_2019, "一般公共预算基本支出预算表（经济科目）", "30239", "金额", "168.64"),
    (ZHENGXIE_2019, "一般公共预算基本支出预算表（经济科目）", "303", "金额", "944.05"),
    (ZHENGXIE_2019, "一般公共预算基本支出预算表（经济科目）", "30302", "金额", "707.43"),
    (ZHENGXIE_2019, "三公", None, "合计", "2224.43"),
    (ZHENGXIE_2019, "三公", None, "“三公”经费小计", "660.10"),
    (ZHENGXIE_2019, "三公", None, "因公出国（境）费", "106.00"),
    (ZHENGXIE_2019, "三公", None, "公务用车运行费", "156.60"),
    (ZHENGXIE_2019, "三公", None, "公务接待费", "397.50"),
    (ZHENGXIE_2019, "三公", None, "会议费", "1282.56"),
    (ZHENGXIE_2019, "三公", None, "培训费", "281.77"),
    # 省法院 2017: a PDF grid whose merged cells do not line up from row to row
    (COURT_2017, "部门支出预算总表", None, "合计", "28849.38"),
    (COURT_2017, "部门支出预算总表", None, "基本支出", "17123.19"),
    (COURT_2017, "部门支出预算总表", None, "项目支出", "11543.27"),
    (COURT_2017, "部门财政拨款支出预算表", "204", "金额", "23513.11"),
    (COURT_2017, "部门财政拨款支出预算表", "2040501", "金额", "11786.92"),
    (COURT_2017, "部门财政拨款支出预算表", "2040504", "金额", "1733.30"),
    (COURT_2017, "部门财政拨款支出预算表", "2210201", "金额", "1029.15"),  # a row the page's ruling missed
    (COURT_2017, "部门财政拨款支出预算表", "2210202", "金额", "1959.99"),
    (COURT_2017, "三公", None, "合计", "2599.37"),
    (COURT_2017, "三公", None, "“三公”经费小计", "670.12"),
    (COURT_2017, "三公", None, "公务接待费", "185.72"),
    (COURT_2017, "三公", None, "培训费", "1701.25"),
    # 省检察院 2017: a title broken over three lines, its quotes on a line of their own
    (PROCURATORATE_2017, "三公", None, "合计", "1452.35"),
    (PROCURATORATE_2017, "三公", None, "公务用车购置费", "50.00"),
    (PROCURATORATE_2017, "三公", None, "公务用车运行费", "267.80"),
    (PROCURATORATE_2017, "三公", None, "培训费", "700.00"),
    (PROCURATORATE_2017, "一般公共预算机关运行经费支出预算表", "30206", "机关运行经费支出", "243.00"),
    (PROCURATORATE_2017, "一般公共预算机关运行经费支出预算表", None, "机关运行经费支出", "6032.55"),
    # 省委办公厅 2017
    (PARTY_OFFICE_2017, "一般公共预算支出预算表", None, "金额", "20702.25"),
    (PARTY_OFFICE_2017, "一般公共预算支出预算表", "201", "金额", "16845.17"),
    (PARTY_OFFICE_2017, "一般公共预算支出预算表", "2013102", "金额", "10738.18"),
    (PARTY_OFFICE_2017, "一般公共预算支出预算表", "2210202", "金额", "1235.41"),
    (PARTY_OFFICE_2017, "一般公共预算基本支出预算表", "30101", "金额", "1309.12"),
    (PARTY_OFFICE_2017, "一般公共预算基本支出预算表", "303", "金额", "3899.25"),
    (PARTY_OFFICE_2017, "一般公共预算机关运行经费支出预算表", "302", "机关运行经费支出", "10011.76"),
    # 人大常委会办公厅 2019
    (NPC_2019, "支出预算总表", None, "单位预留机动经费", "2557.89"),
    (NPC_2019, "三公", None, "会议费", "1469.73"),
]


@pytest.mark.parametrize("name,table,code,column,amount", FACTS,
                         ids=[f"{f[0][:8]}-{f[1][:10]}-{f[2]}-{f[3]}" for f in FACTS])
def test_pinned_table_figures(name, table, code, column, amount):
    assert _amount(_lines(name), table, code, column) == Decimal(amount)


def test_table_facts_carry_page_and_the_row_as_printed():
    line = next(l for l in _lines(ZHENGXIE_2019) if l.code == "2010201")
    assert line.prov.page == 5
    assert "5,223.22" in line.prov.quote and "行政运行" in line.prov.quote
    assert line.fiscal_year == 2019 and line.phase == "预算" and line.printed_unit == "万元"
    basic = next(l for l in _lines(ZHENGXIE_2019) if l.code == "30302" and l.table.startswith("一般公共预算"))
    assert basic.table_number == "公开08表" and basic.prov.page == 8


_CODED = re.compile(r"^([235]\d{2}(?:\d{2}){0,2})\s.*\d\.\d{2}\s*$")


@pytest.mark.parametrize("name", [p.name for p in sorted(REAL.glob("*.pdf"))], ids=lambda n: n[:14])
def test_every_coded_line_with_figures_is_read(name):
    """Coverage: every line of the document starting with a classification code and ending
    with a figure is a budget line read (its code on that line)."""
    source = _source(REAL / name)
    read = {(n, l.code) for l in _lines(name) if l.code for n in range(l.prov.line_start, l.prov.line_end + 1)}
    coded = [(n, _CODED.match(text.strip()).group(1)) for n, text in enumerate(source.lines, 1)
             if _CODED.match(text.strip())]
    missed = [c for c in coded if c not in read]
    assert not missed, missed[:5]


def test_the_final_account_template_prints_the_nine_national_tables_empty():
    tables = read_tables(_source(REAL / TEMPLATE))
    # the contents page lists the titles too; the tables themselves have rows
    assert [t.region.standard for t in tables if t.grid.rows] == [t.key for t in national_set(FINAL)]
    assert not _lines(TEMPLATE)  # a template: no figures
    warnings = [w.message for w in _result(REAL / TEMPLATE).warnings]
    assert any("收入决算表" in w and "prints no figures" in w for w in warnings)


@pytest.mark.parametrize("name", [ZHENGXIE_2019, COURT_2017, PARTY_OFFICE_2017], ids=lambda n: n[:14])
def test_pdftotext_layout_text_reads_the_same_coded_figures(name, tmp_path):
    if shutil.which("pdftotext") is None:
        missing_tier("pdftotext (Debian poppler-utils) not installed")
    text = tmp_path / (Path(name).stem + ".txt")
    subprocess.run(["pdftotext", "-layout", str(REAL / name), str(text)], check=True, timeout=120)
    def coded(lines):
        return {(l.table.replace(" ", ""), l.code, l.column, l.amount) for l in lines if l.code}
    from_pdf, from_text = coded(_lines(name)), coded(_lines(text.name, tmp_path))
    assert len(from_pdf) > 60
    assert len(from_pdf & from_text) >= 0.98 * len(from_pdf), sorted(from_pdf - from_text)[:5]


def test_a_revenue_table_listing_items_by_name_reads_them_as_income():
    income = {(l.name, l.amount) for l in _lines(ZHENGXIE_2019) if l.classification == "income" and "收入预算总表" in l.table}
    assert income == {("公共财政拨款(补助)资金", Decimal("13297.11")), ("其他收入", Decimal("80.00"))}


def test_the_funds_of_an_appropriation_summary_are_read_as_income():
    funds = {(l.name, l.amount) for l in _lines(ZHENGXIE_2019)
             if l.classification == "income" and l.table == "财政拨款收支预算总表"}
    assert funds == {("一般公共预算", Decimal("13297.11"))}  # 政府性基金预算 is printed blank
