"""`budgetkg queries`, `budgetkg query` and `budgetkg sparql` on the real corpus build."""
from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import cli
from queries import catalogue, get_query


def test_queries_lists_every_named_query_with_its_title_and_parameters(capsys):
    code, out, _ = cli(capsys, "queries")
    assert code == 0
    for q in catalogue():
        line = next(l for l in out.splitlines() if l.split()[0] == q.name)
        assert q.title in line
        for p in q.parameters:
            assert p.name in line


def test_query_csv_starts_with_the_promised_header_row(capsys, store_dir):
    code, out, _ = cli(capsys, "query", "shared-policies", "--format", "csv", "--store", store_dir)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == get_query("shared-policies").columns
    assert "武政办〔2016〕69号" in [r[rows[0].index("doc_number")] for r in rows[1:]]


def test_query_json_with_a_bracketed_doc_number_param_finds_both_citing_projects(capsys, store_dir):
    code, out, _ = cli(capsys, "query", "projects-citing", "--param", "doc_number=武政办[2016]69 号",
                       "--format", "json", "--store", store_dir)
    assert code == 0
    data = json.loads(out)
    assert data["head"]["vars"] == get_query("projects-citing").columns
    bindings = data["results"]["bindings"]
    assert len({b["project"]["value"] for b in bindings}) == 2
    assert all(b["document"]["type"] == "literal" for b in bindings)


def test_query_table_is_the_default_and_ends_with_a_row_count(capsys, store_dir):
    code, out, _ = cli(capsys, "query", "legal-basis", "-p", "project=医疗救助", "-p", "department=洪山区",
                       "--store", store_dir)
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["doc_number", "title", "issuer"]
    assert out.splitlines()[-1] == "(5 rows)"


def test_unknown_query_exits_2_naming_the_known_ones(capsys, store_dir):
    code, _, err = cli(capsys, "query", "legal-basic", "--store", store_dir)
    assert code == 2
    assert "legal-basis" in err and "projects-citing" in err


def test_missing_parameter_exits_2_and_lists_the_parameters(capsys, store_dir):
    code, _, err = cli(capsys, "query", "legal-basis", "--store", store_dir)
    assert code == 2
    assert "missing required parameter project" in err
    assert "department (optional)" in err


def test_unknown_or_malformed_parameter_exits_2(capsys, store_dir):
    assert cli(capsys, "query", "projects", "-p", "regoin=洪山区", "--store", store_dir)[0] == 2
    code, _, err = cli(capsys, "query", "projects", "-p", "洪山区", "--store", store_dir)
    assert code == 2 and "NAME=VALUE" in err


def test_query_without_a_build_exits_2_saying_what_to_run(capsys, tmp_path):
    code, _, err = cli(capsys, "query", "projects", "--store", str(tmp_path / "nothing"))
    assert code == 2
    assert "budgetkg build" in err


def test_sparql_has_the_standard_prefixes_predeclared(capsys, store_dir):
    code, out, _ = cli(capsys, "sparql", "SELECT (COUNT(?d) AS ?n) WHERE { ?d a bkg:SourceDocument }",
                       "--format", "csv", "--store", store_dir)
    assert code == 0
    assert out.splitlines() == ["n", "5"]


def test_sparql_reads_a_query_file(capsys, store_dir, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT ?id WHERE { ?p eli:id_local ?id FILTER(STRSTARTS(?id, '武民办')) }", encoding="utf-8")
    code, out, _ = cli(capsys, "sparql", "--file", str(f), "--format", "csv", "--store", store_dir)
    assert code == 0
    assert out.splitlines() == ["id", "武民办〔2018〕22号"]


def test_sparql_syntax_error_exits_2(capsys, store_dir):
    code, _, err = cli(capsys, "sparql", "SELECT ?x WHERE { ?x", "--store", store_dir)
    assert code == 2
    assert "does not parse" in err


def test_sparql_refuses_an_update(capsys, store_dir):
    code, _, err = cli(capsys, "sparql", "DELETE WHERE { ?s ?p ?o }", "--store", store_dir)
    assert code == 2
