"""Mapping scripts: hand-made records of every type → the triples docs/model.md promises."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, SKOS, XSD

from linking import link
from kg_build.records import (
    RECORD_TYPES,
    BudgetLine,
    Citation,
    Document,
    EvaluationScore,
    Execution,
    ExpenditureDetail,
    FundingSource,
    Goal,
    Indicator,
    IndicatorValue,
    Organisation,
    Project,
    ProjectAmount,
    Provenance,
)
from mappings import MAPPERS, map_document
from mappings.base import decimal
from mappings.codelists import vocabularies
from mappings.iris import IriMinter, segment
from ontology.namespaces import BKG, ELI, QB
from mappings.privacy import REDACTED, redact

FILE = "001_test.txt"
ID = "https://w3id.org/budgetkg/id/"


def p(line: int, quote: str = "…", end: int | None = None) -> Provenance:
    return Provenance(FILE, line, end or line, quote)


def sample_records() -> list:
    """One document printing a bit of everything, as the readers would report it."""
    code = "42011124043T000000101"
    return [
        Document(FILE, "ab" * 32, "武汉市洪山区医疗保障局2024年部门预算", "部门预算", 2024, "420111", "洪山区",
                 "武汉市洪山区医疗保障局", p(1)),
        Organisation("武汉市洪山区医疗保障局", "043", None, None, "420111", "department", p(914)),
        Organisation("武汉市洪山区医疗保障局本级", "043001", "武汉市洪山区医疗保障局", "043", "420111", "unit", p(916)),
        Project("医疗救助", code, "洪山区医疗保障局", "武汉市洪山区医疗保障局本级", category="公共项目",
                frequency="常年", total_budget=Decimal("500.00"), current_year_budget=Decimal("500.00"),
                earlier_budgets=[(2023, Decimal("480"))], main_content="资助困难群众参保",
                source_table="项目支出表", prov=p(932, "42011124043T000000101 医疗救助 500.00")),
        ProjectAmount(code, "current_year", Decimal("500.00"), 2024, "项目支出表", p(932)),
        FundingSource("医疗救助", "一般公共预算财政拨款收入", Decimal("500"), p(1830)),
        ExpenditureDetail("医疗救助", "资助参保", Decimal("120.5"), "3600人×334.7元", p(1840)),
        Citation("医疗救助", None, "武政办〔2016〕69号", "武政办", 2016, "69", "关于医疗救助的通知",
                 "武政办[2016]69 号", p(1850, "根据《关于医疗救助的通知》（武政办[2016]69 号）")),
        Citation(None, "武汉市洪山区医疗保障局", "鄂医保发〔2020〕5号", "鄂医保发", 2020, "5", None,
                 "鄂医保发〔2020〕5号", p(1850, "及鄂医保发〔2020〕5号")),
        Goal("医疗救助", None, "年度", 1, "资助困难群众参保", p(1860)),
        Indicator("医疗救助", None, "年度", 1, "产出指标", "数量指标", "资助参保人次数",
                  [IndicatorValue("target", "≥3600人次", 2024, "≥", Decimal("3600"), None, "人次"),
                   IndicatorValue("past", "3500人次", 2023, "=", Decimal("3500"), None, "人次")],
                  basis="计划数据", weight=Decimal("10"), prov=p(1870)),
        BudgetLine("部门支出总表", "表 3", "functional", "2101301", "城乡医疗救助", "项目支出", Decimal("500.00"),
                   "500.00", "万元", "预算", 2024, "武汉市洪山区医疗保障局", p(200)),
        BudgetLine("部门支出总表", "表 3", "functional", "21013", "医疗救助", "合计", Decimal("500.00"),
                   "500.00", "万元", "预算", 2024, None, p(199)),
        Execution("医疗救助", None, Decimal("500"), Decimal("492.5"), Decimal("98.5"), Decimal("95"), p(1900)),
        EvaluationScore("医疗救助", None, "预算执行率", "产出指标", "时效指标", Decimal("10"), Decimal("10"),
                        Decimal("9.5"), p(1910)),
        Organisation("武汉市洪山区医疗保障局", None, None, None, "420111", "department",
                     p(960, "部门（单位）名称 武汉市洪山区医疗保障局\n填报人 曾好 联系电话 87569960", 961)),
    ]


@pytest.fixture(scope="module")
def mapped():
    recs = sample_records()
    links = link(recs)
    iris = IriMinter()
    return map_document(FILE, recs, links, iris), vocabularies(recs, links, iris)


def iri(path: str) -> URIRef:
    return URIRef(ID + path)


def test_every_record_type_has_a_mapping_script():
    assert set(RECORD_TYPES) <= set(MAPPERS)


def test_document_node_carries_title_kind_year_hash_and_publisher(mapped):
    g, _ = mapped
    doc = iri("document/001_test")
    assert g.identifier == doc
    assert (doc, RDF.type, BKG.SourceDocument) in g
    assert (doc, BKG.documentKind, iri("code/document-kind/budget")) in g
    assert (doc, BKG.fiscalYear, Literal("2024", datatype=XSD.integer)) in g
    assert (doc, BKG.sha256, Literal("ab" * 32)) in g
    assert (doc, BKG.region, iri("region/420111")) in g
    assert (doc, URIRef("http://purl.org/dc/terms/publisher"), iri("department/420111/医疗保障局")) in g


def test_department_variants_are_alt_labels_of_one_node_each_with_a_mention(mapped):
    g, _ = mapped
    dept = iri("department/420111/医疗保障局")
    assert (dept, RDF.type, ORG.Organization) in g
    assert set(g.objects(dept, SKOS.prefLabel)) == {Literal("武汉市洪山区医疗保障局", lang="zh")}
    assert Literal("洪山区医疗保障局", lang="zh") in set(g.objects(dept, SKOS.altLabel))
    assert (dept, ORG.identifier, Literal("043")) in g
    printed = {str(g.value(m, BKG.printedName)) for m in g.objects(dept, BKG.mention)}
    assert printed == {"武汉市洪山区医疗保障局", "洪山区医疗保障局"}
    unit = iri("department/420111/医疗保障局本级")
    assert (unit, ORG.subOrganizationOf, dept) in g


def test_project_is_decoded_and_linked_to_region_and_coded_department(mapped):
    g, _ = mapped
    proj = iri("project/42011124043T000000101")
    assert (proj, RDF.type, BKG.BudgetProject) in g
    assert (proj, BKG.projectCode, Literal("42011124043T000000101")) in g
    assert (proj, BKG.region, iri("region/420111")) in g
    assert (proj, BKG.codeYear, Literal("2024", datatype=XSD.integer)) in g
    assert (proj, BKG.departmentBudgetCode, Literal("043")) in g
    assert (proj, BKG.codedDepartment, iri("department/420111/医疗保障局")) in g
    assert (proj, BKG.executingUnit, iri("department/420111/医疗保障局本级")) in g
    assert (proj, BKG.totalBudget, Literal("500", datatype=XSD.decimal)) in g
    earlier = [a for a in g.objects(proj, BKG.amount) if (a, BKG.amountKind, Literal("earlier_year")) in g]
    assert [g.value(a, BKG.year).toPython() for a in earlier] == [2023]


def test_per_document_nodes_carry_provenance(mapped):
    g, _ = mapped
    fund = iri("funding/001_test/1830/1")
    assert (fund, PROV.wasDerivedFrom, iri("document/001_test")) in g
    assert (fund, BKG.lineStart, Literal("1830", datatype=XSD.integer)) in g
    assert (fund, BKG.fundingOf, iri("project/42011124043T000000101")) in g
    assert g.value(iri("item/001_test/1840/1"), BKG.basis) == Literal("3600人×334.7元")


def test_citation_links_project_to_policy_directly_and_through_a_citation_node(mapped):
    g, vocab = mapped
    proj, pol = iri("project/42011124043T000000101"), iri("policy/武政办〔2016〕69号")
    cit = iri("citation/001_test/1850/1")
    assert (proj, BKG.legalBasis, pol) in g
    assert (cit, BKG.citingProject, proj) in g
    assert (cit, BKG.citedPolicy, pol) in g
    assert (cit, BKG.printedForm, Literal("武政办[2016]69 号")) in g
    assert "武政办[2016]69 号" in str(g.value(cit, BKG.quote))
    assert (pol, RDF.type, ELI.LegalResource) in g
    assert (pol, ELI.id_local, Literal("武政办〔2016〕69号")) in g
    assert (pol, ELI.passed_by, iri("issuer/武政办")) in g
    assert (pol, BKG.level, iri("code/level/municipal")) in g
    assert (iri("issuer/武政办"), SKOS.prefLabel, Literal("武汉市人民政府办公厅", lang="zh")) in vocab
    # the second citation on the same line is n = 2 and is the department's
    second = iri("citation/001_test/1850/2")
    assert (second, BKG.citingDepartment, iri("department/420111/医疗保障局")) in g


def test_indicator_hangs_off_its_goal_with_levels_and_values(mapped):
    g, vocab = mapped
    goal, ind = iri("goal/001_test/1860/1"), iri("indicator/001_test/1870/1")
    assert (goal, BKG.indicator, ind) in g and (ind, BKG.goal, goal) in g
    assert (goal, BKG.goalKind, iri("code/goal/annual")) in g
    assert (ind, BKG.level2, iri("code/indicator/数量指标")) in g
    target = URIRef(f"{ind}/value/target/2024")
    assert (target, BKG.comparator, Literal("≥")) in g
    assert (target, BKG.numericValue, Literal("3600", datatype=XSD.decimal)) in g
    assert (target, BKG.valueRole, iri("code/value-role/target")) in g
    assert (iri("code/indicator/数量指标"), SKOS.broader, iri("code/indicator/产出指标")) in vocab


def test_budget_line_is_a_data_cube_observation_with_a_classification_concept(mapped):
    g, vocab = mapped
    obs = iri("observation/001_test/200/1")
    assert (obs, RDF.type, QB.Observation) in g
    assert (obs, QB.dataSet, iri("dataset/001_test")) in g
    assert (obs, BKG.classificationCode, iri("code/functional/2101301")) in g
    assert (obs, BKG.budgetPhase, iri("code/phase/budget")) in g
    assert (obs, BKG.expenditureType, Literal("project")) in g
    assert (obs, BKG.amountValue, Literal("500", datatype=XSD.decimal)) in g
    assert (obs, BKG.printedAmount, Literal("500.00")) in g
    concept = iri("code/functional/2101301")
    assert (concept, SKOS.prefLabel, Literal("城乡医疗救助", lang="zh")) in vocab
    assert (concept, SKOS.broader, iri("code/functional/21013")) in vocab
    assert (iri("code/functional/21013"), SKOS.broader, iri("code/functional/210")) in vocab


def test_execution_and_evaluation_score_belong_to_the_project(mapped):
    g, _ = mapped
    proj = iri("project/42011124043T000000101")
    assert (iri("execution/001_test/1900/1"), BKG.executionOf, proj) in g
    assert (iri("execution/001_test/1900/1"), BKG.executionRate, Literal("98.5", datatype=XSD.decimal)) in g
    assert (iri("score/001_test/1910/1"), BKG.scoreOf, proj) in g


def test_regions_in_vocabularies_have_codes_and_broader_links(mapped):
    _, vocab = mapped
    assert (iri("region/420111"), SKOS.notation, Literal("420111")) in vocab
    assert (iri("region/420111"), SKOS.broader, iri("region/4201")) in vocab
    assert (iri("region/4201"), SKOS.broader, iri("region/42")) in vocab


def test_no_names_or_phone_numbers_of_officials_reach_the_graph(mapped):
    g, _ = mapped
    text = " ".join(str(o) for o in g.objects())
    assert "曾好" not in text and "87569960" not in text
    assert REDACTED in text


def test_redaction_handles_one_cell_per_line_forms_and_keeps_prose():
    form = "\t填报人\n\t吴惠　\n\t联系电话\n\t15871958027　\n\t部门"
    assert "吴惠" not in redact(form) and "15871958027" not in redact(form)
    prose = "直属单位党政主要负责人开展廉政谈话共 21 次，项目代码 42011124043T000000101"
    assert redact(prose) == prose


def test_iris_keep_chinese_and_encode_what_iris_cannot_hold():
    iris = IriMinter("https://example.org/kg/")
    assert iris.policy("武政办〔2016〕69号") == URIRef("https://example.org/kg/id/policy/武政办〔2016〕69号")
    assert segment("a b/c#d") == "ab%2Fc%23d"
    assert iris.department("420111/医疗保障局") == URIRef("https://example.org/kg/id/department/420111/医疗保障局")


def test_amounts_are_canonical_decimals():
    assert decimal(Decimal("2000.80")) == decimal(Decimal("2000.8")) == Literal("2000.8", datatype=XSD.decimal)
    assert decimal(Decimal("500.00")) == Literal("500", datatype=XSD.decimal)
    assert decimal(Decimal("0.00")) == Literal("0", datatype=XSD.decimal)


def test_nodes_starting_on_one_line_are_numbered_in_reading_order():
    recs = sample_records()
    recs.append(BudgetLine("部门支出总表", "表 3", "functional", "2101301", "城乡医疗救助", "合计", Decimal("500.00"),
                           "500.00", "万元", "预算", 2024, None, p(200)))
    g = map_document(FILE, recs, link(recs), IriMinter())
    assert g.value(iri("observation/001_test/200/1"), BKG.column) == Literal("项目支出")
    assert g.value(iri("observation/001_test/200/2"), BKG.column) == Literal("合计")
    # two mentions on one line (主管部门 and 执行单位 of line 932) are mention .../932/1 and .../932/2
    mentions = {m for m in g.subjects(RDF.type, BKG.Mention) if "/932/" in str(m)}
    assert {str(m).rsplit("/", 1)[1] for m in mentions} == {"1", "2", "3"}


def test_mapping_the_same_records_twice_gives_the_same_triples():
    recs = sample_records()
    a = map_document(FILE, recs, link(recs), IriMinter())
    recs2 = sample_records()
    b = map_document(FILE, recs2, link(recs2), IriMinter())
    assert set(a) == set(b)
