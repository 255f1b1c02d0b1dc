"""Every physical layout a table takes reads through the one layout layer.

Each folder under tests/layouts/ is a case: a small document of the genre printing its table
in one layout, and expected.json with the layout the detector must choose and budget lines the
reader must give (code, column, amount in 万元); `absent` lists (code, column) that must not be
read (a blank cell is no amount), `count` the number of coded lines, `names` a row's full name,
`tables` how many budget tables the document holds.  Adding a layout = registering its reader
in kg_build/extract/layouts.py and adding a folder here.
"""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kg_build.extract import extract_source
from kg_build.extract.budget_tables import read_tables
from kg_build.extract.layouts import layouts
from kg_build.records import BudgetLine
from kg_build.source import read_source

CASES = Path(__file__).parent / "layouts"


def _cases():
    return sorted(p for p in CASES.iterdir() if p.is_dir())


def _document(case: Path) -> Path:
    return next(p for p in case.iterdir() if p.name.startswith("document"))


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_layout_case(case):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    source = read_source(_document(case))
    tables = read_tables(source)
    table = next(t for t in tables if expected["table"] in t.region.title)
    assert table.grid.layout == expected["layout"]
    result = extract_source(source)
    lines = [r for r in result.records if isinstance(r, BudgetLine) and expected["table"] in r.table]
    read = {(l.code, l.column): l for l in lines}
    for code, column, amount in expected["lines"]:
        assert (code, column) in read, f"{code} {column} not read; read: {sorted(read, key=str)}"
        assert read[(code, column)].amount == Decimal(amount), (code, column)
    for code, column in expected.get("absent", []):
        assert (code, column) not in read
    if "count" in expected:
        assert len([l for l in lines if l.code]) == expected["count"]
    for code, name in expected.get("names", {}).items():
        assert {l.name for l in lines if l.code == code} == {name}
    if "tables" in expected:
        assert len([t for t in tables if t.entries]) == expected["tables"]
    assert not [w for w in result.warnings if "not read" in w.message or "no coded rows" in w.message]


def test_every_registered_layout_has_a_case():
    detected = {json.loads((c / "expected.json").read_text(encoding="utf-8"))["layout"] for c in _cases()}
    # PDF grids need a PDF: tests/test_real_tables.py reads them from the real disclosures.
    assert {l.name for l in layouts()} - detected == {"pdf_grid"}
