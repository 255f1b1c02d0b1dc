"""The published PDFs of ../shared/real built into a real store; facts checked by reading the PDFs.

Each pinned fact was read off the PDF page named beside it (``pdftotext -f N -l N -layout``).
The figures of the budget tables are pinned by the table tests; here: what each document is,
who published it, the pairing of narrative and table files, citations and page provenance.
"""
from __future__ import annotations

import pytest

from budgetkg.build import CACHE_DIR, RECORDS_CACHE, build
from budgetkg.cache import ExtractionCache
from kg_build.records import Document
from conftest import ROOT
from ontology.namespaces import sparql_prologue
from store.local import open_store

pytestmark = pytest.mark.slow  # the published PDFs, end to end: the slow tier

REAL = ROOT.parent / "shared" / "real"
ID = "https://w3id.org/budgetkg/id/"

COMMITTEE_2017_TABLES = "江苏省委办公厅_江苏省委办公厅2017年预算公开表格.pdf"
COMMITTEE_2018_TEXT = "江苏省委办公厅_江苏省委办公厅2018年度部门预算公开文件.pdf"
COMMITTEE_2018_TABLES = "江苏省委办公厅_江苏省委办公厅2018年度部门预算公开表.pdf"
COMMITTEE_2019_TEXT = "江苏省委办公厅_江苏省委办公厅2019年度部门预算公开文件.pdf"
COMMITTEE_2019_TABLES = "江苏省委办公厅_江苏省委办公厅2019年度部门预算公开表格.pdf"
CPPCC_2018_TEXT = "江苏省政协办公厅_江苏省政协办公厅2018年度部门预算.pdf"
CPPCC_2018_TABLES = "江苏省政协办公厅_江苏省政协办公厅2018度部门预算公开表.pdf"
CPPCC_2019_TEXT = "江苏省政协办公厅_江苏省政协办公厅2019年度部门预算.pdf"
CPPCC_2019_TABLES = "江苏省政协办公厅_江苏省政协办公厅2019年预算公开表.pdf"
NPC_2017 = "江苏省人大办公厅_江苏省人大办公厅2017年度预算公开.pdf"
NPC_2019_TEXT = "江苏省人大办公厅_江苏省人大常委会2019年度部门预算公开.pdf"
NPC_2019_TABLES = "江苏省人大办公厅_江苏省人大常委会办公厅2019年部门预算公开表.pdf"
PROCURATORATE_2017 = "江苏省人民检察院_2017年省检察院部门预算.pdf"
COURT_2017 = "江苏省高级人民法院_省法院2017年度部门预算公开.pdf"
TEMPLATE = "财政部_部门决算模板_附件2.pdf"


@pytest.fixture(scope="module")
def real_build(tmp_path_factory):
    return build(REAL, tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="module")
def store(real_build):
    return open_store(real_build.out)


def select(store, query: str) -> list[dict[str, str]]:
    solutions = store.query(sparql_prologue() + query)
    names = [v.value for v in solutions.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in solutions]


def documents(store) -> dict[str, dict[str, str]]:
    rows = select(store, """
        SELECT ?file ?title ?year ?kind ?publisher ?region WHERE {
          ?doc a bkg:SourceDocument ; bkg:fileName ?file .
          OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc bkg:fiscalYear ?year }
          OPTIONAL { ?doc bkg:documentKind/skos:prefLabel ?kind FILTER(lang(?kind) = "zh") }
          OPTIONAL { ?doc dcterms:publisher ?publisher } OPTIONAL { ?doc bkg:region ?region } }""")
    return {r["file"]: r for r in rows}


def test_every_published_pdf_builds(real_build):
    assert len(real_build.documents) == 16
    assert [d.file for d in real_build.failed] == []
    assert all(d.triples > 0 for d in real_build.documents)


@pytest.mark.parametrize("file, title, year, kind", [
    # p.1: the cover
    (COMMITTEE_2018_TEXT, "江苏省委办公厅2018年度部门预算公开", 2018, "部门预算"),
    # p.1: "江苏省人民检察院 / 2017 年部门预算", the year in large type apart from 年
    (PROCURATORATE_2017, "江苏省人民检察院2017年部门预算", 2017, "部门预算"),
    # p.1: "2017 年度江苏省高级人民法院部门预算公开"
    (COURT_2017, "2017 年度江苏省高级人民法院部门预算公开", 2017, "部门预算"),
    # p.1: "江苏省2018年度 / 省级部门预算公开报表"
    (COMMITTEE_2018_TABLES, "江苏省2018年度省级部门预算公开报表", 2018, "部门预算"),
    # p.1: "上海市 XX 局 / 2024 年度部门决算" (the national template)
    (TEMPLATE, "上海市 XX 局2024 年度部门决算", 2024, "部门决算"),
])
def test_title_year_and_kind_as_the_cover_prints_them(store, file, title, year, kind):
    doc = documents(store)[file]
    assert (doc["title"], int(doc["year"]), doc["kind"]) == (title, year, kind)


