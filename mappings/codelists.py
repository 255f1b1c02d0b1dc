"""The vocabularies graph: code lists as SKOS concept schemes, regions, and policy issuers.

Fixed lists (document kinds, budget phases, goal kinds, value roles, policy levels) are
data here; the classification codes and indicator levels are the ones the documents print,
labelled with the names printed beside them and linked upwards by ``skos:broader`` (a
functional code's 类/款/项 = its first 3/5/7 digits).  Regions come from the national
gazetteer (:mod:`kg_build.regions`): the ones the build names and every region above them;
issuers are decoded by :mod:`kg_build.issuers`.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, SKOS

from kg_build.issuers import DISTRICT_COUNTY, MUNICIPAL, NATIONAL, PROVINCIAL, Issuer, as_printed, issuer_for
from kg_build.extract.cells import squeeze
from linking import Linking
from kg_build.records import BudgetLine, Document, EvaluationScore, Indicator, Organisation, Record
from kg_build.regions import region_from_code_prefix, with_ancestors
from kg_build.rulebook.indicator_levels import LEVEL1, LEVEL2
from kg_build.rulebook.standard_tables import STANDARD_TABLES

from .base import Triples
from .iris import IriMinter
from ontology.namespaces import BKG


@dataclass(frozen=True)
class Code:
    key: str  # last IRI segment: id:code/<scheme>/<key>
    zh: str
    en: str


DOCUMENT_KINDS = {
    "部门预算": Code("budget", "部门预算", "departmental budget"),
    "部门决算": Code("final-account", "部门决算", "departmental final account"),
    "绩效目标表": Code("performance-targets", "绩效目标表", "performance target tables"),
    "绩效自评": Code("self-evaluation", "绩效自评", "performance self-evaluation"),
}
PHASES = {"预算": Code("budget", "预算", "budget"), "决算": Code("final", "决算", "final account")}
GOAL_KINDS = {"长期": Code("long-term", "长期目标", "long-term goal"), "年度": Code("annual", "年度目标", "annual goal")}
VALUE_ROLES = {
    "target": Code("target", "指标值", "target value"),
    "past": Code("past", "往年实际值", "past value"),
    "achieved": Code("achieved", "实际完成值", "achieved value"),
}
LEVELS = {
    NATIONAL: Code(NATIONAL, "国家级", "national"),
    PROVINCIAL: Code(PROVINCIAL, "省级", "provincial"),
    MUNICIPAL: Code(MUNICIPAL, "市级", "municipal"),
    DISTRICT_COUNTY: Code(DISTRICT_COUNTY, "区县级", "district or county"),
}
FIXED_LISTS: dict[str, tuple[str, str, dict[str, Code]]] = {
    # scheme key: (zh title, en title, codes)
    "document-kind": ("文件类型", "document kinds", DOCUMENT_KINDS),
    "phase": ("预算阶段", "budget phases", PHASES),
    "goal": ("绩效目标类型", "goal kinds", GOAL_KINDS),
    "value-role": ("指标值角色", "value roles", VALUE_ROLES),
    "level": ("政策层级", "policy levels", LEVELS),
}
# Digits of each level of a classification code: 类/款/项.
CLASSIFICATION_DIGITS = {"functional": (3, 5, 7), "economic": (3, 5)}
SCHEME_TITLES = {
    "functional": ("政府收支分类科目（支出功能分类）", "functional classification of expenditure"),
    "economic": ("支出经济分类科目", "economic classification of expenditure"),
    "indicator": ("绩效指标体系", "performance indicator levels"),
    "regions": ("行政区划", "administrative regions"),
}


def indicator_level_key(label: Optional[str]) -> Optional[str]:
    return squeeze(label) if label and squeeze(label) else None


def indicator_level_concept(iris: IriMinter, label: Optional[str]) -> Optional[URIRef]:
    """The 一级/二级 indicator concept a printed level label names, if it names one."""
    key = indicator_level_key(label)
    return iris.code("indicator", key) if key else None


def classification_concept(iris: IriMinter, classification: str, code: Optional[str]) -> Optional[URIRef]:
    """The concept of a functional or economic code, when the code has a level's length."""
    digits = CLASSIFICATION_DIGITS.get(classification)
    if not digits or not code or not code.isdigit() or len(code) not in digits:
        return None
    return iris.code(classification, code)


