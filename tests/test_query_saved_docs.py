"""Saved queries about names, documents and evidence, and the DESCRIBE and CONSTRUCT ones: exact answers."""

from __future__ import annotations

import hashlib
import re

from cklod.sparql.results import short
from test_query_sources import all_statistics, ask_fixture, doc, rows, same, src_fixture, value  # noqa: F401  (the fixtures ask and src)

# -- names ---------------------------------------------------------------------------------------------------


def _pattern(name: str) -> str:
    return re.sub(r"[\\^$.|?*+()\[\]{}]", ".", name)


def test_spelling_variants(ask, src):
    expected = []
    for d, data in src.docs.items():
        text = data["text"]
        for e in src.mentioned(d):
            entry = src.registry[e]
            alts = list(entry.get("alt") or []) + [
                v for v in [(entry.get("external") or {}).get("fullName")] if v
            ]
            for alt in alts:
                outside = text if entry["name"] in alt else re.sub(_pattern(entry["name"]), "", text)
                times = len(re.findall(_pattern(alt), outside))
                if alt in text and times:
                    expected.append(
                        (
                            src.iri(e),
                            entry["name"],
                            alt,
                            doc(d),
                            str(times),
                            "true" if entry["name"] in text else "false",
                        )
                    )
    same(rows(ask("spelling-variants")), expected)
    # Read off the texts: 003 spells her "Shaymergenova" once; 004 calls her "Shaimergenova" alone three times.
    shaimergenova = rows(
        ask("spelling-variants", entity="person:gulnar-shaimergenova"), "variant", "document", "times"
    )
    assert ("Shaymergenova", "doc:003_5ecd5af879b8308b", "1") in shaimergenova
    assert ("Shaimergenova", "doc:004_ebc1b76246187781", "3") in shaimergenova


# -- documents and evidence ------------------------------------------------------------------------------------


def _statements(f: dict) -> int:
    if f["kind"] == "event":
        return (
            2 * bool(f.get("date"))
            + bool(f.get("start"))
            + bool(f.get("end"))
            + bool(f.get("part_of"))
            + bool(f.get("mode"))
            + sum(len(f.get(k) or []) for k in ("location", "organizers", "outcomes", "about"))
        )
    if f["kind"] == "initiative":
        return sum(
            len(f.get(k) or [])
            for k in ("proposed_by", "launched_by", "signed_by", "adopted_by", "aligned_with")
        ) + sum(bool(f.get(k)) for k in ("date", "location", "event"))
    if f["kind"] == "relation":  # one statement per object
        return len(f["object"]) if isinstance(f["object"], list) else 1
    return 0


def _external_date_statements(meta: dict, facts: list[dict]) -> int:
    """A publication date known from outside: its statement, and one per role it alone dates."""
    if not meta.get("date_external"):
        return 0
    return 1 + sum(1 for f in facts if f["kind"] in ("role", "act") and not f.get("date"))


def test_documents(ask, src):
    expected = []
    for d, data in src.docs.items():
        meta, facts = data["meta"], data["facts"]
        agents = (
            ([meta["publisher"]] if meta.get("publisher") else [])
            + list(meta.get("authors") or [])
            + list(meta.get("editors") or [])
        )

        def count(*kinds, facts=facts):
            return str(sum(1 for f in facts if f["kind"] in kinds))

        annotations = (
            sum(1 for f in facts if "quote" in f and not f.get("external"))
            + len(data["mentions"])
            + sum(1 for a in agents if a.get("quote"))
        )
        expected.append(
            (
                d,
                f"schema:{meta['type']}",
                meta["title"],
                str(meta["date_published"]),
                "true" if meta.get("date_inferred") else "false",
                meta["language"],
                src.iri(meta["publisher"]["entity"]) if meta.get("publisher") else None,
                f"{d}.txt",
                hashlib.sha256(data["raw"]).hexdigest(),
                str(len(src.mentioned(d))),
                count("role"),
                count("participation"),
                str(len(_statistics_of(src, d))),
                count("quotation"),
                count("speech"),
                str(sum(_statements(f) for f in facts) + _external_date_statements(meta, facts)),
                str(annotations),
            )
        )
    got = rows(ask("documents"))
    assert got == sorted(expected)


def _statistics_of(src, d: str) -> list[dict]:
    return [f for f in all_statistics(src) if f["doc"] == d]


