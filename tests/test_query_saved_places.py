"""Saved queries about figures, places, time and provenance: exact answers worked out from the sources."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from cklod.sparql.results import short
from test_query_sources import ROLE_ACTS, all_statistics, ask_fixture, closure, doc, rows, same, src_fixture  # noqa: F401  (the fixtures ask and src)

# -- figures -------------------------------------------------------------------------------------------------


def test_statistics(ask, src):
    expected = []
    for f in all_statistics(src):
        change = f.get("change") or {}
        date = str(f["date"]) if f.get("date") else None
        for about in f.get("about") or [None]:
            expected.append(
                (
                    src.iri(about) if about else None,
                    f["measure"],
                    f.get("comparator"),
                    Decimal(str(f["value"])) if f.get("value") is not None else None,
                    f.get("words"),
                    f["unit"],
                    None if f.get("as_of") else date,
                    date if f.get("as_of") else None,
                    str(f["since"]) if f.get("since") else None,
                    Decimal(str(change["value"])) if change else None,
                    change.get("unit"),
                    change.get("basis"),
                    doc(f["doc"]),
                    str(f["line"]),
                    f["quote"],
                )
            )
    got = [(*r[:3], Decimal(r[3]) if r[3] else None, *r[4:]) for r in rows(ask("statistics"))]
    got = [(*r[:9], Decimal(r[9]) if r[9] else None, *r[10:]) for r in got]
    same(got, expected)
    # "thousands of young Chinese": the words, no number, no comparator (the old shortcut was at least 1000)
    vague = [r for r in got if r[4] == "thousands of"]
    assert [(r[2], r[3]) for r in vague] == [(None, None)] * len(vague) and vague


TOPICS = {
    "trade": r"\btrade\b|capacity cooperation",
    "transport": r"\btrains?\b|railway|freight|transport",
    "education": r"student|universit|Confucius|language|learning|Chinese Bridge",
}


def test_figures_by_topic(ask, src):
    expected = [
        (
            topic,
            f["measure"],
            Decimal(str(f["value"])) if f.get("value") is not None else None,
            f["unit"],
            doc(f["doc"]),
            str(f["line"]),
        )
        for f in all_statistics(src)
        for topic, words in TOPICS.items()
        if re.search(words, f["measure"], re.I)
    ]
    got = [
        (*r[:2], Decimal(r[2]) if r[2] else None, *r[3:])
        for r in rows(ask("figures-by-topic"), "topic", "measure", "value", "unit", "document", "line")
    ]
    same(got, expected)
    # Read off the text of 003: US$41 billion trade, and 45 and 26 capacity cooperation projects.
    trade = rows(ask("figures-by-topic", topic="trade"), "value", "unit")
    assert sorted(trade) == [("26", "projects"), ("41", "billion US dollars"), ("45", "projects")]
    transport = rows(ask("figures-by-topic", topic="transport"), "value", "change")
    assert sorted(transport) == [("2", None), ("6635", "6.8"), ("7762", "9.8")]


# -- places and time -----------------------------------------------------------------------------------------


def _event_dates(src) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    starts: dict[str, set[str]] = defaultdict(set)
    ends: dict[str, set[str]] = defaultdict(set)
    for f in src.facts("event"):
        if f.get("date"):
            starts[f["event"]].add(str(f["date"]))
            ends[f["event"]].add(str(f["date"]))
        if f.get("start"):
            starts[f["event"]].add(str(f["start"]))
        if f.get("end"):
            ends[f["event"]].add(str(f["end"]))
    return starts, ends


def _containers(src) -> dict[str, set[str]]:
    return src.parents("located-in")


def test_events_by_place(ask, src):
    starts, ends = _event_dates(src)
    inside = _containers(src)
    expected = {
        (src.iri(place), src.iri(f["event"]), s, e, doc(f["doc"]))
        for f in src.facts("event")
        for where in f.get("location") or []
        for place in closure(inside, where)
        for s in starts.get(f["event"]) or [None]
        for e in ends.get(f["event"]) or [None]
    }
    same(rows(ask("events-by-place")), sorted(expected, key=repr))
    astana = {r[1] for r in rows(ask("events-by-place", place="place:astana"))}
    assert astana == {
        "event:inauguration-chinese-modernization-research-center-kazakhstan",
        "event:sco-heads-of-state-council-24th-meeting",
        "event:second-china-central-asia-summit",
        "event:cgtn-interview-gulnar-shaimergenova",
    }


def test_timeline(ask, src):
    expected = set()
    for f in src.facts("event"):
        start = f.get("date") or f.get("start")
        if start:
            end = f.get("date") or f.get("end")
            expected.add(
                (
                    None,
                    str(start),
                    str(end) if end else None,
                    src.iri(f["event"]),
                    doc(f["doc"]),
                    f.get("inferred"),
                    "true" if f.get("external") else "false",
                )
            )
    got = rows(ask("timeline"))
    same(got, sorted(expected, key=repr))
    assert [r[1] for r in got] == sorted(r[1] for r in got)
    july = rows(ask("timeline", period="2024-07"), "period", "start")
    assert july and all(p == "2024-07" and s.startswith("2024-07") for p, s in july)
    assert len(july) == len([r for r in expected if r[1].startswith("2024-07")])


def test_what_happened_where(ask, src):
    inside = _containers(src)
    stated = []  # (thing, property, where, doc)
    for f in src.facts("event"):
        stated += [(f["event"], "located or held there", w, f["doc"]) for w in f.get("location") or []]
    for f in src.facts("initiative"):
        if f.get("location"):
            stated.append((f["initiative"], "initiative there", f["location"], f["doc"]))
    steps = {
        "located-in": None,
        "established-at": "established there",
        "route-starts-at": "route starts there",
        "route-passes-through": "route passes through",
        "route-ends-at": "route ends there",
    }
    for f in src.facts("relation"):
        if f["predicate"] in steps and isinstance(f["object"], str):
            what = steps[f["predicate"]] or (
                "located there" if src.kind(f["subject"]) in ("place", "country") else "located or held there"
            )
            stated.append((f["subject"], what, f["object"], f["doc"]))
    expected = {
        (src.iri(place), what, src.iri(thing), src.iri(where), doc(d))
        for thing, what, where, d in stated
        for place in closure(inside, where)
        if src.kind(place) in ("place", "country")
    }
    same(rows(ask("what-happened-where")), sorted(expected, key=repr))


def test_transport_routes(ask, src):
    steps = {
        "route-starts-at": "starts at",
        "route-passes-through": "passes through",
        "route-ends-at": "ends at",
        "part-of": "part of",
    }
    expected = [
        (
            src.iri(f["subject"]),
            steps[f["predicate"]],
            src.iri(f["object"]),
            doc(f["doc"]),
            str(f["line"]),
            str(f["at"]),
            f["quote"],
        )
        for f in src.facts("relation")
        if f["predicate"] in steps and src.kind(f["subject"]) == "place"
    ]
    same(rows(ask("transport-routes")), expected)
    route = rows(
        ask("transport-routes", route="place:china-europe-express-trans-caspian-route"), "step", "place"
    )
    assert route[-1] == ("ends at", "place:port-of-baku")
    assert ("starts at", "place:china-kazakhstan-logistics-cooperation-base") in route


def test_country_relations(ask, src):
    names = {
        "diplomatic-relations-with": "diplomatic relations",
        "partnership-with": "partners",
        "borders": "borders",
        "member-of": "member of",
    }
    expected = set()
    for f in src.facts("relation"):
        if f["predicate"] in names and "quote" in f:
            row = (
                names[f["predicate"]],
                str(f["date"]) if f.get("date") else None,
                doc(f["doc"]),
                str(f["line"]),
                f["quote"],
            )
            for a, b in ((f["subject"], f["object"]), (f["object"], f["subject"])):
                if src.kind(a) == "country":
                    expected.add((src.iri(a), row[0], src.iri(b), *row[1:]))
    same(rows(ask("country-relations")), sorted(expected, key=repr))


def test_foundings(ask, src):
    names = {
        "founded": "founded on",
        "established-by": "established by",
        "established-at": "established at",
        "built-by": "built by",
    }
    expected = []
    for f in src.facts("relation"):
        if f["predicate"] in names:
            obj = f["object"]
            value = src.iri(obj) if isinstance(obj, str) else str(obj.get("date") or obj.get("text"))
            expected.append(
                (
                    src.iri(f["subject"]),
                    names[f["predicate"]],
                    value,
                    "true" if f.get("external") else "false",
                    doc(f["doc"]),
                    str(f["line"]) if "line" in f else None,
                    f.get("quote"),
                )
            )
    same(rows(ask("foundings")), expected)


def test_event_outcomes(ask, src):
    starts, _ = _event_dates(src)
    expected = [
        (
            src.iri(f["event"]),
            min(starts[f["event"]]) if starts.get(f["event"]) else None,
            src.iri(o),
            doc(f["doc"]),
            str(f["line"]),
            f["quote"],
        )
        for f in src.facts("event")
        if "quote" in f
        for o in f.get("outcomes") or []
    ]
    same(rows(ask("event-outcomes")), expected)


def test_inferred_dates(ask, src):
    props = {
        "signed_by": "cklod:dateSigned",
        "adopted_by": "cklod:dateAdopted",
        "proposed_by": "cklod:dateProposed",
        "launched_by": "cklod:dateLaunched",
    }
    expected = set()
    for f in src.facts():
        if not f.get("inferred"):
            continue
        d, ref = f["doc"], src.published(f["doc"])

        def add(dated: str, prop: str, date: str, d=d, ref=ref, f=f) -> None:
            expected.add((doc(d), dated, prop, str(date), f["inferred"], ref))

        node = f"{ {'role': 'role', 'statistic': 'statistic'}.get(f['kind'], '') }:{d}-{f['id']}".strip()
        if f["kind"] == "role":
            add(node, "cklod:attestedOn", f.get("date") or ref)
        elif f["kind"] == "statistic" and f.get("date"):
            add(node, "cklod:asOf" if f.get("as_of") else "cklod:period", f["date"])
        elif f["kind"] == "event":
            for key, props_ in (
                ("date", ("schema:startDate", "schema:endDate")),
                ("start", ("schema:startDate",)),
                ("end", ("schema:endDate",)),
            ):
                for p in props_ if f.get(key) else ():
                    add(src.iri(f["event"]), p, f[key])
        elif f["kind"] == "initiative" and f.get("date"):
            act = next((field for field, _ in ROLE_ACTS if f.get(field)), None)
            add(src.iri(f["initiative"]), props.get(act, "cklod:dateReported"), f["date"])
        elif f["kind"] == "relation":
            if isinstance(f["object"], dict) and f["object"].get("date"):
                add(src.iri(f["subject"]), "schema:foundingDate", f["object"]["date"])
            if f.get("date"):
                add(f"statement:{d}-{f['id']}-1", "schema:startDate", f["date"])
    undated_post = "the document's publication date, which it does not print"
    for f in src.facts():
        # A post with no date of its own is attested by the publication date; where that is inferred too,
        # the post says so (and is listed) even when the fact gives no relative expression.
        undated = f["kind"] == "role" and not f.get("date") and not f.get("inferred")
        if undated and src.docs[f["doc"]]["meta"].get("date_inferred"):
            ref = src.published(f["doc"])
            expected.add(
                (doc(f["doc"]), f"role:{f['doc']}-{f['id']}", "cklod:attestedOn", ref, undated_post, ref)
            )
    for d, data in src.docs.items():
        if data["meta"].get("date_inferred"):
            expected.add(
                (
                    doc(d),
                    doc(d),
                    "schema:datePublished",
                    src.published(d),
                    " ".join(data["meta"]["date_inferred"].split()),
                    None,
                )
            )
    same(rows(ask("inferred-dates")), sorted(expected, key=repr))


def test_external_statements(ask, src):
    expected = set()
    for e, entry in src.registry.items():
        ext = entry.get("external") or {}
        source = ext.get("source") or "outside the documents"
        for same_as in ext.get("sameAs") or []:
            expected.add((src.iri(e), "schema:sameAs", short(same_as), source, "graph:registry"))
        if ext.get("fullName"):
            expected.add((src.iri(e), "schema:alternateName", ext["fullName"], source, "graph:registry"))
    for f in src.facts():
        if f.get("external"):
            rest = (" ".join(f["source"].split()), f"graph:{f['doc']}")
            if f["kind"] == "relation":
                obj = f["object"]
                prop = {"founded": "schema:foundingDate", "located-in": "schema:containedInPlace"}[
                    f["predicate"]
                ]
                expected.add(
                    (
                        src.iri(f["subject"]),
                        prop,
                        src.iri(obj) if isinstance(obj, str) else str(obj["date"]),
                        *rest,
                    )
                )
            elif f["kind"] == "event":
                for key, props in (
                    ("date", ("schema:startDate", "schema:endDate")),
                    ("start", ("schema:startDate",)),
                    ("end", ("schema:endDate",)),
                ):
                    for p in props if f.get(key) else ():
                        expected.add((src.iri(f["event"]), p, str(f[key]), *rest))
    for doc_id, data in src.docs.items():
        meta = data["meta"]
        if meta.get("date_external"):  # a publication date known from outside, and the role dates it gives
            rest = (str(meta["date_published"]), " ".join(meta["date_source"].split()), f"graph:{doc_id}")
            expected.add((doc(doc_id), "schema:datePublished", *rest))
            for f in data["facts"]:
                if f["kind"] in ("role", "act") and not f.get("date"):
                    role = f["id"] if f["kind"] == "role" else f"{f['id']}-role"
                    expected.add((f"role:{doc_id}-{role}", "cklod:attestedOn", *rest))
    got = rows(ask("external-statements"))
    got = [(*r[:3], " ".join(r[3].split()), r[4]) for r in got]
    same(got, sorted(expected, key=repr))
