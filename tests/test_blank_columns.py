"""Rows of a text table printing fewer figures than the table has columns."""
from __future__ import annotations

from kg_build.extract.blank_columns import place_short_rows
from kg_build.extract.table_rows import Entry

COLUMNS = ["合计", "基本支出", "项目支出"]


def _row(code, *figures):
    kind = "total" if code is None else "functional"
    return Entry(code, kind, ["x"], [(COLUMNS[i], f, 1) for i, f in enumerate(figures)])


def _columns(entry):
    return [c for c, _, _ in entry.amounts]


def test_the_only_placement_that_adds_up_to_the_parent_is_taken():
    rows = [_row(None, "30.00", "10.00", "20.00"), _row("201", "30.00", "10.00", "20.00"),
            _row("20101", "10.00", "10.00"), _row("20102", "20.00", "20.00")]
    place_short_rows(rows, COLUMNS)
    assert [_columns(r) for r in rows[2:]] == [["合计", "基本支出"], ["合计", "项目支出"]]


def test_two_placements_that_both_add_up_leave_the_reading_order():
    # 10 + 10 under a parent of 10 | 10: either child may be either part
    rows = [_row(None, "20.00", "10.00", "10.00"), _row("20101", "10.00", "10.00"), _row("20102", "10.00", "10.00")]
    place_short_rows(rows, COLUMNS)
    assert [_columns(r) for r in rows[1:]] == [["合计", "基本支出"], ["合计", "基本支出"]]


def test_figures_that_do_not_add_up_to_the_row_total_are_not_moved():
    rows = [_row(None, "30.00", "10.00", "20.00"), _row("201", "30.00", "20.00")]
    place_short_rows(rows, COLUMNS)
    assert _columns(rows[1]) == ["合计", "基本支出"]


def test_a_table_whose_first_column_is_no_total_is_left_alone():
    columns = ["年初结转和结余", "本年收入", "本年支出"]
    rows = [Entry(None, "total", ["合计"], [(columns[0], "5.00", 1), (columns[1], "5.00", 1), (columns[2], "0.00", 1)]),
            Entry("201", "functional", ["x"], [(columns[0], "5.00", 1), (columns[1], "5.00", 1)])]
    place_short_rows(rows, columns)
    assert _columns(rows[1]) == columns[:2]
