"""A 文号 whose issuer is printed relative to the citing document (市政办发: the office of "the
city", whichever city prints it) is one policy per city, not one for the whole country."""
from __future__ import annotations

import pyoxigraph
import pytest

from budgetkg.build import build
from kg_build.issuers import issuer_for, relative_region
from ontology.namespaces import sparql_prologue
from store.local import open_store

ID = "https://w3id.org/budgetkg/id/"

# three district departments: two of 西安 and one of 宝鸡, each citing its city's 市政办发〔2022〕30号
DEPARTMENTS = {
    "xian_yanta": ("西安市雁塔区卫生健康局", "基本公共卫生服务项目", "西安市人民政府办公厅"),
    "xian_beilin": ("西安市碑林区卫生健康局", "家庭医生签约服务项目", "西安市人民政府办公厅"),
    # a prefecture's office is a 办公室; a sub-provincial city's (西安) an 办公厅
    "baoji_jintai": ("宝鸡市金台区卫生健康局", "基本公共卫生服务项目", "宝鸡市人民政府办公室"),
}


def _document(department: str, project: str, office: str) -> str:
    return f"""{department}2024年部门预算

第一部分 部门概况
一、主要职能
{department}负责全区卫生健康工作。

第二部分 2024年部门预算情况说明
一、项目支出情况
（一）{project}
项目金额：120.00万元
立项依据：《{office}关于印发基本公共卫生服务实施方案的通知》（市政办发〔2022〕30号）；《国务院办公厅关于推进医疗联合体建设和发展的指导意见》（国办发〔2017〕32号）。
主要内容：为辖区居民提供基本公共卫生服务。
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    sources = tmp_path_factory.mktemp("relative-sources")
    for stem, (department, project, office) in DEPARTMENTS.items():
        (sources / f"{stem}.txt").write_text(_document(department, project, office), encoding="utf-8")
    result = build(sources, tmp_path_factory.mktemp("relative-build"))
    assert [d.status for d in result.documents] == ["built"] * 3
    return open_store(result.out)


def _rows(store, query: str) -> list[dict[str, str]]:
    solutions = store.query(sparql_prologue() + query)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names} for row in solutions]


def test_a_relative_code_is_resolved_to_the_citing_documents_city():
    assert relative_region("市政办发", "610113") == "6101"  # 雁塔区 → 西安市
    assert relative_region("市政办发", "610302") == "6103"  # 金台区 → 宝鸡市
    for absolute in ("国办发", "粤府办", "陕卫基层发", "雁政发"):
        assert relative_region(absolute, "610113") is None


def test_two_cities_relative_codes_are_two_policies_and_one_citys_documents_meet(store):
    rows = _rows(store, """
        SELECT DISTINCT ?doc ?policy ?body WHERE {
          ?policy eli:id_local "市政办发〔2022〕30号" ; eli:passed_by ?issuer .
          ?issuer skos:prefLabel ?body .
          GRAPH ?doc { ?c bkg:citedPolicy ?policy }
        }""")
    by_doc = {r["doc"].rsplit("/", 1)[-1]: (r["policy"], r["body"]) for r in rows}
    assert set(by_doc) == set(DEPARTMENTS)
    assert by_doc["xian_yanta"] == by_doc["xian_beilin"] == (ID + "policy/6101/市政办发〔2022〕30号", "西安市人民政府办公厅")
    assert by_doc["baoji_jintai"] == (ID + "policy/6103/市政办发〔2022〕30号", "宝鸡市人民政府办公室")


def test_the_two_cities_offices_are_two_issuers(store):
    rows = _rows(store, """
        SELECT ?issuer ?body WHERE { ?issuer bkg:issuerCode "市政办发" ; skos:prefLabel ?body }""")
    assert {(r["issuer"], r["body"]) for r in rows} == {
        (ID + "issuer/6101/市政办发", "西安市人民政府办公厅"),
        (ID + "issuer/6103/市政办发", "宝鸡市人民政府办公室"),
    }


def test_an_absolute_code_keeps_its_iri_and_is_one_policy_for_all_three(store):
    rows = _rows(store, """
        SELECT DISTINCT ?policy ?issuer WHERE {
          ?c bkg:citedPolicy ?policy . ?policy eli:id_local "国办发〔2017〕32号" ; eli:passed_by ?issuer }""")
    assert rows == [{"policy": ID + "policy/国办发〔2017〕32号", "issuer": ID + "issuer/国办发"}]
    assert issuer_for("国办发").key == "国办发"


def test_a_printed_office_settles_what_the_rules_guess():
    from kg_build.issuers import as_printed

    guessed = issuer_for("沈政办发", "210102")
    assert guessed.body == "沈阳市人民政府办公厅"
    printed = as_printed(guessed, ["沈阳市人民政府办公室关于加快发展养老服务业的实施意见"])
    assert (printed.body, printed.level, printed.key) == ("沈阳市人民政府办公室", guessed.level, "沈政办发")
    # another government's office, or a title naming no issuer, changes nothing
    assert as_printed(guessed, ["大连市人民政府办公室关于…", "关于印发养老服务规划的通知"]) == guessed
