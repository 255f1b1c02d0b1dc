"""The catalogue's answers on the samples, recorded once, so a rewrite of a query can be
checked to give the very same rows.

``dataset.nq.gz`` is the sample corpus' build (named graphs only) at the time the answers
were recorded; ``rows.json`` holds, for every catalogue query and every parameter set below,
the rows it gave then (terms in N-Triples form, so a changed datatype counts as a change).
Both are frozen: extraction may improve meanwhile, the comparison stays on the same data.
Record them again only for a deliberate change of a query's answers:

    python -m tests.catalogue_snapshot --record BUILD_DIR
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATASET = HERE / "dataset.nq.gz"
ROWS = HERE / "rows.json"

# Every parameter set the tests and the bench use on the samples, and more of each kind:
# names printed in other forms, codes, partial 文号, regions that include others.
PARAMETER_SETS: dict[str, list[dict[str, str]]] = {
    "budget-lines": [{}, {"department": "洪山区医疗保障局", "code_prefix": "210"}, {"code_prefix": "2"},
                     {"department": "洪山区医疗保障局"}, {"department": "通城县"}, {"code_prefix": "2101301"},
                     {"department": "卫生健康局", "code_prefix": "2"}],
    "departments": [{}, {"region": "洪山区"}, {"region": "420111"}, {"region": "武汉市"}, {"region": "通城县"},
                    {"region": "湖北省"}, {"region": "咸宁市"}],
    "documents": [{}],
    "execution": [{}, {"department": "洪山区"}, {"department": "通城县"}, {"department": "医疗保障局"},
                  {"department": "武汉市洪山区医疗保障局"}],
    "funding-sources": [{}, {"department": "通城县"}, {"department": "洪山区医疗保障局"}, {"project": "医疗救助"},
                        {"project": "42011124043T000000101"}, {"project": "医疗救助", "department": "洪山区"}],
    "indicators": [{}, {"project": "医疗救助", "keyword": "人次"}, {"keyword": "满意度"},
                   {"keyword": "满意度", "department": "洪山区医疗保障局"}, {"department": "通城县"},
                   {"project": "42011124043T000000101"}, {"department": "洪山区"}],
    "legal-basis": [{"project": "医疗救助", "department": "洪山区医疗保障局"}, {"project": "42011124043T000000101"},
                    {"project": "医疗救助"}, {"project": "医疗救助", "department": "洪山区"},
                    {"project": "计划生育特别扶助"}],
    "policies": [{}, {"doc_number": "武政办"}, {"doc_number": "武政"}, {"doc_number": "武政办[2016]69 号"},
                 {"title": "计划生育"}, {"doc_number": "武政规", "title": "医疗"}],
    "policy-citations": [{}, {"department": "洪山区医疗保障局"}, {"department": "通城县"}, {"department": "卫生健康"}],
    "policy-issuers": [{}],
    "projects": [{}, {"region": "洪山区"}, {"region": "420111"}, {"region": "武汉市"}, {"region": "通城县"},
                 {"region": "咸宁市"}, {"department": "武汉市洪山区医疗保障局"}, {"department": "洪山区 医疗保障局"},
                 {"region": "洪山区", "department": "医疗保障局"}, {"region": "湖北省"}],
    "projects-citing": [{}, {"doc_number": "武政办[2016]69 号"}, {"doc_number": "武政办 〔2016〕 69号"},
                        {"title": "独生子女年老父母"}, {"doc_number": "武政"}, {"title": "医疗"}],
    "region-summary": [{}],
    "shared-policies": [{}],
    "similar-indicators": [{"keyword": "满意度"}, {"keyword": "人次"}, {"keyword": "率"}],
    "spending-by-function": [{"code_prefix": "210"}, {"code_prefix": "2"}, {"code_prefix": "21013"},
                             {"code_prefix": "208"}],
}


def cell(term) -> object:
    return None if term is None else str(term)


def answers(store) -> dict[str, list[dict]]:
    """Every query's rows for every parameter set, each set's rows sorted (order aside, the
    answer is the multiset of rows)."""
    from queries import get_query

    out: dict[str, list[dict]] = {}
    for name, sets in PARAMETER_SETS.items():
        query = get_query(name)
        out[name] = []
        for params in sets:
            result = query.run(store, params)
            rows = sorted(([cell(t) for t in row] for row in result.rows), key=lambda r: json.dumps(r))
            out[name].append({"params": params, "columns": result.columns, "rows": rows})
    return out


def sample_store(folder: Path):
    """A store of the frozen sample dataset in `folder`, made as a build makes its store."""
    from store.local import build_store, open_store
    from mappings.derived import add_derived_graph
    from mappings.iris import IriMinter

    lines = gzip.decompress(DATASET.read_bytes()).splitlines(keepends=True)
    nquads = folder / "dataset.nq"
    nquads.write_bytes(b"".join(lines))
    graphs: dict[str, list[bytes]] = {}
    for line in lines:
        graphs.setdefault(line[line.rindex(b" <", 0, len(line) - 3) + 2:].split(b">")[0].decode(), []).append(line)
    build_store(folder / "store", folder, nquads, graphs)
    add_derived_graph(folder / "store", IriMinter())
    return open_store(folder)


def record(build_dir: Path) -> None:
    """Freeze the dataset of the build in `build_dir` and the catalogue's rows on it."""
    import tempfile

    DATASET.write_bytes(gzip.compress((build_dir / "dataset.nq").read_bytes(), compresslevel=9, mtime=0))
    with tempfile.TemporaryDirectory() as tmp:
        rows = answers(sample_store(Path(tmp)))
    ROWS.write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

