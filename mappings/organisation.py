"""Organisation records → departments and budget units (W3C ORG), with every printed variant.

The linker decided which printed names are one department; this script states, in the
document's graph, how the document printed it (altLabel + a mention with the line), its budget
unit code, its region and the department a unit belongs to (an internal section such as 家发科
is also an ``org:OrganizationalUnit``, ``org:unitOf`` that department).
"""
from __future__ import annotations

from typing import Optional

from rdflib import URIRef
from rdflib.namespace import ORG, RDF, SKOS

from kg_build.extract.cells import squeeze
from kg_build.records import Organisation, Provenance

from .base import MappingContext, mapper, text, zh
from ontology.namespaces import BKG


def describe_department(ctx: MappingContext, printed: Optional[str], prov: Provenance,
                        code: Optional[str] = None) -> Optional[URIRef]:
    """Type and label the department a document prints as `printed`; returns its IRI."""
    key = ctx.links.department_key(ctx.file, printed)
    if key is None or printed is None:
        return None
    dept = ctx.links.departments[key]
    iri = ctx.iris.department(key)
    g = ctx.graph
    g.add((iri, RDF.type, ORG.Organization))
    g.add((iri, SKOS.prefLabel, zh(dept.label)))
    if squeeze(printed) != dept.label:
        g.add((iri, SKOS.altLabel, zh(squeeze(printed))))
    if dept.region:
        g.add((iri, BKG.region, ctx.iris.region(dept.region)))
    ctx.add(iri, ORG.identifier, text(code or dept.code))
    if dept.parent:
        parent = ctx.iris.department(dept.parent)
        g.add((iri, ORG.subOrganizationOf, parent))
        if dept.section:  # an internal 科室: a unit of the department, not an organisation of its own
            g.add((iri, RDF.type, ORG.OrganizationalUnit))
            g.add((iri, ORG.unitOf, parent))
        g.add((parent, RDF.type, ORG.Organization))
        g.add((parent, SKOS.prefLabel, zh(ctx.links.departments[dept.parent].label)))
    ctx.mention(iri, prov, squeeze(printed))
    return iri


@mapper(Organisation)
def map_organisation(rec: Organisation, ctx: MappingContext) -> None:
    describe_department(ctx, rec.name, rec.prov, rec.code)
    if rec.parent_name:
        describe_department(ctx, rec.parent_name, rec.prov, rec.parent_code)
