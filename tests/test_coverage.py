"""Reading coverage: what a document prints against what the readers read from it."""
from __future__ import annotations

import json

import pyoxigraph
import pytest

from budgetkg.commands.build import summary_table
from kg_build.extract import extract_source
from kg_build.records import ReadingCoverage
from kg_build.source import parse_source
from ontology.namespaces import sparql_prologue
from store.local import open_store


def coverage_of(text: str, name: str = "doc.txt") -> ReadingCoverage:
    result = extract_source(parse_source(name, text.encode("utf-8")))
    [coverage] = [r for r in result.records if isinstance(r, ReadingCoverage)]
    return coverage


BUDGET = """武汉市青山区民政局2024年部门预算

一般公共预算支出表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
208\t社会保障和就业支出\t120.00\t100.00\t20.00
20802\t民政管理事务\t120.00\t100.00\t20.00
2080201\t行政运行\t100.00\t100.00\t0.00
2080299\t其他民政管理事务支出\t20.00\t0.00\t20.00
"""


def test_coded_lines_read_into_budget_rows_are_counted_as_read():
    c = coverage_of(BUDGET)
    assert (c.coded_lines_seen, c.coded_lines_read) == (4, 4)
    assert (c.standard_tables_seen, c.standard_tables_read) == (1, 1)
    assert c.missed == []


def test_coded_line_the_readers_miss_is_listed_with_page_and_line():
    # a coded row printed in the explanation, under no table: no reader reads it
    text = ("武汉市青山区民政局2024年部门预算\n第三部分 情况说明\n支出主要用于：\n"
            "2080201 行政运行 100.00 万元，与上年持平。\n")
    c = coverage_of(text)
    assert (c.coded_lines_seen, c.coded_lines_read) == (1, 0)
    assert c.missed == ["line 4 coded line not read: 2080201 行政运行 100.00 万元，与上年持平。"]


def test_counts_and_measures_at_the_start_of_a_line_are_not_codes():
    text = BUDGET + "\n200元/人\n50000份/年 12\n558 号、根据 2\n300 人，共 5 期\n201 年\n"
    assert coverage_of(text).coded_lines_seen == 4


def test_doc_numbers_in_any_bracket_and_broken_over_lines_are_seen_and_matched_to_citations():
    text = ("武汉市青山区民政局2024年部门预算\n一、项目立项依据\n"
            "根据《武汉市社会救助办法》（武政规〔2020〕3号）和鄂民政发［2019］\n12号文件，以及"
            "青民【2023】5 号文，安排本项目。\n")
    c = coverage_of(text)
    assert c.doc_numbers_seen == 3
    assert c.doc_numbers_read == c.doc_numbers_seen - len([m for m in c.missed if "文号" in m])
    assert c.doc_numbers_read >= 2


def test_full_width_and_compatibility_brackets_are_seen():
    text = "某区财政局2024年部门预算\n依据某财发︹2021︺7号和某财发﹝2022﹞8号执行。\n"
    assert coverage_of(text).doc_numbers_seen == 2


def test_titles_in_a_table_of_contents_and_tables_printed_empty_are_not_standard_tables_seen():
    text = ("武汉市青山区民政局2024年部门预算\n目录\n一、一般公共预算支出表\n二、政府性基金预算支出表\n"
            "三、部门收支总表\n第一部分 概况\n\n" + BUDGET.split("\n", 1)[1] +
            "\n政府性基金预算支出表\n单位：万元\n科目编码\t科目名称\t合计\n本部门2024年无政府性基金预算收支\n")
    c = coverage_of(text)
    assert (c.standard_tables_seen, c.standard_tables_read) == (1, 1)


# ---------------------------------------------------------------- the sample corpus, built


def test_build_json_holds_each_documents_coverage(corpus_build):
    summary = json.loads((corpus_build.out / "build.json").read_text(encoding="utf-8"))
    by_file = {d["file"]: d["coverage"] for d in summary["documents"]}
    hongshan = by_file["001_697358ee9d9e0519.txt"]
    # 洪山区医疗保障局: every coded row of its tables and every 文号 it prints are read
    assert hongshan["coded_lines_seen"] == hongshan["coded_lines_read"] > 50
    assert hongshan["doc_numbers_seen"] == hongshan["doc_numbers_read"] > 0
    assert hongshan["forms_read"] == hongshan["forms_seen"] > 0
    assert all(c["doc_numbers_read"] <= c["doc_numbers_seen"] for c in by_file.values())


def test_build_summary_prints_a_coverage_line_per_document(corpus_build):
    table = summary_table(corpus_build)
    assert "reading coverage (seen → read):" in table
    line = next(l for l in table.splitlines() if l.strip().startswith("001_697358ee9d9e0519.txt:"))
    c = next(d.coverage for d in corpus_build.documents if d.file.startswith("001_"))
    assert f"coded lines {c['coded_lines_read']}/{c['coded_lines_seen']}" in line
    assert f"文号 {c['doc_numbers_read']}/{c['doc_numbers_seen']}" in line


def test_coverage_is_on_the_document_node_in_the_graph(corpus_build):
    store = open_store(corpus_build.out)
    rows = list(store.query(sparql_prologue() + """
        SELECT ?seen ?read WHERE { ?doc bkg:fileName "004_d431fbb1a7fb7554.txt" ;
                                         bkg:codedLinesSeen ?seen ; bkg:codedLinesRead ?read }"""))
    c = next(d.coverage for d in corpus_build.documents if d.file.startswith("004_"))
    assert [(int(r["seen"].value), int(r["read"].value)) for r in rows] == [(c["coded_lines_seen"], c["coded_lines_read"])]
    missed = {r["m"].value for r in store.query(sparql_prologue() + """
        SELECT ?m WHERE { ?doc bkg:fileName "004_d431fbb1a7fb7554.txt" ; bkg:notRead ?m }""")}
    assert missed == set(c["missed"])
