"""The queries behind the pages (queries/pages/*.rq): named, parsed and run like the catalogue's,
but kept out of the public catalogue."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from queries import PAGE_QUERY_DIR, Page, ParameterError, catalogue, page_query
from queries.search_index import index_path, search, source_document

NAMES = sorted(p.stem for p in PAGE_QUERY_DIR.glob("*.rq"))
BASE = "https://w3id.org/budgetkg/id/"
ENTITY = {"department": BASE + "department/420111/医疗保障局", "project": BASE + "project/42011124043T000000101",
          "policy": BASE + "policy/武政办〔2016〕69号", "document": BASE + "document/001_697358ee9d9e0519",
          "indicator": BASE + "indicator/001_697358ee9d9e0519/1969/1"}


@pytest.fixture(scope="module")
def store(corpus_build):
    return ox.Store.read_only(str(corpus_build.store))


def _entity_for(name: str) -> str:
    if name == "goals-of":  # the sample forms print goals for departments as a whole
        return ENTITY["department"]
    if name.endswith("-of") and not name.startswith("policy"):  # of a project or a department
        return ENTITY["project"]
    for kind, iri in ENTITY.items():
        if name.split("-")[0] == kind:
            return iri
    return ENTITY["project"]  # execution, indicators-of: a project or a department


def test_page_queries_stay_out_of_the_public_catalogue():
    public = {q.name for q in catalogue()}
    assert NAMES and not public & set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_page_query_answers_on_the_sample_corpus(store, name):
    query = page_query(name)
    assert query.title and query.description
    params = {"entity": _entity_for(name)} if query.parameter("entity") else {}
    result = query.run(store, params)
    # 医疗救助 has no final account (tested below with one that has); the findings are a validation
    # report's (tested with the document pages that list them)
    if name not in ("execution-of", "scores-of", "report-findings"):
        assert len(result) > 0, name


def test_page_queries_see_only_the_entity_they_are_given(store):
    # a parameter used inside a sub-select would be unbound there and leak every department's rows
    projects = page_query("department-projects").run(store, {"entity": ENTITY["department"]}).records()
    assert {p["name"] for p in projects} == {"医疗救助", "一般机构运转", "打击欺诈骗保"} | {p["name"] for p in projects if "医保" in (p["name"] or "")}
    assert all(p["code"] is None or p["code"].startswith("420111") for p in projects)
    executions = page_query("execution-of").run(store, {"entity": ENTITY["department"]})
    assert len(executions) == 0  # 洪山区医疗保障局 published no final account


def test_an_entity_parameter_must_be_an_iri():
    with pytest.raises(ParameterError):
        page_query("project").bindings({"entity": "not an iri"})


def test_execution_of_a_department_with_a_final_account(store):
    rows = page_query("execution-of").run(store, {"entity": BASE + "department/420111/卫生健康局本级"}).records()
    assert rows and all(r["file"] == "004_d431fbb1a7fb7554.txt" for r in rows)
    scores = page_query("scores-of").run(store, {"entity": BASE + "department/420111/卫生健康局"}).records()
    assert scores and all(r["file"] == "004_d431fbb1a7fb7554.txt" and r["score"] for r in scores)
    rated = [r for r in rows if r["rate"]]
    assert rated and all(abs(float(r["executed"]) / float(r["budget"]) * 100 - float(r["rate"])) < 0.6 for r in rated)


def test_build_writes_the_search_index_into_the_store_it_indexes(corpus_build):
    assert index_path(corpus_build.store).is_file()
    found = search(corpus_build.store, "武政办[2016]69 号")
    assert found.words == ["武政办〔2016〕69号"]
    assert [h.entity for h in found.groups["policy"]] == [BASE + "policy/武政办〔2016〕69号"]
    doc = source_document(corpus_build.store, "000_d0627e50c4564413.txt")
    from conftest import CORPUS

    assert [l.text for l in doc.lines] == (CORPUS / "000_d0627e50c4564413.txt").read_text(encoding="utf-8").split("\n")


def test_the_tracer_finds_a_policy_by_its_number_whole_and_by_every_word_of_its_title(store):
    policies = page_query("policies-matching")
    by_number = policies.run(store, {"doc_number": "武政办[2016]69 号"}).records()
    assert [p["policy"] for p in by_number] == [ENTITY["policy"]]
    assert policies.run(store, {"doc_number": "政办〔2016〕69号"}).records() == []  # a 文号 is matched whole
    both = {p["title"] for p in policies.run(store, {"word1": "医疗", "word2": "救助"}).records()}
    assert "武汉市人民政府关于印发武汉市医疗救助实施办法的通知" in both
    assert all("医疗" in t and "救助" in t for t in both)
    assert policies.run(store, {"word1": "医疗", "word2": "独生子女"}).records() == []


def test_the_tracer_finds_projects_by_a_word_of_a_name_or_by_their_code(store):
    projects = page_query("projects-matching")
    by_word = projects.run(store, {"word1": "医疗救助"}).records()
    assert ENTITY["project"] in {p["project"] for p in by_word}
    assert all("医疗救助" in p["label"] for p in by_word)
    assert [p["project"] for p in projects.run(store, {"word1": "42011124043T000000101"}).records()] == [ENTITY["project"]]
    assert projects.run(store, {"word1": "医疗救助", "word2": "打击欺诈"}).records() == []


def test_an_entity_page_reads_its_statements_and_links_with_the_graph_and_labels(store):
    statements = page_query("statements-of").run(store, {"entity": ENTITY["project"]}).records()
    code = [s for s in statements if s["p"].endswith("#projectCode")]
    assert code and {s["o"] for s in code} == {"42011124043T000000101"}
    assert all(s["g"] for s in statements)  # every statement says which named graph holds it
    department = [s for s in statements if s["p"].endswith("#competentDepartment")]
    assert department and all(s["label"] for s in department)  # a linked value comes with its label
    links = page_query("links-to").run(store, {"entity": ENTITY["policy"]}).records()
    assert links and [(l["p"], l["s"]) for l in links] == sorted({(l["p"], l["s"]) for l in links})
    some = page_query("links-to-unordered").run(store, {"entity": ENTITY["policy"]}, Page(2)).records()
    assert len(some) == 2 and {(l["p"], l["s"]) for l in some} <= {(l["p"], l["s"]) for l in links}


def test_class_counts_list_every_counted_class_in_reading_order_even_without_instances(store):
    counted = page_query("class-counts").run(store).records()
    assert [r["class"].rsplit("#", 1)[-1] for r in counted] == [
        "SourceDocument", "Organization", "BudgetProject", "LegalResource", "Citation", "PerformanceIndicator",
        "Observation"]
    assert counted[0]["n"] == "5"
    assert {r["n"] for r in page_query("class-counts").run(ox.Store()).records()} == {"0"}


def test_an_entity_s_description_is_its_statements_as_triples(store):
    description = page_query("description-of")
    triples = description.run(store, {"entity": ENTITY["project"]})
    assert triples.columns == description.columns == ["s", "p", "o"]
    assert {s for s, _, _ in triples.rows} == {ox.NamedNode(ENTITY["project"])}
    statements = page_query("statements-of").run(store, {"entity": ENTITY["project"]}).records()
    assert {(t["p"], t["o"]) for t in triples.records()} == {(s["p"], s["o"]) for s in statements}
