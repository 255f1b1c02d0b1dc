"""The named-query catalogue answers users' questions on the real corpus build."""
from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT
from kg_build.docnumber import find_doc_numbers
from store.local import open_store
from queries import (CatalogueError, ParameterError, UnknownQueryError, catalogue, catalogue_markdown,
                     get_query, parse_query, render)
from queries.render import display_width

# The columns users script against: each query must keep at least these names.
PROMISED_COLUMNS = {
    "projects": "project name code department region fiscal_year total_budget current_year_budget document",
    "departments": "department name code parent region n_projects",
    "policy-citations": "project project_name department doc_number title issuer level quote document line",
    "shared-policies": "doc_number title n_projects n_departments n_documents projects",
    "projects-citing": "project_name department region document line quote",
    "legal-basis": "doc_number title issuer level quote document line",
    "indicators": "project_name department goal_kind level1 level2 name target comparator value unit basis document",
    "similar-indicators": "name n_projects departments targets",
    "budget-lines": "department table classification code name amount phase fiscal_year document",
    "spending-by-function": "department region code name amount phase fiscal_year",
    "execution": "project_name department budget executed execution_rate score document",
    "policy-issuers": "issuer issuing_body level n_policies n_citing_projects",
    "funding-sources": "project_name source amount document",
    "documents": "document title kind fiscal_year region department",
    "policies": "doc_number title issuer issuing_body level n_citing_projects",
    "region-summary": "region code n_documents n_departments n_projects",
}

# A parameter set per query that must find something in the sample corpus.
EXAMPLES = {
    "projects": {"region": "洪山区"},
    "projects-citing": {"doc_number": "武政办[2016]69 号"},
    "legal-basis": {"project": "医疗救助", "department": "洪山区医疗保障局"},
    "indicators": {"project": "医疗救助", "keyword": "人次"},
    "similar-indicators": {"keyword": "满意度"},
    "budget-lines": {"department": "洪山区医疗保障局", "code_prefix": "210"},
    "spending-by-function": {"code_prefix": "210"},
    "funding-sources": {"department": "通城县"},
    "policies": {"doc_number": "武政办"},
}

WUZHENGBAN_69 = "武政办〔2016〕69号"
FILE_NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


@pytest.fixture(scope="module")
def store(corpus_build):
    return open_store(corpus_build.out)


def run(store, name, **params):
    return get_query(name).run(store, params)


# --- the catalogue -----------------------------------------------------------------------

def test_catalogue_holds_every_promised_query_with_its_columns():
    names = {q.name for q in catalogue()}
    assert set(PROMISED_COLUMNS) <= names
    for name, promised in PROMISED_COLUMNS.items():
        missing = [c for c in promised.split() if c not in get_query(name).columns]
        assert not missing, f"{name} lost promised columns {missing}"


def test_every_query_has_a_title_and_description_and_required_parameters_have_examples():
    for q in catalogue():
        assert q.title and q.description, q.name
        required = {p.name for p in q.parameters if p.required}
        assert required <= set(EXAMPLES.get(q.name, {})), f"{q.name}: add an example for {required}"


@pytest.mark.parametrize("query", [q.name for q in catalogue()])
def test_every_query_finds_rows_in_the_corpus_with_its_columns(store, query):
    result = run(store, query, **EXAMPLES.get(query, {}))
    assert result.columns == get_query(query).columns
    assert len(result) > 0, f"{query} found nothing in the sample corpus"
    for column in ("document",):
        if column in result.columns:
            for value in result.column(column):
                assert value is None or all(FILE_NAME.match(v) for v in value.split("; ")), value


def test_catalogue_is_sorted_by_name():
    names = [q.name for q in catalogue()]
    assert names == sorted(names)


def test_readme_catalogue_section_is_generated_from_the_catalogue():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- catalogue:start -->\n(.*?)<!-- catalogue:end -->", readme, re.S)
    assert m, "README has no generated catalogue section (<!-- catalogue:start --> … <!-- catalogue:end -->)"
    assert m.group(1) == catalogue_markdown(catalogue()), (
        "README's catalogue differs from the queries: regenerate it with "
        "`python -c 'import queries; print(queries.catalogue_markdown(queries.catalogue()), end=\"\")'`")


# --- the answers users came for -----------------------------------------------------------

def test_shared_policies_lists_wuzhengban_2016_69_cited_by_two_projects_in_two_documents(store):
    rows = {r["doc_number"]: r for r in run(store, "shared-policies").records()}
    row = rows[WUZHENGBAN_69]
    assert row["n_projects"] == "2"
    assert row["n_documents"] == "2"
    assert set(row["documents"].split("; ")) == {"000_d0627e50c4564413.txt", "004_d431fbb1a7fb7554.txt"}
    assert "计划生育" in row["title"]