def _broader_code(classification: str, code: str) -> Optional[str]:
    digits = CLASSIFICATION_DIGITS[classification]
    i = digits.index(len(code))
    return code[: digits[i - 1]] if i else None


def _label(g: Triples, node: URIRef, zh: str, en: Optional[str] = None) -> None:
    g.add((node, SKOS.prefLabel, Literal(zh, lang="zh")))
    if en:
        g.add((node, SKOS.prefLabel, Literal(en, lang="en")))


def _scheme(g: Triples, iris: IriMinter, key: str, zh: str, en: str) -> URIRef:
    scheme = iris.scheme(key)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    _label(g, scheme, zh, en)
    return scheme


def _concept(g: Triples, iris: IriMinter, scheme_key: str, key: str) -> URIRef:
    node = iris.code(scheme_key, key)
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.inScheme, iris.scheme(scheme_key)))
    return node


def add_fixed_lists(g: Triples, iris: IriMinter) -> None:
    for scheme_key, (zh, en, codes) in FIXED_LISTS.items():
        scheme = _scheme(g, iris, scheme_key, zh, en)
        for code in codes.values():
            node = _concept(g, iris, scheme_key, code.key)
            _label(g, node, code.zh, code.en)
            g.add((node, SKOS.notation, Literal(code.key)))
            g.add((scheme, SKOS.hasTopConcept, node))


def regions_used(records: Iterable[Record], linking: Linking) -> set[str]:
    """Codes of the regions the build's documents, departments and project codes name."""
    codes = {r.region_code for r in records if isinstance(r, (Document, Organisation)) and r.region_code}
    codes |= {d.region for d in linking.departments.values() if d.region}
    for p in linking.projects.values():
        region = region_from_code_prefix(p.decoded.region) if p.decoded else None
        if region is not None:
            codes.add(region.code)
    return codes


def add_regions(g: Triples, iris: IriMinter, codes: Iterable[str]) -> None:
    """The regions of `codes` and every region above them: the gazetteer's part the build uses."""
    scheme = _scheme(g, iris, "regions", *SCHEME_TITLES["regions"])
    for region in with_ancestors(codes):
        node = iris.region(region.code)
        g.add((node, RDF.type, BKG.Region))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.notation, Literal(region.code)))
        _label(g, node, region.name)
        if region.parent:
            g.add((node, SKOS.broader, iris.region(region.parent)))
        else:
            g.add((scheme, SKOS.hasTopConcept, node))


def add_classifications(g: Triples, iris: IriMinter, lines: Iterable[BudgetLine]) -> None:
    names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for line in lines:
        if classification_concept(iris, line.classification, line.code) is not None and line.name:
            names[(line.classification, line.code)][squeeze(line.name)] += 1  # type: ignore[index]
    codes = set(names)
    for classification, code in list(codes):  # every level above a printed code exists too
        parent = _broader_code(classification, code)
        while parent:
            codes.add((classification, parent))
            parent = _broader_code(classification, parent)
    for classification in sorted({c for c, _ in codes}):
        _scheme(g, iris, classification, *SCHEME_TITLES[classification])
    for classification, code in sorted(codes):
        node = _concept(g, iris, classification, code)
        g.add((node, SKOS.notation, Literal(code)))
        printed = names.get((classification, code))
        if printed:
            pref = min(printed, key=lambda n: (-printed[n], n))
            g.add((node, SKOS.prefLabel, Literal(pref, lang="zh")))
            for other in sorted(printed):
                if other != pref:
                    g.add((node, SKOS.altLabel, Literal(other, lang="zh")))
        parent = _broader_code(classification, code)
        if parent:
            g.add((node, SKOS.broader, iris.code(classification, parent)))
        else:
            g.add((iris.scheme(classification), SKOS.hasTopConcept, node))


