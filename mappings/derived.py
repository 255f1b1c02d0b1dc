"""Derived triples: joins and summaries the catalogue needs, computed once per build.

The mapped graph states each fact where a document prints it; answering "projects of 武汉市"
or "lines of a department printed as 洪山区医保局" from it means walking label variants and
region hierarchies for every row.  The store is rebuilt from the documents, so the build
states those joins directly instead, in their own named graph ``id:graph/derived``, and the
queries match them first.  Every derived triple is a function of the merged graph: the
build computes them with the CONSTRUCT queries below on the store's default graph (the
merge), then the summaries of those joins (SUMMARIES) and the citations' order, and
``shapes/derived.ttl`` checks that they agree with what they summarise.

    ?node    bkg:searchName "医疗救助"      (each name and code of an organisation, project or region,
                                           as a plain string: a constant finds it in the index)
    ?org     bkg:nameKeys " 武汉市洪山区医疗保障局 洪山区医疗保障局 "   (every name of an organisation)
    ?project bkg:departmentKeys " … "     (every name of its competent departments and executing units)
    ?node    bkg:displayName "…"          (the smallest skos:prefLabel: one name per node in every row)
    ?region  bkg:withinRegion ?r          (itself and every region it lies in)
    ?project bkg:projectRegion ?r         (its own region and its competent department's)
    ?doc     bkg:projectCount / citationCount / indicatorCount / budgetLineCount / recordCount
    ?policy  bkg:citedInDocument ?doc     (each document that cites it)
    ?policy  bkg:citingProjectCount / citingDepartmentCount / citingDocumentCount
    ?citation bkg:citationFile / citationProjectName / citationDepartmentName / citationRegionName
                                          (what its catalogue row prints of the citing document,
                                          project, department and region)
    ?region  bkg:regionDocumentCount / regionDepartmentCount / regionProjectCount /
             regionCurrentYearBudget / regionCitationCount   (what the region summary prints)
    ?indicator bkg:indicatorDepartmentName / indicatorTarget   (its department's names, its targets)
    ?policy  bkg:policyDocNumber / policyTitle / printedForms / citingProjectNames / citingDocumentNames
                                          (what a row about the policy prints; the lists are summaries)
    ?citation bkg:citationRank 17         (its place in projects-citing's order: an integer compares in place)
    ?summary bkg:summarisedName / nameOwnerCount / nameDocuments / nameDepartments / nameTargets
                                          (indicators grouped by name, a summary)
    ?total   bkg:spendingCode / spendingDepartment / spendingRegion / spendingPhase / spendingYear /
             spendingName / spendingAmount / spendingTableCount / spendingDocuments
                                          (a department's total for a functional code, per phase and year)
    ?doc     bkg:documentRegionName / documentDepartmentName   (the smallest name of its region, its publisher)
    ?org     bkg:departmentProjectCount / departmentProjectCountWithUnits
                                          (projects it leads or carries out; with its units and sections)
    ?project bkg:projectDocuments "a.txt; b.txt"   (the files of the documents that print it)

Name keys join every name of an organisation with single spaces and pad both ends: no printed
name holds whitespace, so `CONTAINS(?keys, "医疗保障局")` is "part of one of its names", read
from one string per organisation.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .iris import IriMinter
from ontology.namespaces import PREFIXES, sparql_prologue

BKG = PREFIXES["bkg"]
XSD_INTEGER = ox.NamedNode(PREFIXES["xsd"] + "integer")

DERIVATIONS: dict[str, str] = {
    "search names": """
CONSTRUCT { ?node bkg:searchName ?plain }
WHERE {
  { ?node a org:Organization ; skos:prefLabel|skos:altLabel ?name }
  UNION { ?node a bkg:BudgetProject ; bkg:projectCode|skos:prefLabel|skos:altLabel ?name }
  UNION { ?node a bkg:Region ; skos:notation|skos:prefLabel ?name }
  BIND(STR(?name) AS ?plain)
}""",
    "name keys": """
