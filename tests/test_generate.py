"""The benchmark generator writes documents of the genre that extraction actually reads."""
from __future__ import annotations

from collections import Counter

import pytest

from bench.generate import LAYOUTS, documents, generate
from kg_build.extract import extract_source
from kg_build.records import BudgetLine, Citation, Document, Indicator, Project
from kg_build.source import read_source

SEED = 11
N_DOCS = 12  # four of each layout


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """(generated document, extraction result) for each document, read from disk like a source."""
    out = tmp_path_factory.mktemp("generated")
    docs = documents(N_DOCS, SEED)
    paths = generate(N_DOCS, SEED, out)
    return [(doc, extract_source(read_source(path))) for doc, path in zip(docs, paths)]


def of_type(result, cls):
    return [r for r in result.records if isinstance(r, cls)]


def test_same_seed_writes_byte_identical_documents(tmp_path):
    a = generate(5, 3, tmp_path / "a")
    b = generate(5, 3, tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b]
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_another_seed_writes_other_documents():
    assert [d.text for d in documents(3, 1)] != [d.text for d in documents(3, 2)]


def test_every_layout_of_the_corpus_is_generated():
    assert Counter(d.facts.layout for d in documents(N_DOCS, SEED)) == {layout: N_DOCS // 3 for layout in LAYOUTS}


def test_pdf_layout_breaks_project_codes_and_long_cells_over_lines():
    pdf = next(d for d in documents(3, SEED) if d.facts.layout == "pdf")
    lines = pdf.text.splitlines()
    for code in pdf.facts.project_codes:
        head, tail = code.split("T")
        assert head in lines and "T" + tail in lines  # the code's two halves stand on lines of their own
    wrapped = [i for i, line in enumerate(lines[:-1]) if line.endswith("满意度") and lines[i + 1].startswith("指标")]
    assert wrapped  # 服务对象满意度指标 cut at the cell's edge


def test_cells_layout_prints_one_tab_prefixed_cell_per_line_with_empty_cells_kept():
    cells = next(d for d in documents(3, SEED) if d.facts.layout == "cells")
    table = cells.text.split("预算03表", 1)[1].splitlines()
    assert "\t科目编码" in table and "\t科目名称" in table
    assert "\t" in table  # the empty code cell of the total row


def test_extraction_reads_each_document_without_warnings(extracted):
    for doc, result in extracted:
        assert result.ok
        assert [str(w) for w in result.warnings] == [], doc.name


def test_extraction_finds_the_document_region_year_and_kind(extracted):
    for doc, result in extracted:
        (document,) = of_type(result, Document)
        assert (document.region_code, document.fiscal_year, document.kind) == (
            doc.facts.region_code, doc.facts.fiscal_year, "部门预算"), doc.name


def test_extraction_finds_every_project_code_in_every_layout(extracted):
    for doc, result in extracted:
        assert {p.code for p in of_type(result, Project) if p.code} == doc.facts.project_codes, doc.name


def test_extraction_finds_every_cited_policy_normalised_whatever_the_brackets(extracted):
    for doc, result in extracted:
        assert {c.doc_number for c in of_type(result, Citation)} == doc.facts.doc_numbers, doc.name


def test_extraction_finds_the_budget_lines_of_both_classifications(extracted):
    for doc, result in extracted:
        lines = of_type(result, BudgetLine)
        assert {b.code for b in lines if b.code} >= doc.facts.budget_codes, doc.name
        assert {b.classification for b in lines if b.code} >= {"functional", "economic"}, doc.name


def test_extraction_finds_every_indicator_with_its_levels(extracted):
    for doc, result in extracted:
        indicators = of_type(result, Indicator)
        assert {i.name for i in indicators} == doc.facts.indicator_names, doc.name
        assert all(i.level1 and i.level2 for i in indicators), doc.name


def test_citations_link_documents_through_a_shared_pool_of_policies():
    cited_by = Counter(n for d in documents(30, SEED) for n in d.facts.doc_numbers)
    assert max(cited_by.values()) >= 10  # one policy cited across many documents
    assert len(cited_by) > 5
