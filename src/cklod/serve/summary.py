"""The statements at the top of an entity's page, as Wikidata puts them first: for an event its type, dates,
place, organizers, outcomes and participants; for a person the posts held now and before; for an organization
its kind, parent, founding and location. Each value keeps the evidence that supports it.

Posts are merged: one post reported by several documents, or spelled several ways, is one ``Post`` listing its
attestations and spellings, instead of one card per document and spelling.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from cklod.rdf.iris import CKLOD, SCHEMA
from cklod.serve.lookup import Lookup
from cklod.serve.terms import Evidence, Term, evidence_of, iri_term, term


@dataclass
class Value:
    """One value of a summary line: a term, or a text linking to a section of the page."""

    term: Term | None
    evidence: list[Evidence] = field(default_factory=list)
    text: str = ""
    href: str = ""


@dataclass
class Line:
    label: str
    values: list[Value]


@dataclass
class Attestation:
    """One document's report of a post: when it holds, in which words, with which quote."""

    role: str
    date: Term | None
    document: Term | None
    spelling: str
    evidence: list[Evidence]


@dataclass
class Post:
    title: str
    holder: Term | None
    organizations: list[Term]
    countries: list[Term]
    former: bool
    attestations: list[Attestation]

    @property
    def spellings(self) -> list[str]:
        return sorted({a.spelling for a in self.attestations if a.spelling}, key=lambda s: (s.lower(), s))

    @property
    def latest(self) -> Term | None:
        dated = [a.date for a in self.attestations if a.date is not None]
        return max(dated, key=lambda t: t.value) if dated else None


# Lines by kind of entity: (label, predicates whose objects are its values).
LINES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "event": (
        ("Place", (SCHEMA + "location",)),
        ("Organizers", (SCHEMA + "organizer",)),
        ("Outcomes", (CKLOD + "outcome",)),
        ("Part of", (SCHEMA + "superEvent",)),
        ("Includes", (SCHEMA + "subEvent",)),
    ),
    "organization": (
        ("Parent organization", (SCHEMA + "parentOrganization",)),
        ("Founded", (SCHEMA + "foundingDate",)),
        ("Founded at", (SCHEMA + "foundingLocation",)),
        ("Founders", (SCHEMA + "founder",)),
        ("Location", (SCHEMA + "location",)),
        ("Sub-organizations", (SCHEMA + "subOrganization",)),
    ),
    "place": (("Part of", (SCHEMA + "containedInPlace",)), ("Contains", (SCHEMA + "containsPlace",))),
    "country": (("Contains", (SCHEMA + "containsPlace",)),),
}
_WORDS = re.compile(r"[\w’']+")
_FILLER = frozenset({"the", "of", "in", "for", "at", "to", "and", "'s", "’s"})


def _graph_doc(lookup: Lookup, graph: object) -> str:
    if isinstance(graph, ox.NamedNode) and graph.value.startswith(lookup.space.base + "graph/"):
        return lookup.space.base + "doc/" + graph.value[len(lookup.space.base) + 6 :]
    return ""