CONSTRUCT { ?org bkg:nameKeys ?keys }
WHERE {
  { SELECT ?org (CONCAT(" ", GROUP_CONCAT(DISTINCT STR(?name); separator=" "), " ") AS ?keys)
    WHERE { ?org a org:Organization ; skos:prefLabel|skos:altLabel ?name }
    GROUP BY ?org }
}""",
    "department keys": """
CONSTRUCT { ?project bkg:departmentKeys ?keys }
WHERE {
  { SELECT ?project (CONCAT(" ", GROUP_CONCAT(DISTINCT STR(?name); separator=" "), " ") AS ?keys)
    WHERE { ?project a bkg:BudgetProject ; bkg:competentDepartment|bkg:executingUnit ?dept .
            ?dept a org:Organization ; skos:prefLabel|skos:altLabel ?name }
    GROUP BY ?project }
}""",
    "display names": """
CONSTRUCT { ?node bkg:displayName ?name }
WHERE {
  { SELECT ?node (MIN(STR(?label)) AS ?name)
    WHERE { { ?node a org:Organization } UNION { ?node a bkg:BudgetProject } ?node skos:prefLabel ?label }
    GROUP BY ?node }
}""",
    "regions within regions": """
CONSTRUCT { ?region bkg:withinRegion ?outer }
WHERE { { ?region a bkg:Region BIND(?region AS ?outer) } UNION { ?region a bkg:Region ; skos:broader+ ?outer } }""",
    "project regions": """
CONSTRUCT { ?project bkg:projectRegion ?region }
WHERE { ?project a bkg:BudgetProject ; bkg:region|bkg:competentDepartment/bkg:region ?region }""",
    "document counts": """
CONSTRUCT { ?doc bkg:projectCount ?projects ; bkg:citationCount ?citations ; bkg:indicatorCount ?indicators ;
                 bkg:budgetLineCount ?lines ; bkg:recordCount ?records }
WHERE {
  { SELECT ?doc (COUNT(DISTINCT ?p) AS ?projects)
    WHERE { ?doc a bkg:SourceDocument . OPTIONAL { GRAPH ?doc { ?p a bkg:BudgetProject } } } GROUP BY ?doc }
  # Per-document records carry prov:wasDerivedFrom directly; mentions of shared nodes are not records.
  { SELECT ?doc (SUM(COALESCE(IF(?type = bkg:Citation, 1, 0), 0)) AS ?citations)
           (SUM(COALESCE(IF(?type = bkg:PerformanceIndicator, 1, 0), 0)) AS ?indicators)
           (SUM(COALESCE(IF(?type = qb:Observation, 1, 0), 0)) AS ?lines) (COUNT(DISTINCT ?n) AS ?records)
    WHERE { ?doc a bkg:SourceDocument .
            OPTIONAL { ?n prov:wasDerivedFrom ?doc ; a ?type . FILTER(?type != bkg:Mention) } }
    GROUP BY ?doc }
}""",
    # A policy's citations, summarised once: which documents cite it and how many
    # projects, departments (the citing one, else the citing project's competent department) and
    # documents; "shared" policies and the policy list read these instead of every citation.
    "policy documents": """
CONSTRUCT { ?policy bkg:citedInDocument ?doc }
WHERE { ?citation a bkg:Citation ; bkg:citedPolicy ?policy ; prov:wasDerivedFrom ?doc . ?doc bkg:fileName [] }""",
    "policy citing counts": """
CONSTRUCT { ?policy bkg:citingProjectCount ?projects ; bkg:citingDepartmentCount ?departments ;
                    bkg:citingDocumentCount ?documents }
