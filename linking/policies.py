"""Policies: citations of a policy by 文号 or by title → one key (see :mod:`linking.link`).

A 文号 is its own key, except one whose issuer is printed relative to the citing document
(市政办发〔2022〕30号: every city's government office prints 市政办发): it is keyed with the region
it resolves to, so two cities' documents keep two policies and one city's documents meet.
"""
from __future__ import annotations

from collections import defaultdict

from kg_build.docnumber import normalise_doc_number, parse_doc_number
from kg_build.extract.cells import squeeze
from kg_build.issuers import relative_region
from kg_build.records import Citation, Record

from .nodes import Linking, Policy


def normalise_title(text: str) -> str:
    return squeeze(text).strip("《》<>\"“”")


def link_policies(records: list[Record], linking: Linking) -> None:
    citations = [r for r in records if isinstance(r, Citation)]
    by_title: dict[str, set[str]] = defaultdict(set)
    for c in citations:
        number = normalise_doc_number(c.doc_number or "") or (normalise_doc_number(c.printed) if c.printed else None)
        if not number:
            continue
        parsed = parse_doc_number(number)  # a normalised 文号 always parses
        document = linking.documents.get(c.prov.document)
        region = relative_region(parsed.issuer_code, document.region_code if document else None)
        key = f"{region}/{number}" if region else number
        pol = linking.policies.setdefault(key, Policy(key, number, region=region))
        pol.issuer_code = pol.issuer_code or parsed.issuer_code
        pol.year = pol.year or parsed.year
        pol.number = pol.number or parsed.number
        if pol.citing_region is None and document is not None:
            pol.citing_region = document.region_code
        if c.title and normalise_title(c.title):
            pol.titles[normalise_title(c.title)] += 1
            by_title[normalise_title(c.title)].add(key)
        linking._policy_by_record[id(c)] = key
    for c in citations:
        if id(c) in linking._policy_by_record or not c.title or not normalise_title(c.title):
            continue
        title = normalise_title(c.title)
        numbers = by_title.get(title, set())
        if len(numbers) == 1:
            key = next(iter(numbers))
        else:
            key = f"title/{title}"
            linking.policies.setdefault(key, Policy(key, None)).titles[title] += 1
        linking._policy_by_record[id(c)] = key
