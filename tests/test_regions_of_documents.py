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
        # 朝阳区 alone is 北京's or 长春's: the project code 220104… says 长春市
        ("ambiguous_name_with_codes", "220104", "朝阳区", "朝阳区卫生健康委员会"),
    ],
)
def test_each_document_gets_its_region(extraction, stem, region, name, department):
    (doc,) = records_of(extraction, stem, Document)
    assert (doc.region_code, doc.region_name, doc.department) == (region, name, department)
    orgs = records_of(extraction, stem, Organisation)
    assert orgs and all(o.region_code == region for o in orgs)


def test_a_name_several_regions_bear_stays_unresolved_when_nothing_settles_it():
    from kg_build.extract import extract_source
    from kg_build.source import parse_source

    text = "朝阳区卫生健康委员会2024年部门预算\n\n第一部分 部门概况\n朝阳区卫生健康委员会负责全区医疗卫生工作。\n"
    result = extract_source(parse_source("chaoyang.txt", text.encode("utf-8")))
    (doc,) = [r for r in result.records if isinstance(r, Document)]
    assert (doc.region_code, doc.department) == (None, "朝阳区卫生健康委员会")


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


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from budgetkg.build import build

    out = tmp_path_factory.mktemp("regions")
    build(GENRE, out)
    return out


def test_no_department_of_these_documents_lacks_a_region(built):
    import shapes

    outcome = shapes.validate(built)
    assert [r for r in outcome.results if r.shape_name == "DepartmentRegion"] == []


def _select(built, query: str) -> set[tuple[str, ...]]:
    from store.local import open_store

    store = open_store(built)
    prefixes = """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX eli: <http://data.europa.eu/eli/ontology#>"""
    return {tuple(str(getattr(t, "value", t)) for t in row) for row in store.query(prefixes + query)}


def test_the_graph_holds_the_regions_used_and_every_region_above_them(built):
    chains = _select(built, """SELECT ?code ?up WHERE {
        ?r a bkg:Region ; skos:notation ?code . OPTIONAL { ?r skos:broader/skos:notation ?up } }""")
    assert {("440106", "4401"), ("4401", "44"), ("510105", "5101"), ("110105", "11"), ("320322", "3203")} <= chains
    assert ("44", "None") in chains and ("11", "None") in chains  # provinces are the top
    codes = {c for c, _ in chains}
    assert "2202" not in codes and len(codes) < 40  # not the whole gazetteer: only regions used, and above


def test_a_policys_issuer_has_its_level_and_region_in_the_graph(built):
    rows = _select(built, """SELECT ?code ?label ?level ?region WHERE {
        ?policy eli:passed_by ?issuer . ?issuer bkg:issuerCode ?code ; skos:prefLabel ?label ; bkg:level ?level .
        OPTIONAL { ?issuer bkg:region/skos:notation ?region } }""")
    by_code = {code: (label, level.rsplit("/", 1)[-1], region) for code, label, level, region in rows}
    assert by_code["粤府办"] == ("广东省人民政府办公厅", "provincial", "44")
    assert by_code["朝发改"] == ("朝阳区发展和改革委员会", "district-county", "110105")
    assert by_code["国卫基层发"][1:] == ("national", "None")
