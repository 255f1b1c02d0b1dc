"""Cross-record linking: which printed names are the same department, project or policy.

Pure: records in, a :class:`Linking` out; no I/O, no IRIs (the mappings mint those from the
keys decided here).  Keys follow ``docs/model.md``:

* department: ``<region code>/<canonical name>``; the canonical name is the printed name
  without its region prefix, with the usual abbreviations expanded (医保局 = 医疗保障局);
  a misprinted region (one character off a region named in the same document) counts as
  that region; a ``…本级`` unit is its own node, a sub-organisation of its department; an
  internal section printed as an executing unit (``家发科``: a 科/股/室/处/组 name with no region
  and no 局/委/办/中心/院/站/所 of its own) is an organisational unit of the department printed
  beside it (else of the document's department), keyed ``<department key>/<section>``.
* project: the project code when any record prints it; a name printed without a code
  resolves, within its document, to the coded project of the same name or of a variant one
  character away with the same amount; else ``<department key>/<name>``.
* policy: the normalised 文号; a title-only citation resolves to the 文号 node printed with
  that title anywhere; else ``title/<title>``.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Optional

from kg_build.records import Document, Organisation, Record
from kg_build.regions import unambiguous_region_names, with_ancestors

from .departments import link_departments
from .nodes import Linking
from .policies import link_policies
from .projects import link_projects


def link(records: Iterable[Record], regions: Optional[Mapping[str, str]] = None) -> Linking:
    """Decide which printed names denote one thing.

    `regions` maps region names to 行政区划 codes (default: every region of the gazetteer
    whose name is its own, and the regions the documents and organisations were found to
    belong to -- which settle the names several regions bear -- with the regions above them).
    """
    records = list(records)
    if regions is None:
        codes = (r.region_code for r in records if isinstance(r, (Document, Organisation)))
        regions = {**unambiguous_region_names(), **{r.name: r.code for r in with_ancestors(codes)}}
    linking = Linking()
    for r in records:
        if isinstance(r, Document):
            linking.documents[r.file] = r
    link_departments(records, regions, linking)
    link_projects(records, linking)
    link_policies(records, linking)
    return linking