WHERE {
  { SELECT ?policy (COUNT(DISTINCT ?project) AS ?projects) (COUNT(DISTINCT ?dept) AS ?departments)
           (COUNT(DISTINCT ?doc) AS ?documents)
    WHERE { ?citation a bkg:Citation ; bkg:citedPolicy ?policy ; prov:wasDerivedFrom ?doc .
            ?doc bkg:fileName [] .
            OPTIONAL { ?citation bkg:citingProject ?project }
            OPTIONAL { ?citation bkg:citingDepartment ?citingDepartment }
            OPTIONAL { ?citation bkg:citingProject/bkg:competentDepartment ?projectDepartment }
            BIND(COALESCE(?citingDepartment, ?projectDepartment) AS ?dept) }
    GROUP BY ?policy }
}""",
    # What a citation's catalogue row prints besides the citation itself: its document's file,
    # the citing project's name, the department (the citing one, else the citing project's
    # competent department) and that one's region.  Names as the derived display names give them
    # (the smallest preferred label), computed here as those do not exist yet while deriving.
    # Each is grouped on its own: nested look-ups under one OPTIONAL take minutes at 1 M triples.
    # The 文号 and title a row about a policy prints: the smallest of its own (a policy keyed by
    # its 文号 has one; a policy known by its title only has none).
    "policy row names": """
CONSTRUCT { ?policy bkg:policyDocNumber ?number ; bkg:policyTitle ?title }
WHERE { { SELECT ?policy (MIN(?id) AS ?number) (MIN(STR(?t)) AS ?title)
          WHERE { ?policy a eli:LegalResource . OPTIONAL { ?policy eli:id_local ?id } OPTIONAL { ?policy eli:title ?t } }
          GROUP BY ?policy } }""",
    # Every form in which a policy's 文号 or title was printed, joined as the policy list prints
    # them (the same grouping as a query over the citations gives, so the same order).
    "policy printed forms": """
CONSTRUCT { ?policy bkg:printedForms ?printed_forms }
WHERE { { SELECT ?policy (GROUP_CONCAT(DISTINCT ?printed; separator="; ") AS ?printed_forms)
          WHERE { ?pc bkg:citedPolicy ?policy ; bkg:printedForm ?printed } GROUP BY ?policy } }""",
    "citation files": """
CONSTRUCT { ?citation bkg:citationFile ?file }
WHERE { { SELECT ?citation (MIN(STR(?fn)) AS ?file)
          WHERE { ?citation a bkg:Citation ; prov:wasDerivedFrom/bkg:fileName ?fn } GROUP BY ?citation } }""",
    "citation project names": """
CONSTRUCT { ?citation bkg:citationProjectName ?name }
WHERE { { SELECT ?citation (MIN(STR(?label)) AS ?name)
          WHERE { ?citation a bkg:Citation ; bkg:citingProject ?project .
                  ?project a bkg:BudgetProject ; skos:prefLabel ?label }
          GROUP BY ?citation } }""",
    "citation department names": """
CONSTRUCT { ?citation bkg:citationDepartmentName ?name }
WHERE { { SELECT ?citation (MIN(STR(?label)) AS ?name)
          WHERE { ?citation a bkg:Citation .
                  { ?citation bkg:citingDepartment ?dept . ?dept a org:Organization ; skos:prefLabel ?label }
                  UNION
                  { ?citation bkg:citingProject/bkg:competentDepartment ?dept . ?dept a org:Organization ; skos:prefLabel ?label
                    FILTER NOT EXISTS { ?citation bkg:citingDepartment ?named . ?named a org:Organization ; skos:prefLabel [] } } }
          GROUP BY ?citation } }""",
    "citation region names": """
CONSTRUCT { ?citation bkg:citationRegionName ?name }
WHERE { { SELECT ?citation (MIN(STR(?label)) AS ?name)
          WHERE { ?citation a bkg:Citation .
                  { ?citation bkg:citingDepartment/bkg:region/skos:prefLabel ?label }
                  UNION
                  { ?citation bkg:citingProject/(bkg:region|bkg:competentDepartment/bkg:region)/skos:prefLabel ?label
                    FILTER NOT EXISTS { ?citation bkg:citingDepartment/bkg:region/skos:prefLabel [] } } }
          GROUP BY ?citation } }""",
    # Per region, what the region summary prints: documents, departments (issuers aside) and
    # projects in it, the projects' current-year budgets (a project printed with several counts
    # with the largest) and their citations.  Counts of a region nothing lies in are 0.
    "region counts": """
CONSTRUCT { ?r bkg:regionDocumentCount ?n_documents ; bkg:regionDepartmentCount ?n_departments ;
               bkg:regionProjectCount ?n_projects ; bkg:regionCurrentYearBudget ?current_year_budget ;
               bkg:regionCitationCount ?n_citations }
