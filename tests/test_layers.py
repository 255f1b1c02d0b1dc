"""Each package is one stage, and imports only run downward: a stage never imports a stage above it.

The check reads every import statement (late imports inside functions included) with the AST,
so it needs no tool beyond the standard library.
"""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The stages, lowest first. Packages on the same rank are independent of each other.
LAYERS: list[tuple[str, ...]] = [
    ("ontology",),          # the vocabulary: ontology files, prefixes
    ("kg_build",),          # readers: documents → typed records with provenance
    ("linking",),           # printed variants → one node
    ("mappings",),          # records → RDF
    ("store",),             # local pyoxigraph store and remote SPARQL store
    ("shapes", "queries"),  # SHACL validation; named SPARQL queries
    ("server",),            # the SPARQL endpoint and the pages
    ("budgetkg",),          # the CLI, settings and the build orchestration
]
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}


def imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package) of every absolute import in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def upward_imports(root: Path) -> list[str]:
    """Every import, in the stage packages under root, of a package not below the importer."""
    problems = []
    for package, rank in RANK.items():
        for path in sorted((root / package).rglob("*.py")):
            for line, target in imported_packages(path):
                if target in RANK and target != package and RANK[target] >= rank:
                    where = path.relative_to(root).as_posix()
                    problems.append(f"{where}:{line}: {package} (stage {rank}) imports {target} (stage {RANK[target]})")
    return problems


def test_no_import_runs_upward():
    problems = upward_imports(ROOT)
    assert not problems, "imports that run upward or sideways:\n" + "\n".join(problems)


def test_the_check_finds_an_upward_and_a_sideways_import(tmp_path):
    for package in RANK:
        (tmp_path / package).mkdir()
    (tmp_path / "kg_build" / "reader.py").write_text(
        "import re\nfrom ontology.namespaces import BKG\n\ndef late():\n    from mappings.base import mapper\n")
    (tmp_path / "queries" / "named.py").write_text("from . import render\nimport shapes.results\n")
    assert upward_imports(tmp_path) == [
        "kg_build/reader.py:5: kg_build (stage 1) imports mappings (stage 3)",
        "queries/named.py:2: queries (stage 5) imports shapes (stage 5)",
    ]


def test_every_installed_package_has_a_stage():
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    assert {p.split(".")[0] for p in packages} == set(RANK)


def intra_package_cycles(root: Path) -> list[str]:
    """Pairs of modules of one stage package that import each other (at any depth of the module)."""
    edges: dict[str, set[str]] = {}
    for package in RANK:
        for path in (root / package).rglob("*.py"):
            name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
            base = name if path.name == "__init__.py" else name.rpartition(".")[0]
            targets = edges.setdefault(name, set())
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level:
                    parent = base.rsplit(".", node.level - 1)[0] if node.level > 1 else base
                    module = f"{parent}.{node.module}" if node.module else parent
                    folder = root.joinpath(*module.split("."))
                    submodules = {a.name for a in node.names
                                  if (folder / f"{a.name}.py").is_file() or (folder / a.name).is_dir()}
                    targets.update(f"{module}.{name}" for name in submodules)
                    if len(submodules) < len(node.names):  # names defined by the module itself
                        targets.add(module)
                elif isinstance(node, ast.ImportFrom) and node.module:
                    targets.add(node.module)
                elif isinstance(node, ast.Import):
                    targets.update(a.name for a in node.names)
    return sorted(f"{a} ⇄ {b}" for a in edges for b in edges[a] if a < b and a in edges.get(b, ()))


def test_no_two_modules_import_each_other():
    cycles = intra_package_cycles(ROOT)
    assert not cycles, "modules that import each other (late imports included):\n" + "\n".join(cycles)


def test_the_cycle_check_finds_a_late_import_cycle(tmp_path):
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "__init__.py").write_text("def late():\n    from .render import render\n")
    (tmp_path / "queries" / "render.py").write_text("from . import NamedQuery\nfrom . import results\n")
    (tmp_path / "queries" / "results.py").write_text("import re\n")
    assert intra_package_cycles(tmp_path) == ["queries ⇄ queries.render"]


def test_the_readme_draws_the_stages_in_the_order_the_check_enforces():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Architecture", 1)[1].split("```", 2)[1]
    drawn = [tuple(re.findall(r"(?:^|\s{2,})(\w+)/\s", line)) for line in section.splitlines()
             if re.match(r"\w+/\s", line)]
    assert drawn == list(reversed(LAYERS))
