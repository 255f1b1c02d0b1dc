"""Typed records passed from extraction to the mapping scripts.

Every record carries a :class:`Provenance`: the document's file name, the first and last
line (1-based, inclusive) of the text it was read from, and that text quoted.  Amounts are
``Decimal`` in 万元; the printed figure and unit are kept beside them.

Records refer to each other by *references* that are plain strings printed in the document
(a project code, or a project name; a department name), never by IRIs: deciding which
printed names are the same thing is the linker's job (``linking``), and minting IRIs
is the mappings' job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Optional, Union, get_args

DocumentKind = Literal["部门预算", "部门决算", "绩效目标表", "绩效自评"]
Phase = Literal["预算", "决算"]
GoalHorizon = Literal["长期", "年度"]
ValueRole = Literal["target", "past", "achieved"]
# Where a project is printed (Project.source_table): the budget's project table, the 项目支出情况
# block of a department's form, the project's performance form, its self-evaluation, or prose.
SourceTable = Literal["项目支出表", "项目支出情况", "绩效目标表", "自评", "说明"]
PROJECT_TABLE: SourceTable = "项目支出表"  # the source whose budget figures a project keeps
# What a printed project amount is (ProjectAmount.kind, bkg:amountKind).
AmountKind = Literal["total", "current_year", "earlier_year", "budget", "executed"]


@dataclass(frozen=True)
class Provenance:
    document: str  # file name, as found in the sources folder
    line_start: int  # 1-based
    line_end: int  # inclusive
    quote: str  # the source text, lines joined with "\n"
    # PDF page (1-based) that prints line_start; None for text sources.  Line numbers stay
    # global to the document (they key IRIs); the page is where a reader finds them.
    page: Optional[int] = None

    def where(self) -> str:
        return where(self.document, self.line_start, self.page)


@dataclass
class Document:
    file: str
    sha256: str
    title: str
    kind: Optional[str]  # one of DocumentKind, None when not recognised
    fiscal_year: Optional[int]
    region_code: Optional[str]  # 行政区划 code, e.g. "420111"
    region_name: Optional[str]  # e.g. "洪山区"
    department: Optional[str]  # publishing department as printed (fullest form)
    prov: Provenance


@dataclass
class Organisation:
    """A department or budget unit named in a document."""

    name: str  # as printed (fullest form seen at this place)
    code: Optional[str]  # budget unit code, e.g. "043" or "043001"
    parent_name: Optional[str]
    parent_code: Optional[str]
    region_code: Optional[str]
    role: str  # "department" | "unit" | "issuer" ...
    prov: Provenance


@dataclass
class Project:
    name: str
    code: Optional[str]  # e.g. "42011124043T000000101", whitespace removed
    department: Optional[str]  # 主管部门 as printed
    executing_unit: Optional[str]  # 执行单位 / 项目单位 as printed
    category: Optional[str] = None  # 项目类型 / 项目类别 (the ticked option)
    frequency: Optional[str] = None  # 项目安排频度 (一次性 / 常年 / 延续性)
    total_budget: Optional[Decimal] = None  # 万元
    current_year_budget: Optional[Decimal] = None  # 万元
    earlier_budgets: list[tuple[int, Decimal]] = field(default_factory=list)
    main_content: Optional[str] = None
    source_table: Optional[SourceTable] = None  # where this mention was printed
    prov: Provenance = None  # type: ignore[assignment]


@dataclass
class ProjectAmount:
    """One printed amount of a project (for cross-checks between tables, forms and prose)."""

    project: str  # project reference (code or name)
    kind: AmountKind
    amount: Decimal  # 万元
    year: Optional[int]
    context: str  # the table as titled (项目支出预算表, …) or the source it stands in (SourceTable)
    prov: Provenance


@dataclass
class FundingSource:
    project: str
    source: str  # 一般公共预算财政拨款收入, 上级补助收入, ...
    amount: Decimal  # 万元
    prov: Provenance
    # Which breakdown the row belongs to: a form can break the same money down twice (by
    # fund type in its 资金来源 table, by government level in a sentence), and each adds up alone.
    context: str = "资金来源表"


@dataclass
class ExpenditureDetail:
    project: str
    item: str
    amount: Optional[Decimal]  # 万元
    basis: Optional[str]  # 测算依据
    prov: Provenance


@dataclass
class Citation:
    """A policy document cited as legal basis by a project or a whole department."""

    citing_project: Optional[str]  # project reference, None when the department cites it
    citing_department: Optional[str]
    doc_number: Optional[str]  # normalised 文号: 机关代字〔年〕序号号
    issuer_code: Optional[str]  # 武政办
    year: Optional[int]
    number: Optional[str]  # 序号, kept as text ("69", "1-2")
    title: Optional[str]  # without 《》
    printed: str  # the citation as printed (brackets, spaces, line breaks folded)
    prov: Provenance  # quote = the sentence that cites it


@dataclass
class Goal:
    owner_project: Optional[str]  # project reference; None for a department's goal
    owner_department: Optional[str]
    horizon: str  # GoalHorizon
    index: int  # 1, 2, ... within owner and horizon
    text: str
    prov: Provenance


@dataclass
class IndicatorValue:
    role: str  # ValueRole
    raw: str
    year: Optional[int] = None
    comparator: Optional[str] = None  # "≥" "≤" ">" "<" "=" "range" "text"
    number: Optional[Decimal] = None
    upper: Optional[Decimal] = None  # for ranges
    unit: Optional[str] = None


@dataclass
class Indicator:
    owner_project: Optional[str]
    owner_department: Optional[str]
    horizon: str  # GoalHorizon of the table it stands in
    goal_index: int
    level1: Optional[str]  # 产出指标 / 效益指标 / 满意度指标 / 成本指标
    level2: Optional[str]  # 数量指标 ...
    name: str  # 三级指标
    values: list[IndicatorValue] = field(default_factory=list)
    basis: Optional[str] = None  # 指标值确定依据
    weight: Optional[Decimal] = None
    prov: Provenance = None  # type: ignore[assignment]


@dataclass
class BudgetLine:
    table: str  # table title, e.g. "部门支出总表"
    table_number: Optional[str]  # as printed: "表 3", "预算03表", "公开01表"
    # "functional" | "economic" | "income" | "unit" | "project"; "total" for a table's 合计 row;
    # "balance" for the rows that balance a 收支总表: its sides' totals (收入总计, 本年支出合计 …)
    # and carry-overs (年初结转和结余, 结余分配, 年末结转和结余 …)
    classification: str
    code: Optional[str]  # whole code, e.g. "2101301"; None for uncoded rows (income items)
    name: str
    column: str  # meaning of the amount column, e.g. "合计", "基本支出", "项目支出", "人员经费"
    amount: Decimal  # 万元
    printed_amount: str
    printed_unit: str  # "万元", "元", ...
    phase: str  # Phase
    fiscal_year: Optional[int]
    department: Optional[str]  # the department/unit the table is for, as printed
    prov: Provenance


@dataclass
class ReadingCoverage:
    """What one document prints against what the readers read from it (``*_seen`` vs ``*_read``).

    Counted by the genre's general marks (see :mod:`kg_build.extract.coverage`), so it needs
    no gold answer.  ``missed`` says where reading fell short, ``p.N:line`` first.
    """

    doc_numbers_seen: int  # 文号-like strings printed
    doc_numbers_read: int  # of those, cited by a citation read
    coded_lines_seen: int  # lines starting with a classification code
    coded_lines_read: int  # of those, read into budget rows
    standard_tables_seen: int
    standard_tables_read: int
    forms_seen: int  # performance forms
    forms_read: int  # of those, with indicators read
    indicators_read: int
    pages: Optional[int] = None  # PDF pages; None for text
    pages_without_text: list[int] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    prov: Provenance = None  # type: ignore[assignment]


@dataclass
class Execution:
    """Final-account execution of a project (or a department): budget, executed, rate, score."""

    project: Optional[str]
    department: Optional[str]
    budget: Optional[Decimal]
    executed: Optional[Decimal]
    rate: Optional[Decimal]  # percent, e.g. Decimal("98.5")
    score: Optional[Decimal]
    prov: Provenance


@dataclass
class EvaluationScore:
    """A row of a self-evaluation score table (评价指标, 权重, 分值, 得分)."""

    project: Optional[str]
    department: Optional[str]
    indicator: str
    level1: Optional[str]
    level2: Optional[str]
    weight: Optional[Decimal]
    points: Optional[Decimal]  # 评级分值 / 分值
    score: Optional[Decimal]  # 得分
    prov: Provenance


@dataclass
class Statement:
    """A figure the document states in words (情况说明) or in a summary form, as printed.

    "收入预算总额11224.43万元，比上年减少1105.05万元": subject 收入总计, amount 11224.43, change
    -1105.05.  The figures are kept as stated, so the shapes can hold them against the tables.
    """

    subject: str  # what is stated, in the genre's standard words (kg_build.rulebook.stated_figures)
    amount: Decimal  # 万元
    printed_amount: str
    unit: str  # as printed: 万元 | 元
    year: Optional[int]
    context: str  # "说明" for prose; the form's name for a summary form (部门整体绩效目标表)
    measure: str = ""  # 预算 | 决算 when the sentence says which figure; "" otherwise
    qualifier: str = ""  # what the subject is narrowed to (the 功能科目 an item speaks of)
    change: Optional[Decimal] = None  # stated change on the previous year, 万元, negative for 减少
    change_percent: Optional[Decimal] = None  # stated, negative for 下降
    printed_percent: Optional[str] = None  # as printed, for its precision ("48.0")
    table: Optional[str] = None  # the standard table whose total row it restates (its key)
    columns: tuple[str, ...] = ()  # the columns of that row it restates
    prov: Provenance = None  # type: ignore[assignment]  # quote = the sentence


@dataclass
class DocumentPart:
    """A heading or a table title printed in the document, with the year it names.

    Standard tables carry their key in the national set (kg_build.rulebook) and whether the
    table is printed without data, and if so whether it says so (空表说明).
    """

    kind: str  # "heading" | "table"
    title: str
    year: Optional[int]  # the fiscal year the title names
    standard_table: Optional[str] = None  # key of the standard table (kg_build.rulebook.standard_tables)
    empty: bool = False  # a standard table printed without any figure
    empty_note: Optional[str] = None  # the statement that it has no data (本表无数据 …)
    prov: Provenance = None  # type: ignore[assignment]


def where(document: str, line: Optional[int], page: Optional[int] = None) -> str:
    """``file:line`` for text, ``file p.N:line`` for a PDF (``file p.N`` without a line)."""
    place = f"{document} p.{page}" if page else document
    return f"{place}:{line}" if line else place


@dataclass(frozen=True)
class ExtractionWarning:
    document: str
    line: Optional[int]
    message: str
    page: Optional[int] = None  # PDF page, when the warning is about one

    def __str__(self) -> str:
        return f"{where(self.document, self.line, self.page)}: {self.message}"


Record = Union[
    Document,
    Organisation,
    Project,
    ProjectAmount,
    FundingSource,
    ExpenditureDetail,
    Citation,
    Goal,
    Indicator,
    BudgetLine,
    Execution,
    EvaluationScore,
    Statement,
    DocumentPart,
    ReadingCoverage,
]

# Every record type, in the order summaries and JSON Lines files list them.
RECORD_TYPES: tuple[type, ...] = get_args(Record)


def record_type_name(record_or_type) -> str:
    """'BudgetLine' -> 'budget_line': the name used for JSON Lines files and summaries."""
    name = record_or_type.__name__ if isinstance(record_or_type, type) else type(record_or_type).__name__
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))
