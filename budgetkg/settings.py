"""The one settings registry: name, default, help.

Precedence, lowest first: defaults < config file (``budgetkg.toml`` in the working directory,
or the file named by ``BUDGETKG_CONFIG``) < environment (``BUDGETKG_<NAME>``) < command-line
flags.  The CLI help and the README's settings table are generated from this registry.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Optional


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return "BUDGETKG_" + self.name.upper()


class SettingsError(ValueError):
    pass


SETTINGS: dict[str, Setting] = {}


def setting(name: str, default: Any, help: str, parse: Callable[[str], Any] = str) -> Setting:
    s = Setting(name, default, help, parse)
    SETTINGS[name] = s
    return s


def _checked(convert: Callable[[str], Any], accept: Callable[[Any], bool], requirement: str) -> Callable[[str], Any]:
    """A parser that converts a value and refuses it outside its range ("must be > 0")."""
    def parse(v: str) -> Any:
        value = convert(v)
        if not accept(value):  # written as acceptance, so NaN is refused too
            raise ValueError(f"must be {requirement}")
        return value
    return parse


_positive_float = _checked(float, lambda f: f > 0, "> 0")
_non_negative_float = _checked(float, lambda f: f >= 0, ">= 0")
_positive_int = _checked(int, lambda i: i > 0, "> 0")


setting("base_iri", "https://w3id.org/budgetkg/", "Base of instance IRIs (…/id/<type>/<key>).")
setting("sources", "data/sources", "Folder of source documents for `build`.", str)
setting("build_dir", "build", "Where `build` writes the dataset and store; `--store` of the readers.", str)
setting("remote_sparql", "", "URL of a remote SPARQL 1.1 query endpoint; when set, reading commands use it instead of the embedded store.")
setting("remote_graph_store", "", "URL of the remote store's SPARQL 1.1 Graph Store Protocol endpoint (`budgetkg load-remote` writes there).")
setting("query_timeout", 10.0, "Seconds a SPARQL query may run on the server before it is stopped.", _positive_float)
setting("result_limit", 2_000_000, "Most rows (or triples) in one answer of the SPARQL endpoint; past it the answer is refused with 422, or cut when the request asks for `partial=true`.", _positive_int)
setting("result_max_bytes", 1 << 30, "Most bytes in one answer of the SPARQL endpoint, spooled to disk while it is written; past it as for `result_limit`.", _positive_int)
setting("query_workers", 2, "Processes answering SPARQL queries at once on the server; a slow query holds only its own.", _positive_int)
setting("answer_cache_mib", 64.0, "MiB of named-query answers `serve` keeps in memory for the served store (0: none); a rebuild drops them.", _non_negative_float)
setting("rounding_tolerance", 0.01, "万元 a figure may be off per summed or restated figure and still count as rounding: `validate` warns within it and reports a violation beyond it.", _non_negative_float)
setting("rate_tolerance", 0.51, "Percentage points a printed execution rate may differ from executed / budget × 100 (rates are often printed as whole percents).", _non_negative_float)
setting("host", "127.0.0.1", "Address `serve` listens on.")
setting("port", 8080, "Port `serve` listens on.", _positive_int)


def load_settings(overrides: Optional[Mapping[str, Any]] = None, environ: Optional[Mapping[str, str]] = None,
                  config_file: Optional[Path] = None) -> dict[str, Any]:
    """Resolve every setting by the documented precedence; raise SettingsError for bad values."""
    environ = os.environ if environ is None else environ
    values = {name: s.default for name, s in SETTINGS.items()}
    path = config_file or Path(environ.get("BUDGETKG_CONFIG", "budgetkg.toml"))
    if path.is_file():
        with path.open("rb") as fh:
            import tomllib  # only when there is a file to read: its parser is slow to import

            data = tomllib.load(fh)
        for key, raw in data.items():
            values[key] = _parse(key, str(raw), f"{path}")
    for name, s in SETTINGS.items():
        if s.env in environ:
            values[name] = _parse(name, environ[s.env], s.env)
    for key, raw in (overrides or {}).items():
        if raw is not None:
            values[key] = raw if not isinstance(raw, str) else _parse(key, raw, f"--{key.replace('_', '-')}")
    return values


def _parse(name: str, raw: str, where: str) -> Any:
    if name not in SETTINGS:
        raise SettingsError(f"{where}: unknown setting {name!r}; known: {', '.join(sorted(SETTINGS))}")
    try:
        return SETTINGS[name].parse(raw)
    except ValueError as exc:
        raise SettingsError(f"{where}: bad value {raw!r} for {name}: {exc}") from None


def settings_markdown() -> str:
    """The README's settings table, generated so the docs cannot drift from the registry."""
    rows = ["| setting | environment | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS.values():
        rows.append(f"| `{s.name}` | `{s.env}` | `{s.default}` | {s.help} |")
    return "\n".join(rows) + "\n"
