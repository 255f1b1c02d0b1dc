"""Write synthetic budget disclosures of the genre, at any scale, deterministically by seed.

Documents vary in region, department, year, layout and bracket style of 文号, as published
documents do.  The layouts are those of the sample corpus:

* ``tabs``   tab-separated table rows (HTML-to-text exports);
* ``pdf``    space-separated rows of PDF text, long cells broken over lines, merged cells
             printed once, project codes broken after the department's budget code;
* ``cells``  one table cell per line, tab-prefixed, empty cells kept, a blank line per row.

Citations are drawn from a shared pool of policies, so that one policy is cited by projects
of many documents (cross-document links), as in real disclosures.  Each generated document
comes with the facts it states (:class:`Facts`), so tests can check that extraction reads them.

    python bench/generate.py --docs 100 --seed 7 --out bench/out/docs-100
"""
from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

REGIONS = [
    ("武汉市", "江岸区", "420102"), ("武汉市", "江汉区", "420103"), ("武汉市", "硚口区", "420104"),
    ("武汉市", "汉阳区", "420105"), ("武汉市", "武昌区", "420106"), ("武汉市", "青山区", "420107"),
    ("武汉市", "洪山区", "420111"), ("武汉市", "东西湖区", "420112"), ("武汉市", "蔡甸区", "420114"),
    ("武汉市", "江夏区", "420115"), ("武汉市", "黄陂区", "420116"), ("武汉市", "新洲区", "420117"),
    ("咸宁市", "咸安区", "421202"), ("咸宁市", "通城县", "421222"), ("咸宁市", "崇阳县", "421223"),
]
DEPARTMENTS = [
    ("卫生健康局", "210"), ("医疗保障局", "210"), ("民政局", "208"), ("教育局", "205"),
    ("文化和旅游局", "207"), ("城市管理执法局", "212"), ("农业农村局", "213"), ("退役军人事务局", "208"),
]
FUNCTIONAL = {
    "205": ("教育支出", [("20501", "教育管理事务", [("2050101", "行政运行"), ("2050199", "其他教育管理事务支出")])]),
    "207": ("文化旅游体育与传媒支出", [("20701", "文化和旅游", [("2070101", "行政运行"), ("2070109", "群众文化")])]),
    "208": ("社会保障和就业支出", [("20805", "行政事业单位养老支出", [("2080501", "行政单位离退休"), ("2080505", "机关事业单位基本养老保险缴费支出")])]),
    "210": ("卫生健康支出", [("21011", "行政事业单位医疗", [("2101101", "行政单位医疗")]), ("21013", "医疗救助", [("2101301", "城乡医疗救助")])]),
    "212": ("城乡社区支出", [("21201", "城乡社区管理事务", [("2120101", "行政运行"), ("2120104", "城管执法")])]),
    "213": ("农林水支出", [("21301", "农业农村", [("2130101", "行政运行"), ("2130126", "农村社会事业")])]),
}
POLICY_POOL = [
    ("武政办", 2016, 69, "市人民政府办公厅关于进一步完善城镇独生子女年老父母计划生育一次性奖励政策的通知"),
    ("鄂政办发", 2007, 116, "省人民政府办公厅转发省人口计生委等部门关于落实企业退休职工计划生育奖励政策实施方案的通知"),
    ("国办发", 2018, 88, "国务院办公厅关于改革完善医疗卫生行业综合监管制度的指导意见"),
    ("武政规", 2019, 29, "市人民政府关于进一步加强医疗救助工作的通知"),
    ("国卫基层发", 2022, 21, "关于做好2022年基本公共卫生服务项目工作的通知"),
    ("鄂财社发", 2021, 12, "湖北省财政厅关于下达医疗服务与保障能力提升补助资金的通知"),
    ("武民办", 2020, 45, "市民政局关于做好困难群众基本生活保障工作的通知"),
    ("鄂政发", 2019, 7, "省人民政府关于推进乡村振兴战略实施的意见"),
    ("国发", 2021, 10, "国务院关于印发“十四五”国家老龄事业发展和养老服务体系规划的通知"),
    ("鄂办发", 2020, 18, "关于深化医疗保障制度改革的实施意见"),
    ("武财社", 2023, 156, "市财政局关于下达城乡居民基本医疗保险财政补助资金的通知"),
    ("民发", 2022, 3, "民政部关于加强困难群众基本生活保障工作的意见"),
]
PROJECT_WORDS = ["医疗救助", "公共卫生服务", "机构运转", "信息化建设", "人才培训", "执法检查", "老年健康",
                 "妇幼保健", "疾病防控", "社区服务", "乡村振兴", "文化惠民", "应急保障", "困难群众救助"]
