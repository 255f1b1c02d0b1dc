"""`budgetkg validate`: check the built graph against the SHACL shapes.

Prints a report grouped by document and shape; always writes the SHACL report graph
(``validation-report.ttl``) and the HTML report (``validation-report.html``) into the build
directory, where the server shows it.  Exit codes: 0 no violations, 1 violations, 2 could not
run; with ``--baseline``: 0 nothing beyond the baseline, 1 a new finding.

With the setting remote_sparql (and no ``--store``), the graph is first fetched from that
SPARQL store (one CONSTRUCT per named graph) into memory: pySHACL needs the data at hand.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from budgetkg.settings import load_settings

from ..cli import CommandError


# The names of shapes.render.RENDERERS and shapes.results.SEVERITIES (a test keeps them equal):
# written out so that `budgetkg --help` does not import pySHACL.
REPORT_FORMATS = ("html", "json", "text", "ttl")
SEVERITIES = ("Violation", "Warning", "Info")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "validate",
        help="Check the built graph with the SHACL shapes (completeness, consistency, warnings).",
        description="Validate the built graph against the SHACL shapes and report every problem with "
                    "its source file:line and what to do about it. Exit 0 when there is no violation, 1 "
                    "when there are violations, 2 when validation could not run; with --baseline, 1 only "
                    "when a finding not in the baseline appears. Tolerances: settings rounding_tolerance "
                    "and rate_tolerance.",
    )
    p.add_argument("--store", metavar="DIR", help="build directory to validate (setting build_dir); given, it "
                                              "is validated even when the setting remote_sparql is set")
    p.add_argument("--shapes", metavar="DIR", type=Path, help="folder of shapes (*.ttl) instead of the built-in ones")
    p.add_argument("--format", choices=REPORT_FORMATS, default="text", help="report format (default: text)")
    p.add_argument("--severity", choices=SEVERITIES, default=None,
                   help="report only results of this severity or worse (default: all)")
    p.add_argument("--output", metavar="FILE", type=Path, help="write the report here instead of standard output")
    p.add_argument("--baseline", metavar="FILE", type=Path,
                   help="accept the findings listed in FILE (written by --write-baseline); exit 1 only when "
                        "a finding not in it appears, 0 otherwise")
    p.add_argument("--write-baseline", metavar="FILE", type=Path,
                   help="write the findings reported to FILE, one per line with its stable key and a reason "
                        "field to fill in, and exit 0")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from shapes import TOLERANCES, ValidationRunError, validate, write_reports
    from shapes.baseline import BaselineError, apply_baseline, read_baseline, write_baseline
    from shapes.render import render

    settings = load_settings({"build_dir": args.store})
    build_dir = Path(settings["build_dir"])
    try:
        baseline = read_baseline(args.baseline) if args.baseline else None
        outcome = validate(data_to_validate(settings, args.store), shapes_dir=args.shapes, severity=args.severity,
                           tolerances={name: settings[name] for name in TOLERANCES})
    except (ValidationRunError, BaselineError) as exc:
        raise CommandError(str(exc)) from None
    if baseline is not None:
        outcome.results, outcome.accepted = apply_baseline(outcome.results, baseline)
    try:
        build_dir.mkdir(parents=True, exist_ok=True)  # a remote store may have no build folder here
        write_reports(outcome, build_dir)
        report = render(outcome, args.format)
        if args.output:
            args.output.write_text(report, encoding="utf-8")
        else:
            sys.stdout.write(report)
    except OSError as exc:
        raise CommandError(f"cannot write the report: {exc}") from None
    if args.output:
        print(f"{args.output}: {len(outcome.results)} results; reports also in {build_dir}", file=sys.stderr)
    if args.write_baseline:
        try:
            write_baseline(outcome.results, args.write_baseline)
        except OSError as exc:
            raise CommandError(f"cannot write the baseline: {exc}") from None
        print(f"{args.write_baseline}: {len(outcome.results)} findings accepted; fill in each reason", file=sys.stderr)
        return 0
    if baseline is not None:
        return 1 if outcome.results else 0
    return 0 if outcome.conforms else 1


def data_to_validate(settings: dict, store_arg: str | None):
    """The build folder, or the merge of the remote store's graphs fetched into an in-memory store."""
    import pyoxigraph

    from store.remote import RemoteStore, RemoteStoreError, dataset_quads
    from store.local import remote_endpoint

    endpoint = remote_endpoint(settings, store_arg)
    if not endpoint:
        return Path(settings["build_dir"])
    try:
        quads = dataset_quads(RemoteStore(endpoint, timeout=float(settings["query_timeout"])), settings["base_iri"])
    except RemoteStoreError as exc:
        raise CommandError(str(exc)) from None
    if not quads:
        raise CommandError(f"{endpoint}: no graph under {settings['base_iri']}; load one with `budgetkg load-remote`")
    # The merge of the graphs, each triple once, as validating a build reads it.
    store = pyoxigraph.Store()
    store.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in quads)
    return store
