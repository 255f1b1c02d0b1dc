"""The `budgetkg` command: parse arguments, call the library, map typed errors to exit codes.

Subcommands live in ``budgetkg.commands.<name>``; each module defines
``register(subparsers) -> None`` which adds its parser and sets ``func`` to a callable
``(args) -> int``.  Every outcome maps to one exit code (README, "Exit codes"): 0 success (also
when the reader of the output closes it early, as ``| head`` does), 1 the command's "no"
(violations, failed documents), 2 an error the user can act on (usage, settings, a file that
cannot be read or written, a store that is missing or unreachable), 3 an internal error (a bug:
the traceback is printed), 130 interrupted.  Errors print as one line,
``budgetkg COMMAND: error: …``.
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback

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
    except BrokenPipeError:
        return _output_closed()
    except (CommandError, SettingsError) as exc:
        return _error(args.command, str(exc), 2)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(args.command, f"{where}{exc.strerror or exc}", 2)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: a bug still gets the error shape
        traceback.print_exc()
        return _error(args.command, f"internal error: {type(exc).__name__}: {exc}", 3)


def _error(command: str, message: str, code: int) -> int:
    print(f"budgetkg {command}: error: {message}", file=sys.stderr)
    return code


def _output_closed() -> int:
    """The reader of standard output has gone (``| head``): stop quietly, as other tools do."""
    # Python flushes stdout once more at exit; point it at /dev/null so that flush cannot fail.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
