"""`build` end to end on the real corpus, into a real pyoxigraph store."""
from __future__ import annotations

import json
import re
import shutil

import pyoxigraph
import pytest

import budgetkg.build as build_module
from conftest import CORPUS, copy_caches, copy_sources
from budgetkg.build import BuildError, build
from store.local import StoreError, open_store, recover
from ontology.namespaces import sparql_prologue

ID = "https://w3id.org/budgetkg/id/"


def select(store: pyoxigraph.Store, query: str, **bindings) -> list[dict[str, str]]:
    subs = {pyoxigraph.Variable(k): v for k, v in bindings.items()}
    solutions = store.query(sparql_prologue() + query, substitutions=subs)  # the default graph: the merge
    names = [v.value for v in solutions.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in solutions]


def named_quads(store: pyoxigraph.Store) -> list[pyoxigraph.Quad]:
    """The quads of the store's named graphs (its default graph is their merge)."""
    return [q for q in store if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)]


def default_graph(store: pyoxigraph.Store) -> list[pyoxigraph.Triple]:
    return [q.triple for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())]


def distinct_triples(nquads: bytes) -> set[pyoxigraph.Triple]:
    return {q.triple for q in pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS)}


@pytest.fixture(scope="module")
def store(corpus_build):
    return open_store(corpus_build.out)


def test_policy_is_cited_by_two_projects_of_two_departments_in_two_documents_with_quote_and_line(store):
    rows = select(store, """
        SELECT DISTINCT ?project ?dept ?doc ?quote ?line WHERE {
          ?policy eli:id_local "武政办〔2016〕69号" .
          GRAPH ?doc { ?c bkg:citedPolicy ?policy ; bkg:citingProject ?project ; bkg:quote ?quote ; bkg:lineStart ?line . }
          ?project skos:prefLabel "计生一次性奖励经费"@zh ; bkg:legalBasis ?policy .
          ?project bkg:competentDepartment/org:subOrganizationOf? ?dept .
          ?dept skos:prefLabel ?deptName .
          FILTER(CONTAINS(?deptName, "卫生健康局") && !CONTAINS(?deptName, "本级"))
        }""")
    depts = {r["dept"] for r in rows}
    assert depts == {ID + "department/420106/卫生健康局", ID + "department/420111/卫生健康局"}
    assert len({r["project"] for r in rows}) == 2
    assert {r["doc"] for r in rows} == {ID + "document/000_d0627e50c4564413", ID + "document/004_d431fbb1a7fb7554"}
    for r in rows:
        assert "69" in r["quote"] and int(r["line"]) > 0


def test_department_printed_variants_are_one_node(store):
    rows = select(store, """
        SELECT ?dept (GROUP_CONCAT(DISTINCT ?name; separator="|") AS ?names) WHERE {
          ?dept a org:Organization ; bkg:mention/bkg:printedName ?name .
        } GROUP BY ?dept""")
    names = {r["dept"]: set(r["names"].split("|")) for r in rows}
    hongshan = names[ID + "department/420111/医疗保障局"]
    assert {"洪山区医疗保障局", "武汉市洪山区医疗保障局"} <= hongshan
    jianghan = names[ID + "department/420103/卫生健康局"]
    assert "武汉市江海区卫生健康局" in jianghan
    assert not any("江海区" in d for d in names)
    assert {"武昌区医保局"} <= names[ID + "department/420106/医疗保障局"]


def test_unit_is_a_sub_organisation_of_its_department(store):
    rows = select(store, """SELECT ?unit ?parent WHERE { ?unit org:subOrganizationOf ?parent }""",
                  unit=pyoxigraph.NamedNode(ID + "department/420111/医疗保障局本级"))
    assert [r["parent"] for r in rows] == [ID + "department/420111/医疗保障局"]


def test_doc_number_printed_with_square_and_hexagonal_brackets_is_one_policy(store):
    rows = select(store, """
        SELECT DISTINCT ?policy ?printed WHERE {
          ?c bkg:citedPolicy ?policy ; bkg:printedForm ?printed .
          FILTER(STRSTARTS(?printed, "武政办") && CONTAINS(?printed, "2016") && CONTAINS(?printed, "69"))
        }""")
    assert {r["policy"] for r in rows} == {ID + "policy/武政办〔2016〕69号"}
    printed = {r["printed"] for r in rows}
    assert any("[" in p or "【" in p for p in printed) and any("〔" in p for p in printed)


