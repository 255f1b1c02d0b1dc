"""Reading PDFs: page text and table grids as numbered lines, pages kept, bad PDFs reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from kg_build.extract import extract_path
from kg_build.pdf_source import join_wrapped, parse_pdf
from kg_build.source import list_sources, parse_source, read_source
from kg_build.source_text import SourceError
from pdf_samples import make_pdf

REAL = ROOT.parent / "shared" / "real"
TABLES_2018 = REAL / "江苏省委办公厅_江苏省委办公厅2018年度部门预算公开表.pdf"
NARRATIVE_2018 = REAL / "江苏省委办公厅_江苏省委办公厅2018年度部门预算公开文件.pdf"


@pytest.fixture(scope="module")
def tables_2018():
    return read_source(TABLES_2018)


def test_pdf_files_in_a_sources_folder_are_sources():
    found = list_sources([REAL])
    assert len([p for p in found if p.suffix == ".pdf"]) == 16
    assert all(p.suffix == ".pdf" for p in found)  # the folder's README.md is not a document


def test_table_rows_become_tab_separated_lines_on_their_page(tables_2018):
    # 财政拨款支出预算表, page 7 of the printed file: 201 一般公共服务支出 20,153.75
    number = tables_2018.lines.index("201\t一般公共服务支出\t20,153.75") + 1
    assert tables_2018.page_of(number) == 7
    assert tables_2018.line(number + 3) == "2013102\t一般行政管理事务\t12,081.46"
    assert tables_2018.prov(number).page == 7


def test_caption_spanning_a_table_stays_as_its_printed_lines(tables_2018):
    table = tables_2018.pdf_tables[0]
    assert table.page == 3
    assert tables_2018.line(table.first_line) == "收支预算总表"
    assert tables_2018.line(table.first_line + 1) == "部门：中共江苏省委办公厅 单位：万元"
    assert table.rows[0][1:] == [None] * (len(table.rows[0]) - 1)  # the grid itself is kept as drawn
    assert tables_2018.line(table.last_line) == "收入合计\t24,458.43\t支出合计\t\t\t24,458.43"


def test_each_grid_row_points_at_its_text_line(tables_2018):
    for table in tables_2018.pdf_tables:
        for row, line in zip(table.rows, table.row_lines):
            if line is None:
                assert not any(row)
                continue
            first = next(c for c in row if c)
            assert join_wrapped(first).split("\t")[0][:4] in tables_2018.line(line).replace("\t", "") or \
                first.split("\n")[0].strip() == tables_2018.line(line)
            assert tables_2018.page_of(line) == table.page


def test_page_text_keeps_page_order_and_drops_running_page_numbers():
    src = read_source(NARRATIVE_2018)
    assert src.pages == 13
    assert src.line(1) == "江苏省委办公厅2018年度部门预算公开"
    assert src.page_of(1) == 1
    assert src.line(src.page_starts[2]) == "第一部分 部门概况"  # page 3 starts with it (so does the contents)
    # page 3 ends with the printed page number "1": it is not a line of the text
    assert src.line(src.page_starts[3] - 1) == "10．完成省委交办的其它任务。"


def test_cell_wrapping_is_joined_without_spaces_in_chinese_and_with_one_in_latin():
    assert join_wrapped("一般公共预算“三公”经\n费支出") == "一般公共预算“三公”经费支出"
    assert join_wrapped("1,234,\n567.00") == "1,234,567.00"
    assert join_wrapped("Public\nservices") == "Public services"
    assert join_wrapped(None) == ""


def test_bold_faked_by_printing_glyphs_twice_reads_once():
    src = parse_pdf("bold.pdf", make_pdf(["Budget 2024\nTotal 1,234.50"], overprint=True))
    assert src.lines == ["Budget 2024", "Total 1,234.50"]


def test_pdf_encrypted_only_against_copying_and_printing_is_read():
    data = make_pdf(["Budget 2024", None, "Total 1,234.50"], restricted=True)
    assert b"/Encrypt" in data and b"Budget" not in data  # the text is there only encrypted
    src = parse_pdf("protected.pdf", data)
    assert src.lines == ["Budget 2024", "Total 1,234.50"]
    assert src.pages_without_text == [2]


def test_encrypted_pdf_is_refused_by_name():
    with pytest.raises(SourceError, match="encrypted PDF: it needs a password") as err:
        parse_pdf("locked.pdf", make_pdf(["Budget"], encrypted=True))
    assert str(err.value).startswith("locked.pdf: ")


def test_scanned_pdf_without_text_layer_is_refused_naming_its_pages():
    with pytest.raises(SourceError, match="no text layer on any of its 2 pages") as err:
        parse_pdf("scan.pdf", make_pdf([None, None]))
    assert str(err.value).startswith("scan.pdf p.1: ")


def test_scanned_page_among_text_pages_is_reported_by_page_and_the_rest_is_read():
    src = parse_pdf("mixed.pdf", make_pdf(["First page text", None, "Third page text"]))
    assert src.lines == ["First page text", "Third page text"]
    assert [str(n) for n in src.notes] == [
        "mixed.pdf p.2: page 2 has no text layer: it prints only images or drawings (a scanned page?); "
        "nothing read from it"]
    assert src.page_of(2) == 3


def test_truncated_pdf_is_refused_as_damaged(tmp_path):
    data = TABLES_2018.read_bytes()
    with pytest.raises(SourceError, match="damaged or truncated PDF.*ends without %%EOF"):
        parse_pdf("cut.pdf", data[: len(data) // 2])


def test_pdf_under_a_text_name_is_refused_with_a_hint():
    with pytest.raises(SourceError, match="rename it to .pdf"):
        parse_source("report.txt", make_pdf(["text"]))


def test_pdf_that_is_not_a_disclosure_is_reported_with_page_and_line(tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(make_pdf(["Minutes of the staff meeting", "Lunch menu for the week"]))
    result = extract_path(path)
    assert result.ok and not result.records
    assert str(result.warnings[0]).startswith("minutes.pdf p.1:1: document: not a budget disclosure")


def test_unreadable_pdf_is_a_failed_document_with_a_clear_warning(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf(["x"], encrypted=True))
    result = extract_path(path)
    assert not result.ok
    assert [str(w) for w in result.warnings] == [
        "locked.pdf: encrypted PDF: it needs a password to open (or uses an unsupported encryption); nothing read"]


def test_warnings_of_a_pdf_name_the_page(tables_2018):
    from kg_build.extract import Context

    ctx = Context(tables_2018)
    line = tables_2018.lines.index("201\t一般公共服务支出\t20,153.75") + 1
    ctx.warn("a figure out of place", line)
    assert str(ctx.warnings[0]) == f"{TABLES_2018.name} p.7:{line}: a figure out of place"


@pytest.mark.slow  # parses every real PDF
def test_every_real_pdf_reads_into_pages_and_lines():
    for path in sorted(REAL.glob("*.pdf")):
        src = read_source(Path(path))
        assert src.pages >= 12, path.name
        assert len(src.lines) > 150, path.name
        assert src.page_starts == sorted(src.page_starts), path.name


def test_bad_pdfs_among_sources_are_reported_by_name_and_page_and_the_others_build(tmp_path):
    from budgetkg.build import build

    sources = tmp_path / "sources"
    sources.mkdir()
    good = REAL / "江苏省人大办公厅_江苏省人大常委会办公厅2019年部门预算公开表.pdf"
    (sources / good.name).write_bytes(good.read_bytes())
    (sources / "locked.pdf").write_bytes(make_pdf(["Budget"], encrypted=True))
    (sources / "scan.pdf").write_bytes(make_pdf([None, None, None]))
    (sources / "cut.pdf").write_bytes(TABLES_2018.read_bytes()[:60000])
    (sources / "minutes.pdf").write_bytes(make_pdf(["Minutes of the staff meeting"]))
    result = build(sources, tmp_path / "out")
    status = {d.file: d.status for d in result.documents}
    assert status == {good.name: "built", "locked.pdf": "failed", "scan.pdf": "failed", "cut.pdf": "failed",
                      "minutes.pdf": "built"}
    warnings = [str(w) for w in result.warnings]
    assert "locked.pdf: encrypted PDF: it needs a password to open (or uses an unsupported encryption); nothing read" \
        in warnings
    assert any(w.startswith("scan.pdf p.1: no text layer on any of its 3 pages") for w in warnings)
    assert any(w.startswith("cut.pdf: damaged or truncated PDF") for w in warnings)
    assert any(w.startswith("minutes.pdf p.1:1: document: not a budget disclosure") for w in warnings)
    assert result.store.is_dir() and result.triples > 1000


def test_extract_command_reads_a_pdf_with_page_provenance_and_coverage(tmp_path):
    import json

    from budgetkg.cli import main

    out = tmp_path / "records"
    assert main(["extract", str(TABLES_2018), "--out", str(out)]) == 0
    [document] = [json.loads(l) for l in (out / "document.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (document["department"], document["fiscal_year"], document["prov"]["page"]) == ("中共江苏省委办公厅", 2018, 1)
    rows = [json.loads(l) for l in (out / "budget_line.jsonl").read_text(encoding="utf-8").splitlines()]
    row = next(r for r in rows if r["code"] == "2013101" and r["amount"] == "8072.29")
    assert row["prov"]["page"] in (7, 9) and row["prov"]["quote"].startswith("2013101\t行政运行\t8,072.29")
    [coverage] = [json.loads(l) for l in (out / "reading_coverage.jsonl").read_text(encoding="utf-8").splitlines()]
    assert coverage["pages"] == 15 and coverage["coded_lines_seen"] >= 90
