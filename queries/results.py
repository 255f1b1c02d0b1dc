"""The result of a named query: columns and rows of RDF terms, read by scripts and renderers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import pyoxigraph as ox

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows of a SELECT; cells are pyoxigraph terms, ``None`` when unbound."""

    columns: list[str]
    rows: list[tuple[Optional[Term], ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Optional[str]]]:
        """Rows as ``{column: lexical value}``, the shape most scripts want."""
        return [{c: term_text(t) for c, t in zip(self.columns, row)} for row in self.rows]

    def column(self, name: str) -> list[Optional[str]]:
        i = self.columns.index(name)
        return [term_text(row[i]) for row in self.rows]


def term_text(term: Optional[Term]) -> Optional[str]:
    """The value a person reads: an IRI's text, a literal's lexical form, None when unbound."""
    if term is None:
        return None
    return term.value
