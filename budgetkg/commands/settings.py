"""`budgetkg settings`: every setting, its resolved value and where it can be set."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("settings", help="show every setting and its resolved value",
                       description="Show every setting with its value after defaults < budgetkg.toml < "
                                   "BUDGETKG_* environment variables.")
    p.add_argument("--markdown", action="store_true", help="print the documentation table instead")
    p.set_defaults(func=run)


def run(args) -> int:
    from budgetkg.settings import SETTINGS, load_settings, settings_markdown

    if args.markdown:
        print(settings_markdown(), end="")
        return 0
    values = load_settings()
    width = max(len(n) for n in SETTINGS)
    for name, s in SETTINGS.items():
        print(f"{name:<{width}}  {values[name]!s:<28}  {s.env}")
    return 0
