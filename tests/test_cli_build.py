"""The `build`, `extract` and `export` commands: arguments, files, exit statuses, messages."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pyoxigraph import RdfFormat, parse

from budgetkg.cli import main
from conftest import CORPUS, copy_caches, copy_sources


@pytest.fixture()
def sources(tmp_path):
    return copy_sources(tmp_path, "001_697358ee9d9e0519.txt", "003_597bd8ff4493ea7c.txt")


@pytest.fixture(scope="module")
def built(corpus_build):
    """The corpus built once per session (the CLI's own build is tested on two documents below)."""
    return corpus_build.out


def test_build_writes_dataset_store_and_summary_and_shows_progress(sources, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--sources", str(sources), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "[extract 1/2] 001_697358ee9d9e0519.txt" in err and "[write 3/3] store" in err
    assert "2/2 built" in err
    for name in ("dataset.nq", "dataset.trig", "build.json"):
        assert (out / name).is_file()
    assert (out / "store").is_dir()


def test_build_exits_1_when_a_document_fails_and_names_it(sources, corpus_build, tmp_path, capsys):
    (sources / "009_scan.txt").write_bytes(b"\x00\x01\x02PDF-binary" * 100)
    out = copy_caches(corpus_build.out, tmp_path / "out")  # the two good documents' records: read once
    assert main(["build", "--sources", str(sources), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "009_scan.txt" in err and "failed" in err and "1/2 built" not in err


def test_build_strict_with_warnings_exits_1_and_swaps_nothing_in(sources, corpus_build, tmp_path, capsys):
    out = copy_caches(corpus_build.out, tmp_path / "out")  # the two good documents' records: read once
    (sources / "009_scan.txt").write_bytes(b"\x00\x01\x02PDF-binary" * 100)
    assert main(["build", "--sources", str(sources), "--out", str(out), "--strict", "--quiet"]) == 1
    assert "not swapped in" in capsys.readouterr().err
    assert not (out / "store").exists() and not (out / "build.json").exists()
    assert main(["build", "--sources", str(sources), "--out", str(out), "--quiet"]) == 1
    warnings = json.loads((out / "build.json").read_text(encoding="utf-8"))["warnings"]
    assert any(w.startswith("009_scan.txt") for w in warnings) and (out / "store").is_dir()


def test_build_of_missing_sources_exits_2_with_a_message(tmp_path, capsys):
    assert main(["build", "--sources", str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert "no such source folder" in capsys.readouterr().err


def test_extract_writes_json_lines_per_record_type_with_decimals_as_strings(tmp_path, capsys):
    out = tmp_path / "records"
    assert main(["extract", str(CORPUS / "001_697358ee9d9e0519.txt"), "--out", str(out)]) == 0
    lines = (out / "budget_line.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines, "the 部门预算 prints budget tables"
    first = json.loads(lines[0])
    assert isinstance(first["amount"], str) and first["prov"]["document"] == "001_697358ee9d9e0519.txt"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["records"]["budget_line"] == len(lines)
    for w in (out / "warnings.txt").read_text(encoding="utf-8").splitlines():
        assert w.startswith("001_697358ee9d9e0519.txt")


@pytest.mark.parametrize("fmt", ["ttl", "nq", "trig", "jsonld"])
def test_export_formats_parse_back_to_the_built_triples(built, tmp_path, fmt):
    target = tmp_path / f"export.{fmt}"
    assert main(["export", "--format", fmt, "--store", str(built), "--output", str(target)]) == 0
    nq_lines = (built / "dataset.nq").read_bytes().splitlines()
    if fmt == "ttl":
        triples = set(parse(target.read_bytes(), RdfFormat.TURTLE))
        union = {line.rsplit(b" <", 1)[0] for line in nq_lines}
        assert len(triples) == len(union)
    else:
        rdf_format = {"nq": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG, "jsonld": RdfFormat.JSON_LD}[fmt]
        quads = set(parse(target.read_bytes(), rdf_format))
        assert len(quads) == len(nq_lines)
        assert len({q.graph_name for q in quads}) == 7  # five documents + vocabularies + derived


def test_export_before_build_exits_2_and_says_to_build(tmp_path, capsys):
    assert main(["export", "--format", "ttl", "--store", str(tmp_path / "empty")]) == 2
    assert "run `budgetkg build" in capsys.readouterr().err


def test_console_script_help_lists_the_build_options():
    out = subprocess.run([sys.executable, "-m", "budgetkg", "build", "--help"], capture_output=True, text=True, check=True)
    for option in ("--sources", "--out", "--strict", "--base"):
        assert option in out.stdout
