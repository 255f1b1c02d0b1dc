"""A baseline of accepted findings, so a pipeline fails only on what is new.

A data steward adopts the checks on a corpus that already has known source errors the way a
team adopts a linter on an old code base: write the current findings to a baseline file
(:func:`write_baseline`), give each a reason, and from then on validate against it
(:func:`apply_baseline`): findings in the baseline are accepted, any other is new.

A finding's key is stable across rebuilds and across edits elsewhere in the document: it is
made of what the finding says (its shape, document, the node's printed name and the message),
not of line numbers or IRIs that count lines.  The file is UTF-8 text, one finding per line:
``key<TAB>severity<TAB>shape<TAB>place<TAB>finding<TAB>reason``; lines starting with ``#`` and
blank lines are comments.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .results import Result

HEADER = ("# budgetkg validation baseline: accepted findings, one per line\n"
          "# key\tseverity\tshape\tplace\tfinding\treason\n")
DEFAULT_REASON = "写入基线时已存在的已知问题"
_FIELDS = 6


class BaselineError(ValueError):
    """A baseline file that cannot be read: names the file and line."""


@dataclass(frozen=True)
class BaselineEntry:
    key: str
    reason: str
    line: int  # in the baseline file


def finding_key(result: Result) -> str:
    """16 hex digits naming a finding by its content (not by line numbers)."""
    message = result.message.get("zh") or result.message.get("en") or ""
    text = "\n".join((result.shape_name, result.document, result.focus_label, message))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def baseline_text(results: list[Result], reason: str = DEFAULT_REASON) -> str:
    lines = [HEADER]
    seen = set()
    for r in results:
        key = finding_key(r)
        if key in seen:
            continue  # the same finding printed twice (one sentence repeated) is accepted once
        seen.add(key)
        place = str(r.sources[0]) if r.sources else (str(r.related[0]) if r.related else r.document)
        message = r.message.get("zh") or r.message.get("en") or ""
        lines.append("\t".join((key, r.severity, r.shape_name, place, _flat(message), _flat(reason))) + "\n")
    return "".join(lines)


def write_baseline(results: list[Result], path: Path, reason: str = DEFAULT_REASON) -> None:
    Path(path).write_text(baseline_text(results, reason), encoding="utf-8")


def read_baseline(path: Path) -> dict[str, BaselineEntry]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc}") from None
    entries: dict[str, BaselineEntry] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        key = fields[0].strip()
        if len(fields) != _FIELDS or len(key) != 16 or any(c not in "0123456789abcdef" for c in key):
            raise BaselineError(f"{path}:{number}: expected {_FIELDS} tab-separated fields starting with a "
                                f"16-digit key, as `budgetkg validate --write-baseline` writes them")
        entries[key] = BaselineEntry(key, fields[-1].strip(), number)
    return entries


def apply_baseline(results: list[Result], baseline: dict[str, BaselineEntry]) -> tuple[list[Result], list[Result]]:
    """(new, accepted): the results the baseline does not name, and those it does."""
    new, accepted = [], []
    for r in results:
        (accepted if finding_key(r) in baseline else new).append(r)
    return new, accepted
