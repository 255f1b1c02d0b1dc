"""Goals and indicators read from the target tables of the sample corpus and of other layouts."""
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CORPUS
from kg_build.extract import Context
from kg_build.extract.performance import read_performance
from kg_build.records import Goal, Indicator
from kg_build.source import read_source

GENRE = Path(__file__).resolve().parent / "genre" / "performance"


def _read(path: Path):
    src = read_source(path)
    ctx = Context(src)
    records = list(read_performance(src, ctx))
    return records, ctx.warnings


@pytest.fixture(scope="module")
def corpus():
    return {p.name[:3]: _read(p) for p in sorted(CORPUS.glob("*.txt"))}


def indicators(records, **match):
    out = [r for r in records if isinstance(r, Indicator)]
    return [r for r in out if all(getattr(r, k) == v for k, v in match.items())]


def value(ind, role):
    return [v for v in ind.values if v.role == role]


# Counted by hand: rows of every target table of each document.
@pytest.mark.parametrize("doc,low,high", [("000", 46, 50), ("001", 38, 42), ("002", 80, 84), ("003", 120, 125), ("004", 0, 0)])
def test_every_target_table_row_becomes_an_indicator(corpus, doc, low, high):
    assert low <= len(indicators(corpus[doc][0])) <= high


def test_pdf_layout_long_term_indicator_keeps_target_and_basis(corpus):
    [ind] = indicators(corpus["000"][0], owner_project="城乡医疗救助", horizon="长期", name="资助参保人次数")
    [target] = value(ind, "target")
    assert (target.comparator, target.number, target.unit, target.year) == ("≥", Decimal("3600"), "人次", 2024)
    assert ind.basis == "计划数据" and (ind.level1, ind.level2) == ("产出指标", "数量指标")


def test_pdf_layout_name_broken_over_lines_is_joined_and_past_value_read(corpus):
    [ind] = indicators(corpus["000"][0], owner_project="城乡医疗救助", horizon="年度", name="资助参保人次数")
    assert value(ind, "target")[0].raw == "≥3600人次"
    assert [v.number for v in value(ind, "past")] == [Decimal("4048")]


def test_pdf_layout_cut_level_words_are_completed(corpus):
    inds = indicators(corpus["000"][0], owner_project="城乡医疗救助", name="救助对象满意度")
    assert inds and all(i.level1 == "满意度指标" and i.level2 == "服务对象满意度" for i in inds)


def test_pdf_layout_cells_repeated_in_one_row_are_told_apart(corpus):
    [ind] = indicators(corpus["000"][0], horizon="年度", name="按预定进度完成")
    assert [v.raw for v in ind.values] == ["按预定进度完成"] * 3
    assert [v.year for v in ind.values] == [2022, 2023, 2024]


def test_pdf_layout_unit_cut_from_its_figure_is_rejoined(corpus):
    [ind] = indicators(corpus["000"][0], name="企业退休职工计生一次性奖励标准")
    assert (value(ind, "target")[0].number, value(ind, "target")[0].unit) == (Decimal("3500"), "元/人")
    assert ind.level2 == "成本指标"


def test_department_form_in_pdf_text_reads_text_values_and_years(corpus):
    [ind] = indicators(corpus["001"][0], owner_department="武汉市洪山区医疗保障局", horizon="年度", name="工作考核等级")
    assert [(v.role, v.year, v.raw) for v in ind.values] == [("past", 2022, "优秀"), ("past", 2023, "优秀"), ("target", 2024, "优秀")]
    assert ind.basis == "计划标准"


def test_fraction_value_keeps_its_number_without_unit(corpus):
    [ind] = indicators(corpus["001"][0], horizon="长期", name="设备维护满意度")
    assert (ind.values[0].number, ind.values[0].unit) == (Decimal("0.98"), None)


