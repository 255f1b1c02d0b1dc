"""Policy citations in the real Jiangsu disclosures (../shared/real/), read from the PDFs.

Every 文号-like string the text layer holds -- a year between two bracket-like glyphs, then a
number and 号 -- is read as a citation, whatever glyph the PDF's font turned the brackets
into (苏财预„2018‟13 号 prints 〔〕 as quotation marks).  The facts were checked by reading
the PDFs.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg_build.extract import extract_path
from kg_build.issuers import NATIONAL, PROVINCIAL, issuer_for
from kg_build.records import Citation, Document
from kg_build.source import read_source

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real"
NARRATIVES = {
    "rd2017": "江苏省人大办公厅_江苏省人大办公厅2017年度预算公开.pdf",
    "rd2019": "江苏省人大办公厅_江苏省人大常委会2019年度部门预算公开.pdf",
    "tables2018": "江苏省委办公厅_江苏省委办公厅2018年度部门预算公开表.pdf",
    "zx2018": "江苏省政协办公厅_江苏省政协办公厅2018年度部门预算.pdf",
    "zx2019": "江苏省政协办公厅_江苏省政协办公厅2019年度部门预算.pdf",
    "court2017": "江苏省高级人民法院_省法院2017年度部门预算公开.pdf",
}
# Independent of the reader: any glyph that is not a letter, digit, Chinese character or
# punctuation of running text may stand for a bracket.
_DOC_NUMBER_LIKE = re.compile(r"[^\w\s，。；：、](?:19|20)\d\d[^\w\s，。；：、]第?\d+号")

pytestmark = [pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real/ is not there"),
              pytest.mark.slow]  # the published PDFs, end to end: the slow tier


@pytest.fixture(scope="module")
def results():
    return {key: extract_path(REAL / name) for key, name in NARRATIVES.items()}


def _citations(results, key: str) -> list[Citation]:
    return [r for r in results[key].records if isinstance(r, Citation)]


@pytest.mark.parametrize("key", sorted(NARRATIVES))
def test_every_doc_number_like_string_is_read_as_a_citation(results, key):
    flat = re.sub(r"\s+", "", "".join(read_source(REAL / NARRATIVES[key]).lines))
    printed = len(_DOC_NUMBER_LIKE.findall(flat))
    read = sum(1 for c in _citations(results, key) if c.doc_number)
    assert printed >= 1 and read == printed


@pytest.mark.parametrize(
    "key, number, page, title",
    [
        ("rd2017", "苏财预〔2017〕19号", 23, "江苏省财政厅关于2017年省级部门预算的批复"),
        ("rd2019", "苏财预〔2019〕7号", 9, "江苏省人大常委会办公厅部门预算的批复"),
        ("tables2018", "财库〔2013〕189号", 15, "政府采购品目分类目录"),
        ("zx2018", "苏财预〔2018〕13号", 7, "江苏省财政厅关于2018年省级部门预算的批复"),
        ("zx2019", "苏财预〔2019〕7号", 9, "江苏省财政厅关于2019年省级部门预算的批复"),
        ("court2017", "法释〔2012〕10号", 3, None),
        ("court2017", "苏财预〔2016〕53号", 10, "江苏省财政厅关于编制省级2017年部门预算和2017-2019年财政规划的通知"),
        ("court2017", "苏财预〔2017〕19号", 19, "江苏省财政厅关于2017年省级部门预算的批复"),
    ],
)
def test_citations_of_the_real_disclosures(results, key, number, page, title):
    (citation,) = [c for c in _citations(results, key) if c.doc_number == number]
    assert (citation.prov.page, citation.title) == (page, title)


def test_glyphs_a_font_substitutes_for_brackets_are_read(results):
    (citation,) = [c for c in _citations(results, "zx2018") if c.doc_number == "苏财预〔2018〕13号"]
    assert citation.printed == "苏财预„2018‟13 号"


@pytest.mark.parametrize(
    "key, number, body, level",
    [("court2017", "法释〔2012〕10号", "最高人民法院", NATIONAL), ("court2017", "苏财预〔2016〕53号", "江苏省财政厅", PROVINCIAL),
     ("tables2018", "财库〔2013〕189号", "财政部", NATIONAL)],
)
def test_issuers_of_the_real_citations(results, key, number, body, level):
    (citation,) = [c for c in _citations(results, key) if c.doc_number == number]
    (doc,) = [r for r in results[key].records if isinstance(r, Document)]
    issuer = issuer_for(citation.issuer_code, doc.region_code)
    assert (issuer.body, issuer.level) == (body, level)


def test_a_title_only_citation_is_one_document_with_its_title(results):
    titles = {c.title for c in _citations(results, "court2017") if c.doc_number is None}
    assert {"关于铁路运输法院案件管理范围的若干规定", "江苏省省级财政专项管理办法"} <= titles


@pytest.mark.parametrize("key", sorted(NARRATIVES))
def test_provincial_departments_are_jiangsus(results, key):
    (doc,) = [r for r in results[key].records if isinstance(r, Document)]
    assert (doc.region_code, doc.region_name) == ("32", "江苏省")
