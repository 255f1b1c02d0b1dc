"""Cross-record linking: printed variants meet in one node, deterministic keys."""
from __future__ import annotations

from decimal import Decimal

import pytest

from linking import decode_project_code, document_links, link
from linking.departments import is_internal_section
from linking.nodes import one_edit_apart
from kg_build.records import Citation, Document, Organisation, Project, ProjectAmount, Provenance


def prov(doc: str, line: int, quote: str = "…") -> Provenance:
    return Provenance(doc, line, line, quote)


def document(file: str, region_code: str, region_name: str, department: str) -> Document:
    return Document(file, "0" * 64, f"{department} 2024 年部门预算", "部门预算", 2024, region_code, region_name,
                    department, prov(file, 1))


def org(doc: str, line: int, name: str, code=None, parent=None, region=None, role="department") -> Organisation:
    return Organisation(name, code, parent, None, region, role, prov(doc, line))


def project(doc: str, line: int, name: str, code=None, department=None, budget=None) -> Project:
    return Project(name, code, department, None, current_year_budget=budget, prov=prov(doc, line))


def cite(doc: str, line: int, printed: str, number=None, title=None, project_ref=None) -> Citation:
    return Citation(project_ref, None, number, None, None, None, title, printed, prov(doc, line))


def test_region_prefixed_and_bare_department_names_are_one_node():
    recs = [
        document("a.txt", "420111", "洪山区", "武汉市洪山区医疗保障局"),
        org("a.txt", 5, "洪山区医疗保障局"),
        org("a.txt", 9, "武汉市洪山区医疗保障局", code="043"),
    ]
    links = link(recs)
    key = links.department_key("a.txt", "洪山区医疗保障局")
    assert key == "420111/医疗保障局"
    assert links.department_key("a.txt", "武汉市洪山区医疗保障局") == key
    dept = links.departments[key]
    assert dept.printed == {"洪山区医疗保障局", "武汉市洪山区医疗保障局"}
    assert dept.label == "武汉市洪山区医疗保障局"
    assert dept.code == "043"


def test_unit_of_a_department_is_its_own_node_below_the_department():
    recs = [
        document("a.txt", "420111", "洪山区", "武汉市洪山区医疗保障局"),
        org("a.txt", 9, "武汉市洪山区医疗保障局", code="043"),
        org("a.txt", 10, "武汉市洪山区医疗保障局本级", code="043001"),
    ]
    links = link(recs)
    unit = links.departments[links.department_key("a.txt", "武汉市洪山区医疗保障局本级")]
    assert unit.key == "420111/医疗保障局本级"
    assert unit.parent == "420111/医疗保障局"


def test_misprinted_region_one_character_off_resolves_to_the_documents_region():
    recs = [
        document("b.txt", "420103", "江汉区", "武汉市江汉区保健医疗办公室"),
        org("b.txt", 3, "江汉区卫生健康局"),
        org("b.txt", 4, "武汉市江汉区卫生健康局"),
        org("b.txt", 391, "武汉市江海区卫生健康局", code="204"),
    ]
    links = link(recs)
    keys = {links.department_key("b.txt", n) for n in ("江汉区卫生健康局", "武汉市江汉区卫生健康局", "武汉市江海区卫生健康局")}
    assert keys == {"420103/卫生健康局"}


def test_misprint_needs_a_region_printed_in_the_same_document():
    # 江海区 is one character off 江汉区, but no 江汉区 document or name is in sight here
    recs = [document("c.txt", "421222", "通城县", "通城县医疗保障局"), org("c.txt", 3, "武汉市江海区卫生健康局")]
    links = link(recs)
    assert links.department_key("c.txt", "武汉市江海区卫生健康局") == "4201/江海区卫生健康局"


def test_abbreviated_department_names_meet_the_full_names():
    recs = [
        document("a.txt", "420106", "武昌区", "武昌区医疗保障局"),
        org("a.txt", 19, "武昌区医保局"),
        org("a.txt", 40, "武昌区医疗保障局"),
        org("a.txt", 41, "武昌区卫健局"),
        org("a.txt", 42, "武汉市武昌区卫生健康局"),
    ]
    links = link(recs)
    assert links.department_key("a.txt", "武昌区医保局") == links.department_key("a.txt", "武昌区医疗保障局") == "420106/医疗保障局"
    assert links.department_key("a.txt", "武昌区卫健局") == links.department_key("a.txt", "武汉市武昌区卫生健康局") == "420106/卫生健康局"


def test_same_department_printed_in_two_documents_is_one_node():
    recs = [
        document("a.txt", "420111", "洪山区", "武汉市洪山区医疗保障局"),
        document("b.txt", "420106", "武昌区", "武昌区医疗保障局"),
        org("b.txt", 3, "洪山区医疗保障局"),
    ]
    links = link(recs)
    assert links.document_department("a.txt") == links.department_key("b.txt", "洪山区医疗保障局")
    assert links.document_department("b.txt") == "420106/医疗保障局"