WHERE {
  { SELECT ?r (COUNT(DISTINCT ?doc) AS ?n_documents) WHERE { ?r a bkg:Region . OPTIONAL { ?doc a bkg:SourceDocument ; bkg:region ?r } } GROUP BY ?r }
  { SELECT ?r (COUNT(DISTINCT ?d) AS ?n_departments)
    WHERE { ?r a bkg:Region . OPTIONAL { ?d a org:Organization ; bkg:region ?r . FILTER NOT EXISTS { ?d a bkg:Issuer } } } GROUP BY ?r }
  { SELECT ?r (COUNT(DISTINCT ?p) AS ?n_projects) (SUM(COALESCE(?budget, 0.0)) AS ?current_year_budget)
                (SUM(COALESCE(?nc, 0)) AS ?n_citations)
    WHERE { ?r a bkg:Region .
            OPTIONAL { { SELECT ?p (MAX(?cb) AS ?budget) (COUNT(DISTINCT ?c) AS ?nc) ?pr
                         WHERE { ?p a bkg:BudgetProject ; bkg:region|bkg:competentDepartment/bkg:region ?pr .
                                 OPTIONAL { ?p bkg:currentYearBudget ?cb } OPTIONAL { ?c bkg:citingProject ?p } }
                         GROUP BY ?p ?pr }
                       FILTER(?pr = ?r) } }
    GROUP BY ?r }
}""",
    # What similar-indicators groups per indicator: each name of the department it belongs to
    # (its owner, or its owner's competent department) and its target values as printed; the
    # zero-or-one path to the department is read once here instead of for every indicator.
    "indicator departments": """
CONSTRUCT { ?i bkg:indicatorDepartmentName ?name }
WHERE { # Each branch joins on its own (a shared ?o before the UNION is read a minute at 1 M triples).
        { ?i a bkg:PerformanceIndicator ; bkg:indicatorOf ?o . ?o a org:Organization ; skos:prefLabel ?label }
        UNION { ?i a bkg:PerformanceIndicator ; bkg:indicatorOf/bkg:competentDepartment ?d . ?d a org:Organization ; skos:prefLabel ?label }
        BIND(STR(?label) AS ?name) }""",
    "indicator targets": """
CONSTRUCT { ?i bkg:indicatorTarget ?target }
WHERE { ?i a bkg:PerformanceIndicator ; bkg:value ?v . ?v bkg:valueRole ?role ; bkg:rawText ?target .
        FILTER(STRENDS(STR(?role), "/target")) }""",
    # What each department prints for each functional code, per phase and year: the largest total
    # over its spending tables (rows split into basic / project columns are parts of it).  One
    # node per (code, department, region, phase, year), keyed by a hash of those; the department's
    # display name and region are those the catalogue shows (computed here from the labels, as
    # the derived names do not exist yet while deriving).
    "spending totals": """
CONSTRUCT { ?total bkg:spendingCode ?code ; bkg:spendingDepartment ?department ; bkg:spendingRegion ?region ;
                   bkg:spendingPhase ?phase ; bkg:spendingYear ?fiscal_year ; bkg:spendingName ?name ;
                   bkg:spendingAmount ?amount ; bkg:spendingTableCount ?n_tables ; bkg:spendingDocuments ?document }
