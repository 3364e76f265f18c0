"""Saved queries about people, posts, events and what was said: exact answers worked out from the sources."""

from __future__ import annotations

from collections import defaultdict

import pytest

from test_query_sources import ROLE_ACTS, ask_fixture, closure, doc, rows, same, src_fixture  # noqa: F401  (the fixtures ask and src)

# -- people, posts and events ---------------------------------------------------------------------------------


def test_posts_held(ask, src):
    expected = [
        (
            src.iri(f["holder"]),
            f["title"],
            src.iri(f["organization"]) if f.get("organization") else None,
            src.iri(f["country"]) if f.get("country") else None,
            str(f.get("date") or src.published(f["doc"])),
            "true" if f.get("former") else "false",
            doc(f["doc"]),
            str(f["line"]),
            f["quote"],
        )
        for f in src.facts("role")
    ]
    got = rows(ask("posts-held"))
    same(got, expected)
    assert got == sorted(got, key=lambda r: (r[0], r[6], int(r[7])))  # by person, document, line
    # Kanat Iskakov is titled two ways in one document (000, lines 3 and 5).
    assert [r[1] for r in rows(ask("posts-held", person="person:kanat-iskakov"))] == [
        "Vice Minister of Culture and Information of the Republic of Kazakhstan",
        "Deputy Minister of Culture and Information of the Republic of Kazakhstan",
    ]


def test_event_participants(ask, src):
    titles = {(f["doc"], f["id"]): f["title"] for f in src.facts("role")}
    expected = [
        (
            src.iri(f["event"]),
            src.iri(f["participant"]),
            f["as"],
            titles[(f["doc"], f["capacity"])] if f.get("capacity") else None,
            doc(f["doc"]),
            str(f["line"]),
            f["quote"],
        )
        for f in src.facts("participation")
    ]
    same(rows(ask("event-participants")), expected)
    forum = rows(
        ask("event-participants", event="event:second-think-tank-forum-china-central-asia"),
        "participant",
        "part",
    )
    assert forum == [
        ("organization:central-asian-think-tanks-c5-forum-2022", "co-host"),
        ("organization:ireecas", "co-host"),
        ("person:gao-xiang", "speaker"),
        ("person:kanatbek-aziz", "speaker"),
        ("person:vladimir-norov", "letter-sender"),
        ("person:wang-yi", "letter-sender"),
        ("person:xu-bu", "speaker"),
    ]


def _persons_at(src) -> dict[tuple[str, str], set[str]]:
    at: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in src.facts("participation"):
        if src.kind(f["participant"]) == "person":
            at[(f["doc"], f["event"])].add(f["participant"])
    return at


def test_who_met_whom(ask, src):
    expected = {
        (src.iri(a), src.iri(b), src.iri(event), doc(d))
        for (d, event), people in _persons_at(src).items()
        for a in people
        for b in people
        if a != b
    }
    got = rows(ask("who-met-whom"))
    assert len(got) == len(set(got))
    same(got, sorted(expected))
    xi = rows(ask("who-met-whom", person="person:xi-jinping"), "other", "event")
    assert xi == [
        ("person:kassym-jomart-tokayev", "event:xi-state-visit-kazakhstan-2024"),
        ("person:kassym-jomart-tokayev", "event:xi-tokayev-meeting-2023-10"),
        ("person:kassym-jomart-tokayev", "event:xi-tokayev-talks-2024-07"),
        ("person:rahmon", "event:xi-state-visit-tajikistan-2024"),
    ]


@pytest.mark.parametrize(
    ("person", "other"),
    [
        ("xi-jinping", "rahmon"),
        ("xi-jinping", "wang-yi"),
        ("wang-gang", "jiang-yonggang"),
        ("gao-xiang", "wang-gang"),
    ],
)
def test_did_they_meet(ask, src, person, other):
    met = any({person, other} <= people for people in _persons_at(src).values())
    answer = ask("did-they-meet", person=f"person:{person}", other=f"person:{other}")
    assert answer.boolean is met
    assert ask("did-they-meet").boolean is True


def test_title_variants(ask, src):
    titles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in src.facts("role"):
        titles[(f["holder"], f.get("organization") or f.get("country") or f["holder"])].add(f["title"])
    expected = [
        (
            src.iri(f["holder"]),
            src.iri(post),
            str(len(titles[(f["holder"], post)])),
            f["title"],
            doc(f["doc"]),
            str(f["line"]),
            f["quote"],
        )
        for f in src.facts("role")
        for post in [f.get("organization") or f.get("country") or f["holder"]]
        if len(titles[(f["holder"], post)]) > 1
    ]
    same(rows(ask("title-variants")), expected)
    assert {r[0] for r in expected} >= {
        "person:kanat-iskakov",
        "person:sun-zhuangzhi",
        "person:gulnar-shaimergenova",
    }


def test_members_of_organization(ask, src):
    parents = src.parents("parent-organization")
    expected = [
        (
            src.iri(top),
            src.iri(f["holder"]),
            f["title"],
            src.iri(f["organization"]),
            "true" if f.get("former") else "false",
            doc(f["doc"]),
            str(f["line"]),
            f["quote"],
        )
        for f in src.facts("role")
        if f.get("organization")
        for top in closure(parents, f["organization"])
    ]
    same(rows(ask("members-of-organization")), expected)
    cass = rows(
        ask("members-of-organization", organization="organization:chinese-academy-of-social-sciences"),
        "person",
        "unit",
    )
    assert sorted(set(cass)) == [
        ("person:gao-xiang", "organization:chinese-academy-of-social-sciences"),
        ("person:sun-zhuangzhi", "organization:ireecas"),
    ]


