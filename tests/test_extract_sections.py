"""Where performance forms begin and end, on the sample corpus and on small documents of the genre."""
from __future__ import annotations

import pytest

from kg_build.extract.sections import project_reference, section_at, sections
from kg_build.source import parse_source, read_source

from conftest import CORPUS


def _secs(stem: str):
    path = next(CORPUS.glob(f"{stem}_*.txt"))
    return sections(read_source(path))


def _doc(text: str):
    return parse_source("fixture.txt", text.encode("utf-8"))


def test_titled_forms_become_one_section_each_named_by_their_form_row():
    secs = _secs("000")
    assert [(s.kind, s.name, s.code) for s in secs] == [
        ("project", "城乡医疗救助", None),
        ("project", "计生一次性奖励经费", "42010622503T000000142"),
        # The title says 基本公共卫生经费; the form row names the project.
        ("project", "基本公共卫生服务补助资金", "42010624503T000000102"),
    ]
    assert secs[0].start == 14 and secs[1].start == 332 and secs[0].end == 331


def test_goal_tables_inside_a_form_do_not_split_it():
    # 长期绩效目标表 / 年度绩效目标表 are tables of the form, not forms.
    secs = _secs("001")
    assert [s.name for s in secs] == ["武汉市洪山区医疗保障局", "一般机构运转", "打击欺诈骗取医保", "医疗救助"]
    assert secs[0].kind == "department" and secs[0].start == 951
    assert section_at(secs, 1450).name == "一般机构运转"  # 长效绩效目标 table at 1426
    assert section_at(secs, 2135).name == "医疗救助"
    assert section_at(secs, 2136) is None  # 第三部分 ends the last form


def test_summary_table_header_is_not_a_form_head():
    # 项目名称 项目类别 … heads the 项目支出情况 block of the department form.
    secs = _secs("001")
    dept = secs[0]
    assert dept.start < 1080 < dept.end
    assert section_at(secs, 1080) is dept


def test_tab_layout_forms_under_a_generic_title_start_at_the_title():
    secs = _secs("002")
    assert secs[0].kind == "department" and secs[0].name == "武汉市江汉区保健医疗办公室"
    assert [s.name for s in secs[1:]] == [
        "保健医疗专项工作经费", "保优离人员医疗费", "公务员医疗补助",
        "教育系统保优离人员医疗费", "教育系统公务员医疗补助", "子女互助合作医疗",
    ]
    assert secs[1].start == 496  # 2024年江汉区项目支出(绩效目标)申报表
    assert secs[1].end == 521


def test_table_of_contents_entries_make_no_section():
    secs = _secs("002")
    assert all(s.start > 300 for s in secs)  # the contents list form titles at lines 73-75


def test_one_cell_per_line_forms_are_found():
    secs = _secs("003")
    assert [(s.kind, s.name) for s in secs] == [
        ("department", "通城县医疗保障局"),
        ("project", "城乡居民基本医疗保险补助"),
        ("project", "医疗救助本级配套资金"),
    ]
    assert secs[0].start == 69  # 2.2024年度部门整体绩效目标申报表 and its repeated title are one head


def test_final_account_self_evaluations_are_sections_with_title_names():
    secs = _secs("004")
    projects = [s.name for s in secs if s.kind == "project"]
    assert projects == [
        "区基本公共卫生服务", "基本药物制度补助资金", "计生一次性奖励经费", "其他计划生育支出",
        # a title broken over two lines inside Markdown emphasis
        "区保健离休优诊医疗费报销及机关事业单位医疗费补助",
        "医疗服务与保障能力提升",
    ]
    depts = [s for s in secs if s.kind == "department"]
    assert [d.start for d in depts] == [604, 921]
    assert depts[1].name == "洪山区卫生健康局"


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_sections_are_ordered_and_do_not_overlap(stem):
    secs = _secs(stem)
    for a, b in zip(secs, secs[1:]):
        assert a.start <= a.end < b.start


def test_split_code_in_one_cell_per_line_head_is_joined():
    src = _doc("项目支出绩效目标表\n\t项目名称\n\t乡村医生补助\n\t项目代码\n\t42122324031\nT000000015\n\t主管部门\n\t某局\n")
    (sec,) = sections(src)
    assert sec.name == "乡村医生补助" and sec.code == "42122324031T000000015"
    assert sec.start == 1


def test_department_form_without_name_cell_takes_given_department():
    src = _doc("部门整体支出绩效目标表\n\n单位：万元\n部门职能概述 负责全县卫生工作\n年度工作任务 完成体检\n")
    (sec,) = sections(src, department="某县卫生健康局")
    assert sec.kind == "department" and sec.name == "某县卫生健康局"


def test_part_heading_ends_a_section():
    src = _doc("项目名称 乡村医生补助 项目代码\n项目总预算 10\n项目当年预算 10\n第三部分 名词解释\n一、财政拨款\n")
    (sec,) = sections(src)
    assert (sec.start, sec.end) == (1, 3)


def test_project_reference_prefers_code_and_removes_whitespace():
    assert project_reference("医疗 救助", "42011124043T000000101") == "42011124043T000000101"
    assert project_reference("医疗 救助\n经费", None) == "医疗救助经费"


# ---------------------------------------------------------------- Markdown and HTML forms

GENRE_PERFORMANCE = CORPUS.parent.parent / "tests" / "genre" / "performance"


def test_markdown_form_row_heads_its_project_section():
    secs = sections(read_source(GENRE_PERFORMANCE / "markdown_project_2025.md"))
    assert [(s.kind, s.name, s.code, s.start) for s in secs] == [
        ("project", "社区养老服务补贴", "51010525012T000000031", 1),
    ]


def test_markdown_forms_after_a_department_form_each_get_a_section():
    secs = sections(read_source(GENRE_PERFORMANCE / "markdown_two_projects_2024.md"))
    assert [(s.kind, s.name, s.code, s.start, s.end) for s in secs] == [
        ("department", "武汉市蔡甸区民政局", None, 3, 12),
        ("project", "城乡低保资金", "42011424061T000000011", 13, 24),
        ("project", "特困人员供养", "42011424061T000000012", 25, 35),
    ]


def test_html_table_forms_are_split_at_their_form_rows():
    secs = sections(read_source(GENRE_PERFORMANCE / "html_project_2024.html"))
    assert [(s.name, s.code, s.start) for s in secs] == [
        ("高标准农田建设", "42011324052T000000021", 2),
        ("农村人居环境整治", "42011324052T000000022", 12),
    ]


def test_title_naming_publisher_and_year_is_not_a_project_name():
    src = _doc("武汉市某区民政局2025年项目支出绩效目标表\n\n项目名称 困难群众救助 项目代码 42011724061T000000001\n"
               "项目总预算 10\n项目当年预算 10\n")
    (sec,) = sections(src)
    assert (sec.name, sec.code, sec.start) == ("困难群众救助", "42011724061T000000001", 1)


def test_sections_are_found_once_per_document_and_shared_by_the_readers(monkeypatch):
    from kg_build.extract import extract_source
    from kg_build.extract import sections as sections_module
    from kg_build.source import read_source

    calls = []
    real = sections_module.sections
    monkeypatch.setattr(sections_module, "sections", lambda *a, **k: calls.append(1) or real(*a, **k))
    result = extract_source(read_source(CORPUS / "002_39730af7c994b814.txt"))
    assert result.records and not [w for w in result.warnings if "failed" in w.message]
    assert len(calls) == 1
