"""Documents of the genre from provinces, years and layouts the readers were not written on
(tests/genre/field/): what each prints, read back.

Nine documents as users download them: a 浙江 county's 部门预算 2023 (tab tables in 元), a 山东
city bureau's 部门决算 2022 (`pdftotext -layout` text, split codes and 元 amounts on one line), a
广东 district's 项目支出绩效目标表 (one cell per line), a 重庆 district department listing each
project's 立项依据 (全角 brackets, a ﹝﹞ year, 文号 broken over lines), a 北京 municipal
department in Markdown, a 湖南 district's HTML export, a 2019 provincial budget in PDF text
(one standard table listed but missing) and a 陕西 district's 部门决算 as a PDF, printed from
tests/genre/field_sources/ with `chromium --headless --no-pdf-header-footer --print-to-pdf=… file.html`
(a real text layer and ruled table grids for pdfplumber); and a 四川 county's 部门决算 with a
项目支出绩效自评表 in tab layout.

The second round, written after the first round's misreads were fixed: a 河南 district's 部门决算
2024 as a Chromium-printed PDF (a 收入支出决算总表 that balances with its carry-overs, a 三公 header
broken mid-word, a self-evaluation form, a relative 区政办 code), a 云南 county's 部门预算 2024 as
poppler's `pdftotext -layout` text of its Chromium-printed PDF (real pdftotext spacing: a figure one
space before the next cell, columns that drift), a 辽宁 district's 项目支出绩效自评报告 published on its
own (Markdown, in a 和平区 that two cities have), and a 上海 district's 部门预算 2024 in two files, the
explanation and the tables (tab-separated, a 三公 table with 机关运行经费 beside it).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import records_of
from kg_build.extract import extract
from kg_build.issuers import DISTRICT_COUNTY, MUNICIPAL, NATIONAL, PROVINCIAL, issuer_for
from kg_build.records import (
    BudgetLine,
    Citation,
    Document,
    DocumentPart,
    EvaluationScore,
    Execution,
    FundingSource,
    Indicator,
    Organisation,
    Project,
    ProjectAmount,
    ReadingCoverage,
    Statement,
)

FIELD = Path(__file__).parent / "genre" / "field"

ZHEJIANG = "zhejiang_county_budget_2023_tabs"
SHANDONG = "shandong_city_final_2022_spaced"
GUANGDONG = "guangdong_district_targets_2024_cells"
CHONGQING = "chongqing_district_basis_2024"
BEIJING = "beijing_municipal_budget_2023"
HUNAN = "hunan_district_budget_2024"
ANHUI = "anhui_province_budget_2019_text"
SHAANXI = "shaanxi_district_final_2023"
SICHUAN = "sichuan_county_final_2023_self_evaluation"
HENAN = "henan_district_final_2024"
YUNNAN = "yunnan_county_budget_2024_layout"
LIAONING = "liaoning_district_self_evaluation_2023"
SHANGHAI_TEXT = "shanghai_district_budget_2024_narrative"
SHANGHAI_TABLES = "shanghai_district_budget_2024_tables"
ALL = (ZHEJIANG, SHANDONG, GUANGDONG, CHONGQING, BEIJING, HUNAN, ANHUI, SHAANXI, SICHUAN, HENAN, YUNNAN, LIAONING,
       SHANGHAI_TEXT, SHANGHAI_TABLES)


@pytest.fixture(scope="module")
def extraction():
    return extract([FIELD])


@pytest.mark.parametrize(
    "stem, kind, year, region, department",
    [
        (ZHEJIANG, "部门预算", 2023, "330523", "安吉县教育局"),
        (SHANDONG, "部门决算", 2022, "3707", "潍坊市民政局"),
        (GUANGDONG, "绩效目标表", 2024, "440304", "深圳市福田区教育局"),
        # 渝北区 is a district of a municipality that the gazetteer dataset leaves out
        (CHONGQING, "部门预算", 2024, "500112", "重庆市渝北区民政局"),
        (BEIJING, "部门预算", 2023, "11", "北京市园林绿化局"),
        (HUNAN, "部门预算", 2024, "430104", "长沙市岳麓区卫生健康局"),
        (ANHUI, "部门预算", 2019, "34", "安徽省教育厅"),
        (SHAANXI, "部门决算", 2023, "610113", "西安市雁塔区卫生健康局"),
        (SICHUAN, "部门决算", 2023, "513221", "汶川县农业农村局"),
        (HENAN, "部门决算", 2024, "410105", "郑州市金水区教育局"),
        (YUNNAN, "部门预算", 2024, "532924", "宾川县卫生健康局"),
        # 和平区 of 沈阳, not of 天津: the city is printed before it
        (LIAONING, "绩效自评", 2023, "210102", "沈阳市和平区民政局"),
        (SHANGHAI_TEXT, "部门预算", 2024, "310104", "上海市徐汇区教育局"),
        (SHANGHAI_TABLES, "部门预算", 2024, "310104", "上海市徐汇区教育局"),
    ],
)
def test_each_document_gets_kind_year_region_and_department(extraction, stem, kind, year, region, department):
    (doc,) = records_of(extraction, stem, Document)
    assert (doc.kind, doc.fiscal_year, doc.region_code, doc.department) == (kind, year, region, department)
    assert all(o.region_code == region for o in records_of(extraction, stem, Organisation))


@pytest.mark.parametrize(
    "stem, units",
    [
        # a numbered list
        (CHONGQING, {"重庆市渝北区民政局（本级）": "渝北区民政局", "重庆市渝北区社会福利院": "渝北区民政局"}),
        # one sentence, 、 between the names
        (BEIJING, {"北京市园林绿化局本级": "北京市园林绿化局", "北京市园林绿化资源保护中心": "北京市园林绿化局",
                   "北京市八达岭林场": "北京市园林绿化局"}),
        # …单位共2个，包括：…、 wrapped onto the next line of the PDF
        (SHAANXI, {"西安市雁塔区卫生健康局本级": "西安市雁塔区卫生健康局",
                   "西安市雁塔区疾病预防控制中心": "西安市雁塔区卫生健康局"}),
    ],
)
def test_units_of_the_budget_are_read_with_their_department(extraction, stem, units):
    assert {o.name: o.parent_name for o in records_of(extraction, stem, Organisation) if o.role == "unit"} == units


# ---------------------------------------------------------------- citations and their issuers

@pytest.mark.parametrize(
    "stem, number, project, body, level",
    [
        (CHONGQING, "渝府办发〔2021〕12号", "城乡低保资金", "重庆市人民政府办公厅", PROVINCIAL),
        (CHONGQING, "国办发〔2020〕5号", "城乡低保资金", "国务院办公厅", NATIONAL),  # printed ［2020］
        (CHONGQING, "渝民发〔2023〕7号", "城乡低保资金", "重庆市民政局", PROVINCIAL),  # ﹝2023﹞ then a line break
        (CHONGQING, "渝府发〔2016〕55号", "特困人员救助供养资金", "重庆市人民政府", PROVINCIAL),
        # the district's two-character short form, not the municipality's 渝
        (CHONGQING, "渝北府办发〔2022〕36号", "特困人员救助供养资金", "渝北区人民政府办公室", DISTRICT_COUNTY),
        (CHONGQING, "渝北民发〔2023〕18号", "居家养老服务补贴", "渝北区民政局", DISTRICT_COUNTY),
        (SHANDONG, "鲁政办发〔2021〕6号", "困难群众救助补助资金", "山东省人民政府办公厅", PROVINCIAL),
        (SHANDONG, "潍民发〔2022〕15号", "困难群众救助补助资金", "潍坊市民政局", MUNICIPAL),  # 〔2022〕/15号 wrapped
        (SHANDONG, "国办发〔2019〕5号", "养老服务体系建设资金", "国务院办公厅", NATIONAL),  # 国办/发 wrapped
        (BEIJING, "京政发〔2018〕11号", "新一轮百万亩造林绿化工程", "北京市人民政府", PROVINCIAL),
        (BEIJING, "京财预〔2022〕201号", "森林防火专项经费", "北京市财政局", PROVINCIAL),
        (HUNAN, "湘卫基层发〔2023〕5号", "基本公共卫生服务项目", "湖南省卫生健康委员会", PROVINCIAL),
        (HUNAN, "岳政办发〔2022〕14号", "基本公共卫生服务项目", "岳麓区人民政府办公室", DISTRICT_COUNTY),
        (ANHUI, "皖政〔2017〕107号", "高校“双一流”建设专项", "安徽省人民政府", PROVINCIAL),
        (ANHUI, "财科教〔2017〕126号", "高校“双一流”建设专项", "财政部", NATIONAL),
        (ANHUI, "财教〔2017〕8号", "现代职业教育质量提升计划专项", "财政部", NATIONAL),  # 【2017】, wrapped
        (SHAANXI, "陕卫基层发〔2023〕62号", "基本公共卫生服务项目", "陕西省卫生健康委员会", PROVINCIAL),
        # a city's own code begins with 市: the city above the citing district
        (SHAANXI, "市政办发〔2022〕30号", "基本公共卫生服务项目", "西安市人民政府办公厅", MUNICIPAL),
        (SHAANXI, "雁政发〔2021〕8号", "突发公共卫生事件应急处置", "雁塔区人民政府", DISTRICT_COUNTY),
        (ZHEJIANG, "浙财科教〔2022〕8号", "学生资助补助经费", "浙江省财政厅", PROVINCIAL),
        (GUANGDONG, "粤教基函〔2021〕20号", "44030424011T000000015", "广东省教育厅", PROVINCIAL),
        (SICHUAN, "川农发〔2022〕8号", "高标准农田建设项目", "四川省农业农村厅", PROVINCIAL),  # 川农发 [2022] 8 号
        # the first character of the prefecture above the county; 阿府办 / 发〔2021〕15号 wrapped
        (SICHUAN, "阿府办发〔2021〕15号", "高标准农田建设项目", "阿坝藏族羌族自治州人民政府办公室", MUNICIPAL),
        (SICHUAN, "汶府发〔2023〕3号", "耕地地力保护补贴资金", "汶川县人民政府", DISTRICT_COUNTY),
        (HENAN, "豫政〔2016〕41号", "义务教育学校运转保障经费", "河南省人民政府", PROVINCIAL),
        # a bare 区: the district of the citing document
        (HENAN, "区政办〔2023〕12号", "义务教育学校运转保障经费", "金水区人民政府办公室", DISTRICT_COUNTY),
        (HENAN, "财教〔2021〕310号", "学生资助补助经费", "财政部", NATIONAL),
        (HENAN, "郑教财〔2024〕15号", "学生资助补助经费", "郑州市教育局", MUNICIPAL),
        (YUNNAN, "云政办发〔2021〕35号", "基本公共卫生服务项目", "云南省人民政府办公厅", PROVINCIAL),
        # the first character of the autonomous prefecture above the county
        (YUNNAN, "大政办发〔2022〕18号", "基本公共卫生服务项目", "大理白族自治州人民政府办公室", MUNICIPAL),
        (YUNNAN, "县政办发〔2023〕9号", "计划生育服务补助经费", "宾川县人民政府办公室", DISTRICT_COUNTY),
        (SHANGHAI_TEXT, "沪府办发〔2021〕23号", "学前教育生均公用经费补助", "上海市人民政府办公厅", PROVINCIAL),
        (SHANGHAI_TEXT, "徐府发〔2022〕5号", "学前教育生均公用经费补助", "徐汇区人民政府", DISTRICT_COUNTY),
        (SHANGHAI_TEXT, "区府办发〔2023〕11号", "教师专业发展培训经费", "徐汇区人民政府办公室", DISTRICT_COUNTY),
    ],
)
def test_citations_belong_to_the_project_they_are_listed_under_and_get_their_issuer(
    extraction, stem, number, project, body, level
):
    found = [c for c in records_of(extraction, stem, Citation) if c.doc_number == number]
    assert len(found) == 1, [c.doc_number for c in records_of(extraction, stem, Citation)]
    (citation,) = found
    assert citation.citing_project == project
    (doc,) = records_of(extraction, stem, Document)
    issuer = issuer_for(citation.issuer_code, doc.region_code)
    assert (issuer.body, issuer.level) == (body, level)


def test_a_law_cited_by_title_alone_is_a_citation_without_number(extraction):
    laws = [c for c in records_of(extraction, SHAANXI, Citation) if c.doc_number is None]
    assert [(c.title, c.citing_project) for c in laws] == [("中华人民共和国突发事件应对法", "突发公共卫生事件应急处置")]


@pytest.mark.parametrize("stem", [s for s in ALL if s != SHANGHAI_TABLES])  # a tables file cites nothing
def test_every_doc_number_printed_is_read(extraction, stem):
    (coverage,) = records_of(extraction, stem, ReadingCoverage)
    assert coverage.doc_numbers_seen == coverage.doc_numbers_read > 0


# ---------------------------------------------------------------- projects named in the prose

@pytest.mark.parametrize(
    "stem, amounts",
    [
        # 1.X 1,260.00 万元，主要用于…
        (ZHEJIANG, {"学生资助补助经费": ("current_year", "1260.00"), "教师培训经费": ("current_year", "380.00")}),
        # （一）X / 项目金额：8,600.00万元 / 立项依据：…
        (CHONGQING, {"城乡低保资金": ("current_year", "8600.00"), "特困人员救助供养资金": ("current_year", "2460.00"),
                     "居家养老服务补贴": ("current_year", "1300.00")}),
        # 1.X 60,000.00万元。依据《…》
        (ANHUI, {"高校“双一流”建设专项": ("current_year", "60000.00"),
                 "现代职业教育质量提升计划专项": ("current_year", "49450.00")}),
        # 1. X 198,600.00万元，依据… under a Markdown heading
        (BEIJING, {"新一轮百万亩造林绿化工程": ("current_year", "198600.00"), "森林防火专项经费": ("current_year", "45540.00")}),
        # a final account: what the project spent
        (SHANDONG, {"困难群众救助补助资金": ("executed", "2400.00"), "养老服务体系建设资金": ("executed", "11200.00")}),
        (SHAANXI, {"基本公共卫生服务项目": ("executed", "6800.00"), "突发公共卫生事件应急处置": ("executed", "1200.00")}),
        (HUNAN, {"基本公共卫生服务项目": ("current_year", "5480.00"), "重大公共卫生服务项目": ("current_year", "650.00")}),
        (SICHUAN, {"高标准农田建设项目": ("executed", "804.36"), "耕地地力保护补贴资金": ("executed", "312.00")}),
        (HENAN, {"义务教育学校运转保障经费": ("executed", "14000.00"), "学生资助补助经费": ("executed", "8500.00")}),
        (YUNNAN, {"基本公共卫生服务项目": ("current_year", "1530.00"), "计划生育服务补助经费": ("current_year", "2000.00")}),
        # （一）X 28,400.00万元，依据…: a list marked （一）
        (SHANGHAI_TEXT, {"学前教育生均公用经费补助": ("current_year", "28400.00"),
                         "教师专业发展培训经费": ("current_year", "7000.00")}),
    ],
)
def test_projects_listed_in_the_explanation_are_read_with_their_amount(extraction, stem, amounts):
    read = {a.project: (a.kind, str(a.amount)) for a in records_of(extraction, stem, ProjectAmount) if a.context == "说明"}
    assert read == amounts
    assert {p.name for p in records_of(extraction, stem, Project)} == set(amounts)


def test_a_markdown_project_table_without_codes_is_read_by_its_columns(extraction):
    # | 项目名称 | 项目单位 | 合计 | 财政拨款 | 其他资金 |: each row's project, its unit and its total
    rows = {(p.name, p.executing_unit, p.current_year_budget) for p in records_of(extraction, BEIJING, Project)
            if p.source_table == "项目支出表"}
    assert rows == {("新一轮百万亩造林绿化工程", "北京市园林绿化局本级", Decimal("198600.00")),
                    ("森林防火专项经费", "北京市园林绿化资源保护中心", Decimal("45540.00"))}
    amounts = {(a.project, a.amount) for a in records_of(extraction, BEIJING, ProjectAmount) if a.context == "项目支出预算表"}
    assert amounts == {("新一轮百万亩造林绿化工程", Decimal("198600.00")), ("森林防火专项经费", Decimal("45540.00"))}


# ---------------------------------------------------------------- a performance form, one cell per line

def test_a_form_printed_one_cell_per_line_gives_its_projects_fields(extraction):
    projects = {p.code: p for p in records_of(extraction, GUANGDONG, Project)}
    assert set(projects) == {"44030424011T000000015", "44030424011T000000021"}
    first = projects["44030424011T000000015"]
    assert (first.name, first.department, first.executing_unit) == ("福田区中小学课后服务经费", "深圳市福田区教育局", "深圳市福田区教育局")
    # 年度资金总额 is the year's budget
    assert (first.current_year_budget, projects["44030424011T000000021"].current_year_budget) == (Decimal("3600.00"), Decimal("1280.50"))


def test_the_national_forms_funds_block_gives_the_funding_sources(extraction):
    funding = {(f.project, f.source): f.amount for f in records_of(extraction, GUANGDONG, FundingSource)}
    assert funding == {
        ("44030424011T000000015", "财政拨款"): Decimal("3600.00"),
        ("44030424011T000000015", "其他资金"): Decimal("0.00"),
        ("44030424011T000000021", "财政拨款"): Decimal("1280.50"),
        ("44030424011T000000021", "其他资金"): Decimal("0.00"),
    }


@pytest.mark.parametrize(
    "name, level1, level2, comparator, number, unit",
    [
        ("参加课后服务学生人数", "产出指标", "数量指标", "≥", "3600", "人次"),
        ("开设兴趣课程数量", "产出指标", "数量指标", "≥", "120", "门"),
        ("课后服务覆盖率", "产出指标", "质量指标", "=", "100", "%"),
        ("生均课后服务补助标准", "成本指标", "经济成本指标", "=", "3500", "元/人"),
        ("学生家长满意度", "满意度指标", "服务对象满意度指标", "≥", "90", "%"),
        ("校园安全事故发生率", "产出指标", "质量指标", "≤", "1", "%"),
    ],
)
def test_indicators_of_a_form_printed_one_cell_per_line(extraction, name, level1, level2, comparator, number, unit):
    (ind,) = [i for i in records_of(extraction, GUANGDONG, Indicator) if i.name == name]
    (value,) = ind.values
    assert (ind.level1, ind.level2, value.comparator, value.number, value.unit) == (level1, level2, comparator, Decimal(number), unit)


def test_a_target_in_words_on_its_own_line_is_the_value_not_the_end_of_the_name(extraction):
    # 家长接送困难问题缓解程度 / 有效缓解, one cell per line
    (ind,) = [i for i in records_of(extraction, GUANGDONG, Indicator) if i.name.startswith("家长接送")]
    assert (ind.name, [(v.raw, v.comparator) for v in ind.values]) == ("家长接送困难问题缓解程度", [("有效缓解", "text")])


def test_a_self_evaluation_row_of_figures_is_no_amount_and_no_funding_source(extraction):
    # 年度资金总额 800.00 820.00 804.36 10 98.09% 9.81: budget, adjusted budget, executed, weight,
    # rate and score side by side; none of them is read as the form's budget or as a source
    forms = [p for p in records_of(extraction, SICHUAN, Project) if p.source_table == "绩效目标表"]
    assert [(p.name, p.current_year_budget, p.total_budget) for p in forms] == [("高标准农田建设项目", None, None)]
    assert records_of(extraction, SICHUAN, FundingSource) == []


def test_self_evaluation_targets_are_read(extraction):
    targets = {i.name: i.values[0].raw for i in records_of(extraction, SICHUAN, Indicator) if i.values}
    assert targets["新建高标准农田面积"] == "≥5000亩"
    assert targets["亩均建设成本"] == "≤1600元/亩"
    assert targets["受益农户满意度"] == "≥90%"


@pytest.mark.parametrize(
    "name, target, achieved, points, score",
    [
        ("新建高标准农田面积", "≥5000亩", "5000亩", "20", "20"),
        ("项目完工及时率", "≥95%", "92%", "10", "9"),  # a shortfall, its reason printed after the score
        ("亩均建设成本", "≤1600元/亩", "1608.72元/亩", "10", "9"),
        ("受益农户满意度", "≥90%", "96%", "15", "15"),
    ],
)
def test_a_self_evaluation_form_in_tab_layout_gives_target_achieved_points_and_score(
    extraction, name, target, achieved, points, score
):
    # 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    (ind,) = [i for i in records_of(extraction, SICHUAN, Indicator) if i.name == name]
    assert [(v.role, v.raw, v.year) for v in ind.values] == [("target", target, 2023), ("achieved", achieved, 2023)]
    (scored,) = [s for s in records_of(extraction, SICHUAN, EvaluationScore) if s.indicator == name]
    assert (scored.project, scored.points, scored.score) == ("高标准农田建设项目", Decimal(points), Decimal(score))


def test_a_self_evaluation_form_printed_to_pdf_reads_the_same_way(extraction):
    targets = {i.name: [v.raw for v in i.values] for i in records_of(extraction, HENAN, Indicator)}
    assert targets == {"资助学生人次": ["≥12000人次", "12360人次"], "资助对象认定准确率": ["100%", "100%"],
                       "资金发放及时率": ["100%", "96%"], "因贫失学学生人数": ["0人", "0人"], "受助学生满意度": ["≥95%", "97%"]}
    scores = {s.indicator: (s.points, s.score) for s in records_of(extraction, HENAN, EvaluationScore)}
    assert scores["资金发放及时率"] == (Decimal("10"), Decimal("9"))
    (execution,) = records_of(extraction, HENAN, Execution)
    assert (execution.budget, execution.executed, execution.rate, execution.score) == (
        Decimal("8600.00"), Decimal("8500.00"), Decimal("98.84"), Decimal("98.88"))
    # the funds row (8,500.00 8,600.00 8,500.00 10 98.84% 9.88 flattened) is no budget of the form
    forms = [p for p in records_of(extraction, HENAN, Project) if p.source_table == "绩效目标表"]
    assert [(p.current_year_budget, p.total_budget) for p in forms] == [(None, None)]


def test_a_self_evaluation_report_published_on_its_own_is_read_whole(extraction):
    # a Markdown 项目支出绩效自评报告: its form, its indicators in words and figures, and its conclusion
    values = {i.name: [(v.role, v.raw) for v in i.values] for i in records_of(extraction, LIAONING, Indicator)}
    assert values["补贴按月发放率"] == [("target", "100%"), ("achieved", "91.7%")]
    assert values["老年人居家生活质量"] == [("target", "明显提升"), ("achieved", "明显提升")]
    assert len(values) == 6
    assert sum(s.score for s in records_of(extraction, LIAONING, EvaluationScore)) + Decimal("9.42") == Decimal("97.42")
    executions = {(e.budget, e.executed, e.rate, e.score) for e in records_of(extraction, LIAONING, Execution)}
    assert (Decimal("1260.00"), Decimal("1187.40"), Decimal("94.24"), Decimal("97.42")) in executions
    citations = records_of(extraction, LIAONING, Citation)
    # the report is about its one project: the basis its 项目基本情况 cites is that project's
    assert {c.citing_project for c in citations} == {"和平区居家养老服务补贴"}
    issuers = {c.doc_number: issuer_for(c.issuer_code, "210102") for c in citations}
    assert {n: (i.level, i.region) for n, i in issuers.items()} == {
        "沈政办发〔2020〕12号": (MUNICIPAL, "沈阳市"), "辽民发〔2022〕21号": (PROVINCIAL, "辽宁省"),
        "区政办发〔2022〕7号": (DISTRICT_COUNTY, "和平区")}


def test_a_self_evaluation_forms_total_score_is_no_indicator_and_its_funds_row_is_the_execution(extraction):
    assert "总分" not in {i.name for i in records_of(extraction, SICHUAN, Indicator)}
    assert len(records_of(extraction, SICHUAN, EvaluationScore)) == 6
    # 年度资金总额 800.00 | 820.00 | 804.36 | 10 | 98.09% | 9.81 under 年初预算数 | 全年预算数 | 全年执行数 |
    # 分值 | 执行率 | 得分; 总分 100 | 97.81
    (execution,) = records_of(extraction, SICHUAN, Execution)
    assert (execution.project, execution.budget, execution.executed, execution.rate, execution.score) == (
        "高标准农田建设项目", Decimal("820.00"), Decimal("804.36"), Decimal("98.09"), Decimal("97.81"))


# ---------------------------------------------------------------- budget tables in five layouts

def _line(extraction, stem: str, table: str, code, column: str) -> BudgetLine:
    found = [b for b in records_of(extraction, stem, BudgetLine)
             if b.table == table and b.code == code and b.column == column]
    assert len(found) == 1, (stem, table, code, column)
    return found[0]


@pytest.mark.parametrize(
    "stem, table, code, column, amount, printed, unit",
    [
        # tab-separated, 元 with thousands separators → 万元
        (ZHEJIANG, "一般公共预算支出表", "2050203", "项目支出", "7030", "70,300,000.00", "元"),
        (ZHEJIANG, "一般公共预算支出表", None, "合计", "81234", "812,340,000.00", "元"),
        (ZHEJIANG, "一般公共预算基本支出表", "30107", "人员经费", "32450", "324,500,000.00", "元"),
        (ZHEJIANG, "一般公共预算“三公”经费支出表", None, "公务接待费", "12", "120,000.00", "元"),
        # space-aligned, 208 10 02 split codes, a blank 基本支出 kept in its column
        (SHANDONG, "支出决算表", "2081002", "项目支出", "11200", "112,000,000.00", "元"),
        (SHANDONG, "支出决算表", "2082001", "合计", "2400", "24,000,000.00", "元"),
        (SHANDONG, "支出决算表", "2101101", "基本支出", "288.75", "2,887,500.00", "元"),
        # Markdown
        (BEIJING, "2023年财政拨款支出预算表（按功能分类）", "2130234", "项目支出", "45540.00", "45,540.00", "万元"),
        (BEIJING, "2023年财政拨款支出预算表（按功能分类）", "2130201", "基本支出", "21540.30", "21,540.30", "万元"),
        # HTML
        (HUNAN, "一般公共预算支出表", "2100408", "合计", "5480.00", "5,480.00", "万元"),
        (HUNAN, "一般公共预算“三公”经费支出表", None, "公务用车运行费", "12.00", "12.00", "万元"),
        # PDF text, single spaces
        (ANHUI, "一般公共预算支出表", "2050205", "合计", "133000.00", "133,000.00", "万元"),
        (ANHUI, "一般公共预算基本支出表", "30101", "人员经费", "22410.00", "22,410.00", "万元"),
        # a PDF's table grid; its column numbers (1 2 3) printed beside 功能分类科目编码 and 科目名称
        (SHAANXI, "支出决算表", "2100410", "项目支出", "1200.00", "1,200.00", "万元"),
        (SHAANXI, "支出决算表", "21001", "基本支出", "2206.35", "2,206.35", "万元"),
        # two classifications side by side, 预算数 and 决算数 side by side
        (SHAANXI, "一般公共预算财政拨款基本支出决算表", "30102", "决算数", "1450.15", "1,450.15", "万元"),
        (SHAANXI, "一般公共预算财政拨款基本支出决算表", "30299", "决算数", "440.00", "440.00", "万元"),
        (SHAANXI, "一般公共预算财政拨款“三公”经费支出决算表", None, "决算数·公务接待费", "3.20", "3.20", "万元"),
        # a Chromium-printed PDF's grid; a blank 项目支出 cell
        (HENAN, "支出决算表", "2050199", "项目支出", "200.00", "200.00", "万元"),
        (HENAN, "支出决算表", "2050203", "基本支出", "10220.00", "10,220.00", "万元"),
        (HENAN, "支出决算表", "2101102", "合计", "980.00", "980.00", "万元"),
        # 三公 headings broken mid-word over three lines of page text (公务用 / 车购置 / 费)
        (HENAN, "一般公共预算财政拨款“三公”经费支出决算表", None, "决算数·公务接待费", "12.75", "12.75", "万元"),
        (HENAN, "一般公共预算财政拨款“三公”经费支出决算表", None, "预算数·公务用车运行费", "30.00", "30.00", "万元"),
        # pdftotext -layout: 30299's 公用经费 printed drifted under 人员经费; 302's sums place it
        (YUNNAN, "一般公共预算基本支出表", "30299", "公用经费", "200.00", "200.00", "万元"),
        (YUNNAN, "一般公共预算基本支出表", "30302", "人员经费", "200.00", "200.00", "万元"),  # code and name apart
        (YUNNAN, "部门支出总表", "2100408", "项目支出", "1530.00", "1,530.00", "万元"),
        (YUNNAN, "一般公共预算“三公”经费支出表", None, "公务接待费", "5.60", "5.60", "万元"),
        (SHANGHAI_TABLES, "2024年部门支出预算总表", "2050801", "项目支出", "7000.00", "7,000.00", "万元"),
        (SHANGHAI_TABLES, "2024年部门支出预算总表", "2101102", "基本支出", "4400.00", "4,400.00", "万元"),
        # the 机关运行经费 printed as a seventh column beside the six of the 三公
        (SHANGHAI_TABLES, "2024年部门“三公”经费和机关运行经费预算表", None, "机关运行经费", "1260.50", "1,260.50", "万元"),
        (SHANGHAI_TABLES, "2024年部门“三公”经费和机关运行经费预算表", None, "公务用车运行费", "42.30", "42.30", "万元"),
    ],
)
def test_budget_table_figures_are_read_in_wan_yuan(extraction, stem, table, code, column, amount, printed, unit):
    line = _line(extraction, stem, table, code, column)
    assert (line.amount, line.printed_amount, line.printed_unit) == (Decimal(amount), printed, unit)


@pytest.mark.parametrize(
    "table, code, column, amount",
    [
        # single spaces keep a row's figures in order, not in their columns: '2050199 … 1,500.00
        # 1,500.00' has its total and one of two parts; the parent's sums say which part
        ("一般公共预算支出表", "2050101", "基本支出", "4820.18"),
        ("一般公共预算支出表", "2050199", "项目支出", "1500.00"),
        ("一般公共预算支出表", "2050305", "项目支出", "49450.00"),
        ("一般公共预算支出表", "2080505", "基本支出", "14280.00"),
        # 301 + 303 make the 人员经费 total, 302 the 公用经费 total; their items follow them
        ("一般公共预算基本支出表", "302", "公用经费", "12316.12"),
        ("一般公共预算基本支出表", "30201", "公用经费", "2116.12"),
        ("一般公共预算基本支出表", "30213", "公用经费", "10200.00"),
        ("一般公共预算基本支出表", "303", "人员经费", "5200.00"),
        ("一般公共预算基本支出表", "30305", "人员经费", "5200.00"),
    ],
)
def test_a_single_spaced_row_with_a_blank_column_puts_its_figure_where_the_sums_place_it(
    extraction, table, code, column, amount
):
    parts = [b for b in records_of(extraction, ANHUI, BudgetLine) if b.table == table and b.code == code]
    assert {b.column: b.amount for b in parts} == {"合计": Decimal(amount), column: Decimal(amount)}


@pytest.mark.parametrize(
    "classification, code, name, amount",
    [
        # a space-aligned 收入支出决算总表, aligned by display width (a Chinese character two columns)
        ("income", None, "一般公共预算财政拨款收入", "18652.43"),
        ("income", None, "政府性基金预算财政拨款收入", "350"),
        ("income", None, "事业收入", "300"),  # the expenditure side of its row left blank
        ("functional", "208", "社会保障和就业支出", "19013.68"),
        ("functional", "210", "卫生健康支出", "288.75"),
        ("balance", None, "本年收入合计", "19302.43"),
        ("balance", None, "本年支出合计", "19302.43"),
    ],
)
def test_a_space_aligned_summary_table_reads_both_sides(extraction, classification, code, name, amount):
    (line,) = [b for b in records_of(extraction, SHANDONG, BudgetLine)
               if b.table == "收入支出决算总表" and b.name == name]
    assert (line.classification, line.code, line.column, line.amount) == (classification, code, "决算数", Decimal(amount))


def test_a_three_public_table_with_two_line_grouped_headings_is_read(extraction):
    # 预算数 | 决算数 over 合计 因公出国（境）费 公务用车购置及运行费 (小计 购置费 运行费) 公务接待费, the
    # headings broken over two lines: twelve figures, each in its column
    figures = {b.column: b.amount for b in records_of(extraction, SHANDONG, BudgetLine) if b.classification == "三公"}
    expected = {"合计": ("42", "36.52"), "因公出国（境）费": ("0", "0"), "公务用车购置及运行费": ("30", "28.16"),
                "公务用车购置费": ("0", "0"), "公务用车运行费": ("30", "28.16"), "公务接待费": ("12", "8.36")}
    assert figures == {f"{group}·{column}": Decimal(pair[k]) for column, pair in expected.items()
                       for k, group in enumerate(("预算数", "决算数"))}


@pytest.mark.parametrize(
    "stem, side, amounts",
    [
        # 本年支出合计 54,520.30 + 年末结转和结余 501.00 = 总计 55,021.30 = 本年收入合计 + 年初结转和结余
        (HENAN, "balance", {"本年收入合计": "54200.80", "年初结转和结余": "820.50", "收入总计": "55021.30",
                            "本年支出合计": "54520.30", "年末结转和结余": "501.00", "支出总计": "55021.30"}),
        (HENAN, "income", {"一般公共预算财政拨款收入": "52360.80", "政府性基金预算财政拨款收入": "1200.00", "事业收入": "640.00"}),
        # pdftotext prints each income figure one space before the expenditure item beside it
        (YUNNAN, "balance", {"本年收入合计": "6842.60", "本年支出合计": "6842.60", "上年结转结余": "120.00",
                             "年终结转结余": "120.00", "收入总计": "6962.60", "支出总计": "6962.60"}),
        (YUNNAN, "income", {"一般公共预算拨款收入": "6542.60", "事业收入": "300.00"}),
        (YUNNAN, "functional", {"社会保障和就业支出": "500.00", "卫生健康支出": "6342.60"}),
        # a fund source printed as 一般公共预算资金
        (SHANGHAI_TABLES, "income", {"一般公共预算资金": "418260.20", "事业收入": "7600.00"}),
    ],
)
def test_summary_tables_read_both_sides_with_their_totals_and_carry_overs(extraction, stem, side, amounts):
    read = {b.name: str(b.amount) for b in records_of(extraction, stem, BudgetLine)
            if b.table in ("收入支出决算总表", "部门收支总表", "2024年部门收支预算总表") and b.classification == side}
    assert read == amounts


@pytest.mark.parametrize("stem, phase", [(ZHEJIANG, "预算"), (SHANDONG, "决算"), (SHAANXI, "决算")])
def test_table_phase_follows_the_kind_of_document(extraction, stem, phase):
    assert {b.phase for b in records_of(extraction, stem, BudgetLine)} == {phase}


def test_every_coded_line_of_text_tables_is_read(extraction):
    for stem in (ZHEJIANG, SHANDONG, BEIJING, HUNAN, ANHUI, SHAANXI, HENAN, YUNNAN):
        (coverage,) = records_of(extraction, stem, ReadingCoverage)
        assert coverage.coded_lines_seen == coverage.coded_lines_read > 0, stem


@pytest.mark.parametrize("stem", [BEIJING, HENAN, YUNNAN, SHANGHAI_TABLES, SHANDONG, SHAANXI, ZHEJIANG, HUNAN])
def test_every_standard_table_printed_with_figures_is_read(extraction, stem):
    # the 北京 项目支出预算表 lists its projects by name only: the project reader reads it
    (coverage,) = records_of(extraction, stem, ReadingCoverage)
    assert coverage.standard_tables_seen == coverage.standard_tables_read > 0, coverage.missed


def test_markdown_headings_are_titles_without_their_marks(extraction):
    titles = [p.title for p in records_of(extraction, BEIJING, DocumentPart)]
    assert "2023年财政拨款支出预算表（按功能分类）" in titles
    assert not [t for t in titles if t.startswith("#")]


# ---------------------------------------------------------------- figures stated in words

@pytest.mark.parametrize(
    "stem, subject, amount",
    [
        (ZHEJIANG, "收入总计", "86452.30"),
        (CHONGQING, "支出总计", "18620.40"),  # 收支预算总额
        (ANHUI, "收入总计", "215386.42"),  # …教育厅收支预算总额
        (SHANDONG, "支出总计", "19302.43"),  # 收入、支出决算总计
        (SHAANXI, "收入总计", "12486.35"),
        (SHANDONG, "三公经费", "36.52"),
        (BEIJING, "公务用车购置及运行费", "128.70"),
    ],
)
def test_totals_stated_in_the_explanation(extraction, stem, subject, amount):
    stated = {s.subject: s.amount for s in records_of(extraction, stem, Statement)}
    assert stated.get(subject) == Decimal(amount)


# ---------------------------------------------------------------- the folder built and validated

@pytest.fixture(scope="module")
def field_build(tmp_path_factory):
    from budgetkg.build import build

    return build(FIELD, tmp_path_factory.mktemp("field-build"))


def _select(field_build, query: str):
    from ontology.namespaces import sparql_prologue
    from store.local import open_store

    return open_store(field_build.out).query(sparql_prologue() + query)


def test_the_folder_builds_every_document(field_build):
    assert [d.status for d in field_build.documents] == ["built"] * len(ALL)


def test_validation_finds_every_department_its_region_and_compares_prose_only_with_its_own_tables(field_build):
    from shapes import validate

    outcome = validate(field_build.out)
    shapes = {(r.shape.rsplit("#", 1)[-1], r.sources[0].file if r.sources else None) for r in outcome.results}
    assert not {s for s in shapes if s[0] == "DepartmentRegion"}
    # 北京's and 重庆's statements of 三公 figures have no 三公 table of their own to agree with;
    # the tables of another department of the same year are not theirs
    assert not {s for s in shapes if s[0].startswith("StatementAgreement")}
    # 河南's final account balances with its carry-overs; a budget's summary (云南) is no final account
    assert not {s for s in shapes if s[0] == "FinalAccountBalance"}


def test_relative_codes_are_policies_of_the_region_they_resolve_to(field_build):
    rows = _select(field_build, """
        SELECT ?number ?policy WHERE { ?policy eli:id_local ?number . FILTER(REGEX(?number, "^[市区县]")) }""")
    found = {r["number"].value: r["policy"].value.rsplit("/id/", 1)[1] for r in rows}
    # 雁塔区's 市政办发 is 西安's (6101); a district's or county's 区/县 code is its own
    assert found == {"市政办发〔2022〕30号": "policy/6101/市政办发〔2022〕30号",
                     "区政办〔2023〕12号": "policy/410105/区政办〔2023〕12号",
                     "县政办发〔2023〕9号": "policy/532924/县政办发〔2023〕9号",
                     "区府办发〔2023〕11号": "policy/310104/区府办发〔2023〕11号",
                     "区政办发〔2022〕7号": "policy/210102/区政办发〔2022〕7号"}


def test_a_disclosure_in_two_files_is_one_department_and_its_prose_is_held_against_the_other_files_tables(field_build):
    rows = _select(field_build, """
        SELECT ?doc ?publisher ?year WHERE {
          ?doc dcterms:publisher ?publisher ; bkg:fiscalYear ?year . FILTER(CONTAINS(STR(?doc), "shanghai")) }""")
    found = {r["doc"].value.rsplit("/", 1)[1]: (r["publisher"].value, r["year"].value) for r in rows}
    assert set(found) == {SHANGHAI_TEXT, SHANGHAI_TABLES}
    assert found[SHANGHAI_TEXT] == found[SHANGHAI_TABLES]
    assert found[SHANGHAI_TEXT][1] == "2024"


def test_an_office_is_named_as_its_policies_print_it(field_build):
    # the rules say 办公厅 for a sub-provincial city (沈阳); 沈阳's own titles print 办公室
    rows = _select(field_build, """
        SELECT ?code ?body WHERE { ?issuer bkg:issuerCode ?code ; skos:prefLabel ?body .
                                   FILTER(?code IN ("沈政办发", "市政办发") && LANG(?body) = "zh") }""")
    assert {(r["code"].value, r["body"].value) for r in rows} == {
        ("沈政办发", "沈阳市人民政府办公室"), ("市政办发", "西安市人民政府办公厅")}


def test_the_henan_pdf_and_its_pdftotext_layout_text_give_the_same_tables_and_citations(tmp_path):
    # poppler's spacing: both sides' 总计 on one row, figures one space apart (0.00 30.00), a 三公
    # header broken mid-word over four lines
    import shutil
    import subprocess

    from conftest import missing_tier
    from kg_build.extract import extract_path

    if shutil.which("pdftotext") is None:
        missing_tier("pdftotext (Debian package poppler-utils) is not installed")
    text = tmp_path / f"{HENAN}.txt"
    subprocess.run(["pdftotext", "-layout", str(FIELD / f"{HENAN}.pdf"), str(text)], check=True, timeout=60)

    def facts(path):
        records = extract_path(path).records
        lines = {(b.table, b.classification, b.code, b.name, b.column, b.amount) for b in records if isinstance(b, BudgetLine)}
        cited = {(c.doc_number, c.citing_project) for c in records if isinstance(c, Citation)}
        executed = {(e.project, e.budget, e.executed, e.rate, e.score) for e in records if isinstance(e, Execution)}
        return lines, cited, executed

    pdf_lines, pdf_cited, pdf_executed = facts(FIELD / f"{HENAN}.pdf")
    text_lines, text_cited, text_executed = facts(text)
    assert text_lines == pdf_lines and len(pdf_lines) == 58
    assert text_cited == pdf_cited
    # the self-evaluation's funds row, its figures counted from the right of the header
    assert text_executed == pdf_executed and len(pdf_executed) == 1
