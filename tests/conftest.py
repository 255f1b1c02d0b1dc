"""Shared fixtures: the real sample corpus, built once per test session into a real store."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "sources"
OUTPUT = ROOT / "test-output"  # screenshots and reports a person may want to look at

REQUIRE_ALL_TIERS = os.environ.get("BUDGETKG_REQUIRE_ALL_TIERS") == "1"

# The server fixtures (`served`, `site`) are registered here, once: a session fixture imported
# into each test module would start its own server per module.
pytest_plugins = ["server_fixtures"]


def missing_tier(reason: str) -> None:
    """Skip a tier whose tool is absent on a developer machine; fail in CI, where it must run."""
    if REQUIRE_ALL_TIERS:
        pytest.fail(f"required test tier cannot run: {reason}")
    pytest.skip(reason)


def copy_sources(folder: Path, *names: str) -> Path:
    """`folder`/sources holding copies of the named sample documents, for a test to change."""
    src = folder / "sources"
    src.mkdir()
    for name in names:
        shutil.copy(CORPUS / name, src / name)
    return src


def copy_caches(build_dir: Path, out: Path) -> Path:
    """`out` holding a copy of the caches of a finished build, so that a build of sources that
    differ in one document reads and maps only that one (the caches key by content and name)."""
    shutil.copytree(build_dir / "cache", out / "cache")
    return out


def records_of(result, stem: str, record_type: type) -> list:
    """The records of one type read from the document whose file name starts with `stem`."""
    doc = next(d for d in result.documents if d.file.startswith(stem))
    return [r for r in doc.records if isinstance(r, record_type)]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_extraction():
    from kg_build.extract import extract

    return extract([CORPUS])


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """`budgetkg build` of the sample corpus into a fresh directory (a BuildResult)."""
    from budgetkg.build import build

    out = tmp_path_factory.mktemp("build")
    return build(CORPUS, out)


@pytest.fixture(scope="session")
def store_dir(corpus_build) -> str:
    """The corpus build's folder, as the commands' `--store` takes it."""
    return str(corpus_build.out)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process: its exit code, standard output and standard error."""
    from budgetkg.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="session")
def corpus_outcome(corpus_build):
    """The shapes' report on the sample corpus build, shared by the tests that only read it."""
    import shapes

    return shapes.validate(corpus_build.out)