WHERE {
  { SELECT ?code ?department ?region ?phase ?fiscal_year (SAMPLE(?lname) AS ?name) (MAX(?amount) AS ?amount)
           (COUNT(DISTINCT ?table) AS ?n_tables) (GROUP_CONCAT(DISTINCT ?file; separator="; ") AS ?document)
           (IRI(CONCAT(STR(id:), "spending/", MD5(CONCAT(STR(?code), "|", ?department, "|", COALESCE(?region, ""), "|",
                       COALESCE(?phase, ""), "|", COALESCE(STR(?fiscal_year), ""))))) AS ?total)
    WHERE {
      ?obs bkg:classification "functional" ; bkg:code ?code ;
           bkg:amountValue ?amount ; bkg:department ?dept ; prov:wasDerivedFrom ?doc .
      ?doc bkg:fileName ?file .
      OPTIONAL { ?obs bkg:expenditureType ?etype }
      FILTER(!BOUND(?etype) || ?etype = "total")
      OPTIONAL { ?obs bkg:lineName ?ln . BIND(STR(?ln) AS ?lname) }
      OPTIONAL { ?obs bkg:table ?table }
      OPTIONAL { ?obs bkg:budgetPhase ?ph . BIND(REPLACE(STR(?ph), "^.*/", "") AS ?phase) }
      OPTIONAL { ?obs bkg:fiscalYear ?fiscal_year }
      # Income tables classify receipts by function too; they are not spending.
      FILTER(!BOUND(?table) || CONTAINS(?table, "支出") || !CONTAINS(?table, "收入"))
      # A department no document describes still has a readable key: region code/name.
      OPTIONAL { SELECT ?dept (MIN(STR(?pl)) AS ?label) WHERE { ?dept a org:Organization ; skos:prefLabel ?pl } GROUP BY ?dept }
      BIND(COALESCE(?label, REPLACE(STR(?dept), "^.*/department/", "")) AS ?department)
      OPTIONAL { SELECT ?dept (MIN(STR(?rl)) AS ?deptRegion)
                 WHERE { ?dept a org:Organization ; skos:prefLabel|skos:altLabel [] ; bkg:region/skos:prefLabel ?rl }
                 GROUP BY ?dept }
      OPTIONAL { ?doc bkg:region/skos:prefLabel ?docRegion }
      BIND(COALESCE(?deptRegion, STR(?docRegion)) AS ?region)
    }
    GROUP BY ?code ?department ?region ?phase ?fiscal_year }
}""",
    # What the document list prints beside the document's own facts: the smallest name of its
    # region and of its publisher (as the derived display names give them, computed here from
    # the labels), so the list joins one triple per column instead of grouping paths.
    "document region names": """
CONSTRUCT { ?doc bkg:documentRegionName ?name }
WHERE { { SELECT ?doc (MIN(STR(?label)) AS ?name)
          WHERE { ?doc bkg:fileName [] ; bkg:region/skos:prefLabel ?label } GROUP BY ?doc } }""",
    "document department names": """
CONSTRUCT { ?doc bkg:documentDepartmentName ?name }
WHERE { { SELECT ?doc (MIN(STR(?label)) AS ?name)
          WHERE { ?doc bkg:fileName [] ; dcterms:publisher ?publisher .
                  { ?publisher a org:Organization } UNION { ?publisher a bkg:BudgetProject }
                  ?publisher skos:prefLabel ?label }
          GROUP BY ?doc } }""",
    # The files of the documents that print a project, joined as the project list prints them
    # (the same grouping as the list's own join gave, so the same order).
    "project documents": """
CONSTRUCT { ?project bkg:projectDocuments ?files }
WHERE { { SELECT ?project (GROUP_CONCAT(DISTINCT ?file; separator="; ") AS ?files)
          WHERE { ?project a bkg:BudgetProject .
                  OPTIONAL { GRAPH ?g { ?project a bkg:BudgetProject } ?g bkg:fileName ?file } }
          GROUP BY ?project } }""",
    # What the department list counts per organisation: the projects it leads (主管) or carries
    # out (执行) itself, and those of it and every unit and section within it; 0 when none.
    # Each count is grouped on its own, as the list did before these were derived.
    "department project counts": """
