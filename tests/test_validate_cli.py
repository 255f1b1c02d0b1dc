"""`budgetkg validate`: exit codes, report formats, and the report files left in the build."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from budgetkg.cli import main

FIXTURE = Path(__file__).parent / "shapes_fixtures" / "minimal.trig"


def fixture_build(tmp_path: Path) -> Path:
    """A build directory holding the correct minimal fixture as its dataset.nq."""
    store = ox.Store()
    store.load(path=FIXTURE)
    build = tmp_path / "build"
    build.mkdir()
    (build / "dataset.nq").write_bytes(store.dump(format=ox.RdfFormat.N_QUADS))
    return build


def test_correct_graph_exits_0_and_still_writes_both_reports(tmp_path, capsys):
    build = fixture_build(tmp_path)
    assert main(["validate", "--store", str(build)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 violations, 0 warnings, 0 infos — the graph conforms")
    report = Graph().parse(build / "validation-report.ttl", format="turtle")
    assert (None, SH.conforms, None) in report
    assert "没有发现问题" in (build / "validation-report.html").read_text(encoding="utf-8")


def test_corpus_violations_exit_1_with_text_report_by_document(corpus_build, capsys):
    assert main(["validate", "--store", str(corpus_build.out)]) == 1
    out = capsys.readouterr().out
    assert "== 004_d431fbb1a7fb7554.txt ==" in out
    assert "at 004_d431fbb1a7fb7554.txt:106:" in out and "vs 004_d431fbb1a7fb7554.txt:200:" in out
    report = Graph().parse(corpus_build.out / "validation-report.ttl", format="turtle")
    assert len(set(report.subjects(SH.resultSeverity, SH.Violation))) > 0
    html = (corpus_build.out / "validation-report.html").read_text(encoding="utf-8")
    assert "002_39730af7c994b814.txt:379" in html


def test_json_report_to_file_filtered_by_severity(corpus_build, tmp_path):
    target = tmp_path / "report.json"
    code = main(["validate", "--store", str(corpus_build.out), "--format", "json",
                 "--severity", "Violation", "--output", str(target)])
    assert code == 1
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["results"] and {r["severity"] for r in data["results"]} == {"Violation"}
    assert data["counts"]["Violation"] == len(data["results"])
    assert any(r["shape_name"] == "TableTotal" and r["sources"][0]["line"] in (371, 372) for r in data["results"])


def test_missing_build_exits_2_with_a_message(tmp_path, capsys):
    assert main(["validate", "--store", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "budgetkg validate: error:" in err and "budgetkg build" in err


def test_other_shapes_folder_is_used_instead_of_the_built_in_one(tmp_path, capsys):
    build = fixture_build(tmp_path)
    folder = tmp_path / "shapes"
    folder.mkdir()
    (folder / "strict.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix bkg: <https://w3id.org/budgetkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:example:ProjectAltLabel> a sh:PropertyShape ; rdfs:label "别名"@zh, "Alternative name"@en ;
  sh:targetClass bkg:BudgetProject ; sh:path skos:altLabel ; sh:minCount 1 ; sh:severity sh:Warning ;
  sh:message "项目没有别名。"@zh, "The project has no alternative name."@en .
""", encoding="utf-8")
    assert main(["validate", "--store", str(build), "--shapes", str(folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["shape_name"] for r in data["results"]] == ["ProjectAltLabel"]
    assert data["results"][0]["severity"] == "Warning"


def test_console_script_help_lists_the_options():
    done = subprocess.run([sys.executable, "-m", "budgetkg", "validate", "--help"],
                          capture_output=True, text=True, check=True)
    for option in ("--store", "--shapes", "--format", "--severity", "--output"):
        assert option in done.stdout


def test_readme_documents_every_built_in_shape():
    from rdflib import URIRef

    import shapes

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Validating the graph", 1)[1].split("\n## ", 1)[0]
    graph = shapes.load_shapes()
    named = {str(s).rsplit("#", 1)[1] for s in graph.subjects(SH.severity, None) if isinstance(s, URIRef)}
    assert named and all(f"`{name}`" in section for name in named), sorted(n for n in named if f"`{n}`" not in section)