def test_project_code_is_linked_to_its_region_and_its_unit_code(store):
    rows = select(store, """
        SELECT ?region ?dept ?code ?year WHERE {
          ?p bkg:projectCode "42011124043T000000101" ; bkg:region ?region ; bkg:codedDepartment ?dept ;
             bkg:departmentBudgetCode ?code ; bkg:codeYear ?year .
          ?dept org:identifier "043" .
        }""")
    assert rows == [{"region": ID + "region/420111", "dept": ID + "department/420111/医疗保障局",
                     "code": "043", "year": "2024"}]


def test_every_document_has_its_own_named_graph_plus_vocabularies_and_derived(corpus_build):
    graphs = set(corpus_build.triples_by_graph)
    docs = {ID + "document/" + d.file.rsplit(".", 1)[0] for d in corpus_build.documents}
    assert graphs == docs | {ID + "graph/vocabularies", ID + "graph/derived"}
    assert all(n > 100 for n in corpus_build.triples_by_graph.values())


def test_build_summary_lists_documents_records_triples_and_warnings(corpus_build):
    summary = json.loads((corpus_build.out / "build.json").read_text(encoding="utf-8"))
    assert [d["file"] for d in summary["documents"]] == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert all(d["status"] == "built" and len(d["sha256"]) == 64 for d in summary["documents"])
    assert summary["records"]["citation"] > 0 and summary["records"]["document"] == 5
    assert summary["total_triples"] == sum(summary["triples"].values())
    assert all(":" in w for w in summary["warnings"])
    assert (corpus_build.out / "dataset.trig").stat().st_size > 0


@pytest.fixture(scope="module")
def second_build(tmp_path_factory):
    """A second cold build of the corpus, from a copy of its sources: (sources, build directory,
    its N-Quads and TriG as written). Tests that change either copy them."""
    root = tmp_path_factory.mktemp("second")
    sources = root / "sources"
    shutil.copytree(CORPUS, sources)
    result = build(sources, root / "out")
    assert not any(d.cached or d.graph_cached for d in result.documents)
    return sources, result.out, result.nquads.read_bytes(), result.trig.read_bytes()


def copy_of(build_result, folder):
    """(sources, build directory): a copy of the corpus and of a finished build of it (store,
    files and caches), for a test to change."""
    return shutil.copytree(CORPUS, folder / "sources"), shutil.copytree(build_result.out, folder / "out")


@pytest.mark.slow  # a second cold build of the whole corpus
def test_two_builds_of_the_same_sources_give_identical_nquads(corpus_build, second_build):
    again = second_build[2]
    first = corpus_build.nquads.read_bytes()
    assert again == first
    lines = first.decode().splitlines()
    assert lines == sorted(lines)


def test_store_holds_exactly_the_quads_of_the_nquads_file(corpus_build, store):
    assert len(named_quads(store)) == len(corpus_build.nquads.read_bytes().splitlines())


def test_store_default_graph_holds_each_distinct_triple_of_the_named_graphs_once(corpus_build, store):
    nquads = corpus_build.nquads.read_bytes()
    distinct = distinct_triples(nquads)
    assert len(distinct) < len(nquads.splitlines())  # shared nodes' triples are repeated per document
    merged = default_graph(store)
    assert len(merged) == len(distinct) and set(merged) == distinct
    # a join on shared nodes yields each answer once, where the union default graph repeats it
    query = "SELECT ?policy ?level WHERE { ?policy a eli:LegalResource ; bkg:level ?level }"
    rows = select(store, query)
    assert rows and len(rows) == len({tuple(r.values()) for r in rows})
    union = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    assert len(list(union)) > len(rows)