@pytest.mark.parametrize("file, department", [
    (COMMITTEE_2018_TEXT, "江苏省委办公厅"),  # p.1 title
    (COMMITTEE_2018_TABLES, "中共江苏省委办公厅"),  # p.1 "部 门:中共江苏省委办公厅"
    (COMMITTEE_2017_TABLES, "中国共产党江苏省委员会办公厅"),  # p.1 "部门：中国共产党江苏省委员会办公厅 单位：万元"
    (NPC_2019_TABLES, "江苏省人大常委会办公厅"),  # p.1 "部门： 江苏省人大常委会办公厅 单位：万元"
    (CPPCC_2019_TEXT, "江苏省政协办公厅"),  # cover is images; p.9 "江苏省政协办公厅 2019 年度收入、支出预算总计"
    (COURT_2017, "江苏省高级人民法院"),
])
def test_publishing_department_as_printed(real_build, file, department):
    doc = next(d for d in real_build.documents if d.file == file)
    cached = ExtractionCache(real_build.out / CACHE_DIR / RECORDS_CACHE).get(file, doc.sha256)
    [record] = [r for r in cached.records if isinstance(r, Document)]
    assert record.department == department


@pytest.mark.parametrize("narrative, tables, year", [
    (COMMITTEE_2018_TEXT, COMMITTEE_2018_TABLES, 2018),
    (COMMITTEE_2019_TEXT, COMMITTEE_2019_TABLES, 2019),
    (CPPCC_2018_TEXT, CPPCC_2018_TABLES, 2018),
    (CPPCC_2019_TEXT, CPPCC_2019_TABLES, 2019),
    (NPC_2019_TEXT, NPC_2019_TABLES, 2019),
])
def test_narrative_and_table_files_land_on_one_department_and_year(store, narrative, tables, year):
    docs = documents(store)
    assert docs[narrative]["publisher"] is not None
    assert docs[narrative]["publisher"] == docs[tables]["publisher"]
    assert int(docs[narrative]["year"]) == int(docs[tables]["year"]) == year


def test_party_committee_office_printed_three_ways_is_one_department_across_years(store):
    docs = documents(store)
    publishers = {docs[f]["publisher"] for f in (COMMITTEE_2017_TABLES, COMMITTEE_2018_TEXT, COMMITTEE_2018_TABLES,
                                                 COMMITTEE_2019_TEXT, COMMITTEE_2019_TABLES)}
    assert len(publishers) == 1
    [dept] = publishers
    labels = {r["l"] for r in select(store, f"SELECT ?l WHERE {{ <{dept}> skos:prefLabel|skos:altLabel ?l }}")}
    assert {"中国共产党江苏省委员会办公厅", "中共江苏省委办公厅", "江苏省委办公厅"} <= labels


def test_provincial_departments_get_jiangsu_as_region(store):
    docs = documents(store)
    assert {docs[f]["region"] for f in (COURT_2017, PROCURATORATE_2017, CPPCC_2018_TABLES)} == {f"{ID}region/32"}


def citations(store, file: str) -> dict[str, dict[str, str]]:
    rows = select(store, f"""
        SELECT ?number ?page ?line ?quote WHERE {{
          ?c a bkg:Citation ; prov:wasDerivedFrom ?doc ; bkg:citedPolicy/eli:id_local ?number ;
             bkg:page ?page ; bkg:lineStart ?line ; bkg:quote ?quote .
          ?doc bkg:fileName "{file}" }}""")
    return {r["number"]: r for r in rows}


