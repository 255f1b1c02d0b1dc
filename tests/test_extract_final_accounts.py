"""Self-evaluation scores and execution read from final-account documents."""
from decimal import Decimal

import pytest

from conftest import CORPUS
from kg_build.extract import Context
from kg_build.extract.final_accounts import read_final_accounts
from kg_build.records import EvaluationScore, Execution
from kg_build.source import parse_source, read_source


def _read(src):
    ctx = Context(src)
    return list(read_final_accounts(src, ctx)), ctx.warnings


@pytest.fixture(scope="module")
def final_account():
    return _read(read_source(CORPUS / "004_d431fbb1a7fb7554.txt"))[0]


def test_each_self_evaluation_gives_one_execution(final_account):
    executions = [r for r in final_account if isinstance(r, Execution)]
    assert len(executions) == 8
    projects = {e.project for e in executions if e.project}
    assert {"计生一次性奖励经费", "基本药物制度补助资金", "医疗服务与保障能力提升"} <= projects


def test_project_execution_figures_are_read_from_prose(final_account):
    [e] = [r for r in final_account if isinstance(r, Execution) and r.project == "计生一次性奖励经费"]
    assert (e.budget, e.executed, e.rate, e.score) == (Decimal("796.6"), Decimal("796.6"), Decimal("100.00"), Decimal("99"))
    assert "执行率 100.00%" in e.prov.quote


def test_department_execution_rate_comes_from_its_own_sentence(final_account):
    executions = [r for r in final_account if isinstance(r, Execution) and r.department]
    by_line = {e.prov.line_start: e for e in executions}
    whole = [e for e in executions if e.rate is not None]
    assert [(e.budget, e.executed, e.rate, e.score) for e in whole] == [
        (Decimal("42784.30"), Decimal("39479.99"), Decimal("92.28"), Decimal("97.63"))]
    # The summary in the 说明 prints amounts with a share (占预算总金额的 92.00%), not a rate.
    assert any(e.rate is None and e.executed == Decimal("37234.31") for e in by_line.values())


def test_score_table_rows_become_evaluation_scores(final_account):
    scores = [r for r in final_account if isinstance(r, EvaluationScore) and r.project == "区基本公共卫生服务"]
    rows = {s.indicator: (s.weight, s.points, s.score) for s in scores}
    assert rows["效益指标"] == (Decimal("6"), Decimal("6"), Decimal("5"))
    assert rows["综合评价"] == (Decimal("100"), Decimal("100"), Decimal("96.81"))
    assert next(s for s in scores if s.indicator == "产出指标").level1 == "产出指标"


def test_budget_documents_without_self_evaluation_give_nothing():
    records, warnings = _read(read_source(CORPUS / "002_39730af7c994b814.txt"))
    assert records == [] and warnings == []


def test_self_evaluation_of_another_region_in_tab_layout():
    text = "\n".join([
        "贵阳市云岩区卫生健康局2023年度部门决算",
        "2023 年度家庭医生签约服务项目自评结果",
        "项目名称\t家庭医生签约服务\t项目代码\t52010323011T000000004",
        "评价指标\t权重\t评级分值\t得分",
        "预算执行情况\t10%\t10\t9.5",
        "产出指标\t50%\t50\t48",
        "综合评价\t100%\t100\t94.5",
        "",
        "家庭医生签约服务项目 2023 年度自评得分为 94.5 分。",
        "项目支出截至 2023 年 12 月 31 日执行金额为 1,180.5 万元，预算总金额为 1,250 万元，执行率 94.44%。",
    ])
    records, _ = _read(parse_source("guiyang.txt", text.encode("utf-8")))
    [e] = [r for r in records if isinstance(r, Execution)]
    assert (e.budget, e.executed, e.rate, e.score) == (Decimal("1250"), Decimal("1180.5"), Decimal("94.44"), Decimal("94.5"))
    scores = [r for r in records if isinstance(r, EvaluationScore)]
    assert [(s.indicator, s.score) for s in scores] == [
        ("预算执行情况", Decimal("9.5")), ("产出指标", Decimal("48")), ("综合评价", Decimal("94.5"))]
    assert e.project == scores[0].project and e.project is not None