CONSTRUCT { ?department bkg:departmentProjectCount ?n ; bkg:departmentProjectCountWithUnits ?nWithUnits }
WHERE {
  { SELECT DISTINCT ?department WHERE { ?department a org:Organization } }
  OPTIONAL { SELECT ?department (COUNT(DISTINCT ?project) AS ?own)
             WHERE { { SELECT DISTINCT ?project ?department WHERE { ?project bkg:competentDepartment|bkg:executingUnit ?department } }
                     { SELECT DISTINCT ?project WHERE { ?project a bkg:BudgetProject } } }
             GROUP BY ?department }
  OPTIONAL { SELECT ?department (COUNT(DISTINCT ?project) AS ?withUnits)
             WHERE { { SELECT DISTINCT ?project ?unit WHERE { ?project bkg:competentDepartment|bkg:executingUnit ?unit } }
                     { SELECT DISTINCT ?project WHERE { ?project a bkg:BudgetProject } }
                     # The unit itself or a department it belongs to (`*` would enumerate every node for its zero step).
                     { SELECT DISTINCT ?unit ?department
                       WHERE { { ?unit a org:Organization BIND(?unit AS ?department) }
                               UNION { ?unit org:subOrganizationOf+ ?department } } } }
             GROUP BY ?department }
  BIND(COALESCE(?own, 0) AS ?n)
  BIND(COALESCE(?withUnits, 0) AS ?nWithUnits)
}""",
}


# Summaries of the joins above, computed once those are in the merge: the lists a catalogue
# row prints whole, grouped as the query over the joins would group them (same text, so the
# same order inside each list), instead of for every question.
SUMMARIES: dict[str, str] = {
    # A policy's citing projects, each named with its department, 医疗救助 (洪山区医疗保障局), and
    # the files citing it; shared-policies prints both.
    "policy citing lists": """
CONSTRUCT { ?policy bkg:citingProjectNames ?projects ; bkg:citingDocumentNames ?documents }
WHERE {
  { SELECT ?policy (GROUP_CONCAT(DISTINCT ?file; separator="; ") AS ?documents)
    WHERE { ?policy bkg:citedInDocument/bkg:fileName ?file } GROUP BY ?policy }
  OPTIONAL { SELECT ?policy (GROUP_CONCAT(DISTINCT ?pname; separator="; ") AS ?projects)
             WHERE { { SELECT DISTINCT ?policy ?p WHERE { ?c bkg:citedPolicy ?policy ; bkg:citingProject ?p } }
                     ?p bkg:displayName ?n .
                     OPTIONAL { SELECT ?p (MIN(?dl) AS ?d) WHERE { ?p bkg:competentDepartment/bkg:displayName ?dl } GROUP BY ?p }
                     # ASCII brackets: some endpoints garble a stored literal joined to a full-width constant.
                     BIND(IF(BOUND(?d), CONCAT(STR(?n), " (", STR(?d), ")"), STR(?n)) AS ?pname) }
             GROUP BY ?policy }
}""",
    # Indicators grouped by name, one node per name (id:indicator-name/<md5 of the name>): how many
    # owners use it, the files, its departments' names and its targets; similar-indicators
    # matches the keyword on these names only.
    "indicator name summaries": """
CONSTRUCT { ?summary bkg:summarisedName ?name ; bkg:nameOwnerCount ?n_projects ; bkg:nameDocuments ?documents ;
                     bkg:nameDepartments ?departments ; bkg:nameTargets ?targets }
