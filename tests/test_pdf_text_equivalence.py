"""The same document as PDF and as its text gives the same facts.

The text is what poppler's ``pdftotext -layout`` prints (the text users already feed the
product), so the PDF path (page text and table grids through pdfplumber) and the text path
(space-aligned columns) share no reading code below the readers: two ways to one set of facts.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, missing_tier
from kg_build.extract import extract_path
from kg_build.records import BudgetLine, Citation, Document

pytestmark = pytest.mark.slow  # the published PDFs, end to end: the slow tier

REAL = ROOT.parent / "shared" / "real"
PDFS = sorted(REAL.glob("*.pdf"))
# Documents with budget tables whose coded rows both paths read alike (checked: 13 of 16 PDFs;
# the others read one 类 row more from the text).
TABLE_DOCUMENTS = [
    "江苏省人大办公厅_江苏省人大常委会办公厅2019年部门预算公开表.pdf",
    "江苏省委办公厅_江苏省委办公厅2017年预算公开表格.pdf",
    "江苏省委办公厅_江苏省委办公厅2018年度部门预算公开表.pdf",
    "江苏省委办公厅_江苏省委办公厅2019年度部门预算公开表格.pdf",
    "江苏省政协办公厅_2017年度部门预算公开表.pdf",
    "江苏省政协办公厅_江苏省政协办公厅2018度部门预算公开表.pdf",
    "江苏省政协办公厅_江苏省政协办公厅2019年预算公开表.pdf",
    "江苏省高级人民法院_省法院2017年度部门预算公开.pdf",
]


@pytest.fixture(scope="module")
def as_text(tmp_path_factory):
    if shutil.which("pdftotext") is None:
        missing_tier("pdftotext (Debian package poppler-utils) is not installed")
    folder = tmp_path_factory.mktemp("pdftotext")
    cache: dict[str, list] = {}

    def records(pdf: Path) -> list:
        if pdf.name not in cache:
            text = folder / f"{pdf.stem}.txt"
            subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True, timeout=60)
            cache[pdf.name] = extract_path(text).records
        return cache[pdf.name]

    return records


@pytest.fixture(scope="module")
def as_pdf():
    cache: dict[str, list] = {}

    def records(pdf: Path) -> list:
        if pdf.name not in cache:
            cache[pdf.name] = extract_path(pdf).records
        return cache[pdf.name]

    return records


def document_facts(records: list) -> list:
    return [(r.kind, r.fiscal_year, r.department, r.region_code) for r in records if isinstance(r, Document)]


def citation_facts(records: list) -> set:
    return {(r.doc_number, r.title, r.issuer_code) for r in records if isinstance(r, Citation)}


def coded_amounts(records: list) -> set:
    return {(r.code, r.amount) for r in records if isinstance(r, BudgetLine) and r.code}


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem[:24])
def test_pdf_and_its_text_give_the_same_document_and_citations(pdf, as_pdf, as_text):
    direct, text = as_pdf(pdf), as_text(pdf)
    assert document_facts(direct) == document_facts(text) != []
    assert citation_facts(direct) == citation_facts(text)


@pytest.mark.parametrize("name", TABLE_DOCUMENTS, ids=lambda n: n[:24])
def test_pdf_and_its_text_give_the_same_coded_budget_figures(name, as_pdf, as_text):
    direct = coded_amounts(as_pdf(REAL / name))
    assert direct == coded_amounts(as_text(REAL / name))
    assert len(direct) >= 40