def test_document_facts(ask, src):
    kinds = {
        "role": "post",
        "participation": "participation",
        "statistic": "figure",
        "quotation": "quotation",
        "speech": "reported speech",
    }
    for d, data in src.docs.items():
        text = data["text"]
        expected = {
            (
                doc(d),
                str(f["line"]),
                str(f["at"]),
                str(f["until"]),
                kinds.get(f["kind"], "statements"),
                f["quote"],
            )
            for f in data["facts"]
            if "quote" in f and not f.get("external")
        }
        expected |= {
            (doc(d), str(m["line"]), str(m["at"]), str(m["until"]), "mention", m["quote"])
            for m in data["mentions"]
        }
        got = rows(
            ask("document-facts", document=doc(d)), "document", "line", "start", "end", "kind", "exact"
        )
        metadata = {r for r in got if r[4] == "mention"} - expected  # the byline, publisher and editor quotes
        assert set(got) - metadata == expected, d
        assert len(metadata) == sum(1 for k in ("publisher", "authors", "editors") if data["meta"].get(k))
        for _, line, start, end, _, exact in got:  # every span is the exact text, at the stated line
            assert text[int(start) : int(end)] == exact
            assert text.count("\n", 0, int(start)) + 1 == int(line)


def test_fact_evidence(ask, src, project_root):
    got = rows(ask("fact-evidence"), "document", "line", "start", "end", "evidence")
    texts = {doc(d): data["text"] for d, data in src.docs.items()}
    for d, line, start, end, exact in got:
        assert texts[d][int(start) : int(end)] == exact
        assert texts[d].count("\n", 0, int(start)) + 1 == int(line)
    # The SCO summit in Tianjin (004): each sentence stating something about it, read off the mapping.
    tianjin = rows(
        ask("fact-evidence", entity="event:sco-summit-tianjin"), "kind", "via", "property", "other", "line"
    )
    assert tianjin == [
        ("reported speech", "schema:about", None, None, "1"),
        ("statement", "rdf:subject", "schema:location", "place:tianjin", "3"),
        (
            "statement",
            "rdf:subject",
            "schema:organizer",
            "organization:shanghai-cooperation-organization",
            "3",
        ),
        # "the largest-ever SCO summit": ranked within the SCO's framework (issue 15)
        (
            "statement",
            "rdf:subject",
            "cklod:withinFrameworkOf",
            "organization:shanghai-cooperation-organization",
            "3",
        ),
        ("statement", "rdf:object", "cklod:atEvent", "initiative:tianjin-declaration", "4"),
        ("statement", "rdf:subject", "cklod:outcome", "initiative:tianjin-declaration", "4"),
        ("reported speech", "schema:about", None, None, "5"),
        ("statement", "rdf:object", "schema:about", "event:cgtn-interview-gulnar-shaimergenova", "5"),
        ("quotation", "schema:about", None, None, "6"),
    ]


# -- graphs: DESCRIBE and CONSTRUCT ---------------------------------------------------------------------------


def test_describe_entity(ask, src):
    sco = "https://w3id.org/cklod/id/organization/shanghai-cooperation-organization"
    triples = set(ask("describe-entity", entity="organization:shanghai-cooperation-organization").triples)
    assert {t.subject.value for t in triples} == {sco}
    facts = {(short(t.predicate.value), t.object.value) for t in triples}
    assert ("schema:name", "Shanghai Cooperation Organization") in facts
    assert ("schema:alternateName", "SCO") in facts
    assert ("rdf:type", "https://w3id.org/cklod/ontology#InternationalOrganization") in facts
    everyone = {t.subject.value for t in ask("describe-entity").triples}
    assert everyone == {f"https://w3id.org/cklod/id/{src.kind(e)}/{e}" for e in src.registry}


def test_person_schema_view(ask, src):
    who = "gulnar-shaimergenova"
    triples = ask("person-schema-view", person=f"person:{who}").triples
    assert all(
        t.predicate.value.startswith("http://schema.org/") or short(t.predicate.value) == "rdf:type"
        for t in triples
    )
    assert all(
        t.object.value.startswith("http://schema.org/")
        for t in triples
        if short(t.predicate.value) == "rdf:type"
    )
    about = {
        (short(t.predicate.value), value(t.object)) for t in triples if t.subject.value.endswith(f"/{who}")
    }
    roles = [f for f in src.facts("role") if f["holder"] == who]
    events = {f["event"] for f in src.facts("participation") if f["participant"] == who}
    assert {o for p, o in about if p == "schema:memberOf"} == {f"role:{f['doc']}-{f['id']}" for f in roles}
    assert {o for p, o in about if p == "schema:performerIn"} == {src.iri(e) for e in events}
    assert {o for p, o in about if p == "schema:alternateName"} == set(src.registry[who]["alt"])
    titles = {t.object.value for t in triples if short(t.predicate.value) == "schema:roleName"}
    assert titles == {f["title"] for f in roles}
    said = {t.object.value for t in triples if short(t.predicate.value) == "schema:text"}
    assert said == {f["quote"] for f in src.facts("quotation") if f["speaker"] == who}
