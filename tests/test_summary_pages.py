"""Summary pages, the source view, charts and search, over real HTTP against the sample corpus."""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from decimal import Decimal

import pytest

from conftest import CORPUS
from server_fixtures import http  # noqa: F401


@pytest.fixture(scope="module")
def served(site):
    """This module's pages, answered in-process (the session's `site`)."""
    return site


BASE = "https://w3id.org/budgetkg/id/"
DEPARTMENT = "department/420111/医疗保障局"  # 武汉市洪山区医疗保障局, document 001
PROJECT = "project/42011124043T000000101"  # 医疗救助 of 洪山区医疗保障局
POLICY = "武政办〔2016〕69号"


def page(server, path: str, **params) -> tuple[int, str]:
    url = server.url + urllib.parse.quote(path) + ("?" + urllib.parse.urlencode(params) if params else "")
    status, _, body = http(url, headers={"Accept": "text/html"})
    return status, body.decode("utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def select(server, query: str) -> list[dict[str, str]]:
    prologue = ("PREFIX bkg: <https://w3id.org/budgetkg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX prov: <http://www.w3.org/ns/prov#> "
                "PREFIX qb: <http://purl.org/linked-data/cube#> PREFIX org: <http://www.w3.org/ns/org#> ")
    _, _, body = http(server.sparql + "?" + urllib.parse.urlencode({"query": prologue + query}))
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(body)["results"]["bindings"]]


def section(html: str, ident: str) -> str:
    start = html.index(f'id="{ident}"')
    end = html.find("</section>", start)
    return html[start:end]


def source_line(file: str, number: int) -> str:
    return (CORPUS / file).read_text(encoding="utf-8").split("\n")[number - 1]


def test_department_page_sums_up_spending_by_class_with_chart_and_sources(served):
    status, html = page(served, "/id/" + DEPARTMENT)
    assert status == 200
    assert re.search(r"<h1>武汉市洪山区医疗保障局</h1>", html)
    spending = section(html, "spending")
    # the largest 合计 printed for each 类, as the graph holds it
    expected = select(served, f"""SELECT ?code (MAX(?a) AS ?amount) WHERE {{
      ?o a qb:Observation ; bkg:classification "functional" ; bkg:code ?code ; bkg:expenditureType "total" ;
         bkg:department ?d ; bkg:amountValue ?a .
      FILTER(STRLEN(?code) = 3 && (?d = <{BASE}{DEPARTMENT}> || EXISTS {{ ?d org:subOrganizationOf <{BASE}{DEPARTMENT}> }}))
    }} GROUP BY ?code""")
    assert {r["code"] for r in expected} == {"201", "208", "210", "221"}
    for r in expected:
        assert re.search(rf"<code>{r['code']}</code>[^<]*</td>\s*<td class=\"num\">{re.escape(r['amount'])}</td>", spending)
    assert "<svg" in spending and "卫生健康支出" in spending  # the chart, with its CJK labels
    # every figure links to the line it was read from, and that line prints the figure
    links = re.findall(r'href="/source/(001_697358ee9d9e0519\.txt)\?lines=(\d+)#L\d+"', spending)
    assert links
    for file, line in links:
        assert any(ch.isdigit() for ch in source_line(file, int(line)))
    projects = section(html, "projects")
    assert text_of(projects).count("医疗救助") >= 1 and f'href="/id/{PROJECT}"' in projects
    policies = section(html, "policies")
    assert "武政规〔2016〕32号" in policies
    assert "Statements" not in html.split("<details class=\"raw\">")[0]  # raw triples only in the collapsed section
    assert '<details class="raw">' in html


def test_department_chart_numbers_come_as_csv(served):
    status, headers, body = http(served.url + "/charts/department-spending.csv?" + urllib.parse.urlencode(
        {"entity": BASE + DEPARTMENT}))
    assert status == 200 and headers.get_content_type() == "text/csv"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    by_code = {r["code"]: Decimal(r["amount"]) for r in rows}
    assert by_code["210"] == Decimal("902.16")
    assert all(r["document"] == "001_697358ee9d9e0519.txt" and r["line"] for r in rows)