def test_tab_layout_department_indicators_per_goal(corpus):
    recs = corpus["002"][0]
    hospitals = indicators(recs, owner_department="武汉市江汉区保健医疗办公室", name="定点社区卫生室配置完成数")
    by_horizon = {(i.horizon, i.goal_index): [v.raw for v in i.values] for i in hospitals}
    assert by_horizon[("长期", 1)] == ["9家"]
    assert by_horizon[("年度", 1)] == ["6家", "6家", "9家"]
    [standard] = indicators(recs, horizon="长期", goal_index=3, name="补助标准")
    assert (standard.values[0].number, standard.values[0].unit, standard.level2) == (Decimal("66"), "元/人", "成本控制")


def test_tab_layout_project_annual_row_carries_range_and_weight(corpus):
    [ind] = indicators(corpus["002"][0], owner_project="保优离人员医疗费", horizon="年度", name="预算执行率")
    target = value(ind, "target")[0]
    assert (target.comparator, target.number, target.upper, target.unit) == ("range", Decimal("97"), Decimal("100"), "%")
    assert ind.weight == Decimal("10") and ind.basis == "工作计划"
    assert (ind.level1, ind.level2) == ("成本指标", "经济成本指标")


def test_tab_layout_rows_shifted_by_empty_cells_keep_their_levels(corpus):
    [ind] = indicators(corpus["002"][0], horizon="年度", goal_index=3, name="享受子女互助合作医疗人员审核率")
    assert (ind.level1, ind.level2) == ("产出指标", "产出质量")
    assert [v.raw for v in ind.values] == ["100%", "100%", "100%"]


def test_cell_per_line_layout_reads_text_values_and_goal_numbers(corpus):
    recs = corpus["003"][0]
    [ind] = indicators(recs, owner_department="通城县医疗保障局", horizon="长期", name="医疗救助对象人次规模")
    assert ind.goal_index == 4 and ind.values[0].raw == "符合救助条件的对象按规定纳入救助范围"
    assert ind.values[0].comparator == "text" and ind.basis == "行业标准"
    [cost] = indicators(recs, owner_department="通城县医疗保障局", horizon="年度", name="特殊人群购买咸惠保财政补助标准")
    assert [v.raw for v in cost.values] == ["0", "99元/人", "99元/人"] and cost.goal_index == 4


def test_cell_per_line_project_table_infers_first_level_from_second(corpus):
    [ind] = indicators(corpus["003"][0], owner_project="城乡居民基本医疗保险补助", horizon="长期", name="参保人数（人）")
    assert (ind.level1, ind.level2, ind.values[0].number) == ("产出指标", "数量指标", Decimal("399514"))


def test_goals_are_read_with_horizon_and_index(corpus):
    goals = [r for r in corpus["002"][0] if isinstance(r, Goal)]
    dept = {(g.horizon, g.index) for g in goals if g.owner_department == "武汉市江汉区保健医疗办公室"}
    assert {("长期", 1), ("长期", 2), ("长期", 3), ("年度", 1), ("年度", 2), ("年度", 3)} <= dept
    [g] = [g for g in corpus["000"][0] if isinstance(g, Goal) and g.owner_project == "城乡医疗救助" and g.horizon == "长期"]
    assert g.index == 1 and g.text.startswith("为减轻困难居民") and g.text.endswith("资助合规度100%。")


def test_personal_data_never_enters_records(corpus):
    for records, _ in corpus.values():
        for r in records:
            text = repr(r)
            assert "联系电话" not in text and "填报人" not in text and "87569960" not in text


# ------------------------------------------------------------------ other regions and layouts


def test_markdown_table_of_another_region_and_year():
    records, _ = _read(GENRE / "markdown_project_2025.md")
    # the Markdown form row names the project: every indicator is that project's, by its code
    assert {(i.owner_project, i.owner_department) for i in indicators(records)} == {("51010525012T000000031", None)}
    [ind] = indicators(records, horizon="年度", name="补贴发放人数")
    assert [(v.role, v.year, v.raw) for v in ind.values] == [("past", 2023, "1100人"), ("past", 2024, "1150人"), ("target", 2025, "≥1200人")]
    assert ind.weight == Decimal("20") and ind.basis == "计划标准"
    [cost] = indicators(records, horizon="年度", name="人均补贴标准")
    assert (cost.level1, cost.level2) == ("成本指标", "经济成本指标")
    [words] = indicators(records, horizon="长期", name="老年人满意度")
    assert (words.values[0].comparator, words.values[0].number) == ("≥", Decimal("95"))