def test_project_code_is_decoded_into_region_year_and_department_code():
    decoded = decode_project_code("42011124043T000000101")
    assert (decoded.region, decoded.year, decoded.department_code) == ("420111", 2024, "043")
    assert decode_project_code("城乡医疗救助") is None


def test_coded_project_links_to_the_department_with_that_unit_code_in_its_region():
    recs = [
        document("a.txt", "420111", "洪山区", "武汉市洪山区医疗保障局"),
        org("a.txt", 914, "武汉市洪山区医疗保障局", code="043"),
        project("a.txt", 932, "医疗救助", code="42011124043T000000101", department="武汉市洪山区医疗保障局本级"),
    ]
    links = link(recs)
    node = links.projects["42011124043T000000101"]
    assert node.coded_department == "420111/医疗保障局"
    assert node.decoded.region == "420111"


def test_same_code_in_two_documents_is_one_project():
    code = "42010324204T000000103"
    recs = [
        document("a.txt", "420103", "江汉区", "武汉市江汉区保健医疗办公室"),
        document("b.txt", "420103", "江汉区", "武汉市江汉区卫生健康局"),
        project("a.txt", 376, "保优离人员医疗费", code=code),
        project("b.txt", 12, "保优离人员医疗费", code=code),
    ]
    links = link(recs)
    assert links.project_of(recs[2]) == links.project_of(recs[3]) == code
    assert links.projects[code].names["保优离人员医疗费"] == 2


def test_name_only_variant_with_the_same_amount_resolves_to_the_coded_project():
    code = "42010324204T000000103"
    recs = [
        document("a.txt", "420103", "江汉区", "武汉市江汉区保健医疗办公室"),
        project("a.txt", 376, "保优离人员医疗费", code=code, budget=Decimal("2000.80")),
        project("a.txt", 425, "评优离人员医疗费", budget=Decimal("2000.8")),
        project("a.txt", 430, "评优离人员医疗费", budget=Decimal("300")),
    ]
    links = link(recs)
    assert links.project_of(recs[2]) == code
    # one character off but a different amount: another project, keyed by department + name
    assert links.project_of(recs[3]) == "420103/保健医疗办公室/评优离人员医疗费"


def test_name_only_reference_resolves_through_the_coded_project_of_its_document():
    code = "42010622503T000000142"
    recs = [
        document("a.txt", "420106", "武昌区", "武昌区卫生健康局"),
        project("a.txt", 338, "计生一次性奖励经费", code=code),
        ProjectAmount("计生一次性奖励经费", "current_year", Decimal("1477"), 2024, "绩效目标表", prov("a.txt", 340)),
    ]
    links = link(recs)
    assert links.project_key("a.txt", "计生一次性奖励经费", 340) == code
    assert links.project_key("a.txt", code, 1) == code


def test_uncoded_project_key_is_department_key_and_name():
    recs = [
        document("d.txt", "420111", "洪山区", "武汉市洪山区卫生健康局本级"),
        project("d.txt", 1313, "计生一次性奖励经费", department="洪山区卫生健康局"),
    ]
    links = link(recs)
    assert links.project_of(recs[1]) == "420111/卫生健康局/计生一次性奖励经费"


def test_doc_number_in_any_bracket_style_is_one_policy():
    recs = [
        cite("a.txt", 355, "武政办[2016]69 号", number="武政办〔2016〕69号"),
        cite("b.txt", 1366, "武政办〔2016〕69号", number="武政办〔2016〕69号",
             title="市人民政府办公厅关于进一步完善城镇独生子女年老父母计划生育一次性奖励政策的通知"),
        cite("c.txt", 7, "武政办【2016】69号", number=None),
    ]
    links = link(recs)
    keys = {links.policy_key(c) for c in recs}
    assert keys == {"武政办〔2016〕69号"}
    pol = links.policies["武政办〔2016〕69号"]
    assert (pol.issuer_code, pol.year, pol.number) == ("武政办", 2016, "69")
    assert pol.title.startswith("市人民政府办公厅关于")


def test_title_only_citation_resolves_to_the_numbered_policy_with_that_title():
    title = "市人民政府办公厅关于进一步完善城镇独生子女年老父母计划生育一次性奖励政策的通知"
    recs = [
        cite("a.txt", 1, "武政办〔2016〕69号", number="武政办〔2016〕69号", title=title),
        cite("b.txt", 2, f"《{title}》", title=f"《{title}》"),
        cite("b.txt", 3, "《湖北省人口与计划生育条例》", title="湖北省人口与计划生育条例"),
    ]
    links = link(recs)
    assert links.policy_key(recs[1]) == "武政办〔2016〕69号"
    assert links.policy_key(recs[2]) == "title/湖北省人口与计划生育条例"


def test_one_edit_apart_counts_substitutions_insertions_and_deletions():
    assert one_edit_apart("江海区", "江汉区")
    assert one_edit_apart("打击欺诈骗保", "打击欺诈骗保费")
    assert not one_edit_apart("江汉区", "江汉区")
    assert not one_edit_apart("打击欺诈骗保", "打击欺诈骗取医保")


