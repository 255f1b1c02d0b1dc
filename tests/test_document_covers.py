"""Document-level reading of the layouts PDF disclosures print: covers, table files, party organs."""
from __future__ import annotations

from kg_build.extract import extract_source
from kg_build.records import Document
from kg_build.rulebook.party_organs import party_short_form
from kg_build.source import parse_source
from linking.link import link

TABLE = "科目编码\t科目名称\t金额\n201\t一般公共服务支出\t10.00\n"


def document_of(text: str, name: str = "doc.txt") -> Document:
    result = extract_source(parse_source(name, text.encode("utf-8")))
    return next(r for r in result.records if isinstance(r, Document))


def test_cover_printing_the_year_apart_from_its_title_gets_the_year_back():
    doc = document_of("广东省人民检察院\n年部门预算\n2021\n目 录\n第一部分 部门概况\n")
    assert (doc.title, doc.fiscal_year, doc.department) == ("广东省人民检察院2021年部门预算", 2021, "广东省人民检察院")


def test_table_file_takes_its_department_from_the_declared_department_line():
    doc = document_of("收支预算总表\n公开表一\n部门： 四川省生态环境厅 单位：万元\n" + TABLE)
    assert doc.department == "四川省生态环境厅"


def test_cover_of_a_report_set_ends_in_报表_and_declares_its_department():
    doc = document_of("四川省2020年度\n省级部门预算公开报表\n部 门:中共四川省委组织部\n四川省财政厅印制\n")
    assert (doc.title, doc.fiscal_year, doc.department) == ("四川省2020年度省级部门预算公开报表", 2020, "中共四川省委组织部")


def test_narrative_without_a_readable_cover_takes_the_department_its_explanation_names():
    text = ("目 录\n第一部分 部门概况\n第二部分 2022 年度部门预算表\n一、主要职能\n本部门负责……\n"
            "第三部分 2022 年度部门预算情况说明\n"
            "北京市朝阳区统计局 2022 年度收入、支出预算总计 1,234.56 万元，与上年相比……\n"
            "北京市朝阳区统计局本年支出预算合计 1,234.56 万元。其中：一般公共预算财政拨款 1,000.00 万元；"
            "基本支出 800.00 万元，项目支出 434.56 万元。\n")
    assert document_of(text).department == "北京市朝阳区统计局"


def test_party_committee_names_share_one_short_form():
    assert party_short_form("中国共产党江苏省委员会办公厅") == "江苏省委办公厅"
    assert party_short_form("中共江苏省委办公厅") == "江苏省委办公厅"
    assert party_short_form("中共通城县委宣传部") == "通城县委宣传部"
    assert party_short_form("中共中央办公厅") == "中共中央办公厅"  # no region: kept as printed
    assert party_short_form("江苏省人民政府办公厅") == "江苏省人民政府办公厅"


def test_narrative_and_tables_printing_the_party_office_two_ways_link_to_one_department():
    narrative = document_of("江苏省委办公厅2018年度部门预算公开\n目 录\n", "a.txt")
    tables = document_of("收支预算总表\n部门：中共江苏省委办公厅 单位：万元\n" + TABLE.replace("10.00", "12.00"), "b.txt")
    linking = link([narrative, tables])
    assert linking.department_key("a.txt", narrative.department) == linking.department_key("b.txt", tables.department)
