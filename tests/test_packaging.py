"""The installed console script works, and every command and setting is documented."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from budgetkg.cli import command_names, main
from budgetkg.settings import settings_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def budgetkg_script() -> str:
    script = Path(sys.executable).parent / "budgetkg"
    found = str(script) if script.exists() else shutil.which("budgetkg")
    assert found, "the `budgetkg` console script is not installed (pip install -e .)"
    return found


def test_console_script_prints_help_listing_every_command():
    out = subprocess.run([budgetkg_script(), "--help"], capture_output=True, text=True, check=True).stdout
    for name in command_names():
        assert name in out


@pytest.mark.parametrize("command", command_names())
def test_every_subcommand_has_working_help(command, capsys):
    # In-process: the console script itself is started by the test above.
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert f"budgetkg {command}" in capsys.readouterr().out


@pytest.mark.parametrize("command", command_names())
def test_every_subcommand_is_documented_in_readme(command):
    assert f"budgetkg {command}" in README, f"README does not document `budgetkg {command}`"


def test_readme_settings_table_is_the_generated_one():
    assert settings_markdown() in README, "README's settings table differs: paste `budgetkg settings --markdown`"


def test_readme_opens_with_setup_and_test_commands():
    blocks = [b.split("```", 1)[0] for b in README.split("```sh")[1:3]]
    assert "budgetkg build" in blocks[0] and "budgetkg serve" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_exactly_the_readme_test_command():
    test_command = [l for l in README.split("```sh")[2].split("```")[0].splitlines() if l and not l.startswith("#")][0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command.strip() in [l.strip() for l in ci]


# Files the installed program reads at run time: each must be in the wheel.
PACKAGE_DATA = ["ontology/budgetkg.ttl", "shapes/completeness.ttl", "shapes/templates/report.html",
                "queries/projects.rq", "server/templates/base.html", "server/static/style.css"]


@pytest.mark.slow
def test_wheel_builds_without_warnings_and_carries_the_package_data(tmp_path):
    # Built from a copy: setuptools works in the source tree's build/, which is also the graph's folder.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__",
                                                                  "test-output", "tests", "bench"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    log = done.stdout + done.stderr
    warnings = [l.strip() for l in log.splitlines() if "Warning" in l]
    assert not warnings, "\n".join(warnings)
    (wheel,) = tmp_path.glob("budgetkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [f for f in PACKAGE_DATA if f not in names] == []
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: Apache-2.0" in metadata
