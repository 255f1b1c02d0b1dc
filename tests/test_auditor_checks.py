"""The checks a disclosure auditor makes, on the real samples: every known contradiction reported
with both places, a real final account with planted errors, and the baseline that lets a
pipeline fail only on new findings."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import shapes
from budgetkg.build import build
from budgetkg.cli import main
from conftest import copy_caches
from shapes.baseline import finding_key
from shapes.render import render

CORPUS = Path(__file__).resolve().parent.parent / "data" / "sources"
FINAL_004 = CORPUS / "004_d431fbb1a7fb7554.txt"
B002, B003, F004 = "002_39730af7c994b814.txt", "003_597bd8ff4493ea7c.txt", "004_d431fbb1a7fb7554.txt"


@pytest.fixture(scope="module")
def outcome(corpus_outcome):
    return corpus_outcome


def places(result) -> set[str]:
    return {f"{p.file}:{p.line_start}" for p in result.sources + result.related}


def reported(outcome, shape: str, here: str, there: str, *figures: str):
    """The results of `shape` quoting both places and naming every figure."""
    return [r for r in outcome.results if r.shape_name == shape and {here, there} <= places(r)
            and all(f in r.message["zh"] and f in r.message["en"] for f in figures)]


# (shape, one place, the other place, the two figures): the seven contradictions of the samples
CONTRADICTIONS = [
    ("ProjectAmountAgreement", f"{B002}:379", f"{B002}:168", "182.2", "152.2"),  # project table vs 说明
    ("ProjectAmountAgreement", f"{B002}:379", f"{B002}:716", "182.2", "152.2"),  # project table vs form
    ("TableTotal", f"{B002}:371", f"{B002}:371", "5101.3", "5131.3"),  # printed total vs its rows
    ("CrossTableAgreement", f"{F004}:106", f"{F004}:200", "33163.28", "33163.29"),
    ("StatementAgreement", f"{B003}:43", f"{B003}:114", "11224.43", "8728.43"),  # 收入 prose vs form
    ("StatementAgreement", f"{B003}:44", f"{B003}:123", "916.73", "728.73"),  # 基本支出 prose vs form
    ("ProjectListTotal", f"{B003}:131", f"{B003}:174", "7999.7", "7835.7"),  # form vs its project list
]


@pytest.mark.parametrize("shape, here, there, first, second",
                         CONTRADICTIONS, ids=[f"{c[0]}-{c[3]}-{c[4]}" for c in CONTRADICTIONS])
def test_every_contradiction_of_the_samples_is_reported_with_both_places(outcome, shape, here, there, first, second):
    found = reported(outcome, shape, here, there, first, second)
    assert found, f"{shape}: {first} ({here}) vs {second} ({there}) not reported"
    assert all(r.severity == "Violation" and r.action == "ReportToPublisher" for r in found)


def test_prose_project_expenditure_against_the_form_is_reported_too(outcome):
    assert reported(outcome, "StatementAgreement", f"{B003}:44", f"{B003}:131", "10295.7", "7999.7")


def test_a_budget_figure_printed_in_元_is_a_unit_slip(outcome):
    (slip,) = [r for r in outcome.results if r.shape_name == "UnitSlip"]
    assert places(slip) == {f"{F004}:512"} and "926.04" in slip.message["zh"] and "3088.63" in slip.message["zh"]


def test_one_cent_between_prose_and_table_is_rounding(outcome):
    (warning,) = [r for r in outcome.results if r.shape_name == "StatementAgreementRounding"]
    assert warning.severity == "Warning" and warning.action == "Accept"
    assert places(warning) == {f"{F004}:536", f"{F004}:289"}


def test_a_name_printed_with_a_wrong_district_is_listed(outcome):
    found = [r for r in outcome.results if r.shape_name == "DepartmentNameVariants" and "武汉市江海区保健医疗办公室" in r.message["zh"]]
    assert found and found[0].severity == "Warning"


def test_the_final_account_publishes_all_nine_tables_and_says_why_one_is_empty(outcome):
    assert not [r for r in outcome.results if r.document == F004
                and r.shape_name in ("RequiredTable", "EmptyTableNote", "HeadingYear")]


def test_the_budget_without_its_two_summary_tables_is_reported(outcome):
    missing = {r.values[0] for r in outcome.results if r.shape_name == "RequiredTable" and r.document == B002}
    assert missing == {"部门收支总表", "部门收入总表"}


def test_every_finding_has_a_line_and_its_chinese_has_no_english_words(outcome):
    for r in outcome.results:
        assert r.line > 0, r
        assert not re.search(r"[A-Za-z]{2,}", r.message["zh"]), r.message["zh"]
        assert r.action in ("ReportToPublisher", "FixSource", "Accept"), r


# --- a real final account with planted errors ------------------------------------------------

# Each planted error: (what, the lines of sample 004 changed, how) — and the one finding it must give.
PLANTED = {
    "prose total differs from the table": ("StatementAgreement", "35754.84"),
    "heading names the previous year": ("HeadingYear", "2023"),
    "三公 total is not the sum of its parts": ("ThreePublicSum", "2.49"),
    "a standard table is missing": ("RequiredTable", "国有资本经营预算支出表"),
    "the year-end balance does not close the account": ("FinalAccountBalance", "35999.59"),
}


def plant_errors(text: str) -> str:
    lines = text.split("\n")

    def change(number: int, old: str, new: str) -> None:
        assert lines[number - 1].count(old) == 1, (number, old, lines[number - 1])
        lines[number - 1] = lines[number - 1].replace(old, new)

    change(443, "支出合计 35745.84 万元", "支出合计 35754.84 万元")
    change(419, "2024 年度部门决算情况说明", "2023 年度部门决算情况说明")
    # the 三公 table's 决算数 total (7th figure of its row) and the prose restating it, alike
    row = lines[412 - 1].split("\t")
    assert row[6] == "2.29"
    row[6] = "2.49"
    lines[412 - 1] = "\t".join(row)
    change(562, "支出决算为 2.29 万元", "支出决算为 2.49 万元")
    # 公开08表 (国有资本经营预算财政拨款支出决算表), from its title to its 空表说明
    start = lines.index("2024 年度国有资本经营预算财政拨款支出决算表")
    end = next(i for i, line in enumerate(lines) if line.startswith("本部门 2024 年度无国有资本经营预算"))
    # 收入支出决算总表: 本年支出合计 35,745.84 + 年末结转和结余 233.75 is the 总计 35,979.59
    change(126, "\t233.75", "\t253.75")
    del lines[start:end + 1]
    return "\n".join(lines)


def findings(sources: Path, out: Path) -> set[tuple[str, str]]:
    """(shape, message) of every result: what is found, wherever the lines moved."""
    build(sources, out)
    return {(r.shape_name, r.message["zh"]) for r in shapes.validate(out).results}


@pytest.fixture(scope="module")
def original_and_planted(tmp_path_factory, corpus_build):
    root = tmp_path_factory.mktemp("planted")
    (root / "original").mkdir()
    (root / "planted").mkdir()
    shutil.copy(FINAL_004, root / "original" / F004)
    text = FINAL_004.read_text(encoding="utf-8")
    (root / "planted" / F004).write_text(plant_errors(text), encoding="utf-8")
    # the original's records come from the corpus build's caches; the planted text is read anew
    original = findings(root / "original", copy_caches(corpus_build.out, root / "out-original"))
    return original, findings(root / "planted", copy_caches(corpus_build.out, root / "out-planted"))


@pytest.mark.slow  # two builds and validations of the final account, end to end
def test_planted_errors_give_exactly_their_findings(original_and_planted):
    original, planted = original_and_planted
    new = planted - original
    assert sorted(shape for shape, _ in new) == sorted(shape for shape, _ in PLANTED.values())
    for shape, figure in PLANTED.values():
        assert [m for s, m in new if s == shape and figure in m], (shape, figure, new)
    assert original - planted == set(), "a planted error hid a finding of the original"


@pytest.mark.slow  # two builds and validations of the final account, end to end
def test_the_unaltered_final_account_gets_none_of_the_planted_findings(original_and_planted):
    original, _ = original_and_planted
    assert not {shape for shape, _ in original} & {shape for shape, _ in PLANTED.values()}


# --- the baseline --------------------------------------------------------------------------

def test_baseline_accepts_the_known_source_errors_and_a_new_one_fails_the_run(corpus_build, corpus_outcome,
                                                                             tmp_path, capsys):
    baseline = tmp_path / "baseline.tsv"
    store = str(corpus_build.out)
    assert main(["validate", "--store", store, "--severity", "Violation", "--write-baseline", str(baseline)]) == 0
    lines = [l for l in baseline.read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
    violations = [r for r in corpus_outcome.results if r.severity == "Violation"]
    assert len(lines) == len({finding_key(r) for r in violations}) > 0
    assert all(len(l.split("\t")) == 6 for l in lines)
    capsys.readouterr()

    assert main(["validate", "--store", store, "--severity", "Violation", "--baseline", str(baseline)]) == 0
    summary = capsys.readouterr().out.splitlines()[0]
    assert summary.startswith("0 violations") and f"{len(violations)} accepted by the baseline" in summary
    assert "hidden by --severity" in summary

    # the same corpus with one more error: 001's prose states 人员经费 other than its table
    sources = tmp_path / "sources"
    shutil.copytree(CORPUS, sources)
    path = sources / "001_697358ee9d9e0519.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count("其中人员经费 215.42 万元") == 1
    path.write_text(text.replace("其中人员经费 215.42 万元", "其中人员经费 225.42 万元"), encoding="utf-8")
    build(sources, copy_caches(corpus_build.out, tmp_path / "out"))  # reads and maps 001 only
    capsys.readouterr()
    assert main(["validate", "--store", str(tmp_path / "out"), "--severity", "Violation",
                 "--baseline", str(baseline), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(r["shape_name"], r["document"]) for r in data["results"]] == [("StatementAgreement", "001_697358ee9d9e0519.txt")]
    assert data["accepted_by_baseline"] == len(violations)


def test_a_broken_baseline_file_is_an_error_naming_its_line(corpus_build, tmp_path, capsys):
    baseline = tmp_path / "baseline.tsv"
    baseline.write_text("# comment\nnot a finding\n", encoding="utf-8")
    assert main(["validate", "--store", str(corpus_build.out), "--baseline", str(baseline)]) == 2
    assert f"{baseline}:2:" in capsys.readouterr().err


def test_json_report_names_no_line_0_and_says_what_to_do(corpus_outcome):
    data = json.loads(render(corpus_outcome, "json"))  # the command's --format json: test_validate_cli.py
    places = [p for r in data["results"] for p in r["sources"] + r["related"]]
    assert places and all(p["line"] != 0 for p in places)
    assert all(r["action_label"].get("zh") and r["key"] for r in data["results"])
    assert data["coverage"][F004]["counts"]["standardTablesSeen"] >= 1


def test_tolerance_is_a_setting(corpus_build, monkeypatch, capsys):
    # 2245.67 in the prose against 2245.68 in the table: rounding at 0.01, a violation at 0
    monkeypatch.setenv("BUDGETKG_ROUNDING_TOLERANCE", "0")
    main(["validate", "--store", str(corpus_build.out), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    shapes_found = {(r["shape_name"], r["sources"][0]["line"]) for r in data["results"] if r["document"] == F004}
    assert ("StatementAgreement", 536) in shapes_found and ("StatementAgreementRounding", 536) not in shapes_found


# --- a real disclosure published as two PDFs: the narrative and the tables -------------------

JIANGSU = Path(__file__).resolve().parent.parent.parent / "shared" / "real"
NARRATIVE = "江苏省委办公厅_江苏省委办公厅2019年度部门预算公开文件.pdf"
TABLES = "江苏省委办公厅_江苏省委办公厅2019年度部门预算公开表格.pdf"


@pytest.fixture(scope="module")
def jiangsu_build(tmp_path_factory):
    if not JIANGSU.is_dir():
        pytest.skip("../shared/real/ is not there")
    sources = tmp_path_factory.mktemp("jiangsu")
    for name in (NARRATIVE, TABLES):
        shutil.copy(JIANGSU / name, sources / name)
    out = sources.parent / "jiangsu-out"
    build(sources, out)
    return out


@pytest.mark.slow  # the published PDFs, end to end
def test_narrative_pdf_is_held_against_the_tables_pdf_of_the_same_disclosure(jiangsu_build):
    import pyoxigraph as ox

    outcome = shapes.validate(jiangsu_build)
    assert not [r for r in outcome.results if r.shape_name.startswith(("StatementAgreement", "ThreePublicSum"))]
    # the 三公 and 会议费/培训费 table adds up, and the nine tables count across both files
    assert not [r for r in outcome.results if r.shape_name == "RequiredTable" and "收支总表" in r.values[0]]

    store = shapes.load_data(jiangsu_build)
    rows = list(store.query(
        'SELECT ?s WHERE { ?s <https://w3id.org/budgetkg/ontology#statedSubject> "基本支出" } ORDER BY ?s LIMIT 1',
        use_default_graph_as_union=True))
    statement = rows[0]["s"]
    amount = ox.NamedNode("https://w3id.org/budgetkg/ontology#amountValue")
    (old,) = list(store.quads_for_pattern(statement, amount, None, None))
    store.remove(old)
    store.add(ox.Quad(statement, amount, ox.Literal("11800.63", datatype=old.object.datatype), old.graph_name))
    (found,) = [r for r in shapes.validate(store).results if r.focus == statement.value]
    assert found.shape_name == "StatementAgreement" and "11700.63" in found.message["zh"]
    assert found.sources[0].file == NARRATIVE and found.related[0].file == TABLES
    assert str(found.sources[0]).startswith(f"{NARRATIVE} p.") and found.related[0].page
