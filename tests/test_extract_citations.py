"""The citations reader on the sample corpus and on documents of other regions and layouts."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from kg_build.extract import Context
from kg_build.extract.citations import read_citations
from kg_build.records import Citation, Document
from kg_build.source import read_source

GENRE = Path(__file__).parent / "genre" / "citations"

D000 = "000_d0627e50c4564413.txt"
D001 = "001_697358ee9d9e0519.txt"
D002 = "002_39730af7c994b814.txt"
D003 = "003_597bd8ff4493ea7c.txt"
D004 = "004_d431fbb1a7fb7554.txt"


@pytest.fixture(scope="module")
def by_document(corpus_extraction) -> dict[str, list[Citation]]:
    out: dict[str, list[Citation]] = defaultdict(list)
    for doc in corpus_extraction.documents:
        out[doc.file] = [r for r in doc.records if isinstance(r, Citation)]
    return out


def cited(citations: list[Citation], project: str) -> set[str]:
    """What a project cites: normalised 文号, or the title when there is none."""
    return {c.doc_number or c.title for c in citations if c.citing_project == project}


def pairs(citations: list[Citation]) -> set[tuple[str, str]]:
    return {(c.citing_project or f"dept:{c.citing_department}", c.doc_number or c.title) for c in citations}


def test_family_planning_award_cites_provincial_and_city_documents_and_the_regulation(by_document):
    assert cited(by_document[D000], "42010622503T000000142") == {
        "鄂政办发〔2007〕116号",
        "武政办〔2016〕69号",
        "湖北省人口与计划生育条例",
    }


def test_the_same_city_document_is_cited_by_the_final_account_of_another_district(by_document):
    assert cited(by_document[D004], "计生一次性奖励经费") == {
        "中华人民共和国人口与计划生育法",
        "鄂政办发〔2012〕70号",
        "武政办〔2013〕130号",
        "武政办〔2016〕69号",
    }


def test_medical_assistance_cites_five_city_documents_split_over_lines(by_document):
    citations = [c for c in by_document[D001] if c.citing_project == "医疗救助"]
    assert {c.doc_number for c in citations} == {
        "武政规〔2013〕18号",
        "武政规〔2019〕29号",
        "武政规〔2016〕32号",
        "武民办〔2018〕22号",
        "武政规〔2023〕1号",
    }
    split = next(c for c in citations if c.doc_number == "武政规〔2013〕18号")
    assert (split.prov.line_start, split.prov.line_end) == (1835, 1837)
    assert split.printed == "武政规[2013]18 号"
    assert split.title == "市人民政府关于调整我市城镇职工大额医疗保险政策的通知"


def test_running_costs_cite_issuer_in_quotes_and_issuer_broken_over_lines(by_document):
    citations = [c for c in by_document[D001] if c.citing_project == "一般机构运转"]
    by_number = {c.doc_number: c for c in citations if c.doc_number}
    assert set(by_number) == {"洪财会发〔2020〕1号", "鄂档规〔2016〕1号", "洪办发〔2020〕2号"}
    assert by_number["洪财会发〔2020〕1号"].printed == "《洪财会发》【2020】1号"
    assert by_number["鄂档规〔2016〕1号"].title == "湖北省机关档案工作目标管理考评办法"
    assert (by_number["洪办发〔2020〕2号"].prov.line_start, by_number["洪办发〔2020〕2号"].prov.line_end) == (1321, 1323)
    assert "全区守法普法工作要点" in {c.title for c in citations if not c.doc_number}


def test_every_jianghan_project_form_cites_the_staffing_committee_reply(by_document):
    citing = {c.citing_project for c in by_document[D002] if c.doc_number == "江编发〔2016〕30号"}
    assert citing == {
        "保健医疗专项工作经费",
        "保优离人员医疗费",
        "公务员医疗补助",
        "教育系统保优离人员医疗费",
        "教育系统公务员医疗补助",
        "子女互助合作医疗",
    }


def test_national_documents_are_cited_by_the_final_account(by_document):
    numbers = {c.doc_number for c in by_document[D004]}
    assert {"国卫基层发〔2022〕21号", "国办发〔2018〕88号", "鄂财社发〔2023〕58号"} <= numbers
    guowu = next(c for c in by_document[D004] if c.doc_number == "国办发〔2018〕88号")
    assert guowu.citing_project == "基本药物制度补助资金"
    assert guowu.title == "国务院办公厅关于完善国家基本药物制度的意见"
    assert (guowu.issuer_code, guowu.year, guowu.number) == ("国办发", 2018, "88")


def test_public_health_cites_national_and_city_documents(by_document):
    assert cited(by_document[D000], "42010624503T000000102") == {
        "国卫基层发〔2023〕20号",
        "武卫通〔2023〕9号",
        "武财社〔2023〕558号",
    }


def test_county_project_cites_city_document_and_provincial_measures(by_document):
    assert cited(by_document[D003], "医疗救助本级配套资金") == {
        "咸政办发〔2017〕35号",
        "湖北省社会救助实施办法",
        "关于进一步完善医疗救助制度全面开展重特大疾病医疗救助工作的实施意见",
    }


def test_citation_outside_any_form_belongs_to_the_publishing_department(corpus_extraction, by_document):
    document = next(r for d in corpus_extraction.documents if d.file == D003 for r in d.records if isinstance(r, Document))
    law = next(c for c in by_document[D003] if c.title == "中华人民共和国政府采购法")
    assert law.citing_project is None
    assert law.citing_department == document.department
    assert law.prov.line_start == 53


@pytest.mark.parametrize("document, expected", [(D000, 6), (D001, 9), (D002, 21), (D003, 5), (D004, 10)])
def test_distinct_cited_documents_per_citing_project_or_department(by_document, document, expected):
    assert len(pairs(by_document[document])) == expected


def test_corpus_cites_documents_in_four_bracket_styles(by_document):
    printed = [c.printed for cs in by_document.values() for c in cs if c.doc_number]
    styles = {b for p in printed for b in "[【〔(（" if b in p}
    assert {"[", "【", "〔"} <= styles and len(printed) >= 40


def test_same_document_twice_in_one_sentence_is_one_citation_but_each_sentence_counts(by_document):
    wuzhengban = [c for c in by_document[D000] if c.doc_number == "武政办〔2016〕69号"]
    assert sorted(c.prov.line_start for c in wuzhengban) == [355, 450, 546]


def test_quotes_are_the_citing_sentence_joined_across_lines(by_document):
    c = next(c for c in by_document[D000] if c.doc_number == "鄂政办发〔2007〕116号")
    assert c.prov.quote == (
        "省人民政府办公厅转发省人口计生委等部门《关于落实企业退休职工计划生育奖励政策实施方案》的通知"
        "（鄂政办发[2007]116 号）；"
    )
    assert "\n" not in c.prov.quote


def test_quotes_never_carry_names_or_phone_numbers(by_document):
    quotes = [c.prov.quote for cs in by_document.values() for c in cs]
    for forbidden in ("联系电话", "负责人", "88936270", "02787569850", "陈勇", "张艳"):
        assert not any(forbidden in q for q in quotes), forbidden


def _case_ids() -> list[str]:
    return sorted(p.name[: -len(".expected.json")] for p in GENRE.glob("*.expected.json"))


@pytest.mark.parametrize("case", _case_ids())
def test_genre_case(case):
    """Other regions, GBK encoding, one cell per line, 文号 broken over three lines."""
    expected = json.loads((GENRE / f"{case}.expected.json").read_text(encoding="utf-8"))
    src = read_source(GENRE / f"{case}.txt")
    document = Document(src.file, src.sha256, "", None, None, None, None, expected["document_department"], src.prov(1))
    got = [
        {
            "citing_project": c.citing_project,
            "citing_department": c.citing_department,
            "doc_number": c.doc_number,
            "title": c.title,
            "issuer_code": c.issuer_code,
            "line_start": c.prov.line_start,
            "line_end": c.prov.line_end,
        }
        for c in read_citations(src, Context(src, document))
    ]
    assert got == expected["citations"]


def test_gbk_case_is_really_gbk_encoded():
    data = (GENRE / "gbk_one_cell_per_line.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_source(GENRE / "gbk_one_cell_per_line.txt").encoding == "gb18030"


def test_document_number_torn_across_pdf_table_cells_is_read_from_the_rejoined_cell(corpus_extraction):
    doc = next(d for d in corpus_extraction.documents if d.file.startswith("000"))
    cited = [c for c in doc.records if isinstance(c, Citation) and c.doc_number == "武财社〔2023〕558号"]
    assert [(c.citing_project, c.prov.line_start, c.prov.line_end) for c in cited] == [
        ("42010624503T000000102", 849, 851),  # the 长期 table prints it on consecutive lines
        ("42010624503T000000102", 910, 957),  # the 年度 table tears it apart at lines 926/945
    ]
    annual = cited[1]
    assert annual.title == "市财政局关于下达2023年中央财政基本公共卫生服务补助资金预算的通知"
    assert annual.prov.quote.startswith("市财政局关于下达") and "（武财社〔2023〕558号、" in annual.prov.quote


def test_torn_citation_in_pdf_table_of_another_district_is_cited_once():
    from kg_build.extract import extract

    path = Path(__file__).parent / "genre" / "performance" / "pdf_interleaved_basis_2024.txt"
    cited = [c for c in extract([path]).records if isinstance(c, Citation)]
    assert [(c.doc_number, c.issuer_code, c.citing_project) for c in cited] == [
        ("武卫疾控〔2024〕12号", "武卫疾控", "42011524031T000000031"),
    ]