def test_rebuild_updates_the_default_graph_with_the_merge_of_the_changed_graphs(corpus_build, tmp_path):
    # two documents citing the same policy: both graphs state its number and issuer
    kept, dropped = "000_d0627e50c4564413", "004_d431fbb1a7fb7554"
    sources = copy_sources(tmp_path, f"{kept}.txt", f"{dropped}.txt")
    out = copy_caches(corpus_build.out, tmp_path / "out")  # their records: only the store is under test
    build(sources, out)
    before = set(default_graph(open_store(out)))
    changed = sources / f"{dropped}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rebuilt = build(sources, out)
    assert not {d.file: d for d in rebuilt.documents}[f"{dropped}.txt"].graph_cached
    store = open_store(out)
    after = default_graph(store)
    assert len(after) == len(set(after)) and set(after) == distinct_triples(rebuilt.nquads.read_bytes())
    # the changed document's new file hash replaced its old one; nothing else moved
    gone, added = before - set(after), set(after) - before
    sha = pyoxigraph.NamedNode("https://w3id.org/budgetkg/ontology#sha256")
    assert len(gone) == len(added) == 1 and all(t.predicate == sha for t in gone | added)
    # dropping the document removes the triples only it held; those the other one holds stay
    in_kept, in_dropped = ({q.triple for q in store.quads_for_pattern(None, None, None, name)}
                           for name in (pyoxigraph.NamedNode(ID + "document/" + d) for d in (kept, dropped)))
    changed.unlink()
    build(sources, out)
    merged = set(default_graph(open_store(out)))
    shared, only_dropped = in_kept & in_dropped, in_dropped - in_kept
    assert shared and shared <= merged
    assert only_dropped and not only_dropped & merged


SMALL = ("001_697358ee9d9e0519.txt", "002_39730af7c994b814.txt")


@pytest.fixture()
def small_corpus(tmp_path):
    return copy_sources(tmp_path, *SMALL)


@pytest.fixture(scope="module")
def small_build(tmp_path_factory):
    """A cold build of the two small documents, made once; tests copy it with :func:`built`."""
    root = tmp_path_factory.mktemp("small")
    return build(copy_sources(root, *SMALL), root / "out")


def built(small_build, out):
    """`out` as the cold build of the small corpus left it (store, files and caches)."""
    shutil.copytree(small_build.out, out)
    return out