def add_indicator_levels(g: Triples, iris: IriMinter, records: Iterable[Record]) -> None:
    scheme = _scheme(g, iris, "indicator", *SCHEME_TITLES["indicator"])
    pairs: set[tuple[Optional[str], Optional[str]]] = {(None, l1) for l1 in LEVEL1}
    pairs |= {(l1, l2) for l2, l1 in LEVEL2.items()}
    for r in records:
        if isinstance(r, (Indicator, EvaluationScore)):
            l1, l2 = indicator_level_key(r.level1), indicator_level_key(r.level2)
            if l1:
                pairs.add((None, l1))
            if l2:
                pairs.add((l1 or LEVEL2.get(l2), l2))
    for broader, label in sorted(pairs, key=lambda p: (p[0] or "", p[1] or "")):
        if not label:
            continue
        node = _concept(g, iris, "indicator", label)
        _label(g, node, label)
        if broader:
            g.add((node, SKOS.broader, iris.code("indicator", broader)))
        else:
            g.add((scheme, SKOS.hasTopConcept, node))


def describe_issuer(g: Triples, iris: IriMinter, issuer: Issuer) -> URIRef:
    node = iris.issuer(issuer.key)
    g.add((node, RDF.type, ORG.Organization))
    g.add((node, RDF.type, BKG.Issuer))
    g.add((node, BKG.issuerCode, Literal(issuer.code)))
    g.add((node, BKG.level, iris.code("level", issuer.level)))
    if issuer.region_code:
        g.add((node, BKG.region, iris.region(issuer.region_code)))
    if issuer.body:
        _label(g, node, issuer.body)
    else:
        g.add((node, SKOS.prefLabel, Literal(issuer.code, lang="zh")))
    return node


def policy_issuers(linking: Linking) -> list[Issuer]:
    """The issuers of the cited policies, each decoded in the region of a document citing it."""
    # one decoding per code, or per code and region for a relative code (市政办发 of each city)
    codes = {(p.issuer_code, p.region): p.citing_region for p in linking.policies.values() if p.issuer_code}
    titles: dict[tuple, list[str]] = {}
    for p in linking.policies.values():
        titles.setdefault((p.issuer_code, p.region), []).extend(p.titles)
    out = []
    for code, region in sorted(codes, key=lambda k: (k[0], k[1] or "")):
        issuer = issuer_for(code, codes[code, region])
        if issuer is not None:
            # the office its policies print, where the rules could only guess 办公厅 or 办公室
            out.append(as_printed(issuer, titles[code, region]))
    return out


def add_issuers(g: Triples, iris: IriMinter, issuers: Iterable[Issuer]) -> None:
    for issuer in issuers:
        describe_issuer(g, iris, issuer)


def add_standard_tables(g: Triples, iris: IriMinter) -> None:
    """The standard tables of each kind of disclosure, each required in its kind of document."""
    _scheme(g, iris, "standard-table", "公开报表的标准表", "standard disclosure tables")
    for table in STANDARD_TABLES:
        node = _concept(g, iris, "standard-table", table.key)
        _label(g, node, table.name)
        for kind, phase in (("部门预算", "预算"), ("部门决算", "决算")):
            if table.number(phase):  # one of the nine of the national set
                g.add((node, BKG.requiredIn, iris.code("document-kind", DOCUMENT_KINDS[kind].key)))


def vocabularies(records: Iterable[Record], linking: Linking, iris: IriMinter) -> Graph:
    """The ``id:graph/vocabularies`` graph for one build, as an rdflib Graph."""
    triples = vocabulary_triples(records, linking, iris)
    graph = Graph(identifier=triples.identifier)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def vocabulary_triples(records: Iterable[Record], linking: Linking, iris: IriMinter) -> Triples:
    """The triples of the ``id:graph/vocabularies`` graph for one build."""
    records = list(records)
    g = Triples(iris.vocabularies_graph())
    add_fixed_lists(g, iris)
    issuers = policy_issuers(linking)
    add_regions(g, iris, regions_used(records, linking) | {i.region_code for i in issuers if i.region_code})
    add_classifications(g, iris, (r for r in records if isinstance(r, BudgetLine)))
    add_indicator_levels(g, iris, records)
    add_issuers(g, iris, issuers)
    add_standard_tables(g, iris)
    return g
