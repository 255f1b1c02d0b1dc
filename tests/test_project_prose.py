"""Projects named in prose: under headings of a 项目经费情况说明 and in printed project lists."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg_build.extract import extract_path
from kg_build.records import Project

DOC = Path(__file__).parent / "genre" / "projects" / "prose_headings_and_list_2024.txt"


@pytest.fixture(scope="module")
def projects() -> list[Project]:
    return [r for r in extract_path(DOC).records if isinstance(r, Project)]


def _at(projects, name: str, line: int) -> Project:
    (found,) = [p for p in projects if p.name == name and p.prov.line_start == line]
    return found


@pytest.mark.parametrize(
    "name, amount",
    [("城乡医疗救助资金", "860.00"), ("家庭医生签约服务经费", "300.00"), ("卫生应急物资储备经费", "360.00")],
)
def test_a_printed_project_list_names_each_project_with_its_amount(projects, name, amount):
    assert _at(projects, name, 8).current_year_budget == Decimal(amount)


def test_a_heading_names_the_project_its_paragraphs_give_an_amount(projects):
    p = _at(projects, "城乡医疗救助资金", 10)
    assert (p.current_year_budget, p.prov.line_end) == (Decimal("860.00"), 12)
    assert p.prov.quote == "（一）城乡医疗救助资金\n预算安排 860.00 万元"


def test_an_amount_broken_over_lines_belongs_to_its_heading(projects):
    p = _at(projects, "家庭医生签约服务经费", 14)
    assert (p.current_year_budget, p.prov.line_end) == (Decimal("300.00"), 16)


def test_headings_of_sub_parts_and_other_parts_name_no_project(projects):
    names = {p.name for p in projects}
    assert names == {"城乡医疗救助资金", "家庭医生签约服务经费", "卫生应急物资储备经费"}


def test_a_citation_under_a_projects_heading_is_the_projects():
    from kg_build.records import Citation
    from linking.link import link

    records = extract_path(DOC).records
    (citation,) = [r for r in records if isinstance(r, Citation)]
    assert (citation.doc_number, citation.citing_project, citation.citing_department) == (
        "川府规〔2023〕5号", "城乡医疗救助资金", None)
    links = link(records)
    key = links.project_key(citation.prov.document, citation.citing_project, citation.prov.line_start)
    assert key is not None and links.projects[key].label == "城乡医疗救助资金"
