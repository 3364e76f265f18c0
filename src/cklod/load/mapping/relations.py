"""The closed list of relation predicates a mapping may state, the property each one becomes, and what each
may link: the kinds of subject it takes and, for each, the kinds of object."""

from __future__ import annotations

from cklod.rdf.iris import AGENT_KINDS, CKLOD, SCHEMA

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
    "joint-project-of": (CKLOD + "jointProjectOf", None),
    "within-framework-of": (CKLOD + "withinFrameworkOf", None),
    "administration-of": (CKLOD + "administrationOf", None),
    "instance-of-programme": (CKLOD + "instanceOfProgramme", None),
    # issue 15: a person placed by the text; a framework an actor cooperates within
    "was-in": (CKLOD + "presentIn", None),
    "cooperates-within": (CKLOD + "cooperatesWithin", None),
}

PLACE_KINDS = frozenset({"place", "country"})
ENTITY_KINDS = ("person", "organization", "country", "place", "event", "initiative", "brand")
# An organization or an event can be part of a programme or a cooperation format, not of a policy, a
# document or an agreement: these registry types are the initiatives that have parts of another kind.
FRAMEWORKS = frozenset({"Initiative", "Programme"})


def _each(subjects: frozenset[str] | tuple[str, ...], objects: frozenset[str]) -> dict[str, frozenset[str]]:
    return dict.fromkeys(subjects, objects)


def _kinds(*names: str) -> frozenset[str]:
    return frozenset(names)


_ORG = _kinds("organization")
_ANY = frozenset(ENTITY_KINDS)
_HOLDERS = _kinds("organization", "place", "initiative", "event")

# predicate -> subject kind -> the kinds (or registry types, as FRAMEWORKS) its object may be.
# An empty set: the predicate takes only a literal object ({date: …}, {text: …}).
ALLOWED: dict[str, dict[str, frozenset[str]]] = {
    "parent-organization": _each(_ORG, _ORG),
    "sub-organization": _each(_ORG, _ORG),
    "located-in": _each(_kinds("organization", "place", "event", "brand"), PLACE_KINDS),
    "established-by": _each(_HOLDERS, AGENT_KINDS),
    "established-at": _each(_HOLDERS, _kinds("organization", "place", "event")),
    "founded": _each(_kinds("organization", "country", "place", "initiative"), frozenset()),
    "built-by": _each(_kinds("place"), AGENT_KINDS),
    "produces": _each(_kinds("organization", "place"), _kinds("brand")),
    "operated-by": _each(_kinds("place", "initiative"), AGENT_KINDS),
    "works-for": _each(_kinds("person"), _kinds("organization", "country")),
    "works-at": _each(_kinds("person"), _kinds("place")),
    "alumni-of": _each(_kinds("person"), _ORG),
    "studies-at": _each(_kinds("person"), _ORG),
    "member-of": _each(AGENT_KINDS, _kinds("organization", "initiative")),
    "affiliated-with": _each(_kinds("person", "organization", "initiative", "place"), AGENT_KINDS),
    "part-of": {
        "organization": _ORG | FRAMEWORKS,
        "event": _kinds("event") | FRAMEWORKS,
        "initiative": _kinds("initiative"),
        "place": PLACE_KINDS,
    },
    "route-passes-through": _each(_kinds("place"), PLACE_KINDS),
    "route-starts-at": _each(_kinds("place"), PLACE_KINDS),
    "route-ends-at": _each(_kinds("place"), PLACE_KINDS),
    "nationality": _each(_kinds("person"), _kinds("country")),
    "knows-about": _each(AGENT_KINDS, _ANY),
    "praised-by": _each(_ANY, AGENT_KINDS),
    "borders": _each(PLACE_KINDS, PLACE_KINDS),
    "diplomatic-relations-with": _each(_kinds("country"), _kinds("country")),
    "partnership-with": _each(AGENT_KINDS | {"place"}, AGENT_KINDS | {"place"}),
    "joint-project-of": _each(_HOLDERS, AGENT_KINDS),
    "within-framework-of": _each(_HOLDERS, _kinds("organization", "initiative", "event")),
    "administration-of": _each(_ORG, _kinds("place", "country", "initiative")),
    "instance-of-programme": _each(_kinds("organization", "place"), _kinds("Programme")),
    "was-in": _each(_kinds("person"), PLACE_KINDS),
    "cooperates-within": _each(AGENT_KINDS, _kinds("organization", "initiative", "event")),
}


def allows(allowed: frozenset[str], kind: str, type_: str) -> bool:
    """Whether an entity of this kind and registry type is among ``allowed`` (kinds, or registry types)."""
    return kind in allowed or type_ in allowed


def describe(allowed: frozenset[str]) -> str:
    """'an organization, Initiative or Programme'."""
    names = sorted(
        allowed, key=lambda n: (n not in ENTITY_KINDS, ENTITY_KINDS.index(n) if n in ENTITY_KINDS else 0, n)
    )
    article = "an" if names[0][0].lower() in "aeiou" else "a"
    return f"{article} {names[0]}" if len(names) == 1 else f"{article} {', '.join(names[:-1])} or {names[-1]}"
