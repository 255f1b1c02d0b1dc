"""Departments and units named as budget owners: unit-table rows, unit lists, the publisher."""
from __future__ import annotations

from pathlib import Path

from conftest import records_of
from kg_build.extract import extract
from kg_build.records import Organisation

GENRE = Path(__file__).parent / "genre" / "budget"


def _orgs(result, stem: str) -> list[Organisation]:
    return records_of(result, stem, Organisation)


def test_unit_rows_broken_over_lines_are_joined_with_parent_code(corpus_extraction):
    orgs = _orgs(corpus_extraction, "001")
    unit = next(o for o in orgs if o.code == "043001" and o.prov.line_start == 458)
    assert unit.name == "武汉市洪山区医疗保障局本级"
    assert (unit.role, unit.parent_code, unit.parent_name, unit.region_code) == ("unit", "043", "武汉市洪山区医疗保障局", "420111")
    assert unit.prov.line_end >= 462  # the second piece of the name is inside the row
    dept = next(o for o in orgs if o.code == "043" and o.prov.line_start == 396)
    assert (dept.name, dept.role, dept.parent_code) == ("武汉市洪山区医疗保障局", "department", None)


def test_tab_separated_unit_rows(corpus_extraction):
    orgs = _orgs(corpus_extraction, "002")
    rows = {(o.code, o.name, o.parent_code) for o in orgs if o.code}
    assert ("204", "武汉市江汉区卫生健康局", None) in rows
    assert ("204002", "武汉市江汉区保健医疗办公室", "204") in rows
    # printed names are kept exactly, misprints included
    assert ("204002", "武汉市江海区保健医疗办公室", "204") in rows


def test_numbered_unit_list_gives_units_of_the_department(corpus_extraction):
    orgs = _orgs(corpus_extraction, "003")
    units = [o for o in orgs if o.role == "unit"]
    assert [u.name for u in units] == [
        "通城县医疗保障局（本级）",
        "通城县医疗保障服务中心",
        "通城县医疗保障信息中心",
        "通城县医疗保障基金核查中心",
    ]
    assert {u.parent_name for u in units} == {"通城县医疗保障局"}
    assert {u.region_code for u in units} == {"421222"}
    assert [u.prov.line_start for u in units] == [12, 14, 16, 18]


def test_final_account_unit_list_and_publishing_unit(corpus_extraction):
    orgs = _orgs(corpus_extraction, "004")
    listed = [o for o in orgs if o.role == "unit" and o.parent_name == "武汉市洪山区卫生健康局"]
    names = [o.name for o in listed]
    assert len(names) == 9  # 8 listed units and the publishing 本级
    assert "武汉市洪山区珞南街社区卫生服务中心(武汉市洪山区中医医院)" in names
    assert "武汉市洪山区天兴乡卫生院" in names
    publisher = next(o for o in orgs if o.name == "武汉市洪山区卫生健康局本级")
    assert publisher.prov.line_start == 3


def test_publishing_department_is_recorded_in_its_fullest_form(corpus_extraction):
    orgs = _orgs(corpus_extraction, "002")
    publisher = [o for o in orgs if o.code is None and o.role == "department"]
    assert publisher and publisher[0].name == "武汉市江汉区保健医疗办公室"


def test_no_personal_names_become_organisations(corpus_extraction):
    names = {o.name for o in corpus_extraction.records if isinstance(o, Organisation)}
    assert not any(n in names for n in ("曾好", "陈勇", "梁鸣", "汪霞", "吴惠", "李新红"))


def test_other_shapes_tab_and_inline_list():
    result = extract([GENRE / "qingshan_2023_tab.txt", GENRE / "tongshan_2024_cells.txt"])
    qingshan = _orgs(result, "qingshan")
    coded = {(o.code, o.name, o.role, o.parent_code) for o in qingshan if o.code}
    assert coded == {
        ("112", "武汉市青山区文化和旅游局", "department", None),
        ("112001", "武汉市青山区文化和旅游局本级", "unit", "112"),
        ("112002", "武汉市青山区文化馆", "unit", "112"),
    }
    listed = [o.name for o in qingshan if o.role == "unit" and o.code is None]
    assert listed == ["武汉市青山区文化和旅游局（本级）", "武汉市青山区文化馆"]
    tongshan = _orgs(result, "tongshan")
    inline = [o for o in tongshan if o.role == "unit"]
    assert [o.name for o in inline] == ["通山县医疗保障局（本级）", "通山县医疗保障服务中心"]
    assert {o.region_code for o in inline} == {"421224"}


def test_news_article_names_no_organisations():
    result = extract([GENRE / "news_article.txt"])
    assert not _orgs(result, "news")