def test_projects_citing_reads_a_doc_number_printed_with_square_brackets_and_spaces(store):
    rows = run(store, "projects-citing", doc_number="武政办[2016]69 号").records()
    assert {r["doc_number"] for r in rows} == {WUZHENGBAN_69}
    assert len({r["project"] for r in rows}) == 2
    assert {r["document"] for r in rows} == {"000_d0627e50c4564413.txt", "004_d431fbb1a7fb7554.txt"}
    for r in rows:
        # The quote is the citing words: it prints the 文号 in whatever form that document used.
        assert WUZHENGBAN_69 in {d.normalised for d in find_doc_numbers(r["quote"].replace("\n", ""))}
        assert int(r["line"]) > 0
    same = run(store, "projects-citing", doc_number="武政办 〔2016〕 69号").records()
    assert sorted(map(str, same)) == sorted(map(str, rows))


def test_projects_citing_finds_policies_by_words_of_their_title(store):
    rows = run(store, "projects-citing", title="独生子女年老父母").records()
    assert {r["doc_number"] for r in rows} == {WUZHENGBAN_69}


def test_legal_basis_of_hongshan_medical_assistance_lists_its_five_municipal_documents(store):
    rows = run(store, "legal-basis", project="医疗救助", department="洪山区医疗保障局").records()
    assert {r["doc_number"] for r in rows} == {
        "武政规〔2013〕18号", "武政规〔2019〕29号", "武政规〔2016〕32号", "武民办〔2018〕22号", "武政规〔2023〕1号"}
    assert {r["document"] for r in rows} == {"001_697358ee9d9e0519.txt"}
    assert {r["level"] for r in rows} == {"municipal"}
    assert all(1830 <= int(r["line"]) <= 1850 for r in rows)


def test_legal_basis_finds_a_project_by_its_code(store):
    by_code = run(store, "legal-basis", project="42011124043T000000101").records()
    by_name = run(store, "legal-basis", project="医疗救助", department="洪山区医疗保障局").records()
    assert sorted(r["doc_number"] for r in by_code) == sorted(r["doc_number"] for r in by_name)


def test_spending_by_function_compares_health_spending_across_departments(store):
    rows = [r for r in run(store, "spending-by-function", code_prefix="210").records() if r["code"] == "210"]
    assert {r["name"] for r in rows} == {"卫生健康支出"}
    budget = {r["department"]: Decimal(r["amount"]) for r in rows if r["phase"] == "budget"}
    assert budget["武汉市洪山区医疗保障局"] == Decimal("902.16")
    assert budget["武汉市江汉区保健医疗办公室"] == Decimal("3842.30")
    assert len({r["department"] for r in rows}) >= 3
    assert all(r["code"].startswith("210") for r in run(store, "spending-by-function", code_prefix="210").records())


def test_region_parameter_takes_a_name_or_a_code_and_a_city_includes_its_districts(store):
    by_name = run(store, "projects", region="洪山区").column("project")
    by_code = run(store, "projects", region="420111").column("project")
    assert by_name and sorted(by_name) == sorted(by_code)
    city = set(run(store, "projects", region="武汉市").column("project"))
    assert set(by_name) < city
    assert not set(run(store, "projects", region="通城县").column("project")) & city


def test_department_parameter_matches_any_printed_form(store):
    full = run(store, "projects", department="武汉市洪山区医疗保障局").column("project")
    short = run(store, "projects", department="洪山区 医疗保障局").column("project")
    assert full and sorted(full) == sorted(short)
    assert "42011124043T000000101" in {p.rsplit("/", 1)[-1] for p in full}


def test_projects_without_region_lists_every_region(store):
    regions = set(run(store, "projects").column("region"))
    assert {"洪山区", "江汉区", "武昌区", "通城县"} <= regions


def test_documents_query_counts_what_each_document_contributed(store):
    rows = {r["document"]: r for r in run(store, "documents").records()}
    assert len(rows) == 5
    assert rows["001_697358ee9d9e0519.txt"]["kind"] == "budget"
    assert rows["004_d431fbb1a7fb7554.txt"]["kind"] == "final-account"
    assert int(rows["001_697358ee9d9e0519.txt"]["n_budget_lines"]) > 100


# --- parameters are data, never query text ------------------------------------------------

