"""The SHACL shapes: each guards one fact.  Mutation tests break exactly that fact in a correct
graph (a minimal fixture in the model's shape, or the real corpus build) and expect exactly that
shape to fire, on the node that carries the fact."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

import shapes
from mappings.derived import DERIVED_PROPERTIES, derived_triples
from shapes.render import render
from shapes.results import template_language

FIXTURE = Path(__file__).parent / "shapes_fixtures" / "minimal.trig"
ID = "https://w3id.org/budgetkg/id/"
BKG = "https://w3id.org/budgetkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PROJECT = ID + "project/42011124043T000000101"
DEPARTMENT = ID + "department/420111/医疗保障局"
POLICY = ID + "policy/武政办〔2016〕69号"
CITATION = ID + "citation/t01/45/1"
INDICATOR = ID + "indicator/t01/51/1"
GOAL = ID + "goal/t01/50"
OBS_TOTAL = ID + "observation/t01/10/合计"
OBS_210 = ID + "observation/t01/11/合计"
OBS_21013 = ID + "observation/t01/12/合计"
OBS_2101399 = ID + "observation/t01/14/合计"
OBS_SUMMARY_210 = ID + "observation/t01/5/支出"
DOCUMENT = ID + "document/t01"
SPENDING_21013 = ID + "spending/7cd61d42f15436c6c32f483c585538a4"  # the department's 21013 total (derived)
NAME_SUMMARY = ID + "indicator-name/8f51ade4dddd7e76ef60a7c35f5acad0"  # the indicators named 资助参保人次数 (derived)
FORM_AMOUNT = ID + "amount/t01/40/current_year"
FUNDING = ID + "funding/t01/41"
EXECUTION = ID + "execution/t02/9"
TARGET_VALUE = INDICATOR + "/value/target/2024"
PAST_VALUE = INDICATOR + "/value/past/2023"
PAST_PERCENT = ID + "indicator/t01/52/1/value/past/2023"
PROSE_BASIC = ID + "statement/t01/60/1"
FORM_PROJECTS = ID + "statement/t01/62/1"
BASIC_TOTAL = ID + "observation/t01/70/1"
BASIC_PERSONNEL = ID + "observation/t01/70/2"
FINAL = ID + "document/t02"
THREE_PUBLIC_CARS = ID + "observation/t02/21/2"
THREE_PUBLIC_RUNNING = ID + "observation/t02/21/3"
PROSE_THREE_PUBLIC = ID + "statement/t02/50/1"
ITEM_BUDGET = ID + "statement/t02/55/1"
THREE_PUBLIC_PART = ID + "part/t02/20/1"
EMPTY_PART = ID + "part/t02/30/1"
HEADING = ID + "part/t02/40/1"
INCOME_TOTAL = ID + "observation/t02/11/1"
YEAR_END_BALANCE = ID + "observation/t02/13/1"
EXPENDITURE_TOTAL = ID + "observation/t02/14/1"


def fixture_store() -> ox.Store:
    store = ox.Store()
    store.load(path=FIXTURE)
    return store


def drop(store: ox.Store, subject: str, predicate: str) -> None:
    quads = list(store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None, None))
    assert quads, f"nothing to drop: {subject} {predicate}"
    for q in quads:
        store.remove(q)


def replace(store: ox.Store, subject: str, predicate: str, new) -> None:
    quads = list(store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None, None))
    assert quads, f"nothing to replace: {subject} {predicate}"
    for q in quads:
        store.remove(q)
    store.add(ox.Quad(q.subject, q.predicate, new, q.graph_name))


# What is derived from the document graphs: "document counts" (a document's projects in its
# graph) and "project documents" (the graphs a project is in).
FROM_DOCUMENT_GRAPHS = ("projectCount", "citationCount", "indicatorCount", "budgetLineCount", "recordCount",
                        "projectDocuments")


def rederive(store: ox.Store) -> None:
    """Replace the derived triples by those a build would derive from the store's other triples,
    in the graph that held them (the derived graph, or the default graph of a merged store)."""
    derived = {ox.NamedNode(BKG + p) for p in DERIVED_PROPERTIES}
    if not any(True for _ in store.named_graphs()):
        # A merged store has no document graphs to count a document's projects in or to find
        # a project's documents: the mutations here change neither, so those stay.
        derived -= {ox.NamedNode(BKG + p) for p in FROM_DOCUMENT_GRAPHS}
    old = [q for q in store if q.predicate in derived]
    graph = old[0].graph_name if old else ox.NamedNode(ID + "graph/derived")
    for q in old:
        store.remove(q)
    merge = ox.Store()
    merge.extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    merge.extend(q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph)
                 for t in derived_triples(merge, "https://w3id.org/budgetkg/") if t.predicate in derived)


def decimal(text: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "decimal"))


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def add(store: ox.Store, subject: str, predicate: str, obj, graph: str) -> None:
    store.add(ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), obj, ox.NamedNode(graph)))


def print_department_as(store: ox.Store, printed: str) -> None:
    """One more place in t01 printing the department, under `printed`."""
    mention = ID + "mention/t01/3/department"
    add(store, DEPARTMENT, BKG + "mention", ox.NamedNode(mention), DOCUMENT)
    add(store, mention, BKG + "printedName", ox.Literal(printed), DOCUMENT)
    add(store, mention, PROV + "wasDerivedFrom", ox.NamedNode(DOCUMENT), DOCUMENT)
    add(store, mention, BKG + "lineStart", integer(3), DOCUMENT)


def fired(outcome) -> set[tuple[str, str]]:
    return {(r.shape_name, r.focus) for r in outcome.results}


def test_correct_fixture_gives_no_result_at_all():
    outcome = shapes.validate(fixture_store())
    assert outcome.results == []
    assert outcome.conforms


# (what is broken, how, the one shape expected, its focus node or nodes)
MUTATIONS = [
    ("project without department", lambda s: drop(s, PROJECT, BKG + "competentDepartment"),
     "ProjectCompetentDepartment", PROJECT),
    ("project without name", lambda s: drop(s, PROJECT, SKOS + "prefLabel"), "ProjectName", PROJECT),
    ("project without amounts", lambda s: drop(s, PROJECT, BKG + "amount"), "ProjectBudgetAmount", PROJECT),
    ("project mention without line", lambda s: drop(s, ID + "mention/t01/30/project", BKG + "lineStart"),
     "ProjectSourceLine", PROJECT),
    ("department without region", lambda s: drop(s, DEPARTMENT, BKG + "region"), "DepartmentRegion", DEPARTMENT),
    ("department without name", lambda s: drop(s, DEPARTMENT, SKOS + "prefLabel"), "DepartmentName", DEPARTMENT),
    ("citation without policy", lambda s: drop(s, CITATION, BKG + "citedPolicy"), "CitationCitedPolicy", CITATION),
    ("文号 with square brackets and a space", lambda s: replace(s, POLICY, ELI + "id_local", ox.Literal("武政办[2016]69 号")),
     "PolicyDocumentNumberForm", POLICY),
    ("文号 with a two-digit year", lambda s: replace(s, POLICY, ELI + "id_local", ox.Literal("武政办〔16〕69号")),
     "PolicyDocumentNumberForm", POLICY),
    ("policy without issuer code", lambda s: drop(s, POLICY, BKG + "issuerCode"), "PolicyIssuerCode", POLICY),
    ("policy without year", lambda s: drop(s, POLICY, BKG + "documentYear"), "PolicyDocumentYear", POLICY),
    ("policy without number", lambda s: drop(s, POLICY, BKG + "documentNumber"), "PolicyDocumentNumber", POLICY),
    ("indicator without level 1", lambda s: drop(s, INDICATOR, BKG + "level1"), "IndicatorLevel1", INDICATOR),
    ("indicator without level 2", lambda s: drop(s, INDICATOR, BKG + "level2"), "IndicatorLevel2", INDICATOR),
    ("indicator without name", lambda s: drop(s, INDICATOR, BKG + "indicatorName"), "IndicatorName", INDICATOR),
    ("indicator without values", lambda s: drop(s, INDICATOR, BKG + "value"), "IndicatorValuePresent", INDICATOR),
    ("functional row with an economic code",
     lambda s: replace(s, OBS_2101399, BKG + "classificationCode", ox.NamedNode(ID + "code/economic/302")),
     "ObservationClassificationScheme", OBS_2101399),
    ("amount as text", lambda s: replace(s, OBS_TOTAL, BKG + "amountValue", ox.Literal("600.50")),
     "ObservationAmount", OBS_TOTAL),
    ("row without phase", lambda s: drop(s, OBS_210, BKG + "budgetPhase"), "ObservationPhase", OBS_210),
    ("row without year", lambda s: drop(s, OBS_210, BKG + "fiscalYear"), "ObservationYear", OBS_210),
    ("document without kind", lambda s: drop(s, DOCUMENT, BKG + "documentKind"), "DocumentKind", DOCUMENT),
    ("document without year", lambda s: drop(s, DOCUMENT, BKG + "fiscalYear"), "DocumentYear", DOCUMENT),
    ("document without department", lambda s: drop(s, DOCUMENT, DCT + "publisher"), "DocumentDepartment", DOCUMENT),
    ("goal without source document", lambda s: drop(s, GOAL, PROV + "wasDerivedFrom"), "DerivedFromDocument", GOAL),
    ("goal without line", lambda s: drop(s, GOAL, BKG + "lineStart"), "SourceLine", GOAL),
    ("child row changed by 0.50", lambda s: replace(s, OBS_2101399, BKG + "amountValue", decimal("100.00")),
     "ChildrenSum", OBS_21013),
    ("child row off by 0.01", lambda s: replace(s, OBS_2101399, BKG + "amountValue", decimal("100.49")),
     "ChildrenSumRounding", OBS_21013),
    ("summary table disagrees with the detail table",
     lambda s: replace(s, OBS_SUMMARY_210, BKG + "amountValue", decimal("600.51")),
     "CrossTableAgreement", OBS_210),
    ("performance form amount differs from the project table",
     lambda s: replace(s, FORM_AMOUNT, BKG + "amountValue", decimal("470")),
     # the changed figure disagrees with the table (line 30) and with the prose (line 8)
     "ProjectAmountAgreement", {ID + "amount/t01/30/current_year", FORM_AMOUNT}),
    ("printed total differs from its rows", lambda s: replace(s, OBS_TOTAL, BKG + "amountValue", decimal("630.50")),
     "TableTotal", OBS_TOTAL),
    ("printed total off by 0.01", lambda s: replace(s, OBS_TOTAL, BKG + "amountValue", decimal("600.51")),
     "TableTotalRounding", OBS_TOTAL),
    ("funding does not add up", lambda s: replace(s, FUNDING, BKG + "amountValue", decimal("420.00")),
     "FundingSourcesSum", PROJECT),
    ("execution rate wrong", lambda s: replace(s, EXECUTION, BKG + "executionRate", decimal("90")),
     "ExecutionRate", EXECUTION),
    ("past value without year", lambda s: drop(s, PAST_VALUE, BKG + "year"), "PastValueYear", PAST_VALUE),
    ("target far below last year", lambda s: replace(s, TARGET_VALUE, BKG + "numericValue", decimal("1000")),
     "TargetFarBelowPast", TARGET_VALUE),
    ("98% printed as 0.98",
     lambda s: (replace(s, PAST_PERCENT, BKG + "numericValue", decimal("0.98")), drop(s, PAST_PERCENT, BKG + "unit")),
     "FractionPrintedAsPercent", PAST_PERCENT),
    # derived triples (graph id:graph/derived) that no longer agree with what they summarise
    ("derived indicator count off by one",
     lambda s: replace(s, DOCUMENT, BKG + "indicatorCount", ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))),
     "DerivedDocumentCounts", DOCUMENT),
    ("a name the project was never printed with",
     lambda s: s.add(ox.Quad(ox.NamedNode(PROJECT), ox.NamedNode(BKG + "searchName"), ox.Literal("医疗补助"),
                             ox.NamedNode(ID + "graph/derived"))),
     "DerivedSearchNames", PROJECT),
    ("department name keys missing a name",
     lambda s: replace(s, DEPARTMENT, BKG + "nameKeys", ox.Literal(" 武汉市洪山区医疗保障局 ")),
     "DerivedNameKeys", DEPARTMENT),
    ("project's department keys missing its department",
     lambda s: replace(s, PROJECT, BKG + "departmentKeys", ox.Literal(" 洪山区医疗保障局 ")),
     "DerivedDepartmentKeys", PROJECT),
    ("display name not the preferred label",
     lambda s: replace(s, PROJECT, BKG + "displayName", ox.Literal("医疗")), "DerivedDisplayName", PROJECT),
    ("region not within itself", lambda s: drop(s, ID + "region/420111", BKG + "withinRegion"),
     "DerivedWithinRegion", ID + "region/420111"),
    ("project region dropped", lambda s: drop(s, PROJECT, BKG + "projectRegion"), "DerivedProjectRegion", PROJECT),
    ("policy's citing document count off by one",
     lambda s: replace(s, POLICY, BKG + "citingDocumentCount", integer(2)), "DerivedPolicyCitingCounts", POLICY),
    ("policy's citing project count dropped", lambda s: drop(s, POLICY, BKG + "citingProjectCount"),
     "DerivedPolicyCitingCounts", POLICY),
    ("a department's spending total off the lines it summarises",
     lambda s: replace(s, SPENDING_21013, BKG + "spendingAmount", decimal("500.5")), "DerivedSpendingTotal", SPENDING_21013),
    ("a department's spending total missing",
     lambda s: [s.remove(q) for q in list(s.quads_for_pattern(ox.NamedNode(SPENDING_21013), None, None, None))],
     "DerivedSpendingTotal", DEPARTMENT),
    ("a spending total counting a table too many",
     lambda s: replace(s, SPENDING_21013, BKG + "spendingTableCount", integer(2)), "DerivedSpendingTotal", SPENDING_21013),
    ("a spending total no line gives",
     lambda s: [s.add(ox.Quad(ox.NamedNode(ID + "spending/0"), ox.NamedNode(BKG + p), v, ox.NamedNode(ID + "graph/derived")))
                for p, v in (("spendingAmount", decimal("1")), ("spendingTableCount", integer(1)))],
     "DerivedSpendingTotal", ID + "spending/0"),
    ("a policy said to be cited by a document that does not cite it",
     lambda s: s.add(ox.Quad(ox.NamedNode(POLICY), ox.NamedNode(BKG + "citedInDocument"), ox.NamedNode(ID + "document/t99"),
                             ox.NamedNode(ID + "graph/derived"))),
     "DerivedPolicyDocuments", POLICY),
    ("a citation's row naming another department",
     lambda s: replace(s, CITATION, BKG + "citationDepartmentName", ox.Literal("洪山区医疗保障局")),
     "DerivedCitationRow", CITATION),
    ("a citation's row without its region",
     lambda s: drop(s, CITATION, BKG + "citationRegionName"), "DerivedCitationRow", CITATION),
    ("row names on a node that is no citation",
     lambda s: s.add(ox.Quad(ox.NamedNode(PROJECT), ox.NamedNode(BKG + "citationFile"), ox.Literal("t01.txt"),
                             ox.NamedNode(ID + "graph/derived"))),
     "DerivedCitationRow", PROJECT),
    ("a region's project count off by one",
     lambda s: replace(s, ID + "region/420111", BKG + "regionProjectCount", integer(2)),
     "DerivedRegionCounts", ID + "region/420111"),
    ("a region's current-year budget dropped",
     lambda s: drop(s, ID + "region/420111", BKG + "regionCurrentYearBudget"), "DerivedRegionCounts", ID + "region/420111"),
    ("an indicator's department name it was never printed with",
     lambda s: s.add(ox.Quad(ox.NamedNode(INDICATOR), ox.NamedNode(BKG + "indicatorDepartmentName"), ox.Literal("洪山区医保局"),
                             ox.NamedNode(ID + "graph/derived"))),
     "DerivedIndicatorFacets", INDICATOR),
    ("an indicator's target dropped", lambda s: drop(s, INDICATOR, BKG + "indicatorTarget"), "DerivedIndicatorFacets", INDICATOR),
    ("an indicator's department names dropped", lambda s: drop(s, INDICATOR, BKG + "indicatorDepartmentName"),
     "DerivedIndicatorFacets", INDICATOR),
    ("an indicator's target it does not print",
     lambda s: s.add(ox.Quad(ox.NamedNode(INDICATOR), ox.NamedNode(BKG + "indicatorTarget"), ox.Literal("≥99%"),
                             ox.NamedNode(ID + "graph/derived"))),
     "DerivedIndicatorFacets", INDICATOR),
    ("a policy's citing document dropped", lambda s: drop(s, POLICY, BKG + "citedInDocument"),
     "DerivedPolicyDocuments", POLICY),
    ("a policy's shown title not its title",
     lambda s: replace(s, POLICY, BKG + "policyTitle", ox.Literal("关于进一步完善城乡医疗救助制度的意见")),
     "DerivedPolicyRowNames", POLICY),
    ("a policy's shown 文号 dropped", lambda s: drop(s, POLICY, BKG + "policyDocNumber"), "DerivedPolicyRowNames", POLICY),
    ("a policy's printed forms leaving its form out",
     lambda s: replace(s, POLICY, BKG + "printedForms", ox.Literal("武政办〔2016〕69号")), "DerivedPolicyLists", POLICY),
    ("a policy's citing projects naming one too many",
     lambda s: replace(s, POLICY, BKG + "citingProjectNames", ox.Literal("医疗救助 (武汉市洪山区医疗保障局); 医疗补助")),
     "DerivedPolicyLists", POLICY),
    ("citing files on a policy nobody cites",
     lambda s: s.add(ox.Quad(ox.NamedNode(ID + "policy/武政办〔2099〕1号"), ox.NamedNode(BKG + "citingDocumentNames"),
                             ox.Literal("t01.txt"), ox.NamedNode(ID + "graph/derived"))),
     "DerivedPolicyLists", ID + "policy/武政办〔2099〕1号"),
    ("a citation without its rank", lambda s: drop(s, CITATION, BKG + "citationRank"), "DerivedCitationRank", CITATION),
    ("a citation ranked after one that sorts before it",
     lambda s: s.add(ox.Quad(ox.NamedNode(ID + "citation/t01/99/1"), ox.NamedNode(BKG + "citationRank"), integer(2),
                             ox.NamedNode(ID + "graph/derived"))),
     "DerivedCitationRank", CITATION),
    ("an indicator name's owner count off by one",
     lambda s: replace(s, NAME_SUMMARY, BKG + "nameOwnerCount", integer(2)), "DerivedIndicatorNames", NAME_SUMMARY),
    ("an indicator name's targets holding another one",
     lambda s: replace(s, NAME_SUMMARY, BKG + "nameTargets", ox.Literal("≥3000人次")), "DerivedIndicatorNames", NAME_SUMMARY),
    ("an indicator name without its summary",
     lambda s: [s.remove(q) for q in list(s.quads_for_pattern(ox.NamedNode(NAME_SUMMARY), None, None, None))],
     "DerivedIndicatorNames", INDICATOR),
    ("a document's region name another region's",
     lambda s: replace(s, DOCUMENT, BKG + "documentRegionName", ox.Literal("武汉市")), "DerivedDocumentNames", DOCUMENT),
    ("a document's publisher name dropped", lambda s: drop(s, FINAL, BKG + "documentDepartmentName"),
     "DerivedDocumentNames", FINAL),
    ("a department's project count off by one",
     lambda s: replace(s, DEPARTMENT, BKG + "departmentProjectCount", integer(2)),
     "DerivedDepartmentProjectCounts", DEPARTMENT),
    ("a project's documents naming one that does not print it",
     lambda s: replace(s, PROJECT, BKG + "projectDocuments", ox.Literal("t01.txt; t02.txt")), "DerivedProjectDocuments", PROJECT),
    ("a project's documents dropped", lambda s: drop(s, PROJECT, BKG + "projectDocuments"), "DerivedProjectDocuments", PROJECT),
    ("a department's project count with its units dropped",
     lambda s: drop(s, DEPARTMENT, BKG + "departmentProjectCountWithUnits"), "DerivedDepartmentProjectCounts", DEPARTMENT),
    ("prose states another figure than the department form",
     lambda s: replace(s, PROSE_BASIC, BKG + "amountValue", decimal("380.00")), "StatementAgreement", PROSE_BASIC),
    ("prose off the form by 0.01", lambda s: replace(s, PROSE_BASIC, BKG + "amountValue", decimal("400.01")),
     "StatementAgreementRounding", PROSE_BASIC),
    ("prose restates a table total that differs",
     # the 三公 total as prose states it, kept consistent with its own stated change
     lambda s: (replace(s, PROSE_THREE_PUBLIC, BKG + "amountValue", decimal("2.39")),
                replace(s, PROSE_THREE_PUBLIC, BKG + "statedChange", decimal("-1.28")),
                replace(s, PROSE_THREE_PUBLIC, BKG + "statedChangePercent", decimal("-34.9")),
                replace(s, PROSE_THREE_PUBLIC, BKG + "printedPercent", ox.Literal("34.9"))),
     "StatementAgreement", PROSE_THREE_PUBLIC),
    ("stated percentage does not follow from the change",
     lambda s: replace(s, PROSE_THREE_PUBLIC, BKG + "statedChangePercent", decimal("-30.0")),
     "StatementChange", PROSE_THREE_PUBLIC),
    ("department form's project expenditure is not its projects' sum",
     lambda s: replace(s, FORM_PROJECTS, BKG + "amountValue", decimal("520.00")), "ProjectListTotal", FORM_PROJECTS),
    ("a budgeted figure printed in 元 beside its executed figure in 万元",
     lambda s: (replace(s, ITEM_BUDGET, BKG + "printedUnit", ox.Literal("元")),
                replace(s, ITEM_BUDGET, BKG + "amountValue", decimal("0.092604"))),
     "UnitSlip", ITEM_BUDGET),
    ("三公 car costs are not purchase plus running",
     lambda s: replace(s, THREE_PUBLIC_RUNNING, BKG + "amountValue", decimal("1.99")), "ThreePublicSum", THREE_PUBLIC_CARS),
    ("三公 car costs off by 0.01",
     lambda s: replace(s, THREE_PUBLIC_RUNNING, BKG + "amountValue", decimal("2.28")),
     "ThreePublicSumRounding", THREE_PUBLIC_CARS),
    ("basic expenditure is not personnel plus public funds",
     lambda s: replace(s, BASIC_PERSONNEL, BKG + "amountValue", decimal("250.00")), "BasicExpenditureSum", BASIC_TOTAL),
    ("basic expenditure off by 0.01",
     lambda s: replace(s, BASIC_PERSONNEL, BKG + "amountValue", decimal("300.01")),
     "BasicExpenditureSumRounding", BASIC_TOTAL),
    ("a required standard table is missing", lambda s: drop(s, THREE_PUBLIC_PART, BKG + "standardTable"),
     "RequiredTable", FINAL),
    ("an empty table without its note", lambda s: drop(s, EMPTY_PART, BKG + "emptyNote"), "EmptyTableNote", EMPTY_PART),
    ("a heading of last year", lambda s: replace(s, HEADING, BKG + "fiscalYear", integer(2023)), "HeadingYear", HEADING),
    ("final account's expenditure total is not its parts",
     lambda s: replace(s, YEAR_END_BALANCE, BKG + "amountValue", decimal("25.00")), "FinalAccountBalance", EXPENDITURE_TOTAL),
    ("final account's income and expenditure totals differ",
     lambda s: replace(s, INCOME_TOTAL, BKG + "amountValue", decimal("510.00")), "FinalAccountBalance", INCOME_TOTAL),
    ("the department printed under a short form", lambda s: print_department_as(s, "武汉市洪山区医保局"),
     "DepartmentNameVariants", DEPARTMENT),
]


DERIVED_SHAPES = {"DerivedDocumentCounts", "DerivedSearchNames", "DerivedNameKeys", "DerivedDepartmentKeys",
                  "DerivedDisplayName",
                  "DerivedWithinRegion", "DerivedProjectRegion", "DerivedPolicyCitingCounts",
                  "DerivedPolicyDocuments", "DerivedSpendingTotal", "DerivedCitationRow",
                  "DerivedRegionCounts", "DerivedIndicatorFacets",
                  "DerivedDocumentNames", "DerivedDepartmentProjectCounts", "DerivedProjectDocuments",
                  "DerivedPolicyRowNames", "DerivedPolicyLists", "DerivedCitationRank",
                  "DerivedIndicatorNames"}  # shapes/derived.ttl


@pytest.mark.parametrize("mutate, shape, focus", [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_breaking_one_fact_fires_exactly_its_shape(mutate, shape, focus):
    store = fixture_store()
    mutate(store)
    if shape not in DERIVED_SHAPES:
        rederive(store)  # as a build would: the derived graph follows the facts it summarises
    outcome = shapes.validate(store)
    foci = focus if isinstance(focus, set) else {focus}
    assert fired(outcome) == {(shape, f) for f in foci}


def test_every_shape_is_covered_by_a_mutation_and_is_described_in_both_languages():
    from rdflib import RDFS, URIRef
    from rdflib.namespace import SH

    graph = shapes.load_shapes()
    named = {s for s in graph.subjects(SH.severity, None) if isinstance(s, URIRef)}
    assert {str(s).rsplit("#", 1)[1] for s in named} == {m[2] for m in MUTATIONS}
    for s in named:
        for predicate in (RDFS.label, SH.message):
            assert {o.language for o in graph.objects(s, predicate)} == {"zh", "en"}, (s, predicate)


def test_cross_table_result_quotes_both_lines():
    store = fixture_store()
    replace(store, OBS_SUMMARY_210, BKG + "amountValue", decimal("600.51"))
    rederive(store)
    (result,) = shapes.validate(store).results
    assert [str(p) for p in result.sources] == ["t01.txt:11"]
    assert [str(p) for p in result.related] == ["t01.txt:5"]
    assert "600.51" in result.message["en"] and "600.5" in result.message["zh"]
    assert result.severity == "Violation"


def test_rounding_is_a_warning_and_keeps_the_graph_conformant():
    store = fixture_store()
    replace(store, OBS_2101399, BKG + "amountValue", decimal("100.49"))
    rederive(store)
    outcome = shapes.validate(store)
    assert [r.severity for r in outcome.results] == ["Warning"]
    assert outcome.conforms
    assert shapes.validate(store, severity="Violation").results == []


def test_issuers_need_no_region_but_departments_do():
    store = fixture_store()
    issuer = ID + "issuer/武政办"
    store.add(ox.Quad(ox.NamedNode(issuer), ox.NamedNode(BKG + "level"), ox.NamedNode(ID + "code/level/municipal"),
                      ox.NamedNode(ID + "graph/vocabularies")))
    assert shapes.validate(store).results == []


def test_filled_message_is_assigned_its_template_language():
    templates = {"zh": "科目 {?code} 印为 {?value}。", "en": "Code {?code} is printed as {?value}."}
    assert template_language("科目 210 印为 600.5。", templates) == "zh"
    assert template_language("Code 210 is printed as 600.5.", templates) == "en"
    assert template_language("something else", templates) == ""


def test_html_report_escapes_text_from_the_documents_and_links_entities():
    store = fixture_store()
    drop(store, PROJECT, BKG + "competentDepartment")
    replace(store, PROJECT, SKOS + "prefLabel", ox.Literal("<script>alert(1)</script>", language="zh"))
    html = render(shapes.validate(store), "html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'href="{PROJECT}"' in html
    assert "t01.txt:30" in html


def test_json_and_turtle_reports_carry_the_same_results():
    from rdflib import Graph
    from rdflib.namespace import SH

    store = fixture_store()
    replace(store, FUNDING, BKG + "amountValue", decimal("420.00"))
    outcome = shapes.validate(store)
    data = json.loads(render(outcome, "json"))
    assert data["conforms"] is False and data["counts"]["Violation"] == 1
    (item,) = data["results"]
    assert item["shape_name"] == "FundingSourcesSum" and item["focus_label"] == "医疗救助"
    assert Decimal("470") == Decimal(item["message"]["en"].split("add up to ")[1].split(",")[0])
    report = Graph().parse(data=render(outcome, "ttl"), format="turtle")
    assert len(set(report.subjects(SH.resultSeverity, None))) == 1


def test_unknown_severity_and_missing_build_are_typed_errors(tmp_path):
    with pytest.raises(shapes.ValidationRunError, match="severity"):
        shapes.validate(fixture_store(), severity="Fatal")
    with pytest.raises(shapes.ValidationRunError, match="budgetkg build"):
        shapes.validate(tmp_path)
    (tmp_path / "broken.ttl").write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(shapes.ValidationRunError, match="broken.ttl"):
        shapes.validate(fixture_store(), shapes_dir=tmp_path)


def test_results_never_count_the_whole_data_graph(monkeypatch):
    # Counting every triple once per result made validation cost results x triples.
    from pyshacl.graph_abstraction import OxigraphDataGraph

    def counted(self, *args):
        raise AssertionError("the whole data graph was counted")

    monkeypatch.setattr(OxigraphDataGraph, "__len__", counted)
    store = fixture_store()
    drop(store, PROJECT, BKG + "competentDepartment")
    drop(store, FUNDING, BKG + "lineStart")
    rederive(store)  # as a build would: the policy's citing departments follow the project's department
    assert fired(shapes.validate(store)) == {("ProjectCompetentDepartment", PROJECT), ("SourceLine", FUNDING)}


def test_validating_in_place_leaves_the_callers_store_as_it_was():
    store = fixture_store()
    drop(store, PROJECT, BKG + "competentDepartment")
    before = set(store)
    shapes.validate(store)
    assert set(store) == before


# ------------------------------------------------------------------ the real corpus

def _find(outcome, shape: str, file: str, line: int):
    return [r for r in outcome.results if r.shape_name == shape
            and any(p.file == file and p.line_start == line for p in r.sources + r.related)]


def test_corpus_finds_health_spending_printed_differently_in_two_tables(corpus_outcome):
    found = _find(corpus_outcome, "CrossTableAgreement", "004_d431fbb1a7fb7554.txt", 106)
    assert found, "公开01表 33,163.28 vs 公开03表 33,163.29 not reported"
    places = {str(p) for p in found[0].sources + found[0].related}
    assert places == {"004_d431fbb1a7fb7554.txt:106", "004_d431fbb1a7fb7554.txt:200"}
    assert "33163.28" in found[0].message["en"] and "33163.29" in found[0].message["en"]


def test_corpus_finds_project_amount_differing_between_table_and_performance_form(corpus_outcome):
    found = _find(corpus_outcome, "ProjectAmountAgreement", "002_39730af7c994b814.txt", 379)
    assert found, "子女互助合作医疗 182.20 vs 152.2 not reported"
    assert all("子女互助合作医疗" in r.focus_label for r in found)
    assert any("182.2" in r.message["en"] and "152.2" in r.message["en"] for r in found)


def test_corpus_finds_project_table_total_that_is_not_the_sum_of_its_rows(corpus_outcome):
    # the printed 合计 row (line 371) or, where it is not read, the department's row under it (372)
    found = (_find(corpus_outcome, "TableTotal", "002_39730af7c994b814.txt", 371)
             or _find(corpus_outcome, "TableTotal", "002_39730af7c994b814.txt", 372))
    assert found, "预算11表 5,131.30 printed as 5,101.30 not reported"
    assert any("5131.3" in r.message["en"] and "5101.3" in r.message["en"] for r in found)
    columns = [r for r in found if "(column 合计)" in r.message["en"]]
    assert len(columns) == 1, "the table's total is reported once per column"


def test_corpus_results_all_point_into_source_files(corpus_outcome):
    assert corpus_outcome.results
    for r in corpus_outcome.results:
        assert r.document.endswith(".txt"), r
        assert r.message.get("zh") and r.message.get("en"), r


def test_corpus_mutation_dropping_a_department_fires_on_that_project(corpus_build, corpus_outcome):
    store = shapes.load_data(corpus_build.out)
    project = ID + "project/42010324204T000000106"
    before = {r.shape_name for r in corpus_outcome.results if r.focus == project}
    assert "ProjectCompetentDepartment" not in before
    drop(store, project, BKG + "competentDepartment")
    rederive(store)  # as a build would: the derived graph follows the facts it summarises
    after = shapes.validate(store)
    assert ("ProjectCompetentDepartment", project) in fired(after)
    assert len(after.results) == len(corpus_outcome.results) + 1


def test_corpus_mutation_mangled_document_number_fires_on_that_policy(corpus_build, corpus_outcome):
    store = shapes.load_data(corpus_build.out)
    rows = list(store.query(
        "SELECT ?p ?n WHERE { ?p <http://data.europa.eu/eli/ontology#id_local> ?n } ORDER BY ?p LIMIT 1",
        use_default_graph_as_union=True))
    policy, number = rows[0]["p"].value, rows[0]["n"].value
    assert not [r for r in corpus_outcome.results if r.focus == policy]
    replace(store, policy, ELI + "id_local", ox.Literal(number.replace("〔", "[").replace("〕", "] ")))
    rederive(store)  # as a build would: the policy's shown 文号 follows it
    after = shapes.validate(store)
    assert {(r.shape_name, r.focus) for r in after.results if r.focus == policy} == {("PolicyDocumentNumberForm", policy)}


def test_a_check_and_its_rounding_twin_run_their_shared_target_query_once(corpus_build, monkeypatch):
    """The rounding twins name their check's query as target; the validation runs each
    whole-graph query once and both shapes still report from it."""
    from collections import Counter

    from pyshacl import graph_abstraction

    asked: Counter = Counter()
    query = graph_abstraction.OxigraphDataGraph.query

    def counted(self, text, *args, **kwargs):
        if kwargs.get("initBindings") is None:
            asked[text] += 1
        return query(self, text, *args, **kwargs)

    monkeypatch.setattr(graph_abstraction.OxigraphDataGraph, "query", counted)
    outcome = shapes.validate(corpus_build.out)
    shared = [text for text in asked if "$currentShape" in text]
    assert len(shared) >= 5  # children sums, table totals, 三公, 基本支出, statements: one query per pair
    assert set(asked.values()) == {1}
    fired = {r.shape.rsplit("#", 1)[-1] for r in outcome.results}
    assert {"TableTotal", "TableTotalRounding", "StatementAgreement", "StatementAgreementRounding"} <= fired
