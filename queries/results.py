"""The result of a query: columns and rows of RDF terms, read by scripts, renderers and pages."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import pyoxigraph as ox

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows of a SELECT; cells are pyoxigraph terms, ``None`` when unbound.

    ``truncated`` says a row limit cut the answer; an ASK's answer is ``boolean``, with no
    columns or rows."""

    columns: list[str]
    rows: list[tuple[Optional[Term], ...]]
    truncated: bool = False
    boolean: Optional[bool] = None

    @classmethod
    def from_json(cls, body: Union[str, bytes], truncated: bool = False) -> "QueryResult":
        """A result read from its SPARQL 1.1 JSON form (what a query process or a remote
        endpoint answers)."""
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return cls([], [], boolean=bool(parsed))
        return cls([v.value for v in parsed.variables], [tuple(row) for row in parsed], truncated)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self, missing: Optional[str] = None) -> list[dict[str, Optional[str]]]:
        """Rows as ``{column: lexical value}``, the shape most scripts want; an unbound cell
        reads as `missing`."""
        return [{c: missing if t is None else t.value for c, t in zip(self.columns, row)} for row in self.rows]

    def bindings(self) -> list[dict[str, Term]]:
        """Rows as ``{column: term}`` of the bound cells only, as SPARQL results write them."""
        return [{c: t for c, t in zip(self.columns, row) if t is not None} for row in self.rows]

    def column(self, name: str) -> list[Optional[str]]:
        i = self.columns.index(name)
        return [term_text(row[i]) for row in self.rows]


def term_text(term: Optional[Term]) -> Optional[str]:
    """The value a person reads: an IRI's text, a literal's lexical form, None when unbound."""
    if term is None:
        return None
    return term.value
