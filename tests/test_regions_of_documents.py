"""Documents of any province, prefecture and county get their region (tests/genre/regions/).

Small documents written in the genre for a 广州市 district, a 成都市 district, a 北京市 district
whose name (朝阳区) is also a 长春市 district's, a 徐州市 county with a two-character name, and a
江苏省 provincial department like those in ../shared/real/.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import records_of
from kg_build.extract import extract
from kg_build.issuers import DISTRICT_COUNTY, NATIONAL, PROVINCIAL, issuer_for
from kg_build.records import Citation, Document, Organisation

GENRE = Path(__file__).parent / "genre" / "regions"


@pytest.fixture(scope="module")
def extraction():
    return extract([GENRE])


@pytest.mark.parametrize(
    "stem, region, name, department",
    [
        ("guangdong_district", "440106", "天河区", "广州市天河区卫生健康局"),
        ("sichuan_district", "510105", "青羊区", "成都市青羊区民政局"),
        ("beijing_district", "110105", "朝阳区", "北京市朝阳区发展和改革委员会"),
        ("county", "320322", "沛县", "沛县卫生健康委员会"),
        ("jiangsu_provincial", "32", "江苏省", "江苏省人大常委会办公厅"),
    ],
)
def test_each_document_gets_its_region(extraction, stem, region, name, department):
    (doc,) = records_of(extraction, stem, Document)
    assert (doc.region_code, doc.region_name, doc.department) == (region, name, department)
    orgs = records_of(extraction, stem, Organisation)
    assert orgs and all(o.region_code == region for o in orgs)


def _citation(extraction, stem: str, number: str) -> Citation:
    found = [c for c in records_of(extraction, stem, Citation) if c.doc_number == number]
    assert len(found) == 1, records_of(extraction, stem, Citation)
    return found[0]


@pytest.mark.parametrize(
    "stem, number, body, level, region",
    [
        ("guangdong_district", "粤府办〔2019〕12号", "广东省人民政府办公厅", PROVINCIAL, "广东省"),
        ("guangdong_district", "国卫基层发〔2023〕20号", "国家卫生健康委员会", NATIONAL, None),
        ("sichuan_district", "川财预〔2024〕35号", "四川省财政厅", PROVINCIAL, "四川省"),
        ("beijing_district", "朝发改〔2020〕5号", "朝阳区发展和改革委员会", DISTRICT_COUNTY, "朝阳区"),
        ("beijing_district", "京发改〔2023〕1088号", "北京市发展和改革委员会", PROVINCIAL, "北京市"),
        ("county", "苏财社〔2023〕56号", "江苏省财政厅", PROVINCIAL, "江苏省"),
        ("jiangsu_provincial", "苏财预〔2019〕7号", "江苏省财政厅", PROVINCIAL, "江苏省"),
    ],
)
def test_citations_are_read_and_their_issuers_decoded_in_the_documents_region(extraction, stem, number, body, level, region):
    citation = _citation(extraction, stem, number)
    (doc,) = records_of(extraction, stem, Document)
    issuer = issuer_for(citation.issuer_code, doc.region_code)
    assert (issuer.body, issuer.level, issuer.region) == (body, level, region)


def test_a_citation_broken_over_three_lines_with_spaces_is_one(extraction):
    citation = _citation(extraction, "sichuan_district", "川财预〔2024〕35号")
    assert (citation.prov.line_start, citation.prov.line_end) == (9, 11)


def test_a_citys_code_is_read_whole_in_its_districts_document(extraction):
    # 成 is the first character of 成都市, above 青羊区: 成财社 is the city's finance bureau
    citation = _citation(extraction, "sichuan_district", "成财社〔2024〕112号")
    assert issuer_for(citation.issuer_code, "510105").body == "成都市财政局"


def test_a_title_printed_after_its_doc_number_describes_the_same_document(extraction):
    citation = _citation(extraction, "beijing_district", "朝发改〔2020〕5号")
    assert citation.title == "关于加强区级重大项目前期工作管理的通知"
    titles_alone = [c for c in records_of(extraction, "beijing_district", Citation) if c.doc_number is None]
    assert titles_alone == []


def test_no_department_of_these_documents_lacks_a_region(tmp_path):
    import shapes
    from budgetkg.build import build

    build(GENRE, tmp_path)
    outcome = shapes.validate(tmp_path)
    assert [r for r in outcome.results if r.shape_name == "DepartmentRegion"] == []
