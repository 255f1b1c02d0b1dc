"""`budgetkg extract`: the typed records of documents as JSON Lines, one file per record type."""
from __future__ import annotations

import json
import sys
from pathlib import Path


from ..cli import CommandError

SUMMARY = "summary.json"
WARNINGS = "warnings.txt"


def register(sub) -> None:
    p = sub.add_parser(
        "extract", help="write the records read from documents as JSON Lines (one file per record type)",
        description="Read documents (files or folders; default: setting sources) and write OUT/<type>.jsonl "
                    "for every record type (budget_line.jsonl, project.jsonl, ...; amounts as strings), "
                    "OUT/summary.json and OUT/warnings.txt (file:line: message). Exit status: 0 every "
                    "document read, 1 some could not be read, 2 error.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="documents or folders of documents")
    p.add_argument("--out", required=True, help="folder to write the JSON Lines files to")
    p.set_defaults(func=run)


def write_extraction(result, out: Path) -> dict:
    """Write an ``ExtractionResult`` as JSON Lines per record type, summary and warnings."""
    from budgetkg.cache import record_to_json
    from kg_build.records import RECORD_TYPES, record_type_name

    out.mkdir(parents=True, exist_ok=True)
    by_type = result.by_type()
    for rtype in RECORD_TYPES:
        name = record_type_name(rtype)
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for rec in by_type.get(name, []):
                fh.write(json.dumps(record_to_json(rec), ensure_ascii=False, sort_keys=True) + "\n")
    (out / WARNINGS).write_text("".join(f"{w}\n" for w in result.warnings), encoding="utf-8")
    summary = {
        "documents": [{"file": d.file, "sha256": d.sha256, "status": "read" if d.ok else "failed",
                       "records": len(d.records), "warnings": len(d.warnings)} for d in result.documents],
        "records": {record_type_name(t): len(by_type.get(record_type_name(t), [])) for t in RECORD_TYPES},
        "warnings": len(result.warnings),
    }
    (out / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return summary


def run(args) -> int:
    # The readers are imported when the command runs, so `budgetkg --help` stays fast.
    from budgetkg.settings import load_settings
    from kg_build.extract import extract
    from kg_build.source import list_sources

    paths = [Path(p) for p in args.paths] or [Path(load_settings()["sources"])]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    if not list_sources(paths):
        raise CommandError(f"no documents (*.pdf, *.txt, *.md, *.html) in {', '.join(map(str, paths))}")
    result = extract(paths)
    summary = write_extraction(result, Path(args.out))
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    counts = ", ".join(f"{k} {v}" for k, v in summary["records"].items() if v)
    failed = [d for d in result.documents if not d.ok]
    print(f"{len(result.documents) - len(failed)}/{len(result.documents)} documents read; {counts}; "
          f"{len(result.warnings)} warnings → {args.out}/", file=sys.stderr)
    return 1 if failed else 0
