"""The projects reader: project mentions, amounts, funding and expenditure items.

Facts are pinned per sample document, then the genre is checked on small documents written
for other regions, years and layouts (tests/genre/projects/).
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from kg_build.extract import extract_source
from kg_build.extract.sections import project_reference
from kg_build.records import ExpenditureDetail, FundingSource, Project, ProjectAmount
from kg_build.source import parse_source, read_source

GENRE = Path(__file__).parent / "genre" / "projects"
D = Decimal


@pytest.fixture(scope="module")
def by_doc(corpus_extraction):
    return {d.file[:3]: d.records for d in corpus_extraction.documents}


def _of(records, kind):
    return [r for r in records if isinstance(r, kind)]


def _project(records, name=None, code=None, source=None):
    found = [p for p in _of(records, Project)
             if (name is None or p.name == name) and (code is None or p.code == code)
             and (source is None or p.source_table == source)]
    assert found, f"no project {name or code} from {source}"
    return found[0]


def _amounts(records, ref, kind=None, context=None):
    return [a for a in _of(records, ProjectAmount) if a.project == ref
            and (kind is None or a.kind == kind) and (context is None or a.context == context)]


def _fixture(name):
    src = read_source(GENRE / name)
    return extract_source(src)


# ---------------------------------------------------------------- the corpus


def test_corpus_names_more_than_forty_distinct_projects(by_doc):
    distinct = {(doc, project_reference(p.name, p.code)) for doc, recs in by_doc.items() for p in _of(recs, Project)}
    assert len(distinct) > 40
    per_doc = {doc: len({r for d, r in distinct if d == doc}) for doc in by_doc}
    assert all(n >= 3 for n in per_doc.values()), per_doc


def test_000_forms_read_code_type_budgets_and_history(by_doc):
    recs = by_doc["000"]
    p = _project(recs, code="42010622503T000000142")
    assert p.name == "计生一次性奖励经费" and p.source_table == "绩效目标表"
    assert (p.total_budget, p.current_year_budget) == (D(1507), D(1507))
    assert p.department == "武昌区卫生健康局" and p.executing_unit == "家发科"
    assert p.category == "公共项目"
    assert p.earlier_budgets == [(2022, D(1507)), (2023, D(1507))]
    # A PDF cell broken over lines (项目执行单 … 武昌区医保局) is still read.
    assert _project(recs, name="城乡医疗救助").executing_unit == "武昌区医保局"
    history = _amounts(recs, "42010624503T000000102", "earlier_year")
    assert {(a.year, a.amount) for a in history} == {(2022, D("9496.5")), (2023, D(9525))}


def test_000_funding_rows_keep_only_printed_amounts_without_numbering(by_doc):
    recs = by_doc["000"]
    rows = [(f.source, f.amount) for f in _of(recs, FundingSource) if f.project == "城乡医疗救助"]
    assert rows == [("一般公共预算财政拨款收入", D(900)), ("上级补助收入", D(400))]
    f = next(f for f in _of(recs, FundingSource) if f.project == "城乡医疗救助" and f.amount == 400)
    assert "400" in f.prov.quote and f.prov.line_start == 85


def test_000_expenditure_items_skip_totals_and_carry_the_basis(by_doc):
    recs = by_doc["000"]
    items = [(i.item, i.amount) for i in _of(recs, ExpenditureDetail) if i.project == "42010622503T000000142"]
    assert items == [("企业退休职工计生一次性奖励", D(637)), ("城镇年老父母计生一次性奖励", D(840)), ("独生子女保健费", D(30))]
    basis = {i.basis for i in _of(recs, ExpenditureDetail) if i.project == "42010622503T000000142"}
    assert len(basis) == 1 and "武政办[2016]69号" in basis.pop()


def test_001_project_table_joins_codes_broken_over_lines(by_doc):
    recs = by_doc["001"]
    p = _project(recs, code="42011124043T000000101", source="项目支出表")
    assert p.name == "医疗救助" and p.current_year_budget == D("500.00")
    assert p.executing_unit == "武汉市洪山区医疗保障局本级"  # unit wrapped over two lines
    assert (p.prov.line_start, p.prov.line_end) == (930, 938)
    codes = sorted(p.code for p in _of(recs, Project) if p.source_table == "项目支出表")
    assert codes == ["42011124043T000000100", "42011124043T000000101", "42011124043T000000102"]


def test_001_form_history_and_budget_phrase(by_doc):
    recs = by_doc["001"]
    p = _project(recs, name="一般机构运转", source="绩效目标表")
    assert p.earlier_budgets == [(2022, D("31.15")), (2023, D(29))]
    assert p.total_budget == D("17.00") and p.current_year_budget == D(17)
    # 项目总预算 printed as 资金来源：本级 300 万元，上级 200 万元: parts, read as funding, no total.
    rescue = _project(recs, name="医疗救助", source="绩效目标表")
    assert rescue.total_budget is None and rescue.current_year_budget == D(500)
    sources = {(f.source, f.amount) for f in _of(recs, FundingSource) if f.project == "医疗救助"}
    assert {("本级一般公共预算", D(300)), ("上级一般公共预算", D(200))} <= sources


def test_001_department_form_and_prose_list_projects(by_doc):
    recs = by_doc["001"]
    rows = {(p.name, p.category, p.total_budget) for p in _of(recs, Project) if p.source_table == "项目支出情况"}
    assert rows == {("一般机构运转", "一般目标类", D(17)), ("医疗救助", "特殊目标类", D(500)),
                    ("打击欺诈骗保", "特殊目标类", D("11.82"))}
    prose = {(p.name, p.current_year_budget) for p in _of(recs, Project) if p.source_table == "说明"}
    assert prose == {("一般机构运转", D(17)), ("医疗救助", D(500)), ("打击欺诈骗保", D("11.82"))}


def test_002_six_projects_of_the_tab_separated_project_table(by_doc):
    recs = by_doc["002"]
    table = {p.code: (p.name, p.current_year_budget) for p in _of(recs, Project) if p.source_table == "项目支出表"}
    assert table == {
        "42010324204T000000102": ("保健医疗专项工作经费", D("4.80")),
        "42010324204T000000103": ("保优离人员医疗费", D("2000.80")),
        "42010324204T000000104": ("公务员医疗补助", D("1384.50")),
        "42010324204T000000105": ("教育系统公务员医疗补助", D("1259.00")),
        "42010324204T000000106": ("子女互助合作医疗", D("182.20")),
        "42010324204T000000129": ("教育系统保优离人员医疗费", D("300.00")),
    }


def test_002_disagreeing_figures_are_all_kept_with_their_lines(by_doc):
    recs = by_doc["002"]
    table = _amounts(recs, "42010324204T000000106", "current_year")
    assert [(a.amount, a.prov.line_start, a.context) for a in table] == [(D("182.20"), 379, "项目支出预算表")]
    form = _amounts(recs, "子女互助合作医疗", "current_year", "绩效目标表")
    prose = _amounts(recs, "子女互助合作医疗", "current_year", "说明")
    spending = _amounts(recs, "子女互助合作医疗", "total", "项目支出情况")
    assert [a.amount for a in form + prose + spending] == [D("152.2")] * 3
    assert prose[0].prov.line_start == 168


def test_002_form_ticks_and_items_with_basis(by_doc):
    recs = by_doc["002"]
    p = _project(recs, name="保健医疗专项工作经费", source="绩效目标表")
    assert (p.category, p.frequency) == ("运转类", "常年项目")
    assert p.earlier_budgets == [(2022, D(6)), (2023, D(6))]
    items = {(i.item, i.amount, i.basis) for i in _of(recs, ExpenditureDetail) if i.project == "保健医疗专项工作经费"}
    assert ("办公费", D("1.2"), "办公室日常维持办公费用，如电话费、办公用品等费用") in items
    assert len(items) == 4
    funding = [(f.source, f.amount) for f in _of(recs, FundingSource) if f.project == "保健医疗专项工作经费"]
    assert funding == [("财政拨款收入（区级安排数）", D("4.8"))]


def test_002_row_number_prefix_is_stripped_from_department_form_rows(by_doc):
    names = [p.name for p in _of(by_doc["002"], Project) if p.source_table == "项目支出情况"]
    assert names[0] == "评优离人员医疗费" and not any(n.startswith("项目") for n in names)
    assert len(names) == 6


def test_003_one_cell_per_line_rows_and_forms(by_doc):
    recs = by_doc["003"]
    p = _project(recs, name="医疗救助本级配套资金", source="项目支出情况")
    assert (p.total_budget, p.current_year_budget, p.category) == (D(1000), D(1000), "一般财政公共预算")
    levy = _project(recs, name="城乡居民医疗保险征缴工作经费")
    assert (levy.total_budget, levy.current_year_budget) == (D(200), D(36))
    assert len([p for p in _of(recs, Project) if p.source_table == "项目支出情况"]) == 10
    form = _project(recs, name="城乡居民基本医疗保险补助", source="绩效目标表")
    assert (form.category, form.frequency, form.total_budget) == ("社保基金预算", "延续项目", D(4078))
    assert form.department == "通城县医疗保障局"


def test_004_final_account_self_evaluations_give_execution_figures(by_doc):
    recs = by_doc["004"]
    p = _project(recs, name="计生一次性奖励经费", source="自评")
    assert p.prov.line_start == 1313
    executed = _amounts(recs, "计生一次性奖励经费", "executed", "自评")
    assert {a.amount for a in executed} == {D("796.6"), D("796.60")}
    budget = _amounts(recs, "计生一次性奖励经费", "budget", "自评")
    assert [a.prov.line_start for a in budget] == [1334, 1406]
    names = {p.name for p in _of(recs, Project) if p.source_table == "自评"}
    assert {"区基本公共卫生服务", "新生儿听力筛查", "区卫生健康局盘活资金-信访扶助资金",
            "武汉市中心医院洪山区院区(杨春湖院区)建设"} <= names
    # 项目名称其他计划生育事务支出 (line 484) names the functional 项 2100799, not a project
    assert not [p for p in _of(recs, Project) if p.name == "其他计划生育事务支出"]


def test_no_record_carries_officials_names_or_phones(by_doc):
    people = ["李新红", "88930097", "张艳", "88936270", "陈勇", "02787569850", "汪霞", "85481855",
              "吴惠", "15871958027", "曾好", "87569960", "罗焱", "85481711"]
    kinds = (Project, ProjectAmount, FundingSource, ExpenditureDetail)
    for recs in by_doc.values():
        for r in recs:
            if isinstance(r, kinds):
                text = repr(r)
                assert not any(p in text for p in people), text


# ---------------------------------------------------------------- the genre


def test_tab_layout_of_another_district_and_year():
    res = _fixture("tab_2023_district.txt")
    recs = res.records
    table = {p.code: p.current_year_budget for p in _of(recs, Project) if p.source_table == "项目支出表"}
    assert table == {"42010223102T000000007": D("80.00"), "42010223102T000000008": D("8.50")}
    form = _project(recs, code="42010223102T000000007", source="绩效目标表")
    assert (form.category, form.frequency) == ("特定目标类", "延续性项目")
    assert form.earlier_budgets == [(2021, D(70)), (2022, D(75))]
    assert _amounts(recs, "42010223102T000000007", "current_year", "绩效目标表")[0].year == 2023
    items = [(i.item, i.amount, i.basis) for i in _of(recs, ExpenditureDetail)]
    assert items == [("体检费", D(76), "按每人200元标准测算"), ("印刷费", D(4), "体检表印制")]
    spending = {(p.name, p.total_budget, p.current_year_budget) for p in _of(recs, Project) if p.source_table == "项目支出情况"}
    assert spending == {("老年人免费体检", D(240), D(80)), ("卫生监督执法", D("8.5"), D("8.5"))}
    assert not any("13912345678" in repr(r) or "赵六" in repr(r) for r in recs)


def test_one_cell_per_line_form_in_yuan_is_converted_to_wan():
    recs = _fixture("cell_per_line_yuan.txt").records
    p = _project(recs, source="绩效目标表")
    assert p.code == "42122324031T000000015"  # code split over two lines
    assert p.total_budget == D(150) and p.frequency == "延续项目" and p.category == "一般公共预算"
    funding = {(f.source, f.amount) for f in _of(recs, FundingSource)}
    assert funding == {("财政拨款", D(120)), ("其他资金", D(30))}


def test_pdf_layout_with_split_codes_and_wrapped_units():
    recs = _fixture("pdf_split_code.txt").records
    table = {(p.code, p.name, p.executing_unit) for p in _of(recs, Project) if p.source_table == "项目支出表"}
    assert table == {
        ("42011623061T000000201", "城乡居民医疗救助", "武汉市黄陂区医疗保障局本级"),
        ("42011623061T000000202", "医保基金监管", "武汉市黄陂区医疗保障局本级"),
    }
    form = _project(recs, code="42011623061T000000201", source="绩效目标表")
    assert form.earlier_budgets == [(2021, D(90)), (2022, D(90))]
    funding = [(f.source, f.amount) for f in _of(recs, FundingSource)]
    assert funding == [("一般公共预算财政拨款收入", D(70)), ("上级补助收入", D(30))]
    assert [i.item for i in _of(recs, ExpenditureDetail)] == ["住院救助", "门诊救助"]
    prose = {(p.name, p.current_year_budget) for p in _of(recs, Project) if p.source_table == "说明"}
    assert prose == {("城乡居民医疗救助", D(100)), ("医保基金监管", D(20))}


def test_truncated_form_gives_a_warning_with_its_line_not_a_traceback():
    res = _fixture("truncated_form.txt")
    assert _project(res.records, name="乡村医生补助").department == "某县卫生健康局"
    warnings = [str(w) for w in res.warnings if "projects" in w.message]
    assert warnings and all(re.match(r"truncated_form\.txt:\d+: ", w) for w in warnings)
    assert not any("Traceback" in w or "reader failed" in w for w in warnings)


def test_project_code_without_amount_warns_with_line():
    text = "项目支出表\n单位：万元\n项目编码 项目名称 项目单位 合计\n42011124043T000000109 某项目\n第三部分 名词解释\n"
    res = extract_source(parse_source("cut.txt", text.encode("utf-8")))
    assert any(w.line == 4 and "without a readable name and amount" in w.message for w in res.warnings)
    assert not _of(res.records, Project)


def test_markdown_and_html_forms_give_clean_field_values():
    performance = GENRE.parent / "performance"
    md = extract_source(read_source(performance / "markdown_two_projects_2024.md")).records
    welfare = _project(md, code="42011424061T000000012", source="绩效目标表")
    assert (welfare.name, welfare.department, welfare.executing_unit) == ("特困人员供养", "武汉市蔡甸区民政局", "武汉市蔡甸区社会福利院")
    assert (welfare.total_budget, welfare.current_year_budget) == (D("120.50"), D("120.50"))
    html = extract_source(read_source(performance / "html_project_2024.html")).records
    farmland = _project(html, code="42011324052T000000021", source="绩效目标表")
    assert (farmland.name, farmland.executing_unit, farmland.total_budget) == ("高标准农田建设", "武汉市汉南区农业技术推广中心", D(300))
    assert not any("赵某某" in repr(r) or "84851234" in repr(r) for r in html)


def test_pdf_row_with_wrapped_name_and_wrapped_unit_is_split_where_the_unit_begins():
    # 项目单位 cells start with the department's (or a region's) name; a unit that does not
    # is told from the name by the name the project's own form prints.
    recs = _fixture("pdf_wrapped_name_and_unit.txt").records
    table = {(p.code, p.name, p.executing_unit) for p in _of(recs, Project) if p.source_table == "项目支出表"}
    assert table == {
        ("51010525118T000000301", "青羊老年健康经费1", "成都市青羊区教育局本级"),
        ("51010525118T000000302", "青羊校园安全经费2", "青羊区第一中学"),
    }


def test_wrapped_unit_starting_with_a_known_region_is_split_off_the_wrapped_name():
    from kg_build.extract.project_tables import project_table_rows

    lines = ["项目支出表", "42011525349", "", "T834543046", "江夏老年健康经", "费1", "武汉市江夏区教",
             "育局本级 1,805.80 1,805.80", "", "42011222341", "", "T223790131", "东西湖信息化建", "设经费1",
             "武汉市东西湖区", "农业农村局本级 2,271.82 2,271.82"]
    rows, unread = project_table_rows(lines, 1, len(lines), organisations=("农业农村局",))
    assert not unread
    assert [(r.name, r.unit) for r in rows] == [("江夏老年健康经费1", "武汉市江夏区教育局本级"),
                                                ("东西湖信息化建设经费1", "武汉市东西湖区农业农村局本级")]