def test_organization_parents(ask, src):
    parents = src.parents("parent-organization")

    def top(org: str) -> set[str]:
        return {o for o in closure(parents, org) if not parents.get(o)}

    expected = [
        (src.iri(f["subject"]), src.iri(f["object"]), src.iri(t), doc(f["doc"]), str(f["line"]), f["quote"])
        for f in src.facts("relation")
        if f["predicate"] == "parent-organization"
        for t in top(f["object"])
    ]
    same(rows(ask("organization-parents")), expected)
    assert rows(
        ask("organization-parents", organization="organization:publicity-department-cpc-central-committee"),
        "parent",
        "top",
    ) == [("organization:cpc-central-committee", "organization:communist-party-of-china")]


def test_cross_document_entities(ask, src):
    docs_of: dict[str, set[str]] = defaultdict(set)
    for d in src.docs:
        for e in src.mentioned(d):
            docs_of[e].add(d)
    expected = [
        (src.iri(e), str(len(ds)), doc(d), src.published(d))
        for e, ds in docs_of.items()
        if len(ds) > 1 and src.kind(e) in ("person", "organization")
        for d in ds
    ]
    got = rows(ask("cross-document-entities"))
    same(got, expected)
    assert got[0][:2] == ("person:xi-jinping", "4")  # the most widely named: 000, 001, 002, 003


def test_look_alike_entities(ask, src):
    expected = [
        (
            src.iri(e),
            src.name(e),
            src.iri(o),
            src.name(o),
            " ".join(src.registry[e]["note"].split()) if src.registry[e].get("note") else None,
        )
        for e, entry in src.registry.items()
        for o in entry.get("distinct_from", [])
    ]
    same(rows(ask("look-alike-entities")), expected)


# -- what was said ------------------------------------------------------------------------------------------


def test_quotations(ask, src):
    expected = [
        (
            src.iri(f["speaker"]),
            f["quote"],
            src.iri(f["event"]) if f.get("event") else None,
            doc(f["doc"]),
            str(f["line"]),
            f"quotation:{f['doc']}-{f['id']}",
        )
        for f in src.facts("quotation")
    ]
    same(rows(ask("quotations")), expected)
    tokayev = rows(ask("quotations", speaker="person:kassym-jomart-tokayev"), "quotation")
    assert [q[0][:20] for q in tokayev] == [
        "Kazakhstan is eagerl",
        "Every time I recall ",
        "We discussed hot iss",
    ]


def test_reported_speech(ask, src):
    expected = [
        (
            src.iri(f["speaker"]),
            f.get("verb"),
            src.iri(f["event"]) if f.get("event") else None,
            doc(f["doc"]),
            str(f["line"]),
            f["quote"],
        )
        for f in src.facts("speech")
    ]
    same(rows(ask("reported-speech")), expected)


def test_initiative_mentions(ask, src):
    def initiatives(ids):
        return [i for i in ids or [] if src.kind(i) == "initiative"]

    expected = {
        (
            src.iri(i),
            "quotation" if f["kind"] == "quotation" else "reported speech",
            src.iri(f["speaker"]),
            src.iri(f["event"]) if f.get("event") else None,
            doc(f["doc"]),
            str(f["line"]),
            f["quote"],
        )
        for f in src.facts("quotation", "speech")
        for i in initiatives(f.get("about"))
    }
    expected |= {
        (src.iri(i), "event", None, src.iri(f["event"]), doc(f["doc"]), str(f["line"]), f["quote"])
        for f in src.facts("event")
        if "quote" in f
        for i in initiatives(f.get("about"))
    }
    same(rows(ask("initiative-mentions")), sorted(expected, key=repr))
    bri = {r[1:3] for r in rows(ask("initiative-mentions", initiative="initiative:belt-and-road-initiative"))}
    assert ("reported speech", "person:kanat-iskakov") in bri and ("event", None) in bri


def test_initiative_actors(ask, src):
    expected = []
    for f in src.facts("initiative"):
        dated = next((act for field, act in ROLE_ACTS if f.get(field)), None)
        for field, act in ROLE_ACTS:
            for actor in f.get(field) or []:
                expected.append(
                    (
                        src.iri(f["initiative"]),
                        act,
                        src.iri(actor),
                        str(f["date"]) if f.get("date") and act == dated else None,
                        src.iri(f["location"]) if f.get("location") else None,
                        src.iri(f["event"]) if f.get("event") else None,
                        doc(f["doc"]),
                        str(f["line"]),
                        f["quote"],
                    )
                )
    same(rows(ask("initiative-actors")), expected)
    bri = rows(
        ask("initiative-actors", initiative="initiative:belt-and-road-initiative"), "act", "actor", "date"
    )
    assert bri == [("proposed", "person:xi-jinping", "2013")]


def test_aligned_initiatives(ask, src):
    expected = set()
    for f in src.facts("initiative"):
        for other in f.get("aligned_with") or []:
            a, b = src.iri(f["initiative"]), src.iri(other)
            expected |= {
                (a, b, "subject", doc(f["doc"]), str(f["line"]), f["quote"]),
                (b, a, "object", doc(f["doc"]), str(f["line"]), f["quote"]),
            }
    same(rows(ask("aligned-initiatives")), sorted(expected, key=repr))
