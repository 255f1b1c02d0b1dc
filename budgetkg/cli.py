"""The `budgetkg` command: parse arguments, call the library, map typed errors to exit codes.

Subcommands live in ``budgetkg.commands.<name>``; each module defines
``register(subparsers) -> None`` which adds its parser and sets ``func`` to a callable
``(args) -> int``.  Exit codes: 0 success, 1 the command's "no" (violations, failed documents),
2 usage or runtime error.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from budgetkg.settings import SettingsError

from . import __version__, commands


def command_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))


def command_names() -> list[str]:
    return [m.replace("_", "-") for m in command_modules()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budgetkg",
        description="Build, validate, query and serve a knowledge graph of Chinese budget disclosures.",
    )
    parser.add_argument("--version", action="version", version=f"budgetkg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        importlib.import_module(f"{commands.__name__}.{name}").register(sub)
    return parser


class CommandError(Exception):
    """An error the user can act on; printed without a traceback, exit code 2."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (CommandError, SettingsError) as exc:
        print(f"budgetkg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