def test_spending_chart_across_departments_has_table_and_csv(served):
    status, html = page(served, "/charts/spending", code="210")
    assert status == 200
    assert html.count("<svg") == 1
    assert "武汉市洪山区医疗保障局" in html and "902.16" in html
    status, _, body = http(served.url + "/charts/spending-overview.csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    departments = {r["department_label"] for r in rows if r["code"] == "210"}
    assert len(departments) >= 3  # the class compared across departments


def test_project_page_decodes_its_code_and_shows_money_bases_and_indicators(served):
    status, html = page(served, "/id/" + PROJECT)
    assert status == 200
    text = text_of(html)
    assert "医疗救助" in text and "洪山区" in text and "部门预算编码 043" in text
    money = section(html, "money")
    assert "<svg" in money  # funding sources chart
    for source, amount in [("本级一般公共预算", "300"), ("上级一般公共预算", "200"), ("一般公共预算财政拨款收入", "500")]:
        assert re.search(rf"{source}</td><td>2024</td><td class=\"num\">{amount}</td>", money)
    bases = section(html, "bases")
    for number in ["武政规〔2013〕18号", "武政规〔2019〕29号", "武政规〔2016〕32号", "武民办〔2018〕22号", "武政规〔2023〕1号"]:
        assert number in bases
    assert bases.count('<blockquote class="quote">') >= 5
    goals = section(html, "goals")
    assert "产出指标" in goals and "数量指标" in goals and "医疗救助人员" in goals and "≥3000人次" in goals


def test_policy_page_lists_citing_projects_across_departments(served):
    status, html = page(served, "/id/policy/" + POLICY)
    assert status == 200
    citing = section(html, "citing")
    assert len(re.findall(r'<a class="project"', citing)) == 2
    assert "武昌区卫生健康局" in citing and "洪山区卫生健康局" in citing
    assert "2 个部门" in citing


def test_document_page_shows_title_tables_forms_and_what_was_read(served):
    status, html = page(served, "/id/document/001_697358ee9d9e0519")
    assert status == 200
    assert "<h1>武汉市洪山区医疗保障局2024年部门预算</h1>" in html
    assert "部门预算" in text_of(html.split('id="read"')[0])  # its kind
    read = text_of(section(html, "read"))
    n_lines = select(served, """SELECT (COUNT(?o) AS ?n) WHERE { ?o a qb:Observation ;
        prov:wasDerivedFrom <https://w3id.org/budgetkg/id/document/001_697358ee9d9e0519> }""")[0]["n"]
    assert re.search(rf"预算表数据行 budget-table lines {n_lines} 001_697358ee9d9e0519\.txt:\d+", read)
    tables = section(html, "tables")
    assert "一般公共预算支出表" in tables and "医疗救助" in tables
    assert 'href="/source/001_697358ee9d9e0519.txt"' in html


def test_indicator_page_shows_levels_and_values(served):
    status, html = page(served, "/id/indicator/001_697358ee9d9e0519/1969/1")
    assert status == 200
    assert "医疗救助人员" in html and "产出指标 › 数量指标" in html and "≥3000人次" in html


def test_source_view_shows_numbered_lines_and_highlights_the_cited_ones(served):
    status, html = page(served, "/source/001_697358ee9d9e0519.txt", lines="1862-1863")
    assert status == 200
    cited = re.findall(r'<li id="L(\d+)" value="\d+" class="cited">.*?<span class="t">(.*?)</span>', html)
    assert [int(n) for n, _ in cited] == [1862, 1863]
    import html as htmlmod
    assert htmlmod.unescape(cited[0][1]) == source_line("001_697358ee9d9e0519.txt", 1862)
    total = len((CORPUS / "001_697358ee9d9e0519.txt").read_text(encoding="utf-8").split("\n"))
    assert html.count('<li id="L') == total
    assert page(served, "/source/no-such-file.txt")[0] == 404


@pytest.mark.parametrize("q", ["武政办【2016】69号", "武政办[2016]69 号", "武政办〔2016〕69号"])
def test_search_finds_a_policy_by_its_number_in_any_brackets(served, q):
    status, html = page(served, "/search", q=q)
    assert status == 200
    policies = section(html, "kind-policy")
    assert f'href="/id/policy/{urllib.parse.quote(POLICY)}"' in policies


def test_search_by_project_name_and_by_quoted_word_groups_results_by_kind(served):
    _, html = page(served, "/search", q="医疗救助")
    assert f'href="/id/{PROJECT}"' in section(html, "kind-project")
    assert "kind-policy" in html and "kind-quote" in html
    _, html = page(served, "/search", q="“计划生育”")
    quotes = section(html, "kind-quote")
    assert "<mark>计划生育</mark>" in quotes and "/source/" in quotes
    _, html = page(served, "/search", q="救助")  # two characters: below the trigram length, still found
    assert f'href="/id/{PROJECT}"' in section(html, "kind-project")


def test_search_box_is_on_every_page(served):
    for path in ["/", "/trace", "/queries", "/id/" + PROJECT, "/source/001_697358ee9d9e0519.txt"]:
        _, html = page(served, path)
        assert '<form class="site-search" action="/search"' in html and '<label for="site-q"' in html


def test_tracer_given_a_project_name_shows_its_legal_bases(served):
    status, html = page(served, "/trace", q="医疗救助")
    assert status == 200
    first = html.split('class="project card"')[1].split("</section>")[0]
    assert f'href="/id/{PROJECT}"' in first
    assert len(re.findall(r'<div class="basis">', first)) == 5


def test_catalogue_speaks_chinese_first_with_english_beside(served):
    from queries import catalogue

    _, html = page(served, "/queries")
    for q in catalogue():
        assert q.title_zh in html and q.title in html
        for p in q.parameters:
            assert q.parameters_zh[p.name] in html
    _, html = page(served, "/queries/legal-basis", project="医疗救助")
    assert '<th scope="col">文号 <span class="en">doc_number</span></th>' in html
    assert '<th scope="col">引用原文 <span class="en">quote</span></th>' in html
    assert 'action="/queries/legal-basis#results"' in html and 'id="results"' in html


def test_editor_opens_a_named_query_with_its_parameters_bound(served):
    _, html = page(served, "/queries/legal-basis", project="医疗救助")
    link = re.search(r'href="(/editor\?[^"]+)"', html).group(1).replace("&amp;", "&")
    assert "project=" in link and link.endswith("#results")
    status, _, body = http(served.url + link.split("#")[0], headers={"Accept": "text/html"})
    editor = body.decode("utf-8")
    assert status == 200
    text = editor.split('<textarea')[1].split("</textarea>")[0]
    assert "医疗救助" in text and "?param_project" not in text  # the parameter is bound in the text
    assert '<p class="meta">5 行' in editor  # the five legal bases, as on the query's own page


def test_document_page_shows_reading_coverage_and_outline(served):
    _, html = page(served, "/id/document/001_697358ee9d9e0519")
    read = section(html, "read")
    coverage = select(served, """SELECT ?seen ?read WHERE { <https://w3id.org/budgetkg/id/document/001_697358ee9d9e0519>
        bkg:codedLinesSeen ?seen ; bkg:codedLinesRead ?read }""")[0]
    assert re.search(rf"编码行 coded budget lines</td><td class=\"num\">{coverage['seen']}</td><td class=\"num\">{coverage['read']}</td>", read)
    tables = section(html, "tables")
    assert "部门收支总表" in tables and 'href="/source/001_697358ee9d9e0519.txt?lines=69#L69"' in tables


def test_project_with_a_final_account_shows_execution_and_self_evaluation(served):
    project = select(served, """SELECT ?p WHERE { ?p a bkg:BudgetProject ; skos:prefLabel ?l
                                    FILTER(STR(?l) = "区基本公共卫生服务") }""")[0]["p"]
    _, html = page(served, "/" + project.split("budgetkg/", 1)[1])
    execution = section(html, "execution")
    assert "16489.2" in execution and "14687.06" in execution and "89.07" in execution and "96.81" in execution
    scores = section(html, "scores")
    assert "预算执行情况" in scores and "17.81" in scores
    assert 'href="/source/004_d431fbb1a7fb7554.txt?lines=1054#L1054"' in scores


def test_every_raw_statement_is_one_link_away(served):
    _, summary = page(served, "/id/policy/" + POLICY)
    assert '<details class="raw">' in summary
    status, html = page(served, "/id/policy/" + POLICY, view="statements")
    assert status == 200 and '<details class="raw">' not in html
    rows = len(re.findall(r'<td class="graph">', html))
    expected = select(served, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?p ?o ?g WHERE {{
        GRAPH ?g {{ <{BASE}policy/{POLICY}> ?p ?o }} }} }}""")[0]["n"]
    assert rows == int(expected) > 0


def test_a_document_s_findings_are_read_from_the_report_with_their_lines(corpus_outcome, tmp_path):
    from server.findings import REPORT_TTL, document_findings
    from shapes.render import render

    assert document_findings(tmp_path, "004_d431fbb1a7fb7554", "004_d431fbb1a7fb7554.txt") is None  # no report yet
    (tmp_path / REPORT_TTL).write_text(render(corpus_outcome, "ttl"), encoding="utf-8")
    found = document_findings(tmp_path, "004_d431fbb1a7fb7554", "004_d431fbb1a7fb7554.txt")
    expected = [r for r in corpus_outcome.results if r.document == "004_d431fbb1a7fb7554.txt"]
    assert found and len(found) <= len(expected)
    assert all(f.refs[0][0] == "004_d431fbb1a7fb7554.txt" and f.severity in ("Violation", "Warning", "Info")
               for f in found)
    assert [f.severity == "Violation" for f in found] == sorted((f.severity == "Violation" for f in found), reverse=True)
    assert any(f.refs[0][1] == 106 and "33163.2" in f.message for f in found)  # the cross-table disagreement