WHERE {
  { SELECT ?name (COUNT(DISTINCT ?owner) AS ?n_projects) (GROUP_CONCAT(DISTINCT ?file; separator="; ") AS ?documents)
    WHERE { ?indicator bkg:indicatorName ?name .
            ?indicator bkg:indicatorOf ?owner ; prov:wasDerivedFrom/bkg:fileName ?file .
            FILTER EXISTS { ?indicator a bkg:PerformanceIndicator } }
    GROUP BY ?name }
  OPTIONAL { SELECT ?name (GROUP_CONCAT(DISTINCT ?dname; separator="; ") AS ?departments)
             WHERE { ?i bkg:indicatorName ?name . ?i bkg:indicatorDepartmentName ?dname }
             GROUP BY ?name }
  OPTIONAL { SELECT ?name (GROUP_CONCAT(DISTINCT ?target; separator="; ") AS ?targets)
             WHERE { ?i bkg:indicatorName ?name . ?i bkg:indicatorTarget ?target }
             GROUP BY ?name }
  BIND(IRI(CONCAT(STR(id:), "indicator-name/", MD5(STR(?name)))) AS ?summary)
}""",
}

# Each citation's place in projects-citing's order (its 文号, file, line, title, as the row
# prints them).  Ordering by printed strings reads each string from the store at every
# comparison; an integer rank is compared in place.
CITATION_ORDER = """
SELECT ?citation WHERE {
  ?citation a bkg:Citation .
  OPTIONAL { ?citation bkg:citedPolicy/bkg:policyDocNumber ?number } OPTIONAL { ?citation bkg:citationFile ?file }
  OPTIONAL { ?citation bkg:lineStart ?line } OPTIONAL { ?citation bkg:citedPolicy/bkg:policyTitle ?title }
}
ORDER BY ?number ?file ?line ?title ?citation"""

# The properties only derived triples use (their graph holds nothing else).
DERIVED_PROPERTIES = ("searchName", "nameKeys", "departmentKeys", "displayName", "withinRegion", "projectRegion",
                      "projectCount", "citationCount", "indicatorCount", "budgetLineCount", "recordCount",
                      "citedInDocument", "citingProjectCount", "citingDepartmentCount",
                      "citingDocumentCount", "citationFile", "citationProjectName", "citationDepartmentName",
                      "citationRegionName", "regionDocumentCount", "regionDepartmentCount", "regionProjectCount",
                      "regionCurrentYearBudget", "regionCitationCount", "indicatorDepartmentName", "indicatorTarget",
                      "spendingCode", "spendingDepartment", "spendingRegion", "spendingPhase",
                      "spendingYear", "spendingName", "spendingAmount", "spendingTableCount", "spendingDocuments",
                      "documentRegionName", "documentDepartmentName", "departmentProjectCount",
                      "departmentProjectCountWithUnits", "projectDocuments",
                      "policyDocNumber", "policyTitle", "citationRank", "printedForms", "citingProjectNames",
                      "citingDocumentNames", "summarisedName", "nameOwnerCount", "nameDocuments", "nameDepartments",
                      "nameTargets")


def derived_triples(store: ox.Store, base: str) -> list[ox.Triple]:
    """Every derived triple of the merged graph in `store`'s default graph.  The summaries read
    the joins, so those are added to the default graph (the merge, which holds them anyway)
    before the summaries are computed."""
    prologue = sparql_prologue(base)
    triples: set[ox.Triple] = set()
    for query in DERIVATIONS.values():
        triples.update(store.query(prologue + query, use_default_graph_as_union=False))
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    for query in SUMMARIES.values():
        triples.update(store.query(prologue + query, use_default_graph_as_union=False))
    rank = ox.NamedNode(BKG + "citationRank")
    for n, row in enumerate(store.query(prologue + CITATION_ORDER, use_default_graph_as_union=False), 1):
        triples.add(ox.Triple(row["citation"], rank, ox.Literal(str(n), datatype=XSD_INTEGER)))
    return sorted(triples, key=str)


def add_derived_graph(store_dir: Path, iris: IriMinter) -> tuple[str, list[bytes]]:
    """Compute the derived triples of the store in `store_dir` (its named graphs and their
    merge), put them in their named graph and in the default graph (the merge of all named
    graphs); return the graph's IRI and sorted N-Quads lines, for the dataset files."""
    store = ox.Store(str(store_dir))
    name = ox.NamedNode(str(iris.derived_graph()))
    store.remove_graph(name)
    # The merge holds the derived triples too: those of an earlier derivation go first.
    store.update("DELETE { ?s ?p ?o } WHERE { VALUES ?p { %s } ?s ?p ?o }"
                 % " ".join(f"<{BKG}{p}>" for p in DERIVED_PROPERTIES))
    triples = derived_triples(store, iris.base)
    lines = sorted(f"{t.subject} {t.predicate} {t.object} {name} .\n".encode("utf-8") for t in triples)
    if lines:
        # one load for both graphs (a line without a graph name is in the default graph): each
        # load writes and syncs files of every index of the store
        store.bulk_load(b"".join(lines) + b"".join(f"{t.subject} {t.predicate} {t.object} .\n".encode("utf-8")
                                                   for t in triples), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store  # release the database before the folder is renamed
    return name.value, lines
