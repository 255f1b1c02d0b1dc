"""One error shape for every command: a one-line message and a documented exit code, never a
traceback for the user's own mistakes, and silence when the reader of the output goes away."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import budgetkg.commands.settings as settings_command
from budgetkg.cli import main
from conftest import ROOT, copy_sources
from kg_build import extract as extraction

FIRST, SECOND = "001_697358ee9d9e0519.txt", "003_597bd8ff4493ea7c.txt"


def test_an_unwritable_output_is_one_line_naming_the_path_and_exit_2(corpus_build, tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "graph.ttl"
    assert main(["export", "--store", str(corpus_build.out), "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("budgetkg export: error: ") and str(target) in err
    assert "No such file or directory" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.fixture()
def reader_that_crashes_on_the_first_document():
    """A plug-in reader (registered the way any plug-in is) with a bug that one document triggers."""

    @extraction.reader("crashes", order=1000)
    def crashes(source, ctx):
        if source.file == FIRST:
            raise ZeroDivisionError("division by zero")
        return []

    yield
    del extraction._READERS["crashes"]


def test_a_crashing_reader_fails_its_document_and_the_build_exits_1(reader_that_crashes_on_the_first_document,
                                                                    tmp_path):
    sources = copy_sources(tmp_path, FIRST, SECOND)
    out = tmp_path / "out"
    assert main(["build", "--sources", str(sources), "--out", str(out), "--quiet"]) == 1
    summary = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert summary["failed"] == [FIRST]  # the other one built
    assert any(w.startswith(FIRST) and "crashes: reader failed: ZeroDivisionError" in w for w in summary["warnings"])
    assert main(["extract", "--out", str(tmp_path / "records"), str(sources)]) == 1


def test_a_bug_in_a_command_is_an_internal_error_exit_3_with_its_traceback(monkeypatch, capsys):
    def broken(args):
        return {}["missing"]

    monkeypatch.setattr(settings_command, "run", broken)
    assert main(["settings"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and "budgetkg settings: error: internal error: KeyError: 'missing'" in err


@pytest.mark.parametrize("argv", [["export", "--format", "nq"], ["query", "budget-lines"], ["sparql", "SELECT * { ?s ?p ?o } LIMIT 5000"]])
def test_a_closed_pipe_ends_the_command_quietly(corpus_build, argv):
    """`budgetkg export … | head -1`: no BrokenPipeError, no traceback, status 0."""
    with subprocess.Popen([sys.executable, "-m", "budgetkg", *argv, "--store", str(corpus_build.out)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) as proc:
        assert proc.stdout.readline()
        proc.stdout.close()  # the reader goes away long before the end of the output
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 0, err
    assert err == ""
