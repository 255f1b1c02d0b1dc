"""The document reader and the region registry, on the sample corpus and on other shapes."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import records_of
from kg_build.extract import extract, extract_source
from kg_build.records import Document
from kg_build.regions import find_region, parent_chain, region_from_code_prefix, strip_region_prefix
from kg_build.source import parse_source

GENRE = Path(__file__).parent / "genre" / "budget"


def _document(result, stem: str) -> Document:
    found = records_of(result, stem, Document)
    assert len(found) == 1, found
    return found[0]


def test_most_specific_region_named_in_a_department_name_wins():
    assert find_region("武汉市洪山区医疗保障局").code == "420111"
    assert find_region("洪山区").code == "420111"
    assert find_region("咸宁市通城县医疗保障局").code == "421222"
    assert find_region("赤壁市卫生健康局").code == "421281"
    assert find_region("某某部门") is None


def test_region_prefix_is_cut_off_department_names():
    assert strip_region_prefix("武汉市洪山区医疗保障局") == "医疗保障局"
    assert strip_region_prefix("通城县医疗保障局本级") == "医疗保障局本级"
    assert strip_region_prefix("湖北省武汉市江汉区保健医疗办公室") == "保健医疗办公室"
    assert strip_region_prefix("洪山区") == "洪山区"


def test_project_code_prefix_gives_its_region_and_parents():
    assert region_from_code_prefix("42011124043T000000101").name == "洪山区"
    assert region_from_code_prefix("42010324204T000000102").name == "江汉区"
    assert region_from_code_prefix("421200240001") .name == "咸宁市"
    assert [r.code for r in parent_chain("421222")] == ["421222", "4212", "42"]


@pytest.mark.parametrize(
    "stem, title, kind, year, region, department",
    [
        ("000", "武昌区2024年财政部分重大政策和重点项目绩效目标表", "绩效目标表", 2024, "420106", None),
        ("001", "武汉市洪山区医疗保障局2024年部门预算", "部门预算", 2024, "420111", "武汉市洪山区医疗保障局"),
        ("002", "江汉区保健医疗办公室 2024 年预算", "部门预算", 2024, "420103", "武汉市江汉区保健医疗办公室"),
        ("003", "通城县医疗保障局2024年部门预算", "部门预算", 2024, "421222", "通城县医疗保障局"),
        ("004", "2024 年度武汉市洪山区卫生健康局本级部门决算公开", "部门决算", 2024, "420111", "武汉市洪山区卫生健康局本级"),
    ],
)
def test_corpus_documents_are_described(corpus_extraction, stem, title, kind, year, region, department):
    doc = _document(corpus_extraction, stem)
    assert (doc.title, doc.kind, doc.fiscal_year, doc.region_code, doc.department) == (
        title, kind, year, region, department,
    )


def test_title_broken_over_lines_with_markup_is_joined(corpus_extraction):
    doc = _document(corpus_extraction, "004")
    assert "**" not in doc.title
    assert (doc.prov.line_start, doc.prov.line_end) == (3, 4)


def test_fiscal_year_is_the_budget_year_not_the_publication_date(corpus_extraction):
    doc = _document(corpus_extraction, "004")  # published "2025 年 9 月 29 日"
    assert doc.fiscal_year == 2024


def test_document_without_a_printed_title_is_titled_from_department_and_warned(corpus_extraction):
    result = next(d for d in corpus_extraction.documents if d.file.startswith("001"))
    assert any("no title printed" in w.message for w in result.warnings)


def test_other_region_year_and_layout(tmp_path):
    result = extract([GENRE / "qingshan_2023_tab.txt", GENRE / "hanyang_2024.html"])
    qingshan = _document(result, "qingshan")
    assert (qingshan.kind, qingshan.fiscal_year, qingshan.region_code, qingshan.region_name) == ("部门预算", 2023, "420107", "青山区")
    assert qingshan.department == "武汉市青山区文化和旅游局"
    hanyang = _document(result, "hanyang")
    assert (hanyang.title, hanyang.region_code) == ("武汉市汉阳区卫生健康局2024年部门预算", "420105")


def test_gbk_encoded_document_is_read(tmp_path):
    text = (GENRE / "qingshan_2023_tab.txt").read_text(encoding="utf-8")
    path = tmp_path / "gbk_budget.txt"
    path.write_bytes(text.encode("gbk"))
    result = extract([path])
    doc = _document(result, "gbk_budget")
    assert doc.department == "武汉市青山区文化和旅游局"
    assert any("GB18030" in w.message for w in result.warnings)


def test_news_article_is_refused_with_a_warning_naming_the_file():
    result = extract([GENRE / "news_article.txt"])
    doc = result.documents[0]
    assert not doc.records
    assert any("not a budget disclosure" in str(w) and "news_article.txt" in str(w) for w in doc.warnings)
    assert doc.warnings[0].line == 1


def test_final_account_kind_is_recognised_without_a_title():
    text = "第一部分 武汉市江夏区水务局概况\n\n纳入武汉市江夏区水务局2023年度部门决算编制范围的单位包括：\n1.武汉市江夏区水务局（本级）\n\n2023年度部门决算表\n收入决算表\n单位：万元\n"
    result = extract_source(parse_source("jiangxia.txt", text.encode("utf-8")))
    doc = next(r for r in result.records if isinstance(r, Document))
    assert (doc.kind, doc.fiscal_year, doc.region_code, doc.department) == ("部门决算", 2023, "420115", "武汉市江夏区水务局")


# ---------------------------------------------------------------- region-wide publications


def test_region_wide_target_tables_have_no_department_and_the_warning_says_why(corpus_extraction):
    doc = _document(corpus_extraction, "000")
    assert (doc.department, doc.region_code, doc.kind) == (None, "420106", "绩效目标表")
    [warning] = [w for w in corpus_extraction.warnings if w.document == doc.file and "department" in w.message]
    assert warning.line == 2
    assert "region-wide 绩效目标表 of 武昌区" in warning.message and doc.title in warning.message


def test_region_wide_publication_takes_the_finance_bureau_it_prints():
    text = ("武汉市江夏区2024年财政部分重点项目绩效目标表\n\n一、慢性病综合防治绩效目标申报表\n资金单位：万元\n"
            "项目名称 慢性病综合防治 项目代码 42011524031T000000031\n年度绩效目标 产出指标 数量指标 筛查人数 ≥100人\n\n"
            "武汉市江夏区财政局\n2024年1月\n")
    result = extract_source(parse_source("jiangxia.txt", text.encode("utf-8")))
    doc = next(r for r in result.records if isinstance(r, Document))
    assert (doc.department, doc.region_name) == ("武汉市江夏区财政局", "江夏区")
    assert not [w for w in result.warnings if "department" in w.message]


def test_readers_take_the_budget_year_not_the_publication_date_when_no_title_gives_it():
    from kg_build.extract import Context
    from kg_build.extract.document import document_year

    text = "填报日期：2024 年 1 月 5 日\n单位：万元\n2023 年度青山区项目支出绩效目标申报表\n项目名称\t社区服务\n"
    src = parse_source("form.txt", text.encode("utf-8"))
    assert document_year(src, Context(src)) == 2023
