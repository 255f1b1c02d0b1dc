"""Data minimisation: names and phone numbers of officials never reach the graph.

Forms print 项目负责人 / 填报人 / 联系人 with a name and 联系电话 with a number, on one line or
one cell per line.  Quotes are the only free text copied from a document into the graph, so
every quote passes through :func:`redact` first.
"""
from __future__ import annotations

import re

REDACTED = "〔略〕"
_LABELS = "项目负责人|负责人|填报人|联系人|经办人|联系电话|电话|手机"
# a label followed on the same line by its value in the next cell (a separator is required, so
# prose such as 负责人开展谈话 is left alone)
_LABEL_VALUE = re.compile(rf"({_LABELS})([\s:：]+)([^\s:：]+)")
_LABEL_ONLY = re.compile(rf"^\s*({_LABELS})\s*[:：]?\s*$")
_PHONE = re.compile(r"(?<![A-Za-z\d.])(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?![\d.])")


def redact(quote: str) -> str:
    lines = quote.split("\n")
    out: list[str] = []
    pending = False  # the previous non-empty line was a bare label: this line is its value
    for line in lines:
        if pending and line.strip():
            out.append(REDACTED if not _LABEL_ONLY.match(line) else line)
            pending = bool(_LABEL_ONLY.match(line))
            continue
        if _LABEL_ONLY.match(line):
            pending = True
            out.append(line)
            continue
        line = _LABEL_VALUE.sub(lambda m: m.group(1) + m.group(2) + REDACTED, line)
        out.append(_PHONE.sub(REDACTED, line))
    return "\n".join(out)