@pytest.mark.parametrize("file, number, page, printed", [
    (COURT_2017, "法释〔2012〕10号", 3, "法释（2012）10 号"),
    (COURT_2017, "苏财预〔2016〕53号", 10, "苏财预[2016]53 号"),
    (COURT_2017, "苏财预〔2017〕19号", 19, "苏财预„2017‟19 号"),  # the font maps 〔〕 to „‟
    (CPPCC_2018_TEXT, "苏财预〔2018〕13号", 7, "苏财预„2018‟13 号"),
    (NPC_2017, "苏财预〔2017〕19号", 23, "苏财预[ 2017]19"),  # broken after 19, 号 on the next line
    (NPC_2019_TEXT, "苏财预〔2019〕7号", 9, "苏财预〔2019〕7号"),
    (COMMITTEE_2018_TABLES, "财库〔2013〕189号", 15, "财库[2013]189号"),  # a note under the procurement table
])
def test_citation_is_read_with_the_page_that_prints_it(store, file, number, page, printed):
    found = citations(store, file)[number]
    assert int(found["page"]) == page
    assert printed.replace(" ", "")[:8] in found["quote"].replace(" ", "").replace("\n", "")


def test_one_approval_cited_by_two_departments_is_one_policy(store):
    rows = select(store, """
        SELECT DISTINCT ?file WHERE { ?c bkg:citedPolicy/eli:id_local "苏财预〔2017〕19号" ; prov:wasDerivedFrom ?d .
                                      ?d bkg:fileName ?file }""")
    assert {r["file"] for r in rows} == {COURT_2017, NPC_2017}


def test_budget_row_of_a_pdf_table_keeps_its_page_and_printed_row(store):
    # 2013101 行政运行 8,072.29: p.7 (财政拨款支出预算表) and p.9 (一般公共预算支出预算表) of the 2018 tables
    rows = select(store, f"""
        SELECT ?page ?quote ?table WHERE {{
          ?obs a qb:Observation ; prov:wasDerivedFrom ?doc ; bkg:classificationCode ?code ;
               bkg:page ?page ; bkg:quote ?quote ; bkg:table ?table .
          ?code skos:notation "2013101" .
          ?doc bkg:fileName "{COMMITTEE_2018_TABLES}" FILTER(CONTAINS(?quote, "8,072.29")) }}""")
    assert {(int(r["page"]), r["table"]) for r in rows} == {(7, "财政拨款支出预算表"), (9, "一般公共预算支出预算表")}
    assert all(r["quote"].startswith("2013101\t行政运行\t8,072.29") for r in rows)


def test_cover_printed_as_images_is_reported_by_page(real_build):
    doc = next(d for d in real_build.documents if d.file == CPPCC_2019_TEXT)
    assert any(w.startswith(f"{CPPCC_2019_TEXT} p.1: page 1 has no text layer") for w in doc.warnings)
    assert doc.coverage["pages_without_text"] == [1]


def test_every_doc_number_the_pdfs_print_is_read_as_a_citation(real_build):
    for doc in real_build.documents:
        c = doc.coverage
        assert c["doc_numbers_read"] == c["doc_numbers_seen"], (doc.file, c["missed"])
    assert sum(d.coverage["doc_numbers_seen"] for d in real_build.documents) >= 8


def test_page_count_is_on_each_document_node(store):
    rows = select(store, f'SELECT ?n WHERE {{ ?d bkg:fileName "{COURT_2017}" ; bkg:pageCount ?n }}')
    assert [int(r["n"]) for r in rows] == [27]


def test_validation_report_places_findings_by_page_and_line(real_build):
    import shapes

    outcome = shapes.validate(real_build.out)
    places = [p for r in outcome.results for p in (*r.sources, *r.related) if p.line_start]
    assert places, "the published PDFs give findings to place"
    assert all(p.page and str(p).startswith(f"{p.file} p.{p.page}:") for p in places)
    # and the report shows each PDF's reading coverage
    assert set(outcome.coverage) == {d.file for d in real_build.documents}


def test_policy_trace_page_names_the_pdf_page_and_line_of_each_citation(real_build):
    import re
    import urllib.parse

    from server_fixtures import InProcessSite, http

    site = InProcessSite(real_build.out, query_timeout=10.0, query_workers=1)
    try:
        url = site.url + "/trace?" + urllib.parse.urlencode({"q": "苏财预〔2017〕19号"})
        status, _, body = http(url, headers={"Accept": "text/html"})
    finally:
        site.close()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.decode("utf-8")))
    assert status == 200
    assert f"{COURT_2017} p.19:" in text  # （苏财预„2017‟19 号）填列, p.19 of the court's disclosure
    assert f"{NPC_2017} p.23:" in text