def test_html_table_with_printed_years_and_unicode_comparators():
    records, _ = _read(GENRE / "html_department_2023.html")
    [ind] = indicators(records, horizon="年度", name="保障学校数")
    assert [(v.year, v.comparator) for v in ind.values] == [(2021, "="), (2022, "="), (2023, ">")]
    [timely] = indicators(records, horizon="长期", name="经费拨付及时率")
    assert (timely.values[0].comparator, timely.values[0].number, timely.values[0].unit) == ("≥", Decimal("98"), "%")
    assert all(i.owner_department == "长沙市岳麓区教育局" for i in indicators(records))
    assert "王某某" not in repr(records)


def test_broken_line_layout_of_another_region():
    records, _ = _read(GENRE / "broken_lines_project_2025.txt")
    names = {(i.horizon, i.name) for i in indicators(records)}
    assert {("长期", "临时救助人次数"), ("长期", "救助对象认定准确率"), ("年度", "临时救助人次数"), ("年度", "人均救助标准")} <= names
    [annual] = indicators(records, horizon="年度", name="临时救助人次数")
    assert annual.owner_project == "45010225031T000000007"
    assert value(annual, "target")[0].number == Decimal("800") and value(annual, "past")[0].raw == "912"
    [cost] = indicators(records, name="人均救助标准")
    # A lone 成本指标 below 产出指标 rows is the older forms' second level.
    assert (cost.values[0].unit, cost.level1, cost.level2, cost.basis) == ("元/人", "产出指标", "成本指标", "计划数据")
    [sat] = indicators(records, name="救助对象满意度")
    assert (sat.level1, sat.level2) == ("满意度指标", "服务对象满意度")


# ------------------------------------------------------------------ PDF rows interleaved with a wrapped basis


def test_pdf_name_wrapped_below_its_figures_keeps_its_tail(corpus):
    records, _ = corpus["000"]
    project = "42010624503T000000102"
    [ind] = indicators(records, owner_project=project, horizon="年度", name="肺结核患者管理率")
    assert ind.prov.line_start == 941 and [v.raw for v in ind.values] == ["≥90%"] * 3
    assert not indicators(records, owner_project=project, name="肺结核患者")


def test_no_indicator_name_is_a_piece_of_a_document_number_or_sentence(corpus):
    from kg_build.extract.indicator_vocabulary import is_text_fragment

    names = [i.name for recs, _ in corpus.values() for i in indicators(recs)]
    assert len(names) > 250
    assert [n for n in names if is_text_fragment(n) or "〔" in n] == []


def test_basis_cell_spanning_rows_is_rejoined_across_the_rows_printed_beside_it(corpus):
    records, _ = corpus["000"]
    [ind] = indicators(records, owner_project="42010624503T000000102", horizon="年度", name="0-6岁儿童健康管理率")
    assert ind.basis == ("市财政局关于下达2023年中央财政基本公共卫生服务补助资金预算的通知（武财社〔2023〕558号、"
                         "根据省、市、区年度方案并结合实际情况制定")


def test_interleaved_basis_and_wrapped_names_in_pdf_text_of_another_district():
    records, _ = _read(GENRE / "pdf_interleaved_basis_2024.txt")
    names = [i.name for i in indicators(records)]
    assert names == ["糖尿病患者规范管理率", "高血压患者规范管理率", "老年人健康管理率", "筛查随访完成率"]
    [first] = indicators(records, name="糖尿病患者规范管理率")
    assert first.basis == "市卫健委关于印发2024年慢病防治工作方案的通知（武卫疾控〔2024〕12号、结合本区实际制定"
    assert indicators(records, name="老年人健康管理率")[0].basis is None


# ------------------------------------------------------------------ goals printed side by side


