"""Pages for people, answered by the app in-process (Flask's test client) from the sample corpus build."""
from __future__ import annotations

import json
import re
import shutil
import urllib.parse

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from server_fixtures import InProcessSite, http, parse_rdf


@pytest.fixture(scope="module")
def served(site):
    """This module's pages, answered in-process (the session's `site`)."""
    return site


ELI = Namespace("http://data.europa.eu/eli/ontology#")
POLICY = "武政办〔2016〕69号"
PROJECT_CODE = "42010622503T000000142"  # 计生一次性奖励经费 of 武昌区卫生健康局, printed in document 000
SCRIPT = "<script>alert(1)</script>"


def page(server, path: str, **params) -> tuple[int, str]:
    url = server.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
    status, _, body = http(url, headers={"Accept": "text/html"})
    return status, body.decode("utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def sparql_count(server, where: str) -> int:
    query = ("PREFIX bkg: <https://w3id.org/budgetkg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
             f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    _, _, body = http(server.sparql + "?" + urllib.parse.urlencode({"query": query}))
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_home_counts_agree_with_the_endpoint(served):
    status, html = page(served, "/")
    assert status == 200
    counts = dict((label, int(n)) for n, label in re.findall(r'<span class="n">(\d+)</span><span class="zh">([^<]+)</span>', html))
    assert counts["预算项目"] == sparql_count(served, "?x a bkg:BudgetProject") > 0
    assert counts["政策文件"] == sparql_count(served, "?x a eli:LegalResource") > 0
    assert counts["政策引用"] == sparql_count(served, "?x a bkg:Citation") > 0
    assert counts["公开文件"] == 5


def test_home_example_questions_link_to_traces_that_answer_them(served):
    _, html = page(served, "/")
    links = re.findall(r'href="(/trace\?q=[^"]+)"', html)
    assert links
    status, answer = page(served, urllib.parse.unquote(links[0].replace("&amp;", "&")).split("?")[0],
                          q=urllib.parse.parse_qs(urllib.parse.urlparse(links[0]).query)["q"][0])
    assert status == 200 and 'class="citing"' in answer


@pytest.mark.parametrize("printed", ["武政办[2016]69号", "武政办【2016】69 号", POLICY, "武政办 (2016) 69号"])
def test_trace_finds_both_projects_citing_the_policy_in_any_bracket_style(served, printed):
    status, html = page(served, "/trace", q=printed)
    assert status == 200
    text = text_of(html)
    assert POLICY in text
    section = html.split('class="policy card"')[1]  # the first (and only) policy found
    projects = re.findall(r'<a class="project" href="([^"]+)"', section)
    assert len(projects) == 2
    assert "武昌区卫生健康局" in text and "洪山区卫生健康局" in text
    assert "000_d0627e50c4564413.txt" in text and "004_d431fbb1a7fb7554.txt" in text
    # file:line links to the source view at that line
    assert 'href="/source/004_d431fbb1a7fb7554.txt?lines=1366#L1366">004_d431fbb1a7fb7554.txt:1366</a>' in html


def test_trace_by_title_words_puts_policies_cited_by_several_departments_first(served):
    status, html = page(served, "/trace", q="计划生育")
    assert status == 200
    sections = html.split('class="policy card"')[1:]
    assert sections, "title words found no policy"
    departments = [int(re.search(r"(\d+) 个部门", s).group(1)) for s in sections]
    multi = [d > 1 for d in departments]
    assert multi == sorted(multi, reverse=True)


def test_trace_of_a_project_code_lists_its_legal_bases(served):
    status, html = page(served, "/trace", q=PROJECT_CODE)
    assert status == 200
    assert "立项依据" in html and POLICY in text_of(html)


def test_project_page_shows_legal_bases_with_quote_and_line(served):
    status, html = page(served, f"/id/project/{PROJECT_CODE}")
    assert status == 200
    text = text_of(html)
    assert "计生一次性奖励经费" in text
    assert POLICY in text and "鄂政办发〔2007〕116号" in text
    assert re.search(r'href="/source/000_d0627e50c4564413\.txt\?lines=\d+#L\d+">000_d0627e50c4564413\.txt:\d+</a>', html)


def test_entity_rdf_by_accept_header(served):
    iri = URIRef(f"https://w3id.org/budgetkg/id/policy/{POLICY}")
    path = "/id/policy/" + urllib.parse.quote(POLICY)
    status, headers, body = http(served.url + path, headers={"Accept": "text/turtle"})
    assert status == 200 and headers.get_content_type() == "text/turtle"
    assert (iri, RDF.type, ELI.LegalResource) in Graph().parse(data=body.decode("utf-8"), format="turtle")
    status, headers, body = http(served.url + path, headers={"Accept": "application/ld+json"})
    assert headers.get_content_type() == "application/ld+json"
    assert (iri, RDF.type, ELI.LegalResource) in parse_rdf(body, "json-ld")


def test_entity_pages_link_to_each_other_by_their_iri_paths(served):
    _, html = page(served, f"/id/project/{PROJECT_CODE}")
    department_links = set(re.findall(r'href="(/id/department/[^"]+)"', html))
    assert any("卫生健康局" in urllib.parse.unquote(link) for link in department_links)
    for link in department_links:
        status, dept = page(served, link)
        assert status == 200
        assert f'href="/id/project/{PROJECT_CODE}"' in dept  # and the department links back


def test_unknown_entity_is_404(served):
    status, html = page(served, "/id/project/00000000000000000000")
    assert status == 404 and "Not Found" in html


def test_editor_runs_a_query_and_links_iris(served):
    query = f'PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT DISTINCT ?p WHERE {{ ?p eli:id_local "{POLICY}" }}'
    status, html = page(served, "/editor", query=query)
    assert status == 200
    assert 'href="/id/policy/' in html
    assert "1 行" in html
    assert "format=csv" in html and "format=json" in html


def test_editor_shows_each_kind_of_cell_and_an_ask_answer(served):
    query = ('SELECT ?iri ?blank ?tagged ?typed ?plain ?unbound WHERE { BIND(<http://example.org/x> AS ?iri) '
             'BIND(BNODE("b") AS ?blank) BIND("部门"@zh AS ?tagged) BIND(12.5 AS ?typed) BIND("text" AS ?plain) }')
    status, html = page(served, "/editor", query=query)
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert status == 200 and len(cells) == 6
    assert 'title="http://example.org/x"' in cells[0]
    assert '<span class="bnode">_:' in cells[1]
    assert '<span class="lit">部门</span><span class="lang">@zh</span>' in cells[2]
    assert '<span class="lit">12.5</span><span class="dt">xsd:decimal</span>' in cells[3]
    assert cells[4].strip() == '<span class="lit">text</span>' and cells[5].strip() == ""
    status, html = page(served, "/editor", query="ASK { FILTER(1 = 2) }")
    assert status == 200 and '<p class="boolean">' in html and "<strong>false</strong>" in html
    status, html = page(served, "/editor", query="SELECT ?s WHERE { ?s ?p 0.123456789 }")
    assert status == 200 and "0 行" in html  # an empty answer is an answer too


def test_editor_refuses_an_update_and_says_why(served):
    status, html = page(served, "/editor", query="DROP ALL")
    assert status == 403 and "read-only" in html


def test_script_in_a_query_is_shown_as_text(served):
    query = f'SELECT ?x WHERE {{ BIND("{SCRIPT}" AS ?x) }}'
    status, html = page(served, "/editor", query=query)
    assert status == 200
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    status, html = page(served, "/editor", query="SELECT " + SCRIPT)
    assert status == 400 and SCRIPT not in html


def test_script_in_parameters_is_shown_as_text(served):
    for path, params in [("/trace", {"q": SCRIPT}), ("/queries/projects", {"department": SCRIPT})]:
        status, html = page(served, path, **params)
        assert status == 200
        assert SCRIPT not in html and "&lt;script&gt;" in html


def test_pages_forbid_scripts_from_elsewhere(served):
    _, headers, _ = http(served.url + "/", headers={"Accept": "text/html"})
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_named_query_page_has_a_form_and_results(served):
    status, html = page(served, "/queries/projects-citing", doc_number="武政办[2016]69号")
    assert status == 200
    assert '<form class="params"' in html and 'name="doc_number"' in html
    assert text_of(html).count("计生一次性奖励经费") >= 2
    assert "projects-citing.csv?doc_number=" in html


def test_catalogue_lists_every_named_query(served):
    from queries import catalogue

    _, html = page(served, "/queries")
    for q in catalogue():
        assert f'href="/queries/{q.name}"' in html


def test_unknown_named_query_is_404(served):
    status, _ = page(served, "/queries/no-such-query")
    assert status == 404
    status, _, body = http(served.url + "/queries/no-such-query.json")
    assert status == 404 and json.loads(body)["error"]["title"] == "Unknown Query"


def test_missing_required_parameter_is_400_in_json(served):
    status, _, body = http(served.url + "/queries/legal-basis.json")
    assert status == 400 and "project" in json.loads(body)["error"]["detail"]


def test_ontology_page_is_served(served):
    status, html = page(served, "/ontology")
    assert status == 200 and "BudgetProject" in html


def test_validation_page_says_how_to_make_the_report_and_then_shows_it(served, corpus_build, tmp_path):
    status, html = page(served, "/validation")
    report = corpus_build.out / "validation-report.html"
    if not report.exists():
        assert status == 404 and "budgetkg validate" in html
    shutil.copytree(corpus_build.out / "store", tmp_path / "store")
    (tmp_path / "validation-report.html").write_text("<html><body><h1>Report: 3 violations</h1></body></html>")
    other = InProcessSite(tmp_path, query_workers=1)
    try:
        status, html = page(other, "/validation")
        assert status == 200 and "Report: 3 violations" in html
    finally:
        other.close()


def test_statements_view_lists_every_citation_linking_to_the_policy(served):
    status, html = page(served, "/id/policy/" + urllib.parse.quote(POLICY), view="statements")
    assert status == 200
    _, linked_from = html.split("Linked from", 1)
    citing = set(re.findall(r'href="(/id/citation/[^"]+)"', linked_from))
    assert citing
    assert len(citing) == sparql_count(served, f'?x bkg:citedPolicy ?p . ?p eli:id_local "{POLICY}"')