def test_crash_during_mapping_leaves_the_previous_store_and_files_intact(small_corpus, small_build, tmp_path,
                                                                         monkeypatch):
    out = built(small_build, tmp_path / "out")
    good = out / small_build.nquads.name
    before_nq = good.read_bytes()
    before_count = len(open_store(out))

    def crash(*args, **kwargs):
        raise RuntimeError("simulated crash while mapping")

    monkeypatch.setattr(build_module, "map_document_triples", crash)
    (small_corpus / "003_597bd8ff4493ea7c.txt").write_bytes((CORPUS / "003_597bd8ff4493ea7c.txt").read_bytes())
    with pytest.raises(RuntimeError, match="simulated crash"):
        build(small_corpus, out)
    assert good.read_bytes() == before_nq
    assert len(open_store(out)) == before_count
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_binary_file_among_sources_is_reported_and_the_others_build(small_corpus, corpus_build, tmp_path):
    (small_corpus / "005_broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = build(small_corpus, copy_caches(corpus_build.out, tmp_path / "out"))  # reads only the broken one
    status = {d.file: d.status for d in result.documents}
    assert status == {"001_697358ee9d9e0519.txt": "built", "002_39730af7c994b814.txt": "built", "005_broken.txt": "failed"}
    assert result.exit_status == 1
    assert any(str(w).startswith("005_broken.txt") and "binary" in str(w) for w in result.warnings)
    assert ID + "document/001_697358ee9d9e0519" in result.triples_by_graph
    assert ID + "document/005_broken" not in result.triples_by_graph


def test_rebuild_reuses_the_extraction_of_unchanged_documents(small_corpus, small_build, tmp_path):
    cold = small_build
    out = built(cold, tmp_path / "out")
    assert not any(d.cached for d in cold.documents)
    warm = build(small_corpus, out)
    assert all(d.cached for d in warm.documents)
    assert warm.nquads.read_bytes() == cold.nquads.read_bytes()
    changed = small_corpus / "002_39730af7c994b814.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = build(small_corpus, out)
    assert {d.file: d.cached for d in third.documents} == {"001_697358ee9d9e0519.txt": True, "002_39730af7c994b814.txt": False}


def test_open_store_before_any_build_says_to_run_build(tmp_path):
    with pytest.raises(StoreError, match="run `budgetkg build"):
        open_store(tmp_path / "nothing")


def test_swap_interrupted_between_renames_is_recovered(small_build, tmp_path):
    out = built(small_build, tmp_path / "out")
    before = set(open_store(out))
    (out / "store").rename(out / ".store-old-12345")  # as if the process died mid-swap
    recover(out)
    assert set(open_store(out)) == before and before
    assert not (out / ".store-old-12345").exists()


def test_missing_sources_folder_is_an_error(tmp_path):
    with pytest.raises(BuildError, match="no such source"):
        build(tmp_path / "nope", tmp_path / "out")


def test_base_iri_setting_changes_instance_iris(small_corpus, corpus_build, tmp_path):
    # the records do not depend on the base: read from the caches, mapped anew
    result = build(small_corpus, copy_caches(corpus_build.out, tmp_path / "out"), base="https://example.org/kg/")
    assert "https://example.org/kg/id/graph/vocabularies" in result.triples_by_graph
    assert b"https://w3id.org/budgetkg/id/" not in result.nquads.read_bytes()


def test_rebuild_from_the_caches_is_byte_identical_to_a_cold_build(corpus_build, tmp_path):
    corpus_copy, out = copy_of(corpus_build, tmp_path)
    warm = build(corpus_copy, out)
    assert all(d.cached and d.graph_cached for d in warm.documents)
    assert warm.nquads.read_bytes() == corpus_build.nquads.read_bytes()
    assert warm.trig.read_bytes() == corpus_build.trig.read_bytes()
    assert len(named_quads(open_store(out))) == len(corpus_build.nquads.read_bytes().splitlines())


@pytest.mark.slow  # a cold build of the whole edited corpus to compare with
def test_rebuild_after_editing_one_document_equals_a_cold_build_of_the_edited_sources(corpus_build, tmp_path):
    corpus_copy, out = copy_of(corpus_build, tmp_path)
    edited = corpus_copy / "004_d431fbb1a7fb7554.txt"
    text = edited.read_text(encoding="utf-8")
    # the 本级 unit printed without its region: a new altLabel of a department other documents print too
    edited.write_text(text.replace("武汉市洪山区卫生健康局本级", "洪山区卫生健康局本级", 1), encoding="utf-8")
    warm = build(corpus_copy, out)
    cold = build(corpus_copy, tmp_path / "cold")
    assert warm.nquads.read_bytes() == cold.nquads.read_bytes()
    assert warm.trig.read_bytes() == cold.trig.read_bytes()
    # the store was updated graph by graph from the previous one: it must hold exactly the new quads
    dumped = pyoxigraph.serialize(named_quads(open_store(out)), format=pyoxigraph.RdfFormat.N_QUADS).splitlines(keepends=True)
    assert b"".join(sorted(dumped)) == cold.nquads.read_bytes()
    assert not {d.file: d for d in warm.documents}["004_d431fbb1a7fb7554.txt"].graph_cached


def test_appending_a_blank_line_remaps_only_that_document_and_changes_only_its_hash(small_corpus, small_build,
                                                                                    tmp_path):
    out = built(small_build, tmp_path / "out")
    before = set(small_build.nquads.read_bytes().splitlines())
    changed = small_corpus / "002_39730af7c994b814.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_build = build(small_corpus, out)
    assert {d.file: d.graph_cached for d in after_build.documents} == {
        "001_697358ee9d9e0519.txt": True, "002_39730af7c994b814.txt": False}
    after = set(after_build.nquads.read_bytes().splitlines())
    graph = f"<{ID}document/002_39730af7c994b814> .".encode()
    sha = b"<https://w3id.org/budgetkg/ontology#sha256>"
    assert before - after and all(sha in line and line.endswith(graph) for line in before ^ after)


@pytest.mark.slow  # three rebuilds, one after another
def test_graph_cache_keeps_only_the_entries_of_the_latest_build(small_corpus, small_build, tmp_path):
    out = built(small_build, tmp_path / "out")
    changed = small_corpus / "002_39730af7c994b814.txt"
    for n in range(3):
        changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        build(small_corpus, out)
    for cache in ("records", "graphs"):
        entries = [f for d in (out / "cache" / cache).iterdir() for f in d.iterdir()]
        assert len(entries) == 2, cache


def test_strict_build_with_warnings_fails_and_keeps_the_previous_store_and_files(small_corpus, small_build,
                                                                                 tmp_path):
    out = built(small_build, tmp_path / "out")
    good = small_build
    before = {name: (out / name).read_bytes() for name in ("dataset.nq", "dataset.trig", "build.json")}
    before_count = len(open_store(out))
    (small_corpus / "005_broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00" + bytes(range(256)) * 4)
    strict = build(small_corpus, out, strict=True)
    assert strict.rejected and strict.warnings and strict.exit_status == 1
    assert {name: (out / name).read_bytes() for name in before} == before
    assert len(named_quads(open_store(out))) == len(good.nquads.read_bytes().splitlines())
    assert len(open_store(out)) == before_count
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"
    lenient = build(small_corpus, out)
    assert not lenient.rejected and lenient.exit_status == 1  # the broken file failed, the rest is in
    assert "005_broken.txt" in json.loads((out / "build.json").read_text(encoding="utf-8"))["failed"]


PERSONAL_LABELS = ("项目负责人", "填报人", "联系人", "联系电话")


def personal_values(text: str) -> set[str]:
    """What the forms print after 项目负责人/填报人/联系人/联系电话: on the same line after a space,
    tab or colon (PDF text, tab rows), or on the next non-empty line (one cell per line)."""
    lines = text.splitlines()
    found = set()
    for i, line in enumerate(lines):
        for label in PERSONAL_LABELS:
            for m in re.finditer(label + r"[\s:：]*([^\s:：]*)", line):
                value = m.group(1) or next((s.strip(" \t\u3000") for s in lines[i + 1:] if s.strip(" \t\u3000")), "")
                if value and not value.startswith(PERSONAL_LABELS):
                    found.add(value)
    return found


def test_no_official_name_or_phone_number_printed_in_any_layout_reaches_the_graph(corpus_build):
    printed = {p.name[:3]: personal_values(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}
    # the corpus prints them in PDF text (000, 001), tab rows (002) and one cell per line (003)
    assert {"张艳", "88936270"} <= printed["000"] and {"曾好", "02787569850"} <= printed["001"]
    assert {"汪霞", "85481855"} <= printed["002"] and {"吴惠", "15871958027"} <= printed["003"]
    dataset = corpus_build.nquads.read_text(encoding="utf-8") + corpus_build.trig.read_text(encoding="utf-8")
    leaked = {v for values in printed.values() for v in values if v in dataset}
    assert leaked == set()


def test_internal_sections_printed_as_executing_units_are_units_of_the_competent_department(store):
    rows = select(store, """
        SELECT ?unit ?label ?parent WHERE {
          ?unit a org:OrganizationalUnit, org:Organization ; org:unitOf ?parent ; org:subOrganizationOf ?parent ;
                skos:prefLabel ?label .
        }""")
    units = {r["label"]: (r["unit"], r["parent"]) for r in rows}
    dept = ID + "department/420106/卫生健康局"
    assert units["家发科"] == (dept + "/家发科", dept) and units["基卫科"] == (dept + "/基卫科", dept)
    projects = select(store, """SELECT ?name ?unit WHERE { ?p bkg:executingUnit ?unit ; skos:prefLabel ?name }""",
                      unit=pyoxigraph.NamedNode(dept + "/家发科"))
    assert [r["name"] for r in projects] == ["计生一次性奖励经费"]
    named = select(store, """SELECT ?d WHERE { ?d a org:Organization ; skos:prefLabel "家发科"@zh }""")
    assert named == [{"d": dept + "/家发科"}]  # no department of its own any more
