"""The closed list of relation predicates a mapping may state, and the property each one becomes."""

from __future__ import annotations

from cklod.rdf.iris import CKLOD, SCHEMA

# predicate -> (property IRI, property IRI when the subject is a place, or None)
RELATIONS: dict[str, tuple[str, str | None]] = {
    "parent-organization": (SCHEMA + "parentOrganization", None),
    "sub-organization": (SCHEMA + "subOrganization", None),
    "located-in": (SCHEMA + "location", SCHEMA + "containedInPlace"),
    "established-by": (CKLOD + "establishedBy", None),
    "established-at": (CKLOD + "establishedAt", None),
    "founded": (SCHEMA + "foundingDate", None),
    "built-by": (CKLOD + "builtBy", None),
    "produces": (CKLOD + "producesBrand", None),
    "operated-by": (CKLOD + "operatedBy", None),
    "works-for": (SCHEMA + "worksFor", None),
    "works-at": (SCHEMA + "workLocation", None),
    "alumni-of": (SCHEMA + "alumniOf", None),
    "studies-at": (CKLOD + "studiesAt", None),
    "member-of": (SCHEMA + "memberOf", None),
    "affiliated-with": (SCHEMA + "affiliation", None),
    "part-of": (CKLOD + "partOf", None),
    "route-passes-through": (CKLOD + "passesThrough", None),
    "route-starts-at": (CKLOD + "startsAt", None),
    "route-ends-at": (CKLOD + "endsAt", None),
    "nationality": (SCHEMA + "nationality", None),
    "knows-about": (SCHEMA + "knowsAbout", None),
    "praised-by": (CKLOD + "praisedBy", None),
    "borders": (CKLOD + "borders", None),
    "diplomatic-relations-with": (CKLOD + "diplomaticRelationsWith", None),
    "partnership-with": (CKLOD + "partnerOf", None),
}

PLACE_KINDS = frozenset({"place", "country"})