def supported(lookup: Lookup, iri: str) -> dict[tuple[str, object], list[Evidence]]:
    """The evidence of each (predicate, object) of ``iri``: its reified statements' evidence, else the
    entity's own evidence in the documents whose graphs assert it."""
    cited: dict[tuple[str, object], list[Evidence]] = defaultdict(list)
    for st in lookup.subjects("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject", iri):
        p = lookup.first(st, "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate")
        o = lookup.first(st, "http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
        if p is not None and o is not None:
            cited[(p.value, o)].extend(evidence_of(lookup, st))
    own = evidence_of(lookup, iri)
    for q in lookup.out(iri):
        key = (q.predicate.value, q.object)
        if key not in cited:
            doc = _graph_doc(lookup, q.graph_name)
            found = [e for e in own if e.doc == doc]
            if found:
                cited[key] = found
    return cited


def _values(lookup: Lookup, iri: str, predicates: tuple[str, ...], cited: dict) -> list[Value]:
    seen: dict[object, Value] = {}
    for p in predicates:
        for o in lookup.objects(iri, p):
            if o not in seen:
                seen[o] = Value(term(lookup, o), [])
            for ev in cited.get((p, o), []):
                if ev not in seen[o].evidence:
                    seen[o].evidence.append(ev)
    return sorted(seen.values(), key=lambda v: v.term.label.lower())


def _dates(lookup: Lookup, iri: str, start: str, end: str, cited: dict) -> list[Line]:
    starts = _values(lookup, iri, (start,), cited)
    ends = _values(lookup, iri, (end,), cited)
    if starts and ends and [v.term.value for v in starts] == [v.term.value for v in ends]:
        for s, e in zip(starts, ends, strict=True):
            s.evidence.extend(ev for ev in e.evidence if ev not in s.evidence)
        return [Line("Date", starts)]
    return [line for line in (Line("Starts", starts), Line("Ends", ends)) if line.values]


def summary(lookup: Lookup, iri: str, kind: str, anchors: dict[str, str], posts: list[Post]) -> list[Line]:
    """The summary lines of entity ``iri`` of ``kind``; ``anchors`` maps section titles to their page ids."""
    cited = supported(lookup, iri)
    lines: list[Line] = []
    if kind == "event":
        lines += _dates(lookup, iri, SCHEMA + "startDate", SCHEMA + "endDate", cited)
    for label, predicates in LINES.get(kind, ()):
        values = _values(lookup, iri, predicates, cited)
        if values:
            lines.append(Line(label, values))
    if kind == "event":
        people = {o for o in lookup.objects(iri, CKLOD + "hasParticipant")}
        people |= {
            o for p in lookup.subjects(CKLOD + "event", iri) for o in lookup.objects(p, CKLOD + "participant")
        }
        if people:
            href = "#" + anchors["Participants"] if "Participants" in anchors else ""
            lines.append(Line("Participants", [Value(None, [], f"{len(people)} reported", href)]))
    if posts:
        for label, former in (("Current posts", False), ("Past posts", True)):
            values = [
                Value(
                    None,
                    [ev for a in post.attestations for ev in a.evidence][:1],
                    post_text(post),
                    "#post-" + str(n),
                )
                for n, post in enumerate(posts, 1)
                if post.former is former
            ]
            if values:
                lines.append(Line(label, values))
    if kind == "person":
        taken = anchors.get("Took part in")
        count = len(lookup.objects(iri, CKLOD + "participatedIn"))
        if count:
            lines.append(
                Line("Took part in", [Value(None, [], f"{count} events", "#" + taken if taken else "")])
            )
    return lines


def post_text(post: Post) -> str:
    where = ", ".join(t.label for t in post.organizations + post.countries)
    latest = post.latest
    text = post.title + (f" — {where}" if where and where.lower() not in post.title.lower() else "")
    return text + (f" (last reported {latest.value[:4]})" if latest is not None else "")


def _office(title: str, places: list[str]) -> str:
    """What a post is, whatever the spelling: the title without the names of its organization and country."""
    text = " " + title.lower() + " "
    for name in sorted(places, key=len, reverse=True):
        text = text.replace(" " + name.lower() + " ", " ")
    return " ".join(w for w in _WORDS.findall(text) if w not in _FILLER)


def merged_posts(lookup: Lookup, roles: list[str], hide: str) -> list[Post]:
    """The role facts ``roles`` as posts: one per holder, organization, country, status and office."""
    posts: dict[tuple, Post] = {}
    for role in roles:
        title = lookup.text(role, SCHEMA + "roleName")
        holder = lookup.first(role, CKLOD + "holder")
        orgs = [o for o in lookup.objects(role, CKLOD + "organization") if isinstance(o, ox.NamedNode)]
        countries = [c for c in lookup.objects(role, CKLOD + "country") if isinstance(c, ox.NamedNode)]
        former = any(o.value == "true" for o in lookup.objects(role, CKLOD + "isFormer"))
        names = [n.value for node in orgs + countries for n in lookup.names(node.value)]
        key = (
            holder.value if holder is not None else "",
            tuple(o.value for o in orgs),
            tuple(c.value for c in countries),
            former,
            _office(title, names),
        )
        date = lookup.first(role, CKLOD + "attestedOn")
        doc = lookup.first(role, CKLOD + "sourceDocument")
        attestation = Attestation(
            role,
            term(lookup, date) if date is not None else None,
            term(lookup, doc) if doc is not None else None,
            title,
            evidence_of(lookup, role),
        )
        if key not in posts:
            posts[key] = Post(
                title,
                term(lookup, holder) if holder is not None and holder.value != hide else None,
                [iri_term(lookup, o.value) for o in orgs if o.value != hide],
                [iri_term(lookup, c.value) for c in countries if c.value != hide],
                former,
                [],
            )
        post = posts[key]
        post.attestations.append(attestation)
        # The fullest spelling names the post.
        if len(title) > len(post.title) or (len(title) == len(post.title) and title[:1].isupper()):
            post.title = title
    for post in posts.values():
        post.attestations.sort(key=lambda a: (a.date.value if a.date else "", a.role))
    return sorted(
        posts.values(),
        key=lambda p: (p.former, -(int(p.latest.value[:4]) if p.latest else 0), p.title.lower(), p.title),
    )