HOSTILE = [
    '医疗救助" || true || "',
    '"} } UNION { ?project ?p ?o } #',
    "医疗救助' } UNION { ?x ?y ?z }",
    '}\n} SELECT * WHERE { ?s ?p ?o }',
    '\\" . ?project a bkg:BudgetProject . #',
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_parameter_is_matched_as_text_and_cannot_change_the_query(store, value):
    assert len(run(store, "legal-basis", project=value)) == 0
    assert len(run(store, "projects", department=value)) == 0
    assert len(run(store, "projects-citing", title=value)) == 0


def test_bound_query_text_carries_the_value_as_one_escaped_literal():
    text = get_query("legal-basis").bound_sparql({"project": '"} UNION {'})
    assert '"\\"}UNION{"' in text
    assert "?param_project" not in text
    assert text.count('"\\"}UNION{"') == get_query("legal-basis").body.count("?param_project")
    ox.Store().query(text)  # still one well-formed query


# --- errors people can act on --------------------------------------------------------------

def test_missing_required_parameter_names_it_and_lists_the_parameters():
    with pytest.raises(ParameterError) as info:
        get_query("legal-basis").bindings({})
    assert "missing required parameter project" in str(info.value)
    assert "department (optional)" in str(info.value)


def test_unknown_parameter_is_refused():
    with pytest.raises(ParameterError, match="unknown parameter regoin"):
        get_query("projects").bindings({"regoin": "洪山区"})


def test_code_prefix_must_be_digits():
    with pytest.raises(ParameterError, match="bad value"):
        get_query("spending-by-function").bindings({"code_prefix": "210 OR 1"})


def test_unknown_query_lists_the_known_ones():
    with pytest.raises(UnknownQueryError) as info:
        get_query("legal-basic")
    assert "legal-basis" in str(info.value)


def test_malformed_parameter_header_is_reported_with_its_line():
    text = "# title: T\n# description: D\n# param: region — no required or optional marker\nSELECT ?x WHERE { }\n"
    with pytest.raises(CatalogueError, match=r"bad\.rq:3"):
        parse_query("bad", text, Path("bad.rq"))


def test_a_declared_parameter_the_query_never_uses_is_an_error():
    text = "# title: T\n# param: region — a region (optional)\nSELECT ?x WHERE { ?x ?p ?o }\n"
    with pytest.raises(CatalogueError, match="never used"):
        parse_query("unused", text)


# --- renderers ------------------------------------------------------------------------------

def test_csv_has_the_promised_columns_as_header_row(store):
    for name in ("shared-policies", "legal-basis"):
        result = run(store, name, **EXAMPLES.get(name, {}))
        rows = list(csv.reader(io.StringIO(render(result, "csv"))))
        assert rows[0] == result.columns
        assert len(rows) == len(result) + 1


def test_json_is_sparql_results_that_a_sparql_parser_reads_back(store):
    result = run(store, "legal-basis", **EXAMPLES["legal-basis"])
    text = render(result, "json")
    assert json.loads(text)["head"]["vars"] == result.columns
    parsed = ox.parse_query_results(text.encode("utf-8"), ox.QueryResultsFormat.JSON)
    assert [v.value for v in parsed.variables] == result.columns
    assert [tuple(s) for s in parsed] == result.rows


def test_table_aligns_columns_counting_chinese_characters_double(store):
    result = run(store, "legal-basis", **EXAMPLES["legal-basis"])
    lines = render(result, "table").splitlines()
    header, rule, body = lines[0], lines[1], lines[2:-1]
    starts = [m.start() for m in re.finditer(r"(?<=  )-", rule)]
    for line in [header, *body]:
        for start in [s for s in starts if s < display_width(line)]:  # trailing empty cells are stripped
            # The text before each column start is exactly as wide as the rule before it.
            prefix = _prefix_of_width(line, start)
            assert prefix is not None and prefix.endswith("  "), line
    assert lines[-1] == f"({len(result)} rows)"


def _prefix_of_width(line: str, width: int):
    for i in range(len(line) + 1):
        if display_width(line[:i]) == width:
            return line[:i]
    return None


def test_csv_writes_every_kind_of_cell_as_sparql_csv_results_do():
    from queries import QueryResult

    result = QueryResult(["a", "b", "c", "d"], [
        (ox.NamedNode("http://example.org/x"), ox.BlankNode("b1"), ox.Literal('say "hi", twice'), None),
        (ox.Literal("two\nlines"), ox.Literal("12.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
         ox.Literal("部门", language="zh"), ox.Literal("")),
    ])
    assert render(result, "csv") == ('a,b,c,d\r\nhttp://example.org/x,_:b1,"say ""hi"", twice",\r\n'
                                     '"two\nlines",12.5,部门,\r\n')
    assert list(csv.reader(io.StringIO(render(result, "csv"))))[1:] == [
        ["http://example.org/x", "_:b1", 'say "hi", twice', ""], ["two\nlines", "12.5", "部门", ""]]
