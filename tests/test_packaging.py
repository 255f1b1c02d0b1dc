"""The installed console script works, and every command and setting is documented."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from budgetkg.cli import command_names
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
def test_every_subcommand_has_working_help(command):
    done = subprocess.run([budgetkg_script(), command, "--help"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"budgetkg {command}" in done.stdout


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