# (一级指标, 二级指标, 三级指标, 指标值 template); rows of one 一级指标 stand together, as printed.
INDICATORS = [("产出指标", "数量指标", "服务人次数", "≥{n}人次"), ("产出指标", "质量指标", "资金使用合规率", "100%"),
              ("产出指标", "时效指标", "资金拨付及时率", "≥95%"), ("成本指标", "经济成本指标", "人均补助标准", "{n}元/人"),
              ("效益指标", "社会效益指标", "群众获得感", "有所提升"),
              ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%")]
BRACKETS = [("〔", "〕"), ("[", "]"), ("【", "】"), ("（", "）")]
LAYOUTS = ("tabs", "pdf", "cells")
PDF_WRAP = 7  # characters a PDF table cell holds per line before it wraps


@dataclass
class Project:
    code: str
    name: str
    amount: Decimal
    citations: list[tuple[str, int, int, str]]
    indicators: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class Facts:
    """What a generated document states, in the normalised form extraction should give."""

    layout: str
    region_code: str
    fiscal_year: int
    project_codes: set[str]
    doc_numbers: set[str]  # normalised 文号 cited
    budget_codes: set[str]  # classification codes with amounts in the tables
    indicator_names: set[str]


@dataclass
class GeneratedDocument:
    name: str
    text: str
    facts: Facts


def money(rng: random.Random, lo: int, hi: int) -> Decimal:
    return Decimal(rng.randint(lo * 100, hi * 100)) / 100


def fmt(d: Decimal) -> str:
    return f"{d:,.2f}"


def wrap(cell: str, width: int = PDF_WRAP) -> list[str]:
    """A PDF table cell as it comes out of text extraction: one line per printed line."""
    return [cell[i:i + width] for i in range(0, len(cell), width)] or [""]


def render_row(cells: list[str], layout: str) -> list[str]:
    if layout == "tabs":
        return ["\t".join(cells)]
    if layout == "cells":
        return ["\t" + c for c in cells] + [""]
    # pdf: a row whose cells fit is one line; a wrapped cell pushes the rest of the row to
    # its last line, the way PDF text extraction reads a table row top to bottom.
    lines, current = [], []
    for cell in (c for c in cells if c):
        parts = wrap(cell) if len(cell) > PDF_WRAP and not cell[0].isdigit() else [cell]
        if len(parts) == 1:
            current.append(parts[0])
            continue
        if current:
            lines.append(" ".join(current))
        lines += parts[:-1]
        current = [parts[-1]]
    lines.append(" ".join(current))
    return lines


def render_project_row(p: Project, unit: str, layout: str) -> list[str]:
    cells = [p.code, p.name, unit, fmt(p.amount), fmt(p.amount)]
    if layout != "pdf":
        return render_row(cells, layout)
    # The code column is narrow: the code breaks after region, year and budget code.
    split = p.code.index("T")
    return [p.code[:split], "", p.code[split:]] + render_row(cells[1:], layout) + [""]


def cite(rng: random.Random, policy: tuple[str, int, int, str]) -> str:
    issuer, year, num, title = policy
    left, right = rng.choice(BRACKETS)
    space = rng.choice(["", " "])
    return f"《{title}》（{issuer}{left}{year}{right}{num}{space}号）"


def doc_number(policy: tuple[str, int, int, str]) -> str:
    issuer, year, num, _ = policy
    return f"{issuer}〔{year}〕{num}号"


def make_projects(rng: random.Random, district: str, region: str, year: int, dept_code: str) -> list[Project]:
    projects = []
    for j in range(rng.randint(2, 8)):
        name = f"{district[:-1]}{rng.choice(PROJECT_WORDS)}经费{j + 1}"
        code = f"{region}{year % 100:02d}{dept_code}T{rng.randint(0, 999999999):09d}"
        # Popular policies are cited far more often than the rest, as in real disclosures.
        pols = list(dict.fromkeys(rng.choices(POLICY_POOL, weights=range(len(POLICY_POOL), 0, -1), k=rng.randint(1, 3))))
        chosen = sorted(rng.sample(range(len(INDICATORS)), rng.randint(3, len(INDICATORS))))
        indicators = [INDICATORS[k][:3] + (INDICATORS[k][3].format(n=rng.randint(10, 5000)),) for k in chosen]
        projects.append(Project(code, name, money(rng, 5, 3000), pols, indicators))
    return projects


def budget_tables(full: str, year: int, func: str, basic: Decimal, project_total: Decimal, layout: str) -> list[str]:
    total = basic + project_total
    lines = ["第二部分 部门预算表", "预算03表", f"{year}年支出预算总表", f"部门/单位：{full}", "单位：万元"]
    lines += render_row(["科目编码", "科目名称", "合计", "基本支出", "项目支出"], layout)
    lines += render_row(["", "合计", fmt(total), fmt(basic), fmt(project_total)], layout)
    lines += render_row([func, FUNCTIONAL[func][0], fmt(total), fmt(basic), fmt(project_total)], layout)
    kuan, kuan_name, items = FUNCTIONAL[func][1][0]
    lines += render_row([kuan, kuan_name, fmt(total), fmt(basic), fmt(project_total)], layout)
    if len(items) > 1:
        lines += render_row([items[0][0], items[0][1], fmt(basic), fmt(basic), "0.00"], layout)
        lines += render_row([items[1][0], items[1][1], fmt(project_total), "0.00", fmt(project_total)], layout)
    else:
        lines += render_row([items[0][0], items[0][1], fmt(total), fmt(basic), fmt(project_total)], layout)
    staff = (basic * Decimal("0.7")).quantize(Decimal("0.01"))
    lines += ["", "预算07表", f"{year}年一般公共预算基本支出表", "单位：万元"]
    lines += render_row(["科目编码", "科目名称", "合计", "人员经费", "公用经费"], layout)
    lines += render_row(["301", "工资福利支出", fmt(staff), fmt(staff), "0.00"], layout)
    lines += render_row(["30101", "基本工资", fmt(staff), fmt(staff), "0.00"], layout)
    lines += render_row(["302", "商品和服务支出", fmt(basic - staff), "0.00", fmt(basic - staff)], layout)
    lines += render_row(["30201", "办公费", fmt(basic - staff), "0.00", fmt(basic - staff)], layout)
    return lines


def performance_form(rng: random.Random, p: Project, year: int, district: str, dept: str, layout: str) -> list[str]:
    lines = ["", f"{year}年项目支出绩效目标申报表", "单位：万元"]
    lines += render_row(["项目名称", p.name, "项目代码", p.code], layout)
    lines += render_row(["项目主管部门", f"{district}{dept}", "项目执行单位", f"{district}{dept}"], layout)
    basis = "；".join(cite(rng, c) for c in p.citations)
    lines += render_row(["立项依据", f"1.项目的政策依据：{basis}。"], layout)
    lines += render_row(["项目总预算", str(p.amount), "项目当年预算", str(p.amount)], layout)
    lines += render_row(["项目资金来源", "资金来源项目", "金额"], layout)
    lines += render_row(["合计", str(p.amount)], layout)
    lines += render_row(["1.一般公共预算财政拨款收入", str(p.amount)], layout)
    lines += ["年度绩效目标表"]
    lines += render_row(["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"], layout)
    previous = ("", "")
    for k, (l1, l2, name, value) in enumerate(p.indicators):
        # Merged cells: a 一级/二级 name is printed on the first row of its group only.
        shown = (l1 if l1 != previous[0] else "", l2 if (l1, l2) != previous else "")
        previous = (l1, l2)
        lines += render_row(["年度绩效目标1" if k == 0 else "", *shown, name, value, "计划标准"], layout)
    return lines


def make_document(rng: random.Random, index: int) -> GeneratedDocument:
    city, district, region = rng.choice(REGIONS)
    dept, func = rng.choice(DEPARTMENTS)
    year = rng.choice([2022, 2023, 2024, 2025])
    layout = LAYOUTS[index % len(LAYOUTS)]
    dept_code = f"{rng.randint(1, 399):03d}"
    full = f"{city}{district}{dept}"
    projects = make_projects(rng, district, region, year, dept_code)
    project_total = sum(p.amount for p in projects)
    basic = money(rng, 100, 900)
    lines = [f"{full}{year}年部门预算", "", "第一部分 部门概况", "一、部门主要职能",
             f"{full}负责本行政区域内{dept[:-1]}工作。", "二、部门预算单位构成",
             f"纳入{full}{year}年部门预算编制范围的单位包括：", f"1.{full}（本级）", "",
             # the 情况说明 restates the tables, as every disclosure does
             "二、收入支出预算总体情况说明",
             f"{full}{year}年支出合计{fmt(basic + project_total)}万元，其中：基本支出{fmt(basic)}万元，"
             f"项目支出{fmt(project_total)}万元。", ""]
    lines += budget_tables(full, year, func, basic, project_total, layout)
    lines += ["", "预算11表", f"{year}年项目支出预算表", "单位：万元"]
    lines += render_row(["项目编码", "项目名称", "项目单位", "合计", "一般公共预算"], layout)
    for p in projects:
        lines += render_project_row(p, f"{full}本级", layout)
    for p in projects:
        lines += performance_form(rng, p, year, district, dept, layout)
    kuan, _, items = FUNCTIONAL[func][1][0]
    facts = Facts(
        layout=layout, region_code=region, fiscal_year=year,
        project_codes={p.code for p in projects},
        doc_numbers={doc_number(c) for p in projects for c in p.citations},
        budget_codes={func, kuan, *(code for code, _ in items[:2]), "301", "30101", "302", "30201"},
        indicator_names={i[2] for p in projects for i in p.indicators})
    return GeneratedDocument(f"{index:05d}_{region}_{year}.txt", "\n".join(lines) + "\n", facts)


def documents(n: int, seed: int) -> list[GeneratedDocument]:
    rng = random.Random(seed)
    return [make_document(rng, i) for i in range(n)]


def generate(n: int, seed: int, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in documents(n, seed):
        path = out / doc.name
        path.write_text(doc.text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    paths = generate(args.docs, args.seed, args.out)
    print(f"wrote {len(paths)} documents to {args.out}")


if __name__ == "__main__":
    main()
