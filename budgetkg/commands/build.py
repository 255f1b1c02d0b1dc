"""`budgetkg build`: extract, link and map every document; write the dataset and the store."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..cli import CommandError

if TYPE_CHECKING:  # the build pipeline is imported by `run`, so `budgetkg --help` stays fast
    from budgetkg.build import BuildResult, Progress


def register(sub) -> None:
    p = sub.add_parser(
        "build", help="build the graph: dataset.nq, dataset.trig, build.json and the store",
        description="Read every document of the sources folder, link what they print across documents, "
                    "map it onto the ontology and write OUT/dataset.nq, OUT/dataset.trig, OUT/build.json "
                    "and the pyoxigraph store OUT/store/ (replaced only when the build succeeds). "
                    "Exit status: 0 every document built, 1 some documents failed (or warnings with "
                    "--strict), 2 error.")
    p.add_argument("--sources", help="folder of source documents (default: setting sources)")
    p.add_argument("--out", help="output folder (default: setting build_dir)")
    p.add_argument("--base", help="base of instance IRIs (default: setting base_iri)")
    p.add_argument("--strict", action="store_true",
                   help="treat warnings as errors: exit 1 and keep the previous build (store and files)")
    p.add_argument("--quiet", action="store_true", help="no progress lines and no summary table")
    p.set_defaults(func=run)


def show_progress(p: "Progress") -> None:
    status = f" {p.status}" if p.status else ""
    print(f"[{p.stage} {p.done}/{p.total}] {p.item}{status}", file=sys.stderr, flush=True)


def summary_table(result: "BuildResult") -> str:
    rows = [("document", "status", "records", "triples", "warnings")]
    for d in result.documents:
        rows.append((d.file, d.status + (" (cached)" if d.cached else ""), str(d.records), str(d.triples),
                     str(len(d.warnings))))
    rows.append(("total", f"{len(result.documents) - len(result.failed)}/{len(result.documents)} built",
                 str(sum(result.records_by_type.values())), str(result.triples), str(len(result.warnings))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append("records: " + ", ".join(f"{k} {v}" for k, v in sorted(result.records_by_type.items())))
    lines.append("reading coverage (seen → read):")
    lines.extend(f"  {d.file}: {coverage_line(d.coverage)}" for d in result.documents if d.coverage)
    for w in result.warnings:
        lines.append(f"warning: {w}")
    lines.append(f"built in {result.seconds:.2f} s → {result.out}/ (store: {result.store}/)")
    return "\n".join(lines)


def coverage_line(c: dict) -> str:
    """'文号 5/5 · coded lines 118/120 · standard tables 9/9 · forms 2/2 (14 indicators)'."""
    parts = [f"文号 {c['doc_numbers_read']}/{c['doc_numbers_seen']}",
             f"coded lines {c['coded_lines_read']}/{c['coded_lines_seen']}",
             f"standard tables {c['standard_tables_read']}/{c['standard_tables_seen']}",
             f"forms {c['forms_read']}/{c['forms_seen']} ({c['indicators_read']} indicators)"]
    if c.get("pages_without_text"):
        parts.append(f"pages without text: {', '.join(map(str, c['pages_without_text']))}")
    return " · ".join(parts)


def run(args) -> int:
    from budgetkg.build import BuildError, build
    from budgetkg.settings import load_settings
    from mappings.base import MappingError

    settings = load_settings({"sources": args.sources, "build_dir": args.out, "base_iri": args.base})
    try:
        result = build(settings["sources"], settings["build_dir"], base=settings["base_iri"], strict=args.strict,
                       progress=None if args.quiet else show_progress)
    except (BuildError, MappingError) as exc:
        raise CommandError(f"{exc} (the previous build, if any, is unchanged)") from None
    if not args.quiet:
        print(summary_table(result), file=sys.stderr)
    if result.rejected:
        print(f"--strict: {len(result.warnings)} warnings; the new build was not swapped in "
              f"(the previous build, if any, is unchanged)", file=sys.stderr)
    return result.exit_status