def test_overall_goal_row_gives_the_annual_and_long_term_goal_of_its_columns(corpus):
    goals = [g for g in corpus["003"][0] if isinstance(g, Goal) and g.owner_project == "城乡居民基本医疗保险补助"]
    assert [(g.horizon, g.index, g.prov.line_start) for g in goals] == [("年度", 1, 1162), ("长期", 1, 1164)]
    assert {g.text for g in goals} == {"缓解参保人员的就医负担，为参合城乡居民医保人员支付医疗待遇"}


def test_side_by_side_goals_of_a_tab_separated_form_follow_their_column_order(tmp_path):
    path = tmp_path / "tab_goals.txt"
    path.write_text(
        "某县2024年项目支出绩效目标表\n项目名称\t乡村医生补助\t项目代码\t42122324031T000000015\n"
        "总体目标\t长期绩效目标\t年度绩效目标\n"
        "\t稳定乡村医生队伍，筑牢农村卫生服务网底\t按时足额发放全县乡村医生补助资金\n"
        "年度绩效目标表\n", encoding="utf-8")
    goals = [g for g in _read(path)[0] if isinstance(g, Goal)]
    assert [(g.owner_project, g.horizon, g.text) for g in goals] == [
        ("42122324031T000000015", "长期", "稳定乡村医生队伍，筑牢农村卫生服务网底"),
        ("42122324031T000000015", "年度", "按时足额发放全县乡村医生补助资金"),
    ]


# ---------------------------------------------------------------- a level-2 term printed as the 三级 name

from kg_build.extract.target_tables import find_tables, read_rows  # noqa: E402

_HEADER = "一级指标\t二级指标\t三级指标\t指标值\t指标值确定依据"


def _rows_of(lines):
    rows = []
    for table in find_tables(lines, 2024):
        rows.extend(read_rows(table, lines)[0])
    return [(r.level1, r.level2, r.name, r.values) for r in rows]


def test_satisfaction_name_under_a_satisfaction_level_is_read_as_the_name_in_tab_rows():
    lines = ["年度绩效目标表", _HEADER,
             "产出指标\t数量指标\t救助人次\t≥500人次\t计划数据",
             "满意度指标\t服务对象满意度指标\t服务对象满意度\t≥90%\t问卷调查"]
    assert _rows_of(lines)[-1] == ("满意度指标", "服务对象满意度指标", "服务对象满意度", ["≥90%"])


def test_satisfaction_term_as_the_level_2_cell_stays_a_level_in_tab_rows():
    lines = ["年度绩效目标表", _HEADER,
             "满意度指标\t服务对象满意度\t群众满意率\t≥95%\t问卷调查",
             "\t\t服务对象满意度\t≥90%\t问卷调查"]
    assert _rows_of(lines) == [
        ("满意度指标", "服务对象满意度", "群众满意率", ["≥95%"]),
        # a row under the spanning cells whose only text is the term: its name, a value follows
        ("满意度指标", "服务对象满意度", "服务对象满意度", ["≥90%"]),
    ]


def test_satisfaction_name_under_a_satisfaction_level_is_read_as_the_name_in_pdf_text():
    lines = ["年度绩效目标表", "一级指标 二级指标 三级指标 指标值 指标值确定依据",
             "产出指标 数量指标 救助人次 ≥500人次 计划数据",
             "满意度指标 服务对象满意",
             "度指标",
             "服务对象满意度 ≥90% 问卷调查"]
    assert _rows_of(lines)[-1] == ("满意度指标", "服务对象满意度指标", "服务对象满意度", ["≥90%"])


def test_satisfaction_term_as_the_level_2_cell_stays_a_level_in_pdf_text():
    lines = ["年度绩效目标表", "一级指标 二级指标 三级指标 指标值 指标值确定依据",
             "满意度指标 服务对象满意度 群众满意率 ≥95% 问卷调查"]
    assert _rows_of(lines) == [("满意度指标", "服务对象满意度", "群众满意率", ["≥95%"])]
