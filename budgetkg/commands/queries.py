"""`budgetkg queries`: list the named-query catalogue."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("queries", help="list the named queries with their parameters",
                       description="List the catalogue of named queries: name, title and parameters "
                                   "(run one with `budgetkg query NAME --param k=v`).")
    p.add_argument("--verbose", "-v", action="store_true", help="also print descriptions and result columns")
    p.set_defaults(func=run)


def describe(verbose: bool) -> str:
    from queries import catalogue

    lines = []
    for q in catalogue():
        params = " ".join(f"{p.name}=…" if p.required else f"[{p.name}=…]" for p in q.parameters)
        lines.append(f"{q.name:<22} {q.title}" + (f"  ({params})" if params else ""))
        if verbose:
            lines.append(f"    {q.description}")
            for p in q.parameters:
                lines.append(f"    --param {p.name}=…  {'required' if p.required else 'optional'}: {p.description}")
            lines.append(f"    columns: {', '.join(q.columns)}")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    sys.stdout.write(describe(args.verbose))
    return 0