def test_linking_is_deterministic_for_the_same_records():
    recs = [
        document("a.txt", "420111", "洪山区", "武汉市洪山区医疗保障局"),
        org("a.txt", 5, "洪山区医疗保障局"),
        project("a.txt", 7, "医疗救助", department="洪山区医疗保障局"),
    ]
    first, second = link(recs), link(list(recs))
    assert sorted(first.departments) == sorted(second.departments)
    assert sorted(first.projects) == sorted(second.projects)


def test_unit_suffix_in_brackets_is_the_same_unit():
    recs = [
        document("d.txt", "420111", "洪山区", "武汉市洪山区卫生健康局本级"),
        org("d.txt", 3, "武汉市洪山区卫生健康局(本级)"),
        org("d.txt", 4, "武汉市洪山区卫生健康局本级"),
    ]
    links = link(recs)
    assert links.department_key("d.txt", "武汉市洪山区卫生健康局(本级)") == "420111/卫生健康局本级"
    assert links.departments["420111/卫生健康局本级"].parent == "420111/卫生健康局"


def test_project_keeps_the_project_tables_budget_over_the_forms():
    code = "42011124043T000000101"
    table = Project("医疗救助", code, None, "武汉市洪山区医疗保障局本级", current_year_budget=Decimal("500.00"),
                    source_table="项目支出表", prov=prov("a.txt", 930))
    form = Project("医疗救助", None, "洪山区医疗保障局", "洪山区医疗保障局", current_year_budget=Decimal("499"),
                   source_table="绩效目标表", prov=prov("a.txt", 1825))
    links = link([document("a.txt", "420111", "洪山区", "武汉市洪山区医疗保障局"), form, table])
    assert links.project_of(form) == code
    assert links.is_budget_source(table) and not links.is_budget_source(form)
    # the competent department is the printed 主管部门, not the executing unit of the table
    assert links.projects[code].department == "420111/医疗保障局"


def test_internal_section_printed_as_executing_unit_is_a_unit_of_the_competent_department():
    recs = [
        document("a.txt", "420106", "武昌区", "武昌区卫生健康局"),
        Project("计生一次性奖励经费", "42010622503T000000142", "武昌区卫生健康局", "家发科", prov=prov("a.txt", 339)),
        Project("基本公共卫生服务补助资金", "42010624503T000000102", "武昌区卫生健康局", "基卫科",
                prov=prov("a.txt", 690)),
    ]
    links = link(recs)
    key = links.department_key("a.txt", "家发科")
    assert key == "420106/卫生健康局/家发科"
    unit = links.departments[key]
    assert unit.section and unit.parent == "420106/卫生健康局" and unit.region == "420106"
    assert links.department_key("a.txt", "基卫科") == "420106/卫生健康局/基卫科"


def test_agencies_and_region_prefixed_names_are_not_internal_sections():
    regions = {"武昌区": "420106"}
    assert is_internal_section("家发科", regions) and is_internal_section("财务股", regions)
    for name in ("武昌区卫生健康局", "疾病预防控制中心", "武昌区财务科", "社区卫生服务站", "办公室", "卫生监督所"):
        assert not is_internal_section(name, regions), name


def test_section_without_a_department_beside_it_belongs_to_the_publisher():
    recs = [document("a.txt", "420106", "武昌区", "武昌区卫生健康局"),
            Citation(None, "家发科", "武政办〔2016〕69号", None, None, None, None, "武政办〔2016〕69号",
                     prov("a.txt", 12))]
    links = link(recs)
    assert links.department_key("a.txt", "家发科") == "420106/卫生健康局/家发科"


def two_documents_sharing_a_department(extra_in_b: list) -> list:
    return [
        document("a.txt", "420111", "洪山区", "洪山区医疗保障局"),
        project("a.txt", 7, "医疗救助", department="洪山区医疗保障局"),
        document("b.txt", "420106", "武昌区", "武昌区医疗保障局"),
        *extra_in_b,
    ]


def test_document_view_changes_when_another_document_changes_a_decision_it_depends_on():
    plain = two_documents_sharing_a_department([])
    fuller = two_documents_sharing_a_department([org("b.txt", 3, "武汉市洪山区医疗保障局")])
    unrelated = two_documents_sharing_a_department([org("b.txt", 3, "武汉市武昌区民政局")])

    def digest(recs):
        links = link(recs)
        return document_links(links, "a.txt", [r for r in recs if r.prov.document == "a.txt"]).digest()

    assert digest(plain) == digest(two_documents_sharing_a_department([]))
    assert digest(unrelated) == digest(plain)  # b printed something a does not use
    assert digest(fuller) != digest(plain)  # the department's prefLabel (fullest form) changed


def test_document_view_refuses_questions_about_other_documents():
    recs = two_documents_sharing_a_department([])
    view = document_links(link(recs), "a.txt", [r for r in recs if r.prov.document == "a.txt"])
    assert view.department_key("a.txt", "洪山区医疗保障局") == "420111/医疗保障局"
    with pytest.raises(KeyError):
        view.department_key("b.txt", "武昌区医疗保障局")
