"""Records of every reader refer to projects the way the projects reader names them."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg_build.extract import extract
from kg_build.extract.cells import squeeze
from kg_build.records import (
    BudgetLine, Citation, EvaluationScore, Execution, ExpenditureDetail, FundingSource, Goal, Indicator, Project,
    ProjectAmount,
)

GENRE = Path(__file__).parent / "genre"

# Every field through which a record names a project.
PROJECT_FIELDS = {
    Citation: "citing_project", Goal: "owner_project", Indicator: "owner_project", FundingSource: "project",
    ExpenditureDetail: "project", ProjectAmount: "project", Execution: "project", EvaluationScore: "project",
}


def dangling_references(result) -> list[str]:
    """'file:line Type ref' for every project reference that no Project of the same document carries."""
    out = []
    for doc in result.documents:
        names = {p.code for p in doc.records if isinstance(p, Project) and p.code}
        names |= {squeeze(p.name) for p in doc.records if isinstance(p, Project)}
        for rec in doc.records:
            field = PROJECT_FIELDS.get(type(rec))
            ref = getattr(rec, field) if field else None
            if ref is not None and ref not in names:
                out.append(f"{doc.file}:{rec.prov.line_start} {type(rec).__name__} {ref}")
    return out


def test_every_project_reference_of_the_corpus_names_a_project_of_its_document(corpus_extraction):
    referring = [r for r in corpus_extraction.records if type(r) in PROJECT_FIELDS and getattr(r, PROJECT_FIELDS[type(r)])]
    assert len(referring) > 400  # the check is about something
    assert dangling_references(corpus_extraction) == []


@pytest.mark.parametrize("folder", ["projects", "performance", "citations"])
def test_every_project_reference_of_genre_documents_names_a_project(folder):
    result = extract([GENRE / folder])
    assert dangling_references(result) == []


def test_final_account_prose_listing_functional_items_gives_no_projects(corpus_extraction):
    doc = next(d for d in corpus_extraction.documents if d.file.startswith("004"))
    prose = {p.name for p in doc.records if isinstance(p, Project) and p.source_table == "说明"}
    amounts = [a for a in doc.records if isinstance(a, ProjectAmount) and 480 <= a.prov.line_start <= 486]
    assert not prose and not amounts
    # what the prose names is the functional 项 whose project spending it quotes
    row = next(l for l in doc.records if isinstance(l, BudgetLine) and l.code == "2100102" and l.column == "项目支出")
    assert (row.name, str(row.amount)) == ("一般行政管理事务", "61.09")


def test_prose_project_sharing_a_classification_name_is_kept_when_a_table_lists_it(corpus_extraction):
    doc = next(d for d in corpus_extraction.documents if d.file.startswith("001"))
    assert any(l.code == "21013" and l.name == "医疗救助" for l in doc.records if isinstance(l, BudgetLine))
    prose = [p for p in doc.records if isinstance(p, Project) and p.source_table == "说明" and p.name == "医疗救助"]
    assert [p.prov.line_start for p in prose] == [2247]


def test_project_list_with_a_few_names_like_classification_items_is_still_read_as_projects(corpus_extraction):
    doc = next(d for d in corpus_extraction.documents if d.file.startswith("004"))
    listed = {p.name for p in doc.records if isinstance(p, Project) and p.prov.line_start == 617}
    # 重大公共卫生服务 and 其他卫生健康支出 are also 项 names, but stand among 17 projects
    assert {"重大公共卫生服务", "其他卫生健康支出", "保机构运转", "新生儿听力筛查"} <= listed
    assert len(listed) == 19
